#ifndef DAFU_RECORD_H
#define DAFU_RECORD_H
/*
 * record: a search hit for programs and people, shared by the command line and the
 * web: the JSON record of a letter with its snippet and rank, and snippets (hits
 * between \x01 and \x02) rendered with « » or terminal colour.
 */
#include <cjson/cJSON.h>

#include "base/buf.h"
#include "model/letter.h"
#include "search/similar_query.h"

/* Appends snippet to b with its \x01 \x02 hit markers replaced: bold red colour
 * codes when color is set, else « and »; line breaks and tabs become spaces. */
void snippet_marks(struct buf *b, const char *snippet, int color);
/* As snippet_marks for a terminal: control and bidirectional characters written
 * as escapes (\x1b, \u202e), cut to at most max_cells terminal cells (0: no limit)
 * with "…" where it is cut. The cut never falls inside a hit: a hit that does not
 * fit whole is left out, so no partial hit is ever shown marked. */
void snippet_marks_fit(struct buf *b, const char *snippet, int color, int max_cells);

/* The JSON record of one letter (letter_to_json); with search set, plus "snippet"
 * (hits marked « and ») and "rank", both null when snippet is NULL. The caller
 * frees it with cJSON_Delete. NULL on allocation failure. */
cJSON *search_record(const struct letter *l, const char *snippet, double rank, int search);

/* The JSON record of a group of replies sharing their text (dafu boilerplate,
 * /api/boilerplate): size, similarity (to 3 decimals), departments, years,
 * delegates, ids. The caller frees it with cJSON_Delete. NULL on allocation
 * failure, never a record with a piece missing. */
cJSON *boilerplate_record(const struct boilerplate *g);

#endif
