/*
 * Exact recall and precision of the full-text search, as a property: for hundreds
 * of queries drawn from the letters themselves (and some that are not in them),
 * `dafu search` must return exactly the letters a brute-force scan says contain
 * the query: recall 1.0, precision 1.0. Snippets must mark only whole hits.
 *
 * "Contains", precisely. Both the letter's column and the query are normalized
 * with text_normalize (NFKC + case folding + Traditional -> Simplified, white space
 * between Han characters removed). The result is read as a sequence of units:
 * each Han character is a unit, each maximal run of letters and digits (a word) is
 * a unit; everything else (punctuation, spaces, symbols) only separates them. Two
 * Han units are "tight" when nothing stands between them after normalization. A
 * query matches a column where the column has the query's units consecutively, and
 * wherever two Han units of the query are tight, the column's are tight too. So
 * 有色金属 never matches 有色，金属 (a break the tokenizer makes), a word matches
 * only a whole word (023 is not in 2023), and punctuation or a line break in the
 * query matches any break (湘工信建议函[2023]266号 matches 〔2023〕, and "2023 年"
 * matches 2023年). A letter contains the query when one of its indexed columns
 * (text, title, department, delegates) does.
 *
 * Usage: test_fts_property LETTERS_DIR   (every *.txt in it is imported; a missing
 * folder is a skip, exit 77). The seed is fixed; DAFU_SEED overrides it.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "base/buf.h"
#include "check.h"
#include "import/import.h"
#include "search/query.h"
#include "store/db.h"
#include "text/text.h"

#define NCOLS 4
static const char *const col_sql = "SELECT id, title, department, delegates, text, source "
                                   "FROM reply ORDER BY id";

enum unit_kind { UNIT_HAN, UNIT_WORD };

struct unit {
    enum unit_kind kind;
    int byte_start; /* in the normalized text */
    int byte_end;
    int tight; /* a Han unit right after another Han unit */
};

struct units {
    char *norm; /* the normalized text (malloc'd) */
    struct unit *v;
    int n;
};

struct row {
    long long id;
    char *source;
    struct units col[NCOLS];
};

static struct row *rows;
static int nrows;

/* ---- units ---- */

/* Normalizes s and splits it into units; u is filled (free with units_free). */
static void units_make(struct units *u, const char *s, size_t len)
{
    struct buf b = BUF_INIT;
    text_normalize(s, len, &b);
    u->n = 0;
    u->v = malloc((b.len + 1) * sizeof *u->v);
    size_t pos = 0;
    int prev_han_end = -1; /* byte end of the previous unit when it was Han */
    while (pos < b.len) {
        size_t start = pos;
        uint32_t cp = utf8_next(b.data, b.len, &pos);
        if (text_is_han(cp)) {
            struct unit x = {UNIT_HAN, (int)start, (int)pos, prev_han_end == (int)start};
            u->v[u->n++] = x;
            prev_han_end = (int)pos;
        } else if (text_is_word(cp)) {
            size_t end = pos;
            while (end < b.len) {
                size_t nx = end;
                if (!text_is_word(utf8_next(b.data, b.len, &nx)))
                    break;
                end = nx;
            }
            struct unit x = {UNIT_WORD, (int)start, (int)end, 0};
            u->v[u->n++] = x;
            pos = end;
            prev_han_end = -1;
        } else {
            prev_han_end = -1;
        }
    }
    u->norm = buf_detach(&b);
}

static void units_free(struct units *u)
{
    free(u->norm);
    free(u->v);
}

static int unit_eq(const struct units *a, int i, const struct units *b, int j)
{
    const struct unit *x = &a->v[i];
    const struct unit *y = &b->v[j];
    int lx = x->byte_end - x->byte_start;
    int ly = y->byte_end - y->byte_start;
    return x->kind == y->kind && lx == ly &&
           !memcmp(a->norm + x->byte_start, b->norm + y->byte_start, (size_t)lx);
}

