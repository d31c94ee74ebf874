/* shingle: the comparison of two letters' text and titles (see similar.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "similar/similar.h"
#include "text/text.h"

/* ---- shingles ---- */

void sim_set_release(struct sim_set *s)
{
    free(s->h);
    s->h = NULL;
    s->n = s->cap = 0;
}

uint64_t sim_mix64(uint64_t x)
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
    return keep ? cps_push(t->out, 0x200000u | (uint32_t)(sim_mix64(t->run) & 0xFFFFF)) : 0;
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

/* Common punctuation of Chinese text (、。《》「」『』【】〔〕，：；（）！？“”‘’—…):
 * folded, none is a space, a digit, a letter or a Han character. */
static int punctuation(uint32_t cp)
{
    if (cp >= 0x3001 && cp <= 0x3002)
        return 1;
    if (cp >= 0x3008 && cp <= 0x3011)
        return 1;
    if (cp >= 0x3014 && cp <= 0x3017)
        return 1;
    switch (cp) {
    case 0xFF01: /* ！ */
    case 0xFF08: /* （ */
    case 0xFF09: /* ） */
    case 0xFF0C: /* ， */
    case 0xFF1A: /* ： */
    case 0xFF1B: /* ； */
    case 0xFF1F: /* ？ */
    case 0x2014: /* — */
    case 0x2018: /* ‘ */
    case 0x2019: /* ’ */
    case 0x201C: /* “ */
    case 0x201D: /* ” */
    case 0x2026: /* … */
        return 1;
    default:
        return 0;
    }
}

/* The ideographs U+4E00-U+9FFF as han_of keeps them: folded (T->S), with
 * NUMERAL set on the Chinese numerals. */
#define HAN_FIRST 0x4E00u
#define HAN_COUNT (0x9FFFu - HAN_FIRST + 1)
static uint32_t han_fold[HAN_COUNT];
static pthread_once_t han_once = PTHREAD_ONCE_INIT;

/* Do the left bytes at u start with an ideograph of U+4E00-U+9FFF? */
static inline int han_at(const unsigned char *u, size_t left)
{
    return left >= 3 && (unsigned)(u[0] - 0xE4) <= 0xE9 - 0xE4 &&
           ((u[1] ^ 0x80) | (u[2] ^ 0x80)) < 0x40 && (u[0] > 0xE4 || u[1] >= 0xB8);
}

