/* memo: what a comparison pass keeps in memory (see memo.h). */
#include "similar/memo.h"

#include <stdlib.h>
#include <string.h>

#include "base/array.h"

int32_t *kmap_get(const struct kmap *m, int64_t key)
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

/* Makes room for n keys in all (the map at most half full). */
static int kmap_reserve(struct kmap *m, size_t n)
{
    if (2 * n > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 1024;
        while (cap < 2 * n)
            cap *= 2;
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
    return 0;
}

int kmap_put(struct kmap *m, int64_t key, int32_t val)
{
    if (kmap_reserve(m, m->n + 1))
        return -1;
    size_t j = (size_t)key & (m->cap - 1);
    while (m->val[j] >= 0)
        j = (j + 1) & (m->cap - 1);
    m->key[j] = key;
    m->val[j] = val;
    m->n++;
    return 0;
}

void kmap_clear(struct kmap *m)
{
    if (m->n)
        memset(m->val, 0xFF, m->cap * sizeof *m->val);
    m->n = 0;
}

void kmap_release(struct kmap *m)
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
    memo_filter_clear(m);
    kmap_release(&m->known);
    free(m->kn);
    memset(m, 0, sizeof *m);
}

int memo_pend_add(struct sim_memo *m, int64_t key, long long id)
{
    if (ARRAY_RESERVE(m->pend, m->cappend, m->npend + 1, 4096))
        return -1;
    int32_t *last = kmap_get(&m->pend_at, key);
    m->pend[m->npend] = (struct pend){key, id, last ? *last : -1};
    if (last)
        *last = (int32_t)m->npend;
    else if (kmap_put(&m->pend_at, key, (int32_t)m->npend))
        return -1;
    m->npend++;
    return 0;
}

int memo_pend_reserve(struct sim_memo *m, size_t n)
{
    return ARRAY_RESERVE(m->pend, m->cappend, n, 4096) || kmap_reserve(&m->pend_at, n) ? -1 : 0;
}

int32_t memo_pend_last(const struct sim_memo *m, int64_t key)
{
    const int32_t *last = kmap_get(&m->pend_at, key);
    return last ? *last : -1;
}

static uint64_t pend_ukey(const struct pend *p)
{
    return (uint64_t)p->key ^ 0x8000000000000000ULL; /* in order of the signed key */
}

/* Sorts p[0..n) by key and id in place, by the key's bytes from the one at
 * shift down (an American flag pass each: counted, then each row swapped
 * into its byte's place), the rows of a byte sorted by the next; a few, or
 * those of one key, by insertion. No copy of the rows is made: a bands_write
 * sorts up to SIM_RECENT_MAX of them (3 MB), and a copy of them was the
 * largest block the import allocated there, beside the filter at its peak. */
static void pend_sort(struct pend *p, size_t n, int shift)
{
    if (n <= 32 || shift < 0) {
        for (size_t i = 1; i < n; i++) {
            struct pend v = p[i];
            size_t j = i;
            while (j > 0 &&
                   (p[j - 1].key > v.key || (p[j - 1].key == v.key && p[j - 1].id > v.id))) {
                p[j] = p[j - 1];
                j--;
            }
            p[j] = v;
        }
        return;
    }
    size_t count[256] = {0};
    for (size_t i = 0; i < n; i++)
        count[(pend_ukey(&p[i]) >> shift) & 0xFF]++;
    if (count[(pend_ukey(&p[0]) >> shift) & 0xFF] == n) {
        pend_sort(p, n, shift - 8); /* every key has this byte */
        return;
    }
    size_t next[256], end[256], at = 0;
    for (int k = 0; k < 256; k++) {
        next[k] = at;
        at += count[k];
        end[k] = at;
    }
    for (int k = 0; k < 256; k++) {
        while (next[k] < end[k]) {
            struct pend v = p[next[k]];
            int d = (int)((pend_ukey(&v) >> shift) & 0xFF);
            while (d != k) {
                struct pend t = p[next[d]];
                p[next[d]++] = v;
                v = t;
                d = (int)((pend_ukey(&v) >> shift) & 0xFF);
            }
            p[next[k]++] = v;
        }
    }
    for (int k = 0; k < 256; k++)
        if (count[k] > 1)
            pend_sort(p + end[k] - count[k], count[k], shift - 8);
}

