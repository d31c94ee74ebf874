/*
 * Pinyin of names: the build-time table (translit_pinyin_table) against ICU's
 * transliterator itself (TRANSLIT_ICU_ID), output for output.
 *
 * Names compared:
 * - every code point of U+3400..U+9FFF alone, after 一 and before 一;
 * - the proposers of the fixture letters (tests/letters) and, when present, of the
 *   real ones (../shared/letters, or the folders given after the first argument);
 * - generated names: common surnames (single and compound) x common given-name
 *   characters, one and two of them, and every pair of the characters whose
 *   reading depends on position or on the next character (单, 曾, 区, 长, 重, 令...),
 *   each also after a surname;
 * - names the table must leave to ICU (·, Latin letters, spaces, kana).
 * Any difference fails. The table must answer every name of table characters.
 * Usage: test_pinyin TESTS_DIR [LETTERS_DIR...]
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "base/buf.h"
#include "base/diag.h"
#include "check.h"
#include "import/parse/letter_parse.h"
#include "model/letter.h"
#include "text/text.h"
#include "text/translit.h"
#include "util.h"

static UTransliterator *icu;
static struct translit *handle;
static struct diag dg = DIAG_INIT;
static long compared;
static long answered;
static long differ;

/* ICU's output for name. */
static void icu_pinyin(const char *name, struct buf *out)
{
    buf_clear(out);
    UChar u[512];
    int32_t len = 0;
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8(u, 512, &len, name, -1, &err);
    int32_t limit = len;
    utrans_transUChars(icu, u, &len, 512, 0, &limit, &err);
    char o[2048];
    int32_t olen = 0;
    u_strToUTF8(o, (int32_t)sizeof o, &olen, u, len, &err);
    if (U_FAILURE(err)) {
        fprintf(stderr, "ICU failed on '%s': %s\n", name, u_errorName(err));
        check_fail++;
        return;
    }
    buf_add(out, o, (size_t)olen);
}

/* 1 when every character of s is one the table should read (U+3400..U+9FFF). */
static int all_cjk(const char *s)
{
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        uint32_t cp = utf8_next(s, len, &i);
        if (cp < 0x3400 || cp > 0x9FFF)
            return 0;
    }
    return len > 0;
}

static void compare(const char *name)
{
    struct buf want = BUF_INIT;
    struct buf got = BUF_INIT;
    icu_pinyin(name, &want);
    int rc = translit_pinyin_table(name, &got);
    compared++;
    if (rc < 0) {
        check_fail++;
    } else if (rc == 1) {
        answered++;
        if (strcmp(got.data ? got.data : "", want.data ? want.data : "")) {
            if (differ++ < 20)
                fprintf(stderr, "'%s': table '%s', ICU '%s'\n", name, got.data,
                        want.data ? want.data : "");
        }
    } else if (all_cjk(name)) {
        /* Left to ICU although ICU reads every character: only characters ICU
         * leaves as they are (no reading) may send a name there. */
        int plain = 1;
        for (const char *p = want.data ? want.data : ""; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || *p == ' '))
                plain = 0;
        if (plain && differ++ < 20)
            fprintf(stderr, "'%s': the table does not answer, ICU reads '%s'\n", name, want.data);
    }
    /* translit_pinyin, table or ICU, gives ICU's output too. */
    struct buf full = BUF_INIT;
    if (translit_pinyin(handle, name, &full, &dg) ||
        strcmp(full.data ? full.data : "", want.data ? want.data : "")) {
        if (differ++ < 20)
            fprintf(stderr, "'%s': translit_pinyin '%s', ICU '%s'\n", name,
                    full.data ? full.data : "", want.data ? want.data : "");
    }
    buf_release(&full);
    buf_release(&want);
    buf_release(&got);
}

/* The proposers of every *.txt letter in dir, normalized as the import stores them
 * (db.c: the pinyin of the name key). Returns how many, or -1 if dir is absent. */
static long letter_names(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".txt"))
            continue;
        struct buf path = BUF_INIT;
        buf_printf(&path, "%s/%s", dir, e->d_name);
        size_t len = 0;
        char *text = slurp(path.data, &len);
        buf_release(&path);
        if (!text)
            continue;
        struct letter let;
        letter_init(&let);
        if (!letter_parse(text, len, &let, NULL, &dg)) {
            for (size_t i = 0; i < let.n_delegates; i++) {
                struct buf key = BUF_INIT;
                text_normalize(let.delegates[i], strlen(let.delegates[i]), &key);
                compare(key.data ? key.data : "");
                buf_release(&key);
                n++;
            }
        }
        letter_release(&let);
        free(text);
    }
    closedir(d);
    return n;
}

/* Splits a string of characters into UTF-8 strings of one character each. */
static size_t chars(const char *s, char out[][8], size_t max)
{
    size_t n = 0;
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len && n < max) {
        size_t start = i;
        utf8_next(s, len, &i);
        memcpy(out[n], s + start, i - start);
        out[n][i - start] = 0;
        n++;
    }
    return n;
}

static const char *const compound_surnames[] = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "令狐", "万俟", "澹台", "宇文", "夏侯", "司徒", "端木", "独孤", "南宫", "单于"};

