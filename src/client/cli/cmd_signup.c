/* inventui signup, confirm: creating an account on the user pool and
 * confirming it with the mailed code. */
#include <stdlib.h>
#include <string.h>

#include "client/cli/cli.h"
#include "client/cli/prompt.h"
#include "client/signin.h"
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

/* The exit code for an account call's failure (printed here). */
static int account_failed(enum signin_rc rc, const struct signin_account *acc,
                          const char *msg)
{
    cli_error("%s", msg ? msg : "refused");
    if (rc == SIGNIN_UNREACHABLE)
        return CLI_UNREACHABLE;
    return acc->no_settings ? CLI_AUTH : CLI_REFUSED;
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
    struct api a;
    int rc = cli_open_api(c, &a);
    if (rc != CLI_OK) {
        prompt_free(password);
        return rc;
    }
    struct signin_account acc;
    char *msg = NULL;
    enum signin_rc src = signin_account_sign_up(&a, email, password, &acc,
                                                &msg);
    prompt_free(password);
    if (src != SIGNIN_OK) {
        rc = account_failed(src, &acc, msg);
    } else if (c->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "username", email);
        if (acc.user_sub)
            cJSON_AddStringToObject(o, "userSub", acc.user_sub);
        cJSON_AddBoolToObject(o, "userConfirmed", acc.confirmed);
        if (acc.destination)
            cJSON_AddStringToObject(o, "destination", acc.destination);
        cli_print_json(o);
        cJSON_Delete(o);
    } else {
        char *who = sanitize_text(email);
        if (acc.confirmed) {
            printf("signed up %s; the account is confirmed already\n", who);
        } else {
            char *to = sanitize_text(acc.destination ? acc.destination : "?");
            printf("signed up %s; a confirmation code was sent to %s\n"
                   "confirm with: inventui confirm --username %s --code "
                   "CODE\n",
                   who, to, who);
            free(to);
        }
        free(who);
    }
    free(msg);
    signin_account_free(&acc);
    api_close(&a);
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
            cli_usage_help(CONFIRM_HELP);
            return CLI_USAGE;
        }
    }
    if (!email || !*email || (!code) == !resend || (code && !*code)) {
        cli_error("confirm: give --username EMAIL and either --code CODE or "
                  "--resend");
        cli_usage_help(CONFIRM_HELP);
        return CLI_USAGE;
    }
    struct api a;
    int rc = cli_open_api(c, &a);
    if (rc != CLI_OK)
        return rc;
    struct signin_account acc;
    char *msg = NULL;
    enum signin_rc src = resend ? signin_account_resend(&a, email, &acc, &msg)
                                : signin_account_confirm(&a, email, code, &acc,
                                                         &msg);
    if (src != SIGNIN_OK) {
        bool expired = msg && strstr(msg, "expired");
        rc = account_failed(src, &acc, msg);
        if (expired && !resend)
            cli_error("a new code: inventui confirm --username EMAIL --resend");
    } else if (c->json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "username", email);
        if (resend)
            cJSON_AddStringToObject(o, "destination",
                                    acc.destination ? acc.destination : "");
        else
            cJSON_AddBoolToObject(o, "confirmed", 1);
        cli_print_json(o);
        cJSON_Delete(o);
    } else {
        char *who = sanitize_text(email);
        if (resend) {
            char *to = sanitize_text(acc.destination ? acc.destination : "?");
            printf("a new confirmation code for %s was sent to %s\n", who, to);
            free(to);
        } else {
            printf("confirmed %s; sign in with: inventui login --username "
                   "%s\n",
                   who, who);
        }
        free(who);
    }
    free(msg);
    signin_account_free(&acc);
    api_close(&a);
    return rc;
}
