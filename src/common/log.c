#include "common/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

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

/* Appends s as a JSON string literal. */
static void put_json_string(struct strbuf *sb, const char *s)
{
    strbuf_append(sb, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char esc[2] = {'\\', (char)*p};
            strbuf_append(sb, esc, 2);
        } else if (*p < 0x20 || *p == 0x7f) {
            strbuf_printf(sb, "\\u%04x", *p);
        } else {
            strbuf_append(sb, p, 1);
        }
    }
    strbuf_append(sb, "\"", 1);
}

static void begin(struct strbuf *sb, enum log_level level)
{
    char ts[ISO8601_LEN];
    time_iso8601(time_now_ms(), ts);
    strbuf_printf(sb, "{\"timestamp\":\"%s\",\"level\":\"%s\"", ts,
                  LEVEL_NAME[level]);
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
    strbuf_printf(&sb, ",\"status\":%d,\"durationMs\":%.3f", r->status,
                  (double)r->duration_us / 1000.0);
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
