/* query: user queries and filters -> SQL (see query.h). */
#include "search/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fts/fts_tok.h"
#include "fts/highlight.h"
#include "search/query_int.h"
#include "search/similar_query.h"
#include "search/top.h"
#include "store/topk.h"
#include "text/text.h"

const char *const search_sort_names[] = {"rank", "date", "number", NULL};

/* A page's rows are read PAGE_BATCH at a time, by one statement whose ids are
 * bound as ?1..?20 (PAGE_IDS, in the page's order; those not bound are NULL
 * and match nothing): one statement's steps rather than one statement a row. */
#define PAGE_BATCH 20
#define PAGE_IDS                                                                                   \
    "(?1),(?2),(?3),(?4),(?5),(?6),(?7),(?8),(?9),(?10),(?11),(?12),(?13),(?14),(?15),(?16),"      \
    "(?17),(?18),(?19),(?20)"

void search_opts_init(struct search_opts *o)
{
    memset(o, 0, sizeof *o);
    o->limit = -1;
}

int search_date_valid(const char *v)
{
    int ok = strlen(v) == 10 && v[4] == '-' && v[7] == '-';
    for (int i = 0; ok && i < 10; i++)
        if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
            ok = 0;
    if (ok) {
        int m = (v[5] - '0') * 10 + (v[6] - '0');
        int day = (v[8] - '0') * 10 + (v[9] - '0');
        ok = m >= 1 && m <= 12 && day >= 1 && day <= 31;
    }
    return ok;
}

/* ---- the user's query language ---- */

static int count_cb(void *ctx, int tflags, const char *t, int n, int s, int e)
{
    (void)tflags;
    (void)t;
    (void)n;
    (void)s;
    (void)e;
    (*(int *)ctx)++;
    return 0;
}

/* 1 when s[0..len) yields at least one query token (something to search for). */
static int has_tokens(const char *s, size_t len)
{
    int n = 0;
    fts_tok_run(s, (int)len, FTS_TOK_QUERY, count_cb, &n);
    return n > 0;
}

/* Appends s[0..len) as an FTS5 string literal: "..." with " doubled. Inside a
 * string FTS5 gives no character a meaning, so the text reaches the tokenizer
 * whole and FTS5 syntax in it (AND, NEAR(, *, ^, a:b) is literal. */
static void add_literal(struct buf *out, const char *s, size_t len)
{
    buf_addch(out, '"');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            buf_addch(out, '"');
        /* FTS_TOK_PAIRS is the search's own mark (top_pairs_match): another
         * control character stands for it, which the tokenizer treats alike. */
        buf_addch(out, s[i] == FTS_TOK_PAIRS ? '\x02' : s[i]);
    }
    buf_addch(out, '"');
}

struct qterm {
    const char *s;  /* the term's text (inside the quotes for a phrase) */
    size_t len;     /* its length in bytes */
    int neg;        /* -term: excluded */
    int is_or;      /* the bare word OR (an operator once it proves to stand between terms) */
    int searchable; /* has at least one token */
};

/* The quote marks that open a phrase, and the one that closes it. ASCII '"' closes
 * itself; the Chinese “ closes with ” (an input method types these). */
static uint32_t quote_close(uint32_t open)
{
    if (open == '"' || open == 0xFF02 /* ＂ */)
        return open;
    if (open == 0x201C /* “ */)
        return 0x201D; /* ” */
    return 0;
}

/* Splits the query into terms: runs of non-space characters, or quoted phrases.
 * On success *out is a malloc'd array the caller frees, *n its length; returns 0,
 * or -1 when memory runs out. */
