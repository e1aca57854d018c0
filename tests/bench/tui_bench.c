/* The TUI's figures for `make bench`, in two parts.
 *
 * The demo: time from start to the first frame and to the products shown
 * (a remembered session, the demo server in the process), and the bytes
 * written to the terminal at 120×40 for one selection move, one page
 * change and one full repaint.
 *
 * A big catalog: a real `inventui serve` seeded (straight into its
 * SQLite, through the store's schema) with 10,000 products and 5,000
 * orders, the TUI against it through a slowproxy at 120×40: first frame,
 * bytes per selection move, per page change, per refresh that changed
 * nothing and per spinner tick (while an answer is held back), the time
 * of a page change, a search and the orders tab, resident memory (VmRSS)
 * once all 10,000 products went through the TUI and its cache, and the
 * time to open a cached page with the server stopped: in the TUI (its
 * page of 20) and in the client core (a page of 100). Each figure is
 * printed with its target.
 *
 * Uses the screen tests' pty + libvterm harness and fixture (tests/ui/vt.c,
 * tui.c) and the test support (testsrv, shop, slowproxy).
 *
 * Usage: tui_bench path/to/inventui [RUNS] */
#include <check.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/api.h"
#include "client/api_products.h"
#include "common/timeutil.h"
#include "support/shop.h"
#include "ui/tui.h"
#include "ui/vt.h"

