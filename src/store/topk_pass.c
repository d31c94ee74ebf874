/* topk_pass: the skyline of a term's hits, and the hits of new letters read
 * from their text (see topk_int.h). */
#include "store/topk_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/varint.h"
#include "fts/fts_tok.h"

int topk_entries_add(struct entries *v, long long id, uint32_t tf, uint32_t len)
{
    if (ARRAY_RESERVE(v->e, v->cap, v->n + 1, 16))
        return -1;
    v->e[v->n++] = (struct entry){id, tf, len};
    return 0;
}

static uint64_t topk_get_u(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* The packed layout of reply_top.best (schema/032_top_packed.sql): TOPK_PACKED,
 * the number of entries, then each entry's id, and its frequency and length as
 * the difference from the entry before (zigzag: an order of frequency, highest
 * first, then length, makes them mostly one byte), each a varint of 7 bits a
 * byte, the lowest first. A blob whose length is a multiple of ENTRY_BYTES is
 * the fixed layout of earlier versions: the packed one is given a byte more
 * when it would be one (read as nothing). */
#define TOPK_PACKED 0x01

static uint64_t zigzag(int64_t d)
{
    return ((uint64_t)d << 1) ^ (uint64_t)(d >> 63);
}

static int64_t unzigzag(uint64_t z)
{
    return (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
}

/* Writes entries e[0..n) at out, each frequency and length as the difference
 * from the one before (tf and len for the first), and returns the bytes. */
static size_t put_entries(unsigned char *out, const struct entry *e, size_t n, int64_t tf,
                          int64_t len)
{
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        at += varint_put(out + at, (uint64_t)e[i].id);
        at += varint_put(out + at, zigzag((int64_t)e[i].tf - tf));
        at += varint_put(out + at, zigzag((int64_t)e[i].len - len));
        tf = e[i].tf;
        len = e[i].len;
    }
    return at;
}

size_t topk_encode(const struct entries *v, unsigned char *out)
{
    if (!v->n)
        return 0;
    size_t at = 0;
    out[at++] = TOPK_PACKED;
    at += varint_put(out + at, v->n);
    at += put_entries(out + at, v->e, v->n, 0, 0);
    if (at % ENTRY_BYTES == 0)
        out[at++] = 0;
    return at;
}

size_t topk_append_parts(const struct topk_packed *p, const struct entries *add,
                         unsigned char *head, size_t *nhead, unsigned char *tail)
{
    size_t at = 0;
    head[at++] = TOPK_PACKED;
    at += varint_put(head + at, p->n + add->n);
    *nhead = at;
    size_t nt = put_entries(tail, add->e, add->n, p->tf, p->len);
    if ((at + p->end - p->start + nt) % ENTRY_BYTES == 0)
        tail[nt++] = 0;
    return nt;
}

/* Makes room in v for want entries. Returns 0 or -1. */
static int entries_room(struct entries *v, size_t want)
{
    if (want <= v->cap)
        return 0;
    struct entry *p = realloc(v->e, want * sizeof *p);
    if (!p)
        return -1;
    v->e = p;
    v->cap = want;
    return 0;
}

int topk_decode(const unsigned char *blob, int nbytes, struct entries *v)
{
    return topk_decode_at(blob, nbytes, v, NULL);
}

int topk_decode_at(const unsigned char *blob, int nbytes, struct entries *v, struct topk_packed *p)
{
    size_t nb = nbytes > 0 ? (size_t)nbytes : 0;
    if (p)
        memset(p, 0, sizeof *p);
    if (nb % ENTRY_BYTES) { /* packed */
        size_t at = 1;
        unsigned long long n, id, tf, len;
        int64_t ptf = 0, plen = 0;
        if (blob[0] != TOPK_PACKED || varint_get_at(blob, nb, &at, &n) || n > nb ||
            entries_room(v, v->n + (size_t)n))
            return -1;
        size_t start = at;
        for (uint64_t i = 0; i < n; i++) {
            if (varint_get_at(blob, nb, &at, &id))
                return -1;
            /* Most frequencies and lengths differ from the entry before by
             * less than 64: a byte each, read at once. */
            if (at + 2 <= nb && !((blob[at] | blob[at + 1]) & 0x80)) {
                tf = blob[at];
                len = blob[at + 1];
                at += 2;
            } else if (varint_get_at(blob, nb, &at, &tf) || varint_get_at(blob, nb, &at, &len))
                return -1;
            ptf += unzigzag(tf);
            plen += unzigzag(len);
            v->e[v->n++] = (struct entry){(long long)id, (uint32_t)ptf, (uint32_t)plen};
        }
        if (p)
            *p = (struct topk_packed){(size_t)n, 0, start, at, (uint32_t)ptf, (uint32_t)plen};
        return 0;
    }
    if (entries_room(v, v->n + nb / ENTRY_BYTES))
        return -1;
    for (size_t i = 0; i + ENTRY_BYTES <= nb; i += ENTRY_BYTES)
        if (topk_entries_add(v, (long long)topk_get_u(blob + i, 8),
                             (uint32_t)topk_get_u(blob + i + 8, 4),
                             (uint32_t)topk_get_u(blob + i + 12, 4)))
            return -1;
    return 0;
}

/* ---- the skyline: hits that fewer than TOPK_DEPTH others beat ---- */

int topk_by_tf_len(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    if (x->tf != y->tf)
        return x->tf > y->tf ? -1 : 1;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* 1 when x comes before y in the order of topk_by_tf_len. */
static inline int entry_before(const struct entry *x, const struct entry *y)
{
    if (x->tf != y->tf)
        return x->tf > y->tf;
    if (x->len != y->len)
        return x->len < y->len;
    return x->id < y->id;
}

/* Sorts e[0..n) by topk_by_tf_len through tmp[0..n): a merge sort with the
 * comparison inlined (qsort's call a comparison was a third of a refresh). */
static void sort_entries(struct entry *e, struct entry *tmp, size_t n)
{
    if (n <= 12) {
        for (size_t i = 1; i < n; i++) {
            struct entry x = e[i];
            size_t j = i;
            for (; j > 0 && entry_before(&x, &e[j - 1]); j--)
                e[j] = e[j - 1];
            e[j] = x;
        }
        return;
    }
    size_t h = n / 2;
    sort_entries(e, tmp, h);
    sort_entries(e + h, tmp, n - h);
    if (!entry_before(&e[h], &e[h - 1]))
        return; /* in order already */
    memcpy(tmp, e, h * sizeof *e);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        e[k++] = entry_before(&e[j], &tmp[i]) ? e[j++] : tmp[i++];
    while (i < h)
        e[k++] = tmp[i++];
}

/* Sorts a[0..n) ascending, a byte at a time (least significant first), through
 * tmp[0..n); a byte that every value shares is skipped (lengths rarely pass
 * 65,535 tokens, so two passes). qsort took half of a skyline's time. */
static void sort_u32(uint32_t *a, uint32_t *tmp, size_t n)
{
    uint32_t all_or = 0, all_and = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        all_or |= a[i];
        all_and &= a[i];
    }
    for (int shift = 0; shift < 32; shift += 8) {
        if ((((all_or ^ all_and) >> shift) & 0xFF) == 0)
            continue; /* every value has this byte */
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[((a[i] >> shift) & 0xFF) + 1]++;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            tmp[count[(a[i] >> shift) & 0xFF]++] = a[i];
        memcpy(a, tmp, n * sizeof *a);
    }
}

size_t topk_in_order(const struct entries *v)
{
    size_t sorted = 1;
    while (sorted < v->n && entry_before(&v->e[sorted - 1], &v->e[sorted]))
        sorted++;
    return v->n ? sorted : 0;
}

/* topk_order of v, whose first `sorted` entries are in order (topk_in_order). */
static int order_from(struct entries *v, size_t sorted)
{
    if (sorted >= v->n)
        return 0;
    struct entry *tmp = malloc(v->n * sizeof *tmp);
    if (!tmp)
        return -1;
    sort_entries(v->e + sorted, tmp, v->n - sorted);
    memcpy(tmp, v->e, sorted * sizeof *tmp);
    size_t i = 0, j = sorted, k = 0;
    while (i < sorted && j < v->n)
        v->e[k++] = entry_before(&v->e[j], &tmp[i]) ? v->e[j++] : tmp[i++];
    while (i < sorted)
        v->e[k++] = tmp[i++];
    free(tmp);
    return 0;
}

int topk_order(struct entries *v)
{
    /* A kept row's entries come in order but for those appended since its last
     * cut (refresh_term), and a pass appends new hits to a cut, which is in
     * order: the entries after the first out of order are sorted alone, then
     * merged with the ones before them. */
    return order_from(v, topk_in_order(v));
}

/* Keeps in v the entries that fewer than TOPK_DEPTH others beat: tf' >= tf and
 * len' <= len, not both equal. In order of tf (highest first), a Fenwick tree
 * over the lengths counts the entries of higher tf that are no longer; within
 * one tf, the entries sorted by length before it that are strictly shorter. */
int topk_skyline(struct entries *v)
{
    if (v->n <= TOPK_DEPTH)
        return 0;
    if (topk_order(v))
        return -1;
    uint32_t *lens = malloc(v->n * sizeof *lens);
    uint32_t *tree = calloc(v->n + 1, sizeof *tree);
    if (!lens || !tree) {
        free(lens);
        free(tree);
        return -1;
    }
    for (size_t i = 0; i < v->n; i++)
        lens[i] = v->e[i].len;
    sort_u32(lens, tree, v->n); /* the tree, all zeros, lends its room */
    memset(tree, 0, (v->n + 1) * sizeof *tree);
    size_t nl = 0;
    for (size_t i = 0; i < v->n; i++)
        if (!nl || lens[nl - 1] != lens[i])
            lens[nl++] = lens[i];
    size_t kept = 0;
    size_t i = 0;
    while (i < v->n) {
        uint32_t tf = v->e[i].tf;
        size_t j = i;
        while (j < v->n && v->e[j].tf == tf)
            j++;
        /* [i, j) share one tf, sorted by length; entries are compacted to
         * [0, kept) as they are decided (kept <= k, so nothing unread moves). */
        size_t shorter = 0; /* entries of this tf strictly shorter than e[k] */
        uint32_t prev_len = 0;
        size_t group_kept = kept;
        for (size_t k = i; k < j; k++) {
            struct entry e = v->e[k];
            if (k > i && e.len != prev_len)
                shorter = k - i;
            prev_len = e.len;
            size_t lo = 0, hi = nl;
            while (lo < hi) { /* lo: how many distinct lengths are <= e.len */
                size_t mid = (lo + hi) / 2;
                if (lens[mid] <= e.len)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            size_t beaten = shorter;
            for (size_t p = lo; p > 0; p -= p & (~p + 1))
                beaten += tree[p];
            if (beaten < TOPK_DEPTH)
                v->e[kept++] = e;
        }
        /* The group's kept entries beat those of lower tf that are no shorter.
         * (Counting only kept entries decides the same: an entry beaten by one
         * that was dropped is beaten by the TOPK_DEPTH that beat it.) */
        for (size_t k = group_kept; k < kept; k++) {
            size_t lo = 0, hi = nl;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (lens[mid] < v->e[k].len)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t p = lo + 1; p <= nl; p += p & (~p + 1))
                tree[p]++;
        }
        i = j;
    }
    v->n = kept;
    free(lens);
    free(tree);
    return 0;
}

uint64_t topk_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* ---- the hits of the new letters, read from their text ---- */

/* A kept term's hits among the new letters could be read from FTS5, one query a
 * term, but FTS5 reads a term's whole doclist to find its newest rows: at
 * 100,000 letters that was 2.4 M instructions a term, three quarters of an
 * import of 1,000 letters. Tokenizing the new letters once, as FTS5 did when it
 * indexed them, gives every kept term's hits at a cost per letter. The weighted
 * frequency is the one dafu_tf computes (topk_terms.c); the lengths are read
 * from the index (struct lengths). */

/* A term's entries are cut to its skyline when they have grown by half as many
 * as there were after the last cut, and this many; each hit is sorted a few
 * times at most. */
#define PASS_SLACK 32

size_t topk_next_cut(size_t cut)
{
    return cut + cut / 2 + PASS_SLACK;
}

/* The number of entries at which t is cut next. */
static size_t next_cut(const struct pterm *t)
{
    return topk_next_cut(t->cut);
}

/* The blocks that hold n entries. */
static size_t blocks_of(size_t n)
{
    return (n + PASS_BLOCK - 1) / PASS_BLOCK;
}

/* Appends an entry to t's blocks, with a block more (a spare one, else a new
 * one) when its last is full. Returns 0 or -1. */
static int pterm_add(struct pass *p, struct pterm *t, long long id, uint32_t tf, uint32_t len)
{
    if (t->n % PASS_BLOCK == 0) {
        struct pblock *b = p->spare;
        if (b)
            p->spare = b->next;
        else if (!(b = malloc(sizeof *b)))
            return -1;
        b->next = NULL;
        if (t->tail)
            t->tail->next = b;
        else
            t->head = b;
        t->tail = b;
    }
    t->tail->e[t->n % PASS_BLOCK] = (struct entry){id, tf, len};
    t->n++;
    return 0;
}

/* Gives t's blocks past the first `keep` back to the pass. */
static void pterm_keep_blocks(struct pass *p, struct pterm *t, size_t keep)
{
    struct pblock **at = &t->head, *last = NULL;
    for (size_t i = 0; i < keep && *at; i++) {
        last = *at;
        at = &(*at)->next;
    }
    while (*at) {
        struct pblock *b = *at;
        *at = b->next;
        b->next = p->spare;
        p->spare = b;
    }
    t->tail = last;
}

/* t's entries in p->whole. Returns it, or NULL when out of memory. */
static struct entries *gather(struct pass *p, const struct pterm *t)
{
    struct entries *w = &p->whole;
    if (t->n > w->cap) {
        struct entry *e = realloc(w->e, t->n * sizeof *e);
        if (!e)
            return NULL;
        p->bytes += (t->n - w->cap) * sizeof *e;
        w->e = e;
        w->cap = t->n;
    }
    w->n = 0;
    for (const struct pblock *b = t->head; b && w->n < t->n; b = b->next) {
        size_t k = t->n - w->n < PASS_BLOCK ? t->n - w->n : PASS_BLOCK;
        memcpy(w->e + w->n, b->e, k * sizeof *b->e);
        w->n += k;
    }
    return w;
}

const struct entries *topk_pterm_entries(struct pass *p, const struct pterm *t)
{
    return gather(p, t);
}

/* Merges the lengths of a run of entries of one frequency, e[0..n) (shortest
 * first), into the k shortest lengths seen, shortest[0..*k) (ascending), keeping
 * TOPK_DEPTH of them at most. */
static void shortest_merge(uint32_t *shortest, size_t *k, const struct entry *e, size_t n)
{
    /* The lengths below the run's shortest stay where they are. */
    size_t lo = 0, hi = *k;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (shortest[mid] <= e[0].len)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == TOPK_DEPTH)
        return; /* none of the run is shorter than the longest kept */
    uint32_t tmp[TOPK_DEPTH];
    size_t a = lo, g = 0, m = 0;
    while (lo + m < TOPK_DEPTH && (a < *k || g < n))
        tmp[m++] = g < n && (a == *k || e[g].len < shortest[a]) ? e[g++].len : shortest[a++];
    memcpy(shortest + lo, tmp, m * sizeof *tmp);
    *k = lo + m;
}

