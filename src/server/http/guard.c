#include "server/http/guard.h"

#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* RFC 9110 tchar: what a method and a field name are made of (digits,
 * letters and !#$%&'*+-.^_`|~), one bit per ASCII byte: this runs over
 * every header name of every request. */
static bool is_tchar(unsigned char c)
{
    static const uint64_t LO = 0x03ff6cfa00000000u; /* bytes 0-63 */
    static const uint64_t HI = 0x57ffffffc7fffffeu; /* bytes 64-127 */
    return c < 64 ? (LO >> c) & 1 : c < 128 && (HI >> (c - 64)) & 1;
}

static bool is_token(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!is_tchar((unsigned char)*s))
            return false;
    return true;
}

/* A field value: visible bytes, obs-text, SP and HTAB; a CR left inside
 * it was a bare CR in the request. */
static bool is_field_value(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
            return false;
    return true;
}

/* libmicrohttpd 0.9.75 answers a Content-Length that is not decimal
 * digits (or is 2^64 or more) itself, before any callback of ours, and
 * sends that answer's status line and headers twice: in
 * MHD_connection_handle_idle, state HEADERS_RECEIVED, parse_connection_
 * headers calls transmit_error_response, which queues the error and builds
 * its header, and the loop then sets the state to HEADERS_PROCESSED over
 * it, so the reply is built again after the first. A Cookie header with
 * more cookies than the pool has records for takes the same path (431).
 * No daemon option avoids that path, so the URI log callback, the last
 * call before the headers are parsed, hides such headers from it, renaming
 * them in the read buffer: a bad Content-Length (noted here, so that
 * guard_request refuses the request in our envelope) and every Cookie
 * header (the API does not use cookies).
 *
 * Only the header lines already read can be seen. They follow the request
 * line in the read buffer, and past them the buffer is zero: the pool is
 * mmap'd (GUARD_POOL_SIZE) and 0.9.75 zeroes it at each reset and shrink.
 * recv fills the buffer from its start, so what has arrived ends at the
 * last non-zero byte; a NUL with a non-zero byte after it was sent, and
 * libmicrohttpd reads it as part of its line (it splits lines at CR and
 * LF only, so the header lines after it are parsed as usual). The look
 * stops at the end of the 4 KiB block the request line ends in, which
 * lies in one mapped page of the pool (pages are 4 KiB or a multiple, the
 * pool whole pages). Lines that arrive later or lie past that block are
 * left to libmicrohttpd: its double answer, still an error and a close. */
#define PEEK_BLOCK ((uintptr_t)4096)

/* Whether p is a byte that has arrived: non-zero, or a NUL with a
 * non-zero byte after it in the block. *last caches, after the first NUL
 * met, the end of the block's non-zero bytes (most requests have no NUL
 * and end with their empty line, so they never look for it). */
static bool arrived(const char *p, const char *stop, const char **last)
{
    if (*p)
        return true;
    if (!*last) {
        const char *e = stop;
        while (e > p && !e[-1])
            e--;
        *last = e;
    }
    return p < *last;
}

static bool name_is(const char *line, const char *colon, const char *name,
                    size_t n)
{
    return (size_t)(colon - line) == n && strncasecmp(line, name, n) == 0;
}

int guard_length_status(const char *v, const char *end)
{
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    uint64_t n = 0;
    bool huge = false;
    const char *p = v;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (n > (UINT64_MAX - d) / 10)
            huge = true;
        else
            n = n * 10 + d;
    }
    if (p == v || p != end)
        return 400;
    return huge ? 413 : 0;
}

static bool length_ok(struct guard_uri *g, const char *v, const char *end)
{
    int status = guard_length_status(v, end);
    if (status == 400)
        g->bad_length = true;
    else if (status == 413)
        g->huge_length = true;
    return status == 0;
}

