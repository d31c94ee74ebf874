/* Unit tests of the shared normalization and UTF-8 helpers. */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include "base/buf.h"
#include "check.h"
#include "text/text.h"

/* The generated Traditional -> Simplified pairs (t2s_table.c), sorted by from. */
struct t2s_pair {
    uint32_t from;
    uint32_t to;
};
extern const struct t2s_pair dafu_t2s_table[];
extern const size_t dafu_t2s_count;

/* T->S by binary search of the pairs: how text_t2s looked every character up
 * before the direct-indexed map, and the reference the map must equal. */
static uint32_t t2s_by_pairs(uint32_t cp)
{
    size_t lo = 0;
    size_t hi = dafu_t2s_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (dafu_t2s_table[mid].from < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < dafu_t2s_count && dafu_t2s_table[lo].from == cp ? dafu_t2s_table[lo].to : cp;
}

/* The fold of one code point through ICU at run time (NFKC_Casefold, then T->S on
 * each code point): what text_fold_cp computed for every code point before the
 * build-time tables, and the reference they must equal. */
static int fold_by_icu(uint32_t cp, uint32_t *out)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *n2 = unorm2_getNFKCCasefoldInstance(&err);
    UChar src[2];
    int32_t srclen = 0;
    U16_APPEND_UNSAFE(src, srclen, (UChar32)cp);
    UChar dst[32];
    int32_t n = unorm2_normalize(n2, src, srclen, dst, 32, &err);
    if (U_FAILURE(err)) {
        out[0] = cp;
        return 1;
    }
    int k = 0;
    int32_t i = 0;
    while (i < n && k < 8) {
        UChar32 c;
        U16_NEXT(dst, i, n, c);
        out[k++] = t2s_by_pairs((uint32_t)c);
    }
    return k;
}

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
    /* The ideographs that fold to one: every one of U+3400-U+9FFF the map folds
     * to it, itself first. */
    {
        uint32_t src[16];
        int ns = text_han_sources(0x53BF /* 县 */, src, 16);
        CHECK(ns >= 2);
        CHECK_INT(src[0], 0x53BF);
        int found = 0, wrong = 0, count = 0;
        for (uint32_t cp = 0x3400; cp <= 0x9FFF; cp++) {
            if ((cp > 0x4DBF && cp < 0x4E00) || text_fold_han(cp) != 0x53BF)
                continue;
            count++;
            for (int i = 0; i < ns; i++)
                found += src[i] == cp;
        }
        for (int i = 0; i < ns; i++)
            wrong += text_fold_han(src[i]) != 0x53BF;
        CHECK_INT(count, ns);
        CHECK_INT(found, ns);
        CHECK_INT(wrong, 0);
        CHECK_INT(text_han_sources(0x53BF, src, 1), -1);
    }
    /* Every character's sources, as a walk of the map gives them: itself
     * first when it folds to itself, then those that fold to it, ascending. */
    {
        enum { N = 0x9FFF - 0x3400 + 1 };
        static uint32_t from[N], first[N + 1];
        static uint32_t count[N];
        size_t np = 0;
        for (uint32_t cp = 0x3400; cp <= 0x9FFF; cp++)
            if ((cp <= 0x4DBF || cp >= 0x4E00) && text_fold_han(cp) != cp)
                count[text_fold_han(cp) - 0x3400]++;
        for (size_t i = 0; i < N; i++)
            first[i + 1] = first[i] + count[i];
        for (uint32_t cp = 0x3400; cp <= 0x9FFF; cp++)
            if ((cp <= 0x4DBF || cp >= 0x4E00) && text_fold_han(cp) != cp) {
                uint32_t t = text_fold_han(cp) - 0x3400;
                from[first[t] + (--count[t])] = cp; /* filled from the end: reversed */
                np++;
            }
        int bad = 0, with = 0;
        for (uint32_t cp = 0x3400; cp <= 0x9FFF && !bad; cp++) {
            if (cp > 0x4DBF && cp < 0x4E00)
                continue;
            uint32_t want[64], got[64];
            int nw = 0;
            if (text_fold_han(cp) == cp)
                want[nw++] = cp;
            for (uint32_t k = first[cp - 0x3400 + 1]; k > first[cp - 0x3400] && nw < 64; k--)
                want[nw++] = from[k - 1];
            int ng = text_han_sources(cp, got, 64);
            bad = ng != nw || memcmp(want, got, (size_t)nw * sizeof *got);
            with += nw > 1;
        }
        CHECK_INT(bad, 0);
        CHECK(np > 1000 && with > 1000);
    }

    /* The direct-indexed T->S map and the build-time folds of the CJK punctuation
     * and full-width blocks give, for every code point, exactly what the pairs and
     * ICU give. */
    long t2s_diff = 0;
    long fold_diff = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (text_t2s(cp) != t2s_by_pairs(cp) && t2s_diff++ < 10)
            fprintf(stderr, "text_t2s(U+%04X) = U+%04X, the pairs say U+%04X\n", (unsigned)cp,
                    (unsigned)text_t2s(cp), (unsigned)t2s_by_pairs(cp));
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        uint32_t got[8];
        uint32_t want[8];
        int ng = text_fold_cp(cp, got, 8);
        int nw = fold_by_icu(cp, want);
        if ((ng != nw || memcmp(got, want, (size_t)ng * sizeof got[0])) && fold_diff++ < 10)
            fprintf(stderr, "text_fold_cp(U+%04X) differs from ICU's fold\n", (unsigned)cp);
    }
    CHECK_INT(t2s_diff, 0);
    CHECK_INT(fold_diff, 0);
    uint32_t f3[8];
    CHECK_INT(text_fold_cp(0xFFE3 /* ￣ */, f3, 8), 2); /* a space and a combining macron */
    CHECK_INT(f3[0], ' ');
    CHECK_INT(f3[1], 0x304);
    CHECK_INT(text_fold_cp(0x3000, f3, 8), 1);
    CHECK_INT(f3[0], ' ');
    CHECK_INT(text_fold_cp(0xFF01 /* ！ */, f3, 8), 1);
    CHECK_INT(f3[0], '!');

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
    /* text_is_space asks ICU only below U+3000: the same answer everywhere */
    int space_differs = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++)
        space_differs += text_is_space(cp) != (cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF ||
                                               (cp < 0x80 ? cp == ' ' || (cp >= '\t' && cp <= '\r')
                                                          : u_isUWhiteSpace((UChar32)cp)));
    CHECK_INT(space_differs, 0);
    /* text_is_han answers from the classes kept in the BMP: ICU's answer everywhere */
    int han_differs = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        UScriptCode sc = (UScriptCode)u_getIntPropertyValue((UChar32)cp, UCHAR_SCRIPT);
        int han =
            cp >= 0x2E80 &&
            ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || cp == 0x3007 ||
             u_hasBinaryProperty((UChar32)cp, UCHAR_IDEOGRAPHIC) || sc == USCRIPT_HAN ||
             sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA || sc == USCRIPT_HANGUL);
        han_differs += text_is_han(cp) != han;
    }
    CHECK_INT(han_differs, 0);

    /* UTF-8: decode, encode, validity, replacement of bad bytes. */
    const char *s = "a中\xF0\x9F\x98\x80";
    size_t pos = 0;
    CHECK_INT(utf8_next(s, strlen(s), &pos), 'a');
    CHECK_INT(utf8_next(s, strlen(s), &pos), 0x4E2D);
    CHECK_INT(utf8_next(s, strlen(s), &pos), 0x1F600);
    CHECK_INT(pos, strlen(s));
    CHECK(utf8_valid(s, strlen(s)));
    CHECK(!utf8_valid("\xE4\xB8", 2));     /* truncated */
    CHECK(!utf8_valid("\xC0\xAF", 2));     /* overlong */
    CHECK(!utf8_valid("\xED\xA0\x80", 3)); /* surrogate */
    CHECK(utf8_valid("\xEF\xBF\xBD", 3));  /* U+FFFD itself is fine */
    pos = 0;
    CHECK_INT(utf8_next("\xFF", 1, &pos), 0xFFFD);
    CHECK_INT(pos, 1);
    char enc[4];
    CHECK_INT(utf8_put(0x4E2D, enc), 3);
    CHECK(!memcmp(enc, "中", 3));

    /* Display width: CJK 2 cells, ASCII 1. */
    CHECK_INT(text_width("ab中文", strlen("ab中文")), 6);
    CHECK_INT(text_width("０８", strlen("０８")), 4);
    /* The CJK Unified Ideographs, answered without ICU: as wide as ICU says. */
    int narrow = 0;
    for (UChar32 cp = 0x4E00; cp <= 0x9FFF; cp++) {
        int ea = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
        narrow += text_cp_width((uint32_t)cp) != 2 || (ea != U_EA_WIDE && ea != U_EA_FULLWIDTH) ||
                  u_charType(cp) == U_NON_SPACING_MARK || u_charType(cp) == U_FORMAT_CHAR;
    }
    CHECK_INT(narrow, 0);

    /* Escapes: C0, DEL, C1 and the bidirectional controls; with KEEP_LINES line
     * breaks and tabs stay; bytes that are not UTF-8 as \xHH in every mode. */
    static const char ctl[] = "a\x1b[31m\n\t\r\x7f"
                              "\xc2\x9b"
                              "\xe2\x80\xae"
                              "\xe2\x81\xa6"
                              "\xd8\x9c"
                              "\xe2\x80\x8f"
                              "中\xc2\xa0\xb9z";
    buf_clear(&b);
    CHECK_INT(utf8_escape(ctl, strlen(ctl), UTF8_ESC_CONTROLS, &b), 0);
    CHECK_STR(b.data,
              "a\\x1b[31m\\n\\t\\r\\x7f\\u009b\\u202e\\u2066\\u061c\\u200f中\xc2\xa0\\xb9z");
    buf_clear(&b);
    CHECK_INT(utf8_escape(ctl, strlen(ctl), UTF8_ESC_KEEP_LINES, &b), 0);
    CHECK_STR(b.data, "a\\x1b[31m\n\t\\r\\x7f\\u009b\\u202e\\u2066\\u061c\\u200f中\xc2\xa0\\xb9z");
    buf_clear(&b);
    CHECK_INT(utf8_escape(ctl, strlen(ctl), UTF8_ESC_BYTES, &b), 0);
    CHECK_INT((int)b.len, (int)strlen(ctl) + 3); /* only \xb9 became \xb9 */
    /* Characters kept as they are, alone, first or last, or none at all. */
    buf_clear(&b);
    CHECK_INT(utf8_escape("中文", strlen("中文"), UTF8_ESC_CONTROLS, &b), 0);
    CHECK_STR(b.data, "中文");
    buf_clear(&b);
    CHECK_INT(utf8_escape("\x01中\x02", strlen("\x01中\x02"), UTF8_ESC_CONTROLS, &b), 0);
    CHECK_STR(b.data, "\\x01中\\x02");
    buf_release(&b);
    CHECK_INT(utf8_escape("", 0, UTF8_ESC_CONTROLS, &b), 0);
    CHECK(b.len == 0 && b.alloc == 0); /* nothing written */
    CHECK(text_cp_control(0x202E) && text_cp_control(0x85) && !text_cp_control(0xA0) &&
          !text_cp_control(0x200B) && !text_cp_control(' '));
    /* JSON as cJSON prints it (C0 escaped already): DEL, C1, bidirectional too. */
    static const char json[] = "{\"t\":\"a\\u001b\x7f"
                               "\xc2\x85"
                               "\xe2\x80\xae"
                               "中\xc2\xa0\"}";
    buf_clear(&b);
    CHECK_INT(json_escape_controls(json, strlen(json), &b), 0);
    CHECK_STR(b.data, "{\"t\":\"a\\u001b\\u007f\\u0085\\u202e中\xc2\xa0\"}");
    buf_release(&b);
    return check_done();
}
