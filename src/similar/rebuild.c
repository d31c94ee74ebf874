/* rebuild: the whole similarity index computed again (see similar.h). */
#include <string.h>

#include "similar/similar.h"

/* Letters compared in one transaction of a rebuild. */
#define SIM_REBUILD_CHUNK 2000

int similar_rebuild(struct db *db, struct similar_rebuilt *out, struct diag *d)
{
    memset(out, 0, sizeof *out);
    if (db_exec(db,
                "BEGIN IMMEDIATE; DELETE FROM similar_pair; DELETE FROM similar_copy; "
                "DELETE FROM similar_band_ids; DELETE FROM similar_band_waiting; "
                "DELETE FROM similar_sig; DELETE FROM similar_sketch; DELETE FROM similar_pending; "
                "INSERT INTO similar_pending(id) SELECT id FROM reply ORDER BY id",
                d)) {
        db_exec(db, "ROLLBACK", NULL);
        return -1;
    }
    if (db_exec(db, "COMMIT", d))
        return -1;
    struct similar *s = NULL;
    if (similar_open(&s, db, d))
        return -1;
    for (;;) {
        if (db_exec(db, "BEGIN IMMEDIATE", d))
            goto fail;
        long n = similar_catch_up_max(s, SIM_REBUILD_CHUNK, d);
        if (n < 0) {
            db_exec(db, "ROLLBACK", NULL);
            goto fail;
        }
        if (db_exec(db, "COMMIT", d))
            goto fail;
        out->letters += n;
        if (n < SIM_REBUILD_CHUNK)
            break;
    }
    similar_close(s);
    out->with_sig = db_value(db, "SELECT count(*) FROM similar_sketch");
    out->pairs = db_value(db, "SELECT count(*) FROM similar_pair WHERE a < b");
    out->copies = db_value(db, "SELECT count(*) FROM similar_pair WHERE a < b AND copy");
    out->groups = db_value(db, "SELECT count(DISTINCT grp) FROM similar_copy");
    out->bands = db_value(
        db, "SELECT (SELECT coalesce(sum(dafu_band_row_count(ids)), 0) FROM similar_band_ids) + "
            "(SELECT coalesce(sum(length(keys)), 0) / 8 FROM similar_band_waiting)");
    if (out->with_sig < 0 || out->pairs < 0 || out->copies < 0 || out->groups < 0 || out->bands < 0)
        return diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
    return 0;
fail:
    similar_close(s);
    return -1;
}
