/*
 * Letter parser tests: every fixture letter in tests/letters/ parsed and compared
 * field by field with its golden record in tests/expect/; then focused cases.
 * A failure names the fixture and the field.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "check.h"
#include "import/html.h"
#include "import/parse/letter_parse.h"
#include "import/parse/parse_int.h"
#include "model/letter.h"
#include "util.h"

static void want_str(const char *file, const char *field, const char *got, const cJSON *exp)
{
    const char *w = cJSON_IsString(exp) ? exp->valuestring : NULL;
    if ((!got && !w) || (got && w && !strcmp(got, w))) {
        check_pass++;
        return;
    }
    check_fail++;
    fprintf(stderr, "%s: %s: got '%s', want '%s'\n", file, field, got ? got : "null",
            w ? w : "null");
}

static void want_int(const char *file, const char *field, int got, const cJSON *exp)
{
    int w = cJSON_IsNumber(exp) ? (int)exp->valuedouble : 0;
    if (got == w) {
        check_pass++;
        return;
    }
    check_fail++;
    fprintf(stderr, "%s: %s: got %d, want %d\n", file, field, got, w);
}

/* Where the stored text starts and ends, what it must not hold (page chrome,
 * spam) and what it must (the letter's words on a line with spam), when the golden
 * record says: "text_starts", "text_ends", "text_lacks", "text_holds". */
static void check_text(const char *file, const char *text, const cJSON *e)
{
    const cJSON *s = cJSON_GetObjectItem(e, "text_starts");
    const cJSON *en = cJSON_GetObjectItem(e, "text_ends");
    const cJSON *lacks = cJSON_GetObjectItem(e, "text_lacks");
    size_t tl = text ? strlen(text) : 0;
    if (cJSON_IsString(s)) {
        size_t n = strlen(s->valuestring);
        int ok = text && tl >= n && !memcmp(text, s->valuestring, n);
        check_pass += ok;
        check_fail += !ok;
        if (!ok)
            fprintf(stderr, "%s: text starts '%.60s', want '%s'\n", file, text ? text : "",
                    s->valuestring);
    }
    if (cJSON_IsString(en)) {
        size_t n = strlen(en->valuestring);
        int ok = text && tl >= n && !memcmp(text + tl - n, en->valuestring, n);
        check_pass += ok;
        check_fail += !ok;
        if (!ok)
            fprintf(stderr, "%s: text ends '%s', want '%s'\n", file,
                    text && tl > 60 ? text + tl - 60
                    : text          ? text
                                    : "",
                    en->valuestring);
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, lacks)
    {
        int ok = text && cJSON_IsString(it) && !strstr(text, it->valuestring);
        check_pass += ok;
        check_fail += !ok;
        if (!ok)
            fprintf(stderr, "%s: text holds '%s'\n", file,
                    cJSON_IsString(it) ? it->valuestring : "?");
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(e, "text_holds"))
    {
        int ok = text && cJSON_IsString(it) && strstr(text, it->valuestring);
        check_pass += ok;
        check_fail += !ok;
        if (!ok)
            fprintf(stderr, "%s: text lacks '%s'\n", file,
                    cJSON_IsString(it) ? it->valuestring : "?");
    }
}

static void check_fixture(void *ctx, const char *name, const char *text, size_t len)
{
    const char *dir = ctx;
    char epath[4096];
    const char *dot = strrchr(name, '.');
    snprintf(epath, sizeof epath, "%s/expect/%.*s.json", dir, (int)(dot - name), name);
    size_t elen = 0;
    char *etext = slurp(epath, &elen);
    if (!text || !etext) {
        check_fail++;
        fprintf(stderr, "%s: cannot read the letter or its %s\n", name, epath);
        free(etext);
        return;
    }
    cJSON *e = cJSON_Parse(etext);
    struct letter l;
    letter_init(&l);
    struct diag d = DIAG_INIT;
    /* A .txt that is a page's markup is read as dafu import reads it: as the page. */
    struct buf page = BUF_INIT;
    if (!strcmp(dot, ".txt") && html_looks_like(text, len) && !html_to_text(text, len, &page, &d)) {
        text = page.data ? page.data : "";
        len = page.len;
    }
    if (!e || letter_parse(text, len, &l, NULL, &d)) {
        check_fail++;
        fprintf(stderr, "%s: %s\n", name, e ? diag_msg(&d) : "bad expect JSON");
    } else {
        for (size_t i = 0; i < LETTER_NFIELDS; i++) {
            const struct letter_field *f = &letter_fields[i];
            if (f->type == LETTER_STR && (f->flags & LETTER_EXPECTED))
                want_str(name, f->name, letter_get_str(&l, f), cJSON_GetObjectItem(e, f->name));
        }
        want_int(name, "term", l.term, cJSON_GetObjectItem(e, "term"));
        want_int(name, "session", l.session, cJSON_GetObjectItem(e, "session"));
        want_int(name, "delegate_count", l.delegate_count,
                 cJSON_GetObjectItem(e, "delegate_count"));
        const cJSON *dels = cJSON_GetObjectItem(e, "delegates");
        struct buf got = BUF_INIT;
        struct buf want = BUF_INIT;
        for (size_t i = 0; i < l.n_delegates; i++)
            buf_printf(&got, "%s%s", i ? "、" : "", l.delegates[i]);
        int k = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, dels) buf_printf(&want, "%s%s", k++ ? "、" : "", it->valuestring);
        cJSON *w = cJSON_CreateStringReference(want.data);
        want_str(name, "delegates", got.data, w);
        cJSON_Delete(w);
        buf_release(&got);
        buf_release(&want);
        /* The text keeps the letter and never the page footer. */
        CHECK(l.text && strlen(l.text) > 50);
        CHECK(l.text && !strstr(l.text, "上一篇") && !strstr(l.text, "版权所有") &&
              !strstr(l.text, "ICP备"));
        check_text(name, l.text, e);
    }
    letter_release(&l);
    diag_release(&d);
    buf_release(&page);
    cJSON_Delete(e);
    free(etext);
}

