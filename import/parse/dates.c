/*
 * Dates (2023年6月12日, 二○一一年五月十日, 2023-06-12, 2023.6.12, 2023/6/12, 24年6月3日,
 * 元月, and with a character lost: 20198月27日, 2024年63日, 2015年6月29, 2020831) and the
 * signing date.
 */
#include "import/parse/parse_int.h"

#include <stdio.h>
#include <string.h>

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

/* A numeral of a date: a digit, a Chinese numeral, or its financial form
 * (贰零贰肆年陆月拾日, as cheques and some seals write dates). Its value (10 for
 * 十 and 拾, 20 for 廿, 30 for 卅: 六月廿八日), or -1. The financial forms count in
 * dates only: 伍 and 陆 are surnames elsewhere. */
static int date_num(uint32_t c)
{
    int d = digit_val(c);
    if (d >= 0)
        return d;
    d = cn_val(c);
    if (d >= 0)
        return c == 'O' || c == 0xFF2F ? -1 : d;
    if (c == 0x5EFF) /* 廿 */
        return 20;
    if (c == 0x5345) /* 卅 */
        return 30;
    /* 壹贰叁肆伍陆柒捌玖拾, and 貳 參 叄 陸 as traditional text writes them (a
     * switch: this is asked of nearly every character a date is looked for in) */
    switch (c) {
    case 0x58F9:
        return 1;
    case 0x8D30:
    case 0x8CB3:
        return 2;
    case 0x53C1:
    case 0x53C3:
    case 0x53C4:
        return 3;
    case 0x8086:
        return 4;
    case 0x4F0D:
        return 5;
    case 0x9646:
    case 0x9678:
        return 6;
    case 0x67D2:
        return 7;
    case 0x634C:
        return 8;
    case 0x7396:
        return 9;
    case 0x62FE:
        return 10;
    default:
        return -1;
    }
}

/* cp[a..b) as a month or day: digits, or numerals with 十/拾 (二十一, 贰拾壹), 廿 or
 * 卅 (廿八, 卅一) or without (一二); not the two mixed. -1 when it is not one. */
static long date_value(const struct ctext *t, size_t a, size_t b)
{
    if (a >= b || b - a > 4)
        return -1;
    int digits = 0;
    int ten = 0;
    for (size_t i = a; i < b; i++) {
        int d = date_num(t->cp[i]);
        if (d < 0)
            return -1;
        digits += digit_val(t->cp[i]) >= 0;
        ten |= d >= 10;
    }
    if (digits && digits != (int)(b - a))
        return -1;
    long v = 0;
    long cur = 0;
    for (size_t i = a; i < b; i++) {
        int d = date_num(t->cp[i]);
        if (!ten) {
            v = v * 10 + d;
        } else if (d == 10) {
            v += (cur ? cur : 1) * 10;
            cur = 0;
        } else if (d > 10) { /* 廿, 卅: their tens, no multiplier before them */
            if (cur || v)
                return -1;
            v = d;
        } else {
            cur = d;
        }
    }
    return v + cur;
}

/* A year's digit: a digit, a Chinese numeral (not 十) or its financial form, or
 * the letter O typed for ○ (二O一二). Its value, or -1. */
static int year_digit(uint32_t c)
{
    if (c == 'O' || c == 'o' || c == 0xFF2F)
        return 0;
    int d = date_num(c);
    return d >= 10 ? -1 : d;
}

/* Might the day d, written cp[a..b) at its line's end without its 日, have been
 * cut short there? In digits when a day d*10 .. d*10+9 of the month is valid
 * ("2018年7月3" may be 3 or 30), never at two digits; in numerals when it ends in
 * 十 ("七月十" may be 十五) or is a 二 or 三 alone (二十, 三十一) and a longer day is
 * valid. */
static int day_may_go_on(const struct ctext *t, size_t a, size_t b, long y, long mo, long d)
{
    if (digit_val(t->cp[a]) >= 0) {
        for (long x = d * 10; b - a < 2 && x <= d * 10 + 9; x++)
            if (valid_date(y, mo, x))
                return 1;
        return 0;
    }
    int last = date_num(t->cp[b - 1]);
    if (last >= 10)
        return valid_date(y, mo, d + 1);
    return b - a == 1 && (d == 2 || d == 3) && valid_date(y, mo, d * 10);
}

/* A character a cut multi-byte text put for the one it lost: "?" (or U+FFFD). */
static int lost_char(uint32_t c)
{
    return c == '?' || c == 0xFFFD;
}

/* Might a date open with c: a numeral (date_num), a year's digit (year_digit) or a
 * lost character's mark? */
static int may_open_date(uint32_t c)
{
    return date_num(c) >= 0 || c == 'O' || c == 'o' || c == 0xFF2F || lost_char(c);
}

