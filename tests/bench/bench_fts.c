/*
 * bench_fts: figures for the full-text search, each beside a baseline measured in
 * the same run. Not a timed test: it prints, it does not judge.
 *
 * - tokenizer throughput (MB/s of UTF-8) of dafu, SQLite's unicode61 and trigram;
 * - index size of the dafu tokenizer and of trigram on the same letters;
 * - query latency (p50, p95) on an archive of N letters for 1-, 2-, 4-character
 *   and multi-term queries, in-process through search_run exactly as `dafu search`
 *   runs them (ranked, 20 rows with snippets, as the table shows), and the count of
 *   all hits; the raw FTS5 MATCH of the dafu index and of trigram (4 characters)
 *   as baselines.
 *
 * The N letters are made from the paragraphs of the letters in LETTERS_DIR,
 * recombined with a fixed seed (about 2.5 KB each, like real replies).
 * Usage: bench_fts LETTERS_DIR [N]   (N defaults to 20000)
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "base/buf.h"
#include "base/diag.h"
#include "fts/fts_tok.h"
#include "search/query.h"
#include "store/db.h"
#include "text/text.h"

static uint64_t rng_state = 20230512;
static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Paragraphs (lines of at least 20 bytes) of every *.txt in dir. */
static char **paragraphs;
static size_t nparagraphs;

static void read_dir(const char *dir)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.' || n < 4 || strcmp(e->d_name + n - 4, ".txt"))
            continue;
        struct buf path = BUF_INIT;
        buf_printf(&path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path.data, "r");
        buf_release(&path);
        if (!f)
            continue;
        char line[65536];
        while (fgets(line, sizeof line, f)) {
            if (strlen(line) < 20)
                continue;
            paragraphs = realloc(paragraphs, (nparagraphs + 1) * sizeof *paragraphs);
            paragraphs[nparagraphs++] = strdup(line);
        }
        fclose(f);
    }
    closedir(dh);
}

static int noop_cb(void *ctx, int tflags, const char *t, int n, int s, int e)
{
    (void)tflags;
    (void)t;
    (void)n;
    (void)s;
    (void)e;
    (*(long *)ctx)++;
    return 0;
}

/* MB/s of one FTS5 tokenizer over the texts (the best of three passes). */
static double tokenizer_mbps(fts5_api *api, const char *name, char **texts, int n, size_t bytes,
                             long *tokens)
{
    void *ud = NULL;
    fts5_tokenizer tok;
    Fts5Tokenizer *t = NULL;
    if (api->xFindTokenizer(api, name, &ud, &tok) != SQLITE_OK ||
        tok.xCreate(ud, NULL, 0, &t) != SQLITE_OK)
        return 0;
    double best = 1e9;
    for (int pass = 0; pass < 3; pass++) {
        *tokens = 0;
        double t0 = now();
        for (int i = 0; i < n; i++)
            tok.xTokenize(t, tokens, FTS5_TOKENIZE_DOCUMENT, texts[i], (int)strlen(texts[i]),
                          noop_cb);
        double dt = now() - t0;
        if (dt < best)
            best = dt;
    }
    tok.xDelete(t);
    return (double)bytes / 1e6 / best;
}

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "bench_fts: %s: %s\n", sql, err);
        exit(1);
    }
}

/* Builds a contentless index with `tokenize` over the texts in its own file; returns
 * its size in bytes and sets *secs to the insert time. */
