/*
 * The proposers: the salutation's names and stated count, a form's list, or the
 * names in the opening sentence.
 */
#include "import/parse/parse_int.h"

/* Is cp[a..b) a name held back, in whole or in part ("***", "×××", "王XX")? */
static int held_back(const struct ctext *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (name_char(t->cp[i]) && !is_han(t->cp[i]))
            return 1;
    return 0;
}

/* Splits cp[a..b) at 、 , ， and (in a list without 、) spaces into proposers; "等" ends the list.
 * Returns how many were added. */
static size_t add_names(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    size_t deng = find(t, a, b, "等");
    if (deng != NPOS)
        b = deng;
    /* in a list written with 、 a blank pads a short name ("陈  先"), and so it does
     * between two single characters ("张 三") */
    int listed = find(t, a, b, "、") != NPOS || find(t, a, b, ",") != NPOS ||
                 find(t, a, b, ";") != NPOS || find(t, a, b, "/") != NPOS;
    size_t added = 0;
    size_t masked = 0; /* names held back ("***", "×××"), each its own proposer */
    size_t n0 = l->n_delegates;
    size_t s = a;
    for (size_t i = a; i <= b; i++) {
        int pad = i < b && t->cp[i] == ' ' && i > a && is_han(t->cp[i - 1]) &&
                  (i - 1 == a || !is_han(t->cp[i - 2])) && i + 1 < b && is_han(t->cp[i + 1]) &&
                  (i + 2 >= b || !is_han(t->cp[i + 2]));
        /* "王 小明", "王、小明", "王.小.明": a surname alone is no name of its own */
        int joined = i < b && (broken_name_stop(t, a, i, b) || surname_blank(t, a, i, b) ||
                               padded_blank(t, a, i, b));
        /* "刘红梅,陈志、赵大勇 李强": a blank between two whole names parts them in
         * any list */
        int blank = t->cp[i] == ' ' && ((!listed && !pad) || blank_between_names(t, a, i, b));
        if (i == b || (!joined && (t->cp[i] == 0x3001 || t->cp[i] == ',' || blank ||
                                   t->cp[i] == ';' || name_sep(t, a, i, b)))) {
            size_t x = s;
            size_t y = i;
            trim_span(t, &x, &y);
            /* "张三代表(领衔)、李四代表": the lead's mark */
            if (y >= x + 6 && lead_mark(t, y - 4, y)) {
                y -= 4;
                while (y > x && is_space(t->cp[y - 1]))
                    y--;
            }
            /* "张三代表、李四代表": each name with its role word */
            if (y - x > 3 && (ends_with(t, x, y, "代表") || ends_with(t, x, y, "委员"))) {
                y -= 2;
                /* "吴建平　委员": the blank that sets the role word apart */
                while (y > x && is_space(t->cp[y - 1]))
                    y--;
            }
            /* "张三丰 代表 李四光 代表": a role word set apart is no proposer */
            if (y == x + 2 && (at(t, x, "代表") || at(t, x, "委员")))
                x = y;
            /* "某某代表团张三等代表": the delegation before the lead name */
            size_t dt = find(t, x, y, "代表团");
            if (dt != NPOS && y - (dt + 3) >= 2)
                x = dt + 3;
            size_t h = and_between_names(t, x, y);
            if (h != NPOS && !has_any(t, x, y, not_person)) {
                /* "王舰和李青" */
                add_delegate(t, l, x, h);
                add_delegate(t, l, h + 1, y);
                added += 2;
            } else if (y > x && !has_any(t, x, y, not_person) && y - x <= 40) {
                add_delegate(t, l, x, y);
                added++;
                masked += held_back(t, x, y);
            }
            s = i + 1;
        }
    }
    /* "***、***、***代表": names held back are one name in the list of proposers,
     * which keeps each name once; how many the list names is their count */
    if (masked >= 2 && !l->delegate_count && l->n_delegates - n0 < added &&
        added <= LETTER_MAX_DELEGATES)
        l->delegate_count = (int)added;
    return added;
}

/* "张三等13位" / "余秀华9名" / "张三等12人" / "张三等": the stated count, and the end of
 * the names. */
