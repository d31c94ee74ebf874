/* Reading a reply back into a struct letter: its columns, its evidence unpacked
 * (base/pack.h), its proposers in their order. */
#include <stdint.h>
#include <stdio.h>
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

/* The hash of a reply's text: its 32 bytes since schema 063 (64 hex digits
 * before, or in a row another tool stored), read as the 64 lowercase hex digits
 * either way (the bytes: a copy of its own, bit `bit` of *owned set). */
static int col_hash(sqlite3_stmt *st, int i, char **field, uint64_t *owned, int bit)
{
    if (sqlite3_column_type(st, i) != SQLITE_BLOB || sqlite3_column_bytes(st, i) != DB_HASH_BYTES)
        return col_str(st, i, field, owned, bit);
    static const char pairs[] = /* each byte's two digits: twenty rows of a page read it */
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
        "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
        "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
        "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
        "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
        "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
        "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
        "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
    const unsigned char *p = sqlite3_column_blob(st, i);
    char hex[2 * DB_HASH_BYTES];
    for (int k = 0; k < DB_HASH_BYTES; k++)
        memcpy(hex + 2 * k, pairs + 2 * p[k], 2);
    if (owned)
        *owned |= (uint64_t)1 << bit;
    return letter_set(field, hex, sizeof hex);
}

/* When a reply was imported: the seconds since 1970 (UTC) in decimal since
 * schema 063 (digits alone: the column's TEXT affinity keeps them as text),
 * before (or in a row another tool stored) its ISO 8601 text, read as that text
 * either way, 2024-05-06T07:08:09Z (the seconds: a copy of its own, bit `bit` of
 * *owned set). */
static int col_time(sqlite3_stmt *st, int i, char **field, uint64_t *owned, int bit)
{
    int type = sqlite3_column_type(st, i);
    long long t = 0;
    if (type == SQLITE_TEXT) {
        const unsigned char *p = sqlite3_column_text(st, i);
        int n = sqlite3_column_bytes(st, i), j = p && p[0] == '-';
        if (n <= j || n > 18)
            type = SQLITE_NULL;
        for (int k = j; k < n && type == SQLITE_TEXT; k++) {
            if (p[k] < '0' || p[k] > '9')
                type = SQLITE_NULL;
            t = t * 10 + (p[k] - '0');
        }
        if (j)
            t = -t;
    } else if (type == SQLITE_INTEGER)
        t = sqlite3_column_int64(st, i);
    if (type != SQLITE_INTEGER && type != SQLITE_TEXT)
        return col_str(st, i, field, owned, bit);
    long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400), s = t - days * 86400;
    /* the civil date of a day count (H. Hinnant's days_from_civil, inverted) */
    long long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long long dd = doy - (153 * mp + 2) / 5 + 1, mm = mp < 10 ? mp + 3 : mp - 9;
    long long yy = yoe + era * 400 + (mm <= 2);
    char out[64];
    int n = sizeof "2024-05-06T07:08:09Z" - 1;
    if (yy < 0 || yy > 9999)
        n = snprintf(out, sizeof out, "%lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", yy, mm, dd,
                     s / 3600, s / 60 % 60, s % 60);
    else { /* the digits by hand: twenty rows of a page read it */
        long long v[6] = {yy / 100, yy % 100, mm, dd, s / 3600, s / 60 % 60};
        memcpy(out, "0000-00-00T00:00:00Z", (size_t)n);
        for (int j = 0; j < 6; j++) {
            int at = j < 2 ? 2 * j : 3 * j - 1;
            out[at] = (char)('0' + v[j] / 10);
            out[at + 1] = (char)('0' + v[j] % 10);
        }
        out[17] = (char)('0' + s % 60 / 10);
        out[18] = (char)('0' + s % 10);
    }
    if (owned)
        *owned |= (uint64_t)1 << bit;
    return letter_set(field, out, (size_t)n);
}

/* 64 hex digits into out[DB_HASH_BYTES]; -1 when s is anything else. */
static int hash_bytes(const char *s, size_t n, unsigned char *out)
{
    if (n != 2 * DB_HASH_BYTES)
        return -1;
    for (size_t k = 0; k < n; k++) {
        int c = (unsigned char)s[k], v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            return -1;
        if (k & 1)
            out[k / 2] |= (unsigned char)v;
        else
            out[k / 2] = (unsigned char)(v << 4);
    }
    return 0;
}

int db_bind_hash(sqlite3_stmt *st, int i, const char *hex)
{
    unsigned char b[DB_HASH_BYTES];
    if (!hex || hash_bytes(hex, strlen(hex), b))
        return db_bind_text(st, i, hex);
    return sqlite3_bind_blob(st, i, b, DB_HASH_BYTES, SQLITE_TRANSIENT);
}

