/* agg: groups added up in memory (see agg.h). */
#include "search/agg.h"

#include <stdlib.h>
#include <string.h>

#include "base/array.h"

static size_t agg_hash(const char *key, long long id)
{
    if (!key)
        return (size_t)id * (size_t)0x9E3779B97F4A7C15ULL ^ (size_t)14695981039346656037ULL;
    return slots_hash_str(key);
}

static size_t agg_hash_of(const void *ctx, size_t i)
{
    return ((const struct agg *)ctx)[i].h;
}

/* What agg_add looks for. */
struct agg_key {
    const struct agg *v;
    int by_id;
    const char *key;
    long long id;
    size_t h;
};

static int agg_same(const void *ctx, size_t i)
{
    const struct agg_key *k = ctx;
    const struct agg *g = &k->v[i];
    return g->h == k->h &&
           (k->by_id ? g->id == k->id : !g->key == !k->key && (!k->key || !strcmp(g->key, k->key)));
}

char *agg_dup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    return c ? memcpy(c, s, n) : NULL;
}

int agg_set_latest(struct agg *g, const char *latest)
{
    size_t n = latest ? strlen(latest) : 0;
    char *l = NULL;
    /* "" is a date, not none: kept apart, as a long one is */
    if (latest && (n == 0 || n >= sizeof g->day) && !(l = agg_dup(latest)))
        return -1;
    free(g->latest_long);
    g->latest_long = l;
    if (l || !latest)
        g->day[0] = 0;
    else
        memcpy(g->day, latest, n + 1);
    return 0;
}

/* Adds n replies of newest date latest to the group of key (by_id: of id).
 * Returns 0 or -1 when memory runs out. */
int agg_add(struct aggs *a, int by_id, const char *key, long long id, long long n,
            const char *latest)
{
    if (slots_room(&a->index, a->n, 1024, agg_hash_of, a->v))
        return -1;
    struct agg_key k = {a->v, by_id, by_id ? NULL : key, id, agg_hash(by_id ? NULL : key, id)};
    size_t *at = slots_find(&a->index, k.h, agg_same, &k);
    if (*at) {
        struct agg *g = &a->v[*at - 1];
        g->n += n;
        const char *cur = agg_latest(g);
        if (latest && (!cur || strcmp(latest, cur) > 0))
            return agg_set_latest(g, latest);
        return 0;
    }
    if (ARRAY_RESERVE(a->v, a->cap, a->n + 1, 256))
        return -1;
    struct agg *g = &a->v[a->n];
    *g = (struct agg){k.key ? agg_dup(key) : NULL, NULL, NULL, "", id, n, k.h};
    if ((k.key && !g->key) || agg_set_latest(g, latest)) {
        free(g->key);
        return -1;
    }
    *at = ++a->n;
    return 0;
}

int agg_append(struct aggs *a, long long id, long long n, const char *latest)
{
    if (a->index.cap) /* indexed already: kept so */
        return agg_add(a, 1, NULL, id, n, latest);
    if (ARRAY_RESERVE(a->v, a->cap, a->n + 1, 256))
        return -1;
    struct agg *g = &a->v[a->n];
    *g = (struct agg){NULL, NULL, NULL, "", id, n, agg_hash(NULL, id)};
    if (agg_set_latest(g, latest))
        return -1;
    a->n++;
    return 0;
}

void aggs_release(struct aggs *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->v[i].key);
        free(a->v[i].extra);
        free(a->v[i].latest_long);
    }
    free(a->v);
    slots_release(&a->index);
}

/* Keeps in h[0..*n) the cap largest of the values passed (h[0] the least). */
void agg_heap_keep(long long *h, size_t *n, size_t cap, long long v)
{
    size_t i;
    if (*n < cap) {
        for (i = (*n)++; i > 0 && h[(i - 1) / 2] > v; i = (i - 1) / 2)
            h[i] = h[(i - 1) / 2];
        h[i] = v;
        return;
    }
    if (v <= h[0])
        return;
    for (i = 0;;) {
        size_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && h[c + 1] < h[c])
            c++;
        if (h[c] >= v)
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = v;
}

/* By key (NULL first), as ORDER BY 1 does. */
static int by_key(const void *x, const void *y)
{
    const struct agg *a = x, *b = y;
    if (!a->key || !b->key)
        return !b->key - !a->key;
    return strcmp(a->key, b->key);
}

