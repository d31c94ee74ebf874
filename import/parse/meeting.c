/*
 * The meeting (省十四届人大一次会议 and its variants): term, session, body, level
 * and region; the region from the department's name; regions in simplified form.
 */
#include "import/parse/parse_int.h"

#include <string.h>

#include "text/text.h"

static const char *level_of(const struct ctext *t, size_t a, size_t b)
{
    for (int k = 0; level_chars[k][0]; k++)
        if (ends_with(t, a, b, level_chars[k][0]))
            return level_chars[k][1];
    return NULL;
}

/* Is [a, b) a meeting's level word alone, naming no place of its own ("自治区十二届
 * 人大", "地区…", "县政协…")? So is an autonomous county's or banner's (自治县十五届
 * 人大, 自治旗政协…), a forest district's (林区六届人大, 神农架林区) and a special
 * district's (特区十七届人大, 六枝特区): the department's name gives the place. */
static int level_alone(const struct ctext *t, size_t a, size_t b)
{
    static const char *const words[] = {"自治县", "自治旗", "林区", "特区", NULL};
    for (int k = 0; level_chars[k][0]; k++)
        if (b - a == needle_len(level_chars[k][0]) && at(t, a, level_chars[k][0]))
            return 1;
    for (int k = 0; words[k]; k++)
        if (b - a == needle_len(words[k]) && at(t, a, words[k]))
            return 1;
    return 0;
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

/* Does the cut word at c end the words before a place? 于 does only in 关于, 对于,
 * 由于 and the like (a cut at 关 or 对 leaves it first); else it begins the name
 * (政协于都县第十届委员会). */
static int cut_at_yu(const struct ctext *t, size_t c)
{
    if (!at(t, c, "于"))
        return 1;
    static const char *const before[] = {"关", "对", "由", "鉴", "基", "属", "至", "等", NULL};
    for (int k = 0; before[k]; k++)
        if (c > 0 && at(t, c - 1, before[k]))
            return 1;
    return 0;
}

/* The most specific place in cp[a..b), whose level character ends it: higher
 * levels before it are dropped (湖南省岳阳县 -> 岳阳县, 某县青石镇 -> 青石镇, 济南市市中区
 * stays 市中区). Returns the new start. */
static size_t specific_place(const struct ctext *t, size_t a, size_t b)
{
    static const char *const higher[] = {"自治区", "省", "市", "州", "盟",
                                         "地区",   "县", "区", "旗", NULL};
    /* county-level words count as higher only before a town */
    int n_higher =
        ends_with(t, a, b, "镇") || ends_with(t, a, b, "乡") || ends_with(t, a, b, "苏木") ? 9 : 6;
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
        /* 州 inside a city's name (郑州市, 杭州市): the city ends at its 市 */
        if (at(t, a - 1, "州") && at(t, a, "市") && b - a >= 3)
            a++;
    }
}

/* i, or where the blanks and the one line break just before it start, when they
 * follow Han text in [a, i): a header wrapped inside a meeting's name. */
static size_t back_over_break(const struct ctext *t, size_t a, size_t i)
{
    size_t p = i;
    int breaks = 0;
    while (p > a && i - p < 4 && is_space(t->cp[p - 1]))
        breaks += t->cp[--p] == '\n';
    return p < i && breaks <= 1 && p > a && is_han(t->cp[p - 1]) ? p : i;
}

/* The head of a place's name that ends the line above the line starting at rs, the
 * name going on to its level word at re ("关于黑龙" / "江省十四届…", "对广西壮族自" /
 * "治区…"): the line breaks inside a word of the name, or the line below holds one
 * character of it before its level word (a name of one character is no province's
 * or city's), or up to four after a head that a word of the header cuts off on its
 * line ("关于政协乌鲁" / "木齐市…", see place_head); the line above up to seven Han
 * characters after its 关于 / 对 and no level word of their own (a unit's name
 * above the header is no head). Returns the end of the head, *hs its start; NPOS
 * when the name is not wrapped. */
static size_t wrapped_place_head(const struct ctext *t, size_t a, size_t rs, size_t re, size_t *hs)
{
    if (rs <= a || rs >= re)
        return NPOS;
    size_t p = rs;
    int breaks = 0;
    while (p > a && rs - p < 4 && is_space(t->cp[p - 1]))
        breaks += t->cp[--p] == '\n';
    if (breaks != 1 || p <= a || !is_han(t->cp[p - 1]))
        return NPOS;
    size_t ue = p;
    size_t us = ue;
    while (us > a && is_han(t->cp[us - 1]) && ue - us < 8)
        us--;
    size_t walk = us;
    for (int k = 0; region_cut[k]; k++) {
        size_t c = rfind(t, us, ue, region_cut[k]);
        if (c != NPOS && (at(t, c, "和") || at(t, c, "及")))
            continue;
        if (c != NPOS && cut_at_yu(t, c))
            us = c + needle_len(region_cut[k]);
    }
    if (us >= ue || ue - us > 7)
        return NPOS;
    for (size_t i = us; i < ue; i++)
        if (is_level_char(t->cp[i]))
            return NPOS;
    const char *lv = level_of(t, rs, re);
    size_t piece = lv ? re - rs - needle_len(lv) : 0;
    /* a longer piece below ("关于政协乌鲁" / "木齐市…") after a head of a few
     * characters that a word of the header cuts off on its line */
    int head = us > walk && piece >= 1 && piece <= 4 && place_head(t, us, ue);
    if (piece != 1 && !head && !broken_in_word(t, us, ue, rs, re))
        return NPOS;
    *hs = us;
    return ue;
}

