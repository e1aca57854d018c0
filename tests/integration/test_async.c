/* api_async and ops against a real `inventui serve`: sign in and a page
 * of products handed back through the fd and api_async_dispatch(), FIFO
 * order, writes (a create run twice creates once), a queued op cancelled
 * while the server hangs (SIGSTOP) and the one before it still answered,
 * a cancelled read never answered from the offline cache, a running op
 * against a port that never answers cancelled within a second, freeing
 * the queue with work in flight (no done call; SANITIZE=1 checks leaks),
 * sign-out; and the http client keeping its connection between requests. */
#include <check.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client/api_async.h"
#include "client/http.h"
#include "client/session.h"
#include "common/timeutil.h"
#include "integration/suites.h"
#include "support/api_fixture.h"
#include "support/fakeapi.h"
#include "support/stall.h"
#include "support/testsrv.h"

static struct testsrv srv;
static struct client_config cfg;
static char *admin_token;
static const char PW[] = "Passw0rdX";
static const char ADMIN[] = "ops@example.com";

static void use_api(const char *base)
{
    client_config_defaults(&cfg);
    snprintf(cfg.api_url, sizeof cfg.api_url, "%s", base);
}

static void up(void)
{
    testsrv_start(&srv, NULL);
    char dir[400];
    snprintf(dir, sizeof dir, "%s/xdg-cache", srv.dir);
    setenv("XDG_CACHE_HOME", dir, 1);
    snprintf(dir, sizeof dir, "%s/xdg-config", srv.dir);
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
    unsetenv("INVENTUI_REFRESH_MARGIN");
    use_api(srv.base);
    admin_token = testsrv_user_token(&srv, ADMIN, PW, "admin");
}

static void down(void)
{
    free(admin_token);
    admin_token = NULL;
    testsrv_stop(&srv);
}

/* What came back, in the order done was called. */
struct got {
    struct op *ops[32];
    void *users[32];
    int n;
};

static void on_done(void *ctx, struct op *o, void *user)
{
    struct got *g = ctx;
    ck_assert_int_lt(g->n, 32);
    g->ops[g->n] = o;
    g->users[g->n++] = user;
}

static void got_free(struct got *g)
{
    for (int i = 0; i < g->n; i++)
        op_free(g->ops[i]);
    g->n = 0;
}

/* Polls the fd and dispatches until n ops are back; fails after ms. */
static void wait_for(struct api_async *q, struct got *g, int n, int ms)
{
    int64_t end = time_mono_ms() + ms;
    while (g->n < n) {
        int64_t left = end - time_mono_ms();
        ck_assert_msg(left > 0, "%d of %d ops back after %d ms", g->n, n, ms);
        struct pollfd p = {api_async_fd(q), POLLIN, 0};
        if (poll(&p, 1, (int)left) > 0)
            api_async_dispatch(q);
    }
}

/* Cancels id and dispatches what the fd brings within a second; the ms
 * that took, or -1 when nothing came. */
static int64_t cancel_and_wait(struct api_async *q, unsigned long id)
{
    int64_t t0 = time_mono_ms();
    api_async_cancel(q, id);
    struct pollfd p = {api_async_fd(q), POLLIN, 0};
    int ready = poll(&p, 1, 1000);
    int64_t took = time_mono_ms() - t0;
    if (ready <= 0)
        return -1;
    api_async_dispatch(q);
    return took;
}

static struct api_async *queue_new(struct got *g)
{
    char *err = NULL;
    struct api_async *q = api_async_new(&cfg, on_done, g, &err);
    ck_assert_msg(q != NULL, "api_async_new: %s", err ? err : "");
    return q;
}

static struct op *sign_in_op(const char *email, const char *password)
{
    struct op *o = op_new(OP_SIGN_IN);
    o->email = strdup(email);
    o->password = strdup(password);
    return o;
}

static void sign_in(struct api_async *q, struct got *g)
{
    api_async_submit(q, sign_in_op(ADMIN, PW), NULL);
    wait_for(q, g, g->n + 1, 60000);
    struct op *o = g->ops[g->n - 1];
    ck_assert_msg(o->signin_rc == SIGNIN_OK, "sign-in: %s",
                  o->res.message ? o->res.message : "");
}

