/* The passes that compare many letters (see similar.h): a flush of the letters
 * queued by similar_queue, and the catch-up of those similar_defer left pending. */
#include <stdlib.h>
#include <string.h>

#include "similar/row.h"
#include "similar/similar_int.h"

/* Another connection wrote: any text may have changed. */
static void cache_clear(struct similar *s)
{
    for (int i = 0; i < SIM_CACHE; i++)
        s->cache[i].id = 0;
}

/* Starts a pass. The letters' texts, signatures and band rows may have
 * changed since the last when another connection wrote to the archive: what
 * is kept of them is forgotten. */
static void pass_start(struct similar *s, long long letters)
{
    long long v = -1;
    if (sqlite3_step(s->version) == SQLITE_ROW)
        v = sqlite3_column_int64(s->version, 0);
    sqlite3_reset(s->version);
    if (v != s->seen_version) {
        cache_clear(s);
        memo_known_clear(&s->m);
        memo_sigs_clear(&s->m);
        memset(s->sketches, 0, SIM_SKETCHES * sizeof *s->sketches);
        s->skb.n = 0;
        memo_filter_clear(&s->m);
        bands_forget(&s->bands, &s->m);
    }
    s->seen_version = v;
    if (!s->m.filter.valid)
        bands_filter_load(&s->bands, &s->m, letters);
}

int similar_queue(struct similar *s, const struct letter *l, int replaced, struct diag *d)
{
    if (cache_slot(s, l->id)->id == l->id) /* its text changed */
        cache_slot(s, l->id)->id = 0;
    if (sim_letter_shingles_raw(l, &s->mine, 0))
        return diag_error(d, "out of memory");
    if (s->nq == s->capq) {
        size_t cap = s->capq ? s->capq * 2 : 256;
        struct queued *p = realloc(s->q, cap * sizeof *p);
        if (!p)
            return diag_error(d, "out of memory");
        s->q = p;
        s->capq = cap;
    }
    if (s->npool + s->mine.n > s->cappool) {
        size_t cap = s->cappool ? s->cappool * 2 : 65536;
        while (cap < s->npool + s->mine.n)
            cap *= 2;
        uint64_t *p = realloc(s->pool, cap * sizeof *p);
        if (!p)
            return diag_error(d, "out of memory");
        s->pool = p;
        s->cappool = cap;
    }
    if (s->mine.n)
        memcpy(s->pool + s->npool, s->mine.h, s->mine.n * sizeof *s->pool);
    s->q[s->nq++] = (struct queued){l->id, replaced, s->npool, s->mine.n};
    s->npool += s->mine.n;
    return 0;
}

size_t similar_queued(const struct similar *s)
{
    return s->nq;
}

size_t similar_queued_bytes(const struct similar *s)
{
    return s->npool * sizeof *s->pool + s->nq * sizeof *s->q;
}

void similar_unqueue(struct similar *s, size_t mark)
{
    if (mark >= s->nq)
        return;
    s->nq = mark;
    s->npool = mark ? s->q[mark - 1].off + s->q[mark - 1].n : 0;
}

/* A flush compares its letters SIM_FLUSH_CHUNK at a time: their signatures,
 * then the band values they look up, read in order of key, then each letter. */
#define SIM_FLUSH_CHUNK 1024

/* Before the letters [lo, hi) of a flush are compared: their signatures
 * (s->qsig), and the band values of theirs that sim_add_id would look up in the
 * archive (not known, not full, maybe there by the filter), read at once in
 * order of key (bands_known), so that sim_add_id finds them known. Returns 0 or
 * -1 with d set. */
static int flush_read_bands(struct similar *s, size_t lo, size_t hi, struct diag *d)
{
    if (bands_read(&s->bands, &s->m, d))
        return -1;
    if (s->m.nkn > SIM_KNOWN_MAX / 8 * 5 || 16 * s->m.known.n > 5 * SIM_KNOWN_MAX)
        memo_known_clear(&s->m);
    size_t nlook = 0;
    for (size_t i = lo; i < hi; i++) {
        const struct queued *q = &s->q[i];
        if (q->n < SIM_MIN_SHINGLES)
            continue;
        struct sim_set v = {s->pool + q->off, q->n, q->n};
        uint32_t *sig = s->qsig + (i - lo) * SIM_K;
        sim_signature(&v, sig);
        if (ARRAY_RESERVE(s->look, s->caplook, nlook + SIM_BANDS, 4096))
            return diag_error(d, "out of memory");
        for (int b = 0; b < SIM_BANDS; b++) {
            int64_t key = sim_band_key(sig, b);
            if (!memo_full(&s->m, key) && !memo_is_known(&s->m, key) && memo_filter_may(&s->m, key))
                s->look[nlook++] = key;
        }
    }
    /* room for the rows and values the letters add (sim_add_id forgets every
     * known value once SIM_KNOWN_MAX is near) */
    if (bands_known(&s->bands, &s->m, s->look, nlook, 2 * (hi - lo) * SIM_BANDS, d))
        return -1;
    /* The sketches sim_add_id will look at: those of the letters of these band
     * values, unless kept (their sketch, or their signature, which sim_add_id
     * reads instead), read in order of id. */
    size_t n = 0;
    for (size_t i = lo; i < hi; i++) {
        if (s->q[i].n < SIM_MIN_SHINGLES)
            continue;
        const uint32_t *sig = s->qsig + (i - lo) * SIM_K;
        for (int b = 0; b < SIM_BANDS; b++) {
            int64_t key = sim_band_key(sig, b);
            const int32_t *full = memo_full(&s->m, key);
            int32_t j = full ? -1 : memo_known(&s->m, key);
            for (long long k = 1; (full && k <= full[0]) || j >= 0; k++) {
                long long id = full ? full[k] : s->m.kn[j].id;
                if (!full)
                    j = s->m.kn[j].next;
                if (memo_sig(&s->m, id)->id == id ||
                    s->sketches[(unsigned long long)id % SIM_SKETCHES].id == id)
                    continue;
                int e = marks_add(&s->seen, id);
                if (e < 0)
                    return diag_error(d, "out of memory");
                if (!e)
                    continue;
                if (ARRAY_RESERVE(s->pfids, s->cappf, n + 1, 4096))
                    return diag_error(d, "out of memory");
                s->pfids[n++] = id;
            }
        }
    }
    marks_sort(&s->seen, s->pfids, n);
    if (sketch_batch_read(&s->skb, &s->skread, db_sqlite(s->db), s->pfids, n))
        return diag_error(d, "out of memory");
    return 0;
}

