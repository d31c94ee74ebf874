#ifndef DAFU_ARRAY_H
#define DAFU_ARRAY_H
/*
 * ARRAY_RESERVE: room in a growable array of any element type.
 *
 * ARRAY_RESERVE(v, cap, need, first) makes the array v (a pointer to its first
 * element, NULL while it has none) of cap elements (a size_t lvalue) hold at
 * least need: when need > cap, v is reallocated to `first` elements (cap 0) or
 * twice cap, doubled again until need fits, and cap is set. Returns 0, or -1
 * when memory runs out or the size does not fit a size_t; v and cap are then as
 * they were, and still the caller's to free.
 *
 *     if (ARRAY_RESERVE(x->v, x->cap, x->n + 1, 16))
 *         return -1;
 *     x->v[x->n++] = id;
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline int array_reserve(void *vp, size_t *cap, size_t need, size_t size, size_t first)
{
    size_t c = *cap ? *cap : (first ? first : 1);
    if (*cap) {
        if (c > SIZE_MAX / 2)
            return -1;
        c *= 2;
    }
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return -1;
        c *= 2;
    }
    if (c > SIZE_MAX / size)
        return -1;
    void *v;
    memcpy(&v, vp, sizeof v);
    v = realloc(v, c * size);
    if (!v)
        return -1;
    memcpy(vp, &v, sizeof v);
    *cap = c;
    return 0;
}

#define ARRAY_RESERVE(v, cap, need, first)                                                         \
    ((size_t)(need) <= (cap) ? 0 : array_reserve(&(v), &(cap), (need), sizeof *(v), (first)))

/* The index of the element of v[0..n) whose uint32_t member at byte offset off
 * equals key, in an array sorted by that member; n when there is none. */
static inline size_t array_find_u32(const void *v, size_t n, size_t size, size_t off, uint32_t key)
{
    const unsigned char *base = v;
    size_t lo = 0;
    size_t hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t k;
        memcpy(&k, base + mid * size + off, sizeof k);
        if (k < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n) {
        uint32_t k;
        memcpy(&k, base + lo * size + off, sizeof k);
        if (k == key)
            return lo;
    }
    return n;
}

/* ARRAY_FIND_U32(v, n, field, key): the index of the element of v[0..n), sorted
 * by its uint32_t member `field`, whose field is key; n when there is none.
 *
 *     size_t i = ARRAY_FIND_U32(table, count, from, cp);
 *     return i < count ? table[i].to : cp;
 */
#define ARRAY_FIND_U32(v, n, field, key)                                                           \
    array_find_u32((v), (n), sizeof *(v), (size_t)((const char *)&(v)->field - (const char *)(v)), \
                   (key))

#endif
