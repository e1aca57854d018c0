/* Reads stay steady while writes wait: with the store's write lock held
 * from outside (so every write waits for its group commit), more writes
 * than the server has threads are sent, and GET /health and GET /products
 * must still answer at once; then the lock goes and every write is
 * answered. A server stopped while writes wait answers them and exits
 * cleanly. And a GET /products page kept between writes is never older
 * than the database. */
#include <arpa/inet.h>
#include <check.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "integration/suites.h"
#include "support/api_fixture.h"
#include "support/testsrv.h"
#include "support/tokens_fixture.h"

#define ADMIN "ad000000-0000-4000-8000-000000000009"
/* More writes than HTTP threads and than write threads together. */
#define HTTP_THREADS 2
#define WRITES 24

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Takes the database's write lock, as a long group commit would hold it:
 * every store_write() of the server waits until lock_release(). */
static sqlite3 *lock_writes(const struct testsrv *s)
{
    char path[400];
    snprintf(path, sizeof path, "%s/data/inventory.db", s->dir);
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    ck_assert_int_eq(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL),
                     SQLITE_OK);
    return db;
}

static void lock_release(sqlite3 *db)
{
    ck_assert_int_eq(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* A connection with a whole POST /orders sent on it; its answer is read
 * later with read_status(). */
static int send_order(const struct testsrv *s, const char *token,
                      const char *product)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)s->port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    char body[128], req[4096];
    int blen = snprintf(body, sizeof body,
                        "{\"productId\":\"%s\",\"quantity\":1}", product);
    int n = snprintf(req, sizeof req,
                     "POST /orders HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Authorization: Bearer %s\r\n"
                     "Content-Type: application/json\r\n"
                     "Content-Length: %d\r\nConnection: close\r\n\r\n%s",
                     token, blen, body);
    ck_assert(n > 0 && (size_t)n < sizeof req);
    ck_assert_int_eq(send(fd, req, (size_t)n, MSG_NOSIGNAL), n);
    return fd;
}

/* Whether the server has begun to answer on fd. */
static bool answered(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) == 1;
}

/* The status code of the answer on fd (waiting up to timeout_ms), or 0
 * if none came; closes fd. */
static int read_status(int fd, int timeout_ms)
{
    char buf[64] = {0};
    size_t got = 0;
    long long end = now_ms() + timeout_ms;
    while (got < 12 && now_ms() < end) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 100) != 1)
            continue;
        ssize_t n = recv(fd, buf + got, sizeof buf - 1 - got, 0);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    int status = 0;
    if (got >= 12 && sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
        status = 0;
    return status;
}

/* A GET, timed: its status, *ms how long it took. */
static long timed_get(const struct testsrv *s, const char *path,
                      const char *token, long long *ms)
{
    struct http_resp r;
    long long t0 = now_ms();
    http_call(s, "GET", path, token, NULL, &r, NULL);
    *ms = now_ms() - t0;
    long status = r.status;
    http_resp_free(&r);
    return status;
}

/* Time for the server to take in the writes sent: longer under valgrind. */
static void settle(void)
{
    usleep(getenv("INVENTUI_VALGRIND") ? 3000 * 1000 : 1000 * 1000);
}

static void start(struct testsrv *s, char **token, char **product)
{
    char conf[128];
    snprintf(conf, sizeof conf, "[server]\nthreads = %d\nrate_limit = 0\n",
             HTTP_THREADS);
    testsrv_start(s, conf);
    *token = tokfix_user(s, ADMIN, "admin@example.com", true);
    *product = api_create_product(s, *token, "Lamp", "LAMP-1", "home",
                                  1000);
}

START_TEST(reads_answer_while_writes_wait)
{
    struct testsrv s;
    char *token, *product;
    start(&s, &token, &product);
    /* Slow under valgrind, yet far below what waiting for the lock
     * (until the test lets it go) would take. */
    long long limit = getenv("INVENTUI_VALGRIND") ? 5000 : 2000;

    sqlite3 *lock = lock_writes(&s);
    int fds[WRITES];
    for (int i = 0; i < WRITES; i++)
        fds[i] = send_order(&s, token, product);
    settle(); /* the server takes them all in and they start waiting */

    long long ms;
    ck_assert_int_eq(timed_get(&s, "/health", NULL, &ms), 200);
    ck_assert_msg(ms < limit, "GET /health took %lld ms behind %d waiting "
                  "writes", ms, WRITES);
    ck_assert_int_eq(timed_get(&s, "/products?limit=20", token, &ms), 200);
    ck_assert_msg(ms < limit, "GET /products took %lld ms behind %d waiting "
                  "writes", ms, WRITES);
    /* The writes were indeed waiting all along. */
    for (int i = 0; i < WRITES; i++)
        ck_assert_msg(!answered(fds[i]), "write %d answered under the lock",
                      i);

    lock_release(lock);
    for (int i = 0; i < WRITES; i++) {
        int status = read_status(fds[i], 30000);
        ck_assert_msg(status == 201, "write %d: status %d", i, status);
    }
    struct http_resp r;
    http_call(&s, "GET", "/products?limit=1", token, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.items.0.quantity"),
                     1000 - WRITES);
    http_resp_free(&r);
    free(token);
    free(product);
    testsrv_stop(&s);
}
END_TEST

