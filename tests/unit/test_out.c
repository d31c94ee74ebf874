/* The output of letters and listings when memory runs out: a CSV row, a table row,
 * a JSON record and a listing row are written whole or not at all, and the struct
 * out says a row is missing. Buffer allocations fail in turn through
 * buf_set_allocator, cJSON's one at a time through json_failing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli/out.h"
#include "util.h"

/* What one output gave: its text, what out_letter (or out_list_row) returned. */
enum { FAIL_NONE, FAIL_BUF, FAIL_JSON };

struct run {
    char *text;
    int rc;
    int failed;
};

static const struct out_col list_cols[] = {{"name", OUT_STR, 0, 0}, {"replies", OUT_NUM, 0, 0}};

/* Writes l (or, when l is NULL, one listing row) in `format`, with buffer
 * allocations failing from the fail_at-th on (FAIL_BUF), or cJSON's json_fail_at-th
 * (FAIL_JSON). */
static struct run output(enum out_format format, const struct letter *l, const char *snippet,
                         int fail)
{
    struct run r = {NULL, 0, 0};
    size_t len = 0;
    FILE *f = open_memstream(&r.text, &len);
    struct out o;
    if (l) {
        out_begin(&o, f, format, snippet != NULL);
        o.copies = 3;
        o.copy_group = 7;
        o.with_similarity = 1;
        o.similarity = 0.87654;
    } else {
        out_list_begin(&o, f, format, list_cols, 2);
    }
    alloc_calls = 0;
    json_calls = 0;
    if (fail == FAIL_BUF)
        buf_set_allocator(failing_realloc);
    json_failing(fail == FAIL_JSON);
    if (l) {
        r.rc = out_letter(&o, l, snippet, 1.5);
    } else {
        const char *cells[2] = {"何如球, \"甲\"", "12"};
        r.rc = out_list_row(&o, cells);
    }
    buf_set_allocator(NULL);
    json_failing(0);
    r.failed = o.failed;
    out_end(&o);
    fclose(f);
    return r;
}

/* Runs the output with each allocation (of `fail`'s kind) failing in turn: each run either
 * fails with nothing of the row written (only what `empty` holds, the output
 * without the row) or, once no allocation fails, gives exactly `whole`. Returns the
 * number of runs that failed. */
static int under_failures(int fail, enum out_format format, const struct letter *l,
                          const char *snippet, const char *whole, const char *empty)
{
    long *calls = fail == FAIL_JSON ? &json_calls : &alloc_calls;
    long *at = fail == FAIL_JSON ? &json_fail_at : &fail_at;
    struct run w = output(format, l, snippet, FAIL_NONE);
    CHECK_INT(w.rc, 0);
    CHECK_INT(w.failed, 0);
    CHECK_STR(w.text, whole);
    free(w.text);
    int failed = 0;
    for (*at = 1; *at < 10000; (*at)++) {
        struct run r = output(format, l, snippet, fail);
        if (*calls < *at) {
            CHECK_INT(r.rc, 0);
            CHECK_STR(r.text, whole);
            free(r.text);
            break;
        }
        CHECK_INT(r.rc, -1);
        CHECK_INT(r.failed, -1);
        CHECK_STR(r.text, empty);
        free(r.text);
        failed++;
    }
    return failed;
}

static void set(char **field, const char *s)
{
    CHECK_INT(letter_set(field, s, strlen(s)), 0);
}

/* A spool gives nothing to its FILE until it is closed, then all it was given,
 * in its order: a small output from memory, a large one (past OUT_SPOOL_MEM)
 * from the temporary file it moved to. */
static void spool(void)
{
    static const size_t sizes[] = {1000, OUT_SPOOL_MEM + OUT_SPOOL_MEM / 2};
    for (size_t k = 0; k < 2; k++) {
        size_t total = sizes[k];
        char *got = NULL;
        size_t glen = 0;
        FILE *to = open_memstream(&got, &glen);
        struct out_spool s;
        out_spool_open(&s, to, 1);
        CHECK(s.f != to);
        size_t n = 0, rows = 0;
        while (n < total) {
            n += (size_t)fprintf(s.f, "row %zu\n", rows++);
            FILE *f = out_spool_room(&s);
            CHECK(f == s.f);
        }
        CHECK(total < OUT_SPOOL_MEM ? s.mem != NULL : s.mem == NULL);
        fflush(to);
        CHECK_INT(glen, 0);
        CHECK_INT(out_spool_close(&s), 0);
        fclose(to);
        CHECK_INT(glen, n);
        size_t at = 0, bad = 0;
        char want[32];
        for (size_t r = 0; r < rows && at < glen; r++) {
            int w = snprintf(want, sizeof want, "row %zu\n", r);
            bad += memcmp(got + at, want, (size_t)w) != 0;
            at += (size_t)w;
        }
        CHECK_INT(bad, 0);
        CHECK_INT(at, glen);
        free(got);
    }
}

