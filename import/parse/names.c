/*
 * Organisations and names: what reads as an organisation's name, a proposing
 * group, the start of a list of names.
 */
#include "import/parse/parse_int.h"

#include <ctype.h>
#include <string.h>

#include "text/text.h"

/* Last token of cp[a..b) after white space or a full stop (a flattened sign-off). */
size_t last_token(const struct ctext *t, size_t a, size_t b)
{
    size_t s = b;
    while (s > a && !is_space(t->cp[s - 1]) && t->cp[s - 1] != 0x3002 && b - s < 40)
        s--;
    return s;
}

/* The last name on a signature line: its last token, or the part of it after the
 * last 、 when the token is not a name ("某某局、某某局"), after the colon of a
 * signing unit's label ("承办单位:某某局", "主办:某某局"). */
size_t sig_token(const struct ctext *t, size_t ls, size_t e)
{
    static const char *const labels[] = {"单位", "部门", "机关", "主办",
                                         "承办", "落款", "署名", NULL};
    size_t s = last_token(t, ls, e);
    if (plausible_org(t, s, e))
        return s;
    for (size_t i = s; i < e && i - s <= 8; i++)
        if (is_colon(t->cp[i])) {
            for (int k = 0; labels[k]; k++)
                if (ends_with(t, s, i, labels[k]) && plausible_org(t, i + 1, e))
                    return i + 1;
            break;
        }
    for (size_t i = e; i > s; i--)
        if (t->cp[i - 1] == 0x3001)
            return i;
    return s;
}

/* Words a sentence's place starts with (我市, 全县, 本区), not a name's. */
static const char *const not_place[] = {"我", "全", "本", "该", "各", "此", "贵", NULL};

/* The levels' words a place's name ends in. */
static const char *const place_levels[] = {"省", "市", "县", "区", "州",
                                           "旗", "盟", "镇", "乡", NULL};
/* words that open with a level's character */
static const char *const level_words[] = {"市场", "市民", "市政", "市容", "市级", "市域", "市区",
                                          "市直", "县级", "县域", "县直", "省级", "省域", "省直",
                                          "省内", "区级", "区域", "区内", "区划", "镇级", "乡级",
                                          "乡村", "乡镇", "镇村", "州级", NULL};

/* Does [a, b) open with a place's name: a level's word (省, 市, 县 …) after one to
 * eleven Han characters of the name, not a sentence's 全市, 我县, 本区, or the
 * state's 国家, 中共, 中华人民共和国? A place's name holds no unit's word (局, 委,
 * 中心 …: 市场监管局城区分局 opens with no place), the first level's word opens no
 * word of its own (市场, 市民, 县级, 区域, 乡村), and a common noun that ends with
 * one is none (城市, 城区, 社区, 小区, 园区, 乡镇, 城乡 …: 城市社区卫生服务中心). */
static int opens_with_place(const struct ctext *t, size_t a, size_t b)
{
    static const char *const state[] = {"国家", "中共", "中华人民共和国", NULL};
    /* common nouns that end with one: no place's name */
    static const char *const nouns[] = {"城市", "都市", "城区", "社区", "小区", "园区",
                                        "景区", "山区", "郊区", "辖区", "片区", "街区",
                                        "校区", "新区", "库区", "牧区", "矿区", "老区",
                                        "城镇", "集镇", "村镇", "城乡", "地区", NULL};
    static const char *const units[] = {"局", "厅", "委", "部", "院",   "办", "会", "处",
                                        "科", "所", "站", "队", "中心", "的", NULL};
    if (line_starts_with_any(t, a, state))
        return 1;
    if (line_starts_with_any(t, a, not_place))
        return 0;
    for (size_t i = a + 1; i < b && i <= a + 11 && is_han(t->cp[i - 1]); i++) {
        if (!at_any(t, i, place_levels))
            continue;
        if (at_any(t, i - 1, not_place) || has_any(t, a, i, units))
            return 0;
        return !at_any(t, i, level_words) && !(i == a + 1 && at_any(t, a, nouns));
    }
    return 0;
}

int ends_with_org(const struct ctext *t, size_t a, size_t b)
{
    /* a unit and the name it also bears, in brackets ("某县人民政府办公室(某县外事
     * 办公室)"): both end as units */
    if (b > a + 4 && t->cp[b - 1] == ')') {
        size_t o = b - 1;
        while (o > a && t->cp[o - 1] != '(' && t->cp[o - 1] != ')')
            o--;
        return o > a + 3 && t->cp[o - 1] == '(' && b - 1 - o >= 3 && ends_with_org(t, a, o - 1) &&
               ends_with_org(t, o, b - 1);
    }
    if (ends_with(t, a, b, "网站") || ends_with(t, a, b, "网"))
        return 0;
    for (int k = 0; org_suffix[k]; k++)
        if (ends_with(t, a, b, org_suffix[k]))
            return 1;
    /* a division that signs under its department's name ("某市教育局基础教育科"):
     * 科 ends a unit only after a department's word, two characters or more
     * before it (学科, 本科 and 外科 alone are no units), and the department's
     * name opens with its place, as a division signs under its department's full
     * name: a sentence that ends in 科 ("坚持以人民为中心发展学科") names none */
    static const char *const parents[] = {"局", "厅", "委", "委员会", "院", "中心", "办公室", NULL};
    if (b >= a + 5 && ends_with(t, a, b, "科") && opens_with_place(t, a, b))
        for (size_t j = b - 3; j > a + 1 && b - j <= 16; j--)
            for (int k = 0; parents[k]; k++)
                if (ends_with(t, a, j, parents[k]))
                    return 1;
    return 0;
}

