/* json_strict — an RFC 8259 syntax check run before cJSON sees untrusted
 * text.
 *
 * cJSON is lenient where leniency is dangerous: an invalid \u escape
 * (\uZZZZ) becomes a NUL that cuts the string, so "Widget\uZZZZ<ESC…>"
 * passes every check as "Widget" and is stored whole; 01, 00 and 1. are
 * taken as numbers. This checker accepts exactly RFC 8259 JSON and, on
 * top of it, refuses what no request of ours carries and what would reach
 * a terminal or a database as something else: \u0000, lone surrogates
 * (\ud800 alone), NUL bytes, invalid UTF-8 (overlong forms, encoded
 * surrogates, past U+10FFFF) and nesting deeper than JSON_STRICT_DEPTH.
 * One pass, no allocation, no recursion. */
#ifndef INVENTUI_COMMON_JSON_STRICT_H
#define INVENTUI_COMMON_JSON_STRICT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* Arrays and objects nest at most this deep (no request needs 3). */
#define JSON_STRICT_DEPTH 64

struct json_strict_error {
    const char *what; /* e.g. "invalid \\u escape"; static text */
    size_t at;        /* byte offset (from 0) where the problem starts */
};

/* True when s[0..n) is one JSON value with optional white space around
 * it and nothing else; else false with *err filled (err may be NULL). */
bool json_strict_check(const char *s, size_t n, struct json_strict_error *err);

/* "invalid \u escape at byte 17" into out (always NUL-terminated). */
void json_strict_describe(const struct json_strict_error *err, char *out,
                          size_t size);

/* json_strict_check, then cJSON on the same bytes: NULL (and *err) when
 * the text is not strict JSON. The caller deletes the result. */
cJSON *json_strict_parse(const char *s, size_t n, struct json_strict_error *err);

#endif
