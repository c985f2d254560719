/* SPDX-License-Identifier: MIT */
/* Scrubbing secrets from messages: each secret and "Bearer <token>"
 * becomes a mark, a text cut in the middle of a secret loses the part it
 * kept, the cap is kept without cutting a character, and errbuf and the
 * log do it for "Bearer ..." on their own. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errbuf.h"
#include "log.h"
#include "scrub.h"

static void scrubbed(const struct scrub *sc, const char *in, size_t cap,
                     const char *want, size_t hits)
{
	char buf[256];

	assert_true(cap <= sizeof buf);
	memset(buf, 'Z', sizeof buf);
	snprintf(buf, cap, "%s", in);
	assert_int_equal(scrub_text(sc, buf, cap), hits);
	assert_string_equal(buf, want);
	/* Nothing of the old text is left behind the end. */
	if (hits)
		for (size_t i = strlen(buf); i < cap; i++)
			assert_int_equal(buf[i], '\0');
}

static void test_edges(void **state)
{
	struct scrub sc;

	(void)state;
	scrub_init(&sc);
	scrub_add(&sc, NULL);
	scrub_add(&sc, "");
	scrub_add(&sc, "abc");          /* too short to look for */
	assert_int_equal(sc.n, 0);
	scrub_add(&sc, "abcd");
	scrub_add(&sc, "abcd");         /* once is enough */
	assert_int_equal(sc.n, 1);
	assert_int_equal(scrub_text(&sc, NULL, 10), 0);
	scrubbed(&sc, "", 10, "", 0);
	scrubbed(&sc, "nothing here", 64, "nothing here", 0);
	scrubbed(NULL, "a NULL scrub knows no secret: abcd", 64,
	         "a NULL scrub knows no secret: abcd", 0);
}

static void test_secrets(void **state)
{
	struct scrub sc;

	(void)state;
	scrub_init(&sc);
	scrub_add(&sc, "tok-123456");
	scrub_add(&sc, "s3cr3t-value");
	scrubbed(&sc, "bad token tok-123456 and tok-123456", 128,
	         "bad token [redacted] and [redacted]", 2);
	scrubbed(&sc, "client s3cr3t-value unknown", 128,
	         "client [redacted] unknown", 1);
	scrubbed(&sc, "tok-123456s3cr3t-value", 128, "[redacted][redacted]", 2);
	/* Cut short in the middle of a secret: the part kept goes too. */
	scrubbed(&sc, "the key s3cr3t", 128, "the key [redacted]", 1);
	/* Too little of it to tell. */
	scrubbed(&sc, "ends in s3c", 128, "ends in s3c", 0);
	scrub_add(&sc, "demo-secret-and-more");
	scrubbed(&sc, "tenant=demo", 128, "tenant=demo", 0);
	scrubbed(&sc, "x demo-sec", 128, "x [redacted]", 1);
}

static void test_bearer(void **state)
{
	(void)state;
	scrubbed(NULL, "Authorization: Bearer abc.DEF-_~+/xyz== was refused", 128,
	         "Authorization: Bearer [redacted] was refused", 1);
	scrubbed(NULL, "bearer\tZZZ", 128, "bearer\t[redacted]", 1);
	scrubbed(NULL, "BEARER  q", 128, "BEARER  [redacted]", 1);
	/* Not a bearer token: no blank, nothing after it, or inside a word. */
	scrubbed(NULL, "Bearer", 128, "Bearer", 0);
	scrubbed(NULL, "Bearer ", 128, "Bearer ", 0);
	scrubbed(NULL, "Bearer: x", 128, "Bearer: x", 0);
	scrubbed(NULL, "forbearer x", 128, "forbearer x", 0);
	/* Scrubbing twice changes nothing more. */
	scrubbed(NULL, "Bearer [redacted]", 128, "Bearer [redacted]", 0);
}

static void test_cap(void **state)
{
	struct scrub sc;

	(void)state;
	scrub_init(&sc);
	scrub_add(&sc, "abcd");
	/* The mark is longer than the secret: the tail is cut at the cap. */
	scrubbed(&sc, "xx abcd yyyyyy", 16, "xx [redacted] y", 1);
	/* The mark itself is cut when it reaches the cap. */
	scrubbed(&sc, "xxxxxxxx abcd", 14, "xxxxxxxx [red", 1);
	/* Never half a UTF-8 character at the cut. */
	scrubbed(&sc, "abcd \xc3\xa9\xc3\xa9", 15, "[redacted] \xc3\xa9", 1);
}

static void test_append(void **state)
{
	static const char body[] = "{\"m\":\"tok-123456\0Bearer x\"}";
	struct strbuf out = STRBUF_INIT(1024);
	struct scrub sc;

	(void)state;
	scrub_init(&sc);
	scrub_add(&sc, "tok-123456");
	assert_int_equal(scrub_append(&sc, NULL, 0, &out), 0);
	assert_int_equal(scrub_append(&sc, body, sizeof body - 1, &out), 0);
	assert_int_equal(out.len, strlen("{\"m\":\"[redacted]") + 1 +
	                 strlen("Bearer [redacted]\"}"));
	assert_memory_equal(out.s, "{\"m\":\"[redacted]\0Bearer [redacted]\"}",
	                    out.len);
	strbuf_done(&out);
	/* A full buffer fails. */
	strbuf_init(&out, 4);
	assert_int_equal(scrub_append(&sc, "tok-123456", 10, &out), -1);
	strbuf_done(&out);
}

static char logged[1024];

static void capture(void *ctx, enum log_level level, const char *msg)
{
	(void)ctx;
	(void)level;
	snprintf(logged, sizeof logged, "%s", msg);
}

static void test_errbuf_and_log(void **state)
{
	struct log_sink sink = { .write = capture, .min_level = LOG_DEBUG };
	struct errbuf err;

	(void)state;
	errbuf_set(&err, HALO_EHTTP, "HTTP 401: %s", "header Bearer abc123 bad");
	assert_string_equal(err.msg, "HTTP 401: header Bearer [redacted] bad");
	errbuf_set(&err, HALO_EHTTP, "%s", "abc123");
	errbuf_prefix(&err, "Bearer");
	assert_string_equal(err.msg, "Bearer: abc123");
	log_msg(&sink, LOG_WARN, "sent Bearer %s", "zzz");
	assert_string_equal(logged, "sent Bearer [redacted]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_secrets),
		cmocka_unit_test(test_bearer),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_errbuf_and_log),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("scrub", tests, NULL, NULL);
}
