/* topk: the best letters of frequent terms, kept at import (see topk.h). */
#include "store/topk.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/varint.h"
#include "fts/fts_tok.h"
#include "fts/rank.h"
#include "store/lens.h"
#include "store/topk_int.h"

#define SAMPLE 1000 /* new letters tokenized to find the frequent terms */

/* ---- reading FTS5 ---- */

/* The MATCH string for a term: the term quoted as FTS5 reads a string, in
 * the tokenizer's mode of pairs (FTS_TOK_PAIRS): a pair is read from its own
 * doclist alone, not as the phrase of the pair and its last character, which
 * gives the same letters and frequencies but makes FTS5 walk that character's
 * doclist and both terms' positions beside the pair's. */
static int quoted(const char *key, struct buf *out)
{
    int rc = buf_addch(out, '"');
    rc |= buf_addch(out, FTS_TOK_PAIRS);
    for (const char *p = key; *p; p++) {
        if (*p == '"')
            rc |= buf_addch(out, '"');
        rc |= buf_addch(out, *p);
    }
    rc |= buf_addch(out, '"');
    return rc;
}

/* Sets l->len[i] from a row of reply_fts_docsize (id, sz) where base < id <= upto. */
static void length_of_row(struct lengths *l, long long id, const unsigned char *p, int n)
{
    unsigned long long total = varint_sqlite_sum(p, (size_t)n);
    if (id > l->base && (size_t)(id - l->base) <= l->n)
        l->len[id - l->base - 1] = total >= UINT32_MAX ? UINT32_MAX - 1 : (uint32_t)total;
}

/* The lengths of the rows with base < id <= upto: those reply_len keeps (a read
 * for 1,024 letters), the others from reply_fts_docsize, a row at a time when
 * they are few (a length of 65,536 tokens or more, a row deleted), else in one
 * scan of the range. Every row's length read from reply_fts_docsize, as
 * before, was a read of every letter's row when a term was read from the index
 * (a term a sample names, 100,000 rows for an import of 1,000 letters into
 * 100,000), a cost that grew with the archive. */
static int lengths_load(struct db *db, long long base, long long upto, struct lengths *l,
                        struct diag *d)
{
    l->base = base;
    l->n = upto > base ? (size_t)(upto - base) : 0;
    l->len = malloc((l->n ? l->n : 1) * sizeof *l->len);
    if (!l->len)
        return diag_error(d, "out of memory");
    memset(l->len, 0xff, l->n * sizeof *l->len);
    long set = lens_read_range(db, base, upto, l->len, d);
    if (set < 0)
        return -1;
    size_t unset = l->n - (size_t)set;
    if (!unset)
        return 0;
    int one = unset <= l->n / 8;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_sqlite(db),
                           one ? "SELECT id, sz FROM reply_fts_docsize WHERE id = ?1"
                               : "SELECT id, sz FROM reply_fts_docsize WHERE id > ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
    for (size_t k = 0; k < (one ? l->n : 1); k++) {
        if (one && l->len[k] != UINT32_MAX)
            continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, one ? base + 1 + (long long)k : base);
        while (sqlite3_step(st) == SQLITE_ROW)
            length_of_row(l, sqlite3_column_int64(st, 0), sqlite3_column_blob(st, 1),
                          sqlite3_column_bytes(st, 1));
    }
    sqlite3_finalize(st);
    return 0;
}

/* Appends the hits of term `key` with id > after to v (with v NULL, only counts
 * them into *nhits), their lengths from lens when given. Returns 0 or -1 with d
 * set. */
static int scan(struct db *db, const char *key, long long after, const struct lengths *lens,
                struct entries *v, long long *nhits, struct diag *d)
{
    struct buf m = BUF_INIT;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (quoted(key, &m)) {
        diag_error(d, "out of memory");
        goto done;
    }
    if (lens && after < lens->base)
        lens = NULL;
    const char *sql = !v ? "SELECT count(*) FROM reply_fts WHERE reply_fts MATCH ?1 AND rowid > ?2"
                      : lens ? "SELECT rowid, dafu_tf(reply_fts, " TOPK_WEIGHTS ") FROM reply_fts "
                               "WHERE reply_fts MATCH ?1 AND rowid > ?2"
                             : "SELECT rowid, dafu_tflen(reply_fts, " TOPK_WEIGHTS
                               ") FROM reply_fts WHERE reply_fts MATCH ?1 AND rowid > ?2";
    if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK) {
        diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
        goto done;
    }
    sqlite3_bind_text(st, 1, m.data, (int)m.len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, after);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (!v) {
            *nhits += sqlite3_column_int64(st, 0);
            continue;
        }
        long long id = sqlite3_column_int64(st, 0);
        uint64_t x = (uint64_t)sqlite3_column_int64(st, 1);
        uint32_t tf = lens ? (uint32_t)x : (uint32_t)(x >> 32), len = (uint32_t)x;
        if (lens) {
            if (id <= lens->base || (size_t)(id - lens->base) > lens->n ||
                lens->len[id - lens->base - 1] == UINT32_MAX) {
                diag_error(d, "database '%s': reply %lld has no length in the index", db_path(db),
                           id);
                goto done;
            }
            len = lens->len[id - lens->base - 1];
        }
        if (topk_entries_add(v, id, tf, len)) {
            diag_error(d, "out of memory");
            goto done;
        }
        (*nhits)++;
    }
    if (s != SQLITE_DONE) {
        diag_error(d, "database '%s': reading the index: %s", db_path(db),
                   sqlite3_errmsg(db_sqlite(db)));
        goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    buf_release(&m);
    return rc;
}