/* Sets the region to the place's name wrapped over two lines, [hs, he) and [rs, re),
 * as one name. */
static void set_wrapped_place(const struct ctext *t, struct letter *l, size_t hs, size_t he,
                              size_t rs, size_t re)
{
    struct buf out = BUF_INIT;
    span_add(t, &out, hs, he);
    span_add(t, &out, rs, re);
    if (pctx_fail(t->ctx, buf_failed(&out) ? -1 : 0) == 0)
        set_cstr(t, &l->region, out.data, hs);
    buf_release(&out);
}

/* A party congress named in [a, b): "某镇第十五次党代会第三次会议", "中国共产党某镇
 * 第十五次代表大会第三次会议", "某镇第十五届党代表大会": the body 党代会, the term its
 * count (次 or 届), the session its meeting's, the level and region the place's before
 * the count. Returns 1 with *meeting_end set, or 0 when there is none. */
static int party_meeting(const struct ctext *t, size_t a, size_t b, struct letter *l,
                         size_t *meeting_end)
{
    static const char *const words[] = {"党代会", "党代表大会", "代表大会", NULL};
    for (size_t x = find(t, a, b, "代"); x != NPOS; x = find(t, x + 1, b, "代")) {
        size_t w = x > a && at(t, x - 1, "党") ? x - 1 : x;
        const char *word = at_any(t, w, words);
        if (!word)
            continue;
        /* a congress's 代表大会 is the party's only after 中国共产党 or 中共 */
        size_t lead = w > a + 20 ? w - 20 : a;
        size_t party = NPOS;
        if (!strcmp(word, "代表大会")) {
            party = rfind(t, lead, w, "共产党");
            if (party != NPOS)
                party += 3;
            else if ((party = rfind(t, lead, w, "中共")) != NPOS)
                party += 2;
            if (party == NPOS || (w >= 2 && at(t, w - 2, "人民")))
                continue;
        }
        if (w <= a || !(at(t, w - 1, "次") || at(t, w - 1, "届")))
            continue;
        size_t ns = w - 1;
        while (ns > a && is_num_char(t->cp[ns - 1]) && w - 1 - ns < 6)
            ns--;
        long term = parse_num(t, ns, w - 1);
        if (term <= 0 || term > 99)
            continue;
        size_t e = w + needle_len(word);
        size_t mend = e;
        long session = 0;
        size_t we = e + 10 < b ? e + 10 : b;
        size_t ci = find(t, e, we, "次");
        if (ci != NPOS) {
            size_t ss = ci;
            while (ss > e && is_num_char(t->cp[ss - 1]) && ci - ss < 4)
                ss--;
            session = parse_num(t, ss, ci);
            if (session > 0 && session < 30 && (ss == e || (ss == e + 1 && at(t, e, "第"))))
                mend = at(t, ci + 1, "会议") ? ci + 3 : ci + 1;
            else
                session = 0;
        }
        set_cstr(t, &l->body, vocab_bodies[VOCAB_PARTY], w);
        l->term = (int)term;
        l->session = (int)session;
        note_read(t, LP_TERM, w);
        if (session)
            note_read(t, LP_SESSION, w);
        /* the place before the count ("关于石门镇第十五次…", "中国共产党石门镇第…") */
        size_t re = ns > a && at(t, ns - 1, "第") ? ns - 1 : ns;
        size_t rs = re;
        while (rs > a && is_han(t->cp[rs - 1]) && re - rs < 14)
            rs--;
        if (party != NPOS && party > rs && party <= re)
            rs = party;
        for (int k = 0; region_cut[k]; k++) {
            size_t c = rfind(t, rs, re, region_cut[k]);
            if (c != NPOS && !at(t, c, "和") && !at(t, c, "及") && cut_at_yu(t, c))
                rs = c + needle_len(region_cut[k]);
        }
        const char *lv = level_of(t, rs, re);
        if (lv) {
            set_cstr(t, &l->level, lv, w);
            size_t ps = specific_place(t, rs, re);
            if (re - ps > needle_len(lv))
                set_field(&l->region, t, ps, re);
        }
        *meeting_end = mend;
        return 1;
    }
    return 0;
}

