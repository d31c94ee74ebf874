/* web: the HTTP server, its router and its limits (see web.h). */
#include "web/web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "model/letter.h"
#include "search/filter.h"
#include "web/web_api.h"
#include "web/web_guard.h"
#include "web/web_page.h"

#define WEB_CONNECTION_TIMEOUT 10 /* seconds a connection may stay idle */
#define WEB_HEADER_DEADLINE 10000 /* ms for a request's line and headers (web_guard) */
#define WEB_CONNECTION_LIMIT 8192 /* at most; fewer when file descriptors are short */
#define WEB_PROGRESS_STEPS 1000   /* SQLite VM steps between deadline checks */
/* KB of pages each worker's connection keeps: a page with keywords reads the
 * rows of its hits (16 KB pages of a few letters each), the statistics seven
 * times over; with SQLite's default of 2 MB a worker read them from the file
 * again each time (see BENCHMARKS.md). */
#define WEB_CACHE_KB 32768

struct web {
    struct MHD_Daemon *mhd;
    struct web_config cfg;
    char *db_path;        /* cfg.db_path, copied */
    pthread_key_t worker; /* each thread's struct worker */
    int key_made;
    unsigned port;
    atomic_int started; /* listening: before, web_start reports failures itself */
    struct web_guard *guard;
};

/* A worker thread's own state, freed when the thread ends. */
struct worker {
    struct db *db; /* read-only connection, opened on the first request */
    struct web_limit limit;
};

/* One request, from its first line to its completion. */
struct request {
    char *uri; /* the request target exactly as sent */
};

static void worker_free(void *p)
{
    struct worker *w = p;
    if (!w)
        return;
    db_close(w->db);
    free(w);
}

static void web_log(const struct web *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void web_log(const struct web *w, const char *fmt, ...)
{
    if (!w->cfg.log)
        return;
    struct buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    buf_trim(&b);
    w->cfg.log(w->cfg.log_ctx, buf_failed(&b) ? "out of memory" : b.data);
    buf_release(&b);
}

/* ---- the time limit ---- */

/* Called every `period` VM steps (see web_limit_set). */
static int on_progress(void *ctx)
{
    struct web_limit *lim = ctx;
    long period = lim->max_steps > 0 && lim->max_steps < WEB_PROGRESS_STEPS ? lim->max_steps
                                                                            : WEB_PROGRESS_STEPS;
    lim->steps += period;
    if (lim->max_steps > 0 && lim->steps >= lim->max_steps) {
        lim->expired = 1;
        return 1;
    }
    if (lim->at.tv_sec == 0 && lim->at.tv_nsec == 0)
        return 0; /* no time limit */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec > lim->at.tv_sec ||
        (now.tv_sec == lim->at.tv_sec && now.tv_nsec >= lim->at.tv_nsec)) {
        lim->expired = 1;
        return 1;
    }
    return 0;
}

void web_limit_set(struct db *db, struct web_limit *lim, long ms, long steps)
{
    if (ms <= 0 && steps <= 0) { /* lifted: expired still says whether it stopped a statement */
        db_progress(db, 0, NULL, NULL);
        return;
    }
    lim->expired = 0;
    lim->steps = 0;
    lim->max_steps = steps > 0 ? steps : 0;
    lim->at.tv_sec = 0;
    lim->at.tv_nsec = 0;
    if (ms > 0) {
        clock_gettime(CLOCK_MONOTONIC, &lim->at);
        lim->at.tv_sec += ms / 1000;
        lim->at.tv_nsec += (ms % 1000) * 1000000L;
        if (lim->at.tv_nsec >= 1000000000L) {
            lim->at.tv_sec++;
            lim->at.tv_nsec -= 1000000000L;
        }
    }
    int period = lim->max_steps > 0 && lim->max_steps < WEB_PROGRESS_STEPS ? (int)lim->max_steps
                                                                           : WEB_PROGRESS_STEPS;
    db_progress(db, period, on_progress, lim);
}

/* ---- parameters ---- */

