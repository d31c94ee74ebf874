/*
 * The replying department named around the letter's header: at the head of a
 * header line, on the lines above it (the issuer's name over its number), on the
 * line under it.
 */
#include "import/parse/parse_int.h"

/* cp[a..b) is a unit's name in brackets alone ("【某县交通运输局】", blanks around
 * it): sets the department to the name and returns 1, else 0. */
int set_bracketed_org(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    while (a < b && is_space(t->cp[a]))
        a++;
    while (b > a && is_space(t->cp[b - 1]))
        b--;
    if (b > a + 4 && is_open_bracket(t->cp[a]) && is_close_bracket(t->cp[b - 1]) &&
        plausible_org(t, a + 1, b - 1)) {
        set_field(&l->department, t, a + 1, b - 1);
        return 1;
    }
    return 0;
}

/* A line of the replying unit and the day it answered, alone on [a, b), in brackets
 * or not: the unit's name, after a signing unit's label perhaps (答复单位：,
 * 承办单位：, 办理单位：, 主办单位：), then blanks or a comma, the date, after its own
 * label when the unit has one (答复时间：, 日期：), and in brackets a 答复 perhaps
 * after it. The byline under a header ("（某县水利局　2024年7月10日）"), a summary's
 * closing line ("（泉州市商务局　2024年7月5日答复）"), a labelled closing line
 * ("（答复单位：某县水利局　2024年7月5日）", "办理单位：某局，2024年8月12日"). Fills
 * *s (the unit's name, a seal's note after it left out; the date's start) and returns
 * 1, else 0. */
int unit_date_line(const struct ctext *t, size_t a, size_t b, struct unit_date *s)
{
    static const char *const unit_labels[] = {"答复单位", "承办单位", "办理单位", "主办单位",
                                              "回复单位", "办复单位", "答复部门", "承办部门",
                                              "办理部门", NULL};
    static const char *const date_labels[] = {"答复时间", "答复日期", "办理时间", "办复时间",
                                              "日期",     "时间",     NULL};
    static const char *const answered[] = {"答复", "回复", "办复", "复", NULL};
    trim_span(t, &a, &b);
    if (b - a > 80)
        return 0; /* a short line: a unit's name and a date */
    s->bracketed = b > a + 2 && is_open_bracket(t->cp[a]) && is_close_bracket(t->cp[b - 1]);
    if (s->bracketed) {
        a++;
        b--;
        trim_span(t, &a, &b);
    }
    s->labelled = 0;
    for (int k = 0; unit_labels[k] && !s->labelled; k++) {
        size_t i = at_label(t, a, b, unit_labels[k]);
        if (i != NPOS && i < b && is_colon(t->cp[i])) {
            a = i + 1;
            while (a < b && is_space(t->cp[a]))
                a++;
            s->labelled = 1;
        }
    }
    size_t u = a;
    while (u < b && !is_space(t->cp[u]) && t->cp[u] != ',' && t->cp[u] != 0x3001)
        u++;
    size_t d = u;
    while (d < b && is_space(t->cp[d]))
        d++;
    if (d < b && t->cp[d] == ',')
        d++;
    while (d < b && is_space(t->cp[d]))
        d++;
    if (d == u || d >= b)
        return 0;
    if (s->labelled) {
        const char *w = at_any(t, d, date_labels);
        if (w && d + needle_len(w) < b && is_colon(t->cp[d + needle_len(w)])) {
            d += needle_len(w) + 1;
            while (d < b && is_space(t->cp[d]))
                d++;
        }
    }
    size_t e = date_end(t, d, b);
    if (e == NPOS)
        return 0;
    const char *w = s->bracketed ? at_any(t, e, answered) : NULL;
    if (w)
        e += needle_len(w);
    if (e != b)
        return 0;
    s->us = a;
    s->ue = before_seal(t, a, u);
    s->ds = d;
    return plausible_org(t, s->us, s->ue);
}

/* A numeral of a year written in Chinese (二〇二四, 二○二四): 〇 and its stand-ins, 一
 * to 九. */
static int year_numeral(uint32_t c)
{
    int v = cn_val(c);
    return v >= 0 && v <= 9;
}

/* The month or the day a date writes before its 月 or 日 ending at e ("6", "12",
 * "十二", "三十一"): returns where it starts, else e. */