static int split_terms(const char *q, size_t len, struct qterm **out, size_t *n)
{
    size_t cap = 8;
    struct qterm *terms = malloc(cap * sizeof *terms);
    size_t nt = 0;
    size_t byte_off = 0;
    *out = NULL;
    *n = 0;
    if (!terms)
        return -1;
    while (byte_off < len) {
        size_t next = byte_off;
        uint32_t cp = utf8_next(q, len, &next);
        if (text_is_space(cp)) {
            byte_off = next;
            continue;
        }
        struct qterm t = {0};
        if (cp == '-' && next < len) {
            size_t after = next;
            uint32_t c2 = utf8_next(q, len, &after);
            if (!text_is_space(c2)) {
                t.neg = 1;
                byte_off = next;
                next = after;
                cp = c2;
            }
        }
        uint32_t close = quote_close(cp);
        if (close) {
            /* A phrase runs to its closing quote, or to the end of the query. */
            size_t end = next;
            size_t after = len;
            while (end < len) {
                size_t e2 = end;
                if (utf8_next(q, len, &e2) == close) {
                    after = e2;
                    break;
                }
                end = e2;
            }
            t.s = q + next;
            t.len = end - next;
            byte_off = after;
        } else {
            size_t end = byte_off;
            while (end < len) {
                size_t e2 = end;
                if (text_is_space(utf8_next(q, len, &e2)))
                    break;
                end = e2;
            }
            t.s = q + byte_off;
            t.len = end - byte_off;
            byte_off = end;
            t.is_or = !t.neg && t.len == 2 && !memcmp(t.s, "OR", 2);
        }
        t.searchable = has_tokens(t.s, t.len);
        if (nt == cap) {
            struct qterm *p = realloc(terms, 2 * cap * sizeof *terms);
            if (!p) {
                free(terms);
                return -1;
            }
            terms = p;
            cap *= 2;
        }
        terms[nt++] = t;
    }
    *out = terms;
    *n = nt;
    return 0;
}

int query_to_match(const char *q, struct buf *out, struct diag *d)
{
    struct qterm *terms = NULL;
    struct qterm **kept = NULL;
    size_t n = 0;
    size_t start = out->len;
    int result = -1;
    if (split_terms(q ? q : "", q ? strlen(q) : 0, &terms, &n)) {
        diag_error(d, "out of memory reading the query");
        goto cleanup;
    }
    /* The searchable positive terms and the ORs between them, in order. */
    kept = malloc((n ? n : 1) * sizeof *kept);
    if (!kept) {
        diag_error(d, "out of memory reading the query");
        goto cleanup;
    }
    size_t nk = 0;
    size_t negatives = 0;
    for (size_t i = 0; i < n; i++) {
        if (terms[i].neg)
            negatives += (size_t)terms[i].searchable;
        else if (terms[i].is_or || terms[i].searchable)
            kept[nk++] = &terms[i];
    }
    /* OR is an operator only between two terms; elsewhere (at an edge, next to
     * another OR) it is the word "or". Decided on the words as typed, then applied. */
    for (size_t i = 0; i < nk; i++)
        if (kept[i]->is_or && !(i > 0 && i + 1 < nk && !kept[i - 1]->is_or && !kept[i + 1]->is_or))
            kept[i]->is_or = 2;
    for (size_t i = 0; i < nk; i++)
        if (kept[i]->is_or == 2)
            kept[i]->is_or = 0;
    size_t positives = 0;
    if (negatives)
        buf_addch(out, '(');
    for (size_t i = 0; i < nk; i++) {
        if (kept[i]->is_or)
            continue;
        int or_before = i > 0 && kept[i - 1]->is_or;
        int or_after = i + 1 < nk && kept[i + 1]->is_or;
        if (or_before) {
            buf_adds(out, " OR ");
        } else {
            if (positives)
                buf_adds(out, " AND ");
            if (or_after)
                buf_addch(out, '(');
        }
        add_literal(out, kept[i]->s, kept[i]->len);
        if (or_before && !or_after)
            buf_addch(out, ')');
        positives++;
    }
    if (!positives && !buf_failed(out)) {
        buf_truncate(out, start);
        if (negatives) {
            diag_set(d, DIAG_USAGE,
                     "a query needs at least one term that is not excluded with '-'");
            goto cleanup;
        }
        result = 0;
        goto cleanup;
    }
    if (negatives) {
        /* (positives) NOT ("x" OR "y"): one NOT, however many exclusions, so the
         * expression stays shallow. */
        buf_adds(out, ") NOT (");
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (!terms[i].neg || !terms[i].searchable)
                continue;
            if (k++)
                buf_adds(out, " OR ");
            add_literal(out, terms[i].s, terms[i].len);
        }
        buf_addch(out, ')');
    }
    if (buf_failed(out)) {
        buf_truncate(out, start);
        diag_error(d, "out of memory reading the query");
        goto cleanup;
    }
    result = 1;
cleanup:
    free(kept);
    free(terms);
    return result;
}

