/* uuid — random (version 4) UUIDs from the OpenSSL CSPRNG. */
#ifndef INVENTUI_COMMON_UUID_H
#define INVENTUI_COMMON_UUID_H

#include <stdbool.h>

#define UUID_STR_LEN 37 /* 36 characters + NUL */

void uuid_v4(char out[UUID_STR_LEN]);
/* True for the canonical 8-4-4-4-12 hex form (any version, any case). */
bool uuid_is_valid(const char *s);

#endif
