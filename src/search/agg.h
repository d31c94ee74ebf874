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
    char *key;   /* the region or department (NULL: replies without one), the proposer's name */
    char *extra; /* the proposer's pinyin */
    /* the newest date (agg_latest): a date of 1 to 10 bytes in day, kept in
     * the group (a million groups are as many allocations fewer), another in
     * latest_long; none: day empty, latest_long NULL */
    char *latest_long;
    char day[11];
    long long id; /* the proposer's id */
    long long n;  /* the replies */
    size_t h;     /* hash of key or id */
};

/* The newest date of group g, or NULL. */
static inline const char *agg_latest(const struct agg *g)
{
    return g->day[0] ? g->day : g->latest_long;
}

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
/* agg_add of the group of id (by_id), which a does not hold (a grouping's
 * numbers added up apart, each passed once): appended, and indexed only when a
 * is next added to (the index is made then of every group), so that a million
 * groups shown by a page of ten are not hashed. Returns 0 or -1. */
int agg_append(struct aggs *a, long long id, long long n, const char *latest);
void aggs_release(struct aggs *a);
/* Sets the newest date of g to latest (NULL: none). Returns 0 or -1 when memory
 * runs out. */
int agg_set_latest(struct agg *g, const char *latest);
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
