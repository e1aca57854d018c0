/* The scriptable commands against a real `inventui serve`: signup and
 * confirm (codes read from the mail spool), products create / update /
 * delete, orders, the DLQ and queue commands, each with and without
 * --json and with its exit codes; destructive commands refuse to run
 * from a script without --yes; and, against a scripted fake, listings
 * over short and empty pages and a distinct Idempotency-Key per command. */
#include <check.h>
#include <dirent.h>
#include <poll.h>
#include <pty.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/uuid.h"
#include "integration/suites.h"
#include "support/fakeapi.h"
#include "support/shop.h"
#include "support/testsrv.h"
#include "support/tokens_fixture.h"

static struct testsrv srv;
static const char PW[] = "Passw0rdX";

static void env_for(const struct testsrv *s)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/xdg-cache", s->dir);
    setenv("XDG_CACHE_HOME", dir, 1);
    snprintf(dir, sizeof dir, "%s/xdg-config", s->dir);
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
    unsetenv("INVENTUI_REFRESH_MARGIN");
}

static void up(void)
{
    testsrv_start(&srv, NULL);
    env_for(&srv);
}
static void down(void) { testsrv_stop(&srv); }

/* Orders fail notification every time and reach the DLQ after one
 * receive. */
static void up_dlq(void)
{
    testsrv_start(&srv, "[faults]\nnotify_fail_rate = 1.0\n"
                        "[queue]\nvisibility_timeout = 1\n"
                        "max_receive_count = 1\n");
    env_for(&srv);
}

#define CLI(in, out, ...) \
    testsrv_cli(in, out, "--api", srv.base, __VA_ARGS__, (char *)NULL)

/* Asserts an exit status, showing the output when it differs. */
#define CLI_RC(want, in, out, ...)                                          \
    do {                                                                    \
        int rc_ = CLI(in, out, __VA_ARGS__);                                \
        ck_assert_msg(rc_ == (want), "exit %d, want %d: %s", rc_, (want),   \
                      *(out) ? *(out) : "");                                \
    } while (0)

#define HAS(out, text) \
    ck_assert_msg(strstr(out, text) != NULL, "no \"%s\" in: %s", text, out)

/* A user (in group, or none) created on the server and signed in with
 * the CLI. Returns an ID token for direct API calls (malloc'd). */
static char *login_as(const char *email, const char *group)
{
    char *token = testsrv_user_token(&srv, email, PW, group);
    char in[64], *out = NULL;
    snprintf(in, sizeof in, "%s\n", PW);
    CLI_RC(0, in, &out, "login", "--username", email, "--password-stdin");
    free(out);
    return token;
}

/* The 6-digit code in the newest mail to `to`. */
static void mailed_code(const char *to, char code[7])
{
    char dir[400], best[256] = "";
    snprintf(dir, sizeof dir, "%s/data/mail", srv.dir);
    char want[128];
    snprintf(want, sizeof want, "To: %s\r\n", to);
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".eml") != 0 ||
            strcmp(e->d_name, best) <= 0)
            continue;
        char path[700], text[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *fp = fopen(path, "rb");
        ck_assert_ptr_nonnull(fp);
        size_t len = fread(text, 1, sizeof text - 1, fp);
        fclose(fp);
        text[len] = '\0';
        const char *p = strstr(text, "code is ");
        if (!strstr(text, want) || !p)
            continue;
        snprintf(best, sizeof best, "%s", e->d_name);
        memcpy(code, p + 8, 6);
        code[6] = '\0';
    }
    closedir(d);
    ck_assert_msg(best[0], "no code mailed to %s", to);
}

START_TEST(signup_confirm_resend)
{
    char *out = NULL;
    const char *email = "newbie@example.com";
    CLI_RC(0, "Str0ngPass\n", &out, "signup", "--username", email,
           "--password-stdin");
    HAS(out, "signed up newbie@example.com");
    HAS(out, "n***@e***");
    HAS(out, "inventui confirm --username newbie@example.com --code");
    ck_assert_ptr_null(strstr(out, "Str0ngPass"));
    free(out);
    /* Not confirmed yet: sign-in fails. */
    CLI_RC(3, "Str0ngPass\n", &out, "login", "--username", email,
           "--password-stdin");
    HAS(out, "not confirmed");
    free(out);
    CLI_RC(1, "Str0ngPass\n", &out, "signup", "--username", email,
           "--password-stdin");
    HAS(out, "already exists");
    free(out);
    CLI_RC(1, "weakpass\n", &out, "signup", "--username", "weak@example.com",
           "--password-stdin");
    HAS(out, "password policy");
    free(out);
    CLI_RC(1, "Str0ngPass\n", &out, "signup", "--username", "not-an-email",
           "--password-stdin");
    HAS(out, "email address");
    free(out);

    char code[7], wrong[12];
    mailed_code(email, code);
    snprintf(wrong, sizeof wrong, "%06d", (atoi(code) + 1) % 1000000);
    CLI_RC(1, NULL, &out, "confirm", "--username", email, "--code", wrong);
    HAS(out, "wrong confirmation code");
    free(out);
    /* A new code by mail; only it confirms (unless both are equal). */
    usleep(5000); /* mail file names sort by milliseconds */
    CLI_RC(0, NULL, &out, "confirm", "--username", email, "--resend");
    HAS(out, "a new confirmation code for newbie@example.com was sent to "
             "n***@e***");
    free(out);
    char second[7];
    mailed_code(email, second);
    CLI_RC(0, NULL, &out, "confirm", "--username", email, "--code", second);
    HAS(out, "confirmed newbie@example.com");
    free(out);
    CLI_RC(1, NULL, &out, "confirm", "--username", email, "--code", second);
    HAS(out, "already confirmed");
    free(out);
    CLI_RC(1, NULL, &out, "confirm", "--username", email, "--resend");
    HAS(out, "already confirmed");
    free(out);
    CLI_RC(0, "Str0ngPass\n", &out, "login", "--username", email,
           "--password-stdin");
    free(out);

    /* --json: the same facts as data. */
    const char *other = "jay@example.com";
    CLI_RC(0, "Str0ngPass\n", &out, "signup", "--username", other,
           "--password-stdin", "--json");
    cJSON *j = cJSON_Parse(out);
    ck_assert_msg(j != NULL, "not JSON: %s", out);
    ck_assert_str_eq(jstr(j, "username"), other);
    ck_assert_str_eq(jstr(j, "destination"), "j***@e***");
    ck_assert(cJSON_IsFalse(jpath(j, "userConfirmed")));
    ck_assert_int_eq(strlen(jstr(j, "userSub")), 36);
    cJSON_Delete(j);
    free(out);
    usleep(5000);
    CLI_RC(0, NULL, &out, "confirm", "--username", other, "--resend",
           "--json");
    j = cJSON_Parse(out);
    ck_assert_str_eq(jstr(j, "destination"), "j***@e***");
    cJSON_Delete(j);
    free(out);
    mailed_code(other, code);
    CLI_RC(0, NULL, &out, "--json", "confirm", "--username", other, "--code",
           code);
    j = cJSON_Parse(out);
    ck_assert(cJSON_IsTrue(jpath(j, "confirmed")));
    cJSON_Delete(j);
    free(out);

    /* Usage. */
    CLI_RC(2, NULL, &out, "signup");
    free(out);
    CLI_RC(2, "", &out, "signup", "--username", "x@example.com",
           "--password-stdin");
    HAS(out, "no password");
    free(out);
    CLI_RC(2, NULL, &out, "confirm", "--username", email);
    free(out);
    CLI_RC(2, NULL, &out, "confirm", "--username", email, "--code", "1",
           "--resend");
    free(out);
    CLI_RC(2, NULL, &out, "confirm", "--code", "123456");
    free(out);
    /* An unreachable sign-in endpoint. */
    ck_assert_int_eq(testsrv_cli("Str0ngPass\n", &out, "--api",
                                 "http://127.0.0.1:1", "signup", "--username",
                                 "z@example.com", "--password-stdin",
                                 (char *)NULL), 4);
    free(out);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "--api", srv.base,
                                 "--cognito-endpoint", "http://127.0.0.1:1/",
                                 "confirm", "--username", email, "--resend",
                                 (char *)NULL), 4);
    HAS(out, "cannot reach");
    free(out);
}
END_TEST


