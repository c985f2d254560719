/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

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
	sink->write(sink->ctx, level, buf);
}
