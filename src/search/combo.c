/* combo: the combinations of the fields of few values, kept with the
 * connection (see query_int.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/slots.h"
#include "search/query_int.h"

struct combos_memo {
    struct combos c;
    char *text; /* the texts of c.v, one block */
};

static void combos_free(void *p)
{
    struct combos_memo *m = p;
    if (!m)
        return;
    free(m->c.v);
    free(m->text);
    free(m);
}

int search_hold_read(struct db *db, sqlite3_stmt **hold, unsigned long long *snap, struct diag *d)
{
    *snap = 0;
    if (db_prepare_kept(db, "SELECT 1 FROM sqlite_schema", hold, d))
        return -1;
    int s = sqlite3_step(*hold);
    if (s != SQLITE_ROW && s != SQLITE_DONE)
        return diag_error(d, "database '%s': reading: %s", db_path(db),
                          sqlite3_errmsg(db_sqlite(db)));
    *snap = db_snapshot(db);
    return 0;
}

/* The texts of the fields, each once (so that one value is one pointer),
 * as offsets into the block (+1). */
struct interned {
    const struct buf *text;
    size_t *at;
    size_t n, cap;
    struct slots index;
};

static size_t interned_hash(const void *ctx, size_t i)
{
    const struct interned *t = ctx;
    return slots_hash_str(t->text->data + t->at[i] - 1);
}

struct interned_key {
    const struct interned *t;
    const char *s;
    size_t len;
};

static int interned_same(const void *ctx, size_t i)
{
    const struct interned_key *k = ctx;
    const char *c = k->t->text->data + k->t->at[i] - 1;
    return !strncmp(c, k->s, k->len) && !c[k->len];
}

/* The text s[0..len) (no NUL in it) as an offset into b (+1), 0 for NULL; the
 * same offset for the same text with t. */
static size_t keep_text(const char *s, size_t len, struct buf *b, struct interned *t)
{
    if (!s)
        return 0;
    size_t *slot = NULL;
    if (t) {
        if (slots_room(&t->index, t->n, 64, interned_hash, t) ||
            ARRAY_RESERVE(t->at, t->cap, t->n + 1, 64)) {
            buf_fail(b);
            return 0;
        }
        struct interned_key k = {t, s, len};
        slot = slots_find(&t->index, slots_hash(s, len), interned_same, &k);
        if (*slot)
            return t->at[*slot - 1];
    }
    size_t at = b->len + 1;
    if (s[len]) {
        buf_add(b, s, len);
        buf_addch(b, '\0');
    } else {
        buf_add(b, s, len + 1); /* its NUL with it */
    }
    if (t && !buf_failed(b)) {
        t->at[t->n] = at;
        *slot = ++t->n;
    }
    return at;
}

/* One value of a combination's key as quote() writes it, from *p on, up to
 * the '|' after it (passed) or the end: a text ('…', '' for a quote) as
 * (*text, *len), in place or, with quotes in it, copied into tmp; NULL; or a
 * whole number (*num, *is_num). Returns 0, or -1 when it is none of those or
 * does not fit. */
static int key_value(const char **p, char *tmp, size_t room, const char **text, size_t *len,
                     long long *num, int *is_num)
{
    const char *s = *p;
    *text = NULL;
    *is_num = 0;
    if (*s == '\'') {
        const char *q = ++s;
        while (*q && *q != '\'')
            q++;
        if (!*q)
            return -1;
        if (q[1] != '\'') { /* no quote inside: the text as it is */
            *text = s, *len = (size_t)(q - s);
            s = q + 1;
        } else {
            size_t n = 0;
            for (;; s++) {
                if (!*s)
                    return -1;
                if (*s == '\'' && s[1] != '\'')
                    break;
                if (*s == '\'')
                    s++;
                if (n + 1 >= room)
                    return -1;
                tmp[n++] = *s;
            }
            tmp[n] = '\0';
            *text = tmp, *len = n;
            s++;
        }
    } else if (!strncmp(s, "NULL", 4)) {
        s += 4;
    } else {
        int neg = *s == '-';
        const char *d = s + neg;
        long long v = 0;
        for (s = d; *s >= '0' && *s <= '9'; s++) {
            if (s - d >= 18)
                return -1;
            v = v * 10 + (*s - '0');
        }
        if (s == d)
            return -1;
        *num = neg ? -v : v;
        *is_num = 1;
    }
    if (*s && *s != '|')
        return -1;
    *p = *s ? s + 1 : s;
    return 0;
}

