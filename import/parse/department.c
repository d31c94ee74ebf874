/*
 * The replying department: a header line, the sign-off, the line above the header,
 * the page's metadata.
 */
#include "import/parse/parse_int.h"

#include <ctype.h>
#include <string.h>

/* An organisation named in the closing thanks ("再次感谢您对某某街道办事处经济
 *和社会事业发展的关心和支持"): the name that 对 introduces, up to a word that
 * cannot continue a name (工作, 的, 经济, 各项, 事业, 发展, 一直). */
static int dept_in_thanks(const struct ctext *t, const struct marks *m, struct letter *l)
{
    static const char *const thanks[] = {"感谢您对", "感谢你对", "感谢您们对", "感谢你们对",
                                         "谢谢您对", "谢谢你对", NULL};
    static const char *const after[] = {"工作", "的", "经济", "各项", "事业", "发展", "一直", NULL};
    size_t a = m->reply_end > m->open_a + 400 ? m->reply_end - 400 : m->open_a;
    for (int k = 0; thanks[k]; k++) {
        size_t i = rfind(t, a, m->reply_end, thanks[k]);
        if (i == NPOS)
            continue;
        size_t s = i + needle_len(thanks[k]);
        for (size_t e = s + 3; e < m->reply_end && e - s <= 30 && is_han(t->cp[e - 1]); e++)
            if (line_starts_with_any(t, e, after) && plausible_org(t, s, e)) {
                set_field(&l->department, t, s, e);
                return 1;
            }
    }
    return 0;
}

/* How a letter calls its writer ("我部", "我中心"), and the last word of the
 * writer's name it stands for ("农业农村部", "县融媒体中心", "县人民政府办公室"). */
static const struct {
    const char *self;
    const char *suffix;
} self_words[] = {{"我部", "部"},     {"我厅", "厅"},       {"我局", "局"},     {"我委", "委"},
                  {"我委", "委员会"}, {"我中心", "中心"},   {"我办", "办公室"}, {"我办", "办事处"},
                  {"我办", "办"},     {"我院", "院"},       {"我公司", "公司"}, {"我社", "社"},
                  {"我队", "队"},     {"我镇", "人民政府"}, {"本局", "局"},     {"本厅", "厅"},
                  {"本委", "委"},     {"本委", "委员会"},   {"本中心", "中心"}, {NULL, NULL}};

/* Does a longer word the letter may call itself by stand at i than self_words[w]
 * ("办公室" where "办" ends)? */
static int longer_self(const struct ctext *t, size_t i, int w)
{
    for (int k = 0; self_words[k].self; k++)
        if (!strcmp(self_words[k].self, self_words[w].self) &&
            needle_len(self_words[k].suffix) > needle_len(self_words[w].suffix) &&
            at(t, i, self_words[k].suffix))
            return 1;
    return 0;
}

/* A body that calls its writer only 我部 / 我厅 / 我局 / 我中心 …: the organ's name
 * from a labelled line anywhere on the page (来源, 发文机关, 发布机构, 联系单位,
 * 联系人), as the shortest run of Han characters that ends in the word the letter
 * calls itself by ("联系人:张三 某某部某某司" → 某某部). */
static void dept_from_self_reference(const struct ctext *t, const struct marks *m, struct letter *l)
{
    static const char *const labels[] = {"来源",     "发文机关", "发布机构",
                                         "联系单位", "联系人",   NULL};
    int used[sizeof self_words / sizeof self_words[0]] = {0};
    int any = 0;
    for (int k = 0; self_words[k].self; k++) {
        size_t i = find(t, m->open_a, m->end, self_words[k].self);
        /* 我办理 is a verb */
        used[k] = i != NPOS && !(at(t, i, "我办") && at(t, i + 2, "理"));
        any |= used[k];
    }
    if (!any)
        return;
    for (size_t ls = 0; ls < t->n;) {
        size_t le = line_end(t, ls);
        for (int k = 0; labels[k]; k++) {
            size_t i = find(t, ls, le, labels[k]);
            if (i == NPOS)
                continue;
            i += needle_len(labels[k]);
            while (i < le) {
                while (i < le && !is_han(t->cp[i]))
                    i++;
                size_t s = i;
                while (i < le && is_han(t->cp[i])) {
                    i++;
                    for (int w = 0; self_words[w].self; w++)
                        if (used[w] && i - s >= 3 && ends_with(t, s, i, self_words[w].suffix) &&
                            !longer_self(t, i - needle_len(self_words[w].suffix), w) &&
                            plausible_org(t, s, i)) {
                            set_field(&l->department, t, s, i);
                            return;
                        }
                }
            }
        }
        ls = le + 1;
    }
}

/* A contact line's unit that is a division of the unit the letter speaks as
 * ("联系单位:某县民政局社会救助股" in a letter that says 我局): where the shortest
 * name at a that ends in the word the letter calls itself by ends, when the whole
 * value [a, b) does not end in such a word; else b. */
