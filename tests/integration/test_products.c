/* Products over HTTP: create, get, list with filters and pagination,
 * partial update, delete; every validation rule, naming every bad field
 * (white space at the ends of text not counted, blank text refused). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "common/uuid.h"
#include "integration/suites.h"
#include "support/api_fixture.h"
#include "support/testsrv.h"
#include "support/tokens_fixture.h"

#define SUB "0b7e5f4a-1c2d-4e3f-8a9b-0c1d2e3f4a5b"
#define CUSTOMER "c0570000-1c2d-4e3f-8a9b-0c1d2e3f4a5b"

static struct testsrv srv;
static char *tok;  /* alice, an admin: product writes are the admin group's */
static char *cust; /* carl, a customer: reads only */

static void up(void)
{
    testsrv_start(&srv, NULL);
    tok = tokfix_user(&srv, SUB, "alice@example.com", true);
    cust = tokfix_user(&srv, CUSTOMER, "carl@example.com", false);
}

static void down(void)
{
    free(tok);
    free(cust);
    tok = cust = NULL;
    testsrv_stop(&srv);
}

static void post(const char *body, struct http_resp *r)
{
    http_call(&srv, "POST", "/products", tok, body, r, NULL);
}

static void get(const char *path, struct http_resp *r)
{
    http_call(&srv, "GET", path, tok, NULL, r, NULL);
}

/* ISO-8601 UTC with milliseconds: 2024-01-15T10:30:00.000Z */
static bool is_iso_ms(const char *s)
{
    return s && strlen(s) == 24 && s[4] == '-' && s[10] == 'T' &&
           s[19] == '.' && s[23] == 'Z';
}

START_TEST(create_returns_the_product)
{
    struct http_resp r;
    post("{\"name\":\"Café Grinder\",\"description\":\"Grinds beans evenly.\","
         "\"category\":\"home\",\"price\":4999,\"quantity\":7,"
         "\"sku\":\"CAFE-GR_1\",\"imageUrl\":\"https://img.example.com/g.png\"}",
         &r);
    ck_assert_msg(r.status == 201, "%s", r.body);
    ck_assert(cJSON_IsTrue(jpath(r.json, "success")));
    ck_assert(uuid_is_valid(jstr(r.json, "data.id")));
    ck_assert_str_eq(jstr(r.json, "data.name"), "Café Grinder");
    ck_assert_str_eq(jstr(r.json, "data.description"), "Grinds beans evenly.");
    ck_assert_str_eq(jstr(r.json, "data.category"), "home");
    ck_assert(jnum(r.json, "data.price") == 4999);
    ck_assert(jnum(r.json, "data.quantity") == 7);
    ck_assert_str_eq(jstr(r.json, "data.sku"), "CAFE-GR_1");
    ck_assert_str_eq(jstr(r.json, "data.imageUrl"), "https://img.example.com/g.png");
    ck_assert_str_eq(jstr(r.json, "data.createdBy"), SUB);
    ck_assert(cJSON_IsTrue(jpath(r.json, "data.isLowStock")));
    ck_assert(is_iso_ms(jstr(r.json, "data.createdAt")));
    ck_assert_str_eq(jstr(r.json, "data.createdAt"), jstr(r.json, "data.updatedAt"));
    ck_assert_ptr_nonnull(jstr(r.json, "meta.requestId"));

    /* GET gives the same product back. */
    char path[128];
    snprintf(path, sizeof path, "/products/%s", jstr(r.json, "data.id"));
    struct http_resp g;
    get(path, &g);
    ck_assert_int_eq(g.status, 200);
    ck_assert_str_eq(jstr(g.json, "data.id"), jstr(r.json, "data.id"));
    ck_assert_str_eq(jstr(g.json, "data.name"), "Café Grinder");
    ck_assert_str_eq(jstr(g.json, "data.createdAt"), jstr(r.json, "data.createdAt"));
    http_resp_free(&g);
    /* An upper-case id names the same product. */
    for (char *p = path; *p; p++)
        if (*p >= 'a' && *p <= 'f')
            *p = (char)(*p - 32);
    memcpy(path, "/products/", 10);
    get(path, &g);
    ck_assert_int_eq(g.status, 200);
    http_resp_free(&g);
    http_resp_free(&r);

    /* Without imageUrl the member is left out; 10 in stock is not low. */
    post("{\"name\":\"Plain\",\"description\":\"No picture here.\","
         "\"category\":\"other\",\"price\":1,\"quantity\":10,\"sku\":\"PLN\"}",
         &r);
    ck_assert_int_eq(r.status, 201);
    ck_assert_ptr_null(jpath(r.json, "data.imageUrl"));
    ck_assert(cJSON_IsFalse(jpath(r.json, "data.isLowStock")));
    http_resp_free(&r);
}
END_TEST

