/* idlist: the lists of letter ids of similar_band_ids (see idlist.h). */
#include "store/idlist.h"

#include <stdlib.h>
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

/* Appends to out list a, then list b (b's first id after a's last). Returns
 * 0, -1 when out of memory, 1 when a or b is no list. */
static int join_lists(struct buf *out, const unsigned char *a, int na, const unsigned char *b,
                      int nb)
{
    const unsigned char *p = a, *end = a + na;
    long long last = 0;
    int rc;
    while ((rc = idlist_next(&p, end, &last)) > 0)
        ;
    if (rc < 0)
        return 1;
    if (buf_grow(out, (size_t)na + (size_t)nb + IDLIST_ID_MAX))
        return -1;
    if (na)
        memcpy(out->data + out->len, a, (size_t)na);
    out->len += (size_t)na;
    p = b;
    end = b + nb;
    long long id = 0;
    while ((rc = idlist_next(&p, end, &id)) > 0) {
        if (buf_grow(out, IDLIST_ID_MAX))
            return -1;
        out->len += idlist_put((unsigned char *)out->data + out->len, &last, id);
    }
    return rc < 0;
}

static void result_buf(sqlite3_context *ctx, struct buf *out, int rc)
{
    if (rc < 0 || buf_failed(out))
        sqlite3_result_error_nomem(ctx);
    else if (rc > 0)
        bad_list(ctx);
    else
        sqlite3_result_blob(ctx, out->len ? out->data : "", (int)out->len, SQLITE_TRANSIENT);
    buf_release(out);
}

/* dafu_band_join(a, b): the ids of a, then those of b, each after the one
 * before it (b's first after a's last). */
static void sql_join(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
    (void)nval;
    struct buf out = BUF_INIT;
    const unsigned char *a = sqlite3_value_blob(val[0]), *b = sqlite3_value_blob(val[1]);
    int rc = join_lists(&out, a, sqlite3_value_bytes(val[0]), b, sqlite3_value_bytes(val[1]));
    result_buf(ctx, &out, rc);
}

size_t idlist_entry_head(unsigned char *out, long long key, size_t n)
{
    unsigned long long low = (unsigned long long)key;
    for (int i = 0; i < IDLIST_SHIFT / 8; i++)
        out[i] = (unsigned char)(low >> (8 * i));
    return IDLIST_SHIFT / 8 + varint_put(out + IDLIST_SHIFT / 8, n);
}

int idlist_entry_next(const unsigned char **p, const unsigned char *end, long long bucket,
                      long long *key, const unsigned char **ids, int *n)
{
    if (*p >= end)
        return 0;
    if (end - *p < IDLIST_SHIFT / 8 + 1)
        return -1;
    unsigned long long k = (unsigned long long)bucket << IDLIST_SHIFT;
    for (int i = 0; i < IDLIST_SHIFT / 8; i++)
        k |= (unsigned long long)(*p)[i] << (8 * i);
    *p += IDLIST_SHIFT / 8;
    unsigned long long len;
    if (varint_get(p, end, &len) || !len || len > (unsigned long long)(end - *p))
        return -1;
    *key = (long long)k;
    *ids = *p;
    *n = (int)len;
    *p += len;
    return 1;
}

int idlist_entry_find(const unsigned char *t, int n, long long key, const unsigned char **ids,
                      int *nids)
{
    const unsigned char *p = t, *end = t + n;
    long long k;
    int rc;
    while ((rc = idlist_entry_next(&p, end, idlist_bucket(key), &k, ids, nids)) > 0)
        if (k == key)
            return 1;
    return rc < 0 || !n ? -1 : 0;
}

static int put_entry(struct buf *out, long long key, const unsigned char *ids, int n)
{
    if (buf_grow(out, IDLIST_ENTRY_HEAD + (size_t)n))
        return -1;
    out->len += idlist_entry_head((unsigned char *)out->data + out->len, key, (size_t)n);
    memcpy(out->data + out->len, ids, (size_t)n);
    out->len += (size_t)n;
    return 0;
}

/* dafu_band_merge(a, b): the values of rows a and b in order; a value in
 * both has a's list, then b's (dafu_band_join). A NULL a is no row. */
static void sql_merge(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
    (void)nval;
    const unsigned char *a = sqlite3_value_blob(val[0]), *b = sqlite3_value_blob(val[1]);
    const unsigned char *pa = a, *ea = a + sqlite3_value_bytes(val[0]);
    const unsigned char *pb = b, *eb = b + sqlite3_value_bytes(val[1]);
    /* every value of a row has the same top bits: they are read as 0 */
    long long ka = 0, kb = 0;
    const unsigned char *ia = NULL, *ib = NULL;
    int na = 0, nb = 0;
    int ra = idlist_entry_next(&pa, ea, 0, &ka, &ia, &na);
    int rb = idlist_entry_next(&pb, eb, 0, &kb, &ib, &nb);
    struct buf out = BUF_INIT;
    int rc = 0;
    while (!rc && ra > 0 && rb > 0) {
        if (ka < kb) {
            rc = put_entry(&out, ka, ia, na);
            ra = idlist_entry_next(&pa, ea, 0, &ka, &ia, &na);
        } else if (kb < ka) {
            rc = put_entry(&out, kb, ib, nb);
            rb = idlist_entry_next(&pb, eb, 0, &kb, &ib, &nb);
        } else {
            struct buf j = BUF_INIT;
            rc = join_lists(&j, ia, na, ib, nb);
            if (!rc)
                rc = put_entry(&out, ka, (const unsigned char *)j.data, (int)j.len);
            buf_release(&j);
            ra = idlist_entry_next(&pa, ea, 0, &ka, &ia, &na);
            rb = idlist_entry_next(&pb, eb, 0, &kb, &ib, &nb);
        }
    }
    for (; !rc && ra > 0; ra = idlist_entry_next(&pa, ea, 0, &ka, &ia, &na))
        rc = put_entry(&out, ka, ia, na);
    for (; !rc && rb > 0; rb = idlist_entry_next(&pb, eb, 0, &kb, &ib, &nb))
        rc = put_entry(&out, kb, ib, nb);
    if (!rc && (ra < 0 || rb < 0))
        rc = 1;
    result_buf(ctx, &out, rc);
}

