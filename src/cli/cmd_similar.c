/* dafu similar and dafu boilerplate: near-duplicate replies. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "cli/out.h"
#include "search/record.h"
#include "search/similar_query.h"
#include "similar/similar.h"
#include "store/db.h"

const char cmd_similar_usage[] =
    "usage: dafu similar [--db FILE] [--min S] [--by text|title] [--format F] ID|NUMBER\n"
    "       dafu similar [--db FILE] --rebuild\n"
    "\n"
    "Lists the replies whose text shares at least S of its content with this\n"
    "one, most similar first: the same template answer sent to other proposals,\n"
    "copies of the letter published elsewhere. Names, numbers, dates and page\n"
    "chrome are left out of the comparison; traditional and simplified script\n"
    "compare alike. ID is the number dafu search shows in its first column; a\n"
    "proposal number (0831, 第0831号) stands for its first reply.\n"
    "\n"
    "  --min S       similarity from 0.4 to 1 (default 0.5)\n"
    "  --by title    compare the proposals' titles instead (a proposal raised\n"
    "                again, in another year or by another delegate); from 0.1\n"
    "  --limit N     at most N replies\n"
    "  --format F    table (default), json, jsonl or csv; records carry\n"
    "                \"similarity\" (0-1)\n"
    "  --db FILE     the archive (default: $DAFU_DB, else dafu.db)\n"
    "  --rebuild     compute the whole similarity index again from the letters'\n"
    "                text, as a new import of them would (an archive compared\n"
    "                by an older dafu); says what it found\n"
    "\n"
    "Exit status: 0 found (or rebuilt), 1 nothing similar, 2 usage or data error.\n";

const char cmd_boilerplate_usage[] =
    "usage: dafu boilerplate [--db FILE] [FILTERS] [--min-size N] [--min S] [--format F]\n"
    "                        [QUERY...]\n"
    "\n"
    "Lists the groups of replies that share most of their text, typically one\n"
    "department's template answer, largest first: each with its size, the\n"
    "departments, years and delegates, and the letters' IDs. Copies of one\n"
    "letter count once. Filters and keywords choose the replies, as in\n"
    "dafu search (--department, --year, --body, ...; see dafu search --help).\n"
    "\n"
    "  --min-size N  groups of N replies or more (default 3)\n"
    "  --min S       similarity that joins two replies, 0.4 to 1 (default 0.5)\n"
    "  --limit N     at most N groups;  --offset N  skip the first N\n"
    "  --format F    table (default), json, jsonl or csv\n"
    "  --db FILE     the archive (default: $DAFU_DB, else dafu.db)\n"
    "\n"
    "Exit status: 0 found, 1 no group, 2 usage or data error.\n";

/* Letters not compared yet: compared now, or a note when the archive is read-only. */
static int ready(struct cmd_env *env, struct db *db)
{
    struct diag d = DIAG_INIT;
    long long r = search_similar_ready(db, &d);
    if (r > 0 && access(db_path(db), W_OK) == 0) {
        /* The command reads; a second connection that may write compares
         * the waiting letters (the first sees them at its next read). */
        struct db *w = NULL;
        if (db_open(&w, db_path(db), DB_WRITE, &d) == 0)
            r = search_similar_ready(w, &d);
        db_close(w);
    }
    if (r < 0) {
        int rc = cli_error(env, diag_msg(&d));
        diag_release(&d);
        return rc;
    }
    if (r > 0)
        fprintf(env->err,
                "%s: %lld replies are not compared yet (the archive is read-only; any dafu "
                "import compares them)\n",
                env->prog, r);
    diag_release(&d);
    return 0;
}

static int parse_min(const char *val, double lo, double *out, struct diag *d)
{
    char *end = NULL;
    double v = strtod(val, &end);
    if (!*val || *end || !(v >= lo && v <= 1.0))
        return diag_set(d, DIAG_USAGE, "option '--min' needs a number from %g to 1, not '%s'", lo,
                        val);
    *out = v;
    return 0;
}

