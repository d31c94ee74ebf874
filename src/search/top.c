/* top: the first phase of a ranked search (see top.h). */
#include "search/top.h"
#include "search/top_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fts/fts_tok.h"
#include "fts/rank.h"

/* The most hits the first phase of a ranked search (top_hits) fetches. */
#define TOP_HITS_MAX 10000

int top_pairs_match(const char *match, struct buf *out)
{
    buf_truncate(out, 0);
    int in = 0;
    for (const char *p = match; *p; p++) {
        buf_addch(out, *p);
        if (*p != '"')
            continue;
        if (!in) {
            buf_addch(out, FTS_TOK_PAIRS);
            in = 1;
        } else if (p[1] == '"') {
            buf_addch(out, *++p); /* "" inside a string */
        } else {
            in = 0;
        }
    }
    return buf_failed(out) ? -1 : 0;
}

int top_copy_hidden(struct db *db, struct copies *c, long long id, int *hidden, struct diag *d)
{
    *hidden = 0;
    if (!c)
        return 0;
    if (!c->st &&
        db_prepare_kept(db, "SELECT 1 FROM similar_copy WHERE id = ?1 AND grp <> id", &c->st, d))
        return -1;
    sqlite3_reset(c->st);
    sqlite3_bind_int64(c->st, 1, id);
    int s = sqlite3_step(c->st);
    if (s == SQLITE_ROW)
        *hidden = 1;
    else if (s != SQLITE_DONE)
        return diag_error(d, "database '%s': searching: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    return 0;
}

/* For a search with keywords and no filters (prepare_search decides), match
 * being its MATCH expression. Returns 1 with t filled, 0 when the search should
 * take the one-phase way, -1 with d set. */
int search_top_hits(struct db *db, const struct search_opts *o, const char *match, struct copies *c,
                    struct top *t, struct diag *d)
{
    if ((o->sort != SORT_DEFAULT && o->sort != SORT_RANK) || o->limit < 0 || o->offset < 0 ||
        o->limit + o->offset >= TOP_HITS_MAX)
        return 0;
    long want = o->limit + o->offset;
    int r;
    t->id = malloc(((size_t)want + 1) * sizeof *t->id);
    t->rank = malloc(((size_t)want + 1) * sizeof *t->rank);
    sqlite3_stmt *st = NULL;
    if (!t->id || !t->rank) {
        r = diag_error(d, "out of memory");
        goto done;
    }
    if (db_prepare_kept(db,
                        "SELECT rowid, rank FROM reply_fts WHERE reply_fts MATCH ?1 "
                        "AND rank MATCH '" RANK_ARGS "' ORDER BY rank LIMIT ?2",
                        &st, d)) {
        r = -1;
        goto done;
    }
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    /* Hidden copies take places among the hits FTS5 gives: fetch again, four
     * times as many, while they leave the page short. */
    long fetch = want + 1;
    int s;
    for (;;) {
        long seen = 0;
        t->n = 0;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 2, fetch);
        while (t->n < want + 1 && (s = sqlite3_step(st)) == SQLITE_ROW) {
            seen++;
            long long id = sqlite3_column_int64(st, 0);
            int hidden;
            if (top_copy_hidden(db, c, id, &hidden, d)) {
                r = -1;
                goto done;
            }
            if (hidden)
                continue;
            t->id[t->n] = id;
            t->rank[t->n] = sqlite3_column_double(st, 1);
            t->n++;
        }
        if (t->n == want + 1)
            s = SQLITE_DONE;
        if (s != SQLITE_DONE || t->n == want + 1 || seen < fetch || fetch >= TOP_HITS_MAX * 4)
            break;
        fetch *= 4;
    }
    if (s != SQLITE_DONE) {
        r = diag_error(d, "database '%s': searching: %s", db_path(db),
                       sqlite3_errmsg(db_sqlite(db)));
        goto done;
    }
    if (t->n < want + 1 && fetch >= TOP_HITS_MAX * 4) {
        r = 0; /* too many hidden copies: the one-phase way */
        goto done;
    }
    long group = 0;
    buf_addch(&t->json, '[');
    for (long i = 0; i < t->n && i < want; i++) {
        if (i && t->rank[i] != t->rank[i - 1])
            group++;
        buf_printf(&t->json, "%s[%lld,%ld]", i ? "," : "", t->id[i], group);
    }
    buf_addch(&t->json, ']');
    if (buf_failed(&t->json))
        r = diag_error(d, "out of memory");
    else
        r = !(t->n == want + 1 && want > 0 && t->rank[want] == t->rank[want - 1]);
done:
    db_release_kept(db, st);
    return r;
}

