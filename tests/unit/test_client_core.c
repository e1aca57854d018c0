/* The client core both front ends share: prices and ages for display and
 * dollars parsed to cents (client/format.h); one reading of a listing's
 * page for every resource, typed or as received (client/api_page.h); the
 * fetch-all pager over short and empty pages and the page-by-page
 * navigation that goes back (client/pager.h). The API calls go to a
 * scripted fake server. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client/api_admin.h"
#include "client/api_orders.h"
#include "client/api_page.h"
#include "client/api_products.h"
#include "client/format.h"
#include "client/pager.h"
#include "support/fakeapi.h"
#include "unit/suites.h"

static char tmp[128];
static struct client_config cfg;
static struct api api;

static void up(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/inventui-core-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    setenv("XDG_CACHE_HOME", tmp, 1);
    setenv("XDG_CONFIG_HOME", tmp, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
}

static void down(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    ck_assert_int_eq(system(cmd), 0);
    unsetenv("INVENTUI_RETRY_BASE_MS");
}

/* A client of the fake, signed in. */
static void open_api(const struct fakeapi *f)
{
    char *err = NULL;
    ck_assert_int_eq(client_config_load(&cfg, NULL, &err), 0);
    ck_assert_ptr_null(client_config_set(&cfg, "api", "url", f->base));
    cfg.timeout = 5;
    fakeapi_session(f->base);
    ck_assert_int_eq(api_open(&api, &cfg, &err), 0);
}

START_TEST(price_is_dollars_to_exact_cents)
{
    static const struct {
        const char *in;
        long long cents;
    } ok[] = {{"12.34", 1234}, {"12", 1200},   {"12.3", 1230},
              {"0.05", 5},     {"$7.50", 750}, {"1000000", 100000000},
              {"0", 0},        {"007.1", 710}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        long long v = -1;
        ck_assert_msg(format_parse_price(ok[i].in, &v), "%s refused", ok[i].in);
        ck_assert_int_eq(v, ok[i].cents);
    }
    static const char *const bad[] = {"12.345", "abc", "-1", "-0.5", "",
                                      ".5",     "12.", "1e3", " 12", "12 ",
                                      "1,50",   "$",   "12.3.4",
                                      "99999999999999", "+3", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        long long v = 42;
        ck_assert_msg(!format_parse_price(bad[i], &v), "\"%s\" accepted",
                      bad[i]);
        ck_assert_int_eq(v, 42);
    }
    ck_assert(!format_parse_price(NULL, &(long long){0}));
}
END_TEST

START_TEST(prices_dates_and_ages_for_display)
{
    char s[64];
    format_price(1234, s, sizeof s);
    ck_assert_str_eq(s, "$12.34");
    format_price(5, s, sizeof s);
    ck_assert_str_eq(s, "$0.05");
    format_price(-5, s, sizeof s);
    ck_assert_str_eq(s, "-$0.05");
    format_price(100000000000LL, s, sizeof s);
    ck_assert_str_eq(s, "$1000000000.00");
    /* Every price typed comes back as it is shown. */
    long long v;
    ck_assert(format_parse_price("$1000000000.00", &v));
    ck_assert_int_eq(v, 100000000000LL);
    /* Limits in sentences: grouped by thousands. */
    format_price_grouped(100000000, s, sizeof s);
    ck_assert_str_eq(s, "$1,000,000.00");
    format_price_grouped(1, s, sizeof s);
    ck_assert_str_eq(s, "$0.01");
    format_price_grouped(99999, s, sizeof s);
    ck_assert_str_eq(s, "$999.99");
    format_thousands(1000000, s, sizeof s);
    ck_assert_str_eq(s, "1,000,000");
    format_thousands(100, s, sizeof s);
    ck_assert_str_eq(s, "100");
    format_thousands(-1234567, s, sizeof s);
    ck_assert_str_eq(s, "-1,234,567");
    format_thousands(0, s, sizeof s);
    ck_assert_str_eq(s, "0");

    setenv("TZ", "UTC", 1);
    tzset();
    format_time(0, 0, s, sizeof s);
    ck_assert_str_eq(s, "-");
    format_time(1705314600000LL, 0, s, sizeof s); /* 2024-01-15T10:30Z */
    ck_assert_str_eq(s, "2024-01-15 10:30");
    format_time(1705314645000LL, 1, s, sizeof s);
    ck_assert_str_eq(s, "2024-01-15 10:30:45 UTC");
    unsetenv("TZ");
    tzset();

    format_age_short(0, s, sizeof s);
    ck_assert_str_eq(s, "0s");
    format_age_short(119, s, sizeof s);
    ck_assert_str_eq(s, "119s");
    format_age_short(120, s, sizeof s);
    ck_assert_str_eq(s, "2m");
    format_age_short(7199, s, sizeof s);
    ck_assert_str_eq(s, "119m");
    format_age_short(3 * 3600 + 7 * 60 + 5, s, sizeof s);
    ck_assert_str_eq(s, "3h07m");
    format_age(90 * 1000, s, sizeof s);
    ck_assert_str_eq(s, "1 minute");
}
END_TEST