int names_own_place(const struct ctext *t, size_t a, size_t b)
{
    return opens_with_place(t, a, b) ||
           (a < b && at_any(t, a, place_levels) && !line_starts_with_any(t, a, level_words));
}

/* Is [a, b) a place's name, 2 to max Han characters ending in a level's word (省,
 * 市, 县, 区, 州, 旗, 盟), not a unit of its own nor a sentence's 我市, 全县, 本区? */
static int place_name(const struct ctext *t, size_t a, size_t b, size_t max)
{
    static const char *const levels[] = {"省", "市", "县", "区", "州", "旗", "盟", NULL};
    if (b < a + 2 || b - a > max || line_starts_with_any(t, a, not_place) || ends_with_org(t, a, b))
        return 0;
    for (size_t i = a; i < b; i++)
        if (!is_han(t->cp[i]))
            return 0;
    for (int k = 0; levels[k]; k++)
        if (ends_with(t, a, b, levels[k]))
            return 1;
    return 0;
}

int place_line(const struct ctext *t, size_t a, size_t b)
{
    static const char *const sentence[] = {"我", "您", "你", "的", "此", "谢", "请", NULL};
    return b >= a + 3 && place_name(t, a, b, 20) && !has_any(t, a, b, sentence);
}

/* A place's name alone, as a unit's name may start apart from the rest ("江川市  民政局",
 * "湖南省 岳阳县 水利局"): 2 to 12 Han characters ending in a level's word, not a
 * unit of its own (青石镇 signs as itself) nor a sentence's 我市, 全县, 本区. */
int place_word(const struct ctext *t, size_t a, size_t b)
{
    return place_name(t, a, b, 12);
}

/* Is [hs, he), ending a header's line after its 关于, 对 or body word, the head of a
 * place's name that the line below finishes ("关于政协乌鲁" / "木齐市第十五届…",
 * "对呼和" / "浩特市…"): one to four Han characters, none a level's word, and not a
 * sentence's 我们, 全市, 本县 …? */
int place_head(const struct ctext *t, size_t hs, size_t he)
{
    static const char *const levels[] = {"省", "市", "县", "区", "州",
                                         "旗", "盟", "镇", "乡", NULL};
    if (he <= hs || he - hs > 4 || line_starts_with_any(t, hs, not_place))
        return 0;
    for (size_t i = hs; i < he; i++)
        if (!is_han(t->cp[i]) || line_starts_with_any(t, i, levels))
            return 0;
    return 1;
}

/* Is a line broken inside a word of a place's name, [ps, pe) ending the line above
 * and [ls, le) the line below: a word no name breaks (黑龙 / 江省, 内蒙古自 / 治区,
 * 新疆维吾 / 尔自治区), an ethnic group's 族 (广西壮 / 族自治区), or the line below
 * starting with 自治区 / 自治州 / 自治县 / 自治旗, which only follow their place's name
 * (内蒙古 / 自治区…, 某某土家族苗族 / 自治州…)? */
int broken_in_word(const struct ctext *t, size_t ps, size_t pe, size_t ls, size_t le)
{
    static const char *const whole[] = {"自治区", "自治州", "自治县", "自治旗",
                                        "黑龙江", "内蒙古", "维吾尔", NULL};
    if (pe <= ps || le <= ls || !is_han(t->cp[pe - 1]) || !is_han(t->cp[ls]))
        return 0;
    if (at(t, ls, "族"))
        return 1;
    for (int k = 0; whole[k]; k++) {
        const char *w = whole[k];
        size_t n = needle_len(w);
        if (at(t, ls, w))
            return !strncmp(w, "自治", strlen("自治"));
        /* the word's head ends the line above, its tail starts the line below */
        for (size_t h = 1; h < n; h++) {
            if (pe - ps < h || le - ls < n - h)
                continue;
            const unsigned char *q = (const unsigned char *)w;
            for (size_t c = 0; c < h; c++)
                needle_next(&q);
            const char *tail = (const char *)q;
            char head[16];
            size_t hb = (size_t)(tail - w);
            if (hb >= sizeof head)
                continue;
            memcpy(head, w, hb);
            head[hb] = '\0';
            if (at(t, pe - h, head) && at(t, ls, tail))
                return 1;
        }
    }
    return 0;
}

/* The start of a unit's name whose place stands apart before it ("江川市  民政局",
 * blanks of any width): back from s, the unit's last word, over blanks and the
 * places before them, when they start the line [ls, …); else s. */
size_t spaced_place_start(const struct ctext *t, size_t ls, size_t s)
{
    size_t start = s;
    for (;;) {
        size_t e = start;
        while (e > ls && is_space(t->cp[e - 1]))
            e--;
        if (e == start || e == ls)
            break;
        size_t b = e;
        while (b > ls && !is_space(t->cp[b - 1]) && e - b < 13)
            b--;
        if (!place_word(t, b, e))
            break;
        start = b;
    }
    size_t p = ls;
    while (p < start && is_space(t->cp[p]))
        p++;
    return p == start ? start : s;
}

/* A metadata value that names a unit with a blank inside, its place apart from the
 * rest ("发布机构:青河县 交通运输局", "来源:青河县  教育体育局", the value read up to
 * two blanks or past them): from *vs, places apart by blanks on the line, then a
 * unit's name ending at a blank or the line's end. Sets *ve to the unit's end, the
 * name whole and as written, blanks kept, as a signature's (冷水江市  民政局).
 * Returns 1 when [*vs, *ve) is a unit's name so read, or one alone. */
