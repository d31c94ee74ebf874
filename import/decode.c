/* decode: bytes -> UTF-8 (see decode.h). */
#include "import/decode.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "text/text.h"

/* How much of a file the detector and the score look at. */
#define SNIFF_BYTES ((size_t)64 << 10)
/* A candidate encoding must read at least this share of the file's non-ASCII
 * characters as plausible Chinese text to be chosen. */
#define MIN_SCORE 0.6
/* Text with at least MOJIBAKE_MIN_HAN Han characters, of which fewer than this
 * share are common, is taken for mojibake. Real letters score 0.9 to 1 (after
 * Traditional -> Simplified), mojibake 0.12 to 0.25. */
#define MOJIBAKE_MAX_SHARE 0.4
#define MOJIBAKE_MIN_HAN 10
/* A repair must give text at least this common. */
#define REPAIRED_MIN_SHARE 0.8

/* ---- common characters ---- */

#define COMMON_FIRST 0x4E00
#define COMMON_LAST 0x9FFF
static unsigned char common_bits[(COMMON_LAST - COMMON_FIRST + 1 + 7) / 8];
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

/* GB 2312 level 1: rows 16-55 (lead bytes 0xB0-0xD7), 94 cells each, except the
 * last five cells of row 55, which are empty. */
static void common_init(void)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open("GB18030", &err);
    if (U_FAILURE(err))
        return;
    for (int lead = 0xB0; lead <= 0xD7; lead++) {
        for (int trail = 0xA1; trail <= 0xFE; trail++) {
            if (lead == 0xD7 && trail > 0xF9)
                break;
            char in[2] = {(char)lead, (char)trail};
            UChar u[4];
            err = U_ZERO_ERROR;
            int32_t n = ucnv_toUChars(cnv, u, 4, in, 2, &err);
            if (U_SUCCESS(err) && n == 1 && u[0] >= COMMON_FIRST && u[0] <= COMMON_LAST) {
                unsigned k = (unsigned)(u[0] - COMMON_FIRST);
                common_bits[k >> 3] |= (unsigned char)(1u << (k & 7));
            }
        }
    }
    ucnv_close(cnv);
}

static int in_common_bits(uint32_t cp)
{
    if (cp < COMMON_FIRST || cp > COMMON_LAST)
        return 0;
    unsigned k = cp - COMMON_FIRST;
    return (common_bits[k >> 3] >> (k & 7)) & 1;
}

static int is_common(uint32_t cp)
{
    if (in_common_bits(cp))
        return 1;
    uint32_t s = text_t2s(cp);
    return s != cp && in_common_bits(s);
}

static int is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

double decode_common_share(const char *s, size_t len, size_t *han)
{
    pthread_once(&common_once, common_init);
    size_t n = 0;
    size_t common = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp = utf8_next(s, len, &i);
        if (is_han(cp)) {
            n++;
            common += (size_t)is_common(cp);
        }
    }
    if (han)
        *han = n;
    return n ? (double)common / (double)n : 1.0;
}

/* Punctuation and symbols Chinese letters use: they count for an encoding. */
static int is_cjk_symbol(uint32_t cp)
{
    return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF5E) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x2010 && cp <= 0x206F) ||
           (cp >= 0x2160 && cp <= 0x217F) || (cp >= 0x2460 && cp <= 0x24FF) ||
           (cp >= 0x25A0 && cp <= 0x25FF) || (cp >= 0x2190 && cp <= 0x21FF) || cp == 0x00B7 ||
           cp == 0x00D7 || cp == 0x00B0 || cp == 0x00A7 || cp == 0x00F7;
}

/* Letters with diacritics (pinyin) neither help nor hurt. */
static int is_neutral(uint32_t cp)
{
    return cp < 0x80 || (cp >= 0xC0 && cp <= 0x24F) || cp == 0xA0;
}

/* How plausibly s[0..len) reads as Chinese text: the share of its non-ASCII
 * characters (and control characters) that are common Han characters or CJK
 * punctuation. 1 for text with none. */
static double chinese_score(const char *s, size_t len)
{
    pthread_once(&common_once, common_init);
    size_t considered = 0;
    size_t good = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp = utf8_next(s, len, &i);
        /* strchr finds a NUL too (the string's end): not white space */
        if ((cp < 0x20 && (!cp || !strchr("\t\n\r\f\v", (int)cp))) || cp == 0x7F) {
            considered++;
            continue;
        }
        if (is_neutral(cp))
            continue;
        considered++;
        if (is_cjk_symbol(cp) || (is_han(cp) && is_common(cp)))
            good++;
    }
    return considered ? (double)good / (double)considered : 1.0;
}

