/* migrate: brings an archive to the schema of schema/NNN_name.sql (see db.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

/* The migrations an archive made before it kept the table schema_migration
 * could have: PRAGMA user_version alone recorded them, each numbered above the
 * one before, so such an archive has those up to its user_version and no
 * other. A migration added since, whatever its number, is recorded by the
 * table. */
static const int versions_before_table[] = {1, 2, 3, 4, 5, 6, 7, 9, 12};

static int before_table(int version)
{
    for (size_t i = 0; i < sizeof versions_before_table / sizeof *versions_before_table; i++)
        if (versions_before_table[i] == version)
            return 1;
    return 0;
}

static int highest(const struct db_migration *set, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        if (set[i].version > v)
            v = set[i].version;
    return v;
}

/* 1 when the file holds tables of its own (another program's database). */
static int foreign_tables(struct db *db)
{
    return db_value(db, "SELECT count(*) FROM sqlite_schema WHERE type IN ('table', 'view') "
                        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'") > 0;
}

/* The read of the migrations schema_migration records, into *st, or NULL when
 * the archive has no such table (made before it). It is prepared from the
 * schema SQLite holds, rather than by a look through sqlite_schema's rows.
 * Returns 1, 0 without the table, -1 when the schema cannot be read. */
static int migrations_read(struct db *db, sqlite3_stmt **st)
{
    sqlite3 *sql = db_sqlite(db);
    *st = NULL;
    if (sqlite3_prepare_v2(sql, "SELECT version FROM schema_migration ORDER BY version", -1, st,
                           NULL) == SQLITE_OK)
        return 1;
    sqlite3_finalize(*st);
    *st = NULL;
    return strncmp(sqlite3_errmsg(sql), "no such table", 13) ? -1 : 0;
}

/* Sets done[i] for each migration of set the archive has. Returns 1 when the
 * archive records them in schema_migration, 0 when its user_version does, -1
 * with d set when it cannot be read or has a migration this set lacks. */
static int applied(struct db *db, const struct db_migration *set, int n, char *done, struct diag *d)
{
    sqlite3 *sql = db_sqlite(db);
    int user_version = db_user_version(db);
    sqlite3_stmt *st = NULL;
    int table = user_version < 0 ? -1 : migrations_read(db, &st);
    if (user_version < 0 || table < 0)
        return diag_error(d, "cannot read '%s': %s", db_path(db), sqlite3_errmsg(sql));
    for (int i = 0; i < n; i++)
        done[i] = !table && set[i].version <= user_version && before_table(set[i].version);
    if (!table)
        return 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int v = sqlite3_column_int(st, 0);
        int i = 0;
        while (i < n && set[i].version != v)
            i++;
        if (i == n) {
            sqlite3_finalize(st);
            return diag_error(d,
                              "'%s' has schema migration %d, which this dafu does not know: "
                              "upgrade dafu",
                              db_path(db), v);
        }
        done[i] = 1;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return diag_error(d, "cannot read '%s': %s", db_path(db), sqlite3_errmsg(sql));
    return 1;
}

/* The refusal of an archive newer than this dafu, or 0. */
static int check_version(struct db *db, const struct db_migration *set, int n, struct diag *d)
{
    int have = db_user_version(db);
    if (have < 0)
        return diag_error(d, "cannot read '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
    if (have > highest(set, n))
        return diag_error(d,
                          "'%s' has schema version %d, newer than this dafu knows (%d): "
                          "upgrade dafu",
                          db_path(db), have, highest(set, n));
    return 0;
}

int db_migrations_missing(struct db *db, const struct db_migration *set, int n, struct diag *d)
{
    if (check_version(db, set, n, d))
        return -1;
    char *done = malloc(n > 0 ? (size_t)n : 1);
    if (!done)
        return diag_error(d, "out of memory");
    int missing = applied(db, set, n, done, d) < 0 ? -1 : 0;
    for (int i = 0; missing >= 0 && i < n; i++)
        missing += !done[i];
    free(done);
    return missing;
}

/* Notes in schema_migration that the archive has migration m. */
static int record(struct db *db, const struct db_migration *m, struct diag *d)
{
    char *q = sqlite3_mprintf("INSERT INTO schema_migration(version, name) VALUES (%d, %Q)",
                              m->version, m->name);
    if (!q)
        return diag_error(d, "out of memory");
    int rc = db_exec(db, q, d);
    sqlite3_free(q);
    return rc;
}

/* Writes the table that records the migrations, with those the archive's
 * user_version recorded before it. */
static int create_table(struct db *db, const struct db_migration *set, int n, const char *done,
                        struct diag *d)
{
    if (db_exec(db,
                "CREATE TABLE schema_migration("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                d))
        return -1;
    for (int i = 0; i < n; i++) {
        if (done[i] && record(db, &set[i], d))
            return -1;
    }
    return 0;
}

/* Applies the migrations of set the archive lacks, in order, inside the
 * transaction the caller opened; the largest version applied goes to
 * PRAGMA user_version. */
static int apply(struct db *db, const struct db_migration *set, int n, const char *done,
                 struct diag *d)
{
    int top = db_user_version(db);
    for (int i = 0; i < n; i++) {
        const struct db_migration *m = &set[i];
        if (done[i])
            continue;
        char *err = NULL;
        if (sqlite3_exec(db_sqlite(db), m->sql, NULL, NULL, &err) != SQLITE_OK) {
            diag_error(d, "cannot apply schema/%s to '%s': %s", m->name, db_path(db),
                       err ? err : sqlite3_errmsg(db_sqlite(db)));
            sqlite3_free(err);
            return -1;
        }
        if (record(db, m, d))
            return -1;
        if (m->version > top)
            top = m->version;
    }
    char pragma[48];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", top);
    return db_exec(db, pragma, d);
}

int db_migrate(struct db *db, const struct db_migration *set, int n, struct diag *d)
{
    int missing = db_migrations_missing(db, set, n, d);
    if (missing <= 0)
        return missing;
    /* Read what the archive has again under the write lock: two first imports
     * into a new archive both saw nothing, and the second would create the
     * tables again. */
    if (db_exec(db, "BEGIN IMMEDIATE", d))
        return -1;
    char *done = malloc((size_t)n);
    int table = -1;
    if (!done) {
        diag_error(d, "out of memory");
    } else if (db_user_version(db) == 0 && foreign_tables(db)) {
        diag_error(d,
                   "'%s' is an SQLite database of another program (it has tables "
                   "and no dafu schema): dafu adds nothing to it; give a new file",
                   db_path(db));
    } else if (check_version(db, set, n, d) == 0) {
        table = applied(db, set, n, done, d);
    }
    missing = 0;
    for (int i = 0; table >= 0 && i < n; i++)
        missing += !done[i];
    if (table < 0 || (missing && table == 0 && create_table(db, set, n, done, d)) ||
        (missing && apply(db, set, n, done, d)) || db_exec(db, "COMMIT", d)) {
        free(done);
        db_exec(db, "ROLLBACK", NULL);
        return -1;
    }
    free(done);
    return missing;
}
