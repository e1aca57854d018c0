#include "ui/app.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "client/api_async.h"
#include "common/mem.h"
#include "common/sanitize.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "ui/chrome.h"
#include "ui/clipboard.h"
#include "ui/cmdline.h"
#include "ui/keys.h"
#include "ui/mouse.h"
#include "ui/online.h"
#include "ui/panes/panes.h"
#include "ui/screen.h"
#include "ui/text.h"

/* A request in flight, and the pane its answer goes to (NULL once the
 * pane is gone: the answer is dropped). */
struct app_request {
    struct app_request *next;
    unsigned long id;
    struct pane *pane;
    bool foreground;
    enum op_kind kind;
};

#define MESSAGE_MS 6000
#define SPINNER_MS 120

void pane_init(struct pane *p, const struct pane_ops *ops)
{
    memset(p, 0, sizeof *p);
    p->ops = ops;
    p->dirty = DIRTY_ALL;
    p->cursor_y = p->cursor_x = -1;
}

/* ---- windows ---------------------------------------------------------- */

static void place_pane(struct app *a, struct pane *p)
{
    int y = 1, x = 0, h = a->rows - 3, w = a->cols;
    if (p->ops->place)
        p->ops->place(p, a->rows, a->cols, &y, &x, &h, &w);
    if (h < 1)
        h = 1;
    if (w < 1)
        w = 1;
    if (!p->win) {
        p->win = newwin(h, w, y, x);
        keypad(p->win, FALSE);
        p->panel = new_panel(p->win);
    } else {
        /* Shrink before moving so the window always fits the screen. */
        wresize(p->win, h, w);
        move_panel(p->panel, y, x);
    }
    p->h = h;
    p->w = w;
    p->dirty |= DIRTY_ALL;
    if (p->ops->resize)
        p->ops->resize(p, a);
}

/* Cancels p's requests; their answers will be dropped. */
static void orphan_requests(struct app *a, struct pane *p)
{
    for (struct app_request *r = a->requests; r; r = r->next) {
        if (r->pane == p) {
            r->pane = NULL;
            api_async_cancel(a->api, r->id);
        }
    }
}

static void free_pane(struct app *a, struct pane *p)
{
    if (!p)
        return;
    orphan_requests(a, p);
    if (p->panel)
        del_panel(p->panel);
    if (p->win)
        delwin(p->win);
    p->panel = NULL;
    p->win = NULL;
    p->ops->destroy(p);
}

/* Takes p off the screen now and frees it after the handler that asked
 * has returned (a pane may be running the code that buries it). Its
 * requests are cancelled and their answers dropped. */
static void bury(struct app *a, struct pane *p)
{
    if (!p)
        return;
    orphan_requests(a, p);
    if (p->panel)
        hide_panel(p->panel);
    p->closing = true;
    if (a->ndead == APP_DEAD_MAX)
        return; /* cannot happen: the loop reaps after every handler */
    a->dead[a->ndead++] = p;
}

static void reap_dead(struct app *a)
{
    while (a->ndead > 0)
        free_pane(a, a->dead[--a->ndead]);
}

struct pane *app_top(struct app *a)
{
    /* A pane that asked to close gets no more keys: what it opened or
     * ran on its way out (a choice's callback, a command) goes on top of
     * what is under it. */
    for (int i = a->depth - 1; i >= 0; i--)
        if (!a->stack[i]->closing)
            return a->stack[i];
    return NULL;
}

static void focus(struct app *a, struct pane *p, bool on)
{
    if (!p)
        return;
    /* A pane coming to the front is drawn whole: what covered it is gone. */
    if (on)
        p->dirty |= DIRTY_ALL;
    if (p->ops->focus)
        p->ops->focus(p, a, on);
    for (int t = 0; on && t < TAB_COUNT; t++) {
        if (a->tabs[t] == p && a->stale[t]) {
            a->stale[t] = false;
            if (p->ops->action)
                p->ops->action(p, a, ACT_REFRESH);
        }
    }
}

void app_stale(struct app *a, enum app_tab t)
{
    if (t >= TAB_COUNT || !a->tabs[t])
        return;
    a->stale[t] = true;
    if (app_top(a) == a->tabs[t])
        focus(a, a->tabs[t], true);
}

