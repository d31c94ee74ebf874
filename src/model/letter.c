/* letter: the fields of one reply letter and its JSON record (see letter.h). */
#include "model/letter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "base/buf.h"
#include "text/text.h"

#define LETTER_COUNT_OFF_STR(name) 0
#define LETTER_COUNT_OFF_INT(name) 0
#define LETTER_COUNT_OFF_JSON(name) 0
#define LETTER_COUNT_OFF_LIST(name) offsetof(struct letter, n_##name)
#define LETTER_ROW(name, type, flags, show)                                                        \
    {#name,                                                                                        \
     LETTER_##type,                                                                                \
     flags,                                                                                        \
     show,                                                                                         \
     offsetof(struct letter, name),                                                                \
     LETTER_COUNT_OFF_##type(name)},

const struct letter_field letter_fields[LETTER_NFIELDS] = {LETTER_FIELDS(LETTER_ROW)};

char **letter_str(struct letter *l, const struct letter_field *f)
{
    return (char **)((char *)l + f->off);
}

const char *letter_get_str(const struct letter *l, const struct letter_field *f)
{
    return *(char *const *)((const char *)l + f->off);
}

int *letter_int(struct letter *l, const struct letter_field *f)
{
    return (int *)((char *)l + f->off);
}

int letter_get_int(const struct letter *l, const struct letter_field *f)
{
    return *(const int *)((const char *)l + f->off);
}

size_t letter_get_list(const struct letter *l, const struct letter_field *f, char *const **items)
{
    *items = *(char **const *)((const char *)l + f->off);
    return *(const size_t *)((const char *)l + f->count_off);
}

int letter_stated(const struct letter *l, const struct letter_field *f)
{
    char *const *items;
    switch (f->type) {
    case LETTER_STR:
    case LETTER_JSON:
        return letter_get_str(l, f) != NULL;
    case LETTER_INT:
        return letter_get_int(l, f) != 0;
    case LETTER_LIST:
        return letter_get_list(l, f, &items) > 0;
    }
    return 0;
}

int letter_join(const struct letter *l, const struct letter_field *f, const char *sep,
                struct buf *out)
{
    char *const *items;
    size_t n = letter_get_list(l, f, &items);
    for (size_t i = 0; i < n; i++) {
        if (i && buf_adds(out, sep))
            return -1;
        if (buf_adds(out, items[i]))
            return -1;
    }
    return 0;
}

int letter_same_fields(const struct letter *a, const struct letter *b)
{
    for (size_t i = 0; i < LETTER_NFIELDS; i++) {
        const struct letter_field *f = &letter_fields[i];
        if (!(f->flags & (LETTER_EXPECTED | LETTER_IF_STATED)) && i != LETTER_F_evidence)
            continue;
        if (f->type == LETTER_INT) {
            if (letter_get_int(a, f) != letter_get_int(b, f))
                return 0;
        } else if (f->type == LETTER_LIST) {
            char *const *x, *const *y;
            size_t n = letter_get_list(a, f, &x);
            if (n != letter_get_list(b, f, &y))
                return 0;
            for (size_t k = 0; k < n; k++)
                if (strcmp(x[k], y[k]))
                    return 0;
        } else {
            const char *x = letter_get_str(a, f), *y = letter_get_str(b, f);
            if (x && y ? strcmp(x, y) != 0 : x != y)
                return 0;
        }
    }
    return 1;
}

void letter_init(struct letter *l)
{
    memset(l, 0, sizeof *l);
}

void letter_release(struct letter *l)
{
    for (size_t i = 0; i < LETTER_NFIELDS; i++) {
        const struct letter_field *f = &letter_fields[i];
        if (f->type == LETTER_STR || f->type == LETTER_JSON) {
            free(*letter_str(l, f));
        } else if (f->type == LETTER_LIST) {
            char *const *items;
            size_t n = letter_get_list(l, f, &items);
            for (size_t k = 0; k < n; k++)
                free(items[k]);
            free((void *)items);
        }
    }
    free(l->imported_at);
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
    /* A few names (tests); lists go through a delegate_set, which does not
     * compare with every earlier name. */
    for (size_t i = 0; i < l->n_delegates; i++)
        if (strlen(l->delegates[i]) == len && !memcmp(l->delegates[i], name, len))
            return 0;
    return letter_push_delegate(l, name, len);
}

/* The delegate_set's entries are the letter's names. */
static size_t name_hash_of(const void *ctx, size_t i)
{
    const struct letter *l = ctx;
    return slots_hash(l->delegates[i], strlen(l->delegates[i]));
}

struct name_key {
    const struct letter *l;
    const char *name;
    size_t len;
};

static int name_same(const void *ctx, size_t i)
{
    const struct name_key *k = ctx;
    const char *have = k->l->delegates[i];
    return strlen(have) == k->len && !memcmp(have, k->name, k->len);
}

int delegate_set_add(struct delegate_set *s, struct letter *l, const char *name, size_t len)
{
    /* Room for one more than the letter lists (the set is rebuilt from its
     * list when it grows: amortized O(1)). */
    if (slots_room(&s->names, l->n_delegates, 16, name_hash_of, l))
        return -1;
    struct name_key k = {l, name, len};
    size_t *at = slots_find(&s->names, slots_hash(name, len), name_same, &k);
    if (*at)
        return 0;
    if (letter_push_delegate(l, name, len))
        return -1;
    *at = l->n_delegates;
    return 1;
}

void delegate_set_release(struct delegate_set *s)
{
    slots_release(&s->names);
}

/* A record's proposers, each once, in one pass with a hash set of their places;
 * more than LETTER_MAX_DELEGATES refuse the record. */
static int add_delegates(struct letter *l, const cJSON *dels, struct diag *d)
{
    int n = cJSON_GetArraySize(dels);
    if (n > LETTER_MAX_DELEGATES)
        return diag_error(d, "field 'delegates' lists %d names, more than the %d a letter may have",
                          n, LETTER_MAX_DELEGATES);
    struct delegate_set set = DELEGATE_SET_INIT;
    int rc = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, dels)
    {
        if (!cJSON_IsString(it)) {
            rc = diag_error(d, "field 'delegates' must be an array of strings");
            break;
        }
        const char *name = it->valuestring;
        if (name[0] && delegate_set_add(&set, l, name, strlen(name)) < 0) {
            rc = diag_error(d, "out of memory");
            break;
        }
    }
    delegate_set_release(&set);
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

/* The add_* helpers return 0, or -1 when memory runs out (nothing added). */
static int add_str(cJSON *o, const char *key, const char *v)
{
    return (v ? cJSON_AddStringToObject(o, key, v) : cJSON_AddNullToObject(o, key)) ? 0 : -1;
}

static int add_int(cJSON *o, const char *key, long long v)
{
    return (v ? cJSON_AddNumberToObject(o, key, (double)v) : cJSON_AddNullToObject(o, key)) ? 0
                                                                                            : -1;
}

/* An object kept as its text: the object, or null when unknown. */
static int add_object(cJSON *o, const char *key, const char *text)
{
    cJSON *v = text ? cJSON_Parse(text) : NULL;
    if (cJSON_IsObject(v))
        return cJSON_AddItemToObject(o, key, v) ? 0 : (cJSON_Delete(v), -1);
    cJSON_Delete(v);
    return cJSON_AddNullToObject(o, key) ? 0 : -1;
}

int json_add_strings(cJSON *o, const char *key, char *const *items, size_t n)
{
    cJSON *arr = cJSON_AddArrayToObject(o, key);
    for (size_t k = 0; arr && k < n; k++) {
        cJSON *s = cJSON_CreateString(items[k]);
        if (!s || !cJSON_AddItemToArray(arr, s)) {
            cJSON_Delete(s);
            return -1;
        }
    }
    return arr ? 0 : -1;
}

cJSON *letter_to_json(const struct letter *l)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    int rc = add_int(o, "id", l->id);
    for (size_t i = 0; !rc && i < LETTER_NFIELDS; i++) {
        const struct letter_field *f = &letter_fields[i];
        if (f->type == LETTER_STR) {
            rc = add_str(o, f->name, letter_get_str(l, f));
        } else if (f->type == LETTER_INT) {
            rc = add_int(o, f->name, letter_get_int(l, f));
        } else if (f->type == LETTER_JSON) {
            rc = add_object(o, f->name, letter_get_str(l, f));
        } else {
            char *const *items;
            size_t n = letter_get_list(l, f, &items);
            rc = json_add_strings(o, f->name, items, n);
        }
    }
    if (rc) {
        cJSON_Delete(o);
        return NULL;
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

/* A list field of a record: null, or an array of strings. delegates is the one
 * list, read by add_delegates. */
static int get_list(const cJSON *obj, struct letter *l, const struct letter_field *f,
                    struct diag *d)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->name);
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsArray(v))
        return diag_error(d, "field '%s' must be an array of strings", f->name);
    return add_delegates(l, v, d);
}

