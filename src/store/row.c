/* Reading a reply back into a struct letter: its columns, its evidence unpacked
 * (base/pack.h), its proposers in their order. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/pack.h"
#include "store/db_int.h"
#include "text/text.h"

/* A string column's text into *field: a copy, or with *owned (a letter read
 * as a view, db_row_letter_view) the row's own text, bit `bit` of *owned left
 * clear. */
static int col_str(sqlite3_stmt *st, int i, char **field, uint64_t *owned, int bit)
{
    (void)bit;
    const unsigned char *s = sqlite3_column_text(st, i);
    if (!s)
        return 0;
    if (owned) {
        *field = (char *)s;
        return 0;
    }
    return letter_set(field, (const char *)s, (size_t)sqlite3_column_bytes(st, i));
}

/* A source stored by an older dafu may hold a file name's raw bytes: read it
 * as valid UTF-8 (utf8_escape), so no output carries invalid UTF-8 (a copy of
 * its own, bit `bit` of *owned set). */
static int col_str_utf8(sqlite3_stmt *st, int i, char **field, uint64_t *owned, int bit)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    size_t n = (size_t)sqlite3_column_bytes(st, i);
    if (!s || utf8_valid(s, n))
        return col_str(st, i, field, owned, bit);
    struct buf b = BUF_INIT;
    int rc = utf8_escape(s, n, 0, &b) || letter_set(field, b.data, b.len);
    buf_release(&b);
    if (owned && *field)
        *owned |= (uint64_t)1 << bit;
    return rc ? -1 : 0;
}

/* A field stored packed (a BLOB, base/pack.h) against the letter's text, column
 * t (-1: none). Returns 0, -1 out of memory, -2 when the BLOB is not a packed text,
 * -3 when the text no longer matches it (the field is left NULL). With owned, a
 * field of its own: bit `bit` of *owned set. */
static int col_unpack(sqlite3_stmt *st, int i, int t, char **field, uint64_t *owned, int bit)
{
    if (owned)
        *owned |= (uint64_t)1 << bit;
    struct buf b = BUF_INIT;
    const char *text = t >= 0 ? (const char *)sqlite3_column_text(st, t) : NULL;
    size_t tn = t >= 0 ? (size_t)sqlite3_column_bytes(st, t) : 0;
    const void *p = sqlite3_column_blob(st, i);
    int rc = unpack_text(p, (size_t)sqlite3_column_bytes(st, i), text, tn, &b);
    if (!rc && letter_set(field, b.data, b.len))
        rc = -1;
    buf_release(&b);
    return rc;
}

/* SQL function dafu_evidence_pack(evidence, text): a packed evidence (a BLOB,
 * base/pack.h) packed again against the letter's text, as a reply's is stored
 * since schema 049, with the sum of schema 054; anything else (NULL, a TEXT, a
 * BLOB that is no packed text or that the text no longer matches) as it is. */
void db_sql_evidence_pack(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
        sqlite3_result_value(ctx, argv[0]);
        return;
    }
    const char *text = (const char *)sqlite3_value_text(argv[1]);
    size_t tn = (size_t)sqlite3_value_bytes(argv[1]);
    const void *p = sqlite3_value_blob(argv[0]);
    size_t n = (size_t)sqlite3_value_bytes(argv[0]);
    struct buf u = BUF_INIT, out = BUF_INIT;
    int rc = unpack_text(p, n, text, tn, &u);
    if (rc == -2 || rc == -3)
        sqlite3_result_value(ctx, argv[0]);
    else if (rc || pack_text(u.data, u.len, text, tn, &out))
        sqlite3_result_error_nomem(ctx);
    else
        sqlite3_result_blob(ctx, out.data, (int)out.len, SQLITE_TRANSIENT);
    buf_release(&u);
    buf_release(&out);
}

