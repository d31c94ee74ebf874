/*
 * The title a header names unquoted: "关于…的建议的答复" with its kind word, a title
 * set apart under or beside the header, and a header that names the subject with no
 * kind word ("关于…的答复"). The quoted titles and the opening sentence's are read
 * in title.c.
 */
#include "import/parse/parse_int.h"
#include "import/parse/title.h"

/* A header's 关于 followed by the proposers and the verb that proposed (关于李明等提出
 * 的…的答复, 关于对王芳委员所提…, 关于县人大代表李明提出的…): the index after the verb
 * and its 的, where the subject opens, when the names from a hold a 等, a count or a
 * role word; else a. */
static size_t after_proposers(const struct ctext *t, size_t a, size_t b)
{
    static const char *const proposed[] = {"所提出的", "提出的", "所提的", "提交的",
                                           "所提",     "提出",   NULL};
    size_t s = a + at(t, a, "对");
    for (size_t v = s + 2; v < b && v <= s + 24; v++) {
        const char *w = at_any(t, v, proposed);
        if (!w)
            continue;
        static const char *const roles[] = {"代表", "委员", "同志", NULL};
        static const char *const stops[] = {"的", "关于", "届", "会议", "号", NULL};
        int named = find(t, s, v, "等") != NPOS || has_any(t, s, v, roles);
        for (size_t i = s; i < v && named; i++)
            named = is_han(t->cp[i]) || t->cp[i] == 0x3001 || is_name_dot(t->cp[i]) ||
                    digit_val(t->cp[i]) >= 0;
        if (!named || has_any(t, s, v, stops))
            return a;
        size_t e = v + needle_len(w);
        return e < b && !at(t, e - 1, "的") && at(t, e, "的") ? e + 1 : e;
    }
    return a;
}

/* A header that names the proposal by its title, unquoted: "关于加强村道建设的建议的
 * 答复", "关于…提案办理情况的复函". The title runs from the last 关于 before the kind
 * word that the reply's own word follows; a reference to the meeting or a number
 * ("关于县十届…第9号建议的答复") is not a title. */
int find_header_title(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    for (size_t e = a; e + 2 < b; e++) {
        if (!at_any(t, e, vocab_kinds))
            continue;
        size_t r = e + 2;
        /* "…的提案(提案编号2022004)复函": the number in brackets before the
         * reply's word */
        if (r < b && is_open_bracket(t->cp[r])) {
            size_t c = r + 1;
            while (c < b && c - r < 24 && !is_close_bracket(t->cp[c]) && t->cp[c] != '\n')
                c++;
            if (c < b && is_close_bracket(t->cp[c]))
                r = c + 1;
        }
        if (at(t, r, "的"))
            r++;
        /* "…的建议的办理答复" */
        if (!line_starts_with_any(t, r, header_words) &&
            !(at(t, r, "办理") && line_starts_with_any(t, r + 2, header_words)))
            continue;
        size_t g = rfind(t, a, e, "关于");
        if (g == NPOS) {
            /* "加快修缮村道的提案(…)复函": the title opens the line */
            g = line_start(t, e);
            if (g < a)
                g = a;
            static const char *const refs[] = {"对", "代表", "委员", "人大", "政协", NULL};
            if (has_any(t, g, e, refs))
                return 0;
            for (size_t i = g; i < e; i++)
                if (!is_han(t->cp[i]) && t->cp[i] != 0x3001 && t->cp[i] != ',')
                    return 0;
        } else if (after_proposers(t, g + 2, e) > g + 2)
            g = after_proposers(t, g + 2, e); /* the subject after the proposers */
        if (e - g < 4 || e - g > 150)
            return 0;
        if (find(t, g, e, "届") != NPOS || find(t, g, e, "会议") != NPOS ||
            find(t, g, e, "号") != NPOS)
            return 0;
        return set_title(l, t, g, e + 2);
    }
    return 0;
}

/* A title set apart under or beside the header: "(关于修缮村道的建议)" in
 * brackets, "——关于修缮村道的建议" as a subtitle, or alone on a line of the
 * header region: 关于 up to the kind word that closes it. */
