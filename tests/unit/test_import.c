/* Unit tests of import: what a file's bytes turn into (text, page, JSON records),
 * where bad JSON is bad, and import_paths' re-imports, batches, strict and dry
 * runs against a real archive in a temporary folder. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>
#include <unicode/ucnv.h>

#include "check.h"
#include "import/import.h"

static const char letter[] =
    "湖北省农业农村厅关于省十四届人大一次会议第0215号建议的答复\n"
    "鄂农建〔2023〕46号\n"
    "郑美玲代表：\n"
    "　　您提出的《关于支持鄂西山区茶叶产业链提档升级的建议》收悉。现答复如下：\n"
    "　　茶叶是我省山区县农民增收的主导产业之一。\n"
    "　　感谢您对我省农业农村工作的关心和支持。\n"
    "湖北省农业农村厅\n2023年6月18日\n";

/* Collects the letters import_bytes finds. */
struct got {
    int n;
    char number[8][16];
    long line[8];
};

static int collect(void *ctx, struct letter *l, long line, struct diag *d)
{
    struct got *g = ctx;
    (void)d;
    if (g->n < 8) {
        snprintf(g->number[g->n], sizeof g->number[0], "%s", l->number ? l->number : "-");
        g->line[g->n] = line;
    }
    g->n++;
    letter_release(l);
    return 0;
}

/* Runs import_bytes on a C string; returns its result. */
static int run(const char *data, const char *name, struct got *g, struct import_result *res,
               struct diag *d)
{
    memset(g, 0, sizeof *g);
    return import_bytes(data, strlen(data), name, NULL, collect, g, res, d);
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, len, f);
    fclose(f);
}

static int count_replies(struct db *db)
{
    return (int)db_count(db, "reply");
}

