/* The archive: schema creation, storing, re-imports, updates, search, check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fts/fts_tok.h"
#include "search/agg.h"
#include "search/query.h"
#include "search/query_int.h"
#include "search/stats.h"
#include "store/code.h"
#include "store/db.h"
#include "store/doclist.h"
#include "store/stmt_vfs.h"
#include "util.h"

/* A letter of 人大's 14th congress, first session, of department dept; make's
 * names its proposer too (单雄信). */
static void make_unnamed(struct letter *l, const char *number, const char *dept, const char *text)
{
    letter_init(l);
    letter_set(&l->body, "人大", strlen("人大"));
    letter_set(&l->number, number, strlen(number));
    letter_set(&l->department, dept, strlen(dept));
    letter_set(&l->text, text, strlen(text));
    l->term = 14;
    l->session = 1;
}

static void make(struct letter *l, const char *number, const char *dept, const char *text)
{
    make_unnamed(l, number, dept, text);
    letter_add_delegate(l, "单雄信", strlen("单雄信"));
}

/* A new archive for a test, opened for writing, at a path of its own under
 * /tmp named after the test (written to path, TEST_DB_PATH bytes). */
#define TEST_DB_PATH 64
static struct db *temp_archive(char *path, const char *name)
{
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    snprintf(path, TEST_DB_PATH, "/tmp/dafu-test-db-%s-XXXXXX", name);
    temp_db_path(path);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    diag_release(&d);
    return db;
}

/* A reader of the archive at path, beside its writer. */
static struct db *temp_reader(const char *path)
{
    struct diag d = DIAG_INIT;
    struct db *rd = NULL;
    CHECK_INT(db_open(&rd, path, DB_READONLY, &d), 0);
    diag_release(&d);
    return rd;
}

/* Closes a test's archive, its reader too when it has one (rd NULL: none), and
 * removes its files. */
static void temp_archive_end(const char *path, struct db *db, struct db *rd)
{
    db_close(rd);
    db_close(db);
    remove_db(path);
}

/* Stores a letter made by make(), dated (date NULL: none), in the open
 * transaction; checks that it is stored as `want`. Returns its reply's id. */
static long long put_dated(struct db *db, const char *number, const char *dept, const char *text,
                           const char *date, enum db_put_result want)
{
    struct diag d = DIAG_INIT;
    struct letter l;
    enum db_put_result res;
    make(&l, number, dept, text);
    if (date)
        letter_set(&l.date, date, strlen(date));
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    CHECK_INT(res, want);
    long long id = l.id;
    letter_release(&l);
    diag_release(&d);
    return id;
}

static int count_rows(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    (void)l;
    (void)snippet;
    (void)rank;
    (*(int *)ctx)++;
    return 0;
}

static long long hits(struct db *db, struct search_opts *o)
{
    struct diag d = DIAG_INIT;
    long long n = search_count(db, o, &d);
    if (n < 0)
        fprintf(stderr, "search: %s\n", diag_msg(&d));
    diag_release(&d);
    return n;
}

/* reply_count's rows as they stand: those reply_count_recent holds stand for
 * its own (schema 057). */
#define COUNT_ROWS                                                                                 \
    "(SELECT * FROM reply_count c WHERE NOT EXISTS (SELECT 1 FROM reply_count_recent x "           \
    "WHERE x.dim = c.dim AND x.k = c.k) UNION ALL SELECT * FROM reply_count_recent)"

/* The hashsize stored in the full-text index's configuration, or -1. */
#define FTS_HASHSIZE "SELECT v FROM reply_fts_config WHERE k = 'hashsize'"

/* 1 when reply_count, facet_count and delegate_stat hold exactly what a grouping
 * of every reply gives (schema/007_performance.sql), 0 when not. */
static int db_count_matches(struct db *db)
{
    struct diag d = DIAG_INIT;
    int ok = db_check_counts(db, &d) == 0 && code_check(db, &d) == 0;
    if (!ok)
        fprintf(stderr, "count check: %s\n", diag_msg(&d));
    diag_release(&d);
    return ok;
}

/* Letter i of add_departments with text: numbered i (0007), from a department
 * of its own (某县第7号局; the 50th's is not numbered: 某县档案馆). */
static void make_numbered(struct letter *l, int i, const char *text)
{
    char number[16], dept[64];
    snprintf(number, sizeof number, "%04d", i);
    if (i == 50)
        snprintf(dept, sizeof dept, "%s", "某县档案馆");
    else
        snprintf(dept, sizeof dept, "某县第%d号局", i);
    make(l, number, dept, text);
}

/* Adds count letters numbered from first, each from a department of its own and
 * dated, in one batch. */
static void add_departments(struct db *db, int first, int count)
{
    struct diag d = DIAG_INIT;
    struct letter l;
    enum db_put_result res;
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    for (int i = first; i < first + count; i++) {
        char text[64], date[16];
        snprintf(text, sizeof text, "第%d号建议的答复。", i);
        snprintf(date, sizeof date, "2023-%02d-%02d", 1 + i % 12, 1 + i % 28);
        make_numbered(&l, i, text);
        letter_set(&l.date, date, strlen(date));
        CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
        letter_release(&l);
    }
    CHECK_INT(db_commit(db, &d), 0);
    diag_release(&d);
}

/* A fixed sequence of pseudo-random numbers (the same at every run). */
static unsigned rnd(void)
{
    static unsigned long long x = 88172645463325252ULL;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return (unsigned)(x >> 16);
}

/* The virtual machine steps run so far by the connection's statements. */
static long long vm_steps(struct db *db)
{
    long long n = 0;
    for (sqlite3_stmt *st = sqlite3_next_stmt(db_sqlite(db), NULL); st;
         st = sqlite3_next_stmt(db_sqlite(db), st))
        n += sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 0);
    return n;
}

/* The virtual machine steps of storing counted reply i of add_departments again
 * with another text, date (another year) and category, or (date NULL) of
 * deleting it: the change and the counting; in *commit, the work of counting
 * and indexing the batch before the commit. */
static int tick(void *ctx)
{
    (*(long long *)ctx)++;
    return 0;
}

static long long change_steps(struct db *db, int i, const char *date, long long *commit)
{
    struct diag d = DIAG_INIT;
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    long long before = vm_steps(db);
    if (date) {
        struct letter l;
        enum db_put_result res;
        char text[64];
        snprintf(text, sizeof text, "第%d号建议的答复，改过。", i);
        make_numbered(&l, i, text);
        letter_set(&l.date, date, strlen(date));
        letter_set(&l.category, "B", 1);
        CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
        CHECK_INT(res, DB_PUT_UPDATED);
        letter_release(&l);
    } else {
        CHECK_INT(db_delete_letter(db, i, &d), 1);
    }
    long long steps = vm_steps(db) - before;
    /* What the commit adds: the batch counted (and indexed), by progress
     * ticks (its statements are not kept). */
    long long ticks = 0;
    db_progress(db, 1, tick, &ticks);
    CHECK_INT(db_commit(db, &d), 0);
    db_progress(db, 0, NULL, NULL);
    *commit = ticks;
    diag_release(&d);
    return steps;
}

/* The progress ticks (VM steps, roughly) of the statistics, the proposers and
 * the departments of the replies of the one department of add_departments that
 * is not numbered, named in part: what the listings read for a filter that
 * matches one department. */
static long long filtered_ticks(struct db *db)
{
    struct diag d = DIAG_INIT;
    struct search_opts o;
    search_opts_init(&o);
    o.department = "档案馆";
    long long ticks = 0;
    db_progress(db, 1, tick, &ticks);
    cJSON *stats = search_stats_json(db, &o, &d);
    CHECK(stats != NULL);
    CHECK_INT((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(stats, "replies")), 1);
    cJSON_Delete(stats);
    o.limit = -1;
    CHECK_INT(search_group(db, &o, GROUP_DELEGATE, NULL, NULL, &d), 1);
    CHECK_INT(search_group(db, &o, GROUP_DEPARTMENT, NULL, NULL, &d), 1);
    db_progress(db, 0, NULL, NULL);
    diag_release(&d);
    return ticks;
}

/* The progress ticks of the statistics (their ten largest departments) of the
 * replies of body 人大, which all of add_departments' are: one filter of many
 * replies alone, read from the counts of its value (reply_cross). */
static long long body_ticks(struct db *db, long long replies)
{
    struct diag d = DIAG_INIT;
    struct search_opts o;
    search_opts_init(&o);
    o.body = "人大";
    long long ticks = 0;
    db_progress(db, 1, tick, &ticks);
    cJSON *stats = search_stats_json(db, &o, &d);
    db_progress(db, 0, NULL, NULL);
    CHECK(stats != NULL);
    CHECK_INT((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(stats, "replies")), replies);
    CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(stats, "by_department")), 10);
    cJSON_Delete(stats);
    diag_release(&d);
    return ticks;
}

/* The values random_mix and kept_random_filters give the replies' fields (NULL: none). */
static const char *const mix_numbers[] = {"0001", "0002", "0003"};
static const char *const mix_depts[] = {"湖南省林业局", "湖南省水利厅", "某县教育局", NULL};
static const char *const mix_bodies[] = {"人大", "政协"};
static const char *const mix_kinds[] = {"建议", "提案"};
static const char *const mix_categories[] = {"A", "B", "C", NULL};
static const char *const mix_regions[] = {"湖南省", "某县", NULL};
static const char *const mix_dates[] = {"2022-03-01", "2022-11-30", "2023-05-06",
                                        "2023-05-07", "2024-01-02", NULL};
static const char *const mix_names[] = {"单雄信", "秦叔宝", "程咬金", "罗成"};
#define ARRAY_SIZE(a) (sizeof a / sizeof *a)
#define PICK(a) a[rnd() % ARRAY_SIZE(a)]

/* A reply of text whose fields are picked at random among those values, its
 * number `number` (NULL: one of three, so that replies come again). */
static void mix_letter(struct letter *l, const char *text, const char *number)
{
    letter_init(l);
    const char *const *pools[] = {mix_bodies, mix_kinds,      mix_regions,
                                  mix_depts,  mix_categories, mix_dates};
    const size_t sizes[] = {ARRAY_SIZE(mix_bodies),     ARRAY_SIZE(mix_kinds),
                            ARRAY_SIZE(mix_regions),    ARRAY_SIZE(mix_depts),
                            ARRAY_SIZE(mix_categories), ARRAY_SIZE(mix_dates)};
    char **fields[] = {&l->body, &l->kind, &l->region, &l->department, &l->category, &l->date};
    const char *v;
    for (int i = 0; i < 6; i++)
        if ((v = pools[i][rnd() % sizes[i]]))
            letter_set(fields[i], v, strlen(v));
    v = number ? number : PICK(mix_numbers);
    letter_set(&l->number, v, strlen(v));
    letter_set(&l->text, text, strlen(text));
    l->term = (int)(rnd() % 3); /* 0: none */
    l->term += l->term ? 12 : 0;
    l->session = (int)(rnd() % 3);
    for (unsigned k = rnd() % 3; k > 0; k--) {
        v = PICK(mix_names);
        letter_add_delegate(l, v, strlen(v));
    }
}