/* The ranking: BM25 with the title weighing 10, the department 8, the delegates
 * 5 and the letter's text 1, computed by dafu_rank (rank.h: FTS5's bm25(), the
 * same figures, with the row lengths read in runs). */
#define RANK_EXPR "dafu_rank(reply_fts, " TOPK_WEIGHTS ")"

static const char *order_by(const struct search_opts *o, int fts)
{
    /* Without keywords, the newest first is the order of the index on the date
     * read backwards (reply_date, and the indexes that end with the date), NULL
     * dates last as SQLite sorts them: the first page reads its rows only. */
    switch (o->sort) {
    case SORT_DATE:
        return fts ? " ORDER BY r.date IS NULL, r.date DESC, r.id DESC"
                   : " ORDER BY r.date DESC, r.id DESC";
    case SORT_NUMBER:
        return " ORDER BY r.number_int IS NULL, r.number_int, r.number, r.date DESC, r.id";
    case SORT_ID:
        return " ORDER BY r.id";
    case SORT_RANK:
    case SORT_DEFAULT:
    default:
        return fts ? " ORDER BY rank, r.date IS NULL, r.date DESC, r.id DESC"
                   : " ORDER BY r.date DESC, r.id DESC";
    }
}

/* Can the replies counted by combination (facet_count, schemas 007, 059) answer a
 * listing or a count with these filters? Not for keywords, numbers, proposers or
 * dates (the table counts years). */
int search_facet_ok(const struct search_opts *o, int fts)
{
    return !fts && !o->exhaustive && !o->number && !o->delegate && !o->from && !o->to &&
           !o->after_id;
}

int search_no_filters(const struct search_opts *o)
{
    return search_facet_ok(o, 0) && !o->department && !o->kind && !o->body && !o->category &&
           !o->region && !o->year && !o->term && !o->session;
}

/* Can the combinations of the fields of few values (reply_combo, schema 018)
 * answer: no keywords, department or region (nor what facet_count cannot
 * answer), and a filter of those fields at least. */
int search_combo_ok(const struct search_opts *o)
{
    return !(o->query && *o->query) && search_facet_ok(o, 0) && !o->department && !o->region &&
           (o->year || o->body || o->kind || o->category || o->term || o->session);
}

int search_cross_filter(const struct search_opts *o, char ybuf[16], const char **val)
{
    if ((o->query && *o->query) || !search_facet_ok(o, 0) || o->department || o->region ||
        o->term || o->session || !!o->year + !!o->body + !!o->kind + !!o->category != 1)
        return 0;
    if (o->year) {
        snprintf(ybuf, 16, "%04d", o->year);
        *val = ybuf;
        return CROSS_YEAR;
    }
    *val = o->body ? o->body : o->kind ? o->kind : o->category;
    return o->body ? CROSS_BODY : o->kind ? CROSS_KIND : CROSS_CATEGORY;
}

/* The replies whose fields of few values the clauses of b select (search_combo_ok),
 * from the counts of their combinations, or -1 with d set. */
static long long combo_count(struct db *db, const struct sqlb *b, struct diag *d)
{
    struct buf sql = BUF_INIT;
    sqlite3_stmt *st = NULL;
    long long n = -1;
    buf_adds(&sql, "SELECT coalesce(sum(r.n), 0) FROM reply_combo r WHERE 1");
    buf_add(&sql, b->where.data, b->where.len);
    if (buf_failed(&sql) || b->failed) {
        buf_release(&sql);
        diag_error(d, "out of memory");
        return -1;
    }
    if (db_prepare_kept(db, sql.data, &st, d) == 0) {
        sqlb_bind(st, 1, b);
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        else
            diag_error(d, "database '%s': counting: %s", db_path(db),
                       sqlite3_errmsg(db_sqlite(db)));
    }
    db_release_kept(db, st);
    buf_release(&sql);
    return n;
}

/* Prepares the search: the hits (shape NULL, count_only 0), their number
 * (count_only 1), or a grouping of them (shape). */
