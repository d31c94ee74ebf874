/* Packed letter texts (textpack.h). */
#include "base/textpack.h"

#include <limits.h>
#include <stdint.h>
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

int text_unpack(const void *p, size_t n, struct buf *out)
{
    const unsigned char *b = p;
    size_t i = 1, len = 0;
    buf_clear(out);
    if (n < 2 || b[0] != TEXT_PACK_DEFLATE || pack_get_varint(b, n, &i, &len) ||
        len > UINT_MAX / 2 || n - i > UINT_MAX)
        return -2;
    if (buf_grow(out, len))
        return -1;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, WINDOW_BITS) != Z_OK)
        return -1;
    int rc = -2;
    if (inflateSetDictionary(&z, text_dict, text_dict_len) != Z_OK)
        goto done;
    z.next_in = (Bytef *)(uintptr_t)(b + i);
    z.avail_in = (uInt)(n - i);
    z.next_out = (Bytef *)out->data;
    z.avail_out = (uInt)len;
    int r = inflate(&z, Z_FINISH);
    if (r == Z_STREAM_END && z.avail_out == 0 && z.avail_in == 0) {
        out->len = len;
        out->data[len] = '\0';
        rc = 0;
    } else if (r == Z_MEM_ERROR) {
        rc = -1;
    }
done:
    inflateEnd(&z);
    if (rc)
        buf_clear(out);
    return rc;
}