/* The index's number of rows and of tokens, all columns (FTS5's averages
 * record, what xRowCount and xColumnTotalSize(-1) read). Returns 0 or -1. */
static int totals(struct db *db, long long *nrow, long long *ntok, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    *nrow = *ntok = 0;
    if (db_prepare_kept(db, "SELECT block FROM reply_fts_data WHERE id = 1", &st, d))
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *p = sqlite3_column_blob(st, 0);
        size_t n = (size_t)sqlite3_column_bytes(st, 0), i = 0;
        unsigned long long v = 0;
        if (!varint_sqlite_get(p, n, &i, &v))
            *nrow = (long long)v;
        *ntok = (long long)varint_sqlite_sum(p + i, n - i);
    }
    db_release_kept(db, st);
    return 0;
}

/* ---- which term a query asks for ---- */

struct qtok {
    int n;
    char tok[2][64];
    int start[2], end[2];
};

static int on_qtok(void *ctx, int tflags, const char *t, int n, int s, int e)
{
    struct qtok *q = ctx;
    (void)tflags;
    if (q->n < 2 && n < 64) {
        memcpy(q->tok[q->n], t, (size_t)n);
        q->tok[q->n][n] = 0;
        q->start[q->n] = s;
        q->end[q->n] = e;
    }
    q->n++;
    return q->n > 2;
}

/* The term a string asks for (see topk_key). Returns 1 or 0. */
static int term_of(const char *s, size_t len, struct buf *key)
{
    struct qtok q = {0};
    fts_tok_run(s, (int)len, FTS_TOK_QUERY, on_qtok, &q);
    if (q.n == 1 && q.tok[0][0]) {
        buf_truncate(key, 0);
        return buf_adds(key, q.tok[0]) ? 0 : 1;
    }
    /* A Han pair: its bigram, then its last character inside the same span. */
    if (q.n == 2 && q.tok[0][0] && q.end[1] == q.end[0] && q.start[1] > q.start[0]) {
        buf_truncate(key, 0);
        return buf_adds(key, q.tok[0]) ? 0 : 1;
    }
    return 0;
}

int topk_key(const char *match, struct buf *key)
{
    size_t n = strlen(match);
    if (n < 3 || match[0] != '"' || match[n - 1] != '"')
        return 0;
    struct buf lit = BUF_INIT;
    int ok = 1;
    for (size_t i = 1; ok && i + 1 < n; i++) {
        if (match[i] == '"') {
            if (i + 2 < n && match[i + 1] == '"')
                i++;
            else
                ok = 0; /* the string ends before the expression does */
        }
        if (ok && buf_addch(&lit, match[i]))
            ok = 0;
    }
    int r = ok && lit.len ? term_of(lit.data, lit.len, key) : 0;
    buf_release(&lit);
    return r;
}

/* ---- refreshing reply_top after an import ---- */

static long long one_int(struct db *db, const char *sql, long long arg)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (!db_prepare_kept(db, sql, &st, NULL)) {
        sqlite3_bind_int64(st, 1, arg);
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
    }
    db_release_kept(db, st);
    return v;
}

/* Recomputes the row of one term: its entries so far (blob, NULL to start
 * over) with the hits after `after`; a term without a row gets one when it has
 * min_hits hits. Returns 0 or -1. */
/* The statements a refresh runs for every kept row, prepared once a refresh
 * (preparing them for each of 4,822 rows at 100,000 letters cost as much as
 * reading the rows). */
struct row_stmts {
    sqlite3_stmt *count;  /* a row's count and upto moved on */
    sqlite3_stmt *put;    /* a kept row written over */
    sqlite3_stmt *add;    /* a new row written */
    sqlite3_stmt *best;   /* a row's entries read */
    sqlite3_stmt *append; /* new hits appended to a row's entries */
};