/* Its place in han_fold. */
static inline uint32_t han_index(const unsigned char *u)
{
    return (((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F)) -
           HAN_FIRST;
}

static void han_init(void)
{
    for (uint32_t i = 0; i < HAN_COUNT; i++) {
        uint32_t c = text_t2s(HAN_FIRST + i);
        han_fold[i] = cn_numeral(c) ? c | NUMERAL : c;
    }
}

static int han_of(const char *s, size_t len, struct cps *out)
{
    struct tok t = {out, 0, 0, 0, 0};
    pthread_once(&han_once, han_init);
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
    const unsigned char *bytes = (const unsigned char *)s;
    while (pos < len) {
        uint32_t cp;
        const unsigned char *u = bytes + pos;
        /* The common case: a run of ideographs of U+4E00-U+9FFF (E4 B8 80 -
         * E9 BF BF), each folded (T->S) to one, kept in the room reserved
         * above; a digit run before it ends at its first. */
        if (han_at(u, len - pos)) {
            uint32_t v = han_fold[han_index(u)];
            if (t.digits && tok_end_run(&t, v & ~NUMERAL))
                return -1;
            uint32_t *c = out->c;
            size_t n = out->n;
            c[n++] = v;
            pos += 3;
            /* The rest of the run: its three bytes as one number x, an
             * ideograph when E4B880 <= x <= E9BFBF and the last two bytes are
             * continuation bytes (what han_at asks); its place in han_fold is
             * made of x as han_index makes it of the bytes. */
            const unsigned char *p = bytes + pos, *end = bytes + len;
            while (end - p >= 3) {
                uint32_t x = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
                if (x - 0xE4B880u > 0xE9BFBFu - 0xE4B880u || (x & 0xC0C0u) != 0x8080u)
                    break;
                v = han_fold[(((x >> 4) & 0xF000u) | ((x >> 2) & 0xFC0u) | (x & 0x3Fu)) -
                             HAN_FIRST];
                c[n++] = v;
                p += 3;
            }
            pos = (size_t)(p - bytes);
            out->n = n;
            t.prev = v & ~NUMERAL;
            continue;
        }
        if (u[0] < 0x80) {
            cp = u[0];
            pos++;
        } else if ((u[0] & 0xF0) == 0xE0 && pos + 2 < len && (u[1] & 0xC0) == 0x80 &&
                   (u[2] & 0xC0) == 0x80) {
            cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
            if (punctuation(cp)) {
                /* Neither a token, a space nor a digit once folded: it ends a
                 * digit run, and is no 第. */
                pos += 3;
                if (t.digits && tok_end_run(&t, cp))
                    return -1;
                t.prev = cp;
                continue;
            }
            cp = utf8_next(s, len, &pos);
        } else
            cp = utf8_next(s, len, &pos);
        int n = text_fold_cp(cp, f, 8);
        for (int k = 0; k < n; k++)
            if (tok_cp(&t, f[k]))
                return -1;
    }
    return t.digits ? tok_end_run(&t, 0) : 0;
}

/* Cuts every occurrence of name (at least two characters) out of v: 0 marks the cut.
 * Its first character is looked for by wmemchr (a wchar_t is 32 bits here, as a
 * token is; the comparison is of equal values), many at a step. */
_Static_assert(sizeof(wchar_t) == sizeof(uint32_t), "a token is a wchar_t");
static void cut_name(struct cps *v, const struct cps *name)
{
    if (name->n < 2 || name->n > v->n)
        return;
    const wchar_t first = (wchar_t)name->c[0];
    size_t last = v->n - name->n; /* the last place it may start */
    for (size_t i = 0; i <= last; i++) {
        const wchar_t *at = wmemchr((const wchar_t *)v->c + i, first, last - i + 1);
        if (!at)
            return;
        i = (size_t)(at - (const wchar_t *)v->c);
        if (memcmp(v->c + i, name->c, name->n * sizeof *v->c))
            continue;
        for (size_t k = 0; k < name->n; k++)
            v->c[i + k] = 0;
        i += name->n - 1;
    }
}

/* Sorts a[0..n) (n at most SIM_BUCKET_SORT_MAX) and drops repeats, *n the
 * count kept: scattered into about one bucket a hash by their top bits (the
 * hashes are uniform), then sorted by insertion (a hash moves only within its
 * bucket), then copied back without repeats. Returns 0 or -1. */
#define SIM_BUCKET_SORT_MAX 65536

static int bucket_sort(uint64_t *a, size_t *pn)
{
    size_t n = *pn;
    uint64_t *tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return -1;
    int bits = 4;
    while (bits < 12 && ((size_t)1 << bits) < n)
        bits++;
    int shift = 64 - bits;
    size_t nb = (size_t)1 << bits;
    uint32_t count[(1 << 12) + 1];
    memset(count, 0, (nb + 1) * sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[(a[i] >> shift) + 1]++;
    for (size_t k = 0; k < nb; k++)
        count[k + 1] += count[k];
    for (size_t i = 0; i < n; i++)
        tmp[count[a[i] >> shift]++] = a[i];
    for (size_t i = 1; i < n; i++) {
        uint64_t v = tmp[i];
        size_t j = i;
        while (j > 0 && tmp[j - 1] > v) {
            tmp[j] = tmp[j - 1];
            j--;
        }
        tmp[j] = v;
    }
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (!w || a[w - 1] != tmp[i])
            a[w++] = tmp[i];
    *pn = w;
    free(tmp);
    return 0;
}

/* Sorts the hashes and drops repeats (radix, 8 bits a pass, past
 * SIM_BUCKET_SORT_MAX). Returns 0 or -1. */
int sim_set_sort(struct sim_set *s)
{
    if (s->n > 1 && s->n <= SIM_BUCKET_SORT_MAX)
        return bucket_sort(s->h, &s->n);
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
static const uint32_t *const chrome_labels[] = {
    U"信息名称", U"公开日期", U"发布机构",   U"发布日期", U"发布时间", U"索引号",   U"来源",
    U"浏览次数", U"点击数",   U"上一篇",     U"下一篇",   U"打印本页", U"关闭窗口", U"分享到",
    U"责任编辑", U"主办单位", U"网站标识码", U"文章来源", U"字号",     U"访问量",   NULL};

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
        if (n == 1) {
            /* Most lines start with no label's first character. */
            int k = 0;
            while (chrome_labels[k] && chrome_labels[k][0] != head[0])
                k++;
            if (!chrome_labels[k])
                return 0;
        }
    }
    for (int k = 0; chrome_labels[k]; k++) {
        const uint32_t *l = chrome_labels[k];
        int i = 0;
        while (l[i] && i < n && l[i] == head[i])
            i++;
        if (!l[i])
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
    /* A token a byte at most (a line left out pushes one 0): han_of finds
     * room for every line, not growing the array a few times a letter. */
    if (v->cap < v->n + len + 1) {
        uint32_t *p = realloc(v->c, (v->n + len + 1) * sizeof *p);
        if (!p)
            return -1;
        v->c = p;
        v->cap = v->n + len + 1;
    }
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
    /* The numerals out (v keeps the others, in place), and the runs between
     * cuts, SIM_SHINGLE characters at a time. */
    size_t run = 0, w = 0;
    uint64_t h = 0, p_top = 1;
    for (int k = 0; k < SIM_SHINGLE; k++)
        p_top *= SHINGLE_P;
    uint32_t *c = v.c;
    uint64_t *o = out->h;
    size_t no = 0;
    for (size_t i = 0; i < v.n; i++) {
        uint32_t x = c[i];
        if (x & NUMERAL)
            continue;
        c[w++] = x;
        if (!x) {
            run = 0;
            h = 0;
            continue;
        }
        /* A polynomial hash of the window, rolled: add the new character,
         * take away the one that left. */
        h = h * SHINGLE_P + x;
        if (++run > SIM_SHINGLE)
            h -= c[w - 1 - SIM_SHINGLE] * p_top;
        if (run >= SIM_SHINGLE)
            o[no++] = sim_mix64(h);
    }
    out->n = no;
    rc = 0;
done:
    free(v.c);
    free(nm.c);
    return rc;
}

int sim_shingles_raw(const char *text, const char *const *names, size_t nnames, struct sim_set *out)
{
    return shingles_raw(text, names, nnames, out);
}

int sim_shingles(const char *text, const char *const *names, size_t nnames, struct sim_set *out)
{
    return shingles_raw(text, names, nnames, out) || sim_set_sort(out) ? -1 : 0;
}

int sim_letter_shingles_raw(const struct letter *l, struct sim_set *out, int sorted)
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
    return sim_letter_shingles_raw(l, out, 1);
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

/* The table holds the set filled (slots marked a == gen_a) and the hashes of
 * the set being compared that it lacks (b == gen_b, a stale): a slot with
 * neither mark is empty. The filled set's hashes are placed before any other,
 * so none of their probe paths crosses a slot that turns empty later. */
static void jtab_clear(struct sim_jtab *t)
{
    if (t->cap)
        memset(t->s, 0, t->cap * sizeof *t->s);
    t->gen_a = 1;
    t->gen_b = 1;
    t->na = 0;
}

/* The slot of h, or the empty one where it would go. */
static struct sim_jslot *jtab_slot(const struct sim_jtab *t, uint64_t h)
{
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)(h ^ h >> 32) & mask;; i = (i + 1) & mask) {
        struct sim_jslot *x = &t->s[i];
        if (x->a != t->gen_a && x->b != t->gen_b)
            return x;
        if (x->h == h)
            return x;
    }
}

