#include "common/json_strict.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The scan: s[0..n), the position, and the open arrays and objects as
 * bits (1 = object) so nesting needs neither the C stack nor the heap. */
struct scan {
    const unsigned char *s;
    size_t n, pos;
    int depth;
    uint64_t objects;
    struct json_strict_error *err;
};

static bool fail(struct scan *sc, const char *what, size_t at)
{
    if (sc->err) {
        sc->err->what = what;
        sc->err->at = at;
    }
    return false;
}

static void skip_ws(struct scan *sc)
{
    while (sc->pos < sc->n) {
        unsigned char c = sc->s[sc->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        sc->pos++;
    }
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The code unit of the \uXXXX at s[at] (at is the backslash), or -1. */
static long u_escape(const struct scan *sc, size_t at)
{
    if (at + 6 > sc->n || sc->s[at] != '\\' || sc->s[at + 1] != 'u')
        return -1;
    long v = 0;
    for (size_t i = at + 2; i < at + 6; i++) {
        int h = hex_value(sc->s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* One escape at pos (the backslash); moves past it. */
static bool escape(struct scan *sc)
{
    size_t at = sc->pos;
    if (at + 1 >= sc->n)
        return fail(sc, "unterminated string", at);
    unsigned char c = sc->s[at + 1];
    if (c != 'u') {
        if (!strchr("\"\\/bfnrt", c) || c == '\0')
            return fail(sc, "invalid escape", at);
        sc->pos += 2;
        return true;
    }
    long cu = u_escape(sc, at);
    if (cu < 0)
        return fail(sc, "invalid \\u escape", at);
    if (cu == 0)
        return fail(sc, "\\u0000 (NUL) in a string", at);
    if (cu >= 0xDC00 && cu <= 0xDFFF)
        return fail(sc, "lone surrogate \\u escape", at);
    if (cu >= 0xD800 && cu <= 0xDBFF) {
        long lo = u_escape(sc, at + 6);
        if (lo < 0xDC00 || lo > 0xDFFF)
            return fail(sc, "lone surrogate \\u escape", at);
        sc->pos += 12;
        return true;
    }
    sc->pos += 6;
    return true;
}

/* One UTF-8 sequence of two or more bytes at pos (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF); moves past it. */
static bool utf8(struct scan *sc)
{
    const unsigned char *p = sc->s + sc->pos;
    size_t left = sc->n - sc->pos;
    unsigned char lo = 0x80, hi = 0xBF;
    size_t len;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        len = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        len = 3;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        len = 4;
    else
        return fail(sc, "invalid UTF-8", sc->pos);
    if (p[0] == 0xE0)
        lo = 0xA0;
    else if (p[0] == 0xED)
        hi = 0x9F;
    else if (p[0] == 0xF0)
        lo = 0x90;
    else if (p[0] == 0xF4)
        hi = 0x8F;
    if (left < len || p[1] < lo || p[1] > hi)
        return fail(sc, "invalid UTF-8", sc->pos);
    for (size_t i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return fail(sc, "invalid UTF-8", sc->pos);
    sc->pos += len;
    return true;
}

/* A string at pos (the opening quote); moves past the closing one. */
static bool string(struct scan *sc)
{
    size_t start = sc->pos++;
    for (;;) {
        if (sc->pos >= sc->n)
            return fail(sc, "unterminated string", start);
        unsigned char c = sc->s[sc->pos];
        if (c == '"') {
            sc->pos++;
            return true;
        }
        if (c == '\\') {
            if (!escape(sc))
                return false;
        } else if (c == '\0') {
            return fail(sc, "NUL byte", sc->pos);
        } else if (c < 0x20) {
            return fail(sc, "control character in a string", sc->pos);
        } else if (c < 0x80) {
            sc->pos++;
        } else if (!utf8(sc)) {
            return false;
        }
    }
}

static bool is_digit(const struct scan *sc)
{
    return sc->pos < sc->n && sc->s[sc->pos] >= '0' && sc->s[sc->pos] <= '9';
}

static void digits(struct scan *sc)
{
    while (is_digit(sc))
        sc->pos++;
}

/* cJSON copies a number into a 64-byte buffer and fails on a longer
 * one: refused here with a reason instead. */
#define NUMBER_MAX 63

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static bool number(struct scan *sc)
{
    size_t start = sc->pos;
    if (sc->s[sc->pos] == '-')
        sc->pos++;
    if (!is_digit(sc))
        return fail(sc, "digit expected after '-'", sc->pos);
    if (sc->s[sc->pos] == '0') {
        sc->pos++;
        if (is_digit(sc))
            return fail(sc, "leading zero in a number", sc->pos - 1);
    } else {
        digits(sc);
    }
    if (sc->pos < sc->n && sc->s[sc->pos] == '.') {
        sc->pos++;
        if (!is_digit(sc))
            return fail(sc, "digit expected after '.'", sc->pos);
        digits(sc);
    }
    if (sc->pos < sc->n && (sc->s[sc->pos] == 'e' || sc->s[sc->pos] == 'E')) {
        sc->pos++;
        if (sc->pos < sc->n && (sc->s[sc->pos] == '+' || sc->s[sc->pos] == '-'))
            sc->pos++;
        if (!is_digit(sc))
            return fail(sc, "digit expected in the exponent", sc->pos);
        digits(sc);
    }
    if (sc->pos - start > NUMBER_MAX)
        return fail(sc, "number longer than 63 characters", start);
    return true;
}

static bool literal(struct scan *sc)
{
    static const char *const words[] = {"true", "false", "null"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t len = strlen(words[i]);
        if (sc->n - sc->pos >= len && memcmp(sc->s + sc->pos, words[i], len) == 0) {
            sc->pos += len;
            return true;
        }
    }
    return fail(sc, "invalid literal", sc->pos);
}

static bool open_nest(struct scan *sc, bool object)
{
    if (sc->depth >= JSON_STRICT_DEPTH)
        return fail(sc, "nesting too deep", sc->pos);
    sc->objects = (sc->objects << 1) | (object ? 1u : 0u);
    sc->depth++;
    sc->pos++;
    return true;
}

static void close_nest(struct scan *sc)
{
    sc->objects >>= 1;
    sc->depth--;
    sc->pos++;
}

/* What the scan expects next. */
enum want { WANT_VALUE, WANT_KEY, WANT_AFTER };

bool json_strict_check(const char *text, size_t n, struct json_strict_error *err)
{
    struct scan sc = {.s = (const unsigned char *)text, .n = n, .err = err};
    enum want want = WANT_VALUE;
    for (;;) {
        skip_ws(&sc);
        if (want == WANT_AFTER && sc.depth == 0)
            return sc.pos == sc.n ||
                   fail(&sc, "trailing data after the JSON value", sc.pos);
        if (sc.pos >= sc.n)
            return fail(&sc, "unexpected end of input", sc.pos);
        unsigned char c = sc.s[sc.pos];
        bool in_object = sc.objects & 1;
        if (want == WANT_KEY) {
            if (c != '"')
                return fail(&sc, "object key (a string) expected", sc.pos);
            if (!string(&sc))
                return false;
            skip_ws(&sc);
            if (sc.pos >= sc.n || sc.s[sc.pos] != ':')
                return fail(&sc, "':' expected", sc.pos);
            sc.pos++;
            want = WANT_VALUE;
        } else if (want == WANT_AFTER) {
            if (c == ',') {
                sc.pos++;
                want = in_object ? WANT_KEY : WANT_VALUE;
            } else if (c == (in_object ? '}' : ']')) {
                close_nest(&sc);
            } else {
                return fail(&sc, in_object ? "',' or '}' expected"
                                           : "',' or ']' expected", sc.pos);
            }
        } else if (c == '{' || c == '[') {
            if (!open_nest(&sc, c == '{'))
                return false;
            skip_ws(&sc);
            if (sc.pos < sc.n && sc.s[sc.pos] == (c == '{' ? '}' : ']')) {
                close_nest(&sc);
                want = WANT_AFTER;
            } else {
                want = c == '{' ? WANT_KEY : WANT_VALUE;
            }
        } else {
            bool ok;
            if (c == '"')
                ok = string(&sc);
            else if (c == '-' || (c >= '0' && c <= '9'))
                ok = number(&sc);
            else if (c == 't' || c == 'f' || c == 'n')
                ok = literal(&sc);
            else
                ok = fail(&sc, c ? "unexpected character" : "NUL byte", sc.pos);
            if (!ok)
                return false;
            want = WANT_AFTER;
        }
    }
}

void json_strict_describe(const struct json_strict_error *err, char *out,
                          size_t size)
{
    snprintf(out, size, "%s at byte %zu", err->what, err->at);
}

cJSON *json_strict_parse(const char *s, size_t n, struct json_strict_error *err)
{
    if (!json_strict_check(s, n, err))
        return NULL;
    cJSON *json = cJSON_ParseWithLength(s, n);
    if (!json && err) {
        /* Only when out of memory: what the check takes, cJSON reads. */
        err->what = "out of memory";
        err->at = 0;
    }
    return json;
}
