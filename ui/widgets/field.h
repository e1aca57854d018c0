/* field — a one-line text input: a label, the text (as wide characters,
 * so the cursor moves by character), optional masking (passwords) and
 * digits-only entry, a limit in characters, and an error shown beside
 * it (the server's or our own check's). */
#ifndef INVENTUI_UI_WIDGETS_FIELD_H
#define INVENTUI_UI_WIDGETS_FIELD_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct field {
    const char *label;  /* borrowed, static */
    wchar_t *text;      /* owned, NUL-terminated */
    size_t len, cursor, max;
    bool masked, digits;
    char *error;        /* owned; NULL when none */
};

/* A field with a label, a limit in characters and an initial value
 * (UTF-8, may be NULL). */
void field_init(struct field *f, const char *label, size_t max,
                const char *value);
/* Frees what the field owns, wiping the text first (it may be a
 * password). */
void field_free(struct field *f);
/* Replaces the text (UTF-8). */
void field_set(struct field *f, const char *value);
/* The text as UTF-8; caller frees (and wipes, for a password). */
char *field_value(const struct field *f);
/* Sets (or with NULL clears) the error shown beside the field. */
void field_set_error(struct field *f, const char *msg);
/* Edits with one key (ui/keys.h value): printable characters insert;
 * Backspace, Delete, Left, Right, Home, End, C-a, C-e, C-u, C-k, C-w
 * edit. True when the key was taken. */
bool field_key(struct field *f, int key);
/* Draws the input box at (y, x), width w columns; with the cursor when
 * active. Returns the column where the cursor belongs. */
int field_draw(WINDOW *win, int y, int x, int w, const struct field *f,
               bool active);

#endif
