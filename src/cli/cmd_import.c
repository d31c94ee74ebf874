/* dafu import: files, folders and stdin into the archive. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "import/decode.h"
#include "import/import.h"
#include "store/db.h"
#include "text/text.h"

const char cmd_import_usage[] =
    "usage: dafu import [--db FILE] [--strict] [--dry-run] [--encoding NAME] [-v] PATH...\n"
    "\n"
    "Imports reply letters: text files (.txt), web pages (.html, .htm, .shtml),\n"
    "JSON records (.json: an object or an array; .jsonl: one record a line, as\n"
    "dafu export writes them), whole folders (recursively; hidden files skipped),\n"
    "or - for standard input. Text is read as UTF-8, UTF-16, GB18030/GBK or Big5,\n"
    "whichever it is. A letter already in the archive with the same text is left\n"
    "alone; the same reply with changed text is updated.\n"
    "\n"
    "  --db FILE        the archive (default: $DAFU_DB, else dafu.db)\n"
    "  --strict         stop at the first bad file and import nothing\n"
    "  --dry-run        do everything but keep nothing, and report\n"
    "  --encoding NAME  read every file as NAME (GBK, Big5, UTF-16LE, ...)\n"
    "  -v, --verbose    say how each file was read and which fields it lacks\n"
    "\n"
    "Each bad file gets one line on stderr; the others still import. Exit status:\n"
    "0 all imported, 2 if any file failed.\n";

enum { O_DB, O_STRICT, O_DRY, O_ENCODING, O_VERBOSE };

static const struct cli_opt opts[] = {{"db", 0, CLI_ARG, O_DB},
                                      {"strict", 0, CLI_NOARG, O_STRICT},
                                      {"dry-run", 0, CLI_NOARG, O_DRY},
                                      {"encoding", 0, CLI_ARG, O_ENCODING},
                                      {"verbose", 'v', CLI_NOARG, O_VERBOSE},
                                      {NULL, 0, CLI_NOARG, 0}};

struct import_args {
    struct cmd_env *env;
    struct import_opts o;
};

static int on_opt(void *ctx, int id, const char *val, struct diag *d)
{
    struct import_args *a = ctx;
    switch (id) {
    case O_DB:
        a->env->db_path = val;
        break;
    case O_STRICT:
        a->o.strict = 1;
        break;
    case O_DRY:
        a->o.dry_run = 1;
        break;
    case O_ENCODING:
        if (decode_check_name(val, d))
            return -1;
        a->o.encoding = val;
        break;
    case O_VERBOSE:
        a->o.verbose = 1;
        break;
    }
    return 0;
}

/* The progress line: on a terminal only, from one second on, four times a second. */
struct progress {
    struct cmd_env *env;
    double start;
    double last;
    int shown; /* a progress line is on the screen */
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void clear_progress(struct progress *p)
{
    if (p->shown) {
        fputs("\r\033[K", p->env->err);
        p->shown = 0;
    }
}

static void on_report(void *ctx, enum import_msg kind, const char *msg)
{
    struct progress *p = ctx;
    clear_progress(p);
    /* A file name may hold escape sequences, newlines or bytes of another
     * encoding: they reach the terminal as \xHH, \n, never raw. */
    struct buf b = BUF_INIT;
    utf8_escape(msg, strlen(msg), UTF8_ESC_CONTROLS, &b);
    fprintf(p->env->err, "%s: %s%s\n", p->env->prog,
            kind == IMPORT_ERROR     ? "error: "
            : kind == IMPORT_WARNING ? "warning: "
                                     : "",
            buf_failed(&b) || !b.data ? msg : b.data);
    buf_release(&b);
}

static void on_progress(void *ctx, const struct import_stats *st)
{
    struct progress *p = ctx;
    double t = now_seconds();
    if (t - p->start < 1.0 || t - p->last < 0.25)
        return;
    p->last = t;
    double mb = (double)st->bytes / 1048576.0;
    double rate = mb / (t - p->start);
    FILE *e = p->env->err;
    fprintf(e, "\r%s: %ld", p->env->prog, st->files);
    if (st->total_files)
        fprintf(e, " of %ld", st->total_files);
    fprintf(e, " files, %.1f", mb);
    if (st->total_bytes)
        fprintf(e, " of %.1f", (double)st->total_bytes / 1048576.0);
    fprintf(e, " MB, %.1f MB/s", rate);
    if (st->total_bytes && rate > 0 && st->total_bytes >= st->bytes) {
        long left = (long)((double)(st->total_bytes - st->bytes) / 1048576.0 / rate + 0.5);
        fprintf(e, ", %ld:%02ld left", left / 60, left % 60);
    }
    fputs("\033[K", e);
    fflush(e);
    p->shown = 1;
}

/* A positive whole number from the environment, else def. */
static size_t env_size(const char *name, size_t def)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return def;
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    return !*end && n > 0 ? (size_t)n : def;
}

