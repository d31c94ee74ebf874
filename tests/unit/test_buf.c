/* Unit tests of struct buf: growth, the cap, detach, trim. */
#include <stdlib.h>

#include "base/buf.h"
#include "check.h"

int main(void)
{
    /* A fresh buffer is an empty C string. */
    struct buf b = BUF_INIT;
    CHECK_STR(b.data, "");
    CHECK_INT(b.len, 0);

    /* Appends keep the terminator and grow across many doublings. */
    for (int i = 0; i < 1000; i++)
        CHECK(buf_adds(&b, "ab") == 0);
    CHECK_INT(b.len, 2000);
    CHECK_INT(b.data[2000], 0);
    buf_release(&b);
    CHECK_STR(b.data, "");

    /* printf appends formatted text. */
    buf_printf(&b, "%s=%d", "x", 42);
    CHECK_STR(b.data, "x=42");

    /* detach hands the memory over and leaves the buffer empty. */
    char *s = buf_detach(&b);
    CHECK_STR(s, "x=42");
    CHECK_INT(b.len, 0);
    free(s);
    s = buf_detach(&b); /* detaching an empty buffer still gives a string */
    CHECK_STR(s, "");
    free(s);

    /* The cap refuses an append that would pass it and leaves the contents. */
    struct buf c;
    buf_init(&c, 5);
    CHECK(buf_adds(&c, "abc") == 0);
    CHECK(buf_adds(&c, "def") == -1);
    CHECK_STR(c.data, "abc");
    CHECK(buf_adds(&c, "de") == 0);
    CHECK_STR(c.data, "abcde");
    buf_release(&c);

    /* trim removes ASCII space at both ends only. */
    struct buf t = BUF_INIT;
    buf_adds(&t, " \t 中 文 \n");
    buf_trim(&t);
    CHECK_STR(t.data, "中 文");
    buf_truncate(&t, 3);
    CHECK_STR(t.data, "中");
    buf_release(&t);
    return check_done();
}
