#ifndef DAFU_WEB_PAGE_H
#define DAFU_WEB_PAGE_H
/*
 * web_page: the archive as HTML pages, rendered on the server: UTF-8, one small
 * inline style sheet, no scripts and no external assets, readable on a phone.
 *
 *   /                  search box and filters; results with highlighted snippets,
 *                      paged (?q=&number=&delegate=&department=&year=&kind=
 *                      &category=&page=); the newest replies without a search
 *   /reply/ID          one letter: every field and the full text
 *   /delegate/NAME     every reply to a delegate;  /department/NAME  from a department
 *   /delegates, /departments   the lists, with counts
 *   /stats             replies per year, per department and by category, as SVG
 *   /boilerplate       groups of replies sharing one template answer (the search
 *                      filters, &min_size=N); /reply/ID lists its similar replies
 *
 * Every text that comes from a letter or a request is escaped (web_html_text);
 * every link is built from percent-encoded parts (web_url_encode). Page handlers
 * are web_handlers (web.h).
 */
#include "base/buf.h"
#include "web/web.h"

#define WEB_PAGE_HITS 20   /* search results per page */
#define WEB_PAGE_LIST 50   /* replies per page on a delegate's or department's page */
#define WEB_PAGE_NAMES 100 /* rows per page of the delegate and department lists */

/* Appends s[0..len) escaped for HTML text and attribute values: & < > " ' become
 * entities, control characters other than tab and newline are dropped. */
void web_html_textn(struct buf *b, const char *s, size_t len);
/* The same for a C string; NULL appends nothing. */
void web_html_text(struct buf *b, const char *s);
/* Appends a search snippet: its text escaped, the hits (between \x01 and \x02)
 * in <mark>; line breaks become spaces. */
void web_html_snippet(struct buf *b, const char *snippet);

/* One bar of a chart. */
struct web_bar {
    const char *label; /* shown, shortened when long; NULL shows as 未注明 */
    long long n;
    const char *href; /* a link for the bar, or NULL */
};
/* Appends an inline SVG chart of horizontal bars, labelled and counted, scaled to
 * the largest n; title names it for screen readers. */
void web_svg_bars(struct buf *b, const char *title, const struct web_bar *bars, size_t n);

/* Fills r with an error page (status, message, a search box). */
void web_page_error(struct web_resp *r, int status, const char *msg);

int web_page_search(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                    struct diag *d);
int web_page_reply(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                   struct diag *d);
int web_page_delegate(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                      struct diag *d);
int web_page_department(struct db *db, const char *arg, const struct web_args *a,
                        struct web_resp *r, struct diag *d);
int web_page_delegates(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                       struct diag *d);
int web_page_departments(struct db *db, const char *arg, const struct web_args *a,
                         struct web_resp *r, struct diag *d);
/* The frame every page has (web_page.c): its head, navigation and footer; done
 * sends r->body when it was built whole (0, or -1 with d set). */
void web_page_begin(struct buf *b, const char *title);
void web_page_end(struct buf *b);
int web_page_done(struct web_resp *r, struct diag *d);
/* web_similar.c: the "similar replies" section of /reply/ID (nothing when there
 * are none), and the /boilerplate page. */
int web_similar_block(struct db *db, struct buf *b, long long id, struct diag *d);
int web_page_boilerplate(struct db *db, const char *arg, const struct web_args *a,
                         struct web_resp *r, struct diag *d);
int web_page_stats(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                   struct diag *d);

#endif
