/* SPDX-License-Identifier: MIT */
/* The request budget on a fake clock: `now` is whatever the test says and
 * the random values are chosen (0 and UINT32_MAX pin the jitter bounds). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "ratebudget.h"

#define RND_LO 0u
#define RND_HI UINT32_MAX

/* Takes until the budget says wait; returns how many went. */
static int take_all(struct ratebudget *b, double now, int keep)
{
	bool probe;
	int n = 0;

	while (ratebudget_take(b, now, keep, &probe) == 0) {
		assert_false(probe);
		n++;
		assert_true(n <= 100000);
	}
	return n;
}

static void test_margin(void **state)
{
	(void)state;
	assert_int_equal(ratebudget_effective(300), 270);
	assert_int_equal(ratebudget_effective(20), 18);
	assert_int_equal(ratebudget_effective(10), 9);
	assert_int_equal(ratebudget_effective(5), 4);
	assert_int_equal(ratebudget_effective(2), 1);
	assert_int_equal(ratebudget_effective(1), 1);
}

/* 300 per 300 s, less the margin: 270 go, the 271st waits exactly until
 * the first leaves the window and its second of slack. */
static void test_window_rolls(void **state)
{
	struct ratebudget b;
	bool probe;

	(void)state;
	assert_int_equal(ratebudget_init(&b, 300, 300.0, 60000), 0);
	assert_int_equal(take_all(&b, 1000.0, 0), 270);
	assert_int_equal(ratebudget_take(&b, 1000.0, 0, &probe), 301000);
	assert_int_equal(ratebudget_wait_ms(&b, 1100.0), 201000);
	/* Not yet: the window is (now - 300 - 1, now]. */
	assert_true(ratebudget_take(&b, 1300.5, 0, &probe) > 0);
	assert_int_equal(take_all(&b, 1301.0, 0), 270);
	ratebudget_done(&b);
}

/* Spread departures leave one by one: the wait names the oldest live one. */
static void test_wait_names_the_oldest(void **state)
{
	struct ratebudget b;
	bool probe;

	(void)state;
	assert_int_equal(ratebudget_init(&b, 10, 10.0, 60000), 0);  /* cap 9 */
	for (int i = 0; i < 9; i++)
		assert_int_equal(ratebudget_take(&b, 100.0 + i, 0, &probe), 0);
	/* The oldest leaves at 100 + 10 s + a fiftieth of the window. */
	assert_in_range(ratebudget_take(&b, 108.5, 0, &probe), 1700, 1701);
	assert_int_equal(ratebudget_take(&b, 111.0, 0, &probe), 0);
	assert_in_range(ratebudget_take(&b, 111.0, 0, &probe), 200, 201);
	ratebudget_done(&b);
}

/* The slack past the window is a fiftieth of it, between 0.1 and 1 s:
 * Halo's 300 s window keeps a whole second, a 2 s window a tenth. */
static void test_slack_scales_with_the_window(void **state)
{
	struct ratebudget b;
	bool probe;

	(void)state;
	assert_int_equal(ratebudget_init(&b, 2, 300.0, 60000), 0);  /* cap 1 */
	assert_int_equal(ratebudget_take(&b, 0.0, 0, &probe), 0);
	assert_in_range(ratebudget_take(&b, 1.0, 0, &probe), 300000, 300001);
	ratebudget_done(&b);
	assert_int_equal(ratebudget_init(&b, 2, 2.0, 60000), 0);
	assert_int_equal(ratebudget_take(&b, 0.0, 0, &probe), 0);
	assert_in_range(ratebudget_take(&b, 1.0, 0, &probe), 1100, 1101);
	ratebudget_done(&b);
}

/* A prefetch leaves the last slot to the user. */
static void test_keep_leaves_the_last_slot(void **state)
{
	struct ratebudget b;
	bool probe;

	(void)state;
	assert_int_equal(ratebudget_init(&b, 10, 10.0, 60000), 0);
	assert_int_equal(take_all(&b, 0.0, 1), 8);
	assert_int_equal(ratebudget_take(&b, 0.0, 0, &probe), 0);
	assert_true(ratebudget_take(&b, 0.0, 0, &probe) > 0);
	ratebudget_done(&b);
}

/* A 429 after 20 sends in the window: the cap becomes 20 less its
 * margin, and the hold is Retry-After plus at most a tenth. */
static void test_learned_down_on_429(void **state)
{
	struct ratebudget b;
	bool probe;
	long hold;

	(void)state;
	assert_int_equal(ratebudget_init(&b, 1000, 10.0, 60000), 0);
	for (int i = 0; i < 21; i++)
		assert_int_equal(ratebudget_take(&b, 5.0 + i * 0.01, 0, &probe), 0);
	hold = ratebudget_on_429(&b, 5.3, 5.0 + 20 * 0.01, false, 4000, RND_HI);
	assert_int_equal(b.cap, 18);
	assert_int_equal(hold, 4400);
	assert_true(ratebudget_held(&b, 5.3, NULL));
	ratebudget_done(&b);

	assert_int_equal(ratebudget_init(&b, 1000, 10.0, 60000), 0);
	for (int i = 0; i < 21; i++)
		assert_int_equal(ratebudget_take(&b, 5.0 + i * 0.01, 0, &probe), 0);
	assert_int_equal(ratebudget_on_429(&b, 5.3, 5.0 + 20 * 0.01, false, 4000,
	                                   RND_LO), 4000);
	ratebudget_done(&b);
}

