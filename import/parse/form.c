/*
 * Form fields of a page or a proposal form: "标 题:…", "代表姓名:…",
 * "发布机构  舟曲县教育局".
 */
#include "import/parse/parse_int.h"
#include <string.h>

/* Matches the label at i, allowing spaces between its characters ("索 引 号",
 * "类  别"). Returns the index after it, or NPOS. */
size_t at_label(const struct ctext *t, size_t i, size_t b, const char *label)
{
    const unsigned char *p = (const unsigned char *)label;
    size_t k = i;
    int first = 1;
    while (*p) {
        t->ctx->steps++;
        uint32_t c = needle_next(&p);
        while (!first && k < b && t->cp[k] == ' ' && k - i < 16)
            k++;
        if (k >= b || t->cp[k] != c)
            return NPOS;
        k++;
        first = 0;
    }
    return k;
}

/* Does a short label and its colon start at i ("作者:")? It ends the value before it
 * when a page runs its meta fields together on one line. */
static int next_label(const struct ctext *t, size_t i, size_t le)
{
    for (size_t k = i; k < le && k - i <= 5; k++) {
        if (is_colon(t->cp[k]))
            return k - i >= 2;
        if (!is_han(t->cp[k]))
            return 0;
    }
    return 0;
}

/* May a label follow c in form_value: a blank, a bullet (•, ·), a wall or an
 * opening bracket ('[', 【)? */
static int label_may_follow(uint32_t c)
{
    return c == ' ' || c == 0x2022 || c == 0xB7 || is_wall(c) || c == '[' || c == 0x3010;
}

/* A value of several words in a row of fields whose labels end in a colon
 * ("领衔代表:罗 平  杨小军 代表团:…", "协办单位:某某局  某某局 答复日期:…"): from
 * the blanks at x, the words that follow up to the next label are the value's too,
 * when each is Han characters (a list's 、 and middle dots) and a label does follow
 * on the line. Returns the end of the value: x, or the end of its last word. */
static size_t value_runs_on(const struct ctext *t, size_t x, size_t le)
{
    size_t end = x;
    for (size_t k = x; k < le && k - x <= 60;) {
        while (k < le && t->cp[k] == ' ')
            k++;
        if (k >= le)
            return x;
        if (next_label(t, k, le))
            return end;
        size_t w = k;
        while (w < le && t->cp[w] != ' ') {
            t->ctx->steps++;
            if (!is_han(t->cp[w]) && t->cp[w] != 0x3001 && !is_name_dot(t->cp[w]))
                return x;
            w++;
        }
        end = w;
        k = w;
    }
    return x;
}

/* The '|' of the line [ls, le) before i, and in all (*all). */
static size_t pipes_before(const struct ctext *t, size_t ls, size_t le, size_t i, size_t *all)
{
    size_t n = 0;
    *all = 0;
    for (size_t k = ls; k < le; k++) {
        t->ctx->steps++;
        if (t->cp[k] == '|') {
            n += k < i;
            (*all)++;
        }
    }
    return n;
}

/* Is cp[a..b) one of the labels a form's field takes (标题, 文号, 答复单位, 日期 …)? */
static int known_label(const struct ctext *t, size_t a, size_t b)
{
    static const char *const *const lists[] = {
        title_labels,  proposer_labels,    cosigner_labels,   number_labels,   dept_labels,
        source_labels, signed_date_labels, other_date_labels, pub_date_labels, NULL};
    static const char *const more[] = {"文号",     "发文字号", "索引号",   "类别",     "办理结果",
                                       "主办单位", "协办单位", "序号",     "主题分类", "名称",
                                       "有效性",   "生效日期", "废止日期", "公开方式", "会议届次",
                                       "届次",     NULL};
    for (int k = 0; lists[k]; k++)
        for (int w = 0; lists[k][w]; w++)
            if (b - a == needle_len(lists[k][w]) && at(t, a, lists[k][w]))
                return 1;
    for (int w = 0; more[w]; w++)
        if (b - a == needle_len(more[w]) && at(t, a, more[w]))
            return 1;
    return 0;
}

