#ifndef DAFU_OUT_H
#define DAFU_OUT_H
/*
 * out: letters rendered for people and programs: an aligned terminal table
 * (widths by East Asian Width), JSON (one array), JSON Lines, CSV (RFC 4180) and
 * the plain text of one letter.
 *
 * A struct out collects rows (the table needs all widths before it prints) and
 * writes them to its FILE on out_end. Snippets carry hits between \x01 and \x02;
 * on a colour terminal they become bold red, elsewhere « and ».
 */
#include <stdio.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "model/letter.h"

enum out_format { OUT_TABLE, OUT_JSON, OUT_JSONL, OUT_CSV };
extern const char *const out_format_names[]; /* "table", "json", "jsonl", "csv", NULL */

enum out_type { OUT_STR, OUT_NUM };

/* A column of a listing. */
struct out_col {
    const char *name;   /* header, and the key in JSON */
    enum out_type type; /* numbers are right-aligned and JSON numbers */
    int cap;            /* widest it gets in the table, 0 = no cap */
    int floor;          /* a narrow terminal may shrink it down to this, 0 = never */
};

struct out {
    FILE *f;
    enum out_format format;
    int color;                  /* ANSI colour for hits */
    int width;                  /* terminal width for the table, 0 = no limit */
    int search;                 /* records carry snippet and rank */
    const struct out_col *cols; /* the table's columns */
    int ncols;
    int list; /* a listing (out_list_begin), not letters */
    long rows;
    /* Set before out_letter, for that letter: its copies (count > 1: JSON
     * records carry "copies", the table says how many), its similarity
     * (JSON records carry "similarity" when with_similarity is set). */
    long long copy_group, copies;
    int with_similarity;
    double similarity;
    int failed; /* -1 once a row could not be built (out of memory): the output lacks it */
    struct table_row *trows; /* table rows kept until out_end */
    size_t ntrows;
    size_t atrows;
};

void out_begin(struct out *o, FILE *f, enum out_format format, int search);
/* Adds one letter. Returns 0, or -1 on allocation failure (and o->failed is set):
 * a row is written whole or not at all. */
int out_letter(struct out *o, const struct letter *l, const char *snippet, double rank);
/* Finishes the output (the table is printed here) and frees what it kept. */
void out_end(struct out *o);

/* Starts a listing of rows with the given columns (delegates, departments,
 * statistics). cols must outlive the struct out. */
void out_list_begin(struct out *o, FILE *f, enum out_format format, const struct out_col *cols,
                    int ncols);
/* Adds one row: ncols cells, NULL for none; numeric cells are decimal strings.
 * Returns 0, or -1 on allocation failure (and o->failed is set). */
int out_list_row(struct out *o, const char *const *cells);

/* Adds one JSON value (a listing's record in JSON or JSON Lines); takes j, which
 * may be NULL when building it failed. Returns 0, or -1 on allocation failure
 * (and o->failed is set). */
int out_json(struct out *o, cJSON *j);

/* Writes one letter in full, fields then text. Returns 0, or -1 (nothing
 * written) when memory runs out. */
int out_letter_text(FILE *f, const struct letter *l);

/* An output held back while the archive is read, and written once its read
 * transaction has ended: a reader that holds one while a slow pipe or a pager
 * takes its output (dafu search ... | less) keeps every writer out meanwhile
 * (an import waits, up to its 10 minutes). In memory up to OUT_SPOOL_MEM bytes,
 * then in a temporary file; where none can be made, written to `to` from there
 * on, as it comes. */
struct out_spool {
    FILE *to;  /* where it goes */
    FILE *f;   /* where it is written now: mem, a temporary file, or to */
    FILE *mem; /* open_memstream over data and len, or NULL */
    char *data;
    size_t len;
};
#define OUT_SPOOL_MEM (4u << 20)
/* Starts holding what is written to s->f back from `to`; with hold 0 it is
 * written to `to` as it comes (a table, whose rows wait for out_end anyway). */
void out_spool_open(struct out_spool *s, FILE *to, int hold);
/* Between rows: past OUT_SPOOL_MEM bytes in memory, moves them to a temporary
 * file (or writes them to `to`). Returns s->f, where to write next. */
FILE *out_spool_room(struct out_spool *s);
/* Writes what s holds to `to` and lets it go. Returns 0, or -1 when reading
 * back the temporary file failed. */
int out_spool_close(struct out_spool *s);

#endif