/* By key, the largest first (NULL last), as ORDER BY 1 DESC does. */
static int by_key_desc(const void *x, const void *y)
{
    return by_key(y, x);
}

/* The order of the SQL groupings: largest first, then by key (NULL first, as
 * SQLite's BINARY collation orders them). */
static int by_count_key(const void *x, const void *y)
{
    const struct agg *a = x, *b = y;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return by_key(x, y);
}

/* Passes the groups of a (grouping g) to cb in the order of group_shapes, the
 * page of o's limit and offset. Returns the rows passed, or -1 with d set. */
long agg_emit(struct db *db, const struct search_opts *o, enum search_group g, struct aggs *a,
              search_group_cb cb, void *ctx, struct diag *d)
{
    int by_id = g == GROUP_DELEGATE;
    sqlite3_stmt *name = NULL;
    long rows = -1;
    /* The groups the page may show: those up to its last, and those as large
     * as that one (which their keys order). Proposers' names are read for
     * those only. */
    int (*order)(const void *, const void *) = g == GROUP_YEAR       ? by_key_desc
                                               : g == GROUP_CATEGORY ? by_key
                                                                     : by_count_key;
    size_t want = a->n;
    long skip = o->offset > 0 ? o->offset : 0;
    if (order == by_count_key && o->limit >= 0 && (size_t)skip + (size_t)o->limit < a->n) {
        want = (size_t)skip + (size_t)o->limit;
        if (want == 0)
            return 0;
        /* the least count of the want largest, and every group as large
         * moved to the front (the others need no order) */
        long long *heap = malloc(want * sizeof *heap);
        if (!heap) {
            diag_error(d, "out of memory");
            return -1;
        }
        size_t nheap = 0;
        for (size_t i = 0; i < a->n; i++)
            agg_heap_keep(heap, &nheap, want, a->v[i].n);
        long long least = heap[0];
        free(heap);
        size_t k = 0;
        for (size_t i = 0; i < a->n; i++)
            if (a->v[i].n >= least) {
                struct agg t = a->v[k];
                a->v[k++] = a->v[i];
                a->v[i] = t;
            }
        want = k;
    }
    if (by_id || a->code_dim) {
        if (db_prepare_kept(db,
                            by_id
                                ? "SELECT name, pinyin FROM delegate WHERE id = ?1"
                                : "SELECT name, NULL FROM facet_name WHERE code = ?1 AND dim = ?2",
                            &name, d))
            return -1;
        for (size_t i = 0; i < want; i++) {
            if (a->v[i].key || (!by_id && !a->v[i].id))
                continue; /* named when the groups were shown before, or none (NULL) */
            sqlite3_bind_int64(name, 1, a->v[i].id);
            if (!by_id)
                sqlite3_bind_int(name, 2, a->code_dim);
            if (sqlite3_step(name) == SQLITE_ROW) {
                const char *k = (const char *)sqlite3_column_text(name, 0);
                const char *p = (const char *)sqlite3_column_text(name, 1);
                a->v[i].key = agg_dup(k);
                a->v[i].extra = agg_dup(p);
                if ((k && !a->v[i].key) || (p && !a->v[i].extra)) {
                    diag_error(d, "out of memory");
                    goto done;
                }
            }
            sqlite3_reset(name);
        }
    }
    if (want > 1)
        qsort(a->v, want, sizeof *a->v, order);
    rows = 0;
    for (size_t i = (size_t)skip; i < want; i++) {
        if (o->limit >= 0 && rows >= o->limit)
            break;
        rows++;
        if (cb && cb(ctx, a->v[i].key, a->v[i].extra, a->v[i].n, agg_latest(&a->v[i])))
            break;
    }
done:
    db_release_kept(db, name);
    return rows;
}

/* The group of key in a (NULL: none). */
const struct agg *agg_find(const struct aggs *a, const char *key)
{
    if (!a->n)
        return NULL;
    struct agg_key k = {a->v, 0, key, 0, agg_hash(key, 0)};
    if (!a->index.cap) { /* groups appended, not indexed yet */
        for (size_t i = 0; i < a->n; i++)
            if (agg_same(&k, i))
                return &a->v[i];
        return NULL;
    }
    size_t *at = slots_find(&a->index, k.h, agg_same, &k);
    return *at ? &a->v[*at - 1] : NULL;
}
