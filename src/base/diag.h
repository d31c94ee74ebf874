#ifndef DAFU_DIAG_H
#define DAFU_DIAG_H
/*
 * struct diag: where library code leaves an error message instead of printing.
 *
 * Library functions that fail return a negative value and, when given a diag,
 * describe the failure in it (lower-case, no final full stop, subject first in
 * quotes). The caller decides whether and where to print it. A diag holds one
 * message; a later error replaces an earlier one.
 */
#include "base/buf.h"

struct diag {
    struct buf msg; /* the last error, empty when none */
    int code;       /* a DIAG_* kind of the last error */
};

enum {
    DIAG_OK = 0,
    DIAG_ERROR = 1,   /* a data or system error */
    DIAG_USAGE = 2,   /* the caller asked for something impossible */
    DIAG_NOTFOUND = 3 /* what was asked for does not exist */
};

#define DIAG_INIT                                                                                  \
    {                                                                                              \
        BUF_INIT, DIAG_OK                                                                          \
    }

void diag_init(struct diag *d);
void diag_release(struct diag *d);
void diag_clear(struct diag *d);
/* Records a message and returns -1, so callers can `return diag_error(d, ...)`.
 * d may be NULL. */
int diag_error(struct diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* As diag_error, with a DIAG_* kind. */
int diag_set(struct diag *d, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The message, "" when none. */
const char *diag_msg(const struct diag *d);

#endif
