/* rank: dafu_rank(), FTS5's BM25 with the document lengths read in runs (see rank.h). */
#include "fts/rank.h"

#ifdef DAFU_SQLITE_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#endif

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/varint.h"

#define RUN 512       /* rows of %_docsize read at once */
#define DENSE_SHARE 8 /* runs pay off when at least 1 row in this many is a hit */

/* What one query shares across its rows (FTS5 auxdata). */
struct rank_data {
    int nphrase;
    double avgdl;
    double *idf;
    /* Document lengths, read RUN rows at a time when the hits are dense. */
    int runs;            /* 1: read lengths in runs; 0: ask FTS5 row by row */
    sqlite3_stmt *st;    /* SELECT id, sz FROM "<table>_docsize" WHERE id >= ? ... */
    sqlite3_int64 first; /* rowids [first, first + RUN) are in len[] */
    int have;            /* len[] holds a run */
    int len[RUN];        /* total tokens of each row of the run; -1 = no row */
};

static void rank_data_free(void *p)
{
    struct rank_data *r = p;
    if (!r)
        return;
    sqlite3_finalize(r->st);
    free(r->idf);
    free(r);
}

static int count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)ctx)++;
    return SQLITE_OK;
}

/* Reads the run of lengths that holds rowid. Returns an SQLite result code. */
static int read_run(struct rank_data *r, sqlite3_int64 rowid)
{
    r->first = rowid;
    for (int i = 0; i < RUN; i++)
        r->len[i] = -1;
    sqlite3_reset(r->st);
    sqlite3_bind_int64(r->st, 1, rowid);
    sqlite3_bind_int64(r->st, 2, rowid + RUN);
    int rc;
    while ((rc = sqlite3_step(r->st)) == SQLITE_ROW) {
        sqlite3_int64 id = sqlite3_column_int64(r->st, 0);
        const unsigned char *sz = sqlite3_column_blob(r->st, 1);
        int n = sqlite3_column_bytes(r->st, 1);
        unsigned long long total = varint_sqlite_sum(sz, (size_t)n);
        if (id >= rowid && id < rowid + RUN)
            r->len[id - rowid] = total > INT32_MAX ? INT32_MAX : (int)total;
    }
    sqlite3_reset(r->st);
    r->have = 1;
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The current row's length in tokens, all columns together. */
static int doc_length(const Fts5ExtensionApi *api, Fts5Context *fts, struct rank_data *r, int *len)
{
    if (r->runs) {
        sqlite3_int64 rowid = api->xRowid(fts);
        if (!r->have || rowid < r->first || rowid >= r->first + RUN) {
            int rc = read_run(r, rowid);
            if (rc != SQLITE_OK)
                return rc;
        }
        if (r->len[rowid - r->first] >= 0) {
            *len = r->len[rowid - r->first];
            return SQLITE_OK;
        }
    }
    return api->xColumnSize(fts, -1, len);
}

/* The query's shared data. With idf 0 (dafu_tflen) no idf is computed, and the
 * lengths are read in runs: its callers read terms found in many rows. */
static struct rank_data *rank_data_get(const Fts5ExtensionApi *api, Fts5Context *fts,
                                       sqlite3_context *ctx, int with_idf, int *rc)
{
    struct rank_data *r = api->xGetAuxdata(fts, 0);
    if (r)
        return r;
    r = calloc(1, sizeof *r);
    if (!r) {
        *rc = SQLITE_NOMEM;
        return NULL;
    }
    sqlite3_int64 nrow = 0, ntok = 0;
    r->nphrase = api->xPhraseCount(fts);
    r->idf = calloc((size_t)(r->nphrase > 0 ? r->nphrase : 1), sizeof *r->idf);
    if (!r->idf)
        *rc = SQLITE_NOMEM;
    if (*rc == SQLITE_OK)
        *rc = api->xRowCount(fts, &nrow);
    if (*rc == SQLITE_OK)
        *rc = api->xColumnTotalSize(fts, -1, &ntok);
    if (*rc == SQLITE_OK)
        r->avgdl = (double)ntok / (double)(nrow > 0 ? nrow : 1);
    sqlite3_int64 fewest = nrow;
    for (int i = 0; with_idf && *rc == SQLITE_OK && i < r->nphrase; i++) {
        sqlite3_int64 nhit = 0;
        *rc = api->xQueryPhrase(fts, i, &nhit, count_cb);
        if (*rc != SQLITE_OK)
            break;
        r->idf[i] = rank_idf(nrow, nhit);
        if (nhit < fewest)
            fewest = nhit;
    }
    /* Hits dense enough (every phrase in 1 row of DENSE_SHARE at least): read
     * the lengths in runs, far cheaper than one look-up a row. The table's
     * name comes with the function (user data); without the shadow table, ask
     * FTS5 row by row. */
    const char *table = api->xUserData(fts);
    if (*rc == SQLITE_OK && table && (!with_idf || fewest * DENSE_SHARE >= nrow) && nrow > 0) {
        char *sql = sqlite3_mprintf("SELECT id, sz FROM \"%w_docsize\" WHERE id >= ?1 AND "
                                    "id < ?2 ORDER BY id",
                                    table);
        if (!sql)
            *rc = SQLITE_NOMEM;
        else if (sqlite3_prepare_v2(sqlite3_context_db_handle(ctx), sql, -1, &r->st, NULL) ==
                 SQLITE_OK)
            r->runs = 1;
        sqlite3_free(sql);
    }
    if (*rc == SQLITE_OK)
        *rc = api->xSetAuxdata(fts, r, rank_data_free);
    else
        rank_data_free(r);
    return *rc == SQLITE_OK ? r : NULL;
}

static void dafu_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
                      sqlite3_value **val)
{
    int rc = SQLITE_OK;
    struct rank_data *r = rank_data_get(api, fts, ctx, 1, &rc);
    double freq_small[8];
    double *freq = freq_small;
    if (r && r->nphrase > 8) {
        freq = calloc((size_t)r->nphrase, sizeof *freq);
        if (!freq)
            rc = SQLITE_NOMEM;
    } else {
        memset(freq_small, 0, sizeof freq_small);
    }
    int ninst = 0;
    if (rc == SQLITE_OK)
        rc = api->xInstCount(fts, &ninst);
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        int phrase, col, off;
        rc = api->xInst(fts, i, &phrase, &col, &off);
        if (rc == SQLITE_OK && phrase >= 0 && phrase < r->nphrase)
            freq[phrase] += nval > col ? sqlite3_value_double(val[col]) : 1.0;
    }
    int len = 0;
    if (rc == SQLITE_OK)
        rc = doc_length(api, fts, r, &len);
    if (rc == SQLITE_OK) {
        double score = 0.0;
        double d = (double)len;
        for (int i = 0; i < r->nphrase; i++)
            score += rank_term(r->idf[i], freq[i], d, r->avgdl);
        sqlite3_result_double(ctx, -1.0 * score);
    } else {
        sqlite3_result_error_code(ctx, rc);
    }
    if (freq != freq_small)
        free(freq);
}

