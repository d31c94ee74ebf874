/* code: the letters' fields of the groupings as numbers, packed (see code.h,
 * schema 046). */
#include "store/code.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/varint.h"
#include "store/db_int.h"

/* ---- a row of reply_code in memory ---- */

/* The proposers a record holds at most (more: the search reads the links). */
#define CODE_LINKS_MAX 256

struct code_chunk {
    unsigned char fixed[CODE_FIXED];
    struct {
        size_t off;
        unsigned n;
    } at[CODE_PER_ROW]; /* each letter's proposers in ids[] */
    unsigned long long *ids;
    size_t nids, cap;
    int failed; /* out of memory */
    int moved;  /* a record's place of its proposers is not theirs */
};

static unsigned get3(const unsigned char *p)
{
    return p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16;
}

static void put3(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xFF);
    p[1] = (unsigned char)(v >> 8 & 0xFF);
    p[2] = (unsigned char)(v >> 16 & 0xFF);
}

void code_get(const unsigned char *row, long long id, struct code_rec *r)
{
    code_rec_read(row + CODE_BYTES * (size_t)(id & (CODE_PER_ROW - 1)), r);
}

void code_rec_read(const unsigned char *p, struct code_rec *r)
{
    r->dep = code_u24(p + CODE_AT_DEP);
    r->dkey = code_u24(p + CODE_AT_DKEY);
    r->region = code_u24(p + CODE_AT_REGION);
    r->body = p[CODE_AT_BODY];
    r->kind = p[CODE_AT_KIND];
    r->category = p[CODE_AT_CATEGORY];
    r->term = p[CODE_AT_TERM];
    r->session = p[CODE_AT_SESSION];
    r->date = code_u24(p + CODE_AT_DATE);
    r->flags = p[CODE_AT_FLAGS];
    r->list = code_u24(p + CODE_AT_LIST);
}

static void rec_put(unsigned char *p, const struct code_rec *r)
{
    put3(p, r->dep);
    put3(p + 3, r->dkey);
    put3(p + 6, r->region);
    p[9] = (unsigned char)r->body;
    p[10] = (unsigned char)r->kind;
    p[11] = (unsigned char)r->category;
    p[12] = (unsigned char)r->term;
    p[13] = (unsigned char)r->session;
    put3(p + 14, r->date);
    p[17] = (unsigned char)r->flags;
    put3(p + 18, r->list);
}

static void code_put(unsigned char *row, long long id, const struct code_rec *r)
{
    rec_put(row + CODE_BYTES * (size_t)(id & (CODE_PER_ROW - 1)), r);
}

long code_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    long m = (s[5] - '0') * 10 + (s[6] - '0');
    long d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m > 15 || d > 31)
        return -1; /* a day past 31 would read as the next month's */
    long v = y * 512 + m * 32 + d;
    return v ? v : -1;
}

static void chunk_clear(struct code_chunk *c)
{
    memset(c->fixed, 0, sizeof c->fixed);
    memset(c->at, 0, sizeof c->at);
    c->nids = 0;
    c->failed = 0;
    c->moved = 0;
}

static int by_value(const void *a, const void *b)
{
    unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
    return x < y ? -1 : x > y;
}

/* Sets letter i's proposers to ids[0..n) (sorted here). */
static void chunk_set_list(struct code_chunk *c, int i, unsigned long long *ids, size_t n)
{
    c->at[i].off = c->nids;
    c->at[i].n = 0;
    if (!n)
        return;
    if (c->nids + n > c->cap) {
        size_t cap = c->cap ? c->cap : 1024;
        while (cap < c->nids + n)
            cap *= 2;
        unsigned long long *p = realloc(c->ids, cap * sizeof *p);
        if (!p) {
            c->failed = 1;
            return;
        }
        c->ids = p;
        c->cap = cap;
    }
    qsort(ids, n, sizeof *ids, by_value);
    memcpy(c->ids + c->nids, ids, n * sizeof *ids);
    c->at[i].off = c->nids;
    c->at[i].n = (unsigned)n;
    c->nids += n;
}

