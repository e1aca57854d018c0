/* base64 — standard and URL-safe (unpadded) Base64. */
#ifndef INVENTUI_COMMON_BASE64_H
#define INVENTUI_COMMON_BASE64_H

#include <stddef.h>

/* Encoders return a NUL-terminated string the caller frees. */
char *base64_encode(const void *data, size_t n);
char *base64url_encode(const void *data, size_t n);
/* Decoders return NULL on any invalid input; *out_len gets the size. The
 * result is NUL-terminated for convenience. Padding is optional for url. */
unsigned char *base64url_decode(const char *s, size_t len, size_t *out_len);

#endif
