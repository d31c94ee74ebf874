#ifndef DAFU_TOPK_INT_H
#define DAFU_TOPK_INT_H
/*
 * topk_int: what store/topk.c and store/topk_pass.c share (not for other layers).
 * A kept term's entries (id, weighted frequency, length), stored packed in
 * reply_top.best (topk_encode); its skyline; and the pass that reads the hits of new letters
 * from their text.
 */
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "store/db.h"
#include "store/topk.h"

#define ENTRY_BYTES 16 /* id (8), tf (4), len (4), little-endian: before schema 032 */
/* The most bytes topk_encode writes for n entries. */
#define TOPK_PACKED_MAX(n) (12 + (size_t)(n)*20)

struct entry {
    long long id;
    uint32_t tf;  /* weighted frequency of the term */
    uint32_t len; /* the letter's length in tokens */
};

struct entries {
    struct entry *e;
    size_t n, cap;
};

int topk_entries_add(struct entries *v, long long id, uint32_t tf, uint32_t len);
/* Writes v's entries as a reply_top.best blob into out (TOPK_PACKED_MAX(v->n)
 * bytes at least) and returns its length. */
size_t topk_encode(const struct entries *v, unsigned char *out);
/* Appends the entries of a reply_top.best blob (either layout) to v. Returns 0,
 * or -1 when out of memory or the blob is damaged. */
int topk_decode(const unsigned char *blob, int nbytes, struct entries *v);

/* Where the entries of a packed blob lie, so that entries can be appended to
 * its bytes without decoding it again (topk_append_parts). */
struct topk_packed {
    size_t n;          /* its entries; 0: none, or the layout before schema 032 */
    size_t in_order;   /* how many of the first are in order (the caller's to set) */
    size_t start, end; /* the bytes of the entries */
    uint32_t tf, len;  /* the last entry's */
};

/* topk_decode, and where the blob's entries lie into *p (when not NULL). */
int topk_decode_at(const unsigned char *blob, int nbytes, struct entries *v, struct topk_packed *p);
/* What topk_encode writes for the entries of blob (a packed blob, p from
 * topk_decode_at) followed by those of add, in three parts, so that the blob
 * need not be read again: head (TOPK_HEAD_MAX bytes at least; its length into
 * *nhead), the bytes [p->start, p->end) of blob, then tail
 * (TOPK_PACKED_MAX(add->n) bytes at least), whose length it returns. */
#define TOPK_HEAD_MAX 11
size_t topk_append_parts(const struct topk_packed *p, const struct entries *add,
                         unsigned char *head, size_t *nhead, unsigned char *tail);
/* The order of entries: frequency (highest first), length, id. */
int topk_by_tf_len(const void *a, const void *b);
/* How many of v's first entries are in the order of topk_by_tf_len. */
size_t topk_in_order(const struct entries *v);
/* Sorts v by topk_by_tf_len: the entries before the first out of order are
 * taken to be in order (a kept row's cut, a pass's), those after it sorted and
 * merged with them. Returns 0 or -1. */
int topk_order(struct entries *v);
/* Keeps in v the entries that fewer than TOPK_DEPTH others beat, in the order
 * of topk_by_tf_len when there were more than TOPK_DEPTH. Returns 0 or -1. */
int topk_skyline(struct entries *v);
/* How many entries a list cut to its skyline with `cut` entries may grow to
 * before it is cut again: half as many again, and 32 (a pass's terms, a kept
 * row's appended entries). */
size_t topk_next_cut(size_t cut);
uint64_t topk_hash(const char *s, size_t n);

/* The length in tokens of every row with id > base, read once for a refresh. */
struct lengths {
    long long base;
    uint32_t *len; /* len[id - base - 1]; UINT32_MAX: no row */
    size_t n;
};

/* A pass holds a term's new hits in blocks of PASS_BLOCK entries, all of one
 * size, that a term gives back to the pass when it is cut or done and another
 * takes: arrays grown by realloc a few entries at a time, one a term, left the
 * heap in pieces (at 100,000 letters the pass's 27 MB of entries in a heap of
 * 62.5 MB, held to the end of the import). */
#define PASS_BLOCK 32

struct pblock {
    struct pblock *next;
    struct entry e[PASS_BLOCK];
};

struct pterm {
    struct pblock *head, *tail; /* the new hits that may be kept, in blocks */
    size_t n;                   /* how many */
    size_t cut;                 /* n after the last cut */
    int seeded;                 /* the floor is that of the term's kept entries */
    struct topk_packed kept;    /* where its kept row's entries lie (seeded) */
    /* The floor: a hit of frequency tf and length len that at least TOPK_DEPTH
     * entries beat (a higher frequency and a length no longer: the kept entries
     * when seeded, else v's) can never be kept. floor_len[i] is the TOPK_DEPTH-th shortest length
     * among the entries of frequency above floor_tf[i] (UINT32_MAX: fewer of them); floor_tf
     * descends. */
    uint32_t *floor_tf, *floor_len;
    size_t nfloor;
    long long hits; /* new letters with the term */
    long long last; /* the letter that counted it last */
    uint32_t tf;
    int state;    /* PTERM_ACTIVE, PTERM_SHED (read again by the next pass), PTERM_DONE */
    size_t bytes; /* the memory its entries and floor take */
};

enum { PTERM_ACTIVE, PTERM_SHED, PTERM_DONE };