/* The values dafu_band_row gathers. */
struct row_agg {
    struct buf data; /* their lists, one after the other */
    struct row_val {
        long long key;
        size_t at, n;
    } * v;
    size_t nv, cap;
    int failed; /* 1 out of memory, 2 not a list */
};

static int cmp_val(const void *a, const void *b)
{
    unsigned long long x = (unsigned long long)((const struct row_val *)a)->key;
    unsigned long long y = (unsigned long long)((const struct row_val *)b)->key;
    return x < y ? -1 : x > y;
}

/* dafu_band_row(key, list), an aggregate: the row of values key with lists
 * list (of one bucket: schema 051's migration groups them so). */
static void row_step(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
    (void)nval;
    struct row_agg *g = sqlite3_aggregate_context(ctx, sizeof *g);
    if (!g)
        return;
    if (g->failed)
        return;
    int n = sqlite3_value_bytes(val[1]);
    const unsigned char *ids = sqlite3_value_blob(val[1]);
    if (n <= 0) {
        g->failed = 2;
        return;
    }
    if (g->nv == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 8;
        struct row_val *v = realloc(g->v, cap * sizeof *v);
        if (!v) {
            g->failed = 1;
            return;
        }
        g->v = v;
        g->cap = cap;
    }
    if (buf_grow(&g->data, (size_t)n)) {
        g->failed = 1;
        return;
    }
    g->v[g->nv++] = (struct row_val){sqlite3_value_int64(val[0]), g->data.len, (size_t)n};
    memcpy(g->data.data + g->data.len, ids, (size_t)n);
    g->data.len += (size_t)n;
}

static void row_final(sqlite3_context *ctx)
{
    struct row_agg *g = sqlite3_aggregate_context(ctx, 0);
    struct buf out = BUF_INIT;
    int rc = 0;
    if (g) {
        rc = g->failed == 1 ? -1 : g->failed;
        if (g->nv > 1)
            qsort(g->v, g->nv, sizeof *g->v, cmp_val);
        for (size_t i = 0; i < g->nv && !rc; i++)
            rc = put_entry(&out, g->v[i].key, (const unsigned char *)g->data.data + g->v[i].at,
                           (int)g->v[i].n);
        buf_release(&g->data);
        free(g->v);
    }
    if (!g || !g->nv) {
        buf_release(&out);
        if (rc)
            result_buf(ctx, &out, rc);
        else
            sqlite3_result_null(ctx);
        return;
    }
    result_buf(ctx, &out, rc);
}

/* dafu_band_rows(bucket, row): '[[key,id],...]'; dafu_band_row_count(row) */
static void sql_rows(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
    int count = nval == 1;
    sqlite3_value *r = val[count ? 0 : 1];
    if (sqlite3_value_type(r) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    long long bucket = count ? 0 : sqlite3_value_int64(val[0]);
    const unsigned char *p = sqlite3_value_blob(r), *end = p + sqlite3_value_bytes(r);
    const unsigned char *ids;
    int nids, rc;
    long long key, n = 0;
    struct buf out = BUF_INIT;
    buf_addch(&out, '[');
    while ((rc = idlist_entry_next(&p, end, bucket, &key, &ids, &nids)) > 0) {
        const unsigned char *q = ids, *qe = ids + nids;
        long long id = 0;
        int e;
        while ((e = idlist_next(&q, qe, &id)) > 0) {
            if (!count)
                buf_printf(&out, "%s[%lld,%lld]", n ? "," : "", key, id);
            n++;
        }
        if (e < 0) {
            rc = -1;
            break;
        }
    }
    buf_addch(&out, ']');
    if (rc < 0) {
        buf_release(&out);
        bad_list(ctx);
    } else if (count) {
        buf_release(&out);
        sqlite3_result_int64(ctx, n);
    } else if (buf_failed(&out)) {
        buf_release(&out);
        sqlite3_result_error_nomem(ctx);
    } else {
        sqlite3_result_text(ctx, out.data, (int)out.len, SQLITE_TRANSIENT);
        buf_release(&out);
    }
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
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(sql, "dafu_band_merge", 2, flags, NULL, sql_merge, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(sql, "dafu_band_row", 2, flags, NULL, NULL, row_step,
                                     row_final);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(sql, "dafu_band_rows", 2, flags, NULL, sql_rows, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(sql, "dafu_band_row_count", 1, flags, NULL, sql_rows, NULL,
                                     NULL);
    return rc;
}
