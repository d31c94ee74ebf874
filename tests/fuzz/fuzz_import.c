/*
 * libFuzzer target: one file's bytes through decoding, web page extraction and
 * the letter parser (import_bytes), as import reads any file.
 *
 * The first byte picks the file name (.txt, .html, no name, .htm) and a forced
 * encoding (none, GBK, Big5, UTF-16LE); the rest is the file. Every letter found
 * must hold valid UTF-8 in every field and survive a JSON round trip
 * (fuzz_check.h).
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
    (void)line;
    (void)d;
    fuzz_check_letter(l);
    if (letter_hash(l))
        abort();
    letter_release(l);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"f.txt", "f.html", NULL, "f.htm"};
    static const char *const encodings[] = {NULL, "GBK", "Big5", "UTF-16LE"};
    if (size < 1)
        return 0;
    const char *name = names[data[0] & 3];
    const char *encoding = (data[0] & 0x80) ? encodings[(data[0] >> 2) & 3] : NULL;
    struct diag d = DIAG_INIT;
    struct import_result res;
    import_bytes((const char *)data + 1, size - 1, name, encoding, sink, NULL, &res, &d);
    if (!utf8_valid(diag_msg(&d), strlen(diag_msg(&d))))
        abort();
    diag_release(&d);
    return 0;
}
