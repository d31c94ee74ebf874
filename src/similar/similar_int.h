#ifndef DAFU_SIMILAR_INT_H
#define DAFU_SIMILAR_INT_H
/*
 * What the files of the similarity index share inside (the interface is
 * similar.h): the index's state and its statements. similar.c opens it and
 * compares one letter with the archive (sim_add_id); pass.c compares many, a
 * flush of the queued letters or the catch-up of the pending ones.
 */
#include <stddef.h>
#include <stdint.h>

#include "base/array.h"
#include "similar/bands.h"
#include "similar/memo.h"
#include "similar/similar.h"
#include "similar/sketch.h"

enum {
    ST_SIG_PUT,
    ST_BAND_GET,
    ST_ROW,
    ST_ROW_META,
    ST_PAIR_PUT,
    ST_PAIR_DEL_B,
    ST_PAIR_DEL_A,
    ST_COPY_GET,
    ST_COPY_MEMBERS,
    ST_COPY_PUT,
    ST_COPY_DEL,
    ST_FULLNESS,
    ST_PENDING,
    ST_PENDING_DEL,
    ST_PENDING_PUT,
    ST_SKETCH_PUT,
    ST_SKETCH_GET,
    ST_HIGH_GET,
    ST_N
};

/* A letter queued by similar_queue: its shingles are pool[off .. off + n). */
struct queued {
    long long id;
    int replaced;
    size_t off, n;
};

/* The shingles (repeats included) of the letters verified last, by id: the members of a
 * large group are every new member's candidates (up to SIM_BUCKET of them),
 * and their texts are shingled once, not once a candidate. A letter's set is
 * forgotten when its text changes (similar_queue, similar_add), all of them
 * when another connection writes to the archive. */
#define SIM_CACHE 256

struct cached {
    long long id; /* 0: empty */
    struct sim_set set;
};

struct similar {
    struct db *db;
    sqlite3_stmt *st[ST_N];
    sqlite3_stmt *version; /* PRAGMA data_version */
    long long seen_version;
    struct sim_set mine;
    struct sim_jtab jt; /* a letter's shingles, to verify its candidates */
    struct cached cache[SIM_CACHE];
    struct queued *q;
    size_t nq, capq;
    struct kmap qat; /* a flush: a queued letter's id -> its last entry in q */
    uint64_t *pool;
    size_t npool, cappool;
    uint32_t *qsig; /* a flush: its letters' signatures, SIM_FLUSH_CHUNK of SIM_K */
    int64_t *look;  /* a flush: the band values to read, sorted */
    size_t caplook;
    struct sketch_slot *sketches; /* SIM_SKETCHES */
    struct sim_cand *ctmp;        /* room for sorting a letter's candidates */
    size_t capctmp;
    struct sketch_reader skread; /* candidates' sketches (sketch_get) */
    struct sketch_reader hiread; /* their high sketches (high_get) */
    struct sketch_batch skb;     /* a chunk's sketches, read before it */
    long long *pfids;            /* the letters whose sketches it reads */
    size_t cappf;
    struct id_marks seen; /* of them, those gathered already */
    struct sim_bands bands;
    struct sim_memo m;
};

static inline sqlite3_stmt *stmt(struct similar *s, int i)
{
    sqlite3_reset(s->st[i]);
    sqlite3_clear_bindings(s->st[i]);
    return s->st[i];
}

static inline int run(struct similar *s, sqlite3_stmt *st, struct diag *d)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return diag_error(d, "database '%s': similarity index: %s", db_path(s->db),
                          sqlite3_errmsg(db_sqlite(s->db)));
    return 0;
}

struct ids {
    long long *v;
    size_t n, cap;
};

static inline int ids_add(struct ids *x, long long id)
{
    for (size_t i = 0; i < x->n; i++)
        if (x->v[i] == id)
            return 0;
    if (ARRAY_RESERVE(x->v, x->cap, x->n + 1, 16))
        return -1;
    x->v[x->n++] = id;
    return 0;
}

static inline struct cached *cache_slot(struct similar *s, long long id)
{
    return &s->cache[(unsigned long long)id % SIM_CACHE];
}

/* The blob handle holds a read of the archive: closed at the end of each
 * pass, before the commit that follows it. */
static inline void readers_close(struct similar *s)
{
    sketch_reader_close(&s->skread);
    sketch_reader_close(&s->hiread);
}

/* Compares letter id (its shingles in mine, unsorted; its signature in presig
 * when computed already) with the archive. */
int sim_add_id(struct similar *s, long long id, struct sim_set *mine, const uint32_t *presig,
               int known, struct diag *d);

#endif
