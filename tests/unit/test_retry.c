/* SPDX-License-Identifier: MIT */
/* The retry policy on a fake clock: a fixed `now` and chosen random values
 * (0, UINT32_MAX/2, UINT32_MAX) pin the jitter bounds exactly. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <locale.h>
#include <string.h>
#include <time.h>

#include "http.h"
#include "retry.h"

#define RND_LO  0u
#define RND_MID (UINT32_MAX / 2)
#define RND_HI  UINT32_MAX

/* Wed, 21 Oct 2015 07:28:00 GMT */
#define T_2015 ((time_t)1445412480)

static const uint32_t rnds[] = { RND_LO, RND_MID, RND_HI };

static struct retry_input http_in(int status, bool post, const char *after,
                                  int attempt)
{
	struct retry_input in;

	memset(&in, 0, sizeof in);
	in.failure = RETRY_HTTP;
	in.http_status = status;
	in.is_post = post;
	in.retry_after = after;
	in.attempt = attempt;
	return in;
}

static struct retry_input net_in(enum retry_failure f, bool post, bool sent,
                                 int attempt)
{
	struct retry_input in;

	memset(&in, 0, sizeof in);
	in.failure = f;
	in.is_post = post;
	in.request_sent = sent;
	in.attempt = attempt;
	return in;
}

/* Counts a mismatch, naming the value, so that a table test reports every
 * wrong entry and not only the first. */
static int expect_after(const char *value, time_t now, long want)
{
	long got = retry_after_ms(value, now);

	if (got == want)
		return 0;
	print_message("# retry_after_ms(\"%s\") = %ld, want %ld\n", value, got,
	              want);
	return 1;
}

/* A policy that allows many attempts, to see the whole back-off curve. */
static struct retry_policy long_policy(void)
{
	struct retry_policy p;

	retry_policy_default(&p);
	p.max_attempts = 100;
	return p;
}

static void test_policy_default(void **state)
{
	struct retry_policy p;

	(void)state;
	memset(&p, 0xff, sizeof p);
	retry_policy_default(&p);
	assert_int_equal(p.max_attempts, 5);
	assert_int_equal(p.base_ms, 1000);
	assert_int_equal(p.max_ms, 60000);
	assert_int_equal(p.rate_base_ms, 5000);
	assert_int_equal(p.refused_ms, 250);
	retry_policy_default(NULL);
}

static void test_delay_null(void **state)
{
	struct retry_policy p;
	struct retry_input in = http_in(500, false, NULL, 1);

	(void)state;
	retry_policy_default(&p);
	assert_int_equal(retry_delay_ms(&p, NULL, T_2015, RND_LO), -1);
	/* No policy: the default one (500 on attempt 1: 500..1000 ms). */
	assert_int_equal(retry_delay_ms(NULL, &in, T_2015, RND_LO), 500);
	assert_int_equal(retry_delay_ms(NULL, &in, T_2015, RND_HI), 1000);
	in.attempt = 5;
	assert_int_equal(retry_delay_ms(NULL, &in, T_2015, RND_LO), -1);
}

static void test_after_garbage(void **state)
{
	static const char *const bad[] = {
		"", " ", "\t", "abc", "-5", "-0", "+5", "7.5", "7s", "0x10",
		"1 2", "7,", "1e3", "\xff", "Infinity",
	};
	int wrong = 0;

	(void)state;
	assert_int_equal(retry_after_ms(NULL, T_2015), -1);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		wrong += expect_after(bad[i], T_2015, -1);
	assert_int_equal(wrong, 0);
}

static void test_after_seconds(void **state)
{
	(void)state;
	assert_int_equal(retry_after_ms("0", T_2015), 0);
	assert_int_equal(retry_after_ms("7", T_2015), 7000);
	assert_int_equal(retry_after_ms("007", T_2015), 7000);
	assert_int_equal(retry_after_ms(" 7 ", T_2015), 7000);
	assert_int_equal(retry_after_ms("\t120\t", T_2015), 120000);
	assert_int_equal(retry_after_ms("3600", T_2015), 3600000);
	/* Above an hour: clamped, however long, without overflow. */
	assert_int_equal(retry_after_ms("3601", T_2015), 3600000);
	assert_int_equal(retry_after_ms("86400", T_2015), 3600000);
	assert_int_equal(retry_after_ms("99999999999999999999999999", T_2015),
	                 3600000);
	/* Delta-seconds do not depend on the clock. */
	assert_int_equal(retry_after_ms("7", 0), 7000);
}

