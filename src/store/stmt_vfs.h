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

/* Between stmt_vfs_unkept(1) and stmt_vfs_unkept(0), on the calling thread, a
 * statement journal that starts (is written from its first byte) keeps only
 * its first STMT_VFS_BYTES, in memory: what it would write past them is not
 * written. For statements that a whole transaction's rollback undoes when they
 * fail: the rollback of such a statement alone that needs the bytes not kept
 * fails as a read error of its journal, and SQLite then rolls back the whole
 * transaction (vdbeaux.c, sqlite3VdbeHalt). A journal that started before
 * (an outer savepoint's) is kept whole, as every journal is outside. */
void stmt_vfs_unkept(int on);

#endif
