/* web_api: the JSON API (see web_api.h). */
#include "web/web_api.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "search/record.h"
#include "search/similar_query.h"
#include "search/stats.h"

static const char json_type[] = "application/json; charset=utf-8";

/* Writes j to r as one line of JSON and frees j. Returns 0 or -1 with d set. */
static int send_json(cJSON *j, struct web_resp *r, struct diag *d)
{
    char *s = j ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    if (!s || buf_adds(&r->body, s) || buf_addch(&r->body, '\n')) {
        free(s);
        return diag_error(d, "out of memory");
    }
    free(s);
    r->type = json_type;
    return 0;
}

static void add_str_or_null(cJSON *o, const char *key, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

/* ---- search ---- */

static int on_hit(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    cJSON *o = search_record(l, snippet, rank, 1);
    if (!o)
        return 1;
    return cJSON_AddItemToArray(ctx, o) ? 0 : 1;
}

int web_api_search(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                   struct diag *d)
{
    (void)arg;
    struct search_opts o;
    if (web_search_args(a, WEB_API_MAX_LIMIT, WEB_API_LIMIT, &o, d))
        return -1;
    long long total = search_count(db, &o, d);
    if (total < 0)
        return -1;
    cJSON *root = cJSON_CreateObject();
    cJSON *results = NULL;
    if (root) {
        cJSON_AddNumberToObject(root, "total", (double)total);
        results = cJSON_AddArrayToObject(root, "results");
    }
    if (!results) {
        cJSON_Delete(root);
        return diag_error(d, "out of memory");
    }
    long rows = search_run(db, &o, on_hit, results, d);
    if (rows < 0) {
        cJSON_Delete(root);
        return -1;
    }
    return send_json(root, r, d);
}

/* ---- one reply ---- */

int web_api_reply(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                  struct diag *d)
{
    (void)a;
    long long id;
    struct letter l;
    if (web_reply_id(arg, &id, d))
        return -1;
    letter_init(&l);
    int found = db_get_letter(db, id, &l, d);
    if (found <= 0) {
        letter_release(&l);
        return found < 0 ? -1 : diag_set(d, DIAG_NOTFOUND, "there is no reply %lld", id);
    }
    cJSON *j = letter_to_json(&l);
    letter_release(&l);
    return send_json(j, r, d);
}

/* ---- listings ---- */

struct list_ctx {
    cJSON *arr;
    const char *key_name; /* "delegate" or "department" */
    int with_pinyin;
};

static int on_group(void *ctx, const char *key, const char *extra, long long n, const char *latest)
{
    struct list_ctx *c = ctx;
    if (!key)
        return 0; /* replies that name no proposer or department */
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return 1;
    cJSON_AddStringToObject(o, c->key_name, key);
    if (c->with_pinyin)
        add_str_or_null(o, "pinyin", extra);
    cJSON_AddNumberToObject(o, "replies", (double)n);
    add_str_or_null(o, "latest", latest);
    return cJSON_AddItemToArray(c->arr, o) ? 0 : 1;
}

static int api_list(struct db *db, const struct web_args *a, struct web_resp *r,
                    enum search_group g, struct diag *d)
{
    struct search_opts o;
    if (web_search_args(a, 1000000000L, -1, &o, d))
        return -1;
    struct list_ctx c = {cJSON_CreateArray(), g == GROUP_DELEGATE ? "delegate" : "department",
                         g == GROUP_DELEGATE};
    if (!c.arr)
        return diag_error(d, "out of memory");
    if (search_group(db, &o, g, on_group, &c, d) < 0) {
        cJSON_Delete(c.arr);
        return -1;
    }
    return send_json(c.arr, r, d);
}

int web_api_delegates(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                      struct diag *d)
{
    (void)arg;
    return api_list(db, a, r, GROUP_DELEGATE, d);
}

int web_api_departments(struct db *db, const char *arg, const struct web_args *a,
                        struct web_resp *r, struct diag *d)
{
    (void)arg;
    return api_list(db, a, r, GROUP_DEPARTMENT, d);
}

/* ---- stats ---- */

int web_api_stats(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                  struct diag *d)
{
    (void)arg;
    struct search_opts o;
    search_opts_init(&o);
    if (web_filters(a, &o, d))
        return -1;
    cJSON *root = search_stats_json(db, &o, d);
    return root ? send_json(root, r, d) : -1;
}

/* ---- near-duplicates ---- */

static int on_similar_json(void *ctx, const struct letter *l, double similarity)
{
    cJSON *rec = search_record(l, NULL, 0, 0);
    if (!rec)
        return 1;
    cJSON_AddNumberToObject(rec, "similarity", round(similarity * 1000) / 1000);
    cJSON_AddItemToArray(ctx, rec);
    return cJSON_GetArraySize(ctx) >= 200;
}

/* A number from lo to 1 in parameter `key`, else def. */
static int param_min(const struct web_args *a, const char *key, double lo, double def, double *out,
                     struct diag *d)
{
    const char *v = web_args_get(a, key);
    *out = def;
    if (!v)
        return 0;
    char *end = NULL;
    double x = strtod(v, &end);
    if (!*v || *end || !(x >= lo && x <= 1.0))
        return diag_set(d, DIAG_USAGE, "%s must be a number from %g to 1, not '%s'", key, lo, v);
    *out = x;
    return 0;
}

int web_api_similar(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                    struct diag *d)
{
    long long id;
    if (web_reply_id(arg, &id, d))
        return -1;
    const char *by = web_args_get(a, "by");
    int title = by && !strcmp(by, "title");
    if (by && !title && strcmp(by, "text"))
        return diag_set(d, DIAG_USAGE, "by must be text or title, not '%s'", by);
    double min;
    if (param_min(a, "min", title ? 0.1 : 0.4, 0.5, &min, d))
        return -1;
    struct letter l;
    letter_init(&l);
    int found = db_get_letter(db, id, &l, d);
    letter_release(&l);
    if (found <= 0)
        return found < 0 ? -1 : diag_set(d, DIAG_NOTFOUND, "there is no reply %lld", id);
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(root, "similar");
    if (!root || !arr) {
        cJSON_Delete(root);
        return diag_error(d, "out of memory");
    }
    cJSON_AddNumberToObject(root, "id", (double)id);
    cJSON_AddStringToObject(root, "by", title ? "title" : "text");
    cJSON_AddNumberToObject(root, "min", min);
    if (search_similar(db, id, min, title, on_similar_json, arr, d) < 0) {
        cJSON_Delete(root);
        return -1;
    }
    return send_json(root, r, d);
}

static cJSON *strings(char *const *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
    return a;
}

static int on_boiler_json(void *ctx, const struct boilerplate *g)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return 1;
    cJSON_AddNumberToObject(o, "size", (double)g->size);
    cJSON_AddNumberToObject(o, "similarity", round(g->similarity * 1000) / 1000);
    cJSON_AddItemToObject(o, "departments", strings(g->departments, g->ndepartments));
    cJSON_AddItemToObject(o, "years", strings(g->years, g->nyears));
    cJSON_AddItemToObject(o, "delegates", strings(g->delegates, g->ndelegates));
    cJSON *ids = cJSON_AddArrayToObject(o, "ids");
    for (size_t i = 0; ids && i < g->size; i++)
        cJSON_AddItemToArray(ids, cJSON_CreateNumber((double)g->ids[i]));
    cJSON_AddItemToArray(ctx, o);
    return 0;
}

