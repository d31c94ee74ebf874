/* sketch: band keys, agreement and sketches of signatures (see sketch.h). */
#include "similar/sketch.h"

#include <stdlib.h>
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

/* The nibbles of a word that are 0. */
static int zero_nibbles(uint64_t x)
{
    /* a nibble that differs anywhere sets its lowest bit */
    x |= x >> 1;
    x |= x >> 2;
    return 16 - __builtin_popcountll(x & 0x1111111111111111ULL);
}

int sim_sketch_agree(const uint8_t *a, const uint8_t *b)
{
    int same = 0;
    for (int w = 0; w < SIM_SKETCH / 8; w++) {
        uint64_t x, y;
        memcpy(&x, a + 8 * w, 8);
        memcpy(&y, b + 8 * w, 8);
        same += zero_nibbles(x ^ y);
    }
    return same;
}

void sim_sketch_high(const uint32_t *sig, uint8_t hk[SIM_SKETCH])
{
    for (int k = 0; k < SIM_SKETCH; k++)
        hk[k] = (uint8_t)((sig[2 * k] >> 4 & 0xF) | (sig[2 * k + 1] >> 4 & 0xF) << 4);
}

int sim_sketch_agree8(const uint8_t *a, const uint8_t *ah, const uint8_t *b, const uint8_t *bh)
{
    int same = 0;
    for (int w = 0; w < SIM_SKETCH / 8; w++) {
        uint64_t x, y, xh, yh;
        memcpy(&x, a + 8 * w, 8);
        memcpy(&y, b + 8 * w, 8);
        memcpy(&xh, ah + 8 * w, 8);
        memcpy(&yh, bh + 8 * w, 8);
        same += zero_nibbles((x ^ y) | (xh ^ yh));
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

static int cmp_id(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* Room for n sketches in b (up to SIM_SKETCH_BATCH). */
static int batch_room(struct sketch_batch *b, size_t n)
{
    if (n <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < n)
        cap *= 2;
    if (cap > SIM_SKETCH_BATCH)
        cap = SIM_SKETCH_BATCH;
    long long *id = realloc(b->id, cap * sizeof *id);
    if (id)
        b->id = id;
    uint8_t(*sk)[SIM_SKETCH] = id ? realloc(b->sk, cap * sizeof *sk) : NULL;
    if (sk)
        b->sk = sk;
    unsigned char *gone = sk ? realloc(b->gone, cap) : NULL;
    if (!gone)
        return -1;
    b->gone = gone;
    b->cap = cap;
    return 0;
}

int sketch_batch_read(struct sketch_batch *b, struct sketch_reader *r, sqlite3 *db, long long *ids,
                      size_t n)
{
    size_t distinct = 0, sorted = 1;
    for (size_t i = 1; i < n && sorted; i++)
        sorted = ids[i - 1] <= ids[i];
    if (!sorted)
        qsort(ids, n, sizeof *ids, cmp_id);
    for (size_t i = 0; i < n; i++)
        if (!i || ids[i] != ids[i - 1])
            ids[distinct++] = ids[i];
    /* Those b holds that are wanted again stay (moved down, in order); ids
     * keeps the others (m of them), to be read. */
    size_t kept = 0, m = 0, j = 0;
    for (size_t i = 0; i < b->n; i++) {
        while (j < distinct && ids[j] < b->id[i])
            ids[m++] = ids[j++];
        if (j == distinct || ids[j] != b->id[i])
            continue;
        j++;
        if (b->gone[i]) {
            ids[m++] = b->id[i];
            continue;
        }
        if (kept != i) {
            b->id[kept] = b->id[i];
            memcpy(b->sk[kept], b->sk[i], SIM_SKETCH);
            b->gone[kept] = 0;
        }
        kept++;
    }
    while (j < distinct)
        ids[m++] = ids[j++];
    b->n = kept;
    if (kept + m > SIM_SKETCH_BATCH)
        m = SIM_SKETCH_BATCH - kept;
    size_t total = kept + m;
    if (batch_room(b, total)) {
        sketch_batch_release(b);
        return -1;
    }
    /* The new ones read from the last down, merged with the kept ones from
     * the end: each page of the table is still visited once. One the archive
     * has no sketch for, or that the handle cannot tell, is held as gone
     * (asked for one by one). */
    size_t w = kept + m, k = kept;
    while (m) {
        if (k && b->id[k - 1] > ids[m - 1]) {
            w--;
            k--;
            b->id[w] = b->id[k];
            memcpy(b->sk[w], b->sk[k], SIM_SKETCH);
            b->gone[w] = 0;
            continue;
        }
        w--;
        m--;
        b->id[w] = ids[m];
        b->gone[w] = sketch_reader_get(r, db, ids[m], b->sk[w]) != 1;
    }
    b->n = total;
    return 0;
}

static long batch_at(const struct sketch_batch *b, long long id)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < b->n && b->id[lo] == id ? (long)lo : -1;
}

const uint8_t *sketch_batch_find(const struct sketch_batch *b, long long id)
{
    long at = batch_at(b, id);
    return at < 0 || b->gone[at] ? NULL : b->sk[at];
}

void sketch_batch_forget(struct sketch_batch *b, long long id)
{
    long at = batch_at(b, id);
    if (at >= 0)
        b->gone[at] = 1;
}

void sketch_batch_release(struct sketch_batch *b)
{
    free(b->id);
    free(b->sk);
    free(b->gone);
    memset(b, 0, sizeof *b);
}
