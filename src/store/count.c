/* count: the counts the listings read (reply_count, facet_count, reply_cross,
 * reply_combo, reply_combo_delegate, delegate_stat), kept by dafu alone (see
 * db_int.h). */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "store/code.h"
#include "store/db.h"
#include "store/db_int.h"
#include "store/stmt_vfs.h"

/* The replies inserted or changed since the last commit, added to the counts
 * that the listings read (schema/014_batch_counts.sql): one grouped upsert into
 * each table for the batch instead of eight upserts a letter and one a proposer,
 * with the same result (a count and the newest date of each key, a date never
 * replaced by a missing one). A counted reply is taken out of them before it
 * changes (uncount), so this is the one place that adds to them. */
/* The filters reply_cross counts by (schema 013), each by the number of its
 * field as a grouping (schema 029): 1 year, 2 body, 3 kind, 4 category; and the
 * value of each. */
#define CROSS_FILTERS "(VALUES (1), (2), (3), (4))"
#define CROSS_VALUE(f)                                                                             \
    "CASE " f " WHEN 1 THEN substr(r.date, 1, 4) WHEN 2 THEN r.body "                              \
    "WHEN 3 THEN r.kind ELSE r.category END"
/* The value of filter fl.column1 of reply r. */
#define CROSS_FV CROSS_VALUE("fl.column1")
/* The rows of reply_cross of the replies of `replies` (reply r, joined to
 * their proposers' links rd by `links`), grouped: each filter (f), its value
 * (fk), each grouping (dim: 0 total 1 year 2 body 3 kind 4 category 5 region
 * 6 department 7 delegate), each key (k) and its replies (n), and the newest
 * of their dates for departments and proposers. */
#define CROSS_ROWS(replies, links)                                                                 \
    "SELECT f, fk, dim, coalesce(key, 0) AS k, count(*) AS n, "                                    \
    "CASE WHEN dim >= 6 THEN max(date) END AS latest FROM ("                                       \
    "SELECT fl.column1 AS f, " CROSS_FV " AS fk, v.column1 AS dim, "                               \
    "CASE v.column1 WHEN 0 THEN NULL WHEN 1 THEN substr(r.date, 1, 4) WHEN 2 THEN r.body "         \
    "WHEN 3 THEN r.kind WHEN 4 THEN r.category WHEN 5 THEN r.region ELSE r.department END "        \
    "AS key, r.date AS date FROM " replies ", " CROSS_FILTERS " fl, "                              \
    "(VALUES (0), (1), (2), (3), (4), (5), (6)) v "                                                \
    "UNION ALL SELECT fl.column1, " CROSS_FV ", 7, dl.name, r.date "                               \
    "FROM " replies " " links " CROSS JOIN delegate dl ON dl.id = rd.delegate_id, " CROSS_FILTERS  \
    " fl) WHERE fk IS NOT NULL GROUP BY f, fk, dim, coalesce(key, 0)"

/* reply_cross's rows of the batch, then the batch is counted: each row the
 * batch changes is written whole into reply_cross_recent (schema 053), from
 * its row there or else from reply_cross's, which it then stands for. */
#define CROSS_NEW_ROWS                                                                             \
    CROSS_ROWS("reply_uncounted u CROSS JOIN reply r ON r.id = u.id",                              \
               "CROSS JOIN reply_delegate rd ON rd.reply_id = u.id")
/* The same key in reply_cross_recent (x) and reply_cross (c) as row b. */
#define CROSS_SAME(t, b)                                                                           \
    t ".f = " b ".f AND " t ".fk = " b ".fk AND " t ".dim = " b ".dim AND " t ".k = " b ".k"
/* The newest date of row b of a batch's counts, over its earlier row in the
 * table of recent rows (x) or else in the table (c) (schemas 053, 057). */
#define RECENT_WAS "CASE WHEN x.n IS NULL THEN c.latest ELSE x.latest END"
#define RECENT_LATEST                                                                              \
    "CASE WHEN " RECENT_WAS " IS NULL OR b.latest > " RECENT_WAS " THEN b.latest "                 \
    "ELSE " RECENT_WAS " END"
#define CROSS_BOTH                                                                                 \
    "LEFT JOIN reply_cross_recent x ON " CROSS_SAME("x", "b") " LEFT JOIN reply_cross c "          \
                                                              "ON " CROSS_SAME("c", "b")
/* A batch's count added to a table's row (an upsert's excluded row). */
#define COUNT_ADDED                                                                                \
    "n = n + excluded.n, latest = CASE WHEN latest IS NULL OR excluded.latest > latest "           \
    "THEN excluded.latest ELSE latest END"
/* facet_count's key (schema 059). */
#define FACET_KEY "body, kind, category, term, session, year, region, department, department_key"
/* Rows of facet_count and facet_count_recent of one key added up (an upsert's
 * excluded row added to the row there). */
#define FACET_SUM                                                                                  \
    "n = n + excluded.n, date = CASE "                                                             \
    "WHEN date IS NULL OR excluded.date > date THEN excluded.date ELSE date END"
/* The rows of table t's table of recent rows (t_recent, schemas 053, 057, 060,
 * 061) that meet `where` added into t's (its columns cols, its key key) by an
 * upsert that sets `set`; with MERGED, all of them, and the table of recent rows
 * emptied. */
#define FROM_RECENT(t, cols, key, set, where)                                                      \
    "INSERT INTO " t "(" cols ") SELECT " cols " FROM " t "_recent WHERE " where                   \
    " ON CONFLICT(" key ") DO UPDATE SET " set
#define MERGED(from, t) from("1") "; DELETE FROM " t "_recent;"
/* A row of a table of recent rows written over the table's. */
#define WRITTEN_OVER "n = excluded.n, latest = excluded.latest"
#define CROSS_FROM_RECENT(where)                                                                   \
    FROM_RECENT("reply_cross", "f, fk, dim, k, n, latest", "f, fk, dim, k", WRITTEN_OVER, where)
#define COUNT_FROM_RECENT(where)                                                                   \
    FROM_RECENT("reply_count", "dim, k, n, latest", "dim, k", WRITTEN_OVER, where)
#define DSTAT_FROM_RECENT(where)                                                                   \
    FROM_RECENT("delegate_stat", "delegate_id, name, pinyin, n, latest", "delegate_id",            \
                "name = excluded.name, pinyin = excluded.pinyin, " WRITTEN_OVER, where)
#define FACET_FROM_RECENT(where)                                                                   \
    FROM_RECENT("facet_count", FACET_KEY ", date, n", FACET_KEY, FACET_SUM, where)