static bool is_tab(const struct app *a, const struct pane *p)
{
    for (int t = 0; t < TAB_COUNT; t++)
        if (a->tabs[t] == p)
            return true;
    return false;
}

void app_push(struct app *a, struct pane *p)
{
    if (a->depth == APP_STACK_MAX) {
        p->ops->destroy(p);
        return;
    }
    focus(a, app_top(a), false);
    place_pane(a, p);
    show_panel(p->panel);
    top_panel(p->panel);
    a->stack[a->depth++] = p;
    focus(a, p, true);
    a->chrome_dirty = true;
}

void app_close(struct app *a, struct pane *p)
{
    (void)a;
    p->closing = true;
}

/* Frees the panes that asked to close; what is under them comes back. */
static void reap_closed(struct app *a)
{
    bool any = false;
    for (int i = 0; i < a->depth;) {
        struct pane *p = a->stack[i];
        if (!p->closing) {
            i++;
            continue;
        }
        bool was_top = i == a->depth - 1;
        memmove(a->stack + i, a->stack + i + 1,
                (size_t)(a->depth - i - 1) * sizeof *a->stack);
        a->depth--;
        if (is_tab(a, p)) {
            p->closing = false;
            hide_panel(p->panel);
        } else {
            bury(a, p);
        }
        if (was_top)
            any = true;
    }
    reap_dead(a);
    if (any) {
        struct pane *top = app_top(a);
        if (top) {
            top->dirty |= DIRTY_ALL;
            focus(a, top, true);
        }
        a->chrome_dirty = true;
    }
}

/* Takes everything off the stack (tabs are kept, others freed). */
static void clear_stack(struct app *a)
{
    while (a->depth > 0) {
        struct pane *p = a->stack[--a->depth];
        if (is_tab(a, p)) {
            focus(a, p, false);
            hide_panel(p->panel);
        } else {
            bury(a, p);
        }
    }
}

struct pane *app_tab_pane(struct app *a, enum app_tab t)
{
    return t < TAB_COUNT ? a->tabs[t] : NULL;
}

void app_show_tab(struct app *a, enum app_tab t)
{
    if (!a->signed_in || !a->tabs[t])
        return;
    clear_stack(a);
    a->tab = t;
    app_push(a, a->tabs[t]);
}

/* ---- messages --------------------------------------------------------- */

void app_chrome_dirty(struct app *a)
{
    a->chrome_dirty = true;
}

void app_message(struct app *a, enum theme_role role, const char *fmt, ...)
{
    struct strbuf sb = {0};
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    free(a->message);
    a->message = sanitize_text(sb.buf);
    strbuf_free(&sb);
    a->message_role = role;
    a->message_until = time_mono_ms() + MESSAGE_MS;
    a->chrome_dirty = true;
}

void app_op_failed(struct app *a, const struct op *o)
{
    if (o->cancelled) {
        app_message(a, ROLE_WARNING, "%s: cancelled", op_describe(o->kind));
        return;
    }
    const struct api_result *r = &o->res;
    if (r->code && !strcmp(r->code, ONLINE_REFUSED_CODE)) {
        app_message(a, ROLE_ERROR, "%s", r->message);
        return;
    }
    if (r->status == 403) {
        app_message(a, ROLE_ERROR, "%s: this needs an administrator",
                    op_describe(o->kind));
        return;
    }
    app_message(a, ROLE_ERROR, "%s: %s", op_describe(o->kind),
                r->message ? r->message : "failed");
}

bool app_admin(const struct app *a)
{
    return a->signed_in && a->user.admin;
}

int64_t app_offline_mark(const struct app *a, const struct pane *p,
                         int64_t cached_at)
{
    if (cached_at > 0)
        return cached_at;
    return a->offline_since_ms ? p->fetched_at : 0;
}

int64_t app_fetched_at(const struct op *o)
{
    return o->res.cached_at > 0 ? o->res.cached_at : time_now_ms();
}

/* ---- requests --------------------------------------------------------- */

