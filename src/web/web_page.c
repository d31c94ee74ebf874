/* web_page: HTML pages and SVG charts (see web_page.h). */
#include "web/web_page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/letter.h"
#include "search/filter.h"
#include "search/stats.h"
#include "text/text.h"

static const char html_type[] = "text/html; charset=utf-8";

/* The filters the search form has a field for, with their labels, in its order;
 * a choice filter is a menu whose entries are the choice and `extra`, any other
 * an input with the attributes in `extra`. The request's other filters ride
 * along as hidden inputs. */
static const struct form_field {
    const char *name;
    const char *label;
    const char *extra;
} form_fields[] = {
    {"number", "编号", ""},         {"delegate", "提出人", ""},
    {"department", "承办单位", ""}, {"year", "年份", " inputmode=\"numeric\""},
    {"kind", "类型", ""},           {"category", "办理结果", " 类"},
};
#define NFORM_FIELDS (sizeof form_fields / sizeof form_fields[0])

static const char style[] =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.65 system-ui,-apple-system,'PingFang SC','Noto Sans CJK SC',"
    "'Microsoft YaHei',sans-serif;color:#1f2328;background:#f6f6f4}"
    "header{background:#8c1c13;padding:.5em 1em}"
    "header a{color:#fff;text-decoration:none;margin-right:1.2em;white-space:nowrap}"
    "header a.home{font-weight:bold}"
    "main{max-width:52em;margin:0 auto;padding:1em}"
    "h1{font-size:1.4em;line-height:1.35;margin:.4em 0}"
    "h2{font-size:1.15em;margin:1.2em 0 .4em}"
    "a{color:#0b5cad}"
    "form.search{display:grid;grid-template-columns:repeat(auto-fill,minmax(10em,1fr));"
    "gap:.5em;margin:.5em 0 1em}"
    "form.search .q{grid-column:1/-1}"
    "label{display:flex;flex-direction:column;font-size:.85em;color:#555}"
    "input,select,button{font:inherit;font-size:1rem;padding:.35em .5em;width:100%;"
    "border:1px solid #bbb;border-radius:4px;background:#fff}"
    "button{background:#8c1c13;color:#fff;border:0;align-self:end}"
    ".err{background:#fde8e6;border-left:4px solid #c0392b;padding:.5em 1em}"
    "ol.hits{list-style:none;padding:0;margin:0}"
    ".hits li{background:#fff;border:1px solid #e3e3e0;border-radius:6px;padding:.7em 1em;"
    "margin:.6em 0}"
    ".hits a.t{font-weight:600}"
    ".meta{color:#57606a;font-size:.88em}"
    ".snip{margin:.3em 0 0}"
    "mark{background:#ffe27a;color:inherit;padding:0 1px}"
    "dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.25em 1em;"
    "background:#fff;border:1px solid #e3e3e0;border-radius:6px;padding:.8em 1em}"
    "dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}"
    ".text{white-space:pre-wrap;background:#fff;border:1px solid #e3e3e0;border-radius:6px;"
    "padding:1em;overflow-wrap:anywhere}"
    "nav.pages{display:flex;gap:1.2em;justify-content:center;margin:1em 0}"
    "table{border-collapse:collapse;width:100%;background:#fff}"
    "th,td{padding:.3em .6em;border-bottom:1px solid #eee;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "figure{margin:1em 0;background:#fff;border:1px solid #e3e3e0;border-radius:6px;"
    "padding:.5em}"
    "figcaption{font-weight:600}"
    "svg{display:block;width:100%;max-width:600px;height:auto}"
    "footer{color:#777;font-size:.8em;text-align:center;padding:2em 1em}"
    "@media (max-width:36em){dl.fields{grid-template-columns:1fr}dt{margin-top:.4em}}";

/* ---- escaping ---- */

void web_html_textn(struct buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&':
            buf_adds(b, "&amp;");
            break;
        case '<':
            buf_adds(b, "&lt;");
            break;
        case '>':
            buf_adds(b, "&gt;");
            break;
        case '"':
            buf_adds(b, "&quot;");
            break;
        case '\'':
            buf_adds(b, "&#39;");
            break;
        default:
            if (c < 0x20 || c == 0x7F || c == 0xC2 || c == 0xD8 || c == 0xE2) {
                /* a control or bidirectional character shows as its escape
                 * (\x1b, \u202e): it neither breaks the page nor reorders it */
                size_t st = i;
                size_t e = i;
                uint32_t cp = utf8_next(s, len, &e);
                if (cp == '\r')
                    break; /* a line break's CR goes */
                if (text_cp_control(cp) && cp != '\t' && cp != '\n') {
                    utf8_escape(s + st, e - st, UTF8_ESC_CONTROLS, b);
                    i = e - 1;
                    break;
                }
            }
            buf_addch(b, (char)c);
        }
    }
}

