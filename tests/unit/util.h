/*
 * util.h: helpers the C unit tests share (util.c is linked into each of them).
 */
#ifndef DAFU_TEST_UTIL_H
#define DAFU_TEST_UTIL_H
#include <stddef.h>

#include "search/query.h"

/* Reads the whole file at path. Returns its bytes (NUL-terminated, to free) with
 * their count in *len, or NULL when it cannot be opened or memory runs out. */
char *slurp(const char *path, size_t *len);

/* The names of the files in dir that end in suffix (and are longer than it),
 * sorted by strcmp, with their count in *n; free them with free_names. NULL (with
 * a message on stderr) when dir cannot be read or memory runs out. */
char **dir_names(const char *dir, const char *suffix, size_t *n);
void free_names(char **names, size_t n);

/* Makes path (a mkstemp template, "/tmp/dafu-test-NAME-XXXXXX") the name of a
 * file that does not exist yet, for an archive. */
void temp_db_path(char *path);
/* Removes the archive at path with its -wal and -shm files. */
void remove_db(const char *path);

/* Calls fn for each fixture letter (tests_dir/letters/ *.txt, in name order) with
 * its file name and its text (NULL when it cannot be read; fn frees nothing).
 * Returns how many, or -1 when the folder cannot be listed. */
long each_letter(const char *tests_dir,
                 void (*fn)(void *ctx, const char *name, const char *text, size_t len), void *ctx);
/* The same for the fixture files whose names end in ext (".html": pages). */
long each_letter_ext(const char *tests_dir, const char *ext,
                     void (*fn)(void *ctx, const char *name, const char *text, size_t len),
                     void *ctx);

/* A realloc for buf_set_allocator that fails from its fail_at-th call on, counting
 * its calls in alloc_calls: set fail_at, zero alloc_calls, then run. */
extern long alloc_calls;
extern long fail_at;
void *failing_realloc(void *p, size_t n);

/* With on set, cJSON's json_fail_at-th allocation fails (counted in json_calls)
 * and the others succeed, so a piece a builder leaves out shows as a shorter
 * result; json_failing(0) gives cJSON malloc back. */
extern long json_calls;
extern long json_fail_at;
void json_failing(int on);

/* Do the grouping g of the replies o selects (o's limit and offset) and their
 * count, read from the counts kept at import, differ from those of the
 * exhaustive way, which reads every reply? 1 yes (printed on stderr when
 * report), 0 no. The newest dates are compared where the counts keep them
 * (query.h). */
int grouping_differs(struct db *db, const struct search_opts *o, enum search_group g, int report);

#endif
