/* sketch: band keys, agreement and sketches of signatures (see sketch.h). */
#include "similar/sketch.h"

#include <string.h>

int64_t sim_band_key(const uint32_t *sig, int band)
{
    uint64_t h = 0x243f6a8885a308d3ULL ^ (uint64_t)band;
    for (int r = 0; r < SIM_ROWS; r++)
        h = sim_mix64(h ^ sig[band * SIM_ROWS + r]);
    return (int64_t)h;
}

double sim_sig_agree(const uint32_t *a, const uint32_t *b)
{
    int same = 0;
    for (int k = 0; k < SIM_K; k++)
        same += a[k] == b[k];
    return (double)same / SIM_K;
}

void sim_sketch(const uint32_t *sig, uint8_t sk[SIM_SKETCH])
{
    for (int k = 0; k < SIM_SKETCH; k++)
        sk[k] = (uint8_t)((sig[2 * k] & 0xF) | (sig[2 * k + 1] & 0xF) << 4);
}

int sim_sketch_agree(const uint8_t *a, const uint8_t *b)
{
    int same = 0;
    for (int w = 0; w < SIM_SKETCH / 8; w++) {
        uint64_t x, y;
        memcpy(&x, a + 8 * w, 8);
        memcpy(&y, b + 8 * w, 8);
        x ^= y;
        /* a nibble that differs anywhere sets its lowest bit */
        x |= x >> 1;
        x |= x >> 2;
        same += 16 - __builtin_popcountll(x & 0x1111111111111111ULL);
    }
    return same;
}

int sketch_reader_get(struct sketch_reader *r, sqlite3 *db, long long id, uint8_t out[SIM_SKETCH])
{
    return blob_reader_get(r, db, "similar_sketch", "sk", id, out, SIM_SKETCH);
}

int blob_reader_get(struct sketch_reader *r, sqlite3 *db, const char *table, const char *col,
                    long long id, void *out, int n)
{
    if (r->failed >= SIM_SKETCH_READER_FAILS)
        return -1;
    int rc = r->blob ? sqlite3_blob_reopen(r->blob, id)
                     : sqlite3_blob_open(db, "main", table, col, id, 0, &r->blob);
    if (rc == SQLITE_OK && sqlite3_blob_bytes(r->blob) != n)
        return 0;
    if (rc == SQLITE_OK && sqlite3_blob_read(r->blob, out, n, 0) == SQLITE_OK)
        return 1;
    sketch_reader_close(r);
    r->failed++;
    return -1;
}

void sketch_reader_close(struct sketch_reader *r)
{
    sqlite3_blob_close(r->blob);
    r->blob = NULL;
}
