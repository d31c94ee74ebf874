/*
 * gen_pinyin: writes the pinyin reading table of Han characters as C source.
 *
 * Runs at build time. Opening ICU's Han-Latin/Names transliterator costs about a
 * thousand million instructions (0.3 s) and each name about 0.3 million more;
 * translit.c reads a name of Han characters from this table instead, and asks ICU
 * only for names the table does not cover.
 *
 * For a name of Han characters the transliterator (TRANSLIT_ICU_ID) writes one
 * reading per character, separated by single spaces, and a character's reading
 * depends on two things only:
 * - whether it begins the name: Han-Latin/Names gives the first character its
 *   surname reading (曾 zeng, 单 shan, 区 ou, 解 xie ...);
 * - the next character, for the few context rules of Han-Latin/Names and
 *   Han-Latin ({令}狐 ling, {万}俟 mo, {澹}台 tan, at the start {长}孙 zhang;
 *   {重}庆 chong, {沈}阳 shen, {藏}文 zang, {秘}鲁 bi).
 * So the table holds, for every code point of 0x3400..0x9FFF, its reading inside
 * a name (after 一), the first-character readings that differ from it, and, for
 * every "{X}Y" rule found in the transliterators' own rule text, X's readings
 * before Y. Each is the transliterator's own output for that string; a pair whose
 * output is not "X's reading, space, Y's reading" is a build error.
 * A character whose reading is not plain [a-z]+ has no entry (ICU is asked).
 * Usage: gen_pinyin OUTPUT.c
 */
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/translit.h"

#define FIRST_CP 0x3400
#define LAST_CP 0x9FFF
#define PROBE 0x4E00 /* 一, "yi": the character before a character inside a name */
#define MAX_READING TRANSLIT_READING_SIZE

static UTransliterator *tr;

/* The transliteration of cps[0..n) as UTF-8 into out (size 64); -1 on failure. */
static int translit(const UChar32 *cps, int n, char *out)
{
    UChar u[32];
    int32_t len = 0;
    for (int i = 0; i < n; i++)
        U16_APPEND_UNSAFE(u, len, cps[i]);
    int32_t limit = len;
    UErrorCode err = U_ZERO_ERROR;
    utrans_transUChars(tr, u, &len, 32, 0, &limit, &err);
    if (U_FAILURE(err))
        return -1;
    u_strToUTF8(out, 64, NULL, u, len, &err);
    return U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING ? -1 : 0;
}

/* 1 when s is a reading the table can hold: [a-z]+, short. */
static int plain(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= MAX_READING)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'a' || s[i] > 'z')
            return 0;
    return 1;
}

/* Distinct readings; index 0 is "no reading". */
static char (*syl)[MAX_READING];
static int n_syl = 1;

static int syllable(const char *s)
{
    for (int i = 1; i < n_syl; i++)
        if (!strcmp(syl[i], s))
            return i;
    if (n_syl == 0xFFFF)
        return -1;
    strcpy(syl[n_syl], s);
    return n_syl++;
}

/* The reading of cps[0..n) without the reading of the first `skip` characters,
 * "a b c" -> skip 1 -> "b c"; -1 when the output has fewer words. */
static int drop_words(char *s, int skip)
{
    char *p = s;
    for (int i = 0; i < skip; i++) {
        p = strchr(p, ' ');
        if (!p)
            return -1;
        p++;
    }
    memmove(s, p, strlen(p) + 1);
    return 0;
}

/* Context pairs: every "{X}" followed (after an optional ' '?) by a character Y in
 * the rule text of `id`. */
struct pair {
    UChar32 a, b;
};
static struct pair pairs[256];
static int n_pairs;

static int add_pair(UChar32 a, UChar32 b)
{
    for (int i = 0; i < n_pairs; i++)
        if (pairs[i].a == a && pairs[i].b == b)
            return 0;
    if (n_pairs == (int)(sizeof pairs / sizeof pairs[0]))
        return -1;
    pairs[n_pairs].a = a;
    pairs[n_pairs].b = b;
    n_pairs++;
    return 0;
}