/* A stop while writes wait on write threads: each is answered (the lock
 * goes within the grace period, so they end as usual), and the server
 * exits 0 (leak-free under valgrind: testsrv's wrapper checks). */
START_TEST(stop_answers_waiting_writes)
{
    struct testsrv s;
    char *token, *product;
    start(&s, &token, &product);
    sqlite3 *lock = lock_writes(&s);
    int fds[WRITES];
    for (int i = 0; i < WRITES; i++)
        fds[i] = send_order(&s, token, product);
    settle();
    ck_assert_int_eq(kill(s.pid, SIGTERM), 0);
    settle();
    lock_release(lock);
    for (int i = 0; i < WRITES; i++) {
        int status = read_status(fds[i], 30000);
        ck_assert_msg(status == 201, "write %d: status %d", i, status);
    }
    free(token);
    free(product);
    testsrv_stop(&s); /* waits for the exit begun above; must be 0 */
}
END_TEST

/* The first product of GET /products (a page kept between writes, see
 * store_cache.h): its name and quantity, and the page's count. */
static void first_product(const struct testsrv *s, const char *token,
                          const char *query, char *name, size_t size,
                          int *quantity, int *count)
{
    struct http_resp r;
    char path[128];
    snprintf(path, sizeof path, "/products?limit=20%s", query);
    http_call(s, "GET", path, token, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    *count = (int)jnum(r.json, "data.count");
    const char *n = jstr(r.json, "data.items.0.name");
    snprintf(name, size, "%s", n ? n : "");
    *quantity = n ? (int)jnum(r.json, "data.items.0.quantity") : -1;
    http_resp_free(&r);
}

/* A page answered from memory is never older than the database: after an
 * update, an order, a write from outside the server (straight to the
 * file) and a delete, the next GET shows it. */
START_TEST(a_kept_page_follows_every_change)
{
    struct testsrv s;
    char *token, *product;
    start(&s, &token, &product);
    char name[64], path[128];
    int qty, count;
    for (int i = 0; i < 2; i++) { /* the second from memory */
        first_product(&s, token, "", name, sizeof name, &qty, &count);
        ck_assert_str_eq(name, "Lamp");
        ck_assert_int_eq(qty, 1000);
    }
    first_product(&s, token, "&category=home", name, sizeof name, &qty,
                  &count);
    ck_assert_int_eq(count, 1);
    first_product(&s, token, "&category=books", name, sizeof name, &qty,
                  &count);
    ck_assert_int_eq(count, 0);

    struct http_resp r;
    snprintf(path, sizeof path, "/products/%s", product);
    http_call(&s, "PUT", path, token, "{\"name\":\"Desk lamp\"}", &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    first_product(&s, token, "", name, sizeof name, &qty, &count);
    ck_assert_str_eq(name, "Desk lamp");

    char body[128];
    snprintf(body, sizeof body, "{\"productId\":\"%s\",\"quantity\":3}",
             product);
    http_call(&s, "POST", "/orders", token, body, &r, NULL);
    ck_assert_int_eq(r.status, 201);
    http_resp_free(&r);
    first_product(&s, token, "", name, sizeof name, &qty, &count);
    ck_assert_int_eq(qty, 997);

    sqlite3 *db = lock_writes(&s);
    char *sql = sqlite3_mprintf("UPDATE products SET name = 'Outside' "
                                "WHERE id = %Q", product);
    ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_free(sql);
    lock_release(db);
    first_product(&s, token, "", name, sizeof name, &qty, &count);
    ck_assert_str_eq(name, "Outside");
    first_product(&s, token, "&category=home", name, sizeof name, &qty,
                  &count);
    ck_assert_str_eq(name, "Outside");

    http_call(&s, "DELETE", path, token, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    first_product(&s, token, "", name, sizeof name, &qty, &count);
    ck_assert_int_eq(count, 0);
    free(token);
    free(product);
    testsrv_stop(&s);
}
END_TEST

Suite *suite_reads(void)
{
    Suite *s = suite_create("reads");
    TCase *tc = tcase_create("reads");
    tcase_set_timeout(tc, 170);
    tcase_add_test(tc, reads_answer_while_writes_wait);
    tcase_add_test(tc, stop_answers_waiting_writes);
    tcase_add_test(tc, a_kept_page_follows_every_change);
    suite_add_tcase(s, tc);
    return s;
}
