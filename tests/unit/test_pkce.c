/* SPDX-License-Identifier: MIT */
/* PKCE for halotui login: verifiers are 43 base64url characters of fresh
 * randomness, the S256 challenge matches RFC 7636's own example, and
 * base64url decodes what it encodes and refuses what is not it. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "pkce.h"

#define B64URL "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

static void test_verifier_length_and_charset(void **state)
{
	char a[PKCE_VERIFIER_LEN + 1], b[PKCE_VERIFIER_LEN + 1];

	(void)state;
	assert_true(pkce_verifier(a));
	assert_true(pkce_verifier(b));
	/* RFC 7636 4.1: 43 to 128 unreserved characters; 32 bytes give 43. */
	assert_int_equal(strlen(a), 43);
	assert_int_equal(strspn(a, B64URL), 43);
	assert_string_not_equal(a, b);
}

static void test_state_is_fresh(void **state)
{
	char a[PKCE_STATE_LEN + 1], b[PKCE_STATE_LEN + 1];

	(void)state;
	assert_true(pkce_state(a));
	assert_true(pkce_state(b));
	assert_int_equal(strlen(a), PKCE_STATE_LEN);
	assert_int_equal(strspn(a, B64URL), PKCE_STATE_LEN);
	assert_string_not_equal(a, b);
}

/* RFC 7636 appendix B. */
static void test_s256_rfc7636_appendix_b(void **state)
{
	char c[PKCE_CHALLENGE_LEN + 1];

	(void)state;
	assert_true(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
	                           c));
	assert_string_equal(c, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
	assert_false(pkce_challenge(NULL, c));
}

/* The verifier of appendix B is the base64url of these 32 octets. */
static void test_b64url_appendix_b_octets(void **state)
{
	static const unsigned char octets[32] = {
		116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216,
		173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5,
		88, 83, 132, 141, 121,
	};
	char out[64];
	unsigned char back[32];

	(void)state;
	assert_int_equal(pkce_b64url_len(32), 43);
	pkce_b64url(octets, 32, out);
	assert_string_equal(out, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
	assert_int_equal(pkce_b64url_decode(out, strlen(out), back, sizeof back),
	                 32);
	assert_memory_equal(back, octets, 32);
}

static void test_b64url_round_trip_and_refusals(void **state)
{
	unsigned char in[7] = { 0xfb, 0xff, 0x00, 0x10, 0x3e, 0x3f, 0x80 };
	unsigned char out[8];
	char enc[16];

	(void)state;
	for (size_t n = 0; n <= sizeof in; n++) {
		pkce_b64url(in, n, enc);
		assert_int_equal(strlen(enc), pkce_b64url_len(n));
		assert_null(strpbrk(enc, "+/="));
		assert_int_equal(pkce_b64url_decode(enc, strlen(enc), out,
		                                    sizeof out), (long)n);
		assert_memory_equal(out, in, n);
	}
	/* Padding at the end is tolerated, nowhere else. */
	assert_int_equal(pkce_b64url_decode("YQ==", 4, out, sizeof out), 1);
	assert_int_equal(pkce_b64url_decode("Y=Q", 3, out, sizeof out), -1);
	/* Standard base64's characters, a lone trailing character, spaces. */
	assert_int_equal(pkce_b64url_decode("a+b/", 4, out, sizeof out), -1);
	assert_int_equal(pkce_b64url_decode("abcde", 5, out, sizeof out), -1);
	assert_int_equal(pkce_b64url_decode("ab cd", 5, out, sizeof out), -1);
	/* Too little room. */
	assert_int_equal(pkce_b64url_decode("AAAAAAAA", 8, out, 5), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verifier_length_and_charset),
		cmocka_unit_test(test_state_is_fresh),
		cmocka_unit_test(test_s256_rfc7636_appendix_b),
		cmocka_unit_test(test_b64url_appendix_b_octets),
		cmocka_unit_test(test_b64url_round_trip_and_refusals),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("pkce", tests, NULL, NULL);
}
