/*
 * Evidence: where each field was read, as a JSON object on the letter
 * (l->evidence): {"number": {"from": "header", "line": "…第0831号建议的答复"}, …}.
 * The finders note the place of each field as they set it (set_field, set_cstr,
 * add_delegate, note_read); here each place is named by the landmark it lies in,
 * with its line as written.
 */
#include "import/parse/parse_int.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* Longest line given whole, in code points; a longer one (a flattened page) is cut
 * to LINE_BEFORE before the place and LINE_MAX in all, with … at a cut end. */
#define LINE_MAX 160
#define LINE_BEFORE 60

/* A line a page or a letter puts after the sign-off that is not a trailer of the
 * letter's own (is_trailer_line): the legend of the categories ("A类——所提问题已经
 * 解决或基本解决的；", "注：B类…") and a repost's trailer (原文链接:…, [免责声明]…,
 * 责任编辑:, 来源:, share and print buttons). */
static int after_signoff(const struct ctext *t, size_t ls, size_t le)
{
    static const char *const repost[] = {"原文链接", "原文地址", "免责声明", "声明:",  "责任编辑",
                                         "编辑:",    "来源:",    "分享到",   "分享:",  "打印本页",
                                         "打印",     "关闭窗口", "关闭",     "扫一扫", NULL};
    static const char *const note[] = {"注:", "说明:", "备注:", NULL};
    size_t a = ls;
    while (a < le && (is_space(t->cp[a]) || t->cp[a] == '(' || t->cp[a] == '[' ||
                      t->cp[a] == 0x3010 || t->cp[a] == 0x3014))
        a++;
    if (line_starts_with_any(t, a, repost))
        return 1;
    const char *n = at_any(t, a, note);
    if (n)
        a += needle_len(n);
    while (a < le && is_space(t->cp[a]))
        a++;
    return a + 1 < le && (t->cp[a] == 'A' || t->cp[a] == 'B' || t->cp[a] == 'C') &&
           at(t, a + 1, "类");
}

/* Start of the sign-off: the run of lines without a sentence (the department and
 * the date), at most 12 lines, that ends at the signing date's line (signoff, where
 * the date stands) or, without one, at the reply's end; the lines that follow a
 * sign-off (抄送:…。, (联系人:…;…), (此件公开发布), a legend of the categories, a
 * repost's 原文链接 / 免责声明 / 责任编辑) are part of it, sentences or not. */
static size_t signature_start(const struct ctext *t, const struct marks *m, size_t signoff)
{
    size_t s = m->reply_end;
    if (signoff != NPOS && signoff >= m->open_b && signoff < s)
        s = line_end(t, signoff);
    for (int lines = 0; lines < 12 && s > m->open_b && s > 0; lines++) {
        size_t ls = line_start(t, s - 1);
        size_t le = line_end(t, ls);
        if (is_paragraph(t, ls, s) && !is_trailer_line(t, ls, le) && !after_signoff(t, ls, le))
            break;
        s = ls;
    }
    return s;
}

/* Where cp index pos lies, named for a reader. */
static const char *place(const struct ctext *t, const struct marks *m, size_t sig, size_t pos)
{
    const struct pctx *c = t->ctx;
    /* a repost's "原标题:…" line keeps the letter's header */
    size_t hs = line_start(t, pos);
    while (hs < pos && is_space(t->cp[hs]))
        hs++;
    if (at(t, hs, "原标题"))
        return "header";
    for (size_t i = 0; i < c->n_forms; i++)
        if (pos >= c->forms[i][0] && pos < c->forms[i][1])
            return "metadata";
    for (size_t i = 0; i < m->n_titles; i++)
        if (pos >= m->titles[i] && pos < line_end(t, m->titles[i]))
            return "page title";
    if (pos < m->start) {
        size_t ls = line_start(t, pos);
        return is_header_line(t, ls, line_end(t, ls)) ? "page title" : "above header";
    }
    if (m->sal != NPOS && pos >= line_start(t, m->sal) && pos < m->sal_end)
        return "salutation";
    if (pos < (m->sal != NPOS ? m->sal : m->head_end))
        return "header";
    if (pos >= m->open_a && pos < m->open_b)
        return "opening";
    if (pos >= m->end)
        return "page footer";
    if (pos >= sig)
        return "signature";
    return "body";
}

