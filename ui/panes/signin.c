/* The sign-in screen: a calm box in the middle of the main area with the
 * email and a masked password; from it, creating an account and
 * confirming one with the mailed code; and the new password a temporary
 * one asks for. Four modes of one pane, so the email typed once follows
 * the person from one to the next.
 *
 * Passwords and codes live only in the fields (wiped when a mode changes,
 * after a refusal and when the pane goes) and in the op that carries
 * them (op_free wipes its copies). The pool's answers are the client
 * core's sentences, shown in the box. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/mem.h"
#include "common/strbuf.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/panes/panes.h"
#include "ui/text.h"
#include "ui/widgets/field.h"

#define EMAIL_MAX 254    /* an address, as RFC 5321 limits it */
#define PASSWORD_MAX 256 /* the pool's limit */
#define CODE_MAX 10      /* the pool mails six digits */
#define PASSWORD_MIN 8
#define BOX_W 64         /* the box's width on a wide screen */
#define MSG_LINES 3      /* a sentence longer than this is cut */

enum mode { MODE_SIGN_IN, MODE_NEW_PASSWORD, MODE_SIGN_UP, MODE_CONFIRM };

/* What the focus can be on: a field, or a line that opens another mode. */
enum item {
    IT_EMAIL,
    IT_PASSWORD,
    IT_REPEAT,
    IT_CODE,
    IT_CREATE,    /* "Create an account" */
    IT_HAVE_CODE, /* "I have a confirmation code" */
    IT_RESEND,    /* "Send the code again" */
};

#define ITEMS_MAX 4

struct mode_def {
    const char *title;
    enum item items[ITEMS_MAX];
    size_t n;
};

static const struct mode_def MODES[] = {
    [MODE_SIGN_IN] = {"Sign in", {IT_EMAIL, IT_PASSWORD, IT_CREATE,
                                  IT_HAVE_CODE}, 4},
    [MODE_NEW_PASSWORD] = {"Choose a new password", {IT_PASSWORD, IT_REPEAT},
                           2},
    [MODE_SIGN_UP] = {"Create an account", {IT_EMAIL, IT_PASSWORD, IT_REPEAT},
                      3},
    [MODE_CONFIRM] = {"Confirm the account", {IT_EMAIL, IT_CODE, IT_RESEND},
                      3},
};

static const char POLICY[] = "At least 8 characters, with upper and lower "
                             "case letters and a digit.";

struct signin {
    struct pane pane;
    enum mode mode;
    size_t focus; /* index into MODES[mode].items */
    /* One email for every mode; password is the new password in
     * MODE_NEW_PASSWORD. */
    struct field email, password, repeat, code;
    /* The sentence shown in the box, or NULL. */
    char *msg;
    enum theme_role msg_role;
    /* Where the confirmation code went (masked by the pool), or NULL. */
    char *destination;
    /* NEW_PASSWORD_REQUIRED: the pool's challenge, until it is answered. */
    struct signin_challenge challenge;
    /* The request in flight (0: none) and what it does. */
    unsigned long req;
    enum op_kind req_kind;
};

/* ---- state ------------------------------------------------------------ */

static enum item focused(const struct signin *s)
{
    return MODES[s->mode].items[s->focus];
}

static struct field *item_field(struct signin *s, enum item it)
{
    switch (it) {
    case IT_EMAIL:
        return &s->email;
    case IT_PASSWORD:
        return &s->password;
    case IT_REPEAT:
        return &s->repeat;
    case IT_CODE:
        return &s->code;
    default:
        return NULL;
    }
}

static const char *item_label(const struct signin *s, enum item it)
{
    switch (it) {
    case IT_EMAIL:
        return "Email";
    case IT_PASSWORD:
        return s->mode == MODE_NEW_PASSWORD ? "New password" : "Password";
    case IT_REPEAT:
        return "Repeat it";
    case IT_CODE:
        return "Code";
    case IT_CREATE:
        return "Create an account";
    case IT_HAVE_CODE:
        return "I have a confirmation code";
    case IT_RESEND:
        return "Send the code again";
    }
    return "";
}

