/* dafu check: is the archive intact? */
#include <stdlib.h>

#include "cli/cli.h"
#include "store/db.h"

const char cmd_check_usage[] =
    "usage: dafu check [--db FILE]\n"
    "\n"
    "Runs SQLite's integrity check, FTS5's integrity-check of the full-text index\n"
    "against the letters, a check of every link between replies and\n"
    "delegates, and names the replies whose evidence no longer matches a text\n"
    "another program changed. Prints a summary and exits 0 when all pass, 2 on\n"
    "damage.\n"
    "\n"
    "  --db FILE    the archive (default: $DAFU_DB, else dafu.db)\n";

int cmd_check(int argc, char **argv, struct cmd_env *env)
{
    struct cli_args args;
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    int rc = cli_args_parse(&args, argc, argv, env, "check", NULL, NULL);
    if (rc || (rc = cli_archive(env, &db)))
        goto cleanup;
    if (db_check(db, &d)) {
        rc = cli_error(env, diag_msg(&d));
        goto cleanup;
    }
    fprintf(
        env->out,
        "ok: '%s': %lld replies, %lld delegates; integrity, full-text index and links verified\n",
        env->db_path, db_count(db, "reply"), db_count(db, "delegate"));
    rc = EXIT_FOUND;
cleanup:
    cli_args_release(&args);
    diag_release(&d);
    return rc;
}
