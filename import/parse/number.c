/*
 * The proposal number and the kind word (建议, 议案, 提案), and the body and kind
 * resolved from all that was found.
 */
#include "import/parse/parse_int.h"

#include <stdio.h>
#include <string.h>

int sentence_value(const struct ctext *t, size_t vs, size_t ve)
{
    if (ve - vs > 40)
        return 1;
    for (size_t i = vs; i < ve; i++)
        if (t->cp[i] == ',' || t->cp[i] == 0x3002 || t->cp[i] == ';' || t->cp[i] == '!' ||
            t->cp[i] == '?')
            return 1;
    return 0;
}

/* Where a scan stands in 《》 and “” quotes. */
struct quotes {
    int book;
    int dq;
};

/* Steps q over c; returns whether the scan is inside quotes after it. */
static int in_quotes(struct quotes *q, uint32_t c)
{
    if (c == 0x300A)
        q->book++;
    else if (c == 0x300B && q->book)
        q->book--;
    else if (c == 0x201C)
        q->dq++; /* quotes nest: “关于推进“一网通办”改革的建议” */
    else if (c == 0x201D && q->dq)
        q->dq--;
    return q->book || q->dq;
}

/* The value of a numeral character in a number written in Chinese: 0-9, and 10,
 * 100, 1000 for 十, 百, 千; the financial forms 壹 … 玖, 拾, 佰, 仟 alike; -1 when it
 * is none. */
static int cn_digit(uint32_t c)
{
    static const uint32_t financial[] = {0x96F6, 0x58F9, 0x8D30, 0x53C1, 0x8086, 0x4F0D,
                                         0x9646, 0x67D2, 0x634C, 0x7396}; /* 零壹贰叁肆伍陆柒捌玖 */
    for (int d = 1; d < 10; d++)
        if (c == financial[d])
            return d;
    if (c == 0x62FE) /* 拾 */
        return 10;
    if (c == 0x767E || c == 0x4F70) /* 百 佰 */
        return 100;
    if (c == 0x5343 || c == 0x4EDF) /* 千 仟 */
        return 1000;
    if (c == 'O' || c == 0xFF2F)
        return -1; /* a letter O, only in a run of other numerals */
    return cn_val(c);
}

/* Writes the number cp[a..b) in Chinese numerals as digits into out: a run without
 * 十百千 digit by digit, keeping its zeros (〇二三 -> 023, 一〇五 -> 105), else by
 * value (二十三 -> 23, 一百零五 -> 105). Returns 0, or -1 when it is not one. */
static int cn_number(const struct ctext *t, size_t a, size_t b, char out[16])
{
    if (a >= b || b - a > 10)
        return -1;
    int units = 0;
    for (size_t i = a; i < b; i++) {
        int d = cn_digit(t->cp[i]);
        if (d < 0)
            return -1;
        units |= d >= 10;
    }
    size_t n = 0;
    if (!units) {
        for (size_t i = a; i < b; i++)
            out[n++] = (char)('0' + cn_digit(t->cp[i]));
        out[n] = '\0';
        return 0;
    }
    long v = 0;
    int cur = 0;            /* the digit waiting for its unit */
    int last_unit = 100000; /* units fall: 百 before 十 */
    for (size_t i = a; i < b; i++) {
        int d = cn_digit(t->cp[i]);
        if (d >= 10) {
            if (d >= last_unit)
                return -1; /* 十百 */
            v += (cur ? cur : 1) * d;
            cur = 0;
            last_unit = d;
        } else if (d > 0) {
            if (cur)
                return -1; /* two digits with no unit between */
            cur = d;
        } /* 零 between units: "一百零五" */
    }
    v += cur;
    if (v <= 0 || v > 99999)
        return -1;
    snprintf(out, 16, "%ld", v);
    return 0;
}

/* A joiner of two numbers at i ("、", ",", "和", "及", "与"), its length, else 0. */
static size_t number_joiner(const struct ctext *t, size_t i)
{
    static const char *const joins[] = {"、", ",", "和", "及", "与", NULL};
    const char *w = at_any(t, i, joins);
    return w ? needle_len(w) : 0;
}

/* The word of a range between two numbers at i ("至", "到", "～", "~", "—", "－"):
 * 1, else 0. */
static size_t range_joiner(const struct ctext *t, size_t i)
{
    static const char *const joins[] = {"至", "到", "～", "~", "—", "－", "-", NULL};
    return at_any(t, i, joins) ? 1 : 0;
}

/* A reply to several proposals at once names their numbers in one header ("第12号、
 * 第15号建议", "第12、15号建议", "第12号和第15号提案") or a range of them ("第12至15号",
 * "第12号至第15号"): with the number found at [ns, de) and its 号 at h, the numbers
 * joined to it before (back to their 第) and after it (each with its 号), a kind word
 * after the last (代表 or 委员 before it allowed). Sets l->number to them as written,
 * a list's joined by 、 ("12、15"), a range's word kept ("12至15"), *first to the first
 * one's 第 and *end after the last 号, and returns 1; 0 when the number stands alone. */