/* Never below the floor (10), and a window without a 429 after the hold
 * gives a tenth of the cap back. */
static void test_floor_and_regrowth(void **state)
{
	struct ratebudget b;
	bool probe;

	(void)state;
	assert_int_equal(ratebudget_init(&b, 300, 300.0, 60000), 0);
	assert_int_equal(ratebudget_take(&b, 0.0, 0, &probe), 0);
	ratebudget_on_429(&b, 0.1, 0.0, false, 1000, RND_LO);
	assert_int_equal(b.cap, 10);
	assert_int_equal(ratebudget_take(&b, 1.2, 0, &probe), 0);
	assert_true(probe);
	ratebudget_on_end(&b, 1.2, true, true);
	assert_int_equal(b.state, RB_OPEN);
	/* Within the window of the cut: no growth. */
	assert_int_equal(take_all(&b, 200.0, 0), 8);
	assert_int_equal(b.cap, 10);
	/* Not a whole window since the hold ended: no growth yet. */
	assert_int_equal(take_all(&b, 300.5, 0), 0);
	/* A window after it: one more (a tenth of 10); 9 still live. */
	assert_int_equal(take_all(&b, 302.0, 0), 11 - 9);
	assert_int_equal(b.cap, 11);
	ratebudget_done(&b);
}

/* While held nothing starts; then exactly one probe; its answer resumes
 * the queue. */
static void test_hold_then_one_probe(void **state)
{
	struct ratebudget b;
	bool probe;
	double until;

	(void)state;
	assert_int_equal(ratebudget_init(&b, 300, 300.0, 60000), 0);
	assert_int_equal(ratebudget_take(&b, 10.0, 0, &probe), 0);
	assert_int_equal(ratebudget_on_429(&b, 10.5, 10.0, false, 2000, RND_LO),
	                 2000);
	assert_true(ratebudget_held(&b, 11.0, &until));
	assert_true(until > 12.49 && until < 12.51);
	assert_int_equal(ratebudget_take(&b, 11.0, 0, &probe), 1500);
	assert_int_equal(ratebudget_wait_ms(&b, 11.0), 1500);
	/* A prefetch never is the probe. */
	assert_int_equal(ratebudget_take(&b, 12.5, 1, &probe),
	                 RATEBUDGET_PROBE_MS);
	assert_int_equal(ratebudget_take(&b, 12.5, 0, &probe), 0);
	assert_true(probe);
	assert_int_equal(ratebudget_take(&b, 12.5, 0, &probe),
	                 RATEBUDGET_PROBE_MS);
	assert_false(probe);
	assert_int_equal(ratebudget_take(&b, 20.0, 0, &probe),
	                 RATEBUDGET_PROBE_MS);
	/* A request from before the hold answering ends nothing. */
	ratebudget_on_end(&b, 20.0, false, true);
	assert_int_equal(ratebudget_take(&b, 20.0, 0, &probe),
	                 RATEBUDGET_PROBE_MS);
	ratebudget_on_end(&b, 20.0, true, true);
	assert_int_equal(ratebudget_take(&b, 20.0, 0, &probe), 0);
	assert_false(probe);
	assert_int_equal(ratebudget_take(&b, 20.0, 0, &probe), 0);
	ratebudget_done(&b);
}

/* A probe cancelled or lost on the network lets another one go. */
static void test_lost_probe_is_replaced(void **state)
{
	struct ratebudget b;
	bool probe;

	(void)state;
	assert_int_equal(ratebudget_init(&b, 300, 300.0, 60000), 0);
	assert_int_equal(ratebudget_take(&b, 0.0, 0, &probe), 0);
	ratebudget_on_429(&b, 0.0, 0.0, false, 1000, RND_LO);
	assert_int_equal(ratebudget_take(&b, 1.0, 0, &probe), 0);
	assert_true(probe);
	ratebudget_on_end(&b, 1.0, true, false);
	assert_int_equal(b.state, RB_PROBE);
	assert_int_equal(ratebudget_take(&b, 1.0, 0, &probe), 0);
	assert_true(probe);
	ratebudget_done(&b);
}