static void focus_item(struct signin *s, enum item it)
{
    const struct mode_def *m = &MODES[s->mode];
    for (size_t i = 0; i < m->n; i++)
        if (m->items[i] == it)
            s->focus = i;
}

/* Empties a field and wipes every character it held (field_set only
 * moves the end, and editing leaves old characters past it). */
static void wipe(struct field *f)
{
    explicit_bzero(f->text, (f->max + 1) * sizeof *f->text);
    f->len = f->cursor = 0;
    field_set_error(f, NULL);
}

/* A field's text as UTF-8 without the spaces around it; caller frees. */
static char *trimmed(const struct field *f)
{
    char *v = field_value(f);
    size_t start = strspn(v, " ");
    size_t end = strlen(v);
    while (end > start && v[end - 1] == ' ')
        end--;
    memmove(v, v + start, end - start);
    v[end - start] = '\0';
    return v;
}

/* Sets the sentence shown in the box: msg as a sentence (capital first,
 * a full stop last), or none when msg is NULL. */
static void say(struct signin *s, enum theme_role role, const char *msg)
{
    free(s->msg);
    s->msg = NULL;
    s->msg_role = role;
    if (msg && *msg) {
        size_t n = strlen(msg);
        bool stop = strchr(".!?", msg[n - 1]) != NULL;
        s->msg = xmalloc(n + 2);
        memcpy(s->msg, msg, n);
        if (!stop)
            s->msg[n++] = '.';
        s->msg[n] = '\0';
        s->msg[0] = (char)toupper((unsigned char)s->msg[0]);
    }
    s->pane.dirty |= DIRTY_ALL;
}

static void drop_challenge(struct signin *s)
{
    signin_challenge_free(&s->challenge);
    memset(&s->challenge, 0, sizeof s->challenge);
}

/* Changes mode: the secrets of the one before are wiped, the sentence
 * cleared, the focus put on `on`. */
static void set_mode(struct signin *s, enum mode m, enum item on)
{
    wipe(&s->password);
    wipe(&s->repeat);
    wipe(&s->code);
    if (m != MODE_NEW_PASSWORD)
        drop_challenge(s);
    s->mode = m;
    s->focus = 0;
    focus_item(s, on);
    say(s, ROLE_NORMAL, NULL);
}

/* ---- checks ----------------------------------------------------------- */

/* The pool's policy checked on the characters typed (no copy is made):
 * NULL when it holds, else a sentence for the first rule broken. */
static const char *policy_problem(const struct field *f)
{
    bool upper = false, lower = false, digit = false;
    for (size_t i = 0; i < f->len; i++) {
        wchar_t c = f->text[i];
        upper |= c >= L'A' && c <= L'Z';
        lower |= c >= L'a' && c <= L'z';
        digit |= c >= L'0' && c <= L'9';
    }
    if (f->len < PASSWORD_MIN)
        return "The password needs at least 8 characters.";
    if (f->text[0] == L' ' || f->text[f->len - 1] == L' ')
        return "The password must not begin or end with a space.";
    if (!lower)
        return "The password needs a lower-case letter.";
    if (!upper)
        return "The password needs an upper-case letter.";
    if (!digit)
        return "The password needs a digit.";
    return NULL;
}

static bool same_text(const struct field *a, const struct field *b)
{
    return a->len == b->len && wcscmp(a->text, b->text) == 0;
}

/* True when the email field holds something; else says so and focuses it. */
static bool have_email(struct signin *s)
{
    char *e = trimmed(&s->email);
    bool ok = *e != '\0';
    bool at = strchr(e, '@') != NULL;
    free(e);
    if (!ok || !at) {
        say(s, ROLE_ERROR, ok ? "An email address has an @ in it."
                              : "Enter your email address.");
        focus_item(s, IT_EMAIL);
    }
    return ok && at;
}

/* ---- requests --------------------------------------------------------- */

static void submit(struct signin *s, struct app *a, struct op *o)
{
    s->req_kind = o->kind;
    s->req = app_submit(a, &s->pane, o, true);
    say(s, ROLE_NORMAL, NULL);
}