/* *st prepared on first use, else reset and unbound. Returns 0, or -1 with d set. */
static int row_stmt(struct db *db, sqlite3_stmt **st, const char *sql, struct diag *d)
{
    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return 0;
    }
    if (sqlite3_prepare_v3(db_sqlite(db), sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) ==
        SQLITE_OK)
        return 0;
    return diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
}

static void row_stmts_free(struct row_stmts *rs)
{
    sqlite3_finalize(rs->count);
    sqlite3_finalize(rs->put);
    sqlite3_finalize(rs->add);
    sqlite3_finalize(rs->best);
    sqlite3_finalize(rs->append);
    memset(rs, 0, sizeof *rs);
}

/* A kept row that no new hit enters: its entries stay as they are, only its
 * count and the letters counted move on. Returns 0, or -1 with d set. */
static int move_on(struct db *db, struct row_stmts *rs, const char *key, long long upto,
                   long long hits, struct diag *d)
{
    if (row_stmt(db, &rs->count,
                 "UPDATE reply_top SET upto = ?2, hits = ?3, stale = 0 WHERE token = ?1", d))
        return -1;
    sqlite3_stmt *st = rs->count;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, upto);
    sqlite3_bind_int64(st, 3, hits);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s != SQLITE_DONE)
        return diag_error(d, "database '%s': keeping the best hits of '%s': %s", db_path(db), key,
                          sqlite3_errmsg(db_sqlite(db)));
    return 0;
}

/* Writes a kept row: over the term's row where it has one, in its place (a
 * REPLACE deleted it from the table and from the index of tokens and inserted
 * it again at the table's end, a row each of the 5,432 kept terms a batch of
 * 1,000 letters rewrites at 100,000 letters), else as a new row. Returns 0, or
 * -1 with d set. */
static int put_row(struct db *db, struct row_stmts *rs, const char *key, long long upto,
                   long long hits, const unsigned char *best, size_t nbest, struct diag *d)
{
    int s = SQLITE_DONE;
    for (int pass = 0; pass < 2 && s == SQLITE_DONE; pass++) {
        if (pass ? row_stmt(db, &rs->add,
                            "INSERT INTO reply_top(token, upto, hits, stale, best) "
                            "VALUES (?1, ?2, ?3, 0, ?4)",
                            d)
                 : row_stmt(db, &rs->put,
                            "UPDATE reply_top SET upto = ?2, hits = ?3, stale = 0, best = ?4 "
                            "WHERE token = ?1",
                            d))
            return -1;
        sqlite3_stmt *st = pass ? rs->add : rs->put;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, upto);
        sqlite3_bind_int64(st, 3, hits);
        sqlite3_bind_blob(st, 4, best, (int)nbest, SQLITE_STATIC);
        s = sqlite3_step(st);
        if (s != SQLITE_DONE)
            diag_error(d, "database '%s': keeping the best hits of '%s': %s", db_path(db), key,
                       sqlite3_errmsg(db_sqlite(db)));
        sqlite3_reset(st); /* the statement is rs's: bindings to key and best end here */
        if (s == SQLITE_DONE && sqlite3_changes(db_sqlite(db)) > 0)
            return 0;
    }
    return -1;
}