#define CDEL_FROM_RECENT(where)                                                                    \
    FROM_RECENT("reply_combo_delegate", "combo, delegate_id, n, latest", "combo, delegate_id",     \
                COUNT_ADDED, where)
static const char sql_cross_pending[] =
    "INSERT INTO reply_cross_recent(f, fk, dim, k, n, latest) "
    "SELECT b.f, b.fk, b.dim, b.k, b.n + coalesce(x.n, c.n, 0), " RECENT_LATEST " "
    "FROM (" CROSS_NEW_ROWS ") b " CROSS_BOTH " WHERE 1 "
    "ON CONFLICT(f, fk, dim, k) DO UPDATE SET " WRITTEN_OVER "; DELETE FROM reply_uncounted;";
/* The same added to reply_cross itself (a commit of many replies). */
static const char sql_cross_direct[] =
    "INSERT INTO reply_cross(f, fk, dim, k, n, latest) " CROSS_NEW_ROWS " "
    "ON CONFLICT(f, fk, dim, k) DO UPDATE SET " COUNT_ADDED "; DELETE FROM reply_uncounted;";

/* The rows of a table of recent rows written over the table's, in key order,
 * and it is emptied (schemas 053, 057). */
static const char sql_cross_merge[] = MERGED(CROSS_FROM_RECENT, "reply_cross");
static const char sql_count_merge[] = MERGED(COUNT_FROM_RECENT, "reply_count");
static const char sql_dstat_merge[] = MERGED(DSTAT_FROM_RECENT, "delegate_stat");
static const char sql_facet_merge[] = MERGED(FACET_FROM_RECENT, "facet_count");
static const char sql_cdel_merge[] = MERGED(CDEL_FROM_RECENT, "reply_combo_delegate");

/* A table of recent rows is merged into its table once it holds more rows
 * than 20,000 and than half the replies (reply_cross holds about 5.5 rows a
 * reply, a batch of 1,000 letters changes some 9,800 of them; reply_count
 * some 3,000, delegate_stat some 1,200, reply_combo_delegate some 1,300 of its
 * 1.3 a reply): a commit rewrites the pages of the
 * recent rows and their order index, which stay a tenth of the table's or
 * less, and the merge, which changes nearly every page of the table and its
 * order index, comes once in several batches. facet_count holds about a row a
 * reply in each of its three b-trees, and a batch adds about a row a letter to
 * facet_count_recent: it is added in once it holds more than 10,000 rows and a
 * thirtieth of the replies (about every ten batches of 1,000 letters at
 * 100,000 letters, when a commit changes some 75 pages of the recent rows'
 * b-trees and a merge the 720 of facet_count's). */
#define RECENT_FULL(t, least, share)                                                               \
    "SELECT (SELECT count(*) FROM " t "_recent) > max(" least ", " DB_REPLIES " / " share ")"
static const char *const recent_full[] = {
    RECENT_FULL("reply_cross", "20000", "2"), RECENT_FULL("reply_count", "20000", "2"),
    RECENT_FULL("delegate_stat", "20000", "2"), RECENT_FULL("reply_combo_delegate", "20000", "2"),
    RECENT_FULL("facet_count", "10000", "30")};
static const char *const recent_merge[] = {sql_cross_merge, sql_count_merge, sql_dstat_merge,
                                           sql_cdel_merge, sql_facet_merge};

/* Merges each table of recent rows that outgrew its bound. Returns 0 or -1
 * with d set. */
static int recent_merges(struct db *db, struct diag *d)
{
    for (size_t i = 0; i < sizeof recent_full / sizeof *recent_full; i++) {
        long long full = db_value(db, recent_full[i]);
        if (full < 0)
            return diag_error(d, "database '%s': counting: %s", db_path(db),
                              sqlite3_errmsg(db_sqlite(db)));
        if (full && db_exec(db, recent_merge[i], d))
            return -1;
    }
    return 0;
}

/* A reply's combination of its fields (schemas 018, 030), of reply `r` ("r."
 * or ""): its combination of the fields of few values, then its region, its
 * department and its department key as quote() writes them, between '|', the
 * department key '=' when it is the department's own name. The replies of one
 * row of facet_count are those of one such text. */
#define FACET_K(r)                                                                                 \
    r "combo_k || '|' || quote(" r "region) || '|' || quote(" r "department) || '|' || "           \
      "iif(" r "department_key IS " r "department, '=', quote(" r "department_key))"
#define FACET_K_REPLY FACET_K("")
/* The number of the value `col` of field dim in facet_name (schema 046), 0 for
 * none: code_store_pending has numbered every value of a reply counted. */
#define NAME_CODE(dim, col)                                                                        \
    "coalesce((SELECT code FROM facet_name WHERE dim = " #dim " AND name = " col "), 0)"
/* A reply's key in facet_count (schema 059), of reply `r` ("r." or ""): the
 * numbers of its body, kind and category, its term and session (0: none), its
 * year ('': none), the numbers of its region, department and department key. */
#define FACET_CODES(r)                                                                             \
    NAME_CODE(4, r "body")                                                                         \
    ", " NAME_CODE(5, r "kind") ", " NAME_CODE(                                                    \
        6, r "category") ", coalesce(" r "term, 0), coalesce(" r "session, 0), "                   \
                         "coalesce(substr(" r                                                      \
                         "date, 1, 4), ''), " NAME_CODE(3, r "region") ", " NAME_CODE(             \
                             1, r "department") ", " NAME_CODE(2, r "department_key")

/* The rows of reply_count and of delegate_stat of the batch. */
#define COUNT_NEW_ROWS                                                                             \
    "SELECT dim, coalesce(key, 0) AS k, count(*) AS n, max(date) AS latest FROM ("                 \
    "SELECT v.column1 AS dim, CASE v.column1 WHEN 'total' THEN NULL "                              \
    "WHEN 'year' THEN substr(r.date, 1, 4) WHEN 'body' THEN r.body WHEN 'kind' THEN r.kind "       \
    "WHEN 'category' THEN r.category WHEN 'region' THEN r.region "                                 \
    "WHEN 'department' THEN r.department ELSE r.department_key END AS key, "                       \
    "r.date AS date FROM reply_uncounted u JOIN reply r ON r.id = u.id, (VALUES ('total'), "       \
    "('year'), ('body'), ('kind'), ('category'), ('region'), ('department'), "                     \
    "('department_key')) v) GROUP BY dim, coalesce(key, 0)"
#define DSTAT_NEW_ROWS                                                                             \
    "SELECT dl.id AS id, dl.name AS name, dl.pinyin AS pinyin, count(*) AS n, "                    \
    "max(r.date) AS latest FROM reply_uncounted u CROSS JOIN reply r ON r.id = u.id "              \
    "CROSS JOIN reply_delegate rd ON rd.reply_id = u.id "                                          \
    "CROSS JOIN delegate dl ON dl.id = rd.delegate_id GROUP BY dl.id"

