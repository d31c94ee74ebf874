#ifndef DAFU_VOCAB_H
#define DAFU_VOCAB_H
/*
 * vocab: the words the closed fields of a letter take, each list written once.
 * Every list ends with NULL and is in the order people list them (and menus,
 * messages and checks show them).
 */

/* kind: what was proposed. 建议 and 议案 go to a People's Congress, 提案 to a
 * CPPCC. */
extern const char *const vocab_kinds[]; /* 建议 议案 提案 */
/* body: who the proposer sits in. */
extern const char *const vocab_bodies[];      /* 人大 政协 党代会 */
enum { VOCAB_NPC, VOCAB_CPPCC, VOCAB_PARTY }; /* their indexes: 人大, 政协, 党代会 */
/* category: the outcome a department reports (A solved or adopted, B in hand
 * or planned, C explained or not possible now). */
extern const char *const vocab_categories[]; /* A B C */

/* The index of s in the NULL-terminated list, or -1. */
int vocab_index(const char *const *list, const char *s);

/* The body a kind belongs to: 政协 for 提案, 人大 for the others; NULL for NULL. */
const char *vocab_body_of_kind(const char *kind);

#endif
