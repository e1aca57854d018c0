/* OSC 52: the sequence, and writing it whole (a sequence cut short would
 * leave the terminal swallowing what follows until it sees a BEL). */
#include "ui/clipboard.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/base64.h"
#include "common/strbuf.h"

char *clipboard_osc52(const char *text)
{
    size_t n = strlen(text);
    if (n > CLIPBOARD_MAX)
        n = CLIPBOARD_MAX;
    char *b64 = base64_encode(text, n);
    char *seq = str_printf("\033]52;c;%s\a", b64);
    free(b64);
    return seq;
}

int clipboard_write(int fd, const char *bytes, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, bytes, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        bytes += w;
        len -= (size_t)w;
    }
    return 0;
}