static int find_pairs(const char *id)
{
    UErrorCode err = U_ZERO_ERROR;
    UChar uid[64];
    u_uastrcpy(uid, id);
    UTransliterator *t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err)) {
        fprintf(stderr, "gen_pinyin: utrans_openU %s: %s\n", id, u_errorName(err));
        return -1;
    }
    int32_t n = utrans_toRules(t, 0, NULL, 0, &err);
    err = U_ZERO_ERROR;
    UChar *r = malloc(((size_t)n + 1) * sizeof *r);
    if (!r) {
        utrans_close(t);
        return -1;
    }
    utrans_toRules(t, 0, r, n + 1, &err);
    utrans_close(t);
    if (U_FAILURE(err)) {
        free(r);
        fprintf(stderr, "gen_pinyin: utrans_toRules %s: %s\n", id, u_errorName(err));
        return -1;
    }
    int rc = 0;
    for (int32_t i = 0; i < n && !rc; i++) {
        if (r[i] != '{')
            continue;
        int32_t j = i + 1;
        UChar32 a;
        U16_NEXT(r, j, n, a);
        if (j >= n || r[j] != '}' || a < FIRST_CP || a > LAST_CP)
            continue;
        j++;
        static const UChar opt_space[] = {'\'', ' ', '\'', '?'};
        if (j + 4 <= n && !memcmp(r + j, opt_space, sizeof opt_space))
            j += 4;
        if (j >= n)
            continue;
        UChar32 b;
        U16_NEXT(r, j, n, b);
        if (b >= FIRST_CP && b <= LAST_CP)
            rc = add_pair(a, b);
    }
    free(r);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_pinyin OUTPUT.c\n");
        return 2;
    }
    UErrorCode err = U_ZERO_ERROR;
    UChar id[64];
    u_uastrcpy(id, TRANSLIT_ICU_ID);
    tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    if (U_FAILURE(err)) {
        fprintf(stderr, "gen_pinyin: utrans_openU: %s\n", u_errorName(err));
        return 1;
    }
    size_t n = (size_t)(LAST_CP - FIRST_CP + 1);
    uint16_t *med = calloc(n, sizeof *med);
    uint16_t *first = calloc(n, sizeof *first);
    syl = calloc(0x10000, sizeof *syl);
    if (!med || !first || !syl) {
        fprintf(stderr, "gen_pinyin: out of memory\n");
        return 1;
    }
    char probe[64];
    UChar32 p = PROBE;
    if (translit(&p, 1, probe) || !plain(probe)) {
        fprintf(stderr, "gen_pinyin: no plain reading of U+%04X\n", (unsigned)PROBE);
        return 1;
    }
    int n_first = 0;
    int n_none = 0;
    for (UChar32 c = FIRST_CP; c <= LAST_CP; c++) {
        char alone[64];
        char inside[64];
        UChar32 two[2] = {PROBE, c};
        if (translit(&c, 1, alone) || translit(two, 2, inside) || drop_words(inside, 1) ||
            !plain(alone) || !plain(inside)) {
            n_none++;
            continue;
        }
        int m = syllable(inside);
        int f = syllable(alone);
        if (m < 0 || f < 0) {
            fprintf(stderr, "gen_pinyin: too many readings\n");
            return 1;
        }
        med[c - FIRST_CP] = (uint16_t)m;
        if (f != m) {
            first[c - FIRST_CP] = (uint16_t)f;
            n_first++;
        }
    }
    if (find_pairs("Han-Latin/Names") || find_pairs("Han-Latin")) {
        fprintf(stderr, "gen_pinyin: reading the context rules failed\n");
        return 1;
    }

    FILE *out = fopen(argv[1], "w");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    fprintf(out,
            "/* generated by gen_pinyin from ICU's %s: do not edit */\n"
            "#include <stdint.h>\n#include <stddef.h>\n"
            "/* %d code points of U+%04X..U+%04X without a plain reading */\n",
            TRANSLIT_ICU_ID, n_none, FIRST_CP, LAST_CP);
    /* The readings of each context pair, where they differ from the readings of
     * its first character alone. */
    fprintf(out, "struct pinyin_pair { uint32_t a, b; uint16_t first, inside; };\n"
                 "const struct pinyin_pair dafu_pinyin_pairs[] = {\n");
    int n_out_pairs = 0;
    for (int i = 0; i < n_pairs; i++) {
        UChar32 a = pairs[i].a;
        UChar32 b = pairs[i].b;
        int mb = med[b - FIRST_CP];
        int ma = med[a - FIRST_CP];
        int fa = first[a - FIRST_CP] ? first[a - FIRST_CP] : ma;
        if (!mb || !ma)
            continue; /* no table reading: such names go to ICU */
        char s1[64];
        char s2[64];
        UChar32 ab[2] = {a, b};
        UChar32 pab[3] = {PROBE, a, b};
        if (translit(ab, 2, s1) || translit(pab, 3, s2) || drop_words(s2, 1)) {
            fprintf(stderr, "gen_pinyin: cannot read pair U+%04X U+%04X\n", (unsigned)a,
                    (unsigned)b);
            return 1;
        }
        int f = -1;
        int m = -1;
        for (int k = 0; k < 2; k++) {
            char *s = k ? s2 : s1;
            char *sp = strchr(s, ' ');
            if (!sp || strcmp(sp + 1, syl[mb])) {
                fprintf(stderr, "gen_pinyin: pair U+%04X U+%04X reads '%s': not '<a> %s'\n",
                        (unsigned)a, (unsigned)b, s, syl[mb]);
                return 1;
            }
            *sp = 0;
            if (!plain(s)) {
                fprintf(stderr, "gen_pinyin: pair U+%04X U+%04X: '%s' is not plain\n", (unsigned)a,
                        (unsigned)b, s);
                return 1;
            }
            *(k ? &m : &f) = syllable(s);
        }
        if (f < 0 || m < 0) {
            fprintf(stderr, "gen_pinyin: too many readings\n");
            return 1;
        }
        if (f == fa && m == ma)
            continue;
        fprintf(out, "    {0x%X, 0x%X, %d, %d},\n", (unsigned)a, (unsigned)b, f, m);
        n_out_pairs++;
    }
    fprintf(out, "    {0, 0, 0, 0}\n};\nconst size_t dafu_pinyin_n_pairs = %d;\n", n_out_pairs);
    /* First-character readings that differ, sorted by code point. */
    fprintf(out, "struct pinyin_first { uint32_t cp; uint16_t first; };\n"
                 "const struct pinyin_first dafu_pinyin_first[] = {\n");
    for (UChar32 c = FIRST_CP; c <= LAST_CP; c++)
        if (first[c - FIRST_CP])
            fprintf(out, "    {0x%X, %d},\n", (unsigned)c, first[c - FIRST_CP]);
    fprintf(out, "    {0, 0}\n};\nconst size_t dafu_pinyin_n_first = %d;\n", n_first);
    /* Readings inside a name, one per code point of FIRST_CP..LAST_CP (0: none). */
    fprintf(out, "const uint16_t dafu_pinyin_inside[] = {");
    for (UChar32 c = FIRST_CP; c <= LAST_CP; c++)
        fprintf(out, "%s%d", (c - FIRST_CP) % 16 ? ", " : (c == FIRST_CP ? "\n    " : ",\n    "),
                med[c - FIRST_CP]);
    fprintf(out, "\n};\n");
    fprintf(out, "const char dafu_pinyin_syl[][%d] = {\n    \"\",", MAX_READING);
    for (int i = 1; i < n_syl; i++)
        fprintf(out, "%s\"%s\",", i % 10 ? " " : "\n    ", syl[i]);
    fprintf(out, "\n};\n");
    utrans_close(tr);
    free(med);
    free(first);
    free(syl);
    if (fclose(out)) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
