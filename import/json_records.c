/* json_records: JSON records into letters (see json_records.h). */
#include "import/json_records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "import/html.h"
#include "import/json_letter.h"
#include "import/json_nul.h"
#include "import/parse/letter_parse.h"
#include "model/letter.h"
#include "text/text.h"

/* The first character after a UTF-8 byte order mark and white space, or 0. */
char json_first_char(const char *s, size_t len)
{
    size_t i = 0;
    if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && strchr(" \t\r\n", s[i]) && s[i])
        i++;
    return i < len ? s[i] : 0;
}

/* Line and column (in characters) of `where` in text, whose first byte is on
 * line `line0`, column 1. */
void json_locate(const char *text, const char *where, long line0, long *line, long *col)
{
    *line = line0;
    const char *ls = text;
    for (const char *p = text; p < where; p++)
        if (*p == '\n') {
            ++*line;
            ls = p + 1;
        }
    *col = 1;
    size_t n = (size_t)(where - ls);
    size_t i = 0;
    while (i < n) {
        utf8_next(ls, n, &i);
        ++*col;
    }
}

/* "invalid JSON near '...'" for an error at `where` in text[0..len). */
static int json_syntax_error(const char *text, size_t len, const char *where, long line0,
                             struct import_result *res, struct diag *d)
{
    if (!where || where < text || where > text + len)
        where = text + len;
    /* cJSON points at the last byte when the input ends inside a value. */
    size_t last = len;
    while (last && strchr(" \t\r\n", text[last - 1]))
        last--;
    int too_soon = where + 1 >= text + last && (!last || !strchr("}]", text[last - 1]));
    while (where > text && ((unsigned char)*where & 0xC0) == 0x80)
        where--;
    /* cJSON points after the opening quote of a string that never closes. */
    if (where > text && where[-1] == '"' && !memchr(where, '"', (size_t)(text + len - where))) {
        json_locate(text, where - 1, line0, &res->line, &res->col);
        return diag_error(d, "invalid JSON: a string that does not end");
    }
    json_locate(text, where, line0, &res->line, &res->col);
    /* Show up to 16 characters from there, on the same line. */
    size_t rest = (size_t)(text + len - where);
    size_t i = 0;
    for (int k = 0; k < 16 && i < rest && where[i] != '\n' && where[i] != '\r'; k++)
        utf8_next(where, rest, &i);
    if (too_soon || !i)
        return diag_error(d, "invalid JSON: it ends too soon");
    return diag_error(d, "invalid JSON near '%.*s'", (int)i, where);
}

/* Checks text[0..len) is UTF-8, else says where it is not. */
static int json_utf8(const char *text, size_t len, long line0, struct import_result *res,
                     struct diag *d)
{
    if (utf8_valid(text, len))
        return 0;
    size_t i = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = utf8_next(text, len, &i);
        if (cp == 0xFFFD && !(i - at == 3 && (unsigned char)text[at] == 0xEF)) {
            json_locate(text, text + at, line0, &res->line, &res->col);
            break;
        }
    }
    return diag_error(d, "invalid UTF-8 in JSON");
}

/* A record that states none of the fields the parser reads but those every page
 * has, its title and its date (a page's text, where it came from, its title and
 * when it was published, as a crawler writes them: {"url", "title", "date",
 * "text"}), is read as a letter: its text parsed, its source kept. A record
 * with any other of the fields, even as null, is taken as given (dafu export's
 * records round-trip exactly). */
static int page_record(const cJSON *obj)
{
    for (size_t i = 0; i < LETTER_NFIELDS; i++) {
        const struct letter_field *f = &letter_fields[i];
        if ((f->flags & (LETTER_EXPECTED | LETTER_IF_STATED)) && strcmp(f->name, "title") &&
            strcmp(f->name, "date") && cJSON_GetObjectItemCaseSensitive(obj, f->name))
            return 0;
    }
    return 1;
}

