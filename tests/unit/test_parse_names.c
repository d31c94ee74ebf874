/*
 * The parser reads a letter's proposers however many it names: in the salutation
 * (separated by 、 or by spaces), in a form's list on the label's line or on the
 * next one, in the opening sentence of a letter to a department. Past
 * LETTER_MAX_DELEGATES it keeps the first ones and says so in its warning, never
 * silently; repeated names are kept once, in linear time (the steps the parser
 * counts grow with the names, not with their square).
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "check.h"
#include "import/parse/letter_parse.h"
#include "model/letter.h"

/* The i-th of 27,000 distinct names of three Han characters. */
static void name(struct buf *b, int i)
{
    static const char *const sur[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                      "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
                                      "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"};
    static const char *const giv[] = {"明", "华", "军", "平", "伟", "芳", "娜", "敏", "静", "丽",
                                      "强", "磊", "洋", "艳", "勇", "杰", "娟", "涛", "超", "秀",
                                      "霞", "刚", "桂", "英", "兰", "云", "玉", "萍", "红", "梅"};
    buf_printf(b, "%s%s%s", sur[i / 900 % 30], giv[i / 30 % 30], giv[i % 30]);
}

/* Names first..first+n-1 (i % modulo when modulo > 0), separated by sep. */
static void names(struct buf *b, int n, int modulo, const char *sep)
{
    for (int i = 0; i < n; i++) {
        if (i)
            buf_adds(b, sep);
        name(b, modulo ? i % modulo : i);
    }
}

static int is_name(const char *got, int i)
{
    struct buf b = BUF_INIT;
    name(&b, i);
    int ok = got && !strcmp(got, b.data);
    buf_release(&b);
    return ok;
}

static const char *const header = "湖南省教育厅关于省十四届人大一次会议第0831号建议的答复\n\n";
static const char *const body = "您提出的《关于加强乡村学校建设的建议》收悉。经研究,现答复如下。"
                                "我们将继续推进乡村学校建设工作。\n\n湖南省教育厅\n2023年5月12日\n";

/* Parses b; returns the parse's result, with its warning in *warn (may be NULL)
 * and its steps in *steps (may be NULL). */
static int parse(const struct buf *b, struct letter *l, char **warn, size_t *steps)
{
    struct diag d = DIAG_INIT;
    struct letter_parse_probe probe = {0};
    letter_init(l);
    int rc = letter_parse_probed(b->data, b->len, l, NULL, &probe, &d);
    if (warn)
        *warn = strdup(diag_msg(&d));
    if (steps)
        *steps = probe.steps;
    diag_release(&d);
    return rc;
}

/* A letter whose salutation names n proposers (modulo: repeated), sep between
 * (尊敬的 before them unless it is a space). */
static void salutation_letter(struct buf *b, int n, int modulo, const char *sep)
{
    buf_clear(b);
    buf_printf(b, "%s%s", header, strcmp(sep, " ") ? "尊敬的" : "");
    names(b, n, modulo, sep);
    buf_printf(b, "代表:\n\n    %s", body);
}

int main(void)
{
    struct buf b = BUF_INIT;
    struct letter l;
    char *warn = NULL;

    /* 150 names in the salutation: all of them, in order (the first hundred were
     * lost before). */
    salutation_letter(&b, 150, 0, "、");
    CHECK_INT(parse(&b, &l, &warn, NULL), 0);
    CHECK_INT(l.n_delegates, 150);
    CHECK(l.n_delegates == 150 && is_name(l.delegates[0], 0) && is_name(l.delegates[149], 149));
    CHECK_STR(warn, "");
    free(warn);
    letter_release(&l);

    /* 60 names written apart by spaces (the first 40 were lost before). */
    salutation_letter(&b, 60, 0, " ");
    CHECK_INT(parse(&b, &l, NULL, NULL), 0);
    CHECK_INT(l.n_delegates, 60);
    CHECK(l.n_delegates == 60 && is_name(l.delegates[0], 0) && is_name(l.delegates[59], 59));
    letter_release(&l);

    /* A form's list of 150 proposers on the label's line, and on the next line. */
    for (int next = 0; next < 2; next++) {
        buf_clear(&b);
        buf_printf(&b, "%s建议标题:关于加强乡村学校建设的建议\n领衔代表:%s", header,
                   next ? "\n" : "");
        names(&b, 150, 0, "、");
        buf_printf(&b, "\n\n尊敬的王明明代表:\n\n    %s", body);
        CHECK_INT(parse(&b, &l, NULL, NULL), 0);
        CHECK_INT(l.n_delegates, 150);
        CHECK(l.n_delegates == 150 && is_name(l.delegates[0], 0) && is_name(l.delegates[149], 149));
        letter_release(&l);
    }

    /* The opening sentence of a letter to a department names 80 proposers. */
    buf_clear(&b);
    buf_printf(&b, "%s省人大常委会人事代表选举委员会:\n\n    ", header);
    names(&b, 80, 0, "、");
    buf_printf(&b, "等80位代表提出的《关于加强乡村学校建设的建议》收悉。经研究,现答复如下。"
                   "我们将继续推进乡村学校建设工作。\n\n湖南省教育厅\n2023年5月12日\n");
    CHECK_INT(parse(&b, &l, NULL, NULL), 0);
    CHECK_INT(l.n_delegates, 80);
    CHECK_INT(l.delegate_count, 80);
    CHECK(l.n_delegates == 80 && is_name(l.delegates[0], 0) && is_name(l.delegates[79], 79));
    letter_release(&l);

    /* 12,000 names: the first LETTER_MAX_DELEGATES are kept, and the warning says
     * how many more the text holds. */
    salutation_letter(&b, 12000, 0, "、");
    CHECK_INT(parse(&b, &l, &warn, NULL), 0);
    CHECK_INT(l.n_delegates, LETTER_MAX_DELEGATES);
    CHECK(l.n_delegates == LETTER_MAX_DELEGATES && is_name(l.delegates[0], 0) &&
          is_name(l.delegates[9999], 9999));
    CHECK_STR(warn, "it names more proposers than the 10000 a letter may have: the first "
                    "10000 are kept, 2000 more are in its text only");
    free(warn);
    letter_release(&l);

    /* Repeated names are kept once: 8,000 names, 2,000 distinct, no warning; and
     * twice the names cost about twice the steps (comparing each name with every
     * earlier one would cost four times). */
    size_t steps1 = 0;
    size_t steps2 = 0;
    salutation_letter(&b, 8000, 2000, "、");
    CHECK_INT(parse(&b, &l, &warn, &steps1), 0);
    CHECK_INT(l.n_delegates, 2000);
    CHECK(l.n_delegates == 2000 && is_name(l.delegates[1999], 1999));
    CHECK_STR(warn, "");
    free(warn);
    letter_release(&l);
    salutation_letter(&b, 16000, 2000, "、");
    CHECK_INT(parse(&b, &l, NULL, &steps2), 0);
    CHECK_INT(l.n_delegates, 2000);
    printf("steps: %zu for 8,000 names, %zu for 16,000\n", steps1, steps2);
    CHECK(steps2 < steps1 * 5 / 2);
    letter_release(&l);

    buf_release(&b);
    return check_done();
}
