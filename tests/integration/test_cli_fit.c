/* The command line at 80 columns, against a real `inventui serve`: tables
 * fit the width ($COLUMNS, the terminal's, else 80) and stay aligned by
 * display width with wide characters and combining marks; status and
 * stock are coloured on a terminal only; short ids (8+ characters) work
 * wherever an id is asked for, ambiguous ones exit 2 listing the
 * matches, and the search stops after SHORTID_MAX_PAGES pages (against a
 * scripted fake); and the small things: -V, one line for an unknown
 * command, CREATED and the LOW badge, empty lists, --category/--status
 * in any case, the fields' limits in --help, `make serve-demo` on a port
 * that is taken. */
#include <check.h>
#include <libgen.h>
#include <locale.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client/cli/shortid.h"
#include "client/format.h"
#include "common/strbuf.h"
#include "common/textwidth.h"
#include "integration/suites.h"
#include "model/product.h"
#include "support/fakeapi.h"
#include "support/shop.h"
#include "support/testsrv.h"

static struct testsrv srv;
static const char PW[] = "Passw0rdX";

/* 27 wide characters: 54 columns, 81 bytes, 27 code points. */
static const char WIDE[] = "超高性能ワイヤレスノイズキャンセリングヘッドホン・プロ";
/* Combining marks: 10 columns in 12 code points. */
static const char MARKS[] = "Cafe\xCC\x81 Cre\xCC\x80me";

static void env_for(const struct testsrv *s)
{
    char dir[400];
    snprintf(dir, sizeof dir, "%s/xdg-cache", s->dir);
    setenv("XDG_CACHE_HOME", dir, 1);
    snprintf(dir, sizeof dir, "%s/xdg-config", s->dir);
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
    setenv("COLUMNS", "80", 1);
    unsetenv("NO_COLOR");
    unsetenv("LC_ALL");
    setenv("LANG", "C.UTF-8", 1);
    setenv("TERM", "xterm", 1);
    unsetenv("INVENTUI_REFRESH_MARGIN");
    /* The test measures what the CLI printed by the same rules. */
    ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
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

#define CLI_RC(want, in, out, ...)                                          \
    do {                                                                    \
        int rc_ = CLI(in, out, __VA_ARGS__);                                \
        ck_assert_msg(rc_ == (want), "exit %d, want %d: %s", rc_, (want),   \
                      *(out) ? *(out) : "");                                \
    } while (0)

#define HAS(out, text) \
    ck_assert_msg(strstr(out, text) != NULL, "no \"%s\" in: %s", text, out)
#define HASNT(out, text) \
    ck_assert_msg(strstr(out, text) == NULL, "\"%s\" in: %s", text, out)

/* The binary under test, as testsrv_cli finds it. */
static const char *bin(void)
{
    const char *b = getenv("INVENTUI_BIN");
    return b && *b ? b : "build/inventui";
}

/* A user (in group, or none) signed in with the CLI; an ID token for
 * direct API calls (malloc'd). */
static char *login_as(const char *email, const char *group)
{
    char *token = testsrv_user_token(&srv, email, PW, group);
    char in[64], *out = NULL;
    snprintf(in, sizeof in, "%s\n", PW);
    CLI_RC(0, in, &out, "login", "--username", email, "--password-stdin");
    free(out);
    return token;
}

/* A product made through the API; its id (malloc'd). */
static char *product(const char *token, const char *name, const char *sku,
                     long long price, long long quantity)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "name", name);
    cJSON_AddStringToObject(b, "description", "A product for the width tests");
    cJSON_AddStringToObject(b, "category", "electronics");
    cJSON_AddNumberToObject(b, "price", (double)price);
    cJSON_AddNumberToObject(b, "quantity", (double)quantity);
    cJSON_AddStringToObject(b, "sku", sku);
    char *body = cJSON_PrintUnformatted(b);
    cJSON_Delete(b);
    struct http_resp r;
    http_call(&srv, "POST", "/products", token, body, &r, NULL);
    free(body);
    ck_assert_msg(r.status == 201, "product: %ld %s", r.status, r.body);
    char *id = strdup(jstr(r.json, "data.id"));
    http_resp_free(&r);
    return id;
}

