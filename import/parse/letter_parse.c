/*
 * letter_parse: reply letter text -> fields (see letter_parse.h).
 *
 * 1. The text is cleaned: HTML comments and stray tags out, entities decoded, line
 *    ends unified, lines trimmed, blank runs collapsed, spam lines of mirror sites
 *    dropped.
 * 2. It is decoded once into code points with their byte offsets. The code points
 *    are in a matching form (simplified, full-width ASCII folded, pinyin annotations
 *    "衛(wèi)" left out), so one pattern serves 委員/委员 and ：/:, while each field
 *    is still copied out of the original bytes exactly as written.
 * 3. Landmarks: the salutation, the header region before it (cut into blocks of
 *    non-paragraph lines), the opening sentence, the end of the letter (page chrome,
 *    a second copy of the page) and of the reply (a copy of the proposal after it).
 * 4. Field finders, each over a landmark's window. Every finder either scans a
 *    bounded window or makes one pass, which keeps the whole parse linear.
 */
#include "import/parse/letter_parse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "text/text.h"

struct ctext {
    const char *s; /* cleaned UTF-8 text */
    uint32_t *cp;  /* its code points in matching form (pinyin annotations left out) */
    size_t *off;   /* byte offset of cp[i] in s; off[n] = strlen(s) */
    size_t n;
    size_t *lines; /* cp index of each line's first character, ascending */
    size_t n_lines;
};

/* The letter's landmarks, as code point indexes into the cleaned text. */
struct marks {
    size_t start;          /* first character of the letter proper */
    size_t end;            /* one past its last character (page chrome after) */
    size_t reply_end;      /* end of the reply itself (a copy of the proposal may follow) */
    size_t sal;            /* start of the salutation, or NPOS */
    size_t sal_end;        /* after the salutation (its colon) */
    size_t name_a, name_b; /* the addressee's names, without 尊敬的 and the role word */
    int sal_kind;          /* SAL_PERSON, SAL_GROUP (a proposing body), SAL_DEPT */
    int role;              /* ROLE_DAIBIAO (人大), ROLE_WEIYUAN (政协) or 0 */
    size_t head_start;     /* start of the header region (at most HEAD_MAX before its end) */
    size_t head_end;       /* end of the header region */
    size_t (*blocks)[2];   /* the header region's runs of non-paragraph lines */
    size_t n_blocks;
    size_t open_a, open_b; /* the opening sentence ("您提出的《…》收悉") */
};

#define NPOS ((size_t)-1)

/* The header region is read at most this many characters back from the salutation
 * (the page above a letter is menus and trails), which bounds every finder there. */
#define HEAD_MAX 10000

/* ---- code point helpers ---- */

static int digit_val(uint32_t c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 0xFF10 && c <= 0xFF19)
        return (int)(c - 0xFF10);
    return -1;
}

/* Value of a Chinese numeral character, 10 for 十, -1 when it is none. */
static int cn_val(uint32_t c)
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

static int is_num_char(uint32_t c)
{
    return digit_val(c) >= 0 || (cn_val(c) >= 0 && c != 'O' && c != 0xFF2F);
}

/* Parses cp[a..b) as a number written in digits or Chinese numerals (十四, 二十一,
 * 一○五). Returns -1 when it is not one. */
static long parse_num(const struct ctext *t, size_t a, size_t b)
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

static int is_han(uint32_t c)
{
    return text_is_han(c) && c != 0x3007;
}

static int is_space(uint32_t c)
{
    return text_is_space(c);
}

static int is_colon(uint32_t c)
{
    return c == ':' || c == 0xFF1A;
}

/* Decodes the next code point of a needle: one of the parser's own string
 * literals, valid UTF-8 and NUL-terminated. */
static uint32_t needle_next(const unsigned char **p)
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
static int at(const struct ctext *t, size_t i, const char *needle)
{
    const unsigned char *p = (const unsigned char *)needle;
    size_t k = i;
    while (*p) {
        if (k >= t->n || t->cp[k] != needle_next(&p))
            return 0;
        k++;
    }
    return 1;
}

/* Length of a needle in code points. */
static size_t needle_len(const char *needle)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)needle; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}

/* First index in [a, b) where needle occurs, or NPOS. */
static size_t find(const struct ctext *t, size_t a, size_t b, const char *needle)
{
    size_t nl = needle_len(needle);
    const unsigned char *p = (const unsigned char *)needle;
    uint32_t first = needle_next(&p);
    if (b > t->n)
        b = t->n;
    for (size_t i = a; i + nl <= b; i++)
        if (t->cp[i] == first && at(t, i, needle))
            return i;
    return NPOS;
}

/* Last index in [a, b) where needle occurs, or NPOS. */
static size_t rfind(const struct ctext *t, size_t a, size_t b, const char *needle)
{
    size_t nl = needle_len(needle);
    const unsigned char *p = (const unsigned char *)needle;
    uint32_t first = needle_next(&p);
    if (b > t->n)
        b = t->n;
    if (b < a + nl)
        return NPOS;
    for (size_t i = b - nl + 1; i-- > a;)
        if (t->cp[i] == first && at(t, i, needle))
            return i;
    return NPOS;
}

/* Does cp[a..b) end with needle? */
static int ends_with(const struct ctext *t, size_t a, size_t b, const char *needle)
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
        size_t mid = lo + (hi - lo) / 2;
        if (t->lines[mid] <= i)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* First cp index of the line holding i. */
static size_t line_start(const struct ctext *t, size_t i)
{
    return t->lines[line_no(t, i)];
}

/* Index of the '\n' ending the line holding i, or t->n on the last line. */
static size_t line_end(const struct ctext *t, size_t i)
{
    if (i >= t->n)
        return t->n;
    size_t k = line_no(t, i);
    return k + 1 < t->n_lines ? t->lines[k + 1] - 1 : t->n;
}

/* Copies cp[a..b) as written (the original bytes, white space at the ends trimmed)
 * into *field. Returns 0, or -1 when out of memory. */
static int set_field(char **field, const struct ctext *t, size_t a, size_t b)
{
    while (a < b && is_space(t->cp[a]))
        a++;
    while (b > a && is_space(t->cp[b - 1]))
        b--;
    if (a >= b)
        return 0;
    return letter_set(field, t->s + t->off[a], t->off[b] - t->off[a]);
}

static int set_cstr(char **field, const char *s)
{
    return letter_set(field, s, strlen(s));
}

/* ---- cleaning ---- */

/* Decodes an HTML character reference at s[i] ("&nbsp;", "&#20320;", "&#x4F60;")
 * left over from a page. Returns its length in bytes with *cp set, or 0. */
static size_t html_entity(const char *s, size_t len, size_t i, uint32_t *cp)
{
    static const struct {
        const char *name;
        uint32_t cp;
    } named[] = {{"&nbsp;", ' '},     {"&ensp;", ' '},    {"&emsp;", ' '},    {"&amp;", '&'},
                 {"&lt;", '<'},       {"&gt;", '>'},      {"&quot;", '"'},    {"&ldquo;", 0x201C},
                 {"&rdquo;", 0x201D}, {"&middot;", 0xB7}, {"&mdash;", 0x2014}};
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        size_t nl = strlen(named[k].name);
        if (i + nl <= len && !memcmp(s + i, named[k].name, nl)) {
            *cp = named[k].cp;
            return nl;
        }
    }
    if (i + 3 >= len || s[i + 1] != '#')
        return 0;
    size_t p = i + 2;
    int hex = s[p] == 'x' || s[p] == 'X';
    if (hex)
        p++;
    uint32_t v = 0;
    size_t digits = 0;
    while (p < len && digits < 7) {
        char c = s[p];
        int d = c >= '0' && c <= '9'          ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (d < 0)
            break;
        v = v * (hex ? 16 : 10) + (uint32_t)d;
        digits++;
        p++;
    }
    if (!digits || p >= len || s[p] != ';' || v == 0 || v > 0x10FFFF ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return p + 1 - i;
}

/* Length in bytes of a stray HTML tag at s[i] ("<p>", "</span>", "<br />"), or 0.
 * Only a '<' directly followed by a tag name counts, closed within the line. */
static size_t html_tag(const char *s, size_t len, size_t i)
{
    size_t p = i + 1;
    if (p < len && s[p] == '/')
        p++;
    if (p >= len || !((s[p] >= 'a' && s[p] <= 'z') || (s[p] >= 'A' && s[p] <= 'Z')))
        return 0;
    size_t name = p;
    while (p < len && ((s[p] >= 'a' && s[p] <= 'z') || (s[p] >= 'A' && s[p] <= 'Z') ||
                       (s[p] >= '0' && s[p] <= '9') || s[p] == ':'))
        p++;
    if (p - name > 10)
        return 0;
    for (size_t k = p; k < len && k - i < 300; k++) {
        if (s[k] == '\n' || s[k] == '<')
            return 0;
        if (s[k] == '>')
            return (k == p || s[p] == ' ' || s[p] == '/' || s[p] == '\t') ? k + 1 - i : 0;
    }
    return 0;
}

/* Words of the spam mirror sites inject (gambling sites, fake invoices),
 * simplified and traditional: a short line holding one is not part of any letter. */
static const char *const spam_words[] = {
    "娱乐城",       "娛樂城",   "真人娱乐", "真人娛樂", "百家乐",     "百家樂",
    "时时彩",       "時時彩",   "北京赛车", "北京賽車", "六合彩",     "葡京",
    "威尼斯人",     "注册送",   "註冊送",   "开户送",   "開戶送",     "首存",
    "彩金",         "一分快三", "皇冠体育", "皇冠體育", "转载请注明", "轉載請註明",
    "更多精彩内容", "pk10",     "PK10",     "bet365",   NULL};

/* Words a letter may hold too ("关于加强棋牌室管理的建议", "打击网络赌博"): spam only
 * on a line that also advertises (a web address, 官网, 入口, 下载). */
static const char *const spam_words_weak[] = {
    "代开发票", "代開發票", "棋牌",     "博彩",     "赌场",     "賭場",
    "赌博",     "賭博",     "网赌",     "網賭",     "老虎机",   "老虎機",
    "体育投注", "體育投注", "足球投注", "电子游艺", "電子遊藝", NULL};
static const char *const spam_ad_words[] = {"http", "www.", ".com", ".net", ".vip", "官网",
                                            "官網", "入口", "下载", "下載", NULL};

static int holds_any(const char *s, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (strstr(s, words[k]))
            return 1;
    return 0;
}

/* Is the (trimmed) line spam injected by a mirror site? A short line with a spam
 * word, or a line that is a web address of a non-government site and little else. */
static int is_spam_line(const char *s, size_t len)
{
    if (len < 4 || len > 400)
        return 0;
    char tmp[401];
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    if (holds_any(tmp, spam_words) ||
        (holds_any(tmp, spam_words_weak) && holds_any(tmp, spam_ad_words)))
        return 1;
    int url = strstr(tmp, "http://") || strstr(tmp, "https://") || strstr(tmp, "www.");
    if (!url || strstr(tmp, "gov") || strchr(tmp, '@'))
        return 0;
    /* a web address with fewer than 8 Han characters around it */
    size_t p = 0;
    int han = 0;
    while (p < len) {
        uint32_t c = utf8_next(s, len, &p);
        if (is_han(c))
            han++;
    }
    return han < 8;
}

/* Appends one raw line to out, cleaned: stray tags out, entities decoded, trimmed.
 * Blank lines collapse to one; spam lines are dropped. */
static int clean_line(const char *s, size_t len, struct buf *out, struct buf *line, int *blank_run)
{
    buf_clear(line);
    int rc = 0;
    for (size_t i = 0; i < len && !rc;) {
        uint32_t cp = 0;
        size_t tag = s[i] == '<' ? html_tag(s, len, i) : 0;
        size_t ent = s[i] == '&' ? html_entity(s, len, i, &cp) : 0;
        if (tag) {
            i += tag;
            continue;
        }
        if (ent) {
            rc = buf_add_cp(line, cp);
            i += ent;
            continue;
        }
        if (s[i] != '\0')
            rc = buf_addch(line, s[i]);
        i++;
    }
    if (rc)
        return rc;
    /* trim: ASCII space, tab, NBSP, U+3000, BOM */
    size_t a = 0;
    size_t b = line->len;
    while (a < b) {
        size_t p = a;
        if (!is_space(utf8_next(line->data, b, &p)))
            break;
        a = p;
    }
    while (b > a) {
        size_t k = b - 1;
        while (k > a && ((unsigned char)line->data[k] & 0xC0) == 0x80)
            k--;
        size_t p = k;
        if (!is_space(utf8_next(line->data, b, &p)))
            break;
        b = k;
    }
    if (a == b) {
        if (!*blank_run && out->len)
            rc = buf_addch(out, '\n');
        *blank_run = 1;
        return rc;
    }
    if (is_spam_line(line->data + a, b - a))
        return 0;
    *blank_run = 0;
    rc = buf_add(out, line->data + a, b - a);
    if (!rc)
        rc = buf_addch(out, '\n');
    return rc;
}

