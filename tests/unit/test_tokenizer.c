/*
 * The dafu FTS5 tokenizer: the exact tokens, flags and byte offsets it emits, case
 * by case from tests/tokenize/tokens.tsv (a failure names the line).
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

int main(int argc, char **argv)
{
    struct buf path = BUF_INIT;
    buf_printf(&path, "%s/tokenize/tokens.tsv", argc > 1 ? argv[1] : "tests");
    FILE *f = fopen(path.data, "r");
    CHECK(f != NULL);
    if (!f) {
        fprintf(stderr, "cannot open '%s'\n", path.data);
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
        enum fts_tok_mode mode = !strcmp(line, "query") ? FTS_TOK_QUERY : FTS_TOK_DOCUMENT;
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

    buf_release(&longw);
    buf_release(&in);
    buf_release(&got);
    buf_release(&path);
    return check_done();
}
