/* highlight: dafu_snippet(), snippets that mark exactly the hit (see highlight.h). */
#include "fts/highlight.h"

#ifdef DAFU_SQLITE_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#endif

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "fts/fts_tok.h"
#include "fts/highlight_int.h"
#include "text/text.h"

#define DEFAULT_CELLS 64
#define MAX_CELLS 100000

/* The byte range of the main token at one position of the column. */
struct tok_span {
    int byte_start;
    int byte_end;
};

/* One hit, or several overlapping or touching hits merged. */
struct hit {
    int byte_start;
    int byte_end;
    uint64_t phrases; /* bit p (p < 63; 63 for the rest) for each phrase it holds */
    int count;        /* phrase instances merged into it */
};

struct span_list {
    struct tok_span *v;
    int n;
    int cap;
    int oom;
    int need; /* positions wanted: the tokenizer is stopped after them */
};

/* xToken callback: records the byte range of each position's main token. */
static int span_cb(void *ctx, int tflags, const char *token, int ntoken, int byte_start,
                   int byte_end)
{
    struct span_list *l = ctx;
    (void)token;
    (void)ntoken;
    if (tflags & FTS5_TOKEN_COLOCATED)
        return SQLITE_OK;
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 256;
        struct tok_span *p = realloc(l->v, (size_t)cap * sizeof *p);
        if (!p) {
            l->oom = 1;
            return SQLITE_NOMEM;
        }
        l->v = p;
        l->cap = cap;
    }
    l->v[l->n].byte_start = byte_start;
    l->v[l->n].byte_end = byte_end;
    l->n++;
    return l->n >= l->need ? SQLITE_DONE : SQLITE_OK;
}

static int popcount64(uint64_t x)
{
    int n = 0;
    while (x) {
        x &= x - 1;
        n++;
    }
    return n;
}

static uint64_t phrase_bit(int phrase)
{
    return (uint64_t)1 << (phrase < 63 ? phrase : 63);
}

/* Terminal cells of one code point as the snippet prints it: white space is one
 * (a run of it prints as one space), other control characters none. */
static int cp_cells(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 0x20 && cp < 0x7F) || cp == '\t' || cp == '\n' || cp == '\r';
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFF01 && cp <= 0xFF60))
        return 2;
    if (cp < 0xA0)
        return 0;
    return text_is_space(cp) ? 1 : text_cp_width(cp);
}

/* Cells of z[byte_a..byte_b), or a number above cap once there are more. */
static int cells_upto(const char *z, int n, int byte_a, int byte_b, int cap)
{
    int cells = 0;
    size_t p = (size_t)byte_a;
    size_t end = (size_t)(byte_b < n ? byte_b : n);
    while (p < end && cells <= cap) {
        const unsigned char *s = (const unsigned char *)z + p;
        /* The common cases inline: CJK ideographs of U+4E00-U+9FFF (two
         * cells each), ASCII, and other well-formed three-byte sequences,
         * as utf8_next decodes them. */
        if (s[0] >= 0xE4 && s[0] <= 0xE9 && (size_t)n - p >= 3 && (s[1] & 0xC0) == 0x80 &&
            (s[2] & 0xC0) == 0x80 && (s[0] != 0xE4 || s[1] >= 0xB8)) {
            cells += 2;
            p += 3;
            continue;
        }
        if (s[0] < 0x80) {
            cells += cp_cells(s[0]);
            p++;
            continue;
        }
        if ((s[0] & 0xF0) == 0xE0 && (size_t)n - p >= 3 && (s[1] & 0xC0) == 0x80 &&
            (s[2] & 0xC0) == 0x80) {
            uint32_t cp =
                ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
            if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
                cells += cp_cells(cp);
                p += 3;
                continue;
            }
        }
        cells += cp_cells(utf8_next(z, (size_t)n, &p));
    }
    return cells;
}

/* Cells of z[byte_a..byte_b). */
static int cells_between(const char *z, int n, int byte_a, int byte_b)
{
    return cells_upto(z, n, byte_a, byte_b, INT_MAX);
}

