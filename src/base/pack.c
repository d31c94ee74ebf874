/* Packed evidence (pack.h). */
#include "base/pack.h"

#include <stdint.h>
#include <string.h>

#include "base/varint.h"

/* Frozen: a byte of the packed form names an entry by its place here. */
static const char *const pack_fields[] = {
    "body",       "level",     "region",         "term",  "session",    "kind", "number",
    "department", "delegates", "delegate_count", "title", "doc_number", "date", "category"};
static const char *const pack_places[] = {
    "header",     "salutation",  "opening",         "body",        "signature", "metadata",
    "page title", "page footer", "department name", "above header"};
#define NFIELDS (sizeof pack_fields / sizeof *pack_fields)
#define NPLACES (sizeof pack_places / sizeof *pack_places)
#define FROM "\":{\"from\":\""
#define LINE "\",\"line\":"
/* The lines remembered for a reference: a letter's evidence has one a field. */
#define NSEEN 32

/* The entry of list[0..n) that s[0..end) starts with, followed by `after` (al
 * bytes); its length with `after` in *len. -1 when none. */
static int match(const char *const *list, size_t n, const char *s, size_t end, const char *after,
                 size_t al, size_t *len)
{
    for (size_t i = 0; i < n; i++) {
        if (!end || list[i][0] != s[0])
            continue;
        size_t l = strlen(list[i]);
        if (l + al <= end && !memcmp(s, list[i], l) && !memcmp(s + l, after, al)) {
            *len = l + al;
            return (int)i;
        }
    }
    return -1;
}

/* The end of the JSON string that starts at s[i] (a '"'): the index after its
 * closing quote, or 0 when it does not close before n. */
static size_t string_end(const char *s, size_t i, size_t n)
{
    for (size_t j = i + 1; j < n; j++) {
        if (s[j] == '\\')
            j++;
        else if (s[j] == '"')
            return j + 1;
    }
    return 0;
}

/* The first place of s[0..n) in text[0..tn), or -1. */
static long long find_in(const char *text, size_t tn, const char *s, size_t n)
{
    if (!text || !n || n > tn)
        return -1;
    for (const char *p = text, *end = text + tn - n + 1; p < end; p++) {
        p = memchr(p, s[0], (size_t)(end - p));
        if (!p)
            break;
        if (!memcmp(p, s, n))
            return p - text;
    }
    return -1;
}

/* The sum of the bytes a packed text takes from the letter's text (PACK_FORMAT_SUM):
 * 32-bit FNV-1a, continued from h over s[0..n). */
#define SUM_START 0x811C9DC5u
static unsigned sum_add(unsigned h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x01000193u;
    return h;
}

int pack_text(const char *s, size_t n, const char *text, size_t tn, struct buf *out)
{
    buf_clear(out);
    buf_addch(out, PACK_FORMAT_SUM);
    buf_add(out, "\0\0\0\0", PACK_SUM_BYTES); /* the sum, written at the end */
    unsigned sum = SUM_START;
    size_t seen_at[NSEEN], seen_len[NSEEN], nseen = 0;
    size_t lit = 0; /* the literal bytes not yet copied start here */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x01 && c <= 0x04) {
            buf_add(out, s + lit, i - lit);
            buf_addch(out, 0x03);
            buf_addch(out, c);
            lit = i + 1;
            continue;
        }
        if (c != '"')
            continue;
        size_t fl, pl;
        int f = match(pack_fields, NFIELDS, s + i + 1, n - i - 1, FROM, sizeof FROM - 1, &fl);
        if (f < 0)
            continue;
        int p =
            match(pack_places, NPLACES, s + i + 1 + fl, n - i - 1 - fl, LINE, sizeof LINE - 1, &pl);
        if (p < 0)
            continue;
        buf_add(out, s + lit, i - lit);
        buf_addch(out, 0x02);
        buf_addch(out, f);
        buf_addch(out, p);
        i += fl + pl; /* at the template's last byte */
        lit = i + 1;
        /* Its line: a reference when the evidence gave it already, or one to
         * the letter's text when the text holds it as the string writes it. */
        size_t v = i + 1, e = v < n && s[v] == '"' ? string_end(s, v, n) : 0;
        if (!e)
            continue;
        size_t k = 0;
        while (k < nseen && !(seen_len[k] == e - v && !memcmp(s + seen_at[k], s + v, e - v)))
            k++;
        if (k < nseen) {
            buf_addch(out, 0x01);
            buf_add_varint(out, seen_at[k]);
            buf_add_varint(out, e - v);
            i = e - 1;
            lit = e;
            continue;
        }
        if (nseen < NSEEN) {
            seen_at[nseen] = v;
            seen_len[nseen++] = e - v;
        }
        long long at = e - v - 2 >= PACK_TEXT_MIN ? find_in(text, tn, s + v + 1, e - v - 2) : -1;
        if (at >= 0) {
            buf_addch(out, '"');
            buf_addch(out, 0x04);
            buf_add_varint(out, (size_t)at);
            buf_add_varint(out, e - v - 2);
            sum = sum_add(sum, text + at, e - v - 2);
            i = e - 2; /* the closing quote is copied as it is */
            lit = e - 1;
        }
    }
    buf_add(out, s + lit, n - lit);
    if (buf_failed(out))
        return -1;
    for (int b = 0; b < PACK_SUM_BYTES; b++)
        out->data[1 + b] = (char)(sum >> (8 * b));
    return 0;
}

