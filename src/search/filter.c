/* filter: the table of search filters (see filter.h). */
#include "search/filter.h"

#include <string.h>

#include "model/vocab.h"

#define TEXT(name)                                                                                 \
    {                                                                                              \
#name, FILTER_TEXT, offsetof(struct search_opts, name), 0, 0, NULL, 0                      \
    }
#define CHOICE(name, choices, fold)                                                                \
    {                                                                                              \
#name, FILTER_CHOICE, offsetof(struct search_opts, name), 0, 0, choices, fold              \
    }
#define INT(name, min, max)                                                                        \
    {                                                                                              \
#name, FILTER_INT, offsetof(struct search_opts, name), min, max, NULL, 0                   \
    }
#define DATE(name)                                                                                 \
    {                                                                                              \
#name, FILTER_DATE, offsetof(struct search_opts, name), 0, 0, NULL, 0                      \
    }

const struct search_filter search_filters[] = {
    TEXT(number),
    TEXT(delegate),
    TEXT(department),
    INT(year, 1949, 2100),
    CHOICE(kind, vocab_kinds, 0),
    CHOICE(category, vocab_categories, 1),
    CHOICE(body, vocab_bodies, 0),
    TEXT(region),
    INT(term, 1, 99),
    INT(session, 1, 99),
    DATE(from),
    DATE(to),
    {"sort", FILTER_SORT, offsetof(struct search_opts, sort), 0, 0, search_sort_names, 0},
    {NULL, FILTER_TEXT, 0, 0, 0, NULL, 0},
};

const struct search_filter *search_filter_find(const char *name)
{
    for (const struct search_filter *f = search_filters; f->name; f++)
        if (!strcmp(f->name, name))
            return f;
    return NULL;
}

const char *search_filter_choice(const struct search_filter *f, const char *v)
{
    char folded[2] = {v[0], '\0'};
    if (f->fold && v[0] >= 'a' && v[0] <= 'z' && !v[1]) {
        folded[0] = (char)(v[0] - 'a' + 'A');
        v = folded;
    }
    for (int i = 0; f->choices && f->choices[i]; i++)
        if (!strcmp(v, f->choices[i]))
            return f->choices[i];
    return NULL;
}

void search_filter_set(const struct search_filter *f, struct search_opts *o, const char *s, long n)
{
    char *field = (char *)o + f->off;
    switch (f->type) {
    case FILTER_TEXT:
    case FILTER_CHOICE:
    case FILTER_DATE:
        memcpy(field, &s, sizeof s);
        break;
    case FILTER_INT: {
        int v = (int)n;
        memcpy(field, &v, sizeof v);
        break;
    }
    case FILTER_SORT: {
        int i = 0;
        while (f->choices[i] && strcmp(f->choices[i], s))
            i++;
        enum search_sort v = (enum search_sort)(SORT_RANK + i);
        memcpy(field, &v, sizeof v);
        break;
    }
    }
}
