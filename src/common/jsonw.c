#include "common/jsonw.h"

#include <stdio.h>
#include <string.h>

#include "common/timeutil.h"

void jsonw_init(struct jsonw *w, struct strbuf *sb)
{
    memset(w, 0, sizeof *w);
    w->sb = sb;
}

/* Before a value (or a key): a comma unless it is the first. */
static void sep(struct jsonw *w)
{
    if (w->need_comma[w->depth])
        strbuf_append(w->sb, ",", 1);
    w->need_comma[w->depth] = true;
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

static void put_string(struct strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    strbuf_append(sb, "\"", 1);
    const unsigned char *p = (const unsigned char *)s, *run = p;
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

void jsonw_key(struct jsonw *w, const char *key)
{
    sep(w);
    put_string(w->sb, key);
    strbuf_append(w->sb, ":", 1);
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
    sep(w);
    put_string(w->sb, s);
    done(w);
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
