/*
 * The outcome category: 类别:A类, (B类), B1类.
 */
#include "import/parse/parse_int.h"

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
        if ((p >= 'A' && p <= 'Z') || (p >= 'a' && p <= 'z') || digit_val(p) >= 0)
            return NULL;
    }
    size_t j = i + 1;
    if (j < b && digit_val(t->cp[j]) >= 0)
        j++;
    while (j < b && t->cp[j] == ' ' && j - i < 5)
        j++;
    return j < b && at(t, j, "类") ? c : NULL;
}

/* The category of a mark that is its line's whole text, from i at the line's
 * start to b: "(A)", "【B类】", "C类", "A1类" (spaces around), or NULL. */
static const char *mark_line(const struct ctext *t, size_t i, size_t b)
{
    size_t le = line_end(t, i);
    if (le > b)
        le = b;
    while (i < le && is_space(t->cp[i]))
        i++;
    while (le > i && is_space(t->cp[le - 1]))
        le--;
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

/* A form's or a table's result field whose value is the mark alone ("办理结果:A",
 * the 办理结果 column of a results table: "| A |"), in [a, b). */
void find_category_field(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    static const char *const result_labels[] = {"办理结果", "办复类别", "答复类别",
                                                "办理类别", "结果类别", NULL};
    size_t vs = 0;
    size_t ve = 0;
    if (form_value(t, a, b, result_labels, &vs, &ve) && vs < ve && category_of(t->cp[vs])) {
        size_t j = vs + 1;
        if (j < ve && digit_val(t->cp[j]) >= 0)
            j++;
        if (j < ve && at(t, j, "类"))
            j++;
        if (j == ve) {
            set_cstr(t, &l->category, category_of(t->cp[vs]), vs);
        }
    }
}

/* A category in [a, b): "X类" anywhere when `loose`, else only after a label
 * (类别, 办理结果) or in brackets "(B类)"; a mark alone on its line either way. */
void find_category(const struct ctext *t, size_t a, size_t b, int loose, struct letter *l)
{
    static const char *const labels[] = {"类别",     "办理结果", "类型", "答复类别",
                                         "办理类别", "结果类别", NULL};
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
            size_t e = j < b && is_close_bracket(t->cp[j]) ? j + 1 : NPOS;
            while (e != NPOS && e < b && is_space(t->cp[e]) && t->cp[e] != '\n')
                e++;
            if (e != NPOS && (e == b || t->cp[e] == '\n')) {
                set_cstr(t, &l->category, category_of(t->cp[i]), i);
                return;
            }
        }
        /* "冀卫提〔2022〕41号  A1": a mark after a run of spaces that ends the
         * doc number's line */
        if (loose && category_of(t->cp[i]) && i > a && is_space(t->cp[i - 1])) {
            size_t j = i + 1;
            if (j < b && digit_val(t->cp[j]) >= 0)
                j++;
            size_t p = i;
            while (p > a && is_space(t->cp[p - 1]) && i - p < 8)
                p--;
            if ((j == b || t->cp[j] == '\n') && p > a && at(t, p - 1, "号") &&
                find(t, line_start(t, p - 1), p, "〔") != NPOS) {
                set_cstr(t, &l->category, category_of(t->cp[i]), i);
                return;
            }
        }
        const char *c = category_at(t, a, b, i);
        if (c) {
            int ok = loose || (i > a && is_open_bracket(t->cp[i - 1]));
            size_t p = i;
            while (!ok && p > a && (t->cp[p - 1] == ' ' || is_colon(t->cp[p - 1])) && i - p < 4)
                p--;
            for (int k = 0; !ok && labels[k]; k++)
                ok = ends_with(t, a, p, labels[k]);
            if (ok) {
                set_cstr(t, &l->category, c, i);
                return;
            }
        }
        /* "类别:A", "答复类型:A", "办复结果:A(已解决)", "分类标记:B" without 类 after
         * the letter (nor a word: "类型:A级") */
        static const char *const bare[] = {"类别",     "办理结果", "类型",
                                           "办复结果", "分类标记", NULL};
        for (int k = 0; bare[k]; k++) {
            size_t e = at_label(t, i, b, bare[k]);
            if (e == NPOS)
                continue;
            while (e < b && (t->cp[e] == ' ' || is_colon(t->cp[e])) && e - i < 8)
                e++;
            uint32_t n = e + 1 < b ? t->cp[e + 1] : 0;
            if (e < b && category_of(t->cp[e]) &&
                !((n >= 'A' && n <= 'Z') || (n >= 'a' && n <= 'z')) &&
                (k != 2 || !is_han(n) || at(t, e + 1, "类"))) {
                set_cstr(t, &l->category, category_of(t->cp[e]), e);
                return;
            }
        }
    }
}
