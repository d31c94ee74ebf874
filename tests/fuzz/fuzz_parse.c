/*
 * libFuzzer target for the letter parser: any bytes in, a letter or an error out,
 * with no crash, no undefined behaviour and no leak. Each input is parsed as it
 * comes (the parser must survive bytes that are not UTF-8, NULs and all) and its
 * record is built, so every field the parser set is read back.
 *
 * Build and run: tests/fuzz/run.sh [SECONDS]
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "import/parse/letter_parse.h"
#include "model/letter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct letter l;
    struct diag d = DIAG_INIT;
    unsigned missing = 0;
    letter_init(&l);
    if (!letter_parse((const char *)data, size, &l, &missing, &d)) {
        cJSON *j = letter_to_json(&l);
        char *s = j ? cJSON_PrintUnformatted(j) : NULL;
        free(s);
        cJSON_Delete(j);
        if (l.number) {
            char *k = letter_number_key(l.number);
            free(k);
        }
    }
    letter_release(&l);
    diag_release(&d);
    return 0;
}
