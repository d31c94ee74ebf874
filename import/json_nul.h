#ifndef DAFU_JSON_NUL_H
#define DAFU_JSON_NUL_H
/*
 * json_nul: cJSON ends a string at a \u0000, which would cut a record's field
 * silently. json_nul_mark rewrites each \u0000 of a JSON text as \uffff (a
 * noncharacter, the same length, so positions hold) and json_nul_field finds
 * the field that held one, for the import to refuse the record naming it.
 */
#include <cjson/cJSON.h>
#include <stddef.h>

#include "base/buf.h"

/* Returns 0 when s[0..len) holds no \u0000 escape (out untouched); else out gets
 * the text with each as \uffff and the result is 1, or 2 when s holds U+FFFF of
 * its own (then the field cannot be told). */
int json_nul_mark(const char *s, size_t len, struct buf *out);
/* The first field of obj whose string (or one of whose list's strings) holds
 * U+FFFF, or NULL. */
const char *json_nul_field(const cJSON *obj);

#endif
