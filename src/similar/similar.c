/* similar: near-duplicate replies (see similar.h). */
#include "similar/similar.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "text/text.h"

/* ---- shingles ---- */

void sim_set_release(struct sim_set *s)
{
    free(s->h);
    s->h = NULL;
    s->n = s->cap = 0;
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* Chinese numerals: dates (二〇二三年) and counts are not the letter's words. */
static int cn_numeral(uint32_t cp)
{
    switch (cp) {
    case 0x3007: /* 〇 */
    case 0x4E00: /* 一 */
    case 0x4E8C: /* 二 */
    case 0x4E09: /* 三 */
    case 0x56DB: /* 四 */
    case 0x4E94: /* 五 */
    case 0x516D: /* 六 */
    case 0x4E03: /* 七 */
    case 0x516B: /* 八 */
    case 0x4E5D: /* 九 */
    case 0x5341: /* 十 */
    case 0x96F6: /* 零 */
    case 0x4E24: /* 两 */
        return 1;
    default:
        return 0;
    }
}

/* A text as the tokens compared: its Han characters, folded, numerals left out,
 * and each run of digits as one token, except the digits of dates, of ordinals
 * and of the proposal's number (2023年, 第862号, 十五届 is Han and left out).
 * 0 marks where a name was cut. */
struct cps {
    uint32_t *c;
    size_t n, cap;
};

static int cps_push(struct cps *v, uint32_t c)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 256;
        uint32_t *p = realloc(v->c, cap * sizeof *p);
        if (!p)
            return -1;
        v->c = p;
        v->cap = cap;
    }
    v->c[v->n++] = c;
    return 0;
}

/* Chinese numerals are kept, marked, until the names are cut (张三 is a name),
 * then left out of the shingles. */
#define NUMERAL 0x400000u

/* Characters after a run of digits that make it a date, an ordinal or a number
 * of a document: 年 月 日 号 届 次 期 号. */
static int date_unit(uint32_t cp)
{
    return cp == 0x5E74 || cp == 0x6708 || cp == 0x65E5 || cp == 0x53F7 || cp == 0x5C4A ||
           cp == 0x6B21 || cp == 0x671F || cp == 0x865F;
}

/* The tokens of one folded code point; digit runs wait in *run until the
 * character after them says whether they are a date. */
struct tok {
    struct cps *out;
    uint64_t run;  /* hash of the pending digit run */
    int digits;    /* its length, 0 = none */
    int after_di;  /* the run follows 第 */
    uint32_t prev; /* the last code point that is not a space */
};

static int tok_end_run(struct tok *t, uint32_t next)
{
    int keep = t->digits && !t->after_di && !date_unit(next);
    t->digits = 0;
    return keep ? cps_push(t->out, 0x200000u | (uint32_t)(mix64(t->run) & 0xFFFFF)) : 0;
}

static int tok_cp(struct tok *t, uint32_t c)
{
    if (c >= '0' && c <= '9') {
        if (!t->digits) {
            t->run = 0x51ed27ULL;
            t->after_di = t->prev == 0x7B2C; /* 第 */
        }
        t->run = t->run * 31 + c;
        t->digits++;
        t->prev = c;
        return 0;
    }
    if (text_is_space(c))
        return 0;
    if (t->digits && tok_end_run(t, c))
        return -1;
    t->prev = c;
    if ((c >= 0x4E00 && c <= 0x9FFF) || text_class(c) == TEXT_HAN)
        return cps_push(t->out, cn_numeral(c) ? c | NUMERAL : c);
    return 0;
}

