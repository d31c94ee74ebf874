/* group: the hits of a search counted by a field or proposer (see query.h),
 * from the counts kept at import when they can answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/slots.h"
#include "search/agg.h"
#include "search/counted.h"
#include "search/group_shape.h"
#include "search/query.h"
#include "search/query_int.h"
#include "search/similar_query.h"

static const struct group_shape id_shape = {
    .select = "r.id, NULL, 1, NULL", .group_by = "r.id", .order_by = "1"};

long search_ids(struct db *db, const struct search_opts *o, long long **ids, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    int fts;
    *ids = NULL;
    if (search_prepare(db, o, 0, &id_shape, NULL, &st, &fts, d))
        return -1;
    long n = 0, cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            long long *p = realloc(*ids, (size_t)cap * sizeof *p);
            if (!p) {
                db_release_kept(db, st);
                free(*ids);
                *ids = NULL;
                return diag_error(d, "out of memory");
            }
            *ids = p;
        }
        (*ids)[n++] = sqlite3_column_int64(st, 0);
    }
    db_release_kept(db, st);
    if (s != SQLITE_DONE) {
        free(*ids);
        *ids = NULL;
        return diag_error(d, "database '%s': searching: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    }
    return n;
}

/* Sets d to the archive's error while grouping. Returns -1. */
static int grouping_failed(struct db *db, struct diag *d)
{
    return diag_error(d, "database '%s': grouping: %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
}

/* Reads the rows of shape in into the groups of out[0..nout) (NULL ones
 * skipped): out[i] adds up by column col[i] (the key, or the proposer's id
 * with by_id, or a value's number when out[i]->code_dim is set), each row's
 * replies in column ncol and its newest date in the next. Returns 0 or -1
 * with d set. */
static int agg_read(struct db *db, const struct search_opts *o, const struct group_shape *in,
                    int by_id, int nout, struct aggs *const *out, const int *col, int ncol,
                    struct diag *d)
{
    sqlite3_stmt *st = NULL;
    int fts, s, rc = -1;
    if (search_prepare(db, o, 0, in, NULL, &st, &fts, d))
        return -1;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        long long n = sqlite3_column_int64(st, ncol);
        const char *latest = (const char *)sqlite3_column_text(st, ncol + 1);
        for (int i = 0; i < nout; i++) {
            if (!out[i])
                continue;
            int num = by_id || out[i]->code_dim;
            const char *key = num ? NULL : (const char *)sqlite3_column_text(st, col[i]);
            long long id = num ? sqlite3_column_int64(st, col[i]) : 0;
            if (agg_add(out[i], num, key, id, n, latest)) {
                diag_error(d, "out of memory");
                goto done;
            }
        }
    }
    rc = s == SQLITE_DONE ? 0 : grouping_failed(db, d);
done:
    db_release_kept(db, st);
    return rc;
}

/* Grouping g of the rows of shape in (as agg_read reads them), added up in
 * memory, in the order of group_shapes. */
static long hash_group(struct db *db, const struct search_opts *o, enum search_group g,
                       const struct group_shape *in, search_group_cb cb, void *ctx, struct diag *d)
{
    struct aggs a = {NULL, 0, 0, SLOTS_INIT, 0};
    struct aggs *out = &a;
    if (in == &facet_rows[g] || in == &combo_rows[g])
        a.code_dim = facet_code_dim[g];
    long rows = agg_read(db, o, in, g == GROUP_DELEGATE, 1, &out, (const int[]){0}, 2, d)
                    ? -1
                    : agg_emit(db, o, g, &a, cb, ctx, d);
    aggs_release(&a);
    return rows;
}

/* ---- A department's or a region's combinations, grouped every way at once ----
 *
 * The statistics group the same combinations of facet_count six ways (a
 * department's web page twice): the first grouping reads them once and adds
 * up each field, and the connection keeps those groups for the next grouping
 * of the same filters, while the archive is as it was (db_snapshot); the
 * proposers of their replies too (a page of proposers asked again, or the
 * statistics after the listing), read from the replies' links. Not in a
 * transaction of the caller's that has written, which may yet roll back what
 * the groups count (one that has only read is a state of the archive). */
#define NFACET (GROUP_REGION + 1)
static const struct group_shape facet_all = {
    .select =
        "r.department, r.body, r.kind, r.category, substr(r.date, 1, 4), r.region, r.n, r.date",
    .from = FACET_FROM};
/* The same fields of the replies that keywords find (one row a reply). */
static const struct group_shape query_all = {
    .select =
        "r.department, r.body, r.kind, r.category, substr(r.date, 1, 4), r.region, 1, r.date"};
static const int facet_col[NFACET] = {
    [GROUP_DELEGATE] = -1, [GROUP_DEPARTMENT] = 0, [GROUP_BODY] = 1,  [GROUP_KIND] = 2,
    [GROUP_CATEGORY] = 3,  [GROUP_YEAR] = 4,       [GROUP_REGION] = 5};

struct facet_memo {
    char *filters;           /* facet_filters */
    unsigned long long snap; /* db_snapshot when read */
    struct aggs a[NFACET];   /* by grouping ([GROUP_DELEGATE]: the replies' proposers) */
    int have[NFACET];        /* which of them are added up */
};

static void facet_memo_free(void *p)
{
    struct facet_memo *m = p;
    if (!m)
        return;
    for (int i = 0; i < NFACET; i++)
        aggs_release(&m->a[i]);
    free(m->filters);
    free(m);
}

