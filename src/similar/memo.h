#ifndef DAFU_SIMILAR_MEMO_H
#define DAFU_SIMILAR_MEMO_H
/*
 * memo: what the comparison of a pass keeps in memory between letters
 * (similar.c): the recent band rows (bands.h), the letters of full band values,
 * candidates' signatures. Nothing here reads or writes the archive.
 */
#include <stddef.h>
#include <stdint.h>

#include "similar/similar.h"

/* A map from band keys (hashes already) to an int32: open addressing. */
struct kmap {
    int64_t *key;
    int32_t *val;  /* -1: an empty slot */
    size_t cap, n; /* cap: 0 or a power of two */
};
/* The value of key (NULL: not there); kmap_put adds key (not there yet), 0
 * or -1 (out of memory); kmap_clear forgets every key; kmap_release frees. */
int32_t *kmap_get(const struct kmap *m, int64_t key);
int kmap_put(struct kmap *m, int64_t key, int32_t val);
void kmap_clear(struct kmap *m);
void kmap_release(struct kmap *m);

/* A recent band row: the rows of one key are chained from the last
 * (next: the one before, -1 for none). */
struct pend {
    int64_t key;
    long long id;
    int32_t next;
};

/* A row of the band values a letter shares, by the first band of its value. */
struct brow {
    int band;
    long long id;
};

/* Full band values whose letters are kept, at most (each its SIM_BUCKET
 * letters and their count: 3.3 MB). */
#define SIM_FULL_MAX 32768
/* Candidates' signatures kept, by id. */
#define SIM_SIGS 8192

struct sig_slot {
    long long id; /* 0: empty */
    int has;      /* 0: the letter has none (too short, or not compared) */
    uint32_t sig[SIM_K];
};

/* The band values the archive holds, as the high 32 bits of their keys,
 * sorted and distinct: a value not there has no row, and is not looked up.
 * Each is held as its low 16 bits (lo) in the run of those of its high 16
 * bits (at[h] .. at[h + 1]), 2 bytes a value rather than 4, beside an index
 * of SIM_FILTER_RUNS + 1 offsets (256 KB): the same values are told apart.
 * While loaded (memo_filter_push) they are gathered whole in raw.
 * valid: 0 until loaded (then every value is looked up). */
#define SIM_FILTER_RUNS 65536

struct kfilter {
    uint16_t *lo;
    uint32_t *at; /* SIM_FILTER_RUNS + 1 when valid */
    size_t n, cap;
    uint32_t *raw; /* memo_filter_push's, until memo_filter_seal */
    size_t nraw, capraw;
    int valid;
};

/* A row of a band value whose rows are all known (memo_known): the one
 * added before it is next (-1: none). */
struct known_row {
    long long id;
    int32_t next;
};

/* Band values the filter holds at most (8 MB of lo; about 500,000 letters of
 * one import); past it the filter is forgotten and every value is looked up. */
#define SIM_FILTER_MAX (1 << 22)

/* Rows of known band values kept at most (8 MB), and twice their values (the
 * map's slots, 6 MB); past them they are all forgotten. */
#define SIM_KNOWN_MAX (1 << 19)

struct sim_memo {
    struct pend *pend; /* recent band rows */
    size_t npend, cappend;
    struct kmap pend_at; /* key -> its last row in pend */
    struct kmap full;    /* key of a full band value -> its letters in fullid */
    int32_t *fullid;     /* per value: the count, then the ids (SIM_FULL_MAX) */
    size_t nfullid, capfullid;
    struct sig_slot *sigs; /* SIM_SIGS */
    struct brow *rows;     /* a letter's rows (memo_row_add) */
    struct kfilter filter; /* the values in the archive */
    struct kmap known;     /* key -> its last row in kn */
    struct known_row *kn;
    size_t nkn, capkn;
    size_t caprows;
};

/* Each returning int returns 0 or -1 (out of memory). */
int memo_init(struct sim_memo *m);
void memo_release(struct sim_memo *m);

/* Recent band rows: add one (not already there); the last of a key (-1 for
 * none), then pend[i].next; all of them sorted by key and id, to move them
 * into similar_band_ids; forgotten once moved. */
