/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "trace.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Only the UI thread traces, so one file handle is enough. */
static FILE *trace_file;

/* Private to its owner, whatever made it: the trace names the requests
 * made (paths, searches). */
int trace_open(const char *path)
{
	struct stat sb;
	int fd;

	trace_close();
	if (!path || !*path)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY,
	          0600);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0 ||
	    (S_ISREG(sb.st_mode) && (sb.st_mode & 077) && fchmod(fd, 0600) != 0)) {
		close(fd);
		return -1;
	}
	trace_file = fdopen(fd, "a");
	if (!trace_file) {
		close(fd);
		return -1;
	}
	/* Line-buffered: a line is on disk when the event happens. */
	setvbuf(trace_file, NULL, _IOLBF, 0);
	return 0;
}

void trace_close(void)
{
	if (trace_file)
		fclose(trace_file);
	trace_file = NULL;
}

int trace_on(void)
{
	return trace_file != NULL;
}

double trace_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void trace_event(const char *event, const char *fmt, ...)
{
	struct timespec wall;
	struct tm tm;
	char when[32];
	va_list ap;

	if (!trace_file)
		return;
	clock_gettime(CLOCK_REALTIME, &wall);
	gmtime_r(&wall.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(trace_file, "%.3f %s.%03ldZ %s", trace_now_ms(), when,
	        wall.tv_nsec / 1000000L, event);
	if (fmt && *fmt) {
		fputc(' ', trace_file);
		va_start(ap, fmt);
		vfprintf(trace_file, fmt, ap);
		va_end(ap);
	}
	fputc('\n', trace_file);
}