unsigned long app_submit(struct app *a, struct pane *p, struct op *o,
                         bool foreground)
{
    struct app_request *r = xcalloc(1, sizeof *r);
    r->pane = p;
    r->foreground = foreground;
    r->kind = o->kind;
    r->next = a->requests;
    a->requests = r;
    if (foreground)
        online_foreground(a);
    /* Offline, a write is answered at once: nothing is queued. */
    if (online_refuse_op(a, o))
        r->id = api_async_answer(a->api, o, r);
    else
        r->id = api_async_submit(a->api, o, r);
    a->chrome_dirty = true;
    return r->id;
}

void app_cancel(struct app *a, unsigned long id)
{
    api_async_cancel(a->api, id);
}

static struct app_request *take_request(struct app *a, struct app_request *r)
{
    for (struct app_request **p = &a->requests; *p; p = &(*p)->next) {
        if (*p == r) {
            *p = r->next;
            return r;
        }
    }
    return NULL;
}

/* The newest foreground request, for the spinner and for Esc. */
static struct app_request *foreground(struct app *a)
{
    for (struct app_request *r = a->requests; r; r = r->next)
        if (r->foreground && r->pane)
            return r;
    return NULL;
}

static bool is_signin_op(enum op_kind k)
{
    return k == OP_WHOAMI || k == OP_SIGN_IN || k == OP_NEW_PASSWORD ||
           k == OP_SIGN_UP || k == OP_CONFIRM || k == OP_RESEND ||
           k == OP_SIGN_OUT;
}

/* Every answer passes here first: the status line learns about the
 * session and the network, then the pane gets it. */
static void on_done(void *ctx, struct op *o, void *user)
{
    struct app *a = ctx;
    struct app_request *r = take_request(a, user);
    struct pane *p = r ? r->pane : NULL;
    free(r);
    a->chrome_dirty = true;
    if (o->token_exp > 0)
        a->token_exp = o->token_exp;
    if (!is_signin_op(o->kind)) {
        online_answer(a, p, o);
        if (!o->cancelled && o->res.rc == API_UNAUTH && a->signed_in) {
            op_free(o);
            app_show_signin(a, "Your session has ended: sign in again.");
            return;
        }
    }
    if (!p || !p->ops->arrived) {
        op_free(o);
        return;
    }
    p->ops->arrived(p, a, o);
}

/* ---- sign-in and out -------------------------------------------------- */

void app_signed_in(struct app *a, const struct signin_user *u)
{
    signin_user_free(&a->user);
    a->user.email = u->email ? xstrdup(u->email) : NULL;
    a->user.admin = u->admin;
    a->user.expires_at = u->expires_at;
    a->token_exp = u->expires_at;
    a->signed_in = true;
    online_start(a);
    clear_stack(a);
    for (int t = 0; t < TAB_COUNT; t++)
        bury(a, a->tabs[t]);
    a->tabs[TAB_PRODUCTS] = products_pane_new(a);
    a->tabs[TAB_ORDERS] = orders_pane_new(a);
    a->tabs[TAB_DLQ] = dlq_pane_new(a);
    app_show_tab(a, TAB_PRODUCTS);
}

void app_show_signin(struct app *a, const char *msg)
{
    char *email = a->user.email ? xstrdup(a->user.email) : NULL;
    clear_stack(a);
    for (int t = 0; t < TAB_COUNT; t++) {
        bury(a, a->tabs[t]);
        a->tabs[t] = NULL;
    }
    a->signed_in = false;
    signin_user_free(&a->user);
    app_push(a, signin_pane_new(a, email ? email : a->prefill_email,
                                email ? NULL : a->prefill_password));
    free(email);
    if (msg)
        app_message(a, ROLE_WARNING, "%s", msg);
}

void app_sign_out(struct app *a)
{
    /* The session is forgotten at once; telling the pool is best effort. */
    app_submit(a, NULL, op_new(OP_SIGN_OUT), false);
    app_show_signin(a, NULL);
    app_message(a, ROLE_OK, "Signed out.");
}

static void sign_out_yes(struct pane *asker, struct app *a, void *arg)
{
    (void)asker;
    (void)arg;
    app_sign_out(a);
}