static void sign_in(struct signin *s, struct app *a)
{
    if (!have_email(s))
        return;
    if (s->password.len == 0) {
        say(s, ROLE_ERROR, "Enter your password.");
        focus_item(s, IT_PASSWORD);
        return;
    }
    struct op *o = op_new(OP_SIGN_IN);
    o->email = trimmed(&s->email);
    o->password = field_value(&s->password);
    submit(s, a, o);
}

/* Both new passwords typed, equal and within the policy; else a sentence
 * and the focus where the fix goes. */
static bool new_passwords_ok(struct signin *s)
{
    const char *problem = NULL;
    enum item on = IT_PASSWORD;
    if (s->password.len == 0) {
        problem = "Enter a password.";
    } else if (s->repeat.len == 0) {
        problem = "Enter the password again below.";
        on = IT_REPEAT;
    } else {
        problem = same_text(&s->password, &s->repeat)
                      ? policy_problem(&s->password)
                      : "The two passwords are not the same: type them "
                        "again.";
        /* Masked text cannot be mended: both are typed afresh. */
        if (problem) {
            wipe(&s->password);
            wipe(&s->repeat);
        }
    }
    if (problem) {
        say(s, ROLE_ERROR, problem);
        focus_item(s, on);
    }
    return problem == NULL;
}

static void new_password(struct signin *s, struct app *a)
{
    if (!new_passwords_ok(s))
        return;
    struct op *o = op_new(OP_NEW_PASSWORD);
    o->email = trimmed(&s->email);
    o->new_password = field_value(&s->password);
    /* The challenge goes with the op; it comes back if it is still
     * needed (a refusal, a cancel). */
    o->challenge = s->challenge;
    memset(&s->challenge, 0, sizeof s->challenge);
    submit(s, a, o);
}

static void sign_up(struct signin *s, struct app *a)
{
    if (!have_email(s) || !new_passwords_ok(s))
        return;
    struct op *o = op_new(OP_SIGN_UP);
    o->email = trimmed(&s->email);
    o->password = field_value(&s->password);
    submit(s, a, o);
}

static void confirm(struct signin *s, struct app *a)
{
    if (!have_email(s))
        return;
    if (s->code.len == 0) {
        say(s, ROLE_ERROR, "Enter the code from the mail.");
        focus_item(s, IT_CODE);
        return;
    }
    struct op *o = op_new(OP_CONFIRM);
    o->email = trimmed(&s->email);
    o->code = field_value(&s->code);
    submit(s, a, o);
}

static void resend(struct signin *s, struct app *a)
{
    if (!have_email(s))
        return;
    struct op *o = op_new(OP_RESEND);
    o->email = trimmed(&s->email);
    submit(s, a, o);
}

/* Enter: on a field, the next field, or the request on the last one; on
 * a line, what it says. */
static void enter(struct signin *s, struct app *a)
{
    const struct mode_def *m = &MODES[s->mode];
    enum item it = focused(s);
    switch (it) {
    case IT_CREATE:
        set_mode(s, MODE_SIGN_UP, s->email.len ? IT_PASSWORD : IT_EMAIL);
        return;
    case IT_HAVE_CODE:
        set_mode(s, MODE_CONFIRM, s->email.len ? IT_CODE : IT_EMAIL);
        return;
    case IT_RESEND:
        resend(s, a);
        return;
    default:
        break;
    }
    if (s->focus + 1 < m->n && item_field(s, m->items[s->focus + 1])) {
        s->focus++;
        return;
    }
    switch (s->mode) {
    case MODE_SIGN_IN:
        sign_in(s, a);
        break;
    case MODE_NEW_PASSWORD:
        new_password(s, a);
        break;
    case MODE_SIGN_UP:
        sign_up(s, a);
        break;
    case MODE_CONFIRM:
        confirm(s, a);
        break;
    }
}

/* ---- answers ---------------------------------------------------------- */

/* The core's sentence for a failed op, or a plain one when it has none. */
static void say_failure(struct signin *s, const struct op *o)
{
    if (o->res.message && *o->res.message) {
        say(s, ROLE_ERROR, o->res.message);
        return;
    }
    char buf[96];
    snprintf(buf, sizeof buf, "%s failed", op_describe(o->kind));
    say(s, ROLE_ERROR, buf);
}