/* ---- conversion ---- */

struct conv_error {
    size_t byte_off; /* offset of the bad bytes in the input */
    size_t bad_len;  /* how many bytes are bad */
    UErrorCode code; /* U_TRUNCATED_CHAR_FOUND, U_ILLEGAL_CHAR_FOUND, ... */
};

/* Converts data[0..len) from charset `name` to UTF-8, appended to out. Strict:
 * stops at the first byte sequence that is not a character, filling *ce. Lenient
 * (strict = 0): such bytes become U+FFFD. `flush` = 0 for a prefix of a longer
 * input (a character cut at the end is not an error). Returns 0, -1 on a decoding
 * error (strict), -2 when the converter cannot be opened or memory runs out. */
static int convert(const char *name, const char *data, size_t len, int strict, int flush,
                   struct buf *out, struct conv_error *ce)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *src = ucnv_open(name, &err);
    UConverter *dst = NULL;
    int rc = -2;
    if (U_FAILURE(err))
        goto cleanup;
    dst = ucnv_open("UTF-8", &err);
    if (U_FAILURE(err))
        goto cleanup;
    if (strict) {
        ucnv_setToUCallBack(src, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
        ucnv_setFromUCallBack(dst, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    } else {
        ucnv_setToUCallBack(src, UCNV_TO_U_CALLBACK_SUBSTITUTE, NULL, NULL, NULL, &err);
    }
    if (U_FAILURE(err))
        goto cleanup;
    UChar pivot[4096];
    UChar *pivot_src = pivot;
    UChar *pivot_dst = pivot;
    const char *s = data;
    const char *s_end = data + len;
    size_t start_len = out->len;
    /* Chinese text grows by about half from GB18030 or Big5 to UTF-8. */
    size_t want = len + len / 2 + 16;
    UBool reset = 1;
    for (;;) {
        if (buf_grow(out, want))
            goto cleanup;
        char *t = out->data + out->len;
        char *t_end = out->data + out->alloc - 1;
        err = U_ZERO_ERROR;
        ucnv_convertEx(dst, src, &t, t_end, &s, s_end, pivot, &pivot_src, &pivot_dst,
                       pivot + sizeof pivot / sizeof pivot[0], reset, (UBool)flush, &err);
        reset = 0;
        out->len = (size_t)(t - out->data);
        out->data[out->len] = '\0';
        if (err == U_BUFFER_OVERFLOW_ERROR) {
            want = out->alloc; /* double the room */
            continue;
        }
        if (U_FAILURE(err)) {
            if (ce) {
                char bad[32];
                int8_t n = sizeof bad;
                UErrorCode e2 = U_ZERO_ERROR;
                ucnv_getInvalidChars(src, bad, &n, &e2);
                if (U_FAILURE(e2))
                    n = 0;
                size_t consumed = (size_t)(s - data);
                ce->bad_len = (size_t)n <= consumed ? (size_t)n : consumed;
                ce->byte_off = consumed - ce->bad_len;
                ce->code = err;
            }
            buf_truncate(out, start_len);
            rc = -1;
            goto cleanup;
        }
        break;
    }
    rc = 0;
cleanup:
    ucnv_close(src);
    ucnv_close(dst);
    return rc;
}

/* The ICU name for an encoding; the whole GB family reads as GB18030. */
static const char *charset_for(const char *name)
{
    static const char *const gb[] = {"gb18030", "gbk",      "gb2312",  "gb_2312",   "gb_2312-80",
                                     "euc-cn",  "x-euc-cn", "cp936",   "ms936",     "windows-936",
                                     "x-gbk",   "csgb2312", "chinese", "iso-ir-58", NULL};
    static const char *const big5[] = {"big5",       "cp950",  "windows-950", "x-windows-950",
                                       "big5-cp950", "csbig5", "x-big5",      NULL};
    for (int i = 0; gb[i]; i++)
        if (!strcasecmp(name, gb[i]))
            return "GB18030";
    for (int i = 0; big5[i]; i++)
        if (!strcasecmp(name, big5[i]))
            return "Big5";
    if (!strcasecmp(name, "utf-8") || !strcasecmp(name, "utf8"))
        return "UTF-8";
    if (!strcasecmp(name, "utf-16le"))
        return "UTF-16LE";
    if (!strcasecmp(name, "utf-16be"))
        return "UTF-16BE";
    return NULL;
}

int decode_check_name(const char *name, struct diag *d)
{
    UErrorCode err = U_ZERO_ERROR;
    const char *cs = charset_for(name);
    UConverter *c = ucnv_open(cs ? cs : name, &err);
    if (U_FAILURE(err) || !*name)
        return diag_error(d, "unknown encoding '%s'", name);
    ucnv_close(c);
    return 0;
}

/* ---- locating errors ---- */

/* Fills info->line and info->col for byte `off` of data decoded as `charset`
 * (NULL for UTF-8): counts lines and characters in the decoded prefix. */
static void locate(const char *data, size_t off, const char *charset, struct decode_info *info)
{
    struct buf pre = BUF_INIT;
    const char *s = data;
    size_t n = off;
    if (charset && strcmp(charset, "UTF-8")) {
        if (convert(charset, data, off, 0, 0, &pre, NULL))
            goto done;
        s = pre.data;
        n = pre.len;
    }
    long line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n') {
            line++;
            line_start = i + 1;
        }
    long col = 1;
    size_t i = line_start;
    while (i < n) {
        utf8_next(s, n, &i);
        col++;
    }
    info->line = line;
    info->col = col;
done:
    buf_release(&pre);
}