static int number_list(const struct ctext *t, size_t a, size_t b, size_t ns, size_t de, size_t h,
                       size_t *first, size_t *end, struct letter *l)
{
    enum { MAX_NUMBERS = 40, MAX_DIGITS = 8 };
    size_t spans[MAX_NUMBERS][2];
    size_t joins[MAX_NUMBERS]; /* where a range's word stands before the span, else NPOS */
    size_t n = 0;
    /* before it: "第12、15号", "第12至15号" */
    size_t back[MAX_NUMBERS][2];
    size_t back_join[MAX_NUMBERS];
    size_t nb = 0;
    size_t fs = NPOS;
    for (size_t s = ns; nb < MAX_NUMBERS - 1 && s > a + 1;) {
        int range = !number_joiner(t, s - 1) && range_joiner(t, s - 1);
        if (number_joiner(t, s - 1) != 1 && !range)
            break; /* each joiner is one character */
        size_t j = s - 1;
        size_t d = j;
        while (d > a && digit_val(t->cp[d - 1]) >= 0 && j - d < MAX_DIGITS)
            d--;
        if (d == j || (d > a && digit_val(t->cp[d - 1]) >= 0))
            break;
        back[nb][0] = d;
        back[nb][1] = j;
        back_join[nb] = range ? j : NPOS; /* the word after this one */
        nb++;
        if (d > a && at(t, d - 1, "第")) {
            fs = d - 1;
            break;
        }
        s = d;
    }
    if (fs == NPOS)
        nb = 0;
    for (size_t k = nb; k > 0; k--) {
        spans[n][0] = back[k - 1][0];
        spans[n][1] = back[k - 1][1];
        joins[n] = n ? back_join[k] : NPOS;
        n++;
    }
    spans[n][0] = ns;
    spans[n][1] = de;
    joins[n] = n ? back_join[0] : NPOS;
    n++;
    /* after it: "第12号、第15号", "第12号和15号", "第12号至第15号" */
    size_t x = h + 1;
    while (n < MAX_NUMBERS) {
        size_t j = x;
        /* "第12号建议、第15号建议": each number with its kind word */
        const char *kind = at_any(t, j, vocab_kinds);
        if (kind && j + needle_len(kind) < b && number_joiner(t, j + needle_len(kind)))
            j += needle_len(kind);
        while (j < b && is_space(t->cp[j]) && j - x < 2)
            j++;
        size_t jl = j < b ? number_joiner(t, j) : 0;
        size_t rj = !jl && j < b && range_joiner(t, j) ? j : NPOS;
        if (!jl && rj == NPOS)
            break;
        j += jl ? jl : 1;
        while (j < b && is_space(t->cp[j]) && j - x < 4)
            j++;
        if (at(t, j, "第"))
            j++;
        size_t d = j;
        while (d < b && digit_val(t->cp[d]) >= 0 && d - j < MAX_DIGITS)
            d++;
        if (d == j || !at(t, d, "号"))
            break;
        spans[n][0] = j;
        spans[n][1] = d;
        joins[n] = rj;
        n++;
        x = d + 1;
    }
    if (n < 2)
        return 0;
    size_t k = x;
    while (k < b && is_space(t->cp[k]) && k - x < 2)
        k++;
    if (at(t, k, "代表") || at(t, k, "委员"))
        k += 2;
    if (!line_starts_with_any(t, k, vocab_kinds))
        return 0;
    /* each number as written, less a header's breaks joined over (span_add) */
    struct buf num = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i && joins[i] != NPOS)
            span_add(t, &num, joins[i], joins[i] + 1);
        else if (i)
            buf_adds(&num, "、");
        span_add(t, &num, spans[i][0], spans[i][1]);
    }
    if (!pctx_alloc(t->ctx) && !pctx_fail(t->ctx, buf_failed(&num) ? -1 : 0))
        set_cstr(t, &l->number, num.data, spans[0][0]);
    buf_release(&num);
    *first = nb ? fs : (spans[0][0] > a && at(t, spans[0][0] - 1, "第") ? spans[0][0] - 1 : ns);
    *end = x;
    return 1;
}

/* A list of numbers in Chinese numerals ("第十二、十五号建议", "第十二号、第十五号建议"),
 * the last one's numerals at [cs, h) before its 号 at h: the numbers joined to it before
 * (back to their 第) and after it (each with its 号), a kind word after the last. Sets
 * l->number to them in digits joined by 、 ("12、15"), *first to the first one's 第 and
 * *end after the last 号, and returns 1; 0 when the number stands alone. */
static int cn_number_list(const struct ctext *t, size_t a, size_t b, size_t cs, size_t h,
                          size_t *first, size_t *end, struct letter *l)
{
    enum { MAX_NUMBERS = 40 };
    size_t spans[MAX_NUMBERS][2];
    size_t n = 0;
    size_t s = cs;
    while (n < MAX_NUMBERS - 1 && s > a + 1 && number_joiner(t, s - 1) == 1) {
        size_t j = s - 1;
        size_t g = j;
        while (g > a && cn_digit(t->cp[g - 1]) >= 0 && j - g < 10)
            g--;
        if (g == j)
            break;
        spans[n][0] = g;
        spans[n][1] = j;
        n++;
        s = g;
    }
    if (!(s > a && at(t, s - 1, "第")))
        n = 0; /* the list runs back to its 第 */
    for (size_t i = 0; i < n / 2; i++) {
        size_t x0 = spans[i][0], x1 = spans[i][1];
        spans[i][0] = spans[n - 1 - i][0];
        spans[i][1] = spans[n - 1 - i][1];
        spans[n - 1 - i][0] = x0;
        spans[n - 1 - i][1] = x1;
    }
    /* the first one's 第; the number found, when the list before it did not run back
     * to one (its own 第, or itself after a 、: "会议十二、十五号、十六号提案") */
    size_t fs = n ? s - 1 : at(t, cs - 1, "第") ? cs - 1 : cs;
    spans[n][0] = cs;
    spans[n][1] = h;
    n++;
    size_t x = h + 1;
    while (n < MAX_NUMBERS && x < b) {
        size_t jl = number_joiner(t, x);
        if (!jl)
            break;
        size_t j = x + jl;
        if (at(t, j, "第"))
            j++;
        size_t d = j;
        while (d < b && cn_digit(t->cp[d]) >= 0 && d - j < 10)
            d++;
        if (d == j || !at(t, d, "号"))
            break;
        spans[n][0] = j;
        spans[n][1] = d;
        n++;
        x = d + 1;
    }
    size_t k = x;
    if (at(t, k, "代表") || at(t, k, "委员"))
        k += 2;
    if (n < 2 || !line_starts_with_any(t, k, vocab_kinds))
        return 0;
    struct buf num = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char one[16];
        if (cn_number(t, spans[i][0], spans[i][1], one)) {
            buf_release(&num);
            return 0;
        }
        if (i)
            buf_adds(&num, "、");
        buf_adds(&num, one);
    }
    if (!pctx_alloc(t->ctx) && !pctx_fail(t->ctx, buf_failed(&num) ? -1 : 0))
        set_cstr(t, &l->number, num.data, spans[0][0]);
    buf_release(&num);
    *first = fs;
    *end = x;
    return 1;
}