/* Runs `inventui --api BASE ARGS…` on a pseudo-terminal, types answer
 * once the question is on screen, and returns the exit status; *out gets
 * what the terminal showed (malloc'd). */
static int cli_on_pty(const char *answer, char **out, ...)
{
    const char *argv[32];
    int n = 0;
    argv[n++] = getenv("INVENTUI_BIN");
    argv[n++] = "--api";
    argv[n++] = srv.base;
    va_list ap;
    va_start(ap, out);
    for (const char *a; (a = va_arg(ap, const char *)) && n < 31;)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    int fd;
    pid_t pid = forkpty(&fd, NULL, NULL, NULL);
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    char buf[8192];
    size_t len = 0;
    bool answered = false;
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 20000) <= 0)
            break;
        ssize_t got = read(fd, buf + len, sizeof buf - 1 - len);
        if (got <= 0)
            break; /* EIO once the child is gone */
        len += (size_t)got;
        buf[len] = '\0';
        if (!answered && strstr(buf, "[y/N]")) {
            ck_assert_int_eq(write(fd, answer, strlen(answer)),
                             (ssize_t)strlen(answer));
            answered = true;
        }
    }
    close(fd);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    *out = strndup(buf, len);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static const char DESC[] = "A sturdy lamp for the desk";

START_TEST(products_create_update_delete)
{
    free(login_as("maker@example.com", "admin"));
    char *out = NULL;
    CLI_RC(0, NULL, &out, "products", "create", "--name", "Desk Lamp",
           "--description", DESC, "--category", "home", "--price", "12.34",
           "--quantity", "7", "--sku", "LAMP-1");
    HAS(out, "created product \"Desk Lamp\"");
    HAS(out, "$12.34");
    HAS(out, "7 (low stock)");
    free(out);
    CLI_RC(0, NULL, &out, "products", "create", "--name", "Floor Lamp",
           "--description", DESC, "--category", "home", "--price", "0.5",
           "--quantity", "40", "--sku", "LAMP-2", "--image-url",
           "https://img.example.com/l.png", "--json");
    cJSON *j = cJSON_Parse(out);
    ck_assert_msg(j != NULL, "not JSON: %s", out);
    ck_assert_int_eq((int)jnum(j, "price"), 50);
    ck_assert_int_eq((int)jnum(j, "quantity"), 40);
    ck_assert_str_eq(jstr(j, "imageUrl"), "https://img.example.com/l.png");
    char *id = strdup(jstr(j, "id"));
    cJSON_Delete(j);
    free(out);

    /* Prices are dollars with at most two decimals: usage errors. */
    static const char *const bad[] = {"12.345", "abc", "-3", "1e2", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CLI_RC(2, NULL, &out, "products", "create", "--name", "Bad Price",
               "--description", DESC, "--category", "home", "--price", bad[i],
               "--quantity", "1", "--sku", "BAD-1");
        HAS(out, "--price");
        free(out);
    }
    CLI_RC(2, NULL, &out, "products", "create", "--name", "Half",
           "--price", "1");
    HAS(out, "missing --description, --category, --quantity, --sku");
    free(out);
    CLI_RC(2, NULL, &out, "products", "create", "--name", "Bad Qty",
           "--description", DESC, "--category", "home", "--price", "1",
           "--quantity", "-1", "--sku", "BADQ-1");
    HAS(out, "--quantity");
    free(out);
    /* A price out of range is caught here, said in dollars. */
    CLI_RC(2, NULL, &out, "products", "create", "--name", "X",
           "--description", "short", "--category", "spaceships", "--price",
           "0", "--quantity", "1", "--sku", "ok-sku");
    HAS(out, "--price must be from $0.01 to $1,000,000.00");
    free(out);
    /* The API's rules: every bad field named, on stderr, exit 1. */
    CLI_RC(1, NULL, &out, "products", "create", "--name", "X",
           "--description", "short", "--category", "spaceships", "--price",
           "1", "--quantity", "1", "--sku", "ok-sku");
    HAS(out, "VALIDATION_ERROR");
    HAS(out, "  name: ");
    HAS(out, "  description: ");
    HAS(out, "  category: ");
    ck_assert_ptr_null(strstr(out, "  price: "));
    ck_assert_ptr_null(strstr(out, "  sku: "));
    free(out);
    CLI_RC(1, NULL, &out, "products", "create", "--name", "Again",
           "--description", DESC, "--category", "home", "--price", "1",
           "--quantity", "1", "--sku", "LAMP-1");
    HAS(out, "CONFLICT");
    free(out);
    ck_assert_int_eq(shop_sql_int(&srv, "SELECT COUNT(*) FROM products"), 2);

    /* Update: only the fields given. */
    CLI_RC(0, NULL, &out, "products", "update", id, "--price", "9.99",
           "--quantity", "3");
    HAS(out, "updated product \"Floor Lamp\"");
    HAS(out, "$9.99");
    free(out);
    CLI_RC(0, NULL, &out, "products", "get", id, "--json");
    j = cJSON_Parse(out);
    ck_assert_str_eq(jstr(j, "name"), "Floor Lamp");
    ck_assert_str_eq(jstr(j, "description"), DESC);
    ck_assert_int_eq((int)jnum(j, "price"), 999);
    ck_assert_int_eq((int)jnum(j, "quantity"), 3);
    cJSON_Delete(j);
    free(out);
    CLI_RC(0, NULL, &out, "products", "update", id, "--name", "Tall Lamp",
           "--image-url", "", "--json");
    j = cJSON_Parse(out);
    ck_assert_str_eq(jstr(j, "name"), "Tall Lamp");
    ck_assert_ptr_null(jstr(j, "imageUrl"));
    ck_assert_int_eq((int)jnum(j, "price"), 999);
    cJSON_Delete(j);
    free(out);
    CLI_RC(2, NULL, &out, "products", "update", id);
    HAS(out, "nothing to change");
    free(out);
    CLI_RC(2, NULL, &out, "products", "update", "--price", "1");
    free(out);
    CLI_RC(2, NULL, &out, "products", "update", id, "--price", "1.001");
    HAS(out, "--price");
    free(out);
    CLI_RC(1, NULL, &out, "products", "update", id, "--sku", "LAMP-1");
    HAS(out, "CONFLICT");
    free(out);
    CLI_RC(1, NULL, &out, "products", "update", id, "--name", "ab");
    HAS(out, "  name: ");
    free(out);
    CLI_RC(1, NULL, &out, "products", "update",
           "00000000-0000-4000-8000-000000000000", "--price", "1");
    HAS(out, "NOT_FOUND");
    free(out);

    /* Delete: a script must say --yes; nothing is deleted otherwise. */
    CLI_RC(2, NULL, &out, "products", "delete", id);
    HAS(out, "--yes");
    free(out);
    CLI_RC(0, NULL, &out, "products", "get", id);
    free(out);
    /* On a terminal it asks; anything but y keeps the product. */
    int rc = cli_on_pty("n\n", &out, "products", "delete", id, (char *)NULL);
    ck_assert_msg(rc == 1, "exit %d: %s", rc, out);
    HAS(out, "Really delete product");
    HAS(out, "not deleted: the product is still there");
    free(out);
    CLI_RC(0, NULL, &out, "products", "get", id);
    free(out);
    CLI_RC(0, NULL, &out, "products", "delete", id, "--yes");
    HAS(out, "deleted product");
    free(out);
    CLI_RC(1, NULL, &out, "products", "get", id);
    HAS(out, "NOT_FOUND");
    free(out);
    CLI_RC(1, NULL, &out, "products", "delete", id, "--yes");
    HAS(out, "NOT_FOUND");
    free(out);
    CLI_RC(0, NULL, &out, "products", "list", "--json");
    j = cJSON_Parse(out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 1);
    char *other = strdup(jstr(j, "0.id"));
    cJSON_Delete(j);
    free(out);
    /* y on a terminal deletes; --json prints the API's answer. */
    rc = cli_on_pty("y\n", &out, "products", "delete", other, "--json",
                    (char *)NULL);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, out);
    j = cJSON_Parse(strchr(out, '{'));
    ck_assert_msg(j != NULL, "no JSON: %s", out);
    ck_assert_str_eq(jstr(j, "deletedId"), other);
    cJSON_Delete(j);
    free(out);
    CLI_RC(1, NULL, &out, "products", "delete", other, "-y", "--json");
    HAS(out, "NOT_FOUND");
    free(out);
    CLI_RC(0, NULL, &out, "products", "list", "--json");
    ck_assert_str_eq(out, "[]\n");
    free(out);
    CLI_RC(2, NULL, &out, "products", "delete");
    free(out);
    free(other);
    free(id);
}
END_TEST

