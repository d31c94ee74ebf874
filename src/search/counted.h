#ifndef DAFU_COUNTED_H
#define DAFU_COUNTED_H
/*
 * counted: the groupings read from the counts kept of each value, for
 * search/group.c: reply_cross for one filter's value (schema 013), reply_count
 * without filters (schema 007).
 *
 * The groupings largest first read the rows of more than one reply from the
 * table's order index, which holds no others (schema 052), then the rows of
 * one reply from the table itself, whose key orders them by theirs: the same
 * order as one index of every row, each part read only as far as a page needs.
 */
#include <sqlite3.h>

#include "base/diag.h"
#include "search/query.h"
#include "store/db.h"

/* A read of a grouping's rows: statement st, then statement next (NULL: none),
 * each bound to filter f's value val when f is not 0. */
struct counted_read {
    sqlite3_stmt *st;
    const char *next;
    int f;
    const char *val;
};

/* Starts c: grouping g of reply_cross's filter f (1 year, 2 body, 3 kind,
 * 4 category, schema 029) of value val, or with f 0 of reply_count (its
 * departments, bodies, kinds and regions). Returns 1, 0 when these counts
 * have no such read, or -1 with d set. */
int counted_open(struct db *db, struct counted_read *c, enum search_group g, int f, const char *val,
                 struct diag *d);
/* The next row of c (columns: the key, an extra column (a proposer's pinyin),
 * the replies, the newest date), as sqlite3_step: SQLITE_ERROR with d set when
 * the second part could not be prepared. c->st is the statement of the row. */
int counted_step(struct db *db, struct counted_read *c, struct diag *d);

#endif
