#include "server/setup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "common/base64.h"
#include "common/fsutil.h"
#include "common/mem.h"
#include "common/random.h"
#include "common/strbuf.h"
#include "server/auth/keyring.h"
#include "server/auth/throttle.h"
#include "server/http/ratelimit.h"
#include "server/auth/verifier.h"
#include "server/mail/mail.h"
#include "server/server.h"
#include "server/store/store.h"
#include "server/store/store_users.h"

/* Cognito-shaped ids: pool "<region>_<9 alphanumerics>", client 26
 * lower-case alphanumerics. */
static void random_alnum(char *out, int n, const char *alphabet)
{
    size_t alen = strlen(alphabet);
    for (int i = 0; i < n; i++)
        out[i] = alphabet[random_below((uint32_t)alen)];
    out[n] = '\0';
}

static int init_ids(struct server *srv, struct store_conn *c, char **err)
{
    char pool[64], client[32], cursor[65];
    char tail[10];
    random_alnum(tail, 9, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    snprintf(pool, sizeof pool, "%s_%s", srv->region, tail);
    random_alnum(client, 26, "abcdefghijklmnopqrstuvwxyz0123456789");
    random_hex(cursor, 32);

    char *p = store_setting_init(c, "pool_id", pool);
    char *k = store_setting_init(c, "client_id", client);
    char *s = store_setting_init(c, "cursor_key", cursor);
    int rc = -1;
    if (p && k && s && strlen(s) == 64) {
        snprintf(srv->pool_id, sizeof srv->pool_id, "%s", p);
        snprintf(srv->client_id, sizeof srv->client_id, "%s", k);
        for (int i = 0; i < 32; i++) {
            unsigned v;
            sscanf(s + 2 * i, "%2x", &v);
            srv->cursor_key[i] = (unsigned char)v;
        }
        rc = 0;
    } else {
        *err = xstrdup("cannot read the pool settings from the store");
    }
    free(p);
    free(k);
    free(s);
    return rc;
}

int server_setup(struct server *srv, int port, char **err)
{
    struct server_config *cfg = &srv->cfg;
    if (fs_mkdirs(cfg->data_dir, 0700) != 0) {
        struct strbuf sb = {0};
        strbuf_printf(&sb, "cannot create data directory %s: %s",
                      cfg->data_dir, strerror(errno));
        *err = strbuf_detach(&sb, NULL);
        return -1;
    }
    snprintf(srv->region, sizeof srv->region, "local");

    struct store_options so = {
        .synchronous_full = strcmp(cfg->synchronous, "FULL") == 0,
        .max_connections = 64,
    };
    srv->store = store_open(cfg->data_dir, &so, err);
    if (!srv->store)
        return -1;
    struct store_conn *c = store_acquire(srv->store);
    int rc = c ? init_ids(srv, c, err) : -1;
    if (!c)
        *err = xstrdup("cannot open a connection to the store");
    /* `inventui user` hashes passwords with the cost recorded here. */
    if (rc == 0 && store_users_set_cost(c, (int)cfg->password_cost) != STORE_OK) {
        *err = xstrdup("cannot record the password cost in the store");
        rc = -1;
    }
    store_release(srv->store, c);
    if (rc != 0)
        return -1;

    if (cfg->public_url[0]) {
        snprintf(srv->base_url, sizeof srv->base_url, "%s", cfg->public_url);
        size_t n = strlen(srv->base_url);
        if (n && srv->base_url[n - 1] == '/')
            srv->base_url[n - 1] = '\0';
    } else {
        char host[128];
        int ignored;
        server_config_listen(cfg, host, sizeof host, &ignored);
        bool v6 = strchr(host, ':') != NULL;
        snprintf(srv->base_url, sizeof srv->base_url, "http://%s%s%s:%d",
                 v6 ? "[" : "", host, v6 ? "]" : "", port);
    }

    struct verifier_options vo = {.admin_group = cfg->admin_group};
    if (cfg->issuer[0]) {
        snprintf(srv->issuer, sizeof srv->issuer, "%s", cfg->issuer);
        vo.issuer = cfg->issuer;
        vo.audience = cfg->audience;
        vo.jwks_url = cfg->jwks_url;
    } else {
        srv->keys = keyring_open(cfg->data_dir, err);
        if (!srv->keys)
            return -1;
        snprintf(srv->issuer, sizeof srv->issuer, "%s/%s", srv->base_url,
                 srv->pool_id);
        vo.issuer = srv->issuer;
        vo.audience = srv->client_id;
        vo.own = srv->keys;
    }
    srv->verifier = verifier_new(&vo, err);
    if (!srv->verifier)
        return -1;
    srv->throttle = throttle_new((int)cfg->signin_attempts,
                                 (int)cfg->signin_window);
    srv->limit = ratelimit_new(cfg->rate_limit, cfg->rate_burst);
    srv->mail = mail_sink_new(cfg, err);
    return srv->mail ? 0 : -1;
}

void server_teardown(struct server *srv)
{
    mail_sink_free(srv->mail);
    srv->mail = NULL;
    throttle_free(srv->throttle);
    ratelimit_free(srv->limit);
    srv->limit = NULL;
    verifier_free(srv->verifier);
    keyring_free(srv->keys);
    store_close(srv->store);
    srv->throttle = NULL;
    srv->verifier = NULL;
    srv->keys = NULL;
    srv->store = NULL;
}
