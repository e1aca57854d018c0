#include "model/validate.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/strbuf.h"

void validate_fail(cJSON *details, const char *field, const char *fmt, ...)
{
    struct strbuf sb = {0};
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "field", field);
    cJSON_AddStringToObject(e, "message", sb.buf ? sb.buf : "");
    cJSON_AddItemToArray(details, e);
    strbuf_free(&sb);
}

long validate_utf8_length(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    long n = 0;
    while (*p) {
        unsigned c = *p;
        int extra;
        unsigned min;
        if (c < 0x80) {
            extra = 0, min = 0;
        } else if ((c & 0xe0) == 0xc0) {
            extra = 1, min = 0x80, c &= 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            extra = 2, min = 0x800, c &= 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            extra = 3, min = 0x10000, c &= 0x07;
        } else {
            return -1;
        }
        p++;
        for (int i = 0; i < extra; i++, p++) {
            if ((*p & 0xc0) != 0x80)
                return -1;
            c = c << 6 | (*p & 0x3f);
        }
        /* Overlong forms, surrogates and values past U+10FFFF. */
        if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
            return -1;
        n++;
    }
    return n;
}

bool validate_has_control(const char *s, bool allow_newlines)
{
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++) {
        if (*p < 0x20) {
            if (allow_newlines && (*p == '\n' || *p == '\t' || *p == '\r'))
                continue;
            return true;
        }
        if (*p == 0x7f)
            return true;
        /* C1 controls U+0080..U+009F are encoded C2 80..C2 9F. */
        if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            return true;
        /* Bidi embeddings/overrides U+202A..U+202E, isolates U+2066..U+2069:
         * E2 80 AA..AE and E2 81 A6..A9. */
        if (*p == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae)
            return true;
        if (*p == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
            return true;
    }
    return false;
}

/* The length in bytes of the white space character at p, or 0. p is valid
 * UTF-8 (checked before). */
static size_t space_at(const unsigned char *p)
{
    if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        return 1;
    if (p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0)) /* NEL, NBSP */
        return 2;
    if (p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80) /* U+1680 */
        return 3;
    if (p[0] == 0xe2 && p[1] == 0x80 &&
        ((p[2] >= 0x80 && p[2] <= 0x8b) || /* U+2000..U+200B */
         p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf)) /* U+2028/9, 202F */
        return 3;
    if (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f) /* U+205F */
        return 3;
    if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) /* U+3000 */
        return 3;
    if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) /* U+FEFF */
        return 3;
    return 0;
}

size_t validate_space_prefix(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n, at = 0;
    while (p[at] && (n = space_at(p + at)) > 0)
        at += n;
    return at;
}

size_t validate_trimmed_length(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t end = 0;
    for (size_t at = 0; p[at];) {
        size_t n = space_at(p + at);
        if (n > 0) {
            at += n;
            continue;
        }
        at++;
        while ((p[at] & 0xc0) == 0x80) /* the rest of this character */
            at++;
        end = at;
    }
    return end;
}

/* v's value without white space at either end (v changed only when there
 * was some). */
static void trim_value(cJSON *v)
{
    const char *s = v->valuestring;
    size_t start = validate_space_prefix(s);
    size_t end = validate_trimmed_length(s);
    if (start == 0 && s[end] == '\0')
        return;
    char *t = xstrndup(s + start, end > start ? end - start : 0);
    cJSON_SetValuestring(v, t);
    free(t);
}

const char *validate_text(cJSON *details, cJSON *v, const char *field,
                          long min, long max, bool multiline)
{
    if (!cJSON_IsString(v)) {
        validate_fail(details, field, "%s must be a string", field);
        return NULL;
    }
    long len = validate_utf8_length(v->valuestring);
    if (len < 0) {
        validate_fail(details, field, "%s is not valid UTF-8", field);
        return NULL;
    }
    trim_value(v);
    len = validate_utf8_length(v->valuestring);
    if (len == 0) {
        validate_fail(details, field, "%s must not be blank", field);
        return NULL;
    }
    if (len < min || len > max) {
        validate_fail(details, field, "%s must be %ld to %ld characters long",
                      field, min, max);
        return NULL;
    }
    if (validate_has_control(v->valuestring, multiline)) {
        validate_fail(details, field, "%s must not contain control characters",
                      field);
        return NULL;
    }
    return v->valuestring;
}

bool validate_int(cJSON *details, const cJSON *v, const char *field,
                  long long min, long long max, long long *out)
{
    double d = cJSON_IsNumber(v) ? v->valuedouble : NAN;
    if (!cJSON_IsNumber(v) || !isfinite(d) || d != floor(d)) {
        validate_fail(details, field, "%s must be a whole number", field);
        return false;
    }
    if (d < (double)min || d > (double)max) {
        validate_fail(details, field, "%s must be from %lld to %lld", field,
                      min, max);
        return false;
    }
    *out = (long long)d;
    return true;
}