/* HTML comments out (an unclosed one ends at its line's end), CR LF and CR -> LF,
 * each line cleaned by clean_line, trailing blank lines dropped. */
static int clean_text(const char *s, size_t len, struct buf *out)
{
    struct buf raw = BUF_INIT;
    struct buf line = BUF_INIT;
    int blank_run = 0;
    int rc = 0;
    size_t i = 0;
    size_t ls = 0;
    int unclosed = 0; /* no "-->" after the last comment: none to look for again */
    while (i < len && !rc) {
        if (s[i] == '<' && i + 4 <= len && !memcmp(s + i, "<!--", 4)) {
            size_t k = i + 4;
            size_t nl = NPOS;
            while (k < len && (unclosed ? nl == NPOS : k + 3 > len || memcmp(s + k, "-->", 3))) {
                if (nl == NPOS && (s[k] == '\n' || s[k] == '\r'))
                    nl = k;
                k++;
            }
            if (!unclosed && k + 3 <= len) {
                i = k + 3;
                continue;
            }
            unclosed = 1;
            i = nl != NPOS ? nl : len;
            continue;
        }
        if (s[i] == '\r' || s[i] == '\n') {
            rc = clean_line(raw.data + ls, raw.len - ls, out, &line, &blank_run);
            buf_clear(&raw);
            ls = 0;
            i += s[i] == '\r' && i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
            continue;
        }
        size_t run = i;
        while (run < len && s[run] != '\r' && s[run] != '\n' && s[run] != '<')
            run++;
        if (run == i)
            run++;
        rc = buf_add(&raw, s + i, run - i);
        i = run;
    }
    if (!rc && raw.len)
        rc = clean_line(raw.data, raw.len, out, &line, &blank_run);
    buf_release(&raw);
    buf_release(&line);
    while (!rc && out->len && out->data[out->len - 1] == '\n')
        buf_truncate(out, out->len - 1);
    return rc;
}

/* The form patterns are matched in: full-width ASCII folded to ASCII, Traditional
 * to Simplified, 「」 to “”. One code point to one, so indexes still map to the original. */
static uint32_t match_form(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFEE0;
    if (c == 0x3000)
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
static size_t pinyin_annotation(const char *s, size_t len, size_t i)
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

/* Decodes s into t: code points in matching form, their byte offsets, the line
 * index. t keeps a pointer to s. Returns 0, or -1 when out of memory (release t
 * all the same). */
static int ctext_init(struct ctext *t, const char *s)
{
    size_t len = strlen(s);
    t->s = s;
    t->n = 0;
    t->n_lines = 0;
    t->cp = malloc((len + 1) * sizeof *t->cp);
    t->off = malloc((len + 1) * sizeof *t->off);
    t->lines = malloc((len + 2) * sizeof *t->lines);
    if (!t->cp || !t->off || !t->lines)
        return -1;
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
    return 0;
}

/* Frees what ctext_init allocated; accepts a zeroed struct. */
static void ctext_release(struct ctext *t)
{
    free(t->cp);
    free(t->off);
    free(t->lines);
}

/* ---- line classes ---- */

/* Lines of page chrome after the letter, matched at a line start: the letter
 * ends before the first of them. */
static const char *const chrome_after[] = {
    "相关阅读",   "版权声明", "上一篇",   "下一篇",   "上一条",   "下一条",       "上一个",
    "下一个",     "主办单位", "主办:",    "承办:",    "扫一扫",   "扫描二维码",   "责任编辑",
    "【关闭",     "[关闭",    "最新内容", "热点内容", "【打印",   "[打印",        "打印本页",
    "打印此页",   "分享到",   "网站地图", "版权所有", "当前位置", "您的当前位置", "您所在的位置",
    "相关链接",   "相关文章", "附件下载", "【字体",   "返回顶部", "网站标识码",   "网站声明",
    "用手机扫描", "手机扫码", NULL};

/* Chrome words a sentence of the letter may also start with ("关闭了3家…", "技术
 *支持方面…"): chrome only on a short line of their own. */
static const char *const chrome_after_short[] = {"关闭",     "技术支持", "联系我们", "相关新闻",
                                                 "相关信息", "编辑:",    NULL};

/* The same, matched anywhere in a short line (footers run several items together). */
static const char *const chrome_after_any[] = {"版权所有", "ICP备",      "Copyright", "copyright",
                                               "公网安备", "网站标识码", "主办单位:", NULL};

/* Chrome a flattened page runs into the letter's last line ("… 2024年6月17日 |
 * 相关阅读 版权声明…"): cut where one follows white space or '|'. */
static const char *const chrome_inline[] = {
    "相关阅读", "版权声明", "上一篇",   "下一篇",   "上一条",   "下一条",   "主办单位",
    "版权所有", "扫一扫",   "责任编辑", "打印本页", "网站地图", "返回顶部", "分享到",
    "【关闭",   "【打印",   "相关链接", "相关文章", NULL};

/* Meta lines of the page above and around the header, left out of the text. */
static const char *const chrome_meta[] = {
    "发布时间",     "发布日期",     "来源:",    "信息来源", "字号",     "字体",
    "浏览次数",     "阅读次数",     "访问次数", "点击数",   "分享到",   "当前位置",
    "您的当前位置", "您所在的位置", "所在位置", "首页",     "更新时间", "文章播报",
    "今天是",       "欢迎访问",     "无障碍",   "作者:",    "时间:",    NULL};

/* Lines that follow the sign-off (contacts, distribution, filing words): never the
 * department, and their dates are not the signing date. */
static const char *const trailer_words[] = {
    "抄送", "抄报", "送:",   "报:",   "主送",     "主题词",   "印发", "联系人", "联系电话",
    "电话", "承办", "经办",  "签发",  "领导",     "校对",     "核稿", "附件",   "传真",
    "邮编", "地址", "(联系", "(此件", "公开方式", "公开属性", "注:",  NULL};

/* Words that open a copy of the original proposal placed after the reply (after
 * 附:, 【 and a 代表/委员 prefix). */
static const char *const proposal_marks[] = {
    "建议原文", "提案原文", "议案原文", "原建议", "原提案", "原议案", "原文",  "原件",
    "建议内容", "提案内容", "议案内容", "案由",   "建议:",  "提案:",  "议案:", NULL};

/* Does one of the NULL-terminated words occur at ls? */
static int line_starts_with_any(const struct ctext *t, size_t ls, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (at(t, ls, words[k]))
            return 1;
    return 0;
}

/* Does one of the NULL-terminated words occur in [a, b)? */
static int has_any(const struct ctext *t, size_t a, size_t b, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (find(t, a, b, words[k]) != NPOS)
            return 1;
    return 0;
}

/* A sentence of running text (a paragraph), not a header, form or sign-off line:
 * the segment holds a full stop or a semicolon. */
static int is_paragraph(const struct ctext *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (t->cp[i] == 0x3002 || t->cp[i] == ';')
            return 1;
    return 0;
}

/* A navigation trail: "首页 > 政务公开 > …", a short line with two or more
 * separators (a '/' between digits is a date's) that names no meeting. */
static int is_breadcrumb(const struct ctext *t, size_t a, size_t b)
{
    if (b - a > 100 || find(t, a, b, "届") != NPOS)
        return 0; /* long, or naming a meeting: a flattened header, not a trail */
    int seps = 0;
    for (size_t i = a; i < b && seps < 2; i++) {
        uint32_t c = t->cp[i];
        if (c == '/' && i > a && i + 1 < b && digit_val(t->cp[i - 1]) >= 0 &&
            digit_val(t->cp[i + 1]) >= 0)
            continue;
        if (c == '>' || c == 0xBB || c == '/' || c == 0x203A || c == '|')
            seps++;
    }
    return seps >= 2;
}

/* A line of the letter's tail that is not the sign-off: 抄送, 联系人, … 印发. */
static int is_trailer_line(const struct ctext *t, size_t ls, size_t le)
{
    size_t a = ls;
    while (a < le && (is_space(t->cp[a]) || t->cp[a] == '(' || t->cp[a] == '['))
        a++;
    return line_starts_with_any(t, a, trailer_words) ||
           line_starts_with_any(t, ls, trailer_words) || ends_with(t, ls, le, "印发");
}

/* ---- organisations and names ---- */

/* Last token of cp[a..b) after white space or a full stop (a flattened sign-off). */
static size_t last_token(const struct ctext *t, size_t a, size_t b)
{
    size_t s = b;
    while (s > a && !is_space(t->cp[s - 1]) && t->cp[s - 1] != 0x3002 && b - s < 40)
        s--;
    return s;
}

static const char *const org_suffix[] = {
    "委员会", "人民政府", "办公室", "政府", "管委会", "中心", "海关", "公司", "支部", "集团",
    "局",     "厅",       "委",     "办",   "院",     "所",   "站",   "队",   "部",   "会",
    "署",     "处",       "行",     "馆",   "社",     "党",   "团",   "校",   NULL};

static int ends_with_org(const struct ctext *t, size_t a, size_t b)
{
    if (ends_with(t, a, b, "网站") || ends_with(t, a, b, "网"))
        return 0;
    for (int k = 0; org_suffix[k]; k++)
        if (ends_with(t, a, b, org_suffix[k]))
            return 1;
    return 0;
}

/* Proposing groups: parties, federations, CPPCC committees and sectors,
 * delegations. */
static const char *const group_words[] = {
    "致公党", "民盟",   "民进", "民革", "民建", "农工党",   "九三学社", "台盟",
    "工商联", "政协",   "党派", "小组", "界别", "联组",     "总工会",   "妇联",
    "共青团", "代表团", "青联", "科协", "侨联", "民主党派", NULL};

static int is_group(const struct ctext *t, size_t a, size_t b)
{
    return has_any(t, a, b, group_words);
}

/* An organisation's name alone: 3 to 30 Han characters (brackets allowed) ending in
 * an organisation word (局, 厅, 委员会, 人民政府 …). */
static int plausible_org(const struct ctext *t, size_t a, size_t b)
{
    while (a < b && is_space(t->cp[a]))
        a++;
    while (b > a && is_space(t->cp[b - 1]))
        b--;
    if (b <= a || b - a < 3 || b - a > 30)
        return 0;
    for (size_t i = a; i < b; i++)
        if (!is_han(t->cp[i]) && t->cp[i] != '(' && t->cp[i] != ')')
            return 0;
    /* words of a sentence, not of a name ("请继续关注我局") */
    static const char *const sentence_words[] = {"我",   "您",   "你",   "请",   "感谢",
                                                 "谢谢", "希望", "欢迎", "关注", "如有",
                                                 "以上", "此致", "的",   NULL};
    return ends_with_org(t, a, b) && !has_any(t, a, b, sentence_words);
}

/* Start of the name before the salutation's role word: back over Han characters,
 * the separators of a list of names, and digits of a count, at most 400. */
static size_t name_start(const struct ctext *t, size_t ls, size_t b)
{
    size_t a = b;
    while (a > ls && b - a < 400) {
        uint32_t c = t->cp[a - 1];
        if (is_han(c) || c == 0x3001 /* 、 */ || c == ',' || c == 0xB7 || c == 0x30FB ||
            c == 0x2027 || digit_val(c) >= 0 ||
            (c == ' ' && a == b && a - 1 > ls && is_han(t->cp[a - 2])))
            a--;
        else
            break;
    }
    return a;
}

/* Names written apart by spaces ("张三 李四 王五代表:"): when everything from the
 * line start to a is names of 2 to 4 Han characters, each followed by one space,
 * the list starts at the line start. Returns the list's start (a when it is not). */
static size_t spaced_names_start(const struct ctext *t, size_t ls, size_t a)
{
    if (a <= ls || t->cp[a - 1] != ' ' || a - ls > 200)
        return a;
    size_t run = 0;
    for (size_t i = ls; i < a; i++) {
        if (t->cp[i] == ' ') {
            if (run < 2 || run > 4)
                return a;
            run = 0;
        } else if (is_han(t->cp[i])) {
            run++;
        } else {
            return a;
        }
    }
    return run == 0 ? ls : a;
}

/* ---- landmarks ---- */

enum { SAL_PERSON = 1, SAL_GROUP, SAL_DEPT };
enum { ROLE_DAIBIAO = 1, ROLE_WEIYUAN };

/* Words that end a salutation before its colon, longest first. */
static const struct {
    const char *word;
    int role;
} sal_suffix[] = {{"代表您好", ROLE_DAIBIAO},
                  {"委员您好", ROLE_WEIYUAN},
                  {"同志您好", 0},
                  {"代表们", ROLE_DAIBIAO},
                  {"委员们", ROLE_WEIYUAN},
                  {"代表", ROLE_DAIBIAO},
                  {"委员", ROLE_WEIYUAN},
                  {"同志", 0},
                  {"先生", 0},
                  {"女士", 0},
                  {NULL, 0}};

/* Words that cannot be part of an addressee's name: the colon ends a sentence. */
static const char *const not_name[] = {"的",   "提出", "关于", "感谢", "如下", "答复",
                                       "办理", "我们", "现将", "并",   "领衔", "附议",
                                       "联名", "姓名", "人大", "政协", NULL};
/* The same for an organisation addressed (政协 belongs in a committee's name). */
static const char *const not_org[] = {"的",   "提出", "关于", "感谢", "如下", "答复",
                                      "办理", "我们", "现将", "并",   NULL};

/* Sets the addressee span from cp[a..b) (the salutation without its colon and role
 * word): strips 尊敬的 and a leading 致. */
static void set_addressee(const struct ctext *t, struct marks *m, size_t a, size_t b, int kind,
                          int role)
{
    if (at(t, a, "尊敬的"))
        a += 3;
    /* "致张三代表:" addresses 张三 (but 致公党 is a name) */
    if (kind == SAL_PERSON && at(t, a, "致") && !at(t, a, "致公") && b >= a + 3)
        a++;
    m->name_a = a;
    m->name_b = b;
    m->sal_kind = kind;
    m->role = role;
}

/* The body a proposing group belongs to: a delegation (代表团) proposes to the
 * congress; parties, federations and CPPCC committees propose to the CPPCC. A
 * department addressed says nothing (0). */
static int group_role(const struct ctext *t, const struct marks *m, size_t a, size_t b)
{
    if (m->sal_kind != SAL_GROUP && find(t, a, b, "政协") == NPOS)
        return 0;
    return find(t, a, b, "代表") != NPOS ? ROLE_DAIBIAO : ROLE_WEIYUAN;
}

/* Finds the salutation "NAME代表:" and its variants, or an organisation addressed
 * ("致公党广州市委员会:" a proposing group, "省教育厅:" the department that leads
 * the reply). */
static void find_salutation(const struct ctext *t, struct marks *m)
{
    m->sal = NPOS;
    m->sal_end = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (!is_colon(t->cp[i]))
            continue;
        size_t ls = line_start(t, i);
        size_t b = i;
        while (b > ls && t->cp[b - 1] == ' ')
            b--;
        for (int k = 0; sal_suffix[k].word; k++) {
            if (!ends_with(t, ls, b, sal_suffix[k].word))
                continue;
            size_t sb = b - needle_len(sal_suffix[k].word);
            size_t a = name_start(t, ls, sb);
            a = spaced_names_start(t, ls, a);
            size_t na = at(t, a, "尊敬的") ? a + 3 : a;
            if (sb < na + 2 || has_any(t, na, sb, not_name))
                break;
            m->sal = a;
            m->sal_end = i + 1;
            set_addressee(t, m, a, sb, SAL_PERSON, sal_suffix[k].role);
            while (m->name_b > m->name_a && t->cp[m->name_b - 1] == ' ')
                m->name_b--;
            return;
        }
        size_t a = name_start(t, ls, b);
        if (a == ls && b - a >= 3 && b - a <= 30 && plausible_org(t, a, b) && i < t->n / 2 &&
            !has_any(t, a, b, not_org)) {
            m->sal = a;
            m->sal_end = i + 1;
            set_addressee(t, m, a, b, is_group(t, a, b) ? SAL_GROUP : SAL_DEPT, 0);
            m->role = group_role(t, m, a, b);
            return;
        }
    }
}

