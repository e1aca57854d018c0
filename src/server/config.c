#include "server/config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/inifile.h"
#include "common/mem.h"
#include "common/strbuf.h"

static const char *const SYNC_CHOICES[] = {"FULL", "NORMAL", NULL};
static const char *const SINK_CHOICES[] = {"spool", "smtp", NULL};

#define F(field) offsetof(struct server_config, field)
#define STR(sec, name, field) \
    {sec, name, INI_STR, F(field), sizeof(((struct server_config *)0)->field), 0, 0, NULL}
#define URL(sec, name, field) \
    {sec, name, INI_URL, F(field), sizeof(((struct server_config *)0)->field), 0, 0, NULL}
#define INT(sec, name, field, lo, hi) \
    {sec, name, INI_INT, F(field), 0, lo, hi, NULL}
#define DOUBLE(sec, name, field, lo, hi) \
    {sec, name, INI_DOUBLE, F(field), 0, lo, hi, NULL}
#define CHOICE(sec, name, field, list) \
    {sec, name, INI_CHOICE, F(field), sizeof(((struct server_config *)0)->field), 0, 0, list}

static const struct ini_key KEYS[] = {
    STR("server", "listen", listen),
    STR("server", "data_dir", data_dir),
    URL("server", "public_url", public_url),
    INT("server", "threads", threads, 0, 64),
    INT("server", "max_connections", max_connections, 1, 100000),
    INT("server", "per_ip_connections", per_ip_connections, 1, 100000),
    INT("server", "connection_timeout", connection_timeout, 1, 3600),
    INT("server", "max_body_bytes", max_body_bytes, 1024, 16 * 1024 * 1024),
    CHOICE("server", "synchronous", synchronous, SYNC_CHOICES),
    DOUBLE("server", "rate_limit", rate_limit, 0, 1000000),
    DOUBLE("server", "rate_burst", rate_burst, 1, 1000000),
    STR("server", "cors_origin", cors_origin),
    URL("auth", "issuer", issuer),
    URL("auth", "jwks_url", jwks_url),
    STR("auth", "audience", audience),
    STR("auth", "admin_group", admin_group),
    INT("auth", "token_lifetime", token_lifetime, 300, 86400),
    INT("auth", "password_cost", password_cost, 12, 20),
    INT("auth", "signin_attempts", signin_attempts, 1, 1000),
    INT("auth", "signin_window", signin_window, 1, 86400),
    CHOICE("mail", "sink", mail_sink, SINK_CHOICES),
    STR("mail", "from", mail_from),
    STR("mail", "admin_email", admin_email),
    STR("mail", "smtp_url", smtp_url),
    INT("queue", "visibility_timeout", visibility_timeout, 1, 43200),
    INT("queue", "max_receive_count", max_receive_count, 1, 1000),
    INT("queue", "batch_size", batch_size, 1, 10),
    INT("queue", "batch_window_ms", batch_window_ms, 0, 1000),
    {"queue", "paused", INI_BOOL, F(queue_paused), 0, 0, 0, NULL},
    DOUBLE("faults", "notify_fail_rate", notify_fail_rate, 0.0, 1.0),
    /* The client's sections (client/config.c checks them). */
    {"api", "*", INI_OTHER, 0, 0, 0, 0, NULL},
    {"cognito", "*", INI_OTHER, 0, 0, 0, 0, NULL},
    {"cache", "*", INI_OTHER, 0, 0, 0, 0, NULL},
    {"ui", "*", INI_OTHER, 0, 0, 0, 0, NULL},
    {0},
};

