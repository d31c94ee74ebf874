#ifndef DAFU_WEB_API_H
#define DAFU_WEB_API_H
/*
 * web_api: the JSON API, with the command line's semantics and record shape.
 *
 *   /api/search?q=&number=&delegate=&department=&year=&kind=&category=&limit=&offset=
 *       {"total": N, "results": [record + "snippet" + "rank", ...]}  (as dafu search)
 *   /api/reply/ID      one record (as dafu show --format json)
 *   /api/delegates     [{"delegate","pinyin","replies","latest"}, ...]  (as dafu delegates)
 *   /api/departments   [{"department","replies","latest"}, ...]
 *   /api/stats         {"replies": N, "by_year": [{"key","replies"}], ...}  (as dafu stats)
 *
 * The listings and stats take the search filters too. Each function is a
 * web_handler (web.h): 0 with r holding the JSON, or -1 with d set.
 */
#include "web/web.h"

#define WEB_API_LIMIT 20      /* results per search unless limit= says otherwise */
#define WEB_API_MAX_LIMIT 500 /* the most limit= may ask for */

int web_api_search(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                   struct diag *d);
int web_api_reply(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                  struct diag *d);
int web_api_delegates(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                      struct diag *d);
int web_api_departments(struct db *db, const char *arg, const struct web_args *a,
                        struct web_resp *r, struct diag *d);
int web_api_stats(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                  struct diag *d);

/* /api/similar/ID (?min=&by=text|title): {"id", "by", "min", "similar": [records
 * with "similarity"]}; /api/boilerplate (the search filters, ?min_size=&min=):
 * {"min_size", "min", "groups": [{"size", "similarity", "departments", "years",
 * "delegates", "ids"}]}. */
int web_api_similar(struct db *db, const char *arg, const struct web_args *a, struct web_resp *r,
                    struct diag *d);
int web_api_boilerplate(struct db *db, const char *arg, const struct web_args *a,
                        struct web_resp *r, struct diag *d);

/* ?min_size=N of /boilerplate and /api/boilerplate: a whole number from 2, 3 when
 * absent. Returns 0, or -1 with d set to a usage error. */
int web_param_min_size(const struct web_args *a, long *out, struct diag *d);

#endif