/* A form's known label of three characters or more at i with a blank, a colon or
 * a wall after it: the index after it, else NPOS. In a row of fields apart by
 * single blanks and no colons ("领衔代表　谭晓峰　附议代表　龙建明、石春花") it is the
 * next field's label: it ends the value before it, and it needs no colon. */
static size_t label_end(const struct ctext *t, size_t i, size_t le)
{
    size_t w = i;
    while (w < le && w - i < 8 && is_han(t->cp[w]))
        w++;
    t->ctx->steps += w - i;
    if (w - i >= 3 && w < le && (t->cp[w] == ' ' || is_colon(t->cp[w]) || is_wall(t->cp[w])) &&
        known_label(t, i, w))
        return w;
    return NPOS;
}

/* Is the label [i, e) after one blank the next field of a row apart by single
 * blanks: a known label (label_end) between a value's last character and its own
 * value's first, a Han character or a digit each ("谭晓峰　附议代表　龙建明"), not a
 * breadcrumb's item ("首页 > 人大建议 > 建议办理")? */
static int spaced_field(const struct ctext *t, size_t i, size_t e, size_t le)
{
    return i >= 2 && e + 1 < le && label_end(t, i, le) == e && t->cp[e] == ' ' &&
           (is_han(t->cp[i - 2]) || digit_val(t->cp[i - 2]) >= 0) &&
           (is_han(t->cp[e + 1]) || digit_val(t->cp[e + 1]) >= 0);
}

/* The col-th cell of the row [ns, ne) (the same number of '|' before it), without
 * its blanks, in [*k, *e). */
static void row_cell(const struct ctext *t, size_t ns, size_t ne, size_t col, size_t *k, size_t *e)
{
    size_t x = ns;
    for (size_t seen = 0; x < ne && seen < col; x++)
        seen += t->cp[x] == '|';
    size_t y = x;
    while (y < ne && t->cp[y] != '|')
        y++;
    while (x < y && t->cp[x] == ' ')
        x++;
    while (y > x && t->cp[y - 1] == ' ')
        y--;
    *k = x;
    *e = y;
}

/* The first line at or after x that is not empty: a table's rows of replies may
 * stand apart by blank lines. */
static size_t past_blank_lines(const struct ctext *t, size_t x)
{
    while (x < t->n && t->cp[x] == '\n')
        x++;
    return x;
}

/* Does the cell [a, b) end with a date (its reply's signing date, "… 2023年6月20日")? */
static int cell_ends_in_date(const struct ctext *t, size_t a, size_t b)
{
    while (b > a && is_space(t->cp[b - 1]))
        b--;
    for (size_t p = b; p > a && b - p < 24;)
        if (date_end(t, --p, b) == b)
            return 1;
    return 0;
}

/* Does the row [rs, re) hold a reply in full: a cell opening with its salutation
 * and ending with its date ("| 泽仁拉姆代表：您提出的…收悉。…某某局 2023年6月20日 |")?
 * A cell that opens with a salutation over a summary (…详见答复全文。) holds none. */
int reply_row(const struct ctext *t, size_t rs, size_t re)
{
    for (size_t k = rs; k < re; k++) {
        if (t->cp[k] != '|')
            continue;
        size_t a = k + 1;
        while (a < re && t->cp[a] == ' ')
            a++;
        for (size_t c = a; c < re && c - a <= 40 && t->cp[c] != '|'; c++)
            if (is_colon(t->cp[c])) {
                if (salutation_line(t, a, c + 1)) {
                    size_t ce = c;
                    while (ce < re && t->cp[ce] != '|')
                        ce++;
                    if (cell_ends_in_date(t, c + 1, ce))
                        return 1;
                }
                break;
            }
    }
    return 0;
}

/* The row of a table that is the letter's own, its first row of values at ns under
 * the labels [ls, le) of `all` walls. A table of several items (a meeting's results,
 * one row a proposal: "| 序号 | 建议号 | … | 办理结果 |") is not the letter's
 * metadata: the row whose number (under 建议号, 提案编号 …) the text after the
 * table names as 第N号 (the reply shown in full, its own header) is, else the
 * first when each row holds a reply in full (reply_row), else none (NPOS). One
 * row of values is the letter's. */
