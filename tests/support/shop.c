#include "support/shop.h"

#include <check.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/strbuf.h"

void shop_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

char *shop_product(const struct testsrv *s, const char *token,
                   const char *name, long long price)
{
    static int n;
    char body[512];
    snprintf(body, sizeof body,
             "{\"name\":\"%s\",\"description\":\"A product for the pipeline "
             "tests\",\"category\":\"electronics\",\"price\":%lld,"
             "\"quantity\":1000,\"sku\":\"PIPE-%d-%ld\"}",
             name, price, ++n, (long)time(NULL));
    struct http_resp r;
    http_call(s, "POST", "/products", token, body, &r, NULL);
    ck_assert_msg(r.status == 201, "create product: %ld %s", r.status, r.body);
    char *id = strdup(jstr(r.json, "data.id"));
    http_resp_free(&r);
    return id;
}

char *shop_order(const struct testsrv *s, const char *token,
                 const char *product_id, long long quantity)
{
    char body[256];
    snprintf(body, sizeof body, "{\"productId\":\"%s\",\"quantity\":%lld}",
             product_id, quantity);
    struct http_resp r;
    http_call(s, "POST", "/orders", token, body, &r, NULL);
    ck_assert_msg(r.status == 201, "create order: %ld %s", r.status, r.body);
    ck_assert_str_eq(jstr(r.json, "data.status"), "PENDING");
    char *id = strdup(jstr(r.json, "data.id"));
    http_resp_free(&r);
    return id;
}

const char *shop_status(const struct testsrv *s, const char *token,
                        const char *order_id)
{
    static char status[32];
    char path[128];
    snprintf(path, sizeof path, "/orders/%s", order_id);
    struct http_resp r;
    http_call(s, "GET", path, token, NULL, &r, NULL);
    ck_assert_msg(r.status == 200, "get order: %ld %s", r.status, r.body);
    snprintf(status, sizeof status, "%s", jstr(r.json, "data.status"));
    http_resp_free(&r);
    return status;
}

bool shop_wait_status(const struct testsrv *s, const char *token,
                      const char *order_id, const char *status, int ms)
{
    for (int waited = 0;; waited += 20) {
        if (strcmp(shop_status(s, token, order_id), status) == 0)
            return true;
        if (waited >= ms)
            return false;
        shop_sleep_ms(20);
    }
}

bool shop_wait_dlq(const struct testsrv *s, const char *admin_token, int n,
                   int ms)
{
    for (int waited = 0;; waited += 50) {
        struct http_resp r;
        http_call(s, "GET", "/admin/queues", admin_token, NULL, &r, NULL);
        ck_assert_msg(r.status == 200, "queues: %ld %s", r.status, r.body);
        int count = (int)jnum(r.json, "data.dlq.count");
        http_resp_free(&r);
        if (count == n)
            return true;
        if (waited >= ms)
            return false;
        shop_sleep_ms(50);
    }
}

/* Counts the spool's .eml files starting with prefix; appends their text
 * to text when given. */
static int each_mail(const struct testsrv *s, const char *prefix,
                     struct strbuf *text)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/data/mail", s->dir);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 4, ".eml") != 0 ||
            strncmp(e->d_name, prefix, strlen(prefix)) != 0)
            continue;
        n++;
        if (!text)
            continue;
        char path[700];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *fp = fopen(path, "r");
        ck_assert_ptr_nonnull(fp);
        char buf[4096];
        size_t got;
        while ((got = fread(buf, 1, sizeof buf, fp)) > 0)
            strbuf_append(text, buf, got);
        fclose(fp);
    }
    closedir(d);
    return n;
}

int shop_mail_count(const struct testsrv *s, const char *prefix)
{
    return each_mail(s, prefix, NULL);
}

int shop_wait_mail(const struct testsrv *s, const char *prefix, int n, int ms)
{
    for (int waited = 0;; waited += 20) {
        int have = shop_mail_count(s, prefix);
        if (have >= n || waited >= ms)
            return have;
        shop_sleep_ms(20);
    }
}

char *shop_mail_text(const struct testsrv *s, const char *prefix)
{
    struct strbuf sb = {0};
    strbuf_puts(&sb, "");
    each_mail(s, prefix, &sb);
    return strbuf_detach(&sb, NULL);
}

void shop_write_config(const struct testsrv *s, const char *extra)
{
    char conf[300];
    snprintf(conf, sizeof conf, "%s/test.conf", s->dir);
    FILE *fp = fopen(conf, "w");
    ck_assert_ptr_nonnull(fp);
    fprintf(fp, "[auth]\npassword_cost = 12\n%s\n", extra ? extra : "");
    fclose(fp);
}

static sqlite3 *open_db(const struct testsrv *s)
{
    char path[400];
    snprintf(path, sizeof path, "%s/data/inventory.db", s->dir);
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    return db;
}

void shop_sql(const struct testsrv *s, const char *sql)
{
    sqlite3 *db = open_db(s);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "?");
    sqlite3_free(msg);
    sqlite3_close(db);
}

long long shop_sql_int(const struct testsrv *s, const char *sql)
{
    sqlite3 *db = open_db(s);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0)
                                                 : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

bool shop_wait_queue_empty(const struct testsrv *s, int ms)
{
    for (int waited = 0;; waited += 50) {
        if (shop_sql_int(s, "SELECT count(*) FROM queue_messages") == 0)
            return true;
        if (waited >= ms)
            return false;
        shop_sleep_ms(50);
    }
}
