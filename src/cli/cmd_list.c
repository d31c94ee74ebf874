/* dafu delegates, departments, stats: the archive counted by who and what. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli/cli.h"
#include "cli/out.h"
#include "model/letter.h"
#include "search/query.h"
#include "search/stats.h"
#include "store/db.h"

const char cmd_delegates_usage[] =
    "usage: dafu delegates [--db FILE] [FILTERS] [--format F] [QUERY...]\n"
    "\n"
    "Lists every proposer (delegate, member or group) with the number of replies\n"
    "addressed to them and the newest one's date, most replies first. Co-signed\n"
    "letters count for every co-signer. Takes the filters and keywords of\n"
    "dafu search (e.g. --department, --year, --delegate for pinyin look-ups).\n"
    "\n"
    "  --format F   table (default), json, jsonl or csv\n"
    "  --limit N, --offset N   page through the list\n";

const char cmd_departments_usage[] =
    "usage: dafu departments [--db FILE] [FILTERS] [--format F] [QUERY...]\n"
    "\n"
    "Lists every replying department with its number of replies and the newest\n"
    "one's date, most replies first. Takes the filters and keywords of dafu search;\n"
    "--department 教育 lists the departments that name matches.\n"
    "\n"
    "  --format F   table (default), json, jsonl or csv\n"
    "  --limit N, --offset N   page through the list\n";

const char cmd_stats_usage[] =
    "usage: dafu stats [--db FILE] [FILTERS] [--format F] [QUERY...]\n"
    "\n"
    "Counts replies by year, body, kind, category and department, and names the\n"
    "most active delegates. Takes the filters and keywords of dafu search, so\n"
    "dafu stats --department 教育 describes one corner of the archive.\n"
    "\n"
    "  --format F   table (default), json (one object), jsonl or csv (group,key,replies)\n";

static const struct out_col delegate_cols[] = {{"delegate", OUT_STR, 30, 8},
                                               {"pinyin", OUT_STR, 24, 0},
                                               {"replies", OUT_NUM, 0, 0},
                                               {"latest", OUT_STR, 10, 0}};
static const struct out_col department_cols[] = {
    {"department", OUT_STR, 40, 10}, {"replies", OUT_NUM, 0, 0}, {"latest", OUT_STR, 10, 0}};

struct list_ctx {
    struct out *out;
    int with_extra; /* the delegate table has the pinyin column */
    struct out_spool *spool;
};

static int on_group(void *ctx, const char *key, const char *extra, long long n, const char *latest)
{
    struct list_ctx *c = ctx;
    if (!key)
        return 0; /* replies that name no proposer or department */
    char num[24];
    snprintf(num, sizeof num, "%lld", n);
    const char *cells[4];
    int k = 0;
    cells[k++] = key;
    if (c->with_extra)
        cells[k++] = extra;
    cells[k++] = num;
    cells[k++] = latest;
    if (out_list_row(c->out, cells))
        return 1;
    c->out->f = out_spool_room(c->spool);
    return 0;
}

static int list_cmd(int argc, char **argv, struct cmd_env *env, const char *name,
                    enum search_group g)
{
    struct filter_args a;
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    int rc = filter_args_parse(&a, argc, argv, env, name);
    if (rc)
        goto cleanup;
    if ((rc = cli_archive(env, &db)))
        goto cleanup;
    /* The list is written once its read transaction has ended, as a search's
     * page is (out_spool): a slow reader of the output holds no lock. */
    struct out out;
    struct out_spool spool;
    int deleg = g == GROUP_DELEGATE;
    out_spool_open(&spool, env->out, a.format != OUT_TABLE);
    out_list_begin(&out, spool.f, (enum out_format)a.format,
                   deleg ? delegate_cols : department_cols, deleg ? 4 : 3);
    out.width = env->width;
    struct list_ctx c = {&out, deleg, &spool};
    int began = db_read_begin(db, &d);
    long rows = began < 0 ? -1 : search_group(db, &a.o, g, on_group, &c, &d);
    db_read_end(db, began);
    out_end(&out);
    int spooled = out_spool_close(&spool);
    if (rows >= 0 && (out.failed || spooled)) {
        rc = cli_error(env, out.failed ? "out of memory"
                                       : "the list could not be read back from its "
                                         "temporary file");
        goto cleanup;
    }
    if (rows < 0) {
        rc = cli_diag_error(env, name, &d);
        goto cleanup;
    }
    rc = rows > 0 ? EXIT_FOUND : EXIT_NOTHING;
cleanup:
    filter_args_release(&a);
    diag_release(&d);
    return rc;
}