/* Reads a row's blob into c (a blob too short or cut: the records it holds,
 * no proposers past the cut). */
static void chunk_load(struct code_chunk *c, const unsigned char *blob, size_t n)
{
    chunk_clear(c);
    if (!blob || n < CODE_FIXED)
        return;
    memcpy(c->fixed, blob, CODE_FIXED);
    const unsigned char *p = blob + CODE_FIXED, *end = blob + n;
    unsigned long long tmp[256];
    for (int i = 0; i < CODE_PER_ROW && !c->failed; i++) {
        unsigned long long k, v, prev = 0;
        /* (where the record says its proposers are: code_check reads them so) */
        if (get3(c->fixed + CODE_BYTES * (size_t)i + CODE_VALUES) !=
            (unsigned)(p - blob - CODE_FIXED))
            c->moved = 1;
        if (varint_get(&p, end, &k))
            return;
        size_t got = 0;
        unsigned long long *ids = k <= 256 ? tmp : malloc(k * sizeof *ids);
        if (!ids) {
            c->failed = 1;
            return;
        }
        for (; got < k && !varint_get(&p, end, &v); got++)
            ids[got] = prev += v;
        chunk_set_list(c, i, ids, got);
        if (ids != tmp)
            free(ids);
    }
}

/* The row's blob of c into out. */
static void chunk_encode(const struct code_chunk *c, struct buf *out)
{
    buf_truncate(out, 0);
    buf_add(out, c->fixed, CODE_FIXED);
    for (int i = 0; i < CODE_PER_ROW; i++) {
        if (!buf_failed(out))
            put3((unsigned char *)out->data + CODE_BYTES * (size_t)i + CODE_VALUES,
                 (unsigned)(out->len - CODE_FIXED));
        buf_add_varint(out, c->at[i].n);
        unsigned long long prev = 0;
        for (unsigned k = 0; k < c->at[i].n; k++) {
            unsigned long long v = c->ids[c->at[i].off + k];
            buf_add_varint(out, v - prev);
            prev = v;
        }
    }
}

/* A record from the codes of the six fields (0 none, -1 or past what the
 * record holds: read the row) and the values of term, session and date. */
static void code_make(struct code_rec *r, const long long code[6], sqlite3_value *term,
                      sqlite3_value *session, sqlite3_value *date)
{
    static const unsigned long long most[6] = {0xFFFFFF, 0xFFFFFF, 0xFFFFFF, 0xFF, 0xFF, 0xFF};
    unsigned v[6];
    int rows = 0;
    for (int i = 0; i < 6; i++) {
        int out = code[i] < 0 || (unsigned long long)code[i] > most[i];
        rows |= out;
        v[i] = out ? 0 : (unsigned)code[i];
    }
    sqlite3_value *small[2] = {term, session};
    unsigned s[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        int t = sqlite3_value_type(small[i]);
        long long x = t == SQLITE_INTEGER ? sqlite3_value_int64(small[i]) : 0;
        if (t == SQLITE_INTEGER && x >= 1 && x <= 255)
            s[i] = (unsigned)x;
        else if (t != SQLITE_NULL)
            rows = 1;
    }
    long dv = 0;
    if (sqlite3_value_type(date) == SQLITE_TEXT)
        dv = code_date((const char *)sqlite3_value_text(date));
    else if (sqlite3_value_type(date) != SQLITE_NULL)
        dv = -1;
    if (dv < 0)
        rows = 1, dv = 0;
    *r = (struct code_rec){v[0], v[1], v[2], v[3],         v[4],
                           v[5], s[0], s[1], (unsigned)dv, CODE_KEPT | (rows ? CODE_ROWS : 0),
                           0};
}

/* ---- dafu_code_pack, for schema 046 ---- */

