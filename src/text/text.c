/* text: UTF-8 helpers and the shared normalization (see text.h). */
#include "text/text.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "base/array.h"

/* Generated at build time by gen_t2s from ICU's Traditional-Simplified transliterator. */
struct t2s_pair {
    uint32_t from;
    uint32_t to;
};
extern const struct t2s_pair dafu_t2s_table[];
extern const size_t dafu_t2s_count;
/* The pairs of U+3400..U+4DBF and U+4E00..U+9FFF by what they map to, then by
 * what maps. */
extern const struct t2s_pair dafu_t2s_by_to[];
extern const size_t dafu_t2s_by_to_count;
/* One entry per code point of 0x3400..0x9FFF: what it maps to (itself if nothing). */
extern const uint16_t dafu_t2s_map[];
#define T2S_FIRST 0x3400
#define T2S_LAST 0x9FFF
/* Folds of U+3000..U+303F and U+FF00..U+FFEF (CJK punctuation, full-width forms),
 * from the same ICU normalizer at build time: {count, cp, cp, cp}. */
extern const uint32_t dafu_fold_3000[][4];
extern const uint32_t dafu_fold_ff00[][4];

uint32_t utf8_next_slow(const char *str, size_t len, size_t *pos)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = *pos;
    unsigned c = s[i];
    if (c < 0x80) {
        *pos = i + 1;
        return c;
    }
    int n;
    uint32_t cp;
    uint32_t min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        *pos = i + 1;
        return 0xFFFD;
    }
    if (len - i <= (size_t)n) {
        *pos = i + 1;
        return 0xFFFD;
    }
    for (int k = 1; k <= n; k++) {
        unsigned cc = s[i + (size_t)k];
        if ((cc & 0xC0) != 0x80) {
            *pos = i + 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *pos = i + 1;
        return 0xFFFD;
    }
    *pos = i + (size_t)n + 1;
    return cp;
}

size_t utf8_put(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

int buf_add_cp(struct buf *b, uint32_t cp)
{
    char tmp[4];
    return buf_add(b, tmp, utf8_put(cp, tmp));
}

int utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* ASCII (a path, mostly) eight bytes at a time */
        uint64_t w;
        if (len - i >= 8 && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080u))) {
            i += 8;
            continue;
        }
        if (!((unsigned char)s[i] & 0x80)) {
            i++;
            continue;
        }
        size_t start = i;
        uint32_t cp = utf8_next(s, len, &i);
        if (cp == 0xFFFD && !(i - start == 3 && (unsigned char)s[start] == 0xEF))
            return 0;
    }
    return 1;
}

int text_cp_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x61C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

int utf8_escape(const char *s, size_t len, int controls, struct buf *out)
{
    size_t i = 0;
    size_t run = 0; /* start of the characters kept as they are, not yet copied */
    while (i < len) {
        size_t start = i;
        uint32_t cp = utf8_next(s, len, &i);
        int bad = cp == 0xFFFD && !(i - start == 3 && (unsigned char)s[start] == 0xEF);
        if (!bad && (!controls || !text_cp_control(cp) ||
                     (controls == UTF8_ESC_KEEP_LINES && (cp == '\n' || cp == '\t'))))
            continue;
        if (start > run && buf_add(out, s + run, start - run))
            return -1;
        run = i;
        int rc;
        if (bad)
            rc = buf_printf(out, "\\x%02x", (unsigned char)s[start]);
        else if (cp == '\n')
            rc = buf_adds(out, "\\n");
        else if (cp == '\t')
            rc = buf_adds(out, "\\t");
        else if (cp == '\r')
            rc = buf_adds(out, "\\r");
        else if (cp < 0x80)
            rc = buf_printf(out, "\\x%02x", (unsigned)cp);
        else
            rc = buf_printf(out, "\\u%04x", (unsigned)cp);
        if (rc)
            return -1;
    }
    return len > run ? buf_add(out, s + run, len - run) : 0;
}

int json_escape_controls(const char *s, size_t len, struct buf *out)
{
    size_t i = 0;
    size_t run = 0; /* start of the bytes not yet copied */
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c != 0x7F && c != 0xC2 && c != 0xD8 && c != 0xE2) {
            i++;
            continue;
        }
        size_t start = i;
        uint32_t cp = utf8_next(s, len, &i);
        if (cp < 0x20 || !text_cp_control(cp))
            continue;
        if (buf_add(out, s + run, start - run) || buf_printf(out, "\\u%04x", (unsigned)cp))
            return -1;
        run = i;
    }
    return buf_add(out, s + run, len - run);
}