/* Role word right after the names at i: 代表 / 委员, or 0. */
static int role_at(const struct ctext *t, size_t i, size_t *after)
{
    if (at(t, i, "代表")) {
        *after = i + 2;
        return ROLE_DAIBIAO;
    }
    if (at(t, i, "委员")) {
        *after = i + 2;
        return ROLE_WEIYUAN;
    }
    return 0;
}

/* Without a colon salutation: a line that opens the letter naming the proposers
 * ("任木兰、徐文良等代表提出的17号代表建议:…", "张三代表提出的…") or a proposer's
 * name alone on a line above the first paragraph ("致公党广州市委员会"). */
static void find_salutation_fallback(const struct ctext *t, struct marks *m)
{
    size_t ls = m->start;
    for (int lines = 0; lines < 20 && ls < t->n; lines++) {
        size_t le = line_end(t, ls);
        if (le - ls >= 4 && !line_starts_with_any(t, ls, chrome_meta)) {
            size_t a = ls;
            if (at(t, a, "尊敬的"))
                a += 3;
            /* names, then 等/等N位, then the role word, then 提出/在/领衔/联名 */
            size_t e = a;
            while (
                e < le && e - a < 400 &&
                (is_han(t->cp[e]) || t->cp[e] == 0x3001 || t->cp[e] == ',' || t->cp[e] == 0xB7) &&
                !at(t, e, "代表") && !at(t, e, "委员"))
                e++;
            size_t after = 0;
            int role = e < le ? role_at(t, e, &after) : 0;
            size_t seg = 0;
            size_t longest = 0;
            for (size_t i = a; i < e; i++) {
                seg = t->cp[i] == 0x3001 || t->cp[i] == ',' ? 0 : seg + 1;
                if (seg > longest)
                    longest = seg;
            }
            if (role && e - a >= 2 && longest <= 6 && !has_any(t, a, e, not_name) &&
                (at(t, after, "提出") || at(t, after, "在") || at(t, after, "领衔") ||
                 at(t, after, "联名") || at(t, after, "们"))) {
                m->sal = ls;
                m->sal_end = after;
                set_addressee(t, m, a, e, SAL_PERSON, role);
                return;
            }
            /* a name alone, the next line a paragraph that starts with it or with 您 */
            size_t nx = le + 1;
            while (nx < t->n && t->cp[nx] == '\n')
                nx++;
            size_t nle = line_end(t, nx);
            if (le - ls <= 30 && nx < t->n && nle - nx >= 30 && !is_paragraph(t, ls, le)) {
                size_t b = le;
                int r = 0;
                if (ends_with(t, ls, b, "代表") || ends_with(t, ls, b, "委员")) {
                    r = ends_with(t, ls, b, "代表") ? ROLE_DAIBIAO : ROLE_WEIYUAN;
                    b -= 2;
                }
                int all_han = 1;
                for (size_t i = a; i < b; i++)
                    if (!is_han(t->cp[i]) && t->cp[i] != 0x3001)
                        all_han = 0;
                size_t nl = b - a;
                int opens = at(t, nx, "您") || at(t, nx, "你") || at(t, nx, "贵") ||
                            (nl <= nle - nx && !memcmp(t->cp + nx, t->cp + a, nl * sizeof *t->cp));
                int org = plausible_org(t, a, b) && is_group(t, a, b);
                if (all_han && nl >= 2 && opens && (r || org) &&
                    !has_any(t, a, b, r ? not_name : not_org)) {
                    m->sal = ls;
                    m->sal_end = le;
                    set_addressee(t, m, a, b, org && !r ? SAL_GROUP : SAL_PERSON, r);
                    if (!r)
                        m->role = group_role(t, m, a, b);
                    return;
                }
            }
        }
        if (le >= t->n)
            break;
        if (lines > 0 && is_paragraph(t, ls, le))
            break;
        ls = le + 1;
    }
}

static const char *const header_words[] = {"答复",     "复函",     "回复",     "办理意见",
                                           "会办意见", "协办意见", "办理情况", "答 复",
                                           "答  复",   "办理结果", "的函",     NULL};

static int is_open_bracket(uint32_t c);
static size_t at_label(const struct ctext *t, size_t i, size_t b, const char *label);
static int doc_number_at(const struct ctext *t, size_t a, size_t b, size_t i, size_t *ps_out,
                         size_t *e_out);

/* A line that reads as (part of) the letter's header: a header word, a meeting,
 * a doc number, or a proposal reference; never page meta, a trail or a paragraph. */
static int is_header_line(const struct ctext *t, size_t ls, size_t le)
{
    if (line_starts_with_any(t, ls, chrome_meta) || is_breadcrumb(t, ls, le) ||
        is_paragraph(t, ls, le))
        return 0;
    /* the page's index block (索 引 号, 公开日期, 发布机构) is page chrome; its
     * 信息名称 line may repeat the header (and is read as one) or hold only the
     * doc number (and is not) */
    static const char *const index_labels[] = {"索引号", "公开日期", "发布机构", NULL};
    for (int k = 0; index_labels[k]; k++)
        if (at_label(t, ls, le, index_labels[k]) != NPOS)
            return 0;
    int info_name = at_label(t, ls, le, "信息名称") != NPOS;
    if (has_any(t, ls, le, header_words) || find(t, ls, le, "届") != NPOS ||
        find(t, ls, le, "〔") != NPOS || find(t, ls, le, "﹝") != NPOS)
        return 1;
    /* a doc number in other brackets: 川交函[2020]113号, 桃民发(2015)123号 */
    for (size_t i = ls; !info_name && i + 6 < le; i++) {
        size_t ps = 0;
        size_t e = 0;
        if (is_open_bracket(t->cp[i]) && doc_number_at(t, ls, le, i, &ps, &e))
            return 1;
    }
    static const char *const kinds_[] = {"建议", "提案", "议案", NULL};
    return has_any(t, ls, le, kinds_) &&
           (find(t, ls, le, "关于") != NPOS || find(t, ls, le, "号") != NPOS);
}

/* Does [a, b) hold the body of a letter: its opening (收悉) or 100 characters of
 * running text, counted on from *n? A page's title and meta lines do not. */
static int holds_body(const struct ctext *t, size_t a, size_t b, size_t *np)
{
    if (find(t, a, b, "收悉") != NPOS)
        return 1;
    size_t n = *np;
    for (size_t ls = a; ls < b;) {
        size_t le = line_end(t, ls);
        if (le > b)
            le = b;
        if (is_paragraph(t, ls, le))
            n += le - ls;
        ls = le + 1;
    }
    *np = n;
    return n >= 100;
}

/* The end of the letter: the first line of page chrome after `from`, or the start
 * of a second copy of the page. A copy of the first line counts only when the
 * body lies between the two: the page's title repeats the letter's header line,
 * and the first copy is then the title, the second the letter's own header. */
static void find_end(const struct ctext *t, struct marks *m, size_t from)
{
    m->end = t->n;
    size_t first_le = line_end(t, m->start);
    size_t sal_ls = m->sal != NPOS ? line_start(t, m->sal) : NPOS;
    size_t sal_le = m->sal != NPOS ? line_end(t, m->sal) : NPOS;
    /* body seen since the start, kept up line by line (linear) */
    size_t body_n = 0;
    int body = holds_body(t, m->start, line_end(t, from), &body_n);
    for (size_t ls = line_end(t, from); ls < t->n;) {
        ls++; /* past '\n' */
        if (ls >= t->n)
            break;
        size_t le = line_end(t, ls);
        int dup = le > ls && ((le - ls == first_le - m->start &&
                               !memcmp(t->cp + ls, t->cp + m->start, (le - ls) * sizeof *t->cp)) ||
                              (sal_ls != NPOS && ls > sal_ls && le - ls == sal_le - sal_ls &&
                               !memcmp(t->cp + ls, t->cp + sal_ls, (le - ls) * sizeof *t->cp)));
        if (dup && !body)
            dup = 0;
        if (dup || (line_starts_with_any(t, ls, chrome_after) && !is_paragraph(t, ls, le)) ||
            (le - ls <= 16 && line_starts_with_any(t, ls, chrome_after_short)) ||
            (le - ls < 200 && has_any(t, ls, le, chrome_after_any))) {
            m->end = ls;
            break;
        }
        if (!body)
            body = holds_body(t, ls, le, &body_n);
        ls = le;
    }
    for (int k = 0; chrome_inline[k]; k++)
        for (size_t i = find(t, from, m->end, chrome_inline[k]); i != NPOS;
             i = find(t, i + 1, m->end, chrome_inline[k]))
            if (i > 0 && (t->cp[i - 1] == ' ' || t->cp[i - 1] == '|')) {
                m->end = i;
                break;
            }
    /* A flattened page ends the letter with " |". */
    while (m->end > m->start && (is_space(t->cp[m->end - 1]) || t->cp[m->end - 1] == '|'))
        m->end--;
    /* The reply itself ends before a copy of the proposal placed after it. */
    m->reply_end = m->end;
    for (size_t ls = line_end(t, from); ls < m->end;) {
        ls++;
        if (ls >= m->end)
            break;
        size_t le = line_end(t, ls);
        size_t a = ls;
        while (a < le &&
               (t->cp[a] == 0x3010 || t->cp[a] == '[' || at(t, a, "附") || is_colon(t->cp[a]) ||
                t->cp[a] == ' ' || at(t, a, "件") || digit_val(t->cp[a]) >= 0))
            a++;
        int appendix = a > ls && at(t, ls, "附");
        static const char *const who[] = {"人大代表", "政协委员", "代表", "委员", NULL};
        for (int k = 0; who[k]; k++)
            if (at(t, a, who[k])) {
                a += needle_len(who[k]);
                break;
            }
        static const char *const kinds_[] = {"建议", "提案", "议案", NULL};
        if (le - ls <= 40 && (line_starts_with_any(t, a, proposal_marks) ||
                              (appendix && has_any(t, a, le, kinds_)))) {
            m->reply_end = ls;
            break;
        }
        ls = le;
    }
}

