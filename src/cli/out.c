/* out: tables, JSON, JSON Lines and CSV (see out.h). */
#include "cli/out.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "search/record.h"
#include "text/text.h"

const char *const out_format_names[] = {"table", "json", "jsonl", "csv", NULL};

/* The columns of the letters table; caps keep a row readable, and a terminal's
 * width shrinks the columns with a floor further, title first. */
static const struct out_col letter_cols[] = {
    {"id", OUT_NUM, 8, 0},     {"number", OUT_STR, 12, 0},      {"meeting", OUT_STR, 22, 8},
    {"date", OUT_STR, 10, 0},  {"department", OUT_STR, 32, 10}, {"delegates", OUT_STR, 24, 8},
    {"title", OUT_STR, 60, 12}};
#define LETTER_NCOLS 7

struct table_row {
    char **cell;   /* ncols strings, "-" for none */
    char *snippet; /* rendered snippet line, or NULL */
};

void out_begin(struct out *o, FILE *f, enum out_format format, int search)
{
    memset(o, 0, sizeof *o);
    o->f = f;
    o->format = format;
    o->search = search;
    o->cols = letter_cols;
    o->ncols = LETTER_NCOLS;
    if (format == OUT_JSON)
        fputs("[", f);
    if (format == OUT_CSV) {
        fputs("id", f);
        for (size_t i = 0; i < LETTER_NFIELDS; i++)
            if (!(letter_fields[i].flags & LETTER_NOT_CSV))
                fprintf(f, ",%s", letter_fields[i].name);
        if (search)
            fputs(",snippet,rank", f);
        fputs("\r\n", f);
    }
}

void out_list_begin(struct out *o, FILE *f, enum out_format format, const struct out_col *cols,
                    int ncols)
{
    memset(o, 0, sizeof *o);
    o->f = f;
    o->format = format;
    o->cols = cols;
    o->ncols = ncols;
    o->list = 1;
    if (format == OUT_JSON)
        fputs("[", f);
    if (format == OUT_CSV) {
        for (int c = 0; c < ncols; c++)
            fprintf(f, "%s%s", c ? "," : "", cols[c].name);
        fputs("\r\n", f);
    }
}

/* Writes one JSON value as an array element or a JSON Lines line; frees j. */
static int emit_json(struct out *o, cJSON *j)
{
    char *s = letter_json_print(j, 0);
    cJSON_Delete(j);
    if (!s)
        return -1;
    if (o->format == OUT_JSON)
        fputs(o->rows ? ",\n" : "\n", o->f);
    fputs(s, o->f);
    if (o->format == OUT_JSONL)
        fputc('\n', o->f);
    free(s);
    return 0;
}

/* Writes a CSV row built whole in row. Returns 0, or -1 (nothing written) when
 * a piece of it could not be built. */
static int csv_put(struct out *o, const struct buf *row)
{
    if (buf_failed(row))
        return -1;
    fwrite(row->data, 1, row->len, o->f);
    return 0;
}

int out_json(struct out *o, cJSON *j)
{
    if (!j || emit_json(o, j))
        return o->failed = -1;
    o->rows++;
    return 0;
}

static void csv_field(struct buf *b, const char *s);
static int table_add(struct out *o, const char *const *cells, char *snippet);

int out_list_row(struct out *o, const char *const *cells)
{
    if (o->format == OUT_TABLE) {
        if (table_add(o, cells, NULL))
            return o->failed = -1;
    } else if (o->format == OUT_CSV) {
        struct buf row = BUF_INIT;
        for (int c = 0; c < o->ncols; c++) {
            if (c)
                buf_addch(&row, ',');
            csv_field(&row, cells[c]);
        }
        buf_adds(&row, "\r\n");
        int rc = csv_put(o, &row);
        buf_release(&row);
        if (rc)
            return o->failed = -1;
    } else {
        cJSON *j = cJSON_CreateObject();
        if (!j)
            return o->failed = -1;
        for (int c = 0; c < o->ncols; c++) {
            if (!cells[c])
                cJSON_AddNullToObject(j, o->cols[c].name);
            else if (o->cols[c].type == OUT_NUM)
                cJSON_AddNumberToObject(j, o->cols[c].name, strtod(cells[c], NULL));
            else
                cJSON_AddStringToObject(j, o->cols[c].name, cells[c]);
        }
        if (emit_json(o, j))
            return o->failed = -1;
    }
    o->rows++;
    return 0;
}

