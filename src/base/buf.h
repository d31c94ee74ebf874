#ifndef DAFU_BUF_H
#define DAFU_BUF_H
/*
 * struct buf: a growable byte buffer whose failures stick.
 *
 * Invariants: `data` is never NULL after buf_init (it points at a shared empty
 * string until the first growth) and data[len] is always '\0', so the contents
 * can be used as a C string when they hold no NUL. `max`, when non-zero, caps
 * len.
 *
 * Failures stick: an append that cannot be made (allocation failure, or the cap)
 * returns -1, leaves the contents as they were and marks the buffer failed; every
 * later append is then a no-op that returns -1. So a text is built by a run of
 * appends whose results need not be looked at, and checked once, with
 * buf_failed(), where it is used (before it is sent, bound or written). A failed
 * buffer holds a text with a piece missing: never use it as if it were whole.
 * buf_release and buf_clear start a new text and forget the failure; buf_detach
 * of a failed buffer returns NULL.
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
    int failed;   /* an append failed: the contents are not whole */
};

extern char buf_empty[];
#define BUF_INIT                                                                                   \
    {                                                                                              \
        buf_empty, 0, 0, 0, 0                                                                      \
    }

void buf_init(struct buf *b, size_t max);
/* Frees the contents and leaves an empty buffer, not failed. Accepts a released buffer. */
void buf_release(struct buf *b);
/* Empties the buffer, keeping its memory, and forgets a failure. */
void buf_clear(struct buf *b);
/* Whether an append failed since the buffer was last initialised, released or cleared. */
static inline int buf_failed(const struct buf *b)
{
    return b->failed;
}
/* Marks the buffer failed, as a failed append would: for a text that takes in a part
 * built elsewhere whose building failed. */
void buf_fail(struct buf *b);
/* Makes room for `extra` more bytes. Returns 0, or -1 (and the buffer is failed) on
 * cap or allocation failure, or when it had failed already. */
int buf_grow(struct buf *b, size_t extra);
/* Appends. Each returns 0, or -1 when the buffer is (now) failed. */
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* v as a varint of 7 bits a byte, the lowest first (base/varint.h) */
int buf_add_varint(struct buf *b, unsigned long long v);
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Shortens the buffer to `len` bytes (no-op when already shorter). A failure stays. */
void buf_truncate(struct buf *b, size_t len);
/* Returns the contents as a malloc'd string the caller frees; the buffer is left empty
 * and not failed. Returns NULL when the buffer had failed or allocation fails. */
char *buf_detach(struct buf *b);
/* Removes leading and trailing ASCII whitespace (a NUL is none). */
void buf_trim(struct buf *b);

/* For tests: the function every buffer allocates with (realloc's contract), or NULL
 * for realloc itself. Not thread-safe: set it while no buffer is in use elsewhere. */
void buf_set_allocator(void *(*fn)(void *ptr, size_t size));

#endif