/* Cuts t's entries to their skyline and computes its floor. Returns 0 or -1. */
/* Computes t's floor from entries e[0..n), sorted by topk_by_tf_len. Returns 0
 * or -1. */
static int floor_of(struct pterm *t, const struct entry *e, size_t n)
{
    t->nfloor = 0;
    if (n < TOPK_DEPTH)
        return 0; /* nothing is beaten TOPK_DEPTH times */
    /* One floor a frequency, and one (frequency 0, below every hit's) for the
     * entries of every frequency. */
    size_t nf = 1;
    for (size_t i = 0; i < n; i++)
        nf += !i || e[i].tf != e[i - 1].tf;
    uint32_t *ft = realloc(t->floor_tf, nf * sizeof *ft);
    if (ft)
        t->floor_tf = ft;
    uint32_t *fl = realloc(t->floor_len, nf * sizeof *fl);
    if (fl)
        t->floor_len = fl;
    if (!ft || !fl)
        return -1;
    /* The TOPK_DEPTH shortest lengths of the frequencies before, in order: a
     * frequency's entries come shortest first, so each run is merged in at
     * once rather than each of its entries put through a heap. */
    uint32_t shortest[TOPK_DEPTH];
    size_t k = 0;
    for (size_t i = 0; i <= n;) {
        uint32_t tf = i < n ? e[i].tf : 0;
        t->floor_tf[t->nfloor] = tf;
        t->floor_len[t->nfloor++] = k == TOPK_DEPTH ? shortest[k - 1] : UINT32_MAX;
        if (i == n)
            break;
        size_t j = i;
        while (j < n && e[j].tf == tf)
            j++;
        shortest_merge(shortest, &k, e + i, j - i);
        i = j;
    }
    return 0;
}