static size_t strip_count(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    /* "张三(共4人)", "张三（等5名代表）": the count in brackets after the names */
    if (b > a + 3 && is_close_bracket(t->cp[b - 1])) {
        size_t o = b - 1;
        while (o > a && !is_open_bracket(t->cp[o - 1]) && b - o < 12)
            o--;
        if (o > a + 1 && is_open_bracket(t->cp[o - 1])) {
            size_t p = o;
            if (at(t, p, "共") || at(t, p, "等"))
                p++;
            size_t ds = p;
            while (p < b - 1 && is_num_char(t->cp[p]) && p - ds < 4)
                p++;
            long c = p > ds ? parse_num(t, ds, p) : 0;
            size_t q = p;
            if (q < b - 1 && (at(t, q, "位") || at(t, q, "名") || at(t, q, "人")))
                q++;
            if (q < b - 1 && (at(t, q, "代表") || at(t, q, "委员")))
                q += 2;
            if (q > p && q == b - 1 && c > 0 && c < 10000) {
                l->delegate_count = (int)c;
                size_t e = o - 1;
                while (e > a && is_space(t->cp[e - 1]))
                    e--;
                return e;
            }
        }
    }
    size_t cnt_end = b;
    if (ends_with(t, a, b, "位") || ends_with(t, a, b, "名") || ends_with(t, a, b, "人"))
        cnt_end = b - 1;
    size_t ds = cnt_end;
    while (ds > a && is_num_char(t->cp[ds - 1]) && cnt_end - ds < 4)
        ds--;
    if (ds < cnt_end && cnt_end < b) {
        long c = parse_num(t, ds, cnt_end);
        if (c > 0 && c < 10000) {
            l->delegate_count = (int)c;
            return ds;
        }
    }
    return b;
}

static size_t add_plain_names(const struct ctext *t, size_t a, size_t b, struct letter *l);

/* "张振华代表提出的…", "王五、赵六等5位代表提出…" in the opening sentence, when the
 * letter is addressed to a department rather than to the proposer. */
static void find_body_proposer(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    static const char *const marks_[] = {"代表提出",   "委员提出", "代表领衔", "委员领衔",
                                         "代表联名",   "代表在",   "委员在",   "代表等提出",
                                         "委员等提出", NULL};
    for (int k = 0; marks_[k]; k++) {
        size_t i = find(t, a, b, marks_[k]);
        if (i == NPOS)
            continue;
        size_t ns = i;
        while (ns > a && (name_char(t->cp[ns - 1]) || t->cp[ns - 1] == 0x3001 ||
                          t->cp[ns - 1] == ',' || is_name_dot(t->cp[ns - 1]) ||
                          digit_val(t->cp[ns - 1]) >= 0 || broken_name_stop(t, a, ns - 1, i)))
            ns--;
        /* the names start after the sentence's own words */
        /* (a name holds no 的: "贵厅转来的张三代表提出的…") */
        static const char *const lead[] = {"收到", "关于", "由",   "现就", "你们",
                                           "您",   "贵",   "对",   "的",   "转来",
                                           "转交", "交办", "转办", "送来", NULL};
        for (int g = 0; lead[g]; g++) {
            size_t c = rfind(t, ns, i, lead[g]);
            if (c != NPOS)
                ns = c + needle_len(lead[g]);
        }
        /* a clause before the names ("县十八届人大三次会议期间,李明代表提出的…") is
         * none of them: a part of more than four characters, no dot in it */
        for (;;) {
            size_t c = ns;
            int dot = 0;
            while (c < i && t->cp[c] != ',' && t->cp[c] != 0x3001 && t->cp[c] != ';')
                dot |= is_name_dot(t->cp[c++]);
            if (c >= i || c - ns <= 4 || dot)
                break;
            ns = c + 1;
        }
        if (i - ns < 2)
            continue;
        /* "市人大代表在视察时提出的…": the body's name before the role word is no
         * proposer's */
        if (ends_with(t, ns, i, "人大") || ends_with(t, ns, i, "政协"))
            continue;
        size_t e = strip_count(t, ns, i, l);
        if (ends_with(t, ns, e, "等"))
            e--;
        if (add_names(t, ns, e, l))
            return;
    }
    /* a proposing group: "某某代表团提出的…", "民进某某市委提出的…" */
    size_t i = find(t, a, b, "提出");
    if (i == NPOS)
        return;
    /* the role word before the name ("全国政协委员周慧敏提出的…", "市人大代表王明等
     * 提出的…") or before a list of names ("…协办的区政协委员朱丹、沈建明提出的…") */
    for (size_t r = i > a + 16 ? i - 16 : a; r + 2 < i; r++)
        if ((at(t, r, "代表") || at(t, r, "委员")) &&
            (single_surname(t, r + 2) || compound_surname(t, r + 2)) &&
            add_plain_names(t, r + 2, i, l))
            return;
    size_t ns = i;
    while (ns > a && is_han(t->cp[ns - 1]) && i - ns < 30)
        ns--;
    /* ... after the sentence's own words ("你局转来的民盟某市委员会提出的…"): a
     * group's name holds no 的 */
    static const char *const lead[] = {"收到", "由", "对", "的", NULL};
    for (int g = 0; lead[g]; g++) {
        size_t c = rfind(t, ns, i, lead[g]);
        if (c != NPOS && c + needle_len(lead[g]) < i)
            ns = c + needle_len(lead[g]);
    }
    if (plausible_org(t, ns, i) && is_group(t, ns, i))
        add_delegate(t, l, ns, i);
}

