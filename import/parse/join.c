/*
 * A header wrapped over lines, read as the one line it is: "关于政协某市第十" / "五届
 * 委员会第二次会议第0213号提案的答复", "…会议第123" / "号建议的答复", "…建议的" /
 * "答  复", a blank line or a page number between, or a header typed with a blank
 * between every character ("关 于 对 县 十 八 届 …"). The breaks and the blanks are
 * left out of the code points the finders read (the text keeps them as written),
 * so that every finder of the meeting, the number and the kind reads the header
 * whole, wherever the line broke.
 */
#include "import/parse/parse_int.h"

#include <stdlib.h>
#include <string.h>

/* The longest header joined, in code points, and the most lines it may take. */
#define JOIN_MAX 200
#define JOIN_LINES 6

/* A header read so far: its code points with the breaks and blanks left out, and
 * the spans of the text left out for them. */
struct joined {
    uint32_t cp[JOIN_MAX];
    size_t n;
    size_t drop[JOIN_MAX][2];
    size_t n_drop;
};

static size_t j_find(const struct joined *j, const char *needle)
{
    size_t nl = needle_len(needle);
    for (size_t i = 0; i + nl <= j->n; i++) {
        const unsigned char *p = (const unsigned char *)needle;
        size_t k = 0;
        while (k < nl && j->cp[i + k] == needle_next(&p))
            k++;
        if (k == nl)
            return i;
    }
    return NPOS;
}

/* Does j's cp[0..n) end with needle? */
static int j_ends(const struct joined *j, size_t n, const char *needle)
{
    size_t nl = needle_len(needle);
    if (n < nl)
        return 0;
    const unsigned char *p = (const unsigned char *)needle;
    for (size_t k = 0; k < nl; k++)
        if (j->cp[n - nl + k] != needle_next(&p))
            return 0;
    return 1;
}

static int j_has_any(const struct joined *j, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (j_find(j, words[k]) != NPOS)
            return 1;
    return 0;
}

/* The end of the header's words: a mark in brackets after them ("…的答复(A类)")
 * and 摘要 left out. */
static size_t j_words_end(const struct joined *j)
{
    size_t n = j->n;
    if (n > 2 && is_close_bracket(j->cp[n - 1])) {
        size_t o = n - 1;
        while (o > 0 && n - o < 10 && !is_open_bracket(j->cp[o - 1]))
            o--;
        if (o > 0 && is_open_bracket(j->cp[o - 1]))
            n = o - 1;
    }
    if (j_ends(j, n, "摘要"))
        n -= 2;
    return n;
}

/* Does the header read so far end as a header ends: 答复, 复函, 的函, 意见, 报告 …? */
static int j_complete(const struct joined *j)
{
    static const char *const ends[] = {"答复", "复函", "回复", "的函", "意见",
                                       "报告", "情况", "结果", NULL};
    size_t n = j_words_end(j);
    for (int k = 0; ends[k]; k++)
        if (j_ends(j, n, ends[k]))
            return 1;
    return 0;
}

/* Does it end with the item's kind word ("…第45号建议")? */
static int j_ends_kind(const struct joined *j)
{
    size_t n = j_words_end(j);
    for (int k = 0; vocab_kinds[k]; k++)
        if (j_ends(j, n, vocab_kinds[k]))
            return 1;
    return 0;
}

static int add_drop(struct joined *j, size_t a, size_t b)
{
    if (a >= b)
        return 0;
    if (j->n_drop && j->drop[j->n_drop - 1][1] == a) {
        j->drop[j->n_drop - 1][1] = b;
        return 0;
    }
    if (j->n_drop == JOIN_MAX)
        return -1;
    j->drop[j->n_drop][0] = a;
    j->drop[j->n_drop][1] = b;
    j->n_drop++;
    return 0;
}

/* Is the line [a, b) (trimmed) typed with a blank between its characters ("关 于
 * 对 县 十 八 届", "答  复")? Four in five of its gaps are blanks of one to three. */
static int spaced_line(const struct ctext *t, size_t a, size_t b)
{
    size_t gaps = 0;
    size_t blanks = 0;
    for (size_t i = a; i < b;) {
        size_t k = i + 1;
        while (k < b && is_space(t->cp[k]))
            k++;
        if (k >= b)
            break;
        gaps++;
        blanks += k - i - 1 >= 1 && k - i - 1 <= 3;
        i = k;
    }
    return gaps >= 1 && blanks * 5 >= gaps * 4;
}