static bool succeeded(const struct op *o)
{
    return o->res.rc == API_OK &&
           (o->signin_rc == SIGNIN_OK || o->signin_rc == SIGNIN_NEW_PASSWORD);
}

/* A granted sign-in: the app takes over (this pane goes). */
static void signed_in(struct signin *s, struct app *a, struct op *o)
{
    wipe(&s->password);
    wipe(&s->repeat);
    if (!o->user.email) {
        /* The session is saved; who it belongs to is read from it. */
        struct op *w = op_new(OP_WHOAMI);
        s->req_kind = w->kind;
        s->req = app_submit(a, &s->pane, w, true);
        return;
    }
    app_signed_in(a, &o->user);
}

static void sign_in_arrived(struct signin *s, struct app *a, struct op *o)
{
    if (succeeded(o) && o->signin_rc == SIGNIN_NEW_PASSWORD) {
        set_mode(s, MODE_NEW_PASSWORD, IT_PASSWORD);
        s->challenge = o->challenge;
        memset(&o->challenge, 0, sizeof o->challenge);
        return;
    }
    if (succeeded(o)) {
        signed_in(s, a, o);
        return;
    }
    say_failure(s, o);
    /* Refused (a wrong password, most often): type it again. Unreachable:
     * the same Enter tries again. */
    if (o->res.rc != API_UNREACHABLE)
        wipe(&s->password);
    focus_item(s, IT_PASSWORD);
}

static void new_password_arrived(struct signin *s, struct app *a, struct op *o)
{
    if (succeeded(o)) {
        signed_in(s, a, o);
        return;
    }
    say_failure(s, o);
    if (o->res.rc != API_UNREACHABLE) {
        wipe(&s->password);
        wipe(&s->repeat);
    }
    focus_item(s, IT_PASSWORD);
}

static void sign_up_arrived(struct signin *s, struct op *o)
{
    if (!succeeded(o)) {
        say_failure(s, o);
        if (o->res.rc != API_UNREACHABLE) {
            wipe(&s->password);
            wipe(&s->repeat);
        }
        focus_item(s, IT_PASSWORD);
        return;
    }
    set_mode(s, MODE_CONFIRM, IT_CODE);
    free(s->destination);
    s->destination = o->destination;
    o->destination = NULL;
    say(s, ROLE_OK, "The account is made: enter the code to confirm it.");
}

static void confirm_arrived(struct signin *s, struct op *o)
{
    if (!succeeded(o)) {
        say_failure(s, o);
        wipe(&s->code);
        focus_item(s, IT_CODE);
        return;
    }
    set_mode(s, MODE_SIGN_IN, IT_PASSWORD);
    say(s, ROLE_OK, "Account confirmed: sign in.");
}

static void resend_arrived(struct signin *s, struct op *o)
{
    if (!succeeded(o)) {
        say_failure(s, o);
        return;
    }
    free(s->destination);
    s->destination = o->destination;
    o->destination = NULL;
    wipe(&s->code);
    focus_item(s, IT_CODE);
    say(s, ROLE_OK, "A new code is on its way.");
}

static void signin_arrived(struct pane *p, struct app *a, struct op *o)
{
    struct signin *s = (struct signin *)p;
    s->req = 0;
    p->dirty |= DIRTY_ALL;
    app_chrome_dirty(a);
    /* A challenge that went out unanswered is still the way on. */
    if (o->kind == OP_NEW_PASSWORD && o->challenge.session &&
        (o->cancelled || !succeeded(o))) {
        drop_challenge(s);
        s->challenge = o->challenge;
        memset(&o->challenge, 0, sizeof o->challenge);
    }
    if (o->cancelled) {
        char buf[96];
        snprintf(buf, sizeof buf, "%s: cancelled", op_describe(o->kind));
        say(s, ROLE_WARNING, buf);
        op_free(o);
        return;
    }
    switch (o->kind) {
    case OP_SIGN_IN:
        sign_in_arrived(s, a, o);
        break;
    case OP_NEW_PASSWORD:
        new_password_arrived(s, a, o);
        break;
    case OP_SIGN_UP:
        sign_up_arrived(s, o);
        break;
    case OP_CONFIRM:
        confirm_arrived(s, o);
        break;
    case OP_RESEND:
        resend_arrived(s, o);
        break;
    case OP_WHOAMI:
        if (o->res.rc == API_OK)
            app_signed_in(a, &o->user);
        else
            say_failure(s, o);
        break;
    default:
        break;
    }
    op_free(o);
}

