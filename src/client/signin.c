/* signin — the sign-in, new-password, sign-up, confirmation, sign-out and
 * "who is signed in" flows both front ends run, on top of auth (where the
 * pool is), cognito (the calls) and session (the saved tokens). */
#include "client/signin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/auth.h"
#include "client/cognito.h"
#include "common/mem.h"
#include "common/strbuf.h"

void signin_challenge_free(struct signin_challenge *ch)
{
    if (ch->session)
        explicit_bzero(ch->session, strlen(ch->session));
    free(ch->username);
    free(ch->session);
    free(ch->endpoint);
    free(ch->client_id);
    memset(ch, 0, sizeof *ch);
}

void signin_user_free(struct signin_user *u)
{
    free(u->email);
    free(u->sub);
    for (size_t i = 0; i < u->ngroups; i++)
        free(u->groups[i]);
    free(u->groups);
    memset(u, 0, sizeof *u);
}

void signin_account_free(struct signin_account *acc)
{
    free(acc->destination);
    free(acc->user_sub);
    memset(acc, 0, sizeof *acc);
}

/* The pool for a's API: s filled and cg pointing into it. */
static enum signin_rc pool(struct api *a, struct auth_settings *s,
                           struct cognito *cg, char **msg)
{
    enum auth_rc arc = api_auth_settings(a, s, msg);
    if (arc != AUTH_OK)
        return arc == AUTH_UNREACHABLE ? SIGNIN_UNREACHABLE : SIGNIN_REFUSED;
    api_cognito(a, s->endpoint, s->client_id, cg);
    return SIGNIN_OK;
}

/* The outcome of a call the pool did not grant; doing prefixes a refusal. */
static enum signin_rc pool_failed(const struct cognito_result *r,
                                  const char *doing, char **msg)
{
    if (r->rc == COGNITO_UNREACHABLE) {
        *msg = xstrdup(r->message ? r->message
                                  : "cannot reach the sign-in endpoint");
        return SIGNIN_UNREACHABLE;
    }
    *msg = str_printf("%s: %s", doing, r->message ? r->message : "refused");
    return SIGNIN_REFUSED;
}

/* Saves the tokens of a granted sign-in and makes them a's session. */
static enum signin_rc keep_session(struct api *a, const char *endpoint,
                                   const char *client_id,
                                   struct cognito_result *r, const char *email,
                                   char **msg)
{
    cJSON *claims = session_token_claims(r->id_token);
    const cJSON *user = cJSON_GetObjectItemCaseSensitive(claims,
                                                         "cognito:username");
    struct session sess = {
        .api_url = xstrdup(a->cfg->api_url),
        .endpoint = xstrdup(endpoint),
        .client_id = xstrdup(client_id),
        .username = xstrdup(cJSON_IsString(user) ? user->valuestring : email),
        .id_token = r->id_token,
        .access_token = r->access_token,
        .refresh_token = r->refresh_token,
    };
    r->id_token = r->access_token = r->refresh_token = NULL;
    cJSON_Delete(claims);
    if (session_save(a->session_path, &sess, msg) != 0) {
        session_free(&sess);
        return SIGNIN_REFUSED;
    }
    session_free(&a->sess);
    a->sess = sess;
    a->have_session = true;
    return SIGNIN_OK;
}

enum signin_rc signin_password(struct api *a, const char *email,
                               const char *password,
                               struct signin_challenge *ch, char **msg)
{
    memset(ch, 0, sizeof *ch);
    *msg = NULL;
    struct auth_settings s;
    struct cognito cg;
    enum signin_rc rc = pool(a, &s, &cg, msg);
    if (rc != SIGNIN_OK)
        return rc;
    struct cognito_result r;
    cognito_sign_in(&cg, email, password, &r);
    if (r.rc == COGNITO_NEW_PASSWORD) {
        ch->username = xstrdup(r.username ? r.username : email);
        ch->session = xstrdup(r.session ? r.session : "");
        ch->endpoint = xstrdup(s.endpoint);
        ch->client_id = xstrdup(s.client_id);
        rc = SIGNIN_NEW_PASSWORD;
    } else if (r.rc == COGNITO_OK) {
        rc = keep_session(a, s.endpoint, s.client_id, &r, email, msg);
    } else {
        rc = pool_failed(&r, "sign-in failed", msg);
    }
    cognito_result_free(&r);
    return rc;
}

