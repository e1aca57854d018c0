/* inventui login, logout, whoami. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/auth.h"
#include "client/cli/cli.h"
#include "client/cli/format.h"
#include "client/cli/prompt.h"
#include "client/cognito.h"
#include "common/mem.h"
#include "common/sanitize.h"

static const char LOGIN_HELP[] =
    "usage: inventui login --username EMAIL [--password-stdin]\n"
    "\n"
    "Signs in and keeps the session (0600) in the cache directory.\n"
    "Without --password-stdin the password is asked on the terminal.\n"
    "With it, stdin's first line is the password and, when the account has\n"
    "a temporary password, its second line the new password.\n";

static const char *line_or_prompt(bool from_stdin, const char *question,
                                  char **owned)
{
    *owned = from_stdin ? prompt_stdin_line() : prompt_tty_secret(question);
    return *owned;
}

/* Asks for the new password on the terminal, twice. */
static char *tty_new_password(void)
{
    char *a = prompt_tty_secret("New password: ");
    if (!a)
        return NULL;
    char *b = prompt_tty_secret("Repeat the new password: ");
    if (!b || strcmp(a, b) != 0) {
        cli_error("the two new passwords differ");
        prompt_free(a);
        prompt_free(b);
        return NULL;
    }
    prompt_free(b);
    return a;
}

static int cognito_exit(const struct cognito_result *r)
{
    if (r->rc == COGNITO_UNREACHABLE) {
        cli_error("%s", r->message);
        return CLI_UNREACHABLE;
    }
    cli_error("sign-in failed: %s", r->message ? r->message : "refused");
    return CLI_AUTH;
}

/* Keeps the tokens of a successful sign-in. */
static int keep_session(struct cli *c, const struct auth_settings *s,
                        struct cognito_result *r, const char *email)
{
    struct api a;
    if (cli_open_api(c, &a) != CLI_OK)
        return CLI_USAGE;
    char *err = NULL;
    cJSON *claims = session_token_claims(r->id_token);
    const cJSON *user = cJSON_GetObjectItemCaseSensitive(claims,
                                                         "cognito:username");
    struct session sess = {
        .api_url = xstrdup(c->cfg.api_url),
        .endpoint = xstrdup(s->endpoint),
        .client_id = xstrdup(s->client_id),
        .username = xstrdup(cJSON_IsString(user) ? user->valuestring : email),
        .id_token = r->id_token,
        .access_token = r->access_token,
        .refresh_token = r->refresh_token,
    };
    r->id_token = r->access_token = r->refresh_token = NULL;
    cJSON_Delete(claims);
    int rc = CLI_OK;
    if (session_save(a.session_path, &sess, &err) != 0) {
        cli_error("%s", err);
        free(err);
        rc = CLI_AUTH;
    } else {
        char *who = sanitize_text(email);
        printf("signed in as %s\n", who);
        free(who);
    }
    session_free(&sess);
    api_close(&a);
    return rc;
}

int cli_login(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(LOGIN_HELP, stdout);
        return CLI_OK;
    }
    const char *email = NULL;
    bool from_stdin = false;
    int urc = cli_user_args(LOGIN_HELP, argc, argv, &email, &from_stdin);
    if (urc != CLI_OK)
        return urc;
    char *password = NULL, *new_password = NULL;
    struct cognito_result r = {0};
    int rc;
    if (!line_or_prompt(from_stdin, "Password: ", &password)) {
        cli_error(from_stdin ? "no password on stdin"
                             : "no terminal to ask for the password on: use "
                               "--password-stdin");
        rc = CLI_USAGE;
        goto out;
    }
    struct auth_settings s;
    char *err = NULL;
    enum auth_rc arc = auth_settings_resolve(&c->cfg, &s, &err);
    if (arc != AUTH_OK) {
        cli_error("%s", err);
        free(err);
        rc = arc == AUTH_UNREACHABLE ? CLI_UNREACHABLE : CLI_AUTH;
        goto out;
    }
    struct cognito cg;
    auth_cognito(&c->cfg, s.endpoint, s.client_id, &cg);
    cognito_sign_in(&cg, email, password, &r);
    if (r.rc == COGNITO_NEW_PASSWORD) {
        new_password = from_stdin ? prompt_stdin_line() : tty_new_password();
        if (!new_password || !*new_password) {
            cli_error("a new password is required for this account: %s",
                      from_stdin ? "give it on the second line of stdin"
                                 : "sign in again on a terminal");
            rc = CLI_AUTH;
            goto out;
        }
        char *session = r.session ? xstrdup(r.session) : xstrdup("");
        char *user = xstrdup(r.username ? r.username : email);
        cognito_result_free(&r);
        cognito_new_password(&cg, user, session, new_password, &r);
        prompt_free(session);
        free(user);
    }
    if (r.rc != COGNITO_OK) {
        rc = cognito_exit(&r);
        goto out;
    }
    rc = keep_session(c, &s, &r, email);