void memo_pend_sort(struct sim_memo *m)
{
    kmap_clear(&m->pend_at); /* the chains no longer hold */
    pend_sort(m->pend, m->npend, 56);
}

void memo_pend_clear(struct sim_memo *m)
{
    m->npend = 0;
    kmap_clear(&m->pend_at);
}

const int32_t *memo_full(const struct sim_memo *m, int64_t key)
{
    const int32_t *at = kmap_get(&m->full, key);
    return at ? m->fullid + *at : NULL;
}

int memo_full_put(struct sim_memo *m, int64_t key, int band, const struct brow *rows, size_t n)
{
    if (m->full.n >= SIM_FULL_MAX)
        return 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].band == band && (rows[i].id < 0 || rows[i].id > INT32_MAX))
            return 0; /* not kept: its rows are read */
        k += rows[i].band == band;
    }
    if (ARRAY_RESERVE(m->fullid, m->capfullid, m->nfullid + k + 1, 4096))
        return -1;
    if (kmap_put(&m->full, key, (int32_t)m->nfullid))
        return -1;
    m->fullid[m->nfullid++] = (int32_t)k;
    for (size_t i = 0; i < n; i++)
        if (rows[i].band == band)
            m->fullid[m->nfullid++] = (int32_t)rows[i].id;
    return 0;
}

int memo_row_add(struct sim_memo *m, size_t *n, int band, long long id)
{
    if (ARRAY_RESERVE(m->rows, m->caprows, *n + 1, 256))
        return -1;
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

static uint32_t key_fp(int64_t key)
{
    return (uint32_t)((uint64_t)key >> 32);
}

/* Sorts a[0..n) (radix, 8 bits a pass) with tmp of n; drops repeats; returns
 * how many are left. */
static size_t fp_sort(uint32_t *a, uint32_t *tmp, size_t n)
{
    uint32_t *x = a, *y = tmp;
    for (int shift = 0; shift < 32; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((x[i] >> shift) & 0xFF) + 1]++;
        for (int k = 0; k < 256; k++)
            count[k + 1] += count[k];
        for (size_t i = 0; i < n; i++)
            y[count[(x[i] >> shift) & 0xFF]++] = x[i];
        uint32_t *t = x;
        x = y;
        y = t;
    }
    /* four passes: the result is in a */
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (!w || a[w - 1] != a[i])
            a[w++] = a[i];
    return w;
}

void memo_filter_clear(struct sim_memo *m)
{
    free(m->filter.lo);
    free(m->filter.at);
    free(m->filter.raw);
    memset(&m->filter, 0, sizeof m->filter);
}

int memo_filter_push(struct sim_memo *m, int64_t key)
{
    struct kfilter *f = &m->filter;
    if (f->nraw >= SIM_FILTER_MAX || ARRAY_RESERVE(f->raw, f->capraw, f->nraw + 1, 4096)) {
        memo_filter_clear(m);
        return -1;
    }
    f->raw[f->nraw++] = key_fp(key);
    return 0;
}