/* text_is_han as ICU answers it (text_is_han keeps its answers in the BMP). */
static int han_icu(uint32_t cp)
{
    if (cp < 0x2E80)
        return 0;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
        return 1;
    if (cp == 0x3007) /* 〇 */
        return 1;
    if (u_hasBinaryProperty((UChar32)cp, UCHAR_IDEOGRAPHIC))
        return 1;
    UScriptCode sc = (UScriptCode)u_getIntPropertyValue((UChar32)cp, UCHAR_SCRIPT);
    return sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
           sc == USCRIPT_HANGUL;
}

int text_is_han(uint32_t cp)
{
    if (cp < 0x2E80)
        return 0;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
        return 1;
    /* CJK punctuation and full-width forms, asked of every letter's characters:
     * from the classes kept (Han first in class_of) */
    if (cp < 0x10000)
        return text_class(cp) == TEXT_HAN;
    return han_icu(cp);
}

int text_is_word(uint32_t cp)
{
    if (cp < 0x80)
        return text_is_ascii_alnum(cp);
    return !text_is_han(cp) && u_isalnum((UChar32)cp);
}

int text_is_space(uint32_t cp)
{
    if (cp < 0x80)
        return text_is_ascii_space(cp);
    /* Unicode's white space ends at U+3000: above it (Han, most of a letter)
     * nothing is asked of ICU (test_text checks every code point). */
    return cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF ||
           (cp < 0x3000 && u_isUWhiteSpace((UChar32)cp));
}

uint32_t text_t2s(uint32_t cp)
{
    if (cp - T2S_FIRST <= T2S_LAST - T2S_FIRST)
        return dafu_t2s_map[cp - T2S_FIRST];
    size_t i = ARRAY_FIND_U32(dafu_t2s_table, dafu_t2s_count, from, cp);
    if (i < dafu_t2s_count)
        return dafu_t2s_table[i].to;
    return cp;
}

int text_han_sources(uint32_t cp, uint32_t *out, int max)
{
    int n = 0;
    int in_map = (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF);
    if (in_map && dafu_t2s_map[cp - T2S_FIRST] == cp) {
        if (n == max)
            return -1;
        out[n++] = cp;
    }
    /* Those that map to cp, in the order of the code points that map. */
    size_t lo = 0, hi = dafu_t2s_by_to_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (dafu_t2s_by_to[mid].to < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < dafu_t2s_by_to_count && dafu_t2s_by_to[lo].to == cp; lo++) {
        if (n == max)
            return -1;
        out[n++] = dafu_t2s_by_to[lo].from;
    }
    return n;
}

static const UNormalizer2 *fold_norm;
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void fold_init(void)
{
    UErrorCode err = U_ZERO_ERROR;
    fold_norm = unorm2_getNFKCCasefoldInstance(&err);
    if (U_FAILURE(err))
        fold_norm = NULL;
}

/* NFKC_Casefold + T->S of one code point through ICU (the slow path). */
static int fold_icu(uint32_t cp, uint32_t *out, int max)
{
    pthread_once(&fold_once, fold_init);
    if (!fold_norm) {
        out[0] = cp;
        return 1;
    }
    UChar src[2];
    int32_t srclen = 0;
    U16_APPEND_UNSAFE(src, srclen, (UChar32)cp);
    UChar dst[32];
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = unorm2_normalize(fold_norm, src, srclen, dst, 32, &err);
    if (U_FAILURE(err)) {
        out[0] = cp;
        return 1;
    }
    int k = 0;
    int32_t i = 0;
    while (i < n && k < max) {
        UChar32 c;
        U16_NEXT(dst, i, n, c);
        out[k++] = text_t2s((uint32_t)c);
    }
    return k;
}

/* Folds of the BMP, filled in as they are met: 0 = not yet known, FOLD_SLOW = not
 * one code point (ask ICU each time), else FOLD_ONE | the folded code point.
 * Relaxed atomics: two threads may compute the same entry; both store one value. */
