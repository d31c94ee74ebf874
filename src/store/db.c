/* db: the archive on SQLite (see db.h). */
#include "store/db.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "fts/fts_tok.h"
#include "store/code.h"
#include "store/db_int.h"
#include "store/fault_vfs.h"
#include "store/idlist.h"
#include "store/lens.h"
#include "store/stmt_vfs.h"
#include "text/text.h"
#include "text/translit.h"

/* A number written in SQL. */
#define DB_STR_(x) #x
#define DB_STR(x) DB_STR_(x)

/* db_cached's statements: the import's, and those a search runs each time
 * (its transaction, savepoints and proposers) */
#define DB_STMT_CACHE 96
#define DB_KEPT 24 /* db_prepare_kept's statements */

/* How long a lock another program holds is waited for: a reader meets one only
 * for a moment (a writer entering or leaving WAL mode); a writer waits for the
 * other writer's whole run (two imports at once: the second starts when the
 * first ends, however loaded the machine is). */
#define DB_READ_WAIT_MS 5000
#define DB_WRITE_WAIT_MS 600000

/* What a layer above keeps with the connection (db_memo), and how it is
 * freed. */
struct memo {
    void *p;
    void (*free)(void *);
};

struct db {
    sqlite3 *sql;
    char *path;
    struct translit *pinyin; /* lazily opened Han -> pinyin transliterator */
    /* Statements the import runs for every letter, prepared once; keyed by the
     * address of their SQL text (a string literal). */
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } stmts[DB_STMT_CACHE];
    int nstmts;
    int writer;                 /* opened with DB_WRITE: db_settle runs at db_close */
    int wait_ms;                /* DB_READ_WAIT_MS or DB_WRITE_WAIT_MS */
    int upgraded_from;          /* db_upgraded: the schema version before this open's upgrade */
    int upgraded;               /* and the migrations it applied */
    struct memo memo[DB_MEMOS]; /* db_memo */
    int (*progress)(void *);    /* db_progress */
    void *progress_ctx;
    int stopped; /* db_progress's fn said to stop since it was set */
    /* db_prepare_kept's statements, by their text; the least recently used
     * one makes room. */
    struct {
        char *sql;
        sqlite3_stmt *st;
        unsigned long used; /* when last given out */
        int out;            /* given out, not yet back */
    } kept[DB_KEPT];
    int nkept;
    unsigned long clock;
};

int db_prepare_kept(struct db *db, const char *sql, sqlite3_stmt **st, struct diag *d)
{
    for (int i = 0; i < db->nkept; i++)
        if (!db->kept[i].out && !strcmp(db->kept[i].sql, sql)) {
            db->kept[i].out = 1;
            db->kept[i].used = ++db->clock;
            *st = db->kept[i].st;
            return 0;
        }
    if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return diag_error(d, "database '%s': preparing a statement: %s", db->path,
                          sqlite3_errmsg(db->sql));
    }
    int at = db->nkept < DB_KEPT ? db->nkept : -1;
    for (int i = 0; at < 0 && i < db->nkept; i++)
        if (!db->kept[i].out && (at < 0 || db->kept[i].used < db->kept[at].used))
            at = i;
    char *copy = at >= 0 ? strdup(sql) : NULL;
    if (!copy)
        return 0; /* not kept: db_release_kept finalizes it */
    if (at == db->nkept)
        db->nkept++;
    else {
        sqlite3_finalize(db->kept[at].st);
        free(db->kept[at].sql);
    }
    db->kept[at].sql = copy;
    db->kept[at].st = *st;
    db->kept[at].used = ++db->clock;
    db->kept[at].out = 1;
    return 0;
}