/* Brings p->bytes up to date with t's entries and floor. */
static void account(struct pass *p, struct pterm *t)
{
    size_t b = blocks_of(t->n) * sizeof(struct pblock) + t->nfloor * 2 * sizeof *t->floor_tf;
    p->bytes = p->bytes - t->bytes + b;
    t->bytes = b;
}

int topk_pterm_cut(struct pass *p, struct pterm *t)
{
    struct entries *w = gather(p, t);
    if (!w)
        return -1;
    if (w->n > TOPK_DEPTH) {
        if (topk_skyline(w)) /* sorts them by by_tf_len */
            return -1;
    } else if (w->n > 1)
        qsort(w->e, w->n, sizeof *w->e, topk_by_tf_len);
    /* The entries kept, back into the first of t's blocks. */
    size_t i = 0;
    for (struct pblock *b = t->head; b && i < w->n; b = b->next) {
        size_t k = w->n - i < PASS_BLOCK ? w->n - i : PASS_BLOCK;
        memcpy(b->e, w->e + i, k * sizeof *b->e);
        i += k;
    }
    pterm_keep_blocks(p, t, blocks_of(w->n));
    t->n = t->cut = w->n;
    /* A term kept already keeps the floor of its kept entries, which the
     * new hits of one import seldom raise. */
    int rc = t->seeded ? 0 : floor_of(t, w->e, w->n);
    account(p, t);
    return rc;
}

