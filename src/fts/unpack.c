/* dafu_unpack() and dafu_pack() (unpack.h). */
#include "fts/unpack.h"

#ifdef DAFU_SQLITE_EXTENSION
SQLITE_EXTENSION_INIT3
#endif

#include <stdlib.h>

#include "base/textpack.h"

static void result_buf(sqlite3_context *ctx, struct buf *b, int blob)
{
    size_t len = b->len;
    char *p = buf_detach(b);
    if (!p)
        sqlite3_result_error_nomem(ctx);
    else if (blob)
        sqlite3_result_blob64(ctx, p, len, free);
    else
        sqlite3_result_text64(ctx, p, len, free, SQLITE_UTF8);
}

static void sql_unpack(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    struct buf b = BUF_INIT;
    const void *p = sqlite3_value_blob(argv[0]);
    int rc =
        text_reader_unpack(sqlite3_user_data(ctx), p, (size_t)sqlite3_value_bytes(argv[0]), &b);
    if (rc == -2)
        sqlite3_result_error(ctx, "dafu_unpack: not a packed text", -1);
    else if (rc)
        sqlite3_result_error_nomem(ctx);
    else
        result_buf(ctx, &b, 0);
    buf_release(&b);
}

static void sql_pack(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    struct buf b = BUF_INIT;
    const char *s = (const char *)sqlite3_value_text(argv[0]);
    int rc = s ? text_pack(s, (size_t)sqlite3_value_bytes(argv[0]), &b) : -1;
    if (rc < 0)
        sqlite3_result_error_nomem(ctx);
    else if (rc)
        sqlite3_result_value(ctx, argv[0]);
    else
        result_buf(ctx, &b, 1);
    buf_release(&b);
}

static void reader_free(void *p)
{
    text_reader_free(p);
}

int unpack_sql_create(sqlite3 *db)
{
    int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    /* The connection's reader, freed with it (NULL when out of memory: each text
     * is then read with a state of its own). */
    struct text_reader *r = text_reader_new();
    int rc = sqlite3_create_function_v2(db, "dafu_unpack", 1, flags, r, sql_unpack, NULL, NULL,
                                        r ? reader_free : NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_create_function(db, "dafu_pack", 1, flags, NULL, sql_pack, NULL, NULL);
    return rc;
}