/* 1 when q occurs in d at unit j (see the file comment). */
static int match_at(const struct units *q, const struct units *d, int j)
{
    if (j + q->n > d->n)
        return 0;
    for (int k = 0; k < q->n; k++) {
        if (!unit_eq(q, k, d, j + k))
            return 0;
        if (k > 0 && q->v[k].tight && !d->v[j + k].tight)
            return 0;
    }
    return 1;
}

static int contains(const struct units *d, const struct units *q)
{
    for (int j = 0; j + q->n <= d->n; j++)
        if (match_at(q, d, j))
            return 1;
    return 0;
}

/* ---- the archive ---- */

static int has_suffix(const char *s, const char *suffix)
{
    size_t a = strlen(s);
    size_t b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* Whether path names exactly the file `name` (its last component). */
static int is_file(const char *path, const char *name)
{
    const char *slash = strrchr(path, '/');
    return !strcmp(slash ? slash + 1 : path, name);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void report(void *ctx, enum import_msg kind, const char *msg)
{
    (void)ctx;
    if (kind == IMPORT_ERROR)
        printf("note: not imported: %s\n", msg);
}

/* Imports every *.txt of dir; returns the number of paths found. */
static int import_dir(struct db *db, const char *dir)
{
    DIR *dh = opendir(dir);
    char **paths = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".txt"))
            continue;
        paths = realloc(paths, (size_t)(n + 1) * sizeof *paths);
        struct buf p = BUF_INIT;
        buf_printf(&p, "%s/%s", dir, e->d_name);
        paths[n++] = buf_detach(&p);
    }
    closedir(dh);
    qsort(paths, (size_t)n, sizeof *paths, cmp_str);
    struct import_opts o;
    import_opts_init(&o);
    struct import_stats st;
    memset(&st, 0, sizeof st);
    struct diag d = DIAG_INIT;
    struct import_hooks hooks = {report, NULL, NULL};
    CHECK(import_paths(db, paths, n, &o, &st, &hooks, &d) >= 0);
    diag_release(&d);
    for (int i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return n;
}

static void load_rows(struct db *db)
{
    sqlite3_stmt *st = NULL;
    CHECK_INT(sqlite3_prepare_v2(db_sqlite(db), col_sql, -1, &st, NULL), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        rows = realloc(rows, (size_t)(nrows + 1) * sizeof *rows);
        struct row *r = &rows[nrows++];
        r->id = sqlite3_column_int64(st, 0);
        const char *src = (const char *)sqlite3_column_text(st, 5);
        r->source = strdup(src ? src : "");
        for (int c = 0; c < NCOLS; c++) {
            const char *t = (const char *)sqlite3_column_text(st, c + 1);
            units_make(&r->col[c], t ? t : "", t ? strlen(t) : 0);
        }
    }
    sqlite3_finalize(st);
}

/* ---- the search under test ---- */

struct hits {
    long long *ids;
    int n;
    int bad_snippets; /* snippets with a mark that is not a whole hit, or no mark */
    const struct units *q;
};

/* 1 when the marked text is made of whole occurrences of the query: its units are
 * covered by occurrences of q that lie inside it. */
static int mark_ok(const char *mark, size_t len, const struct units *q)
{
    struct units m;
    units_make(&m, mark, len);
    int ok = m.n > 0;
    char *covered = calloc((size_t)m.n + 1, 1);
    for (int j = 0; ok && j + q->n <= m.n; j++)
        if (match_at(q, &m, j))
            memset(covered + j, 1, (size_t)q->n);
    for (int j = 0; ok && j < m.n; j++)
        ok = covered[j];
    free(covered);
    units_free(&m);
    return ok;
}

static int snippet_ok(const char *snip, const struct units *q)
{
    int marks = 0;
    for (const char *p = strchr(snip, '\x01'); p; p = strchr(p + 1, '\x01')) {
        const char *e = strchr(p, '\x02');
        if (!e || !mark_ok(p + 1, (size_t)(e - p - 1), q))
            return 0;
        marks++;
    }
    return marks > 0;
}

