/* common/json_strict: exactly RFC 8259, plus the refusals it documents
 * (\u0000, lone surrogates, invalid UTF-8, deep nesting). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "common/json_strict.h"
#include "unit/suites.h"

static bool ok(const char *s)
{
    return json_strict_check(s, strlen(s), NULL);
}

/* The error for s, as "what at byte N". */
static const char *why(const char *s, size_t n)
{
    static char out[128];
    struct json_strict_error err = {0};
    if (json_strict_check(s, n, &err))
        return "valid";
    json_strict_describe(&err, out, sizeof out);
    return out;
}

START_TEST(accepts_rfc8259)
{
    static const char *const good[] = {
        "{}", "[]", " {\"a\" : [1, -2.5e+3, 0, 0.0, 1E-2, true, false, null]} ",
        "\"\"", "0", "-0", "123", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"",
        "\"\\ud83d\\ude00\"", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
        "{\"a\":{\"b\":{}}}", "[[],[{}]]", "\n\t\r 1 \n",
        "-1.23456789012345678901234567890123456789012345678901234567e+10",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        ck_assert_msg(ok(good[i]), "refused %s: %s", good[i],
                      why(good[i], strlen(good[i])));
}
END_TEST

START_TEST(refuses_with_a_reason_and_offset)
{
    static const struct {
        const char *in, *out;
    } bad[] = {
        {"{\"name\":\"Widget\\uZZZZ\x1b[2J\"}", "invalid \\u escape at byte 15"},
        {"{\"name\":\"a\\u00zz\"}", "invalid \\u escape at byte 10"},
        {"\"\\u12\"", "invalid \\u escape at byte 1"},
        {"\"\\u0000\"", "\\u0000 (NUL) in a string at byte 1"},
        {"\"\\ud800\"", "lone surrogate \\u escape at byte 1"},
        {"\"\\ud800\\u0041\"", "lone surrogate \\u escape at byte 1"},
        {"\"\\udc00\"", "lone surrogate \\u escape at byte 1"},
        {"\"\\x\"", "invalid escape at byte 1"},
        {"01", "leading zero in a number at byte 0"},
        {"00", "leading zero in a number at byte 0"},
        {"[-01]", "leading zero in a number at byte 2"},
        {"1.", "digit expected after '.' at byte 2"},
        {".5", "unexpected character at byte 0"},
        {"-", "digit expected after '-' at byte 1"},
        {"1e", "digit expected in the exponent at byte 2"},
        {"+1", "unexpected character at byte 0"},
        {"{} x", "trailing data after the JSON value at byte 3"},
        {"{}{}", "trailing data after the JSON value at byte 2"},
        {"", "unexpected end of input at byte 0"},
        {"  ", "unexpected end of input at byte 2"},
        {"{\"a\":1,}", "object key (a string) expected at byte 7"},
        {"[1,]", "unexpected character at byte 3"},
        {"[1 2]", "',' or ']' expected at byte 3"},
        {"{\"a\" 1}", "':' expected at byte 5"},
        {"{\"a\":1]", "',' or '}' expected at byte 6"},
        {"{'a':1}", "object key (a string) expected at byte 1"},
        {"tru", "invalid literal at byte 0"},
        {"NaN", "unexpected character at byte 0"},
        {"\"a\tb\"", "control character in a string at byte 2"},
        {"\"abc", "unterminated string at byte 0"},
        {"\"\xc0\xaf\"", "invalid UTF-8 at byte 1"},         /* overlong / */
        {"\"\xed\xa0\x80\"", "invalid UTF-8 at byte 1"},     /* U+D800 */
        {"\"\xf4\x90\x80\x80\"", "invalid UTF-8 at byte 1"}, /* > U+10FFFF */
        {"\"\xe2\x82\"", "invalid UTF-8 at byte 1"},         /* cut short */
        {"\"\xff\"", "invalid UTF-8 at byte 1"},
        {"\xef\xbb\xbf{}", "unexpected character at byte 0"}, /* BOM */
        {"[1234567890123456789012345678901234567890123456789012345678901234]",
         "number longer than 63 characters at byte 1"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_str_eq(why(bad[i].in, strlen(bad[i].in)), bad[i].out);
    /* A NUL byte, raw, in a string and after the value. */
    ck_assert_str_eq(why("\"a\0b\"", 5), "NUL byte at byte 2");
    ck_assert_str_eq(why("{}\0", 3), "trailing data after the JSON value at byte 2");
}
END_TEST

START_TEST(nesting_is_limited)
{
    char deep[2 * JSON_STRICT_DEPTH + 3];
    memset(deep, '[', JSON_STRICT_DEPTH);
    memset(deep + JSON_STRICT_DEPTH, ']', JSON_STRICT_DEPTH);
    deep[2 * JSON_STRICT_DEPTH] = '\0';
    ck_assert(ok(deep)); /* exactly the limit */
    memset(deep, '[', JSON_STRICT_DEPTH + 1);
    memset(deep + JSON_STRICT_DEPTH + 1, ']', JSON_STRICT_DEPTH + 1);
    deep[2 * JSON_STRICT_DEPTH + 2] = '\0';
    char want[64];
    snprintf(want, sizeof want, "nesting too deep at byte %d", JSON_STRICT_DEPTH);
    ck_assert_str_eq(why(deep, strlen(deep)), want);
    /* Objects and arrays mixed close in the right order. */
    ck_assert(ok("[{\"a\":[{\"b\":[]}]},{}]"));
    ck_assert(!ok("[{\"a\":[{\"b\":[]]}]},{}]"));
}
END_TEST

START_TEST(parse_returns_cjson_only_for_strict_text)
{
    struct json_strict_error err;
    const char *good = "{\"n\":\"W\\u00e9\"}";
    cJSON *j = json_strict_parse(good, strlen(good), &err);
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(cJSON_GetObjectItem(j, "n")->valuestring, "W\xc3\xa9");
    cJSON_Delete(j);
    const char *bad = "{\"n\":\"Widget\\uZZZZ\x1b]0;x\\u0007\"}";
    ck_assert_ptr_null(json_strict_parse(bad, strlen(bad), &err));
    ck_assert_uint_eq(err.at, 12);
    /* Only n bytes are read: what follows is not looked at. */
    ck_assert_ptr_null(json_strict_parse("{}", 1, NULL));
    j = json_strict_parse("{}garbage", 2, NULL);
    ck_assert_ptr_nonnull(j);
    cJSON_Delete(j);
    ck_assert_ptr_null(json_strict_parse(NULL, 0, NULL));
}
END_TEST

Suite *suite_json_strict(void)
{
    Suite *s = suite_create("json_strict");
    TCase *tc = tcase_create("json_strict");
    tcase_add_test(tc, accepts_rfc8259);
    tcase_add_test(tc, refuses_with_a_reason_and_offset);
    tcase_add_test(tc, nesting_is_limited);
    tcase_add_test(tc, parse_returns_cjson_only_for_strict_text);
    suite_add_tcase(s, tc);
    return s;
}