static char *joined_delegates(const struct letter *l)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < l->n_delegates; i++) {
        if (i)
            buf_adds(&b, "、");
        buf_adds(&b, l->delegates[i]);
    }
    return buf_detach(&b);
}

/* Appends s as one CSV field (quoted when it holds a comma, quote or line break),
 * with its control and bidirectional characters but line breaks and tabs written
 * as escapes (\x1b, \r, \u202e), as a terminal would show them: a CSV file is
 * read with `cat` and opened in spreadsheets. */
static void csv_field(struct buf *b, const char *s)
{
    if (!s)
        return;
    struct buf esc = BUF_INIT;
    if (utf8_escape(s, strlen(s), UTF8_ESC_KEEP_LINES, &esc) || buf_failed(&esc)) {
        buf_release(&esc);
        buf_fail(b);
        return;
    }
    s = esc.data ? esc.data : "";
    if (!strpbrk(s, ",\"\r\n")) {
        buf_adds(b, s);
        buf_release(&esc);
        return;
    }
    buf_addch(b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            buf_addch(b, '"');
        buf_addch(b, *p);
    }
    buf_addch(b, '"');
    buf_release(&esc);
}

static void csv_int(struct buf *b, long long v)
{
    if (v)
        buf_printf(b, "%lld", v);
}

/* Writes one CSV row: built whole first, then written. Returns 0, or -1 (nothing
 * written) when memory runs out building it. */
static int csv_row(struct out *o, const struct letter *l, const char *snippet, double rank)
{
    struct buf row = BUF_INIT;
    struct buf part = BUF_INIT;
    csv_int(&row, l->id);
    for (size_t i = 0; i < LETTER_NFIELDS; i++) {
        const struct letter_field *fl = &letter_fields[i];
        if (fl->flags & LETTER_NOT_CSV)
            continue;
        buf_addch(&row, ',');
        if (fl->type == LETTER_STR || fl->type == LETTER_JSON) {
            csv_field(&row, letter_get_str(l, fl));
        } else if (fl->type == LETTER_INT) {
            csv_int(&row, letter_get_int(l, fl));
        } else {
            buf_clear(&part);
            if (letter_join(l, fl, "、", &part))
                buf_fail(&row);
            csv_field(&row, part.len ? part.data : NULL);
        }
    }
    if (o->search) {
        buf_addch(&row, ',');
        if (snippet) {
            buf_clear(&part);
            snippet_marks(&part, snippet, 0);
            if (buf_failed(&part))
                buf_fail(&row);
            csv_field(&row, part.data);
            buf_printf(&row, ",%.6f", rank);
        } else {
            buf_addch(&row, ',');
        }
    }
    buf_adds(&row, "\r\n");
    int rc = csv_put(o, &row);
    buf_release(&row);
    buf_release(&part);
    return rc;
}

/* Keeps one table row (copies of the cells; takes snippet). */
static int table_add(struct out *o, const char *const *cells, char *snippet)
{
    if (ARRAY_RESERVE(o->trows, o->atrows, o->ntrows + 1, 16)) {
        free(snippet);
        return -1;
    }
    struct table_row *r = &o->trows[o->ntrows];
    r->cell = calloc((size_t)o->ncols, sizeof *r->cell);
    if (!r->cell) {
        free(snippet);
        return -1;
    }
    /* A cell never drives the terminal nor breaks the table's lines: its control
     * and bidirectional characters are written as escapes (\x1b, \n, \u202e). */
    struct buf esc = BUF_INIT;
    for (int c = 0; c < o->ncols; c++) {
        const char *s = cells[c] && *cells[c] ? cells[c] : "-";
        buf_clear(&esc);
        if (!utf8_escape(s, strlen(s), UTF8_ESC_CONTROLS, &esc) && !buf_failed(&esc) && esc.data)
            s = esc.data;
        else
            s = NULL;
        if (!s || !(r->cell[c] = strdup(s))) {
            buf_release(&esc);
            while (c--)
                free(r->cell[c]);
            free(r->cell);
            free(snippet);
            return -1;
        }
    }
    buf_release(&esc);
    r->snippet = snippet;
    o->ntrows++;
    return 0;
}