static int hit_cb(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    struct hits *h = ctx;
    (void)rank;
    h->ids = realloc(h->ids, (size_t)(h->n + 1) * sizeof *h->ids);
    h->ids[h->n++] = l->id;
    if (h->q && (!snippet || !snippet_ok(snippet, h->q))) {
        if (h->bad_snippets++ < 5)
            printf("snippet with a mark that is not a whole hit: %s\n", snippet ? snippet : "");
    }
    return 0;
}

struct tally {
    const char *name;
    int queries;
    long expected; /* letters the brute force finds, summed over the queries */
    long found;    /* letters the search returns */
    long right;    /* letters both return */
    int failed;    /* queries whose sets differ */
    int bad_snippets;
};

/* Runs one query through the search and the brute force and compares the sets.
 * `text` is what the user types; `check_snippets` when every mark must be a whole
 * occurrence of the query's one term. */
static void one(struct db *db, struct tally *t, const char *text, int check_snippets)
{
    struct units q;
    units_make(&q, text, strlen(text));
    struct search_opts o;
    search_opts_init(&o);
    o.query = text;
    struct hits h = {NULL, 0, 0, check_snippets ? &q : NULL};
    struct diag d = DIAG_INIT;
    long n = search_run(db, &o, hit_cb, &h, &d);
    if (q.n == 0) {
        /* Nothing searchable: the search must say so, not fail. */
        CHECK(n < 0 && d.code == DIAG_USAGE);
        goto done;
    }
    t->queries++;
    if (n < 0) {
        printf("%s: query '%s' failed: %s\n", t->name, text, diag_msg(&d));
        t->failed++;
        goto done;
    }
    int differ = 0;
    for (int r = 0; r < nrows; r++) {
        int want = 0;
        for (int c = 0; c < NCOLS && !want; c++)
            want = contains(&rows[r].col[c], &q);
        int got = 0;
        for (int i = 0; i < h.n && !got; i++)
            got = h.ids[i] == rows[r].id;
        t->expected += want;
        t->found += got;
        t->right += want && got;
        if (want != got) {
            if (!differ)
                printf("%s: query '%s':", t->name, text);
            printf(" letter %lld %s", rows[r].id, want ? "missed" : "found wrongly");
            differ = 1;
        }
    }
    if (differ) {
        printf("\n");
        t->failed++;
    }
    t->bad_snippets += h.bad_snippets;
done:
    free(h.ids);
    diag_release(&d);
    units_free(&q);
}

static void print_tally(const struct tally *t)
{
    double recall = t->expected ? (double)t->right / (double)t->expected : 1.0;
    double precision = t->found ? (double)t->right / (double)t->found : 1.0;
    printf("%-22s %4d queries  %5ld expected  %5ld found  recall %.3f  precision %.3f"
           "  %d differ  %d bad snippets\n",
           t->name, t->queries, t->expected, t->found, recall, precision, t->failed,
           t->bad_snippets);
    CHECK_INT(t->failed, 0);
    CHECK_INT(t->bad_snippets, 0);
    CHECK(t->queries > 0);
}

/* ---- query generators ---- */

static uint64_t rng_state;
static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
static int rnd(int n)
{
    return n > 0 ? (int)(rng() % (uint64_t)n) : 0;
}

/* A random column, the body most of the time. */
static const struct units *pick_col(void)
{
    const struct row *r = &rows[rnd(nrows)];
    int x = rnd(20);
    return &r->col[x < 16 ? 3 : x < 18 ? 0 : x < 19 ? 1 : 2];
}

/* A run of `len` tight Han characters from the letters, into out; 0 when none was
 * found in a few tries. */