static size_t self_unit_end(const struct ctext *t, const struct marks *m, size_t a, size_t b)
{
    size_t end = m->reply_end > m->open_a ? m->reply_end : m->end;
    size_t best = b;
    for (int k = 0; self_words[k].self; k++) {
        size_t i = find(t, m->open_a, end, self_words[k].self);
        if (i == NPOS || (at(t, i, "我办") && at(t, i + 2, "理")))
            continue;
        if (ends_with(t, a, b, self_words[k].suffix))
            return b;
        for (size_t j = a + 3; j < b && j < best; j++)
            if (is_han(t->cp[j - 1]) && ends_with(t, a, j, self_words[k].suffix) &&
                !longer_self(t, j - needle_len(self_words[k].suffix), k) &&
                plausible_org(t, a, j)) {
                best = j;
                break;
            }
    }
    return best;
}

/* Does the letter speak as the organisation cp[a..b): it calls itself by the word
 * the name ends with (我中心 for 县融媒体中心, 我办 for 州人民政府办公室), or its body
 * names it doing the work ("农业农村部将会同…")? A page's 来源 that names an
 * office or a media centre is then the replier, not only the publisher. */
static int speaks_as(const struct ctext *t, const struct marks *m, size_t a, size_t b)
{
    size_t end = m->reply_end > m->open_a ? m->reply_end : m->end;
    for (int k = 0; self_words[k].self; k++) {
        if (!ends_with(t, a, b, self_words[k].suffix) ||
            longer_self(t, b - needle_len(self_words[k].suffix), k))
            continue;
        for (size_t i = m->open_a; i < end;) {
            i = find(t, i, end, self_words[k].self);
            if (i == NPOS)
                break;
            if (!(at(t, i, "我办") && at(t, i + 2, "理")))
                return 1;
            i++;
        }
    }
    static const char *const acts[] = {"将",   "会同", "高度", "已",   "积极", "认真", "始终",
                                       "一直", "联合", "坚持", "多次", "正在", "十分", NULL};
    size_t n = b - a;
    for (size_t i = m->open_a; i + n <= end; i++) {
        size_t j = 0;
        while (j < n && t->cp[i + j] == t->cp[a + j])
            j++;
        if (j == n && line_starts_with_any(t, i + n, acts))
            return 1;
        if (j == n)
            i += n - 1;
    }
    return 0;
}

/* A letter that calls its writer 我委 / 本局 … and names it in full in the body doing
 * the work ("常宁市发展和改革委员会已将…纳入"): a unit's name after a line start
 * or a punctuation mark, naming its place, ending in the word the letter calls
 * itself by, followed by a word of action. */
static int dept_in_body(const struct ctext *t, const struct marks *m, struct letter *l)
{
    static const char *const acts[] = {"将",   "会同", "高度", "已",   "积极", "认真", "始终",
                                       "一直", "联合", "坚持", "多次", "正在", "十分", NULL};
    static const char *const places[] = {"省", "市", "县", "区", "州", "旗", "盟", NULL};
    size_t end = m->reply_end > m->open_a ? m->reply_end : m->end;
    /* the opening that names the proposer may call the writer first ("本委收到…") */
    size_t from = m->sal != NPOS && m->sal < m->open_a ? line_start(t, m->sal) : m->open_a;
    for (int k = 0; self_words[k].self; k++) {
        if (find(t, from, end, self_words[k].self) == NPOS)
            continue;
        const char *suf = self_words[k].suffix;
        for (size_t i = find(t, m->open_a, end, suf); i != NPOS; i = find(t, i + 1, end, suf)) {
            size_t e = i + needle_len(suf);
            if (e >= end || !line_starts_with_any(t, e, acts) || longer_self(t, i, k))
                continue;
            size_t s = i;
            while (s > m->open_a && is_han(t->cp[s - 1]) && e - s < 30)
                s--;
            if (s > m->open_a && t->cp[s - 1] != '\n' && !is_space(t->cp[s - 1]) &&
                t->cp[s - 1] != 0xFF0C && t->cp[s - 1] != ',' && t->cp[s - 1] != 0x3002 &&
                t->cp[s - 1] != 0xFF1B && t->cp[s - 1] != ';' && t->cp[s - 1] != 0x3001)
                continue;
            if (e - s >= 5 && plausible_org(t, s, e) && has_any(t, s, i, places)) {
                set_field(&l->department, t, s, e);
                return 1;
            }
        }
    }
    return 0;
}

/* The page's title names its site after the letter's header ("关于…的答复_某某局",
 * "…的函 - 某某局门户网站"): the site's unit is the replier when the letter speaks
 * as it (我局 for 某某局), not a government portal that publishes every unit's
 * replies. */
