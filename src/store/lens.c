/* lens: the letters' lengths in tokens, packed (see lens.h, schema 034). */
#include "store/lens.h"

#include <sqlite3.h>
#include <stdint.h>
#include <string.h>

#include "base/varint.h"
#include "store/db_int.h"

#define LENS_ROW_BYTES (2 * LENS_PER_ROW)

long long lens_docsize_total(const unsigned char *p, int n)
{
    return (long long)varint_sqlite_sum(p, (size_t)n);
}

/* Length total at (id & 1023) of a row of reply_len; 0 when it is not kept. */
static void lens_put(unsigned char *row, long long id, long long total)
{
    unsigned v = total > 0 && total < 65536 ? (unsigned)total : 0;
    size_t at = 2 * (size_t)(id & (LENS_PER_ROW - 1));
    row[at] = (unsigned char)(v & 0xFF);
    row[at + 1] = (unsigned char)(v >> 8);
}

/* dafu_lens_pack(id, sz): the row of reply_len of the rows of
 * reply_fts_docsize given (those of one id >> 10), for schema 034. */
static void pack_step(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
    (void)nval;
    unsigned char *row = sqlite3_aggregate_context(ctx, LENS_ROW_BYTES);
    if (!row) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    lens_put(row, sqlite3_value_int64(val[0]),
             lens_docsize_total(sqlite3_value_blob(val[1]), sqlite3_value_bytes(val[1])));
}

static void pack_final(sqlite3_context *ctx)
{
    unsigned char *row = sqlite3_aggregate_context(ctx, LENS_ROW_BYTES);
    if (!row)
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_blob(ctx, row, LENS_ROW_BYTES, SQLITE_TRANSIENT);
}

int lens_register(sqlite3 *sql)
{
    return sqlite3_create_function(sql, "dafu_lens_pack", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                   NULL, NULL, pack_step, pack_final);
}

int lens_store_pending(struct db *db, struct diag *d)
{
    sqlite3_stmt *st = NULL, *get = NULL, *put = NULL;
    if (db_prepare(db,
                   "SELECT s.id, s.sz FROM reply_unindexed u JOIN reply_fts_docsize s "
                   "ON s.id = u.id ORDER BY u.id",
                   &st, d) ||
        db_cached(db, "SELECT lens FROM reply_len WHERE chunk = ?1", &get, d) ||
        db_cached(db, "INSERT OR REPLACE INTO reply_len(chunk, lens) VALUES (?1, ?2)", &put, d)) {
        sqlite3_finalize(st);
        return -1;
    }
    unsigned char row[LENS_ROW_BYTES];
    long long chunk = -1;
    int rc = 0, s;
    for (;;) {
        s = sqlite3_step(st);
        long long id = s == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
        if (chunk >= 0 && (s != SQLITE_ROW || id >> LENS_BITS != chunk)) {
            /* The row of the letters before: written back. */
            sqlite3_bind_int64(put, 1, chunk);
            sqlite3_bind_blob(put, 2, row, LENS_ROW_BYTES, SQLITE_STATIC);
            rc = db_step_done(db, put, "keeping the letters' lengths", d);
            sqlite3_reset(put);
            sqlite3_clear_bindings(put);
            chunk = -1;
            if (rc)
                break;
        }
        if (s != SQLITE_ROW)
            break;
        if (chunk < 0) {
            chunk = id >> LENS_BITS;
            memset(row, 0, sizeof row);
            sqlite3_bind_int64(get, 1, chunk);
            int g = sqlite3_step(get);
            if (g == SQLITE_ROW && sqlite3_column_bytes(get, 0) == LENS_ROW_BYTES)
                memcpy(row, sqlite3_column_blob(get, 0), LENS_ROW_BYTES);
            /* A row that could not be read is not written back as zeros: the
             * lengths of the chunk's other letters would be lost with it. */
            if (g != SQLITE_ROW && g != SQLITE_DONE)
                rc = diag_error(d, "database '%s': reading the letters' lengths: %s", db_path(db),
                                sqlite3_errmsg(db_sqlite(db)));
            sqlite3_reset(get);
            if (rc)
                break;
        }
        lens_put(row, id,
                 lens_docsize_total(sqlite3_column_blob(st, 1), sqlite3_column_bytes(st, 1)));
    }
    if (!rc && s != SQLITE_DONE)
        rc = diag_error(d, "database '%s': keeping the letters' lengths: %s", db_path(db),
                        sqlite3_errmsg(db_sqlite(db)));
    sqlite3_finalize(st);
    return rc;
}

long lens_read(struct db *db, const long long *id, long n, double *len, struct diag *d)
{
    if (!n)
        return 0;
    sqlite3_stmt *st = NULL;
    if (db_prepare_kept(db, "SELECT lens FROM reply_len WHERE chunk = ?1", &st, d))
        return -1;
    long set = 0;
    int rc = 0;
    for (long i = 0; i < n && !rc;) {
        long long chunk = id[i] >> LENS_BITS;
        sqlite3_bind_int64(st, 1, chunk);
        int s = sqlite3_step(st);
        const unsigned char *row = NULL;
        if (s == SQLITE_ROW && sqlite3_column_bytes(st, 0) == LENS_ROW_BYTES)
            row = sqlite3_column_blob(st, 0);
        else if (s != SQLITE_ROW && s != SQLITE_DONE)
            rc = diag_error(d, "database '%s': searching: %s", db_path(db),
                            sqlite3_errmsg(db_sqlite(db)));
        for (; i < n && id[i] >> LENS_BITS == chunk; i++) {
            if (!row)
                continue;
            size_t at = 2 * (size_t)(id[i] & (LENS_PER_ROW - 1));
            unsigned v = row[at] | (unsigned)row[at + 1] << 8;
            if (v) {
                len[i] = (double)v;
                set++;
            }
        }
        sqlite3_reset(st);
    }
    db_release_kept(db, st);
    return rc ? -1 : set;
}

long lens_read_range(struct db *db, long long base, long long upto, uint32_t *len, struct diag *d)
{
    if (upto <= base)
        return 0;
    sqlite3_stmt *st = NULL;
    if (db_prepare_kept(db, "SELECT chunk, lens FROM reply_len WHERE chunk BETWEEN ?1 AND ?2", &st,
                        d))
        return -1;
    sqlite3_bind_int64(st, 1, (base + 1) >> LENS_BITS);
    sqlite3_bind_int64(st, 2, upto >> LENS_BITS);
    long set = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_bytes(st, 1) != LENS_ROW_BYTES)
            continue;
        const unsigned char *row = sqlite3_column_blob(st, 1);
        long long first = sqlite3_column_int64(st, 0) << LENS_BITS;
        for (long long id = first > base ? first : base + 1;
             id < first + LENS_PER_ROW && id <= upto; id++) {
            size_t at = 2 * (size_t)(id - first);
            unsigned v = row[at] | (unsigned)row[at + 1] << 8;
            if (v) {
                len[id - base - 1] = v;
                set++;
            }
        }
    }
    int rc = s == SQLITE_DONE ? 0
                              : diag_error(d, "database '%s': reading the letters' lengths: %s",
                                           db_path(db), sqlite3_errmsg(db_sqlite(db)));
    db_release_kept(db, st);
    return rc ? -1 : set;
}
