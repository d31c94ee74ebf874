/* Unit tests of struct buf: growth, the cap, detach, trim, and failures that stick
 * (with allocation failures injected through buf_set_allocator). */
#include <stdint.h>
#include <stdlib.h>

#include "base/array.h"
#include "base/buf.h"
#include "base/diag.h"
#include "base/pack.h"
#include "base/varint.h"
#include "check.h"
#include "util.h"

/* Packed evidence (base/pack.h): any bytes pack and unpack to themselves. Texts
 * made of the parser's pieces (fields and places it knows, and others; lines given
 * again; the bytes the packed form uses as its operations; a piece cut short at the
 * end) and of random bytes; the parser's kind of evidence packs to a third. */
static unsigned pack_seed = 12345;
static unsigned pack_rnd(void)
{
    pack_seed = pack_seed * 1103515245u + 12345u;
    return pack_seed >> 16;
}

static void pack_round_trips(void)
{
    static const char *const pieces[] = {"{",
                                         "}",
                                         ",",
                                         "\"body\":{\"from\":\"header\",\"line\":",
                                         "\"title\":{\"from\":\"opening\",\"line\":",
                                         "\"category\":{\"from\":\"department name\",\"line\":",
                                         "\"other\":{\"from\":\"header\",\"line\":",
                                         "\"kind\":{\"from\":\"elsewhere\",\"line\":",
                                         "\"kind\":{\"from\":\"header\",\"line\"",
                                         "\"某县关于第12号建议的答复\"",
                                         "\"某县关于第12号建议的\\\"答复\\\"\"",
                                         "\"\"",
                                         "\"x\\\\\"",
                                         "\"unclosed",
                                         "\x01",
                                         "\x02",
                                         "\x03",
                                         "\x01\x02\x03",
                                         "\"department\":{\"from\":\"page footer\",\"line\":",
                                         "\"number\":{\"from\":\"above header\",\"line\":"};
    struct buf s = BUF_INIT, p = BUF_INIT, u = BUF_INIT;
    for (int round = 0; round < 3000; round++) {
        buf_clear(&s);
        int n = (int)(pack_rnd() % 40);
        for (int i = 0; i < n; i++) {
            if (pack_rnd() % 8 == 0) {
                buf_addch(&s, (int)(pack_rnd() % 256));
                continue;
            }
            const char *pc = pieces[pack_rnd() % (sizeof pieces / sizeof *pieces)];
            size_t len = strlen(pc);
            buf_add(&s, pc, i == n - 1 && len ? pack_rnd() % len : len);
        }
        CHECK_INT(pack_text(s.data, s.len, NULL, 0, &p), 0);
        CHECK_INT(unpack_text(p.data, p.len, NULL, 0, &u), 0);
        CHECK_INT(u.len, s.len);
        CHECK(u.len == s.len && !memcmp(u.data, s.data, s.len));
        CHECK(p.len <= 2 * s.len + 1 + PACK_SUM_BYTES);
    }
    /* a field's place packs as one code, the last place named as the first */
    buf_clear(&s);
    buf_adds(&s, "{\"number\":{\"from\":\"above header\",\"line\":\"第27号\"}}");
    CHECK_INT(pack_text(s.data, s.len, NULL, 0, &p), 0);
    CHECK(memchr(p.data, 0x02, p.len) != NULL && p.len + 30 < s.len);
    CHECK_INT(unpack_text(p.data, p.len, NULL, 0, &u), 0);
    CHECK_STR(u.data, s.data);
    buf_clear(&s);
    buf_adds(&s, "{");
    static const char *const f[] = {"body", "level", "region", "term", "session", "kind", "number"};
    for (int i = 0; i < 7; i++)
        buf_printf(&s,
                   "\"%s\":{\"from\":\"header\",\"line\":\"某县财政局关于某县第十五届人民代表大会"
                   "第三次会议第233号建议的答复\"},",
                   f[i]);
    buf_adds(&s, "\"department\":{\"from\":\"signature\",\"line\":\"某县财政局\"}}");
    CHECK_INT(pack_text(s.data, s.len, NULL, 0, &p), 0);
    CHECK(p.len * 3 < s.len);
    CHECK_INT(unpack_text(p.data, p.len, NULL, 0, &u), 0);
    CHECK_STR(u.data, s.data);
    /* Against the letter's text (schema 049): a line the text holds is a
     * reference to it, one it does not hold stays as written, a line given again
     * refers to the first; it unpacks with the same text, and is refused with a
     * text too short for it. */
    static const char text[] = "某县财政局关于某县第十五届人民代表大会第三次会议第233号建议的答复\n"
                               "王明代表：\n您提出的建议收悉。\x04\n某县财政局\n2023年5月6日";
    buf_clear(&s);
    buf_adds(&s, "{");
    for (int i = 0; i < 3; i++)
        buf_printf(&s,
                   "\"%s\":{\"from\":\"header\",\"line\":\"某县财政局关于某县第十五届人民代表大会"
                   "第三次会议第233号建议的答复\"},",
                   f[i]);
    buf_adds(&s, "\"delegates\":{\"from\":\"salutation\",\"line\":\"王明代表：\"},"
                 "\"title\":{\"from\":\"opening\",\"line\":\"关于修路的建议（不在正文）\"},"
                 "\"date\":{\"from\":\"signature\",\"line\":\"2023年5月6日\"},"
                 "\"x\":\"\x04\"}");
    CHECK_INT(pack_text(s.data, s.len, text, strlen(text), &p), 0);
    CHECK_INT((unsigned char)p.data[0], PACK_FORMAT_SUM);
    CHECK(p.len * 4 < s.len);
    CHECK(memchr(p.data, '\x04', p.len) != NULL);
    CHECK_INT(unpack_text(p.data, p.len, text, strlen(text), &u), 0);
    CHECK_STR(u.data, s.data);
    /* Stale (schema 054): no text, a text too short for a reference (the lines
     * given again then refer past what was unpacked: stale still, not damaged),
     * a text of the same length whose referred bytes changed (王 -> 李). A change
     * where no reference reads (您 -> 你) leaves it as it was. A stale blob that is
     * damaged too is damaged. */
    CHECK_INT(unpack_text(p.data, p.len, NULL, 0, &u), -3);
    CHECK_INT(unpack_text(p.data, p.len, text, 40, &u), -3);
    char edited[sizeof text];
    memcpy(edited, text, sizeof text);
    char *at = strstr(edited, "王明");
    memcpy(at, "李", 3);
    CHECK_INT(unpack_text(p.data, p.len, edited, strlen(edited), &u), -3);
    memcpy(edited, text, sizeof text);
    at = strstr(edited, "您提出");
    memcpy(at, "你", 3);
    CHECK_INT(unpack_text(p.data, p.len, edited, strlen(edited), &u), 0);
    CHECK_STR(u.data, s.data);
    struct buf bad = BUF_INIT;
    buf_add(&bad, p.data, p.len);
    buf_add(&bad, "\x02\x0e\x00", 3);
    CHECK_INT(unpack_text(bad.data, bad.len, text, 40, &u), -2);
    CHECK_INT(unpack_text(bad.data, 3, text, strlen(text), &u), -2); /* the sum cut short */
    /* Schema 049's format, without the sum: it reads as before, and is stale
     * only when a reference is past the text. */
    buf_clear(&bad);
    buf_addch(&bad, PACK_FORMAT_TEXT);
    buf_add(&bad, p.data + 1 + PACK_SUM_BYTES, p.len - 1 - PACK_SUM_BYTES);
    CHECK_INT(unpack_text(bad.data, bad.len, text, strlen(text), &u), 0);
    CHECK_STR(u.data, s.data);
    CHECK_INT(unpack_text(bad.data, bad.len, text, 40, &u), -3);
    buf_release(&bad);
    /* A reference to the text with no text (a NULL reply.text) is stale, of no
     * bytes too: pack_text writes none such. */
    CHECK_INT(unpack_text("\x02{\x04\x00\x00}", 6, NULL, 0, &u), -3);
    CHECK_INT(unpack_text("\x02{\x04\x00\x00}", 6, "", 0, &u), 0);
    CHECK_STR(u.data, "{}");
    /* Random texts against a text made of the same pieces. */
    struct buf t = BUF_INIT;
    for (int round = 0; round < 3000; round++) {
        buf_clear(&s);
        buf_clear(&t);
        int n = (int)(pack_rnd() % 40);
        for (int i = 0; i < n; i++) {
            const char *pc = pieces[pack_rnd() % (sizeof pieces / sizeof *pieces)];
            buf_adds(pack_rnd() % 2 ? &s : &t, pc);
            if (pack_rnd() % 8 == 0)
                buf_addch(&s, (int)(pack_rnd() % 256));
        }
        CHECK_INT(pack_text(s.data, s.len, t.data, t.len, &p), 0);
        CHECK_INT(unpack_text(p.data, p.len, t.data, t.len, &u), 0);
        CHECK(u.len == s.len && !memcmp(u.data, s.data, s.len));
    }
    buf_release(&t);
    /* A blob of the first format has no references to a text: its 0x04 is a byte. */
    CHECK_INT(unpack_text("\x01{\x04\x02\x07\x04\"x\"}", 10, NULL, 0, &u), 0);
    CHECK_STR(u.data, "{\x04\"department\":{\"from\":\"signature\",\"line\":\"x\"}");
    buf_release(&s);
    buf_release(&p);
    buf_release(&u);
}