static void peek_headers(struct guard_uri *g, char *p)
{
    char *stop = (char *)(((uintptr_t)p | (PEEK_BLOCK - 1)) + 1);
    char *length_line = NULL; /* the last line, if a Content-Length */
    const char *last = NULL;
    while (p < stop && arrived(p, stop, &last)) {
        char *nl = p;
        while (nl < stop && *nl != '\n' && arrived(nl, stop, &last))
            nl++;
        bool whole = nl < stop && *nl == '\n';
        char *end = whole && nl > p && nl[-1] == '\r' ? nl - 1 : nl;
        if (whole && end == p)
            return; /* the empty line that ends the headers */
        if (*p == ' ' || *p == '\t') {
            /* obs-fold: 0.9.75 appends it to the line before */
            if (length_line) {
                *length_line = '~';
                g->bad_length = true;
            }
        } else {
            char *colon = memchr(p, ':', (size_t)(end - p));
            length_line = NULL;
            if (colon && name_is(p, colon, "Cookie", 6))
                *p = '~';
            else if (colon && whole &&
                     name_is(p, colon, "Content-Length", 14)) {
                if (length_ok(g, colon + 1, end))
                    length_line = p;
                else
                    *p = '~';
            }
        }
        if (!whole)
            return;
        p = nl + 1;
    }
}

/* The request line as the URI log callback finds it: the target ends at
 * a NUL (the space before the version), the version at another (the CR,
 * or a bare LF), then the LF's NUL unless the next byte already is the
 * first header line's. */
static void peek_after_line(struct guard_uri *g)
{
    char *v = (char *)(uintptr_t)g->raw + g->len + 1;
    char *e = v + strlen(v);
    char *stop = (char *)(((uintptr_t)e | (PEEK_BLOCK - 1)) + 1);
    if (e + 2 < stop)
        peek_headers(g, e[1] ? e + 1 : e + 2);
}

void guard_note_uri(struct guard_uri *g, const char *uri)
{
    memset(g, 0, sizeof *g);
    if (!uri)
        return;
    g->raw = uri;
    g->len = strlen(uri);
    for (size_t i = 0; i < g->len; i++) {
        unsigned char c = (unsigned char)uri[i];
        if (c <= 0x20 || c == 0x7f ||
            (c == '%' && uri[i + 1] == '0' && uri[i + 2] == '0'))
            g->bad_bytes = true;
    }
    peek_after_line(g);
    const char *q = strchr(uri, '?');
    if (!q)
        return;
    size_t params = 1;
    for (const char *p = q + 1; *p; p++)
        params += *p == '&';
    if (params > GUARD_MAX_PARAMS) {
        g->too_many_params = true;
        /* The read buffer is libmicrohttpd's and writable; it parses the
         * query from just after the '?' once this callback returns. */
        ((char *)(uintptr_t)q)[1] = '\0';
    }
}

/* Walking the header block as libmicrohttpd left it: every line's CRLF
 * became two NULs, each name's colon one NUL, and names and values are
 * pointers into the block. A value cut by a NUL, a line ended by a bare
 * LF, or a folded line (0.9.75 copies it out of the block) breaks the
 * chain of one line starting where the last ended. */
struct walk {
    const char *p;   /* where the next line must start */
    const char *end; /* the end of the header block */
    bool ok;
    int hosts, lengths, encodings;
    const char *length, *encoding;
};

static bool crlf_at(struct walk *w)
{
    if (w->end - w->p < 2 || w->p[0] || w->p[1])
        return false;
    w->p += 2;
    return true;
}

static enum MHD_Result on_header(void *cls, enum MHD_ValueKind kind,
                                 const char *key, size_t key_size,
                                 const char *value, size_t value_size)
{
    struct walk *w = cls;
    (void)kind;
    (void)value_size;
    w->ok = false;
    if (key != w->p || w->p >= w->end || !is_token(key))
        return MHD_NO;
    w->p = key + strlen(key) + 1;
    while (w->p < w->end && (*w->p == ' ' || *w->p == '\t'))
        w->p++;
    if (value != w->p || !is_field_value(value))
        return MHD_NO;
    w->p = value + strlen(value);
    if (!crlf_at(w))
        return MHD_NO;
    /* key_size is strlen(key): compare only names of the right length. */
    if (key_size == 4 && strcasecmp(key, "Host") == 0)
        w->hosts++;
    else if (key_size == 14 && strcasecmp(key, "Content-Length") == 0)
        w->lengths++, w->length = value;
    else if (key_size == 17 && strcasecmp(key, "Transfer-Encoding") == 0)
        w->encodings++, w->encoding = value;
    w->ok = true;
    return MHD_YES;
}

