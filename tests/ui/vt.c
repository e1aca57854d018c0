/* vt — a program in a pseudo-terminal, its screen read with libvterm. */
#include "ui/vt.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vterm.h>

#include "common/mem.h"
#include "common/strbuf.h"
#include "common/timeutil.h"

/* A thread reads the pty all the time, as a terminal does, so the
 * program never blocks on a full pty (about 20 KB on Linux: one full
 * repaint) while the test waits on something else. What it reads waits
 * in `pending` until the test's thread feeds it to libvterm in a vt_*
 * call: the screen changes only there. */
struct vt {
    VTerm *vt;
    VTermScreen *screen;
    int fd;              /* the pty's master side */
    pid_t pid;
    bool eof;            /* all output is in the screen, and no more comes */
    bool exited;
    int status;          /* exit code or 128 + signal, once exited */
    struct strbuf raw;   /* everything fed to the screen */
    struct strbuf reply; /* what the terminal answers, not yet written */
    bool altscreen, cursor_visible;
    char *title;

    pthread_t reader;
    int stop[2];         /* a pipe: closing its write end ends the reader */
    pthread_mutex_t mu;
    pthread_cond_t cond; /* signalled when pending grows or closed is set */
    /* under mu: */
    struct strbuf pending;
    bool closed;         /* the reader saw EIO: no program holds the pty */
    int64_t last_read_ms;
};

static int on_termprop(VTermProp prop, VTermValue *val, void *user)
{
    struct vt *t = user;
    switch (prop) {
    case VTERM_PROP_ALTSCREEN:
        t->altscreen = val->boolean;
        break;
    case VTERM_PROP_CURSORVISIBLE:
        t->cursor_visible = val->boolean;
        break;
    case VTERM_PROP_TITLE: /* libvterm 0.1.4 passes the whole title */
        free(t->title);
        t->title = xstrdup(val->string ? val->string : "");
        break;
    default:
        break;
    }
    return 1;
}

/* Called inside vterm_input_write (a query's answer) or
 * vterm_keyboard_key: collect, write once libvterm has returned. */
static void on_output(const char *s, size_t len, void *user)
{
    struct vt *t = user;
    strbuf_append(&t->reply, s, len);
}

static const VTermScreenCallbacks screen_cbs = {
    .settermprop = on_termprop,
};

/* The child's environment: ours, minus unset and the names env sets,
 * plus the defaults env does not override, plus env. Built before fork
 * so the child only calls exec. The array is malloc'd, its strings are
 * borrowed. */
static bool env_names(const char *const *list, const char *entry, bool with_eq)
{
    size_t n = strcspn(entry, "=");
    for (const char *const *l = list; l && *l; l++) {
        size_t m = with_eq ? strcspn(*l, "=") : strlen(*l);
        if (m == n && strncmp(*l, entry, n) == 0)
            return true;
    }
    return false;
}

static const char **child_env(const char *const env[], const char *const unset[])
{
    static const char *const defaults[] = {
        "TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", NULL};
    static const char *const drop[] = {"LINES", "COLUMNS", NULL};
    size_t n = 0;
    for (char **e = environ; *e; e++)
        n++;
    for (const char *const *e = env; e && *e; e++)
        n++;
    const char **out = xcalloc(n + 4, sizeof *out);
    size_t k = 0;
    for (char **e = environ; *e; e++)
        if (!env_names(unset, *e, false) && !env_names(drop, *e, false) &&
            !env_names(env, *e, true) && !env_names(defaults, *e, true))
            out[k++] = *e;
    for (const char *const *d = defaults; *d; d++)
        if (!env_names(env, *d, true))
            out[k++] = *d;
    for (const char *const *e = env; e && *e; e++)
        out[k++] = *e;
    out[k] = NULL;
    return out;
}

static void *read_pty(void *arg)
{
    struct vt *t = arg;
    char buf[16384];
    for (;;) {
        struct pollfd p[2] = {{.fd = t->fd, .events = POLLIN},
                              {.fd = t->stop[0], .events = POLLIN}};
        if (poll(p, 2, -1) < 0)
            continue;
        if (p[1].revents)
            return NULL;
        ssize_t n = read(t->fd, buf, sizeof buf);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        pthread_mutex_lock(&t->mu);
        if (n > 0) {
            strbuf_append(&t->pending, buf, (size_t)n);
            t->last_read_ms = time_mono_ms();
        } else {
            t->closed = true; /* EIO: every slave fd is closed */
        }
        pthread_cond_broadcast(&t->cond);
        pthread_mutex_unlock(&t->mu);
        if (n <= 0)
            return NULL;
    }
}

