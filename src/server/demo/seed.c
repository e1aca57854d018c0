#include "server/demo/seed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fsutil.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/random.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "server/auth/password.h"
#include "server/demo/catalog.h"
#include "server/demo/history.h"
#include "server/server.h"
#include "server/store/store_products.h"
#include "server/store/store_users.h"

#define DEMO_PASSWORD_FILE "demo-password"
/* The shop opened eight weeks ago; the history covers the last five. */
#define DEMO_SHOP_AGE_MS (56 * 24 * 3600 * 1000LL)

/* A password that meets the pool policy: upper, lower, digit, 8+. */
static char *new_password(void)
{
    static const char alnum[] = "abcdefghijkmnpqrstuvwxyz23456789";
    char tail[11];
    for (int i = 0; i < 10; i++)
        tail[i] = alnum[random_below(sizeof alnum - 1)];
    tail[10] = '\0';
    return str_printf("Demo-%s-7", tail);
}

/* The demo admin's password: the one kept from an earlier start, or a
 * new one (written 0600). NULL with *err. */
static char *password_for(const char *data_dir, bool *fresh, char **err)
{
    char *path = str_printf("%s/%s", data_dir, DEMO_PASSWORD_FILE);
    size_t len = 0;
    char *pw = fs_read_all(path, &len);
    *fresh = false;
    if (pw) {
        while (len && (pw[len - 1] == '\n' || pw[len - 1] == '\r'))
            pw[--len] = '\0';
    } else if (errno == ENOENT) {
        pw = new_password();
        *fresh = true;
        char *line = str_printf("%s\n", pw);
        if (fs_write_private(path, line, strlen(line)) != 0) {
            *err = str_printf("cannot write %s: %s", path, strerror(errno));
            free(pw);
            pw = NULL;
        }
        free(line);
    } else {
        *err = str_printf("cannot read %s: %s", path, strerror(errno));
    }
    free(path);
    return pw;
}

static int seed_admin(struct server *srv, struct store_conn *c,
                      const char *password, bool fresh, char **err)
{
    struct user u = {0};
    enum store_rc rc = store_user_by_email(c, DEMO_ADMIN_EMAIL, &u);
    user_clear(&u);
    if (rc == STORE_OK)
        return 0;
    if (rc != STORE_NOT_FOUND) {
        *err = xstrdup("cannot read the users from the store");
        return -1;
    }
    if (!fresh) {
        /* The password file outlived the user: say so, don't guess. */
        log_msg(LOG_WARN, "demo: %s was removed; keeping it removed",
                DEMO_ADMIN_EMAIL);
        return 0;
    }
    char *hash = password_hash(password, (int)srv->cfg.password_cost);
    if (!hash) {
        *err = xstrdup("cannot hash the demo password");
        return -1;
    }
    const char *groups[] = {srv->cfg.admin_group};
    char sub[UUID_STR_LEN];
    rc = store_user_create(c, DEMO_ADMIN_EMAIL, hash, USER_CONFIRMED, groups,
                           1, sub);
    free(hash);
    if (rc != STORE_OK && rc != STORE_CONFLICT) {
        *err = xstrdup("cannot create the demo admin");
        return -1;
    }
    return 0;
}

static bool has_admin(struct store_conn *c)
{
    struct user u = {0};
    bool found = store_user_by_email(c, DEMO_ADMIN_EMAIL, &u) == STORE_OK;
    user_clear(&u);
    return found;
}

/* Stocks the catalog when the store has no product yet, oldest first so
 * the grid shows the catalog's order, and writes each product's id into
 * ids[catalog index]. 1 when it stocked, 0 when the store had products. */
static int seed_products(struct store_conn *c, char (*ids)[UUID_STR_LEN],
                         char **err)
{
    long long have = store_product_count(c);
    if (have < 0) {
        *err = xstrdup("cannot count the products in the store");
        return -1;
    }
    if (have > 0)
        return 0;
    int n = 0;
    while (DEMO_CATALOG[n].sku)
        n++;
    if (store_begin(c) != STORE_OK) {
        *err = xstrdup("cannot write to the store");
        return -1;
    }
    int64_t now = time_now_ms();
    for (int i = n - 1; i >= 0; i--) {
        const struct demo_product *d = &DEMO_CATALOG[i];
        struct product p = {0};
        uuid_v4(p.id);
        memcpy(ids[i], p.id, UUID_STR_LEN);
        p.name = (char *)d->name;
        p.description = (char *)d->description;
        snprintf(p.category, sizeof p.category, "%s", d->category);
        p.price = d->price;
        p.quantity = d->quantity;
        p.sku = (char *)d->sku;
        /* A little apart, so "newest first" has an order to show, and
         * before the demo history's first order. */
        p.created_at = p.updated_at =
            now - DEMO_SHOP_AGE_MS - (int64_t)(i + 1) * 3600 * 1000;
        p.created_by = (char *)"demo";
        if (store_product_create(c, &p) != STORE_OK) {
            store_rollback(c);
            *err = str_printf("cannot stock demo product %s", d->sku);
            return -1;
        }
    }
    if (store_commit(c) != STORE_OK) {
        *err = xstrdup("cannot write to the store");
        return -1;
    }
    log_msg(LOG_INFO, "demo: stocked %d products", n);
    return 1;
}

int demo_seed(struct server *srv, char **password, char **err)
{
    bool fresh = false;
    *password = password_for(srv->cfg.data_dir, &fresh, err);
    if (!*password)
        return -1;
    int n = 0;
    while (DEMO_CATALOG[n].sku)
        n++;
    struct store_conn *c = store_acquire(srv->store);
    if (!c) {
        *err = xstrdup("cannot open a connection to the store");
        free(*password);
        *password = NULL;
        return -1;
    }
    char (*ids)[UUID_STR_LEN] = xcalloc((size_t)n, sizeof *ids);
    int stocked = seed_products(c, ids, err);
    int rc = stocked < 0 ? -1 : seed_admin(srv, c, *password, fresh, err);
    bool admin = rc == 0 && has_admin(c);
    store_release(srv->store, c);
    /* The history only with the shop it belongs to: a store that already
     * had products is never seeded again. */
    if (rc == 0 && stocked == 1) {
        if (!admin)
            log_msg(LOG_WARN, "demo: no %s, so no order history",
                    DEMO_ADMIN_EMAIL);
        else if (strcmp(srv->cfg.mail_sink, "spool") != 0)
            /* Its mail is for made-up people: never hand it to a relay. */
            log_msg(LOG_WARN, "demo: no order history with [mail] sink = "
                    "%s (only with the spool)", srv->cfg.mail_sink);
        else
            rc = demo_history_seed(srv, (const char(*)[UUID_STR_LEN])ids,
                                   *password, err);
    }
    free(ids);
    if (rc == 0)
        return 0;
    free(*password);
    *password = NULL;
    return -1;
}
