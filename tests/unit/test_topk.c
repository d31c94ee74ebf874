/*
 * Schema 007's shortcuts give exactly what the exhaustive ways give: a ranked
 * search for one term from the best hits kept at import (store/topk.h) against
 * BM25 over every hit (the same ids in the same order, ties included, the same
 * ranks bit for bit, the same count), the same for 2,700 random searches of
 * several terms, phrases and exclusions (search/top.h, search_bound_hits; with
 * filters and other orders now and then), and the listings and counts from the
 * replies counted by combination against a GROUP BY over every reply: 2,000
 * random searches and 800 random listings over a generated archive whose letters
 * are short and made of a few characters, so that ties are everywhere; in five
 * rounds: after the refresh, after letters are added without one, after a letter
 * is deleted and one changed, after the next refresh, and after letters are added
 * and refreshed again; the rows a refresh reads from the new letters' text are
 * those rebuilt from the index, byte for byte, and those it reads in groups of
 * terms (when their new hits pass its memory budget) those of one read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "check.h"
#include "search/query.h"
#include "search/top.h"
#include "search/top_int.h"
#include "store/db.h"
#include "store/lens.h"
#include "store/topk.h"
#include "store/topk_int.h"
#include "util.h"

static const char *const alphabet[] = {"县", "建", "设", "资", "金", "乡", "村",
                                       "路", "水", "库", "学", "校", "医", "院"};
#define NALPHA (sizeof alphabet / sizeof alphabet[0])

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Set for the last letters: texts with what a snippet treats apart. */
static int rich = 0;
static const char *const extras[] = {" ", "\n", "  \t", "ab12", "Ｘ", "縣", "學校", "\x01"};
#define NEXTRA (sizeof extras / sizeof extras[0])

static void random_text(struct buf *b, int max_chars)
{
    buf_clear(b);
    int n = 1 + (int)rnd((unsigned)max_chars);
    for (int i = 0; i < n; i++) {
        buf_adds(b, alphabet[rnd(NALPHA)]);
        if (!rnd(9))
            buf_adds(b, "，"); /* a break: no pair across it */
        if (rich && !rnd(5))
            buf_adds(b, extras[rnd(NEXTRA)]);
    }
}

static const char *pick(const char *const *v, unsigned n)
{
    unsigned i = rnd(n + 1);
    return i < n ? v[i] : NULL; /* sometimes missing */
}

static long long serial = 0;

/* Stores one random letter. */
static void put_random(struct db *db)
{
    static const char *const bodies[] = {"人大", "政协"};
    static const char *const kinds[] = {"建议", "提案", "议案"};
    static const char *const cats[] = {"A", "B", "C"};
    static const char *const regions[] = {"甲县", "乙县", "丙市"};
    static const char *const deps[] = {"县交通运输局", "县教育局", "市水利局", "县卫生健康局"};
    static const char *const dates[] = {"2021-03-01", "2021-07-15", "2022-01-09", "2023-05-30",
                                        "2023-05-31"};
    struct letter l;
    struct buf t = BUF_INIT;
    char num[32];
    letter_init(&l);
    snprintf(num, sizeof num, "%lld", ++serial);
    const char *s;
    letter_set(&l.number, num, strlen(num));
    if ((s = pick(bodies, 2)))
        letter_set(&l.body, s, strlen(s));
    if ((s = pick(kinds, 3)))
        letter_set(&l.kind, s, strlen(s));
    if ((s = pick(cats, 3)))
        letter_set(&l.category, s, strlen(s));
    if ((s = pick(regions, 3)))
        letter_set(&l.region, s, strlen(s));
    if ((s = pick(deps, 4)))
        letter_set(&l.department, s, strlen(s));
    if ((s = pick(dates, 5)))
        letter_set(&l.date, s, strlen(s));
    l.term = 1 + (int)rnd(2);
    l.session = 1 + (int)rnd(3);
    if (!rnd(3)) {
        random_text(&t, 3);
        letter_set(&l.title, t.data, t.len);
    }
    for (int k = (int)rnd(3); k > 0; k--) {
        random_text(&t, 2);
        buf_printf(&t, "%d", k);
        letter_add_delegate(&l, t.data, t.len);
    }
    random_text(&t, 40);
    buf_printf(&t, "。%s", num); /* every text its own */
    letter_set(&l.text, t.data, t.len);
    enum db_put_result res;
    struct diag d = DIAG_INIT;
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    diag_release(&d);
    buf_release(&t);
    letter_release(&l);
}

struct hits {
    long long id[128];
    double rank[128];
    char *snippet[128]; /* NULL for none */
    int n;
};

static int on_hit(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    struct hits *h = ctx;
    if (h->n < 128) {
        h->id[h->n] = l->id;
        h->rank[h->n] = rank;
        h->snippet[h->n] = snippet ? strdup(snippet) : NULL;
        h->n++;
    }
    return 0;
}

/* The two lists hold the same hits, ranks and snippets (the exhaustive way
 * makes its snippets with dafu_snippet, the other from the rows' text). */
