/* dafu show: one letter in full. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "cli/out.h"
#include "model/letter.h"
#include "search/query.h"
#include "search/similar_query.h"
#include "store/db.h"
#include "text/text.h"

const char cmd_show_usage[] =
    "usage: dafu show [--db FILE] [--format text|json] [--why] ID|NUMBER...\n"
    "\n"
    "Prints whole letters under a header of their fields. ID is the number\n"
    "dafu search shows in its first column; a proposal number (0831, 第0831号,\n"
    "台52) shows every reply to that proposal.\n"
    "\n"
    "  --format F   text (default) or json (its 'evidence' says where each\n"
    "               field was read)\n"
    "  --why        for every field, where it was read (header, salutation,\n"
    "               signature, a metadata line, ...) and the line itself\n"
    "  --db FILE    the archive (default: $DAFU_DB, else dafu.db)\n"
    "\n"
    "Exit status: 0 shown, 1 not found, 2 usage or data error.\n";

static const char *const formats[] = {"text", "json", NULL};

struct show_args {
    struct cmd_env *env;
    int json;
    int why;
    int shown;
    int failed; /* a letter could not be shown (out of memory) */
};

/* The evidence's places, as a sentence says them. */
static const char *place_words(const char *from)
{
    static const char *const words[][2] = {
        {"header", "the header"},
        {"salutation", "the salutation"},
        {"opening", "the opening sentence"},
        {"body", "the body"},
        {"signature", "the signature"},
        {"metadata", "a metadata line"},
        {"above header", "a line above the header"},
        {"page title", "the page title"},
        {"page footer", "the page footer"},
        {"department name", "the department's name (region rule)"}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(from, words[i][0]))
            return words[i][1];
    return from;
}

/* Writes s with its control and bidirectional characters escaped. */
static void put_escaped(FILE *f, const char *s)
{
    struct buf b = BUF_INIT;
    if (!utf8_escape(s, strlen(s), UTF8_ESC_CONTROLS, &b) && !buf_failed(&b) && b.data)
        fputs(b.data, f);
    buf_release(&b);
}

/* --why: every field, and under each stated one where it was read with the line.
 * Returns 0, or -1 (nothing written) when memory runs out. */
static int show_why(FILE *f, const struct letter *l)
{
    cJSON *ev = l->evidence ? cJSON_Parse(l->evidence) : NULL;
    cJSON *rec = letter_to_json(l);
    if (!rec) {
        cJSON_Delete(ev);
        return -1;
    }
    fprintf(f, "%-12s%lld\n", "id", l->id);
    if (l->evidence_stale)
        fputs("(where these fields were read is not shown: another program changed the "
              "letter's text, which the lines recorded no longer match)\n",
              f);
    else if (!cJSON_IsObject(ev))
        fputs("(where these fields were read is not recorded: the letter came from a record "
              "without it)\n",
              f);
    for (size_t fi = 0; fi < LETTER_NFIELDS; fi++) {
        if (!(letter_fields[fi].flags & LETTER_EXPECTED))
            continue; /* the fields the parser reads */
        const char *name = letter_fields[fi].name;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
        fprintf(f, "%-12s", name);
        if (cJSON_IsString(v))
            put_escaped(f, v->valuestring);
        else if (cJSON_IsNumber(v))
            fprintf(f, "%d", v->valueint);
        else if (cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0) {
            int k = 0;
            const cJSON *it;
            cJSON_ArrayForEach(it, v)
            {
                fputs(k++ ? "、" : "", f);
                put_escaped(f, it->valuestring);
            }
        } else {
            fputs("-\n", f);
            continue;
        }
        fputc('\n', f);
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(ev, name);
        const cJSON *from = cJSON_GetObjectItemCaseSensitive(e, "from");
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(e, "line");
        if (cJSON_IsString(from) && cJSON_IsString(line)) {
            fprintf(f, "%-12sfrom ", "");
            put_escaped(f, place_words(from->valuestring));
            fputs(": ", f);
            put_escaped(f, line->valuestring);
            fputc('\n', f);
        } else if (cJSON_IsObject(ev))
            fprintf(f, "%-12snot recorded\n", "");
    }
    cJSON_Delete(rec);
    cJSON_Delete(ev);
    return 0;
}

static int show_one(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    struct show_args *a = ctx;
    (void)snippet;
    (void)rank;
    if (a->json && l->evidence_stale)
        cli_say(a->env,
                "reply %lld: its evidence no longer matches its text, which another "
                "program changed: shown as null",
                l->id);
    if (a->json) {
        cJSON *j = letter_to_json(l);
        char *s = j ? letter_json_print(j, 1) : NULL;
        if (s)
            fprintf(a->env->out, "%s\n", s);
        else
            a->failed = 1;
        free(s);
        cJSON_Delete(j);
    } else {
        if (a->shown)
            fputs("\n", a->env->out);
        if (a->why ? show_why(a->env->out, l) : out_letter_text(a->env->out, l))
            a->failed = 1;
    }
    a->shown++;
    return a->failed;
}

int cmd_show(int argc, char **argv, struct cmd_env *env)
{
    struct show_args a = {env, 0, 0, 0, 0};
    struct cli_args args;
    struct diag d = DIAG_INIT;
    /* --why is show's own: taken out before the options all commands share */
    char **av = malloc(((size_t)argc + 1) * sizeof *av);
    if (!av)
        return cli_error(env, "out of memory");
    int ac = 0;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--why") && (i == 0 || strcmp(argv[i - 1], "--db")))
            a.why = 1;
        else
            av[ac++] = argv[i];
    }
    av[ac] = NULL;
    struct db *db = NULL;
    int rc = cli_args_parse(&args, ac, av, env, "show", formats,
                            "which letter? give an ID or a proposal number");
    if (rc || (rc = cli_archive(env, &db)))
        goto cleanup;
    a.json = args.format == 1;
    char **pos = args.pos;
    int npos = args.npos;
    int missing = 0;
    for (int i = 0; i < npos; i++) {
        int before = a.shown;
        /* A plain number without leading zero is an ID first; else a proposal number. */
        if (search_plain_id(pos[i])) {
            struct letter l;
            letter_init(&l);
            int r = db_get_letter(db, search_plain_id(pos[i]), &l, &d);
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
                    cli_say(env, "no reply with ID or number '%s'", pos[i]);
                    missing++;
                    continue;
                }
                rc = cli_error(env, diag_msg(&d));
                goto cleanup;
            }
        }
        if (a.failed) {
            rc = cli_error(env, "out of memory");
            goto cleanup;
        }
        if (a.shown == before) {
            cli_say(env, "no reply with ID or number '%s'", pos[i]);
            missing++;
        }
    }
    rc = a.shown ? EXIT_FOUND : EXIT_NOTHING;
    (void)missing;
cleanup:
    cli_args_release(&args);
    diag_release(&d);
    free(av);
    return rc;
}
