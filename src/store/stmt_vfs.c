/* stmt_vfs: statement journals in memory (see stmt_vfs.h). */
#include "store/stmt_vfs.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static sqlite3_vfs *inner;
static sqlite3_vfs stmt_vfs;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int installed = -1;
/* stmt_vfs_unkept's state on this thread */
static _Thread_local int unkept;

/* A statement journal: bytes [0, size) in mem, or, once they passed
 * STMT_VFS_BYTES, in the inner VFS's temporary file (in_file). */
struct stmt_file {
    sqlite3_file base;
    unsigned char *mem;
    long long size, cap;
    int flags;
    int in_file;   /* the bytes are in real, not in mem */
    int real_open; /* real is open (it stays so until the journal closes) */
    int unkept;    /* started under stmt_vfs_unkept: bytes past mem are not kept */
    int lost;      /* bytes past mem were not kept */
    sqlite3_file *real;
};

#define SF(f) ((struct stmt_file *)(f))

static int s_close(sqlite3_file *f)
{
    struct stmt_file *s = SF(f);
    free(s->mem);
    s->mem = NULL;
    int rc = SQLITE_OK;
    if (s->real_open && s->real->pMethods)
        rc = s->real->pMethods->xClose(s->real);
    s->real_open = 0;
    return rc;
}

static int s_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
    struct stmt_file *s = SF(f);
    if (s->in_file)
        return s->real->pMethods->xRead(s->real, p, n, off);
    if (s->lost && off + n > STMT_VFS_BYTES)
        return SQLITE_IOERR_READ;
    long long have = off < s->size ? s->size - off : 0;
    if (have >= n) {
        memcpy(p, s->mem + off, (size_t)n);
        return SQLITE_OK;
    }
    if (have > 0)
        memcpy(p, s->mem + off, (size_t)have);
    memset((unsigned char *)p + have, 0, (size_t)(n - have));
    return SQLITE_IOERR_SHORT_READ;
}

/* The bytes so far into the inner VFS's temporary file. */
static int to_file(struct stmt_file *s)
{
    if (!s->real_open) {
        int rc = inner->xOpen(inner, NULL, s->real, s->flags, NULL);
        if (rc != SQLITE_OK)
            return rc;
        s->real_open = 1;
    }
    /* In pieces: the unix VFS writes at most 128 KB a call (a longer write
     * fails as if the disk were full). */
    for (long long at = 0; at < s->size; at += 64 << 10) {
        long long n = s->size - at < (64 << 10) ? s->size - at : 64 << 10;
        int rc = s->real->pMethods->xWrite(s->real, s->mem + at, (int)n, at);
        if (rc != SQLITE_OK)
            return rc;
    }
    s->in_file = 1;
    return SQLITE_OK;
}

static int s_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
    struct stmt_file *s = SF(f);
    long long end = off + n;
    /* A journal written from its first byte again holds nothing older that
     * can be read: it is back in memory. */
    if (s->in_file && off == 0 && end <= STMT_VFS_BYTES) {
        s->in_file = 0;
        s->size = 0;
    }
    if (off == 0) {
        s->unkept = unkept;
        s->lost = 0;
    }
    if (!s->in_file && end > STMT_VFS_BYTES && s->unkept) {
        s->lost = 1;
        if (off >= STMT_VFS_BYTES)
            return SQLITE_OK;
        n = (int)(STMT_VFS_BYTES - off);
        end = STMT_VFS_BYTES;
    }
    if (!s->in_file && end > STMT_VFS_BYTES) {
        int rc = to_file(s);
        if (rc != SQLITE_OK)
            return rc;
    }
    if (s->in_file)
        return s->real->pMethods->xWrite(s->real, p, n, off);
    if (end > s->cap) {
        long long cap = s->cap ? s->cap : 64 << 10;
        while (cap < end)
            cap *= 2;
        if (cap > STMT_VFS_BYTES)
            cap = STMT_VFS_BYTES;
        unsigned char *m = realloc(s->mem, (size_t)cap);
        if (!m)
            return SQLITE_IOERR_NOMEM;
        s->mem = m;
        s->cap = cap;
    }
    if (off > s->size)
        memset(s->mem + s->size, 0, (size_t)(off - s->size));
    memcpy(s->mem + off, p, (size_t)n);
    if (end > s->size)
        s->size = end;
    return SQLITE_OK;
}

static int s_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    struct stmt_file *s = SF(f);
    if (s->in_file)
        return s->real->pMethods->xTruncate(s->real, size);
    if (size < s->size)
        s->size = size;
    return SQLITE_OK;
}

static int s_sync(sqlite3_file *f, int flags)
{
    (void)f;
    (void)flags;
    return SQLITE_OK;
}

static int s_size(sqlite3_file *f, sqlite3_int64 *size)
{
    struct stmt_file *s = SF(f);
    if (s->in_file)
        return s->real->pMethods->xFileSize(s->real, size);
    *size = s->size;
    return SQLITE_OK;
}

static int s_lock(sqlite3_file *f, int l)
{
    (void)f;
    (void)l;
    return SQLITE_OK;
}

static int s_reserved(sqlite3_file *f, int *out)
{
    (void)f;
    *out = 0;
    return SQLITE_OK;
}

static int s_control(sqlite3_file *f, int op, void *arg)
{
    (void)f;
    (void)op;
    (void)arg;
    return SQLITE_NOTFOUND;
}

static int s_sector(sqlite3_file *f)
{
    (void)f;
    return 4096;
}

static int s_caps(sqlite3_file *f)
{
    (void)f;
    return 0;
}

static const sqlite3_io_methods stmt_io = {
    1,         s_close,  s_read, s_write, s_truncate, s_sync, s_size, s_lock, s_lock, s_reserved,
    s_control, s_sector, s_caps, NULL,    NULL,       NULL,   NULL,   NULL,   NULL};

static int s_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
    (void)vfs;
    if (!(flags & SQLITE_OPEN_SUBJOURNAL))
        return inner->xOpen(inner, name, file, flags, out_flags);
    struct stmt_file *s = SF(file);
    memset(s, 0, sizeof *s);
    s->flags = flags;
    s->real = (sqlite3_file *)(s + 1);
    s->real->pMethods = NULL;
    s->base.pMethods = &stmt_io;
    if (out_flags)
        *out_flags = flags;
    return SQLITE_OK;
}

static void install(void)
{
    inner = sqlite3_vfs_find(NULL);
    if (!inner)
        return;
    stmt_vfs = *inner;
    stmt_vfs.zName = "dafu-stmt";
    stmt_vfs.szOsFile = (int)sizeof(struct stmt_file) + inner->szOsFile;
    stmt_vfs.xOpen = s_open;
    installed = sqlite3_vfs_register(&stmt_vfs, 1) == SQLITE_OK ? 0 : -1;
}

void stmt_vfs_unkept(int on)
{
    unkept = on;
}

int stmt_vfs_install(void)
{
    pthread_once(&once, install);
    return installed;
}