/* dafu_tflen(fts_table, weight0, ...): the weighted frequency of the query's
 * phrases in this row (the same sum dafu_rank makes) times 2^32, plus the row's
 * length in tokens. */
static void dafu_tflen(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                       int nval, sqlite3_value **val)
{
    int rc = SQLITE_OK;
    struct rank_data *r = rank_data_get(api, fts, ctx, 0, &rc);
    double freq = 0.0;
    int ninst = 0;
    if (rc == SQLITE_OK)
        rc = api->xInstCount(fts, &ninst);
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        int phrase, col, off;
        rc = api->xInst(fts, i, &phrase, &col, &off);
        if (rc == SQLITE_OK)
            freq += nval > col ? sqlite3_value_double(val[col]) : 1.0;
    }
    int len = 0;
    if (rc == SQLITE_OK)
        rc = doc_length(api, fts, r, &len);
    if (rc == SQLITE_OK)
        sqlite3_result_int64(ctx, (sqlite3_int64)((sqlite3_uint64)freq << 32 | (unsigned)len));
    else
        sqlite3_result_error_code(ctx, rc);
}

/* dafu_tf(fts_table, weight0, ...): the weighted frequency alone, for callers
 * that know the row lengths already. */
static void dafu_tf(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
                    sqlite3_value **val)
{
    double freq = 0.0;
    int ninst = 0;
    int rc = api->xInstCount(fts, &ninst);
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        int phrase, col, off;
        rc = api->xInst(fts, i, &phrase, &col, &off);
        if (rc == SQLITE_OK)
            freq += nval > col ? sqlite3_value_double(val[col]) : 1.0;
    }
    if (rc == SQLITE_OK)
        sqlite3_result_int64(ctx, (sqlite3_int64)freq);
    else
        sqlite3_result_error_code(ctx, rc);
}

/* Each phrase's weighted frequency in this row into freq[0..np) (val[0..nval)
 * the columns' weights, 1 for a column without one): from the phrase's own
 * position list (xPhraseFirst), in the order xInst gives them, so the sums
 * are those of xInst's instances to the bit, without the array of every
 * instance xInst builds; a column's weight is read once. Returns an SQLite
 * result code. */