void app_copy(struct app *a, const char *what, const char *text)
{
    free(a->clipboard);
    a->clipboard = clipboard_osc52(text);
    /* The id must show whole at 80 columns: the name goes first. */
    static const char NOTE[] = "(if your terminal allows OSC 52)";
    if ((int)(strlen(what) + strlen(text) + sizeof NOTE + 10) < a->cols)
        app_message(a, ROLE_OK, "Copied the %s %s: %s", what, NOTE, text);
    else
        app_message(a, ROLE_OK, "Copied %s: %s", NOTE, text);
}

/* ---- keys ------------------------------------------------------------- */

static enum ui_result app_action(struct app *a, enum action act)
{
    switch (act) {
    case ACT_QUIT:
    case ACT_EXIT:
        a->quit = true;
        return UI_DONE;
    case ACT_HELP:
        app_push(a, help_pane_new(a, app_top(a)->ops->kind));
        return UI_DONE;
    case ACT_GO_PRODUCTS:
        app_show_tab(a, TAB_PRODUCTS);
        return UI_DONE;
    case ACT_GO_ORDERS:
        app_show_tab(a, TAB_ORDERS);
        return UI_DONE;
    case ACT_GO_DLQ:
        app_show_tab(a, TAB_DLQ);
        return UI_DONE;
    case ACT_NEXT_PANE: {
        enum app_tab t = a->tab;
        do
            t = (enum app_tab)((t + 1) % TAB_COUNT);
        while (t == TAB_DLQ && !app_admin(a));
        app_show_tab(a, t);
        return UI_DONE;
    }
    case ACT_SIGN_OUT:
        app_confirm(a, app_top(a), "Sign out?", sign_out_yes, NULL);
        return UI_DONE;
    case ACT_COMMAND:
    case ACT_COMMAND_HISTORY:
        app_push(a, cmdline_pane_new(a, act == ACT_COMMAND_HISTORY));
        return UI_DONE;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        a->chrome_dirty = true;
        for (int i = 0; i < a->depth; i++)
            a->stack[i]->dirty |= DIRTY_ALL;
        return UI_DONE;
    default:
        return UI_PASS;
    }
}

static void on_key(struct app *a, int key)
{
    struct pane *p = app_top(a);
    if (!p)
        return;
    /* A message stays until the next key or its time is up. */
    if (a->message && a->message_until - time_mono_ms() < MESSAGE_MS - 800) {
        free(a->message);
        a->message = NULL;
        a->chrome_dirty = true;
    }
    if (p->ops->key && p->ops->key(p, a, key) == UI_DONE)
        return;
    enum action act = actions_lookup(key, p->ops->kind, app_admin(a));
    if (act == ACT_NONE) {
        enum action w = actions_withheld(key, p->ops->kind, app_admin(a));
        if (w != ACT_NONE)
            app_message(a, ROLE_WARNING,
                        "Read-only: \"%s\" changes data and is turned off.",
                        action_def(w)->name);
        return;
    }
    /* Esc cancels the request a person is waiting for before anything
     * else it may mean. */
    if (act == ACT_BACK || act == ACT_NO) {
        struct app_request *r = foreground(a);
        if (r && act == ACT_BACK) {
            api_async_cancel(a->api, r->id);
            return;
        }
    }
    app_act(a, act);
}

bool app_act(struct app *a, enum action act)
{
    struct pane *p = app_top(a);
    if (!p || !action_offered(act, p->ops->kind, app_admin(a)))
        return false;
    /* Offline, a write is refused here, whether a key or a command
     * asked for it. */
    if (online_refuse_action(a, act))
        return true;
    const struct action_def *d = action_def(act);
    if ((d->flags & AF_APP) && app_action(a, act) == UI_DONE)
        return true;
    if (p->ops->action)
        p->ops->action(p, a, act);
    return true;
}

/* One key press as a ui_key (keys.h); 0 when none is waiting. */
static int read_key(void)
{
    wint_t wc;
    int rc = wget_wch(stdscr, &wc);
    if (rc == ERR)
        return 0;
    if (rc == KEY_CODE_YES)
        return UI_FN((int)wc);
    return (int)wc;
}