/* The byte offset where the code point ending at byte_off starts. */
static int prev_cp(const char *z, int byte_off)
{
    int p = byte_off - 1;
    while (p > 0 && ((unsigned char)z[p] & 0xC0) == 0x80 && byte_off - p < 4)
        p--;
    return p;
}

static int ends_sentence(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x3002 /* 。 */ || cp == 0xFF01 /* ！ */ ||
           cp == 0xFF1F /* ？ */ || cp == 0xFF1B /* ； */;
}

static int cmp_hit(const void *a, const void *b)
{
    const struct hit *x = a;
    const struct hit *y = b;
    if (x->byte_start != y->byte_start)
        return x->byte_start < y->byte_start ? -1 : 1;
    return (x->byte_end > y->byte_end) - (x->byte_end < y->byte_end);
}

/* Sorts hits and merges those that overlap or touch; returns the new count. */
static int merge_hits(struct hit *h, int n)
{
    if (n == 0)
        return 0;
    /* found in order, mostly (a column's phrases by their first characters) */
    int sorted = 1;
    while (sorted < n && cmp_hit(&h[sorted - 1], &h[sorted]) <= 0)
        sorted++;
    if (sorted < n)
        qsort(h, (size_t)n, sizeof *h, cmp_hit);
    int m = 0;
    for (int i = 1; i < n; i++) {
        if (h[i].byte_start <= h[m].byte_end) {
            if (h[i].byte_end > h[m].byte_end)
                h[m].byte_end = h[i].byte_end;
            h[m].phrases |= h[i].phrases;
            h[m].count += h[i].count;
        } else {
            h[++m] = h[i];
        }
    }
    return m + 1;
}

/* Picks the column to show: most distinct phrases, then most hits, then the later
 * column, the first (reply_fts's text) as the last. Returns -1 when no column has a hit. */
static int best_column(const Fts5ExtensionApi *api, Fts5Context *fts, int ninst, int *rc)
{
    int ncol = api->xColumnCount(fts);
    uint64_t *mask = calloc((size_t)(ncol > 0 ? ncol : 1), sizeof *mask);
    int *count = calloc((size_t)(ncol > 0 ? ncol : 1), sizeof *count);
    int best = -1;
    if (!mask || !count) {
        *rc = SQLITE_NOMEM;
        goto cleanup;
    }
    for (int i = 0; i < ninst && *rc == SQLITE_OK; i++) {
        int phrase, col, tok_off;
        *rc = api->xInst(fts, i, &phrase, &col, &tok_off);
        if (*rc == SQLITE_OK && col >= 0 && col < ncol) {
            mask[col] |= phrase_bit(phrase);
            count[col]++;
        }
    }
    int best_distinct = 0;
    int best_count = 0;
    for (int k = 0, c = ncol > 1; k < ncol; k++, c = (c + 1) % ncol) {
        int distinct = popcount64(mask[c]);
        if (!count[c])
            continue;
        if (distinct > best_distinct || (distinct == best_distinct && count[c] >= best_count)) {
            best = c;
            best_distinct = distinct;
            best_count = count[c];
        }
    }
cleanup:
    free(mask);
    free(count);
    return best;
}