void db_release_kept(struct db *db, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (int i = 0; i < db->nkept; i++)
        if (db->kept[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            db->kept[i].out = 0;
            return;
        }
    sqlite3_finalize(st);
}

/* Replaces what m holds with p, freeing the one before (unless it is p). */
static void memo_set(struct memo *m, void *p, void (*p_free)(void *))
{
    if (m->p && m->free && m->p != p)
        m->free(m->p);
    m->p = p;
    m->free = p_free;
}

void *db_memo(struct db *db, enum db_memo_slot slot)
{
    return db->memo[slot].p;
}

void db_set_memo(struct db *db, enum db_memo_slot slot, void *memo, void (*memo_free)(void *))
{
    memo_set(&db->memo[slot], memo, memo_free);
}

unsigned long long db_snapshot(struct db *db)
{
    unsigned int v = 0;
    if (sqlite3_file_control(db->sql, "main", SQLITE_FCNTL_DATA_VERSION, &v) != SQLITE_OK)
        return 0;
    return (unsigned long long)v << 40 ^ (unsigned long long)sqlite3_total_changes64(db->sql);
}

sqlite3 *db_sqlite(struct db *db)
{
    return db->sql;
}

const char *db_path(const struct db *db)
{
    return db->path;
}

int db_readonly(struct db *db)
{
    return sqlite3_db_readonly(db->sql, "main") == 1;
}

int db_progress_stop(struct db *db)
{
    int stop = db->progress && db->progress(db->progress_ctx);
    if (stop)
        db->stopped = 1;
    return stop;
}

/* SQLite's progress handler: db_progress_stop, which remembers that fn said to
 * stop, because the error code it leaves does not last: a statement run after
 * the interrupted one (a ROLLBACK TO that undoes a search's partial work) sets
 * the connection's error code again. */
static int progress_step(void *arg)
{
    return db_progress_stop(arg);
}

void db_progress(struct db *db, int steps, int (*fn)(void *ctx), void *ctx)
{
    int on = fn && steps > 0;
    db->progress = on ? fn : NULL;
    db->progress_ctx = on ? ctx : NULL;
    db->stopped = 0;
    sqlite3_progress_handler(db->sql, on ? steps : 0, on ? progress_step : NULL, on ? db : NULL);
}

int db_interrupted(struct db *db)
{
    return db->stopped || sqlite3_errcode(db->sql) == SQLITE_INTERRUPT;
}

int db_schema_version(void)
{
    return db_migration_count ? db_migrations[db_migration_count - 1].version : 0;
}

int db_exec(struct db *db, const char *sql, struct diag *d)
{
    char *err = NULL;
    if (sqlite3_exec(db->sql, sql, NULL, NULL, &err) != SQLITE_OK) {
        if ((sqlite3_errcode(db->sql) & 0xFF) == SQLITE_BUSY)
            diag_error(d, "database '%s': %s (another program held it for the %d s waited)",
                       db->path, err ? err : sqlite3_errmsg(db->sql), db->wait_ms / 1000);
        else
            diag_error(d, "database '%s': %s", db->path, err ? err : sqlite3_errmsg(db->sql));
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

int db_index_pending(struct db *db, struct diag *d)
{
    return db_exec(db,
                   "INSERT INTO reply_fts(rowid, title, department, delegates, text) "
                   "SELECT r.id, r.title, r.department, r.delegates, r.text "
                   "FROM reply_unindexed u JOIN reply r ON r.id = u.id ORDER BY u.id",
                   d) ||
                   lens_store_pending(db, d) || db_exec(db, "DELETE FROM reply_unindexed", d)
               ? -1
               : 0;
}

int db_commit(struct db *db, struct diag *d)
{
    if (db_count_pending(db, d) || db_index_pending(db, d))
        return -1;
    return db_exec(db, "COMMIT", d);
}

int db_changed_much(struct db *db, long long changed)
{
    if (changed <= 0)
        return 0;
    long long total = db_value(db, "SELECT " DB_REPLIES);
    return total >= 0 && changed * 4 >= total;
}

int db_index_merge(struct db *db, long long changed, struct diag *d)
{
    if (!db_changed_much(db, changed))
        return 0;
    return db_exec(db, "INSERT INTO reply_fts(reply_fts) VALUES ('optimize')", d);
}

long long db_value(struct db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int db_user_version(struct db *db)
{
    return (int)db_value(db, "PRAGMA user_version");
}

/* SQL function dafu_norm(text): text_normalize, for migrations and ad-hoc SQL. */
static void sql_norm(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    if (!s) {
        sqlite3_result_null(ctx);
        return;
    }
    struct buf b = BUF_INIT;
    if (text_normalize(s, (size_t)sqlite3_value_bytes(argv[0]), &b)) {
        buf_release(&b);
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, b.data, (int)b.len, SQLITE_TRANSIENT);
    buf_release(&b);
}

/* SQL function dafu_number_in(key, q): letter_number_names, 1 when the number key
 * names the number q (one of its list, or inside its range). */
static void sql_number_in(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_result_int(ctx, letter_number_names((const char *)sqlite3_value_text(argv[0]),
                                                (const char *)sqlite3_value_text(argv[1])));
}

/* SQL function dafu_number_int(key): letter_number_int, what a reply stored with the
 * number key is sorted by (NULL when it holds no digits): schema 044 sets it again. */
static void sql_number_int(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    long long v = letter_number_int((const char *)sqlite3_value_text(argv[0]));
    if (v >= 0)
        sqlite3_result_int64(ctx, v);
    else
        sqlite3_result_null(ctx);
}

/* Size of `path` + suffix, or -1 when it does not exist. */
static long long file_size(const char *path, const char *suffix)
{
    struct buf p = BUF_INIT;
    struct stat st;
    buf_printf(&p, "%s%s", path, suffix);
    long long n = !buf_failed(&p) && !stat(p.data, &st) ? (long long)st.st_size : -1;
    buf_release(&p);
    return n;
}

/* "file:PATH?immutable=1", PATH escaped for a URI. */
static int immutable_uri(const char *path, struct buf *out)
{
    int rc = buf_adds(out, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p && !rc; p++)
        rc = (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7F)
                 ? buf_printf(out, "%%%02X", *p)
                 : buf_addch(out, *p);
    return rc || buf_adds(out, "?immutable=1") ? -1 : 0;
}

/* A reader that cannot create the -shm a WAL-mode archive needs (a folder or
 * mount it may not write): when no -wal and no -shm exist, no writer is at work
 * and the file holds every commit, so it is opened as immutable. */
static int reopen_immutable(struct db *db, struct diag *d)
{
    int code = sqlite3_errcode(db->sql) & 0xFF;
    if (code != SQLITE_CANTOPEN && code != SQLITE_READONLY)
        return diag_error(d, "database '%s': %s", db->path, sqlite3_errmsg(db->sql));
    if (file_size(db->path, "-wal") > 0 || file_size(db->path, "-shm") >= 0)
        return diag_error(d,
                          "cannot read '%s': its '%s-wal' holds letters not yet in the file, "
                          "and reading them needs a '-shm' file this user cannot create "
                          "(a `dafu import` by a user who may write the folder ends it)",
                          db->path, db->path);
    struct buf uri = BUF_INIT;
    if (immutable_uri(db->path, &uri)) {
        buf_release(&uri);
        return diag_error(d, "out of memory");
    }
    sqlite3_close(db->sql);
    db->sql = NULL;
    int rc = sqlite3_open_v2(uri.data, &db->sql, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    buf_release(&uri);
    if (rc != SQLITE_OK)
        return diag_error(d, "cannot open database '%s': %s", db->path,
                          db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
    return 0;
}

/* 1 when this user may write path and its folder (the -wal and -journal an
 * upgrade makes go beside it), as a plain file name. */
static int may_write(const char *path)
{
    if (access(path, W_OK))
        return 0;
    const char *slash = strrchr(path, '/');
    if (!slash)
        return access(".", W_OK) == 0;
    if (slash == path)
        return access("/", W_OK) == 0;
    char *dir = strndup(path, (size_t)(slash - path));
    int ok = dir && access(dir, W_OK) == 0;
    free(dir);
    return ok;
}

int db_upgraded(const struct db *db, int *from)
{
    if (from)
        *from = db->upgraded_from;
    return db->upgraded;
}

int db_settle(struct db *db, struct diag *d)
{
    if (!db || !db->writer)
        return 0;
    sqlite3_stmt *st = NULL;
    int rc = 1;
    /* A reader in the middle of a query may hold the WAL a moment. */
    sqlite3_busy_timeout(db->sql, 200);
    /* The free pages (FTS5's old segments after a merge) go back, the last
     * pages moved into them, in an archive made so (db_open). */
    if (db_value(db, "PRAGMA main.auto_vacuum") == 2 &&
        db_value(db, "PRAGMA main.freelist_count") > 0)
        sqlite3_exec(db->sql, "PRAGMA main.incremental_vacuum", NULL, NULL, NULL);
    if (sqlite3_prepare_v2(db->sql, "PRAGMA main.journal_mode = DELETE", -1, &st, NULL) ==
        SQLITE_OK) {
        int s = sqlite3_step(st);
        if (s == SQLITE_ROW) {
            const char *m = (const char *)sqlite3_column_text(st, 0);
            rc = m && strcmp(m, "wal") ? 0 : 1;
        } else if ((sqlite3_errcode(db->sql) & 0xFF) != SQLITE_BUSY &&
                   (sqlite3_errcode(db->sql) & 0xFF) != SQLITE_LOCKED) {
            rc = diag_error(d,
                            "database '%s': %s; what was committed is partly in '%s-wal', "
                            "which must stay beside it (the next dafu that can write there "
                            "moves it into the file)",
                            db->path, sqlite3_errmsg(db->sql), db->path);
        }
    }
    sqlite3_finalize(st);
    sqlite3_busy_timeout(db->sql, db->wait_ms);
    if (rc >= 0)
        db->writer = 0;
    return rc;
}

/* A writer works in WAL mode (readers go on meanwhile); db_settle ends it.
 * Entering it takes a lock for a moment, and SQLite answers "busy" at once
 * rather than waiting, while another import or a reader holds one: retry for
 * as long as the busy timeout would wait. */
static int wal_mode(struct db *db, struct diag *d)
{
    for (int i = 0;; i++) {
        char *err = NULL;
        int rc = sqlite3_exec(db->sql, "PRAGMA journal_mode = WAL", NULL, NULL, &err);
        sqlite3_free(err);
        if (rc == SQLITE_OK)
            return 0;
        if ((rc & 0xFF) != SQLITE_BUSY || i >= db->wait_ms / 20)
            return diag_error(d, "database '%s': %s", db->path, sqlite3_errmsg(db->sql));
        sqlite3_sleep(20);
    }
}

int db_open(struct db **out, const char *path, int flags, struct diag *d)
{
    *out = NULL;
    if (fault_vfs_install())
        return diag_error(d, "cannot install the fault-injection VFS");
    if (stmt_vfs_install())
        return diag_error(d, "cannot install the VFS of statement journals");
    struct db *db = calloc(1, sizeof *db);
    if (!db)
        return diag_error(d, "out of memory");
    db->path = strdup(path);
    db->wait_ms = (flags & DB_WRITE) ? DB_WRITE_WAIT_MS : DB_READ_WAIT_MS;
    /* A connection is used by one thread at a time (the server keeps one a
     * thread): no lock around each call into SQLite on the reading side */
    int oflags = (flags & DB_WRITE) ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                    : SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &db->sql, oflags, NULL) != SQLITE_OK) {
        if (!(flags & DB_WRITE) && db->sql && sqlite3_errcode(db->sql) == SQLITE_CANTOPEN)
            diag_set(d, DIAG_NOTFOUND,
                     "cannot open database '%s': no such file (import letters first)", path);
        else
            diag_error(d, "cannot open database '%s': %s", path,
                       db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
        db_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db->sql, db->wait_ms);
    /* Fail early on a file that is not a database (or that this user cannot
     * read in the mode it is in). */
    if (sqlite3_exec(db->sql, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) !=
        SQLITE_OK) {
        if (flags & DB_WRITE) {
            diag_error(d, "database '%s': %s", path, sqlite3_errmsg(db->sql));
            goto fail;
        }
        if (reopen_immutable(db, d))
            goto fail;
    }
    sqlite3_extended_result_codes(db->sql, 1);
    sqlite3_busy_timeout(db->sql, db->wait_ms);
    if (fts_tok_register(db->sql, d))
        goto fail;
    if (lens_register(db->sql) != SQLITE_OK) {
        diag_error(d, "cannot register dafu_lens_pack: %s", sqlite3_errmsg(db->sql));
        goto fail;
    }
    if (code_register(db->sql) != SQLITE_OK) {
        diag_error(d, "cannot register dafu_code_pack: %s", sqlite3_errmsg(db->sql));
        goto fail;
    }
    if (idlist_register(db->sql) != SQLITE_OK) {
        diag_error(d, "cannot register dafu_band_ids: %s", sqlite3_errmsg(db->sql));
        goto fail;
    }
    static const struct {
        const char *name;
        int nargs;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
    } fns[] = {{"dafu_norm", 1, sql_norm},
               {"dafu_number_in", 2, sql_number_in},
               {"dafu_number_int", 1, sql_number_int},
               {"dafu_evidence_pack", 2, db_sql_evidence_pack},
               {"dafu_hash_bytes", 1, db_sql_hash_bytes}};
    for (size_t i = 0; i < sizeof fns / sizeof *fns; i++)
        if (sqlite3_create_function(db->sql, fns[i].name, fns[i].nargs,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                    fns[i].fn, NULL, NULL) != SQLITE_OK) {
            diag_error(d, "cannot register %s: %s", fns[i].name, sqlite3_errmsg(db->sql));
            goto fail;
        }
    /* Fail early on a file that is not a database. */
    if (db_exec(db, "SELECT count(*) FROM sqlite_schema", d))
        goto fail;
    if (flags & DB_WRITE) {
        db->writer = 1;
        /* A new archive gets 16 KB pages (a 4 KB page holds about one letter)
         * and auto_vacuum below (db_settle gives its free pages back): neither
         * pragma does anything once the file has content (see BENCHMARKS.md). */
        if (db_exec(db, "PRAGMA page_size = 16384;", d))
            goto fail;
        /* A writer keeps DB_WRITER_CACHE_KB of pages in memory (SQLite's
         * default is 2 MB): an import looks up every letter's hash, number and
         * proposers in indexes and merges full-text segments, and with the
         * default cache re-read those pages from the file again and again (a
         * third of its CPU time at 20,000 letters went to the kernel copying
         * them). 16 MB does that as well as 32 MB did, and the cache is the
         * largest part of an import's memory (see BENCHMARKS.md). */
        if (sqlite3_db_readonly(db->sql, "main") != 1 &&
            (db_exec(db, "PRAGMA auto_vacuum = INCREMENTAL;", d) || wal_mode(db, d) ||
             db_exec(db,
                     "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -" DB_STR(
                         DB_WRITER_CACHE_KB) ";",
                     d)))
            goto fail;
        int from = db_user_version(db);
        int applied = db_migrate(db, db_migrations, db_migration_count, d);
        if (applied < 0)
            goto fail;
        if (from > 0 && applied > 0) {
            db->upgraded_from = from;
            db->upgraded = applied;
        }
        /* Letters some other writer stored without indexing them (the table is
         * empty after every dafu transaction): index them now. */
        if ((db_count(db, "reply_unindexed") > 0 || db_count(db, "reply_uncounted") > 0) &&
            (db_exec(db, "BEGIN IMMEDIATE", d) || db_commit(db, d))) {
            db_exec(db, "ROLLBACK", NULL);
            goto fail;
        }
    } else {
        /* Its checks read one state of the archive, in one read transaction
         * (one lock of the file rather than one a statement). */
        if (db_exec(db, "BEGIN", d))
            goto fail;
        int v = db_user_version(db);
        int missing = v == 0 ? 0 : db_migrations_missing(db, db_migrations, db_migration_count, d);
        db_exec(db, "COMMIT", NULL);
        if (v == 0) {
            diag_set(d, DIAG_NOTFOUND,
                     "'%s' is not a dafu archive (no schema): import letters first", path);
            goto fail;
        }
        if (missing < 0)
            goto fail;
        if (missing > 0) {
            /* An older archive: upgraded in place when this user may write it
             * (db_upgraded tells, for the caller to say so); else refused,
             * naming what upgrades it: its newer tables cannot be read around. */
            if (may_write(path)) {
                db_close(db);
                return db_open(out, path, DB_WRITE, d);
            }
            if (v < db_schema_version())
                diag_error(d,
                           "'%s' was made by an older dafu (schema version %d; this dafu reads "
                           "%d) and this user may not write it or its folder to upgrade it: "
                           "any dafu command run once by a user who may (`dafu stats --db "
                           "'%s'`) upgrades it in place",
                           path, v, db_schema_version(), path);
            else /* migrations numbered below its version, made apart */
                diag_error(d,
                           "'%s' lacks %d migration%s of this dafu (at schema version %d) and "
                           "this user may not write it or its folder to upgrade it: any dafu "
                           "command run once by a user who may (`dafu stats --db '%s'`) "
                           "upgrades it in place",
                           path, missing, missing == 1 ? "" : "s", v, path);
            goto fail;
        }
    }
    if (db_exec(db, "PRAGMA foreign_keys = ON;", d))
        goto fail;
    *out = db;
    return 0;
fail:
    if (db->writer && db->sql && db_settle(db, NULL) < 0) {
        /* A migration that met a full disk may leave a -wal: name it. */
        struct buf m = BUF_INIT;
        buf_printf(&m, "%s; '%s-wal' belongs to it and must stay beside it", diag_msg(d), path);
        diag_error(d, "%s", buf_failed(&m) ? "out of memory" : m.data);
        buf_release(&m);
        db->writer = 0;
    }
    db_close(db);
    return -1;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (int i = 0; i < db->nstmts; i++)
        sqlite3_finalize(db->stmts[i].st);
    db->nstmts = 0;
    for (int i = 0; i < db->nkept; i++) {
        sqlite3_finalize(db->kept[i].st);
        free(db->kept[i].sql);
    }
    db->nkept = 0;
    for (int i = 0; i < DB_MEMOS; i++)
        db_set_memo(db, (enum db_memo_slot)i, NULL, NULL);
    db_settle(db, NULL);
    sqlite3_close(db->sql);
    translit_close(db->pinyin);
    free(db->path);
    free(db);
}

int db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, i);
}

int db_bind_int(sqlite3_stmt *st, int i, long long v)
{
    return v > 0 ? sqlite3_bind_int64(st, i, v) : sqlite3_bind_null(st, i);
}

int db_prepare(struct db *db, const char *sql, sqlite3_stmt **st, struct diag *d)
{
    if (sqlite3_prepare_v2(db->sql, sql, -1, st, NULL) != SQLITE_OK)
        return diag_error(d, "database '%s': preparing a statement: %s", db->path,
                          sqlite3_errmsg(db->sql));
    return 0;
}

int db_cached(struct db *db, const char *sql, sqlite3_stmt **st, struct diag *d)
{
    for (int i = 0; i < db->nstmts; i++)
        if (db->stmts[i].sql == sql) {
            *st = db->stmts[i].st;
            sqlite3_reset(*st);
            sqlite3_clear_bindings(*st);
            return 0;
        }
    if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return diag_error(d, "database '%s': preparing a statement: %s", db->path,
                          sqlite3_errmsg(db->sql));
    if (db->nstmts < DB_STMT_CACHE) {
        db->stmts[db->nstmts].sql = sql;
        db->stmts[db->nstmts].st = *st;
        db->nstmts++;
        return 0;
    }
    sqlite3_finalize(*st); /* the cache is sized for the import's statements */
    *st = NULL;
    return diag_error(d, "database '%s': statement cache full", db->path);
}

int db_exec_kept(struct db *db, const char *sql, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    if (db_cached(db, sql, &st, d))
        return -1;
    /* Its steps counted from here, as sqlite3_exec's statement prepared anew
     * counts them: with the count of its earlier runs the time limit of a
     * server (db_progress) would stop it where that one is not stopped (a
     * savepoint stopped once it has opened stays open). */
    sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1);
    int s = sqlite3_step(st);
    sqlite3_reset(st);
    if (s != SQLITE_DONE && s != SQLITE_ROW)
        return diag_error(d, "database '%s': %s", db->path, sqlite3_errmsg(db->sql));
    return 0;
}

int db_step_done(struct db *db, sqlite3_stmt *st, const char *what, struct diag *d)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return diag_error(d, "database '%s': %s: %s", db->path, what, sqlite3_errmsg(db->sql));
    return 0;
}

/* Pinyin with the spaces kept ("he ru qiu"); look-ups compare without spaces. */
int db_delegate_pinyin(struct db *db, const char *name, struct buf *out, struct diag *d)
{
    if (!db->pinyin && translit_open(&db->pinyin, d))
        return -1;
    return translit_pinyin(db->pinyin, name, out, d);
}

long long db_count(struct db *db, const char *table)
{
    struct buf sql = BUF_INIT;
    buf_printf(&sql, "SELECT count(*) FROM \"%s\"", table);
    long long n = buf_failed(&sql) ? -1 : db_value(db, sql.data);
    buf_release(&sql);
    return n;
}