/* One batch of count replies of round `round` (texts 第N封答复，第R轮。, numbered
 * N from *next on), after the first round some of them changed (a reply again)
 * or deleted, committed. */
static void mix_round(struct db *db, int round, int count, int *next)
{
    struct diag d = DIAG_INIT;
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    for (int i = 0; i < count; i++) {
        long long n = db_count(db, "reply");
        if (round && n > 0 && rnd() % 6 == 0) {
            char sql[64];
            snprintf(sql, sizeof sql, "SELECT id FROM reply ORDER BY id LIMIT 1 OFFSET %lld",
                     (long long)(rnd() % (unsigned)n));
            CHECK_INT(db_delete_letter(db, db_value(db, sql), &d), 1);
            continue;
        }
        struct letter l;
        enum db_put_result res;
        char text[64], number[16];
        /* now and then a reply again, changed */
        int at = round && rnd() % 5 == 0 ? (int)(rnd() % (unsigned)*next) : (*next)++;
        snprintf(text, sizeof text, "第%d封答复，第%d轮。", at, round);
        snprintf(number, sizeof number, "%04d", at);
        mix_letter(&l, text, number);
        CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
        letter_release(&l);
    }
    CHECK_INT(db_commit(db, &d), 0);
    diag_release(&d);
}

/* A random mix of new, changed and deleted replies, in batches, some rolled
 * back: after each batch the counts are those of a grouping of every reply. */
static void random_mix(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "mix");
    struct diag d = DIAG_INIT;
    int texts = 0, news = 0, updates = 0, deletes = 0;
    for (int round = 0; round < 60; round++) {
        CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
        for (int op = 0; op < 12; op++) {
            /* Now and then a step of an import (compared and indexed, counted
             * at the commit): later changes of the round update or delete
             * replies indexed but not counted yet. */
            if (op % 4 == 3 && (round + op) % 3 != 0)
                CHECK_INT(db_index_pending(db, &d), 0);
            long long n = db_count(db, "reply");
            if (n > 0 && rnd() % 4 == 0) {
                char sql[64];
                snprintf(sql, sizeof sql, "SELECT id FROM reply ORDER BY id LIMIT 1 OFFSET %lld",
                         (long long)(rnd() % (unsigned)n));
                int r = db_delete_letter(db, db_value(db, sql), &d);
                CHECK_INT(r, 1);
                if (r < 0)
                    fprintf(stderr, "%s\n", diag_msg(&d));
                deletes++;
                continue;
            }
            struct letter l;
            enum db_put_result res;
            char text[32];
            snprintf(text, sizeof text, "第%d封答复。", texts++);
            mix_letter(&l, text, NULL);
            CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
            news += res == DB_PUT_NEW;
            updates += res == DB_PUT_UPDATED;
            letter_release(&l);
        }
        if (round % 7 == 3) {
            CHECK_INT(db_exec(db, "ROLLBACK", &d), 0);
        } else {
            CHECK_INT(db_commit(db, &d), 0);
        }
        CHECK_INT(db_count_matches(db), 1);
        /* The listings and statistics of random filters read from those counts
         * give what reading every reply gives. */
        for (int q = 0; q < 8; q++) {
            struct search_opts o;
            search_opts_init(&o);
            o.body = rnd() % 3 ? NULL : PICK(mix_bodies);
            o.kind = rnd() % 2 ? NULL : PICK(mix_kinds);
            o.category = rnd() % 3 ? NULL : PICK(mix_categories);
            o.year = rnd() % 2 ? 0 : 2022 + (int)(rnd() % 3);
            o.term = rnd() % 2 ? 0 : 13 + (int)(rnd() % 2);
            o.session = rnd() % 3 ? 0 : 1 + (int)(rnd() % 2);
            o.department = rnd() % 4 ? NULL : PICK(mix_depts);
            o.region = o.department || rnd() % 4 ? NULL : PICK(mix_regions);
            o.limit = rnd() % 2 ? -1 : 2;
            CHECK_INT(grouping_differs(db, &o, (enum search_group)(rnd() % (GROUP_REGION + 1)), 1),
                      0);
        }
    }
    /* Each kind of change happened, many times. */
    CHECK(news > 50);
    CHECK(updates > 50);
    CHECK(deletes > 50);
    CHECK_INT(db_check(db, &d), 0);
    temp_archive_end(path, db, NULL);
    diag_release(&d);
}

/* Several filters of few values of which one alone selects nearly the same
 * replies (建议: nearly all 人大's): the regions, departments and proposers
 * read as that filter's groups less those of the replies it alone selects
 * (a page whose newest dates those replies may hold read as before) are those
 * of the exhaustive way, at every limit and offset, on the connection that
 * writes and on one that reads, asked again (the groups taken away kept with
 * the connection) and after more replies (read again). */
static void few_filters_less(void)
{
    static const char *const depts[] = {"甲县水利局", "甲县教育局", "乙市交通局",
                                        "乙市林业局", "丙县卫生局", NULL};
    static const char *const regions[] = {"甲县", "乙市", "丙县", NULL};
    static const char *const names[] = {"单雄信", "秦叔宝", "程咬金", "罗成", "尉迟恭"};
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "less"), *rd = temp_reader(path);
    struct diag d = DIAG_INIT;
    /* First few replies (groups of equal counts), then many. */
    static const int sizes[] = {30, 400};
    for (int i = 0, round = 0; round < 2; round++) {
        int upto = sizes[round];
        CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
        for (; i < upto; i++) {
            struct letter l;
            enum db_put_result res;
            char text[32], number[16], date[16];
            snprintf(text, sizeof text, "第%d封答复。", i);
            snprintf(number, sizeof number, "%04d", i);
            /* dates seldom the same: a group's newest is one reply's */
            snprintf(date, sizeof date, "%d-%02d-%02d", 2022 + (int)(rnd() % 3),
                     1 + (int)(rnd() % 12), 1 + (int)(rnd() % 28));
            letter_init(&l);
            unsigned r = rnd() % 20;
            const char *body = r < 18 ? "人大" : "政协", *kind = r < 19 ? "建议" : "提案", *v;
            letter_set(&l.body, body, strlen(body));
            letter_set(&l.kind, kind, strlen(kind));
            letter_set(&l.category, rnd() % 4 ? "A" : "B", 1);
            if ((v = PICK(regions)))
                letter_set(&l.region, v, strlen(v));
            if ((v = PICK(depts)))
                letter_set(&l.department, v, strlen(v));
            if (rnd() % 8)
                letter_set(&l.date, date, strlen(date));
            letter_set(&l.number, number, strlen(number));
            letter_set(&l.text, text, strlen(text));
            l.term = 13 + (int)(rnd() % 2);
            l.session = 1 + (int)(rnd() % 2);
            for (unsigned k = rnd() % 3; k > 0; k--) {
                v = PICK(names);
                letter_add_delegate(&l, v, strlen(v));
            }
            CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
            letter_release(&l);
        }
        CHECK_INT(db_commit(db, &d), 0);
        static const long limits[] = {-1, 0, 1, 2, 3, 5};
        static const enum search_group groups[] = {GROUP_DELEGATE, GROUP_DEPARTMENT, GROUP_REGION};
        /* the second round first asks for the filters the first asked last */
        for (int ff = 0; ff < 5; ff++) {
            int f = round ? 4 - ff : ff;
            struct search_opts o;
            search_opts_init(&o);
            o.body = f == 4 ? "政协" : "人大";
            o.kind = "建议";
            o.term = f == 1 ? 13 : 0;
            o.category = f == 2 ? "A" : NULL;
            o.year = f == 3 ? 2023 : 0;
            for (size_t g = 0; g < sizeof groups / sizeof *groups; g++)
                for (size_t k = 0; k < sizeof limits / sizeof *limits; k++)
                    for (o.offset = 0; o.offset < 3; o.offset++) {
                        o.limit = limits[k];
                        CHECK_INT(grouping_differs(db, &o, groups[g], 1), 0);
                        CHECK_INT(grouping_differs(rd, &o, groups[g], 1), 0);
                    }
        }
    }
    temp_archive_end(path, db, rd);
    diag_release(&d);
}

/* The statistics of filters that differ from the exhaustive way's as a text
 * on stderr; 1 when they differ. */
static int stats_differ(struct db *db, const struct search_opts *filters)
{
    struct search_opts o = *filters;
    struct diag d = DIAG_INIT;
    cJSON *a = search_stats_json(db, &o, &d);
    o.exhaustive = 1;
    cJSON *b = search_stats_json(db, &o, &d);
    char *ta = a ? cJSON_PrintUnformatted(a) : NULL, *tb = b ? cJSON_PrintUnformatted(b) : NULL;
    int differ = !ta || !tb || strcmp(ta, tb);
    if (differ)
        fprintf(stderr, "statistics: kept\n%s\nexhaustive\n%s\n%s\n", ta ? ta : "(none)",
                tb ? tb : "(none)", diag_msg(&d) ? diag_msg(&d) : "");
    free(ta);
    free(tb);
    cJSON_Delete(a);
    cJSON_Delete(b);
    diag_release(&d);
    return differ;
}

/* Statistics, counts and groupings of random combinations of filters (of few
 * values, departments and regions named in part, pages of every size) on a
 * connection that reads, in transactions and outside them, asked again and
 * again as a server's workers ask them (what the connection keeps for the
 * last filters and for the archive's state answers then), while another
 * connection adds, changes and deletes replies: each is the exhaustive way's,
 * which reads every reply. */
