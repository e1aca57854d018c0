#include "client/cli/prompt.h"

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "common/strbuf.h"

void prompt_free(char *secret)
{
    if (secret) {
        explicit_bzero(secret, strlen(secret));
        free(secret);
    }
}

/* Reads one line from fd byte by byte (no stdio buffer keeps a copy). */
static char *read_line(int fd)
{
    struct strbuf sb = {0};
    char ch;
    ssize_t n;
    bool any = false;
    while ((n = read(fd, &ch, 1)) == 1) {
        any = true;
        if (ch == '\n')
            break;
        strbuf_append(&sb, &ch, 1);
    }
    if (!any) {
        strbuf_free(&sb);
        return NULL;
    }
    char *s = strbuf_detach(&sb, NULL);
    size_t len = strlen(s);
    if (len && s[len - 1] == '\r')
        s[len - 1] = '\0';
    return s;
}

char *prompt_stdin_line(void)
{
    return read_line(STDIN_FILENO);
}

static struct termios saved;
static volatile sig_atomic_t tty_fd = -1;

/* ^C while echo is off must not leave the terminal silent. */
static void restore_and_die(int sig)
{
    if (tty_fd >= 0)
        tcsetattr(tty_fd, TCSAFLUSH, &saved);
    signal(sig, SIG_DFL);
    raise(sig);
}

char *prompt_tty_secret(const char *question)
{
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    if (tcgetattr(fd, &saved) != 0) {
        close(fd);
        return NULL;
    }
    struct termios quiet = saved;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    quiet.c_lflag |= ICANON;
    tty_fd = fd;
    void (*old_int)(int) = signal(SIGINT, restore_and_die);
    void (*old_term)(int) = signal(SIGTERM, restore_and_die);
    (void)!write(fd, question, strlen(question));
    tcsetattr(fd, TCSAFLUSH, &quiet);
    char *line = read_line(fd);
    tcsetattr(fd, TCSAFLUSH, &saved);
    (void)!write(fd, "\n", 1);
    signal(SIGINT, old_int);
    signal(SIGTERM, old_term);
    tty_fd = -1;
    close(fd);
    return line;
}

int prompt_confirm(const char *question)
{
    if (!isatty(STDIN_FILENO))
        return -1;
    fprintf(stderr, "%s [y/N] ", question);
    fflush(stderr);
    char *line = read_line(STDIN_FILENO);
    int yes = line && (!strcmp(line, "y") || !strcmp(line, "Y") ||
                       !strcmp(line, "yes") || !strcmp(line, "YES"));
    free(line);
    return yes;
}