/* The window [*win_start, *win_end) of z[0..n) around the best group of hits. */
static void choose_window(const char *z, int n, const struct hit *h, int nh, int budget,
                          int *win_start, int *win_end)
{
    /* The group of hits that fits in `budget` cells from its first hit and holds the
     * most distinct phrases, then the most hits; the earliest on a tie. */
    int anchor = 0;
    int last = 0;
    long best_score = -1;
    /* Each hit's cells and those from its end to the next one's, measured
     * once (each group below adds them up), each only up to just past the
     * budget: a group never takes more. */
    int small[2 * 64];
    int *own = nh <= 64 ? small : malloc(2 * (size_t)nh * sizeof *own);
    int *gap = own ? own + nh : NULL;
    for (int i = 0; own && i < nh; i++) {
        own[i] = cells_upto(z, n, h[i].byte_start, h[i].byte_end, budget);
        if (i + 1 < nh)
            gap[i] = cells_upto(z, n, h[i].byte_end, h[i + 1].byte_end, budget);
    }
    for (int i = 0; i < nh; i++) {
        uint64_t phrases = h[i].phrases;
        long count = h[i].count;
        int j = i;
        int cells = own ? own[i] : cells_upto(z, n, h[i].byte_start, h[i].byte_end, budget);
        while (j + 1 < nh) {
            int more = gap ? gap[j] : cells_upto(z, n, h[j].byte_end, h[j + 1].byte_end, budget);
            if (cells + more > budget)
                break;
            cells += more;
            j++;
            phrases |= h[j].phrases;
            count += h[j].count;
        }
        long score = (long)popcount64(phrases) * 1000000L + (count < 999999 ? count : 999999);
        if (score > best_score) {
            best_score = score;
            anchor = i;
            last = j;
        }
    }
    if (own != small)
        free(own);
    int first_byte = h[anchor].byte_start;
    int last_byte = h[last].byte_end;
    int used = cells_between(z, n, first_byte, last_byte);
    int free_cells = budget - used;
    if (free_cells < 0)
        free_cells = 0;
    /* Lead: up to a third of the free room, not back past the sentence start. */
    int lead = free_cells / 3;
    int ws = first_byte;
    while (ws > 0) {
        /* Inline, what most of a letter is: a CJK ideograph of
         * U+4E00-U+9FFF before ws (two cells, no sentence's end), as
         * prev_cp and utf8_next read it. */
        const unsigned char *s = (const unsigned char *)z + (ws >= 3 ? ws - 3 : 0);
        if (ws >= 3 && s[0] >= 0xE4 && s[0] <= 0xE9 && (s[1] & 0xC0) == 0x80 &&
            (s[2] & 0xC0) == 0x80 && (s[0] != 0xE4 || s[1] >= 0xB8)) {
            if (lead < 2)
                break;
            lead -= 2;
            free_cells -= 2;
            ws -= 3;
            continue;
        }
        int p = prev_cp(z, ws);
        size_t q = (size_t)p;
        uint32_t cp = utf8_next(z, (size_t)n, &q);
        int c = cp_cells(cp);
        if (ends_sentence(cp) || c > lead)
            break;
        lead -= c;
        free_cells -= c;
        ws = p;
    }
    /* Tail: the rest of the room. */
    int we = last_byte;
    while (we < n) {
        const unsigned char *s = (const unsigned char *)z + we;
        if (n - we >= 3 && s[0] >= 0xE4 && s[0] <= 0xE9 && (s[1] & 0xC0) == 0x80 &&
            (s[2] & 0xC0) == 0x80 && (s[0] != 0xE4 || s[1] >= 0xB8)) {
            if (free_cells < 2)
                break;
            free_cells -= 2;
            we += 3;
            continue;
        }
        size_t q = (size_t)we;
        int c = cp_cells(utf8_next(z, (size_t)n, &q));
        if (c > free_cells)
            break;
        free_cells -= c;
        we = (int)q;
    }
    /* Never cut a hit: one that straddles an edge is left out. */
    for (int i = 0; i < nh; i++) {
        if (h[i].byte_start < ws && h[i].byte_end > ws)
            ws = h[i].byte_end;
        if (h[i].byte_start < we && h[i].byte_end > we)
            we = h[i].byte_start;
    }
    *win_start = ws;
    *win_end = we;
}

static int is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

/* 1 when z[a..b) holds something other than white space. */
static int has_text(const char *z, int n, int byte_a, int byte_b)
{
    size_t p = (size_t)byte_a;
    while (p < (size_t)byte_b && p < (size_t)n) {
        uint32_t cp = utf8_next(z, (size_t)n, &p);
        if (!text_is_space(cp) && !is_control(cp))
            return 1;
    }
    return 0;
}

/* Writes z[ws..we) with hits marked, white space runs as one space, control
 * characters dropped and invalid bytes as U+FFFD. Returns 0, or -1 when out failed. */
