#ifndef INVENTUI_TESTS_STORM_LATE_H
#define INVENTUI_TESTS_STORM_LATE_H

#include <stdbool.h>
#include <stddef.h>

/* Whether libmicrohttpd 0.9.75 answers this request itself, with its
 * status line and headers twice (documented in README and
 * src/server/http/guard.c): the Content-Length it judges is not a number
 * and its line ends past the 4 KiB block the request line ends in, where
 * the server's guard does not look. status is what came back first. */
bool storm_late_bad_length(const char *req, size_t len, int status);

#endif