START_TEST(page_reading_is_one_for_every_resource)
{
    struct api_page pg;
    /* The envelope's data, and the deployed system's spellings. */
    cJSON *d = cJSON_Parse("{\"items\":[{\"a\":1}],\"count\":1,"
                           "\"nextToken\":\"t\"}");
    ck_assert_int_eq(api_page_read(d, &pg), 0);
    ck_assert_int_eq(cJSON_GetArraySize(pg.items), 1);
    ck_assert_str_eq(pg.next_token, "t");
    api_page_free(&pg);
    cJSON_Delete(d);
    d = cJSON_Parse("{\"Items\":[],\"Count\":0,\"NextToken\":\"u\"}");
    ck_assert_int_eq(api_page_read(d, &pg), 0);
    ck_assert_int_eq(cJSON_GetArraySize(pg.items), 0);
    ck_assert_str_eq(pg.next_token, "u");
    api_page_free(&pg);
    cJSON_Delete(d);
    /* An empty or absent token is the last page. */
    d = cJSON_Parse("{\"items\":[],\"nextToken\":\"\"}");
    ck_assert_int_eq(api_page_read(d, &pg), 0);
    ck_assert_ptr_null(pg.next_token);
    api_page_free(&pg);
    cJSON_Delete(d);
    d = cJSON_Parse("{\"items\":{}}");
    ck_assert_int_eq(api_page_read(d, &pg), -1);
    ck_assert_ptr_null(pg.items);
    cJSON_Delete(d);
    ck_assert_int_eq(api_page_read(NULL, &pg), -1);

    struct strbuf q = {0};
    api_page_param(&q, "search", "a b&c");
    char *path = api_page_path("/products", &q, 5, "x/y=");
    ck_assert_str_eq(path, "/products?search=a%20b%26c&limit=5"
                           "&nextToken=x%2Fy%3D");
    free(path);
    path = api_page_path("/orders", &q, 0, NULL);
    ck_assert_str_eq(path, "/orders");
    free(path);
}
END_TEST

#define ORDER(id)                                                          \
    "{\"id\":\"" id "\",\"status\":\"CONFIRMED\",\"quantity\":1,"          \
    "\"pricePerUnit\":100,\"totalAmount\":100}"
#define PRODUCT(id)                                                        \
    "{\"id\":\"" id "\",\"name\":\"N\",\"price\":250,\"quantity\":3}"