START_TEST(every_bad_field_is_named)
{
    struct http_resp r;
    post("{\"name\":\"ab\",\"description\":\"short\",\"category\":\"weapons\","
         "\"price\":12.5,\"quantity\":-1,\"sku\":\"a b\","
         "\"imageUrl\":\"ftp://x.example.com/a.png\"}",
         &r);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    const char *fields[] = {"name", "description", "category", "price",
                            "quantity", "sku", "imageUrl"};
    for (int i = 0; i < 7; i++)
        ck_assert_msg(api_has_detail(r.json, fields[i]), "%s: %s", fields[i],
                      r.body);
    ck_assert_int_eq(api_detail_count(r.json), 7);
    http_resp_free(&r);

    /* An empty object: every required field is missing. */
    post("{}", &r);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    ck_assert_int_eq(api_detail_count(r.json), 6);
    ck_assert(!api_has_detail(r.json, "imageUrl"));
    http_resp_free(&r);
}
END_TEST

/* One body with one field replaced; the answer must be 400 naming field
 * (or 201 when ok). */
static void try_field(const char *field, const char *json_value, bool ok)
{
    static int n;
    struct strbuf sb = {0};
    const char *base[][2] = {
        {"name", "\"Valid name\""},
        {"description", "\"A valid description.\""},
        {"category", "\"books\""},
        {"price", "100"},
        {"quantity", "5"},
        {"sku", NULL},
    };
    strbuf_puts(&sb, "{");
    for (int i = 0; i < 6; i++) {
        strbuf_printf(&sb, "%s\"%s\":", i ? "," : "", base[i][0]);
        if (strcmp(base[i][0], field) == 0)
            strbuf_puts(&sb, json_value);
        else if (!base[i][1])
            strbuf_printf(&sb, "\"SKU-%d-%d\"", (int)getpid(), n++);
        else
            strbuf_puts(&sb, base[i][1]);
    }
    if (strcmp(field, "imageUrl") == 0)
        strbuf_printf(&sb, ",\"imageUrl\":%s", json_value);
    strbuf_puts(&sb, "}");
    struct http_resp r;
    post(sb.buf, &r);
    if (ok) {
        ck_assert_msg(r.status == 201, "%s=%.60s: %ld %s", field, json_value,
                      r.status, r.body);
    } else {
        ck_assert_msg(r.status == 400, "%s=%.60s: %ld %s", field, json_value,
                      r.status, r.body);
        ck_assert_str_eq(jstr(r.json, "error.code"), "VALIDATION_ERROR");
        ck_assert_msg(api_has_detail(r.json, field) &&
                          api_detail_count(r.json) == 1,
                      "%s: %s", field, r.body);
    }
    http_resp_free(&r);
    strbuf_free(&sb);
}

static char *repeat(const char *unit, int times)
{
    struct strbuf sb = {0};
    strbuf_puts(&sb, "\"");
    for (int i = 0; i < times; i++)
        strbuf_puts(&sb, unit);
    strbuf_puts(&sb, "\"");
    return strbuf_detach(&sb, NULL);
}

START_TEST(each_rule_at_its_limits)
{
    /* price: integer cents 1..100,000,000 */
    try_field("price", "1", true);
    try_field("price", "100000000", true);
    try_field("price", "0", false);
    try_field("price", "100000001", false);
    try_field("price", "12.5", false);
    try_field("price", "\"12\"", false);
    try_field("price", "true", false);
    try_field("price", "1e300", false);
    try_field("price", "null", false);
    /* quantity: 0..1,000,000 */
    try_field("quantity", "0", true);
    try_field("quantity", "1000000", true);
    try_field("quantity", "-1", false);
    try_field("quantity", "1000001", false);
    try_field("quantity", "1.5", false);
    try_field("quantity", "\"3\"", false);
    /* category */
    const char *cats[] = {"electronics", "clothing", "home", "sports",
                          "books", "toys", "food", "other"};
    for (int i = 0; i < 8; i++) {
        char v[32];
        snprintf(v, sizeof v, "\"%s\"", cats[i]);
        try_field("category", v, true);
    }
    try_field("category", "\"Books\"", false);
    try_field("category", "\"\"", false);
    try_field("category", "7", false);
    /* name: 3..200 code points, no control characters, valid UTF-8 */
    char *s = repeat("é", 200); /* 400 bytes, 200 characters */
    try_field("name", s, true);
    free(s);
    s = repeat("é", 201);
    try_field("name", s, false);
    free(s);
    try_field("name", "\"abc\"", true);
    try_field("name", "\"ab\"", false);
    try_field("name", "\"日本\"", false); /* 2 characters, 6 bytes */
    try_field("name", "\"bad\\u0007bell\"", false);
    try_field("name", "\"line\\nbreak\"", false);
    try_field("name", "\"esc\\u001b[31m\"", false);
    try_field("name", "\"c1\\u009bcsi\"", false);
    try_field("name", "\"bidi\\u202eevil\"", false);
    /* Invalid UTF-8 (\xff, overlong \xc0\xaf) is not JSON at all: 400
     * BAD_REQUEST before any field is read (test_strict_json.c). */
    try_field("name", "42", false);
    /* description: 10..2000, newlines allowed */
    s = repeat("x", 2000);
    try_field("description", s, true);
    free(s);
    s = repeat("x", 2001);
    try_field("description", s, false);
    free(s);
    try_field("description", "\"two\\nlines here\"", true);
    try_field("description", "\"123456789\"", false);
    /* sku: 3..50 of [A-Za-z0-9_-] */
    s = repeat("Z", 50);
    try_field("sku", s, true);
    free(s);
    s = repeat("Z", 51);
    try_field("sku", s, false);
    free(s);
    try_field("sku", "\"ab\"", false);
    try_field("sku", "\"a.b.c\"", false);
    try_field("sku", "\"abcé\"", false);
    /* imageUrl: optional http(s) URL of at most 500 */
    try_field("imageUrl", "\"http://example.com/a.png\"", true);
    try_field("imageUrl", "null", true);
    try_field("imageUrl", "\"javascript:alert(1)\"", false);
    try_field("imageUrl", "\"https://\"", false);
    try_field("imageUrl", "\"https://ex ample.com/\"", false);
    try_field("imageUrl", "12", false);
    struct strbuf u = {0};
    strbuf_puts(&u, "\"https://example.com/");
    for (int i = 0; i < 481; i++)
        strbuf_puts(&u, "a");
    strbuf_puts(&u, "\""); /* 20 + 481 = 501 characters */
    try_field("imageUrl", u.buf, false);
    u.buf[u.len - 2] = '"';
    u.buf[u.len - 1] = '\0'; /* 500 */
    try_field("imageUrl", u.buf, true);
    strbuf_free(&u);
}
END_TEST