int web_arg_long(const struct web_args *a, const char *key, long min, long max, long dflt,
                 long *out, struct diag *d)
{
    const char *v = web_args_get(a, key);
    *out = dflt;
    if (!v)
        return 0;
    long n = 0;
    int ok = *v != '\0' && strlen(v) <= 10;
    for (const char *p = v; ok && *p; p++) {
        if (*p < '0' || *p > '9')
            ok = 0;
        else
            n = n * 10 + (*p - '0');
    }
    if (!ok || n < min || n > max)
        return diag_set(d, DIAG_USAGE,
                        "parameter '%s' must be a whole number from %ld to %ld, "
                        "not '%s'",
                        key, min, max, v);
    *out = n;
    return 0;
}

/* Says that v is none of the NULL-terminated choices. Returns -1 with d set. */
static int arg_choice_error(const char *key, const char *v, const char *const *choices,
                            struct diag *d)
{
    struct buf list = BUF_INIT;
    for (int i = 0; choices[i]; i++)
        buf_printf(&list, "%s'%s'", i ? ", " : "", choices[i]);
    if (buf_failed(&list))
        diag_error(d, "out of memory");
    else
        diag_set(d, DIAG_USAGE, "parameter '%s' must be one of %s, not '%s'", key, list.data, v);
    buf_release(&list);
    return -1;
}

int web_filters(const struct web_args *a, struct search_opts *o, struct diag *d)
{
    o->query = web_args_get(a, "q");
    for (const struct search_filter *f = search_filters; f->name; f++) {
        const char *v = web_args_get(a, f->name);
        const char *s = v;
        long n = 0;
        if (!v)
            continue;
        switch (f->type) {
        case FILTER_TEXT:
            break;
        case FILTER_CHOICE:
        case FILTER_SORT:
            if (!(s = search_filter_choice(f, v)))
                return arg_choice_error(f->name, v, f->choices, d);
            break;
        case FILTER_INT:
            if (web_arg_long(a, f->name, f->min, f->max, 0, &n, d))
                return -1;
            break;
        case FILTER_DATE:
            if (!search_date_valid(v))
                return diag_set(d, DIAG_USAGE,
                                "parameter '%s' must be a date as YYYY-MM-DD, not '%s'", f->name,
                                v);
            break;
        }
        search_filter_set(f, o, s, n);
    }
    return 0;
}

int web_search_args(const struct web_args *a, long max_limit, long dflt_limit,
                    struct search_opts *o, struct diag *d)
{
    search_opts_init(o);
    if (web_filters(a, o, d) || web_arg_long(a, "limit", 0, max_limit, dflt_limit, &o->limit, d) ||
        web_arg_long(a, "offset", 0, 1000000000L, 0, &o->offset, d))
        return -1;
    return 0;
}

int web_arg_page(const struct web_args *a, long per_page, struct search_opts *o, long *page,
                 struct diag *d)
{
    if (web_arg_long(a, "page", 1, WEB_MAX_PAGE, 1, page, d))
        return -1;
    o->limit = per_page;
    o->offset = (*page - 1) * per_page;
    return 0;
}

int web_reply_id(const char *arg, long long *id, struct diag *d)
{
    long long n = 0;
    int ok = arg && *arg && strlen(arg) <= 18 && *arg != '0';
    for (const char *p = arg; ok && *p; p++) {
        if (*p < '0' || *p > '9')
            ok = 0;
        else
            n = n * 10 + (*p - '0');
    }
    if (!ok)
        return diag_set(d, DIAG_NOTFOUND, "there is no reply '%s'", arg ? arg : "");
    *id = n;
    return 0;
}

/* ---- routing ---- */

static const struct route {
    const char *path; /* the whole path, or a prefix when it ends in '/' */
    int api;          /* errors as JSON */
    web_handler fn;
} routes[] = {
    {"/", 0, web_page_search},
    {"/reply/", 0, web_page_reply},
    {"/delegate/", 0, web_page_delegate},
    {"/department/", 0, web_page_department},
    {"/delegates", 0, web_page_delegates},
    {"/departments", 0, web_page_departments},
    {"/stats", 0, web_page_stats},
    {"/boilerplate", 0, web_page_boilerplate},
    {"/api/search", 1, web_api_search},
    {"/api/reply/", 1, web_api_reply},
    {"/api/delegates", 1, web_api_delegates},
    {"/api/departments", 1, web_api_departments},
    {"/api/stats", 1, web_api_stats},
    {"/api/similar/", 1, web_api_similar},
    {"/api/boilerplate", 1, web_api_boilerplate},
};
#define NROUTES (sizeof routes / sizeof routes[0])