static int same_hits(const struct hits *a, const struct hits *b)
{
    int same = a->n == b->n;
    for (int k = 0; same && k < a->n; k++) {
        same = a->id[k] == b->id[k] && a->rank[k] == b->rank[k] &&
               !a->snippet[k] == !b->snippet[k] &&
               (!a->snippet[k] || !strcmp(a->snippet[k], b->snippet[k]));
        if (!same && a->id[k] == b->id[k] && a->rank[k] == b->rank[k])
            fprintf(stderr, "letter %lld: snippet '%s', dafu_snippet '%s'\n", a->id[k],
                    a->snippet[k] ? a->snippet[k] : "(none)",
                    b->snippet[k] ? b->snippet[k] : "(none)");
    }
    return same;
}

static void hits_release(struct hits *h)
{
    for (int k = 0; k < h->n; k++)
        free(h->snippet[k]);
    h->n = 0;
}

static int kept_rows(struct db *db)
{
    return (int)db_value(db, "SELECT count(*) FROM reply_top WHERE NOT stale");
}

/* The indexed letters whose length kept in reply_len (schema 034) is not their
 * total in reply_fts_docsize (or is not kept, when `all`), and into *kept how
 * many are kept. */
static int lengths_differ(struct db *db, int all, long *kept)
{
    struct diag d = DIAG_INIT;
    sqlite3_stmt *st = NULL;
    int bad = 0;
    *kept = 0;
    CHECK_INT(
        sqlite3_prepare_v2(db_sqlite(db), "SELECT id, sz FROM reply_fts_docsize", -1, &st, NULL),
        SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        double len = -1.0;
        long n = lens_read(db, &id, 1, &len, &d);
        CHECK(n >= 0);
        *kept += n;
        if (n == 1 ? len != (double)lens_docsize_total(sqlite3_column_blob(st, 1),
                                                       sqlite3_column_bytes(st, 1))
                   : all)
            bad++;
    }
    sqlite3_finalize(st);
    diag_release(&d);
    return bad;
}

