/* app — the TUI's state and its one event loop. poll() waits on the
 * keyboard, the API worker's pipe (src/client/api_async.h) and a
 * self-pipe for signals (SIGWINCH, SIGTERM, SIGINT, SIGHUP), with a
 * timeout for the next timer (spinner, polling, pane timers). Handlers
 * only change state and mark panes dirty; after each round the loop
 * draws what is dirty into the windows and sends the difference to the
 * terminal with one doupdate(). */
#ifndef INVENTUI_UI_APP_H
#define INVENTUI_UI_APP_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "client/config.h"
#include "client/ops.h"
#include "client/signin.h"
#include "ui/pane.h"
#include "ui/theme.h"

struct api_async;
struct cmd_history;

#define APP_STACK_MAX 12
#define APP_DEAD_MAX (APP_STACK_MAX + 8)

/* The panes a user switches between with 1, 2, 3 and Tab. */
enum app_tab { TAB_PRODUCTS, TAB_ORDERS, TAB_DLQ, TAB_COUNT };

struct app_request;

struct app {
    struct client_config *cfg;  /* borrowed */
    struct api_async *api;
    /* What is on screen: stack[0] is a tab's pane or the sign-in screen,
     * the rest are pushed over it (detail, forms, help, confirmations). */
    struct pane *stack[APP_STACK_MAX];
    int depth;
    struct pane *tabs[TAB_COUNT]; /* made at sign-in, kept while signed in */
    struct pane *dead[APP_DEAD_MAX]; /* closed, freed after the handler */
    int ndead;
    enum app_tab tab;
    bool stale[TAB_COUNT];      /* fetch again when shown (app_stale) */
    /* Who is signed in. */
    bool signed_in;
    struct signin_user user;
    int64_t token_exp;          /* epoch s */
    /* The status line. */
    char api_host[128];
    bool demo;
    int64_t offline_since_ms;   /* 0: online */
    int64_t cached_at_ms;       /* when the last answer from the offline
                                 * cache was fetched, 0: none since online */
    int64_t last_refresh_ms;    /* wall clock of the last fresh answer */
    /* Coming back (ui/online.c): the probe while offline, and the
     * background refresh of the visible pane. Monotonic ms, 0: none. */
    int64_t probe_due;
    int64_t probe_delay;        /* the wait before the next probe */
    unsigned long probe_req;    /* the probe in flight, 0: none */
    int64_t refresh_due;        /* [ui] refresh_seconds */
    char *message;              /* the footer's message, or NULL */
    enum theme_role message_role;
    int64_t message_until;      /* monotonic ms */
    /* Requests in flight. */
    struct app_request *requests;
    int spinner;
    int64_t spinner_due;
    int spinner_x;              /* its header column as drawn; -1: none */
    int64_t clock_due;          /* next redraw of the status line's clocks */
    /* The screen. */
    int rows, cols;
    WINDOW *header, *status, *footer;
    bool chrome_dirty;
    bool quit;
    int exit_code;
    /* The sign-in screen's prefill (demo). */
    const char *prefill_email, *prefill_password;
    /* The command line's history (ui/cmdline.h), kept while running. */
    struct cmd_history *cmd_history;
    /* The mouse (ui/mouse.h): on, and the last click (double clicks). */
    bool mouse;
    int64_t click_ms;
    int click_y, click_x;
    /* An OSC 52 sequence to send after the next frame (app_copy). */
    char *clipboard;
};

/* Runs the TUI until the user quits; returns the exit status. cfg must
 * have api_url set. demo: the status line says DEMO, the sign-in screen
 * is prefilled with email and password (may be NULL). */
int app_run(struct client_config *cfg, bool demo, const char *email,
            const char *password);

/* Submits o (taken) on behalf of p; its answer comes to p->ops->arrived.
 * foreground: a person waits for it (the spinner names it, Esc cancels
 * it); background requests (polling) show only a dot. Returns the
 * request's id. */
unsigned long app_submit(struct app *a, struct pane *p, struct op *o,
                         bool foreground);
/* Cancels one request (its pane gets it back with o->cancelled). */
void app_cancel(struct app *a, unsigned long id);
/* Pushes p over what is shown; it gets the keys until it closes. */
void app_push(struct app *a, struct pane *p);
/* Asks for p to be closed (it is freed by the loop after the handler
 * returns); what was under it comes back. */
void app_close(struct app *a, struct pane *p);
/* Shows a tab (closing whatever was pushed over the current one). */
void app_show_tab(struct app *a, enum app_tab t);
/* The tab's pane, or NULL when not signed in. */
struct pane *app_tab_pane(struct app *a, enum app_tab t);
/* A message in the footer for a few seconds (role: ROLE_ERROR, ROLE_OK,
 * ROLE_WARNING, ROLE_NORMAL). The text is sanitised here. */
void app_message(struct app *a, enum theme_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Says what an unsuccessful op means, in one sentence in the footer
 * (403: "this needs an administrator", the server's message otherwise). */
void app_op_failed(struct app *a, const struct op *o);
/* A successful sign-in: remembers the user and shows the products. */
void app_signed_in(struct app *a, const struct signin_user *u);
/* Back to the sign-in screen (session ended or signed out); msg may be
 * NULL. */
void app_show_signin(struct app *a, const char *msg);
/* Asks "Really …?" in an overlay; yes() runs on `y` with the pane that
 * asked and arg (freed with free() when the dialog closes unless NULL). */
void app_confirm(struct app *a, struct pane *asker, const char *question,
                 void (*yes)(struct pane *asker, struct app *a, void *arg),
                 void *arg);
/* The data of tab t changed elsewhere (an order placed, a product
 * edited): it fetches again when it is next shown, or now if it shows. */
void app_stale(struct app *a, enum app_tab t);
/* What p's OFFLINE mark says its data's age from (epoch ms): cached_at
 * when the data came from the offline cache, else p->fetched_at while
 * the API cannot be reached; 0: no mark (the data is live). */
int64_t app_offline_mark(const struct app *a, const struct pane *p,
                         int64_t cached_at);
/* When o's data was fetched (epoch ms), for pane.fetched_at: when the
 * offline cache got it if it came from there, else now. */
int64_t app_fetched_at(const struct op *o);
/* Marks the chrome (header, status line, footer) for drawing. */
void app_chrome_dirty(struct app *a);
/* True when the user is an admin. */
bool app_admin(const struct app *a);
/* The theme changed (theme_load): the colour pairs are made again and
 * everything is drawn afresh. */
void app_restyle(struct app *a);
/* Switches to theme NAME live (`:theme NAME`): loads it (theme_load),
 * restyles, and says so in the footer; a theme that cannot be loaded is
 * reported there (file and line) and the current one stays. 0 or -1. */
int app_theme(struct app *a, const char *name);
/* The pane on top (receiving keys): the highest one not closing. */
struct pane *app_top(struct app *a);
/* Takes an action as if its key were pressed in the top pane: only when
 * the action is offered there (app_admin, scope); true when taken. */
bool app_act(struct app *a, enum action act);
/* Signs out at once (no question). */
void app_sign_out(struct app *a);
/* Puts text on the terminal's clipboard with OSC 52 after the next frame
 * (the terminal may refuse it: nobody can tell), and shows it in the
 * footer to copy by hand; what ("order id") names it there if it fits. */
void app_copy(struct app *a, const char *what, const char *text);

#endif