/* ---- signals ---------------------------------------------------------- */

static int SIGNAL_PIPE[2] = {-1, -1};

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    if (write(SIGNAL_PIPE[1], &b, 1) < 0) {
        /* The pipe is full: a wake-up is already waiting. */
    }
    errno = saved;
}

static int signals_init(void)
{
    if (pipe2(SIGNAL_PIPE, O_CLOEXEC | O_NONBLOCK) != 0)
        return -1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

static void signals_done(void)
{
    signal(SIGWINCH, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    for (int i = 0; i < 2; i++)
        if (SIGNAL_PIPE[i] >= 0)
            close(SIGNAL_PIPE[i]);
    SIGNAL_PIPE[0] = SIGNAL_PIPE[1] = -1;
}

static void resize(struct app *a)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
        ws.ws_col > 0)
        resize_term(ws.ws_row, ws.ws_col);
    getmaxyx(stdscr, a->rows, a->cols);
    chrome_place(a);
    for (int t = 0; t < TAB_COUNT; t++)
        if (a->tabs[t] && a->tabs[t]->win)
            place_pane(a, a->tabs[t]);
    for (int i = 0; i < a->depth; i++) {
        struct pane *p = a->stack[i];
        if (!is_tab(a, p))
            place_pane(a, p);
    }
    clearok(curscr, TRUE);
    a->chrome_dirty = true;
}

static void on_signals(struct app *a)
{
    unsigned char sigs[32];
    ssize_t n;
    bool winch = false;
    while ((n = read(SIGNAL_PIPE[0], sigs, sizeof sigs)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (sigs[i] == SIGWINCH)
                winch = true;
            else
                a->quit = true;
        }
    }
    if (winch)
        resize(a);
}

/* ---- drawing ---------------------------------------------------------- */

/* Draws what is dirty and sends the difference to the terminal. */
static void render(struct app *a)
{
    int64_t now = time_mono_ms();
    if (a->message && now >= a->message_until) {
        free(a->message);
        a->message = NULL;
        a->chrome_dirty = true;
    }
    for (int i = 0; i < a->depth; i++) {
        struct pane *p = a->stack[i];
        if (p->dirty && p->win) {
            p->cursor_y = p->cursor_x = -1;
            p->cursor_shown = false;
            p->ops->draw(p, a);
            p->dirty = 0;
            /* No wnoutrefresh here: update_panels() copies the touched
             * windows in stacking order, so a pane redrawn under an
             * overlay (an answer arriving late) never covers it. */
        }
    }
    /* The panels first (stdscr among them, blank after a resize), then
     * the chrome over the rows they leave free. */
    update_panels();
    if (a->chrome_dirty) {
        chrome_draw(a, foreground(a) ? op_describe(foreground(a)->kind)
                                     : NULL,
                    a->requests != NULL);
        a->chrome_dirty = false;
    }
    /* The hardware cursor goes where the top pane wants it: its window is
     * refreshed last, so doupdate leaves the cursor there. */
    struct pane *top = app_top(a);
    if (top && top->win && top->cursor_y >= 0) {
        curs_set(top->cursor_shown ? 1 : 0);
        wmove(top->win, top->cursor_y, top->cursor_x);
        wnoutrefresh(top->win);
    } else {
        curs_set(0);
    }
    doupdate();
    /* After the frame (doupdate has flushed it), never inside one. */
    if (a->clipboard) {
        clipboard_write(STDOUT_FILENO, a->clipboard, strlen(a->clipboard));
        free(a->clipboard);
        a->clipboard = NULL;
    }
}

/* ---- the loop --------------------------------------------------------- */