/* A signing date broken over two lines after its 年 or its 月 ("二〇二四年" /
 * "七月十五日", "2024年7月" / "16日"): at p, the end of a line that holds nothing
 * before the date at i, does the date go on at the next line's first character?
 * The index it goes on at, else p. read_date then requires the date to end its
 * second line. */
static size_t date_wrap(const struct ctext *t, size_t i, size_t p, size_t b, int *wrapped)
{
    if (p >= b || t->cp[p] != '\n' || p + 1 >= b || date_num(t->cp[p + 1]) < 0)
        return p;
    for (size_t x = line_start(t, i); x < i; x++)
        if (!is_space(t->cp[x]))
            return p;
    *wrapped = 1;
    return p + 1;
}

/* Tries to read a date starting at i (2023年6月12日, 二○一一年五月十日, 2023-06-12,
 * 2023.6.12, 2023/06/12, and with a character lost: 20198月27日, 2015年6月29,
 * 2024年63日); `short_year` also takes a year of two digits (24年6月3日, a
 * sign-off). On success writes YYYY-MM-DD into out and returns the index after it,
 * else NPOS. */
static size_t read_date(const struct ctext *t, size_t i, size_t b, int short_year, char out[11]);

/* Is the month or day cp[a..p) one digit that a blank parts from its second, the
 * mark (月, 日) right after that ("1 4日", as a scan reads 14日)? */
static int stray_blank_digit(const struct ctext *t, size_t a, size_t p, size_t b, const char *mark)
{
    return p == a + 1 && digit_val(t->cp[a]) > 0 && p + 2 < b && t->cp[p] == ' ' &&
           digit_val(t->cp[p + 1]) >= 0 && at(t, p + 2, mark);
}

/* The most characters a date spaced out character by character is read from. */
#define SPACED_MAX 24

/* A date spaced out character by character, as a sign-off set out to the signature's
 * width is ("2 0 2 4 年 5 月 9 日", "二 〇 二 四 年 五 月 九 日"): at i a year's four
 * characters a blank apart, the date read from its characters without their blanks
 * (one or two between each, none more). Returns the index after it, else NPOS. */
static size_t read_spaced_date(const struct ctext *t, size_t i, size_t b, int short_year,
                               char out[11])
{
    for (size_t k = 0; k < 4; k++)
        if (i + 2 * k >= b || year_digit(t->cp[i + 2 * k]) < 0 ||
            (k < 3 && (i + 2 * k + 1 >= b || t->cp[i + 2 * k + 1] != ' ')))
            return NPOS;
    uint32_t cp[SPACED_MAX];
    size_t at_[SPACED_MAX + 1]; /* where each character stands in t */
    size_t off[SPACED_MAX + 1] = {0};
    size_t line0 = 0;
    size_t n = 0;
    for (size_t j = i; j < b && n < SPACED_MAX && t->cp[j] != '\n' && !is_space(t->cp[j]);) {
        at_[n] = j;
        cp[n++] = t->cp[j++];
        size_t w = j;
        while (w < b && w - j < 3 && t->cp[w] == ' ')
            w++;
        if (w - j > 2 || w == b || t->cp[w] == '\n')
            break;
        j = w;
    }
    struct ctext c = {
        .ctx = t->ctx, .s = t->s, .cp = cp, .off = off, .n = n, .lines = &line0, .n_lines = 1};
    size_t e = read_date(&c, 0, n, short_year, out);
    if (e == NPOS || e == 0)
        return NPOS;
    return at_[e - 1] + 1;
}