/* The ID of a product an admin stocked (product writes are theirs; these
 * tests are about the buyer's commands), price in cents. */
static char *stock_product(const char *name, const char *sku, long long price,
                           long long qty)
{
    char *admin = tokfix_user(&srv, "5c0c0000-0000-4000-8000-000000000001",
                              "stock@example.com", true);
    char body[512];
    snprintf(body, sizeof body,
             "{\"name\":\"%s\",\"description\":\"%s\",\"category\":\"home\","
             "\"price\":%lld,\"quantity\":%lld,\"sku\":\"%s\"}",
             name, DESC, price, qty, sku);
    struct http_resp r;
    http_call(&srv, "POST", "/products", admin, body, &r, NULL);
    ck_assert_msg(r.status == 201, "stock: %ld %s", r.status, r.body);
    char *id = strdup(jstr(r.json, "data.id"));
    http_resp_free(&r);
    free(admin);
    return id;
}

START_TEST(orders_create_list_get)
{
    char *token = login_as("buyer@example.com", NULL);
    char *lamp = stock_product("Desk Lamp", "LAMP-1", 1234, 10);
    char *out = NULL;
    CLI_RC(0, NULL, &out, "orders", "create", "--product", lamp,
           "--quantity", "2");
    HAS(out, "order placed");
    HAS(out, "Desk Lamp");
    HAS(out, "$24.68");
    HAS(out, "$12.34");
    free(out);
    CLI_RC(0, NULL, &out, "orders", "create", "--product", lamp,
           "--quantity", "1", "--json");
    cJSON *j = cJSON_Parse(out);
    ck_assert_msg(j != NULL, "not JSON: %s", out);
    ck_assert_str_eq(jstr(j, "status"), "PENDING");
    ck_assert_int_eq((int)jnum(j, "totalAmount"), 1234);
    char *order = strdup(jstr(j, "id"));
    cJSON_Delete(j);
    free(out);
    CLI_RC(0, NULL, &out, "orders", "create", "--product", lamp,
           "--quantity", "3", "--json");
    free(out);
    ck_assert_int_eq(shop_sql_int(&srv, "SELECT quantity FROM products"), 4);

    CLI_RC(1, NULL, &out, "orders", "create", "--product", lamp,
           "--quantity", "5");
    HAS(out, "INSUFFICIENT_STOCK");
    HAS(out, "  requested: 5\n");
    HAS(out, "  available: 4\n");
    free(out);
    CLI_RC(2, NULL, &out, "orders", "create", "--product", lamp,
           "--quantity", "0");
    HAS(out, "--quantity must be a whole number from 1 to 100");
    free(out);
    CLI_RC(1, NULL, &out, "orders", "create", "--product",
           "00000000-0000-4000-8000-000000000000", "--quantity", "1");
    HAS(out, "NOT_FOUND");
    free(out);
    CLI_RC(2, NULL, &out, "orders", "create", "--product", lamp,
           "--quantity", "two");
    HAS(out, "--quantity");
    free(out);
    CLI_RC(2, NULL, &out, "orders", "create", "--quantity", "1");
    free(out);
    ck_assert_int_eq(shop_sql_int(&srv, "SELECT COUNT(*) FROM orders"), 3);

    ck_assert(shop_wait_status(&srv, token, order, "CONFIRMED", 10000));
    CLI_RC(0, NULL, &out, "orders", "list");
    HAS(out, "PRODUCT");
    HAS(out, "STATUS");
    HAS(out, "$37.02");
    HAS(out, order);
    free(out);
    CLI_RC(0, NULL, &out, "orders", "list", "--json");
    j = cJSON_Parse(out);
    ck_assert_msg(cJSON_IsArray(j), "not an array: %s", out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 3);
    ck_assert_int_eq((int)jnum(j, "0.quantity"), 3); /* newest first */
    cJSON_Delete(j);
    free(out);
    CLI_RC(0, NULL, &out, "orders", "list", "--limit", "1", "--all",
           "--json");
    j = cJSON_Parse(out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 3);
    cJSON_Delete(j);
    free(out);
    CLI_RC(0, NULL, &out, "orders", "list", "--limit", "2", "--json");
    j = cJSON_Parse(strchr(out, '['));
    ck_assert_int_eq(cJSON_GetArraySize(j), 2);
    cJSON_Delete(j);
    HAS(out, "more orders");
    free(out);
    CLI_RC(0, NULL, &out, "orders", "list", "--status", "CONFIRMED",
           "--json");
    j = cJSON_Parse(out);
    const cJSON *it;
    bool found = false;
    cJSON_ArrayForEach(it, j) {
        ck_assert_str_eq(jstr(it, "status"), "CONFIRMED");
        found = found || !strcmp(jstr(it, "id"), order);
    }
    ck_assert(found);
    cJSON_Delete(j);
    free(out);
    CLI_RC(1, NULL, &out, "orders", "list", "--status", "LOST");
    HAS(out, "  status: ");
    free(out);
    CLI_RC(2, NULL, &out, "orders", "list", "--limit", "101");
    free(out);

    CLI_RC(0, NULL, &out, "orders", "get", order);
    HAS(out, "CONFIRMED");
    HAS(out, "Desk Lamp");
    HAS(out, "buyer@example.com");
    free(out);
    CLI_RC(0, NULL, &out, "orders", "get", order, "--json");
    j = cJSON_Parse(out);
    ck_assert_str_eq(jstr(j, "id"), order);
    ck_assert_str_eq(jstr(j, "items.0.productId"), lamp);
    cJSON_Delete(j);
    free(out);
    CLI_RC(1, NULL, &out, "orders", "get",
           "00000000-0000-4000-8000-000000000000");
    HAS(out, "NOT_FOUND");
    free(out);
    CLI_RC(2, NULL, &out, "orders", "get");
    free(out);
    CLI_RC(2, NULL, &out, "orders", "ship", order);
    free(out);

    /* Another user's order is not theirs to see. */
    free(login_as("other@example.com", NULL));
    CLI_RC(1, NULL, &out, "orders", "get", order);
    HAS(out, "FORBIDDEN");
    free(out);
    CLI_RC(0, NULL, &out, "orders", "list", "--json");
    ck_assert_str_eq(out, "[]\n");
    free(out);
    CLI_RC(0, NULL, &out, "orders", "list");
    ck_assert_str_eq(out, "no orders\n");
    free(out);
    free(order);
    free(lamp);
    free(token);
}
END_TEST

