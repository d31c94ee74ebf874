/*
 * letter_parse: reply letter text -> fields (see letter_parse.h).
 *
 * The text is cleaned (HTML comments out, line ends unified, lines trimmed) and
 * decoded once into an array of code points with their byte offsets. The code
 * points are in a matching form (simplified, full-width ASCII folded), so one
 * pattern serves 委員/委员 and ：/:, while each field is still copied out of the
 * original bytes exactly as written. Every finder scans a bounded window, which keeps
 * the whole parse linear in the input.
 */
#include "letter_parse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"

struct ctext {
    const char *s;  /* cleaned UTF-8 text */
    uint32_t *cp;   /* its code points in matching form (pinyin annotations left out) */
    size_t *off;    /* byte offset of cp[i] in s; off[n] = strlen(s) */
    size_t n;
    size_t *lines;  /* cp index of each line's first character, ascending */
    size_t n_lines;
};

/* The letter's landmarks, as code point indexes into the cleaned text. */
struct marks {
    size_t start;    /* first character of the letter proper */
    size_t end;      /* one past its last character (page chrome after) */
    size_t sal;      /* start of the salutation line, or SIZE_MAX */
    size_t sal_end;  /* after the salutation's colon */
    size_t head_end; /* end of the header region (sal, or a bounded window) */
    int sal_group;   /* the addressee is an organisation: 1 a proposing group, 0 not */
};

#define NPOS ((size_t)-1)

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
    case 0x4E00: return 1; /* 一 */
    case 0x4E8C: return 2; /* 二 */
    case 0x4E24: return 2; /* 两 */
    case 0x4E09: return 3; /* 三 */
    case 0x56DB: return 4; /* 四 */
    case 0x4E94: return 5; /* 五 */
    case 0x516D: return 6; /* 六 */
    case 0x4E03: return 7; /* 七 */
    case 0x516B: return 8; /* 八 */
    case 0x4E5D: return 9; /* 九 */
    case 0x5341: return 10; /* 十 */
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

/* HTML comments out, CR LF -> LF, NBSP/ideographic space kept, each line trimmed,
 * runs of blank lines collapsed to one. */