/* Room for n hashes at most half full (the filled set's kept). */
static int jtab_room(struct sim_jtab *t, size_t n)
{
    if (t->cap && 2 * n <= t->cap)
        return 0;
    size_t cap = t->cap ? t->cap : 1024;
    while (cap < 2 * n)
        cap *= 2;
    struct sim_jslot *s = calloc(cap, sizeof *s);
    if (!s)
        return -1;
    struct sim_jtab old = *t;
    t->s = s;
    t->cap = cap;
    uint32_t gen_a = old.gen_a;
    jtab_clear(t);
    for (size_t i = 0; i < old.cap; i++)
        if (old.s[i].a == gen_a) {
            struct sim_jslot *x = jtab_slot(t, old.s[i].h);
            x->h = old.s[i].h;
            x->a = t->gen_a;
        }
    t->na = old.na;
    free(old.s);
    return 0;
}

int sim_jtab_fill(struct sim_jtab *t, const struct sim_set *a)
{
    /* new marks: what the table held is stale */
    if (t->gen_a >= UINT32_MAX - 1 || t->gen_b >= UINT32_MAX - 1)
        jtab_clear(t);
    t->gen_a++;
    t->gen_b++;
    t->na = 0;
    if (jtab_room(t, a->n))
        return -1;
    for (size_t i = 0; i < a->n; i++) {
        struct sim_jslot *x = jtab_slot(t, a->h[i]);
        if (x->a == t->gen_a)
            continue;
        x->h = a->h[i];
        x->a = t->gen_a;
        t->na++;
    }
    return 0;
}

