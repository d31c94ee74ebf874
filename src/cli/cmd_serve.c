/* dafu serve: the archive as web pages and a JSON API, until a signal stops it. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/db.h"
#include "web/web.h"

/* cmd_serve_usage is in cmd_serve_exec.c, which dafu itself links. */

enum { O_DB, O_PORT, O_BIND, O_THREADS, O_TIME_LIMIT, O_STEP_LIMIT, O_PER_IP };

static const struct cli_opt opts[] = {{"db", 0, CLI_ARG, O_DB},
                                      {"port", 0, CLI_ARG, O_PORT},
                                      {"bind", 0, CLI_ARG, O_BIND},
                                      {"threads", 0, CLI_ARG, O_THREADS},
                                      {"time-limit", 0, CLI_ARG, O_TIME_LIMIT},
                                      {"step-limit", 0, CLI_ARG, O_STEP_LIMIT},
                                      {"per-ip", 0, CLI_ARG, O_PER_IP},
                                      {NULL, 0, CLI_NOARG, 0}};

struct serve_args {
    struct cmd_env *env;
    struct web_config cfg;
    int per_ip_set;
};

static int on_opt(void *ctx, int id, const char *val, struct diag *d)
{
    struct serve_args *a = ctx;
    long n;
    switch (id) {
    case O_DB:
        a->env->db_path = val;
        return 0;
    case O_PORT:
        if (cli_long("port", val, 0, 65535, &n, d))
            return -1;
        a->cfg.port = (unsigned)n;
        return 0;
    case O_BIND:
        a->cfg.bind = val;
        return 0;
    case O_THREADS:
        if (cli_long("threads", val, 1, 64, &n, d))
            return -1;
        a->cfg.threads = (unsigned)n;
        return 0;
    case O_TIME_LIMIT:
        if (cli_long("time-limit", val, 1, 3600000L, &n, d))
            return -1;
        a->cfg.time_limit_ms = n;
        return 0;
    case O_STEP_LIMIT:
        if (cli_long("step-limit", val, 0, 1000000000000L, &n, d))
            return -1;
        a->cfg.step_limit = n;
        return 0;
    case O_PER_IP:
        if (cli_long("per-ip", val, 0, 100000, &n, d))
            return -1;
        a->cfg.per_ip_limit = (unsigned)n;
        a->per_ip_set = 1;
        return 0;
    }
    return 0;
}

/* The server's messages for the operator, one line each. */
static void on_log(void *ctx, const char *msg)
{
    struct cmd_env *env = ctx;
    cli_say(env, "%s", msg);
    fflush(env->err);
}

int cmd_serve(int argc, char **argv, struct cmd_env *env)
{
    struct serve_args a;
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    struct web *w = NULL;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    int rc = EXIT_TROUBLE;
    sigset_t stop, old;
    int masked = 0;

    memset(&a, 0, sizeof a);
    a.env = env;
    a.cfg.port = 8080;
    a.cfg.time_limit_ms = 5000;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    a.cfg.threads = ncpu < 2 ? 2 : ncpu > 16 ? 16 : (unsigned)ncpu;
    if (!pos) {
        rc = cli_error(env, "out of memory");
        goto cleanup;
    }
    if (cli_parse(argc, argv, opts, on_opt, &a, pos, &npos, 0, &d)) {
        rc = cli_usage_error(env, "serve", diag_msg(&d));
        goto cleanup;
    }
    if (npos) {
        struct buf msg = BUF_INIT;
        buf_printf(&msg, "unexpected argument '%s'", pos[0]);
        rc = buf_failed(&msg) ? cli_error(env, "out of memory")
                              : cli_usage_error(env, "serve", msg.data);
        buf_release(&msg);
        goto cleanup;
    }
    /* Fail now, not on the first request, when the archive cannot be read (this
     * also brings an older archive up to the current schema). */
    if ((rc = cli_archive(env, &db)))
        goto cleanup;
    cli_archive_close(env);
    db = NULL;

    /* On a loopback address the clients are this machine's, or a reverse proxy
     * that speaks for every visitor: a limit per address would throttle them all. */
    const char *bind = a.cfg.bind ? a.cfg.bind : "127.0.0.1";
    int loopback = !strncmp(bind, "127.", 4) || !strcmp(bind, "::1");
    if (!a.per_ip_set)
        a.cfg.per_ip_limit = loopback ? 0 : 64;
    a.cfg.db_path = env->db_path;
    a.cfg.log = on_log;
    a.cfg.log_ctx = env;
    /* The worker threads inherit a mask that leaves SIGINT and SIGTERM to
     * sigwait below. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    if (pthread_sigmask(SIG_BLOCK, &stop, &old)) {
        rc = cli_error(env, "cannot block signals");
        goto cleanup;
    }
    masked = 1;
    if (web_start(&w, &a.cfg, &d)) {
        rc = cli_diag_error(env, "serve", &d);
        goto cleanup;
    }
    const char *host = a.cfg.bind ? a.cfg.bind : "127.0.0.1";
    int v6 = strchr(host, ':') != NULL;
    cli_say(env, "serving '%s' on http://%s%s%s:%u/", env->db_path, v6 ? "[" : "", host,
            v6 ? "]" : "", web_port(w));
    if (!loopback) {
        char per[48] = "any number of connections per address";
        if (a.cfg.per_ip_limit)
            snprintf(per, sizeof per, "%u connections per address", a.cfg.per_ip_limit);
        fprintf(env->err,
                "%s: warning: %s is reachable from other machines: dafu speaks plain HTTP "
                "(no TLS) and allows %s (--per-ip); the usual way is --bind 127.0.0.1 "
                "behind a reverse proxy\n",
                env->prog, bind, per);
    }
    fflush(env->err);
    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    rc = EXIT_FOUND;
cleanup:
    web_stop(w);
    if (masked)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    free(pos);
    diag_release(&d);
    return rc;
}
