/* The command line against a server that misbehaves (issue 9): garbage
 * instead of HTTP, a body cut short, a Content-Length never met, chunked
 * encoding broken mid-way, a 200 that is not JSON or whose JSON has the
 * wrong types, and a hang after the headers or mid-body. Each command
 * must exit 4 with one sentence on stderr, print nothing on stdout, and
 * end within its [api] timeout (2 s here) and a margin — never crash or
 * hang; with --json that line is an error object. support/rawapi.c sends the bytes; fakeapi's session signs in. */
#include <check.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "integration/suites.h"
#include "support/fakeapi.h"
#include "support/rawapi.h"

#define TIMEOUT_MS 2000
#define MARGIN_MS 1500

static char dir[64];
static char conf[128];

static void up(void)
{
    snprintf(dir, sizeof dir, "/tmp/inventui-hostile-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[160];
    snprintf(path, sizeof path, "%s/xdg-cache", dir);
    setenv("XDG_CACHE_HOME", path, 1);
    snprintf(path, sizeof path, "%s/xdg-config", dir);
    setenv("XDG_CONFIG_HOME", path, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
    snprintf(conf, sizeof conf, "%s/short.conf", dir);
    const char text[] = "[api]\ntimeout = 2\n";
    ck_assert_int_eq(fs_write_private(conf, text, strlen(text)), 0);
}

static void down(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

struct run {
    int status;   /* exit code, 128+signal, or -1 if it had to be killed */
    char *out;    /* stdout */
    char *err;    /* stderr */
    long long ms;
};

/* Runs `inventui --config conf --api base ARGS…` with stdin_text, stdout
 * and stderr apart; killed after 4× the timeout so a hang fails here
 * instead of holding the suite. */
static void run_cli(struct run *r, const char *stdin_text, const char *base,
                    const char *const *args)
{
    const char *bin = getenv("INVENTUI_BIN");
    const char *argv[16] = {bin && *bin ? bin : "build/inventui", "--config",
                            conf, "--api", base};
    int argc = 5;
    for (const char *const *a = args; *a && argc < 15; a++)
        argv[argc++] = *a;
    argv[argc] = NULL;
    int in[2], o[2], e[2];
    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(o), 0);
    ck_assert_int_eq(pipe(e), 0);
    long long t0 = time_mono_ms();
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(o[1], STDOUT_FILENO);
        dup2(e[1], STDERR_FILENO);
        close(in[1]);
        close(o[0]);
        close(e[0]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    close(o[1]);
    close(e[1]);
    if (stdin_text)
        (void)!write(in[1], stdin_text, strlen(stdin_text));
    close(in[1]);
    struct strbuf sb[2] = {{0}, {0}};
    struct pollfd p[2] = {{o[0], POLLIN, 0}, {e[0], POLLIN, 0}};
    int open_fds = 2;
    bool killed = false;
    while (open_fds) {
        long long left = t0 + 4 * TIMEOUT_MS - time_mono_ms();
        if (left <= 0 && !killed) {
            kill(pid, SIGKILL);
            killed = true;
        }
        if (poll(p, 2, left > 0 ? (int)left : 100) < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2; i++) {
            if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP)))
                continue;
            char buf[4096];
            ssize_t n = read(p[i].fd, buf, sizeof buf);
            if (n > 0) {
                strbuf_append(&sb[i], buf, (size_t)n);
            } else {
                close(p[i].fd);
                p[i].fd = -1;
                open_fds--;
            }
        }
    }
    int st = 0;
    waitpid(pid, &st, 0);
    r->ms = time_mono_ms() - t0;
    r->status = killed ? -1 : WIFEXITED(st) ? WEXITSTATUS(st)
                                            : 128 + WTERMSIG(st);
    r->out = strbuf_detach(&sb[0], NULL);
    r->err = strbuf_detach(&sb[1], NULL);
}