int memo_filter_seal(struct sim_memo *m)
{
    struct kfilter *f = &m->filter;
    size_t n = f->nraw;
    uint32_t *tmp = malloc((n ? n : 1) * sizeof *tmp);
    uint32_t *at = malloc((SIM_FILTER_RUNS + 1) * sizeof *at);
    if (!tmp || !at) {
        free(tmp);
        free(at);
        memo_filter_clear(m);
        return -1;
    }
    n = n ? fp_sort(f->raw, tmp, n) : 0;
    free(tmp);
    if (ARRAY_RESERVE(f->lo, f->cap, n ? n : 1, 4096)) {
        free(at);
        memo_filter_clear(m);
        return -1;
    }
    size_t h = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t x = f->raw[i];
        while (h <= x >> 16)
            at[h++] = (uint32_t)i;
        f->lo[i] = (uint16_t)x;
    }
    while (h <= SIM_FILTER_RUNS)
        at[h++] = (uint32_t)n;
    free(f->raw);
    f->raw = NULL;
    f->nraw = f->capraw = 0;
    free(f->at);
    f->at = at;
    f->n = n;
    f->valid = 1;
    return 0;
}

/* Is x (a key's high 32 bits) in the valid filter f? */
static int filter_has(const struct kfilter *f, uint32_t x)
{
    uint16_t y = (uint16_t)x;
    size_t lo = f->at[x >> 16], hi = f->at[(x >> 16) + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->lo[mid] < y)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->at[(x >> 16) + 1] && f->lo[lo] == y;
}

/* The t-th largest value of the waiting rows (sorted by signed key, neg of
 * them below 0: theirs are the largest values, in order, before the rest). */
static uint32_t pend_fp_down(const struct sim_memo *m, size_t neg, size_t t)
{
    return key_fp(m->pend[t < neg ? neg - 1 - t : m->npend - 1 - (t - neg)].key);
}

int memo_filter_add_pend(struct sim_memo *m)
{
    struct kfilter *f = &m->filter;
    if (!f->valid || !m->npend)
        return 0;
    size_t np = m->npend, neg = 0, k = 0;
    for (size_t i = 1; i < np; i++)
        if (m->pend[i - 1].key > m->pend[i].key) {
            memo_pend_sort(m);
            break;
        }
    while (neg < np && m->pend[neg].key < 0)
        neg++;
    /* The values new to the filter, each once, counted first: no copy of
     * them is made, and the filter is forgotten before it would pass
     * SIM_FILTER_MAX. */
    for (size_t t = 0; t < np; t++) {
        uint32_t x = pend_fp_down(m, neg, t);
        if ((!t || x != pend_fp_down(m, neg, t - 1)) && !filter_has(f, x))
            k++;
    }
    if (!k)
        return 0;
    if (f->n + k > SIM_FILTER_MAX || ARRAY_RESERVE(f->lo, f->cap, f->n + k, 4096)) {
        memo_filter_clear(m);
        return -1;
    }
    /* Merged from the end, in place, a run at a time from the last: j new
     * values are left to place, all in the runs before; the old ones of
     * runs before the last new value stay where they are. */
    size_t w = f->n + k, j = k, t = 0, e = f->n;
    f->at[SIM_FILTER_RUNS] = (uint32_t)(f->n + k);
    for (size_t h = SIM_FILTER_RUNS; h-- > 0 && j > 0;) {
        size_t a = f->at[h], i = e;
        for (; t < np; t++) {
            uint32_t x = pend_fp_down(m, neg, t);
            if (x >> 16 != h)
                break;
            if (t && x == pend_fp_down(m, neg, t - 1))
                continue;
            uint16_t y = (uint16_t)x;
            while (i > a && f->lo[i - 1] > y)
                f->lo[--w] = f->lo[--i];
            if (i > a && f->lo[i - 1] == y)
                continue; /* there already */
            f->lo[--w] = y;
            j--;
        }
        while (i > a && w != i)
            f->lo[--w] = f->lo[--i];
        f->at[h] = (uint32_t)(a + j);
        e = a;
    }
    f->n += k;
    return 0;
}

int memo_filter_may(const struct sim_memo *m, int64_t key)
{
    return !m->filter.valid || filter_has(&m->filter, key_fp(key));
}

/* In the known map a value is its last row + 1 (0: no row yet). */
int memo_is_known(const struct sim_memo *m, int64_t key)
{
    return kmap_get(&m->known, key) != NULL;
}

