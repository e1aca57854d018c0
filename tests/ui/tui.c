/* tui — the screen tests' fixture: server, private home, client in a vt. */
#include "ui/tui.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fsutil.h"

static const char *bin(void)
{
    const char *b = getenv("INVENTUI_BIN");
    return b && *b ? b : "build/inventui";
}

static void make_home(struct tui *u, const char *client_config)
{
    snprintf(u->home, sizeof u->home, "/tmp/inventui-ui-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(u->home));
    static const struct { const char *var, *sub; } dirs[] = {
        {"XDG_CONFIG_HOME", "config"},
        {"XDG_CACHE_HOME", "cache"},
        {"XDG_DATA_HOME", "data"},
    };
    char path[320];
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", u->home, dirs[i].sub);
        ck_assert_int_eq(fs_mkdirs(path, 0700), 0);
        setenv(dirs[i].var, path, 1);
    }
    setenv("HOME", u->home, 1);

    snprintf(path, sizeof path, "%s/config/inventui", u->home);
    ck_assert_int_eq(fs_mkdirs(path, 0700), 0);
    snprintf(path, sizeof path, "%s/config/inventui/inventui.conf", u->home);
    char text[4096];
    snprintf(text, sizeof text, "; written by the screen tests' fixture\n%s\n",
             client_config ? client_config : "");
    ck_assert_int_eq(fs_write_private(path, text, strlen(text)), 0);
}

void tui_start(struct tui *u, const char *server_config,
               const char *client_config)
{
    memset(u, 0, sizeof *u);
    testsrv_start(&u->srv, server_config);
    u->has_srv = true;
    snprintf(u->api, sizeof u->api, "%s", u->srv.base);
    make_home(u, client_config);
}

void tui_start_home(struct tui *u, const char *client_config)
{
    memset(u, 0, sizeof *u);
    make_home(u, client_config);
}

void tui_slow(struct tui *u)
{
    ck_assert_msg(u->has_srv && !u->proxy, "tui_slow: needs a server, once");
    u->proxy = slowproxy_start(u->srv.port);
    snprintf(u->api, sizeof u->api, "%s", slowproxy_url(u->proxy));
}

void tui_stop(struct tui *u)
{
    vt_free(u->vt);
    u->vt = NULL;
    slowproxy_stop(u->proxy);
    u->proxy = NULL;
    if (u->home[0] && !getenv("INVENTUI_KEEP_TEST_DIRS")) {
        pid_t pid = fork();
        if (pid == 0) {
            execlp("rm", "rm", "-rf", u->home, (char *)NULL);
            _exit(127);
        }
        int st;
        waitpid(pid, &st, 0);
    }
    u->home[0] = '\0';
    if (u->has_srv)
        testsrv_stop(&u->srv);
    u->has_srv = false;
}

void tui_user(struct tui *u, const char *email, const char *password,
              const char *group)
{
    ck_assert_msg(u->has_srv, "tui_user: no server");
    free(testsrv_user_token(&u->srv, email, password, group));
}

#define MAX_ARGS 10

int tui_cli(struct tui *u, const char *stdin_text, char **out,
            const char *const args[])
{
    /* testsrv_cli stops at the first NULL: pad with them. */
    const char *a[MAX_ARGS + 2] = {0};
    size_t n = 0;
    if (u->api[0]) {
        a[n++] = "--api";
        a[n++] = u->api;
    }
    for (const char *const *p = args; p && *p; p++) {
        ck_assert_msg(n < MAX_ARGS, "tui_cli: more than %d arguments", MAX_ARGS);
        a[n++] = *p;
    }
    return testsrv_cli(stdin_text, out, a[0], a[1], a[2], a[3], a[4], a[5],
                       a[6], a[7], a[8], a[9], (char *)NULL);
}

void tui_login(struct tui *u, const char *email, const char *password)
{
    char in[256];
    snprintf(in, sizeof in, "%s\n", password);
    char *out = NULL;
    int rc = tui_cli(u, in, &out, (const char *const[]){
        "login", "--username", email, "--password-stdin", NULL});
    ck_assert_msg(rc == 0, "login as %s failed (%d): %s", email, rc, out);
    free(out);
}

struct vt *tui_spawn_env(struct tui *u, int rows, int cols,
                         const char *const args[], const char *const env[],
                         const char *const unset[])
{
    vt_free(u->vt);
    const char *argv[64];
    size_t n = 0;
    argv[n++] = bin();
    if (u->api[0]) {
        argv[n++] = "--api";
        argv[n++] = u->api;
    }
    for (const char *const *p = args; p && *p; p++) {
        ck_assert_msg(n < 63, "tui_spawn: too many arguments");
        argv[n++] = *p;
    }
    argv[n] = NULL;
    u->vt = vt_spawn(rows, cols, argv, env, unset);
    return u->vt;
}

struct vt *tui_spawn(struct tui *u, int rows, int cols,
                     const char *const args[])
{
    return tui_spawn_env(u, rows, cols, args, NULL, NULL);
}