static void start_reader(struct vt *t)
{
    ck_assert_int_eq(pipe2(t->stop, O_CLOEXEC), 0);
    pthread_mutex_init(&t->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&t->cond, &ca);
    pthread_condattr_destroy(&ca);
    ck_assert_int_eq(pthread_create(&t->reader, NULL, read_pty, t), 0);
}

static void stop_reader(struct vt *t)
{
    close(t->stop[1]);
    pthread_join(t->reader, NULL);
    close(t->stop[0]);
    pthread_cond_destroy(&t->cond);
    pthread_mutex_destroy(&t->mu);
    strbuf_free(&t->pending);
}

struct vt *vt_spawn(int rows, int cols, const char *const argv[],
                    const char *const env[], const char *const unset[])
{
    ck_assert_msg(rows > 0 && cols > 0 && argv && argv[0], "vt_spawn: bad arguments");
    struct vt *t = xcalloc(1, sizeof *t);
    t->cursor_visible = true;
    t->title = xstrdup("");
    t->vt = vterm_new(rows, cols);
    ck_assert_ptr_nonnull(t->vt);
    vterm_set_utf8(t->vt, 1);
    vterm_output_set_callback(t->vt, on_output, t);
    t->screen = vterm_obtain_screen(t->vt);
    vterm_screen_set_callbacks(t->screen, &screen_cbs, t);
    vterm_screen_enable_altscreen(t->screen, 1);
    vterm_screen_reset(t->screen, 1);

    const char **envp = child_env(env, unset);
    struct winsize ws = {.ws_row = (unsigned short)rows,
                         .ws_col = (unsigned short)cols};
    pid_t parent = getpid();
    t->pid = forkpty(&t->fd, NULL, NULL, &ws);
    if (t->pid == 0) {
        /* Die with the test, even when Check times it out and never
         * reaches vt_free. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(127);
        close_range(3, ~0U, 0);
        /* A terminal program starts with the usual signals. */
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int sig = 1; sig < NSIG; sig++)
            signal(sig, SIG_DFL);
        execvpe(argv[0], (char *const *)argv, (char *const *)envp);
        _exit(127);
    }
    free(envp);
    ck_assert_msg(t->pid > 0, "forkpty: %s", strerror(errno));
    fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
    fcntl(t->fd, F_SETFD, FD_CLOEXEC);
    start_reader(t);
    return t;
}

/* Feeds what the reader has read to the screen; true if anything came.
 * Answers to queries wait in t->reply. */
static bool feed(struct vt *t)
{
    pthread_mutex_lock(&t->mu);
    size_t len = t->pending.len;
    char *bytes = len ? strbuf_detach(&t->pending, NULL) : NULL;
    bool closed = t->closed;
    pthread_mutex_unlock(&t->mu);
    if (bytes) {
        strbuf_append(&t->raw, bytes, len);
        vterm_input_write(t->vt, bytes, len);
        free(bytes);
    }
    t->eof = closed;
    return len > 0;
}

/* Writes all of data to the terminal; false if the program has let go of
 * it or has not read its input for 10 s. */
static bool write_all(struct vt *t, const char *data, size_t len)
{
    int64_t deadline = time_mono_ms() + 10000;
    while (len > 0) {
        ssize_t n = write(t->fd, data, len);
        if (n > 0) {
            data += n;
            len -= (size_t)n;
        } else if (n < 0 && errno == EAGAIN) {
            if (time_mono_ms() > deadline)
                return false;
            struct pollfd p = {.fd = t->fd, .events = POLLOUT};
            poll(&p, 1, 100);
        } else if (n < 0 && errno != EINTR) {
            return false;
        }
    }
    return true;
}

static void flush_reply(struct vt *t)
{
    while (t->reply.len > 0) {
        size_t len;
        char *r = strbuf_detach(&t->reply, &len);
        write_all(t, r, len);
        free(r);
    }
}

void vt_pump(struct vt *t)
{
    feed(t);
    flush_reply(t);
}

