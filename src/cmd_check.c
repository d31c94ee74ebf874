/* dafu check: is the archive intact? */
#include <stdlib.h>

#include "cli.h"
#include "db.h"

const char cmd_check_usage[] =
    "usage: dafu check [--db FILE]\n"
    "\n"
    "Runs SQLite's integrity check, FTS5's integrity-check of the full-text index\n"
    "against the letters, and a check of every link between replies and\n"
    "delegates. Prints a summary and exits 0 when all pass, 2 on damage.\n"
    "\n"
    "  --db FILE    the archive (default: $DAFU_DB, else dafu.db)\n";

enum { O_DB };

static const struct cli_opt opts[] = {{"db", 0, CLI_ARG, O_DB}, {NULL, 0, CLI_NOARG, 0}};

static int on_opt(void *ctx, int id, const char *val, struct diag *d)
{
    struct cmd_env *env = ctx;
    (void)id;
    (void)d;
    env->db_path = val;
    return 0;
}

int cmd_check(int argc, char **argv, struct cmd_env *env)
{
    struct diag d = DIAG_INIT;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    int rc = EXIT_TROUBLE;
    struct db *db = NULL;
    if (cli_parse(argc, argv, opts, on_opt, env, pos, &npos, 0, &d)) {
        rc = cli_usage_error(env, "check", diag_msg(&d));
        goto cleanup;
    }
    if (npos) {
        rc = cli_usage_error(env, "check", "check takes no arguments");
        goto cleanup;
    }
    if ((rc = cli_open_db(env, DB_WRITE, &db)))
        goto cleanup;
    if (db_check(db, &d)) {
        rc = cli_error(env, diag_msg(&d));
        goto cleanup;
    }
    fprintf(env->out, "ok: '%s': %lld replies, %lld delegates; integrity, full-text index and links verified\n",
            env->db_path, db_count(db, "reply"), db_count(db, "delegate"));
    rc = EXIT_FOUND;
cleanup:
    db_close(db);
    free(pos);
    diag_release(&d);
    return rc;
}
