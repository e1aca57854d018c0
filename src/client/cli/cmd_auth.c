/* inventui login, logout, whoami: prompting and printing around the
 * client core's sign-in flows (client/signin.h). */
#include <stdlib.h>
#include <string.h>

#include "client/cli/cli.h"
#include "client/cli/prompt.h"
#include "client/format.h"
#include "client/signin.h"
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

/* The exit code for a sign-in outcome other than SIGNIN_OK. */
static int signin_exit(enum signin_rc rc)
{
    return rc == SIGNIN_UNREACHABLE ? CLI_UNREACHABLE : CLI_AUTH;
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
    char *password = NULL, *new_password = NULL, *msg = NULL;
    struct signin_challenge ch = {0};
    struct api a;
    bool opened = false;
    int rc;
    if (!line_or_prompt(from_stdin, "Password: ", &password)) {
        cli_error(from_stdin ? "no password on stdin"
                             : "no terminal to ask for the password on: use "
                               "--password-stdin");
        rc = CLI_USAGE;
        goto out;
    }
    rc = cli_open_api(c, &a);
    if (rc != CLI_OK)
        goto out;
    opened = true;
    enum signin_rc src = signin_password(&a, email, password, &ch, &msg);
    if (src == SIGNIN_NEW_PASSWORD) {
        new_password = from_stdin ? prompt_stdin_line() : tty_new_password();
        if (!new_password || !*new_password) {
            cli_error("a new password is required for this account: %s",
                      from_stdin ? "give it on the second line of stdin"
                                 : "sign in again on a terminal");
            rc = CLI_AUTH;
            goto out;
        }
        api_deadline_start(&a); /* the time at the prompt is not counted */
        src = signin_new_password(&a, email, &ch, new_password, &msg);
    }
    if (src != SIGNIN_OK) {
        cli_error("%s", msg);
        rc = signin_exit(src);
        goto out;
    }
    char *who = sanitize_text(email);
    printf("signed in as %s\n", who);
    free(who);
    rc = CLI_OK;
out:
    if (opened)
        api_close(&a);
    signin_challenge_free(&ch);
    free(msg);
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
    char *warning = NULL, *forget_warning = NULL;
    enum signin_out_rc out = signin_sign_out_report(&a, &warning,
                                                    &forget_warning);
    if (out == SIGNIN_OUT_NONE)
        printf("not signed in\n");
    if (warning)
        cli_error("warning: %s", warning);
    if (out == SIGNIN_OUT_DONE)
        printf("signed out\n");
    if (forget_warning)
        cli_error("warning: %s", forget_warning);
    free(warning);
    free(forget_warning);
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
    struct signin_user u;
    enum api_rc arc = signin_whoami(&a, &u, &err);
    if (arc != API_OK) {
        cli_error("%s", err);
        cli_signin_hint(arc);
        free(err);
        rc = cli_exit_for(arc);
        goto out;
    }
    if (c->json) {
        cJSON *o = cJSON_CreateObject();
        if (u.email)
            cJSON_AddStringToObject(o, "email", u.email);
        if (u.sub)
            cJSON_AddStringToObject(o, "sub", u.sub);
        cJSON *groups = cJSON_AddArrayToObject(o, "groups");
        for (size_t i = 0; i < u.ngroups; i++)
            cJSON_AddItemToArray(groups, cJSON_CreateString(u.groups[i]));
        cJSON_AddNumberToObject(o, "expiresAt", (double)u.expires_at);
        cli_print_json(o);
        cJSON_Delete(o);
    } else {
        char *e = sanitize_text(u.email ? u.email : "?");
        char *s = sanitize_text(u.sub ? u.sub : "?");
        char until[64];
        format_time(u.expires_at * 1000, 1, until, sizeof until);
        printf("email:   %s\nuser id: %s\ngroups: ", e, s);
        for (size_t i = 0; i < u.ngroups; i++) {
            char *gs = sanitize_text(u.groups[i]);
            printf("%s %s", i ? "," : "", gs);
            free(gs);
        }
        printf("%s\nvalid until: %s\n", u.ngroups ? "" : " -", until);
        free(e);
        free(s);
    }
    signin_user_free(&u);
out:
    api_close(&a);
    return rc;
}