static int han_of(const char *s, size_t len, struct cps *out)
{
    struct tok t = {out, 0, 0, 0, 0};
    /* A token per byte at most: room for all of them at once. */
    if (out->cap < out->n + len + 1) {
        size_t cap = out->cap * 2 > out->n + len + 1 ? out->cap * 2 : out->n + len + 1;
        uint32_t *p = realloc(out->c, cap * sizeof *p);
        if (!p)
            return -1;
        out->c = p;
        out->cap = cap;
    }
    size_t pos = 0;
    uint32_t f[8];
    while (pos < len) {
        uint32_t cp;
        const unsigned char *u = (const unsigned char *)s + pos;
        if (u[0] < 0x80) {
            cp = u[0];
            pos++;
        } else if ((u[0] & 0xF0) == 0xE0 && pos + 2 < len && (u[1] & 0xC0) == 0x80 &&
                   (u[2] & 0xC0) == 0x80 && u[0] >= 0xE4 && u[0] <= 0xE9) {
            /* The common case: an ideograph of U+4E00-U+9FFF, folded (T->S)
             * to one. */
            cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
            pos += 3;
            if (cp >= 0x4E00) {
                uint32_t c = text_t2s(cp);
                if (t.digits && tok_end_run(&t, c))
                    return -1;
                t.prev = c;
                if (cps_push(out, cn_numeral(c) ? c | NUMERAL : c))
                    return -1;
                continue;
            }
        } else
            cp = utf8_next(s, len, &pos);
        int n = text_fold_cp(cp, f, 8);
        for (int k = 0; k < n; k++)
            if (tok_cp(&t, f[k]))
                return -1;
    }
    return t.digits ? tok_end_run(&t, 0) : 0;
}

/* Cuts every occurrence of name (at least two characters) out of v: 0 marks the cut. */
static void cut_name(struct cps *v, const struct cps *name)
{
    if (name->n < 2 || name->n > v->n)
        return;
    for (size_t i = 0; i + name->n <= v->n; i++) {
        if (v->c[i] != name->c[0] || memcmp(v->c + i, name->c, name->n * sizeof *v->c))
            continue;
        for (size_t k = 0; k < name->n; k++)
            v->c[i + k] = 0;
        i += name->n - 1;
    }
}

/* Sorts the hashes (radix, 8 bits a pass) and drops repeats. Returns 0 or -1. */
static int set_sort(struct sim_set *s)
{
    if (s->n > 1) {
        uint64_t *tmp = malloc(s->n * sizeof *tmp);
        if (!tmp)
            return -1;
        uint64_t *a = s->h, *b = tmp;
        for (int shift = 0; shift < 64; shift += 8) {
            size_t count[257] = {0};
            for (size_t i = 0; i < s->n; i++)
                count[((a[i] >> shift) & 0xFF) + 1]++;
            for (int k = 0; k < 256; k++)
                count[k + 1] += count[k];
            for (size_t i = 0; i < s->n; i++)
                b[count[(a[i] >> shift) & 0xFF]++] = a[i];
            uint64_t *t = a;
            a = b;
            b = t;
        }
        free(tmp); /* after an even number of passes the result is in s->h */
    }
    size_t w = 0;
    for (size_t i = 0; i < s->n; i++)
        if (!w || s->h[w - 1] != s->h[i])
            s->h[w++] = s->h[i];
    s->n = w;
    return 0;
}

#define SHINGLE_P 0x100000001b3ULL

/* Lines of page chrome a parser may leave in a letter's text: they start with
 * one of these labels (folded: traditional ones match too). */
static const char *const chrome_labels[] = {
    "信息名称", "公开日期", "发布机构",   "发布日期", "发布时间", "索引号",   "来源",
    "浏览次数", "点击数",   "上一篇",     "下一篇",   "打印本页", "关闭窗口", "分享到",
    "责任编辑", "主办单位", "网站标识码", "文章来源", "字号",     "访问量",   NULL};

/* Does the line s[0..len) start (after spaces) with a chrome label? */
static int chrome_line(const char *s, size_t len)
{
    uint32_t head[6];
    int n = 0;
    size_t pos = 0;
    while (pos < len && n < 6) {
        uint32_t cp = utf8_next(s, len, &pos);
        if (text_is_space(cp))
            continue;
        head[n++] = text_t2s(cp);
    }
    for (int k = 0; chrome_labels[k]; k++) {
        const char *l = chrome_labels[k];
        size_t lp = 0, ll = strlen(l);
        int i = 0;
        while (lp < ll && i < n && utf8_next(l, ll, &lp) == head[i])
            i++;
        if (lp == ll)
            return 1;
    }
    return 0;
}

/* The tokens of a letter's text, line by line, without chrome lines; a line
 * left out cuts the text there. */
