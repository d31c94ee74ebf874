/*
 * The outcome category: 类别:A类, (B类), B1类.
 */
#include "import/parse/parse_int.h"

#include <string.h>

/* The category (vocab_categories) the character c is, or NULL. */
static const char *category_of(uint32_t c)
{
    for (int k = 0; vocab_categories[k]; k++)
        if (c == (unsigned char)vocab_categories[k][0] && !vocab_categories[k][1])
            return vocab_categories[k];
    return NULL;
}

/* The category of a mark at i ("A类", "B1类", "C  类"), or NULL. */
static const char *category_at(const struct ctext *t, size_t a, size_t b, size_t i)
{
    const char *c = category_of(t->cp[i]);
    if (!c)
        return NULL;
    if (i > a) {
        uint32_t p = t->cp[i - 1];
        if (is_latin(p) || digit_val(p) >= 0)
            return NULL;
    }
    size_t j = i + 1;
    if (j < b && digit_val(t->cp[j]) >= 0)
        j++;
    while (j < b && t->cp[j] == ' ' && j - i < 5)
        j++;
    return j < b && at(t, j, "类") ? c : NULL;
}

/* Does the bracketed mark at i ("（A类）", "〔B〕", "(A1)") end its line in [i, b),
 * only blanks and other bracketed tags after it ("…的答复（A类）（公开）")? A mark
 * that a sentence runs on from ("分为（A类）、（B类）两种情形") names no result. */
static int tags_to_end(const struct ctext *t, size_t i, size_t b)
{
    size_t e = i + 1;
    while (e < b && e - i < 6 && !is_close_bracket(t->cp[e]) && t->cp[e] != '\n')
        e++;
    if (e >= b || !is_close_bracket(t->cp[e]))
        return 0;
    for (e++; e < b && t->cp[e] != '\n';) {
        if (is_space(t->cp[e])) {
            e++;
            continue;
        }
        size_t c = e + 1;
        while (is_open_bracket(t->cp[e]) && c < b && c - e < 10 && !is_close_bracket(t->cp[c]) &&
               t->cp[c] != '\n')
            c++;
        if (!is_open_bracket(t->cp[e]) || c >= b || !is_close_bracket(t->cp[c]))
            return 0;
        e = c + 1;
    }
    return 1;
}

/* The category of a mark that is its line's whole text, from i at the line's
 * start to b: "(A)", "【B类】", "C类", "A1类" (spaces around), or that the signer
 * follows apart by blanks; or NULL. */
static const char *mark_line(const struct ctext *t, size_t i, size_t b)
{
    size_t le = line_end(t, i);
    if (le > b)
        le = b;
    while (i < le && is_space(t->cp[i]))
        i++;
    while (le > i && is_space(t->cp[le - 1]))
        le--;
    /* an official letter's top line: the mark at its left, the signer at its right
     * ("A类　　　　签发人：张三", "B1类  签发人:李四") */
    if (i < le && category_of(t->cp[i])) {
        size_t j = i + 1;
        if (j < le && digit_val(t->cp[j]) >= 0)
            j++;
        size_t k = j < le && at(t, j, "类") ? j + 1 : j;
        while (k < le && is_space(t->cp[k]))
            k++;
        if (k > j + 2 && at(t, k, "签发"))
            return category_of(t->cp[i]);
    }
    int br = i < le && is_open_bracket(t->cp[i]);
    if (br) {
        if (!is_close_bracket(t->cp[le - 1]))
            return NULL;
        i++;
        le--;
    }
    if (i >= le || le - i > 4)
        return NULL;
    const char *c = category_of(t->cp[i]);
    size_t j = i + 1;
    if (j < le && digit_val(t->cp[j]) >= 0)
        j++;
    if (j < le && at(t, j, "类"))
        j++;
    /* a letter alone needs its brackets: "A" is also a page's font button */
    return c && j == le && (br || j > i + 1) ? c : NULL;
}

/* The line at ls without the blanks around it: [*a, *b), empty for a blank line. */
static void trimmed_line(const struct ctext *t, size_t ls, size_t *a, size_t *b)
{
    size_t x = ls;
    size_t e = line_end(t, ls);
    while (x < e && is_space(t->cp[x]))
        x++;
    while (e > x && is_space(t->cp[e - 1]))
        e--;
    *a = x;
    *b = e;
}

