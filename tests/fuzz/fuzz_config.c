/* The config files: the input written to a file and read by the server's
 * reader (server_config_load, then its checks and listen split) and the
 * client's (client_config_load), both on common/inifile. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client/config.h"
#include "fuzz/fuzz.h"
#include "server/config.h"

static char path[256];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    snprintf(path, sizeof path, "%s/inventui.conf", fuzz_tmpdir());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "w");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    chmod(path, 0600);

    struct server_config sc;
    server_config_defaults(&sc);
    char *errors = NULL;
    if (server_config_load(&sc, path, &errors) == 0) {
        free(server_config_check(&sc));
        char host[256];
        int port = 0;
        if (server_config_listen(&sc, host, sizeof host, &port) == 0)
            FUZZ_ASSERT(port >= 0 && port <= 65535);
    } else {
        FUZZ_ASSERT(errors && *errors);
    }
    free(errors);

    struct client_config cc;
    char *err = NULL;
    if (client_config_load(&cc, path, &err) != 0)
        FUZZ_ASSERT(err && *err);
    free(err);
    return 0;
}
