#ifndef DAFU_SHA256_H
#define DAFU_SHA256_H
/* sha256: FIPS 180-4 SHA-256, used to recognise a letter already in the archive. */
#include <stddef.h>

/* Writes the lower-case hex digest of data[0..len) into hex (65 bytes, NUL-terminated). */
void sha256_hex(const void *data, size_t len, char hex[65]);

#endif
