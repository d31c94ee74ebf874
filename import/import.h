#ifndef DAFU_IMPORT_H
#define DAFU_IMPORT_H
/*
 * import: paths -> letters in the archive.
 *
 * Walks files, folders (recursively, hidden entries and symlink loops skipped)
 * and "-" (standard input); reads each file (capped in size), recognises JSON
 * records (.json, .jsonl) or letter text, parses and stores it. All files go in
 * one transaction with a savepoint per file, so a bad file never leaves half a
 * letter behind and never stops the others (unless strict). Problems are reported
 * through a callback, one line per file, naming the path and the reason.
 */
#include <stddef.h>

#include "db.h"
#include "diag.h"

struct import_opts {
    int strict;            /* stop at the first failure and roll everything back */
    int dry_run;           /* parse and report, write nothing */
    int verbose;           /* report fields a letter lacks */
    size_t max_bytes;      /* size cap per file */
};

struct import_stats {
    long files;            /* inputs seen (a JSON file with N records counts N) */
    long added, updated, unchanged, failed;
    unsigned long long bytes;
};

enum import_msg { IMPORT_ERROR, IMPORT_NOTE };

/* Called for each problem or note: the message names the path (and line). */
typedef void (*import_report_cb)(void *ctx, enum import_msg kind, const char *msg);

#define IMPORT_MAX_BYTES ((size_t)64 << 20)

void import_opts_init(struct import_opts *o);

/* Imports paths[0..n). Returns 0 when every file imported, 1 when some failed
 * (reported through cb; the rest are stored), -1 with d set on a failure that
 * stopped the whole import (database error, or the first bad file under strict:
 * then nothing is stored). */
int import_paths(struct db *db, char **paths, int n, const struct import_opts *o,
                 struct import_stats *stats, import_report_cb cb, void *ctx, struct diag *d);

/* Turns one file's bytes into letters: JSON records when `json` is set (an object,
 * an array, or one object a line), else one letter's text. For each letter, calls
 * put(ctx, letter, line); the letter is the callee's to release. Returns 0, or -1
 * with d set (naming the line for JSON). */
typedef int (*import_put_cb)(void *ctx, struct letter *l, long line, struct diag *d);
int import_bytes(const char *data, size_t len, const char *name, int json, import_put_cb put,
                 void *ctx, unsigned *missing, struct diag *d);

#endif
