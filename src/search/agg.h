#ifndef DAFU_AGG_H
#define DAFU_AGG_H
/*
 * agg: the groups of a grouping added up in memory, for search/group.c.
 *
 * The regions, departments and proposers of the combinations a filter selects
 * are many rows with few replies each (as many as the replies, nearly, when
 * departments and proposers seldom repeat within a combination): SQLite's
 * GROUP BY sorted them all, three quarters of the work. They are added up in a
 * hash table instead, and only the groups a page shows are sorted by name.
 */
#include <stddef.h>

#include "base/diag.h"
#include "base/slots.h"
#include "search/query.h"
#include "store/db.h"

struct agg {
    char *key;    /* the region or department (NULL: replies without one), the proposer's name */
    char *extra;  /* the proposer's pinyin */
    char *latest; /* the newest date, or NULL */
    long long id; /* the proposer's id */
    long long n;  /* the replies */
    size_t h;     /* hash of key or id */
};

struct aggs {
    struct agg *v;
    size_t n, cap;
    struct slots index; /* over v */
    int code_dim;       /* groups by id, a number of facet_name's field code_dim (schema 046,
                           0 for none), named when shown; 0: by key (or proposers by id) */
};

/* Adds n replies of newest date latest to the group of key (by_id: of id).
 * Returns 0 or -1 when memory runs out. */
int agg_add(struct aggs *a, int by_id, const char *key, long long id, long long n,
            const char *latest);
void aggs_release(struct aggs *a);
/* The group of key in a (NULL: none). */
const struct agg *agg_find(const struct aggs *a, const char *key);
/* Passes the groups of a (grouping g) to cb in the order of the SQL groupings
 * (largest first, years newest first, categories by name), the page of o's
 * limit and offset; a proposer (by id), or a value by its number (code_dim), is
 * named from the archive. Returns the
 * rows passed, or -1 with d set. */
long agg_emit(struct db *db, const struct search_opts *o, enum search_group g, struct aggs *a,
              search_group_cb cb, void *ctx, struct diag *d);
/* Keeps in h[0..*n) the cap largest of the values passed (h[0] the least). */
void agg_heap_keep(long long *h, size_t *n, size_t cap, long long v);
/* A copy of s (NULL for NULL or when memory runs out). */
char *agg_dup(const char *s);

#endif
