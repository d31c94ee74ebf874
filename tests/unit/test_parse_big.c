/*
 * The parser's work on large and hostile inputs: a letter followed by 10 MB of body
 * text, a letter flattened into one line of 4 million characters, and inputs built
 * from the characters the finders look for (colons, 届, 号, brackets, quotes)
 * repeated over 2 MB. The parser counts its steps (the characters and lines its
 * scanning primitives visit, letter_parse_probed), and each input must cost at most
 * STEPS_PER_BYTE steps a byte of input: linear, whatever the machine is doing. The
 * times are printed for information only.
 *
 * STEPS_PER_BYTE: the finders look at each character a bounded number of times (a
 * few dozen word lists tried at each line's start, spam words over each short line,
 * scans over windows of bounded length), so the steps grow with the input; the
 * costliest input here takes about 140 a byte (the figures are
 * printed). 400 leaves room for new rules and word lists, while a scan that
 * restarts from the top for each line or colon costs hundreds of thousands a byte
 * on these inputs (its steps grow with the square of the length): looking for each
 * colon's line start with rfind from the top instead of line_start fails here.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "check.h"
#include "import/parse/letter_parse.h"
#include "model/letter.h"

#define STEPS_PER_BYTE 400

static const char *const head = "湖南省交通运输厅关于省十四届人大二次会议第0831号建议的答复\n"
                                "湘交函〔2024〕12号\n"
                                "类别:A类\n"
                                "张三代表:\n"
                                "您提出的《关于加快农村公路建设的建议》收悉,现答复如下:\n";

static const char *const tail = "\n湖南省交通运输厅\n2024年6月1日\n";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Parses b into l (initialised here), prints the steps a byte and the time, and
 * checks the bound. Returns the parse result. */
static int counted_parse(const char *what, const struct buf *b, struct letter *l)
{
    struct diag d = DIAG_INIT;
    struct letter_parse_probe probe = {0};
    letter_init(l);
    double t0 = now();
    int rc = letter_parse_probed(b->data, b->len, l, NULL, &probe, &d);
    double dt = now() - t0;
    diag_release(&d);
    double per_byte = (double)probe.steps / (double)b->len;
    printf("%-44s %6.1f MB  %6.1f steps a byte  %6.3f s\n", what, (double)b->len / 1e6, per_byte,
           dt);
    if (probe.steps > (size_t)STEPS_PER_BYTE * b->len)
        printf("%-44s over the bound of %d steps a byte\n", what, STEPS_PER_BYTE);
    CHECK(probe.steps > 0);
    CHECK(probe.steps <= (size_t)STEPS_PER_BYTE * b->len);
    return rc;
}

/* Appends `unit` until the buffer holds at least `bytes`. */
static void fill(struct buf *b, const char *unit, size_t bytes)
{
    size_t ul = strlen(unit);
    while (b->len < bytes)
        buf_add(b, unit, ul);
}

int main(void)
{
    struct letter l;
    struct buf b = BUF_INIT;
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* A letter with 10 MB of paragraphs in its body: the fields are still found. */
    buf_adds(&b, head);
    fill(&b, "我厅高度重视,已将该路段列入年度计划,争取资金尽快实施。\n", (size_t)10 << 20);
    buf_adds(&b, tail);
    CHECK_INT(counted_parse("letter + 10 MB of body lines", &b, &l), 0);
    CHECK_STR(l.number, "0831");
    CHECK_STR(l.department, "湖南省交通运输厅");
    CHECK_STR(l.date, "2024-06-01");
    CHECK_STR(l.doc_number, "湘交函〔2024〕12号");
    CHECK(l.text && strlen(l.text) > ((size_t)10 << 20));
    letter_release(&l);
    buf_clear(&b);

    /* The same letter flattened into one line of 4 million characters. */
    buf_adds(&b, head);
    while (b.len && b.data[b.len - 1] == '\n')
        buf_truncate(&b, b.len - 1);
    for (size_t n = 0; n < 4000000; n += 4)
        buf_adds(&b, "修路架桥");
    buf_adds(&b, " 湖南省交通运输厅 2024年6月1日");
    CHECK_INT(counted_parse("one line of 4 million characters", &b, &l), 0);
    CHECK_STR(l.number, "0831");
    letter_release(&l);
    buf_clear(&b);

    /* Hostile repetitions of what the finders look for, each on one line and
     * spread over many lines. */
    static const char *const units[] = {
        "代表:",     " 的代表:", "张三 ",    "附",       "\u2022 ",
        "&#",        "<p",       "尊敬的",   "关于《",   "(第1号)",
        "张三代表:", ":",        "届",       "第十四届", "十四届人大一次会议",
        "第1号",     "号",       "〔2024〕", "〔",       "《",
        "“",         "关于",     "答复",     "2024年",   "2024年6月",
        "A类",       "等",       "、",       "上一篇",   "<!--",
        "(wèi)",     "衛(wèi)",  "提出",     "代表提出", "一",
        "1",         "局",       "建议",     "的函",     NULL};
    /* and a table's rows, read as their cells (signature_cells) */
    static const char *const rows[] = {"| 某县民政局 | 2024年8月2日 | 联系人：王芳 |",
                                       "某县民政局\t2024年8月2日", NULL};
    static const char *const *const lists[] = {units, rows};
    for (int k = 0; k < 2; k++) {
        for (int u = 0; lists[k][u]; u++) {
            const char *unit_text = lists[k][u];
            for (int lines = 0; lines < 2; lines++) {
                buf_clear(&b);
                struct buf unit = BUF_INIT;
                buf_printf(&unit, "%s%s", unit_text, lines ? "\n" : "");
                fill(&b, unit.data, 2u << 20);
                buf_release(&unit);
                struct buf what = BUF_INIT;
                buf_printf(&what, "'%s' repeated%s", unit_text, lines ? ", one a line" : "");
                counted_parse(what.data, &b, &l);
                buf_release(&what);
                letter_release(&l);
            }
        }
    }
    buf_release(&b);
    return check_done();
}
