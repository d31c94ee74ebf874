#ifndef DAFU_STATS_H
#define DAFU_STATS_H
/*
 * stats: the sections of the archive's statistics, once, for dafu stats, the
 * /api/stats answer and the /stats page: each a grouping of the replies
 * (search_group) under a name, and how many groups it lists.
 */
#include "search/query.h"

struct search_stat {
    const char *name; /* "year": the section in the table and CSV, by_year in JSON */
    enum search_group group;
    long limit; /* the groups listed, largest first; -1: all */
};

/* Every section, in the order they are shown, ending with a NULL name. */
extern const struct search_stat search_stats[];

/* The section called name, or NULL. */
const struct search_stat *search_stat_find(const char *name);

#endif
