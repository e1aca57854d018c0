/* Global flags, the config file, the command table, and how errors reach
 * stderr: a line each for a person, or with --json one JSON object. */
#include "client/cli/cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client/format.h"
#include "common/mem.h"
#include "common/sanitize.h"
#include "common/strbuf.h"

struct command {
    const char *name;
    int (*run)(struct cli *c, int argc, char **argv);
    const char *summary;
};

static const struct command COMMANDS[] = {
    {"login", cli_login, "sign in (--username EMAIL [--password-stdin])"},
    {"logout", cli_logout, "sign out everywhere and forget the session"},
    {"whoami", cli_whoami, "who is signed in, and until when"},
    {"health", cli_health, "the API's health"},
    {"signup", cli_signup, "create an account (--username EMAIL)"},
    {"confirm", cli_confirm_signup,
     "confirm an account (--username EMAIL --code CODE | --resend)"},
    {"products", cli_products,
     "products list | get | create | update | delete"},
    {"orders", cli_orders, "orders create | list | get | cancel"},
    {"dlq", cli_dlq, "dead-letter queue: list | show | redrive | delete"},
    {"queues", cli_queues, "order queue and DLQ counts (admin)"},
    {"audit", cli_audit, "who redrove or deleted DLQ messages (admin)"},
    {NULL, NULL, NULL},
};

/* The flags every client command accepts, and the setting each sets. */
static const struct {
    const char *flag, *section, *name;
} GLOBALS[] = {
    {"--api", "api", "url"},
    {"--cognito-endpoint", "cognito", "endpoint"},
    {"--region", "cognito", "region"},
    {"--client-id", "cognito", "client_id"},
    {"--theme", "ui", "theme"},
};

/* With --json a command's errors are gathered here and printed as one
 * object when it ends (cli_errors_end): cli_error gives no context to
 * keep them in, and one run is one command. */
static struct {
    bool json;
    char *code;           /* the API's error code, or NULL */
    struct strbuf message; /* the sentences, one a line, sanitised */
    cJSON *details;       /* the API's details, or NULL */
} errs;

void cli_error(const char *fmt, ...)
{
    struct strbuf sb = {0};
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    char *clean = sanitize_text(sb.buf);
    if (errs.json)
        strbuf_printf(&errs.message, "%s%s", errs.message.len ? "\n" : "",
                      clean);
    else
        fprintf(stderr, "inventui: %s\n", clean);
    free(clean);
    strbuf_free(&sb);
}

void cli_usage_help(const char *help)
{
    if (!errs.json)
        fputs(help, stderr);
}

/* The code of an error the API did not name, from the exit status. */
static const char *code_for_exit(int rc)
{
    switch (rc) {
    case CLI_REFUSED:
        return "REFUSED";
    case CLI_USAGE:
        return "USAGE";
    case CLI_AUTH:
        return "UNAUTHORIZED";
    default:
        return "UNREACHABLE";
    }
}

/* Ends the run's error reporting: with --json and a failure (rc), one
 * {"error":{code, message, details}} line on stderr; what a success
 * gathered (warnings) goes out as lines. */
static int cli_errors_end(int rc)
{
    if (errs.json && rc != CLI_OK) {
        cJSON *root = cJSON_CreateObject();
        cJSON *e = cJSON_AddObjectToObject(root, "error");
        cJSON_AddStringToObject(e, "code",
                                errs.code ? errs.code : code_for_exit(rc));
        cJSON_AddStringToObject(e, "message",
                                errs.message.len ? errs.message.buf : "failed");
        if (errs.details)
            cJSON_AddItemToObject(e, "details", errs.details);
        else
            cJSON_AddNullToObject(e, "details");
        errs.details = NULL;
        char *text = cJSON_PrintUnformatted(root);
        if (text)
            fprintf(stderr, "%s\n", text);
        free(text);
        cJSON_Delete(root);
    } else if (errs.message.len) {
        for (const char *line = errs.message.buf; *line;) {
            size_t n = strcspn(line, "\n");
            fprintf(stderr, "inventui: %.*s\n", (int)n, line);
            line += n + (line[n] == '\n');
        }
    }
    free(errs.code);
    cJSON_Delete(errs.details);
    strbuf_free(&errs.message);
    memset(&errs, 0, sizeof errs);
    return rc;
}

