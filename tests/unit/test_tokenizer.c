/* The dafu FTS5 tokenizer: the exact tokens, flags and byte offsets it emits. */
#include <string.h>

#include "buf.h"
#include "check.h"
#include "fts_tok.h"

static int collect(void *ctx, int flags, const char *t, int n, int s, int e)
{
    struct buf *b = ctx;
    buf_printf(b, "%s%.*s@%d-%d%s", b->len ? " " : "", n, t, s, e,
               (flags & FTS5_TOKEN_COLOCATED) ? "+" : "");
    return 0;
}

static const char *toks(struct buf *b, const char *s, enum fts_tok_mode mode)
{
    buf_clear(b);
    fts_tok_run(s, (int)strlen(s), mode, collect, b);
    return b->data;
}

int main(void)
{
    struct buf b = BUF_INIT;
    /* Documents: each Han character is a position with its unigram as main token,
     * and the bigram with the next character colocated ("+"). */
    CHECK_STR(toks(&b, "有色金属", FTS_TOK_DOCUMENT),
              "有@0-3 有色@0-6+ 色@3-6 色金@3-9+ 金@6-9 金属@6-12+ 属@9-12");
    /* Queries: bigrams in a row, then the last character. */
    CHECK_STR(toks(&b, "有色金属", FTS_TOK_QUERY), "有色@0-6 色金@3-9 金属@6-12 属@9-12");
    CHECK_STR(toks(&b, "郴", FTS_TOK_QUERY), "郴@0-3");
    CHECK_STR(toks(&b, "郴州", FTS_TOK_QUERY), "郴州@0-6 州@3-6");
    /* Latin and digit runs are lower-cased words; full width folds. */
    CHECK_STR(toks(&b, "ABC 0831号", FTS_TOK_DOCUMENT), "abc@0-3 0831@4-8 号@8-11");
    CHECK_STR(toks(&b, "０８３１", FTS_TOK_DOCUMENT), "0831@0-12");
    /* Traditional folds to simplified, offsets stay on the original bytes. */
    CHECK_STR(toks(&b, "衛生", FTS_TOK_QUERY), "卫生@0-6 生@3-6");
    /* A line break inside a Han run does not break it. */
    CHECK_STR(toks(&b, "有\n色", FTS_TOK_DOCUMENT), "有@0-3 有色@0-7+ 色@4-7");
    /* Punctuation breaks runs. */
    CHECK_STR(toks(&b, "金,属", FTS_TOK_DOCUMENT), "金@0-3 属@4-7");
    CHECK_STR(toks(&b, "[(*^\"", FTS_TOK_QUERY), "");
    buf_release(&b);
    return check_done();
}
