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
struct aggs;

/* The shape of a grouped query over the hits: what to select, extra joins, the
 * grouping and the order. */
struct group_shape {
    const char *select;
    const char *join;
    const char *group_by; /* NULL: no GROUP BY */
    const char *order_by; /* NULL: the rows as they come */
    const char *from;     /* NULL: the replies (and their index with keywords); FACET_FROM:
                             the filters compare numbers (struct sqlb); with recent, a SELECT
                             of rows r the filters select, read once, then joined each way */
    const char *recent;   /* the join of the part of a count kept apart (schemas 060, 061),
                             whose rows add to those of join; NULL: none */
};

/* The rows of a count and of the part of it kept apart (schemas 060, 061), whose
 * rows add to the count's: cols of from joined by join, then by recent. */
#define BOTH_PARTS(cols, from, join, recent)                                                       \
    "SELECT " cols " FROM " from " " join " UNION ALL SELECT " cols " FROM " from " " recent
/* The same of the rows a SELECT (written between the two) gives as r, read once
 * (SQLite takes no join's condition into a UNION ALL). */
#define SEL_ONCE_OPEN "WITH sel AS MATERIALIZED ("
#define SEL_ONCE_PARTS(cols, join, recent) ") " BOTH_PARTS(cols, "sel r", join, recent)

/* The replies counted by combination (schema 059) as r: facet_count's rows and
 * facet_count_recent's, which add to those of the same key (schema 061), for a
 * reader that adds up n and takes the newest date. Filters on r reach each part
 * through its own indexes. */
#define FACET_FROM "(SELECT * FROM facet_count UNION ALL SELECT * FROM facet_count_recent) r"

/* Can the replies counted by combination (facet_count, schemas 007, 059) answer a
 * listing or a count with these filters (fts: with keywords)? */
int search_facet_ok(const struct search_opts *o, int fts);
/* Can the combinations of the fields of few values (reply_combo, schema 018)
 * answer: filters of those fields only (body, kind, category, term, session,
 * year), one at least? */
int search_combo_ok(const struct search_opts *o);
/* No filter at all (keywords aside). */
int search_no_filters(const struct search_opts *o);
/* The numbers of the groupings and filters of reply_cross (schema 029): a
 * filter is numbered as its field's grouping. */
enum {
    CROSS_TOTAL,
    CROSS_YEAR,
    CROSS_BODY,
    CROSS_KIND,
    CROSS_CATEGORY,
    CROSS_REGION,
    CROSS_DEPARTMENT,
    CROSS_DELEGATE
};
/* The one filter reply_cross counts by (schema 013) that o holds alone, by
 * its number there (CROSS_YEAR .. CROSS_CATEGORY), its value in *val (a year
 * written in ybuf); 0 when o holds keywords, another filter or several. */
int search_cross_filter(const struct search_opts *o, char ybuf[16], const char **val);
/* Prepares the search: the hits (shape NULL, count_only 0), their number
 * (count_only 1), or a grouping of them (shape); *fts: with keywords. Returns
 * 0 or -1 with d set; *out is given back with db_release_kept. */
int search_prepare(struct db *db, const struct search_opts *o, int count_only,
                   const struct group_shape *shape, struct top *t, sqlite3_stmt **out, int *fts,
                   struct diag *d);

/* ---- The combinations of the fields of few values, kept (combo.c) ----
 *
 * reply_combo (schema 018) holds a few thousand rows; the statistics of
 * filters of those fields read them for their count and for each of their
 * groupings by year, body, kind and category, and the groupings by region,
 * department and proposer of several filters (one filter's groups less the
 * others') which combinations one filter selects and the others do not. The
 * connection keeps them all for the state of the archive it reads, read by the
 * first grouping by a field of few values, and those answer in C. */
struct combo {
    const char *k; /* reply_combo.k */
    const char *body, *kind, *category;
    const char *year; /* its column date: the year as text */
    long long term, session, n;
    int has_term, has_session; /* 0: NULL */
};

struct combos {
    unsigned long long snap; /* db_snapshot they were read at */
    struct combo *v;
    size_t n;
};

/* Starts a read of the archive that the caller holds while it compares what
 * the connection keeps with the archive's state and reads it (*hold, given
 * back with db_release_kept), *snap that state (db_snapshot; 0 when SQLite
 * cannot say). Returns 0, or -1 with d set. */
