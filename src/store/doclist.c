/* doclist: the letters of one term read from FTS5's records (see doclist.h).
 * The layout read here is the one SQLite's ext/fts5/fts5_index.c describes:
 * the structure record (id 10), the leaves of each segment (id: the segment's
 * number << 37, plus the page's), a leaf's 4-byte header (the offset of its
 * first rowid when one starts before its first term, else 0; the offset of
 * its footer), its terms (the first whole, the next ones as the bytes kept of
 * the one before and the new ones, each prefixed '0' for the main index) and
 * the footer of their offsets (the first, then deltas). */
#include "store/doclist.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/varint.h"

#define STRUCTURE_ID 10
#define SEGMENT_ID(seg, pg) (((long long)(seg) << 37) + (long long)(pg))
#define MAX_LEVELS 64
#define MAX_SEGMENTS 2000
#define TERM_MAX 1024

/* A SQLite varint at a[*at], before end (varint_sqlite_get). Returns 0 and
 * moves *at past it, or -1. */
static inline int sv(const unsigned char *a, int end, int *at, unsigned long long *v)
{
    if (*at < end && a[*at] < 0x80) { /* a byte: most deltas and sizes */
        *v = a[(*at)++];
        return 0;
    }
    size_t i = (size_t)*at;
    if (varint_sqlite_get(a, (size_t)end, &i, v))
        return -1;
    *at = (int)i;
    return 0;
}

/* A varint that must fit an int. */
static int sv_int(const unsigned char *a, int end, int *at, int *v)
{
    unsigned long long x;
    if (sv(a, end, at, &x) || x > INT32_MAX)
        return -1;
    *v = (int)x;
    return 0;
}

struct seg {
    int id, first, last;
};

/* One leaf, read into a buffer kept from page to page. */
struct page {
    unsigned char *a;
    size_t cap;
    int nn;     /* its bytes */
    int szleaf; /* where its footer starts (nn: none) */
};

struct reader {
    sqlite3 *h;
    sqlite3_blob *blob;
    struct page p;
};

/* Reads leaf pg of segment s into r->p. Returns 0, 1 when it is not as a leaf
 * must be, -1 on a failed read, -2 out of memory. */
static int page_read(struct reader *r, const struct seg *s, int pg)
{
    long long id = SEGMENT_ID(s->id, pg);
    int rc = r->blob ? sqlite3_blob_reopen(r->blob, id)
                     : sqlite3_blob_open(r->h, "main", "reply_fts_data", "block", id, 0, &r->blob);
    if (rc != SQLITE_OK)
        return (rc & 0xFF) == SQLITE_ERROR ? 1 : -1;
    int n = sqlite3_blob_bytes(r->blob);
    if (n < 4)
        return 1;
    if (ARRAY_RESERVE(r->p.a, r->p.cap, (size_t)n, 4096))
        return -2;
    if (sqlite3_blob_read(r->blob, r->p.a, n, 0) != SQLITE_OK)
        return -1;
    r->p.nn = n;
    r->p.szleaf = (r->p.a[2] << 8) | r->p.a[3];
    return r->p.szleaf < 4 || r->p.szleaf > n ? 1 : 0;
}

/* The entries of one segment: id << 1, | 1 for one with no positions. */
struct entries {
    unsigned long long *v;
    size_t n, cap;
};

/* The ids an entry can hold (id << 1 | 1 fits 64 bits); past them (no letter's
 * id is) FTS5 reads the term. */
#define ENTRY_ID_MAX (1ULL << 62)

/* Where the doclist running onto the page in p ends: its first term, or
 * INT32_MAX for a page of none. Returns 0, or 1 when the footer is not read. */
static int page_end(const struct page *p, int *end)
{
    int at = p->szleaf;
    *end = INT32_MAX;
    return at < p->nn && (sv_int(p->a, p->nn, &at, end) || *end < 4);
}

/* Finds key[0..nkey) among the terms of the leaf in r->p. Returns 0 with *doc
 * the offset of its doclist and *end where the next term starts (INT32_MAX when
 * it is the page's last), 2 when the page does not hold it, 1 when the page is
 * not as expected. */
static int leaf_seek(const struct page *p, const unsigned char *key, int nkey, int *doc, int *end)
{
    const unsigned char *a = p->a;
    int at = p->szleaf, off;
    if (at >= p->nn)
        return 1; /* a page with no terms: reply_fts_idx names none */
    if (sv_int(a, p->nn, &at, &off))
        return 1;
    unsigned char term[TERM_MAX];
    int nterm = 0, keep = 0, first = 1;
    for (;;) {
        int i = off, nnew;
        if (!first && sv_int(a, p->szleaf, &i, &keep))
            return 1;
        if (sv_int(a, p->szleaf, &i, &nnew) || keep > nterm || nnew > TERM_MAX - keep ||
            nnew > p->szleaf - i)
            return 1;
        memcpy(term + keep, a + i, (size_t)nnew);
        nterm = keep + nnew;
        first = 0;
        int m = nterm < nkey ? nterm : nkey;
        int c = memcmp(term, key, (size_t)m);
        if (!c)
            c = nterm < nkey ? -1 : nterm > nkey;
        if (c > 0)
            return 2;
        int delta = 0;
        if (at < p->nn && sv_int(a, p->nn, &at, &delta))
            return 1;
        if (!c) {
            *doc = i + nnew;
            *end = delta ? off + delta : INT32_MAX;
            return 0;
        }
        if (!delta)
            return 2;
        if (delta < 0 || off + delta >= p->szleaf)
            return 1;
        off += delta;
    }
}

