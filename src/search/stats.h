#ifndef DAFU_STATS_H
#define DAFU_STATS_H
/*
 * stats: the sections of the archive's statistics, once, for dafu stats, the
 * /api/stats answer and the /stats page: each a grouping of the replies
 * (search_group) under a name, and how many groups it lists.
 */
#include <cjson/cJSON.h>

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

/* The statistics of the replies the filters of o select (its limit and offset
 * are not used; every copy counts) as one JSON object, the answer of
 * dafu stats --format json and /api/stats: {"replies": N, "by_year": [{"key":
 * "2023", "replies": N}, ...], ...}, a section a search_stats entry. The caller
 * frees it with cJSON_Delete. NULL with d set on failure. */
cJSON *search_stats_json(struct db *db, const struct search_opts *o, struct diag *d);

#endif