/* The first phase of a ranked search for one frequent term without filters,
 * from the term's best hits kept at import (store/topk.h): fills t as top_hits
 * does, every hit tied with the page's last included, so the second phase breaks
 * the ties by date as the one-phase way does. Returns 1, 0 when reply_top cannot
 * answer, -1 with d set. */
int search_kept_hits(struct db *db, const struct search_opts *o, const char *match,
                     struct copies *c, struct top *t, struct diag *d)
{
    if ((o->sort != SORT_DEFAULT && o->sort != SORT_RANK) || o->limit < 0 || o->offset < 0 ||
        o->exhaustive || o->limit + o->offset > TOPK_DEPTH)
        return 0;
    long want = o->limit + o->offset;
    struct buf key = BUF_INIT;
    struct topk_hit *h = NULL;
    long n = 0, shown = 0;
    long long count = 0;
    int r = topk_key(match, &key);
    /* Hidden copies take places: ask for as many more as they took, while the
     * kept hits reach that deep. Every hit tied with the last shown one is
     * among those asked for, since topk_hits gives the ties of its last. */
    for (long ask = want; r == 1;) {
        free(h);
        h = NULL;
        r = topk_hits(db, key.data, ask, &h, &n, &count, d);
        if (r != 1)
            break;
        shown = 0;
        for (long i = 0; i < n; i++) {
            int hidden;
            if (top_copy_hidden(db, c, h[i].id, &hidden, d)) {
                r = -1;
                break;
            }
            if (hidden)
                h[i].id = -1;
            else
                shown++;
        }
        if (r != 1 || shown >= want || n < ask)
            break;
        ask += want - shown;
        if (ask > TOPK_DEPTH)
            r = 0;
    }
    if (r == 1) {
        t->id = malloc(((size_t)shown + 1) * sizeof *t->id);
        t->rank = malloc(((size_t)shown + 1) * sizeof *t->rank);
        if (!t->id || !t->rank)
            r = diag_error(d, "out of memory");
        long group = 0, k = 0;
        buf_addch(&t->json, '[');
        for (long i = 0; r == 1 && i < n; i++) {
            if (h[i].id < 0)
                continue;
            if (k && h[i].rank != t->rank[k - 1])
                group++;
            t->id[k] = h[i].id;
            t->rank[k] = h[i].rank;
            buf_printf(&t->json, "%s[%lld,%ld]", k ? "," : "", h[i].id, group);
            k++;
        }
        buf_addch(&t->json, ']');
        t->n = r == 1 ? k : 0;
    }
    free(h);
    buf_release(&key);
    return r;
}

/* The number of hits of one kept term without filters (store/topk.h). Returns 1
 * with *count, 0 when reply_top cannot say, -1 with d set. */
int search_kept_count(struct db *db, const struct search_opts *o, const char *match,
                      long long *count, struct diag *d)
{
    if (o->exhaustive)
        return 0;
    struct buf key = BUF_INIT;
    struct topk_hit *h = NULL;
    long n = 0;
    int r = topk_key(match, &key);
    if (r == 1)
        r = topk_hits(db, key.data, 0, &h, &n, count, d);
    free(h);
    buf_release(&key);
    return r;
}

/* ---- phrases ANDed, from the kept best hits of one term of each ---- */

/* A bound is compared with a score only with this margin on its side: the
 * bounds are the scores' own arithmetic on larger inputs, so they are no
 * smaller, but a margin costs nothing and leaves rounding out of the question. */
#define SLACK 1e-9
/* The most hits the bounded way reads for a page of want: a few pages' worth,
 * and no more than an eighth of the hits (reading a letter's text costs
 * about what ranking eight hits in the index does). */