/* ---- keys ------------------------------------------------------------- */

static enum ui_result signin_key(struct pane *p, struct app *a, int key)
{
    (void)a;
    struct signin *s = (struct signin *)p;
    struct field *f = item_field(s, focused(s));
    if (!f || s->req)
        return UI_PASS;
    if (!field_key(f, key))
        return UI_PASS;
    p->dirty |= DIRTY_ALL;
    return UI_DONE;
}

static enum ui_result signin_action(struct pane *p, struct app *a,
                                    enum action act)
{
    struct signin *s = (struct signin *)p;
    const struct mode_def *m = &MODES[s->mode];
    switch (act) {
    case ACT_SIGNIN_BACK:
        /* Esc: the request first, then the mode, then the sentence. */
        if (s->req)
            app_cancel(a, s->req);
        else if (s->mode != MODE_SIGN_IN)
            set_mode(s, MODE_SIGN_IN,
                     s->email.len ? IT_PASSWORD : IT_EMAIL);
        else
            say(s, ROLE_NORMAL, NULL);
        p->dirty |= DIRTY_ALL;
        return UI_DONE;
    case ACT_NEXT_FIELD:
    case ACT_PREV_FIELD:
        if (s->req)
            return UI_DONE;
        s->focus = (s->focus + (act == ACT_NEXT_FIELD ? 1 : m->n - 1)) % m->n;
        p->dirty |= DIRTY_ALL;
        return UI_DONE;
    case ACT_SUBMIT:
        if (!s->req)
            enter(s, a);
        p->dirty |= DIRTY_ALL;
        return UI_DONE;
    default:
        return UI_PASS;
    }
}

/* ---- drawing ---------------------------------------------------------- */

enum row_kind { ROW_BLANK, ROW_TEXT, ROW_ITEM };

/* How readily a row goes when the screen is short: spacing first, then
 * the explanations; fields, lines and the sentence stay. */
enum { KEEP, EXPLAIN, SPACE };

struct row {
    enum row_kind kind;
    int drop;             /* KEEP, EXPLAIN, SPACE */
    enum theme_role role;
    char *text;           /* ROW_TEXT: owned */
    size_t item;          /* ROW_ITEM: index into the mode's items */
};

#define ROWS_MAX 40

struct rows {
    struct row r[ROWS_MAX];
    int n;
};

static void add_row(struct rows *rs, enum row_kind k, int drop,
                    enum theme_role role, char *text, size_t item)
{
    if (rs->n == ROWS_MAX) {
        free(text);
        return;
    }
    rs->r[rs->n++] = (struct row){k, drop, role, text, item};
}

/* Adds text wrapped to width, at most max lines (the last one cut). */
static void add_text(struct rows *rs, int drop, enum theme_role role,
                     const char *text, int width, int max)
{
    char **lines;
    size_t n = text_wrap(text, width > 0 ? width : 1, &lines);
    for (size_t i = 0; i < n; i++) {
        if ((int)i < max)
            add_row(rs, ROW_TEXT, drop, role, lines[i], 0);
        else
            free(lines[i]);
    }
    free(lines);
}

static void rows_free(struct rows *rs)
{
    for (int i = 0; i < rs->n; i++)
        free(rs->r[i].text);
    rs->n = 0;
}

static int rows_count(const struct rows *rs, int max_drop)
{
    int n = 0;
    for (int i = 0; i < rs->n; i++)
        n += rs->r[i].drop <= max_drop;
    return n;
}