void web_html_text(struct buf *b, const char *s)
{
    if (s)
        web_html_textn(b, s, strlen(s));
}

void web_html_snippet(struct buf *b, const char *snippet)
{
    int open = 0;
    const char *run = snippet;
    for (const char *p = snippet;; p++) {
        char c = *p;
        if (c && c != '\x01' && c != '\x02' && c != '\n' && c != '\r')
            continue;
        web_html_textn(b, run, (size_t)(p - run));
        run = p + 1;
        if (!c)
            break;
        if (c == '\x01' && !open) {
            buf_adds(b, "<mark>");
            open = 1;
        } else if (c == '\x02' && open) {
            buf_adds(b, "</mark>");
            open = 0;
        } else if (c == '\n' || c == '\r') {
            buf_addch(b, ' ');
        }
    }
    if (open)
        buf_adds(b, "</mark>");
}

/* ---- links ---- */

/* href="/PREFIX/NAME" with NAME percent-encoded. */
static void href_name(struct buf *b, const char *prefix, const char *name)
{
    buf_adds(b, "href=\"");
    buf_adds(b, prefix);
    web_url_encode(b, name);
    buf_addch(b, '"');
}

/* <a href="/PREFIX/NAME">NAME</a> */
static void link_name(struct buf *b, const char *prefix, const char *name)
{
    buf_adds(b, "<a ");
    href_name(b, prefix, name);
    buf_addch(b, '>');
    web_html_text(b, name);
    buf_adds(b, "</a>");
}

static void query_key(struct buf *b, const struct web_args *a, const char *key, int *first)
{
    const char *v = web_args_get(a, key);
    if (!v)
        return;
    buf_adds(b, *first ? "?" : "&amp;");
    buf_adds(b, key);
    buf_addch(b, '=');
    web_url_encode(b, v);
    *first = 0;
}

/* href="PATH?k=v&amp;...&amp;page=N": with search, q and the filters of a that
 * are set; and the page when it is not the first. */
static void href_query(struct buf *b, const char *path, const struct web_args *a, int search,
                       long page)
{
    int first = 1;
    buf_adds(b, "href=\"");
    buf_adds(b, path);
    if (search) {
        query_key(b, a, "q", &first);
        for (const struct search_filter *f = search_filters; f->name; f++)
            query_key(b, a, f->name, &first);
    }
    if (page > 1)
        buf_printf(b, "%spage=%ld", first ? "?" : "&amp;", page);
    buf_addch(b, '"');
}

/* ---- page frame ---- */