/* Finds the route for the raw path. For a prefix route, *rest is where the rest
 * of the path starts; for a whole-path route it is 0. */
static const struct route *find_route(const char *path, size_t len, size_t *rest)
{
    for (size_t i = 0; i < NROUTES; i++) {
        size_t n = strlen(routes[i].path);
        int prefix = n > 1 && routes[i].path[n - 1] == '/';
        if (prefix ? len > n && !memcmp(path, routes[i].path, n)
                   : len == n && !memcmp(path, routes[i].path, n)) {
            *rest = prefix ? n : 0;
            return &routes[i];
        }
    }
    return NULL;
}

static int is_api(const char *path, size_t len)
{
    return len >= 4 && !memcmp(path, "/api", 4) && (len == 4 || path[4] == '/');
}

/* Renders an error in the route's language: JSON for the API, else a page. */
static void error_resp(struct web_resp *r, int api, int status, const char *msg)
{
    buf_clear(&r->body);
    r->status = status;
    if (api) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "error", msg);
        char *s = j ? letter_json_print(j, 0) : NULL;
        buf_adds(&r->body, s ? s : "{\"error\":\"out of memory\"}");
        buf_addch(&r->body, '\n');
        free(s);
        cJSON_Delete(j);
        r->type = "application/json; charset=utf-8";
    } else {
        web_page_error(r, status, msg);
    }
}

static struct worker *get_worker(struct web *w, struct diag *d)
{
    struct worker *wk = pthread_getspecific(w->worker);
    if (!wk) {
        wk = calloc(1, sizeof *wk);
        if (!wk) {
            diag_error(d, "out of memory");
            return NULL;
        }
        if (pthread_setspecific(w->worker, wk)) {
            free(wk);
            diag_error(d, "cannot keep a thread's state");
            return NULL;
        }
    }
    if (!wk->db) {
        if (db_open(&wk->db, w->db_path, DB_READONLY, d))
            return NULL;
        char sql[48];
        snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", WEB_CACHE_KB);
        if (db_exec(wk->db, sql, d)) {
            db_close(wk->db);
            wk->db = NULL;
            return NULL;
        }
    }
    return wk;
}

/* Serves one GET: fills r from the request target uri. */
static void serve(struct web *w, const char *uri, struct web_resp *r)
{
    struct diag d = DIAG_INIT;
    struct web_args args = WEB_ARGS_INIT;
    struct buf rest = BUF_INIT;
    const char *q = strchr(uri, '?');
    size_t path_len = q ? (size_t)(q - uri) : strlen(uri);
    int api = is_api(uri, path_len);
    size_t off = 0;
    const struct route *rt = NULL;

    if (uri[0] != '/') {
        error_resp(r, api, 400, "the request target must be a path");
        goto cleanup;
    }
    if (q && strlen(q + 1) > WEB_MAX_QUERY) {
        error_resp(r, api, 400, "the query string is longer than 1024 bytes");
        goto cleanup;
    }
    rt = find_route(uri, path_len, &off);
    if (!rt) {
        error_resp(r, api, 404, "there is no such page");
        goto cleanup;
    }
    if ((off && web_url_decode(uri + off, path_len - off, 0, "the path", &rest, &d)) ||
        (q && web_args_parse(&args, q + 1, strlen(q + 1), &d))) {
        error_resp(r, rt->api, d.code == DIAG_USAGE ? 400 : 500, diag_msg(&d));
        goto cleanup;
    }
    struct worker *wk = get_worker(w, &d);
    if (!wk) {
        web_log(w, "%s", diag_msg(&d));
        error_resp(r, rt->api, 500, "the archive cannot be opened");
        goto cleanup;
    }
    web_limit_set(wk->db, &wk->limit, w->cfg.time_limit_ms, w->cfg.step_limit);
    /* One state of the archive for all a page reads (its count and its
     * groupings agree), and for what the connection keeps for that state. */
    int began = db_read_begin(wk->db, &d);
    int rc = began < 0 ? -1 : rt->fn(wk->db, off ? rest.data : NULL, &args, r, &d);
    db_read_end(wk->db, began);
    int stopped = wk->limit.expired || db_interrupted(wk->db);
    web_limit_set(wk->db, &wk->limit, 0, 0);
    if (rc) {
        if (stopped)
            error_resp(r, rt->api, 503, "the request took too long");
        else if (d.code == DIAG_USAGE)
            error_resp(r, rt->api, 400, diag_msg(&d));
        else if (d.code == DIAG_NOTFOUND)
            error_resp(r, rt->api, 404, diag_msg(&d));
        else {
            web_log(w, "%s: %s", uri, diag_msg(&d));
            error_resp(r, rt->api, 500, "internal error");
        }
    }
cleanup:
    web_args_release(&args);
    buf_release(&rest);
    diag_release(&d);
}