/* Appends the header region's blocks (runs of non-paragraph, non-trail lines in
 * [a, b)) to m->blocks. */
static int find_blocks(const struct ctext *t, struct marks *m, size_t a, size_t b)
{
    size_t bs = NPOS;
    for (size_t ls = a; ls < b;) {
        size_t le = line_end(t, ls);
        if (le > b)
            le = b;
        int ok = !is_paragraph(t, ls, le) && !is_breadcrumb(t, ls, le);
        if (ok && bs == NPOS)
            bs = ls;
        if (!ok && bs != NPOS) {
            if (m->n_blocks % 16 == 0) {
                size_t(*nb)[2] = realloc(m->blocks, (m->n_blocks + 16) * sizeof *nb);
                if (!nb)
                    return -1;
                m->blocks = nb;
            }
            m->blocks[m->n_blocks][0] = bs;
            m->blocks[m->n_blocks][1] = ls;
            m->n_blocks++;
            bs = NPOS;
        }
        ls = le + 1;
    }
    if (bs != NPOS) {
        if (m->n_blocks % 16 == 0) {
            size_t(*nb)[2] = realloc(m->blocks, (m->n_blocks + 16) * sizeof *nb);
            if (!nb)
                return -1;
            m->blocks = nb;
        }
        m->blocks[m->n_blocks][0] = bs;
        m->blocks[m->n_blocks][1] = b;
        m->n_blocks++;
    }
    return 0;
}

/* Words that end the opening sentence ("…收悉,现答复如下:"). */
static const char *const opening_end[] = {"现答复", "答复如下",     "现将", "现回复",
                                          "现就",   "现予",         "特此", "回复如下",
                                          "现函复", "办理情况如下", NULL};

/* Sets every landmark of m (see struct marks). Returns 0, or -1 when out of memory;
 * m->blocks is the caller's to free either way. */
static int find_landmarks(const struct ctext *t, struct marks *m)
{
    memset(m, 0, sizeof *m);
    find_salutation(t, m);
    size_t sal_line = m->sal == NPOS ? NPOS : line_start(t, m->sal);
    /* Start: the first line before the salutation that reads as the header. */
    size_t scan_end = sal_line != NPOS ? sal_line : (t->n < 3000 ? t->n : 3000);
    size_t scan_start = scan_end > HEAD_MAX ? line_start(t, scan_end - HEAD_MAX) : 0;
    m->start = sal_line != NPOS ? sal_line : 0;
    for (size_t ls = scan_start; ls < scan_end;) {
        size_t le = line_end(t, ls);
        if (is_header_line(t, ls, le > scan_end ? scan_end : le)) {
            m->start = ls;
            break;
        }
        ls = le + 1;
    }
    if (m->sal == NPOS)
        find_salutation_fallback(t, m);
    /* The header region: up to the salutation, else the lines before the first
     * paragraph after the start. */
    if (m->sal != NPOS) {
        m->head_end = m->sal;
    } else {
        size_t ls = m->start;
        while (ls < t->n && ls - m->start < HEAD_MAX) {
            size_t le = line_end(t, ls);
            if (is_paragraph(t, ls, le) || le - ls > 200)
                break;
            ls = le + 1;
        }
        m->head_end = ls < t->n ? ls : t->n;
    }
    m->head_start = m->head_end > HEAD_MAX ? line_start(t, m->head_end - HEAD_MAX) : 0;
    find_end(t, m, m->sal != NPOS ? m->sal_end : m->head_end);
    if (m->head_end > m->end)
        m->head_end = m->end;
    if (find_blocks(t, m, m->start > m->head_start ? m->start : m->head_start, m->head_end))
        return -1;
    /* The opening sentence: from the salutation to the first full stop or
     * "现答复如下". */
    m->open_a = m->sal != NPOS ? m->sal_end : m->head_end;
    if (m->open_a > m->reply_end)
        m->open_a = m->reply_end;
    /* up to the words that announce the reply, else to the full stop after 收悉 */
    size_t lim = m->open_a + 400 < m->reply_end ? m->open_a + 400 : m->reply_end;
    m->open_b = NPOS;
    for (int k = 0; opening_end[k]; k++) {
        size_t e = find(t, m->open_a, m->open_b < lim ? m->open_b : lim, opening_end[k]);
        if (e != NPOS)
            m->open_b = e;
    }
    if (m->open_b == NPOS) {
        size_t x = find(t, m->open_a, lim, "悉");
        m->open_b = find(t, x != NPOS ? x : m->open_a, lim, "。");
        if (m->open_b == NPOS)
            m->open_b = m->open_a + 300 < lim ? m->open_a + 300 : lim;
    }
    return 0;
}
/* ---- form fields: "标 题:…", "代表姓名:…", "发布机构  舟曲县教育局" ---- */

/* Matches the label at i, allowing spaces between its characters ("索 引 号",
 * "类  别"). Returns the index after it, or NPOS. */
static size_t at_label(const struct ctext *t, size_t i, size_t b, const char *label)
{
    const unsigned char *p = (const unsigned char *)label;
    size_t k = i;
    int first = 1;
    while (*p) {
        uint32_t c = needle_next(&p);
        while (!first && k < b && t->cp[k] == ' ' && k - i < 16)
            k++;
        if (k >= b || t->cp[k] != c)
            return NPOS;
        k++;
        first = 0;
    }
    return k;
}

/* Finds "LABEL: value" in the lines of [a, b): the label at a line start, after a
 * bullet, or after two spaces, then a colon or spaces. The value runs to the line
 * end or to the next two spaces. Returns 1 with [*vs, *ve) set. */
static int form_value(const struct ctext *t, size_t a, size_t b, const char *const *labels,
                      size_t *vs, size_t *ve)
{
    for (size_t ls = a; ls < b;) {
        size_t le = line_end(t, ls);
        if (le > b)
            le = b;
        if (le - ls <= 300) {
            for (size_t i = ls; i < le; i++) {
                int boundary =
                    i == ls || (i >= ls + 2 && t->cp[i - 1] == ' ' && t->cp[i - 2] == ' ');
                if (!boundary && i > ls && (t->cp[i - 1] == 0x2022 || t->cp[i - 1] == 0xB7))
                    boundary = 1;
                if (!boundary || t->cp[i] == ' ')
                    continue;
                for (int k = 0; labels[k]; k++) {
                    size_t e = at_label(t, i, le, labels[k]);
                    if (e == NPOS || e >= le || (!is_colon(t->cp[e]) && t->cp[e] != ' '))
                        continue;
                    while (e < le && (t->cp[e] == ' ' || is_colon(t->cp[e])))
                        e++;
                    size_t x = e;
                    while (x < le && !(t->cp[x] == ' ' && x + 1 < le && t->cp[x + 1] == ' '))
                        x++;
                    while (x > e && t->cp[x - 1] == ' ')
                        x--;
                    if (x > e) {
                        *vs = e;
                        *ve = x;
                        return 1;
                    }
                }
            }
        }
        ls = le + 1;
    }
    return 0;
}

static const char *const title_labels[] = {"标题",     "题目",     "建议标题", "提案标题",
                                           "建议名称", "提案名称", "议案名称", "建议题目",
                                           "提案题目", "案由",     NULL};
static const char *const proposer_labels[] = {"代表姓名", "提案人", "提出人", "建议人",
                                              "领衔代表", "领衔人", "提案者", "委员姓名",
                                              "提出者",   NULL};
static const char *const number_labels[] = {"建议编号", "提案编号", "议案编号", "提案号",
                                            "建议号",   "案号",     "编号",     NULL};
static const char *const dept_labels[] = {"承办单位", "办理单位", "答复单位", "发布机构",
                                          "发文机关", "发文单位", NULL};
static const char *const source_labels[] = {"信息来源", "来源", NULL};
static const char *const signed_date_labels[] = {"成文日期", "答复日期", "签发日期", NULL};
static const char *const pub_date_labels[] = {"发布日期", "发布时间", "公开日期", "日期",
                                              "时间",     "更新时间", NULL};

/* ---- meeting: 省十四届人大一次会议 and its variants ---- */

static const char *const level_chars[][2] = {
    {"自治区", "省"}, {"省", "省"}, {"市", "市"}, {"县", "县"}, {"地区", "市"}, {"区", "区"},
    {"镇", "镇"},     {"乡", "镇"}, {"旗", "县"}, {"州", "市"}, {"盟", "市"},   {NULL, NULL}};

static const char *level_of(const struct ctext *t, size_t a, size_t b)
{
    for (int k = 0; level_chars[k][0]; k++)
        if (ends_with(t, a, b, level_chars[k][0]))
            return level_chars[k][1];
    return NULL;
}

static int is_level_char(uint32_t c)
{
    static const char *const chars = "省市县区镇乡州旗盟";
    const unsigned char *p = (const unsigned char *)chars;
    while (*p)
        if (needle_next(&p) == c)
            return 1;
    return 0;
}

static const char *const region_cut[] = {"关于", "对",   "于",   "在",   "的",   "届",   "次",
                                         "政协", "人大", "召开", "第",   "年",   "向",   "会",
                                         "和",   "及",   "出席", "参加", "提交", "中国", NULL};

/* Development zones and the like: their names end in 区 but they have no congress of
 * their own, so a department's zone is not the region of the meeting. */
static const char *const zone_words[] = {"新区",   "开发区", "园区",   "景区",   "示范区",
                                         "试验区", "合作区", "保税区", "功能区", "片区",
                                         "城区",   "社区",   "管理区", "实验区", NULL};

/* The most specific place in cp[a..b), whose level character ends it: higher
 * levels before it are dropped (湖南省岳阳县 -> 岳阳县, 某县青石镇 -> 青石镇, 济南市市中区
 * stays 市中区). Returns the new start. */
static size_t specific_place(const struct ctext *t, size_t a, size_t b)
{
    static const char *const higher[] = {"自治区", "省", "市", "州", "盟",
                                         "地区",   "县", "区", "旗", NULL};
    /* county-level words count as higher only before a town */
    int n_higher = ends_with(t, a, b, "镇") || ends_with(t, a, b, "乡") ? 9 : 6;
    for (;;) {
        size_t best = NPOS;
        for (int k = 0; k < n_higher; k++) {
            size_t i = find(t, a, b, higher[k]);
            if (i != NPOS) {
                size_t e = i + needle_len(higher[k]);
                if (e - a >= 2 && b - e >= 2 && (best == NPOS || e < best))
                    best = e;
            }
        }
        if (best == NPOS)
            return a;
        a = best;
    }
}

/* The first meeting named in [a, b) ("省十四届人大一次会议", "政协某县第十届委员会第四
 * 次会议", "县人大十五届三次会议"): sets term, session, body, level and region, and
 * *meeting_end to the index after it. Returns 1, or 0 when there is none. */