/* The serial after a series' hyphen at y ("S2022-031", "2022-031" after a 编号
 * label): one to four digits, nothing of a longer code running on (a date's second
 * hyphen, a letter, more digits). The index after it, or NPOS. */
static size_t hyphen_serial(const struct ctext *t, size_t y, size_t b)
{
    if (y + 1 >= b || t->cp[y] != '-')
        return NPOS;
    size_t z = y + 1;
    while (z < b && digit_val(t->cp[z]) >= 0 && z - y <= 5)
        z++;
    if (z - y < 2 || z - y > 5 ||
        (z < b && (digit_val(t->cp[z]) >= 0 || is_latin(t->cp[z]) || t->cp[z] == '-')))
        return NPOS;
    return z;
}

size_t find_number(const struct ctext *t, size_t a, size_t b, struct letter *l, size_t *num_start)
{
    struct quotes q = {0, 0};
    if (b > t->n)
        b = t->n;
    for (size_t h = a; h < b; h++) {
        uint32_t c = t->cp[h];
        if (in_quotes(&q, c))
            continue;
        if (at(t, h, "编号") && h + 2 < b) {
            /* "(提案编号2022004)": the number glued to its label */
            size_t x = h + 2;
            while (x < b && (is_colon(t->cp[x]) || t->cp[x] == ' ') && x - h < 4)
                x++;
            /* "（建议编号：S2022-031）": a series in letters, its digits, a hyphen and
             * the serial, as 第S2022-031号 writes it */
            size_t lx = x;
            while (lx < b && is_latin(t->cp[lx]) && lx - x < 3)
                lx++;
            size_t y = lx;
            while (y < b && digit_val(t->cp[y]) >= 0 && y - lx <= 14)
                y++;
            /* "编号：2022-031": the year, a hyphen and the serial, the lettered form
             * less its letters; a date (2022-03-01) is none, nor its year alone */
            size_t z = hyphen_serial(t, y, b);
            int year = lx == x && y == x + 4 && (at(t, x, "19") || at(t, x, "20"));
            if ((lx > x && (y - lx < 2 || y - lx > 6 || z == NPOS)) ||
                (lx == x && y == x + 4 && y < b && t->cp[y] == '-' && (z == NPOS || !year)))
                continue;
            if (z != NPOS && (lx > x || year))
                y = z;
            if (y - x >= 1 && y - x <= 14 && (y == b || digit_val(t->cp[y]) < 0) &&
                !at(t, y, "年")) {
                set_field(&l->number, t, x, y);
                *num_start = h; /* the kind word before 编号 names the kind */
                return y < b && at(t, y, "号") ? y + 1 : y;
            }
            continue;
        }
        /* "第72提案": 第 and the number, then the kind word without 号 */
        int bare = 0;
        if (c != 0x53F7 /* 号 */) {
            if (!(h > a && (digit_val(t->cp[h - 1]) >= 0 || cn_digit(t->cp[h - 1]) >= 0) &&
                  line_starts_with_any(t, h, vocab_kinds)))
                continue;
            bare = 1;
        }
        /* "第二十三号", "第一〇五号": a number in Chinese numerals, after 第 */
        if (h > a && cn_digit(t->cp[h - 1]) >= 0) {
            size_t cs = h;
            while (cs > a && cn_digit(t->cp[cs - 1]) >= 0 && h - cs < 10)
                cs--;
            char num[16];
            size_t first = NPOS;
            size_t end = NPOS;
            if (!bare && cs > a && number_joiner(t, cs - 1) == 1 &&
                cn_number_list(t, a, b, cs, h, &first, &end, l)) {
                *num_start = first;
                return end;
            }
            if (cs > a && at(t, cs - 1, "第") && !(cs > a + 1 && is_close_bracket(t->cp[cs - 2])) &&
                !at(t, h + 1, "线") && !at(t, h + 1, "楼") && !at(t, h + 1, "院") &&
                !at(t, h + 1, "文") && !at(t, h + 1, "令") && !cn_number(t, cs, h, num)) {
                if (!bare && number_joiner(t, h + 1) &&
                    cn_number_list(t, a, b, cs, h, &first, &end, l)) {
                    *num_start = first;
                    return end;
                }
                set_cstr(t, &l->number, num, cs);
                *num_start = cs - 1;
                return bare ? h : h + 1;
            }
            continue;
        }
        /* "第（21）号": the number in brackets after 第 */
        if (h > a + 3 && is_close_bracket(t->cp[h - 1])) {
            size_t d = h - 1;
            while (d > a && digit_val(t->cp[d - 1]) >= 0 && h - 1 - d < 8)
                d--;
            if (d < h - 1 && d > a + 1 && is_open_bracket(t->cp[d - 1]) && at(t, d - 2, "第")) {
                set_field(&l->number, t, d, h - 1);
                *num_start = d - 2;
                return bare ? h : h + 1;
            }
        }
        size_t de = h;
        while (de > a && t->cp[de - 1] == ' ' && h - de < 2)
            de--;
        size_t ds = de;
        while (ds > a && digit_val(t->cp[ds - 1]) >= 0 && de - ds <= 14)
            ds--;
        /* "第04-1号": a sub-number after a hyphen; "第S2022-031号": a series in
         * letters before it (one to three, then its digits), right after 第 */
        if (ds > a + 2 && t->cp[ds - 1] == '-' && digit_val(t->cp[ds - 2]) >= 0 && de - ds <= 4) {
            size_t x = ds - 1;
            while (x > a && digit_val(t->cp[x - 1]) >= 0 && ds - x <= 6)
                x--;
            size_t lx = x;
            while (lx > a && is_latin(t->cp[lx - 1]) && x - lx < 3)
                lx--;
            if (de - ds <= 3 && x > a && at(t, x - 1, "第"))
                ds = x;
            else if (lx < x && lx > a && at(t, lx - 1, "第"))
                ds = lx;
        }
        /* "第 1 4 6 号": each digit a blank apart (a scan's or a typesetter's spacing),
         * after 第: the digits without their blanks */
        if (de - ds == 1 && ds >= a + 2 && t->cp[ds - 1] == ' ' && digit_val(t->cp[ds - 2]) >= 0) {
            size_t x = ds;
            while (x >= a + 2 && t->cp[x - 1] == ' ' && digit_val(t->cp[x - 2]) >= 0 &&
                   (x - 2 == a || digit_val(t->cp[x - 3]) < 0) && ds - x < 28)
                x -= 2;
            size_t f = x;
            while (f > a && t->cp[f - 1] == ' ' && x - f < 2)
                f--;
            if (f > a && at(t, f - 1, "第")) {
                char num[16];
                size_t n = 0;
                for (size_t y = x; y < de && n < sizeof num - 1; y += 2)
                    num[n++] = (char)('0' + digit_val(t->cp[y]));
                num[n] = '\0';
                set_cstr(t, &l->number, num, x);
                *num_start = f - 1;
                return bare ? h : h + 1;
            }
        }
        /* "第B-12号", "第A-0288号": a letter's series, a hyphen, the serial */
        if (ds > a + 2 && t->cp[ds - 1] == '-' && is_latin(t->cp[ds - 2])) {
            size_t x = ds - 1;
            while (x > a && is_latin(t->cp[x - 1]) && ds - x <= 3)
                x--;
            if (x > a && at(t, x - 1, "第"))
                ds = x;
        }
        /* letters before the digits after 第, or right after the meeting, its kind
         * word between perhaps: "第T014号", "第A204号", "第DH0271号", "二次会议T014号",
         * "二次会议提案JS2023041号" */
        size_t ls_ = ds;
        while (ls_ > a && ds - ls_ < 3 && is_latin(t->cp[ls_ - 1]))
            ls_--;
        /* blanks or a line break between (a header wrapped before the number:
         * "…二次会议" / "K118号提案的答复") */
        size_t lb = ls_;
        while (lb > a && ls_ - lb < 3 && is_space(t->cp[lb - 1]))
            lb--;
        size_t mk = lb; /* before the kind word after the meeting */
        for (int k = 0; ls_ < ds && vocab_kinds[k] && mk == lb; k++)
            if (lb >= a + needle_len(vocab_kinds[k]) && ends_with(t, a, lb, vocab_kinds[k]))
                mk = lb - needle_len(vocab_kinds[k]);
        if (ls_ < ds && ((lb > a && at(t, lb - 1, "第")) || (lb >= 2 && at(t, lb - 2, "会议")) ||
                         (mk < lb && mk >= 2 && at(t, mk - 2, "会议"))))
            ds = ls_;
        if (ds == de || de - ds > 14)
            continue;
        {
            /* a header wrapped inside the number: "…会议第02" / "31号建议的答复"; the
             * digits that end the line above after 第 are its head */
            size_t br = ds;
            while (br > a && ds - br < 3 && is_space(t->cp[br - 1]) && t->cp[br - 1] != '\n')
                br--;
            size_t he = br > a && t->cp[br - 1] == '\n' ? br - 1 : NPOS;
            while (he != NPOS && he > a && is_space(t->cp[he - 1]) && t->cp[he - 1] != '\n')
                he--;
            size_t hs = he;
            while (hs != NPOS && hs > a && digit_val(t->cp[hs - 1]) >= 0 && he - hs < 8)
                hs--;
            if (hs != NPOS && hs < he && hs > a && at(t, hs - 1, "第") &&
                (he - hs) + (de - ds) <= 14) {
                char num[32];
                size_t n = 0;
                for (size_t x = hs; x < he; x++)
                    num[n++] = (char)('0' + digit_val(t->cp[x]));
                for (size_t x = ds; x < de; x++)
                    num[n++] = (char)('0' + digit_val(t->cp[x]));
                num[n] = '\0';
                set_cstr(t, &l->number, num, hs);
                *num_start = hs - 1;
                return bare ? h : h + 1;
            }
        }
        /* more than ten digits only after 第 (a long form, 20250118040077) */
        if (de - ds > 10 && !(ds > a && at(t, ds - 1, "第")))
            continue;
        if (bare && !(ds > a && at(t, ds - 1, "第")))
            continue;
        size_t pre = ds;
        while (pre > a && t->cp[pre - 1] == ' ' && ds - pre < 2)
            pre--;
        /* "第〔2023〕12号提案": the year in brackets inside 第…号, kept as written
         * (a doc number names its issuer before the bracket, never 第) */
        if (pre == ds && ds >= a + 7 && is_close_bracket(t->cp[ds - 1]) &&
            is_open_bracket(t->cp[ds - 6]) && at(t, ds - 7, "第")) {
            int year = 1;
            for (size_t y = ds - 5; y < ds - 1; y++)
                year &= digit_val(t->cp[y]) >= 0;
            if (year) {
                set_field(&l->number, t, ds - 6, de);
                *num_start = ds - 7;
                return bare ? h : h + 1;
            }
        }
        if (pre > a &&
            (is_close_bracket(t->cp[pre - 1]) || t->cp[pre - 1] == '-' || at(t, pre - 1, "月") ||
             t->cp[pre - 1] == '/' || digit_val(t->cp[pre - 1]) >= 0))
            continue; /* a doc number 〔2023〕266号, 30-17号; a date 6月12号 */
        if (pre > a + 1 && at(t, pre - 1, "第") && is_close_bracket(t->cp[pre - 2]))
            continue; /* 〔2024〕第88号 */
        if (pre > a + 3 && at(t, pre - 1, "第") && at(t, pre - 2, "字")) {
            /* 〔2016〕复字第37号: a word's 字 after the year in brackets */
            size_t y = pre - 2;
            while (y > a && pre - 2 - y < 3 && is_han(t->cp[y - 1]))
                y--;
            if (y > a && is_close_bracket(t->cp[y - 1]))
                continue;
        }
        if (at(t, h + 1, "线") || at(t, h + 1, "楼") || at(t, h + 1, "院") || at(t, h + 1, "文") ||
            at(t, h + 1, "令"))
            continue;
        size_t ns = ds;
        if (pre == ds && ds >= a + 1 && ds >= 2 && is_han(t->cp[ds - 1]) && !at(t, ds - 1, "第") &&
            cn_val(t->cp[ds - 1]) < 0 && !at(t, ds - 1, "字") &&
            !(range_joiner(t, ds - 1) && digit_val(t->cp[ds - 2]) >= 0) &&
            (at(t, ds - 2, "第") || at(t, ds - 2, "议") || !is_han(t->cp[ds - 2])))
            ns = ds - 1; /* a delegation prefix: 台52 */
        size_t first = NPOS;
        size_t end = NPOS;
        if (!bare && number_list(t, a, b, ns, de, h, &first, &end, l)) {
            *num_start = first;
            return end;
        }
        set_field(&l->number, t, ns, de);
        *num_start = pre > a && at(t, pre - 1, "第") ? pre - 1 : ns;
        return bare ? h : h + 1;
    }
    return NPOS;
}

