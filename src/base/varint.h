#ifndef DAFU_VARINT_H
#define DAFU_VARINT_H
/*
 * Unsigned LEB128 varints, as the archive's packed rows hold their numbers:
 * 7 bits a byte, the lowest first, the high bit set on every byte but the last.
 * A value takes at most VARINT_MAX bytes. And SQLite's varints (varint_sqlite_get),
 * which the full-text index's own tables hold: another order of the same bits, so
 * that either reads a number past 127 of the other as another number.
 */
#include <stddef.h>

#define VARINT_MAX 10

/* Writes v at out (VARINT_MAX bytes of room). Returns the bytes written. */
static inline size_t varint_put(unsigned char *out, unsigned long long v)
{
    size_t n = 0;
    for (; v >= 0x80; v >>= 7)
        out[n++] = (unsigned char)((v & 0x7F) | 0x80);
    out[n++] = (unsigned char)v;
    return n;
}

/* Reads the varint at *p (before end) into *v and moves *p past it. Returns 0,
 * or -1 when it runs past end or past 64 bits. */
static inline int varint_get(const unsigned char **p, const unsigned char *end,
                             unsigned long long *v)
{
    unsigned long long x = 0;
    for (int shift = 0; *p < end && shift < 64; shift += 7) {
        unsigned char c = *(*p)++;
        x |= (unsigned long long)(c & 0x7F) << shift;
        if (!(c & 0x80)) {
            *v = x;
            return 0;
        }
    }
    return -1;
}

/* varint_get for the varint at p[*at] of p[0..n): moves *at past it. */
static inline int varint_get_at(const unsigned char *p, size_t n, size_t *at, unsigned long long *v)
{
    const unsigned char *q = p + *at;
    int rc = varint_get(&q, p + n, v);
    *at = (size_t)(q - p);
    return rc;
}

/* SQLite's varint (as its records and FTS5's hold their numbers: 7 bits a
 * byte, the highest first, the high bit set on every byte but the last, a
 * ninth byte taken whole) at p[*at] of p[0..n): moves *at past it. Returns 0,
 * or -1 when it runs past n. */
static inline int varint_sqlite_get(const unsigned char *p, size_t n, size_t *at,
                                    unsigned long long *v)
{
    unsigned long long x = 0;
    for (size_t i = *at, k = 0; i < n; i++, k++) {
        unsigned char c = p[i];
        if (k == 8 || !(c & 0x80)) {
            *v = k == 8 ? (x << 8) | c : (x << 7) | c;
            *at = i + 1;
            return 0;
        }
        x = (x << 7) | (c & 0x7F);
    }
    return -1;
}

/* The sum of the SQLite varints of p[0..n) (a row of FTS5's %_docsize: its
 * columns' lengths in tokens); a varint cut short at the end adds nothing. */
static inline unsigned long long varint_sqlite_sum(const unsigned char *p, size_t n)
{
    unsigned long long total = 0, v;
    size_t i = 0;
    while (i < n && !varint_sqlite_get(p, n, &i, &v))
        total += v;
    return total;
}

#endif
