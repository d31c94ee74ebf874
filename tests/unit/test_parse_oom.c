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

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests";
    long n = each_letter(dir, check_letter, NULL);
    if (n < 0)
        return 1;
    CHECK(n >= 12);
    return check_done();
}
