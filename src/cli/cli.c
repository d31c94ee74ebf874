/* cli: option parsing and messages shared by the subcommands (see cli.h). */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"
#include "text/text.h"

static const struct cli_opt *find_long(const struct cli_opt *opts, const char *name, size_t len)
{
    for (const struct cli_opt *o = opts; o->name; o++)
        if (strlen(o->name) == len && !memcmp(o->name, name, len))
            return o;
    return NULL;
}

static const struct cli_opt *find_short(const struct cli_opt *opts, char c)
{
    for (const struct cli_opt *o = opts; o->name; o++)
        if (o->shortc && o->shortc == c)
            return o;
    return NULL;
}

int cli_parse(int argc, char **argv, const struct cli_opt *opts,
              int (*fn)(void *ctx, int id, const char *val, struct diag *d), void *ctx, char **pos,
              int *npos, int dash_words, struct diag *d)
{
    *npos = 0;
    int only_args = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || !a[1]) {
            pos[(*npos)++] = argv[i];
            continue;
        }
        if (!strcmp(a, "--")) {
            only_args = 1;
            continue;
        }
        const struct cli_opt *o;
        const char *val = NULL;
        if (a[1] == '-') {
            const char *name = a + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            o = find_long(opts, name, len);
            if (!o)
                return diag_set(d, DIAG_USAGE, "unknown option '--%.*s'", (int)len, name);
            if (eq) {
                if (o->arg == CLI_NOARG)
                    return diag_set(d, DIAG_USAGE, "option '--%s' takes no value", o->name);
                val = eq + 1;
            }
        } else {
            o = find_short(opts, a[1]);
            if (!o && (dash_words || (unsigned char)a[1] >= 0x80)) {
                /* "-金属", or any -word where the command takes free text */
                pos[(*npos)++] = argv[i];
                continue;
            }
            if (!o)
                return diag_set(d, DIAG_USAGE, "unknown option '-%c'", a[1]);
            if (a[2]) {
                if (o->arg == CLI_NOARG)
                    return diag_set(d, DIAG_USAGE, "unknown option '%s'", a);
                val = a + 2;
            }
        }
        if (o->arg == CLI_ARG && !val) {
            if (i + 1 >= argc)
                return diag_set(d, DIAG_USAGE, "option '--%s' needs a value", o->name);
            val = argv[++i];
        }
        if (fn(ctx, o->id, val, d))
            return -1;
    }
    return 0;
}

int cli_long(const char *name, const char *val, long min, long max, long *out, struct diag *d)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(val, &end, 10);
    if (!*val || *end || errno || v < min || v > max)
        return diag_set(d, DIAG_USAGE,
                        "option '--%s' needs a whole number from %ld to %ld, not '%s'", name, min,
                        max, val);
    *out = v;
    return 0;
}

int cli_choice(const char *name, const char *val, const char *const *choices, struct diag *d)
{
    for (int i = 0; choices[i]; i++)
        if (!strcmp(val, choices[i]))
            return i;
    struct buf b = BUF_INIT;
    for (int i = 0; choices[i]; i++) {
        if (i)
            buf_adds(&b, choices[i + 1] ? ", " : " or ");
        buf_adds(&b, choices[i]);
    }
    if (buf_failed(&b))
        diag_error(d, "out of memory");
    else
        diag_set(d, DIAG_USAGE, "option '--%s' must be %s, not '%s'", name, b.data, val);
    buf_release(&b);
    return -1;
}

void cli_say(struct cmd_env *env, const char *fmt, ...)
{
    struct buf msg = BUF_INIT;
    struct buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    int ok = !rc && !buf_failed(&msg) && msg.data &&
             !utf8_escape(msg.data, msg.len, UTF8_ESC_CONTROLS, &b) && !buf_failed(&b) && b.data;
    fprintf(env->err, "%s: %s\n", env->prog, ok ? b.data : "out of memory");
    buf_release(&msg);
    buf_release(&b);
}

static void put_msg(struct cmd_env *env, const char *msg)
{
    cli_say(env, "%s", msg);
}

