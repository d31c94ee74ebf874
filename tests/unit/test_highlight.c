/*
 * Snippets: dafu_snippet() marks exactly the matched characters (never one more,
 * never part of a hit), and snippet_marks_fit renders and cuts them without ever
 * cutting a hit.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "check.h"
#include "fts/fts_tok.h"
#include "fts/highlight.h"
#include "search/record.h"

static sqlite3 *db;

/* dafu_snippet of the row whose title is `title` and text `text`, for `match`, with
 * [ ] as markers and a window of `cells`. */
static const char *snip(struct buf *out, const char *title, const char *text, const char *match,
                        int cells)
{
    buf_clear(out);
    sqlite3_exec(db, "DELETE FROM t", NULL, NULL, NULL);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "INSERT INTO t(title, text) VALUES (?1, ?2)", -1, &st, NULL);
    sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "SELECT dafu_snippet(t, '[', ']', '…', ?2) FROM t WHERE t MATCH ?1", -1,
                       &st, NULL);
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, cells);
    if (sqlite3_step(st) == SQLITE_ROW)
        buf_adds(out, (const char *)sqlite3_column_text(st, 0));
    else
        buf_adds(out, "(no row)");
    sqlite3_finalize(st);
    return out->data;
}

/* 1 when every [..] in s holds exactly `want`. */
static int marks_are(const char *s, const char *want)
{
    int n = 0;
    for (const char *p = strchr(s, '['); p; p = strchr(p + 1, '[')) {
        const char *e = strchr(p, ']');
        if (!e || (size_t)(e - p - 1) != strlen(want) || memcmp(p + 1, want, strlen(want)))
            return 0;
        n++;
    }
    return n > 0;
}

/* Random texts of ideographs (some traditional), white space, words,
 * punctuation, characters that fold to ideographs from other blocks (豈 U+F900,
 * ⼀ U+2F00, 〸 U+3038, ㍻ U+337B, 𠀀 U+20000) and broken bytes: the snippets of
 * random queries of runs of ideographs are the same whether the phrases are
 * found by their first characters' bytes (32 or 16 at a time) or by reading
 * every character. */