/* Are the names in cp[a..b) each of two to four Han characters (more with a middle
 * dot), apart by 、, commas, semicolons or blanks? */
static int short_names(const struct ctext *t, size_t a, size_t b)
{
    size_t seg = 0;
    int dot = 0;
    for (size_t i = a; i <= b; i++) {
        uint32_t c = i < b ? t->cp[i] : 0;
        if (i < b && (name_char(c) || is_name_dot(c))) {
            seg++;
            dot |= is_name_dot(c);
            continue;
        }
        if (i < b && c != 0x3001 && c != ',' && c != ';' && !is_space(c))
            return 0;
        if (seg && (seg < 2 || seg > (dot ? 12u : 4u)))
            return 0;
        seg = 0;
        dot = 0;
    }
    return 1;
}

/* Adds the names [a, b) lists, without a count after them (strip_count), a
 * closing 等 or blanks, when they are plain names of persons (no unit, group or
 * kind among them). Returns what add_names does, 0 when they are not such names. */
static size_t add_plain_names(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    size_t e = strip_count(t, a, b, l);
    if (ends_with(t, a, e, "等"))
        e--;
    while (e > a && is_space(t->cp[e - 1]))
        e--;
    if (e < a + 2 || !names_plain(t, a, e) || !short_names(t, a, e) ||
        has_any(t, a, e, not_person) || has_any(t, a, e, vocab_kinds) || is_group(t, a, e))
        return 0;
    return add_names(t, a, e, l);
}

/* A header that names its proposers in brackets after the number, the kind or the
 * title ("…第72号提案(李四委员)的答复", "…第45号建议(领衔代表:王五)的答复",
 * "…提案(提案人:张三、李四)的答复"), or after its word for the reply: a label of
 * proposers and its colon before the names, or a role word after them. Returns 1
 * when it added them. */