int out_letter(struct out *o, const struct letter *l, const char *snippet, double rank)
{
    if (o->format == OUT_CSV) {
        if (csv_row(o, l, snippet, rank))
            return o->failed = -1;
    } else if (o->format == OUT_JSON || o->format == OUT_JSONL) {
        cJSON *j = search_record(l, snippet, rank, o->search);
        if (!j)
            return o->failed = -1;
        int ok = !o->with_similarity ||
                 cJSON_AddNumberToObject(j, "similarity", round(o->similarity * 1000) / 1000);
        if (ok && o->copies > 1) {
            cJSON *c = cJSON_AddObjectToObject(j, "copies");
            ok = c && cJSON_AddNumberToObject(c, "group", (double)o->copy_group) &&
                 cJSON_AddNumberToObject(c, "count", (double)o->copies);
        }
        if (!ok) {
            cJSON_Delete(j);
            return o->failed = -1;
        }
        if (emit_json(o, j))
            return o->failed = -1;
    } else {
        char id[24];
        snprintf(id, sizeof id, "%lld", l->id);
        struct buf meeting = BUF_INIT;
        letter_meeting(l, &meeting);
        char *dels = l->n_delegates ? joined_delegates(l) : NULL;
        struct buf title = BUF_INIT;
        if (o->copies > 1)
            buf_printf(&title, "[%lld copies] ", o->copies);
        if (l->title)
            buf_adds(&title, l->title);
        const char *cells[LETTER_NCOLS] = {id,
                                           l->number,
                                           meeting.data,
                                           l->date,
                                           l->department,
                                           dels,
                                           title.len ? title.data : NULL};
        /* The raw snippet is kept: put_snippet renders it to the column's width. */
        char *snip = snippet ? strdup(snippet) : NULL;
        int whole = !buf_failed(&meeting) && !buf_failed(&title) && (dels || !l->n_delegates);
        int rc = whole ? table_add(o, cells, snip) : (free(snip), -1);
        buf_release(&meeting);
        buf_release(&title);
        free(dels);
        if (rc)
            return o->failed = -1;
    }
    o->rows++;
    return 0;
}

/* Writes s padded or cut to exactly w cells ("…" marks a cut); numbers are
 * right-aligned. */
static void put_cell(FILE *f, const char *s, int w, int pad, int right)
{
    size_t len = strlen(s);
    int sw = text_width(s, len);
    if (sw <= w) {
        if (right)
            for (int i = sw; i < w; i++)
                fputc(' ', f);
        fputs(s, f);
        if (pad && !right)
            for (int i = sw; i < w; i++)
                fputc(' ', f);
        return;
    }
    int used = 0;
    size_t i = 0;
    while (i < len) {
        size_t st = i;
        uint32_t cp = utf8_next(s, len, &i);
        int cw = text_cp_width(cp);
        if (used + cw > w - 1) {
            i = st;
            break;
        }
        used += cw;
    }
    fwrite(s, 1, i, f);
    fputs("…", f);
    used++;
    if (pad)
        for (; used < w; used++)
            fputc(' ', f);
}

/* Prints a snippet cut to w cells (0: no limit), never inside a hit. */
static void put_snippet(FILE *f, const char *snippet, int w, int color)
{
    struct buf b = BUF_INIT;
    snippet_marks_fit(&b, snippet, color, w);
    fputs(b.data, f);
    buf_release(&b);
}

static void table_print(struct out *o)
{
    int n = o->ncols;
    int *w = calloc((size_t)n, sizeof *w);
    if (!w)
        return;
    for (int c = 0; c < n; c++)
        w[c] = text_width(o->cols[c].name, strlen(o->cols[c].name));
    for (size_t r = 0; r < o->ntrows; r++)
        for (int c = 0; c < n; c++) {
            int cw = text_width(o->trows[r].cell[c], strlen(o->trows[r].cell[c]));
            if (cw > w[c])
                w[c] = cw;
        }
    for (int c = 0; c < n; c++)
        if (o->cols[c].cap && w[c] > o->cols[c].cap)
            w[c] = o->cols[c].cap;
    if (o->width > 0) {
        int total = 0;
        for (int c = 0; c < n; c++)
            total += w[c] + 2;
        /* Shrink the shrinkable columns, last first, down to their floors. */
        for (int c = n - 1; c >= 0 && total > o->width; c--) {
            if (!o->cols[c].floor || w[c] <= o->cols[c].floor)
                continue;
            int cut = w[c] - o->cols[c].floor;
            if (cut > total - o->width)
                cut = total - o->width;
            w[c] -= cut;
            total -= cut;
        }
    }
    for (int c = 0; c < n; c++) {
        put_cell(o->f, o->cols[c].name, w[c], c + 1 < n, o->cols[c].type == OUT_NUM);
        fputs(c + 1 < n ? "  " : "\n", o->f);
    }
    for (size_t r = 0; r < o->ntrows; r++) {
        for (int c = 0; c < n; c++) {
            put_cell(o->f, o->trows[r].cell[c], w[c], c + 1 < n, o->cols[c].type == OUT_NUM);
            fputs(c + 1 < n ? "  " : "\n", o->f);
        }
        if (o->trows[r].snippet) {
            fputs("    ", o->f);
            put_snippet(o->f, o->trows[r].snippet, o->width > 4 ? o->width - 4 : 0, o->color);
            fputc('\n', o->f);
        }
    }
    free(w);
}