int org_value(const struct ctext *t, size_t vs, size_t *ve)
{
    if (plausible_org(t, vs, *ve))
        return 1;
    size_t le = line_end(t, vs);
    size_t i = vs;
    for (int places = 0; places < 3; places++) {
        size_t e = i;
        while (e < le && is_han(t->cp[e]) && e - i < 13)
            e++;
        size_t n = e;
        while (n < le && is_space(t->cp[n]) && n - e < 4)
            n++;
        if (!place_word(t, i, e) || n == e || n >= le || is_space(t->cp[n]))
            return 0;
        i = n;
        size_t oe = org_run(t, i, le);
        if ((oe == le || is_space(t->cp[oe])) && plausible_org(t, i, oe)) {
            *ve = oe;
            return 1;
        }
    }
    return 0;
}

int is_group(const struct ctext *t, size_t a, size_t b)
{
    return has_any(t, a, b, group_words);
}

/* A unit's ordinal in digits inside its name ("第2中学", "第３人民医院", the full-width
 * ones folded to ASCII in cp): at i in [a, b), one to three digits after 第 and
 * before a Han character of the name. Returns the index after the digits, or 0. */
size_t org_digits(const struct ctext *t, size_t a, size_t i, size_t b)
{
    if (i <= a || !at(t, i - 1, "第") || t->cp[i] < '0' || t->cp[i] > '9')
        return 0;
    size_t e = i;
    while (e < b && e - i < 4 && t->cp[e] >= '0' && t->cp[e] <= '9')
        e++;
    return e - i <= 3 && e < b && is_han(t->cp[e]) ? e : 0;
}

/* The end of a unit's name that starts at i on a labelled line ending at le: Han
 * characters, brackets and an ordinal in digits ("第2中学"), at most 30. */
size_t org_run(const struct ctext *t, size_t i, size_t le)
{
    size_t e = i;
    while (e < le && e - i < 30) {
        size_t d = org_digits(t, i, e, le);
        if (d)
            e = d;
        else if (is_han(t->cp[e]) || t->cp[e] == '(' || t->cp[e] == ')')
            e++;
        else
            break;
    }
    return e;
}

/* An organisation's name alone: 3 to 30 Han characters (brackets allowed, and an
 * ordinal in digits after 第) ending in an organisation word (局, 厅, 委员会,
 * 人民政府 …). */
int plausible_org(const struct ctext *t, size_t a, size_t b)
{
    while (a < b && is_space(t->cp[a]))
        a++;
    while (b > a && is_space(t->cp[b - 1]))
        b--;
    if (b <= a || b - a < 3 || b - a > 30)
        return 0;
    /* a character inside lost to a cut multi-byte sequence ("某县自然资?局"): one
     * '?' between two Han characters */
    int lost = 0;
    for (size_t i = a; i < b; i++)
        if (t->cp[i] == '?' && i > a + 1 && i + 1 < b && is_han(t->cp[i - 1]) &&
            is_han(t->cp[i + 1]) && !lost++)
            continue;
        else if (org_digits(t, a, i, b))
            i = org_digits(t, a, i, b) - 1;
        else if (!is_han(t->cp[i]) && t->cp[i] != '(' && t->cp[i] != ')')
            return 0;
    /* words of a sentence, not of a name ("请继续关注我局"), or of a heading that
     * names a subject ("一、 关于打造肉牛技术创新中心") */
    static const char *const sentence_words[] = {"我",   "您",   "你",   "请",   "感谢",
                                                 "谢谢", "希望", "欢迎", "关注", "如有",
                                                 "以上", "此致", "的",   "关于", NULL};
    return ends_with_org(t, a, b) && !has_any(t, a, b, sentence_words);
}

/* A proposing group's name: a group word and an organisation's ending, or a party's
 * central committee, a sector or a group by its short name (民盟中央, 科技界别,
 * 市政协经济界, 第三小组). */
int group_name(const struct ctext *t, size_t a, size_t b)
{
    while (a < b && is_space(t->cp[a]))
        a++;
    while (b > a && is_space(t->cp[b - 1]))
        b--;
    if (!is_group(t, a, b))
        return 0;
    if (plausible_org(t, a, b))
        return 1;
    if (b - a < 3 || b - a > 30)
        return 0;
    for (size_t i = a; i < b; i++)
        if (!is_han(t->cp[i]))
            return 0;
    static const char *const tails[] = {"中央", "界别", "小组", "联组", NULL};
    for (int k = 0; tails[k]; k++)
        if (ends_with(t, a, b, tails[k]))
            return 1;
    /* a party or a federation by its short name after the level of its committee
     * ("省民革", "市民盟", "县工商联"), as a salutation writes it */
    static const char *const short_groups[] = {"民革",   "民盟",   "民进",     "民建",   "台盟",
                                               "农工党", "致公党", "九三学社", "工商联", NULL};
    static const char *const levels[] = {"省", "市", "县", "区", "州", "旗", NULL};
    for (int k = 0; short_groups[k]; k++)
        if (b - a == needle_len(short_groups[k]) + 1 && ends_with(t, a, b, short_groups[k]))
            return at_any(t, a, levels) != NULL;
    /* a CPPCC's sector by its name without 别 ("省政协环境资源界", "市政协经济界"),
     * not society as a whole ("政协各界") */
    return b - a >= 5 && ends_with(t, a, b, "界") && !at(t, b - 2, "各") &&
           find(t, a, b - 1, "政协") != NPOS;
}

