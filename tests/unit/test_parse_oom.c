/*
 * The parser when memory runs out: every fixture letter in tests/letters/ parsed
 * once with each of its allocations failing in turn (letter_parse_probed's
 * fail_at). Each such parse is refused (-1, "out of memory"), never returned with
 * a field missing; the parse that fails none gives the same record as a plain
 * parse. Under AddressSanitizer the failure paths are checked for leaks too. And
 * every field a letter states has its evidence: where it was read, and the line.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "check.h"
#include "import/parse/letter_parse.h"
#include "model/letter.h"
#include "util.h"

/* The letter as its JSON record, to compare two parses. */
static char *record(const struct letter *l)
{
    cJSON *j = letter_to_json(l);
    char *s = j ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    return s;
}

static void check_letter(void *ctx, const char *name, const char *text, size_t len)
{
    (void)ctx;
    if (!text) {
        check_fail++;
        fprintf(stderr, "%s: cannot read it\n", name);
        return;
    }
    struct letter plain;
    struct diag d = DIAG_INIT;
    letter_init(&plain);
    struct letter_parse_probe probe = {0};
    if (letter_parse_probed(text, len, &plain, NULL, &probe, &d)) {
        check_fail++;
        fprintf(stderr, "%s: %s\n", name, diag_msg(&d));
        letter_release(&plain);
        diag_release(&d);
        return;
    }
    char *want = record(&plain);
    /* every field found says where it was read */
    cJSON *rec = want ? cJSON_Parse(want) : NULL;
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(rec, "evidence");
    for (unsigned bit = LP_BODY; bit <= LP_CATEGORY; bit <<= 1) {
        const char *key = letter_parse_field_name(bit);
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, key);
        int found = v && !cJSON_IsNull(v) && !(cJSON_IsArray(v) && !cJSON_GetArraySize(v));
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(ev, key);
        const cJSON *from = cJSON_GetObjectItemCaseSensitive(e, "from");
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(e, "line");
        if (found != (cJSON_IsString(from) && cJSON_IsString(line) && line->valuestring[0])) {
            check_fail++;
            fprintf(stderr, "%s: %s is %s, its evidence %s\n", name, key,
                    found ? "found" : "not found", e ? "given" : "missing");
        } else {
            check_pass++;
        }
    }
    cJSON_Delete(rec);
    letter_release(&plain);
    CHECK(probe.allocs >= 4); /* cleaning, decoding, fields, text */
    for (size_t k = 1; k <= probe.allocs + 1; k++) {
        struct letter l;
        letter_init(&l);
        diag_clear(&d);
        struct letter_parse_probe p = {.fail_at = k};
        int rc = letter_parse_probed(text, len, &l, NULL, &p, &d);
        if (k <= probe.allocs) {
            if (rc != -1 || strcmp(diag_msg(&d), "out of memory")) {
                check_fail++;
                fprintf(stderr, "%s: allocation %zu of %zu failed, yet the parse gave %d (%s)\n",
                        name, k, probe.allocs, rc, diag_msg(&d));
            } else {
                check_pass++;
            }
        } else {
            /* one past the last: nothing fails, the same record */
            char *got = rc ? NULL : record(&l);
            if (!got || !want || strcmp(got, want)) {
                check_fail++;
                fprintf(stderr, "%s: the parse with no failure differs\n", name);
            } else {
                check_pass++;
            }
            CHECK_INT((int)p.allocs, (int)probe.allocs);
            free(got);
        }
        letter_release(&l);
    }
    free(want);
    diag_release(&d);
}

/* The letter's fields as its JSON record, without the evidence (whose line may be
 * one line where two would be shown when memory runs out). */
static char *fields(const struct letter *l)
{
    cJSON *j = letter_to_json(l);
    cJSON_DeleteItemFromObject(j, "evidence");
    char *s = j ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    return s;
}

/* A buffer's allocations, counted, the fail_at-th failing. */
static size_t buf_allocs, buf_fail_at;

static void *counting_realloc(void *ptr, size_t size)
{
    if (++buf_allocs == buf_fail_at)
        return NULL;
    return realloc(ptr, size);
}

/* The letters whose fields the parser joins from pieces in a buffer of its own (a
 * signature broken over two lines, joint signers, a place's name wrapped in the
 * header), parsed with each of their buffers' allocations failing in turn: each
 * such parse is refused, or gives the fields of a plain parse (a buffer that
 * failed was once taken for a whole one, and its piece kept as the field: an
 * empty department). */
static void check_buffers(void *ctx, const char *name, const char *text, size_t len)
{
    (void)ctx;
    static const char *const which[] = {"450-", "451-", "452-", "454-", "455-", NULL};
    int pick = 0;
    for (int k = 0; which[k]; k++)
        pick |= !strncmp(name, which[k], strlen(which[k]));
    if (!pick || !text)
        return;
    struct letter plain;
    struct diag d = DIAG_INIT;
    letter_init(&plain);
    buf_allocs = 0;
    buf_fail_at = 0;
    buf_set_allocator(counting_realloc);
    int rc = letter_parse(text, len, &plain, NULL, &d);
    size_t total = buf_allocs;
    CHECK_INT(rc, 0);
    char *want = rc ? NULL : fields(&plain);
    letter_release(&plain);
    for (size_t k = 1; k <= total; k++) {
        struct letter l;
        letter_init(&l);
        diag_clear(&d);
        buf_allocs = 0;
        buf_fail_at = k;
        rc = letter_parse(text, len, &l, NULL, &d);
        char *got = rc ? NULL : fields(&l);
        if (rc ? strcmp(diag_msg(&d), "out of memory") != 0 : !got || !want || strcmp(got, want)) {
            check_fail++;
            fprintf(stderr, "%s: buffer allocation %zu of %zu failed, yet the parse gave %d: %s\n",
                    name, k, total, rc, rc ? diag_msg(&d) : got);
        } else {
            check_pass++;
        }
        free(got);
        letter_release(&l);
    }
    buf_set_allocator(NULL);
    free(want);
    diag_release(&d);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests";
    long n = each_letter(dir, check_letter, NULL);
    if (n < 0)
        return 1;
    CHECK(n >= 12);
    CHECK_INT((int)each_letter(dir, check_buffers, NULL), (int)n);
    return check_done();
}
