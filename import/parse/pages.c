/*
 * The pages of a document a PDF or a scan was taken out of: a page's number at its
 * foot ("— 2 —", "-2-", "第 2 页 共 3 页", "2/3", "2") is no text of the letter, nor
 * is what the next page repeats at its top (the letterhead, the doc number, the
 * header: a line the letter printed above). A page's top is one also with no
 * number at the foot: a running head that repeats one of the letter's first lines
 * (or two of them as one line) a page's worth below, after a form feed, inside a
 * paragraph that runs on under it, or naming the header; or carrying its page's
 * number beside it (某某局　第2页). They are left out of the raw text
 * before it is cleaned, and the paragraph the break cut is joined again where it
 * runs on (no sentence's or header's end before the break, no indent, list mark,
 * salutation, closing or date after it), so that a title, a name or a sentence a
 * page break cut reads whole, in the fields and in the text searched.
 */
#include "import/parse/parse_int.h"

#include <string.h>

#include "text/text.h"

/* The letter's first lines with text a page's top may repeat, and the longest of
 * them compared, in bytes. */
#define HEAD_LINES 20
#define HEAD_LINE_MAX 240
/* The most lines a page's top repeats. */
#define TOP_LINES 3
/* A running head with no page's number repeats one of the letter's first
 * RUNNING_LINES lines with text, after RUNNING_AFTER lines with text at least
 * (a page's worth, less its letterhead); at most RUNNING_MAX of them are read. */
#define RUNNING_LINES 8
#define RUNNING_AFTER 12
#define RUNNING_MAX 64

/* A line of the raw text: [a, b) its text without the blanks at its ends, e the
 * end of its line (before \n, \r\n or \r), next the start of the line after. */
struct rline {
    size_t a, b, e, next;
};

static struct rline raw_line(const char *s, size_t len, size_t i)
{
    struct rline r = {i, i, i, i};
    size_t e = i;
    while (e < len && s[e] != '\n' && s[e] != '\r')
        e++;
    r.e = e;
    r.next = e + (e < len && s[e] == '\r' && e + 1 < len && s[e + 1] == '\n' ? 2 : 1);
    size_t a = i;
    while (a < e) {
        size_t p = a;
        if (!text_is_space(utf8_next(s, e, &p)))
            break;
        a = p;
    }
    size_t b = e;
    while (b > a) {
        size_t k = b - 1;
        while (k > a && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        size_t p = k;
        if (!text_is_space(utf8_next(s, b, &p)))
            break;
        b = k;
    }
    r.a = a;
    r.b = b;
    return r;
}

static int foot_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

/* Dashes and dots a page's number stands between. */
static int foot_mark(uint32_t c)
{
    return c == '-' || c == 0x2010 || c == 0x2012 || c == 0x2013 || c == 0x2014 || c == 0x2015 ||
           c == 0xFF0D || c == 0x2212 || c == 0xB7 || c == 0x2022 || c == 0x30FB;
}

/* The count of digits (one to three, the first not 0) at c[k], else 0. */
static size_t foot_number(const uint32_t *c, size_t k, size_t n)
{
    size_t d = 0;
    while (k + d < n && foot_digit(c[k + d]))
        d++;
    return d >= 1 && d <= 3 && c[k] != '0' && c[k] != 0xFF10 ? d : 0;
}

/* Is s[a, b) a page's number as a foot prints it: "— 2 —", "-2-", "·2·", "第2页",
 * "第 2 页 共 3 页", "第2页/共3页", "2/3", or the number alone (*bare)? */
static int page_foot(const char *s, size_t a, size_t b, int *bare)
{
    uint32_t c[24];
    size_t n = 0;
    for (size_t i = a; i < b;) {
        uint32_t cp = utf8_next(s, b, &i);
        if (text_is_space(cp))
            continue;
        if (n == sizeof c / sizeof c[0])
            return 0;
        c[n++] = cp;
    }
    size_t x = 0;
    size_t y = n;
    while (x < y && foot_mark(c[x]))
        x++;
    while (y > x && foot_mark(c[y - 1]))
        y--;
    int marked = x > 0 || y < n;
    int paged = x < y && c[x] == 0x7B2C; /* 第 */
    size_t k = x + paged;
    size_t d = foot_number(c, k, y);
    if (!d)
        return 0;
    k += d;
    if (paged) {
        if (k == y || c[k] != 0x9875) /* 页 */
            return 0;
        k++;
    }
    int of = 0;
    if (k < y && (c[k] == ',' || c[k] == 0xFF0C || c[k] == '/' || c[k] == 0xFF0F))
        of = c[k++] != ',' && c[k - 1] != 0xFF0C ? 1 : 2;
    if (k < y && c[k] == 0x5171) { /* 共 3 页 */
        d = foot_number(c, k + 1, y);
        if (!d || k + 1 + d == y || c[k + 1 + d] != 0x9875)
            return 0;
        k += d + 2;
    } else if (of == 1) { /* 2/3 */
        d = foot_number(c, k, y);
        if (!d)
            return 0;
        k += d;
    } else if (of) {
        return 0;
    }
    if (k != y)
        return 0;
    *bare = !marked && !paged && !of;
    return 1;
}

static int raw_has(const char *s, size_t a, size_t b, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = a; i + n <= b; i++)
        if (!memcmp(s + i, w, n))
            return 1;
    return 0;
}

