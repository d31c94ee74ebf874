#ifndef DAFU_IDLIST_H
#define DAFU_IDLIST_H
/*
 * idlist: a list of letter ids as a row of similar_band_ids holds it (schema
 * 047), in about half the bytes of the ids in decimal joined by ','. Each id
 * is an unsigned LEB128 varint (7 bits a byte, the high bit set on all bytes
 * but the last) of its difference from the id before it (the first: from 0);
 * an id not above the one before it is the byte 0, then the id itself as a
 * varint. A list is read back as the same ids in the same order.
 */
#include <sqlite3.h>
#include <stddef.h>

/* Bytes an id takes at most. */
#define IDLIST_ID_MAX 11

/* Writes id after *prev at out (IDLIST_ID_MAX bytes of room) and sets *prev to
 * it. Returns the bytes written. */
size_t idlist_put(unsigned char *out, long long *prev, long long id);
/* Reads the id at *p (before end) after *prev into *prev. Returns 1, 0 at end,
 * -1 when the bytes are no such list. */
int idlist_next(const unsigned char **p, const unsigned char *end, long long *prev);
/* Registers the SQL functions of the lists: dafu_band_pack(text) of the ids in
 * decimal joined by ',' (schema 025's rows, for 047), dafu_band_ids(blob) the
 * ids so again (the view similar_band reads them), dafu_band_count(blob) how
 * many, dafu_band_join(a, b) list a then list b. Returns an SQLite result code. */
int idlist_register(sqlite3 *sql);

#endif