/* The filters a read of the groups applies (those of facet_count, or with
 * keywords any), as one text; NULL when memory runs out. */
static char *facet_filters(const struct search_opts *o)
{
    const char *const text[] = {o->department, o->region, o->kind,     o->body, o->category,
                                o->query,      o->number, o->delegate, o->from, o->to};
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        buf_printf(&b, "%c%s%c", text[i] ? '+' : '-', text[i] ? text[i] : "", 0x1f);
    buf_printf(&b, "%d %d %d %d", o->year, o->term, o->session, o->all_copies);
    return buf_failed(&b) ? (buf_release(&b), NULL) : buf_detach(&b);
}

/* The proposers the memo keeps at most: more are added up for each grouping
 * (a filter of most of the archive would keep a group for most proposers). */
#define DELEGATE_MEMO_MAX 100000

/* The rows of combinations listed (their keys, a JSON array bound as ?1) of
 * both parts of their counts (schemas 060, 061): their proposers' by id, or
 * with cols their departments' and regions' (facet_count's), each
 * combination's numbers read once. One statement for them all: each run of a
 * statement opens its cursors and reads its values' numbers again. */
#define COMBO_LIST_BOTH                                                                            \
    BOTH_PARTS("c.delegate_id, c.n, c.latest", "json_each(?1) j",                                  \
               COMBO_DELEGATES_OF("reply_combo_delegate", "j.value"),                              \
               COMBO_DELEGATES_OF("reply_combo_delegate_recent", "j.value"))
#define COMBO_LIST_FACETS(cols)                                                                    \
    SEL_ONCE_OPEN "SELECT " COMBO_CODED_COLS " FROM json_each(?1) j CROSS JOIN reply_combo r ON "  \
                  "r.k = j.value" SEL_ONCE_PARTS(cols, COMBO_CODED_ON("facet_count"),              \
                                                 COMBO_CODED_ON("facet_count_recent"))

/* Adds up the rows of st (a statement of combinations' rows, their list b,
 * combo_list_add, bound as ?1): in out[0] by column 0 (the key, or with by_id
 * the proposer's id, or a value's number when out[0]->code_dim is set) with
 * the newest date of column 2, in out[1] by column 3 (the same way, by_id
 * aside; either NULL), the replies of column 1. Returns 0 or -1 with d set. */
static int combo_rows_add(struct db *db, sqlite3_stmt *st, struct buf *b, int by_id,
                          struct aggs *const out[2], struct diag *d)
{
    if (!b->len)
        return 0;
    buf_addch(b, ']');
    if (buf_failed(b))
        return diag_error(d, "out of memory");
    sqlite3_bind_text(st, 1, b->data, (int)b->len, SQLITE_STATIC);
    int s, rc = 0;
    while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
        long long n = sqlite3_column_int64(st, 1);
        for (int i = 0; i < 2 && !rc; i++) {
            int col = i ? 3 : 0, num = out[i] && ((!i && by_id) || out[i]->code_dim);
            const char *key = num ? NULL : (const char *)sqlite3_column_text(st, col);
            long long id = num ? sqlite3_column_int64(st, col) : 0;
            if (out[i] && agg_add(out[i], num, key, id, n,
                                  i ? NULL : (const char *)sqlite3_column_text(st, 2)))
                rc = diag_error(d, "out of memory");
        }
    }
    if (!rc && s != SQLITE_DONE)
        rc = grouping_failed(db, d);
    sqlite3_reset(st);
    return rc;
}

/* The groups by year, body, kind and category (out[], NULL ones skipped) of
 * the combinations of cs that o selects (search_combo_ok). Returns 0 or -1
 * with d set. */
static int combo_read(const struct search_opts *o, const struct combos *cs, struct aggs *const *out,
                      struct diag *d)
{
    struct combo_filter f;
    search_combo_filter(&f, o, cs);
    for (size_t i = 0; i < cs->n; i++) {
        const struct combo *c = &cs->v[i];
        const char *key[NFACET] = {[GROUP_YEAR] = c->year,
                                   [GROUP_BODY] = c->body,
                                   [GROUP_KIND] = c->kind,
                                   [GROUP_CATEGORY] = c->category};
        if (search_combo_selects(c, &f))
            for (int g = GROUP_YEAR; g <= GROUP_CATEGORY; g++)
                if (out[g] && agg_add(out[g], 0, key[g], 0, c->n, NULL))
                    return diag_error(d, "out of memory");
    }
    return 0;
}

/* The departments and regions of the combinations filters of few values
 * select, read together (combo_rows: a region's newest date is not given). */
static const struct group_shape combo_facets = {
    "f.department, f.region, f.n, f.date", COMBO_CODED_ON("facet_count"), NULL, NULL, COMBO_CODED,
    COMBO_CODED_ON("facet_count_recent")};
static const int combo_facet_col[NFACET] = {[GROUP_DEPARTMENT] = 0, [GROUP_REGION] = 1};

/* A combination in KEPT_SHARE at most of those the connection keeps selected:
 * their departments and regions, or proposers, are read combination by
 * combination (a look-up each) rather than by the filters over every row of
 * reply_combo. */
#define KEPT_SHARE 4