static int raw_opens(const char *s, size_t a, size_t b, const char *w)
{
    size_t n = strlen(w);
    return b - a >= n && !memcmp(s + a, w, n);
}

static int raw_ends(const char *s, size_t a, size_t b, const char *w)
{
    size_t n = strlen(w);
    return b - a >= n && !memcmp(s + b - n, w, n);
}

/* Does s[a, b) hold a sentence's marks (，。；、 or a comma)? */
static int sentences(const char *s, size_t a, size_t b)
{
    static const char *const marks[] = {"，", "。", "；", "、", ",", NULL};
    for (int k = 0; marks[k]; k++)
        if (raw_has(s, a, b, marks[k]))
            return 1;
    return 0;
}

/* Does s[a, b) open a quote or a title it does not close (您提出的《关于…)? */
static int unclosed(const char *s, size_t a, size_t b)
{
    static const char *const pairs[][2] = {{"《", "》"}, {"“", "”"}, {"「", "」"}};
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        int open = 0;
        size_t o = strlen(pairs[k][0]);
        for (size_t i = a; i + o <= b; i++) {
            if (!memcmp(s + i, pairs[k][0], o))
                open = 1;
            else if (!memcmp(s + i, pairs[k][1], o))
                open = 0;
        }
        if (open)
            return 1;
    }
    return 0;
}

/* The digits or numerals (up to five) at *i before b, *i moved past them: a
 * year's four before 年, - or . */
static int year_digits(const char *s, size_t b, size_t *i)
{
    int digits = 0;
    while (*i < b && digits < 5) {
        size_t z = *i;
        uint32_t c = utf8_next(s, b, &z);
        if (!((c >= '0' && c <= '9') || cn_val(c) >= 0 || c == 0x3007 || c == 0x25CB || c == 'O'))
            break;
        digits++;
        *i = z;
    }
    return digits;
}

/* Is the line r (text after the break) a new paragraph's: indented, a list's mark
 * (一、 (一) 1. 1、), a closing, a form's label, a date? */
static int opens_paragraph(const char *s, struct rline r)
{
    static const char *const opens[] = {"此致", "敬礼", "附件", "抄送", "联系", "特此",
                                        "(",    "（",   "【",   "尊敬", NULL};
    if (r.a == r.b)
        return 1;
    for (int k = 0; opens[k]; k++)
        if (raw_opens(s, r.a, r.b, opens[k]))
            return 1;
    /* 一、 二、 … 十、 and 1. 1、 2． */
    size_t p = r.a;
    uint32_t c0 = utf8_next(s, r.b, &p);
    size_t q = p;
    uint32_t c1 = q < r.b ? utf8_next(s, r.b, &q) : 0;
    if ((c0 >= '0' && c0 <= '9') || cn_val(c0) > 0 || c0 == 0x3007) {
        if (c1 == 0x3001 || c1 == '.' || c1 == 0xFF0E)
            return 1;
        /* a date: 2024年, 2024-, 二〇二四年 */
        size_t i = r.a;
        int digits = year_digits(s, r.b, &i);
        if (digits == 4 && (raw_opens(s, i, r.b, "年") || raw_opens(s, i, r.b, "-") ||
                            raw_opens(s, i, r.b, ".") || raw_opens(s, i, r.b, "/")))
            return 1;
    }
    return 0;
}

