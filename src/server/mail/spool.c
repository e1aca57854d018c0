/* The spool sink: one .eml file per message, written under a temporary
 * name and renamed, so a reader of DATA_DIR/mail/ never sees half a file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/fsutil.h"
#include "common/mem.h"
#include "common/strbuf.h"
#include "common/timeutil.h"
#include "common/uuid.h"
#include "server/mail/mail.h"

struct spool {
    struct mail_sink base; /* first: a struct mail_sink * is a spool * */
    char *dir;
    char *from;
    char *domain; /* for Message-ID */
};

static char *errno_msg(const char *what, const char *path)
{
    struct strbuf sb = {0};
    strbuf_printf(&sb, "%s %s: %s", what, path, strerror(errno));
    return strbuf_detach(&sb, NULL);
}

static int spool_send(struct mail_sink *s, const char *to,
                      const char *subject, const char *body, char **err)
{
    struct spool *sp = (struct spool *)s;
    char id[UUID_STR_LEN];
    uuid_v4(id);
    int64_t now = time_now_ms();
    struct strbuf mid = {0}, path = {0};
    strbuf_printf(&mid, "%s@%s", id, sp->domain);
    char *text = mail_render(sp->from, to, subject, body, mid.buf,
                             (long long)(now / 1000), err);
    strbuf_free(&mid);
    if (!text)
        return -1;
    strbuf_printf(&path, "%s/%lld-%s.eml", sp->dir, (long long)now, id);
    int rc = fs_write_private(path.buf, text, strlen(text));
    if (rc != 0)
        *err = errno_msg("cannot write", path.buf);
    free(text);
    strbuf_free(&path);
    return rc;
}

static void spool_free(struct mail_sink *s)
{
    struct spool *sp = (struct spool *)s;
    free(sp->dir);
    free(sp->from);
    free(sp->domain);
    free(sp);
}

static const struct mail_sink_ops SPOOL_OPS = {
    .send = spool_send,
    .free = spool_free,
};

/* The domain of the From address ("a <x@d.example>" → "d.example"). */
static char *from_domain(const char *from)
{
    const char *at = strrchr(from, '@');
    if (!at)
        return xstrdup("inventui.local");
    const char *end = at + 1;
    while (*end && *end != '>' && *end != ' ')
        end++;
    return end > at + 1 ? xstrndup(at + 1, (size_t)(end - at - 1))
                        : xstrdup("inventui.local");
}

struct mail_sink *mail_spool_new(const char *dir, const char *from,
                                 char **err)
{
    if (fs_mkdirs(dir, 0700) != 0) {
        *err = errno_msg("cannot create mail spool", dir);
        return NULL;
    }
    struct spool *sp = xcalloc(1, sizeof *sp);
    sp->base.ops = &SPOOL_OPS;
    sp->dir = xstrdup(dir);
    sp->from = xstrdup(from);
    sp->domain = from_domain(from);
    return &sp->base;
}
