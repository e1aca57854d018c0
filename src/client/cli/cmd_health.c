/* inventui health. */
#include <stdlib.h>
#include <string.h>

#include "client/cli/cli.h"
#include "common/sanitize.h"

static const char HELP[] =
    "usage: inventui health [--json]\n"
    "\n"
    "Asks the API for its health (GET /health, no sign-in needed).\n";

static void field(const cJSON *data, const char *name, const char *label)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(data, name);
    if (!cJSON_IsString(v))
        return;
    char *s = sanitize_text(v->valuestring);
    printf("%-9s %s\n", label, s);
    free(s);
}

int cli_health(struct cli *c, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(HELP, stdout);
        return CLI_OK;
    }
    if (argc > 1) {
        cli_error("health: unexpected \"%s\"", argv[1]);
        return CLI_USAGE;
    }
    struct api a;
    if (cli_open_api(c, &a) != CLI_OK)
        return CLI_USAGE;
    struct api_result res;
    api_public(&a, "GET", "/health", &res);
    int rc;
    if (res.rc != API_OK) {
        rc = cli_api_error(&res);
    } else if (!cJSON_IsString(
                   cJSON_GetObjectItemCaseSensitive(res.data, "status"))) {
        /* Not JSON, or JSON without the status every health answer has:
         * saying nothing and exiting 0 would call it healthy. */
        cli_error("the API's health answer is not JSON with a status (is "
                  "--api the inventory API?)");
        rc = CLI_UNREACHABLE;
    } else {
        rc = CLI_OK;
        if (c->json) {
            cli_print_json(res.data);
        } else {
            field(res.data, "status", "status:");
            field(res.data, "service", "service:");
            field(res.data, "version", "version:");
            field(res.data, "timestamp", "time:");
        }
    }
    api_result_free(&res);
    api_close(&a);
    return rc;
}
