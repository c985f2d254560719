/* SPDX-License-Identifier: MIT */
/* One request budget per Halo instance: at most N requests in any rolling
 * W seconds, shared by every request the worker sends (the token's too).
 * Halo refuses the rest with 429, and a client that retries each refusal
 * on its own only adds to the count. Pure functions over a given clock
 * and random source, so that it is tested on a fake clock.
 *
 * - The budget keeps a margin below N (a tenth, at least one request),
 *   and counts each request a fiftieth of the window (0.1 to 1 s) past
 *   the window: the server counts arrivals, we count departures.
 * - A 429 *learns it down*: the cap becomes what was sent in the window
 *   before the refused request, less the margin, never below a floor
 *   of 10 (others may have spent the window). Each window without a 429
 *   after the hold gives back a tenth of the cap, up to the configured.
 * - A 429 also puts the budget on HOLD: nothing starts until the hold
 *   ends, then exactly one probe request; its answer resumes everything,
 *   its 429 doubles the hold (with jitter, up to max_hold_ms). */
#ifndef HALO_RATEBUDGET_H
#define HALO_RATEBUDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What take() says while the probe is out: ask again after this long
 * (the probe's answer wakes the worker sooner). */
#define RATEBUDGET_PROBE_MS 1000L

enum ratebudget_state {
	RB_OPEN,   /* requests start while the window has room */
	RB_HOLD,   /* after a 429: nothing starts until hold_until */
	RB_PROBE,  /* the hold is over: one request may test the water */
};

struct ratebudget {
	int max_cap;          /* the configured limit less the margin */
	int cap;              /* the cap now (learned down after a 429) */
	int floor;            /* cap never goes below this */
	double window;        /* seconds */
	double slack;         /* seconds a departure counts past the window */
	long max_hold_ms;     /* cap on the exponential hold */

	double *sent;         /* departure times, oldest first (a ring) */
	size_t ring, head, n; /* capacity, index of the oldest, count */

	enum ratebudget_state state;
	double hold_start;    /* when the last hold began */
	double hold_until;    /* RB_HOLD: when it ends */
	long hold_base_ms;    /* the first hold's length, before jitter */
	int strikes;          /* 429s in a row (the probe's included) */
	bool probe_out;       /* RB_PROBE: the probe is on its way */
	double last_raise;    /* when the cap last grew or was cut */
};

/* The cap less its margin: limit - max(1, limit/10), at least 1. */
int ratebudget_effective(int limit);

/* limit requests per window_s seconds (both > 0); max_hold_ms caps the
 * hold's back-off. -1 when out of memory (b is then safe to _done). */
int ratebudget_init(struct ratebudget *b, int limit, double window_s,
                    long max_hold_ms);
void ratebudget_done(struct ratebudget *b);

/* May a request start at `now`? 0: yes, and its departure is counted
 * (*probe says whether it is the probe after a hold). Else the
 * milliseconds until asking again makes sense (> 0), nothing counted.
 * keep: slots to leave free (a prefetch leaves the last one to the
 * user); a probe is never taken with keep > 0. */
long ratebudget_take(struct ratebudget *b, double now, int keep, bool *probe);

/* Milliseconds until take() could say yes, without taking; 0 when now. */
long ratebudget_wait_ms(const struct ratebudget *b, double now);

/* A request that left at sent_at got 429 at now. retry_after_ms: the
 * server's Retry-After (-1 when none). rnd: uniformly random 32 bits.
 * Returns the milliseconds until it may go again (the hold's end): a
 * request that left before the current hold began counts no strike. */
long ratebudget_on_429(struct ratebudget *b, double now, double sent_at,
                       bool probe, long retry_after_ms, uint32_t rnd);

/* A request ended without a 429. answered: the server said something
 * (any other status); a probe's answer ends the hold. A probe that got no
 * answer (cancelled, network) lets another probe go. */
void ratebudget_on_end(struct ratebudget *b, double now, bool probe,
                       bool answered);

/* Whether a 429 hold is on, and until when (RB_HOLD only). */
bool ratebudget_held(const struct ratebudget *b, double now, double *until);

#endif
