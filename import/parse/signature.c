/*
 * The signature: the replying unit's name on the sign-off as replies print it,
 * seals and notes after it, joint signers on one line or one a line, a name
 * broken over two lines, spaced out or cut off.
 */
#include "import/parse/parse_int.h"

#include <string.h>

/* The end of a signature before its seal mark ("某某局(盖章)") or a full stop
 * typed after it ("某某局。"): b, or where the mark starts. */
static size_t before_one_seal(const struct ctext *t, size_t a, size_t b)
{
    static const char *const seals[] = {"(盖章)", "(公章)", "(印章)", "(章)",
                                        "(签章)", "(印)",   "(代章)", NULL};
    while (b > a && is_space(t->cp[b - 1]))
        b--;
    if (b > a + 3 && t->cp[b - 1] == 0x3002 && is_han(t->cp[b - 2]))
        b--;
    for (int k = 0; seals[k]; k++)
        if (ends_with(t, a, b, seals[k])) {
            b -= needle_len(seals[k]);
            while (b > a && is_space(t->cp[b - 1]))
                b--;
            return b;
        }
    /* a seal's note in other words ("(此件盖章)", "【单位盖章】", "(盖 章)", "(签字盖章)"):
     * a bracket of up to six characters that names the seal (章) */
    if (b > a + 2 && is_close_bracket(t->cp[b - 1])) {
        size_t o = b - 1;
        while (o > a && !is_open_bracket(t->cp[o - 1]) && b - o <= 8)
            o--;
        if (o > a && is_open_bracket(t->cp[o - 1]) && find(t, o, b - 1, "章") != NPOS) {
            size_t hans = 0;
            for (size_t i = o; i < b - 1; i++)
                hans += is_han(t->cp[i]) ? 1 : is_space(t->cp[i]) ? 0 : 7;
            if (hans <= 6) {
                b = o - 1;
                while (b > a && is_space(t->cp[b - 1]))
                    b--;
            }
        }
    }
    return b;
}

size_t before_seal(const struct ctext *t, size_t a, size_t b)
{
    size_t e = before_one_seal(t, a, b);
    /* a row of seal marks alone, one under each of a row of joint signers
     * ("（盖章）　　（盖章）"): passed over as a single mark is */
    for (size_t k = e; k > a && k < b;) {
        size_t k2 = before_one_seal(t, a, k);
        if (k2 == k || is_han(t->cp[k - 1]))
            break;
        k = k2;
        if (k == a)
            return a;
    }
    return e;
}

/* A signature followed by a labelled name on its line ("某某局  局长:张三", "某某局
 * 签发人:李四"): the end of the signature before the blanks of the label, else b. */
size_t before_label(const struct ctext *t, size_t a, size_t b)
{
    for (size_t i = a + 3; i < b; i++) {
        if (!is_space(t->cp[i - 1]) || is_space(t->cp[i]))
            continue;
        size_t k = i;
        while (k < b && is_han(t->cp[k]) && k - i <= 5)
            k++;
        if (k < b && k - i >= 2 && k - i <= 5 && is_colon(t->cp[k])) {
            size_t e = i;
            while (e > a && is_space(t->cp[e - 1]))
                e--;
            return e;
        }
    }
    return b;
}

/* A mirror site's name pasted before the signature ("某某官网入口 农村部"): the
 * signature is kept as the page writes it, spam and all. */
int spam_prefix(const struct ctext *t, size_t a, size_t b)
{
    static const char *const site[] = {"官方网站", "网站", "官网", "入口", NULL};
    /* the lottery sites' "2024年免费资料大全", "开奖结果" */
    static const char *const lottery[] = {"资料大全", "免费资料", "开奖", "彩票", NULL};
    return b > a && (has_any(t, a, b, site) || has_any(t, a, b, spam_ad_words) ||
                     has_any(t, a, b, spam_words) || has_any(t, a, b, spam_words_weak) ||
                     has_any(t, a, b, lottery));
}

/* Joint signers on one line ("长林县交通运输局 长林县财政局", "…局、…局"): the start of
 * the run of organisations that ends with the one at s, each a name of its own,
 * apart by blanks or 、. */
size_t joint_start(const struct ctext *t, size_t ls, size_t s)
{
    size_t start = s;
    while (start > ls) {
        size_t e = start;
        while (e > ls && (is_space(t->cp[e - 1]) || t->cp[e - 1] == 0x3001))
            e--;
        if (e == start || e == ls)
            break;
        size_t b = e;
        while (b > ls && !is_space(t->cp[b - 1]) && t->cp[b - 1] != 0x3001 && e - b < 31)
            b--;
        if (!plausible_org(t, b, before_seal(t, b, e)) || spam_prefix(t, b, e))
            break;
        start = b;
    }
    return start;
}

/* Sets the department to the first of the joint signers [s, e), the lead, as
 * written but for its seal mark ("某县交通运输局(盖章)  某县财政局(盖章)" and
 * "某县交通运输局、某县财政局" give "某县交通运输局", as the two one a line do); a
 * place apart before its unit stays part of the name ("冷水江市  民政局"). */
void set_signers(const struct ctext *t, struct letter *l, size_t s, size_t e)
{
    for (size_t i = s; i < e;) {
        size_t b = i;
        while (b < e && !is_space(t->cp[b]) && t->cp[b] != 0x3001)
            b++;
        size_t k = before_seal(t, i, b);
        size_t n = b;
        while (n < e && (is_space(t->cp[n]) || t->cp[n] == 0x3001))
            n++;
        /* a unit that another follows ends the lead; 人民政府 and 人民代表大会
         * name no unit without the place before them ("某某镇  人民政府") */
        if (n < e && k > i && plausible_org(t, i, k) && !at(t, n, "人民")) {
            e = k;
            break;
        }
        i = n;
    }
    set_field(&l->department, t, s, before_seal(t, s, e));
}

