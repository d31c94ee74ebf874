#ifndef DAFU_STMT_VFS_H
#define DAFU_STMT_VFS_H
/*
 * stmt_vfs: statement journals in memory. A savepoint (an import takes one a
 * file) and a statement that may fail midway keep the pages they change, as
 * they were, in a statement journal, to put them back on a rollback. SQLite
 * keeps its first 64 KB in memory and the rest in a temporary file, so that
 * nearly every letter's (some 30 pages of 16 KB) went through write() and
 * read() (see BENCHMARKS.md). This VFS wraps the default one: a statement
 * journal stays in memory up to STMT_VFS_BYTES, past that in a temporary file
 * of the wrapped VFS; the journal starts again from its first byte at each new
 * savepoint, and is back in memory from there. Every other file is the wrapped
 * VFS's own. What the journals hold is never needed after a crash (the WAL
 * is what makes a transaction whole or absent).
 */

#define STMT_VFS_BYTES ((long long)1 << 20)

/* Makes the VFS the default, wrapping the default one (once). Returns 0 or -1. */
int stmt_vfs_install(void);

#endif
