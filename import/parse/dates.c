/*
 * Dates (2023年6月12日, 二○一一年五月十日, 2023-06-12, 2020831) and the signing date.
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
        else if (!(p > d0 && (p == b || t->cp[p] == '\n') && (p - d0 == 2 || d >= 4)) || lost_year)
            return NPOS; /* "2015年6月29" lost its 日 at its line's end; a day that
                          * could go on ("2018年7月3") may be cut short */
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
            /* "承办单位:某某局 单位负责人: 二〇二二年八月三十日" signs off too */
            if (!ends_with(t, ls, a - 1, "日期") && !ends_with(t, ls, a - 1, "时间") &&
                at_label(t, ls, le, "承办单位") == NPOS)
                return 0;
        } else if (!sentence && !plausible_org(t, s, a)) {
            return 0;
        }
    }
    size_t e = de;
    while (e < le && is_space(t->cp[e]))
        e++;
    return e >= le || t->cp[e] == '|' || t->cp[e] == '(' || t->cp[e] == 0x3010 || t->cp[e] == '[' ||
           (e > de && !at(t, e, "印发"));
}

/* The signing date (the last sign-off date of the reply, or one that lost its
 * 年月日), else the page's stated signing or publication date, else a date alone in
 * the header region. Sets f->signoff to where the signing date stands. */
void find_date(const struct ctext *t, const struct marks *m, struct found *f, struct letter *l)
{
    char out[11];
    char last[11] = "";
    size_t last_at = NPOS;
    size_t from = m->open_a;
    size_t tail = m->reply_end > from + 1500 ? m->reply_end - 1500 : from;
    f->signoff = NPOS;
    for (size_t i = tail; i < m->reply_end; i++) {
        size_t e = read_date(t, i, m->reply_end, out);
        if (e == NPOS)
            continue;
        size_t ls = line_start(t, i);
        size_t le = line_end(t, i);
        if (is_signoff_date(t, i, e) &&
            (!is_trailer_line(t, ls, le) || at_label(t, ls, le, "承办单位") != NPOS)) {
            memcpy(last, out, 11);
            last_at = i;
            f->signoff = i;
        }
        i = e - 1;
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
    /* a signing date stated in the page's form, then the publication date */
    size_t vs = 0;
    size_t ve = 0;
    const char *const *labels[] = {signed_date_labels, pub_date_labels};
    for (int k = 0; k < 2 && !last[0]; k++)
        if (form_value(t, m->head_start, m->head_end, labels[k], &vs, &ve))
            for (size_t i = vs; i < ve && !last[0]; i++)
                if (read_date(t, i, ve, out) != NPOS) {
                    memcpy(last, out, 11);
                    last_at = i;
                }
    /* a date on a line of its own before the letter (the page's metadata) */
    for (size_t ls = m->head_start; !last[0] && ls < m->head_end;) {
        size_t le = line_end(t, ls);
        if (le > m->head_end)
            le = m->head_end;
        if (!is_paragraph(t, ls, le))
            for (size_t i = ls; i < le && !last[0]; i++)
                if (read_date(t, i, le, out) != NPOS) {
                    memcpy(last, out, 11);
                    last_at = i;
                }
        ls = le + 1;
    }
    if (last[0])
        set_cstr(t, &l->date, last, last_at);
}
