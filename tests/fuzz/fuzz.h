/* What the harnesses share: the libFuzzer entry point's prototype (the
 * project's -Wmissing-prototypes wants one) and a NUL-terminated copy of
 * the input, as the server and client hold text. */
#ifndef INVENTUI_TESTS_FUZZ_H
#define INVENTUI_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* data[0..size) and a NUL after it; the caller frees. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* The harness's own check failed: libFuzzer keeps the input as a crash. */
#define FUZZ_ASSERT(cond) \
    do { \
        if (!(cond)) \
            abort(); \
    } while (0)

#endif
