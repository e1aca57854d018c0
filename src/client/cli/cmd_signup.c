/* inventui signup, confirm: creating an account on the user pool and
 * confirming it with the mailed code. */
#include <stdlib.h>
#include <string.h>

#include "client/auth.h"
#include "client/cli/cli.h"
#include "client/cli/prompt.h"
#include "client/cognito.h"
#include "common/mem.h"
#include "common/sanitize.h"

static const char SIGNUP_HELP[] =
    "usage: inventui signup --username EMAIL [--password-stdin] [--json]\n"
    "\n"
    "Creates an account whose username is its e-mail address; the user pool\n"
    "mails a confirmation code to it (inventui confirm). The password (at\n"
    "least 8 characters, upper and lower case letters and a digit) is asked\n"
    "twice on the terminal, or read from stdin's first line with\n"
    "--password-stdin.\n"
    "\n"
    "exit codes: 0 signed up, 1 the user pool refused (e.g. the account\n"
    "exists, the password is too weak), 2 usage, 3 no sign-in settings,\n"
    "4 the sign-in endpoint could not be reached\n";

static const char CONFIRM_HELP[] =
    "usage: inventui confirm --username EMAIL --code CODE [--json]\n"
    "       inventui confirm --username EMAIL --resend [--json]\n"
    "\n"
    "Confirms a new account with the code mailed at sign-up, or (--resend)\n"
    "mails a new code.\n"
    "\n"
    "exit codes: 0 done, 1 the user pool refused (wrong or expired code,\n"
    "already confirmed), 2 usage, 3 no sign-in settings, 4 the sign-in\n"
    "endpoint could not be reached\n";

/* The user pool for c's API; CLI_OK or the exit code (printed). */
static int pool(struct cli *c, struct cognito *cg, struct auth_settings *s)
{
    char *err = NULL;
    enum auth_rc arc = auth_settings_resolve(&c->cfg, s, &err);
    if (arc != AUTH_OK) {
        cli_error("%s", err);
        free(err);
        return arc == AUTH_UNREACHABLE ? CLI_UNREACHABLE : CLI_AUTH;
    }
    auth_cognito(&c->cfg, s->endpoint, s->client_id, cg);
    return CLI_OK;
}

static int pool_failed(const struct cognito_result *r, const char *doing)
{
    if (r->rc == COGNITO_UNREACHABLE) {
        cli_error("%s", r->message);
        return CLI_UNREACHABLE;
    }
    cli_error("%s: %s", doing, r->message ? r->message : "refused");
    return CLI_REFUSED;
}

static char *ask_new_password(bool from_stdin)
{
    if (from_stdin)
        return prompt_stdin_line();
    char *a = prompt_tty_secret("Password: ");
    if (!a)
        return NULL;
    char *b = prompt_tty_secret("Repeat the password: ");
    if (!b || strcmp(a, b) != 0) {
        cli_error("the two passwords differ");
        prompt_free(a);
        prompt_free(b);
        return NULL;
    }
    prompt_free(b);
    return a;
}

int cli_signup(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(SIGNUP_HELP, stdout);
        return CLI_OK;
    }
    const char *email = NULL;
    bool from_stdin = false;
    int urc = cli_user_args(SIGNUP_HELP, argc, argv, &email, &from_stdin);
    if (urc != CLI_OK)
        return urc;
    char *password = ask_new_password(from_stdin);
    if (!password || !*password) {
        cli_error(from_stdin ? "no password on stdin"
                             : "no password: use --password-stdin when there "
                               "is no terminal");
        prompt_free(password);
        return CLI_USAGE;
    }
    struct cognito cg;
    struct auth_settings s;
    int rc = pool(c, &cg, &s);
    if (rc != CLI_OK) {
        prompt_free(password);
        return rc;
    }
    struct cognito_result r;
    cognito_sign_up(&cg, email, password, &r);
    prompt_free(password);
    if (r.rc != COGNITO_OK) {
        rc = pool_failed(&r, "sign-up failed");
    } else if (c->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "username", email);
        if (r.user_sub)
            cJSON_AddStringToObject(o, "userSub", r.user_sub);
        cJSON_AddBoolToObject(o, "userConfirmed", r.user_confirmed);
        if (r.destination)
            cJSON_AddStringToObject(o, "destination", r.destination);
        cli_print_json(o);
        cJSON_Delete(o);
    } else {
        char *who = sanitize_text(email);
        if (r.user_confirmed) {
            printf("signed up %s; the account is confirmed already\n", who);
        } else {
            char *to = sanitize_text(r.destination ? r.destination : "?");
            printf("signed up %s; a confirmation code was sent to %s\n"
                   "confirm with: inventui confirm --username %s --code "
                   "CODE\n",
                   who, to, who);
            free(to);
        }
        free(who);
    }
    cognito_result_free(&r);
    return rc;
}

int cli_confirm_signup(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(CONFIRM_HELP, stdout);
        return CLI_OK;
    }
    const char *email = NULL, *code = NULL;
    bool resend = false;
    for (int i = 1; i < argc;) {
        bool missing = false;
        const char *v;
        if ((v = cli_option(argc, argv, &i, "--username", &missing))) {
            email = v;
        } else if (!missing &&
                   (v = cli_option(argc, argv, &i, "--code", &missing))) {
            code = v;
        } else if (missing) {
            cli_error("%s needs a value", argv[i - 1]);
            return CLI_USAGE;
        } else if (!strcmp(argv[i], "--resend")) {
            resend = true;
            i++;
        } else {
            cli_error("confirm: unexpected \"%s\"", argv[i]);
            fputs(CONFIRM_HELP, stderr);
            return CLI_USAGE;
        }
    }
    if (!email || !*email || (!code) == !resend || (code && !*code)) {
        cli_error("confirm: give --username EMAIL and either --code CODE or "
                  "--resend");
        fputs(CONFIRM_HELP, stderr);
        return CLI_USAGE;
    }
    struct cognito cg;
    struct auth_settings s;
    int rc = pool(c, &cg, &s);
    if (rc != CLI_OK)
        return rc;
    struct cognito_result r;
    if (resend)
        cognito_resend_code(&cg, email, &r);
    else
        cognito_confirm_sign_up(&cg, email, code, &r);
    if (r.rc != COGNITO_OK) {
        rc = pool_failed(&r, resend ? "could not send a new code"
                                    : "confirmation failed");
    } else if (c->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "username", email);
        if (resend)
            cJSON_AddStringToObject(o, "destination",
                                    r.destination ? r.destination : "");
        else
            cJSON_AddBoolToObject(o, "confirmed", 1);
        cli_print_json(o);
        cJSON_Delete(o);
    } else {
        char *who = sanitize_text(email);
        if (resend) {
            char *to = sanitize_text(r.destination ? r.destination : "?");
            printf("a new confirmation code for %s was sent to %s\n", who, to);
            free(to);
        } else {
            printf("confirmed %s; sign in with: inventui login --username "
                   "%s\n",
                   who, who);
        }
        free(who);
    }
    cognito_result_free(&r);
    return rc;
}
