/* similar: near-duplicate replies (see similar.h). */
#include "similar/similar.h"

#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/buf.h"
#include "similar/bands.h"
#include "similar/memo.h"
#include "similar/row.h"
#include "similar/similar_int.h"
#include "similar/sketch.h"
#include "store/idlist.h"
#include "text/text.h"

/* ---- the index in the archive ---- */

static const char *const sim_sql[ST_N] = {
    [ST_SIG_PUT] = "INSERT OR REPLACE INTO similar_sig(id, shingles, hi) VALUES (?1, ?2, ?3)",
    [ST_BAND_GET] = NULL, /* built by similar_open: one statement for all bands */
    [ST_ROW] = "SELECT text, title, delegates, number_key, department_key, date "
               "FROM reply WHERE id = ?1",
    [ST_ROW_META] = "SELECT NULL, title, delegates, number_key, department_key, date "
                    "FROM reply WHERE id = ?1",
    [ST_PAIR_PUT] =
        "INSERT OR REPLACE INTO similar_pair(a, b, score, copy) VALUES (?1, ?2, ?3, ?4)",
    [ST_PAIR_DEL_B] = "DELETE FROM similar_pair WHERE b = ?1 AND a IN "
                      "(SELECT b FROM similar_pair WHERE a = ?1)",
    [ST_PAIR_DEL_A] = "DELETE FROM similar_pair WHERE a = ?1",
    [ST_COPY_GET] = "SELECT grp FROM similar_copy WHERE id = ?1",
    [ST_COPY_MEMBERS] = "SELECT id FROM similar_copy WHERE grp = ?1",
    [ST_COPY_PUT] = "INSERT OR REPLACE INTO similar_copy(id, grp) VALUES (?1, ?2)",
    [ST_COPY_DEL] = "DELETE FROM similar_copy WHERE id = ?1",
    [ST_FULLNESS] = "SELECT (number_key IS NOT NULL) + (department IS NOT NULL) + "
                    "(title IS NOT NULL) + (delegates IS NOT NULL) + (date IS NOT NULL) "
                    "FROM reply WHERE id = ?1",
    [ST_PENDING] = "SELECT id FROM similar_pending ORDER BY id LIMIT ?1",
    [ST_PENDING_DEL] = "DELETE FROM similar_pending WHERE id = ?1",
    [ST_PENDING_PUT] = "INSERT OR IGNORE INTO similar_pending(id) VALUES (?1)",
    [ST_SKETCH_PUT] = "INSERT OR REPLACE INTO similar_sketch(id, sk) VALUES (?1, ?2)",
    [ST_SKETCH_GET] = "SELECT sk FROM similar_sketch WHERE id = ?1",
    [ST_HIGH_GET] = "SELECT hi FROM similar_sig WHERE id = ?1",
};

int similar_open(struct similar **out, struct db *db, struct diag *d)
{
    *out = NULL;
    struct similar *s = calloc(1, sizeof *s);
    if (!s)
        return diag_error(d, "out of memory");
    if (memo_init(&s->m) || !(s->sketches = calloc(SIM_SKETCHES, sizeof *s->sketches))) {
        memo_release(&s->m);
        free(s);
        return diag_error(d, "out of memory");
    }
    s->db = db;
    struct buf get = BUF_INIT;
    buf_adds(&get, "SELECT key, ids FROM similar_band_ids WHERE key IN (");
    for (int b = 1; b <= SIM_BANDS; b++)
        buf_printf(&get, "%s?%d", b > 1 ? ", " : "", b);
    buf_addch(&get, ')');
    int rc = 0;
    for (int i = 0; i < ST_N && !rc; i++) {
        const char *sql = i == ST_BAND_GET ? get.data : sim_sql[i];
        if (sqlite3_prepare_v3(db_sqlite(db), sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
                               NULL) != SQLITE_OK) {
            diag_error(d, "database '%s': preparing the similarity index: %s", db_path(db),
                       sqlite3_errmsg(db_sqlite(db)));
            rc = -1;
        }
    }
    buf_release(&get);
    if (!rc && sqlite3_prepare_v3(db_sqlite(db), "PRAGMA data_version", -1,
                                  SQLITE_PREPARE_PERSISTENT, &s->version, NULL) != SQLITE_OK) {
        diag_error(d, "database '%s': preparing the similarity index: %s", db_path(db),
                   sqlite3_errmsg(db_sqlite(db)));
        rc = -1;
    }
    if (!rc)
        rc = bands_open(&s->bands, db, d);
    if (rc) {
        similar_close(s);
        return -1;
    }
    /* Nothing is kept yet: the first pass has nothing to forget (pass_start)
     * unless another connection writes before it. */
    s->seen_version = -1;
    if (sqlite3_step(s->version) == SQLITE_ROW)
        s->seen_version = sqlite3_column_int64(s->version, 0);
    sqlite3_reset(s->version);
    *out = s;
    return 0;
}

