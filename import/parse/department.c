/*
 * The replying department: a header line, the sign-off, the line above the header,
 * the page's metadata.
 */
#include "import/parse/parse_int.h"

#include <ctype.h>
#include <string.h>

/* The end of a signature before its seal mark ("某某局(盖章)") or a full stop
 * typed after it ("某某局。"): b, or where the mark starts. */
size_t before_seal(const struct ctext *t, size_t a, size_t b)
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

/* A signature followed by a labelled name on its line ("某某局  局长:张三", "某某局
 * 签发人:李四"): the end of the signature before the blanks of the label, else b. */
static size_t before_label(const struct ctext *t, size_t a, size_t b)
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
static int spam_prefix(const struct ctext *t, size_t a, size_t b)
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
static size_t joint_start(const struct ctext *t, size_t ls, size_t s)
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

/* Sets the department to the joint signers [s, e) as written, each one's seal mark
 * left out ("某县交通运输局(盖章)  某县财政局(盖章)" gives "某县交通运输局  某县财政局"). */
static void set_signers(const struct ctext *t, struct letter *l, size_t s, size_t e)
{
    struct buf out = BUF_INIT;
    int sealed = 0;
    for (size_t i = s; i < e;) {
        size_t b = i;
        while (b < e && !is_space(t->cp[b]) && t->cp[b] != 0x3001)
            b++;
        size_t k = before_seal(t, i, b);
        sealed |= k < b;
        buf_add(&out, t->s + t->off[i], t->off[k] - t->off[i]);
        size_t n = b;
        while (n < e && (is_space(t->cp[n]) || t->cp[n] == 0x3001))
            n++;
        buf_add(&out, t->s + t->off[b], t->off[n] - t->off[b]);
        i = n;
    }
    if (!sealed)
        set_field(&l->department, t, s, e);
    else if (pctx_fail(t->ctx, out.data ? 0 : -1) == 0)
        set_cstr(t, &l->department, out.data, s);
    buf_release(&out);
}

/* A signature run into a cut-off word ("长林县交通运输厅政"): a line of Han
 * characters that is a unit's name and one more character, kept as written.
 * Returns the end of the name, or NPOS. */
static size_t cut_signature(const struct ctext *t, size_t ls, size_t le)
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

/* Sets the department to the signature lines [a1, b1) and [a2, b2) (joint signers on
 * two lines), joined by a blank, or with none (one name broken over two lines). */
