/* highlight: dafu_snippet(), snippets that mark exactly the hit (see highlight.h). */
#include "fts/highlight.h"

#ifdef DAFU_SQLITE_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
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

/* Cells of z[byte_a..byte_b). */
static int cells_between(const char *z, int n, int byte_a, int byte_b)
{
    int cells = 0;
    size_t p = (size_t)byte_a;
    while (p < (size_t)byte_b && p < (size_t)n)
        cells += cp_cells(utf8_next(z, (size_t)n, &p));
    return cells;
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
 * column. Returns -1 when no column has a hit. */
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
    for (int c = 0; c < ncol; c++) {
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
    for (int i = 0; i < nh; i++) {
        uint64_t phrases = h[i].phrases;
        long count = h[i].count;
        int j = i;
        int cells = cells_between(z, n, h[i].byte_start, h[i].byte_end);
        while (j + 1 < nh) {
            int more = cells_between(z, n, h[j].byte_end, h[j + 1].byte_end);
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
    nh = merge_hits(hits, nh);
    if (nh == 0)
        goto cleanup;
    int ws, we;
    choose_window(z, n, hits, nh, budget, &ws, &we);
    if (render(&out, z, n, hits, nh, ws, we, open, close, ellipsis))
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