int32_t memo_known(const struct sim_memo *m, int64_t key)
{
    const int32_t *at = kmap_get(&m->known, key);
    return at ? *at - 1 : -1;
}

static int known_row(struct sim_memo *m, int32_t *head, long long id)
{
    if (ARRAY_RESERVE(m->kn, m->capkn, m->nkn + 1, 4096))
        return -1;
    m->kn[m->nkn] = (struct known_row){id, *head - 1};
    *head = (int32_t)++m->nkn;
    return 0;
}

int memo_known_put(struct sim_memo *m, int64_t key, int band, const struct brow *rows, size_t n)
{
    int32_t head = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].band == band && known_row(m, &head, rows[i].id))
            return -1;
    return kmap_put(&m->known, key, head);
}

int memo_known_add(struct sim_memo *m, int64_t key, long long id)
{
    int32_t *at = kmap_get(&m->known, key);
    return at ? known_row(m, at, id) : 0;
}

void memo_known_clear(struct sim_memo *m)
{
    kmap_clear(&m->known);
    m->nkn = 0;
}

void memo_cand_sort(struct sim_cand *c, struct sim_cand *tmp, size_t n)
{
    if (n <= 32) {
        for (size_t i = 1; i < n; i++) {
            struct sim_cand v = c[i];
            size_t j = i;
            while (j > 0 && c[j - 1].id > v.id) {
                c[j] = c[j - 1];
                j--;
            }
            c[j] = v;
        }
        return;
    }
    uint64_t all = ~0ULL, any = 0;
    for (size_t i = 0; i < n; i++) {
        all &= (uint64_t)c[i].id;
        any |= (uint64_t)c[i].id;
    }
    uint64_t differ = all ^ any; /* ids are not negative */
    struct sim_cand *x = c, *y = tmp;
    for (int shift = 0; shift < 64; shift += 8) {
        if (!((differ >> shift) & 0xFF))
            continue;
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[(((uint64_t)x[i].id >> shift) & 0xFF) + 1]++;
        for (int k = 0; k < 256; k++)
            count[k + 1] += count[k];
        for (size_t i = 0; i < n; i++)
            y[count[((uint64_t)x[i].id >> shift) & 0xFF]++] = x[i];
        struct sim_cand *t = x;
        x = y;
        y = t;
    }
    if (x != c)
        memcpy(c, x, n * sizeof *c);
}

int marks_add(struct id_marks *m, long long id)
{
    if (id < 0 || id >= SIM_MARKS_MAX)
        return 1;
    size_t w = (size_t)(id >> 6);
    if (w >= m->cap) {
        size_t cap = m->cap ? m->cap : 1024;
        while (cap <= w)
            cap *= 2;
        uint64_t *p = realloc(m->w, cap * sizeof *p);
        if (!p)
            return -1;
        memset(p + m->cap, 0, (cap - m->cap) * sizeof *p);
        m->w = p;
        m->cap = cap;
    }
    uint64_t bit = (uint64_t)1 << (id & 63);
    if (m->w[w] & bit)
        return 0;
    m->w[w] |= bit;
    return 1;
}

void marks_sort(struct id_marks *m, long long *ids, size_t n)
{
    size_t past = 0;
    for (size_t i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= SIM_MARKS_MAX)
            ids[past++] = ids[i];
    size_t k = n - past;
    if (past) /* ids may be NULL when n is 0 */
        memmove(ids + k, ids, past * sizeof *ids);
    size_t at = 0;
    for (size_t w = 0; w < m->cap && at < k; w++) {
        uint64_t x = m->w[w];
        m->w[w] = 0;
        while (x) {
            ids[at++] = (long long)(w << 6) + __builtin_ctzll(x);
            x &= x - 1;
        }
    }
}

void marks_release(struct id_marks *m)
{
    free(m->w);
    memset(m, 0, sizeof *m);
}
