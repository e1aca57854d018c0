#include "ui/text.h"

#include <stdbool.h>
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

size_t text_wrap(const char *s, int width, char ***lines)
{
    size_t count = 0, cap = 0;
    *lines = NULL;
    if (width < 1)
        width = 1;
    if (!s)
        s = "";
    while (*s) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        int used;
        size_t n = text_fit(s, width, &used);
        if (s[n] && s[n] != ' ') {
            /* Break at the last space inside the line, if any. */
            size_t cut = n;
            while (cut > 0 && s[cut - 1] != ' ')
                cut--;
            if (cut > 0)
                n = cut;
        }
        if (n == 0) /* one character wider than the line */
            n = strlen(s) ? (size_t)1 : 0;
        size_t end = n;
        while (end > 0 && s[end - 1] == ' ')
            end--;
        if (count == cap) {
            cap = cap ? cap * 2 : 8;
            *lines = xrealloc(*lines, cap * sizeof **lines);
        }
        (*lines)[count++] = xstrndup(s, end);
        s += n;
    }
    return count;
}

void text_lines_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}