static size_t read_date(const struct ctext *t, size_t i, size_t b, int short_year, char out[11])
{
    /* every date opens with a year's digit or a lost character's mark: the test the
     * scans for a date make of nearly every character */
    if (!may_open_date(t->cp[i]))
        return NPOS;
    if (i + 1 < b && t->cp[i + 1] == ' ')
        return read_spaced_date(t, i, b, short_year, out);
    int signoff = short_year; /* a sign-off: characters lost to a cut text are read too */
    size_t y0 = i;
    if (i > 0 && (date_num(t->cp[i - 1]) >= 0 || year_digit(t->cp[i - 1]) >= 0))
        return NPOS;
    /* "?023?8月5日": the year's first digit lost to a cut multi-byte character */
    int lost_digit = signoff && lost_char(t->cp[i]) && i + 1 < b && year_digit(t->cp[i + 1]) >= 0;
    if (lost_digit)
        y0 = i + 1;
    size_t y1 = y0;
    long y = 0;
    while (y1 < b && year_digit(t->cp[y1]) >= 0 && y1 - y0 < 4)
        y = y * 10 + year_digit(t->cp[y1++]);
    if (date_num(t->cp[y0]) < 0)
        return NPOS;
    /* ... or lost where the line was cut on its left ("023年8月5日", "〇二三年七月十日"
     * alone on the line): three digits, the first a 0 (20xx) or, after the lost
     * mark, a 9 (19xx) */
    int cut_left = signoff && !lost_digit && y1 - y0 == 3 && y1 < b && at(t, y1, "年");
    for (size_t x = line_start(t, i); cut_left && x < i; x++)
        cut_left = is_space(t->cp[x]);
    if ((lost_digit || cut_left) && y1 - y0 == 3 &&
        (year_digit(t->cp[y0]) == 0 || (lost_digit && year_digit(t->cp[y0]) == 9))) {
        y += year_digit(t->cp[y0]) == 0 ? 2000 : 1000;
        short_year = 0;
    } else if (lost_digit) {
        return NPOS;
    } else if (y1 - y0 == 2 && short_year && y1 < b && at(t, y1, "年") &&
               digit_val(t->cp[y0]) >= 0 && digit_val(t->cp[y0 + 1]) >= 0) {
        y += 2000; /* "24年6月3日"; its 日 is required below */
    } else if (y1 - y0 != 4) {
        return NPOS;
    } else {
        short_year = 0;
    }
    size_t p = y1;
    while (p < b && t->cp[p] == ' ' && p - y1 < 3)
        p++;
    uint32_t sep = p < b ? t->cp[p] : 0;
    int cn = sep == 0x5E74; /* 年 */
    /* "2023?8月5日": the 年 lost, a month after it */
    if (signoff && lost_char(sep) && p + 1 < b && date_num(t->cp[p + 1]) >= 0)
        cn = 1;
    /* "20198月27日": the 年 lost, the month's digits and 月 follow the year's */
    int lost_year = 0;
    if (!cn && p == y1 && digit_val(sep) >= 0) {
        size_t m = p;
        while (m < b && digit_val(t->cp[m]) >= 0 && m - p < 3)
            m++;
        if (m - p <= 2 && m < b && at(t, m, "月"))
            lost_year = cn = 1;
    }
    if (!cn && sep != '-' && sep != '.' && sep != '/')
        return NPOS;
    if (!lost_year)
        p++;
    size_t q = p;
    while (p < b && t->cp[p] == ' ' && p - q < 3)
        p++;
    int wrapped = 0;
    if (cn && !lost_year)
        p = date_wrap(t, i, p, b, &wrapped);
    size_t m0 = p;
    while (p < b && date_num(t->cp[p]) >= 0 && p - m0 < 3)
        p++;
    /* "2020年1 1月": a scan's stray blank between a month's two digits */
    long stray_mo = -1;
    if (cn && !lost_year && stray_blank_digit(t, m0, p, b, "月")) {
        stray_mo = digit_val(t->cp[m0]) * 10 + digit_val(t->cp[m0 + 2]);
        p += 2;
    }
    /* "2022年1019日": a month of two digits and a day, the 月 lost */
    if (cn && p - m0 == 3 && p + 1 < b && digit_val(t->cp[p]) >= 0 && digit_val(t->cp[m0]) >= 0 &&
        at(t, p + 1, "日"))
        p++;
    long mo = stray_mo >= 0 ? stray_mo : date_value(t, m0, p);
    if (cn && p == m0 && p < b && at(t, p, "元")) {
        mo = 1; /* 元月: January */
        p++;
    }
    if (cn && !lost_year && !short_year && p < b && at(t, p, "日")) {
        /* "2024年63日": the 月 lost; read when one split of the digits is a date */
        size_t n = p - m0;
        int dg[4];
        int ok = n >= 2 && n <= 4;
        for (size_t k = 0; ok && k < n; k++)
            ok = (dg[k] = digit_val(t->cp[m0 + k])) >= 0;
        if (!ok)
            return NPOS;
        long found[2][2];
        int n_found = 0;
        for (size_t ml = 1; ml <= 2 && ml < n; ml++) {
            long mm = 0;
            long dd = 0;
            for (size_t k = 0; k < n; k++)
                if (k < ml)
                    mm = mm * 10 + dg[k];
                else
                    dd = dd * 10 + dg[k];
            if (n - ml <= 2 && dg[0] && dg[ml] && valid_date(y, mm, dd)) {
                found[n_found][0] = mm;
                found[n_found][1] = dd;
                n_found++;
            }
        }
        if (n_found != 1)
            return NPOS;
        format_date(out, y, found[0][0], found[0][1]);
        return p + 1;
    }
    q = p;
    while (p < b && t->cp[p] == ' ' && p - q < 3)
        p++;
    /* "2023年8?5日": the 月 lost, the day after it */
    int lost_month =
        signoff && cn && p + 1 < b && lost_char(t->cp[p]) && p > m0 && date_num(t->cp[p + 1]) >= 0;
    if (cn ? !(p < b && (at(t, p, "月") || lost_month)) : !(p < b && t->cp[p] == sep))
        return NPOS;
    p++;
    q = p;
    while (p < b && t->cp[p] == ' ' && p - q < 3)
        p++;
    if (cn && !wrapped)
        p = date_wrap(t, i, p, b, &wrapped);
    size_t d0 = p;
    while (p < b && date_num(t->cp[p]) >= 0 && p - d0 < 3)
        p++;
    /* "2020年8月1 4日": ... and between a day's */
    long d = -1;
    if (cn && stray_blank_digit(t, d0, p, b, "日")) {
        d = digit_val(t->cp[d0]) * 10 + digit_val(t->cp[d0 + 2]);
        p += 2;
    } else {
        d = date_value(t, d0, p);
    }
    if (cn) {
        q = p;
        while (p < b && t->cp[p] == ' ' && p - q < 3)
            p++;
        if (p < b && (at(t, p, "日") || at(t, p, "号") || at(t, p, "曰") ||
                      (signoff && p > d0 && lost_char(t->cp[p]))))
            p++; /* "2023年8月5?": the 日 lost */
        else if (!(p > d0 && (p == b || t->cp[p] == '\n') && !day_may_go_on(t, d0, p, y, mo, d)) ||
                 lost_year || short_year)
            return NPOS; /* "2015年6月29" lost its 日 at its line's end; a day that
                          * could go on ("2018年7月3") may be cut short */
    } else if (p < b && digit_val(t->cp[p]) >= 0) {
        return NPOS;
    }
    if (!valid_date(y, mo, d))
        return NPOS;
    if (wrapped) {
        /* the date's second line holds nothing after it */
        size_t x = p;
        while (x < b && t->cp[x] != '\n' && is_space(t->cp[x]))
            x++;
        if (x < b && t->cp[x] != '\n')
            return NPOS;
    }
    format_date(out, y, mo, d);
    return p;
}