/* The departments and regions (facets), or the proposers, of the combinations
 * listed in list (search_combo_list_add) into out[] (as combo_groups_read), each
 * combination's rows read by one statement. Returns 0 or -1 with d set. */
static int combo_list_rows(struct db *db, int facets, struct buf *list, struct aggs *const *out,
                           struct diag *d)
{
    sqlite3_stmt *st = NULL;
    if (db_prepare_kept(
            db, facets ? COMBO_LIST_FACETS("f.department, f.n, f.date, f.region") : COMBO_LIST_BOTH,
            &st, d))
        return -1;
    struct aggs *const into[2] = {facets ? out[GROUP_DEPARTMENT] : out[GROUP_DELEGATE],
                                  facets ? out[GROUP_REGION] : NULL};
    int rc = combo_rows_add(db, st, list, !facets, into, d);
    db_release_kept(db, st);
    return rc;
}

/* Those of the combinations of cs that o selects. Returns 0, -1 with d set,
 * or -2 when they are more than cs->n / KEPT_SHARE. */
static int combo_kept_rows(struct db *db, const struct search_opts *o, const struct combos *cs,
                           int facets, struct aggs *const *out, struct diag *d)
{
    struct combo_filter f;
    search_combo_filter(&f, o, cs);
    size_t n = 0;
    for (size_t i = 0; i < cs->n; i++)
        n += (size_t)search_combo_selects(&cs->v[i], &f);
    if (n * KEPT_SHARE > cs->n)
        return -2;
    struct buf list = BUF_INIT;
    for (size_t i = 0; i < cs->n; i++)
        if (search_combo_selects(&cs->v[i], &f))
            search_combo_list_add(&list, cs->v[i].k);
    int rc = combo_list_rows(db, facets, &list, out, d);
    buf_release(&list);
    return rc;
}

/* The looks into reply_combo's key that a listing's combinations take at most
 * (search_combo_probe) before it reads them by a scan of the table. */
#define PROBE_LOOKS 256
/* Those into facet_count's key (search_facet_skip): a look a run of keys. */
#define SKIP_LOOKS 100000

/* Those of the combinations o selects, found by looks into reply_combo's key
 * (a connection that does not keep them) when two fields or more are filtered,
 * the year only with a kind or with a term and a session (with a body alone,
 * a look for each of its kinds, categories, terms and sessions, the looks pass
 * PROBE_LOOKS and the scan follows them). Returns 0, -1 with d set, or -2 when
 * it does not answer so. */
static int combo_probed_rows(struct db *db, const struct search_opts *o, int facets,
                             struct aggs *const *out, struct diag *d)
{
    int n = !!o->body + !!o->kind + !!o->category + !!o->term + !!o->session + !!o->year;
    if (n < 2 || (o->year && !o->kind && !(o->term && o->session)))
        return -2;
    struct buf list = BUF_INIT;
    int rc = search_combo_probe(db, o, PROBE_LOOKS, &list, d);
    if (!rc)
        rc = combo_list_rows(db, facets, &list, out, d);
    buf_release(&list);
    return rc;
}

/* The groups of filters of few values o (search_combo_ok) wanted in out[]:
 * by department and region (read together), by proposer (from the
 * combinations the connection keeps when it keeps them, else by the filters in
 * SQL), or by year, body, kind and category (from the combinations the
 * connection keeps, read for them at state snap). Returns 0 or -1 with d set. */
static int combo_groups_read(struct db *db, const struct search_opts *o, unsigned long long snap,
                             struct aggs *const *out, struct diag *d)
{
    const struct combos *kept = search_combos_kept(db, snap);
    int r = -2;
    if (out[GROUP_DELEGATE]) {
        r = kept ? combo_kept_rows(db, o, kept, 0, out, d) : combo_probed_rows(db, o, 0, out, d);
        return r != -2 ? r
                       : agg_read(db, o, &combo_rows[GROUP_DELEGATE], 1, 1, &out[GROUP_DELEGATE],
                                  (const int[]){0}, 2, d);
    }
    if (out[GROUP_DEPARTMENT] || out[GROUP_REGION]) {
        r = search_facet_skip(db, o, kept, SKIP_LOOKS,
                              (struct aggs *const[2]){out[GROUP_DEPARTMENT], out[GROUP_REGION]}, d);
        if (r == -2)
            r = kept ? combo_kept_rows(db, o, kept, 1, out, d)
                     : combo_probed_rows(db, o, 1, out, d);
        if (r == -2)
            r = agg_read(db, o, &combo_facets, 0, NFACET, out, combo_facet_col, 2, d);
        if (r)
            return -1;
        for (size_t i = 0; out[GROUP_REGION] && i < out[GROUP_REGION]->n; i++) {
            agg_set_latest(&out[GROUP_REGION]->v[i], NULL);
        }
        return 0;
    }
    const struct combos *cs = search_combos(db, snap, d);
    return cs ? combo_read(o, cs, out, d) : -1;
}

/* Groupings read together for filters of few values: the departments and the
 * regions (the same rows of facet_count), or the years, bodies, kinds and
 * categories (the combinations themselves). */
#define FACET_MANY(g) ((g) == GROUP_DEPARTMENT || (g) == GROUP_REGION)

/* The memo of o's groups (search_facet_ok with a department or a region, or
 * search_combo_ok) holding grouping g, or with `all` every grouping but the
 * proposers (those of a department or a region; the statistics' count adds
 * one of them up), read where it does not: *out is the connection's, for the
 * state of the archive it reads. Returns 0,
 * -2 when the connection cannot keep them (a transaction that has written),
 * -1 with d set. */
