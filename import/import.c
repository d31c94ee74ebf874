/* import: walk paths, parse, store (see import.h). */
#include "import.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "letter.h"
#include "letter_parse.h"
#include "text.h"

void import_opts_init(struct import_opts *o)
{
    memset(o, 0, sizeof *o);
    o->max_bytes = IMPORT_MAX_BYTES;
}

struct run {
    struct db *db;
    const struct import_opts *o;
    struct import_stats *stats;
    import_report_cb cb;
    void *ctx;
    const char *path; /* the file being imported */
    struct dev_ino {
        dev_t dev;
        ino_t ino;
    } *dirs;          /* folders on the current walk, to skip symlink loops */
    size_t ndirs;
    int stop;         /* strict mode hit a failure */
    long cur_added, cur_updated, cur_unchanged; /* this file's counts, kept if it succeeds */
};

static void report(struct run *r, enum import_msg kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(struct run *r, enum import_msg kind, const char *fmt, ...)
{
    if (!r->cb)
        return;
    struct buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    r->cb(r->ctx, kind, b.data);
    buf_release(&b);
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s);
    size_t b = strlen(suf);
    return a >= b && !strcasecmp(s + a - b, suf);
}

/* ---- bytes -> letters ---- */

static int put_json(cJSON *obj, long line, import_put_cb put, void *ctx, struct diag *d)
{
    struct letter l;
    letter_init(&l);
    if (letter_from_json(&l, obj, d)) {
        letter_release(&l);
        return -1;
    }
    return put(ctx, &l, line, d);
}

static int json_error(struct diag *d, const char *data, const char *where)
{
    long line = 1;
    long col = 1;
    for (const char *p = data; p < where && *p; p++) {
        if (*p == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            col++;
        }
    }
    return diag_error(d, "invalid JSON at line %ld, column %ld", line, col);
}

static int import_json(const char *data, size_t len, import_put_cb put, void *ctx,
                       struct diag *d)
{
    /* Skip a UTF-8 BOM and leading space to see the first character. */
    size_t i = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && strchr(" \t\r\n", data[i]))
        i++;
    if (i < len && data[i] == '[') {
        const char *end = NULL;
        cJSON *arr = cJSON_ParseWithLengthOpts(data + i, len - i, &end, 0);
        if (!arr)
            return json_error(d, data, end ? end : cJSON_GetErrorPtr());
        if (!cJSON_IsArray(arr)) {
            cJSON_Delete(arr);
            return diag_error(d, "expected a JSON array of records");
        }
        int rc = 0;
        long k = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
            k++;
            if (put_json((cJSON *)it, k, put, ctx, d)) {
                struct buf m = BUF_INIT;
                buf_printf(&m, "record %ld: %s", k, diag_msg(d));
                diag_error(d, "%s", m.data);
                buf_release(&m);
                rc = -1;
                break;
            }
        }
        cJSON_Delete(arr);
        return rc;
    }
    /* One object, or one object a line (JSON Lines). */
    long line = 1;
    size_t p = 0;
    while (p < len) {
        size_t e = p;
        while (e < len && data[e] != '\n')
            e++;
        size_t a = p;
        if (line == 1 && e - a >= 3 && !memcmp(data + a, "\xEF\xBB\xBF", 3))
            a += 3;
        while (a < e && strchr(" \t\r", data[a]))
            a++;
        if (a < e) {
            const char *end = NULL;
            cJSON *obj = cJSON_ParseWithLengthOpts(data + a, e - a, &end, 0);
            if (!obj) {
                /* Maybe a single object spread over several lines. */
                if (line == 1) {
                    obj = cJSON_ParseWithLengthOpts(data + a, len - a, &end, 0);
                    if (obj) {
                        int rc = put_json(obj, line, put, ctx, d);
                        cJSON_Delete(obj);
                        return rc;
                    }
                }
                const char *where = end ? end : cJSON_GetErrorPtr();
                if (!where || where < data || where > data + len)
                    where = data + a;
                return json_error(d, data, where);
            }
            int rc = put_json(obj, line, put, ctx, d);
            cJSON_Delete(obj);
            if (rc) {
                struct buf m = BUF_INIT;
                buf_printf(&m, "line %ld: %s", line, diag_msg(d));
                diag_error(d, "%s", m.data);
                buf_release(&m);
                return -1;
            }
        }
        p = e + 1;
        line++;
    }
    return 0;
}