size_t date_end(const struct ctext *t, size_t i, size_t b)
{
    char out[11];
    return read_date(t, i, b, 0, out);
}

size_t date_opens(const struct ctext *t, size_t a, size_t b, size_t max)
{
    size_t d = b > a && b - a <= max ? date_end(t, a, b) : NPOS;
    while (d != NPOS && d < b && is_space(t->cp[d]))
        d++;
    return d;
}

int date_alone(const struct ctext *t, size_t a, size_t b, size_t max)
{
    trim_span(t, &a, &b);
    return b > a && date_opens(t, a, b, max) == b;
}

/* Is c a character of a date as a sign-off writes it (a numeral, 年, 月, 日, 号, a
 * lost character's mark, a blank)? */
static int date_char(uint32_t c)
{
    return date_num(c) >= 0 || year_digit(c) >= 0 || c == 0x5E74 /* 年 */ || c == 0x6708 /* 月 */ ||
           c == 0x65E5 /* 日 */ || c == 0x53F7 /* 号 */ || lost_char(c) || c == ' ';
}

/* The most characters a sign-off's date broken over two lines is read from. */
#define WRAP_MAX 32

/* A signing date broken over two lines at any point ("二〇二" / "三年七月十日",
 * "2023年7" / "月10日", "二〇二三" / "年七月十日"): at i, the rest of its line and
 * all of the next line are characters of a date, and the two read together as one
 * date from first to last. Returns the index after it on the next line, else NPOS. */
static size_t read_date_wrapped(const struct ctext *t, size_t i, size_t b, char out[11])
{
    if (date_num(t->cp[i]) < 0)
        return NPOS;
    size_t le = line_end(t, i);
    if (le >= b || le - i > WRAP_MAX / 2)
        return NPOS;
    size_t ns = le + 1;
    size_t ne = line_end(t, ns);
    if (ne > b)
        ne = b;
    while (ns < ne && is_space(t->cp[ns]))
        ns++;
    while (ne > ns && is_space(t->cp[ne - 1]))
        ne--;
    size_t e1 = le;
    while (e1 > i && is_space(t->cp[e1 - 1]))
        e1--;
    if (ns == ne || (e1 - i) + (ne - ns) > WRAP_MAX)
        return NPOS;
    uint32_t cp[WRAP_MAX];
    size_t n = 0;
    for (size_t x = i; x < e1; x++)
        if (!date_char(t->cp[x]))
            return NPOS;
        else
            cp[n++] = t->cp[x];
    for (size_t x = ns; x < ne; x++)
        if (!date_char(t->cp[x]))
            return NPOS;
        else
            cp[n++] = t->cp[x];
    size_t line0 = 0;
    struct ctext j = {.ctx = t->ctx, .cp = cp, .n = n, .lines = &line0, .n_lines = 1};
    return read_date(&j, 0, n, 1, out) == n ? ne : NPOS;
}

/* A sign-off's date without its day or cut short in it ("2023年8月", "二〇二四年五月",
 * "二〇二三年七月十") at i, the rest of its line blank: the index after it, else
 * NPOS. */