out:
    cognito_result_free(&r);
    prompt_free(password);
    prompt_free(new_password);
    return rc;
}

static const char LOGOUT_HELP[] =
    "usage: inventui logout\n"
    "\n"
    "Signs out everywhere (GlobalSignOut) and forgets the local session;\n"
    "the session is forgotten even when the sign-in endpoint cannot be\n"
    "reached (with a warning).\n";

int cli_logout(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(LOGOUT_HELP, stdout);
        return CLI_OK;
    }
    if (argc > 1) {
        cli_error("logout: unexpected \"%s\"", argv[1]);
        return CLI_USAGE;
    }
    struct api a;
    if (cli_open_api(c, &a) != CLI_OK)
        return CLI_USAGE;
    char *err = NULL;
    enum session_rc src = session_load(a.session_path, &a.sess, &err);
    if (src == SESSION_NONE) {
        printf("not signed in\n");
        goto forget;
    }
    if (src == SESSION_ERROR) {
        cli_error("warning: %s", err);
        free(err);
        goto forget;
    }
    a.have_session = true;
    /* GlobalSignOut needs a live access token: renew a stale one first. */
    enum api_rc rc = api_session(&a, false, &err);
    if (rc == API_OK) {
        struct cognito cg;
        auth_cognito(&c->cfg, a.sess.endpoint, a.sess.client_id, &cg);
        struct cognito_result r;
        cognito_sign_out(&cg, a.sess.access_token, &r);
        if (r.rc != COGNITO_OK)
            cli_error("warning: could not sign out at the sign-in endpoint "
                      "(%s); the local session is forgotten anyway",
                      r.message);
        cognito_result_free(&r);
    } else {
        cli_error("warning: could not sign out at the sign-in endpoint (%s); "
                  "the local session is forgotten anyway",
                  err);
        free(err);
    }
    printf("signed out\n");
forget:
    if (session_forget(a.session_path) != 0)
        cli_error("warning: could not remove %s", a.session_path);
    api_close(&a);
    return CLI_OK;
}

static const char WHOAMI_HELP[] =
    "usage: inventui whoami [--json]\n"
    "\n"
    "Shows who is signed in (email, user id, groups) and until when the\n"
    "session's ID token is valid; renews it when it is about to expire.\n";

int cli_whoami(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(WHOAMI_HELP, stdout);
        return CLI_OK;
    }
    if (argc > 1) {
        cli_error("whoami: unexpected \"%s\"", argv[1]);
        return CLI_USAGE;
    }
    struct api a;
    if (cli_open_api(c, &a) != CLI_OK)
        return CLI_USAGE;
    char *err = NULL;
    int rc = CLI_OK;
    enum api_rc arc = api_session(&a, false, &err);
    if (arc != API_OK) {
        cli_error("%s", err);
        free(err);
        rc = cli_exit_for(arc);
        goto out;
    }
    cJSON *claims = session_token_claims(a.sess.id_token);
    const cJSON *email = cJSON_GetObjectItemCaseSensitive(claims, "email");
    const cJSON *sub = cJSON_GetObjectItemCaseSensitive(claims, "sub");
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(claims,
                                                           "cognito:groups");
    int64_t exp = session_token_exp(a.sess.id_token);
    if (c->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "email", cJSON_Duplicate(email, 1));
        cJSON_AddItemToObject(o, "sub", cJSON_Duplicate(sub, 1));
        cJSON_AddItemToObject(o, "groups",
                              groups ? cJSON_Duplicate(groups, 1)
                                     : cJSON_CreateArray());
        cJSON_AddNumberToObject(o, "expiresAt", (double)exp);
        cli_print_json(o);
        cJSON_Delete(o);
    } else {
        char *e = sanitize_text(cJSON_IsString(email) ? email->valuestring : "?");
        char *s = sanitize_text(cJSON_IsString(sub) ? sub->valuestring : "?");
        char until[64];
        format_time(exp * 1000, 1, until, sizeof until);
        printf("email:   %s\nuser id: %s\ngroups: ", e, s);
        const cJSON *g;
        int n = 0;
        const cJSON *list = cJSON_IsArray(groups) ? groups : NULL;
        cJSON_ArrayForEach(g, list) {
            char *gs = sanitize_text(cJSON_IsString(g) ? g->valuestring : "?");
            printf("%s %s", n++ ? "," : "", gs);
            free(gs);
        }
        printf("%s\nvalid until: %s\n", n ? "" : " -", until);
        free(e);
        free(s);
    }
    cJSON_Delete(claims);
out:
    api_close(&a);
    return rc;
}