static int render(struct buf *out, const char *z, int n, const struct hit *h, int nh, int ws,
                  int we, const char *open, const char *close, const char *ellipsis)
{
    int k = 0;
    while (k < nh && h[k].byte_start < ws)
        k++;
    if (has_text(z, n, 0, ws))
        buf_adds(out, ellipsis);
    int wrote = 0;   /* something visible was written */
    int pending = 0; /* a white space run waits to be written as one space */
    int inside = 0;
    size_t p = (size_t)ws;
    while (p < (size_t)we) {
        if (!inside && k < nh && (int)p == h[k].byte_start && h[k].byte_end <= we) {
            if (pending && wrote)
                buf_addch(out, ' ');
            pending = 0;
            buf_adds(out, open);
            inside = 1;
        }
        /* Most of a letter: a run of CJK ideographs (U+4000-U+9FFF), their
         * punctuation (U+3001-U+303F, U+FF00-U+FF7F) and printable ASCII but
         * the space, neither white space nor control, written at once up to
         * the next edge of a hit. */
        size_t stop = (size_t)we;
        if (k < nh && (inside ? h[k].byte_end : h[k].byte_start) < we)
            stop = (size_t)(inside ? h[k].byte_end : h[k].byte_start);
        size_t q = p;
        for (;;) {
            const unsigned char *c = (const unsigned char *)z + q;
            if (q < stop && c[0] > 0x20 && c[0] < 0x7F) {
                q++;
                continue;
            }
            if (q + 3 <= stop && (c[1] & 0xC0) == 0x80 && (c[2] & 0xC0) == 0x80 &&
                ((c[0] >= 0xE4 && c[0] <= 0xE9) || (c[0] == 0xEF && (c[1] | 1) == 0xBD) ||
                 (c[0] == 0xE3 && c[1] == 0x80 && c[2] != 0x80))) {
                q += 3;
                continue;
            }
            break;
        }
        if (q > p) {
            if (pending && wrote)
                buf_addch(out, ' ');
            pending = 0;
            buf_add(out, z + p, q - p);
            wrote = 1;
            p = q;
            if (inside && (int)p >= h[k].byte_end) {
                buf_adds(out, close);
                inside = 0;
                k++;
            }
            continue;
        }
        size_t start = p;
        uint32_t cp = utf8_next(z, (size_t)n, &p);
        if (text_is_space(cp)) {
            pending = 1;
        } else if (!is_control(cp)) {
            if (pending && wrote)
                buf_addch(out, ' ');
            pending = 0;
            if (cp == 0xFFFD && p - start != 3)
                buf_adds(out, "\xEF\xBF\xBD");
            else
                buf_add(out, z + start, p - start);
            wrote = 1;
        }
        if (inside && (int)p >= h[k].byte_end) {
            buf_adds(out, close);
            inside = 0;
            k++;
        }
    }
    if (has_text(z, n, we, n))
        buf_adds(out, ellipsis);
    return buf_failed(out) ? -1 : 0;
}

/* The snippet of z[0..n) around hits h[0..nh) (unsorted, not merged) into out;
 * nothing when there are none. Returns 0, or -1 when out failed. */
static int snippet_of_hits(struct buf *out, const char *z, int n, struct hit *h, int nh, int budget,
                           const char *open, const char *close, const char *ellipsis)
{
    nh = merge_hits(h, nh);
    if (nh == 0)
        return 0;
    int ws, we;
    choose_window(z, n, h, nh, budget, &ws, &we);
    return render(out, z, n, h, nh, ws, we, open, close, ellipsis);
}

static const char *arg_text(sqlite3_value **val, int nval, int i, const char *dflt)
{
    if (i >= nval || sqlite3_value_type(val[i]) == SQLITE_NULL)
        return dflt;
    const char *s = (const char *)sqlite3_value_text(val[i]);
    return s ? s : dflt;
}

/* Phrase instance i: its phrase, column and first and last token positions. */
static int inst_span(const Fts5ExtensionApi *api, Fts5Context *fts, int i, int *phrase, int *col,
                     int *tok_off, int *tok_last)
{
    int rc = api->xInst(fts, i, phrase, col, tok_off);
    if (rc != SQLITE_OK)
        return rc;
    int size = api->xPhraseSize(fts, *phrase);
    *tok_last = *tok_off + (size > 0 ? size : 1) - 1;
    return SQLITE_OK;
}

