#ifndef DAFU_DB_INT_H
#define DAFU_DB_INT_H
/*
 * db_int: what store/db.c, store/put.c, store/row.c and store/count.c share
 * (not for other layers).
 *
 * The counts the listings read (reply_count, facet_count, reply_cross,
 * reply_combo, reply_combo_delegate, delegate_stat; schemas 007, 013, 014, 017,
 * 018) are kept here alone: a new or changed reply waits in
 * reply_uncounted and is counted at the commit (db_count_pending); a counted
 * reply is taken out of them before it changes or goes (db_uncount).
 */
#include <sqlite3.h>

#include "base/buf.h"
#include "base/diag.h"
#include "model/letter.h"
#include "store/db.h"

/* A statement from db's cache, prepared on first use, reset and unbound.
 * `sql` must be a string literal: the cache knows it by its address. The
 * statement stays owned by db (never finalize it). Returns 0 or -1. */
int db_cached(struct db *db, const char *sql, sqlite3_stmt **st, struct diag *d);
/* A statement of its own (the caller finalizes it). Returns 0 or -1. */
int db_prepare(struct db *db, const char *sql, sqlite3_stmt **st, struct diag *d);
/* Steps st once; an error (anything but a row or the end) sets d, naming what. */
int db_step_done(struct db *db, sqlite3_stmt *st, const char *what, struct diag *d);
/* Binds s, or NULL for NULL; v, or NULL when v <= 0 (a field not stated). */
int db_bind_text(sqlite3_stmt *st, int i, const char *s);
int db_bind_int(sqlite3_stmt *st, int i, long long v);

/* Adds the replies of reply_uncounted to the counts, and empties it. */
int db_count_pending(struct db *db, struct diag *d);
/* Takes reply id out of the counts when they count it; `again`: it is being
 * changed, and is counted again as it ends up at the commit. */
int db_uncount(struct db *db, long long id, int again, struct diag *d);
/* Does storing l over counted reply id change what the counts hold (the fields
 * they count, its date, its proposers joined by 、, `joined`)? 1 yes, 0 no, -1
 * with d set. */
int db_counts_change(struct db *db, const struct letter *l, long long id, const char *joined,
                     struct diag *d);
/* The pinyin of a proposer's name, the spaces kept ("he ru qiu"), appended to
 * out (the transliterator opened on first use). Returns 0 or -1 with d set. */
int db_delegate_pinyin(struct db *db, const char *name, struct buf *out, struct diag *d);
/* SQL function dafu_evidence_pack(evidence, text) (row.c): schema 049 packs a
 * reply's evidence again against its text with it. */
void db_sql_evidence_pack(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* A reply's text hash (reply.sha256) is kept as its 32 bytes (schema 063), the
 * letters' 64 hex digits (letter_hash) written and read back as such (row.c). */
#define DB_HASH_BYTES 32
/* Binds hex (64 hex digits) as its bytes; anything else (NULL too) as text. */
int db_bind_hash(sqlite3_stmt *st, int i, const char *hex);
/* SQL function dafu_hash_bytes(x) (row.c): 64 hex digits as their 32 bytes,
 * anything else as it is (schema 063). */
void db_sql_hash_bytes(sqlite3_context *ctx, int argc, sqlite3_value **argv);

#endif