static size_t year_month_end(const struct ctext *t, size_t i, size_t b)
{
    if (i > 0 && (date_num(t->cp[i - 1]) >= 0 || year_digit(t->cp[i - 1]) >= 0))
        return NPOS;
    size_t p = i;
    while (p < b && year_digit(t->cp[p]) >= 0 && p - i < 4)
        p++;
    if (p - i != 4 || date_num(t->cp[i]) < 0)
        return NPOS;
    while (p < b && t->cp[p] == ' ')
        p++;
    if (!(p < b && at(t, p, "年")))
        return NPOS;
    p++;
    while (p < b && t->cp[p] == ' ')
        p++;
    size_t m0 = p;
    while (p < b && date_num(t->cp[p]) >= 0 && p - m0 < 3)
        p++;
    long mo = date_value(t, m0, p);
    while (p < b && t->cp[p] == ' ')
        p++;
    if (mo < 1 || mo > 12 || !(p < b && at(t, p, "月")))
        return NPOS;
    size_t d0 = ++p;
    while (p < b && date_num(t->cp[p]) >= 0 && p - d0 < 3)
        p++;
    size_t e = p;
    while (p < b && is_space(t->cp[p]))
        p++;
    return p == b || t->cp[p] == '\n' ? e : NPOS;
}