static void set_joint(const struct ctext *t, struct letter *l, size_t a1, size_t b1, size_t a2,
                      size_t b2, int blank)
{
    struct buf out = BUF_INIT;
    span_add(t, &out, a1, b1);
    if (blank)
        buf_addch(&out, ' ');
    span_add(t, &out, a2, b2);
    if (pctx_fail(t->ctx, out.data ? 0 : -1) == 0)
        set_cstr(t, &l->department, out.data, a1);
    buf_release(&out);
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
static int broken_unit_word(const struct ctext *t, struct letter *l, size_t from, size_t qls,
                            size_t qle)
{
    while (qls < qle && is_space(t->cp[qls]))
        qls++;
    qle = before_seal(t, qls, qle);
    if (qle <= qls || qle - qls > 8 || qls <= from + 1)
        return 0;
    for (size_t i = qls; i < qle; i++)
        if (!is_han(t->cp[i]))
            return 0;
    size_t pls = line_start(t, qls - 1);
    size_t ple = qls - 1;
    while (ple > pls && (is_space(t->cp[ple - 1]) || t->cp[ple - 1] == '\n'))
        ple--;
    while (pls < ple && is_space(t->cp[pls]))
        pls++;
    ple = before_seal(t, pls, ple);
    if (pls < from || ple <= pls)
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

/* Joint signers, one a line ("某某局" / "某某局" / date): when the line above the
 * signature [ls, le) is another unit's name alone, both are the department. */
static int joint_above(const struct ctext *t, struct letter *l, size_t from, size_t ls, size_t le)
{
    if (ls <= from || ls == 0)
        return 0;
    size_t qls = line_start(t, ls - 1);
    size_t qle = before_seal(t, qls, ls - 1);
    while (qle > qls && is_space(t->cp[qle - 1]))
        qle--;
    while (qls < qle && is_space(t->cp[qls]))
        qls++;
    if (qls < from || qle <= qls || last_token(t, qls, qle) != qls || is_trailer_line(t, qls, qle))
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
    if (in_word || !plausible_org(t, qls, qle)) {
        /* the line above is the head of a name that does not end as one ("某市住房和"
         * / "城乡建设局", "某县人力资源和社会" / "保障局"): Han characters naming a
         * place, no word of a sentence, and the line below names none (or the
         * break falls inside a word) */
        static const char *const sentence[] = {"我", "您", "你", "的", "此", "谢", "请", NULL};
        int head =
            (in_word || (!own && le - ls <= 8 && qle - qls >= 3 && has_any(t, qls, qle, place))) &&
            qle - qls <= 20 && !has_any(t, qls, qle, sentence);
        for (size_t i = qls; i < qle && head; i++)
            head = is_han(t->cp[i]);
        if (!head)
            return 0;
        set_joint(t, l, qls, qle, ls, le, 0);
        return 1;
    }
    /* a line below longer than a unit's last word is a unit of its own, but for a
     * name's rest after its place ("某某镇" / "人民政府办公室"): 人民政府 and
     * 人民代表大会 name no unit without the place before them */
    int apart = own || (le - ls > 6 && !at(t, ls, "人民"));
    set_joint(t, l, qls, qle, ls, le, apart);
    /* a third signer on the line above the two ("某县交通运输局" / "某县财政局" /
     * "某县发展和改革局" / date), a unit's name alone */
    if (apart && qls > from) {
        size_t rls = line_start(t, qls - 1);
        size_t rle = before_seal(t, rls, qls - 1);
        while (rls < rle && is_space(t->cp[rls]))
            rls++;
        if (rls >= from && rle > rls && last_token(t, rls, rle) == rls &&
            !is_trailer_line(t, rls, rle) && plausible_org(t, rls, rle) && l->department) {
            struct buf out = BUF_INIT;
            buf_add(&out, t->s + t->off[rls], t->off[rle] - t->off[rls]);
            buf_addch(&out, ' ');
            buf_add(&out, l->department, strlen(l->department));
            if (pctx_fail(t->ctx, out.data ? 0 : -1) == 0)
                set_cstr(t, &l->department, out.data, rls);
            buf_release(&out);
        }
    }
    return 1;
}

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

/* A signature spaced out character by character ("赤 水 市 农 业 局", also with
 * wider or ideographic blanks): four or more Han characters, one to three blanks
 * between each, ending in an organisation word. */
static int spaced_org(const struct ctext *t, size_t ls, size_t le)
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
static void dept_in_page_title(const struct ctext *t, const struct marks *m, struct letter *l)
{
    /* with no header line under it, the header itself may be the page's title, when
     * it ends in its site ("关于…的答复_某某局_某某县人民政府门户网站") */
    int own = m->title_a == NPOS;
    size_t ta = own ? m->start : m->title_a;
    if (ta == NPOS || ta >= t->n)
        return;
    size_t te = line_end(t, ta);
    while (te > ta && is_space(t->cp[te - 1]))
        te--;
    /* a web address after the site's name (a mirror's or the site's own domain:
     * "…_某某局 - xx-jyj.gov.cn", "…_某某局 www.xx.cn") names no unit */
    size_t w = te;
    int dot = 0;
    int alpha = 0;
    while (w > ta && t->cp[w - 1] < 0x80 &&
           (isalnum((int)t->cp[w - 1]) || strchr(".-/:", (int)t->cp[w - 1]))) {
        w--;
        dot |= t->cp[w] == '.';
        alpha |= isalpha((int)t->cp[w]) != 0;
    }
    while (w < te && !isalnum((int)t->cp[w]))
        w++; /* a separator glued before the address stays one */
    if (dot && alpha && te - w >= 4 && w > ta && t->cp[te - 1] != '.') {
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
    for (int part = 0; part < 2; part++) {
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
        if (!is_site && own) {
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
        if (!is_site)
            return;
        te = sep;
        while (te > ta && is_space(t->cp[te - 1]))
            te--;
    }
}

/* 来源 names who published the page: the replier when the letter names none
 * (the labelling convention: page metadata last), a government office or a media
 * centre too; not a congress or CPPCC office, which publish the replies their
 * members receive, nor a site. Returns 1 with [*vs, *ve) the organisation. */
static const char *const publishers[] = {"人大", "政协", "网站", "本站", "新闻", NULL};

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

/* The replying body, as written: named on the sign-off (by the signing date, or
 * alone on a last line), else at the head of a header line, else on the line above
 * the header, else on a 联系单位 contact line, else in the page's metadata (发布机构,
 * 来源, a reposting site's byline). Never a footer's 主办单位. */
void find_department(const struct ctext *t, const struct marks *m, struct found *f,
                     struct letter *l)
{
    /* 1. a sign-off that labels the replier: "承办单位:某某局" after the reply */
    size_t tail = m->reply_end > m->open_a + 600 ? m->reply_end - 600 : m->open_a;
    for (size_t ls = line_start(t, tail); ls < m->reply_end;) {
        size_t le = line_end(t, ls);
        /* the longer labels first: 答复单位名称 before 答复单位 */
        static const char *const sign_labels[] = {
            "答复单位名称", "单位名称", "承办单位", "答复单位", "办理单位", "回复单位",
            "办复单位",     "答复部门", "回复部门", "办复部门", "办理部门", "承办部门",
            "主办部门",     "牵头单位", "牵头部门", "答复机关", "承办机关", "落款单位",
            "署名单位",     "落款",     "署名",     "单位",     NULL};
        size_t hs = 0;
        size_t he = 0;
        if (host_signoff(t, ls, le, &hs, &he)) {
            set_field(&l->department, t, hs, before_seal(t, hs, he));
            return;
        }
        size_t i = NPOS;
        for (int k = 0; sign_labels[k] && i == NPOS; k++)
            i = at_label(t, ls, le, sign_labels[k]);
        /* "承办单位(盖章):某某局": a seal's note between the label and its colon */
        if (i != NPOS && i + 2 < le && t->cp[i] == '(') {
            size_t c = i + 1;
            while (c < le && is_han(t->cp[c]) && c - i <= 4)
                c++;
            if (c < le && t->cp[c] == ')' && find(t, i, c, "章") != NPOS)
                i = c + 1;
        }
        if (i != NPOS && i < le && is_colon(t->cp[i])) {
            i++;
            while (i < le && is_space(t->cp[i]))
                i++;
            size_t e = org_run(t, i, le);
            if (e - i >= 3 && (e == le || is_space(t->cp[e]))) {
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
            if (ple > pls && !is_trailer_line(t, pls, ple)) {
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
            ls = pls;
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
        /* the date above the signature: "2024年6月10日" / "某某局" */
        size_t nls = line_end(t, f->signoff) + 1;
        if (nls < m->reply_end) {
            size_t nle = before_seal(t, nls, line_end(t, nls));
            if (nle > m->reply_end)
                nle = m->reply_end;
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
         * opening (not the addressee above it) */
        if (m->open_b != NPOS && m->open_b > from)
            from = m->open_b;
        size_t e = m->reply_end;
        for (int lines = 0; lines < 8 && e > from; lines++) {
            size_t ls = line_start(t, e - 1);
            if (ls < from)
                break;
            size_t le = e;
            while (le > ls && t->cp[le - 1] == '\n')
                le--;
            if (le > ls && !is_trailer_line(t, ls, le)) {
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
    if (dept_around_header(t, m, l))
        return;
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
            if (plausible_org(t, i, e)) {
                set_field(&l->department, t, i, e);
                return;
            }
        }
        ls = le + 1;
    }
    if (dept_in_opening(t, m, l))
        return;
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
            return;
        }
        if (form_value(t, m->head_start, m->head_end, one, &vs, &ve) && org_value(t, vs, &ve)) {
            set_field(&l->department, t, vs, ve);
            return;
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
            return;
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
            return;
        }
    }
    for (size_t ls = m->head_start; ls < m->start;) {
        size_t le = line_end(t, ls);
        size_t a = ls;
        if (a < le &&
            (t->cp[a] == 0x2022 || t->cp[a] == 0xB7 || t->cp[a] == 0x25CF || t->cp[a] == 0x25AA)) {
            a++;
            if (plausible_org(t, a, le)) {
                set_field(&l->department, t, a, le);
                return;
            }
        }
        ls = le + 1;
    }
    if (source_org(t, m, &vs, &ve)) {
        set_field(&l->department, t, vs, ve);
        return;
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
            return;
        }
        ls = le + 1;
    }
    if (dept_in_thanks(t, m, l) || dept_in_body(t, m, l))
        return;
    dept_from_self_reference(t, m, l);
    if (!l->department)
        dept_in_page_title(t, m, l);
}