static void kept_random_filters(void)
{
    /* names in part: several departments or regions, one, none */
    static const char *const dept_filters[] = {"湖南", "教育", "水利厅", "省林业局", "交通"};
    static const char *const region_filters[] = {"湖南", "县", "某县", "北京"};
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "kept"), *rd = temp_reader(path);
    struct diag d = DIAG_INIT;
    int next = 0;
    struct search_opts pool[12];
    for (int round = 0; round < 6; round++) {
        mix_round(db, round, round ? 60 : 240, &next);
        /* Filters that the queries below ask for again and again */
        for (size_t i = 0; i < sizeof pool / sizeof *pool; i++) {
            struct search_opts *o = &pool[i];
            search_opts_init(o);
            do {
                o->body = rnd() % 3 ? NULL : PICK(mix_bodies);
                o->kind = rnd() % 3 ? NULL : PICK(mix_kinds);
                o->category = rnd() % 4 ? NULL : PICK(mix_categories);
                o->year = rnd() % 3 ? 0 : 2021 + (int)(rnd() % 5);
                o->term = rnd() % 3 ? 0 : 12 + (int)(rnd() % 3);
                o->session = rnd() % 3 ? 0 : (int)(rnd() % 4);
                o->department = rnd() % 4 ? NULL : PICK(dept_filters);
                o->region = rnd() % 5 ? NULL : PICK(region_filters);
            } while (!o->body && !o->kind && !o->category && !o->year && !o->term && !o->session &&
                     !o->department && !o->region);
        }
        int in_read = round % 2 == 0;
        if (in_read)
            CHECK_INT(db_read_begin(rd, &d), 1);
        for (int q = 0; q < 120; q++) {
            struct search_opts o = pool[rnd() % (sizeof pool / sizeof *pool)];
            if (q % 4 == 0) {
                CHECK_INT(stats_differ(rd, &o), 0);
                continue;
            }
            static const long limits[] = {-1, 0, 1, 2, 3, 10};
            o.limit = limits[rnd() % (sizeof limits / sizeof *limits)];
            o.offset = rnd() % 3 ? 0 : (long)(rnd() % 3);
            CHECK_INT(grouping_differs(rd, &o, (enum search_group)(rnd() % (GROUP_REGION + 1)), 1),
                      0);
        }
        if (in_read)
            db_read_end(rd, 1);
    }
    temp_archive_end(path, db, rd);
    diag_release(&d);
}

/* The statistics and groupings of keywords, alone and with filters, on a
 * connection that reads, asked again (the replies they find are read once for
 * every field and their groups kept with the connection) and after another
 * connection added, changed and deleted replies (the filters asked last asked
 * first): each is the exhaustive way's, at pages of every size. */
static void query_groups(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "query"), *rd = temp_reader(path);
    struct diag d = DIAG_INIT;
    static const char *const queries[] = {"答复", "第1轮", "第2轮 答复"};
    int next = 0;
    for (int round = 0; round < 3; round++) {
        mix_round(db, round, 80, &next);
        for (int k = 0; k < 9; k++) {
            int at = round % 2 ? 8 - k : k;
            struct search_opts o;
            search_opts_init(&o);
            o.query = queries[at / 3];
            o.body = at % 3 == 1 ? "人大" : NULL;
            o.department = at % 3 == 2 ? "湖南" : NULL;
            for (int again = 0; again < 2; again++) {
                CHECK_INT(stats_differ(rd, &o), 0);
                for (int g = GROUP_DELEGATE; g <= GROUP_REGION; g++) {
                    o.limit = again ? 2 : -1;
                    o.offset = again;
                    CHECK_INT(grouping_differs(rd, &o, (enum search_group)g, 1), 0);
                }
                o.limit = -1;
                o.offset = 0;
                CHECK_INT(stats_differ(rd, &o), 0);
            }
        }
    }
    temp_archive_end(path, db, rd);
    diag_release(&d);
}

/* The statistics and groupings of keywords with random filters (of few values,
 * departments and regions named in part, dates), added up from the letters'
 * codes (schema 046) on a reading connection, are those of the exhaustive way,
 * which reads every hit's row, after each round of new, changed and deleted
 * replies; the codes answer them (search_code_groups), and dafu check finds
 * them as the replies are. */
static void coded_groups(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "coded"), *rd = temp_reader(path);
    struct diag d = DIAG_INIT;
    /* many hits of a chunk of 1,024 letters (read whole) and few (each alone);
     * terms of one indexed term each, all of them, some left out (their
     * doclists intersected) */
    static const char *const queries[] = {
        "答复",  "第1轮",     "第2轮 答复",       "第3轮",     "封答复 -第0轮",
        "第1封", "第7封答复", "第20封 OR 第33封", "答复 林业", "封 -林业 -水利"};
    static const char *const froms[] = {"2022-11-30", "2023-05-07", "2023-01-01"};
    int next = 0, answered = 0;
    for (int round = 0; round < 4; round++) {
        mix_round(db, round, 60, &next);
        CHECK_INT(db_count_matches(db), 1);
        for (int k = 0; k < 30; k++) {
            struct search_opts o;
            search_opts_init(&o);
            o.query = PICK(queries);
            o.body = rnd() % 3 ? NULL : PICK(mix_bodies);
            o.kind = rnd() % 3 ? NULL : PICK(mix_kinds);
            o.category = rnd() % 4 ? NULL : PICK(mix_categories);
            o.year = rnd() % 3 ? 0 : 2022 + (int)(rnd() % 3);
            o.term = rnd() % 4 ? 0 : 13 + (int)(rnd() % 2);
            o.session = rnd() % 4 ? 0 : 1 + (int)(rnd() % 2);
            o.department = rnd() % 4 ? NULL : PICK(mix_depts);
            o.region = rnd() % 4 ? NULL : PICK(mix_regions);
            o.from = rnd() % 5 ? NULL : PICK(froms);
            o.to = rnd() % 5 ? NULL : PICK(froms);
            CHECK_INT(stats_differ(rd, &o), 0);
            o.limit = rnd() % 2 ? -1 : 1 + (long)(rnd() % 3);
            o.offset = rnd() % 3 ? 0 : 1;
            CHECK_INT(grouping_differs(rd, &o, (enum search_group)(rnd() % (GROUP_REGION + 1)), 1),
                      0);
            /* the codes answer them */
            struct aggs got[GROUP_REGION + 1];
            struct aggs *into[GROUP_REGION + 1];
            memset(got, 0, sizeof got);
            for (int g = 0; g <= GROUP_REGION; g++)
                into[g] = &got[g];
            CHECK_INT(db_read_begin(rd, &d), 1);
            int r = search_code_groups(rd, &o, into, &d);
            db_read_end(rd, 1);
            CHECK_INT(r, 0);
            answered += r == 0;
            for (int g = 0; g <= GROUP_REGION; g++)
                aggs_release(&got[g]);
        }
    }
    CHECK_INT(answered, 120);
    /* a date as given by a record (dafu export's round trip takes it as it is):
     * a day past 31 is no date the record holds (2023-01-45 read as 2023-02-13,
     * which --from 2023-02-01 found and the rows did not) */
    CHECK_INT(code_date("2023-01-31"), 2023 * 512 + 32 + 31);
    CHECK_INT(code_date("2023-01-45"), -1);
    CHECK_INT(code_date("2023-15-31"), 2023 * 512 + 15 * 32 + 31);
    CHECK_INT(db_check(db, &d), 0);
    temp_archive_end(path, db, rd);
    diag_release(&d);
}

/* The ids of term t (n bytes) as FTS5 gives them for a MATCH of the term alone
 * (a pair read from its own doclist, FTS_TOK_PAIRS) and as doclist.h reads
 * them: do they differ? 1 yes (printed), 0 no; *answered counts the reader's
 * answers (1 when it said FTS5 must be asked). */
static int term_ids_differ(struct db *db, const char *t, int *answered)
{
    struct diag d = DIAG_INIT;
    char match[64];
    snprintf(match, sizeof match, "\"%c%s\"", FTS_TOK_PAIRS, t);
    sqlite3_stmt *st = NULL;
    CHECK_INT(sqlite3_prepare_v2(db_sqlite(db),
                                 "SELECT rowid FROM reply_fts WHERE reply_fts MATCH ?1", -1, &st,
                                 NULL),
              SQLITE_OK);
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    long long *ids = NULL;
    size_t n = 0, cap = 0;
    int r = doclist_term_ids(db, t, strlen(t), &ids, &n, &cap, &d);
    CHECK(r == 0 || r == 1);
    *answered += r == 0;
    size_t i = 0;
    int differ = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        if (!r && (i >= n || ids[i] != id))
            differ = 1;
        i++;
    }
    if (!r && i != n)
        differ = 1;
    if (differ)
        fprintf(stderr, "term %s: FTS5 %zu ids, the doclist %zu\n", t, i, n);
    sqlite3_finalize(st);
    free(ids);
    diag_release(&d);
    return differ;
}

/* The ids of a term read from FTS5's records (doclist.h) are those a MATCH of
 * the term gives, for every character and pair of a small alphabet and some
 * words and terms no letter has, on an index of 64-byte pages (doclists and
 * position lists over several pages), after rounds of new, changed and
 * deleted letters committed one segment each, with merges under way and after
 * an optimize, from the writing connection and another; inside a transaction
 * that has written the reader leaves the term to FTS5. */
#define LONG_WORD "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefgh"
static void doclist_terms(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "doclist"), *rd = NULL;
    struct diag d = DIAG_INIT;
    CHECK_INT(db_exec(db,
                      "INSERT INTO reply_fts(reply_fts, rank) VALUES ('pgsz', 64);"
                      "INSERT INTO reply_fts(reply_fts, rank) VALUES ('automerge', 0);",
                      &d),
              0);
    rd = temp_reader(path);
    static const char *const han[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛"};
    /* a word of 60 letters: a term that fills a page, its first rowid on the next */
    static const char *const words[] = {"abc", "x1", "2024", "zz", LONG_WORD};
    const size_t nhan = sizeof han / sizeof *han;
    int answered = 0, asked = 0, next = 0;
    char text[4096], number[16];
    for (int round = 0; round < 8; round++) {
        CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
        for (int i = 0; i < 40; i++) {
            long long n = db_count(db, "reply");
            if (round && n > 0 && rnd() % 7 == 0) {
                char sql[80];
                snprintf(sql, sizeof sql, "SELECT id FROM reply ORDER BY id LIMIT 1 OFFSET %lld",
                         (long long)(rnd() % (unsigned)n));
                CHECK_INT(db_delete_letter(db, db_value(db, sql), &d), 1);
                continue;
            }
            /* a letter again (changed), or a new one; now and then a long one */
            int at = round && rnd() % 4 == 0 ? (int)(rnd() % (unsigned)next) : next++;
            size_t len = 0, want = rnd() % 9 == 0 ? 1200 : 4 + rnd() % 60;
            while (len + 8 < want) {
                unsigned k = rnd() % 16;
                const char *piece = k < 12    ? han[rnd() % (k < 6 ? 3 : nhan)]
                                    : k < 14  ? words[rnd() % (sizeof words / sizeof *words)]
                                    : k == 14 ? "，"
                                              : " ";
                size_t m = strlen(piece);
                if (k >= 12 && k < 14)
                    text[len++] = ' ';
                memcpy(text + len, piece, m);
                len += m;
            }
            text[len] = 0;
            snprintf(number, sizeof number, "%04d", at);
            struct letter l;
            enum db_put_result res;
            make(&l, number, rnd() % 2 ? "甲乙局" : "丙丁厅", text);
            CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
            letter_release(&l);
        }
        /* inside the transaction that wrote: FTS5's */
        {
            long long *ids = NULL;
            size_t n = 0, cap = 0;
            CHECK_INT(doclist_term_ids(db, "甲", strlen("甲"), &ids, &n, &cap, &d), 1);
            free(ids);
        }
        CHECK_INT(db_commit(db, &d), 0);
        if (round == 3 || round == 5)
            CHECK_INT(
                db_exec(db, "INSERT INTO reply_fts(reply_fts, rank) VALUES ('merge', -3)", &d), 0);
        if (round == 6)
            CHECK_INT(db_exec(db, "INSERT INTO reply_fts(reply_fts) VALUES ('optimize')", &d), 0);
        struct db *on[2] = {db, rd};
        for (int c = 0; c < 2; c++) {
            char t[32];
            for (size_t i = 0; i < nhan; i++) {
                CHECK_INT(term_ids_differ(on[c], han[i], &answered), 0);
                asked++;
                for (size_t j = 0; j < nhan; j++) {
                    snprintf(t, sizeof t, "%s%s", han[i], han[j]);
                    CHECK_INT(term_ids_differ(on[c], t, &answered), 0);
                    asked++;
                }
            }
            static const char *const more[] = {"abc", "x1",   "2024", "zz",   LONG_WORD,
                                               "局",  "厅",   "单",   "单雄", "雄信",
                                               "壬",  "甲壬", "a",    "abd",  "zzz"};
            for (size_t i = 0; i < sizeof more / sizeof *more; i++) {
                CHECK_INT(term_ids_differ(on[c], more[i], &answered), 0);
                asked++;
            }
        }
    }
    CHECK_INT(answered, asked);
    CHECK(db_value(db, "SELECT count(*) FROM reply_fts_data WHERE id > 10") > 100);
    temp_archive_end(path, db, rd);
    diag_release(&d);
}