static char HOME_DIR[] = "/tmp/inventui-tui-bench-XXXXXX";

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static long median(long *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_long);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static long max_of(const long *v, int n)
{
    long m = v[0];
    for (int i = 1; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}

static struct vt *start(const char *bin, int rows, int cols)
{
    const char *argv[] = {bin, "--demo", NULL};
    return vt_spawn(rows, cols, argv, NULL, NULL);
}

static void quit(struct vt *t)
{
    vt_send(t, "q");
    int st;
    if (!vt_wait_exit(t, 15000, &st) || st != 0) {
        vt_dump(t, "the TUI did not quit cleanly");
        exit(1);
    }
}

static void need(struct vt *t, const char *text, int ms)
{
    if (!vt_wait_text(t, text, ms)) {
        vt_dump(t, "\"%s\" did not show", text);
        exit(1);
    }
}

/* Bytes the TUI writes for one key, once the screen is quiet again. */
static long bytes_for(struct vt *t, const char *key)
{
    vt_settle(t, 150, 3000);
    size_t before = vt_bytes(t);
    vt_send(t, key);
    vt_settle(t, 150, 3000);
    return (long)(vt_bytes(t) - before);
}

/* Milliseconds from a key to text on screen. */
static long ms_until(struct vt *t, const char *key, const char *text, int ms)
{
    vt_settle(t, 100, 3000);
    int64_t t0 = time_mono_ms();
    vt_send(t, key);
    need(t, text, ms);
    return (long)(time_mono_ms() - t0);
}

static void sleep_ms(int ms)
{
    poll(NULL, 0, ms);
}

static const char *BIN;
static int RUNS;

/* A Check test (the harness reports through Check), run without fork. */
START_TEST(demo_figures)
{
    const char *bin = BIN;
    int runs = RUNS;
    ck_assert_ptr_nonnull(mkdtemp(HOME_DIR));
    char buf[400];
    setenv("HOME", HOME_DIR, 1);
    snprintf(buf, sizeof buf, "%s/data", HOME_DIR);
    setenv("XDG_DATA_HOME", buf, 1);
    snprintf(buf, sizeof buf, "%s/cache", HOME_DIR);
    setenv("XDG_CACHE_HOME", buf, 1);
    snprintf(buf, sizeof buf, "%s/config", HOME_DIR);
    setenv("XDG_CONFIG_HOME", buf, 1);

    /* The first run seeds the demo shop and signs in (Enter, Enter). */
    struct vt *t = start(bin, 40, 120);
    need(t, "demo@inventui.local", 60000);
    vt_send(t, "\r");
    if (!vt_wait_text(t, "Products · page", 3000))
        vt_send(t, "\r");
    need(t, "Products · page 1", 20000);
    quit(t);
    vt_free(t);

    long first[100], ready[100];
    for (int i = 0; i < runs; i++) {
        int64_t t0 = time_mono_ms();
        t = start(bin, 40, 120);
        need(t, "inventui", 10000);
        first[i] = (long)(time_mono_ms() - t0);
        need(t, "Products · page 1", 10000);
        ready[i] = (long)(time_mono_ms() - t0);
        quit(t);
        vt_free(t);
    }

    t = start(bin, 40, 120);
    need(t, "Products · page 1", 10000);
    long move[20], page[10];
    for (int i = 0; i < 20; i++)
        move[i] = bytes_for(t, i % 2 ? "k" : "j");
    for (int i = 0; i < 10; i++)
        page[i] = bytes_for(t, i % 2 ? "p" : "n");
    long repaint = bytes_for(t, "\f");
    vt_send(t, "t"); /* the dense table */
    long table_move[10];
    for (int i = 0; i < 10; i++)
        table_move[i] = bytes_for(t, i % 2 ? "k" : "j");
    quit(t);
    vt_free(t);

    printf("TUI (inventui --demo, 120x40, median of %d starts)\n", runs);
    printf("  first frame            %6ld ms\n", median(first, runs));
    printf("  products shown         %6ld ms  (remembered session)\n",
           median(ready, runs));
    printf("  selection move, cards  %6ld bytes\n", median(move, 20));
    printf("  selection move, table  %6ld bytes\n", median(table_move, 10));
    printf("  page change            %6ld bytes\n", median(page, 10));
    printf("  full repaint (C-l)     %6ld bytes\n", repaint);
    fflush(stdout);
    snprintf(buf, sizeof buf, "rm -rf '%s'", HOME_DIR);
    ck_assert_int_eq(system(buf), 0);
}
END_TEST

/* ---- a big catalog ---------------------------------------------------- */

#define PRODUCTS 10000
#define ORDERS 5000
#define PAGE 20 /* the TUI's page (ui/panes/products.c) */
static const char ADMIN[] = "bench@inventui.local";
static const char PW[] = "Bench-Passw0rd";
static struct tui u;

/* Rows straight into the server's tables: products "Bench product
 * 00001" … (the newest, 10000, first in the list), every 50th out of
 * stock and every 20th low; orders of the admin, a third each PENDING,
 * CONFIRMED and CANCELLED. */
static void seed(void)
{
    char sql[2048];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k "
             "WHERE i < %d), cats(n, c) AS (VALUES (0, 'electronics'), "
             "(1, 'clothing'), (2, 'home'), (3, 'sports'), (4, 'books'), "
             "(5, 'toys'), (6, 'food'), (7, 'other')) "
             "INSERT INTO products (id, name, description, category, price, "
             "quantity, sku, image_url, created_at, updated_at, created_by) "
             "SELECT printf('%%08x-0000-4000-8000-%%012d', i, i), "
             "printf('Bench product %%05d', i), "
             "'A product made by make bench, with a description of a "
             "realistic length for a catalog.', c, 100 + i, "
             "CASE WHEN i %% 50 = 0 THEN 0 WHEN i %% 20 = 0 THEN 4 "
             "ELSE 1000 END, printf('BENCH-%%05d', i), NULL, "
             "strftime('%%s','now') * 1000 - %d + i, "
             "strftime('%%s','now') * 1000 - %d + i, "
             "(SELECT sub FROM users WHERE email = '%s') "
             "FROM k JOIN cats ON cats.n = i %% 8 ORDER BY i",
             PRODUCTS, PRODUCTS, PRODUCTS, ADMIN);
    shop_sql(&u.srv, sql);
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k "
             "WHERE i < %d) "
             "INSERT INTO orders (id, user_id, user_email, product_id, "
             "product_name, quantity, price_per_unit, total_amount, status, "
             "created_at, updated_at) "
             "SELECT printf('%%08x-1111-4000-8000-%%012d', i, i), "
             "(SELECT sub FROM users WHERE email = '%s'), '%s', "
             "printf('%%08x-0000-4000-8000-%%012d', i, i), "
             "printf('Bench product %%05d', i), 1 + i %% 5, 100 + i, "
             "(1 + i %% 5) * (100 + i), "
             "CASE i %% 3 WHEN 0 THEN 'PENDING' WHEN 1 THEN 'CONFIRMED' "
             "ELSE 'CANCELLED' END, "
             "strftime('%%s','now') * 1000 - %d + i, "
             "strftime('%%s','now') * 1000 - %d + i FROM k",
             ORDERS, ADMIN, ADMIN, ORDERS, ORDERS);
    shop_sql(&u.srv, sql);
    ck_assert_int_eq(shop_sql_int(&u.srv, "SELECT count(*) FROM products"),
                     PRODUCTS);
    ck_assert_int_eq(shop_sql_int(&u.srv, "SELECT count(*) FROM orders"),
                     ORDERS);
}

