/* util: helpers the C unit tests share (see util.h). */
#include "util.h"

#include <stdio.h>

#include "base/buf.h"

char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b = BUF_INIT;
    char tmp[8192];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        buf_add(&b, tmp, n);
    fclose(f);
    *len = b.len;
    return buf_detach(&b);
}