static size_t date_part_before(const struct ctext *t, size_t a, size_t e)
{
    size_t d = e;
    while (d > a && e - d < 2 && digit_val(t->cp[d - 1]) >= 0)
        d--;
    if (d == e)
        while (d > a && e - d < 3 && cn_val(t->cp[d - 1]) > 0)
            d--;
    return d;
}

/* The year a unit writes between its name and the header ("某县交通运输局2024年关于…",
 * "…局（2024年）关于…", "…局2024年度关于…"), or the date ("…局2024年6月关于…",
 * "…局（2024年6月5日）关于…"), ending at b: returns where the name before it ends,
 * else b. */
static size_t before_header_year(const struct ctext *t, size_t a, size_t b)
{
    size_t e = b;
    while (e > a && is_space(t->cp[e - 1]))
        e--;
    int bracketed = e > a && is_close_bracket(t->cp[e - 1]);
    if (bracketed)
        e--;
    /* the day and the month before the year's 年 */
    int day = ends_with(t, a, e, "日");
    if (day) {
        size_t d = date_part_before(t, a, e - needle_len("日"));
        if (d == e - needle_len("日") || !ends_with(t, a, d, "月"))
            return b;
        e = d;
    }
    if (ends_with(t, a, e, "月")) {
        size_t d = date_part_before(t, a, e - needle_len("月"));
        if (d == e - needle_len("月"))
            return b;
        e = d;
    }
    if (ends_with(t, a, e, "年度"))
        e -= needle_len("年度");
    else if (ends_with(t, a, e, "年"))
        e -= needle_len("年");
    else
        return b;
    /* four digits, or four Chinese numerals (二〇二四年) */
    size_t d = e;
    while (d > a && e - d < 4 && digit_val(t->cp[d - 1]) >= 0)
        d--;
    if (d == e)
        while (d > a && e - d < 4 && year_numeral(t->cp[d - 1]))
            d--;
    if (e - d != 4 || (d > a && (digit_val(t->cp[d - 1]) >= 0 || year_numeral(t->cp[d - 1]))))
        return b;
    if (bracketed) {
        if (d == a || !is_open_bracket(t->cp[d - 1]))
            return b;
        d--;
    }
    while (d > a && is_space(t->cp[d - 1]))
        d--;
    return d;
}

/* The year a header line opens with before the unit ("2024年某县交通运输局关于…",
 * "（2024年）某县…", "2024年度 某县…") in [a, b): returns where the unit starts, else a. */
static size_t after_header_year(const struct ctext *t, size_t a, size_t b)
{
    size_t i = a;
    int bracketed = i < b && is_open_bracket(t->cp[i]);
    if (bracketed)
        i++;
    size_t d = i;
    while (d < b && d - i < 4 && (digit_val(t->cp[d]) >= 0 || year_numeral(t->cp[d])))
        d++;
    if (d - i != 4 || !at(t, d, "年"))
        return a;
    d += at(t, d, "年度") ? needle_len("年度") : needle_len("年");
    if (bracketed) {
        if (d >= b || !is_close_bracket(t->cp[d]))
            return a;
        d++;
    }
    while (d < b && is_space(t->cp[d]))
        d++;
    return d;
}

/* The department named at the head of a header line: "湖南省交通运输厅关于…",
 * "…局对…", a year between them allowed ("…局2024年关于…"). */
static int dept_in_header_line(const struct ctext *t, size_t ls, size_t le, struct letter *l)
{
    size_t c1 = find(t, ls, le, "关于");
    size_t c2 = find(t, ls, le, "对");
    size_t cut = c1 < c2 ? c1 : c2;
    /* "某某局答复市…", "某某局办理市…第3号建议的情况": the verb after the name */
    static const char *const verbs[] = {"答复", "回复", "办理", NULL};
    for (int k = 0; verbs[k]; k++) {
        size_t v = find(t, ls, le, verbs[k]);
        if (v < cut && plausible_org(t, ls, v))
            cut = v;
    }
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
    cut = before_header_year(t, ls, cut);
    size_t s = after_header_year(t, ls, cut);
    /* "【某县交通运输局】关于…": the unit in brackets before 关于 */
    if (set_bracketed_org(t, ls, cut, l))
        return 1;
    if (!plausible_org(t, s, cut)) {
        /* a flattened page: the name as the word before 关于 */
        size_t w = cut;
        while (w > ls && is_space(t->cp[w - 1]))
            w--;
        s = last_token(t, ls, w);
        if (s == ls || s == w || !plausible_org(t, s, cut))
            return 0;
        /* "南江县   自然资源局关于…": the place apart before the unit */
        s = spaced_place_start(t, ls, s);
    }
    set_field(&l->department, t, s, cut);
    return 1;
}

