/* text — wrapping by display width (the widths themselves:
 * common/textwidth.c, shared with the command line). */
#include "ui/text.h"

#include <stdlib.h>
#include <string.h>

#include "common/mem.h"

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