enum signin_rc signin_new_password(struct api *a, const char *email,
                                   const struct signin_challenge *ch,
                                   const char *new_password, char **msg)
{
    *msg = NULL;
    struct auth_settings s;
    struct cognito cg;
    if (ch->endpoint && ch->client_id) {
        memset(&s, 0, sizeof s);
        snprintf(s.endpoint, sizeof s.endpoint, "%s", ch->endpoint);
        snprintf(s.client_id, sizeof s.client_id, "%s", ch->client_id);
        api_cognito(a, s.endpoint, s.client_id, &cg);
    } else {
        enum signin_rc rc = pool(a, &s, &cg, msg);
        if (rc != SIGNIN_OK)
            return rc;
    }
    struct cognito_result r;
    cognito_new_password(&cg, ch->username ? ch->username : email,
                         ch->session ? ch->session : "", new_password, &r);
    enum signin_rc rc;
    if (r.rc == COGNITO_OK)
        rc = keep_session(a, s.endpoint, s.client_id, &r, email, msg);
    else
        rc = pool_failed(&r, "sign-in failed", msg);
    cognito_result_free(&r);
    return rc;
}

enum account_op { ACCOUNT_SIGN_UP, ACCOUNT_CONFIRM, ACCOUNT_RESEND };

/* One of the account calls; secret is the password or the code. */
static enum signin_rc account_call(struct api *a, enum account_op op,
                                   const char *email, const char *secret,
                                   struct signin_account *acc, char **msg)
{
    static const char *const DOING[] = {
        [ACCOUNT_SIGN_UP] = "sign-up failed",
        [ACCOUNT_CONFIRM] = "confirmation failed",
        [ACCOUNT_RESEND] = "could not send a new code",
    };
    memset(acc, 0, sizeof *acc);
    *msg = NULL;
    struct auth_settings s;
    struct cognito cg;
    enum signin_rc rc = pool(a, &s, &cg, msg);
    if (rc != SIGNIN_OK) {
        acc->no_settings = rc == SIGNIN_REFUSED;
        return rc;
    }
    struct cognito_result r;
    if (op == ACCOUNT_SIGN_UP)
        cognito_sign_up(&cg, email, secret, &r);
    else if (op == ACCOUNT_CONFIRM)
        cognito_confirm_sign_up(&cg, email, secret, &r);
    else
        cognito_resend_code(&cg, email, &r);
    if (r.rc == COGNITO_OK) {
        acc->destination = r.destination;
        acc->user_sub = r.user_sub;
        acc->confirmed = r.user_confirmed;
        r.destination = r.user_sub = NULL;
    } else {
        rc = pool_failed(&r, DOING[op], msg);
    }
    cognito_result_free(&r);
    return rc;
}

enum signin_rc signin_account_sign_up(struct api *a, const char *email,
                                      const char *password,
                                      struct signin_account *acc, char **msg)
{
    return account_call(a, ACCOUNT_SIGN_UP, email, password, acc, msg);
}

enum signin_rc signin_account_confirm(struct api *a, const char *email,
                                      const char *code,
                                      struct signin_account *acc, char **msg)
{
    return account_call(a, ACCOUNT_CONFIRM, email, code, acc, msg);
}

enum signin_rc signin_account_resend(struct api *a, const char *email,
                                     struct signin_account *acc, char **msg)
{
    return account_call(a, ACCOUNT_RESEND, email, NULL, acc, msg);
}

/* The destination out of acc into *destination, freeing the rest. */
static enum signin_rc hand_destination(enum signin_rc rc,
                                       struct signin_account *acc,
                                       char **destination)
{
    *destination = acc->destination;
    acc->destination = NULL;
    signin_account_free(acc);
    return rc;
}

enum signin_rc signin_sign_up(struct api *a, const char *email,
                              const char *password, char **destination,
                              char **msg)
{
    struct signin_account acc;
    enum signin_rc rc = signin_account_sign_up(a, email, password, &acc, msg);
    return hand_destination(rc, &acc, destination);
}