static void test_after_date(void **state)
{
	const char *d = "Wed, 21 Oct 2015 07:28:00 GMT";

	(void)state;
	assert_int_equal(retry_after_ms(d, T_2015 - 30), 30000);
	assert_int_equal(retry_after_ms(d, T_2015 - 1), 1000);
	assert_int_equal(retry_after_ms(d, T_2015 - 3600), 3600000);
	/* Past and present: no wait. */
	assert_int_equal(retry_after_ms(d, T_2015), 0);
	assert_int_equal(retry_after_ms(d, T_2015 + 5), 0);
	assert_int_equal(retry_after_ms(d, T_2015 + 86400 * 365), 0);
	/* Far future: an hour. */
	assert_int_equal(retry_after_ms(d, T_2015 - 86400), 3600000);
	assert_int_equal(retry_after_ms("Fri, 31 Dec 9999 23:59:59 GMT",
	                                T_2015), 3600000);
	/* Surrounding blanks are fine; leap day and leap second exist. */
	assert_int_equal(retry_after_ms("  Wed, 21 Oct 2015 07:28:00 GMT ",
	                                T_2015 - 2), 2000);
	assert_int_equal(retry_after_ms("Mon, 29 Feb 2016 00:00:00 GMT",
	                                (time_t)1456704000 - 10), 10000);
	assert_int_equal(retry_after_ms("Sat, 31 Dec 2016 23:59:59 GMT",
	                                (time_t)1483228799 - 10), 10000);
	assert_int_equal(retry_after_ms("Wed, 21 Oct 2015 07:27:60 GMT",
	                                T_2015 - 10), 10000);
}

static void test_after_bad_dates(void **state)
{
	static const char *const bad[] = {
		"Wed, 21 Oct 2015 07:28:00 UTC",
		"Wed, 21 Oct 2015 07:28:00",
		"Wed, 21 Oct 2015 07:28:00 GMT junk",
		"Xyz, 21 Oct 2015 07:28:00 GMT",
		"wed, 21 oct 2015 07:28:00 gmt",
		"Wed 21 Oct 2015 07:28:00 GMT ",
		"Wed, 32 Oct 2015 07:28:00 GMT",
		"Wed, 00 Oct 2015 07:28:00 GMT",
		"Sun, 29 Feb 2015 07:28:00 GMT",
		"Thu, 31 Apr 2015 07:28:00 GMT",
		"Sat, 30 Feb 2016 07:28:00 GMT",
		"Mon, 31 Apr 2016 07:28:00 GMT",
		"Wed, 21 Foo 2015 07:28:00 GMT",
		"Wed, 21 Oct 2015 24:00:00 GMT",
		"Wed, 21 Oct 2015 07:60:00 GMT",
		"Wed, 21 Oct 2015 07:28:61 GMT",
		"Wed, 2x Oct 2015 07:28:00 GMT",
		"Wed, 21 Oct 20x5 07:28:00 GMT",
		"Wed, 21 Oct 2015 07-28-00 GMT",
		"Wed, -1 Oct 2015 07:28:00 GMT",
		/* RFC 850 and asctime forms: not IMF-fixdate. */
		"Wednesday, 21-Oct-15 07:28:00 GMT",
		"Wed Oct 21 07:28:00 2015",
		"2015-10-21T07:28:00Z",
	};
	int wrong = 0;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		wrong += expect_after(bad[i], T_2015 - 60, -1);
	assert_int_equal(wrong, 0);
}

static void test_429_retry_after(void **state)
{
	struct retry_policy p;
	struct retry_input in = http_in(429, false, "7", 1);

	(void)state;
	retry_policy_default(&p);
	/* Retry-After 7 plus 0..10%: 7000..7700. */
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 7000);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 7700);
	assert_in_range(retry_delay_ms(&p, &in, T_2015, RND_MID), 7349, 7350);
	/* Not capped by max_ms: the server knows when it will take more. */
	in.retry_after = "300";
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 300000);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 330000);
	/* Nor by the attempt number. */
	in.retry_after = "7";
	in.attempt = 4;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 7000);
	/* An absurd Retry-After: an hour, plus jitter. */
	in.retry_after = "86400";
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 3960000);
}

