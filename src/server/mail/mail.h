/* mail — where the server's mail goes: a sink with a table of operations.
 *
 * Sinks: `spool` (one RFC 5322 .eml file per message in DATA_DIR/mail/)
 * and `smtp` (a relay, through libcurl).
 * A sink is shared by every request thread, so send must be thread-safe.
 * Callers never put secrets in log lines about mail; the body (a code, an
 * order) goes only to the sink. */
#ifndef INVENTUI_SERVER_MAIL_H
#define INVENTUI_SERVER_MAIL_H

#include <stdbool.h>

struct server_config;
struct mail_sink;

/* One keyed message of a batch (mail_send_keyed_batch). */
struct mail_item {
    const char *key, *to, *subject, *body;
    char *err; /* out: NULL once delivered, else why (malloc'd) */
};

struct mail_sink_ops {
    /* Delivers one text/plain UTF-8 message. 0, or -1 with *err
     * (malloc'd). Header values with CR or LF are refused. */
    int (*send)(struct mail_sink *s, const char *to, const char *subject,
                const char *body, char **err);
    /* Optional: like send, but idempotent per key ([A-Za-z0-9._-]): a
     * second delivery with a key already delivered does nothing and
     * returns 0. The key also makes the Message-ID, so a receiver can
     * drop duplicates a sink cannot. */
    int (*send_keyed)(struct mail_sink *s, const char *key, const char *to,
                      const char *subject, const char *body, char **err);
    /* Optional: send_keyed for each of items[0..n), made durable together
     * (the spool syncs its directory once, not once per message). Sets
     * each item's err; returns how many failed. */
    int (*send_keyed_batch)(struct mail_sink *s, struct mail_item *items,
                            int n);
    void (*free)(struct mail_sink *s);
};

struct mail_sink {
    const struct mail_sink_ops *ops;
};

/* The sink cfg->mail_sink names, for cfg->data_dir; NULL with *err
 * (malloc'd). The caller frees it with mail_sink_free. */
struct mail_sink *mail_sink_new(const struct server_config *cfg, char **err);
/* Sends through s (see mail_sink_ops.send). */
int mail_send(struct mail_sink *s, const char *to, const char *subject,
              const char *body, char **err);
/* Sends through s once per key when the sink can (see send_keyed), else
 * as mail_send. */
int mail_send_keyed(struct mail_sink *s, const char *key, const char *to,
                    const char *subject, const char *body, char **err);
/* Sends every item once per key (see send_keyed_batch), or one by one
 * with mail_send_keyed on a sink without batches. Sets each item's err
 * (the caller frees); returns how many failed. */
int mail_send_keyed_batch(struct mail_sink *s, struct mail_item *items,
                          int n);
/* Whether s hands a batch over at once (send_keyed_batch), as the spool
 * does, rather than one message after another, as SMTP does. */
bool mail_sink_batches(const struct mail_sink *s);
void mail_sink_free(struct mail_sink *s);

/* The spool sink writing into dir (created 0700) with From: from. */
struct mail_sink *mail_spool_new(const char *dir, const char *from,
                                 char **err);

/* The SMTP sink sending through url (smtp://, smtps:// or
 * smtp+starttls://) with From: from; NULL with *err on a bad URL or
 * From address. Nothing is sent until a message is. */
struct mail_sink *mail_smtp_new(const char *url, const char *from,
                                char **err);

/* Builds the RFC 5322 text of a message (CRLF line ends); NULL with *err
 * if a header value holds CR, LF or another control character. The
 * caller frees. Exposed for the spool and for tests. */
char *mail_render(const char *from, const char *to, const char *subject,
                  const char *body, const char *message_id, long long epoch_s,
                  char **err);

#endif