/* The number's digits and letters in ASCII where the page wrote them full-width
 * (０２３ -> 023, Ｔ０１４ -> T014): one number, one form. The marks between them stay
 * as written, as a range's 至 or — does: 5～8, 21－23 (a look-up folds them, as it
 * folds every number, so 6 finds 5～8). */
static void ascii_number(struct letter *l)
{
    if (!l->number)
        return;
    unsigned char *s = (unsigned char *)l->number;
    size_t w = 0;
    for (size_t r = 0; s[r];) {
        /* U+FF10..U+FF5A: EF BC 90..BF, EF BD 80..9A */
        if (s[r] == 0xEF && (s[r + 1] == 0xBC || s[r + 1] == 0xBD) && s[r + 2]) {
            unsigned cp = 0xF000 | ((unsigned)(s[r + 1] & 0x3F) << 6) | (s[r + 2] & 0x3F);
            if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
                (cp >= 0xFF41 && cp <= 0xFF5A)) {
                s[w++] = (unsigned char)(cp - 0xFEE0);
                r += 3;
                continue;
            }
        }
        s[w++] = s[r++];
    }
    s[w] = '\0';
}

/* The first kind word in [a, b) outside 《》 and “” quotes, or NULL; *pos gets it. */
static const char *kind_in(const struct ctext *t, size_t a, size_t b, int skip_quotes, size_t *pos)
{
    struct quotes q = {0, 0};
    for (size_t i = a; i + 1 < b; i++) {
        int quoted = in_quotes(&q, t->cp[i]);
        if (skip_quotes && quoted)
            continue;
        /* a form's labels that name both kinds ("建议提案编号", "代表提案者")
         * say nothing of the item's */
        if (at(t, i, "建议提案")) {
            i += 3;
            continue;
        }
        if (i >= 2 && ((at(t, i, "提案") && at(t, i - 2, "建议")) ||
                       (at(t, i, "提案者") && at(t, i - 2, "代表"))))
            continue;
        const char *kind = at_any(t, i, vocab_kinds);
        if (kind) {
            if (pos)
                *pos = i;
            return kind;
        }
    }
    return NULL;
}