/* A signature run into a cut-off word ("长林县交通运输厅政"): a line of Han
 * characters that is a unit's name and one more character, kept as written.
 * Returns the end of the name, or NPOS. */
size_t cut_signature(const struct ctext *t, size_t ls, size_t le)
{
    static const char *const strong[] = {"厅",       "局",     "委",   "部",   "委员会",
                                         "人民政府", "办公室", "中心", "公司", NULL};
    if (le - ls < 7 || le - ls > 30)
        return NPOS;
    for (size_t i = ls; i < le; i++)
        if (!is_han(t->cp[i]))
            return NPOS;
    if (plausible_org(t, ls, le) || !plausible_org(t, ls, le - 1))
        return NPOS;
    for (int k = 0; strong[k]; k++)
        if (ends_with(t, ls, le - 1, strong[k]))
            return le - 1;
    return NPOS;
}

/* Sets the department to the signature lines [a1, b1) and [a2, b2) joined by a
 * blank, or with none (one name broken over two lines). */
static void set_joint(const struct ctext *t, struct letter *l, size_t a1, size_t b1, size_t a2,
                      size_t b2, int blank)
{
    struct buf out = BUF_INIT;
    span_add(t, &out, a1, b1);
    if (blank)
        buf_addch(&out, ' ');
    span_add(t, &out, a2, b2);
    if (pctx_fail(t->ctx, buf_failed(&out) ? -1 : 0) == 0)
        set_cstr(t, &l->department, out.data, a1);
    buf_release(&out);
}

/* The line above the one holding ls, trimmed, in [*a, *b): over blank lines and a
 * page's number ("- 3 -") between, as a page may break a signature there (three
 * such lines at most). Returns 0 when there is none at or after from. */
static int line_above(const struct ctext *t, size_t from, size_t ls, size_t *a, size_t *b)
{
    ls = line_start(t, ls);
    for (int skipped = 0; ls > from && skipped <= 3; skipped++) {
        size_t pls = line_start(t, ls - 1);
        size_t pa = pls;
        size_t pb = ls - 1;
        while (pa < pb && is_space(t->cp[pa]))
            pa++;
        while (pb > pa && is_space(t->cp[pb - 1]))
            pb--;
        if (pa < pb && !page_number_line(t, pa, pb)) {
            *a = pa;
            *b = pb;
            return pls >= from;
        }
        ls = pls;
    }
    return 0;
}

/* Does the line above the one holding i run on into it: twelve characters or more
 * with no sentence's end after the last ("…衷心感谢你们对我县交通事业的关" / "心支持。")? */
static int runs_on_above(const struct ctext *t, size_t i)
{
    size_t ls = line_start(t, i);
    if (ls == 0)
        return 0;
    size_t pls = line_start(t, ls - 1);
    size_t pe = ls - 1;
    while (pe > pls && is_space(t->cp[pe - 1]))
        pe--;
    uint32_t c = pe > pls ? t->cp[pe - 1] : 0;
    return pe >= pls + 12 && (is_han(c) || c == ',' || c == 0x3001);
}

/* Is the line holding i the rest of a paragraph wrapped at a width, not a line of
 * its own: the line above runs on into it, and it ends its sentence (a unit's name
 * is no sentence) or the line above is as long as the one above that, as a page
 * that breaks its lines at a width gives them ("…请通过填写" / "回执及时反馈…人代
 * 工委。")? */
static int wrapped_rest(const struct ctext *t, size_t from, size_t i)
{
    size_t ls = line_start(t, i);
    if (ls <= from + 1 || !runs_on_above(t, i))
        return 0;
    /* its sentence's end after a unit's word ("…人代工委。"), or the line above as
     * long as the one above that */
    size_t le = line_end(t, i);
    while (le > ls && is_space(t->cp[le - 1]))
        le--;
    if (le > ls && t->cp[le - 1] == 0x3002)
        return 1;
    size_t pls = line_start(t, ls - 1);
    if (pls <= from + 1)
        return 0;
    size_t rls = line_start(t, pls - 1);
    return rls >= from && pls - 1 - rls == ls - 1 - pls;
}

/* Is the line [qls, qle) the head of a place's name that the line below [ls, le)
 * finishes, the break falling inside it: "青河" / "县交通运输局", "哈林格" / "尔镇人民
 * 政府", "某市城" / "区管理局"? The line below is a unit's name whose level's word
 * (县, 镇, 区 …) stands in its first four characters; the line above is one to
 * twelve Han characters, no word of a sentence or of a closing, its last ones
 * after any level's word no more than four (the place's head) and no unit's end.
 * Two or three characters that read as a person's name ("李明" / "县交通运输局")
 * need the place joined to stand elsewhere in the text. */