int find_apart_title(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    for (size_t g = a; g + 2 < b; g++) {
        if (!at(t, g, "关于"))
            continue;
        size_t p = g;
        while (p > a && is_space(t->cp[p - 1]))
            p--;
        size_t ls = line_start(t, g);
        int apart = p == ls || (p > a && (is_open_bracket(t->cp[p - 1]) || t->cp[p - 1] == 0x2014 ||
                                          t->cp[p - 1] == '-'));
        if (!apart)
            continue;
        size_t le = line_end(t, g);
        size_t lim = g + 150 < le ? g + 150 : le;
        size_t e = find_any(t, g, lim, vocab_kinds);
        if (e == NPOS || e - g < 4)
            continue;
        size_t r = e + 2;
        while (r < le && is_space(t->cp[r]))
            r++;
        if (!(r >= le || is_close_bracket(t->cp[r])))
            continue;
        if (find(t, g, e, "届") != NPOS || find(t, g, e, "会议") != NPOS ||
            find(t, g, e, "号") != NPOS)
            continue;
        return set_title(l, t, g, e + 2);
    }
    return 0;
}

/* A header that names the proposal by its subject alone, with no kind word:
 * "关于加快农村供水提质增效的答复", "某某局关于…的复函", the opening saying only
 * "你们提出的建议收悉"; its number in brackets after the words perhaps, 的 or not
 * before the reply's word ("关于…(提案编号2024017)的复函", "推进…(提案编号2023021)
 * 复函", the subject then opening the line without 关于). The title is the header's
 * words from 关于 (or the line's start) up to the 的 or the bracket, as written; a
 * header that names the meeting, a number or the proposer instead ("关于县十八届人大
 * 三次会议第12号的答复", "关于王芳代表的答复") or a kind word (find_header_title
 * reads those) names no title. Only a unit's name may stand before the 关于. */
int find_kindless_title(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    static const char *const ends[] = {"答复函", "答复", "复函", "回复", NULL};
    static const char *const refs[] = {"届",   "会议", "号",   "代表", "委员", "人大", "政协",
                                       "同志", "办理", "答复", "您",   "你",   "我",   NULL};
    for (size_t ls = a; ls < b; ls = line_end(t, ls) + 1) {
        size_t le = line_end(t, ls);
        if (le > b)
            le = b;
        size_t s = ls;
        size_t e = le;
        trim_span(t, &s, &e);
        const char *w = NULL;
        for (int k = 0; ends[k] && !w; k++)
            if (ends_with(t, s, e, ends[k]))
                w = ends[k];
        if (!w || !is_header_line(t, ls, le))
            continue;
        size_t x = e - needle_len(w);
        int of = x > s && at(t, x - 1, "的");
        x -= of;
        /* the number in brackets before it */
        size_t bs = number_bracket_start(t, s, x);
        int numbered = bs < x;
        while (bs > s && is_space(t->cp[bs - 1]))
            bs--;
        if (!of && !numbered)
            continue;
        size_t g = find(t, s, bs, "关于");
        size_t w0 = g == NPOS ? s : g + 2; /* the title's own words */
        if (g == NPOS) {
            if (!numbered)
                continue;
            g = s;
        }
        /* the proposers named before the subject are no part of it */
        size_t ts = g == s && w0 == s ? g : after_proposers(t, w0, bs);
        if (ts == w0)
            ts = g;
        else
            w0 = ts;
        int ok = bs >= w0 + 4 && bs - g <= 100 && g - s <= 30 && !has_any(t, w0, bs, refs) &&
                 find_any(t, w0, bs, vocab_kinds) == NPOS;
        /* without 关于, a line that opens with 对 refers to the proposal ("对…的答复") */
        if (w0 == s && at(t, s, "对"))
            ok = 0;
        for (size_t i = s; ok && i < g; i++)
            ok = is_han(t->cp[i]);
        if (ok && g > s)
            ok = ends_with_org(t, s, g);
        if (ok)
            return set_title(l, t, ts, bs);
    }
    return 0;
}
