/* routes — every route the server answers, in one table. To add a route:
 * write the handler in handlers/, declare it in handlers.h, add a row
 * here, document it in assets/openapi.json, and test it. */
#include "server/handlers/handlers.h"
#include "server/http/router.h"

const struct route ROUTES[] = {
    {"GET", "/health", ROUTE_PUBLIC, handle_health},
    {"GET", "/docs", ROUTE_PUBLIC, handle_docs},
    {"GET", "/docs/spec", ROUTE_PUBLIC, handle_docs_spec},
    {"GET", "/config", ROUTE_PUBLIC, handle_config},
    {"GET", "/{pool}/.well-known/jwks.json", ROUTE_PUBLIC, handle_jwks},
    {"POST", "/", ROUTE_PUBLIC, handle_cognito},
    {"POST", "/products", ROUTE_ADMIN, handle_products_create},
    {"GET", "/products", ROUTE_USER, handle_products_list},
    {"GET", "/products/{id}", ROUTE_USER, handle_products_get},
    {"PUT", "/products/{id}", ROUTE_ADMIN, handle_products_update},
    {"DELETE", "/products/{id}", ROUTE_ADMIN, handle_products_delete},
    {"POST", "/orders", ROUTE_USER, handle_orders_create},
    {"GET", "/orders", ROUTE_USER, handle_orders_list},
    {"GET", "/orders/{id}", ROUTE_USER, handle_orders_get},
    {"POST", "/orders/{id}/cancel", ROUTE_USER, handle_orders_cancel},
    {"GET", "/admin/queues", ROUTE_ADMIN, handle_admin_queues},
    {"GET", "/admin/dlq", ROUTE_ADMIN, handle_admin_dlq_list},
    {"POST", "/admin/dlq/redrive-all", ROUTE_ADMIN, handle_admin_dlq_redrive_all},
    {"GET", "/admin/dlq/{id}", ROUTE_ADMIN, handle_admin_dlq_get},
    {"DELETE", "/admin/dlq/{id}", ROUTE_ADMIN, handle_admin_dlq_delete},
    {"POST", "/admin/dlq/{id}/redrive", ROUTE_ADMIN, handle_admin_dlq_redrive},
    {"GET", "/admin/audit", ROUTE_ADMIN, handle_admin_audit},
    {0},
};