static int place_broken(const struct ctext *t, size_t qls, size_t qle, size_t ls, size_t le)
{
    static const char *const levels[] = {"省", "市", "县", "区", "州",
                                         "旗", "盟", "镇", "乡", NULL};
    static const char *const closing[] = {"我",   "您",   "你",   "的",   "此",   "谢",   "请",
                                          "敬礼", "答复", "函复", "回复", "附件", "抄送", NULL};
    if (qle <= qls || qle - qls > 12 || has_any(t, qls, qle, closing) ||
        ends_with_org(t, qls, qle) || !plausible_org(t, ls, le) || runs_on_above(t, qls))
        return 0;
    /* a sentence's end after it ("…的关" / "心支持。") */
    size_t qe = qle;
    while (qe < t->n && t->cp[qe] != '\n' && is_space(t->cp[qe]))
        qe++;
    if (qe < t->n && t->cp[qe] != '\n')
        return 0;
    size_t tail = qls;
    for (size_t i = qls; i < qle; i++) {
        if (!is_han(t->cp[i]))
            return 0;
        if (at_any(t, i, levels))
            tail = i + 1;
    }
    if (tail == qle || qle - tail > 4)
        return 0;
    size_t k = ls;
    while (k < le && k < ls + 4 && !at_any(t, k, levels))
        k++;
    if (k == le || k == ls + 4)
        return 0;
    int person =
        tail == qls && qle - qls <= 3 && (single_surname(t, qls) || compound_surname(t, qls));
    if (!person)
        return 1;
    /* the place joined ("黄河" + "县") elsewhere in the text */
    size_t n1 = qle - qls;
    size_t n = n1 + k + 1 - ls;
    for (size_t i = 0; i + n <= t->n; i++) {
        if (i + n > qls && i < le)
            continue;
        size_t j = 0;
        while (j < n && t->cp[i + j] == (j < n1 ? t->cp[qls + j] : t->cp[ls + j - n1]))
            j++;
        if (j == n)
            return 1;
    }
    return 0;
}

/* Is the line [qls, qle) a place's name alone (…县, …自治县, …市, …区, …旗: Han
 * characters, no unit's word) over the rest of a unit's name [ls, le) on the line
 * below, as a signature sets a long name out over two lines: a unit that names no
 * place of its own ("青岭瑶族自治县" / "市场监督管理局", "青州市" / "城市管理局"), or a
 * town's unit whose place is its own ("积石山…自治县" / "吹麻滩镇人民政府")? The
 * place's name is the head of the unit's full name. A unit that opens with its own
 * county or city ("湖南省" / "青岭县教育局") is whole without it; one that opens with
 * 县 alone under a county ("白云溪县" / "县财政局") is that county's, its 县 the
 * county's. Returns where the rest joined to the place starts, else NPOS. */
static size_t county_over_unit(const struct ctext *t, size_t qls, size_t qle, size_t ls, size_t le)
{
    static const char *const county[] = {"县", "市", "区", "旗", NULL};
    static const char *const town[] = {"镇", "乡", "苏木", "街道", NULL};
    if (!place_line(t, qls, qle) || !plausible_org(t, ls, le) || runs_on_above(t, qls))
        return NPOS;
    /* 县 alone opening the unit, the county's ("白云溪县" / "县财政局") */
    if (ends_with(t, qls, qle, "县") && at(t, ls, "县") && plausible_org(t, ls + 1, le) &&
        !names_own_place(t, ls + 1, le))
        return ls + 1;
    /* the town's own name, two to four characters, then its level's word */
    for (size_t i = ls + 2; i < le && i <= ls + 4; i++)
        if (line_starts_with_any(t, i, town))
            return has_any(t, ls, i, county) ? NPOS : ls;
    return names_own_place(t, ls, le) ? NPOS : ls;
}

/* The words that close a unit's name, as a line may break inside them: the
 * organisation words (局, 委员会, 人民政府 …) and the longer last words of a
 * department's name (办公厅, 管理局, 发展和改革委员会 …). */
static const char *const unit_words[] = {"办公厅",
                                         "办公室",
                                         "委员会",
                                         "人民政府",
                                         "管理委员会",
                                         "管委会",
                                         "管理局",
                                         "管理处",
                                         "管理所",
                                         "管理站",
                                         "管理中心",
                                         "服务中心",
                                         "事务中心",
                                         "事务局",
                                         "办事处",
                                         "执法局",
                                         "监督管理局",
                                         "保障局",
                                         "建设局",
                                         "建设厅",
                                         "运输局",
                                         "运输厅",
                                         "资源局",
                                         "资源厅",
                                         "农村局",
                                         "农村厅",
                                         "农村部",
                                         "旅游局",
                                         "旅游厅",
                                         "体育局",
                                         "信息化局",
                                         "信息化厅",
                                         "科学技术局",
                                         "科学技术厅",
                                         "生态环境局",
                                         "生态环境厅",
                                         "健康委",
                                         "改革委",
                                         "宣传部",
                                         "组织部",
                                         "统战部",
                                         "工作部",
                                         "发展和改革委员会",
                                         "卫生健康委员会",
                                         "幼儿园",
                                         "街道",
                                         "公司",
                                         "集团",
                                         "中心",
                                         "海关",
                                         NULL};

/* Is the line [qls, qle) the tail of a unit's name whose head ends the line above,
 * broken inside the name's last word ("甘肃省人民政府办" / "公厅", "某县自然资源管" /
 * "理局", "某市发展和改革委" / "员会")? The tail is that word's rest and nothing
 * else: no date, no unit of its own. Sets the department to the name joined and
 * returns 1, else 0. */
