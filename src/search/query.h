#ifndef DAFU_QUERY_H
#define DAFU_QUERY_H
/*
 * query: what the user asks -> safe SQL over the archive.
 *
 * The user's query language: terms separated by white space (U+3000 too) are
 * ANDed; "a quoted phrase" (also “…” or ＂…＂, as Chinese input methods type them;
 * an unclosed quote runs to the end) is one term; -term excludes; A OR B (the bare
 * word OR between two terms; elsewhere it is the word "or"); everything else is
 * literal text: FTS5 operators, column filters, brackets and stars are just
 * characters. Every term reaches FTS5 as a quoted string, so no input can cause
 * an FTS5 syntax error.
 *
 * What a term matches: the term and the letter are normalized alike (text.h) and
 * tokenized alike (fts_tok.h); a term matches where the letter has the same Han
 * characters and whole Latin/digit words in the same order, Han characters that
 * touch in the term touching in the letter too. Punctuation and spaces in a term
 * match any break (湘工信建议函[2023]266号 finds 〔2023〕), never a Han pair that
 * the letter separates (金属 does not find 金，属).
 * Filters are bound parameters, never pasted into SQL.
 *
 * Copies of one letter (similar.h) are one hit, the most complete copy, unless
 * all_copies is set; groupings count every copy.
 */
#include "base/buf.h"
#include "base/diag.h"
#include "model/letter.h"
#include "store/db.h"

enum search_sort { SORT_DEFAULT, SORT_RANK, SORT_DATE, SORT_NUMBER, SORT_ID };
/* The orders a user may ask for by name: search_sort_names[i] is SORT_RANK + i. */
extern const char *const search_sort_names[]; /* rank date number, NULL */

struct search_opts {
    const char *query;       /* keywords in the user's query language, or NULL */
    const char *number;      /* proposal number as people type it */
    const char *delegate;    /* name (simplified or traditional) or pinyin */
    const char *department;  /* full name, part of it, or abbreviation */
    const char *kind;        /* 建议 议案 提案 */
    const char *body;        /* 人大 政协 党代会 */
    const char *category;    /* A B C */
    const char *region;      /* part of the region name */
    const char *from;        /* YYYY-MM-DD, inclusive */
    const char *to;          /* YYYY-MM-DD, inclusive */
    int year, term, session; /* 0 = any */
    int all_copies;          /* every copy of a letter, not one hit for them all */
    enum search_sort sort;
    long limit; /* < 0: no limit */
    long offset;
    int exhaustive;  /* rank every hit and count every row, as without schema 007's
                        tables (the tests compare the two) */
    int no_evidence; /* the rows' evidence is not read (NULL): the output does not show it */
    /* A page (search_run) of the replies whose ID is above it only: the next
     * batch of an export by ID (0: every reply). */
    long long after_id;
};

void search_opts_init(struct search_opts *o);

/* Is v a date as --from/--to and from=/to= take it: YYYY-MM-DD, month 1-12,
 * day 1-31? Returns 1 or 0. */
int search_date_valid(const char *v);

/* Translates a user query into an FTS5 MATCH expression (appended to out):
 * positive terms ANDed, OR groups in brackets, exclusions as one trailing
 * NOT ("x" OR "y"). Terms with nothing searchable in them ([, *, "") are dropped.
 * Any number of terms and any bytes are accepted. Returns 1 when there is something
 * to match, 0 when the query has no searchable characters, -1 with d set when it
 * cannot be run (only excluded terms, or out of memory); out is unchanged then. */
int query_to_match(const char *q, struct buf *out, struct diag *d);

/* One hit: the letter, a snippet with hits between \x01 and \x02 (NULL without a
 * keyword query), and its BM25 rank (lower is better; 0 without a keyword query). */
typedef int (*search_row_cb)(void *ctx, const struct letter *l, const char *snippet, double rank);

/* Runs a search, calling cb for each hit in order (a non-zero return stops it).
 * Returns the number of rows passed to cb, or -1 with d set. */
long search_run(struct db *db, const struct search_opts *o, search_row_cb cb, void *ctx,
                struct diag *d);
/* The number of hits, ignoring limit and offset; -1 with d set on error. */
long long search_count(struct db *db, const struct search_opts *o, struct diag *d);
/* search_count for the statistics, which group the hits next: with keywords,
 * the sum of their groups by year (added up once for every grouping), rather
 * than a count of its own (keywords alone: their ranking's hits, read from the
 * index with their frequencies); with several filters of few values, the sum
 * of the combinations the connection keeps (read for the groupings); else
 * search_count. */
long long search_stats_count(struct db *db, const struct search_opts *o, struct diag *d);
/* The IDs of every hit (limit and offset ignored), ascending, in *ids (malloc'd,
 * the caller frees it). Returns how many, or -1 with d set. */
long search_ids(struct db *db, const struct search_opts *o, long long **ids, struct diag *d);

enum search_group {
    GROUP_DELEGATE, /* key: name, extra: pinyin */
    GROUP_DEPARTMENT,
    GROUP_YEAR,
    GROUP_BODY,
    GROUP_KIND,
    GROUP_CATEGORY,
    GROUP_REGION
};

/* One group: its key (NULL for replies that lack it), an extra column (pinyin for
 * delegates, else NULL), its number of replies, and its newest signing date
 * (for a proposer or a department; a grouping by another field with one filter
 * of a year, body, kind or category alone, read from the counts of that value,
 * gives NULL, and so does one by a year, body, kind, category or region with
 * filters of those fields, the term and the session only, read from the counts of
 * their combinations). */
typedef int (*search_group_cb)(void *ctx, const char *key, const char *extra, long long n,
                               const char *latest);

/* Groups the hits of a search (same filters and keywords), largest group first
 * (years: newest first; categories: A B C). limit/offset apply to the groups.
 * Returns the number of groups passed to cb, or -1 with d set. */
long search_group(struct db *db, const struct search_opts *o, enum search_group g,
                  search_group_cb cb, void *ctx, struct diag *d);

#endif