int topk_pterm_seed(struct pass *p, struct pterm *t, const unsigned char *blob, int nblob)
{
    struct entries k = {0};
    int rc = topk_decode_at(blob, nblob, &k, &t->kept);
    t->kept.in_order = topk_in_order(&k);
    if (!rc) {
        /* A kept row's entries are stored in order but for those appended
         * since its last cut, a few. */
        rc = order_from(&k, t->kept.in_order);
        if (!rc)
            rc = floor_of(t, k.e, k.n);
    }
    t->seeded = 1;
    free(k.e);
    account(p, t);
    return rc;
}

/* 1 when a hit (tf, len), tf > 0, is beaten by TOPK_DEPTH of t's entries with a
 * higher frequency: it can never be kept, nor make another entry lose its place
 * (whatever it beats, they beat too). */
static int topk_pterm_below(const struct pterm *t, uint32_t tf, uint32_t len)
{
    if (!t->nfloor)
        return 0;
    /* The first floor of a frequency <= tf: the entries before it are those of
     * a higher frequency. */
    size_t lo = 0, hi = t->nfloor - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->floor_tf[mid] > tf)
            lo = mid + 1;
        else
            hi = mid;
    }
    return t->floor_len[lo] <= len;
}

/* Makes room for n terms. Returns 0 or -1. */
int topk_pass_init(struct pass *p, size_t n)
{
    memset(p, 0, sizeof *p);
    p->cap = 16;
    while (p->cap < 2 * n + 2)
        p->cap *= 2;
    p->s = calloc(p->cap, sizeof *p->s);
    p->t = calloc(n ? n : 1, sizeof *p->t);
    p->touched = malloc((n ? n : 1) * sizeof *p->touched);
    p->letter = -1;
    return p->s && p->t && p->touched ? 0 : -1;
}

