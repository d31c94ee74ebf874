/* similar_query: near-duplicate replies read from the archive (see similar_query.h). */
#include "search/similar_query.h"

#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/buf.h"
#include "similar/similar.h"
#include "text/text.h"

struct hit {
    long long id;
    double score;
};

static int cmp_hit(const void *a, const void *b)
{
    const struct hit *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int hits_add(struct hit **v, size_t *n, size_t *cap, long long id, double score)
{
    if (ARRAY_RESERVE(*v, *cap, *n + 1, 32))
        return -1;
    (*v)[*n].id = id;
    (*v)[*n].score = score;
    (*n)++;
    return 0;
}

/* How many titles hold each term (its document frequency in the title column
 * of the full-text index, through a temporary fts5vocab table); -1 where not
 * known. Returns 0, or -1 when the table cannot be had (then none is known). */
static int title_term_docs(struct db *db, const struct sim_title_term *t, long n, long long *docs)
{
    for (long i = 0; i < n; i++)
        docs[i] = -1;
    if (sqlite3_exec(db_sqlite(db),
                     "CREATE VIRTUAL TABLE IF NOT EXISTS temp.similar_title_vocab "
                     "USING fts5vocab(main, 'reply_fts', 'col')",
                     NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_sqlite(db),
                           "SELECT doc FROM temp.similar_title_vocab "
                           "WHERE term = ?1 AND col = 'title'",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    for (long i = 0; i < n; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, t[i].text, -1, SQLITE_STATIC);
        docs[i] = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    }
    sqlite3_finalize(st);
    return 0;
}

struct term_rank {
    long i;
    long long docs;
};

static int cmp_rank(const void *a, const void *b)
{
    const struct term_rank *x = a, *y = b;
    if (x->docs != y->docs)
        return x->docs < y->docs ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

#define TITLE_TERMS 64

/* The replies whose title scores at least min against reply id's (sim_title).
 * A title scoring s >= min against one of T pairs shares at least ceil(min * T)
 * of them (s = I / (T + |B| - I) and |B| >= I), so its candidates are the
 * titles holding one of the T - ceil(min * T) + 1 rarest pairs (fewer when
 * some pairs are not in the index), read from the full-text index of titles;
 * each is then scored. No title is compared unless it shares a rare pair. */
static int title_hits(struct db *db, long long id, double min, struct hit **v, size_t *n,
                      size_t *cap, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    char *title = NULL;
    struct buf match = BUF_INIT;
    struct sim_title_term terms[TITLE_TERMS];
    long long docs[TITLE_TERMS];
    struct term_rank rank[TITLE_TERMS];
    struct sim_set mine = {0}, theirs = {0};
    int rc = -1;
    if (sqlite3_prepare_v2(db_sqlite(db), "SELECT title FROM reply WHERE id = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        goto sqlerr;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        title = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    st = NULL;
    if (!title) {
        rc = 0;
        goto done;
    }
    size_t total = 0;
    long nt = sim_title_terms(title, terms, TITLE_TERMS, &total);
    if (nt < 0) {
        diag_error(d, "out of memory");
        goto done;
    }
    if (!nt) {
        rc = 0;
        goto done;
    }
    /* Shared pairs a match needs: ceil(min * total), of which the pairs the
     * index does not hold may give total - nt. */
    long need = (long)(min * (double)total - 1e-9) + 1;
    if (min * (double)total <= 1e-9)
        need = 0;
    need -= (long)total - nt;
    long use = need >= 1 ? nt - need + 1 : nt;
    if (use < nt && !title_term_docs(db, terms, nt, docs)) {
        for (long i = 0; i < nt; i++) {
            rank[i].i = i;
            rank[i].docs = docs[i];
        }
        qsort(rank, (size_t)nt, sizeof *rank, cmp_rank);
    } else {
        use = nt;
        for (long i = 0; i < nt; i++)
            rank[i].i = i;
    }
    for (long k = 0; k < use; k++)
        buf_printf(&match, "%s\"%s\"", k ? " OR " : "{title} : (", terms[rank[k].i].text);
    buf_addch(&match, ')');
    if (buf_failed(&match)) {
        diag_error(d, "out of memory");
        goto done;
    }
    if (sqlite3_prepare_v2(db_sqlite(db),
                           "SELECT f.rowid, r.title FROM reply_fts f JOIN reply r "
                           "ON r.id = f.rowid WHERE reply_fts MATCH ?1",
                           -1, &st, NULL) != SQLITE_OK)
        goto sqlerr;
    sqlite3_bind_text(st, 1, match.data, -1, SQLITE_STATIC);
    if (sim_title_pairs(title, &mine)) {
        diag_error(d, "out of memory");
        goto done;
    }
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        long long other = sqlite3_column_int64(st, 0);
        const char *t = (const char *)sqlite3_column_text(st, 1);
        if (other == id || !t)
            continue;
        double score = sim_title_with(&mine, t, &theirs);
        if (score >= min && hits_add(v, n, cap, other, score)) {
            diag_error(d, "out of memory");
            goto done;
        }
    }
    if (s != SQLITE_DONE)
        goto sqlerr;
    rc = 0;
    goto done;
sqlerr:
    diag_error(d, "database '%s': similar titles: %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
done:
    sqlite3_finalize(st);
    free(title);
    buf_release(&match);
    sim_set_release(&mine);
    sim_set_release(&theirs);
    return rc;
}

long search_similar(struct db *db, long long id, double min, int by_title, similar_row_cb cb,
                    void *ctx, struct diag *d)
{
    struct hit *v = NULL;
    size_t n = 0, cap = 0;
    long rows = -1;
    if (by_title) {
        if (title_hits(db, id, min, &v, &n, &cap, d))
            goto done;
    } else {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db_sqlite(db),
                               "SELECT b, score FROM similar_pair WHERE a = ?1 AND score >= ?2", -1,
                               &st, NULL) != SQLITE_OK) {
            diag_error(d, "database '%s': similar replies: %s", db_path(db),
                       sqlite3_errmsg(db_sqlite(db)));
            goto done;
        }
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_double(st, 2, min);
        while (sqlite3_step(st) == SQLITE_ROW)
            if (hits_add(&v, &n, &cap, sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1))) {
                sqlite3_finalize(st);
                diag_error(d, "out of memory");
                goto done;
            }
        sqlite3_finalize(st);
    }
    if (n)
        qsort(v, n, sizeof *v, cmp_hit); /* v is NULL when there are none */
    rows = 0;
    for (size_t i = 0; i < n; i++) {
        struct letter l;
        letter_init(&l);
        int r = db_get_letter(db, v[i].id, &l, d);
        if (r < 0) {
            letter_release(&l);
            rows = -1;
            break;
        }
        int stop = r > 0 && cb ? cb(ctx, &l, v[i].score) : 0;
        rows += r > 0;
        letter_release(&l);
        if (stop)
            break;
    }
done:
    free(v);
    return rows;
}

long long search_plain_id(const char *s)
{
    size_t n = strspn(s, "0123456789");
    return n && !s[n] && s[0] != '0' && n < 16 ? atoll(s) : 0;
}

struct first {
    long long id;
};

static int on_first(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    (void)snippet;
    (void)rank;
    ((struct first *)ctx)->id = l->id;
    return 1;
}

long long search_resolve(struct db *db, const char *s, struct diag *d)
{
    if (search_plain_id(s)) {
        sqlite3_stmt *st = NULL;
        long long id = 0;
        if (sqlite3_prepare_v2(db_sqlite(db), "SELECT id FROM reply WHERE id = ?1", -1, &st,
                               NULL) != SQLITE_OK)
            return diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
        sqlite3_bind_int64(st, 1, search_plain_id(s));
        if (sqlite3_step(st) == SQLITE_ROW)
            id = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        if (id)
            return id;
    }
    struct search_opts o;
    search_opts_init(&o);
    o.number = s;
    o.sort = SORT_DATE;
    o.all_copies = 1;
    o.no_evidence = 1;
    struct first f = {0};
    struct diag d2 = DIAG_INIT;
    long r = search_run(db, &o, on_first, &f, &d2);
    int usage = d2.code == DIAG_USAGE;
    if (r < 0 && !usage)
        diag_error(d, "%s", diag_msg(&d2));
    diag_release(&d2);
    if (r < 0)
        return usage ? 0 : -1;
    return f.id;
}

/* ---- boilerplate ---- */

struct idx {
    long long *v;
    size_t n, cap;
};

static int idx_add(struct idx *x, long long id)
{
    if (ARRAY_RESERVE(x->v, x->cap, x->n + 1, 64))
        return -1;
    x->v[x->n++] = id;
    return 0;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static void idx_sort(struct idx *x)
{
    if (x->n)
        qsort(x->v, x->n, sizeof *x->v, cmp_ll);
    size_t w = 0;
    for (size_t i = 0; i < x->n; i++)
        if (!w || x->v[w - 1] != x->v[i])
            x->v[w++] = x->v[i];
    x->n = w;
}

/* Position of id in the sorted x, or -1. */
static long idx_find(const struct idx *x, long long id)
{
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (x->v[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < x->n && x->v[lo] == id ? (long)lo : -1;
}

static size_t uf_find(size_t *parent, size_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

struct strs {
    char **v;
    long *count;
    size_t n, cap;
};

static int strs_add(struct strs *s, const char *v)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i], v)) {
            s->count[i]++;
            return 0;
        }
    if (s->n == s->cap) {
        size_t c = s->cap ? s->cap * 2 : 8;
        char **p = realloc(s->v, c * sizeof *p);
        if (!p)
            return -1;
        s->v = p;
        long *q = realloc(s->count, c * sizeof *q);
        if (!q)
            return -1;
        s->count = q;
        s->cap = c;
    }
    if (!(s->v[s->n] = strdup(v)))
        return -1;
    s->count[s->n++] = 1;
    return 0;
}

static void strs_release(struct strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    free(s->count);
    memset(s, 0, sizeof *s);
}

/* Most frequent first, stable otherwise. */
static void strs_by_count(struct strs *s)
{
    for (size_t i = 1; i < s->n; i++)
        for (size_t j = i; j > 0 && s->count[j] > s->count[j - 1]; j--) {
            char *t = s->v[j];
            s->v[j] = s->v[j - 1];
            s->v[j - 1] = t;
            long c = s->count[j];
            s->count[j] = s->count[j - 1];
            s->count[j - 1] = c;
        }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct comp {
    size_t root;
    size_t size;
    long long first;
    double low;
};

static int cmp_comp(const void *a, const void *b)
{
    const struct comp *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

static int filters_set(const struct search_opts *o)
{
    return (o->query && *o->query) || o->number || o->delegate || o->department || o->kind ||
           o->body || o->category || o->region || o->from || o->to || o->year || o->term ||
           o->session;
}

long search_boilerplate(struct db *db, const struct search_opts *o, size_t min_size, double min,
                        boilerplate_cb cb, void *ctx, struct diag *d)
{
    struct idx allowed = {0}, nodes = {0}, copy_id = {0}, copy_grp = {0};
    struct idx pa = {0}, pb = {0};
    double *ps = NULL;
    size_t nps = 0, capps = 0;
    size_t *parent = NULL;
    double *low = NULL;
    struct comp *comps = NULL;
    sqlite3_stmt *st = NULL;
    long rows = -1;
    int filtered = filters_set(o);
    if (filtered) {
        struct search_opts all = *o;
        all.limit = -1;
        all.offset = 0;
        long long *ids = NULL;
        long n = search_ids(db, &all, &ids, d);
        if (n < 0)
            goto done;
        allowed.v = ids;
        allowed.n = allowed.cap = (size_t)n;
        idx_sort(&allowed);
    }
    /* Copies count once: each stands for its group's representative. */
    if (sqlite3_prepare_v2(db_sqlite(db), "SELECT id, grp FROM similar_copy ORDER BY id", -1, &st,
                           NULL) != SQLITE_OK)
        goto sqlerr;
    while (sqlite3_step(st) == SQLITE_ROW)
        if (idx_add(&copy_id, sqlite3_column_int64(st, 0)) ||
            idx_add(&copy_grp, sqlite3_column_int64(st, 1)))
            goto oom;
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(db_sqlite(db),
                           "SELECT a, b, score FROM similar_pair WHERE a < b AND score >= ?1 "
                           "AND copy = 0",
                           -1, &st, NULL) != SQLITE_OK)
        goto sqlerr;
    sqlite3_bind_double(st, 1, min);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        long long a = sqlite3_column_int64(st, 0), b = sqlite3_column_int64(st, 1);
        if (filtered && (idx_find(&allowed, a) < 0 || idx_find(&allowed, b) < 0))
            continue;
        long k;
        if ((k = idx_find(&copy_id, a)) >= 0)
            a = copy_grp.v[k];
        if ((k = idx_find(&copy_id, b)) >= 0)
            b = copy_grp.v[k];
        if (a == b)
            continue;
        if (nps == capps) {
            capps = capps ? capps * 2 : 256;
            double *p = realloc(ps, capps * sizeof *p);
            if (!p)
                goto oom;
            ps = p;
        }
        if (idx_add(&pa, a) || idx_add(&pb, b) || idx_add(&nodes, a) || idx_add(&nodes, b))
            goto oom;
        ps[nps++] = sqlite3_column_double(st, 2);
    }
    if (s != SQLITE_DONE)
        goto sqlerr;
    sqlite3_finalize(st);
    st = NULL;
    idx_sort(&nodes);
    parent = malloc((nodes.n + 1) * sizeof *parent);
    low = malloc((nodes.n + 1) * sizeof *low);
    comps = calloc(nodes.n + 1, sizeof *comps);
    if (!parent || !low || !comps)
        goto oom;
    for (size_t i = 0; i < nodes.n; i++) {
        parent[i] = i;
        low[i] = 1.0;
    }
    for (size_t i = 0; i < nps; i++) {
        size_t x = uf_find(parent, (size_t)idx_find(&nodes, pa.v[i]));
        size_t y = uf_find(parent, (size_t)idx_find(&nodes, pb.v[i]));
        if (x != y) {
            if (y < x) {
                size_t t = x;
                x = y;
                y = t;
            }
            parent[y] = x;
            if (low[y] < low[x])
                low[x] = low[y];
        }
        if (ps[i] < low[x])
            low[x] = ps[i];
    }
    /* Components: sizes and first IDs (nodes are sorted, so a root is its
     * component's first node). */
    size_t nc = 0;
    size_t *comp_of = malloc((nodes.n + 1) * sizeof *comp_of);
    if (!comp_of)
        goto oom;
    for (size_t i = 0; i < nodes.n; i++) {
        size_t r = uf_find(parent, i);
        if (r == i) {
            comps[nc].root = i;
            comps[nc].first = nodes.v[i];
            comps[nc].low = low[i];
            comp_of[i] = nc++;
        }
        comps[comp_of[r]].size++;
    }
    if (nc)
        qsort(comps, nc, sizeof *comps, cmp_comp);
    /* Each component's members, in order of id, side by side in memb: those
     * of the c-th largest from at[c] (one pass over the nodes, not one a
     * component). comp_of[root] becomes the root's place in comps. */
    long long *memb = malloc((nodes.n + 1) * sizeof *memb);
    size_t *at = malloc((nc + 1) * sizeof *at);
    if (!memb || !at) {
        free(memb);
        free(at);
        free(comp_of);
        goto oom;
    }
    at[0] = 0;
    for (size_t c = 0; c < nc; c++) {
        comp_of[comps[c].root] = c;
        at[c + 1] = at[c] + comps[c].size;
    }
    for (size_t i = 0; i < nodes.n; i++)
        memb[at[comp_of[uf_find(parent, i)]]++] = nodes.v[i];
    for (size_t c = nc; c > 0; c--) /* at[c] was moved to the end of component c */
        at[c] = at[c - 1];
    at[0] = 0;
    free(comp_of);
    if (sqlite3_prepare_v2(db_sqlite(db),
                           "SELECT department, substr(date, 1, 4), delegates FROM reply "
                           "WHERE id = ?1",
                           -1, &st, NULL) != SQLITE_OK) {
        free(memb);
        free(at);
        goto sqlerr;
    }
    rows = 0;
    long skip = o->offset;
    for (size_t c = 0; c < nc; c++) {
        if (comps[c].size < min_size)
            break;
        if (skip > 0) {
            skip--;
            continue;
        }
        if (o->limit >= 0 && rows >= o->limit)
            break;
        struct idx members = {memb + at[c], comps[c].size, comps[c].size};
        struct strs deps = {0}, years = {0}, dels = {0};
        int bad = 0;
        for (size_t i = 0; i < members.n && !bad; i++) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, members.v[i]);
            if (sqlite3_step(st) != SQLITE_ROW)
                continue;
            const char *dep = (const char *)sqlite3_column_text(st, 0);
            const char *year = (const char *)sqlite3_column_text(st, 1);
            const char *dl = (const char *)sqlite3_column_text(st, 2);
            if (dep)
                bad |= strs_add(&deps, dep);
            if (year)
                bad |= strs_add(&years, year);
            for (const char *p = dl; p && *p && !bad;) {
                const char *e = strstr(p, "、");
                size_t len = e ? (size_t)(e - p) : strlen(p);
                char *one = strndup(p, len);
                bad |= !one || strs_add(&dels, one);
                free(one);
                if (!e)
                    break;
                p = e + strlen("、");
            }
        }
        if (!bad) {
            strs_by_count(&deps);
            if (years.n)
                qsort(years.v, years.n, sizeof *years.v, cmp_str);
            struct boilerplate g = {members.n, members.v, deps.v, deps.n,      years.v,
                                    years.n,   dels.v,    dels.n, comps[c].low};
            rows++;
            if (cb && cb(ctx, &g))
                c = nc;
        }
        strs_release(&deps);
        strs_release(&years);
        strs_release(&dels);
        if (bad) {
            free(memb);
            free(at);
            goto oom;
        }
    }
    free(memb);
    free(at);
    goto done;
oom:
    diag_error(d, "out of memory");
    rows = -1;
    goto done;
sqlerr:
    diag_error(d, "database '%s': boilerplate: %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
    rows = -1;
done:
    sqlite3_finalize(st);
    free(allowed.v);
    free(nodes.v);
    free(copy_id.v);
    free(copy_grp.v);
    free(pa.v);
    free(pb.v);
    free(ps);
    free(parent);
    free(low);
    free(comps);
    return rows;
}

long long search_copies(struct db *db, long long id, long long *count)
{
    sqlite3_stmt *st = NULL;
    long long grp = 0;
    *count = 0;
    if (db_prepare_kept(db,
                        "SELECT c.grp, (SELECT count(*) FROM similar_copy k WHERE k.grp = c.grp) "
                        "FROM similar_copy c WHERE c.id = ?1",
                        &st, NULL))
        return 0;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        grp = sqlite3_column_int64(st, 0);
        *count = sqlite3_column_int64(st, 1);
    }
    db_release_kept(db, st);
    return grp;
}

int search_has_copies(struct db *db)
{
    sqlite3_stmt *st = NULL;
    int yes = 0;
    if (!db_prepare_kept(db, "SELECT 1 FROM similar_copy LIMIT 1", &st, NULL) &&
        sqlite3_step(st) == SQLITE_ROW)
        yes = 1;
    db_release_kept(db, st);
    return yes;
}

long long search_similar_ready(struct db *db, struct diag *d)
{
    long long pending = similar_pending(db);
    if (pending <= 0)
        return pending < 0
                   ? diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)))
                   : 0;
    if (db_readonly(db))
        return pending;
    struct similar *s = NULL;
    if (db_exec(db, "BEGIN IMMEDIATE", d))
        return -1;
    if (similar_open(&s, db, d) || similar_catch_up(s, d) < 0) {
        similar_close(s);
        db_exec(db, "ROLLBACK", NULL);
        return -1;
    }
    similar_close(s);
    return db_exec(db, "COMMIT", d) ? -1 : 0;
}
