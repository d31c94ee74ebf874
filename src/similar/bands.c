/* bands: the band rows in the archive (see bands.h). */
#include "similar/bands.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/idlist.h"

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

/* The new letters of the band values of n rows (key, ids) added to
 * similar_band_ids: a row is made, or merged into the one there, a value's new
 * letters appended to those it has (the first new one written again after its
 * last: dafu_band_merge). */
static int prepare_put(struct sim_bands *b, int n, sqlite3_stmt **st, struct diag *d)
{
    struct buf sql = BUF_INIT;
    buf_adds(&sql, "INSERT INTO similar_band_ids(key, ids) VALUES ");
    for (int r = 0; r < n; r++)
        buf_printf(&sql, "%s(?%d, ?%d)", r ? ", " : "", 2 * r + 1, 2 * r + 2);
    buf_adds(&sql, " ON CONFLICT(key) DO UPDATE SET ids = dafu_band_merge(ids, excluded.ids)");
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
    if (prepare_put(b, 1, &b->put, d) || prepare_put(b, SIM_PUT_ROWS, &b->putn, d) ||
        prepare(b, "SELECT ids FROM similar_band_ids WHERE key = ?1", &b->get, d) ||
        prepare(b, "INSERT INTO similar_band_waiting(id, keys) VALUES (?1, ?2)", &b->rput, d) ||
        prepare(b, "SELECT id, keys FROM similar_band_waiting ORDER BY seq", &b->rall, d) ||
        prepare(b, "DELETE FROM similar_band_waiting", &b->rdel, d) ||
        prepare(b, "SELECT coalesce(max(id), 0) FROM similar_sig", &b->top, d) ||
        prepare(b, "SELECT key, ids FROM similar_band_ids", &b->keys, d)) {
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
    sqlite3_finalize(b->top);
    sqlite3_finalize(b->keys);
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
    /* as many as may wait (a few more, by the last letter, grow it) */
    if (memo_pend_reserve(m, b->recent_max < SIM_RECENT_MAX ? b->recent_max : SIM_RECENT_MAX))
        return diag_error(d, "out of memory");
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
            const unsigned char *x = k + i;
            uint64_t key = (uint64_t)x[0] | (uint64_t)x[1] << 8 | (uint64_t)x[2] << 16 |
                           (uint64_t)x[3] << 24 | (uint64_t)x[4] << 32 | (uint64_t)x[5] << 40 |
                           (uint64_t)x[6] << 48 | (uint64_t)x[7] << 56;
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

int bands_ids(struct sim_memo *m, size_t *nrows, int band, const unsigned char *t, int n)
{
    const unsigned char *end = t + n;
    long long id = 0;
    int rc;
    while ((rc = idlist_next(&t, end, &id)) > 0)
        if (memo_row_add(m, nrows, band, id))
            return -1;
    return rc < 0 || !n;
}

int bands_row_ids(struct sim_memo *m, size_t *nrows, int band, long long key,
                  const unsigned char *t, int n)
{
    const unsigned char *ids;
    int nids;
    int rc = idlist_entry_find(t, n, key, &ids, &nids);
    return rc < 0 ? 1 : rc ? bands_ids(m, nrows, band, ids, nids) : 0;
}

int bands_bad_ids(struct db *db, int64_t key, struct diag *d)
{
    return diag_error(d,
                      "database '%s': similarity index: the letters of band value %lld in "
                      "similar_band_ids are not a list of ids (store/idlist.h)",
                      db_path(db), (long long)key);
}

/* The rows of band value key in similar_band_ids added to m->rows (band 0).
 * Returns 0 or -1 with d set. */
static int get_ids(struct sim_bands *b, struct sim_memo *m, int64_t key, size_t *nrows,
                   struct diag *d)
{
    sqlite3_bind_int64(b->get, 1, idlist_bucket(key));
    int rc = sqlite3_step(b->get), e = 0;
    if (rc == SQLITE_ROW)
        e = bands_row_ids(m, nrows, 0, key, sqlite3_column_blob(b->get, 0),
                          sqlite3_column_bytes(b->get, 0));
    sqlite3_reset(b->get);
    if (e < 0)
        return diag_error(d, "out of memory");
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail(b, d);
    return e ? bands_bad_ids(b->db, key, d) : 0;
}

/* Moves the rows of m->pend (sorted by key, then id) into similar_band_ids:
 * each value's new letters, each once, are appended to those it has (or make
 * its entry, or its row), the values of SIM_PUT_ROWS rows to a statement. The
 * row is not read: a letter is never a waiting row of a value whose entry in
 * the archive names it (sim_add_id adds a letter to a value only when none of the
 * value's rows, in the archive or waiting, is its own). */
static int put_rows(struct sim_bands *b, struct sim_memo *m, struct diag *d)
{
    /* the rows' values, SIM_PUT_ROWS rows at a time, bound as they are */
    struct buf list = BUF_INIT;
    size_t at[SIM_PUT_ROWS + 1];
    int64_t rows[SIM_PUT_ROWS];
    int nput = 0, rc = 0;
    for (size_t i = 0; i < m->npend && !rc;) {
        long long row = idlist_bucket(m->pend[i].key);
        if (!nput)
            buf_clear(&list);
        at[nput] = list.len;
        /* a row's values are a run of m->pend, in order */
        while (i < m->npend && idlist_bucket(m->pend[i].key) == row) {
            int64_t key = m->pend[i].key;
            size_t j = i;
            while (j < m->npend && m->pend[j].key == key)
                j++;
            if (buf_grow(&list, IDLIST_ENTRY_HEAD + IDLIST_ID_MAX * (j - i))) {
                rc = diag_error(d, "out of memory");
                break;
            }
            /* the list after the head, moved once its length is known */
            unsigned char ids[IDLIST_ID_MAX * 8];
            size_t n = 0, head = list.len;
            list.len += IDLIST_ENTRY_HEAD;
            long long prev = 0;
            for (size_t k = i; k < j; k++) {
                if (k != i && m->pend[k].id == m->pend[k - 1].id)
                    continue;
                size_t w = idlist_put(ids, &prev, m->pend[k].id);
                memcpy(list.data + list.len + n, ids, w);
                n += w;
            }
            size_t h = idlist_entry_head(ids, key, n);
            memmove(list.data + head + h, list.data + list.len, n);
            memcpy(list.data + head, ids, h);
            list.len = head + h + n;
            i = j;
        }
        if (rc)
            break;
        rows[nput++] = row;
        at[nput] = list.len;
        if (nput < SIM_PUT_ROWS && i < m->npend)
            continue;
        sqlite3_stmt *st = nput == SIM_PUT_ROWS ? b->putn : b->put;
        for (int r = 0; r < nput; r++) {
            if (st == b->put && r) {
                if (run(b, st, d)) {
                    rc = -1;
                    break;
                }
            }
            int col = st == b->put ? 1 : 2 * r + 1;
            sqlite3_bind_int64(st, col, rows[r]);
            sqlite3_bind_blob(st, col + 1, list.data + at[r], (int)(at[r + 1] - at[r]),
                              SQLITE_STATIC);
        }
        if (!rc && run(b, st, d))
            rc = -1;
        nput = 0;
    }
    buf_release(&list);
    return rc;
}

/* Moves every row of m->pend (all of them written) into similar_band_ids and
 * empties similar_band_waiting. */
static int move_rows(struct sim_bands *b, struct sim_memo *m, struct diag *d)
{
    /* Moved, sorted: each page of similar_band_ids is visited once, in
     * order. The filter of the values in similar_band_ids takes their keys
     * (forgotten when memory runs out). */
    memo_pend_sort(m);
    if (put_rows(b, m, d) || run(b, b->rdel, d))
        return -1;
    memo_filter_add_pend(m);
    memo_pend_clear(m);
    b->written = 0;
    return 0;
}

int bands_write(struct sim_bands *b, struct sim_memo *m, struct diag *d)
{
    if (put_waiting(b, m, b->written, d))
        return -1;
    b->written = m->npend;
    return m->npend < b->recent_max ? 0 : move_rows(b, m, d);
}

/* similar_band_ids written again in order of key: its rows fill its pages
 * (rows merged into at random leave them about four fifths full). */
static const char sql_rewrite[] =
    "CREATE TEMP TABLE band_rows AS SELECT key, ids FROM similar_band_ids ORDER BY key; "
    "DELETE FROM similar_band_ids; "
    "INSERT INTO similar_band_ids(key, ids) SELECT key, ids FROM temp.band_rows ORDER BY key; "
    "DROP TABLE temp.band_rows";

int bands_settle(struct sim_bands *b, struct sim_memo *m, struct diag *d)
{
    if (bands_read(b, m, d) || put_waiting(b, m, b->written, d))
        return -1;
    b->written = m->npend;
    if (m->npend < b->recent_max / 16)
        return 0;
    return move_rows(b, m, d) || db_exec(b->db, sql_rewrite, d) ? -1 : 0;
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
        int oom = 0;
        if (get_ids(b, m, key, &nrows, d))
            return -1;
        for (int32_t j = memo_pend_last(m, key); j >= 0 && !oom; j = m->pend[j].next)
            oom = memo_row_add(m, &nrows, 0, m->pend[j].id);
        if (oom || memo_known_put(m, key, 0, m->rows, nrows))
            return diag_error(d, "out of memory");
    }
    return 0;
}

void bands_filter_load(struct sim_bands *b, struct sim_memo *m, long long letters)
{
    long long top = -1;
    if (sqlite3_step(b->top) == SQLITE_ROW)
        top = sqlite3_column_int64(b->top, 0);
    sqlite3_reset(b->top);
    if (top < 0 || top > 16 * letters)
        return;
    int rc;
    memo_filter_clear(m);
    while ((rc = sqlite3_step(b->keys)) == SQLITE_ROW) {
        long long row = sqlite3_column_int64(b->keys, 0), key;
        const unsigned char *p = sqlite3_column_blob(b->keys, 1), *ids;
        const unsigned char *end = p + sqlite3_column_bytes(b->keys, 1);
        int nids, e = 0;
        while ((e = idlist_entry_next(&p, end, row, &key, &ids, &nids)) > 0)
            if (memo_filter_push(m, key)) {
                e = -1;
                break;
            }
        if (e < 0)
            break;
    }
    sqlite3_reset(b->keys);
    if (rc == SQLITE_DONE)
        memo_filter_seal(m);
    else
        memo_filter_clear(m);
}

void bands_forget(struct sim_bands *b, struct sim_memo *m)
{
    memo_pend_clear(m);
    b->written = 0;
    b->read = 0;
}