static void page_begin(struct buf *b, const char *title)
{
    buf_adds(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>");
    if (title) {
        web_html_text(b, title);
        buf_adds(b, " · ");
    }
    buf_adds(b, "答复 dafu</title>\n<style>");
    buf_adds(b, style);
    buf_adds(b, "</style>\n</head>\n<body>\n<header><nav>"
                "<a class=\"home\" href=\"/\">答复 dafu</a>"
                "<a href=\"/delegates\">代表委员</a>"
                "<a href=\"/departments\">承办单位</a>"
                "<a href=\"/stats\">统计</a>"
                "<a href=\"/boilerplate\">模板答复</a>"
                "</nav></header>\n<main>\n");
}

static void page_end(struct buf *b)
{
    buf_adds(b, "</main>\n<footer>答复 dafu · 人大代表建议、政协委员提案答复档案 · "
                "<a href=\"/api/search\">JSON API</a></footer>\n</body>\n</html>\n");
}

void web_page_begin(struct buf *b, const char *title)
{
    page_begin(b, title);
}

void web_page_end(struct buf *b)
{
    page_end(b);
}

/* The page in r->body is complete: it is sent if it was built whole. Returns 0, or -1
 * with d set when an append to it failed. */
static int page_done(struct web_resp *r, struct diag *d)
{
    r->type = html_type;
    return buf_failed(&r->body) ? diag_error(d, "out of memory") : 0;
}

int web_page_done(struct web_resp *r, struct diag *d)
{
    return page_done(r, d);
}

static void input_field(struct buf *b, const char *label, const char *name, const char *value,
                        const char *extra)
{
    buf_printf(b, "<label>%s<input name=\"%s\"%s value=\"", label, name, extra);
    web_html_text(b, value);
    buf_adds(b, "\"></label>\n");
}

/* A menu of choices, each shown as itself followed by suffix. */
static void select_field(struct buf *b, const char *label, const char *name, const char *value,
                         const char *const *choices, const char *suffix)
{
    buf_printf(b, "<label>%s<select name=\"%s\"><option value=\"\">全部</option>", label, name);
    for (int i = 0; choices[i]; i++)
        buf_printf(b, "<option value=\"%s\"%s>%s%s</option>", choices[i],
                   value && !strcasecmp(value, choices[i]) ? " selected" : "", choices[i], suffix);
    buf_adds(b, "</select></label>\n");
}

/* The search form, filled with the request's values. */
static void search_form(struct buf *b, const struct web_args *a)
{
    buf_adds(b, "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">\n"
                "<input class=\"q\" type=\"search\" name=\"q\" aria-label=\"关键词\" "
                "placeholder=\"关键词，如 有色金属\" value=\"");
    web_html_text(b, web_args_get(a, "q"));
    buf_adds(b, "\">\n");
    for (size_t i = 0; i < NFORM_FIELDS; i++) {
        const struct form_field *ff = &form_fields[i];
        const struct search_filter *f = search_filter_find(ff->name);
        const char *v = web_args_get(a, ff->name);
        if (f && f->type == FILTER_CHOICE)
            select_field(b, ff->label, ff->name, v, f->choices, ff->extra);
        else
            input_field(b, ff->label, ff->name, v, ff->extra);
    }
    for (const struct search_filter *f = search_filters; f->name; f++) {
        const char *v = web_args_get(a, f->name);
        size_t i = 0;
        while (i < NFORM_FIELDS && strcmp(form_fields[i].name, f->name))
            i++;
        if (!v || i < NFORM_FIELDS)
            continue;
        buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", f->name);
        web_html_text(b, v);
        buf_adds(b, "\">\n");
    }
    buf_adds(b, "<button type=\"submit\">搜索</button>\n</form>\n");
}

void web_page_error(struct web_resp *r, int status, const char *msg)
{
    struct web_args none = WEB_ARGS_INIT;
    char title[32];
    snprintf(title, sizeof title, "错误 %d", status);
    buf_clear(&r->body);
    r->status = status;
    page_begin(&r->body, title);
    buf_printf(&r->body, "<h1>%s</h1>\n<p class=\"err\">", title);
    web_html_text(&r->body, msg);
    buf_adds(&r->body, "</p>\n");
    search_form(&r->body, &none);
    page_end(&r->body);
    r->type = html_type; /* a failed page is sent empty (see web.c) */
}

/* ---- letters in lists ---- */

static void delegates_html(struct buf *b, const struct letter *l)
{
    for (size_t i = 0; i < l->n_delegates; i++) {
        if (i)
            buf_adds(b, "、");
        link_name(b, "/delegate/", l->delegates[i]);
    }
    if (l->delegate_count > 0 && (size_t)l->delegate_count > l->n_delegates)
        buf_printf(b, " 等%d位", l->delegate_count);
}

static void title_html(struct buf *b, const struct letter *l)
{
    if (l->title)
        web_html_text(b, l->title);
    else
        buf_printf(b, "答复 #%lld", l->id);
}

/* One letter as a list item: title link, a line of fields, the snippet. */
static int hit_item(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    (void)rank;
    struct buf *b = ctx;
    struct buf meeting = BUF_INIT;
    const char *sep = "";
    buf_printf(b, "<li><a class=\"t\" href=\"/reply/%lld\">", l->id);
    title_html(b, l);
    buf_adds(b, "</a>\n<div class=\"meta\">");
    letter_meeting(l, &meeting);
    if (buf_failed(&meeting))
        buf_fail(b);
    if (meeting.len) {
        web_html_text(b, meeting.data);
        sep = " · ";
    }
    if (l->kind || l->number) {
        buf_adds(b, sep);
        web_html_text(b, l->kind);
        buf_adds(b, l->kind && l->number ? " " : "");
        web_html_text(b, l->number);
        sep = " · ";
    }
    if (l->date) {
        buf_adds(b, sep);
        web_html_text(b, l->date);
        sep = " · ";
    }
    if (l->department) {
        buf_adds(b, sep);
        link_name(b, "/department/", l->department);
        sep = " · ";
    }
    if (l->n_delegates) {
        buf_adds(b, sep);
        delegates_html(b, l);
    }
    buf_adds(b, "</div>\n");
    if (snippet) {
        buf_adds(b, "<p class=\"snip\">");
        web_html_snippet(b, snippet);
        buf_adds(b, "</p>\n");
    }
    buf_adds(b, "</li>\n");
    buf_release(&meeting);
    return buf_failed(b); /* the page cannot be sent: stop */
}

/* A pager: previous and next links around "page N / M" (M unknown: total < 0). */
static void pager(struct buf *b, const char *path, const struct web_args *a, int search, long page,
                  long per, long long total, int has_next)
{
    long pages = total >= 0 ? (long)((total + per - 1) / per) : 0;
    if (total >= 0)
        has_next = page < pages;
    if (page <= 1 && !has_next)
        return;
    buf_adds(b, "<nav class=\"pages\">");
    if (page > 1) {
        buf_adds(b, "<a rel=\"prev\" ");
        href_query(b, path, a, search, page - 1);
        buf_adds(b, ">‹ 上一页</a>");
    }
    if (total >= 0)
        buf_printf(b, "<span>第 %ld / %ld 页</span>", page, pages > 0 ? pages : 1);
    else
        buf_printf(b, "<span>第 %ld 页</span>", page);
    if (has_next) {
        buf_adds(b, "<a rel=\"next\" ");
        href_query(b, path, a, search, page + 1);
        buf_adds(b, ">下一页 ›</a>");
    }
    buf_adds(b, "</nav>\n");
}

/* ---- / ---- */

static int any_search_key(const struct web_args *a)
{
    if (web_args_get(a, "q"))
        return 1;
    for (const struct search_filter *f = search_filters; f->name; f++)
        if (web_args_get(a, f->name))
            return 1;
    return 0;
}

int web_page_search(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                    struct diag *d)
{
    (void)arg;
    struct buf *b = &r->body;
    struct search_opts o;
    long page = 1;
    long long total = -1;
    int searching = any_search_key(a);
    search_opts_init(&o);
    const char *q = web_args_get(a, "q");
    page_begin(b, q ? q : searching ? "搜索" : NULL);
    buf_adds(b, "<h1>人大代表建议 · 政协委员提案 答复检索</h1>\n");
    search_form(b, a);
    if (web_filters(a, &o, d) || web_arg_page(a, WEB_PAGE_HITS, &o, &page, d) ||
        (total = search_count(db, &o, d)) < 0) {
        if (d->code != DIAG_USAGE)
            return -1;
        /* A bad parameter: say so above the form's values. */
        r->status = 400;
        buf_adds(b, "<p class=\"err\">");
        web_html_text(b, diag_msg(d));
        buf_adds(b, "</p>\n");
        page_end(b);
        return page_done(r, d);
    }
    if (searching)
        buf_printf(b, "<p>找到 <strong>%lld</strong> 件答复</p>\n", total);
    else
        buf_printf(b, "<p>档案共 <strong>%lld</strong> 件答复。最新：</p>\n", total);
    buf_adds(b, "<ol class=\"hits\">\n");
    o.no_evidence = 1; /* a hit's item does not show it */
    if (search_run(db, &o, hit_item, b, d) < 0)
        return -1;
    buf_adds(b, "</ol>\n");
    if (searching && total == 0)
        buf_adds(b, "<p>没有找到。可以减少关键词或筛选条件再试。</p>\n");
    else if (total > 0 && o.offset >= total)
        buf_adds(b, "<p>这一页没有结果。</p>\n");
    if (searching)
        pager(b, "/", a, 1, page, WEB_PAGE_HITS, total, 0);
    page_end(b);
    return page_done(r, d);
}

/* ---- /reply/ID ---- */

static void field_row(struct buf *b, const char *name, const char *value)
{
    buf_printf(b, "<dt>%s</dt><dd>", name);
    if (value && *value)
        web_html_text(b, value);
    else
        buf_adds(b, "—");
    buf_adds(b, "</dd>\n");
}

static int is_web_url(const char *s)
{
    return s && (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8));
}