/* What the box says above the fields. */
static void intro(struct signin *s, struct app *a, struct strbuf *sb)
{
    char *email = trimmed(&s->email);
    switch (s->mode) {
    case MODE_SIGN_IN:
        strbuf_printf(sb, "Sign in to %s with your email and password.",
                      a->api_host);
        break;
    case MODE_NEW_PASSWORD:
        strbuf_printf(sb, "%s has a temporary password: choose your own.",
                      email);
        break;
    case MODE_SIGN_UP:
        strbuf_printf(sb, "A new account on %s; a code to confirm it comes "
                      "by mail.", a->api_host);
        break;
    case MODE_CONFIRM:
        if (s->destination)
            strbuf_printf(sb, "The code went to %s.", s->destination);
        else
            strbuf_printf(sb, "Enter the code from the confirmation mail.");
        break;
    }
    free(email);
}

static void build_rows(struct signin *s, struct app *a, int width,
                       struct rows *rs)
{
    const struct mode_def *m = &MODES[s->mode];
    struct strbuf sb = {0};
    intro(s, a, &sb);
    add_row(rs, ROW_BLANK, SPACE, ROLE_NORMAL, NULL, 0);
    add_text(rs, EXPLAIN, ROLE_NORMAL, sb.buf, width, 3);
    strbuf_free(&sb);
    if (s->mode == MODE_NEW_PASSWORD || s->mode == MODE_SIGN_UP)
        add_text(rs, EXPLAIN, ROLE_DIM, POLICY, width, 2);
    bool lines = false;
    for (size_t i = 0; i < m->n; i++) {
        bool field = item_field(s, m->items[i]) != NULL;
        if (field || !lines)
            add_row(rs, ROW_BLANK, SPACE, ROLE_NORMAL, NULL, 0);
        lines = !field;
        add_row(rs, ROW_ITEM, KEEP, ROLE_NORMAL, NULL, i);
        /* The sentence goes after the last field, above the lines. */
        if (field && (i + 1 == m->n || !item_field(s, m->items[i + 1]))) {
            if (s->req) {
                char busy[96];
                snprintf(busy, sizeof busy, "%s…  Esc cancels",
                         op_describe(s->req_kind));
                busy[0] = (char)toupper((unsigned char)busy[0]);
                add_row(rs, ROW_BLANK, SPACE, ROLE_NORMAL, NULL, 0);
                add_text(rs, KEEP, ROLE_DIM, busy, width, 1);
            } else if (s->msg) {
                add_row(rs, ROW_BLANK, SPACE, ROLE_NORMAL, NULL, 0);
                add_text(rs, KEEP, s->msg_role, s->msg, width, MSG_LINES);
            }
        }
    }
    if (s->mode != MODE_SIGN_IN) {
        add_row(rs, ROW_BLANK, SPACE, ROLE_NORMAL, NULL, 0);
        add_text(rs, EXPLAIN, ROLE_DIM, "Esc goes back to signing in.", width,
                 1);
    }
    add_row(rs, ROW_BLANK, SPACE, ROLE_NORMAL, NULL, 0);
}

/* A box of h×w at (y, x) in the border role, with a title. */
static void draw_item(struct signin *s, int y, int x, int w, int label_w,
                      size_t i)
{
    struct pane *p = &s->pane;
    enum item it = MODES[s->mode].items[i];
    bool on = i == s->focus;
    struct field *f = item_field(s, it);
    if (f) {
        draw_text(p->win, y, x, label_w - 1,
                  on ? ROLE_TITLE : ROLE_NORMAL, item_label(s, it), 0);
        int fw = w - label_w;
        if (fw < 1)
            return;
        int cx = field_draw(p->win, y, x + label_w, fw, f, on && !s->req);
        if (on && !s->req) {
            p->cursor_y = y;
            p->cursor_x = cx < x + label_w + fw ? cx : x + label_w + fw - 1;
            p->cursor_shown = true;
        }
        return;
    }
    enum theme_role role = on ? ROLE_SELECTED : ROLE_NORMAL;
    draw_fill(p->win, y, x, w, role);
    int used = draw_text(p->win, y, x, w, on ? role : ROLE_DIM,
                         on ? "▸ " : "› ", 0);
    draw_text(p->win, y, x + used, w - used, role, item_label(s, it), 0);
    if (on && !s->req) {
        /* On the line, for screen readers; shown only in a field. */
        p->cursor_y = y;
        p->cursor_x = x;
    }
}

