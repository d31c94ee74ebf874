/*
 * The user query language -> FTS5 MATCH expressions, and the promise that any
 * input at all runs as a search or gets a clear message, never an FTS5 error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "check.h"
#include "search/query.h"
#include "store/db.h"
#include "store/topk.h"
#include "util.h"

static const char *q(struct buf *b, const char *in, int *rc)
{
    buf_clear(b);
    struct diag d = DIAG_INIT;
    *rc = query_to_match(in, b, &d);
    diag_release(&d);
    return b->data;
}

/* Runs a keyword search; returns the hit count, or -1 for a usage message (kept in
 * msg), or -2 for any other error (which no query may cause). */
static long long run(struct db *db, const char *query, struct buf *msg)
{
    struct search_opts o;
    search_opts_init(&o);
    o.query = query;
    struct diag d = DIAG_INIT;
    long long n = search_count(db, &o, &d);
    if (n < 0) {
        buf_clear(msg);
        buf_adds(msg, diag_msg(&d));
        n = d.code == DIAG_USAGE ? -1 : -2;
        if (n == -2)
            fprintf(stderr, "query '%.60s' failed: %s\n", query, diag_msg(&d));
    }
    diag_release(&d);
    return n;
}

/* Stores a letter; returns its id. date may be NULL. */
static long long put_dated(struct db *db, const char *number, const char *title, const char *text,
                           const char *date)
{
    struct letter l;
    letter_init(&l);
    letter_set(&l.body, "人大", strlen("人大"));
    letter_set(&l.number, number, strlen(number));
    letter_set(&l.title, title, strlen(title));
    letter_set(&l.text, text, strlen(text));
    if (date)
        letter_set(&l.date, date, strlen(date));
    enum db_put_result res;
    struct diag d = DIAG_INIT;
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    diag_release(&d);
    long long id = l.id;
    letter_release(&l);
    return id;
}

static void put(struct db *db, const char *number, const char *title, const char *text)
{
    put_dated(db, number, title, text, NULL);
}

/* Every statement's SQL as prepared (its text, not its bound values). */
static int on_trace(unsigned type, void *ctx, void *p, void *x)
{
    (void)p;
    if (type == SQLITE_TRACE_STMT && x) {
        struct buf *sql = ctx;
        buf_adds(sql, (const char *)x);
        buf_addch(sql, '\n');
    }
    return 0;
}

static long long filtered(struct db *db, const struct search_opts *o)
{
    struct diag d = DIAG_INIT;
    long long n = search_count(db, o, &d);
    if (n < 0)
        fprintf(stderr, "search failed: %s\n", diag_msg(&d));
    diag_release(&d);
    return n;
}

struct order {
    long long ids[16];
    double ranks[16];
    int n;
};

static int order_cb(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    struct order *o = ctx;
    (void)snippet;
    if (o->n < 16) {
        o->ranks[o->n] = rank;
        o->ids[o->n++] = l->id;
    }
    return 0;
}

/* One page of a ranked search; with a filter every letter passes (body 人大), to
 * take the one-phase way that ranks and reads every hit's row together. */
static struct order page(struct db *db, const char *query, long limit, long offset, int filter)
{
    struct order o = {{0}, {0}, 0};
    struct search_opts so;
    search_opts_init(&so);
    so.query = query;
    so.limit = limit;
    so.offset = offset;
    if (filter)
        so.body = "人大";
    struct diag d = DIAG_INIT;
    CHECK(search_run(db, &so, order_cb, &o, &d) >= 0);
    diag_release(&d);
    return o;
}

/* The ids a search returns, in order. */
static struct order ranked(struct db *db, const char *query)
{
    struct order o = {{0}, {0}, 0};
    struct search_opts so;
    search_opts_init(&so);
    so.query = query;
    struct diag d = DIAG_INIT;
    search_run(db, &so, order_cb, &o, &d);
    diag_release(&d);
    return o;
}