int broken_unit_word(const struct ctext *t, struct letter *l, size_t from, size_t qls, size_t qle)
{
    while (qls < qle && is_space(t->cp[qls]))
        qls++;
    qle = before_seal(t, qls, qle);
    if (qle <= qls || qle - qls > 8 || qls <= from + 1)
        return 0;
    for (size_t i = qls; i < qle; i++)
        if (!is_han(t->cp[i]))
            return 0;
    size_t pls = 0;
    size_t ple = 0;
    if (!line_above(t, from, qls, &pls, &ple) || wrapped_rest(t, from, pls))
        return 0;
    ple = before_seal(t, pls, ple);
    if (ple <= pls)
        return 0;
    size_t ps = last_token(t, pls, ple);
    if (ple - ps < 3 || ple - ps > 30 || is_trailer_line(t, pls, ple))
        return 0;
    for (size_t i = ps; i < ple; i++)
        if (!is_han(t->cp[i]))
            return 0;
    static const char *const sentence[] = {"我", "您", "你", "的", "此", "谢", "请", NULL};
    if (has_any(t, ps, ple, sentence))
        return 0;
    size_t q = qle - qls;
    for (int w = 0; unit_words[w]; w++) {
        size_t n = needle_len(unit_words[w]);
        if (n <= q)
            continue;
        /* the word's head ends the line above, its rest is the whole line */
        const unsigned char *p = (const unsigned char *)unit_words[w];
        for (size_t c = 0; c < n - q; c++)
            needle_next(&p);
        char head[64];
        size_t hb = (size_t)((const char *)p - unit_words[w]);
        if (hb >= sizeof head || !at(t, qls, (const char *)p))
            continue;
        memcpy(head, unit_words[w], hb);
        head[hb] = '\0';
        if (ple - ps > n - q && at(t, ple - (n - q), head)) {
            set_joint(t, l, ps, ple, qls, qle, 0);
            return 1;
        }
    }
    /* the line below is a unit's last word and no more, with no place of its own
     * ("中华人民共和国应急" / "管理部", "某省教" / "育厅", "某省教育" / "厅"), and the line
     * above starts a unit's name with its place but closes none: one name, though the
     * line below alone would read as a unit (管理部) */
    static const char *const places[] = {"国", "省", "市", "县", "区", "州",
                                         "旗", "盟", "镇", "乡", NULL};
    if (q <= 4 && ple - ps + q <= 30 && ends_with_org(t, qls, qle) &&
        !has_any(t, qls, qle, places) && has_any(t, ps, ple, places) &&
        !ends_with_org(t, ps, ple)) {
        set_joint(t, l, ps, ple, qls, qle, 0);
        return 1;
    }
    return 0;
}

/* A labelled unit whose name the page broke at its line's end ("承办单位:某某县住房和
 * 城乡建" / "设局  单位负责人:…", "联系单位及电话:某市城市管理" / "局 12345678"): the
 * value [i, e) runs to the line's end without ending as a unit's name, and the next
 * line opens with the name's rest, a few Han characters ending in an organisation
 * word, then a blank or the line's end. Sets the department to the name joined and
 * returns 1, else 0. */
int labelled_rest(const struct ctext *t, struct letter *l, size_t i, size_t e)
{
    size_t le = line_end(t, e);
    size_t x = e;
    while (x < le && is_space(t->cp[x]))
        x++;
    if (x != le || e < i + 2 || le >= t->n || plausible_org(t, i, e))
        return 0;
    size_t ns = le + 1;
    size_t nle = line_end(t, ns);
    while (ns < nle && is_space(t->cp[ns]))
        ns++;
    size_t ne = ns;
    while (ne < nle && is_han(t->cp[ne]) && ne - ns <= 8)
        ne++;
    if (ne == ns || ne - ns > 8 || (ne < nle && !is_space(t->cp[ne])) ||
        !ends_with_org(t, ns, ne) || e - i + ne - ns > 30)
        return 0;
    static const char *const sentence[] = {"我", "您", "你", "的", "此", "谢", "请", NULL};
    if (has_any(t, i, e, sentence) || has_any(t, ns, ne, sentence))
        return 0;
    set_joint(t, l, i, e, ns, ne, 0);
    return 1;
}

/* Do the units [a1, b1) and [a2, b2) end in the same organisation word (部 and 部,
 * 委员会 and 委员会), the longest each ends in? */
static int same_unit_word(const struct ctext *t, size_t a1, size_t b1, size_t a2, size_t b2)
{
    const char *w1 = NULL;
    const char *w2 = NULL;
    for (int k = 0; org_suffix[k]; k++) {
        size_t n = needle_len(org_suffix[k]);
        if (ends_with(t, a1, b1, org_suffix[k]) && (!w1 || n > needle_len(w1)))
            w1 = org_suffix[k];
        if (ends_with(t, a2, b2, org_suffix[k]) && (!w2 || n > needle_len(w2)))
            w2 = org_suffix[k];
    }
    return w1 && w1 == w2;
}

/* Does [a, b) hold two or more units' names apart by blanks, a row of joint signers
 * ("某县住房和城乡建设局　　某县水利局")? Sets *first_end to the end of the first. */
static int signer_row(const struct ctext *t, size_t a, size_t b, size_t *first_end)
{
    size_t n = 0;
    for (size_t i = a; i < b;) {
        while (i < b && is_space(t->cp[i]))
            i++;
        size_t s = i;
        while (i < b && !is_space(t->cp[i]))
            i++;
        if (s == i)
            break;
        if (i - s < 4 || !plausible_org(t, s, i))
            return 0;
        if (!n++)
            *first_end = i;
    }
    return n >= 2;
}

/* Is the row of units at qls the list a sentence above it opens with its colon
 * ("…请与以下单位联系：" / "县水务局农村水利股　　县财政局农业股"), not a row of
 * signers? */