int search_prepare(struct db *db, const struct search_opts *o, int count_only,
                   const struct group_shape *shape, struct top *t, sqlite3_stmt **out, int *fts,
                   struct diag *d)
{
    struct sqlb b = {BUF_INIT, NULL, 0, 0, 0, 0};
    struct buf match = BUF_INIT;
    struct buf fast = BUF_INIT;
    struct buf sql = BUF_INIT;
    sqlite3_stmt *st = NULL;
    int rc = -1;
    *out = NULL;
    *fts = 0;
    if (o->query && *o->query) {
        int r = query_to_match(o->query, &match, d);
        if (r < 0)
            goto cleanup;
        if (r == 0) {
            diag_set(d, DIAG_USAGE, "the query '%s' has no letters or digits to search for",
                     o->query);
            goto cleanup;
        }
        *fts = 1;
    }
    /* What counts and ranks the hits: the expression marked to read less of
     * the index (top_pairs_match), but for the exhaustive way. */
    const char *rank_match = match.data;
    if (*fts && !o->exhaustive) {
        if (top_pairs_match(match.data, &fast)) {
            diag_error(d, "out of memory");
            goto cleanup;
        }
        rank_match = fast.data;
    }
    /* The count from facet_count (below), whose filters compare numbers */
    int copies_any = !shape && !o->all_copies && search_has_copies(db);
    int facet_count = count_only && !*fts && !shape && !search_no_filters(o) &&
                      !(!copies_any && search_combo_ok(o)) && search_facet_ok(o, *fts);
    b.coded = facet_count || (shape && shape->from && !strcmp(shape->from, FACET_FROM));
    if (search_filters_sql(db, o, &b, d))
        goto cleanup;
    /* Keywords alone: the fast ways below (ranked first phase, kept counts). */
    int plain = !b.where.len;
    /* Copies of one letter: one hit, their group's representative. Only when
     * the archive has copies; keywords alone keep the fast way, its first phase
     * leaving the other members out itself (struct copies). */
    int copies = copies_any;
    struct copies hide = {NULL};
    /* Ranked hits of keywords alone: first the top ids from FTS5 (top_hits). */
    const char *top_ids = NULL;
    if (t && *fts && !shape && !count_only && plain && !(copies && o->exhaustive)) {
        int r = search_kept_hits(db, o, rank_match, copies ? &hide : NULL, t, d);
        if (r == 0)
            r = search_bound_hits(db, o, rank_match, copies ? &hide : NULL, t, NULL, d);
        if (r == 0)
            r = search_scan_hits(db, o, rank_match, copies ? &hide : NULL, t, d);
        if (r == 0)
            r = search_top_hits(db, o, rank_match, copies ? &hide : NULL, t, d);
        db_release_kept(db, hide.st);
        if (r < 0)
            goto cleanup;
        if (r) {
            t->used = 1;
            top_ids = t->json.data;
        }
    }
    /* Otherwise a clause leaves them out; for a count of keywords alone it
     * reads the index only, not the rows. */
    int index_count = count_only && !shape && *fts && plain && copies && !o->exhaustive;
    /* A page of the fields of few values alone walks the index on the date
     * (order_by) until it has its rows: when their combinations count none, it
     * would read every reply to find so. */
    if (!shape && !count_only && !*fts && search_combo_ok(o)) {
        long long n = combo_count(db, &b, d);
        if (n < 0)
            goto cleanup;
        if (n == 0)
            buf_adds(&b.where, " AND 0");
    }
    if (copies && !top_ids)
        buf_printf(&b.where, " AND %s NOT IN (SELECT id FROM similar_copy WHERE grp <> id)",
                   index_count ? "reply_fts.rowid" : "r.id");
    long long kept = -1;
    int ids_first = 0; /* a page without keywords: its ids, then their rows */
    if (count_only && !shape && *fts && !b.where.len) {
        int r = search_kept_count(db, o, rank_match, &kept, d);
        /* Else the pass a ranked page of the same search reads (without
         * copies to leave out) */
        if (r == 0 && !copies)
            r = search_memo_count(db, o, rank_match, &kept, d);
        if (r < 0)
            goto cleanup;
        if (r == 0)
            kept = -1;
    }
    if (shape && shape->recent) {
        /* SQLite takes no join's condition into a UNION ALL: the rows the
         * filters select, once, then each part's rows of them */
        buf_printf(&sql, SEL_ONCE_OPEN "%s WHERE 1", shape->from);
        count_only = 1;
    } else if (shape) {
        buf_printf(&sql, "SELECT %s FROM %s %s WHERE %s", shape->select,
                   shape->from ? shape->from
                   : *fts      ? "reply_fts JOIN reply r ON r.id = reply_fts.rowid"
                               : "reply r",
                   shape->join ? shape->join : "", *fts ? "reply_fts MATCH ?" : "1");
        count_only = 1; /* no LIMIT on the hits themselves */
    } else if (kept >= 0)
        /* One kept term: its number of hits is kept with it. */
        buf_printf(&sql, "SELECT %lld", kept);
    else if (count_only && !*fts && search_no_filters(o))
        buf_adds(&sql, "SELECT " DB_REPLIES " WHERE 1");
    else if (count_only && !*fts && !copies && search_combo_ok(o))
        /* its year is in column date, as reply's is: the filters read it alike */
        buf_adds(&sql, "SELECT coalesce(sum(r.n), 0) FROM reply_combo r WHERE 1");
    else if (facet_count)
        /* summed outside: a query that sums the rows of a UNION ALL reads each
         * part whole (SQLite takes no filter holding a subquery into it), one
         * that lists them takes the filters into each, and LIMIT keeps the
         * two queries apart */
        buf_adds(&sql,
                 "SELECT coalesce(sum(n), 0) FROM (SELECT r.n AS n FROM " FACET_FROM " WHERE 1");
    else if (count_only && *fts && (!b.where.len || index_count))
        /* Keywords alone: the index counts its hits without reading a row. */
        buf_adds(&sql, "SELECT count(*) FROM reply_fts WHERE reply_fts MATCH ?");
    else if (count_only)
        buf_adds(&sql, *fts ? "SELECT count(*) FROM reply_fts JOIN reply r ON r.id = "
                              "reply_fts.rowid WHERE reply_fts MATCH ?"
                            : "SELECT count(*) FROM reply r WHERE 1");
    else if (*fts) {
        /* The inner query ranks and limits; the outer one makes snippets for the
         * rows shown only, since SQLite computes every result column of every row
         * before it sorts. Given the top hits (top_ids, see top_hits), the inner
         * query reads only those, ordered by their rank group. The snippets are
         * made from the rows' text (search_run) rather than by a MATCH of the
         * index for each row (1.3 M instructions a row for 卫生院 at 20,000
         * letters), unless the expression is beyond highlight_query_new. */
        if (t && !o->exhaustive) {
            int r = highlight_query_new(match.data, &t->hq);
            if (r < 0) {
                diag_error(d, "out of memory");
                goto cleanup;
            }
        }
        int by_id = t && t->hq && top_ids ? top_page_by_id(db, o, t, d) : 0;
        if (by_id < 0)
            goto cleanup;
        if (by_id) {
            /* The page's rows, PAGE_BATCH by one statement, put in the
             * order of the hits (search_run). */
            t->by_id = 1;
            if (db_prepare_kept(db,
                                "SELECT " DB_REPLY_COLUMNS
                                ", NULL, NULL, r.delegates FROM (VALUES " PAGE_IDS
                                ") AS k CROSS JOIN reply r ON r.id = k.column1",
                                &st, d))
                goto cleanup;
            *out = st;
            st = NULL;
            rc = 0;
            goto cleanup;
        }
        if (t && t->hq)
            /* title, department and text are among DB_REPLY_COLUMNS (reply_column):
             * a column named twice is read twice, a letter's text from its pages. */
            buf_adds(&sql, "SELECT " DB_REPLY_COLUMNS ", NULL, k.rank AS rank, r.delegates FROM (");
        else
            buf_adds(&sql, "SELECT " DB_REPLY_COLUMNS ", dafu_snippet(reply_fts, char(1), "
                           "char(2), '…', 64), k.rank AS rank FROM (");
        if (top_ids)
            buf_adds(&sql, "SELECT r.id AS id, json_extract(j.value, '$[1]') AS rank "
                           "FROM json_each(?2) AS j CROSS JOIN reply r "
                           "ON r.id = json_extract(j.value, '$[0]') WHERE 1");
        else
            buf_adds(&sql, "SELECT r.id AS id, " RANK_EXPR " AS rank FROM reply_fts "
                           "JOIN reply r ON r.id = reply_fts.rowid WHERE reply_fts MATCH ?1");
    } else {
        /* The page's ids first, sorted from the indexes where they can be (the
         * rows' text does not go through the sort), then their rows. */
        buf_adds(&sql, "SELECT " DB_REPLY_COLUMNS
                       ", NULL, 0.0 FROM (SELECT r.id AS id FROM reply r WHERE 1");
        ids_first = 1;
    }
    buf_add(&sql, b.where.data, b.where.len);
    if (shape && shape->recent)
        buf_printf(&sql, SEL_ONCE_PARTS("%s", "%s", "%s"), shape->select, shape->join,
                   shape->select, shape->recent);
    if (facet_count) /* (its rows summed outside) */
        buf_adds(&sql, " LIMIT -1)");
    if (shape && shape->group_by)
        buf_printf(&sql, " GROUP BY %s", shape->group_by);
    if (shape && shape->order_by)
        buf_printf(&sql, " ORDER BY %s", shape->order_by);
    if (!count_only) {
        buf_adds(&sql, order_by(o, *fts));
        buf_adds(&sql, " LIMIT ? OFFSET ?");
        if (*fts && t && t->hq) {
            buf_adds(&sql, ") AS k CROSS JOIN reply r ON r.id = k.id");
            buf_adds(&sql, order_by(o, *fts));
        } else if (*fts) {
            /* CROSS JOIN keeps the page's rows outermost: the planner would
             * otherwise walk every hit of the match and read each one's row */
            buf_adds(&sql, ") AS k CROSS JOIN reply r ON r.id = k.id CROSS JOIN reply_fts ON "
                           "reply_fts.rowid = k.id WHERE reply_fts MATCH ?1");
            buf_adds(&sql, order_by(o, *fts));
        } else if (ids_first) {
            buf_adds(&sql, ") AS k CROSS JOIN reply r ON r.id = k.id");
            buf_adds(&sql, order_by(o, *fts));
        }
    }
    if (b.failed || buf_failed(&b.where) || buf_failed(&sql)) {
        diag_error(d, "out of memory");
        goto cleanup;
    }
    /* Kept with the connection: a search asked again prepares nothing. */
    if (db_prepare_kept(db, sql.data, &st, d))
        goto cleanup;
    int p = 1;
    /* dafu_snippet needs the phrases whole (the page's snippets when not made
     * from the rows' text); counts, groupings and ranks take rank_match. */
    if (*fts && kept < 0)
        sqlite3_bind_text(st, p++, count_only || (t && t->hq) ? rank_match : match.data, -1,
                          SQLITE_TRANSIENT);
    if (top_ids)
        sqlite3_bind_text(st, p++, top_ids, -1, SQLITE_TRANSIENT);
    p = sqlb_bind(st, p, &b);
    if (!count_only) {
        sqlite3_bind_int64(st, p++, o->limit < 0 ? -1 : o->limit);
        sqlite3_bind_int64(st, p++, o->offset);
    }
    *out = st;
    st = NULL;
    rc = 0;
cleanup:
    db_release_kept(db, st);
    sqlb_release(&b);
    buf_release(&match);
    buf_release(&fast);
    buf_release(&sql);
    return rc;
}

