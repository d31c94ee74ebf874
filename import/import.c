/* import: walk paths, decode, parse, store (see import.h). */
#include "import/import.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "import/decode.h"
#include "import/html.h"
#include "import/json_records.h"
#include "import/parse/letter_parse.h"
#include "model/letter.h"
#include "similar/similar.h"
#include "store/topk.h"
#include "text/text.h"

/* Bytes read before deciding what a file is, and per read after that. */
#define CHUNK ((size_t)64 << 10)
/* Progress is reported every this many JSON records within a file. */
#define PROGRESS_RECORDS 256

void import_opts_init(struct import_opts *o)
{
    memset(o, 0, sizeof *o);
    o->max_bytes = IMPORT_MAX_BYTES;
    o->batch_files = IMPORT_BATCH_FILES;
    o->batch_bytes = IMPORT_BATCH_BYTES;
    o->step_files = IMPORT_STEP_FILES;
    o->step_bytes = IMPORT_STEP_BYTES;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s);
    size_t b = strlen(suf);
    return a >= b && !strcasecmp(s + a - b, suf);
}

/* What a file is, before and after looking inside. */
enum kind { K_UNKNOWN, K_TEXT, K_HTML, K_JSON, K_JSONL };

static enum kind kind_by_name(const char *name)
{
    if (!name)
        return K_UNKNOWN;
    if (ends_with(name, ".jsonl") || ends_with(name, ".ndjson"))
        return K_JSONL;
    if (ends_with(name, ".json"))
        return K_JSON;
    static const char *const pages[] = {".html", ".htm", ".shtml", ".xhtml", NULL};
    for (int i = 0; pages[i]; i++)
        if (ends_with(name, pages[i]))
            return K_HTML;
    return K_UNKNOWN;
}

/* Whether text[0..len) parses as dafu's records: one object holding a 'text', or
 * an array of objects, empty or one of them at least holding a 'text'. */
static int parses_as(const char *text, size_t len, int array)
{
    cJSON *v = cJSON_ParseWithLengthOpts(text, len, NULL, 0);
    int ok = v && (array ? cJSON_IsArray(v) : cJSON_IsObject(v));
    if (ok && array) {
        const cJSON *it;
        int letters = !cJSON_GetArraySize(v); /* an empty export */
        cJSON_ArrayForEach(it, v)
        {
            ok &= cJSON_IsObject(it);
            letters |= cJSON_GetObjectItemCaseSensitive(it, "text") != NULL;
        }
        ok &= letters;
    } else if (ok) {
        ok = cJSON_GetObjectItemCaseSensitive(v, "text") != NULL;
    }
    cJSON_Delete(v);
    return ok;
}

/* By content: records are an array of objects, one object, or one object a
 * line. A letter may start with [ or { too (a bracketed category mark or
 * section name), and other JSON is not letters, so text is records only when it
 * parses as dafu's (objects holding a 'text'): the whole text as an array or an
 * object, or its first line as an object. Pages: html_looks_like. */
static enum kind kind_by_content(const char *s, size_t len)
{
    char c = json_first_char(s, len);
    if (c == '{' || c == '[') {
        const char *start = memchr(s, c, len);
        size_t rest = len - (size_t)(start - s);
        if (c == '[' && parses_as(start, rest, 1))
            return K_JSON;
        /* dafu export --format json: "[", then one record a line. */
        const char *nl1 = memchr(start, '\n', rest);
        const char *nl2 = nl1 ? memchr(nl1 + 1, '\n', rest - (size_t)(nl1 + 1 - start)) : NULL;
        if (c == '[' && nl2) {
            size_t l2 = (size_t)(nl2 - nl1 - 1);
            while (l2 && strchr(" \t\r,", nl1[l2]))
                l2--;
            if ((size_t)(nl1 - start) <= 2 && parses_as(nl1 + 1, l2, 0))
                return K_JSON;
        }
        if (c == '{') {
            const char *nl = memchr(start, '\n', rest);
            if (parses_as(start, nl ? (size_t)(nl - start) : rest, 0) ||
                (nl && parses_as(start, rest, 0)))
                return K_JSONL;
        }
    }
    if (html_looks_like(s, len))
        return K_HTML;
    return K_UNKNOWN;
}

