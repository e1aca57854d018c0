/* Screen tests of the client when the API goes away and comes back, as a
 * person sees it: the real client in a pty, a real server stopped and
 * started again on the same port. Every pane keeps what the offline
 * cache holds, marked OFFLINE with its age (on the pane and in the status
 * line); every write is refused at once in one sentence, and nothing is
 * queued; the client comes back ONLINE by itself and fetches the pane
 * again; a session that expired meanwhile is renewed, or the sign-in
 * screen comes back with the email filled in; and [ui] refresh_seconds
 * fetches the pane in the background without moving the selection or
 * the scroll position. */
#include <check.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/timeutil.h"
#include "support/shop.h"
#include "ui/suites.h"
#include "ui/tui.h"

#define ADMIN "ops@example.com"
#define PW "Passw0rdX"
#define WAIT 10000   /* ms: server work under ASan */
#define BACK 45000   /* ms: the probe's backoff reaches 30 s */
#define REFUSED "The API cannot be reached: nothing was changed."
/* Every session counts as expired: each request renews it first. */
#define EXPIRED_ENV "INVENTUI_REFRESH_MARGIN=604800"

/* Failed notifications put an order in the DLQ at once. */
#define FAULTS                                                            \
    "[faults]\nnotify_fail_rate = 1.0\n"                                  \
    "[queue]\nvisibility_timeout = 1\nmax_receive_count = 1\n"

static struct tui u;
static char *TOKEN;
static char *ids[16];
static int nids;

static void down(void)
{
    free(TOKEN);
    TOKEN = NULL;
    for (int i = 0; i < nids; i++)
        free(ids[i]);
    nids = 0;
    tui_stop(&u);
}

/* A product as the admin; its id (kept in ids[], freed by down()). */
static const char *product(const char *name, const char *sku,
                           long long cents, long long quantity)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"name\":\"%s\",\"description\":\"Made for the offline "
             "tests.\",\"category\":\"electronics\",\"price\":%lld,"
             "\"quantity\":%lld,\"sku\":\"%s\"}",
             name, cents, quantity, sku);
    struct http_resp r;
    http_call(&u.srv, "POST", "/products", TOKEN, body, &r, NULL);
    ck_assert_msg(r.status == 201, "create %s: %ld %s", name, r.status, r.body);
    ck_assert_int_lt(nids, 16);
    ids[nids] = strdup(jstr(r.json, "data.id"));
    http_resp_free(&r);
    return ids[nids++];
}

/* A server with n products "Gadget 01" … (the newest last), the admin
 * signed in for the next client, which reads client_config. */
static void shop_of(int n, const char *client_config)
{
    tui_start(&u, NULL, client_config);
    TOKEN = testsrv_user_token(&u.srv, ADMIN, PW, "admin");
    for (int i = 1; i <= n; i++) {
        char name[32], sku[32];
        snprintf(name, sizeof name, "Gadget %02d", i);
        snprintf(sku, sizeof sku, "GAD-%02d", i);
        product(name, sku, 1000 + i, 50 + i);
    }
    tui_login(&u, ADMIN, PW);
}

static struct vt *open_tui(const char *const env[])
{
    struct vt *t = tui_spawn_env(&u, 24, 80, NULL, env, NULL);
    vt_assert_text(t, "Products · page 1", 20000);
    vt_settle(t, 200, WAIT);
    return t;
}

/* The server stops; the port stays the client's. */
static void server_down(void)
{
    testsrv_stop_keep(&u.srv);
}

/* The server starts again on the same data and port (so the client's
 * URL and its token's issuer hold). */
static void server_up(void)
{
    int port = u.srv.port;
    snprintf(u.srv.flags, sizeof u.srv.flags, "--listen 127.0.0.1:%d", port);
    testsrv_restart(&u.srv);
    ck_assert_int_eq(u.srv.port, port);
}

static int row_of(struct vt *t, const char *text)
{
    int r;
    if (!vt_wait_text(t, text, 3000) || !vt_find(t, text, &r, NULL))
        vt_fail(t, "\"%s\" not on screen", text);
    return r;
}