static void test_429_date(void **state)
{
	struct retry_policy p;
	struct retry_input in = http_in(429, false,
	                                "Wed, 21 Oct 2015 07:28:00 GMT", 1);

	(void)state;
	retry_policy_default(&p);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015 - 20, RND_LO), 20000);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015 - 20, RND_HI), 22000);
	/* A date in the past gives no wait, and 429 never waits under 1 s. */
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(retry_delay_ms(&p, &in, T_2015 + 100, rnds[i]),
		                 1000);
		assert_int_equal(retry_delay_ms(&p, &in, T_2015, rnds[i]), 1000);
	}
	in.retry_after = "0";
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 1000);
}

static void test_429_backoff(void **state)
{
	/* 5, 10, 20, 40, 60 (cap), 60 s, each +-20%, never above the cap. */
	static const long step[] = { 5000, 10000, 20000, 40000, 60000, 60000 };
	struct retry_policy p = long_policy();

	(void)state;
	for (int a = 1; a <= 6; a++) {
		struct retry_input in = http_in(429, false, NULL, a);
		long lo = retry_delay_ms(&p, &in, T_2015, RND_LO);
		long mid = retry_delay_ms(&p, &in, T_2015, RND_MID);
		long hi = retry_delay_ms(&p, &in, T_2015, RND_HI);
		long b = step[a - 1];

		assert_int_equal(lo, b * 8 / 10);
		assert_in_range(mid, b - 1, b);
		assert_int_equal(hi, b * 12 / 10 > 60000 ? 60000 : b * 12 / 10);
	}
	/* An unparseable Retry-After is as good as none. */
	{
		struct retry_input in = http_in(429, false, "soon", 1);

		assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 4000);
	}
}

static void test_429_floor(void **state)
{
	struct retry_policy p = long_policy();
	struct retry_input in = http_in(429, false, NULL, 1);

	(void)state;
	/* A tiny rate base still waits a second. */
	p.rate_base_ms = 10;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 1000);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 1000);
	/* A cap below the base: the cap, but still at least a second. */
	p.rate_base_ms = 5000;
	p.max_ms = 2000;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 1600);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 2000);
}

static void test_5xx_full_jitter(void **state)
{
	static const int statuses[] = { 500, 502, 503, 504 };
	struct retry_policy p = long_policy();

	(void)state;
	for (size_t s = 0; s < sizeof statuses / sizeof *statuses; s++) {
		long b = 1000;

		for (int a = 1; a <= 8; a++) {
			struct retry_input in = http_in(statuses[s], false, NULL,
			                                a);
			long cap = b > 60000 ? 60000 : b;

			assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO),
			                 cap / 2);
			assert_in_range(retry_delay_ms(&p, &in, T_2015, RND_MID),
			                cap * 3 / 4 - 1, cap * 3 / 4);
			assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI),
			                 cap);
			b *= 2;
		}
	}
}

static void test_5xx_huge_attempt(void **state)
{
	struct retry_policy p = long_policy();
	struct retry_input in = http_in(500, false, NULL, 1);

	(void)state;
	p.max_attempts = INT_MAX;
	in.attempt = INT_MAX - 1;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 30000);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 60000);
	in.http_status = 429;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 60000);
	/* A zero base: retry at once. */
	p.base_ms = 0;
	in.http_status = 500;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 0);
}

static void test_503_retry_after(void **state)
{
	struct retry_policy p;
	struct retry_input in = http_in(503, false, "7", 1);

	(void)state;
	retry_policy_default(&p);
	/* 503 with Retry-After is honoured like a 429. */
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 7000);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 7700);
	/* Retry-After on a 500 means nothing: plain back-off. */
	in.http_status = 500;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 1000);
}

static void test_post_5xx(void **state)
{
	static const int statuses[] = { 500, 502, 503, 504 };
	struct retry_policy p;

	(void)state;
	retry_policy_default(&p);
	/* The server may have applied it: never again. */
	for (size_t s = 0; s < sizeof statuses / sizeof *statuses; s++) {
		struct retry_input in = http_in(statuses[s], true, NULL, 1);

		assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), -1);
		in.retry_after = "garbage";
		assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), -1);
	}
	{
		/* Only 503 with Retry-After proves it was not run. */
		struct retry_input in = http_in(503, true, "2", 1);

		assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 2000);
		assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 2200);
		in.http_status = 500;
		assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), -1);
		in.http_status = 502;
		assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), -1);
	}
}