/* The first meeting named in [a, b) ("省十四届人大一次会议", "政协某县第十届委员会第四
 * 次会议", "县人大十五届三次会议", a party congress's): sets term, session, body, level
 * and region, and *meeting_end to the index after it. Returns 1, or 0 when there is
 * none. */
int parse_meeting(const struct ctext *t, size_t a, size_t b, struct letter *l, size_t *meeting_end)
{
    if (party_meeting(t, a, b, l, meeting_end))
        return 1;
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
        /* a standing committee's meeting ("县十七届人大常委会第十二次会议"): its
         * count is not a session of the congress, which it leaves unnamed */
        size_t sc = find(t, j, wend, "常委会");
        size_t sc2 = find(t, j, wend, "常务委员会");
        if (sc2 < sc)
            sc = sc2;
        if (ci != NPOS) {
            size_t ss = ci;
            while (ss > j && is_num_char(t->cp[ss - 1]) && ci - ss < 6)
                ss--;
            session = parse_num(t, ss, ci);
            if (session > 0 && session < 30)
                mend = ci + 1;
            if (!(session > 0 && session < 30) || sc < ci)
                session = 0;
        }
        size_t mi = find(t, mend, wend, "会议");
        size_t wi = find(t, j, wend, "委员会");
        if (mi != NPOS)
            mend = mi + 2;
        else if (wi != NPOS)
            mend = wi + 3;
        /* body: a CPPCC's 委员会, not a congress's 常务委员会 */
        size_t ws = p > a + 12 ? p - 12 : a;
        /* ... on the meeting's own line, when words stand before it there (a page's
         * section "人大建议 政协提案" above "县农业局关于县十六届人大…" names both
         * bodies, not this meeting's); a line that starts at the term continues the
         * line above ("…关于县政协" / "十一届…") */
        size_t pl = line_start(t, p);
        for (size_t x = pl; x < p && ws < pl; x++)
            if (!is_space(t->cp[x]))
                ws = pl;
        size_t wc = find(t, j, mend, "委员会");
        while (wc != NPOS && wc >= j + 2 && at(t, wc - 2, "常务"))
            wc = find(t, wc + 1, mend, "委员会");
        if (find(t, ws, mend, "政协") != NPOS || find(t, ws, mend, "政治协商") != NPOS ||
            wc != NPOS)
            set_cstr(t, &l->body, vocab_bodies[VOCAB_CPPCC], j);
        else if (find(t, ws, mend, "人大") != NPOS || find(t, j, mend, "代表大会") != NPOS ||
                 find(t, ws, mend, "人民代表") != NPOS)
            set_cstr(t, &l->body, vocab_bodies[VOCAB_NPC], j);
        l->term = (int)term;
        l->session = (int)session;
        note_read(t, LP_TERM, j);
        if (session)
            note_read(t, LP_SESSION, j);
        /* level and region from what precedes the term */
        /* a header may wrap inside the meeting's name: "…关于县" / "政协十一届…",
         * "…关于县政协" / "十一届…" */
        size_t re = back_over_break(t, a, p);
        if (ends_with(t, a, re, "人民代表大会"))
            re -= 6;
        else if (ends_with(t, a, re, "人大") || ends_with(t, a, re, "政协"))
            re -= 2;
        else if (ends_with(t, a, re, "政协工委"))
            re -= 4; /* 地区政协工委九届二次全体会议: a 地区's working committee */
        else if (ends_with(t, a, re, "工作委员会") &&
                 find(t, re > a + 18 ? re - 18 : a, re, "政协") != NPOS)
            re -= 5; /* 政协某地区工作委员会: the committee of a 地区, which has no CPPCC */
        else if (ends_with(t, a, re, "工委") &&
                 find(t, re > a + 16 ? re - 16 : a, re, "政协") != NPOS)
            re -= 2; /* 政协某地区工委十届三次全体会议 */
        else if (ends_with(t, a, re, "委员会") &&
                 find(t, re > a + 16 ? re - 16 : a, re, "政协") != NPOS)
            re -= 3; /* 政协某县委员会十届三次会议: the committee of the place named */
        re = back_over_break(t, a, re);
        /* a new area named with its district in brackets ("西海岸新区（黄岛区）政协…"):
         * the congress and CPPCC are the district's, the place in brackets */
        if (re > a + 4 && is_close_bracket(t->cp[re - 1])) {
            size_t ob = re - 1;
            while (ob > a && is_han(t->cp[ob - 1]) && re - ob < 10)
                ob--;
            if (ob > a + 2 && ob + 1 < re - 1 && is_open_bracket(t->cp[ob - 1]) &&
                ends_with(t, a, ob - 1, "新区"))
                re--;
        }
        size_t rs = re;
        while (rs > a && is_han(t->cp[rs - 1]) && re - rs < 14)
            rs--;
        /* 政协 broken over the lines before the place ("关于政" / "协乌鲁木齐市第十五届…"):
         * its 协 is no part of the name */
        if (rs < re && at(t, rs, "协") && ends_with(t, a, back_over_break(t, a, rs), "政"))
            rs++;
        /* a header wrapped inside the place's name ("关于黑龙" / "江省十四届…"):
         * the head of the name ends the line above */
        size_t us = NPOS;
        size_t ue = wrapped_place_head(t, a, rs, re, &us);
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
            if (c != NPOS && !cut_at_yu(t, c))
                continue;
            if (c != NPOS)
                rs = c + needle_len(region_cut[k]);
        }
        if (rs != walk)
            damaged = 0;
        if (ue != NPOS && rs != walk)
            ue = NPOS; /* the place starts after a cut word on its own line */
        if (ue != NPOS)
            damaged = 0;
        if (find(t, j, mend, "全国") != NPOS || ends_with(t, a, re, "全国")) {
            set_cstr(t, &l->level, "全国", j);
        } else {
            const char *lv = level_of(t, rs, re);
            /* "…广西壮族自" / "治区十四届…" */
            if (ue != NPOS && at(t, ue - 1, "自") && at(t, rs, "治"))
                for (int k = 0; level_chars[k][0]; k++)
                    if (!strncmp(level_chars[k][0], "自治", strlen("自治")) &&
                        at(t, rs, level_chars[k][0] + strlen("自")) &&
                        rs + needle_len(level_chars[k][0]) - 1 == re)
                        lv = level_chars[k][1];
            if (!lv) {
                /* the official name puts the place after the term:
                 * 政协第十二届乐山市委员会, 第十届某县人民代表大会; so does a
                 * short one: 十四届省人大, 十八届县政协 */
                size_t pe = NPOS;
                size_t c1 = find(t, j + 1, mend, "委员会");
                size_t c2 = find(t, j + 1, mend, "人民代表大会");
                pe = c1 < c2 ? c1 : c2;
                size_t c3 = find(t, j + 1, j + 4 < mend ? j + 4 : mend, "人大");
                size_t c4 = find(t, j + 1, j + 4 < mend ? j + 4 : mend, "政协");
                size_t c5 = c3 < c4 ? c3 : c4;
                if (c5 != NPOS && c5 < pe)
                    pe = c5;
                if (pe != NPOS && pe - (j + 1) >= (pe == c5 ? 1u : 2u) && pe - (j + 1) <= 12) {
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
                set_cstr(t, &l->level, lv, j);
                rs = specific_place(t, rs, re);
                /* "自治区十二届人大", "自治州…", "地区…": the level alone, no
                 * name; the department's name gives it */
                if (ue != NPOS && rs == walk)
                    set_wrapped_place(t, l, us, ue, rs, re);
                else if (re - rs >= 2 && !damaged && !level_alone(t, rs, re))
                    set_field(&l->region, t, rs, re);
            }
        }
        *meeting_end = mend;
        return 1;
    }
    return 0;
}