/* ---- libmicrohttpd callbacks ---- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    struct request *rq = calloc(1, sizeof *rq);
    if (rq)
        rq->uri = strdup(uri);
    return rq;
}

/* The guard's entry for connection c (web_guard.h). */
static void *guard_entry(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    struct web *w = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (ci)
            web_guard_opened(w->guard, ci->connect_fd, socket_context);
    } else {
        web_guard_closed(w->guard, socket_context);
    }
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct web *w = cls;
    (void)toe;
    web_guard_busy(w->guard, guard_entry(c), 0);
    struct request *rq = *con_cls;
    if (rq) {
        free(rq->uri);
        free(rq);
    }
    *con_cls = NULL;
}

static enum MHD_Result add_header_size(void *cls, enum MHD_ValueKind kind, const char *key,
                                       const char *value)
{
    (void)kind;
    size_t *sum = cls;
    *sum += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": " and CRLF */
    return MHD_YES;
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct web_resp *r, int allow)
{
    size_t len = r->body.len;
    char *body = buf_detach(&r->body);
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(body ? len : 0, body ? body : (void *)"",
                                        body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    if (allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)url;
    (void)version;
    (void)upload_data;
    struct web *w = cls;
    struct request *rq = *con_cls;
    struct web_resp r = {200, "text/html; charset=utf-8", BUF_INIT};
    int allow = 0;
    *upload_data_size = 0; /* a body is never read */
    web_guard_busy(w->guard, guard_entry(c), 1);
    const char *uri = rq && rq->uri ? rq->uri : NULL;
    int api = uri && is_api(uri, strcspn(uri, "?"));
    size_t size = uri ? strlen(method) + strlen(uri) + strlen(version) + 4 : 0;
    MHD_get_connection_values(c, MHD_HEADER_KIND, add_header_size, &size);
    if (!uri) {
        error_resp(&r, 0, 500, "out of memory");
    } else if (size > WEB_MAX_REQUEST) {
        error_resp(&r, api, 400, "the request is larger than 8192 bytes");
    } else if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
        error_resp(&r, api, 405, "only GET and HEAD are served");
        allow = 1;
    } else {
        serve(w, uri, &r);
    }
    if (buf_failed(&r.body)) /* a page with a piece missing is never sent */
        error_resp(&r, api, 500, "out of memory");
    enum MHD_Result ret = send_resp(c, &r, allow);
    buf_release(&r.body);
    return ret;
}

/* libmicrohttpd's error log callback: its format strings are its own. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    struct web *w = cls;
    if (!w->cfg.log || !atomic_load(&w->started))
        return;
    struct buf b = BUF_INIT;
    buf_vprintf(&b, fmt, ap);
    buf_trim(&b);
    w->cfg.log(w->cfg.log_ctx, buf_failed(&b) ? "out of memory" : b.data);
    buf_release(&b);
}

/* ---- lifecycle ---- */