START_TEST(typed_and_raw_pages)
{
    static const struct fake_reply replies[] = {
        {200, "{\"success\":true,\"data\":{\"items\":[" PRODUCT("p1") ","
              PRODUCT("p2") "],\"count\":2,\"nextToken\":\"n1\"}}"},
        {200, "{\"success\":true,\"data\":{\"items\":[" PRODUCT("p1") ","
              PRODUCT("p2") "],\"count\":2,\"nextToken\":\"n1\"}}"},
        /* The deployed system's bare answer, with a DLQ message. */
        {200, "{\"Items\":[{\"messageId\":\"m1\",\"receiveCount\":4}]}"},
        /* An item that is not a product. */
        {200, "{\"success\":true,\"data\":{\"items\":[" PRODUCT("p1") ","
              "{\"id\":\"p2\"}]}}"},
        {200, "{\"success\":true,\"data\":{\"items\":[" PRODUCT("p1") ","
              "{\"id\":\"p2\"}]}}"},
        {200, "{\"success\":true,\"data\":{\"orders\":[]}}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, replies, 6);
    open_api(&f);
    struct api_product_query pq = {.category = "home", .limit = 2};
    struct api_product_page pp;
    struct api_result res;
    ck_assert_int_eq(api_products_list(&api, &pq, &pp, &res), API_OK);
    api_result_free(&res);
    ck_assert_int_eq(pp.count, 2);
    ck_assert_str_eq(pp.items[1].id, "p2");
    ck_assert_int_eq(pp.items[0].price, 250);
    ck_assert_str_eq(pp.next_token, "n1");
    api_product_page_free(&pp);
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 0),
                                 "GET /products?category=home&limit=2 HTTP"));

    struct api_page raw;
    ck_assert_int_eq(api_products_list_json(&api, &pq, &raw, &res), API_OK);
    api_result_free(&res);
    char *text = cJSON_PrintUnformatted(raw.items);
    ck_assert_str_eq(text, "[" PRODUCT("p1") "," PRODUCT("p2") "]");
    free(text);
    ck_assert_str_eq(raw.next_token, "n1");
    api_page_free(&raw);

    struct api_dlq_page dp;
    ck_assert_int_eq(api_dlq_list(&api, 0, "tok", &dp, &res), API_OK);
    api_result_free(&res);
    ck_assert_int_eq(dp.count, 1);
    ck_assert_str_eq(dp.items[0].message_id, "m1");
    ck_assert_int_eq(dp.items[0].receive_count, 4);
    ck_assert_ptr_null(dp.next_token);
    api_dlq_page_free(&dp);
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 2),
                                 "GET /admin/dlq?nextToken=tok HTTP"));

    /* One bad item refuses the whole page, typed or raw. */
    ck_assert_int_eq(api_products_list(&api, &pq, &pp, &res),
                     API_UNREACHABLE);
    ck_assert_ptr_nonnull(strstr(res.message, "not a product list"));
    ck_assert_int_eq(pp.count, 0);
    ck_assert_ptr_null(pp.items);
    api_result_free(&res);
    ck_assert_int_eq(api_products_list_json(&api, &pq, &raw, &res),
                     API_UNREACHABLE);
    ck_assert_ptr_null(raw.items);
    api_result_free(&res);
    struct api_order_query oq = {0};
    struct api_order_page op;
    ck_assert_int_eq(api_orders_list(&api, &oq, &op, &res), API_UNREACHABLE);
    ck_assert_ptr_nonnull(strstr(res.message, "not an order list"));
    api_result_free(&res);
    api_close(&api);
    fakeapi_stop(&f);
}
END_TEST

static enum api_rc fetch_orders(struct api *a, void *ctx, const char *token,
                                struct api_page *page, struct api_result *res)
{
    struct api_order_query q = *(const struct api_order_query *)ctx;
    q.next_token = token;
    return api_orders_list_json(a, &q, page, res);
}

START_TEST(pager_survives_short_and_empty_pages)
{
    static const struct fake_reply pages[] = {
        {200, "{\"success\":true,\"data\":{\"items\":[" ORDER("a") "],"
              "\"count\":1,\"nextToken\":\"t1\"}}"},
        {200, "{\"success\":true,\"data\":{\"items\":[],\"count\":0,"
              "\"nextToken\":\"t2\"}}"},
        {200, "{\"success\":true,\"data\":{\"items\":[" ORDER("b") ","
              ORDER("c") "],\"count\":2}}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, pages, 3);
    open_api(&f);
    struct api_order_query q = {.limit = 5};
    struct pager p;
    struct api_result res;
    ck_assert_int_eq(pager_collect(&api, fetch_orders, &q, SIZE_MAX, &p, &res),
                     API_OK);
    api_result_free(&res);
    ck_assert_int_eq(cJSON_GetArraySize(p.items), 3);
    ck_assert_str_eq(cJSON_GetArrayItem(p.items, 2)->child->valuestring, "c");
    ck_assert(!p.more);
    ck_assert(!p.repeated);
    pager_free(&p);
    ck_assert_int_eq(fakeapi_count(&f), 3);
    /* The tokens went back as received, with the query. */
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 0),
                                 "GET /orders?limit=5 HTTP"));
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 1),
                                 "GET /orders?limit=5&nextToken=t1 HTTP"));
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 2), "nextToken=t2 HTTP"));
    api_close(&api);
    fakeapi_stop(&f);
}
END_TEST

