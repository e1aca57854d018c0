/* model/: the product and order rules, UTF-8 counting, control
 * characters, white space at the ends of text, and the JSON writer. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "model/order.h"
#include "model/product.h"
#include "model/validate.h"
#include "unit/suites.h"

/* The fields named in a details array, comma-joined, in order. */
static char *fields_of(const cJSON *details)
{
    static char buf[256];
    buf[0] = '\0';
    const cJSON *e;
    cJSON_ArrayForEach(e, details) {
        if (buf[0])
            strcat(buf, ",");
        strcat(buf, cJSON_GetObjectItem(e, "field")->valuestring);
    }
    return buf;
}

START_TEST(utf8_length_counts_code_points)
{
    ck_assert_int_eq(validate_utf8_length("abc"), 3);
    ck_assert_int_eq(validate_utf8_length("\xc3\xa9\xc3\xa9\xc3\xa9"), 3); /* ééé */
    ck_assert_int_eq(validate_utf8_length("\xf0\x9f\x93\xa6"), 1);         /* 📦 */
    ck_assert_int_eq(validate_utf8_length("\xc3"), -1);                    /* cut */
    ck_assert_int_eq(validate_utf8_length("\xc0\xaf"), -1);                /* overlong */
    ck_assert_int_eq(validate_utf8_length("\xed\xa0\x80"), -1);            /* surrogate */
    ck_assert_int_eq(validate_utf8_length("\xff"), -1);
}
END_TEST

START_TEST(control_characters_are_found)
{
    ck_assert(!validate_has_control("plain text", false));
    ck_assert(validate_has_control("bell\x07", false));
    ck_assert(validate_has_control("esc\x1b[31m", false));
    ck_assert(validate_has_control("del\x7f", false));
    ck_assert(validate_has_control("c1 \xc2\x9b", false));      /* CSI */
    ck_assert(validate_has_control("rlo \xe2\x80\xae", false)); /* U+202E */
    ck_assert(validate_has_control("lri \xe2\x81\xa6", false)); /* U+2066 */
    ck_assert(validate_has_control("two\nlines", false));
    ck_assert(!validate_has_control("two\nlines\tok", true));
    ck_assert(!validate_has_control("caf\xc3\xa9", false));
}
END_TEST

START_TEST(valid_product_passes)
{
    cJSON *b = cJSON_Parse("{\"name\":\"Widget\",\"description\":\"A very fine widget\","
                           "\"category\":\"toys\",\"price\":1,\"quantity\":0,"
                           "\"sku\":\"W_1-a\",\"imageUrl\":\"https://x.io/a.png\",\"extra\":1}");
    struct product_input in;
    ck_assert_ptr_null(product_input_parse(b, false, &in));
    ck_assert_uint_eq(in.fields, PRODUCT_F_ALL);
    ck_assert_str_eq(in.sku, "W_1-a");
    ck_assert_int_eq(in.price, 1);
    cJSON_Delete(b);
}
END_TEST

START_TEST(every_bad_product_field_is_named)
{
    cJSON *b = cJSON_Parse("{\"name\":\"ab\",\"description\":\"short\",\"category\":\"Toys\","
                           "\"price\":12.5,\"quantity\":-1,\"sku\":\"a b\",\"imageUrl\":\"ftp://x\"}");
    struct product_input in;
    cJSON *d = product_input_parse(b, false, &in);
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(fields_of(d), "name,description,category,price,quantity,sku,imageUrl");
    cJSON_Delete(d);
    cJSON_Delete(b);

    /* A create needs every required field. */
    b = cJSON_Parse("{}");
    d = product_input_parse(b, false, &in);
    ck_assert_str_eq(fields_of(d), "name,description,category,price,quantity,sku");
    cJSON_Delete(d);
    cJSON_Delete(b);
}
END_TEST

/* An update body and the fields it must be refused for ("" for none). */
struct update_case {
    const char *json;
    const char *bad;
};

