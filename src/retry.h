/* SPDX-License-Identifier: MIT */
/* The retry policy, as pure functions over a given clock and random
 * source so that it is tested on a fake clock. */
#ifndef HALO_RETRY_H
#define HALO_RETRY_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct retry_policy {
	int max_attempts;     /* total attempts, first included (>= 1) */
	long base_ms;         /* first back-off for 5xx/transport: 1000 */
	long max_ms;          /* cap on any back-off: 60000 */
	long rate_base_ms;    /* first back-off for 429 without Retry-After: 5000 */
	long refused_ms;      /* the one back-off after a refused connection: 250 */
};

void retry_policy_default(struct retry_policy *p);

enum retry_failure {
	RETRY_HTTP,           /* the server answered with http_status */
	RETRY_CONNECT,        /* no connection in time: not applied */
	RETRY_REFUSED,        /* the connection was refused or had no route:
	                       * nothing listens there, or the host is down */
	RETRY_TRANSPORT,      /* broke mid-way (timeout, reset, truncated) */
	RETRY_NEVER,          /* no retry can fix it: a host name that does not
	                       * resolve, TLS, a reply over the size limit */
};

struct retry_input {
	enum retry_failure failure;
	int http_status;            /* for RETRY_HTTP */
	bool is_post;               /* a POST may have been applied */
	bool request_sent;          /* for RETRY_TRANSPORT: the body went out */
	const char *retry_after;    /* Retry-After header value or NULL */
	int attempt;                /* attempts made so far (>= 1) */
};

/* Milliseconds to wait before the next attempt, or -1 for no retry:
 * - 429: Retry-After (seconds or HTTP-date against `now`) plus up to 10%
 *   jitter, else rate_base_ms * 2^(attempt-1) capped at max_ms, with +-20%
 *   jitter; never below 1000.
 * - 500, 502, 503, 504 and transport errors: base_ms * 2^(attempt-1),
 *   capped at max_ms, "full jitter" between half and all of it.
 * - A refused connection: once more after half to all of refused_ms
 *   (a server restarting), then -1: two tries in all.
 * - RETRY_NEVER: -1.
 * - A POST is retried only when it provably was not applied: 429, a
 *   connect failure, or 503 with Retry-After; never after a 5xx or a
 *   transport failure once the request was sent.
 * - Other statuses (4xx): -1. attempt >= max_attempts: -1.
 * `rnd` is a uniformly random 32-bit value supplied by the caller. */
long retry_delay_ms(const struct retry_policy *p, const struct retry_input *in,
                    time_t now, uint32_t rnd);

/* Retry-After as milliseconds from now: delta-seconds or an HTTP-date
 * (IMF-fixdate). -1 when absent or unparseable; 0 for a past date.
 * Values above one hour are clamped to one hour. */
long retry_after_ms(const char *value, time_t now);

#endif