/* The first offset where s[0..len) is not UTF-8, and why. */
static size_t utf8_first_bad(const char *s, size_t len, const char **why)
{
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        uint32_t cp = utf8_next(s, len, &i);
        if (cp != 0xFFFD || (i - start == 3 && (unsigned char)s[start] == 0xEF))
            continue;
        unsigned char c = (unsigned char)s[start];
        size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        size_t k = 1;
        while (k < need && start + k < len && ((unsigned char)s[start + k] & 0xC0) == 0x80)
            k++;
        if (need && c <= 0xF4 && k < need)
            *why = "a character cut short";
        else
            *why = "a byte that starts no character";
        return start;
    }
    *why = NULL;
    return len;
}

/* Valid UTF-8 with a few bad bytes (a cut, a stray byte) rather than another
 * encoding: well-formed multi-byte characters far outnumber runs of bad bytes,
 * or the only bad bytes are a character cut off at the very end. (GBK text
 * forms some valid two-byte sequences by chance, but far more bad ones.) */
static int mostly_utf8(const char *s, size_t len)
{
    size_t good = 0;
    size_t bad = 0;
    size_t last_bad = 0; /* where the last run of bad bytes starts */
    int in_bad = 0;
    size_t i = 0;
    size_t n = len > SNIFF_BYTES ? SNIFF_BYTES : len;
    while (i < n) {
        size_t start = i;
        uint32_t cp = utf8_next(s, n, &i);
        int ok = cp != 0xFFFD || (i - start == 3 && (unsigned char)s[start] == 0xEF);
        if (!ok) {
            if (!in_bad) {
                bad++;
                last_bad = start;
            }
            in_bad = 1;
            continue;
        }
        in_bad = 0;
        if (i - start > 1)
            good++;
    }
    if (bad * 20 <= good)
        return 1;
    const char *why;
    return bad == 1 && good >= 2 && n == len && len - last_bad < 4 &&
           utf8_first_bad(s, len, &why) == last_bad && !strcmp(why, "a character cut short");
}

static void describe_conv_error(struct diag *d, const char *charset, const char *data,
                                const struct conv_error *ce)
{
    struct buf bytes = BUF_INIT;
    for (size_t i = 0; i < ce->bad_len && i < 4; i++)
        buf_printf(&bytes, "%s0x%02X", i ? " " : "", (unsigned char)data[ce->byte_off + i]);
    if (buf_failed(&bytes))
        diag_error(d, "out of memory");
    else if (ce->code == U_TRUNCATED_CHAR_FOUND)
        diag_error(d, "cannot decode as %s: a character cut short (%s)", charset, bytes.data);
    else if (ce->code == U_INVALID_CHAR_FOUND)
        diag_error(d, "cannot decode as %s: bytes %s stand for no character", charset, bytes.data);
    else
        diag_error(d, "cannot decode as %s: invalid bytes %s", charset, bytes.data);
    buf_release(&bytes);
}

