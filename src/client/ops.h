/* ops — the client's operations as data: what to do (kind and inputs) and
 * what came of it (outputs), so that a worker thread can run one
 * (op_run, blocking, on the API layer the CLI uses) and hand it back to
 * an event loop whole. An op owns every string in it; op_free frees them
 * and wipes the secrets. */
#ifndef INVENTUI_CLIENT_OPS_H
#define INVENTUI_CLIENT_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "client/api.h"
#include "client/api_admin.h"
#include "client/api_orders.h"
#include "client/api_products.h"
#include "client/signin.h"
#include "model/order.h"
#include "model/product.h"

enum op_kind {
    OP_WHOAMI,          /* signin_current: out user (rc API_UNAUTH when none) */
    OP_SIGN_IN, OP_NEW_PASSWORD, OP_SIGN_UP, OP_CONFIRM, OP_RESEND, OP_SIGN_OUT,
    OP_PRODUCTS_LIST, OP_PRODUCT_GET, OP_PRODUCT_CREATE, OP_PRODUCT_UPDATE, OP_PRODUCT_DELETE,
    OP_ORDERS_LIST, OP_ORDER_GET, OP_ORDER_CREATE, OP_ORDER_CANCEL,
    OP_QUEUES, OP_DLQ_LIST, OP_DLQ_GET, OP_DLQ_REDRIVE, OP_DLQ_REDRIVE_ALL, OP_DLQ_DELETE,
    OP_HEALTH,          /* is the API there? (the offline probe) */
};
#define OP_KIND_COUNT (OP_HEALTH + 1)

struct op_product_fields {      /* create (all) / update (those in fields) */
    unsigned fields;            /* PRODUCT_F_* bits */
    char *name, *description, *category, *sku, *image_url;
    long long price, quantity;  /* cents; units */
};

/* Inputs by kind (the others are ignored):
 *   OP_SIGN_IN        email, password           out: challenge on
 *                                               SIGNIN_NEW_PASSWORD, user
 *   OP_NEW_PASSWORD   email, challenge, new_password          out: user
 *   OP_SIGN_UP        email, password           out: destination
 *   OP_CONFIRM        email, code
 *   OP_RESEND         email                     out: destination
 *   OP_SIGN_OUT       -                         out: warning
 *   OP_PRODUCTS_LIST  category, search, limit, token    out: products
 *   OP_PRODUCT_GET    id                        out: product
 *   OP_PRODUCT_CREATE product_in (every field; image_url NULL or "": none),
 *                     idempotency_key           out: product
 *   OP_PRODUCT_UPDATE id, product_in (the fields in .fields; image_url NULL
 *                     with its bit: remove the image)     out: product
 *   OP_PRODUCT_DELETE id
 *   OP_ORDERS_LIST    status, limit, token      out: orders
 *   OP_ORDER_GET      id                        out: order
 *   OP_ORDER_CREATE   product_id, quantity, idempotency_key   out: order
 *   OP_ORDER_CANCEL   id                        out: order
 *   OP_QUEUES         -                         out: queues
 *   OP_DLQ_LIST       limit, token              out: dlq
 *   OP_DLQ_GET        id                        out: message
 *   OP_DLQ_REDRIVE    id
 *   OP_DLQ_REDRIVE_ALL -                        out: count
 *   OP_DLQ_DELETE     id
 *   OP_HEALTH         -   GET /health once, no retries: API_OK when the API
 *                     answers at all (a 4xx too: a deployment without the
 *                     route is there), then the session is renewed if it is
 *                     due (API_UNAUTH when it cannot be); API_UNREACHABLE
 *                     when no answer or a 5xx came
 * A missing required input is API_REFUSED with a sentence, never a crash.
 * The sign-in family also sets signin_rc, and res.rc to match it
 * (SIGNIN_OK and SIGNIN_NEW_PASSWORD: API_OK; SIGNIN_REFUSED: API_REFUSED;
 * SIGNIN_UNREACHABLE: API_UNREACHABLE) with res.message the sentence. */
struct op {
    enum op_kind kind;
    /* inputs: owned copies, freed by op_free (secrets wiped) */
    char *id;                       /* product / order / DLQ message id */
    char *category, *search, *status, *token;   /* list filters; token = nextToken */
    int limit;
    struct op_product_fields product_in;
    char *product_id; long long quantity;       /* OP_ORDER_CREATE */
    char *idempotency_key;          /* creating POSTs; op_new makes one (uuid) */
    char *email, *password, *new_password, *code;
    struct signin_challenge challenge;           /* in: OP_NEW_PASSWORD; out: OP_SIGN_IN */
    /* outputs */
    bool cancelled;                 /* Esc: nothing of the answer is used */
    struct api_result res;          /* rc, status, code, message, details, cached_at */
    enum signin_rc signin_rc;       /* sign-in family */
    struct api_product_page products;
    struct product product;
    struct api_order_page orders;
    struct order order;
    struct queue_counts queues;
    struct api_dlq_page dlq;
    struct dlq_message message;
    long long count;                /* redrive-all */
    struct signin_user user;        /* OP_WHOAMI, and after a sign-in */
    char *destination, *warning;    /* sign-up/resend; sign-out */
    int64_t token_exp;              /* after any op: the ID token's exp (epoch s), 0 none */
};

/* A zeroed op of kind k (caller frees with op_free); OP_PRODUCT_CREATE and
 * OP_ORDER_CREATE get a fresh idempotency_key, kept for the op's life so
 * that running it again (a retry by the person) creates at most once. */
struct op *op_new(enum op_kind kind);
/* Frees o and all it owns, wiping password, new_password, code and the
 * challenge's session first. NULL is fine. */
void op_free(struct op *o);
/* Runs o on a (blocking; a->cancel stops it) and fills its outputs; an
 * op run again drops the outputs of the run before. Sets o->token_exp. */
void op_run(struct api *a, struct op *o);
/* What o does, as the words after a spinner: "loading products",
 * "placing the order"… Static string. */
const char *op_describe(enum op_kind k);
/* True when the op changes something on the server (product, order and
 * DLQ writes, sign-up, confirmation, a new password, sign-out): a cancel
 * may come after the change was made. */
bool op_is_write(enum op_kind k);

#endif
