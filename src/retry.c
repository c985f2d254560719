/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "retry.h"

#include <string.h>

/* Retry-After is honoured up to an hour: a longer wait is a broken or
 * hostile header, and the user can always retry by hand. */
#define RETRY_AFTER_MAX_S 3600L
/* Nothing waits less than this after a 429: the server asked us to slow
 * down, and a zero wait would spin. */
#define RETRY_RATE_MIN_MS 1000L
/* A refused connection is tried this many times in all: a server that is
 * down or a wrong port is told at once, a restart is ridden out. */
#define RETRY_REFUSED_TRIES 2

void retry_policy_default(struct retry_policy *p)
{
	if (!p)
		return;
	p->max_attempts = 5;
	p->base_ms = 1000;
	p->max_ms = 60000;
	p->rate_base_ms = 5000;
	p->refused_ms = 250;
}

/* rnd as a fraction in [0, 1], both ends reachable. */
static double rnd_unit(uint32_t rnd)
{
	return (double)rnd / (double)UINT32_MAX;
}

/* base * 2^(attempt-1), capped at cap, without overflow. */
static long backoff_ms(long base, int attempt, long cap)
{
	long v = base < 0 ? 0 : base;

	if (cap < 0)
		cap = 0;
	for (int i = 1; i < attempt && v > 0 && v < cap; i++)
		v = v > cap / 2 ? cap : v * 2;
	return v < cap ? v : cap;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool parse_seconds(const char *s, size_t len, long *out)
{
	long v = 0;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		/* Saturate: only whether it passes the clamp matters. */
		if (v <= RETRY_AFTER_MAX_S)
			v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* n digits at s as a number, or -1. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int name_index(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (memcmp(s, names[i], 3) == 0)
			return i;
	return -1;
}

static int days_in_month(int year, int mon)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return mon == 1 && leap ? 29 : days[mon];
}

/* IMF-fixdate, exactly: "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 5.6.7). */
static bool parse_imf_fixdate(const char *s, size_t len, time_t *out)
{
	static const char *const wdays[] = { "Mon", "Tue", "Wed", "Thu",
	                                     "Fri", "Sat", "Sun" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	                                      "May", "Jun", "Jul", "Aug",
	                                      "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	if (len != 29 || name_index(s, wdays, 7) < 0 ||
	    memcmp(s + 3, ", ", 2) != 0 || s[7] != ' ' || s[11] != ' ' ||
	    s[16] != ' ' || s[19] != ':' || s[22] != ':' ||
	    memcmp(s + 25, " GMT", 4) != 0)
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_mday = digits(s + 5, 2);
	tm.tm_mon = name_index(s + 8, months, 12);
	tm.tm_year = digits(s + 12, 4);
	tm.tm_hour = digits(s + 17, 2);
	tm.tm_min = digits(s + 20, 2);
	tm.tm_sec = digits(s + 23, 2);
	if (tm.tm_mon < 0 || tm.tm_year < 0 || tm.tm_hour < 0 ||
	    tm.tm_hour > 23 || tm.tm_min < 0 || tm.tm_min > 59 ||
	    tm.tm_sec < 0 || tm.tm_sec > 60 || tm.tm_mday < 1 ||
	    tm.tm_mday > days_in_month(tm.tm_year, tm.tm_mon))
		return false;
	tm.tm_year -= 1900;
	*out = timegm(&tm);
	return *out != (time_t)-1;
}

long retry_after_ms(const char *value, time_t now)
{
	size_t len;
	long secs;
	time_t when;

	if (!value)
		return -1;
	while (is_space(*value))
		value++;
	len = strlen(value);
	while (len > 0 && is_space(value[len - 1]))
		len--;
	if (!parse_seconds(value, len, &secs)) {
		if (!parse_imf_fixdate(value, len, &when))
			return -1;
		if (when <= now)
			return 0;
		/* Compared as time_t: the difference may not fit a long. */
		secs = when - now > RETRY_AFTER_MAX_S ? RETRY_AFTER_MAX_S
		                                      : (long)(when - now);
	}
	if (secs > RETRY_AFTER_MAX_S)
		secs = RETRY_AFTER_MAX_S;
	return secs * 1000;
}

/* The server said when: that, plus up to 10% so that clients told the
 * same moment do not all come back at once. */
static long delay_after(long after_ms, uint32_t rnd)
{
	long d = after_ms + (long)((double)(after_ms / 10) * rnd_unit(rnd));

	return d < RETRY_RATE_MIN_MS ? RETRY_RATE_MIN_MS : d;
}

/* 429 without Retry-After: exponential from rate_base_ms, +-20%. */
static long delay_rate(const struct retry_policy *p, int attempt, uint32_t rnd)
{
	long b = backoff_ms(p->rate_base_ms, attempt, p->max_ms);
	long j = b / 5;
	long d = b - j + (long)((double)(2 * j) * rnd_unit(rnd));

	if (d > p->max_ms)
		d = p->max_ms;
	return d < RETRY_RATE_MIN_MS ? RETRY_RATE_MIN_MS : d;
}

/* 5xx and transport: "full jitter" between half and all of the step. */
static long delay_backoff(const struct retry_policy *p, int attempt,
                          uint32_t rnd)
{
	long b = backoff_ms(p->base_ms, attempt, p->max_ms);

	return b / 2 + (long)((double)(b - b / 2) * rnd_unit(rnd));
}

static bool is_retryable_5xx(int status)
{
	return status == 500 || status == 502 || status == 503 ||
	       status == 504;
}

/* An answered request. 401 is not retried here: the worker refreshes the
 * token and replays the request once, which is not a back-off. */
static long delay_http(const struct retry_policy *p,
                       const struct retry_input *in, int attempt,
                       time_t now, uint32_t rnd)
{
	long after = retry_after_ms(in->retry_after, now);

	if (in->http_status == 429) {
		/* The server refused without applying: safe for a POST too. */
		if (after >= 0)
			return delay_after(after, rnd);
		return delay_rate(p, attempt, rnd);
	}
	if (!is_retryable_5xx(in->http_status))
		return -1;
	/* A 503 with Retry-After says "not now": the request was not run. */
	if (in->http_status == 503 && after >= 0)
		return delay_after(after, rnd);
	if (in->is_post)
		return -1;
	return delay_backoff(p, attempt, rnd);
}

long retry_delay_ms(const struct retry_policy *p, const struct retry_input *in,
                    time_t now, uint32_t rnd)
{
	struct retry_policy dflt;
	int attempt;

	if (!in)
		return -1;
	if (!p) {
		retry_policy_default(&dflt);
		p = &dflt;
	}
	attempt = in->attempt < 1 ? 1 : in->attempt;
	if (attempt >= p->max_attempts)
		return -1;
	switch (in->failure) {
	case RETRY_HTTP:
		return delay_http(p, in, attempt, now, rnd);
	case RETRY_CONNECT:
		/* Never reached the server: nothing was applied. */
		return delay_backoff(p, attempt, rnd);
	case RETRY_REFUSED:
		if (attempt >= RETRY_REFUSED_TRIES)
			return -1;
		return p->refused_ms / 2 +
		       (long)((double)(p->refused_ms - p->refused_ms / 2) *
		              rnd_unit(rnd));
	case RETRY_NEVER:
		return -1;
	case RETRY_TRANSPORT:
		if (in->is_post && in->request_sent)
			return -1;
		return delay_backoff(p, attempt, rnd);
	}
	return -1;
}