/* The groupings of a department's combinations asked for one after another,
 * as the statistics ask for them (the connection keeps the groups of its last
 * filters, added up at once, and the proposers of their replies, while the
 * archive is as it was), are those of the exhaustive way, also after another
 * connection wrote to the archive. */
static void facet_memo(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "memo"), *rd = NULL;
    struct diag d = DIAG_INIT;
    add_departments(db, 1, 60);
    rd = temp_reader(path);
    struct search_opts o;
    search_opts_init(&o);
    o.department = "某县";
    for (int round = 0; round < 3; round++) {
        for (int g = GROUP_DELEGATE; g <= GROUP_REGION; g++) {
            o.limit = g % 2 ? 2 : -1;
            CHECK_INT(grouping_differs(rd, &o, (enum search_group)g, 1), 0);
        }
        /* The department grouping again, from what the others added up. */
        o.limit = -1;
        CHECK_INT(search_group(rd, &o, GROUP_DEPARTMENT, NULL, NULL, &d), 60 + 10 * round);
        add_departments(db, 100 + 10 * round, 10);
    }
    CHECK_INT(search_group(rd, &o, GROUP_DEPARTMENT, NULL, NULL, &d), 90);
    temp_archive_end(path, db, rd);
    diag_release(&d);
}

/* Adds a reply of region `region` (and a department of the same name) numbered n. */
static void add_region(struct db *db, int n, const char *region)
{
    struct diag d = DIAG_INIT;
    struct letter l;
    enum db_put_result res;
    char number[16], text[64];
    snprintf(number, sizeof number, "%04d", n);
    snprintf(text, sizeof text, "第%d号区域建议的答复。", n);
    make(&l, number, region, text);
    letter_set(&l.region, region, strlen(region));
    letter_set(&l.date, "2024-01-02", 10);
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    CHECK_INT(res, DB_PUT_NEW);
    CHECK_INT(db_commit(db, &d), 0);
    letter_release(&l);
    diag_release(&d);
}

/* The progress ticks of the count of o's replies, which must be `want`. */
static long long count_ticks(struct db *db, struct search_opts *o, long long want)
{
    long long ticks = 0;
    db_progress(db, 1, tick, &ticks);
    CHECK_INT(hits(db, o), want);
    db_progress(db, 0, NULL, NULL);
    return ticks;
}

/* In a transaction that only reads (db_read_begin), the departments or regions
 * a filter's name matches are matched once and kept with the connection for
 * that state of the archive: the second count of the same name reads less, and
 * the counts and groupings are those of the exhaustive way. A name another
 * connection added is matched from the next transaction on. A count outside
 * the caller's transaction reads in one of its own (search_count), so what it
 * matched serves the next count while the archive is as it was. */
static void name_memo(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "names"), *rd = NULL;
    struct diag d = DIAG_INIT;
    add_departments(db, 1, 60);
    add_region(db, 200, "河北省");
    rd = temp_reader(path);
    struct search_opts dep, reg;
    search_opts_init(&dep);
    search_opts_init(&reg);
    dep.department = "某县";
    reg.region = "河北";
    for (int round = 0; round < 3; round++) {
        CHECK_INT(db_read_begin(rd, &d), 1);
        CHECK_INT(db_read_begin(rd, &d), 0); /* one is under way */
        CHECK(db_read_snapshot(rd) != 0);
        long long first = count_ticks(rd, &dep, 60 + 10 * round);
        CHECK(count_ticks(rd, &dep, 60 + 10 * round) < first);
        first = count_ticks(rd, &reg, 1 + round);
        CHECK(count_ticks(rd, &reg, 1 + round) < first);
        for (int g = GROUP_DELEGATE; g <= GROUP_REGION; g++) {
            CHECK_INT(grouping_differs(rd, &dep, (enum search_group)g, 1), 0);
            CHECK_INT(grouping_differs(rd, &reg, (enum search_group)g, 1), 0);
        }
        db_read_end(rd, 1);
        CHECK_INT(db_read_snapshot(rd), 0);
        add_departments(db, 100 + 10 * round, 10);
        add_region(db, 300 + round, round ? "河北雄安新区" : "河北省保定市");
    }
    /* Outside the caller's transaction, each count is one of its own: the
     * names matched are kept for the state of the archive, other filters
     * between. */
    long long first = count_ticks(rd, &reg, 4);
    count_ticks(rd, &dep, 90);
    CHECK(count_ticks(rd, &reg, 4) < first);
    temp_archive_end(path, db, rd);
    diag_release(&d);
}

static int add_names(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    (void)snippet;
    (void)rank;
    struct buf *b = ctx;
    buf_printf(b, "%lld:", l->id);
    for (size_t i = 0; i < l->n_delegates; i++)
        buf_printf(b, "%s%s", i ? "," : "", l->delegates[i]);
    return buf_adds(b, " ");
}

/* The ticks of the page o gives in one read transaction of db; its rows' ids
 * and proposers in names. */
static long long names_ticks(struct db *db, struct search_opts *o, struct buf *names)
{
    struct diag d = DIAG_INIT;
    long long ticks = 0;
    buf_clear(names);
    CHECK_INT(db_read_begin(db, &d), 1);
    db_progress(db, 1, tick, &ticks);
    CHECK(search_run(db, o, add_names, names, &d) >= 0);
    db_progress(db, 0, NULL, NULL);
    db_read_end(db, 1);
    diag_release(&d);
    return ticks;
}

/* Stores (number, 某县水利局) with text and the proposers names[0..n) in their
 * order, committed; checks it is stored as want. */
static void put_named(struct db *db, const char *number, const char *text, const char **names,
                      int n, enum db_put_result want)
{
    struct diag d = DIAG_INIT;
    struct letter l;
    enum db_put_result res;
    make_unnamed(&l, number, "某县水利局", text);
    for (int i = 0; i < n; i++)
        letter_add_delegate(&l, names[i], strlen(names[i]));
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    CHECK_INT(res, want);
    letter_release(&l);
    diag_release(&d);
}

/* A page whose replies name no proposer is kept too: the memo then holds no
 * name at all (its names' buffer empty, count 0 for each reply), and the page
 * read again gives the same rows with fewer steps, as does a reply read again
 * by itself (db_get_letter) in the same read transaction. */
static void proposers_none(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "none"), *rd = NULL;
    struct diag d = DIAG_INIT;
    put_named(db, "0001", "水库除险加固。", NULL, 0, DB_PUT_NEW);
    put_named(db, "0002", "水库加固。", NULL, 0, DB_PUT_NEW);
    rd = temp_reader(path);
    struct search_opts o;
    search_opts_init(&o);
    o.query = "水库";
    o.limit = 20;
    struct buf a = BUF_INIT, b = BUF_INIT;
    long long first = names_ticks(rd, &o, &a);
    CHECK(names_ticks(rd, &o, &b) < first);
    CHECK_STR(b.data, a.data);
    CHECK(strstr(a.data, "1: ") != NULL && strstr(a.data, "2: ") != NULL);
    CHECK_INT(db_read_begin(rd, &d), 1);
    for (int i = 0; i < 3; i++) {
        struct letter l;
        letter_init(&l);
        CHECK_INT(db_get_letter(rd, 1, &l, &d), 1);
        CHECK_INT(l.n_delegates, 0);
        letter_release(&l);
    }
    db_read_end(rd, 1);
    buf_release(&a);
    buf_release(&b);
    temp_archive_end(path, db, rd);
    diag_release(&d);
}

/* The proposers of a page's letters, read in a transaction that only reads,
 * are kept with the connection for that state of the archive: the page read
 * again reads no proposer (fewer steps) and gives the same names in their
 * order, and a change committed by another connection, or by this one, is
 * read from the next transaction on. */
static void proposers_memo(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "proposers"), *rd = NULL;
    struct diag d = DIAG_INIT;
    const char *two[] = {"王五", "赵六"}, *three[] = {"钱七", "王五", "孙八"}, *one[] = {"李四"};
    put_named(db, "0001", "水库除险加固。", two, 2, DB_PUT_NEW);
    put_named(db, "0002", "水库除险加固工程。", three, 3, DB_PUT_NEW);
    put_named(db, "0003", "水库。", NULL, 0, DB_PUT_NEW);
    rd = temp_reader(path);
    struct search_opts o;
    search_opts_init(&o);
    o.query = "水库";
    o.limit = 20;
    struct buf a = BUF_INIT, b = BUF_INIT;
    const char *want[] = {"1:王五,赵六 ", "2:钱七,王五,孙八 ", "3: "};
    for (int round = 0; round < 2; round++) {
        struct db *r = round ? db : rd;
        long long first = names_ticks(r, &o, &a);
        CHECK(names_ticks(r, &o, &b) < first);
        CHECK_STR(b.data, a.data);
        for (int i = 0; i < 3; i++)
            CHECK(strstr(a.data, want[i]) != NULL);
        /* Another order and another name for reply 2; reply 1 none. */
        put_named(db, "0002", round ? "水库除险加固工程二。" : "水库除险加固工程一。", one, 1,
                  DB_PUT_UPDATED);
        put_named(db, "0001", round ? "水库除险加固二。" : "水库除险加固一。", NULL, 0,
                  DB_PUT_UPDATED);
        names_ticks(r, &o, &b);
        CHECK(strstr(b.data, "2:李四 ") != NULL);
        CHECK(strstr(b.data, "1: ") != NULL);
        CHECK(strstr(b.data, "3: ") != NULL);
        put_named(db, "0001", round ? "水库除险加固四。" : "水库除险加固三。", two, 2,
                  DB_PUT_UPDATED);
        put_named(db, "0002", round ? "水库除险加固工程四。" : "水库除险加固工程三。", three, 3,
                  DB_PUT_UPDATED);
    }
    buf_release(&a);
    buf_release(&b);
    temp_archive_end(path, db, rd);
    diag_release(&d);
}