static int phrase_freqs(const Fts5ExtensionApi *api, Fts5Context *fts, int nval,
                        sqlite3_value **val, double *freq, int np)
{
    double w[8];
    int nw = nval < 8 ? nval : 8;
    for (int c = 0; c < nw; c++)
        w[c] = sqlite3_value_double(val[c]);
    int rc = SQLITE_OK;
    for (int i = 0; rc == SQLITE_OK && i < np; i++) {
        Fts5PhraseIter it;
        int col = -1, off = -1;
        double f = 0.0;
        rc = api->xPhraseFirst(fts, i, &it, &col, &off);
        for (; rc == SQLITE_OK && col >= 0; api->xPhraseNext(fts, &it, &col, &off))
            f += col < nw ? w[col] : nval > col ? sqlite3_value_double(val[col]) : 1.0;
        freq[i] = f;
    }
    return rc;
}

/* dafu_tfs(fts_table, weight0, ...): each phrase's weighted frequency in this
 * row (what dafu_rank sums per phrase), as a blob of one double a phrase. */
static void dafu_tfs(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
                     sqlite3_value **val)
{
    int np = api->xPhraseCount(fts);
    double small[8];
    double *freq = np > 8 ? calloc((size_t)np, sizeof *freq) : small;
    int rc = freq ? phrase_freqs(api, fts, nval, val, freq, np) : SQLITE_NOMEM;
    if (rc == SQLITE_OK)
        sqlite3_result_blob(ctx, freq, np * (int)sizeof *freq, SQLITE_TRANSIENT);
    else
        sqlite3_result_error_code(ctx, rc);
    if (freq != small)
        free(freq);
}

/* dafu_tfs_into(fts_table, hits, weight0, ...): appends the row's id and each
 * phrase's weighted frequency (as dafu_tfs) to hits (struct rank_hits). */
static void dafu_tfs_into(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                          int nval, sqlite3_value **val)
{
    struct rank_hits *h = nval >= 1 ? sqlite3_value_pointer(val[0], "dafu_hits") : NULL;
    sqlite3_result_null(ctx);
    if (!h || h->bad)
        return;
    int np = api->xPhraseCount(fts);
    sqlite3_int64 id = api->xRowid(fts);
    if (h->np < 0)
        h->np = np;
    if (np != h->np || (h->n && id <= h->id[h->n - 1])) {
        h->bad = 2;
        return;
    }
    if (h->n == h->cap) {
        long cap = h->cap ? 2 * h->cap : 1024;
        long long *ip = realloc(h->id, (size_t)cap * sizeof *ip);
        if (ip)
            h->id = ip;
        double *tp = ip ? realloc(h->tf, (size_t)cap * (size_t)(np ? np : 1) * sizeof *tp) : NULL;
        if (!tp) {
            h->bad = 1;
            return;
        }
        h->tf = tp;
        h->cap = cap;
    }
    int rc = phrase_freqs(api, fts, nval - 1, val + 1, h->tf + (size_t)h->n * (size_t)np, np);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    h->id[h->n++] = id;
}

static void lens_step(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
    (void)ctx;
    struct rank_lens *l = nval == 3 ? sqlite3_value_pointer(val[0], "dafu_lens") : NULL;
    if (!l)
        return;
    sqlite3_int64 id = sqlite3_value_int64(val[1]);
    while (l->i < l->n && l->id[l->i] < id)
        l->i++;
    if (l->i == l->n || l->id[l->i] != id)
        return;
    const unsigned char *sz = sqlite3_value_blob(val[2]);
    int n = sqlite3_value_bytes(val[2]);
    l->len[l->i] = (double)varint_sqlite_sum(sz, (size_t)n);
}

static void lens_final(sqlite3_context *ctx)
{
    sqlite3_result_null(ctx);
}

int rank_lens_create(sqlite3 *db)
{
    return sqlite3_create_function(db, "dafu_lens", 3, SQLITE_UTF8, NULL, NULL, lens_step,
                                   lens_final);
}

int rank_create(fts5_api *api, const char *table)
{
    int rc = api->xCreateFunction(api, "dafu_rank", (void *)table, dafu_rank, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "dafu_tflen", (void *)table, dafu_tflen, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "dafu_tf", NULL, dafu_tf, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "dafu_tfs", NULL, dafu_tfs, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, "dafu_tfs_into", NULL, dafu_tfs_into, NULL);
    return rc;
}
