/* topk_terms: a letter's terms, each once with its weighted frequency, from
 * one tokenization of the letter (see topk_int.h). */
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "fts/fts_tok.h"
#include "store/topk_int.h"

/* The weighted frequency is the one dafu_tf computes: the term's tokens in each
 * column times the column's weight (TOPK_WEIGHTS; here in the order the
 * letters' columns are read: title, department, delegates, text). */
const uint32_t topk_col_weight[4] = {10, 8, 5, 1};

/* A short term's bytes as one number, with their count in its top byte. */
static inline uint64_t k64_of(const char *t, int n)
{
    const unsigned char *u = (const unsigned char *)t;
    uint64_t k = (uint64_t)n << 56;
    for (int i = 0; i < n; i++)
        k |= (uint64_t)u[i] << (8 * i);
    return k;
}

/* Doubles the table of slots and places every term again. Returns 0 or -1. */
static int lterms_grow(struct lterms *L)
{
    size_t n = L->nslot ? 2 * L->nslot : 1024;
    uint32_t *s = calloc(n, sizeof *s);
    if (!s)
        return -1;
    for (size_t k = 0; k < L->n; k++) {
        size_t i = L->at[k].mix & (n - 1);
        while (s[i])
            i = (i + 1) & (n - 1);
        s[i] = (uint32_t)k + 1;
        L->at[k].slot = (uint32_t)i;
    }
    free(L->slot);
    L->slot = s;
    L->nslot = n;
    return 0;
}

/* A term of 7 bytes or fewer (a character, a pair of them: nearly every one)
 * is found by its bytes as one number, without a hash of its bytes or a
 * comparison of them; topk_hash is taken once a term, when the letter is read. */
static int on_token(void *ctx, int tflags, const char *t, int n, int s, int e)
{
    struct lterms *L = ctx;
    (void)tflags;
    (void)s;
    (void)e;
    uint64_t k = 0, mix;
    if (n <= 7) {
        k = n == 3 ? ((uint64_t)3 << 56) | (uint64_t)(unsigned char)t[0] |
                         (uint64_t)(unsigned char)t[1] << 8 | (uint64_t)(unsigned char)t[2] << 16
                   : k64_of(t, n);
        mix = (k * 0x9E3779B97F4A7C15ULL) >> 20;
    } else {
        mix = topk_hash(t, (size_t)n);
    }
    size_t i = mix & (L->nslot - 1);
    for (uint32_t j; (j = L->slot[i]) != 0; i = (i + 1) & (L->nslot - 1)) {
        const struct lterm_at *a = &L->at[j - 1];
        if (a->k64 == k &&
            (k || (L->t[j - 1].len == (uint32_t)n && !memcmp(L->bytes + a->off, t, (size_t)n)))) {
            L->t[j - 1].tf += L->weight;
            L->last_repeats = 1;
            return 0;
        }
    }
    if (ARRAY_RESERVE(L->t, L->cap, L->n + 1, 256) ||
        ARRAY_RESERVE(L->at, L->capat, L->n + 1, 256) ||
        ARRAY_RESERVE(L->bytes, L->capbytes, L->nbytes + (size_t)n, 4096)) {
        L->oom = 1;
        return 1;
    }
    memcpy(L->bytes + L->nbytes, t, (size_t)n);
    L->at[L->n] = (struct lterm_at){k, mix, (uint32_t)L->nbytes, (uint32_t)i};
    L->nbytes += (size_t)n;
    L->t[L->n] = (struct lterm){k ? 0 : mix, NULL, (uint32_t)n, L->weight};
    L->slot[i] = (uint32_t)++L->n;
    L->last_repeats = 0;
    if (2 * L->n > L->nslot && lterms_grow(L)) {
        L->oom = 1;
        return 1;
    }
    return 0;
}

int topk_lterms_read(struct lterms *L, const char *const col[4], const int ncol[4])
{
    /* The slots of the letter before emptied. */
    for (size_t k = 0; k < L->n; k++)
        L->slot[L->at[k].slot] = 0;
    L->n = L->nbytes = 0;
    L->last_repeats = 0;
    L->oom = 0;
    if (!L->slot && lterms_grow(L))
        return -1;
    for (int c = 0; c < 4 && !L->oom; c++) {
        L->weight = topk_col_weight[c];
        if (col[c])
            fts_tok_run(col[c], ncol[c], FTS_TOK_DOCUMENT, on_token, L);
    }
    if (L->oom)
        return -1;
    for (size_t k = 0; k < L->n; k++) {
        struct lterm *t = &L->t[k];
        t->key = L->bytes + L->at[k].off;
        if (L->at[k].k64)
            t->hash = topk_hash(t->key, t->len);
    }
    return 0;
}

void topk_lterms_free(struct lterms *L)
{
    free(L->t);
    free(L->at);
    free(L->slot);
    free(L->bytes);
    memset(L, 0, sizeof *L);
}