/* Appends the line [a, b) (trimmed) to j: all of it, or, typed spaced out, its
 * characters with the blanks between them left out. Returns -1 when it is too long. */
static int add_line(const struct ctext *t, struct joined *j, size_t a, size_t b)
{
    int spaced = spaced_line(t, a, b);
    for (size_t i = a; i < b; i++) {
        if (spaced && is_space(t->cp[i])) {
            size_t k = i;
            while (k < b && is_space(t->cp[k]))
                k++;
            if (k - i <= 3) {
                if (add_drop(j, i, k))
                    return -1;
                i = k - 1;
                continue;
            }
        }
        if (j->n == JOIN_MAX)
            return -1;
        j->cp[j->n++] = t->cp[i];
    }
    return 0;
}

/* A page's number between the lines of a header ("- 2 -", "—2—", "2", "第2页",
 * "2/5"). */
int page_number_line(const struct ctext *t, size_t a, size_t b)
{
    trim_span(t, &a, &b);
    if (a == b || b - a > 10)
        return 0;
    int digit = 0;
    for (size_t i = a; i < b; i++) {
        uint32_t c = t->cp[i];
        digit |= digit_val(c) >= 0;
        if (!(digit_val(c) >= 0 || is_space(c) || c == '-' || c == 0x2014 || c == 0x2013 ||
              c == '/' || at(t, i, "第") || at(t, i, "页") || at(t, i, "共")))
            return 0;
    }
    return digit;
}

/* May the line [a, b) (trimmed) be a part of a header: short, no sentence, no
 * form's label, no table, no doc number, no date, no page meta? */
static int header_part(const struct ctext *t, size_t a, size_t b)
{
    if (a == b || b - a > 100 || is_paragraph(t, a, b) || is_breadcrumb(t, a, b) ||
        line_starts_with_any(t, a, chrome_meta) || at(t, a, "原标题") || at(t, a, "尊敬") ||
        date_end(t, a, b) != NPOS)
        return 0;
    /* a form's row: its label, then a blank ("建议标题  关于…") */
    const char *const *labels[] = {title_labels, number_labels, dept_labels};
    for (int k = 0; k < 3; k++) {
        const char *w = at_any(t, a, labels[k]);
        if (w && a + needle_len(w) < b && is_space(t->cp[a + needle_len(w)]))
            return 0;
    }
    for (size_t i = a; i < b; i++) {
        size_t ps = 0;
        size_t e = 0;
        if (is_colon(t->cp[i]) || t->cp[i] == '|' ||
            (is_open_bracket(t->cp[i]) && doc_number_at(t, a, b, i, &ps, &e)))
            return 0;
    }
    return 1;
}

/* The header that starts on the line [ls, le) of the region ending at end, into j:
 * its lines up to the one that ends it, each break between them (blanks, the line's
 * end, blank lines and a page number's line between) left out. Returns the end of
 * its last line, or NPOS when no header starts there. */
static size_t header_from(const struct ctext *t, size_t ls, size_t le, size_t end, struct joined *j)
{
    static const char *const opens[] = {"关于",     "对",       "届",   "人大", "政协",
                                        "人民代表", "政治协商", "会议", NULL};
    size_t a = ls;
    size_t b = le;
    trim_span(t, &a, &b);
    if (!header_part(t, a, b) || add_line(t, j, a, b) || !j_has_any(j, opens))
        return NPOS;
    size_t la = a; /* the last line's start */
    for (int lines = 1;; lines++) {
        if (j_complete(j))
            return b;
        /* a header's words before its end are no header of their own (a page's
         * title that names the site after the header) */
        if (j_has_any(j, header_words) || lines == JOIN_LINES)
            return NPOS;
        /* nor is a line that ends in the site's name a page's title gives after its
         * words ("…会议_某某县人民政府" over "九原区" / "第十八届…"): the page's title,
         * which goes on with no line under it */
        if (before_site(t, la, b) < b)
            return NPOS;
        size_t x = line_end(t, b) + 1;
        for (int seps = 0; x < end && seps < 3; seps++) {
            size_t xe = line_end(t, x);
            size_t xa = x;
            size_t xb = xe;
            trim_span(t, &xa, &xb);
            if (xa < xb && !page_number_line(t, xa, xb))
                break;
            x = xe + 1;
        }
        size_t xe = x < end ? line_end(t, x) : end;
        if (xe > end)
            xe = end;
        size_t xa = x;
        size_t xb = xe;
        trim_span(t, &xa, &xb);
        /* the next line goes on with the header: no header of its own (关于, 对
         * after no 关于) nor a line of another kind */
        int goes_on = x < end && xa < xb && header_part(t, xa, xb) && !at(t, xa, "关于") &&
                      !(at(t, xa, "对") && !j_ends(j, j->n, "关于"));
        if (!goes_on)
            /* a header with no word after the kind's ("…第4" / "5号建议") */
            return lines >= 2 && j_ends_kind(j) ? b : NPOS;
        if (add_drop(j, b, xa) || add_line(t, j, xa, xb))
            return NPOS;
        la = xa;
        b = xb;
    }
}