void server_config_defaults(struct server_config *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->listen, sizeof c->listen, "127.0.0.1:8080");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    if (xdg && *xdg == '/')
        snprintf(c->data_dir, sizeof c->data_dir, "%s/inventui/server", xdg);
    else
        snprintf(c->data_dir, sizeof c->data_dir,
                 "%s/.local/share/inventui/server", home ? home : ".");
    c->threads = 0;
    c->max_connections = 1024;
    c->per_ip_connections = 256;
    c->connection_timeout = 30;
    c->max_body_bytes = 64 * 1024;
    snprintf(c->synchronous, sizeof c->synchronous, "FULL");
    c->rate_limit = 100;
    c->rate_burst = 200;
    snprintf(c->cors_origin, sizeof c->cors_origin, "*");
    snprintf(c->admin_group, sizeof c->admin_group, "admin");
    c->token_lifetime = 3600;
    c->password_cost = 15;
    c->signin_attempts = 5;
    c->signin_window = 900;
    snprintf(c->mail_sink, sizeof c->mail_sink, "spool");
    snprintf(c->mail_from, sizeof c->mail_from, "inventui <no-reply@inventui.local>");
    c->visibility_timeout = 180;
    c->max_receive_count = 3;
    c->batch_size = 10;
    c->batch_window_ms = 10;
    c->notify_fail_rate = 0.0;
}

/* A password in smtp_url ("smtp://user:pass@host") is a secret: the file
 * holding it must not be readable by others. */
static bool url_has_password(const char *url)
{
    const char *rest = strstr(url, "://");
    if (!rest)
        return false;
    rest += 3;
    size_t auth = strcspn(rest, "/?#");
    const char *at = memchr(rest, '@', auth);
    return at && memchr(rest, ':', (size_t)(at - rest)) != NULL;
}

int server_config_load(struct server_config *c, const char *path,
                       char **errors)
{
    if (inifile_load(path, KEYS, c, errors) != 0)
        return -1;
    struct stat st;
    if (url_has_password(c->smtp_url) && stat(path, &st) == 0 &&
        (st.st_mode & 077)) {
        *errors = str_printf("%s holds an SMTP password ([mail] smtp_url) but "
                             "group or others can read it (mode %03o); run "
                             "chmod 600 %s\n", path,
                             (unsigned)(st.st_mode & 0777), path);
        return -1;
    }
    return 0;
}

char *server_config_check(const struct server_config *c)
{
    char host[128];
    int port;
    struct strbuf sb = {0};
    if (server_config_listen(c, host, sizeof host, &port) != 0)
        strbuf_printf(&sb, "listen address \"%s\" is not ADDR:PORT "
                      "(e.g. 127.0.0.1:8080)\n", c->listen);
    int external = !!c->issuer[0] + !!c->jwks_url[0] + !!c->audience[0];
    if (external != 0 && external != 3)
        strbuf_puts(&sb, "[auth] issuer, jwks_url and audience go together: "
                    "set all three to trust an external user pool, or none\n");
    if (strcmp(c->mail_sink, "smtp") == 0 &&
        strncmp(c->smtp_url, "smtp://", 7) != 0 &&
        strncmp(c->smtp_url, "smtps://", 8) != 0 &&
        strncmp(c->smtp_url, "smtp+starttls://", 16) != 0)
        strbuf_puts(&sb, "[mail] sink = smtp needs smtp_url = smtp://HOST:PORT, "
                    "smtps://HOST:PORT or smtp+starttls://HOST:PORT\n");
    if (!c->data_dir[0])
        strbuf_puts(&sb, "the data directory must not be empty\n");
    return sb.len ? strbuf_detach(&sb, NULL) : NULL;
}

int server_config_listen(const struct server_config *c, char *host,
                         int host_size, int *port)
{
    const char *colon = strrchr(c->listen, ':');
    if (!colon || colon == c->listen)
        return -1;
    const char *h = c->listen;
    size_t hlen = (size_t)(colon - h);
    if (h[0] == '[' && hlen >= 2 && h[hlen - 1] == ']') {
        h++;
        hlen -= 2;
    }
    if (hlen == 0 || hlen >= (size_t)host_size)
        return -1;
    char *end;
    long p = strtol(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end || p < 0 || p > 65535)
        return -1;
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    *port = (int)p;
    return 0;
}