static int parse_meeting(const struct ctext *t, size_t a, size_t b, struct letter *l,
                         size_t *meeting_end)
{
    for (size_t j = find(t, a, b, "届"); j != NPOS; j = find(t, j + 1, b, "届")) {
        size_t ns = j;
        while (ns > a && is_num_char(t->cp[ns - 1]) && j - ns < 12)
            ns--;
        long term = parse_num(t, ns, j);
        if (term <= 0 || term > 99)
            continue;
        size_t p = ns;
        if (p > a && at(t, p - 1, "第"))
            p--;
        /* session: 一次会议 / 第二次会议, within the next few characters */
        size_t wend = j + 24 < b ? j + 24 : b;
        size_t ci = find(t, j, wend, "次");
        long session = 0;
        size_t mend = j + 1;
        if (ci != NPOS) {
            size_t ss = ci;
            while (ss > j && is_num_char(t->cp[ss - 1]) && ci - ss < 6)
                ss--;
            session = parse_num(t, ss, ci);
            if (session > 0 && session < 30)
                mend = ci + 1;
            else
                session = 0;
        }
        size_t mi = find(t, mend, wend, "会议");
        size_t wi = find(t, j, wend, "委员会");
        if (mi != NPOS)
            mend = mi + 2;
        else if (wi != NPOS)
            mend = wi + 3;
        /* body */
        size_t ws = p > a + 12 ? p - 12 : a;
        if (find(t, ws, mend, "政协") != NPOS || find(t, ws, mend, "政治协商") != NPOS ||
            find(t, j, mend, "委员会") != NPOS)
            set_cstr(&l->body, "政协");
        else if (find(t, ws, mend, "人大") != NPOS || find(t, j, mend, "代表大会") != NPOS ||
                 find(t, ws, mend, "人民代表") != NPOS)
            set_cstr(&l->body, "人大");
        l->term = (int)term;
        l->session = (int)session;
        /* level and region from what precedes the term */
        size_t re = p;
        if (ends_with(t, a, re, "人民代表大会"))
            re -= 6;
        else if (ends_with(t, a, re, "人大") || ends_with(t, a, re, "政协"))
            re -= 2;
        size_t rs = re;
        while (rs > a && is_han(t->cp[rs - 1]) && re - rs < 14)
            rs--;
        /* a character lost to damage ("?" or a stray annotation) before the name:
         * the name is cut short, so it is not the region */
        int damaged =
            rs > a && (t->cp[rs - 1] == '?' || t->cp[rs - 1] == 0xFFFD || t->cp[rs - 1] == ')');
        size_t walk = rs;
        for (int k = 0; region_cut[k]; k++) {
            size_t c = rfind(t, rs, re, region_cut[k]);
            /* 和, 及 join two names ("市人大和市政协"), the first ending in a
             * level or body; else they are part of one (政协和静县, 呼和浩特市) */
            if (c != NPOS && (at(t, c, "和") || at(t, c, "及")) &&
                (c == rs || !(is_level_char(t->cp[c - 1]) || at(t, c - 1, "大") ||
                              at(t, c - 1, "协") || at(t, c - 1, "会"))))
                continue;
            if (c != NPOS)
                rs = c + needle_len(region_cut[k]);
        }
        if (rs != walk)
            damaged = 0;
        if (find(t, j, mend, "全国") != NPOS || ends_with(t, a, re, "全国")) {
            set_cstr(&l->level, "全国");
        } else {
            const char *lv = level_of(t, rs, re);
            if (!lv) {
                /* the official name puts the place after the term:
                 * 政协第十二届乐山市委员会, 第十届某县人民代表大会 */
                size_t pe = NPOS;
                size_t c1 = find(t, j + 1, mend, "委员会");
                size_t c2 = find(t, j + 1, mend, "人民代表大会");
                pe = c1 < c2 ? c1 : c2;
                if (pe != NPOS && pe - (j + 1) >= 2 && pe - (j + 1) <= 12) {
                    int han = 1;
                    for (size_t i = j + 1; i < pe; i++)
                        han &= is_han(t->cp[i]);
                    lv = han ? level_of(t, j + 1, pe) : NULL;
                    if (lv) {
                        rs = j + 1;
                        re = pe;
                        damaged = 0;
                    }
                }
            }
            if (lv) {
                set_cstr(&l->level, lv);
                rs = specific_place(t, rs, re);
                /* "自治区十二届人大": the level alone, no name; the department's
                 * name gives it */
                if (re - rs >= 2 && !damaged && !(re - rs == 3 && at(t, rs, "自治区")))
                    set_field(&l->region, t, rs, re);
            }
        }
        *meeting_end = mend;
        return 1;
    }
    return 0;
}

/* Simplified form of s with pinyin annotations left out, appended to out. */
static int simplify(const char *s, struct buf *out)
{
    size_t len = strlen(s);
    size_t i = 0;
    uint32_t prev = 0;
    while (i < len) {
        size_t a = is_han(prev) ? pinyin_annotation(s, len, i) : 0;
        if (a) {
            i += a;
            continue;
        }
        prev = utf8_next(s, len, &i);
        if (buf_add_cp(out, text_t2s(prev)))
            return -1;
    }
    return 0;
}

static int ends_with_str(const char *s, const char *suf)
{
    size_t a = strlen(s);
    size_t b = strlen(suf);
    return a >= b && !memcmp(s + a - b, suf, b);
}

/* Region from the department's name when the meeting says only 省/县: the name's
 * prefix up to its first level character, the most specific place in it. */
static void region_from_department(struct letter *l)
{
    if (l->region || !l->level || !l->department || !strcmp(l->level, "全国"))
        return;
    struct buf dep = BUF_INIT;
    struct ctext t = {0};
    if (simplify(l->department, &dep) || ctext_init(&t, dep.data))
        goto cleanup;
    /* the level's character, else a second one; a third that ends the name
     * before the first (喀什地区市场监督管理局: at 地区, not at the 市 of 市场) */
    static const char *const chars[][3] = {{"省", "自治区", NULL},
                                           {"市", "州", "地区"},
                                           {"县", "旗", NULL},
                                           {"区", NULL, NULL},
                                           {"镇", "乡", NULL}};
    for (size_t k = 0; k < sizeof chars / sizeof chars[0]; k++) {
        if (strcmp(l->level, chars[k][0]))
            continue;
        size_t e = find(&t, 0, t.n, chars[k][0]);
        if (e != NPOS)
            e++;
        if (e == NPOS && chars[k][1]) {
            size_t e2 = find(&t, 0, t.n, chars[k][1]);
            if (e2 != NPOS)
                e = e2 + needle_len(chars[k][1]);
        }
        if (chars[k][2]) {
            size_t e3 = find(&t, 0, t.n, chars[k][2]);
            if (e3 != NPOS && (e == NPOS || e3 + needle_len(chars[k][2]) < e))
                e = e3 + needle_len(chars[k][2]);
        }
        if (e == NPOS || e < 2 || e > 12)
            break;
        size_t s = specific_place(&t, 0, e);
        if (e - s < 2)
            break;
        for (int z = 0; zone_words[z]; z++)
            /* one character before 城区 names a district (东城区, 松城区) */
            if (ends_with(&t, s, e, zone_words[z]) &&
                !(e - s == 3 && !strcmp(zone_words[z], "城区")))
                goto cleanup;
        letter_set(&l->region, t.s + t.off[s], t.off[e] - t.off[s]);
        break;
    }
cleanup:
    ctext_release(&t);
    buf_release(&dep);
}

/* Regions are kept in simplified form, whatever the letter's script: one place,
 * one name (嶽陽縣 and 岳阳县 are the same county). */
static void simplify_region(struct letter *l)
{
    if (!l->region)
        return;
    struct buf b = BUF_INIT;
    if (!simplify(l->region, &b))
        letter_set(&l->region, b.data, b.len);
    buf_release(&b);
}

/* ---- number, kind ---- */

static int is_open_bracket(uint32_t c)
{
    return c == 0x3014 || c == '[' || c == '(' || c == 0xFE5D || c == 0x3010 || c == 0x3016;
}

static int is_close_bracket(uint32_t c)
{
    return c == 0x3015 || c == ']' || c == ')' || c == 0xFE5E || c == 0x3011 || c == 0x3017;
}

static const char *const kinds[] = {"建议", "议案", "提案", NULL};

/* The proposal number in [a, b): digits before 号 ("第0831号", "台52号", "第 23 号",
 * "142号"), not a doc number's serial, a date or a part of a quoted title. Sets
 * l->number and returns the index after 号, else NPOS; *num_start gets the
 * number's first index (its 第 or prefix). */
static size_t find_number(const struct ctext *t, size_t a, size_t b, struct letter *l,
                          size_t *num_start)
{
    int book = 0;
    int dq = 0;
    if (b > t->n)
        b = t->n;
    for (size_t h = a; h < b; h++) {
        uint32_t c = t->cp[h];
        if (c == 0x300A)
            book++;
        else if (c == 0x300B && book)
            book--;
        else if (c == 0x201C)
            dq = 1;
        else if (c == 0x201D)
            dq = 0;
        if (c != 0x53F7 /* 号 */ || book || dq)
            continue;
        size_t de = h;
        while (de > a && t->cp[de - 1] == ' ' && h - de < 2)
            de--;
        size_t ds = de;
        while (ds > a && digit_val(t->cp[ds - 1]) >= 0 && de - ds <= 10)
            ds--;
        if (ds == de || de - ds > 10)
            continue;
        size_t pre = ds;
        while (pre > a && t->cp[pre - 1] == ' ' && ds - pre < 2)
            pre--;
        if (pre > a &&
            (is_close_bracket(t->cp[pre - 1]) || t->cp[pre - 1] == '-' || at(t, pre - 1, "月") ||
             t->cp[pre - 1] == '/' || digit_val(t->cp[pre - 1]) >= 0))
            continue; /* a doc number 〔2023〕266号, 30-17号; a date 6月12号 */
        if (pre > a + 1 && at(t, pre - 1, "第") && is_close_bracket(t->cp[pre - 2]))
            continue; /* 〔2024〕第88号 */
        if (at(t, h + 1, "线") || at(t, h + 1, "楼") || at(t, h + 1, "院") || at(t, h + 1, "文") ||
            at(t, h + 1, "令"))
            continue;
        size_t ns = ds;
        if (pre == ds && ds >= a + 1 && ds >= 2 && is_han(t->cp[ds - 1]) && !at(t, ds - 1, "第") &&
            cn_val(t->cp[ds - 1]) < 0 && !at(t, ds - 1, "字") &&
            (at(t, ds - 2, "第") || at(t, ds - 2, "议") || !is_han(t->cp[ds - 2])))
            ns = ds - 1; /* a delegation prefix: 台52 */
        set_field(&l->number, t, ns, de);
        *num_start = pre > a && at(t, pre - 1, "第") ? pre - 1 : ns;
        return h + 1;
    }
    return NPOS;
}

/* The first kind word in [a, b) outside 《》 and “” quotes, or NULL; *pos gets it. */
static const char *kind_in(const struct ctext *t, size_t a, size_t b, int skip_quotes, size_t *pos)
{
    int book = 0;
    int dq = 0;
    for (size_t i = a; i + 1 < b; i++) {
        uint32_t c = t->cp[i];
        if (c == 0x300A)
            book++;
        else if (c == 0x300B && book)
            book--;
        else if (c == 0x201C)
            dq = 1;
        else if (c == 0x201D)
            dq = 0;
        if (skip_quotes && (book || dq))
            continue;
        for (int k = 0; kinds[k]; k++)
            if (at(t, i, kinds[k])) {
                if (pos)
                    *pos = i;
                return kinds[k];
            }
    }
    return NULL;
}

/* ---- department ---- */

/* The department named at the head of a header line: "湖南省交通运输厅关于…",
 * "…局对…". */
static int dept_in_header_line(const struct ctext *t, size_t ls, size_t le, struct letter *l)
{
    size_t c1 = find(t, ls, le, "关于");
    size_t c2 = find(t, ls, le, "对");
    size_t cut = c1 < c2 ? c1 : c2;
    /* "…第3号建议的答复(水利局)": the replier in brackets after the header */
    size_t e = le;
    while (e > ls && is_space(t->cp[e - 1]))
        e--;
    if (e > ls && t->cp[e - 1] == ')') {
        size_t o = e - 1;
        while (o > ls && t->cp[o - 1] != '(' && e - o < 32)
            o--;
        if (o > ls && t->cp[o - 1] == '(' && plausible_org(t, o, e - 1) &&
            has_any(t, ls, o, header_words)) {
            set_field(&l->department, t, o, e - 1);
            return 1;
        }
    }
    if (cut == NPOS)
        return 0;
    size_t s = ls;
    if (!plausible_org(t, s, cut)) {
        /* a flattened page: the name as the word before 关于 */
        size_t w = cut;
        while (w > ls && is_space(t->cp[w - 1]))
            w--;
        s = last_token(t, ls, w);
        if (s == ls || s == w || !plausible_org(t, s, cut))
            return 0;
    }
    set_field(&l->department, t, s, cut);
    return 1;
}

/* ---- delegates ---- */

static const char *const not_person[] = {"各位", "全体", "有关", "相关",
                                         "诸位", "你们", "您们", NULL};

/* Splits cp[a..b) at 、 , ， and spaces into proposers; "等" ends the list.
 * Returns how many were added. */
static size_t add_names(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    size_t deng = find(t, a, b, "等");
    if (deng != NPOS)
        b = deng;
    size_t added = 0;
    size_t s = a;
    for (size_t i = a; i <= b; i++) {
        if (i == b || t->cp[i] == 0x3001 || t->cp[i] == ',' || t->cp[i] == ' ' || t->cp[i] == ';') {
            size_t x = s;
            size_t y = i;
            while (x < y && is_space(t->cp[x]))
                x++;
            if (y > x && !has_any(t, x, y, not_person) && y - x <= 40) {
                letter_add_delegate(l, t->s + t->off[x], t->off[y] - t->off[x]);
                added++;
            }
            s = i + 1;
        }
    }
    return added;
}