size_t form_number(const struct ctext *t, size_t vs, size_t ve, struct letter *l, size_t *ns)
{
    size_t after = find_number(t, vs, ve + 1 < t->n ? ve + 1 : ve, l, ns);
    size_t y = vs;
    while (y < ve && (digit_val(t->cp[y]) >= 0 || (y == vs && is_han(t->cp[y]))))
        y++;
    if (!l->number && y == ve && y > vs && digit_val(t->cp[y - 1]) >= 0)
        set_field(&l->number, t, vs, y);
    /* "建议编号:LN2021-0865": a series in letters, digits and a hyphen, as written */
    size_t x = vs;
    while (x < ve && is_latin(t->cp[x]) && x - vs < 3)
        x++;
    size_t d = x;
    while (d < ve && digit_val(t->cp[d]) >= 0 && d - x <= 8)
        d++;
    size_t h = d;
    if (h < ve && t->cp[h] == '-')
        for (h++; h < ve && digit_val(t->cp[h]) >= 0 && h - d <= 8;)
            h++;
    if (!l->number && x > vs && d - x >= 2 && h == ve && digit_val(t->cp[ve - 1]) >= 0)
        set_field(&l->number, t, vs, ve);
    return after;
}

/* The meeting (term, session, body, level, region) from the header blocks, else the
 * opening sentence; then the number (a form field, the header after the meeting,
 * any header block, the opening sentence); then the kind word by the number or,
 * failing that, the header's first kind word outside quotes. */