/* The first 8 characters of an id: how an 80-column table shows it. */
static const char *short8(const char *id)
{
    static char s[4][9];
    static int n;
    char *out = s[n++ % 4];
    snprintf(out, 9, "%.8s", id);
    return out;
}

/* The line of out holding key (malloc'd), or NULL. */
static char *line_with(const char *out, const char *key)
{
    const char *at = strstr(out, key);
    if (!at)
        return NULL;
    const char *start = at;
    while (start > out && start[-1] != '\n')
        start--;
    return strndup(start, strcspn(start, "\n"));
}

/* The display width of the widest line of out. */
static int widest(const char *out)
{
    int most = 0;
    for (const char *p = out; *p;) {
        size_t n = strcspn(p, "\n");
        char *line = strndup(p, n);
        int w = text_width(line);
        free(line);
        if (w > most)
            most = w;
        p += n;
        if (*p)
            p++;
    }
    return most;
}

/* The display column just after `what` in the line holding key: where a
 * right-aligned column ends. */
static int end_col(const char *out, const char *key, const char *what)
{
    char *line = line_with(out, key);
    ck_assert_msg(line != NULL, "no line with \"%s\" in: %s", key, out);
    char *at = strstr(line, what);
    ck_assert_msg(at != NULL, "no \"%s\" in line: %s", what, line);
    at[strlen(what)] = '\0';
    int col = text_width(line);
    free(line);
    return col;
}

/* Asserts that the price and the quantity of the row holding key end
 * where the headers PRICE and QTY do. */
static void aligned(const char *out, const char *key, const char *price,
                    const char *qty)
{
    ck_assert_msg(end_col(out, key, price) == end_col(out, "NAME", "PRICE"),
                  "PRICE of %s out of line:\n%s", key, out);
    char spaced[32];
    snprintf(spaced, sizeof spaced, " %s ", qty);
    ck_assert_msg(end_col(out, key, spaced) - 1 == end_col(out, "NAME", "QTY"),
                  "QTY of %s out of line:\n%s", key, out);
}

