/* tui_main — the full-screen client's entry: `inventui` with no command on a
 * terminal, and `inventui --demo` (the bundled server started inside the
 * process on its private data dir, the sign-in screen prefilled with the
 * demo admin). */
#ifndef INVENTUI_UI_TUI_H
#define INVENTUI_UI_TUI_H

#include <stdbool.h>

#include "client/config.h"

struct tui_options {
    bool demo;       /* --demo */
    bool demo_reset; /* --demo-reset: the demo data dir afresh */
};

/* Runs the TUI with cfg (its api_url is set unless demo); returns the
 * exit status: 0 after `q`, 1 when it cannot start (said on stderr). */
int tui_main(struct client_config *cfg, const struct tui_options *o);

#endif
