#ifndef DAFU_SLOTS_H
#define DAFU_SLOTS_H
/*
 * slots: a hash index of the entries of an array the caller keeps (open
 * addressing, linear probing). A slot holds an entry's place in the array + 1,
 * 0 when empty; the table has a power of two of slots and is at most half
 * full. The caller keeps the entries, appends them at the end and never takes
 * one out; it says what an entry's hash is (to place the entries again when the
 * table grows) and which entry is the one looked for.
 *
 *     if (slots_room(&s, n, 16, hash_of, v))     room for one more than n
 *         return -1;
 *     size_t *at = slots_find(&s, h, same, &key);
 *     if (*at)
 *         return &v[*at - 1];                    there
 *     v[n] = key;                                added
 *     *at = ++n;
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

struct slots {
    size_t *slot; /* cap slots: place + 1, or 0 */
    size_t cap;   /* a power of two, or 0 before the first slots_room */
};
#define SLOTS_INIT                                                                                 \
    {                                                                                              \
        NULL, 0                                                                                    \
    }

/* FNV-1a (64 bits) of p[0..len), and of the C string s (the same value). */
static inline size_t slots_hash(const void *p, size_t len)
{
    size_t h = (size_t)14695981039346656037ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ ((const unsigned char *)p)[i]) * (size_t)1099511628211ULL;
    return h;
}

static inline size_t slots_hash_str(const char *s)
{
    size_t h = (size_t)14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * (size_t)1099511628211ULL;
    return h;
}

/* slots_room makes room for entry n when the table holds entries 0..n-1: when
 * n + 1 entries would fill more than half of it, it grows to `first` slots
 * (the first time; rounded up to a power of two) or twice its size, doubled
 * again until they fill half at most, and entries 0..n-1 are placed again by
 * hash_of(ctx, i). Returns 0, or -1 when memory runs out (the table as it
 * was). slots_grow is its part that grows. All is inline, so that the caller's
 * hash_of and same are inlined too. */
static inline int slots_grow(struct slots *s, size_t n, size_t first,
                             size_t (*hash_of)(const void *ctx, size_t i), const void *ctx)
{
    if (n >= SIZE_MAX / 4)
        return -1;
    size_t need = 2 * (n + 1);
    if (need <= s->cap)
        return 0;
    size_t cap = s->cap ? 2 * s->cap : 1;
    while (!s->cap && cap < first)
        cap *= 2; /* a power of two, whatever first is */
    while (cap < need)
        cap *= 2;
    size_t *slot = calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t j = hash_of(ctx, i) & (cap - 1);
        while (slot[j])
            j = (j + 1) & (cap - 1);
        slot[j] = i + 1;
    }
    free(s->slot);
    s->slot = slot;
    s->cap = cap;
    return 0;
}
static inline int slots_room(struct slots *s, size_t n, size_t first,
                             size_t (*hash_of)(const void *ctx, size_t i), const void *ctx)
{
    return n < s->cap / 2 ? 0 : slots_grow(s, n, first, hash_of, ctx);
}

/* The slot of hash h that holds the entry i for which same(ctx, i) is true,
 * else the empty slot where such an entry goes (*result is 0). The table must
 * have room (slots_room), so that an empty slot ends every search. */
static inline size_t *slots_find(const struct slots *s, size_t h,
                                 int (*same)(const void *ctx, size_t i), const void *ctx)
{
    size_t mask = s->cap - 1;
    size_t j = h & mask;
    while (s->slot[j] && !same(ctx, s->slot[j] - 1))
        j = (j + 1) & mask;
    return &s->slot[j];
}

/* Frees the table; s is empty again (SLOTS_INIT). */
static inline void slots_release(struct slots *s)
{
    free(s->slot);
    s->slot = NULL;
    s->cap = 0;
}

#endif