/* ---- the sample: the terms of a share of the new letters ---- */

static struct slot *counter_find_h(struct counter *c, const char *k, size_t n, uint64_t h)
{
    size_t i = h & (c->cap - 1);
    while (c->s[i].key &&
           (c->s[i].hash != (uint32_t)h || c->s[i].len != n || memcmp(c->s[i].key, k, n)))
        i = (i + 1) & (c->cap - 1);
    return &c->s[i];
}

struct slot *topk_counter_find(struct counter *c, const char *k, size_t n)
{
    return counter_find_h(c, k, n, topk_hash(k, n));
}

static int counter_grow(struct counter *c)
{
    struct counter g = *c;
    g.cap = c->cap ? 2 * c->cap : 4096;
    if (!(g.s = calloc(g.cap, sizeof(struct slot))))
        return -1;
    for (size_t i = 0; i < c->cap; i++)
        if (c->s[i].key)
            *counter_find_h(&g, c->s[i].key, c->s[i].len, topk_hash(c->s[i].key, c->s[i].len)) =
                c->s[i];
    free(c->s);
    *c = g;
    return 0;
}

/* The sampled letters' terms kept past this many (24 MB of entries) are let go
 * (read again). Tested before the array grows: its capacity doubles from 65,536,
 * a power of two, so it never passes this bound. */
#define RECORD_TERMS ((size_t)1 << 20)

void topk_record_free(struct lrecord *r)
{
    free(r->t);
    free(r->l);
    memset(r, 0, sizeof *r);
}

/* Counts each term of a sampled letter once (a term's first token in the
 * letter is where the counter grew when it counted a token at a time: it grows
 * at the same counts, so that its slots, and the order of the terms it names,
 * are the same), and keeps them in c->rec when asked. Returns 0 or -1. */
static int count_letter(struct counter *c, long long id, const struct lterms *L)
{
    struct lrecord *r = c->rec;
    if (r && (r->n + L->n > RECORD_TERMS || ARRAY_RESERVE(r->l, r->capl, r->nl + 1, 1024) ||
              ARRAY_RESERVE(r->t, r->cap, r->n + L->n, 65536))) {
        topk_record_free(r);
        r = c->rec = NULL;
    }
    if (r)
        r->l[r->nl++] = (struct lrecord_letter){id, r->n, L->n};
    for (size_t k = 0; k < L->n; k++) {
        const struct lterm *t = &L->t[k];
        if ((c->n + 1) * 2 > c->cap && counter_grow(c))
            return c->oom = 1, -1;
        struct slot *sl = counter_find_h(c, t->key, t->len, t->hash);
        if (!sl->key) {
            if (!(sl->key = malloc((size_t)t->len + 1)))
                return c->oom = 1, -1;
            memcpy(sl->key, t->key, t->len);
            sl->key[t->len] = 0;
            sl->len = t->len;
            sl->hash = (uint32_t)t->hash;
            c->n++;
        }
        sl->count++;
        if (r)
            r->t[r->n++] = (struct lterm){t->hash, sl->key, t->len, t->tf};
    }
    /* The tokens after the last new term's first, each a look before. */
    if (L->last_repeats && (c->n + 1) * 2 > c->cap && counter_grow(c))
        return c->oom = 1, -1;
    return 0;
}

int topk_sampled(const struct counter *c, long long id)
{
    return (id - c->after) % c->step == 0;
}

int topk_sample_letter(struct counter *c, long long id, const struct lterms *L, struct diag *d)
{
    c->nsampled++;
    return count_letter(c, id, L) ? diag_error(d, "out of memory") : 0;
}

void topk_counter_free(struct counter *c)
{
    for (size_t i = 0; i < c->cap; i++)
        free(c->s[i].key);
    free(c->s);
}

/* Tokenizes the sample of the letters (c->after, c->step) into c. Returns 0 or -1. */
int topk_sample(struct db *db, struct counter *c, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    struct lterms L = {0};
    if (sqlite3_prepare_v2(db_sqlite(db),
                           "SELECT id, title, department, delegates, text FROM reply "
                           "WHERE id > ?1 AND (id - ?1) % ?2 = 0",
                           -1, &st, NULL) != SQLITE_OK)
        return diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
    sqlite3_bind_int64(st, 1, c->after);
    sqlite3_bind_int64(st, 2, c->step);
    int rc = 0;
    int step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *col[4];
        int ncol[4];
        for (int k = 0; k < 4; k++) {
            col[k] = (const char *)sqlite3_column_text(st, k + 1);
            ncol[k] = sqlite3_column_bytes(st, k + 1);
        }
        rc = topk_lterms_read(&L, col, ncol)
                 ? diag_error(d, "out of memory")
                 : topk_sample_letter(c, sqlite3_column_int64(st, 0), &L, d);
    }
    if (!rc && step != SQLITE_DONE)
        rc = diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
    sqlite3_finalize(st);
    topk_lterms_free(&L);
    return rc;
}