/* A date that lost its 年月日: a line holding only 6 to 8 digits, 2020831. */
static int read_bare_date(const struct ctext *t, size_t ls, size_t le, char out[11])
{
    size_t n = le - ls;
    if (n < 6 || n > 8)
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
    } else if (n == 6) {
        /* 202463: 6-3, 202119: 1-9; 202412 may be a month without its day, so no
         * date */
        if (!d[4] || !d[5] || d[4] * 10 + d[5] <= 12)
            return 0;
        mo = d[4];
        day = d[5];
    } else {
        /* 2020831: 8-31 or 08-31; 2020113: 11-3 or 1-13, ambiguous, so no date */
        int a = valid_date(y, d[4], d[5] * 10 + d[6]) && d[5] > 0; /* not 1-05 */
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

/* Is [s, sa), alone at the start of its line ls, the rest of a unit's name broken
 * inside its last word ("某省教" / "育厅 2025年6月30日"): one to four Han characters that
 * close a unit's name, below a line ending in a Han character? */
static int broken_name_tail(const struct ctext *t, size_t ls, size_t s, size_t sa)
{
    size_t x = ls;
    while (x < s && is_space(t->cp[x]))
        x++;
    if (x != s || sa <= s || sa - s > 4 || ls == 0 || !ends_with_org(t, s, sa))
        return 0;
    for (size_t i = s; i < sa; i++)
        if (!is_han(t->cp[i]))
            return 0;
    size_t pe = ls - 1;
    while (pe > 0 && (is_space(t->cp[pe - 1]) || t->cp[pe - 1] == '\n'))
        pe--;
    return pe > 0 && is_han(t->cp[pe - 1]);
}

/* Does the date at [ds, de) stand as a sign-off: alone on its line (in brackets,
 * with its weekday or a full stop), or after the department's name, with nothing but
 * a page separator after it? Returns 1 when it does, 2 when it is labelled as the
 * page's publication ("发布时间:…", "… 发布"), which a signing date outranks, else 0. */
static int is_signoff_date(const struct ctext *t, size_t ds, size_t de)
{
    static const char *const pub[] = {"发布日期", "发布时间", "公开日期", "更新时间",
                                      "发表时间", "发表于",   NULL};
    size_t ls = line_start(t, ds);
    size_t le = line_end(t, ds);
    /* the unit and the day in brackets or under a unit's label, alone on the line
     * ("（泉州市商务局　2024年7月5日答复）", "（答复单位：某县水利局　2024年7月5日）") */
    struct unit_date ud;
    if (unit_date_line(t, ls, le, &ud) && ud.ds == ds && (ud.bracketed || ud.labelled))
        return 1;
    size_t a = ds;
    int weak = 0;
    while (a > ls && is_space(t->cp[a - 1]))
        a--;
    int bracket = 0; /* "(2024年6月3日)" */
    if (a > ls && is_open_bracket(t->cp[a - 1])) {
        size_t x = a - 1;
        while (x > ls && is_space(t->cp[x - 1]))
            x--;
        bracket = x == ls;
    }
    if (a > ls && !bracket) {
        /* after the department's name, a label 日期:, or a finished sentence and a
         * space (a flattened page) */
        /* "某某局(盖章) 2024年7月8日": the seal between the name and the date */
        size_t sa = before_seal(t, ls, a);
        size_t s = sig_token(t, ls, sa);
        uint32_t p = t->cp[a - 1];
        /* glued to the sentence only when nothing follows on its line */
        size_t z = de;
        while (z < le && is_space(t->cp[z]))
            z++;
        int sentence = (a < ds || z == le) &&
                       (p == 0x3002 || p == '!' || p == '?' || p == 0xFF01 || p == 0xFF1F);
        if (is_colon(p)) {
            /* "（发布日期：2020-05-27）": the labelled date in brackets */
            size_t x = ls;
            while (x < a && is_space(t->cp[x]))
                x++;
            bracket = x < a && is_open_bracket(t->cp[x]);
            /* "承办单位:某某局 单位负责人: 二〇二二年八月三十日" signs off too */
            if (!ends_with(t, ls, a - 1, "日期") && !ends_with(t, ls, a - 1, "时间") &&
                !ends_with(t, ls, a - 1, "发表于") && at_label(t, ls, le, "承办单位") == NPOS)
                return 0;
            for (int k = 0; pub[k] && !weak; k++)
                weak = ends_with(t, ls, a - 1, pub[k]);
            /* a page's bare "时间:" line names when it was posted */
            weak |= at(t, x, "时间") && a - 1 <= x + 3;
        } else if (!sentence && !plausible_org(t, s, sa) && !broken_name_tail(t, ls, s, sa)) {
            return 0;
        }
    }
    size_t e = de;
    if (e < le && (t->cp[e] == 0x3002 || t->cp[e] == '.'))
        e++; /* "2024年6月3日。" */
    size_t w = e;
    while (w < le && is_space(t->cp[w]))
        w++;
    if (at(t, w, "星期") || at(t, w, "周") || at(t, w, "礼拜")) {
        /* its weekday: "2024年6月3日星期一", "(周一)" */
        e = w + (at(t, w, "周") ? 1 : 2);
        if (e < le && (cn_val(t->cp[e]) > 0 || at(t, e, "日") || at(t, e, "天")))
            e++;
    } else if (w + 3 < le && is_open_bracket(t->cp[w]) &&
               (at(t, w + 1, "星期") || at(t, w + 1, "周"))) {
        size_t c = w + 1;
        while (c < le && c - w < 6 && !is_close_bracket(t->cp[c]))
            c++;
        if (c < le)
            e = c + 1;
    }
    while (e < le && is_space(t->cp[e]))
        e++;
    if (bracket) {
        if (!(e < le && is_close_bracket(t->cp[e])))
            return 0;
        e++;
        while (e < le && is_space(t->cp[e]))
            e++;
    }
    if (at(t, e, "发布"))
        weak = 1; /* "2024-07-15 发布" */
    /* "某某局办公室 2024年6月12日印发": the day the reply was printed, which its
     * signing date outranks */
    int printed = 0;
    if (at(t, e, "印发")) {
        size_t x = e + 2;
        while (x < le && is_space(t->cp[x]))
            x++;
        printed = weak = x >= le;
    }
    int ok = printed || e >= le || t->cp[e] == '|' || t->cp[e] == '(' || t->cp[e] == 0x3010 ||
             t->cp[e] == '[' || (e > de && !at(t, e, "印发"));
    return ok ? 1 + weak : 0;
}

/* Does [a, b) hold only bracketed marks and blanks ("【打印】 【关闭】 ")? */
static int only_marks(const struct ctext *t, size_t a, size_t b)
{
    int any = 0;
    for (size_t i = a; i < b;) {
        if (is_space(t->cp[i])) {
            i++;
            continue;
        }
        if (t->cp[i] != 0x3010 && t->cp[i] != '[')
            return 0;
        uint32_t close = t->cp[i] == '[' ? ']' : 0x3011;
        size_t c = i + 1;
        while (c < b && t->cp[c] != close && c - i < 10)
            c++;
        if (c >= b || t->cp[c] != close)
            return 0;
        any = 1;
        i = c + 1;
    }
    return any;
}

/* "7月5日", "七月五日" at i: a month and a day with no year before them. Sets *mo
 * and *d and returns the index after the 日, else NPOS. */
static size_t read_month_day(const struct ctext *t, size_t i, size_t b, long *mo, long *d)
{
    if (i > 0 &&
        (date_num(t->cp[i - 1]) >= 0 || year_digit(t->cp[i - 1]) >= 0 || at(t, i - 1, "年")))
        return NPOS;
    size_t m = i;
    while (m < b && date_num(t->cp[m]) >= 0 && m - i < 3)
        m++;
    if (m == i || m >= b || !at(t, m, "月"))
        return NPOS;
    size_t ds = m + 1;
    size_t de = ds;
    while (de < b && date_num(t->cp[de]) >= 0 && de - ds < 3)
        de++;
    if (de == ds || de >= b || !at(t, de, "日"))
        return NPOS;
    long mv = date_value(t, i, m);
    long dv = date_value(t, ds, de);
    if (!valid_date(2000, mv, dv))
        return NPOS;
    *mo = mv;
    *d = dv;
    return de + 1;
}

/* A sign-off whose date leaves out its year ("某某局" / "7月5日") on a page that
 * states its publication date (pub, YYYY-MM-DD): the year is the publication's, or
 * the one before when the month and day come after the publication's (signed in
 * December, published in January). The last such date of the reply's tail replaces
 * pub, and marks the sign-off. */
static void signoff_without_year(const struct ctext *t, const struct marks *m, size_t tail,
                                 struct found *f, char pub[11], size_t *pub_at)
{
    long py = 0;
    long pm = 0;
    long pd = 0;
    if (sscanf(pub, "%4ld-%2ld-%2ld", &py, &pm, &pd) != 3)
        return;
    for (size_t ls = tail; ls < m->reply_end;) {
        size_t le = line_end(t, ls);
        if (le > m->reply_end)
            le = m->reply_end;
        for (size_t i = ls; i < le && le - ls <= 40 && !is_paragraph(t, ls, le); i++) {
            long mo = 0;
            long d = 0;
            size_t e = read_month_day(t, i, le, &mo, &d);
            if (e == NPOS || is_signoff_date(t, i, e) != 1)
                continue;
            long y = mo > pm || (mo == pm && d > pd) ? py - 1 : py;
            if (!valid_date(y, mo, d) || (y < py && (pm > 2 || mo < 11)))
                continue;
            format_date(pub, y, mo, d);
            *pub_at = i;
            f->signoff = i;
            break;
        }
        ls = le + 1;
    }
}

/* The date a header line states before its 关于 or 对, at its head or after the unit
 * ("（2023年7月12日）关于…", "某县教育局2024年6月5日关于…"), in brackets or not, or
 * in brackets on a line of its own under the header, as a gazette prints it
 * ("关于…的答复" / "咸政函〔2024〕58号" / "（2024年6月3日）"): the letter's own date,
 * which the page's publication date does not outrank. Writes it to out, sets *at and
 * returns 1, else 0. */
static int header_date(const struct ctext *t, const struct marks *m, char out[11], size_t *at_)
{
    for (size_t k = 0; k < m->n_blocks; k++)
        for (size_t ls = m->blocks[k][0], header = 0; ls < m->blocks[k][1];) {
            size_t le = line_end(t, ls);
            if (le > m->blocks[k][1])
                le = m->blocks[k][1];
            size_t a = ls;
            size_t b = le;
            trim_span(t, &a, &b);
            if (header && b - a >= 8 && is_open_bracket(t->cp[a]) &&
                is_close_bracket(t->cp[b - 1]) && find(t, a, b, "年") != NPOS &&
                read_date(t, a + 1, b - 1, 0, out) == b - 1) {
                *at_ = a + 1;
                return 1;
            }
            header |= is_header_line(t, ls, le);
            size_t c = find(t, ls, le, "关于");
            size_t c2 = find(t, ls, le, "对");
            if (c2 < c)
                c = c2;
            for (size_t i = ls; c != NPOS && i < c && is_header_line(t, ls, le); i++) {
                size_t e = read_date(t, i, c, 0, out);
                if (e == NPOS)
                    continue;
                if (e < c && is_close_bracket(t->cp[e]))
                    e++;
                while (e < c && is_space(t->cp[e]))
                    e++;
                if (e == c) {
                    *at_ = i;
                    return 1;
                }
                break;
            }
            ls = le + 1;
        }
    return 0;
}

/* The signing date (the last sign-off date of the reply, or one that lost its
 * 年月日), else the page's stated signing or publication date, else a date alone in
 * the header region. Sets f->signoff to where the signing date stands. */
void find_date(const struct ctext *t, const struct marks *m, struct found *f, struct letter *l)
{
    char out[11];
    char last[11] = "";
    size_t last_at = NPOS;
    char pub[11] = ""; /* a publication date the page states after the letter */
    size_t pub_at = NPOS;
    size_t from = m->open_a;
    size_t tail = m->reply_end > from + 1500 ? m->reply_end - 1500 : from;
    f->signoff = NPOS;
    /* the sign-off in the reply's last 1,500 characters, else anywhere in it (a
     * long list of attachments or copies after it) */
    for (int pass = 0; pass < 2 && !last[0]; pass++) {
        size_t a = pass ? from : tail;
        size_t b = pass ? tail : m->reply_end;
        for (size_t i = a; i < b; i++) {
            if (!may_open_date(t->cp[i]))
                continue; /* neither read_date nor read_date_wrapped reads a date here */
            size_t e = read_date(t, i, b, 1, out);
            size_t next = e;
            if (e == NPOS) {
                /* broken over two lines: a sign-off by its first line */
                next = read_date_wrapped(t, i, b, out);
                if (next == NPOS)
                    continue;
            }
            /* the line's bounds, looked up only at a date */
            size_t ls = line_start(t, i);
            size_t le = line_end(t, i);
            if (e == NPOS)
                e = le;
            int so = is_signoff_date(t, i, e);
            /* a trailer line is no sign-off, nor is its "…日印发" the letter's date:
             * the day its office printed it, neither signed nor published */
            struct unit_date ud;
            if (so && (!is_trailer_line(t, ls, le) || at_label(t, ls, le, "承办单位") != NPOS ||
                       (unit_date_line(t, ls, le, &ud) && ud.ds == i))) {
                if (so == 1) {
                    memcpy(last, out, 11);
                    last_at = i;
                    f->signoff = i;
                } else {
                    memcpy(pub, out, 11);
                    pub_at = i;
                }
            }
            i = next - 1;
        }
    }
    /* a date that lost its 年月日 */
    for (size_t ls = tail; !last[0] && ls < m->reply_end;) {
        size_t le = line_end(t, ls);
        if (read_bare_date(t, ls, le, out)) {
            memcpy(last, out, 11);
            last_at = ls;
            f->signoff = ls;
        }
        ls = le + 1;
    }
    /* a sign-off whose date lacks its day or was cut in it ("某某局 2023年8月",
     * "某某局 二〇二三年七月十"): no signing date, but the signature is found by it */
    for (size_t i = tail; !last[0] && f->signoff == NPOS && i < m->reply_end; i++) {
        size_t e = year_month_end(t, i, m->reply_end);
        if (e != NPOS && is_signoff_date(t, i, e) == 1)
            f->signoff = i;
    }
    /* the letter's date before its header */
    if (!last[0] && header_date(t, m, out, &last_at))
        memcpy(last, out, 11);
    /* a signing date stated in the page's form, then the publication date */
    size_t vs = 0;
    size_t ve = 0;
    const char *const *labels[] = {signed_date_labels, pub_date_labels};
    int published = 0; /* the date found is the page's, not the signing date */
    for (int k = 0; k < 2 && !last[0]; k++)
        if (form_value(t, m->head_start, m->head_end, labels[k], &vs, &ve))
            for (size_t i = vs; i < ve && !last[0]; i++)
                if (read_date(t, i, ve, 0, out) != NPOS) {
                    memcpy(last, out, 11);
                    last_at = i;
                    published = k == 1;
                }
    /* a table's row after the reply it holds ("答复时间 | 2024-06-03") */
    if (!last[0] && m->head_end < m->end &&
        form_value(t, m->head_end, m->end, signed_date_labels, &vs, &ve))
        for (size_t i = vs; i < ve && !last[0]; i++)
            if (read_date(t, i, ve, 0, out) != NPOS) {
                memcpy(last, out, 11);
                last_at = i;
            }
    /* a form's label alone on its line, its date on the next ("答复日期" / "2024-06-03") */
    for (size_t ls = m->head_start; !last[0] && ls < m->head_end;) {
        size_t le = line_end(t, ls);
        if (le >= m->head_end)
            break;
        size_t e = le;
        while (e > ls && (is_space(t->cp[e - 1]) || is_colon(t->cp[e - 1])))
            e--;
        int label = 0;
        for (int k = 0; signed_date_labels[k] && !label; k++)
            label = at_label(t, ls, e, signed_date_labels[k]) == e;
        size_t ns = le + 1;
        size_t ne = line_end(t, ns);
        if (ne > m->head_end)
            ne = m->head_end;
        while (label && ns < ne && is_space(t->cp[ns]))
            ns++;
        if (label && read_date(t, ns, ne, 0, out) != NPOS) {
            memcpy(last, out, 11);
            last_at = ns;
        }
        ls = le + 1;
    }
    if (!last[0] && pub[0]) {
        memcpy(last, pub, 11);
        last_at = pub_at;
        published = 1;
    }
    /* a date on a line of its own before the letter (the page's metadata), not one
     * labelled as another day of the proposal's handling ("交办日期:…", or the
     * label on the line above) */
    int other = 0; /* the line above is such a label */
    for (size_t ls = m->head_start; !last[0] && ls < m->head_end;) {
        size_t le = line_end(t, ls);
        if (le > m->head_end)
            le = m->head_end;
        int labelled = has_any(t, ls, le, other_date_labels);
        if (!is_paragraph(t, ls, le) && !labelled && !other)
            for (size_t i = ls; i < le && !last[0]; i++)
                if (read_date(t, i, le, 0, out) != NPOS) {
                    memcpy(last, out, 11);
                    last_at = i;
                    published = 1;
                }
        if (le > ls)
            other = labelled && le - ls <= 8;
        ls = le + 1;
    }
    /* the page's publication date under the letter, among its chrome ("【打印】
     * 【关闭】" / "发布时间:2024-06-15", "【打印本页】【关闭窗口】 2024-06-15") */
    for (size_t ls = m->end, lines = 0; !last[0] && ls < t->n && lines < 4; lines++) {
        size_t le = line_end(t, ls);
        for (size_t i = ls; le - ls <= 100 && i < le && !last[0]; i++) {
            size_t e = read_date(t, i, le, 0, out);
            if (e != NPOS && (is_signoff_date(t, i, e) || only_marks(t, ls, i))) {
                memcpy(last, out, 11);
                last_at = i;
                published = 1;
            }
        }
        ls = le + 1;
    }
    if (published && f->signoff == NPOS)
        signoff_without_year(t, m, tail, f, last, &last_at);
    if (last[0])
        set_cstr(t, &l->date, last, last_at);
}
