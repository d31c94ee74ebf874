/* top: the first phase of a ranked search (see top.h). */
#include "search/top.h"

#include <stdlib.h>

/* The most hits the first phase of a ranked search (top_hits) fetches. */
#define TOP_HITS_MAX 10000

static int copy_hidden(struct db *db, struct copies *c, long long id, int *hidden, struct diag *d)
{
    *hidden = 0;
    if (!c)
        return 0;
    if (!c->st &&
        sqlite3_prepare_v2(db_sqlite(db), "SELECT 1 FROM similar_copy WHERE id = ?1 AND grp <> id",
                           -1, &c->st, NULL) != SQLITE_OK)
        return diag_error(d, "database '%s': preparing the search: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    sqlite3_reset(c->st);
    sqlite3_bind_int64(c->st, 1, id);
    int s = sqlite3_step(c->st);
    if (s == SQLITE_ROW)
        *hidden = 1;
    else if (s != SQLITE_DONE)
        return diag_error(d, "database '%s': searching: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    return 0;
}

/* For a search with keywords and no filters (prepare_search decides), match
 * being its MATCH expression. Returns 1 with t filled, 0 when the search should
 * take the one-phase way, -1 with d set. */
int search_top_hits(struct db *db, const struct search_opts *o, const char *match, struct copies *c,
                    struct top *t, struct diag *d)
{
    if ((o->sort != SORT_DEFAULT && o->sort != SORT_RANK) || o->limit < 0 || o->offset < 0 ||
        o->limit + o->offset >= TOP_HITS_MAX)
        return 0;
    long want = o->limit + o->offset;
    int r;
    t->id = malloc(((size_t)want + 1) * sizeof *t->id);
    t->rank = malloc(((size_t)want + 1) * sizeof *t->rank);
    sqlite3_stmt *st = NULL;
    if (!t->id || !t->rank) {
        r = diag_error(d, "out of memory");
        goto done;
    }
    if (sqlite3_prepare_v2(db_sqlite(db),
                           "SELECT rowid, rank FROM reply_fts WHERE reply_fts MATCH ?1 "
                           "AND rank MATCH '" RANK_ARGS "' ORDER BY rank LIMIT ?2",
                           -1, &st, NULL) != SQLITE_OK) {
        r = diag_error(d, "database '%s': preparing the search: %s", db_path(db),
                       sqlite3_errmsg(db_sqlite(db)));
        goto done;
    }
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    /* Hidden copies take places among the hits FTS5 gives: fetch again, four
     * times as many, while they leave the page short. */
    long fetch = want + 1;
    int s;
    for (;;) {
        long seen = 0;
        t->n = 0;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 2, fetch);
        while (t->n < want + 1 && (s = sqlite3_step(st)) == SQLITE_ROW) {
            seen++;
            long long id = sqlite3_column_int64(st, 0);
            int hidden;
            if (copy_hidden(db, c, id, &hidden, d)) {
                r = -1;
                goto done;
            }
            if (hidden)
                continue;
            t->id[t->n] = id;
            t->rank[t->n] = sqlite3_column_double(st, 1);
            t->n++;
        }
        if (t->n == want + 1)
            s = SQLITE_DONE;
        if (s != SQLITE_DONE || t->n == want + 1 || seen < fetch || fetch >= TOP_HITS_MAX * 4)
            break;
        fetch *= 4;
    }
    if (s != SQLITE_DONE) {
        r = diag_error(d, "database '%s': searching: %s", db_path(db),
                       sqlite3_errmsg(db_sqlite(db)));
        goto done;
    }
    if (t->n < want + 1 && fetch >= TOP_HITS_MAX * 4) {
        r = 0; /* too many hidden copies: the one-phase way */
        goto done;
    }
    long group = 0;
    buf_addch(&t->json, '[');
    for (long i = 0; i < t->n && i < want; i++) {
        if (i && t->rank[i] != t->rank[i - 1])
            group++;
        buf_printf(&t->json, "%s[%lld,%ld]", i ? "," : "", t->id[i], group);
    }
    buf_addch(&t->json, ']');
    if (buf_failed(&t->json))
        r = diag_error(d, "out of memory");
    else
        r = !(t->n == want + 1 && want > 0 && t->rank[want] == t->rank[want - 1]);
done:
    sqlite3_finalize(st);
    return r;
}

/* The first phase of a ranked search for one frequent term without filters,
 * from the term's best hits kept at import (store/topk.h): fills t as top_hits
 * does, every hit tied with the page's last included, so the second phase breaks
 * the ties by date as the one-phase way does. Returns 1, 0 when reply_top cannot
 * answer, -1 with d set. */
int search_kept_hits(struct db *db, const struct search_opts *o, const char *match,
                     struct copies *c, struct top *t, struct diag *d)
{
    if ((o->sort != SORT_DEFAULT && o->sort != SORT_RANK) || o->limit < 0 || o->offset < 0 ||
        o->exhaustive || o->limit + o->offset > TOPK_DEPTH)
        return 0;
    long want = o->limit + o->offset;
    struct buf key = BUF_INIT;
    struct topk_hit *h = NULL;
    long n = 0, shown = 0;
    long long count = 0;
    int r = topk_key(match, &key);
    /* Hidden copies take places: ask for as many more as they took, while the
     * kept hits reach that deep. Every hit tied with the last shown one is
     * among those asked for, since topk_hits gives the ties of its last. */
    for (long ask = want; r == 1;) {
        free(h);
        h = NULL;
        r = topk_hits(db, key.data, ask, &h, &n, &count, d);
        if (r != 1)
            break;
        shown = 0;
        for (long i = 0; i < n; i++) {
            int hidden;
            if (copy_hidden(db, c, h[i].id, &hidden, d)) {
                r = -1;
                break;
            }
            if (hidden)
                h[i].id = -1;
            else
                shown++;
        }
        if (r != 1 || shown >= want || n < ask)
            break;
        ask += want - shown;
        if (ask > TOPK_DEPTH)
            r = 0;
    }
    if (r == 1) {
        t->id = malloc(((size_t)shown + 1) * sizeof *t->id);
        t->rank = malloc(((size_t)shown + 1) * sizeof *t->rank);
        if (!t->id || !t->rank)
            r = diag_error(d, "out of memory");
        long group = 0, k = 0;
        buf_addch(&t->json, '[');
        for (long i = 0; r == 1 && i < n; i++) {
            if (h[i].id < 0)
                continue;
            if (k && h[i].rank != t->rank[k - 1])
                group++;
            t->id[k] = h[i].id;
            t->rank[k] = h[i].rank;
            buf_printf(&t->json, "%s[%lld,%ld]", k ? "," : "", h[i].id, group);
            k++;
        }
        buf_addch(&t->json, ']');
        t->n = r == 1 ? k : 0;
    }
    free(h);
    buf_release(&key);
    return r;
}

/* The number of hits of one kept term without filters (store/topk.h). Returns 1
 * with *count, 0 when reply_top cannot say, -1 with d set. */
int search_kept_count(struct db *db, const struct search_opts *o, const char *match,
                      long long *count, struct diag *d)
{
    if (o->exhaustive)
        return 0;
    struct buf key = BUF_INIT;
    struct topk_hit *h = NULL;
    long n = 0;
    int r = topk_key(match, &key);
    if (r == 1)
        r = topk_hits(db, key.data, 0, &h, &n, count, d);
    free(h);
    buf_release(&key);
    return r;
}