void out_end(struct out *o)
{
    if (o->format == OUT_JSON)
        fputs(o->rows ? "\n]\n" : "]\n", o->f);
    if (o->format == OUT_TABLE && o->ntrows)
        table_print(o);
    for (size_t r = 0; r < o->ntrows; r++) {
        for (int c = 0; c < o->ncols; c++)
            free(o->trows[r].cell[c]);
        free(o->trows[r].cell);
        free(o->trows[r].snippet);
    }
    free(o->trows);
    o->trows = NULL;
    o->ntrows = o->atrows = 0;
}

/* Appends s with its control characters shown as \n, \x1b (a header field must
 * not drive the terminal nor break the header's lines). */
static void add_escaped(struct buf *b, const char *s)
{
    if (utf8_escape(s, strlen(s), UTF8_ESC_CONTROLS, b))
        buf_fail(b);
}

int out_letter_text(FILE *f, const struct letter *l)
{
    struct buf head = BUF_INIT;
    struct buf list = BUF_INIT;
    buf_printf(&head, "%-12s%lld\n", "id", l->id);
    for (size_t i = 0; i < LETTER_NFIELDS; i++) {
        const struct letter_field *fl = &letter_fields[i];
        if (!fl->show || (!letter_stated(l, fl) && (fl->flags & LETTER_IF_STATED)))
            continue;
        buf_printf(&head, "%-12s", fl->show);
        if (!letter_stated(l, fl)) {
            buf_adds(&head, "-");
        } else if (fl->type == LETTER_STR) {
            add_escaped(&head, letter_get_str(l, fl));
        } else if (fl->type == LETTER_INT) {
            buf_printf(&head, "%d", letter_get_int(l, fl));
        } else {
            buf_clear(&list);
            if (letter_join(l, fl, "、", &list))
                buf_fail(&head);
            if (list.len)
                add_escaped(&head, list.data);
            else
                buf_adds(&head, "-");
        }
        buf_addch(&head, '\n');
    }
    /* the text keeps its lines and tabs; its other controls are escaped */
    buf_addch(&head, '\n');
    const char *text = l->text ? l->text : "";
    if (utf8_escape(text, strlen(text), UTF8_ESC_KEEP_LINES, &head))
        buf_fail(&head);
    buf_addch(&head, '\n');
    int rc = buf_failed(&head) ? -1 : 0;
    if (!rc)
        fwrite(head.data, 1, head.len, f);
    buf_release(&head);
    buf_release(&list);
    return rc;
}

void out_spool_open(struct out_spool *s, FILE *to, int hold)
{
    s->to = to;
    s->data = NULL;
    s->len = 0;
    s->mem = hold ? open_memstream(&s->data, &s->len) : NULL;
    s->f = s->mem ? s->mem : to;
}

/* Ends the memory stream: its bytes to f, then freed. */
static void spool_mem_to(struct out_spool *s, FILE *f)
{
    if (!s->mem)
        return;
    fclose(s->mem); /* (data and len are final now) */
    if (s->len)
        fwrite(s->data, 1, s->len, f);
    free(s->data);
    s->mem = NULL;
    s->data = NULL;
    s->len = 0;
}

FILE *out_spool_room(struct out_spool *s)
{
    if (!s->mem || ftell(s->mem) < (long)OUT_SPOOL_MEM)
        return s->f;
    FILE *file = tmpfile();
    s->f = file ? file : s->to;
    spool_mem_to(s, s->f);
    return s->f;
}

int out_spool_close(struct out_spool *s)
{
    int rc = 0;
    if (s->mem) {
        spool_mem_to(s, s->to);
    } else if (s->f != s->to) {
        char chunk[1 << 16];
        size_t n;
        rc = fflush(s->f) || fseek(s->f, 0, SEEK_SET) ? -1 : 0;
        while (!rc && (n = fread(chunk, 1, sizeof chunk, s->f)) > 0)
            fwrite(chunk, 1, n, s->to);
        if (ferror(s->f))
            rc = -1;
        fclose(s->f);
    }
    s->f = s->to;
    return rc;
}
