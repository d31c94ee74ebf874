/*
 * bench_query: times dafu's searches in-process, without process start-up.
 *
 *   dafu_bench_query DB QUERIES REPEAT
 *
 * QUERIES has one query a line: "KIND<TAB>VALUE", KIND one of kw (keywords in the
 * user's query language), number, delegate, department. For each query the archive
 * is asked once to warm the cache, then REPEAT times for the count of hits
 * (search_count) and REPEAT times for the first 20 hits by rank (search_run, the rows
 * read as `dafu search` reads them for its table: without their evidence), each
 * call timed alone. Output, one line a query:
 *
 *   LINE<TAB>COUNT<TAB>ROWS<TAB>count:NS,...<TAB>top20:NS,...<TAB>count_cpu:NS,...<TAB>top20_cpu:NS,...
 *
 * (nanoseconds per call: wall clock, then the thread's CPU time, which a busy machine
 * disturbs less). Each timed call starts without what the connection keeps of the
 * search before (db_memo: the hits of its last expression, which a count and a page
 * of one search share), so each pays for its own pass of the index. Exit status 0,
 * or 2 on a usage or database error.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "search/query.h"
#include "store/db.h"

static long long clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long now_ns(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

static long long cpu_ns(void)
{
    return clock_ns(CLOCK_THREAD_CPUTIME_ID);
}

static void print_list(const char *name, const long long *v, int n)
{
    printf("\t%s:", name);
    for (int i = 0; i < n; i++)
        printf("%s%lld", i ? "," : "", v[i]);
}

static int row_cb(void *ctx, const struct letter *l, const char *snippet, double rank)
{
    (void)l;
    (void)snippet;
    (void)rank;
    (*(long *)ctx)++;
    return 0;
}

/* Fills o from "KIND\tVALUE" (value points into line). Returns 0 or -1. */
static int parse_query(char *line, struct search_opts *o)
{
    char *tab = strchr(line, '\t');
    if (!tab)
        return -1;
    *tab = '\0';
    const char *v = tab + 1;
    search_opts_init(o);
    if (!strcmp(line, "kw"))
        o->query = v;
    else if (!strcmp(line, "number"))
        o->number = v;
    else if (!strcmp(line, "delegate"))
        o->delegate = v;
    else if (!strcmp(line, "department"))
        o->department = v;
    else
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: dafu_bench_query DB QUERIES REPEAT\n");
        return 2;
    }
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); /* as dafu's main does */
    int repeat = atoi(argv[3]);
    if (repeat < 1)
        repeat = 1;
    FILE *qf = fopen(argv[2], "r");
    if (!qf) {
        fprintf(stderr, "dafu_bench_query: cannot open '%s'\n", argv[2]);
        return 2;
    }
    struct diag d = DIAG_INIT;
    struct db *db = NULL;
    if (db_open(&db, argv[1], DB_READONLY, &d)) {
        fprintf(stderr, "dafu_bench_query: %s\n", diag_msg(&d));
        fclose(qf);
        diag_release(&d);
        return 2;
    }
    size_t sz = sizeof(long long) * (size_t)repeat;
    long long *ns = malloc(sz), *cns = malloc(sz), *tns = malloc(sz), *tcns = malloc(sz);
    char line[4096];
    int lineno = 0;
    int rc = 0;
    while (ns && cns && tns && tcns && fgets(line, sizeof line, qf)) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0])
            continue;
        struct search_opts o;
        if (parse_query(line, &o)) {
            fprintf(stderr, "dafu_bench_query: line %d: not KIND<TAB>VALUE\n", lineno);
            rc = 2;
            break;
        }
        long long count = search_count(db, &o, &d); /* warm-up */
        if (count < 0) {
            fprintf(stderr, "dafu_bench_query: line %d: %s\n", lineno, diag_msg(&d));
            rc = 2;
            break;
        }
        for (int i = 0; i < repeat; i++) {
            db_set_memo(db, DB_MEMO_HITS, NULL, NULL);
            long long t0 = now_ns(), c0 = cpu_ns();
            search_count(db, &o, &d);
            cns[i] = cpu_ns() - c0;
            ns[i] = now_ns() - t0;
        }
        struct search_opts top = o;
        top.limit = 20;
        top.no_evidence = 1; /* as `dafu search` reads a page for its table */
        long rows = 0;
        search_run(db, &top, row_cb, &rows, &d); /* warm-up */
        for (int i = 0; i < repeat; i++) {
            long n = 0;
            db_set_memo(db, DB_MEMO_HITS, NULL, NULL);
            long long t0 = now_ns(), c0 = cpu_ns();
            search_run(db, &top, row_cb, &n, &d);
            tcns[i] = cpu_ns() - c0;
            tns[i] = now_ns() - t0;
        }
        printf("%d\t%lld\t%ld", lineno, count, rows);
        print_list("count", ns, repeat);
        print_list("top20", tns, repeat);
        print_list("count_cpu", cns, repeat);
        print_list("top20_cpu", tcns, repeat);
        printf("\n");
    }
    free(cns);
    free(tns);
    free(tcns);
    free(ns);
    fclose(qf);
    db_close(db);
    diag_release(&d);
    if (fflush(stdout) || ferror(stdout))
        rc = 2;
    return rc;
}