static int has_utf16_bom(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    return len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
}

/* ---- bytes -> letters ---- */

int import_bytes(const char *data, size_t len, const char *name, const char *encoding,
                 import_put_cb put, void *ctx, struct import_result *res, struct diag *d)
{
    struct import_result dummy;
    if (!res)
        res = &dummy;
    memset(res, 0, sizeof *res);
    struct buf text = BUF_INIT;
    struct buf page = BUF_INIT;
    struct json_ctx j = {.put = put, .ctx = ctx, .res = res};
    struct decode_info info;
    int rc = -1;
    enum kind k = kind_by_name(name);
    if (k == K_UNKNOWN && !has_utf16_bom(data, len))
        k = kind_by_content(data, len);

    if (k == K_JSON || k == K_JSONL) {
        /* Records are UTF-8, or UTF-16 with a byte order mark. */
        res->kind = IMPORT_JSON;
        res->charset = "UTF-8";
        if (encoding || has_utf16_bom(data, len)) {
            if (decode_to_utf8(data, len, encoding, NULL, &text, &info, d)) {
                res->line = info.line;
                res->col = info.col;
                goto cleanup;
            }
            res->charset = info.charset;
            rc = json_buffer(&j, text.data, text.len, d);
        } else {
            rc = json_buffer(&j, data, len, d);
        }
        goto cleanup;
    }

    char declared[64];
    int has_decl = (k == K_HTML || k == K_UNKNOWN) &&
                   html_declared_charset(data, len, declared, sizeof declared);
    if (decode_to_utf8(data, len, encoding, has_decl ? declared : NULL, &text, &info, d)) {
        res->line = info.line;
        res->col = info.col;
        /* A NUL byte is what makes such a file unreadable: say so, with where
         * it stands, whether the decoder found the bytes binary or could not
         * tell their encoding. */
        const char *nul = memchr(data, '\0', len);
        const char *why = diag_msg(d);
        if (nul && !encoding && !has_utf16_bom(data, len) &&
            (strstr(why, "encoding") || strstr(why, "binary data"))) {
            json_locate(data, nul, 1, &res->line, &res->col);
            diag_error(d, "binary data, not a letter (a NUL byte)");
        }
        goto cleanup;
    }
    res->charset = info.charset;
    res->repaired = info.repaired;
    if (k == K_UNKNOWN) {
        /* A UTF-16 file shows what it is only now. */
        k = kind_by_content(text.data, text.len);
        if (k == K_JSON || k == K_JSONL) {
            res->kind = IMPORT_JSON;
            rc = json_buffer(&j, text.data, text.len, d);
            goto cleanup;
        }
    }
    const char *t = text.data;
    size_t tlen = text.len;
    res->kind = IMPORT_TEXT;
    if (k == K_HTML) {
        res->kind = IMPORT_HTML;
        if (html_to_text(text.data, text.len, &page, d))
            goto cleanup;
        t = page.data;
        tlen = page.len;
    }
    if (memchr(t, '\0', tlen)) {
        diag_error(d, "binary data, not a letter");
        goto cleanup;
    }
    struct letter l;
    letter_init(&l);
    if (letter_parse(t, tlen, &l, &res->missing, d)) {
        letter_release(&l);
        goto cleanup;
    }
    if (diag_msg(d)[0]) {
        snprintf(res->warning, sizeof res->warning, "%s", diag_msg(d));
        diag_clear(d);
    }
    rc = put(ctx, &l, 0, d);
cleanup:
    buf_release(&text);
    buf_release(&page);
    return rc;
}

/* ---- the walk ---- */

/* A folder's identity, to read each folder once. */
struct dev_ino {
    dev_t dev;
    ino_t ino;
};

