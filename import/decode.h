#ifndef DAFU_DECODE_H
#define DAFU_DECODE_H
/*
 * decode: the bytes of a file -> UTF-8 text.
 *
 * The order of evidence: a byte order mark (UTF-8, UTF-16 LE/BE); an encoding
 * the user names (--encoding); bytes that are valid UTF-8; an encoding the
 * content declares (an HTML <meta charset>), when the bytes decode under it;
 * then ICU's charset detector (ucsdet) together with a score of how Chinese
 * the result reads. The whole GB family (GB2312, GBK, GB18030) is decoded as
 * GB18030, Big5 as Windows-950; UTF-16 without a byte order mark is found by
 * the score too.
 *
 * UTF-8 that was once read as GBK and saved again as UTF-8 (mojibake such as
 * 瀵逛笉璧) is valid UTF-8 but reads as rare characters: the share of common
 * characters among its Han characters collapses (from about 0.98 to about
 * 0.15). Such text is repaired when encoding it back to GB18030 and reading the
 * bytes as UTF-8 gives clean text; otherwise it is an error.
 *
 * "Common characters" are the 3,755 characters of level 1 of GB 2312, the set
 * chosen as the most frequently used, read from ICU's GB18030 converter on first
 * use; Traditional characters count through their Simplified form.
 *
 * Ownership: the caller owns every buffer; decode only appends to `out`.
 * Messages never name the file: the caller adds it.
 */
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"

struct decode_info {
    const char *charset; /* what the bytes were read as ("UTF-8", "GB18030", "Big5",
                            "UTF-16LE", "UTF-16BE", or the forced name); static */
    int bom;             /* a byte order mark was found and dropped */
    int repaired;        /* mojibake was repaired */
    long line, col;      /* where decoding failed (1-based), 0 when not known */
};

/* Converts data[0..len) to UTF-8, appended to out. `forced` (may be NULL) is an
 * encoding name that overrides detection; `declared` (may be NULL) is a charset
 * the content itself names. info (may be NULL) receives what was found.
 * Returns 0, or -1 with d set and, when it helps, info->line and info->col:
 * "binary data, not text", "invalid UTF-8 (a character cut short)",
 * "cannot tell the encoding ...", "text is garbled ...". */
int decode_to_utf8(const char *data, size_t len, const char *forced, const char *declared,
                   struct buf *out, struct decode_info *info, struct diag *d);

/* Checks that ICU knows the encoding `name`. Returns 0, or -1 with d set. */
int decode_check_name(const char *name, struct diag *d);

/* Share of common characters among the Han characters of UTF-8 text s[0..len),
 * in [0, 1] (1 when there are none); *han (may be NULL) receives their count. */
double decode_common_share(const char *s, size_t len, size_t *han);

/* Repairs mojibake: encodes UTF-8 text s[0..len) as GB18030 and reads the bytes
 * as UTF-8, appending to out. Returns 0 when the result is valid UTF-8 whose
 * characters are mostly common, else -1 (out unchanged). */
int decode_repair_mojibake(const char *s, size_t len, struct buf *out);

#endif