int similar_settle(struct similar *s, long long changed, struct diag *d)
{
    if (!db_changed_much(s->db, changed))
        return 0;
    if (db_exec(s->db, "BEGIN IMMEDIATE", d))
        return -1;
    /* another connection may have written since the import's last commit:
     * the waiting rows are read again */
    long long v = -1;
    if (sqlite3_step(s->version) == SQLITE_ROW)
        v = sqlite3_column_int64(s->version, 0);
    sqlite3_reset(s->version);
    if (v != s->seen_version) {
        memo_filter_clear(&s->m);
        bands_forget(&s->bands, &s->m);
    }
    if (bands_settle(&s->bands, &s->m, d) || db_exec(s->db, "COMMIT", d)) {
        db_exec(s->db, "ROLLBACK", NULL);
        bands_forget(&s->bands, &s->m);
        return -1;
    }
    return 0;
}

void similar_close(struct similar *s)
{
    if (!s)
        return;
    sketch_reader_close(&s->skread);
    sketch_reader_close(&s->hiread);
    for (int i = 0; i < ST_N; i++)
        sqlite3_finalize(s->st[i]);
    sqlite3_finalize(s->version);
    bands_close(&s->bands);
    sim_set_release(&s->mine);
    sim_jtab_release(&s->jt);
    for (int i = 0; i < SIM_CACHE; i++)
        sim_set_release(&s->cache[i].set);
    free(s->q);
    kmap_release(&s->qat);
    free(s->pool);
    free(s->qsig);
    free(s->look);
    free(s->sketches);
    free(s->ctmp);
    sketch_batch_release(&s->skb);
    free(s->pfids);
    marks_release(&s->seen);
    memo_release(&s->m);
    free(s);
}

static int fullness(struct similar *s, long long id)
{
    sqlite3_stmt *st = stmt(s, ST_FULLNESS);
    sqlite3_bind_int64(st, 1, id);
    int f = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    return f;
}

static long long copy_group(struct similar *s, long long id)
{
    sqlite3_stmt *st = stmt(s, ST_COPY_GET);
    sqlite3_bind_int64(st, 1, id);
    long long g = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return g;
}

/* Joins id with its copies (and their groups) into one group, named by its most
 * complete member (most fields stated; the oldest of those). */
static int join_copies(struct similar *s, long long id, const struct ids *copies, struct diag *d)
{
    struct ids m = {0};
    int rc = -1;
    if (ids_add(&m, id))
        goto oom;
    for (size_t i = 0; i < copies->n; i++) {
        long long g = copy_group(s, copies->v[i]);
        if (ids_add(&m, copies->v[i]))
            goto oom;
        if (!g)
            continue;
        sqlite3_stmt *st = stmt(s, ST_COPY_MEMBERS);
        sqlite3_bind_int64(st, 1, g);
        while (sqlite3_step(st) == SQLITE_ROW)
            if (ids_add(&m, sqlite3_column_int64(st, 0))) {
                sqlite3_reset(st);
                goto oom;
            }
        sqlite3_reset(st);
    }
    long long best = 0;
    int best_f = -1;
    for (size_t i = 0; i < m.n; i++) {
        int f = fullness(s, m.v[i]);
        if (f > best_f || (f == best_f && m.v[i] < best)) {
            best = m.v[i];
            best_f = f;
        }
    }
    for (size_t i = 0; i < m.n; i++) {
        sqlite3_stmt *st = stmt(s, ST_COPY_PUT);
        sqlite3_bind_int64(st, 1, m.v[i]);
        sqlite3_bind_int64(st, 2, best);
        if (run(s, st, d))
            goto done;
    }
    rc = 0;
    goto done;
oom:
    diag_error(d, "out of memory");
done:
    free(m.v);
    return rc;
}