void db_sql_hash_bytes(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    unsigned char b[DB_HASH_BYTES];
    const char *s = sqlite3_value_type(argv[0]) == SQLITE_TEXT
                        ? (const char *)sqlite3_value_text(argv[0])
                        : NULL;
    if (s && !hash_bytes(s, (size_t)sqlite3_value_bytes(argv[0]), b))
        sqlite3_result_blob(ctx, b, DB_HASH_BYTES, SQLITE_TRANSIENT);
    else
        sqlite3_result_value(ctx, argv[0]);
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

/* The proposers of replies read in one state of the archive (db_read_snapshot),
 * kept with the connection (DB_MEMO_PROPOSERS): a page of a search read again,
 * or a letter's proposers shown again, reads no statement (two b-tree seeks a
 * proposer: as much as the rest of the row). Reply id -> its names in their
 * order, each with its NUL, in one array; emptied at another state, and when
 * full. */
#define PROP_SLOTS 1024 /* a power of 2; half of it filled at most */
#define PROP_BYTES (64 * 1024)

struct prop_memo {
    unsigned long long snap;
    uint32_t gen; /* a slot of another gen is free: emptied without a memset */
    int n;        /* replies kept */
    struct {
        long long id;
        uint32_t gen;
        uint32_t off; /* into names */
        uint32_t count;
    } slot[PROP_SLOTS];
    struct buf names;
};

static void prop_memo_free(void *p)
{
    struct prop_memo *m = p;
    if (m)
        buf_release(&m->names);
    free(m);
}

/* Empties m for state snap. */
static void prop_reset(struct prop_memo *m, unsigned long long snap)
{
    if (!++m->gen) {
        memset(m->slot, 0, sizeof m->slot);
        m->gen = 1;
    }
    m->n = 0;
    buf_clear(&m->names);
    m->snap = snap;
}

static size_t prop_slot(long long id)
{
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15u;
    return (size_t)(h >> 52) & (PROP_SLOTS - 1);
}

/* The memo for the state the transaction under way reads, or NULL when none
 * can be kept (no transaction that reads only, or out of memory). */
static struct prop_memo *prop_memo_for(struct db *db)
{
    unsigned long long snap = db_read_snapshot(db);
    if (!snap)
        return NULL;
    struct prop_memo *m = db_memo(db, DB_MEMO_PROPOSERS);
    if (!m) {
        if (!(m = calloc(1, sizeof *m)))
            return NULL;
        m->names = (struct buf)BUF_INIT;
        m->gen = 1;
        db_set_memo(db, DB_MEMO_PROPOSERS, m, prop_memo_free);
    }
    if (m->snap != snap)
        prop_reset(m, snap);
    return m;
}

/* Reply id's names (l's last count) kept in m; nothing when full (it is
 * emptied for the next) or out of memory. */
static void prop_keep(struct prop_memo *m, long long id, const struct letter *l, size_t count)
{
    if (m->n >= PROP_SLOTS / 2 || m->names.len >= PROP_BYTES)
        prop_reset(m, m->snap);
    size_t off = m->names.len;
    for (size_t i = l->n_delegates - count; i < l->n_delegates; i++)
        buf_add(&m->names, l->delegates[i], strlen(l->delegates[i]) + 1);
    if (buf_failed(&m->names)) {
        prop_reset(m, m->snap);
        return;
    }
    size_t k = prop_slot(id);
    while (m->slot[k].gen == m->gen)
        k = (k + 1) & (PROP_SLOTS - 1);
    m->slot[k].gen = m->gen;
    m->slot[k].id = id;
    m->slot[k].off = (uint32_t)off;
    m->slot[k].count = (uint32_t)count;
    m->n++;
}

/* Reply id's names from m into l: 1 when kept, 0 when not, -1 out of memory. */
static int prop_give(const struct prop_memo *m, long long id, struct letter *l)
{
    size_t k = prop_slot(id);
    for (; m->slot[k].gen == m->gen; k = (k + 1) & (PROP_SLOTS - 1)) {
        if (m->slot[k].id != id)
            continue;
        const char *name = m->names.data + m->slot[k].off;
        for (uint32_t i = 0; i < m->slot[k].count; i++) {
            size_t len = strlen(name);
            if (letter_push_delegate(l, name, len))
                return -1;
            name += len + 1;
        }
        return 1;
    }
    return 0;
}

/* The proposers of reply l->id appended to l's, in their order. Returns 0, or
 * -1 with d set. */
static int proposers(struct db *db, struct letter *l, struct diag *d)
{
    struct prop_memo *m = l->id > 0 ? prop_memo_for(db) : NULL;
    if (m) {
        int kept = prop_give(m, l->id, l);
        if (kept)
            return kept < 0 ? diag_error(d, "out of memory") : 0;
    }
    size_t before = l->n_delegates;
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
    if (s != SQLITE_DONE)
        return -1;
    if (m)
        prop_keep(m, l->id, l, l->n_delegates - before);
    return 0;
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
        } else if (i == LETTER_F_sha256)
            rc |= col_hash(st, k++, letter_str(l, f), owned, (int)i);
        else if (f->type == LETTER_STR || f->type == LETTER_JSON)
            rc |= (f->flags & LETTER_BYTES) ? col_str_utf8(st, k++, letter_str(l, f), owned, (int)i)
                                            : col_str(st, k++, letter_str(l, f), owned, (int)i);
        else if (f->type == LETTER_INT)
            *letter_int(l, f) = sqlite3_column_int(st, k++);
    }
    if (!(flags & DB_ROW_NO_EVIDENCE)) /* shown with the evidence alone (the web's page) */
        rc |= col_time(st, k, &l->imported_at, owned, 63);
    if (rc)
        return diag_error(d, "out of memory");
    return proposers(db, l, d);
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

int db_same_reading(struct db *db, const struct letter *l, long long id, struct diag *d)
{
    struct letter old;
    letter_init(&old);
    int found = db_get_letter(db, id, &old, d);
    int same = 0;
    if (found > 0) {
        /* A copy whose characters differ in their forms only (traditional ones,
         * other widths): the reply read first stays as it is. */
        int other_forms = !l->text || !old.text || strcmp(l->text, old.text);
        same = other_forms || letter_same_fields(l, &old);
    }
    letter_release(&old);
    return found < 0 ? -1 : same;
}