/* Does the line at ls open with a metadata label (发文机关某某局, 来源某某局)? Its
 * value is the page's, read with its label. */
static int glued_label(const struct ctext *t, size_t ls)
{
    return line_starts_with_any(t, ls, dept_labels) || line_starts_with_any(t, ls, source_labels);
}

/* Is the line [ls, le) a document's number alone ("某交复〔2024〕12号"), a signer
 * (签发人:张三) or a category mark after it allowed, as an official letter prints
 * it under its issuer's name? */
static int docno_line(const struct ctext *t, size_t ls, size_t le)
{
    while (ls < le && is_space(t->cp[ls]))
        ls++;
    for (size_t i = ls; i < le && i - ls <= 13; i++) {
        size_t ps = 0;
        size_t e = 0;
        if (is_open_bracket(t->cp[i]) && doc_number_at(t, ls, le, i, &ps, &e) && ps == ls) {
            while (e < le && is_space(t->cp[e]))
                e++;
            /* a category after it: "B类", "类别：B", "答复类型：A" */
            return e == le || at(t, e, "签发") || is_open_bracket(t->cp[e]) ||
                   (le - e <= 8 && find(t, e, le, "类") != NPOS);
        }
    }
    return 0;
}

/* Where a unit's name ends in its letterhead on [a, e): before its 文件 or 函
 * ("某县交通运输局文件", "某县民政局（函）", "某县民政局函", spaced "某 县 民 政 局 文 件"),
 * blanks before them allowed; e when the line ends in neither. */
static size_t letterhead_end(const struct ctext *t, size_t a, size_t e)
{
    size_t x = e;
    if (x > a + 2 && is_close_bracket(t->cp[x - 1]) && at(t, x - 2, "函") &&
        is_open_bracket(t->cp[x - 3]))
        x -= 3;
    else if (x > a && at(t, x - 1, "函"))
        x--;
    else if (x > a && at(t, x - 1, "件")) {
        size_t w = x - 1;
        while (w > a && is_space(t->cp[w - 1]) && x - w < 4)
            w--;
        if (w == a || !at(t, w - 1, "文"))
            return e;
        x = w - 1;
    } else
        return e;
    while (x > a && is_space(t->cp[x - 1]))
        x--;
    return x;
}

/* A joint reply's units one a row above its letter's number ("甲县水利局" / "乙县财政局"
 * / "甲水复〔2023〕5号"), or a row of them over the last ("甲县水利局　乙县财政局" /
 * "丙县交通运输局　　丙交复〔2023〕5号"): the rows right above pls (no blank line
 * between) that hold units alone, apart by blanks or 、; the first of the topmost
 * leads, as joint signers one a line do (joint_above). Returns its start and sets *e
 * to its end, else returns pls, *e as it was. No page's title, no body (中共, 人大,
 * 政协: a site's row of the place's bodies) and no portal's owner (…人民政府, a site's
 * name over the unit's line) is a row of the reply's units. */
static size_t joint_rows_above(const struct ctext *t, const struct marks *m, size_t pls, size_t *e)
{
    static const char *const none[] = {"中共", "党委", "人大", "政协", "政府", "网", NULL};
    size_t top = pls;
    for (int up = 0; up < 3 && top > 0 && t->cp[top - 1] == '\n'; up++) {
        size_t qle = top - 1;
        size_t qls = line_start(t, qle);
        int title = 0;
        for (size_t i = 0; i < m->n_titles; i++)
            title |= m->titles[i] == qls;
        if (title)
            break;
        size_t a = qls;
        size_t first = NPOS;
        int units = 0;
        while (a < qle && is_space(t->cp[a]))
            a++;
        while (a < qle) {
            size_t b = a;
            while (b < qle && !is_space(t->cp[b]) && t->cp[b] != 0x3001)
                b++;
            size_t be = letterhead_end(t, a, b);
            if (!plausible_org(t, a, be) || has_any(t, a, be, none)) {
                units = 0;
                break;
            }
            if (!units++)
                first = be;
            while (b < qle && (is_space(t->cp[b]) || t->cp[b] == 0x3001))
                b++;
            a = b;
        }
        if (!units)
            break;
        top = qls;
        while (top < qle && is_space(t->cp[top]))
            top++;
        *e = first;
    }
    return top;
}

