/* check: the archive's integrity check, db_check (see db.h): SQLite's own, the
 * full-text index against the letters, the index of the departments' names
 * against their numbers, the counts and the links. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/pack.h"
#include "fts/fts_tok.h"
#include "store/code.h"
#include "store/db.h"
#include "store/db_int.h"

static const char fts_check_sql[] =
    "INSERT INTO reply_fts(reply_fts, rank) VALUES ('integrity-check', 1)";

/* FTS5's integrity-check is a write: on an archive this user may only read, it
 * runs on a copy in $TMPDIR (else /tmp), made with SQLite's backup API. */
static int fts_check_copy(struct db *db, struct diag *d)
{
    const char *dir = getenv("TMPDIR");
    struct buf path = BUF_INIT;
    if (buf_printf(&path, "%s/dafu-check-XXXXXX", dir && *dir ? dir : "/tmp"))
        return diag_error(d, "out of memory");
    int fd = mkstemp(path.data);
    if (fd < 0) {
        diag_error(d,
                   "'%s': the full-text index was not checked: the archive is read-only "
                   "and no copy could be made in '%s': %s",
                   db_path(db), dir && *dir ? dir : "/tmp", strerror(errno));
        buf_release(&path);
        return -1;
    }
    close(fd);
    sqlite3 *copy = NULL;
    int rc = -1;
    const char *why = NULL;
    if (sqlite3_open_v2(path.data, &copy, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        fts_tok_register(copy, d)) {
        why = copy ? sqlite3_errmsg(copy) : "out of memory";
    } else {
        sqlite3_backup *b = sqlite3_backup_init(copy, "main", db_sqlite(db), "main");
        if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE) {
            sqlite3_backup_finish(b);
            why = sqlite3_errmsg(copy);
        } else if (sqlite3_backup_finish(b) != SQLITE_OK) {
            why = sqlite3_errmsg(copy);
        }
    }
    if (why) {
        diag_error(d,
                   "'%s': the full-text index was not checked: the archive is read-only "
                   "and copying it to '%s' failed: %s",
                   db_path(db), path.data, why);
    } else {
        char *err = NULL;
        if (sqlite3_exec(copy, fts_check_sql, NULL, NULL, &err) != SQLITE_OK)
            diag_error(d, "'%s': the full-text index does not match the letters: %s", db_path(db),
                       err ? err : sqlite3_errmsg(copy));
        else
            rc = 0;
        sqlite3_free(err);
    }
    sqlite3_close(copy);
    unlink(path.data);
    buf_release(&path);
    return rc;
}

static int fts_check(struct db *db, struct diag *d)
{
    char *err = NULL;
    int rc = 0;
    if (sqlite3_exec(db_sqlite(db), fts_check_sql, NULL, NULL, &err) != SQLITE_OK) {
        int code = sqlite3_errcode(db_sqlite(db)) & 0xFF;
        if (code == SQLITE_READONLY || sqlite3_db_readonly(db_sqlite(db), "main") == 1)
            rc = fts_check_copy(db, d);
        else
            rc = diag_error(d, "'%s': the full-text index does not match the letters: %s",
                            db_path(db), err ? err : sqlite3_errmsg(db_sqlite(db)));
    }
    sqlite3_free(err);
    return rc;
}

/* department_fts (schema 062) holds each department key under its number in
 * facet_name (dim 2): a key it lacks is not found by a filter by department, a
 * row no key has is a name the filter can no longer read. The index keeps no
 * content and no lengths, so it lists no rows itself (FTS5 refuses the scan);
 * its vocabulary lists the rows each character is in, and every key has
 * characters it indexes. One scan of the index, one of the keys. */
static const char department_rows_sql[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.dafu_department_rows "
    "USING fts5vocab(main, 'department_fts', 'instance')";
static const char department_check_sql[] =
    "WITH t(r) AS MATERIALIZED (SELECT DISTINCT doc FROM temp.dafu_department_rows), "
    "f(c, n) AS MATERIALIZED (SELECT code, name FROM facet_name WHERE dim = 2) "
    "SELECT (SELECT count(*) FROM f WHERE c NOT IN t), "
    "(SELECT c FROM f WHERE c NOT IN t ORDER BY c LIMIT 1), "
    "(SELECT n FROM f WHERE c NOT IN t ORDER BY c LIMIT 1), "
    "(SELECT count(*) FROM t WHERE r NOT IN (SELECT c FROM f)), "
    "(SELECT min(r) FROM t WHERE r NOT IN (SELECT c FROM f))";

static int department_check(struct db *db, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    if (db_exec(db, department_rows_sql, d) || db_prepare(db, department_check_sql, &st, d))
        return -1;
    int rc = 0;
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = diag_error(d, "'%s': the index of the departments' names could not be checked: %s",
                        db_path(db), sqlite3_errmsg(db_sqlite(db)));
    } else {
        long long lacks = sqlite3_column_int64(st, 0), stray = sqlite3_column_int64(st, 3);
        if (lacks)
            rc = diag_error(d,
                            "'%s': the index of the departments' names (department_fts) lacks "
                            "%lld of them, the first '%s' (number %lld in facet_name): a filter "
                            "by department does not find %s",
                            db_path(db), lacks, (const char *)sqlite3_column_text(st, 2),
                            sqlite3_column_int64(st, 1), lacks == 1 ? "it" : "them");
        else if (stray)
            rc = diag_error(d,
                            "'%s': the index of the departments' names (department_fts) holds "
                            "%lld %s no department in facet_name has, the first %lld: another "
                            "program changed the archive",
                            db_path(db), stray, stray == 1 ? "number" : "numbers",
                            sqlite3_column_int64(st, 4));
    }
    sqlite3_finalize(st);
    char *err = NULL;
    sqlite3_exec(db_sqlite(db), "DROP TABLE IF EXISTS temp.dafu_department_rows", NULL, NULL, &err);
    sqlite3_free(err);
    return rc;
}

