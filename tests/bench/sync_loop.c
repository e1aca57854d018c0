/* sync_loop — a neighbour that makes writes durable, for make bench's
 * control rows: about RATE times a second it writes one 4 KiB page of
 * FILE and, unless "nosync" is given, fdatasyncs it, as a commit or a
 * mail file would. It shares nothing with the server but the machine, so
 * a row run beside it shows what the durable writes themselves cost the
 * reads (on a virtual disk each flush is the host's), apart from any lock
 * or thread of the server's.
 *
 * Usage: sync_loop RATE FILE [nosync]   (runs until killed; FILE is
 * created 0600 and left for the caller to remove) */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "nosync"))) {
        fprintf(stderr, "usage: sync_loop RATE FILE [nosync]\n");
        return 2;
    }
    double rate = atof(argv[1]);
    if (!(rate > 0 && rate <= 100000)) {
        fprintf(stderr, "sync_loop: RATE must be a number from 1 to 100000\n");
        return 2;
    }
    int fd = open(argv[2], O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        perror(argv[2]);
        return 1;
    }
    char page[4096];
    memset(page, 'x', sizeof page);
    int durable = argc == 3;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    long step = (long)(1e9 / rate);
    for (unsigned long i = 0;; i++) {
        /* Over 256 pages, so the file stays 1 MiB. */
        if (pwrite(fd, page, sizeof page, (off_t)(i % 256) * 4096) < 0 ||
            (durable && fdatasync(fd) != 0)) {
            perror(argv[2]);
            return 1;
        }
        next.tv_nsec += step;
        while (next.tv_nsec >= 1000000000L) {
            next.tv_nsec -= 1000000000L;
            next.tv_sec++;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
}