static void dept_in_title_line(const struct ctext *t, const struct marks *m, struct letter *l,
                               size_t ta, int own)
{
    if (ta == NPOS || ta >= t->n)
        return;
    size_t te = line_end(t, ta);
    while (te > ta && is_space(t->cp[te - 1]))
        te--;
    /* a web address after the site's name (a mirror's or the site's own domain:
     * "…_某某局 - xx-jyj.gov.cn", "…_某某局 www.xx.cn") names no unit */
    size_t w = web_address(t, ta, te);
    if (w < te) {
        te = w;
        while (te > ta &&
               (is_space(t->cp[te - 1]) || t->cp[te - 1] == '-' || t->cp[te - 1] == '_' ||
                t->cp[te - 1] == '|' || t->cp[te - 1] == 0x2014 || t->cp[te - 1] == 0xFF3F ||
                t->cp[te - 1] == 0xFF5C))
            te--;
    }
    /* the last part after a separator: _ - | —; when it is the site ("…_某某局_某某县
     * 人民政府门户网站"), the part before it names the unit the site shows it for */
    static const char *const site[] = {"门户网站", "官方网站", "公众网", "网站", "官网", NULL};
    /* a government's portal that publishes every unit's replies ("…_某某局_某某县人民
     * 政府"), or the column of the site the page is in ("…_政务公开_某某县人民政府网") */
    static const char *const portal[] = {"人民政府", "政府网", "公开", "办理",
                                         "专栏",     "公告",   NULL};
    for (int part = 0; part < 3; part++) {
        size_t s = te;
        while (s > ta && t->cp[s - 1] != '_' && t->cp[s - 1] != '-' && t->cp[s - 1] != '|' &&
               t->cp[s - 1] != 0x2014 && t->cp[s - 1] != 0xFF3F && t->cp[s - 1] != 0xFF5C)
            s--;
        if (s == ta)
            return;
        size_t sep = s - 1;
        while (s < te && is_space(t->cp[s]))
            s++;
        size_t e = te;
        int is_site = 0;
        for (int k = 0; site[k]; k++)
            if (ends_with(t, s, e, site[k]) && e - s > needle_len(site[k])) {
                e -= needle_len(site[k]);
                is_site = 1;
                break;
            }
        int passes = is_site;
        for (int k = 0; portal[k] && !passes; k++)
            passes = ends_with(t, s, e, portal[k]);
        if (!passes && own) {
            /* a header that is the page's title, its unit after it ("关于…的答复_某某局") */
            if (e - s >= 3 && plausible_org(t, s, e) && speaks_as(t, m, s, e))
                set_field(&l->department, t, s, e);
            return;
        }
        own = 0;
        if (e - s >= 3 && plausible_org(t, s, e) && speaks_as(t, m, s, e)) {
            set_field(&l->department, t, s, e);
            return;
        }
        if (!passes)
            return;
        te = sep;
        while (te > ta && is_space(t->cp[te - 1]))
            te--;
    }
}

static void dept_in_page_title(const struct ctext *t, const struct marks *m, struct letter *l)
{
    /* with no header line under it, the header itself may be the page's title, when
     * it ends in its site ("关于…的答复_某某局_某某县人民政府门户网站"), a title of
     * the page's perhaps above it (the proposal's title alone) */
    size_t se = line_end(t, m->start);
    if (m->title_a == NPOS || before_site(t, m->start, se) < se) {
        dept_in_title_line(t, m, l, m->start, 1);
        if (m->title_a == NPOS)
            return;
    }
    /* a page that titles the letter twice, a portal's title over the unit's own
     * ("…的答复_某某县人民政府" over "…的答复_某某局 - xx-jyj.gov.cn"): each */
    for (size_t i = 0; i < m->n_titles && !l->department; i++)
        dept_in_title_line(t, m, l, m->titles[i], 0);
}

/* 来源 names who published the page: the replier when the letter names none
 * (the labelling convention: page metadata last), a government office or a media
 * centre too; not a congress or CPPCC office, which publish the replies their
 * members receive, nor a site. Returns 1 with [*vs, *ve) the organisation. */
static const char *const publishers[] = {"人大", "政协", "网站", "本站", "新闻", NULL};
/* the owners of the portals that publish every unit's replies */
static const char *const portals[] = {"政府", "政府办公室", "政府办公厅", "政府办", NULL};

static int source_org(const struct ctext *t, const struct marks *m, size_t *vs, size_t *ve)
{
    if (!form_value(t, m->head_start, m->head_end, source_labels, vs, ve))
        return 0;
    /* "来源:农业农村部网站": the site of an organisation is the organisation */
    static const char *const site[] = {"门户网站", "官方网站", "网站", "官网", NULL};
    for (int k = 0; site[k]; k++)
        if (ends_with(t, *vs, *ve, site[k]) && *ve - *vs > needle_len(site[k])) {
            *ve -= needle_len(site[k]);
            break;
        }
    return org_value(t, *vs, ve) &&
           (!has_any(t, *vs, *ve, publishers) || speaks_as(t, m, *vs, *ve));
}

