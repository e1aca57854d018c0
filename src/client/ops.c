/* ops — one table says what each kind of op is (its words, whether it
 * writes, which inputs it needs); op_run maps each kind onto the blocking
 * API call the CLI makes too. */
#include "client/ops.h"

#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/strbuf.h"
#include "common/uuid.h"

enum {
    NEED_ID = 1 << 0,
    NEED_PRODUCT_ID = 1 << 1,
    NEED_EMAIL = 1 << 2,
    NEED_PASSWORD = 1 << 3,
    NEED_NEW_PASSWORD = 1 << 4,
    NEED_CODE = 1 << 5,
    NEED_KEY = 1 << 6,
};

static const struct op_info {
    const char *describe;
    bool write;
    unsigned needs;
} INFO[OP_KIND_COUNT] = {
    [OP_WHOAMI] = {"checking who is signed in", false, 0},
    [OP_SIGN_IN] = {"signing in", false, NEED_EMAIL | NEED_PASSWORD},
    [OP_NEW_PASSWORD] = {"setting the new password", true,
                         NEED_EMAIL | NEED_NEW_PASSWORD},
    [OP_SIGN_UP] = {"signing up", true, NEED_EMAIL | NEED_PASSWORD},
    [OP_CONFIRM] = {"confirming the account", true, NEED_EMAIL | NEED_CODE},
    [OP_RESEND] = {"sending a new code", false, NEED_EMAIL},
    [OP_SIGN_OUT] = {"signing out", true, 0},
    [OP_PRODUCTS_LIST] = {"loading products", false, 0},
    [OP_PRODUCT_GET] = {"loading the product", false, NEED_ID},
    [OP_PRODUCT_CREATE] = {"adding the product", true, NEED_KEY},
    [OP_PRODUCT_UPDATE] = {"saving the product", true, NEED_ID},
    [OP_PRODUCT_DELETE] = {"deleting the product", true, NEED_ID},
    [OP_ORDERS_LIST] = {"loading orders", false, 0},
    [OP_ORDER_GET] = {"loading the order", false, NEED_ID},
    [OP_ORDER_CREATE] = {"placing the order", true, NEED_PRODUCT_ID | NEED_KEY},
    [OP_ORDER_CANCEL] = {"cancelling the order", true, NEED_ID},
    [OP_QUEUES] = {"loading the queues", false, 0},
    [OP_DLQ_LIST] = {"loading the dead-letter queue", false, 0},
    [OP_DLQ_GET] = {"loading the message", false, NEED_ID},
    [OP_DLQ_REDRIVE] = {"redriving the message", true, NEED_ID},
    [OP_DLQ_REDRIVE_ALL] = {"redriving every message", true, 0},
    [OP_DLQ_DELETE] = {"deleting the message", true, NEED_ID},
    [OP_HEALTH] = {"checking the connection", false, 0},
};

static bool kind_ok(enum op_kind k)
{
    return (unsigned)k < OP_KIND_COUNT;
}

static bool is_signin(enum op_kind k)
{
    return k == OP_WHOAMI || k == OP_SIGN_IN || k == OP_NEW_PASSWORD ||
           k == OP_SIGN_UP || k == OP_CONFIRM || k == OP_RESEND ||
           k == OP_SIGN_OUT;
}

const char *op_describe(enum op_kind k)
{
    return kind_ok(k) ? INFO[k].describe : "working";
}

bool op_is_write(enum op_kind k)
{
    return kind_ok(k) && INFO[k].write;
}

struct op *op_new(enum op_kind kind)
{
    struct op *o = xcalloc(1, sizeof *o);
    o->kind = kind;
    if (kind == OP_PRODUCT_CREATE || kind == OP_ORDER_CREATE) {
        char key[UUID_STR_LEN];
        uuid_v4(key);
        o->idempotency_key = xstrdup(key);
    }
    return o;
}

