/* The SMTP sink: each message goes to a relay through libcurl, one
 * connection per message (mail is rare: sign-up codes, confirmations,
 * alerts), so any thread may send without sharing a handle.
 *
 * URL schemes: smtp:// (plain), smtps:// (TLS from the first byte) and
 * smtp+starttls:// (plain, then STARTTLS, which must succeed: a relay that
 * does not offer it fails the send rather than getting the mail in clear).
 * Credentials may sit in the URL (smtp://user:pass@host:587); they are
 * never put in an error message or a log line.
 *
 * A keyed message cannot be deduplicated here (the relay has no memory we
 * can ask), so it carries Message-ID <KEY@domain>: a receiver that drops
 * duplicates by Message-ID sees one message even if a crash made us send
 * it twice. */
#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "common/uuid.h"
#include "server/mail/mail.h"

#define CONNECT_TIMEOUT_S 10L
#define SEND_TIMEOUT_S 60L

struct smtp {
    struct mail_sink base; /* first: a struct mail_sink * is a smtp * */
    char *url;             /* as libcurl takes it (smtp+starttls → smtp) */
    bool starttls;
    char *from;            /* the From header */
    char *from_addr;       /* the envelope sender, bare */
    char *domain;          /* for Message-ID */
};

struct upload {
    const char *data;
    size_t len, off;
};

static size_t read_cb(char *buf, size_t size, size_t n, void *user)
{
    struct upload *u = user;
    size_t room = size * n, left = u->len - u->off;
    size_t take = left < room ? left : room;
    memcpy(buf, u->data + u->off, take);
    u->off += take;
    return take;
}

/* An envelope address: printable ASCII, no spaces, no angle brackets. */
static bool address_ok(const char *a)
{
    if (!*a || !strchr(a, '@'))
        return false;
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || *p == '<' || *p == '>')
            return false;
    return true;
}

/* "Name <a@b>" → "a@b"; a bare address as it is. */
static char *bare_address(const char *from)
{
    const char *lt = strrchr(from, '<');
    if (lt) {
        const char *gt = strchr(lt, '>');
        if (gt)
            return xstrndup(lt + 1, (size_t)(gt - lt - 1));
    }
    return xstrdup(from);
}

static int deliver(struct smtp *sm, const char *local, const char *to,
                   const char *subject, const char *body, char **err)
{
    if (!address_ok(to)) {
        *err = xstrdup("mail recipient is not a plain address");
        return -1;
    }
    struct strbuf mid = {0};
    strbuf_printf(&mid, "%s@%s", local, sm->domain);
    char *text = mail_render(sm->from, to, subject, body, mid.buf,
                             (long long)(time_now_ms() / 1000), err);
    strbuf_free(&mid);
    if (!text)
        return -1;

    CURL *h = curl_easy_init();
    if (!h) {
        free(text);
        *err = xstrdup("cannot start an SMTP session (libcurl)");
        return -1;
    }
    struct strbuf env_from = {0}, env_to = {0};
    strbuf_printf(&env_from, "<%s>", sm->from_addr);
    strbuf_printf(&env_to, "<%s>", to);
    struct curl_slist *rcpt = curl_slist_append(NULL, env_to.buf);
    struct upload up = {text, strlen(text), 0};
    char errbuf[CURL_ERROR_SIZE] = "";

    curl_easy_setopt(h, CURLOPT_URL, sm->url);
    curl_easy_setopt(h, CURLOPT_USE_SSL,
                     sm->starttls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, env_from.buf);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, &up);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up.len);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, SEND_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

    CURLcode rc = curl_easy_perform(h);
    long reply = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
    curl_easy_cleanup(h);
    curl_slist_free_all(rcpt);
    strbuf_free(&env_from);
    strbuf_free(&env_to);
    free(text);
    if (rc == CURLE_OK)
        return 0;
    /* errbuf names the step ("STARTTLS not supported", "RCPT failed: 550");
     * libcurl does not put the URL's credentials in it. */
    *err = str_printf("SMTP relay refused or unreachable: %s%s%s (reply %ld)",
                      curl_easy_strerror(rc), errbuf[0] ? ": " : "", errbuf,
                      reply);
    return -1;
}

static int smtp_send(struct mail_sink *s, const char *to, const char *subject,
                     const char *body, char **err)
{
    char id[UUID_STR_LEN];
    uuid_v4(id);
    return deliver((struct smtp *)s, id, to, subject, body, err);
}

static int smtp_send_keyed(struct mail_sink *s, const char *key,
                           const char *to, const char *subject,
                           const char *body, char **err)
{
    for (const char *p = key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')) {
            *err = xstrdup("mail key must be letters, digits, '-', '_' or '.'");
            return -1;
        }
    return deliver((struct smtp *)s, key, to, subject, body, err);
}

static void smtp_free(struct mail_sink *s)
{
    struct smtp *sm = (struct smtp *)s;
    free(sm->url);
    free(sm->from);
    free(sm->from_addr);
    free(sm->domain);
    free(sm);
}

static const struct mail_sink_ops SMTP_OPS = {
    .send = smtp_send,
    .send_keyed = smtp_send_keyed,
    .free = smtp_free,
};

struct mail_sink *mail_smtp_new(const char *url, const char *from, char **err)
{
    static const char STARTTLS[] = "smtp+starttls://";
    bool starttls = strncmp(url, STARTTLS, sizeof STARTTLS - 1) == 0;
    if (!starttls && strncmp(url, "smtp://", 7) != 0 &&
        strncmp(url, "smtps://", 8) != 0) {
        *err = xstrdup("[mail] smtp_url must start with smtp://, smtps:// or "
                       "smtp+starttls://");
        return NULL;
    }
    char *addr = bare_address(from);
    if (!address_ok(addr)) {
        free(addr);
        *err = xstrdup("[mail] from must hold a plain address "
                       "(e.g. inventui <no-reply@example.com>)");
        return NULL;
    }
    struct smtp *sm = xcalloc(1, sizeof *sm);
    sm->base.ops = &SMTP_OPS;
    sm->starttls = starttls;
    sm->url = starttls ? str_printf("smtp://%s", url + sizeof STARTTLS - 1)
                       : xstrdup(url);
    sm->from = xstrdup(from);
    sm->from_addr = addr;
    sm->domain = xstrdup(strchr(addr, '@') + 1);
    return &sm->base;
}