static void seed(int n)
{
    for (int i = 0; i < n; i++) {
        char name[32], sku[32];
        snprintf(name, sizeof name, "Async Item %d", i);
        snprintf(sku, sizeof sku, "ASY-%d", i);
        free(api_create_product(&srv, admin_token, name, sku, "books", 5 + i));
    }
}

START_TEST(sign_in_and_a_page_come_back_through_the_fd)
{
    seed(3);
    struct got g = {0};
    struct api_async *q = queue_new(&g);
    ck_assert_int_ge(api_async_fd(q), 0);
    /* Nothing finished yet: the fd is not readable. */
    struct pollfd p = {api_async_fd(q), POLLIN, 0};
    ck_assert_int_eq(poll(&p, 1, 0), 0);

    int tag = 7;
    unsigned long id1 = api_async_submit(q, sign_in_op(ADMIN, PW), NULL);
    struct op *list = op_new(OP_PRODUCTS_LIST);
    list->category = strdup("books");
    unsigned long id2 = api_async_submit(q, list, &tag);
    ck_assert_uint_gt(id1, 0);
    ck_assert_uint_gt(id2, id1);
    wait_for(q, &g, 2, 60000);
    ck_assert_int_eq(api_async_in_flight(q), 0);

    struct op *in = g.ops[0];
    ck_assert_int_eq(in->kind, OP_SIGN_IN);
    ck_assert_int_eq(in->signin_rc, SIGNIN_OK);
    ck_assert_int_eq(in->res.rc, API_OK);
    ck_assert_str_eq(in->user.email, ADMIN);
    ck_assert(in->user.admin);
    int64_t now = (int64_t)time(NULL);
    ck_assert_int_gt(in->token_exp, now + 60);
    ck_assert(!in->cancelled);

    struct op *o = g.ops[1];
    ck_assert_ptr_eq(g.users[1], &tag);
    ck_assert_msg(o->res.rc == API_OK, "%s", o->res.message);
    ck_assert_uint_eq(o->products.count, 3);
    ck_assert_str_eq(o->products.items[0].category, "books");
    ck_assert_int_eq(o->token_exp, in->token_exp);
    ck_assert_int_eq(o->res.cached_at, 0);

    /* Who is signed in, from the saved session. */
    api_async_submit(q, op_new(OP_WHOAMI), NULL);
    wait_for(q, &g, 3, 60000);
    ck_assert_int_eq(g.ops[2]->res.rc, API_OK);
    ck_assert_str_eq(g.ops[2]->user.email, ADMIN);
    got_free(&g);
    api_async_free(q);
}
END_TEST

START_TEST(ops_finish_in_the_order_they_were_submitted)
{
    seed(2);
    struct got g = {0};
    struct api_async *q = queue_new(&g);
    sign_in(q, &g);
    got_free(&g);
    static const enum op_kind kinds[] = {
        OP_PRODUCTS_LIST, OP_QUEUES, OP_ORDERS_LIST, OP_DLQ_LIST,
        OP_WHOAMI, OP_PRODUCTS_LIST, OP_PRODUCT_GET, OP_QUEUES,
    };
    enum { N = sizeof kinds / sizeof *kinds };
    unsigned long ids[N];
    static int tags[N];
    for (int i = 0; i < N; i++) {
        struct op *o = op_new(kinds[i]);
        if (kinds[i] == OP_PRODUCT_GET)
            o->id = strdup("00000000-0000-4000-8000-000000000000");
        ids[i] = api_async_submit(q, o, &tags[i]);
        if (i > 0)
            ck_assert_uint_gt(ids[i], ids[i - 1]);
    }
    ck_assert_int_ge(api_async_in_flight(q), 1);
    wait_for(q, &g, N, 60000);
    for (int i = 0; i < N; i++) {
        ck_assert_ptr_eq(g.users[i], &tags[i]);
        ck_assert_int_eq(g.ops[i]->kind, kinds[i]);
    }
    ck_assert_int_eq(g.ops[0]->res.rc, API_OK);
    ck_assert_int_eq(g.ops[1]->res.rc, API_OK); /* admin: queue counts */
    ck_assert_int_eq(g.ops[3]->res.rc, API_OK);
    ck_assert_int_eq(g.ops[6]->res.rc, API_REFUSED);
    ck_assert_int_eq(g.ops[6]->res.status, 404);
    got_free(&g);
    api_async_free(q);
}
END_TEST

