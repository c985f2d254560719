/* SPDX-License-Identifier: MIT */
/* The id_token's payload is untrusted input: whatever the JWT holds
 * (not three parts, not base64url, not JSON, fields missing, null, of the
 * wrong type, too long, with control characters), parsing never fails
 * badly, and what it keeps is one line of printable text. Also the
 * refresh token and id_token of a token reply, the per-user grants' form
 * bodies, the authorize URL and the redirect read back. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "idtoken.h"
#include "oauth.h"
#include "pkce.h"

/* "e30.<payload>.sig": a JWT whose payload is json, base64url'd. */
static char *jwt_of(const char *json)
{
	size_t n = strlen(json);
	char *out = malloc(pkce_b64url_len(n) + 32);

	assert_non_null(out);
	strcpy(out, "eyJhbGciOiJIUzI1NiJ9.");
	pkce_b64url((const unsigned char *)json, n, out + strlen(out));
	strcat(out, ".c2ln");
	return out;
}

static bool parse_json(const char *json, struct agent_identity *who)
{
	char *jwt = jwt_of(json);
	bool ok = idtoken_parse(jwt, who);

	free(jwt);
	return ok;
}

static void test_idtoken_the_emulators(void **state)
{
	struct agent_identity who;
	char text[300];

	(void)state;
	assert_true(parse_json("{\"iss\":\"x\",\"sub\":\"7\",\"agent_id\":7,"
	                       "\"name\":\"Ann Example\",\"email\":\"ann@"
	                       "example.com\",\"exp\":1}", &who));
	assert_int_equal(who.agent_id, 7);
	assert_string_equal(who.name, "Ann Example");
	assert_string_equal(who.email, "ann@example.com");
	identity_text(&who, text, sizeof text);
	assert_string_equal(text, "Ann Example (agent 7)");
}

static void test_idtoken_malformed(void **state)
{
	static const char *const bad[] = {
		"", ".", "..", "abc", "a.b", "a..b", "a.!!!!.b", "a.YQ.b",
		"a.e30", /* no signature part */
		"a.Zm9v.b", /* "foo": not JSON */
		"a.W10.b", /* [] */
		"a.bnVsbA.b", /* null */
		"a.MQ.b", /* 1 */
	};
	struct agent_identity who;

	(void)state;
	assert_false(idtoken_parse(NULL, &who));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		memset(&who, 'x', sizeof who);
		if (idtoken_parse(bad[i], &who))
			fail_msg("'%s' parsed", bad[i]);
		assert_int_equal(who.agent_id, 0);
		assert_string_equal(who.name, "");
		assert_string_equal(who.email, "");
	}
}

static void test_idtoken_missing_and_wrong_types(void **state)
{
	struct agent_identity who;

	(void)state;
	/* Nothing of ours in it. */
	assert_false(parse_json("{}", &who));
	assert_false(parse_json("{\"sub\":\"3\"}", &who));
	/* Wrong types are unknown, not errors, when something is left. */
	assert_true(parse_json("{\"agent_id\":\"12\",\"name\":5,\"email\":"
	                       "null}", &who));
	assert_int_equal(who.agent_id, 12);
	assert_string_equal(who.name, "");
	assert_string_equal(who.email, "");
	assert_true(parse_json("{\"agent_id\":[1],\"name\":\"Bo\"}", &who));
	assert_int_equal(who.agent_id, 0);
	assert_string_equal(who.name, "Bo");
	/* Ids that are not positive whole numbers. */
	static const char *const ids[] = {
		"-3", "0", "1.5", "1e300", "\"12a\"", "\"\"", "\"-1\"",
		"\"1234567890123456\"", "true", "{}", "null",
	};
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		char json[100];

		snprintf(json, sizeof json, "{\"agent_id\":%s,\"name\":\"N\"}",
		         ids[i]);
		assert_true(parse_json(json, &who));
		if (who.agent_id != 0)
			fail_msg("agent_id %s read as %ld", ids[i], who.agent_id);
	}
}