/* Groups named together ("致公党某省委员会、民进某省委员会"): two or more parts
 * apart by 、 or a comma, each a group's name. */
int group_list(const struct ctext *t, size_t a, size_t b)
{
    size_t parts = 0;
    size_t s = a;
    for (size_t i = a; i <= b; i++) {
        if (i < b && t->cp[i] != 0x3001 && t->cp[i] != ',')
            continue;
        if (!group_name(t, s, i))
            return 0;
        parts++;
        s = i + 1;
    }
    return parts >= 2;
}

/* Is cp[a] a common surname of one character, one that a salutation may write
 * alone before the role word ("王委员:", "尊敬的李代表:")? Characters that before
 * 代表 or 委员 make a word of their own (党代表, 区代表, 原代表, 商代表 …) are left
 * out. */
int single_surname(const struct ctext *t, size_t a)
{
    static const char *const one[] = {
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
        "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
        "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
        "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
        "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
        "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
        "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "温", "康", "施", "牛", "樊",
        "葛", "邢", "齐", "易", "乔", "伍", "庞", "颜", "倪", "庄", "聂", "章", "鲁", "岳", "翟",
        "殷", "詹", "欧", "耿", "焦", "俞", "左", "柳", "甘", "祝", "包", "符", "舒", "阮", "柯",
        "梅", "童", "凌", "毕", "裴", "霍", "涂", "苗", "谷", "盛", "翁", "冉", "骆", "蓝", "辛",
        "靳", "管", "柴", "蒙", "鲍", "喻", "祁", "蒲", "滕", "饶", "牟", "艾", "尤", "穆", "卓",
        "缪", "岑", "窦", "戚", "晏", "卫", "瞿", "佟", "臧", "闵", "苟", "邬", "卞", "栾", "隋",
        "刁", "巫", "寇", "甄", "虞", "敖", "巩", "佘", "邝", "鞠", "冀", "郁", "储", "栗", NULL};
    return at_any(t, a, one) != NULL;
}

/* Is cp[a..a+2) a compound surname (欧阳, 司马, 诸葛 …), which a salutation wrapped
 * after it leaves alone on its line? */
int compound_surname(const struct ctext *t, size_t a)
{
    static const char *const two[] = {
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
        "司徒", "夏侯", "令狐", "端木", "澹台", "南宫", "西门", "轩辕", "呼延", "独孤", "申屠",
        "闻人", "万俟", "钟离", "赫连", "公羊", "太史", "东郭", "百里", NULL};
    for (int k = 0; two[k]; k++)
        if (at(t, a, two[k]))
            return 1;
    return 0;
}

/* The dot that joins the parts of a name ("阿依古丽·买买提"): ·, ・, ‧, and the
 * bullets and operators a font or an encoding puts for it (•, ∙, ⋅). */
int is_name_dot(uint32_t c)
{
    return c == 0xB7 || c == 0x30FB || c == 0x2027 || c == 0x2022 || c == 0x2219 || c == 0x22C5;
}

/* A character of a name as letters print it: Han, or the marks that hold a name
 * back ("***代表", "×××委员", "王XX", "○○○"). */
int name_char(uint32_t c)
{
    return is_han(c) || c == '*' || c == 0xD7 /* × */ || c == 0x25CB /* ○ */ ||
           c == 0x25EF /* ◯ */ || c == 0x25B3 /* △ */ || c == 0x25A1 /* □ */ || c == 'x' ||
           c == 'X';
}

/* A separator of a list of names that is not 、 or a comma: ";" and "/" between
 * two names ("张三;李四代表:", "张三/李四代表:"), at i in [ls, b). */
int name_sep(const struct ctext *t, size_t ls, size_t i, size_t b)
{
    return (t->cp[i] == ';' || t->cp[i] == '/') && i > ls && i + 1 < b && name_char(t->cp[i - 1]) &&
           name_char(t->cp[i + 1]);
}

/* A mark that breaks a name up to dodge filters or that a page put inside it:
 * at i in [ls, b), between two Han characters. A full stop, dot, hyphen or
 * underscore ("严。文。斌代表", "王.小.明", "王-小明") when one of the two stands
 * alone between such marks (a sentence's full stop has words on both sides); a
 * separator of a list (、 , ; /) when the character before it stands alone as an
 * item of the list ("王、小明", "王、小、明"): one character is no one's name, so
 * it is the surname of the name that follows. */
int broken_name_stop(const struct ctext *t, size_t ls, size_t i, size_t b)
{
    uint32_t c = t->cp[i];
    int stop = c == 0x3002 || c == '.' || c == '-' || c == '_';
    int sep = c == 0x3001 || c == ',' || c == ';' || c == '/';
    if ((!stop && !sep) || i <= ls || i + 1 >= b || !is_han(t->cp[i - 1]) || !is_han(t->cp[i + 1]))
        return 0;
    if (sep) {
        uint32_t p = i - 1 > ls ? t->cp[i - 2] : 0;
        return i - 1 == ls || p == 0x3001 || p == ',' || p == ';' || p == '/' ||
               (i - 1 >= ls + 3 && at(t, i - 4, "尊敬的"));
    }
    int before = i - 1 == ls || !is_han(t->cp[i - 2]);
    int after = i + 2 >= b || t->cp[i + 2] == c;
    return before || after;
}

static int list_mark(uint32_t c)
{
    return c == 0x3001 || c == ',' || c == ';' || c == '/';
}

