/*
 * The salutation ("NAME代表:", "省教育厅:", a proposer named in the first line)
 * and the addressee it names.
 */
#include "import/parse/parse_int.h"

#include <string.h>

/* Sets the addressee span from cp[a..b) (the salutation without its colon and role
 * word): strips 尊敬的, a leading 致 and 现就. */
static void set_addressee(const struct ctext *t, struct marks *m, size_t a, size_t b, int kind,
                          int role)
{
    if (at(t, a, "尊敬的"))
        a += 3;
    else if (kind == SAL_PERSON && at(t, a, "尊敬") && b >= a + 4)
        a += 2; /* "尊敬袁大金代表:", 的 lost */
    /* a co-handling opinion's "现就张三委员提出的《…》,提出如下会办意见:" */
    if (kind == SAL_PERSON && at(t, a, "现就") && b >= a + 4)
        a += 2;
    /* "致张三代表:" addresses 张三 (but 致公党 is a name) */
    if (kind == SAL_PERSON && at(t, a, "致") && !at(t, a, "致公") && b >= a + 3)
        a++;
    /* "城关镇张三代表:", "县交通局张三、李四代表:": a unit or a place written before
     * the first name, which then runs past four characters, is none of the names;
     * a proposing group first in the list is a name of its own, its place inside it
     * ("民建某市总支、张三委员:") */
    size_t fe = a;
    while (fe < b && is_han(t->cp[fe]))
        fe++;
    if (kind == SAL_PERSON && fe - a > 4 && !(fe < b && group_name(t, a, fe)) &&
        (fe == b || t->cp[fe] == 0x3001 || t->cp[fe] == ',' || is_space(t->cp[fe])))
        for (size_t tail = 2; tail <= 4; tail++)
            if (fe - a >= tail + 3 && unit_word(t, a, fe - tail)) {
                a = fe - tail;
                break;
            }
    m->name_a = a;
    m->name_b = b;
    m->sal_kind = kind;
    m->role = role;
}

/* The body a proposing group belongs to: a delegation (代表团) proposes to the
 * congress; parties, federations and CPPCC committees propose to the CPPCC. A
 * department addressed says nothing (0). */
static int group_role(const struct ctext *t, const struct marks *m, size_t a, size_t b)
{
    if (m->sal_kind != SAL_GROUP && find(t, a, b, "政协") == NPOS)
        return 0;
    return find(t, a, b, "代表") != NPOS ? ROLE_DAIBIAO : ROLE_WEIYUAN;
}

/* "人大代表张三:", "尊敬的县政协委员李四、王五:", "市人大代表王五您好:": the
 * salutation [ls, b) names the role (人大代表, 政协委员, a place before it) before
 * the names. Returns the role and sets [*na, *nb) to the names, or returns 0. */
static int role_before_names(const struct ctext *t, size_t ls, size_t b, size_t *na, size_t *nb)
{
    static const struct sal_word roles[] = {
        {"人大代表", ROLE_DAIBIAO}, {"政协委员", ROLE_WEIYUAN}, {NULL, 0}};
    size_t a = ls;
    if (at(t, a, "尊敬的"))
        a += 3;
    if (ends_with(t, a, b, "您好"))
        b -= 2;
    /* "尊敬的某区人大代表李国华同志:", also 先生, 女士: the honorifics after a name */
    for (int k = 0; sal_suffix[k].word; k++)
        if (!sal_suffix[k].role && ends_with(t, a, b, sal_suffix[k].word)) {
            b -= needle_len(sal_suffix[k].word);
            break;
        }
    while (b > a && t->cp[b - 1] == ' ')
        b--;
    for (int k = 0; roles[k].word; k++) {
        size_t r = find(t, a, a + 12 < b ? a + 12 : b, roles[k].word);
        if (r == NPOS)
            continue;
        /* a place before the role ("全国", "长林县"), Han characters only */
        for (size_t i = a; i < r; i++)
            if (!is_han(t->cp[i]))
                return 0;
        size_t n = r + needle_len(roles[k].word);
        while (n < b && is_space(t->cp[n]))
            n++;
        /* names of two to four characters (five with a middle dot), in a list */
        size_t seg = 0;
        size_t names = 0;
        for (size_t i = n; i <= b; i++) {
            if (i < b && (name_char(t->cp[i]) || is_name_dot(t->cp[i]))) {
                seg++;
                continue;
            }
            /* a surname set apart ("人大代表王 小明:") is inside a name; a blank
             * between two whole names ("人大代表张三、李四 王五:") parts them */
            if (i < b && (surname_blank(t, n, i, b) || padded_blank(t, n, i, b)))
                continue;
            int blank = i < b && blank_between_names(t, n, i, b);
            if (i < b && t->cp[i] != 0x3001 && t->cp[i] != ',' && !name_sep(t, n, i, b) && !blank)
                return 0;
            if (seg < 2 || seg > 6)
                return 0;
            names++;
            seg = 0;
            while (blank && i + 1 < b && is_space(t->cp[i + 1]))
                i++;
        }
        if (!names || !names_plain(t, n, b) || has_any(t, n, b, not_person) ||
            has_any(t, n, b, vocab_kinds) || ends_with_org(t, n, b) || is_group(t, n, b))
            return 0;
        *na = n;
        *nb = b;
        return roles[k].role;
    }
    return 0;
}

