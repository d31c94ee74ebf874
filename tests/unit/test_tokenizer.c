/*
 * The dafu FTS5 tokenizer: the exact tokens, flags and byte offsets it emits, case
 * by case from tests/tokenize/tokens.tsv (a failure names the line); and
 * fts_tok_find against the tokens fts_tok_run gives, on 3,000 random texts of
 * what the tokenizer treats apart (Han runs broken by space and punctuation,
 * traditional and full-width forms, code points that fold to several, words
 * longer than its buffer, invalid bytes), each with tokens of its own and others.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "check.h"
#include "fts/fts_tok.h"

static int collect(void *ctx, int flags, const char *t, int n, int s, int e)
{
    struct buf *b = ctx;
    buf_printf(b, "%s%.*s@%d-%d%s", b->len ? " " : "", n, t, s, e,
               (flags & FTS5_TOKEN_COLOCATED) ? "+" : "");
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes the fixture escapes \n \r \t \\ \xHH of s[0..len) into out. */
static void unescape(struct buf *out, const char *s, size_t len)
{
    buf_clear(out);
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\\' || i + 1 >= len) {
            buf_addch(out, s[i]);
            continue;
        }
        char c = s[++i];
        if (c == 'n')
            buf_addch(out, '\n');
        else if (c == 'r')
            buf_addch(out, '\r');
        else if (c == 't')
            buf_addch(out, '\t');
        else if (c == 'x' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            buf_addch(out, hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else
            buf_addch(out, c);
    }
}

/* A callback that stops the tokenizer at its second token. */
static int stop_cb(void *ctx, int flags, const char *t, int n, int s, int e)
{
    (void)flags;
    (void)t;
    (void)n;
    (void)s;
    (void)e;
    return ++*(int *)ctx == 2 ? 99 : 0;
}

/* ---- fts_tok_find against fts_tok_run ---- */

static unsigned long long rng = 0x2545F4914F6CDD1DULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *const pieces[] = {
    "县", "建",   "设",       "縣", "建設",     "水", "库", "庫", "乡村",     "振兴", "A",  "b",
    "Z9", "0831", "０８３１", "Ｘ", "ｘ",       " ",  "\n", "\t", "  ",       "，",   "。", "(",
    "-",  "\xff", "\xe5\xbb", "㍿", "株式会社", "①",  "ﬁ",  "fi", "\xc2\xad", "ä",    "Ä",  "の",
    "ノ", "가",   "𠀀",       "〇", "2023年",   "x1", "é"};
#define NPIECES (sizeof pieces / sizeof pieces[0])

/* Every token fts_tok_run gives for text, one position a main token. */
struct ref {
    struct buf tok[4096];
    int pos[4096], start[4096], end[4096];
    int n, npos;
};

static int ref_cb(void *ctx, int flags, const char *t, int n, int s, int e)
{
    struct ref *r = ctx;
    if (r->n == 4096)
        return 1;
    if (!(flags & FTS5_TOKEN_COLOCATED) || !r->npos)
        r->npos++;
    buf_clear(&r->tok[r->n]);
    buf_add(&r->tok[r->n], t, (size_t)n);
    r->pos[r->n] = r->npos - 1;
    r->start[r->n] = s;
    r->end[r->n] = e;
    r->n++;
    return 0;
}

