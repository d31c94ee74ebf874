/* web_url: percent-decoding, query strings and percent-encoding (see web_url.h). */
#include "web/web_url.h"

#include <stdlib.h>
#include <string.h>

#include "text/text.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int web_url_decode(const char *s, size_t len, int plus, const char *what, struct buf *out,
                   struct diag *d)
{
    size_t start = out->len;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            int hi = i + 1 < len ? hexval(s[i + 1]) : -1;
            int lo = i + 2 < len ? hexval(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                buf_truncate(out, start);
                return diag_set(d, DIAG_USAGE, "%s has a bad %% escape", what);
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (plus && c == '+') {
            c = ' ';
        }
        if (c == '\0') {
            buf_truncate(out, start);
            return diag_set(d, DIAG_USAGE, "%s holds a NUL byte", what);
        }
        if (buf_addch(out, c)) {
            buf_truncate(out, start);
            return diag_error(d, "out of memory");
        }
    }
    if (!utf8_valid(out->data + start, out->len - start)) {
        buf_truncate(out, start);
        return diag_set(d, DIAG_USAGE, "%s is not valid UTF-8", what);
    }
    return 0;
}

void web_args_release(struct web_args *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->v[i].key);
        free(a->v[i].val);
    }
    free(a->v);
    a->v = NULL;
    a->n = 0;
}

/* Stores key=val, replacing an earlier value of the same key; takes both. */
static int args_put(struct web_args *a, char *key, char *val)
{
    for (size_t i = 0; i < a->n; i++) {
        if (!strcmp(a->v[i].key, key)) {
            free(key);
            free(a->v[i].val);
            a->v[i].val = val;
            return 0;
        }
    }
    struct web_arg *p = realloc(a->v, (a->n + 1) * sizeof *p);
    if (!p) {
        free(key);
        free(val);
        return -1;
    }
    a->v = p;
    a->v[a->n].key = key;
    a->v[a->n].val = val;
    a->n++;
    return 0;
}

int web_args_parse(struct web_args *a, const char *qs, size_t len, struct diag *d)
{
    struct buf key = BUF_INIT;
    struct buf val = BUF_INIT;
    size_t i = 0;
    int rc = -1;
    while (i < len) {
        size_t end = i;
        while (end < len && qs[end] != '&')
            end++;
        size_t eq = i;
        while (eq < end && qs[eq] != '=')
            eq++;
        if (end > i) {
            buf_clear(&key);
            buf_clear(&val);
            if (web_url_decode(qs + i, eq - i, 1, "a parameter name", &key, d))
                goto cleanup;
            struct buf what = BUF_INIT;
            buf_printf(&what, "parameter '%s'", key.data);
            int bad =
                eq < end && web_url_decode(qs + eq + 1, end - eq - 1, 1,
                                           buf_failed(&what) ? "a parameter" : what.data, &val, d);
            buf_release(&what);
            if (bad)
                goto cleanup;
            char *k = buf_detach(&key);
            char *v = buf_detach(&val);
            if (!k || !v || args_put(a, k, v)) {
                diag_error(d, "out of memory");
                goto cleanup;
            }
        }
        i = end + 1;
    }
    rc = 0;
cleanup:
    buf_release(&key);
    buf_release(&val);
    return rc;
}

const char *web_args_get(const struct web_args *a, const char *key)
{
    for (size_t i = 0; i < a->n; i++)
        if (!strcmp(a->v[i].key, key))
            return a->v[i].val[0] ? a->v[i].val : NULL;
    return NULL;
}

int web_url_encode(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        int plain = text_is_ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
        char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
        if (plain ? buf_addch(b, (char)c) : buf_add(b, esc, 3))
            return -1;
    }
    return 0;
}