static int header_bracket_proposer(const struct ctext *t, size_t ls, size_t le, struct letter *l)
{
    static const char *const before[] = {"号", "》", "答复", "复函", NULL};
    for (size_t o = ls + 1; o < le; o++) {
        if (!is_open_bracket(t->cp[o]))
            continue;
        int placed = 0;
        for (int k = 0; before[k] && !placed; k++)
            placed = ends_with(t, ls, o, before[k]);
        for (int k = 0; vocab_kinds[k] && !placed; k++)
            placed = ends_with(t, ls, o, vocab_kinds[k]);
        size_t c = o + 1;
        while (c < le && c - o <= 40 && !is_close_bracket(t->cp[c]) && !is_open_bracket(t->cp[c]))
            c++;
        if (!placed || c >= le || !is_close_bracket(t->cp[c]))
            continue;
        size_t a = o + 1;
        size_t b = c;
        int named = 0;
        const char *label = at_any(t, a, proposer_labels);
        if (label && a + needle_len(label) < b && is_colon(t->cp[a + needle_len(label)])) {
            a += needle_len(label) + 1;
            named = 1;
        }
        while (a < b && is_space(t->cp[a]))
            a++;
        /* a proposing group after the label ("…提案(提案人:市政协科技界别)的答复"),
         * the CPPCC's name in it and all, not an office that handed the item on */
        static const char *const handing[] = {"提案委", "办公", "常委会", NULL};
        if (named && group_name(t, a, b) && !has_any(t, a, b, not_person) &&
            !has_any(t, a, b, handing)) {
            add_delegate(t, l, a, b);
            return 1;
        }
        if (b > a + 2 && (ends_with(t, a, b, "代表") || ends_with(t, a, b, "委员"))) {
            b -= 2;
            named = 1;
        }
        /* a proposing group by its name ("…第72号提案(民盟某县委员会)的答复"), not an
         * office of the CPPCC or of the congress that handed the item on */
        static const char *const offices[] = {"政协", "人大", "提案委", "办公", "常委会", NULL};
        if (!named && plausible_org(t, a, b) && is_group(t, a, b) && !has_any(t, a, b, offices)) {
            add_delegate(t, l, a, b);
            return 1;
        }
        if (!named)
            continue;
        int count = l->delegate_count;
        if (add_plain_names(t, a, b, l))
            return 1;
        l->delegate_count = count;
    }
    return 0;
}

/* The proposers the opening sentence names (find_body_proposer), else in brackets
 * after the title it quotes, as a header does ("你们提出的《…》(领衔代表:张三)收悉"). */
static void find_opening_proposer(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    size_t n = l->n_delegates;
    find_body_proposer(t, a, b, l);
    if (l->n_delegates == n && b != NPOS && b > a)
        header_bracket_proposer(t, a, b, l);
}

/* A header that names its proposers before the role word and the kind, 提出 or the
 * number ("…第6021号秦立华代表建议的答复", "对李明代表提出的第12号建议的答复",
 * "关于县十八届人大三次会议李明代表所提第45号建议的答复", "…会议张三、李四委员第27号
 * 提案的答复"): the names after the header's own words (a number's 号, 对, 关于, 会议)
 * and before 代表/委员. Returns 1 when it added them. */
static int find_header_proposer(const struct ctext *t, const struct marks *m, struct letter *l)
{
    static const char *const lead[] = {"对", "关于", "会议", NULL};
    static const char *const after_role[] = {"提出", "所提", "领衔", "联名", "第", NULL};
    for (size_t k = 0; k < m->n_blocks; k++)
        for (size_t ls = m->blocks[k][0]; ls < m->blocks[k][1];) {
            size_t le = line_end(t, ls);
            if (le > m->blocks[k][1])
                le = m->blocks[k][1];
            int header = le - ls <= 120 && is_header_line(t, ls, le);
            if (header && header_bracket_proposer(t, ls, le, l))
                return 1;
            for (size_t r = ls + 2; header && r + 2 < le; r++) {
                if (!at(t, r, "代表") && !at(t, r, "委员"))
                    continue;
                size_t after = r + 2;
                if (!(has_any(t, after, after + 2 <= le ? after + 2 : le, vocab_kinds) ||
                      at_any(t, after, after_role)))
                    continue;
                /* the names start after the header's last own word before them */
                size_t x = ls;
                for (int g = 0; lead[g]; g++) {
                    size_t c = rfind(t, ls, r, lead[g]);
                    if (c != NPOS && c + needle_len(lead[g]) > x)
                        x = c + needle_len(lead[g]);
                }
                for (size_t h = r; h > x; h--)
                    if (at(t, h - 1, "号") && h - 1 > ls && digit_val(t->cp[h - 2]) >= 0) {
                        x = h;
                        break;
                    }
                while (x < r && is_space(t->cp[x]))
                    x++;
                if (r - x < 2 || r - x > 40)
                    continue;
                if (add_plain_names(t, x, r, l))
                    return 1;
            }
            /* no role word between the names and the verb: the names end in 等
             * ("关于李明等提出的…的答复"), or the role word stands before them
             * ("关于县人大代表李明提出的…") */
            static const char *const verbs[] = {"提出", "所提", "提交", NULL};
            for (size_t r = ls + 3; header && r + 2 < le && r <= ls + 40; r++) {
                if (!at_any(t, r, verbs))
                    continue;
                size_t x = ls;
                static const char *const heads[] = {"关于", "关于对", "对", "代表", "委员", NULL};
                for (int g = 0; heads[g]; g++) {
                    size_t c = rfind(t, ls, r, heads[g]);
                    if (c != NPOS && c + needle_len(heads[g]) > x)
                        x = c + needle_len(heads[g]);
                }
                int named = at(t, r - 1, "等") ||
                            (x >= ls + 2 && (at(t, x - 2, "代表") || at(t, x - 2, "委员")));
                if (named && r - x >= 2 && r - x <= 40 && add_plain_names(t, x, r, l))
                    return 1;
                break;
            }
            ls = le + 1;
        }
    return 0;
}

