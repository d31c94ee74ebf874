/*
 * The proposal's title: a form field, a quoted title in the header or the opening
 * sentence, "关于…建议" unquoted there, and last "关于…建议的答复" unquoted in the header
 * (title_header.c reads those).
 */
#include "import/parse/title.h"
#include "import/parse/parse_int.h"

#include <string.h>

#include "text/text.h"

/* Is the numeral of a count at i (3, 四, 两, 几)? */
static int count_char(uint32_t c)
{
    return is_num_char(c) || c == 0x4E24 || c == 0x51E0; /* 两 几 */
}

/* Does cp[a..b) end with a count of proposals, 件 after a numeral ("四件", "等3件")?
 * (Not 项, 条 or 点: one proposal may be 关于…的三项建议 or 几点建议.) Returns where
 * the count begins, or NPOS. */
static size_t count_before(const struct ctext *t, size_t a, size_t b)
{
    if (b < a + 2 || !at(t, b - 1, "件"))
        return NPOS;
    size_t d = b - 1;
    while (d > a && count_char(t->cp[d - 1]))
        d--;
    return d < b - 1 ? d : NPOS;
}

/* Is the title [a, b) a summary of several proposals answered together rather than
 * one proposal's title: a count of items before its kind word (关于农村公路养护的四件
 * 建议, 关于…等3件建议), or after it in brackets (关于…的建议(共5件))? */
static int summary_title(const struct ctext *t, size_t a, size_t b)
{
    size_t e = b;
    for (int k = 0; vocab_kinds[k] && e == b; k++)
        if (ends_with(t, a, b, vocab_kinds[k]))
            e = b - needle_len(vocab_kinds[k]);
    if (e == b)
        return 0;
    if (e > a && at(t, e - 1, "的"))
        e--;
    if (count_before(t, a, e) != NPOS)
        return 1;
    size_t o = b;
    while (o < t->n && is_space(t->cp[o]))
        o++;
    if (o >= t->n || !is_open_bracket(t->cp[o]))
        return 0;
    size_t c = o + 1;
    if (at(t, c, "共"))
        c++;
    while (c < t->n && c - o < 8 && count_char(t->cp[c]))
        c++;
    return c + 1 < t->n && count_before(t, o + 1, c + 1) != NPOS && is_close_bracket(t->cp[c + 1]);
}

/* Trims the blanks and line breaks at the ends of a title's span [*a, *b). */
static void trim_title(const struct ctext *t, size_t *a, size_t *b)
{
    while (*a < *b && (is_space(t->cp[*a]) || t->cp[*a] == '\n'))
        (*a)++;
    while (*b > *a && (is_space(t->cp[*b - 1]) || t->cp[*b - 1] == '\n'))
        (*b)--;
}

/* Where the title was read (the evidence's slot), NPOS when it was not. */
static size_t *title_read_at(const struct ctext *t)
{
    unsigned k = 0;
    while (k + 1 < LP_NFIELDS && LP_TITLE != 1u << k)
        k++;
    return &t->ctx->read_at[k];
}

/* Appends a title's text, cp[a..b) trimmed, to out: white space between two Han
 * characters and line breaks dropped (a header wrapped over lines, a layout space),
 * the rest as written, and the blanks of a fill-in form (after the leading 关于,
 * before the closing 的建议) too. Returns 0, 1 when [a, b) holds none, or -1 when
 * out of memory. */
static int title_text(const struct ctext *t, size_t a, size_t b, struct buf *out)
{
    trim_title(t, &a, &b);
    if (b <= a)
        return 1;
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
            /* the blanks of a fill-in form ("关于  修桥  的建议") stay as written */
            int blank = (i == a + 2 && at(t, a, "关于")) ||
                        (j + 3 == b && at(t, j, "的") && at_any(t, j + 1, vocab_kinds)) ||
                        (j + 2 == b && at_any(t, j, vocab_kinds));
            if (!nl && !blank &&
                ((i > a && is_han(t->cp[i - 1]) && j < b && is_han(t->cp[j])) ||
                 (i > a && t->cp[i - 1] >= 0x3000 && j < b && t->cp[j] >= 0x3000)))
                nl = 1; /* a layout space between two characters: dropped */
            if (nl) {
                i = j;
                continue;
            }
            rc = span_add(t, out, i, j);
            i = j;
            continue;
        }
        rc = span_add(t, out, i, i + 1);
        i++;
    }
    return rc;
}

/* Takes cp[a..b) for the title (title_text). A summary of several proposals
 * (summary_title) is read as the title and names none: the title is null. */
