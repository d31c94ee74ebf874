/* scan: the first phase of a ranked search by scoring every hit of one pass of
 * the index, and that pass kept with the connection (see top.h, top_int.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fts/fts_tok.h"
#include "fts/rank.h"
#include "search/top.h"
#include "search/top_int.h"
#include "store/lens.h"

/* ---- every hit of an expression with each phrase's frequency (kept with the
 * connection, db_memo) ---- */

static void scan_memo_free(void *p)
{
    struct scan_memo *m = p;
    if (!m)
        return;
    free(m->match);
    free(m->id);
    free(m->tf);
    free(m);
}

/* The tokens of the positive phrases of match, each a string of its own, ANDed
 * (as FTS_TOK_PAIRS strings, top_pairs_match), into out: every hit of match has
 * them all. Returns 1 when some phrase has several tokens (then the AND reads no
 * position, as match must), 0 when not (nothing to gain), -1 out of memory. */
struct tok_and {
    struct buf *out;
    int n;
};

static int on_and_tok(void *ctx, int tflags, const char *t, int n, int s, int e)
{
    struct tok_and *a = ctx;
    (void)tflags;
    (void)s;
    (void)e;
    if (memchr(t, '"', (size_t)n))
        return 1; /* never from the tokenizer; not this way */
    buf_printf(a->out, "%s\"%c%.*s\"", a->out->len ? " AND " : "", FTS_TOK_PAIRS, n, t);
    a->n++;
    return 0;
}

static int tokens_and(const char *match, struct buf *out)
{
    struct phrase ph[MAX_PHRASES];
    int np = top_match_phrases(match, ph);
    int several = 0;
    struct buf text = BUF_INIT;
    buf_truncate(out, 0);
    for (int i = 0; i < np; i++) {
        if (ph[i].neg)
            continue;
        /* The string's text: inside the quotes, "" as ", without the mark. */
        buf_truncate(&text, 0);
        for (size_t k = 1; k + 1 < ph[i].nlit; k++) {
            if (k == 1 && ph[i].lit[k] == FTS_TOK_PAIRS)
                continue;
            buf_addch(&text, ph[i].lit[k]);
            if (ph[i].lit[k] == '"')
                k++;
        }
        struct tok_and a = {out, 0};
        if (buf_failed(&text)) {
            buf_release(&text);
            return -1;
        }
        if (fts_tok_run(text.data, (int)text.len, FTS_TOK_QUERY_PAIRS, on_and_tok, &a)) {
            buf_release(&text);
            return buf_failed(out) ? -1 : 0;
        }
        several |= a.n > 1;
    }
    buf_release(&text);
    if (buf_failed(out))
        return -1;
    return several && out->len ? 1 : 0;
}

/* The savepoints of top_begin (a search opens one or two), their statements
 * kept (db_exec_kept). Opens (release 0) or ends (1) one: 0, or -1 with d set. */
static int savepoint(struct db *db, const char *name, int release, struct diag *d)
{
    static const char *const sp[][3] = {{"bound", "SAVEPOINT bound", "RELEASE bound"},
                                        {"scan", "SAVEPOINT scan", "RELEASE scan"},
                                        {"memo", "SAVEPOINT memo", "RELEASE memo"}};
    for (size_t i = 0; i < sizeof sp / sizeof *sp; i++)
        if (!strcmp(sp[i][0], name))
            return db_exec_kept(db, sp[i][1 + release], d);
    return diag_error(d, "no savepoint '%s'", name);
}

int top_begin(struct db *db, const char *name, long long *nrow, double *avgdl, struct diag *d)
{
    if (savepoint(db, name, 0, d))
        return -1;
    long long ntok;
    if (topk_totals(db, nrow, &ntok, d)) {
        top_end(db, name, -1);
        return -1;
    }
    if (avgdl)
        *avgdl = (double)ntok / (double)(*nrow > 0 ? *nrow : 1);
    return 0;
}

void top_end(struct db *db, const char *name, int r)
{
    if (r < 0) {
        char sql[64];
        snprintf(sql, sizeof sql, "ROLLBACK TO %s", name);
        db_exec(db, sql, NULL);
    }
    savepoint(db, name, 1, NULL);
}