static int refresh_term(struct db *db, struct row_stmts *rs, const char *key, const void *blob,
                        int nblob, long long after, long long hits, int had_row, long long min_hits,
                        const struct lengths *lens, long long upto, const struct entries *got,
                        long long got_hits, struct diag *d)
{
    struct entries v = {0};
    unsigned char *out = NULL;
    int rc = -1;
    if (blob && topk_decode(blob, nblob, &v)) {
        diag_error(d, "out of memory");
        goto done;
    }
    if (!blob) {
        after = 0;
        hits = 0;
    }
    /* A kept row's entries are its skyline when it was last cut, in order,
     * then the new hits appended since, as they came: a new hit that enters the
     * skyline may push others out of it, but whatever it pushes out is still
     * beaten by TOPK_DEPTH of the entries (topk.h asks no more of them), so the
     * row is cut again only when it has grown by half and 32 (as a pass's terms
     * are). Cutting every row a new hit entered at each refresh rebuilt nearly
     * every kept row after a batch of 1,000 letters into 100,000 (5,432 rows,
     * the skylines half of it), a cost that grew with the kept terms. */
    int appended = 0;
    if (got && blob && v.n + got->n <= topk_next_cut(topk_in_order(&v))) {
        for (size_t i = 0; i < got->n; i++)
            if (topk_entries_add(&v, got->e[i].id, got->e[i].tf, got->e[i].len)) {
                diag_error(d, "out of memory");
                goto done;
            }
        hits += got_hits;
        appended = 1;
    } else if (got) {
        /* The hits after `after`, read from the letters' text (struct pass),
         * sorted and merged with the kept entries, which are in order (but
         * for those appended since their cut, which the skyline sorts). */
        struct entry *g = malloc((got->n ? got->n : 1) * sizeof *g);
        struct entries m = {malloc((v.n + got->n + 1) * sizeof *m.e), 0, v.n + got->n + 1};
        if (!g || !m.e) {
            free(g);
            free(m.e);
            diag_error(d, "out of memory");
            goto done;
        }
        if (got->n)
            memcpy(g, got->e, got->n * sizeof *g);
        qsort(g, got->n, sizeof *g, topk_by_tf_len);
        size_t i = 0, j = 0;
        while (i < v.n || j < got->n)
            m.e[m.n++] =
                j == got->n || (i < v.n && topk_by_tf_len(&v.e[i], &g[j]) < 0) ? v.e[i++] : g[j++];
        free(g);
        free(v.e);
        v = m;
        hits += got_hits;
    } else if (scan(db, key, after, lens, &v, &hits, d))
        goto done;
    /* A term the sample took for frequent is kept from half min_hits, whether
     * its hits were read from the index or from the letters' text: else each
     * import would read it again, and the first import after one into an empty
     * archive would read from the index every term kept from half min_hits
     * that the pass had left out (857 terms, 1.4 M hits, when 2,000 letters
     * were added to 40,000). */
    if (!blob && !had_row && hits < (min_hits + 1) / 2) {
        rc = 0; /* not frequent after all */
        goto done;
    }
    if (!appended && topk_skyline(&v)) {
        diag_error(d, "out of memory");
        goto done;
    }
    /* One order whichever way the entries came (skyline sorts longer lists). */
    if (!appended && v.n > 1 && v.n <= TOPK_DEPTH)
        qsort(v.e, v.n, sizeof *v.e, topk_by_tf_len);
    out = malloc(TOPK_PACKED_MAX(v.n));
    if (!out) {
        diag_error(d, "out of memory");
        goto done;
    }
    rc = put_row(db, rs, key, upto, hits, out, topk_encode(&v, out), d);
done:
    free(out);
    free(v.e);
    return rc;
}

/* A kept row with its new hits appended (refresh_term's first way) to the
 * bytes of its entries where the seed of its pass term found them, by the
 * statement that writes the row: the same blob, without reading the row first
 * (a read of each of 5,176 rows a batch of 1,000 letters appends to at 99,000
 * letters). Returns 1 when written, 0 when the row is not as the seed found it
 * (it is then refreshed the other way), -1 with d set. */
static int append_term(struct db *db, struct row_stmts *rs, const char *key, const struct pterm *t,
                       const struct entries *got, long long upto, long long hits, struct diag *d)
{
    unsigned char head[TOPK_HEAD_MAX], *tail = malloc(TOPK_PACKED_MAX(got->n));
    if (!tail)
        return diag_error(d, "out of memory");
    size_t nhead, ntail = topk_append_parts(&t->kept, got, head, &nhead, tail);
    int rc = row_stmt(db, &rs->append,
                      "UPDATE reply_top SET upto = ?2, hits = ?3, stale = 0, "
                      "best = CAST(?4 || substr(best, ?5, ?6) || ?7 AS BLOB) "
                      "WHERE token = ?1 AND length(best) >= ?8",
                      d);
    if (!rc) {
        /* || makes text of the bytes; the CAST gives them back as a blob. */
        sqlite3_stmt *st = rs->append;
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, upto);
        sqlite3_bind_int64(st, 3, hits);
        sqlite3_bind_blob(st, 4, head, (int)nhead, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, (long long)t->kept.start + 1);
        sqlite3_bind_int64(st, 6, (long long)(t->kept.end - t->kept.start));
        sqlite3_bind_blob(st, 7, tail, (int)ntail, SQLITE_STATIC);
        sqlite3_bind_int64(st, 8, (long long)t->kept.end);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = diag_error(d, "database '%s': keeping the best hits of '%s': %s", db_path(db), key,
                            sqlite3_errmsg(db_sqlite(db)));
        else
            rc = sqlite3_changes(db_sqlite(db)) > 0;
        sqlite3_reset(st); /* the statement is rs's: bindings to key, head and tail end here */
    }
    free(tail);
    return rc;
}

static long long min_hits_setting(void)
{
    const char *e = getenv("DAFU_TOPK_MIN_HITS");
    if (e && *e) {
        char *end;
        long long v = strtoll(e, &end, 10);
        if (!*end && v > 0)
            return v;
    }
    return TOPK_MIN_HITS;
}

/* A kept row's entries (a malloc'd copy, never NULL; the caller frees), or NULL
 * with *n = -1 when it could not be read. */
