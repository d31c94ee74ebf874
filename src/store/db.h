#ifndef DAFU_DB_H
#define DAFU_DB_H
/*
 * db: the archive. Opens (and creates or migrates) a SQLite database, stores and
 * reads letters, and checks integrity.
 *
 * The schema lives only in schema/NNN_*.sql, embedded at build time as
 * db_migrations[]; the table schema_migration records the number of each one
 * applied (an archive made before that table: PRAGMA user_version, the last
 * one), so an older archive is upgraded in place when a newer dafu opens it,
 * whatever the numbers of the migrations it lacks.
 *
 * Ownership: struct db owns its sqlite3 handle; db_close frees both. Letters
 * read from the database are filled into caller-owned struct letter values.
 */
#include <sqlite3.h>
#include <stdint.h>

#include "base/diag.h"
#include "model/letter.h"

struct db_migration {
    int version;      /* NNN of schema/NNN_name.sql */
    const char *name; /* file name, for messages */
    const char *sql;  /* its text */
};
extern const struct db_migration db_migrations[];
extern const int db_migration_count;

/* An open archive; what it holds is db.c's own. */
struct db;

enum db_flags {
    DB_READONLY = 0,
    DB_WRITE = 1 /* create the file if missing, migrate if old */
};

/* The page cache of a connection that writes, in KB (a read-only one keeps
 * SQLite's default, 2 MB). */
#define DB_WRITER_CACHE_KB 16384

/* Opens path. With DB_READONLY a missing file is an error, and an archive of an
 * older schema is upgraded in place (as DB_WRITE does) when this user may write
 * the file and its folder, else refused with a message naming its schema
 * version and what upgrades it. On success *out is the handle (free with
 * db_close); on failure *out is NULL and d says why. Returns 0 or -1. */
int db_open(struct db **out, const char *path, int flags, struct diag *d);
/* How many schema migrations this open applied to an archive that had a
 * schema (0 for one that was up to date, or new), with *from (when not NULL)
 * the schema version it had. */
int db_upgraded(const struct db *db, int *from);
/* Closes and frees (a writer is settled first, see db_settle). Accepts NULL. */
void db_close(struct db *db);

/* The SQLite connection, for statements of the layers above (search). It stays
 * the archive's: never closed nor given another tokenizer by the caller. */
sqlite3 *db_sqlite(struct db *db);
/* The file's path as given to db_open, for messages. */
const char *db_path(const struct db *db);

/* What a layer above keeps with the connection between its calls, one thing
 * a slot: the search the hits of its last expression, which its count and its
 * page share; the groupings the combinations of their last filters, which the
 * statistics group several ways; the filters the departments and regions their
 * names matched; the combinations of the fields of few values; the groups that
 * one filter's groups less give those of several filters together; a letter
 * read back the proposers of the replies read before. db_memo gives it,
 * db_set_memo replaces it (freeing the one before with its function), db_close
 * frees them. */
enum db_memo_slot {
    DB_MEMO_HITS,
    DB_MEMO_GROUPS,
    DB_MEMO_NAMES,
    DB_MEMO_COMBOS,
    DB_MEMO_LESS,
    DB_MEMO_PROPOSERS,
    DB_MEMOS
};
void *db_memo(struct db *db, enum db_memo_slot slot);
void db_set_memo(struct db *db, enum db_memo_slot slot, void *memo, void (*memo_free)(void *));
/* A statement for sql (any text), kept with the connection for the next call
 * with the same text, so that a search run again (a server's, a page after
 * page) does not prepare its statements again: *st is given back with
 * db_release_kept (reset and unbound, or finalized when it was not kept; never
 * finalize it). The same text asked for while its statement is out gets one of
 * its own. Returns 0, or -1 with d set. */
int db_prepare_kept(struct db *db, const char *sql, sqlite3_stmt **st, struct diag *d);
/* Gives back a statement of db_prepare_kept (any other is finalized). NULL is
 * fine. */
void db_release_kept(struct db *db, sqlite3_stmt *st);
/* What the archive's content is in the read transaction under way: it changes
 * when this connection or another writes (a commit another makes is seen from
 * the next read transaction on). 0 when SQLite cannot say. */
unsigned long long db_snapshot(struct db *db);
/* Opens a transaction (BEGIN, deferred) when none is under way, so that what
 * follows until db_read_end reads one state of the archive, and what the
 * connection keeps for that state (db_read_snapshot) serves it. Returns 1 when
 * it opened one, 0 when one was under way, -1 with d set. */
int db_read_begin(struct db *db, struct diag *d);
/* Ends the transaction db_read_begin opened (began 1; else does nothing). */
void db_read_end(struct db *db, int began);
/* db_snapshot of the transaction under way when it has only read (starting its
 * read first): what was read in it, and in any transaction with the same
 * value, holds for all of it. 0 outside a transaction, in one that has
 * written, or when SQLite cannot say. */