/* Is the line's start indented as a paragraph's first line is (two blanks or more,
 * an ideographic blank, a tab)? */
static int indented(const char *s, struct rline r)
{
    for (size_t k = r.a; k > 0 && r.a - k < 8; k--) {
        if (s[k - 1] == '\n' || s[k - 1] == '\r')
            break;
        if (s[k - 1] == '\t' || (k >= 3 && !memcmp(s + k - 3, "\u3000", 3)) ||
            (k >= 2 && s[k - 1] == ' ' && s[k - 2] == ' '))
            return 1;
    }
    return 0;
}

/* Does s[a, b) open with a label and its colon, within its first eight
 * characters (承办单位：, 单位负责人:)? */
static int labelled(const char *s, size_t a, size_t b)
{
    size_t i = a;
    for (int k = 0; i < b && k < 9; k++) {
        size_t p = i;
        uint32_t c = utf8_next(s, b, &p);
        if (c == ':' || c == 0xFF1A)
            return k >= 2;
        i = p;
    }
    return 0;
}

/* Does the paragraph on the line before the break, s[pa, pb), run on into the line
 * after it, n? It ends in no sentence's, header's or closing's end, nor as a label
 * or a unit's name before a date; the line after opens no paragraph of its own. */
static int runs_on(const char *s, size_t pa, size_t pb, struct rline n)
{
    if (n.a == n.b || indented(s, n) || opens_paragraph(s, n) || written_break(s, pa, pb, n.a, n.b))
        return 0;
    /* a form's row on either side (承办单位：某某局 / 单位负责人：), or a date that
     * ends the line before (2024年8月9日, the sign-off's) */
    if (labelled(s, pa, pb) || labelled(s, n.a, n.b) ||
        (raw_ends(s, pa, pb, "日") && raw_has(s, pa, pb, "年") && raw_has(s, pa, pb, "月")))
        return 0;
    /* a label's colon, a closing (此致, 此复), a quote's or a bracket's end on a
     * line of no sentence (a header's, a title's line) */
    static const char *const ends[] = {"：", ":", "此致", "此复", "特此函复", "特此答复", NULL};
    static const char *const closes[] = {"”", "》", "」", ")", "）", NULL};
    for (int k = 0; ends[k]; k++)
        if (raw_ends(s, pa, pb, ends[k]))
            return 0;
    for (int k = 0; closes[k]; k++)
        if (raw_ends(s, pa, pb, closes[k]) && !raw_has(s, pa, pb, "，"))
            return 0;
    return 1;
}

/* Is the next line with text after r a signing date alone (2024年6月11日, 二〇二四年
 *六月十一日, or its digits alone when the 年, 月 and 日 were lost: 20211026), or is
 * there none? Then r, a line the letter's first lines hold too,
 * is its unit signing on the page's last lines, not a page's top (unless the
 * unit signed right above the break, and the page's top repeats it over the date). */
static int signs_above(const char *s, size_t len, struct rline r)
{
    struct rline n = r;
    do {
        if (n.next >= len)
            return 1;
        n = raw_line(s, len, n.next);
    } while (n.a == n.b);
    if (n.b - n.a > 45)
        return 0;
    size_t i = n.a;
    int digits = year_digits(s, n.b, &i);
    if (digits == 4 && raw_opens(s, i, n.b, "年") && raw_ends(s, n.a, n.b, "日"))
        return 1;
    /* a date that lost its 年, 月 and 日 (20211026) */
    size_t k = n.a;
    while (k < n.b && s[k] >= '0' && s[k] <= '9')
        k++;
    return k == n.b && k - n.a >= 6 && k - n.a <= 8 && (s[n.a] == '1' || s[n.a] == '2');
}

