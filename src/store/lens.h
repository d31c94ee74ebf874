#ifndef DAFU_LENS_H
#define DAFU_LENS_H
/*
 * lens: each indexed letter's length in tokens (the total of its row of
 * reply_fts_docsize), packed 1,024 letters a row of reply_len (schema 034), for
 * ranking many hits with one read for each 1,024 letters they fall in.
 */
#include <sqlite3.h>
#include <stdint.h>

#include "base/diag.h"
#include "store/db.h"

#define LENS_BITS 10
#define LENS_PER_ROW (1 << LENS_BITS)

/* A row's length in tokens from its reply_fts_docsize blob (varints, one a
 * column). */
long long lens_docsize_total(const unsigned char *p, int n);
/* Registers dafu_lens_pack(id, sz), the aggregate schema 034 fills reply_len
 * with. Returns an SQLite result code. */
int lens_register(sqlite3 *sql);
/* Keeps the lengths of the letters reply_unindexed holds, just indexed (before
 * it is emptied: db_index_pending). Returns 0 or -1 with d set. */
int lens_store_pending(struct db *db, struct diag *d);
/* Sets len[i] to the kept length of row id[i], for i in [0, n) (id ascending),
 * where one is kept; the others are left as they are. Returns how many were
 * set, or -1 with d set. */
long lens_read(struct db *db, const long long *id, long n, double *len, struct diag *d);
/* Sets len[id - base - 1] to the kept length of each row with base < id <= upto
 * where one is kept (len holds upto - base lengths); the others are left as
 * they are. One read of reply_len for 1,024 letters. Returns how many were
 * set, or -1 with d set. */
long lens_read_range(struct db *db, long long base, long long upto, uint32_t *len, struct diag *d);

#endif