int cli_usage_error(struct cmd_env *env, const char *cmd, const char *msg)
{
    put_msg(env, msg);
    if (cmd)
        fprintf(env->err, "%s: try '%s %s --help'\n", env->prog, env->prog, cmd);
    else
        fprintf(env->err, "%s: try '%s --help'\n", env->prog, env->prog);
    return EXIT_TROUBLE;
}

int cli_error(struct cmd_env *env, const char *msg)
{
    put_msg(env, msg);
    return EXIT_TROUBLE;
}

int cli_diag_error(struct cmd_env *env, const char *cmd, const struct diag *d)
{
    return d->code == DIAG_USAGE ? cli_usage_error(env, cmd, diag_msg(d))
                                 : cli_error(env, diag_msg(d));
}

int cli_archive(struct cmd_env *env, struct db **db)
{
    *db = NULL;
    if (env->archive == CMD_NO_ARCHIVE)
        return cli_error(env, "internal error: the command table gives this command no archive");
    if (!env->db) {
        struct diag d = DIAG_INIT;
        int flags = env->archive == CMD_ARCHIVE_WRITE ? DB_WRITE : DB_READONLY;
        if (db_open(&env->db, env->db_path, flags, &d)) {
            put_msg(env, diag_msg(&d));
            diag_release(&d);
            return EXIT_TROUBLE;
        }
        diag_release(&d);
        int from = 0;
        int applied = db_upgraded(env->db, &from);
        int to = db_user_version(env->db);
        if (applied > 0 && from < to)
            cli_say(env,
                    "'%s' was upgraded in place from schema version %d to %d (%d "
                    "migration%s): an older dafu can no longer open it",
                    env->db_path, from, to, applied, applied == 1 ? "" : "s");
        else if (applied > 0) /* migrations numbered below its version, made apart */
            cli_say(env,
                    "'%s' was upgraded in place at schema version %d: %d migration%s it "
                    "lacked applied",
                    env->db_path, to, applied, applied == 1 ? "" : "s");
    }
    *db = env->db;
    return 0;
}

void cli_archive_close(struct cmd_env *env)
{
    db_close(env->db);
    env->db = NULL;
}

enum { ARG_DB, ARG_FORMAT };

static const struct cli_opt db_opts[] = {{"db", 0, CLI_ARG, ARG_DB}, {NULL, 0, CLI_NOARG, 0}};
static const struct cli_opt db_format_opts[] = {
    {"db", 0, CLI_ARG, ARG_DB}, {"format", 0, CLI_ARG, ARG_FORMAT}, {NULL, 0, CLI_NOARG, 0}};

struct args_ctx {
    struct cli_args *a;
    struct cmd_env *env;
    const char *const *formats;
};

static int on_arg_opt(void *ctx, int id, const char *val, struct diag *d)
{
    struct args_ctx *c = ctx;
    if (id == ARG_DB) {
        c->env->db_path = val;
        return 0;
    }
    int i = cli_choice("format", val, c->formats, d);
    if (i < 0)
        return -1;
    c->a->format = i;
    return 0;
}

int cli_args_parse(struct cli_args *a, int argc, char **argv, struct cmd_env *env, const char *cmd,
                   const char *const *formats, const char *need_args)
{
    const struct cli_opt *opts = formats ? db_format_opts : db_opts;
    struct args_ctx c = {a, env, formats};
    struct diag d = DIAG_INIT;
    int rc = 0;
    a->format = 0;
    a->npos = 0;
    a->pos = calloc((size_t)argc + 1, sizeof *a->pos);
    if (!a->pos)
        return cli_error(env, "out of memory");
    if (cli_parse(argc, argv, opts, on_arg_opt, &c, a->pos, &a->npos, 0, &d))
        rc = cli_usage_error(env, cmd, diag_msg(&d));
    else if (need_args && !a->npos)
        rc = cli_usage_error(env, cmd, need_args);
    else if (!need_args && a->npos) {
        char msg[64];
        snprintf(msg, sizeof msg, "%s takes no arguments", cmd);
        rc = cli_usage_error(env, cmd, msg);
    }
    diag_release(&d);
    return rc;
}

void cli_args_release(struct cli_args *a)
{
    free(a->pos);
    a->pos = NULL;
}
