/* meta — the routes about the service itself: health, the docs, the
 * OpenAPI document, the sign-in settings a client needs, the JWKS. */
#include "server/handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "common/timeutil.h"
#include "server/assets/assets.h"
#include "server/auth/keyring.h"
#include "server/server.h"

void handle_health(struct request *rq, struct response *rs)
{
    char ts[ISO8601_LEN];
    time_iso8601(time_now_ms(), ts);
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "status", "healthy");
    cJSON_AddStringToObject(d, "service", "inventory-api");
    cJSON_AddStringToObject(d, "version", INVENTUI_VERSION);
    cJSON_AddStringToObject(d, "timestamp", ts);
    respond_data(rq, rs, 200, d);
}

void handle_docs(struct request *rq, struct response *rs)
{
    struct asset a = asset_docs_html();
    respond_raw(rs, 200, "text/html; charset=utf-8", a.data, a.len);
}

void handle_docs_spec(struct request *rq, struct response *rs)
{
    struct asset a = asset_openapi_json();
    respond_raw(rs, 200, "application/json", a.data, a.len);
}

void handle_config(struct request *rq, struct response *rs)
{
    const struct server *srv = rq->srv;
    cJSON *d = cJSON_CreateObject();
    cJSON *auth = cJSON_AddObjectToObject(d, "auth");
    cJSON_AddStringToObject(auth, "type", "cognito");
    if (srv->cfg.issuer[0]) {
        /* External pool: the client signs in there, not here. */
        const char *slash = strrchr(srv->cfg.issuer, '/');
        cJSON_AddNullToObject(auth, "endpoint");
        cJSON_AddStringToObject(auth, "issuer", srv->cfg.issuer);
        cJSON_AddStringToObject(auth, "userPoolId", slash ? slash + 1 : "");
        cJSON_AddStringToObject(auth, "region", srv->region);
        cJSON_AddStringToObject(auth, "clientId", srv->cfg.audience);
    } else {
        char endpoint[300];
        snprintf(endpoint, sizeof endpoint, "%s/", srv->base_url);
        cJSON_AddStringToObject(auth, "endpoint", endpoint);
        cJSON_AddStringToObject(auth, "issuer", srv->issuer);
        cJSON_AddStringToObject(auth, "region", srv->region);
        cJSON_AddStringToObject(auth, "userPoolId", srv->pool_id);
        cJSON_AddStringToObject(auth, "clientId", srv->client_id);
    }
    respond_data(rq, rs, 200, d);
}

void handle_jwks(struct request *rq, struct response *rs)
{
    const struct server *srv = rq->srv;
    if (!srv->keys || strcmp(rq->params[0], srv->pool_id) != 0) {
        respond_error(rq, rs, 404, "NOT_FOUND", "No such user pool", NULL);
        return;
    }
    cJSON *jwks = keyring_jwks(srv->keys);
    char *json = cJSON_PrintUnformatted(jwks);
    cJSON_Delete(jwks);
    respond_json_text(rs, 200, json);
}