/* The probe's 429 doubles the hold, with up to a fifth more, capped. */
static void test_probe_429_backs_off(void **state)
{
	static const long want_lo[] = { 4000, 8000, 16000, 30000, 30000 };
	struct ratebudget b;
	bool probe;
	double now = 0.0;
	long hold;

	(void)state;
	assert_int_equal(ratebudget_init(&b, 300, 300.0, 30000), 0);
	assert_int_equal(ratebudget_take(&b, now, 0, &probe), 0);
	hold = ratebudget_on_429(&b, now, now, false, 2000, RND_LO);
	assert_int_equal(hold, 2000);
	for (size_t i = 0; i < sizeof want_lo / sizeof want_lo[0]; i++) {
		now += (double)hold / 1000.0;
		assert_int_equal(ratebudget_take(&b, now, 0, &probe), 0);
		assert_true(probe);
		hold = ratebudget_on_429(&b, now + 0.1, now, true, -1,
		                         i % 2 ? RND_HI : RND_LO);
		if (i % 2)
			assert_int_equal(hold, want_lo[i] + want_lo[i] / 5);
		else
			assert_int_equal(hold, want_lo[i]);
		now += 0.1;
	}
	/* The server's Retry-After wins over a shorter back-off. */
	now += (double)hold / 1000.0;
	assert_int_equal(ratebudget_take(&b, now, 0, &probe), 0);
	assert_int_equal(ratebudget_on_429(&b, now, now, true, 90000, RND_LO),
	                 90000);
	ratebudget_done(&b);
}

/* Requests that left before the hold and come back 429 add no strike and
 * do not move the hold: they wait for its end with everyone else. */
static void test_stragglers_do_not_extend(void **state)
{
	struct ratebudget b;
	bool probe;
	long hold;

	(void)state;
	assert_int_equal(ratebudget_init(&b, 300, 300.0, 60000), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(ratebudget_take(&b, 0.0, 0, &probe), 0);
	hold = ratebudget_on_429(&b, 0.2, 0.0, false, 3000, RND_LO);
	assert_int_equal(hold, 3000);
	assert_in_range(ratebudget_on_429(&b, 0.5, 0.0, false, 3000, RND_HI),
	                2700, 2701);
	assert_int_equal(b.strikes, 1);
	/* After the hold, a straggler waits for the probe (0: queue now). */
	assert_int_equal(ratebudget_take(&b, 3.2, 0, &probe), 0);
	assert_true(probe);
	assert_int_equal(ratebudget_on_429(&b, 3.3, 0.0, false, 3000, RND_HI), 0);
	assert_int_equal(b.strikes, 1);
	ratebudget_done(&b);
}

/* Without Retry-After the first hold lasts until our own window has room
 * under the learned cap, at least a second. */
static void test_hold_from_own_window(void **state)
{
	struct ratebudget b;
	bool probe;

	(void)state;
	assert_int_equal(ratebudget_init(&b, 1000, 10.0, 60000), 0);
	for (int i = 0; i < 13; i++)
		assert_int_equal(ratebudget_take(&b, (double)i * 0.1, 0, &probe), 0);
	/* 12 before it: cap 11; 13 in the window, so 3 must leave: the third
	 * left at 0.2 and leaves the window (and its 0.2 s slack) at 10.4. */
	assert_in_range(ratebudget_on_429(&b, 1.3, 12 * 0.1, false, -1, RND_LO),
	                9100, 9101);
	assert_int_equal(b.cap, 11);
	ratebudget_done(&b);
}

/* Two clients (or two runs) told the same Retry-After come back at
 * different moments, and one budget releases its queue one at a time. */
static void test_no_lockstep(void **state)
{
	struct ratebudget a, b;
	bool probe;
	long ha, hb;
	int went = 0;

	(void)state;
	assert_int_equal(ratebudget_init(&a, 300, 300.0, 60000), 0);
	assert_int_equal(ratebudget_init(&b, 300, 300.0, 60000), 0);
	ratebudget_take(&a, 0.0, 0, &probe);
	ratebudget_take(&b, 0.0, 0, &probe);
	ha = ratebudget_on_429(&a, 0.0, 0.0, false, 10000, 0x40000000u);
	hb = ratebudget_on_429(&b, 0.0, 0.0, false, 10000, 0xc0000000u);
	assert_true(ha != hb);
	assert_in_range(ha, 10000, 11000);
	assert_in_range(hb, 10000, 11000);
	/* Ten queued requests at the hold's end: one goes. */
	for (int i = 0; i < 10; i++)
		if (ratebudget_take(&a, 11.0, 0, &probe) == 0)
			went++;
	assert_int_equal(went, 1);
	ratebudget_done(&a);
	ratebudget_done(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_margin),
		cmocka_unit_test(test_window_rolls),
		cmocka_unit_test(test_wait_names_the_oldest),
		cmocka_unit_test(test_slack_scales_with_the_window),
		cmocka_unit_test(test_keep_leaves_the_last_slot),
		cmocka_unit_test(test_learned_down_on_429),
		cmocka_unit_test(test_floor_and_regrowth),
		cmocka_unit_test(test_hold_then_one_probe),
		cmocka_unit_test(test_lost_probe_is_replaced),
		cmocka_unit_test(test_probe_429_backs_off),
		cmocka_unit_test(test_stragglers_do_not_extend),
		cmocka_unit_test(test_hold_from_own_window),
		cmocka_unit_test(test_no_lockstep),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ratebudget", tests, NULL, NULL);
}
