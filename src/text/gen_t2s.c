/*
 * gen_t2s: writes the Traditional -> Simplified per-code-point table, and the folds
 * of the CJK punctuation and full-width blocks, as C source.
 *
 * Runs at build time. ICU's Traditional-Simplified transliterator is too slow to
 * call per text (about 10 MB/s); a table of its single-code-point mappings, looked
 * up per character, is used for documents and queries alike.
 *
 * The table is corrected in three ways before it is written:
 * - `fixes` adds the mappings ICU leaves out (嶽 -> 岳, and variant forms such as
 *   峯, 淩, 滙 whose standard form is in GB 2312 while the variant is not) and
 *   undoes mappings of characters that are standard in both scripts (俱 is not 具,
 *   跤 is not 交), so that a search for them does not find another word;
 * - chains are followed to their end, so the table is idempotent: folding a folded
 *   character changes nothing (ICU has 薴 -> 苧 -> 苎 and the cycle 苎 <-> 苧);
 * - a cycle left after the fixes is a build error, not a silent inconsistency.
 *
 * It is written three times: as sorted pairs (dafu_t2s_table, for code points
 * outside 0x3400..0x9FFF), as one 16-bit entry per code point of 0x3400..0x9FFF
 * (dafu_t2s_map: the character itself when it has no mapping), so that the
 * per-character look-up of Han text is one load, and as the pairs of
 * U+3400..U+4DBF and U+4E00..U+9FFF sorted by what they map to
 * (dafu_t2s_by_to: the sources of a character, text_han_sources).
 *
 * The folds (ICU's NFKC_Casefold, then the table above on each resulting code
 * point) of U+3000..U+303F and U+FF00..U+FFEF, where a tenth of Chinese text
 * is, are written as dafu_fold_3000 and dafu_fold_ff00: {count, cp, cp, cp} per
 * code point, so that text_fold_cp does not call ICU for them.
 * Usage: gen_t2s OUTPUT.c
 */
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FIRST_CP 0x3400
#define LAST_CP 0x2FFFF

