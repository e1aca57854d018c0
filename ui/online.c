/* online — OFFLINE, the probe with its backoff, ONLINE again, writes
 * refused while offline, and the background refresh (see online.h). */
#include "ui/online.h"

#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/timeutil.h"
#include "ui/app.h"

/* The writes a person makes on data (the sign-in family's are not
 * refused: signing out works offline, signing in tells by itself). */
static bool data_write(enum op_kind k)
{
    switch (k) {
    case OP_PRODUCT_CREATE:
    case OP_PRODUCT_UPDATE:
    case OP_PRODUCT_DELETE:
    case OP_ORDER_CREATE:
    case OP_ORDER_CANCEL:
    case OP_DLQ_REDRIVE:
    case OP_DLQ_REDRIVE_ALL:
    case OP_DLQ_DELETE:
        return true;
    default:
        return false;
    }
}

/* The pane a person sees data in: the top one, or the one under an
 * overlay (help, a question, a choice); NULL when a full-size pane with
 * nothing fetched (a form) covers everything. */
static struct pane *visible_pane(struct app *a)
{
    for (int i = a->depth - 1; i >= 0; i--) {
        struct pane *p = a->stack[i];
        if (p->closing)
            continue;
        if (p->ops->refetch)
            return p;
        if (!p->ops->place)
            return NULL;
    }
    return NULL;
}

static void all_dirty(struct app *a)
{
    for (int i = 0; i < a->depth; i++)
        a->stack[i]->dirty |= DIRTY_ALL;
    a->chrome_dirty = true;
}

static void refresh_later(struct app *a)
{
    long long s = a->cfg->refresh_seconds;
    a->refresh_due = s > 0 ? time_mono_ms() + s * 1000 : 0;
}

/* The probe goes out at the next turn of the loop (unless one is on its
 * way already). */
static void probe_soon(struct app *a)
{
    if (a->offline_since_ms && !a->probe_req)
        a->probe_due = time_mono_ms();
}

static void went_offline(struct app *a, int64_t cached_at)
{
    if (cached_at > 0)
        a->cached_at_ms = cached_at;
    if (a->offline_since_ms)
        return;
    a->offline_since_ms = time_now_ms();
    a->probe_due = time_mono_ms() + a->probe_delay;
    all_dirty(a);
}

/* The API answered: back ONLINE if it was not. p's own answer is fresh
 * already; the visible pane is fetched again now, the other tabs when
 * they are next shown. */
static void went_online(struct app *a, struct pane *p)
{
    bool was_offline = a->offline_since_ms != 0;
    a->offline_since_ms = 0;
    a->cached_at_ms = 0;
    a->probe_due = 0;
    if (!was_offline)
        return;
    if (a->probe_req) {
        app_cancel(a, a->probe_req); /* its answer says nothing new */
        a->probe_req = 0;
    }
    all_dirty(a);
    struct pane *v = visible_pane(a);
    for (int t = 0; t < TAB_COUNT; t++)
        if (a->tabs[t] && a->tabs[t] != v && a->tabs[t] != p)
            a->stale[t] = true;
    if (v && v != p)
        v->ops->refetch(v, a);
    refresh_later(a);
    app_message(a, ROLE_OK, "Back ONLINE: the API answers again.");
}

static void longer_delay(struct app *a)
{
    int64_t d = a->probe_delay * 2;
    a->probe_delay = d > ONLINE_PROBE_MAX_MS ? ONLINE_PROBE_MAX_MS : d;
}

void online_answer(struct app *a, struct pane *p, const struct op *o)
{
    bool probe = o->kind == OP_HEALTH;
    if (probe)
        a->probe_req = 0; /* one at a time: this was it */
    if (o->cancelled) {
        if (probe && a->offline_since_ms && !a->probe_due)
            a->probe_due = time_mono_ms() + a->probe_delay;
        return;
    }
    bool cached = o->res.rc == API_OK && o->res.cached_at > 0;
    switch (o->res.rc) {
    case API_OK:
    case API_REFUSED:
        if (cached) {
            went_offline(a, o->res.cached_at);
            break;
        }
        went_online(a, p);
        if (probe) {
            /* Health is not data: should the data fail again at once
             * (a 5xx behind a healthy front), the next probe waits
             * longer rather than the status flapping every second. */
            longer_delay(a);
        } else {
            a->probe_delay = ONLINE_PROBE_FIRST_MS;
            if (o->res.rc == API_OK)
                a->last_refresh_ms = time_now_ms();
        }
        break;
    case API_UNREACHABLE:
        went_offline(a, 0);
        if (probe) {
            /* Still away: the next probe waits longer. */
            longer_delay(a);
            a->probe_due = time_mono_ms() + a->probe_delay;
        }
        break;
    case API_UNAUTH:
        /* Something answered; the loop shows the sign-in screen. */
        a->offline_since_ms = 0;
        a->cached_at_ms = 0;
        a->probe_due = 0;
        break;
    }
}

bool online_refuse_op(struct app *a, struct op *o)
{
    if (!a->offline_since_ms || !data_write(o->kind))
        return false;
    api_result_free(&o->res);
    o->res.rc = API_UNREACHABLE;
    o->res.code = xstrdup(ONLINE_REFUSED_CODE);
    o->res.message = xstrdup(ONLINE_REFUSED);
    probe_soon(a);
    return true;
}

bool online_refuse_action(struct app *a, enum action act)
{
    if (!a->offline_since_ms || !(action_def(act)->flags & AF_WRITE))
        return false;
    app_message(a, ROLE_ERROR, "%s", ONLINE_REFUSED);
    probe_soon(a);
    return true;
}

void online_foreground(struct app *a)
{
    if (a->probe_req)
        app_cancel(a, a->probe_req);
}

void online_start(struct app *a)
{
    a->probe_due = 0;
    a->probe_delay = ONLINE_PROBE_FIRST_MS;
    if (a->offline_since_ms)
        a->probe_due = time_mono_ms() + a->probe_delay;
    refresh_later(a);
}

int64_t online_due(const struct app *a)
{
    if (!a->signed_in)
        return 0;
    if (a->offline_since_ms)
        return a->probe_req ? 0 : a->probe_due;
    return a->refresh_due;
}

void online_tick(struct app *a, int64_t now_ms)
{
    if (!a->signed_in)
        return;
    if (a->offline_since_ms) {
        if (a->probe_req || !a->probe_due || now_ms < a->probe_due)
            return;
        if (a->requests) {
            /* A request on its way tells as much; look again later. */
            a->probe_due = now_ms + a->probe_delay;
            return;
        }
        a->probe_due = 0;
        a->probe_req = app_submit(a, NULL, op_new(OP_HEALTH), false);
        return;
    }
    if (!a->refresh_due || now_ms < a->refresh_due)
        return;
    refresh_later(a);
    struct pane *v = visible_pane(a);
    if (v)
        v->ops->refetch(v, a);
}

void online_clock(struct app *a)
{
    if (!a->offline_since_ms)
        return;
    for (int i = 0; i < a->depth; i++)
        if (a->stack[i]->fetched_at > 0)
            a->stack[i]->dirty |= DIRTY_ALL;
}