/* A fixture page (.html): read as dafu import reads a page, its text then checked as
 * a letter's. */
static void check_page(void *ctx, const char *name, const char *html, size_t len)
{
    struct buf text = BUF_INIT;
    struct diag d = DIAG_INIT;
    if (html && html_to_text(html, len, &text, &d)) {
        check_fail++;
        fprintf(stderr, "%s: %s\n", name, diag_msg(&d));
    } else {
        check_fixture(ctx, name, html ? (text.data ? text.data : "") : NULL, text.len);
    }
    diag_release(&d);
    buf_release(&text);
}

/* Parses a literal letter and returns it for focused checks. */
static void parse_str(const char *s, struct letter *l)
{
    letter_init(l);
    struct diag d = DIAG_INIT;
    if (letter_parse(s, strlen(s), l, NULL, &d))
        fprintf(stderr, "parse failed: %s\n", diag_msg(&d));
    diag_release(&d);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests";
    long n = each_letter(dir, check_fixture, (void *)dir);
    if (n < 0 || each_letter_ext(dir, ".html", check_page, (void *)dir) < 0)
        return 1;
    CHECK(n >= 12);

    struct letter l;
    /* Chinese numerals in the meeting and the date. */
    parse_str("关于县第二十一届人民代表大会第十次会议第9号建议的答复\n张三代表:\n"
              "您提出的《关于修路的建议》收悉。现答复如下:道路已列入计划。\n"
              "某某县交通运输局\n二〇二一年十二月三十一日\n",
              &l);
    CHECK_INT(l.term, 21);
    CHECK_INT(l.session, 10);
    CHECK_STR(l.number, "9");
    CHECK_STR(l.date, "2021-12-31");
    CHECK_STR(l.department, "某某县交通运输局");
    CHECK_STR(l.region, "某某县");
    CHECK_STR(l.body, "人大");
    letter_release(&l);

    /* A unit's name and a list of names broken over two lines: the evidence gives
     * both lines, apart by " / "; a field on one line gives that line alone. */
    parse_str("关于市八届人大二次会议第19号建议的答复\n尊敬的甲乙丙、丁戊己、\n庚辛壬代表:\n"
              "你们提出的《关于修路的建议》收悉。现答复如下:道路已列入计划。\n"
              "某某市人力资源和社会\n保障局\n2024年7月2日\n",
              &l);
    CHECK_STR(l.department, "某某市人力资源和社会保障局");
    CHECK_INT((int)l.n_delegates, 3);
    {
        cJSON *ev = l.evidence ? cJSON_Parse(l.evidence) : NULL;
        const cJSON *dep = cJSON_GetObjectItem(cJSON_GetObjectItem(ev, "department"), "line");
        const cJSON *del = cJSON_GetObjectItem(cJSON_GetObjectItem(ev, "delegates"), "line");
        const cJSON *num = cJSON_GetObjectItem(cJSON_GetObjectItem(ev, "number"), "line");
        CHECK_STR(cJSON_GetStringValue(dep), "某某市人力资源和社会 / 保障局");
        CHECK_STR(cJSON_GetStringValue(del), "尊敬的甲乙丙、丁戊己、 / 庚辛壬代表:");
        CHECK_STR(cJSON_GetStringValue(num), "关于市八届人大二次会议第19号建议的答复");
        cJSON_Delete(ev);
    }
    letter_release(&l);

    /* A field's line whose next line is empty: the evidence gives that line alone
     * (the empty line was once handed back as the shared empty buffer and freed). */
    parse_str("关于省十四届人大三次会议第1542号建议的答复\n张三代表：\n"
              "　　您提出的《建议的答复\n\n"
              "　　您提出的《关于修路的建议》收悉。现答复如下：道路已列入计划。\n"
              "某省农业农村厅\n2025年6月30日\n",
              &l);
    CHECK_STR(l.number, "1542");
    CHECK_STR(l.department, "某省农业农村厅");
    letter_release(&l);

    /* A party or congress unit and its letter's number side by side above the
     * header is the replying unit, as any unit is; a site's row of the place's
     * party committee, congress and CPPCC (no number) names none. */
    parse_str("中共某某县委组织部　　某组函〔2024〕3号\n"
              "关于县八届人大二次会议第23号建议的答复\n张三代表：\n"
              "　　您提出的《关于修路的建议》收悉。现答复如下：道路已列入计划。\n"
              "2024年7月2日\n",
              &l);
    CHECK_STR(l.department, "中共某某县委组织部");
    letter_release(&l);
    parse_str("某某县人大常委会办公室　　某人办〔2024〕5号\n"
              "关于县八届人大二次会议第24号建议的答复\n张三代表：\n"
              "　　您提出的《关于修路的建议》收悉。现答复如下：道路已列入计划。\n"
              "2024年7月2日\n",
              &l);
    CHECK_STR(l.department, "某某县人大常委会办公室");
    letter_release(&l);
    parse_str("中共某某县委　某某县人大常委会　某某县政协\n"
              "关于县八届人大二次会议第25号建议的答复\n张三代表：\n"
              "　　您提出的《关于修路的建议》收悉。现答复如下：道路已列入计划。\n"
              "2024年7月2日\n",
              &l);
    CHECK(l.department == NULL);
    letter_release(&l);

    /* A meeting by its level alone, answered by a company's branch: the congress's
     * standing committee named as an item of the copy list gives the place, a
     * sentence that reports to it (…，并报区人大常委会。) does not. */
    parse_str("关于区五届人大二次会议第18号建议的答复\n邓立华代表：\n"
              "　　您提出的《关于提高城郊供水管网压力的建议》收悉。我公司已制定改造方案，"
              "并报区人大常委会。现答复如下：年内新建加压泵站一座。\n"
              "青禾供水有限公司桐川分公司\n2023年7月3日\n",
              &l);
    CHECK(l.region == NULL);
    letter_release(&l);
    parse_str("关于区五届人大二次会议第18号建议的答复\n邓立华代表：\n"
              "　　您提出的《关于提高城郊供水管网压力的建议》收悉。现答复如下："
              "年内新建加压泵站一座。\n"
              "青禾供水有限公司桐川分公司\n2023年7月3日\n"
              "抄送：青禾供水有限公司，桐川区人大常委会代表工作委员会。\n",
              &l);
    CHECK_STR(l.region, "桐川区");
    letter_release(&l);

    /* ... and a name broken inside its last word names both lines too, its rest
     * alone holding less than the name's last three characters */
    parse_str("关于市八届人大二次会议第19号建议的答复\n张三代表:\n"
              "你提出的《关于修路的建议》收悉。现答复如下:道路已列入计划。\n"
              "某某镇人民\n政府\n2024年7月2日\n",
              &l);
    CHECK_STR(l.department, "某某镇人民政府");
    CHECK(l.evidence && strstr(l.evidence, "\"line\":\"某某镇人民 / 政府\""));
    letter_release(&l);

    /* The lines after a sign-off, sentences or not (抄送:…。, (联系人:…;…)), leave the
     * department and the date above them read from the signature, not the body. */
    parse_str("关于市八届人大二次会议第19号建议的答复\n张三代表:\n"
              "你提出的《关于修路的建议》收悉。现答复如下:道路已列入计划。\n"
              "某某市交通运输局\n2024年7月2日\n抄送:市人大常委会选工委,市政府办公室。\n"
              "(联系人:李四;联系电话:1234567)\n",
              &l);
    CHECK_STR(l.department, "某某市交通运输局");
    CHECK(l.evidence && strstr(l.evidence, "\"department\":{\"from\":\"signature\""));
    CHECK(l.evidence && strstr(l.evidence, "\"date\":{\"from\":\"signature\""));
    letter_release(&l);

    /* ... and so do a legend of the categories and a repost's trailer after it, with
     * the signing date above them or without one */
    {
        static const char *const tails[] = {
            "2024年7月2日\nA类——所提问题已经解决或基本解决的；\nB类——所提问题正在解决的；\n",
            "注：C类是指因条件限制暂时不能解决的；\n",
            /* one tail, the trailer's lines together */
            ("2024年7月2日\n原文链接：http://example.gov.cn/1.html\n[免责声明]本站转载仅供参考。\n"
             "责任编辑：王五\n来源：某某市交通运输局\n【打印本页】【关闭窗口】\n"),
        };
        for (size_t k = 0; k < sizeof tails / sizeof tails[0]; k++) {
            struct buf b = BUF_INIT;
            buf_printf(&b, "%s%s",
                       "关于市八届人大二次会议第19号建议的答复\n张三代表:\n"
                       "你提出的《关于修路的建议》收悉。现答复如下:道路已列入计划。\n"
                       "某某市交通运输局\n",
                       tails[k]);
            parse_str(b.data, &l);
            CHECK_STR(l.department, "某某市交通运输局");
            CHECK(l.evidence && strstr(l.evidence, "\"department\":{\"from\":\"signature\""));
            CHECK(!l.date || strstr(l.evidence, "\"date\":{\"from\":\"signature\""));
            letter_release(&l);
            buf_release(&b);
        }
    }

    /* Word's blanks in a salutation on the line of the opening sentence: a name
     * that keeps a single character before the next one's blank (秦 宋佳) loses
     * that blank whether or not the name before it (王 一 民) had blanks of its own
     * left out; the blanks left out once moved the line under the look back. */
    {
        static const char *const names[] = {"尊敬的 王 一 民、秦 宋佳代表：",
                                            "尊敬的王一民、秦 宋佳代表："};
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
            struct buf b = BUF_INIT;
            buf_printf(&b, "关于县十八届人大四次会议第12号建议的答复\n%s%s", names[k],
                       "您们提出的 关于 加强 乡村 道路 建设的建议收悉，现答复如下。"
                       "道路已列入计划。\n某某县交通运输局\n2024年7月2日\n");
            parse_str(b.data, &l);
            CHECK_INT((int)l.n_delegates, 2);
            if (l.n_delegates == 2) {
                CHECK_STR(l.delegates[0], "王一民");
                CHECK_STR(l.delegates[1], "秦宋佳");
            }
            letter_release(&l);
            buf_release(&b);
        }
    }

    /* Not a letter at all. */
    letter_init(&l);
    struct diag d = DIAG_INIT;
    CHECK_INT(letter_parse("hello world", 11, &l, NULL, &d), -1);
    CHECK_STR(diag_msg(&d), "not a reply letter: no salutation, header or proposal number found");
    diag_release(&d);
    letter_release(&l);

    /* A date that lost its 年月日 */
    parse_str("张三代表:\n您提出的关于修路的建议收悉,现答复如下:已安排。\n某县交通局\n2020831\n",
              &l);
    CHECK_STR(l.date, "2020-08-31");
    letter_release(&l);

    /* ... but not when the digits read two ways (11-3 or 1-13): no date */
    parse_str("张三代表:\n您提出的关于修路的建议收悉,现答复如下:已安排。\n某县交通局\n2020113\n",
              &l);
    CHECK_STR(l.date, NULL);
    letter_release(&l);

    /* ... and each other shape of a date that lost its marks: read when the digits
     * read one way only */
    {
        static const struct {
            const char *date, *want;
        } cases[] = {
            {"202119", "2021-01-09"},     /* six digits: 1-9 */
            {"202412", NULL},             /* a month without its day, or 1-2 */
            {"2020105", "2020-10-05"},    /* 10-5, not 1-05 */
            {"2024年63日", "2024-06-03"}, /* 月 lost */
            {"2024年123日", NULL},        /* 1-23 or 12-3 */
            {"2024年2月3", "2024-02-03"}, /* 日 lost; no 30 in February */
            {"2024年6月3", NULL},         /* 3, or 30 cut short */
            {"24年6月3日", "2024-06-03"},
            {"2024年元月3日", "2024-01-03"},
            {"2024年6月3曰", "2024-06-03"},
            {"(2024年6月3日星期一)", "2024-06-03"},
            /* characters a cut text lost, "?" in their place: read on a sign-off */
            {"?023?8月5日", "2023-08-05"}, /* the year's first digit and 年 */
            {"2023?8月5日", "2023-08-05"}, /* 年 */
            {"2023年8?5日", "2023-08-05"}, /* 月 */
            {"2023年8月5?", "2023-08-05"}, /* 日 */
            {"023年8月5日", "2023-08-05"}, /* the year cut on the left of its line */
            {"123年8月5日", NULL},         /* ... only 20xx */
            {"?123年8月5日", NULL},
            /* a day in numerals at the line's end that may go on: no date */
            {"二〇二三年七月十", NULL}, /* 十一 .. 十九 */
            {"二〇二三年七月三", NULL}, /* 三十, 三十一 */
            {"二〇二三年七月五", "2023-07-05"},
            {"二〇二三年七月二十", NULL}, /* 二十一 .. 二十九 */
            {"二〇二三年七月三十一", "2023-07-31"},
            /* broken over two lines anywhere, the two lines holding only the date */
            {"2023年7\n月10日", "2023-07-10"},
            {"二〇二三\n年七月十日", "2023-07-10"},
            {"二〇二\n三年七月十日", "2023-07-10"},
            {"2023年8月", NULL}, /* no day */
        };
        for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
            char s[512];
            snprintf(s, sizeof s,
                     "张三代表:\n您提出的关于修路的建议收悉,现答复如下:已安排。\n某县交通局\n%s\n",
                     cases[k].date);
            parse_str(s, &l);
            CHECK_STR(l.date, cases[k].want);
            letter_release(&l);
        }
    }

    /* A form's boxes for the marks: the letter on the same side of every box, standing
     * alone (no word after it), one box ticked. */
    {
        static const struct {
            const char *line, *want;
        } cases[] = {
            {"办理类型：□A　　□B　　☑C", "C"},
            {"办理类型：A□　B☑　C□", "B"},
            {"办理类型：A☑B□C□", "A"}, /* no blanks: the letters before their boxes */
            {"办理类型：A□B☑C□", "B"},
            {"办理类型：□A□B☑C", "C"}, /* ... or after them */
            {"办理类型：■A □B □C", "A"},
            {"建议类型：□A重点　☑B一般", NULL}, /* lettered options that are no marks */
            {"公开类型：☑主动公开　□依申请公开", NULL},
            {"办理类型：☑A　☑B　□C", NULL}, /* two ticked */
        };
        for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
            char s[512];
            snprintf(s, sizeof s,
                     "关于第9号建议的答复\n%s\n张三代表:\n您提出的关于修路的建议收悉,现答复如下:"
                     "已安排。\n"
                     "某县交通局\n2023年8月5日\n",
                     cases[k].line);
            parse_str(s, &l);
            CHECK_STR(l.category, cases[k].want);
            letter_release(&l);
        }
    }

    /* A meeting named without its term: body, level and region, no term */
    parse_str(
        "关于2024年长林县人代会第23号建议的答复\n张三代表:\n"
        "您提出的《关于修路的建议》收悉。现答复如下:已安排。\n长林县交通运输局\n2024年6月3日\n",
        &l);
    CHECK_STR(l.body, "人大");
    CHECK_STR(l.level, "县");
    CHECK_STR(l.region, "长林县");
    CHECK_INT(l.term, 0);
    CHECK_STR(l.number, "23");
    letter_release(&l);

    /* A number in a series' letters, its year, a hyphen and the serial, given only by
     * the opening's bracket (建议编号：S2022-031), or the year and the serial alone
     * (建议编号：2022-031): as written; a lettered code not in that form
     * (项目编号：SQ2023-0015-01, 编号：GB2023), a date (编号：2022-03-01) or a code
     * opening with one (编号：2022-03-01-017) is no number, nor its year alone. */
    {
        static const struct {
            const char *bracket, *want;
        } cases[] = {
            {"（建议编号：S2022-031）", "S2022-031"}, {"（提案编号：LN2021-0865）", "LN2021-0865"},
            {"（项目编号：SQ2023-0015-01）", NULL},   {"（编号：GB2023）", NULL},
            {"（建议编号：2022-031）", "2022-031"},   {"（建议编号：2022031）", "2022031"},
            {"（编号：2022-03-01）", NULL},           {"（编号：2022-03-01-017）", NULL},
        };
        for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
            char s[512];
            snprintf(s, sizeof s,
                     "关于镇十七届人大四次会议建议的答复\n张三代表:\n"
                     "您提出的《关于修路的建议》%s收悉。现答复如下:已安排。\n"
                     "某某镇人民政府\n2022年6月15日\n",
                     cases[k].bracket);
            parse_str(s, &l);
            CHECK_STR(l.number, cases[k].want);
            letter_release(&l);
        }
    }

    /* The missing report names exactly the fields not found; a national letter has
     * no region to miss. */
    {
        const char *s = "十四届全国人大一次会议第12号建议的答复\n张三代表:\n"
                        "您提出的《关于修路的建议》收悉,现答复如下:已安排。\n";
        unsigned miss = 0;
        letter_init(&l);
        struct diag d2 = DIAG_INIT;
        CHECK_INT(letter_parse(s, strlen(s), &l, &miss, &d2), 0);
        CHECK_INT(miss, LP_DEPARTMENT | LP_DOC_NUMBER | LP_DATE | LP_CATEGORY);
        diag_release(&d2);
        letter_release(&l);
    }

    /* The report's bits name the fields of the record a letter is expected to state. */
    CHECK_STR(letter_parse_field_name(LP_BODY), "body");
    CHECK_STR(letter_parse_field_name(LP_REGION), "region");
    CHECK_STR(letter_parse_field_name(LP_DELEGATES), "delegates");
    CHECK_STR(letter_parse_field_name(LP_TITLE), "title");
    CHECK_STR(letter_parse_field_name(LP_CATEGORY), "category");
    CHECK_STR(letter_parse_field_name(LP_CATEGORY << 1), "?");

    /* Pinyin a broken converter appended is skipped in matching and kept as written
     * in the fields, but not in the region, which is simplified. */
    parse_str("對縣(xiàn)十屆人大二次會議第3號建議的答複\n張三代表:\n"
              "您提出的《關於衛(wèi)生室建設的建議》收悉,現答複如下:已安排。\n"
              "某某縣(xiàn)衛(wèi)生健康局\n2021年5月6日\n",
              &l);
    CHECK_STR(l.title, "關於衛(wèi)生室建設的建議");
    CHECK_STR(l.department, "某某縣(xiàn)衛(wèi)生健康局");
    CHECK_STR(l.region, "某某县");
    CHECK_INT(l.term, 10);
    CHECK_STR(l.number, "3");
    letter_release(&l);

    /* A 委员's "…的建议" without a header is a 提案 the letter does not name: the
     * body is known, the kind is not. */
    parse_str("李四委员:\n您提出的《关于增设路灯的建议》收悉,现答复如下:已安装。\n"
              "2021年5月6日\n",
              &l);
    CHECK_STR(l.body, "政协");
    CHECK_STR(l.kind, NULL);
    letter_release(&l);

    /* A paragraph that starts with a chrome word is the letter's, not a footer;
     * 关闭 alone on a line is the page's. */
    parse_str("张三代表:\n您提出的《关于治理河道污染的建议》收悉,现答复如下:\n"
              "关闭沿河排污企业3家,整改12家。\n某县生态环境局\n2021年5月6日\n关闭\n",
              &l);
    CHECK(l.text && strstr(l.text, "关闭沿河排污企业3家"));
    CHECK(l.text && !strstr(l.text, "2021年5月6日\n关闭"));
    CHECK_STR(l.department, "某县生态环境局");
    CHECK_STR(l.date, "2021-05-06");
    letter_release(&l);

    /* Spam is dropped, but a letter about 棋牌室 or 娱乐场所 keeps its lines. */
    parse_str("关于加强棋牌室和娱乐场所管理的建议的答复\n北京赛车pk10 立即注册\n"
              "棋牌游戏官网下载 www.example-spam.com\n张三代表:\n"
              "您提出的《关于加强棋牌室和娱乐场所管理的建议》收悉,现答复如下:\n"
              "娱乐场所已纳入日常巡查。\n某县公安局\n2021年5月6日\n",
              &l);
    CHECK_STR(l.title, "关于加强棋牌室和娱乐场所管理的建议");
    CHECK(l.text && strstr(l.text, "娱乐场所已纳入日常巡查") && !strstr(l.text, "pk10") &&
          !strstr(l.text, "官网下载"));
    letter_release(&l);

    /* A meeting without its level word takes the level the reply calls its own
     * government by (我县, 区政府) when one level leads; a tie says nothing. */
    parse_str("关于政协八届一次会议第9号提案的答复\n张三委员:\n"
              "您提出的《关于修路的提案》收悉,现答复如下:我县已安排,报市局和县政府同意。\n"
              "某县交通运输局\n2021年5月6日\n",
              &l);
    CHECK_STR(l.level, "县");
    CHECK_STR(l.region, "某县");
    letter_release(&l);
    parse_str("关于政协八届一次会议第9号提案的答复\n张三委员:\n"
              "您提出的《关于修路的提案》收悉,现答复如下:我县已安排,全市统筹推进。\n"
              "交通运输局\n2021年5月6日\n",
              &l);
    CHECK_STR(l.level, NULL);
    CHECK_STR(l.region, NULL);
    CHECK_INT(l.term, 8);
    letter_release(&l);

    /* A meeting that names only its level (自治州, 地区) takes its place from the
     * department of that level. */
    parse_str("关于自治州十四届人大三次会议第12号建议的答复\n张三代表:\n"
              "您提出的《关于修路的建议》收悉,现答复如下:已安排。\n"
              "湘西土家族苗族自治州民政局\n2021年5月6日\n",
              &l);
    CHECK_STR(l.level, "自治州");
    CHECK_STR(l.region, "湘西土家族苗族自治州");
    letter_release(&l);
    parse_str("关于地区二届人大一次会议第33号建议的答复\n张三代表:\n"
              "您提出的《关于修路的建议》收悉,现答复如下:已安排。\n喀什地区民政局\n2021年5月6日\n",
              &l);
    CHECK_STR(l.level, "地区");
    CHECK_STR(l.region, "喀什地区");
    letter_release(&l);

    /* A paragraph (a line of any length) loses an injected spam word and the web
     * address after it, and keeps its own words, its 棋牌室 and its gov address. */
    {
        struct buf page = BUF_INIT;
        buf_adds(&page, "关于县九届人大三次会议第58号建议的答复\n张三代表:\n"
                        "您提出的《关于规范棋牌室经营的建议》收悉,现答复如下:\n");
        for (int i = 0; i < 12; i++)
            buf_adds(&page, "我局已对全县棋牌室开展专项检查,");
        buf_adds(&page, "北京赛车pk10官方网站入口 www.example-spam.net 详见www.example.gov.cn。");
        for (int i = 0; i < 12; i++)
            buf_adds(&page, "整改不规范经营场所,");
        buf_adds(&page, "\n某县公安局\n2021年5月6日\n");
        parse_str(page.data, &l);
        CHECK(l.text && !strstr(l.text, "北京赛车") && !strstr(l.text, "pk10") &&
              !strstr(l.text, "example-spam") && !strstr(l.text, "官方网站"));
        CHECK(l.text && strstr(l.text, "开展专项检查, 详见www.example.gov.cn。整改不规范经营场所"));
        CHECK(l.text && strstr(l.text, "我局已对全县棋牌室开展专项检查"));
        CHECK_STR(l.department, "某县公安局");
        letter_release(&l);
        buf_release(&page);
    }
    /* A short spam line keeps the letter's few words on it. */
    parse_str("关于县九届人大三次会议第58号建议的答复\n张三代表:\n"
              "您提出的《关于扶持加工企业的建议》收悉,现答复如下:\n"
              "时时彩官方网站入口 有色金属\n已安排。\n某县工信局\n2021年5月6日\n",
              &l);
    CHECK(l.text && strstr(l.text, "\n有色金属\n") && !strstr(l.text, "时时彩"));
    letter_release(&l);

    /* The level word after the term (十八届县人大), and the full CPPCC name before
     * the place (中国人民政治协商会议岳阳市第十届委员会). */
    parse_str("关于十八届县人大三次会议第12号建议的答复\n张三代表:\n"
              "您提出的《关于修路的建议》收悉,现答复如下:已安排。\n岳阳县民政局\n2021年5月6日\n",
              &l);
    CHECK_STR(l.level, "县");
    CHECK_STR(l.region, "岳阳县");
    CHECK_INT(l.term, 18);
    CHECK_INT(l.session, 3);
    letter_release(&l);
    parse_str("关于中国人民政治协商会议岳阳市第十届委员会第四次会议第12号提案的答复\n张三委员:\n"
              "您提出的《关于修路的提案》收悉,现答复如下:已安排。\n岳阳市民政局\n2021年5月6日\n",
              &l);
    CHECK_STR(l.level, "市");
    CHECK_STR(l.region, "岳阳市");
    letter_release(&l);

    /* "致张三代表:" addresses 张三. */
    parse_str("致张三代表:\n您提出的《关于修路的建议》收悉,现答复如下:已安排。\n", &l);
    CHECK_INT(l.n_delegates, 1);
    CHECK_STR(l.n_delegates ? l.delegates[0] : NULL, "张三");
    letter_release(&l);

    /* A date in the body is not a signing date; the page's publication date is. */
    parse_str("关于县十届人大二次会议第3号建议的答复\n发布日期:2021-06-01\n张三代表:\n"
              "您提出的《关于修路的建议》收悉,现答复如下:道路于2021年5月6日开工。\n",
              &l);
    CHECK_STR(l.date, "2021-06-01");
    letter_release(&l);

    /* The page's title repeats the header and adds the site: a unit the letter speaks
     * as (我局) is the replier, read from the page title; a portal is not. */
