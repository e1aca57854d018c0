/* handlers — one function per route, grouped in files by resource
 * (meta.c, products.c, orders.c, admin.c). Each reads the request, calls the
 * store, and answers with a respond_* call. The table is in routes.c. */
#ifndef INVENTUI_SERVER_HANDLERS_H
#define INVENTUI_SERVER_HANDLERS_H

#include "server/http/request.h"

/* meta.c */
void handle_health(struct request *rq, struct response *rs);
void handle_docs(struct request *rq, struct response *rs);
void handle_docs_spec(struct request *rq, struct response *rs);
void handle_config(struct request *rq, struct response *rs);
void handle_jwks(struct request *rq, struct response *rs);

/* idp/cognito.c: POST /, the Cognito-compatible sign-in endpoint */
void handle_cognito(struct request *rq, struct response *rs);

/* products.c */
void handle_products_create(struct request *rq, struct response *rs);
void handle_products_list(struct request *rq, struct response *rs);
void handle_products_get(struct request *rq, struct response *rs);
void handle_products_update(struct request *rq, struct response *rs);
void handle_products_delete(struct request *rq, struct response *rs);

/* orders.c */
void handle_orders_create(struct request *rq, struct response *rs);
void handle_orders_list(struct request *rq, struct response *rs);
void handle_orders_get(struct request *rq, struct response *rs);
void handle_orders_cancel(struct request *rq, struct response *rs);

/* admin.c: the order pipeline's queues, DLQ and audit trail */
void handle_admin_queues(struct request *rq, struct response *rs);
void handle_admin_dlq_list(struct request *rq, struct response *rs);
void handle_admin_dlq_get(struct request *rq, struct response *rs);
void handle_admin_dlq_redrive(struct request *rq, struct response *rs);
void handle_admin_dlq_redrive_all(struct request *rq, struct response *rs);
void handle_admin_dlq_delete(struct request *rq, struct response *rs);
void handle_admin_audit(struct request *rq, struct response *rs);

#endif
