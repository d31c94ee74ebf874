/* Unit tests of struct slots, the hash index over an array (base/slots.h):
 * where entries land, collisions, growth, and the FNV-1a hash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/slots.h"
#include "check.h"

/* Entries: numbers, with a hash the test chooses. */
struct set {
    long v[5000];
    size_t h[5000];
    size_t n;
    struct slots s;
    int rehashed; /* calls of hash_of */
};

static size_t hash_of(const void *ctx, size_t i)
{
    struct set *t = (struct set *)ctx;
    t->rehashed++;
    return t->h[i];
}

struct key {
    const struct set *t;
    long v;
};

static int same(const void *ctx, size_t i)
{
    const struct key *k = ctx;
    return k->t->v[i] == k->v;
}

/* Adds v with hash h unless it is there: 1 added, 0 there, -1 no memory. */
static int add(struct set *t, long v, size_t h)
{
    if (slots_room(&t->s, t->n, 8, hash_of, t))
        return -1;
    struct key k = {t, v};
    size_t *at = slots_find(&t->s, h, same, &k);
    if (*at)
        return 0;
    t->v[t->n] = v;
    t->h[t->n] = h;
    *at = ++t->n;
    return 1;
}

/* The place + 1 of v, or 0. */
static size_t find(struct set *t, long v, size_t h)
{
    struct key k = {t, v};
    return *slots_find(&t->s, h, same, &k);
}

/* The table as text: a slot a character, '.' empty, else the entry's value. */
static void layout(const struct set *t, char *out)
{
    for (size_t j = 0; j < t->s.cap; j++)
        out[j] = t->s.slot[j] ? (char)('0' + t->v[t->s.slot[j] - 1]) : '.';
    out[t->s.cap] = 0;
}

int main(void)
{
    static struct set t = {.s = SLOTS_INIT};
    char l[64];

    /* The first room: `first` slots, nothing placed again. */
    CHECK_INT(add(&t, 1, 3), 1);
    CHECK_INT(t.s.cap, 8);
    CHECK_INT(t.rehashed, 0);
    layout(&t, l);
    CHECK_STR(l, "...1....");

    /* Collisions probe the next slots, wrapping round the end; an entry that
     * is there is found where it was put, not added again. */
    CHECK_INT(add(&t, 2, 3), 1);
    CHECK_INT(add(&t, 3, 7), 1);
    CHECK_INT(add(&t, 4, 7 + 8), 1); /* the same slot, modulo 8 */
    layout(&t, l);
    CHECK_STR(l, "4..12..3");
    CHECK_INT(find(&t, 4, 15), 4);
    CHECK_INT(find(&t, 2, 3), 2);
    CHECK_INT(find(&t, 5, 3), 0); /* absent: the search ends at an empty slot */
    CHECK_INT(find(&t, 9, 7), 0);

    /* Half full at most: the next add, even of an entry that is there, makes
     * room for a fifth by doubling the table, and the four are placed again by
     * their hashes, in order of place. */
    CHECK_INT(t.rehashed, 0);
    CHECK_INT(add(&t, 4, 15), 0);
    CHECK_INT(t.s.cap, 16);
    CHECK_INT(t.rehashed, 4);
    layout(&t, l);
    CHECK_STR(l, "...12..3.......4");
    CHECK_INT(add(&t, 2, 3), 0);
    CHECK_INT(add(&t, 5, 4), 1);
    CHECK_INT(t.n, 5);
    CHECK_INT(t.rehashed, 4);
    layout(&t, l);
    CHECK_STR(l, "...125.3.......4");
    for (long v = 1; v <= 5; v++)
        CHECK_INT(find(&t, v, v == 5 ? 4 : v == 4 ? 15 : v == 3 ? 7 : 3), (size_t)v);

    /* Growth across many doublings, every hash in one slot: every entry is
     * still found, once; the table stays a power of two at most half full. */
    slots_release(&t.s);
    CHECK(t.s.slot == NULL);
    CHECK_INT(t.s.cap, 0);
    t.n = 0;
    t.rehashed = 0;
    for (long v = 0; v < 300; v++)
        CHECK_INT(add(&t, v, 42), 1);
    CHECK_INT(t.s.cap, 1024);
    for (long v = 0; v < 300; v++) {
        CHECK_INT(add(&t, v, 42), 0);
        CHECK_INT(find(&t, v, 42), (size_t)v + 1);
    }
    size_t used = 0;
    for (size_t j = 0; j < t.s.cap; j++)
        used += t.s.slot[j] != 0;
    CHECK_INT(used, 300);
    /* ...and with hashes spread out, 5,000 entries. */
    slots_release(&t.s);
    t.n = 0;
    for (long v = 0; v < 5000; v++)
        CHECK_INT(add(&t, v, slots_hash(&v, sizeof v)), 1);
    CHECK_INT(t.s.cap, 16384);
    for (long v = 0; v < 5000; v++)
        CHECK_INT(find(&t, v, slots_hash(&v, sizeof v)), (size_t)v + 1);
    long absent = 5000;
    CHECK_INT(find(&t, absent, slots_hash(&absent, sizeof absent)), 0);
    slots_release(&t.s);

    /* A table made for a list that holds entries already: room for one more
     * than they are, at once (first is rounded up to a power of two). */
    t.n = 0;
    for (long v = 0; v < 20; v++) {
        t.v[v] = v;
        t.h[v] = (size_t)v * 3;
    }
    t.n = 20;
    t.rehashed = 0;
    CHECK_INT(slots_room(&t.s, t.n, 5, hash_of, &t), 0);
    CHECK_INT(t.s.cap, 64);
    CHECK_INT(t.rehashed, 20);
    for (long v = 0; v < 20; v++)
        CHECK_INT(find(&t, v, (size_t)v * 3), (size_t)v + 1);
    CHECK_INT(slots_room(&t.s, t.n, 5, hash_of, &t), 0); /* room already */
    CHECK_INT(t.rehashed, 20);
    slots_release(&t.s);

    /* FNV-1a, 64 bits: the published values, the same for a C string. */
    CHECK_INT(slots_hash("", 0), (size_t)0xcbf29ce484222325ULL);
    CHECK_INT(slots_hash("a", 1), (size_t)0xaf63dc4c8601ec8cULL);
    CHECK_INT(slots_hash("foobar", 6), (size_t)0x85944171f73967e8ULL);
    CHECK_INT(slots_hash_str("foobar"), slots_hash("foobar", 6));
    CHECK_INT(slots_hash_str("代表"), slots_hash("代表", strlen("代表")));
    return check_done();
}