unsigned long long db_read_snapshot(struct db *db);
/* 1 when the connection cannot write (opened read-only, or the file is read-only). */
int db_readonly(struct db *db);
/* Calls fn(ctx) every `steps` SQLite VM steps while a statement runs; a non-zero
 * return interrupts it. fn NULL (or steps <= 0) removes the handler. */
void db_progress(struct db *db, int steps, int (*fn)(void *ctx), void *ctx);
/* Asks db_progress's fn now, for work done outside SQLite between statements
 * (a page's snippets): non-zero when it says to stop. */
int db_progress_stop(struct db *db);
/* 1 when the fn db_progress set has said to stop (a statement interrupted,
 * whatever ran after it: a ROLLBACK TO that undid its work resets SQLite's
 * error code), or the last statement was interrupted. db_progress, setting or
 * removing a fn, starts afresh: ask before lifting a limit. */
int db_interrupted(struct db *db);
/* A writer works in WAL mode; db_settle ends it: the -wal is copied into the
 * file and the archive returns to rollback-journal mode, one file that any user
 * who may read it can read (WAL needs a -shm beside it, which a reader of a
 * folder it cannot write cannot create). Returns 0 when done, 1 when another
 * connection keeps the archive in WAL mode (the last to close ends it), -1 with
 * d set when writing failed (a full disk): then PATH-wal holds committed
 * letters and must stay beside the file. */
int db_settle(struct db *db, struct diag *d);

/* The schema version the file has, and the one this build knows. */
int db_user_version(struct db *db);
/* The number of replies the counts hold, an SQL expression: the total of
 * reply_count, whose recent rows stand for its own (schema 057). */
#define DB_REPLIES                                                                                 \
    "coalesce((SELECT n FROM reply_count_recent WHERE dim = 'total' AND k = 0), (SELECT n "        \
    "FROM reply_count WHERE dim = 'total' AND k = 0), 0)"
/* The first column of the first row of sql (a query) as an integer; -1 when it
 * cannot be run or gives no row. */
long long db_value(struct db *db, const char *sql);
int db_schema_version(void);
/* How many migrations of set[0..n) (in order of version) the archive lacks, or
 * -1 with d set when it cannot be read or is newer than set (a larger
 * user_version, or a migration set does not hold). Writes nothing. */
int db_migrations_missing(struct db *db, const struct db_migration *set, int n, struct diag *d);
/* Applies those migrations, in order, in one transaction, and records each in
 * schema_migration; writes nothing when none is missing. db_open applies
 * db_migrations. Returns how many it applied (counted under the write lock, so
 * another process's upgrade is not counted), or -1 with d set. */
int db_migrate(struct db *db, const struct db_migration *set, int n, struct diag *d);

/* Transactions. Each returns 0 or -1 with d set. */
int db_exec(struct db *db, const char *sql, struct diag *d);
/* db_exec of one statement whose text is a literal (it is known by its
 * address): prepared once and kept with the connection, for a statement a
 * search runs each time (a savepoint) rather than parsed again. */
int db_exec_kept(struct db *db, const char *sql, struct diag *d);

/* Letters stored inside a transaction reach the full-text index in one batch
 * when it commits (schema/003_batch_index.sql): db_index_pending indexes them
 * now, db_commit counts them (the counts the listings read, once a commit:
 * src/store/count.c), indexes them and commits. Write transactions that store
 * letters end with db_commit, not a bare COMMIT. */
int db_index_pending(struct db *db, struct diag *d);
int db_commit(struct db *db, struct diag *d);

/* After an import that added or changed `changed` letters (committed): when they
 * are a quarter of the archive or more, the full-text index is merged into one
 * segment (FTS5's 'optimize'), so that a search reads each term's hits from one
 * doclist instead of one a segment (about ten after a large import). The merge
 * rewrites the whole index, so a smaller import into a larger archive leaves it
 * to FTS5's own merges: the work stays a few times the import's own share of
 * the index. Returns 0 or -1 with d set (the letters stay in either way). */
int db_index_merge(struct db *db, long long changed, struct diag *d);
/* Is an import of `changed` letters (committed) a quarter of the archive or
 * more: worth work that rewrites a whole table (db_index_merge, similar_settle)? */
int db_changed_much(struct db *db, long long changed);

enum db_put_result {
    DB_PUT_NEW,      /* a new reply */
    DB_PUT_UPDATED,  /* the same reply (proposal + department) with new content */
    DB_PUT_UNCHANGED /* already in the archive with the same text */
};