/* ---- similar ---- */

enum { S_DB, S_MIN, S_BY, S_LIMIT, S_FORMAT, S_REBUILD };

static const struct cli_opt similar_opts[] = {
    {"db", 0, CLI_ARG, S_DB},         {"min", 0, CLI_ARG, S_MIN},
    {"by", 0, CLI_ARG, S_BY},         {"limit", 0, CLI_ARG, S_LIMIT},
    {"format", 0, CLI_ARG, S_FORMAT}, {"rebuild", 0, CLI_NOARG, S_REBUILD},
    {NULL, 0, CLI_NOARG, 0}};

static const char *const bys[] = {"text", "title", NULL};

struct similar_args {
    struct cmd_env *env;
    const char *min_text;
    int by_title;
    long limit;
    int format;
    int rebuild;
};

static int on_similar_opt(void *ctx, int id, const char *val, struct diag *d)
{
    struct similar_args *a = ctx;
    int i;
    switch (id) {
    case S_DB:
        a->env->db_path = val;
        return 0;
    case S_MIN:
        a->min_text = val;
        return 0;
    case S_BY:
        if ((i = cli_choice("by", val, bys, d)) < 0)
            return -1;
        a->by_title = i == 1;
        return 0;
    case S_LIMIT:
        return cli_long("limit", val, 0, 1000000000L, &a->limit, d);
    case S_REBUILD:
        a->rebuild = 1;
        return 0;
    case S_FORMAT:
        if ((i = cli_choice("format", val, out_format_names, d)) < 0)
            return -1;
        a->format = i;
        return 0;
    }
    return 0;
}

static const struct out_col similar_cols[] = {
    {"similarity", OUT_NUM, 0, 0}, {"id", OUT_NUM, 8, 0},           {"number", OUT_STR, 12, 0},
    {"date", OUT_STR, 10, 0},      {"department", OUT_STR, 32, 10}, {"delegates", OUT_STR, 24, 8},
    {"title", OUT_STR, 60, 12}};
#define SIMILAR_NCOLS 7

struct similar_out {
    struct out out;
    struct db *db;
    long limit;
    long rows;
};

static int on_similar(void *ctx, const struct letter *l, double similarity)
{
    struct similar_out *s = ctx;
    if (s->limit >= 0 && s->rows >= s->limit)
        return 1;
    s->rows++;
    if (s->out.list) {
        char sim[16], id[24];
        snprintf(sim, sizeof sim, "%.2f", floor(similarity * 100) / 100);
        snprintf(id, sizeof id, "%lld", l->id);
        struct buf dels = BUF_INIT;
        for (size_t i = 0; i < l->n_delegates; i++) {
            if (i)
                buf_adds(&dels, "、");
            buf_adds(&dels, l->delegates[i]);
        }
        const char *cells[SIMILAR_NCOLS] = {
            sim, id, l->number, l->date, l->department, dels.len ? dels.data : NULL, l->title};
        if (buf_failed(&dels))
            s->out.failed = -1;
        else
            out_list_row(&s->out, cells);
        buf_release(&dels);
    } else {
        s->out.with_similarity = 1;
        s->out.similarity = similarity;
        s->out.copy_group = search_copies(s->db, l->id, &s->out.copies);
        out_letter(&s->out, l, NULL, 0);
    }
    return s->out.failed ? 1 : 0;
}

/* --rebuild: the archive exists (opened to read); rebuilt through a
 * connection that writes. */
static int rebuild(struct cmd_env *env, struct db *db)
{
    struct diag d = DIAG_INIT;
    struct db *w = NULL;
    struct similar_rebuilt r;
    int rc = 0;
    if (db_open(&w, db_path(db), DB_WRITE, &d) || similar_rebuild(w, &r, &d)) {
        rc = cli_error(env, diag_msg(&d));
        goto done;
    }
    fprintf(env->out,
            "rebuilt the similarity index of '%s': %lld replies compared (%lld long enough to "
            "compare), %lld band rows; similar pairs from 0.4: %lld, copies among them: %lld, "
            "groups of copies: %lld\n",
            env->db_path, r.letters, r.with_sig, r.bands, r.pairs, r.copies, r.groups);
    rc = EXIT_FOUND;
done:
    db_close(w);
    diag_release(&d);
    return rc;
}