START_TEST(writes_and_a_create_run_twice_creates_once)
{
    struct got g = {0};
    struct api_async *q = queue_new(&g);
    sign_in(q, &g);
    got_free(&g);

    struct op *c = op_new(OP_PRODUCT_CREATE);
    ck_assert_ptr_nonnull(c->idempotency_key);
    c->product_in.name = strdup("Async Lamp");
    c->product_in.description = strdup("A lamp made by the async tests");
    c->product_in.category = strdup("home");
    c->product_in.sku = strdup("ASY-LAMP");
    c->product_in.price = 1999;
    c->product_in.quantity = 12;
    api_async_submit(q, c, NULL);
    wait_for(q, &g, 1, 60000);
    c = g.ops[0];
    ck_assert_msg(c->res.rc == API_OK, "%s", c->res.message);
    ck_assert_str_eq(c->product.name, "Async Lamp");
    ck_assert_ptr_null(c->product.image_url);
    char id[64];
    snprintf(id, sizeof id, "%s", c->product.id);
    /* The same op again (the person's retry): the same product. */
    g.n = 0;
    api_async_submit(q, c, NULL);
    wait_for(q, &g, 1, 60000);
    ck_assert_ptr_eq(g.ops[0], c);
    ck_assert_int_eq(c->res.rc, API_OK);
    ck_assert_str_eq(c->product.id, id);
    op_free(c);
    g.n = 0;

    struct op *u = op_new(OP_PRODUCT_UPDATE);
    u->id = strdup(id);
    u->product_in.fields = PRODUCT_F_PRICE;
    u->product_in.price = 2500;
    api_async_submit(q, u, NULL);
    struct op *order = op_new(OP_ORDER_CREATE);
    order->product_id = strdup(id);
    order->quantity = 2;
    api_async_submit(q, order, NULL);
    wait_for(q, &g, 2, 60000);
    ck_assert_msg(g.ops[0]->res.rc == API_OK, "%s", g.ops[0]->res.message);
    ck_assert_int_eq(g.ops[0]->product.price, 2500);
    ck_assert_str_eq(g.ops[0]->product.name, "Async Lamp");
    ck_assert_msg(g.ops[1]->res.rc == API_OK, "%s", g.ops[1]->res.message);
    ck_assert_int_eq(g.ops[1]->order.total_amount, 5000);
    char oid[64];
    snprintf(oid, sizeof oid, "%s", g.ops[1]->order.id);
    got_free(&g);

    struct op *x = op_new(OP_ORDER_CANCEL);
    x->id = strdup(oid);
    api_async_submit(q, x, NULL);
    struct op *d = op_new(OP_PRODUCT_DELETE);
    d->id = strdup(id);
    api_async_submit(q, d, NULL);
    struct op *gone = op_new(OP_PRODUCT_GET);
    gone->id = strdup(id);
    api_async_submit(q, gone, NULL);
    wait_for(q, &g, 3, 60000);
    ck_assert_int_eq(g.ops[0]->res.rc, API_OK);
    ck_assert_str_eq(g.ops[0]->order.status, "CANCELLED");
    ck_assert_int_eq(g.ops[1]->res.rc, API_OK);
    ck_assert_int_eq(g.ops[2]->res.rc, API_REFUSED);
    ck_assert_int_eq(g.ops[2]->res.status, 404);
    got_free(&g);
    api_async_free(q);
}
END_TEST

