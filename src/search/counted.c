/* counted: the groupings read from the counts kept of each value (see counted.h). */
#include "search/counted.h"

/* The groupings from reply_cross, in the orders of group.c's group_shapes;
 * dim, the grouping's number (schema 029). The rows reply_cross_recent holds
 * stand for reply_cross's (schema 053): the two are read each in that order
 * and merged (n DESC, k: columns 3 and 5), a key being in one of them. Those
 * largest first read the rows of more than one reply (cross_more: reply_cross's
 * through its order index), then those of one (cross_once: reply_cross's by its
 * key, schema 052). */
#define CROSS_NOT_RECENT(c)                                                                        \
    "NOT EXISTS (SELECT 1 FROM reply_cross_recent x WHERE x.f = " c ".f AND x.fk = " c ".fk "      \
    "AND x.dim = " c ".dim AND x.k = " c ".k)"
#define CROSS_ARM(t, dim, cond)                                                                    \
    "SELECT key, NULL, n, latest, k FROM " t " c WHERE f = ?1 AND fk = ?2 AND dim = " #dim cond
#define CROSS_GROUP(dim, cond, order)                                                              \
    CROSS_ARM("reply_cross", dim, cond " AND " CROSS_NOT_RECENT("c"))                              \
    " UNION ALL " CROSS_ARM("reply_cross_recent", dim, cond) " ORDER BY " order
#define CROSS_MORE(dim) CROSS_GROUP(dim, " AND n > 1", "3 DESC, 5")
#define CROSS_ONCE(dim) CROSS_GROUP(dim, " AND n = 1", "5")
#define CROSS_DELEGATES(t, cond)                                                                   \
    "SELECT c.key, dl.pinyin, c.n, c.latest, c.k FROM " t " c CROSS JOIN delegate dl "             \
    "ON dl.name = c.k WHERE c.f = ?1 AND c.fk = ?2 AND c.dim = 7" cond
#define CROSS_DELEGATE(cond, order)                                                                \
    CROSS_DELEGATES("reply_cross", cond " AND " CROSS_NOT_RECENT("c"))                             \
    " UNION ALL " CROSS_DELEGATES("reply_cross_recent", cond) " ORDER BY " order
static const char *const cross_more[GROUP_REGION + 1] = {
    [GROUP_DELEGATE] = CROSS_DELEGATE(" AND c.n > 1", "3 DESC, 5"),
    [GROUP_DEPARTMENT] = CROSS_MORE(6),
    [GROUP_YEAR] = CROSS_GROUP(1, "", "5 DESC"),
    [GROUP_BODY] = CROSS_MORE(2),
    [GROUP_KIND] = CROSS_MORE(3),
    [GROUP_CATEGORY] = CROSS_GROUP(4, "", "5"),
    [GROUP_REGION] = CROSS_MORE(5),
};
static const char *const cross_once[GROUP_REGION + 1] = {
    [GROUP_DELEGATE] = CROSS_DELEGATE(" AND c.n = 1", "5"),
    [GROUP_DEPARTMENT] = CROSS_ONCE(6),
    [GROUP_BODY] = CROSS_ONCE(2),
    [GROUP_KIND] = CROSS_ONCE(3),
    [GROUP_REGION] = CROSS_ONCE(5),
};

/* The same from reply_count, without filters, of the groupings largest first
 * (the others group.c reads through its shapes), with reply_count_recent's
 * rows, which stand for those of the same key (schema 057). */
#define COUNT_ARM(t, dim, cond)                                                                    \
    "SELECT key, NULL, n, latest, k FROM " t " c WHERE dim = '" dim "'" cond
#define COUNT_NOT_RECENT                                                                           \
    " AND NOT EXISTS (SELECT 1 FROM reply_count_recent x WHERE x.dim = c.dim AND x.k = c.k)"
#define COUNT_GROUP(dim, cond, order)                                                              \
    COUNT_ARM("reply_count", dim, cond COUNT_NOT_RECENT)                                           \
    " UNION ALL " COUNT_ARM("reply_count_recent", dim, cond) " ORDER BY " order
#define COUNT_PARTS(dim)                                                                           \
    {                                                                                              \
        COUNT_GROUP(dim, " AND n > 1", "3 DESC, 5"), COUNT_GROUP(dim, " AND n = 1", "5")           \
    }
static const char *const count_parts[GROUP_REGION + 1][2] = {
    [GROUP_DEPARTMENT] = COUNT_PARTS("department"),
    [GROUP_BODY] = COUNT_PARTS("body"),
    [GROUP_KIND] = COUNT_PARTS("kind"),
    [GROUP_REGION] = COUNT_PARTS("region"),
};

/* Prepares and binds sql for c. Returns 0 or -1 with d set. */
static int part_open(struct db *db, struct counted_read *c, const char *sql, struct diag *d)
{
    if (db_prepare_kept(db, sql, &c->st, d))
        return -1;
    if (c->f) {
        sqlite3_bind_int(c->st, 1, c->f);
        sqlite3_bind_text(c->st, 2, c->val, -1, SQLITE_TRANSIENT);
    }
    return 0;
}

int counted_open(struct db *db, struct counted_read *c, enum search_group g, int f, const char *val,
                 struct diag *d)
{
    *c = (struct counted_read){NULL, f ? cross_once[g] : count_parts[g][1], f, val};
    const char *first = f ? cross_more[g] : count_parts[g][0];
    if (!first)
        return 0;
    return part_open(db, c, first, d) ? -1 : 1;
}

int counted_step(struct db *db, struct counted_read *c, struct diag *d)
{
    int s = sqlite3_step(c->st);
    if (s != SQLITE_DONE || !c->next)
        return s;
    const char *next = c->next;
    db_release_kept(db, c->st);
    c->st = NULL;
    c->next = NULL;
    return part_open(db, c, next, d) ? SQLITE_ERROR : sqlite3_step(c->st);
}
