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
 *   tie the later column, the first counting as the last (reply_fts's first column
 *   is the letter's text, which wins over title, department and proposers).
 * A row without hits gives "".
 *
 * Ownership: the function returns a string SQLite copies; nothing outlives a call.
 */
#include <sqlite3.h>

/* Registers dafu_snippet with api. Returns an SQLite result code. */
int highlight_create(fts5_api *api);

/* The same snippet made from a row's text instead of FTS5's phrase instances,
 * which a search's page of rows would otherwise get from one MATCH of the
 * index per row: the phrases are found in the columns' text by the tokenizer
 * (fts_tok.h) as FTS5 finds them in the index (a phrase of tokens q0..qk-1
 * is at position p when each qi is among the tokens at p + i), so for a hit of
 * the expression the snippet is byte for byte what dafu_snippet gives. */
struct buf;
struct highlight_query;

/* The phrases of a MATCH expression as the search writes it (strings joined by
 * AND, OR and parentheses, then maybe NOT and the excluded strings, which are
 * in no hit). Returns 1 with *q (free with highlight_query_free), 0 when the
 * expression is not of that shape or has more than 64 distinct tokens (then
 * use dafu_snippet), -1 when memory runs out. */
int highlight_query_new(const char *match, struct highlight_query **q);
void highlight_query_free(struct highlight_query *q);
/* Makes q find its phrases by reading every character of a text (fts_tok_find),
 * as a query of other tokens than runs of ideographs does; the snippets are
 * the same (a test compares the two ways). */
void highlight_query_plain(struct highlight_query *q);
/* Makes q, where the processor reads 32 bytes at a time (AVX2), read 16 as
 * elsewhere; the snippets are the same (a test compares the two ways). */
void highlight_query_narrow(struct highlight_query *q);
/* 1 when q, after its first text, finds its phrases without reading every
 * character (every phrase a run of ideographs that fold to themselves). */
int highlight_query_fast(const struct highlight_query *q);

/* The snippet of a hit whose indexed columns' texts are col[0..ncols) (NULL for
 * NULL), ncol[] their lengths in bytes, the arguments as dafu_snippet's, into
 * out (nothing when no phrase is in the text). Returns 0, or -1 when memory
 * runs out. */
int highlight_text(struct highlight_query *q, const char *const col[], const int ncol[], int ncols,
                   const char *open, const char *close, const char *ellipsis, int budget,
                   struct buf *out);

#endif