/* Strict conversion of the whole input; on error, d and info say where. */
static int convert_all(const char *charset, const char *data, size_t len, struct buf *out,
                       struct decode_info *info, struct diag *d)
{
    struct conv_error ce = {0, 0, U_ZERO_ERROR};
    int rc = convert(charset, data, len, 1, 1, out, &ce);
    if (rc == -2)
        return diag_error(d, "cannot decode as %s: out of memory or no converter", charset);
    if (rc == -1) {
        describe_conv_error(d, charset, data, &ce);
        locate(data, ce.byte_off, charset, info);
        return -1;
    }
    return 0;
}

int decode_repair_mojibake(const char *s, size_t len, struct buf *out)
{
    struct buf gb = BUF_INIT;
    int rc = -1;
    UErrorCode err = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open("GB18030", &err);
    if (U_FAILURE(err))
        goto cleanup;
    ucnv_setFromUCallBack(cnv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    /* UTF-8 -> UTF-16 -> GB18030, a chunk at a time. */
    size_t i = 0;
    UChar u[2048];
    while (i < len && U_SUCCESS(err)) {
        int32_t nu = 0;
        while (i < len && nu < (int32_t)(sizeof u / sizeof u[0]) - 2) {
            uint32_t cp = utf8_next(s, len, &i);
            if (cp >= 0x10000) {
                u[nu++] = (UChar)(0xD7C0 + (cp >> 10));
                u[nu++] = (UChar)(0xDC00 | (cp & 0x3FF));
            } else {
                u[nu++] = (UChar)cp;
            }
        }
        const UChar *us = u;
        for (;;) {
            if (buf_grow(&gb, (size_t)nu * 4 + 16))
                goto cleanup;
            char *t = gb.data + gb.len;
            char *t_end = gb.data + gb.alloc - 1;
            err = U_ZERO_ERROR;
            ucnv_fromUnicode(cnv, &t, t_end, &us, u + nu, NULL, (UBool)(i >= len), &err);
            gb.len = (size_t)(t - gb.data);
            if (err != U_BUFFER_OVERFLOW_ERROR)
                break;
        }
    }
    if (U_FAILURE(err) || !utf8_valid(gb.data, gb.len))
        goto cleanup;
    size_t han = 0;
    if (decode_common_share(gb.data, gb.len, &han) < REPAIRED_MIN_SHARE || !han)
        goto cleanup;
    if (buf_add(out, gb.data, gb.len))
        goto cleanup;
    rc = 0;
cleanup:
    ucnv_close(cnv);
    buf_release(&gb);
    return rc;
}

/* Valid UTF-8 text: taken as is, unless it is mojibake. */
static int take_utf8(const char *data, size_t len, struct buf *out, struct decode_info *info,
                     struct diag *d)
{
    size_t han = 0;
    double share = decode_common_share(data, len, &han);
    if (han >= MOJIBAKE_MIN_HAN && share < MOJIBAKE_MAX_SHARE) {
        if (!decode_repair_mojibake(data, len, out)) {
            info->repaired = 1;
            return 0;
        }
        return diag_error(d,
                          "garbled text (UTF-8 once read as GBK?) that cannot be repaired: "
                          "only %.0f%% of its Han characters are common ones; "
                          "--encoding UTF-8 imports it as it is",
                          share * 100);
    }
    if (buf_add(out, data, len))
        return diag_error(d, "out of memory");
    return 0;
}

static int count_controls(const char *s, size_t len)
{
    size_t n = 0;
    if (len > SNIFF_BYTES)
        len = SNIFF_BYTES;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && (!c || !strchr("\t\n\r\f\v\x1b", c))) || c == 0x7F)
            n++;
    }
    return n > 0 && (n * 100 >= len || memchr(s, '\0', len));
}

/* Scores charset on the first SNIFF_BYTES; -1 when it cannot be opened. */
static double score_as(const char *charset, const char *data, size_t len)
{
    struct buf tmp = BUF_INIT;
    size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    double s = -1;
    if (!convert(charset, data, n, 0, n == len, &tmp, NULL))
        s = chinese_score(tmp.data, tmp.len);
    buf_release(&tmp);
    return s;
}

/* Detection: ucsdet's guesses first, then the other encodings Chinese files come
 * in; each is scored on how Chinese it reads, and the best wins (ties go to the
 * earlier). Returns the charset or NULL. */
