/* memo: what a comparison pass keeps in memory (see memo.h). */
#include "similar/memo.h"

#include <stdlib.h>
#include <string.h>

static int32_t *kmap_get(const struct kmap *m, int64_t key)
{
    if (!m->n)
        return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)key & mask;; i = (i + 1) & mask) {
        if (m->val[i] < 0)
            return NULL;
        if (m->key[i] == key)
            return &m->val[i];
    }
}

/* Adds key (not in m). */
static int kmap_put(struct kmap *m, int64_t key, int32_t val)
{
    if (2 * (m->n + 1) > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 1024;
        int64_t *k = malloc(cap * sizeof *k);
        int32_t *v = malloc(cap * sizeof *v);
        if (!k || !v) {
            free(k);
            free(v);
            return -1;
        }
        memset(v, 0xFF, cap * sizeof *v);
        for (size_t i = 0; i < m->cap; i++) {
            if (m->val[i] < 0)
                continue;
            size_t j = (size_t)m->key[i] & (cap - 1);
            while (v[j] >= 0)
                j = (j + 1) & (cap - 1);
            k[j] = m->key[i];
            v[j] = m->val[i];
        }
        free(m->key);
        free(m->val);
        m->key = k;
        m->val = v;
        m->cap = cap;
    }
    size_t j = (size_t)key & (m->cap - 1);
    while (m->val[j] >= 0)
        j = (j + 1) & (m->cap - 1);
    m->key[j] = key;
    m->val[j] = val;
    m->n++;
    return 0;
}

static void kmap_clear(struct kmap *m)
{
    if (m->n)
        memset(m->val, 0xFF, m->cap * sizeof *m->val);
    m->n = 0;
}

static void kmap_release(struct kmap *m)
{
    free(m->key);
    free(m->val);
    memset(m, 0, sizeof *m);
}

int memo_init(struct sim_memo *m)
{
    memset(m, 0, sizeof *m);
    m->sigs = calloc(SIM_SIGS, sizeof *m->sigs);
    return m->sigs ? 0 : -1;
}

void memo_release(struct sim_memo *m)
{
    free(m->pend);
    kmap_release(&m->pend_at);
    kmap_release(&m->full);
    free(m->fullid);
    free(m->sigs);
    free(m->rows);
    memset(m, 0, sizeof *m);
}

int memo_pend_add(struct sim_memo *m, int64_t key, long long id)
{
    if (m->npend == m->cappend) {
        size_t cap = m->cappend ? m->cappend * 2 : 4096;
        struct pend *p = realloc(m->pend, cap * sizeof *p);
        if (!p)
            return -1;
        m->pend = p;
        m->cappend = cap;
    }
    int32_t *last = kmap_get(&m->pend_at, key);
    m->pend[m->npend] = (struct pend){key, id, last ? *last : -1};
    if (last)
        *last = (int32_t)m->npend;
    else if (kmap_put(&m->pend_at, key, (int32_t)m->npend))
        return -1;
    m->npend++;
    return 0;
}

int32_t memo_pend_last(const struct sim_memo *m, int64_t key)
{
    const int32_t *last = kmap_get(&m->pend_at, key);
    return last ? *last : -1;
}

static int cmp_pend(const void *a, const void *b)
{
    const struct pend *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

void memo_pend_sort(struct sim_memo *m)
{
    if (m->npend > 1)
        qsort(m->pend, m->npend, sizeof *m->pend, cmp_pend);
    kmap_clear(&m->pend_at); /* the chains no longer hold */
}

void memo_pend_clear(struct sim_memo *m)
{
    m->npend = 0;
    kmap_clear(&m->pend_at);
}

const long long *memo_full(const struct sim_memo *m, int64_t key)
{
    const int32_t *at = kmap_get(&m->full, key);
    return at ? m->fullid + *at : NULL;
}

int memo_full_put(struct sim_memo *m, int64_t key, int band, const struct brow *rows, size_t n)
{
    if (m->full.n >= SIM_FULL_MAX)
        return 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += rows[i].band == band;
    if (m->nfullid + k + 1 > m->capfullid) {
        size_t cap = m->capfullid ? m->capfullid * 2 : 4096;
        while (cap < m->nfullid + k + 1)
            cap *= 2;
        long long *p = realloc(m->fullid, cap * sizeof *p);
        if (!p)
            return -1;
        m->fullid = p;
        m->capfullid = cap;
    }
    if (kmap_put(&m->full, key, (int32_t)m->nfullid))
        return -1;
    m->fullid[m->nfullid++] = (long long)k;
    for (size_t i = 0; i < n; i++)
        if (rows[i].band == band)
            m->fullid[m->nfullid++] = rows[i].id;
    return 0;
}

int memo_row_add(struct sim_memo *m, size_t *n, int band, long long id)
{
    if (*n == m->caprows) {
        size_t cap = m->caprows ? m->caprows * 2 : 256;
        struct brow *p = realloc(m->rows, cap * sizeof *p);
        if (!p)
            return -1;
        m->rows = p;
        m->caprows = cap;
    }
    m->rows[(*n)++] = (struct brow){band, id};
    return 0;
}

struct sig_slot *memo_sig(struct sim_memo *m, long long id)
{
    return &m->sigs[(unsigned long long)id % SIM_SIGS];
}

void memo_sigs_clear(struct sim_memo *m)
{
    memset(m->sigs, 0, SIM_SIGS * sizeof *m->sigs);
}
