/* bands: the band rows in the archive (see bands.h). */
#include "similar/bands.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static int fail(struct sim_bands *b, struct diag *d)
{
    return diag_error(d, "database '%s': similarity index: %s", db_path(b->db),
                      sqlite3_errmsg(db_sqlite(b->db)));
}

static int prepare(struct sim_bands *b, const char *sql, sqlite3_stmt **st, struct diag *d)
{
    if (sqlite3_prepare_v3(db_sqlite(b->db), sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) ==
        SQLITE_OK)
        return 0;
    return diag_error(d, "database '%s': preparing the similarity index: %s", db_path(b->db),
                      sqlite3_errmsg(db_sqlite(b->db)));
}

/* INSERT of SIM_PUT_ROWS rows into table(a, b). */
static int prepare_n(struct sim_bands *b, const char *table, const char *cols, sqlite3_stmt **st,
                     struct diag *d)
{
    struct buf sql = BUF_INIT;
    buf_printf(&sql, "INSERT OR IGNORE INTO %s(%s) VALUES ", table, cols);
    for (int r = 0; r < SIM_PUT_ROWS; r++)
        buf_printf(&sql, "%s(?%d, ?%d)", r ? ", " : "", 2 * r + 1, 2 * r + 2);
    int rc = sql.data ? prepare(b, sql.data, st, d) : diag_error(d, "out of memory");
    buf_release(&sql);
    return rc;
}

int bands_open(struct sim_bands *b, struct db *db, struct diag *d)
{
    memset(b, 0, sizeof *b);
    b->db = db;
    b->recent_max = SIM_RECENT_MAX;
    const char *e = getenv("DAFU_SIMILAR_RECENT_MAX");
    if (e && atol(e) > 0)
        b->recent_max = (size_t)atol(e);
    if (prepare(b, "INSERT OR IGNORE INTO similar_band(key, id) VALUES (?1, ?2)", &b->put, d) ||
        prepare_n(b, "similar_band", "key, id", &b->putn, d) ||
        prepare(b, "SELECT id FROM similar_band WHERE key = ?1", &b->get, d) ||
        prepare(b, "INSERT INTO similar_band_waiting(id, keys) VALUES (?1, ?2)", &b->rput, d) ||
        prepare(b, "SELECT id, keys FROM similar_band_waiting ORDER BY seq", &b->rall, d) ||
        prepare(b, "DELETE FROM similar_band_waiting", &b->rdel, d)) {
        bands_close(b);
        return -1;
    }
    return 0;
}

void bands_close(struct sim_bands *b)
{
    sqlite3_finalize(b->put);
    sqlite3_finalize(b->putn);
    sqlite3_finalize(b->get);
    sqlite3_finalize(b->rput);
    sqlite3_finalize(b->rall);
    sqlite3_finalize(b->rdel);
    memset(b, 0, sizeof *b);
}

static int run(struct sim_bands *b, sqlite3_stmt *st, struct diag *d)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail(b, d);
}

/* A waiting row's keys: SIM_WAIT_KEYS at most, 8 bytes each, the lowest first. */
#define SIM_WAIT_KEYS 32