struct pass {
    struct pslot {
        const char *key; /* borrowed */
        size_t len, term;
        uint64_t hash; /* topk_hash of key: compared before the bytes */
    } * s;
    size_t cap;
    struct pterm *t;
    size_t nt;
    size_t *touched;
    size_t ntouched;
    long long letter;
    uint32_t weight;
    int oom;
    size_t bytes;         /* the memory of every term's entries and floor */
    size_t budget;        /* past it, half the active terms wait for another pass */
    int nshed;            /* terms shed by the last run */
    struct pblock *spare; /* blocks no term holds */
    struct entries whole; /* one term's entries in one piece (topk_pterm_entries) */
};

/* One letter's terms, each once, in the order of its first token, with the
 * weighted frequency of each (its tokens in each column times the column's
 * weight, as dafu_tf computes it): what the sample counts and the pass adds,
 * from one tokenization of the letter (two before, one for each). */
struct lterm {
    uint64_t hash;   /* topk_hash of its bytes */
    const char *key; /* its bytes (not 0-terminated): the letter's, until the next */
    uint32_t len, tf;
};

/* The weight of each column, in the order title, department, delegates, text. */
extern const uint32_t topk_col_weight[4];

struct lterms {
    struct lterm *t;
    size_t n, cap;
    /* Each term's bytes in `bytes`, its bytes as one number when they are 7
     * or fewer (else 0), what its slot is found by, and its slot. */
    struct lterm_at {
        uint64_t k64, mix;
        uint32_t off, slot;
    } * at;
    size_t capat;
    uint32_t *slot; /* 1 + the number of a term; 0: empty */
    size_t nslot;   /* a power of 2 */
    char *bytes;    /* the terms' bytes, one after the other */
    size_t nbytes, capbytes;
    uint32_t weight;  /* of the column being read */
    int last_repeats; /* the letter's last token was a term it had before */
    int oom;
};

/* The terms of a letter's title, department, delegates and text (col[i] NULL:
 * none) into L, which a letter before may have used. Returns 0 or -1 when out
 * of memory. */
int topk_lterms_read(struct lterms *L, const char *const col[4], const int ncol[4]);
void topk_lterms_free(struct lterms *L);

/* Letters' terms kept for another read (each term's key the caller's, held
 * while the record is). */
struct lrecord {
    struct lterm *t;
    size_t n, cap;
    struct lrecord_letter {
        long long id;
        size_t start, n; /* its terms: t[start..start + n) */
    } * l;
    size_t nl, capl;
    int oom;
};

/* Terms counted in a sample of letters: open addressing on the term's text.
 * The sample: the letters with (id - after) % step == 0 of those after
 * `after`. */
struct counter {
    struct slot {
        char *key;
        long count;
        uint32_t len, hash; /* the key's bytes, the low half of its topk_hash */
    } * s;
    size_t cap, n;
    long long after, step;
    long nsampled;
    struct lrecord *rec; /* the sampled letters' terms kept, when not NULL */
    int oom;
};

/* The slot of term k[0..n) in c (its key NULL when it is not there). */
struct slot *topk_counter_find(struct counter *c, const char *k, size_t n);
void topk_counter_free(struct counter *c);
void topk_record_free(struct lrecord *r);
/* Whether letter id is one of c's sample. */
int topk_sampled(const struct counter *c, long long id);
/* Counts the terms L of letter id, one of the sample, into c. Returns 0 or -1 with d set. */
int topk_sample_letter(struct counter *c, long long id, const struct lterms *L, struct diag *d);
/* Tokenizes the sample of the letters (c->after, c->step) into c. Returns 0 or -1. */
int topk_sample(struct db *db, struct counter *c, struct diag *d);

/* Makes room for n terms. Returns 0 or -1 (topk_pass_free frees either way). */
int topk_pass_init(struct pass *p, size_t n);
void topk_pass_free(struct pass *p);
/* Adds term `key` (kept by the caller while p lives) and returns its number. */
size_t topk_pass_add(struct pass *p, const char *key);
/* The number of term `key`, or SIZE_MAX when it is not in p. */
size_t topk_pass_find(const struct pass *p, const char *key, size_t n);
/* Frees a term's entries once they are stored (its state becomes PTERM_DONE). */
void topk_pterm_done(struct pass *p, struct pterm *t);
/* Makes the shed terms active again, with no entries, for the next run. Returns
 * how many there were. */
size_t topk_pass_again(struct pass *p);
/* Cuts a term's entries to their skyline and computes its floor. Returns 0 or -1. */
int topk_pterm_cut(struct pass *p, struct pterm *t);
/* A term's entries in one piece, in the order they are held (the pass's own
 * room, good until the next call), or NULL when out of memory. */
const struct entries *topk_pterm_entries(struct pass *p, const struct pterm *t);
/* Gives t the floor of its kept entries (a reply_top.best blob). Returns 0 or -1. */
int topk_pterm_seed(struct pass *p, struct pterm *t, const unsigned char *blob, int nblob);
/* Reads the letters with after < id <= upto (or, when rec is not NULL, those of
 * rec) and adds each active term's hits among them to its entries (those not
 * below its floor), cut to the term's skyline as they grow; with c not NULL,
 * the letters of c's sample are counted into c as well (topk_sample_letter),
 * each tokenized once for both. When the entries of all terms take more than
 * p->budget bytes, the later half of the active terms is shed: their entries
 * are freed and they wait for another run (topk_pass_again), so that the memory
 * a refresh holds does not grow with the number of kept terms. Returns 0 or -1
 * with d set. */
int topk_pass_run(struct db *db, struct pass *p, long long after, long long upto,
                  const struct lengths *lens, const struct lrecord *rec, struct counter *c,
                  struct diag *d);

#endif
