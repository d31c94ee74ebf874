/*
 * fts_ext: dafu's FTS5 tokenizer as a SQLite loadable extension, for the benchmark
 * experiments (tests/bench/experiments), which replay dafu's SQL from Python:
 *
 *   conn.enable_load_extension(True); conn.load_extension("build/tests/dafu_bench_fts")
 *
 * It registers the same 'dafu' tokenizer the archive uses (src/fts_tok.c).
 */
#include <sqlite3.h>

#include "diag.h"
#include "fts_tok.h"

int sqlite3_dafubenchfts_init(sqlite3 *db, char **err, const void *api);

int sqlite3_dafubenchfts_init(sqlite3 *db, char **err, const void *api)
{
    (void)api;
    struct diag d = DIAG_INIT;
    int rc = SQLITE_OK;
    if (fts_tok_register(db, &d)) {
        *err = sqlite3_mprintf("%s", diag_msg(&d));
        rc = SQLITE_ERROR;
    }
    diag_release(&d);
    return rc;
}
