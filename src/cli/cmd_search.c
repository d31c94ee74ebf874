/* dafu search: keywords and filters -> matching replies. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "cli/out.h"
#include "search/filter.h"
#include "search/query.h"
#include "search/similar_query.h"
#include "store/db.h"
#include "text/text.h"

const char cmd_search_usage[] =
    "usage: dafu search [--db FILE] [FILTERS] [--format F] [QUERY...]\n"
    "\n"
    "Finds replies by keyword and by their fields. Keywords match Chinese text\n"
    "exactly, down to one character; terms separated by spaces must all occur;\n"
    "\"a quoted phrase\" is one term; -term excludes; A OR B matches either.\n"
    "\n"
    "Filters (combine freely with each other and with keywords):\n"
    "  --number N        proposal number: 0831, 831, 第0831号, 台52\n"
    "  --delegate NAME   proposer: name (simplified or traditional) or pinyin\n"
    "  --department D    replying body: full name, part of it, or abbreviation\n"
    "  --kind K          建议, 议案 or 提案\n"
    "  --body B          人大, 政协 or 党代会\n"
    "  --category C      A, B or C\n"
    "  --region R        part of the region's name\n"
    "  --year Y          signing year\n"
    "  --term N          届;  --session N  次\n"
    "  --from DATE       signed on or after YYYY-MM-DD;  --to DATE  on or before\n"
    "\n"
    "Output:\n"
    "  --sort S          rank (default with keywords), date (newest first), number\n"
    "  --limit N         at most N replies (default 20 for the table, all otherwise)\n"
    "  --offset N        skip the first N\n"
    "  --count           print only the number of hits\n"
    "  --all-copies      every copy of a letter published several times (by default\n"
    "                    one hit says how many copies there are)\n"
    "  --format F        table (default), json, jsonl or csv\n"
    "  --db FILE         the archive (default: $DAFU_DB, else dafu.db)\n"
    "\n"
    "Exit status: 0 found, 1 nothing found, 2 usage or data error.\n";

/* The options beside the filters (search_filters), whose ids follow them. */
enum { O_DB = 1000, O_LIMIT, O_OFFSET, O_FORMAT, O_COUNT, O_ALL_COPIES };

static const struct cli_opt other_opts[] = {
    {"db", 0, CLI_ARG, O_DB},         {"limit", 0, CLI_ARG, O_LIMIT},
    {"offset", 0, CLI_ARG, O_OFFSET}, {"format", 0, CLI_ARG, O_FORMAT},
    {"count", 0, CLI_NOARG, O_COUNT}, {"all-copies", 0, CLI_NOARG, O_ALL_COPIES}};
#define NOTHER (sizeof other_opts / sizeof other_opts[0])

/* One filter's value: checked against the table, in the command line's words. */
static int on_filter(struct filter_args *a, const struct search_filter *f, const char *val,
                     struct diag *d)
{
    const char *s = val;
    long n = 0;
    switch (f->type) {
    case FILTER_TEXT:
        break;
    case FILTER_CHOICE:
    case FILTER_SORT:
        if (!(s = search_filter_choice(f, val)))
            return cli_choice(f->name, val, f->choices, d);
        break;
    case FILTER_INT:
        if (cli_long(f->name, val, f->min, f->max, &n, d))
            return -1;
        break;
    case FILTER_DATE:
        if (!search_date_valid(val))
            return diag_set(d, DIAG_USAGE, "option '--%s' needs a date as YYYY-MM-DD, not '%s'",
                            f->name, val);
        break;
    }
    search_filter_set(f, &a->o, s, n);
    return 0;
}

static int on_opt(void *ctx, int id, const char *val, struct diag *d)
{
    struct filter_args *a = ctx;
    struct search_opts *o = &a->o;
    long n;
    int i;
    switch (id) {
    case O_DB:
        a->env->db_path = val;
        return 0;
    case O_LIMIT:
        if (cli_long("limit", val, 0, 1000000000L, &n, d))
            return -1;
        o->limit = n;
        a->limit_set = 1;
        return 0;
    case O_OFFSET:
        if (cli_long("offset", val, 0, 1000000000L, &n, d))
            return -1;
        o->offset = n;
        return 0;
    case O_FORMAT:
        if ((i = cli_choice("format", val, out_format_names, d)) < 0)
            return -1;
        a->format = i;
        return 0;
    case O_COUNT:
        a->count = 1;
        return 0;
    case O_ALL_COPIES:
        o->all_copies = 1;
        return 0;
    }
    return on_filter(a, &search_filters[id], val, d);
}

struct row_ctx {
    struct out *out;
    struct db *db;
    int copies; /* the archive has copies: say so on each hit that has */
    struct out_spool *spool;
};

static int on_row(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    struct row_ctx *r = ctx;
    r->out->copies = 0;
    if (r->copies)
        r->out->copy_group = search_copies(r->db, l->id, &r->out->copies);
    if (out_letter(r->out, l, snippet, rank))
        return 1;
    r->out->f = out_spool_room(r->spool);
    return 0;
}

