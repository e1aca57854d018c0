/* chrome — what surrounds the panes: the header (tabs and the spinner),
 * the status line (API host, user, ONLINE/OFFLINE/DEMO, the token's
 * expiry, the last refresh) and the footer (a message, or the current
 * pane's key hints, generated from the action list). */
#ifndef INVENTUI_UI_CHROME_H
#define INVENTUI_UI_CHROME_H

#include <stddef.h>

struct app;

/* (Re)creates the three one-line windows for a->rows × a->cols. */
void chrome_place(struct app *a);
void chrome_free(struct app *a);
/* Draws all three into their windows (wnoutrefresh, no doupdate).
 * busy: the foreground request's description, or NULL; any: requests are
 * in flight. */
void chrome_draw(struct app *a, const char *busy, int any);
/* The tab whose name is drawn at column col of the header, or -1. */
int chrome_tab_at(struct app *a, int col);
/* Redraws only the spinner's cell. */
void chrome_spinner(struct app *a);
/* "host:port" of an API URL, for the status line. */
void chrome_api_host(const char *url, char *out, size_t size);
#endif