int web_page_reply(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                   struct diag *d)
{
    (void)a;
    long long id;
    struct letter l;
    struct buf *b = &r->body;
    struct buf tmp = BUF_INIT;
    if (web_reply_id(arg, &id, d))
        return -1;
    letter_init(&l);
    int found = db_get_letter(db, id, &l, d);
    if (found <= 0) {
        letter_release(&l);
        return found < 0 ? -1 : diag_set(d, DIAG_NOTFOUND, "there is no reply %lld", id);
    }
    if (l.title)
        page_begin(b, l.title);
    else {
        buf_printf(&tmp, "答复 #%lld", l.id);
        page_begin(b, tmp.data);
        buf_truncate(&tmp, 0); /* a failure stays, checked below */
    }
    buf_adds(b, "<article>\n<h1>");
    title_html(b, &l);
    buf_adds(b, "</h1>\n<dl class=\"fields\">\n");
    letter_meeting(&l, &tmp);
    field_row(b, "会议", tmp.data);
    buf_truncate(&tmp, 0); /* a failure stays, checked below */
    field_row(b, "机构", l.body);
    field_row(b, "级别", l.level);
    field_row(b, "地区", l.region);
    if (l.term)
        buf_printf(&tmp, "第%d届", l.term);
    if (l.session)
        buf_printf(&tmp, "第%d次会议", l.session);
    field_row(b, "届次", tmp.data);
    buf_truncate(&tmp, 0); /* a failure stays, checked below */
    field_row(b, "类型", l.kind);
    field_row(b, "编号", l.number);
    buf_adds(b, "<dt>提出人</dt><dd>");
    if (l.n_delegates)
        delegates_html(b, &l);
    else
        buf_adds(b, "—");
    buf_adds(b, "</dd>\n<dt>承办单位</dt><dd>");
    if (l.department)
        link_name(b, "/department/", l.department);
    else
        buf_adds(b, "—");
    buf_adds(b, "</dd>\n");
    field_row(b, "文号", l.doc_number);
    field_row(b, "日期", l.date);
    if (l.category)
        buf_printf(&tmp, "%s 类", l.category);
    field_row(b, "办理结果", l.category ? tmp.data : NULL);
    buf_truncate(&tmp, 0); /* a failure stays, checked below */
    if (is_web_url(l.source)) {
        buf_adds(b, "<dt>来源</dt><dd><a rel=\"noopener noreferrer\" href=\"");
        web_html_text(b, l.source);
        buf_adds(b, "\">");
        web_html_text(b, l.source);
        buf_adds(b, "</a></dd>\n");
    } else {
        field_row(b, "来源", l.source);
    }
    field_row(b, "导入时间", l.imported_at);
    field_row(b, "SHA-256", l.sha256);
    buf_printf(b, "<dt>数据</dt><dd><a href=\"/api/reply/%lld\">JSON</a></dd>\n", l.id);
    buf_adds(b, "</dl>\n<h2>全文</h2>\n<div class=\"text\">");
    web_html_text(b, l.text);
    buf_adds(b, "</div>\n");
    if (web_similar_block(db, b, l.id, d)) {
        buf_release(&tmp);
        letter_release(&l);
        return -1;
    }
    buf_adds(b, "</article>\n");
    page_end(b);
    if (buf_failed(&tmp))
        buf_fail(b);
    buf_release(&tmp);
    letter_release(&l);
    return page_done(r, d);
}