enum signin_rc signin_confirm(struct api *a, const char *email,
                              const char *code, char **msg)
{
    struct signin_account acc;
    enum signin_rc rc = signin_account_confirm(a, email, code, &acc, msg);
    signin_account_free(&acc);
    return rc;
}

enum signin_rc signin_resend(struct api *a, const char *email,
                             char **destination, char **msg)
{
    struct signin_account acc;
    enum signin_rc rc = signin_account_resend(a, email, &acc, msg);
    return hand_destination(rc, &acc, destination);
}

enum signin_out_rc signin_sign_out_report(struct api *a, char **warning,
                                          char **forget_warning)
{
    *warning = *forget_warning = NULL;
    enum signin_out_rc out = SIGNIN_OUT_DONE;
    if (!a->have_session) {
        char *err = NULL;
        enum session_rc src = session_load(a->session_path, &a->sess, &err);
        if (src == SESSION_NONE) {
            out = SIGNIN_OUT_NONE;
            goto forget;
        }
        if (src == SESSION_ERROR) {
            *warning = err;
            out = SIGNIN_OUT_UNREADABLE;
            goto forget;
        }
        a->have_session = true;
    }
    /* GlobalSignOut needs a live access token: renew a stale one first. */
    char *err = NULL;
    if (api_session(a, false, &err) == API_OK) {
        struct cognito cg;
        api_cognito(a, a->sess.endpoint, a->sess.client_id, &cg);
        struct cognito_result r;
        cognito_sign_out(&cg, a->sess.access_token, &r);
        if (r.rc != COGNITO_OK)
            err = xstrdup(r.message ? r.message : "refused");
        cognito_result_free(&r);
    }
    if (err) {
        *warning = str_printf("could not sign out at the sign-in endpoint "
                              "(%s); the local session is forgotten anyway",
                              err);
        free(err);
    }
forget:
    if (session_forget(a->session_path) != 0)
        *forget_warning = str_printf("could not remove %s", a->session_path);
    session_free(&a->sess);
    a->have_session = false;
    return out;
}

void signin_sign_out(struct api *a, char **warning)
{
    char *w = NULL, *fw = NULL;
    signin_sign_out_report(a, &w, &fw);
    if (w && fw) {
        *warning = str_printf("%s; %s", w, fw);
        free(w);
        free(fw);
    } else {
        *warning = w ? w : fw;
    }
}

/* Fills u from the claims of a's ID token. */
static void user_from_session(const struct api *a, struct signin_user *u)
{
    memset(u, 0, sizeof *u);
    cJSON *claims = session_token_claims(a->sess.id_token);
    const cJSON *email = cJSON_GetObjectItemCaseSensitive(claims, "email");
    const cJSON *sub = cJSON_GetObjectItemCaseSensitive(claims, "sub");
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(claims,
                                                           "cognito:groups");
    u->email = cJSON_IsString(email) ? xstrdup(email->valuestring) : NULL;
    u->sub = cJSON_IsString(sub) ? xstrdup(sub->valuestring) : NULL;
    const cJSON *g;
    const cJSON *list = cJSON_IsArray(groups) ? groups : NULL;
    cJSON_ArrayForEach(g, list) {
        if (!cJSON_IsString(g))
            continue;
        u->groups = xrealloc(u->groups, (u->ngroups + 1) * sizeof *u->groups);
        u->groups[u->ngroups++] = xstrdup(g->valuestring);
        if (!strcmp(g->valuestring, "admin"))
            u->admin = true;
    }
    u->expires_at = session_token_exp(a->sess.id_token);
    cJSON_Delete(claims);
}

int signin_current(struct api *a, struct signin_user *u)
{
    memset(u, 0, sizeof *u);
    if (!a->have_session) {
        char *err = NULL;
        if (session_load(a->session_path, &a->sess, &err) != SESSION_OK) {
            free(err);
            return -1;
        }
        a->have_session = true;
    }
    user_from_session(a, u);
    return 0;
}

enum api_rc signin_whoami(struct api *a, struct signin_user *u, char **msg)
{
    memset(u, 0, sizeof *u);
    enum api_rc rc = api_session(a, false, msg);
    if (rc == API_OK)
        user_from_session(a, u);
    return rc;
}
