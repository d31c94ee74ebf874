/*
 * The decoded text and the scanning primitives every finder uses: code point
 * classes, numerals, needle search, line bounds, and copying a span into a field.
 */
#include "import/parse/parse_int.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text/text.h"

int digit_val(uint32_t c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 0xFF10 && c <= 0xFF19)
        return (int)(c - 0xFF10);
    return -1;
}

/* Value of a Chinese numeral character, 10 for 十, -1 when it is none. */
int cn_val(uint32_t c)
{
    switch (c) {
    case 0x3007: /* 〇 */
    case 0x25CB: /* ○ */
    case 0x96F6: /* 零 */
    case 0x25EF: /* ◯ */
    case 0xFF2F: /* Ｏ */
    case 'O':
        return 0;
    case 0x4E00:
        return 1; /* 一 */
    case 0x4E8C:
        return 2; /* 二 */
    case 0x4E24:
        return 2; /* 两 */
    case 0x4E09:
        return 3; /* 三 */
    case 0x56DB:
        return 4; /* 四 */
    case 0x4E94:
        return 5; /* 五 */
    case 0x516D:
        return 6; /* 六 */
    case 0x4E03:
        return 7; /* 七 */
    case 0x516B:
        return 8; /* 八 */
    case 0x4E5D:
        return 9; /* 九 */
    case 0x5341:
        return 10; /* 十 */
    default:
        return -1;
    }
}

int is_num_char(uint32_t c)
{
    return digit_val(c) >= 0 || (cn_val(c) >= 0 && c != 'O' && c != 0xFF2F);
}

/* Parses cp[a..b) as a number written in digits or Chinese numerals (十四, 二十一,
 * 一○五). Returns -1 when it is not one. */
long parse_num(const struct ctext *t, size_t a, size_t b)
{
    if (a >= b || b - a > 12)
        return -1;
    long v = 0;
    int all_digits = 1;
    for (size_t i = a; i < b; i++)
        if (digit_val(t->cp[i]) < 0)
            all_digits = 0;
    if (all_digits) {
        for (size_t i = a; i < b; i++)
            v = v * 10 + digit_val(t->cp[i]);
        return v;
    }
    int has_ten = 0;
    for (size_t i = a; i < b; i++) {
        int d = cn_val(t->cp[i]);
        if (d < 0 || t->cp[i] == 'O' || t->cp[i] == 0xFF2F)
            return -1;
        if (d == 10)
            has_ten = 1;
    }
    if (!has_ten) { /* positional: 二○一一 */
        for (size_t i = a; i < b; i++)
            v = v * 10 + cn_val(t->cp[i]);
        return v;
    }
    long cur = 0;
    for (size_t i = a; i < b; i++) {
        int d = cn_val(t->cp[i]);
        if (d == 10) {
            v += (cur ? cur : 1) * 10;
            cur = 0;
        } else {
            cur = d;
        }
    }
    return v + cur;
}

int is_han(uint32_t c)
{
    return text_is_han(c) && c != 0x3007;
}

int is_latin(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

int is_space(uint32_t c)
{
    return text_is_space(c);
}

void trim_span(const struct ctext *t, size_t *a, size_t *b)
{
    while (*a < *b && is_space(t->cp[*a]))
        (*a)++;
    while (*b > *a && is_space(t->cp[*b - 1]))
        (*b)--;
}

int is_wall(uint32_t c)
{
    return c == '|' || c == '\t';
}

int is_colon(uint32_t c)
{
    return c == ':' || c == 0xFF1A;
}

/* needle_next's way for what its inline fast paths leave: a code point of two or
 * four bytes, or a stray byte. */
uint32_t needle_next_slow(const unsigned char **p)
{
    const unsigned char *q = *p;
    uint32_t c = q[0];
    int n = 0;
    if (c >= 0xF0) {
        c &= 0x07;
        n = 3;
    } else if (c >= 0xE0) {
        c &= 0x0F;
        n = 2;
    } else if (c >= 0xC0) {
        c &= 0x1F;
        n = 1;
    }
    q++;
    while (n-- > 0 && (*q & 0xC0) == 0x80)
        c = (c << 6) | (*q++ & 0x3F);
    *p = q;
    return c;
}

/* Does the needle occur at cp index i? */
int at(const struct ctext *t, size_t i, const char *needle)
{
    const unsigned char *p = (const unsigned char *)needle;
    size_t k = i;
    while (*p) {
        t->ctx->steps++;
        if (k >= t->n || t->cp[k] != needle_next(&p))
            return 0;
        k++;
    }
    return 1;
}

/* Length of a needle in code points. */
size_t needle_len(const char *needle)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)needle; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}

/* First index in [i, e) holding c, or e. A span of some length is left to
 * wmemchr, the C library's vector scan (wchar_t is 32 bits here, the type
 * corresponding to uint32_t's signed one). */
