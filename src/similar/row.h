#ifndef DAFU_SIMILAR_ROW_H
#define DAFU_SIMILAR_ROW_H
/*
 * row: the fields of a stored reply that the comparison (similar.c) reads: its
 * text, shingled again to verify a candidate, and what decides whether two
 * letters are copies of one (its date and proposers).
 */
#include <sqlite3.h>

#include "similar/similar.h"

struct row {
    char *text, *title, *delegates, *number_key, *department_key, *date;
};

/* Reads reply id's fields by st (SELECT text, title, delegates, number_key,
 * department_key, date FROM reply WHERE id = ?1; reset after each use): 1
 * when found, else 0. */
int row_read(sqlite3_stmt *st, long long id, struct row *r);
void row_release(struct row *r);
/* Its shingles: the text without the proposers (joined by 、) and the title,
 * as sim_letter_shingles_raw cuts them from the letter (every proposer, then
 * the title); sorted (a set) or not (what the import signs). Returns 0 or -1
 * (out of memory). */
int row_shingles(const struct row *r, struct sim_set *out, int sorted);
/* Are two replies scoring score copies of one letter (from SIM_COPY, the same
 * date and a proposer in common where both state them)? */
int row_copies(const struct row *a, const struct row *b, double score);

#endif
