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
        prepare(b, "INSERT OR IGNORE INTO similar_band_recent(id, key) VALUES (?1, ?2)", &b->rput,
                d) ||
        prepare_n(b, "similar_band_recent", "id, key", &b->rputn, d) ||
        prepare(b, "SELECT id, key FROM similar_band_recent", &b->rall, d) ||
        prepare(b, "DELETE FROM similar_band_recent", &b->rdel, d)) {
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
    sqlite3_finalize(b->rputn);
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

int bands_read(struct sim_bands *b, struct sim_memo *m, struct diag *d)
{
    if (b->read)
        return 0;
    memo_pend_clear(m);
    b->written = 0;
    int rc;
    while ((rc = sqlite3_step(b->rall)) == SQLITE_ROW)
        if (memo_pend_add(m, sqlite3_column_int64(b->rall, 1), sqlite3_column_int64(b->rall, 0))) {
            sqlite3_reset(b->rall);
            memo_pend_clear(m);
            return diag_error(d, "out of memory");
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

/* Writes rows [from, m->npend) of m->pend: (key, id) into similar_band, or
 * (id, key) into similar_band_recent. */
static int put_rows(struct sim_bands *b, const struct sim_memo *m, size_t from, int recent,
                    struct diag *d)
{
    sqlite3_stmt *one = recent ? b->rput : b->put, *many = recent ? b->rputn : b->putn;
    size_t i = from;
    for (; i + SIM_PUT_ROWS <= m->npend; i += SIM_PUT_ROWS) {
        for (int r = 0; r < SIM_PUT_ROWS; r++) {
            const struct pend *p = &m->pend[i + r];
            sqlite3_bind_int64(many, 2 * r + 1, recent ? p->id : p->key);
            sqlite3_bind_int64(many, 2 * r + 2, recent ? p->key : p->id);
        }
        if (run(b, many, d))
            return -1;
    }
    for (; i < m->npend; i++) {
        sqlite3_bind_int64(one, 1, recent ? m->pend[i].id : m->pend[i].key);
        sqlite3_bind_int64(one, 2, recent ? m->pend[i].key : m->pend[i].id);
        if (run(b, one, d))
            return -1;
    }
    return 0;
}

int bands_write(struct sim_bands *b, struct sim_memo *m, struct diag *d)
{
    if (put_rows(b, m, b->written, 1, d))
        return -1;
    b->written = m->npend;
    if (m->npend < b->recent_max)
        return 0;
    /* Moved, sorted: each page of similar_band's index is visited once, in
     * order. The filter of the values in similar_band takes their keys
     * (forgotten when memory runs out). */
    memo_filter_add_pend(m);
    memo_pend_sort(m);
    if (put_rows(b, m, 0, 0, d) || run(b, b->rdel, d))
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
