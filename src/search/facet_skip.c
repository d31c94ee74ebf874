/* facet_skip: the rows of facet_count (schema 059) of the combinations that
 * filters of few values select, found by looks into its key (see
 * query_int.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "search/agg.h"
#include "search/query_int.h"

/* The fields of few values that lead facet_count's key: the numbers of body,
 * kind and category (facet_name), term and session (0: none), and the year as
 * text ('': none). */
#define SKIP_FIELDS 6
#define SKIP_YEAR 5

/* A key's leading fields, or a bound of them. */
struct skip_key {
    long long v[SKIP_YEAR];
    const char *year;
    size_t ylen;
    char ybuf[24]; /* a key's year */
};

/* Compares a row's fields with a bound's, as facet_count's key orders them
 * (the year as BINARY text). */
static int skip_cmp(const struct skip_key *a, const struct skip_key *b)
{
    for (int i = 0; i < SKIP_YEAR; i++)
        if (a->v[i] != b->v[i])
            return a->v[i] < b->v[i] ? -1 : 1;
    size_t n = a->ylen < b->ylen ? a->ylen : b->ylen;
    int c = n ? memcmp(a->year, b->year, n) : 0;
    return c ? c : a->ylen < b->ylen ? -1 : a->ylen > b->ylen;
}

/* strcmp of a row's year and text b. */
static int year_cmp(const struct skip_key *a, const char *b)
{
    size_t bn = strlen(b), n = a->ylen < bn ? a->ylen : bn;
    int c = n ? memcmp(a->year, b, n) : 0;
    return c ? c : a->ylen < bn ? -1 : a->ylen > bn;
}

#define SKIP_CODE "SELECT code FROM facet_name WHERE dim = ?1 AND name = ?2"

/* The filters of o as the key holds them: on[i] for a field filtered, want its
 * value (the year: from, below the next). Returns 1, 0 when a value named is
 * none facet_name holds (no row has it), -1 with d set. */
static int skip_want(struct db *db, const struct search_opts *o, int on[SKIP_FIELDS],
                     struct skip_key *want, char below[16], struct diag *d)
{
    const char *text[3] = {o->body, o->kind, o->category};
    static const int dim[3] = {4, 5, 6};
    memset(want, 0, sizeof *want);
    sqlite3_stmt *st = NULL;
    int rc = 1;
    for (int i = 0; i < 3 && rc == 1; i++) {
        if (!(on[i] = !!text[i]))
            continue;
        if (!st && db_prepare_kept(db, SKIP_CODE, &st, d))
            return -1;
        sqlite3_bind_int(st, 1, dim[i]);
        sqlite3_bind_text(st, 2, text[i], -1, SQLITE_STATIC);
        int s = sqlite3_step(st);
        if (s == SQLITE_ROW)
            want->v[i] = sqlite3_column_int64(st, 0);
        else if (s == SQLITE_DONE)
            rc = 0;
        else
            rc = diag_error(d, "database '%s': reading names: %s", db_path(db),
                            sqlite3_errmsg(db_sqlite(db)));
        sqlite3_reset(st);
    }
    db_release_kept(db, st);
    on[3] = !!o->term, want->v[3] = o->term;
    on[4] = !!o->session, want->v[4] = o->session;
    on[SKIP_YEAR] = !!o->year;
    snprintf(want->ybuf, sizeof want->ybuf, "%04d", o->year);
    snprintf(below, 16, "%04d", o->year + 1);
    want->year = on[SKIP_YEAR] ? want->ybuf : "";
    want->ylen = strlen(want->year);
    return rc;
}
/* The first key of each part from a bound on (a row of each at most). */
#define SKIP_NEXT(t)                                                                               \
    "SELECT * FROM (SELECT body, kind, category, term, session, year FROM " t                      \
    " WHERE (body, kind, category, term, session, year) >= (?1, ?2, ?3, ?4, ?5, ?6) "              \
    "ORDER BY body, kind, category, term, session, year LIMIT 1)"