static bool row_has(struct vt *t, int row, const char *text)
{
    char *line = vt_row(t, row);
    bool yes = strstr(line, text) != NULL;
    free(line);
    return yes;
}

/* Waits until row shows text. */
static void assert_row(struct vt *t, int row, const char *text, int ms)
{
    int64_t until = time_mono_ms() + ms;
    for (;;) {
        vt_pump(t);
        if (row_has(t, row, text))
            return;
        if (time_mono_ms() >= until)
            vt_fail(t, "row %d does not show \"%s\"", row, text);
        vt_settle(t, 30, 60);
    }
}

/* The status line (second row from the bottom). */
#define STATUS_ROW 22
/* The first line of the main area: a list's title, a view's title. */
#define TITLE_ROW 1

/* OFFLINE in the status line, with the data's age. */
static void status_offline(struct vt *t)
{
    assert_row(t, STATUS_ROW, "OFFLINE (data ", WAIT);
    assert_row(t, STATUS_ROW, " old)", WAIT);
}

/* The pane's own mark on row: "OFFLINE: cached … ago". */
static void pane_offline(struct vt *t, int row)
{
    assert_row(t, row, "OFFLINE: cached ", 30000);
    assert_row(t, row, " ago", WAIT);
}

/* Selected: the marker and a highlight that is not the default. */
static bool selected(struct vt *t, const char *text)
{
    int r = row_of(t, text);
    struct vt_cell c, body;
    vt_cell(t, r, 0, &c);
    vt_cell(t, r, 4, &body);
    return !strcmp(c.text, "▌") && (body.reverse || body.bg != VT_COLOR_DEFAULT);
}

/* The main area's rows as text, digits left out (an age may tick). */
static char *main_area(struct vt *t)
{
    char *all = vt_screen(t);
    /* Rows 1 to 21: past the first newline, up to the 22nd. */
    char *s = strchr(all, '\n');
    s = s ? s + 1 : all;
    char *e = s;
    for (int r = 1; r < STATUS_ROW && e; r++) {
        e = strchr(e, '\n');
        if (e)
            e++;
    }
    size_t n = e ? (size_t)(e - s) : strlen(s);
    char *out = malloc(n + 1), *o = out;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            *o++ = s[i];
    *o = '\0';
    free(all);
    return out;
}

/* key is refused: the footer says REFUSED (anew: an earlier message is
 * cleared first), and nothing else on screen changes (no form, no
 * question). */
static void refused(struct vt *t, const char *key)
{
    /* A message goes at the next key once it has shown for a moment;
     * z means nothing anywhere. */
    vt_settle(t, 900, WAIT);
    vt_send(t, "z");
    vt_assert_gone(t, REFUSED, WAIT);
    vt_settle(t, 150, WAIT);
    char *before = main_area(t);
    vt_send(t, key);
    vt_assert_text(t, REFUSED, WAIT);
    vt_settle(t, 300, WAIT);
    char *after = main_area(t);
    if (strcmp(before, after))
        vt_fail(t, "%s opened something while offline", key);
    free(before);
    free(after);
}

static void quit_cleanly(struct vt *t)
{
    vt_send(t, "q");
    int st = -1;
    if (!vt_wait_exit(t, 20000, &st))
        vt_fail(t, "the client did not exit on q");
    if (st != 0)
        vt_fail(t, "the client exited with %d", st);
}