/* ---- grouped rows ---- */

struct group_row {
    char *key;
    char *extra;
    long long n;
    char *latest;
};

struct groups {
    struct group_row *v;
    size_t n;
    int failed; /* out of memory: the rows are not all there */
};

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int on_group_row(void *ctx, const char *key, const char *extra, long long n,
                        const char *latest)
{
    struct groups *g = ctx;
    struct group_row *p = realloc(g->v, (g->n + 1) * sizeof *p);
    if (!p) {
        g->failed = 1;
        return 1;
    }
    g->v = p;
    p[g->n].key = dup_or_null(key);
    p[g->n].extra = dup_or_null(extra);
    p[g->n].n = n;
    p[g->n].latest = dup_or_null(latest);
    g->n++;
    if ((key && !p[g->n - 1].key) || (extra && !p[g->n - 1].extra) ||
        (latest && !p[g->n - 1].latest)) {
        g->failed = 1;
        return 1;
    }
    return 0;
}

static void groups_release(struct groups *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free(g->v[i].key);
        free(g->v[i].extra);
        free(g->v[i].latest);
    }
    free(g->v);
    g->v = NULL;
    g->n = 0;
}

/* Runs search_group into g. Returns 0 or -1 with d set. */
static int collect(struct db *db, const struct search_opts *o, enum search_group which,
                   struct groups *g, struct diag *d)
{
    if (search_group(db, o, which, on_group_row, g, d) < 0)
        return -1;
    return g->failed ? diag_error(d, "out of memory") : 0;
}