static void han_way_matches_plain(void)
{
    static const char *const piece[] = {"县",
                                        "縣",
                                        "鱼",
                                        "魚",
                                        "卫",
                                        "衛",
                                        "生",
                                        "院",
                                        "一",
                                        "十",
                                        "平",
                                        "成",
                                        "岳",
                                        "嶽",
                                        "阳",
                                        "陽",
                                        "水",
                                        "库",
                                        "庫",
                                        "的",
                                        "，",
                                        "。",
                                        " ",
                                        "\n",
                                        "\t",
                                        "ab",
                                        "5G",
                                        "Ｘ",
                                        "豈",
                                        "\xEF\xA4\x80",
                                        "\xE2\xBC\x80",
                                        "\xE3\x80\xB8",
                                        "\xE3\x8D\xBB",
                                        "\xF0\xA0\x80\x80",
                                        "\xFF",
                                        "\xE5\x8E",
                                        "\xE9",
                                        "\xE4\xB8",
                                        "\xE3\x80",
                                        "\xEF\xBC",
                                        "\xEF\xBD",
                                        "（",
                                        "：",
                                        "ｱ",
                                        "、",
                                        "《",
                                        "》",
                                        "ア",
                                        "〇",
                                        "\xE4\xB7\x80",
                                        "\xE3\x90\x80",
                                        "-"};
    static const char *const word[] = {"县",   "鱼",     "卫生院", "县县", "一",   "十",
                                       "平成", "岳阳县", "水库",   "生院", "成一", "阳",
                                       "库县", "岳阳",   "十县",   "豈",   "县豈"};
    const int npiece = (int)(sizeof piece / sizeof piece[0]);
    const int nword = (int)(sizeof word / sizeof word[0]);
    unsigned seed = 14;
    struct buf text = BUF_INIT, match = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
    int han_queries = 0, fast_queries = 0;
    for (int round = 0; round < 3000; round++) {
        buf_clear(&text);
        int len = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 300;
        for (int i = 0; i < len; i++)
            buf_adds(&text, piece[((seed = seed * 1103515245u + 12345u) >> 16) % npiece]);
        buf_clear(&match);
        int nw = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 3;
        for (int i = 0; i < nw; i++)
            buf_printf(&match, "%s\"%s\"", i ? (round % 5 ? " AND " : " OR ") : "",
                       word[((seed = seed * 1103515245u + 12345u) >> 16) % nword]);
        struct highlight_query *fast = NULL, *plain = NULL, *narrow = NULL;
        CHECK_INT(highlight_query_new(match.data, &fast), 1);
        CHECK_INT(highlight_query_new(match.data, &plain), 1);
        CHECK_INT(highlight_query_new(match.data, &narrow), 1);
        if (!fast || !plain || !narrow)
            break;
        highlight_query_plain(plain);
        highlight_query_narrow(narrow);
        /* title, text: a short column and a long one */
        int cut = (int)text.len / 4;
        const char *col[2] = {text.data ? text.data : "", text.data ? text.data + cut : ""};
        int ncol[2] = {cut, (int)text.len - cut};
        int budget = 8 + round % 70;
        buf_clear(&a);
        buf_clear(&b);
        CHECK_INT(highlight_text(fast, col, ncol, 2, "[", "]", "…", budget, &a), 0);
        CHECK_INT(highlight_text(plain, col, ncol, 2, "[", "]", "…", budget, &b), 0);
        if (strcmp(a.data ? a.data : "", b.data ? b.data : "")) {
            CHECK_STR(a.data ? a.data : "", b.data ? b.data : "");
            fprintf(stderr, "query %s\n", match.data);
        }
        /* and the same 16 bytes at a time as 32 */
        buf_clear(&b);
        CHECK_INT(highlight_text(narrow, col, ncol, 2, "[", "]", "…", budget, &b), 0);
        if (strcmp(a.data ? a.data : "", b.data ? b.data : "")) {
            CHECK_STR(a.data ? a.data : "", b.data ? b.data : "");
            fprintf(stderr, "query %s (16 bytes at a time)\n", match.data);
        }
        han_queries += a.len > 0;
        fast_queries += highlight_query_fast(fast) + highlight_query_fast(narrow);
        CHECK_INT(highlight_query_fast(plain), 0);
        highlight_query_free(fast);
        highlight_query_free(plain);
        highlight_query_free(narrow);
    }
    /* most texts hold a phrase */
    CHECK(han_queries > 1500);
    /* the comparison was of the two ways: every query of these words (runs of
     * ideographs) took the one without a look at every character */
    CHECK_INT(fast_queries, 6000);
    buf_release(&text);
    buf_release(&match);
    buf_release(&a);
    buf_release(&b);
}