/* Does a name of the list [ls, …) start at x: at ls, after 尊敬的, a blank or a
 * separator of the list? */
static int name_starts(const struct ctext *t, size_t ls, size_t x)
{
    return x == ls || is_space(t->cp[x - 1]) || list_mark(t->cp[x - 1]) ||
           (x >= ls + 3 && at(t, x - 3, "尊敬的"));
}

/* Is the blank run holding i (in [ls, b)) inside one name, after a surname alone
 * and before its given name ("王 小明代表", "尊敬的王　小明代表", "张三、李  华代表")?
 * The surname starts the names (at ls, after a separator of the list or 尊敬的); the
 * given name is two or three Han characters, ending the name. */
int surname_blank(const struct ctext *t, size_t ls, size_t i, size_t b)
{
    size_t s = i;
    while (s > ls && is_space(t->cp[s - 1]))
        s--;
    if (s <= ls || i >= b || !is_space(t->cp[i]) || i - s > 2 || !is_han(t->cp[s - 1]))
        return 0;
    uint32_t p = s - 1 > ls ? t->cp[s - 2] : 0;
    /* ... or after a whole name and a blank ("陈志 王 小明代表") */
    size_t w = s - 1;
    while (w > ls && is_space(t->cp[w - 1]) && s - 1 - w < 3)
        w--;
    size_t x = w;
    while (x > ls && is_han(t->cp[x - 1]) && w - x < 5)
        x--;
    int after_name = w < s - 1 && w - x >= 2 && w - x <= 4 && name_starts(t, ls, x) &&
                     !has_any(t, x, w, not_name) && !unit_word(t, x, w);
    if (!(s - 1 == ls || p == 0x3001 || p == ',' || (s - 1 >= ls + 3 && at(t, s - 4, "尊敬的")) ||
          after_name))
        return 0;
    /* not a word before the names ("致 张三代表") */
    static const char *const words[] = {"致", "对", "请", "给", "与", "及", NULL};
    if (at_any(t, s - 1, words))
        return 0;
    size_t y = i;
    while (y < b && is_space(t->cp[y]) && y - s < 3)
        y++;
    size_t z = y;
    while (z < b && is_han(t->cp[z]) && !at(t, z, "等"))
        z++;
    return z - y >= 2 && z - y <= 3 && (z == b || !name_char(t->cp[z]) || at(t, z, "等"));
}

/* The start of the name that ends at s (the blank run after it) in the list [ls, …):
 * two to four Han characters, or a two-character name padded with one to three
 * blanks ("龙 婷", "王  明"); NPOS when none ends there. */
static size_t name_before(const struct ctext *t, size_t ls, size_t s)
{
    size_t x = s;
    while (x > ls && is_han(t->cp[x - 1]) && s - x < 7)
        x--;
    if (s - x > 4 && at(t, x, "尊敬的"))
        x += 3;
    if (s - x == 1) {
        size_t r = x;
        while (r > ls && is_space(t->cp[r - 1]) && x - r < 3)
            r--;
        if (r < x && r > ls && is_han(t->cp[r - 1]) && name_starts(t, ls, r - 1))
            return r - 1; /* "龙 婷" */
    }
    return s - x >= 2 && s - x <= 4 && name_starts(t, ls, x) ? x : NPOS;
}

/* The end of the name that starts at y (after a blank run) in the list [ls, b): two
 * to four Han characters, a two-character name padded with blanks ("龙 婷"), or a
 * surname set apart from its given name of two or three ("王 小明"), each ending the
 * list or before a separator, a blank or 等; NPOS when none starts there. */
static size_t name_after(const struct ctext *t, size_t y, size_t b)
{
    size_t z = y;
    while (z < b && is_han(t->cp[z]) && !at(t, z, "等"))
        z++;
    if (z - y == 1 && z < b && is_space(t->cp[z])) {
        size_t g = z;
        while (g < b && is_space(t->cp[g]) && g - z < 3)
            g++;
        size_t e = g;
        while (e < b && is_han(t->cp[e]) && !at(t, e, "等"))
            e++;
        if (e - g >= 1 && e - g <= 3 && (e - g == 1 || g - z <= 2))
            z = e;
    }
    uint32_t c = z < b ? t->cp[z] : 0;
    if (z - y < 1 || !(z == b || is_space(c) || list_mark(c) || at(t, z, "等")))
        return NPOS;
    size_t han = 0;
    for (size_t i = y; i < z; i++)
        han += is_han(t->cp[i]);
    return han >= 2 && han <= 4 ? z : NPOS;
}

/* Is i (in [ls, b)) in a run of one to three blanks with something on each side
 * inside [ls, b)? The run is [*s, *y). */
static int inner_blank_run(const struct ctext *t, size_t ls, size_t i, size_t b, size_t *s,
                           size_t *y)
{
    if (i >= b || !is_space(t->cp[i]))
        return 0;
    *s = i;
    while (*s > ls && is_space(t->cp[*s - 1]))
        (*s)--;
    *y = i;
    while (*y < b && is_space(t->cp[*y]))
        (*y)++;
    return *y - *s <= 3 && *s != ls && *y != b;
}

/* Is the blank run holding i (in [ls, b)) inside a two-character name padded to
 * the width of three or more ("龙 婷", "王  明"): one to three blanks, one Han
 * character on each side, the one before starting a name of the list, the one
 * after ending it (before a separator, a blank, 等 or the list's end)? */
