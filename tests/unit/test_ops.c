/* ops and api_async without the real server: what op_new makes, the
 * words and write flags, missing inputs refused before any request, the
 * product writes sending exactly what the op holds (and the op's
 * Idempotency-Key), token_exp after an op; and the done callback called
 * only inside api_async_dispatch, on the caller's thread, in FIFO order.
 * The API is a scripted fake (support/fakeapi). */
#include <check.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client/api_async.h"
#include "client/ops.h"
#include "client/session.h"
#include "common/uuid.h"
#include "support/fakeapi.h"
#include "unit/suites.h"

static char tmp[128];
static struct client_config cfg;

static void up(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/inventui-ops-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    setenv("XDG_CACHE_HOME", tmp, 1);
    setenv("XDG_CONFIG_HOME", tmp, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
    unsetenv("INVENTUI_REFRESH_MARGIN");
}

static void down(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    ck_assert_int_eq(system(cmd), 0);
    unsetenv("INVENTUI_RETRY_BASE_MS");
}

/* cfg for the fake, with a saved session valid for an hour. */
static void use_fake(const struct fakeapi *f)
{
    client_config_defaults(&cfg);
    snprintf(cfg.api_url, sizeof cfg.api_url, "%s", f->base);
    cfg.timeout = 5;
    fakeapi_session(f->base);
}

#define PRODUCT                                                             \
    "{\"success\":true,\"data\":{\"id\":"                                   \
    "\"6f1c2b7e-1111-4222-8333-444444444444\",\"name\":\"Lamp\","           \
    "\"description\":\"A lamp for the tests\",\"category\":\"home\","       \
    "\"price\":1234,\"quantity\":3,\"sku\":\"LAMP-1\"}}"

START_TEST(op_new_describe_and_write_flags)
{
    for (int k = 0; k < OP_KIND_COUNT; k++) {
        struct op *o = op_new((enum op_kind)k);
        ck_assert_int_eq(o->kind, k);
        bool create = k == OP_PRODUCT_CREATE || k == OP_ORDER_CREATE;
        if (create)
            ck_assert(uuid_is_valid(o->idempotency_key));
        else
            ck_assert_ptr_null(o->idempotency_key);
        ck_assert(!o->cancelled);
        ck_assert_int_eq(o->token_exp, 0);
        const char *d = op_describe((enum op_kind)k);
        ck_assert_ptr_nonnull(d);
        ck_assert_int_gt(strlen(d), 4);
        for (int j = 0; j < k; j++)
            ck_assert_str_ne(d, op_describe((enum op_kind)j));
        op_free(o);
    }
    struct op *a = op_new(OP_ORDER_CREATE), *b = op_new(OP_ORDER_CREATE);
    ck_assert_str_ne(a->idempotency_key, b->idempotency_key);
    op_free(a);
    op_free(b);
    op_free(NULL);
    ck_assert_str_eq(op_describe(OP_PRODUCTS_LIST), "loading products");
    ck_assert_str_eq(op_describe(OP_ORDER_CREATE), "placing the order");
    ck_assert(!op_is_write(OP_PRODUCTS_LIST));
    ck_assert(!op_is_write(OP_SIGN_IN));
    ck_assert(!op_is_write(OP_DLQ_GET));
    ck_assert(op_is_write(OP_ORDER_CREATE));
    ck_assert(op_is_write(OP_PRODUCT_DELETE));
    ck_assert(op_is_write(OP_DLQ_REDRIVE_ALL));
    ck_assert(op_is_write(OP_SIGN_OUT));
    ck_assert(!op_is_write((enum op_kind)OP_KIND_COUNT));
}
END_TEST

START_TEST(missing_inputs_are_refused_before_any_request)
{
    static const struct fake_reply r[] = {{201, PRODUCT}};
    struct fakeapi f;
    fakeapi_start(&f, r, 1);
    use_fake(&f);
    struct api a;
    char *err = NULL;
    ck_assert_int_eq(api_open(&a, &cfg, &err), 0);
    static const struct {
        enum op_kind kind;
        const char *message;
    } cases[] = {
        {OP_PRODUCT_GET, "loading the product: no id was given"},
        {OP_ORDER_CREATE, "placing the order: no product was given"},
        {OP_DLQ_DELETE, "deleting the message: no id was given"},
        {OP_SIGN_IN, "signing in: no email was given"},
        {OP_CONFIRM, "confirming the account: no email was given"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct op *o = op_new(cases[i].kind);
        op_run(&a, o);
        ck_assert_int_eq(o->res.rc, API_REFUSED);
        ck_assert_str_eq(o->res.message, cases[i].message);
        op_free(o);
    }
    struct op *o = op_new(OP_SIGN_IN);
    o->email = strdup("x@example.com");
    op_run(&a, o);
    ck_assert_str_eq(o->res.message, "signing in: no password was given");
    op_free(o);
    ck_assert_int_eq(fakeapi_count(&f), 0);
    api_close(&a);
    fakeapi_stop(&f);
}
END_TEST

START_TEST(product_writes_send_what_the_op_holds)
{
    static const struct fake_reply r[] = {{201, PRODUCT}, {200, PRODUCT},
                                          {200, PRODUCT}};
    struct fakeapi f;
    fakeapi_start(&f, r, 3);
    use_fake(&f);
    struct api a;
    char *err = NULL;
    ck_assert_int_eq(api_open(&a, &cfg, &err), 0);

    struct op *c = op_new(OP_PRODUCT_CREATE);
    c->product_in.fields = PRODUCT_F_NAME; /* ignored: a create sends all */
    c->product_in.name = strdup("Lamp");
    c->product_in.description = strdup("A lamp for the tests");
    c->product_in.category = strdup("home");
    c->product_in.sku = strdup("LAMP-1");
    c->product_in.image_url = strdup("");
    c->product_in.price = 1234;
    c->product_in.quantity = 3;
    op_run(&a, c);
    ck_assert_msg(c->res.rc == API_OK, "%s", c->res.message);
    ck_assert_str_eq(c->product.name, "Lamp");
    int64_t now = (int64_t)time(NULL);
    ck_assert_int_ge(c->token_exp, now + 3500);
    ck_assert_int_le(c->token_exp, now + 3700);
    const char *rq = fakeapi_request(&f, 0);
    ck_assert_ptr_nonnull(strstr(rq, "POST /products HTTP"));
    char *key = fakeapi_header(rq, "Idempotency-Key");
    ck_assert_str_eq(key, c->idempotency_key);
    free(key);
    const char *body = strstr(rq, "\r\n\r\n") + 4;
    ck_assert_str_eq(body, "{\"name\":\"Lamp\",\"description\":\"A lamp for "
                           "the tests\",\"category\":\"home\",\"price\":1234,"
                           "\"quantity\":3,\"sku\":\"LAMP-1\"}");
    op_free(c);

    struct op *u = op_new(OP_PRODUCT_UPDATE);
    u->id = strdup("6f1c2b7e-1111-4222-8333-444444444444");
    u->product_in.fields = PRODUCT_F_PRICE;
    u->product_in.price = 2500;
    u->product_in.name = strdup("not sent");
    op_run(&a, u);
    ck_assert_int_eq(u->res.rc, API_OK);
    rq = fakeapi_request(&f, 1);
    ck_assert_ptr_nonnull(
        strstr(rq, "PUT /products/6f1c2b7e-1111-4222-8333-444444444444 HTTP"));
    ck_assert_str_eq(strstr(rq, "\r\n\r\n") + 4, "{\"price\":2500}");
    /* The image bit without a URL removes the image. */
    free(u->product_in.name);
    u->product_in.name = NULL;
    u->product_in.fields = PRODUCT_F_IMAGE_URL;
    op_run(&a, u);
    ck_assert_int_eq(u->res.rc, API_OK);
    ck_assert_str_eq(strstr(fakeapi_request(&f, 2), "\r\n\r\n") + 4,
                     "{\"imageUrl\":null}");
    op_free(u);
    api_close(&a);
    fakeapi_stop(&f);
}
END_TEST

/* --- api_async ------------------------------------------------------- */

struct seen {
    int n;
    int order[8];
    bool other_thread;
    pthread_t loop;
};

static void on_done(void *ctx, struct op *o, void *user)
{
    struct seen *s = ctx;
    if (!pthread_equal(pthread_self(), s->loop))
        s->other_thread = true;
    s->order[s->n++] = *(int *)user;
    ck_assert_int_eq(o->res.rc, API_OK);
    op_free(o);
}

START_TEST(done_runs_only_inside_dispatch_in_fifo_order)
{
    static const struct fake_reply r[] = {{200, PRODUCT}};
    struct fakeapi f;
    fakeapi_start(&f, r, 1);
    use_fake(&f);
    struct seen s = {.loop = pthread_self()};
    char *err = NULL;
    struct api_async *q = api_async_new(&cfg, on_done, &s, &err);
    ck_assert_ptr_nonnull(q);
    static int tags[3] = {1, 2, 3};
    for (int i = 0; i < 3; i++) {
        struct op *o = op_new(OP_PRODUCT_GET);
        o->id = strdup("6f1c2b7e-1111-4222-8333-444444444444");
        api_async_submit(q, o, &tags[i]);
    }
    for (int i = 0; i < 500 && api_async_in_flight(q) > 0; i++)
        usleep(10 * 1000);
    ck_assert_int_eq(api_async_in_flight(q), 0);
    ck_assert_int_eq(fakeapi_count(&f), 3);
    /* All three finished; none handed over until dispatch. */
    ck_assert_int_eq(s.n, 0);
    struct pollfd p = {api_async_fd(q), POLLIN, 0};
    ck_assert_int_eq(poll(&p, 1, 0), 1);
    api_async_dispatch(q);
    ck_assert_int_eq(s.n, 3);
    ck_assert(!s.other_thread);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(s.order[i], i + 1);
    /* The pipe is drained. */
    ck_assert_int_eq(poll(&p, 1, 0), 0);
    api_async_dispatch(q);
    ck_assert_int_eq(s.n, 3);
    api_async_free(q);
    fakeapi_stop(&f);
}
END_TEST

#define HEALTH "{\"success\":true,\"data\":{\"status\":\"healthy\"}}"

/* Runs an OP_HEALTH against the fake answering reply; its rc. */
static enum api_rc health_with(const struct fake_reply *reply, long *status,
                               int *requests)
{
    struct fakeapi f;
    fakeapi_start(&f, reply, 1);
    use_fake(&f);
    struct api a;
    char *err = NULL;
    ck_assert_int_eq(api_open(&a, &cfg, &err), 0);
    struct op *o = op_new(OP_HEALTH);
    op_run(&a, o);
    enum api_rc rc = o->res.rc;
    *status = o->res.status;
    *requests = fakeapi_count(&f);
    const char *req = fakeapi_request(&f, 0);
    ck_assert_ptr_nonnull(req);
    ck_assert_msg(!strncmp(req, "GET /health ", 12), "sent: %.40s", req);
    /* Public: the token is never sent with it. */
    ck_assert_ptr_null(strstr(req, "Authorization"));
    op_free(o);
    api_close(&a);
    fakeapi_stop(&f);
    return rc;
}

START_TEST(health_says_whether_the_api_answers_at_all)
{
    static const struct fake_reply ok[] = {{200, HEALTH}};
    static const struct fake_reply missing[] = {{404, "{\"message\":\"no\"}"}};
    static const struct fake_reply down[] = {{503, "{}"}};
    long status;
    int n;
    ck_assert_int_eq(health_with(ok, &status, &n), API_OK);
    ck_assert_int_eq(status, 200);
    ck_assert_int_eq(n, 1);
    /* A deployment without the route is there all the same. */
    ck_assert_int_eq(health_with(missing, &status, &n), API_OK);
    ck_assert_int_eq(status, 404);
    /* A 5xx is not an answer, and the probe is never retried (its
     * caller has a backoff of its own). */
    ck_assert_int_eq(health_with(down, &status, &n), API_UNREACHABLE);
    ck_assert_int_eq(n, 1);
    /* The API answers but the session is due and its sign-in endpoint
     * (127.0.0.1:1) cannot renew it: not back yet. */
    setenv("INVENTUI_REFRESH_MARGIN", "604800", 1);
    ck_assert_int_eq(health_with(ok, &status, &n), API_UNREACHABLE);
    unsetenv("INVENTUI_REFRESH_MARGIN");
    /* Nobody is port 1: unreachable. */
    client_config_defaults(&cfg);
    snprintf(cfg.api_url, sizeof cfg.api_url, "http://127.0.0.1:1");
    cfg.timeout = 5;
    struct api a;
    char *err = NULL;
    ck_assert_int_eq(api_open(&a, &cfg, &err), 0);
    struct op *o = op_new(OP_HEALTH);
    op_run(&a, o);
    ck_assert_int_eq(o->res.rc, API_UNREACHABLE);
    op_free(o);
    api_close(&a);
}
END_TEST

START_TEST(health_without_a_session_is_unauth)
{
    static const struct fake_reply ok[] = {{200, HEALTH}};
    struct fakeapi f;
    fakeapi_start(&f, ok, 1);
    use_fake(&f);
    char *dir = session_dir(NULL);
    char *path = session_path(dir, f.base);
    ck_assert_int_eq(unlink(path), 0);
    free(path);
    free(dir);
    struct api a;
    char *err = NULL;
    ck_assert_int_eq(api_open(&a, &cfg, &err), 0);
    struct op *o = op_new(OP_HEALTH);
    op_run(&a, o);
    ck_assert_int_eq(o->res.rc, API_UNAUTH);
    ck_assert_ptr_nonnull(o->res.message);
    op_free(o);
    api_close(&a);
    fakeapi_stop(&f);
}
END_TEST

static void on_done_any(void *ctx, struct op *o, void *user)
{
    struct seen *s = ctx;
    s->order[s->n++] = *(int *)user;
    if (*(int *)user == 2) {
        ck_assert_int_eq(o->res.rc, API_UNREACHABLE);
        ck_assert_str_eq(o->res.message, "refused here");
    }
    op_free(o);
}

START_TEST(an_answered_op_comes_back_through_dispatch_without_a_request)
{
    static const struct fake_reply r[] = {{200, PRODUCT}};
    struct fakeapi f;
    fakeapi_start(&f, r, 1);
    use_fake(&f);
    struct seen s = {.loop = pthread_self()};
    char *err = NULL;
    struct api_async *q = api_async_new(&cfg, on_done_any, &s, &err);
    ck_assert_ptr_nonnull(q);
    static int tags[3] = {1, 2, 3};
    struct op *o = op_new(OP_PRODUCT_GET);
    o->id = strdup("6f1c2b7e-1111-4222-8333-444444444444");
    unsigned long id1 = api_async_submit(q, o, &tags[0]);
    for (int i = 0; i < 500 && api_async_in_flight(q) > 0; i++)
        usleep(10 * 1000);
    struct op *w = op_new(OP_PRODUCT_DELETE);
    w->id = strdup("6f1c2b7e-1111-4222-8333-444444444444");
    w->res.rc = API_UNREACHABLE;
    w->res.message = strdup("refused here");
    unsigned long id2 = api_async_answer(q, w, &tags[1]);
    ck_assert_uint_gt(id2, id1);
    /* Not handed over from inside the call; nothing is queued either. */
    ck_assert_int_eq(s.n, 0);
    ck_assert_int_eq(api_async_in_flight(q), 0);
    struct pollfd p = {api_async_fd(q), POLLIN, 0};
    ck_assert_int_eq(poll(&p, 1, 0), 1);
    api_async_dispatch(q);
    ck_assert_int_eq(s.n, 2);
    ck_assert_int_eq(s.order[0], 1);
    ck_assert_int_eq(s.order[1], 2);
    /* The delete never reached the API. */
    ck_assert_int_eq(fakeapi_count(&f), 1);
    /* Cancelling an answered one only marks it. */
    struct op *x = op_new(OP_DLQ_REDRIVE_ALL);
    unsigned long id3 = api_async_answer(q, x, &tags[2]);
    api_async_cancel(q, id3);
    api_async_dispatch(q);
    ck_assert_int_eq(s.n, 3);
    ck_assert_int_eq(s.order[2], 3);
    api_async_free(q);
    fakeapi_stop(&f);
}
END_TEST

START_TEST(api_async_new_says_why_it_cannot_start)
{
    client_config_defaults(&cfg);
    snprintf(cfg.api_url, sizeof cfg.api_url, "http://127.0.0.1:1");
    unsetenv("XDG_CACHE_HOME");
    char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    unsetenv("HOME");
    char *err = NULL;
    struct api_async *q = api_async_new(&cfg, on_done, NULL, &err);
    if (home) {
        setenv("HOME", home, 1);
        free(home);
    }
    ck_assert_ptr_null(q);
    ck_assert_ptr_nonnull(strstr(err, "no cache directory"));
    free(err);
}
END_TEST

Suite *suite_ops(void)
{
    Suite *s = suite_create("ops");
    TCase *tc = tcase_create("ops");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, op_new_describe_and_write_flags);
    tcase_add_test(tc, missing_inputs_are_refused_before_any_request);
    tcase_add_test(tc, product_writes_send_what_the_op_holds);
    tcase_add_test(tc, done_runs_only_inside_dispatch_in_fifo_order);
    tcase_add_test(tc, health_says_whether_the_api_answers_at_all);
    tcase_add_test(tc, health_without_a_session_is_unauth);
    tcase_add_test(tc, an_answered_op_comes_back_through_dispatch_without_a_request);
    tcase_add_test(tc, api_async_new_says_why_it_cannot_start);
    suite_add_tcase(s, tc);
    return s;
}
