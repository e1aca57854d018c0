#include "client/config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/inifile.h"
#include "common/mem.h"
#include "common/strbuf.h"

#define F(field) offsetof(struct client_config, field)
#define S(field) sizeof(((struct client_config *)0)->field)

static const struct ini_key KEYS[] = {
    {"api", "url", INI_URL, F(api_url), S(api_url), 0, 0, NULL},
    {"api", "timeout", INI_INT, F(timeout), 0, 1, 600, NULL},
    {"cognito", "endpoint", INI_URL, F(cognito_endpoint), S(cognito_endpoint),
     0, 0, NULL},
    {"cognito", "region", INI_STR, F(region), S(region), 0, 0, NULL},
    {"cognito", "client_id", INI_STR, F(client_id), S(client_id), 0, 0, NULL},
    {"cognito", "client_secret", INI_STR, F(client_secret), S(client_secret),
     0, 0, NULL},
    {"cognito", "user_pool_id", INI_STR, F(user_pool_id), S(user_pool_id), 0,
     0, NULL},
    {"cache", "path", INI_STR, F(cache_path), S(cache_path), 0, 0, NULL},
    {"cache", "max_age", INI_INT, F(max_age), 0, 0, 31536000, NULL},
    {"ui", "theme", INI_STR, F(theme), S(theme), 0, 0, NULL},
    {"ui", "readonly", INI_BOOL, F(readonly), 0, 0, 0, NULL},
    {"ui", "mouse", INI_BOOL, F(mouse), 0, 0, 0, NULL},
    {"ui", "refresh_seconds", INI_INT, F(refresh_seconds), 0, 0, 3600, NULL},
    /* The server's sections (server/config.c checks them). */
    {"server", "*", INI_OTHER, 0, 0, 0, 0, NULL},
    {"auth", "*", INI_OTHER, 0, 0, 0, 0, NULL},
    {"mail", "*", INI_OTHER, 0, 0, 0, 0, NULL},
    {"queue", "*", INI_OTHER, 0, 0, 0, 0, NULL},
    {"faults", "*", INI_OTHER, 0, 0, 0, 0, NULL},
    {NULL, NULL, INI_STR, 0, 0, 0, 0, NULL},
};

void client_config_defaults(struct client_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->timeout = 30;
    cfg->max_age = 7 * 24 * 3600;
    cfg->mouse = false; /* capturing it takes the terminal's copy away */
    cfg->refresh_seconds = 30;
}

char *client_config_default_path(void)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    if (xdg && *xdg)
        return str_printf("%s/inventui/inventui.conf", xdg);
    const char *home = getenv("HOME");
    if (home && *home)
        return str_printf("%s/.config/inventui/inventui.conf", home);
    return NULL;
}

/* A client secret in a file others can read is a leaked secret. */
static char *check_secret_mode(const struct client_config *cfg)
{
    if (!cfg->client_secret[0])
        return NULL;
    struct stat st;
    if (stat(cfg->path, &st) != 0)
        return str_printf("%s: cannot check its permissions: %s\n", cfg->path,
                          strerror(errno));
    if (st.st_mode & 077)
        return str_printf("%s holds a client secret but group or others can "
                          "read it (mode %03o); refusing to use it: run "
                          "chmod 600 %s\n",
                          cfg->path, (unsigned)(st.st_mode & 0777), cfg->path);
    return NULL;
}

int client_config_load(struct client_config *cfg, const char *explicit_path,
                       char **err)
{
    client_config_defaults(cfg);
    *err = NULL;
    char *path = explicit_path ? xstrdup(explicit_path)
                               : client_config_default_path();
    int rc = 0;
    if (!path)
        goto out;
    struct stat st;
    if (!explicit_path && stat(path, &st) != 0 && errno == ENOENT)
        goto out;
    if (strlen(path) >= sizeof cfg->path) {
        *err = str_printf("%s: path too long\n", path);
        rc = -1;
        goto out;
    }
    snprintf(cfg->path, sizeof cfg->path, "%s", path);
    if (inifile_load(path, KEYS, cfg, err) != 0 ||
        (*err = check_secret_mode(cfg)) != NULL)
        rc = -1;
out:
    free(path);
    return rc;
}

char *client_config_set(struct client_config *cfg, const char *section,
                        const char *name, const char *value)
{
    return inifile_set(KEYS, cfg, section, name, value);
}

void client_config_cognito_endpoint(const struct client_config *cfg,
                                    char *out, unsigned long size)
{
    if (cfg->cognito_endpoint[0])
        snprintf(out, size, "%s", cfg->cognito_endpoint);
    else if (cfg->region[0])
        snprintf(out, size, "https://cognito-idp.%s.amazonaws.com/",
                 cfg->region);
    else if (size)
        out[0] = '\0';
}