int main(void)
{
    struct letter l;
    letter_init(&l);
    l.id = 42;
    set(&l.body, "人大");
    set(&l.kind, "建议");
    set(&l.number, "0831");
    set(&l.title, "关于\"修路\"的建议");
    set(&l.category, "A");
    l.term = 14;
    CHECK_INT(letter_add_delegate(&l, "何如球", strlen("何如球")), 0);
    CHECK_INT(letter_add_delegate(&l, "李,四", strlen("李,四")), 0);

    /* The header of the CSV, then the rows expected whole. */
    struct buf head = BUF_INIT;
    buf_adds(&head, "id");
    for (size_t i = 0; i < LETTER_NFIELDS; i++)
        if (!(letter_fields[i].flags & LETTER_NOT_CSV))
            buf_printf(&head, ",%s", letter_fields[i].name);
    struct buf search_head = BUF_INIT;
    buf_printf(&search_head, "%s,snippet,rank\r\n", head.data);
    buf_adds(&head, "\r\n");
    CHECK(!buf_failed(&head) && !buf_failed(&search_head));

    /* The row as written without failures: the proposers joined (quoted, one
     * holds a comma), the title's quotes doubled, the snippet's hit marked. */
    struct run w = output(OUT_CSV, &l, "路\x01修\x02好", FAIL_NONE);
    CHECK(strstr(w.text, "\"何如球、李,四\"") != NULL);
    CHECK(strstr(w.text, "\"关于\"\"修路\"\"的建议\"") != NULL);
    CHECK(strstr(w.text, ",路«修»好,1.500000\r\n") != NULL);
    CHECK(!strncmp(w.text, search_head.data, search_head.len));
    CHECK(!strncmp(w.text + search_head.len, "42,人大,", strlen("42,人大,")));

    /* CSV: the joined proposers and the snippet each need buffers; a row that
     * lacks one is not written. */
    CHECK(under_failures(FAIL_BUF, OUT_CSV, &l, "路\x01修\x02好", w.text, search_head.data) >= 3);
    free(w.text);
    struct run e = output(OUT_CSV, &l, NULL, FAIL_NONE);
    CHECK(under_failures(FAIL_BUF, OUT_CSV, &l, NULL, e.text, head.data) >= 2);
    free(e.text);

    /* The table: a row whose meeting or title ("[3 copies] …") could not be built
     * is not kept, and a table without rows prints nothing. */
    struct run t = output(OUT_TABLE, &l, NULL, FAIL_NONE);
    CHECK(strstr(t.text, "[3 copies] 关于\"修路\"的建议") != NULL);
    CHECK(under_failures(FAIL_BUF, OUT_TABLE, &l, NULL, t.text, "") >= 2);
    free(t.text);

    /* A JSON record with its similarity and copies: a piece cJSON could not add
     * fails the record, never one written without it. */
    struct run j = output(OUT_JSONL, &l, "路\x01修\x02好", FAIL_NONE);
    CHECK(strstr(j.text, "\"snippet\":\"路«修»好\",\"rank\":1.5,\"similarity\":0.877,"
                         "\"copies\":{\"group\":7,\"count\":3}}\n") != NULL);
    CHECK(under_failures(FAIL_JSON, OUT_JSONL, &l, "路\x01修\x02好", j.text, "") >= 20);
    free(j.text);
    j = output(OUT_JSON, &l, NULL, FAIL_NONE);
    CHECK(under_failures(FAIL_JSON, OUT_JSON, &l, NULL, j.text, "[]\n") >= 20);
    free(j.text);

    /* dafu show's text: its header (the proposers joined, control characters
     * escaped) is built whole before anything is written. */
    set(&l.text, "正文。");
    set(&l.department, "测试局\x1b[31m");
    char *whole = NULL;
    size_t wlen = 0;
    FILE *f = open_memstream(&whole, &wlen);
    CHECK_INT(out_letter_text(f, &l), 0);
    fclose(f);
    CHECK(strstr(whole, "测试局\\x1b[31m\n") != NULL);
    CHECK(strstr(whole, "何如球、李,四\n") != NULL);
    CHECK(strstr(whole, "\n\n正文。\n") != NULL);
    int text_failed = 0;
    for (fail_at = 1; fail_at < 10000; fail_at++) {
        char *got = NULL;
        size_t glen = 0;
        f = open_memstream(&got, &glen);
        alloc_calls = 0;
        buf_set_allocator(failing_realloc);
        int rc = out_letter_text(f, &l);
        buf_set_allocator(NULL);
        fclose(f);
        if (alloc_calls < fail_at) {
            CHECK_INT(rc, 0);
            CHECK_STR(got, whole);
            free(got);
            break;
        }
        CHECK_INT(rc, -1);
        CHECK_STR(got, "");
        text_failed++;
        free(got);
    }
    CHECK(text_failed >= 3);
    free(whole);

    /* A listing row in CSV, built whole before it is written. */
    CHECK(under_failures(FAIL_BUF, OUT_CSV, NULL, NULL,
                         "name,replies\r\n\"何如球, \"\"甲\"\"\",12\r\n", "name,replies\r\n") >= 1);

    buf_release(&head);
    buf_release(&search_head);
    letter_release(&l);
    spool();
    return check_done();
}