static int text_lines(const char *text, struct cps *v)
{
    size_t len = strlen(text);
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (chrome_line(text + start, end - start)) {
            if (v->n && v->c[v->n - 1] && cps_push(v, 0))
                return -1;
        } else if (han_of(text + start, end - start, v))
            return -1;
        start = end + 1;
    }
    return 0;
}

/* The shingles of text in order of appearance, repeats included. */
static int shingles_raw(const char *text, const char *const *names, size_t nnames,
                        struct sim_set *out)
{
    struct cps v = {0};
    struct cps nm = {0};
    int rc = -1;
    out->n = 0;
    if (text && text_lines(text, &v))
        goto done;
    for (size_t i = 0; i < nnames; i++) {
        if (!names[i])
            continue;
        nm.n = 0;
        if (han_of(names[i], strlen(names[i]), &nm))
            goto done;
        cut_name(&v, &nm);
    }
    size_t want = v.n;
    if (want > out->cap) {
        uint64_t *p = realloc(out->h, want * sizeof *p);
        if (!p)
            goto done;
        out->h = p;
        out->cap = want;
    }
    /* The numerals out, then runs between cuts, SIM_SHINGLE characters at a time. */
    size_t w = 0;
    for (size_t i = 0; i < v.n; i++)
        if (!(v.c[i] & NUMERAL))
            v.c[w++] = v.c[i];
    v.n = w;
    size_t run = 0;
    uint64_t h = 0, p_top = 1;
    for (int k = 0; k < SIM_SHINGLE; k++)
        p_top *= SHINGLE_P;
    for (size_t i = 0; i < v.n; i++) {
        if (!v.c[i]) {
            run = 0;
            h = 0;
            continue;
        }
        /* A polynomial hash of the window, rolled: add the new character,
         * take away the one that left. */
        h = h * SHINGLE_P + v.c[i];
        if (++run > SIM_SHINGLE)
            h -= v.c[i - SIM_SHINGLE] * p_top;
        if (run >= SIM_SHINGLE)
            out->h[out->n++] = mix64(h);
    }
    rc = 0;
done:
    free(v.c);
    free(nm.c);
    return rc;
}

int sim_shingles(const char *text, const char *const *names, size_t nnames, struct sim_set *out)
{
    return shingles_raw(text, names, nnames, out) || set_sort(out) ? -1 : 0;
}

static int letter_shingles(const struct letter *l, struct sim_set *out, int sorted)
{
    const char *stack[17];
    const char **names = stack;
    size_t n = l->n_delegates + 1;
    if (n > 17 && !(names = malloc(n * sizeof *names)))
        return -1;
    for (size_t i = 0; i < l->n_delegates; i++)
        names[i] = l->delegates[i];
    names[l->n_delegates] = l->title;
    int rc = sorted ? sim_shingles(l->text, names, n, out) : shingles_raw(l->text, names, n, out);
    if (names != stack)
        free(names);
    return rc;
}

int sim_letter_shingles(const struct letter *l, struct sim_set *out)
{
    return letter_shingles(l, out, 1);
}

double sim_jaccard(const struct sim_set *a, const struct sim_set *b)
{
    size_t i = 0, j = 0, both = 0;
    while (i < a->n && j < b->n) {
        if (a->h[i] == b->h[j]) {
            both++;
            i++;
            j++;
        } else if (a->h[i] < b->h[j])
            i++;
        else
            j++;
    }
    size_t any = a->n + b->n - both;
    return any ? (double)both / (double)any : 0;
}

void sim_signature(const struct sim_set *s, uint32_t sig[SIM_K])
{
    /* One permutation: a shingle's hash picks its bin and its value there. */
    for (int k = 0; k < SIM_K; k++)
        sig[k] = UINT32_MAX;
    uint8_t filled[SIM_K] = {0};
    for (size_t i = 0; i < s->n; i++) {
        uint64_t y = mix64(s->h[i] ^ 0x5851f42d4c957f2dULL);
        unsigned bin = (unsigned)(((y >> 32) * SIM_K) >> 32);
        uint32_t v = (uint32_t)y;
        if (v <= sig[bin]) {
            sig[bin] = v;
            filled[bin] = 1;
        }
    }
    /* Empty bins borrow from the next filled one (rotation), told apart by
     * their distance. */
    int any = 0;
    for (int k = 0; k < SIM_K; k++)
        any |= filled[k];
    if (!any)
        return;
    for (int k = 0; k < SIM_K; k++) {
        if (filled[k])
            continue;
        int j = k, dist = 0;
        do {
            j = (j + 1) % SIM_K;
            dist++;
        } while (!filled[j]);
        sig[k] = (uint32_t)mix64(((uint64_t)sig[j] << 8) ^ (uint64_t)dist);
    }
}