int unpack_text(const void *blob, size_t n, const char *text, size_t tn, struct buf *out)
{
    buf_clear(out);
    const unsigned char *p = blob;
    if (n < 1 || (p[0] != PACK_FORMAT && p[0] != PACK_FORMAT_TEXT && p[0] != PACK_FORMAT_SUM))
        return -2;
    /* The highest byte that is an operation: 0x04 is a byte of the first format. */
    const unsigned char last = p[0] == PACK_FORMAT ? 0x03 : 0x04;
    size_t i = 1;
    unsigned want = 0, sum = SUM_START;
    if (p[0] == PACK_FORMAT_SUM) {
        if (n < 1 + PACK_SUM_BYTES)
            return -2;
        for (int b = 0; b < PACK_SUM_BYTES; b++)
            want |= (unsigned)p[1 + b] << (8 * b);
        i += PACK_SUM_BYTES;
    }
    int stale = 0;      /* a reference the text no longer holds */
    size_t skipped = 0; /* the bytes of the references read since */
    while (i < n) {
        size_t lit = i;
        while (i < n && (p[i] < 0x01 || p[i] > last))
            i++;
        if (buf_add(out, p + lit, i - lit))
            return -1;
        if (i == n)
            break;
        unsigned char op = p[i++];
        if (op == 0x03 || op == 0x02) {
            if (i + (op == 0x02 ? 2 : 1) > n)
                return -2;
            if (op == 0x03) {
                if (p[i] < 0x01 || p[i] > last)
                    return -2;
                buf_addch(out, p[i++]);
                continue;
            }
            if (p[i] >= NFIELDS || p[i + 1] >= NPLACES)
                return -2;
            buf_addch(out, '"');
            buf_adds(out, pack_fields[p[i]]);
            buf_adds(out, FROM);
            buf_adds(out, pack_places[p[i + 1]]);
            buf_adds(out, LINE);
            i += 2;
        } else {
            unsigned long long off, len;
            if (varint_get_at(p, n, &i, &off) || varint_get_at(p, n, &i, &len))
                return -2;
            /* (the bytes unpacked so far count those a stale reference left out) */
            size_t have = op == 0x01 ? out->len + skipped : text ? tn : 0;
            if (op == 0x01 && (off > have || len > have - off))
                return -2;
            /* A reference to a text that no longer holds its bytes (a text that
             * another tool changed, or none: memcpy's source may not be NULL)
             * makes the whole stale; it is read to its end still, without its
             * references' bytes, so that a damaged blob is told from a stale one. */
            if (op == 0x04 && (!text || off > have || len > have - off))
                stale = 1;
            if (stale) {
                if (len > SIZE_MAX / 4 - skipped)
                    return -2;
                skipped += (size_t)len;
                continue;
            }
            if (op == 0x04)
                sum = sum_add(sum, text + off, (size_t)len);
            if (buf_grow(out, (size_t)len))
                return -1;
            /* (out's bytes read after it grew: it may have moved) */
            memcpy(out->data + out->len, (op == 0x01 ? out->data : text) + off, (size_t)len);
            out->len += (size_t)len;
            out->data[out->len] = '\0';
        }
        if (buf_failed(out))
            return -1;
    }
    if (buf_failed(out))
        return -1;
    return stale || (p[0] == PACK_FORMAT_SUM && sum != want) ? -3 : 0;
}
