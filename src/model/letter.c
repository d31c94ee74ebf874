/* letter: the fields of one reply letter and its JSON record (see letter.h). */
#include "model/letter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "base/buf.h"
#include "text/text.h"

const struct letter_str_field letter_strs[LETTER_STRS] = {
    {"body", offsetof(struct letter, body)},
    {"level", offsetof(struct letter, level)},
    {"region", offsetof(struct letter, region)},
    {"kind", offsetof(struct letter, kind)},
    {"number", offsetof(struct letter, number)},
    {"department", offsetof(struct letter, department)},
    {"title", offsetof(struct letter, title)},
    {"doc_number", offsetof(struct letter, doc_number)},
    {"date", offsetof(struct letter, date)},
    {"category", offsetof(struct letter, category)},
    {"text", offsetof(struct letter, text)},
    {"source", offsetof(struct letter, source)},
};

void letter_init(struct letter *l)
{
    memset(l, 0, sizeof *l);
}

void letter_release(struct letter *l)
{
    char **fields[] = {&l->body,       &l->level,  &l->region,     &l->kind,        &l->number,
                       &l->department, &l->title,  &l->doc_number, &l->date,        &l->category,
                       &l->text,       &l->source, &l->sha256,     &l->imported_at, &l->evidence};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        free(*fields[i]);
    for (size_t i = 0; i < l->n_delegates; i++)
        free(l->delegates[i]);
    free(l->delegates);
    letter_init(l);
}

int letter_set(char **field, const char *s, size_t len)
{
    free(*field);
    *field = NULL;
    if (!s)
        return 0;
    char *p = malloc(len + 1);
    if (!p)
        return -1;
    memcpy(p, s, len);
    p[len] = '\0';
    *field = p;
    return 0;
}

/* Room for one more proposer: the array doubles when full (its size is 4, then
 * the powers of two), so n appends cost O(n). */
static int delegates_room(struct letter *l)
{
    size_t n = l->n_delegates;
    if (n && (n < 4 || (n & (n - 1))))
        return 0;
    size_t cap = n ? 2 * n : 4;
    char **p = realloc(l->delegates, cap * sizeof *p);
    if (!p)
        return -1;
    l->delegates = p;
    return 0;
}

int letter_push_delegate(struct letter *l, const char *name, size_t len)
{
    if (delegates_room(l))
        return -1;
    l->delegates[l->n_delegates] = NULL;
    if (letter_set(&l->delegates[l->n_delegates], name, len))
        return -1;
    l->n_delegates++;
    return 0;
}

int letter_add_delegate(struct letter *l, const char *name, size_t len)
{
    /* The parser adds the few names of a line; a record's list goes through
     * add_delegates below, which does not compare with every earlier name. */
    for (size_t i = 0; i < l->n_delegates; i++)
        if (strlen(l->delegates[i]) == len && !memcmp(l->delegates[i], name, len))
            return 0;
    return letter_push_delegate(l, name, len);
}

static size_t name_hash(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* A record's proposers, each once, in one pass with a hash set of their places;
 * more than LETTER_MAX_DELEGATES refuse the record. */
static int add_delegates(struct letter *l, const cJSON *dels, struct diag *d)
{
    int n = cJSON_GetArraySize(dels);
    if (n > LETTER_MAX_DELEGATES)
        return diag_error(d, "field 'delegates' lists %d names, more than the %d a letter may have",
                          n, LETTER_MAX_DELEGATES);
    size_t cap = 16;
    while (cap < 2 * (size_t)n)
        cap *= 2;
    size_t *set = calloc(cap, sizeof *set); /* place + 1 in l->delegates; 0 = empty */
    if (!set)
        return diag_error(d, "out of memory");
    int rc = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, dels)
    {
        if (!cJSON_IsString(it)) {
            rc = diag_error(d, "field 'delegates' must be an array of strings");
            break;
        }
        const char *name = it->valuestring;
        if (!name[0])
            continue;
        size_t slot = name_hash(name) & (cap - 1);
        while (set[slot] && strcmp(l->delegates[set[slot] - 1], name))
            slot = (slot + 1) & (cap - 1);
        if (set[slot])
            continue;
        if (letter_push_delegate(l, name, strlen(name))) {
            rc = diag_error(d, "out of memory");
            break;
        }
        set[slot] = l->n_delegates;
    }
    free(set);
    return rc;
}

int letter_hash(struct letter *l)
{
    struct buf norm = BUF_INIT;
    const char *t = l->text ? l->text : "";
    if (text_normalize(t, strlen(t), &norm)) {
        buf_release(&norm);
        return -1;
    }
    static const char digits[] = "0123456789abcdef";
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    char hex[2 * SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, norm.len, (const uint8_t *)norm.data);
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, digest);
    buf_release(&norm);
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    return letter_set(&l->sha256, hex, sizeof hex);
}