/* Does the line's text [a, b) hold the signer's field (签发人) or a doc number? */
static int issue_line(const struct ctext *t, size_t a, size_t b)
{
    if (find(t, a, b, "签发人") != NPOS)
        return 1;
    for (size_t i = a; i < b; i++) {
        size_t ps = 0;
        size_t e = 0;
        if (is_open_bracket(t->cp[i]) && doc_number_at(t, a, b, i, &ps, &e))
            return 1;
    }
    return 0;
}

/* A letter alone on the line at ls under an official letter's letterhead, above its
 * doc number and its signer ("溪桥县交通运输局文件" / "A" / "溪交复〔2023〕46号" /
 * "签发人：龙德平"): the category, or NULL. The letterhead (a unit's name, then 文件)
 * is the line with text above it, and the doc number or 签发人 on one of the two
 * lines with text below it, blank lines between passed over; a letter alone
 * anywhere else is a list's item, a table's cell or a page's font button. */
static const char *letterhead_mark(const struct ctext *t, size_t ls)
{
    size_t a = 0;
    size_t b = 0;
    trimmed_line(t, ls, &a, &b);
    if (b != a + 1 || !category_of(t->cp[a]))
        return NULL;
    size_t ha = a;
    size_t hb = a;
    for (size_t up = ls, n = 0; ha == hb && up > 0 && n < 3; n++) {
        up = line_start(t, up - 1);
        trimmed_line(t, up, &ha, &hb);
    }
    if (hb < ha + 6 || !ends_with(t, ha, hb, "文件") || !plausible_org(t, ha, hb - 2))
        return NULL;
    size_t x = line_end(t, ls);
    for (int n = 0, texts = 0; x < t->n && n < 6 && texts < 2; n++) {
        size_t la = 0;
        size_t lb = 0;
        trimmed_line(t, x + 1, &la, &lb);
        if (la < lb && ++texts && issue_line(t, la, lb))
            return category_of(t->cp[a]);
        x = line_end(t, x + 1);
    }
    return NULL;
}

/* A form's or a table's result field whose value is the mark alone ("办理结果:A",
 * the 办理结果 column of a results table: "| A |"), in [a, b). */
void find_category_field(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    static const char *const result_labels[] = {"办理结果", "办复类别", "答复类别",
                                                "办理类别", "结果类别", NULL};
    /* a form's 类别 in its cells or apart by blanks ("| 类别 | A |", "类别  A"); with
     * its colon the header's line is read as before (find_category) */
    static const char *const class_labels[] = {"类别", NULL};
    /* with its colon ("类别:A类") the line is read as the header's (find_category) */
    int colon = 0;
    for (size_t i = find(t, a, b, "类别"); i != NPOS && !colon; i = find(t, i + 2, b, "类别")) {
        size_t c = i + 2;
        while (c < b && is_space(t->cp[c]))
            c++;
        colon = c < b && is_colon(t->cp[c]);
    }
    for (int k = 0; k < (colon ? 1 : 2) && !l->category; k++) {
        size_t vs = 0;
        size_t ve = 0;
        if (!form_value(t, a, b, k ? class_labels : result_labels, &vs, &ve) || vs >= ve ||
            !category_of(t->cp[vs]))
            continue;
        size_t j = vs + 1;
        if (j < ve && digit_val(t->cp[j]) >= 0)
            j++;
        if (j < ve && at(t, j, "类"))
            j++;
        if (j == ve)
            set_cstr(t, &l->category, category_of(t->cp[vs]), vs);
    }
}

/* 1 for a ticked box, 2 for an empty one, 0 for any other character. */
static int box_kind(uint32_t c)
{
    static const uint32_t ticked[] = {0x2611, 0x2612, 0x25A0, 0x221A, 0x2713, 0x2714, 0x25A3};
    static const uint32_t empty[] = {0x25A1, 0x2610};
    for (size_t k = 0; k < sizeof ticked / sizeof ticked[0]; k++)
        if (c == ticked[k])
            return 1;
    for (size_t k = 0; k < sizeof empty / sizeof empty[0]; k++)
        if (c == empty[k])
            return 2;
    return 0;
}

/* A mark's letter stands alone beside its box: the character on its far side is no
 * word's (a Latin letter, a digit, a Chinese character but 类): "□A重点" is no mark. */
static int mark_alone(const struct ctext *t, size_t j, size_t e, size_t le)
{
    if (j < e || j >= le)
        return 1;
    uint32_t c = t->cp[j];
    if (is_latin(c) || (c >= '0' && c <= '9'))
        return 0;
    return !is_han(c) || at(t, j, "类");
}

/* Where the mark before the box at i ends: at the box, or at the stop or comma
 * between them ("A.□　B.☑", "A、□"). */
