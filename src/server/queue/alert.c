#include "server/queue/alert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonw.h"
#include "common/log.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "server/mail/mail.h"
#include "server/server.h"
#include "server/store/store_queue.h"
#include "server/store/store_users.h"

#define ALERT_SUBJECT "ALERT: Order Processing Failed"

char *alert_mail_body(const struct queue_msg *m)
{
    char first[ISO8601_LEN], moved[ISO8601_LEN];
    time_iso8601(m->first_failed_at, first);
    time_iso8601(m->moved_at, moved);
    const char *error = m->last_error ? m->last_error : "unknown error";
    struct strbuf sb = {0};
    strbuf_printf(&sb,
                  "Order processing permanently failed: the order's message "
                  "was moved to the\ndead-letter queue.\n"
                  "\n"
                  "Order ID:      %s\n"
                  "Message ID:    %s\n"
                  "Receive count: %lld\n"
                  "First failure: %s\n"
                  "Moved at:      %s\n"
                  "Last error:    %s\n"
                  "\n"
                  "Inspect it with GET /admin/dlq/%s; once the cause is "
                  "fixed, POST\n/admin/dlq/%s/redrive puts it back on the "
                  "order queue.\n\n",
                  m->order_id, m->id, m->receive_count, first, moved, error,
                  m->id, m->id);
    /* The seed's alert message, for scripts that read it. */
    struct jsonw w;
    jsonw_init(&w, &sb);
    jsonw_object_begin(&w);
    jsonw_key(&w, "orderId");
    jsonw_string(&w, m->order_id);
    jsonw_key(&w, "messageId");
    jsonw_string(&w, m->id);
    jsonw_key(&w, "error");
    jsonw_string(&w, error);
    jsonw_object_end(&w);
    strbuf_puts(&sb, "\n");
    return strbuf_detach(&sb, NULL);
}

static void send_one(struct server *srv, const struct queue_msg *m,
                     const char *to, int n, const char *body)
{
    /* One key per move and recipient: a move is alerted once, a message
     * that fails again after a redrive is alerted again. */
    struct strbuf key = {0};
    strbuf_printf(&key, "dlq-alert-%s-%lld-%d", m->id,
                  (long long)m->moved_at, n);
    char *err = NULL;
    if (mail_send_keyed(srv->mail, key.buf, to, ALERT_SUBJECT, body,
                        &err) != 0) {
        log_msg(LOG_ERROR, "queue: cannot mail the DLQ alert for message "
                "%s: %s", m->id, err);
        free(err);
    }
    strbuf_free(&key);
}

void alert_dlq(struct server *srv, struct store_conn *c,
               const struct queue_msg *m)
{
    char *body = alert_mail_body(m);
    int sent = 0;
    if (srv->cfg.admin_email[0]) {
        send_one(srv, m, srv->cfg.admin_email, sent++, body);
    } else {
        struct user *users = NULL;
        int n = 0;
        if (c && store_user_list(c, &users, &n) == STORE_OK) {
            for (int i = 0; i < n; i++) {
                for (int g = 0; g < users[i].ngroups; g++) {
                    if (strcmp(users[i].groups[g], srv->cfg.admin_group) == 0) {
                        send_one(srv, m, users[i].email, sent++, body);
                        break;
                    }
                }
            }
            for (int i = 0; i < n; i++)
                user_clear(&users[i]);
            free(users);
        }
    }
    if (sent == 0)
        log_msg(LOG_WARN, "queue: no admin to alert about DLQ message %s "
                "(set [mail] admin_email)", m->id);
    free(body);
}