static double sig_agree(const uint32_t *a, const uint32_t *b)
{
    int same = 0;
    for (int k = 0; k < SIM_K; k++)
        same += a[k] == b[k];
    return (double)same / SIM_K;
}

static int64_t band_key(const uint32_t *sig, int band)
{
    uint64_t h = 0x243f6a8885a308d3ULL ^ (uint64_t)band;
    for (int r = 0; r < SIM_ROWS; r++)
        h = mix64(h ^ sig[band * SIM_ROWS + r]);
    return (int64_t)h;
}

/* ---- titles ---- */

static int title_pairs(const char *t, struct sim_set *out)
{
    struct cps v = {0};
    out->n = 0;
    if (!t)
        return 0;
    size_t pos = 0, len = strlen(t);
    uint32_t f[8];
    while (pos < len) {
        uint32_t cp = utf8_next(t, len, &pos);
        int n = text_fold_cp(cp, f, 8);
        for (int k = 0; k < n; k++)
            if ((text_class(f[k]) == TEXT_HAN || text_class(f[k]) == TEXT_WORD) &&
                cps_push(&v, f[k])) {
                free(v.c);
                return -1;
            }
    }
    /* 关于 … 的建议/提案/议案/案 */
    size_t a = 0, b = v.n;
    if (b >= 2 && v.c[0] == 0x5173 && v.c[1] == 0x4E8E)
        a = 2;
    static const uint32_t kinds[][2] = {{0x5EFA, 0x8BAE}, {0x63D0, 0x6848}, {0x8BAE, 0x6848}};
    for (size_t k = 0; k < 3; k++)
        if (b >= a + 2 && v.c[b - 2] == kinds[k][0] && v.c[b - 1] == kinds[k][1]) {
            b -= 2;
            break;
        }
    if (b > a && v.c[b - 1] == 0x7684) /* 的 */
        b--;
    if (b > a + 1) {
        out->h = malloc((b - a) * sizeof *out->h);
        if (!out->h) {
            free(v.c);
            return -1;
        }
        out->cap = b - a;
        for (size_t i = a; i + 1 < b; i++)
            out->h[out->n++] = mix64(((uint64_t)v.c[i] << 32) | v.c[i + 1]);
    }
    free(v.c);
    return set_sort(out);
}

double sim_title(const char *a, const char *b)
{
    struct sim_set x = {0}, y = {0};
    double s = 0;
    if (!title_pairs(a, &x) && !title_pairs(b, &y) && x.n && y.n)
        s = sim_jaccard(&x, &y);
    sim_set_release(&x);
    sim_set_release(&y);
    return s;
}

/* ---- the index in the archive ---- */

enum {
    ST_SIG_PUT,
    ST_SIG_GET,
    ST_BAND_GET,
    ST_BAND_PUT,
    ST_ROW,
    ST_PAIR_PUT,
    ST_PAIR_DEL_B,
    ST_PAIR_DEL_A,
    ST_COPY_GET,
    ST_COPY_MEMBERS,
    ST_COPY_PUT,
    ST_COPY_DEL,
    ST_FULLNESS,
    ST_PENDING,
    ST_PENDING_DEL,
    ST_N
};

