/* fts_tok: the dafu FTS5 tokenizer (see fts_tok.h for the token scheme). */
#include "fts/fts_tok.h"

#ifdef DAFU_SQLITE_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#endif

#include <stdlib.h>
#include <string.h>

#include "fts/highlight.h"
#include "fts/rank.h"
#include "text/text.h"

struct han {
    char utf8[4]; /* its folded code point, encoded */
    int nbytes;   /* bytes in utf8 */
    int start;    /* byte offset of its source character */
    int end;      /* byte offset after it */
};

struct tok_state {
    enum fts_tok_mode mode;
    fts_tok_cb cb;
    void *ctx;
    struct han prev; /* the previous Han character of the run, when have_prev */
    int have_prev;
    int run_len;    /* Han characters in the current run */
    char word[256]; /* current Latin/digit word, folded */
    int word_len;
    int word_start;
    int word_end;
};

static int emit_unigram(struct tok_state *st, const struct han *h, int flags)
{
    return st->cb(st->ctx, flags, h->utf8, h->nbytes, h->start, h->end);
}

static int emit_bigram(struct tok_state *st, const struct han *a, const struct han *b, int flags)
{
    char tmp[8];
    memcpy(tmp, a->utf8, 4);
    memcpy(tmp + a->nbytes, b->utf8, 4);
    return st->cb(st->ctx, flags, tmp, a->nbytes + b->nbytes, a->start, b->end);
}

