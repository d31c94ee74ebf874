/* filter_sql: the filters of a search as SQL clauses (see query_int.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/letter.h"
#include "search/query_int.h"
#include "text/text.h"

/* The keys reply_count holds in dimension dim, with reply_count_recent's,
 * which stand for its rows (schema 057), each once. */
#define COUNT_KEYS(dim)                                                                            \
    "(SELECT key FROM reply_count c WHERE dim = '" dim "' AND NOT EXISTS (SELECT 1 FROM "          \
    "reply_count_recent x WHERE x.dim = c.dim AND x.k = c.k) UNION ALL SELECT key "                \
    "FROM reply_count_recent WHERE dim = '" dim "')"

void sqlb_release(struct sqlb *b)
{
    for (size_t i = 0; i < b->nargs; i++)
        free(b->args[i].owned);
    free(b->args);
    buf_release(&b->where);
}

static void add_arg(struct sqlb *b, struct sqlarg a)
{
    if (!b->failed && b->nargs == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        struct sqlarg *p = realloc(b->args, cap * sizeof *p);
        if (p) {
            b->args = p;
            b->cap = cap;
        } else {
            b->failed = 1;
        }
    }
    if (b->failed) {
        free(a.owned);
        return;
    }
    b->args[b->nargs++] = a;
}

/* Binds the text s, which outlives the builder; NULL fails it. */
static void arg_text(struct sqlb *b, const char *s)
{
    if (!s)
        b->failed = 1;
    else
        add_arg(b, (struct sqlarg){s, 0, NULL});
}

/* Binds the malloc'd text s, which the builder frees; NULL (out of memory) fails it. */
static void arg_owned(struct sqlb *b, char *s)
{
    if (!s)
        b->failed = 1;
    else
        add_arg(b, (struct sqlarg){s, 0, s});
}

static void arg_int(struct sqlb *b, long long v)
{
    add_arg(b, (struct sqlarg){NULL, v, NULL});
}

