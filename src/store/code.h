#ifndef DAFU_CODE_H
#define DAFU_CODE_H
/*
 * code: each letter's fields of the groupings as small numbers, packed 1,024
 * letters a row of reply_code, and the values those numbers stand for in
 * facet_name (schema 046), so that the statistics of a search add up its hits
 * from one read of each 1,024 letters they fall in rather than from each hit's
 * row and links.
 */
#include <sqlite3.h>

#include "base/diag.h"
#include "store/db.h"

#define CODE_BITS 10
#define CODE_PER_ROW (1 << CODE_BITS)
#define CODE_BYTES 21 /* a letter's record: its values (18 bytes), then where its proposers are */
#define CODE_VALUES 18
#define CODE_FIXED (CODE_BYTES * CODE_PER_ROW)

/* Where a record's values are (3 bytes, the lowest first: the department, its
 * key, the region, the date and where the proposers are; 1 byte: the others). */
enum {
    CODE_AT_DEP = 0,
    CODE_AT_DKEY = 3,
    CODE_AT_REGION = 6,
    CODE_AT_BODY = 9,
    CODE_AT_KIND = 10,
    CODE_AT_CATEGORY = 11,
    CODE_AT_TERM = 12,
    CODE_AT_SESSION = 13,
    CODE_AT_DATE = 14,
    CODE_AT_FLAGS = 17,
    CODE_AT_LIST = 18
};

/* A value of 3 bytes of a record. */
static inline unsigned code_u24(const unsigned char *p)
{
    return p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16;
}

/* The fields facet_name numbers (its column dim). */
enum code_dim {
    CODE_DEPARTMENT = 1,
    CODE_DEPARTMENT_KEY,
    CODE_REGION,
    CODE_BODY,
    CODE_KIND,
    CODE_CATEGORY
};

/* The flag byte of a record. */
#define CODE_KEPT 1 /* the letter is kept */
#define CODE_ROWS 2 /* a value the record cannot hold: read the letter's row */

/* A letter's record, read back. */
struct code_rec {
    unsigned dep, dkey, region;    /* facet_name codes, 0: none */
    unsigned body, kind, category; /* the same */
    unsigned term, session;        /* 0: none */
    unsigned date;                 /* year * 512 + month * 32 + day, 0: none */
    unsigned flags;
    unsigned list; /* where its proposers are, from the end of the records */
};

/* Reads the record of letter (id & 1023) of row blob `row` (CODE_FIXED bytes
 * at least). */
void code_get(const unsigned char *row, long long id, struct code_rec *r);
/* Reads the record of CODE_BYTES bytes at p. */
void code_rec_read(const unsigned char *p, struct code_rec *r);
/* A date as code_rec holds it ("YYYY-MM-DD" with digits, a month up to 15, a
 * day up to 31), or -1 for another text. */
long code_date(const char *s);

/* Registers dafu_code_pack(id, department, department_key, region, body, kind,
 * category (their codes: 0 none, -1 not numbered), term, session, date,
 * proposers' ids joined by ','), the aggregate schema 046 fills reply_code
 * with. Returns an SQLite result code. */
int code_register(sqlite3 *sql);
/* Writes the records of the replies reply_uncounted holds (before it is
 * emptied: db_count_pending), numbering new values. Returns 0 or -1 with d set. */
int code_store_pending(struct db *db, struct diag *d);
/* Clears the record of reply id (deleted). Returns 0 or -1 with d set. */
int code_forget(struct db *db, long long id, struct diag *d);
/* Compares every reply's record and proposers with its row and links, and
 * that no other letter is kept. Returns 0, or -1 with d set (naming the first
 * that differs). */
int code_check(struct db *db, struct diag *d);

#endif