static size_t item_row(const struct ctext *t, size_t ls, size_t le, size_t ns, size_t all)
{
    size_t starts[32];
    size_t rows = 0;
    size_t x = ns;
    while (x < t->n && rows < sizeof starts / sizeof starts[0]) {
        size_t xe = line_end(t, x);
        size_t n = 0;
        pipes_before(t, x, xe, xe, &n);
        if (n != all)
            break;
        starts[rows++] = x;
        /* rows of replies may stand apart by blank lines; other rows end their
         * table there (the page's next table is another's) */
        x = reply_row(t, x, xe) ? past_blank_lines(t, xe + 1) : xe + 1;
    }
    if (rows < 2)
        return ns;
    /* a table of replies, one a row, each cell of 答复内容 a reply in full from its
     * salutation to its date: the first row's is the letter, as the first of two
     * replies on a page is */
    int replies = reply_row(t, starts[0], line_end(t, starts[0])) &&
                  reply_row(t, starts[1], line_end(t, starts[1]));
    /* the number's column among the labels */
    size_t col = NPOS;
    for (size_t c = 1; c < all && col == NPOS; c++) {
        size_t k = 0;
        size_t e = 0;
        row_cell(t, ls, le, c, &k, &e);
        for (int w = 0; number_labels[w] && col == NPOS; w++)
            if (e - k == needle_len(number_labels[w]) && at(t, k, number_labels[w]))
                col = c;
    }
    if (col == NPOS)
        return replies ? starts[0] : NPOS;
    for (size_t r = 0; r < rows; r++) {
        size_t k = 0;
        size_t e = 0;
        row_cell(t, starts[r], line_end(t, starts[r]), col, &k, &e);
        size_t bytes = t->off[e] - t->off[k];
        if (e <= k || e - k > 20)
            continue;
        char needle[96];
        memcpy(needle, "第", 3);
        memcpy(needle + 3, t->s + t->off[k], bytes);
        memcpy(needle + 3 + bytes, "号", 4); /* with its NUL */
        if (find(t, x, t->n, needle) != NPOS)
            return starts[r];
    }
    return replies ? starts[0] : NPOS;
}

/* A table whose first row holds only labels ("| 建议编号 | 建议标题 | 领衔代表 |"), a
 * Markdown rule ("|---|---|") perhaps under it, then a row of values: the value
 * under the label at i of the row [ls, le), in [*vs, *ve). Returns 1 when found. */
static int value_below(const struct ctext *t, size_t ls, size_t le, size_t i, size_t b, size_t *vs,
                       size_t *ve)
{
    size_t all = 0;
    size_t col = pipes_before(t, ls, le, i, &all);
    if (all < 3)
        return 0;
    /* every cell of the row is a short label */
    size_t cell = 0;
    size_t cells = 0;
    size_t cs = NPOS; /* the start of a cell other than the label's */
    size_t ce = NPOS;
    for (size_t k = ls; k <= le; k++) {
        if (k == le || t->cp[k] == '|') {
            if (cell > 8)
                return 0;
            cells += cell > 0;
            cell = 0;
        } else if (t->cp[k] != ' ') {
            if (!is_han(t->cp[k]))
                return 0;
            if (cell == 0 && k != i && cs == NPOS) {
                cs = k;
                ce = k;
                while (ce < le && t->cp[ce] != '|' && t->cp[ce] != ' ')
                    ce++;
            }
            cell++;
        }
    }
    /* a row of two cells is a label's and its value's ("| 答复单位 | 某某局 |")
     * unless the other is a label too */
    if (cells == 2 && cs != NPOS && !known_label(t, cs, ce))
        return 0;
    size_t ns = past_blank_lines(t, le + 1);
    for (int rows = 0; rows < 2 && ns < b; rows++) {
        size_t ne = line_end(t, ns); /* the row whole, though the region ends in it */
        int rule = ne > ns;
        for (size_t k = ns; k < ne && rule; k++)
            rule = t->cp[k] == '|' || t->cp[k] == '-' || t->cp[k] == ':' || t->cp[k] == ' ';
        if (rule) {
            ns = past_blank_lines(t, ne + 1);
            continue;
        }
        size_t n = 0;
        size_t c = pipes_before(t, ns, ne, ne, &n);
        (void)c;
        if (n != all)
            return 0;
        ns = item_row(t, ls, le, ns, all);
        if (ns == NPOS)
            return 0;
        ne = line_end(t, ns);
        /* the col-th cell of the row (the same number of '|' before it) */
        size_t k = 0;
        size_t e = 0;
        row_cell(t, ns, ne, col, &k, &e);
        if (e <= k)
            return 0;
        *vs = k;
        *ve = e;
        return 1;
    }
    return 0;
}

