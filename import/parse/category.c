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

/* A category in [a, b): "X类" anywhere when `loose`, else only after a label
 * (类别, 办理结果) or in brackets "(B类)". */
void find_category(const struct ctext *t, size_t a, size_t b, int loose, struct letter *l)
{
    static const char *const labels[] = {"类别",     "办理结果", "答复类别", "办理类别",
                                         "结果类别", "类型",     NULL};
    for (size_t i = a; i < b; i++) {
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
        /* "类别:A" without 类 after the letter */
        for (int k = 0; labels[k] && k < 2; k++) {
            size_t e = at_label(t, i, b, labels[k]);
            if (e == NPOS)
                continue;
            while (e < b && (t->cp[e] == ' ' || is_colon(t->cp[e])) && e - i < 8)
                e++;
            if (e < b && category_of(t->cp[e]) &&
                (e + 1 >= b || !((t->cp[e + 1] >= 'A' && t->cp[e + 1] <= 'Z') ||
                                 (t->cp[e + 1] >= 'a' && t->cp[e + 1] <= 'z')))) {
                set_cstr(t, &l->category, category_of(t->cp[e]), e);
                return;
            }
        }
    }
}