/* The fields of a key (reply.combo_k): the quoted body, kind, category, term,
 * session and year, between '|'. */
#define KEY_FIELDS 6

/* Reads combination c's fields from its key k (klen bytes), from field first
 * on, which starts at k + from (those before it set already), their texts into
 * b (at[1..4]: body, kind, category, year), where each field ends in k into
 * end[] (its '|' or the key's end). Returns 0, or -1 when the key does not
 * read so. */
static int key_fields(const char *k, size_t klen, int first, size_t from, struct combo *c,
                      size_t at[5], size_t end[KEY_FIELDS], struct buf *b, struct interned *t)
{
    static const int pos[KEY_FIELDS] = {1,  2,  3,
                                        -1, -2, 4}; /* at[] of a text; -1 term, -2 session */
    char tmp[256];
    const char *p = k + from;
    for (int i = first; i < KEY_FIELDS; i++) {
        const char *text;
        size_t len = 0;
        long long num = 0;
        int is_num;
        if (key_value(&p, tmp, sizeof tmp, &text, &len, &num, &is_num) ||
            (i == KEY_FIELDS - 1) != !*p)
            return -1;
        end[i] = *p ? (size_t)(p - k) - 1 : klen;
        if (pos[i] > 0) {
            if (is_num)
                return -1;
            at[pos[i]] = keep_text(text, len, b, t);
        } else if (text) {
            return -1;
        } else if (pos[i] == -1) {
            c->has_term = is_num, c->term = num;
        } else {
            c->has_session = is_num, c->session = num;
        }
    }
    return 0;
}

/* Every row of reply_combo into a new memo for snapshot snap; NULL with d set.
 * The fields are read from each key (two columns a row, not eight: a third of
 * the work), from the first that differs from the key before; a key that does
 * not read so has them read from its row. */
