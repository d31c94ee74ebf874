/* idlist: the lists of letter ids of similar_band_ids (see idlist.h). */
#include "store/idlist.h"

#include <string.h>

#include "base/buf.h"
#include "base/varint.h"

size_t idlist_put(unsigned char *out, long long *prev, long long id)
{
    size_t n = 0;
    if (id > *prev)
        n = varint_put(out, (unsigned long long)id - (unsigned long long)*prev);
    else {
        out[n++] = 0;
        n += varint_put(out + n, (unsigned long long)id);
    }
    *prev = id;
    return n;
}

int idlist_next(const unsigned char **p, const unsigned char *end, long long *prev)
{
    if (*p >= end)
        return 0;
    unsigned long long v;
    if (**p == 0) {
        (*p)++;
        if (varint_get(p, end, &v))
            return -1;
        *prev = (long long)v;
        return 1;
    }
    if (varint_get(p, end, &v) || !v)
        return -1;
    *prev = (long long)((unsigned long long)*prev + v);
    return 1;
}

static void bad_list(sqlite3_context *ctx)
{
    sqlite3_result_error(ctx, "not a list of letter ids", -1);
}

/* dafu_band_pack('3,17,42') */
static void sql_pack(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
    (void)nval;
    const char *s = (const char *)sqlite3_value_text(val[0]);
    int n = sqlite3_value_bytes(val[0]);
    struct buf out = BUF_INIT;
    long long prev = 0, id = 0;
    int digits = 0;
    for (int i = 0; s && i <= n; i++) {
        if (i < n && s[i] >= '0' && s[i] <= '9' && digits < 18) {
            id = id * 10 + (s[i] - '0');
            digits++;
            continue;
        }
        if (!digits || (i < n && s[i] != ',')) {
            buf_release(&out);
            bad_list(ctx);
            return;
        }
        if (buf_grow(&out, IDLIST_ID_MAX)) {
            buf_release(&out);
            sqlite3_result_error_nomem(ctx);
            return;
        }
        out.len += idlist_put((unsigned char *)out.data + out.len, &prev, id);
        id = 0;
        digits = 0;
    }
    if (!s)
        sqlite3_result_null(ctx);
    else
        sqlite3_result_blob(ctx, out.len ? out.data : "", (int)out.len, SQLITE_TRANSIENT);
    buf_release(&out);
}

/* dafu_band_ids(blob): '3,17,42'; dafu_band_count(blob): 3 */
static void sql_ids(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
    (void)nval;
    int count = sqlite3_user_data(ctx) != NULL;
    if (sqlite3_value_type(val[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const unsigned char *p = sqlite3_value_blob(val[0]);
    const unsigned char *end = p + sqlite3_value_bytes(val[0]);
    struct buf out = BUF_INIT;
    long long prev = 0, n = 0;
    int rc;
    while ((rc = idlist_next(&p, end, &prev)) > 0) {
        if (!count)
            buf_printf(&out, "%s%lld", n ? "," : "", prev);
        n++;
    }
    if (rc < 0)
        bad_list(ctx);
    else if (buf_failed(&out))
        sqlite3_result_error_nomem(ctx);
    else if (count)
        sqlite3_result_int64(ctx, n);
    else
        sqlite3_result_text(ctx, out.len ? out.data : "", (int)out.len, SQLITE_TRANSIENT);
    buf_release(&out);
}

/* dafu_band_join(a, b): the ids of a, then those of b, each after the one
 * before it (b's first after a's last). */
static void sql_join(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
    (void)nval;
    const unsigned char *a = sqlite3_value_blob(val[0]);
    int na = sqlite3_value_bytes(val[0]);
    const unsigned char *p = a, *end = a + na;
    long long last = 0;
    int rc;
    while ((rc = idlist_next(&p, end, &last)) > 0)
        ;
    if (rc < 0) {
        bad_list(ctx);
        return;
    }
    const unsigned char *q = sqlite3_value_blob(val[1]);
    int nb = sqlite3_value_bytes(val[1]);
    struct buf out = BUF_INIT;
    if (buf_grow(&out, (size_t)na + (size_t)nb + IDLIST_ID_MAX)) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (na)
        memcpy(out.data, a, (size_t)na);
    out.len = (size_t)na;
    p = q;
    end = q + nb;
    long long id = 0;
    while ((rc = idlist_next(&p, end, &id)) > 0) {
        if (buf_grow(&out, IDLIST_ID_MAX)) {
            buf_release(&out);
            sqlite3_result_error_nomem(ctx);
            return;
        }
        out.len += idlist_put((unsigned char *)out.data + out.len, &last, id);
    }
    if (rc < 0)
        bad_list(ctx);
    else
        sqlite3_result_blob(ctx, out.len ? out.data : "", (int)out.len, SQLITE_TRANSIENT);
    buf_release(&out);
}

int idlist_register(sqlite3 *sql)
{
    static int count = 1;
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    int rc = sqlite3_create_function(sql, "dafu_band_pack", 1, flags, NULL, sql_pack, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(sql, "dafu_band_ids", 1, flags, NULL, sql_ids, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(sql, "dafu_band_count", 1, flags, &count, sql_ids, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(sql, "dafu_band_join", 2, flags, NULL, sql_join, NULL, NULL);
    return rc;
}