static int listed(const struct ctext *t, size_t from, size_t qls)
{
    size_t a = 0;
    size_t b = 0;
    return line_above(t, from, qls, &a, &b) && b > a && is_colon(t->cp[b - 1]);
}

/* Does [a, b) hold units' names alone apart by 、, two or more, or one that a 、 ends
 * ("县发展和改革局、县财政局、")? Sets *first_end to the first's end, *open if 、 ends it. */
static int enum_row(const struct ctext *t, size_t a, size_t b, size_t *first_end, int *open)
{
    size_t n = 0;
    *open = b > a && t->cp[b - 1] == 0x3001;
    for (size_t i = a; i < b;) {
        size_t s = i;
        while (i < b && t->cp[i] != 0x3001 && !is_space(t->cp[i]))
            i++;
        if (i - s < 4 || !plausible_org(t, s, i))
            return 0;
        if (!n++)
            *first_end = i;
        if (i < b && t->cp[i] != 0x3001)
            return 0; /* units apart by blanks alone: signer_row's */
        while (i < b && (t->cp[i] == 0x3001 || is_space(t->cp[i])))
            i++;
    }
    return n >= 2 || (n == 1 && *open);
}

/* Joint signers in rows of units apart by 、, each row but the last ending in 、
 * ("县发展和改革局、县财政局、" / "县农业农村局、县水务局" / date): the signature's line
 * [ls, le) is the last row, or a unit alone; the top row's first, the lead, is the
 * department. A sentence's list broken over the lines ("…已抄送县财政局、" /
 * "县交通运输局、县商务局" / the signer) is no row: each row holds units alone. */
static int enum_rows_above(const struct ctext *t, struct letter *l, size_t from, size_t ls,
                           size_t le)
{
    size_t top_end = 0;
    int open = 0;
    if ((!enum_row(t, ls, le, &top_end, &open) && !plausible_org(t, ls, le)) || open)
        return 0;
    size_t top = NPOS;
    for (size_t row = ls, up = 0; up < 4; up++) {
        size_t qls = 0;
        size_t qle = 0;
        size_t qfe = 0;
        if (!line_above(t, from, row, &qls, &qle) || !enum_row(t, qls, qle, &qfe, &open) || !open ||
            is_trailer_line(t, qls, qle) || listed(t, from, qls))
            break;
        top = qls;
        top_end = qfe;
        row = qls;
    }
    if (top == NPOS || list_goes_on(t, top) || wrapped_rest(t, from, top))
        return 0;
    set_field(&l->department, t, top, top_end);
    return 1;
}

/* Joint signers, one a line ("某某局" / "某某局" / date): when the line above the
 * signature [ls, le) is another unit's name alone, the first of them, the lead, is
 * the department; a name broken over the two lines is joined. */