static void add_str(cJSON *o, const char *key, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static void add_int(cJSON *o, const char *key, long long v)
{
    if (v)
        cJSON_AddNumberToObject(o, key, (double)v);
    else
        cJSON_AddNullToObject(o, key);
}

cJSON *letter_to_json(const struct letter *l)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    add_int(o, "id", l->id);
    add_str(o, "body", l->body);
    add_str(o, "level", l->level);
    add_str(o, "region", l->region);
    add_int(o, "term", l->term);
    add_int(o, "session", l->session);
    add_str(o, "kind", l->kind);
    add_str(o, "number", l->number);
    add_str(o, "department", l->department);
    cJSON *arr = cJSON_AddArrayToObject(o, "delegates");
    for (size_t i = 0; arr && i < l->n_delegates; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(l->delegates[i]));
    add_int(o, "delegate_count", l->delegate_count);
    add_str(o, "title", l->title);
    add_str(o, "doc_number", l->doc_number);
    add_str(o, "date", l->date);
    add_str(o, "category", l->category);
    add_str(o, "text", l->text);
    add_str(o, "source", l->source);
    add_str(o, "sha256", l->sha256);
    /* where the parser read each field: an object, null when not known */
    cJSON *ev = l->evidence ? cJSON_Parse(l->evidence) : NULL;
    if (cJSON_IsObject(ev)) {
        cJSON_AddItemToObject(o, "evidence", ev);
    } else {
        cJSON_Delete(ev);
        cJSON_AddNullToObject(o, "evidence");
    }
    return o;
}

static int get_str(const cJSON *obj, const char *key, char **field, struct diag *d)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v))
        return diag_error(d, "field '%s' must be a string or null", key);
    if (!v->valuestring[0])
        return 0;
    return letter_set(field, v->valuestring, strlen(v->valuestring));
}

static int get_int(const cJSON *obj, const char *key, int *field, struct diag *d)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e9 ||
        v->valuedouble != (double)(int)v->valuedouble)
        return diag_error(d, "field '%s' must be a whole number or null", key);
    *field = (int)v->valuedouble;
    return 0;
}

int letter_from_json(struct letter *l, const cJSON *obj, struct diag *d)
{
    if (!cJSON_IsObject(obj))
        return diag_error(d, "a record must be a JSON object");
    for (size_t i = 0; i < LETTER_STRS; i++)
        if (get_str(obj, letter_strs[i].key, (char **)((char *)l + letter_strs[i].off), d))
            return -1;
    if (get_int(obj, "term", &l->term, d) || get_int(obj, "session", &l->session, d) ||
        get_int(obj, "delegate_count", &l->delegate_count, d))
        return -1;
    const cJSON *dels = cJSON_GetObjectItemCaseSensitive(obj, "delegates");
    if (dels && !cJSON_IsNull(dels)) {
        if (!cJSON_IsArray(dels))
            return diag_error(d, "field 'delegates' must be an array of strings");
        if (add_delegates(l, dels, d))
            return -1;
    }
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(obj, "evidence");
    if (ev && !cJSON_IsNull(ev)) {
        if (!cJSON_IsObject(ev))
            return diag_error(d, "field 'evidence' must be an object or null");
        char *s = cJSON_PrintUnformatted(ev);
        if (!s)
            return diag_error(d, "out of memory");
        free(l->evidence);
        l->evidence = s;
    }
    if (!l->text)
        return diag_error(d, "record has no 'text'");
    return 0;
}

char *letter_number_key(const char *number)
{
    if (!number || !*number)
        return NULL;
    struct buf norm = BUF_INIT;
    struct buf out = BUF_INIT;
    if (text_normalize(number, strlen(number), &norm))
        goto fail;
    size_t i = 0;
    int in_digits = 0;
    int leading = 1; /* still inside a run of leading zeros */
    while (i < norm.len) {
        size_t start = i;
        uint32_t cp = utf8_next(norm.data, norm.len, &i);
        if (cp == 0x7B2C /* 第 */ || cp == 0x53F7 /* 号 */ || cp == ' ')
            continue;
        if (cp >= '0' && cp <= '9') {
            if (!in_digits)
                leading = 1;
            in_digits = 1;
            if (cp == '0' && leading) {
                /* keep a lone zero if the run is all zeros */
                size_t j = i;
                if (j < norm.len && norm.data[j] >= '0' && norm.data[j] <= '9')
                    continue;
            }
            leading = 0;
        } else {
            in_digits = 0;
        }
        if (buf_add(&out, norm.data + start, i - start))
            goto fail;
    }
    buf_release(&norm);
    if (!out.len) {
        buf_release(&out);
        return NULL;
    }
    return buf_detach(&out);
fail:
    buf_release(&norm);
    buf_release(&out);
    return NULL;
}

long long letter_number_int(const char *number)
{
    if (!number)
        return -1;
    long long v = -1;
    long long cur = -1;
    for (const char *p = number; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (cur < 0)
                cur = 0;
            if (cur < 100000000000LL)
                cur = cur * 10 + (*p - '0');
        } else if (cur >= 0) {
            v = cur;
            cur = -1;
        }
    }
    return cur >= 0 ? cur : v;
}

void letter_meeting(const struct letter *l, struct buf *out)
{
    if (!l->body && !l->term)
        return;
    if (l->region)
        buf_adds(out, l->region);
    else if (l->level)
        buf_adds(out, l->level);
    if (l->body)
        buf_adds(out, l->body);
    if (l->term)
        buf_printf(out, "%d届", l->term);
    if (l->session)
        buf_printf(out, "%d次", l->session);
}