double sim_jtab_jaccard(struct sim_jtab *t, const struct sim_set *b)
{
    if (t->gen_b >= UINT32_MAX - 1) {
        /* the marks of compared sets wrap: every slot's b forgotten */
        for (size_t i = 0; i < t->cap; i++)
            t->s[i].b = 0;
        t->gen_b = 0;
    }
    t->gen_b++;
    if (jtab_room(t, t->na + b->n))
        return -1;
    size_t both = 0, only = 0;
    for (size_t i = 0; i < b->n; i++) {
        struct sim_jslot *x = jtab_slot(t, b->h[i]);
        if (x->b == t->gen_b)
            continue; /* a repeat */
        if (x->a == t->gen_a)
            both++;
        else {
            x->h = b->h[i];
            only++;
        }
        x->b = t->gen_b;
    }
    size_t any = t->na + only;
    return any ? (double)both / (double)any : 0;
}

void sim_jtab_release(struct sim_jtab *t)
{
    free(t->s);
    memset(t, 0, sizeof *t);
}

void sim_signature(const struct sim_set *s, uint32_t sig[SIM_K])
{
    /* One permutation: a shingle's hash picks its bin and its value there. */
    for (int k = 0; k < SIM_K; k++)
        sig[k] = UINT32_MAX;
    uint8_t filled[SIM_K] = {0};
    for (size_t i = 0; i < s->n; i++) {
        uint64_t y = sim_mix64(s->h[i] ^ 0x5851f42d4c957f2dULL);
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
        sig[k] = (uint32_t)sim_mix64(((uint64_t)sig[j] << 8) ^ (uint64_t)dist);
    }
}

/* ---- titles ---- */

/* A title's characters as compared: folded, Han characters and words only,
 * without 关于 in front and the kind (的建议, 提案, 议案) at the end: v[a..b).
 * next[i] is 1 when v[i] and v[i + 1] are Han characters side by side in the
 * title (a pair the full-text index holds). */
struct title_chars {
    struct cps v, next;
    size_t a, b;
};

static void title_chars_release(struct title_chars *t)
{
    free(t->v.c);
    free(t->next.c);
}