static int add_id(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    (void)snippet;
    (void)rank;
    return buf_printf(ctx, "%lld ", l->id);
}

/* The progress ticks of the page of `limit` replies o selects without keywords;
 * in ids, their ids in the order given. */
static long long page_ticks(struct db *db, struct search_opts *o, long limit, struct buf *ids)
{
    struct diag d = DIAG_INIT;
    o->limit = limit;
    long long ticks = 0;
    buf_clear(ids);
    db_progress(db, 1, tick, &ticks);
    CHECK(search_run(db, o, add_id, ids, &d) >= 0);
    db_progress(db, 0, NULL, NULL);
    diag_release(&d);
    return ticks;
}

/* A page of replies without keywords, newest first, is read from the index on
 * the date backwards: the order of the dates, NULL dates last, the newest id
 * first among equal dates (as an ORDER BY date IS NULL, date DESC, id DESC of
 * every reply gives), and a first page that reads as much at 240 replies as at
 * 60. Filters of few values whose combinations count no reply read none. */
static void newest_first(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "newest");
    struct diag d = DIAG_INIT;
    struct buf ids = BUF_INIT, want = BUF_INIT;
    long long ticks[2] = {0, 0};
    for (int round = 0; round < 2; round++) {
        add_departments(db, 1 + 120 * round, round ? 180 : 60);
        /* undated replies, and replies of one date */
        CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
        for (int i = 0; i < 4; i++) {
            struct letter l;
            enum db_put_result res;
            char number[16];
            snprintf(number, sizeof number, "%04d", 900 + 10 * round + i);
            make(&l, number, "某县无日期局", number);
            if (i % 2)
                letter_set(&l.date, "2023-06-06", 10);
            CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
            letter_release(&l);
        }
        CHECK_INT(db_commit(db, &d), 0);
        sqlite3_stmt *st = NULL;
        CHECK_INT(sqlite3_prepare_v2(db_sqlite(db),
                                     "SELECT id FROM reply ORDER BY date IS NULL, date DESC, "
                                     "id DESC",
                                     -1, &st, NULL),
                  SQLITE_OK);
        buf_clear(&want);
        while (sqlite3_step(st) == SQLITE_ROW)
            buf_printf(&want, "%lld ", (long long)sqlite3_column_int64(st, 0));
        sqlite3_finalize(st);
        struct search_opts o;
        search_opts_init(&o);
        o.all_copies = 1;
        page_ticks(db, &o, -1, &ids);
        CHECK_STR(ids.data, want.data);
        o.sort = SORT_DATE;
        page_ticks(db, &o, -1, &ids);
        CHECK_STR(ids.data, want.data);
        ticks[round] = page_ticks(db, &o, 2, &ids);
        CHECK(!strncmp(ids.data, want.data, ids.len));
        /* no reply of the 99th term: none read */
        search_opts_init(&o);
        o.all_copies = 1;
        o.term = 99;
        CHECK(page_ticks(db, &o, 20, &ids) < 64);
        CHECK_INT((long long)ids.len, 0);
        o.term = 14;
        page_ticks(db, &o, -1, &ids);
        CHECK_STR(ids.data, want.data); /* make() gives them all term 14 */
    }
    CHECK(ticks[1] < 2 * ticks[0]);
    buf_release(&ids);
    buf_release(&want);
    temp_archive_end(path, db, NULL);
    diag_release(&d);
}

/* The listings of a department or a region read facet_count's combinations
 * from its index on department_key or on region alone (schemas 022, 059): the
 * index holds every column they filter by, group by and add up. */
static void facet_covering(struct db *db)
{
    static const char *const cols =
        "body, kind, category, term, session, date, region, department, department_key, n";
    static const char *const by[] = {"department_key", "region"};
    for (int i = 0; i < 2; i++) {
        char sql[512], want[64];
        snprintf(sql, sizeof sql, "EXPLAIN QUERY PLAN SELECT %s FROM facet_count WHERE %s = 1",
                 cols, by[i]);
        snprintf(want, sizeof want, "COVERING INDEX facet_count_%s", by[i]);
        sqlite3_stmt *st = NULL;
        CHECK_INT(sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL), SQLITE_OK);
        int found = 0;
        while (sqlite3_step(st) == SQLITE_ROW)
            found |= strstr((const char *)sqlite3_column_text(st, 3), want) != NULL;
        sqlite3_finalize(st);
        CHECK(found);
    }
}

/* A counted reply that held its department's newest date is given an older one
 * while a newer reply of that department waits to be counted (stored in the
 * same batch), and that one goes before the commit: the department's newest
 * date is that of its counted replies, not of the one that went. */
static void newest_of_counted(void)
{
    static const char dept[] = "湖南省农业农村厅";
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "newest");
    struct diag d = DIAG_INIT;
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    put_dated(db, "0601", dept, "高标准农田。", "2023-01-05", DB_PUT_NEW);
    long long rice = put_dated(db, "0602", dept, "稻谷收购。", "2023-04-09", DB_PUT_NEW);
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    long long machine = put_dated(db, "0603", dept, "农机补贴。", "2024-08-01", DB_PUT_NEW);
    CHECK_INT(put_dated(db, "0602", dept, "稻谷收购，改过。", "2022-04-09", DB_PUT_UPDATED), rice);
    CHECK_INT(db_delete_letter(db, machine, &d), 1);
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(db_count_matches(db), 1);
    CHECK_INT(db_value(db, "SELECT latest = '2023-01-05' FROM " COUNT_ROWS " "
                           "WHERE dim = 'department' AND key = '湖南省农业农村厅'"),
              1);
    temp_archive_end(path, db, NULL);
    diag_release(&d);
}

/* A step of an import (db_index_pending) indexes the letters stored since the
 * last one and leaves them uncounted: the counts the listings read take a
 * commit's replies once, at db_commit, with the page cache cut to 4 MB while
 * they are added up (the sorters of the grouped upserts keep as much in memory
 * as the cache may hold) and given back after. */
static void count_at_commit(void)
{
    static const char dept[] = "湖南省交通运输厅";
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "commit");
    struct diag d = DIAG_INIT;
    add_departments(db, 1, 5);
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    long long road = put_dated(db, "0701", dept, "农村公路养护。", NULL, DB_PUT_NEW);
    put_dated(db, "0702", dept, "渡口改桥。", NULL, DB_PUT_NEW);
    CHECK_INT(db_index_pending(db, &d), 0);
    CHECK_INT(db_count(db, "reply_unindexed"), 0);
    CHECK_INT(db_count(db, "reply_uncounted"), 2);
    CHECK_INT(db_value(db, "SELECT n FROM " COUNT_ROWS " WHERE dim = 'total'"), 5);
    CHECK_INT(db_value(db, "SELECT count(*) FROM " COUNT_ROWS " WHERE dim = 'department' "
                           "AND key = '湖南省交通运输厅'"),
              0);
    struct search_opts o;
    search_opts_init(&o);
    o.query = "渡口";
    CHECK_INT(hits(db, &o), 1); /* indexed */
    /* the next step: one of the first step's letters changed, a counted one deleted */
    CHECK_INT(put_dated(db, "0701", dept, "农村公路养护工程。", "2024-06-01", DB_PUT_UPDATED),
              road);
    CHECK_INT(db_delete_letter(db, 1, &d), 1);
    put_dated(db, "0703", "湖南省水利厅", "山洪沟治理。", NULL, DB_PUT_NEW);
    CHECK_INT(db_index_pending(db, &d), 0);
    CHECK_INT(db_count(db, "reply_uncounted"), 3);
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(db_count(db, "reply_uncounted"), 0);
    CHECK_INT(db_count_matches(db), 1);
    CHECK_INT(db_value(db, "SELECT n FROM " COUNT_ROWS " WHERE dim = 'total'"), 7);
    CHECK_INT(db_value(db, "SELECT n FROM " COUNT_ROWS " WHERE dim = 'department' "
                           "AND key = '湖南省交通运输厅'"),
              2);
    CHECK_INT(db_value(db, "SELECT latest = '2024-06-01' FROM " COUNT_ROWS " "
                           "WHERE dim = 'department' AND key = '湖南省交通运输厅'"),
              1);
    CHECK_INT(db_value(db, "PRAGMA cache_size"), -DB_WRITER_CACHE_KB);
    temp_archive_end(path, db, NULL);
    diag_release(&d);
}

/* A writer's page cache holds at most DB_WRITER_CACHE_KB, however much it
 * writes: the largest part of an import's memory. Here twice that is written in
 * one transaction, and the bytes SQLite counts in the cache stay within the
 * limit (and fill it, so that the bound is reached). */
static void writer_cache(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "cache");
    struct diag d = DIAG_INIT;
    CHECK_INT(db_value(db, "PRAGMA cache_size"), -DB_WRITER_CACHE_KB);
    char sql[256];
    snprintf(sql, sizeof sql,
             "CREATE TABLE scratch(b BLOB); BEGIN; "
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d) "
             "INSERT INTO scratch SELECT zeroblob(8000) FROM n; COMMIT;",
             2 * DB_WRITER_CACHE_KB / 8);
    CHECK_INT(db_exec(db, sql, &d), 0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM scratch"), 2 * DB_WRITER_CACHE_KB / 8);
    int used = 0, hi = 0;
    CHECK_INT(sqlite3_db_status(db_sqlite(db), SQLITE_DBSTATUS_CACHE_USED, &used, &hi, 0),
              SQLITE_OK);
    /* (with each page's header and SQLite's record of it: some 3 % more) */
    CHECK(used <= DB_WRITER_CACHE_KB * 1024 / 20 * 21);
    CHECK(used >= DB_WRITER_CACHE_KB * 1024 / 10 * 9);
    temp_archive_end(path, db, NULL);
    diag_release(&d);
}

/* Savepoints rolled back with their statement journals in memory, in the
 * temporary file past STMT_VFS_BYTES, and in memory again after it (stmt_vfs):
 * 400 rows of 8 KB changed whole journal some 3.3 MB, 20 of them 170 KB. */
static int same_as_kept(struct db *db)
{
    return (int)db_value(db, "SELECT count(*) FROM t JOIN t0 USING (k) WHERE t.v = t0.v");
}

