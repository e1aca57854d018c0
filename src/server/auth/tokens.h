/* tokens — issuing Cognito-shaped ID and access tokens (RS256, libjwt). */
#ifndef INVENTUI_SERVER_AUTH_TOKENS_H
#define INVENTUI_SERVER_AUTH_TOKENS_H

#include <stdint.h>

struct keyring;

enum token_use { TOKEN_ID, TOKEN_ACCESS };

struct token_params {
    const struct keyring *keys;
    const char *issuer;    /* <base URL>/<userPoolId> */
    const char *client_id;
    long lifetime;         /* seconds */
};

struct token_subject {
    const char *sub;
    const char *email;     /* also the username */
    const char *const *groups;
    int ngroups;
    int64_t auth_time;     /* seconds */
};

/* A signed compact JWT the caller frees, or NULL if signing failed. */
char *token_issue(const struct token_params *p, enum token_use use,
                  const struct token_subject *s);

#endif
