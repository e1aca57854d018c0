#include "server/auth/tokens.h"

#include <jwt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/uuid.h"
#include "server/auth/keyring.h"

static char *groups_json(const struct token_subject *s)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(root, "cognito:groups");
    for (int i = 0; i < s->ngroups; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(s->groups[i]));
    char *json = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return json;
}

char *token_issue(const struct token_params *p, enum token_use use,
                  const struct token_subject *s)
{
    jwt_t *jwt = NULL;
    if (jwt_new(&jwt) != 0)
        return NULL;
    long now = (long)time(NULL);
    char jti[UUID_STR_LEN], origin[UUID_STR_LEN], event[UUID_STR_LEN];
    uuid_v4(jti);
    uuid_v4(origin);
    uuid_v4(event);
    const char *pem = keyring_private_pem(p->keys);
    int rc = jwt_set_alg(jwt, JWT_ALG_RS256, (const unsigned char *)pem,
                         (int)strlen(pem));
    rc |= jwt_add_header(jwt, "kid", keyring_kid(p->keys));
    rc |= jwt_add_grant(jwt, "sub", s->sub);
    if (s->ngroups > 0) {
        char *groups = groups_json(s);
        rc |= groups ? jwt_add_grants_json(jwt, groups) : -1;
        free(groups);
    }
    rc |= jwt_add_grant(jwt, "iss", p->issuer);
    rc |= jwt_add_grant(jwt, "origin_jti", origin);
    rc |= jwt_add_grant(jwt, "event_id", event);
    rc |= jwt_add_grant_int(jwt, "auth_time", (long)s->auth_time);
    rc |= jwt_add_grant_int(jwt, "iat", now);
    rc |= jwt_add_grant_int(jwt, "exp", now + p->lifetime);
    rc |= jwt_add_grant(jwt, "jti", jti);
    if (use == TOKEN_ID) {
        rc |= jwt_add_grant(jwt, "token_use", "id");
        rc |= jwt_add_grant(jwt, "aud", p->client_id);
        rc |= jwt_add_grant(jwt, "email", s->email);
        rc |= jwt_add_grant_bool(jwt, "email_verified", 1);
        rc |= jwt_add_grant(jwt, "cognito:username", s->email);
    } else {
        rc |= jwt_add_grant(jwt, "token_use", "access");
        rc |= jwt_add_grant(jwt, "client_id", p->client_id);
        rc |= jwt_add_grant(jwt, "scope", "aws.cognito.signin.user.admin");
        rc |= jwt_add_grant(jwt, "username", s->email);
    }
    char *out = rc == 0 ? jwt_encode_str(jwt) : NULL;
    jwt_free(jwt);
    return out;
}
