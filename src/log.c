/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

#include "scrub.h"

void log_msg(const struct log_sink *sink, enum log_level level,
             const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (!sink || !sink->write || level < sink->min_level)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* "Bearer ..." never reaches a log; the worker's own sink also
	 * knows its token and secret (worker_scrub.c). */
	scrub_text(NULL, buf, sizeof buf);
	sink->write(sink->ctx, level, buf);
}
