/* dafu show: one letter in full. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "db.h"
#include "out.h"
#include "query.h"

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

enum { O_DB, O_FORMAT };

static const struct cli_opt opts[] = {
    {"db", 0, CLI_ARG, O_DB}, {"format", 0, CLI_ARG, O_FORMAT}, {NULL, 0, CLI_NOARG, 0}};

static const char *const formats[] = {"text", "json", NULL};

struct show_args {
    struct cmd_env *env;
    int json;
    int shown;
};

static int on_opt(void *ctx, int id, const char *val, struct diag *d)
{
    struct show_args *a = ctx;
    if (id == O_DB) {
        a->env->db_path = val;
        return 0;
    }
    int i = cli_choice("format", val, formats, d);
    if (i < 0)
        return -1;
    a->json = i == 1;
    return 0;
}

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
    struct diag d = DIAG_INIT;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    int rc = EXIT_TROUBLE;
    struct db *db = NULL;
    if (cli_parse(argc, argv, opts, on_opt, &a, pos, &npos, 0, &d)) {
        rc = cli_usage_error(env, "show", diag_msg(&d));
        goto cleanup;
    }
    if (!npos) {
        rc = cli_usage_error(env, "show", "which letter? give an ID or a proposal number");
        goto cleanup;
    }
    if ((rc = cli_open_db(env, DB_READONLY, &db)))
        goto cleanup;
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
    db_close(db);
    free(pos);
    diag_release(&d);
    return rc;
}
