/* The web server's pieces without a socket: URL decoding and query strings,
 * percent-encoding, HTML escaping, snippets, SVG charts, parameter checks, and
 * the per-request time limit on a database connection. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "store/db.h"
#include "util.h"
#include "web/web.h"
#include "web/web_api.h"
#include "web/web_page.h"
#include "web/web_url.h"

/* Decodes s; returns the result (static) or NULL when refused. */
static const char *decode(const char *s, int plus)
{
    static char out[256];
    struct buf b = BUF_INIT;
    struct diag d = DIAG_INIT;
    int rc = web_url_decode(s, strlen(s), plus, "it", &b, &d);
    snprintf(out, sizeof out, "%s", b.data);
    CHECK(rc == 0 ? d.code == DIAG_OK : d.code == DIAG_USAGE);
    buf_release(&b);
    diag_release(&d);
    return rc ? NULL : out;
}

static const char *escaped(const char *s)
{
    static char out[512];
    struct buf b = BUF_INIT;
    web_html_text(&b, s);
    snprintf(out, sizeof out, "%s", b.data);
    buf_release(&b);
    return out;
}

static const char *snippet(const char *s)
{
    static char out[512];
    struct buf b = BUF_INIT;
    web_html_snippet(&b, s);
    snprintf(out, sizeof out, "%s", b.data);
    buf_release(&b);
    return out;
}

static const char *encoded(const char *s)
{
    static char out[512];
    struct buf b = BUF_INIT;
    web_url_encode(&b, s);
    snprintf(out, sizeof out, "%s", b.data);
    buf_release(&b);
    return out;
}

/* Answers a request with allocations failing in turn: a page with every buffer
 * allocation from the first on failing (json 0), an API answer with each one of
 * cJSON's allocations failing (json 1). Each run either fails with "out of
 * memory" or, once no allocation fails, gives exactly the answer given without
 * failures: never a page or a JSON document with a piece missing. Returns the
 * number of runs that failed. */
static int under_failures(int json, struct db *db, web_handler fn, const char *arg, const char *qs)
{
    struct diag d = DIAG_INIT;
    struct web_args a = WEB_ARGS_INIT;
    CHECK_INT(web_args_parse(&a, qs, strlen(qs), &d), 0);
    struct web_resp whole = {200, NULL, BUF_INIT};
    CHECK_INT(fn(db, arg, &a, &whole, &d), 0);
    CHECK(whole.body.len > (json ? 100 : 1000));
    long *calls = json ? &json_calls : &alloc_calls;
    long *at = json ? &json_fail_at : &fail_at;
    int failed = 0;
    for (*at = 1; *at < 100000; (*at)++) {
        struct web_resp r = {200, NULL, BUF_INIT};
        diag_clear(&d);
        *calls = 0;
        buf_set_allocator(json ? NULL : failing_realloc);
        json_failing(json);
        int rc = fn(db, arg, &a, &r, &d);
        buf_set_allocator(NULL);
        json_failing(0);
        if (*calls < *at) {
            CHECK_INT(rc, 0);
            CHECK_STR(r.body.data, whole.body.data);
            buf_release(&r.body);
            break;
        }
        CHECK_INT(rc, -1);
        CHECK_STR(diag_msg(&d), "out of memory");
        failed++;
        buf_release(&r.body);
    }
    buf_release(&whole.body);
    web_args_release(&a);
    diag_release(&d);
    return failed;
}

static int parse(struct web_args *a, const char *qs, struct diag *d)
{
    web_args_release(a);
    diag_clear(d);
    return web_args_parse(a, qs, strlen(qs), d);
}