/* "张三等13位" / "余秀华9名" / "张三等": the stated count, and the end of the names. */
static size_t strip_count(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    size_t cnt_end = b;
    if (ends_with(t, a, b, "位") || ends_with(t, a, b, "名"))
        cnt_end = b - 1;
    size_t ds = cnt_end;
    while (ds > a && is_num_char(t->cp[ds - 1]) && cnt_end - ds < 4)
        ds--;
    if (ds < cnt_end && cnt_end < b) {
        long c = parse_num(t, ds, cnt_end);
        if (c > 0 && c < 10000) {
            l->delegate_count = (int)c;
            return ds;
        }
    }
    return b;
}

/* "张振华代表提出的…", "王五、赵六等5位代表提出…" in the opening sentence, when the
 * letter is addressed to a department rather than to the proposer. */
static void find_body_proposer(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    static const char *const marks_[] = {"代表提出", "委员提出", "代表领衔", "委员领衔",
                                         "代表联名", "代表在",   "委员在",   NULL};
    for (int k = 0; marks_[k]; k++) {
        size_t i = find(t, a, b, marks_[k]);
        if (i == NPOS)
            continue;
        size_t ns = i;
        while (ns > a && i - ns < 200 &&
               (is_han(t->cp[ns - 1]) || t->cp[ns - 1] == 0x3001 || t->cp[ns - 1] == ',' ||
                digit_val(t->cp[ns - 1]) >= 0))
            ns--;
        /* the names start after the sentence's own words */
        static const char *const lead[] = {"收到", "关于", "由", "你们", "您", "贵", "对", NULL};
        for (int g = 0; lead[g]; g++) {
            size_t c = rfind(t, ns, i, lead[g]);
            if (c != NPOS)
                ns = c + needle_len(lead[g]);
        }
        if (i - ns < 2)
            continue;
        size_t e = strip_count(t, ns, i, l);
        if (ends_with(t, ns, e, "等"))
            e--;
        if (add_names(t, ns, e, l))
            return;
    }
}

/* ---- title ---- */

/* Copies a title: white space between two Han characters and line breaks dropped
 * (a header wrapped over lines, a layout space), the rest as written. */
static int set_title(struct letter *l, const struct ctext *t, size_t a, size_t b)
{
    while (a < b && (is_space(t->cp[a]) || t->cp[a] == '\n'))
        a++;
    while (b > a && (is_space(t->cp[b - 1]) || t->cp[b - 1] == '\n'))
        b--;
    if (b <= a)
        return 0;
    struct buf out = BUF_INIT;
    int rc = 0;
    size_t i = a;
    while (i < b && !rc) {
        if (t->cp[i] == '\n' || is_space(t->cp[i])) {
            size_t j = i;
            while (j < b && (t->cp[j] == '\n' || is_space(t->cp[j])))
                j++;
            int nl = 0;
            for (size_t k = i; k < j; k++)
                nl |= t->cp[k] == '\n';
            if (nl || (i > a && is_han(t->cp[i - 1]) && j < b && is_han(t->cp[j])) ||
                (i > a && t->cp[i - 1] >= 0x3000 && j < b && t->cp[j] >= 0x3000)) {
                i = j;
                continue;
            }
            rc = buf_add(&out, t->s + t->off[i], t->off[j] - t->off[i]);
            i = j;
            continue;
        }
        rc = buf_add(&out, t->s + t->off[i], t->off[i + 1] - t->off[i]);
        i++;
    }
    if (!rc)
        rc = letter_set(&l->title, out.data, out.len);
    buf_release(&out);
    return rc ? 0 : 1;
}

/* The end of the quote opened at o (《 or “), nested 《》 counted; NPOS if it does
 * not close within 200 characters. */
static size_t quote_close(const struct ctext *t, size_t o, size_t b)
{
    uint32_t open = t->cp[o];
    uint32_t close = open == 0x300A ? 0x300B : 0x201D;
    int depth = 1;
    size_t first = NPOS;
    size_t lim = o + 200 < t->n ? o + 200 : t->n;
    if (lim > b + 100)
        lim = b + 100 < t->n ? b + 100 : t->n;
    /* quotes nest (“关于推进“放管服”改革的建议”); when the inner ones do not
     * pair up, the first closing one ends it */
    for (size_t i = o + 1; i < lim; i++) {
        if (t->cp[i] == open)
            depth++;
        else if (t->cp[i] == close) {
            if (first == NPOS)
                first = i;
            if (--depth == 0)
                return i;
        }
    }
    return first;
}

/* Does the quote [o, c] read as a proposal's title: it starts with 关于, or what
 * follows it names a proposal ("》提案", "”的建议", "》第025号", "》(第33号)", "》收悉")? A
 * quoted phrase inside a title ("关于推进“一网通办”改革的建议") does not. */
static int title_quote(const struct ctext *t, size_t o, size_t c)
{
    size_t i = o + 1;
    while (i < c && is_space(t->cp[i]))
        i++;
    if (at(t, i, "关于"))
        return 1;
    size_t k = c + 1;
    while (k < t->n && is_space(t->cp[k]) && k - c < 3)
        k++;
    static const char *const next[] = {"建议", "提案", "议案", "的",     "第",   "(",
                                       "号",   "收悉", "悉",   "已收悉", "已转", "已交",
                                       "交",   "一案", "收到", "〔",     NULL};
    return line_starts_with_any(t, k, next);
}

/* The first quoted title in [a, b): 《…》 or “…” of at least 4 characters; with
 * `strict`, only one that reads as a title (title_quote). */
static int find_quoted_title(const struct ctext *t, size_t a, size_t b, int strict,
                             struct letter *l)
{
    for (size_t i = a; i < b; i++) {
        if (t->cp[i] != 0x300A && t->cp[i] != 0x201C)
            continue;
        size_t c = quote_close(t, i, b);
        if (c == NPOS)
            continue;
        size_t chars = 0;
        for (size_t k = i + 1; k < c; k++)
            chars += !is_space(t->cp[k]);
        if (chars < 4 || (strict && !title_quote(t, i, c))) {
            i = c;
            continue;
        }
        return set_title(l, t, i + 1, c);
    }
    return 0;
}

/* "…提出的关于修路的建议收悉": 关于 up to the kind word, in [a, b), when it is not a
 * reference to the meeting ("关于县第十届…第9号建议"). *kind_end gets the index
 * after the kind word. */
static int find_plain_title(const struct ctext *t, size_t a, size_t b, struct letter *l,
                            size_t *kind_end)
{
    size_t g = find(t, a, b, "关于");
    if (g == NPOS)
        return 0;
    size_t lim = g + 150 < b ? g + 150 : b;
    size_t best = NPOS;
    for (int k = 0; kinds[k]; k++) {
        size_t e = find(t, g, lim, kinds[k]);
        if (e != NPOS && (best == NPOS || e < best))
            best = e;
    }
    if (best == NPOS)
        return 0;
    if (find(t, g, best, "届") != NPOS || find(t, g, best, "会议") != NPOS ||
        ends_with(t, g, best, "号") || ends_with(t, g, best, "号代表") ||
        ends_with(t, g, best, "号委员") || find(t, g, best, "\n") != NPOS)
        return 0;
    *kind_end = best + 2;
    return set_title(l, t, g, best + 2);
}

/* ---- doc number: 湘工信建议函[2023]266号 ---- */

/* A doc number at the bracket i: issuer prefix, 4-digit year in brackets, serial and
 * 号 (a damaged one without its closing bracket or 号 is kept as written). Returns
 * 1 with the span set. */
static int doc_number_at(const struct ctext *t, size_t a, size_t b, size_t i, size_t *ps_out,
                         size_t *e_out)
{
    size_t y = i + 1;
    size_t k = 0;
    while (y < b && digit_val(t->cp[y]) >= 0 && k < 4) {
        y++;
        k++;
    }
    if (k != 4)
        return 0;
    size_t ps = i;
    while (ps > a && is_han(t->cp[ps - 1]) && i - ps < 12)
        ps--;
    if (ps == i)
        return 0;
    size_t e = y;
    int closed = 0;
    if (e < b && is_close_bracket(t->cp[e])) {
        e++;
        closed = 1;
    }
    if (closed && e < b && at(t, e, "第"))
        e++;
    size_t ds = e;
    while (e < b && e - ds < 8 && (digit_val(t->cp[e]) >= 0 || (t->cp[e] == '-' && e > ds)))
        e++;
    if (e == ds) {
        /* damaged down to "某教函〔2023" at a line's end: kept as written */
        size_t x = e;
        while (x < b && t->cp[x] == ' ')
            x++;
        if (closed || (x < b && t->cp[x] != '\n') || i == 0 ||
            !(at(t, i - 1, "函") || at(t, i - 1, "字") || at(t, i - 1, "发") ||
              at(t, i - 1, "复") || at(t, i - 1, "办")))
            return 0;
    } else if (e < b && at(t, e, "号")) {
        e++;
    } else if (closed) {
        return 0;
    }
    /* cut words glued before the prefix: a header word, a label */
    static const char *const glue[] = {"答复", "复函", "的函", "文号", "字号", "号", NULL};
    for (int g = 0; glue[g]; g++) {
        size_t c = rfind(t, ps, i, glue[g]);
        if (c != NPOS && c + needle_len(glue[g]) < i)
            ps = c + needle_len(glue[g]);
    }
    if (ps == i)
        return 0;
    *ps_out = ps;
    *e_out = e;
    return 1;
}

/* The first doc number in [a, b) into l->doc_number. Returns 1 when found. */
static int find_doc_number(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    for (size_t i = a; i + 6 < b; i++) {
        size_t ps = 0;
        size_t e = 0;
        if (is_open_bracket(t->cp[i]) && doc_number_at(t, a, b, i, &ps, &e)) {
            set_field(&l->doc_number, t, ps, e);
            return 1;
        }
    }
    return 0;
}

/* ---- dates ---- */

static int valid_date(long y, long mo, long d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return y >= 1949 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= mdays[mo - 1];
}

static void format_date(char out[11], long y, long mo, long d)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y, mo, d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

/* A year's digit: a digit, a Chinese numeral (not 十), or the letter O typed for
 * ○ (二O一二). Its value, or -1. */
static int year_digit(uint32_t c)
{
    int d = digit_val(c);
    if (d >= 0)
        return d;
    if (c == 'O' || c == 'o')
        return 0;
    d = cn_val(c);
    return d == 10 ? -1 : d;
}

/* Tries to read a date starting at i (2023年6月12日, 二○一一年五月十日, 2023-06-12,
 * 2023.6.12, 2023/06/12); on success writes YYYY-MM-DD into out and returns the
 * index after it, else NPOS. */
static size_t read_date(const struct ctext *t, size_t i, size_t b, char out[11])
{
    size_t y0 = i;
    size_t y1 = y0;
    if (i > 0 && (is_num_char(t->cp[i - 1]) || year_digit(t->cp[i - 1]) >= 0))
        return NPOS;
    long y = 0;
    while (y1 < b && year_digit(t->cp[y1]) >= 0 && y1 - y0 < 4)
        y = y * 10 + year_digit(t->cp[y1++]);
    if (y1 - y0 != 4 || !is_num_char(t->cp[y0]))
        return NPOS;
    size_t p = y1;
    while (p < b && t->cp[p] == ' ' && p - y1 < 3)
        p++;
    uint32_t sep = p < b ? t->cp[p] : 0;
    int cn = sep == 0x5E74; /* 年 */
    if (!cn && sep != '-' && sep != '.' && sep != '/')
        return NPOS;
    p++;
    size_t q = p;
    while (p < b && t->cp[p] == ' ' && p - q < 3)
        p++;
    size_t m0 = p;
    while (p < b && is_num_char(t->cp[p]) && p - m0 < 3)
        p++;
    long mo = parse_num(t, m0, p);
    q = p;
    while (p < b && t->cp[p] == ' ' && p - q < 3)
        p++;
    if (cn ? !(p < b && at(t, p, "月")) : !(p < b && t->cp[p] == sep))
        return NPOS;
    p++;
    q = p;
    while (p < b && t->cp[p] == ' ' && p - q < 3)
        p++;
    size_t d0 = p;
    while (p < b && is_num_char(t->cp[p]) && p - d0 < 3)
        p++;
    long d = parse_num(t, d0, p);
    if (cn) {
        q = p;
        while (p < b && t->cp[p] == ' ' && p - q < 3)
            p++;
        if (p < b && (at(t, p, "日") || at(t, p, "号")))
            p++;
        else
            return NPOS;
    } else if (p < b && digit_val(t->cp[p]) >= 0) {
        return NPOS;
    }
    if (!valid_date(y, mo, d))
        return NPOS;
    format_date(out, y, mo, d);
    return p;
}