static size_t cp_chr(const uint32_t *cp, size_t i, size_t e, uint32_t c)
{
#if WCHAR_MAX >= 0x10FFFF && WCHAR_MAX <= UINT32_MAX
    if (sizeof(wchar_t) == sizeof(uint32_t) && e - i >= 16) {
        const wchar_t *w = wmemchr((const wchar_t *)(cp + i), (wchar_t)c, e - i);
        return w ? (size_t)((const uint32_t *)w - cp) : e;
    }
#endif
    while (i < e && cp[i] != c)
        i++;
    return i;
}

/* First index in [a, b) where needle occurs, or NPOS. */
size_t find(const struct ctext *t, size_t a, size_t b, const char *needle)
{
    size_t nl = needle_len(needle);
    const unsigned char *p = (const unsigned char *)needle;
    uint32_t first = needle_next(&p);
    if (b > t->n)
        b = t->n;
    /* where the needle may start: [a, b - nl] */
    size_t e = b >= nl ? b - nl + 1 : 0;
    for (size_t i = a; i < e; i++) {
        i = cp_chr(t->cp, i, e, first);
        if (i < e && at(t, i, needle)) {
            t->ctx->steps += i - a + 1;
            return i;
        }
    }
    t->ctx->steps += b > a ? b - a : 0;
    return NPOS;
}

/* Last index in [a, b) where needle occurs, or NPOS. */
size_t rfind(const struct ctext *t, size_t a, size_t b, const char *needle)
{
    size_t nl = needle_len(needle);
    const unsigned char *p = (const unsigned char *)needle;
    uint32_t first = needle_next(&p);
    if (b > t->n)
        b = t->n;
    if (b < a + nl)
        return NPOS;
    for (size_t i = b - nl + 1; i-- > a;)
        if (t->cp[i] == first && at(t, i, needle)) {
            t->ctx->steps += b - i;
            return i;
        }
    t->ctx->steps += b - a;
    return NPOS;
}

/* Does cp[a..b) end with needle? */
int ends_with(const struct ctext *t, size_t a, size_t b, const char *needle)
{
    size_t k = strlen(needle);
    while (k > 0 && ((unsigned char)needle[k - 1] & 0xC0) == 0x80)
        k--;
    if (k == 0 || b <= a)
        return 0;
    const unsigned char *p = (const unsigned char *)needle + k - 1;
    if (t->cp[b - 1] != needle_next(&p))
        return 0;
    size_t nl = needle_len(needle);
    return b >= a + nl && at(t, b - nl, needle);
}

/* Index into t->lines of the line holding cp index i (binary search, so that
 * finders can ask for line bounds from anywhere without walking the line). */