static int in_ranges(UChar32 c)
{
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

/* Corrections to ICU's mappings; `to == from` removes a mapping. */
static const struct {
    UChar32 from, to;
} fixes[] = {
    /* The traditional form is also a simplified character in another sense. */
    {0x5DBD /* 嶽 */, 0x5CB3 /* 岳 */},
    /* ICU has the pair backwards and as a cycle: 苎 is the simplified form. */
    {0x82CE /* 苎 */, 0x82CE},
    {0x82E7 /* 苧 */, 0x82CE /* 苎 */},
    /* Standard characters in both scripts that ICU folds into another word. */
    {0x4FF1 /* 俱 (俱乐部) */, 0x4FF1},
    {0x59CA /* 姊 (姊妹) */, 0x59CA},
    {0x8DE4 /* 跤 (摔跤) */, 0x8DE4},
    {0x962A /* 阪 (大阪) */, 0x962A},
    {0x5412 /* 吒 (哪吒) */, 0x5412},
    /* Variant forms (異體字) ICU leaves alone: the standard form is in GB 2312, the
     * variant is not. */
    {0x5101 /* 儁 */, 0x4FCA /* 俊 */},
    {0x5191 /* 冑 */, 0x80C4 /* 胄 */},
    {0x537D /* 卽 */, 0x5373 /* 即 */},
    {0x53A4 /* 厤 */, 0x5386 /* 历 */},
    {0x5641 /* 噁 */, 0x6076 /* 恶 */},
    {0x56CC /* 囌 */, 0x82CF /* 苏 */},
    {0x57BB /* 垻 */, 0x575D /* 坝 */},
    {0x58B0 /* 墰 */, 0x575B /* 坛 */},
    {0x5AFA /* 嫺 */, 0x5A34 /* 娴 */},
    {0x5BC0 /* 寀 */, 0x91C7 /* 采 */},
    {0x5CEF /* 峯 */, 0x5CF0 /* 峰 */},
    {0x5D57 /* 嵗 */, 0x5C81 /* 岁 */},
    {0x5DF9 /* 巹 */, 0x537A /* 卺 */},
    {0x5ED5 /* 廕 */, 0x836B /* 荫 */},
    {0x5F54 /* 彔 */, 0x5F55 /* 录 */},
    {0x5F6B /* 彫 */, 0x96D5 /* 雕 */},
    {0x6331 /* 挱 */, 0x6332 /* 挲 */},
    {0x654E /* 敎 */, 0x6559 /* 教 */},
    {0x65C2 /* 旂 */, 0x65D7 /* 旗 */},
    {0x65E3 /* 旣 */, 0x65E2 /* 既 */},
    {0x672E /* 朮 */, 0x672F /* 术 */},
    {0x67B4 /* 枴 */, 0x62D0 /* 拐 */},
    {0x67FA /* 柺 */, 0x62D0 /* 拐 */},
    {0x67FB /* 査 */, 0x67E5 /* 查 */},
    {0x68CA /* 棊 */, 0x68CB /* 棋 */},
    {0x69A6 /* 榦 */, 0x5E72 /* 干 */},
    {0x6B05 /* 欅 */, 0x6989 /* 榉 */},
    {0x6BAD /* 殭 */, 0x50F5 /* 僵 */},
    {0x6BBB /* 殻 */, 0x58F3 /* 壳 */},
    {0x6CDD /* 泝 */, 0x6EAF /* 溯 */},
    {0x6DE9 /* 淩 */, 0x51CC /* 凌 */},
    {0x6ED9 /* 滙 */, 0x6C47 /* 汇 */},
    {0x6FDB /* 濛 */, 0x8499 /* 蒙 */},
    {0x7069 /* 灩 */, 0x6EDF /* 滟 */},
    {0x729B /* 犛 */, 0x7266 /* 牦 */},
    {0x7431 /* 琱 */, 0x96D5 /* 雕 */},
    {0x74BF /* 璿 */, 0x7487 /* 璇 */},
    {0x7526 /* 甦 */, 0x82CF /* 苏 */},
    {0x7575 /* 畵 */, 0x753B /* 画 */},
    {0x77C7 /* 矇 */, 0x8499 /* 蒙 */},
    {0x7843 /* 硃 */, 0x6731 /* 朱 */},
    {0x7C11 /* 簑 */, 0x84D1 /* 蓑 */},
    {0x7CC9 /* 糉 */, 0x7CBD /* 粽 */},
    {0x8129 /* 脩 */, 0x4FEE /* 修 */},
    {0x8218 /* 舘 */, 0x9986 /* 馆 */},
    {0x83F4 /* 菴 */, 0x5EB5 /* 庵 */},
    {0x84F4 /* 蓴 */, 0x83BC /* 莼 */},
    {0x8518 /* 蔘 */, 0x53C2 /* 参 */},
    {0x8855 /* 衕 */, 0x540C /* 同 */},
    {0x8949 /* 襉 */, 0x88E5 /* 裥 */},
    {0x8B6D /* 譭 */, 0x6BC1 /* 毁 */},
    {0x8E60 /* 蹠 */, 0x8DD6 /* 跖 */},
    {0x9061 /* 遡 */, 0x6EAF /* 溯 */},
    {0x9205 /* 鈅 */, 0x94A5 /* 钥 */},
    {0x9221 /* 鈡 */, 0x949F /* 钟 */},
    {0x9246 /* 鉆 */, 0x94BB /* 钻 */},
    {0x9273 /* 鉳 */, 0x952B /* 锫 */},
    {0x933C /* 錼 */, 0x954E /* 镎 */},
    {0x9345 /* 鍅 */, 0x94AB /* 钫 */},
    {0x937C /* 鍼 */, 0x9488 /* 针 */},
    {0x938C /* 鎌 */, 0x9570 /* 镰 */},
    {0x93AD /* 鎭 */, 0x9547 /* 镇 */},
    {0x95A4 /* 閤 */, 0x5408 /* 合 */},
    {0x97A6 /* 鞦 */, 0x79CB /* 秋 */},
    {0x97C6 /* 韆 */, 0x5343 /* 千 */},
    {0x97DD /* 韝 */, 0x97B2 /* 鞲 */},
    {0x98F1 /* 飱 */, 0x98E7 /* 飧 */},
    {0x9908 /* 餈 */, 0x7CCD /* 糍 */},
    {0x9BD7 /* 鯗 */, 0x9C9E /* 鲞 */},
    {0x9D70 /* 鵰 */, 0x96D5 /* 雕 */},
    {0x9DBF /* 鶿 */, 0x9E5A /* 鹚 */},
    {0x9DF4 /* 鷴 */, 0x9E47 /* 鹇 */},
    {0x9EAA /* 麪 */, 0x9762 /* 面 */},
    {0x9EAB /* 麫 */, 0x9762 /* 面 */},
};

/* ICU's single-code-point mapping of c, or c when it has none. */
static UChar32 icu_map(UTransliterator *tr, UChar32 c)
{
    UChar buf[16];
    int32_t len = 0;
    U16_APPEND_UNSAFE(buf, len, c);
    int32_t limit = len;
    UErrorCode err = U_ZERO_ERROR;
    utrans_transUChars(tr, buf, &len, 16, 0, &limit, &err);
    if (U_FAILURE(err))
        return c;
    int32_t i = 0;
    UChar32 out;
    U16_NEXT(buf, i, len, out);
    return i == len ? out : c;
}

/* The fold of first..last as {count, cp, cp, cp}: NFKC_Casefold through ICU, then
 * the Traditional -> Simplified map on each code point (text.c's fold_icu). */
static int write_fold(FILE *f, const UChar32 *map, const char *name, UChar32 first, UChar32 last)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *norm = unorm2_getNFKCCasefoldInstance(&err);
    if (U_FAILURE(err)) {
        fprintf(stderr, "gen_t2s: unorm2_getNFKCCasefoldInstance: %s\n", u_errorName(err));
        return -1;
    }
    fprintf(f, "const uint32_t %s[][4] = {\n", name);
    for (UChar32 c = first; c <= last; c++) {
        UChar src[2];
        int32_t srclen = 0;
        U16_APPEND_UNSAFE(src, srclen, c);
        UChar dst[32];
        err = U_ZERO_ERROR;
        int32_t n = unorm2_normalize(norm, src, srclen, dst, 32, &err);
        if (U_FAILURE(err)) {
            fprintf(stderr, "gen_t2s: unorm2_normalize U+%04X: %s\n", (unsigned)c,
                    u_errorName(err));
            return -1;
        }
        UChar32 out[3];
        int k = 0;
        int32_t i = 0;
        while (i < n) {
            UChar32 o;
            U16_NEXT(dst, i, n, o);
            if (k == 3) {
                fprintf(stderr, "gen_t2s: U+%04X folds to more than 3 code points\n", (unsigned)c);
                return -1;
            }
            out[k++] = o >= FIRST_CP && o <= LAST_CP ? map[o - FIRST_CP] : o;
        }
        fprintf(f, "    {%d", k);
        for (int m = 0; m < 3; m++)
            fprintf(f, ", 0x%X", m < k ? (unsigned)out[m] : 0u);
        fprintf(f, "}, /* U+%04X */\n", (unsigned)c);
    }
    fprintf(f, "};\n");
    return 0;
}