/* The rows of both parts whose first n fields are ?1 .. ?n (the year: from ?6
 * up to ?7, excluded): a statement of db_prepare_kept in *st. Returns 0 or -1
 * with d set. */
static int skip_rows_prepare(struct db *db, int n, sqlite3_stmt **st, struct diag *d)
{
    static const char *const col[SKIP_FIELDS] = {"body", "kind",    "category",
                                                 "term", "session", "year"};
    struct buf sql = BUF_INIT;
    for (int part = 0; part < 2; part++) {
        buf_printf(&sql, "%sSELECT department, n, date, region FROM %s WHERE 1",
                   part ? " UNION ALL " : "", part ? "facet_count_recent" : "facet_count");
        for (int i = 0; i < n && i < SKIP_YEAR; i++)
            buf_printf(&sql, " AND %s = ?%d", col[i], i + 1);
        if (n == SKIP_FIELDS)
            buf_adds(&sql, " AND year >= ?6 AND year < ?7");
    }
    int rc =
        buf_failed(&sql) ? diag_error(d, "out of memory") : db_prepare_kept(db, sql.data, st, d);
    buf_release(&sql);
    return rc;
}

/* Binds key k's first n fields to st's parameters 1 to n (the year: below
 * too, as ?7, when given). */
static void skip_bind(sqlite3_stmt *st, const struct skip_key *k, int n, const char *below)
{
    sqlite3_reset(st);
    for (int i = 0; i < n && i < SKIP_YEAR; i++)
        sqlite3_bind_int64(st, i + 1, k->v[i]);
    if (n == SKIP_FIELDS)
        sqlite3_bind_text(st, SKIP_FIELDS, k->year, (int)k->ylen, SQLITE_STATIC);
    if (below)
        sqlite3_bind_text(st, SKIP_FIELDS + 1, below, -1, SQLITE_STATIC);
}

/* The first key of either part from bound at on into *k (its year copied):
 * 1, 0 for none, -2 for a year too long to copy, -1 with d set. */