/* Stores a letter: computes its hash if missing, recognises a re-import by the
 * hash of its normalized text, or an update by its natural key (body, region,
 * term, session, kind, number, department). Sets l->id. Inside a transaction
 * the letter is indexed at db_commit; outside one, it is stored and indexed in
 * a transaction of its own. Returns 0 or -1. */
int db_put_letter(struct db *db, struct letter *l, enum db_put_result *res, struct diag *d);

/* Stores l as reply `id`, every field (its hash computed again), whatever
 * its proposal and department: the counts the listings read lose the reply as
 * it was and count it as it is. Inside a transaction it is part of it; outside
 * one, a transaction of its own. Returns 1 when stored, 0 when there is no such
 * reply, -1 with d set. */
int db_replace_letter(struct db *db, long long id, struct letter *l, struct diag *d);

/* Deletes reply `id`, its proposers' links, its place in the full-text and
 * similarity indexes and in the counts the listings read. Inside a transaction
 * it is part of it; outside one, a transaction of its own. Returns 1 when
 * deleted, 0 when there is no such reply, -1 with d set. */
int db_delete_letter(struct db *db, long long id, struct diag *d);

/* Reads reply `id` into l (initialised, empty). Returns 1 when found, 0 when not,
 * -1 on error. */
int db_get_letter(struct db *db, long long id, struct letter *l, struct diag *d);
/* Is reply id, whose text normalizes as l's, to be left as it is by an import
 * of l? Yes when it holds the fields and the evidence l gives (its source
 * aside: a copy of the letter in another file is the same reply), or when its
 * text differs from l's in its characters' forms only. Returns 1 or 0, -1 with
 * d set. */
int db_same_reading(struct db *db, const struct letter *l, long long id, struct diag *d);

/* Reads the current row of a statement whose first columns are DB_REPLY_COLUMNS
 * into l, delegates included. Returns 0 or -1. DB_REPLY_COLUMNS is r.id, the
 * column of each field of LETTER_FIELDS but the lists (whose rows are read
 * apart), and r.imported_at. With DB_ROW_NO_EVIDENCE, l->evidence is left NULL
 * without being unpacked (an output that does not show it: 20 rows of a search
 * page would unpack theirs for nothing), and l->imported_at too (only a reply's
 * page shows it). */
#define DB_COLUMN_STR(name) "r." #name ", "
#define DB_COLUMN_INT(name) "r." #name ", "
#define DB_COLUMN_JSON(name) "r." #name ", "
#define DB_COLUMN_LIST(name)
#define DB_COLUMN(name, type, flags, show) DB_COLUMN_##type(name)
#define DB_REPLY_COLUMNS "r.id, " LETTER_FIELDS(DB_COLUMN) "r.imported_at"
#define DB_NCOLUMN_STR +1
#define DB_NCOLUMN_INT +1
#define DB_NCOLUMN_JSON +1
#define DB_NCOLUMN_LIST
#define DB_NCOLUMN(name, type, flags, show) DB_NCOLUMN_##type
#define DB_REPLY_NCOLUMNS (2 LETTER_FIELDS(DB_NCOLUMN))
enum { DB_ROW_NO_EVIDENCE = 1 };
int db_row_letter(struct db *db, sqlite3_stmt *st, struct letter *l, int flags, struct diag *d);
/* db_row_letter as a view of the row: l's strings are the row's own texts
 * (valid until st steps again or is reset), not copies, but those made anew (a
 * source escaped, an evidence unpacked: bit i of *owned for field i of
 * letter_fields, bit 63 for imported_at) and the proposers. A page of a search
 * reads twenty letters this way: their fields are not copied into memory of
 * their own. Release l with db_row_letter_release(l, *owned), before st steps. */
int db_row_letter_view(struct db *db, sqlite3_stmt *st, struct letter *l, int flags,
                       uint64_t *owned, struct diag *d);
void db_row_letter_release(struct letter *l, uint64_t owned);

/* Runs SQLite's integrity_check and FTS5's integrity-check, compares the rows
 * of department_fts with the department keys' numbers in facet_name, and the
 * counts the listings read with a count of every reply (db_check_counts).
 * Returns 0 when all pass, -1 with d describing the first damage found. */
int db_check(struct db *db, struct diag *d);
/* Do the counts (reply_count, facet_count, reply_cross, reply_combo,
 * reply_combo_delegate, delegate_stat) hold what grouping every reply
 * gives (read outside a transaction that stores letters)? Returns 0 when they
 * do, -1 with d saying which table differs (or why it could not be read). */
int db_check_counts(struct db *db, struct diag *d);

/* Counts of replies, delegates and departments, for messages and stats. */
long long db_count(struct db *db, const char *table);

#endif