static void test_post_429(void **state)
{
	struct retry_policy p;
	struct retry_input in = http_in(429, true, NULL, 1);

	(void)state;
	retry_policy_default(&p);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 4000);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 6000);
	in.retry_after = "7";
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 7000);
}

static void test_transport(void **state)
{
	struct retry_policy p;
	struct retry_input in;

	(void)state;
	retry_policy_default(&p);
	/* A connect failure never reached the server: retried, POST too. */
	in = net_in(RETRY_CONNECT, true, false, 1);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 500);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 1000);
	in = net_in(RETRY_CONNECT, false, false, 2);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 2000);
	/* A POST that broke after it was sent may have been applied. */
	in = net_in(RETRY_TRANSPORT, true, true, 1);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), -1);
	/* ... but not one that broke before the body went out. */
	in = net_in(RETRY_TRANSPORT, true, false, 1);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 1000);
	/* A GET is always safe to repeat. */
	in = net_in(RETRY_TRANSPORT, false, true, 3);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 2000);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 4000);
	/* Retry-After means nothing without an answer. */
	in.retry_after = "30";
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 4000);
	/* An unknown failure kind is not retried. */
	in.failure = (enum retry_failure)42;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), -1);
}

/* A refused connection: nothing listens there, or the server restarts.
 * One more try a moment later, then the user hears of it: two tries and
 * at most a quarter of a second in all, for a GET or a POST (a refused
 * POST was never applied). */
static void test_refused_once_and_quickly(void **state)
{
	struct retry_policy p = long_policy();
	struct retry_input in;

	(void)state;
	assert_int_equal(p.refused_ms, 250);
	for (int post = 0; post < 2; post++) {
		in = net_in(RETRY_REFUSED, post, false, 1);
		assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 125);
		assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), 250);
		in.attempt = 2;
		assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), -1);
		in.attempt = 3;
		assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), -1);
	}
	/* max_attempts still rules. */
	p.max_attempts = 1;
	in = net_in(RETRY_REFUSED, false, false, 1);
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI), -1);
}

/* What no retry can fix is tried once: whatever the attempt, the method
 * or a Retry-After. */
static void test_never_retried(void **state)
{
	struct retry_policy p = long_policy();
	struct retry_input in;

	(void)state;
	for (int post = 0; post < 2; post++)
		for (int a = 0; a < 4; a++) {
			in = net_in(RETRY_NEVER, post, false, a);
			in.retry_after = "1";
			assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO),
			                 -1);
			assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_HI),
			                 -1);
		}
}

/* How libcurl's results map onto the policy: a host name that does not
 * resolve, TLS, a reply over the limit and a bad URL are never retried; a
 * refused connection briefly; a connect timeout and a broken transfer
 * with back-off. */