static int facet_memo_get(struct db *db, const struct search_opts *o, enum search_group g, int all,
                          struct facet_memo **out, struct diag *d)
{
    if (!sqlite3_get_autocommit(db_sqlite(db)) && !db_read_snapshot(db))
        return -2;
    int combo = search_combo_ok(o);
    int q = o->query && *o->query;
    /* A read of the archive holds its state while the groups are compared
     * with it and, if they differ, read. */
    sqlite3_stmt *hold = NULL;
    struct facet_memo *m = db_memo(db, DB_MEMO_GROUPS), *fresh = NULL;
    char *filters = facet_filters(o);
    unsigned long long snap = 0;
    int rc = -1;
    if (!filters) {
        diag_error(d, "out of memory");
        goto done;
    }
    if (search_hold_read(db, &hold, &snap, d))
        goto done;
    int same = m && snap && m->snap == snap && !strcmp(m->filters, filters);
    /* The first grouping of these filters adds up its own field (a listing
     * asks for one); the next adds up every other one (the statistics ask
     * for them all). The replies keywords find are read once for them all. */
    int want[NFACET] = {0}, need = 0;
    for (int i = 1; i < NFACET; i++) {
        int field = combo ? g != GROUP_DELEGATE && FACET_MANY(i) == FACET_MANY(g)
                    : q   ? g != GROUP_DELEGATE
                          : all || (g != GROUP_DELEGATE && (same || i == (int)g));
        want[i] = field && !(same && m->have[i]);
    }
    want[GROUP_DELEGATE] = g == GROUP_DELEGATE && !(same && m->have[g]);
    for (int i = 0; i < NFACET; i++)
        need |= want[i];
    if (need) {
        if (!same) {
            if (!(fresh = calloc(1, sizeof *fresh))) {
                diag_error(d, "out of memory");
                goto done;
            }
            fresh->snap = snap;
            fresh->filters = filters;
            filters = NULL;
            m = fresh;
        }
        struct aggs *into[NFACET];
        int nwant = 0, w = 0; /* how many, and one of them */
        for (int i = 0; i < NFACET; i++) {
            into[i] = want[i] ? &m->a[i] : NULL;
            nwant += want[i];
            w = want[i] ? i : w;
        }
        int failed = -2;
        if (q) {
            /* keywords: every grouping from the letters' codes, when they can */
            struct aggs got[NFACET];
            struct aggs *every[NFACET];
            memset(got, 0, sizeof got);
            for (int i = 0; i < NFACET; i++)
                every[i] = m->have[i] ? NULL : &got[i];
            failed = search_code_groups(db, o, every, d);
            for (int i = 0; i < NFACET; i++) {
                if (failed || !every[i])
                    aggs_release(&got[i]);
                else {
                    m->a[i] = got[i];
                    m->have[i] = 1;
                }
            }
        }
        /* facet_count's and the combinations' departments and regions by their
         * numbers, the others' fields by their text */
        for (int i = 0; failed == -2 && i < NFACET; i++)
            if (into[i] && !(q && !want[GROUP_DELEGATE]) &&
                (!combo || i == GROUP_DEPARTMENT || i == GROUP_REGION))
                into[i]->code_dim = facet_code_dim[i];
        if (failed != -2)
            ;
        else if (combo)
            failed = combo_groups_read(db, o, snap, into, d);
        else if (q && !want[GROUP_DELEGATE])
            failed = agg_read(db, o, &query_all, 0, NFACET, into, facet_col, 6, d);
        else if (nwant == 1)
            failed = agg_read(db, o, w == GROUP_DELEGATE ? &delegate_rows : &facet_rows[w],
                              w == GROUP_DELEGATE, 1, &into[w], (const int[]){0}, 2, d);
        else
            failed = agg_read(db, o, &facet_all, 0, NFACET, into, facet_col, 6, d);
        if (failed) {
            if (!fresh)
                db_set_memo(db, DB_MEMO_GROUPS, NULL, NULL); /* m, partly added up */
            goto done;
        }
        for (int i = 0; i < NFACET; i++)
            m->have[i] |= want[i];
        if (fresh) {
            db_set_memo(db, DB_MEMO_GROUPS, fresh, facet_memo_free);
            fresh = NULL;
        }
    }
    *out = m;
    rc = 0;
done:
    db_release_kept(db, hold);
    facet_memo_free(fresh);
    free(filters);
    return rc;
}

/* Grouping g of the combinations o selects (search_facet_ok with a department
 * or a region, or search_combo_ok) or of the replies keywords find, in the
 * order of group_shapes; by proposer, of their replies' proposers
 * (delegate_rows, combo_rows), kept with the groups of the same filters. -2:
 * filters of few values grouped by a field of few values, or keywords grouped
 * by a field, that the connection cannot keep. */
