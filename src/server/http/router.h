/* router — the table of routes: method, path pattern, who may call it,
 * and the handler. Unknown paths get 404, known paths with another method
 * 405 with Allow, CORS preflights 204. */
#ifndef INVENTUI_SERVER_HTTP_ROUTER_H
#define INVENTUI_SERVER_HTTP_ROUTER_H

#include "server/http/request.h"

enum route_auth {
    ROUTE_PUBLIC, /* no token */
    ROUTE_USER,   /* a verified ID token */
    ROUTE_ADMIN,  /* a verified ID token of the admin group */
};

typedef void (*route_handler)(struct request *rq, struct response *rs);

struct route {
    const char *method;
    const char *pattern; /* "/products/{id}": {x} matches one segment */
    enum route_auth auth;
    route_handler handler;
};

/* The server's routes, ending with a zeroed entry (routes.c). */
extern const struct route ROUTES[];

/* Finds, authenticates and runs the handler for rq; always fills rs. */
void router_dispatch(struct request *rq, struct response *rs);

#endif