static int han_run(struct buf *out, int len)
{
    for (int tries = 0; tries < 200; tries++) {
        const struct units *u = pick_col();
        if (!u->n)
            continue;
        int i = rnd(u->n);
        int k = 0;
        while (i + k < u->n && k < len && u->v[i + k].kind == UNIT_HAN &&
               (k == 0 || u->v[i + k].tight))
            k++;
        if (k != len)
            continue;
        buf_clear(out);
        buf_add(out, u->norm + u->v[i].byte_start,
                (size_t)(u->v[i + k - 1].byte_end - u->v[i].byte_start));
        return 1;
    }
    return 0;
}

/* Wraps s in quotes when it holds white space (so it stays one term). */
static void as_term(struct buf *out, const char *s)
{
    buf_clear(out);
    int space = 0;
    size_t len = strlen(s);
    size_t p = 0;
    while (p < len)
        space |= text_is_space(utf8_next(s, len, &p));
    if (space)
        buf_printf(out, "\"%s\"", s);
    else
        buf_adds(out, s);
}

/* ICU Simplified -> Traditional, to make traditional queries. */
static UTransliterator *s2t;
static void to_traditional(struct buf *out, const char *s)
{
    UChar u[512];
    int32_t ulen = 0;
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8(u, 256, &ulen, s, -1, &err);
    int32_t limit = ulen;
    utrans_transUChars(s2t, u, &ulen, 512, 0, &limit, &err);
    char tmp[2048];
    int32_t n = 0;
    u_strToUTF8(tmp, sizeof tmp, &n, u, ulen, &err);
    buf_clear(out);
    if (U_SUCCESS(err))
        buf_add(out, tmp, (size_t)n);
}