static int flush(struct similar *s, struct diag *d)
{
    pass_start(s, (long long)s->nq);
    kmap_clear(&s->qat);
    for (size_t i = 0; i < s->nq; i++) {
        int32_t *at = kmap_get(&s->qat, s->q[i].id);
        if (at)
            *at = (int32_t)i; /* queued again: the text stored last */
        else if (kmap_put(&s->qat, s->q[i].id, (int32_t)i))
            return diag_error(d, "out of memory");
    }
    if (s->nq && !s->qsig && !(s->qsig = malloc(SIM_FLUSH_CHUNK * SIM_K * sizeof *s->qsig)))
        return diag_error(d, "out of memory");
    for (size_t i = 0; i < s->nq; i++) {
        size_t lo = i - i % SIM_FLUSH_CHUNK;
        if (i == lo &&
            flush_read_bands(s, lo, s->nq - lo < SIM_FLUSH_CHUNK ? s->nq : lo + SIM_FLUSH_CHUNK, d))
            return -1;
        const struct queued *q = &s->q[i];
        if (q->n > s->mine.cap) {
            uint64_t *p = realloc(s->mine.h, q->n * sizeof *p);
            if (!p)
                return diag_error(d, "out of memory");
            s->mine.h = p;
            s->mine.cap = q->n;
        }
        if (q->n)
            memcpy(s->mine.h, s->pool + q->off, q->n * sizeof *s->pool);
        s->mine.n = q->n;
        if (sim_add_id(s, q->id, &s->mine, s->qsig + (i - lo) * SIM_K, q->replaced, d) ||
            (s->m.npend >= s->bands.recent_max && bands_write(&s->bands, &s->m, d)))
            return -1;
    }
    if (bands_write(&s->bands, &s->m, d))
        return -1;
    s->nq = 0;
    s->npool = 0;
    return 0;
}

int similar_flush(struct similar *s, struct diag *d)
{
    int rc = flush(s, d);
    kmap_clear(&s->qat);
    readers_close(s); /* before the commit that follows */
    return rc;
}

int similar_defer(struct similar *s, long long id, struct diag *d)
{
    if (cache_slot(s, id)->id == id) /* its text may have changed */
        cache_slot(s, id)->id = 0;
    sqlite3_stmt *st = stmt(s, ST_PENDING_PUT);
    sqlite3_bind_int64(st, 1, id);
    return run(s, st, d);
}

/* Compares the letters of similar_pending, in order of id, max of them at most
 * (all when max < 0). */
static long catch_up(struct similar *s, long max, struct diag *d)
{
    long done = 0;
    struct ids batch = {0};
    long long pending = similar_pending(s->db);
    pass_start(s, max >= 0 && max < pending ? max : pending);
    while (max < 0 || done < max) {
        batch.n = 0;
        sqlite3_stmt *st = stmt(s, ST_PENDING);
        sqlite3_bind_int(st, 1, max < 0 || max - done > 500 ? 500 : (int)(max - done));
        while (sqlite3_step(st) == SQLITE_ROW)
            if (ids_add(&batch, sqlite3_column_int64(st, 0))) {
                sqlite3_reset(st);
                free(batch.v);
                return diag_error(d, "out of memory");
            }
        sqlite3_reset(st);
        if (!batch.n)
            break;
        for (size_t i = 0; i < batch.n; i++) {
            struct row r = {0};
            if (row_read(s->st[ST_ROW], batch.v[i], &r)) {
                int e = row_shingles(&r, &s->mine, 0);
                row_release(&r);
                if (e) {
                    free(batch.v);
                    return diag_error(d, "out of memory");
                }
                if (sim_add_id(s, batch.v[i], &s->mine, NULL, 1, d)) {
                    free(batch.v);
                    return -1;
                }
            }
            st = stmt(s, ST_PENDING_DEL);
            sqlite3_bind_int64(st, 1, batch.v[i]);
            if (run(s, st, d)) {
                free(batch.v);
                return -1;
            }
            done++;
        }
        if (bands_write(&s->bands, &s->m, d)) {
            free(batch.v);
            return -1;
        }
    }
    free(batch.v);
    return done;
}

long similar_catch_up(struct similar *s, struct diag *d)
{
    return similar_catch_up_max(s, -1, d);
}

long similar_catch_up_max(struct similar *s, long max, struct diag *d)
{
    long n = catch_up(s, max, d);
    readers_close(s);
    return n;
}

long long similar_pending(struct db *db)
{
    return db_count(db, "similar_pending");
}