int joint_above(const struct ctext *t, struct letter *l, size_t from, size_t ls, size_t le)
{
    while (ls < le && is_space(t->cp[ls]))
        ls++;
    if (enum_rows_above(t, l, from, ls, le))
        return 1;
    size_t qls = 0;
    size_t qle = 0;
    /* the line above, over blank lines or a page's number; not a paragraph's
     * wrapped rest, nor a list's ("会办单位：县财政局、" / "县人社局" / the signer) */
    if (ls <= from || !line_above(t, from, ls, &qls, &qle) || wrapped_rest(t, from, qls) ||
        list_goes_on(t, qls))
        return 0;
    qle = before_seal(t, qls, qle);
    /* the row's seal marks under it, apart by blanks as its names are
     * ("某县住房和城乡建设局　　某县城市管理局" / "（盖章）　　（盖章）" / "某县某某街道办事处"):
     * the row above them */
    int sealed = 0;
    if (qle <= qls) {
        if (!line_above(t, from, qls, &qls, &qle) || wrapped_rest(t, from, qls))
            return 0;
        qle = before_seal(t, qls, qle);
        sealed = 1;
    }
    /* a row of joint signers above the last one ("某县住房和城乡建设局　　某县水利局" /
     * "某县城市管理局") or above the last row ("县发展和改革局　　县财政局" /
     * "县农业农村局　　县水务局"), each row with its seal marks under it or none: the
     * top row's first, the lead */
    size_t fe = 0;
    if (qle > qls && last_token(t, qls, qle) != qls && !is_trailer_line(t, qls, qle) &&
        (plausible_org(t, ls, le) || signer_row(t, ls, le, &fe)) && signer_row(t, qls, qle, &fe) &&
        !listed(t, from, qls)) {
        for (int up = 0; up < 4; up++) {
            size_t rls = 0;
            size_t rle = 0;
            size_t rfe = 0;
            if (!line_above(t, from, qls, &rls, &rle) || wrapped_rest(t, from, rls))
                break;
            rle = before_seal(t, rls, rle);
            if (rle <= rls) {
                if (!line_above(t, from, rls, &rls, &rle) || wrapped_rest(t, from, rls))
                    break;
                rle = before_seal(t, rls, rle);
            }
            if (rle <= rls || is_trailer_line(t, rls, rle) || !signer_row(t, rls, rle, &rfe) ||
                listed(t, from, rls))
                break;
            qls = rls;
            fe = rfe;
        }
        set_field(&l->department, t, qls, fe);
        return 1;
    }
    if (sealed)
        return 0;
    if (qle <= qls || last_token(t, qls, qle) != qls || is_trailer_line(t, qls, qle))
        return 0;
    if (qle - qls == le - ls && !memcmp(t->cp + qls, t->cp + ls, (le - ls) * sizeof *t->cp))
        return 0; /* the same name twice */
    /* a name broken over two lines ("某省住房和城乡" / "建设厅", "某区城南街道" /
     * "办事处"): the second line is short and names no place of its own, as a
     * second unit would (县财政局, 某县财政局) */
    static const char *const place[] = {"国家", "中共", "国务院", "省", "市", "县", "区",
                                        "州",   "旗",   "盟",     "镇", "乡", NULL};
    /* "广西壮" / "族自治区农业农村厅", "内蒙古自" / "治区财政厅": one name broken
     * inside a word of its place; or after its first character ("湖" / "南省农业农村
     * 厅"), as no unit is named by one */
    int in_word = broken_in_word(t, qls, qle, ls, le) ||
                  (qle - qls == 1 && is_han(t->cp[qls]) && le - ls >= 4);
    int own = 0;
    /* (城乡 is no place, broken over the lines too: "某县住房和城" / "乡建设局") */
    for (size_t i = ls; i < le && i < ls + 4 && !own; i++)
        own = line_starts_with_any(t, i, place) && !(i > ls && at(t, i - 1, "城乡")) &&
              !(i == ls && at(t, i, "乡") && qle > qls && at(t, qle - 1, "城"));
    size_t rest = in_word ? NPOS : county_over_unit(t, qls, qle, ls, le);
    if (rest != NPOS) {
        set_joint(t, l, qls, qle, rest, le, 0);
        return 1;
    }
    if (in_word || !plausible_org(t, qls, qle)) {
        /* the line above is the head of a name that does not end as one ("某市住房和"
         * / "城乡建设局", "某县人力资源和社会" / "保障局"): Han characters naming a
         * place, no word of a sentence, and the line below names none (or the
         * break falls inside a word) */
        static const char *const sentence[] = {"我", "您", "你", "的", "此", "谢", "请", NULL};
        int head =
            (in_word || (!own && le - ls <= 8 && qle - qls >= 3 && has_any(t, qls, qle, place))) &&
            qle - qls <= 20 && !has_any(t, qls, qle, sentence);
        /* or the break inside the place's name ("青河" / "县交通运输局") */
        head |= !in_word && place_broken(t, qls, qle, ls, le);
        for (size_t i = qls; i < qle && head; i++)
            head = is_han(t->cp[i]);
        if (!head)
            return 0;
        set_joint(t, l, qls, qle, ls, le, 0);
        return 1;
    }
    /* a line below longer than a unit's last word is a unit of its own, but for a
     * name's rest after its place ("某某镇" / "人民政府办公室"): 人民政府 and
     * 人民代表大会 name no unit without the place before them; a short one too when
     * it ends in the unit word the line above ends in, a unit of the same kind
     * ("应急管理部" / "财政部", "某县民政局" / "财政局"), where a unit's own office or
     * division under it ends in another ("某县人民政府" / "办公室", "某区城南街道" /
     * "办事处", "中共某县委" / "宣传部") */
    int apart = own || (le - ls > 6 && !at(t, ls, "人民")) ||
                (plausible_org(t, ls, le) && same_unit_word(t, qls, qle, ls, le));
    if (!apart) {
        set_joint(t, l, qls, qle, ls, le, 0);
        return 1;
    }
    /* a division named alone over its unit ("职业教育与成人教育处" / "某省教育厅"):
     * no signer of its own, the unit below signs */
    static const char *const divisions[] = {"处", "科", "股", "室", NULL};
    static const char *const parents[] = {"局", "厅", "委", "部", "院", "中心", "办公", NULL};
    int division = own && !has_any(t, qls, qle, place) && !has_any(t, qls, qle, parents);
    for (int k = 0; divisions[k] && division; k++)
        if (ends_with(t, qls, qle, divisions[k])) {
            set_field(&l->department, t, ls, le);
            return 1;
        }
    /* joint signers one a line: the first, the lead, signs for the reply; over a
     * third signer above the two ("某县交通运输局" / "某县财政局" / "某县发展和改革局"
     * / date), each a unit's name alone on its line */
    for (int up = 0; up < 3; up++) {
        size_t rls = 0;
        size_t rle = 0;
        if (!line_above(t, from, qls, &rls, &rle) || wrapped_rest(t, from, rls))
            break;
        rle = before_seal(t, rls, rle);
        if (rle <= rls || last_token(t, rls, rle) != rls || is_trailer_line(t, rls, rle) ||
            !plausible_org(t, rls, rle))
            break;
        qls = rls;
        qle = rle;
    }
    set_field(&l->department, t, qls, qle);
    return 1;
}

/* The most bytes of a spaced-out unit's name read without its blanks. */
#define PLAIN_MAX 256

/* Is [a, b) a line of its own above the page's trail or meta lines (芜湖市民政局 /
 * 当前位置：首页>>…): the site's name, not the letter's letterhead? */
static int site_name_line(const struct ctext *t, size_t a, size_t b)
{
    size_t ls = line_start(t, a);
    size_t le = line_end(t, a);
    trim_span(t, &ls, &le);
    if (ls != a || le != b)
        return 0;
    for (size_t ns = line_end(t, b) + 1; ns < t->n; ns = line_end(t, ns) + 1) {
        size_t ne = line_end(t, ns);
        size_t ts = ns;
        size_t te = ne;
        trim_span(t, &ts, &te);
        if (ts < te)
            return line_starts_with_any(t, ts, chrome_meta) || is_breadcrumb(t, ts, te);
    }
    return 0;
}

