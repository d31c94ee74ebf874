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

#include "buf.h"
#include "letter.h"

enum out_format { OUT_TABLE, OUT_JSON, OUT_JSONL, OUT_CSV };
extern const char *const out_format_names[]; /* "table", "json", "jsonl", "csv", NULL */

struct out {
    FILE *f;
    enum out_format format;
    int color;        /* ANSI colour for hits */
    int width;        /* terminal width for the table, 0 = no limit */
    int search;       /* records carry snippet and rank */
    int with_text;    /* table rows show the letter's text (never for search) */
    long rows;
    struct table_row *trows; /* table rows kept until out_end */
    size_t ntrows;
    size_t atrows;
};

void out_begin(struct out *o, FILE *f, enum out_format format, int search);
/* Adds one letter. Returns 0 or -1 on allocation failure. */
int out_letter(struct out *o, const struct letter *l, const char *snippet, double rank);
/* Finishes the output (the table is printed here) and frees what it kept. */
void out_end(struct out *o);

/* Appends snippet to b with its \x01 \x02 hit markers replaced: bold red colour
 * codes when color is set, else « and »; line breaks and tabs become spaces. */
void out_marks(struct buf *b, const char *snippet, int color);
/* As out_marks, cut to at most max_cells terminal cells (0: no limit) with "…" where
 * it is cut. The cut never falls inside a hit: a hit that does not fit whole is
 * left out, so no partial hit is ever shown marked. */
void out_marks_fit(struct buf *b, const char *snippet, int color, int max_cells);

/* Writes one letter in full, fields then text. */
void out_letter_text(FILE *f, const struct letter *l);

#endif