#define FOLD_ONE 0x80000000u
#define FOLD_SLOW 0x40000000u
static _Atomic uint32_t fold_cache[0x10000];

int text_fold_cp(uint32_t cp, uint32_t *out, int max)
{
    /* Fast paths: ASCII, CJK ideographs that NFKC leaves alone (T->S alone, one
     * load), and CJK punctuation and full-width forms (folded at build time). */
    if (cp < 0x80) {
        out[0] = text_fold_ascii(cp);
        return 1;
    }
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)) {
        out[0] = dafu_t2s_map[cp - T2S_FIRST];
        return 1;
    }
    if (cp - 0x3000 <= 0x3F || cp - 0xFF00 <= 0xEF) {
        const uint32_t *t = cp < 0xFF00 ? dafu_fold_3000[cp - 0x3000] : dafu_fold_ff00[cp - 0xFF00];
        int n = (int)t[0];
        for (int k = 0; k < n; k++)
            out[k] = t[k + 1];
        return n;
    }
    if (cp >= 0x10000)
        return fold_icu(cp, out, max);
    uint32_t e = atomic_load_explicit(&fold_cache[cp], memory_order_relaxed);
    if (e & FOLD_ONE) {
        out[0] = e & ~FOLD_ONE;
        return 1;
    }
    int n = fold_icu(cp, out, max);
    if (!e)
        atomic_store_explicit(&fold_cache[cp], n == 1 ? (FOLD_ONE | out[0]) : FOLD_SLOW,
                              memory_order_relaxed);
    return n;
}

/* Classes of the BMP, filled in as they are met: 0 = not yet known, else
 * CLASS_KNOWN | enum text_class. */
#define CLASS_KNOWN 0x80
static _Atomic unsigned char class_cache[0x10000];

static enum text_class class_of(uint32_t cp)
{
    if (han_icu(cp))
        return TEXT_HAN;
    /* text_is_word, Han already ruled out (text_is_han asks text_class) */
    if (cp < 0x80 ? text_is_ascii_alnum(cp) : u_isalnum((UChar32)cp))
        return TEXT_WORD;
    if (text_is_space(cp))
        return TEXT_SPACE;
    return TEXT_OTHER;
}

enum text_class text_class(uint32_t cp)
{
    if (cp < 0x80)
        return text_ascii_class(cp);
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
        return TEXT_HAN;
    if (cp >= 0x10000)
        return class_of(cp);
    unsigned char e = atomic_load_explicit(&class_cache[cp], memory_order_relaxed);
    if (e)
        return (enum text_class)(e & ~CLASS_KNOWN);
    enum text_class c = class_of(cp);
    atomic_store_explicit(&class_cache[cp], (unsigned char)(CLASS_KNOWN | c), memory_order_relaxed);
    return c;
}

int text_normalize(const char *s, size_t len, struct buf *out)
{
    size_t i = 0;
    int pending_space = 0; /* a space run is waiting to be written */
    int last_han = 0;      /* the last code point written was Han */
    size_t start_len = out->len;
    while (i < len) {
        uint32_t cp = utf8_next(s, len, &i);
        uint32_t f[8];
        int n = text_fold_cp(cp, f, 8);
        for (int k = 0; k < n; k++) {
            if (text_is_space(f[k])) {
                if (out->len > start_len)
                    pending_space = 1;
                continue;
            }
            int han = text_is_han(f[k]);
            if (pending_space && !(han && last_han)) {
                if (buf_addch(out, ' '))
                    return -1;
            }
            pending_space = 0;
            if (buf_add_cp(out, f[k]))
                return -1;
            last_han = han;
        }
    }
    return 0;
}

int text_cp_width(uint32_t cp)
{
    if (cp < 0x20)
        return 0;
    if (cp < 0x7F)
        return 1;
    if (cp >= 0x4E00 && cp <= 0x9FFF)
        return 2; /* CJK Unified Ideographs: every one wide, as ICU says */
    int gc = u_charType((UChar32)cp);
    if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_FORMAT_CHAR || cp == 0x200B)
        return 0;
    int ea = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
    return (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
}

int text_width(const char *s, size_t len)
{
    int w = 0;
    size_t i = 0;
    while (i < len)
        w += text_cp_width(utf8_next(s, len, &i));
    return w;
}
