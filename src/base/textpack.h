#ifndef DAFU_TEXTPACK_H
#define DAFU_TEXTPACK_H
/*
 * Packed letter texts: how the archive stores reply.packed (schema 038), the
 * letter's text that reply.text gives back through dafu_unpack().
 *
 * A packed text is a BLOB: the byte TEXT_PACK_DEFLATE, the text's length in bytes
 * (an unsigned LEB128 varint), then the text as raw deflate (zlib, a 32 KB window)
 * with text_dict as its preset dictionary: the phrasing that replies share, which
 * a letter of 2 KB could not give itself (about 3.2 times smaller than the text on
 * generated letters, 2.1 on real ones; without the dictionary 1.75 and 1.73). A
 * text that would not come out smaller stays TEXT, and TEXT (an archive's rows
 * before schema 038, or another program's) is read as it is. The dictionary is
 * frozen: texts stored with it are read by every later dafu.
 */
#include <stddef.h>

#include "base/buf.h"

#define TEXT_PACK_DEFLATE 0x02

extern const unsigned char text_dict[];
extern const unsigned text_dict_len;

/* Packs s[0..n) into out (emptied first). Returns 0, 1 when the packed form would
 * be no smaller than the text (out empty: store the text), or -1 when out of
 * memory. */
int text_pack(const char *s, size_t n, struct buf *out);
/* Unpacks p[0..n), written by text_pack, into out (emptied first; NUL-terminated
 * as a buf is). Returns 0, -1 when out of memory, -2 when p is not a packed text
 * (another format, cut short, damaged). */
int text_unpack(const void *p, size_t n, struct buf *out);

/* A reader of packed texts that keeps zlib's state and window from one text to
 * the next (inflateReset, the dictionary set again), rather than allocating and
 * setting them up for each text: for the rows of a page, one text after the
 * other. One reader is used by one thread at a time. text_reader_new returns
 * NULL when out of memory; text_reader_free takes NULL. */
struct text_reader;
struct text_reader *text_reader_new(void);
void text_reader_free(struct text_reader *r);
/* As text_unpack, with r's state (r NULL: text_unpack's own). */
int text_reader_unpack(struct text_reader *r, const void *p, size_t n, struct buf *out);

#endif