/* db_row_letter, and with owned db_row_letter_view. */
static int row_letter(struct db *db, sqlite3_stmt *st, struct letter *l, int flags, uint64_t *owned,
                      struct diag *d)
{
    if (owned)
        *owned = 0;
    l->id = sqlite3_column_int64(st, 0);
    int rc = 0;
    int k = 1, text = -1; /* the text's column: the evidence is packed against it */
    for (size_t i = 0; i < LETTER_NFIELDS; i++) {
        const struct letter_field *f = &letter_fields[i];
        if (i == LETTER_F_text)
            text = k;
        if (f->type == LETTER_JSON && (flags & DB_ROW_NO_EVIDENCE)) {
            k++;
        } else if (f->type == LETTER_JSON && sqlite3_column_type(st, k) == SQLITE_BLOB) {
            int u = col_unpack(st, k++, text, letter_str(l, f), owned, (int)i);
            if (u == -2)
                return diag_error(d, "database '%s': reply %lld: its %s is not a packed text",
                                  db_path(db), l->id, f->name);
            if (u == -3)
                l->evidence_stale = 1; /* LETTER_JSON is the evidence alone */
            else
                rc |= u;
        } else if (f->type == LETTER_STR || f->type == LETTER_JSON)
            rc |= (f->flags & LETTER_BYTES) ? col_str_utf8(st, k++, letter_str(l, f), owned, (int)i)
                                            : col_str(st, k++, letter_str(l, f), owned, (int)i);
        else if (f->type == LETTER_INT)
            *letter_int(l, f) = sqlite3_column_int(st, k++);
    }
    rc |= col_str(st, k, &l->imported_at, owned, 63);
    if (rc)
        return diag_error(d, "out of memory");
    /* The proposers in their order, sorted here: the statement then reads the
     * reply's links and their names without a sorter of its own (a letter
     * has a few). */
    sqlite3_stmt *ds = NULL;
    if (db_cached(db,
                  "SELECT rd.position, d.name FROM reply_delegate rd JOIN delegate d ON d.id = "
                  "rd.delegate_id WHERE rd.reply_id = ?1",
                  &ds, d))
        return -1;
    sqlite3_bind_int64(ds, 1, l->id);
    /* Any end but SQLITE_DONE (an interrupt at the time limit, a read error)
     * fails the letter: it is never returned with part of its proposers. */
    int s;
    long long *pos = NULL;
    size_t npos = 0, cap = 0;
    while ((s = sqlite3_step(ds)) == SQLITE_ROW) {
        const char *n = (const char *)sqlite3_column_text(ds, 1);
        if (!n)
            continue;
        if (npos == cap) {
            size_t c = cap ? 2 * cap : 8;
            long long *p = realloc(pos, c * sizeof *p);
            if (!p)
                break;
            pos = p;
            cap = c;
        }
        if (letter_push_delegate(l, n, strlen(n)))
            break;
        /* Into its place among those read (insertion: a few). */
        long long at = sqlite3_column_int64(ds, 0);
        size_t i = npos++;
        char *name = l->delegates[l->n_delegates - 1];
        for (; i > 0 && pos[i - 1] > at; i--) {
            pos[i] = pos[i - 1];
            l->delegates[l->n_delegates - npos + i] = l->delegates[l->n_delegates - npos + i - 1];
        }
        pos[i] = at;
        l->delegates[l->n_delegates - npos + i] = name;
    }
    free(pos);
    if (s == SQLITE_ROW) {
        sqlite3_reset(ds);
        return diag_error(d, "out of memory");
    }
    if (s != SQLITE_DONE)
        diag_error(d, "database '%s': reading the proposers of reply %lld: %s", db_path(db), l->id,
                   sqlite3_errmsg(db_sqlite(db)));
    sqlite3_reset(ds);
    return s == SQLITE_DONE ? 0 : -1;
}

int db_row_letter(struct db *db, sqlite3_stmt *st, struct letter *l, int flags, struct diag *d)
{
    return row_letter(db, st, l, flags, NULL, d);
}

int db_row_letter_view(struct db *db, sqlite3_stmt *st, struct letter *l, int flags,
                       uint64_t *owned, struct diag *d)
{
    return row_letter(db, st, l, flags, owned, d);
}

void db_row_letter_release(struct letter *l, uint64_t owned)
{
    for (size_t i = 0; i < LETTER_NFIELDS; i++) {
        const struct letter_field *f = &letter_fields[i];
        if ((f->type == LETTER_STR || f->type == LETTER_JSON) && !(owned >> i & 1))
            *letter_str(l, f) = NULL;
    }
    if (!(owned >> 63 & 1))
        l->imported_at = NULL;
    letter_release(l);
}

int db_get_letter(struct db *db, long long id, struct letter *l, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    /* kept with the connection: a listing reads one reply after another */
    if (db_prepare_kept(db, "SELECT " DB_REPLY_COLUMNS " FROM reply r WHERE r.id = ?1", &st, d))
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = 0;
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW)
        rc = db_row_letter(db, st, l, 0, d) ? -1 : 1;
    else if (s != SQLITE_DONE)
        rc = diag_error(d, "database '%s': reading reply %lld: %s", db_path(db), id,
                        sqlite3_errmsg(db_sqlite(db)));
    db_release_kept(db, st);
    return rc;
}
