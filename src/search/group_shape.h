/* group_shape: what each grouping of the hits reads (struct group_shape,
 * query_int.h): from the replies, from the counts by combination, from the
 * combinations of the fields of few values, from the counts of each value; see
 * group.c, which adds them up. */
#ifndef DAFU_SEARCH_GROUP_SHAPE_H
#define DAFU_SEARCH_GROUP_SHAPE_H

#include "search/query.h"
#include "search/query_int.h"

/* The number of value `col` of field dim (facet_name, schema 046) named:
 * NULL for 0 (none). */
#define NAMED(dim, col) "(SELECT name FROM facet_name WHERE dim = " #dim " AND code = " col ")"
/* The number of value `col` of field dim, 0 for none; NULL for a value
 * facet_name does not hold (no combination has it). */
#define CODE_OF(dim, col)                                                                          \
    "iif(" col " IS NULL, 0, (SELECT code FROM facet_name WHERE dim = " #dim " AND name = " col "))"
/* A combination's values r as facet_count keys them (schema 059), each as
 * X(column, expression) between sep: the numbers of its body, kind and category,
 * its term and session (0: none), its year ('': none). */
#define COMBO_KEYED(X, sep)                                                                        \
    X("body", CODE_OF(4, "r.body"))                                                                \
    sep X("kind", CODE_OF(5, "r.kind")) sep X("category", CODE_OF(6, "r.category"))                \
        sep X("term", "coalesce(r.term, 0)") sep X("session", "coalesce(r.session, 0)")            \
            sep X("year", "coalesce(r.date, '')")
/* facet_count's column f.col equal to the value's number; the number named as
 * that column; f.col equal to r's column of that name (COMBO_CODED_COLS's). */
#define COMBO_KEY_IS(col, expr) "f." col " = " expr
#define COMBO_KEY_AS(col, expr) expr " AS " col
#define COMBO_KEY_SAME(col, expr) "f." col " = r." col
/* With filters of the fields of few values only, from the counts of the
 * combinations of those fields (schema 018): the regions and departments of
 * the combinations that match are the ranges of facet_count's key that start
 * with their values' numbers (schema 059), their proposers their rows of
 * reply_combo_delegate. */
#define COMBO_FACETS_ON " f ON " COMBO_KEYED(COMBO_KEY_IS, " AND ")
/* That join of facet_count and facet_count_recent (schema 061), whose rows add to
 * facet_count's, for a grouping in SQL. */
#define COMBO_FACETS_BOTH                                                                          \
    "CROSS JOIN (SELECT * FROM facet_count UNION ALL SELECT * FROM "                               \
    "facet_count_recent)" COMBO_FACETS_ON

/* The combinations filters of few values select, read once for both parts of
 * their counts (group_shape.recent) as r: their keys, and with their values'
 * numbers as facet_count holds them (COMBO_CODED_ON). */
#define COMBO_KEYS "SELECT r.k AS k FROM reply_combo r"
#define COMBO_CODED_COLS "r.k AS k, " COMBO_KEYED(COMBO_KEY_AS, ", ")
#define COMBO_CODED "SELECT " COMBO_CODED_COLS " FROM reply_combo r"
/* Their proposers' rows of reply_combo_delegate or reply_combo_delegate_recent t
 * (schema 060), as c. */
#define COMBO_DELEGATES_ON(t) COMBO_DELEGATES_OF(t, "r.k")
/* Those of the combinations of keys key. */
#define COMBO_DELEGATES_OF(t, key) "CROSS JOIN " t " c ON c.combo = " key
/* Their rows of facet_count or facet_count_recent t, as f. */
#define COMBO_CODED_ON(t) "CROSS JOIN " t " f ON " COMBO_KEYED(COMBO_KEY_SAME, " AND ")

extern const struct group_shape group_shapes[];
extern const struct group_shape facet_shapes[];
extern const struct group_shape facet_rows[];
extern const int facet_code_dim[];
extern const struct group_shape combo_shapes[];
extern const struct group_shape combo_rows[];
extern const struct group_shape delegate_rows;
extern const struct group_shape count_shapes[];

#endif
