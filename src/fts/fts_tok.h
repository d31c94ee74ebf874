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
#include <stdint.h>

#include "base/diag.h"

/* Callback shape shared with FTS5's xToken. */
typedef int (*fts_tok_cb)(void *ctx, int tflags, const char *token, int ntoken, int start, int end);

/* FTS_TOK_QUERY_PAIRS: as FTS_TOK_QUERY, but a text that ends with a Han run
 * of two characters or more ends with that run's last pair, without the
 * unigram after it: the pair is only in a document where that character
 * follows at the next position, so the phrase matches where the full one
 * does, with the same instances (at the same first positions), but FTS5 reads
 * neither that character's doclist (院 of 卫生院) nor, for a pair alone (建设),
 * any position. Only the last position of an instance differs: a snippet needs
 * the full phrase. FTS5 tokenizes a query string in this mode when it starts
 * with the byte FTS_TOK_PAIRS (skipped). */
enum fts_tok_mode { FTS_TOK_DOCUMENT, FTS_TOK_QUERY, FTS_TOK_QUERY_PAIRS };
#define FTS_TOK_PAIRS '\x01'

/* Tokenizes text[0..len) as described above, calling cb for each token. Returns 0,
 * or the first non-zero value cb returned. */
int fts_tok_run(const char *text, int len, enum fts_tok_mode mode, fts_tok_cb cb, void *ctx);

/* ---- a few query tokens found in a document, without a call a token ----
 *
 * What a document's tokens would give a caller that only looks for a few
 * tokens (the phrases of a query: highlight.h, a search reading letters): the
 * positions that hold at least one of them, with the byte range of each
 * position's main token (its character, or its word) and which of them are
 * there, exactly as the tokens fts_tok_run gives at those positions would say,
 * at a fraction of its cost (no token is written out). */
#define FTS_TOK_SET_MAX 64  /* tokens in a set */
#define FTS_TOK_WORD_MAX 64 /* a word token's bytes in a set: longer, none */

struct fts_tok_set {
    int n;
    /* Token i: a Han character (a, b 0), a pair of them (a, b), or any other
     * token (a word) by its bytes. */
    struct fts_tok_want {
        uint32_t a, b;
        int kind; /* 1 character, 2 pair, 3 bytes */
        int len;
        char bytes[FTS_TOK_WORD_MAX];
    } t[FTS_TOK_SET_MAX];
    uint64_t uni, pair; /* bit (a & 63) of each character token, of each pair token */
};

/* One position that holds tokens of the set: its number (0 for the document's
 * first position), its main token's bytes [start, end), and bit i for token i. */
struct fts_tok_mark {
    int pos;
    int start, end;
    uint64_t mask;
};

/* Adds token t[0..n) (as fts_tok_run gives tokens) to s, once. Returns its
 * index, or -1 when s is full or the token longer than FTS_TOK_WORD_MAX - 1. */
int fts_tok_set_add(struct fts_tok_set *s, const char *t, int n);

/* The positions of document text[0..len) that hold tokens of s, ascending,
 * appended to *v (*n used of *cap, grown with realloc; the caller frees).
 * Returns 0, or -1 when memory runs out. */
int fts_tok_find(const char *text, int len, const struct fts_tok_set *s, struct fts_tok_mark **v,
                 int *n, int *cap);

/* Registers the tokenizer as "dafu" with the FTS5 api. Returns an SQLite result code. */
int fts_tok_create(fts5_api *api);
/* The FTS5 API of db, or NULL when its SQLite has no FTS5. */
fts5_api *fts_tok_fts5_api(sqlite3 *db);
/* Registers the tokenizer "dafu" and the auxiliary function dafu_snippet
 * (highlight.h) with the FTS5 of db. Returns 0 or -1 with d set. */
int fts_tok_register(sqlite3 *db, struct diag *d);

#endif
