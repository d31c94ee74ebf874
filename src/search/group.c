/* group: the hits of a search counted by a field or proposer (see query.h),
 * from the counts kept at import when they can answer. */
#include <stdio.h>
#include <stdlib.h>

#include "search/query.h"
#include "search/query_int.h"

static const struct group_shape id_shape = {"r.id, NULL, 1, NULL", NULL, "r.id", "1", NULL};

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

static const struct group_shape group_shapes[] = {
    [GROUP_DELEGATE] = {"dl.name, dl.pinyin, count(DISTINCT r.id), max(r.date)",
                        "JOIN reply_delegate rd ON rd.reply_id = r.id "
                        "JOIN delegate dl ON dl.id = rd.delegate_id",
                        "dl.id", "3 DESC, 1", NULL},
    [GROUP_DEPARTMENT] = {"r.department, NULL, count(*), max(r.date)", NULL, "r.department",
                          "3 DESC, 1", NULL},
    [GROUP_YEAR] = {"substr(r.date, 1, 4), NULL, count(*), max(r.date)", NULL,
                    "substr(r.date, 1, 4)", "1 DESC", NULL},
    [GROUP_BODY] = {"r.body, NULL, count(*), max(r.date)", NULL, "r.body", "3 DESC, 1", NULL},
    [GROUP_KIND] = {"r.kind, NULL, count(*), max(r.date)", NULL, "r.kind", "3 DESC, 1", NULL},
    [GROUP_CATEGORY] = {"r.category, NULL, count(*), max(r.date)", NULL, "r.category", "1", NULL},
    [GROUP_REGION] = {"r.region, NULL, count(*), max(r.date)", NULL, "r.region", "3 DESC, 1", NULL},
};

/* The same groupings from the replies counted by combination (schema 007). */
static const struct group_shape facet_shapes[] = {
    [GROUP_DELEGATE] = {0}, /* (not counted by combination) */
    [GROUP_DEPARTMENT] = {"r.department, NULL, sum(r.n), max(r.date)", NULL, "r.department",
                          "3 DESC, 1", "reply_facet r"},
    [GROUP_YEAR] = {"substr(r.date, 1, 4), NULL, sum(r.n), max(r.date)", NULL,
                    "substr(r.date, 1, 4)", "1 DESC", "reply_facet r"},
    [GROUP_BODY] = {"r.body, NULL, sum(r.n), max(r.date)", NULL, "r.body", "3 DESC, 1",
                    "reply_facet r"},
    [GROUP_KIND] = {"r.kind, NULL, sum(r.n), max(r.date)", NULL, "r.kind", "3 DESC, 1",
                    "reply_facet r"},
    [GROUP_CATEGORY] = {"r.category, NULL, sum(r.n), max(r.date)", NULL, "r.category", "1",
                        "reply_facet r"},
    [GROUP_REGION] = {"r.region, NULL, sum(r.n), max(r.date)", NULL, "r.region", "3 DESC, 1",
                      "reply_facet r"},
};

/* With filters of the fields of few values only, from the counts of the
 * combinations of those fields (schema 018): the regions and departments of
 * the combinations that match are the ranges of reply_facet's key that start
 * with them, their proposers their rows of reply_combo_delegate. */
#define COMBO_FACETS "CROSS JOIN reply_facet f ON f.k >= r.k || '|' AND f.k < r.k || '}'"
static const struct group_shape combo_shapes[] = {
    [GROUP_DELEGATE] = {"dl.name, dl.pinyin, sum(c.n), max(c.latest)",
                        "CROSS JOIN reply_combo_delegate c ON c.combo = r.k "
                        "CROSS JOIN delegate dl ON dl.id = c.delegate_id",
                        "c.delegate_id", "3 DESC, 1", "reply_combo r"},
    [GROUP_DEPARTMENT] = {"f.department, NULL, sum(f.n), max(f.date)", COMBO_FACETS, "f.department",
                          "3 DESC, 1", "reply_combo r"},
    [GROUP_YEAR] = {"r.date, NULL, sum(r.n), NULL", NULL, "r.date", "1 DESC", "reply_combo r"},
    [GROUP_BODY] = {"r.body, NULL, sum(r.n), NULL", NULL, "r.body", "3 DESC, 1", "reply_combo r"},
    [GROUP_KIND] = {"r.kind, NULL, sum(r.n), NULL", NULL, "r.kind", "3 DESC, 1", "reply_combo r"},
    [GROUP_CATEGORY] = {"r.category, NULL, sum(r.n), NULL", NULL, "r.category", "1",
                        "reply_combo r"},
    [GROUP_REGION] = {"f.region, NULL, sum(f.n), max(f.date)", COMBO_FACETS, "f.region",
                      "3 DESC, 1", "reply_combo r"},
};