static void pack_step(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
    (void)nval;
    struct code_chunk **cp = sqlite3_aggregate_context(ctx, sizeof *cp);
    if (!cp) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (!*cp) {
        if (!(*cp = calloc(1, sizeof **cp))) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
    }
    struct code_chunk *c = *cp;
    long long id = sqlite3_value_int64(val[0]);
    long long code[6];
    for (int i = 0; i < 6; i++)
        code[i] = sqlite3_value_int64(val[1 + i]);
    struct code_rec r;
    code_make(&r, code, val[7], val[8], val[9]);
    code_put(c->fixed, id, &r);
    /* the proposers' ids, "3,17,42" */
    const char *s = (const char *)sqlite3_value_text(val[10]);
    unsigned long long tmp[CODE_LINKS_MAX];
    size_t n = 0;
    while (s && *s && n < CODE_LINKS_MAX) {
        tmp[n++] = strtoull(s, (char **)&s, 10);
        if (*s == ',')
            s++;
    }
    if (s && *s) {
        /* more than CODE_LINKS_MAX: not expected of a letter; its row then */
        r.flags |= CODE_ROWS;
        code_put(c->fixed, id, &r);
        n = 0;
    }
    chunk_set_list(c, (int)(id & (CODE_PER_ROW - 1)), tmp, n);
}

static void pack_final(sqlite3_context *ctx)
{
    struct code_chunk **cp = sqlite3_aggregate_context(ctx, 0);
    struct code_chunk *c = cp ? *cp : NULL;
    if (!c) {
        sqlite3_result_null(ctx);
        return;
    }
    struct buf out = BUF_INIT;
    chunk_encode(c, &out);
    if (c->failed || buf_failed(&out))
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_blob(ctx, out.data, (int)out.len, SQLITE_TRANSIENT);
    buf_release(&out);
    free(c->ids);
    free(c);
}

int code_register(sqlite3 *sql)
{
    return sqlite3_create_function(sql, "dafu_code_pack", 11, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                   NULL, NULL, pack_step, pack_final);
}

/* ---- kept at each commit ---- */

/* The code of value v of field dim (0: NULL), numbered when it has none and
 * `add`; -1 when it has none and not `add`, or v is not text. */
static long long name_code(struct db *db, int dim, sqlite3_value *v, int add, struct diag *d,
                           int *err)
{
    if (sqlite3_value_type(v) == SQLITE_NULL)
        return 0;
    if (sqlite3_value_type(v) != SQLITE_TEXT)
        return -1;
    sqlite3_stmt *get = NULL, *next = NULL, *put = NULL;
    if (db_cached(db, "SELECT code FROM facet_name WHERE dim = ?1 AND name = ?2", &get, d)) {
        *err = 1;
        return -1;
    }
    sqlite3_bind_int(get, 1, dim);
    sqlite3_bind_value(get, 2, v);
    int s = sqlite3_step(get);
    long long code = s == SQLITE_ROW ? sqlite3_column_int64(get, 0) : -1;
    sqlite3_reset(get);
    if (s != SQLITE_ROW && s != SQLITE_DONE) {
        diag_error(d, "database '%s': reading the values' numbers: %s", db_path(db),
                   sqlite3_errmsg(db_sqlite(db)));
        *err = 1;
        return -1;
    }
    if (code >= 0 || !add)
        return code;
    if (db_cached(db, "SELECT coalesce(max(code), 0) + 1 FROM facet_name WHERE dim = ?1", &next,
                  d) ||
        db_cached(db, "INSERT INTO facet_name(dim, code, name) VALUES (?1, ?2, ?3)", &put, d)) {
        *err = 1;
        return -1;
    }
    sqlite3_bind_int(next, 1, dim);
    if (sqlite3_step(next) == SQLITE_ROW)
        code = sqlite3_column_int64(next, 0);
    sqlite3_reset(next);
    sqlite3_bind_int(put, 1, dim);
    sqlite3_bind_int64(put, 2, code);
    sqlite3_bind_value(put, 3, v);
    if (code < 0 || db_step_done(db, put, "numbering a value", d))
        *err = 1;
    sqlite3_reset(put);
    /* a department key's characters, indexed under its number (schema 062) */
    if (!*err && dim == CODE_DEPARTMENT_KEY) {
        sqlite3_stmt *fts = NULL;
        if (db_cached(db, "INSERT INTO department_fts(rowid, key) VALUES (?1, ?2)", &fts, d))
            *err = 1;
        else {
            sqlite3_bind_int64(fts, 1, code);
            sqlite3_bind_value(fts, 2, v);
            if (db_step_done(db, fts, "indexing a department's name", d))
                *err = 1;
            sqlite3_reset(fts);
        }
    }
    return *err ? -1 : code;
}