/* The place before a body's name ending at re ("县" / "政协…", "青川县" / "人大…"), read
 * back from re to the header's own words before it: sets body (read at pos), level and
 * region (when the place is more than its level word) and returns 1, or 0 when no
 * level word ends the place. */
static int place_of_body(const struct ctext *t, size_t a, size_t re, size_t pos, const char *body,
                         struct letter *l)
{
    /* ... or between the place and the body ("关于青川县" / "政协会议…") */
    re = back_over_break(t, a, re);
    size_t rs = re;
    while (rs > a && is_han(t->cp[rs - 1]) && re - rs < 14)
        rs--;
    for (int c = 0; region_cut[c]; c++) {
        size_t x = rfind(t, rs, re, region_cut[c]);
        if (x != NPOS && cut_at_yu(t, x))
            rs = x + needle_len(region_cut[c]);
    }
    const char *lv = ends_with(t, rs, re, "全国") ? "全国" : level_of(t, rs, re);
    if (!lv)
        return 0;
    set_cstr(t, &l->body, body, pos);
    set_cstr(t, &l->level, lv, pos);
    if (strcmp(lv, "全国")) {
        rs = specific_place(t, rs, re);
        if (re - rs >= 2 && !level_alone(t, rs, re))
            set_field(&l->region, t, rs, re);
    }
    return 1;
}

/* A meeting named without its term ("市政协会议", "县人大会议", "县人代会", "长林县人民
 * 代表大会会议") in [a, b), followed on its line by a proposal's number or kind: sets body,
 * level and region (when it names its place), and *meeting_end. Returns 1, or 0
 * when there is none. */