/* What went wrong so far in this test, every command at once. */
static struct strbuf wrong;

/* Exit 4, nothing on stdout, one printable line on stderr, in time. */
static void expect_one_sentence(const char *what, const char *base,
                                const char *stdin_text,
                                const char *const *args)
{
    struct run r;
    run_cli(&r, stdin_text, base, args);
    const char *nl = strchr(r.err, '\n');
    bool printable = true;
    for (const char *c = r.err; *c; c++)
        if ((unsigned char)*c < 32 && *c != '\n')
            printable = false;
    /* With --json the one line is an error object. */
    bool json = strcmp(args[0], "--json") == 0;
    cJSON *obj = json ? cJSON_Parse(r.err) : NULL;
    bool shaped = !json || cJSON_IsString(cJSON_GetObjectItem(
                               cJSON_GetObjectItem(obj, "error"), "message"));
    cJSON_Delete(obj);
    if (!(r.status == 4 && !r.out[0] && nl && !nl[1] && nl - r.err > 20 &&
          printable && shaped && r.ms < TIMEOUT_MS + MARGIN_MS))
        strbuf_printf(&wrong, "\n%s, `%s %s`: exit %d after %lld ms; "
                              "stdout \"%.200s\"; stderr \"%.300s\"",
                      what, args[0], args[1] ? args[1] : "", r.status, r.ms,
                      r.out, r.err);
    free(r.out);
    free(r.err);
}

/* Every command of the brief against one misbehaving server. */
static void every_command(const char *what, const char *bytes, size_t len,
                          bool hang)
{
    struct rawapi api;
    rawapi_start(&api, bytes, len, hang);
    static const char *const HEALTH[] = {"health", NULL};
    static const char *const LOGIN[] = {"login", "--username",
                                        "ann@example.com", "--password-stdin",
                                        NULL};
    static const char *const PRODUCTS[] = {"products", "list", NULL};
    static const char *const ORDERS[] = {"orders", "list", NULL};
    static const char *const PRODUCT[] = {
        "products", "get", "00000000-0000-4000-8000-000000000000", NULL};
    static const char *const JSON_ORDERS[] = {"--json", "orders", "list",
                                              NULL};
    expect_one_sentence(what, api.base, NULL, HEALTH);
    expect_one_sentence(what, api.base, "Passw0rdX\n", LOGIN);
    fakeapi_session(api.base);
    expect_one_sentence(what, api.base, NULL, PRODUCTS);
    expect_one_sentence(what, api.base, NULL, ORDERS);
    expect_one_sentence(what, api.base, NULL, PRODUCT);
    expect_one_sentence(what, api.base, NULL, JSON_ORDERS);
    rawapi_stop(&api);
}

/* Fails the test with every command that went wrong. */
static void verdict(void)
{
    char *w = strbuf_detach(&wrong, NULL);
    ck_assert_msg(!w[0], "%s", w);
    free(w);
}

#define BYTES(s) s, sizeof s - 1

START_TEST(garbage_instead_of_http)
{
    every_command("garbage", BYTES("\x00\xff" "SSH-2.0-OpenSSH_9.2\r\n"
                                   "\x1b[2J nonsense\r\n\r\n"), false);
    verdict();
}
END_TEST

START_TEST(a_body_cut_short)
{
    every_command("a body cut short",
                  BYTES("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        "Content-Length: 60\r\n\r\n"
                        "{\"success\":true,\"data\":{\"items\":["),
                  false);
    verdict();
}
END_TEST