size_t topk_pass_find(const struct pass *p, const char *key, size_t n)
{
    uint64_t h = topk_hash(key, n);
    size_t i = h & (p->cap - 1);
    while (p->s[i].key) {
        if (p->s[i].hash == h && p->s[i].len == n && !memcmp(p->s[i].key, key, n))
            return p->s[i].term;
        i = (i + 1) & (p->cap - 1);
    }
    return SIZE_MAX;
}

/* Gives t's entries back to the pass (not its floor, which stays true of the
 * same letters). */
static void drop_entries(struct pass *p, struct pterm *t)
{
    pterm_keep_blocks(p, t, 0);
    t->head = t->tail = NULL;
    t->n = t->cut = 0;
    account(p, t);
}

void topk_pterm_done(struct pass *p, struct pterm *t)
{
    drop_entries(p, t);
    free(t->floor_tf);
    free(t->floor_len);
    t->floor_tf = t->floor_len = NULL;
    t->nfloor = 0;
    account(p, t);
    t->state = PTERM_DONE;
}

size_t topk_pass_again(struct pass *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nt; i++) {
        struct pterm *t = &p->t[i];
        if (t->state != PTERM_SHED)
            continue;
        t->state = PTERM_ACTIVE;
        t->hits = 0;
        t->last = -1;
        t->tf = 0;
        n++;
    }
    return n;
}