/* Is [a, b) a footer's unit that the letter is the reply of: a unit's name (org_value,
 * *b its end) the letter speaks as (我厅 for 某某厅, or its name doing the work), no
 * government, government's office, congress's or CPPCC's, which own the portals that
 * publish every unit's replies? */
static int footer_unit(const struct ctext *t, const struct marks *m, size_t a, size_t *b)
{
    if (!org_value(t, a, b) || has_any(t, a, *b, publishers) || !speaks_as(t, m, a, *b))
        return 0;
    for (int k = 0; portals[k]; k++)
        if (ends_with(t, a, *b, portals[k]))
            return 0;
    return 1;
}

/* The site's owner a page's footer names after the letter, under a label ("主办单位：
 * 某某厅  地址：…", "版权所有：某某局", "版权所有 © 某某局") or with the label after it
 * ("Copyright © 2024 某某局 版权所有", "某某局版权所有"): the replier only when it is
 * a footer_unit (not 主办：某县人民政府办公室 under a reply that says 我局, nor a town's
 * 我镇 under 主办：某县人民政府). Each label of the footer is tried in turn. */
static int dept_in_footer(const struct ctext *t, const struct marks *m, struct letter *l)
{
    static const char *const owner[] = {"主办单位", "主办", "版权所有", "版权归属", NULL};
    size_t vs = 0;
    size_t ve = 0;
    for (size_t from = m->reply_end; from < t->n && form_value(t, from, t->n, owner, &vs, &ve);
         from = ve > from ? ve : from + 1) {
        size_t s = vs; /* past a copyright's mark and year ("© 2024 某某局") */
        while (s < ve && !is_han(t->cp[s]))
            s++;
        size_t e = ve;
        if (footer_unit(t, m, s, &e)) {
            set_field(&l->department, t, s, e);
            return 1;
        }
    }
    for (size_t i = find(t, m->reply_end, t->n, "版权所有"); i != NPOS;
         i = find(t, i + 1, t->n, "版权所有")) {
        size_t e = i;
        while (e > m->reply_end && is_space(t->cp[e - 1]) && t->cp[e - 1] != '\n')
            e--;
        size_t s = e;
        while (s > m->reply_end && is_han(t->cp[s - 1]) && e - s < 30)
            s--;
        size_t e2 = e;
        if (e - s >= 3 && footer_unit(t, m, s, &e2) && e2 == e) {
            set_field(&l->department, t, s, e);
            return 1;
        }
    }
    return 0;
}

/* A 主办单位 line alone at the very end of the text, just under the letter's last
 * line ("2023年6月12日" / "主办单位：某县市场监督管理局"), nothing under it: the unit
 * that led the reply signs it, as a form's sign-off names it. A site's footer names
 * its owner under the page's own lines (上一篇, 打印本页, …) or over more of them
 * (地址, 备案号), and a publisher (网站, 人大, 政协) signs no reply. */
static int host_at_end(const struct ctext *t, const struct marks *m, struct letter *l)
{
    size_t ls = m->end;
    int lines = 0;
    while (ls < t->n && (is_space(t->cp[ls]) || t->cp[ls] == '\n'))
        lines += t->cp[ls++] == '\n';
    if (!lines || ls >= t->n)
        return 0;
    size_t le = line_end(t, ls);
    for (size_t k = le; k < t->n; k++)
        if (t->cp[k] != '\n' && !is_space(t->cp[k]))
            return 0;
    size_t i = at_label(t, ls, le, "主办单位");
    if (i == NPOS || i >= le || !is_colon(t->cp[i]))
        return 0;
    i++;
    while (i < le && is_space(t->cp[i]))
        i++;
    size_t e = le;
    while (e > i && is_space(t->cp[e - 1]))
        e--;
    for (size_t k = i; k < e; k++)
        if (is_space(t->cp[k]))
            return 0; /* one name alone */
    if (!plausible_org(t, i, e) || has_any(t, i, e, publishers))
        return 0;
    /* a portal's owner ("主办单位：某县人民政府办公室" under a page cut after the
     * letter) signs only what the letter says it wrote, as a footer's does */
    for (int k = 0; portals[k]; k++)
        if (ends_with(t, i, e, portals[k]) && !speaks_as(t, m, i, e))
            return 0;
    set_field(&l->department, t, i, e);
    return 1;
}

/* The unit named at the head of the opening sentence of a letter that has no
 * salutation ("某县农业农村局收到您提出的《…》后,…"): its name, then the verb. */