/* Which of the letter's first lines with text (head[0..nh)) the line r repeats:
 * its index and 1, or 0. */
static size_t head_index(const char *s, struct rline r, const size_t (*head)[2], size_t nh)
{
    size_t n = r.b - r.a;
    if (!n || n > HEAD_LINE_MAX)
        return 0;
    for (size_t k = 0; k < nh; k++)
        if (head[k][1] - head[k][0] == n && head[k][0] < r.a && !memcmp(s + head[k][0], s + r.a, n))
            return k + 1;
    return 0;
}

/* Which two lines one after the other among the letter's first lines with text
 * the line r repeats as one (a title the first page wraps over two lines, a
 * running head prints on one): the first's index and 1, or 0. */
static size_t head_joined(const char *s, struct rline r, const size_t (*head)[2], size_t nh)
{
    size_t n = r.b - r.a;
    if (n > 2 * HEAD_LINE_MAX)
        return 0;
    for (size_t k = 0; k + 1 < nh && k < RUNNING_LINES; k++) {
        size_t n1 = head[k][1] - head[k][0];
        size_t n2 = head[k + 1][1] - head[k + 1][0];
        if (n1 + n2 == n && head[k + 1][0] < r.a && !memcmp(s + head[k][0], s + r.a, n1) &&
            !memcmp(s + head[k + 1][0], s + r.a + n1, n2))
            return k + 1;
    }
    return 0;
}

/* Is the line r one of the letter's first lines with text, repeated? */
static int repeats_head(const char *s, struct rline r, const size_t (*head)[2], size_t nh)
{
    return head_index(s, r, head, nh) > 0;
}

/* Does s[a, b) read as a letter's header, its title or its doc number rather than
 * a unit's name: 关于, 答复, 建议, 提案, 议案, 复函, 〕 or a number's 号? Such a
 * line over the signing date is still a page's top, not the unit signing. */
static int header_like(const char *s, size_t a, size_t b)
{
    static const char *const words[] = {"关于", "答复", "建议", "提案", "议案", "复函", "〕", NULL};
    for (int k = 0; words[k]; k++)
        if (raw_has(s, a, b, words[k]))
            return 1;
    /* a number's 号 (岳建字(2018)249号), not 字号 */
    for (size_t i = a + 1; i + 3 <= b; i++)
        if (!memcmp(s + i, "号", 3) && s[i - 1] >= '0' && s[i - 1] <= '9')
            return 1;
    return 0;
}

/* Is the line r long enough to be a running head, a unit's name or a title (four
 * characters or more), not a piece of a line a wrap cut (的答复, 9 |)? */