static void *kept_best(struct db *db, struct row_stmts *rs, const char *token, int *n,
                       struct diag *d)
{
    void *best = NULL;
    *n = -1;
    if (row_stmt(db, &rs->best, "SELECT best FROM reply_top WHERE token = ?1", d))
        return NULL;
    sqlite3_stmt *st = rs->best;
    sqlite3_bind_text(st, 1, token, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        int nb = sqlite3_column_bytes(st, 0);
        best = malloc((size_t)nb + 1);
        if (best) {
            if (nb)
                memcpy(best, sqlite3_column_blob(st, 0), (size_t)nb);
            *n = nb;
        } else {
            diag_error(d, "out of memory");
        }
    } else {
        diag_error(d, "database '%s': reading the best hits of '%s': %s", db_path(db), token,
                   sqlite3_errmsg(db_sqlite(db)));
    }
    sqlite3_reset(st);
    return best;
}

/* Gives the pass's kept terms (rows with upto == done, not stale) the floors
 * of their kept entries, read in one scan. Returns 0 or -1. */
static int seed_kept(struct db *db, struct pass *p, long long done, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_sqlite(db),
                           "SELECT token, best FROM reply_top WHERE NOT stale AND upto = ?1", -1,
                           &st, NULL) != SQLITE_OK)
        return diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
    sqlite3_bind_int64(st, 1, done);
    int s, rc = 0;
    while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *tok = (const char *)sqlite3_column_text(st, 0);
        size_t t = tok ? topk_pass_find(p, tok, (size_t)sqlite3_column_bytes(st, 0)) : SIZE_MAX;
        if (t != SIZE_MAX &&
            topk_pterm_seed(p, &p->t[t], sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1)))
            rc = diag_error(d, "out of memory");
    }
    if (!rc && s != SQLITE_DONE)
        rc = diag_error(d, "database '%s': reading reply_top: %s", db_path(db),
                        sqlite3_errmsg(db_sqlite(db)));
    sqlite3_finalize(st);
    return rc;
}

/* A kept row, as a refresh found it. */
struct kept {
    char *token;
    long long upto, hits;
    int stale;
};

/* Marks in c the terms that are not new frequent ones: kept already, not
 * frequent enough in the sample of ns letters out of nletters (mark: the hits
 * that make one), or not a term asked for alone. Returns how many are left. */
static size_t pick_new(struct counter *c, long ns, const struct kept *rows, size_t nrows,
                       long long nletters, double mark, struct buf *key)
{
    size_t nnew = 0;
    for (size_t i = 0; ns && i < nrows; i++) {
        struct slot *sl = topk_counter_find(c, rows[i].token, strlen(rows[i].token));
        if (sl->key)
            sl->count = -1;
    }
    for (size_t i = 0; ns && i < c->cap; i++) {
        struct slot *sl = &c->s[i];
        if (!sl->key || sl->count < 0 ||
            (double)sl->count * (double)nletters / (double)ns * 1.25 < mark ||
            !term_of(sl->key, strlen(sl->key), key) || strcmp(key->data, sl->key))
            sl->count = -1; /* not frequent, kept already, or not a term asked for alone */
        else
            nnew++;
    }
    return nnew;
}

int topk_refresh(struct db *db, struct diag *d)
{
    return topk_refresh_in(db, TOPK_PASS_BYTES, NULL, d);
}