static void statement_journals(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "journals");
    struct diag d = DIAG_INIT;
    CHECK(400LL * 8200 > STMT_VFS_BYTES);
    CHECK_INT(db_exec(db,
                      "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB); BEGIN; "
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                      "400) INSERT INTO t SELECT i, randomblob(8000) FROM n; "
                      "CREATE TABLE t0 AS SELECT * FROM t; COMMIT;",
                      &d),
              0);
    CHECK_INT(same_as_kept(db), 400);
    const char *const changes[] = {
        "UPDATE t SET v = randomblob(8000)",             /* past the memory: a file */
        "UPDATE t SET v = zeroblob(8000) WHERE k <= 20", /* in memory again */
        "UPDATE t SET v = randomblob(8000) WHERE k % 2", /* the file again */
        "DELETE FROM t WHERE k > 390",                   /* in memory */
    };
    CHECK_INT(db_exec(db, "BEGIN", &d), 0);
    for (int i = 0; i < 4; i++) {
        CHECK_INT(db_exec(db, "SAVEPOINT s", &d), 0);
        CHECK_INT(db_exec(db, changes[i], &d), 0);
        CHECK(same_as_kept(db) < 400);
        CHECK_INT(db_exec(db, "ROLLBACK TO s; RELEASE s", &d), 0);
        CHECK_INT(same_as_kept(db), 400);
        /* A change kept: a savepoint released, the journal written again from
         * its start by the next. */
        CHECK_INT(db_exec(db, "SAVEPOINT s; UPDATE t0 SET v = v WHERE k = 1; RELEASE s", &d), 0);
    }
    CHECK_INT(db_exec(db, "COMMIT", &d), 0);
    CHECK_INT(same_as_kept(db), 400);
    temp_archive_end(path, db, NULL);
    diag_release(&d);
}

/* Statement journals not kept past memory (stmt_vfs_unkept, the counts'
 * upserts at a commit): a statement that succeeds keeps its changes; one that
 * fails with its journal in memory is undone alone, the transaction going on;
 * one that fails past STMT_VFS_BYTES rolls back the whole transaction, a change
 * made before it included; a journal an outer savepoint started is kept whole
 * (its savepoint rolled back after a statement of 3.3 MB). */
static void unkept_journals(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "unkept");
    struct diag d = DIAG_INIT;
    CHECK_INT(db_exec(db,
                      "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB); BEGIN; "
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                      "400) INSERT INTO t SELECT i, randomblob(8000) FROM n; "
                      "CREATE TABLE t0 AS SELECT * FROM t; COMMIT;",
                      &d),
              0);
    static const char restore[] = "UPDATE t SET v = (SELECT v FROM t0 WHERE t0.k = t.k)";
    /* succeeds */
    CHECK_INT(db_exec(db, "BEGIN", &d), 0);
    stmt_vfs_unkept(1);
    CHECK_INT(db_exec(db, "UPDATE t SET v = zeroblob(8000)", &d), 0);
    stmt_vfs_unkept(0);
    CHECK_INT(db_exec(db, "COMMIT", &d), 0);
    CHECK_INT(same_as_kept(db), 0);
    CHECK_INT(db_exec(db, restore, &d), 0);
    CHECK_INT(same_as_kept(db), 400);
    /* fails: in memory, then past it */
    CHECK_INT(db_exec(db, "BEGIN; UPDATE t SET v = zeroblob(8000) WHERE k = 400", &d), 0);
    stmt_vfs_unkept(1);
    CHECK_INT(db_exec(db, "UPDATE t SET k = k + 1 WHERE k >= 398", NULL), -1);
    CHECK_INT(sqlite3_get_autocommit(db_sqlite(db)), 0);
    CHECK_INT(same_as_kept(db), 399);
    CHECK_INT(db_exec(db,
                      "UPDATE t SET v = randomblob(8000), k = CASE k WHEN 390 THEN 1 ELSE k END",
                      NULL),
              -1);
    stmt_vfs_unkept(0);
    CHECK_INT(sqlite3_get_autocommit(db_sqlite(db)), 1);
    CHECK_INT(same_as_kept(db), 400);
    /* an outer savepoint's journal */
    CHECK_INT(db_exec(db, "BEGIN; SAVEPOINT s; UPDATE t SET v = zeroblob(8000) WHERE k <= 10", &d),
              0);
    stmt_vfs_unkept(1);
    CHECK_INT(db_exec(db, "UPDATE t SET v = randomblob(8000)", &d), 0);
    stmt_vfs_unkept(0);
    CHECK_INT(same_as_kept(db), 0);
    CHECK_INT(db_exec(db, "ROLLBACK TO s; RELEASE s; COMMIT", &d), 0);
    CHECK_INT(same_as_kept(db), 400);
    temp_archive_end(path, db, NULL);
    diag_release(&d);
}

static int keep_evidence(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    (void)snippet;
    (void)rank;
    struct buf *b = ctx;
    buf_adds(b, l->evidence ? l->evidence : "(none)");
    return 0;
}

/* A letter's evidence is stored packed (base/pack.h) and read back as it was
 * written; a row whose evidence is TEXT (an older dafu's, another tool's) is read
 * as it is, and a BLOB that is not a packed text is an error naming the archive
 * and the reply. */
static void packed_evidence(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "ev");
    struct diag d = DIAG_INIT;
    struct buf ev = BUF_INIT;
    /* As the parser writes it: one header line for seven fields. */
    static const char *const fields[] = {"body",    "level", "region", "term",
                                         "session", "kind",  "number"};
    buf_addch(&ev, '{');
    for (int i = 0; i < 7; i++)
        buf_printf(&ev,
                   "\"%s\":{\"from\":\"header\",\"line\":\"某某县财政局关于某某县第十五届人民代表大"
                   "会第三次会议第233号建议的\\\"答复\\\"\"},",
                   fields[i]);
    buf_adds(&ev, "\"department\":{\"from\":\"signature\",\"line\":\"某某县财政局\"}}");
    struct letter l, back;
    enum db_put_result res;
    make(&l, "0001", "某县财政局", "第一封信。\n某某县财政局");
    letter_set(&l.evidence, ev.data, ev.len);
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    long long id = l.id;
    letter_release(&l);
    make(&l, "0002", "某县财政局", "第二封信。");
    letter_set(&l.evidence, "{}", 2);
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    long long small = l.id;
    letter_release(&l);
    make(&l, "0003", "某县财政局", "第三封信。");
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    long long none = l.id;
    letter_release(&l);
    CHECK_INT(db_value(db, "SELECT count(*) FROM reply WHERE typeof(evidence) = 'blob'"), 2);
    CHECK(db_value(db, "SELECT max(length(evidence)) FROM reply") < (long long)ev.len / 5);
    letter_init(&back);
    CHECK_INT(db_get_letter(db, id, &back, &d), 1);
    CHECK_STR(back.evidence, ev.data);
    letter_release(&back);
    CHECK_INT(db_get_letter(db, small, &back, &d), 1);
    CHECK_STR(back.evidence, "{}");
    letter_release(&back);
    CHECK_INT(db_get_letter(db, none, &back, &d), 1);
    CHECK(back.evidence == NULL);
    letter_release(&back);
    /* A search reads it, unless its output does not show it. */
    struct search_opts o;
    search_opts_init(&o);
    o.number = "0001";
    struct buf got = BUF_INIT;
    CHECK_INT(search_run(db, &o, keep_evidence, &got, &d), 1);
    CHECK_STR(got.data, ev.data);
    buf_clear(&got);
    o.no_evidence = 1;
    CHECK_INT(search_run(db, &o, keep_evidence, &got, &d), 1);
    CHECK_STR(got.data, "(none)");
    buf_release(&got);
    /* As an older dafu stored it. */
    char sql[200];
    snprintf(sql, sizeof sql, "UPDATE reply SET evidence = '{\"a\":1}' WHERE id = %lld", small);
    CHECK_INT(db_exec(db, sql, &d), 0);
    CHECK_INT(db_get_letter(db, small, &back, &d), 1);
    CHECK_STR(back.evidence, "{\"a\":1}");
    letter_release(&back);
    /* Not a packed evidence: another format, an operation cut short, a reference
     * past what it unpacked, a field or place it does not know, an escape of a
     * byte that needs none, a reference past the letter's text then a field it
     * does not know. */
    snprintf(sql, sizeof sql,
             "CREATE TEMP TABLE kept AS SELECT evidence e FROM reply WHERE id = %lld", id);
    CHECK_INT(db_exec(db, sql, &d), 0);
    static const char *const bad[] = {"x'00'",
                                      "x''",
                                      "CAST(x'05' || substr(e, 2) AS BLOB)",
                                      "CAST(e || x'0101' AS BLOB)",
                                      "CAST(e || x'0180' AS BLOB)",
                                      "CAST(e || x'01ff0f01' AS BLOB)",
                                      "CAST(x'0141010102' AS BLOB)",
                                      "CAST(e || x'02' AS BLOB)",
                                      "CAST(e || x'020e00' AS BLOB)",
                                      "CAST(e || x'02000a' AS BLOB)",
                                      "CAST(e || x'0341' AS BLOB)",
                                      "CAST(e || x'04ff0f01' || x'020e00' AS BLOB)"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        snprintf(sql, sizeof sql,
                 "UPDATE reply SET evidence = (SELECT %s FROM kept) WHERE id = %lld", bad[i], id);
        CHECK_INT(db_exec(db, sql, &d), 0);
        diag_clear(&d);
        CHECK_INT(db_value(db, "SELECT count(*) FROM reply WHERE typeof(evidence) = 'blob'"), 1);
        CHECK_INT(db_get_letter(db, id, &back, &d), -1);
        CHECK(strstr(diag_msg(&d), "is not a packed text") != NULL);
        CHECK(strstr(diag_msg(&d), path) != NULL);
        letter_release(&back);
        diag_clear(&d);
        CHECK_INT(db_check(db, &d), -1);
        CHECK(strstr(diag_msg(&d), "is not a packed text") != NULL);
    }
    /* A text another program changed (schema 054): a reference past its end, or
     * the same length with other bytes where a line was. The evidence reads as
     * none and says it is stale; the letter reads, and the check names it. */
    static const char *const edits[] = {"substr(text, 1, 3)", "replace(text, '某某县', '某乙县')"};
    for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
        snprintf(sql, sizeof sql,
                 "UPDATE reply SET evidence = (SELECT e FROM kept), text = %s WHERE id = %lld",
                 edits[i], id);
        CHECK_INT(db_exec(db, sql, &d), 0);
        CHECK_INT(db_index_pending(db, &d), 0);
        CHECK_INT(db_get_letter(db, id, &back, &d), 1);
        CHECK(back.evidence == NULL);
        CHECK_INT(back.evidence_stale, 1);
        letter_release(&back);
        CHECK_INT(db_get_letter(db, small, &back, &d), 1);
        CHECK_INT(back.evidence_stale, 0);
        letter_release(&back);
        diag_clear(&d);
        CHECK_INT(db_check(db, &d), -1);
        snprintf(sql, sizeof sql,
                 "the evidence of 1 reply no longer matches its text, which "
                 "another program changed: reply %lld (",
                 id);
        CHECK(strstr(diag_msg(&d), sql) != NULL);
    }
    buf_release(&ev);
    temp_archive_end(path, db, NULL);
    diag_release(&d);
}