START_TEST(tables_fit_80_columns_by_display_width)
{
    char *admin = login_as("ops@example.com", "admin");
    char *plain = product(admin, "Plain Desk Lamp", "LAMP-1", 1234, 50);
    char *wide = product(admin, WIDE, "WIDE-1", 99999, 5);
    char *marks = product(admin, MARKS, "CAFE-1", PRODUCT_PRICE_MAX, 0);
    char name[121];
    memset(name, 'L', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    char *longest = product(admin, name, "LONG-NAME-SKU-0123456789",
                            4200, PRODUCT_QUANTITY_MAX);
    char max[32];
    format_price(PRODUCT_PRICE_MAX, max, sizeof max);

    char *out = NULL;
    CLI_RC(0, NULL, &out, "products", "list");
    ck_assert_msg(widest(out) <= 80, "%d columns:\n%s", widest(out), out);
    HAS(out, "CREATED");
    HASNT(out, "UPDATED");
    HASNT(out, wide); /* ids in their short form */
    aligned(out, short8(plain), "$12.34", "50");
    aligned(out, short8(wide), "$999.99", "5");
    aligned(out, short8(marks), max, "0");
    aligned(out, short8(longest), "$42.00", "1000000");
    char *row = line_with(out, short8(wide));
    HAS(row, "…"); /* 54 columns of name cut by display width */
    HAS(row, "LOW");
    free(row);
    row = line_with(out, short8(marks));
    HAS(row, MARKS); /* whole: the marks take no room */
    HAS(row, "OUT");
    free(row);
    /* Newest first, as CREATED says: the last made is the first row. */
    ck_assert_msg(!strncmp(strchr(out, '\n') + 1, short8(longest), 8) &&
                      strstr(out, short8(wide)) < strstr(out, short8(plain)),
                  "not newest first:\n%s", out);
    free(out);

    /* Piped without COLUMNS: 80. */
    unsetenv("COLUMNS");
    CLI_RC(0, NULL, &out, "products", "list");
    ck_assert_msg(widest(out) <= 80, "%d columns:\n%s", widest(out), out);
    free(out);

    /* A wide terminal: whole ids, whole names, still in line. */
    setenv("COLUMNS", "260", 1);
    CLI_RC(0, NULL, &out, "products", "list");
    ck_assert_msg(widest(out) <= 260, "%d columns:\n%s", widest(out), out);
    HAS(out, wide);
    HAS(out, WIDE);
    aligned(out, wide, "$999.99", "5");
    free(out);

    /* A locale that is not UTF-8 measures the same (output is UTF-8). */
    setenv("COLUMNS", "80", 1);
    setenv("LC_ALL", "C", 1);
    CLI_RC(0, NULL, &out, "products", "list");
    ck_assert_msg(widest(out) <= 80, "%d columns:\n%s", widest(out), out);
    aligned(out, short8(wide), "$999.99", "5");
    free(out);
    unsetenv("LC_ALL");

    /* Orders: the wide product's name cut, the totals in line. */
    char *order = shop_order(&srv, admin, wide, 2);
    char total[32];
    format_price(2 * 99999, total, sizeof total);
    CLI_RC(0, NULL, &out, "orders", "list");
    ck_assert_msg(widest(out) <= 80, "%d columns:\n%s", widest(out), out);
    ck_assert_msg(end_col(out, short8(order), total) ==
                      end_col(out, "PRODUCT", "TOTAL"),
                  "TOTAL out of line:\n%s", out);
    HAS(out, "…");
    free(out);
    free(order);
    free(plain);
    free(wide);
    free(marks);
    free(longest);
    free(admin);
}
END_TEST

START_TEST(dlq_list_fits_and_takes_short_ids)
{
    char *admin = login_as("ops@example.com", "admin");
    char *pid = shop_product(&srv, admin, WIDE, 12000);
    char *o1 = shop_order(&srv, admin, pid, 1);
    char *o2 = shop_order(&srv, admin, pid, 1);
    ck_assert(shop_wait_dlq(&srv, admin, 2, 15000));
    char *out = NULL;
    CLI_RC(0, NULL, &out, "dlq", "list");
    ck_assert_msg(widest(out) <= 80, "%d columns:\n%s", widest(out), out);
    HAS(out, "MESSAGE ID");
    HAS(out, short8(o1));
    HAS(out, short8(o2));
    free(out);
    CLI_RC(0, NULL, &out, "dlq", "list", "--json");
    cJSON *j = cJSON_Parse(out);
    char *m1 = strdup(jstr(j, "0.messageId"));
    char *m2 = strdup(jstr(j, "1.messageId"));
    cJSON_Delete(j);
    free(out);
    /* The message id's column shows 8 characters, not a cut at the
     * header's width. */
    CLI_RC(0, NULL, &out, "dlq", "list");
    char *row = line_with(out, short8(m1));
    ck_assert_msg(strncmp(row, m1, 9) != 0, "longer than 8: %s", row);
    free(row);
    free(out);

    CLI_RC(0, NULL, &out, "dlq", "show", short8(m1));
    HAS(out, m1);
    HAS(out, "last error:");
    free(out);
    CLI_RC(0, NULL, &out, "dlq", "redrive", short8(m2));
    HAS(out, m2);
    HAS(out, "back on the order queue");
    free(out);
    /* Not an admin: the listing that resolves it is refused, plainly. */
    free(login_as("user@example.com", NULL));
    CLI_RC(1, NULL, &out, "dlq", "show", short8(m1));
    HAS(out, "this needs an administrator");
    free(out);
    free(m1);
    free(m2);
    free(o1);
    free(o2);
    free(pid);
    free(admin);
}
END_TEST

/* Runs `inventui --api BASE ARGS…` on a pseudo-terminal cols wide;
 * returns the exit status, *out what the terminal showed (malloc'd). */
static int cli_on_pty(int cols, char **out, ...)
{
    const char *argv[32];
    int n = 0;
    argv[n++] = bin();
    argv[n++] = "--api";
    argv[n++] = srv.base;
    va_list ap;
    va_start(ap, out);
    for (const char *a; (a = va_arg(ap, const char *)) && n < 31;)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    struct winsize ws = {.ws_row = 40, .ws_col = (unsigned short)cols};
    int fd;
    pid_t pid = forkpty(&fd, NULL, NULL, &ws);
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    struct strbuf sb = {0};
    char buf[4096];
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 20000) <= 0)
            break;
        ssize_t got = read(fd, buf, sizeof buf);
        if (got <= 0)
            break; /* EIO once the child is gone */
        strbuf_append(&sb, buf, (size_t)got);
    }
    close(fd);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    *out = sb.buf ? strbuf_detach(&sb, NULL) : strdup("");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