static void test_idtoken_text_is_one_safe_line(void **state)
{
	struct agent_identity who;
	char json[2000], big[1200];

	(void)state;
	assert_true(parse_json("{\"agent_id\":1,\"name\":\"a\\nb\\u001b[2Jc"
	                       "\\u0085d\"}", &who));
	assert_string_equal(who.name, "a b [2Jc d");
	/* A NUL inside a JSON string cuts nothing and injects nothing. */
	parse_json("{\"agent_id\":1,\"name\":\"x\\u0000y\"}", &who);
	assert_null(strchr(who.name, '\n'));
	/* Invalid UTF-8 becomes '?'. */
	assert_true(parse_json("{\"agent_id\":1,\"name\":\"\xff\xfe!\"}", &who));
	assert_string_equal(who.name, "?" "?!");
	/* Cut on a character boundary. */
	memset(big, 0, sizeof big);
	for (size_t i = 0; i + 2 < 1000; i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	snprintf(json, sizeof json, "{\"agent_id\":1,\"name\":\"%s\"}", big);
	assert_true(parse_json(json, &who));
	assert_true(strlen(who.name) <= IDENTITY_TEXT_MAX);
	assert_int_equal(strlen(who.name) % 2, 0);
}

static void test_idtoken_huge_payload(void **state)
{
	size_t n = 64 * 1024;
	char *json = malloc(n + 64), *jwt;
	struct agent_identity who;

	(void)state;
	assert_non_null(json);
	strcpy(json, "{\"agent_id\":4,\"name\":\"");
	memset(json + strlen(json), 'a', n);
	strcpy(json + 22 + n, "\"}");
	jwt = jwt_of(json);
	assert_false(idtoken_parse(jwt, &who));
	free(jwt);
	free(json);
}

/* ---- a token reply's extras ---------------------------------------------- */

static void test_extras(void **state)
{
	char body[2000], *refresh, *jwt;
	struct agent_identity who;
	struct errbuf err;
	bool has_who;

	(void)state;
	jwt = jwt_of("{\"agent_id\":9,\"name\":\"Nine\"}");
	snprintf(body, sizeof body, "{\"access_token\":\"a\",\"refresh_token\":"
	         "\"r-1\",\"id_token\":\"%s\"}", jwt);
	free(jwt);
	assert_int_equal(oauth_parse_extras(body, strlen(body), &refresh, &who,
	                                    &has_who, &err), HALO_OK);
	assert_string_equal(refresh, "r-1");
	assert_true(has_who);
	assert_int_equal(who.agent_id, 9);
	auth_wipe_free(refresh);
	/* No refresh token, one that is not a string or holds a space. */
	static const char *const none[] = {
		"{\"access_token\":\"a\"}", "{\"refresh_token\":null}",
		"{\"refresh_token\":5}", "{\"refresh_token\":\"a b\"}",
		"{\"refresh_token\":\"\"}", "{\"id_token\":7}",
	};
	for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
		assert_int_equal(oauth_parse_extras(none[i], strlen(none[i]),
		                                    &refresh, &who, &has_who, &err),
		                 HALO_OK);
		assert_null(refresh);
		assert_false(has_who);
	}
	assert_int_equal(oauth_parse_extras("[]", 2, &refresh, &who, &has_who,
	                                    &err), HALO_EPARSE);
	assert_int_equal(oauth_parse_extras("", 0, &refresh, &who, &has_who,
	                                    &err), HALO_EPARSE);
}

/* ---- forms, the authorize URL, the redirect ------------------------------ */

static void test_forms(void **state)
{
	struct settings s;
	char *f;

	(void)state;
	settings_init(&s);
	s.client_id = "app id";
	s.scope = "all";
	f = oauth_password_form(&s, "ann@example.com", "p&ss=w rd");
	assert_string_equal(f, "grant_type=password&client_id=app%20id&"
	                    "username=ann%40example.com&password=p%26ss%3Dw%20rd"
	                    "&scope=all");
	auth_wipe_free(f);
	/* The secret only when there is one. */
	s.client_secret = "sec";
	f = oauth_refresh_form(&s, "r1");
	assert_string_equal(f, "grant_type=refresh_token&refresh_token=r1&"
	                    "client_id=app%20id&client_secret=sec");
	auth_wipe_free(f);
	s.client_secret = "";
	f = oauth_code_form(&s, "c/1", "v", "http://127.0.0.1:5/callback");
	assert_string_equal(f, "grant_type=authorization_code&code=c%2F1&"
	                    "redirect_uri=http%3A%2F%2F127.0.0.1%3A5%2Fcallback&"
	                    "code_verifier=v&client_id=app%20id");
	auth_wipe_free(f);
}

static void test_authorize_url(void **state)
{
	struct settings s;
	char *u;

	(void)state;
	settings_init(&s);
	s.client_id = "cid";
	u = oauth_authorize_url("https://h.example/auth/", "acme", &s,
	                        "http://127.0.0.1:9/callback", "CH", "ST");
	assert_string_equal(u, "https://h.example/auth/authorize?response_type="
	                    "code&client_id=cid&redirect_uri=http%3A%2F%2F127.0."
	                    "0.1%3A9%2Fcallback&code_challenge=CH&"
	                    "code_challenge_method=S256&state=ST&scope=all&"
	                    "tenant=acme");
	free(u);
	/* An auth_url given as the token URL; no tenant. */
	u = oauth_authorize_url("https://h.example/auth/token", NULL, &s, "x",
	                        "C", "S");
	assert_non_null(strstr(u, "https://h.example/auth/authorize?"));
	assert_null(strstr(u, "tenant="));
	free(u);
}