static int dept_in_opening(const struct ctext *t, const struct marks *m, struct letter *l)
{
    static const char *const verbs[] = {"收到",     "已收到", "于", "对", "认真", "高度重视",
                                        "十分重视", "就",     "已", "将", NULL};
    if (m->sal != NPOS)
        return 0;
    size_t i = m->open_a;
    while (i < m->reply_end && (t->cp[i] == '\n' || is_space(t->cp[i])))
        i++;
    size_t le = line_end(t, i);
    if (le > m->reply_end)
        le = m->reply_end;
    if (find(t, i, le, "提出") == NPOS && find(t, i, le, "收悉") == NPOS &&
        find(t, i, le, "收到") == NPOS)
        return 0;
    for (size_t e = i + 3; e < le && e - i <= 30; e++) {
        if (!is_han(t->cp[e - 1]) && t->cp[e - 1] != '(' && t->cp[e - 1] != ')')
            break;
        if (plausible_org(t, i, e) && line_starts_with_any(t, e, verbs)) {
            set_field(&l->department, t, i, e);
            return 1;
        }
    }
    return 0;
}

/* Does a unit sign plainly over the signing date at `date`: before it on its line
 * ("某某局  2024年6月17日"), or alone on the line above it? The start of the
 * signer's line is *row when it holds no label (no colon: not "主办单位：某某局")
 * and goes on no list wrapped from the line above it ("会办单位：县财政局、" /
 * "县人社局"), else NPOS. */
static int plain_unit_over(const struct ctext *t, size_t date, size_t *row)
{
    size_t ls = line_start(t, date);
    size_t a = date;
    while (a > ls && is_space(t->cp[a - 1]))
        a--;
    a = before_seal(t, ls, a);
    size_t pls = ls;
    size_t ple = a;
    if (a == ls) {
        if (ls == 0)
            return 0;
        ple = ls - 1;
        pls = line_start(t, ple);
        ple = before_seal(t, pls, ple);
        trim_span(t, &pls, &ple);
        if (ple <= pls || is_paragraph(t, pls, ple))
            return 0;
    }
    if (!plausible_org(t, sig_token(t, pls, ple), ple))
        return 0;
    *row = line_start(t, pls);
    for (size_t i = pls; i < ple && *row != NPOS; i++)
        if (is_colon(t->cp[i]))
            *row = NPOS;
    if (*row != NPOS && list_goes_on(t, *row))
        *row = NPOS;
    return 1;
}

/* The replying body named apart from the sign-off: around the header, on a
 * 联系单位 contact line, in the opening, in the page's metadata (发布机构, 来源, a
 * reposting site's byline). Sets it and returns 1, else 0. */