/* A salutation wrapped over two lines ("张三、李四、" / "王五代表:", "尊敬的张三" /
 * "代表:"): when the names at a start the line ls (or the line holds only the role
 * word, sb == ls) and the line above holds names only, each of two to six
 * characters, ending in a separator of the list (or in a name when the role word
 * stands alone), the names start on that line. Returns their start, else a; *sb is
 * moved to the end of the names above when the role word stands alone. */
static size_t wrapped_names_start(const struct ctext *t, size_t ls, size_t a, size_t *sb)
{
    if (a != ls || ls == 0 || t->cp[ls - 1] != '\n')
        return a; /* (not after "致:" on its line) */
    size_t pls = line_start(t, ls - 1);
    size_t e = ls - 1;
    while (e > pls && is_space(t->cp[e - 1]))
        e--;
    if (e == pls || e - pls > 40)
        return a;
    int sep = t->cp[e - 1] == 0x3001 || t->cp[e - 1] == ',';
    int alone = *sb == ls;
    /* broken inside the last name ("张三、李四、王小" / "明代表:"): the line holds one
     * or two characters of it (two only when the line above lists other names) */
    size_t tail = *sb - ls;
    /* ... or after a surname alone ("尊敬的刘" / "建华委员:", "黄　勇、李" / "晓燕、
     * 王芳委员:"): one character, or a compound surname, is no name of its own, so
     * the first name below (one to three characters) is the rest of it */
    size_t hs = e;
    while (hs > pls && name_char(t->cp[hs - 1]))
        hs--;
    if (e - hs > 3 && at(t, hs, "尊敬的"))
        hs += 3;
    size_t first = 0;
    while (ls + first < *sb && name_char(t->cp[ls + first]))
        first++;
    int surname = !sep && !alone && (e - hs == 1 || (e - hs == 2 && compound_surname(t, hs))) &&
                  first >= 1 && first <= 3 &&
                  (ls + first == *sb || t->cp[ls + first] == 0x3001 || t->cp[ls + first] == ',');
    int broken = !sep && !alone && (tail <= 2 || surname) && name_char(t->cp[e - 1]);
    if (!(sep && *sb > ls) && !(alone && name_char(t->cp[e - 1])) && !broken)
        return a;
    size_t pa = name_start(t, pls, e);
    if (pa != pls)
        return a;
    size_t na = at(t, pa, "尊敬的") ? pa + 3 : pa;
    if ((e - na < 2 && !surname) || !names_plain(t, na, e) || has_any(t, na, e, not_person) ||
        has_any(t, na, e, vocab_kinds) || is_group(t, na, e))
        return a;
    size_t seg = 0;
    for (size_t i = na; i <= e; i++) {
        if (i < e && t->cp[i] != 0x3001 && t->cp[i] != ',') {
            seg += !is_name_dot(t->cp[i]);
            continue;
        }
        if (i == e && sep)
            break; /* after the separator that ends the line */
        if (i == e && broken) {
            /* the name's head and its tail on the line below make one name */
            size_t n = surname ? first : tail;
            if (seg + n < 2 || seg + n > 4 ||
                (!surname && tail == 2 && seg + tail == e - na + tail))
                return a;
            break;
        }
        if (seg < 2 || seg > 6)
            return a;
        seg = 0;
    }
    if (alone)
        *sb = e;
    return pa;
}

/* "张三代表等:", "张三委员并转各位联名委员:", "张三代表及联名代表:": the lead with
 * the role word, then words for the others that name no one (等 alone, or 并, 及,
 * 和 or a separator before 各位, 全体, 联名, 附议 or 其他). Returns the end of the
 * lead's role word, the salutation's end, else NPOS. */
static size_t lead_and_others(const struct ctext *t, size_t ls, size_t b)
{
    static const char *const joins[] = {"并转", "以及", "并", "及", "和", "、", ",", NULL};
    static const char *const others[] = {"各位", "全体", "联名", "附议", "其他", "诸位", NULL};
    for (size_t r = ls + 2; r + 3 <= b && r < ls + 24; r++) {
        if (!at(t, r, "代表") && !at(t, r, "委员"))
            continue;
        size_t e = r + 2;
        if (b - e > 12)
            return NPOS;
        if ((b == e + 1 && at(t, e, "等")) || (at_any(t, e, joins) && has_any(t, e, b, others)))
            return e;
        return NPOS;
    }
    return NPOS;
}

/* "张三代表并转李四、王五代表:", "张三委员,并抄李四委员、王五委员:": the lead with
 * the role word, then 并转 (并抄, 并送, 并致) and the other proposers by name, each
 * name two to four characters (more with a middle dot). Returns the end of the lead's
 * role word and sets [*oa, *ob) to the other names, their last role word left out
 * (left empty when what is forwarded to is no list of names: "张三代表并转县交通局:"),
 * else NPOS. */