int cli_exit_for(enum api_rc rc)
{
    switch (rc) {
    case API_OK:
        return CLI_OK;
    case API_REFUSED:
        return CLI_REFUSED;
    case API_UNAUTH:
        return CLI_AUTH;
    case API_UNREACHABLE:
        return CLI_UNREACHABLE;
    }
    return CLI_UNREACHABLE;
}

void cli_signin_hint(enum api_rc rc)
{
    if (rc == API_UNAUTH)
        cli_error("sign in with: inventui login --username EMAIL");
}

int cli_api_error(const struct api_result *res)
{
    if (errs.json) {
        /* The code and details as the API gave them, beside the message. */
        cli_error("%s", res->message ? res->message : "failed");
        if (res->code && !errs.code)
            errs.code = xstrdup(res->code);
        if (res->details && !errs.details)
            errs.details = cJSON_Duplicate(res->details, true);
        cli_signin_hint(res->rc);
        return cli_exit_for(res->rc);
    }
    if (res->code)
        cli_error("%s (%s)", res->message ? res->message : "failed",
                  res->code);
    else
        cli_error("%s", res->message ? res->message : "failed");
    const cJSON *d;
    const cJSON *details = cJSON_IsArray(res->details) ? res->details : NULL;
    cJSON_ArrayForEach(d, details) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(d, "field");
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(d, "message");
        char *fs = sanitize_text(cJSON_IsString(f) ? f->valuestring : "?");
        char *ms = sanitize_text(cJSON_IsString(m) ? m->valuestring : "");
        fprintf(stderr, "  %s: %s\n", fs, ms);
        free(fs);
        free(ms);
    }
    /* An object says more about the refusal, e.g. {requested, available}
     * for INSUFFICIENT_STOCK or {status} for an order not cancellable. */
    const cJSON *facts = cJSON_IsObject(res->details) ? res->details : NULL;
    cJSON_ArrayForEach(d, facts) {
        char num[32];
        const char *v = cJSON_IsString(d) ? d->valuestring : NULL;
        if (cJSON_IsNumber(d)) {
            snprintf(num, sizeof num, "%.15g", d->valuedouble);
            v = num;
        }
        if (!v || !d->string)
            continue;
        char *ks = sanitize_text(d->string);
        char *vs = sanitize_text(v);
        fprintf(stderr, "  %s: %s\n", ks, vs);
        free(ks);
        free(vs);
    }
    cli_signin_hint(res->rc);
    return cli_exit_for(res->rc);
}

void cli_print_json(const cJSON *json)
{
    char *text = cJSON_PrintUnformatted(json);
    if (text) {
        fputs(text, stdout);
        fputc('\n', stdout);
    }
    free(text);
}

bool cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return true;
    return false;
}

const char *cli_option(int argc, char **argv, int *i, const char *name,
                       bool *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    *missing = false;
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=') {
        (*i)++;
        return a + n + 1;
    }
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        (*i)++;
        return NULL;
    }
    *i += 2;
    return argv[*i - 1];
}

static void usage(FILE *to)
{
    fputs("usage: inventui [GLOBAL FLAGS] [COMMAND [ARGS]]\n"
          "\n"
          "Without a command, on a terminal: the full-screen client.\n"
          "\ncommands:\n", to);
    for (const struct command *c = COMMANDS; c->name; c++)
        fprintf(to, "  %-9s %s\n", c->name, c->summary);
    fputs("  serve     run the bundled inventory server\n"
          "  user      manage the bundled server's users\n"
          "\n"
          "global flags (before or after the command):\n"
          "  --api URL               the inventory API (config: [api] url)\n"
          "  --cognito-endpoint URL  the Cognito endpoint ([cognito] endpoint)\n"
          "  --region R              the AWS region ([cognito] region)\n"
          "  --client-id ID          the app client id ([cognito] client_id)\n"
          "  --config FILE           instead of\n"
          "                          $XDG_CONFIG_HOME/inventui/inventui.conf\n"
          "  --json                  print the data as JSON\n"
          "  --offline-ok            when the API cannot be reached, show\n"
          "                          cached data (with a note on stderr)\n"
          "  --demo                  the full-screen client with the bundled\n"
          "                          server and its demo shop, in this process\n"
          "  --demo-reset            the same, with the demo data afresh\n"
          "  --theme NAME            the full-screen client's colours\n"
          "                          ([ui] theme): default, dark, light,\n"
          "                          high-contrast, colorblind, mono, or a\n"
          "                          file's path\n"
          "  --readonly              the full-screen client offers no action\n"
          "                          that changes data ([ui] readonly)\n"
          "\n"
          "Against the bundled server --api URL is enough: the sign-in\n"
          "settings come from its GET /config.\n"
          "\n"
          "exit codes: 0 ok, 1 the API refused, 2 usage, 3 not signed in or\n"
          "sign-in failed, 4 the API or sign-in endpoint could not be reached\n"
          "\n"
          "  inventui COMMAND --help   help on one command\n"
          "  inventui --version        the version\n",
          to);
}