/* VmRSS or VmHWM of a process, in kB (-1 when unreadable). */
static long proc_kb(int pid, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long kb = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, field, n) && line[n] == ':')
            kb = strtol(line + n + 1, NULL, 10);
    fclose(f);
    return kb;
}

/* Bytes of one spinner tick: the server's answers held back, `r`, and
 * the output of a second of spinning divided by the spinner frames in it
 * (each tick draws one braille glyph, U+2800…: "\xe2\xa0"). */
static double spinner_tick(struct vt *t, int *ticks)
{
    vt_settle(t, 150, 3000);
    slowproxy_delay_responses(u.proxy, 3000);
    vt_send(t, "r");
    sleep_ms(400); /* the spinner and the request's name appear */
    vt_pump(t);
    size_t from;
    vt_output(t, &from);
    sleep_ms(1200);
    vt_pump(t);
    size_t to;
    const char *out = vt_output(t, &to);
    int n = 0;
    for (size_t i = from; i + 1 < to; i++)
        if ((unsigned char)out[i] == 0xe2 && (unsigned char)out[i + 1] == 0xa0)
            n++;
    slowproxy_delay_responses(u.proxy, 0);
    vt_settle(t, 300, 6000);
    *ticks = n;
    return n ? (double)(to - from) / n : -1;
}

/* The client core: one page of 100 products, as the CLI and the TUI's
 * worker read it. Milliseconds, and whether it came from the cache. */
static long core_page_ms(struct api *a, bool *cached)
{
    struct api_product_query q = {.limit = 100};
    struct api_product_page page = {0};
    struct api_result res = {0};
    int64_t t0 = time_mono_ms();
    enum api_rc rc = api_products_list(a, &q, &page, &res);
    long ms = (long)(time_mono_ms() - t0);
    ck_assert_msg(rc == API_OK, "a page of 100: %s",
                  res.message ? res.message : "failed");
    ck_assert_int_eq(page.count, 100);
    *cached = res.cached_at > 0;
    api_product_page_free(&page);
    api_result_free(&res);
    return ms;
}