static void signin_draw(struct pane *p, struct app *a)
{
    struct signin *s = (struct signin *)p;
    werase(p->win);
    bool framed = p->w >= 30 && p->h >= 7;
    int box_w = p->w < BOX_W ? p->w : BOX_W;
    int inner = box_w - (framed ? 4 : 2);
    if (inner < 1)
        return;
    struct rows rs = {0};
    build_rows(s, a, inner, &rs);
    /* Fit the height: the spacing goes first, then the explanations,
     * then the frame; what still does not fit is cut, keeping the focus
     * in view. */
    static const struct {
        bool framed;
        int max_drop;
    } FITS[] = {{true, SPACE}, {true, EXPLAIN}, {true, KEEP}, {false, KEEP}};
    int max_drop = KEEP;
    bool can_frame = framed;
    for (size_t i = 0; i < sizeof FITS / sizeof *FITS; i++) {
        if (FITS[i].framed && !can_frame)
            continue;
        framed = FITS[i].framed;
        max_drop = FITS[i].max_drop;
        if (rows_count(&rs, max_drop) + 2 * framed <= p->h)
            break;
    }
    if (can_frame && !framed)
        inner += 2;
    int n = rows_count(&rs, max_drop);
    int avail = p->h - 2 * framed;
    int shown = n < avail ? n : avail;
    int box_h = shown + 2 * framed;
    int by = (p->h - box_h) / 2, bx = (p->w - box_w) / 2;
    if (framed)
        draw_box(p->win, by, bx, box_h, box_w, MODES[s->mode].title);
    int x = bx + (framed ? 2 : 1);
    /* The label column: as wide as the mode's longest label. */
    int label_w = 0;
    const struct mode_def *m = &MODES[s->mode];
    for (size_t i = 0; i < m->n; i++) {
        int lw = text_width(item_label(s, m->items[i])) + 2;
        if (item_field(s, m->items[i]) && lw > label_w)
            label_w = lw;
    }
    if (label_w > inner / 2)
        label_w = inner / 2;
    /* The first row shown: the focused item must be in view. */
    int skip = 0, idx = 0;
    for (int i = 0; i < rs.n; i++) {
        if (rs.r[i].drop > max_drop)
            continue;
        if (rs.r[i].kind == ROW_ITEM && rs.r[i].item == s->focus &&
            idx >= avail)
            skip = idx - avail + 1;
        idx++;
    }
    int y = by + framed;
    idx = 0;
    for (int i = 0; i < rs.n && y < by + framed + shown; i++) {
        const struct row *r = &rs.r[i];
        if (r->drop > max_drop || idx++ < skip)
            continue;
        if (r->kind == ROW_TEXT)
            draw_text(p->win, y, x, inner, r->role, r->text, 0);
        else if (r->kind == ROW_ITEM)
            draw_item(s, y, x, inner, label_w, r->item);
        y++;
    }
    rows_free(&rs);
}

/* ---- life ------------------------------------------------------------- */

static void signin_destroy(struct pane *p)
{
    struct signin *s = (struct signin *)p;
    field_free(&s->email);
    field_free(&s->password);
    field_free(&s->repeat);
    field_free(&s->code);
    drop_challenge(s);
    free(s->msg);
    free(s->destination);
    free(s);
}

static const struct pane_ops SIGNIN_OPS = {
    .kind = PK_SIGNIN,
    .title = "Sign in",
    .draw = signin_draw,
    .key = signin_key,
    .action = signin_action,
    .arrived = signin_arrived,
    .destroy = signin_destroy,
};

struct pane *signin_pane_new(struct app *a, const char *email,
                             const char *password)
{
    (void)a;
    struct signin *s = xcalloc(1, sizeof *s);
    pane_init(&s->pane, &SIGNIN_OPS);
    field_init(&s->email, "Email", EMAIL_MAX, email);
    field_init(&s->password, "Password", PASSWORD_MAX, password);
    s->password.masked = true;
    field_init(&s->repeat, "Repeat it", PASSWORD_MAX, NULL);
    s->repeat.masked = true;
    field_init(&s->code, "Code", CODE_MAX, NULL);
    s->code.digits = true;
    s->mode = MODE_SIGN_IN;
    focus_item(s, email && *email ? IT_PASSWORD : IT_EMAIL);
    return &s->pane;
}
