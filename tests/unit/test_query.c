/* The user query language -> FTS5 MATCH expressions. */
#include "buf.h"
#include "check.h"
#include "query.h"

static const char *q(struct buf *b, const char *in, int *rc)
{
    buf_clear(b);
    struct diag d = DIAG_INIT;
    *rc = query_to_match(in, b, &d);
    diag_release(&d);
    return b->data;
}

int main(void)
{
    struct buf b = BUF_INIT;
    int rc;
    /* Terms are quoted literals, ANDed. */
    CHECK_STR(q(&b, "有色金属 郴州", &rc), "\"有色金属\" AND \"郴州\"");
    CHECK_INT(rc, 1);
    /* Phrases stay whole; quotes inside are doubled. */
    CHECK_STR(q(&b, "\"有色 金属\"", &rc), "\"有色 金属\"");
    /* OR between two terms; -term excludes. */
    CHECK_STR(q(&b, "a OR b c", &rc), "(\"a\" OR \"b\") AND \"c\"");
    CHECK_STR(q(&b, "有色 -金属", &rc), "(\"有色\") NOT \"金属\"");
    /* OR at an edge is the word "or". */
    CHECK_STR(q(&b, "OR", &rc), "\"OR\"");
    /* FTS5 syntax is literal text. */
    CHECK_STR(q(&b, "2023-5-12", &rc), "\"2023-5-12\"");
    CHECK_STR(q(&b, "NEAR(", &rc), "\"NEAR(\"");
    CHECK_STR(q(&b, "a:b", &rc), "\"a:b\"");
    CHECK_STR(q(&b, "湘工信建议函[2023]266号", &rc), "\"湘工信建议函[2023]266号\"");
    CHECK_STR(q(&b, "say\"hi", &rc), "\"say\"\"hi\"");
    /* Nothing searchable: 0; only exclusions: an error. */
    CHECK_STR(q(&b, "[ * ^", &rc), "");
    CHECK_INT(rc, 0);
    q(&b, "-金属", &rc);
    CHECK_INT(rc, -1);
    buf_release(&b);
    return check_done();
}