#define TITLED                                                                                                                \
    "关于县十届人大二次会议第3号建议的答复_%s\n\n关于县十届人大二次会议第3号建议的答复\n" \
    "张三代表:\n您提出的《关于修路的建议》收悉,我局高度重视,现答复如下:已安排。\n"          \
    "2021年5月6日\n"
    char page[512];
    snprintf(page, sizeof page, TITLED, "某某县交通运输局");
    parse_str(page, &l);
    CHECK_STR(l.department, "某某县交通运输局");
    CHECK(l.evidence && strstr(l.evidence, "\"department\":{\"from\":\"page title\""));
    letter_release(&l);
    snprintf(page, sizeof page, TITLED, "某某县人民政府");
    parse_str(page, &l);
    CHECK_STR(l.department, NULL);
    letter_release(&l);
#undef TITLED
    /* ... nor when the letter never calls itself by the unit's word (我局) */
    parse_str("关于县十届人大二次会议第3号建议的答复_某某县交通运输局\n\n"
              "关于县十届人大二次会议第3号建议的答复\n张三代表:\n"
              "您提出的《关于修路的建议》收悉,现答复如下:已安排。\n2021年5月6日\n",
              &l);
    CHECK_STR(l.department, NULL);
    letter_release(&l);

    /* A publication date under the page's 【打印】【关闭】 stands in for a signing
     * date the letter lacks, and the signing date outranks it; the day of print
     * ("…日印发") is neither, and is no date of the letter's. */
    static const char *const tails[][2] = {
        {"某县交通局\n抄送:县人大常委会\n某县交通局办公室 2024年6月12日印发\n", NULL},
        {"某县交通局\n2024年6月10日\n抄送:县人大常委会\n某县交通局办公室 2024年6月12日印发\n",
         "2024-06-10"},
        {"某县交通局\n【打印】 【关闭】\n发布时间:2024-06-15 09:30\n", "2024-06-15"},
        {"某县交通局\n【打印本页】【关闭窗口】 2024-06-15\n", "2024-06-15"},
        {"某县交通局\n2024年6月10日\n【打印】【关闭】\n发布时间:2024-06-15\n", "2024-06-10"},
        {"某县交通局\n贰零贰肆年拾贰月叁拾壹日\n", "2024-12-31"},
        {"某县交通局\n二〇二四年十月二十日\n", "2024-10-20"},
        {"某县交通局\n贰〇贰肆年陆月拾伍日\n", "2024-06-15"},
        /* a day of the month that mixes digits and numerals is no date */
        {"某县交通局\n2024年6月1十日\n", NULL}};
    for (size_t k = 0; k < sizeof tails / sizeof tails[0]; k++) {
        char doc[512];
        snprintf(doc, sizeof doc,
                 "关于县十届人大二次会议第3号建议的答复\n张三代表:\n"
                 "您提出的《关于修路的建议》收悉,现答复如下:已安排。\n%s",
                 tails[k][0]);
        parse_str(doc, &l);
        CHECK_STR(l.date, tails[k][1]);
        letter_release(&l);
    }

    /* No meeting names the body: a 委员's 建议 is a CPPCC item, a 代表's 提案 a
     * congress one (the kind as written); a 议案 is a congress's only. */
    static const char *const roles[][4] = {{"建议", "委员", "政协", "建议"},
                                           {"提案", "代表", "人大", "提案"},
                                           {"议案", "委员", "人大", "议案"},
                                           {"建议", "代表", "人大", "建议"},
                                           {"提案", "委员", "政协", "提案"}};
    for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++) {
        char doc[512];
        snprintf(doc, sizeof doc,
                 "关于第15号%s的答复\n李华%s:\n您提出的《关于修路的%s》收悉,现答复如下:已安排。\n"
                 "某县交通局\n2024年6月10日\n",
                 roles[k][0], roles[k][1], roles[k][0]);
        parse_str(doc, &l);
        CHECK_STR(l.body, roles[k][2]);
        CHECK_STR(l.kind, roles[k][3]);
        letter_release(&l);
    }
    /* ... and a meeting that names the body decides */
    parse_str("关于县政协十届二次会议第15号建议的答复\n李华代表:\n"
              "您提出的《关于修路的建议》收悉,现答复如下:已安排。\n某县交通局\n2024年6月10日\n",
              &l);
    CHECK_STR(l.body, "政协");
    letter_release(&l);

    /* A header that names several numbers, wrapped inside one of them: the numbers as
     * written without the break ("263、2\n71" was read); eight numbers of full-width
     * digits, the first of fourteen, are read whole (they overran a buffer sized for
     * eight digits a number). */
    static const char *const lists[][2] = {
        {"关于县十八届人大三次会议第263号、第2\n71号建议的答复", "263、271"},
        {"关于县十八届人大三次会议第26\n3、271号建议的答复", "263、271"},
        {"关于县十八届人大三次会议第１２３４５６７８９０１２３４号、第１２３４５６７８号、"
         "第１２３４５６７８号、第１２３４５６７８号、第１２３４５６７８号、第１２３４５６７８号、"
         "第１２３４５６７８号、第１２３４５６７８号建议的答复",
         "12345678901234、12345678、12345678、12345678、12345678、12345678、12345678、"
         "12345678"}};
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++) {
        char doc[1024];
        snprintf(doc, sizeof doc,
                 "%s\n李华代表:\n您提出的《关于修路的建议》收悉,现答复如下:已安排。\n"
                 "某县交通局\n2024年6月10日\n",
                 lists[k][0]);
        parse_str(doc, &l);
        CHECK_STR(l.number, lists[k][1]);
        letter_release(&l);
    }

    /* Where a list of numbers starts (find_number's *num_start): at its first one's
     * 第, or, when the numbers before the one found do not run back to a 第 and are
     * left out, at the one found, in digits and in Chinese numerals alike (the
     * numerals' list once started at the 、 before it). */
    static const struct {
        const char *s;
        const char *number;
        size_t start;
    } starts[] = {{"会议第12、15号提案", "12、15", 2},
                  {"会议第十二、十五号提案", "12、15", 2},
                  {"会议12、15号、16号提案", "15、16", 5},
                  {"会议十二、十五号、十六号提案", "15、16", 5}};
    for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
        struct pctx c = {.l = &l};
        struct ctext t = {0};
        for (size_t i = 0; i < LP_NFIELDS; i++)
            c.read_at[i] = NPOS;
        letter_init(&l);
        CHECK_INT(ctext_init(&t, starts[k].s, &c), 0);
        size_t ns = NPOS;
        CHECK(find_number(&t, 0, t.n, &l, &ns) != NPOS);
        CHECK_STR(l.number, starts[k].number);
        CHECK_INT((long long)ns, (long long)starts[k].start);
        ctext_release(&t);
        letter_release(&l);
    }

    /* A web address after a site's name starts past the separator before it; a
     * NUL among the code points (none come from a text, which ends at its first)
     * is no character of an address, and ends it as a blank would. */
    {
        struct pctx c = {.l = &l};
        struct ctext t = {0};
        for (size_t i = 0; i < LP_NFIELDS; i++)
            c.read_at[i] = NPOS;
        letter_init(&l);
        CHECK_INT(ctext_init(&t, "某某局 - xx-jyj.gov.cn", &c), 0);
        CHECK_INT((long long)web_address(&t, 0, t.n), 6);
        t.cp[9] = 0; /* xx-?yj.gov.cn */
        CHECK_INT((long long)web_address(&t, 0, t.n), 10);
        t.cp[9] = ' ';
        CHECK_INT((long long)web_address(&t, 0, t.n), 10);
        ctext_release(&t);
        letter_release(&l);
    }
    return check_done();
}