static size_t mark_before(const struct ctext *t, size_t e, size_t i)
{
    if (i > e + 1 && (t->cp[i - 1] == '.' || t->cp[i - 1] == 0x3001) && category_of(t->cp[i - 2]))
        return i - 1;
    return i;
}

/* A form's boxes for the marks, one ticked ("□A　☑B　□C", "■A □B □C", "A□ B√ C□"),
 * from e to the line's end in [e, b): the ticked mark, or NULL when none or more
 * than one is ticked, or the boxes are not the marks'. */
static const char *ticked_box(const struct ctext *t, size_t e, size_t b)
{
    size_t le = line_end(t, e);
    if (le > b)
        le = b;
    if (le - e > 40)
        le = e + 40;
    /* a second form's field on the line ("□A　☑B　□C　　公开属性：☑主动公开") ends
     * the boxes at the blanks before its label */
    for (size_t i = e; i < le; i++)
        if (is_colon(t->cp[i])) {
            while (i > e && !is_space(t->cp[i - 1]))
                i--;
            le = i;
            break;
        }
    /* Which side of its box each letter is on, the same for every box of the line:
     * "□A　☑B" and "A☑B□C□" (no blanks between) read the same way. */
    int after = 1;
    int before = 1;
    int n_boxes = 0;
    for (size_t i = e; i < le; i++) {
        if (!box_kind(t->cp[i]))
            continue;
        n_boxes++;
        after &= i + 1 < le && category_of(t->cp[i + 1]) != NULL && mark_alone(t, i + 2, e, le);
        size_t p = mark_before(t, e, i);
        before &= p > e && category_of(t->cp[p - 1]) != NULL &&
                  (p < 2 || mark_alone(t, p - 2, e, le)) &&
                  (p == i || i + 1 >= le || !is_han(t->cp[i + 1]));
    }
    if (n_boxes < 2 || after == before)
        return NULL;
    const char *found = NULL;
    int n_ticked = 0;
    for (size_t i = e; i < le; i++) {
        if (box_kind(t->cp[i]) != 1)
            continue;
        n_ticked++;
        found = category_of(t->cp[after ? i + 1 : mark_before(t, e, i) - 1]);
    }
    return n_ticked == 1 ? found : NULL;
}

/* A category in [a, b): "X类" anywhere when `loose`, else only after a label
 * (类别, 办理结果) or in brackets "(B类)"; a mark alone on its line either way. */
