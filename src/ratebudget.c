/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "ratebudget.h"

#include <stdlib.h>

/* Nothing holds less than this after a 429: a zero hold would spin. */
#define HOLD_MIN_MS 1000L
/* The first hold when neither Retry-After nor our own window says how
 * long: the retry policy's first back-off for a 429. */
#define HOLD_DEFAULT_MS 5000L
/* The cap never learns below this (nor above the configured cap): what
 * the server let through is its word, but others sharing the instance
 * may have spent the window, and a quiet window gives a tenth back. */
#define CAP_FLOOR 10
/* A request counts against the window from its departure until a little
 * after the window: the server counts from its arrival, later by the
 * connection's set-up, and a burst freed at once would otherwise land a
 * few milliseconds early. A fiftieth of the window, between 0.1 s and
 * 1 s: a whole second would cost a 10 s window a tenth of its pace, and
 * the margin already covers a request or two arriving early. */
#define SLACK_MIN_S 0.1
#define SLACK_MAX_S 1.0

static double rnd_unit(uint32_t rnd)
{
	return (double)rnd / (double)UINT32_MAX;
}

/* Whole milliseconds until t, at least 1 (a wait of 0 would mean "go"). */
static long ms_until(double t, double now)
{
	double ms = (t - now) * 1000.0;
	long whole;

	if (ms > 1e9)
		return 1000000000L;
	whole = (long)ms;
	if ((double)whole < ms)
		whole++;   /* rounded up: waking early would find no room */
	return whole < 1 ? 1 : whole;
}

int ratebudget_effective(int limit)
{
	int margin = limit / 10 > 1 ? limit / 10 : 1;

	return limit - margin > 1 ? limit - margin : 1;
}

int ratebudget_init(struct ratebudget *b, int limit, double window_s,
                    long max_hold_ms)
{
	*b = (struct ratebudget){ 0 };
	b->max_cap = ratebudget_effective(limit > 0 ? limit : 1);
	b->cap = b->max_cap;
	b->floor = b->max_cap < CAP_FLOOR ? b->max_cap : CAP_FLOOR;
	b->window = window_s > 0 ? window_s : 1.0;
	b->slack = b->window / 50.0;
	if (b->slack < SLACK_MIN_S)
		b->slack = SLACK_MIN_S;
	if (b->slack > SLACK_MAX_S)
		b->slack = SLACK_MAX_S;
	b->max_hold_ms = max_hold_ms > HOLD_MIN_MS ? max_hold_ms : HOLD_MIN_MS;
	b->hold_start = -1e300;   /* no hold yet */
	b->ring = (size_t)b->max_cap;
	b->sent = calloc(b->ring, sizeof *b->sent);
	return b->sent ? 0 : -1;
}

void ratebudget_done(struct ratebudget *b)
{
	free(b->sent);
	*b = (struct ratebudget){ 0 };
}

static double sent_at(const struct ratebudget *b, size_t i)
{
	return b->sent[(b->head + i) % b->ring];
}

/* Index of the first departure still inside the window at now. */
static size_t first_live(const struct ratebudget *b, double now)
{
	size_t i = 0;

	while (i < b->n && sent_at(b, i) <= now - b->window - b->slack)
		i++;
	return i;
}

static void prune(struct ratebudget *b, double now)
{
	size_t gone = first_live(b, now);

	b->head = (b->head + gone) % b->ring;
	b->n -= gone;
}

static void record(struct ratebudget *b, double now)
{
	if (b->n == b->ring) {   /* cannot happen while the cap holds */
		b->head = (b->head + 1) % b->ring;
		b->n--;
	}
	b->sent[(b->head + b->n) % b->ring] = now;
	b->n++;
}

/* A window without a 429 since the cap was cut (or last grew) gives back
 * a tenth of the cap: slowly, since each step past the server's limit
 * costs a hold. */
static void regrow(struct ratebudget *b, double now)
{
	int step = b->cap / 10 > 1 ? b->cap / 10 : 1;

	if (b->state != RB_OPEN || b->cap >= b->max_cap ||
	    now - b->last_raise < b->window)
		return;
	b->cap = b->cap + step < b->max_cap ? b->cap + step : b->max_cap;
	b->last_raise = now;
}

/* When the window has room for one more under cap less keep: 0 now, else
 * the milliseconds until enough departures have left it. */