/* Builds o from t with the spans drop[0..n) left out of its code points: the text
 * stays t's, and the bytes left out are o's gaps. Returns 0, or -1 when out of
 * memory. */
static int drop_spans(const struct ctext *t, const size_t (*drop)[2], size_t n, struct ctext *o)
{
    memset(o, 0, sizeof *o);
    o->ctx = t->ctx;
    o->s = t->s;
    t->ctx->steps += t->n;
    if (pctx_alloc(t->ctx))
        return -1;
    o->cp = malloc((t->n + 1) * sizeof *o->cp);
    o->off = malloc((t->n + 1) * sizeof *o->off);
    o->lines = malloc((t->n_lines + 1) * sizeof *o->lines);
    o->gaps = malloc(n * sizeof *o->gaps);
    if (!o->cp || !o->off || !o->lines || !o->gaps)
        return pctx_fail(t->ctx, -1);
    o->lines[o->n_lines++] = 0;
    size_t k = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (k < n && i == drop[k][0]) {
            o->gaps[o->n_gaps][0] = t->off[drop[k][0]];
            o->gaps[o->n_gaps][1] = t->off[drop[k][1]];
            o->n_gaps++;
            i = drop[k++][1] - 1;
            continue;
        }
        o->off[o->n] = t->off[i];
        o->cp[o->n++] = t->cp[i];
        if (t->cp[i] == '\n')
            o->lines[o->n_lines++] = o->n;
    }
    o->off[o->n] = t->off[t->n];
    return 0;
}

int join_header(const struct ctext *t, const struct marks *m, struct ctext *o)
{
    /* from two lines above the start (a header's first line that alone reads as
     * none) to the salutation */
    size_t from = m->start;
    /* (not above the page's title: the title is no part of the header) */
    size_t top = m->head_start;
    if (m->n_titles && m->titles[m->n_titles - 1] < m->start)
        top = line_end(t, m->titles[m->n_titles - 1]) + 1;
    /* (nor above the reply a cover forwards: the cover's lines are none of it) */
    if (m->from > top)
        top = m->from;
    for (int up = 0; up < 2 && from > top; up++) {
        size_t p = from - 1;
        while (p > top && t->cp[p - 1] == '\n')
            p--;
        from = line_start(t, p);
    }
    size_t end = m->head_end;
    struct joined *all = NULL;
    struct joined *j = NULL;
    int rc = 0;
    if (pctx_alloc(t->ctx) || !(all = calloc(1, sizeof *all)) || pctx_alloc(t->ctx) ||
        !(j = calloc(1, sizeof *j))) {
        rc = pctx_fail(t->ctx, -1);
        goto done;
    }
    for (size_t ls = from; ls < end;) {
        size_t le = line_end(t, ls);
        if (le > end)
            le = end;
        j->n = 0;
        j->n_drop = 0;
        size_t he = header_from(t, ls, le, end, j);
        if (he != NPOS && all->n_drop + j->n_drop <= JOIN_MAX) {
            memcpy(all->drop + all->n_drop, j->drop, j->n_drop * sizeof *j->drop);
            all->n_drop += j->n_drop;
            le = line_end(t, he);
        }
        ls = le + 1;
    }
    if (all->n_drop)
        rc = drop_spans(t, (const size_t(*)[2])all->drop, all->n_drop, o) ? -1 : 1;
done:
    free(all);
    free(j);
    return rc;
}
