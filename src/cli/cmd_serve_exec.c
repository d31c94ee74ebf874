/*
 * dafu serve, as dafu runs it: the web server lives in dafu-serve, the same
 * program built with libmicrohttpd, so that the other commands do not pay for
 * loading it (and the TLS libraries it brings) at every start. dafu replaces
 * itself with dafu-serve, looked for in its own folder (the build folder), then
 * where it is installed: DAFU_LIBEXEC_REL from dafu's folder (so an installation
 * moved with --prefix or DESTDIR finds its own), then DAFU_LIBEXECDIR.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli/cli.h"

const char cmd_serve_usage[] =
    "usage: dafu serve [--db FILE] [--port N] [--bind ADDRESS] [--threads N]\n"
    "                  [--time-limit MS] [--step-limit N] [--per-ip N]\n"
    "\n"
    "Serves the archive over HTTP until interrupted (Ctrl-C or SIGTERM): a search\n"
    "page at /, a page per letter (/reply/ID), per delegate and per department,\n"
    "statistics with charts at /stats, and a JSON API under /api/ (search, reply/ID,\n"
    "delegates, departments, stats). The archive is only read, so dafu import can\n"
    "add letters while it serves.\n"
    "\n"
    "  --port N         TCP port (default 8080; 0 picks a free one)\n"
    "  --bind ADDRESS   numeric IPv4 or IPv6 address to listen on (default 127.0.0.1;\n"
    "                   0.0.0.0 serves other machines too)\n"
    "  --threads N      worker threads (default: the number of processors, at least 2)\n"
    "  --time-limit MS  the most time one request may spend in the database\n"
    "                   (default 5000)\n"
    "  --step-limit N   the most steps of SQLite's engine one request may take, the\n"
    "                   same work stopped whatever the machine's load (0: any;\n"
    "                   default 0)\n"
    "  --per-ip N       connections one client address may hold (0: any; default 0\n"
    "                   on a loopback address, where a reverse proxy is every\n"
    "                   client, else 64)\n"
    "  --db FILE        the archive (default: $DAFU_DB, else dafu.db)\n"
    "\n"
    "A request's line and headers must arrive within 10 seconds of the connection\n"
    "opening (or of its previous answer); connections idle for 10 seconds close.\n"
    "\n"
    "Once listening it prints \"dafu: serving 'FILE' on http://ADDRESS:PORT/\" on\n"
    "stderr. Exit status: 0 when stopped by a signal, 2 when it cannot start.\n";

#ifndef DAFU_LIBEXEC_REL
#define DAFU_LIBEXEC_REL "../libexec/dafu"
#endif
#ifndef DAFU_LIBEXECDIR
#define DAFU_LIBEXECDIR "/usr/local/libexec/dafu"
#endif

int cmd_serve_exec(int argc, char **argv, struct cmd_env *env)
{
    static const char helper[] = "dafu-serve";
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        fprintf(env->err, "%s: serve: cannot find the %s executable: %s\n", env->prog, env->prog,
                strerror(errno));
        return EXIT_TROUBLE;
    }
    self[n] = 0;
    char *slash = strrchr(self, '/');
    int dir = slash ? (int)(slash - self) + 1 : 0;
    struct buf tried[3] = {BUF_INIT, BUF_INIT, BUF_INIT};
    buf_printf(&tried[0], "%.*s%s", dir, self, helper);
    buf_printf(&tried[1], "%.*s%s/%s", dir, self, DAFU_LIBEXEC_REL, helper);
    buf_printf(&tried[2], "%s/%s", DAFU_LIBEXECDIR, helper);
    const char *path = NULL;
    int oom = 0;
    for (int i = 0; i < 3; i++) {
        oom |= buf_failed(&tried[i]);
        if (!path && !buf_failed(&tried[i]) && access(tried[i].data, X_OK) == 0)
            path = tried[i].data;
    }
    int rc = EXIT_TROUBLE;
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (!args || oom) {
        rc = cli_error(env, "out of memory");
    } else if (!path) {
        fprintf(env->err, "%s: serve: cannot find %s: not in '%s', '%s' nor '%s'\n", env->prog,
                helper, tried[0].data, tried[1].data, tried[2].data);
    } else {
        args[0] = (char *)path;
        for (int i = 0; i < argc; i++)
            args[i + 1] = argv[i];
        fflush(env->out);
        fflush(env->err);
        execv(path, args);
        fprintf(env->err, "%s: serve: cannot run '%s': %s\n", env->prog, path, strerror(errno));
    }
    free(args);
    for (int i = 0; i < 3; i++)
        buf_release(&tried[i]);
    return rc;
}
