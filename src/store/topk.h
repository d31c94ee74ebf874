#ifndef DAFU_TOPK_H
#define DAFU_TOPK_H
/*
 * topk: the best letters of the archive's frequent terms, kept at import, so that
 * a ranked search for one term reads a few hundred entries instead of ranking
 * every hit (schema/007_performance.sql, table reply_top).
 *
 * A search for one indexed term (one Han character, a pair of them, or one
 * Latin/digit word) ranks a letter by BM25 with one phrase: the idf is the same
 * for every hit, so the order depends only on the letter's weighted frequency of
 * the term (tf: title 10, department 8, delegates 5, text 1) and its length in
 * tokens (len), and on the archive's average length, which changes as letters
 * arrive. Whatever that average, a letter with tf' >= tf and len' <= len (one of
 * them strictly) ranks strictly before one with (tf, len). So a letter that
 * TOPK_DEPTH others beat that way can never be among the first TOPK_DEPTH hits (three pages of 20),
 * nor tie with the last of them: reply_top keeps, per frequent term, every hit
 * that fewer than TOPK_DEPTH others beat (its "skyline"), with the term's number
 * of hits. A first page that ends at most TOPK_DEPTH hits deep is then ranked,
 * ties included, from those entries alone, with the exact figures dafu_rank
 * gives (rank.h); hits indexed after the last refresh (id > upto) are read from
 * FTS5 and added. A deleted or changed letter marks the rows stale, and a stale
 * row is not used until the next refresh rebuilds it.
 *
 * A term is kept when a sample of new letters shows it to be frequent (about
 * TOPK_MIN_HITS hits or more in the archive; DAFU_TOPK_MIN_HITS overrides it,
 * for tests: below that, ranking every hit costs little) and it has half as
 * many hits, so that a term just short of the mark is not read again at every
 * import. It is read from the index when the archive had letters already, else
 * from the new letters' text.
 */
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"
#include "store/db.h"

#define TOPK_DEPTH 60
#define TOPK_MIN_HITS 2000
/* The ranking's column weights, in reply_fts's order (schema 045): the letter's
 * text 1, title 10, department 8, delegates 5. */
#define TOPK_WEIGHTS "1.0, 10.0, 8.0, 5.0"

/* Brings reply_top up to date after an import, in a transaction of its own:
 * adds the letters indexed since the last refresh to every kept term (read from
 * their text in one pass, topk_int.h), rebuilds stale rows, and starts keeping
 * the terms that a sample of the new letters shows to be frequent. Returns 0,
 * or -1 with d set. */
int topk_refresh(struct db *db, struct diag *d);

/* The memory a refresh's read of the new letters may hold for the terms' new
 * hits: past it, the terms are read in groups, one read of the letters each.
 * A whole import of 100,000 letters reads 6,286 terms, whose entries take
 * 24.7 MB at the end of the read: one read (two with 24 MB, which took a
 * quarter of the refresh's time); at 1,000,000 letters the 10,958 kept terms'
 * skylines alone are 2.37 M entries, 38 MB, so the terms are still read in
 * groups there. A small import's new hits take far less. */
#define TOPK_PASS_BYTES ((size_t)32 << 20)

/* topk_refresh with that memory given (0: no limit); *passes (when not NULL)
 * gets how many reads of the new letters it made. */
int topk_refresh_in(struct db *db, size_t budget, int *passes, struct diag *d);

/* The term a MATCH expression asks for, when it is a single term that reply_top
 * can answer (one quoted string that tokenizes to one token, or to a Han pair and
 * its last character). Returns 1 with the term in key, 0 when it is not. */
int topk_key(const char *match, struct buf *key);

struct topk_hit {
    long long id;
    double rank; /* as dafu_rank gives it (lower is better) */
};

/* The hits of term `key` that can take the first `want` places (want <=
 * TOPK_DEPTH), ranked, with every hit tied with the last of them: *hits (malloc'd,
 * best first, the caller frees) and *n. *count is the term's number of hits.
 * Returns 1, 0 when reply_top cannot answer (term not kept, row stale, want too
 * deep), -1 with d set. want 0 only counts. */
int topk_hits(struct db *db, const char *key, long want, struct topk_hit **hits, long *n,
              long long *count, struct diag *d);

/* One kept hit of a term: the letter, the term's weighted frequency in it and
 * its length in tokens (what rank_term takes). */
struct topk_entry {
    long long id;
    double tf, len;
};

/* The kept entries of term `key` with the hits indexed since the refresh:
 * *e (malloc'd, the caller frees; in no particular order) and *n, *count the
 * term's number of hits. Every hit of the term that is not among them is beaten
 * (a frequency at least as high and a length at least as short, not both equal)
 * by TOPK_DEPTH of them, so its score for any phrase the term is part of is at
 * most the TOPK_DEPTH-th best of theirs; with fewer than TOPK_DEPTH entries,
 * they are every hit. Returns 1, 0 when reply_top cannot answer (term not kept,
 * row stale), -1 with d set. Call inside a read transaction, so that entries,
 * counts and topk_totals agree. */
int topk_entries(struct db *db, const char *key, struct topk_entry **e, long *n, long long *count,
                 struct diag *d);

/* The index's number of rows and of tokens (FTS5's averages record: what
 * dafu_rank's row count and average length come from). Returns 0 or -1. */
int topk_totals(struct db *db, long long *nrow, long long *ntok, struct diag *d);

#endif
