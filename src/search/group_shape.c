/* group_shape: what each grouping of the hits reads (see group_shape.h). */
#include "search/group_shape.h"

const struct group_shape group_shapes[] = {
    [GROUP_DELEGATE] = {"dl.name, dl.pinyin, count(DISTINCT r.id), max(r.date)",
                        "JOIN reply_delegate rd ON rd.reply_id = r.id "
                        "JOIN delegate dl ON dl.id = rd.delegate_id",
                        "dl.id", "3 DESC, 1", NULL, NULL},
    [GROUP_DEPARTMENT] = {"r.department, NULL, count(*), max(r.date)", NULL, "r.department",
                          "3 DESC, 1", NULL, NULL},
    [GROUP_YEAR] = {"substr(r.date, 1, 4), NULL, count(*), max(r.date)", NULL,
                    "substr(r.date, 1, 4)", "1 DESC", NULL, NULL},
    [GROUP_BODY] = {"r.body, NULL, count(*), max(r.date)", NULL, "r.body", "3 DESC, 1", NULL, NULL},
    [GROUP_KIND] = {"r.kind, NULL, count(*), max(r.date)", NULL, "r.kind", "3 DESC, 1", NULL, NULL},
    [GROUP_CATEGORY] = {"r.category, NULL, count(*), max(r.date)", NULL, "r.category", "1", NULL,
                        NULL},
    [GROUP_REGION] = {"r.region, NULL, count(*), max(r.date)", NULL, "r.region", "3 DESC, 1", NULL,
                      NULL},
};

/* The same groupings from the replies counted by combination (schemas 007,
 * 059: their values' numbers, named). */
#define FACET_SHAPE(key, by, order)                                                                \
    {                                                                                              \
        key ", NULL, sum(r.n), max(r.date)", NULL, by, order, FACET_FROM, NULL                     \
    }
const struct group_shape facet_shapes[] = {
    [GROUP_DELEGATE] = {0}, /* (not counted by combination) */
    [GROUP_DEPARTMENT] = FACET_SHAPE(NAMED(1, "r.department"), "r.department", "3 DESC, 1"),
    [GROUP_YEAR] = FACET_SHAPE("substr(r.date, 1, 4)", "substr(r.date, 1, 4)", "1 DESC"),
    [GROUP_BODY] = FACET_SHAPE(NAMED(4, "r.body"), "r.body", "3 DESC, 1"),
    [GROUP_KIND] = FACET_SHAPE(NAMED(5, "r.kind"), "r.kind", "3 DESC, 1"),
    [GROUP_CATEGORY] = FACET_SHAPE(NAMED(6, "r.category"), "r.category", "1"),
    [GROUP_REGION] = FACET_SHAPE(NAMED(3, "r.region"), "r.region", "3 DESC, 1"),
};

/* The rows those groupings add up, in hash_group, by their values' numbers
 * (facet_code_dim): a department's or a region's combinations come from an
 * index in its order, which GROUP BY sorted. */
#define FACET_ROWS(key)                                                                            \
    {                                                                                              \
        key ", NULL, r.n, r.date", NULL, NULL, NULL, FACET_FROM, NULL                              \
    }
const struct group_shape facet_rows[] = {
    [GROUP_DELEGATE] = {0},
    [GROUP_DEPARTMENT] = FACET_ROWS("r.department"),
    [GROUP_YEAR] = FACET_ROWS("substr(r.date, 1, 4)"),
    [GROUP_BODY] = FACET_ROWS("r.body"),
    [GROUP_KIND] = FACET_ROWS("r.kind"),
    [GROUP_CATEGORY] = FACET_ROWS("r.category"),
    [GROUP_REGION] = FACET_ROWS("r.region"),
};
/* The field of facet_name whose numbers facet_count holds for each grouping
 * (0: the year, its text). */
const int facet_code_dim[] = {[GROUP_DEPARTMENT] = 1,
                              [GROUP_BODY] = 4,
                              [GROUP_KIND] = 5,
                              [GROUP_CATEGORY] = 6,
                              [GROUP_REGION] = 3};