static void check_updates(const struct update_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cJSON *b = cJSON_Parse(cases[i].json);
        ck_assert_msg(b != NULL, "%s", cases[i].json);
        struct product_input in;
        cJSON *d = product_input_parse(b, true, &in);
        ck_assert_msg(strcmp(d ? fields_of(d) : "", cases[i].bad) == 0,
                      "%s: got [%s], want [%s]", cases[i].json,
                      d ? fields_of(d) : "", cases[i].bad);
        cJSON_Delete(d);
        cJSON_Delete(b);
    }
}

START_TEST(product_limits_are_inclusive)
{
    struct update_case cases[] = {
        {"{\"price\":100000000}", ""}, {"{\"price\":100000001}", "price"},
        {"{\"price\":0}", "price"}, {"{\"price\":\"12\"}", "price"},
        {"{\"price\":true}", "price"}, {"{\"price\":1e300}", "price"},
        {"{\"quantity\":1000000}", ""}, {"{\"quantity\":1000001}", "quantity"},
        {"{\"name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\"}", ""}, {"{\"name\":\"ab\"}", "name"},
        {"{\"name\":\"bad\\u001bname\"}", "name"},
        {"{\"sku\":\"abc\"}", ""}, {"{\"sku\":\"ab\"}", "sku"},
        {"{\"imageUrl\":\"javascript:alert(1)\"}", "imageUrl"},
        {"{\"imageUrl\":null}", ""}, {"{\"imageUrl\":\"http://\"}", "imageUrl"},
        {"{\"category\":\"home\"}", ""}, {"{\"category\":\"furniture\"}", "category"},
        {"{}", "body"}, {"{\"unknown\":1}", "body"},
    };
    check_updates(cases, sizeof cases / sizeof cases[0]);
    char name[300];
    memset(name, 'n', 201);
    name[201] = '\0';
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "name", name);
    struct product_input in;
    cJSON *d = product_input_parse(b, true, &in);
    ck_assert_str_eq(fields_of(d), "name");
    cJSON_Delete(d);
    cJSON_Delete(b);
}
END_TEST

/* The message recorded for field in details, or "". */
static const char *message_of(const cJSON *details, const char *field)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, details) {
        if (!strcmp(cJSON_GetObjectItem(e, "field")->valuestring, field))
            return cJSON_GetObjectItem(e, "message")->valuestring;
    }
    return "";
}

START_TEST(white_space_at_the_ends_does_not_count)
{
    struct update_case cases[] = {
        /* Blank: refused, however it is made of spaces. */
        {"{\"name\":\"   \"}", "name"},
        {"{\"name\":\"\"}", "name"},
        {"{\"name\":\"\\t \\u00a0\\u3000\\u200b\"}", "name"},
        {"{\"description\":\"\\n\\n   \\t\\r\\n\"}", "description"},
        /* Two letters padded to three or more characters are still two. */
        {"{\"name\":\" ab \"}", "name"},
        {"{\"name\":\"ab\\u00a0\"}", "name"},
        {"{\"description\":\"   short     \"}", "description"},
        /* Padding does not push a full-length value over the limit. */
        {"{\"name\":\"  abc  \"}", ""},
    };
    check_updates(cases, sizeof cases / sizeof cases[0]);

    /* 200 letters with spaces around them: valid, and kept trimmed. */
    char name[300];
    memset(name, ' ', 3);
    memset(name + 3, 'n', 200);
    memcpy(name + 203, " \xc2\xa0\t", 5);
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "name", name);
    cJSON_AddStringToObject(b, "description", "\n  Ten letters and more, then a newline\n");
    struct product_input in;
    ck_assert_ptr_null(product_input_parse(b, true, &in));
    ck_assert_uint_eq(strlen(in.name), 200);
    ck_assert_int_eq(in.name[0], 'n');
    ck_assert_str_eq(in.description, "Ten letters and more, then a newline");
    ck_assert_str_eq(cJSON_GetObjectItem(b, "name")->valuestring, in.name);
    cJSON_Delete(b);

    /* A blank field says so, not "3 to 200 characters". */
    b = cJSON_Parse("{\"name\":\"   \"}");
    cJSON *d = product_input_parse(b, true, &in);
    ck_assert_str_eq(message_of(d, "name"), "name must not be blank");
    cJSON_Delete(d);
    cJSON_Delete(b);

    /* Inner spaces count, and are kept. */
    b = cJSON_Parse("{\"name\":\"a  b\"}");
    ck_assert_ptr_null(product_input_parse(b, true, &in));
    ck_assert_str_eq(in.name, "a  b");
    cJSON_Delete(b);

    ck_assert_uint_eq(validate_space_prefix(" \xe3\x80\x80x "), 4);
    ck_assert_uint_eq(validate_trimmed_length(" x\xc3\xa9 \xe2\x80\x8b"), 4);
    ck_assert_uint_eq(validate_trimmed_length("\xe2\x80\x83"), 0);
}
END_TEST

