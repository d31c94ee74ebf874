/* coded: the groupings of the replies keywords find, added up from the letters'
 * codes (store/code.h, schema 046) rather than from their rows (see
 * query_int.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/varint.h"
#include "search/agg.h"
#include "search/query_int.h"
#include "search/top.h"
#include "store/code.h"
#include "store/doclist.h"
#include "store/topk.h"

/* A grouping added up by number: each number's replies and newest date. */
struct tally {
    long long *n;
    unsigned *latest;
    size_t cap;
    int failed;
};

static void tally_add(struct tally *t, size_t k, unsigned date)
{
    if (k >= t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap <= k)
            cap *= 2;
        long long *n = realloc(t->n, cap * sizeof *n);
        if (n)
            t->n = n;
        unsigned *l = n ? realloc(t->latest, cap * sizeof *l) : NULL;
        if (l)
            t->latest = l;
        if (!n || !l) {
            t->failed = 1;
            return;
        }
        memset(t->n + t->cap, 0, (cap - t->cap) * sizeof *n);
        memset(t->latest + t->cap, 0, (cap - t->cap) * sizeof *l);
        t->cap = cap;
    }
    t->n[k]++;
    if (date > t->latest[k])
        t->latest[k] = date;
}

static void tally_release(struct tally *t)
{
    free(t->n);
    free(t->latest);
}

/* A date of code_rec as the rows write it, into s[11] (NULL for none). */
static const char *date_text(unsigned v, char s[16])
{
    if (!v)
        return NULL;
    /* (snprintf took a fifth of the statistics of 17,000 hits) */
    unsigned y = v >> 9, m = (v >> 5) & 15, d = v & 31;
    s[0] = (char)('0' + y / 1000 % 10);
    s[1] = (char)('0' + y / 100 % 10);
    s[2] = (char)('0' + y / 10 % 10);
    s[3] = (char)('0' + y % 10);
    s[4] = '-';
    s[5] = (char)('0' + m / 10);
    s[6] = (char)('0' + m % 10);
    s[7] = '-';
    s[8] = (char)('0' + d / 10);
    s[9] = (char)('0' + d % 10);
    s[10] = 0;
    return s;
}

/* The code of value v of field dim, 0 when v is NULL, -1 when no letter has
 * it; -2 with d set on a failed read. */
