#ifndef DAFU_RANK_H
#define DAFU_RANK_H
/*
 * rank: the dafu_rank() FTS5 auxiliary function, the ranking of keyword searches.
 *
 *   dafu_rank(fts_table [, weight0 [, weight1 ...]])
 *
 * is FTS5's own bm25() (the same formula, k1 = 1.2, b = 0.75, a weight per column,
 * lower is better) computed the same way, with one difference in how it gets each
 * row's length: bm25() looks it up in the table's %_docsize shadow table once per
 * row, about 70 % of its cost. When the hits are dense (every phrase of the query
 * in at least 1 row of 8), dafu_rank reads the lengths of 512 consecutive rows at
 * once, since FTS5 visits the hits in rowid order; for rarer phrases it asks FTS5
 * row by row, as bm25() does.
 *
 * `table` (the FTS5 table's name, for its %_docsize table) is kept, not copied:
 * it must outlive the connection.
 */
#include <math.h>
#include <sqlite3.h>

#define RANK_K1 1.2
#define RANK_B 0.75

/* One phrase's share of a row's BM25 score (higher is better): idf the phrase's,
 * freq its weighted frequency in the row, len the row's length in tokens, avgdl
 * the table's average. dafu_rank adds these up and negates the sum; whoever
 * ranks outside FTS5 (store/topk.h) calls the same function for the same bits. */
static inline double rank_term(double idf, double freq, double len, double avgdl)
{
    return idf *
           ((freq * (RANK_K1 + 1.0)) / (freq + RANK_K1 * (1 - RANK_B + RANK_B * len / avgdl)));
}

/* The idf of a phrase found in nhit of nrow rows, as dafu_rank computes it. */
static inline double rank_idf(long long nrow, long long nhit)
{
    double idf = log((nrow - nhit + 0.5) / (nhit + 0.5));
    return idf > 0.0 ? idf : 1e-6;
}

/* Registers dafu_rank, dafu_tflen (the weighted frequency and length of a row:
 * dafu_tflen(fts_table, weights...) = freq * 2^32 + length), dafu_tf (the
 * frequency alone) and dafu_tfs (each phrase's frequency, a blob of one double
 * a phrase) and dafu_tfs_into (below) with api.
 * Returns an SQLite result code. */
int rank_create(fts5_api *api, const char *table);

/* Every row of a query with each phrase's weighted frequency (dafu_tfs's), in
 * one step that returns no row:
 *
 *   SELECT 1 FROM reply_fts WHERE reply_fts MATCH ?
 *       AND dafu_tfs_into(reply_fts, ?, weight0, ...) IS NOT NULL
 *
 * with a struct rank_hits bound as the pointer of type "dafu_hits": each row is
 * appended to it where FTS5 visits it (the function gives NULL), without a
 * step of the caller's, a blob and three column reads a row. The caller frees
 * id and tf. */
struct rank_hits {
    long long *id; /* ascending */
    double *tf;    /* n * np */
    long n, cap;
    int np;  /* the query's phrases, -1 before the first row */
    int bad; /* 1: out of memory, 2: rows not in ascending order */
};

/* The lengths of rows id[0..n) (ascending) into len[] (each set where the
 * row has one) by one statement over a range of %_docsize:
 *
 *   SELECT dafu_lens(?, id, sz) FROM reply_fts_docsize WHERE id >= ? AND id <= ?
 *
 * with a struct rank_lens bound as the pointer of type "dafu_lens"
 * (sqlite3_bind_pointer): the aggregate reads each row's length where the row
 * is stepped, without a step of the caller's and three column reads a row. */
struct rank_lens {
    const long long *id;
    long n;
    double *len;
    long i; /* the next id to look for; 0 before the first row */
};
/* Registers dafu_lens with db. Returns an SQLite result code. */
int rank_lens_create(sqlite3 *db);

#endif