static int named(const char *s, struct rline r)
{
    size_t n = 0;
    for (size_t i = r.a; i < r.b && n < 4; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80 && (unsigned char)s[i] > ' ' && s[i] != '|';
    return n >= 4;
}

/* The count of characters in s[a, b). */
static size_t cps(const char *s, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* s[a, b) without the blanks at its ends, as a line. */
static struct rline trimmed(const char *s, size_t a, size_t b)
{
    struct rline r = raw_line(s, b, a);
    r.e = r.next = b;
    return r;
}

/* Does s[a, b) name a unit or a document's red head, as a running head does (某市人民
 * 政府办公室文件, 某某县交通运输局): four to thirty characters ending in 文件 or a
 * unit's word, no sentence's, label's, quote's or bracket's mark, no header's words,
 * no digits? */
static int unit_head(const char *s, size_t a, size_t b)
{
    static const char *const ends[] = {"文件", "局", "厅", "委员会", "办公室", "人民政府", "部",
                                       "中心", "委", "院", "署",     "办",     NULL};
    static const char *const marks[] = {"：", ":", "《", "“", "(", "（", "！", "？", "|", NULL};
    size_t n = cps(s, a, b);
    if (n < 4 || n > 30 || sentences(s, a, b) || header_like(s, a, b))
        return 0;
    for (int k = 0; marks[k]; k++)
        if (raw_has(s, a, b, marks[k]))
            return 0;
    for (size_t i = a; i < b; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return 0;
    for (int k = 0; ends[k]; k++)
        if (raw_ends(s, a, b, ends[k]))
            return 1;
    return 0;
}

/* Is s[a, b) a page's number as a foot prints it with its marks (— 2 —, 第2页), not
 * a number alone? */
static int marked_foot(const char *s, size_t a, size_t b)
{
    int bare = 0;
    return a < b && page_foot(s, a, b, &bare) && !bare;
}

/* The next line with text after r, past blank lines and pages' numbers with their
 * marks; a line with r.a == len when there is none. */
static struct rline text_after(const char *s, size_t len, struct rline r)
{
    while (r.next < len) {
        r = raw_line(s, len, r.next);
        if (r.a < r.b && !marked_foot(s, r.a, r.b))
            return r;
    }
    return (struct rline){len, len, len, len};
}

/* Is the line r a page's running head that none of the letter's first lines is
 * (某市人民政府办公室文件 at page 2's top, the first page's letterhead lost or
 * other): a unit's name or a document's red head, not over the signing date, the
 * paragraph before it (s[pa, pb)) running on under it; a red head (…文件) also
 * before a line of sentences. */
static int page_head(const char *s, size_t len, struct rline r, size_t pa, size_t pb, int have_prev)
{
    if (!unit_head(s, r.a, r.b) || signs_above(s, len, r))
        return 0;
    struct rline n = text_after(s, len, r);
    if (n.a >= len || unit_head(s, n.a, n.b))
        return 0;
    if (have_prev && runs_on(s, pa, pb, n))
        return 1;
    return raw_ends(s, r.a, r.b, "文件") && sentences(s, n.a, n.b);
}

/* Is the line r a running head that carries its page's number: one of the
 * letter's first lines and a page's number beside it, apart by blanks (某某局
 * 第2页, - 2 -　关于…的答复)? */
static int numbered_head(const char *s, struct rline r, const size_t (*head)[2], size_t nh)
{
    if (r.b - r.a > HEAD_LINE_MAX + 40)
        return 0;
    int digit = 0;
    for (size_t k = r.a; k < r.b && !digit; k++)
        digit = (s[k] >= '0' && s[k] <= '9') ||
                (k + 3 <= r.b && !memcmp(s + k, "\xEF\xBC", 2) && (unsigned char)s[k + 2] >= 0x90 &&
                 (unsigned char)s[k + 2] <= 0x99);
    for (size_t k = r.a; k < r.b && digit;) {
        size_t p = k;
        uint32_t c = utf8_next(s, r.b, &p);
        if (text_is_space(c) && k > r.a) {
            struct rline left = trimmed(s, r.a, k);
            struct rline right = trimmed(s, p, r.b);
            int bare = 0;
            if (left.a < left.b && right.a < right.b &&
                ((page_foot(s, left.a, left.b, &bare) && !bare && named(s, right) &&
                  (repeats_head(s, right, head, nh) || unit_head(s, right.a, right.b))) ||
                 (page_foot(s, right.a, right.b, &bare) && !bare && named(s, left) &&
                  (repeats_head(s, left, head, nh) || unit_head(s, left.a, left.b)))))
                return 1;
        }
        k = p;
    }
    return 0;
}

/* Is there a line that is a page's number with its marks (— 2 —, 第2页)? */
static int any_foot(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        struct rline r = raw_line(s, len, i);
        if (marked_foot(s, r.a, r.b))
            return 1;
        i = r.next;
    }
    return 0;
}

int page_breaks(const char *s, size_t len, struct buf *out, struct pctx *ctx)
{
    size_t head[HEAD_LINES][2];
    size_t nh = 0;
    int any = 0;
    ctx->steps += len;
    /* the last line with text written to out: its bytes in s, and where out ended
     * after it (blank lines after it not yet written) */
    size_t pa = 0;
    size_t prev_cps = 0; /* the line before's length, in characters */
    size_t column = 0;   /* the column the text is wrapped at, or 0 */
    size_t pb = 0;
    int have_prev = 0;
    size_t from = 0;    /* s[from, i) not yet copied to out */
    size_t lines = 0;   /* lines with text before this one */
    size_t running = 0; /* running heads read */
    int col_known = 0;  /* column is wrap_column's */
    int ff = 0;         /* a form feed (a page's end) since the last line with text */
    int numbered = -1;  /* a page's number with its marks on a line of its own, or -1 */
    for (size_t i = 0; i < len;) {
        struct rline r = raw_line(s, len, i);
        int bare = 0;
        ff |= memchr(s + i, '\f', r.a - i) != NULL;
        const size_t(*hd)[2] = (const size_t(*)[2])head;
        int foot = r.a < r.b && (page_foot(s, r.a, r.b, &bare) || numbered_head(s, r, hd, nh));
        /* a running head with no number: one of the letter's first lines again a
         * page's worth below them, not the line right before (a header printed
         * twice) */
        size_t hk = !foot && r.a < r.b && have_prev && lines >= RUNNING_AFTER &&
                            running < RUNNING_MAX && named(s, r)
                        ? head_index(s, r, hd, nh < RUNNING_LINES ? nh : RUNNING_LINES)
                        : 0;
        if (!hk && !foot && r.a < r.b && have_prev && lines >= RUNNING_AFTER &&
            running < RUNNING_MAX)
            hk = head_joined(s, r, hd, nh);
        /* not when the line before is the one before it at the letter's top too
         * (the page printed again) */
        int head_only = hk && !(pb - pa == r.b - r.a && !memcmp(s + pa, s + r.a, pb - pa)) &&
                        !(hk > 1 && pb - pa == hd[hk - 2][1] - hd[hk - 2][0] &&
                          !memcmp(s + pa, s + hd[hk - 2][0], pb - pa));
        if (head_only && !col_known) {
            column = wrap_column(s, len);
            col_known = 1;
        }
        /* nor a piece of a line a wrap at a column cut, here or at the top */
        if (head_only && column &&
            (cps(s, r.a, r.b) == column ||
             (hk > 1 && cps(s, hd[hk - 2][0], hd[hk - 2][1]) == column)))
            head_only = 0;
        /* a unit's name over the signing date is the unit signing */
        if (head_only && signs_above(s, len, r) && !header_like(s, r.a, r.b))
            head_only = 0;
        /* a running head that none of the letter's first lines is, inside a
         * paragraph that runs on under it, on a page a page's number marks */
        int loose = 0;
        if (!foot && !head_only && r.a < r.b && have_prev && lines >= RUNNING_AFTER &&
            running < RUNNING_MAX && unit_head(s, r.a, r.b)) {
            if (!col_known) {
                column = wrap_column(s, len);
                col_known = 1;
            }
            if (numbered < 0)
                numbered = any_foot(s, len);
            loose = numbered && !(column && cps(s, r.a, r.b) == column) &&
                    page_head(s, len, r, pa, pb, have_prev);
        }
        if (foot || head_only || loose) {
            /* the line after the page's top: past blank lines and what the top
             * repeats of the letter's first lines */
            size_t x = r.next;
            struct rline nl = {len, len, len, len};
            size_t ta = head_only || loose ? r.a : 0; /* the last line the top repeated */
            size_t tb = head_only || loose ? r.b : 0;
            int tops = head_only || loose;
            while (x < len) {
                nl = raw_line(s, len, x);
                /* a page's number after its running head, or a running head that
                 * none of the letter's first lines is after the page's number */
                if ((loose && marked_foot(s, nl.a, nl.b)) ||
                    (foot && !tops && nl.a < nl.b && !repeats_head(s, nl, hd, nh) &&
                     page_head(s, len, nl, pa, pb, have_prev))) {
                    if (!loose) {
                        ta = nl.a;
                        tb = nl.b;
                    }
                    tops += !loose;
                    x = nl.next;
                    nl = (struct rline){len, len, len, len};
                    continue;
                }
                /* each once: the unit again under its copy is the letter's own
                 * signature, where the page broke right above it */
                int again = tb > ta && nl.b - nl.a == tb - ta && !memcmp(s + ta, s + nl.a, tb - ta);
                if (nl.a == nl.b || (tops < TOP_LINES && !again && repeats_head(s, nl, hd, nh) &&
                                     (!signs_above(s, len, nl) || header_like(s, nl.a, nl.b) ||
                                      (have_prev && pb - pa == nl.b - nl.a &&
                                       !memcmp(s + pa, s + nl.a, pb - pa))))) {
                    if (nl.a < nl.b) {
                        ta = nl.a;
                        tb = nl.b;
                    }
                    tops += nl.a < nl.b;
                    x = nl.next;
                    nl = (struct rline){len, len, len, len};
                    continue;
                }
                break;
            }
            int bare_ok = 1;
            if (head_only) {
                /* a page's top for sure only when a form feed ends the page
                 * before it, it names a header or a title, the paragraph runs on
                 * under it, or the unit signs again right under it */
                int dup = tb > ta && nl.b - nl.a == tb - ta && !memcmp(s + ta, s + nl.a, tb - ta);
                /* and never when the letter's first lines go on under it (the
                 * page printed again), but for its unit signing */
                bare_ok =
                    tops && (dup || ((!repeats_head(s, nl, hd, nh) || signs_above(s, len, nl)) &&
                                     (ff || header_like(s, r.a, r.b) ||
                                      (x < len && runs_on(s, pa, pb, nl)))));
                running += bare_ok;
            } else if (loose) {
                bare_ok = x < len && runs_on(s, pa, pb, nl);
                running += bare_ok;
            } else if (bare) {
                /* a number alone is a page's only inside the text: a line of
                 * sentences or an open quote on either side, no form's label or
                 * value (会议届次 / 16 / 建议人: …) */
                bare_ok =
                    have_prev &&
                    (sentences(s, pa, pb) || unclosed(s, pa, pb) || sentences(s, nl.a, nl.b)) &&
                    !raw_ends(s, pa, pb, "：") && !raw_ends(s, pa, pb, ":") &&
                    !raw_has(s, nl.a, nl.b < nl.a + 24 ? nl.b : nl.a + 24, "：") &&
                    !raw_has(s, nl.a, nl.b < nl.a + 24 ? nl.b : nl.a + 24, ":");
            }
            if (bare_ok) {
                if (!any && pctx_alloc(ctx))
                    return -1;
                /* out up to the line before (without the blank lines after it),
                 * then the line after: joined where the paragraph runs on */
                size_t upto = have_prev ? pb : i;
                if (upto > from && buf_add(out, s + from, upto - from))
                    return -1;
                /* a line at the column a text is wrapped at is left to the
                 * unwrapping, which joins it and counts it at the column */
                if (!col_known)
                    column = wrap_column(s, len);
                col_known = 1;
                int join = have_prev && x < len && runs_on(s, pa, pb, nl) &&
                           !(column && prev_cps == column);
                if (have_prev && !join && buf_addch(out, '\n'))
                    return -1;
                from = join ? nl.a : x;
                any = 1;
                ff = 0;
                i = x;
                continue;
            }
        }
        if (r.a < r.b) {
            lines++;
            ff = 0;
            if (nh < HEAD_LINES && r.b - r.a <= HEAD_LINE_MAX) {
                head[nh][0] = r.a;
                head[nh][1] = r.b;
                nh++;
            }
            pa = r.a;
            pb = r.b;
            have_prev = 1;
            prev_cps = 0;
            for (size_t k = i; k < r.e; k++)
                prev_cps += ((unsigned char)s[k] & 0xC0) != 0x80;
        }
        i = r.next;
    }
    if (!any)
        return 0;
    if (from < len && buf_add(out, s + from, len - from))
        return -1;
    return buf_failed(out) ? -1 : 1;
}