/* SQLite's varints (the highest 7 bits first, a ninth byte whole), as FTS5's
 * %_docsize holds the columns' lengths, and their sum (rank.c, lens.c, topk.c):
 * 300 is 82 2C there, and LEB128 (varint_get) reads those bytes as 5634. */
static void sqlite_varints(void)
{
    static const unsigned char p[] = {0x05, 0x82, 0x2C, 0x7F, 0xFF, 0xFF, 0xFF,
                                      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81};
    size_t at = 0;
    unsigned long long v = 0;
    CHECK_INT(varint_sqlite_get(p, sizeof p, &at, &v), 0);
    CHECK(v == 5 && at == 1);
    CHECK_INT(varint_sqlite_get(p, sizeof p, &at, &v), 0);
    CHECK(v == 300 && at == 3);
    CHECK_INT(varint_sqlite_get(p, sizeof p, &at, &v), 0);
    CHECK(v == 127 && at == 4);
    CHECK_INT(varint_sqlite_get(p, sizeof p, &at, &v), 0);
    CHECK(v == UINT64_MAX && at == 13);
    CHECK_INT(varint_sqlite_get(p, sizeof p, &at, &v), -1); /* 0x81: cut short */
    CHECK(varint_sqlite_sum(p, 4) == 432);
    CHECK(varint_sqlite_sum(p, 3) == 305);
    CHECK(varint_sqlite_sum(p + 13, 1) == 0);
    CHECK(varint_sqlite_sum(p, 0) == 0);
    at = 1;
    CHECK_INT(varint_get_at(p, sizeof p, &at, &v), 0);
    CHECK(v == 5634);
}