/* Whether some letter has every token of match's positive phrases: 0 when none
 * has (then match has no hit), 1 when one has or it is not known, -1 with d
 * set. One look at the index without positions, which stops at the first such
 * letter: phrases ANDed whose tokens never meet (乡村振兴 产业 学校) are known
 * to have no hit without FTS5 reading the positions of every letter that has a
 * phrase. */
static int tokens_meet(struct db *db, const char *match, struct diag *d)
{
    struct buf and = BUF_INIT;
    int r = tokens_and(match, &and);
    if (r <= 0) {
        buf_release(&and);
        return r < 0 ? diag_error(d, "out of memory") : 1;
    }
    sqlite3_stmt *st = NULL;
    if (db_prepare_kept(db, "SELECT 1 FROM reply_fts WHERE reply_fts MATCH ?1 LIMIT 1", &st, d)) {
        buf_release(&and);
        return -1;
    }
    sqlite3_bind_text(st, 1, and.data, (int)and.len, SQLITE_STATIC);
    int s = sqlite3_step(st);
    /* (the message before the statement is given back) */
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        diag_error(d, "database '%s': searching: %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
    db_release_kept(db, st);
    buf_release(&and);
    return s == SQLITE_ROW ? 1 : s == SQLITE_DONE ? 0 : -1;
}

/* The hits of match, ascending, with each phrase's weighted frequency: one
 * pass of the index, which the count and the page of one search share (the
 * connection keeps the last, for the same content). Call inside a read
 * transaction that has read. Returns the memo (the connection owns it), or NULL
 * with d set. */
struct scan_memo *top_hits_of(struct db *db, const char *match, struct diag *d)
{
    unsigned long long snap = db_snapshot(db);
    struct scan_memo *m = db_memo(db, DB_MEMO_HITS);
    if (m && snap && m->snap == snap && !strcmp(m->match, match))
        return m;
    m = calloc(1, sizeof *m);
    sqlite3_stmt *st = NULL;
    if (!m || !(m->match = strdup(match))) {
        scan_memo_free(m);
        diag_error(d, "out of memory");
        return NULL;
    }
    m->snap = snap;
    m->np = -1;
    int meet = tokens_meet(db, match, d);
    if (meet < 0) {
        scan_memo_free(m);
        return NULL;
    }
    if (!meet) {
        /* No hit: what the pass would keep (n 0, np -1). */
        db_set_memo(db, DB_MEMO_HITS, m, scan_memo_free);
        return m;
    }
    /* One step: dafu_tfs_into appends each hit to h where FTS5 visits it,
     * and no row comes out (rank.h). */
    if (db_prepare_kept(db,
                        "SELECT 1 FROM reply_fts WHERE reply_fts MATCH ?1 AND "
                        "dafu_tfs_into(reply_fts, ?2, " TOPK_WEIGHTS ") IS NOT NULL",
                        &st, d)) {
        scan_memo_free(m);
        return NULL;
    }
    struct rank_hits h = {NULL, NULL, 0, 0, -1, 0};
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_pointer(st, 2, &h, "dafu_hits", NULL);
    int s = sqlite3_step(st);
    m->id = h.id;
    m->tf = h.tf;
    m->n = h.n;
    m->np = h.np;
    int ok = h.bad != 2;
    if (s != SQLITE_DONE || h.bad == 1) {
        if (h.bad == 1)
            diag_error(d, "out of memory");
        else
            diag_error(d, "database '%s': searching: %s", db_path(db),
                       sqlite3_errmsg(db_sqlite(db)));
        db_release_kept(db, st);
        scan_memo_free(m);
        return NULL;
    }
    db_release_kept(db, st);
    if (!ok) {
        /* Never expected: remember nothing, and say so with np -1. */
        m->n = 0;
        m->np = -2;
    }
    db_set_memo(db, DB_MEMO_HITS, m, scan_memo_free);
    return m;
}

int search_memo_count(struct db *db, const struct search_opts *o, const char *match,
                      long long *count, struct diag *d)
{
    if (o->exhaustive || (o->sort != SORT_DEFAULT && o->sort != SORT_RANK) || o->limit == 0)
        return 0;
    long long nrow;
    if (top_begin(db, "memo", &nrow, NULL, d))
        return -1;
    struct scan_memo *m = top_hits_of(db, match, d);
    int r = !m ? -1 : m->np == -2 ? 0 : 1;
    if (r == 1)
        *count = m->n;
    top_end(db, "memo", r);
    return r;
}

/* The lengths of rows id[0..n) (ascending) from reply_fts_docsize into len[]
 * (-1 there): a row without one stays -1. Dense hits are read in one range,
 * others one at a time through a blob handle moved from row to row (what FTS5
 * does for its own records: no statement to reset between rows, half the
 * instructions of a SELECT a row). Returns 0 or -1 with d set. */
static int docsize_lengths(struct db *db, const long long *id, long n, double *len, struct diag *d)
{
    if (!n)
        return 0;
    int dense = (double)n * 8.0 >= (double)(id[n - 1] - id[0] + 1);
    if (!dense) {
        sqlite3_blob *b = NULL;
        for (long i = 0; i < n; i++) {
            int rc = b ? sqlite3_blob_reopen(b, id[i])
                       : sqlite3_blob_open(db_sqlite(db), "main", "reply_fts_docsize", "sz", id[i],
                                           0, &b);
            if (rc != SQLITE_OK)
                break; /* a row without its length (or no blob): -1 from here */
            unsigned char sz[64];
            int bytes = sqlite3_blob_bytes(b);
            if (bytes > (int)sizeof sz || sqlite3_blob_read(b, sz, bytes, 0) != SQLITE_OK)
                break;
            len[i] = (double)lens_docsize_total(sz, bytes);
        }
        sqlite3_blob_close(b);
        return 0;
    }
    /* One step: dafu_lens reads each row of the range (rank.h). */
    sqlite3_stmt *st = NULL;
    if (db_prepare_kept(db,
                        "SELECT dafu_lens(?3, id, sz) FROM reply_fts_docsize WHERE id >= ?1 AND "
                        "id <= ?2",
                        &st, d))
        return -1;
    struct rank_lens l = {id, n, len, 0};
    sqlite3_bind_int64(st, 1, id[0]);
    sqlite3_bind_int64(st, 2, id[n - 1]);
    sqlite3_bind_pointer(st, 3, &l, "dafu_lens", NULL);
    int s = sqlite3_step(st);
    /* (the message before the statement is given back) */
    if (s != SQLITE_ROW)
        diag_error(d, "database '%s': searching: %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
    db_release_kept(db, st);
    return s != SQLITE_ROW ? -1 : 0;
}

/* The lengths of rows id[0..n) (ascending) into len[]; -1 for a row without
 * one. Those kept packed are read 1,024 letters at a time (lens_read), the
 * others from reply_fts_docsize. Returns 0 or -1 with d set. */
static int row_lengths(struct db *db, const long long *id, long n, double *len, struct diag *d)
{
    for (long i = 0; i < n; i++)
        len[i] = -1.0;
    long kept = lens_read(db, id, n, len, d);
    if (kept < 0)
        return -1;
    if (kept == n)
        return 0;
    /* The others, in order. */
    long long *rest = malloc((size_t)(n - kept) * sizeof *rest);
    double *rlen = malloc((size_t)(n - kept) * sizeof *rlen);
    long *at = malloc((size_t)(n - kept) * sizeof *at);
    int r = -1;
    if (!rest || !rlen || !at) {
        diag_error(d, "out of memory");
        goto done;
    }
    long k = 0;
    for (long i = 0; i < n; i++)
        if (len[i] < 0) {
            at[k] = i;
            rlen[k] = -1.0;
            rest[k++] = id[i];
        }
    r = docsize_lengths(db, rest, k, rlen, d);
    for (long i = 0; !r && i < k; i++)
        len[at[i]] = rlen[i];
done:
    free(rest);
    free(rlen);
    free(at);
    return r;
}

/* What ranking the hits of one pass takes (search_scan_hits). */
struct scan_rank {
    struct db *db;
    const struct scan_memo *m;
    int np;
    const struct phrase *ph;
    const double *idf;
    double avgdl;
    long want;
    struct copies *c;
    struct cand *hit; /* room for every hit */
    double *len;      /* each hit's length, by its index among m's */
};

/* Hit i's score as dafu_rank sums it (an excluded phrase adds 0), at length
 * len. */
static double scan_score(const struct scan_rank *s, long i, double len)
{
    double score = 0.0;
    for (int p = 0; p < s->np; p++)
        if (!s->ph[p].neg)
            score += rank_term(s->idf[p], s->m->tf[(size_t)i * (size_t)s->np + (size_t)p], len,
                               s->avgdl);
    return score;
}

/* Reads the lengths of hits pick[0..n) (indexes among m's, ascending) into
 * s->len, those not read before (-2 there). Returns 0, 1 when one has none,
 * -1 with d set. */
static int scan_lengths(struct scan_rank *s, const long *pick, long n, struct diag *d)
{
    long long *id = malloc(((size_t)n + 1) * sizeof *id);
    double *len = malloc(((size_t)n + 1) * sizeof *len);
    long *at = malloc(((size_t)n + 1) * sizeof *at);
    if (!id || !len || !at) {
        free(id);
        free(len);
        free(at);
        return diag_error(d, "out of memory");
    }
    long k = 0;
    for (long i = 0; i < n; i++)
        if (s->len[pick[i]] == -2.0) {
            at[k] = pick[i];
            id[k++] = s->m->id[pick[i]];
        }
    int r = row_lengths(s->db, id, k, len, d) ? -1 : 0;
    for (long i = 0; !r && i < k; i++)
        s->len[at[i]] = len[i];
    for (long i = 0; !r && i < n; i++)
        if (s->len[pick[i]] < 0)
            r = 1;
    free(id);
    free(len);
    free(at);
    return r;
}

/* Ranks hits pick[0..n) (their lengths read where not known yet): the first
 * want shown, and every hit tied with the last of them,
 * into s->hit, from the best few sorted (a few more than want, for hidden
 * copies), else from every hit sorted. With kth >= 0 (the hits not picked
 * score below kth), only when the last one kept scores kth or more, so that
 * every other hit ranks after it. Returns how many are kept, -1 when a hit
 * has no length or kth is not reached, -2 with d set. */
static long scan_rank_read(struct scan_rank *s, const long *pick, long n, double kth,
                           struct diag *d)
{
    int lr = scan_lengths(s, pick, n, d);
    if (lr)
        return lr < 0 ? -2 : -1;
    struct cand *hit = s->hit;
    long keep = 0;
    for (long least = s->want + 16;; least = n) {
        for (long k = 0; k < n; k++) {
            long i = pick[k];
            hit[k] = (struct cand){s->m->id[i], -1.0 * scan_score(s, i, s->len[i]), s->len[i]};
        }
        long sorted = top_sort_best(hit, n, least);
        if (sorted < 0)
            return diag_error(d, "out of memory"), -2;
        long i = 0;
        keep = 0;
        for (; i < sorted; i++) {
            if (keep >= s->want && (keep == 0 || hit[i].ub != hit[keep - 1].ub))
                break;
            int hidden;
            if (top_copy_hidden(s->db, s->c, hit[i].id, &hidden, d))
                return -2;
            if (!hidden)
                hit[keep++] = hit[i];
        }
        /* Done, unless every sorted hit was taken and some were hidden:
         * those after them may still take places. */
        if (i < sorted || sorted == n || keep >= s->want)
            break;
    }
    if (kth >= 0.0 && (keep < s->want || -hit[keep - 1].ub < kth))
        return -1;
    return keep;
}

static int by_rank(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int by_index(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Ranks many hits reading the lengths of few: each hit's best score (its
 * score at length 0, which no length exceeds) bounds it; the lengths of the
 * want + 16 best bounded are read, their want-th best score is kth, and only
 * the hits bounded at kth or more can rank with the want shown: they are read
 * and ranked (scan_rank_read). Returns how many are kept into s->hit, -1 when
 * this does not pay or does not close (then rank every hit), -2 with d set. */
static long scan_pruned(struct scan_rank *s, long *pick, struct diag *d)
{
    long n = s->m->n;
    struct cand *hit = s->hit;
    for (long i = 0; i < n; i++)
        hit[i] = (struct cand){s->m->id[i], -1.0 * scan_score(s, i, 0.0), (double)i};
    long least = s->want + 16;
    long sorted = top_sort_best(hit, n, least);
    if (sorted < 0)
        return diag_error(d, "out of memory"), -2;
    long k = sorted < least ? sorted : least;
    for (long i = 0; i < k; i++)
        pick[i] = (long)hit[i].len;
    qsort(pick, (size_t)k, sizeof *pick, by_index);
    int lr = scan_lengths(s, pick, k, d);
    if (lr)
        return lr < 0 ? -2 : -1;
    double *best = malloc((size_t)k * sizeof *best);
    if (!best)
        return diag_error(d, "out of memory"), -2;
    for (long i = 0; i < k; i++)
        best[i] = -1.0 * scan_score(s, pick[i], s->len[pick[i]]);
    qsort(best, (size_t)k, sizeof *best, by_rank);
    double kth = -best[s->want - 1];
    free(best);
    /* The hits that may reach kth, ascending. */
    long ns = 0;
    for (long i = 0; i < n; i++)
        if (scan_score(s, i, 0.0) >= kth)
            pick[ns++] = i;
    if (2 * ns > n)
        return -1;
    return scan_rank_read(s, pick, ns, kth, d);
}

int search_scan_hits(struct db *db, const struct search_opts *o, const char *match,
                     struct copies *c, struct top *t, struct diag *d)
{
    if ((o->sort != SORT_DEFAULT && o->sort != SORT_RANK) || o->limit < 0 || o->offset < 0 ||
        o->exhaustive)
        return 0;
    long want = o->limit + o->offset;
    struct phrase ph[MAX_PHRASES];
    int np = top_match_phrases(match, ph);
    if (!np)
        return 0;
    struct cand *hit = NULL;
    double *len = NULL;
    long *pick = NULL;
    int r = 0;
    long long nrow;
    double avgdl;
    if (top_begin(db, "scan", &nrow, &avgdl, d))
        return -1;
    struct scan_memo *m = top_hits_of(db, match, d);
    if (!m) {
        r = -1;
        goto done;
    }
    if (m->np == -2 || (m->n && m->np != np))
        goto done; /* r = 0: FTS5 ranks them */
    /* Each positive phrase's idf, from its number of hits in the archive: the
     * expression's when it is that phrase alone, a kept term's count, or
     * counted. */
    double idf[MAX_PHRASES];
    for (int i = 0; m->n && i < np; i++) {
        if (ph[i].neg)
            continue;
        long long count = -1;
        if (np == 1) {
            count = m->n;
        } else {
            struct buf lit = BUF_INIT, key = BUF_INIT;
            buf_add(&lit, ph[i].lit, ph[i].nlit);
            if (!buf_failed(&lit) && topk_key(lit.data, &key) == 1) {
                struct topk_hit *h = NULL;
                long nh = 0;
                long long kc = 0;
                int kr = topk_hits(db, key.data, 0, &h, &nh, &kc, d);
                free(h);
                if (kr < 0) {
                    buf_release(&lit);
                    buf_release(&key);
                    r = -1;
                    goto done;
                }
                if (kr == 1)
                    count = kc;
            }
            buf_release(&lit);
            buf_release(&key);
            if (count < 0 && top_phrase_count(db, &ph[i], &count, d)) {
                r = -1;
                goto done;
            }
        }
        idf[i] = rank_idf(nrow, count);
    }
    long n = m->n;
    hit = malloc(((size_t)n + 1) * sizeof *hit);
    len = malloc(((size_t)n + 1) * sizeof *len);
    pick = malloc(((size_t)n + 1) * sizeof *pick);
    if (!hit || !len || !pick) {
        r = diag_error(d, "out of memory");
        goto done;
    }
    struct scan_rank sr = {db, m, np, ph, idf, avgdl, want, c, hit, len};
    for (long i = 0; i < n; i++)
        len[i] = -2.0; /* not read yet */
    long keep = -1;
    /* Many hits, spread (each length a look-up of its own, row_lengths):
     * those whose score could reach the want-th best are read (scan_pruned),
     * else all. */
    if (want > 0 && n > 4 * (want + 16) + 64 &&
        (double)n * 8.0 < (double)(m->id[n - 1] - m->id[0] + 1)) {
        keep = scan_pruned(&sr, pick, d);
        if (keep == -2) {
            r = -1;
            goto done;
        }
    }
    if (keep < 0) {
        for (long i = 0; i < n; i++)
            pick[i] = i;
        keep = scan_rank_read(&sr, pick, n, -1.0, d);
    }
    if (keep == -2) {
        r = -1;
        goto done;
    }
    if (keep < 0)
        goto done; /* a hit without its length: FTS5 ranks them */
    r = top_fill(t, hit, keep, d) ? -1 : 1;
done:
    free(hit);
    free(len);
    free(pick);
    top_end(db, "scan", r);
    return r;
}