START_TEST(malformed_bodies_are_bad_requests)
{
    const char *bodies[] = {"{\"name\":", "not json", "[1,2]", "\"text\"",
                            "{} trailing"};
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        struct http_resp r;
        post(bodies[i], &r);
        api_assert_error(&r, 400, "BAD_REQUEST");
        http_resp_free(&r);
    }
    struct http_resp r;
    http_call(&srv, "POST", "/products", tok, NULL, &r, NULL);
    api_assert_error(&r, 400, "BAD_REQUEST");
    http_resp_free(&r);
    char *id = api_create_product(&srv, tok, "For PUT", "PUT-MALFORMED", "toys", 3);
    char path[128];
    snprintf(path, sizeof path, "/products/%s", id);
    http_call(&srv, "PUT", path, tok, "{\"price\":", &r, NULL);
    api_assert_error(&r, 400, "BAD_REQUEST");
    http_resp_free(&r);
    free(id);
}
END_TEST

START_TEST(ids_must_be_uuids_and_exist)
{
    const char *bad[] = {"/products/123", "/products/not-a-uuid",
                         "/products/0b7e5f4a-1c2d-4e3f-8a9b-0c1d2e3f4a5",
                         "/products/0b7e5f4a-1c2d-4e3f-8a9b-0c1d2e3f4a5bb",
                         "/products/0b7e5f4a_1c2d_4e3f_8a9b_0c1d2e3f4a5b",
                         "/products/zb7e5f4a-1c2d-4e3f-8a9b-0c1d2e3f4a5b"};
    const char *methods[] = {"GET", "PUT", "DELETE"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        for (int m = 0; m < 3; m++) {
            struct http_resp r;
            http_call(&srv, methods[m], bad[i], tok,
                      m == 1 ? "{\"price\":5}" : NULL, &r, NULL);
            api_assert_error(&r, 400, "VALIDATION_ERROR");
            ck_assert(api_has_detail(r.json, "id"));
            http_resp_free(&r);
        }
    }
    const char *missing = "/products/6f1c1f4e-0000-4000-8000-000000000000";
    for (int m = 0; m < 3; m++) {
        struct http_resp r;
        http_call(&srv, methods[m], missing, tok,
                  m == 1 ? "{\"price\":5}" : NULL, &r, NULL);
        api_assert_error(&r, 404, "NOT_FOUND");
        ck_assert_str_eq(jstr(r.json, "error.message"), "Product not found");
        http_resp_free(&r);
    }
}
END_TEST

START_TEST(duplicate_sku_conflicts)
{
    char *a = api_create_product(&srv, tok, "First", "DUP-SKU-1", "books", 1);
    char *b = api_create_product(&srv, tok, "Second", "DUP-SKU-2", "books", 1);
    struct http_resp r;
    post("{\"name\":\"Again\",\"description\":\"Same SKU as before.\","
         "\"category\":\"books\",\"price\":5,\"quantity\":1,"
         "\"sku\":\"DUP-SKU-1\"}",
         &r);
    api_assert_error(&r, 409, "CONFLICT");
    http_resp_free(&r);
    char path[128];
    snprintf(path, sizeof path, "/products/%s", b);
    http_call(&srv, "PUT", path, tok, "{\"sku\":\"DUP-SKU-1\"}", &r, NULL);
    api_assert_error(&r, 409, "CONFLICT");
    http_resp_free(&r);
    /* Nothing changed, and keeping one's own SKU is no conflict. */
    get(path, &r);
    ck_assert_str_eq(jstr(r.json, "data.sku"), "DUP-SKU-2");
    http_resp_free(&r);
    http_call(&srv, "PUT", path, tok, "{\"sku\":\"DUP-SKU-2\",\"quantity\":4}",
              &r, NULL);
    ck_assert_msg(r.status == 200, "%s", r.body);
    http_resp_free(&r);
    free(a);
    free(b);
}
END_TEST

