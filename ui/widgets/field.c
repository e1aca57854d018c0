#include "ui/widgets/field.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "common/mem.h"
#include "ui/keys.h"
#include "ui/text.h"
#include "ui/theme.h"

static void reserve(struct field *f)
{
    f->text = xrealloc(f->text, (f->max + 1) * sizeof *f->text);
}

void field_init(struct field *f, const char *label, size_t max,
                const char *value)
{
    memset(f, 0, sizeof *f);
    f->label = label;
    f->max = max;
    reserve(f);
    field_set(f, value);
}

void field_free(struct field *f)
{
    if (f->text)
        explicit_bzero(f->text, (f->max + 1) * sizeof *f->text);
    free(f->text);
    free(f->error);
    memset(f, 0, sizeof *f);
}

void field_set(struct field *f, const char *value)
{
    f->len = 0;
    if (value) {
        mbstate_t st;
        memset(&st, 0, sizeof st);
        const char *s = value;
        while (*s && f->len < f->max) {
            wchar_t wc;
            size_t n = mbrtowc(&wc, s, strlen(s), &st);
            if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
                break;
            f->text[f->len++] = wc;
            s += n;
        }
    }
    f->text[f->len] = L'\0';
    f->cursor = f->len;
}

char *field_value(const struct field *f)
{
    size_t cap = f->len * MB_CUR_MAX + 1;
    char *out = xmalloc(cap);
    mbstate_t st;
    memset(&st, 0, sizeof st);
    const wchar_t *src = f->text;
    size_t n = wcsrtombs(out, &src, cap, &st);
    if (n == (size_t)-1)
        out[0] = '\0';
    return out;
}

void field_set_error(struct field *f, const char *msg)
{
    free(f->error);
    f->error = msg ? xstrdup(msg) : NULL;
}

static void insert(struct field *f, wchar_t c)
{
    if (f->len >= f->max)
        return;
    memmove(f->text + f->cursor + 1, f->text + f->cursor,
            (f->len - f->cursor + 1) * sizeof *f->text);
    f->text[f->cursor++] = c;
    f->len++;
}

static void cut_text(struct field *f, size_t from, size_t to)
{
    if (to <= from)
        return;
    memmove(f->text + from, f->text + to,
            (f->len - to + 1) * sizeof *f->text);
    f->len -= to - from;
    f->cursor = from;
}

bool field_key(struct field *f, int key)
{
    switch (key) {
    case UI_FN(KEY_LEFT):
        if (f->cursor > 0)
            f->cursor--;
        return true;
    case UI_FN(KEY_RIGHT):
        if (f->cursor < f->len)
            f->cursor++;
        return true;
    case UI_FN(KEY_HOME):
    case UI_CTRL('a'):
        f->cursor = 0;
        return true;
    case UI_FN(KEY_END):
    case UI_CTRL('e'):
        f->cursor = f->len;
        return true;
    case UI_FN(KEY_BACKSPACE):
    case 127:
    case UI_CTRL('h'):
        if (f->cursor > 0)
            cut_text(f, f->cursor - 1, f->cursor);
        return true;
    case UI_FN(KEY_DC):
        if (f->cursor < f->len)
            cut_text(f, f->cursor, f->cursor + 1);
        return true;
    case UI_CTRL('u'):
        cut_text(f, 0, f->cursor);
        return true;
    case UI_CTRL('k'):
        cut_text(f, f->cursor, f->len);
        return true;
    case UI_CTRL('w'): {
        size_t from = f->cursor;
        while (from > 0 && f->text[from - 1] == L' ')
            from--;
        while (from > 0 && f->text[from - 1] != L' ')
            from--;
        cut_text(f, from, f->cursor);
        return true;
    }
    default:
        break;
    }
    if (UI_IS_FN(key) || key < 0x20 || key == 0x7f ||
        (key >= 0x80 && key < 0xa0))
        return false;
    if (f->digits && !(key >= '0' && key <= '9'))
        return true; /* taken, and refused: only digits go in */
    if (!iswprint((wint_t)key))
        return true;
    insert(f, (wchar_t)key);
    return true;
}

int field_draw(WINDOW *win, int y, int x, int w, const struct field *f,
               bool active)
{
    if (w < 1)
        return x;
    attr_t a = theme_attr(active ? ROLE_FIELD_ACTIVE : ROLE_FIELD);
    wattrset(win, a);
    mvwhline(win, y, x, ' ', w);
    /* Scroll so the cursor stays inside the box; a field not being
     * edited shows its beginning. */
    size_t start = 0;
    int cur_col = 0;
    while (active) {
        cur_col = 0;
        for (size_t i = start; i < f->cursor; i++) {
            int cw = f->masked ? 1 : wcwidth(f->text[i]);
            cur_col += cw < 0 ? 1 : cw;
        }
        if (cur_col < w || start >= f->cursor)
            break;
        start++;
    }
    int col = 0;
    for (size_t i = start; i < f->len; i++) {
        wchar_t c = f->masked ? L'*' : f->text[i];
        int cw = wcwidth(c);
        if (cw < 0) {
            c = L'?';
            cw = 1;
        }
        if (col + cw > w)
            break;
        cchar_t cc;
        wchar_t s[2] = {c, L'\0'};
        setcchar(&cc, s, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL);
        mvwadd_wch(win, y, x + col, &cc);
        col += cw;
    }
    wattrset(win, A_NORMAL);
    return x + cur_col;
}
