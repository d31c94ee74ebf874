#ifndef DAFU_TRANSLIT_H
#define DAFU_TRANSLIT_H
/*
 * translit: names in Han characters -> pinyin, with ICU's Han-Latin/Names
 * transliterator (which reads surnames as names: 曾 -> zeng, 单 -> shan), tone
 * marks removed. About 17 µs a name: compute it once at import, not per query.
 *
 * Ownership: translit_open returns a handle freed with translit_close.
 */
#include "buf.h"
#include "diag.h"

struct translit;

int translit_open(struct translit **out, struct diag *d);
void translit_close(struct translit *t);
/* Appends the lower-case ASCII pinyin of name (UTF-8) to out, syllables of the
 * surname and given name separated as ICU separates them ("he ru qiu"). */
int translit_pinyin(struct translit *t, const char *name, struct buf *out, struct diag *d);

#endif
