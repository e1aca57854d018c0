/* guard — what a request must be before it is routed.
 *
 * libmicrohttpd 0.9.75 parses the request line and headers in place and
 * hands out C strings, so a NUL (raw, or %00 once decoded) silently cuts a
 * method, a path or a header value, and it tolerates obs-fold, bare CR,
 * missing or repeated Host and repeated Content-Length. The guard looks at
 * the bytes it parsed from (the raw target, seen by the URI log callback
 * before decoding, and the header block, whose layout after parsing is
 * known) and says which requests are refused, and with what. */
#ifndef INVENTUI_SERVER_HTTP_GUARD_H
#define INVENTUI_SERVER_HTTP_GUARD_H

#include <stdbool.h>
#include <stddef.h>

struct MHD_Connection;

/* More query parameters than this are refused (414): each costs
 * libmicrohttpd a record in the connection's fixed memory pool, and when
 * the pool runs out 0.9.75 never answers. */
#define GUARD_MAX_PARAMS 100

/* What the URI log callback saw of the request target. */
struct guard_uri {
    const char *raw; /* in libmicrohttpd's read buffer; NULL: none */
    size_t len;      /* its length before libmicrohttpd split it */
    bool bad_bytes;  /* %00, a control byte or a space */
    bool too_many_params;
    bool bad_length;   /* a Content-Length that is not decimal digits */
    bool huge_length;  /* one that does not fit in 64 bits */
};

/* The per-connection memory pool size to give libmicrohttpd: just above
 * 32 KiB, the size up to which 0.9.75 takes the pool from malloc; larger
 * pools are mmap'd, so zero-filled, which guard_note_uri relies on. */
#define GUARD_POOL_SIZE ((size_t)36 * 1024)

/* Called from the URI log callback with the raw target, before
 * libmicrohttpd splits off and decodes the query: notes what is wrong with
 * it and, past GUARD_MAX_PARAMS, empties the query in the buffer so that
 * libmicrohttpd does not exhaust its pool parsing it. It also looks at the
 * header lines already read after the request line, as the next comment
 * in guard.c says, and hides from libmicrohttpd a bad Content-Length (noted
 * for guard_request) and every Cookie header. */
void guard_note_uri(struct guard_uri *g, const char *uri);
/* libmicrohttpd 0.9.75's test of a Content-Length value [v, end): spaces
 * and tabs, then decimal digits to the end. 0 when it takes it, 400 when
 * it is not a number, 413 when it is 2^64 or more. */
int guard_length_status(const char *v, const char *end);

/* Why a request is refused: status, error code and message for the JSON
 * error envelope. */
struct guard_verdict {
    int status;
    const char *code;
    char message[128];
};

/* On the first call for a request (headers parsed, no body yet): true if
 * it may be routed; false with *v filled in if it must be answered now
 * (and the connection closed). max_body: the largest body accepted. */
bool guard_request(struct MHD_Connection *conn, const char *method,
                   const char *version, const struct guard_uri *g,
                   unsigned long long max_body, struct guard_verdict *v);

/* s made safe to log for a refused request: printable ASCII kept, any
 * other byte shown as '?', cut to size - 1 bytes. Returns out. */
const char *guard_printable(const char *s, char *out, size_t size);

#endif