/* l's text parsed into l's fields, read as a page's when it is the page's
 * markup (html.h), below the metadata lines the record's other keys make as a
 * page shows them (title → 标题:, date → 发布时间:, json_letter.h): the page's
 * title is the reply's header and its date the day it was published, not the
 * proposal's title and the signing date; what the text does not state stays as
 * the record gives it. Its source stays. A text the parser does not read as a
 * letter is kept as the record gives it, as before. */
static int parse_record(struct letter *l, const cJSON *obj, struct diag *d)
{
    struct letter p;
    letter_init(&p);
    unsigned missing = 0;
    struct buf text = BUF_INIT;
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(obj, "text");
    if (json_letter_meta(obj, body, "source", &text) || (text.len && buf_addch(&text, '\n'))) {
        buf_release(&text);
        return diag_error(d, "out of memory");
    }
    if (html_fragment_to_text(l->text, strlen(l->text), &text, d)) {
        buf_release(&text);
        return -1;
    }
    int bad = letter_parse(text.data ? text.data : "", text.len, &p, &missing, d);
    buf_release(&text);
    if (bad) {
        letter_release(&p);
        if (strncmp(diag_msg(d), "not a reply letter", 18))
            return -1;
        diag_clear(d);
        return 0;
    }
    diag_clear(d); /* a warning of the parser's; the record is read */
    p.source = l->source;
    p.imported_at = l->imported_at;
    l->source = l->imported_at = NULL;
    if (!p.title) {
        p.title = l->title;
        l->title = NULL;
    }
    if (!p.date) {
        p.date = l->date;
        l->date = NULL;
    }
    letter_release(l);
    *l = p;
    return 0;
}

struct data_put {
    struct json_ctx *j;
    long line;
};

/* One letter of a record that is not dafu's (json_letter.h): parsed and put. */
static int put_data_letter(void *ctx, const char *text, size_t len, const char *where,
                           struct diag *d)
{
    struct data_put *p = ctx;
    struct letter l;
    letter_init(&l);
    if (letter_parse(text, len, &l, NULL, d)) {
        letter_release(&l);
        /* "its text at 'data.content' is not a reply letter: no salutation, …" */
        struct buf m = BUF_INIT;
        buf_printf(&m, "its text at '%s' is %s", where, diag_msg(d));
        diag_error(d, "%s", buf_failed(&m) ? "out of memory" : m.data);
        buf_release(&m);
        return -1;
    }
    diag_clear(d); /* a warning of the parser's; the letter is read */
    p->j->records++;
    return p->j->put(p->j->ctx, &l, p->line, d);
}

static int put_record(struct json_ctx *j, const cJSON *obj, long line, struct diag *d)
{
    const char *f = j->nul == 1 && cJSON_IsObject(obj) ? json_nul_field(obj) : NULL;
    if (f)
        return diag_error(d, "field '%s' holds a NUL character (\\u0000): refused", f);
    if (j->nul == 2)
        return diag_error(d, "a string holds a NUL character (\\u0000): refused");
    struct letter l;
    letter_init(&l);
    int foreign = !cJSON_IsObject(obj) || !cJSON_GetObjectItemCaseSensitive(obj, "text");
    if (foreign && !j->bad_line) {
        /* a site's API answer holding letters' text */
        struct data_put p = {j, line};
        int n = json_letters(obj, put_data_letter, &p, d);
        if (n)
            return n < 0 ? -1 : 0;
    }
    if (foreign && !j->records) {
        /* not a letter's record: skipped while no record of the file is one */
        if (!j->bad_line) {
            j->bad_line = line;
            struct diag why = DIAG_INIT;
            letter_from_json(&l, obj, &why);
            snprintf(j->bad_msg, sizeof j->bad_msg, "%s", diag_msg(&why));
            diag_release(&why);
            letter_release(&l);
        }
        j->res->foreign++;
        /* a letter given as lines, but for an item that is none: say so */
        if (!j->res->warning[0] && cJSON_IsObject(obj))
            json_letter_odd_line(obj, j->res->warning, sizeof j->res->warning);
        return 0;
    }
    if (j->bad_line) {
        /* letters after it: the file is records, and that one is bad */
        letter_release(&l);
        return diag_error(d, "%s", j->bad_msg);
    }
    if (letter_from_json(&l, obj, d) || (page_record(obj) && parse_record(&l, obj, d))) {
        letter_release(&l);
        return -1;
    }
    j->records++;
    return j->put(j->ctx, &l, line, d);
}

