/* coded: the groupings of the replies keywords find, added up from the letters'
 * codes (store/code.h, schema 046) rather than from their rows (see
 * query_int.h). */
#include <stdint.h>
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
    struct cell {
        uint32_t n, latest;
    } * c;
    size_t cap;
    int failed;
};

/* Room in t for the numbers below cap, zeroed. Returns 0, or -1 (t failed). */
static int tally_room(struct tally *t, size_t cap)
{
    if (cap <= t->cap)
        return 0;
    struct cell *c;
    if (!t->cap)
        c = calloc(cap, sizeof *c); /* a large one from zeroed pages */
    else if ((c = realloc(t->c, cap * sizeof *c)))
        memset(c + t->cap, 0, (cap - t->cap) * sizeof *c);
    if (!c) {
        t->failed = 1;
        return -1;
    }
    t->c = c;
    t->cap = cap;
    return 0;
}

/* Room in t for number k, by doubling. Returns 0 or -1 (t failed). */
static int tally_grow(struct tally *t, size_t k)
{
    size_t cap = t->cap ? t->cap : 256;
    while (cap <= k)
        cap *= 2;
    return tally_room(t, cap);
}

static inline void tally_add(struct tally *t, size_t k, unsigned date)
{
    if (k >= t->cap && tally_grow(t, k))
        return;
    struct cell *c = &t->c[k];
    c->n++;
    if (date > c->latest)
        c->latest = date;
}

/* Sizes t for every number of sql's one value (a largest code or id, bound to
 * dim when dim > 0) at once, rather than doubling as the hits come: for the
 * many hits of a common term, whose groups have nearly every number. Returns 0
 * or -1 with d set. */
static int tally_presize(struct db *db, struct tally *t, const char *sql, int dim, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    if (db_prepare_kept(db, sql, &st, d))
        return -1;
    if (dim > 0)
        sqlite3_bind_int(st, 1, dim);
    long long most = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    db_release_kept(db, st);
    if (most > 0 && most < (1LL << 26) && tally_room(t, (size_t)most + 1))
        return diag_error(d, "out of memory");
    return 0;
}

/* A search's hits many enough to size the tallies of departments, regions and
 * proposers first. */
#define PRESIZE_HITS 4096