static const char *detect(const char *data, size_t len)
{
    const char *cands[8];
    int n = 0;
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&err);
    if (U_SUCCESS(err)) {
        ucsdet_setText(det, data, (int32_t)(len < SNIFF_BYTES ? len : SNIFF_BYTES), &err);
        int32_t nm = 0;
        const UCharsetMatch **m = U_SUCCESS(err) ? ucsdet_detectAll(det, &nm, &err) : NULL;
        for (int32_t i = 0; m && U_SUCCESS(err) && i < nm && n < 4; i++) {
            const char *cs = charset_for(ucsdet_getName(m[i], &err));
            if (!cs || !strcmp(cs, "UTF-8"))
                continue;
            int dup = 0;
            for (int k = 0; k < n; k++)
                dup |= !strcmp(cands[k], cs);
            if (!dup)
                cands[n++] = cs;
        }
        ucsdet_close(det);
    }
    static const char *const all[] = {"GB18030", "Big5", "UTF-16LE", "UTF-16BE"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        int dup = 0;
        for (int k = 0; k < n; k++)
            dup |= !strcmp(cands[k], all[i]);
        if (!dup)
            cands[n++] = all[i];
    }
    const char *best = NULL;
    double best_score = MIN_SCORE - 0.001;
    for (int i = 0; i < n; i++) {
        double s = score_as(cands[i], data, len);
        if (s > best_score + 0.02 || (!best && s > best_score)) {
            best = cands[i];
            best_score = s;
        }
    }
    return best;
}

int decode_to_utf8(const char *data, size_t len, const char *forced, const char *declared,
                   struct buf *out, struct decode_info *info, struct diag *d)
{
    struct decode_info dummy;
    if (!info)
        info = &dummy;
    memset(info, 0, sizeof *info);
    const unsigned char *u = (const unsigned char *)data;

    /* 1. A byte order mark. */
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        info->bom = 1;
        info->charset = "UTF-8";
        data += 3;
        len -= 3;
        if (!utf8_valid(data, len)) {
            const char *why;
            size_t off = utf8_first_bad(data, len, &why);
            locate(data, off, NULL, info);
            return diag_error(d, "invalid UTF-8: %s", why);
        }
        return take_utf8(data, len, out, info, d);
    }
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        info->bom = 1;
        info->charset = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        return convert_all(info->charset, data + 2, len - 2, out, info, d);
    }

    /* 2. The user's word. */
    if (forced) {
        const char *cs = charset_for(forced);
        info->charset = cs ? cs : forced;
        if (cs && !strcmp(cs, "UTF-8")) {
            if (!utf8_valid(data, len)) {
                const char *why;
                size_t off = utf8_first_bad(data, len, &why);
                locate(data, off, NULL, info);
                return diag_error(d, "invalid UTF-8: %s", why);
            }
            return buf_add(out, data, len) ? diag_error(d, "out of memory") : 0;
        }
        return convert_all(info->charset, data, len, out, info, d);
    }

    /* 3. UTF-8, or UTF-8 with a few damaged bytes. */
    int has_nul = memchr(data, '\0', len) != NULL;
    if (!has_nul && utf8_valid(data, len)) {
        info->charset = "UTF-8";
        return take_utf8(data, len, out, info, d);
    }
    if (!has_nul && mostly_utf8(data, len)) {
        const char *why;
        size_t off = utf8_first_bad(data, len, &why);
        info->charset = "UTF-8";
        locate(data, off, NULL, info);
        return diag_error(d, "invalid UTF-8: %s", why);
    }

    /* 4. What the content declares, when it reads well. */
    const char *cs = declared ? charset_for(declared) : NULL;
    if (cs && strcmp(cs, "UTF-8") && score_as(cs, data, len) >= MIN_SCORE) {
        info->charset = cs;
        return convert_all(cs, data, len, out, info, d);
    }

    /* 5. Detection. */
    cs = detect(data, len);
    if (!cs) {
        if (count_controls(data, len))
            return diag_error(d, "binary data, not text");
        return diag_error(d, "cannot tell the encoding: not UTF-8, and neither GB18030, "
                             "Big5 nor UTF-16 reads it as Chinese (try --encoding)");
    }
    info->charset = cs;
    return convert_all(cs, data, len, out, info, d);
}