/* Prefixes d's message with "record N: ". */
static int record_error(struct diag *d, long k)
{
    struct buf m = BUF_INIT;
    buf_printf(&m, "record %ld: %s", k, diag_msg(d));
    diag_error(d, "%s", buf_failed(&m) ? "out of memory" : m.data);
    buf_release(&m);
    return -1;
}

/* One JSON value spanning text[0..len): an array of records or one record. */
int json_value(struct json_ctx *j, const char *text, size_t len, struct diag *d)
{
    if (json_utf8(text, len, 1, j->res, d))
        return -1;
    struct buf marked = BUF_INIT;
    if ((j->nul = json_nul_mark(text, len, &marked))) {
        if (buf_failed(&marked)) {
            buf_release(&marked);
            return diag_error(d, "out of memory");
        }
        text = marked.data;
        len = marked.len;
    }
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!v) {
        json_syntax_error(text, len, end, 1, j->res, d);
        buf_release(&marked);
        return -1;
    }
    int rc = 0;
    const char *p = end;
    while (p < text + len && strchr(" \t\r\n", *p) && *p)
        p++;
    if (p < text + len) {
        rc = json_syntax_error(text, len, p, 1, j->res, d);
    } else if (cJSON_IsArray(v)) {
        long k = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, v)
        {
            k++;
            if (put_record(j, it, k, d)) {
                rc = record_error(d, j->bad_line ? j->bad_line : k);
                break;
            }
        }
    } else {
        rc = put_record(j, v, 1, d);
    }
    cJSON_Delete(v);
    buf_release(&marked);
    return rc;
}

/* One line of JSON Lines, without its '\n'. Returns 0, -1 with d set, or -2 when
 * it is line 1 and breaks off unfinished (the file may hold one record spread
 * over several lines). */
int json_line(struct json_ctx *j, const char *s, size_t len, long line, struct diag *d)
{
    if (line == 1 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
        s += 3;
        len -= 3;
    }
    while (len && strchr(" \t\r", s[len - 1]) && s[len - 1])
        len--;
    size_t a = 0;
    while (a < len && (s[a] == ' ' || s[a] == '\t'))
        a++;
    if (a == len)
        return 0;
    if (json_utf8(s, len, line, j->res, d))
        return -1;
    struct buf marked = BUF_INIT;
    if ((j->nul = json_nul_mark(s, len, &marked))) {
        if (buf_failed(&marked)) {
            buf_release(&marked);
            return diag_error(d, "out of memory");
        }
        s = marked.data;
    }
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(s + a, len - a, &end, 0);
    if (!v) {
        int rc = line == 1 && (!end || end >= s + len - 1)
                     ? -2
                     : json_syntax_error(s, len, end, line, j->res, d);
        buf_release(&marked);
        return rc;
    }
    int rc = 0;
    const char *p = end;
    while (p < s + len && (*p == ' ' || *p == '\t'))
        p++;
    if (p < s + len) {
        rc = json_syntax_error(s, len, p, line, j->res, d);
    } else if (put_record(j, v, line, d)) {
        j->res->line = j->bad_line ? j->bad_line : line;
        j->res->col = 0;
        rc = -1;
    }
    cJSON_Delete(v);
    buf_release(&marked);
    return rc;
}

/* A whole buffer of records: an array, one object, or one object a line. */
int json_buffer(struct json_ctx *j, const char *text, size_t len, struct diag *d)
{
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        text += 3;
        len -= 3;
    }
    if (json_first_char(text, len) == '[')
        return json_value(j, text, len, d);
    long line = 0;
    size_t p = 0;
    while (p < len) {
        const char *nl = memchr(text + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - text) : len;
        line++;
        int rc = json_line(j, text + p, e - p, line, d);
        if (rc == -2)
            return json_value(j, text, len, d);
        if (rc)
            return -1;
        p = e + 1;
    }
    return 0;
}