int web_param_min_size(const struct web_args *a, long *out, struct diag *d)
{
    *out = 3;
    const char *ms = web_args_get(a, "min_size");
    if (!ms)
        return 0;
    char *end = NULL;
    *out = strtol(ms, &end, 10);
    if (!*ms || *end || *out < 2 || *out > 1000000)
        return diag_set(d, DIAG_USAGE, "min_size must be a whole number from 2, not '%s'", ms);
    return 0;
}

int web_api_boilerplate(struct db *db, const char *arg, const struct web_args *a,
                        struct web_resp *r, struct diag *d)
{
    (void)arg;
    struct search_opts o;
    search_opts_init(&o);
    if (web_filters(a, &o, d))
        return -1;
    long min_size;
    if (web_param_min_size(a, &min_size, d))
        return -1;
    double min;
    if (param_min(a, "min", 0.4, 0.5, &min, d))
        return -1;
    o.limit = 500;
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(root, "groups");
    if (!root || !arr) {
        cJSON_Delete(root);
        return diag_error(d, "out of memory");
    }
    cJSON_AddNumberToObject(root, "min_size", (double)min_size);
    cJSON_AddNumberToObject(root, "min", min);
    if (search_boilerplate(db, &o, (size_t)min_size, min, on_boiler_json, arr, d) < 0) {
        cJSON_Delete(root);
        return -1;
    }
    return send_json(root, r, d);
}