START_TEST(a_queued_op_cancelled_while_the_server_hangs)
{
    seed(1);
    struct got g = {0};
    struct api_async *q = queue_new(&g);
    sign_in(q, &g);
    got_free(&g);

    testsrv_freeze(&srv);
    int first = 1, second = 2;
    api_async_submit(q, op_new(OP_PRODUCTS_LIST), &first);
    unsigned long id = api_async_submit(q, op_new(OP_QUEUES), &second);
    ck_assert_int_eq(api_async_in_flight(q), 2);
    int64_t took = cancel_and_wait(q, id);
    int n_before_cont = g.n;
    int in_flight = api_async_in_flight(q);
    ck_assert_int_eq(kill(srv.pid, SIGCONT), 0);
    ck_assert_msg(took >= 0, "nothing came back within a second");
    ck_assert_int_eq(n_before_cont, 1);
    ck_assert_int_eq(in_flight, 1);
    struct op *o = g.ops[0];
    ck_assert_ptr_eq(g.users[0], &second);
    ck_assert(o->cancelled);
    ck_assert_int_eq(o->res.rc, API_UNREACHABLE);
    ck_assert_str_eq(o->res.message, "cancelled");

    /* The one the server held answers once it runs again. */
    wait_for(q, &g, 2, 60000);
    ck_assert_ptr_eq(g.users[1], &first);
    ck_assert(!g.ops[1]->cancelled);
    ck_assert_msg(g.ops[1]->res.rc == API_OK, "%s", g.ops[1]->res.message);
    ck_assert_uint_eq(g.ops[1]->products.count, 1);
    /* Cancelling what was dispatched already is ignored. */
    api_async_cancel(q, id);
    ck_assert_int_eq(api_async_in_flight(q), 0);
    got_free(&g);
    api_async_free(q);
}
END_TEST

START_TEST(a_cancelled_read_is_not_answered_from_the_cache)
{
    seed(2);
    cfg.offline_ok = true;
    struct got g = {0};
    struct api_async *q = queue_new(&g);
    sign_in(q, &g);
    api_async_submit(q, op_new(OP_PRODUCTS_LIST), NULL);
    wait_for(q, &g, 2, 60000);
    ck_assert_int_eq(g.ops[1]->res.rc, API_OK); /* now in the cache */
    got_free(&g);

    testsrv_freeze(&srv);
    unsigned long id = api_async_submit(q, op_new(OP_PRODUCTS_LIST), NULL);
    usleep(200 * 1000); /* running: its request waits for the server */
    int in_flight = api_async_in_flight(q);
    int64_t took = cancel_and_wait(q, id);
    ck_assert_int_eq(kill(srv.pid, SIGCONT), 0);
    ck_assert_int_eq(in_flight, 1);
    ck_assert_msg(took >= 0, "nothing came back within a second");
    ck_assert_int_eq(g.n, 1);
    struct op *o = g.ops[0];
    ck_assert(o->cancelled);
    ck_assert_int_eq(o->res.rc, API_UNREACHABLE);
    ck_assert_str_eq(o->res.message, "cancelled");
    ck_assert_int_eq(o->res.cached_at, 0);
    ck_assert_uint_eq(o->products.count, 0);
    got_free(&g);

    /* The worker goes on: the next op is answered. */
    api_async_submit(q, op_new(OP_PRODUCTS_LIST), NULL);
    wait_for(q, &g, 1, 60000);
    ck_assert_int_eq(g.ops[0]->res.rc, API_OK);
    ck_assert(!g.ops[0]->cancelled);
    ck_assert_uint_eq(g.ops[0]->products.count, 2);
    got_free(&g);
    api_async_free(q);
}
END_TEST

START_TEST(a_running_op_against_a_port_that_never_answers)
{
    struct stall st;
    stall_start(&st);
    use_api(st.base);
    fakeapi_session(st.base); /* signed in: the request itself hangs */
    struct got g = {0};
    struct api_async *q = queue_new(&g);
    unsigned long id = api_async_submit(q, op_new(OP_PRODUCTS_LIST), NULL);
    usleep(200 * 1000);
    ck_assert_int_eq(api_async_in_flight(q), 1);
    struct pollfd p = {api_async_fd(q), POLLIN, 0};
    ck_assert_int_eq(poll(&p, 1, 0), 0); /* still waiting for an answer */
    ck_assert_msg(cancel_and_wait(q, id) >= 0,
                  "nothing came back within a second");
    ck_assert_int_eq(g.n, 1);
    ck_assert(g.ops[0]->cancelled);
    ck_assert_int_eq(g.ops[0]->res.rc, API_UNREACHABLE);
    ck_assert_str_eq(g.ops[0]->res.message, "cancelled");
    ck_assert_int_eq(api_async_in_flight(q), 0);
    got_free(&g);
    api_async_free(q);
    stall_stop(&st);
}
END_TEST

/* Without Esc, an op against a port that never answers still ends: the
 * worker gives each op [api] timeout in all, retries included. */