static int title_chars(const char *t, struct title_chars *out)
{
    memset(out, 0, sizeof *out);
    if (!t)
        return 0;
    size_t pos = 0, len = strlen(t);
    uint32_t f[8];
    int gap = 1, prev_han = 0;
    while (pos < len) {
        uint32_t cp = utf8_next(t, len, &pos);
        int n = text_fold_cp(cp, f, 8);
        for (int k = 0; k < n; k++) {
            enum text_class c = text_class(f[k]);
            if (c != TEXT_HAN && c != TEXT_WORD) {
                gap = 1;
                continue;
            }
            if (out->v.n)
                out->next.c[out->v.n - 1] = !gap && prev_han && c == TEXT_HAN;
            if (cps_push(&out->v, f[k]) || cps_push(&out->next, 0))
                return -1;
            prev_han = c == TEXT_HAN;
            gap = 0;
        }
    }
    /* 关于 … 的建议/提案/议案/案 */
    const struct cps *v = &out->v;
    size_t a = 0, b = v->n;
    if (b >= 2 && v->c[0] == 0x5173 && v->c[1] == 0x4E8E)
        a = 2;
    static const uint32_t kinds[][2] = {{0x5EFA, 0x8BAE}, {0x63D0, 0x6848}, {0x8BAE, 0x6848}};
    for (size_t k = 0; k < 3; k++)
        if (b >= a + 2 && v->c[b - 2] == kinds[k][0] && v->c[b - 1] == kinds[k][1]) {
            b -= 2;
            break;
        }
    if (b > a && v->c[b - 1] == 0x7684) /* 的 */
        b--;
    out->a = a;
    out->b = b;
    return 0;
}

static uint64_t pair_hash(const uint32_t *c)
{
    return sim_mix64(((uint64_t)c[0] << 32) | c[1]);
}

static int title_pairs(const char *t, struct sim_set *out)
{
    struct title_chars tc;
    out->n = 0;
    if (title_chars(t, &tc)) {
        title_chars_release(&tc);
        return -1;
    }
    if (tc.b > tc.a + 1) {
        if (out->cap < tc.b - tc.a) { /* a set used again keeps its room */
            uint64_t *h = realloc(out->h, (tc.b - tc.a) * sizeof *out->h);
            if (!h) {
                title_chars_release(&tc);
                return -1;
            }
            out->h = h;
            out->cap = tc.b - tc.a;
        }
        for (size_t i = tc.a; i + 1 < tc.b; i++)
            out->h[out->n++] = pair_hash(tc.v.c + i);
    }
    title_chars_release(&tc);
    return sim_set_sort(out);
}

long sim_title_terms(const char *title, struct sim_title_term *out, size_t max, size_t *total)
{
    struct title_chars tc;
    struct sim_set all = {0};
    long n = -1;
    *total = 0;
    if (title_chars(title, &tc) || title_pairs(title, &all))
        goto done;
    *total = all.n;
    n = 0;
    for (size_t i = tc.a; i + 1 < tc.b && (size_t)n < max; i++) {
        if (!tc.next.c[i])
            continue;
        uint64_t h = pair_hash(tc.v.c + i);
        int seen = 0;
        for (long k = 0; k < n && !seen; k++)
            seen = out[k].hash == h;
        if (seen)
            continue;
        out[n].hash = h;
        size_t w = utf8_put(tc.v.c[i], out[n].text);
        w += utf8_put(tc.v.c[i + 1], out[n].text + w);
        out[n].text[w] = '\0';
        n++;
    }
done:
    title_chars_release(&tc);
    sim_set_release(&all);
    return n;
}

int sim_title_pairs(const char *title, struct sim_set *out)
{
    return title_pairs(title, out);
}

double sim_title_with(const struct sim_set *a, const char *b, struct sim_set *tmp)
{
    return a->n && !title_pairs(b, tmp) && tmp->n ? sim_jaccard(a, tmp) : 0;
}

double sim_title(const char *a, const char *b)
{
    struct sim_set x = {0}, y = {0};
    double s = 0;
    if (!title_pairs(a, &x))
        s = sim_title_with(&x, b, &y);
    sim_set_release(&x);
    sim_set_release(&y);
    return s;
}