static int find_matches_run(void)
{
    static struct ref r, other;
    struct buf text = BUF_INIT, esc = BUF_INIT;
    struct fts_tok_mark *m = NULL;
    int cap = 0, bad = 0, marked = 0;
    for (int round = 0; round < 3000 && !bad; round++) {
        buf_clear(&esc);
        int np = 1 + (int)rnd(round % 10 == 0 ? 200 : 30);
        for (int i = 0; i < np; i++)
            buf_adds(&esc, pieces[rnd(NPIECES)]);
        if (round % 50 == 0)
            for (int i = 0; i < 300; i++)
                buf_addch(&esc, "ab1"[rnd(3)]); /* past the word buffer */
        unescape(&text, esc.data, esc.len);
        r.n = r.npos = 0;
        fts_tok_run(text.data, (int)text.len, FTS_TOK_DOCUMENT, ref_cb, &r);
        /* The set: some of the text's tokens and some of another text's. */
        buf_clear(&esc);
        for (int i = 0; i < 6; i++)
            buf_adds(&esc, pieces[rnd(NPIECES)]);
        struct buf t2 = BUF_INIT;
        unescape(&t2, esc.data, esc.len);
        other.n = other.npos = 0;
        fts_tok_run(t2.data, (int)t2.len, FTS_TOK_QUERY, ref_cb, &other);
        struct fts_tok_set set;
        memset(&set, 0, sizeof set);
        int want = 1 + (int)rnd(8);
        for (int i = 0; i < want && r.n; i++) {
            const struct buf *b = &r.tok[rnd((unsigned)r.n)];
            fts_tok_set_add(&set, b->data, (int)b->len);
        }
        for (int i = 0; i < other.n && i < 4; i++)
            fts_tok_set_add(&set, other.tok[i].data, (int)other.tok[i].len);
        buf_release(&t2);
        /* What the tokens say: the positions with tokens of the set. */
        struct fts_tok_mark expect[4096];
        int ne = 0;
        for (int i = 0; i < r.n; i++) {
            uint64_t bits = 0;
            for (int k = 0; k < set.n; k++)
                if ((size_t)set.t[k].len == r.tok[i].len &&
                    !memcmp(set.t[k].bytes, r.tok[i].data, r.tok[i].len))
                    bits |= 1ULL << k;
            if (!bits)
                continue;
            if (ne && expect[ne - 1].pos == r.pos[i]) {
                expect[ne - 1].mask |= bits;
                continue;
            }
            /* The position's main token is the first at it. */
            int j = i;
            while (j > 0 && r.pos[j - 1] == r.pos[i])
                j--;
            expect[ne++] = (struct fts_tok_mark){r.pos[i], r.start[j], r.end[j], bits};
        }
        int n = 0;
        CHECK_INT(fts_tok_find(text.data, (int)text.len, &set, &m, &n, &cap), 0);
        int same = n == ne;
        for (int i = 0; same && i < n; i++)
            same = m[i].pos == expect[i].pos && m[i].start == expect[i].start &&
                   m[i].end == expect[i].end && m[i].mask == expect[i].mask;
        if (!same) {
            fprintf(stderr, "fts_tok_find differs from the tokens on '%s' (%d marks, want %d)\n",
                    text.data, n, ne);
            bad = 1;
        }
        marked += ne;
    }
    CHECK(!bad);
    CHECK(marked > 3000); /* the texts do hold the sets' tokens */
    for (int i = 0; i < 4096; i++) {
        buf_release(&r.tok[i]);
        buf_release(&other.tok[i]);
    }
    free(m);
    buf_release(&text);
    buf_release(&esc);
    return bad;
}

int main(int argc, char **argv)
{
    struct buf path = BUF_INIT;
    buf_printf(&path, "%s/tokenize/tokens.tsv", argc > 1 ? argv[1] : "tests");
    FILE *f = fopen(path.data, "r");
    CHECK(f != NULL);
    if (!f) {
        fprintf(stderr, "cannot open '%s'\n", path.data);
        buf_release(&path);
        return check_done();
    }
    char line[4096];
    int lineno = 0;
    int cases = 0;
    struct buf in = BUF_INIT;
    struct buf got = BUF_INIT;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = 0;
        if (!line[0] || line[0] == '#')
            continue;
        char *tab1 = strchr(line, '\t');
        char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (!tab2) {
            fprintf(stderr, "%s:%d: want mode<TAB>input<TAB>tokens\n", path.data, lineno);
            CHECK(0);
            continue;
        }
        *tab1 = 0;
        enum fts_tok_mode mode = !strcmp(line, "query")   ? FTS_TOK_QUERY
                                 : !strcmp(line, "pairs") ? FTS_TOK_QUERY_PAIRS
                                                          : FTS_TOK_DOCUMENT;
        unescape(&in, tab1 + 1, (size_t)(tab2 - tab1 - 1));
        buf_clear(&got);
        fts_tok_run(in.data, (int)in.len, mode, collect, &got);
        if (strcmp(got.data, tab2 + 1)) {
            fprintf(stderr, "%s:%d: %s '%.*s':\n  got  '%s'\n  want '%s'\n", path.data, lineno,
                    line, (int)(tab2 - tab1 - 1), tab1 + 1, got.data, tab2 + 1);
            CHECK(0);
        } else {
            CHECK(1);
        }
        cases++;
    }
    fclose(f);
    CHECK(cases >= 30);

    /* A non-zero return from the callback stops the tokenizer and is passed on. */
    int n = 0;
    CHECK_INT(fts_tok_run("有色金属", (int)strlen("有色金属"), FTS_TOK_DOCUMENT, stop_cb, &n), 99);
    CHECK_INT(n, 2);
    /* A word longer than the token buffer is cut into pieces, not dropped. */
    struct buf longw = BUF_INIT;
    for (int i = 0; i < 300; i++)
        buf_addch(&longw, 'a');
    buf_clear(&got);
    fts_tok_run(longw.data, (int)longw.len, FTS_TOK_DOCUMENT, collect, &got);
    CHECK(strstr(got.data, "@0-256 ") != NULL && strstr(got.data, "@256-300") != NULL);

    find_matches_run();

    buf_release(&longw);
    buf_release(&in);
    buf_release(&got);
    buf_release(&path);
    return check_done();
}
