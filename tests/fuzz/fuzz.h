/* What the harnesses share: the libFuzzer entry point's prototype (the
 * project's -Wmissing-prototypes wants one) and a NUL-terminated copy of
 * the input, as the server and client hold text. */
#ifndef INVENTUI_TESTS_FUZZ_H
#define INVENTUI_TESTS_FUZZ_H

#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

static char fuzz_dir[64];

static inline int fuzz_rm(const char *path, const struct stat *st, int flag,
                          struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static inline void fuzz_tmpdir_remove(void)
{
    nftw(fuzz_dir, fuzz_rm, 8, FTW_DEPTH | FTW_PHYS);
}

/* A temporary directory for the process, removed at exit. */
static inline const char *fuzz_tmpdir(void)
{
    snprintf(fuzz_dir, sizeof fuzz_dir, "/tmp/inventui-fuzz-XXXXXX");
    if (!mkdtemp(fuzz_dir))
        abort();
    atexit(fuzz_tmpdir_remove);
    return fuzz_dir;
}

/* The harness's own check failed: libFuzzer keeps the input as a crash. */
#define FUZZ_ASSERT(cond) \
    do { \
        if (!(cond)) \
            abort(); \
    } while (0)

#endif
