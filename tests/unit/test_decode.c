/* Unit tests of decode: byte order marks, UTF-8, detection of GB18030, Big5 and
 * UTF-16, forced encodings, errors with their line and column, mojibake. */
#include <string.h>

#include <unicode/ucnv.h>

#include "check.h"
#include "import/decode.h"

static const char letter[] =
    "湖北省农业农村厅关于省十四届人大一次会议第0215号建议的答复\n"
    "郑美玲代表：\n"
    "　　您提出的《关于支持鄂西山区茶叶产业链提档升级的建议》收悉。现答复如下：\n"
    "　　茶叶是我省山区县农民增收的主导产业之一。感谢您对我省农业农村工作的关心和支持。\n"
    "湖北省农业农村厅\n2023年6月18日\n";

static const char traditional[] =
    "饒平縣文化廣電旅遊體育局關於縣政協十二屆二次會議第41號提案的答復\n"
    "詹秀蘭委員：\n"
    "　　您提出的《關於加強古村落保護利用推動鄉村旅遊發展的提案》收悉。現答復如下：\n"
    "　　我縣古村落數量多、特色鮮明，是發展鄉村旅遊的寶貴資源。\n";

/* Encodes UTF-8 text as charset (with ICU), into out. */
static void encode(const char *utf8, const char *charset, struct buf *out)
{
    UErrorCode err = U_ZERO_ERROR;
    size_t cap = strlen(utf8) * 4 + 16;
    buf_clear(out);
    buf_grow(out, cap);
    int32_t n =
        ucnv_convert(charset, "UTF-8", out->data, (int32_t)cap, utf8, (int32_t)strlen(utf8), &err);
    out->len = U_SUCCESS(err) ? (size_t)n : 0;
    out->data[out->len] = '\0';
}

/* Decodes data and checks it gives `want` (UTF-8) as `charset`. */
static void check_decodes(const char *data, size_t len, const char *want, const char *charset,
                          int line)
{
    struct buf out = BUF_INIT;
    struct diag d = DIAG_INIT;
    struct decode_info info;
    int rc = decode_to_utf8(data, len, NULL, NULL, &out, &info, &d);
    if (rc || strcmp(out.data, want) || !info.charset || strcmp(info.charset, charset)) {
        check_fail++;
        fprintf(stderr, "test_decode.c:%d: want %s, got %s (rc %d: %s)\n", line, charset,
                info.charset ? info.charset : "(none)", rc, diag_msg(&d));
    } else {
        check_pass++;
    }
    buf_release(&out);
    diag_release(&d);
}

