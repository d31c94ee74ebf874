#ifndef DAFU_SIMILAR_H
#define DAFU_SIMILAR_H
/*
 * similar: near-duplicate replies, found when they are imported.
 *
 * What is compared: a letter's own words. Its text is folded (text.h: NFKC,
 * case, Traditional -> Simplified) and reduced to its Han characters; digits,
 * Chinese numerals, Latin words, punctuation and spaces are dropped, so numbers,
 * dates and document numbers do not count, and the letter's own proposers and
 * proposal title are cut out (a template answer names each proposal it answers).
 * What is left is cut into shingles of SIM_SHINGLE characters that do not span
 * a cut; a letter is the set of its shingles.
 *
 * The score of two letters is the Jaccard similarity of their shingle sets,
 * |A ∩ B| / |A ∪ B|, in [0, 1]: 1 for the same words (a copy, or a template
 * sent with only names and numbers changed), about 0.8 for a page-long template
 * with one sentence changed, below 0.1 for letters on one topic.
 *
 * How it is found without comparing a letter with every other: each letter's
 * MinHash signature (SIM_K minima, one-permutation hashing) is made; its first
 * SIM_BANDS bands of SIM_ROWS values are hashed; a band's hash is a key in
 * similar_band_ids, whose row lists the letters that have it (or, for letters
 * compared recently, similar_band_waiting: bands.h).
 * A new letter's candidates are the letters sharing a band key with it; those
 * whose signature agrees in enough places are verified exactly (their shingle
 * sets recomputed from their text) and the pairs scoring at least SIM_FLOOR
 * are stored in similar_pair, both ways. Copies (score >= SIM_COPY, the same
 * date and proposers where both state them) share one similar_copy
 * group, named by its most complete member. The archive keeps a letter's
 * sketch of its signature (sketch.h) and the high bits of its values, not the
 * signature: a candidate's signature is made again from its text only when
 * its sketch, then its values' 8 low bits, agree in enough places. Schema:
 * schema/006_similar.sql,
 * schema/015_similar_band_recent.sql, schema/019_similar_sketch.sql,
 * schema/021_similar_band_waiting.sql, schema/025_similar_band_ids.sql,
 * schema/031_similar_sig_unstored.sql, schema/035_similar_sketch_high.sql,
 * schema/047_similar_band_varints.sql.
 */
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "model/letter.h"
#include "store/db.h"

#define SIM_SHINGLE 5
#define SIM_BANDS 20
#define SIM_ROWS 3
#define SIM_K 128          /* signature values; the bands use the first SIM_BANDS * SIM_ROWS */
#define SIM_BUCKET 24      /* letters a band value takes at most */
#define SIM_MIN_SHINGLES 8 /* fewer: the letter is too short to compare */
#define SIM_FLOOR 0.4      /* pairs stored from this score */
#define SIM_DEFAULT 0.5    /* `dafu similar` and boilerplate groups, by default */
#define SIM_COPY 0.8       /* copies of one letter from this score */
#define SIM_EST_MIN 0.4    /* signature agreement a candidate needs to be verified */
#define SIM_VERIFY_MAX 200 /* candidates verified for one letter, best estimates first */

/* A letter's shingle set: sorted, distinct 64-bit hashes. */
struct sim_set {
    uint64_t *h;
    size_t n, cap;
};
void sim_set_release(struct sim_set *s);

/* The shingle set of a letter's text with the given names (proposers, title)
 * cut out; names may hold NULLs. Returns 0 or -1 (out of memory). */
int sim_shingles(const char *text, const char *const *names, size_t nnames, struct sim_set *out);
/* The same unsorted, repeats included (what a signature needs). */
int sim_shingles_raw(const char *text, const char *const *names, size_t nnames,
                     struct sim_set *out);
/* The shingle set of a letter (its text, minus its proposers and title). */
int sim_letter_shingles(const struct letter *l, struct sim_set *out);
/* The same unsorted, repeats included, when `sorted` is 0 (what a signature
 * needs); sim_set_sort makes it a set. Each returns 0 or -1. */
int sim_letter_shingles_raw(const struct letter *l, struct sim_set *out, int sorted);
int sim_set_sort(struct sim_set *s);
/* Jaccard similarity of two sets; 0 when both are empty. */
double sim_jaccard(const struct sim_set *a, const struct sim_set *b);
/* One set compared with many: its hashes in a table (open addressing), so
 * that the others need not be sorted. sim_jtab_fill puts a's hashes there
 * (repeats allowed); sim_jtab_jaccard(t, b) is sim_jaccard of the two sets
 * (b's repeats allowed), the same value. Each returns -1 when out of memory. */
struct sim_jslot {
    uint64_t h;
    uint32_t a, b; /* the marks of the set filled, of the one compared */
};
struct sim_jtab {
    struct sim_jslot *s;
    size_t cap, na; /* na: a's distinct hashes */
    uint32_t gen_a, gen_b;
};
int sim_jtab_fill(struct sim_jtab *t, const struct sim_set *a);
double sim_jtab_jaccard(struct sim_jtab *t, const struct sim_set *b);
void sim_jtab_release(struct sim_jtab *t);
/* The 64-bit mixer (splitmix64's finaliser) of the shingle hashes, signatures and
 * band keys: the archive stores what it gives, so it never changes. */
