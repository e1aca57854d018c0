#include "common/log.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "common/sanitize.h"
#include "common/strbuf.h"
#include "common/timeutil.h"

static enum log_level min_level = LOG_INFO;
/* Where lines go. Lines are written under the read lock, so log_set_fd()
 * never swaps the fd (and its caller never closes the old one) under a
 * write in progress. */
static int log_fd = STDERR_FILENO;
static pthread_rwlock_t fd_lock = PTHREAD_RWLOCK_INITIALIZER;
static const char *const LEVEL_NAME[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
    min_level = level;
}

int log_set_fd(int fd)
{
    pthread_rwlock_wrlock(&fd_lock);
    int old = log_fd;
    log_fd = fd;
    pthread_rwlock_unlock(&fd_lock);
    return old;
}

/* Appends s as a JSON string literal, copying the runs between escapes
 * whole (a line per request goes through here). The line is for a
 * terminal as much as for a program: every control character, C1 ones and
 * bidi overrides too, is written as a \u escape, and a byte that is not
 * UTF-8 as \ufffd, so a hostile path or field can neither move the cursor
 * of an operator reading the log nor make the line invalid JSON. */
static void put_json_string(struct strbuf *sb, const char *s)
{
    strbuf_append(sb, "\"", 1);
    const unsigned char *p = (const unsigned char *)s, *run = p;
    while (*p) {
        if (*p >= 0x20 && *p < 0x7F && *p != '"' && *p != '\\') {
            p++; /* most of a line */
            continue;
        }
        uint32_t c = *p;
        size_t n = 1;
        bool bad = false;
        if (c >= 0x80 && (n = sanitize_utf8_decode(p, &c)) == 0) {
            bad = true;
            c = 0xFFFD;
            n = 1;
        }
        if (!bad && c >= 0x80 && !sanitize_is_control(c)) {
            p += n;
            continue;
        }
        strbuf_append(sb, run, (size_t)(p - run));
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            strbuf_append(sb, esc, 2);
        } else {
            strbuf_printf(sb, "\\u%04x", (unsigned)c);
        }
        p += n;
        run = p;
    }
    strbuf_append(sb, run, (size_t)(p - run));
    strbuf_append(sb, "\"", 1);
}

/* Appends v in decimal, at least min_digits of it (zeros in front). */
static void put_uint(struct strbuf *sb, unsigned long long v, int min_digits)
{
    char buf[24], *p = buf + sizeof buf;
    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v || buf + sizeof buf - p < min_digits);
    strbuf_append(sb, p, (size_t)(buf + sizeof buf - p));
}

static void begin(struct strbuf *sb, enum log_level level)
{
    char ts[ISO8601_LEN];
    time_iso8601(time_now_ms(), ts);
    strbuf_puts(sb, "{\"timestamp\":\"");
    strbuf_puts(sb, ts);
    strbuf_puts(sb, "\",\"level\":\"");
    strbuf_puts(sb, LEVEL_NAME[level]);
    strbuf_append(sb, "\"", 1);
}

static void finish(struct strbuf *sb)
{
    strbuf_append(sb, "}\n", 2);
    ssize_t off = 0;
    pthread_rwlock_rdlock(&fd_lock);
    while ((size_t)off < sb->len) {
        ssize_t n = write(log_fd, sb->buf + off, sb->len - (size_t)off);
        if (n <= 0)
            break;
        off += n;
    }
    pthread_rwlock_unlock(&fd_lock);
    strbuf_free(sb);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
    if (level < min_level)
        return;
    struct strbuf msg = {0}, sb = {0};
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&msg, fmt, ap);
    va_end(ap);
    begin(&sb, level);
    strbuf_puts(&sb, ",\"message\":");
    put_json_string(&sb, msg.buf ? msg.buf : "");
    strbuf_free(&msg);
    finish(&sb);
}

void log_request(const struct log_request *r)
{
    if (LOG_INFO < min_level)
        return;
    struct strbuf sb = {0};
    begin(&sb, r->status >= 500 ? LOG_ERROR : LOG_INFO);
    strbuf_puts(&sb, ",\"requestId\":");
    put_json_string(&sb, r->request_id);
    strbuf_puts(&sb, ",\"method\":");
    put_json_string(&sb, r->method);
    strbuf_puts(&sb, ",\"path\":");
    put_json_string(&sb, r->path);
    /* durationMs with three decimals, as "%.3f" of the milliseconds would
     * print them, without the floating-point formatting. */
    int64_t us = r->duration_us > 0 ? r->duration_us : 0;
    strbuf_puts(&sb, ",\"status\":");
    put_uint(&sb, (unsigned)(r->status > 0 ? r->status : 0), 1);
    strbuf_puts(&sb, ",\"durationMs\":");
    put_uint(&sb, (unsigned long long)(us / 1000), 1);
    strbuf_append(&sb, ".", 1);
    put_uint(&sb, (unsigned long long)(us % 1000), 3);
    strbuf_puts(&sb, ",\"userId\":");
    if (r->user_id)
        put_json_string(&sb, r->user_id);
    else
        strbuf_puts(&sb, "null");
    if (r->client_ip) {
        strbuf_puts(&sb, ",\"clientIp\":");
        put_json_string(&sb, r->client_ip);
    }
    finish(&sb);
}
