#ifndef DAFU_IMPORT_H
#define DAFU_IMPORT_H
/*
 * import: paths -> letters in the archive.
 *
 * Walks files, folders (recursively, in name order; hidden entries skipped, and
 * a folder already on the current walk, reached again through a symbolic link,
 * skipped) and "-" (standard input). Each file is read on its own and released
 * before the next: text letters and web pages whole (up to a size cap), JSON
 * Lines a line at a time (the cap then applies to each line), so memory does not
 * grow with the number or the size of the files.
 *
 * Each file's bytes are decoded to UTF-8 (decode.h); web pages are reduced to
 * their text (html.h); the text is parsed into a letter (letter_parse.h); JSON
 * records are read as dafu export writes them (letter.h). Each letter is stored
 * with db_put_letter: new, updated (same reply, new content) or unchanged.
 *
 * Safety: every file is imported under its own savepoint, so a bad file leaves
 * nothing behind and does not stop the others. Work is committed in batches
 * (IMPORT_BATCH_FILES files or IMPORT_BATCH_BYTES bytes), so an import killed at
 * any moment leaves a consistent archive holding the batches before it, and a
 * re-run finds those unchanged. Within a batch, the new letters are compared
 * and indexed in steps (IMPORT_STEP_FILES files or IMPORT_STEP_BYTES bytes),
 * which bound the memory that work takes, and counted once, at the commit
 * (src/store/count.c); every commit holds them all.
 * The batch is ten steps because what a commit costs grows with the archive: a
 * checkpoint then copies every page the batch changed from the WAL into the file,
 * and the counts' tables (src/store/count.c) have random keys, so once they are
 * larger than a batch a letter changes pages of them that no other letter of the
 * batch changes; a page that several steps change is written and copied once
 * (see BENCHMARKS.md). With `strict` the whole import is one
 * transaction, rolled back at the first failure; with `dry_run` it is one
 * transaction, always rolled back.
 *
 * Library code: problems and progress go to callbacks; nothing is printed.
 */
#include <stddef.h>

#include "base/diag.h"
#include "model/letter.h"
#include "store/db.h"

struct import_opts {
    int strict;           /* stop at the first failure and roll everything back */
    int dry_run;          /* do everything, then roll back */
    int verbose;          /* report fields a letter lacks, encodings, repairs */
    size_t max_bytes;     /* size cap of a file (of a line, for JSON Lines) */
    const char *encoding; /* --encoding: read every file so, NULL to detect */
    long batch_files;     /* commit after this many files ... */
    size_t batch_bytes;   /* ... or this many bytes */
    long step_files;      /* compare, index and count after this many files ... */
    size_t step_bytes;    /* ... or this many bytes, within a batch */
    int defer_similar;    /* new letters wait in similar_pending (not compared now) */
};

#define IMPORT_MAX_BYTES ((size_t)64 << 20)
#define IMPORT_BATCH_FILES 10000
#define IMPORT_BATCH_BYTES ((size_t)640 << 20)
#define IMPORT_STEP_FILES 1000
#define IMPORT_STEP_BYTES ((size_t)64 << 20)

struct import_stats {
    long files;                     /* files read (a JSON file counts once) */
    long added, updated, unchanged; /* letters, from the files that succeeded */
    long failed;                    /* files that failed */
    long kept_files, kept_added;    /* files and new letters committed so far */
    long kept_updated;              /* (what a stopped import keeps) */
    int stopped;                    /* the archive failed mid-import (a full disk) */
    unsigned long long bytes;       /* bytes read */
    long total_files;               /* files to read, when known (progress), else 0 */
    unsigned long long total_bytes; /* their bytes, when known, else 0 */
};

enum import_msg { IMPORT_ERROR, IMPORT_WARNING, IMPORT_NOTE };

struct import_hooks {
    /* A problem (one line naming the path and the reason), a warning (the file
     * imported, something of it short) or a note. */
    void (*report)(void *ctx, enum import_msg kind, const char *msg);
    /* Called after each file and every few hundred JSON records; may be NULL.
     * When set, the paths are walked once first to fill the totals. */
    void (*progress)(void *ctx, const struct import_stats *st);
    void *ctx;
};

void import_opts_init(struct import_opts *o);

/* Imports paths[0..n). Returns 0 when every file imported, 1 when some failed
 * (each reported; the rest are stored), -1 with d set when the whole import
 * stopped: a database error (batches committed before it stay), or the first bad
 * file under strict (then nothing is stored). stats is filled in every case. */
int import_paths(struct db *db, char **paths, int n, const struct import_opts *o,
                 struct import_stats *stats, const struct import_hooks *hooks, struct diag *d);

/* What import_bytes found in one file. */
enum import_kind { IMPORT_TEXT, IMPORT_HTML, IMPORT_JSON };
struct import_result {
    enum import_kind kind;
    const char *charset; /* what the bytes were read as; static */
    int repaired;        /* garbled text (UTF-8 once read as GBK) was repaired */
    unsigned missing;    /* LP_* bits of fields a letter lacks (text and pages) */
    long line, col;      /* where the file is bad (1-based), 0 when not known */
    char warning[200];   /* what was stored short ("" when nothing): a letter that
                          * names more proposers than a letter may have */
    long foreign;        /* JSON records that are not dafu's (no 'text'), when
                          * none of the file's is: the file is not letters */
};

/* Called for each letter found; the letter is the callee's to release. `line` is
 * the JSON Lines line or the JSON array's record number, 0 for a letter's text.
 * Returns 0, or -1 with d set, which stops the file. */
typedef int (*import_put_cb)(void *ctx, struct letter *l, long line, struct diag *d);

/* Turns one file's bytes into letters. The kind comes from the name (.json,
 * .jsonl; .html, .htm, .shtml, .xhtml; anything else by content: dafu's records,
 * objects holding a 'text', are JSON, a page's markup (html_looks_like) is a web
 * page, else letter text).
 * JSON that is not dafu's records but holds a letter's text (a site's API
 * answer, json_letter.h) is read as letters. JSON none of whose records holds a
 * 'text' or a letter's text is not letters: nothing is put, and res->foreign
 * counts its records. `encoding` (may be NULL)
 * overrides detection. Returns 0, or -1 with d set (the message does not name
 * the file) and res->line, res->col where they help. */
int import_bytes(const char *data, size_t len, const char *name, const char *encoding,
                 import_put_cb put, void *ctx, struct import_result *res, struct diag *d);

#endif
