/* translit: Han names -> pinyin, from a build-time table or ICU (see translit.h). */
#include "text/translit.h"

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "text/text.h"

/* Generated at build time by gen_pinyin (pinyin_table.c). */
#define PINYIN_FIRST 0x3400
#define PINYIN_LAST 0x9FFF
struct pinyin_pair {
    uint32_t a, b;          /* a followed by b */
    uint16_t first, inside; /* a's reading at the start of a name, and inside one */
};
struct pinyin_first {
    uint32_t cp;
    uint16_t first; /* the reading at the start of a name, where it differs */
};
extern const struct pinyin_pair dafu_pinyin_pairs[];
extern const size_t dafu_pinyin_n_pairs;
extern const struct pinyin_first dafu_pinyin_first[];
extern const size_t dafu_pinyin_n_first;
extern const uint16_t dafu_pinyin_inside[];                 /* per code point; 0: no reading */
extern const char dafu_pinyin_syl[][TRANSLIT_READING_SIZE]; /* [0]: "" */

struct translit {
    UTransliterator *tr; /* opened for the first name the table cannot read */
};

int translit_open(struct translit **out, struct diag *d)
{
    *out = calloc(1, sizeof **out);
    return *out ? 0 : diag_error(d, "out of memory");
}

void translit_close(struct translit *t)
{
    if (!t)
        return;
    if (t->tr)
        utrans_close(t->tr);
    free(t);
}

/* The reading of cp (with a table reading) at position `first` or not, before
 * `next` (0 at the end of the name). */
static uint16_t reading(uint32_t cp, uint32_t next, int first)
{
    for (size_t i = 0; i < dafu_pinyin_n_pairs; i++)
        if (dafu_pinyin_pairs[i].a == cp && dafu_pinyin_pairs[i].b == next)
            return first ? dafu_pinyin_pairs[i].first : dafu_pinyin_pairs[i].inside;
    if (first) {
        size_t i = ARRAY_FIND_U32(dafu_pinyin_first, dafu_pinyin_n_first, cp, cp);
        if (i < dafu_pinyin_n_first)
            return dafu_pinyin_first[i].first;
    }
    return dafu_pinyin_inside[cp - PINYIN_FIRST];
}

static int has_reading(uint32_t cp)
{
    return cp >= PINYIN_FIRST && cp <= PINYIN_LAST && dafu_pinyin_inside[cp - PINYIN_FIRST];
}

int translit_pinyin_table(const char *name, struct buf *out)
{
    size_t len = strlen(name);
    if (!len)
        return 0; /* as ICU has it */
    size_t i = 0;
    while (i < len)
        if (!has_reading(utf8_next(name, len, &i)))
            return 0;
    size_t start = out->len;
    i = 0;
    uint32_t cp = utf8_next(name, len, &i);
    int first = 1;
    while (cp) {
        uint32_t next = i < len ? utf8_next(name, len, &i) : 0;
        if ((!first && buf_addch(out, ' ')) ||
            buf_adds(out, dafu_pinyin_syl[reading(cp, next, first)])) {
            out->len = start;
            return -1;
        }
        first = 0;
        cp = next;
    }
    return 1;
}

int translit_pinyin(struct translit *t, const char *name, struct buf *out, struct diag *d)
{
    int done = translit_pinyin_table(name, out);
    if (done)
        return done < 0 ? diag_error(d, "out of memory") : 0;
    if (!t->tr) {
        UErrorCode e = U_ZERO_ERROR;
        UChar id[64];
        u_uastrcpy(id, TRANSLIT_ICU_ID);
        t->tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
        if (U_FAILURE(e)) {
            t->tr = NULL;
            return diag_error(d, "cannot open the pinyin transliterator: utrans_openU: %s",
                              u_errorName(e));
        }
    }
    UErrorCode err = U_ZERO_ERROR;
    int32_t cap = (int32_t)strlen(name) * 8 + 16;
    UChar *u = malloc((size_t)cap * sizeof *u);
    char *o = NULL;
    int rc = -1;
    if (!u) {
        diag_error(d, "out of memory");
        goto cleanup;
    }
    int32_t len = 0;
    u_strFromUTF8(u, cap, &len, name, -1, &err);
    if (U_FAILURE(err)) {
        diag_error(d, "cannot convert '%s': u_strFromUTF8: %s", name, u_errorName(err));
        goto cleanup;
    }
    int32_t limit = len;
    utrans_transUChars(t->tr, u, &len, cap, 0, &limit, &err);
    if (U_FAILURE(err)) {
        diag_error(d, "cannot transliterate '%s': utrans_transUChars: %s", name, u_errorName(err));
        goto cleanup;
    }
    int32_t olen = 0;
    err = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &olen, u, len, &err);
    err = U_ZERO_ERROR;
    o = malloc((size_t)olen + 1);
    if (!o) {
        diag_error(d, "out of memory");
        goto cleanup;
    }
    u_strToUTF8(o, olen + 1, NULL, u, len, &err);
    if (U_FAILURE(err)) {
        diag_error(d, "cannot convert pinyin of '%s': %s", name, u_errorName(err));
        goto cleanup;
    }
    rc = buf_add(out, o, (size_t)olen);
    if (rc)
        diag_error(d, "out of memory");
cleanup:
    free(u);
    free(o);
    return rc;
}