/* Sheds the later half of the active terms: they are read again by another
 * run. A floor a shed term keeps is still true (the hits that made it are read
 * again), and prunes the same hits then. */
static void shed(struct pass *p)
{
    size_t active = 0;
    for (size_t i = 0; i < p->nt; i++)
        active += p->t[i].state == PTERM_ACTIVE;
    size_t n = active / 2;
    for (size_t i = p->nt; i-- > 0 && n;) {
        struct pterm *t = &p->t[i];
        if (t->state != PTERM_ACTIVE)
            continue;
        drop_entries(p, t);
        t->state = PTERM_SHED;
        p->nshed++;
        n--;
    }
}

void topk_pass_free(struct pass *p)
{
    for (size_t i = 0; i < p->nt; i++) {
        drop_entries(p, &p->t[i]);
        free(p->t[i].floor_tf);
        free(p->t[i].floor_len);
    }
    while (p->spare) {
        struct pblock *b = p->spare;
        p->spare = b->next;
        free(b);
    }
    free(p->whole.e);
    free(p->s);
    free(p->t);
    free(p->touched);
}

/* Adds term `key` (kept by the caller) and returns its number. */
size_t topk_pass_add(struct pass *p, const char *key)
{
    size_t n = strlen(key);
    uint64_t h = topk_hash(key, n);
    size_t i = h & (p->cap - 1);
    while (p->s[i].key) {
        if (p->s[i].hash == h && p->s[i].len == n && !memcmp(p->s[i].key, key, n))
            return p->s[i].term;
        i = (i + 1) & (p->cap - 1);
    }
    p->s[i] = (struct pslot){key, n, p->nt, h};
    p->t[p->nt].last = -1;
    return p->nt++;
}

static int topk_on_pass_token(void *ctx, int tflags, const char *t, int n, int s, int e)
{
    struct pass *p = ctx;
    (void)tflags;
    (void)s;
    (void)e;
    uint64_t h = topk_hash(t, (size_t)n);
    size_t i = h & (p->cap - 1);
    while (p->s[i].key) {
        if (p->s[i].hash == h && p->s[i].len == (size_t)n && !memcmp(p->s[i].key, t, (size_t)n)) {
            struct pterm *pt = &p->t[p->s[i].term];
            if (pt->state != PTERM_ACTIVE)
                return 0;
            if (pt->last != p->letter) {
                pt->last = p->letter;
                pt->tf = 0;
                p->touched[p->ntouched++] = p->s[i].term;
            }
            pt->tf += p->weight;
            return 0;
        }
        i = (i + 1) & (p->cap - 1);
    }
    return 0;
}

static int pass_touched(struct db *db, struct pass *p, long long id, const struct lengths *lens,
                        struct diag *d);

/* Adds the hits of letter id, whose terms are lt[0..n), to the active terms
 * of p among them. Returns 0 or -1 with d set. */