int main(void)
{
    sqlite_varints();
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

    /* The cap refuses an append that would pass it and leaves the contents; the
     * refusal sticks, so no later append can leave a hole in the text. */
    struct buf c;
    buf_init(&c, 5);
    CHECK(buf_adds(&c, "abc") == 0);
    CHECK(!buf_failed(&c));
    CHECK(buf_adds(&c, "def") == -1);
    CHECK_STR(c.data, "abc");
    CHECK(buf_failed(&c));
    CHECK(buf_adds(&c, "de") == -1);
    CHECK(buf_addch(&c, 'd') == -1);
    CHECK(buf_printf(&c, "%d", 1) == -1);
    CHECK(buf_grow(&c, 0) == -1);
    CHECK_STR(c.data, "abc");
    CHECK_INT(c.len, 3);
    buf_truncate(&c, 2); /* a failure stays through truncation */
    CHECK(buf_failed(&c));
    CHECK_STR(c.data, "ab");
    /* A cleared buffer starts a new text: the cap still holds, the failure is gone. */
    buf_clear(&c);
    CHECK(!buf_failed(&c));
    CHECK(buf_adds(&c, "abcde") == 0);
    CHECK_STR(c.data, "abcde");
    CHECK(buf_addch(&c, 'f') == -1);
    /* detach of a failed buffer gives NULL and leaves an empty, usable buffer. */
    CHECK(buf_detach(&c) == NULL);
    CHECK(!buf_failed(&c));
    CHECK_STR(c.data, "");
    CHECK_INT(c.len, 0);
    CHECK(buf_adds(&c, "de") == 0);
    CHECK_STR(c.data, "de");
    buf_release(&c);

    /* A size that cannot be allocated fails, and sticks, before any allocation. */
    struct buf h = BUF_INIT;
    CHECK(buf_adds(&h, "x") == 0);
    CHECK(buf_grow(&h, SIZE_MAX - 1) == -1);
    CHECK(buf_failed(&h));
    CHECK(buf_adds(&h, "y") == -1);
    CHECK_STR(h.data, "x");
    buf_release(&h);
    CHECK(!buf_failed(&h));
    CHECK(buf_adds(&h, "y") == 0);
    CHECK_STR(h.data, "y");
    buf_release(&h);

    /* Allocation failures injected at every allocation of a text built by a run of
     * appends whose results are not looked at: each time the buffer ends failed,
     * holding exactly the text appended before the failing append, and detach
     * gives NULL. Without the failure the same run gives the whole text. */
    static const char piece[] = "答复0123456789abcdef";
    struct buf whole = BUF_INIT;
    for (int i = 0; i < 200; i++)
        buf_printf(&whole, "%s%d;", piece, i);
    CHECK(!buf_failed(&whole));
    int allocations = 0;
    for (fail_at = 1;; fail_at++) {
        alloc_calls = 0;
        buf_set_allocator(failing_realloc);
        struct buf f = BUF_INIT;
        size_t before = 0; /* length before the append that failed */
        for (int i = 0; i < 200; i++) {
            size_t len = f.len;
            if (buf_printf(&f, "%s%d;", piece, i) && !before && i)
                before = len;
        }
        buf_set_allocator(NULL);
        if (alloc_calls < fail_at) { /* no allocation failed: the whole text */
            CHECK(!buf_failed(&f));
            CHECK_STR(f.data, whole.data);
            allocations = (int)alloc_calls;
            buf_release(&f);
            break;
        }
        CHECK(buf_failed(&f));
        CHECK_INT(f.len, before);
        CHECK(!memcmp(f.data, whole.data, f.len));
        CHECK_INT(f.data[f.len], 0);
        CHECK(buf_adds(&f, "z") == -1);
        CHECK(buf_detach(&f) == NULL);
        CHECK(!buf_failed(&f));
        CHECK(buf_adds(&f, "z") == 0); /* the allocator works again */
        CHECK_STR(f.data, "z");
        buf_release(&f);
    }
    CHECK(allocations >= 6); /* 64 bytes doubled up to the ~5 KB text */
    buf_release(&whole);

    /* A message that could not be written whole reads "out of memory". */
    struct diag d = DIAG_INIT;
    alloc_calls = 0;
    fail_at = 1;
    buf_set_allocator(failing_realloc);
    diag_error(&d, "cannot read '%s'", "letters/0831.txt");
    buf_set_allocator(NULL);
    CHECK_STR(diag_msg(&d), "out of memory");
    diag_error(&d, "cannot read '%s'", "letters/0831.txt");
    CHECK_STR(diag_msg(&d), "cannot read 'letters/0831.txt'");
    diag_release(&d);

    /* trim removes ASCII space at both ends only. */
    struct buf t = BUF_INIT;
    buf_adds(&t, " \t 中 文 \n");
    buf_trim(&t);
    CHECK_STR(t.data, "中 文");
    buf_truncate(&t, 3);
    CHECK_STR(t.data, "中");
    /* a NUL is no white space: it stays, and the space before it too */
    buf_clear(&t);
    buf_add(&t, " a \0", 4);
    buf_trim(&t);
    CHECK_INT(t.len, 3);
    CHECK(memcmp(t.data, "a \0", 3) == 0);
    buf_release(&t);

    /* ARRAY_RESERVE: the first size, then doubling, and as far as one call needs. */
    struct pair {
        long long id;
        int band;
    } *v = NULL;
    size_t cap = 0;
    CHECK_INT(ARRAY_RESERVE(v, cap, 1, 16), 0);
    CHECK(v != NULL);
    CHECK_INT(cap, 16);
    for (int i = 0; i < 16; i++)
        v[i] = (struct pair){i, -i};
    CHECK_INT(ARRAY_RESERVE(v, cap, 16, 16), 0);
    CHECK_INT(cap, 16);
    CHECK_INT(ARRAY_RESERVE(v, cap, 17, 16), 0);
    CHECK_INT(cap, 32);
    CHECK_INT(ARRAY_RESERVE(v, cap, 200, 16), 0);
    CHECK_INT(cap, 256);
    CHECK_INT(v[15].id, 15); /* what it held is kept */
    CHECK_INT(v[15].band, -15);
    /* A size that does not fit a size_t is refused and leaves the array as it was. */
    struct pair *was = v;
    CHECK_INT(ARRAY_RESERVE(v, cap, SIZE_MAX / 4, 16), -1);
    CHECK(v == was);
    CHECK_INT(cap, 256);
    CHECK_INT(ARRAY_RESERVE(v, cap, SIZE_MAX, 16), -1);
    CHECK_INT(cap, 256);
    free(v);

    /* ARRAY_FIND_U32: a binary search on a member that need not come first. */
    struct keyed {
        uint16_t tag;
        uint32_t cp;
    } kt[] = {{1, 0x30}, {2, 0x4E00}, {3, 0x4E01}, {4, 0x9FA5}, {5, 0x20000}};
    size_t nt = sizeof kt / sizeof kt[0];
    CHECK_INT(ARRAY_FIND_U32(kt, nt, cp, 0x30), 0);
    CHECK_INT(ARRAY_FIND_U32(kt, nt, cp, 0x4E01), 2);
    CHECK_INT(ARRAY_FIND_U32(kt, nt, cp, 0x20000), 4);
    CHECK_INT(ARRAY_FIND_U32(kt, nt, cp, 0x4E02), 5);  /* between two keys */
    CHECK_INT(ARRAY_FIND_U32(kt, nt, cp, 0x2F), 5);    /* before the first */
    CHECK_INT(ARRAY_FIND_U32(kt, nt, cp, 0x20001), 5); /* after the last */
    CHECK_INT(ARRAY_FIND_U32(kt, 0, cp, 0x30), 0);     /* an empty array */
    CHECK_INT(kt[ARRAY_FIND_U32(kt, nt, cp, 0x9FA5)].tag, 4);
    pack_round_trips();
    return check_done();
}
