#ifndef DAFU_TRANSLIT_H
#define DAFU_TRANSLIT_H
/*
 * translit: names in Han characters -> pinyin as ICU's Han-Latin/Names
 * transliterator writes it (which reads surnames as names: 曾 -> zeng, 单 -> shan),
 * tone marks removed, lower case (TRANSLIT_ICU_ID).
 *
 * A name of characters of U+3400..U+9FFF is read from a table that gen_pinyin
 * computes from that transliterator at build time (each character's reading as
 * the first character of a name and inside one, and the readings of the
 * transliterator's context pairs such as 令狐, 长孙, 重庆): the same output, without
 * the 0.3 s of opening the transliterator. Any other name goes to ICU, which is
 * opened the first time one is met.
 *
 * Ownership: translit_open returns a handle freed with translit_close.
 */
#include "base/buf.h"
#include "base/diag.h"

/* The ICU transliterator whose output translit_pinyin gives. */
#define TRANSLIT_ICU_ID "Han-Latin/Names; Latin-ASCII; Lower"
/* Room for one reading in the table (a syllable and its NUL). */
#define TRANSLIT_READING_SIZE 16

struct translit;

int translit_open(struct translit **out, struct diag *d);
void translit_close(struct translit *t);
/* Appends the lower-case ASCII pinyin of name (UTF-8) to out, syllables of the
 * surname and given name separated as ICU separates them ("he ru qiu"). */
int translit_pinyin(struct translit *t, const char *name, struct buf *out, struct diag *d);
/* The table alone: appends the pinyin of name and returns 1 when every character
 * of it has a table reading, returns 0 (out unchanged) when it has not, -1 when
 * out of memory. */
int translit_pinyin_table(const char *name, struct buf *out);

#endif
