/* dafu import: files, folders and stdin into the archive. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "import.h"

const char cmd_import_usage[] =
    "usage: dafu import [--db FILE] [--strict] [--dry-run] [-v] PATH...\n"
    "\n"
    "Imports reply letters: text files (.txt), web pages (.html), JSON records\n"
    "(.json: an object or an array; .jsonl: one record a line, as dafu export\n"
    "writes them), whole folders (recursively; hidden files skipped), or - for\n"
    "standard input. A letter already in the archive with the same text is left\n"
    "alone; the same reply with changed text is updated.\n"
    "\n"
    "  --db FILE     the archive (default: $DAFU_DB, else dafu.db)\n"
    "  --strict      stop at the first bad file and import nothing\n"
    "  --dry-run     parse and report, write nothing\n"
    "  -v, --verbose say which fields each letter lacks\n"
    "\n"
    "Each bad file gets one line on stderr; the others still import. Exit status:\n"
    "0 all imported, 2 if any file failed.\n";

enum { O_DB, O_STRICT, O_DRY, O_VERBOSE };

static const struct cli_opt opts[] = {
    {"db", 0, CLI_ARG, O_DB},
    {"strict", 0, CLI_NOARG, O_STRICT},
    {"dry-run", 0, CLI_NOARG, O_DRY},
    {"verbose", 'v', CLI_NOARG, O_VERBOSE},
    {NULL, 0, CLI_NOARG, 0}};

struct import_args {
    struct cmd_env *env;
    struct import_opts o;
};

static int on_opt(void *ctx, int id, const char *val, struct diag *d)
{
    struct import_args *a = ctx;
    (void)d;
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
    case O_VERBOSE:
        a->o.verbose = 1;
        break;
    }
    return 0;
}

static void on_report(void *ctx, enum import_msg kind, const char *msg)
{
    struct cmd_env *env = ctx;
    fprintf(env->err, "%s: %s%s\n", env->prog, kind == IMPORT_ERROR ? "error: " : "", msg);
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
    if (cli_parse(argc, argv, opts, on_opt, &a, pos, &npos, 0, &d)) {
        rc = cli_usage_error(env, "import", diag_msg(&d));
        goto cleanup;
    }
    if (!npos) {
        rc = cli_usage_error(env, "import", "no files or folders to import");
        goto cleanup;
    }
    if ((rc = cli_open_db(env, DB_WRITE, &db)))
        goto cleanup;
    struct import_stats st;
    int r = import_paths(db, pos, npos, &a.o, &st, on_report, env, &d);
    if (r < 0) {
        fprintf(env->err, "%s: %s\n", env->prog, diag_msg(&d));
        rc = EXIT_TROUBLE;
        goto cleanup;
    }
    fprintf(env->err, "%s: %s%ld %s: %ld new, %ld updated, %ld unchanged, %ld failed\n",
            env->prog, a.o.dry_run ? "dry run: " : "", st.files, st.files == 1 ? "file" : "files",
            st.added, st.updated, st.unchanged, st.failed);
    rc = r ? EXIT_TROUBLE : EXIT_FOUND;
cleanup:
    db_close(db);
    free(pos);
    diag_release(&d);
    return rc;
}
