#ifndef DAFU_LETTER_H
#define DAFU_LETTER_H
/*
 * struct letter: one reply letter and its fields, the unit that flows from the
 * parser to the database and out as a JSON record.
 *
 * Ownership: a letter owns every string it points to (malloc'd); letter_release
 * frees them all. A field the letter does not state is NULL (strings) or 0
 * (term, session, delegate_count): never guessed.
 */
#include <cjson/cJSON.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"

struct letter {
    long long id;     /* database id, 0 before it is stored */
    char *body;       /* 人大 or 政协 */
    char *level;      /* 全国 省 市 县 区 镇 */
    char *region;     /* 湖南省, 马关县 */
    int term;         /* 届, 0 = not stated */
    int session;      /* 次, 0 = not stated */
    char *kind;       /* 建议 议案 提案 */
    char *number;     /* as written: "0831", "台52" */
    char *department; /* the replying body, as written */
    char **delegates; /* proposers as written, lead first */
    size_t n_delegates;
    int delegate_count; /* stated count (等13位代表), 0 = not stated */
    char *title;        /* proposal title without 《》 */
    char *doc_number;   /* 文号 as written */
    char *date;         /* YYYY-MM-DD */
    char *category;     /* A B C */
    char *text;         /* the letter with page chrome removed */
    char *source;       /* path or URL */
    char *sha256;       /* hex digest of the normalized text */
    char *imported_at;  /* ISO 8601 UTC, set by the database */
    char *evidence;     /* JSON object: field -> {"from", "line"}, where the parser read
                           each field; NULL when not known */
};

/* The string fields of a record with their place in struct letter, in record
 * order: first the LETTER_PARSED_STRS fields the parser reads from a letter's
 * header and signature, then text and source. */
struct letter_str_field {
    const char *key; /* the key in the JSON record */
    size_t off;      /* offsetof(struct letter, ...), a char * */
};
#define LETTER_PARSED_STRS 10
#define LETTER_STRS 12
extern const struct letter_str_field letter_strs[LETTER_STRS];

void letter_init(struct letter *l);
/* Frees every field and re-initialises. Accepts an initialised, empty letter. */
void letter_release(struct letter *l);
/* Replaces *field with a copy of s[0..len) (NULL s clears it). Returns 0 or -1. */
int letter_set(char **field, const char *s, size_t len);
/* Appends a proposer (copied). Returns 0 or -1. */
int letter_add_delegate(struct letter *l, const char *name, size_t len);
/* Appends a proposer known to be new (read back from the archive), in amortized
 * constant time. Returns 0 or -1. */
int letter_push_delegate(struct letter *l, const char *name, size_t len);
/* The most proposers a letter may list: a record with more is refused. */
#define LETTER_MAX_DELEGATES 10000
/* Computes l->sha256 from the normalized text. Returns 0 or -1. */
int letter_hash(struct letter *l);

/* Builds the JSON record (fields in the documented order, absent ones null).
 * The caller frees the result with cJSON_Delete. NULL on allocation failure. */
cJSON *letter_to_json(const struct letter *l);
/* Fills l (initialised, empty) from a JSON record. Unknown keys are ignored; a key
 * of the wrong type is an error naming the key. Returns 0 or -1 with d set. */
int letter_from_json(struct letter *l, const cJSON *obj, struct diag *d);

/* Normalized look-up key of a proposal number: full-width folded, 第/号 and spaces
 * removed, leading zeros of the digits dropped ("第０８３１号" -> "831", "台052" -> "台52").
 * Returns a malloc'd string or NULL for NULL/empty input. */
char *letter_number_key(const char *number);
/* The integer value of the number's last digit run, or -1 when there is none. */
long long letter_number_int(const char *number);

/* The meeting in short: 湖南省人大14届1次, "" when the letter names none. */
void letter_meeting(const struct letter *l, struct buf *out);

#endif
