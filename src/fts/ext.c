/*
 * ext: the dafu tokenizer and dafu_snippet() as a SQLite loadable extension, so the
 * sqlite3 shell and other SQLite tools can read and search a dafu archive:
 *
 *   sqlite3 dafu.db
 *   sqlite> .load ./build/libdafu_fts
 *   sqlite> SELECT rowid, dafu_snippet(reply_fts) FROM reply_fts
 *      ...>   WHERE reply_fts MATCH '"有色金属"' ORDER BY rank;
 *
 * Built from the same fts_tok.c, highlight.c and text.c as dafu itself (compiled
 * with DAFU_SQLITE_EXTENSION, so they reach SQLite through the extension API), so
 * the shell tokenizes and normalizes exactly as dafu does.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "fts/fts_tok.h"
#include "fts/highlight.h"
#include "fts/rank.h"

/* The entry point SQLite derives from the file name libdafu_fts.so. Registers the
 * tokenizer "dafu" and the auxiliary function dafu_snippet with db's FTS5. */
__attribute__((visibility("default"))) int
sqlite3_dafufts_init(sqlite3 *db, char **err_msg, const sqlite3_api_routines *api_routines)
{
    SQLITE_EXTENSION_INIT2(api_routines);
    fts5_api *api = fts_tok_fts5_api(db);
    if (!api) {
        *err_msg = sqlite3_mprintf("dafu_fts: this SQLite has no FTS5");
        return SQLITE_ERROR;
    }
    int rc = fts_tok_create(api);
    if (rc == SQLITE_OK)
        rc = highlight_create(api);
    if (rc == SQLITE_OK)
        rc = rank_create(api, "reply_fts");
    if (rc != SQLITE_OK)
        *err_msg =
            sqlite3_mprintf("dafu_fts: cannot register the tokenizer: %s", sqlite3_errstr(rc));
    return rc;
}