int set_title(struct letter *l, const struct ctext *t, size_t a, size_t b)
{
    trim_title(t, &a, &b);
    if (b <= a)
        return 0;
    if (summary_title(t, a, b)) {
        *title_read_at(t) = NPOS;
        return !pctx_fail(t->ctx, letter_set(&l->title, NULL, 0));
    }
    struct buf out = BUF_INIT;
    int rc = title_text(t, a, b, &out);
    if (!rc)
        rc = pctx_alloc(t->ctx) ? -1 : letter_set(&l->title, out.data, out.len);
    buf_release(&out);
    if (pctx_fail(t->ctx, rc))
        return 0;
    note_read(t, LP_TITLE, a);
    return 1;
}

/* The mark that closes a title opened by c, or 0: 《》, “” and ‘’ (「」 read as “”,
 * 『』 as ‘’), and what pages put in their place: 〈〉, 【】, 〖〗, straight quotes,
 * <<…>>. */
static uint32_t title_closer(uint32_t c)
{
    static const uint32_t pairs[][2] = {{0x300A, 0x300B}, {0x201C, 0x201D}, {0x2018, 0x2019},
                                        {0x3008, 0x3009}, {0x3010, 0x3011}, {0x3016, 0x3017},
                                        {'"', '"'},       {'<', '>'}};
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++)
        if (pairs[k][0] == c)
            return pairs[k][1];
    return 0;
}

/* The end of the quote opened at o, nested quotes counted; NPOS if it does not
 * close within 200 characters. */