/* A new archive is made with auto_vacuum = INCREMENTAL, and the pages its
 * writes free (replies deleted, FTS5's segments merged) go back when the writer
 * closes it (db_settle): the file has no free page then, and is smaller. An
 * archive made without it keeps its free pages for its next writes. */
static long long put_pages_apart(struct db *db)
{
    struct diag d = DIAG_INIT;
    struct buf text = BUF_INIT;
    long long first = 0;
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    for (int i = 0; i < 120; i++) {
        char number[16];
        snprintf(number, sizeof number, "%04d", i + 1);
        buf_clear(&text);
        for (int k = 0; k < 300; k++)
            buf_printf(&text, "第%d号水库第%d段除险加固。", i, k);
        long long id = put_dated(db, number, "湖南省水利厅", text.data, NULL, DB_PUT_NEW);
        if (!first)
            first = id;
    }
    CHECK_INT(db_commit(db, &d), 0);
    /* Every reply but the last ten deleted: their rows' pages are free. */
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    for (long long id = first; id < first + 110; id++)
        CHECK_INT(db_delete_letter(db, id, &d), 1);
    CHECK_INT(db_commit(db, &d), 0);
    buf_release(&text);
    diag_release(&d);
    return first;
}

static void free_pages_back(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "vacuum");
    struct diag d = DIAG_INIT;
    CHECK_INT(db_value(db, "PRAGMA auto_vacuum"), 2);
    put_pages_apart(db);
    long long freed = db_value(db, "PRAGMA freelist_count");
    long long pages = db_value(db, "PRAGMA page_count");
    CHECK(freed > 50);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_READONLY, &d), 0);
    CHECK_INT(db_value(db, "PRAGMA auto_vacuum"), 2);
    CHECK_INT(db_value(db, "PRAGMA freelist_count"), 0);
    CHECK(db_value(db, "PRAGMA page_count") <= pages - freed);
    CHECK_INT(db_count(db, "reply"), 10);
    CHECK_INT(db_check(db, &d), 0);
    db_close(db);
    /* Opened again for writing, the mode stays and nothing is left free. */
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_value(db, "PRAGMA auto_vacuum"), 2);
    CHECK_INT(db_value(db, "PRAGMA freelist_count"), 0);
    temp_archive_end(path, db, NULL);

    /* An archive made without it (auto_vacuum = NONE, as by an older dafu; here
     * a new one turned back by VACUUM) keeps that mode and its free pages. */
    db_close(temp_archive(path, "vacuum-none"));
    sqlite3 *raw = NULL;
    CHECK_INT(sqlite3_open(path, &raw), SQLITE_OK);
    CHECK_INT(sqlite3_exec(raw, "PRAGMA auto_vacuum = NONE; VACUUM", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_value(db, "PRAGMA auto_vacuum"), 0);
    put_pages_apart(db);
    freed = db_value(db, "PRAGMA freelist_count");
    CHECK(freed > 50);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_READONLY, &d), 0);
    CHECK_INT(db_value(db, "PRAGMA auto_vacuum"), 0);
    CHECK_INT(db_value(db, "PRAGMA freelist_count"), freed);
    temp_archive_end(path, db, NULL);
    diag_release(&d);
}

/* The check finds department_fts and the department keys' numbers in
 * facet_name apart (schema 062): a key the index lacks, a row no key has. */
static void department_rows(void)
{
    char path[TEST_DB_PATH];
    struct db *db = temp_archive(path, "dept");
    struct diag d = DIAG_INIT;
    static const char *const depts[] = {"湖南省水利厅", "湖南省林业局", "长沙市财政局",
                                        "湖南省水利厅", "岳阳市交通运输局"};
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    for (size_t i = 0; i < sizeof depts / sizeof *depts; i++) {
        char number[16], text[64];
        snprintf(number, sizeof number, "%04zu", i + 1);
        snprintf(text, sizeof text, "第%zu号山塘清淤。", i + 1);
        put_dated(db, number, depts[i], text, NULL, DB_PUT_NEW);
    }
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM facet_name WHERE dim = 2"), 4);
    CHECK_INT(db_check(db, &d), 0);
    /* A key's row deleted, then put back. */
    CHECK_INT(db_exec(db,
                      "INSERT INTO department_fts(department_fts, rowid, key) SELECT 'delete', "
                      "code, name FROM facet_name WHERE dim = 2 AND name = '长沙市财政局'",
                      &d),
              0);
    CHECK_INT(db_check(db, &d), -1);
    CHECK(strstr(diag_msg(&d), path) != NULL);
    CHECK(strstr(diag_msg(&d), "(department_fts) lacks 1 of them, the first '长沙市财政局'") !=
          NULL);
    CHECK_INT(db_exec(db,
                      "INSERT INTO department_fts(rowid, key) SELECT code, name FROM facet_name "
                      "WHERE dim = 2 AND name = '长沙市财政局'",
                      &d),
              0);
    diag_clear(&d);
    CHECK_INT(db_check(db, &d), 0);
    /* A row under a number no key has. */
    CHECK_INT(
        db_exec(db, "INSERT INTO department_fts(rowid, key) VALUES (999, '某某县财政局')", &d), 0);
    CHECK_INT(db_check(db, &d), -1);
    CHECK(strstr(diag_msg(&d), path) != NULL);
    CHECK(strstr(diag_msg(&d), "(department_fts) holds 1 number no department in facet_name "
                               "has, the first 999") != NULL);
    temp_archive_end(path, db, NULL);
    diag_release(&d);
}

