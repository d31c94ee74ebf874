#ifndef DAFU_RANK_H
#define DAFU_RANK_H
/*
 * rank: the dafu_rank() FTS5 auxiliary function, the ranking of keyword searches.
 *
 *   dafu_rank(fts_table [, weight0 [, weight1 ...]])
 *
 * is FTS5's own bm25() (the same formula, k1 = 1.2, b = 0.75, a weight per column,
 * lower is better) computed the same way, with one difference in how it gets each
 * row's length: bm25() looks it up in the table's %_docsize shadow table once per
 * row, about 70 % of its cost. When the hits are dense (every phrase of the query
 * in at least 1 row of 8), dafu_rank reads the lengths of 512 consecutive rows at
 * once, since FTS5 visits the hits in rowid order; for rarer phrases it asks FTS5
 * row by row, as bm25() does.
 *
 * `table` (the FTS5 table's name, for its %_docsize table) is kept, not copied:
 * it must outlive the connection.
 */
#include <sqlite3.h>

/* Registers dafu_rank with api. Returns an SQLite result code. */
int rank_create(fts5_api *api, const char *table);

#endif
