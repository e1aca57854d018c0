/* The list routes' nextToken: it round-trips, is refused when changed,
 * under another key or another scope, and its MAC is HMAC-SHA256's (the
 * per-thread keyed context gives what a one-shot HMAC gives). */
#include <check.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>

#include "common/base64.h"
#include "server/handlers/cursor.h"
#include "unit/suites.h"

START_TEST(round_trip_and_refusals)
{
    unsigned char k1[32], k2[32];
    memset(k1, 0x11, sizeof k1);
    memset(k2, 0x22, sizeof k2);
    int64_t seq = 0;
    /* Alternate keys on one thread: the cached context follows the key. */
    for (int round = 0; round < 3; round++) {
        char *t = cursor_encode(k1, 4242, 7);
        ck_assert_int_eq(cursor_decode(k1, t, 7, &seq), 0);
        ck_assert_int_eq(seq, 4242);
        ck_assert_int_eq(cursor_decode(k2, t, 7, &seq), -1);
        ck_assert_int_eq(cursor_decode(k1, t, 8, &seq), -1);
        t[strlen(t) - 2] = t[strlen(t) - 2] == 'A' ? 'B' : 'A';
        ck_assert_int_eq(cursor_decode(k1, t, 7, &seq), -1);
        free(t);
        t = cursor_encode(k2, 99, 7);
        ck_assert_int_eq(cursor_decode(k2, t, 7, &seq), 0);
        ck_assert_int_eq(seq, 99);
        free(t);
    }

    char *t = cursor_encode(k1, 4242, 7);
    size_t len = 0;
    unsigned char *raw = base64url_decode(t, strlen(t), &len);
    ck_assert_uint_eq(len, 32);
    unsigned char full[EVP_MAX_MD_SIZE];
    unsigned int flen = 0;
    HMAC(EVP_sha256(), k1, 32, raw, 16, full, &flen);
    ck_assert_int_eq(memcmp(full, raw + 16, 16), 0);
    free(raw);
    free(t);
}
END_TEST

Suite *suite_cursor(void)
{
    Suite *s = suite_create("cursor");
    TCase *tc = tcase_create("token");
    tcase_add_test(tc, round_trip_and_refusals);
    suite_add_tcase(s, tc);
    return s;
}