static void dafu_snippet(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                         int nval, sqlite3_value **val)
{
    const char *open = arg_text(val, nval, 0, "«");
    const char *close = arg_text(val, nval, 1, "»");
    const char *ellipsis = arg_text(val, nval, 2, "…");
    int budget = DEFAULT_CELLS;
    if (nval > 3 && sqlite3_value_type(val[3]) != SQLITE_NULL)
        budget = sqlite3_value_int(val[3]);
    if (nval > 4) {
        sqlite3_result_error(ctx, "dafu_snippet: too many arguments", -1);
        return;
    }
    if (budget < 1)
        budget = 1;
    if (budget > MAX_CELLS)
        budget = MAX_CELLS;

    struct span_list spans = {0};
    struct hit *hits = NULL;
    struct buf out = BUF_INIT;
    int ninst = 0;
    int rc = api->xInstCount(fts, &ninst);
    int col = -1;
    if (rc == SQLITE_OK && ninst > 0)
        col = best_column(api, fts, ninst, &rc);
    if (rc != SQLITE_OK || col < 0)
        goto cleanup;

    const char *z = NULL;
    int n = 0;
    rc = api->xColumnText(fts, col, &z, &n);
    if (rc != SQLITE_OK || !z || n <= 0)
        goto cleanup;
    /* Only the positions up to the last hit are mapped to bytes: tokenizing
     * stops there (SQLITE_DONE from span_cb), which for a hit near the top of a
     * long letter saves most of the work. */
    spans.need = 0;
    for (int i = 0; i < ninst; i++) {
        int phrase, icol, tok_off, tok_last;
        if ((rc = inst_span(api, fts, i, &phrase, &icol, &tok_off, &tok_last)) != SQLITE_OK)
            goto cleanup;
        if (icol == col && tok_last + 1 > spans.need)
            spans.need = tok_last + 1;
    }
    rc = api->xTokenize(fts, z, n, &spans, span_cb);
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    if (rc != SQLITE_OK)
        goto cleanup;

    hits = malloc((size_t)ninst * sizeof *hits);
    if (!hits) {
        rc = SQLITE_NOMEM;
        goto cleanup;
    }
    int nh = 0;
    for (int i = 0; i < ninst; i++) {
        int phrase, icol, tok_off, tok_last;
        if ((rc = inst_span(api, fts, i, &phrase, &icol, &tok_off, &tok_last)) != SQLITE_OK)
            goto cleanup;
        if (icol != col || tok_off < 0 || tok_last >= spans.n)
            continue;
        hits[nh].byte_start = spans.v[tok_off].byte_start;
        hits[nh].byte_end = spans.v[tok_last].byte_end;
        hits[nh].phrases = phrase_bit(phrase);
        hits[nh].count = 1;
        nh++;
    }
    if (snippet_of_hits(&out, z, n, hits, nh, budget, open, close, ellipsis))
        rc = SQLITE_NOMEM;

cleanup:
    if (rc == SQLITE_OK)
        sqlite3_result_text(ctx, out.data, (int)out.len, SQLITE_TRANSIENT);
    else
        sqlite3_result_error_code(ctx, rc);
    buf_release(&out);
    free(hits);
    free(spans.v);
}

int highlight_create(fts5_api *api)
{
    return api->xCreateFunction(api, "dafu_snippet", NULL, dafu_snippet, NULL);
}

/* ---- the same snippet from a row's text (highlight_text) ---- */

struct hq_phrase {
    struct highlight_query *q;
    int phrase;
};

static int hq_query_tok(void *ctx, int tflags, const char *t, int n, int s, int e)
{
    struct hq_phrase *c = ctx;
    struct highlight_query *q = c->q;
    (void)tflags;
    (void)s;
    (void)e;
    int i = fts_tok_set_add(&q->set, t, n);
    if (i < 0) {
        q->bad = 2;
        return 1;
    }
    int *p = realloc(q->seq[c->phrase], ((size_t)q->nseq[c->phrase] + 1) * sizeof *p);
    if (!p) {
        q->bad = 1;
        return 1;
    }
    q->seq[c->phrase] = p;
    p[q->nseq[c->phrase]++] = i;
    return 0;
}

void highlight_query_free(struct highlight_query *q)
{
    if (!q)
        return;
    for (int i = 0; i < q->np; i++) {
        free(q->seq[i]);
        free(q->chars[i]);
    }
    free(q->mark);
    free(q->hits);
    free(q);
}

