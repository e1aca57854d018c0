#include "support/testsrv.h"

#include <check.h>
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "server/auth/keyring.h"

static const char *bin(void)
{
    const char *b = getenv("INVENTUI_BIN");
    return b && *b ? b : "build/inventui";
}

static void rm_rf(const char *dir)
{
    if (!dir[0])
        return;
    pid_t pid = fork();
    if (pid == 0) {
        execlp("rm", "rm", "-rf", dir, (char *)NULL);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
}

/* Starts the server on s->dir (its config file and data dir) and waits for
 * its "listening" line. */
static void spawn(struct testsrv *s)
{
    char conf[300];
    snprintf(conf, sizeof conf, "%s/test.conf", s->dir);
    int out[2];
    ck_assert_int_eq(pipe(out), 0);
    s->pid = fork();
    ck_assert_int_ge(s->pid, 0);
    if (s->pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        char data[300];
        snprintf(data, sizeof data, "%s/data", s->dir);
        const char *wrapper = getenv("INVENTUI_SERVER_WRAPPER");
        char cmd[2048];
        snprintf(cmd, sizeof cmd,
                 "exec %s '%s' serve --listen 127.0.0.1:0 --data-dir '%s' "
                 "--config '%s' %s 2>>'%s/server.log'",
                 wrapper ? wrapper : "", bin(), data, conf, s->flags, s->dir);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    /* Wait for the "listening on http://ADDR:PORT" line. */
    char line[512] = {0};
    size_t n = 0;
    while (n < sizeof line - 1) {
        ssize_t r = read(out[0], line + n, 1);
        if (r <= 0)
            break;
        if (line[n++] == '\n')
            break;
    }
    close(out[0]);
    const char *p = strstr(line, "listening on http://127.0.0.1:");
    if (!p) {
        char log[300];
        snprintf(log, sizeof log, "%s/server.log", s->dir);
        FILE *lf = fopen(log, "r");
        char buf[2048] = {0};
        if (lf) {
            size_t got = fread(buf, 1, sizeof buf - 1, lf);
            buf[got] = '\0';
            fclose(lf);
        }
        ck_abort_msg("server did not start: %s / %s", line, buf);
    }
    s->port = atoi(p + strlen("listening on http://127.0.0.1:"));
    s->pool_id[0] = s->client_id[0] = '\0';
    snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);

    struct http_resp r;
    http_call(s, "GET", "/config", NULL, NULL, &r, NULL);
    ck_assert_int_eq(r.status, 200);
    snprintf(s->pool_id, sizeof s->pool_id, "%s", jstr(r.json, "data.auth.userPoolId"));
    snprintf(s->client_id, sizeof s->client_id, "%s", jstr(r.json, "data.auth.clientId"));
    http_resp_free(&r);
}

/* The run's signing key (PEM), made by testsrv_init() in the runner
 * process; forked test processes inherit it. */
static char *shared_key_pem;

void testsrv_init(void)
{
    char dir[] = "/tmp/inventui-testkey-XXXXXX";
    if (!mkdtemp(dir))
        return; /* every server then makes its own key */
    char *err = NULL;
    struct keyring *k = keyring_open(dir, &err);
    if (k) {
        shared_key_pem = xstrdup(keyring_private_pem(k));
        keyring_free(k);
    } else {
        fprintf(stderr, "testsrv: no shared signing key: %s\n", err);
        free(err);
    }
    rm_rf(dir);
}

void testsrv_cleanup(void)
{
    free(shared_key_pem);
    shared_key_pem = NULL;
}

/* Puts the shared key where the server looks for its own. */
static void give_shared_key(const struct testsrv *s)
{
    char keys[300], pem[320];
    snprintf(keys, sizeof keys, "%s/data/keys", s->dir);
    snprintf(pem, sizeof pem, "%s/signing.pem", keys);
    ck_assert_int_eq(fs_mkdirs(keys, 0700), 0);
    ck_assert_int_eq(fs_write_private(pem, shared_key_pem,
                                      strlen(shared_key_pem)), 0);
}

static void start(struct testsrv *s, const char *extra_config,
                  const char *flags, bool own_key)
{
    memset(s, 0, sizeof *s);
    snprintf(s->flags, sizeof s->flags, "%s", flags ? flags : "");
    snprintf(s->dir, sizeof s->dir, "/tmp/inventui-test-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(s->dir));
    char conf[300];
    snprintf(conf, sizeof conf, "%s/test.conf", s->dir);
    FILE *fp = fopen(conf, "w");
    ck_assert_ptr_nonnull(fp);
    /* Cheap password hashing keeps the suite fast under sanitizers. */
    fprintf(fp, "[auth]\npassword_cost = 12\n%s\n",
            extra_config ? extra_config : "");
    fclose(fp);
    if (!own_key && shared_key_pem)
        give_shared_key(s);
    spawn(s);
}

void testsrv_start(struct testsrv *s, const char *extra_config)
{
    start(s, extra_config, NULL, false);
}

void testsrv_start_new_key(struct testsrv *s, const char *extra_config)
{
    start(s, extra_config, NULL, true);
}

void testsrv_start_with(struct testsrv *s, const char *extra_config,
                        const char *flags)
{
    start(s, extra_config, flags, false);
}

/* Stops the server (checking it exits 0) without removing its dir. */
static void stop_process(struct testsrv *s)
{
    if (s->pid <= 0)
        return;
    kill(s->pid, SIGTERM);
    int st = 0;
    waitpid(s->pid, &st, 0);
    s->pid = 0;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        char cmd[400];
        snprintf(cmd, sizeof cmd, "tail -n 40 %s/server.log >&2", s->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "(no server log)\n");
    }
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
                  "server exited with status %d (signal %d)",
                  WIFEXITED(st) ? WEXITSTATUS(st) : -1,
                  WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

void testsrv_stop_keep(struct testsrv *s)
{
    stop_process(s);
}

void testsrv_kill9(struct testsrv *s)
{
    ck_assert_int_gt(s->pid, 0);
    ck_assert_int_eq(kill(s->pid, SIGKILL), 0);
    int st = 0;
    ck_assert_int_eq(waitpid(s->pid, &st, 0), s->pid);
    s->pid = 0;
    ck_assert_msg(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
                  "server ended before the kill (status %d)",
                  WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

void testsrv_restart(struct testsrv *s)
{
    stop_process(s);
    spawn(s);
}

void testsrv_stop(struct testsrv *s)
{
    stop_process(s);
    if (!getenv("INVENTUI_KEEP_TEST_DIRS"))
        rm_rf(s->dir);
}

int testsrv_cli(const char *stdin_text, char **out, const char *arg, ...)
{
    const char *argv[64];
    int argc = 0;
    argv[argc++] = bin();
    va_list ap;
    va_start(ap, arg);
    for (const char *a = arg; a && argc < 63; a = va_arg(ap, const char *))
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;

    int in[2], o[2];
    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(o), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(o[1], STDOUT_FILENO);
        dup2(o[1], STDERR_FILENO);
        close(in[0]);
        close(in[1]);
        close(o[0]);
        close(o[1]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    close(o[1]);
    if (stdin_text) {
        size_t len = strlen(stdin_text);
        ck_assert_int_eq(write(in[1], stdin_text, len), (ssize_t)len);
    }
    close(in[1]);
    struct strbuf sb = {0};
    char buf[4096];
    ssize_t r;
    while ((r = read(o[0], buf, sizeof buf)) > 0)
        strbuf_append(&sb, buf, (size_t)r);
    close(o[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    if (out)
        *out = strbuf_detach(&sb, NULL);
    else
        strbuf_free(&sb);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static size_t on_data(char *d, size_t size, size_t n, void *user)
{
    strbuf_append(user, d, size * n);
    return size * n;
}

static size_t on_header(char *d, size_t size, size_t n, void *user)
{
    strbuf_append(user, d, size * n);
    return size * n;
}

void http_call(const struct testsrv *s, const char *method, const char *path,
               const char *token, const char *body, struct http_resp *r,
               const char *const *extra_headers)
{
    memset(r, 0, sizeof *r);
    CURL *c = curl_easy_init();
    ck_assert_ptr_nonnull(c);
    struct strbuf url = {0}, data = {0}, hdrs = {0};
    strbuf_printf(&url, "%s%s", s->base, path);
    struct curl_slist *h = NULL;
    if (token) {
        struct strbuf a = {0};
        strbuf_printf(&a, "Authorization: Bearer %s", token);
        h = curl_slist_append(h, a.buf);
        strbuf_free(&a);
    }
    bool typed = false;
    for (const char *const *e = extra_headers; e && *e; e++)
        typed |= strncasecmp(*e, "Content-Type:", 13) == 0;
    if (body && !typed)
        h = curl_slist_append(h, "Content-Type: application/json");
    for (const char *const *e = extra_headers; e && *e; e++)
        h = curl_slist_append(h, *e);
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url.buf);
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &data);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &hdrs);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    CURLcode rc = curl_easy_perform(c);
    ck_assert_msg(rc == CURLE_OK, "%s %s: %s", method, path,
                  curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    strbuf_free(&url);
    r->body = strbuf_detach(&data, &r->body_len);
    r->headers = strbuf_detach(&hdrs, NULL);
    r->json = cJSON_Parse(r->body);
}

void http_resp_free(struct http_resp *r)
{
    free(r->body);
    free(r->headers);
    cJSON_Delete(r->json);
    memset(r, 0, sizeof *r);
}

char *http_header(const struct http_resp *r, const char *name)
{
    size_t nlen = strlen(name);
    for (const char *line = r->headers; line && *line;) {
        const char *eol = strstr(line, "\r\n");
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (len > nlen && line[nlen] == ':' && strncasecmp(line, name, nlen) == 0) {
            const char *v = line + nlen + 1;
            while (*v == ' ')
                v++;
            return strndup(v, (size_t)(line + len - v));
        }
        if (!eol)
            break;
        line = eol + 2;
    }
    return NULL;
}

const cJSON *jpath(const cJSON *root, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const cJSON *cur = root;
    for (char *save = NULL, *tok = strtok_r(buf, ".", &save); tok && cur;
         tok = strtok_r(NULL, ".", &save)) {
        if (cJSON_IsArray(cur) && tok[0] >= '0' && tok[0] <= '9')
            cur = cJSON_GetArrayItem(cur, atoi(tok));
        else
            cur = cJSON_GetObjectItemCaseSensitive(cur, tok);
    }
    return cur;
}

const char *jstr(const cJSON *root, const char *path)
{
    const cJSON *v = jpath(root, path);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

double jnum(const cJSON *root, const char *path)
{
    const cJSON *v = jpath(root, path);
    return cJSON_IsNumber(v) ? v->valuedouble : -1e300;
}

void cognito_call(const struct testsrv *s, const char *op, const char *body,
                  struct http_resp *r)
{
    char target[160];
    snprintf(target, sizeof target,
             "X-Amz-Target: AWSCognitoIdentityProviderService.%s", op);
    const char *hdrs[] = {target,
                          "Content-Type: application/x-amz-json-1.1", NULL};
    http_call(s, "POST", "/", NULL, body, r, hdrs);
}

char *testsrv_user_token(const struct testsrv *s, const char *email,
                         const char *password, const char *group)
{
    char data[300], pw[200];
    snprintf(data, sizeof data, "%s/data", s->dir);
    snprintf(pw, sizeof pw, "%s\n", password);
    char *out = NULL;
    int rc = group ? testsrv_cli(pw, &out, "user", "add", email,
                                 "--password-stdin", "--group", group,
                                 "--data-dir", data, (char *)NULL)
                   : testsrv_cli(pw, &out, "user", "add", email,
                                 "--password-stdin", "--data-dir", data,
                                 (char *)NULL);
    ck_assert_msg(rc == 0, "user add failed (%d): %s", rc, out);
    free(out);

    return testsrv_sign_in(s, email, password);
}

char *testsrv_sign_in(const struct testsrv *s, const char *email,
                      const char *password)
{
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "AuthFlow", "USER_PASSWORD_AUTH");
    cJSON_AddStringToObject(req, "ClientId", s->client_id);
    cJSON *params = cJSON_AddObjectToObject(req, "AuthParameters");
    cJSON_AddStringToObject(params, "USERNAME", email);
    cJSON_AddStringToObject(params, "PASSWORD", password);
    char *body = cJSON_PrintUnformatted(req);
    cJSON_Delete(req);
    struct http_resp r;
    cognito_call(s, "InitiateAuth", body, &r);
    free(body);
    ck_assert_msg(r.status == 200, "InitiateAuth: %ld %s", r.status, r.body);
    const char *tok = jstr(r.json, "AuthenticationResult.IdToken");
    ck_assert_ptr_nonnull(tok);
    char *copy = strdup(tok);
    http_resp_free(&r);
    return copy;
}

/* Whether every thread of pid is in state T (stopped). */
static bool all_threads_stopped(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    if (!d)
        return false;
    bool all = true;
    struct dirent *e;
    while (all && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char stat_path[320], buf[512];
        snprintf(stat_path, sizeof stat_path, "/proc/%d/task/%s/stat",
                 (int)pid, e->d_name);
        FILE *f = fopen(stat_path, "r");
        if (!f)
            continue; /* the thread ended */
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        const char *close_paren = strrchr(buf, ')'); /* after the name */
        all = close_paren && close_paren[1] == ' ' &&
              (close_paren[2] == 'T' || close_paren[2] == 't');
    }
    closedir(d);
    return all;
}

void testsrv_freeze(const struct testsrv *s)
{
    ck_assert_int_eq(kill(s->pid, SIGSTOP), 0);
    for (int i = 0; i < 2000 && !all_threads_stopped(s->pid); i++)
        usleep(1000);
    ck_assert_msg(all_threads_stopped(s->pid), "the server did not stop");
}
