#include "ui/screen.h"

#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "common/fatal.h"
#include "ui/theme.h"

static bool ACTIVE;

static void restore_on_fatal(void)
{
    screen_stop();
}

int screen_start(void)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return -1;
    /* Esc must answer at once, not after curses' default second. */
    set_escdelay(25);
    if (!initscr())
        return -1;
    ACTIVE = true;
    fatal_set_hook(restore_on_fatal);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    curs_set(0);
    leaveok(stdscr, FALSE);
    theme_init();
    return 0;
}

void screen_stop(void)
{
    if (!ACTIVE)
        return;
    ACTIVE = false;
    fatal_set_hook(NULL);
    curs_set(1);
    endwin();
    fflush(stdout);
}