START_TEST(an_op_that_gets_no_answer_ends_at_the_timeout)
{
    struct stall st;
    stall_start(&st);
    use_api(st.base);
    cfg.timeout = 2;
    fakeapi_session(st.base);
    struct got g = {0};
    struct api_async *q = queue_new(&g);
    int64_t t0 = time_mono_ms();
    api_async_submit(q, op_new(OP_PRODUCTS_LIST), NULL);
    api_async_submit(q, op_new(OP_ORDERS_LIST), NULL);
    wait_for(q, &g, 2, 8000);
    int64_t took = time_mono_ms() - t0;
    /* Each op its own two seconds: the second is not starved by the
     * first, and neither takes four attempts of two. */
    ck_assert_msg(took >= 3800 && took < 6000, "took %lld ms", (long long)took);
    for (int i = 0; i < 2; i++) {
        ck_assert(!g.ops[i]->cancelled);
        ck_assert_int_eq(g.ops[i]->res.rc, API_UNREACHABLE);
        ck_assert(g.ops[i]->res.timed_out);
        ck_assert_msg(strstr(g.ops[i]->res.message, "within 2 s") != NULL,
                      "%s", g.ops[i]->res.message);
    }
    got_free(&g);
    api_async_free(q);
    stall_stop(&st);
}
END_TEST

/* Submits op to a fresh queue on cfg, cancels it once it has run 200 ms
 * and checks it came back cancelled within a second. */
static void cancel_running(struct op *op, enum signin_rc want)
{
    struct got g = {0};
    struct api_async *q = queue_new(&g);
    unsigned long id = api_async_submit(q, op, NULL);
    usleep(200 * 1000);
    ck_assert_int_eq(api_async_in_flight(q), 1);
    ck_assert_msg(cancel_and_wait(q, id) >= 0,
                  "nothing came back within a second");
    ck_assert_int_eq(g.n, 1);
    struct op *o = g.ops[0];
    ck_assert(o->cancelled);
    ck_assert_int_eq(o->res.rc, API_UNREACHABLE);
    ck_assert_int_eq(o->signin_rc, want);
    ck_assert_ptr_nonnull(strstr(o->res.message, "cancelled"));
    got_free(&g);
    api_async_free(q);
}

START_TEST(sign_in_and_renewal_stop_on_cancel_too)
{
    struct stall st;
    stall_start(&st);
    /* The API hangs: GET /config, where the pool is, never answers. */
    use_api(st.base);
    cancel_running(sign_in_op(ADMIN, PW), SIGNIN_UNREACHABLE);
    /* The pool hangs (the config names it, so no GET /config). */
    use_api(srv.base);
    snprintf(cfg.cognito_endpoint, sizeof cfg.cognito_endpoint, "%s/",
             st.base);
    snprintf(cfg.client_id, sizeof cfg.client_id, "%s", srv.client_id);
    cancel_running(sign_in_op(ADMIN, PW), SIGNIN_UNREACHABLE);

    /* A session due for renewal at a pool that hangs: the op waits on
     * REFRESH_TOKEN_AUTH, and a cancel stops that too. */
    use_api(srv.base);
    fakeapi_session(srv.base);
    char *dir = session_dir(NULL);
    char *path = session_path(dir, srv.base);
    struct session sess;
    char *err = NULL;
    ck_assert_int_eq(session_load(path, &sess, &err), SESSION_OK);
    free(sess.endpoint);
    sess.endpoint = strdup(st.base);
    ck_assert_int_eq(session_save(path, &sess, &err), 0);
    session_free(&sess);
    setenv("INVENTUI_REFRESH_MARGIN", "86400", 1);
    cancel_running(op_new(OP_PRODUCTS_LIST), SIGNIN_OK);
    unsetenv("INVENTUI_REFRESH_MARGIN");
    free(path);
    free(dir);
    stall_stop(&st);
}
END_TEST