START_TEST(catalog_figures)
{
    tui_start(&u, "[server]\nrate_limit = 0\n", NULL);
    tui_slow(&u); /* passes through until told otherwise */
    tui_user(&u, ADMIN, PW, "admin");
    tui_login(&u, ADMIN, PW);
    int64_t t0 = time_mono_ms();
    seed();
    long seed_ms = (long)(time_mono_ms() - t0);

    /* Start: first frame and the first page. */
    t0 = time_mono_ms();
    struct vt *t = tui_spawn(&u, 40, 120, NULL);
    need(t, "inventui", 10000);
    long first = (long)(time_mono_ms() - t0);
    need(t, "Products · page 1 ", 10000);
    long shown = (long)(time_mono_ms() - t0);
    vt_settle(t, 200, 5000);
    long rss_start = proc_kb(vt_pid(t), "VmRSS");

    /* Bytes per key on a page of the big catalog. */
    long move[20], table_move[10], page[10], pagems[10], refresh[5];
    for (int i = 0; i < 20; i++)
        move[i] = bytes_for(t, i % 2 ? "k" : "j");
    for (int i = 0; i < 10; i++)
        page[i] = bytes_for(t, i % 2 ? "p" : "n");
    for (int i = 0; i < 5; i++)
        refresh[i] = bytes_for(t, "r");
    int ticks;
    double tick = spinner_tick(t, &ticks);
    long repaint = bytes_for(t, "\f");
    vt_send(t, "t"); /* the dense table */
    vt_settle(t, 150, 3000);
    for (int i = 0; i < 10; i++)
        table_move[i] = bytes_for(t, i % 2 ? "k" : "j");
    vt_send(t, "t");
    vt_settle(t, 150, 3000);
    for (int i = 0; i < 10; i++)
        pagems[i] = ms_until(t, i % 2 ? "p" : "n",
                             i % 2 ? "Products · page 1 " : "Products · page 2 ",
                             5000);

    /* Scrolling: at 80×24 one card a line, six on screen; Down through
     * the page scrolls by a card from the sixth on. */
    vt_resize(t, 24, 80);
    need(t, "Bench product 10000", 5000);
    vt_settle(t, 200, 3000);
    long scroll[PAGE - 6], scroll_ms[PAGE - 6];
    char want[64];
    for (int i = 1; i < PAGE; i++) {
        snprintf(want, sizeof want, "Bench product %05d", PRODUCTS - i);
        vt_settle(t, 100, 3000);
        size_t b0 = vt_bytes(t);
        int64_t k0 = time_mono_ms();
        vt_send(t, "j");
        need(t, want, 5000);
        long ms = (long)(time_mono_ms() - k0);
        vt_settle(t, 150, 3000);
        if (i >= 6) {
            scroll[i - 6] = (long)(vt_bytes(t) - b0);
            scroll_ms[i - 6] = ms;
        }
    }
    vt_resize(t, 40, 120);
    vt_key(t, VT_HOME);
    vt_settle(t, 200, 3000);

    /* Search: one name among 10,000 (the server scans them all), and
     * back. */
    vt_send(t, "/");
    need(t, "Search:", 3000);
    vt_send(t, "product 00042");
    long search = ms_until(t, "\r", "Bench product 00042", 5000);
    need(t, "search \"product 00042\" · page 1 (last) · 1 shown", 3000);
    long search_back = ms_until(t, "\033", "Bench product 10000", 5000);

    /* Every page, so that all 10,000 products pass through the TUI and
     * into its cache. */
    static long pages[PRODUCTS / PAGE];
    int npages = PRODUCTS / PAGE;
    t0 = time_mono_ms();
    for (int i = 2; i <= npages; i++) {
        snprintf(want, sizeof want, "Products · page %d ", i);
        int64_t k0 = time_mono_ms();
        vt_send(t, "n");
        need(t, want, 10000);
        pages[i - 2] = (long)(time_mono_ms() - k0);
    }
    long all_pages = (long)(time_mono_ms() - t0);
    need(t, "(last) · 20 shown", 3000);
    vt_settle(t, 200, 3000);
    long rss = proc_kb(vt_pid(t), "VmRSS");

    /* The orders: 5,000 of them. */
    long orders_tab = ms_until(t, "2", "Orders · page 1 ", 5000);
    long opage[10];
    for (int i = 0; i < 10; i++) {
        snprintf(want, sizeof want, "Orders · page %d ", i + 2);
        opage[i] = ms_until(t, "n", want, 5000);
    }
    vt_settle(t, 200, 3000);
    long orss = proc_kb(vt_pid(t), "VmRSS");
    long hwm = proc_kb(vt_pid(t), "VmHWM");
    vt_send(t, "1");
    need(t, "Products · page 500 ", 3000);

    /* The client core reads a page of 100 once online, to cache it. */
    struct client_config cfg;
    char *err = NULL;
    ck_assert_msg(client_config_load(&cfg, NULL, &err) == 0, "%s", err);
    snprintf(cfg.api_url, sizeof cfg.api_url, "%s", u.api);
    cfg.offline_ok = true;
    struct api api;
    ck_assert_msg(api_open(&api, &cfg, &err) == 0, "%s", err);
    bool cached;
    long core_online = core_page_ms(&api, &cached);
    ck_assert(!cached);

    /* Offline: the server and the proxy stopped (connections refused).
     * The first request finds out (with its retries); the next ones are
     * tried once, then answered from the cache. */
    testsrv_stop_keep(&u.srv);
    slowproxy_stop(u.proxy);
    u.proxy = NULL;
    long off_first = ms_until(t, "p", "Products · page 499 ", 15000);
    need(t, "OFFLINE", 3000);
    long off_page[5];
    for (int i = 0; i < 5; i++) {
        snprintf(want, sizeof want, "Products · page %d ", 498 - i);
        off_page[i] = ms_until(t, "p", want, 15000);
    }
    long core_first = core_page_ms(&api, &cached);
    ck_assert(cached);
    long core_off[5];
    for (int i = 0; i < 5; i++) {
        core_off[i] = core_page_ms(&api, &cached);
        ck_assert(cached);
    }
    api_close(&api);
    quit(t);

    printf("TUI, a big catalog (%d products, %d orders; inventui serve "
           "through a loopback proxy, 120x40)\n", PRODUCTS, ORDERS);
    printf("  seeding (SQL)                 %6ld ms\n", seed_ms);
    printf("  first frame                   %6ld ms\n", first);
    printf("  products shown                %6ld ms  (remembered session)\n",
           shown);
    printf("  selection move, cards         %6ld bytes\n", median(move, 20));
    printf("  selection move, table         %6ld bytes\n",
           median(table_move, 10));
    printf("  scroll by a card, 80x24       %6ld bytes  (max %ld; %ld ms)\n",
           median(scroll, PAGE - 6), max_of(scroll, PAGE - 6),
           median(scroll_ms, PAGE - 6));
    printf("  page change                   %6ld bytes\n", median(page, 10));
    printf("  refresh, nothing changed      %6ld bytes\n", median(refresh, 5));
    printf("  spinner tick                  %6.1f bytes  (one cell; %d ticks "
           "counted)\n", tick, ticks);
    printf("  full repaint (C-l)            %6ld bytes\n", repaint);
    printf("  page change                   %6ld ms     (max %ld)\n",
           median(pagems, 10), max_of(pagems, 10));
    printf("  search, and Esc back          %6ld ms     (%ld ms)\n", search,
           search_back);
    printf("  all %d pages, one by one     %6ld ms     (median %ld, max %ld "
           "a page)\n", npages, all_pages, median(pages, npages - 1),
           max_of(pages, npages - 1));
    printf("  orders tab                    %6ld ms     (page change: median "
           "%ld, max %ld)\n", orders_tab, median(opage, 10), max_of(opage, 10));
    printf("  resident memory (VmRSS)       %6ld kB     at start; %ld kB with "
           "10,000 products cached; %ld kB after the orders, peak %ld "
           "(target < 16384)\n", rss_start, rss, orss, hwm);
    printf("  cached page of 20, TUI        %6ld ms     (server stopped; the "
           "first, with retries: %ld ms)\n", median(off_page, 5), off_first);
    printf("  cached page of 100, core      %6ld ms     (the first, with "
           "retries: %ld ms; online: %ld ms)\n", median(core_off, 5),
           core_first, core_online);
    fflush(stdout);
    tui_stop(&u);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: tui_bench path/to/inventui [RUNS]\n");
        return 2;
    }
    BIN = argv[1];
    RUNS = argc > 2 ? atoi(argv[2]) : 5;
    if (RUNS < 1 || RUNS > 100)
        RUNS = 5;
    setenv("INVENTUI_BIN", BIN, 1);
    const char *only = getenv("TUI_BENCH");
    Suite *s = suite_create("tui_bench");
    TCase *tc = tcase_create("tui_bench");
    tcase_set_timeout(tc, 900);
    if (!only || !strcmp(only, "demo"))
        tcase_add_test(tc, demo_figures);
    if (!only || !strcmp(only, "catalog"))
        tcase_add_test(tc, catalog_figures);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    testsrv_init();
    srunner_run_all(sr, CK_NORMAL);
    testsrv_cleanup();
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
