#include "common/sanitize.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/strbuf.h"

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

size_t sanitize_utf8_decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n;
    uint32_t c, min;
    if ((s[0] & 0xE0) == 0xC0) {
        n = 2, c = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3, c = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4, c = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

static bool is_bidi_control(uint32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool sanitize_is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || is_bidi_control(c);
}

char *sanitize_text(const char *s)
{
    struct strbuf sb = {0};
    strbuf_puts(&sb, "");
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        uint32_t c;
        size_t n = sanitize_utf8_decode(p, &c);
        if (n == 0) {
            strbuf_puts(&sb, REPLACEMENT);
            p++;
            continue;
        }
        if (c == '\t' || c == '\n' || c == '\r')
            strbuf_puts(&sb, " ");
        else if (sanitize_is_control(c))
            strbuf_puts(&sb, REPLACEMENT);
        else
            strbuf_append(&sb, p, n);
        p += n;
    }
    return strbuf_detach(&sb, NULL);
}

void sanitize_print_lines(FILE *to, const char *prefix, const char *text)
{
    for (const char *line = text; *line;) {
        size_t n = strcspn(line, "\n");
        char *one = xstrndup(line, n);
        char *clean = sanitize_text(one);
        fprintf(to, "%s%s\n", prefix, clean);
        free(clean);
        free(one);
        line += n;
        while (*line == '\n') /* blank lines say nothing */
            line++;
    }
}