/* Without any filter, from the counts of each field's values (schema 007). */
#define COUNTED(dim) "(SELECT key, n, latest FROM reply_count WHERE dim = '" dim "') c"
static const struct group_shape count_shapes[] = {
    [GROUP_DELEGATE] = {"dl.name, dl.pinyin, dl.n, dl.latest", NULL, NULL, "3 DESC, 1",
                        "delegate_stat dl"},
    [GROUP_DEPARTMENT] = {"c.key, NULL, c.n, c.latest", NULL, NULL, "3 DESC, 1",
                          COUNTED("department")},
    [GROUP_YEAR] = {"c.key, NULL, c.n, c.latest", NULL, NULL, "1 DESC", COUNTED("year")},
    [GROUP_BODY] = {"c.key, NULL, c.n, c.latest", NULL, NULL, "3 DESC, 1", COUNTED("body")},
    [GROUP_KIND] = {"c.key, NULL, c.n, c.latest", NULL, NULL, "3 DESC, 1", COUNTED("kind")},
    [GROUP_CATEGORY] = {"c.key, NULL, c.n, c.latest", NULL, NULL, "1", COUNTED("category")},
    [GROUP_REGION] = {"c.key, NULL, c.n, c.latest", NULL, NULL, "3 DESC, 1", COUNTED("region")},
};

/* The groupings from reply_cross, in the orders of group_shapes (largest
 * first: the order of its index). */
#define CROSS_GROUP(dim, order)                                                                    \
    "SELECT key, NULL, n, latest FROM reply_cross WHERE f = ?1 AND fk = quote(?2) AND dim = '" dim \
    "' ORDER BY " order
static const char *const cross_groups[] = {
    [GROUP_DELEGATE] = "SELECT c.key, dl.pinyin, c.n, c.latest FROM reply_cross c "
                       "CROSS JOIN delegate dl ON dl.name = c.key WHERE c.f = ?1 "
                       "AND c.fk = quote(?2) AND c.dim = 'delegate' ORDER BY c.n DESC, c.key",
    [GROUP_DEPARTMENT] = CROSS_GROUP("department", "n DESC, key"),
    [GROUP_YEAR] = CROSS_GROUP("year", "key DESC"),
    [GROUP_BODY] = CROSS_GROUP("body", "n DESC, key"),
    [GROUP_KIND] = CROSS_GROUP("kind", "n DESC, key"),
    [GROUP_CATEGORY] = CROSS_GROUP("category", "key"),
    [GROUP_REGION] = CROSS_GROUP("region", "n DESC, key"),
};

long search_group(struct db *db, const struct search_opts *o, enum search_group g,
                  search_group_cb cb, void *ctx, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    int fts;
    int q = o->query && *o->query;
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
    const char *cross = search_cross_filter(o, ybuf, &val);
    if (cross) {
        if (db_prepare_kept(db, cross_groups[g], &st, d))
            return -1;
        sqlite3_bind_text(st, 1, cross, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, val, -1, SQLITE_TRANSIENT);
    } else if (search_prepare(db, o, 0, shape, NULL, &st, &fts, d))
        return -1;
    long rows = 0;
    int s;
    long skip = o->offset;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (skip > 0) {
            skip--;
            continue;
        }
        if (o->limit >= 0 && rows >= o->limit)
            break;
        const char *key = (const char *)sqlite3_column_text(st, 0);
        const char *extra = (const char *)sqlite3_column_text(st, 1);
        long long n = sqlite3_column_int64(st, 2);
        const char *latest = (const char *)sqlite3_column_text(st, 3);
        rows++;
        if (cb && cb(ctx, key, extra, n, latest))
            break;
    }
    if (s != SQLITE_ROW && s != SQLITE_DONE) {
        diag_error(d, "database '%s': grouping: %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
        rows = -1;
    }
    db_release_kept(db, st);
    return rows;
}
