/* The server started inside the test process (server/embed.h) as
 * `inventui --demo` starts it: the demo dir's rules (demo_prepare), the
 * shop answering on loopback, the port and the password kept between
 * runs, the reset, the log kept off the terminal, and a stop that leaves
 * nothing behind (the SANITIZE=1 run checks for leaks). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "integration/suites.h"
#include "server/demo/dir.h"
#include "server/embed.h"
#include "support/testsrv.h"

static int rm_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    return remove(path);
}

static void rm_rf(const char *dir)
{
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fresh temporary directory to stand for $XDG_DATA_HOME. */
static void temp_dir(char *out, size_t size)
{
    snprintf(out, size, "/tmp/inventui-embed-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(out));
}

/* The whole of a small file, or "" if it is missing; caller frees. */
static char *slurp(const char *path)
{
    size_t len = 0;
    char *text = fs_read_all(path, &len);
    return text ? text : strdup("");
}

/* A testsrv that points at the embedded server, for the HTTP helpers. */
static void as_testsrv(const struct embedded_server *e, struct testsrv *t)
{
    memset(t, 0, sizeof *t);
    t->port = embed_port(e);
    snprintf(t->base, sizeof t->base, "%s", embed_base_url(e));
    snprintf(t->client_id, sizeof t->client_id, "%s", embed_client_id(e));
}

/* Starts the demo on dir, failing the test with the reason. */
static struct embedded_server *start_demo(const char *dir)
{
    char *err = NULL;
    struct embedded_server *e = demo_start(dir, &err);
    ck_assert_msg(e != NULL, "demo_start: %s", err ? err : "?");
    return e;
}

/* How many products the first page of 100 lists. */
static int product_count(const struct testsrv *t, const char *token)
{
    struct http_resp r;
    http_call(t, "GET", "/products?limit=100", token, NULL, &r, NULL);
    ck_assert_msg(r.status == 200, "GET /products: %ld %s", r.status, r.body);
    int n = cJSON_GetArraySize(jpath(r.json, "data.items"));
    http_resp_free(&r);
    return n;
}

/* Holds fds 1 and 2 on a file while the server runs, to see that it
 * writes nothing on the terminal. */
struct captured {
    int saved_out, saved_err;
    char path[300];
};

static void capture_start(struct captured *c, const char *xdg)
{
    snprintf(c->path, sizeof c->path, "%s/terminal.txt", xdg);
    int fd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    fflush(stdout);
    fflush(stderr);
    c->saved_out = dup(STDOUT_FILENO);
    c->saved_err = dup(STDERR_FILENO);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    close(fd);
}

/* Puts fds 1 and 2 back and returns what was written (caller frees). */
static char *capture_end(struct captured *c)
{
    fflush(stdout);
    fflush(stderr);
    dup2(c->saved_out, STDOUT_FILENO);
    dup2(c->saved_err, STDERR_FILENO);
    close(c->saved_out);
    close(c->saved_err);
    return slurp(c->path);
}

START_TEST(demo_runs_in_process_and_keeps_port_and_password)
{
    char xdg[64], *err = NULL, *dir = NULL;
    temp_dir(xdg, sizeof xdg);
    struct captured cap;
    capture_start(&cap, xdg);

    ck_assert_msg(demo_prepare(xdg, false, &dir, &err) == 0, "%s", err);
    char want[128];
    snprintf(want, sizeof want, "%s/inventui/demo", xdg);
    ck_assert_str_eq(dir, want);
    struct stat st;
    ck_assert_int_eq(stat(dir, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0700);

    /* First run: an empty dir becomes the demo shop. */
    struct embedded_server *e = start_demo(dir);
    struct testsrv t;
    as_testsrv(e, &t);
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", embed_port(e));
    ck_assert_str_eq(embed_base_url(e), url);
    ck_assert_str_eq(embed_data_dir(e), dir);
    ck_assert_str_eq(embed_demo_email(e), "demo@inventui.local");
    char *pw = strdup(embed_demo_password(e));
    int port = embed_port(e);
    struct http_resp r;
    http_call(&t, "GET", "/health", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
    char *token = testsrv_sign_in(&t, embed_demo_email(e), pw);
    int products = product_count(&t, token);
    ck_assert_int_ge(products, 40);
    /* The dir is the running demo's: no reset, no second server. */
    char *dir2 = NULL;
    ck_assert_int_eq(demo_prepare(xdg, true, &dir2, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "is running"));
    free(err);
    err = NULL;
    ck_assert_ptr_null(demo_start(dir, &err));
    ck_assert_ptr_nonnull(strstr(err, "another inventui is using"));
    free(err);
    err = NULL;
    embed_stop(e);

    char path[300];
    snprintf(path, sizeof path, "%s/demo-port", dir);
    char *saved = slurp(path);
    ck_assert_int_eq(atoi(saved), port);
    free(saved);

    /* Second run: same port, same password, and the session of the first
     * run still works (the issuer holds the port). */
    e = start_demo(dir);
    as_testsrv(e, &t);
    ck_assert_int_eq(embed_port(e), port);
    ck_assert_str_eq(embed_demo_password(e), pw);
    ck_assert_int_eq(product_count(&t, token), products);
    embed_stop(e);

    /* The port is taken by someone else: another one, saved for next
     * time; the password stays. */
    int busy = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(bind(busy, (struct sockaddr *)&sa, sizeof sa), 0);
    ck_assert_int_eq(listen(busy, 1), 0);
    e = start_demo(dir);
    int other = embed_port(e);
    ck_assert_int_ne(other, port);
    ck_assert_str_eq(embed_demo_password(e), pw);
    embed_stop(e);
    close(busy);
    saved = slurp(path);
    ck_assert_int_eq(atoi(saved), other);
    free(saved);

    /* The log went to the file, and nothing to the terminal. */
    snprintf(path, sizeof path, "%s/server.log", dir);
    char *log = slurp(path);
    ck_assert_ptr_nonnull(strstr(log, "\"path\":\"/health\""));
    ck_assert_ptr_nonnull(strstr(log, "demo: stocked"));
    ck_assert_ptr_nonnull(strstr(log, "\"message\":\"stopped\""));
    free(log);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0600);

    /* Reset: a new shop with a new password. */
    ck_assert_msg(demo_prepare(xdg, true, &dir2, &err) == 0, "%s", err);
    ck_assert_str_eq(dir2, dir);
    ck_assert_int_ne(access(path, F_OK), 0); /* server.log went too */
    e = start_demo(dir);
    ck_assert_str_ne(embed_demo_password(e), pw);
    as_testsrv(e, &t);
    char *token2 = testsrv_sign_in(&t, embed_demo_email(e),
                                   embed_demo_password(e));
    ck_assert_int_eq(product_count(&t, token2), products);
    embed_stop(e);

    char *terminal = capture_end(&cap);
    ck_assert_msg(terminal[0] == '\0', "the server wrote on the terminal: %s",
                  terminal);
    free(terminal);
    free(token2);
    free(token);
    free(pw);
    free(dir2);
    free(dir);
    rm_rf(xdg);
}
END_TEST

START_TEST(embed_start_serves_and_stops_without_demo)
{
    char xdg[64], data[128], log_path[128], *err = NULL;
    temp_dir(xdg, sizeof xdg);
    snprintf(data, sizeof data, "%s/data", xdg);
    snprintf(log_path, sizeof log_path, "%s/server.log", xdg);
    struct embed_opts o = {.data_dir = data, .log_path = log_path};
    struct embedded_server *e = embed_start(&o, &err);
    ck_assert_msg(e != NULL, "%s", err);
    ck_assert_ptr_null(embed_demo_email(e));
    ck_assert_ptr_null(embed_demo_password(e));
    struct testsrv t;
    as_testsrv(e, &t);
    struct http_resp r;
    http_call(&t, "GET", "/config", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(jstr(r.json, "data.auth.clientId"), embed_client_id(e));
    http_resp_free(&r);
    embed_stop(e);
    char *log = slurp(log_path);
    ck_assert_ptr_nonnull(strstr(log, "\"path\":\"/config\""));
    free(log);
    /* Stopped: the port answers no more. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)t.port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_ne(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    close(fd);

    /* A port in use without any_port_if_busy is an error, with nothing
     * left running. */
    int busy = socket(AF_INET, SOCK_STREAM, 0);
    sa.sin_port = 0;
    ck_assert_int_eq(bind(busy, (struct sockaddr *)&sa, sizeof sa), 0);
    ck_assert_int_eq(listen(busy, 1), 0);
    socklen_t len = sizeof sa;
    getsockname(busy, (struct sockaddr *)&sa, &len);
    o.port = ntohs(sa.sin_port);
    ck_assert_ptr_null(embed_start(&o, &err));
    ck_assert_ptr_nonnull(strstr(err, "cannot listen"));
    free(err);
    close(busy);
    rm_rf(xdg);
}
END_TEST

START_TEST(demo_dir_rules)
{
    char xdg[64], home[128], *err = NULL, *dir = NULL;
    temp_dir(xdg, sizeof xdg);
    /* A relative XDG_DATA_HOME is ignored (the XDG spec): ~/.local/share. */
    snprintf(home, sizeof home, "%s/home", xdg);
    ck_assert_int_eq(mkdir(home, 0700), 0);
    setenv("HOME", home, 1);
    ck_assert_msg(demo_prepare("relative/dir", false, &dir, &err) == 0, "%s",
                  err);
    char want[256];
    snprintf(want, sizeof want, "%s/.local/share/inventui/demo", home);
    ck_assert_str_eq(dir, want);
    free(dir);

    /* Kept between runs; made private again if it was loosened. */
    ck_assert_msg(demo_prepare(xdg, false, &dir, &err) == 0, "%s", err);
    char keep[300];
    snprintf(keep, sizeof keep, "%s/inventory.db", dir);
    ck_assert_int_eq(fs_write_private(keep, "x", 1), 0);
    chmod(dir, 0755);
    free(dir);
    ck_assert_msg(demo_prepare(xdg, false, &dir, &err) == 0, "%s", err);
    ck_assert_int_eq(access(keep, F_OK), 0);
    struct stat st;
    ck_assert_int_eq(stat(dir, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0700);

    /* Reset removes the dir's contents but never follows a link out of
     * it: the outside file and folder stay. */
    char outside[128], outside_file[160], link[300];
    snprintf(outside, sizeof outside, "%s/outside", xdg);
    snprintf(outside_file, sizeof outside_file, "%s/precious", outside);
    ck_assert_int_eq(mkdir(outside, 0700), 0);
    ck_assert_int_eq(fs_write_private(outside_file, "keep", 4), 0);
    snprintf(link, sizeof link, "%s/link-to-outside", dir);
    ck_assert_int_eq(symlink(outside, link), 0);
    snprintf(link, sizeof link, "%s/keys", dir);
    ck_assert_int_eq(mkdir(link, 0700), 0);
    snprintf(link, sizeof link, "%s/keys/file-link", dir);
    ck_assert_int_eq(symlink(outside_file, link), 0);
    free(dir);
    ck_assert_msg(demo_prepare(xdg, true, &dir, &err) == 0, "%s", err);
    ck_assert_int_ne(access(keep, F_OK), 0);
    ck_assert_int_eq(access(outside_file, F_OK), 0);
    ck_assert_int_eq(stat(dir, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    ck_assert_uint_eq(st.st_mode & 0777, 0700);
    char aside[300];
    snprintf(aside, sizeof aside, "%s/inventui/.demo-reset-%ld", xdg,
             (long)getpid());
    ck_assert_int_ne(access(aside, F_OK), 0);

    /* A demo dir that is a link is refused, reset or not, and its target
     * is left alone. */
    rm_rf(dir);
    ck_assert_int_eq(symlink(outside, dir), 0);
    free(dir);
    dir = NULL;
    ck_assert_int_eq(demo_prepare(xdg, false, &dir, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "symbolic link"));
    free(err);
    ck_assert_int_eq(demo_prepare(xdg, true, &dir, &err), -1);
    ck_assert_ptr_nonnull(strstr(err, "symbolic link"));
    free(err);
    ck_assert_ptr_null(dir);
    ck_assert_int_eq(access(outside_file, F_OK), 0);
    rm_rf(xdg);
}
END_TEST

Suite *suite_embed(void)
{
    Suite *s = suite_create("embed");
    TCase *tc = tcase_create("embed");
    /* First starts generate an RSA key (slow under the sanitizers). */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, demo_runs_in_process_and_keeps_port_and_password);
    tcase_add_test(tc, embed_start_serves_and_stops_without_demo);
    tcase_add_test(tc, demo_dir_rules);
    suite_add_tcase(s, tc);
    return s;
}