int cmd_similar(int argc, char **argv, struct cmd_env *env)
{
    struct similar_args a = {env, NULL, 0, -1, OUT_TABLE, 0};
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    int rc = 0;
    double min = 0.5;
    if (!pos)
        return cli_error(env, "out of memory");
    if (cli_parse(argc, argv, similar_opts, on_similar_opt, &a, pos, &npos, 0, &d) ||
        (a.min_text && parse_min(a.min_text, a.by_title ? 0.1 : 0.4, &min, &d))) {
        rc = cli_usage_error(env, "similar", diag_msg(&d));
        goto cleanup;
    }
    if (a.rebuild) {
        if (npos || a.min_text || a.by_title || a.limit >= 0 || a.format != OUT_TABLE)
            rc = cli_usage_error(env, "similar", "--rebuild takes no letter and no other option");
        else if (!(rc = cli_archive(env, &db)))
            rc = rebuild(env, db);
        goto cleanup;
    }
    if (npos != 1) {
        rc = cli_usage_error(env, "similar",
                             npos ? "similar takes one letter: an ID or a proposal number"
                                  : "which letter? give an ID or a proposal number");
        goto cleanup;
    }
    if ((rc = cli_archive(env, &db)) || (rc = ready(env, db)))
        goto cleanup;
    long long id = search_resolve(db, pos[0], &d);
    if (id < 0) {
        rc = cli_error(env, diag_msg(&d));
        goto cleanup;
    }
    if (!id) {
        cli_say(env, "no reply with ID or number '%s'", pos[0]);
        rc = EXIT_NOTHING;
        goto cleanup;
    }
    struct similar_out s;
    memset(&s, 0, sizeof s);
    s.db = db;
    s.limit = a.limit;
    if (a.format == OUT_TABLE || a.format == OUT_CSV)
        out_list_begin(&s.out, env->out, (enum out_format)a.format, similar_cols, SIMILAR_NCOLS);
    else
        out_begin(&s.out, env->out, (enum out_format)a.format, 0);
    s.out.width = env->width;
    long n = search_similar(db, id, min, a.by_title, on_similar, &s, &d);
    out_end(&s.out);
    if (n < 0 || s.out.failed) {
        rc = cli_error(env, n < 0 ? diag_msg(&d) : "out of memory");
        goto cleanup;
    }
    rc = s.rows ? EXIT_FOUND : EXIT_NOTHING;
cleanup:
    free(pos);
    diag_release(&d);
    return rc;
}

/* ---- boilerplate ---- */

static const struct out_col boiler_cols[] = {
    {"size", OUT_NUM, 0, 0},   {"similarity", OUT_NUM, 0, 0}, {"departments", OUT_STR, 40, 10},
    {"years", OUT_STR, 20, 4}, {"delegates", OUT_STR, 40, 8}, {"ids", OUT_STR, 40, 8}};
#define BOILER_NCOLS 6

static void join_strs(struct buf *b, char *const *v, size_t n, const char *sep)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_adds(b, sep);
        buf_adds(b, v[i]);
    }
}