int parse_meeting_unnumbered(const struct ctext *t, size_t a, size_t b, struct letter *l,
                             size_t *meeting_end)
{
    static const char *const bodies[][2] = {
        {"人民代表大会", "人大"}, {"人大", "人大"}, {"政协", "政协"}, {NULL, NULL}};
    for (size_t mi = find(t, a, b, "会"); mi != NPOS; mi = find(t, mi + 1, b, "会")) {
        /* "县人大会议", "县人代会" */
        int k = 0;
        size_t re = NPOS;
        size_t mend = mi + 1;
        if (at(t, mi, "会议")) {
            /* the header may wrap between the body and 会议 ("县政协" / "会议第46号") */
            size_t be = back_over_break(t, a, mi);
            while (bodies[k][0] && !ends_with(t, a, be, bodies[k][0]))
                k++;
            if (!bodies[k][0])
                continue;
            re = be - needle_len(bodies[k][0]);
            mend = mi + 2;
        } else if (ends_with(t, a, mi, "人代")) {
            k = 1;
            re = mi - 2;
        } else {
            continue;
        }
        size_t le = line_end(t, mi);
        if (le > b)
            le = b;
        size_t w = mend + 30 < le ? mend + 30 : le;
        if (find(t, mend, w, "号") == NPOS && !has_any(t, mend, w, vocab_kinds))
            continue;
        if (!place_of_body(t, a, re, mi, bodies[k][1], l))
            continue;
        *meeting_end = mend;
        return 1;
    }
    return 0;
}

/* A header that names the body by its members' items and no meeting ("关于县人大代表
 * 建议第45号的答复", "对市政协委员提案第12号的答复", "…市人大代表第8号建议…"), in
 * [a, b): the role word followed by a kind word or 第 sets body, level and region
 * (when the words before it name the place), and *meeting_end after the role word.
 * Returns 1, or 0 when there is none. */
int parse_meeting_by_role(const struct ctext *t, size_t a, size_t b, struct letter *l,
                          size_t *meeting_end)
{
    static const char *const roles[][3] = {{"人民代表大会代表", "人民代表大会", "人大"},
                                           {"人大代表", "人大", "人大"},
                                           {"政协委员", "政协", "政协"},
                                           {NULL, NULL, NULL}};
    for (int k = 0; roles[k][0]; k++)
        for (size_t i = find(t, a, b, roles[k][0]); i != NPOS; i = find(t, i + 1, b, roles[k][0])) {
            size_t e = i + needle_len(roles[k][0]);
            if (!at(t, e, "第") && !at_any(t, e, vocab_kinds))
                continue;
            if (!place_of_body(t, a, i, i + needle_len(roles[k][1]), roles[k][2], l))
                continue;
            *meeting_end = e;
            return 1;
        }
    return 0;
}

/* The level of a meeting named without one ("政协十届三次会议", or a spam word where
 * the place was): how the reply speaks of its own government. 我县, 本区, 全县 name
 * the unit (not in the proposal's title or the opening sentence that restates
 * it); failing those, 县政府, 区人大, 县政协 at a word's start (after a non-Han
 * character or a joining word: "报市局和区政府同意", "抄送:区人大常委会"), which may
 * also name a unit above it. A level the reply names more often than any other is
 * the meeting's. The region then comes from a department of that level, as for a
 * meeting that says only 县. */
void level_from_letter(const struct ctext *t, const struct marks *m, struct letter *l)
{
    if (l->level || !l->term)
        return;
    static const char *const lv[] = {"自治区", "省", "市", "州", "县",
                                     "区",     "旗", "镇", "乡", NULL};
    static const char *const own[] = {"人民政府", "政府", "人大", "政协", NULL};
    static const char *const self[] = {"我", "本", "全", NULL};
    static const char *const not_after[] = {"市场", "区域", "区间", "县城", NULL};
    static const char *const joins = "和与及、报经由向请对在";
    int votes[2][9] = {{0}}; /* [0] 我县 and the like, [1] 县政府 and the like */
    size_t first[2][9] = {{0}};
    size_t a = m->sal != NPOS ? m->sal : m->start;
    size_t b = m->reply_end < t->n ? m->reply_end : t->n;
    int quote = 0;
    for (size_t i = a; i < b; i++) {
        /* not the proposal's words: its title, quoted or in the opening sentence */
        if (t->cp[i] == 0x300A || t->cp[i] == 0x201C)
            quote++;
        else if ((t->cp[i] == 0x300B || t->cp[i] == 0x201D) && quote)
            quote--;
        if (quote || (i >= m->open_a && i < m->open_b))
            continue;
        for (int k = 0; lv[k]; k++) {
            if (!at(t, i, lv[k]))
                continue;
            size_t e = i + needle_len(lv[k]);
            int skip = 0;
            for (int x = 0; not_after[x] && !skip; x++)
                skip = at(t, i, not_after[x]);
            int vote = 0;
            int tier = 0;
            if (!skip && i > a)
                for (int x = 0; self[x] && !vote; x++)
                    vote = at(t, i - 1, self[x]);
            if (!skip && !vote) {
                tier = 1;
                int boundary = i == a || !is_han(t->cp[i - 1]);
                const unsigned char *p = (const unsigned char *)joins;
                while (!boundary && *p)
                    boundary = needle_next(&p) == t->cp[i - 1];
                for (int x = 0; own[x] && boundary && !vote; x++)
                    vote = at(t, e, own[x]);
            }
            if (vote && !votes[tier][k]++)
                first[tier][k] = i;
            break; /* 自治区 before its 区 */
        }
    }
    for (int tier = 0; tier < 2; tier++) {
        const int *v = votes[tier];
        int best = 0;
        int second = 0;
        for (int k = 1; lv[k]; k++)
            if (v[k] > v[best]) {
                second = v[best];
                best = k;
            } else if (v[k] > second) {
                second = v[k];
            }
        if (!v[best])
            continue;
        if (v[best] > second) {
            set_cstr(t, &l->level, lv[best], first[tier][best]);
        }
        return;
    }
}

