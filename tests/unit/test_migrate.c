/* Migrations: each is recorded by its number, so one numbered below the
 * highest an archive has is applied too; a read-only open writes nothing to an
 * archive that is up to date, upgrades an older one only where it may write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "model/letter.h"
#include "search/query.h"
#include "search/stats.h"
#include "store/db.h"
#include "store/topk.h"
#include "util.h"

/* The real migrations with extra ones (versions in order) put in their place. */
static int with(struct db_migration *out, const struct db_migration *extra, int nextra)
{
    int n = 0, e = 0;
    for (int i = 0; i < db_migration_count; i++) {
        while (e < nextra && extra[e].version < db_migrations[i].version)
            out[n++] = extra[e++];
        out[n++] = db_migrations[i];
    }
    while (e < nextra)
        out[n++] = extra[e++];
    return n;
}

/* The versions schema_migration records, as "1,2,...", or "" without it. */
static void recorded(struct db *db, char *out, size_t size)
{
    sqlite3_stmt *st = NULL;
    out[0] = 0;
    if (sqlite3_prepare_v2(db_sqlite(db), "SELECT version FROM schema_migration ORDER BY version",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    while (sqlite3_step(st) == SQLITE_ROW) {
        size_t len = strlen(out);
        snprintf(out + len, size - len, "%s%d", len ? "," : "", sqlite3_column_int(st, 0));
    }
    sqlite3_finalize(st);
}

/* Opens the archive at path by a name this user may not write (an SQLite URI
 * that opens it read-only), written into uri: the open must be refused. */
static void refused_readonly(const char *path, char *uri, size_t size, struct diag *d)
{
    struct db *db = NULL;
    snprintf(uri, size, "file:%s?mode=ro", path);
    CHECK_INT(db_open(&db, uri, DB_READONLY, d), -1);
    CHECK(db == NULL);
}

static int same_file(const char *path, const char *before, size_t before_len)
{
    size_t len = 0;
    char *now = slurp(path, &len);
    int same = now && len == before_len && memcmp(now, before, len) == 0;
    free(now);
    return same;
}

/* The first column of sql's first row as text into out ("" for none). */
static void text_value(struct db *db, const char *sql, char *out, size_t size)
{
    sqlite3_stmt *st = NULL;
    out[0] = 0;
    if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

/* Stores reply i (number i + 1, text 第i号建议的答复 and tail), of department
 * dept, body, date, term and proposer who (NULL: none). */
static void put_reply(struct db *db, int i, const char *tail, const char *dept, const char *body,
                      const char *date, int term, const char *who)
{
    struct diag d = DIAG_INIT;
    struct letter l;
    enum db_put_result res;
    letter_init(&l);
    char text[64], number[16];
    snprintf(text, sizeof text, "第%d号建议的答复%s", i, tail);
    snprintf(number, sizeof number, "%d", i + 1);
    letter_set(&l.text, text, strlen(text));
    letter_set(&l.number, number, strlen(number));
    if (dept)
        letter_set(&l.department, dept, strlen(dept));
    letter_set(&l.body, body, strlen(body));
    letter_set(&l.date, date, strlen(date));
    l.term = term;
    if (who)
        letter_add_delegate(&l, who, strlen(who));
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    letter_release(&l);
    diag_release(&d);
}

static int group_row(void *ctx, const char *key, const char *extra, long long n,
                     const char *latest);

/* Checks that the groupings of proposers and departments of a body, of a body
 * and a year (one filter's groups less the other's) and of no filter, page by
 * page, are those of the exhaustive way; the body's departments, all of them,
 * in `want` (NULL: not checked). */
static void same_pages(struct db *db, const char *want)
{
    static const enum search_group groups[] = {GROUP_DELEGATE, GROUP_DEPARTMENT};
    static const int pages[][2] = {{-1, 0}, {2, 0}, {2, 2}, {3, 1}, {1, 4}, {5, 1}};
    struct diag d = DIAG_INIT;
    char kept[512], all[512];
    for (size_t i = 0; i < 3 * sizeof groups / sizeof *groups; i++)
        for (size_t j = 0; j < sizeof pages / sizeof *pages; j++) {
            struct search_opts so;
            search_opts_init(&so);
            so.body = i % 3 == 2 ? NULL : "人大";
            so.year = i % 3 == 1 ? 2023 : 0;
            so.limit = pages[j][0];
            so.offset = pages[j][1];
            kept[0] = all[0] = 0;
            CHECK(search_group(db, &so, groups[i / 3], group_row, kept, &d) >= 0);
            so.exhaustive = 1;
            CHECK(search_group(db, &so, groups[i / 3], group_row, all, &d) >= 0);
            CHECK_STR(kept, all);
            if (want && groups[i / 3] == GROUP_DEPARTMENT && i % 3 == 0 && so.limit < 0)
                CHECK_STR(kept, want);
        }
    diag_release(&d);
}

/* A group as "key n latest|" after those of ctx (512 bytes). */
static int group_row(void *ctx, const char *key, const char *extra, long long n, const char *latest)
{
    (void)extra;
    char *out = ctx;
    size_t len = strlen(out);
    snprintf(out + len, 512 - len, "%s %lld %s|", key ? key : "-", n, latest ? latest : "-");
    return 0;
}

int main(void)
{
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    struct db_migration set[64];
    char seen[512];
    CHECK(db_migration_count + 4 <= 64);

    /* A new archive records every migration it was made with. */
    char path[] = "/tmp/dafu-test-migrate-XXXXXX";
    temp_db_path(path);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_upgraded(db, NULL), 0); /* made, not upgraded */
    CHECK_INT(db_migrations_missing(db, db_migrations, db_migration_count, &d), 0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM schema_migration"), db_migration_count);
    CHECK_INT(db_value(db, "SELECT max(version) FROM schema_migration"), db_schema_version());

    /* A dafu with migrations 100 and 102 applies both... */
    const struct db_migration first[] = {
        {100, "100_a.sql", "CREATE TABLE m100(x); INSERT INTO m100 VALUES (100);"},
        {102, "102_c.sql", "CREATE TABLE m102(x);"},
    };
    int n = with(set, first, 2);
    CHECK_INT(db_migrations_missing(db, set, n, &d), 2);
    CHECK_INT(db_migrate(db, set, n, &d), 2);
    CHECK_INT(db_user_version(db), 102);
    CHECK_INT(db_migrations_missing(db, set, n, &d), 0);
    /* ...and a later one that fills the gap with 101 applies 101 alone, though
     * the archive has 102: 100 does not run again (its table exists), and 101
     * reads what 100 wrote. */
    const struct db_migration gap[] = {
        {100, "100_a.sql", "CREATE TABLE m100(x); INSERT INTO m100 VALUES (100);"},
        {101, "101_b.sql", "CREATE TABLE m101(x); INSERT INTO m101 SELECT x + 1 FROM m100;"},
        {102, "102_c.sql", "CREATE TABLE m102(x);"},
    };
    n = with(set, gap, 3);
    CHECK_INT(db_migrations_missing(db, set, n, &d), 1);
    CHECK_INT(db_migrate(db, set, n, &d), 1);
    CHECK_INT(db_value(db, "SELECT x FROM m101"), 101);
    CHECK_INT(db_value(db, "SELECT count(*) FROM m100"), 1);
    CHECK_INT(db_user_version(db), 102);
    CHECK_INT(db_migrations_missing(db, set, n, &d), 0);
    CHECK_INT(db_migrate(db, set, n, &d), 0);
    recorded(db, seen, sizeof seen);
    CHECK(strstr(seen, ",100,101,102") != NULL);

    /* The migrations missing are applied in one transaction: when the second
     * fails, the first is undone too, and both are still missing. */
    const struct db_migration bad[] = {
        {100, "100_a.sql", ""},
        {101, "101_b.sql", ""},
        {102, "102_c.sql", ""},
        {103, "103_d.sql", "CREATE TABLE m103(x);"},
        {104, "104_e.sql", "INSERT INTO no_such_table VALUES (1);"},
    };
    n = with(set, bad, 5);
    CHECK_INT(db_migrate(db, set, n, &d), -1);
    CHECK(strstr(diag_msg(&d), "cannot apply schema/104_e.sql to '") != NULL);
    CHECK(strstr(diag_msg(&d), "no such table: no_such_table") != NULL);
    CHECK_INT(db_value(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'm103'"), 0);
    CHECK_INT(db_user_version(db), 102);
    CHECK_INT(db_migrations_missing(db, set, n, &d), 2);

    /* A migration the archive has and this dafu does not know is refused, as
     * a larger user_version is. */
    n = with(set, first, 2);
    CHECK_INT(db_migrations_missing(db, set, n, &d), -1);
    CHECK(strstr(diag_msg(&d), "has schema migration 101, which this dafu does not know") != NULL);
    CHECK_INT(db_migrate(db, set, n, &d), -1);
    CHECK_INT(db_migrations_missing(db, db_migrations, db_migration_count, &d), -1);
    CHECK(strstr(diag_msg(&d), "has schema version 102, newer than this dafu knows") != NULL);
    db_close(db);
    remove_db(path);

    /* An archive made before schema_migration (its user_version alone says
     * what it has: 012 at most, and nothing numbered since) is brought up to
     * date when opened, even for reading: the table is made with the
     * migrations it had, and those made since are applied... */
    temp_db_path(path);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_exec(db,
                      "DROP TABLE schema_migration; "
                      "ALTER TABLE similar_sig DROP COLUMN hi; "                  /* 035 */
                      "DROP TABLE reply_combo; DROP TABLE reply_combo_delegate; " /* 018 */
                      "ALTER TABLE reply DROP COLUMN combo_k; " /* (030 dropped facet_k) */
                      "ALTER TABLE reply ADD COLUMN facet_k TEXT AS (NULL) VIRTUAL; "
                      "DROP TABLE facet_count; "        /* 059 (which dropped reply_facet, 007) */
                      "DROP TABLE facet_count_recent; " /* 061 */
                      "CREATE TABLE reply_facet (k TEXT PRIMARY KEY, body TEXT, kind TEXT, "
                      "category TEXT, region TEXT, department TEXT, department_key TEXT, "
                      "term INTEGER, session INTEGER, date TEXT, n INTEGER NOT NULL) "
                      "WITHOUT ROWID; "
                      "DROP TABLE department_fts; DROP TABLE reply_cross; "
                      "DROP INDEX reply_region; "
                      "DROP TABLE reply_count; " /* 007, as 028 had not changed it */
                      "CREATE TABLE reply_count (dim TEXT NOT NULL, k TEXT NOT NULL, key, "
                      "n INTEGER NOT NULL, latest TEXT, PRIMARY KEY (dim, k)) WITHOUT ROWID; "
                      "CREATE INDEX reply_count_order ON reply_count(dim, n DESC, key); "
                      "DROP TABLE reply_uncounted; " /* 014 */
                      "DROP TABLE similar_sketch; "  /* 019 */
                      "DROP TRIGGER similar_sketch_ad; "
                      "DROP VIEW similar_band_waiting_rows; " /* 021 */
                      "DROP TABLE similar_band_waiting; "
                      "DROP VIEW similar_band; DROP TABLE similar_band_ids; " /* 025 */
                      "CREATE TABLE similar_band (key INTEGER NOT NULL, id INTEGER NOT NULL, "
                      "PRIMARY KEY (key, id)) WITHOUT ROWID; "
                      "INSERT INTO similar_band VALUES (9, 300), (5, 3), (9, 2), (-7, 2), "
                      "(5, 1), (9, 100000); "
                      "ALTER TABLE similar_sig ADD COLUMN sig BLOB NOT NULL DEFAULT x''; " /* 031 */
                      "DROP TABLE reply_len; "                                             /* 034 */
                      "DROP INDEX reply_number_many; " /* 043 (which dropped 037's) */
                      "DROP INDEX reply_hash; "        /* 040 */
                      "CREATE INDEX reply_sha256 ON reply(sha256); "
                      "DROP TABLE reply_code; DROP TABLE facet_name; "                   /* 046 */
                      "DROP TABLE reply_cross_recent; "                                  /* 053 */
                      "DROP TABLE reply_count_recent; DROP TABLE delegate_stat_recent; " /* 057 */
                      "DROP TABLE reply_combo_delegate_recent; "                         /* 060 */
                      "PRAGMA user_version = 12",
                      &d),
              0);
    db_close(db);
    /* ...but not through a name this user may not write (here an SQLite URI
     * that opens it read-only): refused, naming its version, the file as it
     * was... */
    size_t old_len = 0;
    char *old_file = slurp(path, &old_len);
    CHECK(old_file != NULL);
    char uri[128];
    refused_readonly(path, uri, sizeof uri, &d);
    snprintf(seen, sizeof seen,
             "'%s' was made by an older dafu (schema version 12; this dafu reads %d) and this "
             "user may not write it or its folder to upgrade it",
             uri, db_schema_version());
    CHECK(strstr(diag_msg(&d), seen) != NULL);
    CHECK(same_file(path, old_file, old_len));
    free(old_file);
    /* ...and through its own name, upgraded, db_upgraded saying from what. */
    CHECK_INT(db_open(&db, path, DB_READONLY, &d), 0);
    int from = 0;
    CHECK_INT(db_upgraded(db, &from), db_migration_count - 9);
    CHECK_INT(from, 12);
    CHECK_INT(db_user_version(db), db_schema_version());
    CHECK_INT(db_migrations_missing(db, db_migrations, db_migration_count, &d), 0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM schema_migration"), db_migration_count);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_band_waiting"), 0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_sketch"), 0);
    /* (025 made a value's letters one row of decimal ids, 047 a list of
     * varints, 051 a row the values of the same top 16 bits, each its low 48
     * bits, its list's length and its list: the same rows) */
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_band_ids WHERE typeof(ids) = 'blob'"), 2);
    CHECK_INT(db_value(db, "SELECT hex(ids) = '0500000000000201020900000000000602AA02F48A06' "
                           "FROM similar_band_ids WHERE key = 0"),
              1);
    CHECK_INT(db_value(db, "SELECT hex(ids) = 'F9FFFFFFFFFF0102' FROM similar_band_ids "
                           "WHERE key = 65535"),
              1);
    CHECK_INT(db_value(db, "SELECT sum(dafu_band_row_count(ids)) FROM similar_band_ids"), 6);
    char bands[128];
    text_value(db,
               "SELECT group_concat(key || ':' || id, ' ') FROM "
               "(SELECT key, id FROM similar_band ORDER BY key, id)",
               bands, sizeof bands);
    CHECK_STR(bands, "-7:2 5:1 5:3 9:2 9:300 9:100000");
    /* (the lists: an id not above the one before it kept in its place, a
     * list joined after another, a list that is none refused) */
    text_value(db,
               "SELECT dafu_band_ids(dafu_band_join(dafu_band_pack('5,9'), "
               "dafu_band_pack('3,4,200'))) || ' ' || dafu_band_count(dafu_band_pack("
               "'8,8,1,130')) || ' ' || hex(dafu_band_pack('8,8,1,130')) || ' ' || "
               "hex(dafu_band_join(dafu_band_pack('5'), dafu_band_pack('6')))",
               bands, sizeof bands);
    CHECK_STR(bands, "5,9,3,4,200 4 08000800018101 0501");
    CHECK_INT(db_exec(db, "SELECT dafu_band_ids(x'0580')", &d), -1);
    CHECK(strstr(diag_msg(&d), "not a list of letter ids") != NULL);
    diag_clear(&d);
    CHECK_INT(db_exec(db, "SELECT dafu_band_pack('5,,6')", &d), -1);
    diag_clear(&d);
    /* (rows merged: the values of both in order, a value of both its lists
     * joined; a row that is none refused) */
    text_value(db,
               "SELECT group_concat(value, ' ') FROM json_each(dafu_band_rows(0, "
               "dafu_band_merge(x'0500000000000201020900000000000602AA02F48A06', "
               "x'03000000000001070500000000000108090000000000010A0A0000000000010B')))",
               bands, sizeof bands);
    CHECK_STR(bands, "[3,7] [5,1] [5,3] [5,8] [9,2] [9,300] [9,100000] [9,10] [10,11]");
    text_value(db,
               "SELECT dafu_band_rows(1, x'0500000000000103') || ' ' || "
               "dafu_band_row_count(x'0500000000000201020900000000000602AA02F48A06')",
               bands, sizeof bands);
    CHECK_STR(bands, "[[281474976710661,3]] 5");
    CHECK_INT(db_exec(db, "SELECT dafu_band_rows(0, x'05000000000009')", &d), -1);
    CHECK(strstr(diag_msg(&d), "not a list of letter ids") != NULL);
    diag_clear(&d);
    CHECK_INT(db_exec(db, "SELECT dafu_band_merge(x'05000000000000', x'')", &d), -1);
    diag_clear(&d);
    /* (040: the hash's index holds its first 16 digits, the one of 001 is gone) */
    CHECK_INT(db_value(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'reply_sha256'"), 0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'reply_hash'"), 1);
    /* (059: facet_count, keyed by the numbers of the values and without row
     * ids, has taken reply_facet's place (which 042 had given row ids), and its
     * two indexes) */
    CHECK_INT(db_value(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'reply_facet'"), 0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM pragma_table_list WHERE name = 'facet_count' "
                           "AND wr = 1"),
              1);
    CHECK_INT(db_value(db, "SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'facet_count' "
                           "AND name IN ('facet_count_department_key', 'facet_count_region')"),
              2);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    /* ...and a migration numbered below its user_version that it lacks (008)
     * is applied too. */
    const struct db_migration eight[] = {{8, "008_h.sql", "CREATE TABLE m8(x);"}};
    n = with(set, eight, 1);
    CHECK_INT(db_migrations_missing(db, set, n, &d), 1);
    CHECK_INT(db_migrate(db, set, n, &d), 1);
    CHECK_INT(db_value(db, "SELECT count(*) FROM m8"), 0);
    CHECK_INT(db_user_version(db), db_schema_version());
    CHECK_INT(db_value(db, "SELECT count(*) FROM schema_migration"), db_migration_count + 1);
    CHECK_INT(db_value(db, "SELECT count(*) FROM schema_migration WHERE version = 8"), 1);
    CHECK_INT(db_migrations_missing(db, set, n, &d), 0);
    /* The archive has 008 now, which the real set lacks: this dafu refuses it. */
    CHECK_INT(db_migrations_missing(db, db_migrations, db_migration_count, &d), -1);
    db_close(db);
    remove_db(path);

    /* An archive with every migration is not written by a read-only open. */
    temp_db_path(path);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    db_close(db);
    size_t len = 0;
    char *before = slurp(path, &len);
    CHECK(before != NULL);
    CHECK_INT(db_open(&db, path, DB_READONLY, &d), 0);
    CHECK_INT(db_readonly(db), 1);
    CHECK_INT(db_upgraded(db, &from), 0);
    db_close(db);
    CHECK(same_file(path, before, len));
    free(before);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_upgraded(db, NULL), 0); /* up to date */
    /* An archive at this dafu's version that lacks a migration numbered below
     * it (034, made apart), opened by a name this user may not write: refused,
     * saying what it lacks, not as made by an older dafu "(schema version N;
     * this dafu reads N)". */
    CHECK_INT(db_exec(db, "DELETE FROM schema_migration WHERE version = 34", &d), 0);
    db_close(db);
    refused_readonly(path, uri, sizeof uri, &d);
    snprintf(seen, sizeof seen,
             "'%s' lacks 1 migration of this dafu (at schema version %d) and this user may not "
             "write it or its folder to upgrade it",
             uri, db_schema_version());
    CHECK(strstr(diag_msg(&d), seen) != NULL);
    remove_db(path);

    /* Replies to a range of proposals stored by a dafu that sorted them by the
     * range's last number (number_int 15 for 12至15, 23 for 21-23) are sorted by
     * the first when the archive lacks 044, as new ones are; a list, a number
     * with its part (4-1: 1), one alone and one without digits keep theirs. */
    temp_db_path(path);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    static const char *const numbers[] = {"12至15", "21-23", "a5~a8", "3、9", "4-1", "7", "来信"};
    static const long long sorted[] = {12, 21, 5, 3, 1, 7, -1};
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
        struct letter l;
        enum db_put_result res;
        letter_init(&l);
        letter_set(&l.number, numbers[i], strlen(numbers[i]));
        char text[64];
        snprintf(text, sizeof text, "第%s号建议的答复。", numbers[i]);
        letter_set(&l.text, text, strlen(text));
        CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
        letter_release(&l);
    }
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(db_value(db, "SELECT number_int FROM reply WHERE number = '12至15'"), 12);
    CHECK_INT(db_exec(db,
                      "UPDATE reply SET number_int = 15 WHERE number = '12至15'; "
                      "UPDATE reply SET number_int = 23 WHERE number = '21-23'; "
                      "UPDATE reply SET number_int = 8 WHERE number = 'a5~a8'; "
                      "DELETE FROM schema_migration WHERE version = 44",
                      &d),
              0);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_upgraded(db, &from), 1);
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT coalesce(number_int, -1) FROM reply WHERE number = '%s'",
                 numbers[i]);
        CHECK_INT(db_value(db, sql), sorted[i]);
    }
    db_close(db);
    remove_db(path);

    /* An index with the text as its last column (schema 001's order), as an
     * archive lacking 045 has, is made again with the text first: the same rows
     * of the index, ranked the same with the weights in the new order, and
     * dafu_snippet still shows the text on a tie with the title. */
    temp_db_path(path);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    static const char *const titles[] = {"关于建设水库的建议", "关于乡村道路的建议",
                                         "关于学校的建议", NULL};
    static const char *const texts[] = {"水库建设已列入计划。", "乡村道路建设和水库维修。",
                                        "学校的水库水库。", "建设学校。"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        struct letter l;
        enum db_put_result res;
        letter_init(&l);
        char number[16];
        snprintf(number, sizeof number, "%zu", i + 1);
        letter_set(&l.number, number, strlen(number));
        if (titles[i])
            letter_set(&l.title, titles[i], strlen(titles[i]));
        letter_set(&l.department, "水利局", strlen("水利局"));
        letter_set(&l.text, texts[i], strlen(texts[i]));
        CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
        letter_release(&l);
    }
    CHECK_INT(db_commit(db, &d), 0);
    static const char ranked[] =
        "SELECT group_concat(id || ':' || s, ' ') FROM (SELECT rowid AS id, "
        "dafu_snippet(reply_fts, '[', ']') AS s FROM reply_fts WHERE reply_fts "
        "MATCH '\"水库\"' ORDER BY dafu_rank(reply_fts, " TOPK_WEIGHTS "), rowid)";
    char want[512], got[512];
    text_value(db, ranked, want, sizeof want);
    /* (1: 水库 once in its title, once in its text: the text is shown) */
    CHECK_STR(want, "1:[水库]建设已列入计划。 3:学校的[水库水库]。 2:乡村道路建设和[水库]维修。");
    CHECK_INT(db_exec(db,
                      "DROP TABLE reply_fts; "
                      "CREATE VIRTUAL TABLE reply_fts USING fts5(title, department, delegates, "
                      "text, content='reply', content_rowid='id', tokenize='dafu'); "
                      "INSERT INTO reply_fts(reply_fts) VALUES ('rebuild'); "
                      "DELETE FROM schema_migration WHERE version = 45",
                      &d),
              0);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_upgraded(db, &from), 1);
    CHECK_INT(db_value(db, "SELECT count(*) FROM pragma_table_info('reply_fts') "
                           "WHERE cid = 0 AND name = 'text'"),
              1);
    CHECK_INT(db_value(db, "SELECT count(*) FROM reply_fts_docsize"), 4);
    CHECK_INT(db_value(db, "SELECT v FROM reply_fts_config WHERE k = 'automerge'"), 16);
    CHECK_INT(
        db_exec(db, "INSERT INTO reply_fts(reply_fts, rank) VALUES ('integrity-check', 1)", &d), 0);
    text_value(db, ranked, got, sizeof got);
    CHECK_STR(got, want);
    db_close(db);
    remove_db(path);

    /* An archive without the letters' codes (046) gets them from its replies:
     * dafu check finds them as the replies are, and the statistics of keywords
     * with a filter (added up from them) are those of the exhaustive way. */
    temp_db_path(path);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    static const char *const depts[] = {"甲县水利局", "乙市教育局", NULL, "甲县水利局"};
    static const char *const who[] = {"王明", "李红", "王明", NULL};
    for (int i = 0; i < 12; i++)
        put_reply(db, i, "，关于水库。", depts[i % 4], i % 3 ? "人大" : "政协",
                  i % 2 ? "2023-05-06" : "2024-01-02", i % 2 ? 14 : 0, who[i % 4]);
    CHECK_INT(db_commit(db, &d), 0);
    /* (an archive before 057 held every count in reply_count, which 046 reads;
     * before 059, the combinations by their text in reply_facet, 042) */
    CHECK_INT(db_exec(db,
                      "INSERT INTO reply_count(dim, k, n, latest) SELECT dim, k, n, latest "
                      "FROM reply_count_recent WHERE 1 ON CONFLICT DO UPDATE SET n = excluded.n, "
                      "latest = excluded.latest; DELETE FROM reply_count_recent; "
                      "DROP TABLE reply_code; DROP TABLE facet_name; DROP TABLE facet_count; "
                      "DROP TABLE facet_count_recent; "
                      "CREATE TABLE reply_facet (k AS (quote(body) || '|' || quote(kind) || '|' "
                      "|| quote(category) || '|' || quote(term) || '|' || quote(session) || '|' "
                      "|| quote(year) || '|' || quote(region) || '|' || quote(department) || '|' "
                      "|| iif(department_key IS department, '=', quote(department_key))) "
                      "VIRTUAL, body TEXT, kind TEXT, category TEXT, region TEXT, department "
                      "TEXT, department_key TEXT, term INTEGER, session INTEGER, date TEXT, "
                      "n INTEGER NOT NULL, year TEXT); "
                      "INSERT INTO reply_facet(body, kind, category, region, department, "
                      "department_key, term, session, date, n, year) SELECT body, kind, "
                      "category, region, department, department_key, term, session, max(date), "
                      "count(*), substr(date, 1, 4) FROM reply GROUP BY body, kind, category, "
                      "region, department, department_key, term, session, substr(date, 1, 4); "
                      "DELETE FROM schema_migration WHERE version IN (46, 59, 61)",
                      &d),
              0);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_READONLY, &d), 0);
    CHECK_INT(db_upgraded(db, &from), 3); /* 046, 059 and 061 */
    CHECK_INT(db_value(db, "SELECT count(*) FROM facet_name"),
              6); /* 2 departments, 2 keys, 2 bodies */
    CHECK_INT(db_check(db, &d), 0);
    struct search_opts o;
    search_opts_init(&o);
    o.query = "水库";
    o.body = "人大";
    cJSON *kept = search_stats_json(db, &o, &d);
    o.exhaustive = 1;
    cJSON *all = search_stats_json(db, &o, &d);
    char *a = kept ? cJSON_PrintUnformatted(kept) : NULL,
         *b = all ? cJSON_PrintUnformatted(all) : NULL;
    CHECK(a && b && !strcmp(a, b));
    CHECK(a && strstr(a, "\"replies\":8,"));
    free(a);
    free(b);
    cJSON_Delete(kept);
    cJSON_Delete(all);
    db_close(db);
    remove_db(path);

    /* An archive whose evidence is packed in the first format (024), as one
     * lacking 049 has, is packed again against each reply's text: the lines
     * the text holds become references to it, the evidence reads the same, and
     * a TEXT evidence stays as it is. */
    temp_db_path(path);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    static const char ev_text[] = "甲县水利局关于第1号建议的答复\n王明代表：\n收悉。\n甲县水利局";
    static const char ev_json[] = "{\"number\":{\"from\":\"header\",\"line\":\"甲县水利局关于第1号"
                                  "建议的答复\"},\"department\":{\"from\":\"signature\",\"line\":"
                                  "\"甲县水利局\"},\"title\":{\"from\":\"opening\",\"line\":"
                                  "\"关于修路的建议\"}}";
    for (int i = 0; i < 2; i++) {
        struct letter l;
        enum db_put_result res;
        letter_init(&l);
        char text[128];
        snprintf(text, sizeof text, "%s%s", ev_text, i ? "（二）" : "");
        letter_set(&l.text, text, strlen(text));
        letter_set(&l.number, i ? "2" : "1", 1);
        letter_set(&l.evidence, ev_json, strlen(ev_json));
        CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
        letter_release(&l);
    }
    CHECK_INT(db_commit(db, &d), 0);
    /* (stored now against the text: the two lines it holds, 3 bytes each, and
     * the sum of schema 054, 4 bytes) */
    CHECK_INT(db_value(db, "SELECT length(evidence) FROM reply WHERE id = 1"), 54);
    CHECK_INT(db_value(db, "SELECT hex(substr(evidence, 1, 1)) = '03' FROM reply WHERE id = 1"), 1);
    /* The first format: the format byte, the text with each field's template
     * packed (number from header 02 06 00, department from signature 02 07 04,
     * title from opening 02 0A 02). */
    struct buf hex = BUF_INIT, sql = BUF_INIT;
    static const char *const ev_parts[] = {"{",
                                           "\x02\x06",
                                           "\"甲县水利局关于第1号建议的答复\"},",
                                           "\x02\x07\x04",
                                           "\"甲县水利局\"},",
                                           "\x02\x0A\x02",
                                           "\"关于修路的建议\"}}"};
    buf_adds(&hex, "01");
    for (size_t i = 0; i < sizeof ev_parts / sizeof *ev_parts; i++) {
        const char *q = ev_parts[i];
        size_t qn = i == 1 ? 3 : strlen(q); /* "\x02\x06\x00" */
        for (size_t j = 0; j < qn; j++)
            buf_printf(&hex, "%02X", (unsigned char)q[j]);
    }
    buf_printf(&sql,
               "UPDATE reply SET evidence = x'%s' WHERE id = 1; "
               "UPDATE reply SET evidence = '%s' WHERE id = 2; "
               "DELETE FROM schema_migration WHERE version = 49",
               hex.data, ev_json);
    CHECK_INT(db_exec(db, sql.data, &d), 0);
    {
        struct letter l;
        letter_init(&l);
        CHECK_INT(db_get_letter(db, 1, &l, &d), 1);
        CHECK_STR(l.evidence ? l.evidence : "", ev_json);
        letter_release(&l);
    }
    CHECK_INT(db_value(db, "SELECT length(evidence) FROM reply WHERE id = 1"), 102);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_upgraded(db, &from), 1);
    CHECK_INT(db_value(db, "SELECT length(evidence) FROM reply WHERE id = 1"), 54);
    CHECK_INT(db_value(db, "SELECT typeof(evidence) = 'text' FROM reply WHERE id = 2"), 1);
    for (long long id = 1; id <= 2; id++) {
        struct letter l;
        letter_init(&l);
        CHECK_INT(db_get_letter(db, id, &l, &d), 1);
        CHECK_STR(l.evidence ? l.evidence : "", ev_json);
        letter_release(&l);
    }
    /* An archive lacking 054 (its evidence in 049's format, without the sum) is
     * packed again with it; one whose text another program changed since (a
     * reference past its end) stays as it was, stale. */
    CHECK_INT(db_exec(db,
                      "UPDATE reply SET evidence = CAST(x'02' || substr(evidence, 6) AS BLOB) "
                      "WHERE id = 1; "
                      "UPDATE reply SET evidence = (SELECT evidence FROM reply WHERE id = 1) "
                      "WHERE id = 2; "
                      "UPDATE reply SET text = '短' WHERE id = 2; "
                      "DELETE FROM schema_migration WHERE version = 54",
                      &d),
              0);
    CHECK_INT(db_value(db, "SELECT length(evidence) FROM reply WHERE id = 1"), 50);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_upgraded(db, &from), 1);
    CHECK_INT(db_value(db, "SELECT length(evidence) FROM reply WHERE id = 1"), 54);
    CHECK_INT(db_value(db, "SELECT hex(substr(evidence, 1, 1)) FROM reply WHERE id = 1"), 3);
    CHECK_INT(db_value(db, "SELECT hex(substr(evidence, 1, 1)) FROM reply WHERE id = 2"), 2);
    /* A text changed behind dafu's back no longer holds the lines: the evidence
     * is stale, read as none. */
    CHECK_INT(db_exec(db, "UPDATE reply SET text = '短' WHERE id = 1", &d), 0);
    for (long long id = 1; id <= 2; id++) {
        struct letter l;
        letter_init(&l);
        CHECK_INT(db_get_letter(db, id, &l, &d), 1);
        CHECK(l.evidence == NULL);
        CHECK_INT(l.evidence_stale, 1);
        letter_release(&l);
    }
    buf_release(&hex);
    buf_release(&sql);
    db_close(db);
    remove_db(path);

    /* The order indexes of reply_cross and reply_count as they were before
     * 052, every row in them, hold the rows of more than one reply: a grouping
     * of one filter, or of none, reads those from them, then the rows of one
     * reply from the table, by key (reply_cross_recent's rows merged in, by
     * key, in each part); its pages are those of the exhaustive way, ties by
     * name, a page across the two parts included. */
    temp_db_path(path);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    static const char *const x_dept[] = {"乙市教育局", "甲县水利局", NULL, "丙区民政局", "丁镇"};
    static const char *const x_who[] = {"赵六", "王明", "李红", "钱七", "孙八", "周九"};
    for (int i = 0; i < 10; i++) /* 丙区 8, 丁镇 9 */
        put_reply(db, i, "。", i < 8 ? x_dept[i % 3] : x_dept[i - 5], "人大",
                  i % 3 ? "2023-05-06" : "2024-01-02", 0, x_who[i % 6]);
    CHECK_INT(db_commit(db, &d), 0);
    CHECK_INT(db_exec(db,
                      "INSERT OR REPLACE INTO reply_cross(f, fk, dim, k, n, latest) SELECT f, "
                      "fk, dim, k, n, latest FROM reply_cross_recent; "
                      "DELETE FROM reply_cross_recent; "
                      "INSERT OR REPLACE INTO reply_count(dim, k, n, latest) SELECT dim, k, n, "
                      "latest FROM reply_count_recent; DELETE FROM reply_count_recent; "
                      "DROP INDEX reply_cross_order; "
                      "CREATE INDEX reply_cross_order ON reply_cross(f, fk, dim, n DESC, k); "
                      "DROP INDEX reply_count_order; "
                      "CREATE INDEX reply_count_order ON reply_count(dim, n DESC, k); "
                      "DELETE FROM schema_migration WHERE version = 52",
                      &d),
              0);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_upgraded(db, &from), 1);
    CHECK_INT(db_value(db,
                       "SELECT count(*) FROM sqlite_schema WHERE name IN "
                       "('reply_cross_order', 'reply_count_order') AND sql LIKE '% WHERE n > 1'"),
              2);
    CHECK_INT(db_value(db, "SELECT count(*) FROM reply_cross INDEXED BY reply_cross_order "
                           "WHERE n > 1"),
              db_value(db, "SELECT count(*) FROM reply_cross WHERE n > 1"));
    CHECK(db_value(db, "SELECT count(*) FROM reply_cross WHERE n = 1") > 0);
    CHECK(db_value(db, "SELECT count(*) FROM reply_count WHERE n = 1") > 0);
    same_pages(db, "乙市教育局 3 2024-01-02|甲县水利局 3 2023-05-06|- 2 2023-05-06|"
                   "丁镇 1 2024-01-02|丙区民政局 1 2023-05-06|");
    /* (a letter more of 丁镇, whose row of one reply reply_cross_recent now
     * holds with two, schema 053, and one of 丙镇, a row of one there between
     * reply_cross's) */
    CHECK_INT(db_exec(db, "BEGIN IMMEDIATE", &d), 0);
    put_reply(db, 11, "。", "丁镇", "人大", "2024-02-03", 0, NULL);
    put_reply(db, 12, "。", "丙镇", "人大", "2023-08-09", 0, NULL);
    CHECK_INT(db_commit(db, &d), 0);
    same_pages(db, "乙市教育局 3 2024-01-02|甲县水利局 3 2023-05-06|- 2 2023-05-06|"
                   "丁镇 2 2024-02-03|丙区民政局 1 2023-05-06|丙镇 1 2023-08-09|");
    char rows_kept[512];
    for (int k = 0; k < 2; k++) {
        struct search_opts so;
        search_opts_init(&so);
        so.body = k ? NULL : "人大";
        so.limit = 3;
        rows_kept[0] = 0;
        CHECK_INT(search_group(db, &so, GROUP_DEPARTMENT, group_row, rows_kept, &d), 3);
        CHECK_STR(rows_kept, "乙市教育局 3 2024-01-02|甲县水利局 3 2023-05-06|"
                             "- 2 2023-05-06|");
        so.limit = 2;
        so.offset = 3;
        rows_kept[0] = 0;
        CHECK_INT(search_group(db, &so, GROUP_DEPARTMENT, group_row, rows_kept, &d), 2);
        CHECK_STR(rows_kept, "丁镇 2 2024-02-03|丙区民政局 1 2023-05-06|");
    }
    CHECK_INT(db_check(db, &d), 0);
    db_close(db);
    remove_db(path);

    /* 063: an archive whose replies hold their hash as 64 hex digits and the
     * time of their import as ISO 8601 text (reply_hash on the first 16 digits)
     * keeps the 32 bytes and the seconds, both read back as they were; a time in
     * another form stays; the same letter imported again is still the same. */
    temp_db_path(path);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    put_reply(db, 0, "甲", "甲县水利局", "人大", "2024-01-02", 1, NULL);
    put_reply(db, 1, "乙", "乙县教育局", "政协", "2024-01-03", 1, NULL);
    char digits[80], when[32];
    text_value(db, "SELECT lower(hex(sha256)) FROM reply WHERE id = 1", digits, sizeof digits);
    CHECK_INT(strlen(digits), 64);
    CHECK_INT(db_exec(db,
                      "DROP INDEX reply_hash; "
                      "UPDATE reply SET sha256 = lower(hex(sha256)), imported_at = "
                      "iif(id = 1, '2024-05-06T07:08:09Z', '2024-05-06 07:08:09'); "
                      "CREATE INDEX reply_hash ON reply(substr(sha256, 1, 16)); "
                      "DELETE FROM schema_migration WHERE version = 63; "
                      "PRAGMA user_version = 62",
                      &d),
              0);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_upgraded(db, &from), 1);
    CHECK_INT(from, 62);
    CHECK_INT(db_value(db, "SELECT count(*) FROM reply WHERE typeof(sha256) = 'blob' AND "
                           "length(sha256) = 32"),
              2);
    text_value(db, "SELECT imported_at FROM reply WHERE id = 1", when, sizeof when);
    CHECK_STR(when, "1714979289");
    text_value(db, "SELECT imported_at FROM reply WHERE id = 2", when, sizeof when);
    CHECK_STR(when, "2024-05-06 07:08:09");
    struct letter back;
    letter_init(&back);
    CHECK_INT(db_get_letter(db, 1, &back, &d), 1);
    CHECK_STR(back.sha256, digits);
    CHECK_STR(back.imported_at, "2024-05-06T07:08:09Z");
    letter_release(&back);
    letter_init(&back);
    CHECK_INT(db_get_letter(db, 2, &back, &d), 1);
    CHECK_STR(back.imported_at, "2024-05-06 07:08:09");
    letter_release(&back);
    put_reply(db, 0, "甲", "甲县水利局", "人大", "2024-01-02", 1, NULL);
    CHECK_INT(db_value(db, "SELECT count(*) FROM reply"), 2);
    CHECK_INT(db_check(db, &d), 0);
    db_close(db);
    remove_db(path);

    /* 064: the band rows left waiting are moved into similar_band_ids, each
     * value's new letters after those it had (values 2^48 + 1, 2, 3 in one row,
     * 2^49 + 7 in another), and none waits. */
    temp_db_path(path);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_exec(db,
                      "INSERT INTO similar_band_ids(key, ids) SELECT 1, "
                      "dafu_band_row(column1, dafu_band_pack(column2)) FROM (VALUES "
                      "(281474976710657, '3'), (281474976710659, '3,4')); "
                      "INSERT INTO similar_band_waiting(id, keys) VALUES "
                      "(5, x'01000000000001000200000000000100'), "
                      "(6, x'0100000000000100'), (6, x'0700000000000200'); "
                      "DELETE FROM schema_migration WHERE version = 64; "
                      "PRAGMA user_version = 63",
                      &d),
              0);
    db_close(db);
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    CHECK_INT(db_upgraded(db, &from), 1);
    CHECK_INT(from, 63);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_band_waiting"), 0);
    CHECK_INT(db_value(db, "SELECT count(*) FROM similar_band_ids"), 2);
    text_value(db,
               "SELECT group_concat((key - 281474976710656) || ':' || id, ' ') FROM "
               "similar_band",
               bands, sizeof bands);
    CHECK_STR(bands, "1:3 1:5 1:6 2:5 3:3 3:4 281474976710663:6");
    db_close(db);
    remove_db(path);

    diag_release(&d);
    return check_done();
}