int web_start(struct web **out, const struct web_config *cfg, struct diag *d)
{
    *out = NULL;
    struct web *w = calloc(1, sizeof *w);
    if (!w)
        return diag_error(d, "out of memory");
    w->cfg = *cfg;
    w->db_path = strdup(cfg->db_path);
    w->cfg.db_path = w->db_path;
    if (!w->db_path)
        goto oom;
    if (pthread_key_create(&w->worker, worker_free)) {
        diag_error(d, "cannot create a thread key");
        goto fail;
    }
    w->key_made = 1;

    const char *bind = cfg->bind ? cfg->bind : "127.0.0.1";
    struct sockaddr_in in4;
    struct sockaddr_in6 in6;
    const struct sockaddr *sa;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    memset(&in4, 0, sizeof in4);
    memset(&in6, 0, sizeof in6);
    if (inet_pton(AF_INET, bind, &in4.sin_addr) == 1) {
        in4.sin_family = AF_INET;
        in4.sin_port = htons((uint16_t)cfg->port);
        sa = (const struct sockaddr *)&in4;
    } else if (inet_pton(AF_INET6, bind, &in6.sin6_addr) == 1) {
        in6.sin6_family = AF_INET6;
        in6.sin6_port = htons((uint16_t)cfg->port);
        sa = (const struct sockaddr *)&in6;
        flags |= MHD_USE_IPv6;
    } else {
        diag_set(d, DIAG_USAGE, "'%s' is not a numeric IPv4 or IPv6 address", bind);
        goto fail;
    }
    errno = 0;
    if (web_guard_start(&w->guard, WEB_HEADER_DEADLINE))
        goto oom;
    /* Idle connections cost libmicrohttpd (epoll) nothing but a descriptor:
     * allow as many as the process may open, up to WEB_CONNECTION_LIMIT. */
    struct rlimit nofile;
    unsigned limit = 256;
    if (!getrlimit(RLIMIT_NOFILE, &nofile)) {
        if (nofile.rlim_cur < nofile.rlim_max && nofile.rlim_cur < WEB_CONNECTION_LIMIT + 256) {
            nofile.rlim_cur = nofile.rlim_max < WEB_CONNECTION_LIMIT + 256
                                  ? nofile.rlim_max
                                  : WEB_CONNECTION_LIMIT + 256;
            setrlimit(RLIMIT_NOFILE, &nofile);
            getrlimit(RLIMIT_NOFILE, &nofile);
        }
        if (nofile.rlim_cur > 512)
            limit = nofile.rlim_cur - 256 > WEB_CONNECTION_LIMIT
                        ? WEB_CONNECTION_LIMIT
                        : (unsigned)(nofile.rlim_cur - 256);
    }
    w->mhd = MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, on_request, w, MHD_OPTION_EXTERNAL_LOGGER,
        on_mhd_log, (void *)w, MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)(cfg->threads ? cfg->threads : 1), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)WEB_CONNECTION_TIMEOUT, MHD_OPTION_CONNECTION_LIMIT, limit,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit, MHD_OPTION_URI_LOG_CALLBACK, on_uri,
        (void *)w, MHD_OPTION_NOTIFY_COMPLETED, on_completed, (void *)w,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, (void *)w, MHD_OPTION_END);
    if (!w->mhd) {
        diag_error(d, "cannot listen on %s port %u%s%s", bind, cfg->port, errno ? ": " : "",
                   errno ? strerror(errno) : "");
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(w->mhd, MHD_DAEMON_INFO_BIND_PORT);
    w->port = info ? info->port : cfg->port;
    atomic_store(&w->started, 1);
    *out = w;
    return 0;
oom:
    diag_error(d, "out of memory");
fail:
    web_stop(w);
    return -1;
}

unsigned web_port(const struct web *w)
{
    return w->port;
}

void web_stop(struct web *w)
{
    if (!w)
        return;
    if (w->mhd)
        MHD_stop_daemon(w->mhd); /* joins the workers, whose states are freed on exit */
    web_guard_stop(w->guard);
    if (w->key_made)
        pthread_key_delete(w->worker);
    free(w->db_path);
    free(w);
}