static size_t quote_close(const struct ctext *t, size_t o, size_t b)
{
    uint32_t open = t->cp[o];
    uint32_t close = title_closer(open);
    int depth = 1;
    size_t first = NPOS;
    size_t lim = o + 200 < t->n ? o + 200 : t->n;
    if (lim > b + 100)
        lim = b + 100 < t->n ? b + 100 : t->n;
    /* quotes nest (“关于推进“放管服”改革的建议”); when the inner ones do not
     * pair up, the first closing one ends it */
    for (size_t i = o + 1; i < lim; i++) {
        if (t->cp[i] == open && open != close)
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
 * quoted phrase inside a title ("关于推进“一网通办”改革的建议") does not, nor a
 * site's name (「某某市人民政府网」, “某某新闻网”; a title's 管网 stays one), nor a
 * page's section. */
static int title_quote(const struct ctext *t, size_t o, size_t c)
{
    size_t i = o + 1;
    while (i < c && is_space(t->cp[i]))
        i++;
    if (at(t, i, "关于"))
        return 1;
    /* a mark in 【】 opening a line names the page's section (【建议提案】), a category
     * or a unit; a label, a colon (either width), a value a page's control (【字体：…】) */
    size_t ls = line_start(t, o);
    while (ls < o && is_space(t->cp[ls]))
        ls++;
    if (t->cp[o] == 0x3010 && (ls == o || find(t, i, c, "：") != find(t, i, c, ":")))
        return 0;
    /* a quoted phrase that a 关于 before it runs into, the title's words between
     * ("关于推进“一件事一次办”改革让群众办事“最多跑一次”的建议"): the title is the
     * whole clause, unquoted, a wrap of its line once in it; not "关于“…”的建议"
     * nor "关于您提出的“…”的建议" */
    size_t w = o;
    int wraps = 0;
    while (w > 0 && o - w < 60 &&
           (is_han(t->cp[w - 1]) || t->cp[w - 1] == 0x201C || t->cp[w - 1] == 0x201D ||
            (t->cp[w - 1] == '\n' && !wraps++)))
        w--;
    size_t g = find(t, w, o, "关于");
    if (g != NPOS && g + 2 < o && !at(t, o - 1, "的") && find(t, g, o, "您") == NPOS &&
        find(t, g, o, "你") == NPOS)
        return 0;
    /* a site's name in quotes before the header (「某某市人民政府网」第…号建议的答复) */
    size_t e = c;
    while (e > i && is_space(t->cp[e - 1]))
        e--;
    static const char *const sites[] = {"政府网", "门户网", "信息网", "新闻网",
                                        "网站",   "官网",   NULL};
    for (int k = 0; sites[k]; k++)
        if (ends_with(t, i, e, sites[k]))
            return 0;
    size_t k = c + 1;
    if (k < t->n && t->cp[k] == t->cp[c] && (t->cp[c] == '>' || t->cp[c] == 0x3009))
        k++; /* <<…>>, 〈〈…〉〉 */
    while (k < t->n && is_space(t->cp[k]) && k - c < 3)
        k++;
    static const char *const next[] = {"的",   "第",   "(",  "号",   "收悉", "悉", "已收悉",
                                       "已转", "已交", "交", "一案", "收到", "〔", NULL};
    return line_starts_with_any(t, k, vocab_kinds) || line_starts_with_any(t, k, next);
}

/* Is cp[a..b) the meeting and the number of a proposal ("县十七届人大三次会议第45号",
 * "市政协十二届二次会议第0118号提案"): words of a meeting (届 or 会议 in them), then 第,
 * digits and 号, a kind word after it allowed? */
static int meeting_reference(const struct ctext *t, size_t a, size_t b)
{
    for (int k = 0; vocab_kinds[k]; k++)
        if (ends_with(t, a, b, vocab_kinds[k])) {
            b -= needle_len(vocab_kinds[k]);
            break;
        }
    if (!ends_with(t, a, b, "号"))
        return 0;
    size_t d = b - 1;
    while (d > a && (digit_val(t->cp[d - 1]) >= 0 || is_space(t->cp[d - 1])))
        d--;
    if (d == b - 1 || d == a || !at(t, d - 1, "第"))
        return 0;
    for (size_t i = a; i < d - 1; i++)
        if (!is_han(t->cp[i]) && digit_val(t->cp[i]) < 0)
            return 0;
    return find(t, a, d - 1, "届") != NPOS || find(t, a, d - 1, "会议") != NPOS;
}

/* Where a proposal's number in brackets ends the quoted title [a, e) begins, or e:
 * "《关于…的建议(第2876号)》", "(第24号建议)", "(编号:0153)". The number is the
 * meeting's reference, not part of the title. */
size_t number_bracket_start(const struct ctext *t, size_t a, size_t e)
{
    while (e > a && is_space(t->cp[e - 1]))
        e--;
    if (e < a + 6 || !is_close_bracket(t->cp[e - 1]))
        return e;
    size_t o = e - 1;
    while (o > a && e - o < 32 && !is_open_bracket(t->cp[o - 1]) && t->cp[o - 1] != '\n')
        o--;
    if (o <= a + 4 || !is_open_bracket(t->cp[o - 1]))
        return e;
    if (meeting_reference(t, o, e - 1))
        return o - 1;
    static const char *const words[] = {"第", "号", "编号", ":", "建议", "提案", "议案", NULL};
    int digits = 0;
    int hao = 0;
    for (size_t i = o; i < e - 1;) {
        if (digit_val(t->cp[i]) >= 0) {
            digits++;
            i++;
            continue;
        }
        if (is_space(t->cp[i])) {
            i++;
            continue;
        }
        size_t k = 0;
        while (words[k] && !at(t, i, words[k]))
            k++;
        if (!words[k])
            return e;
        hao |= at(t, i, "号");
        i += needle_len(words[k]);
    }
    if (!digits || !(hao || find(t, o, e, "编号") != NPOS))
        return e;
    return o - 1;
}

/* Does the quote opened at o start with 关于? */
static int quote_opens_with_about(const struct ctext *t, size_t o)
{
    if (o == NPOS)
        return 0;
    size_t i = o + 1;
    while (i < t->n && is_space(t->cp[i]))
        i++;
    return at(t, i, "关于");
}

/* The first quoted title in [a, b): 《…》 or “…” of at least 4 characters; with
 * `strict`, only one that reads as a title (title_quote). */
static int find_quoted_title(const struct ctext *t, size_t a, size_t b, int strict,
                             struct letter *l, size_t *open_at)
{
    for (size_t i = a; i < b; i++) {
        if (!title_closer(t->cp[i]))
            continue;
        if ((t->cp[i] == '<' || t->cp[i] == 0x3008) && i + 1 < b && t->cp[i + 1] == t->cp[i])
            i++; /* <<…>>, 〈〈…〉〉 */
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
        if (open_at)
            *open_at = i;
        return set_title(l, t, i + 1, number_bracket_start(t, i + 1, c));
    }
    return 0;
}

/* What follows the kind word that closes a title in the opening sentence: "建议收悉",
 * "建议已交我局", "建议,我局…", "建议(第12号)". */
static const char *const kind_closes[] = {"收悉", "悉", "已", "收到", "交", "经",
                                          "现",   "的", ",",  "。",   "(",  NULL};

/* A kind word a line's wrap cut in two at i ("…标准的建" / "议收悉"): its first
 * character ends the line, its second opens the next, and the clause closes after
 * it. Only a wrap cuts a word: a line the letter ended never ends inside one. */
static int kind_cut_at(const struct ctext *t, size_t i)
{
    if (i + 3 > t->n || t->cp[i + 1] != '\n')
        return 0;
    for (int k = 0; vocab_kinds[k]; k++) {
        const unsigned char *p = (const unsigned char *)vocab_kinds[k];
        uint32_t c0 = needle_next(&p);
        uint32_t c1 = needle_next(&p);
        if (t->cp[i] == c0 && t->cp[i + 2] == c1)
            return i + 3 >= t->n || t->cp[i + 3] == '\n' ||
                   line_starts_with_any(t, i + 3, kind_closes);
    }
    return 0;
}

/* The first kind word in [a, b), whole or cut by a wrap (kind_cut_at); *len gets
 * its length in the text (2, or 3 with the line break inside it). NPOS if none. */
static size_t find_kind(const struct ctext *t, size_t a, size_t b, size_t *len)
{
    size_t e = find_any(t, a, b, vocab_kinds);
    *len = 2;
    for (size_t i = a; i < (e == NPOS ? b : e); i++)
        if (kind_cut_at(t, i)) {
            *len = 3;
            return i;
        }
    return e;
}

/* Does the header region call the item answered 意见 (区人大代表书面意见答复)? */
static int opinion_item(const struct ctext *t, const struct marks *m)
{
    static const char *const items[] = {"书面意见", "代表意见", "委员意见", NULL};
    return has_any(t, m->head_start, m->head_end, items);
}

/* "…提出的关于修路的建议收悉": 关于 up to the kind word, in [a, b), when it is not a
 * reference to the meeting ("关于县第十届…第9号建议"); in a letter that answers an
 * item called 意见 (opinion), 的意见 closing the clause as a kind word does
 * ("…提出的关于…的意见(第0219号)收悉"). *kind_end gets the index after the kind word. */
static int find_plain_title(const struct ctext *t, size_t a, size_t b, struct letter *l,
                            size_t *kind_end, int opinion)
{
    size_t g = find(t, a, b, "关于");
    /* 关于 cut in two by a wrap ("您提出的关" / "于加快…的建议收悉") */
    size_t cut = find(t, a, g == NPOS ? b : g, "关\n于");
    g = cut != NPOS ? cut : g;
    /* "您提出的有关加强森林防火的建议": 有关 opens the title after the verb that
     * proposed it (not "有关建议", "有关部门") */
    static const char *const verbs[] = {"提出的有关", "所提的有关", "提交的有关", "提的有关", NULL};
    for (int k = 0; verbs[k]; k++) {
        size_t v = find(t, a, g != NPOS ? g : b, verbs[k]);
        if (v != NPOS) {
            g = v + needle_len(verbs[k]) - 2;
            break;
        }
    }
    if (g == NPOS)
        return 0;
    size_t lim = g + 150 < b ? g + 150 : b;
    size_t klen = 2;
    size_t best = find_kind(t, g, lim, &klen);
    /* "…的意见收悉", "…的书面意见收悉": the item's word as the opening writes it */
    size_t op = opinion ? find(t, g, best == NPOS ? lim : best, "的意见") : NPOS;
    size_t wop = opinion ? find(t, g, best == NPOS ? lim : best, "的书面意见") : NPOS;
    if (wop != NPOS && wop < op && line_starts_with_any(t, wop + 5, kind_closes)) {
        best = wop + 1;
        klen = 4;
    } else if (op != NPOS && line_starts_with_any(t, op + 3, kind_closes)) {
        best = op + 1;
        klen = 2;
    }
    if (best == NPOS || (at(t, g, "有关") && best < g + 6))
        return 0;
    /* "…提出的关于修路的第12号建议收悉": the meeting's number before the kind
     * word is no part of the title */
    size_t no = best;
    if (best > g + 4 && at(t, best - 1, "号")) {
        size_t d = best - 1;
        while (d > g && digit_val(t->cp[d - 1]) >= 0 && best - d < 12)
            d--;
        if (d < best - 1 && d > g + 3 && at(t, d - 1, "第") && at(t, d - 2, "的"))
            no = d - 1;
    }
    if (find(t, g, no, "届") != NPOS || find(t, g, no, "会议") != NPOS ||
        ends_with(t, g, no, "号") || ends_with(t, g, best, "号代表") ||
        ends_with(t, g, best, "号委员"))
        return 0;
    /* a hard-wrapped paragraph breaks the title once, the next line going on
     * without an indent; a new paragraph or a second break ends it */
    size_t nl = find(t, g, best, "\n");
    /* a break right before the kind word: the sentence goes on after it
     * ("…配备的" / "建议收悉。", "…标准的" / "建议,我局…") */
    int wrapped = nl != NPOS && nl + 1 == best && line_starts_with_any(t, best + klen, kind_closes);
    if (nl != NPOS && !wrapped &&
        (nl + 1 >= best || !is_han(t->cp[nl + 1]) || find(t, nl + 1, best, "\n") != NPOS))
        return 0;
    *kind_end = best + klen;
    if (no == best)
        return set_title(l, t, g, best + klen);
    /* the title's words, then its kind word (the break a wrap left in it out) */
    if (!set_title(l, t, g, no))
        return 0;
    struct buf out = BUF_INIT;
    buf_adds(&out, l->title);
    int rc = span_add(t, &out, best, best + 1);
    if (!rc)
        rc = span_add(t, &out, best + klen - 1, best + klen);
    if (!rc)
        rc = pctx_alloc(t->ctx) ? -1 : letter_set(&l->title, out.data, out.len);
    buf_release(&out);
    return !pctx_fail(t->ctx, rc);
}

/* "您提出的加快修缮村道的建议收悉": a title written without 关于 and without
 * quotes, from the verb that proposed it (提出的, 所提的) up to the first kind word,
 * when that word closes the clause (收悉, a comma, 已交…) and what stands before it
 * names something: not the meeting or the number ("第56号建议"), not a phrase of
 * the sentence ("宝贵意见和建议", "有关建议"). *kind_end gets the index after the
 * kind word. */
static int find_bare_title(const struct ctext *t, size_t a, size_t b, struct letter *l,
                           size_t *kind_end)
{
    static const char *const verbs[] = {"提出的", "所提的", "所提出的", "提交的", "提的", NULL};
    size_t s = NPOS;
    for (int k = 0; verbs[k]; k++) {
        size_t i = find(t, a, b, verbs[k]);
        if (i != NPOS && (s == NPOS || i + needle_len(verbs[k]) < s))
            s = i + needle_len(verbs[k]);
    }
    /* "您提出《加快修缮村道的建议(第24号建议)收悉": a mark opened and never
     * closed is passed over */
    size_t q = find(t, a, b, "提出");
    if (s == NPOS && q != NPOS && q + 2 < b && title_closer(t->cp[q + 2]))
        s = q + 2;
    if (s == NPOS)
        return 0;
    while (s < b && is_space(t->cp[s]))
        s++;
    if (s < b && title_closer(t->cp[s]) && quote_close(t, s, b) == NPOS)
        s++;
    if (s >= b || at(t, s, "关于") || title_closer(t->cp[s]))
        return 0;
    size_t lim = s + 120 < b ? s + 120 : b;
    size_t klen = 2;
    size_t e = find_kind(t, s, lim, &klen);
    if (e == NPOS || e < s + 4)
        return 0;
    static const char *const after[] = {"收悉", "悉", "已", "交", "经", "现", "(",    ",",
                                        "。",   ",",  " ",  "\n", "》", "”",  "收到", NULL};
    size_t k2 = e + klen;
    if (k2 < t->n && !line_starts_with_any(t, k2, after) && t->cp[k2] != '\n' &&
        t->cp[k2] != 0x3002 && t->cp[k2] != 0xFF0C)
        return 0;
    static const char *const stops[] = {"届", "会议", "。", ":",    ";",  "\n", "您",
                                        "你", "我",   "贵", "宝贵", "第", NULL};
    static const char *const lead[] = {"有关", "相关", "上述", "该",   "此", "这",
                                       "各项", "多项", "几点", "意见", NULL};
    static const char *const tail[] = {"意见和", "意见及", "意见、", "批评和",
                                       "代表",   "委员",   NULL};
    if (has_any(t, s, e, stops) || line_starts_with_any(t, s, lead))
        return 0;
    for (int k = 0; tail[k]; k++)
        if (ends_with(t, s, e, tail[k]))
            return 0;
    *kind_end = e + klen;
    return set_title(l, t, s, e + klen);
}

/* Does an ellipsis start at i ("…", "⋯", "...", "。。。")? Returns its length, or 0. */
static size_t ellipsis_at(const struct ctext *t, size_t i)
{
    if (i >= t->n)
        return 0;
    if (t->cp[i] == 0x2026 || t->cp[i] == 0x22EF)
        return 1;
    if (i + 2 < t->n && (t->cp[i] == '.' || t->cp[i] == 0x3002) && t->cp[i + 1] == t->cp[i] &&
        t->cp[i + 2] == t->cp[i])
        return 3;
    return 0;
}

/* A title shortened with an ellipsis where it was read first (a page's title, a
 * header: "《关于加快老旧供水管网改造…》的答复") is the head of the title the
 * letter states in full elsewhere ("您提出的《关于加快老旧供水管网改造提升供水安全
 * 的提案》收悉"): when the header or the opening paragraphs hold a title that
 * starts with that head and goes on where the ellipsis stood, quoted (up to its
 * closing mark) or unquoted (up to the kind word), it is the title. */
static void prefer_full_title(const struct ctext *t, const struct marks *m, struct letter *l)
{
    size_t a = *title_read_at(t);
    if (!l->title || a == NPOS)
        return;
    /* the head as read, blanks and line breaks left out, up to its ellipsis */
    uint32_t head[160];
    size_t n = 0;
    size_t i = a;
    for (; i < t->n && n < 160 && !ellipsis_at(t, i); i++) {
        if (t->cp[i] == '\n' || is_space(t->cp[i]))
            continue;
        if (title_closer(t->cp[i]) || is_close_bracket(t->cp[i]) || t->cp[i] == 0x300B ||
            t->cp[i] == 0x201D)
            return;
        head[n++] = t->cp[i];
    }
    if (n < 4 || n == 160 || !ellipsis_at(t, i))
        return;
    size_t from = m->head_start;
    size_t to = m->open_a + 600 < m->reply_end ? m->open_a + 600 : m->reply_end;
    for (size_t s = from; s < to; s++) {
        if (t->cp[s] != head[0] || s == a)
            continue;
        size_t k = s;
        size_t got = 0;
        for (; k < to && got < n; k++) {
            t->ctx->steps++;
            if (t->cp[k] == '\n' || is_space(t->cp[k]))
                continue;
            if (t->cp[k] != head[got])
                break;
            got++;
        }
        if (got < n)
            continue;
        while (k < to && is_space(t->cp[k]))
            k++;
        /* it goes on with the title's words, not with an ellipsis or its end */
        if (k >= to || ellipsis_at(t, k) || !is_han(t->cp[k]))
            continue;
        size_t o = s;
        while (o > from && is_space(t->cp[o - 1]))
            o--;
        size_t e = NPOS;
        if (o > from && title_closer(t->cp[o - 1])) {
            size_t c = quote_close(t, o - 1, to);
            if (c != NPOS && c > k)
                e = c;
        } else {
            size_t lim = k + 150 < to ? k + 150 : to;
            size_t kw = find_any(t, k, lim, vocab_kinds);
            if (kw != NPOS && find(t, k, kw, "\n") == NPOS && find(t, k, kw, "。") == NPOS)
                e = kw + 2;
        }
        if (e != NPOS) {
            set_title(l, t, s, e);
            return;
        }
    }
}

/* Where the next of several quoted titles listed one after the other opens, after
 * the quote that closes at c: past blanks, a separator (、, a comma, 和, 及, 与, 以及)
 * and the next one's number (第15号, (第15号)); NPOS if no quote opens there. */
static size_t next_listed_title(const struct ctext *t, size_t c)
{
    static const char *const seps[] = {"、", ",", "和", "及", "与", "以及", NULL};
    size_t i = c + 1;
    if (i < t->n && t->cp[i] == t->cp[c] && (t->cp[c] == '>' || t->cp[c] == 0x3009))
        i++; /* <<…>>, 〈〈…〉〉 */
    size_t lim = i + 24 < t->n ? i + 24 : t->n;
    while (i < lim) {
        const char *w = at_any(t, i, seps);
        if (is_space(t->cp[i])) {
            i++;
        } else if (w) {
            i += needle_len(w);
        } else if (at(t, i, "第") || is_open_bracket(t->cp[i])) {
            int br = is_open_bracket(t->cp[i]);
            size_t d = i + br + at(t, i + br, "第");
            size_t k = d;
            while (k < lim && digit_val(t->cp[k]) >= 0)
                k++;
            if (k == d || !at(t, k, "号") ||
                (br && !(k + 1 < lim && is_close_bracket(t->cp[k + 1]))))
                return NPOS;
            i = k + 1 + br;
        } else {
            break;
        }
    }
    if (i >= lim || !title_closer(t->cp[i]))
        return NPOS;
    if ((t->cp[i] == '<' || t->cp[i] == 0x3008) && i + 1 < t->n && t->cp[i + 1] == t->cp[i])
        i++;
    return i;
}

/* Several proposals answered together, their titles quoted one after the other
 * where the title was read (您提出的《关于…的建议》《关于…的建议》收悉, …》和《…,
 * 第12号《…》、第15号《…》): every title, in the letter's order, joined by 、 as the
 * numbers of such a reply are (12、15). */
static void list_titles(const struct ctext *t, struct letter *l)
{
    size_t a = *title_read_at(t);
    if (!l->title || a == NPOS)
        return;
    size_t o = a;
    while (o > 0 && is_space(t->cp[o - 1]))
        o--;
    if (o == 0 || !title_closer(t->cp[o - 1]))
        return;
    size_t c = quote_close(t, o - 1, t->n);
    if (c == NPOS)
        return;
    struct buf out = BUF_INIT;
    int rc = title_text(t, o, number_bracket_start(t, o, c), &out);
    int n = 1;
    for (size_t k; rc >= 0 && (k = next_listed_title(t, c)) != NPOS; n++) {
        size_t e = quote_close(t, k, t->n);
        if (e == NPOS || !title_quote(t, k, e))
            break;
        rc = buf_adds(&out, "、");
        if (!rc)
            rc = title_text(t, k + 1, number_bracket_start(t, k + 1, e), &out);
        c = e;
    }
    if (rc == 0 && n >= 2)
        rc = pctx_alloc(t->ctx) ? -1 : letter_set(&l->title, out.data, out.len);
    buf_release(&out);
    pctx_fail(t->ctx, rc < 0 ? -1 : 0);
}

/* The proposal's title, before a shortened one is given its full form. */
static void find_title_once(const struct ctext *t, const struct marks *m, struct letter *l,
                            struct found *f);

/* Is the value at vs a page's bare "标题:" (a line that starts with the label)? */
static int page_title(const struct ctext *t, size_t vs)
{
    size_t ls = line_start(t, vs);
    while (ls < vs && is_space(t->cp[ls]))
        ls++;
    return at_label(t, ls, vs, "标题") != NPOS;
}

/* After the words that forward a reply (现将), the unit whose reply it is and its 关于
 * or 对 ("现将省交通运输厅关于《关于…的建议》的答复转给你"): where the quoted title
 * opens, else i. The quote names a proposal: it opens with 关于, or the reply to it
 * follows (…》的答复). */
static size_t past_replying_unit(const struct ctext *t, size_t i, size_t b)
{
    size_t e = i;
    while (e < b && is_han(t->cp[e]) && e - i < 30)
        e++;
    if (e >= b || (t->cp[e] != 0x300A && t->cp[e] != 0x201C))
        return i;
    uint32_t close = t->cp[e] == 0x300A ? 0x300B : 0x201D;
    size_t c = e + 1;
    while (c < b && t->cp[c] != close && t->cp[c] != '\n' && c - e < 120)
        c++;
    if (c >= b || t->cp[c] != close || !(at(t, e + 1, "关于") || at(t, c + 1, "的答复")))
        return i;
    static const char *const about[] = {"关于", "对", NULL};
    for (int k = 0; about[k]; k++)
        if (ends_with(t, i, e, about[k]) && plausible_org(t, i, e - needle_len(about[k])))
            return e;
    return i;
}

/* The proposal's title: a form field, a quoted title in the header, a quoted title
 * in the opening sentence, "关于…建议" unquoted there, and last any quote there; a
 * title shortened with an ellipsis is taken whole where the letter states it so. */
void find_title(const struct ctext *t, const struct marks *m, struct letter *l, struct found *f)
{
    find_title_once(t, m, l, f);
    prefer_full_title(t, m, l);
    list_titles(t, l);
}

static void find_title_once(const struct ctext *t, const struct marks *m, struct letter *l,
                            struct found *f)
{
    size_t vs = 0;
    size_t ve = 0;
    f->title_kind_end = NPOS;
    /* "现就您提出的关于…的建议答复如下": the opening starts with the words that
     * announce the reply, and the title is in the sentence they begin */
    size_t ob = m->open_b;
    size_t oa = m->open_a;
    while (oa < ob && (is_space(t->cp[oa]) || t->cp[oa] == '\n'))
        oa++;
    if (ob != NPOS && ob < oa + 6) {
        size_t lim = oa + 300 < m->reply_end ? oa + 300 : m->reply_end;
        size_t stop = find(t, oa, lim, "。");
        size_t nl = find(t, oa, lim, "\n");
        ob = stop < nl ? stop : nl;
        if (ob == NPOS)
            ob = lim;
    }
    /* a page's 标题 that is the reply's own header is not the proposal's title;
     * nor is one that names no proposal (标题:老旧小区改造工作情况): a page's bare
     * 标题, unlike a form's 建议标题 or 题目, titles the reply */
    int opinion = opinion_item(t, m);
    if (form_value(t, m->head_start, m->head_end, title_labels, &vs, &ve) &&
        !has_any(t, vs, ve, header_words) &&
        (has_any(t, vs, ve, vocab_kinds) || !page_title(t, vs) ||
         (opinion && ends_with(t, vs, ve, "意见")))) {
        if ((t->cp[vs] == 0x300A || t->cp[vs] == 0x201C) && ve - vs > 2 &&
            (t->cp[ve - 1] == 0x300B || t->cp[ve - 1] == 0x201D)) {
            vs++;
            ve--;
        }
        /* the salutation's paragraph writes the title its own way ("保亭七仙岭"
         * where the form has "保亭县七仙岭"): its spelling, unless it quotes only
         * the title's core (关于“…”的建议) */
        size_t kind_end = NPOS;
        size_t q = NPOS;
        int found = find_quoted_title(t, m->open_a, ob, 1, l, &q);
        if (found && q != NPOS) {
            size_t g = q;
            while (g > m->open_a && is_space(t->cp[g - 1]))
                g--;
            found = !(g >= m->open_a + 2 && at(t, g - 2, "关于"));
        } else {
            found = find_plain_title(t, m->open_a, ob, l, &kind_end, opinion);
        }
        if (found) {
            f->title_kind_end = kind_end;
            return;
        }
        if (set_title(l, t, vs, ve))
            return;
    }
    /* a form's "议案内容:关于…的议案": the content field holds the title when
     * it is one (关于 … and the kind word, one clause) */
    static const char *const content_labels[] = {"议案内容", "建议内容", "提案内容", NULL};
    if (form_value(t, m->head_start, m->head_end, content_labels, &vs, &ve) && at(t, vs, "关于") &&
        ve - vs <= 80 && find(t, vs, ve, "。") == NPOS && find(t, vs, ve, ",") == NPOS) {
        int kind_end = 0;
        for (int k = 0; vocab_kinds[k] && !kind_end; k++)
            kind_end = ends_with(t, vs, ve, vocab_kinds[k]);
        if (kind_end && set_title(l, t, vs, ve))
            return;
    }
    for (size_t k = 0; k < own_blocks(m); k++) {
        size_t hq = NPOS;
        if (!find_quoted_title(t, m->blocks[k][0], m->blocks[k][1], 1, l, &hq))
            continue;
        /* the header quotes a short form of the title ("…关于《加快温泉旅游公路建设》
         * 提案的答复") and the opening quotes it whole, 关于 and all, the short
         * form's words in it in their order ("您…提出的第062号《关于加快石阡温泉至
         * 佛顶山旅游公路建设的提案》收悉"): the whole one */
        char head[512];
        size_t oq = NPOS;
        if (!l->title || strlen(l->title) >= sizeof head)
            return;
        memcpy(head, l->title, strlen(l->title) + 1);
        /* ... and a header quoting a whole title other than the opening's whole one,
         * of the same kind: the opening's (another kind: the header's) */
        int whole = quote_opens_with_about(t, hq);
        if (find_quoted_title(t, m->open_a, ob, 1, l, &oq) &&
            !(quote_opens_with_about(t, oq) && l->title &&
              (whole ? same_kind_end(head, l->title) : short_form(head, l->title))))
            find_quoted_title(t, m->blocks[k][0], m->blocks[k][1], 1, l, NULL);
        return;
    }
    if (find_quoted_title(t, m->open_a, ob, 1, l, NULL) ||
        find_plain_title(t, m->open_a, ob, l, &f->title_kind_end, opinion) ||
        find_bare_title(t, m->open_a, ob, l, &f->title_kind_end))
        return;
    if (find_quoted_title(t, m->open_a, ob, 0, l, NULL))
        return;
    for (size_t k = 0; k < own_blocks(m); k++)
        if (find_header_title(t, m->blocks[k][0], m->blocks[k][1], l) ||
            find_apart_title(t, m->blocks[k][0], m->blocks[k][1], l))
            return;
    /* neither the salutation's paragraph ("收悉后,我局十分重视,现答复如下:") nor
     * the header names it: the title quoted where a later paragraph names what the
     * proposer proposed ("您提出的《关于…的提案》中,…"), or right after the words
     * that announce the reply ("…收悉,现将《关于…的建议》办理情况答复如下") */
    static const char *const verbs[] = {"提出的", "所提的", "提交的", "所提",
                                        "提出",   "现将",   "现就",   NULL};
    size_t la = m->open_b != NPOS && m->open_b > m->open_a ? m->open_b : m->open_a;
    size_t lb = la + 600 < m->reply_end ? la + 600 : m->reply_end;
    for (size_t i = la; i < lb; i++)
        for (int k = 0; verbs[k]; k++) {
            if (!at(t, i, verbs[k]))
                continue;
            size_t q = past_replying_unit(t, i + needle_len(verbs[k]), lb);
            while (q < lb && is_space(t->cp[q]))
                q++;
            if (q < lb && title_closer(t->cp[q]) && find_quoted_title(t, q, q + 1, 1, l, NULL))
                return;
            break;
        }
    /* a header that names the subject with no kind word ("关于…的答复") */
    for (size_t k = 0; k < own_blocks(m); k++)
        if (find_kindless_title(t, m->blocks[k][0], m->blocks[k][1], l))
            return;
    /* a repost's trailing "原标题:关于…的提案的答复" keeps the letter's header, which
     * the page dropped (its headline a summary) */
    for (size_t ls = m->open_b != NPOS ? m->open_b : m->start; ls < t->n;) {
        size_t le = line_end(t, ls);
        size_t a = ls;
        while (a < le && is_space(t->cp[a]))
            a++;
        if (at(t, a, "原标题")) {
            a += 3;
            while (a < le && (is_colon(t->cp[a]) || is_space(t->cp[a]) || t->cp[a] == 0x3010))
                a++;
            if (find_quoted_title(t, a, le, 1, l, NULL) || find_header_title(t, a, le, l))
                return;
        }
        ls = le + 1;
    }
    /* last, the page's title: the letter names no title of its own */
    for (size_t k = own_blocks(m); k < m->n_blocks; k++)
        if (find_quoted_title(t, m->blocks[k][0], m->blocks[k][1], 1, l, NULL) ||
            find_header_title(t, m->blocks[k][0], m->blocks[k][1], l) ||
            find_apart_title(t, m->blocks[k][0], m->blocks[k][1], l))
            return;
}