static long long build(sqlite3 *db, const char *schema, const char *tokenize, char **texts, int n,
                       double *secs)
{
    struct buf sql = BUF_INIT;
    buf_printf(&sql, "CREATE VIRTUAL TABLE %s.t USING fts5(text, tokenize='%s')", schema, tokenize);
    exec(db, sql.data);
    buf_clear(&sql);
    buf_printf(&sql, "INSERT INTO %s.t(rowid, text) VALUES (?1, ?2)", schema);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, sql.data, -1, &st, NULL);
    double t0 = now();
    exec(db, "BEGIN");
    for (int i = 0; i < n; i++) {
        sqlite3_bind_int(st, 1, i + 1);
        sqlite3_bind_text(st, 2, texts[i], -1, SQLITE_STATIC);
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    exec(db, "COMMIT");
    sqlite3_finalize(st);
    buf_clear(&sql);
    buf_printf(&sql, "INSERT INTO %s.t(t) VALUES ('optimize')", schema);
    exec(db, sql.data);
    *secs = now() - t0;
    buf_clear(&sql);
    buf_printf(&sql, "VACUUM %s", schema);
    exec(db, sql.data);
    long long size = 1;
    for (int k = 0; k < 2; k++) {
        buf_clear(&sql);
        buf_printf(&sql, "PRAGMA %s.%s", schema, k ? "page_size" : "page_count");
        sqlite3_prepare_v2(db, sql.data, -1, &st, NULL);
        size *= sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
        sqlite3_finalize(st);
    }
    buf_release(&sql);
    return size;
}