/* The cells of the line [ls, le) apart by runs of two blanks or more: up to max of
 * them in cells[][2], their count returned. */
static size_t blank_cells(const struct ctext *t, size_t ls, size_t le, size_t (*cells)[2],
                          size_t max)
{
    size_t n = 0;
    for (size_t k = ls; k < le && n < max;) {
        while (k < le && t->cp[k] == ' ')
            k++;
        if (k >= le)
            break;
        size_t e = k;
        while (e < le && !(t->cp[e] == ' ' && (e + 1 >= le || t->cp[e + 1] == ' ')))
            e++;
        t->ctx->steps += e - k;
        cells[n][0] = k;
        cells[n][1] = e;
        n++;
        k = e;
    }
    return n;
}

/* A table copied without its rules, its columns apart by runs of blanks: a row of
 * labels only ("会议届次　　建议编号　　领衔代表　　建议题目"), then on the next line
 * a row of as many values. The value in the column of the label at i of the row
 * [ls, le), in [*vs, *ve). Returns 1 when found. */
static int value_under(const struct ctext *t, size_t ls, size_t le, size_t i, size_t b, size_t *vs,
                       size_t *ve)
{
    size_t labels[12][2];
    size_t values[12][2];
    size_t n = blank_cells(t, ls, le, labels, 12);
    size_t col = NPOS;
    for (size_t c = 0; c < n; c++) {
        if (!known_label(t, labels[c][0], labels[c][1]))
            return 0;
        if (labels[c][0] == i)
            col = c;
    }
    if (n < 3 || n == 12 || col == NPOS || le >= b)
        return 0;
    size_t ns = le + 1;
    size_t ne = line_end(t, ns);
    if (ne > b || blank_cells(t, ns, ne, values, 12) != n)
        return 0;
    for (size_t c = 0; c < n; c++)
        if (known_label(t, values[c][0], values[c][1]))
            return 0;
    *vs = values[col][0];
    *ve = values[col][1];
    return 1;
}

/* Notes the form value [vs, ve) read (its evidence). Returns 1. */
static int note_form(const struct ctext *t, size_t vs, size_t ve)
{
    struct pctx *c = t->ctx;
    if (c->n_forms < sizeof c->forms / sizeof c->forms[0]) {
        c->forms[c->n_forms][0] = vs;
        c->forms[c->n_forms][1] = ve;
        c->n_forms++;
    }
    return 1;
}

/* Finds "LABEL: value" in the lines of [a, b): the label at a line start, after a
 * bullet, or after two spaces, then a colon or spaces. The value runs to the line
 * end, to the next two spaces, or to a blank before a date ("来源:某某局 2020-08-27 16:07",
 * a page's blank runs made one). Returns 1 with [*vs, *ve) set. */