/* The line holding pos, as written (cut around pos when it is long). */
static char *line_at(const struct ctext *t, size_t pos)
{
    size_t a = line_start(t, pos);
    size_t b = line_end(t, pos);
    int cut_a = 0;
    int cut_b = 0;
    if (b - a > LINE_MAX) {
        if (pos > a + LINE_BEFORE) {
            a = pos - LINE_BEFORE;
            cut_a = 1;
        }
        if (b - a > LINE_MAX) {
            b = a + LINE_MAX;
            cut_b = 1;
        }
    }
    while (a < b && is_space(t->cp[a]))
        a++;
    while (b > a && is_space(t->cp[b - 1]))
        b--;
    struct buf out = BUF_INIT;
    if (cut_a)
        buf_adds(&out, "…");
    span_add(t, &out, a, b);
    if (cut_b)
        buf_adds(&out, "…");
    return buf_detach(&out); /* NULL when it failed; "" of its own when empty */
}

/* The line holding pos, and the next one after " / " when the field's value
 * (words: its last characters) ends there or runs into it, not on the first (a
 * unit's name or a list of names broken over two lines). */
static char *lines_at(const struct ctext *t, size_t pos, const char *words)
{
    char *line = line_at(t, pos);
    size_t le = line_end(t, pos);
    if (!line || !words || le + 1 >= t->n || le - line_start(t, pos) > LINE_MAX)
        return line;
    size_t n = strlen(words);
    const char *tail = words + n;
    for (int k = 0; k < 3 && tail > words; k++) /* its last three characters */
        do
            tail--;
        while (tail > words && ((unsigned char)*tail & 0xC0) == 0x80);
    if (strstr(line, tail))
        return line;
    /* the tail on the next line, or across the break ("某某镇人民" / "政府") */
    char *next = line_at(t, le + 1);
    struct buf both = BUF_INIT;
    buf_adds(&both, line);
    buf_adds(&both, next ? next : "");
    int spans = next && !buf_failed(&both) && strstr(both.data, tail);
    buf_release(&both);
    if (!spans) {
        free(next);
        return line;
    }
    struct buf out = BUF_INIT;
    buf_adds(&out, line);
    buf_adds(&out, " / ");
    buf_adds(&out, next);
    free(next);
    if (buf_failed(&out)) {
        buf_release(&out);
        return line;
    }
    free(line);
    return out.data;
}

/* The words of the field of LP_* bit index i that its line must show: the
 * department, the title, the last proposer; NULL for the others. */
static const char *field_words(const struct letter *l, unsigned i)
{
    if (1u << i == LP_DEPARTMENT)
        return l->department;
    if (1u << i == LP_TITLE)
        return l->title;
    if (1u << i == LP_DELEGATES && l->n_delegates)
        return l->delegates[l->n_delegates - 1];
    return NULL;
}

/* Is the field of LP_* bit index i stated in l? */
static int stated(const struct letter *l, unsigned i)
{
    const char *const strs[] = {l->body,       l->level,  l->region,     NULL, NULL,
                                l->kind,       l->number, l->department, NULL, l->title,
                                l->doc_number, l->date,   l->category};
    if (1u << i == LP_TERM)
        return l->term != 0;
    if (1u << i == LP_SESSION)
        return l->session != 0;
    if (1u << i == LP_DELEGATES)
        return l->n_delegates > 0;
    return strs[i] != NULL;
}

/* Sets l->evidence from what the finders noted. Returns 0, or -1 when out of
 * memory (kept in the sticky error). */
int build_evidence(const struct ctext *t, const struct marks *m, size_t signoff, struct letter *l)
{
    struct pctx *c = t->ctx;
    if (pctx_alloc(c))
        return -1;
    cJSON *o = cJSON_CreateObject();
    int rc = o ? 0 : -1;
    size_t sig = signature_start(t, m, signoff);
    for (unsigned i = 0; i < LP_NFIELDS && !rc; i++) {
        size_t pos = c->read_at[i];
        if (!stated(l, i) || pos == NPOS || pos >= t->n)
            continue;
        const char *from = c->by_rule & (1u << i) ? "department name" : place(t, m, sig, pos);
        char *line = lines_at(t, pos, field_words(l, i));
        cJSON *e = cJSON_CreateObject();
        if (!line || !e || !cJSON_AddStringToObject(e, "from", from) ||
            !cJSON_AddStringToObject(e, "line", line) ||
            !cJSON_AddItemToObject(o, letter_parse_field_name(1u << i), e)) {
            cJSON_Delete(e);
            rc = -1;
        }
        free(line);
    }
    char *s = rc ? NULL : cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!s)
        return pctx_fail(c, -1);
    free(l->evidence);
    l->evidence = s;
    return 0;
}