/* Scripts must never get stale data silently: one note per run, on
 * stderr, with the fetch time of the first cached answer. */
static void on_cached(void *user, int64_t fetched_at_ms)
{
    struct cli *c = user;
    if (c->told_offline)
        return;
    c->told_offline = true;
    char when[64], age[32];
    format_time(fetched_at_ms, 1, when, sizeof when);
    format_age((int64_t)time(NULL) * 1000 - fetched_at_ms, age, sizeof age);
    fprintf(stderr, "inventui: the API cannot be reached; showing data "
                    "cached at %s (%s ago)\n", when, age);
}

/* "inventui: " + prefix + msg sanitised, on stderr at once, also with
 * --json: notes, not the command's error. */
static void note(const char *prefix, const char *msg)
{
    char *clean = sanitize_text(msg);
    fprintf(stderr, "inventui: %s%s\n", prefix, clean);
    free(clean);
}

static void on_warning(void *user, const char *msg)
{
    (void)user;
    note("warning: ", msg);
}

/* A person waiting at a terminal hears why nothing has come yet; a
 * script's log gets only the outcome. */
static void on_retrying(void *user, const char *msg)
{
    (void)user;
    if (isatty(STDERR_FILENO))
        note("", msg);
}

/* Takes the global flags out of argv (wherever they are) into c and
 * *config; the rest stays in order. -1 on a flag without its value. */
static int take_globals(struct cli *c, int *argc, char **argv,
                        const char **config, const char **values)
{
    int out = 1;
    for (int i = 1; i < *argc;) {
        bool missing = false, matched = false;
        const char *v = cli_option(*argc, argv, &i, "--config", &missing);
        if (v || missing) {
            if (missing) {
                cli_error("--config needs a value");
                return -1;
            }
            *config = v;
            continue;
        }
        for (size_t g = 0; g < sizeof GLOBALS / sizeof *GLOBALS; g++) {
            v = cli_option(*argc, argv, &i, GLOBALS[g].flag, &missing);
            if (missing) {
                cli_error("%s needs a value", GLOBALS[g].flag);
                return -1;
            }
            if (v) {
                values[g] = v;
                matched = true;
                break;
            }
        }
        if (matched)
            continue;
        if (!strcmp(argv[i], "--json")) {
            c->json = true;
            i++;
            continue;
        }
        if (!strcmp(argv[i], "--offline-ok")) {
            c->offline_ok = true;
            i++;
            continue;
        }
        if (!strcmp(argv[i], "--readonly")) {
            c->readonly = true;
            i++;
            continue;
        }
        if (!strcmp(argv[i], "--demo") || !strcmp(argv[i], "--demo-reset")) {
            c->demo = true;
            c->demo_reset |= !strcmp(argv[i], "--demo-reset");
            i++;
            continue;
        }
        argv[out++] = argv[i++];
    }
    *argc = out;
    argv[out] = NULL;
    return 0;
}

/* One problem a line, as the loader reports them; each line sanitised
 * (a file name or value may hold anything). */