int filter_args_parse(struct filter_args *a, int argc, char **argv, struct cmd_env *env,
                      const char *cmd)
{
    memset(a, 0, sizeof *a);
    a->env = env;
    a->format = OUT_TABLE;
    search_opts_init(&a->o);
    buf_init(&a->query, 0);
    struct diag d = DIAG_INIT;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    int rc = 0;
    /* --NAME VALUE for every filter, then the other options. */
    size_t nf = 0;
    while (search_filters[nf].name)
        nf++;
    struct cli_opt *opts = calloc(nf + NOTHER + 1, sizeof *opts);
    if (!pos || !opts) {
        rc = cli_error(env, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < nf; i++)
        opts[i] = (struct cli_opt){search_filters[i].name, 0, CLI_ARG, (int)i};
    memcpy(opts + nf, other_opts, sizeof other_opts);
    if (cli_parse(argc, argv, opts, on_opt, a, pos, &npos, 1, &d)) {
        rc = cli_usage_error(env, cmd, diag_msg(&d));
    } else {
        for (int i = 0; i < npos; i++) {
            if (i)
                buf_addch(&a->query, ' ');
            buf_adds(&a->query, pos[i]);
        }
        if (buf_failed(&a->query))
            rc = cli_error(env, "out of memory");
        a->o.query = a->query.len ? a->query.data : NULL;
    }
cleanup:
    free(opts);
    free(pos);
    diag_release(&d);
    return rc;
}

void filter_args_release(struct filter_args *a)
{
    buf_release(&a->query);
}

struct candidates {
    struct buf list;
    int n;
    int exact;
    const char *wanted;
};

static int on_candidate(void *ctx, const char *key, const char *extra, long long n,
                        const char *latest)
{
    struct candidates *c = ctx;
    (void)extra;
    (void)latest;
    if (!key)
        return 0;
    if (!strcmp(key, c->wanted))
        c->exact = 1;
    if (c->n < 8)
        buf_printf(&c->list, "%s%s (%lld)", c->n ? ", " : "", key, n);
    c->n++;
    return 0;
}

/* A department that is not a full name may stand for several: say which. */
static void note_ambiguous_department(struct db *db, const struct filter_args *a)
{
    struct candidates c = {BUF_INIT, 0, 0, a->o.department};
    struct diag d = DIAG_INIT;
    struct search_opts o = a->o;
    o.limit = -1;
    o.offset = 0;
    if (search_group(db, &o, GROUP_DEPARTMENT, on_candidate, &c, &d) >= 0 && c.n > 1 && !c.exact &&
        !buf_failed(&c.list))
        cli_say(a->env, "'%s' matches %d departments: %s%s; give the full name to choose one",
                a->o.department, c.n, c.list.data, c.n > 8 ? ", ..." : "");
    buf_release(&c.list);
    diag_release(&d);
}

int cmd_search(int argc, char **argv, struct cmd_env *env)
{
    struct filter_args a;
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    int began = 0;
    int rc = filter_args_parse(&a, argc, argv, env, "search");
    if (rc)
        goto cleanup;
    if (!a.limit_set && a.format == OUT_TABLE)
        a.o.limit = 20;
    if ((rc = cli_archive(env, &db)))
        goto cleanup;
    /* The count and the page read one state of the archive, in one read
     * transaction (db_read_begin). */
    if ((began = db_read_begin(db, &d)) < 0) {
        rc = cli_diag_error(env, "search", &d);
        goto cleanup;
    }
    if (a.count)
        a.o.limit = 0; /* the number alone: no page shares its pass (search_memo_count) */
    long long total = search_count(db, &a.o, &d);
    long rows = 0;
    if (total >= 0 && a.count) {
        fprintf(env->out, "%lld\n", total);
    } else if (total >= 0) {
        /* The page is written once the read transaction has ended: the
         * table's rows are kept until out_end anyway, the records held back
         * (out_spool). */
        struct out out;
        struct out_spool spool;
        out_spool_open(&spool, env->out, a.format != OUT_TABLE);
        out_begin(&out, spool.f, (enum out_format)a.format, 1);
        out.color = env->color;
        out.width = env->width;
        struct row_ctx rc_ = {&out, db, search_has_copies(db), &spool};
        /* The table and CSV do not show the evidence (a JSON record does). */
        a.o.no_evidence = a.format == OUT_TABLE || a.format == OUT_CSV;
        rows = search_run(db, &a.o, on_row, &rc_, &d);
        db_read_end(db, began);
        began = 0;
        out_end(&out);
        int spooled = out_spool_close(&spool);
        if (rows >= 0 && (out.failed || spooled)) {
            rc = cli_error(env, out.failed ? "out of memory"
                                           : "the results could not be read back from their "
                                             "temporary file");
            goto cleanup;
        }
    }
    if (total < 0 || rows < 0) {
        rc = cli_diag_error(env, "search", &d);
        goto cleanup;
    }
    if (a.o.department)
        note_ambiguous_department(db, &a);
    if (!a.count && a.format == OUT_TABLE && rows > 0 && total > rows + a.o.offset)
        fprintf(env->err, "%s: showing %ld of %lld replies (--limit and --offset show more)\n",
                env->prog, rows, total);
    rc = (a.count ? total > 0 : rows > 0) ? EXIT_FOUND : EXIT_NOTHING;
cleanup:
    if (db)
        db_read_end(db, began);
    filter_args_release(&a);
    diag_release(&d);
    return rc;
}