static void test_redirect(void **state)
{
	struct oauth_redirect r;
	struct errbuf err;

	(void)state;
	assert_int_equal(oauth_parse_redirect("  http://127.0.0.1:5/callback?"
	                                      "code=a%2Bb&state=S1#frag\r\n", &r,
	                                      &err), HALO_OK);
	assert_string_equal(r.code, "a+b");
	assert_string_equal(r.state, "S1");
	assert_null(r.error);
	oauth_redirect_done(&r);
	/* As a browser asks for it. */
	assert_int_equal(oauth_parse_redirect("/callback?state=S&code=C", &r,
	                                      &err), HALO_OK);
	assert_string_equal(r.code, "C");
	oauth_redirect_done(&r);
	/* A bare code ('+' is itself there, as it is no query). */
	assert_int_equal(oauth_parse_redirect("Abc_-1+3\n", &r, &err), HALO_OK);
	assert_string_equal(r.code, "Abc_-1+3");
	assert_null(r.state);
	oauth_redirect_done(&r);
	/* An error from the server. */
	assert_int_equal(oauth_parse_redirect("http://x/cb?error=access_denied&"
	                                      "error_description=No+way&state=S",
	                                      &r, &err), HALO_OK);
	assert_null(r.code);
	assert_string_equal(r.error, "access_denied");
	assert_string_equal(r.error_description, "No way");
	oauth_redirect_done(&r);
	/* Nothing, text, no code, a control character in a value. */
	assert_int_equal(oauth_parse_redirect(" \n", &r, &err), HALO_EUSAGE);
	assert_int_equal(oauth_parse_redirect("hello world", &r, &err),
	                 HALO_EUSAGE);
	assert_int_equal(oauth_parse_redirect("http://x/cb?state=S", &r, &err),
	                 HALO_EUSAGE);
	assert_int_equal(oauth_parse_redirect("http://x/cb?code=a%0Ab", &r,
	                                      &err), HALO_EUSAGE);
	assert_int_equal(oauth_parse_redirect("http://x/cb?code=", &r, &err),
	                 HALO_EUSAGE);
}

static void test_error_texts(void **state)
{
	struct settings s;
	char out[600];
	const char *ig = "{\"error\":\"invalid_grant\",\"error_description\":"
	                 "\"Invalid username or password.\"}";

	(void)state;
	settings_init(&s);
	s.profile = "work";
	s.username = "ann";
	oauth_error_text(GRANT_REFRESH, &s, 400, ig, strlen(ig), out, sizeof out);
	assert_non_null(strstr(out, "run halotui login -p work"));
	assert_non_null(strstr(out, "invalid_grant"));
	oauth_error_text(GRANT_PASSWORD, &s, 400, ig, strlen(ig), out,
	                 sizeof out);
	assert_non_null(strstr(out, "user name or password"));
	assert_non_null(strstr(out, "'ann'"));
	oauth_error_text(GRANT_CODE, &s, 400, ig, strlen(ig), out, sizeof out);
	assert_non_null(strstr(out, "authorization code"));
	oauth_error_text(GRANT_REFRESH, &s, 401, "{}", 2, out, sizeof out);
	assert_non_null(strstr(out, "check client_id"));
	assert_true(oauth_is_invalid_grant(400, ig, strlen(ig)));
	assert_false(oauth_is_invalid_grant(500, ig, strlen(ig)));
	assert_false(oauth_is_invalid_grant(400, "{}", 2));
	s.profile = NULL;
	oauth_error_text(GRANT_REFRESH, &s, 400, ig, strlen(ig), out, sizeof out);
	assert_non_null(strstr(out, "run halotui login"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idtoken_the_emulators),
		cmocka_unit_test(test_idtoken_malformed),
		cmocka_unit_test(test_idtoken_missing_and_wrong_types),
		cmocka_unit_test(test_idtoken_text_is_one_safe_line),
		cmocka_unit_test(test_idtoken_huge_payload),
		cmocka_unit_test(test_extras),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_authorize_url),
		cmocka_unit_test(test_redirect),
		cmocka_unit_test(test_error_texts),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("idtoken", tests, NULL, NULL);
}
