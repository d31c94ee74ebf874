/* page: a ranked page's rows read by id, in the order of its hits (see
 * top_page_by_id in top.h). */
#include <stdlib.h>
#include <string.h>

#include "search/top.h"

/* One hit tied with others, as the page's query orders them: newest date
 * first, those without one last, then the larger id. */
struct tied {
    long long id;
    char *date; /* NULL: none */
    size_t len;
};

static int tied_cmp(const void *a, const void *b)
{
    const struct tied *x = a, *y = b;
    if (!x->date != !y->date)
        return x->date ? -1 : 1;
    if (x->date) {
        size_t n = x->len < y->len ? x->len : y->len;
        int c = memcmp(x->date, y->date, n);
        if (c || x->len != y->len)
            return c ? -c : x->len < y->len ? 1 : -1;
    }
    return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* Orders t->id[from..to), hits of one rank, as the page's query would: by the
 * rows' dates (tied_cmp). Returns 1, 0 when a date is not text (the query then
 * orders them), or -1 with d set. */
static int order_tied(struct db *db, struct top *t, long from, long to, struct diag *d)
{
    struct tied *v = calloc((size_t)(to - from), sizeof *v);
    sqlite3_stmt *st = NULL;
    int r = 1;
    if (!v)
        return diag_error(d, "out of memory");
    if (db_prepare_kept(db, "SELECT date FROM reply WHERE id = ?1", &st, d)) {
        free(v);
        return -1;
    }
    for (long i = from; r == 1 && i < to; i++) {
        struct tied *e = &v[i - from];
        e->id = t->id[i];
        sqlite3_bind_int64(st, 1, e->id);
        int s = sqlite3_step(st);
        int type = s == SQLITE_ROW ? sqlite3_column_type(st, 0) : SQLITE_NULL;
        if (s != SQLITE_ROW && s != SQLITE_DONE)
            r = diag_error(d, "database '%s': searching: %s", db_path(db),
                           sqlite3_errmsg(db_sqlite(db)));
        else if (type == SQLITE_TEXT) {
            e->len = (size_t)sqlite3_column_bytes(st, 0);
            e->date = malloc(e->len + 1);
            if (!e->date)
                r = diag_error(d, "out of memory");
            else
                memcpy(e->date, sqlite3_column_text(st, 0), e->len);
        } else if (type != SQLITE_NULL)
            r = 0;
        sqlite3_reset(st);
    }
    db_release_kept(db, st);
    if (r == 1) {
        qsort(v, (size_t)(to - from), sizeof *v, tied_cmp);
        for (long i = from; i < to; i++)
            t->id[i] = v[i - from].id;
    }
    for (long i = 0; i < to - from; i++)
        free(v[i].date);
    free(v);
    return r;
}

int top_page_by_id(struct db *db, const struct search_opts *o, struct top *t, struct diag *d)
{
    if (o->sort != SORT_DEFAULT && o->sort != SORT_RANK)
        return 0;
    long from = o->offset < 0 ? 0 : o->offset;
    long to = o->limit < 0 || o->limit > t->n - from ? t->n : from + o->limit;
    for (long i = from; i < to;) {
        long a = i, b = i + 1;
        while (a > 0 && t->rank[a - 1] == t->rank[i])
            a--;
        while (b < t->n && t->rank[b] == t->rank[i])
            b++;
        if (b - a > 1) {
            int r = order_tied(db, t, a, b, d);
            if (r <= 0)
                return r;
        }
        i = b;
    }
    return 1;
}