int padded_blank(const struct ctext *t, size_t ls, size_t i, size_t b)
{
    size_t s, y;
    if (!inner_blank_run(t, ls, i, b, &s, &y) || !is_han(t->cp[s - 1]) || !is_han(t->cp[y]) ||
        !name_starts(t, ls, s - 1))
        return 0;
    return y + 1 == b || is_space(t->cp[y + 1]) || list_mark(t->cp[y + 1]) || at(t, y + 1, "等");
}

/* Is the blank run holding i (in [ls, b)) a separator of a list between two whole
 * names ("刘红梅,陈志、赵大勇 李强代表:", "杨海波、龙 婷  石建军:", "陈志 王 小明代表:",
 * blanks of any width, one to three)? Both sides are names of two to four Han
 * characters, padded ones or a surname set apart after it, the one before starting
 * the list (at ls, after 尊敬的) or after a separator or a blank, the one after
 * ending the list, before a separator, a blank or 等. A padded name ("陈  先") or a
 * surname set apart ("王 小明") has one character on a side of its own blank; a role
 * word after the blank is no name. */
int blank_between_names(const struct ctext *t, size_t ls, size_t i, size_t b)
{
    size_t s, y;
    if (!inner_blank_run(t, ls, i, b, &s, &y))
        return 0;
    size_t x = name_before(t, ls, s);
    size_t z = x == NPOS ? NPOS : name_after(t, y, b);
    if (z == NPOS || padded_blank(t, ls, i, b))
        return 0;
    /* the role word set apart after a name is the name's ("吴建平　委员、陆晓红　委员") */
    if (z == y + 2 && (at(t, y, "代表") || at(t, y, "委员")))
        return 0;
    /* (a unit or a place before the names is no name: "县交通局 张三、李四代表") */
    return !has_any(t, x, s, not_name) && !has_any(t, y, z, not_name) &&
           !has_any(t, x, s, not_person) && !has_any(t, y, z, not_person) &&
           !plausible_org(t, x, s) && !place_word(t, x, s) && !is_group(t, x, s);
}

/* The mark of the lead proposer after a name in a list ("张三代表(领衔)、李四代表"),
 * "(领衔)" or "(牵头)", at i (its four characters in [i, b))? */
int lead_mark(const struct ctext *t, size_t i, size_t b)
{
    return i + 4 <= b && is_open_bracket(t->cp[i]) && is_close_bracket(t->cp[i + 3]) &&
           (at(t, i + 1, "领衔") || at(t, i + 1, "牵头"));
}

/* Do the names in cp[a..b) hold no word that cannot be in a name (not_name),
 * the lead's marks ("(领衔)") left aside? */
int names_plain(const struct ctext *t, size_t a, size_t b)
{
    size_t s = a;
    for (size_t i = a; i <= b; i++) {
        int mark = i < b && lead_mark(t, i, b);
        if (i < b && !mark)
            continue;
        if (has_any(t, s, i, not_name))
            return 0;
        if (mark)
            i += 3;
        s = i + 1;
    }
    return 1;
}

/* Is cp[p - 1] a separator of a list of names (、 or a comma) after one short name
 * (two to four characters, after the line start, 尊敬的, a blank or another
 * separator)? */
static int short_name_before(const struct ctext *t, size_t ls, size_t p)
{
    if (p <= ls + 2 || (t->cp[p - 1] != 0x3001 && t->cp[p - 1] != ','))
        return 0;
    size_t q = p - 1;
    while (q > ls && name_char(t->cp[q - 1]) && p - 1 - q < 8)
        q--;
    size_t n = p - 1 - q;
    if (n > 4 && at(t, q, "尊敬的"))
        n -= 3;
    return n >= 2 && n <= 4 &&
           (q == ls || is_space(t->cp[q - 1]) || t->cp[q - 1] == 0x3001 || t->cp[q - 1] == ',');
}

/* Start of the name before the salutation's role word: back over Han characters,
 * the separators of a list of names, and digits of a count, however many (the
 * runs it walks for the colons of a text end at the colon before: linear). A list
 * written into a form pads short names ("陈  先、张云华、梁  盼  代表:"): blanks
 * between two characters of a list that uses 、, inside a padded two-character
 * name, or before the role word, belong to it; a first name longer than four characters with a
 * blank in it starts after the blank ("尊敬的 张三"). */