START_TEST(a_length_never_met)
{
    every_command("a Content-Length never met",
                  BYTES("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        "Content-Length: 1000000\r\n\r\n{\"success\":true}"),
                  false);
    verdict();
}
END_TEST

START_TEST(chunked_broken_mid_way)
{
    every_command("chunked broken mid-way",
                  BYTES("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        "Transfer-Encoding: chunked\r\n\r\n"
                        "10\r\n{\"success\":true,\r\nZZ\r\nxx"),
                  false);
    verdict();
}
END_TEST

START_TEST(a_200_that_is_not_json)
{
    every_command("a 200 that is not JSON",
                  BYTES("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                        "Content-Length: 28\r\n\r\n"
                        "<html><body>hi</body></html>"),
                  false);
    verdict();
}
END_TEST

/* JSON whose shape is right at the top and wrong below, or wrong at the
 * top. */
START_TEST(a_200_with_the_wrong_types)
{
    static const char *const BODIES[] = {
        "{\"success\":true,\"data\":{\"items\":\"nope\",\"count\":\"x\","
        "\"nextToken\":5,\"status\":[],\"auth\":7}}",
        "{\"success\":true,\"data\":[1,2,3]}",
        "{\"success\":true,\"data\":{\"items\":[{\"id\":5,\"name\":[],"
        "\"price\":\"x\",\"quantity\":{},\"status\":7,\"sku\":null}],"
        "\"count\":1,\"nextToken\":null,\"id\":5,\"name\":[],\"auth\":[]}}",
        "{\"success\":\"yes\",\"data\":null}",
        "[]",
        "42",
    };
    for (size_t i = 0; i < sizeof BODIES / sizeof *BODIES; i++) {
        char *resp = str_printf("HTTP/1.1 200 OK\r\nContent-Type: "
                                "application/json\r\nContent-Length: %zu\r\n"
                                "\r\n%s",
                                strlen(BODIES[i]), BODIES[i]);
        every_command(BODIES[i], resp, strlen(resp), false);
        free(resp);
    }
    verdict();
}
END_TEST

/* The one 200 that is not the server's fault: the API's own envelope
 * with no sign-in settings. That is the person's to set (exit 3), and the
 * sentence says where. */
START_TEST(a_config_without_auth_is_a_setting)
{
    static const char resp[] = "HTTP/1.1 200 OK\r\nContent-Type: "
                               "application/json\r\nContent-Length: 26\r\n"
                               "\r\n{\"success\":true,\"data\":{}}";
    struct rawapi api;
    rawapi_start(&api, resp, sizeof resp - 1, false);
    static const char *const LOGIN[] = {"login", "--username",
                                        "ann@example.com", "--password-stdin",
                                        NULL};
    struct run r;
    run_cli(&r, "Passw0rdX\n", api.base, LOGIN);
    ck_assert_msg(r.status == 3, "exit %d: %s", r.status, r.err);
    ck_assert_ptr_nonnull(strstr(r.err, "set [cognito] region and client_id"));
    free(r.out);
    free(r.err);
    rawapi_stop(&api);
}
END_TEST

START_TEST(a_hang_after_the_headers)
{
    every_command("a hang after the headers",
                  BYTES("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        "Content-Length: 100\r\n\r\n"),
                  true);
    verdict();
}
END_TEST

START_TEST(a_hang_mid_body)
{
    every_command("a hang mid-body",
                  BYTES("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        "Content-Length: 100\r\n\r\n{\"success\":true,\"da"),
                  true);
    verdict();
}
END_TEST

Suite *suite_cli_hostile(void)
{
    Suite *s = suite_create("cli_hostile");
    TCase *tc = tcase_create("cli_hostile");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, garbage_instead_of_http);
    tcase_add_test(tc, a_body_cut_short);
    tcase_add_test(tc, a_length_never_met);
    tcase_add_test(tc, chunked_broken_mid_way);
    tcase_add_test(tc, a_200_that_is_not_json);
    tcase_add_test(tc, a_200_with_the_wrong_types);
    tcase_add_test(tc, a_config_without_auth_is_a_setting);
    tcase_add_test(tc, a_hang_after_the_headers);
    tcase_add_test(tc, a_hang_mid_body);
    suite_add_tcase(s, tc);
    return s;
}