static long facet_group(struct db *db, const struct search_opts *o, enum search_group g,
                        search_group_cb cb, void *ctx, struct diag *d)
{
    struct facet_memo *m = NULL;
    int r = facet_memo_get(db, o, g, 0, &m, d);
    int combo = search_combo_ok(o);
    int q = o->query && *o->query;
    if (r == -2 && ((combo && !FACET_MANY(g)) || q) && g != GROUP_DELEGATE)
        return -2; /* (grouped in SQL) */
    if (r == -2)
        return hash_group(db, o, g,
                          combo                 ? &combo_rows[g]
                          : g == GROUP_DELEGATE ? &delegate_rows
                                                : &facet_rows[g],
                          cb, ctx, d);
    if (r < 0)
        return -1;
    long rows = agg_emit(db, o, g, &m->a[g], cb, ctx, d);
    if (g == GROUP_DELEGATE && m->a[g].n > DELEGATE_MEMO_MAX) {
        aggs_release(&m->a[g]);
        m->a[g] = (struct aggs){NULL, 0, 0, SLOTS_INIT, 0};
        m->have[g] = 0;
    }
    return rows;
}

/* The replies keywords o find, every copy counted: the sum of their groups by
 * year, as their statistics add them up (from the letters' codes, else from
 * the rows); -2 when it cannot answer so, -1 with d set. */
static long long keyword_year_count(struct db *db, const struct search_opts *o, struct diag *d)
{
    if (o->exhaustive || (!o->all_copies && search_has_copies(db)))
        return -2;
    struct facet_memo *m = NULL;
    int r = facet_memo_get(db, o, GROUP_YEAR, 1, &m, d);
    if (r < 0)
        return r;
    long long n = 0;
    for (size_t i = 0; i < m->a[GROUP_YEAR].n; i++)
        n += m->a[GROUP_YEAR].v[i].n;
    return n;
}

/* search_group_count; with load, filters of few values counted from the
 * combinations the connection keeps, read if it does not keep them yet. */
static long long group_count(struct db *db, const struct search_opts *o, int load, struct diag *d);

long long search_stats_count(struct db *db, const struct search_opts *o, struct diag *d)
{
    long long n = -2;
    char ybuf[16];
    const char *val;
    if (o->query && *o->query)
        n = keyword_year_count(db, o, d);
    else if (search_combo_ok(o) && !search_cross_filter(o, ybuf, &val))
        /* several filters of few values: the statistics group the
         * combinations the connection keeps next (one filter alone reads its
         * counts, reply_cross) */
        n = group_count(db, o, 1, d);
    return n == -2 ? search_count(db, o, d) : n;
}

long long search_group_count(struct db *db, const struct search_opts *o, struct diag *d)
{
    return group_count(db, o, 0, d);
}

static long long group_count(struct db *db, const struct search_opts *o, int load, struct diag *d)
{
    /* Keywords with filters: the sum of their groups by year; keywords alone
     * are counted from the index. */
    if (o->query && *o->query)
        return search_no_filters(o) ? -2 : keyword_year_count(db, o, d);
    if (!search_facet_ok(o, 0) || (!search_combo_ok(o) && !o->department && !o->region) ||
        (!o->all_copies && search_has_copies(db)))
        return -2;
    long long n = 0;
    if (search_combo_ok(o)) {
        if (!sqlite3_get_autocommit(db_sqlite(db)) && !db_read_snapshot(db))
            return -2;
        sqlite3_stmt *hold = NULL;
        unsigned long long snap;
        const struct combos *cs = NULL;
        if (search_hold_read(db, &hold, &snap, d))
            n = -1;
        else if (!(cs = load ? search_combos(db, snap, d) : search_combos_kept(db, snap)))
            n = load ? -1 : -2; /* (else counted in SQL) */
        else {
            struct combo_filter f;
            search_combo_filter(&f, o, cs);
            for (size_t i = 0; i < cs->n; i++)
                if (search_combo_selects(&cs->v[i], &f))
                    n += cs->v[i].n;
        }
        db_release_kept(db, hold);
        return n;
    }
    /* Every reply is in one group of years (that of none included). */
    struct facet_memo *m = NULL;
    int r = facet_memo_get(db, o, GROUP_YEAR, 1, &m, d);
    if (r < 0)
        return r;
    for (size_t i = 0; i < m->a[GROUP_YEAR].n; i++)
        n += m->a[GROUP_YEAR].v[i].n;
    return n;
}

/* ---- Several filters of few values: one filter's groups less the rest ----
 *
 * The regions, departments and proposers of the combinations that several
 * filters of few values select (人大 and 建议) are nearly a row a reply. One of
 * those filters alone (建议) may select nearly the same replies, and reply_cross
 * keeps its groups, largest first: those groups less the groups of the
 * combinations it selects and the other filters do not (政协's 建议) are the
 * groups of the filters together, read from the largest down until the page is
 * decided. Used for a page of groups (a limit) of filters of years, bodies,
 * kinds and categories (reply_cross counts the replies of each two of them
 * together, not with a term or a session), when those combinations hold a
 * quarter of the replies of the filters together at most. A group's newest
 * date may be one of the replies taken away: when such a group may be on the
 * page, the combinations are read instead (regions: no newest date, query.h). */
#define LESS_SHARE 4
/* The largest page (offset and limit) read so. */
#define LESS_PAGE_MAX 10000

/* The one filter of o whose value holds the fewest replies (reply_cross), by
 * its number there (CROSS_YEAR .. CROSS_CATEGORY), its value in *val (ybuf: a
 * year); 0 when o has none of year, body, kind and
 * category, when the replies of two of them together (reply_cross too: as
 * many as those of o at least) show that that filter alone selects too many
 * others, or with *failed set and d set. */
