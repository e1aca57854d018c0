/* The spool sink: one .eml file per message, written under a temporary
 * name (or none) and put in place whole, so a reader of DATA_DIR/mail/
 * never sees half a file. Keyed messages are named KEY.eml and put in
 * place with link(2), which never replaces a file: the first delivery of
 * a key wins, any later one is a no-op, so a message retried after a
 * crash lands once. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
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
    /* O_TMPFILE works in dir (and /proc names its files); atomic: the
     * sink is shared by threads and the first to find it missing says so */
    atomic_bool tmpfile;
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

/* fsync of a directory: its entries (new names) reach the disk. */
static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    errno = saved;
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

/* A keyed message on its way in: written to an unnamed file (O_TMPFILE)
 * or, where the file system has none, to DIR/.ID.part. */
struct incoming {
    int fd;
    char *part; /* the named temporary file, or NULL */
};

static int open_incoming(struct spool *sp, struct incoming *in)
{
    in->part = NULL;
#ifdef O_TMPFILE
    if (atomic_load(&sp->tmpfile)) {
        in->fd = open(sp->dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
        if (in->fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR &&
                            errno != EINVAL && errno != ENOENT))
            return in->fd;
        atomic_store(&sp->tmpfile, false); /* named files from now on */
    }
#endif
    char id[UUID_STR_LEN];
    uuid_v4(id);
    in->part = str_printf("%s/.%s.part", sp->dir, id);
    in->fd = open(in->part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                  O_CLOEXEC, 0600);
    if (in->fd < 0) {
        free(in->part);
        in->part = NULL;
    }
    return in->fd;
}

static int write_all(int fd, const char *p, size_t left)
{
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        left -= (size_t)n;
    }
    return 0;
}

/* Gives the written file its name with link(2), which never replaces a
 * file: EEXIST means the key was delivered before, which is success. */
static int name_incoming(struct incoming *in, const char *path)
{
    int rc;
    if (in->part) {
        rc = link(in->part, path);
    } else {
        char fdpath[64];
        snprintf(fdpath, sizeof fdpath, "/proc/self/fd/%d", in->fd);
        rc = linkat(AT_FDCWD, fdpath, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
    }
    return rc == 0 || errno == EEXIST ? 0 : -1;
}

static void close_incoming(struct incoming *in)
{
    if (in->fd >= 0)
        close(in->fd);
    if (in->part)
        unlink(in->part);
    free(in->part);
    in->fd = -1;
    in->part = NULL;
}

/* Writes one item's file (not yet named); -1 with item->err. */
static int write_item(struct spool *sp, struct mail_item *item,
                      struct incoming *in)
{
    in->fd = -1;
    in->part = NULL;
    if (!key_ok(item->key)) {
        item->err = xstrdup("mail key must be letters, digits, '-', '_' "
                            "or '.'");
        return -1;
    }
    char *text = render(sp, item->key, item->to, item->subject, item->body,
                        time_now_ms(), &item->err);
    if (!text)
        return -1;
    int rc = -1;
    if (open_incoming(sp, in) < 0) {
        item->err = errno_msg("cannot create a file in", sp->dir);
    } else if (write_all(in->fd, text, strlen(text)) != 0) {
        item->err = errno_msg("cannot write a file in", sp->dir);
    } else {
        rc = 0;
    }
    free(text);
    return rc;
}

/* 32: with the worker's cycles of up to 500 mails, 16 threads left the
 * syncs queued behind each other; 64 did no better than 32. */
#define WRITE_THREADS 32

/* A batch being written: each thread takes the next item. */
struct write_job {
    struct spool *sp;
    struct mail_item *items;
    int n;
    atomic_int next;
};

/* One item: written and synced under no name, then named, then closed,
 * so a batch holds at most one file open per thread. item->err says why
 * when it fails. */
static void deliver_item(struct spool *sp, struct mail_item *item)
{
    struct incoming in;
    if (write_item(sp, item, &in) != 0) {
        /* item->err says why */
    } else if (fdatasync(in.fd) != 0) {
        item->err = errno_msg("cannot sync a file in", sp->dir);
    } else {
        char *path = str_printf("%s/%s.eml", sp->dir, item->key);
        if (name_incoming(&in, path) != 0)
            item->err = errno_msg("cannot deliver", path);
        free(path);
    }
    close_incoming(&in);
}

/* Delivers items until none is left. Each item is one thread's alone:
 * its err is written by that thread only. */
static void *write_items(void *arg)
{
    struct write_job *j = arg;
    for (int i; (i = atomic_fetch_add(&j->next, 1)) < j->n;)
        deliver_item(j->sp, &j->items[i]);
    return NULL;
}

/* A batch: every file is written and synced before it gets its name, on
 * up to WRITE_THREADS threads (creating a file and syncing it each wait on
 * the disk, and the waits of a batch overlap instead of adding up); then
 * the directory is synced once, for all the names. A crash at any point
 * leaves a message either absent or whole and durable under its name, and
 * only after the directory sync does the caller record the batch as sent:
 * one directory sync per batch instead of one rename and sync per
 * message. */
static int spool_send_keyed_batch(struct mail_sink *s, struct mail_item *items,
                                  int n)
{
    struct spool *sp = (struct spool *)s;
    for (int i = 0; i < n; i++)
        items[i].err = NULL;
    struct write_job j = {.sp = sp, .items = items, .n = n};
    atomic_init(&j.next, 0);
    pthread_t th[WRITE_THREADS];
    int started = 0;
    for (int t = 1; t < WRITE_THREADS && t * 4 < n; t++)
        if (pthread_create(&th[started], NULL, write_items, &j) == 0)
            started++;
    write_items(&j); /* this thread too, and alone if none started */
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    int failed = 0;
    for (int i = 0; i < n; i++)
        failed += items[i].err != NULL;
    int named = n - failed;
    if (named > 0 && fsync_dir(sp->dir) != 0) {
        /* The names may not survive a crash: say so, and let the caller
         * retry (a retry finds the name and takes it as delivered). */
        for (int i = 0; i < n; i++)
            if (!items[i].err) {
                items[i].err = errno_msg("cannot sync", sp->dir);
                failed++;
            }
    }
    return failed;
}

static int spool_send_keyed(struct mail_sink *s, const char *key,
                            const char *to, const char *subject,
                            const char *body, char **err)
{
    struct mail_item item = {key, to, subject, body, NULL};
    int failed = spool_send_keyed_batch(s, &item, 1);
    *err = item.err;
    return failed ? -1 : 0;
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
    .send_keyed_batch = spool_send_keyed_batch,
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
    atomic_init(&sp->tmpfile, access("/proc/self/fd", X_OK) == 0);
    return &sp->base;
}
