#ifndef DAFU_WEB_URL_H
#define DAFU_WEB_URL_H
/*
 * web_url: URLs as the web server reads and writes them: percent-decoding with
 * checks (a bad escape, a NUL byte or text that is not UTF-8 is refused), the
 * query string split into named values, and percent-encoding for the links the
 * pages carry.
 *
 * Ownership: struct web_args owns its keys and values; web_args_release frees
 * them. Strings it hands out live until then.
 */
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"

struct web_arg {
    char *key; /* decoded name */
    char *val; /* decoded value, valid UTF-8 without NUL bytes */
};

struct web_args {
    struct web_arg *v;
    size_t n;
};

#define WEB_ARGS_INIT                                                                              \
    {                                                                                              \
        NULL, 0                                                                                    \
    }

/* Appends the percent-decoding of s[0..len) to out; with `plus`, '+' stands for a
 * space (query strings). Returns 0, or -1 with d set (DIAG_USAGE) when an escape
 * is not %XX with two hex digits, the result holds a NUL byte or is not UTF-8,
 * and out is then left as it was. `what` names the part for the message. */
int web_url_decode(const char *s, size_t len, int plus, const char *what, struct buf *out,
                   struct diag *d);

/* Parses a query string (the part after '?', without '#') into a. Empty pairs
 * (a&&b) are skipped; a repeated name keeps its last value. Returns 0, or -1 with
 * d set (DIAG_USAGE) on a bad name or value. Release a with web_args_release
 * either way. */
int web_args_parse(struct web_args *a, const char *qs, size_t len, struct diag *d);
void web_args_release(struct web_args *a);

/* The value of `key`, or NULL when it is absent or empty (a form's blank field). */
const char *web_args_get(const struct web_args *a, const char *key);

/* Appends s percent-encoded for a path segment or a query value: every byte but
 * A-Z a-z 0-9 - . _ ~ becomes %XX. Returns 0 or -1 on allocation failure. */
int web_url_encode(struct buf *b, const char *s);

#endif
