/* db_read: a transaction that reads one state of the archive (see db.h). */
#include <sqlite3.h>

#include "store/db.h"

int db_read_begin(struct db *db, struct diag *d)
{
    if (!sqlite3_get_autocommit(db_sqlite(db)))
        return 0;
    /* kept with the connection, as COMMIT is: a search begins and ends one */
    return db_exec_kept(db, "BEGIN", d) ? -1 : 1;
}

void db_read_end(struct db *db, int began)
{
    if (began > 0 && !sqlite3_get_autocommit(db_sqlite(db)) && db_exec_kept(db, "COMMIT", NULL))
        db_exec(db, "ROLLBACK", NULL);
}

unsigned long long db_read_snapshot(struct db *db)
{
    if (sqlite3_get_autocommit(db_sqlite(db)))
        return 0;
    if (sqlite3_txn_state(db_sqlite(db), "main") == SQLITE_TXN_NONE) {
        /* The transaction reads from its first statement on: one starts it. */
        sqlite3_stmt *st = NULL;
        if (db_prepare_kept(db, "SELECT 1 FROM sqlite_schema", &st, NULL))
            return 0;
        int s = sqlite3_step(st);
        db_release_kept(db, st);
        if (s != SQLITE_ROW && s != SQLITE_DONE)
            return 0;
    }
    return sqlite3_txn_state(db_sqlite(db), "main") == SQLITE_TXN_READ ? db_snapshot(db) : 0;
}