int search_hold_read(struct db *db, sqlite3_stmt **hold, unsigned long long *snap, struct diag *d);
/* The combinations as the connection keeps them for state snap (non-zero,
 * read under a hold), read again when it changed; NULL with d set on failure. */
const struct combos *search_combos(struct db *db, unsigned long long snap, struct diag *d);
/* Those the connection keeps for state snap, or NULL: not read (a third of the
 * work of a listing of one grouping, which reads them in SQL then). */
const struct combos *search_combos_kept(struct db *db, unsigned long long snap);

/* The filters of few values of a search, as search_combo_selects reads them
 * on the combinations of cs: each text of a field is one pointer there. */
struct combo_filter {
    const char *body, *kind, *category; /* cs's pointer of the value, or NULL */
    int year, term, session;
    char from[16], below[16]; /* the year as the dates write it, and the next */
};
void search_combo_filter(struct combo_filter *f, const struct search_opts *o,
                         const struct combos *cs);
/* Does c hold the replies that f selects, as the SQL of the filters (filter_sql.c)
 * decides on its row of reply_combo? 1 or 0. */
int search_combo_selects(const struct combo *c, const struct combo_filter *f);
/* Appends key k to the JSON array of keys in b (started by the first, closed
 * by its reader). */
void search_combo_list_add(struct buf *b, const char *k);
/* Appends to list (search_combo_list_add) the key of each combination that
 * filters of few values o select (search_combo_ok), in their order, read from
 * reply_combo by looks
 * into its key rather than a scan of it: from a key the filters do not select,
 * the next look goes to the first key that may hold the value they want or
 * past every key with the values before it. Returns 0; -2 after `looks` looks,
 * or at a key that does not read as combos_load reads it (then list may hold
 * some keys); -1 with d set. */
int search_combo_probe(struct db *db, const struct search_opts *o, size_t looks, struct buf *list,
                       struct diag *d);
/* The departments (into out[0], with their newest dates) and regions (out[1];
 * either NULL) of the combinations that filters of few values o select
 * (search_combo_ok), added up from the rows of facet_count and
 * facet_count_recent (schemas 059, 061), whose key the numbers of those
 * fields lead: a run of keys that hold the values filtered up to the last of
 * them read at once; the runs of the combinations cs (those the connection
 * keeps), else found by looks into the key (from a key the filters do not
 * select, the next look goes to the first key that may hold the value they
 * want or past every key with the values before it). out[]'s groups are by
 * number (aggs.code_dim). Returns 0; -2 after `looks` looks, or for a value
 * facet_name does not hold, out[] emptied; -1 with d set. */
int search_facet_skip(struct db *db, const struct search_opts *o, const struct combos *cs,
                      size_t looks, struct aggs *const out[2], struct diag *d);
/* The replies o selects from the counts kept (reply_combo, facet_count), every
 * copy counted, when the connection keeps them or can (search_combo_ok, or
 * search_facet_ok with a department or a region, outside a transaction that
 * has written); -2 when it cannot answer so, -1 with d set. */
long long search_group_count(struct db *db, const struct search_opts *o, struct diag *d);

/* The groupings of the replies keywords o find (with filters of a body, kind,
 * category, year, term, session, department, region or dates), added up from
 * the letters' codes (store/code.h, schema 046), one read of each 1,024
 * letters the hits fall in, rather than from their rows and links: into
 * out[g] (NULL ones skipped) by grouping g, the departments and regions by
 * their numbers (aggs.code_dim), the proposers by id. Returns 0; -1 with d set;
 * -2 when the codes cannot answer (no keywords, a filter of a number or a
 * proposer, the exhaustive way, a hit whose codes do not hold its values), and
 * then out[] may hold part of the groups. */
int search_code_groups(struct db *db, const struct search_opts *o, struct aggs *const *out,
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
    /* Set before the filters are added: their rows are facet_count's (schema
     * 059), which holds the numbers of the department key, the region, the
     * body, the kind and the category (facet_name), not their text. */
    int coded;
};

void sqlb_release(struct sqlb *b);
/* Binds b's arguments to st's parameters from p on. Returns the next one. */
int sqlb_bind(sqlite3_stmt *st, int p, const struct sqlb *b);
/* Adds to b (" AND ..." clauses and their arguments) the filters of o, keywords
 * aside. Returns 0, or -1 with d set (a number that is none, a failed read). */
int search_filters_sql(struct db *db, const struct search_opts *o, struct sqlb *b, struct diag *d);

#endif