/* Simplified form of s with pinyin annotations left out, appended to out. Returns
 * 0, or -1 when out of memory (kept in c's sticky error). */
int simplify(struct pctx *c, const char *s, struct buf *out)
{
    if (pctx_alloc(c))
        return -1;
    size_t len = strlen(s);
    c->steps += len;
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
            return pctx_fail(c, -1);
    }
    return 0;
}

int ends_with_str(const char *s, const char *suf)
{
    size_t a = strlen(s);
    size_t b = strlen(suf);
    return a >= b && !memcmp(s + a - b, suf, b);
}

/* Region from the department's name when the meeting says only 省/县: the name's
 * prefix up to its first level character, the most specific place in it. t0 is the
 * letter's text, where the department was read. `name`, when not NULL, is the
 * department's full name read elsewhere (a form's 主办单位, at name_at). */
void region_from_department(const struct ctext *t0, struct letter *l, const char *name,
                            size_t name_at)
{
    size_t at_ = name ? name_at : NPOS;
    if (!name)
        name = l->department;
    if (l->region || !l->level || !name || !strcmp(l->level, "全国"))
        return;
    struct buf dep = BUF_INIT;
    struct ctext t = {0};
    if (simplify(t0->ctx, name, &dep) || ctext_init(&t, dep.data, t0->ctx))
        goto cleanup;
    /* a signature spaced out character by character ("桐 溪 县 农 业 局") */
    /* (blanks of one to three, ordinary or ideographic, between each) */
    size_t hans = 0;
    int spaced = t.n >= 7;
    for (size_t i = 0; i < t.n && spaced;) {
        spaced = is_han(t.cp[i]);
        hans++;
        size_t j = ++i;
        while (j < t.n && is_space(t.cp[j]))
            j++;
        if (j < t.n && (j == i || j - i > 3))
            spaced = 0;
        i = j;
    }
    if (spaced && hans >= 4) {
        struct buf c = BUF_INIT;
        int rc = pctx_alloc(t0->ctx) ? -1 : 0;
        for (size_t i = 0; i < t.n && !rc; i++)
            if (!is_space(t.cp[i]))
                rc = buf_add(&c, t.s + t.off[i], t.off[i + 1] - t.off[i]);
        ctext_release(&t);
        t = (struct ctext){0};
        if (pctx_fail(t0->ctx, rc)) {
            buf_release(&c);
            goto cleanup;
        }
        buf_release(&dep);
        dep = c;
        if (ctext_init(&t, dep.data, t0->ctx))
            goto cleanup;
    }
    /* the level's character, else a second one; a third that ends the name
     * before the first (喀什地区市场监督管理局: at 地区, not at the 市 of 市场) */
    static const char *const chars[][3] = {
        {"省", "自治区", NULL}, {"自治区", "省", NULL}, {"市", "州", "地区"}, {"州", "市", NULL},
        {"自治州", "州", NULL}, {"地区", "市", NULL},   {"盟", "市", NULL},   {"县", "旗", NULL},
        {"旗", "县", NULL},     {"区", NULL, NULL},     {"镇", "乡", NULL},   {"乡", "镇", NULL},
        {"苏木", NULL, NULL}};
    /* a signature kept with a mirror site's words before it ("某某官网入口
     * 长林县教育局"): the unit is its last word */
    size_t n0 = t.n;
    while (n0 > 0 && !is_space(t.cp[n0 - 1]))
        n0--;
    /* a unit that names its place after its organisation: a party committee's
     * (中共苍山县委宣传部, 共青团苍山县委), a national system's branch (国网苍山县供电
     * 公司, 国家税务总局苍山县税务局) */
    /* the places apart before it belong to the unit ("江川市  民政局") */
    for (;;) {
        size_t e = n0;
        while (e > 0 && is_space(t.cp[e - 1]))
            e--;
        if (e == n0 || e == 0)
            break;
        size_t b = e;
        while (b > 0 && !is_space(t.cp[b - 1]))
            b--;
        if (!place_word(&t, b, e))
            break;
        n0 = b;
    }
    for (int k = 0; region_prefix[k]; k++)
        if (at(&t, n0, region_prefix[k])) {
            n0 += needle_len(region_prefix[k]);
            break;
        }
    if (at(&t, n0, "国家")) {
        size_t z = find(&t, n0, n0 + 12 < t.n ? n0 + 12 : t.n, "总局");
        if (z != NPOS)
            n0 = z + 2;
    }
    for (size_t k = 0; k < sizeof chars / sizeof chars[0]; k++) {
        if (strcmp(l->level, chars[k][0]))
            continue;
        size_t e = find(&t, n0, t.n, chars[k][0]);
        if (e != NPOS)
            e += needle_len(chars[k][0]);
        if (e == NPOS && chars[k][1]) {
            size_t e2 = find(&t, n0, t.n, chars[k][1]);
            if (e2 != NPOS)
                e = e2 + needle_len(chars[k][1]);
        }
        if (chars[k][2]) {
            size_t e3 = find(&t, n0, t.n, chars[k][2]);
            if (e3 != NPOS && (e == NPOS || e3 + needle_len(chars[k][2]) < e))
                e = e3 + needle_len(chars[k][2]);
        }
        if (e == NPOS || e < n0 + 2 || e > n0 + 24)
            break;
        size_t s = specific_place(&t, n0, e);
        while (s < e && is_space(t.cp[s]))
            s++;
        if (e - s < 2)
            break;
        /* a name that starts with the level's word leaves its place out
         * (自治区卫生健康委, 地区水利局): the word is no place */
        int bare = 0;
        for (size_t w = 0; w < sizeof chars / sizeof chars[0] && !bare; w++)
            bare = e - s == needle_len(chars[w][0]) && at(&t, s, chars[w][0]);
        if (bare)
            break;
        /* a unit's branch office (某市生态环境局某县分局) belongs to the unit
         * above, not to the place it serves */
        static const char *const unit_words[] = {"局", "厅", "委", "办", "部", NULL};
        if (has_any(&t, s, e, unit_words))
            break;
        for (int z = 0; zone_words[z]; z++)
            /* one character before 城区 names a district (东城区, 松城区); a district
             * congress's 新区 of two characters or more is a district too when a
             * department of its government answers (浦东新区), not a zone's
             * administration (某某新区开发建设管理委员会) nor a 高新区 */
            if (ends_with(&t, s, e, zone_words[z]) &&
                !(e - s == 3 && !strcmp(zone_words[z], "城区")) &&
                !(!strcmp(zone_words[z], "新区") && !strcmp(l->level, "区") && e - s >= 4 &&
                  !ends_with(&t, s, e, "高新区") && find(&t, e, t.n, "管理委员会") == NPOS &&
                  find(&t, e, t.n, "管委会") == NPOS && find(&t, e, t.n, "开发") == NPOS))
                goto cleanup;
        if (pctx_alloc(t0->ctx) ||
            pctx_fail(t0->ctx, letter_set(&l->region, t.s + t.off[s], t.off[e] - t.off[s])))
            break;
        struct pctx *c = t0->ctx;
        /* region, read where the department was */
        c->read_at[2] = at_ != NPOS ? at_ : c->read_at[7];
        c->by_rule |= LP_REGION;
        break;
    }
cleanup:
    ctext_release(&t);
    buf_release(&dep);
}

