#include "common/random.h"

#include "common/fatal.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>

void random_bytes(void *buf, size_t n)
{
    if (RAND_bytes(buf, (int)n) != 1) {
        fatal_abort("the random number generator failed");
    }
}

uint32_t random_below(uint32_t bound)
{
    uint32_t limit = UINT32_MAX - UINT32_MAX % bound, v;
    do
        random_bytes(&v, sizeof v);
    while (v >= limit);
    return v % bound;
}

void random_hex(char *out, size_t nbytes)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[64];
    size_t o = 0;
    while (nbytes) {
        size_t n = nbytes < sizeof b ? nbytes : sizeof b;
        random_bytes(b, n);
        for (size_t i = 0; i < n; i++) {
            out[o++] = hex[b[i] >> 4];
            out[o++] = hex[b[i] & 15];
        }
        nbytes -= n;
    }
    out[o] = '\0';
}
