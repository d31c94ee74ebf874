#ifndef DAFU_PARSE_TITLE_H
#define DAFU_PARSE_TITLE_H
/*
 * What the two files of the proposal's title share: title.c reads the quoted
 * titles, the opening sentence's and a form's, and orders the search;
 * title_header.c reads the unquoted titles a header names.
 */
#include <stddef.h>

#include "import/parse/parse_int.h"

/* title.c */
/* Takes cp[a..b), trimmed, for the title, a summary of several proposals as null;
 * 1 when it was taken. */
int set_title(struct letter *l, const struct ctext *t, size_t a, size_t b);
/* Where a proposal's number in brackets that ends the title [a, e) begins, or e. */
size_t number_bracket_start(const struct ctext *t, size_t a, size_t e);

/* title_header.c */
/* "关于加强村道建设的建议的答复": the title a header [a, b) names with its kind word. */
int find_header_title(const struct ctext *t, size_t a, size_t b, struct letter *l);
/* "(关于修缮村道的建议)", "——关于…的建议", or alone on a line of the header region. */
int find_apart_title(const struct ctext *t, size_t a, size_t b, struct letter *l);
/* "关于加快农村供水提质增效的答复": the subject a header names with no kind word. */
int find_kindless_title(const struct ctext *t, size_t a, size_t b, struct letter *l);

#endif