/* A pair of the table, as dafu_t2s_by_to sorts it: by what it maps to, then by
 * what maps. */
struct by_to {
    UChar32 from, to;
};

static int cmp_by_to(const void *a, const void *b)
{
    const struct by_to *x = a, *y = b;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    return (x->from > y->from) - (x->from < y->from);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_t2s OUTPUT.c\n");
        return 2;
    }
    UErrorCode err = U_ZERO_ERROR;
    UChar id[32];
    u_uastrcpy(id, "Traditional-Simplified");
    UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err)) {
        fprintf(stderr, "gen_t2s: utrans_openU: %s\n", u_errorName(err));
        return 1;
    }
    size_t n = (size_t)(LAST_CP - FIRST_CP + 1);
    UChar32 *map = malloc(n * sizeof *map);
    if (!map) {
        fprintf(stderr, "gen_t2s: out of memory\n");
        return 1;
    }
    for (UChar32 c = FIRST_CP; c <= LAST_CP; c++)
        map[c - FIRST_CP] = in_ranges(c) ? icu_map(tr, c) : c;
    utrans_close(tr);
    for (size_t i = 0; i < sizeof fixes / sizeof fixes[0]; i++)
        map[fixes[i].from - FIRST_CP] = fixes[i].to;

    /* Follow chains to their end; a cycle is an error in the fixes. */
    for (UChar32 c = FIRST_CP; c <= LAST_CP; c++) {
        UChar32 to = map[c - FIRST_CP];
        int steps = 0;
        while (to != c && to >= FIRST_CP && to <= LAST_CP && map[to - FIRST_CP] != to) {
            to = map[to - FIRST_CP];
            if (++steps > 8 || to == c) {
                fprintf(stderr, "gen_t2s: U+%04X maps in a cycle; add a fix\n", (unsigned)c);
                free(map);
                return 1;
            }
        }
        map[c - FIRST_CP] = to;
    }

    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        free(map);
        return 1;
    }
    fprintf(f, "/* generated by gen_t2s from ICU's Traditional-Simplified: do not edit */\n"
               "#include <stddef.h>\n#include <stdint.h>\n"
               "struct t2s_pair { uint32_t from; uint32_t to; };\n"
               "const struct t2s_pair dafu_t2s_table[] = {\n");
    size_t count = 0;
    for (UChar32 c = FIRST_CP; c <= LAST_CP; c++) {
        if (map[c - FIRST_CP] == c)
            continue;
        fprintf(f, "    {0x%X, 0x%X},\n", (unsigned)c, (unsigned)map[c - FIRST_CP]);
        count++;
    }
    fprintf(f, "};\nconst size_t dafu_t2s_count = %zu;\n", count);
    /* The same pairs of U+3400..U+4DBF and U+4E00..U+9FFF sorted by what they
     * map to, then by what maps (text_han_sources: a character's sources found
     * by a binary search, not a walk of the table). */
    fprintf(f, "const struct t2s_pair dafu_t2s_by_to[] = {\n");
    size_t nby = 0;
    struct by_to *by = malloc((size_t)(0x9FFF - 0x3400 + 1) * sizeof *by);
    if (!by) {
        fprintf(stderr, "gen_t2s: out of memory\n");
        fclose(f);
        free(map);
        return 1;
    }
    for (UChar32 c = 0x3400; c <= 0x9FFF; c++)
        if (map[c - FIRST_CP] != c && (c <= 0x4DBF || c >= 0x4E00))
            by[nby++] = (struct by_to){c, map[c - FIRST_CP]};
    qsort(by, nby, sizeof *by, cmp_by_to);
    for (size_t i = 0; i < nby; i++)
        fprintf(f, "    {0x%X, 0x%X},\n", (unsigned)by[i].from, (unsigned)by[i].to);
    free(by);
    fprintf(f, "};\nconst size_t dafu_t2s_by_to_count = %zu;\n", nby);
    /* One entry per code point of 0x3400..0x9FFF: what it maps to. */
    fprintf(f, "const uint16_t dafu_t2s_map[] = {");
    for (UChar32 c = 0x3400; c <= 0x9FFF; c++) {
        UChar32 to = map[c - FIRST_CP];
        if (to > 0xFFFF) {
            fprintf(stderr, "gen_t2s: U+%04X maps outside the BMP\n", (unsigned)c);
            fclose(f);
            free(map);
            return 1;
        }
        fprintf(f, "%s0x%X", (c - 0x3400) % 16 ? ", " : (c == 0x3400 ? "\n    " : ",\n    "),
                (unsigned)to);
    }
    fprintf(f, "\n};\n");
    if (write_fold(f, map, "dafu_fold_3000", 0x3000, 0x303F) ||
        write_fold(f, map, "dafu_fold_ff00", 0xFF00, 0xFFEF)) {
        fclose(f);
        free(map);
        return 1;
    }
    free(map);
    if (fclose(f)) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