/* The unit above the header at hs, as an official letter heads its first page: the
 * line just above ("宁陕县交通局" / "对县十六届…的复函"), or above the letter's
 * number ("某县交通运输局" / "某交复〔2024〕12号" / "关于…"), its red header's
 * 文件 or 函 left out ("某县交通运输局文件", "某县民政局（函）"), spaced out or not
 * ("某 县 民 政 局"); the page's title may stand between them. */
static int dept_above_header(const struct ctext *t, const struct marks *m, size_t hs,
                             struct letter *l)
{
    size_t ls = hs;
    for (int up = 0; up < 4 && ls > 0; up++) {
        size_t ple = ls - 1;
        while (ple > 0 && t->cp[ple - 1] == '\n')
            ple--;
        size_t pls = line_start(t, ple);
        /* the page's title between the unit and the header it repeats */
        int title = 0;
        for (size_t i = 0; i < m->n_titles; i++)
            title |= m->titles[i] == pls;
        if (title) {
            ls = pls;
            continue;
        }
        size_t e = ple;
        while (e > pls && is_space(t->cp[e - 1]))
            e--;
        e = letterhead_end(t, pls, e);
        if (glued_label(t, pls))
            return 0;
        if (plausible_org(t, pls, e) || spaced_org(t, pls, e)) {
            size_t s0 = joint_rows_above(t, m, pls, &e);
            set_field(&l->department, t, s0, e);
            return 1;
        }
        if (set_bracketed_org(t, pls, e, l))
            return 1;
        /* the unit and its letter's number side by side, apart by blanks
         * ("某县水利局　　某水复〔2022〕14号"): the unit on the left; a joint reply's
         * units in a row, apart by blanks or 、 ("某县文化旅游体育局　某县住房和城乡建设
         * 局"), their number after them perhaps ("甲县水利局　乙县财政局　　甲水复〔2023〕
         * 5号"): the first leads. A site's row of the place's party committee,
         * congress and CPPCC (中共某县委　某县人大常委会　…) replies to no one */
        static const char *const bodies[] = {"中共", "党委", "人大", "政协", NULL};
        size_t first_end = NPOS;
        int units = 0;
        int numbered = 0;
        for (size_t a = pls; a < e && units >= 0 && !numbered;) {
            size_t b = a;
            while (b < e && !is_space(t->cp[b]) && t->cp[b] != 0x3001)
                b++;
            if (units && docno_line(t, a, ple)) {
                numbered = 1;
                break;
            }
            size_t nb = b;
            while (nb < e && (is_space(t->cp[nb]) || t->cp[nb] == 0x3001))
                nb++;
            /* but a party, congress or CPPCC unit alone with its number
             * ("中共某县委组织部　　某组函〔2024〕3号") replies as any unit does */
            int alone = !units && nb < e && docno_line(t, nb, ple);
            if (plausible_org(t, a, b) && (alone || !has_any(t, a, b, bodies))) {
                if (!units++)
                    first_end = b;
            } else {
                units = -1;
            }
            while (b < e && (is_space(t->cp[b]) || t->cp[b] == 0x3001))
                b++;
            a = b;
        }
        if (numbered || units >= 2) {
            size_t s0 = joint_rows_above(t, m, pls, &first_end);
            set_field(&l->department, t, s0, first_end);
            return 1;
        }
        if (!docno_line(t, pls, ple))
            return 0;
        ls = pls;
    }
    return 0;
}