int main(void)
{
    char path[] = "/tmp/dafu-test-db-XXXXXX";
    temp_db_path(path);
    struct diag d = DIAG_INIT;
    struct db *db = NULL;

    /* A missing file cannot be read... */
    CHECK_INT(db_open(&db, path, DB_READONLY, &d), -1);
    CHECK(db == NULL);
    /* ...but is created and migrated to the current schema for writing. */
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_user_version(db), db_schema_version());
    /* The full-text index writes a batch of letters as one segment (schema 012). */
    CHECK_INT(db_value(db, FTS_HASHSIZE), 8388608);
    /* ...and merges its segments sixteen at a time (schema 039). */
    CHECK_INT(db_value(db, "SELECT v FROM reply_fts_config WHERE k = 'automerge'"), 16);
    CHECK_INT(db_value(db, "SELECT v FROM reply_fts_config WHERE k = 'crisismerge'"), 64);
    /* What the layers above may know of an open archive. */
    CHECK_STR(db_path(db), path);
    CHECK_INT(db_readonly(db), 0);
    {
        struct db *ro = NULL;
        CHECK_INT(db_open(&ro, path, DB_READONLY, &d), 0);
        CHECK_INT(db_readonly(ro), 1);
        db_close(ro);
    }
    /* New archives use 16 KB pages. */
    sqlite3_stmt *ps = NULL;
    sqlite3_prepare_v2(db_sqlite(db), "PRAGMA page_size", -1, &ps, NULL);
    CHECK(sqlite3_step(ps) == SQLITE_ROW && sqlite3_column_int(ps, 0) == 16384);
    sqlite3_finalize(ps);

    /* New, unchanged, updated. */
    struct letter l;
    enum db_put_result res;
    make(&l, "0831", "湖南省工业和信息化厅", "有色金属产业是重要传统产业。");
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    CHECK_INT(res, DB_PUT_NEW);
    long long id = l.id;
    letter_release(&l);
    make(&l, "0831", "湖南省工业和信息化厅", "有色金属产业是重要传统产业。");
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    CHECK_INT(res, DB_PUT_UNCHANGED);
    CHECK_INT(l.id, id);
    letter_release(&l);
    make(&l, "831", "湖南省工业和信息化厅", "有色金属产业是重要传统产业。补充了新内容。");
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    CHECK_INT(res, DB_PUT_UPDATED);
    CHECK_INT(l.id, id);
    letter_release(&l);
    CHECK_INT(db_count(db, "reply"), 1);

    /* Another department answering the same proposal is another reply. */
    make(&l, "0831", "湖南省财政厅", "财政支持郴州。");
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    CHECK_INT(res, DB_PUT_NEW);
    letter_release(&l);

    /* Read back, delegates included. */
    letter_init(&l);
    CHECK_INT(db_get_letter(db, id, &l, &d), 1);
    CHECK_STR(l.text, "有色金属产业是重要传统产业。补充了新内容。");
    CHECK_INT(l.n_delegates, 1);
    CHECK_STR(l.delegates[0], "单雄信");
    /* The hash and the time of import, kept as 32 bytes and seconds (schema 063),
     * read back as 64 hex digits and ISO 8601 text, as older rows hold them. */
    CHECK_INT(strlen(l.sha256), 64);
    CHECK_INT(db_value(db, "SELECT count(*) FROM reply WHERE typeof(sha256) = 'blob' AND "
                           "length(sha256) = 32 AND imported_at NOT GLOB '*[^0-9]*'"),
              2);
    {
        char sql[400];
        snprintf(sql, sizeof sql,
                 "SELECT lower(hex(sha256)) = '%s' AND strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', "
                 "imported_at, 'unixepoch') = '%s' FROM reply WHERE id = %lld",
                 l.sha256, l.imported_at, id);
        CHECK_INT(db_value(db, sql), 1);
    }
    letter_release(&l);
    {
        char sql[120];
        snprintf(sql, sizeof sql, "SELECT imported_at FROM reply WHERE id = %lld", id);
        long long was = db_value(db, sql);
        static const struct {
            long long t;
            const char *iso;
        } times[] = {{0, "1970-01-01T00:00:00Z"},
                     {951782400, "2000-02-29T00:00:00Z"},
                     {1709251199, "2024-02-29T23:59:59Z"},
                     {4107542399, "2100-02-28T23:59:59Z"},
                     {-1, "1969-12-31T23:59:59Z"}};
        for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
            snprintf(sql, sizeof sql, "UPDATE reply SET imported_at = %lld WHERE id = %lld",
                     times[i].t, id);
            CHECK_INT(db_exec(db, sql, &d), 0);
            letter_init(&l);
            CHECK_INT(db_get_letter(db, id, &l, &d), 1);
            CHECK_STR(l.imported_at, times[i].iso);
            letter_release(&l);
        }
        snprintf(sql, sizeof sql, "UPDATE reply SET imported_at = %lld WHERE id = %lld", was, id);
        CHECK_INT(db_exec(db, sql, &d), 0);
    }
    letter_init(&l);
    CHECK_INT(db_get_letter(db, 999, &l, &d), 0);
    letter_release(&l);

    /* Searches: keyword (the update is what is indexed), number, pinyin names. */
    struct search_opts o;
    search_opts_init(&o);
    o.query = "新内容";
    CHECK_INT(hits(db, &o), 1);
    o.query = "产业是重要";
    CHECK_INT(hits(db, &o), 1);
    o.query = "郴";
    CHECK_INT(hits(db, &o), 1);
    search_opts_init(&o);
    o.number = "第０８３１号";
    CHECK_INT(hits(db, &o), 2);
    search_opts_init(&o);
    o.delegate = "shan xiongxin"; /* 单 read as a surname */
    CHECK_INT(hits(db, &o), 2);
    o.delegate = "ShanXiongXin";
    CHECK_INT(hits(db, &o), 2);
    o.delegate = "單雄信";
    CHECK_INT(hits(db, &o), 2);
    search_opts_init(&o);
    o.department = "财政";
    int rows = 0;
    CHECK_INT(search_run(db, &o, count_rows, &rows, &d), 1);
    CHECK_INT(rows, 1);

    /* The archive passes its own check. */
    CHECK_INT(db_check(db, &d), 0);

    /* Inside a transaction letters wait for db_commit to reach the index, all at
     * once; updating or deleting one before that leaves the index consistent. */
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    make(&l, "0901", "湖南省林业局", "油茶林改造三千亩。");
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    long long tea = l.id;
    letter_release(&l);
    make(&l, "0902", "湖南省林业局", "楠竹低产林改造。");
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    long long bamboo = l.id;
    letter_release(&l);
    CHECK_INT(db_count(db, "reply_unindexed"), 2);
    search_opts_init(&o);
    o.query = "油茶";
    CHECK_INT(hits(db, &o), 0); /* not indexed yet */
    /* An update of a letter not yet indexed: nothing to take out of the index. */
    make(&l, "0901", "湖南省林业局", "油茶林改造五千亩。");
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    CHECK_INT(res, DB_PUT_UPDATED);
    CHECK_INT(l.id, tea);
    letter_release(&l);
    /* A delete of one not yet indexed. */
    CHECK_INT(db_delete_letter(db, bamboo, &d), 1);
    CHECK_INT(db_delete_letter(db, bamboo, &d), 0);
    /* An update of an indexed letter (the 财政 one) inside the batch. */
    make(&l, "0831", "湖南省财政厅", "财政支持衡阳。");
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    CHECK_INT(res, DB_PUT_UPDATED);
    letter_release(&l);
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(db_count(db, "reply_unindexed"), 0);
    o.query = "五千亩";
    CHECK_INT(hits(db, &o), 1);
    o.query = "三千亩";
    CHECK_INT(hits(db, &o), 0);
    o.query = "楠竹";
    CHECK_INT(hits(db, &o), 0);
    o.query = "衡阳";
    CHECK_INT(hits(db, &o), 1);
    o.query = "郴州";
    CHECK_INT(hits(db, &o), 0);
    CHECK_INT(db_check(db, &d), 0);

    /* The counts the listings read (reply_count, facet_count) take a batch's new
     * replies once, at db_commit: storing them writes none of their rows. A reply
     * of the batch updated or deleted before that is counted as it ends up. */
    CHECK_INT(db_count_matches(db), 1);
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    long long changes0 = sqlite3_total_changes64(db_sqlite(db));
    make(&l, "0911", "湖南省林业局", "油桐林改造。");
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    letter_release(&l);
    /* Three rows a letter: the reply, its two waiting lists; and its proposer's link
     * (schema 7 wrote eight more, the counts, and schema 14 its proposer's count). */
    CHECK_INT(sqlite3_total_changes64(db_sqlite(db)) - changes0, 4);
    make(&l, "0912", "湖南省水利厅", "山塘整治。");
    letter_set(&l.date, "2023-05-06", 10);
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    long long pond = l.id;
    letter_release(&l);
    make(&l, "0913", "湖南省水利厅", "河道清障。");
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    long long river = l.id;
    letter_release(&l);
    CHECK_INT(db_count(db, "reply_uncounted"), 3);
    CHECK_INT(db_check_counts(db, &d), -1); /* not counted yet */
    CHECK(strstr(diag_msg(&d), "table 'reply_count' does not count the replies") != NULL);
    make(&l, "0912", "湖南省水利厅", "山塘整治二期。");
    letter_set(&l.date, "2024-02-03", 10);
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    CHECK_INT(res, DB_PUT_UPDATED);
    CHECK_INT(l.id, pond);
    letter_release(&l);
    CHECK_INT(db_delete_letter(db, river, &d), 1);
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(db_count(db, "reply_uncounted"), 0);
    CHECK_INT(db_count_matches(db), 1);

    /* A counted reply that held the newest date of its department and of its
     * combination, stored again with another date, year and category, and one
     * deleted: the counts lose it as it was (the next newest date of each is
     * read among the replies of that department, not by walking the archive's
     * replies), so the same change costs as much in an archive ten times as
     * large. */
    {
        char big[TEST_DB_PATH];
        struct db *g = temp_archive(big, "big");
        add_departments(g, 1, 100);
        long long small_commit, big_commit, small_commit_delete, big_commit_delete;
        long long small_filtered = filtered_ticks(g);
        long long small_body = body_ticks(g, 100);
        long long small_update = change_steps(g, 7, "2024-03-04", &small_commit);
        long long small_delete = change_steps(g, 9, NULL, &small_commit_delete);
        CHECK_INT(db_count_matches(g), 1);
        add_departments(g, 101, 900);
        long long big_filtered = filtered_ticks(g);
        long long big_body = body_ticks(g, 999);
        long long big_update = change_steps(g, 8, "2024-03-05", &big_commit);
        long long big_delete = change_steps(g, 500, NULL, &big_commit_delete);
        CHECK_INT(db_count_matches(g), 1);
        CHECK(small_update > 0 && small_delete > 0 && small_commit > 0);
        CHECK(big_update < 2 * small_update);
        CHECK(big_delete < 2 * small_delete);
        /* The commit counts the changed reply and its proposer from the batch's
         * list, not from the links of every reply (all 1,000 name him). */
        CHECK(big_commit < 2 * small_commit);
        CHECK(big_commit_delete < 2 * small_commit_delete + 10);
        /* The listings filtered by a department read its counts (the names of
         * the archive's departments once each, schema 013), not every reply's
         * department nor every combination. */
        CHECK(small_filtered > 0);
        CHECK(big_filtered < 2 * small_filtered);
        /* A body's statistics read the counts of that body: as many rows at
         * 1,000 replies as at 100. */
        CHECK(small_body > 0);
        CHECK(big_body < 2 * small_body);
        if (getenv("DAFU_TEST_STEPS") || big_update >= 2 * small_update ||
            big_delete >= 2 * small_delete || big_commit >= 2 * small_commit)
            fprintf(stderr,
                    "steps of an update: %lld at 100 replies, %lld at 1,000 (commit %lld, "
                    "%lld); of a delete: %lld, %lld (commit %lld, %lld); listings of a "
                    "department: %lld, %lld\n",
                    small_update, big_update, small_commit, big_commit, small_delete, big_delete,
                    small_commit_delete, big_commit_delete, small_filtered, big_filtered);
        if (getenv("DAFU_TEST_STEPS") || big_body >= 2 * small_body)
            fprintf(stderr, "statistics of a body: %lld at 100 replies, %lld at 1,000\n",
                    small_body, big_body);
        temp_archive_end(big, g, NULL);
    }

    random_mix();
    few_filters_less();
    kept_random_filters();
    query_groups();
    coded_groups();
    doclist_terms();
    newest_of_counted();
    count_at_commit();
    facet_memo();
    name_memo();
    proposers_none();
    proposers_memo();
    newest_first();
    writer_cache();
    statement_journals();
    unkept_journals();
    packed_evidence();
    free_pages_back();
    department_rows();
    facet_covering(db);

    /* A rolled-back batch leaves neither rows nor index entries. */
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    make(&l, "0903", "湖南省林业局", "杉木良种。");
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    letter_release(&l);
    CHECK_INT(db_exec(db, "ROLLBACK", &d), 0);
    o.query = "杉木";
    CHECK_INT(hits(db, &o), 0);
    CHECK_INT(db_count(db, "reply_unindexed"), 0);
    CHECK_INT(db_check(db, &d), 0);

    /* A row another writer stored without indexing it is reported by check and
     * indexed the next time the archive is opened for writing. */
    CHECK_INT(db_exec(db,
                      "INSERT INTO reply(department, text, sha256, imported_at) "
                      "VALUES ('湖南省水利厅', '山塘清淤。', 'y', '2024-01-01T00:00:00Z')",
                      &d),
              0);
    CHECK_INT(db_check(db, &d), -1);
    CHECK(strstr(diag_msg(&d), "1 reply is not in the full-text index yet") != NULL);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_count(db, "reply_unindexed"), 0);
    o.query = "清淤";
    CHECK_INT(hits(db, &o), 1);
    CHECK_INT(db_check(db, &d), 0);
    db_close(db);

    /* An archive made by an older dafu (schema version 1 only) is upgraded in place:
     * its rows keep their data and gain the newer columns, filled in. */
    char old[] = "/tmp/dafu-test-old-XXXXXX";
    int ofd = mkstemp(old);
    close(ofd);
    unlink(old);
    sqlite3 *o1;
    sqlite3_open(old, &o1);
    struct diag d1 = DIAG_INIT;
    fts_tok_register(o1, &d1);
    CHECK_INT(db_migrations[0].version, 1);
    CHECK_INT(sqlite3_exec(o1, db_migrations[0].sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_exec(o1,
                 "PRAGMA user_version = 1;"
                 "INSERT INTO reply(department, text, sha256, imported_at) "
                 "VALUES ('饒平縣教育局', '正文', 'x', '2020-01-01T00:00:00Z')",
                 NULL, NULL, NULL);
    sqlite3_close(o1);
    struct db *up = NULL;
    CHECK_INT(db_open(&up, old, DB_READONLY, &d1), 0); /* reading upgrades too */
    CHECK_INT(db_user_version(up), db_schema_version());
    CHECK_INT(db_value(up, FTS_HASHSIZE), 8388608);
    search_opts_init(&o);
    o.department = "饶平县教育";
    CHECK_INT(hits(up, &o), 1);
    CHECK_INT(db_check(up, &d1), 0);
    db_close(up);
    diag_release(&d1);
    unlink(old);

    /* A newer schema than this build knows is refused with a clear message. */
    sqlite3 *raw;
    sqlite3_open(path, &raw);
    sqlite3_exec(raw, "PRAGMA user_version = 999", NULL, NULL, NULL);
    sqlite3_close(raw);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), -1);
    CHECK(strstr(diag_msg(&d), "newer than this dafu knows") != NULL);

    remove_db(path);
    diag_release(&d);
    return check_done();
}
