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
/*
 * A row of similar_band_ids holds the band values whose top IDLIST_SHIFT..63
 * bits are its key (schema 051): the rowid is a number below 65,536 (3 bytes
 * of the row) rather than the value (9 bytes), and a row holds a few values,
 * in order: each its low 48 bits (6 bytes, the lowest first), the bytes of its
 * list of ids as a varint (base/varint.h), then the list.
 */
#define IDLIST_SHIFT 48
/* The row of similar_band_ids that holds band value key. */
static inline long long idlist_bucket(long long key)
{
    return (long long)((unsigned long long)key >> IDLIST_SHIFT);
}
/* Bytes a value's entry takes at most before its list. */
#define IDLIST_ENTRY_HEAD 16
/* Writes the entry of value key whose list is n bytes at out
 * (IDLIST_ENTRY_HEAD bytes of room); the list follows. Returns the bytes. */
size_t idlist_entry_head(unsigned char *out, long long key, size_t n);
/* Reads the entry at *p (before end) of row bucket: *key, its list at *ids,
 * *n bytes. Returns 1, 0 at end, -1 when the bytes are no such row. */
int idlist_entry_next(const unsigned char **p, const unsigned char *end, long long bucket,
                      long long *key, const unsigned char **ids, int *n);
/* The list of value key in row t (n bytes), at *ids, *nids bytes. Returns 1,
 * 0 when the row has no such value, -1 when the bytes are no such row. */
int idlist_entry_find(const unsigned char *t, int n, long long key, const unsigned char **ids,
                      int *nids);
/* Registers the SQL functions of the lists: dafu_band_pack(text) of the ids in
 * decimal joined by ',' (schema 025's rows, for 047), dafu_band_ids(blob) the
 * ids so again, dafu_band_count(blob) how many, dafu_band_join(a, b) list a
 * then list b; and of the rows of schema 051: the aggregate
 * dafu_band_row(key, list) the row of those values, dafu_band_merge(a, b) the
 * values of rows a and b (a value of both: a's list, then b's), dafu_band_rows(
 * bucket, row) its values and letters as JSON [[key, id], ...] (the view
 * similar_band reads them), dafu_band_row_count(row) how many letters.
 * Returns an SQLite result code. */
int idlist_register(sqlite3 *sql);

#endif