static long read_max(long want, long hits)
{
    long share = 8;
    const char *e = getenv("DAFU_TOPK_READ_SHARE"); /* for tests: 1 reads as many as needed */
    if (e && *e >= '1' && *e <= '9' && !e[1])
        share = *e - '0';
    long cap = 2 * want + 20;
    return hits / share < cap ? hits / share : cap;
}

/* The phrases of a MATCH expression as query_to_match writes it: positive
 * strings ANDed, then maybe NOT (strings ORed). Returns their number, 0 when
 * the positive part has an OR (or too many phrases). */
int top_match_phrases(const char *m, struct phrase *ph)
{
    int n = 0, neg = 0;
    for (const char *p = m; *p;) {
        if (*p == '"') {
            const char *s = p++;
            while (*p && !(*p == '"' && p[1] != '"'))
                p += *p == '"' ? 2 : 1;
            if (!*p || n == MAX_PHRASES)
                return 0;
            p++;
            ph[n] = (struct phrase){s, (size_t)(p - s), neg, 0.0, NULL, 0, 0.0};
            n++;
        } else if (!strncmp(p, "NOT", 3)) {
            neg = 1;
            p += 3;
        } else if (!strncmp(p, "OR", 2)) {
            if (!neg)
                return 0;
            p += 2;
        } else if (!strncmp(p, "AND", 3)) {
            p += 3;
        } else if (*p == ' ' || *p == '(' || *p == ')') {
            p++;
        } else {
            return 0;
        }
    }
    return n;
}

/* The text of an FTS5 string: inside the quotes, "" as ". */
static int unquote(const char *lit, size_t n, struct buf *out)
{
    buf_truncate(out, 0);
    for (size_t i = 1; i + 1 < n; i++) {
        buf_addch(out, lit[i]);
        if (lit[i] == '"')
            i++;
    }
    return buf_failed(out) ? -1 : 0;
}

struct toks {
    char (*t)[64];
    int n, cap;
    int oom;
};

static int on_tok(void *ctx, int tflags, const char *t, int n, int s, int e)
{
    struct toks *k = ctx;
    (void)tflags;
    (void)s;
    (void)e;
    if (n >= 64)
        return 0; /* never kept: the index keeps no such term */
    for (int i = 0; i < k->n; i++)
        if ((int)strlen(k->t[i]) == n && !memcmp(k->t[i], t, (size_t)n))
            return 0;
    if (k->n == k->cap) {
        int cap = k->cap ? 2 * k->cap : 8;
        char(*p)[64] = realloc(k->t, (size_t)cap * sizeof *p);
        if (!p) {
            k->oom = 1;
            return 1;
        }
        k->t = p;
        k->cap = cap;
    }
    memcpy(k->t[k->n], t, (size_t)n);
    k->t[k->n][n] = 0;
    k->n++;
    return 0;
}

static double part(double tf, double len, double avgdl)
{
    return rank_term(1.0, tf, len, avgdl);
}

/* Phrase ph's term to bound it by: of its terms with kept entries, the one
 * whose TOPK_DEPTH-th best entry scores least. Its number of hits too, when
 * the phrase is that term alone. Returns 1, 0 when none of its terms is kept,
 * -1 with d set. */