static int skip_look(struct db *db, sqlite3_stmt *next, const struct skip_key *at,
                     struct skip_key *k, struct diag *d)
{
    skip_bind(next, at, SKIP_FIELDS, NULL);
    int found = 0, s;
    while ((s = sqlite3_step(next)) == SQLITE_ROW) {
        struct skip_key r;
        for (int i = 0; i < SKIP_YEAR; i++)
            r.v[i] = sqlite3_column_int64(next, i);
        r.year = (const char *)sqlite3_column_text(next, SKIP_YEAR);
        r.ylen = (size_t)sqlite3_column_bytes(next, SKIP_YEAR);
        if (!r.year || r.ylen >= sizeof k->ybuf)
            return -2;
        if (found++ && skip_cmp(&r, k) >= 0)
            continue;
        *k = r;
        memcpy(k->ybuf, r.year, r.ylen);
        k->year = k->ybuf;
    }
    if (s != SQLITE_DONE)
        return diag_error(d, "database '%s': reading counts: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    return found > 0;
}

/* A walk of the keys the filters select (on, want, below): the statements
 * that find a key and read a run's rows, the fields a run holds. */
struct skip_walk {
    const int *on;
    const struct skip_key *want;
    const char *below;
    sqlite3_stmt *next, *rows;
    int run; /* the fields up to the last filtered */
    struct aggs *const *out;
};

/* The rows of both parts that hold the values of k up to the last field
 * filtered (the year: those the filters select), added into out[0] by
 * department with their newest date and out[1] by region (NULL ones
 * skipped). Returns 0 or -1 with d set. */
static int skip_run(struct db *db, const struct skip_walk *w, const struct skip_key *k,
                    struct diag *d)
{
    struct skip_key at = *k; /* the year: the filters' */
    at.year = w->want->year, at.ylen = w->want->ylen;
    skip_bind(w->rows, &at, w->run, w->run == SKIP_FIELDS ? w->below : NULL);
    int rc = 0, s;
    while (!rc && (s = sqlite3_step(w->rows)) == SQLITE_ROW) {
        long long n = sqlite3_column_int64(w->rows, 1);
        const char *date = (const char *)sqlite3_column_text(w->rows, 2);
        if ((w->out[0] && agg_add(w->out[0], 1, NULL, sqlite3_column_int64(w->rows, 0), n, date)) ||
            (w->out[1] && agg_add(w->out[1], 1, NULL, sqlite3_column_int64(w->rows, 3), n, NULL)))
            rc = diag_error(d, "out of memory");
    }
    if (!rc && s != SQLITE_DONE)
        rc = diag_error(d, "database '%s': reading counts: %s", db_path(db),
                        sqlite3_errmsg(db_sqlite(db)));
    return rc;
}

/* The runs of keys the filters select, found by looks: from a bound, the
 * first key of either part; when the filters select it, its run (skip_run,
 * each key of which they select), else the next bound, the first key that
 * may hold the value they want or past every key with the values before it.
 * Returns 0, -2 after `looks` looks, -1 with d set. */
static int skip_looks(struct db *db, const struct skip_walk *w, size_t looks, struct diag *d)
{
    const int *on = w->on;
    const struct skip_key *want = w->want;
    struct skip_key at = *want, k; /* the bound of the next look; the key found */
    at.year = want->year;
    for (int i = 0; i < SKIP_YEAR; i++)
        if (!on[i])
            at.v[i] = INT64_MIN;
    int rc = 0;
    while (!rc) {
        if (!looks--)
            return -2;
        if ((rc = skip_look(db, w->next, &at, &k, d)) <= 0)
            break;
        rc = 0;
        /* the first field filtered whose value the filters do not select (the
         * year as search_combo_selects compares it), and whether it is below */
        int i = 0, low = 0;
        for (; i < SKIP_FIELDS; i++) {
            if (!on[i])
                continue;
            if (i < SKIP_YEAR && k.v[i] != want->v[i]) {
                low = k.v[i] < want->v[i];
                break;
            }
            if (i == SKIP_YEAR &&
                ((low = year_cmp(&k, want->year) < 0) || year_cmp(&k, w->below) >= 0))
                break;
        }
        if (i == SKIP_FIELDS) {
            rc = skip_run(db, w, &k, d);
            i = w->run - 1; /* past the run's keys */
        }
        /* the next look: to the value wanted, or past the values before it
         * (the last field not filtered before it, + 1) */
        int from = i;
        if (!low) {
            do
                from--;
            while (from >= 0 && (on[from] || k.v[from] == INT64_MAX));
            if (from < 0)
                break;
        }
        for (int j = 0; j < SKIP_YEAR; j++)
            at.v[j] = j < from || (j == from && !low) ? k.v[j] : on[j] ? want->v[j] : INT64_MIN;
        if (!low)
            at.v[from]++;
        at.year = want->year;
        at.ylen = want->ylen;
    }
    return rc;
}

/* The numbers of the texts of one field of the combinations kept, looked up
 * once each (the texts are one pointer each). */
struct skip_codes {
    const char *text[8];
    long long code[8];
    int n;
};

/* The number of text (NULL: 0) of field dim into *code: 0, -2 when
 * facet_name does not hold it, -1 with d set. */
static int skip_code(struct db *db, sqlite3_stmt *st, struct skip_codes *c, int dim,
                     const char *text, long long *code, struct diag *d)
{
    *code = 0;
    if (!text)
        return 0;
    for (int i = 0; i < c->n; i++)
        if (c->text[i] == text) {
            *code = c->code[i];
            return 0;
        }
    sqlite3_reset(st);
    sqlite3_bind_int(st, 1, dim);
    sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        *code = sqlite3_column_int64(st, 0);
    else if (s == SQLITE_DONE)
        return -2;
    else
        return diag_error(d, "database '%s': reading names: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    if (c->n < (int)(sizeof c->text / sizeof *c->text))
        c->text[c->n] = text, c->code[c->n++] = *code;
    return 0;
}

/* By the fields of a run's keys. */
static int skip_by_key(const void *a, const void *b)
{
    return skip_cmp(a, b);
}

/* The runs of the combinations kept (cs) that o selects: their keys' numbers,
 * each run once. Returns 0, -2 for a value facet_name does not hold, -1 with
 * d set. */
static int skip_kept(struct db *db, const struct skip_walk *w, const struct combos *cs,
                     const struct search_opts *o, struct diag *d)
{
    struct combo_filter f;
    search_combo_filter(&f, o, cs);
    struct skip_key *keys = NULL;
    size_t n = 0;
    for (size_t i = 0; i < cs->n; i++)
        n += (size_t)search_combo_selects(&cs->v[i], &f);
    if (n && !(keys = calloc(n, sizeof *keys)))
        return diag_error(d, "out of memory");
    sqlite3_stmt *st = NULL;
    struct skip_codes codes[3] = {{{NULL}, {0}, 0}, {{NULL}, {0}, 0}, {{NULL}, {0}, 0}};
    int rc = n ? db_prepare_kept(db, SKIP_CODE, &st, d) : 0;
    n = 0;
    for (size_t i = 0; !rc && i < cs->n; i++) {
        const struct combo *c = &cs->v[i];
        if (!search_combo_selects(c, &f))
            continue;
        struct skip_key *k = &keys[n++];
        const char *text[3] = {c->body, c->kind, c->category};
        for (int j = 0; !rc && j < 3; j++)
            rc = skip_code(db, st, &codes[j], 4 + j, text[j], &k->v[j], d);
        k->v[3] = c->has_term ? c->term : 0;
        k->v[4] = c->has_session ? c->session : 0;
        for (int j = w->run; j < SKIP_YEAR; j++)
            k->v[j] = 0; /* not the run's */
        k->year = "";
    }
    db_release_kept(db, st);
    if (!rc && n > 1)
        qsort(keys, n, sizeof *keys, skip_by_key);
    for (size_t i = 0; !rc && i < n; i++)
        if (!i || skip_cmp(&keys[i - 1], &keys[i]))
            rc = skip_run(db, w, &keys[i], d);
    free(keys);
    return rc;
}

int search_facet_skip(struct db *db, const struct search_opts *o, const struct combos *cs,
                      size_t looks, struct aggs *const out[2], struct diag *d)
{
    for (int i = 0; i < 2; i++)
        if (out[i] && !out[i]->code_dim)
            return -2;
    int on[SKIP_FIELDS];
    struct skip_key want;
    char below[16];
    int r = skip_want(db, o, on, &want, below, d);
    if (r <= 0)
        return r;
    struct skip_walk w = {on, &want, below, NULL, NULL, 0, out};
    for (int i = 0; i < SKIP_FIELDS; i++)
        w.run = on[i] ? i + 1 : w.run;
    if (!cs &&
        db_prepare_kept(db, SKIP_NEXT("facet_count") " UNION ALL " SKIP_NEXT("facet_count_recent"),
                        &w.next, d))
        return -1;
    r = skip_rows_prepare(db, w.run, &w.rows, d);
    if (!r)
        r = cs ? skip_kept(db, &w, cs, o, d) : skip_looks(db, &w, looks, d);
    db_release_kept(db, w.next);
    db_release_kept(db, w.rows);
    for (int i = 0; r == -2 && i < 2; i++)
        if (out[i]) { /* emptied for a read another way */
            int dim = out[i]->code_dim;
            aggs_release(out[i]);
            *out[i] = (struct aggs){NULL, 0, 0, SLOTS_INIT, dim};
        }
    return r;
}