static size_t lead_and_named(const struct ctext *t, size_t ls, size_t b, size_t *oa, size_t *ob)
{
    static const char *const joins[] = {"并转", "并抄送", "并抄", "并送", "并致", NULL};
    for (size_t r = ls + 2; r + 3 <= b && r < ls + 24; r++) {
        if (!at(t, r, "代表") && !at(t, r, "委员"))
            continue;
        size_t e = r + 2;
        size_t j = e;
        /* "张三代表,并转…", "张三代表(并转…)" */
        while (j < b && (is_space(t->cp[j]) || t->cp[j] == ',' || is_open_bracket(t->cp[j])))
            j++;
        const char *w = at_any(t, j, joins);
        if (!w)
            return NPOS;
        size_t a = j + needle_len(w);
        size_t z = b;
        if (ends_with(t, a, z, "代表") || ends_with(t, a, z, "委员"))
            z -= 2;
        while (a < z && is_space(t->cp[a]))
            a++;
        while (z > a && is_space(t->cp[z - 1]))
            z--;
        if (z < a + 2 || z - a > 60 || !names_plain(t, a, z) || has_any(t, a, z, not_person) ||
            has_any(t, a, z, vocab_kinds) || is_group(t, a, z) || ends_with_org(t, a, z))
            return e;
        /* names apart by 、, commas or blanks, each with its role word or not */
        size_t seg = 0;
        int dot = 0;
        for (size_t i = a; i <= z; i++) {
            if (i < z && (at(t, i, "代表") || at(t, i, "委员")) && seg >= 2) {
                i++;
                continue;
            }
            if (i < z && (name_char(t->cp[i]) || is_name_dot(t->cp[i]))) {
                seg++;
                dot |= is_name_dot(t->cp[i]);
                continue;
            }
            /* a name padded to the others' width ("杨　丽") */
            if (i < z && (padded_blank(t, a, i, z) || surname_blank(t, a, i, z)))
                continue;
            if (i < z && t->cp[i] != 0x3001 && t->cp[i] != ',' && !is_space(t->cp[i]) &&
                !at(t, i, "等"))
                return e;
            if (seg && (seg < 2 || seg > (dot ? 12u : 4u)))
                return e;
            seg = 0;
            dot = 0;
        }
        *oa = a;
        *ob = z;
        return e;
    }
    return NPOS;
}

/* "县政协提案委员会并韩秀英委员:", "市人大常委会代表工委并转张三代表:": the
 * meeting's own committee, or a unit, addressed before 并 (并转) and the proposers'
 * names, in [a, b). Returns the names' start, else a. A proposing group before 并
 * is not set apart. */
static size_t organ_then_names(const struct ctext *t, size_t a, size_t b)
{
    size_t p = a + 3;
    while (p + 2 < b && p - a <= 24 && is_han(t->cp[p]) && !at(t, p, "并"))
        p++;
    if (p + 2 >= b || !at(t, p, "并"))
        return a;
    size_t q = at(t, p + 1, "转") ? p + 2 : p + 1;
    size_t fe = q;
    while (fe < b && name_char(t->cp[fe]))
        fe++;
    int organ = (find(t, a, p, "政协") != NPOS || find(t, a, p, "人大") != NPOS) &&
                (ends_with(t, a, p, "委员会") || ends_with(t, a, p, "工委") ||
                 ends_with(t, a, p, "常委会") || ends_with(t, a, p, "办公室"));
    if (fe - q < 2 || fe - q > 4 || !names_plain(t, q, b) || !plausible_org(t, a, p) ||
        (is_group(t, a, p) && !organ))
        return a;
    return q;
}

/* "县政协莫丽娟委员:", "市人大常委会张三代表:", "区政协李四、王五委员:": the
 * body that seated the proposers named before them, as 尊敬的 is (a place ending in
 * a level's word, or that word alone, then 政协 or 人大, maybe 常委会). Where do the
 * names (two to four characters each, a list by 、 or a comma) start after it,
 * or a when there is no such body? */
static size_t body_then_names(const struct ctext *t, size_t a, size_t b)
{
    static const char *const levels[] = {"县", "市", "区", "州", "旗", "省", NULL};
    for (size_t p = a + 1; p < b && p - a <= 8 && is_han(t->cp[p - 1]); p++) {
        if (!at(t, p, "政协") && !at(t, p, "人大"))
            continue;
        int level = 0;
        for (int k = 0; levels[k] && !level; k++)
            level = at(t, p - 1, levels[k]);
        if (!level)
            return a;
        size_t q = p + 2;
        if (at(t, p, "人大") && at(t, q, "常委会"))
            q += 3;
        if (!names_plain(t, q, b) || has_any(t, q, b, not_person))
            return a;
        size_t s = q;
        for (size_t i = q; i <= b; i++) {
            if (i < b && t->cp[i] != 0x3001 && t->cp[i] != ',') {
                if (!name_char(t->cp[i]))
                    return a;
                continue;
            }
            if (i - s < 2 || i - s > 4)
                return a;
            s = i + 1;
        }
        return q;
    }
    return a;
}

/* Does the spaced name at pos[from..to) (each index one character) hold a word of
 * words, the blanks between its characters left out? */