static const char *const sim_sql[ST_N] = {
    [ST_SIG_PUT] = "INSERT OR REPLACE INTO similar_sig(id, shingles, sig) VALUES (?1, ?2, ?3)",
    [ST_SIG_GET] = "SELECT sig FROM similar_sig WHERE id = ?1",
    [ST_BAND_GET] = NULL, /* built by similar_open: one statement for all bands */
    [ST_BAND_PUT] = NULL,
    [ST_ROW] = "SELECT text, title, delegates, number_key, department_key, date "
               "FROM reply WHERE id = ?1",
    [ST_PAIR_PUT] =
        "INSERT OR REPLACE INTO similar_pair(a, b, score, copy) VALUES (?1, ?2, ?3, ?4)",
    [ST_PAIR_DEL_B] = "DELETE FROM similar_pair WHERE b = ?1 AND a IN "
                      "(SELECT b FROM similar_pair WHERE a = ?1)",
    [ST_PAIR_DEL_A] = "DELETE FROM similar_pair WHERE a = ?1",
    [ST_COPY_GET] = "SELECT grp FROM similar_copy WHERE id = ?1",
    [ST_COPY_MEMBERS] = "SELECT id FROM similar_copy WHERE grp = ?1",
    [ST_COPY_PUT] = "INSERT OR REPLACE INTO similar_copy(id, grp) VALUES (?1, ?2)",
    [ST_COPY_DEL] = "DELETE FROM similar_copy WHERE id = ?1",
    [ST_FULLNESS] = "SELECT (number_key IS NOT NULL) + (department IS NOT NULL) + "
                    "(title IS NOT NULL) + (delegates IS NOT NULL) + (date IS NOT NULL) "
                    "FROM reply WHERE id = ?1",
    [ST_PENDING] = "SELECT id FROM similar_pending ORDER BY id LIMIT 500",
    [ST_PENDING_DEL] = "DELETE FROM similar_pending WHERE id = ?1",
};

struct similar {
    struct db *db;
    sqlite3_stmt *st[ST_N];
    struct sim_set mine, theirs;
};

int similar_open(struct similar **out, struct db *db, struct diag *d)
{
    *out = NULL;
    struct similar *s = calloc(1, sizeof *s);
    if (!s)
        return diag_error(d, "out of memory");
    s->db = db;
    struct buf get = BUF_INIT, put = BUF_INIT;
    buf_adds(&get, "SELECT key, id FROM similar_band WHERE key IN (");
    buf_adds(&put, "INSERT OR IGNORE INTO similar_band(key, id) VALUES ");
    for (int b = 1; b <= SIM_BANDS; b++) {
        buf_printf(&get, "%s?%d", b > 1 ? ", " : "", b);
        buf_printf(&put, "%s(?%d, ?%d)", b > 1 ? ", " : "", b, SIM_BANDS + 1);
    }
    buf_addch(&get, ')');
    int rc = 0;
    for (int i = 0; i < ST_N && !rc; i++) {
        const char *sql = i == ST_BAND_GET ? get.data : i == ST_BAND_PUT ? put.data : sim_sql[i];
        if (sqlite3_prepare_v3(db_sqlite(db), sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
                               NULL) != SQLITE_OK) {
            diag_error(d, "database '%s': preparing the similarity index: %s", db_path(db),
                       sqlite3_errmsg(db_sqlite(db)));
            rc = -1;
        }
    }
    buf_release(&get);
    buf_release(&put);
    if (rc) {
        similar_close(s);
        return -1;
    }
    *out = s;
    return 0;
}

void similar_close(struct similar *s)
{
    if (!s)
        return;
    for (int i = 0; i < ST_N; i++)
        sqlite3_finalize(s->st[i]);
    sim_set_release(&s->mine);
    sim_set_release(&s->theirs);
    free(s);
}

static sqlite3_stmt *stmt(struct similar *s, int i)
{
    sqlite3_reset(s->st[i]);
    sqlite3_clear_bindings(s->st[i]);
    return s->st[i];
}

static int run(struct similar *s, sqlite3_stmt *st, struct diag *d)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return diag_error(d, "database '%s': similarity index: %s", db_path(s->db),
                          sqlite3_errmsg(db_sqlite(s->db)));
    return 0;
}

/* A stored reply's fields that decide whether two letters are copies. */
struct row {
    char *text, *title, *delegates, *number_key, *department_key, *date;
};

static void row_release(struct row *r)
{
    free(r->text);
    free(r->title);
    free(r->delegates);
    free(r->number_key);
    free(r->department_key);
    free(r->date);
    memset(r, 0, sizeof *r);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? strdup(v) : NULL;
}

