#ifndef DAFU_FTS_TOK_H
#define DAFU_FTS_TOK_H
/*
 * fts_tok: the `dafu` FTS5 tokenizer, exact substring search for Chinese text.
 *
 * Every code point is first folded with text_fold_cp (NFKC + case folding +
 * Traditional -> Simplified), so documents and queries meet in one form.
 *
 * Document side: each Han character is one position. Its main token is the
 * character itself (the unigram, so highlight() marks exactly the characters that
 * matched) and, when another Han character follows, the pair of the two (the
 * bigram) is added as a FTS5_TOKEN_COLOCATED token at the same position. White
 * space between two Han characters is skipped, so a word broken across lines is
 * still one run. Runs of letters and digits are one lower-cased word token.
 *
 * Query side (FTS5_TOKENIZE_QUERY): a Han run of one character is its unigram; a
 * run c0..cn-1 of n >= 2 characters is the phrase of bigrams c0c1, c1c2, ...,
 * cn-2cn-1 followed by the unigram cn-1: consecutive positions, so the phrase
 * matches exactly where the text contains the run, and highlights all n characters.
 *
 * Offsets passed to xToken are byte offsets into the caller's original UTF-8.
 */
#include <sqlite3.h>

#include "base/diag.h"

/* Callback shape shared with FTS5's xToken. */
typedef int (*fts_tok_cb)(void *ctx, int tflags, const char *token, int ntoken, int start, int end);

enum fts_tok_mode { FTS_TOK_DOCUMENT, FTS_TOK_QUERY };

/* Tokenizes text[0..len) as described above, calling cb for each token. Returns 0,
 * or the first non-zero value cb returned. */
int fts_tok_run(const char *text, int len, enum fts_tok_mode mode, fts_tok_cb cb, void *ctx);

/* Registers the tokenizer as "dafu" with the FTS5 api. Returns an SQLite result code. */
int fts_tok_create(fts5_api *api);
/* The FTS5 API of db, or NULL when its SQLite has no FTS5. */
fts5_api *fts_tok_fts5_api(sqlite3 *db);
/* Registers the tokenizer "dafu" and the auxiliary function dafu_snippet
 * (highlight.h) with the FTS5 of db. Returns 0 or -1 with d set. */
int fts_tok_register(sqlite3 *db, struct diag *d);

#endif
