#ifndef DAFU_TEXT_H
#define DAFU_TEXT_H
/*
 * text: UTF-8 helpers and the one normalization that the parser, the tokenizer
 * and the query side share.
 *
 * Normalization of one code point (text_fold_cp): NFKC + case folding (ICU's
 * NFKC_Casefold: full-width ０８３１ -> 0831, ＡＢＣ -> abc), then Traditional ->
 * Simplified through a per-code-point table generated from ICU at build time.
 * Text travels as (text, len) pairs of UTF-8; offsets are byte offsets.
 */
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* utf8_next's way for what its inline fast paths leave. */
uint32_t utf8_next_slow(const char *s, size_t len, size_t *pos);
/* Decodes the code point at s[*pos] (len bytes in all) and advances *pos.
 * Invalid or truncated sequences decode as U+FFFD, advancing one byte. Inline for
 * ASCII and well-formed three-byte sequences (all of CJK): the parser decodes
 * every letter with it several times. */
static inline uint32_t utf8_next(const char *s, size_t len, size_t *pos)
{
    const unsigned char *u = (const unsigned char *)s + *pos;
    if (u[0] < 0x80) {
        *pos += 1;
        return u[0];
    }
    if ((u[0] & 0xF0) == 0xE0 && len - *pos >= 3 && (u[1] & 0xC0) == 0x80 &&
        (u[2] & 0xC0) == 0x80) {
        uint32_t cp =
            ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
            *pos += 3;
            return cp;
        }
    }
    return utf8_next_slow(s, len, pos);
}
/* Encodes cp into out (room for 4 bytes); returns the byte count. */
size_t utf8_put(uint32_t cp, char *out);
/* Appends cp to b as UTF-8. */
int buf_add_cp(struct buf *b, uint32_t cp);
/* Returns 1 if s[0..len) is well-formed UTF-8 (no surrogates, no overlongs). */
int utf8_valid(const char *s, size_t len);
/* Is cp a character that drives a terminal or reorders text around it: a C0
 * control (\n and \t too), DEL, a C1 control, or a bidirectional formatting
 * character (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069)? */
int text_cp_control(uint32_t cp);
/* What utf8_escape writes as an escape besides bytes that are not UTF-8. */
enum {
    UTF8_ESC_BYTES = 0,     /* nothing else */
    UTF8_ESC_CONTROLS = 1,  /* every text_cp_control character */
    UTF8_ESC_KEEP_LINES = 2 /* every one but \n and \t (a letter's text) */
};
/* Appends s[0..len) to out with every byte that is not part of well-formed UTF-8
 * written as \xHH (a file name in GBK bytes: "\xb9\xfa.txt"), and with
 * `controls` (UTF8_ESC_*) also control characters (\n, \t, \r; \xHH for the
 * other C0 ones and DEL; \uHHHH for C1 and the bidirectional ones), so the result
 * is safe to print on a terminal and reads in the order it is stored. Valid text
 * without them comes out unchanged. Returns 0 or -1. */
int utf8_escape(const char *s, size_t len, int controls, struct buf *out);
/* Appends the printed JSON s to out with the text_cp_control characters JSON
 * allows raw (DEL, C1, bidirectional; the printer escapes C0) written as \uHHHH:
 * the same JSON, safe to print. They occur only inside strings. Returns 0 or -1. */
int json_escape_controls(const char *s, size_t len, struct buf *out);

/* Character classes used by the tokenizer and the parser. */
int text_is_han(uint32_t cp);   /* ideographs, 〇, kana, hangul: indexed per character */
int text_is_word(uint32_t cp);  /* letters and digits of other scripts: indexed per word */
int text_is_space(uint32_t cp); /* white space, including U+3000 and NBSP */
enum text_class { TEXT_OTHER, TEXT_HAN, TEXT_WORD, TEXT_SPACE };
/* The class of cp by the three tests above, in that order (cached: the tokenizer's
 * one call per character). */
enum text_class text_class(uint32_t cp);
/* An ASCII letter or digit (0-9, A-Z, a-z): text_is_word below U+0080, inline
 * for the loops that meet one at every character. */
static inline int text_is_ascii_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}
/* ASCII white space (' ', '\t' to '\r'): text_is_space below U+0080. */
static inline int text_is_ascii_space(uint32_t cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r');
}
/* text_class below U+0080. */
static inline enum text_class text_ascii_class(uint32_t cp)
{
    return text_is_ascii_alnum(cp) ? TEXT_WORD : text_is_ascii_space(cp) ? TEXT_SPACE : TEXT_OTHER;
}
/* text_fold_cp below U+0080: A-Z to a-z, the rest as it is. */
static inline uint32_t text_fold_ascii(uint32_t cp)
{
    return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
}

/* Folds one code point. Writes up to `max` code points to out and returns how many
 * (0 when the code point folds away, e.g. a soft hyphen). max must be >= 4. */
int text_fold_cp(uint32_t cp, uint32_t *out, int max);
/* text_fold_cp of a CJK ideograph of U+4E00-U+9FFF (or U+3400-U+4DBF), which
 * folds to one code point, inline for the tokenizer's loops. */
extern const uint16_t dafu_t2s_map[]; /* U+3400-U+9FFF */
static inline uint32_t text_fold_han(uint32_t cp)
{
    return dafu_t2s_map[cp - 0x3400];
}
/* Traditional -> Simplified for one code point; cp itself when it has no mapping. */
uint32_t text_t2s(uint32_t cp);
/* The code points of U+3400-U+4DBF and U+4E00-U+9FFF that fold to cp (those
 * text_fold_han folds), cp among them when it folds to itself, into out[0..max).
 * Returns how many, or -1 when there are more than max. */
int text_han_sources(uint32_t cp, uint32_t *out, int max);

/* Normalizes a whole string into out (appended): every code point folded, runs of
 * white space collapsed to one ' ', white space between two Han characters dropped,
 * leading and trailing space removed. Returns 0 or -1 on allocation failure. */
int text_normalize(const char *s, size_t len, struct buf *out);

/* Display width in terminal cells (East Asian Wide/Fullwidth = 2, combining = 0). */
int text_cp_width(uint32_t cp);
int text_width(const char *s, size_t len);

#endif