int main(void)
{
    struct diag d = DIAG_INIT;
    struct buf b = BUF_INIT;
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    CHECK_INT(fts_tok_register(db, &d), 0);
    CHECK_INT(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(text, title, tokenize='dafu')",
                           NULL, NULL, NULL),
              SQLITE_OK);

    /* A one-character hit marks one character; a four-character hit all four. */
    CHECK_STR(snip(&b, "", "郴州市有色金属产业", "郴", 64), "[郴]州市有色金属产业");
    CHECK_STR(snip(&b, "", "郴州市有色金属产业", "有色金属", 64), "郴州市[有色金属]产业");
    CHECK_STR(snip(&b, "", "郴州市有色金属产业", "色", 64), "郴州市有[色]金属产业");
    /* Several terms: each marked; overlapping and touching hits are one mark. */
    CHECK_STR(snip(&b, "", "郴州市有色金属产业", "有色 郴州", 64), "[郴州]市[有色]金属产业");
    CHECK_STR(snip(&b, "", "哈哈哈。", "哈哈", 64), "[哈哈哈]。");
    CHECK_STR(snip(&b, "", "有色金属", "有色 金属", 64), "[有色金属]");
    /* Traditional text: the traditional characters that matched are marked. */
    CHECK_STR(snip(&b, "", "嶽陽縣交通運輸局", "岳阳县", 64), "[嶽陽縣]交通運輸局");
    CHECK_STR(snip(&b, "", "岳阳县交通运输局", "嶽陽", 64), "[岳阳]县交通运输局");
    /* Digits, full width, and digits next to Han characters. */
    CHECK_STR(snip(&b, "", "第0831号建议", "0831号", 64), "第[0831号]建议");
    CHECK_STR(snip(&b, "", "第０８３１号建议", "0831", 64), "第[０８３１]号建议");
    CHECK_STR(snip(&b, "", "2023年5月", "2023年", 64), "[2023年]5月");
    /* A word broken across lines: marked whole, the break shown as one space. */
    CHECK_STR(snip(&b, "", "加大有色\n  金属扶持", "有色金属", 64), "加大[有色 金属]扶持");

    /* The window never cuts a hit: the second 有色金属 would straddle the end of a
     * 20-cell window, so the window stops before it. */
    CHECK_STR(snip(&b, "", "有色金属一二三四五六有色金属", "有色金属", 20),
              "[有色金属]一二三四五六…");
    CHECK(marks_are(snip(&b, "", "有色金属一二三四五六七有色金属", "有色金属", 30), "有色金属"));
    /* ... and a hit longer than the window widens it. */
    CHECK_STR(snip(&b, "", "湖南省郴州市有色金属产业", "有色金属产业", 4), "…[有色金属产业]");
    /* The lead starts no earlier than the sentence. */
    CHECK_STR(snip(&b, "", "前一句话。郴州有色金属产业是重要产业", "有色金属", 64),
              "…郴州[有色金属]产业是重要产业");
    /* The best group: the window holding both terms wins over an earlier single hit. */
    CHECK_STR(
        snip(&b, "", "郴州。一二三四五六七八九十一二三四五六七八九十。郴州有色", "郴州 有色", 16),
        "…[郴州有色]");

    /* A group fills the window exactly: a hit (2 cells) and the 10 cells to the
     * end of the next one fit 12; the group before, 2 cells more, does not; in
     * 11 cells no group fits, and the first hit is shown. */
    CHECK_STR(snip(&b, "", "郴一二三四五郴。。。。。。。。郴一二三四郴", "郴", 12),
              "…[郴]一二三四[郴]");
    CHECK_STR(snip(&b, "", "郴一二三四五郴。。。。。。。。郴一二三四郴", "郴", 11),
              "[郴]一二三四…");

    /* The column: most distinct phrases; on a tie the text, the first column (as in
     * reply_fts), over the later one. */
    CHECK_STR(snip(&b, "有色金属产业", "郴州的有色金属", "有色金属", 64), "郴州的[有色金属]");
    CHECK_STR(snip(&b, "郴州有色金属产业", "有色金属", "有色金属 郴州", 64), "[郴州有色金属]产业");

    /* Control characters in the text cannot fake a marker; bad bytes print as U+FFFD. */
    CHECK_STR(snip(&b, "", "\x01有色\x02金属", "有色", 64), "[有色]金属");
    CHECK_STR(snip(&b, "", "有色\xff金属", "有色", 64), "[有色]\xEF\xBF\xBD金属");

    /* The default markers. */
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "SELECT dafu_snippet(t) FROM t WHERE t MATCH '有色'", -1, &st, NULL);
    CHECK_INT(sqlite3_step(st), SQLITE_ROW);
    CHECK_STR((const char *)sqlite3_column_text(st, 0), "«有色»\xEF\xBF\xBD金属");
    sqlite3_finalize(st);

    /* A string marked FTS_TOK_PAIRS matches the rows the full phrase matches,
     * with as many instances, each ending a character earlier (FTS5's own
     * highlight shows it): the last pair stands for its last character. */
    CHECK_INT(sqlite3_exec(db, "DELETE FROM t", NULL, NULL, NULL), SQLITE_OK);
    static const char *const rows[] = {"郴州市有色金属产业",
                                       "有色，金属",
                                       "有色金属有色金属",
                                       "金属有色",
                                       "有 色金属",
                                       "有色金",
                                       "色金属"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        sqlite3_prepare_v2(db, "INSERT INTO t(rowid, title, text) VALUES (?1, '', ?2)", -1, &st,
                           NULL);
        sqlite3_bind_int(st, 1, (int)i + 1);
        sqlite3_bind_text(st, 2, rows[i], -1, SQLITE_STATIC);
        CHECK_INT(sqlite3_step(st), SQLITE_DONE);
        sqlite3_finalize(st);
    }
    static const char *const phrases[] = {"有色金属",   "有色",   "色金",     "金属", "郴",
                                          "有色，金属", "色金属", "金属产业", "市有"};
    for (size_t i = 0; i < sizeof phrases / sizeof phrases[0]; i++) {
        /* each row: its id and its instances (FTS5's highlight marks them) */
        struct buf got[2] = {BUF_INIT, BUF_INIT};
        int marks[2] = {0, 0};
        for (int k = 0; k < 2; k++) {
            sqlite3_prepare_v2(db,
                               "SELECT rowid, highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1",
                               -1, &st, NULL);
            buf_clear(&b);
            buf_printf(&b, "\"%s%s\"", k ? "\x01" : "", phrases[i]);
            sqlite3_bind_text(st, 1, b.data, -1, SQLITE_TRANSIENT);
            while (sqlite3_step(st) == SQLITE_ROW) {
                buf_printf(&got[k], "%d ", sqlite3_column_int(st, 0));
                for (const char *c = (const char *)sqlite3_column_text(st, 1); c && *c; c++)
                    marks[k] += *c == '[';
            }
            sqlite3_finalize(st);
        }
        CHECK(got[0].len > 0);
        CHECK_STR(got[1].data, got[0].data);
        CHECK_INT(marks[1], marks[0]);
        buf_release(&got[0]);
        buf_release(&got[1]);
    }
    sqlite3_prepare_v2(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1 AND rowid = 1",
                       -1, &st, NULL);
    sqlite3_bind_text(st, 1, "\"\x01有色金属\"", -1, SQLITE_STATIC);
    CHECK_INT(sqlite3_step(st), SQLITE_ROW);
    CHECK_STR((const char *)sqlite3_column_text(st, 0), "郴州市[有色金]属产业");
    sqlite3_finalize(st);

    /* snippet_marks: « » or colour; snippet_marks_fit never cuts inside a hit. */
    buf_clear(&b);
    snippet_marks(&b,
                  "ab\x01"
                  "cd\x02"
                  "e\nf",
                  0);
    CHECK_STR(b.data, "ab«cd»e f");
    buf_clear(&b);
    snippet_marks(&b,
                  "\x01"
                  "郴\x02",
                  1);
    CHECK_STR(b.data, "\x1b[1;31m郴\x1b[0m");
    buf_clear(&b);
    snippet_marks_fit(&b, "前后\x01有色金属\x02产业", 0, 12);
    CHECK_STR(b.data, "前后…");
    buf_clear(&b);
    snippet_marks_fit(&b, "前后\x01有色金属\x02产业", 0, 15);
    CHECK_STR(b.data, "前后«有色金属»…");
    buf_clear(&b);
    snippet_marks_fit(&b, "前后\x01有色金属\x02产业", 1, 13);
    CHECK_STR(b.data, "前后\x1b[1;31m有色金属\x1b[0m…");
    buf_clear(&b);
    snippet_marks_fit(&b, "前后\x01有色金属\x02产业", 0, 0);
    CHECK_STR(b.data, "前后«有色金属»产业");

    han_way_matches_plain();

    sqlite3_close(db);
    diag_release(&d);
    buf_release(&b);
    return check_done();
}