void find_meeting_number_kind(const struct ctext *t, const struct marks *m, struct letter *l,
                              struct found *f)
{
    size_t meeting_end = NPOS;
    size_t mb = NPOS; /* the block holding the meeting */
    /* a repost's "原标题:…" line above the salutation, the letter's own header under a
     * headline of the page's ("临夏州政协…第117号提案答复来了" over "原标题:临夏回族自治
     * 州卫生健康委员会关于州政协十二届四次会议第117号提案的答复"): its meeting first */
    int own = 0;
    for (size_t ls = m->start; m->sal != NPOS && ls < m->sal;) {
        size_t le = line_end(t, ls);
        if (at(t, ls, "原标题")) {
            size_t e = le - ls <= 100 ? le : ls + 100;
            if (parse_meeting(t, ls, e, l, &meeting_end) && meeting_end < e) {
                own = 1;
                size_t ns0 = NPOS;
                size_t after0 = find_number(t, meeting_end, e, l, &ns0);
                if (after0 != NPOS)
                    f->kind_near = kind_in(t, after0, e, 0, &f->kind_near_at);
            }
            break;
        }
        ls = le + 1;
    }
    for (size_t k = 0; k < m->n_blocks && mb == NPOS && !own; k++) {
        /* the page's title may hold the header's last part only, the part a wrap
         * left after the place or the term ("江省十四届…的答复_某某县人民政府" over
         * "关于黑龙" / "江省十四届…"): the header under it is read first */
        size_t te =
            m->title_a != NPOS && m->title_a >= m->blocks[k][0] && m->title_a < m->blocks[k][1]
                ? line_end(t, m->title_a) + 1
                : NPOS;
        if (te < m->blocks[k][1] && parse_meeting(t, te, m->blocks[k][1], l, &meeting_end))
            mb = k;
        else if (parse_meeting(t, m->blocks[k][0], m->blocks[k][1], l, &meeting_end))
            mb = k;
    }
    if (mb == NPOS && !own && !parse_meeting(t, m->open_a, m->open_b, l, &meeting_end)) {
        /* a meeting named without its term: "对市政协会议的第46号提案" */
        for (size_t k = 0; k < m->n_blocks && mb == NPOS; k++)
            if (parse_meeting_unnumbered(t, m->blocks[k][0], m->blocks[k][1], l, &meeting_end))
                mb = k;
        if (mb == NPOS)
            parse_meeting_unnumbered(t, m->open_a, m->open_b, l, &meeting_end);
        /* ... or none, the body named by its members' items: "关于县人大代表建议第45号" */
        for (size_t k = 0; k < m->n_blocks && mb == NPOS && !l->body; k++)
            if (parse_meeting_by_role(t, m->blocks[k][0], m->blocks[k][1], l, &meeting_end))
                mb = k;
    }
    /* a repost's "原标题:【对十三届全国人大五次会议第6190号建议的答复】" */
    size_t ot = NPOS;
    size_t ote = NPOS;
    if (!l->term && !l->number)
        for (size_t ls = m->start; ls < t->n;) {
            size_t le = line_end(t, ls);
            if (at(t, ls, "原标题")) {
                ot = ls;
                ote = le - ls <= 100 ? le : ls + 100;
                break;
            }
            ls = le + 1;
        }
    if (ot != NPOS && parse_meeting(t, ot, ote, l, &meeting_end) && meeting_end < ote) {
        size_t ns0 = NPOS;
        size_t after0 = find_number(t, meeting_end, ote, l, &ns0);
        if (after0 != NPOS)
            f->kind_near = kind_in(t, after0, ote, 0, &f->kind_near_at);
    }
    /* a proposal's text that ends with its meeting and number in brackets ("…分批实施。
     * (区十九届人大二次会议第0062号建议,领衔代表:张三)"), the header naming neither */
    if (!l->term && !l->number && ot == NPOS)
        for (size_t i = m->head_start; i < m->end; i++) {
            if (t->cp[i] != '(')
                continue;
            size_t c = i + 1;
            while (c < m->end && t->cp[c] != ')' && t->cp[c] != '\n' && c - i < 60)
                c++;
            if (c >= m->end || t->cp[c] != ')' || find(t, i, c, "届") == NPOS)
                continue;
            /* or the meeting and the number as a form's fields ("(会议届次:市十六届人大
             * 二次会议  建议编号:0379)") */
            size_t ms = i + 1;
            while (ms < c && is_space(t->cp[ms]))
                ms++;
            size_t lab = at_label(t, ms, c, "会议届次");
            int labelled =
                lab != NPOS && lab < c && is_colon(t->cp[lab]) && find(t, lab, c, "编号") != NPOS;
            if (labelled)
                ms = lab + 1;
            size_t mi = find(t, ms, c, "会议");
            if (mi == NPOS)
                continue;
            /* or the meeting alone in brackets on a line of its own, after the
             * reply or a form ("(县十八届人大五次会议)", "(省政协十二届五次会议提案)") */
            size_t ke = mi + 2;
            if (ke < c && line_starts_with_any(t, ke, vocab_kinds))
                ke += 2;
            size_t x = line_start(t, i);
            while (x < i && is_space(t->cp[x]))
                x++;
            size_t y = c + 1;
            while (y < t->n && t->cp[y] != '\n' && is_space(t->cp[y]))
                y++;
            int alone = ke == c && x == i && (y == t->n || t->cp[y] == '\n');
            if (!alone && !labelled &&
                (find(t, i, c, "号") == NPOS || mi + 2 >= c ||
                 !(at(t, mi + 2, "第") || digit_val(t->cp[mi + 2]) >= 0)))
                continue;
            if (parse_meeting(t, ms, c, l, &meeting_end)) {
                size_t ns0 = NPOS;
                size_t after0 = find_number(t, meeting_end, c, l, &ns0);
                if (after0 != NPOS)
                    f->kind_near = kind_in(t, after0, c, 0, &f->kind_near_at);
            }
            break;
        }

