#ifndef DAFU_SIMILAR_SKETCH_H
#define DAFU_SIMILAR_SKETCH_H
/*
 * sketch: what similar.c computes of a signature (similar.h): its band keys,
 * its agreement with another, and its sketch, the low 4 bits of each value
 * (schema/019_similar_sketch.sql), which agrees wherever the signature does:
 * a candidate whose sketch agrees in too few places is dropped without its
 * signature being read.
 */
#include <stdint.h>

#include "similar/similar.h"

/* Bytes of a sketch: SIM_K values of 4 bits, two a byte (the first low). */
#define SIM_SKETCH (SIM_K / 2)

/* Sketches of candidates kept by a comparison, by id (about 5 MB). */
#define SIM_SKETCHES 65536

struct sketch_slot {
    long long id; /* 0: empty */
    int has;      /* 0: none in the archive (compared before schema 019) */
    uint8_t sk[SIM_SKETCH];
};

/* The key of band `band` of a signature (the archive stores it: it never
 * changes). */
int64_t sim_band_key(const uint32_t *sig, int band);
/* The share of places where two signatures agree, 0-1. */
double sim_sig_agree(const uint32_t *a, const uint32_t *b);
/* The sketch of a signature. */
void sim_sketch(const uint32_t *sig, uint8_t sk[SIM_SKETCH]);
/* The places where two sketches agree: at least those where their signatures
 * do. */
int sim_sketch_agree(const uint8_t *a, const uint8_t *b);
/* The high sketch of a signature: bits 4-7 of each value, laid out as the
 * sketch (schema/035_similar_sketch_high.sql). */
void sim_sketch_high(const uint32_t *sig, uint8_t hk[SIM_SKETCH]);
/* The places where two signatures agree in their 8 low bits, from their
 * sketches (a, b) and high sketches (ah, bh): at least those where the
 * signatures do, at most those where the sketches do. */
int sim_sketch_agree8(const uint8_t *a, const uint8_t *ah, const uint8_t *b, const uint8_t *bh);

/* Sketches read from similar_sketch through one blob handle moved from row
 * to row (sqlite3_blob_reopen: a seek, without a statement bound, run and
 * reset a look-up). The handle holds a read of the archive: closed by
 * sketch_reader_close before each commit. A row without a sketch (a letter
 * compared before schema 019) leaves the handle unusable: it is closed, and
 * after SIM_SKETCH_READER_FAILS of them no longer tried. */
#define SIM_SKETCH_READER_FAILS 16

struct sketch_reader {
    sqlite3_blob *blob; /* NULL: not open */
    int failed;         /* rows it could not be moved to */
};

/* Letter id's sketch into out: 1 when read, 0 when its value is not a sketch,
 * -1 when the handle cannot tell (ask the archive by a statement). */
int sketch_reader_get(struct sketch_reader *r, sqlite3 *db, long long id, uint8_t out[SIM_SKETCH]);
/* The same for another blob column of a rowid table (one handle a column):
 * row id's value of n bytes into out: 1, 0 when it is not n bytes long, -1
 * when the handle cannot tell. */
int blob_reader_get(struct sketch_reader *r, sqlite3 *db, const char *table, const char *col,
                    long long id, void *out, int n);
void sketch_reader_close(struct sketch_reader *r);

/* The sketches of the letters a chunk of a flush will look at, read before it
 * in order of id: the table's pages are then visited once each, in order,
 * rather than at random once a candidate (at 100,000 letters similar_sketch
 * is 7 MB, and the pages of the page cache that held it were taken by the
 * rest of the import). At most SIM_SKETCH_BATCH of them (4.8 MB; a chunk of
 * 1,024 letters looks at about 55,000 at 100,000 letters). */
#define SIM_SKETCH_BATCH 65536

struct sketch_batch {
    long long *id; /* sorted, distinct */
    uint8_t (*sk)[SIM_SKETCH];
    unsigned char *gone; /* 1: forgotten */
    size_t n, cap;
};

/* Makes b hold the sketches of ids[0..n) (sorted in place, repeats allowed,
 * overwritten): those b holds already stay, the others are read through r,
 * and those not asked for again are forgotten (the letters of a chunk share
 * many band values with those of the chunk before: at 100,000 letters more
 * than half of a chunk's are held already). Up to SIM_SKETCH_BATCH; the rest
 * are left out, and those the archive has no sketch for are held as
 * forgotten.
 * Returns 0, or -1 when out of memory (b then holds none). */
int sketch_batch_read(struct sketch_batch *b, struct sketch_reader *r, sqlite3 *db, long long *ids,
                      size_t n);
/* Letter id's sketch in b, or NULL. */
const uint8_t *sketch_batch_find(const struct sketch_batch *b, long long id);
/* Letter id's sketch is no longer what b holds (its signature was written again). */
void sketch_batch_forget(struct sketch_batch *b, long long id);
void sketch_batch_release(struct sketch_batch *b);

#endif