static int spaced_has_any(const struct ctext *t, const size_t *pos, size_t from, size_t to,
                          const char *const *words)
{
    for (int k = 0; words[k]; k++)
        for (size_t s = from; s < to; s++) {
            const unsigned char *p = (const unsigned char *)words[k];
            size_t j = s;
            int all = 1;
            while (*p && all) {
                uint32_t c = needle_next(&p);
                all = j < to && t->cp[pos[j]] == c;
                j++;
            }
            if (all)
                return 1;
        }
    return 0;
}

/* "张 立 新 代 表:", "尊 敬 的 李 建 国 委 员 :": a salutation typed with a blank
 * between every character, as a Word or PDF page letter-spaces a line. The line
 * [ls, b) is Han characters one or two blanks apart, ending in the role word apart
 * too (代 表, 委 员), the name before it two to four characters after a spaced 尊敬的
 * perhaps; the name keeps its blanks, as written, as a spaced signature does. A
 * form's label typed so ("领 衔 代 表:", "人 大 代 表:", "各 位 代 表:") names a role
 * or everyone, no one. Returns the role and sets [*na, *nb) to the name, else 0. */
static int spaced_salutation(const struct ctext *t, size_t ls, size_t b, size_t *na, size_t *nb)
{
    size_t pos[12];
    size_t n = 0;
    size_t i = ls;
    while (i < b && is_space(t->cp[i]))
        i++;
    while (i < b) {
        if (!is_han(t->cp[i]) || n == sizeof pos / sizeof *pos)
            return 0;
        pos[n++] = i++;
        size_t j = i;
        while (j < b && is_space(t->cp[j]))
            j++;
        if (j < b && (j == i || j - i > 2))
            return 0; /* the next character not set apart, or a gap between words */
        i = j;
    }
    if (n < 4 || !is_space(t->cp[pos[n - 1] - 1]))
        return 0;
    int role = 0;
    if (t->cp[pos[n - 2]] == 0x4EE3 /* 代 */ && t->cp[pos[n - 1]] == 0x8868 /* 表 */)
        role = ROLE_DAIBIAO;
    else if (t->cp[pos[n - 2]] == 0x59D4 /* 委 */ && t->cp[pos[n - 1]] == 0x5458 /* 员 */)
        role = ROLE_WEIYUAN;
    static const char *const honour[] = {"尊敬的", NULL};
    size_t k = n >= 5 + 2 && spaced_has_any(t, pos, 0, 3, honour) ? 3 : 0;
    size_t len = n - 2 - k;
    if (!role || len < 2 || len > 4 || spaced_has_any(t, pos, k, n - 2, not_name) ||
        spaced_has_any(t, pos, k, n - 2, not_person) ||
        spaced_has_any(t, pos, k, n - 2, group_words))
        return 0;
    *na = pos[k];
    *nb = pos[n - 3] + 1;
    return role;
}

/* Does a handling role in brackets follow the colon at i, on its line or alone on
 * the next ("某某局：" / "（主办）")? The unit is then a form's cell naming who
 * handles the item, not the addressee. */
static int role_mark_after(const struct ctext *t, size_t i)
{
    size_t x = i + 1;
    int lines = 0;
    while (x < t->n && (t->cp[x] == '\n' ? !lines++ : is_space(t->cp[x])))
        x++;
    static const char *const roles[] = {"主办", "协办", "会办", "承办", "分办", "牵头", NULL};
    if (x + 3 >= t->n || !is_open_bracket(t->cp[x]) || !at_any(t, x + 1, roles) ||
        !is_close_bracket(t->cp[x + 3]))
        return 0;
    size_t e = x + 4;
    while (e < t->n && t->cp[e] != '\n' && is_space(t->cp[e]))
        e++;
    return e == t->n || t->cp[e] == '\n';
}

/* Is the line [ls, le) a row of a table of several rows ("| 1 | 第0121号 | … | 梁振宇委员：
 * 所提事项已列入计划，详见答复全文。 |", a row under or over it) that holds no reply in
 * full (reply_row)? A salutation in its cell opens a summary, not the letter. */
static int summary_row(const struct ctext *t, size_t ls, size_t le)
{
    size_t walls = 0;
    for (size_t k = ls; k < le; k++)
        walls += t->cp[k] == '|';
    if (walls < 4 || t->cp[ls] != '|' || reply_row(t, ls, le))
        return 0;
    size_t ns = le;
    while (ns < t->n && t->cp[ns] == '\n')
        ns++;
    size_t ps = ls;
    while (ps > 0 && t->cp[ps - 1] == '\n')
        ps--;
    return (ns < t->n && t->cp[ns] == '|') ||
           (ps < ls && ps > 0 && t->cp[line_start(t, ps - 1)] == '|');
}

/* Finds the salutation "NAME代表:" and its variants, or an organisation addressed
 * ("致公党广州市委员会:" a proposing group, "省教育厅:" the department that leads
 * the reply). */
