/* put: a letter stored in the archive, new or over the reply it replaces (see
 * db.h: db_put_letter, db_replace_letter), with its proposers. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/pack.h"
#include "store/db.h"
#include "store/db_int.h"
#include "text/text.h"

/* Finds an existing reply with the same text hash, or the same natural key. */
static long long find_existing(struct db *db, const struct letter *l, const char *number_key,
                               int *same_text, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    long long id = 0;
    *same_text = 0;
    /* reply_hash: each hash's first 4 bytes (schemas 040, 063); the whole hash as +sha256,
     * or SQLite would put ?1 for sha256 in the index's expression and not read the index. */
    if (db_cached(db,
                  "SELECT id FROM reply INDEXED BY reply_hash WHERE substr(sha256, 1, 4) = "
                  "substr(?1, 1, 4) AND +sha256 = ?1 LIMIT 1",
                  &st, d))
        return -1;
    db_bind_hash(st, 1, l->sha256);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        *same_text = 1;
    }
    sqlite3_reset(st);
    /* A failed look-up is no "not found": the letter would be stored twice. */
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        return diag_error(d, "database '%s': looking up a reply: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    if (id || !number_key || !l->department)
        return id;
    /* Both in one index (schema 009): only the replies of this number and
     * department are read. */
    if (db_cached(db,
                  "SELECT id FROM reply INDEXED BY reply_number_key "
                  "WHERE number_key = ?1 AND department = ?2 "
                  "AND body IS ?3 AND region IS ?4 AND term IS ?5 AND session IS ?6 "
                  "AND kind IS ?7 LIMIT 1",
                  &st, d))
        return -1;
    db_bind_text(st, 1, number_key);
    db_bind_text(st, 2, l->department);
    db_bind_text(st, 3, l->body);
    db_bind_text(st, 4, l->region);
    db_bind_int(st, 5, l->term);
    db_bind_int(st, 6, l->session);
    db_bind_text(st, 7, l->kind);
    s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        return diag_error(d, "database '%s': looking up a reply: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    return id;
}

static int name_key(const char *name, struct buf *out)
{
    return text_normalize(name, strlen(name), out);
}

static int put_delegates(struct db *db, const struct letter *l, struct diag *d)
{
    sqlite3_stmt *find = NULL;
    sqlite3_stmt *ins = NULL;
    sqlite3_stmt *link = NULL;
    struct buf key = BUF_INIT;
    struct buf py = BUF_INIT;
    int rc = -1;
    if (db_cached(db, "SELECT id FROM delegate WHERE name = ?1", &find, d) ||
        db_cached(db, "INSERT INTO delegate(name, name_key, pinyin) VALUES (?1, ?2, ?3)", &ins,
                  d) ||
        db_cached(db,
                  "INSERT OR IGNORE INTO reply_delegate(reply_id, delegate_id, position) "
                  "VALUES (?1, ?2, ?3)",
                  &link, d))
        goto cleanup;
    for (size_t i = 0; i < l->n_delegates; i++) {
        long long did = 0;
        sqlite3_reset(find);
        db_bind_text(find, 1, l->delegates[i]);
        int s = sqlite3_step(find);
        if (s == SQLITE_ROW)
            did = sqlite3_column_int64(find, 0);
        else if (s != SQLITE_DONE) {
            diag_error(d, "database '%s': looking up a delegate: %s", db_path(db),
                       sqlite3_errmsg(db_sqlite(db)));
            goto cleanup;
        }
        if (!did) {
            buf_clear(&key);
            buf_clear(&py);
            if (name_key(l->delegates[i], &key) || db_delegate_pinyin(db, key.data, &py, d))
                goto cleanup;
            sqlite3_reset(ins);
            db_bind_text(ins, 1, l->delegates[i]);
            db_bind_text(ins, 2, key.data);
            db_bind_text(ins, 3, py.data);
            if (db_step_done(db, ins, "storing a delegate", d))
                goto cleanup;
            did = sqlite3_last_insert_rowid(db_sqlite(db));
        }
        sqlite3_reset(link);
        sqlite3_bind_int64(link, 1, l->id);
        sqlite3_bind_int64(link, 2, did);
        sqlite3_bind_int64(link, 3, (long long)i);
        if (db_step_done(db, link, "linking a delegate", d))
            goto cleanup;
    }
    rc = 0;
cleanup:
    if (find)
        sqlite3_reset(find);
    if (ins)
        sqlite3_reset(ins);
    if (link)
        sqlite3_reset(link);
    buf_release(&key);
    buf_release(&py);
    return rc;
}

/* Writing a reply: a column for each field of LETTER_FIELDS (a list joined with
 * 、), in its order, then those derived here. Bound in that order ("?" numbers
 * itself), the department twice: once as itself, once for its key. */
#define PUT_COLUMN(name, type, flags, show) #name ", "
#define PUT_VALUE(name, type, flags, show) "?, "
#define PUT_SET(name, type, flags, show) #name " = ?, "
static const char sql_insert[] = "INSERT INTO reply(" LETTER_FIELDS(
    PUT_COLUMN) "number_key, number_int, imported_at, "
                "department_key) VALUES (" LETTER_FIELDS(PUT_VALUE) "?, ?, ?, dafu_norm(?))";
static const char sql_update[] = "UPDATE reply SET " LETTER_FIELDS(
    PUT_SET) "number_key = ?, number_int = ?, "
             "imported_at = ?, department_key = dafu_norm(?) WHERE id = ?";

/* Writes l as reply id (0: a new reply), number_key `key`. Returns 0 or -1. */
static int store_letter(struct db *db, struct letter *l, long long id, const char *key,
                        struct diag *d)
{
    sqlite3_stmt *st = NULL;
    struct buf list = BUF_INIT;
    int rc = -1;
    if (id) {
        /* The counts lose the reply as it was, and count it as it ends up at
         * the commit, when what they count changes. */
        if (letter_join(l, &letter_fields[LETTER_F_delegates], "、", &list)) {
            diag_error(d, "out of memory");
            goto cleanup;
        }
        int change = db_counts_change(db, l, id, list.len ? list.data : NULL, d);
        if (change < 0 || (change && db_uncount(db, id, 1, d)))
            goto cleanup;
    }
    if (db_cached(db, id ? sql_update : sql_insert, &st, d))
        goto cleanup;
    int k = 1;
    for (size_t i = 0; i < LETTER_NFIELDS; i++) {
        const struct letter_field *f = &letter_fields[i];
        if (f->type == LETTER_JSON && letter_get_str(l, f)) {
            /* Read by the JSON records alone: kept packed (base/pack.h)
             * against the text stored beside it. */
            const char *j = letter_get_str(l, f);
            if (pack_text(j, strlen(j), l->text, l->text ? strlen(l->text) : 0, &list)) {
                diag_error(d, "out of memory");
                goto cleanup;
            }
            sqlite3_bind_blob(st, k++, list.data, (int)list.len, SQLITE_TRANSIENT);
        } else if (f->type == LETTER_STR || f->type == LETTER_JSON) {
            (i == LETTER_F_sha256 ? db_bind_hash : db_bind_text)(st, k++, letter_get_str(l, f));
        } else if (f->type == LETTER_INT) {
            db_bind_int(st, k++, letter_get_int(l, f));
        } else {
            buf_clear(&list);
            if (letter_join(l, f, "、", &list)) {
                diag_error(d, "out of memory");
                goto cleanup;
            }
            db_bind_text(st, k++, list.len ? list.data : NULL);
        }
    }
    db_bind_text(st, k++, key);
    long long nint = letter_number_int(key);
    if (nint >= 0)
        sqlite3_bind_int64(st, k++, nint);
    else
        sqlite3_bind_null(st, k++);
    sqlite3_bind_int64(st, k++, (long long)time(NULL)); /* shown as ISO 8601 (row.c) */
    db_bind_text(st, k++, l->department);
    if (id)
        sqlite3_bind_int64(st, k++, id);
    if (db_step_done(db, st, id ? "updating a reply" : "storing a reply", d))
        goto cleanup;
    l->id = id ? id : sqlite3_last_insert_rowid(db_sqlite(db));
    if (id) {
        sqlite3_stmt *del = NULL;
        if (db_cached(db, "DELETE FROM reply_delegate WHERE reply_id = ?1", &del, d))
            goto cleanup;
        sqlite3_bind_int64(del, 1, id);
        int r = db_step_done(db, del, "replacing delegates", d);
        sqlite3_reset(del);
        if (r)
            goto cleanup;
    }
    if (put_delegates(db, l, d))
        goto cleanup;
    rc = 0;
cleanup:
    if (st)
        sqlite3_reset(st);
    buf_release(&list);
    return rc;
}

static int put_letter(struct db *db, struct letter *l, enum db_put_result *res, struct diag *d)
{
    char *key = NULL;
    int rc = -1;
    if (!l->sha256 && letter_hash(l)) {
        diag_error(d, "out of memory");
        goto cleanup;
    }
    key = letter_number_key(l->number);
    int same_text = 0;
    long long id = find_existing(db, l, key, &same_text, d);
    /* The same text read otherwise now (db_same_reading) is stored again. */
    int same = id < 0 ? -1 : same_text ? db_same_reading(db, l, id, d) : 0;
    if (same > 0) {
        l->id = id;
        *res = DB_PUT_UNCHANGED;
        rc = 0;
        goto cleanup;
    }
    if (same < 0 || store_letter(db, l, id, key, d))
        goto cleanup;
    *res = id ? DB_PUT_UPDATED : DB_PUT_NEW;
    rc = 0;
cleanup:
    free(key);
    return rc;
}

int db_put_letter(struct db *db, struct letter *l, enum db_put_result *res, struct diag *d)
{
    if (!sqlite3_get_autocommit(db_sqlite(db)))
        return put_letter(db, l, res, d);
    /* No transaction open: this letter is one, indexed before it commits. */
    if (db_exec(db, "BEGIN IMMEDIATE", d))
        return -1;
    if (put_letter(db, l, res, d) || db_commit(db, d)) {
        db_exec(db, "ROLLBACK", NULL);
        return -1;
    }
    return 0;
}

int db_replace_letter(struct db *db, long long id, struct letter *l, struct diag *d)
{
    int own = sqlite3_get_autocommit(db_sqlite(db));
    if (own && db_exec(db, "BEGIN IMMEDIATE", d))
        return -1;
    char *key = NULL;
    int rc = -1;
    sqlite3_stmt *st = NULL;
    if (db_cached(db, "SELECT 1 FROM reply WHERE id = ?1", &st, d))
        goto done;
    sqlite3_bind_int64(st, 1, id);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s == SQLITE_DONE) {
        rc = 0;
        goto done;
    }
    if (s != SQLITE_ROW) {
        diag_error(d, "database '%s': looking up reply %lld: %s", db_path(db), id,
                   sqlite3_errmsg(db_sqlite(db)));
        goto done;
    }
    if (letter_hash(l)) {
        diag_error(d, "out of memory");
        goto done;
    }
    key = letter_number_key(l->number);
    if (store_letter(db, l, id, key, d))
        goto done;
    rc = 1;
    if (own && db_commit(db, d))
        rc = -1;
done:
    free(key);
    if (own && rc <= 0)
        db_exec(db, rc < 0 ? "ROLLBACK" : "COMMIT", NULL);
    return rc;
}
