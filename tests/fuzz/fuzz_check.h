/*
 * What the import fuzz targets ask of every letter import_bytes hands them: each
 * text field valid UTF-8 (every field of LETTER_FIELDS, and each proposer), and
 * a JSON round trip (letter_to_json, letter_from_json) that keeps the fields.
 * A failure aborts, which libFuzzer reports with the input.
 */
#ifndef DAFU_FUZZ_CHECK_H
#define DAFU_FUZZ_CHECK_H
#include <stdlib.h>
#include <string.h>

#include "model/letter.h"
#include "text/text.h"

static int fuzz_same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static void fuzz_check_letter(const struct letter *l)
{
    for (size_t i = 0; i < LETTER_NFIELDS; i++) {
        const struct letter_field *f = &letter_fields[i];
        const char *s =
            f->type == LETTER_STR || f->type == LETTER_JSON ? letter_get_str(l, f) : NULL;
        if (s && !utf8_valid(s, strlen(s)))
            abort();
    }
    for (size_t i = 0; i < l->n_delegates; i++)
        if (!utf8_valid(l->delegates[i], strlen(l->delegates[i])))
            abort();
    cJSON *j = letter_to_json(l);
    if (!j)
        return; /* out of memory */
    struct letter back;
    letter_init(&back);
    struct diag dd = DIAG_INIT;
    if (letter_from_json(&back, j, &dd))
        abort();
    if (!fuzz_same(back.text, l->text) || !fuzz_same(back.number, l->number) ||
        !fuzz_same(back.title, l->title) || back.term != l->term ||
        back.n_delegates != l->n_delegates)
        abort();
    letter_release(&back);
    diag_release(&dd);
    cJSON_Delete(j);
}

#endif
