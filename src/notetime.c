/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "notetime.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define FORMS "type h:mm (0:15), minutes (15 or 15m) or hours (1h, 1h30m)"

/* Digits at *p as a number (at most 6 of them); -1 when none. */
static long digits(const char **p)
{
	long v = 0;
	int n = 0;

	while (isdigit((unsigned char)**p)) {
		if (++n > 6)
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	return n ? v : -1;
}

static void skip_space(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

static enum halo_status bad(const char *text, struct errbuf *err)
{
	return errbuf_set(err, HALO_EUSAGE, "time \"%.40s\" not understood: "
	                  FORMS, text);
}

enum halo_status notetime_parse(const char *text, long *seconds,
                                struct errbuf *err)
{
	const char *p = text ? text : "";
	long a, b, total;

	*seconds = 0;
	skip_space(&p);
	if (!*p)
		return HALO_OK;
	if (*p == '-')
		return errbuf_set(err, HALO_EUSAGE, "time \"%.40s\" is negative: "
		                  FORMS, text);
	a = digits(&p);
	if (a < 0)
		return bad(text, err);
	if (*p == ':') {
		p++;
		if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
			return bad(text, err);
		b = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
		if (b >= 60)
			return errbuf_set(err, HALO_EUSAGE, "time \"%.40s\": "
			                  "minutes after the colon go up to 59",
			                  text);
		total = a * 3600 + b * 60;
	} else if (*p == 'h' || *p == 'H') {
		p++;
		total = a * 3600;
		skip_space(&p);
		if (isdigit((unsigned char)*p)) {
			b = digits(&p);
			if (b < 0 || (*p != 'm' && *p != 'M'))
				return bad(text, err);
			p++;
			total += b * 60;
		}
	} else {
		if (*p == 'm' || *p == 'M')
			p++;
		total = a * 60;
	}
	skip_space(&p);
	if (*p)
		return bad(text, err);
	if (total > NOTETIME_MAX_S)
		return errbuf_set(err, HALO_EUSAGE, "time \"%.40s\" is more than "
		                  "24 hours: one note takes at most 24:00", text);
	*seconds = total;
	return HALO_OK;
}

void notetime_format(long seconds, char *buf, size_t len)
{
	if (seconds < 0)
		seconds = 0;
	snprintf(buf, len, "%ld:%02ld", seconds / 3600, seconds / 60 % 60);
}

void notetime_hours_text(long seconds, char *buf, size_t len)
{
	long whole, frac;
	size_t n;

	if (seconds < 0)
		seconds = 0;
	whole = seconds / 3600;
	/* Rounded to the millionth of an hour, without the locale's printf. */
	frac = (long)(((seconds % 3600) * 1000000L + 1800) / 3600);
	if (frac >= 1000000) {
		whole++;
		frac -= 1000000;
	}
	if (!frac) {
		snprintf(buf, len, "%ld", whole);
		return;
	}
	snprintf(buf, len, "%ld.%06ld", whole, frac);
	n = strlen(buf);
	while (n && buf[n - 1] == '0')
		buf[--n] = '\0';
}

long notetime_from_hours(double hours)
{
	if (!isfinite(hours) || hours <= 0 || hours > 100000)
		return 0;
	return lround(hours * 3600.0);
}