struct run {
    struct db *db;
    const struct import_opts *o;
    struct import_stats *stats;
    const struct import_hooks *h;
    struct dev_ino *dirs; /* hash set of the folders walked (0/0 = empty slot) */
    size_t ndirs, dirs_cap;
    int counting;      /* first walk: only count files and bytes */
    int unknown_total; /* a pipe or stdin is among the inputs */
    int stop;          /* strict mode hit a failure */
    int fatal;         /* the database failed: stop everything */
    struct diag fatal_d;
    long batch_files; /* since the last commit */
    size_t batch_bytes;
    long step_files; /* since the last step (compared, indexed, counted) */
    size_t step_bytes;
    const char *path;                           /* the file being imported */
    long cur_added, cur_updated, cur_unchanged; /* its counts, kept if it succeeds */
    struct similar *sim;                        /* the near-duplicate index */
};

static void report(struct run *r, enum import_msg kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(struct run *r, enum import_msg kind, const char *fmt, ...)
{
    if (!r->h || !r->h->report)
        return;
    struct buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    r->h->report(r->h->ctx, kind, buf_failed(&b) ? "out of memory" : b.data);
    buf_release(&b);
}

static void progress(struct run *r)
{
    if (r->h && r->h->progress)
        r->h->progress(r->h->ctx, r->stats);
}

/* "64 MB", or "1000 bytes" for a cap that is no whole number of megabytes. */
static void size_text(size_t n, char out[32])
{
    if (n >= ((size_t)1 << 20) && !(n & (((size_t)1 << 20) - 1)))
        snprintf(out, 32, "%zu MB", n >> 20);
    else
        snprintf(out, 32, "%zu bytes", n);
}

/* A file failed before or outside import_file. */
static void fail_path(struct run *r, const char *path, const char *why)
{
    report(r, IMPORT_ERROR, "'%s': %s", path, why);
    r->stats->failed++;
    r->stats->files++;
    if (r->o->strict)
        r->stop = 1;
}

static int store(void *ctx, struct letter *l, long line, struct diag *d)
{
    struct run *r = ctx;
    (void)line;
    if (!l->source && strcmp(r->path, "-")) {
        /* A name in another encoding (GBK bytes from a Windows zip) is kept as
         * valid UTF-8 with its odd bytes as \xHH, so exports stay importable. */
        struct buf src = BUF_INIT;
        if (utf8_escape(r->path, strlen(r->path), 0, &src) ||
            letter_set(&l->source, src.data, src.len)) {
            buf_release(&src);
            letter_release(l);
            return diag_error(d, "out of memory");
        }
        buf_release(&src);
    }
    enum db_put_result res = DB_PUT_NEW;
    int rc = db_put_letter(r->db, l, &res, d);
    if (!rc && res != DB_PUT_UNCHANGED && r->sim &&
        (r->o->defer_similar ? similar_defer(r->sim, l->id, d)
                             : similar_queue(r->sim, l, res == DB_PUT_UPDATED, d))) {
        r->fatal = 1;
        diag_error(&r->fatal_d, "%s", diag_msg(d));
        rc = -1;
    } else if (rc) {
        /* A constraint is this record's fault; anything else (full disk, a
         * read-only or damaged file) stops the whole import. */
        if ((sqlite3_errcode(db_sqlite(r->db)) & 0xFF) != SQLITE_CONSTRAINT) {
            r->fatal = 1;
            diag_error(&r->fatal_d, "%s", diag_msg(d));
        }
    } else if (res == DB_PUT_NEW) {
        r->cur_added++;
    } else if (res == DB_PUT_UPDATED) {
        r->cur_updated++;
    } else {
        r->cur_unchanged++;
    }
    letter_release(l);
    return rc;
}

/* Appends up to n bytes from f to b. Returns bytes read; 0 at the end. Sets
 * *err to errno on a read error. */
static size_t read_chunk(FILE *f, struct buf *b, size_t n, int *err)
{
    if (buf_grow(b, n)) {
        *err = ENOMEM;
        return 0;
    }
    size_t got = fread(b->data + b->len, 1, n, f);
    b->len += got;
    b->data[b->len] = '\0';
    if (!got && ferror(f))
        *err = errno ? errno : EIO;
    return got;
}

/* Reads the rest of f into b, keeping b->len <= cap. Returns 0, -1 with d set. */
static int read_rest(struct run *r, FILE *f, struct buf *b, size_t cap, size_t size_hint,
                     struct diag *d)
{
    int err = 0;
    char limit[32];
    size_text(cap, limit);
    if (size_hint > cap)
        return diag_error(d, "over the size limit (%s)", limit);
    if (size_hint > b->len && buf_grow(b, size_hint - b->len))
        return diag_error(d, "out of memory");
    for (;;) {
        size_t got = read_chunk(f, b, CHUNK, &err);
        r->stats->bytes += got;
        if (err)
            return diag_error(d, "cannot read: %s", strerror(err));
        if (b->len > cap)
            return diag_error(d, "over the size limit (%s)", limit);
        if (!got)
            return 0;
    }
}

/* JSON Lines from f, a line at a time; `b` holds what was read so far. */
/* s[0..len) without white space at either end is exactly `what`. */
static int line_is(const char *s, size_t len, const char *what)
{
    while (len && strchr(" \t\r", s[len - 1]))
        len--;
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    return len == strlen(what) && !memcmp(s, what, len);
}

/* JSON Lines, and a JSON array written one record a line as dafu export
 * --format json writes it ("[", "{...},", ..., "]"), a line at a time: the size
 * limit applies to each record. Any other JSON is read whole. */
static int json_stream(struct run *r, FILE *f, struct buf *b, struct import_result *res,
                       int array_file, struct diag *d)
{
    int array = 0; /* 1 inside "[", 2 after "]" */
    struct json_ctx j = {.put = store, .ctx = r, .res = res};
    size_t cap = r->o->max_bytes;
    size_t pos = 0;  /* start of the next line in b */
    size_t scan = 0; /* where to look for its end */
    long line = 0;
    int eof = 0;
    res->kind = IMPORT_JSON;
    res->charset = "UTF-8";
    for (;;) {
        const char *nl = memchr(b->data + scan, '\n', b->len - scan);
        if (!nl && !eof) {
            if (b->len - pos > cap) {
                char s[32];
                size_text(cap, s);
                res->line = line + 1;
                return diag_error(d, "a line over the size limit (%s)", s);
            }
            if (pos) {
                memmove(b->data, b->data + pos, b->len - pos);
                b->len -= pos;
                b->data[b->len] = '\0';
                pos = 0;
            }
            scan = b->len;
            int err = 0;
            size_t got = read_chunk(f, b, CHUNK, &err);
            r->stats->bytes += got;
            if (err)
                return diag_error(d, "cannot read: %s", strerror(err));
            eof = !got;
            continue;
        }
        size_t e = nl ? (size_t)(nl - b->data) : b->len;
        if (e == pos && !nl) {
            if (array != 1)
                return 0;
            res->line = line;
            return diag_error(d, "invalid JSON: it ends too soon (no closing ])");
        }
        line++;
        if (e - pos > cap) {
            char s[32];
            size_text(cap, s);
            res->line = line;
            return diag_error(d, "a line over the size limit (%s)", s);
        }
        const char *ls = b->data + pos;
        size_t ll = e - pos;
        if (line == 1 && ll >= 3 && !memcmp(ls, "\xEF\xBB\xBF", 3)) {
            ls += 3;
            ll -= 3;
        }
        int rc;
        if (array_file && line == 1 && !line_is(ls, ll, "[")) {
            rc = -2; /* not one record a line: read it whole */
        } else if (array_file && line == 1) {
            array = 1;
            rc = 0;
        } else if (array && line_is(ls, ll, "]")) {
            array = 2;
            rc = 0;
        } else if (array == 2 && !line_is(ls, ll, "")) {
            res->line = line;
            return diag_error(d, "invalid JSON: text after the closing ]");
        } else if (array) {
            while (ll && strchr(" \t\r", ls[ll - 1]))
                ll--;
            if (ll && ls[ll - 1] == ',')
                ll--;
            /* A record spread over several lines (pretty-printed): read it whole. */
            cJSON *v = line == 2 ? cJSON_ParseWithLength(ls, ll) : NULL;
            if (line == 2 && !v && !line_is(ls, ll, ""))
                rc = -2;
            else
                rc = json_line(&j, ls, ll, line, d);
            cJSON_Delete(v);
        } else {
            rc = json_line(&j, ls, ll, line, d);
        }
        if (rc == -2) {
            /* One record over several lines: read it whole. */
            if (read_rest(r, f, b, cap, 0, d))
                return -1;
            size_t off = b->len >= 3 && !memcmp(b->data, "\xEF\xBB\xBF", 3) ? 3 : 0;
            return json_value(&j, b->data + off, b->len - off, d);
        }
        if (rc)
            return -1;
        if (!(line % PROGRESS_RECORDS))
            progress(r);
        if (!nl) {
            if (array != 1)
                return 0;
            res->line = line;
            return diag_error(d, "invalid JSON: it ends too soon (no closing ])");
        }
        pos = scan = e + 1;
    }
}

static void note_file(struct run *r, const char *path, const struct import_result *res)
{
    if (!r->o->verbose)
        return;
    if (res->charset && strcmp(res->charset, "UTF-8"))
        report(r, IMPORT_NOTE, "'%s': read as %s", path, res->charset);
    if (res->repaired)
        report(r, IMPORT_NOTE, "'%s': repaired garbled text (UTF-8 once read as GBK)", path);
    if (res->kind != IMPORT_JSON && res->missing) {
        struct buf m = BUF_INIT;
        for (unsigned bit = 1; bit && bit <= res->missing; bit <<= 1)
            if (res->missing & bit) {
                if (m.len)
                    buf_adds(&m, ", ");
                buf_adds(&m, letter_parse_field_name(bit));
            }
        report(r, IMPORT_NOTE, "'%s': not found: %s", path,
               buf_failed(&m) ? "(out of memory)" : m.data);
        buf_release(&m);
    }
}

static void kept(struct import_stats *st)
{
    st->kept_files = st->files;
    st->kept_added = st->added;
    st->kept_updated = st->updated;
}

/* Commits the batch when it is full, or ends a step of it: its new letters
 * compared and indexed, not yet counted nor committed (not under strict or dry
 * run). */
static void maybe_commit(struct run *r, size_t bytes)
{
    if (r->o->strict || r->o->dry_run || r->fatal)
        return;
    r->batch_files++;
    r->batch_bytes += bytes;
    r->step_files++;
    r->step_bytes += bytes;
    if (r->batch_files < r->o->batch_files && r->batch_bytes < r->o->batch_bytes) {
        if (r->step_files < r->o->step_files && r->step_bytes < r->o->step_bytes)
            return;
        if (similar_flush(r->sim, &r->fatal_d) || db_index_pending(r->db, &r->fatal_d))
            r->fatal = 1;
        r->step_files = 0;
        r->step_bytes = 0;
        return;
    }
    if (similar_flush(r->sim, &r->fatal_d) || db_commit(r->db, &r->fatal_d))
        r->fatal = 1;
    else
        kept(r->stats);
    if (!r->fatal && db_exec(r->db, "BEGIN IMMEDIATE", &r->fatal_d))
        r->fatal = 1;
    r->batch_files = 0;
    r->batch_bytes = 0;
    r->step_files = 0;
    r->step_bytes = 0;
}

/* The letters waiting to be compared (similar_queue) are compared when the
 * batch commits, or between files once their shingles take this much memory. */
#define SIMILAR_QUEUE_BYTES ((size_t)6 << 20)

static void import_file(struct run *r, const char *path, FILE *f, size_t size_hint)
{
    struct buf data = BUF_INIT;
    struct diag d = DIAG_INIT;
    struct import_result res;
    memset(&res, 0, sizeof res);
    unsigned long long bytes0 = r->stats->bytes;
    int failed = 1;
    r->path = path;
    r->cur_added = r->cur_updated = r->cur_unchanged = 0;

    int err = 0;
    while (data.len < CHUNK && !err) {
        size_t got = read_chunk(f, &data, CHUNK - data.len, &err);
        r->stats->bytes += got;
        if (!got)
            break;
    }
    if (err) {
        diag_error(&d, "cannot read: %s", strerror(err));
        goto report;
    }
    if (data.len == 0) {
        diag_error(&d, "empty file");
        goto report;
    }
    enum kind k = kind_by_name(path);
    if (k == K_UNKNOWN && !has_utf16_bom(data.data, data.len))
        k = kind_by_content(data.data, data.len);
    int stream =
        (k == K_JSONL || k == K_JSON) && !r->o->encoding && !has_utf16_bom(data.data, data.len);
    size_t queued = similar_queued(r->sim);
    if (db_exec(r->db, "SAVEPOINT file", &d)) {
        r->fatal = 1;
        diag_error(&r->fatal_d, "%s", diag_msg(&d));
        goto done;
    }
    int rc;
    if (stream) {
        rc = json_stream(r, f, &data, &res, k == K_JSON, &d);
    } else {
        rc = read_rest(r, f, &data, r->o->max_bytes, size_hint, &d);
        if (!rc)
            rc = import_bytes(data.data, data.len, path, r->o->encoding, store, r, &res, &d);
    }
    if (rc || r->fatal) {
        /* Nothing of this file stays, nor is counted. */
        db_exec(r->db, "ROLLBACK TO file; RELEASE file", NULL);
        similar_unqueue(r->sim, queued);
    } else if (db_exec(r->db, "RELEASE file", &d)) {
        r->fatal = 1;
        diag_error(&r->fatal_d, "%s", diag_msg(&d));
    } else if (similar_queued_bytes(r->sim) > SIMILAR_QUEUE_BYTES &&
               similar_flush(r->sim, &r->fatal_d)) {
        /* Outside the file's savepoint: its letters are in. */
        r->fatal = 1;
    } else {
        failed = 0;
        if (res.foreign == 1)
            report(r, IMPORT_WARNING,
                   "'%s': not letters: its JSON record has no 'text' field, which dafu's "
                   "records have, nor a letter's text (a 'content' or '正文'); skipped",
                   path);
        else if (res.foreign)
            report(r, IMPORT_WARNING,
                   "'%s': not letters: none of its %ld JSON records has a 'text' field, which "
                   "dafu's records have, nor a letter's text (a 'content' or '正文'); skipped",
                   path, res.foreign);
        if (res.warning[0])
            report(r, IMPORT_WARNING, "'%s': %s", path, res.warning);
        note_file(r, path, &res);
    }
report:
    if (r->fatal)
        goto done;
    if (failed) {
        if (res.line && res.col)
            report(r, IMPORT_ERROR, "'%s':%ld:%ld: %s", path, res.line, res.col, diag_msg(&d));
        else if (res.line)
            report(r, IMPORT_ERROR, "'%s':%ld: %s", path, res.line, diag_msg(&d));
        else
            report(r, IMPORT_ERROR, "'%s': %s", path, diag_msg(&d));
        r->stats->failed++;
        if (r->o->strict)
            r->stop = 1;
    } else {
        r->stats->added += r->cur_added;
        r->stats->updated += r->cur_updated;
        r->stats->unchanged += r->cur_unchanged;
    }
    r->stats->files++;
    maybe_commit(r, (size_t)(r->stats->bytes - bytes0));
    progress(r);
done:
    buf_release(&data);
    diag_release(&d);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void import_path(struct run *r, const char *path, int top);

static size_t dir_slot(const struct dev_ino *set, size_t cap, dev_t dev, ino_t ino)
{
    size_t h = ((size_t)ino * 0x9E3779B97F4A7C15ull) ^ (size_t)dev;
    size_t i = h & (cap - 1);
    while ((set[i].dev || set[i].ino) && (set[i].dev != dev || set[i].ino != ino))
        i = (i + 1) & (cap - 1);
    return i;
}

/* Adds a folder to the walked set. Returns 1 when it was there already, 0 when
 * added, -1 out of memory. */
static int visit_dir(struct run *r, const struct stat *st)
{
    if ((r->ndirs + 1) * 2 > r->dirs_cap) {
        size_t cap = r->dirs_cap ? r->dirs_cap * 2 : 64;
        struct dev_ino *set = calloc(cap, sizeof *set);
        if (!set)
            return -1;
        for (size_t i = 0; i < r->dirs_cap; i++)
            if (r->dirs[i].dev || r->dirs[i].ino)
                set[dir_slot(set, cap, r->dirs[i].dev, r->dirs[i].ino)] = r->dirs[i];
        free(r->dirs);
        r->dirs = set;
        r->dirs_cap = cap;
    }
    size_t i = dir_slot(r->dirs, r->dirs_cap, st->st_dev, st->st_ino);
    if (r->dirs[i].dev == st->st_dev && r->dirs[i].ino == st->st_ino && (st->st_dev || st->st_ino))
        return 1;
    r->dirs[i].dev = st->st_dev;
    r->dirs[i].ino = st->st_ino;
    r->ndirs++;
    return 0;
}

static void import_dir(struct run *r, const char *path, const struct stat *st)
{
    int seen = visit_dir(r, st);
    if (seen < 0 && !r->counting)
        fail_path(r, path, "out of memory");
    if (seen)
        return; /* reached again through a symbolic link: read once only */
    char **names = NULL;
    size_t n = 0;
    DIR *dir = opendir(path);
    if (!dir) {
        if (!r->counting)
            fail_path(r, path, strerror(errno));
        goto done;
    }
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue; /* hidden files, . and .. */
        char **q = realloc(names, (n + 1) * sizeof *q);
        char *name = strdup(e->d_name);
        if (q)
            names = q;
        if (!q || !name) {
            free(name);
            if (!r->counting)
                fail_path(r, path, "out of memory");
            break;
        }
        names[n++] = name;
    }
    closedir(dir);
    qsort(names, n, sizeof *names, cmp_names);
    size_t plen = strlen(path);
    struct buf child = BUF_INIT;
    for (size_t i = 0; i < n && !r->stop && !r->fatal; i++) {
        buf_clear(&child);
        if (buf_printf(&child, "%s%s%s", path, plen && path[plen - 1] == '/' ? "" : "/",
                       names[i])) {
            if (!r->counting)
                fail_path(r, path, "out of memory");
            break;
        }
        import_path(r, child.data, 0);
    }
    buf_release(&child);
done:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static int importable_name(const char *name)
{
    static const char *const exts[] = {".txt",   ".text", ".html",  ".htm",    ".shtml",
                                       ".xhtml", ".json", ".jsonl", ".ndjson", NULL};
    for (int i = 0; exts[i]; i++)
        if (ends_with(name, exts[i]))
            return 1;
    return 0;
}

static void import_path(struct run *r, const char *path, int top)
{
    if (top && !strcmp(path, "-")) {
        if (r->counting)
            r->unknown_total = 1;
        else
            import_file(r, "-", stdin, 0);
        return;
    }
    struct stat st;
    if (stat(path, &st)) {
        /* A link that leads nowhere or in a circle, inside a folder too: the user
         * should hear of it. */
        if (!r->counting)
            fail_path(r, path, errno == ELOOP ? "a symbolic link loop" : strerror(errno));
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        import_dir(r, path, &st);
        return;
    }
    /* Inside folders, only regular files that look like letters or records. */
    if (!top && (!importable_name(path) || !S_ISREG(st.st_mode)))
        return;
    int pipe = S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode);
    if (!S_ISREG(st.st_mode) && !pipe) {
        if (!r->counting)
            fail_path(r, path, "not a regular file");
        return;
    }
    if (r->counting) {
        if (pipe)
            r->unknown_total = 1;
        r->stats->total_files++;
        r->stats->total_bytes += (unsigned long long)st.st_size;
        return;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail_path(r, path, strerror(errno));
        return;
    }
    import_file(r, path, f, pipe ? 0 : (size_t)st.st_size);
    fclose(f);
}

int import_paths(struct db *db, char **paths, int n, const struct import_opts *o,
                 struct import_stats *stats, const struct import_hooks *hooks, struct diag *d)
{
    struct run r;
    memset(&r, 0, sizeof r);
    r.db = db;
    r.o = o;
    r.stats = stats;
    r.h = hooks;
    diag_init(&r.fatal_d);
    memset(stats, 0, sizeof *stats);
    int rc = 0;
    if (hooks && hooks->progress) {
        r.counting = 1;
        for (int i = 0; i < n; i++)
            import_path(&r, paths[i], 1);
        r.counting = 0;
        free(r.dirs);
        r.dirs = NULL;
        r.ndirs = r.dirs_cap = 0;
        if (r.unknown_total) {
            stats->total_files = 0;
            stats->total_bytes = 0;
        }
    }
    if (db_readonly(db)) {
        rc = diag_error(d, "cannot import into '%s': the database is read-only", db_path(db));
        goto cleanup;
    }
    if (db_exec(db, "BEGIN IMMEDIATE", d)) {
        rc = -1;
        goto cleanup;
    }
    /* Letters stored before the similarity index existed are compared first. */
    if (similar_open(&r.sim, db, d) || (!o->defer_similar && similar_catch_up(r.sim, d) < 0)) {
        db_exec(db, "ROLLBACK", NULL);
        rc = -1;
        goto cleanup;
    }
    for (int i = 0; i < n && !r.stop && !r.fatal; i++)
        import_path(&r, paths[i], 1);
    if (r.fatal) {
        stats->stopped = 1;
        db_exec(db, "ROLLBACK", NULL);
        rc = diag_error(d, "%s", diag_msg(&r.fatal_d));
        goto cleanup;
    }
    if (r.stop) {
        db_exec(db, "ROLLBACK", NULL);
        stats->added = stats->updated = stats->unchanged = 0;
        rc = diag_error(d, "stopped at the first failure (--strict): nothing was imported");
        goto cleanup;
    }
    if (o->dry_run) {
        db_exec(db, "ROLLBACK", NULL);
    } else if (similar_flush(r.sim, d) || db_commit(db, d)) {
        db_exec(db, "ROLLBACK", NULL);
        rc = -1;
        goto cleanup;
    } else {
        kept(stats);
        if (similar_settle(r.sim, stats->added + stats->updated, d)) {
            rc = -1;
            goto cleanup;
        }
        /* What the comparison kept in memory goes before the refresh, which
         * takes memory of its own. */
        similar_close(r.sim);
        r.sim = NULL;
        if (topk_refresh(db, d)) {
            /* The letters are in; the best hits of frequent terms stay as
             * they were (a search reads the newer hits from the index). */
            rc = -1;
            goto cleanup;
        }
        /* A large import leaves the index in several segments: merged when
         * that costs little beside the import itself. */
        if (db_index_merge(db, stats->added + stats->updated, d)) {
            rc = -1;
            goto cleanup;
        }
    }
    rc = stats->failed ? 1 : 0;
cleanup:
    similar_close(r.sim);
    free(r.dirs);
    diag_release(&r.fatal_d);
    return rc;
}