static int cmp_cand(const void *a, const void *b)
{
    const struct sim_cand *x = a, *y = b;
    if (x->est != y->est)
        return x->est > y->est ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The shingles of candidate r (id), repeats included, from the cache or made
 * and kept there; NULL when out of memory. */
static const struct sim_set *cached_shingles(struct similar *s, long long id, const struct row *r)
{
    struct cached *c = cache_slot(s, id);
    if (c->id == id)
        return &c->set;
    c->id = 0;
    if (row_shingles(r, &c->set, 0))
        return NULL;
    c->id = id;
    return &c->set;
}

/* Forgets what was recorded for id (its text changed): its pairs and its copy
 * group. Its old band keys stay; they only bring a candidate that fails. */
static int forget(struct similar *s, long long id, struct diag *d)
{
    sqlite3_stmt *st = stmt(s, ST_PAIR_DEL_B);
    sqlite3_bind_int64(st, 1, id);
    if (run(s, st, d))
        return -1;
    st = stmt(s, ST_PAIR_DEL_A);
    sqlite3_bind_int64(st, 1, id);
    if (run(s, st, d))
        return -1;
    st = stmt(s, ST_COPY_DEL);
    sqlite3_bind_int64(st, 1, id);
    return run(s, st, d);
}

/* Reads letter id's blob of n bytes into out by st (a statement of one row of
 * one blob, bound to id as ?1, reset after each use): 1 when it has one of
 * that size, else 0. */
static int blob_of(sqlite3_stmt *st, long long id, void *out, size_t n)
{
    sqlite3_bind_int64(st, 1, id);
    int has = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == (int)n;
    if (has)
        memcpy(out, sqlite3_column_blob(st, 0), n);
    sqlite3_reset(st);
    return has;
}

/* The shingles (repeats included) of letter id when the flush being compared
 * queued it: made from the letter as it was stored, they are those its text
 * gives, so that a candidate of the same flush (a group's members imported
 * one after the other) is not read and shingled again. 1 with out set (not
 * owned), or 0. */
static int queued_set(const struct similar *s, long long id, struct sim_set *out)
{
    const int32_t *at = kmap_get(&s->qat, id);
    if (!at)
        return 0;
    const struct queued *q = &s->q[*at];
    *out = (struct sim_set){s->pool + q->off, q->n, q->n};
    return 1;
}

/* The signature of letter id in *out: 1, or 0 when it has none (too short,
 * or no longer stored), -1 when out of memory. The archive keeps no
 * signatures (schema/031_similar_sig_unstored.sql): a candidate's is made
 * again from its text, as it was made when the letter was compared (a
 * signature depends on its shingles alone), and its shingles are kept for
 * the verification that follows. */
static int sig_of(struct similar *s, long long id, const uint32_t **out)
{
    struct sig_slot *slot = memo_sig(&s->m, id);
    *out = NULL;
    if (slot->id != id) {
        struct row r = {0};
        struct sim_set v;
        const struct sim_set *set = NULL;
        if (queued_set(s, id, &v))
            set = &v;
        else if (row_read(s->st[ST_ROW], id, &r) && !(set = cached_shingles(s, id, &r))) {
            row_release(&r);
            return -1;
        }
        row_release(&r);
        slot->id = id;
        slot->has = set && set->n >= SIM_MIN_SHINGLES;
        if (slot->has)
            sim_signature(set, slot->sig);
    }
    *out = slot->has ? slot->sig : NULL;
    return slot->has;
}

/* The sketch of letter id's signature: NULL when the archive has none. */
static const uint8_t *sketch_get(struct similar *s, long long id)
{
    struct sketch_slot *slot = &s->sketches[(unsigned long long)id % SIM_SKETCHES];
    if (slot->id == id)
        return slot->has ? slot->sk : NULL;
    /* read before the chunk: the slot keeps the one it holds */
    const uint8_t *read = sketch_batch_find(&s->skb, id);
    if (read)
        return read;
    slot->id = id;
    int has = sketch_reader_get(&s->skread, db_sqlite(s->db), id, slot->sk);
    slot->has = has >= 0 ? has : blob_of(s->st[ST_SKETCH_GET], id, slot->sk, sizeof slot->sk);
    return slot->has ? slot->sk : NULL;
}

/* The high sketch of letter id's signature into out: 1, or 0 when the archive
 * has none (a letter compared before schema 035). */
static int high_get(struct similar *s, long long id, uint8_t out[SIM_SKETCH])
{
    int has =
        blob_reader_get(&s->hiread, db_sqlite(s->db), "similar_sig", "hi", id, out, SIM_SKETCH);
    return has >= 0 ? has : blob_of(s->st[ST_HIGH_GET], id, out, SIM_SKETCH);
}

/* Compares letter id (its shingles in mine, unsorted; its signature in presig
 * when computed already) with the archive. */
int sim_add_id(struct similar *s, long long id, struct sim_set *mine, const uint32_t *presig,
               int known, struct diag *d)
{
    uint32_t sig[SIM_K];
    struct sim_cand *c = NULL;
    size_t nc = 0, capc = 0;
    struct row me = {0}, them = {0};
    struct ids copies = {0};
    int rc = -1;
    if (cache_slot(s, id)->id == id) /* its text is the one being added */
        cache_slot(s, id)->id = 0;
    if (bands_read(&s->bands, &s->m, d))
        return -1;
    if (known && forget(s, id, d))
        return -1;
    int enough = mine->n >= SIM_MIN_SHINGLES;
    if (enough && presig)
        memcpy(sig, presig, sizeof sig);
    else if (enough)
        sim_signature(mine, sig);
    uint8_t sk[SIM_SKETCH], hk[SIM_SKETCH];
    if (enough) {
        sim_sketch(sig, sk);
        sim_sketch_high(sig, hk);
    }
    sqlite3_stmt *st = stmt(s, ST_SIG_PUT);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (long long)mine->n);
    if (enough)
        sqlite3_bind_blob(st, 3, hk, sizeof hk, SQLITE_STATIC);
    if (run(s, st, d))
        return -1;
    struct sketch_slot *ks = &s->sketches[(unsigned long long)id % SIM_SKETCHES];
    ks->id = 0;
    sketch_batch_forget(&s->skb, id);
    if (enough) {
        st = stmt(s, ST_SKETCH_PUT);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_blob(st, 2, sk, sizeof sk, SQLITE_STATIC);
        if (run(s, st, d))
            return -1;
        ks->id = id;
        ks->has = 1;
        memcpy(ks->sk, sk, sizeof sk);
    }
    struct sig_slot *slot = memo_sig(&s->m, id);
    slot->id = id;
    slot->has = enough;
    if (enough)
        memcpy(slot->sig, sig, sizeof sig);
    if (!enough)
        return 0;
    /* Candidates: the letters that share a band. A band value that SIM_BUCKET
     * letters share already (their minima come from phrases every letter
     * uses) takes no more, and alone makes no candidate: a near-duplicate
     * shares other bands too. A value's letters are those of the archive and
     * those of the pass not written yet; a full value's, once read, are
     * kept. A row counts for the first band of its value. */
    int64_t keys[SIM_BANDS];
    int first[SIM_BANDS], bucket[SIM_BANDS] = {0}, has_me[SIM_BANDS] = {0};
    int was_full[SIM_BANDS] = {0}, bound[SIM_BANDS] = {0};
    /* how a value's rows are found: kept (known), none anywhere (new), or
     * read from the archive and the waiting rows (then kept) */
    enum { ROWS_READ, ROWS_KNOWN, ROWS_NEW } how[SIM_BANDS];
    const int32_t *full[SIM_BANDS];
    sqlite3_stmt *get = stmt(s, ST_BAND_GET);
    int lookups = 0;
    /* A letter adds at most SIM_BANDS values and their rows: room kept for
     * them within SIM_KNOWN_MAX rows and SIM_KNOWN_MAX / 2 values. */
    if (s->m.nkn + SIM_BANDS * (SIM_BUCKET + 1) > SIM_KNOWN_MAX ||
        2 * (s->m.known.n + SIM_BANDS + 1) > SIM_KNOWN_MAX)
        memo_known_clear(&s->m);
    for (int b = 0; b < SIM_BANDS; b++) {
        keys[b] = sim_band_key(sig, b);
        first[b] = b;
        for (int e = 0; e < b; e++)
            if (keys[e] == keys[b]) {
                first[b] = e;
                break;
            }
        full[b] = NULL;
        if (first[b] != b)
            continue;
        full[b] = memo_full(&s->m, keys[b]);
        how[b] = ROWS_READ;
        if (full[b])
            was_full[b] = 1;
        else if (memo_is_known(&s->m, keys[b]))
            how[b] = ROWS_KNOWN;
        else if (!memo_filter_may(&s->m, keys[b]))
            how[b] = memo_pend_last(&s->m, keys[b]) < 0 ? ROWS_NEW : ROWS_READ;
        else {
            /* the others stay NULL */
            sqlite3_bind_int64(get, b + 1, idlist_bucket(keys[b]));
            bound[b] = 1;
            lookups++;
        }
    }
    size_t nrows = 0;
    int oom = 0, bad = 0;
    int64_t bad_key = 0;
    while (lookups && !oom && !bad && sqlite3_step(get) == SQLITE_ROW) {
        /* the row of the values looked up whose top bits are its key */
        long long row = sqlite3_column_int64(get, 0);
        for (int band = 0; band < SIM_BANDS && !oom && !bad; band++) {
            if (!bound[band] || idlist_bucket(keys[band]) != row)
                continue;
            int e = bands_row_ids(&s->m, &nrows, band, keys[band], sqlite3_column_blob(get, 1),
                                  sqlite3_column_bytes(get, 1));
            oom = e < 0;
            if (e > 0) {
                bad = 1;
                bad_key = keys[band];
            }
        }
    }
    sqlite3_reset(get);
    if (bad) {
        bands_bad_ids(s->db, bad_key, d);
        goto done;
    }
    for (int b = 0; b < SIM_BANDS && !oom; b++) {
        if (first[b] != b)
            continue;
        if (full[b]) {
            for (long long k = 1; k <= full[b][0] && !oom; k++)
                oom = memo_row_add(&s->m, &nrows, b, full[b][k]);
            continue;
        }
        if (how[b] == ROWS_KNOWN) {
            for (int32_t i = memo_known(&s->m, keys[b]); i >= 0 && !oom; i = s->m.kn[i].next)
                oom = memo_row_add(&s->m, &nrows, b, s->m.kn[i].id);
            continue;
        }
        for (int32_t i = memo_pend_last(&s->m, keys[b]); i >= 0 && !oom; i = s->m.pend[i].next)
            oom = memo_row_add(&s->m, &nrows, b, s->m.pend[i].id);
    }
    /* Values read, or new: all their rows are known now. */
    for (int b = 0; b < SIM_BANDS && !oom; b++)
        if (first[b] == b && !full[b] && how[b] != ROWS_KNOWN)
            oom = memo_known_put(&s->m, keys[b], b, s->m.rows, nrows);
    for (size_t r = 0; r < nrows && !oom; r++) {
        int band = s->m.rows[r].band;
        long long other = s->m.rows[r].id;
        bucket[band]++;
        if (other == id) {
            has_me[band] = 1;
            continue;
        }
        if (nc == capc) {
            capc = capc ? capc * 2 : 32;
            struct sim_cand *p = realloc(c, capc * sizeof *p);
            if (!p) {
                oom = 1;
                break;
            }
            c = p;
        }
        c[nc].id = other;
        c[nc].est = band; /* for now: the band it came by */
        nc++;
    }
    for (int b = 0; b < SIM_BANDS && !oom; b++)
        if (first[b] == b && !was_full[b] && bucket[b] >= SIM_BUCKET)
            oom = memo_full_put(&s->m, keys[b], b, s->m.rows, nrows);
    int first_open = -1;
    for (int b = 0; b < SIM_BANDS && first_open < 0; b++)
        if (bucket[b] < SIM_BUCKET)
            first_open = b;
    /* A full band repeats an open one; a row already there is not added. */
    for (int b = 0; b < SIM_BANDS && first_open >= 0 && !oom; b++) {
        int f = first[bucket[b] < SIM_BUCKET ? b : first_open];
        if (!has_me[f]) {
            has_me[f] = 1;
            oom = memo_pend_add(&s->m, keys[f], id) || memo_known_add(&s->m, keys[f], id);
        }
    }
    if (oom) {
        diag_error(d, "out of memory");
        goto done;
    }
    /* Their signatures say which are worth verifying (each once: a letter that
     * shares several bands comes several times). */
    /* By id. */
    if (nc > 32 && ARRAY_RESERVE(s->ctmp, s->capctmp, nc, 256)) {
        diag_error(d, "out of memory");
        goto done;
    }
    memo_cand_sort(c, s->ctmp, nc);
    size_t keep = 0;
    for (size_t i = 0; i < nc;) {
        size_t j = i;
        int open = 0;
        while (j < nc && c[j].id == c[i].id)
            open |= bucket[(int)c[j++].est] < SIM_BUCKET;
        size_t shared = j - i;
        long long other = c[i].id;
        i = j;
        if (shared < 2 && !open)
            continue;
        /* Its sketch first, unless its signature is kept: a candidate whose
         * sketch agrees in too few places cannot agree in enough; then its
         * sketch with the high one, 8 bits a value (read only now: few
         * candidates pass the sketch). */
        struct sig_slot *kept = memo_sig(&s->m, other);
        if (kept->id != other) {
            const uint8_t *theirsk = sketch_get(s, other);
            if (theirsk && (double)sim_sketch_agree(sk, theirsk) / SIM_K < SIM_EST_MIN)
                continue;
            uint8_t theirhk[SIM_SKETCH];
            if (theirsk && high_get(s, other, theirhk) &&
                (double)sim_sketch_agree8(sk, hk, theirsk, theirhk) / SIM_K < SIM_EST_MIN)
                continue;
        }
        const uint32_t *theirs;
        int has = sig_of(s, other, &theirs);
        if (has < 0) {
            diag_error(d, "out of memory");
            goto done;
        }
        if (has) {
            double e = sim_sig_agree(sig, theirs);
            if (e >= SIM_EST_MIN) {
                c[keep].id = other;
                c[keep++].est = e;
            }
        }
    }
    nc = keep;
    if (!nc) {
        rc = 0;
        goto done;
    }
    qsort(c, nc, sizeof *c, cmp_cand);
    if (nc > SIM_VERIFY_MAX)
        nc = SIM_VERIFY_MAX;
    if (sim_jtab_fill(&s->jt, mine)) {
        diag_error(d, "out of memory");
        goto done;
    }
    if (!row_read(s->st[ST_ROW_META], id, &me)) { /* its date and proposers */
        rc = 0;
        goto done;
    }
    for (size_t i = 0; i < nc; i++) {
        row_release(&them);
        struct sim_set v;
        int queued = queued_set(s, c[i].id, &v);
        if (!row_read(s->st[queued ? ST_ROW_META : ST_ROW], c[i].id, &them))
            continue;
        const struct sim_set *theirs = queued ? &v : cached_shingles(s, c[i].id, &them);
        if (!theirs) {
            diag_error(d, "out of memory");
            goto done;
        }
        double score = sim_jtab_jaccard(&s->jt, theirs);
        if (score < 0) {
            diag_error(d, "out of memory");
            goto done;
        }
        if (score < SIM_FLOOR)
            continue;
        int copy = row_copies(&me, &them, score);
        for (int way = 0; way < 2; way++) {
            st = stmt(s, ST_PAIR_PUT);
            sqlite3_bind_int64(st, 1, way ? c[i].id : id);
            sqlite3_bind_int64(st, 2, way ? id : c[i].id);
            sqlite3_bind_double(st, 3, score);
            sqlite3_bind_int(st, 4, copy);
            if (run(s, st, d))
                goto done;
        }
        if (copy && ids_add(&copies, c[i].id)) {
            diag_error(d, "out of memory");
            goto done;
        }
    }
    if (copies.n && join_copies(s, id, &copies, d))
        goto done;
    rc = 0;
done:
    free(c);
    free(copies.v);
    row_release(&me);
    row_release(&them);
    return rc;
}

int similar_add(struct similar *s, const struct letter *l, int replaced, struct diag *d)
{
    if (sim_letter_shingles_raw(l, &s->mine, 0))
        return diag_error(d, "out of memory");
    int rc = sim_add_id(s, l->id, &s->mine, NULL, replaced, d) || bands_write(&s->bands, &s->m, d);
    readers_close(s);
    return rc ? -1 : 0;
}
