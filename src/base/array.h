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

#endif
