/* dafu show: one letter in full. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli/cli.h"
#include "cli/out.h"
#include "search/query.h"
#include "store/db.h"

const char cmd_show_usage[] =
    "usage: dafu show [--db FILE] [--format text|json] ID|NUMBER...\n"
    "\n"
    "Prints whole letters under a header of their fields. ID is the number\n"
    "dafu search shows in its first column; a proposal number (0831, 第0831号,\n"
    "台52) shows every reply to that proposal.\n"
    "\n"
    "  --format F   text (default) or json\n"
    "  --db FILE    the archive (default: $DAFU_DB, else dafu.db)\n"
    "\n"
    "Exit status: 0 shown, 1 not found, 2 usage or data error.\n";

static const char *const formats[] = {"text", "json", NULL};

struct show_args {
    struct cmd_env *env;
    int json;
    int shown;
};

static int show_one(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    struct show_args *a = ctx;
    (void)snippet;
    (void)rank;
    if (a->json) {
        cJSON *j = letter_to_json(l);
        char *s = j ? cJSON_Print(j) : NULL;
        if (s)
            fprintf(a->env->out, "%s\n", s);
        free(s);
        cJSON_Delete(j);
    } else {
        if (a->shown)
            fputs("\n", a->env->out);
        out_letter_text(a->env->out, l);
    }
    a->shown++;
    return 0;
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

int cmd_show(int argc, char **argv, struct cmd_env *env)
{
    struct show_args a = {env, 0, 0};
    struct cli_args args;
    struct diag d = DIAG_INIT;
    int rc = cli_args_parse(&args, argc, argv, env, "show", formats,
                            "which letter? give an ID or a proposal number", DB_READONLY);
    if (rc)
        goto cleanup;
    a.json = args.format == 1;
    char **pos = args.pos;
    int npos = args.npos;
    struct db *db = args.db;
    int missing = 0;
    for (int i = 0; i < npos; i++) {
        int before = a.shown;
        /* A plain number without leading zero is an ID first; else a proposal number. */
        if (all_digits(pos[i]) && pos[i][0] != '0' && strlen(pos[i]) < 16) {
            struct letter l;
            letter_init(&l);
            int r = db_get_letter(db, atoll(pos[i]), &l, &d);
            if (r > 0)
                show_one(&a, &l, NULL, 0);
            letter_release(&l);
            if (r < 0) {
                rc = cli_error(env, diag_msg(&d));
                goto cleanup;
            }
        }
        if (a.shown == before) {
            struct search_opts o;
            search_opts_init(&o);
            o.all_copies = 1;
            o.number = pos[i];
            o.sort = SORT_DATE;
            if (search_run(db, &o, show_one, &a, &d) < 0) {
                if (d.code == DIAG_USAGE) {
                    fprintf(env->err, "%s: no reply with ID or number '%s'\n", env->prog, pos[i]);
                    missing++;
                    continue;
                }
                rc = cli_error(env, diag_msg(&d));
                goto cleanup;
            }
        }
        if (a.shown == before) {
            fprintf(env->err, "%s: no reply with ID or number '%s'\n", env->prog, pos[i]);
            missing++;
        }
    }
    rc = a.shown ? EXIT_FOUND : EXIT_NOTHING;
    (void)missing;
cleanup:
    cli_args_release(&args);
    diag_release(&d);
    return rc;
}