int topk_refresh_in(struct db *db, size_t budget, int *passes, struct diag *d)
{
    struct counter c = {0};
    struct lengths lens = {0, NULL, 0};
    struct buf key = BUF_INIT;
    sqlite3_stmt *st = NULL;
    struct row_stmts rs = {0};
    long long min_hits = min_hits_setting();
    if (passes)
        *passes = 0;
    if (db_exec(db, "BEGIN IMMEDIATE", d))
        return -1;
    long long upto = one_int(db, "SELECT coalesce(max(id), 0) FROM reply", 0);
    long long done = one_int(db, "SELECT coalesce(max(upto), 0) FROM reply_top_state", 0);
    long long nstale = one_int(db, "SELECT count(*) FROM reply_top WHERE stale", 0);
    long long nletters = one_int(db, "SELECT count(*) FROM reply", 0);
    if (upto < 0 || done < 0 || nstale < 0 || nletters < 0) {
        diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
        goto fail;
    }
    if (upto == done && !nstale)
        return db_exec(db, "COMMIT", d);
    /* The kept terms first: new hits added, stale rows rebuilt. Their entries
     * are read a term at a time when it is rebuilt, never all at once. */
    if (sqlite3_prepare_v2(db_sqlite(db), "SELECT token, upto, hits, stale FROM reply_top", -1, &st,
                           NULL) != SQLITE_OK) {
        diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
        goto fail;
    }
    int s;
    /* Rows are replaced while this statement reads the table: collect first. */
    struct kept *rows = NULL;
    size_t nrows = 0, caprows = 0;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (ARRAY_RESERVE(rows, caprows, nrows + 1, 64))
            break;
        struct kept *k = &rows[nrows++];
        k->token = strdup((const char *)sqlite3_column_text(st, 0));
        k->upto = sqlite3_column_int64(st, 1);
        k->hits = sqlite3_column_int64(st, 2);
        k->stale = sqlite3_column_int(st, 3);
        if (!k->token) {
            s = SQLITE_NOMEM;
            break;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    int rc = s == SQLITE_DONE ? 0 : diag_error(d, "database '%s': reading reply_top", db_path(db));
    /* Terms that a sample of the new letters shows to be frequent, not kept yet
     * (the kept ones are marked in the counter). When letters were refreshed
     * before, the new terms are read from the index, not by the pass: the
     * sample is counted as the pass reads the letters, each tokenized once.
     * Else the pass reads the new terms too, which the sample names first:
     * when it is every new letter, their terms are kept for the pass. */
    struct lrecord rec = {0};
    int sample_in_pass = !rc && upto > done && done > 0;
    if (!rc && upto > done) {
        long long m = one_int(db, "SELECT count(*) FROM reply WHERE id > ?1", done);
        c.after = done;
        c.step = m > SAMPLE ? m / SAMPLE : 1;
        c.rec = c.step == 1 && !sample_in_pass ? &rec : NULL;
        if (!sample_in_pass)
            rc = topk_sample(db, &c, d);
    }
    long ns = c.nsampled;
    /* A term is kept from half min_hits (refresh_term). When every letter is
     * new (done == 0) the terms the sample names are read from the letters'
     * text by the pass below, at little cost a term: they are named from half
     * the mark too, so that the archive keeps nearly every term of half the
     * mark or more. Named from the mark only, the terms between the two were
     * left for the imports after it, each of which read from the index, whole,
     * those that its own sample happened to name (393 terms, 625,000 hits,
     * when 2,000 letters were added to 40,000 imported at once). */
    double mark = done == 0 ? (double)((min_hits + 1) / 2) : (double)min_hits;
    size_t nnew = rc ? 0 : pick_new(&c, ns, rows, nrows, nletters, mark, &key);
    /* The lengths of the rows the scans read, once: every row when a term is
     * built from the start, else those after the oldest kept row. */
    long long base = done;
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].stale || rows[i].upto < base)
            base = rows[i].stale ? 0 : rows[i].upto;
    if (nnew)
        base = 0;
    if (!rc)
        rc = lengths_load(db, base, upto, &lens, d);
    /* The terms whose hits after `done` are all they lack (kept rows that are
     * not stale; every term when the archive was empty) get them from a read
     * of the new letters, as many terms a read as its memory allows; the
     * others from the index, a term at a time. */
    struct pass p = {0};
    size_t *prow = NULL, *pcand = NULL, ncand = c.cap;
    if (!rc && (topk_pass_init(&p, nrows + nnew) || !(prow = malloc((nrows + 1) * sizeof *prow)) ||
                !(pcand = malloc((ncand + 1) * sizeof *pcand))))
        rc = diag_error(d, "out of memory");
    p.budget = budget;
    for (size_t i = 0; !rc && i < nrows; i++)
        prow[i] = (rows[i].stale ? 0 : rows[i].upto) == done ? topk_pass_add(&p, rows[i].token)
                                                             : SIZE_MAX;
    /* The floors of their kept entries, which refresh_term adds to the new. */
    if (!rc && p.nt)
        rc = seed_kept(db, &p, done, d);
    for (size_t i = 0; !rc && ns && i < ncand; i++)
        pcand[i] =
            c.s[i].key && c.s[i].count >= 0 && done == 0 ? topk_pass_add(&p, c.s[i].key) : SIZE_MAX;
    for (int first = 1;; first = 0) {
        if (!rc && (p.nt || (sample_in_pass && first)) && upto > done) {
            rc = topk_pass_run(db, &p, done, upto, &lens, c.rec,
                               sample_in_pass && first ? &c : NULL, d);
            if (passes && p.nt)
                (*passes)++;
        }
        /* The terms the read went through to the end are stored and freed. */
        for (size_t i = 0; !rc && i < nrows; i++) {
            if (prow[i] == SIZE_MAX || p.t[prow[i]].state != PTERM_ACTIVE)
                continue;
            struct pterm *t = &p.t[prow[i]];
            int nbest = 0, put = 0;
            void *best = NULL;
            const struct entries *got = NULL;
            if (!rows[i].stale && !t->n) /* no new hit enters: entries not read */
                rc = move_on(db, &rs, rows[i].token, upto, rows[i].hits + t->hits, d);
            else if (!(got = topk_pterm_entries(&p, t)))
                rc = diag_error(d, "out of memory");
            else if (!rows[i].stale && t->kept.n &&
                     t->kept.n + t->n <= topk_next_cut(t->kept.in_order) &&
                     (put = append_term(db, &rs, rows[i].token, t, got, upto,
                                        rows[i].hits + t->hits, d)) != 0)
                rc = put < 0 ? -1 : 0;
            else if (!rows[i].stale && !(best = kept_best(db, &rs, rows[i].token, &nbest, d)))
                rc = -1;
            else
                rc = refresh_term(db, &rs, rows[i].token, best, nbest, rows[i].upto, rows[i].hits,
                                  1, min_hits, &lens, upto, got, t->hits, d);
            free(best);
            topk_pterm_done(&p, &p.t[prow[i]]);
        }
        for (size_t i = 0; !rc && ns && i < ncand; i++) {
            if (pcand[i] == SIZE_MAX || p.t[pcand[i]].state != PTERM_ACTIVE)
                continue;
            const struct entries *got = topk_pterm_entries(&p, &p.t[pcand[i]]);
            rc = got ? refresh_term(db, &rs, c.s[i].key, NULL, 0, 0, 0, 0, min_hits, &lens, upto,
                                    got, p.t[pcand[i]].hits, d)
                     : diag_error(d, "out of memory");
            topk_pterm_done(&p, &p.t[pcand[i]]);
        }
        if (rc || !topk_pass_again(&p))
            break;
    }
    topk_record_free(&rec);
    /* The sample counted by the pass names its new terms now; they are read
     * from the index, with every row's length. */
    if (!rc && sample_in_pass) {
        ns = c.nsampled;
        nnew = pick_new(&c, ns, rows, nrows, nletters, mark, &key);
        if (nnew && lens.base) {
            free(lens.len);
            lens.len = NULL;
            rc = lengths_load(db, 0, upto, &lens, d);
        }
    }
    /* The others, from the index. */
    for (size_t i = 0; !rc && i < nrows; i++) {
        if (prow[i] != SIZE_MAX)
            continue;
        int nbest = 0;
        void *best = rows[i].stale ? NULL : kept_best(db, &rs, rows[i].token, &nbest, d);
        if (!rows[i].stale && !best)
            rc = -1;
        else
            rc = refresh_term(db, &rs, rows[i].token, best, nbest, rows[i].upto, rows[i].hits, 1,
                              min_hits, &lens, upto, NULL, 0, d);
        free(best);
    }
    for (size_t i = 0; !rc && ns && i < c.cap; i++) {
        if (!c.s[i].key || c.s[i].count < 0 || (i < ncand && pcand[i] != SIZE_MAX))
            continue;
        rc = refresh_term(db, &rs, c.s[i].key, NULL, 0, 0, 0, 0, min_hits, &lens, upto, NULL, 0, d);
    }
    topk_pass_free(&p);
    free(prow);
    free(pcand);
    for (size_t i = 0; i < nrows; i++)
        free(rows[i].token);
    free(rows);
    if (rc)
        goto fail;
    if (one_int(db, "INSERT OR REPLACE INTO reply_top_state(id, upto) VALUES (1, ?1) RETURNING 0",
                upto) != 0) {
        diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
        goto fail;
    }
    row_stmts_free(&rs);
    topk_counter_free(&c);
    free(lens.len);
    buf_release(&key);
    return db_commit(db, d);
