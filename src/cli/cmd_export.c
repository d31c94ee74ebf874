/* dafu export: every record, for backups and other tools. */
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/out.h"
#include "search/query.h"
#include "store/db.h"

const char cmd_export_usage[] =
    "usage: dafu export [--db FILE] [--format jsonl|json|csv]\n"
    "\n"
    "Writes every reply in the archive, oldest ID first. JSON Lines (the default)\n"
    "round-trips: dafu export | dafu import --db other.db - rebuilds the archive.\n"
    "It reads 256 replies at a time and holds no lock while it writes them: an\n"
    "import may commit meanwhile (its replies are written as they stand then).\n"
    "\n"
    "  --format F   jsonl (default), json (one array) or csv (RFC 4180, header row)\n"
    "  --db FILE    the archive (default: $DAFU_DB, else dafu.db)\n";

static const char *const formats[] = {"jsonl", "json", "csv", NULL};
static const enum out_format format_values[] = {OUT_JSONL, OUT_JSON, OUT_CSV};

/* The export reads the archive EXPORT_BATCH replies at a time, each batch in a
 * read transaction of its own, and writes a batch once its transaction has
 * ended (held in memory, or past OUT_SPOOL_MEM in a temporary file: out_spool):
 * a slow reader of the output (a pipe, a pager) holds no lock meanwhile, so an
 * import can commit and fold its -wal into the file. The next batch goes on
 * after the last ID written. */
#define EXPORT_BATCH 256

struct export_ctx {
    struct out out;
    struct cmd_env *env;
    struct out_spool *spool;
    long long last; /* the last ID written */
};

static int on_row(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    struct export_ctx *x = ctx;
    /* A text another program changed: its evidence is not the lines (null). */
    if (l->evidence_stale && x->out.format != OUT_CSV)
        cli_say(x->env,
                "reply %lld: its evidence no longer matches its text, which another "
                "program changed: written as null",
                l->id);
    if (out_letter(&x->out, l, snippet, rank))
        return 1;
    x->last = l->id;
    x->out.f = out_spool_room(x->spool);
    return 0;
}

int cmd_export(int argc, char **argv, struct cmd_env *env)
{
    struct cli_args args;
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    int rc = cli_args_parse(&args, argc, argv, env, "export", formats, NULL);
    if (rc || (rc = cli_archive(env, &db)))
        goto cleanup;
    struct search_opts o;
    search_opts_init(&o);
    o.all_copies = 1;
    o.sort = SORT_ID;
    o.limit = EXPORT_BATCH;
    struct out_spool spool;
    struct export_ctx x = {.env = env, .spool = &spool};
    out_begin(&x.out, env->out, format_values[args.format], 0);
    long rows;
    int spooled = 0;
    do {
        out_spool_open(&spool, env->out, 1);
        x.out.f = spool.f;
        o.after_id = x.last;
        rows = search_run(db, &o, on_row, &x, &d);
        spooled = out_spool_close(&spool);
        x.out.f = env->out;
    } while (rows == EXPORT_BATCH && !x.out.failed && !spooled);
    out_end(&x.out);
    if (rows < 0 || x.out.failed || spooled) {
        rc = cli_error(env, rows < 0       ? diag_msg(&d)
                            : x.out.failed ? "out of memory"
                                           : "the records could not be read back from their "
                                             "temporary file");
        goto cleanup;
    }
    rc = EXIT_FOUND;
cleanup:
    cli_args_release(&args);
    diag_release(&d);
    return rc;
}
