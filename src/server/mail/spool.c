/* The spool sink: one .eml file per message, written under a temporary
 * name and renamed, so a reader of DATA_DIR/mail/ never sees half a file.
 * Keyed messages are named KEY.eml and put in place with link(2), which
 * never replaces a file: the first delivery of a key wins, any later one
 * is a no-op, so a message retried after a crash lands once. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* The rendered message, stamped now, with Message-ID <local@domain>. */
static char *render(struct spool *sp, const char *local, const char *to,
                    const char *subject, const char *body, int64_t now,
                    char **err)
{
    struct strbuf mid = {0};
    strbuf_printf(&mid, "%s@%s", local, sp->domain);
    char *text = mail_render(sp->from, to, subject, body, mid.buf,
                             (long long)(now / 1000), err);
    strbuf_free(&mid);
    return text;
}

static int spool_send(struct mail_sink *s, const char *to,
                      const char *subject, const char *body, char **err)
{
    struct spool *sp = (struct spool *)s;
    char id[UUID_STR_LEN];
    uuid_v4(id);
    int64_t now = time_now_ms();
    char *text = render(sp, id, to, subject, body, now, err);
    if (!text)
        return -1;
    struct strbuf path = {0};
    strbuf_printf(&path, "%s/%lld-%s.eml", sp->dir, (long long)now, id);
    int rc = fs_write_private(path.buf, text, strlen(text));
    if (rc != 0)
        *err = errno_msg("cannot write", path.buf);
    free(text);
    strbuf_free(&path);
    return rc;
}

static bool key_ok(const char *key)
{
    if (!*key || *key == '.' || strlen(key) > 200)
        return false;
    for (const char *p = key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
              *p == '.'))
            return false;
    return true;
}

static int spool_send_keyed(struct mail_sink *s, const char *key,
                            const char *to, const char *subject,
                            const char *body, char **err)
{
    struct spool *sp = (struct spool *)s;
    if (!key_ok(key)) {
        *err = xstrdup("mail key must be letters, digits, '-', '_' or '.'");
        return -1;
    }
    char id[UUID_STR_LEN];
    uuid_v4(id);
    struct strbuf tmp = {0}, path = {0};
    strbuf_printf(&tmp, "%s/.%s.part", sp->dir, id);
    strbuf_printf(&path, "%s/%s.eml", sp->dir, key);
    int rc = -1;
    char *text = render(sp, key, to, subject, body, time_now_ms(), err);
    if (!text)
        goto out;
    if (fs_write_private(tmp.buf, text, strlen(text)) != 0) {
        *err = errno_msg("cannot write", tmp.buf);
        goto out;
    }
    if (link(tmp.buf, path.buf) == 0 || errno == EEXIST)
        rc = 0;
    else
        *err = errno_msg("cannot deliver", path.buf);
    unlink(tmp.buf);
out:
    free(text);
    strbuf_free(&tmp);
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
    .send_keyed = spool_send_keyed,
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

/* A delivery killed half-way (kill -9, power cut) leaves its temporary
 * ".ID.part…" file behind. A delivery takes milliseconds from write to
 * unlink, so one older than a minute belongs to no live sender. */
static void remove_stale_parts(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] != '.' || !strstr(e->d_name, ".part"))
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(st.st_mode) && now - st.st_mtime > 60)
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

struct mail_sink *mail_spool_new(const char *dir, const char *from,
                                 char **err)
{
    if (fs_mkdirs(dir, 0700) != 0) {
        *err = errno_msg("cannot create mail spool", dir);
        return NULL;
    }
    remove_stale_parts(dir);
    struct spool *sp = xcalloc(1, sizeof *sp);
    sp->base.ops = &SPOOL_OPS;
    sp->dir = xstrdup(dir);
    sp->from = xstrdup(from);
    sp->domain = from_domain(from);
    return &sp->base;
}