/* A department spaced out character by character (黑 龙 江 省 商 务 厅, a sign-off
 * set out to its width) that the letter also writes plainly, in its header or its
 * letterhead (黑龙江省商务厅关于…): the plain writing, the blanks being the
 * layout's; a unit written only spaced out stays as written, blanks kept, as does
 * one the page writes plainly only as the site's name above its trail. */
void plain_spaced_department(const struct ctext *t, struct letter *l)
{
    if (!l->department)
        return;
    char plain[PLAIN_MAX];
    size_t n = 0;
    size_t hans = 0;
    size_t gap = 0; /* blanks since the last character */
    const unsigned char *p = (const unsigned char *)l->department;
    while (*p) {
        const unsigned char *q = p;
        uint32_t c = needle_next(&p);
        if (is_space(c) && hans && ++gap <= 3)
            continue;
        if (!is_han(c) || (hans && !gap) || n + (size_t)(p - q) >= sizeof plain)
            return;
        memcpy(plain + n, q, (size_t)(p - q));
        n += (size_t)(p - q);
        hans++;
        gap = 0;
    }
    plain[n] = 0;
    if (hans < 4)
        return;
    for (size_t i = find(t, 0, t->n, plain); i != NPOS; i = find(t, i + 1, t->n, plain))
        if (!site_name_line(t, i, i + hans)) {
            if (!pctx_alloc(t->ctx))
                pctx_fail(t->ctx, letter_set(&l->department, plain, n));
            return;
        }
}

/* A signature spaced out character by character ("赤 水 市 农 业 局", also with
 * wider or ideographic blanks): four or more Han characters, one to three blanks
 * between each, ending in an organisation word. */
int spaced_org(const struct ctext *t, size_t ls, size_t le)
{
    if (le - ls < 7 || le - ls > 120)
        return 0;
    size_t han[32];
    size_t hans = 0;
    for (size_t i = ls; i < le;) {
        if (!is_han(t->cp[i]) || hans == 32)
            return 0;
        han[hans++] = i;
        size_t j = ++i;
        while (j < le && is_space(t->cp[j]))
            j++;
        if (j < le && (j == i || j - i > 3))
            return 0;
        i = j;
    }
    if (hans < 4)
        return 0;
    /* its last characters an organisation word, one a blank apart (局, 人 民 政 府) */
    for (int k = 0; org_suffix[k]; k++) {
        const char *p = org_suffix[k];
        size_t n = needle_len(p);
        if (n >= hans)
            continue;
        int same = 1;
        for (size_t c = hans - n; c < hans && same; c++) {
            char one[5] = {0};
            size_t w = 1;
            while (p[w] && ((unsigned char)p[w] & 0xC0) == 0x80)
                w++;
            memcpy(one, p, w < 5 ? w : 4);
            same = at(t, han[c], one);
            p += w;
        }
        if (same)
            return 1;
    }
    return 0;
}

/* Is [a, b) a contact's value in a cell of its own with no label: a person's name
 * (a surname and one to three Han characters more, blanks between them allowed:
 * "王芳", "刘　勇", not a label's "联系人" or "答复时间") or a phone number (seven
 * digits or more with '-' or brackets between, "0745-1234567", "(0745)1234567", or
 * a mobile's eleven digits from 1, or a number with its area's code from 0)? */
static int contact_cell(const struct ctext *t, size_t a, size_t b)
{
    size_t hans = 0;
    size_t digits = 0;
    int marks = 0;
    for (size_t i = a; i < b; i++) {
        uint32_t c = t->cp[i];
        if (is_han(c))
            hans++;
        else if (c >= '0' && c <= '9')
            digits++;
        else if (c == '-' || c == '(' || c == ')')
            marks = 1;
        else if (!is_space(c))
            return 0;
    }
    if (hans && digits)
        return 0;
    if (digits)
        return digits <= 24 && ((marks && digits >= 7) || (digits == 11 && t->cp[a] == '1') ||
                                (digits >= 10 && digits <= 12 && t->cp[a] == '0'));
    return hans >= 2 && hans <= 4 && b - a <= 8 && !marks &&
           (single_surname(t, a) || compound_surname(t, a)) && !plausible_org(t, a, b);
}

/* The kind of a table's cell at [a, b) in a signature laid out in cells: 0 empty (or
 * a rule's dashes, or a seal's note alone), 1 a unit's name, 2 a date, 3 a short field
 * with its label ("联系人：王芳", "联系电话：0745-6623318") or a contact's value
 * without one ("王芳", "0745-6623318"), -1 anything else. */