/* Reads row `chunk` of reply_code into c (cleared when there is none).
 * Returns 0 or -1 with d set. */
static int chunk_read(struct db *db, long long chunk, struct code_chunk *c, struct diag *d)
{
    sqlite3_stmt *get = NULL;
    if (db_cached(db, "SELECT codes FROM reply_code WHERE chunk = ?1", &get, d))
        return -1;
    sqlite3_bind_int64(get, 1, chunk);
    int s = sqlite3_step(get);
    if (s == SQLITE_ROW)
        chunk_load(c, sqlite3_column_blob(get, 0), (size_t)sqlite3_column_bytes(get, 0));
    else
        chunk_clear(c);
    sqlite3_reset(get);
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        return diag_error(d, "database '%s': reading the letters' codes: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    return c->failed ? diag_error(d, "out of memory") : 0;
}

static int chunk_write(struct db *db, long long chunk, const struct code_chunk *c, struct buf *out,
                       struct diag *d)
{
    sqlite3_stmt *put = NULL;
    chunk_encode(c, out);
    if (c->failed || buf_failed(out))
        return diag_error(d, "out of memory");
    if (db_cached(db, "INSERT OR REPLACE INTO reply_code(chunk, codes) VALUES (?1, ?2)", &put, d))
        return -1;
    sqlite3_bind_int64(put, 1, chunk);
    sqlite3_bind_blob(put, 2, out->data, (int)out->len, SQLITE_STATIC);
    int rc = db_step_done(db, put, "keeping the letters' codes", d);
    sqlite3_reset(put);
    sqlite3_clear_bindings(put);
    return rc;
}

/* The proposers' ids of reply id into *ids (n of them, cap grown). Returns 0
 * or -1 with d set. */
static int links_read(struct db *db, long long id, unsigned long long **ids, size_t *n, size_t *cap,
                      struct diag *d)
{
    sqlite3_stmt *st = NULL;
    if (db_cached(db, "SELECT delegate_id FROM reply_delegate WHERE reply_id = ?1", &st, d))
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int s;
    *n = 0;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == *cap) {
            size_t c2 = *cap ? *cap * 2 : 16;
            unsigned long long *p = realloc(*ids, c2 * sizeof *p);
            if (!p) {
                sqlite3_reset(st);
                return diag_error(d, "out of memory");
            }
            *ids = p;
            *cap = c2;
        }
        (*ids)[(*n)++] = (unsigned long long)sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (s != SQLITE_DONE)
        return diag_error(d, "database '%s': reading a reply's proposers: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    return 0;
}

#define CODE_FIELDS                                                                                \
    "r.department, r.department_key, r.region, r.body, r.kind, r.category, r.term, r.session, "    \
    "r.date"

/* The record of the reply of row st (columns: id, then CODE_FIELDS), its
 * values numbered when `add`. Returns 0 or -1 with d set. */
/* The codes of the bodies, kinds and categories a commit's replies have (a
 * few values, each read once a commit rather than once a reply). */
#define FEW_KEPT 16
struct few {
    char *name[3][FEW_KEPT];
    long long code[3][FEW_KEPT];
    int n[3];
};

static void few_release(struct few *f)
{
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < f->n[i]; k++)
            free(f->name[i][k]);
}

