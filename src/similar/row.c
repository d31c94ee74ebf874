/* row: a stored reply's fields the comparison reads (see row.h). */
#include "similar/row.h"

#include <stdlib.h>
#include <string.h>

void row_release(struct row *r)
{
    free(r->text);
    free(r->title);
    free(r->delegates);
    free(r->number_key);
    free(r->department_key);
    free(r->date);
    memset(r, 0, sizeof *r);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? strdup(v) : NULL;
}

int row_read(sqlite3_stmt *st, long long id, struct row *r)
{
    sqlite3_bind_int64(st, 1, id);
    int found = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        r->text = col_dup(st, 0);
        r->title = col_dup(st, 1);
        r->delegates = col_dup(st, 2);
        r->number_key = col_dup(st, 3);
        r->department_key = col_dup(st, 4);
        r->date = col_dup(st, 5);
        found = 1;
    }
    sqlite3_reset(st);
    return found;
}

int row_shingles(const struct row *r, struct sim_set *out, int sorted)
{
    const char *stack[33];
    const char **names = stack;
    size_t n = 0, max = 32;
    char *dels = NULL;
    int rc = -1;
    if (r->delegates && !(dels = strdup(r->delegates)))
        return -1;
    for (char *p = dels; p && *p;) {
        if (n == max) {
            size_t cap = max * 2;
            const char **x = malloc((cap + 1) * sizeof *x);
            if (!x)
                goto done;
            memcpy(x, names, n * sizeof *x);
            if (names != stack)
                free(names);
            names = x;
            max = cap;
        }
        names[n++] = p;
        char *sep = strstr(p, "、");
        if (!sep)
            break;
        *sep = '\0';
        p = sep + strlen("、");
    }
    names[n++] = r->title;
    rc = sorted ? sim_shingles(r->text, names, n, out) : sim_shingles_raw(r->text, names, n, out);
done:
    if (names != stack)
        free(names);
    free(dels);
    return rc;
}

static int differ(const char *a, const char *b)
{
    return a && b && *a && *b && strcmp(a, b);
}

/* Is name (n bytes) one of the proposers of a list joined by 、? */
static int in_list(const char *list, const char *name, size_t n)
{
    const char *p = list;
    for (;;) {
        const char *e = strstr(p, "、");
        size_t m = e ? (size_t)(e - p) : strlen(p);
        if (m == n && !memcmp(p, name, n))
            return 1;
        if (!e)
            return 0;
        p = e + strlen("、");
    }
}

/* Do two lists of proposers joined by 、 (both stated) share no one? */
static int no_common_delegate(const char *a, const char *b)
{
    if (!a || !b || !*a || !*b)
        return 0;
    const char *p = a;
    for (;;) {
        const char *e = strstr(p, "、");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (in_list(b, p, n))
            return 0;
        if (!e)
            return 1;
        p = e + strlen("、");
    }
}

int row_copies(const struct row *a, const struct row *b, double score)
{
    /* Not the number or the department: a copy's page may lend it another
     * (a link to the next reply, a site's name). */
    return score >= SIM_COPY && !differ(a->date, b->date) &&
           !no_common_delegate(a->delegates, b->delegates);
}
