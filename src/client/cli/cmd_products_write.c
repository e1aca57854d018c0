/* inventui products create | update | delete (the admin group's). */
#include <stdlib.h>
#include <string.h>

#include "client/api_products.h"
#include "client/cli/args.h"
#include "client/cli/cli.h"
#include "client/cli/show.h"
#include "client/format.h"
#include "common/sanitize.h"
#include "common/strbuf.h"
#include "common/uuid.h"

static const struct {
    const char *flag;
    unsigned bit;
} FIELDS[] = {
    {"--name", PRODUCT_F_NAME},         {"--description", PRODUCT_F_DESCRIPTION},
    {"--category", PRODUCT_F_CATEGORY}, {"--price", PRODUCT_F_PRICE},
    {"--quantity", PRODUCT_F_QUANTITY}, {"--sku", PRODUCT_F_SKU},
    {"--image-url", PRODUCT_F_IMAGE_URL},
};
#define NFIELDS (sizeof FIELDS / sizeof *FIELDS)

/* Sets one field of in from its flag's value; CLI_OK or CLI_USAGE. */
static int set_field(struct product_input *in, unsigned bit, const char *v)
{
    switch (bit) {
    case PRODUCT_F_NAME:
        in->name = v;
        break;
    case PRODUCT_F_DESCRIPTION:
        in->description = v;
        break;
    case PRODUCT_F_CATEGORY:
        in->category = v;
        break;
    case PRODUCT_F_SKU:
        in->sku = v;
        break;
    case PRODUCT_F_IMAGE_URL:
        in->image_url = *v ? v : NULL; /* "": remove the image */
        break;
    case PRODUCT_F_PRICE:
        if (!args_price("--price", v, &in->price))
            return CLI_USAGE;
        break;
    case PRODUCT_F_QUANTITY:
        if (!args_whole("--quantity", v, 0, PRODUCT_QUANTITY_MAX,
                        &in->quantity))
            return CLI_USAGE;
        break;
    }
    in->fields |= bit;
    return CLI_OK;
}

/* Reads the field flags, --yes and at most one positional argument (the
 * id) from argv[1..]. */
static int parse(const char *cmd, int argc, char **argv,
                 struct product_input *in, const char **id, bool *yes)
{
    if (in)
        memset(in, 0, sizeof *in);
    *id = NULL;
    for (int i = 1; i < argc;) {
        bool missing = false, matched = false;
        for (size_t f = 0; f < NFIELDS && !matched && in; f++) {
            const char *v = cli_option(argc, argv, &i, FIELDS[f].flag,
                                       &missing);
            if (missing) {
                cli_error("%s needs a value", FIELDS[f].flag);
                return CLI_USAGE;
            }
            if (v) {
                matched = true;
                if (set_field(in, FIELDS[f].bit, v) != CLI_OK)
                    return CLI_USAGE;
            }
        }
        if (matched)
            continue;
        if (yes && (!strcmp(argv[i], "--yes") || !strcmp(argv[i], "-y"))) {
            *yes = true;
        } else if (argv[i][0] != '-' && !*id && strcmp(cmd, "create") != 0) {
            *id = argv[i];
        } else {
            cli_error("products %s: unexpected \"%s\"", cmd, argv[i]);
            return CLI_USAGE;
        }
        i++;
    }
    if (strcmp(cmd, "create") != 0 && !*id) {
        cli_error("usage: inventui products %s ID …", cmd);
        return CLI_USAGE;
    }
    return CLI_OK;
}

static int product_done(struct cli *c, enum api_rc arc, struct api_result *res,
                        struct product *p, const char *verb)
{
    int rc = CLI_OK;
    if (arc != API_OK) {
        rc = cli_admin_error(res);
    } else if (c->json) {
        cli_print_json(res->data);
    } else {
        char *name = sanitize_text(p->name);
        printf("%s product \"%s\"\n", verb, name);
        free(name);
        show_product(p);
    }
    product_clear(p);
    api_result_free(res);
    return rc;
}

int cli_products_create(struct cli *c, struct api *a, int argc, char **argv)
{
    struct product_input in;
    const char *id;
    int rc = parse("create", argc, argv, &in, &id, NULL);
    if (rc != CLI_OK)
        return rc;
    struct strbuf missing = {0};
    for (size_t f = 0; f < NFIELDS; f++)
        if (FIELDS[f].bit != PRODUCT_F_IMAGE_URL && !(in.fields & FIELDS[f].bit))
            strbuf_printf(&missing, "%s%s", missing.len ? ", " : "",
                          FIELDS[f].flag);
    if (missing.len) {
        cli_error("products create: missing %s", missing.buf);
        strbuf_free(&missing);
        return CLI_USAGE;
    }
    strbuf_free(&missing);
    if (!in.image_url)
        in.fields &= ~(unsigned)PRODUCT_F_IMAGE_URL;
    /* One key per command: the http layer's retries reuse it, so a POST
     * that timed out after the server created the product creates one. */
    char key[UUID_STR_LEN];
    uuid_v4(key);
    struct product p;
    struct api_result res;
    enum api_rc arc = api_products_create(a, &in, key, &p, &res);
    return product_done(c, arc, &res, &p, "created");
}

int cli_products_update(struct cli *c, struct api *a, int argc, char **argv)
{
    struct product_input in;
    const char *id;
    int rc = parse("update", argc, argv, &in, &id, NULL);
    if (rc != CLI_OK)
        return rc;
    if (!in.fields) {
        cli_error("products update: nothing to change: give at least one of "
                  "--name, --description, --category, --price, --quantity, "
                  "--sku, --image-url");
        return CLI_USAGE;
    }
    struct product p;
    struct api_result res;
    enum api_rc arc = api_products_update(a, id, &in, &p, &res);
    return product_done(c, arc, &res, &p, "updated");
}

int cli_products_delete(struct cli *c, struct api *a, int argc, char **argv)
{
    const char *id;
    bool yes = false;
    int rc = parse("delete", argc, argv, NULL, &id, &yes);
    if (rc != CLI_OK)
        return rc;
    char *what = str_printf("delete product %s", id);
    rc = cli_confirm(yes, what, "not deleted: the product is still there");
    free(what);
    if (rc != CLI_OK)
        return rc;
    struct api_result res;
    if (api_products_delete(a, id, &res) != API_OK) {
        rc = cli_admin_error(&res);
    } else if (c->json) {
        cli_print_json(res.data);
    } else {
        char *clean = sanitize_text(id);
        printf("deleted product %s\n", clean);
        free(clean);
    }
    api_result_free(&res);
    return rc;
}