/* name_code, through f for the fields of few values (f NULL: none). */
static long long few_code(struct db *db, struct few *f, int dim, sqlite3_value *v, int add,
                          struct diag *d, int *err)
{
    int i = dim - CODE_BODY;
    const char *s =
        sqlite3_value_type(v) == SQLITE_TEXT ? (const char *)sqlite3_value_text(v) : NULL;
    if (!f || i < 0 || !s)
        return name_code(db, dim, v, add, d, err);
    for (int k = 0; k < f->n[i]; k++)
        if (!strcmp(f->name[i][k], s))
            return f->code[i][k];
    long long c = name_code(db, dim, v, add, d, err);
    if (c >= 0 && f->n[i] < FEW_KEPT && (f->name[i][f->n[i]] = strdup(s)))
        f->code[i][f->n[i]++] = c;
    return c;
}

static int row_record(struct db *db, struct few *f, sqlite3_stmt *st, int add, struct code_rec *r,
                      struct diag *d)
{
    long long code[6];
    int err = 0;
    for (int i = 0; i < 6 && !err; i++)
        code[i] =
            few_code(db, f, CODE_DEPARTMENT + i, sqlite3_column_value(st, 1 + i), add, d, &err);
    if (err)
        return -1;
    code_make(r, code, sqlite3_column_value(st, 7), sqlite3_column_value(st, 8),
              sqlite3_column_value(st, 9));
    return 0;
}

int code_store_pending(struct db *db, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    if (db_prepare(db,
                   "SELECT u.id, " CODE_FIELDS " FROM reply_uncounted u "
                   "CROSS JOIN reply r ON r.id = u.id ORDER BY u.id",
                   &st, d))
        return -1;
    struct code_chunk *c = calloc(1, sizeof *c);
    struct buf out = BUF_INIT;
    unsigned long long *ids = NULL;
    size_t nids = 0, cap = 0;
    long long chunk = -1;
    struct few few;
    memset(&few, 0, sizeof few);
    int rc = c ? 0 : diag_error(d, "out of memory"), s = SQLITE_DONE;
    while (!rc) {
        s = sqlite3_step(st);
        long long id = s == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
        if (chunk >= 0 && (s != SQLITE_ROW || id >> CODE_BITS != chunk)) {
            rc = chunk_write(db, chunk, c, &out, d);
            chunk = -1;
        }
        if (rc || s != SQLITE_ROW)
            break;
        if (chunk < 0 && (rc = chunk_read(db, chunk = id >> CODE_BITS, c, d)))
            break;
        struct code_rec r;
        if ((rc = row_record(db, &few, st, 1, &r, d)) ||
            (rc = links_read(db, id, &ids, &nids, &cap, d)))
            break;
        if (nids > CODE_LINKS_MAX)
            r.flags |= CODE_ROWS, nids = 0;
        code_put(c->fixed, id, &r);
        chunk_set_list(c, (int)(id & (CODE_PER_ROW - 1)), ids, nids);
    }
    if (!rc && s != SQLITE_DONE)
        rc = diag_error(d, "database '%s': keeping the letters' codes: %s", db_path(db),
                        sqlite3_errmsg(db_sqlite(db)));
    sqlite3_finalize(st);
    if (c)
        free(c->ids);
    free(c);
    free(ids);
    few_release(&few);
    buf_release(&out);
    return rc;
}

int code_forget(struct db *db, long long id, struct diag *d)
{
    struct code_chunk *c = calloc(1, sizeof *c);
    struct buf out = BUF_INIT;
    if (!c)
        return diag_error(d, "out of memory");
    int rc = chunk_read(db, id >> CODE_BITS, c, d);
    if (!rc) {
        memset(c->fixed + CODE_BYTES * (size_t)(id & (CODE_PER_ROW - 1)), 0, CODE_BYTES);
        c->at[id & (CODE_PER_ROW - 1)].n = 0;
        rc = chunk_write(db, id >> CODE_BITS, c, &out, d);
    }
    free(c->ids);
    free(c);
    buf_release(&out);
    return rc;
}