static void test_curl_failures_classified(void **state)
{
	static const CURLcode never[] = {
		CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY,
		CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR,
		CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE,
		CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
		CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
		CURLE_SSL_ENGINE_NOTFOUND, CURLE_USE_SSL_FAILED,
		CURLE_FILESIZE_EXCEEDED, CURLE_URL_MALFORMAT,
		CURLE_UNSUPPORTED_PROTOCOL,
	};
	struct retry_policy p = long_policy();
	int wrong = 0;

	(void)state;
	for (size_t i = 0; i < sizeof never / sizeof *never; i++) {
		enum retry_failure f = http_failure_kind(never[i], false, 0.5);
		struct retry_input in = net_in(f, false, false, 1);

		if (f != RETRY_NEVER ||
		    retry_delay_ms(&p, &in, T_2015, RND_LO) != -1) {
			print_message("# curl code %d: kind %d\n", (int)never[i],
			              (int)f);
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
	/* The body passed the limit: the write callback said so. */
	assert_int_equal(http_failure_kind(CURLE_WRITE_ERROR, true, 0.1),
	                 RETRY_NEVER);
	assert_int_equal(http_failure_kind(CURLE_WRITE_ERROR, false, 0.1),
	                 RETRY_TRANSPORT);
	assert_int_equal(http_failure_kind(CURLE_COULDNT_CONNECT, false, 0),
	                 RETRY_REFUSED);
	assert_int_equal(http_failure_kind(CURLE_OPERATION_TIMEDOUT, false, 0),
	                 RETRY_CONNECT);
	assert_int_equal(http_failure_kind(CURLE_OPERATION_TIMEDOUT, false,
	                                   0.01), RETRY_TRANSPORT);
	assert_int_equal(http_failure_kind(CURLE_RECV_ERROR, false, 0.01),
	                 RETRY_TRANSPORT);
	assert_int_equal(http_failure_kind(CURLE_PARTIAL_FILE, false, 0.01),
	                 RETRY_TRANSPORT);
	assert_int_equal(http_failure_kind(CURLE_GOT_NOTHING, false, 0.01),
	                 RETRY_TRANSPORT);
}

static void test_4xx_and_others(void **state)
{
	/* 401 is not retried here: the worker refreshes the token and
	 * replays once, which is not a back-off. 501 and 505 will not get
	 * better by waiting. */
	static const int statuses[] = { 0, 200, 201, 204, 301, 304, 400, 401,
	                                403, 404, 405, 408, 409, 410, 413, 422,
	                                501, 505, 599, -1 };
	struct retry_policy p = long_policy();
	int wrong = 0;

	(void)state;
	for (size_t s = 0; s < sizeof statuses / sizeof *statuses; s++) {
		for (int post = 0; post < 2; post++) {
			struct retry_input in = http_in(statuses[s], post, "1", 1);
			long d = retry_delay_ms(&p, &in, T_2015, RND_HI);

			if (d != -1) {
				print_message("# status %d post %d: %ld\n",
				              statuses[s], post, d);
				wrong++;
			}
		}
	}
	assert_int_equal(wrong, 0);
}

static void test_attempt_limit(void **state)
{
	struct retry_policy p;
	struct retry_input in = http_in(429, false, "1", 1);

	(void)state;
	retry_policy_default(&p);
	for (int a = 1; a < 5; a++) {
		in.attempt = a;
		assert_true(retry_delay_ms(&p, &in, T_2015, RND_LO) >= 1000);
	}
	in.attempt = 5;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), -1);
	in.attempt = 6;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), -1);
	in.attempt = INT_MAX;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), -1);
	/* attempt 0 or less counts as the first. */
	in.attempt = 0;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 1000);
	in.attempt = -3;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), 1000);
	/* One attempt allowed: never retried; zero or negative: the same. */
	in.attempt = 1;
	p.max_attempts = 1;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), -1);
	p.max_attempts = 0;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), -1);
	p.max_attempts = -1;
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, RND_LO), -1);
}

struct reply {
	enum retry_failure failure;
	int status;             /* 200 ends the run */
	const char *retry_after;
};

struct run {
	int attempts;
	long waited_ms;
	int final_status;       /* the last reply's, or -1 when given up */
};

/* Drives one request through replies on a fake clock, as the worker would:
 * send, and on failure wait what retry_delay_ms says. */
static struct run simulate(const struct retry_policy *p,
                           const struct reply *replies, size_t n,
                           bool post, time_t now, uint32_t rnd)
{
	struct run r = { 0, 0, -1 };

	for (size_t i = 0; i < n; i++) {
		struct retry_input in;
		long wait;

		r.attempts++;
		if (replies[i].failure == RETRY_HTTP &&
		    replies[i].status == 200) {
			r.final_status = 200;
			return r;
		}
		memset(&in, 0, sizeof in);
		in.failure = replies[i].failure;
		in.http_status = replies[i].status;
		in.is_post = post;
		in.request_sent = true;
		in.retry_after = replies[i].retry_after;
		in.attempt = r.attempts;
		wait = retry_delay_ms(p, &in, now, rnd);
		if (wait < 0) {
			r.final_status = replies[i].status;
			return r;
		}
		r.waited_ms += wait;
		now += wait / 1000;
	}
	return r;
}

static void test_sequence_429_429_200(void **state)
{
	static const struct reply rate[] = {
		{ RETRY_HTTP, 429, NULL },
		{ RETRY_HTTP, 429, NULL },
		{ RETRY_HTTP, 200, NULL },
	};
	/* The clock starts 10 s before the date: 7 s, then the 3 s left. */
	static const struct reply told[] = {
		{ RETRY_HTTP, 429, "7" },
		{ RETRY_HTTP, 429, "Wed, 21 Oct 2015 07:28:00 GMT" },
		{ RETRY_HTTP, 200, NULL },
	};
	struct retry_policy p;
	struct run r;

	(void)state;
	retry_policy_default(&p);
	r = simulate(&p, rate, 3, false, T_2015, RND_LO);
	assert_int_equal(r.attempts, 3);
	assert_int_equal(r.final_status, 200);
	assert_int_equal(r.waited_ms, 4000 + 8000);
	r = simulate(&p, rate, 3, true, T_2015, RND_HI);
	assert_int_equal(r.attempts, 3);
	assert_int_equal(r.final_status, 200);
	assert_int_equal(r.waited_ms, 6000 + 12000);
	r = simulate(&p, told, 3, false, T_2015 - 10, RND_LO);
	assert_int_equal(r.attempts, 3);
	assert_int_equal(r.final_status, 200);
	assert_int_equal(r.waited_ms, 7000 + 3000);
	r = simulate(&p, told, 3, true, T_2015 - 10, RND_HI);
	assert_int_equal(r.attempts, 3);
	assert_int_equal(r.waited_ms, 7700 + 3300);
}

