/* Findings of the security review (issue 10) against real servers: 50
 * wrong guesses at once are held to the sign-in limit, and a slow JWKS
 * endpoint holds up only the tokens whose key is unknown. The requests
 * race from threads with their own libcurl handles (no Check assertions
 * off the main thread: each thread only records what it saw). */
#include <check.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/base64.h"
#include "common/strbuf.h"
#include "integration/suites.h"
#include "support/slowproxy.h"
#include "support/testsrv.h"

static const char PW[] = "Passw0rdX";

static size_t keep(char *d, size_t size, size_t n, void *user)
{
    strbuf_append(user, d, size * n);
    return size * n;
}

/* One request from any thread: the status (0: no answer), the body in
 * *body (caller frees) if body. */
static long request(const char *url, const char *const *headers,
                    const char *post, char **body)
{
    CURL *c = curl_easy_init();
    if (!c)
        return 0;
    struct curl_slist *h = NULL;
    for (const char *const *e = headers; e && *e; e++)
        h = curl_slist_append(h, *e);
    h = curl_slist_append(h, "Expect:");
    struct strbuf data = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (post)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, post);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &data);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (body)
        *body = strbuf_detach(&data, NULL);
    else
        strbuf_free(&data);
    return status;
}

/* ---- 50 wrong guesses at once ---- */

#define GUESSES 50
#define LIMIT 3

struct guess {
    const struct testsrv *srv;
    pthread_barrier_t *go;
    const char *password;
    long status;
    char *body;
};

static char *sign_in_body(const struct testsrv *s, const char *email,
                          const char *password)
{
    return str_printf("{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":"
                      "\"%s\",\"AuthParameters\":{\"USERNAME\":\"%s\","
                      "\"PASSWORD\":\"%s\"}}",
                      s->client_id, email, password);
}

static const char *const IDP_HEADERS[] = {
    "Content-Type: application/x-amz-json-1.1",
    "X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth", NULL};

static void *guess(void *arg)
{
    struct guess *g = arg;
    char *post = sign_in_body(g->srv, "ivy@example.com", g->password);
    char url[128];
    snprintf(url, sizeof url, "%s/", g->srv->base);
    pthread_barrier_wait(g->go);
    g->status = request(url, IDP_HEADERS, post, &g->body);
    free(post);
    return NULL;
}

START_TEST(concurrent_wrong_guesses_stay_within_the_limit)
{
    struct testsrv srv;
    char conf[64];
    snprintf(conf, sizeof conf, "[auth]\nsignin_attempts = %d\n", LIMIT);
    testsrv_start(&srv, conf);
    free(testsrv_user_token(&srv, "ivy@example.com", PW, NULL));

    pthread_barrier_t go;
    pthread_barrier_init(&go, NULL, GUESSES);
    static struct guess g[GUESSES];
    pthread_t th[GUESSES];
    for (int i = 0; i < GUESSES; i++) {
        g[i] = (struct guess){.srv = &srv, .go = &go,
                              .password = "Wrong0Password"};
        ck_assert_int_eq(pthread_create(&th[i], NULL, guess, &g[i]), 0);
    }
    int evaluated = 0, throttled = 0;
    for (int i = 0; i < GUESSES; i++) {
        pthread_join(th[i], NULL);
        if (g[i].status == 400 && strstr(g[i].body, "NotAuthorizedException"))
            evaluated++;
        else if (g[i].status == 400 &&
                 strstr(g[i].body, "TooManyRequestsException"))
            throttled++;
        else
            ck_abort_msg("guess %d: HTTP %ld %s", i, g[i].status, g[i].body);
        free(g[i].body);
    }
    pthread_barrier_destroy(&go);
    ck_assert_msg(evaluated >= 1 && evaluated <= LIMIT,
                  "%d of %d wrong passwords were looked at (limit %d)",
                  evaluated, GUESSES, LIMIT);
    ck_assert_int_eq(evaluated + throttled, GUESSES);

    /* The right password is refused while the user is throttled. */
    struct guess right = {.srv = &srv, .go = &go, .password = PW};
    pthread_barrier_init(&go, NULL, 1);
    guess(&right);
    pthread_barrier_destroy(&go);
    ck_assert_msg(right.status == 400 &&
                      strstr(right.body, "TooManyRequestsException"),
                  "right password while throttled: HTTP %ld %s",
                  right.status, right.body);
    free(right.body);
    testsrv_stop(&srv);
}
END_TEST

