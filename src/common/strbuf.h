/* strbuf — a growable, always NUL-terminated byte buffer.
 *
 * The buffer owns its bytes; strbuf_detach() hands them to the caller, who
 * then frees them with free(). A zeroed struct is a valid empty buffer. */
#ifndef INVENTUI_COMMON_STRBUF_H
#define INVENTUI_COMMON_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *buf;
    size_t len;
    size_t cap;
};

void strbuf_append(struct strbuf *sb, const void *data, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
/* Makes room for n more bytes at once (hot paths that know their size). */
void strbuf_reserve(struct strbuf *sb, size_t n);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* A malloc'd formatted string (caller frees): for error messages. */
char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* 64-bit FNV-1a of a string: cheap hashing for in-memory tables. */
unsigned long long str_hash(const char *s);
/* Returns the bytes (never NULL) and leaves sb empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_free(struct strbuf *sb);

#endif