int bands_read(struct sim_bands *b, struct sim_memo *m, struct diag *d)
{
    if (b->read)
        return 0;
    memo_pend_clear(m);
    b->written = 0;
    int rc;
    while ((rc = sqlite3_step(b->rall)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(b->rall, 0);
        const unsigned char *k = sqlite3_column_blob(b->rall, 1);
        int n = sqlite3_column_bytes(b->rall, 1);
        if (n % 8) {
            sqlite3_reset(b->rall);
            memo_pend_clear(m);
            return diag_error(d,
                              "database '%s': similarity index: the band keys waiting for reply "
                              "%lld are %d bytes long, not a multiple of 8",
                              db_path(b->db), id, n);
        }
        for (int i = 0; i < n; i += 8) {
            uint64_t key = 0;
            for (int j = 7; j >= 0; j--)
                key = key << 8 | k[i + j];
            if (memo_pend_add(m, (int64_t)key, id)) {
                sqlite3_reset(b->rall);
                memo_pend_clear(m);
                return diag_error(d, "out of memory");
            }
        }
    }
    sqlite3_reset(b->rall);
    if (rc != SQLITE_DONE) {
        memo_pend_clear(m);
        return fail(b, d);
    }
    b->written = m->npend;
    b->read = 1;
    return 0;
}

/* Writes rows [from, m->npend) of m->pend into similar_band_waiting: one row
 * for each run of rows of one letter (all of a letter's new rows are made at
 * once), SIM_WAIT_KEYS keys at most. */
static int put_waiting(struct sim_bands *b, const struct sim_memo *m, size_t from, struct diag *d)
{
    unsigned char keys[SIM_WAIT_KEYS * 8];
    for (size_t i = from; i < m->npend;) {
        long long id = m->pend[i].id;
        int n = 0;
        for (; i < m->npend && m->pend[i].id == id && n < SIM_WAIT_KEYS; i++, n++) {
            uint64_t key = (uint64_t)m->pend[i].key;
            for (int j = 0; j < 8; j++)
                keys[8 * n + j] = (unsigned char)(key >> (8 * j));
        }
        sqlite3_bind_int64(b->rput, 1, id);
        sqlite3_bind_blob(b->rput, 2, keys, 8 * n, SQLITE_STATIC);
        if (run(b, b->rput, d))
            return -1;
    }
    return 0;
}

/* Writes the rows of m->pend (key, id) into similar_band. */
static int put_rows(struct sim_bands *b, const struct sim_memo *m, struct diag *d)
{
    size_t i = 0;
    for (; i + SIM_PUT_ROWS <= m->npend; i += SIM_PUT_ROWS) {
        for (int r = 0; r < SIM_PUT_ROWS; r++) {
            const struct pend *p = &m->pend[i + r];
            sqlite3_bind_int64(b->putn, 2 * r + 1, p->key);
            sqlite3_bind_int64(b->putn, 2 * r + 2, p->id);
        }
        if (run(b, b->putn, d))
            return -1;
    }
    for (; i < m->npend; i++) {
        sqlite3_bind_int64(b->put, 1, m->pend[i].key);
        sqlite3_bind_int64(b->put, 2, m->pend[i].id);
        if (run(b, b->put, d))
            return -1;
    }
    return 0;
}

int bands_write(struct sim_bands *b, struct sim_memo *m, struct diag *d)
{
    if (put_waiting(b, m, b->written, d))
        return -1;
    b->written = m->npend;
    if (m->npend < b->recent_max)
        return 0;
    /* Moved, sorted: each page of similar_band's index is visited once, in
     * order. The filter of the values in similar_band takes their keys
     * (forgotten when memory runs out). */
    memo_filter_add_pend(m);
    memo_pend_sort(m);
    if (put_rows(b, m, d) || run(b, b->rdel, d))
        return -1;
    memo_pend_clear(m);
    b->written = 0;
    return 0;
}

static int cmp_key(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int bands_known(struct sim_bands *b, struct sim_memo *m, int64_t *keys, size_t n, size_t room,
                struct diag *d)
{
    if (n > 1)
        qsort(keys, n, sizeof *keys, cmp_key);
    for (size_t i = 0; i < n; i++) {
        int64_t key = keys[i];
        if (i && key == keys[i - 1])
            continue;
        if (m->nkn + room + SIM_BUCKET > SIM_KNOWN_MAX || 2 * (m->known.n + room) > SIM_KNOWN_MAX)
            break;
        size_t nrows = 0;
        int rc = SQLITE_DONE, oom = 0;
        sqlite3_bind_int64(b->get, 1, key);
        while (!oom && (rc = sqlite3_step(b->get)) == SQLITE_ROW)
            oom = memo_row_add(m, &nrows, 0, sqlite3_column_int64(b->get, 0));
        sqlite3_reset(b->get);
        if (!oom && rc != SQLITE_DONE)
            return fail(b, d);
        for (int32_t j = memo_pend_last(m, key); j >= 0 && !oom; j = m->pend[j].next)
            oom = memo_row_add(m, &nrows, 0, m->pend[j].id);
        if (oom || memo_known_put(m, key, 0, m->rows, nrows))
            return diag_error(d, "out of memory");
    }
    return 0;
}

void bands_forget(struct sim_bands *b, struct sim_memo *m)
{
    memo_pend_clear(m);
    b->written = 0;
    b->read = 0;
}