static int less_source(struct db *db, const struct search_opts *o, char ybuf[16], const char **val,
                       long long *alone, int *failed, struct diag *d)
{
    const char *v[4];
    int f[4]; /* CROSS_YEAR .. CROSS_CATEGORY */
    long long n[4];
    int nf = 0;
    if (o->year) {
        snprintf(ybuf, 16, "%04d", o->year);
        f[nf] = CROSS_YEAR, v[nf++] = ybuf;
    }
    if (o->body)
        f[nf] = CROSS_BODY, v[nf++] = o->body;
    if (o->kind)
        f[nf] = CROSS_KIND, v[nf++] = o->kind;
    if (o->category)
        f[nf] = CROSS_CATEGORY, v[nf++] = o->category;
    if (!nf)
        return 0;
    sqlite3_stmt *st = NULL;
    if (db_prepare_kept(db,
                        "SELECT coalesce((SELECT n FROM reply_cross_recent WHERE f = ?1 AND "
                        "fk = ?2 AND dim = ?3 AND k = coalesce(?4, 0)), (SELECT n FROM "
                        "reply_cross WHERE f = ?1 AND fk = ?2 AND dim = ?3 AND "
                        "k = coalesce(?4, 0)), 0)",
                        &st, d)) {
        *failed = 1;
        return 0;
    }
    /* n[i]: filter i alone; most: the replies of o at most */
    int best = 0;
    long long most = -1;
    for (int i = 0; i < nf && !*failed; i++)
        for (int j = i; j < nf; j++) {
            sqlite3_bind_int(st, 1, f[i]);
            sqlite3_bind_text(st, 2, v[i], -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 3, j == i ? CROSS_TOTAL : f[j]);
            if (j == i)
                sqlite3_bind_null(st, 4);
            else
                sqlite3_bind_text(st, 4, v[j], -1, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_ROW) {
                diag_error(d, "database '%s': counting: %s", db_path(db),
                           sqlite3_errmsg(db_sqlite(db)));
                *failed = 1;
                break;
            }
            long long c = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
            if (j == i) {
                n[i] = c;
                if (c < n[best])
                    best = i;
            }
            if (most < 0 || c < most)
                most = c;
        }
    db_release_kept(db, st);
    if (*failed || (n[best] - most) * LESS_SHARE > most)
        return 0;
    *val = v[best];
    *alone = n[best];
    return f[best];
}

/* The combinations filter f of o selects (alone: its replies) and the other
 * filters of o do not, as their keys in *out. Returns 0, -1 with d set, or 1
 * when they hold more than the replies of o / LESS_SHARE (as soon as that
 * shows). */
static int less_combos(struct db *db, const struct search_opts *o, int f, long long alone,
                       const struct combos *cs, struct aggs *out, struct diag *d)
{
    struct search_opts one;
    search_opts_init(&one);
    one.all_copies = o->all_copies;
    if (f == CROSS_YEAR)
        one.year = o->year;
    else if (f == CROSS_BODY)
        one.body = o->body;
    else if (f == CROSS_KIND)
        one.kind = o->kind;
    else
        one.category = o->category;
    struct sqlb all = {BUF_INIT, NULL, 0, 0, 0, 0}, one_sql = {BUF_INIT, NULL, 0, 0, 0, 0};
    struct buf sql = BUF_INIT;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    long long left = 0;
    if (cs) {
        /* from those the connection keeps */
        struct combo_filter fo, fone;
        search_combo_filter(&fo, o, cs);
        search_combo_filter(&fone, &one, cs);
        for (size_t i = 0; i < cs->n; i++) {
            const struct combo *c = &cs->v[i];
            if (!search_combo_selects(c, &fone) || search_combo_selects(c, &fo))
                continue;
            left += c->n;
            if (left * LESS_SHARE > alone - left)
                return 1;
            if (agg_add(out, 0, c->k, 0, c->n, NULL))
                return diag_error(d, "out of memory");
        }
        return 0;
    }
    if (search_filters_sql(db, o, &all, d) || search_filters_sql(db, &one, &one_sql, d))
        goto done;
    /* o's clauses on the row of each combination filter f selects */
    buf_adds(&sql, "SELECT r.k, r.n, coalesce((1");
    buf_add(&sql, all.where.data, all.where.len);
    buf_adds(&sql, "), 0) FROM reply_combo r WHERE 1");
    buf_add(&sql, one_sql.where.data, one_sql.where.len);
    if (buf_failed(&sql) || all.failed || one_sql.failed) {
        diag_error(d, "out of memory");
        goto done;
    }
    if (db_prepare_kept(db, sql.data, &st, d))
        goto done;
    sqlb_bind(st, sqlb_bind(st, 1, &all), &one_sql);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_int(st, 2))
            continue;
        long long n = sqlite3_column_int64(st, 1);
        left += n;
        if (left * LESS_SHARE > alone - left) {
            rc = 1;
            goto done;
        }
        if (agg_add(out, 0, (const char *)sqlite3_column_text(st, 0), 0, n, NULL)) {
            diag_error(d, "out of memory");
            goto done;
        }
    }
    rc = s == SQLITE_DONE ? 0 : grouping_failed(db, d);
done:
    db_release_kept(db, st);
    sqlb_release(&all);
    sqlb_release(&one_sql);
    buf_release(&sql);
    return rc;
}

