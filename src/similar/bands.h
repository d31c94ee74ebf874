#ifndef DAFU_SIMILAR_BANDS_H
#define DAFU_SIMILAR_BANDS_H
/*
 * bands: the band rows in the archive (similar.c finds candidates by them).
 *
 * The band rows of a value are one entry of a row of similar_band_ids (its
 * rowid the value's top bits, a few values to a row, each with its letters'
 * ids as a list of varints: store/idlist.h): a look-up is one seek by rowid. A new band row waits
 * in similar_band_waiting, where a letter's new rows are one row (its keys as a blob), in the order
 * letters are compared (each pass appends to the end of its index); every waiting row is also in
 * memory (memo.h, m->pend). Once recent_max rows wait, they are all moved
 * into similar_band_ids at once, in order of value, so that its pages (keys
 * are hashes) are written once per recent_max rows rather than once per pass.
 * Schema: schema/015_similar_band_recent.sql, schema/021_similar_band_waiting.sql,
 * schema/025_similar_band_ids.sql, schema/047_similar_band_varints.sql,
 * schema/051_similar_band_rows.sql.
 */
#include <stddef.h>

#include "similar/memo.h"

/* Waiting band rows kept at most (in memory about 24 bytes each, and their
 * map); then they are moved into similar_band_ids. */
#define SIM_RECENT_MAX (1 << 17)

/* Values a statement writes at once. */
#define SIM_PUT_ROWS 32

struct sim_bands {
    struct db *db;
    sqlite3_stmt *put, *putn;         /* similar_band_ids: one value's row, SIM_PUT_ROWS */
    sqlite3_stmt *get;                /* similar_band_ids: one value's letters */
    sqlite3_stmt *rput, *rall, *rdel; /* similar_band_waiting */
    sqlite3_stmt *top, *keys;         /* the last letter compared; every value */
    int read;                         /* m->pend holds similar_band_waiting's rows */
    size_t written;                   /* the first `written` of m->pend are in the archive */
    size_t recent_max;                /* SIM_RECENT_MAX; DAFU_SIMILAR_RECENT_MAX for tests */
};

/* Adds the letters of a band value as similar_band_ids holds them (t, n
 * bytes: a list of ids, store/idlist.h) to m->rows with band. Returns 0, -1
 * when out of memory, 1 when t is not such a list or empty (bands_bad_ids says
 * so: -1 with d set). */
int bands_ids(struct sim_memo *m, size_t *nrows, int band, const unsigned char *t, int n);
/* The same for band value key in row t (n bytes) of similar_band_ids: 0 also
 * when the row has no such value, 1 when t is no such row. */
int bands_row_ids(struct sim_memo *m, size_t *nrows, int band, long long key,
                  const unsigned char *t, int n);
int bands_bad_ids(struct db *db, int64_t key, struct diag *d);

/* Each returning int returns 0 or -1 with d set. */
int bands_open(struct sim_bands *b, struct db *db, struct diag *d);
void bands_close(struct sim_bands *b);
/* Reads similar_band_waiting into m->pend (forgetting what it held), unless
 * done since the last bands_forget. */
int bands_read(struct sim_bands *b, struct sim_memo *m, struct diag *d);
/* Writes the rows of m->pend not written yet; moves them all into
 * similar_band_ids once recent_max are there. */
int bands_write(struct sim_bands *b, struct sim_memo *m, struct diag *d);
/* Moves every waiting row (those of m->pend not written yet as well) into
 * similar_band_ids and writes the table again in order of key, once
 * recent_max / 16 or more wait (fewer take a few pages, not worth a table
 * written again). */
int bands_settle(struct sim_bands *b, struct sim_memo *m, struct diag *d);
/* Sorts keys[0..n) (repeats allowed) and makes each of those values known
 * (memo.h) with all its rows: those of similar_band_ids, read in order of key
 * (so that each page of the table is visited once, in order, rather than at
 * random), and the waiting ones of m->pend (bands_read before). Stops once
 * fewer than room rows or values are left below SIM_KNOWN_MAX (the values
 * left are looked up one by one). */
int bands_known(struct sim_bands *b, struct sim_memo *m, int64_t *keys, size_t n, size_t room,
                struct diag *d);
/* Loads the filter of the archive's band values (memo.h) when it costs less
 * than the look-ups it spares: a pass of `letters` letters looks up SIM_BANDS
 * values each, about 12 of them new to an archive; one index seek costs about
 * as much as reading a few dozen keys in order, and the archive holds about
 * SIM_BANDS rows a letter compared. Without it (memory, or a large archive
 * and a small pass) every value is looked up. */
void bands_filter_load(struct sim_bands *b, struct sim_memo *m, long long letters);
/* Another connection wrote: m->pend (all written) is forgotten, and read
 * again when needed. */
void bands_forget(struct sim_bands *b, struct sim_memo *m);

#endif