int code_check(struct db *db, struct diag *d)
{
    sqlite3_stmt *st = NULL, *rows = NULL;
    if (db_prepare(db, "SELECT r.id, " CODE_FIELDS " FROM reply r ORDER BY r.id", &st, d))
        return -1;
    if (db_prepare(db, "SELECT chunk, codes FROM reply_code ORDER BY chunk", &rows, d)) {
        sqlite3_finalize(st);
        return -1;
    }
    struct code_chunk *c = calloc(1, sizeof *c);
    unsigned char *seen = calloc(CODE_PER_ROW, 1);
    unsigned long long *ids = NULL;
    size_t nids = 0, cap = 0;
    int rc = c && seen ? 0 : diag_error(d, "out of memory");
    int s = rc ? SQLITE_DONE : sqlite3_step(st);
    /* each row of reply_code, with the replies of its letters */
    while (!rc) {
        int t = sqlite3_step(rows);
        long long chunk = t == SQLITE_ROW ? sqlite3_column_int64(rows, 0) : -1;
        if (t != SQLITE_ROW && t != SQLITE_DONE) {
            rc = diag_error(d, "database '%s': reading the letters' codes: %s", db_path(db),
                            sqlite3_errmsg(db_sqlite(db)));
            break;
        }
        if (s == SQLITE_ROW &&
            (t != SQLITE_ROW || sqlite3_column_int64(st, 0) >> CODE_BITS < chunk)) {
            rc = diag_error(d,
                            "'%s': reply %lld has no codes (reply_code): another program "
                            "changed the replies",
                            db_path(db), sqlite3_column_int64(st, 0));
            break;
        }
        if (t != SQLITE_ROW)
            break;
        chunk_load(c, sqlite3_column_blob(rows, 1), (size_t)sqlite3_column_bytes(rows, 1));
        memset(seen, 0, CODE_PER_ROW);
        for (; !rc && s == SQLITE_ROW && sqlite3_column_int64(st, 0) >> CODE_BITS == chunk;
             s = sqlite3_step(st)) {
            long long id = sqlite3_column_int64(st, 0);
            struct code_rec want, got;
            unsigned char w[CODE_BYTES];
            if (row_record(db, NULL, st, 0, &want, d) || links_read(db, id, &ids, &nids, &cap, d)) {
                rc = -1;
                break;
            }
            if (nids > CODE_LINKS_MAX)
                want.flags |= CODE_ROWS, nids = 0;
            rec_put(w, &want);
            code_get(c->fixed, id, &got);
            if (nids)
                qsort(ids, nids, sizeof *ids, by_value);
            int i = (int)(id & (CODE_PER_ROW - 1));
            int same = !c->moved && !memcmp(w, c->fixed + CODE_BYTES * (size_t)i, CODE_VALUES) &&
                       ((got.flags & CODE_ROWS) || c->at[i].n == nids) &&
                       ((got.flags & CODE_ROWS) || !nids ||
                        !memcmp(c->ids + c->at[i].off, ids, nids * sizeof *ids));
            if (!same)
                rc = diag_error(d,
                                "'%s': the codes of reply %lld (reply_code) are not its fields "
                                "and proposers: another program changed the replies",
                                db_path(db), id);
            seen[i] = 1;
        }
        for (int i = 0; !rc && i < CODE_PER_ROW; i++) {
            struct code_rec got;
            code_get(c->fixed, chunk * CODE_PER_ROW + i, &got);
            if (!seen[i] && (got.flags || c->at[i].n))
                rc = diag_error(d, "'%s': reply %lld is gone but keeps its codes (reply_code)",
                                db_path(db), chunk * CODE_PER_ROW + i);
        }
        if (!rc && s != SQLITE_ROW && s != SQLITE_DONE)
            rc = diag_error(d, "database '%s': reading the replies: %s", db_path(db),
                            sqlite3_errmsg(db_sqlite(db)));
    }
    sqlite3_finalize(st);
    sqlite3_finalize(rows);
    if (c)
        free(c->ids);
    free(c);
    free(seen);
    free(ids);
    return rc;
}