int dept_apart(const struct ctext *t, const struct marks *m, struct letter *l)
{
    if (dept_around_header(t, m, l))
        return 1;
    /* 4. a contact line: "联系单位及电话:某某局 张三 12345678", "经办单位:某某局" */
    for (size_t ls = line_start(t, m->open_a); ls < m->end;) {
        size_t le = line_end(t, ls);
        if (le > m->end)
            le = m->end;
        static const char *const contact[] = {"联系单位", "经办单位", "责任单位", NULL};
        size_t i = NPOS;
        for (int k = 0; contact[k] && i == NPOS; k++)
            i = at_label(t, ls, le, contact[k]);
        if (i != NPOS) {
            while (i < le && !is_colon(t->cp[i]) && i - ls < 16)
                i++;
            while (i < le && (is_colon(t->cp[i]) || is_space(t->cp[i])))
                i++;
            size_t e = org_run(t, i, le);
            if (labelled_rest(t, l, i, e))
                return 1;
            if (plausible_org(t, i, e)) {
                set_field(&l->department, t, i, self_unit_end(t, m, i, e));
                return 1;
            }
        }
        ls = le + 1;
    }
    if (dept_in_opening(t, m, l))
        return 1;
    /* 5. the page's metadata: 承办单位 / 发布机构, a bullet naming an organisation,
     * 来源 */
    size_t vs = 0;
    size_t ve = 0;
    for (int k = 0; dept_labels[k]; k++) {
        /* each label in turn: "作者:佚名" does not hide a 发布机构 after it */
        const char *one[2] = {dept_labels[k], NULL};
        /* who wrote or posted the page (作者:办公室, 发布人:综合股) gives way to the
         * 来源 that names the unit */
        if ((!strcmp(dept_labels[k], "作者") || !strcmp(dept_labels[k], "发布者") ||
             !strcmp(dept_labels[k], "发布人")) &&
            source_org(t, m, &vs, &ve)) {
            set_field(&l->department, t, vs, ve);
            return 1;
        }
        if (form_value(t, m->head_start, m->head_end, one, &vs, &ve) && org_value(t, vs, &ve)) {
            set_field(&l->department, t, vs, ve);
            return 1;
        }
    }
    /* a table's row after the reply it holds ("| 答复单位 | 某某局 |"), as its
     * answering date may be */
    static const char *const answering[] = {"答复单位", "办理单位", "承办单位", "办复单位",
                                            "答复部门", "回复单位", "回复部门", "办复部门",
                                            "承办部门", NULL};
    if (m->head_end < m->end && form_value(t, m->head_end, m->end, answering, &vs, &ve) &&
        plausible_org(t, vs, ve)) {
        size_t ls = line_start(t, vs);
        while (ls < vs && is_space(t->cp[ls]))
            ls++;
        if (t->cp[ls] == '|') {
            set_field(&l->department, t, vs, ve);
            return 1;
        }
    }
    /* a proposal's form (建议编号, 领衔代表 …, or the co-handlers: 协办单位) above the
     * reply: its 主办单位 is the unit that leads the reply, not a site's owner */
    static const char *const host[] = {"主办单位", NULL};
    static const char *const form_fields[] = {"建议编号", "提案编号", "领衔代表", "领衔人",
                                              "会议届次", "提案者",   "提案人",   "协办单位",
                                              "会办单位", NULL};
    if (form_value(t, m->head_start, m->head_end, host, &vs, &ve) && plausible_org(t, vs, ve)) {
        size_t fs = 0;
        size_t fe = 0;
        if (form_value(t, m->head_start, m->head_end, form_fields, &fs, &fe)) {
            set_field(&l->department, t, vs, ve);
            return 1;
        }
    }
    /* above the header: under the page's title, when the page has one */
    size_t above = m->title_a != NPOS ? line_start(t, m->title_head) : m->start;
    for (size_t ls = m->head_start; ls < above;) {
        size_t le = line_end(t, ls);
        size_t a = ls;
        if (a < le &&
            (t->cp[a] == 0x2022 || t->cp[a] == 0xB7 || t->cp[a] == 0x25CF || t->cp[a] == 0x25AA)) {
            a++;
            if (plausible_org(t, a, le)) {
                set_field(&l->department, t, a, le);
                return 1;
            }
        }
        ls = le + 1;
    }
    if (source_org(t, m, &vs, &ve)) {
        set_field(&l->department, t, vs, ve);
        return 1;
    }
    /* a reposting site's byline: "2023-08-24 农业农村部884" (date, source, views),
     * "2024-06-10 某某局 浏览次数:120", "某某局 2024-06-10": a line of a date, one
     * organisation (views glued on) and counts, apart by blanks */
    static const char *const counts[] = {"浏览", "点击", "阅读", "访问", "次数", "人次", NULL};
    for (size_t ls = m->head_start; ls < m->head_end;) {
        size_t le = line_end(t, ls);
        size_t os = NPOS;
        size_t oe = NPOS;
        int dated = 0;
        int ok = le - ls <= 80;
        for (size_t i = ls; ok && i < le;) {
            while (i < le && is_space(t->cp[i]))
                i++;
            if (i >= le)
                break;
            size_t d = date_end(t, i, le);
            if (d != NPOS && (d == le || is_space(t->cp[d]))) {
                dated = 1;
                i = d;
                continue;
            }
            size_t e = i;
            int han = 0;
            int digit = 0;
            while (e < le && !is_space(t->cp[e])) {
                han |= is_han(t->cp[e]);
                digit |= digit_val(t->cp[e]) >= 0;
                e++;
            }
            size_t ve2 = e;
            while (ve2 > i && digit_val(t->cp[ve2 - 1]) >= 0)
                ve2--;
            if (han && os == NPOS && plausible_org(t, i, ve2)) {
                os = i;
                oe = ve2;
            } else if (han && !(digit && line_starts_with_any(t, i, counts))) {
                ok = 0;
            } else if (!han && !digit) {
                ok = 0;
            }
            i = e;
        }
        if (ok && dated && os != NPOS &&
            (!has_any(t, os, oe, publishers) || speaks_as(t, m, os, oe))) {
            set_field(&l->department, t, os, oe);
            return 1;
        }
        ls = le + 1;
    }
    return 0;
}

/* The replying body, as written: named on the sign-off (by the signing date, or
 * alone on a last line), else at the head of a header line, else on the line above
 * the header, else on a 联系单位 contact line, else in the page's metadata (发布机构,
 * 来源, a reposting site's byline), else a footer's 主办单位 that the letter speaks as. */