/* ---- /delegate/NAME and /department/NAME ---- */

/* A page of every reply that matches o: heading, notes, list, pager. */
static int replies_page(struct db *db, struct search_opts *o, const char *path,
                        const struct web_args *a, const char *heading, const char *what,
                        struct web_resp *r, struct diag *d)
{
    struct buf *b = &r->body;
    struct groups g = {NULL, 0, 0};
    long page;
    int rc = -1;
    if (web_arg_page(a, WEB_PAGE_LIST, o, &page, d))
        return -1;
    long long total = search_count(db, o, d);
    if (total < 0)
        return -1;
    if (total == 0)
        return diag_set(d, DIAG_NOTFOUND, "there are no replies %s '%s'", what, heading);
    page_begin(b, heading);
    buf_adds(b, "<h1>");
    web_html_text(b, heading);
    buf_adds(b, "</h1>\n");
    if (o->delegate) {
        /* The delegate's pinyin, from the proposers of their letters. */
        struct search_opts og = *o;
        og.limit = -1;
        og.offset = 0;
        if (collect(db, &og, GROUP_DELEGATE, &g, d))
            goto cleanup;
        for (size_t i = 0; i < g.n; i++) {
            if (g.v[i].key && !strcmp(g.v[i].key, heading) && g.v[i].extra) {
                buf_adds(b, "<p class=\"meta\">");
                web_html_text(b, g.v[i].extra);
                buf_adds(b, "</p>\n");
                break;
            }
        }
    } else {
        /* A name that is part of several departments' names covers them all. */
        struct search_opts og = *o;
        og.limit = 9;
        og.offset = 0;
        if (collect(db, &og, GROUP_DEPARTMENT, &g, d))
            goto cleanup;
        int exact = 0;
        for (size_t i = 0; i < g.n; i++)
            if (g.v[i].key && !strcmp(g.v[i].key, heading))
                exact = 1;
        if (g.n > 1 && !exact) {
            buf_printf(b, "<p class=\"meta\">包括 %s%zu 个承办单位：", g.n > 8 ? "至少 " : "",
                       g.n > 8 ? (size_t)8 : g.n);
            for (size_t i = 0; i < g.n && i < 8; i++) {
                if (i)
                    buf_adds(b, "、");
                if (g.v[i].key)
                    link_name(b, "/department/", g.v[i].key);
            }
            buf_adds(b, "</p>\n");
        }
    }
    buf_printf(b, "<p>共 <strong>%lld</strong> 件答复 · <a ", total);
    buf_adds(b, o->delegate ? "href=\"/?delegate=" : "href=\"/?department=");
    web_url_encode(b, heading);
    buf_adds(b, "\">在其中搜索</a> · <a ");
    buf_adds(b, o->delegate ? "href=\"/api/search?delegate=" : "href=\"/api/search?department=");
    web_url_encode(b, heading);
    buf_adds(b, "\">JSON</a></p>\n<ol class=\"hits\">\n");
    o->sort = SORT_DATE;
    o->no_evidence = 1;
    if (search_run(db, o, hit_item, b, d) < 0)
        goto cleanup;
    buf_adds(b, "</ol>\n");
    pager(b, path, a, 0, page, WEB_PAGE_LIST, total, 0);
    page_end(b);
    rc = page_done(r, d);
cleanup:
    groups_release(&g);
    return rc;
}

/* The page's own path, for its pager: PREFIX + NAME percent-encoded. */
static char *own_path(const char *prefix, const char *name)
{
    struct buf p = BUF_INIT;
    buf_adds(&p, prefix);
    web_url_encode(&p, name);
    return buf_detach(&p);
}

int web_page_delegate(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                      struct diag *d)
{
    struct search_opts o;
    search_opts_init(&o);
    o.delegate = arg;
    char *path = own_path("/delegate/", arg);
    int rc = path ? replies_page(db, &o, path, a, arg, "to delegate", r, d)
                  : diag_error(d, "out of memory");
    free(path);
    return rc;
}

int web_page_department(struct db *db, const char *arg, const struct web_args *a,
                        struct web_resp *r, struct diag *d)
{
    struct search_opts o;
    search_opts_init(&o);
    o.department = arg;
    char *path = own_path("/department/", arg);
    int rc = path ? replies_page(db, &o, path, a, arg, "from department", r, d)
                  : diag_error(d, "out of memory");
    free(path);
    return rc;
}

/* ---- /delegates and /departments ---- */

