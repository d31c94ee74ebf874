#ifndef DAFU_PACK_H
#define DAFU_PACK_H
/*
 * Packed evidence: how the archive stores a letter's evidence (the JSON object
 * that says where the parser read each field, import/parse/evidence.c), in about
 * a third of its bytes and a few instructions a byte either way.
 *
 * The JSON text names each field as {"FIELD":{"from":"PLACE","line":"LINE"}, and
 * one line (the header) often stands there for up to seven fields. The packed form
 * is a BLOB: the byte PACK_FORMAT, then the text's bytes, except:
 *   0x01 OFF LEN  the LEN bytes the text has at byte OFF, before this point (a line
 *                 given again; OFF and LEN unsigned LEB128 varints)
 *   0x02 F P      "FIELD":{"from":"PLACE","line": with FIELD pack_fields[F] and
 *                 PLACE pack_places[P]
 *   0x03 B        the byte B itself (a byte 0x01, 0x02 or 0x03 of the text)
 * Any text packs and unpacks to itself; a text another tool wrote (other keys,
 * other places, not JSON) packs to about its own size. The two lists only grow,
 * at their ends: a packed evidence is read by every later dafu.
 *
 * The format PACK_FORMAT_TEXT (schema 049) also refers to the letter's text, which
 * holds nearly every line the evidence gives (the header, the salutation, the
 * signature: 96 % of the lines' bytes on generated letters):
 *   0x04 OFF LEN  the LEN bytes of the letter's text at byte OFF (a line's string,
 *                 without its quotes, that the text holds as written)
 *   0x03 B        also for a byte 0x04 of the text
 * so that it unpacks only with the same text: a reply's evidence is packed against
 * its row's reply.text, and whatever rewrites the text packs the evidence again.
 * A blob of the first format (PACK_FORMAT) reads as before, its 0x04 a byte.
 *
 * The format PACK_FORMAT_SUM (schema 054) is PACK_FORMAT_TEXT after a header of
 * PACK_SUM_BYTES bytes: the 32-bit FNV-1a of the bytes its references take from the
 * text, in their order, lowest byte first. A text another tool changed (the
 * sqlite3 shell) no longer gives them: the unpacking says the evidence is stale
 * rather than give other bytes as its lines. A blob of PACK_FORMAT_TEXT is stale
 * only when a reference is past the text's end.
 */
#include <stddef.h>

#include "base/buf.h"

#define PACK_FORMAT 0x01
#define PACK_FORMAT_TEXT 0x02
#define PACK_FORMAT_SUM 0x03
#define PACK_SUM_BYTES 4
/* The shortest line given as a reference to the text (a reference takes 3 to 5 bytes). */
#define PACK_TEXT_MIN 6

/* Packs s[0..n) into out (emptied first), in the format PACK_FORMAT_SUM against
 * text[0..tn) (NULL: none). Returns 0, or -1 when out of memory (out failed). */
int pack_text(const char *s, size_t n, const char *text, size_t tn, struct buf *out);
/* Unpacks p[0..n), written by pack_text against text[0..tn) (NULL for none; a blob
 * of the first format reads without it), into out (emptied first; NUL-terminated
 * as a buf is). Returns 0, -1 when out of memory (out failed), -2 when p is not a
 * packed text, -3 when it is one that text no longer matches (out is then not the
 * evidence: a reference past its end, no text, or other bytes than it was packed
 * against). */
int unpack_text(const void *p, size_t n, const char *text, size_t tn, struct buf *out);

#endif