fail:
    sqlite3_finalize(st);
    row_stmts_free(&rs);
    topk_counter_free(&c);
    free(lens.len);
    buf_release(&key);
    db_exec(db, "ROLLBACK", NULL);
    return -1;
}

/* ---- answering a search ---- */

int topk_totals(struct db *db, long long *nrow, long long *ntok, struct diag *d)
{
    return totals(db, nrow, ntok, d);
}

/* The kept row of term key and its hits indexed since (into v when want, else
 * only counted). Returns 1, 0 when the term is not kept or its row is stale,
 * -1 with d set. */
static int kept_load(struct db *db, const char *key, int want, struct entries *v, long long *count,
                     struct diag *d)
{
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (db_prepare_kept(db, "SELECT upto, hits, best FROM reply_top WHERE token = ?1 AND NOT stale",
                        &st, d))
        goto done;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    if (s == SQLITE_DONE) {
        rc = 0;
        goto done;
    }
    if (s != SQLITE_ROW) {
        diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
        goto done;
    }
    long long upto = sqlite3_column_int64(st, 0);
    long long nhit = sqlite3_column_int64(st, 1);
    if (want && topk_decode(sqlite3_column_blob(st, 2), sqlite3_column_bytes(st, 2), v)) {
        diag_error(d, "out of memory");
        goto done;
    }
    db_release_kept(db, st);
    st = NULL;
    /* Letters indexed since the last refresh, when there are any (a letter
     * deleted since made the row stale). */
    if (one_int(db, "SELECT coalesce(max(rowid), 0) > ?1 FROM reply_fts_docsize", upto) != 0 &&
        scan(db, key, upto, NULL, want ? v : NULL, &nhit, d))
        goto done;
    *count = nhit;
    rc = 1;
done:
    db_release_kept(db, st);
    return rc;
}