START_TEST(pager_stops_at_want_and_on_a_stuck_token)
{
    static const struct fake_reply pages[] = {
        {200, "{\"success\":true,\"data\":{\"items\":[" ORDER("a") ","
              ORDER("b") "],\"count\":2,\"nextToken\":\"same\"}}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, pages, 1);
    open_api(&f);
    struct api_order_query q = {0};
    struct pager p;
    struct api_result res;
    /* Want 3: the first page gives 2, the second 1 of its 2 and stops. */
    ck_assert_int_eq(pager_collect(&api, fetch_orders, &q, 3, &p, &res),
                     API_OK);
    api_result_free(&res);
    ck_assert_int_eq(cJSON_GetArraySize(p.items), 3);
    ck_assert(p.more);
    ck_assert(p.repeated); /* the second page gave the same token again */
    pager_free(&p);
    ck_assert_int_eq(fakeapi_count(&f), 2);
    /* All: the token never moves on, so the second page is the last. */
    ck_assert_int_eq(pager_collect(&api, fetch_orders, &q, SIZE_MAX, &p, &res),
                     API_OK);
    api_result_free(&res);
    ck_assert_int_eq(cJSON_GetArraySize(p.items), 4);
    ck_assert(p.repeated);
    pager_free(&p);
    ck_assert_int_eq(fakeapi_count(&f), 4);
    api_close(&api);
    fakeapi_stop(&f);
}
END_TEST

START_TEST(pager_hands_back_the_failing_page)
{
    static const struct fake_reply pages[] = {
        {200, "{\"success\":true,\"data\":{\"items\":[" ORDER("a") "],"
              "\"nextToken\":\"t1\"}}"},
        {400, "{\"success\":false,\"error\":{\"code\":\"VALIDATION_ERROR\","
              "\"message\":\"nextToken is not a token this list gave out\"}}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, pages, 2);
    open_api(&f);
    struct api_order_query q = {0};
    struct pager p;
    struct api_result res;
    ck_assert_int_eq(pager_collect(&api, fetch_orders, &q, SIZE_MAX, &p, &res),
                     API_REFUSED);
    ck_assert_str_eq(res.code, "VALIDATION_ERROR");
    api_result_free(&res);
    pager_free(&p);
    api_close(&api);
    fakeapi_stop(&f);
}
END_TEST

START_TEST(page_nav_goes_forward_and_back)
{
    struct page_nav nav;
    page_nav_init(&nav);
    ck_assert_ptr_null(page_nav_token(&nav));
    ck_assert_int_eq(page_nav_index(&nav), 0);
    ck_assert(!page_nav_prev(&nav)); /* nothing before the first page */
    ck_assert(!page_nav_next(&nav, NULL)); /* a last page */
    ck_assert(!page_nav_next(&nav, ""));
    ck_assert_int_eq(page_nav_index(&nav), 0);

    ck_assert(page_nav_next(&nav, "t1"));
    ck_assert_int_eq(page_nav_index(&nav), 1);
    ck_assert_str_eq(page_nav_token(&nav), "t1");
    ck_assert(page_nav_next(&nav, "t2"));
    ck_assert_str_eq(page_nav_token(&nav), "t2");
    ck_assert_int_eq(page_nav_index(&nav), 2);
    /* A token already on the way here would page in a circle. */
    ck_assert(!page_nav_next(&nav, "t1"));
    ck_assert(!page_nav_next(&nav, "t2"));
    ck_assert_int_eq(page_nav_index(&nav), 2);

    ck_assert(page_nav_prev(&nav));
    ck_assert_str_eq(page_nav_token(&nav), "t1");
    ck_assert(page_nav_prev(&nav));
    ck_assert_ptr_null(page_nav_token(&nav));
    ck_assert_int_eq(page_nav_index(&nav), 0);
    ck_assert(!page_nav_prev(&nav));

    /* Forward again, after new data: the token given now counts. */
    ck_assert(page_nav_next(&nav, "t1b"));
    ck_assert_str_eq(page_nav_token(&nav), "t1b");
    page_nav_reset(&nav); /* a new filter */
    ck_assert_ptr_null(page_nav_token(&nav));
    ck_assert_int_eq(page_nav_index(&nav), 0);
    ck_assert(page_nav_next(&nav, "t1"));
    page_nav_free(&nav);
    ck_assert_int_eq(page_nav_index(&nav), 0);
}
END_TEST

/* The TUI's use: the nav's token goes to the typed list, the page's
 * nextToken back to the nav, and going back refetches the same page. */
START_TEST(page_nav_drives_the_typed_list)
{
    static const struct fake_reply pages[] = {
        {200, "{\"success\":true,\"data\":{\"items\":[" PRODUCT("p1") "],"
              "\"nextToken\":\"n1\"}}"},
        {200, "{\"success\":true,\"data\":{\"items\":[" PRODUCT("p2") "]}}"},
        {200, "{\"success\":true,\"data\":{\"items\":[" PRODUCT("p1") "],"
              "\"nextToken\":\"n1\"}}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, pages, 3);
    open_api(&f);
    struct page_nav nav;
    page_nav_init(&nav);
    struct api_product_page pg;
    struct api_result res;
    const char *want[] = {"p1", "p2", "p1"};
    for (int step = 0; step < 3; step++) {
        struct api_product_query q = {.limit = 1,
                                      .next_token = page_nav_token(&nav)};
        ck_assert_int_eq(api_products_list(&api, &q, &pg, &res), API_OK);
        api_result_free(&res);
        ck_assert_str_eq(pg.items[0].id, want[step]);
        if (step == 0)
            ck_assert(page_nav_next(&nav, pg.next_token));
        else if (step == 1) {
            ck_assert(!page_nav_next(&nav, pg.next_token)); /* the last */
            ck_assert(page_nav_prev(&nav));
        }
        api_product_page_free(&pg);
    }
    ck_assert_ptr_nonnull(strstr(fakeapi_request(&f, 1), "nextToken=n1 HTTP"));
    ck_assert_ptr_null(strstr(fakeapi_request(&f, 2), "nextToken"));
    page_nav_free(&nav);
    api_close(&api);
    fakeapi_stop(&f);
}
END_TEST

/* Once a request got no answer after its retries, the next is tried once
 * (then answered from the cache): paging through cached data while the
 * API is down costs one attempt a page. The first answer brings the
 * retries back. */
START_TEST(a_down_api_is_tried_once_until_it_answers)
{
    static const struct fake_reply replies[] = {
        {200, "{\"success\":true,\"data\":{\"items\":[" PRODUCT("p1")
              "],\"count\":1}}"},
        {503, "{\"success\":false}"}, {503, "{\"success\":false}"},
        {503, "{\"success\":false}"}, {503, "{\"success\":false}"},
        {503, "{\"success\":false}"},
        {200, "{\"success\":true,\"data\":{\"items\":[" PRODUCT("p1")
              "],\"count\":1}}"},
        {503, "{\"success\":false}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, replies, 8);
    open_api(&f);
    cfg.offline_ok = true;
    struct api_product_query q = {.limit = 1};
    struct api_product_page pp;
    struct api_result res;
    /* requests answered after each call, and whether it came from the
     * cache: online; down (four attempts); still down (one); back; down
     * again (four). */
    static const struct { int count; bool cached; } want[] = {
        {1, false}, {5, true}, {6, true}, {7, false}, {11, true},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        ck_assert_int_eq(api_products_list(&api, &q, &pp, &res), API_OK);
        ck_assert_msg(fakeapi_count(&f) == want[i].count,
                      "call %zu: %d requests, want %d", i, fakeapi_count(&f),
                      want[i].count);
        ck_assert_int_eq(res.cached_at > 0, want[i].cached);
        ck_assert_str_eq(pp.items[0].id, "p1");
        api_product_page_free(&pp);
        api_result_free(&res);
    }
    api_close(&api);
    fakeapi_stop(&f);
}
END_TEST

Suite *suite_client_core(void)
{
    Suite *s = suite_create("client_core");
    TCase *tc = tcase_create("client_core");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, price_is_dollars_to_exact_cents);
    tcase_add_test(tc, prices_dates_and_ages_for_display);
    tcase_add_test(tc, page_reading_is_one_for_every_resource);
    tcase_add_test(tc, typed_and_raw_pages);
    tcase_add_test(tc, pager_survives_short_and_empty_pages);
    tcase_add_test(tc, pager_stops_at_want_and_on_a_stuck_token);
    tcase_add_test(tc, pager_hands_back_the_failing_page);
    tcase_add_test(tc, page_nav_goes_forward_and_back);
    tcase_add_test(tc, page_nav_drives_the_typed_list);
    tcase_add_test(tc, a_down_api_is_tried_once_until_it_answers);
    suite_add_tcase(s, tc);
    return s;
}
