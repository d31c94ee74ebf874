/* stats: the sections of the statistics (see stats.h). */
#include "search/stats.h"

#include <stdio.h>
#include <string.h>

const struct search_stat search_stats[] = {
    {"year", GROUP_YEAR, -1},         {"body", GROUP_BODY, -1},
    {"kind", GROUP_KIND, -1},         {"category", GROUP_CATEGORY, -1},
    {"region", GROUP_REGION, 10},     {"department", GROUP_DEPARTMENT, 10},
    {"delegate", GROUP_DELEGATE, 10}, {NULL, GROUP_YEAR, 0},
};

const struct search_stat *search_stat_find(const char *name)
{
    for (const struct search_stat *s = search_stats; s->name; s++)
        if (!strcmp(s->name, name))
            return s;
    return NULL;
}

struct stat_json {
    cJSON *arr;
    int failed;
};

static int on_stat(void *ctx, const char *key, const char *extra, long long n, const char *latest)
{
    struct stat_json *c = ctx;
    (void)extra;
    (void)latest;
    cJSON *o = cJSON_CreateObject();
    if (!o || !(key ? cJSON_AddStringToObject(o, "key", key) : cJSON_AddNullToObject(o, "key")) ||
        !cJSON_AddNumberToObject(o, "replies", (double)n) || !cJSON_AddItemToArray(c->arr, o)) {
        cJSON_Delete(o);
        return c->failed = 1;
    }
    return 0;
}

cJSON *search_stats_json(struct db *db, const struct search_opts *filters, struct diag *d)
{
    struct search_opts o = *filters;
    o.limit = -1;
    o.offset = 0;
    o.all_copies = 1; /* the groups count every copy */
    long long total = search_stats_count(db, &o, d);
    if (total < 0)
        return NULL;
    cJSON *root = cJSON_CreateObject();
    if (!root || !cJSON_AddNumberToObject(root, "replies", (double)total))
        goto oom;
    for (const struct search_stat *st = search_stats; st->name; st++) {
        char key[32];
        snprintf(key, sizeof key, "by_%s", st->name);
        struct stat_json c = {cJSON_AddArrayToObject(root, key), 0};
        if (!c.arr)
            goto oom;
        o.limit = st->limit;
        if (search_group(db, &o, st->group, on_stat, &c, d) < 0) {
            cJSON_Delete(root);
            return NULL;
        }
        if (c.failed)
            goto oom;
    }
    return root;
oom:
    cJSON_Delete(root);
    diag_error(d, "out of memory");
    return NULL;
}
