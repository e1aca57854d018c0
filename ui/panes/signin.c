/* PLACEHOLDER (phase 1 only): see placeholder.h; branch p-signin replaces
 * this with the real sign-in screen. Email and password, Enter signs in. */
#include <stdlib.h>

#include "client/ops.h"
#include "common/mem.h"
#include "ui/app.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/panes/panes.h"
#include "ui/widgets/field.h"

struct ph_signin {
    struct pane pane;
    struct field f[2];
    int at;
};

static void s_draw(struct pane *p, struct app *a)
{
    (void)a;
    struct ph_signin *s = (struct ph_signin *)p;
    werase(p->win);
    draw_text(p->win, 1, 2, p->w - 4, ROLE_TITLE, "Sign in", 0);
    for (int i = 0; i < 2; i++) {
        draw_text(p->win, 3 + 2 * i, 2, 10, ROLE_NORMAL, s->f[i].label, 0);
        int cx = field_draw(p->win, 3 + 2 * i, 12, 30, &s->f[i], s->at == i);
        if (s->at == i) {
            p->cursor_y = 3 + 2 * i;
            p->cursor_x = cx;
        }
    }
}

static enum ui_result s_key(struct pane *p, struct app *a, int key)
{
    struct ph_signin *s = (struct ph_signin *)p;
    p->dirty |= DIRTY_ALL;
    if (key == UI_TAB || (key == UI_ENTER && s->at == 0)) {
        s->at = !s->at;
        return UI_DONE;
    }
    if (key == UI_ENTER) {
        struct op *o = op_new(OP_SIGN_IN);
        o->email = field_value(&s->f[0]);
        o->password = field_value(&s->f[1]);
        app_submit(a, p, o, true);
        return UI_DONE;
    }
    return field_key(&s->f[s->at], key) ? UI_DONE : UI_PASS;
}

static void s_arrived(struct pane *p, struct app *a, struct op *o)
{
    (void)p;
    if (!o->cancelled && o->res.rc == API_OK && o->signin_rc == SIGNIN_OK)
        app_signed_in(a, &o->user);
    else
        app_op_failed(a, o);
    op_free(o);
}

static void s_destroy(struct pane *p)
{
    struct ph_signin *s = (struct ph_signin *)p;
    field_free(&s->f[0]);
    field_free(&s->f[1]);
    free(s);
}

static const struct pane_ops OPS = {
    .kind = PK_SIGNIN, .title = "Sign in", .draw = s_draw, .key = s_key,
    .arrived = s_arrived, .destroy = s_destroy,
};

struct pane *signin_pane_new(struct app *a, const char *email,
                             const char *password)
{
    (void)a;
    struct ph_signin *s = xcalloc(1, sizeof *s);
    pane_init(&s->pane, &OPS);
    field_init(&s->f[0], "Email", 200, email);
    field_init(&s->f[1], "Password", 200, password);
    s->f[1].masked = true;
    return &s->pane;
}
