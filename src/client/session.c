#include "client/session.h"

#include <errno.h>
#include <fcntl.h>
#include <jwt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/fsutil.h"
#include "common/jsonwipe.h"
#include "common/mem.h"
#include "common/strbuf.h"

void session_free(struct session *s)
{
    free(s->api_url);
    free(s->endpoint);
    free(s->client_id);
    free(s->username);
    mem_free_secret(s->id_token);
    mem_free_secret(s->access_token);
    mem_free_secret(s->refresh_token);
    memset(s, 0, sizeof *s);
}

char *session_dir(const char *cache_path)
{
    if (cache_path && *cache_path)
        return xstrdup(cache_path);
    const char *xdg = getenv("XDG_CACHE_HOME");
    if (xdg && *xdg)
        return str_printf("%s/inventui", xdg);
    const char *home = getenv("HOME");
    if (home && *home)
        return str_printf("%s/.cache/inventui", home);
    return NULL;
}

char *session_path(const char *dir, const char *api_url)
{
    /* http://h:1/ and http://h:1 are the same API. */
    size_t n = strlen(api_url);
    while (n > 0 && api_url[n - 1] == '/')
        n--;
    char *url = xstrndup(api_url, n);
    char *path = str_printf("%s/session-%016llx.json", dir, str_hash(url));
    free(url);
    return path;
}

static char *take(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
}

enum session_rc session_load(const char *path, struct session *s, char **err)
{
    memset(s, 0, sizeof *s);
    *err = NULL;
    enum session_rc rc = SESSION_ERROR;
    char *text = NULL;
    cJSON *json = NULL;
    struct strbuf sb = {0};
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            rc = SESSION_NONE;
            goto out;
        }
        *err = str_printf("%s: cannot open: %s", path, strerror(errno));
        goto out;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *err = str_printf("%s: not a regular file", path);
        goto out;
    }
    if ((st.st_mode & 077) || st.st_uid != geteuid()) {
        *err = str_printf("%s: the session file is readable by group or "
                          "others (or not yours); refusing to use it: remove "
                          "it and sign in again",
                          path);
        goto out;
    }
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        strbuf_append(&sb, buf, (size_t)n);
    size_t len;
    text = strbuf_detach(&sb, &len);
    json = cJSON_ParseWithLength(text, len);
    s->api_url = take(json, "apiUrl");
    s->endpoint = take(json, "endpoint");
    s->client_id = take(json, "clientId");
    s->username = take(json, "username");
    s->id_token = take(json, "idToken");
    s->access_token = take(json, "accessToken");
    s->refresh_token = take(json, "refreshToken");
    if (!s->endpoint || !s->client_id || !s->id_token || !s->access_token) {
        *err = str_printf("%s: the session file is damaged; sign in again",
                          path);
        session_free(s);
        goto out;
    }
    rc = SESSION_OK;
out:
    if (fd >= 0)
        close(fd);
    mem_free_secret(text);
    jsonwipe_delete(json);
    return rc;
}

static void add(cJSON *obj, const char *name, const char *v)
{
    if (v)
        cJSON_AddStringToObject(obj, name, v);
}

int session_save(const char *path, const struct session *s, char **err)
{
    *err = NULL;
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir)
        *slash = '\0';
    int rc = -1;
    if (slash && fs_mkdirs(dir, 0700) != 0) {
        *err = str_printf("%s: cannot create: %s", dir, strerror(errno));
        free(dir);
        return -1;
    }
    free(dir);
    cJSON *json = cJSON_CreateObject();
    add(json, "apiUrl", s->api_url);
    add(json, "endpoint", s->endpoint);
    add(json, "clientId", s->client_id);
    add(json, "username", s->username);
    add(json, "idToken", s->id_token);
    add(json, "accessToken", s->access_token);
    add(json, "refreshToken", s->refresh_token);
    char *text = cJSON_Print(json);
    jsonwipe_delete(json);
    if (fs_write_private(path, text, strlen(text)) != 0)
        *err = str_printf("%s: cannot write: %s", path, strerror(errno));
    else
        rc = 0;
    mem_free_secret(text);
    return rc;
}

int session_forget(const char *path)
{
    return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

int64_t session_token_exp(const char *token)
{
    jwt_t *t = NULL;
    if (!token || jwt_decode(&t, token, NULL, 0) != 0 || !t)
        return -1;
    errno = 0;
    long v = jwt_get_grant_int(t, "exp");
    int64_t exp = errno ? -1 : (int64_t)v;
    jwt_free(t);
    return exp;
}

cJSON *session_token_claims(const char *token)
{
    jwt_t *t = NULL;
    if (!token || jwt_decode(&t, token, NULL, 0) != 0 || !t)
        return NULL;
    char *text = jwt_get_grants_json(t, NULL);
    jwt_free(t);
    if (!text)
        return NULL;
    cJSON *json = cJSON_Parse(text);
    free(text);
    return json;
}

long session_refresh_margin(void)
{
    const char *env = getenv("INVENTUI_REFRESH_MARGIN");
    if (env && *env) {
        char *end;
        long v = strtol(env, &end, 10);
        if (!*end && v >= 0 && v <= 86400 * 7)
            return v;
    }
    return 60;
}

bool session_needs_refresh(const struct session *s, int64_t now_s)
{
    int64_t exp = session_token_exp(s->id_token);
    return exp < 0 || exp - session_refresh_margin() <= now_s;
}