START_TEST(order_input_rules)
{
    struct order_input in;
    cJSON *b = cJSON_Parse("{\"productId\":\"550e8400-e29b-41d4-a716-446655440000\",\"quantity\":100}");
    ck_assert_ptr_null(order_input_parse(b, &in));
    ck_assert_int_eq(in.quantity, 100);
    cJSON_Delete(b);
    b = cJSON_Parse("{\"productId\":\"nope\",\"quantity\":101}");
    cJSON *d = order_input_parse(b, &in);
    ck_assert_str_eq(fields_of(d), "productId,quantity");
    cJSON_Delete(d);
    cJSON_Delete(b);
    b = cJSON_Parse("{\"productId\":\"550e8400-e29b-41d4-a716-446655440000\",\"quantity\":0}");
    d = order_input_parse(b, &in);
    ck_assert_str_eq(fields_of(d), "quantity");
    cJSON_Delete(d);
    cJSON_Delete(b);
}
END_TEST

START_TEST(jsonw_writes_valid_escaped_json)
{
    struct strbuf sb = {0};
    struct jsonw w;
    jsonw_init(&w, &sb);
    jsonw_object_begin(&w);
    jsonw_key(&w, "s");
    jsonw_string(&w, "quote\" back\\ nl\n esc\x1b del\x7f caf\xc3\xa9");
    jsonw_key(&w, "n");
    jsonw_int(&w, -9223372036854775807LL - 1);
    jsonw_key(&w, "a");
    jsonw_array_begin(&w);
    jsonw_int(&w, 0);
    jsonw_bool(&w, true);
    jsonw_null(&w);
    jsonw_string(&w, NULL);
    jsonw_object_begin(&w);
    jsonw_object_end(&w);
    jsonw_array_end(&w);
    jsonw_key(&w, "t");
    jsonw_time(&w, 0);
    jsonw_object_end(&w);
    cJSON *j = cJSON_Parse(sb.buf);
    ck_assert_msg(j != NULL, "%s", sb.buf);
    ck_assert_str_eq(cJSON_GetObjectItem(j, "s")->valuestring,
                     "quote\" back\\ nl\n esc\x1b del\x7f caf\xc3\xa9");
    ck_assert_ptr_nonnull(strstr(sb.buf, "\\u001b"));
    ck_assert_ptr_nonnull(strstr(sb.buf, "-9223372036854775808"));
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "a")), 5);
    ck_assert_str_eq(cJSON_GetObjectItem(j, "t")->valuestring, "1970-01-01T00:00:00.000Z");
    cJSON_Delete(j);
    strbuf_free(&sb);
}
END_TEST

/* The escape scan reads eight bytes at a time: every byte that needs an
 * escape, at every offset around a word's edge, in a long plain text, is
 * still escaped, and a text without one is copied as it is. */