uint64_t sim_mix64(uint64_t x);

/* The MinHash signature of a set (SIM_K values). */
void sim_signature(const struct sim_set *s, uint32_t sig[SIM_K]);

/* The similarity of two titles of proposals: Jaccard of their character pairs,
 * after folding and without 关于 in front and the kind (的建议, 提案...) at the
 * end. 0 when either has no pair. */
double sim_title(const char *a, const char *b);
/* The same in two steps, one title against many: sim_title_pairs gives a
 * title's pairs (0, or -1 when out of memory); sim_title_with(a, b, tmp) is
 * sim_title of the title whose pairs are a and b, with tmp for b's pairs. */
int sim_title_pairs(const char *title, struct sim_set *out);
double sim_title_with(const struct sim_set *a, const char *b, struct sim_set *tmp);
/* The pairs of a title that sim_title compares and the full-text index holds
 * (two Han characters side by side), distinct, in order, at most max; *total is
 * the number of distinct pairs sim_title compares (with those of a digit or a
 * Latin letter, or across a punctuation mark). Returns how many, or -1. */
struct sim_title_term {
    uint64_t hash;
    char text[9]; /* the pair, folded, in UTF-8 */
};
long sim_title_terms(const char *title, struct sim_title_term *out, size_t max, size_t *total);

/* The archive's similarity index, written at import. */
struct similar;
/* Prepares the statements. Returns 0 or -1 with d set. */
int similar_open(struct similar **out, struct db *db, struct diag *d);
void similar_close(struct similar *s);
/* Compares a stored letter (l->id set) with the archive and records its pairs;
 * with `replaced` (the letter's text changed), what was recorded for its id
 * before is forgotten first. Returns 0 or -1 with d set. */
int similar_add(struct similar *s, const struct letter *l, int replaced, struct diag *d);
/* The same in two steps, for an import: similar_queue keeps a stored letter's
 * shingles in memory; similar_flush compares the queued letters in their order,
 * as similar_add would have, and writes what it finds. An import flushes
 * between files (outside the savepoint of each), so that these writes are not
 * journalled once per file, and before each commit. similar_queued is the
 * queue's length (a mark), similar_queued_bytes its memory, and
 * similar_unqueue(s, mark) forgets what was queued after mark (a file rolled
 * back). Each returning int returns 0 or -1 with d set. */
int similar_queue(struct similar *s, const struct letter *l, int replaced, struct diag *d);
int similar_flush(struct similar *s, struct diag *d);
/* After an import of `changed` letters (committed, flushed): when they are a
 * quarter of the archive or more (db_changed_much), the band rows waiting are
 * moved into similar_band_ids, as a later import would move them, and the
 * table is written again in order (bands_settle), in a transaction of its own:
 * the archive keeps no rows of 8 bytes a value in pages of their own, and the
 * next process does not read them whole. A smaller import leaves them waiting
 * (moving them changes most pages of similar_band_ids). Returns 0 or -1 with d
 * set (the letters stay in either way). */
int similar_settle(struct similar *s, long long changed, struct diag *d);
size_t similar_queued(const struct similar *s);
size_t similar_queued_bytes(const struct similar *s);
void similar_unqueue(struct similar *s, size_t mark);
/* Leaves a stored letter to be compared later (similar_pending): by the next
 * similar_catch_up. Returns 0 or -1 with d set. */
int similar_defer(struct similar *s, long long id, struct diag *d);
/* Letters stored before the index existed (similar_pending): compares them now.
 * Inside the caller's transaction. Returns how many, or -1 with d set. */
long similar_catch_up(struct similar *s, struct diag *d);
/* Recomputes the whole index from the letters' text: forgets every signature,
 * band row, pair and copy group, then compares every letter in order of id, as
 * an import of the letters in that order would, a few thousand letters to a
 * transaction (memory does not grow with the archive; an interrupted rebuild
 * leaves the rest in similar_pending, compared by the next import or `dafu
 * similar`). Not inside a transaction. Returns 0 with out filled, or -1 with d
 * set. */
struct similar_rebuilt {
    long long letters;  /* compared */
    long long with_sig; /* of them, long enough to have a signature */
    long long pairs;    /* pairs of letters from SIM_FLOOR */
    long long copies;   /* of them, copies of one letter */
    long long groups;   /* groups of copies */
    long long bands;    /* band rows */
};
int similar_rebuild(struct db *db, struct similar_rebuilt *out, struct diag *d);
/* The same for at most max of them (in order of id). */
long similar_catch_up_max(struct similar *s, long max, struct diag *d);
/* The number of letters not compared yet; -1 on error. */
long long similar_pending(struct db *db);

#endif
