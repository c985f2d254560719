/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "sla.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

/* Halo's built-in Closed status (HALO_API.md 5.1, default status ids). */
#define STATUS_CLOSED 9

static bool responded(const struct record *r)
{
	time_t t;

	return record_date(r, "responsedate", &t) ||
	       record_date(r, "firstresponsedate", &t);
}

static bool closed(const struct record *r)
{
	time_t t;

	return record_id_of(r, "status_id") == STATUS_CLOSED ||
	       record_date(r, "dateclosed", &t);
}

/* The state of one target whose window opened at start. */
static enum sla_state risk(time_t start, time_t target, time_t now)
{
	long long window, left = (long long)target - (long long)now;

	if (left < 0)
		return SLA_BREACHED;
	window = (long long)target - (long long)start;
	/* A quarter of the window left, or less: warn. Without a start
	 * (or a target before it) there is no window to measure. */
	if (start && window > 0 && left * 4 < window)
		return SLA_WARNING;
	return SLA_OK;
}

void sla_status(const struct record *r, time_t now, struct sla_status *out)
{
	time_t fix = 0, resp = 0, start = 0;
	bool has_fix, has_resp;

	memset(out, 0, sizeof *out);
	if (!r || record_flag(r, "excludefromsla") || closed(r))
		return;
	has_fix = record_date(r, "fixbydate", &fix);
	has_resp = !responded(r) && record_date(r, "respondbydate", &resp);
	if (!has_fix && !has_resp)
		return;
	out->fix_by = has_fix ? fix : 0;
	out->respond_by = has_resp ? resp : 0;
	if (record_flag(r, "onhold")) {
		out->state = SLA_PAUSED;
		return;
	}
	if (!record_date(r, "dateoccurred", &start))
		start = 0;
	/* The target that falls due first is the one at risk. */
	out->respond = has_resp && (!has_fix || resp < fix);
	out->target = out->respond ? resp : fix;
	out->left = (long long)out->target - (long long)now;
	out->state = risk(start, out->target, now);
}

void sla_duration(long long s, char *buf, size_t len)
{
	const char *sign = s < 0 ? "-" : "";
	long long a = s < 0 ? -s : s;
	long long d = a / 86400, h = a % 86400 / 3600, m = a % 3600 / 60;

	if (!buf || !len)
		return;
	if (d >= 100)   /* the hours no longer matter, the width does */
		snprintf(buf, len, "%s%lldd", sign, d);
	else if (d > 0)
		snprintf(buf, len, "%s%lldd%lldh", sign, d, h);
	else if (h > 0)
		snprintf(buf, len, "%s%lldh%02lldm", sign, h, m);
	else
		snprintf(buf, len, "%s%lldm", sign, m);
}

void sla_cell(const struct sla_status *s, char *buf, size_t len)
{
	char d[32];

	if (!buf || !len)
		return;
	buf[0] = '\0';
	switch (s->state) {
	case SLA_NONE:
		break;
	case SLA_PAUSED:
		snprintf(buf, len, "paused");
		break;
	case SLA_OK:
	case SLA_WARNING:
	case SLA_BREACHED:
		sla_duration(s->left, d, sizeof d);
		snprintf(buf, len, "%s%s", s->respond ? "r " : "", d);
		break;
	}
}

char *sla_display(const struct record *r)
{
	struct sla_status s;
	char buf[64];

	sla_status(r, clock_now(), &s);
	sla_cell(&s, buf, sizeof buf);
	return strdup(buf);
}