int cmd_import(int argc, char **argv, struct cmd_env *env)
{
    struct import_args a = {env, {0}};
    import_opts_init(&a.o);
    struct diag d = DIAG_INIT;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    int rc = EXIT_TROUBLE;
    struct db *db = NULL;
    if (!pos)
        return cli_error(env, "out of memory");
    if (cli_parse(argc, argv, opts, on_opt, &a, pos, &npos, 0, &d)) {
        rc = cli_usage_error(env, "import", diag_msg(&d));
        goto cleanup;
    }
    if (!npos) {
        rc = cli_usage_error(env, "import", "no files or folders to import");
        goto cleanup;
    }
    /* Test hooks: a smaller size cap (tests need not write 64 MB) and smaller
     * batches (the kill test sees commits early). */
    a.o.max_bytes = env_size("DAFU_MAX_BYTES", a.o.max_bytes);
    a.o.batch_files = (long)env_size("DAFU_BATCH_FILES", (size_t)a.o.batch_files);
    a.o.defer_similar = env_size("DAFU_SIMILAR_DEFER", 0) != 0;
    /* A dry run against no archive yet compares with an empty one, in memory. */
    if (a.o.dry_run && access(env->db_path, F_OK))
        env->db_path = ":memory:";
    if ((rc = cli_archive(env, &db)))
        goto cleanup;
    struct progress p = {env, now_seconds(), 0, 0};
    struct import_hooks hooks = {on_report, env->err_tty ? on_progress : NULL, &p};
    struct import_stats st;
    int r = import_paths(db, pos, npos, &a.o, &st, &hooks, &d);
    clear_progress(&p);
    if (r < 0) {
        cli_say(env, "error: %s", diag_msg(&d));
        if (st.stopped && !a.o.strict && !a.o.dry_run)
            fprintf(env->err,
                    "%s: stopped; kept from %ld %s before it: %ld new, %ld updated (a re-run "
                    "imports the rest)\n",
                    env->prog, st.kept_files, st.kept_files == 1 ? "file" : "files", st.kept_added,
                    st.kept_updated);
    }
    /* One file again after every import that ends (db_settle). */
    struct diag sd = DIAG_INIT;
    if (db_settle(db, &sd) < 0)
        cli_say(env, "error: %s", diag_msg(&sd));
    diag_release(&sd);
    if (r < 0) {
        rc = EXIT_TROUBLE;
        goto cleanup;
    }
    fprintf(env->err, "%s: %s%ld %s: %ld new, %ld updated, %ld unchanged, %ld failed\n", env->prog,
            a.o.dry_run ? "dry run: " : "", st.files, st.files == 1 ? "file" : "files", st.added,
            st.updated, st.unchanged, st.failed);
    rc = r ? EXIT_TROUBLE : EXIT_FOUND;
cleanup:
    free(pos);
    diag_release(&d);
    return rc;
}