/* Does a cosigners' field cp[a..b) count them ("5人", "共3名", "附议代表 | 5人 |")
 * rather than name them? A name holds no digit. */
static int counts_cosigners(const struct ctext *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (digit_val(t->cp[i]) >= 0)
            return 1;
    return 0;
}

/* The cosigners' field in [a, b) ("附议代表:李四、王五"), [*cs, *ce) its value. A
 * form's value ends at two blanks, but a list of cosigners written apart by two
 * blanks each ("附议代表:李四  王五  赵六") runs on over the names that follow,
 * each of two to four characters with no colon after it (no label of the next
 * field). */
static int cosigners_value(const struct ctext *t, size_t a, size_t b, size_t *cs, size_t *ce)
{
    if (!form_value(t, a, b, cosigner_labels, cs, ce) || *ce <= *cs)
        return 0;
    size_t le = line_end(t, *ce);
    if (le > b)
        le = b;
    for (size_t e = *ce;;) {
        size_t p = e;
        while (p < le && is_space(t->cp[p]))
            p++;
        size_t q = p;
        while (q < le && name_char(t->cp[q]) && q - p <= 4)
            q++;
        if (p - e < 2 || q - p < 2 || q - p > 4 || (q < le && !is_space(t->cp[q])) ||
            !names_plain(t, p, q))
            break;
        e = *ce = q;
    }
    return 1;
}

/* The cosigners ("附议代表:李四、王五") on a line of [a, b), added after the lead;
 * a field that counts them names none. */
static void add_cosigners(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    size_t cs = 0;
    size_t ce = 0;
    if (l->n_delegates && a < b && cosigners_value(t, a, b, &cs, &ce) &&
        !counts_cosigners(t, cs, ce))
        add_names(t, cs, ce, l);
}

/* The opening sentence of a letter to one proposer that names who proposed with
 * them ("您与李四代表联名提出的…", "您与王五、赵六委员提出的…", "您和李四代表…"),
 * in [a, b): those names, after the one addressed. */
static void add_joint_in_opening(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    if (l->n_delegates != 1 || a >= b || b - a < 8)
        return;
    size_t s = a;
    while (s < b && is_space(t->cp[s]))
        s++;
    if (!(at(t, s, "您与") || at(t, s, "您和") || at(t, s, "你与") || at(t, s, "你和")))
        return;
    s += 2;
    size_t w = s + 40 < b ? s + 40 : b;
    size_t r = NPOS;
    for (size_t i = s + 2; i + 2 <= w && r == NPOS; i++)
        if (at(t, i, "代表") || at(t, i, "委员"))
            r = i;
        else if (!name_char(t->cp[i]) && !is_name_dot(t->cp[i]) && t->cp[i] != 0x3001)
            return;
    if (r == NPOS)
        return;
    size_t e = r + 2;
    if (!(at(t, e, "联名") || at(t, e, "共同") || at(t, e, "一起") || at(t, e, "提出") ||
          at(t, e, "所提")))
        return;
    /* each name two to four characters, more with a middle dot */
    size_t seg = 0;
    int dot = 0;
    for (size_t i = s; i <= r; i++) {
        if (i < r && t->cp[i] != 0x3001) {
            seg++;
            dot |= is_name_dot(t->cp[i]);
            continue;
        }
        /* "您与其他三位代表…" counts others, names none */
        if (seg < 2 || seg > (dot ? 12u : 4u) || at(t, i - 1, "位") || at(t, i - 1, "名") ||
            at(t, i - 1, "人"))
            return;
        seg = 0;
        dot = 0;
    }
    static const char *const others[] = {"其他", "其它", "另外", "部分", "同志", NULL};
    if (!names_plain(t, s, r) || has_any(t, s, r, not_person) || has_any(t, s, r, others))
        return;
    add_names(t, s, r, l);
}