int memo_pend_add(struct sim_memo *m, int64_t key, long long id);
/* Room for n recent band rows in all (and their keys in the map), so that
 * adding them does not grow it again and again. */
int memo_pend_reserve(struct sim_memo *m, size_t n);
int32_t memo_pend_last(const struct sim_memo *m, int64_t key);
void memo_pend_sort(struct sim_memo *m);
void memo_pend_clear(struct sim_memo *m);

/* The letters of a full band value: their count, then their ids; NULL when
 * not kept. memo_full_put keeps those of rows[0..n) of band, unless an id
 * does not fit 31 bits (nor when SIM_FULL_MAX values are kept): a reply's
 * rowid does, up to two thousand million letters, and 4 bytes an id rather
 * than 8 take the kept letters from 6.6 to 3.3 MB at the cap. */
const int32_t *memo_full(const struct sim_memo *m, int64_t key);
int memo_full_put(struct sim_memo *m, int64_t key, int band, const struct brow *rows, size_t n);

/* Appends a row to m->rows, *n of them so far. */
int memo_row_add(struct sim_memo *m, size_t *n, int band, long long id);

/* The slot of letter id's signature (slot->id == id when kept); all forgotten. */
struct sig_slot *memo_sig(struct sim_memo *m, long long id);
void memo_sigs_clear(struct sim_memo *m);

/* The filter of band values: forgotten (not valid); filled with
 * memo_filter_push (the archive's keys, in any order, repeats allowed), then
 * made valid by memo_filter_seal; the waiting rows' keys added (before they
 * are written; the rows are sorted first, memo_pend_sort, unless they are);
 * may key have rows (1 also when not valid)? When memory runs out, or the
 * values would be more than SIM_FILTER_MAX, the filter is forgotten (each
 * returns -1). */
void memo_filter_clear(struct sim_memo *m);
int memo_filter_push(struct sim_memo *m, int64_t key);
int memo_filter_seal(struct sim_memo *m);
int memo_filter_add_pend(struct sim_memo *m);
int memo_filter_may(const struct sim_memo *m, int64_t key);

/* Band values whose every row (in the archive or waiting) is known: those
 * that had none in the archive when this process wrote their first row, and
 * those read from it. memo_known gives the last row of key (then kn[i].next),
 * -1 when key has none or is not known (memo_is_known tells them apart);
 * memo_known_put makes key known with the rows of band in rows[0..n) (or
 * none); memo_known_add adds a row to a known key (nothing when it is not);
 * memo_known_clear forgets them all. */
int memo_is_known(const struct sim_memo *m, int64_t key);
int32_t memo_known(const struct sim_memo *m, int64_t key);
int memo_known_put(struct sim_memo *m, int64_t key, int band, const struct brow *rows, size_t n);
int memo_known_add(struct sim_memo *m, int64_t key, long long id);
void memo_known_clear(struct sim_memo *m);

/* Ids told apart by a bit each (the rowids of reply, from 1 up: the bits of a
 * million letters take 125 KB), rather than sorted with their repeats: a flush
 * gathers the letters whose sketches a chunk reads (pass.c), each once for
 * each band value of the chunk it has (at 100,000 letters sorting them took as
 * many instructions as reading the sketches). An id past SIM_MARKS_MAX bits
 * is taken as new each time. */
#define SIM_MARKS_MAX ((long long)1 << 27)

struct id_marks {
    uint64_t *w;
    size_t cap; /* words */
};

/* 1 when id is marked now for the first time, 0 when again, -1 when out of
 * memory. */
int marks_add(struct id_marks *m, long long id);
/* Puts ids[0..n) (each marked once by marks_add, or past SIM_MARKS_MAX) in
 * order from the marks, those past SIM_MARKS_MAX last, and clears the marks. */
void marks_sort(struct id_marks *m, long long *ids, size_t n);
void marks_release(struct id_marks *m);

/* A candidate of a letter (similar.c): the band it came by, then its
 * signature's agreement with the letter's. */
struct sim_cand {
    long long id; /* not negative */
    double est;
};
/* Sorts c[0..n) by id, stably (radix, 8 bits a pass, the bytes every id
 * shares skipped; a few by insertion), with tmp of n. */
void memo_cand_sort(struct sim_cand *c, struct sim_cand *tmp, size_t n);

#endif