static int next_timeout(struct app *a, int64_t now)
{
    int64_t due = now + 60000;
    if (a->requests) {
        if (a->spinner_due < due)
            due = a->spinner_due;
    }
    if (a->message && a->message_until < due)
        due = a->message_until;
    for (int i = 0; i < a->depth; i++)
        if (a->stack[i]->due_ms > 0 && a->stack[i]->due_ms < due)
            due = a->stack[i]->due_ms;
    for (int t = 0; t < TAB_COUNT; t++)
        if (a->tabs[t] && a->tabs[t]->due_ms > 0 && a->tabs[t]->due_ms < due)
            due = a->tabs[t]->due_ms;
    /* The status line's clocks ("token 59m", the data's age). */
    if (a->clock_due < due)
        due = a->clock_due;
    int64_t on = online_due(a);
    if (on > 0 && on < due)
        due = on;
    return due <= now ? 0 : (int)(due - now);
}

#define CLOCK_MS 15000 /* the status line's minutes stay right */

static void run_timers(struct app *a)
{
    int64_t now = time_mono_ms();
    if (now >= a->clock_due) {
        a->clock_due = now + CLOCK_MS;
        a->chrome_dirty = true;
        online_clock(a);
    }
    online_tick(a, now);
    if (a->requests && now >= a->spinner_due) {
        a->spinner++;
        a->spinner_due = now + SPINNER_MS;
        chrome_spinner(a);
    }
    /* Tabs keep their timers while hidden (polling PENDING orders). */
    for (int t = 0; t < TAB_COUNT; t++) {
        struct pane *p = a->tabs[t];
        if (p && p->due_ms > 0 && now >= p->due_ms && p->ops->tick) {
            p->due_ms = 0;
            p->ops->tick(p, a, now);
        }
    }
    for (int i = 0; i < a->depth; i++) {
        struct pane *p = a->stack[i];
        if (!is_tab(a, p) && p->due_ms > 0 && now >= p->due_ms &&
            p->ops->tick) {
            p->due_ms = 0;
            p->ops->tick(p, a, now);
        }
    }
}

static void loop(struct app *a)
{
    while (!a->quit) {
        reap_closed(a);
        render(a);
        int64_t now = time_mono_ms();
        struct pollfd fds[3] = {
            {.fd = STDIN_FILENO, .events = POLLIN},
            {.fd = api_async_fd(a->api), .events = POLLIN},
            {.fd = SIGNAL_PIPE[0], .events = POLLIN},
        };
        int n = poll(fds, 3, next_timeout(a, now));
        if (n < 0 && errno != EINTR)
            break;
        if (fds[2].revents & POLLIN)
            on_signals(a);
        if (fds[1].revents & POLLIN) {
            api_async_dispatch(a->api);
            reap_closed(a);
        }
        if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
            a->quit = true; /* the terminal went away */
            break;
        }
        if (fds[0].revents & POLLIN) {
            int key;
            while (!a->quit && (key = read_key()) != 0) {
                if (key == UI_FN(KEY_RESIZE)) {
                    resize(a);
                    continue;
                }
                if (key == UI_FN(KEY_MOUSE)) {
                    struct ui_mouse evs[MOUSE_EVENTS_MAX];
                    int nev = a->mouse ? mouse_read(a, evs) : 0;
                    for (int i = 0; i < nev && !a->quit; i++) {
                        mouse_route(a, &evs[i]);
                        reap_closed(a);
                    }
                    continue;
                }
                on_key(a, key);
                reap_closed(a);
            }
        }
        run_timers(a);
    }
}

/* ---- themes ----------------------------------------------------------- */

void app_restyle(struct app *a)
{
    theme_init();
    clearok(curscr, TRUE);
    a->chrome_dirty = true;
    for (int i = 0; i < a->depth; i++)
        a->stack[i]->dirty |= DIRTY_ALL;
    for (int t = 0; t < TAB_COUNT; t++)
        if (a->tabs[t])
            a->tabs[t]->dirty |= DIRTY_ALL;
}

/* A theme problem in one footer line: the first problem (file and line),
 * then what happens instead. */
static void theme_message(struct app *a, const char *err, const char *then)
{
    char *first = xstrndup(err, strcspn(err, "\n"));
    const char *shown = first;
    /* Too long for the line: the file without its directory (stderr has
     * the whole path), then the problem cut, never what happens instead. */
    const char *ext = strstr(first, ".theme:");
    if (text_width(first) + 2 + text_width(then) > a->cols - 2 && ext) {
        const char *base = ext;
        while (base > first && base[-1] != '/')
            base--;
        shown = base;
    }
    int room = a->cols - 4 - text_width(then);
    char *cut = text_cut(shown, room > 20 ? room : 20);
    app_message(a, ROLE_ERROR, "%s; %s", cut, then);
    free(cut);
    free(first);
}