/* ---- a slow JWKS endpoint ---- */

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct call {
    char url[256];
    char auth[8192];
    long status;
    long long ms;          /* how long it took */
    atomic_bool done;
};

static void *timed_get(void *arg)
{
    struct call *c = arg;
    const char *headers[] = {c->auth, NULL};
    long long t0 = now_ms();
    c->status = request(c->url, headers, NULL, NULL);
    c->ms = now_ms() - t0;
    atomic_store(&c->done, true);
    return NULL;
}

static void prepare(struct call *c, const struct testsrv *s, const char *path,
                    const char *token)
{
    memset(c, 0, sizeof *c);
    snprintf(c->url, sizeof c->url, "%s%s", s->base, path);
    snprintf(c->auth, sizeof c->auth, "Authorization: Bearer %s", token);
}

/* A well-formed RS256 token naming a key nobody published: its signature
 * is never looked at, the unknown kid is what costs. */
static char *unknown_kid_token(const char *kid)
{
    char *head = str_printf("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"%s\"}",
                            kid);
    const char *claims = "{\"sub\":\"11111111-2222-4333-8444-555555555555\","
                         "\"token_use\":\"id\"}";
    char *h = base64url_encode((const unsigned char *)head, strlen(head));
    char *c = base64url_encode((const unsigned char *)claims, strlen(claims));
    char *t = str_printf("%s.%s.c2lnbmF0dXJl", h, c);
    free(head);
    free(h);
    free(c);
    return t;
}

START_TEST(a_slow_jwks_holds_up_only_unknown_keys)
{
    struct testsrv iss, ext;
    testsrv_start(&iss, NULL);
    struct slowproxy *px = slowproxy_start(iss.port);
    char *conf = str_printf("[auth]\nissuer = %s/%s\njwks_url = %s/%s/"
                            ".well-known/jwks.json\naudience = %s\n",
                            iss.base, iss.pool_id, slowproxy_url(px),
                            iss.pool_id, iss.client_id);
    testsrv_start(&ext, conf);
    free(conf);
    ck_assert_int_eq(slowproxy_requests(px), 1); /* the start-up load */
    char *known = testsrv_user_token(&iss, "kim@example.com", PW, NULL);
    char *unknown = unknown_kid_token("rotated-1");
    char *unknown2 = unknown_kid_token("rotated-2");

    /* From now on the JWKS answers 2 s late. */
    slowproxy_delay_responses(px, 2000);
    struct call a, b, k;
    prepare(&a, &ext, "/orders", unknown);
    prepare(&b, &ext, "/orders", unknown2);
    prepare(&k, &ext, "/orders", known);
    pthread_t ta, tb;
    ck_assert_int_eq(pthread_create(&ta, NULL, timed_get, &a), 0);
    ck_assert(slowproxy_wait_requests(px, 2, 10000)); /* a's fetch began */
    ck_assert_int_eq(pthread_create(&tb, NULL, timed_get, &b), 0);
    /* A token whose key is held is answered while that fetch runs. */
    timed_get(&k);
    bool a_done = atomic_load(&a.done);
    ck_assert_msg(k.status == 200, "known kid: HTTP %ld", k.status);
    ck_assert_msg(!a_done && k.ms < 1500,
                  "a known kid waited %lld ms for the JWKS fetch", k.ms);
    /* The unknown kids waited for that one fetch, and were refused. */
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    ck_assert_int_eq(a.status, 401);
    ck_assert_int_eq(b.status, 401);
    ck_assert_msg(a.ms >= 1500, "the unknown kid took only %lld ms", a.ms);
    ck_assert_int_eq(slowproxy_requests(px), 2);

    /* Within 10 s no kid, however new, fetches again. */
    char *unknown3 = unknown_kid_token("rotated-3");
    struct call c;
    prepare(&c, &ext, "/orders", unknown3);
    timed_get(&c);
    ck_assert_int_eq(c.status, 401);
    ck_assert_msg(c.ms < 1500, "a refetch was not rate-limited (%lld ms)",
                  c.ms);
    ck_assert_int_eq(slowproxy_requests(px), 2);

    free(known);
    free(unknown);
    free(unknown2);
    free(unknown3);
    testsrv_stop(&ext);
    slowproxy_stop(px);
    testsrv_stop(&iss);
}
END_TEST

Suite *suite_security(void)
{
    Suite *s = suite_create("security");
    TCase *tc = tcase_create("review");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, concurrent_wrong_guesses_stay_within_the_limit);
    tcase_add_test(tc, a_slow_jwks_holds_up_only_unknown_keys);
    suite_add_tcase(s, tc);
    return s;
}