START_TEST(every_pane_keeps_its_cache_offline_and_writes_are_refused)
{
    tui_start(&u, FAULTS, "[ui]\nrefresh_seconds = 0\n");
    TOKEN = testsrv_user_token(&u.srv, ADMIN, PW, "admin");
    const char *pid = product("Walnut desk", "WAL-1", 30000, 9);
    char *oid = shop_order(&u.srv, TOKEN, pid, 1);
    ck_assert(shop_wait_dlq(&u.srv, TOKEN, 1, WAIT));
    tui_login(&u, ADMIN, PW);
    struct vt *t = open_tui(NULL);
    vt_assert_text(t, "Walnut desk", WAIT);
    assert_row(t, STATUS_ROW, "ONLINE", WAIT);

    /* Online, every pane once: the cache keeps what they show. */
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Description", WAIT);
    vt_settle(t, 300, WAIT);
    vt_send(t, VT_ESC);
    vt_send(t, "2");
    vt_assert_text(t, "Orders · page 1", WAIT);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Order id", WAIT);
    vt_settle(t, 300, WAIT);
    vt_send(t, VT_ESC);
    vt_send(t, "3");
    vt_assert_text(t, "1 shown", WAIT);
    vt_assert_text(t, "Order queue", WAIT);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "DLQ message", WAIT);
    vt_send(t, VT_ESC);
    vt_send(t, "1");
    vt_assert_text(t, "Products · page 1", WAIT);
    vt_settle(t, 300, WAIT);

    server_down();
    /* `r`: the page comes from the cache, marked, and so is the status
     * line. */
    vt_send(t, "r");
    pane_offline(t, TITLE_ROW);
    status_offline(t);
    vt_assert_text(t, "Walnut desk", WAIT);
    refused(t, "a");

    /* The product: its cached copy, marked; o, e and d refused. */
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Description", WAIT);
    pane_offline(t, TITLE_ROW + 1);
    vt_assert_text(t, "8 in stock", WAIT); /* one ordered */
    status_offline(t);
    refused(t, "o");
    refused(t, "e");
    refused(t, "d");
    vt_send(t, VT_ESC);

    /* The orders: the page shown before, marked; x refused. */
    vt_send(t, "2");
    vt_assert_text(t, "Orders · page 1", WAIT);
    pane_offline(t, TITLE_ROW);
    vt_assert_text(t, "Walnut desk", WAIT);
    refused(t, "x");
    /* One order, from the cache. */
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Order id", 30000);
    pane_offline(t, TITLE_ROW + 1);
    vt_assert_text(t, oid, WAIT);
    refused(t, "x");
    vt_send(t, VT_ESC);

    /* The DLQ: depths and messages as they were; R, A, D refused. */
    vt_send(t, "3");
    vt_assert_text(t, "1 shown", WAIT);
    pane_offline(t, TITLE_ROW);
    vt_assert_text(t, "Order queue", WAIT);
    refused(t, "R");
    refused(t, "A");
    refused(t, "D");
    /* The message: marked too; R and D refused. */
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "DLQ message", WAIT);
    pane_offline(t, TITLE_ROW);
    vt_assert_text(t, "Last error", WAIT);
    refused(t, "R");
    refused(t, "D");
    vt_send(t, VT_ESC);

    /* Back: ONLINE by itself, and nothing was queued behind the
     * person's back: the product, the order and the message are as they
     * were. */
    server_up();
    assert_row(t, STATUS_ROW, "ONLINE", BACK);
    vt_assert_gone(t, "OFFLINE", WAIT);
    vt_settle(t, 500, WAIT);
    free(TOKEN);
    TOKEN = testsrv_sign_in(&u.srv, ADMIN, PW);
    char path[128];
    snprintf(path, sizeof path, "/products/%s", pid);
    struct http_resp r;
    http_call(&u.srv, "GET", path, TOKEN, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.name"), "Walnut desk");
    http_resp_free(&r);
    ck_assert_str_ne(shop_status(&u.srv, TOKEN, oid), "CANCELLED");
    ck_assert(shop_wait_dlq(&u.srv, TOKEN, 1, WAIT));
    quit_cleanly(t);
    free(oid);
}
END_TEST