/* A customer's product writes are refused by the server; the CLI says
 * what is missing in plain words (and nothing changes). */
START_TEST(product_writes_need_an_administrator)
{
    char *lamp = stock_product("Desk Lamp", "LAMP-1", 1234, 10);
    free(login_as("buyer@example.com", NULL));
    char *out = NULL;
    CLI_RC(1, NULL, &out, "products", "create", "--name", "Sneaky Lamp",
           "--description", DESC, "--category", "home", "--price", "1",
           "--quantity", "1", "--sku", "SNEAK-1");
    HAS(out, "this needs an administrator");
    HAS(out, "FORBIDDEN");
    free(out);
    CLI_RC(1, NULL, &out, "--json", "products", "create", "--name", "Sneaky",
           "--description", DESC, "--category", "home", "--price", "1",
           "--quantity", "1", "--sku", "SNEAK-2");
    HAS(out, "this needs an administrator");
    free(out);
    CLI_RC(1, NULL, &out, "products", "update", lamp, "--price", "0.01");
    HAS(out, "this needs an administrator");
    free(out);
    CLI_RC(1, NULL, &out, "products", "delete", lamp, "--yes");
    HAS(out, "this needs an administrator");
    free(out);
    ck_assert_int_eq(shop_sql_int(&srv, "SELECT COUNT(*) FROM products"), 1);
    ck_assert_int_eq(shop_sql_int(&srv, "SELECT price FROM products"), 1234);
    /* Reading is for everyone. */
    CLI_RC(0, NULL, &out, "products", "get", lamp);
    HAS(out, "Desk Lamp");
    free(out);
    free(lamp);
}
END_TEST