int main(int argc, char **argv)
{
    const char *tests = argc > 1 ? argv[1] : "tests";
    UErrorCode err = U_ZERO_ERROR;
    UChar id[64];
    u_uastrcpy(id, TRANSLIT_ICU_ID);
    icu = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err)) {
        fprintf(stderr, "utrans_openU: %s\n", u_errorName(err));
        return 1;
    }
    if (translit_open(&handle, &dg)) {
        fprintf(stderr, "%s\n", diag_msg(&dg));
        return 1;
    }

    /* Known readings: surnames read as names, context pairs, spacing. */
    struct buf b = BUF_INIT;
    CHECK_INT(translit_pinyin_table("何如秋", &b), 1);
    CHECK_STR(b.data, "he ru qiu");
    static const char *const known[][2] = {{"曾", "zeng"},
                                           {"单雄信", "shan xiong xin"},
                                           {"区伟", "ou wei"},
                                           {"简单", "jian dan"},
                                           {"长孙无忌", "zhang sun wu ji"},
                                           {"李长", "li chang"},
                                           {"令狐冲", "ling hu chong"},
                                           {"万俟卨", "mo qi xie"},
                                           {"解缙", "xie jin"},
                                           {"重庆", "chong qing"},
                                           {"乐乐", "yue le"},
                                           {"查良镛", "zha liang yong"}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        buf_clear(&b);
        CHECK_INT(translit_pinyin_table(known[i][0], &b), 1);
        CHECK_STR(b.data, known[i][1]);
    }
    /* Names the table leaves to ICU. */
    static const char *const to_icu[] = {"",    "阿卜杜·热合曼", "何 如", "a何b",
                                         "何1", "ひらがな",      "𠀀",    "〇"};
    for (size_t i = 0; i < sizeof to_icu / sizeof to_icu[0]; i++) {
        buf_clear(&b);
        CHECK_INT(translit_pinyin_table(to_icu[i], &b), 0);
        CHECK_INT(b.len, 0);
        compare(to_icu[i]);
    }
    buf_release(&b);

    /* Every character alone, inside a name and before another. */
    for (uint32_t cp = 0x3400; cp <= 0x9FFF; cp++) {
        char c[8];
        c[utf8_put(cp, c)] = 0;
        char s[32];
        compare(c);
        snprintf(s, sizeof s, "一%s", c);
        compare(s);
        snprintf(s, sizeof s, "%s一", c);
        compare(s);
    }
    long singles = compared;

    /* The proposers of the letters. */
    struct buf dir = BUF_INIT;
    buf_printf(&dir, "%s/letters", tests);
    long fixtures = letter_names(dir.data);
    CHECK(fixtures > 0);
    buf_clear(&dir);
    buf_printf(&dir, "%s/../../shared/letters", tests);
    long shared = letter_names(dir.data);
    for (int i = 2; i < argc; i++) {
        long n = letter_names(argv[i]);
        if (n > 0)
            shared += n;
    }
    buf_release(&dir);

    /* Generated names. */
    static char sur[200][8];
    static char given[200][8];
    static char tricky[100][8];
    size_t ns = chars("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖"
                      "田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付"
                      "方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向"
                      "汤单区解查乐仇盖华种秘卜召朴缪翟葛牟尉员过折佘燕纪",
                      sur, 200);
    size_t ng = chars("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力国"
                      "庆东海波宁晓丹云志兴长重行乐朝和单曾区翔凤春阳沈藏鲁孙狐俟台调",
                      given, 200);
    size_t nt = chars("令万澹长重沈藏秘单曾区解查乐仇盖华种卜召朴缪翟葛牟尉员过折燕纪"
                      "狐俟台孙庆阳文鲁刀粘繁任舍峙隗莘筠靓干",
                      tricky, 100);
    struct buf name = BUF_INIT;
#define NAME(...) (buf_clear(&name), buf_printf(&name, __VA_ARGS__), compare(name.data))
    for (size_t i = 0; i < ns; i++)
        for (size_t j = 0; j < ng; j++) {
            NAME("%s%s", sur[i], given[j]);
            NAME("%s%s%s", sur[i], given[j], given[(j * 7 + i) % ng]);
        }
    for (size_t i = 0; i < sizeof compound_surnames / sizeof compound_surnames[0]; i++)
        for (size_t j = 0; j < ng; j++) {
            NAME("%s%s", compound_surnames[i], given[j]);
            NAME("%s%s", given[j], compound_surnames[i]);
        }
    for (size_t i = 0; i < nt; i++)
        for (size_t j = 0; j < nt; j++) {
            NAME("%s%s", tricky[i], tricky[j]);
            NAME("王%s%s", tricky[i], tricky[j]);
        }
#undef NAME
    buf_release(&name);

    printf("%ld names compared (%ld single characters, %ld proposers of the fixtures, "
           "%ld of other letters), %ld read by the table, %ld differ\n",
           compared, singles, fixtures, shared < 0 ? 0 : shared, answered, differ);
    CHECK_INT(differ, 0);
    translit_close(handle);
    diag_release(&dg);
    utrans_close(icu);
    return check_done();
}