void find_category(const struct ctext *t, size_t a, size_t b, int loose, struct letter *l)
{
    static const char *const labels[] = {"类别",     "办理结果", "类型", "答复类别",
                                         "办理类别", "结果类别", NULL};
    /* "类别:A", "答复类型:A", "办复结果:A(已解决)", "分类标记:B", "分类:B",
     * "答复结果:(A)" without 类 after the letter (nor a word: "类型:A级",
     * "分类:A级") */
    static const char *const bare[] = {"类别",     "办理结果", "类型",     "分类",
                                       "办复结果", "答复结果", "分类标记", NULL};
    /* each label's first character: at_label matches it at i alone, so a position
     * no label opens at is passed with a comparison each, not a call each */
    uint32_t bare_first[sizeof bare / sizeof *bare];
    for (int k = 0; bare[k]; k++) {
        const unsigned char *q = (const unsigned char *)bare[k];
        bare_first[k] = needle_next(&q);
    }
    for (size_t i = a; i < b; i++) {
        if (i == a || t->cp[i - 1] == '\n') {
            const char *c = mark_line(t, i, b);
            if (c) {
                set_cstr(t, &l->category, c, i);
                return;
            }
        }
        /* "A1  同意对外公开" above the header or in it: the mark, then the
         * disclosure on its line */
        if ((i == a || t->cp[i - 1] == '\n') && category_of(t->cp[i]) && i + 1 < b &&
            digit_val(t->cp[i + 1]) >= 0) {
            size_t k = i + 2;
            while (k < b && is_space(t->cp[k]) && k - i < 10)
                k++;
            size_t le = line_end(t, k);
            if (k > i + 2 && k < b && t->cp[k] != '\n' && le - k <= 12 &&
                find(t, k, le < b ? le : b, "公开") != NPOS) {
                set_cstr(t, &l->category, category_of(t->cp[i]), i);
                return;
            }
        }
        /* a letter alone under a letterhead, above the header or in it: the
         * letterhead and the doc number around it tell it from a font button */
        if (i == a || t->cp[i - 1] == '\n') {
            const char *c = letterhead_mark(t, i);
            if (c) {
                set_cstr(t, &l->category, c, i);
                return;
            }
        }
        /* in the header, a mark alone on its line: "A1", a padded "A" */
        if (loose && (i == a || t->cp[i - 1] == '\n') && category_of(t->cp[i])) {
            size_t j = i + 1;
            if (j < b && digit_val(t->cp[j]) >= 0)
                j++;
            /* a letter alone is also a page's font button: a mark only with its
             * digit or beside the disclosure line ("A" / "公开") */
            int marked = j > i + 1;
            if (!marked && (j == b || t->cp[j] == '\n')) {
                size_t w = j + 40 < b ? j + 40 : b;
                marked = find(t, j, w, "公开") != NPOS;
            }
            if ((j == b || t->cp[j] == '\n') && marked) {
                set_cstr(t, &l->category, category_of(t->cp[i]), i);
                return;
            }
        }
        /* "…第233号建议的答复(B)": in the header, a bracketed letter that ends
         * the line */
        if (loose && i > a && is_open_bracket(t->cp[i - 1]) && category_of(t->cp[i])) {
            size_t j = i + 1;
            if (j < b && digit_val(t->cp[j]) >= 0)
                j++;
            if (j < b && is_close_bracket(t->cp[j]) && tags_to_end(t, i, b)) {
                set_cstr(t, &l->category, category_of(t->cp[i]), i);
                return;
            }
        }
        /* "冀卫提〔2022〕41号  A1": a mark after a run of spaces that ends the
         * doc number's line, up to the width of the page's line when the mark stands
         * at its right edge ("义商函〔2024〕37号　　　…　　A") */
        if (loose && category_of(t->cp[i]) && i > a && is_space(t->cp[i - 1])) {
            size_t j = i + 1;
            if (j < b && digit_val(t->cp[j]) >= 0)
                j++;
            size_t p = i;
            while (p > a && is_space(t->cp[p - 1]) && i - p < 48)
                p--;
            if ((j == b || t->cp[j] == '\n') && p > a && at(t, p - 1, "号") &&
                find(t, line_start(t, p - 1), p, "〔") != NPOS) {
                set_cstr(t, &l->category, category_of(t->cp[i]), i);
                return;
            }
        }
        const char *c = category_at(t, a, b, i);
        if (c) {
            int ok = loose || (i > a && is_open_bracket(t->cp[i - 1]) && tags_to_end(t, i, b));
            size_t p = i;
            while (!ok && p > a && (t->cp[p - 1] == ' ' || is_colon(t->cp[p - 1])) && i - p < 4)
                p--;
            /* a sentence that states it: "本提案办理结果为A类", "答复类别是B类";
             * a label of the result's own, not 类别 or 类型 alone ("项目类型为A类",
             * "信用类别是B类" class something else) */
            static const char *const results[] = {"办理结果", "答复类别", "办理类别", "结果类别",
                                                  NULL};
            const char *const *which = labels;
            if (!ok && p > a && (at(t, p - 1, "为") || at(t, p - 1, "是"))) {
                p--;
                which = results;
            }
            for (int k = 0; !ok && which[k]; k++)
                ok = ends_with(t, a, p, which[k]);
            if (ok) {
                set_cstr(t, &l->category, c, i);
                return;
            }
        }
        for (int k = 0; bare[k]; k++) {
            if (t->cp[i] != bare_first[k])
                continue;
            size_t e = at_label(t, i, b, bare[k]);
            /* 分类 a label of its own, not a word's end ("垃圾分类:A类…") */
            if (e == NPOS || (k == 3 && i > a && is_han(t->cp[i - 1])))
                continue;
            /* the label named a mark ("类别标记：A", "分类标识：B"), with its colon */
            if ((at(t, e, "标记") || at(t, e, "标识")) && e + 2 < b && is_colon(t->cp[e + 2]))
                e += 2;
            while (e < b && (t->cp[e] == ' ' || is_colon(t->cp[e])) && e - i < 8)
                e++;
            c = ticked_box(t, e, b);
            if (c) {
                set_cstr(t, &l->category, c, e);
                return;
            }
            /* the mark in brackets that end the line: "答复结果:(A)", "分类:(B1)";
             * not the first of the form's choices ("答复结果:(A)已解决 (B)…") */
            if (e + 2 < b && is_open_bracket(t->cp[e]) && category_of(t->cp[e + 1])) {
                size_t j = e + 2;
                if (digit_val(t->cp[j]) >= 0 && j + 1 < b)
                    j++;
                size_t x = j + 1;
                while (x < b && is_space(t->cp[x]) && t->cp[x] != '\n')
                    x++;
                if (is_close_bracket(t->cp[j]) && (x >= b || t->cp[x] == '\n'))
                    e++;
            }
            uint32_t n = e + 1 < b ? t->cp[e + 1] : 0;
            /* the first of a list's options ("公开类型：A.☑主动公开　B.□…") */
            int option = e + 2 < b && (n == '.' || n == 0x3001) && box_kind(t->cp[e + 2]);
            if (e < b && category_of(t->cp[e]) && !option && !is_latin(n) &&
                ((k != 2 && k != 3) || !is_han(n) || at(t, e + 1, "类"))) {
                set_cstr(t, &l->category, category_of(t->cp[e]), e);
                return;
            }
        }
    }
}

