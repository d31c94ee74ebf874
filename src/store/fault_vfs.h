#ifndef DAFU_FAULT_VFS_H
#define DAFU_FAULT_VFS_H
/*
 * fault_vfs: for tests only. When DAFU_FAULT_WRITES=N is set, the first
 * db_open makes every SQLite file write after the N-th fail with SQLITE_FULL,
 * as a full disk does, through a VFS that wraps the default one
 * (tests/import/faults.sh).
 */
#include <sqlite3.h>

/* Installs the VFS when the variable is set (once). Returns 0 or -1. */
int fault_vfs_install(void);

#endif