/* A Han character arrives: emit what the previous one now determines. */
static int han_push(struct tok_state *st, uint32_t cp, int start, int end)
{
    struct han cur;
    if (cp >= 0x800 && cp < 0x10000) { /* every Han of the BMP: utf8_put, inline */
        cur.utf8[0] = (char)(0xE0 | (cp >> 12));
        cur.utf8[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        cur.utf8[2] = (char)(0x80 | (cp & 0x3F));
        cur.nbytes = 3;
    } else {
        cur.nbytes = (int)utf8_put(cp, cur.utf8);
    }
    cur.start = start;
    cur.end = end;
    int rc = 0;
    if (st->have_prev) {
        const struct han *prev = &st->prev;
        if (st->mode == FTS_TOK_DOCUMENT) {
            rc = emit_unigram(st, prev, 0);
            if (!rc)
                rc = emit_bigram(st, prev, &cur, FTS5_TOKEN_COLOCATED);
        } else {
            rc = emit_bigram(st, prev, &cur, 0);
        }
    }
    st->prev = cur;
    st->have_prev = 1;
    st->run_len++;
    return rc;
}

/* The Han run ends: its last character is emitted as a unigram. */
static int han_flush(struct tok_state *st)
{
    int rc = 0;
    if (st->have_prev)
        rc = emit_unigram(st, &st->prev, 0);
    st->have_prev = 0;
    st->run_len = 0;
    return rc;
}

static int word_flush(struct tok_state *st)
{
    int rc = 0;
    if (st->word_len)
        rc = st->cb(st->ctx, 0, st->word, st->word_len, st->word_start, st->word_end);
    st->word_len = 0;
    return rc;
}

static int word_push(struct tok_state *st, uint32_t cp, int start, int end)
{
    char tmp[4];
    size_t n = utf8_put(cp, tmp);
    if (st->word_len && st->word_len + (int)n > (int)sizeof st->word) {
        /* An absurdly long word is cut into pieces rather than dropped. */
        int rc = word_flush(st);
        if (rc)
            return rc;
    }
    if (!st->word_len)
        st->word_start = start;
    memcpy(st->word + st->word_len, tmp, n);
    st->word_len += (int)n;
    st->word_end = end;
    return 0;
}

int fts_tok_run(const char *text, int len, enum fts_tok_mode mode, fts_tok_cb cb, void *ctx)
{
    struct tok_state st;
    memset(&st, 0, sizeof st);
    st.mode = mode;
    st.cb = cb;
    st.ctx = ctx;
    size_t pos = 0;
    size_t n = len > 0 ? (size_t)len : 0;
    int rc = 0;
    while (pos < n && !rc) {
        int start = (int)pos;
        uint32_t cp = utf8_next(text, n, &pos);
        int end = (int)pos;
        /* a CJK ideograph (most of a letter) folds to one, Han again as a rule:
         * the loop below, without its calls */
        if (cp - 0x4E00 <= 0x9FFF - 0x4E00 || cp - 0x3400 <= 0x4DBF - 0x3400) {
            uint32_t h = text_fold_han(cp);
            if (h - 0x4E00 <= 0x9FFF - 0x4E00 || h - 0x3400 <= 0x4DBF - 0x3400) {
                rc = word_flush(&st);
                if (!rc)
                    rc = han_push(&st, h, start, end);
                continue;
            }
        }
        uint32_t f[8];
        int nf = text_fold_cp(cp, f, 8);
        for (int k = 0; k < nf && !rc; k++) {
            switch (text_class(f[k])) {
            case TEXT_HAN:
                rc = word_flush(&st);
                if (!rc)
                    rc = han_push(&st, f[k], start, end);
                break;
            case TEXT_WORD:
                rc = han_flush(&st);
                if (!rc)
                    rc = word_push(&st, f[k], start, end);
                break;
            case TEXT_SPACE:
                /* Space ends a word but not a Han run (line-broken Chinese). */
                rc = word_flush(&st);
                break;
            case TEXT_OTHER:
            default:
                rc = word_flush(&st);
                if (!rc)
                    rc = han_flush(&st);
                break;
            }
        }
    }
    if (!rc)
        rc = word_flush(&st);
    if (!rc && mode == FTS_TOK_QUERY_PAIRS && st.run_len >= 2)
        st.have_prev = 0; /* the last pair implies its last character */
    if (!rc)
        rc = han_flush(&st);
    return rc;
}

/* ---- a few query tokens found in a document (fts_tok_find) ---- */

int fts_tok_set_add(struct fts_tok_set *s, const char *t, int n)
{
    if (n <= 0 || n >= FTS_TOK_WORD_MAX)
        return -1;
    for (int i = 0; i < s->n; i++)
        if (s->t[i].len == n && !memcmp(s->t[i].bytes, t, (size_t)n))
            return i;
    if (s->n == FTS_TOK_SET_MAX)
        return -1;
    /* One or two Han code points, encoded as the tokenizer encodes them: a
     * character or a pair; anything else is matched by its bytes (a word). */
    uint32_t cp[3];
    int ncp = 0;
    size_t p = 0;
    while (p < (size_t)n && ncp < 3)
        cp[ncp++] = utf8_next(t, (size_t)n, &p);
    char again[8];
    size_t na = 0;
    for (int k = 0; k < ncp && k < 2; k++)
        na += utf8_put(cp[k], again + na);
    int han =
        p == (size_t)n && (ncp == 1 || ncp == 2) && na == (size_t)n && !memcmp(again, t, (size_t)n);
    for (int k = 0; han && k < ncp; k++)
        han = text_class(cp[k]) == TEXT_HAN;
    struct fts_tok_want *w = &s->t[s->n];
    memset(w, 0, sizeof *w);
    memcpy(w->bytes, t, (size_t)n);
    w->len = n;
    w->kind = han ? ncp : 3;
    if (han) {
        w->a = cp[0];
        w->b = ncp == 2 ? cp[1] : 0;
        if (ncp == 1)
            s->uni |= 1ULL << (cp[0] & 63);
        else
            s->pair |= 1ULL << (cp[0] & 63);
    }
    return s->n++;
}

struct find_state {
    const struct fts_tok_set *s;
    struct fts_tok_mark **v;
    int *n, *cap;
    char word[256]; /* as tok_state's word */
    int word_len, word_start, word_end;
};

/* The open Han run: its last character and that one's position (kept apart
 * from find_state so that the loop keeps them in registers). */
struct find_run {
    int npos; /* positions so far */
    int have_prev;
    uint32_t prev;
    int prev_pos, prev_start, prev_end;
};

/* Bits for position pos (the last one marked, or a new one after it). */
static int find_mark(struct find_state *f, int pos, int start, int end, uint64_t bits)
{
    if (*f->n && (*f->v)[*f->n - 1].pos == pos) {
        (*f->v)[*f->n - 1].mask |= bits;
        return 0;
    }
    if (*f->n == *f->cap) {
        int cap = *f->cap ? 2 * *f->cap : 64;
        struct fts_tok_mark *p = realloc(*f->v, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        *f->v = p;
        *f->cap = cap;
    }
    (*f->v)[(*f->n)++] = (struct fts_tok_mark){pos, start, end, bits};
    return 0;
}

/* As word_flush: the word is one position, pos. */
static int find_word_flush(struct find_state *f, int pos)
{
    uint64_t bits = 0;
    for (int i = 0; i < f->s->n; i++)
        if (f->s->t[i].kind == 3 && f->s->t[i].len == f->word_len &&
            !memcmp(f->s->t[i].bytes, f->word, (size_t)f->word_len))
            bits |= 1ULL << i;
    f->word_len = 0;
    return bits ? find_mark(f, pos, f->word_start, f->word_end, bits) : 0;
}

/* The pair (a, b) at position pos, or character a, when the set may have it. */
static int find_pair(struct find_state *f, uint32_t a, uint32_t b, int pos, int start, int end)
{
    uint64_t bits = 0;
    for (int i = 0; i < f->s->n; i++)
        if (f->s->t[i].kind == 2 && f->s->t[i].a == a && f->s->t[i].b == b)
            bits |= 1ULL << i;
    return bits ? find_mark(f, pos, start, end, bits) : 0;
}

static int find_char(struct find_state *f, uint32_t a, int pos, int start, int end)
{
    uint64_t bits = 0;
    for (int i = 0; i < f->s->n; i++)
        if (f->s->t[i].kind == 1 && f->s->t[i].a == a)
            bits |= 1ULL << i;
    return bits ? find_mark(f, pos, start, end, bits) : 0;
}

/* As word_flush then han_push: the pair the previous character now makes is
 * at its position, the character at a new one. */
static inline int find_han(struct find_state *f, struct find_run *r, uint32_t cp, int start,
                           int end)
{
    if (f->word_len && find_word_flush(f, r->npos++))
        return -1;
    if (r->have_prev && (f->s->pair >> (r->prev & 63) & 1) &&
        find_pair(f, r->prev, cp, r->prev_pos, r->prev_start, r->prev_end))
        return -1;
    int pos = r->npos++;
    if ((f->s->uni >> (cp & 63) & 1) && find_char(f, cp, pos, start, end))
        return -1;
    r->have_prev = 1;
    r->prev = cp;
    r->prev_pos = pos;
    r->prev_start = start;
    r->prev_end = end;
    return 0;
}

static int find_word_push(struct find_state *f, struct find_run *r, uint32_t cp, int start, int end)
{
    char tmp[4];
    size_t n = utf8_put(cp, tmp);
    if (f->word_len && f->word_len + (int)n > (int)sizeof f->word && find_word_flush(f, r->npos++))
        return -1;
    if (!f->word_len)
        f->word_start = start;
    memcpy(f->word + f->word_len, tmp, n);
    f->word_len += (int)n;
    f->word_end = end;
    return 0;
}

int fts_tok_find(const char *text, int len, const struct fts_tok_set *s, struct fts_tok_mark **v,
                 int *n, int *cap)
{
    struct find_state f;
    f.s = s;
    f.v = v;
    f.n = n;
    f.cap = cap;
    f.word_len = 0;
    struct find_run r = {0, 0, 0, 0, 0, 0};
    size_t pos = 0;
    size_t nb = len > 0 ? (size_t)len : 0;
    while (pos < nb) {
        /* Most of a letter: a character of U+4E00-U+9FFF that folds to one of
         * the same block, decoded and folded here (as decode and
         * text_fold_cp do). */
        const unsigned char *u = (const unsigned char *)text + pos;
        if (u[0] >= 0xE4 && u[0] <= 0xE9 && nb - pos >= 3 && (u[1] & 0xC0) == 0x80 &&
            (u[2] & 0xC0) == 0x80) {
            uint32_t cp =
                ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
            uint32_t c = cp >= 0x4E00 ? text_fold_han(cp) : 0;
            if (c >= 0x4E00 && c <= 0x9FFF) {
                if (find_han(&f, &r, c, (int)pos, (int)pos + 3))
                    return -1;
                pos += 3;
                /* The rest of the run of such characters, in a loop of its own:
                 * a character that is no token of the set, after one that starts
                 * no pair of it (by the set's bits), only takes its position. */
                const uint64_t any = s->uni | s->pair;
                const uint64_t pairs = s->pair;
                int hot = (int)(pairs >> (c & 63) & 1);
                /* Locals, so that the loop keeps them in registers; r holds
                 * them again around a call and after the loop. */
                const unsigned char *t = (const unsigned char *)text;
                size_t q = pos;
                int npos = r.npos;
                uint32_t prev = c;
                while (nb - q >= 3) {
                    unsigned b0 = t[q], b1 = t[q + 1], b2 = t[q + 2];
                    if (b0 - 0xE4u > 5u || ((b1 & 0xC0) ^ 0x80) | ((b2 & 0xC0) ^ 0x80))
                        break;
                    uint32_t wc = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
                    if (wc < 0x4E00)
                        break;
                    wc = text_fold_han(wc);
                    if (wc - 0x4E00u > 0x9FFFu - 0x4E00u)
                        break;
                    if (hot || (any >> (wc & 63) & 1)) {
                        r.npos = npos;
                        r.have_prev = 1;
                        r.prev = prev;
                        if (find_han(&f, &r, wc, (int)q, (int)q + 3))
                            return -1;
                        npos = r.npos;
                        hot = (int)(pairs >> (wc & 63) & 1);
                    } else {
                        /* find_han's bookkeeping, without a pair to look for */
                        npos++;
                    }
                    prev = wc;
                    q += 3;
                }
                pos = q;
                r.npos = npos;
                r.have_prev = 1;
                r.prev = prev;
                continue;
            }
        }
        int start = (int)pos;
        uint32_t cp = utf8_next(text, nb, &pos);
        int end = (int)pos;
        uint32_t fo[8];
        int nf;
        if (cp < 0x80) {
            fo[0] = text_fold_ascii(cp);
            nf = 1;
        } else {
            nf = text_fold_cp(cp, fo, 8);
        }
        for (int k = 0; k < nf; k++) {
            uint32_t c = fo[k];
            enum text_class cl;
            if (c < 0x80)
                cl = text_ascii_class(c);
            else if (c >= 0x4E00 && c <= 0x9FFF)
                cl = TEXT_HAN;
            else
                cl = text_class(c);
            switch (cl) {
            case TEXT_HAN:
                if (find_han(&f, &r, c, start, end))
                    return -1;
                break;
            case TEXT_WORD:
                r.have_prev = 0;
                if (find_word_push(&f, &r, c, start, end))
                    return -1;
                break;
            case TEXT_SPACE:
                if (f.word_len && find_word_flush(&f, r.npos++))
                    return -1;
                break;
            case TEXT_OTHER:
            default:
                if (f.word_len && find_word_flush(&f, r.npos++))
                    return -1;
                r.have_prev = 0;
                break;
            }
        }
    }
    return f.word_len ? find_word_flush(&f, r.npos++) : 0;
}

/* ---- FTS5 glue ---- */

struct dafu_tokenizer {
    int unused;
};

static int tok_create(void *pctx, const char **azArg, int nArg, Fts5Tokenizer **ppOut)
{
    (void)pctx;
    (void)azArg;
    if (nArg > 0)
        return SQLITE_ERROR;
    struct dafu_tokenizer *t = sqlite3_malloc(sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    t->unused = 0;
    *ppOut = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p)
{
    sqlite3_free(p);
}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int len,
                        int (*xToken)(void *, int, const char *, int, int, int))
{
    (void)p;
    enum fts_tok_mode mode = (flags & FTS5_TOKENIZE_QUERY) ? FTS_TOK_QUERY : FTS_TOK_DOCUMENT;
    if (mode == FTS_TOK_QUERY && len > 0 && text[0] == FTS_TOK_PAIRS)
        return fts_tok_run(text + 1, len - 1, FTS_TOK_QUERY_PAIRS, xToken, ctx);
    return fts_tok_run(text, len, mode, xToken, ctx);
}

int fts_tok_create(fts5_api *api)
{
    static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    return api->xCreateTokenizer(api, "dafu", NULL, &tok, NULL);
}

fts5_api *fts_tok_fts5_api(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

#ifndef DAFU_SQLITE_EXTENSION
int fts_tok_register(sqlite3 *db, struct diag *d)
{
    fts5_api *api = fts_tok_fts5_api(db);
    if (!api)
        return diag_error(d, "this SQLite has no FTS5: %s", sqlite3_errmsg(db));
    if (fts_tok_create(api) != SQLITE_OK)
        return diag_error(d, "cannot register the dafu tokenizer: %s", sqlite3_errmsg(db));
    if (highlight_create(api) != SQLITE_OK)
        return diag_error(d, "cannot register dafu_snippet: %s", sqlite3_errmsg(db));
    if (rank_create(api, "reply_fts") != SQLITE_OK)
        return diag_error(d, "cannot register dafu_rank: %s", sqlite3_errmsg(db));
    if (rank_lens_create(db) != SQLITE_OK)
        return diag_error(d, "cannot register dafu_lens: %s", sqlite3_errmsg(db));
    return 0;
}
#endif