START_TEST(back_online_by_itself_with_the_pane_fetched_again)
{
    /* No background refresh: what brings the new data is the return. */
    shop_of(3, "[ui]\nrefresh_seconds = 0\n");
    struct vt *t = open_tui(NULL);
    vt_send(t, "j");
    vt_settle(t, 150, WAIT);
    ck_assert(selected(t, "Gadget 02"));

    server_down();
    int64_t went = time_mono_ms();
    vt_send(t, "r");
    pane_offline(t, TITLE_ROW);
    status_offline(t);
    ck_assert(selected(t, "Gadget 02"));
    /* Meanwhile the data changes where the client cannot see it. */
    shop_sql(&u.srv, "UPDATE products SET name = 'Gadget 02 renamed', "
                     "quantity = 7 WHERE sku = 'GAD-02'");
    server_up();
    int64_t up_at = time_mono_ms();

    /* No key: the probe finds the API, the pane is fetched again. */
    vt_assert_text(t, "Gadget 02 renamed", BACK);
    fprintf(stderr, "back ONLINE with the pane fetched again %lld ms after "
                    "the server came back (it was away %lld ms)\n",
            (long long)(time_mono_ms() - up_at), (long long)(up_at - went));
    assert_row(t, STATUS_ROW, "ONLINE", WAIT);
    vt_assert_gone(t, "OFFLINE", WAIT);
    vt_assert_text(t, "7 in stock  LOW", WAIT);
    /* The selection stayed on the product. */
    ck_assert(selected(t, "Gadget 02 renamed"));
    ck_assert(!selected(t, "Gadget 03"));
    quit_cleanly(t);
}
END_TEST

/* Gadget i's id (shop_of made them in order). */
static const char *gadget(int i)
{
    return ids[i - 1];
}

static void put_product(const char *id, const char *body)
{
    char path[128];
    snprintf(path, sizeof path, "/products/%s", id);
    struct http_resp r;
    http_call(&u.srv, "PUT", path, TOKEN, body, &r, NULL);
    ck_assert_msg(r.status == 200, "update: %ld %s", r.status, r.body);
    http_resp_free(&r);
}

START_TEST(the_background_refresh_keeps_the_selection_and_the_scroll)
{
    shop_of(12, "[ui]\nrefresh_seconds = 1\n");
    struct vt *t = open_tui(NULL);
    /* Newest first, six cards fit: eight down scrolls the list. */
    for (int i = 0; i < 8; i++)
        vt_send(t, "j");
    vt_settle(t, 300, WAIT);
    ck_assert(selected(t, "Gadget 04"));
    ck_assert(!vt_find(t, "Gadget 12", NULL, NULL));
    int top = row_of(t, "Gadget 09"), sel = row_of(t, "Gadget 04");

    /* The selected product and one above it change elsewhere. */
    put_product(gadget(4), "{\"quantity\":7}");
    put_product(gadget(9), "{\"price\":9999}");
    vt_assert_text(t, "7 in stock  LOW", WAIT);
    vt_assert_text(t, "$99.99", WAIT);
    vt_settle(t, 200, WAIT);
    /* Same product selected, same place, same first card. */
    ck_assert(selected(t, "Gadget 04"));
    ck_assert_int_eq(row_of(t, "Gadget 04"), sel);
    ck_assert_int_eq(row_of(t, "Gadget 09"), top);
    ck_assert(!selected(t, "Gadget 09"));

    /* A product placed above it: the selection follows its product. */
    product("Gadget 13", "GAD-13", 1013, 63);
    vt_settle(t, 100, 300);
    int64_t until = time_mono_ms() + WAIT;
    while (row_of(t, "Gadget 04") == sel && time_mono_ms() < until)
        vt_settle(t, 100, 300);
    ck_assert(selected(t, "Gadget 04"));
    ck_assert(!selected(t, "Gadget 05"));

    /* Nothing changes: refreshes go on, but the screen does not get
     * drawn again (a clock in the status line is all). */
    vt_settle(t, 500, WAIT);
    size_t before = vt_bytes(t);
    until = time_mono_ms() + 3500;
    while (time_mono_ms() < until)
        vt_settle(t, 100, 300);
    size_t quiet = vt_bytes(t) - before;
    before = vt_bytes(t);
    vt_send(t, VT_CTRL('l'));
    vt_settle(t, 300, WAIT);
    size_t full = vt_bytes(t) - before;
    fprintf(stderr, "bytes at 80x24: 3.5 s of refreshes with nothing new "
                    "%zu, a full repaint %zu\n", quiet, full);
    /* Three refreshes or so cost less than one repaint: a spinner cell
     * and the clock. */
    ck_assert_msg(quiet < full, "refreshes (%zu) cost less than a repaint "
                  "(%zu)", quiet, full);
    ck_assert(selected(t, "Gadget 04"));
    quit_cleanly(t);
}
END_TEST