static int clean_text(const char *s, size_t len, struct buf *out)
{
    struct buf line = BUF_INIT;
    int blank_run = 0;
    size_t i = 0;
    int rc = 0;
    while (i <= len && !rc) {
        if (i + 4 <= len && !memcmp(s + i, "<!--", 4)) {
            const char *e = NULL;
            for (size_t k = i + 4; k + 3 <= len; k++)
                if (!memcmp(s + k, "-->", 3)) {
                    e = s + k;
                    break;
                }
            i = e ? (size_t)(e - s) + 3 : len;
            continue;
        }
        if (i == len || s[i] == '\n' || s[i] == '\r') {
            /* trim the line: ASCII space, tab, NBSP, U+3000 */
            size_t a = 0;
            size_t b = line.len;
            for (;;) {
                size_t p = a;
                if (p >= b)
                    break;
                uint32_t c = utf8_next(line.data, b, &p);
                if (!is_space(c))
                    break;
                a = p;
            }
            while (b > a) {
                size_t k = b - 1;
                while (k > a && ((unsigned char)line.data[k] & 0xC0) == 0x80)
                    k--;
                size_t p = k;
                uint32_t c = utf8_next(line.data, b, &p);
                if (!is_space(c))
                    break;
                b = k;
            }
            if (a == b) {
                if (!blank_run && out->len)
                    rc = buf_addch(out, '\n');
                blank_run = 1;
            } else {
                blank_run = 0;
                rc = buf_add(out, line.data + a, b - a);
                if (!rc)
                    rc = buf_addch(out, '\n');
            }
            buf_clear(&line);
            if (i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
                i++;
            i++;
            continue;
        }
        rc = buf_addch(&line, s[i]);
        i++;
    }
    buf_release(&line);
    while (!rc && out->len && out->data[out->len - 1] == '\n')
        buf_truncate(out, out->len - 1);
    return rc;
}

/* The form patterns are matched in: full-width ASCII folded to ASCII, Traditional
 * to Simplified. One code point to one, so indexes still map to the original. */
static uint32_t match_form(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFEE0;
    if (c == 0x3000)
        return ' ';
    if (c >= 0x3400)
        return text_t2s(c);
    return c;
}

static int is_pinyin_letter(uint32_t c)
{
    static const uint16_t toned[] = {0xE0,  0xE1,  0xE8,  0xE9,  0xEC,  0xED,  0xF2,  0xF3,
                                     0xF9,  0xFA,  0xFC,  0x101, 0x113, 0x11B, 0x12B, 0x144,
                                     0x148, 0x14D, 0x16B, 0x1CE, 0x1D0, 0x1D2, 0x1D4, 0x1D6,
                                     0x1D8, 0x1DA, 0x1DC, 0x1F9};
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

static void ctext_release(struct ctext *t)
{
    free(t->cp);
    free(t->off);
    free(t->lines);
}

/* ---- landmarks ---- */

static const char *const chrome_after[] = {
    "相关阅读", "版权声明", "上一篇", "下一篇", "主办单位", "扫一扫", "责任编辑", "关闭",
    "【关闭",   "最新内容", "热点内容", "【打印", "打印本页", "分享到", "网站地图", "技术支持",
    "版权所有", "当前位置", "您的当前位置", "相关链接", "相关文章", "附件下载", "【字体",
    "返回顶部", "主办:", "承办:", "网站标识码", NULL};

static const char *const chrome_meta[] = {
    "发布时间", "发布日期", "来源:", "来源:", "信息来源", "字号", "字体", "浏览次数",
    "阅读次数", "访问次数", "分享到", "当前位置", "您的当前位置", "首页", "更新时间",
    "文章播报", "今天是", "欢迎访问", "无障碍", "作者:", "浏览次数", NULL};

static int line_starts_with_any(const struct ctext *t, size_t ls, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (at(t, ls, words[k]))
            return 1;
    return 0;
}

/* Words that end a salutation before its colon, longest first. */
static const char *const sal_suffix[] = {"代表您好", "委员您好", "同志您好", "代表们",
                                         "委员们", "代表", "委员", "同志", "您好", NULL};

static const char *const org_suffix[] = {
    "委员会", "人民政府", "办公室", "政府", "管委会", "中心", "局", "厅", "委", "办",
    "院", "所", "站", "队", "部", "会", "署", "处", "行", "馆", "社", "公司", "支部", "党",
    NULL};

static int ends_with_org(const struct ctext *t, size_t a, size_t b)
{
    for (int k = 0; org_suffix[k]; k++)
        if (ends_with(t, a, b, org_suffix[k]))
            return 1;
    return 0;
}

/* Proposing groups: parties, federations, CPPCC committees and sectors. */
static const char *const group_words[] = {"致公党", "民盟", "民进", "民革", "民建", "农工党",
                                          "九三学社", "台盟", "工商联", "政协", "党派",
                                          "小组", "界别", "联组", "总工会", "妇联", "共青团",
                                          NULL};

static int is_group(const struct ctext *t, size_t a, size_t b)
{
    for (int k = 0; group_words[k]; k++)
        if (find(t, a, b, group_words[k]) != NPOS)
            return 1;
    return 0;
}

/* Start of the name before the salutation's suffix: back to the line start or a
 * space or punctuation. */
static size_t name_start(const struct ctext *t, size_t ls, size_t b)
{
    size_t a = b;
    while (a > ls) {
        uint32_t c = t->cp[a - 1];
        if (is_han(c) || c == 0x3001 /* 、 */ || c == 0xFF0C /* ， */ || c == ',' ||
            c == 0x00B7 || c == 0x30FB || digit_val(c) >= 0 || (c == ' ' && a - 1 > ls &&
            is_han(t->cp[a - 2]) && b - a < 4))
            a--;
        else
            break;
    }
    return a;
}

/* Finds the salutation: "NAME代表:" and its variants. */
static void find_salutation(const struct ctext *t, struct marks *m)
{
    m->sal = NPOS;
    m->sal_group = -1;
    size_t limit = t->n;
    for (size_t i = 0; i < limit; i++) {
        if (!is_colon(t->cp[i]))
            continue;
        size_t ls = line_start(t, i);
        size_t b = i;
        while (b > ls && t->cp[b - 1] == ' ')
            b--;
        for (int k = 0; sal_suffix[k]; k++) {
            if (!ends_with(t, ls, b, sal_suffix[k]))
                continue;
            size_t a = name_start(t, ls, b - needle_len(sal_suffix[k]));
            size_t name_len = b - a;
            if (name_len < 2 || name_len > 400)
                continue;
            m->sal = a;
            m->sal_end = i + 1;
            return;
        }
        /* An organisation as addressee: a group that proposed ("致公党广州市委员会:")
         * or the department that leads the reply ("省教育厅:"). */
        size_t a = name_start(t, ls, b);
        if (a == ls && b - a >= 3 && b - a <= 30 && ends_with_org(t, a, b) &&
            i < t->n / 2) {
            m->sal = a;
            m->sal_end = i + 1;
            m->sal_group = is_group(t, a, b);
            return;
        }
    }
}

static const char *const header_words[] = {"答复", "复函", "回复", "办理意见", "会办意见",
                                           "办理情况", "答 复", "办理结果", NULL};

static int line_has_any(const struct ctext *t, size_t ls, size_t le, const char *const *w)
{
    for (int k = 0; w[k]; k++)
        if (find(t, ls, le, w[k]) != NPOS)
            return 1;
    return 0;
}

static void find_bounds(const struct ctext *t, struct marks *m)
{
    find_salutation(t, m);
    size_t sal_line = m->sal == NPOS ? NPOS : line_start(t, m->sal);
    /* Start: the first line before the salutation that reads as the header. */
    m->start = sal_line == NPOS ? 0 : sal_line;
    size_t scan_end = sal_line == NPOS ? (t->n < 2000 ? t->n : 2000) : sal_line;
    for (size_t ls = 0; ls < scan_end;) {
        size_t le = line_end(t, ls);
        if (!line_starts_with_any(t, ls, chrome_meta) &&
            (line_has_any(t, ls, le, header_words) || find(t, ls, le, "届") != NPOS ||
             find(t, ls, le, "〔") != NPOS)) {
            m->start = ls;
            break;
        }
        ls = le + 1;
    }
    m->head_end = m->sal != NPOS ? m->sal : (m->start + 400 < t->n ? m->start + 400 : t->n);
    /* End: the first chrome line after the salutation, or a repeat of the page. */
    size_t from = m->sal != NPOS ? m->sal_end : m->start;
    m->end = t->n;
    size_t first_le = line_end(t, m->start);
    for (size_t ls = line_end(t, from); ls < t->n;) {
        ls++; /* past '\n' */
        if (ls >= t->n)
            break;
        size_t le = line_end(t, ls);
        int dup = le - ls == first_le - m->start && le > ls &&
                  !memcmp(t->cp + ls, t->cp + m->start, (le - ls) * sizeof *t->cp);
        if (line_starts_with_any(t, ls, chrome_after) || dup) {
            m->end = ls;
            break;
        }
        ls = le;
    }
    /* The seed's flattened page ends the letter with " |". */
    while (m->end > m->start && (is_space(t->cp[m->end - 1]) || t->cp[m->end - 1] == '|'))
        m->end--;
}

/* ---- meeting: 省十四届人大一次会议 and its variants ---- */

static const char *const level_chars[][2] = {
    {"省", "省"}, {"市", "市"}, {"县", "县"}, {"区", "区"}, {"镇", "镇"},
    {"乡", "镇"}, {"旗", "县"}, {"州", "市"}, {NULL, NULL}};

static const char *level_of(const struct ctext *t, size_t a, size_t b)
{
    for (int k = 0; level_chars[k][0]; k++)
        if (ends_with(t, a, b, level_chars[k][0]))
            return level_chars[k][1];
    return NULL;
}

static const char *const region_cut[] = {"关于", "对", "于", "在", "的", "届", "次",
                                         "政协", "人大", "召开", "第", "年", NULL};

static int parse_meeting(const struct ctext *t, size_t a, size_t b, struct letter *l,
                         size_t *meeting_end)
{
    for (size_t j = find(t, a, b, "届"); j != NPOS; j = find(t, j + 1, b, "届")) {
        size_t ns = j;
        while (ns > a && is_num_char(t->cp[ns - 1]))
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
            while (ss > j && is_num_char(t->cp[ss - 1]))
                ss--;
            session = parse_num(t, ss, ci);
            if (session > 0 && session < 30)
                mend = ci + 1;
            else
                session = 0;
        }
        size_t mi = find(t, mend, wend, "会议");
        if (mi != NPOS)
            mend = mi + 2;
        else if ((mi = find(t, j, wend, "委员会")) != NPOS)
            mend = mi + 3;
        /* body */
        size_t ws = p > a + 12 ? p - 12 : a;
        if (find(t, ws, mend, "政协") != NPOS || find(t, ws, mend, "政治协商") != NPOS ||
            find(t, j, mend, "委员会") != NPOS)
            set_cstr(&l->body, "政协");
        else if (find(t, ws, mend, "人大") != NPOS || find(t, j, mend, "代表大会") != NPOS)
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
        for (int k = 0; region_cut[k]; k++) {
            size_t c = rfind(t, rs, re, region_cut[k]);
            if (c != NPOS)
                rs = c + needle_len(region_cut[k]);
        }
        if (find(t, j, mend, "全国") != NPOS || ends_with(t, a, re, "全国")) {
            set_cstr(&l->level, "全国");
        } else {
            const char *lv = level_of(t, rs, re);
            if (lv) {
                set_cstr(&l->level, lv);
                if (re - rs >= 2)
                    set_field(&l->region, t, rs, re);
            }
        }
        *meeting_end = mend;
        return 1;
    }
    return 0;
}

/* Region from the department's name when the meeting says only 省/县: the name's
 * prefix up to the first level character. */
static void region_from_department(struct letter *l)
{
    if (l->region || !l->level || !l->department || !strcmp(l->level, "全国"))
        return;
    /* Look in the simplified form: 饒平縣 reads as 饶平县. */
    struct buf dep = BUF_INIT;
    size_t len = strlen(l->department);
    size_t i = 0;
    while (i < len)
        buf_add_cp(&dep, text_t2s(utf8_next(l->department, len, &i)));
    const char *lv = l->level;
    const char *alt = !strcmp(lv, "县") ? "旗" : !strcmp(lv, "镇") ? "乡" : NULL;
    const char *p = strstr(dep.data, lv);
    const char *q = alt ? strstr(dep.data, alt) : NULL;
    if (!p || (q && q < p))
        p = q;
    if (p && p != dep.data) {
        size_t n = (size_t)(p - dep.data) + strlen(lv);
        if (n <= 8 * 3 + 3)
            letter_set(&l->region, dep.data, n);
    }
    buf_release(&dep);
}

/* Regions are kept in simplified form, whatever the letter's script: one place,
 * one name (嶽陽縣 and 岳阳县 are the same county). */
static void simplify_region(struct letter *l)
{
    if (!l->region)
        return;
    struct buf b = BUF_INIT;
    size_t len = strlen(l->region);
    size_t i = 0;
    while (i < len)
        buf_add_cp(&b, text_t2s(utf8_next(l->region, len, &i)));
    letter_set(&l->region, b.data, b.len);
    buf_release(&b);
}

/* ---- number, kind ---- */

static int is_open_bracket(uint32_t c)
{
    return c == 0x3014 || c == '[' || c == '(' || c == 0xFF08 || c == 0xFE5D || c == 0x3010 ||
           c == 0xFF3B;
}

static int is_close_bracket(uint32_t c)
{
    return c == 0x3015 || c == ']' || c == ')' || c == 0xFF09 || c == 0xFE5E || c == 0x3011 ||
           c == 0xFF3D;
}

static size_t find_number(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    for (size_t h = find(t, a, b, "号"); h != NPOS; h = find(t, h + 1, b, "号")) {
        size_t ds = h;
        while (ds > a && digit_val(t->cp[ds - 1]) >= 0)
            ds--;
        if (ds == h || h - ds > 10)
            continue;
        if (ds > a && (is_close_bracket(t->cp[ds - 1]) || t->cp[ds - 1] == '-'))
            continue; /* a doc number: 〔2023〕266号, 30-17号 */
        size_t ns = ds;
        if (ds >= 2 && is_han(t->cp[ds - 1]) && !at(t, ds - 1, "第") &&
            cn_val(t->cp[ds - 1]) < 0 &&
            (at(t, ds - 2, "第") || at(t, ds - 2, "议") || !is_han(t->cp[ds - 2])))
            ns = ds - 1; /* a delegation prefix: 台52 */
        set_field(&l->number, t, ns, h);
        return h + 1;
    }
    return NPOS;
}

static const char *const kinds[] = {"建议", "议案", "提案", NULL};

static void find_kind(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    size_t best = NPOS;
    const char *which = NULL;
    for (int k = 0; kinds[k]; k++) {
        size_t i = find(t, a, b, kinds[k]);
        if (i != NPOS && (best == NPOS || i < best)) {
            best = i;
            which = kinds[k];
        }
    }
    if (which)
        set_cstr(&l->kind, which);
}

/* ---- department ---- */

static int plausible_org(const struct ctext *t, size_t a, size_t b)
{
    if (b <= a || b - a < 3 || b - a > 30)
        return 0;
    for (size_t i = a; i < b; i++)
        if (!is_han(t->cp[i]) && t->cp[i] != 0xFF08 && t->cp[i] != 0xFF09 &&
            t->cp[i] != '(' && t->cp[i] != ')')
            return 0;
    return ends_with_org(t, a, b);
}

static void find_department(const struct ctext *t, const struct marks *m, size_t hdr,
                            struct letter *l)
{
    /* 1. the header: "湖南省工业和信息化厅对省…" / "…局关于…" */
    if (hdr != NPOS) {
        size_t ls = line_start(t, hdr);
        size_t le = line_end(t, ls);
        size_t cut = NPOS;
        size_t c1 = find(t, ls, le, "关于");
        size_t c2 = find(t, ls, le, "对");
        cut = c1 < c2 ? c1 : c2;
        if (cut != NPOS && plausible_org(t, ls, cut)) {
            set_field(&l->department, t, ls, cut);
            return;
        }
    }
    /* 2. the sign-off: an organisation alone on a line, or before the date. */
    size_t from = m->sal != NPOS ? m->sal_end : m->start;
    for (size_t e = m->end; e > from;) {
        size_t ls = line_start(t, e - 1);
        size_t le = e;
        while (le > ls && t->cp[le - 1] == '\n')
            le--;
        size_t a = ls;
        size_t b = le;
        /* flattened sign-off: "... 支持。 湖南省工业和信息化厅 2023年5月12日" */
        while (b > a && (is_space(t->cp[b - 1]) || is_num_char(t->cp[b - 1]) ||
                         at(t, b - 1, "年") || at(t, b - 1, "月") || at(t, b - 1, "日") ||
                         t->cp[b - 1] == '-' || t->cp[b - 1] == '.'))
            b--;
        size_t s = b;
        while (s > a && !is_space(t->cp[s - 1]) && t->cp[s - 1] != 0x3002)
            s--;
        if (plausible_org(t, s, b)) {
            set_field(&l->department, t, s, b);
            return;
        }
        if (ls <= from || e - ls > 200 || m->end - ls > 600)
            break;
        e = ls;
    }
    /* 3. the line just above the header */
    if (hdr != NPOS) {
        size_t ls = line_start(t, hdr);
        if (ls > 0) {
            size_t pls = line_start(t, ls - 1);
            if (plausible_org(t, pls, ls - 1))
                set_field(&l->department, t, pls, ls - 1);
        }
    }
}

/* ---- salutation -> delegates ---- */

/* "张振华代表提出的…" in the first sentence, when the letter is addressed to a
 * department rather than to the proposer. */
static void find_body_proposer(const struct ctext *t, const struct marks *m, struct letter *l)
{
    size_t a = m->sal_end;
    size_t b = a + 80 < m->end ? a + 80 : m->end;
    static const char *const marks_[] = {"代表提出", "委员提出", "代表等提出", "等代表提出",
                                         "等委员提出", NULL};
    for (int k = 0; marks_[k]; k++) {
        size_t i = find(t, a, b, marks_[k]);
        if (i == NPOS)
            continue;
        size_t ns = i;
        while (ns > a && is_han(t->cp[ns - 1]) && i - ns < 4)
            ns--;
        if (i - ns >= 2) {
            letter_add_delegate(l, t->s + t->off[ns], t->off[i] - t->off[ns]);
            return;
        }
    }
}

static void find_delegates(const struct ctext *t, const struct marks *m, struct letter *l)
{
    if (m->sal == NPOS)
        return;
    if (m->sal_group == 0) {
        find_body_proposer(t, m, l);
        return;
    }
    size_t a = m->sal;
    size_t b = m->sal_end - 1;
    while (b > a && t->cp[b - 1] == ' ')
        b--;
    for (int k = 0; sal_suffix[k]; k++)
        if (ends_with(t, a, b, sal_suffix[k])) {
            b -= needle_len(sal_suffix[k]);
            break;
        }
    if (at(t, a, "尊敬的"))
        a += 3;
    while (b > a && t->cp[b - 1] == ' ')
        b--;
    /* "张三等13位" / "余秀华9名" / "张三等" : lead delegate and stated count */
    size_t deng = find(t, a, b, "等");
    size_t cnt_end = b;
    if (ends_with(t, a, b, "位") || ends_with(t, a, b, "名"))
        cnt_end = b - 1;
    size_t ds = cnt_end;
    while (ds > a && is_num_char(t->cp[ds - 1]))
        ds--;
    if (ds < cnt_end && cnt_end < b) {
        long c = parse_num(t, ds, cnt_end);
        if (c > 0)
            l->delegate_count = (int)c;
        b = ds;
    }
    if (deng != NPOS && deng < b)
        b = deng;
    size_t s = a;
    for (size_t i = a; i <= b; i++) {
        if (i == b || t->cp[i] == 0x3001 || t->cp[i] == 0xFF0C || t->cp[i] == ',' ||
            t->cp[i] == ' ') {
            size_t x = s;
            size_t y = i;
            if (y > x) {
                size_t bx = t->off[x];
                letter_add_delegate(l, t->s + bx, t->off[y] - bx);
            }
            s = i + 1;
        }
    }
}

/* ---- title ---- */

static int find_title(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    size_t o = find(t, a, b, "《");
    if (o != NPOS) {
        size_t c = find(t, o + 1, o + 200 < b ? o + 200 : b, "》");
        if (c != NPOS && c > o + 1) {
            set_field(&l->title, t, o + 1, c);
            return 1;
        }
    }
    size_t q = find(t, a, b, "“");
    if (q != NPOS) {
        size_t c = find(t, q + 1, q + 200 < b ? q + 200 : b, "”");
        if (c != NPOS && c > q + 3) {
            set_field(&l->title, t, q + 1, c);
            return 1;
        }
    }
    return 0;
}

static void find_title_unquoted(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    size_t g = find(t, a, b, "关于");
    if (g == NPOS)
        return;
    size_t lim = g + 120 < b ? g + 120 : b;
    size_t best = NPOS;
    for (int k = 0; kinds[k]; k++) {
        size_t e = find(t, g, lim, kinds[k]);
        if (e != NPOS && (best == NPOS || e < best))
            best = e;
    }
    if (best != NPOS)
        set_field(&l->title, t, g, best + 2);
}

/* ---- doc number: 湘工信建议函[2023]266号 ---- */

static int find_doc_number(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    for (size_t i = a; i + 6 < b; i++) {
        if (!is_open_bracket(t->cp[i]))
            continue;
        size_t y = i + 1;
        size_t k = 0;
        while (y < b && digit_val(t->cp[y]) >= 0 && k < 4) {
            y++;
            k++;
        }
        if (k != 4)
            continue;
        size_t ps = i;
        while (ps > a && is_han(t->cp[ps - 1]) && i - ps < 10)
            ps--;
        if (ps == i)
            continue;
        size_t e = y;
        int closed = 0;
        if (e < b && is_close_bracket(t->cp[e])) {
            e++;
            closed = 1;
        }
        size_t ds = e;
        while (e < b && (digit_val(t->cp[e]) >= 0 || (t->cp[e] == '-' && e > ds)))
            e++;
        if (e == ds)
            continue;
        if (e < b && at(t, e, "号"))
            e++;
        else if (closed)
            continue;
        /* cut a header word glued before the prefix */
        static const char *const glue[] = {"答复", "复函", "的函", NULL};
        for (int g = 0; glue[g]; g++) {
            size_t c = rfind(t, ps, i, glue[g]);
            if (c != NPOS)
                ps = c + needle_len(glue[g]);
        }
        if (ps == i)
            continue;
        set_field(&l->doc_number, t, ps, e);
        return 1;
    }
    return 0;
}

/* ---- dates ---- */

static int valid_date(long y, long mo, long d)
{
    return y >= 1949 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

static void format_date(char out[11], long y, long mo, long d)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y, mo, d);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

/* Tries to read a date starting at i; on success writes YYYY-MM-DD into out and
 * returns the index after it, else NPOS. */
static size_t read_date(const struct ctext *t, size_t i, size_t b, char out[11])
{
    size_t y0 = i;
    size_t y1 = y0;
    while (y1 < b && is_num_char(t->cp[y1]) && y1 - y0 < 4)
        y1++;
    if (y1 - y0 != 4)
        return NPOS;
    long y = parse_num(t, y0, y1);
    size_t p = y1;
    while (p < b && t->cp[p] == ' ')
        p++;
    uint32_t sep = p < b ? t->cp[p] : 0;
    int cn = sep == 0x5E74; /* 年 */
    if (!cn && sep != '-' && sep != '.' && sep != '/')
        return NPOS;
    p++;
    while (p < b && t->cp[p] == ' ')
        p++;
    size_t m0 = p;
    while (p < b && is_num_char(t->cp[p]) && p - m0 < 3)
        p++;
    long mo = parse_num(t, m0, p);
    while (p < b && t->cp[p] == ' ')
        p++;
    if (cn ? !(p < b && at(t, p, "月")) : !(p < b && t->cp[p] == sep))
        return NPOS;
    p++;
    while (p < b && t->cp[p] == ' ')
        p++;
    size_t d0 = p;
    while (p < b && is_num_char(t->cp[p]) && p - d0 < 3)
        p++;
    long d = parse_num(t, d0, p);
    if (cn) {
        while (p < b && t->cp[p] == ' ')
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
    for (size_t i = 0; i < n; i++)
        if ((d[i] = digit_val(t->cp[ls + i])) < 0)
            return 0;
    long y = d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3];
    long mo, day;
    if (n == 8) {
        mo = d[4] * 10 + d[5];
        day = d[6] * 10 + d[7];
    } else if (d[4] == 1 && d[5] <= 2 && valid_date(y, 10 + d[5], d[6]) &&
               !valid_date(y, 1, d[5] * 10 + d[6])) {
        mo = 10 + d[5];
        day = d[6];
    } else {
        mo = d[4];
        day = d[5] * 10 + d[6];
    }
    if (!valid_date(y, mo, day))
        return 0;
    format_date(out, y, mo, day);
    return 1;
}

/* The signing date: the last date in the closing part of the letter. */
static void find_date(const struct ctext *t, const struct marks *m, struct letter *l)
{
    char out[11];
    char last[11] = "";
    size_t from = m->sal != NPOS ? m->sal_end : m->start;
    size_t tail = m->end > from + 800 ? m->end - 800 : from;
    for (size_t i = tail; i < m->end; i++) {
        size_t e = read_date(t, i, m->end, out);
        if (e != NPOS) {
            memcpy(last, out, 11);
            i = e - 1;
        }
    }
    if (!last[0]) {
        for (size_t ls = tail; ls < m->end;) {
            size_t le = line_end(t, ls);
            if (read_bare_date(t, ls, le, out))
                memcpy(last, out, 11);
            ls = le + 1;
        }
    }
    if (!last[0]) {
        /* a date in the header or the page's publication line */
        size_t hend = m->sal != NPOS ? m->sal : m->end;
        for (size_t i = 0; i < hend && !last[0]; i++) {
            size_t e = read_date(t, i, hend, out);
            if (e != NPOS)
                memcpy(last, out, 11);
        }
    }
    if (last[0])
        set_cstr(&l->date, last);
}

/* ---- category: 类别:A类, (B类), B1类 ---- */

static void find_category(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    for (size_t i = a; i < b; i++) {
        uint32_t c = t->cp[i];
        if (c >= 0xFF21 && c <= 0xFF23)
            c = c - 0xFF21 + 'A';
        if (c != 'A' && c != 'B' && c != 'C')
            continue;
        if (i > a) {
            uint32_t p = t->cp[i - 1];
            if ((p >= 'A' && p <= 'Z') || (p >= 'a' && p <= 'z') || digit_val(p) >= 0)
                continue;
        }
        size_t j = i + 1;
        if (j < b && digit_val(t->cp[j]) >= 0)
            j++;
        while (j < b && t->cp[j] == ' ')
            j++;
        if (j < b && at(t, j, "类")) {
            char s[2] = {(char)c, 0};
            set_cstr(&l->category, s);
            return;
        }
    }
}

/* ---- the whole letter ---- */

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
        if (!meta) {
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

int letter_parse(const char *text, size_t len, struct letter *l, unsigned *missing,
                 struct diag *d)
{
    struct buf clean = BUF_INIT;
    struct ctext t = {0};
    struct marks m;
    int rc = -1;
    if (clean_text(text, len, &clean) || ctext_init(&t, clean.data)) {
        diag_error(d, "out of memory");
        goto cleanup;
    }
    find_bounds(&t, &m);
    size_t hs = m.start;
    size_t he = m.head_end;
    size_t meeting_end = NPOS;
    int has_meeting = parse_meeting(&t, hs, he, l, &meeting_end);
    if (!has_meeting && m.sal != NPOS) {
        size_t be = m.sal_end + 200 < m.end ? m.sal_end + 200 : m.end;
        has_meeting = parse_meeting(&t, m.sal_end, be, l, &meeting_end);
    }
    size_t after_num = find_number(&t, has_meeting && meeting_end < he ? meeting_end : hs, he, l);
    if (after_num == NPOS && m.sal != NPOS) {
        size_t be = m.sal_end + 200 < m.end ? m.sal_end + 200 : m.end;
        after_num = find_number(&t, m.sal_end, be, l);
    }
    if (after_num != NPOS)
        find_kind(&t, after_num, after_num + 12 < t.n ? after_num + 12 : t.n, l);
    if (!l->kind)
        find_kind(&t, hs, he, l);
    /* header line: where the meeting or a header word stands */
    size_t hdr = NPOS;
    for (int k = 0; header_words[k] && hdr == NPOS; k++)
        hdr = find(&t, hs, he, header_words[k]);
    find_department(&t, &m, hdr, l);
    find_delegates(&t, &m, l);
    size_t bs = m.sal != NPOS ? m.sal_end : hs;
    size_t be = bs + 400 < m.end ? bs + 400 : m.end;
    if (!find_title(&t, bs, be, l) && !find_title(&t, hs, he, l))
        find_title_unquoted(&t, bs, be, l);
    if (!l->kind && l->title) {
        size_t tl = strlen(l->title);
        for (int k = 0; kinds[k]; k++)
            if (tl >= 6 && !strcmp(l->title + tl - 6, kinds[k]))
                set_cstr(&l->kind, kinds[k]);
    }
    if (!find_doc_number(&t, hs, he, l))
        find_doc_number(&t, m.start, m.end, l);
    find_date(&t, &m, l);
    find_category(&t, hs, he, l);
    if (!l->category) {
        size_t ts = m.end > 300 ? m.end - 300 : 0;
        if (ts < bs)
            ts = bs;
        find_category(&t, ts, m.end, l);
    }
    if (!l->body) {
        if (l->kind && !strcmp(l->kind, "提案"))
            set_cstr(&l->body, "政协");
        else if (l->kind)
            set_cstr(&l->body, "人大");
        else if (m.sal != NPOS && find(&t, m.sal, m.sal_end, "委员") != NPOS)
            set_cstr(&l->body, "政协");
        else if (m.sal != NPOS && find(&t, m.sal, m.sal_end, "代表") != NPOS)
            set_cstr(&l->body, "人大");
    }
    region_from_department(l);
    simplify_region(l);
    if (build_text(&t, &m, l)) {
        diag_error(d, "out of memory");
        goto cleanup;
    }
    if (m.sal == NPOS && hdr == NPOS && !has_meeting && after_num == NPOS) {
        diag_error(d, "not a reply letter: no salutation, header or proposal number found");
        goto cleanup;
    }
    if (missing) {
        unsigned miss = 0;
        miss |= l->body ? 0 : LP_BODY;
        miss |= l->level ? 0 : LP_LEVEL;
        miss |= l->region ? 0 : LP_REGION;
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
    ctext_release(&t);
    buf_release(&clean);
    return rc;
}

const char *letter_parse_field_name(unsigned bit)
{
    static const char *const names[] = {"body",       "level",     "region",     "term",
                                        "session",    "kind",      "number",     "department",
                                        "delegates",  "title",     "doc_number", "date",
                                        "category"};
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
        if (bit == 1u << i)
            return names[i];
    return "?";
}
