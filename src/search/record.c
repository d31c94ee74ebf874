/* record: a hit as a JSON record, and snippets rendered (see record.h). */
#include "search/record.h"

#include <math.h>
#include <string.h>

#include "text/text.h"

/* Appends one snippet character: white space as ' ', with `escape` another control
 * or bidirectional character as its escape (\x1b, \u202e). */
static void mark_char(struct buf *b, const char *p, size_t n, int escape)
{
    if (n == 1 && (*p == '\n' || *p == '\r' || *p == '\t'))
        buf_addch(b, ' ');
    else if (escape)
        utf8_escape(p, n, UTF8_ESC_CONTROLS, b);
    else
        buf_add(b, p, n);
}

/* The cells mark_char's output for the character at p takes (escaped). */
static int mark_cells(const char *p, size_t n, uint32_t cp)
{
    if (n == 1 && (*p == '\n' || *p == '\r' || *p == '\t'))
        return 1;
    if (text_cp_control(cp))
        return cp < 0x80 ? 4 : 6; /* \x1b, \u202e */
    return text_cp_width(cp);
}

static void render(struct buf *b, const char *snippet, int color, int max_cells, int escape);

void snippet_marks(struct buf *b, const char *snippet, int color)
{
    render(b, snippet, color, 0, 0);
}

void snippet_marks_fit(struct buf *b, const char *snippet, int color, int max_cells)
{
    render(b, snippet, color, max_cells, 1);
}

static void render(struct buf *b, const char *snippet, int color, int max_cells, int escape)
{
    const char *open = color ? "\x1b[1;31m" : "«";
    const char *close = color ? "\x1b[0m" : "»";
    size_t len = strlen(snippet);
    /* Without colour the markers take cells too. */
    int open_cells = color ? 0 : 1;
    int close_cells = color ? 0 : 1;
    size_t cut = len; /* where the text stops: the end, or before a hit that does not fit */
    if (max_cells > 0) {
        /* Room for the "…" that marks the cut; a hit goes in whole or not at all. */
        int room = max_cells - 1;
        int used = 0;
        size_t hit_start = 0;
        int inside = 0;
        size_t i = 0;
        while (i < len) {
            if (snippet[i] == '\x01') {
                inside = 1;
                hit_start = i;
                used += open_cells + close_cells;
                i++;
                continue;
            }
            if (snippet[i] == '\x02') {
                inside = 0;
                i++;
                continue;
            }
            size_t st = i;
            uint32_t cp = utf8_next(snippet, len, &i);
            int cw = mark_cells(snippet + st, i - st, cp);
            if (used + cw > room) {
                cut = inside ? hit_start : st;
                break;
            }
            used += cw;
        }
    }
    size_t i = 0;
    while (i < cut) {
        if (snippet[i] == '\x01') {
            buf_adds(b, open);
            i++;
        } else if (snippet[i] == '\x02') {
            buf_adds(b, close);
            i++;
        } else {
            size_t st = i;
            utf8_next(snippet, len, &i);
            mark_char(b, snippet + st, i - st, escape);
        }
    }
    if (cut < len)
        buf_adds(b, "…");
}

cJSON *search_record(const struct letter *l, const char *snippet, double rank, int search)
{
    cJSON *o = letter_to_json(l);
    if (o && search) {
        if (snippet) {
            struct buf b = BUF_INIT;
            snippet_marks(&b, snippet, 0);
            if (buf_failed(&b)) {
                buf_release(&b);
                cJSON_Delete(o);
                return NULL; /* out of memory, as letter_to_json says */
            }
            int ok = cJSON_AddStringToObject(o, "snippet", b.data) &&
                     cJSON_AddNumberToObject(o, "rank", rank);
            buf_release(&b);
            if (!ok) {
                cJSON_Delete(o);
                return NULL;
            }
        } else if (!cJSON_AddNullToObject(o, "snippet") || !cJSON_AddNullToObject(o, "rank")) {
            cJSON_Delete(o);
            return NULL;
        }
    }
    return o;
}

cJSON *boilerplate_record(const struct boilerplate *g)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddNumberToObject(o, "size", (double)g->size) ||
        !cJSON_AddNumberToObject(o, "similarity", round(g->similarity * 1000) / 1000) ||
        json_add_strings(o, "departments", g->departments, g->ndepartments) ||
        json_add_strings(o, "years", g->years, g->nyears) ||
        json_add_strings(o, "delegates", g->delegates, g->ndelegates))
        goto oom;
    cJSON *ids = cJSON_AddArrayToObject(o, "ids");
    if (!ids)
        goto oom;
    for (size_t i = 0; i < g->size; i++) {
        cJSON *n = cJSON_CreateNumber((double)g->ids[i]);
        if (!n || !cJSON_AddItemToArray(ids, n)) {
            cJSON_Delete(n);
            goto oom;
        }
    }
    return o;
oom:
    cJSON_Delete(o);
    return NULL;
}