/* The client's session file: its whole text (caller frees). */
static char *session_text(void)
{
    char dir[320];
    snprintf(dir, sizeof dir, "%s/cache/inventui", u.home);
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    char *text = NULL;
    struct dirent *e;
    while (!text && (e = readdir(d))) {
        if (strncmp(e->d_name, "session-", 8))
            continue;
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *fp = fopen(path, "r");
        ck_assert_ptr_nonnull(fp);
        text = calloc(1, 16384);
        ck_assert_uint_gt(fread(text, 1, 16383, fp), 0);
        fclose(fp);
    }
    closedir(d);
    ck_assert_msg(text, "no session file in %s", dir);
    return text;
}

/* Entries the offline cache holds under keys like pattern. */
static long long cached_entries(const char *pattern)
{
    char path[320];
    snprintf(path, sizeof path, "%s/cache/inventui/cache.db", u.home);
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM entries "
                                            "WHERE key LIKE ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0)
                                                 : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

START_TEST(a_session_that_expired_offline_is_renewed_on_return)
{
    shop_of(2, "[ui]\nrefresh_seconds = 0\n");
    struct vt *t = open_tui((const char *const[]){EXPIRED_ENV, NULL});
    vt_assert_text(t, "Gadget 02", WAIT);
    server_down();
    vt_send(t, "r");
    pane_offline(t, TITLE_ROW);
    /* Offline the session cannot be renewed: it stays as it is. */
    char *offline = session_text();
    server_up();
    assert_row(t, STATUS_ROW, "ONLINE", BACK);
    vt_assert_gone(t, "OFFLINE", WAIT);
    vt_settle(t, 300, WAIT);
    char *back = session_text();
    ck_assert_msg(strcmp(offline, back) != 0, "the session was not renewed");
    /* Still signed in, still the products. */
    vt_assert_text(t, "Products · page 1", WAIT);
    vt_assert_text(t, ADMIN " (admin)", WAIT);
    ck_assert(!vt_find(t, "Your session has ended", NULL, NULL));
    free(offline);
    free(back);
    quit_cleanly(t);
}
END_TEST

START_TEST(a_session_that_cannot_be_renewed_brings_the_sign_in_back)
{
    shop_of(2, "[ui]\nrefresh_seconds = 0\n");
    struct vt *t = open_tui((const char *const[]){EXPIRED_ENV, NULL});
    vt_assert_text(t, "Gadget 02", WAIT);
    server_down();
    vt_send(t, "r");
    pane_offline(t, TITLE_ROW);
    /* Meanwhile the session is revoked (as a password change does). */
    shop_sql(&u.srv, "UPDATE refresh_tokens SET revoked = 1");
    server_up();

    vt_assert_text(t, "Your session has ended: sign in again.", BACK);
    vt_assert_text(t, "Sign in", WAIT);
    /* The email is filled in, the password is not. */
    int r = row_of(t, "Email");
    assert_row(t, r, ADMIN, WAIT);
    /* The pages seen are still in the offline cache. */
    ck_assert_int_gt(cached_entries("/products%"), 0);
    /* The password alone signs in again. */
    vt_send(t, PW);
    vt_send(t, VT_ENTER);
    vt_assert_text(t, "Products · page 1", WAIT);
    vt_assert_text(t, "Gadget 02", WAIT);
    assert_row(t, STATUS_ROW, "ONLINE", WAIT);
    quit_cleanly(t);
}
END_TEST

Suite *suite_offline(void)
{
    Suite *s = suite_create("offline");
    TCase *tc = tcase_create("offline");
    tcase_add_checked_fixture(tc, NULL, down);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, every_pane_keeps_its_cache_offline_and_writes_are_refused);
    tcase_add_test(tc, back_online_by_itself_with_the_pane_fetched_again);
    tcase_add_test(tc, the_background_refresh_keeps_the_selection_and_the_scroll);
    tcase_add_test(tc, a_session_that_expired_offline_is_renewed_on_return);
    tcase_add_test(tc, a_session_that_cannot_be_renewed_brings_the_sign_in_back);
    suite_add_tcase(s, tc);
    return s;
}
