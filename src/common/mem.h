/* mem — allocation wrappers that abort on out-of-memory.
 *
 * Running out of memory is not an error inventui recovers from: every
 * caller would free and fail anyway, so the wrappers end the process with a
 * message instead, and callers stay short. */
#ifndef INVENTUI_COMMON_MEM_H
#define INVENTUI_COMMON_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Overwrites a string holding a secret (password, token, code) with zeros,
 * then frees it; NULL is fine. */
void mem_free_secret(char *s);

#endif