static size_t line_no(const struct ctext *t, size_t i)
{
    size_t lo = 0;
    size_t hi = t->n_lines;
    while (hi - lo > 1) {
        t->ctx->steps++;
        size_t mid = lo + (hi - lo) / 2;
        if (t->lines[mid] <= i)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* First cp index of the line holding i. */
size_t line_start(const struct ctext *t, size_t i)
{
    return t->lines[line_no(t, i)];
}

/* Index of the '\n' ending the line holding i, or t->n on the last line. */
size_t line_end(const struct ctext *t, size_t i)
{
    if (i >= t->n)
        return t->n;
    size_t k = line_no(t, i);
    return k + 1 < t->n_lines ? t->lines[k + 1] - 1 : t->n;
}

/* Counts an allocation the parser is about to make. Returns 0, or -1 with the sticky
 * error set when it is the one a test asked to fail (letter_parse_probed). */
int pctx_alloc(struct pctx *c)
{
    c->allocs++;
    if (c->fail_at && c->allocs == c->fail_at) {
        c->err = -1;
        return -1;
    }
    return 0;
}

/* Keeps a failure (rc != 0) in the sticky error. Returns rc. */
int pctx_fail(struct pctx *c, int rc)
{
    if (rc)
        c->err = -1;
    return rc;
}

/* The LP_* bit of a string field of the letter being filled, 0 for another. */
static unsigned field_bit(const struct pctx *c, char **field)
{
    struct letter *l = c->l;
    char **const fields[] = {&l->body,       &l->level,  &l->region,     NULL, NULL,
                             &l->kind,       &l->number, &l->department, NULL, &l->title,
                             &l->doc_number, &l->date,   &l->category};
    for (unsigned i = 0; i < LP_NFIELDS; i++)
        if (fields[i] && fields[i] == field)
            return 1u << i;
    return 0;
}

/* Records that the field (an LP_* bit) was read at cp index pos. */
void note_read(const struct ctext *t, unsigned bit, size_t pos)
{
    for (unsigned i = 0; i < LP_NFIELDS; i++)
        if (bit == 1u << i) {
            t->ctx->read_at[i] = pos;
            t->ctx->by_rule &= ~bit;
        }
}

/* Copies cp[a..b) as written (the original bytes, white space at the ends trimmed)
 * into *field and notes where it was read. Returns 0, or -1 when out of memory
 * (kept in the sticky error). */
int set_field(char **field, const struct ctext *t, size_t a, size_t b)
{
    while (a < b && is_space(t->cp[a]))
        a++;
    while (b > a && is_space(t->cp[b - 1]))
        b--;
    if (a >= b)
        return 0;
    struct buf v = BUF_INIT;
    int rc = pctx_alloc(t->ctx) || span_add(t, &v, a, b) ||
             pctx_fail(t->ctx, letter_set(field, v.data, v.len));
    buf_release(&v);
    if (rc)
        return pctx_fail(t->ctx, -1);
    note_read(t, field_bit(t->ctx, field), a);
    return 0;
}

/* Appends cp[a..b) as written to out: the original bytes, less the spans a header
 * joined over its lines left out (t->gaps). Returns 0, or -1 when out of memory. */
int span_add(const struct ctext *t, struct buf *out, size_t a, size_t b)
{
    size_t p = t->off[a];
    size_t e = t->off[b];
    for (size_t k = 0; k < t->n_gaps && p < e; k++) {
        if (t->gaps[k][1] <= p || t->gaps[k][0] >= e)
            continue;
        if (t->gaps[k][0] > p && buf_add(out, t->s + p, t->gaps[k][0] - p))
            return -1;
        p = t->gaps[k][1];
    }
    return p < e ? buf_add(out, t->s + p, e - p) : 0;
}

/* Sets *field to s, a value read at cp index pos. Returns 0, or -1 when out of
 * memory (kept in the sticky error). */
int set_cstr(const struct ctext *t, char **field, const char *s, size_t pos)
{
    if (pctx_alloc(t->ctx) || pctx_fail(t->ctx, letter_set(field, s, strlen(s))))
        return -1;
    note_read(t, field_bit(t->ctx, field), pos);
    return 0;
}

/* Appends the proposer cp[a..b) as written, unless it is there (in constant
 * time); past LETTER_MAX_DELEGATES names it only counts them (names_over). Returns
 * 0, or -1 when out of memory (kept in the sticky error). */
int add_delegate(const struct ctext *t, struct letter *l, size_t a, size_t b)
{
    if (l->n_delegates >= LETTER_MAX_DELEGATES) {
        t->ctx->names_over++;
        return 0;
    }
    /* a name broken up by full stops to dodge filters ("严。文。斌", "王.小.明", a
     * surname set apart by a list's separator: "王、小明"), or by a line's end (a
     * salutation wrapped inside it), is the name */
    struct buf name = BUF_INIT;
    for (size_t i = a; i < b; i++)
        if (t->cp[i] != 0x3002 && t->cp[i] != '\n' && !broken_name_stop(t, a, i, b))
            span_add(t, &name, i, i + 1);
    int rc =
        pctx_alloc(t->ctx) || pctx_fail(t->ctx, buf_failed(&name) ? -1 : 0) ||
        pctx_fail(t->ctx, delegate_set_add(&t->ctx->names, l, name.data, name.len) < 0 ? -1 : 0);
    buf_release(&name);
    if (rc)
        return -1;
    if (l->n_delegates == 1)
        note_read(t, LP_DELEGATES, a);
    return 0;
}

/* The form patterns are matched in: full-width ASCII folded to ASCII, Traditional
 * to Simplified, 「」 to “”. One code point to one, so indexes still map to the original. */
static uint32_t match_form(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFEE0;
    /* the ideographic, no-break and other fixed-width blanks a page may use for
     * spaces (pages differ in which they keep) */
    if (c == 0x3000 || c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F)
        return ' ';
    if (c == 0x300C || c == 0x300E) /* 「 『: the quotes of traditional text */
        return c == 0x300C ? 0x201C : 0x2018;
    if (c == 0x300D || c == 0x300F)
        return c == 0x300D ? 0x201D : 0x2019;
    if (c >= 0x3400)
        return text_t2s(c);
    return c;
}

static int is_pinyin_letter(uint32_t c)
{
    static const uint16_t toned[] = {0xE0,  0xE1,  0xE8,  0xE9,  0xEC,  0xED,  0xF2,
                                     0xF3,  0xF9,  0xFA,  0xFC,  0x101, 0x113, 0x11B,
                                     0x12B, 0x144, 0x148, 0x14D, 0x16B, 0x1CE, 0x1D0,
                                     0x1D2, 0x1D4, 0x1D6, 0x1D8, 0x1DA, 0x1DC, 0x1F9};
    if (c >= 'a' && c <= 'z')
        return 1;
    for (size_t k = 0; k < sizeof toned / sizeof toned[0]; k++)
        if (c == toned[k])
            return 2;
    return 0;
}

/* Length in bytes of a pinyin annotation "(wèi)" at s[i] (a broken converter
 * appends one to a character: 衛(wèi)生), or 0 when there is none. */
size_t pinyin_annotation(const char *s, size_t len, size_t i)
{
    size_t p = i;
    uint32_t c = utf8_next(s, len, &p);
    if (c != '(' && c != 0xFF08)
        return 0;
    int letters = 0;
    int vowel = 0;
    while (p < len && letters <= 7) {
        c = utf8_next(s, len, &p);
        if (c == ')' || c == 0xFF09)
            return letters >= 1 && vowel ? p - i : 0;
        int k = is_pinyin_letter(c);
        if (!k)
            return 0;
        if (k == 2 || strchr("aeiouv", (int)c))
            vowel = 1;
        letters++;
    }
    return 0;
}

/* Does a session's number and 次 follow at i ("二次", "第三次", "人大四次")? */
static int session_follows(const struct ctext *t, size_t i)
{
    if (at(t, i, "人大") || at(t, i, "政协"))
        i += 2;
    if (at(t, i, "第"))
        i++;
    size_t s = i;
    while (i < t->n && i - s < 5 && is_num_char(t->cp[i]))
        i++;
    return i > s && at(t, i, "次");
}

/* Decodes s into t: code points in matching form (界 typed for 届 in a meeting's
 * name read as 届), their byte offsets, the line index. t keeps a pointer to s.
 * Returns 0, or -1 when out of memory (release t all the same). */
int ctext_init(struct ctext *t, const char *s, struct pctx *ctx)
{
    size_t len = strlen(s);
    t->ctx = ctx;
    t->s = s;
    t->n = 0;
    t->n_lines = 0;
    ctx->steps += len;
    if (pctx_alloc(ctx))
        return -1;
    t->cp = malloc((len + 1) * sizeof *t->cp);
    t->off = malloc((len + 1) * sizeof *t->off);
    t->lines = malloc((len + 2) * sizeof *t->lines);
    if (!t->cp || !t->off || !t->lines)
        return pctx_fail(ctx, -1);
    t->lines[t->n_lines++] = 0;
    size_t i = 0;
    while (i < len) {
        if (t->n && is_han(t->cp[t->n - 1]) && (s[i] == '(' || (unsigned char)s[i] == 0xEF)) {
            size_t a = pinyin_annotation(s, len, i);
            if (a) {
                i += a;
                continue;
            }
        }
        t->off[t->n] = i;
        uint32_t c = utf8_next(s, len, &i);
        t->cp[t->n++] = match_form(c);
        if (c == '\n')
            t->lines[t->n_lines++] = t->n;
    }
    t->off[t->n] = len;
    /* 界 typed for 届 in a meeting's name ("县政协十界二次全会", "十七界人大三次会议"):
     * read as 届 where a term's number stands before it and a session's number and 次
     * follow */
    for (size_t k = 1; k + 2 < t->n; k++)
        if (t->cp[k] == 0x754C && is_num_char(t->cp[k - 1]) && session_follows(t, k + 1))
            t->cp[k] = 0x5C4A;
    return 0;
}

/* Makes t's line index large enough for a line at every code point, before
 * ctext_relines counts lines that were not there. Returns 0, or -1 when out of
 * memory (kept in the sticky error; the index is as it was). */
int ctext_lines_room(struct ctext *t)
{
    if (pctx_alloc(t->ctx))
        return -1;
    size_t *lines = realloc(t->lines, (t->n + 2) * sizeof *lines);
    if (!lines)
        return pctx_fail(t->ctx, -1);
    t->lines = lines;
    return 0;
}

/* Indexes t's lines again from its code points' line ends, after a finder made
 * more of them (a table's cells read as lines); ctext_lines_room made the room. */
void ctext_relines(struct ctext *t)
{
    t->n_lines = 0;
    t->lines[t->n_lines++] = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->cp[i] == '\n')
            t->lines[t->n_lines++] = i + 1;
    t->ctx->steps += t->n;
}

/* Frees what ctext_init allocated; accepts a zeroed struct. */
void ctext_release(struct ctext *t)
{
    free(t->cp);
    free(t->off);
    free(t->lines);
    free(t->gaps);
}

int is_open_bracket(uint32_t c)
{
    return c == 0x3014 || c == '[' || c == '(' || c == 0xFE5D || c == 0x3010 || c == 0x3016;
}

int is_close_bracket(uint32_t c)
{
    return c == 0x3015 || c == ']' || c == ')' || c == 0xFE5E || c == 0x3011 || c == 0x3017;
}
