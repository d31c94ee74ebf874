/*
 * dafu serve, as dafu runs it: the web server lives in dafu-serve, the same
 * program built with libmicrohttpd, so that the other commands do not pay for
 * loading it (and the TLS libraries it brings) at every start. dafu replaces
 * itself with the dafu-serve that sits in its own folder.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

const char cmd_serve_usage[] =
    "usage: dafu serve [--db FILE] [--port N] [--bind ADDRESS] [--threads N]\n"
    "                  [--time-limit MS]\n"
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
    "  --db FILE        the archive (default: $DAFU_DB, else dafu.db)\n"
    "\n"
    "Once listening it prints \"dafu: serving 'FILE' on http://ADDRESS:PORT/\" on\n"
    "stderr. Exit status: 0 when stopped by a signal, 2 when it cannot start.\n";

int cmd_serve_exec(int argc, char **argv, struct cmd_env *env)
{
    static const char helper[] = "dafu-serve";
    char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) {
        fprintf(env->err, "%s: serve: cannot find the %s executable: %s\n", env->prog, env->prog,
                strerror(errno));
        return EXIT_TROUBLE;
    }
    path[n] = 0;
    char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    if (dir + sizeof helper > sizeof path) {
        fprintf(env->err, "%s: serve: the path of %s is too long\n", env->prog, env->prog);
        return EXIT_TROUBLE;
    }
    memcpy(path + dir, helper, sizeof helper);
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (!args)
        return cli_error(env, "out of memory");
    args[0] = path;
    for (int i = 0; i < argc; i++)
        args[i + 1] = argv[i];
    fflush(env->out);
    fflush(env->err);
    execv(path, args);
    fprintf(env->err, "%s: serve: cannot run '%s': %s (it is built and installed beside %s)\n",
            env->prog, path, strerror(errno), env->prog);
    free(args);
    return EXIT_TROUBLE;
}