/* The kept rows, one string: token, upto, hits and the entries in hex. */
static void kept_dump(struct db *db, struct buf *out)
{
    sqlite3_stmt *st;
    buf_clear(out);
    CHECK_INT(
        sqlite3_prepare_v2(db_sqlite(db),
                           "SELECT token || ' ' || upto || ' ' || hits || ' ' || stale || ' ' "
                           "|| hex(best) FROM reply_top ORDER BY token",
                           -1, &st, NULL),
        SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
        buf_printf(out, "%s\n", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

static int stop_now(void *ctx)
{
    (void)ctx;
    return 1;
}

/* The kept rows, one string, each row's entries cut to its skyline (token,
 * upto, hits, stale and the entries in hex, as kept_dump), and into *appended
 * how many rows held entries appended since their last cut (out of order). */
static void kept_cut_dump(struct db *db, struct buf *out, int *appended)
{
    sqlite3_stmt *st;
    buf_clear(out);
    *appended = 0;
    CHECK_INT(sqlite3_prepare_v2(db_sqlite(db),
                                 "SELECT token, upto, hits, stale, best FROM reply_top "
                                 "ORDER BY token",
                                 -1, &st, NULL),
              SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct entries v = {0};
        CHECK_INT(topk_decode(sqlite3_column_blob(st, 4), sqlite3_column_bytes(st, 4), &v), 0);
        *appended += topk_in_order(&v) < v.n;
        CHECK_INT(topk_skyline(&v), 0);
        if (v.n > 1 && v.n <= TOPK_DEPTH)
            qsort(v.e, v.n, sizeof *v.e, topk_by_tf_len);
        unsigned char *blob = malloc(TOPK_PACKED_MAX(v.n));
        CHECK(blob != NULL);
        size_t nb = topk_encode(&v, blob);
        buf_printf(out, "%s %lld %lld %d ", (const char *)sqlite3_column_text(st, 0),
                   (long long)sqlite3_column_int64(st, 1), (long long)sqlite3_column_int64(st, 2),
                   sqlite3_column_int(st, 3));
        for (size_t i = 0; i < nb; i++)
            buf_printf(out, "%02X", blob[i]);
        buf_printf(out, "\n");
        free(blob);
        free(v.e);
    }
    sqlite3_finalize(st);
}

/* The rows a refresh reads from the new letters' text are those it rebuilds
 * from the index: the same skylines (a row read from the text may hold more,
 * the new hits appended since its last cut; kept_cut_dump cuts them), the same
 * counts. *appended gets how many rows held appended entries. Returns 0 when
 * they are the same. */
static int pass_is_scan(struct db *db, int *appended)
{
    struct buf a = BUF_INIT, b = BUF_INIT;
    struct diag d = DIAG_INIT;
    int none;
    kept_cut_dump(db, &a, appended);
    CHECK_INT(db_exec(db, "UPDATE reply_top SET stale = 1", &d), 0);
    CHECK_INT(topk_refresh(db, &d), 0);
    kept_cut_dump(db, &b, &none);
    CHECK_INT(none, 0); /* rebuilt rows are cut */
    int differ = a.len != b.len || memcmp(a.data, b.data, a.len);
    if (differ)
        fprintf(stderr, "kept rows from the text:\n%.2000s\nfrom the index:\n%.2000s\n", a.data,
                b.data);
    buf_release(&a);
    buf_release(&b);
    diag_release(&d);
    return differ;
}

/* A refresh whose read of the new letters may hold `budget` bytes, reading the
 * terms in groups, keeps the rows one read of them keeps. `again`: the rows are
 * built again from the start (the last refresh read every letter), else the
 * refresh at hand is the one compared. Returns 0 when they are the same. */
static int groups_are_one(struct db *db, size_t budget, int again)
{
    struct buf a = BUF_INIT, b = BUF_INIT;
    struct diag d = DIAG_INIT;
    int passes = 0;
    if (again) {
        kept_dump(db, &a);
        CHECK_INT(db_exec(db, "DELETE FROM reply_top; DELETE FROM reply_top_state", &d), 0);
        CHECK_INT(topk_refresh_in(db, budget, &passes, &d), 0);
        kept_dump(db, &b);
    } else {
        /* The same refresh twice: rows and state put back between. */
        CHECK_INT(db_exec(db,
                          "CREATE TEMP TABLE top0 AS SELECT * FROM reply_top; "
                          "CREATE TEMP TABLE state0 AS SELECT * FROM reply_top_state",
                          &d),
                  0);
        CHECK_INT(topk_refresh_in(db, 0, &passes, &d), 0);
        CHECK_INT(passes, 1);
        kept_dump(db, &a);
        CHECK_INT(db_exec(db,
                          "DELETE FROM reply_top; INSERT INTO reply_top SELECT * FROM top0; "
                          "DELETE FROM reply_top_state; "
                          "INSERT INTO reply_top_state SELECT * FROM state0; "
                          "DROP TABLE top0; DROP TABLE state0",
                          &d),
                  0);
        CHECK_INT(topk_refresh_in(db, budget, &passes, &d), 0);
        kept_dump(db, &b);
    }
    /* The budget made it read the letters more than once. */
    CHECK(passes > 2);
    int differ = a.len != b.len || memcmp(a.data, b.data, a.len);
    if (differ)
        fprintf(stderr, "kept rows from one read:\n%.2000s\nin groups:\n%.2000s\n", a.data, b.data);
    buf_release(&a);
    buf_release(&b);
    diag_release(&d);
    return differ;
}

/* Random one-term searches, kept against exhaustive. Returns how many differed. */
static int compare_searches(struct db *db, int nq)
{
    int bad = 0;
    for (int i = 0; i < nq; i++) {
        char q[32] = "";
        strcat(q, alphabet[rnd(NALPHA)]);
        if (rnd(2))
            strcat(q, alphabet[rnd(NALPHA)]);
        if (!rnd(40))
            strcpy(q, "猫"); /* absent */
        struct search_opts o;
        search_opts_init(&o);
        o.query = q;
        o.limit = 1 + rnd(30);
        o.offset = rnd((unsigned)(TOPK_DEPTH - o.limit + 1));
        if (!rnd(10))
            o.sort = SORT_RANK;
        if (!rnd(8))
            o.all_copies = 1;
        struct hits a = {0}, b = {0};
        struct diag d = DIAG_INIT;
        long ra = search_run(db, &o, on_hit, &a, &d);
        long long ca = search_count(db, &o, &d);
        o.exhaustive = 1;
        long rb = search_run(db, &o, on_hit, &b, &d);
        long long cb = search_count(db, &o, &d);
        diag_release(&d);
        int same = ra == rb && ca == cb && ra >= 0 && ca >= 0 && same_hits(&a, &b);
        if (!same && bad++ < 5)
            fprintf(stderr, "'%s' limit %ld offset %ld: %ld/%lld hits kept, %ld/%lld exhaustive\n",
                    q, o.limit, o.offset, ra, ca, rb, cb);
        hits_release(&a);
        hits_release(&b);
    }
    return bad;
}

/* A random query of several terms: words of 1-4 characters, quoted phrases
 * (a break inside sometimes), an excluded term, now and then an OR. */
static void random_query(char *q, size_t cap)
{
    q[0] = 0;
    int nt = 1 + (int)rnd(3);
    for (int t = 0; t < nt; t++) {
        if (t)
            strncat(q, " ", cap - strlen(q) - 1);
        if (t && !rnd(6))
            strncat(q, "-", cap - strlen(q) - 1);
        int quoted = !rnd(4);
        if (quoted)
            strncat(q, "\"", cap - strlen(q) - 1);
        int nc = 1 + (int)rnd(4);
        for (int k = 0; k < nc; k++) {
            strncat(q, alphabet[rnd(NALPHA)], cap - strlen(q) - 1);
            if (quoted && k + 1 < nc && !rnd(8))
                strncat(q, "，", cap - strlen(q) - 1);
        }
        if (quoted)
            strncat(q, "\"", cap - strlen(q) - 1);
    }
    if (!rnd(25))
        strncat(q, " OR 县", cap - strlen(q) - 1);
    if (rich && !rnd(8))
        strncat(q, rnd(2) ? " AB12" : " 學", cap - strlen(q) - 1);
}

/* Searches the scoring of every hit of one pass answered (search_scan_hits). */
static int scanned = 0;

/* Random searches of several terms and phrases, the bounded way (phrases
 * bounded by their terms' kept hits) against exhaustive, with filters and the
 * other orders now and then. Returns how many differed; *bounded counts the
 * searches the bounded way answered itself, *read the hits it read for them
 * and *hits those searches' hits in all. */
static int compare_phrases(struct db *db, int nq, int *bounded, long *read, long long *hits)
{
    int bad = 0;
    for (int i = 0; i < nq; i++) {
        char q[160];
        random_query(q, sizeof q);
        struct search_opts o;
        search_opts_init(&o);
        o.query = q;
        o.limit = 1 + rnd(30);
        o.offset = rnd((unsigned)(TOPK_DEPTH - o.limit + 1));
        if (!rnd(12))
            o.sort = rnd(2) ? SORT_DATE : SORT_NUMBER;
        if (!rnd(12))
            o.kind = rnd(2) ? "建议" : "提案";
        if (!rnd(15))
            o.year = 2021 + (int)rnd(3);
        if (!rnd(8))
            o.all_copies = 1;
        struct hits a = {0}, b = {0};
        struct diag d = DIAG_INIT;
        /* The bounded way alone, to count what it answers. */
        struct buf match = BUF_INIT;
        if (query_to_match(q, &match, &d) == 1 && !o.kind && !o.year) {
            struct top t = {0, BUF_INIT, 0, NULL, NULL, NULL, 0};
            struct bound_stats bs = {0, 0};
            int r = search_bound_hits(db, &o, match.data, NULL, &t, &bs, &d);
            CHECK(r >= 0);
            if (r == 1) {
                (*bounded)++;
                *read += bs.read;
                *hits += search_count(db, &o, &d);
            }
            buf_release(&t.json);
            free(t.id);
            free(t.rank);
            /* Else the way that scores every hit of one pass, when it can. */
            struct top u = {0, BUF_INIT, 0, NULL, NULL, NULL, 0};
            if (r == 0) {
                r = search_scan_hits(db, &o, match.data, NULL, &u, &d);
                CHECK(r >= 0);
                scanned += r == 1;
            }
            buf_release(&u.json);
            free(u.id);
            free(u.rank);
        }
        buf_release(&match);
        long ra = search_run(db, &o, on_hit, &a, &d);
        long long ca = search_count(db, &o, &d);
        o.exhaustive = 1;
        long rb = search_run(db, &o, on_hit, &b, &d);
        long long cb = search_count(db, &o, &d);
        diag_release(&d);
        int same = ra == rb && ca == cb && ra >= 0 && ca >= 0 && same_hits(&a, &b);
        if (!same && bad++ < 5) {
            fprintf(stderr, "'%s' limit %ld offset %ld: %ld/%lld hits, %ld/%lld exhaustive\n", q,
                    o.limit, o.offset, ra, ca, rb, cb);
            for (int k = 0; k < a.n || k < b.n; k++)
                fprintf(stderr, "  %lld %.17g | %lld %.17g\n", k < a.n ? a.id[k] : 0,
                        k < a.n ? a.rank[k] : 0, k < b.n ? b.id[k] : 0, k < b.n ? b.rank[k] : 0);
        }
        hits_release(&a);
        hits_release(&b);
    }
    return bad;
}

/* Random listings and counts with filters, from the combinations against
 * exhaustive. Returns how many differed. */
static int compare_listings(struct db *db, int nq)
{
    static const char *const kinds[] = {"建议", "提案"};
    static const char *const deps[] = {"交通", "教育局", "水利"};
    static const char *const regions[] = {"甲", "市"};
    int bad = 0;
    for (int i = 0; i < nq; i++) {
        struct search_opts o;
        search_opts_init(&o);
        if (rnd(2))
            o.kind = pick(kinds, 2);
        if (!rnd(3))
            o.department = pick(deps, 3);
        if (!rnd(3))
            o.region = pick(regions, 2);
        if (!rnd(3))
            o.year = 2021 + (int)rnd(3);
        if (!rnd(4))
            o.term = 1 + (int)rnd(2);
        if (!rnd(4))
            o.session = 1 + (int)rnd(3);
        if (!rnd(4))
            o.category = rnd(2) ? "A" : "C";
        if (!rnd(6))
            o.body = "政协";
        enum search_group g = (enum search_group)rnd(GROUP_REGION + 1);
        o.limit = rnd(3) ? -1 : (long)rnd(4);
        o.offset = rnd(3) ? 0 : (long)rnd(3);
        bad += grouping_differs(db, &o, g, bad < 5);
    }
    return bad;
}

/* top_sort_best puts first what sorting every hit puts first: 400 random
 * arrays with ranks from few values (ties everywhere), each taken as deep as
 * asked and compared with qsort's. */
static int sort_best_is_sort(void)
{
    int bad = 0, partial = 0;
    unsigned long long saved = rng; /* the searches below draw what they drew before */
    for (int round = 0; round < 400 && !bad; round++) {
        long n = 1 + (long)rnd(round % 4 ? 3000 : 100);
        long least = 1 + (long)rnd(80);
        struct cand *a = malloc((size_t)n * sizeof *a), *b = malloc((size_t)n * sizeof *b);
        for (long i = 0; i < n; i++)
            a[i] = b[i] =
                (struct cand){(long long)rnd(1000000), -(double)rnd(round % 2 ? 7 : 5000), 0.0};
        qsort(b, (size_t)n, sizeof *b, top_by_rank_id);
        long k = top_sort_best(a, n, least);
        partial += k < n;
        if (k < (least < n ? least : n) || (k < n && a[k - 1].ub == b[k].ub))
            bad = 1; /* too few, or a tie left out */
        for (long i = 0; i < k && !bad; i++)
            bad = a[i].id != b[i].id || a[i].ub != b[i].ub;
        for (long i = k; i < n && !bad; i++)
            bad = a[i].ub <= a[k - 1].ub; /* the rest rank after */
        free(a);
        free(b);
    }
    rng = saved;
    CHECK(!bad);
    CHECK(partial > 100); /* most took the partial way */
    return bad;
}

/* Entries written packed read back the same (topk_encode, topk_decode): any
 * order, ids and figures of every size; a packed blob's length is never a
 * multiple of ENTRY_BYTES, the layout before schema 032, and a cut one is
 * damaged. */
static void packed_round_trip(void)
{
    static const uint64_t edge[] = {0, 1, 127, 128, 16383, 16384, UINT32_MAX, (uint64_t)1 << 62};
    for (int round = 0; round < 3000; round++) {
        size_t n = round < 40 ? (size_t)round : (size_t)rnd(300);
        struct entries v = {malloc((n + 1) * sizeof *v.e), n, n + 1}, w = {0};
        for (size_t i = 0; i < n; i++) {
            uint64_t id = rnd(4) ? rnd(2000000) : edge[rnd(8)];
            uint32_t tf = rnd(3) ? (uint32_t)rnd(400) : (uint32_t)edge[rnd(7)];
            uint32_t len = rnd(3) ? (uint32_t)rnd(5000) : (uint32_t)edge[rnd(7)];
            v.e[i] = (struct entry){(long long)id, tf, len};
        }
        if (round % 2 && n > 1)
            qsort(v.e, n, sizeof *v.e, topk_by_tf_len);
        unsigned char *out = malloc(TOPK_PACKED_MAX(n));
        size_t nb = topk_encode(&v, out);
        CHECK(nb <= TOPK_PACKED_MAX(n));
        CHECK(n ? nb % ENTRY_BYTES != 0 : nb == 0);
        CHECK_INT(topk_decode(out, (int)nb, &w), 0);
        CHECK_INT((int)w.n, (int)n);
        CHECK(!n || !memcmp(v.e, w.e, n * sizeof *v.e));
        if (n) {
            w.n = 0;
            int cut = (int)nb - 1 - (out[nb - 1] == 0 && (nb - 1) % ENTRY_BYTES);
            CHECK(cut % ENTRY_BYTES == 0 || topk_decode(out, cut, &w) == -1);
        }
        free(out);
        free(v.e);
        free(w.e);
    }
}

/* Entries appended to a packed blob's bytes (topk_append_parts) make the blob that
 * topk_encode makes of the blob's entries and theirs. */
static void append_is_encode(void)
{
    for (int round = 0; round < 2000; round++) {
        size_t n = 1 + (size_t)rnd(round < 1000 ? 20 : 300), m = (size_t)rnd(round % 3 ? 12 : 200);
        struct entries v = {malloc((n + m) * sizeof *v.e), n + m, n + m}, w = {0};
        struct entries add = {v.e + n, m, m};
        for (size_t i = 0; i < n + m; i++)
            v.e[i] = (struct entry){(long long)rnd(rnd(2) ? 3000 : 3000000),
                                    (uint32_t)(rnd(5) ? rnd(60) : rnd(1u << 30)),
                                    (uint32_t)(rnd(5) ? rnd(4000) : rnd(1u << 31))};
        if (round % 2)
            qsort(v.e, n, sizeof *v.e, topk_by_tf_len);
        struct entries head = {v.e, n, n};
        unsigned char *blob = malloc(TOPK_PACKED_MAX(n)), *all = malloc(TOPK_PACKED_MAX(n + m));
        size_t nb = topk_encode(&head, blob);
        struct topk_packed p;
        CHECK_INT(topk_decode_at(blob, (int)nb, &w, &p), 0);
        CHECK((int)p.n == (int)n && p.end <= nb && p.start < p.end);
        CHECK(p.tf == v.e[n - 1].tf && p.len == v.e[n - 1].len);
        unsigned char *out = malloc(TOPK_HEAD_MAX + p.end + TOPK_PACKED_MAX(m));
        size_t nh, ne = topk_encode(&v, all);
        size_t nt = topk_append_parts(&p, &add, out, &nh, out + TOPK_HEAD_MAX + p.end);
        memmove(out + nh, blob + p.start, p.end - p.start);
        memmove(out + nh + p.end - p.start, out + TOPK_HEAD_MAX + p.end, nt);
        CHECK(nh + p.end - p.start + nt == ne && !memcmp(out, all, ne));
        free(out);
        free(all);
        free(blob);
        free(w.e);
        free(v.e);
    }
}

/* Rewrites every kept row's entries in the layout before schema 032 (16
 * bytes each: id, frequency, length, little-endian). */
static void older_layout(struct db *db)
{
    sqlite3_stmt *st = NULL, *put = NULL;
    CHECK_INT(sqlite3_prepare_v2(db_sqlite(db), "SELECT token, best FROM reply_top", -1, &st, NULL),
              SQLITE_OK);
    CHECK_INT(sqlite3_prepare_v2(db_sqlite(db), "UPDATE reply_top SET best = ?2 WHERE token = ?1",
                                 -1, &put, NULL),
              SQLITE_OK);
    struct buf all = BUF_INIT;
    while (sqlite3_step(st) == SQLITE_ROW) {
        struct entries v = {0};
        CHECK_INT(topk_decode(sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1), &v), 0);
        buf_clear(&all);
        for (size_t i = 0; i < v.n; i++) {
            uint64_t f[3] = {(uint64_t)v.e[i].id, v.e[i].tf, v.e[i].len};
            for (int k = 0; k < 16; k++)
                buf_addch(&all, (char)(f[k < 8 ? 0 : k < 12 ? 1 : 2] >> (8 * (k < 8 ? k : k % 4))));
        }
        sqlite3_bind_text(put, 1, (const char *)sqlite3_column_text(st, 0), -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(put, 2, all.data ? all.data : "", (int)all.len, SQLITE_TRANSIENT);
        CHECK_INT(sqlite3_step(put), SQLITE_DONE);
        sqlite3_reset(put);
        free(v.e);
    }
    buf_release(&all);
    sqlite3_finalize(st);
    sqlite3_finalize(put);
}

/* An import into an empty archive keeps the terms from half the mark, as the
 * imports after it do: 稀 is in 5 of 40 letters, against a mark of 8; 罕, in
 * 3, is under half of it. */
static void first_refresh_keeps_half_mark(void)
{
    char path[] = "/tmp/dafu-test-topk-half-XXXXXX";
    temp_db_path(path);
    setenv("DAFU_TOPK_MIN_HITS", "8", 1);
    struct db *db = NULL;
    struct diag d = DIAG_INIT;
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    if (!db) {
        diag_release(&d);
        return;
    }
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    for (int i = 0; i < 40; i++) {
        struct letter l;
        char num[16], text[96];
        letter_init(&l);
        snprintf(num, sizeof num, "H%d", i);
        snprintf(text, sizeof text, "常见的答复%s%s。%d", i < 5 ? "稀" : "",
                 i >= 20 && i < 23 ? "罕" : "", i);
        letter_set(&l.number, num, strlen(num));
        letter_set(&l.text, text, strlen(text));
        enum db_put_result res;
        CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
        letter_release(&l);
    }
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(topk_refresh(db, &d), 0);
    CHECK_INT((int)db_value(db, "SELECT count(*) FROM reply_top WHERE token = '常'"), 1);
    CHECK_INT((int)db_value(db, "SELECT count(*) FROM reply_top WHERE token = '稀'"), 1);
    CHECK_INT((int)db_value(db, "SELECT count(*) FROM reply_top WHERE token = '罕'"), 0);
    db_close(db);
    diag_release(&d);
    remove_db(path);
}

int main(void)
{
    sort_best_is_sort();
    packed_round_trip();
    first_refresh_keeps_half_mark();
    char path[] = "/tmp/dafu-test-topk-XXXXXX";
    temp_db_path(path);
    setenv("DAFU_TOPK_MIN_HITS", "1", 1);
    setenv("DAFU_TOPK_READ_SHARE", "1", 1); /* the bounded way tried on few hits too */
    struct db *db = NULL;
    struct diag d = DIAG_INIT;
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    if (!db) {
        fprintf(stderr, "%s\n", diag_msg(&d));
        return check_done();
    }
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    for (int i = 0; i < 700; i++)
        put_random(db);
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(topk_refresh(db, &d), 0);
    /* Every character and most pairs of the alphabet are kept. */
    CHECK(kept_rows(db) > (int)NALPHA * 4);
    CHECK_INT(compare_searches(db, 400), 0);
    CHECK_INT(compare_listings(db, 400), 0);
    int appended = -1;
    CHECK_INT(pass_is_scan(db, &appended), 0);
    CHECK_INT(appended, 0); /* a refresh from nothing cuts every row */
    CHECK_INT(groups_are_one(db, 32768, 1), 0);
    int bounded = 0;
    long read = 0;
    long long hits = 0;
    CHECK_INT(compare_phrases(db, 800, &bounded, &read, &hits), 0);

    /* Letters indexed after the refresh are read from the index. */
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    for (int i = 0; i < 80; i++)
        put_random(db);
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(compare_searches(db, 400), 0);
    CHECK_INT(compare_phrases(db, 500, &bounded, &read, &hits), 0);

    /* A deleted letter and a changed one make the kept rows stale. */
    CHECK_INT(db_delete_letter(db, 7, &d), 1);
    {
        struct letter l;
        letter_init(&l);
        CHECK_INT(db_get_letter(db, 12, &l, &d), 1);
        size_t n = strlen(l.text);
        char *text = malloc(n + sizeof "县县");
        memcpy(text, l.text, n);
        memcpy(text + n, "县县", sizeof "县县");
        letter_set(&l.text, text, strlen(text));
        free(text);
        letter_set(&l.date, "2024-02-02", 10);
        letter_set(&l.kind, "议案", strlen("议案"));
        CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
        CHECK_INT(db_replace_letter(db, 12, &l, &d), 1);
        CHECK_INT(db_commit(db, &d), 0);
        letter_release(&l);
    }
    CHECK_INT(kept_rows(db), 0);
    /* Each letter's length is kept as it was indexed, the changed one's too. */
    long kept = 0;
    CHECK_INT(lengths_differ(db, 1, &kept), 0);
    CHECK_INT(kept, 779);
    CHECK_INT(compare_searches(db, 300), 0);
    CHECK_INT(compare_listings(db, 250), 0);
    CHECK_INT(compare_phrases(db, 200, &bounded, &read, &hits), 0);

    /* The next refresh rebuilds them. */
    CHECK_INT(topk_refresh(db, &d), 0);
    CHECK(kept_rows(db) > (int)NALPHA * 4);
    CHECK_INT(compare_searches(db, 500), 0);
    CHECK_INT(compare_listings(db, 150), 0);

    /* Letters added to kept rows by a refresh, read from their text. */
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    for (int i = 0; i < 120; i++)
        put_random(db);
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(groups_are_one(db, 16384, 0), 0);
    CHECK(kept_rows(db) > (int)NALPHA * 4);
    CHECK_INT(lengths_differ(db, 1, &kept), 0);
    CHECK_INT(kept, 899); /* ids to 900: one row of reply_len */
    CHECK_INT((int)db_value(db, "SELECT count(*) FROM reply_len"), 1);
    CHECK_INT(compare_searches(db, 400), 0);
    CHECK_INT(compare_phrases(db, 600, &bounded, &read, &hits), 0);
    /* The searches above read rows with new hits appended, not cut. */
    CHECK_INT(pass_is_scan(db, &appended), 0);
    fprintf(stderr, "rows with hits appended since their cut: %d of %d\n", appended, kept_rows(db));
    CHECK(appended > 20);

    /* Copies of one letter: the members other than their group's
     * representative are left out, by the first phase as by the clause. Some
     * groups are large enough to push hits past the page. */
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    for (int g = 0; g < 40; g++) {
        long long rep = 1 + (long long)rnd(900);
        for (int k = 1 + (int)rnd(g % 8 ? 3 : 25); k > 0; k--) {
            char sql[160];
            long long id = 1 + (long long)rnd(900);
            snprintf(
                sql, sizeof sql,
                "INSERT OR IGNORE INTO similar_copy(id, grp) VALUES (%lld, %lld), (%lld, %lld)",
                rep, rep, id, rep);
            CHECK_INT(db_exec(db, sql, &d), 0);
        }
    }
    CHECK_INT(db_commit(db, &d), 0);
    CHECK((int)db_value(db, "SELECT count(*) FROM similar_copy WHERE grp <> id") > 100);
    CHECK_INT(compare_searches(db, 600), 0);
    CHECK_INT(compare_phrases(db, 600, &bounded, &read, &hits), 0);
    /* The bounded way answers a good share of them itself, reading few of
     * their hits. */
    fprintf(stderr, "bounded: %d searches, %ld hits read of %lld\n", bounded, read, hits);
    CHECK(bounded > 300);
    /* And most of the rest score every hit of one pass (no OR). */
    fprintf(stderr, "scanned: %d searches\n", scanned);
    CHECK(scanned > 1000);
    CHECK(read * 4 < hits);

    /* Snippets made from the rows' text, as dafu_snippet makes them, in texts
     * with white space, words, full-width and traditional characters and
     * control characters. */
    rich = 1;
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    for (int i = 0; i < 300; i++)
        put_random(db);
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(topk_refresh(db, &d), 0);
    CHECK_INT(compare_searches(db, 300), 0);
    CHECK_INT(compare_phrases(db, 600, &bounded, &read, &hits), 0);
    CHECK_INT(lengths_differ(db, 1, &kept), 0);
    CHECK_INT((int)db_value(db, "SELECT count(*) FROM reply_len"), 2);

    /* Lengths not kept (a row of reply_len gone, a length of 0) are read from
     * reply_fts_docsize: the same pages. */
    CHECK_INT(db_exec(db,
                      "DELETE FROM reply_len WHERE chunk = 1; UPDATE reply_len SET lens = CAST("
                      "zeroblob(200) || substr(lens, 201) AS BLOB)",
                      &d),
              0);
    CHECK_INT(lengths_differ(db, 0, &kept), 0);
    CHECK(kept > 500 && kept < 1000);
    CHECK_INT(compare_searches(db, 300), 0);
    CHECK_INT(compare_phrases(db, 300, &bounded, &read, &hits), 0);

    /* Rows kept by a dafu before schema 032 (16 bytes a hit) are read as they
     * are, and a refresh that adds hits to them writes them packed. */
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    older_layout(db);
    CHECK_INT(db_exec(db, "COMMIT", &d), 0);
    CHECK((int)db_value(db, "SELECT count(*) FROM reply_top WHERE length(best) % 16") == 0);
    CHECK_INT(compare_searches(db, 300), 0);
    CHECK_INT(compare_phrases(db, 300, &bounded, &read, &hits), 0);
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    for (int i = 0; i < 100; i++)
        put_random(db);
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(topk_refresh(db, &d), 0);
    CHECK((int)db_value(db, "SELECT count(*) FROM reply_top WHERE length(best) % 16") > 100);
    CHECK_INT(compare_searches(db, 300), 0);

    /* A pass stopped by the progress handler (a server's time limit), whichever
     * of its statements it stops, says it was interrupted (a bind on the busy
     * statement once put "bad parameter or other API misuse" in its place),
     * until the pass has time to end. */
    {
        struct buf match = BUF_INIT;
        CHECK_INT(query_to_match("县 建", &match, &d), 1);
        struct search_opts o;
        search_opts_init(&o);
        o.query = "县 建";
        o.limit = 20;
        int r = -1, stopped = 0;
        for (int steps = 8; r < 0 && steps < 1 << 24; steps += steps / 2) {
            struct top t = {0, BUF_INIT, 0, NULL, NULL, NULL, 0};
            db_progress(db, steps, stop_now, NULL);
            r = search_scan_hits(db, &o, match.data, NULL, &t, &d);
            db_progress(db, 0, NULL, NULL);
            if (r < 0) {
                stopped++;
                CHECK(strstr(diag_msg(&d), "interrupted") != NULL);
            }
            buf_release(&t.json);
            free(t.id);
            free(t.rank);
        }
        CHECK_INT(r, 1);
        CHECK(stopped > 0);
        buf_release(&match);
    }

    /* Refreshes of a few letters each: the rows take their new hits appended,
     * round after round, until they have grown enough to be cut again. The
     * lengths are kept again but for a few (read from reply_fts_docsize a row
     * at a time, where a refresh reads a term from the index). */
    {
        CHECK_INT(db_exec(db,
                          "DELETE FROM reply_len; INSERT INTO reply_len(chunk, lens) "
                          "SELECT id >> 10, dafu_lens_pack(id, sz) FROM reply_fts_docsize "
                          "GROUP BY id >> 10; UPDATE reply_len SET lens = CAST(zeroblob(40) || "
                          "substr(lens, 41) AS BLOB) WHERE chunk = 0",
                          &d),
                  0);
        CHECK_INT(lengths_differ(db, 0, &kept), 0);
        int most = 0, cut = 0;
        for (int round = 0; round < 8; round++) {
            struct buf dump = BUF_INIT;
            int was = 0, now = 0;
            kept_cut_dump(db, &dump, &was);
            CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
            for (int i = 0; i < 15; i++)
                put_random(db);
            CHECK_INT(db_commit(db, &d), 0);
            CHECK_INT(topk_refresh(db, &d), 0);
            kept_cut_dump(db, &dump, &now);
            most = now > most ? now : most;
            cut += now < was;
            CHECK_INT(compare_searches(db, 60), 0);
            CHECK_INT(compare_phrases(db, 60, &bounded, &read, &hits), 0);
            buf_release(&dump);
        }
        fprintf(stderr, "rows with hits appended: at most %d; rounds that cut rows: %d\n", most,
                cut);
        CHECK(most > 100);
        CHECK(cut > 0);
        CHECK_INT(pass_is_scan(db, &appended), 0);
    }

    db_close(db);
    diag_release(&d);
    remove_db(path);
    append_is_encode();
    return check_done();
}