START_TEST(colour_on_a_terminal_only)
{
    char *admin = login_as("ops@example.com", "admin");
    char *low = product(admin, "Nearly Gone", "LOW-1", 500, 3);
    char *none = product(admin, "All Gone", "OUT-1", 500, 0);
    char *plenty = product(admin, "Plenty", "MANY-1", 500, 500);
    char *order = shop_order(&srv, admin, plenty, 1);
    char *out = NULL;
    CLI_RC(0, NULL, &out, "orders", "cancel", order, "--yes");
    free(out);

    /* Roles as the TUI names them: low_stock, out_of_stock,
     * status_cancelled (cli/colour.h has their SGR forms). */
    unsetenv("COLUMNS");
    ck_assert_int_eq(cli_on_pty(100, &out, "products", "list", NULL), 0);
    HAS(out, "\033[1;33mLOW\033[0m");
    HAS(out, "\033[1;31mOUT\033[0m");
    HAS(out, "\033[1;33m3\033[0m");
    /* The terminal's own width (100): the ids are whole only above. */
    HAS(out, short8(low));
    HASNT(out, low);
    free(out);
    ck_assert_int_eq(cli_on_pty(160, &out, "products", "list", NULL), 0);
    HAS(out, low);
    free(out);
    ck_assert_int_eq(cli_on_pty(80, &out, "orders", "list", NULL), 0);
    HAS(out, "\033[2mCANCELLED\033[0m");
    free(out);
    ck_assert_int_eq(cli_on_pty(80, &out, "orders", "get", order, NULL), 0);
    HAS(out, "\033[2mCANCELLED\033[0m");
    free(out);

    /* Piped, NO_COLOR, TERM=dumb: none. */
    CLI_RC(0, NULL, &out, "products", "list");
    HAS(out, "LOW");
    HASNT(out, "\033");
    free(out);
    setenv("NO_COLOR", "1", 1);
    ck_assert_int_eq(cli_on_pty(80, &out, "products", "list", NULL), 0);
    HAS(out, "OUT");
    HASNT(out, "\033");
    free(out);
    unsetenv("NO_COLOR");
    setenv("TERM", "dumb", 1);
    ck_assert_int_eq(cli_on_pty(80, &out, "orders", "list", NULL), 0);
    HAS(out, "CANCELLED");
    HASNT(out, "\033");
    free(out);
    free(order);
    free(low);
    free(none);
    free(plenty);
    free(admin);
}
END_TEST