void find_salutation(const struct ctext *t, struct marks *m)
{
    m->sal = NPOS;
    m->sal_end = 0;
    size_t row_ls = NPOS;
    int in_summary = 0;
    for (size_t i = m->from; i < t->n; i++) {
        /* "张三代表您好!", "尊敬的张三代表,您好!": a greeting ends it instead */
        int greeting = t->cp[i] == '!' && i >= 2 && at(t, i - 2, "您好");
        if (!is_colon(t->cp[i]) && !greeting)
            continue;
        size_t ls = line_start(t, i);
        /* (a row's lines looked at once, so that a row of colons stays linear) */
        if (ls != row_ls) {
            row_ls = ls;
            in_summary = t->cp[ls] == '|' && summary_row(t, ls, line_end(t, i));
        }
        if (in_summary)
            continue;
        size_t b = i;
        if (greeting && b - 2 > ls && t->cp[b - 3] == ',')
            b -= 3;
        while (b > ls && t->cp[b - 1] == ' ')
            b--;
        size_t se = i + 1;
        /* "张三代表(附议代表:李四、王五):": the cosigners in brackets after the lead's
         * role word, read after the lead as the others forwarded to are */
        size_t co_a = 0;
        size_t co_b = 0;
        if (b > ls + 8 && is_close_bracket(t->cp[b - 1]) && b - ls <= 90) {
            size_t o = ls + 2;
            while (o < b - 1 && !is_open_bracket(t->cp[o]))
                o++;
            const char *w = o < b - 1 ? at_any(t, o + 1, cosigner_labels) : NULL;
            size_t c = w ? o + 1 + needle_len(w) : 0;
            if (w && c < b - 1 && is_colon(t->cp[c]) &&
                (ends_with(t, ls, o, "代表") || ends_with(t, ls, o, "委员"))) {
                co_a = c + 1;
                co_b = b - 1;
                while (co_a < co_b && is_space(t->cp[co_a]))
                    co_a++;
                if (co_b < co_a + 2 || !names_plain(t, co_a, co_b) ||
                    has_any(t, co_a, co_b, not_person))
                    co_a = co_b = 0;
                else
                    b = o;
            }
        }
        /* "张三代表(城关镇代表团):": a note in brackets after the role word */
        if (b > ls + 4 && is_close_bracket(t->cp[b - 1])) {
            size_t o = b - 1;
            while (o > ls && !is_open_bracket(t->cp[o - 1]) && b - o < 16)
                o--;
            /* ... unless it forwards the reply to others ("张三代表(并转李四代表):"),
             * whose names are read as without the brackets */
            if (o > ls + 2 && is_open_bracket(t->cp[o - 1]) &&
                (ends_with(t, ls, o - 1, "代表") || ends_with(t, ls, o - 1, "委员")))
                b = at(t, o, "并") ? b - 1 : o - 1;
        }
        /* "致:张三代表": the addressee after the colon, to the line's end */
        if (b == ls + 1 && at(t, ls, "致")) {
            size_t le = line_end(t, i);
            ls = i + 1;
            while (ls < le && is_space(t->cp[ls]))
                ls++;
            b = le;
            while (b > ls && (is_space(t->cp[b - 1]) || is_colon(t->cp[b - 1])))
                b--;
            se = b;
        }
        /* a form's label ("代表团:乐东代表团", "主办单位:…") addresses no one */
        static const char *const form_labels[] = {
            "代表团",   "领衔代表", "附议代表", "主办单位",   "承办单位",   "协办单位",
            "会办单位", "代表姓名", "委员姓名", "所在代表团", "所属代表团", NULL};
        /* on its own line, or as one field of a flattened row ("领衔代表:张三 李四
         * 代表团:城东代表团 主办单位:…"): the word after the last blank, looked for
         * no further back than the longest label, so that a line of colons stays linear */
        size_t ws = b;
        while (ws > ls && b - ws < 8 && !is_space(t->cp[ws - 1]))
            ws--;
        int label = 0;
        for (int k = 0; form_labels[k] && !label; k++)
            label = (b - ls == needle_len(form_labels[k]) && at(t, ls, form_labels[k])) ||
                    (ws > ls && b - ws == needle_len(form_labels[k]) && at(t, ws, form_labels[k]));
        if (label)
            continue;
        /* "张三等12人:", "张三等十二人:": the lead and the count, no role word */
        if (b > ls + 4 && at(t, b - 1, "人")) {
            size_t q = b - 1;
            while (q > ls && is_num_char(t->cp[q - 1]) && b - 1 - q < 4)
                q--;
            if (q < b - 1 && q > ls + 2 && at(t, q - 1, "等")) {
                size_t a = name_start(t, ls, q - 1);
                size_t na = at(t, a, "尊敬的") ? a + 3 : a;
                if (a >= ls && q - 1 >= na + 2 && names_plain(t, na, q - 1) &&
                    !has_any(t, na, q - 1, not_person)) {
                    m->sal = a;
                    m->sal_end = se;
                    set_addressee(t, m, a, b, SAL_PERSON, 0);
                    return;
                }
            }
        }
        size_t also_a = 0;
        size_t also_b = 0;
        size_t lead = lead_and_others(t, ls, b);
        if (lead == NPOS)
            lead = lead_and_named(t, ls, b, &also_a, &also_b);
        /* "张三代表并转" / "李四、王五代表:": wrapped after the word that forwards it */
        if (lead == NPOS && ls > 1 &&
            (at(t, ls - 2, "转") || at(t, ls - 2, "抄") || at(t, ls - 2, "送") ||
             at(t, ls - 2, "致"))) {
            size_t ps = line_start(t, ls - 1);
            size_t w = ls - 1 > ps && ls - 1 - ps <= 24 ? lead_and_named(t, ps, b, &also_a, &also_b)
                                                        : NPOS;
            if (w != NPOS && w < ls && also_b > also_a && also_a >= ls) {
                lead = w;
                ls = ps;
            } else {
                also_a = also_b = 0;
            }
        }
        if (lead != NPOS)
            b = lead;
        if (co_b > co_a && also_b <= also_a) {
            also_a = co_a;
            also_b = co_b;
        }
        /* "张 立 新 代 表:": a salutation letter-spaced */
        size_t spa = 0;
        size_t spb = 0;
        int spaced = lead == NPOS ? spaced_salutation(t, ls, b, &spa, &spb) : 0;
        if (spaced) {
            m->sal = ls;
            m->sal_end = se;
            set_addressee(t, m, spa, spb, SAL_PERSON, spaced);
            return;
        }
        for (int k = 0; sal_suffix[k].word; k++) {
            if (!ends_with(t, ls, b, sal_suffix[k].word))
                continue;
            size_t sb = b - needle_len(sal_suffix[k].word);
            size_t a = name_start(t, ls, sb);
            /* a name held back: "***代表:", "xx委员:" */
            size_t x = sb;
            while (x > ls && sb - x < 6 &&
                   (t->cp[x - 1] == '*' || t->cp[x - 1] == 'x' || t->cp[x - 1] == 'X'))
                x--;
            if (a == sb && sb - x >= 2 && (x == ls || at(t, x - 3 >= ls ? x - 3 : ls, "尊敬的")))
                a = x;
            a = spaced_names_start(t, ls, a);
            size_t w = wrapped_names_start(t, ls, a, &sb);
            /* a list wrapped over more lines ("杨　丽、石" / "国平、欧阳" / "雪梅代表:") */
            for (int up = 0; up < 3 && w != a && w > 0 && t->cp[w - 1] == '\n'; up++) {
                a = w;
                size_t wb = line_end(t, w);
                while (wb > w && is_space(t->cp[wb - 1]))
                    wb--;
                w = wrapped_names_start(t, a, a, &wb);
            }
            a = w;
            size_t na = at(t, a, "尊敬的") ? a + 3 : a;
            /* "县政协提案委员会、张三委员:": the office that handed the item on,
             * addressed first, is no proposer; the names follow it */
            size_t sep = na;
            while (sep < sb && t->cp[sep] != 0x3001 && t->cp[sep] != ',')
                sep++;
            if (sep < sb && sep - na >= 4 && !names_plain(t, na, sb) &&
                names_plain(t, sep + 1, sb) &&
                (find(t, na, sep, "提案委") != NPOS || ends_with(t, na, sep, "办公室") ||
                 ends_with(t, na, sep, "工作委员会") || ends_with(t, na, sep, "工委")))
                a = na = sep + 1;
            size_t names = organ_then_names(t, na, sb);
            if (names == na) {
                size_t s0 = ls;
                while (s0 < sb && is_space(t->cp[s0]))
                    s0++;
                size_t s1 = at(t, s0, "尊敬的") ? s0 + 3 : s0;
                size_t bn = body_then_names(t, s1, sb);
                if (bn != s1) {
                    names = bn;
                    a = s0;
                }
            }
            /* "王委员:", "尊敬的李代表:": a surname alone, the proposer as written */
            int surname = sb == na + 1 && single_surname(t, na);
            if (names == na && ((sb < na + 2 && !surname) || !names_plain(t, na, sb)))
                break;
            m->sal = a;
            m->sal_end = se;
            set_addressee(t, m, names != na ? names : a, sb, SAL_PERSON, sal_suffix[k].role);
            while (m->name_b > m->name_a && t->cp[m->name_b - 1] == ' ')
                m->name_b--;
            m->also_a = also_a;
            m->also_b = also_b;
            return;
        }
        /* "人大代表张三:", "尊敬的县政协委员李四、王五:": the role before the names */
        size_t na = 0;
        size_t nb = 0;
        int r = role_before_names(t, ls, b, &na, &nb);
        if (r) {
            m->sal = ls;
            m->sal_end = se;
            set_addressee(t, m, na, nb, SAL_PERSON, r);
            return;
        }
        /* "尊敬的九三学社某某市委员会您好:" addresses the committee */
        if (ends_with(t, ls, b, "您好") && b - ls > 5)
            b -= 2;
        size_t a = name_start(t, ls, b);
        /* a group and the other name it bears, in brackets ("某区工商联(总商会):") */
        if (a == b && b > ls + 4 && t->cp[b - 1] == ')' && plausible_org(t, ls, b))
            a = ls;
        size_t oa = a;
        if (at(t, a, "尊敬的"))
            oa = a + 3;
        else if (at(t, a, "尊敬") && !at(t, a, "尊敬的"))
            oa = a + 2;
        /* a group by its short name ("民盟中央:", "科技界别:"), or several groups */
        int several = group_list(t, oa, b);
        int org = plausible_org(t, oa, b) || group_name(t, oa, b) || several;
        /* a proposing group after a flattened header ("…的答复 民进某某市委:") */
        int after_blank = a > ls && is_space(t->cp[a - 1]) && org && is_group(t, oa, b);
        /* in the letter's first half, or a group opening the letter: a short
         * letter below a long page keeps its addressee past the middle */
        size_t ob = i + 200 < t->n ? i + 200 : t->n;
        int opens = i < t->n / 2 || (is_group(t, oa, b) && (find(t, i, ob, "收悉") != NPOS ||
                                                            find(t, i, ob, "提出的") != NPOS));
        /* a page title that names its unit before the header ("某某镇:关于…的答复") */
        size_t ra = i + 1;
        size_t rle = line_end(t, i);
        while (ra < rle && is_space(t->cp[ra]))
            ra++;
        int titled = (at(t, ra, "关于") || at(t, ra, "对")) && is_header_line(t, ra, rle);
        if ((a == ls || after_blank) && b - oa >= 3 && b - oa <= (several ? 90 : 30) && org &&
            opens && !titled && !has_any(t, oa, b, not_org) && !role_mark_after(t, i)) {
            m->sal = a;
            m->sal_end = se;
            /* the CPPCC's proposal committee or an office forwards the reply: the
             * proposer is named in the opening sentence */
            int office = find(t, oa, b, "提案委") != NPOS || ends_with(t, oa, b, "办公室") ||
                         ends_with(t, oa, b, "办公厅");
            set_addressee(t, m, oa, b, is_group(t, oa, b) && !office ? SAL_GROUP : SAL_DEPT, 0);
            m->role = group_role(t, m, oa, b);
            return;
        }
    }
}

