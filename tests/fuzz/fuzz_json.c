/*
 * libFuzzer target: JSON records (an object, an array, or JSON Lines) through
 * import_bytes, as dafu import reads .json and .jsonl files.
 *
 * The first byte picks .jsonl or .json; the rest is the file. Every record read
 * must hold valid UTF-8 and survive a JSON round trip unchanged (fuzz_check.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "import/import.h"
#include "text/text.h"

static int sink(void *ctx, struct letter *l, long line, struct diag *d)
{
    (void)ctx;
    (void)d;
    if (line < 1)
        abort();
    fuzz_check_letter(l);
    letter_release(l);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *name = (data[0] & 1) ? "f.json" : "f.jsonl";
    struct diag d = DIAG_INIT;
    struct import_result res;
    import_bytes((const char *)data + 1, size - 1, name, NULL, sink, NULL, &res, &d);
    diag_release(&d);
    return 0;
}
