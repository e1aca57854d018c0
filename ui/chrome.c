#include "ui/chrome.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client/format.h"
#include "common/timeutil.h"
#include "ui/actions.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/text.h"

static const char *const SPINNER[] = {"⠋", "⠙", "⠹", "⠸", "⠼",
                                      "⠴", "⠦", "⠧", "⠇", "⠏"};
#define SPINNER_N (sizeof SPINNER / sizeof *SPINNER)

static const char *const TAB_NAMES[TAB_COUNT] = {"Products", "Orders", "DLQ"};

void chrome_place(struct app *a)
{
    chrome_free(a);
    a->header = newwin(1, a->cols, 0, 0);
    a->status = newwin(1, a->cols, a->rows > 2 ? a->rows - 2 : 0, 0);
    a->footer = newwin(1, a->cols, a->rows > 1 ? a->rows - 1 : 0, 0);
    a->chrome_dirty = true;
}

void chrome_free(struct app *a)
{
    if (a->header)
        delwin(a->header);
    if (a->status)
        delwin(a->status);
    if (a->footer)
        delwin(a->footer);
    a->header = a->status = a->footer = NULL;
}

void chrome_api_host(const char *url, char *out, size_t size)
{
    const char *s = strstr(url, "://");
    s = s ? s + 3 : url;
    size_t n = strcspn(s, "/?#");
    snprintf(out, size, "%.*s", (int)n, s);
}

#define HEADER_NAME " inventui "

/* Where each tab's label goes in the header: its column, and its width
 * (0: not shown). The header draws them there and a click looks there. */
static void tab_layout(struct app *a, int x[TAB_COUNT], int w[TAB_COUNT])
{
    int at = text_width(HEADER_NAME) + 1;
    for (int t = 0; t < TAB_COUNT; t++) {
        x[t] = at;
        w[t] = 0;
        if (!a->signed_in || (t == TAB_DLQ && !app_admin(a)))
            continue;
        char label[32];
        snprintf(label, sizeof label, " %d %s ", t + 1, TAB_NAMES[t]);
        w[t] = text_width(label);
        at += w[t] + 1;
    }
}

int chrome_tab_at(struct app *a, int col)
{
    int x[TAB_COUNT], w[TAB_COUNT];
    tab_layout(a, x, w);
    for (int t = 0; t < TAB_COUNT; t++)
        if (w[t] && col >= x[t] && col < x[t] + w[t] && col < a->cols)
            return t;
    return -1;
}

static void draw_header(struct app *a, const char *busy, int any)
{
    WINDOW *w = a->header;
    draw_fill(w, 0, 0, a->cols, ROLE_TAB);
    int x = draw_text(w, 0, 0, a->cols, ROLE_TAB_ACTIVE, HEADER_NAME, 0) + 1;
    int tx[TAB_COUNT], tw[TAB_COUNT];
    tab_layout(a, tx, tw);
    for (int t = 0; t < TAB_COUNT; t++) {
        if (!tw[t] || tx[t] >= a->cols)
            continue;
        char label[32];
        snprintf(label, sizeof label, " %d %s ", t + 1, TAB_NAMES[t]);
        bool on = (int)a->tab == t;
        x = tx[t] + draw_text(w, 0, tx[t], a->cols - tx[t],
                              on ? ROLE_TAB_ACTIVE : ROLE_TAB, label, 0) +
            1;
    }
    a->spinner_x = -1;
    if (any) {
        char right[128];
        snprintf(right, sizeof right, "%s %s ", SPINNER[a->spinner % SPINNER_N],
                 busy ? busy : "");
        if (!busy)
            snprintf(right, sizeof right, "%s ", SPINNER[a->spinner % SPINNER_N]);
        int rw = text_width(right);
        if (x + rw < a->cols) {
            draw_text(w, 0, a->cols - rw, rw, ROLE_TAB, right, 0);
            a->spinner_x = a->cols - rw;
        }
    }
    wnoutrefresh(w);
}

void chrome_spinner(struct app *a)
{
    if (!a->header)
        return;
    /* The spinner is the first cell of the right-hand text: a tick draws
     * that cell alone (over a slow link the rest of the chrome is not
     * even compared); the whole chrome when it is due anyway or the
     * spinner is not on screen yet. */
    if (a->chrome_dirty || a->spinner_x < 0) {
        a->chrome_dirty = true;
        return;
    }
    draw_text(a->header, 0, a->spinner_x, 1, ROLE_TAB,
              SPINNER[a->spinner % SPINNER_N], 0);
    wnoutrefresh(a->header);
}

