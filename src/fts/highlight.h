#ifndef DAFU_HIGHLIGHT_H
#define DAFU_HIGHLIGHT_H
/*
 * highlight: the dafu_snippet() FTS5 auxiliary function, snippets that mark
 * exactly what matched.
 *
 *   dafu_snippet(fts_table [, open [, close [, ellipsis [, cells]]]])
 *
 * returns a window of one column's text around its best group of hits, with each
 * hit between `open` and `close` (default « and »), `ellipsis` (default …) where
 * the window cuts the text, and about `cells` terminal cells of text (default 64;
 * a Han character takes two). Unlike FTS5's snippet():
 * - a hit is a whole phrase instance, from the first byte of its first token to the
 *   last byte of its last token: with the dafu tokenizer that is exactly the
 *   matched characters, never one more (the query 有色金属 marks four characters,
 *   郴 one) and, in traditional text, the traditional characters that matched;
 * - the window never cuts a hit: a hit that does not fit is left out of the window,
 *   a hit longer than the window widens it;
 * - overlapping or touching hits are marked as one;
 * - the window is measured in display cells, starts at most a third of the free
 *   room before the first hit, and no earlier than the sentence or line the hit is
 *   in; white space runs print as one space, other control characters not at all
 *   (so the text cannot fake a marker);
 * - the column is the one with the most distinct phrases, then the most hits; on a
 *   tie the later column (the body comes after title and department).
 * A row without hits gives "".
 *
 * Ownership: the function returns a string SQLite copies; nothing outlives a call.
 */
#include <sqlite3.h>

/* Registers dafu_snippet with api. Returns an SQLite result code. */
int highlight_create(fts5_api *api);

#endif
