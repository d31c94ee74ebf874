/* highlight_han: a snippet's phrases found by their first characters' bytes,
 * 16 or 32 bytes at a time (see highlight_int.h). */
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
/* hq_column_han reads 32 bytes at a time where the processor has AVX2 (the
 * build does not assume it: the function is built for it apart and chosen when
 * the program runs). */
#if defined(__SSE2__) && defined(__x86_64__) && defined(__GNUC__)
#define HQ_AVX2 1
#include <immintrin.h>
#endif

#include "fts/highlight_int.h"

#if defined(__SSE2__)
/* The characters of z[0..n) at i + each bit of m that may start an instance
 * (hq_column_han's bytes): read, the rest of a phrase followed. Returns 0, or
 * -1 when memory runs out. */
static int hq_bits(struct highlight_query *q, const char *z, int n, size_t i, unsigned m)
{
    const unsigned char *u = (const unsigned char *)z;
    while (m) {
        size_t p = i + (size_t)__builtin_ctz(m);
        m &= m - 1;
        /* Inline, what most bytes come to: a needle, and a character of
         * three bytes met before whose fold holds no first character. */
        unsigned b = u[p];
        if (b < 0xC0)
            continue;
        if (b >= 0xE4 && b <= 0xE9) {
            if ((size_t)n - p < 3)
                continue;
            int k = 0;
            while (k < q->nneedle && (q->needle[k].b[0] != b || q->needle[k].b[1] != u[p + 1] ||
                                      q->needle[k].b[2] != u[p + 2]))
                k++;
            if (k == q->nneedle)
                continue;
            uint32_t f = q->needle[k].first;
            if (hq_at(q, z, n, (int)p, (int)p + 3, &f, 1))
                return -1;
            continue;
        }
        if ((b & 0xF0) == 0xE0 && (size_t)n - p >= 3) {
            uint32_t cp = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(u[p + 1] & 0x3F) << 6) |
                          (u[p + 2] & 0x3F);
            if ((u[p + 1] & 0xC0) == 0x80 && (u[p + 2] & 0xC0) == 0x80 &&
                q->other_none[cp & 255] == cp + 1)
                continue;
        }
        if (hq_byte(q, z, n, p))
            return -1;
    }
    return 0;
}
#endif

#if defined(__SSE2__)
/* What hq_scan's blocks are read for, copied from the query (so that the
 * loop keeps it in registers while hq_bits changes the query): the lead bytes
 * of the clean blocks (clean_3000, clean_ff00), or 0 (no lead byte) for a
 * block not clean, and the needles' three bytes. */
struct hq_lead {
    unsigned char e3, ef;
    int nneedle;
    unsigned char first[HQ_MAX_NEEDLES], second[HQ_MAX_NEEDLES], third[HQ_MAX_NEEDLES];
};

/* 32 bytes as one vector (GCC's vector extensions: 2 x 16 bytes in SSE2,
 * one register in AVX2), and a vector of tests' results (-1 or 0 a byte). */
typedef unsigned char hq_v32 __attribute__((vector_size(32)));
typedef signed char hq_m32 __attribute__((vector_size(32)));

/* The bytes of one block of 32 at `at` to read, by byte: the lead bytes
 * outside E4-E9 (at or above C0) but those of the clean blocks, and the
 * needles, by their three bytes (by the second alone, the byte before every
 * byte that is a needle's second was read). */
static inline __attribute__((always_inline)) void hq_test(const struct hq_lead *k,
                                                          const unsigned char *at, hq_m32 *out)
{
    hq_v32 v, v1, v2;
    memcpy(&v, at, sizeof v);
    memcpy(&v1, at + 1, sizeof v1);
    memcpy(&v2, at + 2, sizeof v2);
    hq_m32 clean = ((v == k->e3) & (v1 == 0x80)) | ((v == k->ef) & ((v1 | 1) == 0xBD));
    hq_m32 hit = (v >= 0xC0) & ~((hq_v32)(v - 0xE4) <= 5) & ~clean;
    for (int i = 0; i < k->nneedle; i++)
        hit |= (v == k->first[i]) & (v1 == k->second[i]) & (v2 == k->third[i]);
    *out = hit;
}

/* hq_test as a mask of 32 bits. */
typedef unsigned (*hq_mask_fn)(const struct hq_lead *k, const unsigned char *at);

static unsigned hq_mask_sse2(const struct hq_lead *k, const unsigned char *at)
{
    hq_m32 hit;
    hq_test(k, at, &hit);
    __m128i lo, hi;
    memcpy(&lo, &hit, 16);
    memcpy(&hi, (const char *)&hit + 16, 16);
    return (unsigned)_mm_movemask_epi8(lo) | (unsigned)_mm_movemask_epi8(hi) << 16;
}

/* hq_column_han 32 bytes at a time, each block's bytes to read by mask. The
 * last bytes (fewer than 34: a short column is all of them) are read from a
 * copy with zeros after them, which start nothing and are no needle's
 * bytes. */
static inline __attribute__((always_inline)) int hq_scan(struct highlight_query *q, const char *z,
                                                         int n, hq_mask_fn mask)
{
    const unsigned char *u = (const unsigned char *)z;
    struct hq_lead k = {
        q->clean_3000 ? 0xE3 : 0, q->clean_ff00 ? 0xEF : 0, q->nneedle, {0}, {0}, {0}};
    for (int i = 0; i < q->nneedle; i++) {
        k.first[i] = q->needle[i].b[0];
        k.second[i] = q->needle[i].b[1];
        k.third[i] = q->needle[i].b[2];
    }
    unsigned char last[64];
    for (size_t i = 0; i < (size_t)n; i += 32) {
        const unsigned char *at = u + i;
        unsigned keep = ~0u;
        if (i + 34 > (size_t)n) {
            size_t rest = (size_t)n - i;
            memset(last, 0, sizeof last);
            memcpy(last, at, rest);
            at = last;
            keep = rest >= 32 ? ~0u : (1u << rest) - 1;
        }
        unsigned m = mask(&k, at) & keep;
        if (m && hq_bits(q, z, n, i, m))
            return -1;
    }
    return 0;
}

static int hq_column_han_sse2(struct highlight_query *q, const char *z, int n)
{
    return hq_scan(q, z, n, hq_mask_sse2);
}
#endif

#if defined(HQ_AVX2)
/* hq_mask_sse2 in one register. */
__attribute__((target("avx2"))) static unsigned hq_mask_avx2(const struct hq_lead *k,
                                                             const unsigned char *at)
{
    hq_m32 hit;
    hq_test(k, at, &hit);
    return (unsigned)_mm256_movemask_epi8((__m256i)hit);
}

__attribute__((target("avx2"))) static int hq_column_han_avx2(struct highlight_query *q,
                                                              const char *z, int n)
{
    return hq_scan(q, z, n, hq_mask_avx2);
}
#endif

int hq_column_han(struct highlight_query *q, const char *z, int n)
{
#if defined(HQ_AVX2)
    if (!q->narrow && __builtin_cpu_supports("avx2"))
        return hq_column_han_avx2(q, z, n);
#endif
#if defined(__SSE2__)
    return hq_column_han_sse2(q, z, n);
#else
    for (size_t i = 0; i < (size_t)n; i++) {
        unsigned b = (unsigned char)z[i];
        if (b >= 0xC0 && hq_byte(q, z, n, i))
            return -1;
    }
    return 0;
#endif
}