static long long code_of(struct db *db, int dim, const char *v, struct diag *d)
{
    if (!v)
        return 0;
    sqlite3_stmt *st = NULL;
    if (db_prepare_kept(db, "SELECT code FROM facet_name WHERE dim = ?1 AND name = ?2", &st, d))
        return -2;
    sqlite3_bind_int(st, 1, dim);
    sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    long long c = s == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (s != SQLITE_ROW && s != SQLITE_DONE) {
        diag_error(d, "database '%s': grouping: %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
        c = -2;
    }
    db_release_kept(db, st);
    return c;
}

/* The codes of field dim (column `col` of the SQL filters) that the filter of
 * o alone (a department or a region) selects, as a map in *map (*n long).
 * Returns 0 or -1 with d set. */
static int codes_matched(struct db *db, const struct search_opts *one, int dim, const char *col,
                         unsigned char **map, size_t *n, struct diag *d)
{
    struct sqlb b = {BUF_INIT, NULL, 0, 0, 0};
    struct buf sql = BUF_INIT;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    *map = NULL;
    *n = 0;
    if (search_filters_sql(db, one, &b, d))
        goto done;
    /* The names the connection matched, a list (filter_sql.c's names_clause):
     * each looked up, rather than the list made an index and every name of
     * the field read against it */
    static const char listed[] = " IN (SELECT value FROM json_each(?))";
    size_t at = strlen(col) + 7; /* " AND r." before col */
    if (b.nargs == 1 && b.args[0].text && b.where.len == at + strlen(listed) &&
        !strcmp(b.where.data + at, listed))
        buf_printf(&sql,
                   "SELECT f.code FROM json_each(?1) j CROSS JOIN facet_name f "
                   "ON f.dim = %d AND f.name = j.value",
                   dim);
    else {
        buf_printf(&sql,
                   "SELECT r.c FROM (SELECT code AS c, name AS %s FROM facet_name WHERE dim = %d) "
                   "r WHERE 1",
                   col, dim);
        buf_add(&sql, b.where.data, b.where.len);
    }
    if (buf_failed(&sql) || b.failed) {
        diag_error(d, "out of memory");
        goto done;
    }
    if (db_prepare_kept(db, sql.data, &st, d))
        goto done;
    sqlb_bind(st, 1, &b);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        long long c = sqlite3_column_int64(st, 0);
        if (c < 0 || c > 0xFFFFFF)
            continue;
        if ((size_t)c >= *n) {
            size_t cap = *n ? *n : 1024;
            while (cap <= (size_t)c)
                cap *= 2;
            unsigned char *p = realloc(*map, cap);
            if (!p) {
                diag_error(d, "out of memory");
                goto done;
            }
            memset(p + *n, 0, cap - *n);
            *map = p;
            *n = cap;
        }
        (*map)[c] = 1;
    }
    if (s != SQLITE_DONE) {
        diag_error(d, "database '%s': grouping: %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
        goto done;
    }
    rc = 0;
done:
    db_release_kept(db, st);
    sqlb_release(&b);
    buf_release(&sql);
    return rc;
}

/* What the hits must have. */
struct code_filter {
    long long body, kind, category; /* a code, -1: any */
    unsigned year, term, session;   /* 0: any */
    unsigned from, to;              /* packed dates, 0: any */
    unsigned char *dkey, *region;   /* maps of codes, NULL: any */
    size_t ndkey, nregion;
};

static int passes(const struct code_filter *f, const struct code_rec *r)
{
    return (f->body < 0 || r->body == f->body) && (f->kind < 0 || r->kind == f->kind) &&
           (f->category < 0 || r->category == f->category) &&
           (!f->year || (r->date && r->date >> 9 == f->year)) && (!f->term || r->term == f->term) &&
           (!f->session || r->session == f->session) &&
           (!f->from || (r->date && r->date >= f->from)) &&
           (!f->to || (r->date && r->date <= f->to)) &&
           (!f->dkey || (r->dkey < f->ndkey && f->dkey[r->dkey])) &&
           (!f->region || (r->region < f->nregion && f->region[r->region]));
}

/* The filters of o on the codes; 1 when no letter can pass (a value no letter
 * has), -2 when the codes cannot say, -1 with d set. */
static int filter_read(struct db *db, const struct search_opts *o, struct code_filter *f,
                       struct diag *d)
{
    memset(f, 0, sizeof *f);
    if (o->year < 0 || o->year > 9999 || o->term < 0 || o->term > 255 || o->session < 0 ||
        o->session > 255)
        return -2;
    if ((o->from && !search_date_valid(o->from)) || (o->to && !search_date_valid(o->to)))
        return -2;
    f->year = (unsigned)o->year;
    f->term = (unsigned)o->term;
    f->session = (unsigned)o->session;
    f->from = o->from ? (unsigned)code_date(o->from) : 0;
    f->to = o->to ? (unsigned)code_date(o->to) : 0;
    const char *v[3] = {o->body, o->kind, o->category};
    long long *c[3] = {&f->body, &f->kind, &f->category};
    int none = 0;
    for (int i = 0; i < 3; i++) {
        *c[i] = v[i] ? code_of(db, CODE_BODY + i, v[i], d) : -1;
        if (*c[i] == -2)
            return -1;
        if (v[i] && *c[i] < 0)
            none = 1;
        if (*c[i] > 255)
            return -2;
    }
    /* a department or a region: the numbers of the names it matches */
    const char *const name[2] = {o->department, o->region};
    static const int dims[2] = {CODE_DEPARTMENT_KEY, CODE_REGION};
    static const char *const cols[2] = {"department_key", "region"};
    unsigned char **maps[2] = {&f->dkey, &f->region};
    size_t *lens[2] = {&f->ndkey, &f->nregion};
    for (int i = 0; i < 2; i++) {
        if (!name[i])
            continue;
        struct search_opts one;
        search_opts_init(&one);
        *(i ? &one.region : &one.department) = name[i];
        if (codes_matched(db, &one, dims[i], cols[i], maps[i], lens[i], d))
            return -1;
        if (!*maps[i])
            none = 1;
    }
    return none;
}

/* The tallies of the groupings, by the fields of the codes. */
enum { T_DEP, T_REGION, T_BODY, T_KIND, T_CATEGORY, T_YEAR, T_WHO, T_N };

/* The groups of tally t into out (key names: by number, read when shown
 * (agg_emit), or named here from facet_name for dim; years by their text). */
static int tally_out(struct db *db, int which, const struct tally *t, struct aggs *out,
                     struct diag *d)
{
    char date[16], year[24];
    for (size_t k = 0; k < t->cap; k++) {
        if (!t->n[k])
            continue;
        const char *latest = date_text(t->latest[k], date);
        int r;
        if (which == T_YEAR) {
            /* k: the year + 1, 0 for none */
            if (k)
                snprintf(year, sizeof year, "%04zu", k - 1);
            r = agg_add(out, 0, k ? year : NULL, 0, t->n[k], latest);
        } else if (which == T_BODY || which == T_KIND || which == T_CATEGORY) {
            char *name = NULL;
            if (k) {
                sqlite3_stmt *st = NULL;
                if (db_prepare_kept(db, "SELECT name FROM facet_name WHERE dim = ?1 AND code = ?2",
                                    &st, d))
                    return -1;
                sqlite3_bind_int(st, 1, CODE_BODY + (which - T_BODY));
                sqlite3_bind_int64(st, 2, (long long)k);
                if (sqlite3_step(st) == SQLITE_ROW)
                    name = agg_dup((const char *)sqlite3_column_text(st, 0));
                db_release_kept(db, st);
                if (!name)
                    return diag_error(d, "database '%s': grouping: a value without its name",
                                      db_path(db));
            }
            r = agg_add(out, 0, name, 0, t->n[k], latest);
            free(name);
        } else
            r = agg_add(out, 1, NULL, (long long)k, t->n[k], latest);
        if (r)
            return diag_error(d, "out of memory");
    }
    return 0;
}

/* The hits of a search, ascending. */
struct id_list {
    long long *v;
    size_t n, cap;
};

/* Reads `want` bytes of the open blob from `at` into buf (fewer at its end).
 * Returns how many, or -1. */
static int blob_part(sqlite3_blob *b, int at, int want, unsigned char *buf)
{
    int len = sqlite3_blob_bytes(b);
    if (at >= len)
        return 0;
    if (want > len - at)
        want = len - at;
    return sqlite3_blob_read(b, buf, want, at) == SQLITE_OK ? want : -1;
}

/* A chunk read whole when this many of its letters are hits or more; else
 * each hit's record and proposers alone. */
#define DENSE_HITS 24

/* Adds hit id (record r, its proposers at p before end) to the tallies when it
 * passes f. Returns 0, or -2 when its codes cannot answer. */
static int hit_add(struct tally *t, const struct code_filter *f, const struct code_rec *r, int who,
                   const unsigned char *p, const unsigned char *end)
{
    if (!(r->flags & CODE_KEPT) || (r->flags & CODE_ROWS))
        return -2;
    if (!passes(f, r))
        return 0;
    tally_add(&t[T_DEP], r->dep, r->date);
    tally_add(&t[T_REGION], r->region, r->date);
    tally_add(&t[T_BODY], r->body, r->date);
    tally_add(&t[T_KIND], r->kind, r->date);
    tally_add(&t[T_CATEGORY], r->category, r->date);
    tally_add(&t[T_YEAR], r->date ? (r->date >> 9) + 1 : 0, r->date);
    if (!who)
        return 0;
    unsigned long long k, v, id = 0;
    if (varint_get(&p, end, &k))
        return -2;
    for (unsigned long long j = 0; j < k; j++) {
        if (varint_get(&p, end, &v))
            return -2;
        tally_add(&t[T_WHO], (size_t)(id += v), r->date);
    }
    return 0;
}

/* The hits of ids[0..n) (of one chunk, open in b) added to the tallies: the
 * row read whole into *row when they are many, else each record and list
 * alone. Returns 0, -1 out of memory or a failed read, -2 when the codes cannot
 * answer. */
static int chunk_hits(sqlite3_blob *b, const long long *ids, size_t n, int who,
                      const struct code_filter *f, struct tally *t, struct buf *row)
{
    int len = sqlite3_blob_bytes(b);
    if (len < CODE_FIXED)
        return -2;
    if (n >= DENSE_HITS) {
        buf_truncate(row, 0);
        if (buf_grow(row, (size_t)len) || sqlite3_blob_read(b, row->data, len, 0) != SQLITE_OK)
            return -1;
        const unsigned char *blob = (const unsigned char *)row->data, *end = blob + len;
        for (size_t i = 0; i < n; i++) {
            struct code_rec r;
            code_get(blob, ids[i], &r);
            if (r.list >= (unsigned)(len - CODE_FIXED))
                return -2;
            int rc = hit_add(t, f, &r, who, blob + CODE_FIXED + r.list, end);
            if (rc)
                return rc;
        }
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char rec[CODE_BYTES], list[64];
        struct code_rec r;
        int at = CODE_BYTES * (int)(ids[i] & (CODE_PER_ROW - 1));
        if (sqlite3_blob_read(b, rec, CODE_BYTES, at) != SQLITE_OK)
            return -1;
        code_rec_read(rec, &r);
        int got = who ? blob_part(b, CODE_FIXED + (int)r.list, (int)sizeof list, list) : 0;
        if (got < 0)
            return -1;
        const unsigned char *p = list;
        unsigned long long k;
        if (who && !varint_get(&p, list + got, &k) && got == (int)sizeof list && k > 8) {
            /* a long list: read whole */
            /* the count and k codes, each at most VARINT_MAX bytes */
            size_t most = VARINT_MAX * (k + 1);
            unsigned char *big = malloc(most);
            if (!big)
                return -1;
            got = blob_part(b, CODE_FIXED + (int)r.list, (int)most, big);
            int rc = got < 0 ? -1 : hit_add(t, f, &r, who, big, big + got);
            free(big);
            if (rc)
                return rc;
            continue;
        }
        int rc = hit_add(t, f, &r, who, list, list + got);
        if (rc)
            return rc;
    }
    return 0;
}

int search_code_groups(struct db *db, const struct search_opts *o, struct aggs *const *out,
                       struct diag *d)
{
    if (o->exhaustive || o->number || o->delegate || !o->query || !*o->query)
        return -2;
    struct code_filter f;
    int none = filter_read(db, o, &f, d);
    struct buf match = BUF_INIT, fast = BUF_INIT, row = BUF_INIT, key = BUF_INIT;
    sqlite3_stmt *hits = NULL;
    sqlite3_blob *blob = NULL;
    struct id_list ids = {NULL, 0, 0};
    struct tally t[T_N];
    memset(t, 0, sizeof t);
    int rc = none < 0 ? none : -1;
    if (none < 0)
        goto done;
    int q = query_to_match(o->query, &match, d);
    if (q <= 0) {
        rc = q == 0 ? -2 : -1;
        goto done;
    }
    if (top_pairs_match(match.data, &fast)) {
        diag_error(d, "out of memory");
        goto done;
    }
    /* the hits' ids first (the index alone: a term's own records, doclist.h,
     * else FTS5), then their codes chunk by chunk */
    int got = 1;
    if (!none && topk_key(match.data, &key) == 1) {
        got = doclist_term_ids(db, key.data, key.len, &ids.v, &ids.n, &ids.cap, d);
        if (got < 0)
            goto done;
    }
    if (!none && got) {
        if (db_prepare_kept(db, "SELECT rowid FROM reply_fts WHERE reply_fts MATCH ?1", &hits, d))
            goto done;
        sqlite3_bind_text(hits, 1, fast.data, -1, SQLITE_STATIC);
        int s;
        while ((s = sqlite3_step(hits)) == SQLITE_ROW) {
            if (ARRAY_RESERVE(ids.v, ids.cap, ids.n + 1, 1024)) {
                diag_error(d, "out of memory");
                goto done;
            }
            ids.v[ids.n++] = sqlite3_column_int64(hits, 0);
        }
        if (s != SQLITE_DONE) {
            diag_error(d, "database '%s': grouping: %s", db_path(db),
                       sqlite3_errmsg(db_sqlite(db)));
            goto done;
        }
    }
    int who = out[GROUP_DELEGATE] != NULL;
    for (size_t i = 0; i < ids.n;) {
        long long chunk = ids.v[i] >> CODE_BITS;
        size_t j = i;
        while (j < ids.n && ids.v[j] >> CODE_BITS == chunk)
            j++;
        int r =
            blob ? sqlite3_blob_reopen(blob, chunk)
                 : sqlite3_blob_open(db_sqlite(db), "main", "reply_code", "codes", chunk, 0, &blob);
        if (r != SQLITE_OK) {
            /* a hit without codes (no row: SQLITE_ERROR) */
            rc = (r & 0xFF) == SQLITE_ERROR ? -2 : -1;
            if (rc == -1)
                diag_error(d, "database '%s': grouping: %s", db_path(db),
                           sqlite3_errmsg(db_sqlite(db)));
            goto done;
        }
        r = chunk_hits(blob, ids.v + i, j - i, who, &f, t, &row);
        if (r) {
            rc = r;
            if (r == -1)
                diag_error(d, "database '%s': grouping: %s", db_path(db),
                           sqlite3_errmsg(db_sqlite(db)));
            goto done;
        }
        i = j;
    }
    for (int i = 0; i < T_N; i++)
        if (t[i].failed) {
            diag_error(d, "out of memory");
            goto done;
        }
    /* The groupings, by their place in out[] */
    static const int of[T_N] = {
        [T_DEP] = GROUP_DEPARTMENT, [T_REGION] = GROUP_REGION,     [T_BODY] = GROUP_BODY,
        [T_KIND] = GROUP_KIND,      [T_CATEGORY] = GROUP_CATEGORY, [T_YEAR] = GROUP_YEAR,
        [T_WHO] = GROUP_DELEGATE};
    for (int i = 0; i < T_N; i++) {
        struct aggs *a = out[of[i]];
        if (!a)
            continue;
        if (i == T_DEP || i == T_REGION)
            a->code_dim = i == T_DEP ? CODE_DEPARTMENT : CODE_REGION;
        if (tally_out(db, i, &t[i], a, d))
            goto done;
    }
    rc = 0;
done:
    db_release_kept(db, hits);
    sqlite3_blob_close(blob);
    for (int i = 0; i < T_N; i++)
        tally_release(&t[i]);
    free(f.dkey);
    free(f.region);
    free(ids.v);
    buf_release(&match);
    buf_release(&fast);
    buf_release(&row);
    buf_release(&key);
    return rc;
}