static int choose_term(struct db *db, struct phrase *ph, double avgdl, long long *count,
                       struct diag *d)
{
    struct buf text = BUF_INIT, key = BUF_INIT;
    struct toks k = {NULL, 0, 0, 0};
    double *h = NULL;
    int r = 0;
    *count = -1;
    if (unquote(ph->lit, ph->nlit, &text))
        r = diag_error(d, "out of memory");
    if (!r)
        fts_tok_run(text.data, (int)text.len, FTS_TOK_QUERY, on_tok, &k);
    if (k.oom)
        r = diag_error(d, "out of memory");
    struct buf lit = BUF_INIT;
    buf_add(&lit, ph->lit, ph->nlit);
    int alone = !r && !buf_failed(&lit) && topk_key(lit.data, &key) == 1;
    buf_release(&lit);
    for (int i = 0; r >= 0 && i < k.n; i++) {
        struct topk_entry *e = NULL;
        long n = 0;
        long long c = 0;
        int got = topk_entries(db, k.t[i], &e, &n, &c, d);
        if (got < 0) {
            r = -1;
            break;
        }
        if (got == 0)
            continue;
        if (alone && !strcmp(key.data, k.t[i]))
            *count = c;
        double bound = -1.0;
        if (n >= TOPK_DEPTH) {
            free(h);
            h = malloc((size_t)n * sizeof *h);
            if (!h) {
                free(e);
                r = diag_error(d, "out of memory");
                break;
            }
            /* The TOPK_DEPTH-th best part: a min-heap of the best so far. */
            long nh = 0;
            for (long j = 0; j < n; j++) {
                double x = part(e[j].tf, e[j].len, avgdl);
                if (nh < TOPK_DEPTH) {
                    long at = nh++;
                    for (; at > 0 && h[(at - 1) / 2] > x; at = (at - 1) / 2)
                        h[at] = h[(at - 1) / 2];
                    h[at] = x;
                } else if (x > h[0]) {
                    long at = 0;
                    for (;;) {
                        long l = 2 * at + 1, r2 = l + 1, m = at;
                        double small = x;
                        if (l < nh && h[l] < small) {
                            m = l;
                            small = h[l];
                        }
                        if (r2 < nh && h[r2] < small)
                            m = r2;
                        if (m == at)
                            break;
                        h[at] = h[m];
                        at = m;
                    }
                    h[at] = x;
                }
            }
            bound = h[0];
        }
        if (!ph->e || bound < ph->bound) {
            free(ph->e);
            ph->e = e;
            ph->n = n;
            ph->bound = bound;
            r = 1;
        } else {
            free(e);
        }
    }
    free(h);
    free(k.t);
    buf_release(&text);
    buf_release(&key);
    return r;
}

/* The number of letters with phrase ph (as dafu_rank counts it for its idf).
 * Returns 0 or -1 with d set. */