static int names_page(struct db *db, const struct web_args *a, struct web_resp *r,
                      enum search_group which, struct diag *d)
{
    struct buf *b = &r->body;
    struct groups g = {NULL, 0, 0};
    struct search_opts o;
    long page;
    int deleg = which == GROUP_DELEGATE;
    search_opts_init(&o);
    if (web_arg_page(a, WEB_PAGE_NAMES, &o, &page, d))
        return -1;
    o.limit++; /* one more tells whether a next page exists */
    if (collect(db, &o, which, &g, d))
        return -1;
    page_begin(b, deleg ? "代表委员" : "承办单位");
    buf_adds(
        b,
        deleg
            ? "<h1>代表委员</h1>\n<p>每位提出人收到的答复（联名的建议、提案计入每位提出人）。</p>\n"
            : "<h1>承办单位</h1>\n<p>每个承办单位发出的答复。</p>\n");
    buf_adds(b, deleg ? "<table>\n<tr><th>提出人</th><th>拼音</th><th>答复</th><th>最新</th></tr>\n"
                      : "<table>\n<tr><th>承办单位</th><th>答复</th><th>最新</th></tr>\n");
    for (size_t i = 0; i < g.n && i < WEB_PAGE_NAMES; i++) {
        if (!g.v[i].key)
            continue;
        buf_adds(b, "<tr><td>");
        link_name(b, deleg ? "/delegate/" : "/department/", g.v[i].key);
        if (deleg) {
            buf_adds(b, "</td><td>");
            web_html_text(b, g.v[i].extra);
        }
        buf_printf(b, "</td><td class=\"n\">%lld</td><td>", g.v[i].n);
        web_html_text(b, g.v[i].latest);
        buf_adds(b, "</td></tr>\n");
    }
    buf_adds(b, "</table>\n");
    pager(b, deleg ? "/delegates" : "/departments", a, 0, page, WEB_PAGE_NAMES, -1,
          g.n > WEB_PAGE_NAMES);
    page_end(b);
    groups_release(&g);
    return page_done(r, d);
}

int web_page_delegates(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                       struct diag *d)
{
    (void)arg;
    return names_page(db, a, r, GROUP_DELEGATE, d);
}

int web_page_departments(struct db *db, const char *arg, const struct web_args *a,
                         struct web_resp *r, struct diag *d)
{
    (void)arg;
    return names_page(db, a, r, GROUP_DEPARTMENT, d);
}

/* ---- /stats ---- */

#define BAR_WIDTH 480      /* the chart's width in its own units */
#define BAR_ROW 28         /* per bar */
#define BAR_LABEL_X 176    /* labels end here */
#define BAR_X 184          /* bars start here */
#define BAR_MAX 250        /* the longest bar */
#define BAR_LABEL_CELLS 22 /* a longer label is shortened (CJK characters count 2) */

/* Appends label, shortened to BAR_LABEL_CELLS display cells with an ellipsis. */
static void short_label(struct buf *b, const char *s)
{
    size_t len = strlen(s);
    size_t pos = 0;
    int cells = 0;
    if (text_width(s, len) <= BAR_LABEL_CELLS) {
        web_html_text(b, s);
        return;
    }
    while (pos < len) {
        size_t next = pos;
        int w = text_cp_width(utf8_next(s, len, &next));
        if (cells + w > BAR_LABEL_CELLS - 2)
            break;
        cells += w;
        pos = next;
    }
    web_html_textn(b, s, pos);
    buf_adds(b, "…");
}