/* The entries of key in segment s into e. Returns 0, 1 when FTS5 must be
 * asked, -1 on a failed read, -2 out of memory. */
static int segment_entries(struct reader *r, sqlite3_stmt *idx, const struct seg *s,
                           const unsigned char *key, int nkey, struct entries *e)
{
    if (s->first == 0)
        return 0; /* every page merged away */
    sqlite3_reset(idx);
    sqlite3_bind_int(idx, 1, s->id);
    sqlite3_bind_blob(idx, 2, key, nkey, SQLITE_STATIC);
    int pg = s->first, st = sqlite3_step(idx);
    if (st == SQLITE_ROW)
        pg = (int)(sqlite3_column_int64(idx, 0) >> 1);
    else if (st != SQLITE_DONE)
        return -1;
    sqlite3_reset(idx);
    if (pg < s->first)
        pg = s->first;
    if (pg > s->last)
        return 0;
    int rc = page_read(r, s, pg);
    if (rc)
        return rc;
    int off, end;
    rc = leaf_seek(&r->p, key, nkey, &off, &end);
    if (rc)
        return rc == 2 ? 0 : rc;
    const unsigned char *a = r->p.a;
    /* the first rowid: right after the term, or first on the next page */
    if (off >= r->p.szleaf) {
        if (++pg > s->last)
            return 1;
        if ((rc = page_read(r, s, pg)))
            return rc;
        a = r->p.a;
        off = 4;
        if (((a[0] << 8) | a[1]) != off || page_end(&r->p, &end))
            return 1;
    }
    unsigned long long id, v;
    if (sv(a, r->p.szleaf, &off, &id))
        return 1;
    for (;;) {
        /* the entries of this page (room for as many as its bytes can hold:
         * each but the last takes a size and a delta), until its end or the
         * next term */
        int szleaf = r->p.szleaf, stop = end < szleaf ? end : szleaf;
        size_t most = (size_t)(szleaf - off) / 2 + 2;
        if (id == 0 || (e->cap - e->n < most && ARRAY_RESERVE(e->v, e->cap, e->n + most, 1024)))
            return id == 0 ? 1 : -2;
        unsigned long long *out = e->v + e->n;
        for (;;) {
            /* the position list's size (times 2, plus its delete flag) */
            if (sv(a, szleaf, &off, &v) || id >= ENTRY_ID_MAX)
                return 1;
            unsigned long long npos = v >> 1;
            *out++ = id << 1 | (npos == 0);
            if (npos > (unsigned long long)(INT32_MAX - off))
                return 1;
            off += (int)npos;
            if (off >= stop)
                break;
            if (sv(a, szleaf, &off, &v) || v == 0 || v >= ENTRY_ID_MAX)
                return 1;
            id += v;
        }
        e->n = (size_t)(out - e->v);
        if (off < szleaf)
            return 0; /* the next term */
        /* the next page with a rowid of this doclist, unless a term comes first */
        for (;;) {
            if (++pg > s->last)
                return 0;
            if ((rc = page_read(r, s, pg)))
                return rc;
            a = r->p.a;
            int first = (a[0] << 8) | a[1], terms = r->p.szleaf < r->p.nn;
            if (first) {
                if (first < 4 || first >= r->p.szleaf)
                    return 1;
                off = first;
                if (page_end(&r->p, &end) || sv(a, r->p.szleaf, &off, &id))
                    return 1;
                break;
            }
            if (terms)
                return 0;
        }
    }
}

/* The segments of the structure record p[0..n), newest first (level 0's last
 * segment first, as FTS5 orders them when a rowid is in several). Returns the
 * count, -1 when the record is not one this reader knows. */