int cmd_delegates(int argc, char **argv, struct cmd_env *env)
{
    return list_cmd(argc, argv, env, "delegates", GROUP_DELEGATE);
}

int cmd_departments(int argc, char **argv, struct cmd_env *env)
{
    return list_cmd(argc, argv, env, "departments", GROUP_DEPARTMENT);
}

/* ---- stats ---- */

struct stats_ctx {
    const char *section;
    enum out_format format;
    struct out *out; /* table, jsonl, csv */
};

static int on_stat(void *ctx, const char *key, const char *extra, long long n, const char *latest)
{
    struct stats_ctx *c = ctx;
    (void)extra;
    (void)latest;
    char num[24];
    snprintf(num, sizeof num, "%lld", n);
    if (c->format == OUT_TABLE) {
        const char *cells[2] = {key ? key : "(none)", num};
        return out_list_row(c->out, cells) ? 1 : 0;
    }
    const char *cells[3] = {c->section, key, num};
    return out_list_row(c->out, cells) ? 1 : 0;
}

/* dafu stats --format json: the document /api/stats answers too. */
static int stats_json(struct db *db, const struct filter_args *a, struct cmd_env *env)
{
    struct diag d = DIAG_INIT;
    cJSON *root = search_stats_json(db, &a->o, &d);
    char *s = root ? letter_json_print(root, 1) : NULL;
    int rc;
    if (!root) {
        rc = cli_diag_error(env, "stats", &d);
    } else if (!s) {
        rc = cli_error(env, "out of memory");
    } else {
        fprintf(env->out, "%s\n", s);
        double total = cJSON_GetNumberValue(cJSON_GetObjectItem(root, "replies"));
        rc = total > 0 ? EXIT_FOUND : EXIT_NOTHING;
    }
    free(s);
    cJSON_Delete(root);
    diag_release(&d);
    return rc;
}

int cmd_stats(int argc, char **argv, struct cmd_env *env)
{
    struct filter_args a;
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    int began = 0;
    int rc = filter_args_parse(&a, argc, argv, env, "stats");
    if (rc)
        goto cleanup;
    if ((rc = cli_archive(env, &db)))
        goto cleanup;
    /* One state of the archive for the count and every grouping. */
    if ((began = db_read_begin(db, &d)) < 0) {
        rc = cli_diag_error(env, "stats", &d);
        goto cleanup;
    }
    enum out_format f = (enum out_format)a.format;
    if (f == OUT_JSON) {
        rc = stats_json(db, &a, env);
        goto cleanup;
    }
    struct search_opts o = a.o;
    o.limit = -1;
    o.offset = 0;
    o.all_copies = 1; /* the groups count every copy */
    long long total = search_stats_count(db, &o, &d);
    if (total < 0) {
        rc = cli_diag_error(env, "stats", &d);
        goto cleanup;
    }
    static const struct out_col flat_cols[] = {
        {"group", OUT_STR, 0, 0}, {"key", OUT_STR, 40, 0}, {"replies", OUT_NUM, 0, 0}};
    struct out flat;
    if (f == OUT_TABLE) {
        fprintf(env->out, "replies: %lld\n", total);
    } else {
        out_list_begin(&flat, env->out, f, flat_cols, 3);
        char num[24];
        snprintf(num, sizeof num, "%lld", total);
        const char *cells[3] = {"total", "replies", num};
        out_list_row(&flat, cells);
    }
    for (const struct search_stat *st = search_stats; st->name; st++) {
        struct stats_ctx c = {st->name, f, &flat};
        struct out table;
        struct out_col cols[2] = {{st->name, OUT_STR, 40, 10}, {"replies", OUT_NUM, 0, 0}};
        if (f == OUT_TABLE) {
            fputc('\n', env->out);
            out_list_begin(&table, env->out, OUT_TABLE, cols, 2);
            table.width = env->width;
            c.out = &table;
        }
        o.limit = st->limit;
        long r = search_group(db, &o, st->group, on_stat, &c, &d);
        if (f == OUT_TABLE)
            out_end(&table);
        if (r < 0 || c.out->failed) {
            if (f != OUT_TABLE)
                out_end(&flat);
            rc = cli_error(env, r < 0 ? diag_msg(&d) : "out of memory");
            goto cleanup;
        }
    }
    if (f != OUT_TABLE)
        out_end(&flat);
    rc = total > 0 ? EXIT_FOUND : EXIT_NOTHING;
cleanup:
    if (db)
        db_read_end(db, began);
    filter_args_release(&a);
    diag_release(&d);
    return rc;
}