static long room_ms(const struct ratebudget *b, double now, int keep)
{
	size_t live = first_live(b, now), n = b->n - live;
	int allowed = b->cap > 1 ? b->cap - keep : b->cap;

	if (allowed < 1)
		allowed = 1;
	if (n < (size_t)allowed)
		return 0;
	/* The (n - allowed + 1)th live departure must leave. */
	return ms_until(sent_at(b, live + n - (size_t)allowed) + b->window +
	                b->slack, now);
}

long ratebudget_take(struct ratebudget *b, double now, int keep, bool *probe)
{
	long wait;

	*probe = false;
	if (b->state == RB_HOLD) {
		if (now < b->hold_until)
			return ms_until(b->hold_until, now);
		b->state = RB_PROBE;
		b->probe_out = false;
	}
	prune(b, now);
	if (b->state == RB_PROBE) {
		/* The server named the hold's end: the probe goes then,
		 * whatever our own window says; one at a time. */
		if (b->probe_out || keep > 0)
			return RATEBUDGET_PROBE_MS;
		b->probe_out = true;
		*probe = true;
		record(b, now);
		return 0;
	}
	regrow(b, now);
	wait = room_ms(b, now, keep);
	if (wait == 0)
		record(b, now);
	return wait;
}

long ratebudget_wait_ms(const struct ratebudget *b, double now)
{
	if (b->state == RB_HOLD && now < b->hold_until)
		return ms_until(b->hold_until, now);
	if (b->state != RB_OPEN)
		return b->probe_out ? RATEBUDGET_PROBE_MS : 0;
	return room_ms(b, now, 0);
}

/* How many departures came before t and inside the window ending at t. */
static int sent_before(const struct ratebudget *b, double t)
{
	int count = 0;

	for (size_t i = 0; i < b->n; i++) {
		double s = sent_at(b, i);
		if (s > t - b->window && s < t)
			count++;
	}
	return count;
}

/* The first hold: the server's Retry-After, else until our own window has
 * room under the new cap, else the default. */
static long first_hold(struct ratebudget *b, double now, long retry_after_ms)
{
	long base = retry_after_ms;

	if (base < 0) {
		base = room_ms(b, now, 0);
		if (base <= 0)
			base = HOLD_DEFAULT_MS;
	}
	return base < HOLD_MIN_MS ? HOLD_MIN_MS : base;
}

long ratebudget_on_429(struct ratebudget *b, double now, double sent,
                       bool probe, long retry_after_ms, uint32_t rnd)
{
	long base, hold;
	double jitter;

	if (probe)
		b->probe_out = false;
	else if (sent < b->hold_start || b->state != RB_OPEN) {
		/* Left before this hold began: the hold already covers it. */
		return b->hold_until > now ? ms_until(b->hold_until, now) : 0;
	}
	b->strikes++;
	if (!probe) {
		/* What the server let through before refusing is what it
		 * allows us now (others may share the instance). */
		int before = sent_before(b, sent);
		int learned = before > 1 ? ratebudget_effective(before) : 1;

		if (learned < b->cap)
			b->cap = learned > b->floor ? learned : b->floor;
	}
	prune(b, now);
	if (b->strikes == 1 || !probe) {
		base = first_hold(b, now, retry_after_ms);
		b->hold_base_ms = base;
		jitter = 0.1;
	} else {
		base = b->hold_base_ms;
		for (int i = 1; i < b->strikes && base < b->max_hold_ms; i++)
			base = base > b->max_hold_ms / 2 ? b->max_hold_ms : base * 2;
		if (base > b->max_hold_ms)
			base = b->max_hold_ms;
		if (retry_after_ms > base)
			base = retry_after_ms;
		jitter = 0.2;
	}
	/* Up, never down: the server's Retry-After is a minimum. Spread so
	 * that clients told the same moment do not come back together. */
	hold = base + (long)((double)base * jitter * rnd_unit(rnd));
	b->state = RB_HOLD;
	b->hold_start = now;
	b->hold_until = now + (double)hold / 1000.0;
	b->last_raise = now;
	return hold;
}

void ratebudget_on_end(struct ratebudget *b, double now, bool probe,
                       bool answered)
{
	if (!probe || b->state != RB_PROBE)
		return;
	b->probe_out = false;
	if (answered) {
		b->state = RB_OPEN;
		b->strikes = 0;
		b->last_raise = now;   /* a quiet window counts from here */
	}
}

bool ratebudget_held(const struct ratebudget *b, double now, double *until)
{
	if (b->state != RB_HOLD || now >= b->hold_until)
		return false;
	if (until)
		*until = b->hold_until;
	return true;
}