/* Do cp[a..b) and cp[c..d) write the same names, blanks and a role word at the end
 * aside ("张三" and "张三代表")? */
static int same_names(const struct ctext *t, size_t a, size_t b, size_t c, size_t d)
{
    if (ends_with(t, a, b, "代表") || ends_with(t, a, b, "委员"))
        b -= 2;
    if (ends_with(t, c, d, "代表") || ends_with(t, c, d, "委员"))
        d -= 2;
    for (;;) {
        while (a < b && is_space(t->cp[a]))
            a++;
        while (c < d && is_space(t->cp[c]))
            c++;
        if (a == b || c == d)
            return a == b && c == d;
        if (t->cp[a++] != t->cp[c++])
            return 0;
    }
}

/* The proposers: a form's list when it names more than the salutation, else the
 * salutation's names (with the stated count) or proposing group, else, when a
 * department is addressed, the proposers the opening sentence names. */
void find_delegates(const struct ctext *t, const struct marks *m, struct letter *l)
{
    size_t n_sal = 0;
    size_t a = 0;
    size_t b = 0;
    if (m->sal != NPOS && (m->sal_kind == SAL_PERSON || m->sal_kind == SAL_GROUP)) {
        a = m->name_a;
        b = m->name_b;
        if (m->sal_kind == SAL_PERSON) {
            b = strip_count(t, a, b, l);
            for (size_t i = a; i < b; i++)
                n_sal += (t->cp[i] == 0x3001 || t->cp[i] == ',' || name_sep(t, a, i, b) ||
                          (blank_between_names(t, a, i, b) && !is_space(t->cp[i - 1]))) &&
                                 !broken_name_stop(t, a, i, b)
                             ? 1
                             : 0;
            n_sal += find(t, a, b, "等") != NPOS ? 0 : 1;
            if (has_any(t, a, b, not_person))
                n_sal = 0; /* "各位代表:" names no one */
            /* "张三代表并转李四、王五代表:" names the others too */
            for (size_t i = m->also_a; n_sal && i < m->also_b; i++)
                n_sal += i == m->also_a || t->cp[i] == 0x3001 || t->cp[i] == ',' ? 1 : 0;
        } else {
            n_sal = 1;
        }
    }
    int sal_count = l->delegate_count; /* the salutation's "等N位" */
    /* a form's list of proposers ("代表姓名:") when it names more than the salutation;
     * a cover's form above the reply ("领衔代表：" / "附议代表：" in a 办理结果告知单) is
     * the proposal's as much */
    size_t fa = m->cover < m->head_start ? m->cover : m->head_start;
    size_t vs = 0;
    size_t ve = 0;
    size_t cs = 0;
    size_t ce = 0;
    if (form_value(t, fa, m->head_end, proposer_labels, &vs, &ve)) {
        /* "领衔代表:张三 某某村(第一代表组)": the name, not the place after it */
        if (find(t, vs, ve, "、") == NPOS && find(t, vs, ve, ",") == NPOS) {
            size_t sp = find(t, vs, ve, " ");
            static const char *const place[] = {"村", "镇", "乡", "街道", "社区", "组", "(", NULL};
            if (sp != NPOS && sp - vs >= 2 && sp - vs <= 4 && has_any(t, sp, ve, place))
                ve = sp;
        }
        size_t names = 1;
        for (size_t i = vs; i < ve; i++)
            names += t->cp[i] == 0x3001 || t->cp[i] == ',' ? 1 : 0;
        /* the cosigners after the lead ("附议代表:李四、王五"), when the form names more
         * proposers than the salutation, or the same lead */
        if (names > n_sal) {
            /* a salutation to the lead that counts the proposers ("张三等4位代表:")
             * names the lead alone, whatever cosigners the form lists */
            int counted = names == 1 && sal_count && b >= a + (ve - vs) &&
                          same_names(t, vs, ve, a, a + (ve - vs));
            size_t e = strip_count(t, vs, ve, l);
            if (ends_with(t, vs, e, "代表") || ends_with(t, vs, e, "委员"))
                e -= 2;
            if (add_names(t, vs, e, l)) {
                if (!counted)
                    add_cosigners(t, fa, m->head_end, l);
                return;
            }
        } else if (names == n_sal && same_names(t, vs, ve, a, b) &&
                   cosigners_value(t, fa, m->head_end, &cs, &ce) && !counts_cosigners(t, cs, ce)) {
            /* "领衔代表:张三" / "附议代表:李四、王五" above a salutation to the lead
             * alone: the proposers are the lead and the cosigners, as the form
             * writes them */
            if (add_names(t, vs, ve, l)) {
                add_names(t, cs, ce, l);
                return;
            }
        } else if (!l->delegate_count && find(t, vs, ve, "等") != NPOS) {
            /* "领衔代表:张三等6名代表" above a salutation to the lead: the count */
            size_t e = ve;
            if (ends_with(t, vs, e, "代表") || ends_with(t, vs, e, "委员"))
                e -= 2;
            strip_count(t, vs, e, l);
        }
    }
    if (m->sal == NPOS) {
        /* no salutation: the header, else the opening in the third person ("全国政协
         * 委员周慧敏提出的《…》由我委主办", "陆文华委员等提出的《…》收悉") */
        if (!find_header_proposer(t, m, l) && m->open_b != NPOS && m->open_b > m->open_a)
            find_opening_proposer(t, m->open_a, m->open_b, l);
        return;
    }
    if (m->sal_kind == SAL_DEPT) {
        find_opening_proposer(t, m->open_a, m->open_b, l);
        if (!l->n_delegates)
            find_header_proposer(t, m, l);
        return;
    }
    if (m->sal_kind == SAL_GROUP) {
        if (!group_list(t, a, b)) {
            add_delegate(t, l, a, b);
            return;
        }
        /* "致公党某省委员会、民进某省委员会:" each group */
        for (size_t i = a, s = a; i <= b; i++)
            if (i == b || t->cp[i] == 0x3001 || t->cp[i] == ',') {
                add_delegate(t, l, s, i);
                s = i + 1;
            }
        return;
    }
    /* "各位代表:" names no one: the opening sentence may ("张某等5位代表提出的…") */
    size_t added = add_names(t, a, b, l);
    /* "张三代表并转李四、王五代表:": the others forwarded to, after the lead */
    if (added && m->also_b > m->also_a)
        add_names(t, m->also_a, m->also_b, l);
    if (!added && n_sal == 0) {
        find_opening_proposer(t, m->open_a, m->open_b, l);
        /* ... else the header ("对李明代表提出的第12号建议的答复") */
        if (!l->n_delegates)
            find_header_proposer(t, m, l);
        /* ... else a group addressed as its members ("某村代表小组全体代表:",
         * "科技界别各位委员:"): the group, by its name */
        size_t e = b;
        while (e > a && is_space(t->cp[e - 1]))
            e--;
        if (!l->n_delegates && e >= a + 5 &&
            (ends_with(t, a, e, "全体") || ends_with(t, a, e, "各位")) && group_name(t, a, e - 2))
            add_delegate(t, l, a, e - 2);
    }
    /* the reply's own line of cosigners, or a copy of the proposal's after the
     * reply */
    add_cosigners(t, m->sal_end, m->reply_end, l);
    if (added == 1 && m->open_b != NPOS)
        add_joint_in_opening(t, m->open_a, m->open_b, l);
}
