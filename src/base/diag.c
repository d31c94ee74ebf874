/* diag: error messages carried back to the caller (see diag.h). */
#include "base/diag.h"

#include <stdarg.h>

void diag_init(struct diag *d)
{
    buf_init(&d->msg, 0);
    d->code = DIAG_OK;
}

void diag_release(struct diag *d)
{
    buf_release(&d->msg);
    d->code = DIAG_OK;
}

void diag_clear(struct diag *d)
{
    buf_clear(&d->msg);
    d->code = DIAG_OK;
}

static void diag_vset(struct diag *d, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void diag_vset(struct diag *d, int code, const char *fmt, va_list ap)
{
    if (!d)
        return;
    buf_clear(&d->msg);
    buf_vprintf(&d->msg, fmt, ap);
    d->code = code;
}

int diag_error(struct diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vset(d, DIAG_ERROR, fmt, ap);
    va_end(ap);
    return -1;
}

int diag_set(struct diag *d, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vset(d, code, fmt, ap);
    va_end(ap);
    return -1;
}

const char *diag_msg(const struct diag *d)
{
    return buf_failed(&d->msg) ? "out of memory" : d->msg.data;
}