static struct combos_memo *combos_load(struct db *db, unsigned long long snap, struct diag *d)
{
    sqlite3_stmt *st = NULL, *row = NULL;
    if (db_prepare_kept(db, "SELECT k, n FROM reply_combo", &st, d))
        return NULL;
    struct combos_memo *m = calloc(1, sizeof *m);
    struct buf text = BUF_INIT;
    struct interned fields = {&text, NULL, 0, 0, SLOTS_INIT};
    size_t cap = 0, *at = NULL; /* the texts as offsets (+1; 0: NULL) while the block grows */
    size_t end[KEY_FIELDS], prev_len = 0; /* where the last key's fields end, and its length */
    int prev = 0;                         /* its fields read from it */
    int s = SQLITE_DONE, oom = !m, failed = 0;
    while (!oom && !failed && (s = sqlite3_step(st)) == SQLITE_ROW) {
        if (m->c.n == cap) {
            cap = cap ? cap * 2 : 256;
            struct combo *v = realloc(m->c.v, cap * sizeof *v);
            if (v)
                m->c.v = v;
            size_t *a = realloc(at, cap * 5 * sizeof *a);
            if (a)
                at = a;
            if (!v || !a) {
                oom = 1;
                break;
            }
        }
        size_t *f = &at[m->c.n * 5];
        struct combo *c = &m->c.v[m->c.n++];
        const char *k = (const char *)sqlite3_column_text(st, 0);
        size_t klen = (size_t)sqlite3_column_bytes(st, 0);
        c->n = sqlite3_column_int64(st, 1);
        /* The keys come in their order: the fields a key shares with the one
         * before, up to the '|' after them, are that one's. */
        int first = 0;
        if (k && prev && !buf_failed(&text)) {
            const char *pk = text.data + f[-5] - 1;
            size_t same = 0, most = klen < prev_len ? klen : prev_len;
            for (uint64_t a, b; same + 8 <= most; same += 8) {
                memcpy(&a, pk + same, 8);
                memcpy(&b, k + same, 8);
                if (a != b)
                    break;
            }
            while (same < most && pk[same] == k[same])
                same++;
            while (first < KEY_FIELDS - 1 && end[first] < same)
                first++;
            memcpy(f + 1, f - 4, 4 * sizeof *f);
            c->has_term = c[-1].has_term, c->term = c[-1].term;
            c->has_session = c[-1].has_session, c->session = c[-1].session;
        }
        f[0] = keep_text(k, klen, &text, NULL);
        prev = k && !key_fields(k, klen, first, first ? end[first - 1] + 1 : 0, c, f, end, &text,
                                &fields);
        prev_len = klen;
        if (prev)
            continue;
        if ((!row && db_prepare_kept(db,
                                     "SELECT body, kind, category, date, term, session "
                                     "FROM reply_combo WHERE k = ?1",
                                     &row, d)) ||
            (sqlite3_bind_value(row, 1, sqlite3_column_value(st, 0)),
             sqlite3_step(row) != SQLITE_ROW)) {
            failed = 1;
            break;
        }
        for (int i = 0; i < 4; i++) {
            const char *v = (const char *)sqlite3_column_text(row, i);
            f[i + 1] = keep_text(v, v ? strlen(v) : 0, &text, &fields);
        }
        c->has_term = sqlite3_column_type(row, 4) == SQLITE_INTEGER;
        c->term = sqlite3_column_int64(row, 4);
        c->has_session = sqlite3_column_type(row, 5) == SQLITE_INTEGER;
        c->session = sqlite3_column_int64(row, 5);
        sqlite3_reset(row);
    }
    failed |= !oom && s != SQLITE_DONE && s != SQLITE_ROW;
    if (failed)
        diag_error(d, "database '%s': reading combinations: %s", db_path(db),
                   sqlite3_errmsg(db_sqlite(db)));
    db_release_kept(db, row);
    db_release_kept(db, st);
    free(fields.at);
    slots_release(&fields.index);
    if (!failed && (oom || buf_failed(&text))) {
        failed = 1;
        diag_error(d, "out of memory");
    }
    if (failed) {
        free(at);
        buf_release(&text);
        combos_free(m);
        return NULL;
    }
    m->text = buf_detach(&text);
    for (size_t i = 0; i < m->c.n; i++) {
        struct combo *c = &m->c.v[i];
        const char **field[5] = {&c->k, &c->body, &c->kind, &c->category, &c->year};
        for (int j = 0; j < 5; j++)
            *field[j] = at[i * 5 + (size_t)j] ? m->text + at[i * 5 + (size_t)j] - 1 : NULL;
    }
    free(at);
    m->c.snap = snap;
    return m;
}

const struct combos *search_combos_kept(struct db *db, unsigned long long snap)
{
    struct combos_memo *m = db_memo(db, DB_MEMO_COMBOS);
    return m && snap && m->c.snap == snap ? &m->c : NULL;
}

const struct combos *search_combos(struct db *db, unsigned long long snap, struct diag *d)
{
    struct combos_memo *m = db_memo(db, DB_MEMO_COMBOS);
    if (m && m->c.snap == snap)
        return &m->c;
    if (!(m = combos_load(db, snap, d)))
        return NULL;
    db_set_memo(db, DB_MEMO_COMBOS, m, combos_free);
    return &m->c;
}

/* The one pointer of value in column `field` of cs (interned), or `none`
 * when no combination holds it. */
static const char *interned_value(const struct combos *cs, size_t field, const char *value)
{
    static const char none[] = "";
    const char *last = NULL; /* compared already (the next combinations mostly hold it too) */
    for (size_t i = 0; i < cs->n; i++) {
        const char *c = *(const char *const *)((const char *)&cs->v[i] + field);
        if (c == last)
            continue;
        if (c && !strcmp(c, value))
            return c;
        last = c;
    }
    return none;
}

