/* web_api: the JSON API (see web_api.h). */
#include "web/web_api.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "model/letter.h"
#include "search/record.h"
#include "search/similar_query.h"
#include "search/stats.h"

static const char json_type[] = "application/json; charset=utf-8";

/* Writes j to r as one line of JSON and frees j. Returns 0 or -1 with d set. */
static int send_json(cJSON *j, struct web_resp *r, struct diag *d)
{
    char *s = j ? letter_json_print(j, 0) : NULL;
    cJSON_Delete(j);
    if (!s || buf_adds(&r->body, s) || buf_addch(&r->body, '\n')) {
        free(s);
        return diag_error(d, "out of memory");
    }
    free(s);
    r->type = json_type;
    return 0;
}

/* Adds v (or null) to o as key. Returns 0, or -1 when memory runs out. */
static int add_str_or_null(cJSON *o, const char *key, const char *v)
{
    return (v ? cJSON_AddStringToObject(o, key, v) : cJSON_AddNullToObject(o, key)) ? 0 : -1;
}

/* An array a search's callback fills: an element that cannot be added fails the
 * whole answer, never a shorter list sent as if it were whole. */
struct json_list {
    cJSON *arr;
    int failed;
};

/* Adds item (NULL when building it failed) to c's array. Returns 0, or 1 (stop)
 * when memory ran out. */
static int push(struct json_list *c, cJSON *item)
{
    if (!item || !cJSON_AddItemToArray(c->arr, item)) {
        cJSON_Delete(item);
        return c->failed = 1;
    }
    return 0;
}

/* Sends root once the search that filled c is done (rows < 0: it failed, d set). */
static int send_list(cJSON *root, long rows, const struct json_list *c, struct web_resp *r,
                     struct diag *d)
{
    if (rows < 0 || c->failed) {
        cJSON_Delete(root);
        return rows < 0 ? -1 : diag_error(d, "out of memory");
    }
    return send_json(root, r, d);
}

/* ---- search ---- */

static int on_hit(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    return push(ctx, search_record(l, snippet, rank, 1));
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
    struct json_list c = {NULL, 0};
    if (!root || !cJSON_AddNumberToObject(root, "total", (double)total) ||
        !(c.arr = cJSON_AddArrayToObject(root, "results"))) {
        cJSON_Delete(root);
        return diag_error(d, "out of memory");
    }
    return send_list(root, search_run(db, &o, on_hit, &c, d), &c, r, d);
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
    struct json_list list;
    const char *key_name; /* "delegate" or "department" */
    int with_pinyin;
};

static int on_group(void *ctx, const char *key, const char *extra, long long n, const char *latest)
{
    struct list_ctx *c = ctx;
    if (!key)
        return 0; /* replies that name no proposer or department */
    cJSON *o = cJSON_CreateObject();
    if (o && (!cJSON_AddStringToObject(o, c->key_name, key) ||
              (c->with_pinyin && add_str_or_null(o, "pinyin", extra)) ||
              !cJSON_AddNumberToObject(o, "replies", (double)n) ||
              add_str_or_null(o, "latest", latest))) {
        cJSON_Delete(o);
        o = NULL;
    }
    return push(&c->list, o);
}

static int api_list(struct db *db, const struct web_args *a, struct web_resp *r,
                    enum search_group g, struct diag *d)
{
    struct search_opts o;
    if (web_search_args(a, 1000000000L, -1, &o, d))
        return -1;
    struct list_ctx c = {{cJSON_CreateArray(), 0},
                         g == GROUP_DELEGATE ? "delegate" : "department",
                         g == GROUP_DELEGATE};
    if (!c.list.arr)
        return diag_error(d, "out of memory");
    return send_list(c.list.arr, search_group(db, &o, g, on_group, &c, d), &c.list, r, d);
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
    struct json_list *c = ctx;
    cJSON *rec = search_record(l, NULL, 0, 0);
    if (rec && !cJSON_AddNumberToObject(rec, "similarity", round(similarity * 1000) / 1000)) {
        cJSON_Delete(rec);
        rec = NULL;
    }
    return push(c, rec) || cJSON_GetArraySize(c->arr) >= 200;
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
    struct json_list c = {cJSON_AddArrayToObject(root, "similar"), 0};
    if (!root || !c.arr || !cJSON_AddNumberToObject(root, "id", (double)id) ||
        !cJSON_AddStringToObject(root, "by", title ? "title" : "text") ||
        !cJSON_AddNumberToObject(root, "min", min)) {
        cJSON_Delete(root);
        return diag_error(d, "out of memory");
    }
    return send_list(root, search_similar(db, id, min, title, on_similar_json, &c, d), &c, r, d);
}

static int on_boiler_json(void *ctx, const struct boilerplate *g)
{
    return push(ctx, boilerplate_record(g));
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
    struct json_list c = {cJSON_AddArrayToObject(root, "groups"), 0};
    if (!root || !c.arr || !cJSON_AddNumberToObject(root, "min_size", (double)min_size) ||
        !cJSON_AddNumberToObject(root, "min", min)) {
        cJSON_Delete(root);
        return diag_error(d, "out of memory");
    }
    long n = search_boilerplate(db, &o, (size_t)min_size, min, on_boiler_json, &c, d);
    return send_list(root, n, &c, r, d);
}