size_t name_start(const struct ctext *t, size_t ls, size_t b)
{
    size_t a = b;
    int listed = 0; /* a 、 or , seen */
    while (a > ls) {
        uint32_t c = t->cp[a - 1];
        if (name_char(c) || c == 0x3001 /* 、 */ || c == ',' || is_name_dot(c) ||
            digit_val(c) >= 0 || name_sep(t, ls, a - 1, b) || broken_name_stop(t, ls, a - 1, b)) {
            listed |= c == 0x3001 || c == ',' || c == ';' || c == '/';
            a--;
            continue;
        }
        /* "张三代表(领衔)、李四代表": the lead's mark inside the list */
        if (a < b && a >= ls + 5 && lead_mark(t, a - 4, b) && name_char(t->cp[a - 5])) {
            a -= 4;
            continue;
        }
        if (!is_space(c))
            break;
        size_t p = a - 1;
        while (p > ls && is_space(t->cp[p - 1]) && a - p < 4)
            p--;
        /* a two-character name padded to the width of three ("赵  敏") */
        size_t y = a;
        while (y < b && name_char(t->cp[y]) && !(y > a && at(t, y, "等")))
            y++;
        /* ... after the line start, a non-name character or 尊敬的 ("尊敬的赵  敏代表"),
         * before its 等 ("张　伟等5位代表"), 和 and a name perhaps after it
         * ("向　英和田家明代表") */
        int joined = y > a + 1 && (at(t, a + 1, "和") || at(t, a + 1, "及")) && y - (a + 2) >= 2 &&
                     y - (a + 2) <= 4;
        int padded = (y == a + 1 || joined) && (y == b || !name_char(t->cp[y]) || at(t, y, "等")) &&
                     p > ls && name_char(t->cp[p - 1]) &&
                     (p - 1 == ls || !name_char(t->cp[p - 2]) ||
                      (p - 1 >= ls + 3 && at(t, p - 4, "尊敬的")));
        if (p > ls && name_char(t->cp[p - 1]) &&
            (a == b || padded || (listed && name_char(t->cp[a])) || surname_blank(t, ls, p, b) ||
             blank_between_names(t, ls, p, b)))
            a = p;
        else if (a < b && name_char(t->cp[a]) && short_name_before(t, ls, p))
            a = p; /* "张三, 李四代表": a blank after the list's separator */
        else if (a < b && p > ls && is_han(t->cp[p - 1]) && !at(t, p - 1, "的") &&
                 (t->cp[a] == 0x3001 || t->cp[a] == ',' || t->cp[a] == ';' || at(t, a, "等")))
            a = p; /* "张三 ，李四 、王五 等代表": a blank before the separator or 等 */
        else
            break;
    }
    size_t e = at(t, a, "尊敬的") ? a + 3 : a; /* not a part of the first name */
    size_t han = 0;
    size_t blank = NPOS;
    while (e < b && t->cp[e] != 0x3001 && t->cp[e] != ',') {
        if (is_space(t->cp[e]))
            blank = e;
        else
            han++;
        e++;
    }
    if (blank != NPOS && han > 4 && e < b && !blank_between_names(t, a, blank, b))
        a = blank + 1;
    return a;
}

/* Is cp[a..b) a unit's or a place's name that may stand before the names it
 * addresses ("县交通局 张三、李四代表", "城关镇 张三代表", "长林县 李四委员"), no
 * one's name: a unit of four characters or more, a place, or a unit of three whose
 * last word no given name ends with (财政局, 城关镇, 东山乡, 县教委)? */
int unit_word(const struct ctext *t, size_t a, size_t b)
{
    static const char *const ends[] = {"局", "厅", "镇", "乡", "委", "办", "府", "街道", NULL};
    if (place_word(t, a, b))
        return 1;
    if (!plausible_org(t, a, b) || is_group(t, a, b))
        return 0;
    if (b - a >= 4)
        return 1;
    for (int k = 0; ends[k]; k++)
        if (ends_with(t, a, b, ends[k]))
            return 1;
    return 0;
}

/* Names written apart by spaces ("张三 李四 王五代表:", "尊敬的张三 李四代表:", a
 * flattened page's "…的答复 张三 李四委员:"): back from a over names of 2 to 4 Han
 * characters, each followed by one space, as long as they read as names (a word of
 * the header such as 答复函 does not). Returns the list's start (a when there is
 * none before it). */
size_t spaced_names_start(const struct ctext *t, size_t ls, size_t a)
{
    size_t start = a;
    while (start > ls + 1 && t->cp[start - 1] == ' ') {
        size_t e = start - 1;
        size_t s = e;
        while (s > ls && is_han(t->cp[s - 1]) && e - s < 8)
            s--;
        if (s > ls && !is_space(t->cp[s - 1]))
            break;
        size_t n = e - s;
        /* a two-character name padded to the width of three ("何 勇 李晓梅代表:") */
        if (n == 1 && s >= ls + 2 && t->cp[s - 1] == ' ' && is_han(t->cp[s - 2]) &&
            (s - 2 == ls || !is_han(t->cp[s - 3]) || (s - 2 >= ls + 3 && at(t, s - 5, "尊敬的")))) {
            s -= 2;
            n = 2;
        }
        if (at(t, s, "尊敬的")) {
            s += 3;
            n -= 3;
        }
        /* (a unit or a place before the names is none: "县交通局 张三、李四代表") */
        if (n < 2 || n > 4 || has_any(t, s, e, not_name) || has_any(t, s, e, not_person) ||
            unit_word(t, s, e))
            break;
        start = s;
        if (s > ls && !is_space(t->cp[s - 1]))
            break; /* after 尊敬的 */
    }
    return start;
}

/* Where 和 joins two names in cp[a..b) ("王舰和李青"): the index of a 和 with two to
 * four Han characters on either side, the last one there is ("李和平和王芳"); NPOS
 * when there is none (a name such as 张和平). */
/* Is cp[a..b) one name of two to four Han characters, or a two-character name
 * padded with blanks ("向 英")? */
static int one_name(const struct ctext *t, size_t a, size_t b)
{
    if (b - a < 2 || b - a > 4 || !is_han(t->cp[a]) || !is_han(t->cp[b - 1]))
        return 0;
    int blanks = 0;
    for (size_t i = a + 1; i + 1 < b; i++)
        blanks += t->cp[i] == ' ';
    if (blanks && blanks != (int)(b - a - 2))
        return 0;
    for (size_t i = a; i < b && !blanks; i++)
        if (!is_han(t->cp[i]))
            return 0;
    return 1;
}

