#ifndef DAFU_HIGHLIGHT_INT_H
#define DAFU_HIGHLIGHT_INT_H
/* highlight's query made from a row's text (highlight_text), shared by
 * highlight.c and highlight_han.c (its phrases found by their first
 * characters' bytes, a vector of bytes at a time). */
#include <stddef.h>
#include <stdint.h>

#include "fts/fts_tok.h"
#include "fts/highlight.h"

struct hit;

#define HQ_MAX_PHRASES 64
#define HQ_MAX_NEEDLES 16

struct highlight_query {
    struct fts_tok_set set;   /* the distinct tokens of the phrases */
    int *seq[HQ_MAX_PHRASES]; /* a phrase's tokens, as indexes into set */
    int nseq[HQ_MAX_PHRASES];
    int np;  /* the positive phrases, numbered as FTS5 numbers them */
    int bad; /* 1: out of memory, 2: not this way */
    /* When every phrase is a run of CJK ideographs of U+4E00-U+9FFF (han 1):
     * phrase p's characters chars[p][0..nchars[p]), and the encodings of the
     * characters of U+4000-U+9FFF that fold to a phrase's first one (needles,
     * each with that first character): a column's hits are its phrases' first
     * characters found among its bytes, each followed in its run by the rest
     * (hq_column_han), without a look at every character; -1 not yet known. */
    int han;
    uint32_t *chars[HQ_MAX_PHRASES];
    int nchars[HQ_MAX_PHRASES];
    struct {
        unsigned char b[3];
        uint32_t first;
    } needle[HQ_MAX_NEEDLES];
    int nneedle;
    uint64_t first_bits; /* bit (c & 63) of each phrase's first character */
    /* No character of U+3000-U+303F (、。《》), nor of U+FF00-U+FF7F (，：（）),
     * folds to a phrase's first character: hq_column_han passes over their
     * bytes E3 80 and EF BC, EF BD (most of a letter's punctuation). */
    int clean_3000, clean_ff00;
    int narrow; /* 16 bytes at a time, even where 32 can be read */
    /* Other characters met (punctuation, mostly) whose fold holds no phrase's
     * first character: code point + 1 by its last 8 bits, 0 for none. */
    uint32_t other_none[256];
    /* One column while it is read: its positions that hold query tokens. */
    struct fts_tok_mark *mark;
    int nmark, cap;
    struct hit *hits;
    int nhits, hcap;
};

/* The instances starting at the character z[start..end) that folds to
 * f[0..nf). Returns 0, or -1 when memory runs out. */
int hq_at(struct highlight_query *q, const char *z, int n, int start, int end, const uint32_t *f,
          int nf);
/* Byte z[i] starts a character to read: a lead byte outside E4-E9 (a
 * character the needles do not name: punctuation, a code point that folds to
 * several or to an ideograph from elsewhere), or a needle's bytes. Reads it.
 * Returns 0, or -1 when memory runs out. */
int hq_byte(struct highlight_query *q, const char *z, int n, size_t i);
/* hq_column for a query of runs of ideographs (q->han): every character
 * that may fold to a phrase's first one is read, found by its bytes, and the
 * rest of the phrase looked for after it; the hits are those of hq_column.
 * Returns 0, or -1 when memory runs out. */
int hq_column_han(struct highlight_query *q, const char *z, int n);

#endif