static int read_row(struct similar *s, long long id, struct row *r)
{
    sqlite3_stmt *st = stmt(s, ST_ROW);
    sqlite3_bind_int64(st, 1, id);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        r->text = col_dup(st, 0);
        r->title = col_dup(st, 1);
        r->delegates = col_dup(st, 2);
        r->number_key = col_dup(st, 3);
        r->department_key = col_dup(st, 4);
        r->date = col_dup(st, 5);
        found = 1;
    }
    sqlite3_reset(st);
    return found;
}

/* The proposers joined by 、, and the title: the names cut out of the text. */
static int row_shingles(const struct row *r, struct sim_set *out)
{
    const char *names[33];
    size_t n = 0;
    char *dels = r->delegates ? strdup(r->delegates) : NULL;
    for (char *p = dels; p && *p && n < 32;) {
        names[n++] = p;
        char *sep = strstr(p, "、");
        if (!sep)
            break;
        *sep = '\0';
        p = sep + strlen("、");
    }
    names[n++] = r->title;
    int rc = sim_shingles(r->text, names, n, out);
    free(dels);
    return rc;
}

static int differ(const char *a, const char *b)
{
    return a && b && *a && *b && strcmp(a, b);
}

/* Is name (n bytes) one of the proposers of a list joined by 、? */
static int in_list(const char *list, const char *name, size_t n)
{
    const char *p = list;
    for (;;) {
        const char *e = strstr(p, "、");
        size_t m = e ? (size_t)(e - p) : strlen(p);
        if (m == n && !memcmp(p, name, n))
            return 1;
        if (!e)
            return 0;
        p = e + strlen("、");
    }
}

/* Do two lists of proposers joined by 、 (both stated) share no one? */
static int no_common_delegate(const char *a, const char *b)
{
    if (!a || !b || !*a || !*b)
        return 0;
    const char *p = a;
    for (;;) {
        const char *e = strstr(p, "、");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (in_list(b, p, n))
            return 0;
        if (!e)
            return 1;
        p = e + strlen("、");
    }
}

static int are_copies(const struct row *a, const struct row *b, double score)
{
    /* Not the number or the department: a copy's page may lend it another
     * (a link to the next reply, a site's name). */
    return score >= SIM_COPY && !differ(a->date, b->date) &&
           !no_common_delegate(a->delegates, b->delegates);
}

static int fullness(struct similar *s, long long id)
{
    sqlite3_stmt *st = stmt(s, ST_FULLNESS);
    sqlite3_bind_int64(st, 1, id);
    int f = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    return f;
}

static long long copy_group(struct similar *s, long long id)
{
    sqlite3_stmt *st = stmt(s, ST_COPY_GET);
    sqlite3_bind_int64(st, 1, id);
    long long g = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return g;
}

struct ids {
    long long *v;
    size_t n, cap;
};

static int ids_add(struct ids *x, long long id)
{
    for (size_t i = 0; i < x->n; i++)
        if (x->v[i] == id)
            return 0;
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 16;
        long long *p = realloc(x->v, cap * sizeof *p);
        if (!p)
            return -1;
        x->v = p;
        x->cap = cap;
    }
    x->v[x->n++] = id;
    return 0;
}

/* Joins id with its copies (and their groups) into one group, named by its most
 * complete member (most fields stated; the oldest of those). */
static int join_copies(struct similar *s, long long id, const struct ids *copies, struct diag *d)
{
    struct ids m = {0};
    int rc = -1;
    if (ids_add(&m, id))
        goto oom;
    for (size_t i = 0; i < copies->n; i++) {
        long long g = copy_group(s, copies->v[i]);
        if (ids_add(&m, copies->v[i]))
            goto oom;
        if (!g)
            continue;
        sqlite3_stmt *st = stmt(s, ST_COPY_MEMBERS);
        sqlite3_bind_int64(st, 1, g);
        while (sqlite3_step(st) == SQLITE_ROW)
            if (ids_add(&m, sqlite3_column_int64(st, 0))) {
                sqlite3_reset(st);
                goto oom;
            }
        sqlite3_reset(st);
    }
    long long best = 0;
    int best_f = -1;
    for (size_t i = 0; i < m.n; i++) {
        int f = fullness(s, m.v[i]);
        if (f > best_f || (f == best_f && m.v[i] < best)) {
            best = m.v[i];
            best_f = f;
        }
    }
    for (size_t i = 0; i < m.n; i++) {
        sqlite3_stmt *st = stmt(s, ST_COPY_PUT);
        sqlite3_bind_int64(st, 1, m.v[i]);
        sqlite3_bind_int64(st, 2, best);
        if (run(s, st, d))
            goto done;
    }
    rc = 0;
    goto done;
oom:
    diag_error(d, "out of memory");
done:
    free(m.v);
    return rc;
}

