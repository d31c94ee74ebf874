/* stats: the sections of the statistics (see stats.h). */
#include "search/stats.h"

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