static int is_cjk(uint32_t c)
{
    return c >= 0x4E00 && c <= 0x9FFF;
}

/* 1 when no code point of from..to folds to a phrase's first character. */
static int hq_block_clean(const struct highlight_query *q, uint32_t from, uint32_t to)
{
    for (uint32_t cp = from; cp <= to; cp++) {
        uint32_t f[8];
        int nf = text_fold_cp(cp, f, 8);
        for (int k = 0; k < nf; k++)
            for (int p = 0; q->first_bits >> (f[k] & 63) & 1 && p < q->np; p++)
                if (q->chars[p][0] == f[k])
                    return 0;
    }
    return 1;
}

/* Sets q->han (and its characters and needles) when every phrase is a run of
 * CJK ideographs of U+4E00-U+9FFF, as the query tokens give it: one character
 * alone, or the pairs c0c1, c1c2, ... then the last character. Returns 0, or
 * -1 when memory runs out. */
static int hq_han_new(struct highlight_query *q)
{
    const struct fts_tok_want *t = q->set.t;
    for (int p = 0; p < q->np; p++) {
        int k = q->nseq[p];
        const int *s = q->seq[p];
        for (int i = 0; i + 1 < k; i++)
            if (t[s[i]].kind != 2 || (i + 2 < k ? t[s[i + 1]].kind != 2 : t[s[i + 1]].kind != 1) ||
                t[s[i]].b != t[s[i + 1]].a)
                return 0;
        if (t[s[k - 1]].kind != 1)
            return 0;
        uint32_t *c = malloc((size_t)k * sizeof *c);
        if (!c)
            return -1;
        q->chars[p] = c;
        q->nchars[p] = k;
        for (int i = 0; i < k; i++) {
            c[i] = t[s[i]].a;
            /* a folded character (the query's are): the text's fold to it */
            if (!is_cjk(c[i]) || text_fold_han(c[i]) != c[i])
                return 0;
        }
    }
    for (int p = 0; p < q->np; p++) {
        uint32_t first = q->chars[p][0];
        int seen = 0;
        for (int i = 0; i < p; i++)
            seen |= q->chars[i][0] == first;
        if (seen)
            continue;
        q->first_bits |= (uint64_t)1 << (first & 63);
        uint32_t src[HQ_MAX_NEEDLES];
        int ns = text_han_sources(first, src, HQ_MAX_NEEDLES);
        if (ns < 0)
            return 0;
        for (int i = 0; i < ns; i++) {
            if (src[i] < 0x4000)
                continue; /* not E4-E9: read as any other character (hq_other) */
            if (q->nneedle == HQ_MAX_NEEDLES)
                return 0;
            char b[4];
            utf8_put(src[i], b);
            memcpy(q->needle[q->nneedle].b, b, 3);
            q->needle[q->nneedle].first = first;
            q->nneedle++;
        }
    }
    q->clean_3000 = hq_block_clean(q, 0x3000, 0x303F);
    q->clean_ff00 = hq_block_clean(q, 0xFF00, 0xFF7F);
    q->han = 1;
    return 0;
}

int highlight_query_new(const char *match, struct highlight_query **out)
{
    *out = NULL;
    struct highlight_query *q = calloc(1, sizeof *q);
    if (!q)
        return -1;
    struct buf text = BUF_INIT;
    int neg = 0;
    for (const char *p = match; *p && !q->bad;) {
        if (*p == '"') {
            /* A string: "" inside it is one ". */
            buf_truncate(&text, 0);
            for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
                buf_addch(&text, *p);
                if (*p == '"')
                    p++;
            }
            if (!*p) {
                q->bad = 2;
                break;
            }
            p++;
            if (buf_failed(&text)) {
                q->bad = 1;
                break;
            }
            if (neg)
                continue; /* an excluded phrase is in no hit */
            if (q->np == HQ_MAX_PHRASES) {
                q->bad = 2;
                break;
            }
            struct hq_phrase c = {q, q->np++};
            fts_tok_run(text.data ? text.data : "", (int)text.len, FTS_TOK_QUERY, hq_query_tok, &c);
            if (!q->bad && !q->nseq[c.phrase])
                q->bad = 2; /* FTS5 would say it matches nothing */
        } else if (!strncmp(p, "NOT", 3)) {
            neg = 1;
            p += 3;
        } else if (!strncmp(p, "AND", 3)) {
            p += 3;
        } else if (!strncmp(p, "OR", 2)) {
            p += 2;
        } else if (*p == ' ' || *p == '(' || *p == ')') {
            if (*p == ')' && neg)
                break; /* the exclusions end the expression */
            p++;
        } else {
            q->bad = 2;
        }
    }
    buf_release(&text);
    if (q->bad || !q->np) {
        int r = q->bad == 1 ? -1 : 0;
        highlight_query_free(q);
        return r;
    }
    q->han = -1; /* known at the first text (hq_han_new) */
    *out = q;
    return 1;
}

