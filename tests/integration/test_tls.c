/* The client over HTTPS against `openssl s_server` with a self-signed
 * certificate: verification is always on (an unknown certificate is exit
 * 4 and says why), CURL_CA_BUNDLE makes it trusted, and HTTPS_PROXY /
 * NO_PROXY are honoured. The server answers the deployed system's bare
 * /health from a file (s_server -WWW serves the files of its directory). */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "integration/suites.h"
#include "support/testsrv.h"

static char dir[64];
static int port;
static pid_t tls_pid;

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    close(fd);
    return ntohs(a.sin_port);
}

static int can_connect(int p)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)p)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

static void run(const char *cmd)
{
    ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

static void up(void)
{
    snprintf(dir, sizeof dir, "/tmp/inventui-tls-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && openssl req -x509 -newkey rsa:2048 -nodes "
             "-keyout key.pem -out cert.pem -subj /CN=127.0.0.1 "
             "-addext subjectAltName=IP:127.0.0.1 -days 1 2>/dev/null && "
             "printf '%%s' '{\"status\":\"healthy\",\"service\":\"inventory-api\","
             "\"version\":\"1.0.0\",\"timestamp\":\"2026-01-01T00:00:00.000Z\"}' > health",
             dir);
    run(cmd);
    port = free_port();
    tls_pid = fork();
    if (tls_pid == 0) {
        if (chdir(dir) != 0)
            _exit(127);
        char accept[32];
        snprintf(accept, sizeof accept, "127.0.0.1:%d", port);
        if (!freopen("/dev/null", "w", stdout) ||
            !freopen("/dev/null", "w", stderr))
            _exit(127);
        execlp("openssl", "openssl", "s_server", "-accept", accept, "-cert",
               "cert.pem", "-key", "key.pem", "-WWW", "-quiet", (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 250 && !can_connect(port); i++) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    ck_assert_msg(can_connect(port), "openssl s_server did not start");
    char env[128];
    snprintf(env, sizeof env, "%s/cache", dir);
    setenv("XDG_CACHE_HOME", env, 1);
    snprintf(env, sizeof env, "%s/config", dir);
    setenv("XDG_CONFIG_HOME", env, 1);
    setenv("INVENTUI_RETRY_BASE_MS", "1", 1);
    for (const char *const *v = (const char *const[]){"HTTPS_PROXY", "https_proxy",
             "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy", "CURL_CA_BUNDLE",
             NULL}; *v; v++)
        unsetenv(*v);
}

static void down(void)
{
    kill(tls_pid, SIGTERM);
    waitpid(tls_pid, NULL, 0);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    run(cmd);
}

static int health(char **out)
{
    char api[64];
    snprintf(api, sizeof api, "https://127.0.0.1:%d", port);
    return testsrv_cli(NULL, out, "--api", api, "health", (char *)NULL);
}

START_TEST(an_unknown_certificate_is_refused)
{
    char *out = NULL;
    ck_assert_int_eq(health(&out), 4);
    ck_assert_msg(strstr(out, "certificate") != NULL, "%s", out);
    ck_assert_ptr_null(strstr(out, "healthy"));
    free(out);
}
END_TEST

START_TEST(curl_ca_bundle_makes_it_trusted)
{
    char ca[128];
    snprintf(ca, sizeof ca, "%s/cert.pem", dir);
    setenv("CURL_CA_BUNDLE", ca, 1);
    char *out = NULL;
    ck_assert_int_eq(health(&out), 0);
    ck_assert_msg(strstr(out, "healthy") != NULL, "%s", out);
    free(out);
}
END_TEST

START_TEST(https_proxy_and_no_proxy_are_honoured)
{
    char ca[128];
    snprintf(ca, sizeof ca, "%s/cert.pem", dir);
    setenv("CURL_CA_BUNDLE", ca, 1);
    /* A proxy nobody listens on: the request must try it, and fail. */
    char proxy[64];
    snprintf(proxy, sizeof proxy, "http://127.0.0.1:%d", free_port());
    setenv("HTTPS_PROXY", proxy, 1);
    char *out = NULL;
    ck_assert_int_eq(health(&out), 4);
    free(out);
    /* NO_PROXY names the API host: straight there. */
    setenv("NO_PROXY", "127.0.0.1", 1);
    ck_assert_int_eq(health(&out), 0);
    ck_assert_msg(strstr(out, "healthy") != NULL, "%s", out);
    free(out);
}
END_TEST

Suite *suite_tls(void)
{
    Suite *s = suite_create("tls");
    TCase *tc = tcase_create("https");
    tcase_add_checked_fixture(tc, up, down);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, an_unknown_certificate_is_refused);
    tcase_add_test(tc, curl_ca_bundle_makes_it_trusted);
    tcase_add_test(tc, https_proxy_and_no_proxy_are_honoured);
    suite_add_tcase(s, tc);
    return s;
}