/* One item of the status line, after a separator; left out whole when
 * it does not fit. */
static void status_item(WINDOW *w, int *x, int cols, enum theme_role role,
                        const char *s)
{
    if (*x + 3 + text_width(s) > cols)
        return;
    if (*x > 0)
        *x += draw_text(w, 0, *x, cols - *x, ROLE_STATUSBAR, " │ ", 0);
    *x += draw_text(w, 0, *x, cols - *x, role, s, 0);
}

/* When the data in sight was fetched: the top pane's that shows data
 * (an overlay shows none), else the last answer from the offline cache;
 * 0 when neither is known. */
static int64_t data_at(const struct app *a)
{
    for (int i = a->depth - 1; i >= 0; i--)
        if (a->stack[i]->fetched_at > 0)
            return a->stack[i]->fetched_at;
    return a->cached_at_ms;
}

static void draw_status(struct app *a)
{
    WINDOW *w = a->status;
    draw_fill(w, 0, 0, a->cols, ROLE_STATUSBAR);
    int x = 0;
    char buf[160];
    snprintf(buf, sizeof buf, " %s", a->api_host);
    x += draw_text(w, 0, 0, a->cols, ROLE_STATUSBAR, buf, 0);
    if (a->signed_in) {
        snprintf(buf, sizeof buf, "%s%s", a->user.email ? a->user.email : "?",
                 a->user.admin ? " (admin)" : "");
        status_item(w, &x, a->cols, ROLE_STATUSBAR, buf);
    }
    if (a->offline_since_ms) {
        char age[32] = "";
        int64_t at = data_at(a);
        if (at > 0) {
            format_age(time_now_ms() - at, age, sizeof age);
            snprintf(buf, sizeof buf, "OFFLINE (data %s old)", age);
        } else {
            snprintf(buf, sizeof buf, "OFFLINE");
        }
        status_item(w, &x, a->cols, ROLE_ERROR, buf);
    } else {
        status_item(w, &x, a->cols, ROLE_OK, a->demo ? "DEMO" : "ONLINE");
    }
    if (actions_readonly())
        status_item(w, &x, a->cols, ROLE_WARNING, "READONLY");
    if (a->signed_in && a->token_exp > 0) {
        long left = (long)(a->token_exp - (int64_t)time(NULL));
        if (left > 0)
            snprintf(buf, sizeof buf, "token %ldm", (left + 59) / 60);
        else
            snprintf(buf, sizeof buf, "token renews");
        status_item(w, &x, a->cols, ROLE_STATUSBAR, buf);
    }
    if (a->last_refresh_ms) {
        char when[40];
        time_t t = (time_t)(a->last_refresh_ms / 1000);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(when, sizeof when, "%H:%M:%S", &tm);
        snprintf(buf, sizeof buf, "refreshed %s", when);
        status_item(w, &x, a->cols, ROLE_STATUSBAR, buf);
    }
    wnoutrefresh(w);
}

static void draw_footer(struct app *a)
{
    WINDOW *w = a->footer;
    draw_fill(w, 0, 0, a->cols, ROLE_NORMAL);
    if (a->message) {
        draw_text(w, 0, 1, a->cols - 1, a->message_role, a->message, 0);
    } else {
        struct pane *p = app_top(a);
        char hints[512];
        if (p) {
            actions_hints(p->ops->kind, app_admin(a), a->cols - 2, hints,
                          sizeof hints);
            draw_text(w, 0, 1, a->cols - 1, ROLE_DIM, hints, 0);
        }
    }
    wnoutrefresh(w);
}

/* True when the top pane's window covers row y (the command line sits
 * over the status line and the footer; on a tiny screen an overlay may
 * take every row): that row is left to it. */
static bool covered(struct app *a, int y)
{
    struct pane *top = app_top(a);
    if (!top || !top->win)
        return false;
    int by, bx, h, w;
    getbegyx(top->win, by, bx);
    getmaxyx(top->win, h, w);
    (void)bx;
    (void)w;
    return y >= by && y < by + h;
}

void chrome_draw(struct app *a, const char *busy, int any)
{
    if (!a->header)
        return;
    if (!covered(a, 0))
        draw_header(a, busy, any);
    if (!covered(a, getbegy(a->status)))
        draw_status(a);
    if (!covered(a, getbegy(a->footer)))
        draw_footer(a);
}