/* The other counts of the batch: reply_count and delegate_stat into their
 * recent rows (count_recent, dstat_recent) or into themselves (count_direct,
 * dstat_direct), the rest into their tables (others). */
static const char sql_count_recent[] =
    "INSERT INTO reply_count_recent(dim, k, n, latest) "
    "SELECT b.dim, b.k, b.n + coalesce(x.n, c.n, 0), " RECENT_LATEST " FROM (" COUNT_NEW_ROWS ") b "
    "LEFT JOIN reply_count_recent x ON x.dim = b.dim "
    "AND x.k = b.k LEFT JOIN reply_count c ON c.dim = b.dim AND c.k = b.k WHERE 1 "
    "ON CONFLICT(dim, k) DO UPDATE SET n = excluded.n, latest = excluded.latest; ";
static const char sql_count_direct[] =
    "INSERT INTO reply_count(dim, k, n, latest) SELECT dim, k, n, latest FROM (" COUNT_NEW_ROWS
    ") WHERE 1 ON CONFLICT(dim, k) DO UPDATE SET " COUNT_ADDED "; ";
/* The batch's replies by combination added to facet_count_recent (schema
 * 061) or to facet_count itself (t). */
#define FACET_BATCH                                                                                \
    "SELECT " FACET_CODES(                                                                         \
        "r.") ", max(r.date), count(*) FROM reply_uncounted u "                                    \
              "CROSS JOIN reply r ON r.id = u.id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
#define FACET_ADDED(t)                                                                             \
    "INSERT INTO " t "(" FACET_KEY ", date, n) " FACET_BATCH " ON CONFLICT(" FACET_KEY             \
    ") DO UPDATE SET " FACET_SUM "; "
static const char sql_facet_recent[] = FACET_ADDED("facet_count_recent");
static const char sql_facet_direct[] = FACET_ADDED("facet_count");
static const char sql_count_others[] =
    "INSERT INTO reply_combo SELECT r.combo_k, r.body, r.kind, r.category, r.term, "
    "r.session, substr(r.date, 1, 4), count(*) "
    "FROM reply_uncounted u CROSS JOIN reply r ON r.id = u.id GROUP BY r.combo_k "
    "ON CONFLICT(k) DO UPDATE SET n = n + excluded.n; ";
/* The rows of reply_combo_delegate of the batch, into its recent rows (schema
 * 060) or into itself. */
#define CDEL_NEW_ROWS                                                                              \
    "SELECT r.combo_k AS combo, rd.delegate_id AS delegate_id, count(*) AS n, "                    \
    "max(r.date) AS latest FROM reply_uncounted u CROSS JOIN reply r ON r.id = u.id "              \
    "CROSS JOIN reply_delegate rd ON rd.reply_id = u.id GROUP BY r.combo_k, rd.delegate_id"
#define CDEL_ADDED(t)                                                                              \
    "INSERT INTO " t "(combo, delegate_id, n, latest) "                                            \
    "SELECT combo, delegate_id, n, latest FROM (" CDEL_NEW_ROWS ") WHERE 1 "                       \
    "ON CONFLICT(combo, delegate_id) DO UPDATE SET " COUNT_ADDED "; "
static const char sql_cdel_recent[] = CDEL_ADDED("reply_combo_delegate_recent");
static const char sql_cdel_direct[] = CDEL_ADDED("reply_combo_delegate");
static const char sql_dstat_recent[] =
    "INSERT INTO delegate_stat_recent(delegate_id, name, pinyin, n, latest) "
    "SELECT b.id, CASE WHEN x.n IS NOT NULL THEN x.name WHEN c.n IS NOT NULL THEN c.name "
    "ELSE b.name END, CASE WHEN x.n IS NOT NULL THEN x.pinyin WHEN c.n IS NOT NULL "
    "THEN c.pinyin ELSE b.pinyin END, b.n + coalesce(x.n, c.n, 0), " RECENT_LATEST
    " FROM (" DSTAT_NEW_ROWS ") b LEFT JOIN delegate_stat_recent x ON x.delegate_id = b.id "
    "LEFT JOIN delegate_stat c ON c.delegate_id = b.id WHERE 1 "
    "ON CONFLICT(delegate_id) DO UPDATE SET name = excluded.name, pinyin = excluded.pinyin, "
    "n = excluded.n, latest = excluded.latest; ";
static const char sql_dstat_direct[] =
    "INSERT INTO delegate_stat(delegate_id, name, pinyin, n, latest) "
    "SELECT id, name, pinyin, n, latest FROM (" DSTAT_NEW_ROWS ") WHERE 1 "
    "ON CONFLICT(delegate_id) DO UPDATE SET " COUNT_ADDED "; ";

/* Is the batch so large that its rows of reply_cross (some 10 a reply) would
 * outgrow the recent rows' bound at once (a whole import's commits of 10,000
 * letters below 200,000 letters)? Then the recent rows are merged first and
 * the batch is added to the tables themselves, each page of theirs changed
 * once, as the merge would change it. */
static const char sql_count_direct_batch[] =
    "SELECT (SELECT count(*) FROM reply_uncounted) * 10 > max(20000, " DB_REPLIES " / 2)";