static bool refuse(struct guard_verdict *v, int status, const char *code,
                   const char *message)
{
    v->status = status;
    v->code = code;
    snprintf(v->message, sizeof v->message, "%s", message);
    return false;
}

static bool too_large(struct guard_verdict *v, unsigned long long max_body)
{
    refuse(v, 413, "PAYLOAD_TOO_LARGE", "");
    snprintf(v->message, sizeof v->message,
             "Request body is larger than %llu bytes", max_body);
    return false;
}

/* The request line: method, one space (0.9.75 skips more), the target, a
 * space, the version, CRLF. A NUL in the method or target ends its string
 * early, which shows as a gap before the next part. */
static bool line_intact(const char *method, const char *version,
                        const struct guard_uri *g, struct walk *w)
{
    if (!is_token(method))
        return false;
    const char *p = method + strlen(method) + 1;
    while (p < g->raw && *p == ' ')
        p++;
    if (p != g->raw || g->raw + g->len + 1 != version)
        return false;
    w->p = version + strlen(version);
    return crlf_at(w);
}

bool guard_request(struct MHD_Connection *conn, const char *method,
                   const char *version, const struct guard_uri *g,
                   unsigned long long max_body, struct guard_verdict *v)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    if (g->bad_bytes)
        return refuse(v, 400, "BAD_REQUEST",
                      "The request target must not contain NUL (%00), "
                      "control characters or spaces");
    if (g->too_many_params)
        return refuse(v, 414, "URI_TOO_LONG",
                      "The request has too many query parameters");
    if (g->bad_length)
        return refuse(v, 400, "BAD_REQUEST",
                      "Content-Length must be a decimal number of bytes");
    if (g->huge_length)
        return too_large(v, max_body);
    struct walk w = {.ok = true};
    if (!ci || !g->raw)
        return refuse(v, 400, "BAD_REQUEST", "The request line is malformed");
    w.end = method + ci->header_size;
    if (!line_intact(method, version, g, &w))
        return refuse(v, 400, "BAD_REQUEST", "The request line is malformed");
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, on_header, &w);
    if (!w.ok || !crlf_at(&w) || w.p != w.end)
        return refuse(v, 400, "BAD_REQUEST",
                      "A header line is malformed (NUL, bare CR or LF, "
                      "folded line or invalid name)");
    bool http11 = strcmp(version, "HTTP/1.1") == 0;
    if (w.hosts > 1 || (http11 && w.hosts == 0))
        return refuse(v, 400, "BAD_REQUEST",
                      "An HTTP/1.1 request needs exactly one Host header");
    if (w.lengths > 1)
        return refuse(v, 400, "BAD_REQUEST",
                      "The request has more than one Content-Length header");
    if (w.encodings > 1 ||
        (w.encodings && strcasecmp(w.encoding, "chunked") != 0))
        return refuse(v, 501, "NOT_IMPLEMENTED",
                      "Only the chunked transfer coding is supported");
    if (w.encodings && w.lengths)
        return refuse(v, 400, "BAD_REQUEST",
                      "The request has both Content-Length and "
                      "Transfer-Encoding");
    /* A length that is not digits was hidden and noted by guard_note_uri
     * or, if it came later, refused by libmicrohttpd. */
    if (w.lengths && strtoull(w.length, NULL, 10) > max_body)
        return too_large(v, max_body);
    return true;
}

const char *guard_printable(const char *s, char *out, size_t size)
{
    size_t i = 0;
    for (; s && s[i] && i + 1 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        out[i] = c > 0x20 && c < 0x7f ? (char)c : '?';
    }
    out[i] = '\0';
    return out;
}