/* Waits up to ms for output and feeds it; true if any came. */
static bool pump_wait(struct vt *t, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    long long ns = until.tv_nsec + (long long)(ms < 0 ? 0 : ms) * 1000000;
    until.tv_sec += (time_t)(ns / 1000000000);
    until.tv_nsec = (long)(ns % 1000000000);
    pthread_mutex_lock(&t->mu);
    while (t->pending.len == 0 && !t->closed &&
           pthread_cond_timedwait(&t->cond, &t->mu, &until) == 0)
        ;
    pthread_mutex_unlock(&t->mu);
    if (t->eof) /* nothing more will come: just let the time pass */
        poll(NULL, 0, ms < 0 ? 0 : ms);
    bool got = feed(t);
    flush_reply(t);
    return got;
}

void vt_send(struct vt *t, const char *bytes)
{
    vt_pump(t);
    if (!write_all(t, bytes, strlen(bytes)))
        vt_fail(t, "cannot type: the program no longer reads the terminal");
}

void vt_key(struct vt *t, enum vt_key key)
{
    static const VTermKey map[] = {
        [VT_UP] = VTERM_KEY_UP,         [VT_DOWN] = VTERM_KEY_DOWN,
        [VT_LEFT] = VTERM_KEY_LEFT,     [VT_RIGHT] = VTERM_KEY_RIGHT,
        [VT_HOME] = VTERM_KEY_HOME,     [VT_END] = VTERM_KEY_END,
        [VT_PGUP] = VTERM_KEY_PAGEUP,   [VT_PGDN] = VTERM_KEY_PAGEDOWN,
        [VT_INSERT] = VTERM_KEY_INS,    [VT_DELETE] = VTERM_KEY_DEL,
    };
    ck_assert_msg((unsigned)key < sizeof map / sizeof map[0], "vt_key: bad key");
    vt_pump(t); /* the mode is the one the program set last */
    vterm_keyboard_key(t->vt, map[key], VTERM_MOD_NONE);
    if (t->eof)
        vt_fail(t, "cannot type: the program no longer reads the terminal");
    flush_reply(t);
}