int top_phrase_count(struct db *db, const struct phrase *ph, long long *count, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    if (db_prepare_kept(db, "SELECT count(*) FROM reply_fts WHERE reply_fts MATCH ?1", &st, d))
        return -1;
    sqlite3_bind_text(st, 1, ph->lit, (int)ph->nlit, SQLITE_STATIC);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        *count = sqlite3_column_int64(st, 0);
    db_release_kept(db, st);
    if (s != SQLITE_ROW)
        return diag_error(d, "database '%s': searching: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    return 0;
}

/* ---- a phrase's frequency in one letter, from its text ---- */

/* The columns' weights as TOPK_WEIGHTS gives them to dafu_rank, in the order the
 * candidates' rows are read: title, department, delegates, text. */
static const double col_weight[4] = {10.0, 8.0, 5.0, 1.0};

/* The phrases of a query as the tokenizer makes them (fts_tok.h: a query's
 * tokens are at consecutive positions), matched against a letter's text the
 * way FTS5 matches them against the index: a phrase of tokens q0..qk-1 is at
 * position p of a column when each qi is among the tokens at p + i (a
 * character and the pair it starts share a position). */
struct matcher {
    struct fts_tok_set set;
    int *seq[MAX_PHRASES]; /* each phrase's tokens, as indexes into set */
    int nseq[MAX_PHRASES];
    int np;
    struct fts_tok_mark *mark; /* a column: its positions with query tokens */
    int nmark, cap;
    int oom;
};

struct seq_ctx {
    struct matcher *m;
    int phrase;
};

static int on_query_tok(void *ctx, int tflags, const char *t, int n, int s, int e)
{
    struct seq_ctx *c = ctx;
    struct matcher *m = c->m;
    (void)tflags;
    (void)s;
    (void)e;
    int i = fts_tok_set_add(&m->set, t, n);
    if (i < 0) {
        m->oom = 2; /* too many tokens: not this way */
        return 1;
    }
    int *q = realloc(m->seq[c->phrase], ((size_t)m->nseq[c->phrase] + 1) * sizeof *q);
    if (!q) {
        m->oom = 1;
        return 1;
    }
    m->seq[c->phrase] = q;
    q[m->nseq[c->phrase]++] = i;
    return 0;
}

/* Builds m from the phrases. Returns 1, 0 when the query has too many tokens,
 * -1 when memory runs out. */
static int matcher_init(struct matcher *m, const struct phrase *ph, int np)
{
    struct buf text = BUF_INIT;
    memset(m, 0, sizeof *m);
    m->np = np;
    for (int i = 0; i < np && !m->oom; i++) {
        struct seq_ctx c = {m, i};
        if (unquote(ph[i].lit, ph[i].nlit, &text)) {
            m->oom = 1;
            break;
        }
        fts_tok_run(text.data, (int)text.len, FTS_TOK_QUERY, on_query_tok, &c);
        if (!m->nseq[i] && !m->oom)
            m->oom = 2; /* nothing to match: not this way */
    }
    buf_release(&text);
    return m->oom == 1 ? -1 : !m->oom;
}

static void matcher_free(struct matcher *m)
{
    for (int i = 0; i < m->np; i++)
        free(m->seq[i]);
    free(m->mark);
}

/* The weighted frequency of each phrase in a letter (its four indexed columns
 * in col[], their lengths in ncol), into freq[]. Returns 0 or -1. */
static int matcher_run(struct matcher *m, const char *const col[4], const int ncol[4], double *freq)
{
    for (int p = 0; p < m->np; p++)
        freq[p] = 0.0;
    for (int c = 0; c < 4; c++) {
        if (!col[c])
            continue;
        m->nmark = 0;
        if (fts_tok_find(col[c], ncol[c], &m->set, &m->mark, &m->nmark, &m->cap))
            return -1;
        const struct fts_tok_mark *mk = m->mark;
        for (int p = 0; p < m->np; p++) {
            int k = m->nseq[p];
            uint64_t first = 1ULL << m->seq[p][0];
            long n = 0;
            for (int at = 0; at + k <= m->nmark; at++) {
                if (!(mk[at].mask & first))
                    continue;
                int i = 1;
                while (i < k && mk[at + i].pos == mk[at].pos + i &&
                       (mk[at + i].mask & (1ULL << m->seq[p][i])))
                    i++;
                n += i == k;
            }
            freq[p] += (double)n * col_weight[c];
        }
    }
    return 0;
}

struct mark {
    long long id;
    int phrase;
    double h, len;
};

static int by_id(const void *a, const void *b)
{
    const struct mark *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int by_ub(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->ub != y->ub)
        return x->ub > y->ub ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

int top_by_rank_id(const void *a, const void *b)
{
    const struct cand *x = a, *y = b; /* ub holds the rank here */
    if (x->ub != y->ub)
        return x->ub < y->ub ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* A max-heap of the `least` best ranks seen: its top is the least-th best. */
static void heap_down(double *v, long n, long i)
{
    for (;;) {
        long l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && v[l] > v[m])
            m = l;
        if (r < n && v[r] > v[m])
            m = r;
        if (m == i)
            return;
        double x = v[i];
        v[i] = v[m];
        v[m] = x;
        i = m;
    }
}

long top_sort_best(struct cand *h, long n, long least)
{
    if (least < 1)
        least = 1;
    if (n <= 4 * least + 64) {
        qsort(h, (size_t)n, sizeof *h, top_by_rank_id);
        return n;
    }
    double *v = malloc((size_t)least * sizeof *v);
    if (!v)
        return -1;
    for (long i = 0; i < least; i++)
        v[i] = h[i].ub;
    for (long i = least / 2; i-- > 0;)
        heap_down(v, least, i);
    for (long i = least; i < n; i++)
        if (h[i].ub < v[0]) {
            v[0] = h[i].ub;
            heap_down(v, least, 0);
        }
    double last = v[0]; /* the least-th best rank */
    free(v);
    long k = 0;
    for (long i = 0; i < n; i++)
        if (h[i].ub <= last) {
            struct cand x = h[k];
            h[k++] = h[i];
            h[i] = x;
        }
    qsort(h, (size_t)k, sizeof *h, top_by_rank_id);
    return k;
}

/* Writes hits h[0..n) (rank in ub, best first) into t as search_top_hits does. */
int top_fill(struct top *t, const struct cand *h, long n, struct diag *d)
{
    t->id = malloc(((size_t)n + 1) * sizeof *t->id);
    t->rank = malloc(((size_t)n + 1) * sizeof *t->rank);
    if (!t->id || !t->rank)
        return diag_error(d, "out of memory");
    long group = 0;
    buf_addch(&t->json, '[');
    for (long i = 0; i < n; i++) {
        if (i && h[i].ub != h[i - 1].ub)
            group++;
        t->id[i] = h[i].id;
        t->rank[i] = h[i].ub;
        /* "%s[%lld,%ld]", written without a printf a hit */
        char num[64], *p = num + sizeof num;
        *--p = ']';
        long long g = group;
        do
            *--p = (char)('0' + g % 10);
        while ((g /= 10) > 0);
        *--p = ',';
        unsigned long long v =
            h[i].id < 0 ? 0ULL - (unsigned long long)h[i].id : (unsigned long long)h[i].id;
        do
            *--p = (char)('0' + v % 10);
        while ((v /= 10) > 0);
        if (h[i].id < 0)
            *--p = '-';
        *--p = '[';
        if (i)
            *--p = ',';
        buf_add(&t->json, p, (size_t)(num + sizeof num - p));
    }
    buf_addch(&t->json, ']');
    t->n = n;
    return buf_failed(&t->json) ? diag_error(d, "out of memory") : 0;
}

static int has_id(const long long *ids, long n, long long id)
{
    long lo = 0, hi = n;
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && ids[lo] == id;
}

/* The want-th best of the scores best[0..nbest) (ascending) and the bounds
 * c[0..n) (descending); 0 when there are fewer than want. */
static double reachable(const double *best, long nbest, const struct cand *c, long n, long want)
{
    long i = nbest - 1, j = 0;
    double v = 0.0;
    for (long k = 0; k < want; k++) {
        if (i >= 0 && (j >= n || best[i] >= c[j].ub))
            v = best[i--];
        else if (j < n)
            v = c[j++].ub;
        else
            return 0.0;
    }
    return v;
}

int search_bound_hits(struct db *db, const struct search_opts *o, const char *match,
                      struct copies *c, struct top *t, struct bound_stats *bs, struct diag *d)
{
    if ((o->sort != SORT_DEFAULT && o->sort != SORT_RANK) || o->limit <= 0 || o->offset < 0 ||
        o->exhaustive || o->limit + o->offset > TOPK_DEPTH)
        return 0;
    long want = o->limit + o->offset;
    struct phrase ph[MAX_PHRASES];
    int np = top_match_phrases(match, ph);
    if (!np)
        return 0;
    struct mark *marks = NULL;
    struct cand *cand = NULL, *hit = NULL;
    struct matcher m = {0};
    sqlite3_stmt *st = NULL;
    const long long *ids = NULL;
    long ncand = 0, nhit = 0, nids = 0;
    int r = 0;
    /* One snapshot for the kept entries, the counts and the rows. */
    long long nrow;
    double avgdl;
    if (top_begin(db, "bound", &nrow, &avgdl, d))
        return -1;
    if (np == 1) {
        /* A phrase alone reads at most read_max of its hits: with too few, it
         * ranks every hit (the pass it would read below, and the scan's),
         * known before its terms' lists are read and sorted. */
        const struct scan_memo *memo = top_hits_of(db, match, d);
        if (!memo) {
            r = -1;
            goto done;
        }
        if (memo->np == -2 || read_max(want, memo->n) < want)
            goto done;
    }
    /* Each positive phrase: the term that bounds it, and its number of hits
     * when it is that term alone. */
    long long count[MAX_PHRASES];
    size_t nmarks = 0;
    for (int i = 0; i < np; i++) {
        if (ph[i].neg)
            continue;
        r = choose_term(db, &ph[i], avgdl, &count[i], d);
        if (r <= 0)
            goto done;
        nmarks += (size_t)ph[i].n;
        /* Several phrases: only kept terms, whose lists hold their exact
         * frequencies (measured: else the bounds seldom close the page, and
         * counting each phrase costs what ranking saves). */
        if (np > 1 && count[i] < 0) {
            r = 0;
            goto done;
        }
    }
    r = 0;
    /* The idfs: a phrase alone scales every score alike (its hits are
     * counted below); else each phrase counted now. */
    for (int i = 0; i < np; i++) {
        if (ph[i].neg)
            continue;
        if (count[i] < 0 && np > 1 && top_phrase_count(db, &ph[i], &count[i], d)) {
            r = -1;
            goto done;
        }
        ph[i].idf = count[i] < 0 ? 1.0 : rank_idf(nrow, count[i]);
    }
    /* A hit in none of the lists scores at most the sum of their bounds. */
    double unseen = 0.0;
    for (int i = 0; i < np; i++)
        if (!ph[i].neg)
            unseen += ph[i].idf * (ph[i].bound < 0 ? 0.0 : ph[i].bound);
    /* The letters of the lists, each with its bound: a phrase's part from its
     * term's frequency where the letter is in that term's list, else the
     * term's bound. */
    marks = malloc((nmarks + 1) * sizeof *marks);
    cand = malloc((nmarks + 1) * sizeof *cand);
    hit = malloc((nmarks + 1) * sizeof *hit);
    if (!marks || !cand || !hit) {
        r = diag_error(d, "out of memory");
        goto done;
    }
    size_t k = 0;
    for (int i = 0; i < np; i++)
        for (long j = 0; !ph[i].neg && j < ph[i].n; j++)
            marks[k++] = (struct mark){ph[i].e[j].id, i, part(ph[i].e[j].tf, ph[i].e[j].len, avgdl),
                                       ph[i].e[j].len};
    qsort(marks, nmarks, sizeof *marks, by_id);
    for (size_t a = 0; a < nmarks;) {
        size_t b = a;
        while (b < nmarks && marks[b].id == marks[a].id)
            b++;
        double ub = 0.0;
        int possible = 1;
        for (int i = 0; i < np && possible; i++) {
            if (ph[i].neg)
                continue;
            size_t mi = a;
            while (mi < b && marks[mi].phrase != i)
                mi++;
            if (mi < b)
                ub += ph[i].idf * marks[mi].h;
            else if (ph[i].bound < 0)
                possible = 0;
            else
                ub += ph[i].idf * ph[i].bound;
        }
        if (possible)
            cand[ncand++] = (struct cand){marks[a].id, ub, marks[a].len};
        a = b;
    }
    qsort(cand, (size_t)ncand, sizeof *cand, by_ub);
    if (bs) {
        bs->candidates = ncand;
        bs->read = 0;
    }
    /* The want-th best score is at most the want-th best bound: when a letter
     * outside the lists may reach that, rank every hit. */
    int complete = 0; /* a list holds every hit of its term, so every hit */
    for (int i = 0; i < np; i++)
        complete |= !ph[i].neg && ph[i].bound < 0;
    if (!complete && (ncand < want || !(unseen * (1.0 + SLACK) < cand[want - 1].ub)))
        goto done;
    if (np == 1) {
        /* Every hit (the pass the count shares, top_hits_of). */
        const struct scan_memo *memo = top_hits_of(db, match, d);
        if (!memo) {
            r = -1;
            goto done;
        }
        if (memo->np == -2)
            goto done;
        ids = memo->id;
        nids = memo->n;
        if (read_max(want, nids) < want)
            goto done;
        /* The phrase alone: its idf from its hits, every bound scaled. */
        double idf = rank_idf(nrow, count[0] >= 0 ? count[0] : nids);
        for (long i = 0; i < ncand; i++)
            cand[i].ub = cand[i].ub / ph[0].idf * idf;
        unseen = unseen / ph[0].idf * idf;
        ph[0].idf = idf;
    }
    /* One phrase: its hits are known, and the letters of the lists that are
     * not hits are left out. Several: the lists' letters are read as they
     * come, those without every phrase left out then; their hits are no more
     * than the rarest phrase's. */
    int closed = complete;
    if (np == 1) {
        long nc = 0;
        for (long i = 0; i < ncand; i++)
            if (has_id(ids, nids, cand[i].id))
                cand[nc++] = cand[i];
        ncand = nc;
        closed = ncand == nids; /* no hit outside the lists */
    } else {
        nids = -1;
        for (int i = 0; i < np; i++)
            if (!ph[i].neg && (nids < 0 || count[i] < nids))
                nids = (long)count[i];
        if (read_max(want, nids) < want)
            goto done;
    }
    /* Read them best bound first, until the next cannot reach the want-th
     * score found (a tie with it must still be read). */
    int mr = matcher_init(&m, ph, np);
    if (mr <= 0) {
        r = mr < 0 ? diag_error(d, "out of memory") : 0;
        goto done;
    }
    if (db_prepare_kept(db, "SELECT title, department, delegates, text FROM reply WHERE id = ?1",
                        &st, d)) {
        r = -1;
        goto done;
    }
    double kth = 0.0; /* the want-th best score among the hits read */
    double best[TOPK_DEPTH];
    long read = 0, nbest = 0;
    for (long i = 0; i < ncand; i++) {
        if (nhit >= want && cand[i].ub * (1.0 + SLACK) < kth)
            break;
        /* The page's last score will be at most the want-th best of the
         * scores read and the bounds left: when that cannot pass the letters
         * outside the lists, stop now. */
        if (!closed &&
            !(unseen * (1.0 + SLACK) < reachable(best, nbest, cand + i, ncand - i, want)))
            goto done;
        int hidden;
        if (top_copy_hidden(db, c, cand[i].id, &hidden, d)) {
            r = -1;
            goto done;
        }
        if (hidden)
            continue;
        /* Hits read beyond a few pages' worth: the bounds are too loose here,
         * and ranking every hit costs less than reading on. */
        if (read >= read_max(want, nids))
            goto done;
        read++;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, cand[i].id);
        int s = sqlite3_step(st);
        if (s == SQLITE_DONE)
            goto done; /* a hit without its row: rank every hit */
        if (s != SQLITE_ROW) {
            r = diag_error(d, "database '%s': searching: %s", db_path(db),
                           sqlite3_errmsg(db_sqlite(db)));
            goto done;
        }
        const char *col[4];
        int ncol[4];
        for (int k2 = 0; k2 < 4; k2++) {
            col[k2] = (const char *)sqlite3_column_text(st, k2);
            ncol[k2] = sqlite3_column_bytes(st, k2);
        }
        double freq[MAX_PHRASES];
        if (matcher_run(&m, col, ncol, freq)) {
            r = diag_error(d, "out of memory");
            goto done;
        }
        /* A hit has every positive phrase and no excluded one. (One phrase:
         * the text must say what the index says, else rank every hit.) */
        int is_hit = 1;
        for (int p = 0; p < np; p++)
            if ((freq[p] > 0.0) == ph[p].neg)
                is_hit = 0;
        if (!is_hit && np == 1)
            goto done;
        if (!is_hit)
            continue;
        /* As dafu_rank sums it (an excluded phrase adds nothing to a hit). */
        double score = 0.0;
        for (int p = 0; p < np; p++)
            if (!ph[p].neg)
                score += rank_term(ph[p].idf, freq[p], cand[i].len, avgdl);
        hit[nhit++] = (struct cand){cand[i].id, -1.0 * score, cand[i].len};
        /* The want best scores so far, ascending: best[0] is the want-th. */
        if (nbest < want) {
            long at = nbest++;
            for (; at > 0 && best[at - 1] > score; at--)
                best[at] = best[at - 1];
            best[at] = score;
        } else if (score > best[0]) {
            long at = 0;
            for (; at + 1 < nbest && best[at + 1] < score; at++)
                best[at] = best[at + 1];
            best[at] = score;
        }
        if (nbest == want)
            kth = best[0];
    }
    if (bs)
        bs->read = read;
    /* Exact when no letter outside the lists can reach the want-th score (or
     * none can be a hit at all). */
    if (!closed && (nhit < want || !(unseen * (1.0 + SLACK) < kth)))
        goto done; /* r = 0: rank every hit */
    qsort(hit, (size_t)nhit, sizeof *hit, top_by_rank_id);
    long keep = nhit;
    if (nhit > want) {
        keep = want;
        while (keep < nhit && hit[keep].ub == hit[want - 1].ub)
            keep++;
    }
    r = top_fill(t, hit, keep, d) ? -1 : 1;
done:
    db_release_kept(db, st);
    for (int i = 0; i < np; i++)
        free(ph[i].e);
    matcher_free(&m);
    free(marks);
    free(cand);
    free(hit);
    top_end(db, "bound", r);
    return r;
}