/* Role word right after the names at i: 代表 / 委员, or 0. */
static int role_at(const struct ctext *t, size_t i, size_t *after)
{
    if (at(t, i, "代表")) {
        *after = i + 2;
        return ROLE_DAIBIAO;
    }
    if (at(t, i, "委员")) {
        *after = i + 2;
        return ROLE_WEIYUAN;
    }
    return 0;
}

/* Without a colon salutation: a line that opens the letter naming the proposers
 * ("任木兰、徐文良等代表提出的17号代表建议:…", "张三代表提出的…") or a proposer's
 * name alone on a line above the first paragraph ("致公党广州市委员会"). */
void find_salutation_fallback(const struct ctext *t, struct marks *m)
{
    size_t ls = m->start;
    /* a letter without a header whose opening reads as one ("你们在县十七届人大五次
     * 会议上提出的…收悉"): the proposers' line above it */
    if (ls > 0) {
        size_t pe = ls - 1;
        while (pe > 0 && t->cp[pe - 1] == '\n')
            pe--;
        size_t ps = line_start(t, pe);
        if (pe > ps && pe - ps <= 30 &&
            (ends_with(t, ps, pe, "代表") || ends_with(t, ps, pe, "委员")))
            ls = ps;
    }
    for (int lines = 0; lines < 20 && ls < t->n; lines++) {
        size_t le = line_end(t, ls);
        if (le - ls >= 4 && !line_starts_with_any(t, ls, chrome_meta)) {
            size_t a = ls;
            if (at(t, a, "尊敬的"))
                a += 3;
            /* a co-handling opinion's "关于张三委员提出的《…》,…提出会办意见如下:" */
            size_t g = at(t, a, "关于") ? a + 2 : a;
            /* "关于对张三代表提出的…", "对张三代表提出的…的答复" */
            if (at(t, g, "对") && !at(t, g, "对外"))
                g++;
            /* "本委收到张三委员提出的…", "我局收到…": the writer, then the names */
            size_t rx = find(t, g, le < g + 12 ? le : g + 12, "收到");
            if (rx != NPOS && rx <= g + 8)
                g = rx + 2;
            /* names, then 等/等N位, then the role word, then 提出/在/领衔/联名 */
            size_t e = g;
            while (e < le &&
                   (name_char(t->cp[e]) || t->cp[e] == 0x3001 || t->cp[e] == ',' ||
                    is_name_dot(t->cp[e]) ||
                    /* the count after 等: "陈某等12位代表" */
                    (digit_val(t->cp[e]) >= 0 && e > a &&
                     (at(t, e - 1, "等") || digit_val(t->cp[e - 1]) >= 0)) ||
                    (t->cp[e] == ' ' && e > a && is_han(t->cp[e - 1]) && e + 1 < le &&
                     is_han(t->cp[e + 1]))) &&
                   !at(t, e, "代表") && !at(t, e, "委员"))
                e++;
            size_t after = 0;
            int role = e < le ? role_at(t, e, &after) : 0;
            /* a header that names the proposers ("关于李明代表提出的加快农村公路建设的
             * 答复") titles the letter and addresses no one */
            size_t te = le;
            while (te > ls && is_space(t->cp[te - 1]))
                te--;
            for (int k = 0; header_words[k] && role && g > a; k++)
                if (ends_with(t, a, te, header_words[k]))
                    role = 0;
            size_t longest = 0;
            /* each name, and each part of a name joined by a middle dot
             * ("阿依古丽·买买提"), is short; a sentence is not; two names may be
             * joined by 和 ("王舰和李青") and the list end in 等 */
            for (size_t i = g, x = g; i <= e; i++) {
                if (i < e && t->cp[i] != 0x3001 && t->cp[i] != ',' && t->cp[i] != ' ' &&
                    !is_name_dot(t->cp[i]))
                    continue;
                size_t y = i;
                size_t dg = find(t, x, y, "等");
                if (dg != NPOS && dg > x)
                    y = dg; /* "等", "等12位" end the names */
                size_t seg = y - x;
                if (seg > 6 && and_between_names(t, x, y) != NPOS)
                    seg = 4;
                if (seg > longest)
                    longest = seg;
                x = i + 1;
            }
            if (role && e - g >= 2 && longest <= 6 && !has_any(t, g, e, not_name) &&
                (at(t, after, "提出") || at(t, after, "在") || at(t, after, "领衔") ||
                 at(t, after, "联名") || at(t, after, "们")) &&
                (g == a || at(t, after, "提出"))) {
                m->sal = ls;
                m->sal_end = after;
                set_addressee(t, m, g, e, SAL_PERSON, role);
                return;
            }
            /* a proposing group opens the letter: "某某代表团提出的…建议收悉" */
            size_t tc = find(t, a, le < a + 32 ? le : a + 32, "提出");
            if (tc != NPOS && plausible_org(t, a, tc) && is_group(t, a, tc) &&
                !has_any(t, a, tc, not_org)) {
                m->sal = ls;
                m->sal_end = tc;
                set_addressee(t, m, a, tc, SAL_GROUP, 0);
                m->role = group_role(t, m, a, tc);
                return;
            }
            /* a name alone, the next line a paragraph that starts with it or with 您 */
            size_t nx = le + 1;
            while (nx < t->n && (t->cp[nx] == '\n' || is_space(t->cp[nx])))
                nx++;
            size_t nle = line_end(t, nx);
            /* (an opening wrapped early, "您提出的《关于加强河道" / "采砂整治的建议》收悉",
             * is shorter) */
            int you = nx < t->n && (at(t, nx, "您") || at(t, nx, "你") || at(t, nx, "贵"));
            if (le - ls <= 30 && nx < t->n && nle - nx >= (you ? 6u : 12u) &&
                !is_paragraph(t, ls, le)) {
                size_t b = le;
                int r = 0;
                /* "刘香莲代?": the role word and its colon lost to a cut multi-byte
                 * character */
                if (b - ls >= 4 && t->cp[b - 1] == '?' &&
                    (at(t, b - 2, "代") || at(t, b - 2, "委"))) {
                    r = at(t, b - 2, "代") ? ROLE_DAIBIAO : ROLE_WEIYUAN;
                    b -= 2;
                } else if (b - ls >= 5 && t->cp[b - 1] == '?' &&
                           (ends_with(t, ls, b - 1, "代表") || ends_with(t, ls, b - 1, "委员"))) {
                    r = ends_with(t, ls, b - 1, "代表") ? ROLE_DAIBIAO : ROLE_WEIYUAN;
                    b -= 3;
                } else if (ends_with(t, ls, b, "代表") || ends_with(t, ls, b, "委员")) {
                    r = ends_with(t, ls, b, "代表") ? ROLE_DAIBIAO : ROLE_WEIYUAN;
                    b -= 2;
                }
                /* names, joined by 、 , or spaces, and a count ("张三等2位") */
                int all_han = 1;
                for (size_t i = a; i < b; i++)
                    if (!name_char(t->cp[i]) && t->cp[i] != 0x3001 && !is_name_dot(t->cp[i]) &&
                        t->cp[i] != ',' && t->cp[i] != ' ' && digit_val(t->cp[i]) < 0)
                        all_han = 0;
                size_t nl = b - a;
                /* ... or a line that speaks of the reply under a role word ("张三委员" /
                 * "现就您提出的…", "收悉后,…", "首先感谢…") */
                static const char *const reply_words[] = {"收悉", "答复", "回复", "您", "你", NULL};
                int opens =
                    at(t, nx, "您") || at(t, nx, "你") || at(t, nx, "贵") ||
                    t->cp[nx] == 0x300A /* 《 */ ||
                    (nl <= nle - nx && !memcmp(t->cp + nx, t->cp + a, nl * sizeof *t->cp)) ||
                    (r && has_any(t, nx, nle < nx + 60 ? nle : nx + 60, reply_words));
                int org = plausible_org(t, a, b) && is_group(t, a, b);
                if (all_han && nl >= 2 && opens && (r || org) &&
                    !has_any(t, a, b, r ? not_name : not_org)) {
                    m->sal = ls;
                    m->sal_end = le;
                    set_addressee(t, m, a, b, org && !r ? SAL_GROUP : SAL_PERSON, r);
                    if (!r)
                        m->role = group_role(t, m, a, b);
                    return;
                }
            }
        }
        if (le >= t->n)
            break;
        /* a repost's own summary ("核心提示:…。") is a paragraph above the letter */
        size_t x = ls;
        while (x < le && is_space(t->cp[x]))
            x++;
        if (lines > 0 && is_paragraph(t, ls, le) && !line_starts_with_any(t, x, repost_summary))
            break;
        ls = le + 1;
    }
}