START_TEST(update_is_partial)
{
    struct http_resp r;
    post("{\"name\":\"Lamp\",\"description\":\"A desk lamp, warm light.\","
         "\"category\":\"home\",\"price\":2500,\"quantity\":40,"
         "\"sku\":\"LAMP-1\",\"imageUrl\":\"http://example.com/lamp.jpg\"}",
         &r);
    ck_assert_int_eq(r.status, 201);
    char id[UUID_STR_LEN];
    snprintf(id, sizeof id, "%s", jstr(r.json, "data.id"));
    char created[32];
    snprintf(created, sizeof created, "%s", jstr(r.json, "data.createdAt"));
    http_resp_free(&r);
    char path[128];
    snprintf(path, sizeof path, "/products/%s", id);

    usleep(5000); /* so updatedAt moves on */
    http_call(&srv, "PUT", path, tok, "{\"price\":2750,\"quantity\":3}", &r, NULL);
    ck_assert_msg(r.status == 200, "%s", r.body);
    ck_assert(jnum(r.json, "data.price") == 2750);
    ck_assert(jnum(r.json, "data.quantity") == 3);
    ck_assert(cJSON_IsTrue(jpath(r.json, "data.isLowStock")));
    ck_assert_str_eq(jstr(r.json, "data.name"), "Lamp");
    ck_assert_str_eq(jstr(r.json, "data.description"), "A desk lamp, warm light.");
    ck_assert_str_eq(jstr(r.json, "data.category"), "home");
    ck_assert_str_eq(jstr(r.json, "data.sku"), "LAMP-1");
    ck_assert_str_eq(jstr(r.json, "data.imageUrl"), "http://example.com/lamp.jpg");
    ck_assert_str_eq(jstr(r.json, "data.createdAt"), created);
    ck_assert_str_gt(jstr(r.json, "data.updatedAt"), created);
    ck_assert_str_eq(jstr(r.json, "data.createdBy"), SUB);
    http_resp_free(&r);

    /* The change is stored; imageUrl null removes the image. */
    http_call(&srv, "PUT", path, tok, "{\"imageUrl\":null,\"name\":\"Lamp 2\"}",
              &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    get(path, &r);
    ck_assert_str_eq(jstr(r.json, "data.name"), "Lamp 2");
    ck_assert(jnum(r.json, "data.price") == 2750);
    ck_assert_ptr_null(jpath(r.json, "data.imageUrl"));
    http_resp_free(&r);

    /* Empty update, unknown fields only, and bad given fields are 400. */
    http_call(&srv, "PUT", path, tok, "{}", &r, NULL);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    http_resp_free(&r);
    http_call(&srv, "PUT", path, tok, "{\"colour\":\"red\"}", &r, NULL);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    http_resp_free(&r);
    http_call(&srv, "PUT", path, tok,
              "{\"price\":0,\"name\":\"x\",\"quantity\":2}", &r, NULL);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    ck_assert(api_has_detail(r.json, "price"));
    ck_assert(api_has_detail(r.json, "name"));
    ck_assert_int_eq(api_detail_count(r.json), 2);
    http_resp_free(&r);
    /* A refused update changed nothing. */
    ck_assert_int_eq(api_stock(&srv, tok, id), 3);
}
END_TEST

START_TEST(delete_then_get_is_404)
{
    char *id = api_create_product(&srv, tok, "Doomed", "DOOMED-1", "food", 2);
    char path[128];
    snprintf(path, sizeof path, "/products/%s", id);
    struct http_resp r;
    http_call(&srv, "DELETE", path, tok, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert(cJSON_IsTrue(jpath(r.json, "success")));
    ck_assert_str_eq(jstr(r.json, "data.message"), "Product deleted successfully");
    ck_assert_str_eq(jstr(r.json, "data.deletedId"), id);
    http_resp_free(&r);
    get(path, &r);
    api_assert_error(&r, 404, "NOT_FOUND");
    http_resp_free(&r);
    http_call(&srv, "DELETE", path, tok, NULL, &r, NULL);
    api_assert_error(&r, 404, "NOT_FOUND");
    http_resp_free(&r);
    /* Its SKU is free again. */
    char *again = api_create_product(&srv, tok, "Reborn", "DOOMED-1", "food", 2);
    free(again);
    free(id);
}
END_TEST

/* Any signed-in user reads the catalogue; only the admin group writes it.
 * A customer's write is refused before its body is looked at, so even a
 * bad one is a 403 (not a 400 that would tell them what to fix). */
START_TEST(customers_may_not_write_products)
{
    char *id = api_create_product(&srv, tok, "Guarded", "GUARD-1", "home", 5);
    char path[128];
    snprintf(path, sizeof path, "/products/%s", id);
    static const char good[] =
        "{\"name\":\"Sneaky\",\"description\":\"Made by a customer.\","
        "\"category\":\"home\",\"price\":100,\"quantity\":1,"
        "\"sku\":\"SNEAK-1\"}";
    const char *const writes[][3] = {
        {"POST", "/products", good},
        {"POST", "/products", "{\"name\":\"x\"}"},
        {"PUT", path, "{\"price\":1,\"quantity\":0}"},
        {"PUT", path, "{}"},
        {"DELETE", path, NULL},
    };
    struct http_resp r;
    for (size_t i = 0; i < sizeof writes / sizeof *writes; i++) {
        http_call(&srv, writes[i][0], writes[i][1], cust, writes[i][2], &r,
                  NULL);
        api_assert_error(&r, 403, "FORBIDDEN");
        const char *msg = jstr(r.json, "error.message");
        ck_assert_msg(strstr(msg, "needs an administrator") &&
                          strstr(msg, "admin group"),
                      "%s %s: %s", writes[i][0], writes[i][1], r.body);
        http_resp_free(&r);
    }
    /* Nothing changed, and the customer still reads it. */
    http_call(&srv, "GET", path, cust, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.name"), "Guarded");
    ck_assert(jnum(r.json, "data.quantity") == 5);
    ck_assert(jnum(r.json, "data.price") == 1999);
    http_resp_free(&r);
    http_call(&srv, "GET", "/products?search=Sneaky", cust, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq((int)jnum(r.json, "data.count"), 0);
    http_resp_free(&r);
    /* The same writes as the admin go through. */
    http_call(&srv, "PUT", path, tok, "{\"price\":1,\"quantity\":0}", &r,
              NULL);
    ck_assert_msg(r.status == 200, "%s", r.body);
    http_resp_free(&r);
    http_call(&srv, "DELETE", path, tok, NULL, &r, NULL);
    ck_assert_msg(r.status == 200, "%s", r.body);
    http_resp_free(&r);
    free(id);
}
END_TEST

/* The writers are the configured admin group ([auth] admin_group), the
 * one that also names who may use /admin: "admin" there is nobody. */
START_TEST(writers_are_the_configured_admin_group)
{
    struct testsrv s;
    testsrv_start(&s, "[auth]\nadmin_group = staff\n");
    static const char *const staff[] = {"staff"}, *const admin[] = {"admin"};
    struct tokfix_claims c = {.sub = SUB, .email = "alice@example.com",
                              .lifetime = 3600, .use = TOKEN_ID,
                              .groups = admin, .ngroups = 1};
    char *as_admin = tokfix_mint(&s, &c);
    c.groups = staff;
    char *as_staff = tokfix_mint(&s, &c);
    static const char body[] =
        "{\"name\":\"Staff Pick\",\"description\":\"Chosen by the staff.\","
        "\"category\":\"books\",\"price\":500,\"quantity\":9,"
        "\"sku\":\"STAFF-1\"}";
    struct http_resp r;
    http_call(&s, "POST", "/products", as_admin, body, &r, NULL);
    api_assert_error(&r, 403, "FORBIDDEN");
    http_resp_free(&r);
    http_call(&s, "POST", "/products", as_staff, body, &r, NULL);
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    http_resp_free(&r);
    free(as_admin);
    free(as_staff);
    testsrv_stop(&s);
}
END_TEST

START_TEST(list_query_parameters_are_checked)
{
    const char *bad[][2] = {
        {"/products?limit=0", "limit"},
        {"/products?limit=101", "limit"},
        {"/products?limit=abc", "limit"},
        {"/products?limit=-5", "limit"},
        {"/products?limit=2.5", "limit"},
        {"/products?limit=", "limit"},
        {"/products?category=weapons", "category"},
        {"/products?nextToken=garbage", "nextToken"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct http_resp r;
        get(bad[i][0], &r);
        api_assert_error(&r, 400, "VALIDATION_ERROR");
        ck_assert_msg(api_has_detail(r.json, bad[i][1]), "%s: %s", bad[i][0],
                      r.body);
        http_resp_free(&r);
    }
    /* search: 100 characters fine, 101 refused. */
    struct strbuf p = {0};
    strbuf_puts(&p, "/products?search=");
    for (int i = 0; i < 100; i++)
        strbuf_puts(&p, "s");
    struct http_resp r;
    get(p.buf, &r);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    strbuf_puts(&p, "s");
    get(p.buf, &r);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    ck_assert(api_has_detail(r.json, "search"));
    http_resp_free(&r);
    strbuf_free(&p);
    /* Several bad parameters: all named. */
    get("/products?limit=0&category=nope&nextToken=x", &r);
    api_assert_error(&r, 400, "VALIDATION_ERROR");
    ck_assert_int_eq(api_detail_count(r.json), 3);
    http_resp_free(&r);
    get("/products?limit=1&limit=100", &r);
    ck_assert_int_lt(r.status, 500);
    http_resp_free(&r);
}
END_TEST

/* ---- pagination: its own server, so the counts are exact ---- */

static char *ids[45];

static void up_catalog(void)
{
    up();
    /* Every third is a book; names carry LIKE's wildcards literally. */
    for (int i = 0; i < 45; i++) {
        char name[64], sku[32];
        if (i == 7)
            snprintf(name, sizeof name, "Widget 100%% cotton");
        else if (i == 8)
            snprintf(name, sizeof name, "Widget under_score");
        else
            snprintf(name, sizeof name, "%s %02d",
                     i % 2 ? "Gadget" : "WIDGET", i);
        snprintf(sku, sizeof sku, "PAGE-%02d", i);
        ids[i] = api_create_product(&srv, tok, name, sku,
                                    i % 3 == 0 ? "books" : "toys", i);
    }
}

static void down_catalog(void)
{
    for (int i = 0; i < 45; i++) {
        free(ids[i]);
        ids[i] = NULL;
    }
    down();
}

/* Follows nextToken from first; returns how many pages, checks page sizes
 * against sizes[] and collects the ids in order. */
static int walk(const char *first, const int *sizes, int npages,
                char **seen, int *nseen)
{
    char path[512];
    snprintf(path, sizeof path, "%s", first);
    int pages = 0;
    *nseen = 0;
    for (;;) {
        struct http_resp r;
        get(path, &r);
        ck_assert_msg(r.status == 200, "%s: %s", path, r.body);
        int count = (int)jnum(r.json, "data.count");
        ck_assert_int_eq(cJSON_GetArraySize(jpath(r.json, "data.items")), count);
        ck_assert_int_lt(pages, npages);
        ck_assert_msg(count == sizes[pages], "page %d of %s: %d items", pages,
                      first, count);
        const cJSON *it;
        cJSON_ArrayForEach(it, jpath(r.json, "data.items"))
            seen[(*nseen)++] = strdup(jstr(it, "id"));
        pages++;
        const cJSON *next = jpath(r.json, "data.nextToken");
        ck_assert_ptr_nonnull(next);
        if (cJSON_IsNull(next)) {
            http_resp_free(&r);
            break;
        }
        ck_assert(cJSON_IsString(next));
        snprintf(path, sizeof path, "%s%snextToken=%s", first,
                 strchr(first, '?') ? "&" : "?", next->valuestring);
        http_resp_free(&r);
    }
    return pages;
}

static void free_seen(char **seen, int n)
{
    for (int i = 0; i < n; i++)
        free(seen[i]);
}

START_TEST(pages_are_full_newest_first_without_duplicates)
{
    char *seen[64];
    int n;
    const int sizes[] = {20, 20, 5};
    ck_assert_int_eq(walk("/products?limit=20", sizes, 3, seen, &n), 3);
    ck_assert_int_eq(n, 45);
    for (int i = 0; i < 45; i++)
        ck_assert_str_eq(seen[i], ids[44 - i]); /* newest first, each once */
    free_seen(seen, n);

    /* The default limit is 20. */
    ck_assert_int_eq(walk("/products", sizes, 3, seen, &n), 3);
    free_seen(seen, n);

    /* Exactly one page's worth: the last full page says null. */
    const int all[] = {45};
    ck_assert_int_eq(walk("/products?limit=45", all, 1, seen, &n), 1);
    free_seen(seen, n);
    const int hundred[] = {45};
    ck_assert_int_eq(walk("/products?limit=100", hundred, 1, seen, &n), 1);
    free_seen(seen, n);
}
END_TEST

START_TEST(filters_page_too)
{
    char *seen[64];
    int n;
    /* 15 books: i = 0, 3, ..., 42. */
    const int books[] = {10, 5};
    ck_assert_int_eq(walk("/products?category=books&limit=10", books, 2, seen, &n), 2);
    for (int i = 0; i < n; i++)
        ck_assert_str_eq(seen[i], ids[42 - 3 * i]);
    free_seen(seen, n);

    /* search is a case-insensitive substring: "widget" matches WIDGET xx
     * (even i, 8 included) and "Widget 100% cotton" (i = 7): 24. */
    const int widgets[] = {10, 10, 4};
    ck_assert_int_eq(walk("/products?search=wIdGeT&limit=10", widgets, 3, seen, &n), 3);
    free_seen(seen, n);

    /* % and _ are literal. */
    const int one[] = {1};
    ck_assert_int_eq(walk("/products?search=%25", one, 1, seen, &n), 1);
    ck_assert_str_eq(seen[0], ids[7]);
    free_seen(seen, n);
    ck_assert_int_eq(walk("/products?search=_", one, 1, seen, &n), 1);
    ck_assert_str_eq(seen[0], ids[8]);
    free_seen(seen, n);
    const int none[] = {0};
    ck_assert_int_eq(walk("/products?search=zzz", none, 1, seen, &n), 1);
    free_seen(seen, n);

    /* Both filters: books whose name has "gadget" (odd i, i % 3 == 0). */
    const int both[] = {4, 3};
    ck_assert_int_eq(walk("/products?category=books&search=GADGET&limit=4",
                          both, 2, seen, &n), 2);
    for (int i = 0; i < n; i++)
        ck_assert_str_eq(seen[i], ids[39 - 6 * i]);
    free_seen(seen, n);
}
END_TEST

START_TEST(foreign_tokens_are_refused)
{
    struct http_resp r;
    get("/products?limit=5", &r);
    char token[256];
    snprintf(token, sizeof token, "%s", jstr(r.json, "data.nextToken"));
    http_resp_free(&r);
    char books[256];
    get("/products?limit=5&category=books", &r);
    snprintf(books, sizeof books, "%s", jstr(r.json, "data.nextToken"));
    http_resp_free(&r);

    char path[512];
    size_t len = strlen(token);
    char garbled[256], truncated[256], extended[sizeof token + 4];
    snprintf(garbled, sizeof garbled, "%s", token);
    garbled[len / 2] = garbled[len / 2] == 'A' ? 'B' : 'A';
    snprintf(truncated, sizeof truncated, "%.*s", (int)len - 3, token);
    snprintf(extended, sizeof extended, "%sAAAA", token);
    const char *queries[][2] = {
        {"limit=5", garbled},
        {"limit=5", truncated},
        {"limit=5", extended},
        {"limit=5", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
        {"limit=5", "eyJQSyI6IlBST0RVQ1QiLCJTSyI6IlBST0RVQ1QifQ"},
        {"limit=5", "!!!not-base64!!!"},
        {"limit=5&category=toys", books},   /* another filter's token */
        {"limit=5&category=books&search=x", books},
        {"limit=5&category=books", token},
        {"limit=5&search=widget", token},
    };
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        snprintf(path, sizeof path, "/products?%s&nextToken=%s", queries[i][0],
                 queries[i][1]);
        get(path, &r);
        api_assert_error(&r, 400, "VALIDATION_ERROR");
        ck_assert_msg(api_has_detail(r.json, "nextToken"), "%s", path);
        http_resp_free(&r);
    }
    /* The genuine tokens still work with their own filters, and a limit
     * change keeps the same list. */
    snprintf(path, sizeof path, "/products?limit=7&nextToken=%s", token);
    get(path, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.items.0.id"), ids[39]);
    http_resp_free(&r);
    snprintf(path, sizeof path, "/products?category=books&nextToken=%s", books);
    get(path, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.items.0.id"), ids[27]);
    http_resp_free(&r);
}
END_TEST

START_TEST(products_need_a_token)
{
    struct http_resp r;
    http_call(&srv, "GET", "/products", NULL, NULL, &r, NULL);
    api_assert_error(&r, 401, "UNAUTHORIZED");
    http_resp_free(&r);
    http_call(&srv, "PATCH", "/products", tok, "{}", &r, NULL);
    ck_assert_int_eq(r.status, 405);
    http_resp_free(&r);
}
END_TEST

/* A fresh server met by many requests at once opens its store connections
 * concurrently; the pool must record each one (a lost one crashed the
 * server when it closed them). */
START_TEST(burst_on_a_fresh_server_then_clean_exit)
{
    long st[64];
    api_get_concurrently(&srv, tok, "/products?limit=100", 64, st);
    for (int i = 0; i < 64; i++)
        ck_assert_int_eq(st[i], 200);
    api_get_concurrently(&srv, tok, "/products?limit=100", 64, st);
    testsrv_stop_keep(&srv); /* asserts the server exits 0 */
}
END_TEST

/* cJSON ends a string at a NUL: "abc\u0000<script>" must not pass as
 * "abc", nor a raw NUL byte. An escaped backslash before "u0000" is text. */
START_TEST(nul_in_a_string_is_refused)
{
    const char *bad[] = {
        "{\"name\":\"abc\\u0000<script>\",\"description\":\"A perfectly good one\","
        "\"category\":\"other\",\"price\":1,\"quantity\":1,\"sku\":\"NUL-1\"}",
        "{\"name\":\"Fine name\",\"description\":\"A perfectly good one\","
        "\"category\":\"other\",\"price\":1,\"quantity\":1,\"sku\":\"NUL-2\\u0000 x\"}",
    };
    struct http_resp r;
    for (int i = 0; i < 2; i++) {
        http_call(&srv, "POST", "/products", tok, bad[i], &r, NULL);
        ck_assert_msg(r.status == 400, "%ld %s", r.status, r.body);
        ck_assert_str_eq(jstr(r.json, "error.code"), "BAD_REQUEST");
        http_resp_free(&r);
    }
    http_call(&srv, "POST", "/products", tok,
              "{\"name\":\"a\\\\u0000\",\"description\":\"A perfectly good one\","
              "\"category\":\"other\",\"price\":1,\"quantity\":1,\"sku\":\"NUL-3\"}",
              &r, NULL);
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    ck_assert_str_eq(jstr(r.json, "data.name"), "a\\u0000");
    http_resp_free(&r);
}
END_TEST

/* White space at the ends of a text field does not count, and a field
 * of nothing else is refused, by name; what is kept is the trimmed text. */
START_TEST(blank_and_padded_text)
{
    struct http_resp r;
    post("{\"name\":\"   \",\"description\":\"          \","
         "\"category\":\"other\",\"price\":1,\"quantity\":1,\"sku\":\"BLANK-1\"}",
         &r);
    ck_assert_msg(r.status == 400, "%ld %s", r.status, r.body);
    ck_assert_str_eq(jstr(r.json, "error.code"), "VALIDATION_ERROR");
    ck_assert_str_eq(jstr(r.json, "error.details.0.field"), "name");
    ck_assert_str_eq(jstr(r.json, "error.details.0.message"),
                     "name must not be blank");
    ck_assert_str_eq(jstr(r.json, "error.details.1.field"), "description");
    ck_assert_ptr_null(jpath(r.json, "error.details.2"));
    http_resp_free(&r);

    /* Two letters padded past the minimum are still two. */
    post("{\"name\":\"  ab  \",\"description\":\"A perfectly good one\","
         "\"category\":\"other\",\"price\":1,\"quantity\":1,\"sku\":\"BLANK-2\"}",
         &r);
    ck_assert_msg(r.status == 400, "%ld %s", r.status, r.body);
    ck_assert_str_eq(jstr(r.json, "error.details.0.field"), "name");
    http_resp_free(&r);

    post("{\"name\":\"  Padded Lamp\\u00a0\",\"description\":\"\\nA perfectly "
         "good one \",\"category\":\"other\",\"price\":1,\"quantity\":1,"
         "\"sku\":\"BLANK-3\"}",
         &r);
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    ck_assert_str_eq(jstr(r.json, "data.name"), "Padded Lamp");
    ck_assert_str_eq(jstr(r.json, "data.description"), "A perfectly good one");
    char path[128];
    snprintf(path, sizeof path, "/products/%s", jstr(r.json, "data.id"));
    http_resp_free(&r);

    /* An update to blank is refused too; the product keeps its name. */
    http_call(&srv, "PUT", path, tok, "{\"name\":\" \\t \"}", &r, NULL);
    ck_assert_msg(r.status == 400, "%ld %s", r.status, r.body);
    ck_assert_str_eq(jstr(r.json, "error.details.0.field"), "name");
    http_resp_free(&r);
    get(path, &r);
    ck_assert_str_eq(jstr(r.json, "data.name"), "Padded Lamp");
    http_resp_free(&r);
}
END_TEST

Suite *suite_products(void)
{
    Suite *s = suite_create("products");
    TCase *crud = tcase_create("crud");
    tcase_add_unchecked_fixture(crud, up, down);
    tcase_set_timeout(crud, 120);
    tcase_add_test(crud, create_returns_the_product);
    tcase_add_test(crud, every_bad_field_is_named);
    tcase_add_test(crud, each_rule_at_its_limits);
    tcase_add_test(crud, malformed_bodies_are_bad_requests);
    tcase_add_test(crud, ids_must_be_uuids_and_exist);
    tcase_add_test(crud, duplicate_sku_conflicts);
    tcase_add_test(crud, update_is_partial);
    tcase_add_test(crud, delete_then_get_is_404);
    tcase_add_test(crud, customers_may_not_write_products);
    tcase_add_test(crud, list_query_parameters_are_checked);
    tcase_add_test(crud, products_need_a_token);
    tcase_add_test(crud, nul_in_a_string_is_refused);
    tcase_add_test(crud, blank_and_padded_text);
    suite_add_tcase(s, crud);

    TCase *pages = tcase_create("pagination");
    tcase_add_unchecked_fixture(pages, up_catalog, down_catalog);
    tcase_set_timeout(pages, 120);
    tcase_add_test(pages, pages_are_full_newest_first_without_duplicates);
    tcase_add_test(pages, filters_page_too);
    tcase_add_test(pages, foreign_tokens_are_refused);
    suite_add_tcase(s, pages);

    TCase *burst = tcase_create("burst");
    tcase_add_checked_fixture(burst, up, down);
    tcase_set_timeout(burst, 120);
    tcase_add_test(burst, burst_on_a_fresh_server_then_clean_exit);
    suite_add_tcase(s, burst);

    TCase *group = tcase_create("group");
    tcase_set_timeout(group, 120);
    tcase_add_test(group, writers_are_the_configured_admin_group);
    suite_add_tcase(s, group);
    return s;
}
