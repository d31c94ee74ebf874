/* dafu export: every record, for backups and other tools. */
#include <stdlib.h>

#include "cli.h"
#include "db.h"
#include "out.h"
#include "query.h"

const char cmd_export_usage[] =
    "usage: dafu export [--db FILE] [--format jsonl|json|csv]\n"
    "\n"
    "Writes every reply in the archive, oldest ID first. JSON Lines (the default)\n"
    "round-trips: dafu export | dafu import --db other.db - rebuilds the archive.\n"
    "\n"
    "  --format F   jsonl (default), json (one array) or csv (RFC 4180, header row)\n"
    "  --db FILE    the archive (default: $DAFU_DB, else dafu.db)\n";

enum { O_DB, O_FORMAT };

static const struct cli_opt opts[] = {
    {"db", 0, CLI_ARG, O_DB}, {"format", 0, CLI_ARG, O_FORMAT}, {NULL, 0, CLI_NOARG, 0}};

static const char *const formats[] = {"jsonl", "json", "csv", NULL};

struct export_args {
    struct cmd_env *env;
    enum out_format format;
};

static int on_opt(void *ctx, int id, const char *val, struct diag *d)
{
    struct export_args *a = ctx;
    if (id == O_DB) {
        a->env->db_path = val;
        return 0;
    }
    int i = cli_choice("format", val, formats, d);
    if (i < 0)
        return -1;
    a->format = i == 0 ? OUT_JSONL : i == 1 ? OUT_JSON : OUT_CSV;
    return 0;
}

static int on_row(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    return out_letter(ctx, l, snippet, rank) ? 1 : 0;
}

int cmd_export(int argc, char **argv, struct cmd_env *env)
{
    struct export_args a = {env, OUT_JSONL};
    struct diag d = DIAG_INIT;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    int rc = EXIT_TROUBLE;
    struct db *db = NULL;
    if (cli_parse(argc, argv, opts, on_opt, &a, pos, &npos, 0, &d)) {
        rc = cli_usage_error(env, "export", diag_msg(&d));
        goto cleanup;
    }
    if (npos) {
        rc = cli_usage_error(env, "export", "export takes no arguments");
        goto cleanup;
    }
    if ((rc = cli_open_db(env, DB_READONLY, &db)))
        goto cleanup;
    struct search_opts o;
    search_opts_init(&o);
    o.sort = SORT_ID;
    struct out out;
    out_begin(&out, env->out, a.format, 0);
    long rows = search_run(db, &o, on_row, &out, &d);
    out_end(&out);
    if (rows < 0) {
        rc = cli_error(env, diag_msg(&d));
        goto cleanup;
    }
    rc = EXIT_FOUND;
cleanup:
    db_close(db);
    free(pos);
    diag_release(&d);
    return rc;
}