static void fullwidth(struct buf *out, const char *s)
{
    buf_clear(out);
    for (const char *p = s; *p; p++) {
        if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
            buf_add_cp(out, 0xFF00u + (uint32_t)(*p - 0x20));
        else
            buf_addch(out, *p);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_fts_property LETTERS_DIR\n");
        return 2;
    }
    struct stat sb;
    if (stat(argv[1], &sb) || !S_ISDIR(sb.st_mode)) {
        printf("skip: %s (the letters) is not present\n", argv[1]);
        return 77;
    }
    const char *seed_env = getenv("DAFU_SEED");
    uint64_t seed = seed_env ? strtoull(seed_env, NULL, 10) : 20230512;
    rng_state = seed;
    printf("letters %s, seed %llu\n", argv[1], (unsigned long long)seed);

    char dir[] = "/tmp/dafu-prop-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    struct buf path = BUF_INIT;
    buf_printf(&path, "%s/p.db", dir);
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    CHECK_INT(db_open(&db, path.data, DB_WRITE, &d), 0);
    int files = import_dir(db, argv[1]);
    load_rows(db);
    printf("%d files, %d letters in the archive\n", files, nrows);
    CHECK(nrows > 0);

    UErrorCode err = U_ZERO_ERROR;
    UChar id[32];
    u_uastrcpy(id, "Simplified-Traditional");
    s2t = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    CHECK(U_SUCCESS(err));

    struct buf q = BUF_INIT;
    struct buf t = BUF_INIT;

    /* Han substrings of 1-6 characters from the letters. */
    struct tally han = {"han 1-6", 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 600; i++)
        if (han_run(&q, 1 + i % 6))
            one(db, &han, q.data, 1);
    print_tally(&han);

    /* Han strings mostly not in the letters: a run with one character replaced by a
     * character from elsewhere, or two far-apart characters joined. */
    struct tally absent = {"han, mostly absent", 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 200; i++) {
        if (!han_run(&q, 2 + i % 4) || !han_run(&t, 1))
            continue;
        int at = rnd((int)(q.len / 3));
        memcpy(q.data + at * 3, t.data, 3);
        one(db, &absent, q.data, 1);
    }
    print_tally(&absent);

    /* Whole Latin and digit words, as written, upper-cased, or full width. */
    struct tally words = {"words", 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 100000 && words.queries < 150; i++) {
        const struct units *u = pick_col();
        if (!u->n)
            continue;
        const struct unit *w = &u->v[rnd(u->n)];
        if (w->kind != UNIT_WORD || w->byte_end - w->byte_start > 200)
            continue;
        buf_clear(&q);
        buf_add(&q, u->norm + w->byte_start, (size_t)(w->byte_end - w->byte_start));
        if (i % 3 == 1)
            for (char *p = q.data; *p; p++)
                if (*p >= 'a' && *p <= 'z')
                    *p -= 32;
        if (i % 3 == 2) {
            fullwidth(&t, q.data);
            buf_clear(&q);
            buf_adds(&q, t.data);
        }
        one(db, &words, q.data, 1);
    }
    print_tally(&words);

    /* Mixes: a word with the Han characters next to it (0831号, 2023年, 第3期). */
    struct tally mixes = {"word + han mixes", 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4000 && mixes.queries < 150; i++) {
        const struct units *u = pick_col();
        if (u->n < 2)
            continue;
        int j = rnd(u->n - 1);
        int k = j + 1; /* last unit */
        if (u->v[j].kind == u->v[k].kind)
            continue;
        if (i % 2 && k + 1 < u->n && u->v[k + 1].kind == UNIT_HAN && u->v[k + 1].tight)
            k++;
        buf_clear(&t);
        buf_add(&t, u->norm + u->v[j].byte_start, (size_t)(u->v[k].byte_end - u->v[j].byte_start));
        if (strchr(t.data, '"'))
            continue;
        as_term(&q, t.data);
        one(db, &mixes, q.data, 1);
    }
    print_tally(&mixes);

    /* Any span of 2-8 characters, punctuation and all, as a quoted phrase: it must
     * not match across a break the letter has that the query does not. */
    struct tally spans = {"spans with punctuation", 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4000 && spans.queries < 200; i++) {
        const struct units *u = pick_col();
        size_t len = strlen(u->norm);
        if (len < 8)
            continue;
        size_t start = (size_t)rnd((int)len);
        while (start > 0 && ((unsigned char)u->norm[start] & 0xC0) == 0x80)
            start--;
        size_t end = start;
        int want = 2 + rnd(7);
        for (int c = 0; c < want && end < len; c++)
            utf8_next(u->norm, len, &end);
        buf_clear(&t);
        buf_add(&t, u->norm + start, end - start);
        if (strchr(t.data, '"'))
            continue;
        /* Only spans with a break in them: plain runs are tested above. */
        int plain = 1;
        size_t p = 0;
        while (p < t.len) {
            uint32_t cp = utf8_next(t.data, t.len, &p);
            plain &= text_is_han(cp);
        }
        if (plain)
            continue;
        buf_clear(&q);
        buf_printf(&q, "\"%s\"", t.data);
        one(db, &spans, q.data, 1);
    }
    print_tally(&spans);

    /* Han characters the letter separates (by punctuation, a word, a symbol), typed
     * together: 金属 from 金，属. Found only where some letter has them touching. */
    struct tally joined = {"joined across a break", 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 20000 && joined.queries < 150; i++) {
        const struct units *u = pick_col();
        if (u->n < 2)
            continue;
        int j = rnd(u->n - 1);
        if (u->v[j].kind != UNIT_HAN || u->v[j + 1].kind != UNIT_HAN || u->v[j + 1].tight)
            continue;
        /* Up to two touching characters on either side of the break. */
        int a = j;
        int b = j + 1;
        for (int k = rnd(3); k > 0 && a > 0 && u->v[a - 1].kind == UNIT_HAN && u->v[a].tight; k--)
            a--;
        for (int k = rnd(3); k > 0 && b + 1 < u->n && u->v[b + 1].tight; k--)
            b++;
        buf_clear(&q);
        for (int k = a; k <= b; k++)
            buf_add(&q, u->norm + u->v[k].byte_start,
                    (size_t)(u->v[k].byte_end - u->v[k].byte_start));
        one(db, &joined, q.data, 1);
    }
    print_tally(&joined);

    /* Traditional queries on simplified text (and simplified on the traditional
     * letters, which the runs above already draw from). */
    struct tally trad = {"traditional queries", 0, 0, 0, 0, 0, 0};
    int roundtrip = 0;
    int changed = 0;
    for (int i = 0; i < 400 && trad.queries < 150; i++) {
        if (!han_run(&q, 2 + i % 5))
            continue;
        to_traditional(&t, q.data);
        if (!t.len || !strcmp(t.data, q.data))
            continue;
        changed++;
        struct buf back = BUF_INIT;
        text_normalize(t.data, t.len, &back);
        roundtrip += !strcmp(back.data, q.data);
        buf_release(&back);
        one(db, &trad, t.data, 1);
    }
    print_tally(&trad);
    printf("  %d of %d traditional queries normalize back to the simplified text\n", roundtrip,
           changed);

    /* Words broken by a line break or spaces, as a quoted phrase: the same letters as
     * the unbroken word. */
    struct tally broken = {"broken by line breaks", 0, 0, 0, 0, 0, 0};
    static const char *const breaks[] = {"\n", "\r\n", " \n  ", "\xe3\x80\x80"};
    for (int i = 0; i < 200 && broken.queries < 100; i++) {
        if (!han_run(&q, 2 + i % 5))
            continue;
        int at = 1 + rnd((int)(q.len / 3) - 1);
        buf_clear(&t);
        buf_addch(&t, '"');
        buf_add(&t, q.data, (size_t)at * 3);
        buf_adds(&t, breaks[i % 4]);
        buf_adds(&t, q.data + at * 3);
        buf_addch(&t, '"');
        struct tally plain = {"", 0, 0, 0, 0, 0, 0};
        one(db, &plain, q.data, 0);
        long before = broken.found;
        one(db, &broken, t.data, 1);
        CHECK_INT(broken.found - before, plain.found);
    }
    print_tally(&broken);

    /* Traditional letters found by simplified queries (the real letters' own words). */
    static const struct {
        const char *file;
        const char *query;
    } known[] = {
        {"055.txt", "岳阳县"},       {"055.txt", "答复如下"},
        {"055.txt", "着手准备"},     {"055.txt", "危桥改造"},
        {"055.txt", "桥面"},         {"049.txt", "基础设施"},
        {"049.txt", "加装电梯"},     {"049.txt", "马文亮"},
        {"070.txt", "阳春市水务局"}, {"070.txt", "农田水利"},
        {"070.txt", "联系人"},       {"17-traditional-raoping-cppcc.txt", "饶平"},
    };
    int known_checked = 0;
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) {
        long long want_id = 0;
        for (int r = 0; r < nrows; r++)
            if (is_file(rows[r].source, known[k].file))
                want_id = rows[r].id;
        if (!want_id)
            continue;
        struct search_opts o;
        search_opts_init(&o);
        o.query = known[k].query;
        struct hits h = {NULL, 0, 0, NULL};
        search_run(db, &o, hit_cb, &h, &d);
        int found = 0;
        for (int i = 0; i < h.n; i++)
            found |= h.ids[i] == want_id;
        if (!found)
            printf("'%s' does not find %s\n", known[k].query, known[k].file);
        CHECK(found);
        free(h.ids);
        known_checked++;
    }
    printf("%d simplified queries checked against traditional letters\n", known_checked);

    utrans_close(s2t);
    for (int r = 0; r < nrows; r++) {
        for (int c = 0; c < NCOLS; c++)
            units_free(&rows[r].col[c]);
        free(rows[r].source);
    }
    free(rows);
    db_close(db);
    unlink(path.data);
    rmdir(dir);
    buf_release(&path);
    buf_release(&q);
    buf_release(&t);
    diag_release(&d);
    return check_done();
}