struct cand {
    long long id;
    double est;
};

static int cmp_cand(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->est != y->est)
        return x->est > y->est ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_cand_id(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Forgets what was recorded for id (its text changed): its pairs and its copy
 * group. Its old band keys stay; they only bring a candidate that fails. */
static int forget(struct similar *s, long long id, struct diag *d)
{
    sqlite3_stmt *st = stmt(s, ST_PAIR_DEL_B);
    sqlite3_bind_int64(st, 1, id);
    if (run(s, st, d))
        return -1;
    st = stmt(s, ST_PAIR_DEL_A);
    sqlite3_bind_int64(st, 1, id);
    if (run(s, st, d))
        return -1;
    st = stmt(s, ST_COPY_DEL);
    sqlite3_bind_int64(st, 1, id);
    return run(s, st, d);
}

static int add_id(struct similar *s, long long id, struct sim_set *mine, int known, struct diag *d)
{
    uint32_t sig[SIM_K];
    struct cand *c = NULL;
    size_t nc = 0, capc = 0;
    struct row me = {0}, them = {0};
    struct ids copies = {0};
    int rc = -1;
    if (known && forget(s, id, d))
        return -1;
    int enough = mine->n >= SIM_MIN_SHINGLES;
    if (enough)
        sim_signature(mine, sig);
    sqlite3_stmt *st = stmt(s, ST_SIG_PUT);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (long long)mine->n);
    if (enough)
        sqlite3_bind_blob(st, 3, sig, sizeof sig, SQLITE_STATIC);
    else
        sqlite3_bind_zeroblob(st, 3, 0);
    if (run(s, st, d))
        return -1;
    if (!enough)
        return 0;
    /* Candidates: the letters that share a band. A band value that SIM_BUCKET
     * letters share already (their minima come from phrases every letter
     * uses) takes no more, and alone makes no candidate: a near-duplicate
     * shares other bands too. */
    sqlite3_stmt *get = stmt(s, ST_BAND_GET);
    int64_t keys[SIM_BANDS];
    int bucket[SIM_BANDS] = {0};
    for (int b = 0; b < SIM_BANDS; b++) {
        keys[b] = band_key(sig, b);
        sqlite3_bind_int64(get, b + 1, keys[b]);
    }
    while (sqlite3_step(get) == SQLITE_ROW) {
        int64_t key = sqlite3_column_int64(get, 0);
        long long other = sqlite3_column_int64(get, 1);
        int band = 0;
        while (band < SIM_BANDS - 1 && keys[band] != key)
            band++;
        bucket[band]++;
        if (other == id)
            continue;
        if (nc == capc) {
            capc = capc ? capc * 2 : 32;
            struct cand *p = realloc(c, capc * sizeof *p);
            if (!p) {
                sqlite3_reset(get);
                diag_error(d, "out of memory");
                goto done;
            }
            c = p;
        }
        c[nc].id = other;
        c[nc].est = band; /* for now: the band it came by */
        nc++;
    }
    sqlite3_reset(get);
    int first_open = -1;
    for (int b = 0; b < SIM_BANDS && first_open < 0; b++)
        if (bucket[b] < SIM_BUCKET)
            first_open = b;
    if (first_open >= 0) {
        /* A full band repeats an open one: INSERT OR IGNORE skips it. */
        sqlite3_stmt *put = stmt(s, ST_BAND_PUT);
        for (int b = 0; b < SIM_BANDS; b++)
            sqlite3_bind_int64(put, b + 1, keys[bucket[b] < SIM_BUCKET ? b : first_open]);
        sqlite3_bind_int64(put, SIM_BANDS + 1, id);
        if (run(s, put, d))
            goto done;
    }
    /* Their signatures say which are worth verifying (each once: a letter that
     * shares several bands comes several times). */
    if (nc) /* qsort wants a valid pointer even for no elements */
        qsort(c, nc, sizeof *c, cmp_cand_id);
    size_t keep = 0;
    for (size_t i = 0; i < nc;) {
        size_t j = i;
        int open = 0;
        while (j < nc && c[j].id == c[i].id)
            open |= bucket[(int)c[j++].est] < SIM_BUCKET;
        size_t shared = j - i;
        long long other = c[i].id;
        i = j;
        if (shared < 2 && !open)
            continue;
        st = stmt(s, ST_SIG_GET);
        sqlite3_bind_int64(st, 1, other);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == (int)sizeof sig) {
            double e = sig_agree(sig, sqlite3_column_blob(st, 0));
            if (e >= SIM_EST_MIN) {
                c[keep].id = other;
                c[keep++].est = e;
            }
        }
        sqlite3_reset(st);
    }
    nc = keep;
    if (!nc) {
        rc = 0;
        goto done;
    }
    qsort(c, nc, sizeof *c, cmp_cand);
    if (nc > SIM_VERIFY_MAX)
        nc = SIM_VERIFY_MAX;
    if (set_sort(mine)) {
        diag_error(d, "out of memory");
        goto done;
    }
    if (!read_row(s, id, &me)) {
        rc = 0;
        goto done;
    }
    for (size_t i = 0; i < nc; i++) {
        row_release(&them);
        if (!read_row(s, c[i].id, &them))
            continue;
        if (row_shingles(&them, &s->theirs)) {
            diag_error(d, "out of memory");
            goto done;
        }
        double score = sim_jaccard(mine, &s->theirs);
        if (score < SIM_FLOOR)
            continue;
        int copy = are_copies(&me, &them, score);
        for (int way = 0; way < 2; way++) {
            st = stmt(s, ST_PAIR_PUT);
            sqlite3_bind_int64(st, 1, way ? c[i].id : id);
            sqlite3_bind_int64(st, 2, way ? id : c[i].id);
            sqlite3_bind_double(st, 3, score);
            sqlite3_bind_int(st, 4, copy);
            if (run(s, st, d))
                goto done;
        }
        if (copy && ids_add(&copies, c[i].id)) {
            diag_error(d, "out of memory");
            goto done;
        }
    }
    if (copies.n && join_copies(s, id, &copies, d))
        goto done;
    rc = 0;
