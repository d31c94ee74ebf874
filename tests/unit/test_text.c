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
