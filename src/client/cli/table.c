/* table — aligned columns of sanitised text for the command line. */
#include "client/cli/table.h"

#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/sanitize.h"

void table_init(struct table *t, size_t ncols, const char *const *header,
                unsigned right)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    t->header = header;
    t->right = right;
    t->max_width = 48;
}

/* Cuts a sanitised string to max characters, ending it with "…". */
static char *cut(char *s, size_t max)
{
    if (sanitize_width(s) <= max)
        return s;
    size_t chars = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars == max)
            break;
    }
    s[i] = '\0';
    char *r = xmalloc(i + 4);
    memcpy(r, s, i);
    memcpy(r + i, "\xE2\x80\xA6", 4);
    free(s);
    return r;
}

void table_add(struct table *t, const char *const *cells)
{
    t->cells = xrealloc(t->cells, (t->rows + 1) * t->ncols * sizeof *t->cells);
    for (size_t i = 0; i < t->ncols; i++)
        t->cells[t->rows * t->ncols + i] = cut(sanitize_text(cells[i]),
                                               t->max_width);
    t->rows++;
}

static void print_cell(FILE *to, const char *s, size_t width, int right,
                       int last)
{
    size_t w = sanitize_width(s);
    size_t pad = width > w ? width - w : 0;
    if (right)
        fprintf(to, "%*s", (int)pad, "");
    fputs(s, to);
    if (!right && !last)
        fprintf(to, "%*s", (int)pad, "");
    if (!last)
        fputs("  ", to);
}

void table_print(const struct table *t, FILE *to)
{
    size_t *width = xcalloc(t->ncols, sizeof *width);
    for (size_t c = 0; c < t->ncols; c++) {
        width[c] = sanitize_width(t->header[c]);
        for (size_t r = 0; r < t->rows; r++) {
            size_t w = sanitize_width(t->cells[r * t->ncols + c]);
            if (w > width[c])
                width[c] = w;
        }
    }
    for (size_t c = 0; c < t->ncols; c++)
        print_cell(to, t->header[c], width[c], (t->right >> c) & 1,
                   c + 1 == t->ncols);
    fputc('\n', to);
    for (size_t r = 0; r < t->rows; r++) {
        for (size_t c = 0; c < t->ncols; c++)
            print_cell(to, t->cells[r * t->ncols + c], width[c],
                       (t->right >> c) & 1, c + 1 == t->ncols);
        fputc('\n', to);
    }
    free(width);
}

void table_free(struct table *t)
{
    for (size_t i = 0; i < t->rows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}