/* An object field of a record: null, or an object, kept as its text. */
static int get_object(const cJSON *obj, const char *key, char **field, struct diag *d)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsObject(v))
        return diag_error(d, "field '%s' must be an object or null", key);
    char *s = cJSON_PrintUnformatted(v);
    if (!s)
        return diag_error(d, "out of memory");
    free(*field);
    *field = s;
    return 0;
}

int letter_from_json(struct letter *l, const cJSON *obj, struct diag *d)
{
    if (!cJSON_IsObject(obj))
        return diag_error(d, "a record must be a JSON object");
    /* Strings, numbers, lists, objects: the first wrong one is named. */
    static const enum letter_type passes[] = {LETTER_STR, LETTER_INT, LETTER_LIST, LETTER_JSON};
    for (size_t p = 0; p < sizeof passes / sizeof passes[0]; p++)
        for (size_t i = 0; i < LETTER_NFIELDS; i++) {
            const struct letter_field *f = &letter_fields[i];
            if (f->type != passes[p] || (f->flags & LETTER_DERIVED))
                continue;
            int rc = f->type == LETTER_STR    ? get_str(obj, f->name, letter_str(l, f), d)
                     : f->type == LETTER_INT  ? get_int(obj, f->name, letter_int(l, f), d)
                     : f->type == LETTER_LIST ? get_list(obj, l, f, d)
                                              : get_object(obj, f->name, letter_str(l, f), d);
            if (rc)
                return -1;
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

/* A number item at [s, e): a prefix without digits ("", "a", "台"), then digits alone,
 * up to 12 of them. Sets *pl to the prefix's length and *v to the digits' value and
 * returns 0, else -1. */
static int prefixed_value(const char *s, const char *e, size_t *pl, long long *v)
{
    const char *d = s;
    while (d < e && !(*d >= '0' && *d <= '9'))
        d++;
    if (d == e || e - d > 12)
        return -1;
    long long x = 0;
    for (const char *p = d; p < e; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        x = x * 10 + (*p - '0');
    }
    *pl = (size_t)(d - s);
    *v = x;
    return 0;
}

/* A range of numbers in a key's item at [s, e) ("12至15", "12到15", "12~15" for
 * 12～15, "12—15", "12-15", "a12-a15"): two numbers with one prefix, written before
 * the first or before both, joined by a range's word, the first below the last and
 * at most LETTER_RANGE_SPAN numbers in all. Sets *pl to the prefix's length and *lo,
 * *hi to the ends and returns 0, else -1 ("4-1", a number and its part; "1至99999"). */
static int number_range(const char *s, const char *e, size_t *pl, long long *lo, long long *hi)
{
    static const char *const words[] = {"至", "到", "~", "—", "-", NULL};
    const char *d = s;
    while (d < e && !(*d >= '0' && *d <= '9'))
        d++;
    while (d < e && *d >= '0' && *d <= '9')
        d++;
    for (int i = 0; words[i]; i++) {
        size_t wl = strlen(words[i]);
        if ((size_t)(e - d) <= wl || memcmp(d, words[i], wl))
            continue;
        size_t pl2 = 0;
        if (prefixed_value(s, d, pl, lo) || prefixed_value(d + wl, e, &pl2, hi) ||
            (pl2 && (pl2 != *pl || memcmp(s, d + wl, pl2))))
            return -1;
        return *lo < *hi && *hi - *lo < LETTER_RANGE_SPAN ? 0 : -1;
    }
    return -1;
}

int letter_number_names(const char *key, const char *q)
{
    if (!key || !q || !*q)
        return 0;
    const char *sep = "、";
    size_t ql = strlen(q);
    size_t qpl = 0;
    long long qv = -1;
    int qnum = !prefixed_value(q, q + ql, &qpl, &qv);
    for (const char *s = key;;) {
        const char *e = strstr(s, sep);
        if (!e)
            e = s + strlen(s);
        size_t pl = 0;
        long long lo = 0, hi = 0;
        if ((size_t)(e - s) == ql && !memcmp(s, q, ql))
            return 1;
        if (qnum && !number_range(s, e, &pl, &lo, &hi) && pl == qpl && !memcmp(s, q, pl) &&
            qv >= lo && qv <= hi)
            return 1;
        if (!*e)
            return 0;
        s = e + strlen(sep);
    }
}

long long letter_number_int(const char *number)
{
    if (!number)
        return -1;
    const char *e = strstr(number, "、");
    size_t pl = 0;
    long long lo = 0, hi = 0;
    if (!number_range(number, e ? e : number + strlen(number), &pl, &lo, &hi))
        return lo; /* a range ("12至15") sorts by its first, as a list does */
    long long v = -1;
    long long cur = -1;
    for (const char *p = number; *p; p++) {
        if (!strncmp(p, "、", strlen("、")))
            break; /* a list of numbers ("12、15") sorts by its first */
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

char *letter_json_print(const cJSON *j, int formatted)
{
    char *s = formatted ? cJSON_Print(j) : cJSON_PrintUnformatted(j);
    if (!s)
        return NULL;
    struct buf b = BUF_INIT;
    int rc = json_escape_controls(s, strlen(s), &b);
    free(s);
    if (rc || buf_failed(&b)) {
        buf_release(&b);
        return NULL;
    }
    return buf_detach(&b);
}
