#ifndef DAFU_QUERY_INT_H
#define DAFU_QUERY_INT_H
/*
 * query_int: what search/query.c and search/group.c share (not for other layers).
 */
#include <sqlite3.h>

#include "base/diag.h"
#include "search/query.h"
#include "store/db.h"

struct top;

/* The shape of a grouped query over the hits: what to select, extra joins, the
 * grouping and the order. */
struct group_shape {
    const char *select;
    const char *join;
    const char *group_by; /* NULL: no GROUP BY */
    const char *order_by; /* NULL: the rows as they come */
    const char *from;     /* NULL: the replies (and their index with keywords) */
};

/* Can the replies counted by combination (reply_facet, schema 007) answer a
 * listing or a count with these filters (fts: with keywords)? */
int search_facet_ok(const struct search_opts *o, int fts);
/* Can the combinations of the fields of few values (reply_combo, schema 018)
 * answer: filters of those fields only (body, kind, category, term, session,
 * year), one at least? */
int search_combo_ok(const struct search_opts *o);
/* No filter at all (keywords aside). */
int search_no_filters(const struct search_opts *o);
/* The one filter reply_cross counts by (schema 013) that o holds alone, its
 * value in *val (a year written in ybuf): "year", "body", "kind", "category";
 * NULL when o holds keywords, another filter or several. */
const char *search_cross_filter(const struct search_opts *o, char ybuf[16], const char **val);
/* Prepares the search: the hits (shape NULL, count_only 0), their number
 * (count_only 1), or a grouping of them (shape); *fts: with keywords. Returns
 * 0 or -1 with d set; *out is given back with db_release_kept. */
int search_prepare(struct db *db, const struct search_opts *o, int count_only,
                   const struct group_shape *shape, struct top *t, sqlite3_stmt **out, int *fts,
                   struct diag *d);

/* The WHERE clauses of a search and the values bound to their parameters, in
 * order. Failures stick, as in struct buf: an argument that cannot be kept (or a
 * NULL string, a failed allocation upstream) marks the builder failed, and
 * search_prepare checks once, before it prepares. */
struct sqlarg {
    const char *text; /* a text value, or NULL for an integer */
    long long num;
    char *owned; /* text when the builder owns it */
};

struct sqlb {
    struct buf where; /* " AND ..." clauses */
    struct sqlarg *args;
    size_t nargs, cap;
    int failed;
};

void sqlb_release(struct sqlb *b);
/* Binds b's arguments to st's parameters from p on. Returns the next one. */
int sqlb_bind(sqlite3_stmt *st, int p, const struct sqlb *b);
/* Adds to b (" AND ..." clauses and their arguments) the filters of o, keywords
 * aside. Returns 0, or -1 with d set (a number that is none, a failed read). */
int search_filters_sql(struct db *db, const struct search_opts *o, struct sqlb *b, struct diag *d);

#endif