size_t and_between_names(const struct ctext *t, size_t a, size_t b)
{
    if (b - a < 5 || b - a > 9)
        return NPOS;
    for (size_t i = a; i < b; i++)
        if (!is_han(t->cp[i]) && t->cp[i] != ' ')
            return NPOS;
    for (size_t i = b - 3; i >= a + 2 && i < b; i--)
        if ((at(t, i, "和") || at(t, i, "及")) && one_name(t, a, i) && one_name(t, i + 1, b))
            return i;
    return NPOS;
}

/* Is c a separator a page's title puts before its site's name (_ ＿ | ｜ - —)? */
static int site_sep(uint32_t c)
{
    return c == '_' || c == 0xFF3F || c == '|' || c == 0xFF5C || c == '-' || c == 0x2014;
}

/* Is c a character of a web address (xx-jyj.gov.cn, http://…): an ASCII letter
 * or digit, . - / or : (a NUL is none)? */
static int address_char(uint32_t c)
{
    return c < 0x80 && (isalnum((int)c) || c == '.' || c == '-' || c == '/' || c == ':');
}

size_t web_address(const struct ctext *t, size_t a, size_t b)
{
    size_t w = b;
    int dot = 0;
    int alpha = 0;
    while (w > a && address_char(t->cp[w - 1])) {
        w--;
        dot |= t->cp[w] == '.';
        alpha |= is_latin(t->cp[w]);
    }
    while (w < b && !isalnum((int)t->cp[w]))
        w++; /* a separator glued before the address stays one */
    return dot && alpha && b - w >= 4 && w > a && t->cp[b - 1] != '.' ? w : b;
}

size_t after_section(const struct ctext *t, size_t a, size_t b)
{
    size_t s = a;
    while (s < b && is_space(t->cp[s]))
        s++;
    size_t e = s;
    if (s < b && (t->cp[s] == 0x3010 || t->cp[s] == '[' || t->cp[s] == 0x3016)) {
        /* "【建议提案】…" */
        e = s + 1;
        while (e < b && !is_close_bracket(t->cp[e]) && t->cp[e] != 0x3017 && e - s <= 16)
            e++;
        if (e >= b || e - s > 16)
            return a;
        s++;
    } else {
        /* "建议提案答复 - …", "政协提案_…" */
        while (e < b && is_han(t->cp[e]) && e - s <= 16)
            e++;
        size_t x = e;
        while (x < b && is_space(t->cp[x]))
            x++;
        if (x >= b || x == s || !site_sep(t->cp[x]) || e - s > 16 ||
            ((t->cp[x] == '-' || t->cp[x] == 0x2014) &&
             (x == e || x + 1 >= b || !is_space(t->cp[x + 1]))))
            return a;
        e = x;
    }
    if (find(t, s, e, "关于") != NPOS || find(t, s, e, "届") != NPOS || find(t, s, e, "号") != NPOS)
        return a;
    e++;
    while (e < b && is_space(t->cp[e]))
        e++;
    return e < b ? e : a;
}

size_t before_site(const struct ctext *t, size_t a, size_t b)
{
    static const char *const site[] = {"网站", "政府网", "官网", "公众网", "网", NULL};
    size_t r = b;
    /* a web address after the site's name ("…_某某局 - xx-jyj.gov.cn") */
    while (r > a && is_space(t->cp[r - 1]))
        r--;
    r = web_address(t, a, r) < r ? web_address(t, a, r) : b;
    for (int part = 0; part < 3; part++) {
        size_t e = r;
        while (e > a && is_space(t->cp[e - 1]))
            e--;
        size_t s = e;
        while (s > a && !site_sep(t->cp[s - 1]) && e - s <= 30)
            s--;
        if (s == e && s > a + 1 && site_sep(t->cp[s - 1]) && r < b) {
            r = s - 1; /* the separator before the address */
            continue;
        }
        if (s <= a + 1 || !site_sep(t->cp[s - 1]))
            return r;
        size_t sep = s - 1;
        /* a hyphen or a dash stands between blanks ("… - 某某局"), not inside a
         * number ("第21-23号") or a word */
        if ((t->cp[sep] == '-' || t->cp[sep] == 0x2014) && !is_space(t->cp[sep - 1]))
            return r;
        while (s < e && is_space(t->cp[s]))
            s++;
        int named = e - s >= 3 && plausible_org(t, s, e);
        for (int k = 0; site[k] && !named; k++)
            named = e - s > needle_len(site[k]) + 1 && ends_with(t, s, e, site[k]);
        if (!named)
            return r;
        while (sep > a && is_space(t->cp[sep - 1]))
            sep--;
        r = sep;
    }
    return r;
}

/* Is s a short form of full: each of its characters in full, in their order? */
int short_form(const char *s, const char *full)
{
    size_t i = 0;
    size_t n = strlen(s);
    const char *p = full;
    while (i < n) {
        size_t a = i;
        utf8_next(s, n, &i);
        const char *hit = p;
        while (*hit && strncmp(hit, s + a, i - a))
            hit++;
        if (!*hit)
            return 0;
        p = hit + (i - a);
    }
    return 1;
}

/* Do the titles a and b end with the same kind's word (建议, 提案, 议案)? */
int same_kind_end(const char *a, const char *b)
{
    size_t n = strlen(a);
    size_t m = strlen(b);
    for (int k = 0; vocab_kinds[k]; k++) {
        size_t w = strlen(vocab_kinds[k]);
        if (n > w && m > w && !memcmp(a + n - w, vocab_kinds[k], w) &&
            !memcmp(b + m - w, vocab_kinds[k], w))
            return 1;
    }
    return 0;
}
