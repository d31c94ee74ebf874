#ifndef DAFU_JSON_RECORDS_H
#define DAFU_JSON_RECORDS_H
/*
 * json_records: the import's JSON side. A file of records is one JSON array
 * of objects, one object, or one object a line (JSON Lines); each object is
 * checked (UTF-8, no \u0000 cutting a field) and handed to the put callback
 * as a struct letter. Errors say where: res->line and res->col.
 */
#include <cjson/cJSON.h>
#include <stddef.h>

#include "base/diag.h"
#include "import/import.h"

struct json_ctx {
    import_put_cb put;
    void *ctx;
    struct import_result *res;
    int nul; /* the text held \u0000, parsed as U+FFFF (nul_mark) */
    /* Records that are not dafu's (no 'text': a list of labels, a page's data)
     * seen before any that is: a file of only such records is not letters
     * (res->foreign), while one such record among letters is refused as bad. */
    long records;      /* dafu records handed on */
    long bad_line;     /* where the first record that is not dafu's stands, or 0 */
    char bad_msg[160]; /* and what letter_from_json says of it */
};

/* The first character after a UTF-8 byte order mark and white space, or 0. */
char json_first_char(const char *s, size_t len);
/* Line and column (in characters) of `where` in text, whose first byte is on
 * line `line0`, column 1. */
void json_locate(const char *text, const char *where, long line0, long *line, long *col);
/* One JSON value spanning text[0..len): an array of records or one record. */
int json_value(struct json_ctx *j, const char *text, size_t len, struct diag *d);
/* One line of JSON Lines, without its '\n'. Returns 0, -1 with d set, or -2 when
 * it is line 1 and breaks off unfinished (a record spread over several lines). */
int json_line(struct json_ctx *j, const char *s, size_t len, long line, struct diag *d);
/* A whole buffer of records: an array, one object, or one object a line. */
int json_buffer(struct json_ctx *j, const char *text, size_t len, struct diag *d);

#endif