/* A meeting that names its level alone ("市十八届人大三次会议", "自治区十四届…") under a
 * department whose name gives no place of that level (a 开发区's 管理委员会, a 兵团's
 * bureau) leaves the region to the same meeting named in full elsewhere before the
 * reply: the opening ("在成都市第十八届人民代表大会第三次会议期间", "政协芜湖市第十六
 * 届委员会"), or the letter's own header under a page's short title. The first
 * meeting of the same body, level and term that names its place gives it. */
void region_from_meetings(const struct ctext *t, const struct marks *m, struct letter *l)
{
    if (l->region || !l->level || !l->term || !strcmp(l->level, "全国") || m->open_b == NPOS)
        return;
    size_t read_at[LP_NFIELDS];
    memcpy(read_at, t->ctx->read_at, sizeof read_at);
    unsigned by_rule = t->ctx->by_rule;
    struct letter o;
    letter_init(&o);
    size_t from = m->start < m->head_start ? m->start : m->head_start;
    size_t found = NPOS;
    for (size_t a = from, e = NPOS; a < m->open_b && found == NPOS; a = e) {
        if (!parse_meeting(t, a, m->open_b, &o, &e) || e <= a)
            break;
        if (o.region && o.level && o.term == l->term && !strcmp(o.level, l->level) &&
            (!o.body || !l->body || !strcmp(o.body, l->body)))
            found = e - 1;
        else
            letter_release(&o);
    }
    memcpy(t->ctx->read_at, read_at, sizeof read_at);
    t->ctx->by_rule = by_rule;
    if (found != NPOS)
        set_cstr(t, &l->region, o.region, found);
    letter_release(&o);
}