static int structure_read(const unsigned char *p, int n, struct seg *out)
{
    int at = 4, nlevel, nseg, count = 0;
    unsigned long long writes;
    if (n < 8 || (p[4] == 0xFF && p[5] == 0 && p[6] == 0 && p[7] == 1))
        return -1; /* the format of contentless_delete tables */
    if (sv_int(p, n, &at, &nlevel) || sv_int(p, n, &at, &nseg) || sv(p, n, &at, &writes) ||
        nlevel > MAX_LEVELS || nseg > MAX_SEGMENTS)
        return -1;
    struct seg level[MAX_SEGMENTS];
    for (int l = 0; l < nlevel; l++) {
        int merge, total;
        if (sv_int(p, n, &at, &merge) || sv_int(p, n, &at, &total) || merge > total ||
            total > nseg - count)
            return -1;
        for (int i = 0; i < total; i++) {
            struct seg *s = &level[i];
            if (sv_int(p, n, &at, &s->id) || sv_int(p, n, &at, &s->first) ||
                sv_int(p, n, &at, &s->last) || s->last < s->first || s->id <= 0 || s->id > 0xFFFF)
                return -1;
        }
        for (int i = total - 1; i >= 0; i--)
            out[count++] = level[i];
    }
    return count == nseg ? count : -1;
}

/* Merges the entries of an older segment (old) under those of newer ones (*cur):
 * a rowid of both keeps the newer entry. Returns 0 or -1. */
static int merge_under(struct entries *cur, const struct entries *old, struct entries *tmp)
{
    tmp->n = 0;
    if (ARRAY_RESERVE(tmp->v, tmp->cap, cur->n + old->n, 1024))
        return -1;
    size_t i = 0, j = 0;
    while (i < cur->n || j < old->n) {
        unsigned long long a = i < cur->n ? cur->v[i] >> 1 : ~0ULL;
        unsigned long long b = j < old->n ? old->v[j] >> 1 : ~0ULL;
        if (a <= b) {
            tmp->v[tmp->n++] = cur->v[i++];
            j += a == b;
        } else
            tmp->v[tmp->n++] = old->v[j++];
    }
    struct entries t = *cur;
    *cur = *tmp;
    *tmp = t;
    return 0;
}

int doclist_term_ids(struct db *db, const char *term, size_t n, long long **ids, size_t *nids,
                     size_t *cap, struct diag *d)
{
    *nids = 0;
    sqlite3 *h = db_sqlite(db);
    if (n == 0 || n >= TERM_MAX || sqlite3_txn_state(h, "main") == SQLITE_TXN_WRITE)
        return 1;
    sqlite3_stmt *hold = NULL, *idx = NULL;
    struct reader r = {h, NULL, {NULL, 0, 0, 0}};
    struct entries cur = {NULL, 0, 0}, one = {NULL, 0, 0}, tmp = {NULL, 0, 0};
    struct seg *segs = NULL;
    unsigned char key[TERM_MAX];
    int rc = -1;
    key[0] = '0'; /* the main index's terms */
    memcpy(key + 1, term, n);
    /* The structure record, its statement held on its row so that every read
     * below is of the state it describes. */
    if (db_prepare_kept(db, "SELECT block FROM reply_fts_data WHERE id = 10", &hold, d))
        goto done;
    int s = sqlite3_step(hold);
    if (s != SQLITE_ROW) {
        rc = s == SQLITE_DONE ? 1 : -1;
        goto fail;
    }
    if (!(segs = malloc(MAX_SEGMENTS * sizeof *segs))) {
        diag_error(d, "out of memory");
        goto done;
    }
    int nseg = structure_read(sqlite3_column_blob(hold, 0), sqlite3_column_bytes(hold, 0), segs);
    if (nseg < 0) {
        rc = 1;
        goto done;
    }
    if (db_prepare_kept(db,
                        "SELECT pgno FROM reply_fts_idx WHERE segid = ?1 AND term <= ?2 "
                        "ORDER BY term DESC LIMIT 1",
                        &idx, d))
        goto done;
    for (int i = 0; i < nseg; i++) {
        one.n = 0;
        int r1 = segment_entries(&r, idx, &segs[i], key, (int)n + 1, &one);
        if (r1 == -2) {
            diag_error(d, "out of memory");
            goto done;
        }
        if (r1) {
            rc = r1;
            goto fail;
        }
        if (!i) {
            struct entries t = cur;
            cur = one;
            one = t;
        } else if (one.n && merge_under(&cur, &one, &tmp)) {
            diag_error(d, "out of memory");
            goto done;
        }
    }
    /* the hits, in place of the entries: the array becomes the caller's */
    size_t k = 0;
    for (size_t i = 0; i < cur.n; i++)
        if (!(cur.v[i] & 1))
            cur.v[k++] = cur.v[i] >> 1;
    free(*ids);
    *ids = (long long *)cur.v;
    *nids = k;
    *cap = cur.cap;
    cur.v = NULL;
    rc = 0;
    goto done;
fail:
    if (rc == -1)
        diag_error(d, "database '%s': reading the index: %s", db_path(db), sqlite3_errmsg(h));
done:
    if (r.blob)
        sqlite3_blob_close(r.blob);
    db_release_kept(db, idx);
    db_release_kept(db, hold);
    free(r.p.a);
    free(cur.v);
    free(one.v);
    free(tmp.v);
    free(segs);
    if (rc)
        *nids = 0;
    return rc;
}