/* The groups of the combinations of combos (grouping g: a department, a
 * region or a proposer) added up in *out. Returns 0 or -1 with d set. */
static int less_groups(struct db *db, enum search_group g, const struct aggs *combos,
                       struct aggs *out, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    const char *sql = g == GROUP_DELEGATE ? "SELECT dl.name, c.n, c.latest FROM (" COMBO_LIST_BOTH
                                            ") c CROSS JOIN delegate dl ON dl.id = c.delegate_id"
                      : g == GROUP_DEPARTMENT
                          ? COMBO_LIST_FACETS(NAMED(1, "f.department") ", f.n, f.date")
                          : COMBO_LIST_FACETS(NAMED(3, "f.region") ", f.n, NULL");
    if (!combos->n)
        return 0;
    if (db_prepare_kept(db, sql, &st, d))
        return -1;
    struct aggs *const into[2] = {out, NULL};
    struct buf list = BUF_INIT;
    for (size_t i = 0; i < combos->n; i++)
        search_combo_list_add(&list, combos->v[i].key);
    int rc = combo_rows_add(db, st, &list, 0, into, d);
    db_release_kept(db, st);
    buf_release(&list);
    return rc;
}

/* The groups less_groups gave for the last filters (facet_filters, which
 * holds whether every copy counts), a grouping each, kept with the connection
 * for the state of the archive it reads, in a facet_memo of its own: a page of
 * them asked again, or the statistics' three groupings of the same filters
 * again, reads only the largest groups of one filter (reply_cross). At most
 * DELEGATE_MEMO_MAX groups a grouping. The connection's memo for o at state
 * snap (a new one when the filters or the state differ); NULL when memory
 * runs out, and then nothing is kept. */
static struct facet_memo *less_memo_get(struct db *db, const struct search_opts *o,
                                        unsigned long long snap)
{
    char *filters = facet_filters(o);
    if (!filters)
        return NULL;
    struct facet_memo *m = db_memo(db, DB_MEMO_LESS);
    if (m && m->snap == snap && !strcmp(m->filters, filters)) {
        free(filters);
        return m;
    }
    db_set_memo(db, DB_MEMO_LESS, NULL, NULL);
    if (!(m = calloc(1, sizeof *m))) {
        free(filters);
        return NULL;
    }
    m->snap = snap;
    m->filters = filters;
    db_set_memo(db, DB_MEMO_LESS, m, facet_memo_free);
    return m;
}

/* Grouping g (a department, a region or a proposer) of the combinations of
 * several filters of few values, as one filter's groups less the others'.
 * Returns the rows passed to cb, -1 with d set, or -2 when it does not answer
 * (the combinations are read instead). */
static long less_group(struct db *db, const struct search_opts *o, enum search_group g,
                       search_group_cb cb, void *ctx, struct diag *d)
{
    /* The page's groups, ties with its last one included: those of the want
     * largest counts (heap) and any as large; once the counts of f's groups
     * fall below the least of them, no other can be on the page. Every group
     * (no limit) is as many rows either way. */
    size_t want = (size_t)(o->offset > 0 ? o->offset : 0) + (size_t)o->limit;
    if (o->limit < 0 || want > LESS_PAGE_MAX || o->term || o->session)
        return -2;
    char ybuf[16];
    const char *val = NULL;
    int failed = 0;
    long long alone = 0;
    int f = less_source(db, o, ybuf, &val, &alone, &failed, d);
    if (!f)
        return failed ? -1 : -2;
    struct aggs combos = {NULL, 0, 0, SLOTS_INIT, 0}, less = {NULL, 0, 0, SLOTS_INIT, 0},
                out = {NULL, 0, 0, SLOTS_INIT, 0};
    sqlite3_stmt *st = NULL, *hold = NULL;
    long long *heap = NULL;
    long rows = -1;
    /* The combinations the connection keeps, when it can */
    const struct combos *cs = NULL;
    unsigned long long snap = 0;
    int r = 0;
    if ((sqlite3_get_autocommit(db_sqlite(db)) || db_read_snapshot(db)) &&
        search_hold_read(db, &hold, &snap, d))
        r = -1;
    else
        cs = search_combos_kept(db, snap); /* else in SQL */
    if (r)
        goto done;
    /* the groups taken away: kept, or read (and kept) */
    struct facet_memo *lm = snap ? less_memo_get(db, o, snap) : NULL;
    const struct aggs *away = lm && lm->have[g] ? &lm->a[g] : &less;
    if (away == &less) {
        if ((r = less_combos(db, o, f, alone, cs, &combos, d)) ||
            less_groups(db, g, &combos, &less, d))
            goto done;
        if (lm && less.n <= DELEGATE_MEMO_MAX) {
            lm->a[g] = less;
            lm->have[g] = 1;
            less = (struct aggs){NULL, 0, 0, SLOTS_INIT, 0};
            away = &lm->a[g];
        }
    }
    struct counted_read cr;
    if (counted_open(db, &cr, g, f, val, d) <= 0)
        goto done;
    st = cr.st;
    size_t nheap = 0;
    if (want && !(heap = malloc(want * sizeof *heap))) {
        diag_error(d, "out of memory");
        goto done;
    }
    int s;
    int unsure = 0;         /* a group whose newest date may have been taken away */
    long long unsure_n = 0; /* the largest such group */
    while ((s = counted_step(db, &cr, d)) == SQLITE_ROW) {
        st = cr.st;
        const char *key = (const char *)sqlite3_column_text(st, 0);
        long long n = sqlite3_column_int64(st, 2);
        if (want && nheap == want && heap[0] > n)
            break;
        if (o->limit == 0)
            break;
        const char *latest = (const char *)sqlite3_column_text(st, 3);
        const struct agg *t = agg_find(away, key);
        if (t)
            n -= t->n;
        if (n <= 0)
            continue;
        if (t && agg_latest(t) && latest && !strcmp(agg_latest(t), latest) &&
            (!unsure || n > unsure_n))
            unsure = 1, unsure_n = n;
        const char *extra = (const char *)sqlite3_column_text(st, 1);
        if (agg_add(&out, 0, key, 0, n, latest) ||
            (extra && !(out.v[out.n - 1].extra = agg_dup(extra)))) {
            diag_error(d, "out of memory");
            goto done;
        }
        if (want)
            agg_heap_keep(heap, &nheap, want, n);
    }
    st = cr.st; /* the statement read last */
    if (s != SQLITE_ROW && s != SQLITE_DONE) {
        grouping_failed(db, d);
        goto done;
    }
    db_release_kept(db, st);
    st = NULL;
    if (unsure && (nheap < want || unsure_n >= heap[0])) {
        rows = -2;
        goto done;
    }
    rows = agg_emit(db, o, g, &out, cb, ctx, d);
done:
    db_release_kept(db, st);
    db_release_kept(db, hold);
    free(heap);
    aggs_release(&combos);
    aggs_release(&less);
    aggs_release(&out);
    return r > 0 ? -2 : rows;
}

