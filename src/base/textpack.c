/* Packed letter texts (textpack.h). */
#include "base/textpack.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/pack.h"

/* Raw deflate (no zlib header nor checksum: the length before it, and the
 * archive's own checks, stand for them) in a 32 KB window. */
#define WINDOW_BITS (-15)
/* Hash chains of 8,192 heads rather than zlib's 32,768: a letter and the dictionary
 * are some 10 KB, the same matches are found (the same bytes out), and the heads
 * cleared for each letter are a quarter. */
#define MEM_LEVEL 6

int text_pack(const char *s, size_t n, struct buf *out)
{
    buf_clear(out);
    if (n < 16 || n > UINT_MAX / 2)
        return 1;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, 6, Z_DEFLATED, WINDOW_BITS, MEM_LEVEL, Z_DEFAULT_STRATEGY) != Z_OK)
        return -1;
    int rc = -1;
    if (deflateSetDictionary(&z, text_dict, text_dict_len) != Z_OK)
        goto done;
    buf_addch(out, TEXT_PACK_DEFLATE);
    pack_put_varint(out, n);
    /* Worth it only when smaller: room for n bytes, and a stop there. */
    if (buf_grow(out, n))
        goto done;
    z.next_in = (Bytef *)(uintptr_t)s;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out->data + out->len;
    z.avail_out = (uInt)(n - out->len);
    int r = deflate(&z, Z_FINISH);
    if (r == Z_STREAM_END) {
        out->len = (size_t)((char *)z.next_out - out->data);
        out->data[out->len] = '\0';
        rc = 0;
    } else if (r == Z_OK || r == Z_BUF_ERROR) {
        buf_clear(out);
        rc = 1;
    }
done:
    deflateEnd(&z);
    if (rc < 0)
        buf_clear(out);
    return rc;
}

struct text_reader {
    z_stream z;
};

struct text_reader *text_reader_new(void)
{
    struct text_reader *r = calloc(1, sizeof *r);
    if (r && inflateInit2(&r->z, WINDOW_BITS) != Z_OK) {
        free(r);
        r = NULL;
    }
    return r;
}

void text_reader_free(struct text_reader *r)
{
    if (!r)
        return;
    inflateEnd(&r->z);
    free(r);
}

/* Room past the text's end: zlib's inflate decodes by its fast loop only while
 * 258 bytes or more of output are left, and symbol by symbol after (the last
 * 258 bytes of a text given exactly its room). A text longer than its length
 * says stops there all the same: more than len bytes out is refused. */
#define OUT_SLACK 258

/* Inflates p[0..n) (past the format byte and the length) into out, len bytes,
 * with z just initialized or reset. */
static int inflate_into(z_stream *z, const unsigned char *p, size_t n, size_t len, struct buf *out)
{
    if (inflateSetDictionary(z, text_dict, text_dict_len) != Z_OK)
        return -2;
    z->next_in = (Bytef *)(uintptr_t)p;
    z->avail_in = (uInt)n;
    z->next_out = (Bytef *)out->data;
    z->avail_out = (uInt)(len + OUT_SLACK);
    int r = inflate(z, Z_FINISH);
    if (r == Z_STREAM_END && z->total_out == len && z->avail_in == 0) {
        out->len = len;
        out->data[len] = '\0';
        return 0;
    }
    return r == Z_MEM_ERROR ? -1 : -2;
}

int text_reader_unpack(struct text_reader *rd, const void *p, size_t n, struct buf *out)
{
    const unsigned char *b = p;
    size_t i = 1, len = 0;
    buf_clear(out);
    if (n < 2 || b[0] != TEXT_PACK_DEFLATE || pack_get_varint(b, n, &i, &len) ||
        len > UINT_MAX / 2 || n - i > UINT_MAX)
        return -2;
    if (buf_grow(out, len + OUT_SLACK))
        return -1;
    int rc;
    if (rd) {
        rc = inflateReset(&rd->z) == Z_OK ? inflate_into(&rd->z, b + i, n - i, len, out) : -1;
    } else {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, WINDOW_BITS) != Z_OK)
            return -1;
        rc = inflate_into(&z, b + i, n - i, len, out);
        inflateEnd(&z);
    }
    if (rc)
        buf_clear(out);
    return rc;
}

int text_unpack(const void *p, size_t n, struct buf *out)
{
    return text_reader_unpack(NULL, p, n, out);
}