void highlight_query_plain(struct highlight_query *q)
{
    q->han = 0;
}

void highlight_query_narrow(struct highlight_query *q)
{
    q->narrow = 1;
}

int highlight_query_fast(const struct highlight_query *q)
{
    return q->han == 1;
}

static int hq_add_hit(struct highlight_query *q, int start, int end, int phrase)
{
    if (q->nhits == q->hcap) {
        int cap = q->hcap ? 2 * q->hcap : 64;
        struct hit *h = realloc(q->hits, (size_t)cap * sizeof *h);
        if (!h)
            return -1;
        q->hits = h;
        q->hcap = cap;
    }
    q->hits[q->nhits++] = (struct hit){start, end, phrase_bit(phrase), 1};
    return 0;
}

/* The instances of every phrase in column text z[0..n) as hits (byte ranges),
 * appended to q->hits. Returns 0 or -1 when memory runs out. */
static int hq_column(struct highlight_query *q, const char *z, int n)
{
    q->nmark = 0;
    if (fts_tok_find(z, n, &q->set, &q->mark, &q->nmark, &q->cap))
        return -1;
    const struct fts_tok_mark *m = q->mark;
    for (int p = 0; p < q->np; p++) {
        int k = q->nseq[p];
        uint64_t first = (uint64_t)1 << q->seq[p][0];
        for (int at = 0; at + k <= q->nmark; at++) {
            if (!(m[at].mask & first))
                continue;
            int i = 1;
            while (i < k && m[at + i].pos == m[at].pos + i &&
                   (m[at + i].mask & ((uint64_t)1 << q->seq[p][i])))
                i++;
            if (i == k && hq_add_hit(q, m[at].start, m[at + k - 1].end, p))
                return -1;
        }
    }
    return 0;
}

/* The fold of the character at z[*pos] (n bytes in all), as the tokenizer
 * folds it, into f[0..8); advances *pos. Returns how many code points. */
static int hq_fold_next(const char *z, int n, size_t *pos, uint32_t f[8])
{
    const unsigned char *u = (const unsigned char *)z + *pos;
    if (u[0] >= 0xE4 && u[0] <= 0xE9 && (size_t)n - *pos >= 3 && (u[1] & 0xC0) == 0x80 &&
        (u[2] & 0xC0) == 0x80) {
        uint32_t cp =
            ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        if (cp >= 0x4E00 || cp <= 0x4DBF) {
            f[0] = text_fold_han(cp);
            *pos += 3;
            return 1;
        }
    }
    uint32_t cp = utf8_next(z, (size_t)n, pos);
    return text_fold_cp(cp, f, 8);
}

/* Phrase p's instance that starts with the code point before f[k] of the
 * character z[start..end) (whose fold is f[0..nf)), when the rest of the
 * phrase follows it in its run of ideographs (white space between them, as
 * the tokenizer reads a run), as a hit. Returns 0, or -1 when memory runs out. */
