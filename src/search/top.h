/* top: the first phase of a ranked search (query.c): the best hits of a
 * keyword search without filters, from the kept best hits of one term
 * (store/topk.h) or from FTS5's own ranking, before the rows are read. */
#ifndef DAFU_SEARCH_TOP_H
#define DAFU_SEARCH_TOP_H

#include "base/buf.h"
#include "base/diag.h"
#include "search/query.h"
#include "store/db.h"
#include "store/topk.h"

/* The MATCH expression match (query_to_match's) with each string marked to be
 * tokenized without the character that its last pair implies (FTS_TOK_PAIRS,
 * fts/fts_tok.h), into out: the same hits, the same frequencies and ranks,
 * for less of the index read; for counting and ranking, not for dafu_snippet.
 * The ways of the first phase take it. Returns 0 or -1 (out of memory). */
int top_pairs_match(const char *match, struct buf *out);

/* The ranking's arguments to dafu_rank (see query.c). */
#define RANK_ARGS "dafu_rank(" TOPK_WEIGHTS ")"

/* Copies of one letter stand in a search as their group's representative: the
 * other members are left out. A prepared check of one id, for the first phase
 * of a ranked search (top_hits, kept_hits), which then drops them itself and
 * the search keeps its fast way in an archive with copies. */
struct copies {
    sqlite3_stmt *st; /* NULL: the archive has none, or they are all shown */
};

/* The first phase of a ranked keyword search without filters: FTS5 ranks its
 * hits alone, without reading a reply row per hit (the date that breaks ties
 * is in the row). The first offset + limit hits go to t->json as [id, group]
 * pairs, the group numbering the distinct ranks in order, and their ranks to
 * t->rank. One more hit is fetched to see whether a tie crosses the page's end:
 * then the ranks alone cannot say which of the tied letters come first, and the
 * search takes the one-phase way. */
struct top {
    int used; /* the search reads these hits (set by prepare_search) */
    struct buf json;
    long n;
    long long *id;
    double *rank;
    /* The phrases whose snippets search_run makes from the rows' text
     * (fts/highlight.h), NULL when dafu_snippet makes them (set by
     * prepare_search for any search with keywords that lists hits). */
    struct highlight_query *hq;
    /* The page is read row by row, by id, in the order of id[] (set by
     * prepare_search, after top_page_by_id). */
    int by_id;
};

/* Can the page of hits t (from the first phase, in rank order; o's limit and
 * offset) be read row by row, in t's order? Hits of one rank are ordered by
 * date in the page's query: each such run that reaches the page is put in that
 * order first (newest date first, those without one last, then the larger id).
 * Returns 1, 0 when not (a date that is not text: the query then orders the
 * hits), or -1 with d set. */
int top_page_by_id(struct db *db, const struct search_opts *o, struct top *t, struct diag *d);

/* For a search with keywords and no filters (prepare_search decides), match
 * being its MATCH expression, c the hidden copies to leave out (NULL: none).
 * Each returns 1 with t filled, 0 when the search should take the one-phase
 * way, -1 with d set: search_top_hits from FTS5's ranking, search_kept_hits
 * from the term's kept best hits, every hit tied with the page's last included.
 * search_kept_count gives the number of hits of one kept term. */
int search_top_hits(struct db *db, const struct search_opts *o, const char *match, struct copies *c,
                    struct top *t, struct diag *d);
int search_kept_hits(struct db *db, const struct search_opts *o, const char *match,
                     struct copies *c, struct top *t, struct diag *d);
/* What search_bound_hits did, for the tests and benchmarks: the letters in the
 * kept lists that might have taken a place, and those it read. */
struct bound_stats {
    long candidates, read;
};

/* The first phase of a ranked search for phrases ANDed (NOT phrases allowed,
 * no OR) without filters, up to TOPK_DEPTH hits deep: each phrase is bounded
 * by one of its terms that reply_top keeps (a phrase is in a letter at most as
 * often as each of its terms, and a letter's part of the score grows with the
 * frequency and falls with the length), the letters of those lists are read
 * best bound first, and reading stops when the next bound cannot reach the
 * page's last score; the answer stands when no letter outside the lists can
 * reach it either. Fills t as search_kept_hits does. Returns 1, 0 when the
 * search should rank every hit, -1 with d set; bs (may be NULL) gets what it
 * did. */
int search_bound_hits(struct db *db, const struct search_opts *o, const char *match,
                      struct copies *c, struct top *t, struct bound_stats *bs, struct diag *d);
int search_kept_count(struct db *db, const struct search_opts *o, const char *match,
                      long long *count, struct diag *d);

/* The first phase of a ranked search for phrases ANDed (NOT phrases allowed,
 * no OR) without filters, by scoring every hit: one pass of the index gives
 * each hit's frequency of each phrase (dafu_tfs), %_docsize its length, and
 * the scores are dafu_rank's, bit for bit. The pass is kept with the
 * connection for the same content (db_memo), so that the count of the same
 * search, and the bounded way (search_bound_hits), read it once. Fills t as
 * search_kept_hits does. Returns 1, 0 when the search should take another
 * way, -1 with d set. */
int search_scan_hits(struct db *db, const struct search_opts *o, const char *match,
                     struct copies *c, struct top *t, struct diag *d);
/* The number of hits of a MATCH expression without filters from that pass
 * (for a ranked search, which reads it too). Returns 1 with *count, 0 when
 * the search is of another kind (another order, no page, exhaustive), -1 with
 * d set. */
int search_memo_count(struct db *db, const struct search_opts *o, const char *match,
                      long long *count, struct diag *d);

#endif