/* Frees the outputs (not the challenge: OP_NEW_PASSWORD reads it). */
static void clear_outputs(struct op *o)
{
    api_result_free(&o->res);
    api_product_page_free(&o->products);
    product_clear(&o->product);
    api_order_page_free(&o->orders);
    order_clear(&o->order);
    api_dlq_page_free(&o->dlq);
    dlq_message_clear(&o->message);
    signin_user_free(&o->user);
    free(o->destination);
    free(o->warning);
    memset(&o->res, 0, sizeof o->res);
    memset(&o->products, 0, sizeof o->products);
    memset(&o->product, 0, sizeof o->product);
    memset(&o->orders, 0, sizeof o->orders);
    memset(&o->order, 0, sizeof o->order);
    memset(&o->queues, 0, sizeof o->queues);
    memset(&o->dlq, 0, sizeof o->dlq);
    memset(&o->message, 0, sizeof o->message);
    o->destination = o->warning = NULL;
    o->count = 0;
    o->signin_rc = SIGNIN_OK;
    o->token_exp = 0;
}

void op_free(struct op *o)
{
    if (!o)
        return;
    clear_outputs(o);
    free(o->id);
    free(o->category);
    free(o->search);
    free(o->status);
    free(o->token);
    free(o->product_in.name);
    free(o->product_in.description);
    free(o->product_in.category);
    free(o->product_in.sku);
    free(o->product_in.image_url);
    free(o->product_id);
    free(o->idempotency_key);
    free(o->email);
    mem_free_secret(o->password);
    mem_free_secret(o->new_password);
    mem_free_secret(o->code);
    signin_challenge_free(&o->challenge);
    explicit_bzero(o, sizeof *o);
    free(o);
}

/* The first required input o lacks, as words, or NULL. */
static const char *missing_input(const struct op *o)
{
    unsigned n = INFO[o->kind].needs;
    if ((n & NEED_ID) && !(o->id && *o->id))
        return "no id was given";
    if ((n & NEED_PRODUCT_ID) && !(o->product_id && *o->product_id))
        return "no product was given";
    if ((n & NEED_EMAIL) && !(o->email && *o->email))
        return "no email was given";
    if ((n & NEED_PASSWORD) && !o->password)
        return "no password was given";
    if ((n & NEED_NEW_PASSWORD) && !o->new_password)
        return "no new password was given";
    if ((n & NEED_CODE) && !(o->code && *o->code))
        return "no code was given";
    if ((n & NEED_KEY) && !o->idempotency_key)
        return "no idempotency key was made";
    return NULL;
}

static struct product_input product_input_of(const struct op *o, bool create)
{
    const struct op_product_fields *f = &o->product_in;
    struct product_input in = {
        .fields = create ? (unsigned)PRODUCT_F_ALL : f->fields,
        .name = f->name, .description = f->description,
        .category = f->category, .sku = f->sku, .image_url = f->image_url,
        .price = f->price, .quantity = f->quantity,
    };
    if (create && !(f->image_url && *f->image_url)) {
        in.fields &= ~(unsigned)PRODUCT_F_IMAGE_URL;
        in.image_url = NULL;
    }
    return in;
}

/* The sign-in family's outcome into res, taking msg. */
static void signin_outcome(struct op *o, enum signin_rc rc, char *msg)
{
    o->signin_rc = rc;
    switch (rc) {
    case SIGNIN_OK:
    case SIGNIN_NEW_PASSWORD:
        o->res.rc = API_OK;
        break;
    case SIGNIN_REFUSED:
        o->res.rc = API_REFUSED;
        break;
    case SIGNIN_UNREACHABLE:
        o->res.rc = API_UNREACHABLE;
        break;
    }
    o->res.message = msg;
}