    /* or as a form's fields on lines of their own after the reply, no bracket
     * about them ("会议届次:某某县第十七届人民代表大会第四次会议" / "建议编号:0379"):
     * the meeting, and the number on its line or on one of the two next to it */
    if (!l->term && !l->number && ot == NPOS) {
        static const char *const meeting_labels[] = {"会议届次", "届次", NULL};
        size_t from = m->open_b != NPOS && m->open_b > m->head_end ? m->open_b : m->head_end;
        size_t vs = 0;
        size_t ve = 0;
        int field = 0;
        /* a field's value names the meeting alone; a paragraph that opens with the
         * label ("届次：十八届三次会议期间，您和其他代表…") is a sentence, not a field */
        while (from < m->end && form_value(t, from, m->end, meeting_labels, &vs, &ve) &&
               !(field = !sentence_value(t, vs, ve)))
            from = line_end(t, vs) + 1;
        if (field && parse_meeting(t, vs, ve, l, &meeting_end)) {
            size_t na = line_start(t, vs);
            for (int up = 0; up < 2 && na > from; up++)
                na = line_start(t, na - 1);
            size_t nb = line_end(t, vs);
            for (int down = 0; down < 2 && nb < m->end; down++)
                nb = line_end(t, nb + 1);
            if (nb > m->end)
                nb = m->end;
            size_t nvs = 0;
            size_t nve = 0;
            size_t ns0 = NPOS;
            if (form_value(t, na, nb, number_labels, &nvs, &nve))
                form_number(t, nvs, nve, l, &ns0);
        }
    }

    /* a repost's lead above the salutation that tells of the reply, the meeting and
     * the number in it ("近日,县交通运输局对县十七届人大二次会议第91号建议作出答复。"),
     * the header a headline of the page's own; or an article's editor's note there
     * ("编者按:市政协九届二次会议以来,…本期刊发市文化和旅游局对第105号提案的答复。"):
     * the meeting it names, and the number after it */
    if (!l->term && !l->number && m->sal != NPOS) {
        static const char *const replied[] = {"作出答复", "作出了答复", "进行了答复",
                                              "作了答复", "给予答复",   NULL};
        for (size_t ls = m->head_start; ls < m->sal;) {
            size_t le = line_end(t, ls);
            if (le > m->sal)
                le = m->sal;
            size_t x = ls;
            while (x < le && is_space(t->cp[x]))
                x++;
            int note = at(t, x, "编者按");
            size_t r = note ? le : find_any(t, ls, le, replied);
            size_t d = note ? x : r != NPOS ? rfind(t, ls, r, "对") : NPOS;
            if (d != NPOS && parse_meeting(t, d, r, l, &meeting_end)) {
                size_t ns0 = NPOS;
                size_t after0 = find_number(t, meeting_end, note ? le : r + 2, l, &ns0);
                if (after0 != NPOS)
                    f->kind_near = kind_in(t, after0, r, 0, &f->kind_near_at);
                break;
            }
            ls = le + 1;
        }
    }

    /* the number: a form field, the header (after the meeting first), the opening */
    size_t after = NPOS;
    size_t ns = NPOS;
    size_t vs = 0;
    size_t ve = 0;
    if (form_value(t, m->head_start, m->head_end, number_labels, &vs, &ve))
        after = form_number(t, vs, ve, l, &ns);
    if (!l->number && mb != NPOS && meeting_end < m->blocks[mb][1])
        after = find_number(t, meeting_end, m->blocks[mb][1], l, &ns);
    if (!l->number && mb != NPOS) {
        /* a form's fields one a line: the meeting alone on its line, the number
         * alone on the next ("县人大十八届二次会议" / "16") */
        size_t le = line_end(t, meeting_end);
        size_t x = le + 1;
        while (x < m->head_end && at(t, x, "\n") && x - le < 4)
            x++; /* blank lines between */
        size_t y = x < t->n ? line_end(t, x) : x;
        int alone = y <= m->head_end && y > x && y - x <= 8;
        for (size_t i = meeting_end; alone && i < le; i++)
            alone = is_space(t->cp[i]);
        for (size_t i = x; alone && i < y; i++)
            alone = digit_val(t->cp[i]) >= 0;
        if (alone)
            set_field(&l->number, t, x, y);
    }
    for (size_t k = 0; k < m->n_blocks && !l->number; k++)
        after = find_number(t, m->blocks[k][0], m->blocks[k][1], l, &ns);
    /* the number alone on a line above the header ("第45号" / "关于…的答复"), in
     * brackets perhaps */
    for (size_t pe = m->start, up = 0; !l->number && up < 2 && pe > m->head_start; up++) {
        while (pe > m->head_start && is_space(t->cp[pe - 1]))
            pe--;
        size_t ps = pe > m->head_start ? line_start(t, pe - 1) : pe;
        size_t x = ps;
        size_t y = pe;
        while (x < y && (is_space(t->cp[x]) || is_open_bracket(t->cp[x])))
            x++;
        while (y > x && is_close_bracket(t->cp[y - 1]))
            y--;
        if (y - x >= 3 && y - x <= 12 && at(t, x, "第") && ends_with(t, x, y, "号"))
            after = find_number(t, x, y, l, &ns);
        pe = ps;
    }
    if (!l->number)
        after = find_number(t, m->open_a, m->open_b, l, &ns);
    /* a repost's "原标题:【关于《…》(提案编号2022004)的复函】", naming no meeting */
    if (!l->number && ot != NPOS)
        after = find_number(t, ot, ote, l, &ns);

