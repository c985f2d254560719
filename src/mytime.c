/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "mytime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonx.h"
#include "notetime.h"
#include "text.h"

void mytime_day(time_t now, char *start, char *end, size_t len,
                char *label, size_t label_len)
{
	struct tm lt, u;
	time_t t0, t1;

	localtime_r(&now, &lt);
	if (label)
		strftime(label, label_len, "%a %e %b %Y", &lt);
	lt.tm_hour = lt.tm_min = lt.tm_sec = 0;
	lt.tm_isdst = -1;
	t0 = mktime(&lt);
	lt.tm_mday++;               /* mktime normalises the month's end */
	lt.tm_isdst = -1;
	t1 = mktime(&lt);
	gmtime_r(&t0, &u);
	strftime(start, len, "%Y-%m-%dT%H:%M:%SZ", &u);
	gmtime_r(&t1, &u);
	strftime(end, len, "%Y-%m-%dT%H:%M:%SZ", &u);
}

struct request *mytime_request(long agent_id, time_t now)
{
	const struct resource *res = resource_find("timesheetevents");
	struct request *req = res ? request_new(REQ_LIST, res) : NULL;
	char start[40], end[40], id[32];

	if (!req)
		return NULL;
	mytime_day(now, start, end, sizeof start, NULL, 0);
	snprintf(id, sizeof id, "%ld", agent_id);
	if (kv_add(&req->params, "agent_id", id) != 0 ||
	    kv_add(&req->params, "start_date", start) != 0 ||
	    kv_add(&req->params, "end_date", end) != 0)
		request_free(&req);
	return req;
}

static int by_start(const void *a, const void *b)
{
	return record_date_cmp(*(struct record *const *)a,
	                       *(struct record *const *)b, "start_date");
}

void mytime_sort(struct record **ev, size_t n)
{
	if (ev && n > 1)
		qsort(ev, n, sizeof *ev, by_start);
}

static long entry_time(const struct record *e)
{
	double h;

	return e && jsonx_number(e->obj, "timetaken", &h) ?
	       notetime_from_hours(h) : 0;
}

long mytime_total(struct record *const *ev, size_t n)
{
	long total = 0;

	for (size_t i = 0; i < n; i++)
		total += entry_time(ev[i]);
	return total;
}

char *mytime_line(const struct record *e)
{
	const char *subj = record_str(e, "subject");
	long ticket = record_id_of(e, "ticket_id");
	char when[16] = "--:--", took[32], tk[40] = "", *safe, *out;
	time_t t;
	struct tm lt;
	size_t len;

	if (record_date(e, "start_date", &t) && localtime_r(&t, &lt))
		strftime(when, sizeof when, "%H:%M", &lt);
	notetime_format(entry_time(e), took, sizeof took);
	if (ticket > 0)
		snprintf(tk, sizeof tk, "ticket %ld", ticket);
	safe = text_sanitize(subj ? subj : "", subj ? strlen(subj) : 0, 0);
	if (!safe)
		return NULL;
	text_flatten(safe);
	len = strlen(safe) + 100;
	out = malloc(len);
	if (out)
		snprintf(out, len, "%s  %6s  %-12s %s", when, took, tk, safe);
	free(safe);
	return out;
}
