#ifndef DAFU_WEB_H
#define DAFU_WEB_H
/*
 * web: the archive over HTTP (libmicrohttpd): a pool of threads, each with its
 * own read-only connection to the archive (opened on its first request, closed
 * when the thread ends), a router over the built-in pages (web_page.h) and the
 * JSON API (web_api.h), limits on request size and on the time a request may
 * spend in SQLite.
 *
 * Ownership: struct web owns the daemon and, through its threads, the database
 * connections; web_stop frees everything. The library never prints: messages for
 * the operator go through web_config.log.
 */
#include <time.h>

#include "base/buf.h"
#include "base/diag.h"
#include "search/query.h"
#include "store/db.h"
#include "web/web_url.h"

#define WEB_MAX_REQUEST 8192 /* request line + headers, in bytes */
#define WEB_MAX_QUERY 1024   /* the query string, in bytes */
#define WEB_MAX_PAGE 100000  /* the highest page= a page accepts */

struct web_config {
    const char *db_path;   /* the archive, opened read-only */
    const char *bind;      /* numeric IPv4 or IPv6 address; NULL = 127.0.0.1 */
    unsigned port;         /* 0 = any free port (see web_port) */
    unsigned threads;      /* worker threads, >= 1 */
    long time_limit_ms;    /* SQLite time per request, > 0 */
    long step_limit;       /* SQLite VM steps per request, 0 = any */
    unsigned per_ip_limit; /* connections one client address may hold, 0 = any */
    /* Called (from any thread) with a one-line message for the operator. */
    void (*log)(void *ctx, const char *msg);
    void *log_ctx;
};

struct web;

/* Starts listening. On success *out is the running server (stop it with
 * web_stop); on failure *out is NULL and d says why. Returns 0 or -1. */
int web_start(struct web **out, const struct web_config *cfg, struct diag *d);
/* The port it listens on (the chosen one when cfg->port was 0). */
unsigned web_port(const struct web *w);
/* Stops accepting, waits for the threads to finish their requests, closes their
 * connections and frees w. Accepts NULL. */
void web_stop(struct web *w);

/* ---- what the handlers share ---- */

/* A response being built: the handler fills body and may set status and type. */
struct web_resp {
    int status;       /* HTTP status, 200 unless the handler says otherwise */
    const char *type; /* Content-Type (static string) */
    struct buf body;
};

/* A route's handler: db is the thread's connection, arg the decoded rest of the
 * path after a prefix route ("25" for /reply/25) or NULL, a the query string.
 * Returns 0 with r filled, or -1 with d set: DIAG_USAGE answers 400,
 * DIAG_NOTFOUND 404, anything else 500 (the router renders the error). */
typedef int (*web_handler)(struct db *db, const char *arg, const struct web_args *a,
                           struct web_resp *r, struct diag *d);

/* Fills o (initialised by the caller) from the search parameters of a: q and
 * each of search_filters (search/filter.h), checked in the table's order. Strings
 * in o point into a or at the table's choices. Returns 0 or -1 with d set
 * (DIAG_USAGE). */
int web_filters(const struct web_args *a, struct search_opts *o, struct diag *d);
/* Reads the whole number `key` in [min, max] into *out, or dflt when absent.
 * Returns 0 or -1 with d set (DIAG_USAGE). */
int web_arg_long(const struct web_args *a, const char *key, long min, long max, long dflt,
                 long *out, struct diag *d);
/* Initialises o and fills it from a: the filters (web_filters), then the window of
 * results, limit= from 0 to max_limit (dflt_limit when absent) and offset=.
 * Returns 0 or -1 with d set (DIAG_USAGE). */
int web_search_args(const struct web_args *a, long max_limit, long dflt_limit,
                    struct search_opts *o, struct diag *d);
/* Reads page= (1 to WEB_MAX_PAGE, 1 when absent) into *page and sets o's window to
 * that page of per_page results. Returns 0 or -1 with d set (DIAG_USAGE). */
int web_arg_page(const struct web_args *a, long per_page, struct search_opts *o, long *page,
                 struct diag *d);
/* Reads a reply id (decimal digits, > 0) into *id. Returns 0 or -1 with d set
 * (DIAG_NOTFOUND: no page has that name). */
int web_reply_id(const char *arg, long long *id, struct diag *d);

/* The per-request time limit on a connection. */
struct web_limit {
    struct timespec at; /* CLOCK_MONOTONIC deadline */
    long steps;         /* VM steps counted since the limit was set */
    long max_steps;     /* the most steps allowed, 0 = any */
    int expired;        /* set once a statement was stopped for it */
};
/* Makes db's statements fail with SQLITE_INTERRUPT once ms milliseconds have
 * passed from now, or once they have taken `steps` steps of SQLite's virtual
 * machine between them, counted to within the progress handler's period (a
 * result whose snippet is cut between statements, see db_progress_stop, counts
 * as one period): a step limit stops the same work whatever the machine's load.
 * ms <= 0 and steps <= 0: no limit; one of them <= 0: that one does not apply.
 * lim must outlive the statements. Lifting the limit leaves lim->expired as it
 * was, so that whoever ends a request can tell whether the limit stopped it,
 * whatever statement ran last. */
void web_limit_set(struct db *db, struct web_limit *lim, long ms, long steps);

#endif