/* The first line of out (a table's header), in buf. */
static const char *first_line(const char *out, char *buf, size_t size)
{
    snprintf(buf, size, "%.*s", (int)strcspn(out, "\n"), out);
    return buf;
}

START_TEST(orders_list_all_users)
{
    char *lamp = stock_product("Desk Lamp", "LAMP-1", 1234, 10);
    char *ann = testsrv_user_token(&srv, "ann@example.com", PW, NULL);
    char *ben = testsrv_user_token(&srv, "ben@example.com", PW, NULL);
    char *o1 = shop_order(&srv, ann, lamp, 1);
    char *o2 = shop_order(&srv, ben, lamp, 2);
    char *o3 = shop_order(&srv, ann, lamp, 3);
    free(login_as("boss@example.com", "admin"));
    char *out = NULL, head[256];
    CLI_RC(0, NULL, &out, "orders", "list", "--all-users");
    ck_assert_msg(!strncmp(first_line(out, head, sizeof head), "ID", 2) &&
                      strstr(head, "  CUSTOMER  ") && strstr(head, "PRODUCT"),
                  "header: %s", out);
    HAS(out, "ann@example.com");
    HAS(out, "ben@example.com");
    HAS(out, o1);
    HAS(out, o2);
    HAS(out, o3);
    /* Each row names its customer. */
    const char *row = strstr(out, o2);
    ck_assert_msg(!strncmp(row + strlen(o2), "  ben@example.com", 17), "%s",
                  out);
    free(out);
    CLI_RC(0, NULL, &out, "orders", "list", "--all-users", "--json");
    cJSON *j = cJSON_Parse(out);
    ck_assert_msg(cJSON_IsArray(j), "not an array: %s", out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 3);
    ck_assert_str_eq(jstr(j, "0.id"), o3); /* newest first */
    ck_assert_str_eq(jstr(j, "0.userEmail"), "ann@example.com");
    ck_assert_str_eq(jstr(j, "1.userEmail"), "ben@example.com");
    cJSON_Delete(j);
    free(out);
    /* Page by page (signed cursors of the all-users view). */
    CLI_RC(0, NULL, &out, "orders", "list", "--all-users", "--limit", "1",
           "--all", "--json");
    j = cJSON_Parse(out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 3);
    ck_assert_str_eq(jstr(j, "2.id"), o1);
    cJSON_Delete(j);
    free(out);
    CLI_RC(0, NULL, &out, "orders", "list", "--all-users", "--limit", "2");
    HAS(out, "more orders");
    ck_assert_ptr_null(strstr(out, o1));
    free(out);
    /* Without the flag an admin's list is their own: none. */
    CLI_RC(0, NULL, &out, "orders", "list");
    ck_assert_str_eq(out, "no orders\n");
    free(out);

    /* A customer: refused in plain words; their own list has no
     * CUSTOMER column. */
    char in[64];
    snprintf(in, sizeof in, "%s\n", PW);
    CLI_RC(0, in, &out, "login", "--username", "ann@example.com",
           "--password-stdin");
    free(out);
    CLI_RC(1, NULL, &out, "orders", "list", "--all-users");
    HAS(out, "this needs an administrator");
    HAS(out, "FORBIDDEN");
    ck_assert_ptr_null(strstr(out, "ben@example.com"));
    free(out);
    CLI_RC(0, NULL, &out, "orders", "list");
    ck_assert_ptr_null(strstr(first_line(out, head, sizeof head),
                              "CUSTOMER"));
    HAS(out, o1);
    ck_assert_ptr_null(strstr(out, o2));
    free(out);
    free(o1);
    free(o2);
    free(o3);
    free(ann);
    free(ben);
    free(lamp);
}
END_TEST

/* Needs POST /orders/{id}/cancel on the server (merged separately). */
START_TEST(orders_cancel)
{
    char *token = login_as("buyer@example.com", NULL);
    char *lamp = stock_product("Desk Lamp", "LAMP-1", 500, 10);
    char *out = NULL;
    CLI_RC(0, NULL, &out, "orders", "create", "--product", lamp,
           "--quantity", "4", "--json");
    cJSON *j = cJSON_Parse(out);
    char *order = strdup(jstr(j, "id"));
    cJSON_Delete(j);
    free(out);
    CLI_RC(2, NULL, &out, "orders", "cancel", order);
    HAS(out, "--yes");
    free(out);
    /* Declining on a terminal says the order was not cancelled (never a
     * bare "cancelled"). */
    int rc = cli_on_pty("n\n", &out, "orders", "cancel", order, (char *)NULL);
    ck_assert_msg(rc == 1, "exit %d: %s", rc, out);
    HAS(out, "Really cancel order");
    HAS(out, "inventui: not cancelled: the order stays as it was");
    free(out);
    ck_assert_int_eq(shop_sql_int(&srv, "SELECT quantity FROM products"), 6);
    CLI_RC(0, NULL, &out, "orders", "cancel", order, "--yes");
    HAS(out, "order cancelled");
    HAS(out, "CANCELLED");
    free(out);
    ck_assert_int_eq(shop_sql_int(&srv, "SELECT quantity FROM products"), 10);
    CLI_RC(1, NULL, &out, "orders", "cancel", order, "--yes");
    free(out);
    CLI_RC(0, NULL, &out, "orders", "create", "--product", lamp,
           "--quantity", "1", "--json");
    j = cJSON_Parse(out);
    char *second = strdup(jstr(j, "id"));
    cJSON_Delete(j);
    free(out);
    CLI_RC(0, NULL, &out, "orders", "cancel", second, "--yes", "--json");
    j = cJSON_Parse(out);
    ck_assert_str_eq(jstr(j, "status"), "CANCELLED");
    cJSON_Delete(j);
    free(out);
    CLI_RC(1, NULL, &out, "orders", "cancel",
           "00000000-0000-4000-8000-000000000000", "--yes");
    HAS(out, "NOT_FOUND");
    free(out);
    free(second);
    free(order);
    free(lamp);
    free(token);
}
END_TEST