    ascii_number(l);
    /* the kind: after the number, just before it, or the header's first kind word */
    if (after != NPOS) {
        /* past a bracketed sub-number: "第2059号(工交邮电类385号)提案" */
        size_t ka = after;
        if (ka < t->n && is_open_bracket(t->cp[ka])) {
            size_t c = ka + 1;
            while (c < t->n && c - ka < 20 && !is_close_bracket(t->cp[c]) && t->cp[c] != '\n')
                c++;
            if (c < t->n && is_close_bracket(t->cp[c]))
                ka = c + 1;
        }
        size_t e = ka + 12 < t->n ? ka + 12 : t->n;
        size_t le = line_end(t, after);
        if (le < e && le + 1 < t->n &&
            (at(t, le + 1, "的") || at(t, le + 1, "答") || at(t, le + 1, "建") ||
             at(t, le + 1, "提") || at(t, le + 1, "议")))
            le = e; /* a header wrapped after the number */
        /* a quoted title right after the number ("第5号《关于修路的建议》的提案")
         * ends in its own kind word, not the item's */
        f->kind_near = kind_in(t, after, le < e ? le : e, 1, &f->kind_near_at);
        if (!f->kind_near && ns != NPOS && ns >= 4) {
            size_t p = ns;
            while (p > 0 && ns - p < 2 && (is_open_bracket(t->cp[p - 1]) || t->cp[p - 1] == ' '))
                p--;
            if (p >= 2)
                f->kind_near = kind_in(t, p - 2, p, 0, &f->kind_near_at);
        }
    }
    /* the header's first kind word outside quotes, not the one that ends a line
     * that is only the proposal's title ("一、关于修缮村小学围墙的建议") */
    for (size_t k = 0; k < m->n_blocks && !f->kind_near; k++)
        for (size_t ls = m->blocks[k][0]; ls < m->blocks[k][1] && !f->kind_near;) {
            size_t le = line_end(t, ls);
            if (le > m->blocks[k][1])
                le = m->blocks[k][1];
            size_t a = ls;
            if (a + 1 < le && cn_val(t->cp[a]) > 0 && at(t, a + 1, "、"))
                a += 2;
            int title_only = at(t, a, "关于") && !has_any(t, a, le, header_words) &&
                             find(t, a, le, "号") == NPOS;
            if (!title_only)
                f->kind_near = kind_in(t, ls, le, 1, &f->kind_near_at);
            ls = le + 1;
        }
}

/* The kind word of the opening sentence outside the title: "“…”的提案交由我局办理". */
void find_kind_in_opening(const struct ctext *t, const struct marks *m, struct found *f)
{
    size_t pos = 0;
    size_t a = m->open_a;
    const char *k = kind_in(t, a, m->open_b, 1, &pos);
    if (k && f->title_kind_end != NPOS && pos + 2 == f->title_kind_end)
        k = kind_in(t, pos + 2, m->open_b, 1, &pos);
    f->kind_body = k;
    f->kind_body_at = pos;
}

/* Body, then kind, from what was found: the meeting names the body; a kind word by
 * the number or in the header names both; then the addressee's role (委员 -> 政协,
 * 代表 -> 人大); then the opening sentence's kind word; last the word that ends the
 * title, only when it agrees with the body (a 委员's "…的建议" is a 提案 not stated). */
/* The body the addressee's role word names: 委员 the CPPCC, 党代表 a party congress,
 * 代表 the congress. */
static const char *role_body(int role)
{
    return vocab_bodies[role == ROLE_WEIYUAN ? VOCAB_CPPCC
                        : role == ROLE_DANG  ? VOCAB_PARTY
                                             : VOCAB_NPC];
}

/* May an item of the body be called by the kind word? A party congress's delegates
 * propose 提案 and 建议 alike. */
static int kind_fits(const char *body, const char *kind)
{
    return !body || !strcmp(body, vocab_bodies[VOCAB_PARTY]) ||
           !strcmp(body, vocab_body_of_kind(kind));
}

void resolve_body_kind(const struct ctext *t, const struct marks *m, struct found *f,
                       struct letter *l)
{
    const char *kind = f->kind_near;
    size_t kind_at = f->kind_near_at;
    /* no meeting names the body, and the kind word is one the other body's members
     * use loosely (a 委员's "第15号建议", a 代表's "第8号提案"): the addressee's role
     * names it */
    if (!l->body && kind && m->sal != NPOS && m->role && strcmp(kind, vocab_kinds[1]) &&
        strcmp(vocab_body_of_kind(kind), role_body(m->role)))
        set_cstr(t, &l->body, role_body(m->role), m->sal);
    if (!l->body && kind)
        set_cstr(t, &l->body, vocab_body_of_kind(kind), kind_at);
    if (!l->body && m->sal != NPOS && m->role)
        set_cstr(t, &l->body, role_body(m->role), m->sal);
    if (!l->body && m->sal != NPOS && m->sal_kind == SAL_DEPT) {
        size_t w = find(t, m->open_a, m->open_b, "委员");
        size_t d = w == NPOS ? find(t, m->open_a, m->open_b, "代表") : NPOS;
        if (w != NPOS)
            set_cstr(t, &l->body, vocab_bodies[VOCAB_CPPCC], w);
        else if (d != NPOS)
            set_cstr(t, &l->body, vocab_bodies[VOCAB_NPC], d);
    }
    if (!kind && f->kind_body && kind_fits(l->body, f->kind_body)) {
        kind = f->kind_body;
        kind_at = f->kind_body_at;
    }
    if (!kind && l->title) {
        struct buf s = BUF_INIT;
        if (!simplify(t->ctx, l->title, &s)) {
            for (int k = 0; vocab_kinds[k]; k++)
                if (ends_with_str(s.data, vocab_kinds[k]) && kind_fits(l->body, vocab_kinds[k])) {
                    kind = vocab_kinds[k];
                    kind_at = t->ctx->read_at[9]; /* where the title was read */
                }
        }
        buf_release(&s);
    }
    if (kind)
        set_cstr(t, &l->kind, kind, kind_at);
    if (!l->body && kind)
        set_cstr(t, &l->body, vocab_body_of_kind(kind), kind_at);
}
