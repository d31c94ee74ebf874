/* web_similar: near-duplicate replies on the pages (see web_page.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "search/similar_query.h"
#include "web/web_api.h"
#include "web/web_page.h"

/* The most similar replies a letter's page lists. */
#define WEB_SIMILAR_MAX 10

/* ---- near-duplicates ---- */

struct similar_html {
    struct buf *b;
    long n;
};

/* One more item of a reply's line, after a dot, when there is one. */
static void meta_item(struct buf *b, const char *text)
{
    if (text) {
        buf_adds(b, " · ");
        web_html_text(b, text);
    }
}

static int on_similar_item(void *ctx, const struct letter *l, double similarity)
{
    struct similar_html *h = ctx;
    struct buf *b = h->b;
    if (!h->n++)
        buf_adds(b, "<section class=\"similar\">\n<h2>相似答复</h2>\n<ul>\n");
    buf_printf(b, "<li><a href=\"/reply/%lld\">", l->id);
    if (l->title)
        web_html_text(b, l->title);
    else
        buf_printf(b, "答复 #%lld", l->id);
    buf_printf(b, "</a> <span class=\"meta\">相似度 %.0f%%", floor(similarity * 100));
    meta_item(b, l->department);
    meta_item(b, l->date);
    meta_item(b, l->n_delegates ? l->delegates[0] : NULL);
    buf_adds(b, "</span></li>\n");
    return h->n >= WEB_SIMILAR_MAX;
}

/* The replies that share at least half of this one's text, if any. */
int web_similar_block(struct db *db, struct buf *b, long long id, struct diag *d)
{
    struct similar_html h = {b, 0};
    if (search_similar(db, id, 0.5, 0, on_similar_item, &h, d) < 0)
        return -1;
    if (h.n >= WEB_SIMILAR_MAX)
        buf_printf(b, "<li><a href=\"/api/similar/%lld\">全部（JSON）</a></li>\n", id);
    if (h.n)
        buf_adds(b, "</ul>\n</section>\n");
    return 0;
}

struct boiler_html {
    struct buf *b;
    long n;
};

static void join_html(struct buf *b, char *const *v, size_t n, const char *sep, size_t max)
{
    for (size_t i = 0; i < n && i < max; i++) {
        if (i)
            buf_adds(b, sep);
        web_html_text(b, v[i]);
    }
    if (n > max)
        buf_printf(b, "%s…（共 %zu）", sep, n);
}

static int on_boiler_item(void *ctx, const struct boilerplate *g)
{
    struct boiler_html *h = ctx;
    struct buf *b = h->b;
    if (!h->n++)
        buf_adds(b, "<ol class=\"groups\">\n");
    buf_printf(b,
               "<li><p><strong>%zu 件答复</strong> · 相似度不低于 %.0f%%</p>\n<dl class=\"fields\">"
               "<dt>承办单位</dt><dd>",
               g->size, floor(g->similarity * 100));
    join_html(b, g->departments, g->ndepartments, "、", 10);
    buf_adds(b, "</dd>\n<dt>年份</dt><dd>");
    join_html(b, g->years, g->nyears, " ", 20);
    buf_adds(b, "</dd>\n<dt>提出人</dt><dd>");
    join_html(b, g->delegates, g->ndelegates, "、", 20);
    buf_adds(b, "</dd>\n<dt>答复</dt><dd>");
    for (size_t i = 0; i < g->size && i < 100; i++)
        buf_printf(b, "%s<a href=\"/reply/%lld\">#%lld</a>", i ? " " : "", g->ids[i], g->ids[i]);
    if (g->size > 100)
        buf_adds(b, " …");
    buf_adds(b, "</dd></dl></li>\n");
    return 0;
}

int web_page_boilerplate(struct db *db, const char *arg, const struct web_args *a,
                         struct web_resp *r, struct diag *d)
{
    (void)arg;
    struct buf *b = &r->body;
    struct search_opts o;
    search_opts_init(&o);
    if (web_filters(a, &o, d))
        return -1;
    long min_size;
    if (web_param_min_size(a, &min_size, d))
        return -1;
    o.limit = 200;
    web_page_begin(b, "模板答复");
    buf_printf(b,
               "<h1>模板答复</h1>\n<p class=\"meta\">同一份答复文字发给多件建议提案：至少 %ld "
               "件答复共享大部分文字（相似度 50%% "
               "以上）的组，按组大小排列；同一封信的转载只算一件。</p>\n",
               min_size);
    struct boiler_html h = {b, 0};
    if (search_boilerplate(db, &o, (size_t)min_size, 0.5, on_boiler_item, &h, d) < 0)
        return -1;
    if (h.n)
        buf_adds(b, "</ol>\n");
    else
        buf_adds(b, "<p>没有找到模板答复。</p>\n");
    web_page_end(b);
    return web_page_done(r, d);
}