int import_bytes(const char *data, size_t len, const char *name, int json, import_put_cb put,
                 void *ctx, unsigned *missing, struct diag *d)
{
    (void)name;
    if (json)
        return import_json(data, len, put, ctx, d);
    if (memchr(data, '\0', len))
        return diag_error(d, "binary data, not a letter");
    size_t off = 0;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        off = 3;
    if (!utf8_valid(data + off, len - off))
        return diag_error(d, "not valid UTF-8");
    struct letter l;
    letter_init(&l);
    if (letter_parse(data + off, len - off, &l, missing, d)) {
        letter_release(&l);
        return -1;
    }
    return put(ctx, &l, 0, d);
}

/* ---- storing ---- */

struct put_ctx {
    struct run *r;
};

static int store(void *ctx, struct letter *l, long line, struct diag *d)
{
    struct run *r = ((struct put_ctx *)ctx)->r;
    (void)line;
    if (!l->source)
        letter_set(&l->source, r->path, strlen(r->path));
    enum db_put_result res = DB_PUT_NEW;
    int rc = 0;
    if (r->o->dry_run) {
        if (letter_hash(l))
            rc = diag_error(d, "out of memory");
    } else {
        rc = db_put_letter(r->db, l, &res, d);
    }
    if (!rc) {
        if (res == DB_PUT_NEW)
            r->cur_added++;
        else if (res == DB_PUT_UPDATED)
            r->cur_updated++;
        else
            r->cur_unchanged++;
    }
    letter_release(l);
    return rc;
}

static int read_all(FILE *f, size_t max, struct buf *out, struct diag *d, const char *path)
{
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (out->len + n > max)
            return diag_error(d, "'%s': larger than the %zu MB limit", path, max >> 20);
        if (buf_add(out, tmp, n))
            return diag_error(d, "'%s': out of memory", path);
    }
    if (ferror(f))
        return diag_error(d, "'%s': cannot read: %s", path, strerror(errno));
    return 0;
}

/* Records arrive on stdin or under other names too: a first character of { or [
 * (after a BOM and white space) means JSON; no letter starts that way. */