static void run_signin(struct api *a, struct op *o)
{
    char *msg = NULL;
    enum signin_rc rc;
    switch (o->kind) {
    case OP_WHOAMI:
        if (signin_current(a, &o->user) == 0) {
            o->res.rc = API_OK;
        } else {
            o->res.rc = API_UNAUTH;
            o->res.message = xstrdup("not signed in");
        }
        return;
    case OP_SIGN_IN:
        signin_challenge_free(&o->challenge);
        rc = signin_password(a, o->email, o->password, &o->challenge, &msg);
        break;
    case OP_NEW_PASSWORD:
        rc = signin_new_password(a, o->email, &o->challenge, o->new_password,
                                 &msg);
        break;
    case OP_SIGN_UP:
        rc = signin_sign_up(a, o->email, o->password, &o->destination, &msg);
        break;
    case OP_CONFIRM:
        rc = signin_confirm(a, o->email, o->code, &msg);
        break;
    case OP_RESEND:
        rc = signin_resend(a, o->email, &o->destination, &msg);
        break;
    case OP_SIGN_OUT:
        signin_sign_out(a, &o->warning);
        rc = SIGNIN_OK;
        break;
    default:
        return;
    }
    signin_outcome(o, rc, msg);
    if (rc == SIGNIN_OK && (o->kind == OP_SIGN_IN || o->kind == OP_NEW_PASSWORD))
        signin_current(a, &o->user);
}

/* OP_HEALTH: the API answers, and the session still holds (renewed if
 * it expired meanwhile, as it may have while the API was away). */
static void run_health(struct api *a, struct op *o)
{
    struct api_result *res = &o->res;
    api_probe(a, res);
    if (res->rc == API_UNREACHABLE)
        return;
    long status = res->status;
    api_result_free(res);
    res->status = status;
    char *msg = NULL;
    res->rc = api_session(a, false, &msg);
    res->message = msg;
}

static void run_resource(struct api *a, struct op *o)
{
    struct api_result *res = &o->res;
    struct product_input in;
    switch (o->kind) {
    case OP_PRODUCTS_LIST: {
        struct api_product_query q = {.category = o->category,
                                      .search = o->search, .limit = o->limit,
                                      .next_token = o->token};
        api_products_list(a, &q, &o->products, res);
        break;
    }
    case OP_PRODUCT_GET:
        api_products_get(a, o->id, &o->product, res);
        break;
    case OP_PRODUCT_CREATE:
        in = product_input_of(o, true);
        api_products_create(a, &in, o->idempotency_key, &o->product, res);
        break;
    case OP_PRODUCT_UPDATE:
        in = product_input_of(o, false);
        api_products_update(a, o->id, &in, &o->product, res);
        break;
    case OP_PRODUCT_DELETE:
        api_products_delete(a, o->id, res);
        break;
    case OP_ORDERS_LIST: {
        struct api_order_query q = {.status = o->status, .limit = o->limit,
                                    .next_token = o->token};
        api_orders_list(a, &q, &o->orders, res);
        break;
    }
    case OP_ORDER_GET:
        api_orders_get(a, o->id, &o->order, res);
        break;
    case OP_ORDER_CREATE:
        api_orders_create(a, o->product_id, o->quantity, o->idempotency_key,
                          &o->order, res);
        break;
    case OP_ORDER_CANCEL:
        api_orders_cancel(a, o->id, &o->order, res);
        break;
    case OP_QUEUES:
        api_queues(a, &o->queues, res);
        break;
    case OP_DLQ_LIST:
        api_dlq_list(a, o->limit, o->token, &o->dlq, res);
        break;
    case OP_DLQ_GET:
        api_dlq_get(a, o->id, &o->message, res);
        break;
    case OP_DLQ_REDRIVE:
        api_dlq_redrive(a, o->id, res);
        break;
    case OP_DLQ_REDRIVE_ALL:
        api_dlq_redrive_all(a, &o->count, res);
        break;
    case OP_DLQ_DELETE:
        api_dlq_delete(a, o->id, res);
        break;
    case OP_HEALTH:
        run_health(a, o);
        break;
    default:
        break;
    }
}

void op_run(struct api *a, struct op *o)
{
    clear_outputs(o);
    if (!kind_ok(o->kind)) {
        o->res.rc = API_REFUSED;
        o->res.message = xstrdup("unknown operation");
        return;
    }
    const char *missing = missing_input(o);
    if (missing) {
        o->res.rc = API_REFUSED;
        o->res.message = str_printf("%s: %s", op_describe(o->kind), missing);
    } else if (is_signin(o->kind)) {
        run_signin(a, o);
    } else {
        run_resource(a, o);
    }
    if (a->have_session && a->sess.id_token) {
        int64_t exp = session_token_exp(a->sess.id_token);
        o->token_exp = exp > 0 ? exp : 0;
    }
}