static int pass_letter(struct db *db, struct pass *p, long long id, const struct lterm *lt,
                       size_t n, const struct lengths *lens, struct diag *d)
{
    p->letter = id;
    p->ntouched = 0;
    for (size_t k = 0; k < n; k++) {
        uint64_t h = lt[k].hash;
        for (size_t i = h & (p->cap - 1); p->s[i].key; i = (i + 1) & (p->cap - 1)) {
            if (p->s[i].hash != h || p->s[i].len != lt[k].len ||
                memcmp(p->s[i].key, lt[k].key, lt[k].len))
                continue;
            struct pterm *pt = &p->t[p->s[i].term];
            if (pt->state == PTERM_ACTIVE) {
                pt->last = id;
                pt->tf = lt[k].tf;
                p->touched[p->ntouched++] = p->s[i].term;
            }
            break;
        }
    }
    return pass_touched(db, p, id, lens, d);
}

/* Adds letter id's hits to the terms it touched (p->touched). Returns 0 or -1
 * with d set. */
static int pass_touched(struct db *db, struct pass *p, long long id, const struct lengths *lens,
                        struct diag *d)
{
    if (!p->ntouched)
        return 0;
    if (id <= lens->base || (size_t)(id - lens->base) > lens->n ||
        lens->len[id - lens->base - 1] == UINT32_MAX)
        return diag_error(d, "database '%s': reply %lld has no length in the index", db_path(db),
                          id);
    uint32_t len = lens->len[id - lens->base - 1];
    for (size_t i = 0; i < p->ntouched; i++) {
        struct pterm *pt = &p->t[p->touched[i]];
        pt->hits++;
        if (topk_pterm_below(pt, pt->tf, len))
            continue;
        if (pterm_add(p, pt, id, pt->tf, len) || (pt->n >= next_cut(pt) && topk_pterm_cut(p, pt)))
            return diag_error(d, "out of memory");
        if (pt->n % PASS_BLOCK == 1)
            account(p, pt);
    }
    if (p->budget && p->bytes > p->budget)
        shed(p);
    return 0;
}

/* Reads the letters with after < id <= upto (or those of rec) and adds each
 * term's hits among them to its entries (those not below its floor), cut to the
 * term's skyline as they grow. A letter of c's sample is tokenized once, into
 * its terms (struct lterms), for the sample and the pass; the others' tokens
 * are looked up as they come. Returns 0 or -1 with d set. */
int topk_pass_run(struct db *db, struct pass *p, long long after, long long upto,
                  const struct lengths *lens, const struct lrecord *rec, struct counter *c,
                  struct diag *d)
{
    p->nshed = 0;
    if (rec) {
        for (size_t j = 0; j < rec->nl; j++)
            if (pass_letter(db, p, rec->l[j].id, rec->t + rec->l[j].start, rec->l[j].n, lens, d))
                return -1;
        return 0;
    }
    sqlite3_stmt *st = NULL;
    struct lterms L = {0};
    int rc = -1;
    if (sqlite3_prepare_v2(db_sqlite(db),
                           "SELECT id, title, department, delegates, text FROM reply "
                           "WHERE id > ?1 AND id <= ?2",
                           -1, &st, NULL) != SQLITE_OK) {
        diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
        goto done;
    }
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_int64(st, 2, upto);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        const char *col[4];
        int ncol[4];
        for (int k = 0; k < 4; k++) {
            col[k] = (const char *)sqlite3_column_text(st, k + 1);
            ncol[k] = sqlite3_column_bytes(st, k + 1);
        }
        if (c && topk_sampled(c, id)) {
            if (topk_lterms_read(&L, col, ncol)) {
                diag_error(d, "out of memory");
                goto done;
            }
            if (topk_sample_letter(c, id, &L, d) ||
                (p->nt && pass_letter(db, p, id, L.t, L.n, lens, d)))
                goto done;
            continue;
        }
        if (!p->nt)
            continue;
        p->letter = id;
        p->ntouched = 0;
        for (int k = 0; k < 4; k++) {
            p->weight = topk_col_weight[k];
            if (col[k])
                fts_tok_run(col[k], ncol[k], FTS_TOK_DOCUMENT, topk_on_pass_token, p);
        }
        if (pass_touched(db, p, id, lens, d))
            goto done;
    }
    if (s != SQLITE_DONE) {
        diag_error(d, "database '%s': reading the letters: %s", db_path(db),
                   sqlite3_errmsg(db_sqlite(db)));
        goto done;
    }
    rc = 0;
done:
    topk_lterms_free(&L);
    sqlite3_finalize(st);
    return rc;
}