START_TEST(dlq_and_queues)
{
    char *admin = login_as("ops@example.com", "admin");
    char *pid = shop_product(&srv, admin, "Chair", 12000);
    char *o1 = shop_order(&srv, admin, pid, 1);
    char *o2 = shop_order(&srv, admin, pid, 1);
    char *o3 = shop_order(&srv, admin, pid, 1);
    ck_assert(shop_wait_dlq(&srv, admin, 3, 15000));
    char *out = NULL;
    CLI_RC(0, NULL, &out, "queues");
    HAS(out, "QUEUE");
    HAS(out, "IN FLIGHT");
    HAS(out, "dead-letter");
    free(out);
    CLI_RC(0, NULL, &out, "queues", "--json");
    cJSON *j = cJSON_Parse(out);
    ck_assert_int_eq((int)jnum(j, "dlq.count"), 3);
    ck_assert_int_eq((int)jnum(j, "orderQueue.visible"), 0);
    cJSON_Delete(j);
    free(out);

    CLI_RC(0, NULL, &out, "dlq", "list");
    HAS(out, "MESSAGE ID");
    HAS(out, "LAST ERROR");
    HAS(out, o1);
    HAS(out, o3);
    free(out);
    CLI_RC(0, NULL, &out, "dlq", "list", "--json");
    j = cJSON_Parse(out);
    ck_assert_msg(cJSON_IsArray(j), "not an array: %s", out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 3);
    char *m1 = strdup(jstr(j, "0.messageId"));
    char *m2 = strdup(jstr(j, "1.messageId"));
    cJSON_Delete(j);
    free(out);
    CLI_RC(0, NULL, &out, "dlq", "list", "--limit", "2", "--json");
    j = cJSON_Parse(strchr(out, '['));
    ck_assert_int_eq(cJSON_GetArraySize(j), 2);
    cJSON_Delete(j);
    HAS(out, "more messages");
    free(out);
    CLI_RC(0, NULL, &out, "dlq", "list", "--limit", "1", "--all", "--json");
    j = cJSON_Parse(out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 3);
    cJSON_Delete(j);
    free(out);

    CLI_RC(0, NULL, &out, "dlq", "show", m1);
    HAS(out, "message id:");
    HAS(out, "last error:");
    HAS(out, "orderId"); /* the body, as the queue had it */
    free(out);
    CLI_RC(0, NULL, &out, "dlq", "show", m1, "--json");
    j = cJSON_Parse(out);
    ck_assert_str_eq(jstr(j, "messageId"), m1);
    ck_assert_int_ge((int)jnum(j, "receiveCount"), 1);
    cJSON_Delete(j);
    free(out);
    CLI_RC(1, NULL, &out, "dlq", "show",
           "0f0f0f0f-1111-4222-8333-444444444444");
    HAS(out, "NOT_FOUND");
    free(out);

    /* Not an admin: refused, plainly. */
    free(login_as("user@example.com", NULL));
    static const char *const admin_cmds[][3] = {
        {"queues", NULL, NULL}, {"dlq", "list", NULL}};
    for (size_t i = 0; i < 2; i++) {
        CLI_RC(1, NULL, &out, admin_cmds[i][0], admin_cmds[i][1]);
        HAS(out, "admin group");
        HAS(out, "FORBIDDEN");
        free(out);
    }
    CLI_RC(1, NULL, &out, "dlq", "delete", m1, "--yes");
    HAS(out, "admin group");
    free(out);
    char in[64];
    snprintf(in, sizeof in, "%s\n", PW);
    CLI_RC(0, in, &out, "login", "--username", "ops@example.com",
           "--password-stdin");
    free(out);

    /* Delete: --yes from scripts. */
    CLI_RC(2, NULL, &out, "dlq", "delete", m1);
    HAS(out, "--yes");
    free(out);
    CLI_RC(0, NULL, &out, "dlq", "delete", m1, "--yes");
    HAS(out, "deleted message");
    free(out);
    CLI_RC(1, NULL, &out, "dlq", "show", m1);
    free(out);
    CLI_RC(1, NULL, &out, "dlq", "delete", m1, "--yes", "--json");
    HAS(out, "NOT_FOUND");
    free(out);

    /* Redrive one: back on the queue (it fails again and returns). */
    CLI_RC(0, NULL, &out, "dlq", "redrive", m2);
    HAS(out, "back on the order queue");
    free(out);
    CLI_RC(1, NULL, &out, "dlq", "redrive",
           "0f0f0f0f-1111-4222-8333-444444444444", "--json");
    HAS(out, "NOT_FOUND");
    free(out);
    ck_assert(shop_wait_dlq(&srv, admin, 2, 15000));
    CLI_RC(2, NULL, &out, "dlq", "redrive", "--all");
    HAS(out, "--yes");
    free(out);
    CLI_RC(2, NULL, &out, "dlq", "redrive", m2, "--all", "--yes");
    free(out);
    CLI_RC(2, NULL, &out, "dlq", "redrive");
    free(out);
    CLI_RC(0, NULL, &out, "dlq", "redrive", "--all", "--yes", "--json");
    j = cJSON_Parse(out);
    ck_assert_msg(j != NULL, "not JSON: %s", out);
    ck_assert_int_eq((int)jnum(j, "redriven"), 2);
    cJSON_Delete(j);
    free(out);
    ck_assert(shop_wait_dlq(&srv, admin, 2, 15000));
    CLI_RC(0, NULL, &out, "dlq", "redrive", "--all", "--yes");
    HAS(out, "2 messages back on the order queue");
    free(out);
    CLI_RC(2, NULL, &out, "dlq", "purge");
    free(out);
    CLI_RC(2, NULL, &out, "queues", "extra");
    free(out);
    free(m1);
    free(m2);
    free(o1);
    free(o2);
    free(o3);
    free(pid);
    free(admin);
}
END_TEST