int main(void)
{
    struct diag d = DIAG_INIT;
    struct web_args a = WEB_ARGS_INIT;

    /* Percent-decoding: escapes in either case, '+' only in query strings. */
    CHECK_STR(decode("%E6%9C%89%e8%89%b2", 0), "有色");
    CHECK_STR(decode("a+b%20c", 1), "a b c");
    CHECK_STR(decode("a+b", 0), "a+b");
    CHECK_STR(decode("", 1), "");
    /* Refused: a bad or cut escape, a NUL byte, text that is not UTF-8. */
    CHECK(decode("%ZZ", 1) == NULL);
    CHECK(decode("%4", 1) == NULL);
    CHECK(decode("%", 1) == NULL);
    CHECK(decode("a%00b", 1) == NULL);
    CHECK(decode("%E6%9C", 1) == NULL);
    CHECK(decode("%FF", 1) == NULL);
    CHECK(decode("%C0%AF", 1) == NULL);    /* an overlong '/' */
    CHECK(decode("%ED%A0%80", 1) == NULL); /* a surrogate */

    /* Query strings: pairs, blanks, repeats (the last wins), names without '='. */
    CHECK_INT(parse(&a, "q=%E6%9C%89&&year=2023&q=x&empty=&flag", &d), 0);
    CHECK_STR(web_args_get(&a, "q"), "x");
    CHECK_STR(web_args_get(&a, "year"), "2023");
    CHECK(web_args_get(&a, "empty") == NULL);
    CHECK(web_args_get(&a, "flag") == NULL);
    CHECK(web_args_get(&a, "absent") == NULL);
    CHECK_INT(a.n, 4);
    CHECK_INT(parse(&a, "q=%FF", &d), -1);
    CHECK(strstr(diag_msg(&d), "parameter 'q'") && strstr(diag_msg(&d), "UTF-8"));
    CHECK_INT(parse(&a, "%ZZ=1", &d), -1);
    CHECK(strstr(diag_msg(&d), "parameter name") != NULL);

    /* Percent-encoding: only unreserved ASCII stays. */
    CHECK_STR(encoded("何如球"), "%E4%BD%95%E5%A6%82%E7%90%83");
    CHECK_STR(encoded("a b/c?d&e=f\"<>'"), "a%20b%2Fc%3Fd%26e%3Df%22%3C%3E%27");
    CHECK_STR(encoded("Az09-._~"), "Az09-._~");

    /* HTML escaping: markup becomes text, control and bidirectional characters show
     * as their escapes (a CR goes), UTF-8 stays. */
    CHECK_STR(escaped("<script>alert('x')</script> & \"y\""),
              "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;");
    CHECK_STR(escaped("有色\x01金属\x7f\r\n\tz"), "有色\\x01金属\\x7f\n\tz");
    CHECK_STR(escaped("a\xe2\x80\xae"
                      "b\xc2\x9b"
                      "c\xe2\x81\xa6"
                      "d\xc2\xa0"
                      "e"),
              "a\\u202eb\\u009bc\\u2066d\xc2\xa0"
              "e");
    CHECK_STR(escaped(NULL), "");

    /* Snippets: hits in <mark>, text escaped, unbalanced markers closed. */
    CHECK_STR(snippet("…\x01有色金属\x02产业<b>\n"), "…<mark>有色金属</mark>产业&lt;b&gt; ");
    CHECK_STR(snippet("\x01<i>"), "<mark>&lt;i&gt;</mark>");
    CHECK_STR(snippet("a\x02"
                      "b\x01\x01"
                      "c\x02"),
              "ab<mark>c</mark>");

    /* SVG bars: labels escaped and shortened, bars scaled to the largest. */
    {
        struct web_bar bars[] = {{"<b>局</b>", 10, "/department/%3Cb%3E"},
                                 {"湖南省工业和信息化厅湖南省工业和信息化厅", 5, NULL},
                                 {NULL, 1, NULL}};
        struct buf b = BUF_INIT;
        web_svg_bars(&b, "图 <1>", bars, 3);
        CHECK(strstr(b.data, "<svg") && strstr(b.data, "</svg>"));
        CHECK(strstr(b.data, "&lt;b&gt;局&lt;/b&gt;") != NULL);
        CHECK(strstr(b.data, "<b>") == NULL);
        CHECK(strstr(b.data, "aria-label=\"图 &lt;1&gt;\"") != NULL);
        CHECK(strstr(b.data, "width=\"250\"") && strstr(b.data, "width=\"125\""));
        CHECK(strstr(b.data, "湖南省工业和信息化厅…") != NULL);
        CHECK(strstr(b.data, "未注明") != NULL);
        CHECK(strstr(b.data, "<a href=\"/department/%3Cb%3E\">") != NULL);
        buf_release(&b);
    }

    /* Filters: the CLI's checks, case-folded categories, blanks ignored. */
    {
        struct search_opts o;
        search_opts_init(&o);
        CHECK_INT(parse(&a, "q=x&kind=%E6%8F%90%E6%A1%88&category=b&year=2023&delegate=", &d), 0);
        CHECK_INT(web_filters(&a, &o, &d), 0);
        CHECK_STR(o.query, "x");
        CHECK_STR(o.kind, "提案");
        CHECK_STR(o.category, "B");
        CHECK_INT(o.year, 2023);
        CHECK(o.delegate == NULL);
        const char *bad[] = {"year=20x", "year=1900",     "kind=x",         "category=D",
                             "sort=up",  "from=2023-1-1", "to=2023-02-30x", "term=0"};
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            search_opts_init(&o);
            CHECK_INT(parse(&a, bad[i], &d), 0);
            CHECK_INT(web_filters(&a, &o, &d), -1);
            CHECK_INT(d.code, DIAG_USAGE);
        }
        long n;
        CHECK_INT(parse(&a, "limit=99999999999", &d), 0);
        CHECK_INT(web_arg_long(&a, "limit", 0, 500, 20, &n, &d), -1);
        CHECK_INT(web_arg_long(&a, "page", 1, 9, 1, &n, &d), 0);
        CHECK_INT(n, 1);
    }

    /* Reply ids: positive decimal numbers only. */
    {
        long long id = 0;
        CHECK_INT(web_reply_id("25", &id, &d), 0);
        CHECK_INT(id, 25);
        const char *bad[] = {"0", "025", "-1", "1x", "", "+1", "1234567890123456789"};
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            CHECK_INT(web_reply_id(bad[i], &id, &d), -1);
            CHECK_INT(d.code, DIAG_NOTFOUND);
        }
        CHECK_INT(web_reply_id(NULL, &id, &d), -1);
    }

    /* The time limit stops a long statement, and lifting it lets statements run. */
    {
        char path[] = "/tmp/dafu-test-web-XXXXXX";
        temp_db_path(path);
        struct db *db = NULL;
        struct web_limit lim;
        const char *slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                           "LIMIT 50000000) SELECT count(*) FROM c";
        CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
        web_limit_set(db, &lim, 1, 0);
        struct timespec pause = {0, 5000000};
        nanosleep(&pause, NULL);
        CHECK_INT(db_exec(db, slow, &d), -1);
        CHECK_INT(lim.expired, 1);
        CHECK_INT(db_interrupted(db), 1);
        /* a short statement after it (a search's ROLLBACK TO) succeeds and
         * resets SQLite's error code; the request was still stopped */
        CHECK_INT(db_exec(db, "SELECT 1", &d), 0);
        CHECK_INT(db_interrupted(db), 1);
        web_limit_set(db, &lim, 0, 0);
        CHECK_INT(db_exec(db, "SELECT count(*) FROM reply", &d), 0);
        CHECK_INT(db_interrupted(db), 0);
        CHECK_INT(lim.expired, 1); /* the request it stopped still says so */
        web_limit_set(db, &lim, 60000, 0);
        CHECK_INT(db_exec(db, "SELECT count(*) FROM reply", &d), 0);
        CHECK_INT(lim.expired, 0);
        /* A step limit stops the same statement after the same work, with no
         * time limit and no pause: 1,000 steps of a count over 50 million rows. */
        web_limit_set(db, &lim, 0, 1000);
        CHECK_INT(db_exec(db, slow, &d), -1);
        CHECK_INT(lim.expired, 1);
        CHECK(lim.steps >= 1000 && lim.steps < 2000);
        web_limit_set(db, &lim, 0, 0);
        /* a step limit below the handler's period is counted at its own size */
        web_limit_set(db, &lim, 0, 10);
        CHECK_INT(db_exec(db, slow, &d), -1);
        CHECK_INT(lim.steps, 10);
        web_limit_set(db, &lim, 0, 0);
        /* a statement within the limit runs, and a new limit counts afresh */
        web_limit_set(db, &lim, 0, 100000000L);
        CHECK_INT(db_exec(db, "SELECT count(*) FROM reply", &d), 0);
        CHECK_INT(lim.expired, 0);
        web_limit_set(db, &lim, 0, 0);
        db_close(db);
        remove_db(path);
    }

    /* Pages built while allocations fail are refused, never sent with a piece
     * missing: a letter's page, and a search results page (query, snippets). */
    {
        char path[] = "/tmp/dafu-test-web-XXXXXX";
        temp_db_path(path);
        struct db *db = NULL;
        CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
        struct letter l;
        enum db_put_result res;
        letter_init(&l);
        letter_set(&l.body, "人大", strlen("人大"));
        letter_set(&l.region, "湖南省", strlen("湖南省"));
        letter_set(&l.number, "0831", 4);
        letter_set(&l.kind, "建议", strlen("建议"));
        letter_set(&l.department, "湖南省工业和信息化厅", strlen("湖南省工业和信息化厅"));
        letter_set(&l.title, "关于<有色金属>产业的建议", strlen("关于<有色金属>产业的建议"));
        letter_set(&l.date, "2023-05-12", 10);
        letter_set(&l.category, "A", 1);
        const char *text = "有色金属产业是重要传统产业。郴州的有色金属 & 稀土，补链强链。";
        letter_set(&l.text, text, strlen(text));
        l.term = 14;
        l.session = 1;
        letter_add_delegate(&l, "单雄信", strlen("单雄信"));
        letter_add_delegate(&l, "何如球", strlen("何如球"));
        CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
        char id[24];
        snprintf(id, sizeof id, "%lld", l.id);
        letter_release(&l);
        CHECK(under_failures(0, db, web_page_reply, id, "") >= 3);
        CHECK(under_failures(0, db, web_page_search, NULL, "q=%E6%9C%89%E8%89%B2+-x&year=2023") >=
              5);
        CHECK(under_failures(0, db, web_page_stats, NULL, "") >= 5);
        /* The JSON API likewise, when cJSON's allocations fail. */
        CHECK(under_failures(1, db, web_api_search, NULL, "q=%E6%9C%89%E8%89%B2") >= 5);
        CHECK(under_failures(1, db, web_api_delegates, NULL, "") >= 5);
        CHECK(under_failures(1, db, web_api_stats, NULL, "") >= 10);
        CHECK(under_failures(1, db, web_api_reply, id, "") >= 5);
        db_close(db);
        remove_db(path);
    }

    web_args_release(&a);
    diag_release(&d);
    return check_done();
}