int topk_entries(struct db *db, const char *key, struct topk_entry **e, long *n, long long *count,
                 struct diag *d)
{
    struct entries v = {0};
    *e = NULL;
    *n = 0;
    int rc = kept_load(db, key, 1, &v, count, d);
    if (rc == 1) {
        *e = malloc((v.n ? v.n : 1) * sizeof **e);
        if (!*e)
            rc = diag_error(d, "out of memory");
        for (size_t i = 0; *e && i < v.n; i++)
            (*e)[i] = (struct topk_entry){v.e[i].id, (double)v.e[i].tf, (double)v.e[i].len};
        *n = *e ? (long)v.n : 0;
    }
    free(v.e);
    return rc;
}

static int by_rank(const void *a, const void *b)
{
    const struct topk_hit *x = a, *y = b;
    return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* The want-th best (lowest) rank of h[0..n) (want >= 1), by a max-heap of
 * the want best; NaN when memory runs out. */
static double want_th(const struct topk_hit *h, size_t n, size_t want)
{
    double *v = malloc(want * sizeof *v);
    if (!v)
        return 0.0 / 0.0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double x = h[i].rank;
        if (k < want) {
            size_t at = k++;
            for (; at > 0 && v[(at - 1) / 2] < x; at = (at - 1) / 2)
                v[at] = v[(at - 1) / 2];
            v[at] = x;
        } else if (x < v[0]) {
            size_t at = 0;
            for (;;) {
                size_t l = 2 * at + 1, r = l + 1, m = at;
                double big = x;
                if (l < k && v[l] > big) {
                    m = l;
                    big = v[l];
                }
                if (r < k && v[r] > big)
                    m = r;
                if (m == at)
                    break;
                v[at] = v[m];
                at = m;
            }
            v[at] = x;
        }
    }
    double last = v[0];
    free(v);
    return last;
}

int topk_hits(struct db *db, const char *key, long want, struct topk_hit **hits, long *n,
              long long *count, struct diag *d)
{
    struct entries v = {0};
    int rc = -1;
    *hits = NULL;
    *n = 0;
    if (want < 0 || want > TOPK_DEPTH)
        return 0;
    /* One snapshot for the row, the new hits and the totals. */
    if (db_exec_kept(db, "SAVEPOINT topk", d))
        return -1;
    long long nhit = 0;
    int r = kept_load(db, key, want > 0, &v, &nhit, d);
    if (r <= 0) {
        rc = r;
        goto done;
    }
    *count = nhit;
    if (want) {
        long long nrow, ntok;
        if (totals(db, &nrow, &ntok, d))
            goto done;
        double avgdl = (double)ntok / (double)(nrow > 0 ? nrow : 1);
        double idf = rank_idf(nrow, nhit);
        struct topk_hit *h = malloc((v.n ? v.n : 1) * sizeof *h);
        if (!h) {
            diag_error(d, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < v.n; i++) {
            double score = 0.0;
            score += rank_term(idf, (double)v.e[i].tf, (double)v.e[i].len, avgdl);
            h[i].id = v.e[i].id;
            h[i].rank = -1.0 * score;
        }
        /* Only the hits that rank up to the want-th (ties included) need
         * their order: the others are left out first, in the order they
         * came, so that the sort gives what sorting them all begins with. */
        size_t sorted = v.n;
        if (v.n > 4 * (size_t)want + 64) {
            double last = want_th(h, v.n, (size_t)want);
            if (last == last) { /* else (no memory): sort them all */
                sorted = 0;
                for (size_t i = 0; i < v.n; i++)
                    if (h[i].rank <= last)
                        h[sorted++] = h[i];
            }
        }
        qsort(h, sorted, sizeof *h, by_rank);
        v.n = sorted;
        /* Every hit up to the want-th, and those tied with it. */
        size_t keep = v.n;
        if (v.n > (size_t)want) {
            keep = (size_t)want;
            while (keep < v.n && h[keep].rank == h[want - 1].rank)
                keep++;
        }
        *hits = h;
        *n = (long)keep;
    }
    rc = 1;
done:
    free(v.e);
    if (rc < 0)
        db_exec(db, "ROLLBACK TO topk; RELEASE topk", NULL);
    else
        db_exec_kept(db, "RELEASE topk", NULL);
    return rc;
}
