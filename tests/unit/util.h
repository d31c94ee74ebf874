/*
 * util.h: helpers the C unit tests share (util.c is linked into each of them).
 */
#ifndef DAFU_TEST_UTIL_H
#define DAFU_TEST_UTIL_H
#include <stddef.h>

/* Reads the whole file at path. Returns its bytes (NUL-terminated, to free) with
 * their count in *len, or NULL when it cannot be opened or memory runs out. */
char *slurp(const char *path, size_t *len);

#endif
