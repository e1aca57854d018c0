/* The one double answer the storm lets pass. The storm sends each request
 * on a new connection in one send(), so libmicrohttpd's read buffer holds
 * it from the start of its page-aligned pool, and the guard's look (see
 * guard.c, PEEK_BLOCK) covers exactly the request's bytes up to the end
 * of the 4 KiB block its request line ends in; the first read of a
 * loopback send() holds at least that block. So a bad Content-Length
 * past that block, when it is the one libmicrohttpd judges, gets its
 * doubled answer; anything else is a failure. */
#include "support/storm_late.h"

#include "server/http/guard.h"

#include <string.h>
#include <strings.h>

#define BLOCK 4096

bool storm_late_bad_length(const char *req, size_t len, int status)
{
    const char *end = req + len;
    const char *nl = memchr(req, '\n', len);
    if (!nl || status == 0)
        return false;
    /* The request line's CR (or bare LF) and the end of its block. */
    size_t eol = (size_t)(nl - req) - (nl > req && nl[-1] == '\r');
    size_t stop = (eol | (BLOCK - 1)) + 1;
    /* libmicrohttpd judges the first Content-Length it parses: the guard
     * renames a bad one it sees, so that is the first one that is either
     * good within the block (no error: nothing to excuse) or anywhere past
     * it (the guard never saw it). It reads a value as a C string (up to
     * a NUL) with any folded lines after it joined on. */
    for (const char *p = nl + 1; p < end;) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            return false; /* a cut-short head: not this case */
        const char *le = e > p && e[-1] == '\r' ? e - 1 : e;
        if (le == p)
            break; /* the end of the head */
        if ((size_t)(le - p) >= 15 && strncasecmp(p, "Content-Length:", 15) == 0) {
            const char *v_end = memchr(p, '\0', (size_t)(le - p));
            if (!v_end)
                v_end = le;
            bool folded = e + 1 < end && (e[1] == ' ' || e[1] == '\t');
            int got = folded ? 400 : guard_length_status(p + 15, v_end);
            if ((size_t)(e - req) < stop) {
                if (got == 0)
                    return false; /* a good one within the block */
            } else {
                return got == status;
            }
        }
        p = e + 1;
    }
    return false;
}