void find_department(const struct ctext *t, const struct marks *m, struct found *f,
                     struct letter *l)
{
    /* 1. a sign-off that labels the replier: "承办单位:某某局" after the reply */
    size_t tail = m->reply_end > m->open_a + 600 ? m->reply_end - 600 : m->open_a;
    /* a letter signed plainly over its date: a form's lines after the date
     * ("主办单位：地区水利局" / "会办单位：…") name the unit again, often shortened,
     * and sign nothing */
    size_t stop = m->reply_end;
    /* and the host's lines above a plain signer ("主办单位：闵行区教育局" /
     * "会办单位：…" / "上海市闵行区教育局" / the date) name the handlers, as a
     * form does: the plain signer signs */
    size_t plain_row = NPOS;
    if (f->signoff != NPOS && plain_unit_over(t, f->signoff, &plain_row)) {
        size_t dle = line_end(t, f->signoff);
        if (dle < stop)
            stop = dle;
    }
    for (size_t ls = line_start(t, tail); ls < stop;) {
        size_t le = line_end(t, ls);
        /* the longer labels first: 答复单位名称 before 答复单位 */
        static const char *const sign_labels[] = {
            "答复单位名称", "单位名称", "承办单位", "答复单位", "办理单位", "回复单位",
            "办复单位",     "答复部门", "回复部门", "办复部门", "办理部门", "承办部门",
            "主办部门",     "牵头单位", "牵头部门", "答复机关", "承办机关", "落款单位",
            "署名单位",     "落款",     "署名",     "单位",     NULL};
        size_t hs = 0;
        size_t he = 0;
        int above_plain = plain_row != NPOS && ls < plain_row;
        if (!above_plain && host_signoff(t, ls, le, &hs, &he)) {
            set_field(&l->department, t, hs, before_seal(t, hs, he));
            return;
        }
        if (!above_plain && host_marked(t, ls, le, &hs, &he)) {
            set_field(&l->department, t, hs, he);
            return;
        }
        /* the label after the blanks a line opens with (a table's wall read as
         * one, signature_cells) */
        size_t ts = ls;
        size_t te = le;
        trim_span(t, &ts, &te);
        /* in brackets: "（答复单位：某县水利局）" */
        if (te > ts + 2 && is_open_bracket(t->cp[ts]) && is_close_bracket(t->cp[te - 1])) {
            ts++;
            te--;
        } else {
            te = le;
        }
        size_t i = NPOS;
        for (int k = 0; sign_labels[k] && i == NPOS; k++)
            i = at_label(t, ts, te, sign_labels[k]);
        /* "承办单位(盖章):某某局": a seal's note between the label and its colon */
        if (i != NPOS && i + 2 < te && t->cp[i] == '(') {
            size_t c = i + 1;
            while (c < te && is_han(t->cp[c]) && c - i <= 4)
                c++;
            if (c < te && t->cp[c] == ')' && find(t, i, c, "章") != NPOS)
                i = c + 1;
        }
        if (i != NPOS && i < te && is_colon(t->cp[i])) {
            i++;
            while (i < te && is_space(t->cp[i]))
                i++;
            size_t e = org_run(t, i, te);
            if (labelled_rest(t, l, i, e))
                return;
            if (e - i >= 3 && (e == te || is_space(t->cp[e]))) {
                set_field(&l->department, t, i, before_seal(t, i, e));
                return;
            }
        }
        ls = le + 1;
    }
    /* 2. the sign-off: on the date's line before it, or on the lines above it */
    size_t from = m->open_a;
    if (f->signoff != NPOS) {
        size_t ls = line_start(t, f->signoff);
        /* the unit and the day in brackets or under a unit's label ("（泉州市商务局
         * 2024年7月5日答复）", "（答复单位：某县水利局　2024年7月5日）") */
        struct unit_date ud;
        if (unit_date_line(t, ls, line_end(t, ls), &ud) && ud.ds == f->signoff &&
            (ud.bracketed || ud.labelled)) {
            set_field(&l->department, t, ud.us, ud.ue);
            return;
        }
        size_t a = f->signoff;
        while (a > ls && is_space(t->cp[a - 1]))
            a--;
        a = before_seal(t, ls, a);
        size_t s = sig_token(t, ls, a);
        if (a > ls && broken_unit_word(t, l, from, ls, a))
            return;
        if (a > ls && plausible_org(t, s, a)) {
            s = spaced_place_start(t, ls, joint_start(t, ls, s));
            if (s != ls || !joint_above(t, l, from, ls, a))
                set_signers(t, l, s, a);
            return;
        }
        size_t date_ls = ls;
        for (int up = 0; up < 4 && ls > from; up++) {
            size_t pls = line_start(t, ls - 1);
            size_t ple = before_seal(t, pls, before_label(t, pls, ls - 1));
            size_t row = pls; /* where the line starts: a table's cell read as a line
                                 (signature_cells) keeps the blanks before it */
            trim_span(t, &pls, &ple);
            if (ple > pls && !is_trailer_line(t, pls, ple)) {
                /* a unit's second name in brackets under it ("宜昌县中心医院" /
                 * "（青州医学院附属医院）" / date): the unit above signs */
                if (up == 0 && ple - pls > 4 && is_open_bracket(t->cp[pls]) &&
                    is_close_bracket(t->cp[ple - 1]) && plausible_org(t, pls + 1, ple - 1) &&
                    row > from) {
                    size_t als = line_start(t, row - 1);
                    size_t ale = row - 1;
                    trim_span(t, &als, &ale);
                    if (ale > als && !is_open_bracket(t->cp[als]) && plausible_org(t, als, ale) &&
                        sig_token(t, als, ale) == als) {
                        ls = row;
                        continue;
                    }
                }
                /* "(某县交通运输局)" / "【某县交通运输局】" over the date */
                if (broken_unit_word(t, l, from, pls, ple) || set_bracketed_org(t, pls, ple, l))
                    return;
                size_t s2 = sig_token(t, pls, ple);
                size_t cut = cut_signature(t, pls, ple);
                if (plausible_org(t, s2, ple) || spaced_org(t, pls, ple) || cut != NPOS) {
                    if (cut != NPOS)
                        s2 = pls;
                    else if (!plausible_org(t, s2, ple) || spam_prefix(t, pls, s2))
                        s2 = pls;
                    else
                        s2 = spaced_place_start(t, pls, joint_start(t, pls, s2));
                    if (cut != NPOS || s2 != pls || !joint_above(t, l, from, pls, ple))
                        set_signers(t, l, s2, ple);
                    return;
                }
                if (is_paragraph(t, pls, ple) && ple - pls > 40)
                    break;
            }
            ls = row;
        }
        /* the unit after the date on its line: "2024年6月20日  某某局" */
        size_t dle = line_end(t, f->signoff);
        size_t de = date_end(t, f->signoff, dle);
        if (de != NPOS && de < dle && is_space(t->cp[de])) {
            size_t ue = before_seal(t, de, dle);
            size_t us = de;
            while (us < ue && is_space(t->cp[us]))
                us++;
            if (ue > us && last_token(t, us, ue) == us && plausible_org(t, us, ue)) {
                set_field(&l->department, t, us, ue);
                return;
            }
        }
        /* the date above the signature: "2024年6月10日" / "某某局", a blank line or
         * two between them as a page's paragraphs leave them */
        size_t nls = line_end(t, f->signoff) + 1;
        for (int blank = 0; blank < 2 && nls < m->reply_end; blank++) {
            size_t k = nls;
            while (k < m->reply_end && t->cp[k] != '\n' && is_space(t->cp[k]))
                k++;
            if (k >= m->reply_end || t->cp[k] != '\n')
                break;
            nls = k + 1;
        }
        if (nls < m->reply_end) {
            size_t nle = before_seal(t, nls, line_end(t, nls));
            if (nle > m->reply_end)
                nle = m->reply_end;
            while (nls < nle && is_space(t->cp[nls]))
                nls++; /* a table's cell read as a line keeps the blank of its wall */
            size_t ds = f->signoff;
            while (ds > date_ls && is_space(t->cp[ds - 1]))
                ds--;
            if (ds == date_ls && nle > nls && plausible_org(t, nls, nle) &&
                last_token(t, nls, nle) == nls && !is_trailer_line(t, nls, nle)) {
                set_field(&l->department, t, nls, nle);
                return;
            }
        }
    } else {
        /* no date: an organisation alone on one of the last lines after the
         * opening (not the addressee above it); the print lines under it (抄送,
         * 公开方式, …印发) not counted */
        if (m->open_b != NPOS && m->open_b > from)
            from = m->open_b;
        size_t e = m->reply_end;
        for (int lines = 0; lines < 8 && e > from;) {
            size_t ls = line_start(t, e - 1);
            if (ls < from)
                break;
            size_t le = e;
            while (le > ls && t->cp[le - 1] == '\n')
                le--;
            int trailer = le > ls && is_trailer_line(t, ls, le);
            lines += !trailer;
            if (le > ls && !trailer) {
                size_t s = sig_token(t, ls, le);
                if (broken_unit_word(t, l, from, ls, le))
                    return;
                if (cut_signature(t, ls, le) != NPOS) {
                    set_field(&l->department, t, ls, le);
                    return;
                }
                if (plausible_org(t, s, le) &&
                    (s == ls || is_space(t->cp[s - 1]) || t->cp[s - 1] == 0x3001)) {
                    s = spaced_place_start(t, ls, joint_start(t, ls, s));
                    if (s != ls || !joint_above(t, l, from, ls, le))
                        set_signers(t, l, s, le);
                    return;
                }
            }
            e = ls;
        }
    }
    if (dept_apart(t, m, l))
        return;
    if (dept_in_thanks(t, m, l) || dept_in_body(t, m, l))
        return;
    dept_from_self_reference(t, m, l);
    if (!l->department)
        dept_in_page_title(t, m, l);
    if (!l->department)
        dept_in_footer(t, m, l);
    if (!l->department)
        host_at_end(t, m, l);
    /* a site's banner above the header, its portal and the unit it shows the page for
     * ("某省人民政府-某省交通运输厅"), when the letter speaks as that unit */
    for (size_t ls = m->head_start; !l->department && ls < m->start;) {
        size_t le = line_end(t, ls);
        if (le - ls <= 60)
            dept_in_title_line(t, m, l, ls, 0);
        ls = le + 1;
    }
}
