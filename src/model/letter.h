#ifndef DAFU_LETTER_H
#define DAFU_LETTER_H
/*
 * struct letter: one reply letter and its fields, the unit that flows from the
 * parser to the database and out as a JSON record.
 *
 * Ownership: a letter owns every string it points to (malloc'd); letter_release
 * frees them all. A field the letter does not state is NULL (strings) or 0
 * (numbers): never guessed.
 */
#include <cjson/cJSON.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/slots.h"

/*
 * The fields of a record, once, in its order: the JSON record (after "id"), the
 * CSV columns, the header of `dafu show` and the columns of table reply, which
 * have the fields' names. F(name, TYPE, flags, show):
 *   TYPE  STR: char *name, NULL when not stated
 *         INT: int name, 0 when not stated
 *         LIST: char **name and size_t n_name, strings in order (one column
 *               joined with 、, and rows of a table of their own)
 *         JSON: char *name, a JSON object's text (an object in the record),
 *               NULL when not known
 *   flags LETTER_EXPECTED: a letter normally states it; the parser reports
 *                          it missing (dafu import -v) when it finds none
 *         LETTER_DERIVED: computed from the others, never read from a record
 *         LETTER_BYTES: may hold a file name's raw bytes, read back as UTF-8
 *         LETTER_IF_STATED: `dafu show` prints it only when stated
 *         LETTER_NOT_CSV: not a CSV column
 *   show  its label in the header of `dafu show`, NULL: not there
 * A new field is one line here and a migration (schema/NNN_name.sql) that adds
 * its column; the parser's rule that finds it, and its place on the web page of
 * a reply, are written by hand.
 */
#define LETTER_FIELDS(F)                                                                           \
    F(body, STR, LETTER_EXPECTED, "body")             /* vocab.h */                                \
    F(level, STR, LETTER_EXPECTED, "level")           /* 全国 省 市 县 区 镇 */             \
    F(region, STR, LETTER_EXPECTED, "region")         /* 湖南省, 马关县 */                   \
    F(term, INT, LETTER_EXPECTED, "term")             /* 届 */                                    \
    F(session, INT, LETTER_EXPECTED, "session")       /* 次 */                                    \
    F(kind, STR, LETTER_EXPECTED, "kind")             /* 建议 议案 提案 (vocab.h) */         \
    F(number, STR, LETTER_EXPECTED, "number")         /* as written: "0831", "台52" */            \
    F(department, STR, LETTER_EXPECTED, "department") /* the replying body, as written */          \
    F(delegates, LIST, LETTER_EXPECTED, "delegates")  /* proposers as written, lead first */       \
    F(delegate_count, INT, LETTER_IF_STATED, "count") /* a stated count (等13位代表) */        \
    F(title, STR, LETTER_EXPECTED, "title")           /* proposal title without 《》 */          \
    F(doc_number, STR, LETTER_EXPECTED, "doc_number") /* 文号 as written */                      \
    F(date, STR, LETTER_EXPECTED, "date")             /* YYYY-MM-DD */                             \
    F(category, STR, LETTER_EXPECTED, "category")     /* A B C (vocab.h) */                        \
    F(text, STR, 0, NULL)                             /* the letter with page chrome removed */    \
    F(source, STR, LETTER_BYTES, "source")            /* path or URL */                            \
    F(sha256, STR, LETTER_DERIVED, NULL)              /* hex digest of the normalized text */      \
    F(evidence, JSON, LETTER_NOT_CSV, NULL)           /* where the parser read each field */

enum letter_type { LETTER_STR, LETTER_INT, LETTER_LIST, LETTER_JSON };
enum letter_flags {
    LETTER_EXPECTED = 1,
    LETTER_DERIVED = 2,
    LETTER_BYTES = 4,
    LETTER_IF_STATED = 8,
    LETTER_NOT_CSV = 16
};

#define LETTER_MEMBER_STR(name) char *name;
#define LETTER_MEMBER_INT(name) int name;
#define LETTER_MEMBER_JSON(name) char *name;
#define LETTER_MEMBER_LIST(name)                                                                   \
    char **name;                                                                                   \
    size_t n_##name;
#define LETTER_MEMBER(name, type, flags, show) LETTER_MEMBER_##type(name)

struct letter {
    long long id; /* database id, 0 before it is stored */
    LETTER_FIELDS(LETTER_MEMBER)
    char *imported_at; /* ISO 8601 UTC, as read back (stored as seconds, schema 063) */
    /* Read back from the archive: its evidence no longer matches the text (another
     * tool changed the text) and is left NULL rather than give other lines. */
    int evidence_stale;
};

/* LETTER_F_body, LETTER_F_level, ...: a field's index in letter_fields. */
#define LETTER_ENUM(name, type, flags, show) LETTER_F_##name,
enum letter_field_id { LETTER_FIELDS(LETTER_ENUM) LETTER_NFIELDS };