int main(void)
{
    struct buf in = BUF_INIT;
    struct buf out = BUF_INIT;
    struct diag d = DIAG_INIT;
    struct decode_info info;

    /* Valid UTF-8 passes as it is. */
    check_decodes(letter, strlen(letter), letter, "UTF-8", __LINE__);
    /* Traditional text is no mojibake: its characters count through their
     * Simplified forms. */
    check_decodes(traditional, strlen(traditional), traditional, "UTF-8", __LINE__);
    CHECK(decode_common_share(traditional, strlen(traditional), NULL) > 0.9);
    /* Empty input is empty text. */
    check_decodes("", 0, "", "UTF-8", __LINE__);

    /* A UTF-8 byte order mark is dropped. */
    buf_adds(&in, "\xEF\xBB\xBF");
    buf_adds(&in, letter);
    CHECK_INT(decode_to_utf8(in.data, in.len, NULL, NULL, &out, &info, &d), 0);
    CHECK_STR(out.data, letter);
    CHECK_INT(info.bom, 1);

    /* UTF-16 with a byte order mark. */
    {
        struct buf u16 = BUF_INIT;
        encode(letter, "UTF-16BE", &u16);
        buf_clear(&in);
        buf_add(&in, "\xFE\xFF", 2);
        buf_add(&in, u16.data, u16.len);
        check_decodes(in.data, in.len, letter, "UTF-16BE", __LINE__);
        encode(letter, "UTF-16LE", &u16);
        buf_clear(&in);
        buf_add(&in, "\xFF\xFE", 2);
        buf_add(&in, u16.data, u16.len);
        check_decodes(in.data, in.len, letter, "UTF-16LE", __LINE__);
        buf_release(&u16);
    }

    /* Without a byte order mark: GBK, GB18030, Big5, UTF-16 LE and BE. */
    encode(letter, "GBK", &in);
    check_decodes(in.data, in.len, letter, "GB18030", __LINE__);
    const char rare[] = "刘䶮代表：您提出的建议收悉，现答复如下：感谢您的关心和支持。\n";
    encode(rare, "GB18030", &in);
    check_decodes(in.data, in.len, rare, "GB18030", __LINE__);
    encode(traditional, "Big5", &in);
    check_decodes(in.data, in.len, traditional, "Big5", __LINE__);
    encode(letter, "UTF-16LE", &in);
    check_decodes(in.data, in.len, letter, "UTF-16LE", __LINE__);
    encode(letter, "UTF-16BE", &in);
    check_decodes(in.data, in.len, letter, "UTF-16BE", __LINE__);
    /* A short line of GBK is enough. */
    encode("湖北省农业农村厅\n", "GBK", &in);
    check_decodes(in.data, in.len, "湖北省农业农村厅\n", "GB18030", __LINE__);

    /* A declared charset is used when the bytes read well under it... */
    encode(letter, "GBK", &in);
    buf_clear(&out);
    CHECK_INT(decode_to_utf8(in.data, in.len, NULL, "gb2312", &out, &info, &d), 0);
    CHECK_STR(info.charset, "GB18030");
    CHECK_STR(out.data, letter);
    /* ...and overruled when they do not (a page that lies about its charset). */
    buf_clear(&out);
    CHECK_INT(decode_to_utf8(in.data, in.len, NULL, "big5", &out, &info, &d), 0);
    CHECK_STR(info.charset, "GB18030");
    CHECK_STR(out.data, letter);
    /* A UTF-8 page declaring GBK is UTF-8. */
    buf_clear(&out);
    CHECK_INT(decode_to_utf8(letter, strlen(letter), NULL, "gbk", &out, &info, &d), 0);
    CHECK_STR(info.charset, "UTF-8");

    /* --encoding overrides detection, and its names are checked. */
    encode(traditional, "Big5", &in);
    buf_clear(&out);
    CHECK_INT(decode_to_utf8(in.data, in.len, "BIG5", NULL, &out, &info, &d), 0);
    CHECK_STR(out.data, traditional);
    CHECK_INT(decode_check_name("GBK", &d), 0);
    CHECK_INT(decode_check_name("utf-16le", &d), 0);
    CHECK_INT(decode_check_name("klingon", &d), -1);
    CHECK_STR(diag_msg(&d), "unknown encoding 'klingon'");
    CHECK_INT(decode_check_name("", &d), -1);
    /* Forcing a wrong encoding fails where the bytes do not fit. */
    encode("第一行\n第二行\n", "UTF-16LE", &in);
    buf_add(&in, "\x00", 1); /* an odd byte at the end */
    buf_clear(&out);
    CHECK_INT(decode_to_utf8(in.data, in.len, "UTF-16LE", NULL, &out, &info, &d), -1);
    CHECK_INT(info.line, 3);
    CHECK_INT(info.col, 1);

    /* UTF-8 cut inside a character: line and column of the cut. */
    const char cut[] = "第一行\n第二行文字";
    buf_clear(&out);
    CHECK_INT(decode_to_utf8(cut, strlen(cut) - 1, NULL, NULL, &out, &info, &d), -1);
    CHECK_STR(diag_msg(&d), "invalid UTF-8: a character cut short");
    CHECK_INT(info.line, 2);
    CHECK_INT(info.col, 5);
    CHECK_INT(out.len, 0);
    /* A stray byte in UTF-8 text. */
    buf_clear(&in);
    buf_adds(&in, letter);
    buf_adds(&in, "第二\xFF行文字\n");
    CHECK_INT(decode_to_utf8(in.data, in.len, NULL, NULL, &out, &info, &d), -1);
    CHECK_STR(diag_msg(&d), "invalid UTF-8: a byte that starts no character");
    CHECK_INT(info.line, 7);
    CHECK_INT(info.col, 3);

    /* GBK cut inside a character. */
    encode(letter, "GBK", &in);
    buf_truncate(&in, in.len - 2); /* drop '\n' and half of 日 */
    buf_clear(&out);
    CHECK_INT(decode_to_utf8(in.data, in.len, NULL, NULL, &out, &info, &d), -1);
    CHECK_STR(diag_msg(&d), "cannot decode as GB18030: a character cut short (0xC8)");
    CHECK_INT(info.line, 6);
    CHECK_INT(info.col, 10);

    /* Binary data. */
    buf_clear(&in);
    for (int i = 0; i < 2000; i++)
        buf_addch(&in, (i * 7919) % 256);
    CHECK_INT(decode_to_utf8(in.data, in.len, NULL, NULL, &out, &info, &d), -1);
    CHECK_STR(diag_msg(&d), "binary data, not text");
    /* Latin-1 text is none of the encodings Chinese letters come in. */
    const char latin1[] = "R\xE9ponse \xE0 la question n\xB0 12, d\xE9put\xE9 Dupont.\n";
    CHECK_INT(decode_to_utf8(latin1, strlen(latin1), NULL, NULL, &out, &info, &d), -1);
    CHECK(strstr(diag_msg(&d), "cannot tell the encoding") != NULL);
    /* The same with NULs in it, its only control bytes: binary, not text. */
    char latin1_nul[sizeof latin1];
    memcpy(latin1_nul, latin1, sizeof latin1);
    latin1_nul[8] = latin1_nul[20] = '\0';
    CHECK_INT(decode_to_utf8(latin1_nul, strlen(latin1), NULL, NULL, &out, &info, &d), -1);
    CHECK_STR(diag_msg(&d), "binary data, not text");

    /* Mojibake: UTF-8 read as GBK and saved as UTF-8 again. When every byte
     * survived, encoding back to GB18030 and reading UTF-8 repairs it. */
    const char clean[] = "王明代表\n谢谢你们对交通工作的关心和支持！\n湖县人民政府\n"
                         "２０２１年１月１０日\n";
    {
        struct buf gbk = BUF_INIT;
        struct buf moji = BUF_INIT;
        /* The bytes of `clean`, read as GBK. */
        UErrorCode err = U_ZERO_ERROR;
        buf_grow(&moji, sizeof clean * 3);
        int32_t n = ucnv_convert("UTF-8", "GBK", moji.data, (int32_t)moji.alloc - 1, clean,
                                 (int32_t)strlen(clean), &err);
        moji.len = (size_t)n;
        moji.data[moji.len] = '\0';
        CHECK(U_SUCCESS(err));
        CHECK(strstr(moji.data, "鐜嬫槑浠ｈ〃") != NULL);
        CHECK(decode_common_share(moji.data, moji.len, NULL) < 0.4);
        CHECK(decode_common_share(clean, strlen(clean), NULL) > 0.9);
        buf_clear(&out);
        CHECK_INT(decode_to_utf8(moji.data, moji.len, NULL, NULL, &out, &info, &d), 0);
        CHECK_INT(info.repaired, 1);
        CHECK_STR(out.data, clean);
        /* --encoding UTF-8 takes it as it is. */
        buf_clear(&out);
        CHECK_INT(decode_to_utf8(moji.data, moji.len, "UTF-8", NULL, &out, &info, &d), 0);
        CHECK_INT(info.repaired, 0);
        CHECK_STR(out.data, moji.data);
        buf_release(&gbk);
        buf_release(&moji);
    }
    /* Lossy mojibake (bytes replaced by U+FFFD) cannot be repaired: an error. */
    const char lossy[] =
        "婀栧寳鐪佸啘涓氬啘鏉戝巺鍏充簬鐪佸崄鍥涘眾浜哄ぇ涓�娆′細璁�绗�0215鍙峰缓璁�"
        "鐨勭瓟澶�\n閮戠編鐜蹭唬琛細\n";
    buf_clear(&out);
    CHECK_INT(decode_to_utf8(lossy, strlen(lossy), NULL, NULL, &out, &info, &d), -1);
    CHECK(strstr(diag_msg(&d), "garbled text") != NULL);
    CHECK_INT(decode_repair_mojibake(lossy, strlen(lossy), &out), -1);

    buf_release(&in);
    buf_release(&out);
    diag_release(&d);
    return check_done();
}