int ends_as_reply(const struct ctext *t, size_t ls, size_t le)
{
    static const char *const replies[] = {"答复",     "复函",     "回复", "函",
                                          "答复摘要", "答复意见", NULL};
    while (le > ls && is_space(t->cp[le - 1]))
        le--;
    if (le > ls && is_close_bracket(t->cp[le - 1])) {
        size_t o = le - 1;
        while (o > ls && !is_open_bracket(t->cp[o]) && le - o < 12)
            o--;
        if (is_open_bracket(t->cp[o]))
            le = o;
    }
    for (int k = 0; replies[k]; k++)
        if (ends_with(t, ls, le, replies[k]))
            return 1;
    return 0;
}

/* The department at the head of a header line ("某某局关于…"), else on the lines
 * above the header, else on the line under it: sets it and returns 1, else 0. */
int dept_around_header(const struct ctext *t, const struct marks *m, struct letter *l)
{
    /* 1. a header line: "湖南省工业和信息化厅对省…" / "…局关于…" */
    for (size_t k = 0; k < m->n_blocks; k++)
        for (size_t ls = m->blocks[k][0]; ls < m->blocks[k][1];) {
            size_t le = line_end(t, ls);
            if (le > m->blocks[k][1])
                le = m->blocks[k][1];
            /* "重庆市卫生和计划生育委员会关于" / "市五届人大…的复函": a header
             * broken after its 关于 */
            size_t nx = le + 1;
            while (nx < m->head_end && t->cp[nx] == '\n')
                nx++;
            int broken = (ends_with(t, ls, le, "关于") || ends_with(t, ls, le, "对")) &&
                         nx < m->head_end && is_header_line(t, nx, line_end(t, nx));
            if ((broken || is_header_line(t, ls, le)) && dept_in_header_line(t, ls, le, l))
                return 1;
            ls = le + 1;
        }
    /* 3. the line just above the header: "宁陕县交通局 / 对县十六届…的复函" (the
     * letter's, not the page's title's) */
    for (size_t k = 0; k < own_blocks(m); k++)
        for (size_t ls = m->blocks[k][0]; ls < m->blocks[k][1];) {
            size_t le = line_end(t, ls);
            if (le > m->blocks[k][1])
                le = m->blocks[k][1];
            if ((at(t, ls, "关于") || at(t, ls, "对")) && ls > 0 && dept_above_header(t, m, ls, l))
                return 1;
            ls = le + 1;
        }
    /* the line just below the header, above the salutation: "对县十八届…的答复" /
     * "(某县交通运输局)", as a site prints its byline */
    for (size_t k = 0; k < own_blocks(m) && m->sal != NPOS; k++)
        for (size_t ls = m->blocks[k][0]; ls < m->blocks[k][1];) {
            size_t le = line_end(t, ls);
            size_t nx = le + 1;
            while (nx < m->sal && (t->cp[nx] == '\n' || is_space(t->cp[nx])))
                nx++;
            if (nx < m->sal && is_header_line(t, ls, le) && ends_as_reply(t, ls, le)) {
                size_t ne = line_end(t, nx);
                if (ne <= m->sal && line_start(t, m->sal) != nx && !at(t, nx, "对") &&
                    !at(t, nx, "关于") && find(t, nx, ne, "届") == NPOS && !glued_label(t, nx)) {
                    if (set_bracketed_org(t, nx, ne, l))
                        return 1;
                    /* its seal mark after it: the signature set under the header
                     * ("某某委员会（盖章）" / "2023年6月20日") */
                    size_t ue = before_seal(t, nx, ne);
                    if (plausible_org(t, nx, ue) && last_token(t, nx, ue) == nx) {
                        set_field(&l->department, t, nx, ue);
                        return 1;
                    }
                    /* the byline with its date, in brackets or not ("（某县水利局
                     * 2024年7月10日）") */
                    struct unit_date ud;
                    if (unit_date_line(t, nx, ne, &ud)) {
                        set_field(&l->department, t, ud.us, ud.ue);
                        return 1;
                    }
                }
            }
            ls = le + 1;
        }
    /* a page's title field that the header is ("标题:某某局关于…的答复") */
    static const char *const titles[] = {"标题", "信息名称", "文件名称", "名称", "原标题", NULL};
    size_t vs = 0;
    size_t ve = 0;
    if (form_value(t, m->head_start, m->head_end, titles, &vs, &ve) && ends_as_reply(t, vs, ve) &&
        dept_in_header_line(t, vs, ve, l))
        return 1;
    return 0;
}