static long long count_in(struct db *db, const struct search_opts *o, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    int fts;
    char ybuf[16];
    const char *val = NULL;
    int cross = search_cross_filter(o, ybuf, &val);
    if (cross && (o->all_copies || !search_has_copies(db))) {
        /* One filter of many replies alone: its count (schema 013). */
        if (db_prepare_kept(db,
                            "SELECT coalesce((SELECT n FROM reply_cross_recent WHERE "
                            "f = ?1 AND fk = ?2 AND dim = 0 AND k = 0), (SELECT n FROM "
                            "reply_cross WHERE f = ?1 AND fk = ?2 AND dim = 0 AND k = 0), 0)",
                            &st, d))
            return -1;
        sqlite3_bind_int(st, 1, cross);
        sqlite3_bind_text(st, 2, val, -1, SQLITE_TRANSIENT);
    } else {
        /* Filters the kept combinations answer, from those the connection keeps */
        long long kept = search_group_count(db, o, d);
        if (kept != -2)
            return kept;
        if (search_prepare(db, o, 1, NULL, NULL, &st, &fts, d))
            return -1;
    }
    long long n = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    else
        diag_error(d, "database '%s': counting: %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
    db_release_kept(db, st);
    return n;
}

/* A search reads one state of the archive, in one read transaction (one lock
 * of the file and one look at whether it changed, rather than one for each of
 * its statements: some forty for a page of 20 rows), unless the caller's is
 * under way. */
long long search_count(struct db *db, const struct search_opts *o, struct diag *d)
{
    int began = db_read_begin(db, d);
    if (began < 0)
        return -1;
    long long n = count_in(db, o, d);
    db_read_end(db, began);
    return n;
}

/* The index of field f's column among DB_REPLY_COLUMNS (db_row_letter's order:
 * r.id, then each field but the lists). */
static int reply_column(enum letter_field_id f)
{
    int k = 1;
    for (int i = 0; i < (int)f; i++)
        if (letter_fields[i].type != LETTER_LIST)
            k++;
    return k;
}

static double top_rank(const struct top *t, long long id)
{
    for (long i = 0; i < t->n; i++)
        if (t->id[i] == id)
            return t->rank[i];
    return 0;
}

/* The snippet of the current row of st (the indexed columns, in reply_fts's
 * order: delegates follows the rank (search_prepare), the others are the
 * letter's) into out, emptied first. Returns 0 or -1 (out of memory). */
static int row_snippet(struct highlight_query *hq, sqlite3_stmt *st, struct buf *out)
{
    const int at[4] = {reply_column(LETTER_F_text), reply_column(LETTER_F_title),
                       reply_column(LETTER_F_department), DB_REPLY_NCOLUMNS + 2};
    const char *col[4];
    int ncol[4];
    for (int c = 0; c < 4; c++) {
        col[c] = (const char *)sqlite3_column_text(st, at[c]);
        ncol[c] = sqlite3_column_bytes(st, at[c]);
    }
    buf_truncate(out, 0);
    if (highlight_text(hq, col, ncol, 4, "\x01", "\x02", "…", 64, out) || buf_failed(out))
        return -1;
    return 0;
}

/* A batch of a page's rows as they are read: letter k (have[k]) and its
 * snippet wait for those before it to be given. */
struct page {
    struct letter l[PAGE_BATCH];
    uint64_t owned[PAGE_BATCH]; /* db_row_letter_view's: what letter k owns */
    struct buf snip[PAGE_BATCH];
    int have[PAGE_BATCH];
    int next; /* the next to give */
    int stop; /* the callback said so: the others are left out */
    long rows;
};

/* Gives cb the letters of p in their order up to the first not read yet (end:
 * to the batch's m-th, those not read being gone since), ranks rank[k]. */
static void page_give(struct page *p, const double *rank, int m, int end, search_row_cb cb,
                      void *ctx)
{
    for (; p->next < m && (p->have[p->next] || end); p->next++) {
        int k = p->next;
        if (!p->have[k])
            continue;
        if (!p->stop) {
            p->stop = cb ? cb(ctx, &p->l[k], p->snip[k].len ? p->snip[k].data : NULL, rank[k]) : 0;
            p->rows++;
        }
        db_row_letter_release(&p->l[k], p->owned[k]);
        p->have[k] = 0;
    }
}

/* The page of t's hits (t->by_id): PAGE_BATCH ids at a time bound to st, each
 * row's letter and snippet made as it is read and given to cb in the hits'
 * order (a row that comes before its turn waits for it); a hit whose row is
 * gone since is left out, as the query would. Returns the rows given, or -1
 * with d set. */
static long run_page(struct db *db, const struct search_opts *o, struct top *t, sqlite3_stmt *st,
                     search_row_cb cb, void *ctx, struct diag *d)
{
    long from = o->offset < 0 ? 0 : o->offset;
    long last = o->limit < 0 || o->limit > t->n - from ? t->n : from + o->limit;
    int flags = o->no_evidence ? DB_ROW_NO_EVIDENCE : 0;
    struct page p;
    long read = 0, rows = -1;
    p.stop = 0;
    p.rows = 0;
    for (int k = 0; k < PAGE_BATCH; k++) {
        p.snip[k] = (struct buf)BUF_INIT;
        p.have[k] = 0;
    }
    for (long at = from; !p.stop && at < last; at += PAGE_BATCH) {
        int m = last - at < PAGE_BATCH ? (int)(last - at) : PAGE_BATCH;
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        for (int k = 0; k < m; k++)
            sqlite3_bind_int64(st, k + 1, t->id[at + k]);
        int s = SQLITE_DONE;
        p.next = 0;
        while (!p.stop && (s = sqlite3_step(st)) == SQLITE_ROW) {
            /* A page's snippets are made between its statement's steps: the
             * time limit of a server (db_progress) holds for them too. */
            if (read++ > 0 && db_progress_stop(db)) {
                diag_error(d, "database '%s': searching: interrupted", db_path(db));
                goto done;
            }
            long long id = sqlite3_column_int64(st, 0);
            int k = p.next;
            while (k < m && t->id[at + k] != id)
                k++;
            if (k == m || p.have[k])
                continue;
            letter_init(&p.l[k]);
            p.have[k] = 1;
            /* The next to give is given before the statement steps again:
             * a view of the row; a row that waits for those before it, a
             * copy. */
            p.owned[k] = ~(uint64_t)0;
            if (k == p.next ? db_row_letter_view(db, st, &p.l[k], flags, &p.owned[k], d)
                            : db_row_letter(db, st, &p.l[k], flags, d))
                goto done;
            if (row_snippet(t->hq, st, &p.snip[k])) {
                diag_error(d, "out of memory");
                goto done;
            }
            page_give(&p, t->rank + at, m, 0, cb, ctx);
        }
        if (!p.stop && s != SQLITE_DONE) {
            diag_error(d, "database '%s': searching: %s", db_path(db),
                       sqlite3_errmsg(db_sqlite(db)));
            goto done;
        }
        page_give(&p, t->rank + at, m, 1, cb, ctx);
    }
    rows = p.rows;
done:
    for (int k = 0; k < PAGE_BATCH; k++) {
        if (p.have[k])
            db_row_letter_release(&p.l[k], p.owned[k]);
        buf_release(&p.snip[k]);
    }
    sqlite3_reset(st);
    return rows;
}

static long run_in(struct db *db, const struct search_opts *o, search_row_cb cb, void *ctx,
                   struct diag *d)
{
    sqlite3_stmt *st = NULL;
    int fts;
    struct top t = {0, BUF_INIT, 0, NULL, NULL, NULL, 0};
    struct buf snippet = BUF_INIT;
    long rows = -1;
    if (search_prepare(db, o, 0, NULL, &t, &st, &fts, d))
        goto done;
    if (t.by_id) {
        rows = run_page(db, o, &t, st, cb, ctx, d);
        goto done;
    }
    rows = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        /* A page's snippets are cut here, between its statements' steps: the
         * time limit of a server (db_progress) holds for them too. */
        if (rows > 0 && db_progress_stop(db)) {
            diag_error(d, "database '%s': searching: interrupted", db_path(db));
            rows = -1;
            break;
        }
        struct letter l;
        uint64_t owned = 0;
        letter_init(&l);
        /* given before the statement steps again: a view of the row */
        if (db_row_letter_view(db, st, &l, o->no_evidence ? DB_ROW_NO_EVIDENCE : 0, &owned, d)) {
            db_row_letter_release(&l, owned);
            rows = -1;
            break;
        }
        const char *snip = (const char *)sqlite3_column_text(st, DB_REPLY_NCOLUMNS);
        if (t.hq) {
            if (row_snippet(t.hq, st, &snippet)) {
                db_row_letter_release(&l, owned);
                diag_error(d, "out of memory");
                rows = -1;
                break;
            }
            snip = snippet.len ? snippet.data : NULL;
        }
        double rank =
            t.used ? top_rank(&t, l.id) : sqlite3_column_double(st, DB_REPLY_NCOLUMNS + 1);
        int stop = cb ? cb(ctx, &l, snip, rank) : 0;
        db_row_letter_release(&l, owned);
        rows++;
        if (stop)
            break;
    }
    if (rows >= 0 && s != SQLITE_ROW && s != SQLITE_DONE) {
        diag_error(d, "database '%s': searching: %s", db_path(db), sqlite3_errmsg(db_sqlite(db)));
        rows = -1;
    }
done:
    db_release_kept(db, st);
    buf_release(&t.json);
    buf_release(&snippet);
    highlight_query_free(t.hq);
    free(t.id);
    free(t.rank);
    return rows;
}

long search_run(struct db *db, const struct search_opts *o, search_row_cb cb, void *ctx,
                struct diag *d)
{
    int began = db_read_begin(db, d);
    if (began < 0)
        return -1;
    long rows = run_in(db, o, cb, ctx, d);
    db_read_end(db, began);
    return rows;
}
