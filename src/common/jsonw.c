#include "common/jsonw.h"

#include <stdio.h>
#include <string.h>

#include "common/timeutil.h"

void jsonw_init(struct jsonw *w, struct strbuf *sb)
{
    memset(w, 0, sizeof *w);
    w->sb = sb;
}

/* Before a value (or a key): whether a comma goes first (not before the
 * first); the next one will need one. */
static bool take_comma(struct jsonw *w)
{
    bool comma = w->need_comma[w->depth];
    w->need_comma[w->depth] = true;
    return comma;
}

static void sep(struct jsonw *w)
{
    if (take_comma(w))
        strbuf_append(w->sb, ",", 1);
}

static void open_(struct jsonw *w, char c)
{
    sep(w);
    strbuf_append(w->sb, &c, 1);
    if (w->depth < JSONW_DEPTH - 1)
        w->depth++;
    w->need_comma[w->depth] = false;
}

static void close_(struct jsonw *w, char c)
{
    strbuf_append(w->sb, &c, 1);
    if (w->depth > 0)
        w->depth--;
}

void jsonw_object_begin(struct jsonw *w) { open_(w, '{'); }
void jsonw_object_end(struct jsonw *w) { close_(w, '}'); }
void jsonw_array_begin(struct jsonw *w) { open_(w, '['); }
void jsonw_array_end(struct jsonw *w) { close_(w, ']'); }

/* 1 for the bytes a JSON string must escape; the string is scanned a
 * table lookup per byte and copied in runs. */
static const unsigned char ESCAPE[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
    [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1,
    [0x0c] = 1, [0x0d] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1,
    [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
    [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
    [0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0x7f] = 1,
};

/* The run-by-run copy for a string with bytes to escape; p is the first. */
static void put_escaped(struct strbuf *sb, const char *s,
                        const unsigned char *p)
{
    static const char hex[] = "0123456789abcdef";
    strbuf_append(sb, "\"", 1);
    const unsigned char *run = (const unsigned char *)s;
    for (; *p; p++) {
        if (!ESCAPE[*p])
            continue;
        strbuf_append(sb, run, (size_t)(p - run));
        run = p + 1;
        switch (*p) {
        case '"': strbuf_append(sb, "\\\"", 2); break;
        case '\\': strbuf_append(sb, "\\\\", 2); break;
        case '\n': strbuf_append(sb, "\\n", 2); break;
        case '\t': strbuf_append(sb, "\\t", 2); break;
        case '\r': strbuf_append(sb, "\\r", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};
            strbuf_append(sb, u, 6);
        }
        }
    }
    strbuf_append(sb, run, (size_t)(p - run));
    strbuf_append(sb, "\"", 1);
}

/* Whether any byte of x is below 0x20, '"', '\\' or 0x7f: the bytes to
 * escape, eight at a time (the "has a zero byte" and "has a byte less
 * than" word tricks; exact about whether, not where). */
static bool word_needs_escape(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ULL;
    const uint64_t highs = 0x8080808080808080ULL;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    uint64_t d = x ^ (ones * 0x7f);
    uint64_t hit = ((x - ones * 0x20) & ~x) | ((q - ones) & ~q) |
                   ((b - ones) & ~b) | ((d - ones) & ~d);
    return (hit & highs) != 0;
}

/* How many bytes s starts with that need no escape (strlen(s) if none
 * does). */
static size_t plain_len(const char *s)
{
    size_t len = strlen(s), i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (word_needs_escape(x))
            break;
    }
    while (i < len && !ESCAPE[(unsigned char)s[i]])
        i++;
    return i;
}

/* A comma if asked, s quoted, then tail (tail_len bytes). Most strings
 * need no escape: those are written with one reserve and one copy, the
 * hot path of every list. */
static void put_string(struct strbuf *sb, bool comma, const char *s,
                       const char *tail, size_t tail_len)
{
    size_t n = plain_len(s);
    const unsigned char *p = (const unsigned char *)s + n;
    if (*p) {
        if (comma)
            strbuf_append(sb, ",", 1);
        put_escaped(sb, s, p);
        strbuf_append(sb, tail, tail_len);
        return;
    }
    strbuf_reserve(sb, 1 + n + 2 + tail_len);
    char *o = sb->buf + sb->len;
    if (comma)
        *o++ = ',';
    o[0] = '"';
    memcpy(o + 1, s, n);
    o[n + 1] = '"';
    memcpy(o + n + 2, tail, tail_len);
    sb->len += (comma ? 1 : 0) + n + 2 + tail_len;
    sb->buf[sb->len] = '\0';
}

void jsonw_key(struct jsonw *w, const char *key)
{
    put_string(w->sb, take_comma(w), key, ":", 1);
    /* The value that follows must not add another comma. */
    w->need_comma[w->depth] = false;
}

/* After a value, the next member needs a comma. */
static void done(struct jsonw *w)
{
    w->need_comma[w->depth] = true;
}

void jsonw_string(struct jsonw *w, const char *s)
{
    if (!s) {
        jsonw_null(w);
        return;
    }
    put_string(w->sb, take_comma(w), s, "", 0);
}

void jsonw_int(struct jsonw *w, long long v)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
                                  : (unsigned long long)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    sep(w);
    strbuf_append(w->sb, p, (size_t)(buf + sizeof buf - p));
    done(w);
}

void jsonw_bool(struct jsonw *w, bool v)
{
    sep(w);
    strbuf_puts(w->sb, v ? "true" : "false");
    done(w);
}

void jsonw_null(struct jsonw *w)
{
    sep(w);
    strbuf_append(w->sb, "null", 4);
    done(w);
}

void jsonw_time(struct jsonw *w, int64_t ms)
{
    char ts[ISO8601_LEN];
    time_iso8601(ms, ts);
    jsonw_string(w, ts);
}

void jsonw_raw(struct jsonw *w, const char *json)
{
    sep(w);
    strbuf_puts(w->sb, json);
    done(w);
}
