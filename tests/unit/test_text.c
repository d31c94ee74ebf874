/* Unit tests of the shared normalization and UTF-8 helpers. */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "text.h"

static const char *norm(struct buf *b, const char *s)
{
    buf_clear(b);
    text_normalize(s, strlen(s), b);
    return b->data;
}

int main(void)
{
    struct buf b = BUF_INIT;
    /* Full-width digits and letters fold to ASCII, case folds. */
    CHECK_STR(norm(&b, "０８３１"), "0831");
    CHECK_STR(norm(&b, "ＡＢＣ abc"), "abc abc");
    /* Traditional folds to Simplified. */
    CHECK_STR(norm(&b, "衛生健康委員會"), "卫生健康委员会");
    CHECK_STR(norm(&b, "嶽陽縣交通運輸局"), "岳阳县交通运输局");
    /* Traditional as the real letters write it: 答複, 著手準備, 橋麵 (over-converted 面). */
    CHECK_STR(norm(&b, "現答複如下"), "现答复如下");
    CHECK_STR(norm(&b, "我局正著手準備申報資料"), "我局正着手准备申报资料");
    CHECK_STR(norm(&b, "該橋橋麵因年久失修"), "该桥桥面因年久失修");
    CHECK_STR(norm(&b, "辦理情況"), "办理情况");
    /* Variant forms ICU leaves alone fold too; standard characters stay themselves. */
    CHECK_STR(norm(&b, "峯淩滙査"), "峰凌汇查");
    CHECK_STR(norm(&b, "俱乐部,姊妹,摔跤"), "俱乐部,姊妹,摔跤");
    /* ICU's 苎 <-> 苧 cycle is broken towards the simplified 苎. */
    CHECK_STR(norm(&b, "苧麻,苎麻,薴"), "苎麻,苎麻,苎");
    /* Space and line breaks between Han characters vanish; elsewhere they collapse. */
    CHECK_STR(norm(&b, "有色\n  金属"), "有色金属");
    CHECK_STR(norm(&b, "  2023  年 5 月  "), "2023 年 5 月");
    CHECK_STR(norm(&b, "ab\n\ncd"), "ab cd");
    CHECK_STR(norm(&b, "中　文"), "中文"); /* ideographic space */

    /* Per code point: folding and T->S agree with the string form. */
    uint32_t out[8];
    CHECK_INT(text_fold_cp(0xFF10, out, 8), 1);
    CHECK_INT(out[0], '0');
    CHECK_INT(text_t2s(0x8AAA /* 說 */), 0x8BF4 /* 说 */);
    CHECK_INT(text_t2s(0x4E2D /* 中 */), 0x4E2D);

    /* Folding is idempotent for every code point: a folded text folds to itself, so
     * normalized text can be normalized again (names, queries built from results). */
    long not_idem = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        uint32_t f1[8];
        int n1 = text_fold_cp(cp, f1, 8);
        for (int k = 0; k < n1; k++) {
            uint32_t f2[8];
            int n2 = text_fold_cp(f1[k], f2, 8);
            if (n2 != 1 || f2[0] != f1[k]) {
                if (not_idem++ < 10)
                    fprintf(stderr, "U+%04X folds to U+%04X, which folds again\n", (unsigned)cp,
                            (unsigned)f1[k]);
            }
        }
    }
    CHECK_INT(not_idem, 0);

    /* Classes. */
    CHECK(text_is_han(0x6709));
    CHECK(text_is_han(0x3007)); /* 〇 */
    CHECK(!text_is_han('a'));
    CHECK(text_is_word('a') && text_is_word('7') && !text_is_word(0x3002));
    CHECK(text_is_space(0x3000) && text_is_space('\n') && !text_is_space('x'));

    /* UTF-8: decode, encode, validity, replacement of bad bytes. */
    const char *s = "a中\xF0\x9F\x98\x80";
    size_t pos = 0;
    CHECK_INT(utf8_next(s, strlen(s), &pos), 'a');
    CHECK_INT(utf8_next(s, strlen(s), &pos), 0x4E2D);
    CHECK_INT(utf8_next(s, strlen(s), &pos), 0x1F600);
    CHECK_INT(pos, strlen(s));
    CHECK(utf8_valid(s, strlen(s)));
    CHECK(!utf8_valid("\xE4\xB8", 2));        /* truncated */
    CHECK(!utf8_valid("\xC0\xAF", 2));        /* overlong */
    CHECK(!utf8_valid("\xED\xA0\x80", 3));    /* surrogate */
    CHECK(utf8_valid("\xEF\xBF\xBD", 3));     /* U+FFFD itself is fine */
    pos = 0;
    CHECK_INT(utf8_next("\xFF", 1, &pos), 0xFFFD);
    CHECK_INT(pos, 1);
    char enc[4];
    CHECK_INT(utf8_put(0x4E2D, enc), 3);
    CHECK(!memcmp(enc, "中", 3));

    /* Display width: CJK 2 cells, ASCII 1. */
    CHECK_INT(text_width("ab中文", strlen("ab中文")), 6);
    CHECK_INT(text_width("０８", strlen("０８")), 4);
    buf_release(&b);
    return check_done();
}
