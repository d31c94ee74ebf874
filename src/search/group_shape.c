/* group_shape: what each grouping of the hits reads (see group_shape.h). */
#include "search/group_shape.h"

const struct group_shape group_shapes[] = {
    [GROUP_DELEGATE] = {.select = "dl.name, dl.pinyin, count(DISTINCT r.id), max(r.date)",
                        .join = "JOIN reply_delegate rd ON rd.reply_id = r.id "
                                "JOIN delegate dl ON dl.id = rd.delegate_id",
                        .group_by = "dl.id",
                        .order_by = "3 DESC, 1"},
#define GROUP_SHAPE(col, order)                                                                    \
    {                                                                                              \
        .select = col ", NULL, count(*), max(r.date)", .group_by = col, .order_by = order          \
    }
    [GROUP_DEPARTMENT] = GROUP_SHAPE("r.department", "3 DESC, 1"),
    [GROUP_YEAR] = GROUP_SHAPE("substr(r.date, 1, 4)", "1 DESC"),
    [GROUP_BODY] = GROUP_SHAPE("r.body", "3 DESC, 1"),
    [GROUP_KIND] = GROUP_SHAPE("r.kind", "3 DESC, 1"),
    [GROUP_CATEGORY] = GROUP_SHAPE("r.category", "1"),
    [GROUP_REGION] = GROUP_SHAPE("r.region", "3 DESC, 1"),
};

/* The same groupings from the replies counted by combination (schemas 007,
 * 059: their values' numbers, named). */
#define FACET_SHAPE(key, by, order)                                                                \
    {                                                                                              \
        .select = key ", NULL, sum(r.n), max(r.date)", .group_by = by, .order_by = order,          \
        .from = FACET_FROM                                                                         \
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
        .select = key ", NULL, r.n, r.date", .from = FACET_FROM                                    \
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
const struct group_shape delegate_rows = {.select = "rd.delegate_id, NULL, 1, r.date",
                                          .join = "JOIN reply_delegate rd ON rd.reply_id = r.id"};

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
    [GROUP_DELEGATE] = {.select = "dl.name, dl.pinyin, dl.n, dl.latest",
                        .order_by = "3 DESC, 1",
                        .from = "(SELECT name, pinyin, n, latest FROM delegate_stat s WHERE NOT "
                                "EXISTS (SELECT 1 FROM delegate_stat_recent x WHERE "
                                "x.delegate_id = s.delegate_id) UNION ALL SELECT name, pinyin, n, "
                                "latest FROM delegate_stat_recent) dl"},
#define COUNT_SHAPE(order, dim)                                                                    \
    {                                                                                              \
        .select = COUNTED_ROW, .order_by = order, .from = COUNTED(dim)                             \
    }
    [GROUP_DEPARTMENT] = COUNT_SHAPE("c.n DESC, c.k", "department"),
    [GROUP_YEAR] = COUNT_SHAPE("c.k DESC", "year"),
    [GROUP_BODY] = COUNT_SHAPE("c.n DESC, c.k", "body"),
    [GROUP_KIND] = COUNT_SHAPE("c.n DESC, c.k", "kind"),
    [GROUP_CATEGORY] = COUNT_SHAPE("c.k", "category"),
    [GROUP_REGION] = COUNT_SHAPE("c.n DESC, c.k", "region"),
};