static void test_sequence_gives_up(void **state)
{
	static const struct reply down[] = {
		{ RETRY_HTTP, 503, NULL }, { RETRY_HTTP, 502, NULL },
		{ RETRY_TRANSPORT, 0, NULL }, { RETRY_HTTP, 504, NULL },
		{ RETRY_HTTP, 500, NULL }, { RETRY_HTTP, 200, NULL },
	};
	static const struct reply once[] = {
		{ RETRY_HTTP, 500, NULL }, { RETRY_HTTP, 200, NULL },
	};
	struct retry_policy p;
	struct run r;

	(void)state;
	retry_policy_default(&p);
	/* Five attempts, four waits of 1, 2, 4, 8 s at most; the sixth
	 * reply is never asked for. */
	r = simulate(&p, down, 6, false, T_2015, RND_HI);
	assert_int_equal(r.attempts, 5);
	assert_int_equal(r.final_status, 500);
	assert_int_equal(r.waited_ms, 1000 + 2000 + 4000 + 8000);
	r = simulate(&p, down, 6, false, T_2015, RND_LO);
	assert_int_equal(r.waited_ms, 500 + 1000 + 2000 + 4000);
	/* A POST stops at the first 500. */
	r = simulate(&p, once, 2, true, T_2015, RND_HI);
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.final_status, 500);
	assert_int_equal(r.waited_ms, 0);
	r = simulate(&p, once, 2, false, T_2015, RND_HI);
	assert_int_equal(r.attempts, 2);
	assert_int_equal(r.final_status, 200);
}

static void test_jitter_spread(void **state)
{
	struct retry_policy p;
	struct retry_input in = http_in(500, false, NULL, 3);
	uint32_t x = 12345;
	long min = LONG_MAX, max = 0;

	(void)state;
	retry_policy_default(&p);
	/* Over many draws the delay covers its range and stays inside it. */
	for (int i = 0; i < 10000; i++) {
		long d;

		x = x * 1664525u + 1013904223u;
		d = retry_delay_ms(&p, &in, T_2015, x);
		assert_in_range(d, 2000, 4000);
		min = d < min ? d : min;
		max = d > max ? d : max;
	}
	assert_true(min < 2100);
	assert_true(max > 3900);
	/* Same inputs, same answer: no hidden random state. */
	assert_int_equal(retry_delay_ms(&p, &in, T_2015, 777u),
	                 retry_delay_ms(&p, &in, T_2015, 777u));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_default),
		cmocka_unit_test(test_delay_null),
		cmocka_unit_test(test_after_garbage),
		cmocka_unit_test(test_after_seconds),
		cmocka_unit_test(test_after_date),
		cmocka_unit_test(test_after_bad_dates),
		cmocka_unit_test(test_429_retry_after),
		cmocka_unit_test(test_429_date),
		cmocka_unit_test(test_429_backoff),
		cmocka_unit_test(test_429_floor),
		cmocka_unit_test(test_5xx_full_jitter),
		cmocka_unit_test(test_5xx_huge_attempt),
		cmocka_unit_test(test_503_retry_after),
		cmocka_unit_test(test_post_5xx),
		cmocka_unit_test(test_post_429),
		cmocka_unit_test(test_transport),
		cmocka_unit_test(test_refused_once_and_quickly),
		cmocka_unit_test(test_never_retried),
		cmocka_unit_test(test_curl_failures_classified),
		cmocka_unit_test(test_4xx_and_others),
		cmocka_unit_test(test_attempt_limit),
		cmocka_unit_test(test_sequence_429_429_200),
		cmocka_unit_test(test_sequence_gives_up),
		cmocka_unit_test(test_jitter_spread),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("retry", tests, NULL, NULL);
}