/* A small deterministic generator (splitmix64). */
static uint64_t rng_state = 0x5EED;
static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int main(void)
{
    struct buf b = BUF_INIT;
    int rc;
    /* Terms are quoted literals, ANDed. */
    CHECK_STR(q(&b, "有色金属 郴州", &rc), "\"有色金属\" AND \"郴州\"");
    CHECK_INT(rc, 1);
    /* The ideographic space U+3000 separates terms too. */
    CHECK_STR(q(&b, "有色金属　郴州", &rc), "\"有色金属\" AND \"郴州\"");
    /* Phrases stay whole; quotes inside are doubled. */
    CHECK_STR(q(&b, "\"有色 金属\"", &rc), "\"有色 金属\"");
    /* Chinese quotation marks make a phrase too; an unclosed quote runs to the end. */
    CHECK_STR(q(&b, "“有色 金属” 郴州", &rc), "\"有色 金属\" AND \"郴州\"");
    CHECK_STR(q(&b, "＂有色 金属＂", &rc), "\"有色 金属\"");
    CHECK_STR(q(&b, "郴州 \"有色 金属", &rc), "\"郴州\" AND \"有色 金属\"");
    /* OR between two terms; -term excludes, all exclusions under one NOT. */
    CHECK_STR(q(&b, "a OR b c", &rc), "(\"a\" OR \"b\") AND \"c\"");
    CHECK_STR(q(&b, "a OR b OR c", &rc), "(\"a\" OR \"b\" OR \"c\")");
    CHECK_STR(q(&b, "有色 -金属", &rc), "(\"有色\") NOT (\"金属\")");
    CHECK_STR(q(&b, "有色 -金属 -\"铜 矿\"", &rc), "(\"有色\") NOT (\"金属\" OR \"铜 矿\")");
    /* OR at an edge, or next to another OR, is the word "or". */
    CHECK_STR(q(&b, "OR", &rc), "\"OR\"");
    CHECK_STR(q(&b, "a OR", &rc), "\"a\" AND \"OR\"");
    CHECK_STR(q(&b, "a OR OR b", &rc), "\"a\" AND \"OR\" AND \"OR\" AND \"b\"");
    /* FTS5 syntax is literal text: every case of the list. */
    CHECK_STR(q(&b, "2023-5-12", &rc), "\"2023-5-12\"");
    CHECK_STR(q(&b, "AND", &rc), "\"AND\"");
    CHECK_STR(q(&b, "NOT", &rc), "\"NOT\"");
    CHECK_STR(q(&b, "NEAR(", &rc), "\"NEAR(\"");
    CHECK_STR(q(&b, "NEAR(a b)", &rc), "\"NEAR(a\" AND \"b)\"");
    CHECK_STR(q(&b, "a:b", &rc), "\"a:b\"");
    CHECK_STR(q(&b, "title:有色", &rc), "\"title:有色\"");
    CHECK_STR(q(&b, "有色*", &rc), "\"有色*\"");
    CHECK_STR(q(&b, "^有色", &rc), "\"^有色\"");
    CHECK_STR(q(&b, "湘工信建议函[2023]266号", &rc), "\"湘工信建议函[2023]266号\"");
    CHECK_STR(q(&b, "say\"hi", &rc), "\"say\"\"hi\"");
    CHECK_STR(q(&b, "{a b}", &rc), "\"{a\" AND \"b}\"");
    /* Nothing searchable: 0 and nothing written; only exclusions: an error. */
    const char *empty[] = {"",  "   ", "[",  "\"", "\"\"",  "*",      "^",           "(",
                           ")", "-",   "--", ":",  "[ * ^", "。，、", "\xe3\x80\x80"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        CHECK_STR(q(&b, empty[i], &rc), "");
        CHECK_INT(rc, 0);
    }
    CHECK_STR(q(&b, NULL, &rc), "");
    CHECK_INT(rc, 0);
    q(&b, "-金属", &rc);
    CHECK_INT(rc, -1);
    q(&b, "-金属 -[", &rc);
    CHECK_INT(rc, -1);
    /* Excluding nothing searchable is no exclusion. */
    CHECK_STR(q(&b, "有色 -[", &rc), "\"有色\"");

    /* 1000 terms: none is dropped. */
    struct buf many = BUF_INIT;
    for (int i = 0; i < 1000; i++)
        buf_printf(&many, "%sw%d", i ? " " : "", i);
    q(&b, many.data, &rc);
    CHECK_INT(rc, 1);
    CHECK(strstr(b.data, "\"w0\" AND \"w1\" AND ") == b.data);
    CHECK(strstr(b.data, " AND \"w999\"") != NULL);

    /* An archive to run the queries against. */
    char path[] = "/tmp/dafu-test-query-XXXXXX";
    temp_db_path(path);
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    CHECK_INT(db_open(&db, path, DB_WRITE, &d), 0);
    put(db, "0831", "关于加大对郴州有色金属产业扶持力度的建议",
        "有色金属产业是我省的重要传统产业。湘工信建议函〔2023〕266号。2023-5-12 AND NEAR");
    put(db, "12", "关于乡村振兴的建议", "乡村振兴，产业兴旺。金，属。");
    struct buf msg = BUF_INIT;

    /* Each special input gives a count or a clear usage message. */
    CHECK_INT(run(db, "2023-5-12", &msg), 1);
    CHECK_INT(run(db, "湘工信建议函[2023]266号", &msg), 1);
    CHECK_INT(run(db, "AND", &msg), 1);
    CHECK_INT(run(db, "NEAR(", &msg), 1);
    CHECK_INT(run(db, "a:b", &msg), 0);
    CHECK_INT(run(db, "有色 -乡村", &msg), 1);
    CHECK_INT(run(db, "有色 OR 乡村", &msg), 2);
    CHECK_INT(run(db, "产业 -\"金 属\"", &msg), 1);
    CHECK_INT(run(db, "金属", &msg), 1);   /* not the 金，属 of letter 12 */
    CHECK_INT(run(db, "金，属", &msg), 2); /* a break in the term matches any break */
    CHECK_INT(run(db, "[", &msg), -1);
    CHECK_STR(msg.data, "the query '[' has no letters or digits to search for");
    CHECK_INT(run(db, "\"", &msg), -1);
    CHECK_INT(run(db, "*", &msg), -1);
    CHECK_INT(run(db, "^", &msg), -1);
    CHECK_INT(run(db, "-乡村", &msg), -1);
    CHECK_STR(msg.data, "a query needs at least one term that is not excluded with '-'");
    /* 1000 terms, 1000 exclusions, and one very long term run. */
    CHECK_INT(run(db, many.data, &msg), 0);
    buf_clear(&many);
    buf_adds(&many, "产业");
    for (int i = 0; i < 1000; i++)
        buf_printf(&many, " -x%d", i);
    CHECK_INT(run(db, many.data, &msg), 2);
    buf_clear(&many);
    for (int i = 0; i < 20000; i++)
        buf_adds(&many, "有色金属");
    CHECK_INT(run(db, many.data, &msg), 0);

    /* NUL-free binary junk, and junk made of the characters that mean something to
     * FTS5 or to the query language: never anything but a count or a usage message. */
    static const char *const parts[] = {
        "\"", "-", "OR", "AND",  "NOT",  "NEAR(", ")",    "(", "*", "^",  ":", "+",    "{",
        "}",  " ", "　", "有色", "金属", "a",     "0831", "“", "”", "\\", "'", "\xff", "\xe6\x9c"};
    long bad = 0;
    for (int i = 0; i < 3000; i++) {
        struct buf junk = BUF_INIT;
        int n = 1 + (int)(rng() % 12);
        for (int k = 0; k < n; k++) {
            if (i % 2) {
                char c = (char)(1 + rng() % 255);
                buf_add(&junk, &c, 1);
            } else {
                buf_adds(&junk, parts[rng() % (sizeof parts / sizeof parts[0])]);
            }
        }
        if (run(db, junk.data, &msg) == -2)
            bad++;
        buf_release(&junk);
    }
    CHECK_INT(bad, 0);

    /* Ranking: a title hit outranks body hits, even several of them in a longer
     * letter; equal ranks list the newest letter first. */
    long long body_hit =
        put_dated(db, "31", "关于茶叶产业的建议", "支持油茶产业。油茶产业发展良好。", "2024-01-01");
    long long title_hit = put_dated(db, "32", "关于油茶产业的建议", "支持茶叶产业。", "2020-01-01");
    struct order o = ranked(db, "油茶");
    CHECK_INT(o.n, 2);
    CHECK_INT(o.ids[0], title_hit);
    CHECK_INT(o.ids[1], body_hit);
    /* A department hit outranks a body hit too. */
    long long body_dept = put_dated(db, "33", "关于灌区的建议", "请水务局支持。水务工作。", NULL);
    struct letter l;
    letter_init(&l);
    letter_set(&l.number, "34", 2);
    letter_set(&l.department, "阳春市水务局", strlen("阳春市水务局"));
    letter_set(&l.text, "关于渠道的答复。", strlen("关于渠道的答复。"));
    enum db_put_result res;
    CHECK_INT(db_put_letter(db, &l, &res, &d), 0);
    long long dept_hit = l.id;
    letter_release(&l);
    o = ranked(db, "水务局");
    CHECK_INT(o.n, 2);
    CHECK_INT(o.ids[0], dept_hit);
    CHECK_INT(o.ids[1], body_dept);

    long long older = put_dated(db, "41", "甲", "柑橘种植基地建设一", "2021-03-01");
    long long newer = put_dated(db, "42", "乙", "柑橘种植基地建设二", "2023-03-01");
    long long undated = put_dated(db, "43", "丙", "柑橘种植基地建设三", NULL);
    o = ranked(db, "柑橘");
    CHECK_INT(o.n, 3);
    CHECK_INT(o.ids[0], newer);
    CHECK_INT(o.ids[1], older);
    CHECK_INT(o.ids[2], undated);

    /* Pages of a ranked search: letters with the same rank (the same text) come
     * newest first, also where the tie crosses a page's end, and every page
     * agrees with the one-phase search that reads each hit's row. */
    long long loquat[6];
    const char *dates[6] = {"2019-05-01", "2024-05-01", NULL,
                            "2021-05-01", "2024-05-01", "2022-05-01"};
    const char *places[6] = {"甲村", "乙村", "丙村", "丁村", "戊村", "己村"};
    for (int i = 0; i < 6; i++) {
        char num[8], text[64];
        snprintf(num, sizeof num, "5%d", i);
        snprintf(text, sizeof text, "枇杷种植示范%s", places[i]); /* same length, same rank */
        loquat[i] = put_dated(db, num, "乙", text, dates[i]);
    }
    long long loquat_title = put_dated(db, "57", "关于枇杷的建议", "示范", "2018-01-01");
    long long want_order[7] = {loquat_title, loquat[4], loquat[1], loquat[5],
                               loquat[3],    loquat[0], loquat[2]};
    struct order all = page(db, "枇杷", 20, 0, 0);
    CHECK_INT(all.n, 7);
    for (int i = 0; i < 7; i++)
        CHECK_INT(all.ids[i], want_order[i]);
    struct order one_phase = page(db, "枇杷", 20, 0, 1);
    CHECK_INT(one_phase.n, 7);
    for (int i = 0; i < 7 && i < one_phase.n; i++) {
        CHECK_INT(one_phase.ids[i], all.ids[i]);
        CHECK(one_phase.ranks[i] == all.ranks[i]);
    }
    CHECK(all.ranks[0] < all.ranks[1] && all.ranks[1] == all.ranks[6]);
    for (long lim = 1; lim <= 4; lim++)
        for (long off = 0; off < 8; off++) {
            struct order pg = page(db, "枇杷", lim, off, 0);
            long expect = off >= 7 ? 0 : (off + lim > 7 ? 7 - off : lim);
            CHECK_INT(pg.n, expect);
            for (int i = 0; i < pg.n; i++) {
                CHECK_INT(pg.ids[i], want_order[off + i]);
                CHECK(pg.ranks[i] == all.ranks[off + i]);
            }
        }

    /* dafu_rank gives FTS5's bm25() figures to the bit, for dense hits (lengths
     * read in runs) and rare ones (looked up row by row): with 80 more letters
     * 柑橘 is in fewer than 1 in 8, 的 in all of them. */
    for (int i = 0; i < 80; i++) {
        char num[16], text[64];
        snprintf(num, sizeof num, "9%03d", i);
        snprintf(text, sizeof text, "第%d号的补充材料。", i);
        put(db, num, "补", text);
    }
    const char *rank_queries[] = {"\"的\"", "\"枇杷\"", "\"柑橘\"", "\"枇杷\" AND \"示范\"",
                                  "\"油茶\" OR \"水务\""};
    for (size_t i = 0; i < sizeof rank_queries / sizeof *rank_queries; i++) {
        sqlite3_stmt *rs = NULL;
        CHECK_INT(sqlite3_prepare_v2(db_sqlite(db),
                                     "SELECT bm25(reply_fts, " TOPK_WEIGHTS "), "
                                     "dafu_rank(reply_fts, " TOPK_WEIGHTS ") FROM reply_fts "
                                     "WHERE reply_fts MATCH ?1",
                                     -1, &rs, NULL),
                  SQLITE_OK);
        sqlite3_bind_text(rs, 1, rank_queries[i], -1, SQLITE_STATIC);
        int rows = 0, same = 0;
        while (sqlite3_step(rs) == SQLITE_ROW) {
            rows++;
            same += sqlite3_column_double(rs, 0) == sqlite3_column_double(rs, 1);
        }
        sqlite3_finalize(rs);
        CHECK(rows > 0);
        CHECK_INT(same, rows);
    }

    /* More bound values than the 64 the filters once had room for: a department
     * name holding 100 abbreviations, the letter matching only the last one's
     * expansion (102 values: the name, its characters in order, one each). */
    {
        struct buf name = BUF_INIT;
        struct buf dept = BUF_INIT;
        CHECK_INT(db_exec(db, "BEGIN", &d), 0);
        for (int i = 1; i <= 100; i++) {
            char alias[8], sql[160];
            snprintf(alias, sizeof alias, "k%03d", i);
            buf_adds(&name, alias);
            if (i < 100)
                buf_adds(&dept, alias);
            snprintf(sql, sizeof sql, "INSERT INTO department_alias VALUES ('%s', '%s')", alias,
                     i < 100 ? "无关单位" : "湖南省测试厅");
            CHECK_INT(db_exec(db, sql, &d), 0);
        }
        CHECK_INT(db_exec(db, "COMMIT", &d), 0);
        buf_adds(&dept, "湖南省测试厅");
        struct letter lt;
        enum db_put_result put;
        letter_init(&lt);
        letter_set(&lt.number, "0999", 4);
        letter_set(&lt.department, dept.data, dept.len);
        letter_set(&lt.text, "测试。", strlen("测试。"));
        CHECK_INT(db_put_letter(db, &lt, &put, &d), 0);
        letter_release(&lt);
        struct search_opts fo;
        search_opts_init(&fo);
        fo.department = name.data;
        CHECK_INT(filtered(db, &fo), 1);
        buf_release(&name);
        buf_release(&dept);
    }

    /* Year, term and session reach SQL as bound values, never in its text. */
    {
        struct letter lt;
        enum db_put_result put;
        letter_init(&lt);
        letter_set(&lt.number, "0777", 4);
        letter_set(&lt.date, "1987-06-05", 10);
        letter_set(&lt.text, "一九八七年的答复。", strlen("一九八七年的答复。"));
        lt.term = 37;
        lt.session = 41;
        CHECK_INT(db_put_letter(db, &lt, &put, &d), 0);
        letter_release(&lt);
        struct buf sql = BUF_INIT;
        sqlite3_trace_v2(db_sqlite(db), SQLITE_TRACE_STMT, on_trace, &sql);
        struct search_opts fo;
        search_opts_init(&fo);
        fo.exhaustive = 1; /* counted in SQL: the kept combinations count in C */
        fo.year = 1987;
        CHECK_INT(filtered(db, &fo), 1);
        fo.term = 37;
        fo.session = 41;
        CHECK_INT(filtered(db, &fo), 1);
        fo.session = 40;
        CHECK_INT(filtered(db, &fo), 0);
        fo.year = 1988;
        fo.session = 41;
        CHECK_INT(filtered(db, &fo), 0);
        sqlite3_trace_v2(db_sqlite(db), 0, NULL, NULL);
        CHECK(strstr(sql.data, "r.term = ?") != NULL);
        CHECK(strstr(sql.data, "1987") == NULL);
        CHECK(strstr(sql.data, "1988") == NULL);
        CHECK(strstr(sql.data, "37") == NULL);
        CHECK(strstr(sql.data, "41") == NULL);
        buf_release(&sql);
    }

    buf_release(&msg);
    buf_release(&many);
    db_close(db);
    remove_db(path);
    diag_release(&d);
    buf_release(&b);
    return check_done();
}