/* A date that lost its 年月日: a line holding only 7 or 8 digits, 2020831. */
static int read_bare_date(const struct ctext *t, size_t ls, size_t le, char out[11])
{
    size_t n = le - ls;
    if (n != 7 && n != 8)
        return 0;
    int d[8];
    for (size_t i = 0; i < n; i++) {
        d[i] = digit_val(t->cp[ls + i]);
        if (d[i] < 0)
            return 0;
    }
    long y = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3];
    long mo = 0;
    long day = 0;
    if (n == 8) {
        mo = d[4] * 10 + d[5];
        day = d[6] * 10 + d[7];
    } else {
        /* 2020831: 8-31 or 08-31; 2020113: 11-3 or 1-13, ambiguous, so no date */
        int a = valid_date(y, d[4], d[5] * 10 + d[6]);
        int b = valid_date(y, d[4] * 10 + d[5], d[6]) && d[6] > 0;
        if (a == b)
            return 0;
        mo = a ? d[4] : d[4] * 10 + d[5];
        day = a ? d[5] * 10 + d[6] : d[6];
    }
    if (!valid_date(y, mo, day))
        return 0;
    format_date(out, y, mo, day);
    return 1;
}

/* Does the date at [ds, de) stand as a sign-off: alone on its line, or after the
 * department's name, with nothing but a page separator after it? */
static int is_signoff_date(const struct ctext *t, size_t ds, size_t de)
{
    size_t ls = line_start(t, ds);
    size_t le = line_end(t, ds);
    size_t a = ds;
    while (a > ls && is_space(t->cp[a - 1]))
        a--;
    if (a > ls) {
        /* after the department's name, a label 日期:, or a finished sentence and a
         * space (a flattened page) */
        size_t s = last_token(t, ls, a);
        uint32_t p = t->cp[a - 1];
        int sentence = a < ds && (p == 0x3002 || p == '!' || p == '?');
        if (is_colon(p)) {
            if (!ends_with(t, ls, a - 1, "日期") && !ends_with(t, ls, a - 1, "时间"))
                return 0;
        } else if (!sentence && !plausible_org(t, s, a)) {
            return 0;
        }
    }
    size_t e = de;
    while (e < le && is_space(t->cp[e]))
        e++;
    return e >= le || t->cp[e] == '|' || t->cp[e] == '(' || t->cp[e] == 0x3010 ||
           (e > de && !at(t, e, "印发"));
}

/* ---- category: 类别:A类, (B类), B1类 ---- */

/* A category mark at i ("A类", "B1类", "C  类"), or 0. */
static char category_at(const struct ctext *t, size_t a, size_t b, size_t i)
{
    uint32_t c = t->cp[i];
    if (c != 'A' && c != 'B' && c != 'C')
        return 0;
    if (i > a) {
        uint32_t p = t->cp[i - 1];
        if ((p >= 'A' && p <= 'Z') || (p >= 'a' && p <= 'z') || digit_val(p) >= 0)
            return 0;
    }
    size_t j = i + 1;
    if (j < b && digit_val(t->cp[j]) >= 0)
        j++;
    while (j < b && t->cp[j] == ' ' && j - i < 5)
        j++;
    return j < b && at(t, j, "类") ? (char)c : 0;
}

/* A category in [a, b): "X类" anywhere when `loose`, else only after a label
 * (类别, 办理结果) or in brackets "(B类)". */
static void find_category(const struct ctext *t, size_t a, size_t b, int loose, struct letter *l)
{
    static const char *const labels[] = {"类别",     "办理结果", "答复类别", "办理类别",
                                         "结果类别", "类型",     NULL};
    for (size_t i = a; i < b; i++) {
        char c = category_at(t, a, b, i);
        if (c) {
            int ok = loose || (i > a && is_open_bracket(t->cp[i - 1]));
            size_t p = i;
            while (!ok && p > a && (t->cp[p - 1] == ' ' || is_colon(t->cp[p - 1])) && i - p < 4)
                p--;
            for (int k = 0; !ok && labels[k]; k++)
                ok = ends_with(t, a, p, labels[k]);
            if (ok) {
                char s[2] = {c, 0};
                set_cstr(&l->category, s);
                return;
            }
        }
        /* "类别:A" without 类 after the letter */
        for (int k = 0; labels[k] && k < 2; k++) {
            size_t e = at_label(t, i, b, labels[k]);
            if (e == NPOS)
                continue;
            while (e < b && (t->cp[e] == ' ' || is_colon(t->cp[e])) && e - i < 8)
                e++;
            if (e < b && (t->cp[e] == 'A' || t->cp[e] == 'B' || t->cp[e] == 'C') &&
                (e + 1 >= b || !((t->cp[e + 1] >= 'A' && t->cp[e + 1] <= 'Z') ||
                                 (t->cp[e + 1] >= 'a' && t->cp[e + 1] <= 'z')))) {
                char s[2] = {(char)t->cp[e], 0};
                set_cstr(&l->category, s);
                return;
            }
        }
    }
}
/* ---- the fields, in the order they depend on each other ---- */

/* What the finders learn on the way that later ones use. */
struct found {
    const char *kind_near; /* kind word by the number or in the header */
    const char *kind_body; /* kind word in the opening sentence, outside the title */
    size_t title_kind_end; /* after the kind word that ends an unquoted title, or NPOS */
    size_t signoff;        /* start of the signing date, or NPOS */
};

/* The meeting (term, session, body, level, region) from the header blocks, else the
 * opening sentence; then the number (a form field, the header after the meeting,
 * any header block, the opening sentence); then the kind word by the number or,
 * failing that, the header's first kind word outside quotes. */
static void find_meeting_number_kind(const struct ctext *t, const struct marks *m, struct letter *l,
                                     struct found *f)
{
    size_t meeting_end = NPOS;
    size_t mb = NPOS; /* the block holding the meeting */
    for (size_t k = 0; k < m->n_blocks && mb == NPOS; k++)
        if (parse_meeting(t, m->blocks[k][0], m->blocks[k][1], l, &meeting_end))
            mb = k;
    if (mb == NPOS)
        parse_meeting(t, m->open_a, m->open_b, l, &meeting_end);

    /* the number: a form field, the header (after the meeting first), the opening */
    size_t after = NPOS;
    size_t ns = NPOS;
    size_t vs = 0;
    size_t ve = 0;
    if (form_value(t, m->head_start, m->head_end, number_labels, &vs, &ve)) {
        /* "建议编号:第0356号", or the number alone: "编号:0356", "编号:台52" */
        after = find_number(t, vs, ve + 1 < t->n ? ve + 1 : ve, l, &ns);
        size_t x = vs;
        size_t y = x;
        while (y < ve && (digit_val(t->cp[y]) >= 0 || (y == x && is_han(t->cp[y]))))
            y++;
        if (!l->number && y == ve && y > x && digit_val(t->cp[y - 1]) >= 0)
            set_field(&l->number, t, x, y);
    }
    if (!l->number && mb != NPOS && meeting_end < m->blocks[mb][1])
        after = find_number(t, meeting_end, m->blocks[mb][1], l, &ns);
    for (size_t k = 0; k < m->n_blocks && !l->number; k++)
        after = find_number(t, m->blocks[k][0], m->blocks[k][1], l, &ns);
    if (!l->number)
        after = find_number(t, m->open_a, m->open_b, l, &ns);

    /* the kind: after the number, just before it, or the header's first kind word */
    if (after != NPOS) {
        size_t e = after + 12 < t->n ? after + 12 : t->n;
        size_t le = line_end(t, after);
        if (le < e && le + 1 < t->n &&
            (at(t, le + 1, "的") || at(t, le + 1, "答") || at(t, le + 1, "建") ||
             at(t, le + 1, "提") || at(t, le + 1, "议")))
            le = e; /* a header wrapped after the number */
        f->kind_near = kind_in(t, after, le < e ? le : e, 0, NULL);
        if (!f->kind_near && ns != NPOS && ns >= 4) {
            size_t p = ns;
            while (p > 0 && ns - p < 2 && (is_open_bracket(t->cp[p - 1]) || t->cp[p - 1] == ' '))
                p--;
            if (p >= 2)
                f->kind_near = kind_in(t, p - 2, p, 0, NULL);
        }
    }
    for (size_t k = 0; k < m->n_blocks && !f->kind_near; k++)
        f->kind_near = kind_in(t, m->blocks[k][0], m->blocks[k][1], 1, NULL);
}

/* The replying body, as written: named at the head of a header line, else on the
 * sign-off (by the signing date, or alone on a last line), else on the line above
 * the header, else in the page's metadata. Never a footer's 主办单位. */
static void find_department(const struct ctext *t, const struct marks *m, struct found *f,
                            struct letter *l)
{
    /* 1. a header line: "湖南省工业和信息化厅对省…" / "…局关于…" */
    for (size_t k = 0; k < m->n_blocks; k++)
        for (size_t ls = m->blocks[k][0]; ls < m->blocks[k][1];) {
            size_t le = line_end(t, ls);
            if (le > m->blocks[k][1])
                le = m->blocks[k][1];
            if (is_header_line(t, ls, le) && dept_in_header_line(t, ls, le, l))
                return;
            ls = le + 1;
        }
    /* 2. the sign-off: on the date's line before it, or on the lines above it */
    size_t from = m->open_a;
    if (f->signoff != NPOS) {
        size_t ls = line_start(t, f->signoff);
        size_t a = f->signoff;
        while (a > ls && is_space(t->cp[a - 1]))
            a--;
        size_t s = last_token(t, ls, a);
        if (a > ls && plausible_org(t, s, a)) {
            set_field(&l->department, t, s, a);
            return;
        }
        for (int up = 0; up < 4 && ls > from; up++) {
            size_t pls = line_start(t, ls - 1);
            size_t ple = ls - 1;
            if (ple > pls && !is_trailer_line(t, pls, ple)) {
                size_t s2 = last_token(t, pls, ple);
                if (plausible_org(t, s2, ple)) {
                    set_field(&l->department, t, s2, ple);
                    return;
                }
                if (is_paragraph(t, pls, ple) && ple - pls > 40)
                    break;
            }
            ls = pls;
        }
    } else {
        /* no date: an organisation alone on one of the last lines */
        size_t e = m->reply_end;
        for (int lines = 0; lines < 8 && e > from; lines++) {
            size_t ls = line_start(t, e - 1);
            size_t le = e;
            while (le > ls && t->cp[le - 1] == '\n')
                le--;
            if (le > ls && !is_trailer_line(t, ls, le)) {
                size_t s = last_token(t, ls, le);
                if (plausible_org(t, s, le) && (s == ls || is_space(t->cp[s - 1]))) {
                    set_field(&l->department, t, s, le);
                    return;
                }
            }
            e = ls;
        }
    }
    /* 3. the line just above the header: "宁陕县交通局 / 对县十六届…的复函" */
    for (size_t k = 0; k < m->n_blocks; k++)
        for (size_t ls = m->blocks[k][0]; ls < m->blocks[k][1];) {
            size_t le = line_end(t, ls);
            if (le > m->blocks[k][1])
                le = m->blocks[k][1];
            if ((at(t, ls, "关于") || at(t, ls, "对")) && ls > 0) {
                size_t ple = ls - 1;
                while (ple > 0 && t->cp[ple - 1] == '\n')
                    ple--;
                size_t pls = line_start(t, ple);
                if (plausible_org(t, pls, ple)) {
                    set_field(&l->department, t, pls, ple);
                    return;
                }
            }
            ls = le + 1;
        }
    /* 4. the page's metadata: 承办单位 / 发布机构, a bullet naming an organisation,
     * 来源 */
    size_t vs = 0;
    size_t ve = 0;
    if (form_value(t, m->head_start, m->head_end, dept_labels, &vs, &ve) &&
        plausible_org(t, vs, ve)) {
        set_field(&l->department, t, vs, ve);
        return;
    }
    for (size_t ls = m->head_start; ls < m->start;) {
        size_t le = line_end(t, ls);
        size_t a = ls;
        if (a < le &&
            (t->cp[a] == 0x2022 || t->cp[a] == 0xB7 || t->cp[a] == 0x25CF || t->cp[a] == 0x25AA)) {
            a++;
            if (plausible_org(t, a, le)) {
                set_field(&l->department, t, a, le);
                return;
            }
        }
        ls = le + 1;
    }
    /* 来源 names who published the page: the replier, unless it is a congress or
     * CPPCC office or the site's owner, which publish others' replies */
    static const char *const publishers[] = {
        "人大", "政协", "政府办", "人民政府办公室", "网", "本站", "融媒体", "新闻", NULL};
    if (form_value(t, m->head_start, m->head_end, source_labels, &vs, &ve) &&
        plausible_org(t, vs, ve) && !has_any(t, vs, ve, publishers))
        set_field(&l->department, t, vs, ve);
}