const struct group_shape combo_shapes[] = {
    [GROUP_DELEGATE] = {"dl.name, dl.pinyin, sum(c.n), max(c.latest)",
                        "CROSS JOIN (SELECT * FROM reply_combo_delegate "
                        "UNION ALL SELECT * FROM reply_combo_delegate_recent) c "
                        "ON c.combo = r.k CROSS JOIN delegate dl ON dl.id = c.delegate_id",
                        "c.delegate_id", "3 DESC, 1", "reply_combo r", NULL},
    [GROUP_DEPARTMENT] = {NAMED(1, "f.department") ", NULL, sum(f.n), max(f.date)",
                          COMBO_FACETS_BOTH, "f.department", "3 DESC, 1", "reply_combo r", NULL},
    [GROUP_YEAR] = {"r.date, NULL, sum(r.n), NULL", NULL, "r.date", "1 DESC", "reply_combo r",
                    NULL},
    [GROUP_BODY] = {"r.body, NULL, sum(r.n), NULL", NULL, "r.body", "3 DESC, 1", "reply_combo r",
                    NULL},
    [GROUP_KIND] = {"r.kind, NULL, sum(r.n), NULL", NULL, "r.kind", "3 DESC, 1", "reply_combo r",
                    NULL},
    [GROUP_CATEGORY] = {"r.category, NULL, sum(r.n), NULL", NULL, "r.category", "1",
                        "reply_combo r", NULL},
    [GROUP_REGION] = {NAMED(3, "f.region") ", NULL, sum(f.n), max(f.date)", COMBO_FACETS_BOTH,
                      "f.region", "3 DESC, 1", "reply_combo r", NULL},
};

/* The rows those groupings add up (the proposers by id, the regions and
 * departments by their numbers), in hash_group: those of the table, then
 * those of its recent part (schemas 060, 061), whose rows add to its own. */
const struct group_shape combo_rows[] = {
    [GROUP_DELEGATE] = {"c.delegate_id, NULL, c.n, c.latest",
                        COMBO_DELEGATES_ON("reply_combo_delegate"), NULL, NULL, COMBO_KEYS,
                        COMBO_DELEGATES_ON("reply_combo_delegate_recent")},
    [GROUP_DEPARTMENT] = {"f.department, NULL, f.n, f.date", COMBO_CODED_ON("facet_count"), NULL,
                          NULL, COMBO_CODED, COMBO_CODED_ON("facet_count_recent")},
    [GROUP_REGION] = {"f.region, NULL, f.n, NULL", COMBO_CODED_ON("facet_count"), NULL, NULL,
                      COMBO_CODED, COMBO_CODED_ON("facet_count_recent")},
};

/* The proposers of the replies the filters select, a row a link (a reply
 * links a proposer once: count(DISTINCT r.id) is their number), added up in
 * hash_group as the combinations' are. */
const struct group_shape delegate_rows = {"rd.delegate_id, NULL, 1, r.date",
                                          "JOIN reply_delegate rd ON rd.reply_id = r.id",
                                          NULL,
                                          NULL,
                                          NULL,
                                          NULL};

/* Without any filter, from the counts of each field's values (schema 007).
 * The rows of reply_count_recent and delegate_stat_recent stand for those of
 * the same key (schema 057): both read, each through its order index and
 * merged (SQLite merges them so when the columns read are the tables' own:
 * the key k, read as NULL where it is the integer 0, see search_group). */
#define COUNTED(dim)                                                                               \
    "(SELECT k, n, latest FROM reply_count c WHERE dim = '" dim "' AND NOT EXISTS (SELECT 1 "      \
    "FROM reply_count_recent x WHERE x.dim = c.dim AND x.k = c.k) UNION ALL SELECT k, n, "         \
    "latest FROM reply_count_recent WHERE dim = '" dim "') c"
#define COUNTED_ROW "c.k, NULL, c.n, c.latest"
const struct group_shape count_shapes[] = {
    [GROUP_DELEGATE] = {"dl.name, dl.pinyin, dl.n, dl.latest", NULL, NULL, "3 DESC, 1",
                        "(SELECT name, pinyin, n, latest FROM delegate_stat s WHERE NOT EXISTS "
                        "(SELECT 1 FROM delegate_stat_recent x WHERE x.delegate_id = "
                        "s.delegate_id) UNION ALL SELECT name, pinyin, n, latest "
                        "FROM delegate_stat_recent) dl",
                        NULL},
    [GROUP_DEPARTMENT] = {COUNTED_ROW, NULL, NULL, "c.n DESC, c.k", COUNTED("department"), NULL},
    [GROUP_YEAR] = {COUNTED_ROW, NULL, NULL, "c.k DESC", COUNTED("year"), NULL},
    [GROUP_BODY] = {COUNTED_ROW, NULL, NULL, "c.n DESC, c.k", COUNTED("body"), NULL},
    [GROUP_KIND] = {COUNTED_ROW, NULL, NULL, "c.n DESC, c.k", COUNTED("kind"), NULL},
    [GROUP_CATEGORY] = {COUNTED_ROW, NULL, NULL, "c.k", COUNTED("category"), NULL},
    [GROUP_REGION] = {COUNTED_ROW, NULL, NULL, "c.n DESC, c.k", COUNTED("region"), NULL},
};