static int signature_cell(const struct ctext *t, size_t a, size_t b)
{
    trim_span(t, &a, &b);
    int rule = 1;
    for (size_t i = a; i < b && rule; i++)
        rule = t->cp[i] == '-' || t->cp[i] == ':' || t->cp[i] == '=';
    if (rule)
        return 0;
    /* a label before its colon: a signing unit's ("答复单位：某某局"), a date's
     * ("日期：2024年8月2日") */
    size_t v = a;
    while (v < b && v - a <= 8 && !is_colon(t->cp[v]))
        v++;
    size_t colon = v < b && v - a <= 8 ? v : a;
    v = colon > a ? colon + 1 : a;
    /* the value in the label's cell, or in the next one (cell_end) */
    while (v < b && (is_space(t->cp[v]) || is_wall(t->cp[v])))
        v++;
    if (date_end(t, v, b) == b &&
        (v == a || ends_with(t, a, colon, "日期") || ends_with(t, a, colon, "时间")))
        return 2;
    size_t e = before_seal(t, a, b);
    if (e <= a)
        return 0;
    if (plausible_org(t, a, e) || spaced_org(t, a, e) ||
        (v > a && sig_token(t, a, e) == v && plausible_org(t, v, e)))
        return 1;
    /* a field of the sign-off's own (a contact, a phone number): a label of Han
     * characters, its colon, and a short value that is no sentence */
    int field = v > a + 2 && v < b && b - v <= 30;
    for (size_t i = a; i < v && field; i++)
        field = is_han(t->cp[i]) || is_colon(t->cp[i]) || is_space(t->cp[i]) || is_wall(t->cp[i]);
    for (size_t i = v; i < b && field; i++)
        field = t->cp[i] != 0x3002 && t->cp[i] != ',' && t->cp[i] != ';';
    return field || (v == a && contact_cell(t, a, b)) ? 3 : -1;
}

/* The end of the table's cell that starts at a on a row ending at le: the next
 * wall, or the one after it when the cell is a label alone and its colon
 * ("| 承办单位（盖章）： | 某某局 |", "| 答复日期： | 2024年6月26日 |"), the label's
 * value in the next cell, read as one with it. */
static size_t cell_end(const struct ctext *t, size_t a, size_t le)
{
    size_t b = a;
    while (b < le && !is_wall(t->cp[b]))
        b++;
    size_t x = a;
    size_t y = b;
    trim_span(t, &x, &y);
    if (b >= le || y < x + 3 || y - x > 12 || !is_colon(t->cp[y - 1]) || !is_han(t->cp[x]))
        return b;
    for (size_t i = x; i + 1 < y; i++)
        if (!is_han(t->cp[i]) && !is_space(t->cp[i]) && t->cp[i] != '(' && t->cp[i] != ')')
            return b;
    size_t n = b + 1;
    while (n < le && !is_wall(t->cp[n]))
        n++;
    return n;
}

/* The walls of the row [ls, le), a row of the signature's cells: one between two
 * cells that hold something is the end of a line, each cell then read as the line it
 * would be ("| 某某局 | 2024年8月2日 | 联系人：王芳 |" as three lines); the others
 * (at the row's ends, by an empty cell, a rule's or a seal's note) are blanks. */
static void cells_as_lines(struct ctext *t, size_t ls, size_t le)
{
    int left = 0; /* the cell before the wall holds something */
    for (size_t a = ls; a <= le;) {
        size_t b = cell_end(t, a, le);
        int full = signature_cell(t, a, b) != 0;
        if (a > ls)
            t->cp[a - 1] = left && full ? '\n' : ' ';
        for (size_t i = a; i < b; i++)
            if (is_wall(t->cp[i]))
                t->cp[i] = ' '; /* a label's cell and its value's, one line */
        left = full;
        a = b + 1;
    }
}

void signature_cells(struct ctext *t, const struct marks *m)
{
    /* the longest row read as a signature's cells, in characters other than
     * blanks (a page pads a cell with runs of them) */
    enum { ROW_MAX = 200 };
    size_t run = NPOS; /* the first row of the run of rows of cells the line ends */
    int ok = 1;
    int units = 0;
    int dates = 0;
    int fields = 0;
    int lined = 0; /* a row was read as lines */
    for (size_t ls = m->head_end; ls <= m->end && ls < t->n;) {
        size_t le = line_end(t, ls);
        if (le > m->end)
            le = m->end;
        size_t wall = NPOS;
        size_t ink = 0;
        for (size_t i = ls; i < le && ink <= ROW_MAX; i++)
            if (is_wall(t->cp[i]))
                wall = wall == NPOS ? i : wall;
            else
                ink += !is_space(t->cp[i]);
        if (ink > ROW_MAX)
            wall = NPOS;
        if (wall != NPOS) {
            if (run == NPOS) {
                run = ls;
                ok = 1;
                units = dates = fields = 0;
            }
            for (size_t a = ls; ok && a <= le;) {
                size_t b = cell_end(t, a, le);
                int kind = signature_cell(t, a, b);
                units += kind == 1;
                dates += kind == 2;
                fields += kind == 3;
                ok = kind >= 0 && units <= 3 && dates <= 1;
                a = b + 1;
            }
        }
        /* a contact's fields only beside the unit's name; a row of the unit without
         * the date when the date stands alone on the line right under the rows or
         * right above them ("| 某某局 | 王芳 | 0745-… |" / "2024年8月2日") */
        int sign = ok && dates == 1 && (units > 0 || !fields);
        if (run != NPOS && (wall == NPOS || le >= m->end) && ok && !dates && units > 0)
            sign = (wall == NPOS && date_alone(t, ls, le, SIZE_MAX)) ||
                   (run > m->head_end && date_alone(t, line_start(t, run - 1), run - 1, SIZE_MAX));
        if (run != NPOS && (wall == NPOS || le >= m->end)) {
            /* the run ends: its rows read as their cells */
            size_t end = wall != NPOS ? le : ls;
            /* room for a line index that counts the cells' lines */
            if (sign && !lined && ctext_lines_room(t))
                sign = 0;
            for (size_t r = run; sign && r < end;) {
                size_t re = line_end(t, r);
                if (re > end)
                    re = end;
                cells_as_lines(t, r, re);
                lined = 1;
                r = re + 1;
            }
            run = NPOS;
        }
        ls = le + 1;
    }
    if (lined)
        ctext_relines(t);
}
