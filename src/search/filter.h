#ifndef DAFU_FILTER_H
#define DAFU_FILTER_H
/*
 * filter: the search filters, once, for every front end. Each names a field of
 * struct search_opts, what it takes and its bounds or choices; the command line
 * (--NAME VALUE) and the web (NAME=VALUE) walk this table, each parsing numbers
 * and wording its errors in its own way.
 *
 * A new filter: its field in struct search_opts and its SQL (query.c), one line
 * here (filter.c), and a line in the usage text of dafu search.
 */
#include <stddef.h>

#include "search/query.h"

enum search_filter_type {
    FILTER_TEXT,   /* any text: a const char * field */
    FILTER_CHOICE, /* one of choices: a const char * field, set to the choice itself */
    FILTER_INT,    /* a whole number in [min, max]: an int field */
    FILTER_DATE,   /* YYYY-MM-DD (search_date_valid): a const char * field */
    FILTER_SORT    /* one of search_sort_names: the enum search_sort field */
};

struct search_filter {
    const char *name; /* --name on the command line, name= on the web */
    enum search_filter_type type;
    size_t off;                 /* offsetof(struct search_opts, the field) */
    long min, max;              /* FILTER_INT */
    const char *const *choices; /* FILTER_CHOICE and FILTER_SORT (NULL-terminated) */
    int fold;                   /* FILTER_CHOICE: a small letter stands for its capital */
};

/* Every filter, ending with a NULL name. The web checks them in this order. */
extern const struct search_filter search_filters[];

/* The filter called name, or NULL. */
const struct search_filter *search_filter_find(const char *name);

/* The choice v stands for (FILTER_CHOICE, FILTER_SORT), or NULL when it is
 * none of them. */
const char *search_filter_choice(const struct search_filter *f, const char *v);

/* Stores a value that passed its checks: s for text, choice (as returned by
 * search_filter_choice) and date filters, n for whole numbers. */
void search_filter_set(const struct search_filter *f, struct search_opts *o, const char *s, long n);

#endif