/* Appends code point c as UTF-8. */
static void put_utf8(struct strbuf *sb, uint32_t c)
{
    char b[4];
    size_t n;
    if (c < 0x80) {
        b[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        b[0] = (char)(0xc0 | (c >> 6));
        b[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        b[0] = (char)(0xe0 | (c >> 12));
        b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        b[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        b[0] = (char)(0xf0 | (c >> 18));
        b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((c >> 6) & 0x3f));
        b[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    }
    strbuf_append(sb, b, n);
}

/* libvterm marks the right half of a wide character with this. */
#define WIDE_RIGHT ((uint32_t)-1)

/* Row r's text; if cols, *cols[i] is the column of the cell byte i
 * belongs to (caller frees both). Trailing spaces are kept. */
static char *row_text(struct vt *t, int r, int **cols)
{
    int rows, ncols;
    vterm_get_size(t->vt, &rows, &ncols);
    struct strbuf sb = {0};
    size_t cap = 0;
    int *map = NULL;
    for (int c = 0; c < ncols; c++) {
        VTermScreenCell cell;
        vterm_screen_get_cell(t->screen, (VTermPos){r, c}, &cell);
        if (cell.chars[0] == WIDE_RIGHT)
            continue;
        size_t before = sb.len;
        if (cell.chars[0] == 0)
            strbuf_append(&sb, " ", 1);
        for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i]; i++)
            put_utf8(&sb, cell.chars[i]);
        if (cols) {
            if (sb.len + 1 > cap) {
                cap = (sb.len + 1) * 2;
                map = xrealloc(map, cap * sizeof *map);
            }
            for (size_t i = before; i < sb.len; i++)
                map[i] = c;
            map[sb.len] = c + 1;
        }
    }
    if (cols) {
        if (!map) {
            map = xmalloc(sizeof *map);
            map[0] = 0;
        }
        *cols = map;
    }
    return strbuf_detach(&sb, NULL);
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
}

char *vt_row(struct vt *t, int r)
{
    int rows, cols;
    vterm_get_size(t->vt, &rows, &cols);
    if (r < 0 || r >= rows)
        return xstrdup("");
    char *s = row_text(t, r, NULL);
    trim(s);
    return s;
}

char *vt_screen(struct vt *t)
{
    int rows, cols;
    vterm_get_size(t->vt, &rows, &cols);
    struct strbuf sb = {0};
    for (int r = 0; r < rows; r++) {
        char *row = vt_row(t, r);
        strbuf_puts(&sb, row);
        if (r + 1 < rows)
            strbuf_append(&sb, "\n", 1);
        free(row);
    }
    return strbuf_detach(&sb, NULL);
}

bool vt_find(struct vt *t, const char *text, int *row, int *col)
{
    int rows, cols;
    vterm_get_size(t->vt, &rows, &cols);
    for (int r = 0; r < rows; r++) {
        int *map;
        char *s = row_text(t, r, &map);
        const char *hit = strstr(s, text);
        if (hit) {
            if (row)
                *row = r;
            if (col)
                *col = map[hit - s];
        }
        free(s);
        free(map);
        if (hit)
            return true;
    }
    return false;
}

static bool on_screen(struct vt *t, const char *text)
{
    char *s = vt_screen(t);
    bool yes = strstr(s, text) != NULL;
    free(s);
    return yes;
}

/* Pumps output until on_screen(text) == want or timeout_ms passes. */
static bool wait_for(struct vt *t, const char *text, bool want, int timeout_ms)
{
    int64_t deadline = time_mono_ms() + timeout_ms;
    vt_pump(t);
    for (;;) {
        if (on_screen(t, text) == want)
            return true;
        int64_t left = deadline - time_mono_ms();
        if (left <= 0 || t->eof)
            return false;
        pump_wait(t, (int)left);
    }
}

bool vt_wait_text(struct vt *t, const char *text, int timeout_ms)
{
    return wait_for(t, text, true, timeout_ms);
}

bool vt_wait_gone(struct vt *t, const char *text, int timeout_ms)
{
    return wait_for(t, text, false, timeout_ms);
}

bool vt_settle(struct vt *t, int quiet_ms, int timeout_ms)
{
    int64_t start = time_mono_ms();
    vt_pump(t);
    for (;;) {
        pthread_mutex_lock(&t->mu);
        int64_t last = t->last_read_ms > start ? t->last_read_ms : start;
        pthread_mutex_unlock(&t->mu);
        int64_t now = time_mono_ms();
        if (now - last >= quiet_ms || t->eof) {
            vt_pump(t);
            return true;
        }
        if (now - start >= timeout_ms)
            return false;
        int64_t wait = quiet_ms - (now - last);
        if (wait > timeout_ms - (now - start))
            wait = timeout_ms - (now - start);
        pump_wait(t, (int)wait);
    }
}

static int color_of(const VTermColor *c, bool fg)
{
    if (fg ? VTERM_COLOR_IS_DEFAULT_FG(c) : VTERM_COLOR_IS_DEFAULT_BG(c))
        return VT_COLOR_DEFAULT;
    if (VTERM_COLOR_IS_INDEXED(c))
        return c->indexed.idx;
    return VT_COLOR_RGB;
}

void vt_cell(struct vt *t, int row, int col, struct vt_cell *out)
{
    int rows, cols;
    vterm_get_size(t->vt, &rows, &cols);
    row = row < 0 ? 0 : row >= rows ? rows - 1 : row;
    col = col < 0 ? 0 : col >= cols ? cols - 1 : col;
    VTermScreenCell cell;
    vterm_screen_get_cell(t->screen, (VTermPos){row, col}, &cell);
    memset(out, 0, sizeof *out);
    if (cell.chars[0] != WIDE_RIGHT) {
        struct strbuf sb = {0};
        for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i]; i++)
            put_utf8(&sb, cell.chars[i]);
        snprintf(out->text, sizeof out->text, "%s", sb.buf ? sb.buf : "");
        strbuf_free(&sb);
    }
    out->width = cell.width;
    out->bold = cell.attrs.bold;
    out->underline = cell.attrs.underline != VTERM_UNDERLINE_OFF;
    out->italic = cell.attrs.italic;
    out->blink = cell.attrs.blink;
    out->reverse = cell.attrs.reverse;
    out->strike = cell.attrs.strike;
    out->fg = color_of(&cell.fg, true);
    out->bg = color_of(&cell.bg, false);
}

void vt_size(const struct vt *t, int *rows, int *cols)
{
    vterm_get_size(t->vt, rows, cols);
}

void vt_cursor(const struct vt *t, int *row, int *col)
{
    VTermPos p;
    vterm_state_get_cursorpos(vterm_obtain_state(t->vt), &p);
    if (row)
        *row = p.row;
    if (col)
        *col = p.col;
}

