/* top_int: what the ways of the first phase of a ranked search (top.c,
 * scan.c) share. */
#ifndef DAFU_SEARCH_TOP_INT_H
#define DAFU_SEARCH_TOP_INT_H

#include "search/top.h"

#define MAX_PHRASES 16

struct phrase {
    const char *lit; /* the FTS5 string as in the MATCH expression, quotes included */
    size_t nlit;
    int neg;
    double idf;
    struct topk_entry *e; /* the kept entries of the term chosen to bound it */
    long n;
    double bound; /* score / idf of the TOPK_DEPTH-th best of e; -1: e is every hit */
};

/* A letter that may take a place: its bound, and once read its score (its rank
 * in ub, in a page). */
struct cand {
    long long id;
    double ub, len;
};

/* Every hit of an expression, ascending, with each phrase's weighted
 * frequency: what top_hits_of keeps with the connection (db_memo). */
struct scan_memo {
    char *match;
    unsigned long long snap;
    long n;
    int np;        /* FTS5's phrases of the expression, excluded ones included */
    long long *id; /* ascending */
    double *tf;    /* n * np: each hit's weighted frequency of each phrase */
};

/* Is letter id a hidden copy (c NULL: none are)? Returns 0 with *hidden, -1
 * with d set. */
int top_copy_hidden(struct db *db, struct copies *c, long long id, int *hidden, struct diag *d);
/* The phrases of a MATCH expression as query_to_match writes it: positive
 * strings ANDed, then maybe NOT (strings ORed). Returns their number, 0 when
 * the positive part has an OR (or too many phrases). */
int top_match_phrases(const char *m, struct phrase *ph);
/* The number of letters with phrase ph. Returns 0 or -1 with d set. */
int top_phrase_count(struct db *db, const struct phrase *ph, long long *count, struct diag *d);
/* Opens SAVEPOINT name, one snapshot for all that a ranking reads, and reads in
 * it the index's number of rows and their average length in tokens (avgdl may
 * be NULL). Returns 0, or -1 with d set and the savepoint ended. */
int top_begin(struct db *db, const char *name, long long *nrow, double *avgdl, struct diag *d);
/* Ends the savepoint of top_begin; r < 0 (failed) rolls back to it first. */
void top_end(struct db *db, const char *name, int r);
/* Writes hits h[0..n) (rank in ub, best first) into t. Returns 0 or -1. */
int top_fill(struct top *t, const struct cand *h, long n, struct diag *d);
/* qsort order of cands by rank (ub), then id. */
int top_by_rank_id(const void *a, const void *b);
/* Puts the best of h[0..n) first in top_by_rank_id's order: at least `least`
 * of them (every one tied with the last of those included), without sorting
 * the rest when they are many (they all rank after). Returns how many are in
 * order, -1 when memory runs out. */
long top_sort_best(struct cand *h, long n, long least);
/* The hits of match (scan.c): from the connection's memo when its content is
 * the same, else one pass of the index, kept. Call inside a read transaction
 * that has read. Returns the memo (the connection owns it; np -2 when the pass
 * was not as expected and nothing is known), or NULL with d set. */
struct scan_memo *top_hits_of(struct db *db, const char *match, struct diag *d);

#endif