START_TEST(short_ids_where_an_id_is_asked_for)
{
    char *admin = login_as("ops@example.com", "admin");
    char *a = product(admin, "Twin One", "TWIN-1", 100, 10);
    char *b = product(admin, "Twin Two", "TWIN-2", 100, 10);
    char *c = product(admin, "Only One", "ONLY-1", 100, 10);
    /* Two ids that share their first 9 characters. */
    static const char TWIN1[] = "abcdef01-0000-4000-8000-00000000000a";
    static const char TWIN2[] = "abcdef01-0000-4000-8000-00000000000b";
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE products SET id = '%s' WHERE id = '%s'",
             TWIN1, a);
    shop_sql(&srv, sql);
    snprintf(sql, sizeof sql, "UPDATE products SET id = '%s' WHERE id = '%s'",
             TWIN2, b);
    shop_sql(&srv, sql);

    char *out = NULL;
    CLI_RC(2, NULL, &out, "products", "get", "abcdef01-");
    HAS(out, "is the beginning of 2 product ids");
    HAS(out, TWIN1);
    HAS(out, TWIN2);
    HAS(out, "Twin One");
    free(out);
    CLI_RC(0, NULL, &out, "products", "get", TWIN2);
    HAS(out, "Twin Two");
    free(out);

    CLI_RC(0, NULL, &out, "products", "get", short8(c));
    HAS(out, c);
    HAS(out, "Only One");
    free(out);
    char upper[16];
    snprintf(upper, sizeof upper, "%.10s", c);
    for (char *p = upper; *p; p++)
        if (*p >= 'a' && *p <= 'f')
            *p = (char)(*p - 'a' + 'A');
    CLI_RC(0, NULL, &out, "products", "get", upper);
    HAS(out, c);
    free(out);
    char seven[8];
    snprintf(seven, sizeof seven, "%.7s", c);
    CLI_RC(2, NULL, &out, "products", "get", seven);
    HAS(out, "at least 8 characters");
    free(out);
    const char *nobody = c[0] == 'f' ? "0f0f0f0f" : "f0f0f0f0";
    CLI_RC(1, NULL, &out, "products", "get", nobody);
    HAS(out, "NOT_FOUND");
    free(out);
    CLI_RC(0, NULL, &out, "products", "update", short8(c), "--quantity", "3");
    HAS(out, "updated product");
    HAS(out, c);
    free(out);

    /* Orders: --product, get and cancel. */
    CLI_RC(0, NULL, &out, "orders", "create", "--product", short8(c),
           "--quantity", "1", "--json");
    cJSON *j = cJSON_Parse(out);
    ck_assert_msg(j != NULL, "not JSON: %s", out);
    ck_assert_str_eq(jstr(j, "productId"), c);
    char *order = strdup(jstr(j, "id"));
    cJSON_Delete(j);
    free(out);
    CLI_RC(0, NULL, &out, "orders", "get", short8(order));
    HAS(out, order);
    free(out);
    CLI_RC(0, NULL, &out, "orders", "cancel", short8(order), "--yes");
    HAS(out, "order cancelled");
    free(out);

    /* A destructive command with an ambiguous id does nothing. */
    CLI_RC(2, NULL, &out, "products", "delete", "abcdef01", "--yes");
    HAS(out, TWIN1);
    free(out);
    CLI_RC(0, NULL, &out, "products", "get", TWIN1);
    free(out);
    CLI_RC(0, NULL, &out, "products", "delete", short8(c), "--yes");
    HAS(out, c);
    free(out);
    CLI_RC(1, NULL, &out, "products", "get", c);
    free(out);
    free(order);
    free(a);
    free(b);
    free(c);
    free(admin);
}
END_TEST

/* Against a fake that pages for ever: the search for a short id stops
 * after SHORTID_MAX_PAGES pages and says so. */
