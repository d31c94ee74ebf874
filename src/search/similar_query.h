#ifndef DAFU_SIMILAR_QUERY_H
#define DAFU_SIMILAR_QUERY_H
/*
 * similar_query: what the archive says about near-duplicate replies (the pairs
 * and copies similar.h writes at import), for the command line and the web.
 */
#include <stddef.h>

#include "base/diag.h"
#include "model/letter.h"
#include "search/query.h"
#include "store/db.h"

/* One similar letter and its similarity (0-1). */
typedef int (*similar_row_cb)(void *ctx, const struct letter *l, double similarity);

/* The letters whose text shares at least `min` with reply `id` (the stored
 * pairs), most similar first; with by_title, those whose proposal title does
 * (sim_title: candidates from the full-text index of titles by the title's
 * rarest pairs, enough that no title reaching min is missed, each scored).
 * Returns the number of rows passed to cb, or -1 with d set. */
long search_similar(struct db *db, long long id, double min, int by_title, similar_row_cb cb,
                    void *ctx, struct diag *d);

/* The replies a proposal number (or an ID) names: the first of them, or 0 when
 * none; -1 with d set on error. A plain number without a leading zero is an ID
 * first. */
long long search_resolve(struct db *db, const char *id_or_number, struct diag *d);
/* The ID a plain number names first (digits without a leading zero: "12", not
 * "0012" nor "第12号"), or 0 when s is none. */
long long search_plain_id(const char *s);

/* A group of replies sharing most of their text. */
struct boilerplate {
    size_t size;          /* letters (copies of one letter count once) */
    const long long *ids; /* their IDs, in order */
    char **departments;   /* distinct, most frequent first */
    size_t ndepartments;
    char **years; /* distinct, in order */
    size_t nyears;
    char **delegates; /* distinct, in order of the letters */
    size_t ndelegates;
    double similarity; /* the lowest score of the pairs that join it */
};
typedef int (*boilerplate_cb)(void *ctx, const struct boilerplate *g);

/* The groups of at least min_size replies matching o's filters and keywords that
 * are joined by pairs scoring at least min, largest first (then by first ID);
 * o->limit and o->offset apply to the groups. Returns the number passed to cb,
 * or -1 with d set. */
long search_boilerplate(struct db *db, const struct search_opts *o, size_t min_size, double min,
                        boilerplate_cb cb, void *ctx, struct diag *d);

/* The copy group of reply id: its representative (the most complete copy) and
 * the number of copies in it, or 0 when the letter has no copies. */
long long search_copies(struct db *db, long long id, long long *count);

/* Letters stored before the archive had its similarity index are compared
 * now, when the archive is open for writing. Returns 0, the number still
 * waiting (a read-only archive), or -1 with d set. */
long long search_similar_ready(struct db *db, struct diag *d);

/* Does the archive hold any copies? (Search collapses them only then.) */
int search_has_copies(struct db *db);

#endif
