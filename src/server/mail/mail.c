#include "server/mail/mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/base64.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "server/config.h"

struct mail_sink *mail_sink_new(const struct server_config *cfg, char **err)
{
    if (strcmp(cfg->mail_sink, "spool") == 0) {
        struct strbuf dir = {0};
        strbuf_printf(&dir, "%s/mail", cfg->data_dir);
        struct mail_sink *s = mail_spool_new(dir.buf, cfg->mail_from, err);
        strbuf_free(&dir);
        return s;
    }
    if (strcmp(cfg->mail_sink, "smtp") == 0)
        return mail_smtp_new(cfg->smtp_url, cfg->mail_from, err);
    struct strbuf sb = {0};
    strbuf_printf(&sb, "unknown mail sink \"%s\"", cfg->mail_sink);
    *err = strbuf_detach(&sb, NULL);
    return NULL;
}

int mail_send(struct mail_sink *s, const char *to, const char *subject,
              const char *body, char **err)
{
    return s->ops->send(s, to, subject, body, err);
}

int mail_send_keyed(struct mail_sink *s, const char *key, const char *to,
                    const char *subject, const char *body, char **err)
{
    if (s->ops->send_keyed)
        return s->ops->send_keyed(s, key, to, subject, body, err);
    return s->ops->send(s, to, subject, body, err);
}

int mail_send_keyed_batch(struct mail_sink *s, struct mail_item *items,
                          int n)
{
    if (s->ops->send_keyed_batch)
        return s->ops->send_keyed_batch(s, items, n);
    int failed = 0;
    for (int i = 0; i < n; i++) {
        items[i].err = NULL;
        failed += mail_send_keyed(s, items[i].key, items[i].to,
                                  items[i].subject, items[i].body,
                                  &items[i].err) != 0;
    }
    return failed;
}

bool mail_sink_batches(const struct mail_sink *s)
{
    return s->ops->send_keyed_batch != NULL;
}

void mail_sink_free(struct mail_sink *s)
{
    if (s)
        s->ops->free(s);
}

/* A header value must stay on its line: no CR, LF or other C0 control
 * (tab aside), and no DEL. */
static int header_ok(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
            return 0;
    return 1;
}

static int is_ascii(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p >= 0x80)
            return 0;
    return 1;
}

/* Subject: as is when ASCII, else an RFC 2047 encoded-word. */
static void put_subject(struct strbuf *sb, const char *subject)
{
    if (is_ascii(subject)) {
        strbuf_printf(sb, "Subject: %s\r\n", subject);
        return;
    }
    char *b64 = base64_encode(subject, strlen(subject));
    strbuf_printf(sb, "Subject: =?UTF-8?B?%s?=\r\n", b64);
    free(b64);
}

/* The body with every line end as CRLF and lines cut at 998 octets, as
 * 8bit transfer encoding requires. */
static void put_body(struct strbuf *sb, const char *body)
{
    const char *p = body;
    while (*p) {
        /* One run of up to 998 octets with no line end, appended whole
         * (the worker renders a mail per order). */
        size_t run = strcspn(p, "\r\n");
        if (run > 998)
            run = 998;
        strbuf_append(sb, p, run);
        p += run;
        if (*p == '\r' && p[1] == '\n')
            p++;
        if (*p == '\r' || *p == '\n')
            p++;
        strbuf_append(sb, "\r\n", 2);
    }
}

char *mail_render(const char *from, const char *to, const char *subject,
                  const char *body, const char *message_id, long long epoch_s,
                  char **err)
{
    const char *bad = !header_ok(from) ? "From" : !header_ok(to) ? "To"
                      : !header_ok(subject) ? "Subject"
                      : !header_ok(message_id) ? "Message-ID" : NULL;
    if (bad) {
        struct strbuf e = {0};
        strbuf_printf(&e, "mail header %s holds a control character", bad);
        *err = strbuf_detach(&e, NULL);
        return NULL;
    }
    /* Names fixed here: strftime's %a/%b would follow the locale. */
    static const char *const DAYS[] = {"Sun", "Mon", "Tue", "Wed",
                                       "Thu", "Fri", "Sat"};
    static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)epoch_s;
    struct tm tm;
    gmtime_r(&t, &tm);
    struct strbuf sb = {0};
    strbuf_printf(&sb, "From: %s\r\nTo: %s\r\n", from, to);
    put_subject(&sb, subject);
    strbuf_printf(&sb,
                  "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n"
                  "Message-ID: <%s>\r\n"
                  "MIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=utf-8\r\n"
                  "Content-Transfer-Encoding: 8bit\r\n"
                  "\r\n",
                  DAYS[tm.tm_wday], tm.tm_mday, MONTHS[tm.tm_mon],
                  tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  message_id);
    put_body(&sb, body);
    return strbuf_detach(&sb, NULL);
}