/* The full-text index's segments. */
static int fts_segments(struct db *db)
{
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db_sqlite(db), "SELECT count(DISTINCT segid) FROM reply_fts_idx", -1,
                           &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

int main(void)
{
    struct got g;
    struct import_result res;
    struct diag d = DIAG_INIT;

    /* Letter text. */
    CHECK_INT(run(letter, "a.txt", &g, &res, &d), 0);
    CHECK_INT(g.n, 1);
    CHECK_STR(g.number[0], "0215");
    CHECK_INT(res.kind, IMPORT_TEXT);
    CHECK_STR(res.charset, "UTF-8");
    /* The same letter as a web page, recognised by its content too. */
    struct buf page = BUF_INIT;
    buf_adds(&page, "<html><head><script>var n = '第9999号';</script></head><body>"
                    "<nav>首页</nav><div class=\"content\"><p>");
    for (const char *p = letter; *p; p++) {
        if (*p == '\n')
            buf_adds(&page, "</p>\n<p>");
        else
            buf_addch(&page, *p);
    }
    buf_adds(&page, "</p></div><footer>版权所有</footer></body></html>");
    CHECK_INT(run(page.data, "a.html", &g, &res, &d), 0);
    CHECK_INT(res.kind, IMPORT_HTML);
    CHECK_STR(g.number[0], "0215");
    CHECK_INT(run(page.data, "a.txt", &g, &res, &d), 0);
    CHECK_INT(res.kind, IMPORT_HTML);
    CHECK_INT(run(page.data, NULL, &g, &res, &d), 0);
    CHECK_INT(res.kind, IMPORT_HTML);
    buf_release(&page);
    /* Not a letter. */
    CHECK_INT(run("今天天气很好。\n", "a.txt", &g, &res, &d), -1);
    CHECK(strstr(diag_msg(&d), "not a reply letter") != NULL);

    /* JSON records: one object, an array, one a line (with blank lines), and one
     * object spread over lines; by name or by content. */
    const char *rec = "{\"number\":\"12\",\"text\":\"正文一\"}";
    CHECK_INT(run(rec, "r.json", &g, &res, &d), 0);
    CHECK_INT(g.n, 1);
    CHECK_STR(g.number[0], "12");
    CHECK_INT(res.kind, IMPORT_JSON);
    CHECK_INT(run("[{\"number\":\"1\",\"text\":\"甲\"},\n {\"number\":\"2\",\"text\":\"乙\"}]",
                  "r.json", &g, &res, &d),
              0);
    CHECK_INT(g.n, 2);
    CHECK_INT(g.line[1], 2);
    CHECK_INT(run("\xEF\xBB\xBF{\"number\":\"1\",\"text\":\"甲\"}\n\n"
                  "{\"number\":\"2\",\"text\":\"乙\"}\r\n",
                  "r.jsonl", &g, &res, &d),
              0);
    CHECK_INT(g.n, 2);
    CHECK_INT(g.line[1], 3);
    CHECK_INT(run("{\n  \"number\": \"7\",\n  \"text\": \"丙\"\n}\n", "-", &g, &res, &d), 0);
    CHECK_INT(g.n, 1);
    CHECK_STR(g.number[0], "7");
    CHECK_INT(run("[]", "-", &g, &res, &d), 0);
    CHECK_INT(g.n, 0);

    /* Bad JSON: line and column (in characters) of the fault. */
    CHECK_INT(run("{\"number\":\"1\",\"text\":\"甲\"}\n{\"number\": \"二\" \"text\": 1}\n",
                  "r.jsonl", &g, &res, &d),
              -1);
    CHECK_INT(res.line, 2);
    CHECK_INT(res.col, 16);
    CHECK_STR(diag_msg(&d), "invalid JSON near '\"text\": 1}'");
    /* Two records on one line. */
    CHECK_INT(run("{\"text\":\"甲\"} {\"text\":\"乙\"}\n", "r.jsonl", &g, &res, &d), -1);
    CHECK_INT(res.line, 1);
    CHECK_INT(res.col, 14);
    /* Cut short. */
    CHECK_INT(run("[{\"text\":\"甲\"},\n{\"text\":\"乙", "r.json", &g, &res, &d), -1);
    CHECK_INT(res.line, 2);
    CHECK_INT(res.col, 9);
    CHECK_STR(diag_msg(&d), "invalid JSON: a string that does not end");
    CHECK_INT(run("[{\"text\":\"甲\"},\n{\"text\":\"乙\"", "r.json", &g, &res, &d), -1);
    CHECK_STR(diag_msg(&d), "invalid JSON: it ends too soon");
    CHECK_INT(run("[1, 2}", "r.json", &g, &res, &d), -1);
    CHECK_STR(diag_msg(&d), "invalid JSON near '}'");
    /* A record of the wrong shape: which record, and what is wrong. */
    CHECK_INT(
        run("{\"text\":\"甲\"}\n{\"text\":\"乙\",\"term\":\"十四\"}\n", "r.jsonl", &g, &res, &d),
        -1);
    CHECK_INT(res.line, 2);
    CHECK_INT(res.col, 0);
    CHECK(strstr(diag_msg(&d), "term") != NULL);
    CHECK_INT(run("[{\"text\":\"甲\"}, 5]", "r.json", &g, &res, &d), -1);
    CHECK(strstr(diag_msg(&d), "record 2: ") == diag_msg(&d));
    /* Records none of which holds a 'text' are not letters: none is put, and they are
     * counted; one such record before letters' records is a bad record. */
    CHECK_INT(run("{\"number\":\"1\"}", "r.json", &g, &res, &d), 0);
    CHECK_INT(g.n, 0);
    CHECK_INT(res.foreign, 1);
    CHECK_INT(run("{\"number\":\"1\"}\n[1]\n{\"n\":2}\n", "r.jsonl", &g, &res, &d), 0);
    CHECK_INT(g.n, 0);
    CHECK_INT(res.foreign, 3);
    CHECK_INT(run("{\"number\":\"1\"}\n{\"n\":2}\n{\"text\":\"甲\"}\n", "r.jsonl", &g, &res, &d),
              -1);
    CHECK_INT(res.line, 1);
    CHECK_STR(diag_msg(&d), "record has no 'text'");
    CHECK_INT(run("[{\"number\":\"1\"}, {\"text\":\"甲\"}]", "r.json", &g, &res, &d), -1);
    CHECK_STR(diag_msg(&d), "record 1: record has no 'text'");
    /* unnamed, JSON that is not dafu's records is text (a letter or not) */
    CHECK_INT(run("{\"number\":\"1\"}", "-", &g, &res, &d), -1);
    CHECK(strstr(diag_msg(&d), "not a reply letter") != NULL);
    /* Invalid UTF-8 inside a record. */
    CHECK_INT(run("{\"text\":\"甲\"}\n{\"text\":\"\xE4\xB9\"}\n", "r.jsonl", &g, &res, &d), -1);
    CHECK_INT(res.line, 2);
    CHECK_INT(res.col, 10);

    /* ---- import_paths against an archive in a temporary folder ---- */
    char dir[] = "/tmp/dafu-test-import-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[600];
    char dbpath[64];
    snprintf(dbpath, sizeof dbpath, "%s/a.db", dir);
    struct db *db = NULL;
    CHECK_INT(db_open(&db, dbpath, DB_WRITE, &d), 0);
    char letters[64];
    snprintf(letters, sizeof letters, "%s/letters", dir);
    mkdir(letters, 0755);
    /* Three letters: two different proposals, and one GBK. */
    snprintf(path, sizeof path, "%s/1.txt", letters);
    write_file(path, letter, strlen(letter));
    struct buf other = BUF_INIT;
    buf_adds(&other, letter);
    char *num = strstr(other.data, "0215");
    memcpy(num, "0216", 4);
    snprintf(path, sizeof path, "%s/2.txt", letters);
    write_file(path, other.data, other.len);
    {
        struct buf gbk = BUF_INIT;
        UErrorCode err = U_ZERO_ERROR;
        buf_grow(&gbk, other.len * 2);
        memcpy(strstr(other.data, "0216"), "0217", 4);
        int32_t n = ucnv_convert("GBK", "UTF-8", gbk.data, (int32_t)gbk.alloc - 1, other.data,
                                 (int32_t)other.len, &err);
        snprintf(path, sizeof path, "%s/3.txt", letters);
        write_file(path, gbk.data, (size_t)n);
        buf_release(&gbk);
    }
    /* A hidden file and a file of another kind are not read. */
    snprintf(path, sizeof path, "%s/.hidden.txt", letters);
    write_file(path, "not even a letter", 17);
    snprintf(path, sizeof path, "%s/notes.md", letters);
    write_file(path, "not even a letter", 17);

    struct import_opts o;
    import_opts_init(&o);
    struct import_stats st;
    char *paths[] = {letters};
    CHECK_INT(import_paths(db, paths, 1, &o, &st, NULL, &d), 0);
    CHECK_INT(st.files, 3);
    CHECK_INT(st.added, 3);
    CHECK_INT(count_replies(db), 3);
    /* Again: unchanged. */
    CHECK_INT(import_paths(db, paths, 1, &o, &st, NULL, &d), 0);
    CHECK_INT(st.unchanged, 3);
    CHECK_INT(st.added, 0);
    /* The same reply with changed text is updated, not duplicated. */
    buf_clear(&other);
    buf_adds(&other, letter);
    buf_adds(&other, "附件：茶叶产业发展规划\n");
    snprintf(path, sizeof path, "%s/1.txt", letters);
    write_file(path, other.data, other.len);
    CHECK_INT(import_paths(db, paths, 1, &o, &st, NULL, &d), 0);
    CHECK_INT(st.updated, 1);
    CHECK_INT(st.unchanged, 2);
    CHECK_INT(count_replies(db), 3);

    /* A bad file fails alone; with batches of one file, everything before it is
     * committed as it goes. */
    snprintf(path, sizeof path, "%s/4.txt", letters);
    write_file(path, "\x00\x01\x02\x03binary", 10);
    memcpy(strstr(other.data, "0215"), "0218", 4);
    snprintf(path, sizeof path, "%s/5.txt", letters);
    write_file(path, other.data, other.len);
    o.batch_files = 1;
    CHECK_INT(import_paths(db, paths, 1, &o, &st, NULL, &d), 1);
    CHECK_INT(st.failed, 1);
    CHECK_INT(st.added, 1);
    CHECK_INT(count_replies(db), 4);
    o.batch_files = IMPORT_BATCH_FILES;

    /* Strict: the first failure rolls everything back. */
    memcpy(strstr(other.data, "0218"), "0219", 4);
    snprintf(path, sizeof path, "%s/0.txt", letters); /* before 4.txt */
    write_file(path, other.data, other.len);
    o.strict = 1;
    CHECK_INT(import_paths(db, paths, 1, &o, &st, NULL, &d), -1);
    CHECK(strstr(diag_msg(&d), "--strict") != NULL);
    CHECK_INT(count_replies(db), 4);
    o.strict = 0;

    /* Dry run: the counts of a real run, nothing kept. */
    o.dry_run = 1;
    CHECK_INT(import_paths(db, paths, 1, &o, &st, NULL, &d), 1);
    CHECK_INT(st.added, 1);
    CHECK_INT(st.unchanged, 4);
    CHECK_INT(st.failed, 1);
    CHECK_INT(count_replies(db), 4);
    o.dry_run = 0;

    /* A folder that holds itself through a link is walked once. */
    snprintf(path, sizeof path, "%s/self", letters);
    CHECK_INT(symlink(".", path), 0);
    snprintf(path, sizeof path, "%s/4.txt", letters);
    unlink(path);
    CHECK_INT(import_paths(db, paths, 1, &o, &st, NULL, &d), 0);
    CHECK_INT(st.files, 5);
    CHECK_INT(st.added, 1);
    CHECK_INT(count_replies(db), 5);

    /* An import of a quarter of the archive or more leaves the index in one
     * segment (batches of one file write one each); a smaller one leaves the
     * merging to FTS5. */
    {
        char bpath[64];
        snprintf(bpath, sizeof bpath, "%s/b.db", dir);
        struct db *b = NULL;
        CHECK_INT(db_open(&b, bpath, DB_WRITE, &d), 0);
        o.batch_files = 1;
        CHECK_INT(import_paths(b, paths, 1, &o, &st, NULL, &d), 0);
        CHECK_INT(st.added, 5);
        CHECK_INT(fts_segments(b), 1);
        memcpy(strstr(other.data, "0219"), "0220", 4);
        snprintf(path, sizeof path, "%s/6.txt", letters);
        write_file(path, other.data, other.len);
        CHECK_INT(import_paths(b, paths, 1, &o, &st, NULL, &d), 0);
        CHECK_INT(st.added, 1);
        CHECK_INT(fts_segments(b), 2); /* 1 of 6 */
        CHECK_INT(db_index_merge(b, 1, &d), 0);
        CHECK_INT(fts_segments(b), 2);
        CHECK_INT(db_index_merge(b, 2, &d), 0); /* 2 of 6 */
        CHECK_INT(fts_segments(b), 1);
        o.batch_files = IMPORT_BATCH_FILES;
        db_close(b);
    }

    db_close(db);
    buf_release(&other);
    diag_release(&d);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK_INT(system(cmd), 0);
    return check_done();
}