START_TEST(short_id_search_is_bounded)
{
    enum { PAGES = SHORTID_MAX_PAGES + 5 };
    static struct fake_reply pages[PAGES];
    static char bodies[PAGES][256];
    for (int i = 0; i < PAGES; i++) {
        snprintf(bodies[i], sizeof bodies[i],
                 "{\"success\":true,\"data\":{\"items\":[{\"id\":"
                 "\"abcdef01-0000-4000-8000-%012d\",\"name\":\"P%d\","
                 "\"price\":100,\"quantity\":1}],\"count\":1,"
                 "\"nextToken\":\"t%d\"}}",
                 i, i, i + 1);
        pages[i] = (struct fake_reply){200, bodies[i]};
    }
    struct fakeapi f;
    fakeapi_start(&f, pages, PAGES);
    fakeapi_session(f.base);
    char *out = NULL;
    int rc = testsrv_cli(NULL, &out, "--api", f.base, "products", "get",
                         "abcdef01-0000-4000-8000-00000000001",
                         (char *)NULL);
    ck_assert_msg(rc == 2, "%d %s", rc, out);
    char want[64];
    snprintf(want, sizeof want, "only the first %d pages", SHORTID_MAX_PAGES);
    HAS(out, want);
    HAS(out, "give the whole id");
    HAS(out, "abcdef01-0000-4000-8000-000000000010"); /* the matches seen */
    free(out);
    ck_assert_int_eq(fakeapi_count(&f), SHORTID_MAX_PAGES);
    char *first = strdup(fakeapi_request(&f, 0));
    HAS(first, "limit=100");
    free(first);
    fakeapi_stop(&f);
}
END_TEST

START_TEST(version_unknown_command_and_help)
{
    char *out = NULL;
    ck_assert_int_eq(testsrv_cli(NULL, &out, "-V", (char *)NULL), 0);
    ck_assert_str_eq(out, "inventui " INVENTUI_VERSION "\n");
    free(out);
    ck_assert_int_eq(testsrv_cli(NULL, &out, "frobnicate", (char *)NULL), 2);
    ck_assert_str_eq(out, "inventui: unknown command \"frobnicate\"; see "
                          "inventui --help\n");
    free(out);
    CLI_RC(2, NULL, &out, "products", "frob");
    ck_assert_str_eq(out, "inventui: products: unknown subcommand \"frob\"; "
                          "see inventui products --help\n");
    free(out);

    /* The fields' limits come from the rules the server checks. */
    ck_assert_int_eq(testsrv_cli(NULL, &out, "products", "--help",
                                 (char *)NULL), 0);
    char want[96], max[32];
    snprintf(want, sizeof want, "--name         %d to %d characters",
             PRODUCT_NAME_MIN, PRODUCT_NAME_MAX);
    HAS(out, want);
    snprintf(want, sizeof want, "--description  %d to %d characters",
             PRODUCT_DESC_MIN, PRODUCT_DESC_MAX);
    HAS(out, want);
    format_price(PRODUCT_PRICE_MAX, max, sizeof max);
    snprintf(want, sizeof want, "--price        $0.01 to %s", max);
    HAS(out, want);
    snprintf(want, sizeof want, "--quantity     0 to %lld",
             PRODUCT_QUANTITY_MAX);
    HAS(out, want);
    snprintf(want, sizeof want, "--sku          %d to %d characters",
             PRODUCT_SKU_MIN, PRODUCT_SKU_MAX);
    HAS(out, want);
    snprintf(want, sizeof want, "--search       at most %d characters",
             PRODUCT_SEARCH_MAX);
    HAS(out, want);
    ck_assert_msg(widest(out) <= 80, "help wider than 80:\n%s", out);
    free(out);
}
END_TEST

