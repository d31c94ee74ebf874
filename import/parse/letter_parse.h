#ifndef DAFU_LETTER_PARSE_H
#define DAFU_LETTER_PARSE_H
/*
 * letter_parse: the text of one reply letter (UTF-8, page chrome and all) -> its
 * fields in a struct letter.
 *
 * The parser is linear in the input and accepts any bytes (text that is not UTF-8
 * decodes as U+FFFD). It never guesses: a field it cannot find in the text stays
 * NULL/0. It cuts the page chrome (breadcrumbs and page meta before the header,
 * footers, 上一篇/下一篇, copyright notices, a duplicated page, spam lines of
 * mirror sites, HTML comments and stray tags) and stores what is left as the
 * letter's text. A copy of the original proposal stays in the text: after the
 * reply it gives no fields; before it, its form lines (标题:, 建议编号:, 领衔代表:)
 * are read and its paragraphs are not.
 *
 * Fields are copied as written (traditional characters, a converter's pinyin
 * "衛(wèi)" and all), except the region, which is kept in simplified form, and the
 * title, whose line breaks and layout spaces between Han characters are dropped.
 */
#include <stddef.h>

#include "base/diag.h"
#include "model/letter.h"

/* Bits of letter_parse's `missing` report: fields the parser could not find, one
 * for each LETTER_EXPECTED field of LETTER_FIELDS (model/letter.h), in its order. */
enum {
    LP_BODY = 1 << 0,
    LP_LEVEL = 1 << 1,
    LP_REGION = 1 << 2,
    LP_TERM = 1 << 3,
    LP_SESSION = 1 << 4,
    LP_KIND = 1 << 5,
    LP_NUMBER = 1 << 6,
    LP_DEPARTMENT = 1 << 7,
    LP_DELEGATES = 1 << 8,
    LP_TITLE = 1 << 9,
    LP_DOC_NUMBER = 1 << 10,
    LP_DATE = 1 << 11,
    LP_CATEGORY = 1 << 12
};

/* Parses text[0..len) (UTF-8) into l, which must be initialised and empty.
 * *missing (may be NULL) receives the LP_* bits of fields not found (region is
 * never missing from a national letter, which has none).
 * Returns 0 (with a warning in d when the text names more proposers than
 * LETTER_MAX_DELEGATES: the first are kept), or -1 with d set when the text is
 * not a reply letter at all
 * (nothing that reads as a letter: no salutation, no header, no 答复 wording) or
 * when memory ran out (a letter is never given with fields lost that way). After
 * -1, l may hold some fields: release it. */
int letter_parse(const char *text, size_t len, struct letter *l, unsigned *missing, struct diag *d);

/* A look inside one parse, for tests: the work it did, and an allocation to fail. */
struct letter_parse_probe {
    size_t fail_at; /* in: 0, or the parser's allocation that fails (1 = the first) */
    size_t steps;   /* out: characters and lines its scanning primitives visited */
    size_t allocs;  /* out: the allocations it made, as fail_at counts them */
};

/* letter_parse, with a probe (NULL: none). */
int letter_parse_probed(const char *text, size_t len, struct letter *l, unsigned *missing,
                        struct letter_parse_probe *probe, struct diag *d);

/* The name of one LP_* bit ("department"), for messages. */
const char *letter_parse_field_name(unsigned bit);

#endif
