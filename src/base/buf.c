/* buf: growable NUL-terminated byte buffer (see buf.h for the invariants). */
#include "base/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/varint.h"

char buf_empty[1];

static void *(*buf_realloc)(void *, size_t) = realloc;

void buf_set_allocator(void *(*fn)(void *ptr, size_t size))
{
    buf_realloc = fn ? fn : realloc;
}

void buf_init(struct buf *b, size_t max)
{
    b->data = buf_empty;
    b->len = 0;
    b->alloc = 0;
    b->max = max;
    b->failed = 0;
}

void buf_release(struct buf *b)
{
    if (b->alloc)
        free(b->data);
    buf_init(b, b->max);
}

void buf_clear(struct buf *b)
{
    b->len = 0;
    b->failed = 0;
    if (b->alloc)
        b->data[0] = '\0';
}

static int fail(struct buf *b)
{
    b->failed = 1;
    return -1;
}

void buf_fail(struct buf *b)
{
    b->failed = 1;
}

int buf_grow(struct buf *b, size_t extra)
{
    if (b->failed)
        return -1;
    if (b->max && (extra > b->max || b->len > b->max - extra))
        return fail(b);
    if (extra >= SIZE_MAX / 2 - b->len)
        return fail(b);
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return 0;
    size_t n = b->alloc ? b->alloc : 64;
    while (n < need)
        n *= 2;
    char *p = buf_realloc(b->alloc ? b->data : NULL, n);
    if (!p)
        return fail(b);
    if (!b->alloc)
        p[0] = '\0';
    b->data = p;
    b->alloc = n;
    return 0;
}

int buf_add(struct buf *b, const void *data, size_t len)
{
    if (buf_grow(b, len))
        return -1;
    if (len)
        memmove(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int buf_adds(struct buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

int buf_addch(struct buf *b, int c)
{
    char ch = (char)c;
    return buf_add(b, &ch, 1);
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0 && !b->failed)
        return fail(b);
    if (n < 0 || buf_grow(b, (size_t)n))
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void buf_truncate(struct buf *b, size_t len)
{
    if (len >= b->len)
        return;
    b->len = len;
    b->data[len] = '\0';
}

char *buf_detach(struct buf *b)
{
    if (b->failed) {
        buf_release(b);
        return NULL;
    }
    char *s = b->alloc ? b->data : strdup("");
    buf_init(b, b->max);
    return s;
}

void buf_trim(struct buf *b)
{
    size_t start = 0;
    size_t end = b->len;
    /* b->data[i] tested first: strchr finds a NUL too (the string's end) */
    while (start < end && b->data[start] && strchr(" \t\r\n\f\v", b->data[start]))
        start++;
    while (end > start && b->data[end - 1] && strchr(" \t\r\n\f\v", b->data[end - 1]))
        end--;
    if (start)
        memmove(b->data, b->data + start, end - start);
    buf_truncate(b, end - start);
}

int buf_add_varint(struct buf *b, unsigned long long v)
{
    unsigned char bytes[VARINT_MAX];
    return buf_add(b, bytes, varint_put(bytes, v));
}