static int on_group(void *ctx, const struct boilerplate *g)
{
    struct out *o = ctx;
    if (o->format != OUT_TABLE && o->format != OUT_CSV)
        return out_json(o, boilerplate_record(g)) ? 1 : 0;
    char size[24], simtxt[16];
    snprintf(size, sizeof size, "%zu", g->size);
    snprintf(simtxt, sizeof simtxt, "%.2f", floor(g->similarity * 100) / 100);
    struct buf deps = BUF_INIT, years = BUF_INIT, dels = BUF_INIT, ids = BUF_INIT;
    join_strs(&deps, g->departments, g->ndepartments, "、");
    join_strs(&years, g->years, g->nyears, " ");
    join_strs(&dels, g->delegates, g->ndelegates, "、");
    for (size_t i = 0; i < g->size; i++)
        buf_printf(&ids, "%s%lld", i ? " " : "", g->ids[i]);
    const char *cells[BOILER_NCOLS] = {size,
                                       simtxt,
                                       deps.len ? deps.data : NULL,
                                       years.len ? years.data : NULL,
                                       dels.len ? dels.data : NULL,
                                       ids.data};
    int rc = buf_failed(&deps) || buf_failed(&years) || buf_failed(&dels) || buf_failed(&ids)
                 ? (o->failed = -1)
                 : out_list_row(o, cells);
    buf_release(&deps);
    buf_release(&years);
    buf_release(&dels);
    buf_release(&ids);
    return rc ? 1 : 0;
}

/* Takes --min-size and --min out of argv (the rest are search's options). */
static int take_opt(int *argc, char **argv, const char *name, const char **val, struct diag *d)
{
    size_t n = strlen(name);
    for (int i = 1; i < *argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        if (strncmp(argv[i], "--", 2) || strncmp(argv[i] + 2, name, n))
            continue;
        const char *rest = argv[i] + 2 + n;
        int used;
        if (*rest == '=') {
            *val = rest + 1;
            used = 1;
        } else if (!*rest) {
            if (i + 1 >= *argc)
                return diag_set(d, DIAG_USAGE, "option '--%s' needs a value", name);
            *val = argv[i + 1];
            used = 2;
        } else
            continue;
        for (int k = i; k + used < *argc; k++)
            argv[k] = argv[k + used];
        *argc -= used;
        i--;
    }
    return 0;
}

int cmd_boilerplate(int argc, char **argv, struct cmd_env *env)
{
    struct filter_args a;
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    const char *min_size_text = NULL, *min_text = NULL;
    long min_size = 3;
    double min = 0.5;
    char **args = calloc((size_t)argc + 1, sizeof *args);
    if (!args)
        return cli_error(env, "out of memory");
    memcpy(args, argv, (size_t)argc * sizeof *args);
    int rc;
    memset(&a, 0, sizeof a);
    buf_init(&a.query, 0);
    if (take_opt(&argc, args, "min-size", &min_size_text, &d) ||
        take_opt(&argc, args, "min", &min_text, &d) ||
        (min_size_text && cli_long("min-size", min_size_text, 2, 1000000, &min_size, &d)) ||
        (min_text && parse_min(min_text, 0.4, &min, &d))) {
        rc = cli_usage_error(env, "boilerplate", diag_msg(&d));
        goto cleanup;
    }
    if ((rc = filter_args_parse(&a, argc, args, env, "boilerplate")))
        goto cleanup;
    if (a.count) {
        rc = cli_usage_error(env, "boilerplate", "boilerplate has no --count");
        goto cleanup;
    }
    if ((rc = cli_archive(env, &db)) || (rc = ready(env, db)))
        goto cleanup;
    struct out out;
    if (a.format == OUT_TABLE || a.format == OUT_CSV)
        out_list_begin(&out, env->out, (enum out_format)a.format, boiler_cols, BOILER_NCOLS);
    else
        out_begin(&out, env->out, (enum out_format)a.format, 0);
    out.width = env->width;
    long n = search_boilerplate(db, &a.o, (size_t)min_size, min, on_group, &out, &d);
    out_end(&out);
    if (n < 0 || out.failed) {
        rc = n < 0 ? cli_diag_error(env, "boilerplate", &d) : cli_error(env, "out of memory");
        goto cleanup;
    }
    rc = n > 0 ? EXIT_FOUND : EXIT_NOTHING;
cleanup:
    filter_args_release(&a);
    free(args);
    diag_release(&d);
    return rc;
}