/* The proposers: a form's list when it names more than the salutation, else the
 * salutation's names (with the stated count) or proposing group, else, when a
 * department is addressed, the proposers the opening sentence names. */
static void find_delegates(const struct ctext *t, const struct marks *m, struct letter *l)
{
    size_t n_sal = 0;
    size_t a = 0;
    size_t b = 0;
    if (m->sal != NPOS && (m->sal_kind == SAL_PERSON || m->sal_kind == SAL_GROUP)) {
        a = m->name_a;
        b = m->name_b;
        if (m->sal_kind == SAL_PERSON) {
            b = strip_count(t, a, b, l);
            for (size_t i = a; i < b; i++)
                n_sal += t->cp[i] == 0x3001 || t->cp[i] == ',' ? 1 : 0;
            n_sal += find(t, a, b, "等") != NPOS ? 0 : 1;
            if (has_any(t, a, b, not_person))
                n_sal = 0; /* "各位代表:" names no one */
        } else {
            n_sal = 1;
        }
    }
    /* a form's list of proposers ("代表姓名:") when it names more than the salutation */
    size_t vs = 0;
    size_t ve = 0;
    if (form_value(t, m->head_start, m->head_end, proposer_labels, &vs, &ve) && ve - vs <= 400) {
        size_t names = 1;
        for (size_t i = vs; i < ve; i++)
            names += t->cp[i] == 0x3001 || t->cp[i] == ',' ? 1 : 0;
        if (names > n_sal) {
            size_t e = strip_count(t, vs, ve, l);
            if (ends_with(t, vs, e, "代表") || ends_with(t, vs, e, "委员"))
                e -= 2;
            if (add_names(t, vs, e, l))
                return;
        }
    }
    if (m->sal == NPOS)
        return;
    if (m->sal_kind == SAL_DEPT) {
        find_body_proposer(t, m->open_a, m->open_b, l);
        return;
    }
    if (m->sal_kind == SAL_GROUP) {
        letter_add_delegate(l, t->s + t->off[a], t->off[b] - t->off[a]);
        return;
    }
    add_names(t, a, b, l);
}

/* The proposal's title: a form field, a quoted title in the header, a quoted title
 * in the opening sentence, "关于…建议" unquoted there, and last any quote there. */
static void find_title(const struct ctext *t, const struct marks *m, struct letter *l,
                       struct found *f)
{
    size_t vs = 0;
    size_t ve = 0;
    f->title_kind_end = NPOS;
    if (form_value(t, m->head_start, m->head_end, title_labels, &vs, &ve)) {
        if ((t->cp[vs] == 0x300A || t->cp[vs] == 0x201C) && ve - vs > 2 &&
            (t->cp[ve - 1] == 0x300B || t->cp[ve - 1] == 0x201D)) {
            vs++;
            ve--;
        }
        if (set_title(l, t, vs, ve))
            return;
    }
    for (size_t k = 0; k < m->n_blocks; k++)
        if (find_quoted_title(t, m->blocks[k][0], m->blocks[k][1], 1, l))
            return;
    if (find_quoted_title(t, m->open_a, m->open_b, 1, l) ||
        find_plain_title(t, m->open_a, m->open_b, l, &f->title_kind_end))
        return;
    find_quoted_title(t, m->open_a, m->open_b, 0, l);
}

/* The kind word of the opening sentence outside the title: "“…”的提案交由我局办理". */
static void find_kind_in_opening(const struct ctext *t, const struct marks *m, struct found *f)
{
    size_t pos = 0;
    size_t a = m->open_a;
    const char *k = kind_in(t, a, m->open_b, 1, &pos);
    if (k && f->title_kind_end != NPOS && pos + 2 == f->title_kind_end)
        k = kind_in(t, pos + 2, m->open_b, 1, &pos);
    f->kind_body = k;
}

/* The signing date (the last sign-off date of the reply, or one that lost its
 * 年月日), else the page's stated signing or publication date, else a date alone in
 * the header region. Sets f->signoff to where the signing date stands. */
static void find_date(const struct ctext *t, const struct marks *m, struct found *f,
                      struct letter *l)
{
    char out[11];
    char last[11] = "";
    size_t from = m->open_a;
    size_t tail = m->reply_end > from + 1500 ? m->reply_end - 1500 : from;
    f->signoff = NPOS;
    for (size_t i = tail; i < m->reply_end; i++) {
        size_t e = read_date(t, i, m->reply_end, out);
        if (e == NPOS)
            continue;
        size_t ls = line_start(t, i);
        if (is_signoff_date(t, i, e) && !is_trailer_line(t, ls, line_end(t, i))) {
            memcpy(last, out, 11);
            f->signoff = i;
        }
        i = e - 1;
    }
    /* a date that lost its 年月日 */
    for (size_t ls = tail; !last[0] && ls < m->reply_end;) {
        size_t le = line_end(t, ls);
        if (read_bare_date(t, ls, le, out)) {
            memcpy(last, out, 11);
            f->signoff = ls;
        }
        ls = le + 1;
    }
    /* a signing date stated in the page's form, then the publication date */
    size_t vs = 0;
    size_t ve = 0;
    const char *const *labels[] = {signed_date_labels, pub_date_labels};
    for (int k = 0; k < 2 && !last[0]; k++)
        if (form_value(t, m->head_start, m->head_end, labels[k], &vs, &ve))
            for (size_t i = vs; i < ve && !last[0]; i++)
                if (read_date(t, i, ve, out) != NPOS)
                    memcpy(last, out, 11);
    /* a date on a line of its own before the letter (the page's metadata) */
    for (size_t ls = m->head_start; !last[0] && ls < m->head_end;) {
        size_t le = line_end(t, ls);
        if (le > m->head_end)
            le = m->head_end;
        if (!is_paragraph(t, ls, le))
            for (size_t i = ls; i < le && !last[0]; i++)
                if (read_date(t, i, le, out) != NPOS)
                    memcpy(last, out, 11);
        ls = le + 1;
    }
    if (last[0])
        set_cstr(&l->date, last);
}

/* ---- the whole letter ---- */

/* The stored text: the lines from the start to the end, page meta lines above the
 * salutation left out. Returns 0, or -1 when out of memory. */
static int build_text(const struct ctext *t, const struct marks *m, struct letter *l)
{
    struct buf out = BUF_INIT;
    int rc = 0;
    for (size_t ls = m->start; ls < m->end && !rc;) {
        size_t le = line_end(t, ls);
        if (le > m->end)
            le = m->end;
        int meta = ls > m->start && (m->sal == NPOS || ls < m->sal) &&
                   line_starts_with_any(t, ls, chrome_meta);
        /* one blank line at most where meta lines were left out */
        int blank = le == ls && out.len >= 2 && out.data[out.len - 1] == '\n' &&
                    out.data[out.len - 2] == '\n';
        if (!meta && !blank) {
            rc = buf_add(&out, t->s + t->off[ls], t->off[le] - t->off[ls]);
            if (!rc && le < m->end)
                rc = buf_addch(&out, '\n');
        }
        ls = le + 1;
    }
    buf_trim(&out);
    if (!rc)
        rc = letter_set(&l->text, out.data, out.len);
    buf_release(&out);
    return rc;
}

/* 提案 belongs to the CPPCC, 建议 and 议案 to the congress. */
static const char *body_of_kind(const char *kind)
{
    if (!kind)
        return NULL;
    return !strcmp(kind, "提案") ? "政协" : "人大";
}

/* Body, then kind, from what was found: the meeting names the body; a kind word by
 * the number or in the header names both; then the addressee's role (委员 -> 政协,
 * 代表 -> 人大); then the opening sentence's kind word; last the word that ends the
 * title, only when it agrees with the body (a 委员's "…的建议" is a 提案 not stated). */
static void resolve_body_kind(const struct ctext *t, const struct marks *m, struct found *f,
                              struct letter *l)
{
    const char *kind = f->kind_near;
    if (!l->body && kind)
        set_cstr(&l->body, body_of_kind(kind));
    if (!l->body && m->sal != NPOS && m->role)
        set_cstr(&l->body, m->role == ROLE_WEIYUAN ? "政协" : "人大");
    if (!l->body && m->sal != NPOS && m->sal_kind == SAL_DEPT) {
        if (find(t, m->open_a, m->open_b, "委员") != NPOS)
            set_cstr(&l->body, "政协");
        else if (find(t, m->open_a, m->open_b, "代表") != NPOS)
            set_cstr(&l->body, "人大");
    }
    if (!kind && f->kind_body && (!l->body || !strcmp(l->body, body_of_kind(f->kind_body))))
        kind = f->kind_body;
    if (!kind && l->title) {
        struct buf s = BUF_INIT;
        if (!simplify(l->title, &s)) {
            for (int k = 0; kinds[k]; k++)
                if (ends_with_str(s.data, kinds[k]) &&
                    (!l->body || !strcmp(l->body, body_of_kind(kinds[k]))))
                    kind = kinds[k];
        }
        buf_release(&s);
    }
    if (kind)
        set_cstr(&l->kind, kind);
    if (!l->body && kind)
        set_cstr(&l->body, body_of_kind(kind));
}

int letter_parse(const char *text, size_t len, struct letter *l, unsigned *missing, struct diag *d)
{
    struct buf clean = BUF_INIT;
    struct ctext t = {0};
    struct marks m = {0};
    struct found f = {NULL, NULL, NPOS, NPOS};
    int rc = -1;
    if (clean_text(text, len, &clean) || ctext_init(&t, clean.data) || find_landmarks(&t, &m)) {
        diag_error(d, "out of memory");
        goto cleanup;
    }
    find_meeting_number_kind(&t, &m, l, &f);
    find_title(&t, &m, l, &f);
    find_kind_in_opening(&t, &m, &f);
    find_date(&t, &m, &f, l);
    find_department(&t, &m, &f, l);
    find_delegates(&t, &m, l);
    for (size_t k = 0; k < m.n_blocks && !l->doc_number; k++)
        find_doc_number(&t, m.blocks[k][0], m.blocks[k][1], l);
    if (!l->doc_number && f.signoff != NPOS) {
        /* a doc number after the sign-off, on a line of its own */
        size_t ls = line_end(&t, f.signoff);
        for (int lines = 0; lines < 6 && ls < m.reply_end && !l->doc_number; lines++) {
            size_t le = line_end(&t, ls + 1);
            if (!is_paragraph(&t, ls + 1, le))
                find_doc_number(&t, ls + 1, le, l);
            ls = le;
        }
    }
    for (size_t k = 0; k < m.n_blocks && !l->category; k++)
        find_category(&t, m.blocks[k][0], m.blocks[k][1], 1, l);
    if (!l->category) {
        size_t ts = m.reply_end > 400 ? m.reply_end - 400 : 0;
        if (ts < m.open_a)
            ts = m.open_a;
        find_category(&t, ts, m.end, 0, l);
    }
    resolve_body_kind(&t, &m, &f, l);
    region_from_department(l);
    simplify_region(l);
    if (build_text(&t, &m, l)) {
        diag_error(d, "out of memory");
        goto cleanup;
    }
    if (m.sal == NPOS && !l->term && !l->number && !l->kind &&
        !has_any(&t, m.start, m.head_end > m.start ? m.head_end : m.end, header_words)) {
        diag_error(d, "not a reply letter: no salutation, header or proposal number found");
        goto cleanup;
    }
    if (missing) {
        unsigned miss = 0;
        miss |= l->body ? 0 : LP_BODY;
        miss |= l->level ? 0 : LP_LEVEL;
        /* a national letter has no region to find */
        miss |= l->region || (l->level && !strcmp(l->level, "全国")) ? 0 : LP_REGION;
        miss |= l->term ? 0 : LP_TERM;
        miss |= l->session ? 0 : LP_SESSION;
        miss |= l->kind ? 0 : LP_KIND;
        miss |= l->number ? 0 : LP_NUMBER;
        miss |= l->department ? 0 : LP_DEPARTMENT;
        miss |= l->n_delegates ? 0 : LP_DELEGATES;
        miss |= l->title ? 0 : LP_TITLE;
        miss |= l->doc_number ? 0 : LP_DOC_NUMBER;
        miss |= l->date ? 0 : LP_DATE;
        miss |= l->category ? 0 : LP_CATEGORY;
        *missing = miss;
    }
    rc = 0;
cleanup:
    free(m.blocks);
    ctext_release(&t);
    buf_release(&clean);
    return rc;
}

const char *letter_parse_field_name(unsigned bit)
{
    static const char *const names[] = {
        "body",       "level",     "region", "term",       "session", "kind",    "number",
        "department", "delegates", "title",  "doc_number", "date",    "category"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (bit == 1u << i)
            return names[i];
    return "?";
}