/* The most replies named by the check of the evidence; it counts the others. */
#define EVIDENCE_NAMED 20

/* Every packed evidence still reads against its letter's text (base/pack.h): a
 * text another program changed no longer gives the lines it refers to. Names the
 * replies whose evidence is stale, or the first that is not a packed text. */
static int evidence_check(struct db *db, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    if (db_prepare(db,
                   "SELECT id, evidence, text FROM reply WHERE typeof(evidence) = 'blob' "
                   "ORDER BY id",
                   &st, d))
        return -1;
    struct buf u = BUF_INIT, ids = BUF_INIT;
    long long stale = 0;
    int rc = 0, s = SQLITE_DONE;
    while (!rc && (s = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        const char *text = (const char *)sqlite3_column_text(st, 2);
        size_t tn = (size_t)sqlite3_column_bytes(st, 2);
        const void *p = sqlite3_column_blob(st, 1);
        int r = unpack_text(p, (size_t)sqlite3_column_bytes(st, 1), text, tn, &u);
        if (r == -1)
            rc = diag_error(d, "out of memory");
        else if (r == -2)
            rc = diag_error(d, "'%s' is damaged: the evidence of reply %lld is not a packed text",
                            db_path(db), id);
        else if (r == -3 && stale++ < EVIDENCE_NAMED)
            buf_printf(&ids, "%s%lld", ids.len ? ", " : "", id);
    }
    if (!rc && s != SQLITE_DONE)
        rc = diag_error(d, "'%s': the evidence could not be checked: %s", db_path(db),
                        sqlite3_errmsg(db_sqlite(db)));
    if (!rc && stale > EVIDENCE_NAMED)
        buf_printf(&ids, " and %lld more", stale - EVIDENCE_NAMED);
    if (!rc && buf_failed(&ids))
        rc = diag_error(d, "out of memory");
    else if (!rc && stale)
        rc = diag_error(d,
                        "'%s': the evidence of %lld %s no longer matches %s text, which another "
                        "program changed: %s %s (%s lines are not shown; UPDATE reply SET "
                        "evidence = NULL clears %s)",
                        db_path(db), stale, stale == 1 ? "reply" : "replies",
                        stale == 1 ? "its" : "their", stale == 1 ? "reply" : "replies", ids.data,
                        stale == 1 ? "its" : "their", stale == 1 ? "it" : "them");
    sqlite3_finalize(st);
    buf_release(&u);
    buf_release(&ids);
    return rc;
}

int db_check(struct db *db, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (db_prepare(db, "PRAGMA integrity_check", &st, d))
        return -1;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        if (r && strcmp(r, "ok")) {
            rc = diag_error(d, "'%s' is damaged: %s", db_path(db), r);
            break;
        }
    }
    if (!rc && s != SQLITE_DONE)
        rc = diag_error(d, "'%s': the integrity check could not run: %s", db_path(db),
                        sqlite3_errmsg(db_sqlite(db)));
    sqlite3_finalize(st);
    if (rc)
        return rc;
    long long pending = db_count(db, "reply_unindexed");
    if (pending > 0)
        return diag_error(d,
                          "'%s': %lld %s not in the full-text index yet "
                          "(any `dafu import` into the archive indexes them)",
                          db_path(db), pending, pending == 1 ? "reply is" : "replies are");
    if (fts_check(db, d) || department_check(db, d) || db_check_counts(db, d) || code_check(db, d))
        return -1;
    /* Every link points at a reply and a delegate. */
    if (db_prepare(db, "PRAGMA foreign_key_check", &st, d))
        return -1;
    s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        rc = diag_error(d, "'%s' is damaged: table '%s' has a dangling reference", db_path(db),
                        (const char *)sqlite3_column_text(st, 0));
    else if (s != SQLITE_DONE)
        rc = diag_error(d, "'%s': the check of links could not run: %s", db_path(db),
                        sqlite3_errmsg(db_sqlite(db)));
    sqlite3_finalize(st);
    return rc ? rc : evidence_check(db, d);
}