/* inventui audit: the trail of DLQ redrives and deletes, as a table and
 * as received; the admin group's only. */
START_TEST(audit_table_and_json)
{
    char *admin = login_as("ops@example.com", "admin");
    char *pid = shop_product(&srv, admin, "Chair", 12000);
    char *o1 = shop_order(&srv, admin, pid, 1);
    ck_assert(shop_wait_dlq(&srv, admin, 1, 15000));
    char *o2 = shop_order(&srv, admin, pid, 1);
    ck_assert(shop_wait_dlq(&srv, admin, 2, 15000));
    char *out = NULL;
    CLI_RC(0, NULL, &out, "audit");
    HAS(out, "the audit trail is empty");
    free(out);
    CLI_RC(0, NULL, &out, "dlq", "list", "--json");
    cJSON *j = cJSON_Parse(out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 2);
    char *m1 = strdup(jstr(j, "0.messageId"));
    char *m2 = strdup(jstr(j, "1.messageId"));
    cJSON_Delete(j);
    free(out);
    CLI_RC(0, NULL, &out, "dlq", "delete", m1, "--yes");
    free(out);
    CLI_RC(0, NULL, &out, "dlq", "redrive", m2);
    free(out);

    CLI_RC(0, NULL, &out, "audit");
    char head[256];
    snprintf(head, sizeof head, "%.*s", (int)strcspn(out, "\n"), out);
    const char *t = strstr(head, "TIME"), *a = strstr(head, "ACTOR"),
               *ac = strstr(head, "ACTION"), *tg = strstr(head, "TARGET");
    ck_assert_msg(t == head && a > t && ac > a && tg > ac, "header: %s", out);
    /* Newest first: the redrive, then the delete, both by ops. */
    const char *r2 = strstr(out, m2), *r1 = strstr(out, m1);
    ck_assert_msg(r1 && r2 && r2 < r1, "%s", out);
    const char *line2 = strchr(out, '\n') + 1;
    ck_assert_msg(strstr(line2, "ops@example.com") < r2 &&
                      strstr(line2, "redrive") < r2,
                  "%s", out);
    const char *line3 = strchr(line2, '\n') + 1;
    ck_assert_msg(strstr(line3, "delete") && strstr(line3, "delete") < r1,
                  "%s", out);
    free(out);

    /* --json: the items exactly as the API sent them. */
    CLI_RC(0, NULL, &out, "audit", "--json");
    j = cJSON_Parse(out);
    ck_assert_msg(cJSON_IsArray(j), "not an array: %s", out);
    struct http_resp r;
    http_call(&srv, "GET", "/admin/audit", admin, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_msg(cJSON_Compare(j, jpath(r.json, "data.items"), true),
                  "CLI: %s\nAPI: %s", out, r.body);
    ck_assert_str_eq(jstr(j, "0.action"), "redrive");
    ck_assert_str_eq(jstr(j, "1.messageId"), m1);
    http_resp_free(&r);
    cJSON_Delete(j);
    free(out);
    CLI_RC(0, NULL, &out, "audit", "--limit", "1", "--json");
    j = cJSON_Parse(strchr(out, '['));
    ck_assert_int_eq(cJSON_GetArraySize(j), 1);
    cJSON_Delete(j);
    HAS(out, "more entries");
    free(out);
    CLI_RC(0, NULL, &out, "audit", "--limit", "1", "--all", "--json");
    j = cJSON_Parse(out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 2);
    cJSON_Delete(j);
    free(out);
    CLI_RC(2, NULL, &out, "audit", "--limit", "0");
    free(out);
    CLI_RC(2, NULL, &out, "audit", "everything");
    free(out);

    /* A customer is told what is missing. */
    free(login_as("user@example.com", NULL));
    CLI_RC(1, NULL, &out, "audit");
    HAS(out, "this needs an administrator");
    HAS(out, "FORBIDDEN");
    ck_assert_ptr_null(strstr(out, m1));
    free(out);
    free(m1);
    free(m2);
    free(o1);
    free(o2);
    free(pid);
    free(admin);
}
END_TEST

START_TEST(dlq_empty_and_every_help)
{
    free(login_as("ops@example.com", "admin"));
    char *out = NULL;
    CLI_RC(0, NULL, &out, "dlq", "list");
    HAS(out, "the dead-letter queue is empty");
    free(out);
    CLI_RC(0, NULL, &out, "dlq", "list", "--json");
    ck_assert_str_eq(out, "[]\n");
    free(out);
    CLI_RC(0, NULL, &out, "audit", "--json");
    ck_assert_str_eq(out, "[]\n");
    free(out);
    static const char *const cmds[][2] = {
        {"signup", "usage: inventui signup"},
        {"confirm", "usage: inventui confirm"},
        {"products", "inventui products create"},
        {"orders", "usage: inventui orders create"},
        {"dlq", "usage: inventui dlq list"},
        {"queues", "usage: inventui queues"},
        {"audit", "usage: inventui audit"},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        /* Help needs no API URL or session. */
        ck_assert_int_eq(testsrv_cli(NULL, &out, cmds[i][0], "--help",
                                     (char *)NULL), 0);
        HAS(out, cmds[i][1]);
        HAS(out, "exit codes");
        free(out);
    }
    ck_assert_int_eq(testsrv_cli(NULL, &out, "--help", (char *)NULL), 0);
    HAS(out, "orders");
    HAS(out, "signup");
    free(out);
    /* Not signed in: 3. */
    CLI_RC(0, NULL, &out, "logout");
    free(out);
    CLI_RC(3, NULL, &out, "orders", "list");
    HAS(out, "not signed in");
    HAS(out, "sign in with: inventui login"); /* the CLI's hint, not the core's */
    free(out);
    CLI_RC(3, NULL, &out, "queues");
    free(out);
}
END_TEST

/* Against a scripted fake: pages the real server never sends. */
START_TEST(lists_survive_short_and_empty_pages)
{
    static const struct fake_reply pages[] = {
        {200, "{\"success\":true,\"data\":{\"items\":[{\"id\":\"o-1\","
              "\"status\":\"SHIPPED\",\"productName\":\"Lamp\\u001b[2J\\u009b\","
              "\"quantity\":1,\"pricePerUnit\":250,\"totalAmount\":250}],"
              "\"count\":1,\"nextToken\":\"t1\"}}"},
        {200, "{\"success\":true,\"data\":{\"items\":[],\"count\":0,"
              "\"nextToken\":\"t2\"}}"},
        {200, "{\"success\":true,\"data\":{\"items\":[{\"id\":\"o-2\","
              "\"status\":\"DELIVERED\",\"quantity\":2,\"totalAmount\":999,"
              "\"items\":[{\"productName\":\"Bulb\"}]}],\"count\":1}}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, pages, 3);
    fakeapi_session(f.base);
    char *out = NULL;
    int rc = testsrv_cli(NULL, &out, "--api", f.base, "orders", "list",
                         "--all", "--json", (char *)NULL);
    ck_assert_msg(rc == 0, "%d %s", rc, out);
    cJSON *j = cJSON_Parse(out);
    ck_assert_int_eq(cJSON_GetArraySize(j), 2);
    ck_assert_str_eq(jstr(j, "1.id"), "o-2");
    /* --json keeps the data exact, escapes included. */
    ck_assert_str_eq(jstr(j, "0.productName"), "Lamp\x1b[2J\xc2\x9b");
    cJSON_Delete(j);
    free(out);
    ck_assert_int_eq(fakeapi_count(&f), 3);
    fakeapi_stop(&f);

    /* Without --all the default 20 is not reached either: all pages. */
    fakeapi_start(&f, pages, 3);
    fakeapi_session(f.base); /* a new port: a new API URL */
    rc = testsrv_cli(NULL, &out, "--api", f.base, "orders", "list",
                     (char *)NULL);
    ck_assert_msg(rc == 0, "%d %s", rc, out);
    HAS(out, "SHIPPED"); /* statuses the server never writes, as they come */
    HAS(out, "DELIVERED");
    HAS(out, "Bulb");
    HAS(out, "$9.99");
    HAS(out, "Lamp");
    /* The terminal never gets the escape sequence or the C1 CSI. */
    ck_assert_ptr_null(strchr(out, '\x1b'));
    ck_assert_ptr_null(strstr(out, "\xc2\x9b"));
    ck_assert_ptr_null(strstr(out, "more orders"));
    free(out);
    fakeapi_stop(&f);
}
END_TEST

START_TEST(each_create_has_its_own_key_and_5xx_exits_4)
{
    static const struct fake_reply replies[] = {
        {503, "{\"success\":false,\"error\":{\"code\":\"UNAVAILABLE\","
              "\"message\":\"try later\"}}"},
    };
    struct fakeapi f;
    fakeapi_start(&f, replies, 1);
    fakeapi_session(f.base);
    char *out = NULL;
    for (int i = 0; i < 2; i++) {
        int rc = testsrv_cli(NULL, &out, "--api", f.base, "orders", "create",
                             "--product", "p-1", "--quantity", "1",
                             (char *)NULL);
        ck_assert_msg(rc == 4, "%d %s", rc, out);
        HAS(out, "503");
        free(out);
    }
    int n = fakeapi_count(&f);
    ck_assert_int_eq(n % 2, 0);
    ck_assert_int_ge(n, 4); /* retried */
    char *first = fakeapi_header(fakeapi_request(&f, 0), "Idempotency-Key");
    char *last = fakeapi_header(fakeapi_request(&f, n - 1), "Idempotency-Key");
    ck_assert(uuid_is_valid(first));
    ck_assert(uuid_is_valid(last));
    ck_assert_str_ne(first, last);
    for (int i = 1; i < n / 2; i++) {
        char *k = fakeapi_header(fakeapi_request(&f, i), "Idempotency-Key");
        ck_assert_str_eq(k, first);
        free(k);
    }
    free(first);
    free(last);
    fakeapi_stop(&f);
}
END_TEST

static void up_fake(void)
{
    /* A directory of our own for the session files. */
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/inventui-fake-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    setenv("XDG_CACHE_HOME", dir, 1);
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
}

static void down_fake(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", getenv("XDG_CACHE_HOME"));
    ck_assert_int_eq(system(cmd), 0);
}

Suite *suite_cli_cmds(void)
{
    Suite *s = suite_create("cli_cmds");
    TCase *tc = tcase_create("cli_cmds");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, signup_confirm_resend);
    tcase_add_test(tc, products_create_update_delete);
    tcase_add_test(tc, orders_create_list_get);
    tcase_add_test(tc, orders_cancel);
    tcase_add_test(tc, product_writes_need_an_administrator);
    tcase_add_test(tc, orders_list_all_users);
    tcase_add_test(tc, dlq_empty_and_every_help);
    suite_add_tcase(s, tc);
    TCase *dlq = tcase_create("cli_dlq");
    tcase_add_checked_fixture(dlq, up_dlq, down);
    tcase_set_timeout(dlq, 180);
    tcase_add_test(dlq, dlq_and_queues);
    tcase_add_test(dlq, audit_table_and_json);
    suite_add_tcase(s, dlq);
    TCase *fake = tcase_create("cli_fake");
    tcase_add_checked_fixture(fake, up_fake, down_fake);
    tcase_set_timeout(fake, 60);
    tcase_add_test(fake, lists_survive_short_and_empty_pages);
    tcase_add_test(fake, each_create_has_its_own_key_and_5xx_exits_4);
    suite_add_tcase(s, fake);
    return s;
}