/* The last line of text, without its newline, into out. */
static void last_line(const char *text, char *out, size_t size)
{
    const char *end = text + strlen(text);
    while (end > text && end[-1] == '\n')
        end--;
    const char *start = end;
    while (start > text && start[-1] != '\n')
        start--;
    snprintf(out, size, "%.*s", (int)(end - start), start);
}

int app_theme(struct app *a, const char *name)
{
    char *err = NULL;
    if (theme_load(name, &err) != 0) {
        char then[96];
        snprintf(then, sizeof then, "the %s theme stays",
                 theme_current_name());
        theme_message(a, err, then);
        free(err);
        return -1;
    }
    app_restyle(a);
    app_message(a, ROLE_OK, "Theme: %s.", theme_current_name());
    return 0;
}

static void whoami_done(struct app *a, struct op *o);

/* The first screen: a remembered session skips the sign-in. */
static void boot_arrived(struct pane *p, struct app *a, struct op *o)
{
    (void)p;
    whoami_done(a, o);
}

static void whoami_done(struct app *a, struct op *o)
{
    if (!o->cancelled && o->res.rc == API_OK && o->user.email)
        app_signed_in(a, &o->user);
    else
        app_show_signin(a, NULL);
    op_free(o);
}

int app_run(struct client_config *cfg, bool demo, const char *email,
            const char *password)
{
    struct app a;
    memset(&a, 0, sizeof a);
    a.cfg = cfg;
    a.demo = demo;
    a.prefill_email = email;
    a.prefill_password = password;
    a.exit_code = 0;
    a.spinner_x = -1;
    cfg->offline_ok = true; /* a screen shows cached data, marked */
    chrome_api_host(cfg->api_url, a.api_host, sizeof a.api_host);
    char *err = NULL, *theme_err = NULL;
    if (theme_startup(cfg->theme, &theme_err) != 0)
        /* Before the screen starts, where a person still sees it (and
         * in the footer once the screen is up). */
        sanitize_print_lines(stderr, "inventui: theme: ", theme_err);
    actions_set_readonly(cfg->readonly);
    a.api = api_async_new(cfg, on_done, &a, &err);
    if (!a.api) {
        fprintf(stderr, "inventui: %s\n", err ? err : "cannot start");
        free(err);
        free(theme_err);
        return 1;
    }
    if (signals_init() != 0 || screen_start() != 0) {
        fprintf(stderr, "inventui: cannot set up the terminal\n");
        signals_done();
        api_async_free(a.api);
        free(theme_err);
        return 1;
    }
    actions_init();
    if (cfg->mouse) {
        mouse_start();
        a.mouse = true;
    }
    struct cmd_history history = {0};
    a.cmd_history = &history;
    getmaxyx(stdscr, a.rows, a.cols);
    chrome_place(&a);
    a.chrome_dirty = true;
    if (theme_err) {
        char then[96];
        last_line(theme_err, then, sizeof then);
        theme_message(&a, theme_err, then);
    }
    free(theme_err);
    app_push(&a, boot_pane_new(&a, boot_arrived));
    loop(&a);

    clear_stack(&a);
    for (int t = 0; t < TAB_COUNT; t++)
        bury(&a, a.tabs[t]);
    reap_dead(&a);
    chrome_free(&a);
    screen_stop();
    signals_done();
    api_async_free(a.api);
    while (a.requests) {
        struct app_request *r = a.requests;
        a.requests = r->next;
        free(r);
    }
    signin_user_free(&a.user);
    free(a.message);
    free(a.clipboard);
    cmd_history_free(&history);
    return a.exit_code;
}

void app_confirm(struct app *a, struct pane *asker, const char *question,
                 void (*yes)(struct pane *asker, struct app *a, void *arg),
                 void *arg)
{
    app_push(a, confirm_pane_new(asker, question, yes, arg));
}
