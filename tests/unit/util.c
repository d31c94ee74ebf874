/* util: helpers the C unit tests share (see util.h). */
#include "util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "base/buf.h"

char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct buf b = BUF_INIT;
    char tmp[8192];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        buf_add(&b, tmp, n);
    fclose(f);
    *len = b.len;
    return buf_detach(&b);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **dir_names(const char *dir, const char *suffix, size_t *n)
{
    *n = 0;
    DIR *dh = opendir(dir);
    if (!dh) {
        fprintf(stderr, "cannot open %s\n", dir);
        return NULL;
    }
    char **names = NULL;
    size_t cap = 0;
    size_t sl = strlen(suffix);
    struct dirent *de;
    while ((de = readdir(dh))) {
        size_t l = strlen(de->d_name);
        if (l <= sl || strcmp(de->d_name + l - sl, suffix))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            char **p = realloc(names, cap * sizeof *p);
            if (!p)
                break;
            names = p;
        }
        if (!(names[*n] = strdup(de->d_name)))
            break;
        (*n)++;
    }
    int whole = !de;
    closedir(dh);
    if (!whole) {
        free_names(names, *n);
        *n = 0;
        fprintf(stderr, "listing %s: out of memory\n", dir);
        return NULL;
    }
    if (!names)
        names = malloc(sizeof *names); /* an empty list, not a failure */
    if (names)
        qsort(names, *n, sizeof *names, cmp_names);
    return names;
}

void free_names(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

void temp_db_path(char *path)
{
    int fd = mkstemp(path);
    if (fd >= 0)
        close(fd);
    unlink(path);
}

void remove_db(const char *path)
{
    static const char *const sides[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
        struct buf p = BUF_INIT;
        buf_printf(&p, "%s%s", path, sides[i]);
        if (!buf_failed(&p))
            unlink(p.data);
        buf_release(&p);
    }
}

long each_letter(const char *tests_dir,
                 void (*fn)(void *ctx, const char *name, const char *text, size_t len), void *ctx)
{
    return each_letter_ext(tests_dir, ".txt", fn, ctx);
}

long each_letter_ext(const char *tests_dir, const char *ext,
                     void (*fn)(void *ctx, const char *name, const char *text, size_t len),
                     void *ctx)
{
    struct buf dir = BUF_INIT;
    buf_printf(&dir, "%s/letters", tests_dir);
    size_t n = 0;
    char **names = buf_failed(&dir) ? NULL : dir_names(dir.data, ext, &n);
    for (size_t i = 0; names && i < n; i++) {
        struct buf path = BUF_INIT;
        buf_printf(&path, "%s/%s", dir.data, names[i]);
        size_t len = 0;
        char *text = buf_failed(&path) ? NULL : slurp(path.data, &len);
        fn(ctx, names[i], text, len);
        free(text);
        buf_release(&path);
    }
    free_names(names, n);
    buf_release(&dir);
    return names ? (long)n : -1;
}

long alloc_calls;
long fail_at;

void *failing_realloc(void *p, size_t n)
{
    if (++alloc_calls >= fail_at)
        return NULL;
    return realloc(p, n);
}

long json_calls;
long json_fail_at;

static void *failing_json_malloc(size_t n)
{
    if (++json_calls == json_fail_at)
        return NULL;
    return malloc(n);
}

void json_failing(int on)
{
    cJSON_Hooks hooks = {failing_json_malloc, free};
    cJSON_InitHooks(on ? &hooks : NULL);
}

struct groups {
    struct buf text;
    int dated; /* with the newest dates */
};

static int on_group(void *ctx, const char *key, const char *extra, long long n, const char *latest)
{
    struct groups *g = ctx;
    buf_printf(&g->text, "%s|%s|%lld|%s\n", key ? key : "(null)", extra ? extra : "(null)", n,
               latest && g->dated ? latest : "(null)");
    return 0;
}

int grouping_differs(struct db *db, const struct search_opts *filters, enum search_group g,
                     int report)
{
    struct search_opts o = *filters;
    /* The newest date of proposers and departments; the other groupings give
     * none with filters of the fields of few values only (query.h). */
    int few = !o.department && !o.region;
    int any = o.year || o.body || o.kind || o.category || o.term || o.session;
    int dated = g == GROUP_DELEGATE || g == GROUP_DEPARTMENT || !few || (g == GROUP_REGION && !any);
    struct groups a = {BUF_INIT, dated}, b = {BUF_INIT, dated};
    struct diag d = DIAG_INIT;
    long ra = search_group(db, &o, g, on_group, &a, &d);
    long long ca = search_count(db, &o, &d);
    o.exhaustive = 1;
    long rb = search_group(db, &o, g, on_group, &b, &d);
    long long cb = search_count(db, &o, &d);
    int same = ra == rb && ca == cb && ra >= 0 && a.text.len == b.text.len &&
               (!a.text.len || !memcmp(a.text.data, b.text.data, a.text.len));
    if (!same && report)
        fprintf(stderr, "grouping %d: kept\n%s(%lld)\nexhaustive\n%s(%lld)%s\n", (int)g,
                a.text.data ? a.text.data : "", ca, b.text.data ? b.text.data : "", cb,
                diag_msg(&d) ? diag_msg(&d) : "");
    diag_release(&d);
    buf_release(&a.text);
    buf_release(&b.text);
    return !same;
}