/* Does the span [va, ve) occur in [a, b)? */
static int span_in(const struct ctext *t, size_t va, size_t ve, size_t a, size_t b)
{
    size_t n = ve - va;
    for (size_t i = a; i + n <= b; i++) {
        size_t k = 0;
        while (k < n && t->cp[i + k] == t->cp[va + k])
            k++;
        t->ctx->steps += k + 1;
        if (k == n)
            return 1;
    }
    return 0;
}

/* A result stated in words, not by its letter ("办理结果:列入计划拟解决"): the
 * class the letter's own legend gives those words ("B类为列入计划拟解决;"), else
 * the class of the standard wording of the handling results (所提问题已解决或采纳
 * A, 正在解决或列入计划解决 B, 因条件限制以后解决 or 留作参考 C), in [a, b). */
void find_category_words(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    static const char *const result_labels[] = {"办理结果", "办复结果", "办复类别", "答复类别",
                                                "办理类别", "结果类别", NULL};
    size_t vs = 0;
    size_t ve = 0;
    if (!form_value(t, a, b, result_labels, &vs, &ve))
        return;
    while (ve > vs && (is_space(t->cp[ve - 1]) || t->cp[ve - 1] == 0x3002 ||
                       t->cp[ve - 1] == 0xFF1B || t->cp[ve - 1] == ';'))
        ve--;
    if (ve - vs < 2 || ve - vs > 24 || !is_han(t->cp[vs]))
        return;
    for (size_t i = vs; i < ve; i++)
        if (category_of(t->cp[i]) || !is_han(t->cp[i]))
            return; /* a mark of its own, or more than the wording */
    /* the legend: "X类为…", "X类:…", "X类(…)", each up to the next mark or stop */
    const char *found = NULL;
    int n_found = 0;
    for (size_t i = a; i < b; i++) {
        t->ctx->steps++;
        const char *c = category_of(t->cp[i]);
        if (!c || i + 1 >= b || !at(t, i + 1, "类") || (i >= vs && i < ve))
            continue;
        size_t d = i + 2;
        while (d < b &&
               (is_space(t->cp[d]) || is_colon(t->cp[d]) || is_open_bracket(t->cp[d]) ||
                at(t, d, "为") || at(t, d, "是")) &&
               d - i < 5)
            d++;
        size_t e = d;
        while (e < b && e - d < 60 && t->cp[e] != '\n' && t->cp[e] != 0x3002 &&
               t->cp[e] != 0xFF1B && t->cp[e] != ';' && !is_close_bracket(t->cp[e]) &&
               !(category_of(t->cp[e]) && e + 1 < b && at(t, e + 1, "类")))
            e++;
        if (e > d && span_in(t, vs, ve, d, e) && found != c) {
            found = c;
            n_found++;
        }
    }
    if (n_found > 1)
        return; /* the legend does not tell */
    if (!found) {
        static const char *const words[][2] = {
            {"留作参考", "C"}, {"以后解决", "C"}, {"不能解决", "C"},  {"条件限制", "C"},
            {"列入计划", "B"}, {"正在解决", "B"}, {"逐步解决", "B"},  {"已解决", "A"},
            {"基本解决", "A"}, {"已采纳", "A"},   {"解决或采纳", "A"}};
        for (size_t k = 0; k < sizeof words / sizeof words[0] && !found; k++)
            if (find(t, vs, ve, words[k][0]) != NPOS)
                for (int j = 0; vocab_categories[j] && !found; j++)
                    if (!strcmp(vocab_categories[j], words[k][1]))
                        found = vocab_categories[j];
    }
    if (found)
        set_cstr(t, &l->category, found, vs);
}
