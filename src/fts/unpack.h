#ifndef DAFU_UNPACK_H
#define DAFU_UNPACK_H
/*
 * The SQL functions of packed letter texts (base/textpack.h), registered on every
 * connection dafu opens and by the loadable extension:
 *   dafu_unpack(X)  the text of a packed BLOB; any other value as it is (the
 *                   generated column reply.text of schema 038: the full-text
 *                   index, snippets and every reader see the letter's text);
 *                   an error for a BLOB that is not a packed text
 *   dafu_pack(X)    a TEXT packed (or as it is when packing would not make it
 *                   smaller); any other value as it is (the migration to 038)
 */
#ifdef DAFU_SQLITE_EXTENSION
#include <sqlite3ext.h>
#else
#include <sqlite3.h>
#endif

/* Returns an SQLite result code. */
int unpack_sql_create(sqlite3 *db);

#endif