/* A run of `len` touching Han characters from a random text; 0 if none. */
static int han_query(struct buf *out, char **texts, int n, int len)
{
    for (int tries = 0; tries < 1000; tries++) {
        const char *s = texts[rng() % (uint64_t)n];
        size_t slen = strlen(s);
        size_t p = (size_t)(rng() % (slen ? slen : 1));
        while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
            p--;
        size_t start = p;
        int k = 0;
        while (k < len && p < slen) {
            size_t q = p;
            if (!text_is_han(utf8_next(s, slen, &q)))
                break;
            p = q;
            k++;
        }
        if (k == len) {
            buf_clear(out);
            buf_add(out, s + start, p - start);
            return 1;
        }
    }
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

static void print_ms(const char *label, double *ms, int nq, long rows)
{
    qsort(ms, (size_t)nq, sizeof *ms, cmp_double);
    printf("  %-36s p50 %7.3f ms  p95 %7.3f ms  (%ld rows per query)\n", label, ms[nq / 2],
           ms[nq * 95 / 100], rows / (nq ? nq : 1));
}

static int count_row(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    (void)l;
    (void)snippet;
    (void)rank;
    (*(long *)ctx)++;
    return 0;
}

/* Times search_run (limit > 0: ranked rows with snippets) or search_count (limit 0)
 * for each query in the user's query language. */
static void latency_search(struct db *db, const char *label, struct buf *queries, int nq,
                           long limit)
{
    double *ms = malloc((size_t)nq * sizeof *ms);
    long rows = 0;
    for (int i = 0; i < nq; i++) {
        struct search_opts o;
        search_opts_init(&o);
        o.query = queries[i].data;
        o.limit = limit;
        struct diag d = DIAG_INIT;
        double t0 = now();
        if (limit)
            search_run(db, &o, count_row, &rows, &d);
        else
            rows += search_count(db, &o, &d);
        ms[i] = (now() - t0) * 1000;
        diag_release(&d);
    }
    print_ms(label, ms, nq, rows);
    free(ms);
}

/* Times `sql` for each query; prints p50 and p95 in ms and the mean hit count. */
static void latency(sqlite3 *db, const char *label, const char *sql, struct buf *queries, int nq)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_fts: %s: %s\n", sql, sqlite3_errmsg(db));
        return;
    }
    double *ms = malloc((size_t)nq * sizeof *ms);
    long rows = 0;
    for (int i = 0; i < nq; i++) {
        double t0 = now();
        sqlite3_bind_text(st, 1, queries[i].data, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW)
            rows++;
        sqlite3_reset(st);
        ms[i] = (now() - t0) * 1000;
    }
    print_ms(label, ms, nq, rows);
    free(ms);
    sqlite3_finalize(st);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_fts LETTERS_DIR [N]\n");
        return 2;
    }
    int n = argc > 2 ? atoi(argv[2]) : 20000;
    read_dir(argv[1]);
    if (!nparagraphs) {
        fprintf(stderr, "bench_fts: no letters in '%s'\n", argv[1]);
        return 1;
    }
    /* N letters of about 2.5 KB from random paragraphs. */
    char **texts = malloc((size_t)n * sizeof *texts);
    size_t bytes = 0;
    for (int i = 0; i < n; i++) {
        struct buf b = BUF_INIT;
        while (b.len < 2500)
            buf_adds(&b, paragraphs[rng() % nparagraphs]);
        bytes += b.len;
        texts[i] = buf_detach(&b);
    }
    printf("%d letters, %.1f MB of UTF-8, from %zu paragraphs of %s\n", n, (double)bytes / 1e6,
           nparagraphs, argv[1]);

    char dir[] = "/tmp/dafu-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    struct buf p1 = BUF_INIT;
    struct buf p2 = BUF_INIT;
    buf_printf(&p1, "%s/dafu.db", dir);
    buf_printf(&p2, "%s/trigram.db", dir);
    sqlite3 *db = NULL;
    sqlite3_open(p1.data, &db);
    struct diag d = DIAG_INIT;
    if (fts_tok_register(db, &d)) {
        fprintf(stderr, "bench_fts: %s\n", diag_msg(&d));
        return 1;
    }
    exec(db, "PRAGMA journal_mode=OFF");
    exec(db, "PRAGMA synchronous=OFF");
    struct buf att = BUF_INIT;
    buf_printf(&att, "ATTACH '%s' AS tri", p2.data);
    exec(db, att.data);

    fts5_api *api = fts_tok_fts5_api(db);
    long tokens = 0;
    printf("tokenizer throughput (best of 3 passes):\n");
    double mb = tokenizer_mbps(api, "dafu", texts, n, bytes, &tokens);
    printf("  %-10s %7.1f MB/s  (%ld tokens)\n", "dafu", mb, tokens);
    mb = tokenizer_mbps(api, "unicode61", texts, n, bytes, &tokens);
    printf("  %-10s %7.1f MB/s  (%ld tokens; baseline, no Chinese support)\n", "unicode61", mb,
           tokens);
    mb = tokenizer_mbps(api, "trigram", texts, n, bytes, &tokens);
    printf("  %-10s %7.1f MB/s  (%ld tokens; baseline)\n", "trigram", mb, tokens);

    double secs_dafu, secs_tri;
    long long size_dafu = build(db, "main", "dafu", texts, n, &secs_dafu);
    long long size_tri = build(db, "tri", "trigram", texts, n, &secs_tri);
    printf("index (contentless, after optimize and VACUUM):\n");
    printf("  %-10s %7.1f MB  %.2f x text  built in %.1f s\n", "dafu", (double)size_dafu / 1e6,
           (double)size_dafu / (double)bytes, secs_dafu);
    printf("  %-10s %7.1f MB  %.2f x text  built in %.1f s  (baseline)\n", "trigram",
           (double)size_tri / 1e6, (double)size_tri / (double)bytes, secs_tri);

    enum { NQ = 200 };
    static struct buf q1[NQ], q2[NQ], q4[NQ], qm[NQ], m1[NQ], m2[NQ], m4[NQ], mm[NQ];
    int n1 = 0, n2 = 0, n4 = 0, nm = 0;
    for (int i = 0; i < NQ; i++) {
        n1 += han_query(&q1[n1], texts, n, 1);
        n2 += han_query(&q2[n2], texts, n, 2);
        n4 += han_query(&q4[n4], texts, n, 4);
        struct buf a = BUF_INIT;
        struct buf b = BUF_INIT;
        struct buf c = BUF_INIT;
        if (han_query(&a, texts, n, 2) && han_query(&b, texts, n, 3) &&
            han_query(&c, texts, n, 2)) {
            buf_printf(&qm[nm++], "%s %s %s", a.data, b.data, c.data);
        }
        buf_release(&a);
        buf_release(&b);
        buf_release(&c);
    }
    /* The same queries as FTS5 MATCH expressions, for the raw baselines. */
    struct diag qd = DIAG_INIT;
    for (int i = 0; i < NQ; i++) {
        query_to_match(q1[i].data, &m1[i], &qd);
        query_to_match(q2[i].data, &m2[i], &qd);
        query_to_match(q4[i].data, &m4[i], &qd);
        query_to_match(qm[i].data, &mm[i], &qd);
    }
    diag_release(&qd);

    /* An archive of the N letters, stored as dafu import stores them. */
    struct buf p3 = BUF_INIT;
    buf_printf(&p3, "%s/archive.db", dir);
    struct db *archive = NULL;
    if (db_open(&archive, p3.data, DB_WRITE, &d)) {
        fprintf(stderr, "bench_fts: %s\n", diag_msg(&d));
        return 1;
    }
    double t0 = now();
    db_exec(archive, "BEGIN", &d);
    for (int i = 0; i < n; i++) {
        struct letter l;
        letter_init(&l);
        char num[16];
        snprintf(num, sizeof num, "%d", i + 1);
        letter_set(&l.number, num, strlen(num));
        letter_set(&l.text, texts[i], strlen(texts[i]));
        char date[16];
        snprintf(date, sizeof date, "20%02d-%02d-%02d", 10 + i % 14, 1 + i % 12, 1 + i % 28);
        letter_set(&l.date, date, strlen(date));
        enum db_put_result res;
        db_put_letter(archive, &l, &res, &d);
        letter_release(&l);
    }
    db_exec(archive, "COMMIT", &d);
    db_exec(archive, "INSERT INTO reply_fts(reply_fts) VALUES ('optimize')", &d);
    printf("archive of %d letters stored in %.1f s\n", n, now() - t0);

    printf("query latency, %d queries each, in-process:\n", NQ);
    latency_search(archive, "1 character: dafu search (20 rows)", q1, n1, 20);
    latency_search(archive, "1 character: count of all hits", q1, n1, 0);
    latency(db, "1 character: raw MATCH (baseline)", "SELECT rowid FROM main.t WHERE t MATCH ?1",
            m1, n1);
    latency_search(archive, "2 characters: dafu search", q2, n2, 20);
    latency_search(archive, "2 characters: count", q2, n2, 0);
    latency(db, "2 characters: raw MATCH", "SELECT rowid FROM main.t WHERE t MATCH ?1", m2, n2);
    latency_search(archive, "4 characters: dafu search", q4, n4, 20);
    latency_search(archive, "4 characters: count", q4, n4, 0);
    latency(db, "4 characters: raw MATCH", "SELECT rowid FROM main.t WHERE t MATCH ?1", m4, n4);
    latency(db, "4 characters: trigram MATCH (baseline)",
            "SELECT rowid FROM tri.t WHERE t MATCH ?1", m4, n4);
    latency_search(archive, "3 terms (2+3+2): dafu search", qm, nm, 20);
    latency_search(archive, "3 terms (2+3+2): count", qm, nm, 0);
    latency(db, "3 terms (2+3+2): raw MATCH", "SELECT rowid FROM main.t WHERE t MATCH ?1", mm, nm);
    db_close(archive);
    unlink(p3.data);
    buf_release(&p3);

    for (int i = 0; i < NQ; i++) {
        buf_release(&q1[i]);
        buf_release(&q2[i]);
        buf_release(&q4[i]);
        buf_release(&qm[i]);
        buf_release(&m1[i]);
        buf_release(&m2[i]);
        buf_release(&m4[i]);
        buf_release(&mm[i]);
    }
    sqlite3_close(db);
    unlink(p1.data);
    unlink(p2.data);
    rmdir(dir);
    buf_release(&p1);
    buf_release(&p2);
    buf_release(&att);
    diag_release(&d);
    for (int i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    for (size_t i = 0; i < nparagraphs; i++)
        free(paragraphs[i]);
    free(paragraphs);
    return 0;
}
