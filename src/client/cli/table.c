/* table — aligned columns of sanitised text, fitted to the terminal. */
#include "client/cli/table.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "common/mem.h"
#include "common/sanitize.h"
#include "common/textwidth.h"

#define GAP 2       /* spaces between columns */
#define LAST_RESORT 2 /* a column's width when nothing else fits: "x…" */

void table_init(struct table *t, const struct table_col *cols, size_t ncols)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->ncols = ncols;
}

void table_add(struct table *t, const char *const *cells)
{
    t->cells = xrealloc(t->cells, (t->rows + 1) * t->ncols * sizeof *t->cells);
    for (size_t i = 0; i < t->ncols; i++) {
        struct table_cell *c = &t->cells[t->rows * t->ncols + i];
        c->text = sanitize_text(cells[i]);
        c->role = COLOUR_NORMAL;
    }
    t->rows++;
}

void table_role(struct table *t, size_t col, enum colour_role role)
{
    if (t->rows > 0 && col < t->ncols)
        t->cells[(t->rows - 1) * t->ncols + col].role = role;
}

int table_term_width(FILE *to)
{
    const char *env = getenv("COLUMNS");
    if (env && *env) {
        char *end;
        long n = strtol(env, &end, 10);
        if (!*end && n > 0 && n <= 10000)
            return (int)n;
    }
    struct winsize ws;
    if (isatty(fileno(to)) && ioctl(fileno(to), TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col > 0)
        return ws.ws_col;
    return 80;
}

static const char *cell(const struct table *t, size_t r, size_t c)
{
    return t->cells[r * t->ncols + c].text;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* How many characters tell column c's values apart: one more than the
 * longest beginning two of them share (neighbours once sorted). */
static int distinct_len(const struct table *t, size_t c)
{
    if (t->rows < 2)
        return 0;
    const char **v = xcalloc(t->rows, sizeof *v);
    for (size_t r = 0; r < t->rows; r++)
        v[r] = cell(t, r, c);
    qsort(v, t->rows, sizeof *v, cmp_str);
    size_t longest = 0;
    for (size_t r = 1; r < t->rows; r++) {
        size_t n = 0;
        while (v[r][n] && v[r][n] == v[r - 1][n])
            n++;
        if (n > longest)
            longest = n;
    }
    free(v);
    return (int)longest + 1;
}

/* How one column is laid out. */
struct fit {
    int nat;    /* what its widest cell (or header) needs */
    int least;  /* how far it may narrow */
    int prefix; /* TABLE_PREFIX, TABLE_ID: the width values are cut to */
    int w;      /* its width */
    bool shown;
};

/* Widths before fitting: what every cell needs, and how far each column
 * may narrow. */
static void measure(const struct table *t, struct fit *f)
{
    for (size_t c = 0; c < t->ncols; c++) {
        const struct table_col *col = &t->cols[c];
        int head = text_width(col->head);
        f[c].nat = head;
        for (size_t r = 0; r < t->rows; r++) {
            int w = text_width(cell(t, r, c));
            if (w > f[c].nat)
                f[c].nat = w;
        }
        int least = col->min;
        if (col->flags & TABLE_ID) {
            int distinct = distinct_len(t, c);
            if (least < TABLE_ID_MIN)
                least = TABLE_ID_MIN;
            if (least < distinct)
                least = distinct;
        }
        /* An id cut to its short form stays short under a longer header
         * ("MESSAGE ID"): a prefix cut at the header's width would look
         * like the start of something else. */
        f[c].prefix = least;
        if (least < head)
            least = head;
        f[c].least = col->shrink && least < f[c].nat ? least : f[c].nat;
        f[c].shown = f[c].nat > 0; /* an empty column (no badge) takes none */
    }
}

static int total(const struct fit *f, size_t n)
{
    int sum = 0, count = 0;
    for (size_t c = 0; c < n; c++) {
        if (f[c].shown) {
            sum += f[c].w;
            count++;
        }
    }
    return count ? sum + GAP * (count - 1) : 0;
}

/* Narrows the shown columns, in shrink order, down to their least widths
 * until the table fits width (or none can narrow further). */
static void narrow(const struct table *t, struct fit *f, int width)
{
    for (int rank = 1; rank <= (int)t->ncols; rank++) {
        for (size_t c = 0; c < t->ncols; c++) {
            int excess = total(f, t->ncols) - width;
            if (excess <= 0)
                return;
            if (!f[c].shown || t->cols[c].shrink != rank ||
                f[c].w <= f[c].least)
                continue;
            if (t->cols[c].flags & (TABLE_PREFIX | TABLE_ID))
                f[c].w = f[c].least;
            else if (f[c].w - excess > f[c].least)
                f[c].w -= excess;
            else
                f[c].w = f[c].least;
        }
    }
}

/* The optional column to leave out next (lowest shrink), or ncols. */
static size_t next_to_drop(const struct table *t, const struct fit *f)
{
    size_t best = t->ncols;
    for (size_t c = 0; c < t->ncols; c++)
        if (f[c].shown && (t->cols[c].flags & TABLE_OPTIONAL) &&
            (best == t->ncols || t->cols[c].shrink < t->cols[best].shrink))
            best = c;
    return best;
}

/* Lays the columns out to fit width when they can. */
static void fit(const struct table *t, int width, struct fit *f)
{
    measure(t, f);
    for (;;) {
        for (size_t c = 0; c < t->ncols; c++)
            f[c].w = f[c].nat;
        narrow(t, f, width);
        if (total(f, t->ncols) <= width)
            return;
        size_t drop = next_to_drop(t, f);
        if (drop == t->ncols)
            break;
        f[drop].shown = false;
    }
    /* A very narrow terminal: the free text gives up its least width. */
    for (size_t c = 0; c < t->ncols; c++)
        if (t->cols[c].shrink &&
            !(t->cols[c].flags & (TABLE_PREFIX | TABLE_ID)) &&
            f[c].least > LAST_RESORT)
            f[c].least = LAST_RESORT;
    narrow(t, f, width);
}

/* s as it fits in column f; caller frees. */
static char *fitted(const struct table_col *col, const struct fit *f,
                    const char *s)
{
    if (text_width(s) <= f->w)
        return xstrdup(s);
    if (col->flags & (TABLE_PREFIX | TABLE_ID))
        return xstrndup(s, text_fit(s, f->prefix < f->w ? f->prefix : f->w,
                                    NULL));
    return text_cut(s, f->w);
}

static void print_cell(FILE *to, const struct table_col *col,
                       const struct fit *f, const char *s, const char *start,
                       bool last)
{
    char *text = fitted(col, f, s);
    int w = text_width(text);
    int pad = f->w > w ? f->w - w : 0;
    bool right = (col->flags & TABLE_RIGHT) != 0;
    if (right)
        fprintf(to, "%*s", pad, "");
    if (*start && *text)
        fprintf(to, "%s%s%s", start, text, colour_end());
    else
        fputs(text, to);
    if (!right && !last)
        fprintf(to, "%*s", pad, "");
    if (!last)
        fprintf(to, "%*s", GAP, "");
    free(text);
}

void table_print_fit(const struct table *t, FILE *to, int width, bool colour)
{
    struct fit *f = xcalloc(t->ncols, sizeof *f);
    fit(t, width, f);
    size_t last = 0;
    for (size_t c = 0; c < t->ncols; c++)
        if (f[c].shown)
            last = c;
    for (size_t c = 0; c < t->ncols; c++)
        if (f[c].shown)
            print_cell(to, &t->cols[c], &f[c], t->cols[c].head, "",
                       c == last);
    fputc('\n', to);
    for (size_t r = 0; r < t->rows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const struct table_cell *x = &t->cells[r * t->ncols + c];
            if (f[c].shown)
                print_cell(to, &t->cols[c], &f[c], x->text,
                           colour ? colour_start(x->role) : "", c == last);
        }
        fputc('\n', to);
    }
    free(f);
}

void table_print(const struct table *t, FILE *to)
{
    table_print_fit(t, to, table_term_width(to), colour_on(to));
}

void table_free(struct table *t)
{
    for (size_t i = 0; i < t->rows * t->ncols; i++)
        free(t->cells[i].text);
    free(t->cells);
    memset(t, 0, sizeof *t);
}