static int looks_like_json(const struct buf *data)
{
    size_t i = 0;
    if (data->len >= 3 && !memcmp(data->data, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < data->len && strchr(" \t\r\n", data->data[i]))
        i++;
    return i < data->len && (data->data[i] == '{' || data->data[i] == '[');
}

static int import_file(struct run *r, const char *path, FILE *f)
{
    struct buf data = BUF_INIT;
    struct diag d = DIAG_INIT;
    struct put_ctx pc = {r};
    int failed = 0;
    r->path = path;
    r->cur_added = r->cur_updated = r->cur_unchanged = 0;
    if (read_all(f, r->o->max_bytes, &data, &d, path)) {
        report(r, IMPORT_ERROR, "%s", diag_msg(&d));
        failed = 1;
        goto done;
    }
    r->stats->bytes += data.len;
    if (data.len == 0) {
        report(r, IMPORT_ERROR, "'%s': empty file", path);
        failed = 1;
        goto done;
    }
    int json = ends_with(path, ".json") || ends_with(path, ".jsonl") || looks_like_json(&data);
    if (!r->o->dry_run && db_exec(r->db, "SAVEPOINT file", &d)) {
        report(r, IMPORT_ERROR, "%s", diag_msg(&d));
        failed = 1;
        goto done;
    }
    unsigned missing = 0;
    if (import_bytes(data.data, data.len, path, json, store, &pc, &missing, &d)) {
        report(r, IMPORT_ERROR, "'%s': %s", path, diag_msg(&d));
        failed = 1;
        /* Nothing of this file stays, nor is counted. */
        if (!r->o->dry_run)
            db_exec(r->db, "ROLLBACK TO file; RELEASE file", NULL);
    } else {
        if (!r->o->dry_run)
            db_exec(r->db, "RELEASE file", NULL);
        if (r->o->verbose && !json && missing) {
            struct buf m = BUF_INIT;
            for (unsigned bit = 1; bit <= LP_CATEGORY; bit <<= 1)
                if (missing & bit) {
                    if (m.len)
                        buf_adds(&m, ", ");
                    buf_adds(&m, letter_parse_field_name(bit));
                }
            report(r, IMPORT_NOTE, "'%s': not found: %s", path, m.data);
            buf_release(&m);
        }
    }
done:
    if (failed) {
        r->stats->failed++;
        if (r->o->strict)
            r->stop = 1;
    }
    if (!failed) {
        r->stats->added += r->cur_added;
        r->stats->updated += r->cur_updated;
        r->stats->unchanged += r->cur_unchanged;
    }
    r->stats->files++;
    buf_release(&data);
    diag_release(&d);
    return failed;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void import_path(struct run *r, const char *path, int top);

static void import_dir(struct run *r, const char *path, const struct stat *st)
{
    for (size_t i = 0; i < r->ndirs; i++)
        if (r->dirs[i].dev == st->st_dev && r->dirs[i].ino == st->st_ino)
            return; /* a symlink loop: this folder is already being walked */
    struct dev_ino *p = realloc(r->dirs, (r->ndirs + 1) * sizeof *p);
    if (!p) {
        report(r, IMPORT_ERROR, "'%s': out of memory", path);
        r->stats->failed++;
        return;
    }
    r->dirs = p;
    r->dirs[r->ndirs].dev = st->st_dev;
    r->dirs[r->ndirs].ino = st->st_ino;
    r->ndirs++;
    DIR *dir = opendir(path);
    if (!dir) {
        report(r, IMPORT_ERROR, "'%s': cannot open folder: %s", path, strerror(errno));
        r->stats->failed++;
        r->ndirs--;
        return;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue; /* hidden files, . and .. */
        char **q = realloc(names, (n + 1) * sizeof *q);
        if (!q)
            break;
        names = q;
        names[n++] = strdup(e->d_name);
    }
    closedir(dir);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && !r->stop; i++) {
        struct buf child = BUF_INIT;
        buf_printf(&child, "%s%s%s", path,
                   path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
        import_path(r, child.data, 0);
        buf_release(&child);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    r->ndirs--;
}

static int importable_name(const char *name)
{
    static const char *const exts[] = {".txt", ".text", ".html", ".htm", ".shtml", ".json",
                                       ".jsonl", NULL};
    for (int i = 0; exts[i]; i++)
        if (ends_with(name, exts[i]))
            return 1;
    return 0;
}

static void import_path(struct run *r, const char *path, int top)
{
    if (!strcmp(path, "-") && top) {
        import_file(r, "-", stdin);
        return;
    }
    struct stat st;
    if (stat(path, &st)) {
        if (errno == ELOOP)
            return; /* a symlink loop inside a folder is skipped */
        report(r, IMPORT_ERROR, "'%s': %s", path, strerror(errno));
        r->stats->failed++;
        r->stats->files++;
        if (r->o->strict)
            r->stop = 1;
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        import_dir(r, path, &st);
        return;
    }
    /* Inside folders, only files that look like letters or records. */
    if (!top && !importable_name(path))
        return;
    if (!S_ISREG(st.st_mode)) {
        report(r, IMPORT_ERROR, "'%s': not a regular file", path);
        r->stats->failed++;
        r->stats->files++;
        return;
    }
    if ((size_t)st.st_size > r->o->max_bytes) {
        report(r, IMPORT_ERROR, "'%s': larger than the %zu MB limit", path,
               r->o->max_bytes >> 20);
        r->stats->failed++;
        r->stats->files++;
        if (r->o->strict)
            r->stop = 1;
        return;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        report(r, IMPORT_ERROR, "'%s': %s", path, strerror(errno));
        r->stats->failed++;
        r->stats->files++;
        if (r->o->strict)
            r->stop = 1;
        return;
    }
    import_file(r, path, f);
    fclose(f);
}

int import_paths(struct db *db, char **paths, int n, const struct import_opts *o,
                 struct import_stats *stats, import_report_cb cb, void *ctx, struct diag *d)
{
    struct run r = {db, o, stats, cb, ctx, NULL, NULL, 0, 0, 0, 0, 0};
    memset(stats, 0, sizeof *stats);
    if (!o->dry_run && db_exec(db, "BEGIN IMMEDIATE", d))
        return -1;
    for (int i = 0; i < n && !r.stop; i++)
        import_path(&r, paths[i], 1);
    free(r.dirs);
    if (o->dry_run)
        return stats->failed ? 1 : 0;
    if (r.stop) {
        db_exec(db, "ROLLBACK", NULL);
        stats->added = stats->updated = stats->unchanged = 0;
        return diag_error(d, "stopped at the first failure (--strict): nothing was imported");
    }
    if (db_exec(db, "COMMIT", d)) {
        db_exec(db, "ROLLBACK", NULL);
        return -1;
    }
    return stats->failed ? 1 : 0;
}