START_TEST(jsonw_escapes_at_every_offset)
{
    const unsigned char special[] = {0x00, 0x01, 0x1f, '"', '\\', 0x7f};
    for (size_t k = 0; k < sizeof special; k++) {
        for (int at = 0; at < 20; at++) {
            char text[32];
            memset(text, 'a', sizeof text);
            text[31] = '\0';
            text[at] = (char)special[k]; /* 0: the end, at that offset */
            struct strbuf sb = {0};
            struct jsonw w;
            jsonw_init(&w, &sb);
            jsonw_array_begin(&w);
            jsonw_string(&w, text);
            jsonw_string(&w, "\xc3\xa9\xe2\x82\xac plain \xf0\x9f\x98\x80 text");
            jsonw_array_end(&w);
            cJSON *j = cJSON_Parse(sb.buf);
            ck_assert_msg(j != NULL, "byte %#x at %d: %s", special[k], at,
                          sb.buf);
            ck_assert_str_eq(cJSON_GetArrayItem(j, 0)->valuestring, text);
            ck_assert_str_eq(cJSON_GetArrayItem(j, 1)->valuestring,
                             "\xc3\xa9\xe2\x82\xac plain \xf0\x9f\x98\x80 text");
            for (size_t i = 0; i < sb.len; i++) {
                unsigned char c = (unsigned char)sb.buf[i];
                ck_assert_msg(c >= 0x20 && c != 0x7f,
                              "raw byte %#x at %zu (byte %#x at %d)", c, i,
                              special[k], at);
            }
            cJSON_Delete(j);
            strbuf_free(&sb);
        }
    }
}
END_TEST

START_TEST(order_json_has_items_and_queue_body)
{
    struct order o = {0};
    snprintf(o.id, sizeof o.id, "660e8400-e29b-41d4-a716-446655440001");
    snprintf(o.product_id, sizeof o.product_id, "550e8400-e29b-41d4-a716-446655440000");
    o.user_id = strdup("sub-1");
    o.user_email = strdup("u@example.com");
    o.product_name = strdup("Wireless Keyboard");
    o.quantity = 2;
    o.price_per_unit = 7999;
    o.total_amount = 15998;
    snprintf(o.status, sizeof o.status, "PENDING");
    struct strbuf sb = {0};
    struct jsonw w;
    jsonw_init(&w, &sb);
    order_write_json(&w, &o);
    cJSON *j = cJSON_Parse(sb.buf);
    cJSON *item = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "items"), 0);
    ck_assert_int_eq(cJSON_GetObjectItem(item, "totalPrice")->valueint, 15998);
    ck_assert_str_eq(cJSON_GetObjectItem(item, "productName")->valuestring, "Wireless Keyboard");
    cJSON_Delete(j);
    strbuf_free(&sb);
    char *body = order_queue_body(&o);
    j = cJSON_Parse(body);
    ck_assert_str_eq(cJSON_GetObjectItem(j, "orderId")->valuestring, o.id);
    ck_assert_int_eq(cJSON_GetObjectItem(j, "totalAmount")->valueint, 15998);
    cJSON_Delete(j);
    free(body);
    order_clear(&o);
}
END_TEST

Suite *suite_model(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, utf8_length_counts_code_points);
    tcase_add_test(tc, control_characters_are_found);
    tcase_add_test(tc, valid_product_passes);
    tcase_add_test(tc, every_bad_product_field_is_named);
    tcase_add_test(tc, product_limits_are_inclusive);
    tcase_add_test(tc, white_space_at_the_ends_does_not_count);
    tcase_add_test(tc, order_input_rules);
    tcase_add_test(tc, jsonw_writes_valid_escaped_json);
    tcase_add_test(tc, jsonw_escapes_at_every_offset);
    tcase_add_test(tc, order_json_has_items_and_queue_body);
    suite_add_tcase(s, tc);
    return s;
}