static int count_pending_sql(struct db *db, struct diag *d)
{
    long long direct = db_value(db, sql_count_direct_batch);
    if (direct < 0)
        return diag_error(d, "database '%s': counting: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    if (direct)
        for (size_t i = 0; i < sizeof recent_merge / sizeof *recent_merge; i++)
            if (db_exec(db, recent_merge[i], d))
                return -1;
    /* the letters' codes first: sql_cross_pending empties reply_uncounted */
    return code_store_pending(db, d) ||
                   db_exec(db, direct ? sql_count_direct : sql_count_recent, d) ||
                   db_exec(db, direct ? sql_facet_direct : sql_facet_recent, d) ||
                   db_exec(db, sql_count_others, d) ||
                   db_exec(db, direct ? sql_cdel_direct : sql_cdel_recent, d) ||
                   db_exec(db, direct ? sql_dstat_direct : sql_dstat_recent, d) ||
                   db_exec(db, direct ? sql_cross_direct : sql_cross_pending, d) ||
                   (!direct && recent_merges(db, d))
               ? -1
               : 0;
}

/* The counts of a commit's replies are added once, at the commit, not after
 * each step of an import (import/import.h): the tables' keys are random, and
 * once the tables outgrow the page cache every step rewrote most of their
 * pages, read back and written into the WAL again by each of the commit's ten
 * steps. Added once, each grouped upsert walks its table in key order and
 * changes each page once a commit. The statements' sorters keep up to the page
 * cache's size in memory before they go to temporary files (SQLite's
 * vdbesort.c), which over a commit of 10,000 letters made an import's peak
 * memory 11 MB larger: the cache is cut to COUNT_CACHE_KB while they run (a
 * walk in key order reads each page once; the pages it changes are written
 * into the WAL as the cache spills), and given back after.
 *
 * Each upsert is one statement that changes most pages of its table and its
 * indexes (their keys are random: departments, proposers), and its statement
 * journal kept each of those pages as it was, to undo the statement alone if
 * it failed midway: at 99,000 letters some 100 MB written to temporary files
 * for a batch of 1,000 letters, never read. A failed count fails the whole
 * commit, which rolls back the transaction: the journals keep only what they
 * hold in memory (stmt_vfs_unkept), and a statement that needed more to undo
 * itself rolls back the transaction (see BENCHMARKS.md). */
#define COUNT_CACHE_KB 4096

int db_count_pending(struct db *db, struct diag *d)
{
    long long cache = db_value(db, "PRAGMA cache_size");
    char sql[64];
    int shrink = cache < -COUNT_CACHE_KB; /* a size in KB, as db_open sets it */
    if (shrink) {
        snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", COUNT_CACHE_KB);
        if (db_exec(db, sql, d))
            return -1;
    }
    stmt_vfs_unkept(1);
    int rc = count_pending_sql(db, d);
    stmt_vfs_unkept(0);
    if (shrink) {
        snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", cache);
        if (db_exec(db, sql, rc ? NULL : d))
            rc = -1;
    }
    return rc;
}

/* ---- A counted reply taken out of the counts (schema/017_count_in_c.sql) ----
 *
 * Before a counted reply (one not in reply_uncounted) changes or goes, each row
 * that counts it loses one: its eight rows of reply_count (the total, its year,
 * body, kind, category, region, department and department key, schema 013), its
 * combination in facet_count, its combination of the fields of few values in
 * reply_combo (schema 018), its rows of reply_cross and its proposers' rows in
 * delegate_stat and in reply_combo_delegate (by that combination). A row left with none goes; a row
 * whose newest date was the reply's gets the newest of the other replies it counts, read through an
 * index: among the replies of its department (a department, a combination), of its region, of its
 * year (the range of reply_date), or of its proposer; for the fields of few values (body, kind,
 * category), by a walk of reply_date from the newest date to the first reply that has the key. A
 * changed reply is then listed in reply_uncounted, so that count_pending counts it as it is at the
 * commit. */

/* The reply's date, its key in each dimension of reply_count (in the order of
 * count_dims, from column 1), its combination, its combination of the fields of
 * few values; no row when it is not counted. */
static const char sql_counted[] =
    "SELECT date, NULL, substr(date, 1, 4), body, kind, category, region, department, "
    "department_key, " FACET_K_REPLY ", combo_k, " FACET_CODES(
        "") " "
            "FROM reply WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM reply_uncounted WHERE id = ?1)";
static const char *const count_dims[] = {"total",    "year",   "body",       "kind",
                                         "category", "region", "department", "department_key"};
/* A reply the counts count: not one of the batch's, which count_pending adds
 * as it is at the commit (a row's newest date is that of its counted replies;
 * one of the batch may yet change or go). */
#define NOT_UNCOUNTED(id) "NOT EXISTS (SELECT 1 FROM reply_uncounted u WHERE u.id = " id ")"
/* The replies of reply ?1's department key (dafu_norm of its department, schema
 * 002), among which are those of its department: read through
 * reply_department_key (schema 058 dropped the index of the department as
 * written). Reply ?1 is still stored while it is taken out of the counts. */
#define SAME_KEY "department_key IS (SELECT o.department_key FROM reply o WHERE o.id = ?1)"
/* The newest date of the replies but ?1 that have key ?2 in each dimension. */
#define NEWEST_WALK(col)                                                                           \
    "SELECT date FROM reply INDEXED BY reply_date WHERE date IS NOT NULL AND id <> ?1 "            \
    "AND " NOT_UNCOUNTED("reply.id") " AND " col " IS ?2 ORDER BY date DESC LIMIT 1"
static const char *const count_newest[] = {
    "SELECT date FROM reply INDEXED BY reply_date WHERE date IS NOT NULL AND id <> ?1 "
    "AND ?2 IS NULL AND " NOT_UNCOUNTED("reply.id") " ORDER BY date DESC LIMIT 1",
    "SELECT date FROM reply INDEXED BY reply_date WHERE date >= ?2 AND date < ?2 || '~' "
    "AND id <> ?1 AND " NOT_UNCOUNTED("reply.id") " ORDER BY date DESC LIMIT 1",
    NEWEST_WALK("body"),
    NEWEST_WALK("kind"),
    NEWEST_WALK("category"),
    "SELECT max(date) FROM reply INDEXED BY reply_region WHERE region IS ?2 AND id <> ?1 "
    "AND " NOT_UNCOUNTED("reply.id"),
    "SELECT max(date) FROM reply INDEXED BY reply_department_key WHERE " SAME_KEY
    " AND department IS ?2 AND id <> ?1 AND " NOT_UNCOUNTED("reply.id"),
    "SELECT max(date) FROM reply INDEXED BY reply_department_key WHERE department_key IS ?2 "
    "AND id <> ?1 AND " NOT_UNCOUNTED("reply.id"),
};
static const char sql_count_dec[] = "UPDATE reply_count SET n = n - 1 WHERE dim = ?1 "
                                    "AND k = coalesce(?2, 0) RETURNING n, latest IS ?3";
static const char sql_count_del[] =
    "DELETE FROM reply_count WHERE dim = ?1 AND k = coalesce(?2, 0)";
static const char sql_count_set[] = "UPDATE reply_count SET latest = ?3 WHERE dim = ?1 "
                                    "AND k = coalesce(?2, 0)";
/* A row of reply_count_recent moved into reply_count, before it loses one. */
static const char sql_count_fold[] = COUNT_FROM_RECENT("dim = ?1 AND k = coalesce(?2, 0)");
static const char sql_count_unfold[] =
    "DELETE FROM reply_count_recent WHERE dim = ?1 AND k = coalesce(?2, 0)";
/* A row of facet_count: its key's nine columns ?1 .. ?9 (sql_counted's
 * columns from FACET_AT). */
#define FACET_ROW                                                                                  \
    "body = ?1 AND kind = ?2 AND category = ?3 AND term = ?4 AND session = ?5 AND year = ?6 "      \
    "AND region = ?7 AND department = ?8 AND department_key = ?9"
#define FACET_AT 11
static const char sql_facet_dec[] =
    "UPDATE facet_count SET n = n - 1 WHERE " FACET_ROW " RETURNING n, date IS ?10";
static const char sql_facet_del[] = "DELETE FROM facet_count WHERE " FACET_ROW;
static const char sql_facet_set[] = "UPDATE facet_count SET date = ?10 WHERE " FACET_ROW;
/* The row of facet_count_recent of that key added into facet_count's, before
 * it loses one. */
static const char sql_facet_fold[] = FACET_FROM_RECENT(FACET_ROW);
static const char sql_facet_unfold[] = "DELETE FROM facet_count_recent WHERE " FACET_ROW;
static const char sql_facet_newest[] =
    "SELECT max(date) FROM reply INDEXED BY reply_department_key WHERE " SAME_KEY
    " AND department IS ?2 AND " FACET_K_REPLY " = ?3 AND id <> ?1 AND " NOT_UNCOUNTED("reply.id");
static const char sql_combo_dec[] = "UPDATE reply_combo SET n = n - 1 WHERE k = ?1 "
                                    "RETURNING n, 0";
static const char sql_combo_del[] = "DELETE FROM reply_combo WHERE k = ?1";
static const char sql_cdel_dec[] = "UPDATE reply_combo_delegate SET n = n - 1 WHERE combo = ?1 "
                                   "AND delegate_id = ?2 RETURNING n, latest IS ?3";
static const char sql_cdel_del[] = "DELETE FROM reply_combo_delegate WHERE combo = ?1 "
                                   "AND delegate_id = ?2";
static const char sql_cdel_set[] = "UPDATE reply_combo_delegate SET latest = ?3 WHERE combo = ?1 "
                                   "AND delegate_id = ?2";
/* A row of reply_combo_delegate_recent added into reply_combo_delegate's, before
 * it loses one. */
static const char sql_cdel_fold[] = CDEL_FROM_RECENT("combo = ?1 AND delegate_id = ?2");
static const char sql_cdel_unfold[] =
    "DELETE FROM reply_combo_delegate_recent WHERE combo = ?1 AND delegate_id = ?2";
static const char sql_cdel_newest[] =
    "SELECT max(r.date) FROM reply_delegate rd JOIN reply r ON r.id = rd.reply_id "
    "WHERE rd.delegate_id = ?2 AND rd.reply_id <> ?1 AND " NOT_UNCOUNTED(
        "rd.reply_id") " AND r.combo_k = ?3";
static const char sql_links[] = "SELECT delegate_id FROM reply_delegate WHERE reply_id = ?1";
static const char sql_dstat_dec[] = "UPDATE delegate_stat SET n = n - 1 WHERE delegate_id = ?1 "
                                    "RETURNING n, latest IS ?2";
static const char sql_dstat_del[] = "DELETE FROM delegate_stat WHERE delegate_id = ?1";
static const char sql_dstat_set[] = "UPDATE delegate_stat SET latest = ?2 WHERE delegate_id = ?1";
/* A row of delegate_stat_recent moved into delegate_stat, before it loses one. */
static const char sql_dstat_fold[] = DSTAT_FROM_RECENT("delegate_id = ?1");
static const char sql_dstat_unfold[] = "DELETE FROM delegate_stat_recent WHERE delegate_id = ?1";
static const char sql_dstat_newest[] =
    "SELECT max(r.date) FROM reply_delegate rd JOIN reply r ON r.id = rd.reply_id "
    "WHERE rd.delegate_id = ?2 AND rd.reply_id <> ?1 AND " NOT_UNCOUNTED("rd.reply_id");

/* reply_cross (schema 013): the filters it counts by, as the column of
 * sql_counted that holds each one's value (its number in reply_cross, schema
 * 029, is one less), and the newest date of the replies but ?1 of a
 * department or a proposer (named, ?2) that have that value (?3). */
static const int cross_col[] = {2, 3, 4, 5};
#define CROSS_DEPARTMENT(cond)                                                                     \
    "SELECT max(date) FROM reply INDEXED BY reply_department_key WHERE " SAME_KEY                  \
    " AND department IS ?2 AND id <> ?1 AND " NOT_UNCOUNTED("reply.id") " AND " cond " IS ?3"
static const char *const cross_newest_department[] = {
    CROSS_DEPARTMENT("substr(date, 1, 4)"), CROSS_DEPARTMENT("body"), CROSS_DEPARTMENT("kind"),
    CROSS_DEPARTMENT("category")};
#define CROSS_DELEGATE(cond)                                                                       \
    "SELECT max(r.date) FROM delegate dl JOIN reply_delegate rd ON rd.delegate_id = dl.id "        \
    "JOIN reply r ON r.id = rd.reply_id WHERE dl.name = ?2 AND rd.reply_id <> ?1 "                 \
    "AND " NOT_UNCOUNTED("rd.reply_id") " AND " cond " IS ?3"
static const char *const cross_newest_delegate[] = {
    CROSS_DELEGATE("substr(r.date, 1, 4)"), CROSS_DELEGATE("r.body"), CROSS_DELEGATE("r.kind"),
    CROSS_DELEGATE("r.category")};
/* A row of reply_cross: filter ?1 (its number), its value ?2, grouping ?3
 * (its number), key ?4 (schema 029). */
#define CROSS_ROW "f = ?1 AND fk = ?2 AND dim = ?3 AND k = coalesce(?4, 0)"
static const char sql_cross_dec[] =
    "UPDATE reply_cross SET n = n - 1 WHERE " CROSS_ROW " RETURNING n, latest IS ?5";
static const char sql_cross_del[] = "DELETE FROM reply_cross WHERE " CROSS_ROW;
static const char sql_cross_set[] = "UPDATE reply_cross SET latest = ?5 WHERE " CROSS_ROW;
/* A row of reply_cross_recent moved into reply_cross, before it loses one. */
static const char sql_cross_fold[] = CROSS_FROM_RECENT(CROSS_ROW);
static const char sql_cross_unfold[] = "DELETE FROM reply_cross_recent WHERE " CROSS_ROW;
static const char sql_names[] = "SELECT dl.name FROM reply_delegate rd JOIN delegate dl "
                                "ON dl.id = rd.delegate_id WHERE rd.reply_id = ?1";

/* One less in a counted row: dec, bound, has taken one and returns the count
 * left and whether the row's newest date was the reply's. A row left with none
 * is deleted (del, bound); one that lost its newest date is given the newest
 * of the others (newest, bound; set, bound but for parameter `at`, the date),
 * unless newest is NULL (a row that keeps no date).
 * Every statement is reset. Returns 0 or -1 with d set. */
static int count_less(struct db *db, sqlite3_stmt *dec, sqlite3_stmt *del, sqlite3_stmt *newest,
                      sqlite3_stmt *set, int at, struct diag *d)
{
    long long left = 1;
    int was_newest = 0;
    int s = sqlite3_step(dec);
    if (s == SQLITE_ROW) {
        left = sqlite3_column_int64(dec, 0);
        was_newest = sqlite3_column_int(dec, 1);
        s = sqlite3_step(dec);
    }
    sqlite3_reset(dec);
    int rc = 0;
    if (s != SQLITE_DONE)
        rc = -1;
    else if (left <= 0)
        rc = sqlite3_step(del) == SQLITE_DONE ? 0 : -1;
    else if (was_newest && newest) {
        s = sqlite3_step(newest);
        if (s == SQLITE_ROW)
            sqlite3_bind_value(set, at, sqlite3_column_value(newest, 0));
        else
            sqlite3_bind_null(set, at);
        rc = (s == SQLITE_ROW || s == SQLITE_DONE) && sqlite3_step(set) == SQLITE_DONE ? 0 : -1;
    }
    sqlite3_reset(del);
    sqlite3_reset(newest);
    sqlite3_reset(set);
    if (rc)
        diag_error(d, "database '%s': counting a changed reply: %s", db_path(db),
                   sqlite3_errmsg(db_sqlite(db)));
    return rc;
}

/* count_less for a row of a table that keeps recent rows apart (fold and
 * unfold bound to its key as del is): its recent row, if any, moved into the
 * table first. */
static int recent_less(struct db *db, sqlite3_stmt *fold, sqlite3_stmt *unfold, sqlite3_stmt *dec,
                       sqlite3_stmt *del, sqlite3_stmt *newest, sqlite3_stmt *set, int at,
                       struct diag *d)
{
    int s = sqlite3_step(fold);
    sqlite3_reset(fold);
    if (s == SQLITE_DONE) {
        s = sqlite3_step(unfold);
        sqlite3_reset(unfold);
    }
    if (s != SQLITE_DONE) {
        sqlite3_reset(newest);
        return diag_error(d, "database '%s': counting a changed reply: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    }
    return count_less(db, dec, del, newest, set, at, d);
}

/* Takes counted reply id (its row of sql_counted, on it) out of reply_cross:
 * for each filter it has a value of, its rows by total, year, body, kind,
 * category, region, department and proposer. Returns 0 or -1 with d set. */
static int uncount_cross(struct db *db, sqlite3_stmt *row, long long id, struct diag *d)
{
    sqlite3_stmt *dec = NULL, *del = NULL, *set = NULL, *newest = NULL, *names = NULL;
    sqlite3_stmt *fold = NULL, *unfold = NULL;
    if (db_cached(db, sql_cross_dec, &dec, d) || db_cached(db, sql_cross_del, &del, d) ||
        db_cached(db, sql_cross_set, &set, d) || db_cached(db, sql_names, &names, d) ||
        db_cached(db, sql_cross_fold, &fold, d) || db_cached(db, sql_cross_unfold, &unfold, d))
        return -1;
    sqlite3_value *date = sqlite3_column_value(row, 0);
    sqlite3_stmt *keyed[] = {dec, del, set, fold, unfold};
    for (int f = 0; f < (int)(sizeof cross_col / sizeof *cross_col); f++) {
        sqlite3_value *fv = sqlite3_column_value(row, cross_col[f]);
        if (sqlite3_value_type(fv) == SQLITE_NULL)
            continue; /* no filter selects it */
        for (int j = 0; j < 5; j++) {
            sqlite3_bind_int(keyed[j], 1, cross_col[f] - 1); /* 1 year .. 4 category */
            sqlite3_bind_value(keyed[j], 2, fv);
        }
        sqlite3_bind_value(dec, 5, date);
        /* total .. department: count_dims but the department key */
        for (int i = 0; i < 7; i++) {
            sqlite3_value *key = sqlite3_column_value(row, 1 + i);
            for (int j = 0; j < 5; j++) {
                sqlite3_bind_int(keyed[j], 3, i); /* its number in reply_cross */
                sqlite3_bind_value(keyed[j], 4, key);
            }
            newest = NULL;
            if (i == 6) {
                if (db_cached(db, cross_newest_department[f], &newest, d))
                    return -1;
                sqlite3_bind_int64(newest, 1, id);
                sqlite3_bind_value(newest, 2, key);
                sqlite3_bind_value(newest, 3, fv);
            }
            if (recent_less(db, fold, unfold, dec, del, newest, set, 5, d))
                return -1;
        }
        if (db_cached(db, cross_newest_delegate[f], &newest, d))
            return -1;
        sqlite3_bind_int64(names, 1, id);
        int s;
        while ((s = sqlite3_step(names)) == SQLITE_ROW) {
            sqlite3_value *name = sqlite3_column_value(names, 0);
            for (int j = 0; j < 5; j++) {
                sqlite3_bind_int(keyed[j], 3, 7); /* delegate */
                sqlite3_bind_value(keyed[j], 4, name);
            }
            sqlite3_bind_int64(newest, 1, id);
            sqlite3_bind_value(newest, 2, name);
            sqlite3_bind_value(newest, 3, fv);
            if (recent_less(db, fold, unfold, dec, del, newest, set, 5, d)) {
                sqlite3_reset(names);
                return -1;
            }
        }
        sqlite3_reset(names);
        if (s != SQLITE_DONE)
            return diag_error(d, "database '%s': reading a reply's proposers: %s", db_path(db),
                              sqlite3_errmsg(db_sqlite(db)));
    }
    return 0;
}

/* Takes reply id out of the counts when they count it (see above); `again`: it
 * is being changed, and is counted again as it ends up at the commit. Returns 0
 * or -1 with d set. */
int db_uncount(struct db *db, long long id, int again, struct diag *d)
{
    sqlite3_stmt *row = NULL, *dec = NULL, *del = NULL, *set = NULL, *newest = NULL;
    sqlite3_stmt *fold = NULL, *unfold = NULL;
    if (db_cached(db, sql_counted, &row, d))
        return -1;
    sqlite3_bind_int64(row, 1, id);
    int s = sqlite3_step(row);
    if (s != SQLITE_ROW) {
        sqlite3_reset(row);
        if (s == SQLITE_DONE)
            return 0; /* not counted, or no such reply */
        return diag_error(d, "database '%s': reading a reply's counts: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    }
    sqlite3_value *date = sqlite3_column_value(row, 0);
    int rc = -1;
    if (db_cached(db, sql_count_dec, &dec, d) || db_cached(db, sql_count_del, &del, d) ||
        db_cached(db, sql_count_set, &set, d) || db_cached(db, sql_count_fold, &fold, d) ||
        db_cached(db, sql_count_unfold, &unfold, d))
        goto done;
    sqlite3_stmt *dim_st[] = {dec, del, set, fold, unfold};
    for (int i = 0; i < (int)(sizeof count_dims / sizeof *count_dims); i++) {
        if (db_cached(db, count_newest[i], &newest, d))
            goto done;
        sqlite3_value *key = sqlite3_column_value(row, 1 + i);
        for (int j = 0; j < 5; j++) {
            sqlite3_bind_text(dim_st[j], 1, count_dims[i], -1, SQLITE_STATIC);
            sqlite3_bind_value(dim_st[j], 2, key);
        }
        sqlite3_bind_value(dec, 3, date);
        sqlite3_bind_int64(newest, 1, id);
        if (sqlite3_bind_parameter_count(newest) >= 2)
            sqlite3_bind_value(newest, 2, key);
        if (recent_less(db, fold, unfold, dec, del, newest, set, 3, d))
            goto done;
    }
    if (db_cached(db, sql_facet_dec, &dec, d) || db_cached(db, sql_facet_del, &del, d) ||
        db_cached(db, sql_facet_set, &set, d) || db_cached(db, sql_facet_newest, &newest, d) ||
        db_cached(db, sql_facet_fold, &fold, d) || db_cached(db, sql_facet_unfold, &unfold, d))
        goto done;
    sqlite3_stmt *facet_st[] = {dec, del, set, fold, unfold};
    for (int i = 0; i < 9; i++) {
        sqlite3_value *key = sqlite3_column_value(row, FACET_AT + i);
        for (int j = 0; j < 5; j++)
            sqlite3_bind_value(facet_st[j], 1 + i, key);
    }
    sqlite3_bind_value(dec, 10, date);
    sqlite3_bind_int64(newest, 1, id);
    sqlite3_bind_value(newest, 2, sqlite3_column_value(row, 7));
    sqlite3_bind_value(newest, 3, sqlite3_column_value(row, 9));
    if (recent_less(db, fold, unfold, dec, del, newest, set, 10, d))
        goto done;
    /* its combination of the fields of few values (schema 018), which keeps no date */
    sqlite3_value *combo = sqlite3_column_value(row, 10);
    if (db_cached(db, sql_combo_dec, &dec, d) || db_cached(db, sql_combo_del, &del, d))
        goto done;
    sqlite3_bind_value(dec, 1, combo);
    sqlite3_bind_value(del, 1, combo);
    if (count_less(db, dec, del, NULL, NULL, 0, d))
        goto done;
    if (uncount_cross(db, row, id, d))
        goto done;
    /* its proposers: in delegate_stat, and by its combination */
    sqlite3_stmt *links = NULL, *cdec = NULL, *cdel = NULL, *cset = NULL, *cnewest = NULL;
    sqlite3_stmt *cfold = NULL, *cunfold = NULL;
    if (db_cached(db, sql_cdel_fold, &cfold, d) || db_cached(db, sql_cdel_unfold, &cunfold, d) ||
        db_cached(db, sql_links, &links, d) || db_cached(db, sql_dstat_dec, &dec, d) ||
        db_cached(db, sql_dstat_del, &del, d) || db_cached(db, sql_dstat_set, &set, d) ||
        db_cached(db, sql_dstat_newest, &newest, d) || db_cached(db, sql_cdel_dec, &cdec, d) ||
        db_cached(db, sql_cdel_del, &cdel, d) || db_cached(db, sql_cdel_set, &cset, d) ||
        db_cached(db, sql_cdel_newest, &cnewest, d) || db_cached(db, sql_dstat_fold, &fold, d) ||
        db_cached(db, sql_dstat_unfold, &unfold, d))
        goto done;
    sqlite3_stmt *cdel_st[] = {cdec, cdel, cset, cfold, cunfold};
    sqlite3_bind_int64(links, 1, id);
    while ((s = sqlite3_step(links)) == SQLITE_ROW) {
        long long who = sqlite3_column_int64(links, 0);
        sqlite3_bind_int64(dec, 1, who);
        sqlite3_bind_value(dec, 2, date);
        sqlite3_bind_int64(del, 1, who);
        sqlite3_bind_int64(set, 1, who);
        sqlite3_bind_int64(fold, 1, who);
        sqlite3_bind_int64(unfold, 1, who);
        sqlite3_bind_int64(newest, 1, id);
        sqlite3_bind_int64(newest, 2, who);
        for (int j = 0; j < 5; j++) {
            sqlite3_bind_value(cdel_st[j], 1, combo);
            sqlite3_bind_int64(cdel_st[j], 2, who);
        }
        sqlite3_bind_value(cdec, 3, date);
        sqlite3_bind_int64(cnewest, 1, id);
        sqlite3_bind_int64(cnewest, 2, who);
        sqlite3_bind_value(cnewest, 3, combo);
        if (recent_less(db, fold, unfold, dec, del, newest, set, 2, d) ||
            recent_less(db, cfold, cunfold, cdec, cdel, cnewest, cset, 3, d)) {
            sqlite3_reset(links);
            goto done;
        }
    }
    sqlite3_reset(links);
    if (s != SQLITE_DONE) {
        diag_error(d, "database '%s': reading a reply's proposers: %s", db_path(db),
                   sqlite3_errmsg(db_sqlite(db)));
        goto done;
    }
    if (again) {
        sqlite3_stmt *mark = NULL;
        if (db_cached(db, "INSERT OR IGNORE INTO reply_uncounted(id) VALUES (?1)", &mark, d))
            goto done;
        sqlite3_bind_int64(mark, 1, id);
        int r = db_step_done(db, mark, "counting a changed reply", d);
        sqlite3_reset(mark);
        if (r)
            goto done;
    }
    rc = 0;
done:
    sqlite3_reset(row);
    return rc;
}

/* Does storing l over counted reply id change what the counts hold (the fields
 * they count, its date, its proposers)? 1 yes, 0 no, -1 with d set. */
int db_counts_change(struct db *db, const struct letter *l, long long id, const char *joined,
                     struct diag *d)
{
    sqlite3_stmt *st = NULL;
    if (db_cached(db,
                  "SELECT 1 FROM reply WHERE id = ?1 AND body IS ?2 AND kind IS ?3 "
                  "AND category IS ?4 AND region IS ?5 AND department IS ?6 AND term IS ?7 "
                  "AND session IS ?8 AND date IS ?9 AND delegates IS ?10",
                  &st, d))
        return -1;
    sqlite3_bind_int64(st, 1, id);
    db_bind_text(st, 2, l->body);
    db_bind_text(st, 3, l->kind);
    db_bind_text(st, 4, l->category);
    db_bind_text(st, 5, l->region);
    db_bind_text(st, 6, l->department);
    db_bind_int(st, 7, l->term);
    db_bind_int(st, 8, l->session);
    db_bind_text(st, 9, l->date);
    db_bind_text(st, 10, joined);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        return diag_error(d, "database '%s': reading a reply: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    return s == SQLITE_DONE;
}

int db_delete_letter(struct db *db, long long id, struct diag *d)
{
    int own = sqlite3_get_autocommit(db_sqlite(db));
    if (own && db_exec(db, "BEGIN IMMEDIATE", d))
        return -1;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    if (db_uncount(db, id, 0, d) || db_cached(db, "DELETE FROM reply WHERE id = ?1", &st, d))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    if (db_step_done(db, st, "deleting a reply", d))
        goto done;
    rc = sqlite3_changes(db_sqlite(db)) > 0;
    if (rc && code_forget(db, id, d))
        rc = -1;
    if (own && db_commit(db, d))
        rc = -1;
done:
    if (st)
        sqlite3_reset(st);
    if (own && rc < 0)
        db_exec(db, "ROLLBACK", NULL);
    return rc;
}

/* What each table of counts would hold, from every reply (schemas 007, 014),
 * and its rows as they stand (a table's with its recent rows', schemas 053 and
 * 057). */
#define CROSS_ALL_ROWS CROSS_ROWS("reply r", "JOIN reply_delegate rd ON rd.reply_id = r.id")
static const char *const count_truth[][3] = {
    {"reply_count",
     "SELECT 'total', 0, NULL, count(*), max(date) FROM reply HAVING count(*) "
     "UNION ALL SELECT 'year', coalesce(substr(date, 1, 4), 0), substr(date, 1, 4), count(*), "
     "max(date) FROM reply GROUP BY 2 "
     "UNION ALL SELECT 'body', coalesce(body, 0), body, count(*), max(date) FROM reply GROUP BY 2 "
     "UNION ALL SELECT 'kind', coalesce(kind, 0), kind, count(*), max(date) FROM reply GROUP BY 2 "
     "UNION ALL SELECT 'category', coalesce(category, 0), category, count(*), max(date) "
     "FROM reply GROUP BY 2 "
     "UNION ALL SELECT 'region', coalesce(region, 0), region, count(*), max(date) "
     "FROM reply GROUP BY 2 "
     "UNION ALL SELECT 'department', coalesce(department, 0), department, count(*), max(date) "
     "FROM reply GROUP BY 2 "
     "UNION ALL SELECT 'department_key', coalesce(department_key, 0), department_key, count(*), "
     "max(date) FROM reply GROUP BY 2",
     "(SELECT * FROM reply_count c WHERE NOT EXISTS (SELECT 1 FROM reply_count_recent x "
     "WHERE x.dim = c.dim AND x.k = c.k) UNION ALL SELECT * FROM reply_count_recent)"},
    {"facet_count",
     "SELECT " FACET_CODES(
         "") ", max(date), count(*) FROM reply GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9",
     "(SELECT " FACET_KEY ", max(date), sum(n) FROM (SELECT * FROM facet_count UNION ALL "
     "SELECT * FROM facet_count_recent) GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9)"},
    {"reply_cross",
     "SELECT f, fk, dim, k, CASE WHEN typeof(k) = 'integer' THEN NULL ELSE k END, "
     "n, latest FROM (" CROSS_ALL_ROWS ")",
     "(SELECT * FROM reply_cross c WHERE NOT EXISTS (SELECT 1 FROM reply_cross_recent x "
     "WHERE " CROSS_SAME("x", "c") ") UNION ALL SELECT * FROM reply_cross_recent)"},
    {"reply_combo", "SELECT combo_k, body, kind, category, term, session, substr(date, 1, 4), "
                    "count(*) FROM reply GROUP BY combo_k"},
    {"reply_combo_delegate",
     "SELECT r.combo_k, rd.delegate_id, count(*), max(r.date) "
     "FROM reply r JOIN reply_delegate rd ON rd.reply_id = r.id "
     "GROUP BY r.combo_k, rd.delegate_id",
     "(SELECT combo, delegate_id, sum(n), max(latest) FROM (SELECT * FROM reply_combo_delegate "
     "UNION ALL SELECT * FROM reply_combo_delegate_recent) GROUP BY 1, 2)"},
    {"delegate_stat",
     "SELECT dl.id, dl.name, dl.pinyin, count(*), max(r.date) "
     "FROM delegate dl JOIN reply_delegate rd ON rd.delegate_id = dl.id "
     "JOIN reply r ON r.id = rd.reply_id GROUP BY dl.id",
     "(SELECT * FROM delegate_stat c WHERE NOT EXISTS (SELECT 1 FROM delegate_stat_recent x "
     "WHERE x.delegate_id = c.delegate_id) UNION ALL SELECT * FROM delegate_stat_recent)"},
};

int db_check_counts(struct db *db, struct diag *d)
{
    for (size_t i = 0; i < sizeof count_truth / sizeof *count_truth; i++) {
        struct buf sql = BUF_INIT;
        buf_printf(&sql,
                   "WITH c AS (%s) SELECT (SELECT count(*) FROM (SELECT * FROM c EXCEPT "
                   "SELECT * FROM %s)) + (SELECT count(*) FROM (SELECT * FROM %s EXCEPT "
                   "SELECT * FROM c))",
                   count_truth[i][1], count_truth[i][2] ? count_truth[i][2] : count_truth[i][0],
                   count_truth[i][2] ? count_truth[i][2] : count_truth[i][0]);
        if (buf_failed(&sql))
            return diag_error(d, "out of memory");
        sqlite3_stmt *st = NULL;
        long long wrong = -1;
        if (db_prepare(db, sql.data, &st, d) == 0) {
            if (sqlite3_step(st) == SQLITE_ROW)
                wrong = sqlite3_column_int64(st, 0);
            else
                diag_error(d, "'%s': the counts could not be checked: %s", db_path(db),
                           sqlite3_errmsg(db_sqlite(db)));
        }
        sqlite3_finalize(st);
        buf_release(&sql);
        if (wrong < 0)
            return -1;
        if (wrong > 0)
            return diag_error(d,
                              "'%s': table '%s' does not count the replies as they are "
                              "(%lld rows differ): another program changed or deleted replies",
                              db_path(db), count_truth[i][0], wrong);
    }
    return 0;
}