START_TEST(free_with_work_in_flight)
{
    struct stall st;
    stall_start(&st);
    use_api(st.base);
    fakeapi_session(st.base);
    struct got g = {0};
    struct api_async *q = queue_new(&g);
    api_async_submit(q, op_new(OP_PRODUCTS_LIST), NULL);
    struct op *c = op_new(OP_PRODUCT_CREATE);
    c->product_in.name = strdup("Never Sent");
    c->password = strdup("not a real field for this op, wiped anyway");
    api_async_submit(q, c, NULL);
    api_async_submit(q, op_new(OP_QUEUES), NULL);
    usleep(200 * 1000);
    ck_assert_int_eq(api_async_in_flight(q), 3);
    int64_t t0 = time_mono_ms();
    api_async_free(q);
    int64_t took = time_mono_ms() - t0;
    ck_assert_msg(took < 1000, "took %lld ms", (long long)took);
    ck_assert_int_eq(g.n, 0); /* done never called */

    /* And with finished ops nobody dispatched. */
    q = queue_new(&g);
    unsigned long id = api_async_submit(q, op_new(OP_PRODUCTS_LIST), NULL);
    api_async_submit(q, op_new(OP_WHOAMI), NULL);
    api_async_cancel(q, id);
    struct pollfd p = {api_async_fd(q), POLLIN, 0};
    ck_assert_int_eq(poll(&p, 1, 5000), 1);
    api_async_free(q);
    ck_assert_int_eq(g.n, 0);
    stall_stop(&st);
}
END_TEST

START_TEST(sign_out_then_nobody_is_signed_in)
{
    struct got g = {0};
    struct api_async *q = queue_new(&g);
    sign_in(q, &g);
    api_async_submit(q, op_new(OP_SIGN_OUT), NULL);
    api_async_submit(q, op_new(OP_WHOAMI), NULL);
    api_async_submit(q, op_new(OP_PRODUCTS_LIST), NULL);
    wait_for(q, &g, 4, 60000);
    ck_assert_int_eq(g.ops[1]->res.rc, API_OK);
    ck_assert_ptr_null(g.ops[1]->warning);
    ck_assert_int_eq(g.ops[1]->token_exp, 0);
    ck_assert_int_eq(g.ops[2]->res.rc, API_UNAUTH);
    ck_assert_int_eq(g.ops[3]->res.rc, API_UNAUTH);
    ck_assert_int_eq(g.ops[3]->token_exp, 0);
    /* A wrong password is a sentence, not a session. */
    api_async_submit(q, sign_in_op(ADMIN, "Wr0ngPassword"), NULL);
    wait_for(q, &g, 5, 60000);
    ck_assert_int_eq(g.ops[4]->signin_rc, SIGNIN_REFUSED);
    ck_assert_int_eq(g.ops[4]->res.rc, API_REFUSED);
    ck_assert_ptr_nonnull(strstr(g.ops[4]->res.message, "wrong email or password"));
    ck_assert_int_eq(g.ops[4]->token_exp, 0);
    got_free(&g);
    api_async_free(q);
}
END_TEST

START_TEST(a_kept_client_reuses_its_connection)
{
    char url[128];
    snprintf(url, sizeof url, "%s/health", srv.base);
    struct http_request rq = {.method = "GET", .url = url};
    struct http_client *c = http_client_new();
    struct http_response r;
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(http_client_fetch(c, &rq, &r), 0);
        ck_assert_int_eq(r.status, 200);
        ck_assert_int_eq(r.connects, i == 0 ? 1 : 0);
        http_response_free(&r);
    }
    http_client_free(c);
    for (int i = 0; i < 2; i++) { /* a client of its own each time */
        ck_assert_int_eq(http_fetch(&rq, &r), 0);
        ck_assert_int_eq(r.connects, 1);
        http_response_free(&r);
    }
}
END_TEST

Suite *suite_async(void)
{
    Suite *s = suite_create("async");
    TCase *tc = tcase_create("async");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sign_in_and_a_page_come_back_through_the_fd);
    tcase_add_test(tc, ops_finish_in_the_order_they_were_submitted);
    tcase_add_test(tc, writes_and_a_create_run_twice_creates_once);
    tcase_add_test(tc, a_queued_op_cancelled_while_the_server_hangs);
    tcase_add_test(tc, a_cancelled_read_is_not_answered_from_the_cache);
    tcase_add_test(tc, a_running_op_against_a_port_that_never_answers);
    tcase_add_test(tc, an_op_that_gets_no_answer_ends_at_the_timeout);
    tcase_add_test(tc, sign_in_and_renewal_stop_on_cancel_too);
    tcase_add_test(tc, free_with_work_in_flight);
    tcase_add_test(tc, sign_out_then_nobody_is_signed_in);
    tcase_add_test(tc, a_kept_client_reuses_its_connection);
    suite_add_tcase(s, tc);
    return s;
}
