#ifndef DAFU_BUF_H
#define DAFU_BUF_H
/*
 * struct buf: a growable byte buffer.
 *
 * Invariants: `data` is never NULL after buf_init (it points at a shared empty
 * string until the first growth) and data[len] is always '\0', so the contents
 * can be used as a C string when they hold no NUL. `max`, when non-zero, caps
 * len: an append that would pass it fails with -1 and leaves the buffer as it was.
 *
 * Ownership: the buffer owns `data`; buf_release frees it, buf_detach hands it
 * to the caller, who frees it with free().
 */
#include <stdarg.h>
#include <stddef.h>

struct buf {
    char *data;   /* contents, NUL-terminated */
    size_t len;   /* bytes used, excluding the terminator */
    size_t alloc; /* bytes allocated; 0 while data is the shared empty string */
    size_t max;   /* cap on len, 0 for none */
};

extern char buf_empty[];
#define BUF_INIT                                                                                   \
    {                                                                                              \
        buf_empty, 0, 0, 0                                                                         \
    }

void buf_init(struct buf *b, size_t max);
/* Frees the contents and leaves an empty buffer. Accepts a released buffer. */
void buf_release(struct buf *b);
/* Empties the buffer, keeping its memory. */
void buf_clear(struct buf *b);
/* Makes room for `extra` more bytes. Returns 0, or -1 on cap or allocation failure. */
int buf_grow(struct buf *b, size_t extra);
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Shortens the buffer to `len` bytes (no-op when already shorter). */
void buf_truncate(struct buf *b, size_t len);
/* Returns the contents as a malloc'd string the caller frees; the buffer is left empty.
 * Never returns NULL unless allocation fails. */
char *buf_detach(struct buf *b);
/* Removes leading and trailing ASCII whitespace. */
void buf_trim(struct buf *b);

#endif