/* One field, as LETTER_FIELDS describes it, with its place in struct letter. */
struct letter_field {
    const char *name; /* the key in the JSON record, the CSV column, the table column */
    enum letter_type type;
    int flags;        /* LETTER_EXPECTED ... */
    const char *show; /* its label in `dafu show`, or NULL */
    size_t off;       /* offsetof(struct letter, name) */
    size_t count_off; /* LETTER_LIST: offsetof(struct letter, n_name) */
};
extern const struct letter_field letter_fields[LETTER_NFIELDS];

/* A field of l: a string field's place (LETTER_STR and LETTER_JSON), an int's
 * (LETTER_INT), a list's items and count (LETTER_LIST). */
char **letter_str(struct letter *l, const struct letter_field *f);
const char *letter_get_str(const struct letter *l, const struct letter_field *f);
int *letter_int(struct letter *l, const struct letter_field *f);
int letter_get_int(const struct letter *l, const struct letter_field *f);
size_t letter_get_list(const struct letter *l, const struct letter_field *f, char *const **items);
/* Does l state field f (a string, a number other than 0, a list not empty)? */
int letter_stated(const struct letter *l, const struct letter_field *f);
/* Appends the items of list field f, separated by sep, to out. Returns 0 or -1. */
int letter_join(const struct letter *l, const struct letter_field *f, const char *sep,
                struct buf *out);

/* Do a and b read the same: the fields a letter states (LETTER_EXPECTED and
 * LETTER_IF_STATED) and the evidence of each, equal one by one? Their text,
 * source, hash and ids are not compared. Returns 1 or 0. */
int letter_same_fields(const struct letter *a, const struct letter *b);

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
/* The most proposers a letter may list: a record with more is refused; a
 * letter's text naming more keeps the first ones, and the import says so. */
#define LETTER_MAX_DELEGATES 10000
/* Proposers added one at a time, each once, in linear time: a hash set of their
 * places in the letter's list. Initialise with DELEGATE_SET_INIT; use it with one
 * letter only, and add that letter's proposers through it alone. */
struct delegate_set {
    struct slots names; /* over l->delegates */
};
#define DELEGATE_SET_INIT                                                                          \
    {                                                                                              \
        SLOTS_INIT                                                                                 \
    }
/* Appends name[0..len) (copied) to l unless it is there. Returns 1 when added, 0
 * when it was there, -1 out of memory. */
int delegate_set_add(struct delegate_set *s, struct letter *l, const char *name, size_t len);
void delegate_set_release(struct delegate_set *s);
/* Computes l->sha256 from the normalized text. Returns 0 or -1. */
int letter_hash(struct letter *l);

/* Builds the JSON record (fields in the documented order, absent ones null).
 * The caller frees the result with cJSON_Delete. NULL on allocation failure. */
cJSON *letter_to_json(const struct letter *l);
/* Prints j (formatted: indented) as cJSON does, with DEL, C1 and bidirectional
 * characters in strings written as \uHHHH too (json_escape_controls), so the JSON
 * is safe to print on a terminal. Returns a string to free, or NULL. */
char *letter_json_print(const cJSON *j, int formatted);
/* Adds the strings v[0..n) to o as the array `key` (the records' lists).
 * Returns 0, or -1 when memory runs out. */
int json_add_strings(cJSON *o, const char *key, char *const *v, size_t n);
/* Fills l (initialised, empty) from a JSON record. Unknown keys are ignored; a key
 * of the wrong type is an error naming the key. Returns 0 or -1 with d set. */
int letter_from_json(struct letter *l, const cJSON *obj, struct diag *d);

/* Normalized look-up key of a proposal number: full-width folded, 第/号 and spaces
 * removed, leading zeros of the digits dropped ("第０８３１号" -> "831", "台052" -> "台52").
 * Returns a malloc'd string or NULL for NULL/empty input. */
char *letter_number_key(const char *number);
/* The integer value of the number's last digit run, or -1 when there is none; of a
 * list of numbers ("12、15", a reply to several proposals) or a range ("12至15"),
 * the first one's. */
long long letter_number_int(const char *number);
/* The most numbers a range in a number may cover ("12至15": 4) to be read as one:
 * a reply answers a few proposals on one theme at once, the lists the parser reads
 * hold at most forty, and a wider "range" is a misreading (a serial, a phone
 * number) that would otherwise answer every look-up of a number inside it. */
#define LETTER_RANGE_SPAN 100
/* 1 when the number key `key` (letter_number_key) names the number whose key is q:
 * it is q, or one of its list's numbers is ("12、15"), or a range of it covers q
 * ("12至15", "12-15", "a12-a15" cover 13 and a13: the ends with one prefix, the
 * first below the last, at most LETTER_RANGE_SPAN numbers); else 0. */
int letter_number_names(const char *key, const char *q);

/* The meeting in short: 湖南省人大14届1次, "" when the letter names none. */
void letter_meeting(const struct letter *l, struct buf *out);

#endif