/* A congress's meeting by its level alone ("区三届人大五次会议") answered by a unit whose
 * name gives no place of that level (a zone's 管理委员会, a company's branch, a
 * forwarding committee's reply attached): the congress's own standing committee,
 * named as a unit of that level in the letter, is the meeting's place. The name
 * stands apart, a line of its own or an item of a list (抄送：鸠江区人大常委会选举任免
 * 代表工作委员会，…; 天水市人大常委会代表工作委员会 over a forwarding letter's header),
 * and ends in an organisation's word; a phrase that merely mentions it (经市人大常委会
 * 主任会议研究) names no unit. */
void region_from_standing_committee(const struct ctext *t, const struct marks *m, struct letter *l)
{
    if (l->region || !l->level || !l->body || strcmp(l->body, "人大") || !strcmp(l->level, "全国"))
        return;
    static const char *const names[] = {"人大常委会", "人民代表大会常务委员会", NULL};
    static const char *const ends[] = {"委员会", "常委会", "办公室", "工委", NULL};
    size_t end = m->end < t->n ? m->end : t->n;
    for (int k = 0; names[k] && !l->region; k++)
        for (size_t p = find(t, 0, end, names[k]); p != NPOS && !l->region;
             p = find(t, p + 1, end, names[k])) {
            size_t s = p;
            while (s > 0 && is_han(t->cp[s - 1]) && p - s < 16)
                s--;
            uint32_t before = s > 0 ? t->cp[s - 1] : '\n';
            int comma = before == 0xFF0C || before == ',' || before == 0xFF1B || before == ';';
            if (!(comma || before == '\n' || is_space(before) || is_colon(before) ||
                  before == 0x3001))
                continue;
            /* after a comma only as an item of a copy list: in a sentence the Han
             * before the name may hold its verb (…，并报区人大常委会。) */
            if (comma) {
                size_t ls = line_start(t, s);
                size_t le = line_end(t, s);
                while (ls < le && is_space(t->cp[ls]))
                    ls++;
                if (at_label(t, ls, le, "抄送") == NPOS && at_label(t, ls, le, "抄报") == NPOS)
                    continue;
            }
            size_t q = p + needle_len(names[k]);
            while (q < end && is_han(t->cp[q]) && q - p < 32)
                q++;
            if (q < end && is_han(t->cp[q]))
                continue;
            int org = 0;
            for (int e = 0; ends[e] && !org; e++)
                org = ends_with(t, p, q, ends[e]);
            /* the place ends in the meeting's level word, and names more than it */
            size_t lv = needle_len(l->level);
            if (!org || p - s <= lv || !ends_with(t, s, p, l->level))
                continue;
            struct buf name = BUF_INIT;
            if (!pctx_alloc(t->ctx) && !pctx_fail(t->ctx, span_add(t, &name, s, q))) {
                region_from_department(t, l, name.data, s);
                /* read where the committee is named, not from the department */
                t->ctx->by_rule &= ~(unsigned)LP_REGION;
            }
            buf_release(&name);
        }
}

/* Is `name` a development zone's administration (苏州工业园区管理委员会, 某某经济技术开发区
 * 管委会, a bureau of one)? Its name gives the zone's place, not the unit whose
 * congress the meeting is. */
int zone_administration(const char *name)
{
    if (!name)
        return 0;
    const char *m = strstr(name, "管理委员会");
    if (!m)
        m = strstr(name, "管委会");
    if (!m)
        return 0;
    for (int z = 0; zone_words[z]; z++) {
        size_t n = strlen(zone_words[z]);
        if ((size_t)(m - name) >= n && !memcmp(m - n, zone_words[z], n))
            return 1;
    }
    return 0;
}

/* Regions are kept in simplified form, whatever the letter's script: one place,
 * one name (嶽陽縣 and 岳阳县 are the same county). */
void simplify_region(const struct ctext *t, struct letter *l)
{
    if (!l->region)
        return;
    struct buf b = BUF_INIT;
    if (!simplify(t->ctx, l->region, &b) && !pctx_alloc(t->ctx))
        pctx_fail(t->ctx, letter_set(&l->region, b.data, b.len));
    buf_release(&b);
}