void search_combo_filter(struct combo_filter *f, const struct search_opts *o,
                         const struct combos *cs)
{
    f->body = o->body ? interned_value(cs, offsetof(struct combo, body), o->body) : NULL;
    f->kind = o->kind ? interned_value(cs, offsetof(struct combo, kind), o->kind) : NULL;
    f->category =
        o->category ? interned_value(cs, offsetof(struct combo, category), o->category) : NULL;
    f->term = o->term;
    f->session = o->session;
    f->year = o->year;
    /* The year as the date writes it and the next (filter_sql.c): the dates
     * from the one up to the other, excluded. */
    snprintf(f->from, sizeof f->from, "%04d", o->year);
    snprintf(f->below, sizeof f->below, "%04d", o->year + 1);
}

int search_combo_selects(const struct combo *c, const struct combo_filter *f)
{
    return (!f->body || c->body == f->body) && (!f->kind || c->kind == f->kind) &&
           (!f->category || c->category == f->category) &&
           (!f->term || (c->has_term && c->term == f->term)) &&
           (!f->session || (c->has_session && c->session == f->session)) &&
           (!f->year ||
            (c->year && strcmp(c->year, f->from) >= 0 && strcmp(c->year, f->below) < 0));
}

void search_combo_list_add(struct buf *b, const char *k)
{
    buf_addch(b, b->len ? ',' : '[');
    buf_addch(b, '"');
    const char *run = k; /* the bytes from run on go as they are */
    for (const char *p = k;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c && c != '"' && c != '\\' && c >= 0x20)
            continue;
        buf_add(b, run, (size_t)(p - run));
        if (!c)
            break;
        if (c < 0x20)
            buf_printf(b, "\\u%04x", c);
        else {
            buf_addch(b, '\\');
            buf_addch(b, (char)c);
        }
        run = p + 1;
    }
    buf_addch(b, '"');
}

/* Where each field of key k (klen bytes) starts, and the year's text (in
 * place, or copied into tmp when it holds a quote) in (*year, *ylen), or
 * NULL. Returns 0, or -1 when the key does not read as key_fields reads it. */
static int key_bounds(const char *k, size_t start[KEY_FIELDS], char *tmp, size_t room,
                      const char **year, size_t *ylen)
{
    const char *p = k;
    for (int i = 0; i < KEY_FIELDS; i++) {
        const char *text;
        size_t len = 0;
        long long num = 0;
        int is_num;
        start[i] = (size_t)(p - k);
        if (key_value(&p, tmp, room, &text, &len, &num, &is_num) || (i == KEY_FIELDS - 1) != !*p ||
            (is_num && i != 3 && i != 4) || (text && (i == 3 || i == 4)))
            return -1;
        *year = text, *ylen = len;
    }
    return 0;
}

/* strcmp of the text a[0..an) (no NUL in it) and b. */
static int text_cmp(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : an < bn ? -1 : an > bn;
}

/* Appends value s as quote() writes it. */
static void add_quoted(struct buf *b, const char *s)
{
    buf_addch(b, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            buf_addch(b, '\'');
        buf_addch(b, *s);
    }
    buf_addch(b, '\'');
}

/* Compares the bytes a[0..an) with those of b as memcmp would the shorter
 * first. */
static int bytes_cmp(const char *a, size_t an, const struct buf *b)
{
    int c = memcmp(a, b->data, an < b->len ? an : b->len);
    return c ? c : an < b->len ? -1 : an > b->len;
}

/* The rows read on towards a key bound before a look from it. */
#define PROBE_AHEAD 4