int sqlb_bind(sqlite3_stmt *st, int p, const struct sqlb *b)
{
    for (size_t i = 0; i < b->nargs; i++) {
        if (b->args[i].text)
            sqlite3_bind_text(st, p++, b->args[i].text, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_int64(st, p++, b->args[i].num);
    }
    return p;
}

static void clause(struct sqlb *b, const char *sql)
{
    buf_adds(&b->where, " AND ");
    buf_adds(&b->where, sql);
}

/* The clause sql of one parameter, the text v, when a filter gives v. */
static void text_clause(struct sqlb *b, const char *sql, const char *v)
{
    if (v) {
        clause(b, sql);
        arg_text(b, v);
    }
}

/* Escapes LIKE wildcards with '\'. With `spread`, puts % between characters:
 * the characters in order within the name (省工信厅 in 湖南省工业和信息化厅). */
static char *like_pattern(const char *s, int spread)
{
    struct buf out = BUF_INIT;
    size_t len = strlen(s);
    size_t i = 0;
    buf_addch(&out, '%');
    while (i < len) {
        size_t st = i;
        utf8_next(s, len, &i);
        if (s[st] == '%' || s[st] == '_' || s[st] == '\\')
            buf_addch(&out, '\\');
        buf_add(&out, s + st, i - st);
        if (spread)
            buf_addch(&out, '%');
    }
    if (!spread)
        buf_addch(&out, '%');
    return buf_detach(&out);
}

static char *normalized(const char *s)
{
    struct buf b = BUF_INIT;
    text_normalize(s, strlen(s), &b);
    return buf_detach(&b);
}

/* Pinyin as typed, lower-cased, without spaces: "He Ruqiu" -> "heruqiu". */
static char *pinyin_key(const char *s)
{
    struct buf b = BUF_INIT;
    for (const char *p = s; *p; p++) {
        if (*p == ' ' || *p == '\'' || *p == '-')
            continue;
        buf_addch(&b, (*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    }
    return buf_detach(&b);
}

/* Appends to m an FTS5 expression of the Han characters of s, each a term ANDed:
 * a name that has s's characters in order has each of them. Returns 0, or 1 when
 * s has none (the expression would match every name). */
static int han_terms(const char *s, struct buf *m)
{
    size_t len = strlen(s), i = 0;
    int n = 0;
    if (m->len)
        buf_adds(m, " OR ");
    buf_addch(m, '(');
    while (i < len) {
        size_t st = i;
        uint32_t cp = utf8_next(s, len, &i);
        if (!text_is_han(cp))
            continue;
        buf_printf(m, "%s\"", n++ ? " AND " : "");
        buf_add(m, s + st, i - st);
        buf_addch(m, '"');
    }
    buf_addch(m, ')');
    return n == 0;
}

/* ---- The departments and regions a filter's name matches, kept ----
 *
 * A department's or a region's name is matched against the archive's names
 * (department_fts and facet_name, reply_count) by each statement that filters
 * by it: the count, the groupings and the proposers of one page each matched
 * it again (教育: 6,757 departments at 1,000,000 letters, three quarters of the
 * statistics' work). In a transaction that reads only (db_read_snapshot), the
 * names found, and a department's numbers in facet_name, are kept with the
 * connection for that state of the archive and bound as a list; any other
 * statement matches them in SQL. */
#define NAME_MEMO_SIZE 16

struct name_memo {
    unsigned long long snap; /* db_read_snapshot they hold for */
    unsigned long clock;
    struct {
        char *filter; /* 'd' or 'r', then the name as given */
        char *list;   /* the keys it matched, a JSON array */
        char *codes;  /* their numbers in facet_name, a JSON array (NULL: not read) */
        unsigned long used;
    } e[NAME_MEMO_SIZE];
};

static void name_memo_clear(struct name_memo *m)
{
    for (int i = 0; i < NAME_MEMO_SIZE; i++) {
        free(m->e[i].filter);
        free(m->e[i].list);
        free(m->e[i].codes);
        m->e[i].filter = m->e[i].list = m->e[i].codes = NULL;
        m->e[i].used = 0;
    }
}

static void name_memo_free(void *p)
{
    if (p)
        name_memo_clear(p);
    free(p);
}

/* The keys that `inner` (a SELECT of a column `key`, and with `coded` of a
 * column `code`, their numbers in facet_name; its parameters in `in`) gives,
 * as a JSON array in *list (and their numbers in *codes), kept for the next
 * filter by the same name (`kind` 'd' or 'r', then `name`) in the same state
 * of the archive. *list is NULL when they cannot be kept (no transaction that
 * reads only): the caller matches in SQL. Returns 0, or -1 with d set. */
static int matched_names(struct db *db, char kind, const char *name, const char *inner,
                         const struct sqlb *in, int coded, char **list, char **codes,
                         struct diag *d)
{
    *list = *codes = NULL;
    unsigned long long snap = db_read_snapshot(db);
    if (!snap)
        return 0;
    struct name_memo *m = db_memo(db, DB_MEMO_NAMES);
    if (!m) {
        if (!(m = calloc(1, sizeof *m)))
            return diag_error(d, "out of memory");
        db_set_memo(db, DB_MEMO_NAMES, m, name_memo_free);
    }
    if (m->snap != snap) {
        name_memo_clear(m);
        m->snap = snap;
    }
    int slot = 0;
    for (int i = 0; i < NAME_MEMO_SIZE; i++) {
        if (m->e[i].filter && m->e[i].filter[0] == kind && !strcmp(m->e[i].filter + 1, name)) {
            m->e[i].used = ++m->clock;
            if (!(*list = strdup(m->e[i].list)) ||
                (m->e[i].codes && !(*codes = strdup(m->e[i].codes)))) {
                free(*list);
                *list = NULL;
                return diag_error(d, "out of memory");
            }
            return 0;
        }
        if (m->e[i].used < m->e[slot].used)
            slot = i;
    }
    struct buf sql = BUF_INIT;
    buf_printf(&sql, "SELECT json_group_array(key), %s FROM (%s)",
               coded ? "json_group_array(code)" : "NULL", inner);
    if (buf_failed(&sql) || in->failed) {
        buf_release(&sql);
        return diag_error(d, "out of memory");
    }
    sqlite3_stmt *st = NULL;
    int rc = db_prepare_kept(db, sql.data, &st, d);
    buf_release(&sql);
    if (rc)
        return -1;
    sqlb_bind(st, 1, in);
    char *keys = NULL, *nums = NULL, *filter = NULL;
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = diag_error(d, "database '%s': matching names: %s", db_path(db),
                        sqlite3_errmsg(db_sqlite(db)));
    else if (!(keys = strdup((const char *)sqlite3_column_text(st, 0))) ||
             (coded && !(nums = strdup((const char *)sqlite3_column_text(st, 1)))) ||
             !(filter = malloc(strlen(name) + 2)) || !(*list = strdup(keys)) ||
             (coded && !(*codes = strdup(nums))))
        rc = diag_error(d, "out of memory");
    db_release_kept(db, st);
    if (rc) {
        free(keys);
        free(nums);
        free(filter);
        free(*list);
        *list = NULL;
        return -1;
    }
    filter[0] = kind;
    strcpy(filter + 1, name);
    free(m->e[slot].filter);
    free(m->e[slot].list);
    free(m->e[slot].codes);
    m->e[slot].filter = filter;
    m->e[slot].list = keys;
    m->e[slot].codes = nums;
    m->e[slot].used = ++m->clock;
    return 0;
}

/* Adds the clause `col IN (inner)` to b, inner's parameters those of `in`
 * (which gives them up; inner a SELECT of a column `key`, the archive's names
 * of field dim in facet_name, with those of the department keys (dim 2) outside
 * the exhaustive way also of a column `code`, their numbers): the keys kept
 * for the name (matched_names) when they can be, else the subquery itself.
 * With b->coded, col holds the keys' numbers of field dim in facet_name
 * (schema 059): the clause takes inner's numbers, or names the keys. Returns
 * 0, or -1 with d set. */
static int names_clause(struct db *db, struct sqlb *b, const char *col, int dim, char kind,
                        const char *name, int exhaustive, struct sqlb *in, struct diag *d)
{
    int coded = dim == 2 && !exhaustive; /* inner gives the numbers too */
    char *list = NULL, *codes = NULL;
    if (!exhaustive && matched_names(db, kind, name, in->where.data ? in->where.data : "", in,
                                     coded, &list, &codes, d))
        return -1;
    /* inner's numbers, or its keys (named by their numbers with b->coded) */
    int by_code = b->coded && coded;
    char *kept = by_code ? codes : list;
    free(by_code ? list : codes);
    buf_printf(&b->where, " AND %s IN (", col);
    if (b->coded && !by_code)
        buf_printf(&b->where, "SELECT code FROM facet_name WHERE dim = %d AND name IN (", dim);
    if (kept) {
        buf_adds(&b->where, "SELECT value FROM json_each(?)");
        arg_owned(b, kept);
    } else {
        if (coded)
            buf_printf(&b->where, "SELECT %s FROM (", by_code ? "code" : "key");
        buf_add(&b->where, in->where.data, in->where.len);
        if (coded)
            buf_addch(&b->where, ')');
        for (size_t i = 0; i < in->nargs; i++) {
            add_arg(b, in->args[i]);
            in->args[i].owned = NULL;
        }
        if (in->failed)
            b->failed = 1;
    }
    buf_adds(&b->where, b->coded && !by_code ? "))" : ")");
    return 0;
}

static int department_clause(struct db *db, struct sqlb *b, const char *dep, int exhaustive,
                             struct diag *d)
{
    /* department_key is dafu_norm(department): the name as written matches its
     * own normalized form. The matching names are found first, then their
     * replies (or their counts) through the index on department_key: no reply
     * row is read for a department that does not match. The names are those
     * of every reply for the exhaustive way; else the archive's distinct names
     * (schema 013), found by the index of their characters (department_fts)
     * when each form of the name has Han characters, by reading each name once
     * otherwise. */
    char *norm = normalized(dep);
    if (!norm)
        return diag_error(d, "out of memory");
    /* The forms: the name, then its abbreviations that are not its characters
     * in order, expanded (发改委). */
    struct buf forms = BUF_INIT; /* NUL-separated */
    int nforms = 1;
    buf_add(&forms, norm, strlen(norm) + 1);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db_sqlite(db),
                           "SELECT alias, expansion FROM department_alias "
                           "WHERE instr(?1, alias) > 0",
                           -1, &st, NULL) != SQLITE_OK) {
        free(norm);
        buf_release(&forms);
        return diag_error(d, "database '%s': %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
    }
    sqlite3_bind_text(st, 1, norm, -1, SQLITE_STATIC);
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *alias = (const char *)sqlite3_column_text(st, 0);
        const char *exp = (const char *)sqlite3_column_text(st, 1);
        const char *pos = strstr(norm, alias);
        buf_add(&forms, norm, (size_t)(pos - norm));
        buf_adds(&forms, exp);
        buf_add(&forms, pos + strlen(alias), strlen(pos + strlen(alias)) + 1);
        nforms++;
    }
    int rc = 0;
    if (s != SQLITE_DONE)
        rc = diag_error(d, "database '%s': reading department abbreviations: %s", db_path(db),
                        sqlite3_errmsg(db_sqlite(db)));
    sqlite3_finalize(st);
    struct buf match = BUF_INIT;
    int scan = exhaustive;
    const char *f = forms.data;
    for (int i = 0; !buf_failed(&forms) && i < nforms; i++, f += strlen(f) + 1)
        scan |= han_terms(f, &match);
    /* The archive's names are those facet_name numbers as department keys
     * (dim 2); department_fts indexes each under its number (schema 062). */
    const char *col = exhaustive ? "department_key" : "name";
    struct sqlb in = {BUF_INIT, NULL, 0, 0, 0, 0}; /* the subquery of the names */
    if (exhaustive)
        buf_adds(&in.where, "SELECT department_key FROM reply WHERE (");
    else if (scan)
        buf_adds(&in.where, "SELECT name AS key, code FROM facet_name WHERE dim = 2 AND (");
    else {
        buf_adds(&in.where,
                 "SELECT name AS key, code FROM department_fts CROSS JOIN facet_name "
                 "ON dim = 2 AND code = department_fts.rowid WHERE department_fts MATCH ? AND (");
        arg_owned(&in, buf_failed(&match) ? NULL : buf_detach(&match));
    }
    /* The name's characters together, or in order (省工信厅 in
     * 湖南省工业和信息化厅); an abbreviation's expansion in order. */
    buf_printf(&in.where, "%s LIKE ? ESCAPE '\\'", col);
    arg_owned(&in, like_pattern(norm, 0));
    f = forms.data;
    for (int i = 0; !buf_failed(&forms) && i < nforms; i++, f += strlen(f) + 1) {
        buf_printf(&in.where, " OR %s LIKE ? ESCAPE '\\'", col);
        arg_owned(&in, like_pattern(f, 1));
    }
    buf_addch(&in.where, ')');
    if (buf_failed(&forms) || buf_failed(&in.where))
        in.failed = 1;
    if (rc == 0)
        rc = names_clause(db, b, "r.department_key", 2, 'd', dep, exhaustive, &in, d);
    sqlb_release(&in);
    free(norm);
    buf_release(&forms);
    buf_release(&match);
    return rc;
}

int search_filters_sql(struct db *db, const struct search_opts *o, struct sqlb *b, struct diag *d)
{
    if (o->number) {
        char *key = letter_number_key(o->number);
        if (!key)
            return diag_set(d, DIAG_USAGE, "'%s' is not a proposal number", o->number);
        /* the number, or one of a list ("12、15": a reply to several proposals) or
         * inside a range ("12至15"), read from the index of the keys that name more
         * than one number alone (schema 043: its condition, written the same here) */
        clause(b, "(r.number_key = ? OR r.id IN (SELECT id FROM reply WHERE number_key GLOB "
                  "'*[、至到~—-]*' AND dafu_number_in(number_key, ?)))");
        arg_owned(b, strdup(key));
        arg_owned(b, key);
    }
    if (o->delegate) {
        char *key = normalized(o->delegate);
        buf_adds(&b->where,
                 " AND r.id IN (SELECT rd.reply_id FROM reply_delegate rd JOIN delegate dl "
                 "ON dl.id = rd.delegate_id WHERE dl.name_key = ? "
                 "OR replace(dl.pinyin, ' ', '') = ?)"); /* indexed: schema 004 */
        arg_owned(b, key);
        arg_owned(b, key ? pinyin_key(key) : NULL);
    }
    if (o->department && department_clause(db, b, o->department, o->exhaustive, d))
        return -1;
    if (b->coded) {
        /* the value's number; none (NULL) when the archive never held it */
        text_clause(b, "r.kind = (SELECT code FROM facet_name WHERE dim = 5 AND name = ?)",
                    o->kind);
        text_clause(b, "r.body = (SELECT code FROM facet_name WHERE dim = 4 AND name = ?)",
                    o->body);
        text_clause(b, "r.category = (SELECT code FROM facet_name WHERE dim = 6 AND name = ?)",
                    o->category);
    } else {
        text_clause(b, "r.kind = ?", o->kind);
        text_clause(b, "r.body = ?", o->body);
        text_clause(b, "r.category = ?", o->category);
    }
    if (o->region && o->exhaustive) {
        clause(b, "r.region LIKE ? ESCAPE '\\'");
        arg_owned(b, like_pattern(o->region, 0));
    } else if (o->region) {
        /* The regions that match, each once, from their counts (an index on the
         * region of each combination reads theirs only). */
        struct sqlb in = {BUF_INIT, NULL, 0, 0, 0, 0};
        buf_adds(&in.where,
                 "SELECT key FROM " COUNT_KEYS("region") " WHERE key LIKE ? ESCAPE '\\'");
        arg_owned(&in, like_pattern(o->region, 0));
        if (buf_failed(&in.where))
            in.failed = 1;
        int rc = names_clause(db, b, "r.region", 3, 'r', o->region, 0, &in, d);
        sqlb_release(&in);
        if (rc)
            return -1;
    }
    text_clause(b, "r.date >= ?", o->from);
    text_clause(b, "r.date <= ?", o->to);
    if (o->year) {
        /* The year as the date writes it: text, four digits. The dates that
         * start with them are those from "2023" up to "2024" (excluded): a
         * range of the index on dates. */
        char tmp[16];
        snprintf(tmp, sizeof tmp, "%04d", o->year);
        clause(b, "r.date >= ?");
        arg_owned(b, strdup(tmp));
        snprintf(tmp, sizeof tmp, "%04d", o->year + 1);
        clause(b, "r.date < ?");
        arg_owned(b, strdup(tmp));
    }
    if (o->term) {
        clause(b, "r.term = ?");
        arg_int(b, o->term);
    }
    if (o->session) {
        clause(b, "r.session = ?");
        arg_int(b, o->session);
    }
    if (o->after_id) {
        clause(b, "r.id > ?");
        arg_int(b, o->after_id);
    }
    return 0;
}
