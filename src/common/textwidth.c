/* textwidth — display widths of UTF-8 text, by wcwidth. */
#include "common/textwidth.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/mem.h"
#include "common/strbuf.h"

/* One character at s: its byte length and display width. Invalid bytes
 * are taken one at a time, one column each (sanitised text has none). */
static size_t next_char(const char *s, int *width)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t wc;
    size_t n = mbrtowc(&wc, s, strlen(s), &st);
    if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
        *width = 1;
        return 1;
    }
    int w = wcwidth(wc);
    *width = w < 0 ? 1 : w;
    return n;
}

int text_width(const char *s)
{
    int total = 0;
    while (s && *s) {
        int w;
        s += next_char(s, &w);
        total += w;
    }
    return total;
}

size_t text_fit(const char *s, int width, int *used)
{
    size_t off = 0;
    int total = 0;
    while (s[off]) {
        int w;
        size_t n = next_char(s + off, &w);
        if (total + w > width)
            break;
        total += w;
        off += n;
    }
    /* Combining marks (width 0) after the last base stay with it. */
    while (s[off]) {
        int w;
        size_t n = next_char(s + off, &w);
        if (w != 0)
            break;
        off += n;
    }
    if (used)
        *used = total;
    return off;
}

char *text_cut(const char *s, int width)
{
    if (!s)
        s = "";
    if (width <= 0)
        return xstrdup("");
    if (text_width(s) <= width)
        return xstrdup(s);
    int used;
    size_t n = text_fit(s, width - 1, &used);
    struct strbuf sb = {0};
    strbuf_append(&sb, s, n);
    strbuf_puts(&sb, "\xE2\x80\xA6"); /* … */
    return strbuf_detach(&sb, NULL);
}