int search_combo_probe(struct db *db, const struct search_opts *o, size_t looks, struct buf *list,
                       struct diag *d)
{
    /* Each field filtered, as the bytes its text in a key the filters select
     * starts with (lo) and is below (hi): a value and its '|' (the year: the
     * years from the one to the next, quoted) */
    struct buf lo[KEY_FIELDS], hi[KEY_FIELDS], at = BUF_INIT;
    const char *text[3] = {o->body, o->kind, o->category};
    int num[2] = {o->term, o->session}, on[KEY_FIELDS];
    char from[16], below[16];
    snprintf(from, sizeof from, "%04d", o->year);
    snprintf(below, sizeof below, "%04d", o->year + 1);
    for (int i = 0; i < KEY_FIELDS; i++) {
        lo[i] = (struct buf)BUF_INIT, hi[i] = (struct buf)BUF_INIT;
        on[i] = i < 3 ? !!text[i] : i < 5 ? !!num[i - 3] : !!o->year;
        if (on[i] && i < 3)
            add_quoted(&lo[i], text[i]);
        else if (on[i] && i < 5)
            buf_printf(&lo[i], "%d", num[i - 3]);
        if (on[i] && i < 5) {
            buf_add(&hi[i], lo[i].data, lo[i].len);
            buf_addch(&lo[i], '|');
            buf_addch(&hi[i], '}');
        } else if (on[i]) {
            buf_printf(&lo[i], "'%s", from);
            buf_printf(&hi[i], "'%s", below);
        }
    }
    sqlite3_stmt *st = NULL;
    int rc = db_prepare_kept(db, "SELECT k FROM reply_combo WHERE k >= ?1 ORDER BY k", &st, d);
    int ahead = 0; /* the rows read on from the last look towards the key bound, + 1 */
    while (!rc) {
        for (int i = 0; i < KEY_FIELDS; i++)
            if (buf_failed(&lo[i]) || buf_failed(&hi[i]))
                buf_fail(&at);
        if (buf_failed(&at)) {
            rc = diag_error(d, "out of memory");
            break;
        }
        /* the next rows first, then a look from the key bound */
        int s;
        if (!ahead) {
            if (!looks--) {
                rc = -2;
                break;
            }
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, at.data, (int)at.len, SQLITE_TRANSIENT);
        }
        if ((s = sqlite3_step(st)) != SQLITE_ROW) {
            if (s != SQLITE_DONE)
                rc = diag_error(d, "database '%s': reading combinations: %s", db_path(db),
                                sqlite3_errmsg(db_sqlite(db)));
            break;
        }
        if (ahead && bytes_cmp((const char *)sqlite3_column_text(st, 0),
                               (size_t)sqlite3_column_bytes(st, 0), &at) < 0) {
            ahead = ahead < PROBE_AHEAD ? ahead + 1 : 0;
            continue;
        }
        const char *k = (const char *)sqlite3_column_text(st, 0), *year = NULL;
        size_t klen = (size_t)sqlite3_column_bytes(st, 0), start[KEY_FIELDS], ylen = 0;
        char tmp[256];
        if (!k || key_bounds(k, start, tmp, sizeof tmp, &year, &ylen)) {
            rc = -2; /* read every row instead */
            break;
        }
        /* The first field filtered whose value the filters do not select: the
         * next key that may hold it, or past every key with the fields
         * before it as they are */
        int i = 0, below_lo = 0;
        for (; i < KEY_FIELDS; i++)
            if (on[i] && ((below_lo = bytes_cmp(k + start[i], klen - start[i], &lo[i]) < 0) ||
                          bytes_cmp(k + start[i], klen - start[i], &hi[i]) >= 0))
                break;
        buf_clear(&at);
        if (i == KEY_FIELDS) {
            /* the fields before the year are the values filtered; the year
             * as search_combo_selects compares it */
            if (!o->year ||
                (year && text_cmp(year, ylen, from) >= 0 && text_cmp(year, ylen, below) < 0))
                search_combo_list_add(list, k);
            buf_add(&at, k, klen);
            buf_add(&at, "", 1); /* the next key */
        } else if (below_lo) {
            buf_add(&at, k, start[i]);
            buf_add(&at, lo[i].data, lo[i].len);
        } else if (i == 0) {
            break;
        } else {
            buf_add(&at, k, start[i] - 1);
            buf_addch(&at, '}');
        }
        ahead = 1;
    }
    db_release_kept(db, st);
    buf_release(&at);
    for (int i = 0; i < KEY_FIELDS; i++)
        buf_release(&lo[i]), buf_release(&hi[i]);
    return rc;
}
