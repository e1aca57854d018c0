/* random — cryptographically secure random bytes (OpenSSL RAND_bytes). */
#ifndef INVENTUI_COMMON_RANDOM_H
#define INVENTUI_COMMON_RANDOM_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf; aborts if the CSPRNG fails, since nothing safe can follow. */
void random_bytes(void *buf, size_t n);
/* Uniform in [0, bound). */
uint32_t random_below(uint32_t bound);
/* Lower-case hex of n random bytes into out (2n+1 bytes). */
void random_hex(char *out, size_t nbytes);

#endif