static void print_config_errors(const char *errors)
{
    if (errs.json)
        cli_error("bad configuration:");
    else
        fputs("inventui: bad configuration:\n", stderr);
    for (const char *line = errors; *line;) {
        size_t n = strcspn(line, "\n");
        char *one = xstrndup(line, n);
        char *clean = sanitize_text(one);
        if (errs.json)
            strbuf_printf(&errs.message, "\n  %s", clean);
        else
            fprintf(stderr, "  %s\n", clean);
        free(clean);
        free(one);
        line += n;
        if (*line == '\n')
            line++;
    }
}

/* The config file, then the global flags over it. */
static int load_config(struct cli *c, const char *config, const char **values)
{
    char *err = NULL;
    if (client_config_load(&c->cfg, config, &err) != 0) {
        print_config_errors(err);
        free(err);
        return CLI_USAGE;
    }
    for (size_t g = 0; g < sizeof GLOBALS / sizeof *GLOBALS; g++) {
        if (!values[g])
            continue;
        err = client_config_set(&c->cfg, GLOBALS[g].section, GLOBALS[g].name,
                                values[g]);
        if (err) {
            cli_error("%s: %s", GLOBALS[g].flag, err);
            free(err);
            return CLI_USAGE;
        }
    }
    c->cfg.offline_ok = c->offline_ok;
    if (c->readonly)
        c->cfg.readonly = true;
    return CLI_OK;
}

static void no_api_url(const struct cli *c)
{
    cli_error("no API URL: give --api URL or set [api] url in %s (or try "
              "the demo: inventui --demo)",
              c->cfg.path[0] ? c->cfg.path : "the config file");
}

/* `inventui` alone on a terminal: the full-screen client. */
static int run_screen(struct cli *c, const char *config, const char **values,
                      cli_screen_fn screen)
{
    if (load_config(c, config, values) != CLI_OK)
        return CLI_USAGE;
    if (!c->demo && !c->cfg.api_url[0]) {
        no_api_url(c);
        return CLI_USAGE;
    }
    return screen(&c->cfg, c->demo, c->demo_reset);
}

static int run(int argc, char **argv, cli_screen_fn screen);

int cli_main(int argc, char **argv, cli_screen_fn screen)
{
    /* Before the flags are read: their own errors are JSON too. */
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--json"))
            errs.json = true;
    return cli_errors_end(run(argc, argv, screen));
}

static int run(int argc, char **argv, cli_screen_fn screen)
{
    struct cli c = {0};
    const struct client_notices notices = {.cached = on_cached,
                                           .warning = on_warning,
                                           .retrying = on_retrying,
                                           .user = &c};
    const char *config = NULL;
    const char *values[sizeof GLOBALS / sizeof *GLOBALS] = {0};
    if (take_globals(&c, &argc, argv, &config, values) != 0)
        return CLI_USAGE;
    if (argc < 2) {
        if (screen && (c.demo || (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))))
            return run_screen(&c, config, values, screen);
        if (errs.json)
            cli_error("no command given; see inventui --help");
        else
            usage(stderr);
        return CLI_USAGE;
    }
    if (c.demo) {
        cli_error("--demo opens the full-screen client: give no command");
        return CLI_USAGE;
    }
    if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
        !strcmp(argv[1], "-h")) {
        usage(stdout);
        return CLI_OK;
    }
    /* Only the full-screen client has a read-only mode: taking the flag
     * on a command would promise a guard that is not there. */
    if (c.readonly) {
        cli_error("--readonly is for the full-screen client: give no "
                  "command");
        return CLI_USAGE;
    }
    const struct command *cmd = COMMANDS;
    while (cmd->name && strcmp(cmd->name, argv[1]) != 0)
        cmd++;
    if (!cmd->name) {
        cli_error("unknown command \"%s\"", argv[1]);
        if (!errs.json)
            usage(stderr);
        return CLI_USAGE;
    }
    /* Help needs no config: commands print it before looking at c. */
    if (!cli_wants_help(argc - 1, argv + 1)) {
        if (load_config(&c, config, values) != CLI_OK)
            return CLI_USAGE;
        c.cfg.notices = &notices;
        if (!c.cfg.api_url[0]) {
            no_api_url(&c);
            return CLI_USAGE;
        }
    }
    return cmd->run(&c, argc - 1, argv + 1);
}
