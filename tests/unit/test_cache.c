/* client/cache: the offline cache's file (modes, a damaged or foreign
 * file moved aside), its keys (API, user, request) and ages; and the age
 * the CLI prints with cached data. */
#include <check.h>
#include <glob.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "client/cache.h"
#include "client/format.h"
#include "common/fsutil.h"
#include "unit/suites.h"

static char tmp[128];
static char dir[200], db[240];

static void mk_tmp(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/inventui-cache-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    snprintf(dir, sizeof dir, "%s/a/inventui", tmp);
    snprintf(db, sizeof db, "%s/cache.db", dir);
}

static void rm_tmp(void)
{
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    ck_assert_int_eq(system(cmd), 0);
}

static int moved_aside(void)
{
    char pattern[300];
    snprintf(pattern, sizeof pattern, "%s.corrupt-*", db);
    glob_t g;
    int n = glob(pattern, 0, NULL, &g) == 0 ? (int)g.gl_pathc : 0;
    globfree(&g);
    return n;
}

static struct cache *open_ok(void)
{
    char *err = NULL;
    struct cache *c = cache_open(dir, &err);
    ck_assert_msg(c != NULL, "cache_open: %s", err);
    return c;
}

START_TEST(keys_and_ages)
{
    struct cache *c = open_ok();
    ck_assert_ptr_null(cache_take_warning(c));
    struct stat st;
    ck_assert_int_eq(stat(db, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    ck_assert_int_eq(stat(dir, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);

    ck_assert_int_eq(cache_put(c, "http://a", "u1", "/products", "[1]", 1000),
                     0);
    int64_t at = 0;
    char *v = cache_get(c, "http://a", "u1", "/products", 0, &at);
    ck_assert_str_eq(v, "[1]");
    ck_assert_int_eq(at, 1000);
    free(v);
    /* Another user, another API, another request: nothing. */
    ck_assert_ptr_null(cache_get(c, "http://a", "u2", "/products", 0, &at));
    ck_assert_ptr_null(cache_get(c, "http://b", "u1", "/products", 0, &at));
    ck_assert_ptr_null(cache_get(c, "http://a", "u1", "/products?limit=5", 0,
                                 &at));
    /* Too old for the caller. */
    ck_assert_ptr_null(cache_get(c, "http://a", "u1", "/products", 1001, &at));
    /* Newer replaces; an older answer arriving late does not. */
    cache_begin(c);
    ck_assert_int_eq(cache_put(c, "http://a", "u1", "/products", "[2]", 2000),
                     0);
    ck_assert_int_eq(cache_put(c, "http://a", "u1", "/products", "[0]", 500),
                     0);
    cache_commit(c);
    v = cache_get(c, "http://a", "u1", "/products", 0, &at);
    ck_assert_str_eq(v, "[2]");
    ck_assert_int_eq(at, 2000);
    free(v);
    /* Parameters are bound, never pasted. */
    ck_assert_int_eq(cache_put(c, "x'); DROP TABLE entries;--", "u'1",
                           "/p?q='", "{}", 3000), 0);
    v = cache_get(c, "x'); DROP TABLE entries;--", "u'1", "/p?q='", 0, &at);
    ck_assert_str_eq(v, "{}");
    free(v);
    cache_prune(c, 2500);
    ck_assert_ptr_null(cache_get(c, "http://a", "u1", "/products", 0, &at));
    cache_close(c);

    /* Kept across opens. */
    c = open_ok();
    v = cache_get(c, "x'); DROP TABLE entries;--", "u'1", "/p?q='", 0, &at);
    ck_assert_str_eq(v, "{}");
    free(v);
    cache_close(c);
    ck_assert_int_eq(moved_aside(), 0);
}
END_TEST

START_TEST(garbage_is_moved_aside)
{
    ck_assert_int_eq(fs_mkdirs(dir, 0700), 0);
    char junk[4096];
    memset(junk, 'Z', sizeof junk);
    ck_assert_int_eq(fs_write_private(db, junk, sizeof junk), 0);
    struct cache *c = open_ok();
    char *w = cache_take_warning(c);
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(strstr(w, "moved it to"));
    free(w);
    ck_assert_ptr_null(cache_take_warning(c)); /* told once */
    ck_assert_int_eq(moved_aside(), 1);
    ck_assert_int_eq(cache_put(c, "a", "u", "k", "1", 1), 0);
    cache_close(c);
    c = open_ok();
    ck_assert_ptr_null(cache_take_warning(c));
    cache_close(c);
}
END_TEST

START_TEST(foreign_or_newer_databases_are_moved_aside)
{
    ck_assert_int_eq(fs_mkdirs(dir, 0700), 0);
    /* Someone else's SQLite file, readable by all. */
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE notes (x)", NULL, NULL,
                                  NULL), SQLITE_OK);
    sqlite3_close(h);
    ck_assert_int_eq(chmod(db, 0644), 0);
    struct cache *c = open_ok();
    char *w = cache_take_warning(c);
    ck_assert_ptr_nonnull(w);
    free(w);
    cache_close(c);
    struct stat st;
    ck_assert_int_eq(stat(db, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);

    /* Ours, but from a later version. */
    ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "PRAGMA user_version = 2", NULL, NULL,
                                  NULL), SQLITE_OK);
    sqlite3_close(h);
    ck_assert_int_eq(chmod(db, 0644), 0);
    c = open_ok();
    w = cache_take_warning(c);
    ck_assert_ptr_nonnull(w);
    free(w);
    cache_close(c);
    ck_assert_int_eq(moved_aside(), 2); /* even within one second */
}
END_TEST

START_TEST(a_private_mode_is_restored)
{
    struct cache *c = open_ok();
    cache_close(c);
    ck_assert_int_eq(chmod(db, 0644), 0);
    c = open_ok();
    ck_assert_ptr_null(cache_take_warning(c));
    cache_close(c);
    struct stat st;
    ck_assert_int_eq(stat(db, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
}
END_TEST

START_TEST(ages_for_people)
{
    char s[32];
    format_age(0, s, sizeof s);
    ck_assert_str_eq(s, "0 seconds");
    format_age(1000, s, sizeof s);
    ck_assert_str_eq(s, "1 second");
    format_age(59999, s, sizeof s);
    ck_assert_str_eq(s, "59 seconds");
    format_age(60000, s, sizeof s);
    ck_assert_str_eq(s, "1 minute");
    format_age(3 * 3600 * 1000LL + 5, s, sizeof s);
    ck_assert_str_eq(s, "3 hours");
    format_age(9 * 86400 * 1000LL, s, sizeof s);
    ck_assert_str_eq(s, "9 days");
    format_age(-5000, s, sizeof s); /* a clock that went back */
    ck_assert_str_eq(s, "0 seconds");
}
END_TEST

Suite *suite_cache(void)
{
    Suite *s = suite_create("cache");
    TCase *tc = tcase_create("cache");
    tcase_add_checked_fixture(tc, mk_tmp, rm_tmp);
    tcase_add_test(tc, keys_and_ages);
    tcase_add_test(tc, garbage_is_moved_aside);
    tcase_add_test(tc, foreign_or_newer_databases_are_moved_aside);
    tcase_add_test(tc, a_private_mode_is_restored);
    tcase_add_test(tc, ages_for_people);
    suite_add_tcase(s, tc);
    return s;
}
