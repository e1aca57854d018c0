/* serve --seed-demo: a believable shop and a demo admin who can sign in. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/base64.h"
#include "integration/suites.h"
#include "support/testsrv.h"

static char *demo_password(const struct testsrv *s)
{
    char path[400];
    snprintf(path, sizeof path, "%s/data/demo-password", s->dir);
    FILE *fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    char line[128] = {0};
    ck_assert_ptr_nonnull(fgets(line, sizeof line, fp));
    fclose(fp);
    line[strcspn(line, "\n")] = '\0';
    return strdup(line);
}

static char *sign_in(const struct testsrv *s, const char *email, const char *pw)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"%s\","
             "\"AuthParameters\":{\"USERNAME\":\"%s\",\"PASSWORD\":\"%s\"}}",
             s->client_id, email, pw);
    struct http_resp r;
    cognito_call(s, "InitiateAuth", body, &r);
    ck_assert_msg(r.status == 200, "%s", r.body);
    char *t = strdup(jstr(r.json, "AuthenticationResult.IdToken"));
    http_resp_free(&r);
    return t;
}

/* Every product, following nextToken. */
static int count_products(const struct testsrv *s, const char *token,
                          int *low, int *out_of_stock, unsigned *categories)
{
    char path[256] = "/products?limit=100";
    int n = 0;
    const char *cats[] = {"electronics", "clothing", "home", "sports",
                          "books", "toys", "food", "other"};
    for (;;) {
        struct http_resp r;
        http_call(s, "GET", path, token, NULL, &r, NULL);
        ck_assert_int_eq(r.status, 200);
        const cJSON *it;
        cJSON_ArrayForEach(it, jpath(r.json, "data.items")) {
            n++;
            double q = jnum(it, "quantity");
            if (q == 0)
                (*out_of_stock)++;
            else if (q < 10)
                (*low)++;
            for (int i = 0; i < 8; i++)
                if (strcmp(jstr(it, "category"), cats[i]) == 0)
                    *categories |= 1u << i;
        }
        const char *next = jstr(r.json, "data.nextToken");
        if (!next) {
            http_resp_free(&r);
            return n;
        }
        snprintf(path, sizeof path, "/products?limit=100&nextToken=%s", next);
        http_resp_free(&r);
    }
}

START_TEST(demo_shop_is_stocked_and_admin_signs_in)
{
    struct testsrv s;
    testsrv_start_with(&s, NULL, "--seed-demo");
    char *pw = demo_password(&s);
    char *token = sign_in(&s, "demo@inventui.local", pw);

    /* The admin is an admin: the ID token names the group. */
    const char *dot1 = strchr(token, '.'), *dot2 = strrchr(token, '.');
    size_t plen = 0;
    unsigned char *payload = base64url_decode(dot1 + 1, (size_t)(dot2 - dot1 - 1), &plen);
    ck_assert_ptr_nonnull(payload);
    cJSON *claims = cJSON_Parse((const char *)payload);
    ck_assert_str_eq(jstr(claims, "cognito:groups.0"), "admin");
    ck_assert_str_eq(jstr(claims, "email"), "demo@inventui.local");
    cJSON_Delete(claims);
    free(payload);
    int low = 0, empty = 0;
    unsigned cats = 0;
    int n = count_products(&s, token, &low, &empty, &cats);
    ck_assert_int_ge(n, 40);
    ck_assert_int_ge(low, 3);
    ck_assert_int_eq(empty, 1);
    ck_assert_uint_eq(cats, 0xffu);

    /* A restart keeps the shop as it is and the same password. */
    testsrv_restart(&s);
    char *pw2 = demo_password(&s);
    ck_assert_str_eq(pw, pw2);
    char *token2 = sign_in(&s, "demo@inventui.local", pw2);
    low = empty = 0;
    cats = 0;
    ck_assert_int_eq(count_products(&s, token2, &low, &empty, &cats), n);
    free(token2);
    free(pw2);
    free(token);
    free(pw);
    testsrv_stop(&s);
}
END_TEST

Suite *suite_demo(void)
{
    Suite *s = suite_create("demo");
    TCase *tc = tcase_create("seed");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, demo_shop_is_stocked_and_admin_signs_in);
    suite_add_tcase(s, tc);
    return s;
}
