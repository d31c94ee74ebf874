/* translit: Han names -> pinyin through ICU (see translit.h). */
#include "translit.h"

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include <stdlib.h>
#include <string.h>

struct translit {
    UTransliterator *tr;
};

int translit_open(struct translit **out, struct diag *d)
{
    *out = NULL;
    UErrorCode err = U_ZERO_ERROR;
    UChar id[64];
    u_uastrcpy(id, "Han-Latin/Names; Latin-ASCII; Lower");
    UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err))
        return diag_error(d, "cannot open the pinyin transliterator: utrans_openU: %s",
                          u_errorName(err));
    struct translit *t = malloc(sizeof *t);
    if (!t) {
        utrans_close(tr);
        return diag_error(d, "out of memory");
    }
    t->tr = tr;
    *out = t;
    return 0;
}

void translit_close(struct translit *t)
{
    if (!t)
        return;
    utrans_close(t->tr);
    free(t);
}

int translit_pinyin(struct translit *t, const char *name, struct buf *out, struct diag *d)
{
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
        diag_error(d, "cannot transliterate '%s': utrans_transUChars: %s", name,
                   u_errorName(err));
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