static void tally_release(struct tally *t)
{
    free(t->c);
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
    struct sqlb b = {BUF_INIT, NULL, 0, 0, 0, 0};
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

/* Does the record at p pass f? (Read from its bytes: a hit that does not pass
 * is never decoded.) */
static inline int passes(const struct code_filter *f, const unsigned char *p)
{
    if (f->body >= 0 && p[CODE_AT_BODY] != f->body)
        return 0;
    if (f->kind >= 0 && p[CODE_AT_KIND] != f->kind)
        return 0;
    if (f->category >= 0 && p[CODE_AT_CATEGORY] != f->category)
        return 0;
    if ((f->term && p[CODE_AT_TERM] != f->term) || (f->session && p[CODE_AT_SESSION] != f->session))
        return 0;
    if (f->year || f->from || f->to) {
        unsigned date = code_u24(p + CODE_AT_DATE);
        if (!date || (f->year && date >> 9 != f->year) || (f->from && date < f->from) ||
            (f->to && date > f->to))
            return 0;
    }
    if (f->dkey) {
        unsigned c = code_u24(p + CODE_AT_DKEY);
        if (c >= f->ndkey || !f->dkey[c])
            return 0;
    }
    if (f->region) {
        unsigned c = code_u24(p + CODE_AT_REGION);
        if (c >= f->nregion || !f->region[c])
            return 0;
    }
    return 1;
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
    const char *latest = NULL;
    unsigned shown = 0; /* the date in date[] (groups of one day follow each other) */
    for (size_t k = 0; k < t->cap; k++) {
        long long n = t->c[k].n;
        if (!n)
            continue;
        if (!latest || t->c[k].latest != shown)
            latest = date_text(shown = t->c[k].latest, date);
        int r;
        if (which == T_YEAR) {
            /* k: the year + 1, 0 for none */
            if (k)
                snprintf(year, sizeof year, "%04zu", k - 1);
            r = agg_add(out, 0, k ? year : NULL, 0, n, latest);
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
            r = agg_add(out, 0, name, 0, n, latest);
            free(name);
        } else
            r = agg_append(out, (long long)k, n, latest);
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

/* Can the record at p answer (a letter kept, its values held)? */
static int rec_ok(const unsigned char *p)
{
    return (p[CODE_AT_FLAGS] & CODE_KEPT) && !(p[CODE_AT_FLAGS] & CODE_ROWS);
}

/* Adds a hit that passes the filters (its record at rec, its proposers at p
 * before end) to the tallies. Returns 0, or -2 when its codes cannot answer. */
static int hit_add(struct tally *t, const unsigned char *rec, int who, const unsigned char *p,
                   const unsigned char *end)
{
    unsigned date = code_u24(rec + CODE_AT_DATE);
    tally_add(&t[T_DEP], code_u24(rec + CODE_AT_DEP), date);
    tally_add(&t[T_REGION], code_u24(rec + CODE_AT_REGION), date);
    tally_add(&t[T_BODY], rec[CODE_AT_BODY], date);
    tally_add(&t[T_KIND], rec[CODE_AT_KIND], date);
    tally_add(&t[T_CATEGORY], rec[CODE_AT_CATEGORY], date);
    tally_add(&t[T_YEAR], date ? (date >> 9) + 1 : 0, date);
    if (!who)
        return 0;
    unsigned long long k, v, id = 0;
    if (varint_get(&p, end, &k))
        return -2;
    for (unsigned long long j = 0; j < k; j++) {
        if (varint_get(&p, end, &v))
            return -2;
        tally_add(&t[T_WHO], (size_t)(id += v), date);
    }
    return 0;
}

/* The hits of ids[0..n) (of one chunk, open in b) added to the tallies: the
 * row's records read whole into *row when they are many (and its proposers
 * after them once a hit that passes wants them), else each record and list
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
        if (buf_grow(row, (size_t)len) ||
            sqlite3_blob_read(b, row->data, CODE_FIXED, 0) != SQLITE_OK)
            return -1;
        const unsigned char *blob = (const unsigned char *)row->data, *end = blob + len;
        int lists = 0;
        for (size_t i = 0; i < n; i++) {
            const unsigned char *p = blob + CODE_BYTES * (size_t)(ids[i] & (CODE_PER_ROW - 1));
            if (!rec_ok(p) || code_u24(p + CODE_AT_LIST) >= (unsigned)(len - CODE_FIXED))
                return -2;
            if (!passes(f, p))
                continue;
            if (who && !lists) {
                if (sqlite3_blob_read(b, row->data + CODE_FIXED, len - CODE_FIXED, CODE_FIXED) !=
                    SQLITE_OK)
                    return -1;
                lists = 1;
            }
            int rc = hit_add(t, p, who, blob + CODE_FIXED + code_u24(p + CODE_AT_LIST), end);
            if (rc)
                return rc;
        }
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char rec[CODE_BYTES], list[64];
        int at = CODE_BYTES * (int)(ids[i] & (CODE_PER_ROW - 1));
        if (sqlite3_blob_read(b, rec, CODE_BYTES, at) != SQLITE_OK)
            return -1;
        if (!rec_ok(rec))
            return -2;
        if (!passes(f, rec))
            continue;
        int at_list = CODE_FIXED + (int)code_u24(rec + CODE_AT_LIST);
        int got = who ? blob_part(b, at_list, (int)sizeof list, list) : 0;
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
            got = blob_part(b, at_list, (int)most, big);
            int rc = got < 0 ? -1 : hit_add(t, rec, who, big, big + got);
            free(big);
            if (rc)
                return rc;
            continue;
        }
        int rc = hit_add(t, rec, who, list, list + got);
        if (rc)
            return rc;
    }
    return 0;
}

/* The quoted string at *p of a MATCH expression, as written (quotes and ""
 * inside), when it names one indexed term (topk_key): its term into key, *p
 * moved past it. Returns 1, or 0 when it is no such string. */
static int one_term_at(const char **p, struct buf *lit, struct buf *key)
{
    const char *s = *p;
    if (*s != '"')
        return 0;
    for (s++; *s; s++)
        if (*s == '"' && *++s != '"')
            break;
    if (s[-1] != '"' || s - *p < 3)
        return 0;
    buf_truncate(lit, 0);
    if (buf_add(lit, *p, (size_t)(s - *p)) || topk_key(lit->data, key) != 1)
        return 0;
    *p = s;
    return 1;
}

/* Keeps in a (ascending) the ids b holds too (both = 1), or those it does not. */
static void ids_keep(struct id_list *a, const long long *b, size_t nb, int both)
{
    size_t k = 0, j = 0;
    for (size_t i = 0; i < a->n; i++) {
        while (j < nb && b[j] < a->v[i])
            j++;
        if ((j < nb && b[j] == a->v[i]) == both)
            a->v[k++] = a->v[i];
    }
    a->n = k;
}

/* The ids of the replies MATCH expression m finds, into ids (ascending), when m
 * is terms of one indexed term each that all must hold ("A" AND "B"), with
 * terms none may hold after them ((...) NOT ("x" OR "y")), as query_to_match
 * writes them: each term's ids read from its doclist (doclist.h) and
 * intersected, those of the terms left out taken away. Returns 0; 1 when m is
 * another expression or a term's doclist cannot be read (FTS5 finds them); -1
 * with d set. */
static int terms_ids(struct db *db, const char *m, struct id_list *ids, struct diag *d)
{
    struct buf lit = BUF_INIT, key = BUF_INIT;
    struct id_list one = {NULL, 0, 0};
    /* part 0: terms that must hold, alone; 1: the same in brackets, before
     * ") NOT ("; 2: the terms left out */
    int rc = 1, part = *m == '(', terms = 0;
    const char *p = m + part;
    for (;; terms++) {
        if (!one_term_at(&p, &lit, &key))
            goto done;
        struct id_list *into = terms ? &one : ids;
        int r = doclist_term_ids(db, key.data, key.len, &into->v, &into->n, &into->cap, d);
        if (r) {
            rc = r;
            goto done;
        }
        if (terms)
            ids_keep(ids, one.v, one.n, part < 2);
        static const char and_[] = " AND ", or_[] = " OR ", except[] = ") NOT (";
        const char *next = part < 2 ? and_ : or_;
        if (!strncmp(p, next, strlen(next)))
            p += strlen(next);
        else if (part == 1 && !strncmp(p, except, strlen(except)))
            p += strlen(except), part = 2;
        else if (!strcmp(p, part ? ")" : ""))
            break;
        else
            goto done;
    }
    rc = 0;
done:
    if (rc)
        ids->n = 0;
    free(one.v);
    buf_release(&lit);
    buf_release(&key);
    return rc;
}

int search_code_groups(struct db *db, const struct search_opts *o, struct aggs *const *out,
                       struct diag *d)
{
    if (o->exhaustive || o->number || o->delegate || !o->query || !*o->query)
        return -2;
    struct code_filter f;
    int none = filter_read(db, o, &f, d);
    struct buf match = BUF_INIT, fast = BUF_INIT, row = BUF_INIT;
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
    int got = none ? 1 : terms_ids(db, match.data, &ids, d);
    if (got < 0)
        goto done;
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
    if (ids.n >= UINT32_MAX) {
        rc = -2; /* more than a tally's count holds */
        goto done;
    }
    if (ids.n >= PRESIZE_HITS) {
        static const char codes[] = "SELECT max(code) FROM facet_name WHERE dim = ?1";
        if (tally_presize(db, &t[T_DEP], codes, CODE_DEPARTMENT, d) ||
            tally_presize(db, &t[T_REGION], codes, CODE_REGION, d) ||
            (who && tally_presize(db, &t[T_WHO], "SELECT max(id) FROM delegate", 0, d)))
            goto done;
    }
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
    return rc;
}