int form_value(const struct ctext *t, size_t a, size_t b, const char *const *labels, size_t *vs,
               size_t *ve)
{
    for (size_t ls = a; ls < b;) {
        size_t le = line_end(t, ls);
        if (le > b)
            le = b;
        {
            /* the label stands in the line's first 300 characters; its value
             * (a list of a hundred proposers) may run longer */
            size_t lab_end = le - ls <= 300 ? le : ls + 300;
            t->ctx->steps += lab_end - ls;
            for (size_t i = ls; i < lab_end; i++) {
                /* a label opens its line or follows a blank, a bullet, a wall or a
                 * bracket (the tests below): most characters are passed by the one
                 * before them */
                if (t->cp[i] == ' ' || (i > ls && !label_may_follow(t->cp[i - 1])))
                    continue;
                int boundary =
                    i == ls || (i >= ls + 2 && t->cp[i - 1] == ' ' && t->cp[i - 2] == ' ');
                if (!boundary && i > ls && (t->cp[i - 1] == 0x2022 || t->cp[i - 1] == 0xB7))
                    boundary = 1;
                /* a pipe table's cell ("| 文 号: |", "[ 发文字号 ] | 2022-92 |") */
                size_t pp = i;
                while (pp > ls && t->cp[pp - 1] == ' ' && i - pp < 3)
                    pp--;
                int piped =
                    !boundary && pp > ls &&
                    (is_wall(t->cp[pp - 1]) || t->cp[pp - 1] == '[' || t->cp[pp - 1] == 0x3010);
                boundary |= piped;
                /* after one space, a label needs its colon ("日期 来源: 某部") */
                int spaced = !boundary && i > ls && t->cp[i - 1] == ' ';
                if ((!boundary && !spaced) || t->cp[i] == ' ')
                    continue;
                for (int k = 0; labels[k]; k++) {
                    size_t e = at_label(t, i, le, labels[k]);
                    /* a label in 【】 with its value glued after ("【建议编号】第7号",
                     * "【领衔代表】张三"): the brackets set the label apart */
                    int boxed = 0;
                    /* law databases glue a long label to its value at a line
                     * start ("发文机关农业农村部") */
                    if (piped && e != NPOS) {
                        size_t e2 = e;
                        while (e2 < le &&
                               (t->cp[e2] == ' ' || t->cp[e2] == ']' || t->cp[e2] == 0x3011) &&
                               e2 - e < 4)
                            e2++;
                        if (e2 < le && (is_colon(t->cp[e2]) || is_wall(t->cp[e2])))
                            e = e2;
                        else if (e2 == le && value_below(t, ls, le, i, b, vs, ve))
                            /* the last cell of a row of labels without a closing '|'
                             * ("序号|建议号|…|办理类别") */
                            return note_form(t, *vs, *ve);
                        else if (e2 < le && e2 == e + 1 && t->cp[e] == 0x3011 && pp > ls &&
                                 t->cp[pp - 1] == 0x3010 && !is_space(t->cp[e2]))
                            e = e2, boxed = 1;
                        else
                            continue;
                    }
                    int glued = e != NPOS && e < le && i == ls && e - i >= 4 &&
                                needle_len(labels[k]) >= 4 && !is_colon(t->cp[e]) &&
                                t->cp[e] != ' ';
                    /* a longer label that begins with this one and has its own
                     * colon ("附议代表人数:11" is no 附议代表's value) */
                    size_t more = e;
                    while (glued && more < le && more - e < 4 && is_han(t->cp[more]))
                        more++;
                    if (glued && more < le && is_colon(t->cp[more]))
                        glued = 0;
                    /* the label alone on its line, its value on the next (a vertical
                     * table of an open-information page: "发布机构" / "某某局") */
                    int alone = e == le && !piped && !spaced;
                    for (size_t c = ls; c < i && alone; c++)
                        alone = is_space(t->cp[c]);
                    if (e == NPOS || (e >= le && !alone) ||
                        (!alone && !is_colon(t->cp[e]) && t->cp[e] != ' ' && !is_wall(t->cp[e]) &&
                         !glued && !boxed) ||
                        (spaced && !is_colon(t->cp[e]) && !spaced_field(t, i, e, le)))
                        continue;
                    if (!piped && value_under(t, ls, le, i, b, vs, ve))
                        return note_form(t, *vs, *ve);
                    size_t e0 = e;
                    while (e < le && (t->cp[e] == ' ' || is_colon(t->cp[e])))
                        e++;
                    if (piped && e < le && t->cp[e] == '|' && value_below(t, ls, le, i, b, vs, ve))
                        return note_form(t, *vs, *ve);
                    if (e < le && is_wall(t->cp[e]))
                        piped = 1; /* "名 称: | … |": the value is the next cell */
                    while (piped && e < le && (t->cp[e] == ' ' || is_wall(t->cp[e])))
                        e++;
                    size_t x = e;
                    while (x < le && !(t->cp[x] == ' ' && x + 1 < le && t->cp[x + 1] == ' ') &&
                           !(piped && is_wall(t->cp[x])) &&
                           !(t->cp[x] == ' ' && next_label(t, x + 1, le)) &&
                           !(t->cp[x] == ' ' && x > e && label_end(t, x + 1, le) != NPOS) &&
                           !(t->cp[x] == ' ' && x > e && date_end(t, x + 1, le) != NPOS))
                        x++;
                    /* the colon after the label: the value runs to the next label */
                    int colon = 0;
                    for (size_t c = e0; c < e && !colon; c++)
                        colon = is_colon(t->cp[c]);
                    if (colon && !piped && x + 1 < le && t->cp[x] == ' ' && t->cp[x + 1] == ' ')
                        x = value_runs_on(t, x, le);
                    while (x > e && t->cp[x - 1] == ' ')
                        x--;
                    /* an empty field before the next one ("文号 发布日期 2024-07-11", a
                     * table row whose cell was empty): its value is no label */
                    size_t w = e;
                    while (w < x && t->cp[w] != ' ' && !is_colon(t->cp[w]))
                        w++;
                    if (w > e && known_label(t, e, w))
                        continue;
                    /* a row of fields ("主题分类:建议提案 | 文号:") ends in an empty
                     * one: the next line is not its value */
                    size_t lead = ls;
                    while (lead < i &&
                           (is_space(t->cp[lead]) || t->cp[lead] == 0x2022 || t->cp[lead] == 0xB7))
                        lead++;
                    if (x == e && e == le && le + 1 < b && lead == i) {
                        /* "• 发布机构:" with the value on the next line, blank
                         * lines perhaps between (a page's list items apart) */
                        size_t ns = le + 1;
                        for (int blank = 0; blank < 2 && !piped && ns < b && line_end(t, ns) == ns;
                             blank++)
                            ns++;
                        size_t ne = line_end(t, ns);
                        if (ne > b)
                            ne = b;
                        while (ns < ne &&
                               (is_space(t->cp[ns]) || t->cp[ns] == 0x2022 || t->cp[ns] == 0xB7))
                            ns++;
                        /* the next field's label, with its colon or alone (an empty
                         * field of a vertical table: "发文字号" / "成文日期") */
                        int label = known_label(t, ns, ne);
                        for (size_t c = ns; c < ne && c - ns <= 8 && !label; c++)
                            label = is_colon(t->cp[c]);
                        /* a longer line only when it is a list of names */
                        int names = ne - ns > 100;
                        for (size_t c = ns; c < ne && names; c++) {
                            t->ctx->steps++;
                            names = is_han(t->cp[c]) || t->cp[c] == 0x3001 || t->cp[c] == ',' ||
                                    t->cp[c] == ' ' || is_name_dot(t->cp[c]);
                        }
                        if (!label && ne > ns && (ne - ns <= 100 || names)) {
                            e = ns;
                            x = ne;
                            while (x > e && t->cp[x - 1] == ' ')
                                x--;
                        }
                    }
                    /* a page's title that is a field ("标题：…的答复_某某县人民政府",
                     * "提案号：0412_某某县人民政府"): the value without its site */
                    x = before_site(t, e, x);
                    if (x > e) {
                        struct pctx *c = t->ctx;
                        if (c->n_forms < sizeof c->forms / sizeof c->forms[0]) {
                            c->forms[c->n_forms][0] = e;
                            c->forms[c->n_forms][1] = x;
                            c->n_forms++;
                        }
                        *vs = e;
                        *ve = x;
                        return 1;
                    }
                }
            }
        }
        ls = le + 1;
    }
    return 0;
}