long search_group(struct db *db, const struct search_opts *o, enum search_group g,
                  search_group_cb cb, void *ctx, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    int fts;
    int q = o->query && *o->query;
    long qrows;
    /* Without filters from the counts of each value; with filters of the
     * fields of few values, from their combinations; with the filters the
     * combinations know, from those (not the proposers); else from the rows. */
    const struct group_shape *shape = !q && search_no_filters(o) ? &count_shapes[g]
                                      : search_combo_ok(o)       ? &combo_shapes[g]
                                      : g != GROUP_DELEGATE && search_facet_ok(o, q)
                                          ? &facet_shapes[g]
                                          : &group_shapes[g];
    /* One filter of many replies alone (a year, a body, a kind, a category):
     * from the counts of its value. */
    char ybuf[16];
    const char *val = NULL;
    int cross = search_cross_filter(o, ybuf, &val);
    /* From reply_cross, or from reply_count without filters (search/counted.h) */
    struct counted_read cr;
    int parts = cross || shape == &count_shapes[g] ? counted_open(db, &cr, g, cross, val, d) : 0;
    if (parts < 0)
        return -1;
    else if (parts)
        st = cr.st; /* its rows read below, by counted_step */
    else if (shape == &combo_shapes[g]) {
        /* A page of regions, departments or proposers as one filter's groups
         * less the others', else from what the connection keeps */
        int many = g == GROUP_DELEGATE || g == GROUP_DEPARTMENT || g == GROUP_REGION;
        long rows = many ? less_group(db, o, g, cb, ctx, d) : -2;
        if (rows == -2)
            rows = facet_group(db, o, g, cb, ctx, d);
        if (rows != -2)
            return rows;
        if (search_prepare(db, o, 0, shape, NULL, &st, &fts, d))
            return -1;
    }
    /* The proposers of the replies themselves (a department, a region,
     * keywords...): their links added up in memory, not sorted by SQLite;
     * those of a department or a region kept with its groups. */
    else if (shape == &group_shapes[GROUP_DELEGATE] && !o->exhaustive)
        return (search_facet_ok(o, q) && (o->department || o->region)) || q
                   ? facet_group(db, o, g, cb, ctx, d)
                   : hash_group(db, o, g, &delegate_rows, cb, ctx, d);
    else if (shape == &facet_shapes[g])
        return facet_group(db, o, g, cb, ctx, d);
    /* Keywords: the replies they find added up every way at once, kept with
     * the connection (else grouped in SQL) */
    else if (q && !o->exhaustive && (qrows = facet_group(db, o, g, cb, ctx, d)) != -2)
        return qrows;
    else if (search_prepare(db, o, 0, shape, NULL, &st, &fts, d))
        return -1;
    long rows = 0;
    int s;
    long skip = o->offset;
    while ((s = parts ? counted_step(db, &cr, d) : sqlite3_step(st)) == SQLITE_ROW) {
        if (parts)
            st = cr.st;
        if (skip > 0) {
            skip--;
            continue;
        }
        if (o->limit >= 0 && rows >= o->limit)
            break;
        /* reply_count's key k is the integer 0 for the replies without one */
        const char *key = shape == &count_shapes[g] && sqlite3_column_type(st, 0) == SQLITE_INTEGER
                              ? NULL
                              : (const char *)sqlite3_column_text(st, 0);
        const char *extra = (const char *)sqlite3_column_text(st, 1);
        long long n = sqlite3_column_int64(st, 2);
        const char *latest = (const char *)sqlite3_column_text(st, 3);
        rows++;
        if (cb && cb(ctx, key, extra, n, latest))
            break;
    }
    if (parts)
        st = cr.st;
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        rows = grouping_failed(db, d);
    db_release_kept(db, st);
    return rows;
}
