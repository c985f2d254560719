/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "reqlog.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct reqlog {
	FILE *fp;
	pthread_mutex_t lock;
};

enum halo_status reqlog_open(struct reqlog **out, const char *path,
                             struct errbuf *err)
{
	struct reqlog *rl;
	int fd;

	*out = NULL;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return errbuf_set(err, HALO_EIO, "%s: cannot open the log: %s",
		                  path, strerror(errno));
	rl = calloc(1, sizeof *rl);
	if (rl)
		rl->fp = fdopen(fd, "a");
	if (!rl || !rl->fp) {
		close(fd);
		free(rl);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	setvbuf(rl->fp, NULL, _IOLBF, 0);
	pthread_mutex_init(&rl->lock, NULL);
	*out = rl;
	return HALO_OK;
}

void reqlog_write(struct reqlog *rl, const char *method, const char *path,
                  int status, long ms, int attempt, const char *note)
{
	struct timespec ts;
	struct tm tm;
	char when[32];

	if (!rl)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	pthread_mutex_lock(&rl->lock);
	fprintf(rl->fp, "%s.%03ldZ %s %s %d %ldms attempt=%d%s%s\n", when,
	        ts.tv_nsec / 1000000L, method, path, status, ms, attempt,
	        note ? " " : "", note ? note : "");
	pthread_mutex_unlock(&rl->lock);
}

void reqlog_close(struct reqlog **rl)
{
	if (!rl || !*rl)
		return;
	fclose((*rl)->fp);
	pthread_mutex_destroy(&(*rl)->lock);
	free(*rl);
	*rl = NULL;
}