done:
    free(c);
    free(copies.v);
    row_release(&me);
    row_release(&them);
    return rc;
}

int similar_add(struct similar *s, const struct letter *l, int replaced, struct diag *d)
{
    if (letter_shingles(l, &s->mine, 0))
        return diag_error(d, "out of memory");
    return add_id(s, l->id, &s->mine, replaced, d);
}

long similar_catch_up(struct similar *s, struct diag *d)
{
    long done = 0;
    struct ids batch = {0};
    for (;;) {
        batch.n = 0;
        sqlite3_stmt *st = stmt(s, ST_PENDING);
        while (sqlite3_step(st) == SQLITE_ROW)
            if (ids_add(&batch, sqlite3_column_int64(st, 0))) {
                sqlite3_reset(st);
                free(batch.v);
                return diag_error(d, "out of memory");
            }
        sqlite3_reset(st);
        if (!batch.n)
            break;
        for (size_t i = 0; i < batch.n; i++) {
            struct row r = {0};
            if (read_row(s, batch.v[i], &r)) {
                int e = row_shingles(&r, &s->mine);
                row_release(&r);
                if (e) {
                    free(batch.v);
                    return diag_error(d, "out of memory");
                }
                if (add_id(s, batch.v[i], &s->mine, 1, d)) {
                    free(batch.v);
                    return -1;
                }
            }
            st = stmt(s, ST_PENDING_DEL);
            sqlite3_bind_int64(st, 1, batch.v[i]);
            if (run(s, st, d)) {
                free(batch.v);
                return -1;
            }
            done++;
        }
    }
    free(batch.v);
    return done;
}

long long similar_pending(struct db *db)
{
    sqlite3_stmt *st = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(db_sqlite(db), "SELECT count(*) FROM similar_pending", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}
