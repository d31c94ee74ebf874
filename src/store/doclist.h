#ifndef DAFU_DOCLIST_H
#define DAFU_DOCLIST_H
/*
 * doclist: the letters of one term of the full-text index, read from FTS5's
 * own records (reply_fts_data, reply_fts_idx) rather than through a MATCH.
 *
 * A MATCH of one term gives its rows one at a time through SQLite's virtual
 * machine and FTS5's iterators, some 590 instructions a row (the 854,991 hits
 * of 资金 at 1,000,000 letters: 500 M); the statistics of a keyword want only
 * the ids, ascending. This reader finds the term in each segment of the index
 * (the page reply_fts_idx names, then the page's terms), walks its doclist page
 * by page as FTS5 does (a rowid, a position list's size, its bytes skipped; the
 * first rowid of a page absolute, the rest deltas), and merges the segments'
 * lists, a newer segment's entry of a rowid standing for the older ones' and
 * an entry with no positions (a deleted letter's mark) giving no hit. The ids
 * are those of SELECT rowid FROM reply_fts WHERE reply_fts MATCH '"TERM"',
 * TERM being one token (tests/unit/test_db.c compares them on random terms of
 * an index of small pages, several segments, deletions and merges under way).
 */
#include <stddef.h>

#include "base/diag.h"
#include "store/db.h"

/* The ids of the letters whose index entries hold term[0..n) (a token as the
 * tokenizer writes it: a character, a pair, a word), ascending, into *ids
 * (malloc'd, the caller frees; *cap its room, so a caller's array can be given
 * again) and *nids. Reads one state of the archive: the transaction under way,
 * or one it holds itself. Returns 0; 1 when the reader cannot say and FTS5
 * must be asked (the connection has written in its transaction, whose terms
 * FTS5 may hold in memory; an index whose layout the reader does not know: a
 * structure of another version, a page not as expected); -1 with d set. */
int doclist_term_ids(struct db *db, const char *term, size_t n, long long **ids, size_t *nids,
                     size_t *cap, struct diag *d);

#endif
