/*
 * The doc number: 湘工信建议函[2023]266号.
 */
#include "import/parse/parse_int.h"

/* The most blanks a stray space between two parts of a doc number spans. */
#define DOC_BLANKS 2

/* Past a stray space at i (at most DOC_BLANKS blanks, as a Word export leaves one
 * between a doc number's parts: "〔2025〕63 号") when a part follows it before b. */
static size_t past_blank(const struct ctext *t, size_t i, size_t b)
{
    size_t j = i;
    while (j < b && j - i < DOC_BLANKS && is_space(t->cp[j]))
        j++;
    return j < b && !is_space(t->cp[j]) && t->cp[j] != '\n' ? j : i;
}

/* "豫农办函〔2020〕 号": a doc number whose serial was left blank (a form's place for
 * it, published unfilled): after the year's closing bracket at i, blanks (up to
 * eight, or none) and 号, which ends the line or a field of it. The issuer and the
 * year name the document as far as it is numbered; mangled numbers are kept as
 * written, the blanks left out as a Word export's are. Sets *e after 号. */
static int blank_serial(const struct ctext *t, size_t i, size_t b, size_t *e)
{
    size_t x = i;
    while (x < b && x - i < 8 && is_space(t->cp[x]))
        x++;
    if (x >= b || !at(t, x, "号") || (x + 1 < b && !is_space(t->cp[x + 1]) && t->cp[x + 1] != '\n'))
        return 0;
    *e = x + 1;
    return 1;
}

/* A doc number at the bracket i: issuer prefix, 4-digit year in brackets, serial and
 * 号 (a damaged one without its closing bracket or 号 is kept as written), a stray
 * space between two of its parts passed over. Returns 1 with the span set. */
int doc_number_at(const struct ctext *t, size_t a, size_t b, size_t i, size_t *ps_out,
                  size_t *e_out)
{
    size_t y = past_blank(t, i + 1, b);
    size_t k = 0;
    while (y < b && digit_val(t->cp[y]) >= 0 && k < 4) {
        y++;
        k++;
    }
    if (k != 4)
        return 0;
    if (past_blank(t, y, b) > y && is_close_bracket(t->cp[past_blank(t, y, b)]))
        y = past_blank(t, y, b);
    size_t ps = i;
    while (ps > a && is_han(t->cp[ps - 1]) && i - ps < 12)
        ps--;
    /* "冀发改提函 [2022] 43 号": a scan's blank between the prefix and the bracket,
     * the number then whole (closed, its 号) */
    int spaced = 0;
    if (ps == i && i > a + 2 && t->cp[i - 1] == ' ' && is_han(t->cp[i - 2])) {
        ps = i - 1;
        while (ps > a && is_han(t->cp[ps - 1]) && i - 1 - ps < 12)
            ps--;
        spaced = 1;
    }
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
    if (closed && past_blank(t, e, b) > e && at(t, past_blank(t, e, b), "第"))
        e = past_blank(t, e, b);
    if (closed && e < b && at(t, e, "第"))
        e++;
    if (closed && past_blank(t, e, b) > e && digit_val(t->cp[past_blank(t, e, b)]) >= 0)
        e = past_blank(t, e, b);
    size_t ds = e;
    while (e < b && e - ds < 8 && (digit_val(t->cp[e]) >= 0 || (t->cp[e] == '-' && e > ds)))
        e++;
    if (e > ds && past_blank(t, e, b) > e && at(t, past_blank(t, e, b), "号"))
        e = past_blank(t, e, b);
    if (worded && (e == ds || !(e < b && at(t, e, "号"))))
        return 0;
    if (e == ds && closed && blank_serial(t, e, b, &e)) {
        /* kept as written, 豫农办函〔2020〕号 */
    } else if (e == ds) {
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
    if (spaced && !(closed && e > ds && at(t, e - 1, "号")))
        return 0;
    /* cut words glued before the prefix: a header word, a label */
    static const char *const glue[] = {"答复", "复函", "的函", "文号", "字号", "号", NULL};
    for (int g = 0; glue[g]; g++) {
        size_t c = rfind(t, ps, i, glue[g]);
        if (c != NPOS && c + needle_len(glue[g]) < i - spaced)
            ps = c + needle_len(glue[g]);
    }
    if (ps == i - spaced)
        return 0;
    /* "第〔2023〕12号提案": 第 before the bracket numbers a proposal; an issuer's
     * prefix never ends in it */
    if (at(t, i - 1 - spaced, "第"))
        return 0;
    *ps_out = ps;
    *e_out = e;
    return 1;
}

/* Is cp[a..b) a doc number alone, its 号 perhaps left out: an issuer's prefix, the
 * year in brackets and the serial ("沪交建〔2023〕0329", "沪交建〔2023〕329号")? A
 * proposal's number (0329, 第0329号) has no issuer nor year. */
int issued_serial(const struct ctext *t, size_t a, size_t b)
{
    size_t i = a;
    while (i < b && is_han(t->cp[i]))
        i++;
    if (i < a + 2 || i >= b || !is_open_bracket(t->cp[i]))
        return 0;
    size_t y = ++i;
    while (i < b && digit_val(t->cp[i]) >= 0)
        i++;
    if (i != y + 4 || i >= b || !is_close_bracket(t->cp[i]))
        return 0;
    size_t d = ++i;
    while (i < b && digit_val(t->cp[i]) >= 0)
        i++;
    if (i < b && at(t, i, "号"))
        i++;
    return i > d && i == b;
}

/* Sets the doc number cp[a..b) as written, its stray spaces left out. */
static void set_doc_number(const struct ctext *t, struct letter *l, size_t a, size_t b)
{
    struct buf v = BUF_INIT;
    int rc = pctx_alloc(t->ctx);
    for (size_t i = a; i < b && !rc; i++)
        if (!is_space(t->cp[i]))
            rc = span_add(t, &v, i, i + 1);
    if (!rc)
        rc = pctx_fail(t->ctx, letter_set(&l->doc_number, v.data, v.len));
    buf_release(&v);
    if (rc) {
        pctx_fail(t->ctx, -1);
        return;
    }
    note_read(t, LP_DOC_NUMBER, a);
}

/* The first doc number in [a, b) into l->doc_number. Returns 1 when found. */
int find_doc_number(const struct ctext *t, size_t a, size_t b, struct letter *l)
{
    for (size_t i = a; i + 6 < b; i++) {
        size_t ps = 0;
        size_t e = 0;
        if (is_open_bracket(t->cp[i]) && doc_number_at(t, a, b, i, &ps, &e)) {
            set_doc_number(t, l, ps, e);
            return 1;
        }
    }
    return 0;
}
