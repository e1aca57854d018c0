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
    {0},
};