void vt_resize(struct vt *t, int rows, int cols)
{
    vt_pump(t); /* what was drawn for the old size lands on the old size */
    struct winsize ws = {.ws_row = (unsigned short)rows,
                         .ws_col = (unsigned short)cols};
    ck_assert_msg(ioctl(t->fd, TIOCSWINSZ, &ws) == 0, "TIOCSWINSZ: %s",
                  strerror(errno));
    vterm_set_size(t->vt, rows, cols);
}

size_t vt_bytes(const struct vt *t)
{
    return t->raw.len;
}

const char *vt_output(const struct vt *t, size_t *len)
{
    if (len)
        *len = t->raw.len;
    return t->raw.buf ? t->raw.buf : "";
}

bool vt_altscreen(const struct vt *t)
{
    return t->altscreen;
}

bool vt_cursor_visible(const struct vt *t)
{
    return t->cursor_visible;
}

const char *vt_title(const struct vt *t)
{
    return t->title;
}

int vt_pid(const struct vt *t)
{
    return t->pid;
}

/* Reaps the program if it has exited; true if it has. */
static bool reap(struct vt *t)
{
    if (t->exited)
        return true;
    int st;
    pid_t r = waitpid(t->pid, &st, WNOHANG);
    if (r != t->pid)
        return false;
    t->exited = true;
    t->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    /* What it wrote before exiting may still be in the pty: read up to
     * the end (unless a child of it still holds the terminal). */
    int64_t until = time_mono_ms() + 1000;
    vt_pump(t);
    while (!t->eof && time_mono_ms() < until)
        pump_wait(t, 50);
    return true;
}

bool vt_wait_exit(struct vt *t, int timeout_ms, int *status)
{
    int64_t deadline = time_mono_ms() + timeout_ms;
    while (!reap(t)) {
        int64_t left = deadline - time_mono_ms();
        if (left <= 0)
            return false;
        pump_wait(t, left < 20 ? (int)left : 20);
    }
    if (status)
        *status = t->status;
    return true;
}

void vt_free(struct vt *t)
{
    if (!t)
        return;
    if (!reap(t)) {
        /* The program leads its own process group: end all of it. */
        kill(-t->pid, SIGTERM);
        if (!vt_wait_exit(t, 3000, NULL)) {
            kill(-t->pid, SIGKILL);
            int st;
            waitpid(t->pid, &st, 0);
        }
    }
    stop_reader(t);
    close(t->fd);
    vterm_free(t->vt);
    strbuf_free(&t->raw);
    strbuf_free(&t->reply);
    free(t->title);
    free(t);
}

/* Appends bytes with control characters made visible (\033 as \e). */
static void escaped(struct strbuf *sb, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x1b)
            strbuf_puts(sb, "\\e");
        else if (c == '\n')
            strbuf_puts(sb, "\\n");
        else if (c == '\r')
            strbuf_puts(sb, "\\r");
        else if (c < 0x20 || c == 0x7f)
            strbuf_printf(sb, "\\x%02x", c);
        else
            strbuf_append(sb, &s[i], 1);
    }
}

void vt_dump(struct vt *t, const char *fmt, ...)
{
    vt_pump(t);
    int rows, cols, cr, cc;
    vterm_get_size(t->vt, &rows, &cols);
    vt_cursor(t, &cr, &cc);
    struct strbuf sb = {0};
    strbuf_puts(&sb, "---- screen test failed: ");
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&sb, fmt, ap);
    va_end(ap);
    strbuf_printf(&sb, "\n---- screen %dx%d, cursor %d,%d%s%s, %zu bytes "
                       "written%s, title \"%s\"\n",
                  rows, cols, cr, cc, t->cursor_visible ? "" : " (hidden)",
                  t->altscreen ? ", alternate screen" : "", t->raw.len,
                  t->eof ? ", terminal closed" : "", t->title);
    strbuf_puts(&sb, "    +");
    for (int c = 0; c < cols; c++)
        strbuf_append(&sb, c % 10 == 9 ? "|" : "-", 1);
    strbuf_puts(&sb, "\n");
    for (int r = 0; r < rows; r++) {
        char *row = row_text(t, r, NULL);
        strbuf_printf(&sb, "%3d |%s|\n", r, row);
        free(row);
    }
    size_t tail = t->raw.len > 400 ? 400 : t->raw.len;
    strbuf_printf(&sb, "---- last %zu bytes written:\n", tail);
    escaped(&sb, vt_output(t, NULL) + t->raw.len - tail, tail);
    strbuf_puts(&sb, "\n----\n");
    fputs(sb.buf, stderr);
    strbuf_free(&sb);
}