static int hq_follow(struct highlight_query *q, int p, const char *z, int n, int start, int end,
                     const uint32_t *f, int nf, int k)
{
    const uint32_t *c = q->chars[p];
    int want = q->nchars[p];
    int got = 1;
    uint32_t g[8];
    size_t pos = (size_t)end;
    while (got < want) {
        uint32_t cp;
        if (k < nf) {
            cp = f[k++];
        } else {
            if (pos >= (size_t)n)
                return 0;
            nf = hq_fold_next(z, n, &pos, g);
            f = g;
            k = 0;
            end = (int)pos;
            continue;
        }
        enum text_class cl = is_cjk(cp) ? TEXT_HAN : text_class(cp);
        if (cl == TEXT_SPACE)
            continue;
        if (cl != TEXT_HAN || cp != c[got])
            return 0;
        got++;
    }
    return hq_add_hit(q, start, end, p);
}

/* The instances starting at the character z[start..end) that folds to
 * f[0..nf). Returns 0, or -1 when memory runs out. */
int hq_at(struct highlight_query *q, const char *z, int n, int start, int end, const uint32_t *f,
          int nf)
{
    for (int k = 0; k < nf; k++) {
        if (!(q->first_bits >> (f[k] & 63) & 1))
            continue;
        for (int p = 0; p < q->np; p++)
            if (q->chars[p][0] == f[k] && hq_follow(q, p, z, n, start, end, f, nf, k + 1))
                return -1;
    }
    return 0;
}

/* Byte z[i] starts a character to read: a lead byte outside E4-E9 (a
 * character the needles do not name: punctuation, a code point that folds to
 * several or to an ideograph from elsewhere), or a needle's bytes. Reads it.
 * Returns 0, or -1 when memory runs out. */
int hq_byte(struct highlight_query *q, const char *z, int n, size_t i)
{
    const unsigned char *u = (const unsigned char *)z;
    unsigned b = u[i];
    if (b >= 0xE4 && b <= 0xE9) {
        if ((size_t)n - i < 3)
            return 0;
        for (int k = 0; k < q->nneedle; k++)
            if (q->needle[k].b[0] == b && q->needle[k].b[1] == u[i + 1] &&
                q->needle[k].b[2] == u[i + 2]) {
                uint32_t f = q->needle[k].first;
                return hq_at(q, z, n, (int)i, (int)i + 3, &f, 1);
            }
        return 0;
    }
    if (b < 0xC0)
        return 0;
    size_t pos = i;
    uint32_t cp = utf8_next(z, (size_t)n, &pos);
    if (q->other_none[cp & 255] == cp + 1)
        return 0;
    uint32_t f[8];
    int nf = text_fold_cp(cp, f, 8);
    int k = 0;
    while (k < nf && !(q->first_bits >> (f[k] & 63) & 1))
        k++;
    if (k == nf) {
        q->other_none[cp & 255] = cp + 1;
        return 0;
    }
    return hq_at(q, z, n, (int)i, (int)pos, f, nf);
}

int highlight_text(struct highlight_query *q, const char *const col[], const int ncol[], int ncols,
                   const char *open, const char *close, const char *ellipsis, int budget,
                   struct buf *out)
{
    if (budget < 1)
        budget = 1;
    if (budget > MAX_CELLS)
        budget = MAX_CELLS;
    /* The column with the most distinct phrases, then the most hits, the later
     * on a tie, the first counting as the last (as best_column). */
    int best = -1, best_distinct = 0, best_count = 0, best_from = 0, best_to = 0;
    q->nhits = 0;
    if (q->han < 0) {
        q->han = 0;
        if (hq_han_new(q))
            return -1;
    }
    for (int k = 0, c = ncols > 1; k < ncols; k++, c = (c + 1) % ncols) {
        if (!col[c] || ncol[c] <= 0)
            continue;
        int from = q->nhits;
        if (q->han ? hq_column_han(q, col[c], ncol[c]) : hq_column(q, col[c], ncol[c]))
            return -1;
        int count = q->nhits - from;
        if (!count)
            continue;
        uint64_t mask = 0;
        for (int i = from; i < q->nhits; i++)
            mask |= q->hits[i].phrases;
        int distinct = popcount64(mask);
        if (distinct > best_distinct || (distinct == best_distinct && count >= best_count)) {
            best = c;
            best_distinct = distinct;
            best_count = count;
            best_from = from;
            best_to = q->nhits;
        }
    }
    if (best < 0)
        return 0;
    return snippet_of_hits(out, col[best], ncol[best], q->hits + best_from, best_to - best_from,
                           budget, open, close, ellipsis);
}