START_TEST(empty_lists_and_any_case)
{
    char *admin = login_as("ops@example.com", "admin");
    char *out = NULL;
    CLI_RC(0, NULL, &out, "products", "list");
    ck_assert_str_eq(out, "no products\n");
    free(out);
    CLI_RC(0, NULL, &out, "orders", "list");
    ck_assert_str_eq(out, "no orders\n");
    free(out);

    CLI_RC(0, NULL, &out, "products", "create", "--name", "Desk Lamp",
           "--description", "A sturdy lamp for the desk", "--category",
           "Electronics", "--price", "12.50", "--quantity", "4", "--sku",
           "LAMP-9");
    HAS(out, "category:      electronics");
    free(out);
    CLI_RC(0, NULL, &out, "products", "list", "--category", "ELECTRONICS");
    HAS(out, "Desk Lamp");
    free(out);
    CLI_RC(0, NULL, &out, "products", "list", "--category", "Books");
    ck_assert_str_eq(out, "no products in category books\n");
    free(out);
    CLI_RC(0, NULL, &out, "products", "list", "--search", "chair");
    ck_assert_str_eq(out, "no products matching \"chair\"\n");
    free(out);

    CLI_RC(0, NULL, &out, "orders", "list", "--status", "Cancelled");
    ck_assert_str_eq(out, "no CANCELLED orders\n");
    free(out);
    char *lamp = NULL;
    CLI_RC(0, NULL, &out, "products", "list", "--json");
    cJSON *j = cJSON_Parse(out);
    lamp = strdup(jstr(j, "0.id"));
    cJSON_Delete(j);
    free(out);
    char *order = shop_order(&srv, admin, lamp, 1);
    CLI_RC(0, NULL, &out, "orders", "cancel", order, "--yes");
    free(out);
    CLI_RC(0, NULL, &out, "orders", "list", "--status", "cancelled");
    HAS(out, short8(order));
    free(out);
    CLI_RC(1, NULL, &out, "orders", "list", "--status", "lost");
    HAS(out, "VALIDATION_ERROR"); /* the API still names what it takes */
    free(out);
    free(order);
    free(lamp);
    free(admin);
}
END_TEST

/* The repository's root, from the binary's path (ROOT/build/inventui). */
static char *repo_root(void)
{
    char *path = strdup(bin());
    char *root = strdup(dirname(dirname(path)));
    free(path);
    return root;
}

START_TEST(serve_demo_on_a_taken_port_says_how_to_pick_another)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    ck_assert_int_eq(listen(fd, 1), 0);
    socklen_t len = sizeof sa;
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    char listen_on[64], dir[400], cmd[1400];
    snprintf(listen_on, sizeof listen_on, "127.0.0.1:%d", ntohs(sa.sin_port));
    snprintf(dir, sizeof dir, "%s/demo", srv.dir);
    setenv("INVENTUI_DEMO_LISTEN", listen_on, 1);
    setenv("INVENTUI_DEMO_DIR", dir, 1);
    char *root = repo_root();
    snprintf(cmd, sizeof cmd, "sh '%s/tools/demo.sh' '%s' 2>&1", root, bin());
    free(root);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    struct strbuf sb = {0};
    char buf[1024];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        strbuf_append(&sb, buf, n);
    int status = pclose(p);
    close(fd);
    char *out = sb.buf ? sb.buf : "";
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) != 0,
                  "status %d: %s", status, out);
    HAS(out, "Address already in use");
    HAS(out, "make serve-demo INVENTUI_DEMO_LISTEN=");
    strbuf_free(&sb);
}
END_TEST

static void up_fake(void)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/inventui-fit-XXXXXX");
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

Suite *suite_cli_fit(void)
{
    Suite *s = suite_create("cli_fit");
    TCase *tc = tcase_create("cli_fit");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, tables_fit_80_columns_by_display_width);
    tcase_add_test(tc, colour_on_a_terminal_only);
    tcase_add_test(tc, short_ids_where_an_id_is_asked_for);
    tcase_add_test(tc, version_unknown_command_and_help);
    tcase_add_test(tc, empty_lists_and_any_case);
    tcase_add_test(tc, serve_demo_on_a_taken_port_says_how_to_pick_another);
    suite_add_tcase(s, tc);
    TCase *dlq = tcase_create("cli_fit_dlq");
    tcase_add_checked_fixture(dlq, up_dlq, down);
    tcase_set_timeout(dlq, 120);
    tcase_add_test(dlq, dlq_list_fits_and_takes_short_ids);
    suite_add_tcase(s, dlq);
    TCase *fake = tcase_create("cli_fit_fake");
    tcase_add_checked_fixture(fake, up_fake, down_fake);
    tcase_set_timeout(fake, 60);
    tcase_add_test(fake, short_id_search_is_bounded);
    suite_add_tcase(s, fake);
    return s;
}
