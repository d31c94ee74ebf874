/*
 * The doc number: 湘工信建议函[2023]266号.
 */
#include "import/parse/parse_int.h"

/* A doc number at the bracket i: issuer prefix, 4-digit year in brackets, serial and
 * 号 (a damaged one without its closing bracket or 号 is kept as written). Returns
 * 1 with the span set. */
int doc_number_at(const struct ctext *t, size_t a, size_t b, size_t i, size_t *ps_out,
                  size_t *e_out)
{
    size_t y = i + 1;
    size_t k = 0;
    while (y < b && digit_val(t->cp[y]) >= 0 && k < 4) {
        y++;
        k++;
    }
    if (k != 4)
        return 0;
    size_t ps = i;
    while (ps > a && is_han(t->cp[ps - 1]) && i - ps < 12)
        ps--;
    if (ps == i)
        return 0;
    size_t e = y;
    int closed = 0;
    if (e < b && is_close_bracket(t->cp[e])) {
        e++;
        closed = 1;
    }
    /* a word between the year and the serial ("闵市监〔2024〕建字第18号"): its 号
     * is then required */
    size_t word = e;
    while (closed && word < b && word - e < 3 && is_han(t->cp[word]) && !at(t, word, "第") &&
           !at(t, word, "号") && cn_val(t->cp[word]) < 0)
        word++;
    int worded = word > e;
    e = word;
    if (closed && e < b && at(t, e, "第"))
        e++;
    size_t ds = e;
    while (e < b && e - ds < 8 && (digit_val(t->cp[e]) >= 0 || (t->cp[e] == '-' && e > ds)))
        e++;
    if (worded && (e == ds || !(e < b && at(t, e, "号"))))
        return 0;
    if (e == ds) {
        /* damaged down to "某教函〔2023" at a line's end: kept as written */
        size_t x = e;
        while (x < b && t->cp[x] == ' ')
            x++;
        if (closed || (x < b && t->cp[x] != '\n') || i == 0 ||
            !(at(t, i - 1, "函") || at(t, i - 1, "字") || at(t, i - 1, "发") ||
              at(t, i - 1, "复") || at(t, i - 1, "办")))
            return 0;
    } else if (e < b && at(t, e, "号")) {
        e++;
    } else if (closed) {
        return 0;
    }
    /* cut words glued before the prefix: a header word, a label */
    static const char *const glue[] = {"答复", "复函", "的函", "文号", "字号", "号", NULL};
    for (int g = 0; glue[g]; g++) {
        size_t c = rfind(t, ps, i, glue[g]);
        if (c != NPOS && c + needle_len(glue[g]) < i)
            ps = c + needle_len(glue[g]);
    }
    if (ps == i)
        return 0;
    *ps_out = ps;
    *e_out = e;
    return 1;
}

/* The first doc number in [a, b) into l->doc_number. Returns 1 when found. */
int find_doc_number(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    for (size_t i = a; i + 6 < b; i++) {
        size_t ps = 0;
        size_t e = 0;
        if (is_open_bracket(t->cp[i]) && doc_number_at(t, a, b, i, &ps, &e)) {
            set_field(&l->doc_number, t, ps, e);
            return 1;
        }
    }
    return 0;
}