void web_svg_bars(struct buf *b, const char *title, const struct web_bar *bars, size_t n)
{
    long long max = 1;
    for (size_t i = 0; i < n; i++)
        if (bars[i].n > max)
            max = bars[i].n;
    unsigned height = (unsigned)(n ? n : 1) * BAR_ROW + 8;
    buf_adds(b, "<figure>\n<figcaption>");
    web_html_text(b, title);
    buf_printf(b,
               "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %u\" "
               "role=\"img\" aria-label=\"",
               BAR_WIDTH, height);
    web_html_text(b, title);
    buf_adds(b, "\" font-family=\"sans-serif\" font-size=\"15\">\n");
    if (!n)
        buf_printf(b, "<text x=\"%d\" y=\"20\" fill=\"#57606a\">没有数据</text>\n", BAR_X);
    for (size_t i = 0; i < n; i++) {
        const char *label = bars[i].label ? bars[i].label : "未注明";
        unsigned y = 4 + (unsigned)i * BAR_ROW;
        long long w = bars[i].n * BAR_MAX / max;
        if (w < 1)
            w = 1;
        buf_adds(b, "<g>");
        if (bars[i].href) {
            buf_adds(b, "<a href=\"");
            web_html_text(b, bars[i].href);
            buf_adds(b, "\">");
        }
        buf_adds(b, "<title>");
        web_html_text(b, label);
        buf_printf(b, "：%lld</title>", bars[i].n);
        buf_printf(b, "<text x=\"%d\" y=\"%u\" text-anchor=\"end\" fill=\"#1f2328\">", BAR_LABEL_X,
                   y + 19);
        short_label(b, label);
        buf_printf(b,
                   "</text><rect x=\"%d\" y=\"%u\" width=\"%lld\" height=\"20\" rx=\"2\" "
                   "fill=\"#c0392b\"/><text x=\"%lld\" y=\"%u\" fill=\"#1f2328\">%lld</text>",
                   BAR_X, y + 3, w, BAR_X + w + 6, y + 19, bars[i].n);
        if (bars[i].href)
            buf_adds(b, "</a>");
        buf_adds(b, "</g>\n");
    }
    buf_adds(b, "</svg>\n</figure>\n");
}

/* One chart from a grouping: each bar links to PREFIX + key (encoded). Replies
 * without the key make a bar of their own unless named_only. Returns 0 or -1
 * with d set. */
static int group_chart(struct db *db, struct buf *b, const char *title, enum search_group which,
                       long limit, int named_only, const char *prefix, struct diag *d)
{
    struct groups g = {NULL, 0, 0};
    struct search_opts o;
    search_opts_init(&o);
    o.limit = limit >= 0 && named_only ? limit + 1 : limit; /* room for the unnamed group */
    if (collect(db, &o, which, &g, d))
        return -1;
    struct web_bar *bars = calloc(g.n ? g.n : 1, sizeof *bars);
    char **hrefs = calloc(g.n ? g.n : 1, sizeof *hrefs);
    int rc = -1;
    if (!bars || !hrefs) {
        diag_error(d, "out of memory");
        goto cleanup;
    }
    size_t nbars = 0;
    for (size_t i = 0; i < g.n; i++) {
        if ((!g.v[i].key && named_only) || (limit >= 0 && nbars == (size_t)limit))
            continue;
        bars[nbars].label = g.v[i].key;
        bars[nbars].n = g.v[i].n;
        if (g.v[i].key) {
            hrefs[i] = own_path(prefix, g.v[i].key);
            if (!hrefs[i]) {
                diag_error(d, "out of memory");
                goto cleanup;
            }
            bars[nbars].href = hrefs[i];
        }
        nbars++;
    }
    web_svg_bars(b, title, bars, nbars);
    rc = 0;
cleanup:
    for (size_t i = 0; hrefs && i < g.n; i++)
        free(hrefs[i]);
    free(hrefs);
    free(bars);
    groups_release(&g);
    return rc;
}

/* The charts of /stats: sections of the statistics (search/stats.h), each with
 * its caption, how many bars it shows (-1: all), whether replies without the
 * key are left out, and where a bar links (PREFIX + key). */
static const struct chart {
    const char *section;
    const char *title;
    long limit;
    int named_only;
    const char *prefix;
} charts[] = {
    {"year", "每年的答复", -1, 0, "/?year="},
    {"department", "答复最多的承办单位（前 15）", 15, 1, "/department/"},
    {"category", "办理结果类别", -1, 0, "/?category="},
    {"kind", "建议、议案、提案", -1, 0, "/?kind="},
    {"delegate", "收到答复最多的代表委员（前 10）", 10, 1, "/delegate/"},
};

int web_page_stats(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                   struct diag *d)
{
    (void)arg;
    (void)a;
    struct buf *b = &r->body;
    struct search_opts o;
    search_opts_init(&o);
    o.all_copies = 1; /* the groups count every copy */
    long long total = search_count(db, &o, d);
    if (total < 0)
        return -1;
    page_begin(b, "统计");
    buf_printf(b,
               "<h1>统计</h1>\n<p>档案共 <strong>%lld</strong> 件答复 · "
               "<a href=\"/api/stats\">JSON</a></p>\n",
               total);
    for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++) {
        const struct chart *c = &charts[i];
        const struct search_stat *st = search_stat_find(c->section);
        if (st && group_chart(db, b, c->title, st->group, c->limit, c->named_only, c->prefix, d))
            return -1;
    }
    page_end(b);
    return page_done(r, d);
}
