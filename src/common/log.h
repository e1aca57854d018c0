/* log — structured JSON log lines on stderr (or the fd given to
 * log_set_fd), one line per event.
 *
 * Each line is written with a single write(2), so lines from concurrent
 * threads never interleave. Callers must never pass a token, password,
 * code or secret in any field. */
#ifndef INVENTUI_COMMON_LOG_H
#define INVENTUI_COMMON_LOG_H

#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Lines below this level are dropped (default LOG_INFO). */
void log_set_level(enum log_level level);
/* Sends every later line to fd (STDERR_FILENO is the default) and returns
 * the fd used until now, which the caller still owns. Process-wide: an
 * in-process server (server/embed.h) uses it to keep its lines off a
 * terminal that a TUI draws on. Once it returns, no line is being written
 * to the old fd, so the caller may close it. */
int log_set_fd(int fd);

void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

struct log_request {
    const char *request_id;
    const char *method;
    const char *path;
    int status;
    int64_t duration_us;
    const char *user_id; /* NULL when anonymous */
    const char *client_ip;
};

void log_request(const struct log_request *r);

#endif
