/* SPDX-License-Identifier: MIT */
/* Client-credentials authentication, the pure parts: token and default
 * URLs, authinfo, the form body, token replies, the token cache and the
 * messages for a refused token request. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "auth.h"

#define INVALID_CLIENT_TEXT \
	"the token endpoint refused the client (HTTP 401 invalid_client): " \
	"check client_id and client_secret, and that the API application is " \
	"active in Halo (Configuration > Integrations > Halo API)"

static void assert_url(char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static char *authinfo(const char *body)
{
	return auth_parse_authinfo(body, strlen(body), NULL);
}

static enum halo_status parse(const char *body, double now,
                              struct token *tok, struct errbuf *err)
{
	return auth_parse_token(body, strlen(body), now, tok, err);
}

static void error_text(int status, const char *body, char *out, size_t n)
{
	auth_error_text(status, body, body ? strlen(body) : 0, out, n);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The decoded value of `key` in an x-www-form-urlencoded body, as a
 * server would read it ('+' and %20 both a space). Caller frees. */
static char *form_value(const char *body, const char *key)
{
	size_t klen = strlen(key);
	const char *p = body;

	while (p && *p) {
		const char *end = strchr(p, '&');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
			char *out = malloc(n), *o = out;

			assert_non_null(out);
			for (size_t i = klen + 1; i < n; i++) {
				if (p[i] == '+') {
					*o++ = ' ';
				} else if (p[i] == '%') {
					assert_true(i + 2 < n);
					assert_true(hexval(p[i + 1]) >= 0);
					assert_true(hexval(p[i + 2]) >= 0);
					*o++ = (char)(hexval(p[i + 1]) * 16 +
					              hexval(p[i + 2]));
					i += 2;
				} else {
					*o++ = p[i];
				}
			}
			*o = '\0';
			return out;
		}
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

/* Only these may appear raw in a form value. */
static void assert_form_chars(const char *body)
{
	for (const char *p = body; *p; p++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                       "abcdefghijklmnopqrstuvwxyz"
		                       "0123456789-._~%&=+", *p));
}

/* ---- auth_token_url, auth_default_url ------------------------------- */

static void test_token_url_null(void **state)
{
	(void)state;
	assert_null(auth_token_url(NULL, NULL));
	assert_null(auth_token_url(NULL, "acme"));
	assert_null(auth_token_url("", "acme"));
}

static void test_token_url_plain(void **state)
{
	(void)state;
	assert_url(auth_token_url("https://acme.halopsa.com/auth", NULL),
	           "https://acme.halopsa.com/auth/token");
	assert_url(auth_token_url("https://acme.halopsa.com/auth/", NULL),
	           "https://acme.halopsa.com/auth/token");
	assert_url(auth_token_url("https://acme.halopsa.com/auth//", ""),
	           "https://acme.halopsa.com/auth/token");
	assert_url(auth_token_url("https://auth.example.com", NULL),
	           "https://auth.example.com/token");
	/* Already the token URL: not doubled. */
	assert_url(auth_token_url("https://acme.halopsa.com/auth/token", NULL),
	           "https://acme.halopsa.com/auth/token");
	assert_url(auth_token_url("https://acme.halopsa.com/auth/token/", NULL),
	           "https://acme.halopsa.com/auth/token");
}

static void test_token_url_tenant(void **state)
{
	(void)state;
	assert_url(auth_token_url("https://acme.halopsa.com/auth", "acme"),
	           "https://acme.halopsa.com/auth/token?tenant=acme");
	assert_url(auth_token_url("https://x/auth/", "acme"),
	           "https://x/auth/token?tenant=acme");
	assert_url(auth_token_url("https://x/auth", "a-b.c_d~e"),
	           "https://x/auth/token?tenant=a-b.c_d~e");
	/* Everything else is percent-encoded, UTF-8 byte by byte. */
	assert_url(auth_token_url("https://x/auth", "a b&c=d/e?f#g+h%"),
	           "https://x/auth/token?tenant="
	           "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25");
	assert_url(auth_token_url("https://x/auth", "\xc3\xa9t\xc3\xa9"),
	           "https://x/auth/token?tenant=%C3%A9t%C3%A9");
}

static void test_default_url(void **state)
{
	(void)state;
	assert_null(auth_default_url(NULL));
	assert_null(auth_default_url(""));
	assert_url(auth_default_url("https://acme.halopsa.com"),
	           "https://acme.halopsa.com/auth");
	assert_url(auth_default_url("https://acme.halopsa.com/"),
	           "https://acme.halopsa.com/auth");
	assert_url(auth_default_url("http://127.0.0.1:8080"),
	           "http://127.0.0.1:8080/auth");
}

/* ---- auth_parse_authinfo ---------------------------------------------- */

/* A shared auth server needs the tenant that authinfo names. */
static void test_authinfo_tenant(void **state)
{
	static const char *const bad[] = {
		"{}", "{\"tenant_id\":\"\"}", "{\"tenant_id\":\"a b\"}",
		"{\"tenant_id\":\"x&y=1\"}", "{\"tenant_id\":null}", "[1]", "",
		("{\"tenant_id\":\"0123456789012345678901234567890123456789"
		 "01234567890123456789012345\"}"),
	};
	char *t;

	(void)state;
	t = auth_parse_authinfo_tenant("{\"tenant_id\":\"acme-eu\"}", 24);
	assert_string_equal(t, "acme-eu");
	free(t);
	t = auth_parse_authinfo_tenant("{\"Tenant_ID\": 42}", 17);
	assert_string_equal(t, "42");
	free(t);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_null(auth_parse_authinfo_tenant(bad[i], strlen(bad[i])));
	assert_null(auth_parse_authinfo_tenant(NULL, 0));
}

static void test_authinfo_not_usable(void **state)
{
	static const char *const bodies[] = {
		"", "not json", "{", "[]", "null", "\"https://x/auth\"", "42",
		"{}", "{\"tenant_id\":\"acme\"}", "{\"auth_url\":null}",
		"{\"auth_url\":5}", "{\"auth_url\":true}", "{\"auth_url\":\"\"}",
		"{\"auth_url\":[\"https://x/auth\"]}",
		"{\"auth_url\":{\"url\":\"https://x/auth\"}}",
		"[{\"auth_url\":\"https://x/auth\"}]",
	};

	(void)state;
	assert_null(auth_parse_authinfo(NULL, 0, NULL));
	assert_null(auth_parse_authinfo(NULL, 10, NULL));
	assert_null(auth_parse_authinfo("{\"auth_url\":\"https://x\"}", 0,
	                                NULL));
	for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
		char *url = authinfo(bodies[i]);

		if (url)
			print_message("# body %s gave %s\n", bodies[i], url);
		assert_null(url);
	}
}

static void test_authinfo_good(void **state)
{
	/* Not NUL-terminated where len ends: the rest must be ignored. */
	static const char buf[] =
		"{\"auth_url\":\"https://acme.halopsa.com/auth\","
		"\"tenant_id\":\"acme\"}GARBAGE";
	bool oom = true;

	(void)state;
	assert_url(auth_parse_authinfo(buf, sizeof buf - 1 - 7, &oom),
	           "https://acme.halopsa.com/auth");
	assert_false(oom);
	assert_url(authinfo("{\"auth_url\":\"https://login.example.com/auth/\"}"),
	           "https://login.example.com/auth/");
	assert_url(authinfo("{\"other\":{\"auth_url\":\"https://no\"},"
	                    "\"auth_url\":\"https://yes/auth\"}"),
	           "https://yes/auth");
	assert_url(authinfo("{\"auth_url\":\"HTTPS://ACME.HALOPSA.COM/auth\"}"),
	           "HTTPS://ACME.HALOPSA.COM/auth");
	assert_url(authinfo("{\"auth_url\":\"https://x:8443/auth?a=b\"}"),
	           "https://x:8443/auth?a=b");
}

static void test_authinfo_casing(void **state)
{
	(void)state;
	assert_url(authinfo("{\"Auth_Url\":\"https://x/auth\"}"),
	           "https://x/auth");
	assert_url(authinfo("{\"AUTH_URL\":\"https://x/auth\"}"),
	           "https://x/auth");
	assert_url(authinfo("{\"authUrl\":\"https://x/auth\"}"),
	           "https://x/auth");
	assert_url(authinfo("{\"AuthURL\":\"https://x/auth\"}"),
	           "https://x/auth");
	/* A wrong-typed auth_url does not hide a good authUrl. */
	assert_url(authinfo("{\"auth_url\":7,\"authurl\":\"https://x/auth\"}"),
	           "https://x/auth");
}

static void test_authinfo_bad_urls(void **state)
{
	static const char *const urls[] = {
		"javascript:alert(1)", "JAVASCRIPT://x/%0aalert(1)",
		"file:///etc/passwd", "ftp://x/auth", "data:text/html,hi",
		"//x/auth", "x/auth", "https:/x/auth", "https://", "https:///auth",
		"https://?q", "https://user:pw@x/auth", "https://x@evil/auth",
		"https://x/a b", "https://x/auth\\r\\nHost: evil",
		"https://x/\\t", "https://x/\\u0000",
		" https://x/auth", "https://x/\xc3\xa9",
		/* Plain http would send the secret in the clear: loopback only. */
		"http://acme.halopsa.com/auth", "http://127.0.0.1.evil.com/auth",
		"http://localhost.evil.com/auth", "http://[::1]evil/auth",
		"http://127.evil/auth", "http://10.0.0.1/auth",
	};
	char body[256];

	(void)state;
	for (size_t i = 0; i < sizeof urls / sizeof *urls; i++) {
		char *url;

		/* The table holds JSON string text: "\\r" is a CR. */
		snprintf(body, sizeof body, "{\"auth_url\":\"%s\"}", urls[i]);
		url = authinfo(body);
		if (url)
			print_message("# accepted %s\n", body);
		assert_null(url);
		free(url);
	}
	/* Too long to be believed. */
	{
		size_t n = 3000;
		char *big = malloc(n + 32);

		assert_non_null(big);
		memcpy(big, "{\"auth_url\":\"https://x/", 23);
		memset(big + 23, 'a', n);
		memcpy(big + 23 + n, "\"}", 3);
		assert_null(authinfo(big));
		free(big);
	}
}

static void test_authinfo_loopback_http(void **state)
{
	(void)state;
	assert_url(authinfo("{\"auth_url\":\"http://127.0.0.1:8080/auth\"}"),
	           "http://127.0.0.1:8080/auth");
	assert_url(authinfo("{\"auth_url\":\"http://127.1.2.3/auth\"}"),
	           "http://127.1.2.3/auth");
	assert_url(authinfo("{\"auth_url\":\"http://localhost/auth\"}"),
	           "http://localhost/auth");
	assert_url(authinfo("{\"auth_url\":\"HTTP://LOCALHOST:9/auth\"}"),
	           "HTTP://LOCALHOST:9/auth");
	assert_url(authinfo("{\"auth_url\":\"http://[::1]:9/auth\"}"),
	           "http://[::1]:9/auth");
	assert_url(authinfo("{\"auth_url\":\"http://[::1]\"}"),
	           "http://[::1]");
}

/* ---- auth_form_body --------------------------------------------------- */

static void test_same_origin(void **state)
{
	(void)state;
	assert_true(auth_same_origin("https://acme.halopsa.com",
	                             "https://acme.halopsa.com/auth"));
	assert_true(auth_same_origin("https://ACME.halopsa.com:443/auth?x=1",
	                             "HTTPS://acme.HaloPSA.com"));
	assert_true(auth_same_origin("http://127.0.0.1:8080/auth",
	                             "http://127.0.0.1:8080"));
	assert_true(auth_same_origin("http://[::1]:80/auth", "http://[::1]"));
	/* Another host, port or scheme. */
	assert_false(auth_same_origin("https://login.example.com/auth",
	                              "https://acme.halopsa.com"));
	assert_false(auth_same_origin("https://acme.halopsa.com.evil.example",
	                              "https://acme.halopsa.com"));
	assert_false(auth_same_origin("https://acme.halopsa.com:8443/auth",
	                              "https://acme.halopsa.com"));
	assert_false(auth_same_origin("http://127.0.0.1:8081/auth",
	                              "http://127.0.0.1:8080"));
	assert_false(auth_same_origin("http://acme.halopsa.com:443/auth",
	                              "https://acme.halopsa.com"));
	assert_false(auth_same_origin("http://[::1]:81", "http://[::1]:80"));
	/* Not URLs we know how to compare: never the same. */
	assert_false(auth_same_origin(NULL, "https://a.com"));
	assert_false(auth_same_origin("https://a.com", NULL));
	assert_false(auth_same_origin("ftp://a.com", "ftp://a.com"));
	assert_false(auth_same_origin("https://", "https://"));
	assert_false(auth_same_origin("https://u@a.com", "https://a.com"));
	assert_false(auth_same_origin("https://a.com:", "https://a.com"));
	assert_false(auth_same_origin("https://a.com:44x3", "https://a.com"));
	assert_false(auth_same_origin("https://a.com:0", "https://a.com:0"));
	assert_false(auth_same_origin("https://[::1", "https://[::1"));
}

static void test_form_body_null(void **state)
{
	struct settings s;
	char *body;

	(void)state;
	assert_null(auth_form_body(NULL));
	/* Nothing set: empty values, default scope; the server refuses. */
	memset(&s, 0, sizeof s);
	body = auth_form_body(&s);
	assert_non_null(body);
	assert_string_equal(body, "grant_type=client_credentials&client_id="
	                    "&client_secret=&scope=all");
	auth_wipe_free(body);
}

static void test_form_body_plain(void **state)
{
	struct settings s;
	char *body;

	(void)state;
	memset(&s, 0, sizeof s);
	s.client_id = "abc";
	s.client_secret = "xyz";
	body = auth_form_body(&s);
	assert_string_equal(body, "grant_type=client_credentials&client_id=abc"
	                    "&client_secret=xyz&scope=all");
	auth_wipe_free(body);
	s.scope = "";
	body = auth_form_body(&s);
	assert_string_equal(body, "grant_type=client_credentials&client_id=abc"
	                    "&client_secret=xyz&scope=all");
	auth_wipe_free(body);
	s.scope = "read:tickets edit:tickets";
	body = auth_form_body(&s);
	assert_string_equal(body, "grant_type=client_credentials&client_id=abc"
	                    "&client_secret=xyz"
	                    "&scope=read%3Atickets%20edit%3Atickets");
	auth_wipe_free(body);
}

static void test_form_body_encoding(void **state)
{
	struct settings s;
	char *body, *v;
	char secret[] = "p&ss=w rd+%/?#\"'\\\xc3\xa9\x7f\x01";
	char id[] = "id with space&amp";
	char scope[] = "all";

	(void)state;
	memset(&s, 0, sizeof s);
	s.client_id = id;
	s.client_secret = secret;
	s.scope = scope;
	body = auth_form_body(&s);
	assert_non_null(body);
	assert_form_chars(body);
	/* Four fields exactly: the secret's & and = did not split it. */
	{
		int amps = 0, eqs = 0;

		for (const char *p = body; *p; p++) {
			amps += *p == '&';
			eqs += *p == '=';
		}
		assert_int_equal(amps, 3);
		assert_int_equal(eqs, 4);
	}
	assert_non_null(strstr(body, "&client_secret=p%26ss%3Dw%20rd%2B%25"
	                       "%2F%3F%23%22%27%5C%C3%A9%7F%01&"));
	/* Decoded as a server would, each value comes back intact. */
	v = form_value(body, "client_secret");
	assert_string_equal(v, secret);
	free(v);
	v = form_value(body, "client_id");
	assert_string_equal(v, "id with space&amp");
	free(v);
	v = form_value(body, "grant_type");
	assert_string_equal(v, "client_credentials");
	free(v);
	v = form_value(body, "scope");
	assert_string_equal(v, "all");
	free(v);
	auth_wipe_free(body);
}

/* ---- auth_parse_token ------------------------------------------------- */

static void test_token_parse_usage(void **state)
{
	struct errbuf err;

	(void)state;
	err.msg[0] = '\0';
	assert_int_equal(parse("{\"access_token\":\"a\"}", 0, NULL, &err),
	                 HALO_EUSAGE);
	assert_true(err.msg[0] != '\0');
	/* A NULL errbuf is fine. */
	assert_int_equal(parse("{\"access_token\":\"a\"}", 0, NULL, NULL),
	                 HALO_EUSAGE);
}

static void test_token_parse_bad(void **state)
{
	static const char *const bodies[] = {
		"", "not json", "<html>500</html>", "[]", "null", "\"tok\"",
		"{}", "{\"access_token\":null}", "{\"access_token\":5}",
		"{\"access_token\":\"\"}", "{\"access_token\":true}",
		"{\"access_token\":{\"v\":\"x\"}}", "{\"access_token\":[\"x\"]}",
		"{\"token\":\"x\",\"token_type\":\"Bearer\"}",
		"{\"error\":\"invalid_client\"}",
		"[{\"access_token\":\"x\"}]",
	};
	struct token tok = { NULL, NULL, 0, 0 };
	struct errbuf err;

	(void)state;
	for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
		err.msg[0] = '\0';
		assert_int_equal(parse(bodies[i], 100, &tok, &err), HALO_EPARSE);
		assert_true(strlen(err.msg) > 10);
		assert_null(strstr(err.msg, "\n"));
	}
	assert_int_equal(auth_parse_token(NULL, 10, 0, &tok, &err),
	                 HALO_EPARSE);
	assert_int_equal(auth_parse_token("{\"access_token\":\"x\"}", 0, 0,
	                                  &tok, &err), HALO_EPARSE);
	assert_int_equal(parse("{}", 0, &tok, NULL), HALO_EPARSE);
	/* No token was ever made. */
	assert_null(tok.access);
	assert_int_equal(tok.generation, 0);
}

static void test_token_parse_good(void **state)
{
	/* Not NUL-terminated where len ends. */
	static const char buf[] = "{\"access_token\":\"eyJ0.abc-_~+/=\","
		"\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"all\","
		"\"refresh_token\":\"\",\"id_token\":null}}}}";
	struct token tok = { NULL, NULL, 0, 0 };
	struct errbuf err;

	(void)state;
	assert_int_equal(auth_parse_token(buf, sizeof buf - 1 - 3, 1000.5, &tok,
	                                  &err), HALO_OK);
	assert_string_equal(tok.access, "eyJ0.abc-_~+/=");
	assert_string_equal(tok.type, "Bearer");
	assert_true(tok.expires_at == 4600.5);
	assert_int_equal(tok.generation, 1);
	token_clear(&tok);
}

static void test_token_parse_defaults(void **state)
{
	struct {
		const char *body;
		double expires_in;
	} cases[] = {
		{ "{\"access_token\":\"t\"}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":0}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":-5}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":null}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":true}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":[60]}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":\"\"}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":\"soon\"}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":\"12abc\"}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":\"-60\"}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":\"nan\"}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":\"inf\"}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":\"1e999\"}", 3600 },
		{ "{\"access_token\":\"t\",\"expires_in\":\"1800\"}", 1800 },
		{ "{\"access_token\":\"t\",\"expires_in\":\" 1800 \"}", 1800 },
		{ "{\"access_token\":\"t\",\"expires_in\":1800}", 1800 },
		{ "{\"access_token\":\"t\",\"expires_in\":360000}", 360000 },
		{ "{\"access_token\":\"t\",\"Expires_In\":900}", 900 },
		/* Absurd lifetimes are cut to 30 days. */
		{ "{\"access_token\":\"t\",\"expires_in\":1e300}", 2592000 },
	};
	struct token tok = { NULL, NULL, 0, 0 };
	struct errbuf err;
	int wrong = 0;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(parse(cases[i].body, 0, &tok, &err), HALO_OK);
		assert_string_equal(tok.type, "Bearer");
		if (tok.expires_at != cases[i].expires_in) {
			print_message("# %s: expires_at %g\n", cases[i].body,
			              tok.expires_at);
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
	assert_int_equal(tok.generation, sizeof cases / sizeof *cases);
	token_clear(&tok);
}

static void test_token_parse_type(void **state)
{
	struct token tok = { NULL, NULL, 0, 0 };
	struct errbuf err;

	(void)state;
	assert_int_equal(parse("{\"access_token\":\"t\",\"token_type\":\"bearer\"}",
	                       0, &tok, &err), HALO_OK);
	assert_string_equal(tok.type, "bearer");
	/* Not a header-safe word: the default. */
	assert_int_equal(parse("{\"access_token\":\"t\",\"token_type\":"
	                       "\"Bearer\\r\\nX-Evil: 1\"}", 0, &tok, &err),
	                 HALO_OK);
	assert_string_equal(tok.type, "Bearer");
	assert_int_equal(parse("{\"access_token\":\"t\",\"token_type\":\"\"}", 0,
	                       &tok, &err), HALO_OK);
	assert_string_equal(tok.type, "Bearer");
	assert_int_equal(parse("{\"access_token\":\"t\",\"token_type\":7}", 0,
	                       &tok, &err), HALO_OK);
	assert_string_equal(tok.type, "Bearer");
	assert_int_equal(parse("{\"access_token\":\"t\",\"token_type\":\"aaaaaaaa"
	                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}", 0,
	                       &tok, &err), HALO_OK);
	assert_string_equal(tok.type, "Bearer");
	token_clear(&tok);
}

static void test_token_parse_unsafe_token(void **state)
{
	static const char *const bodies[] = {
		"{\"access_token\":\"SeCrEt\\r\\nX-Evil: 1\"}",
		"{\"access_token\":\"SeCrEt with space\"}",
		"{\"access_token\":\"SeCrEt\\u0000tail\"}",
		"{\"access_token\":\"SeCrEt\\t\"}",
		"{\"access_token\":\"SeCrEt\\u00e9\"}",
		"{\"access_token\":\"SeCrEt\\u007f\"}",
	};
	struct token tok = { NULL, NULL, 0, 0 };
	struct errbuf err;

	(void)state;
	for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
		assert_int_equal(parse(bodies[i], 0, &tok, &err), HALO_EPARSE);
		/* The message never quotes the token. */
		assert_null(strstr(err.msg, "SeCrEt"));
		assert_null(strstr(err.msg, "Evil"));
	}
	assert_null(tok.access);
	/* "\u0000" elsewhere in the reply: refused too, never half-read. */
	assert_int_equal(parse("{\"access_token\":\"t\",\"x\":\"\\U0000\"}", 0,
	                       &tok, &err), HALO_EPARSE);
	token_clear(&tok);
}

/* cJSON allocations that check, when freed, that no token is left in
 * them: the parse tree of a token reply must be wiped before it goes. */
#define HOOK_HEADER sizeof(max_align_t)
static int hook_unwiped;

static void *hook_malloc(size_t n)
{
	char *base = malloc(n + HOOK_HEADER);

	if (!base)
		return NULL;
	memcpy(base, &n, sizeof n);
	return base + HOOK_HEADER;
}

static void hook_free(void *p)
{
	char *base;
	size_t n;

	if (!p)
		return;
	base = (char *)p - HOOK_HEADER;
	memcpy(&n, base, sizeof n);
	if (memmem(p, n, "SeCrEtToKeN", 11))
		hook_unwiped++;
	free(base);
}

static void test_token_parse_wipes_tree(void **state)
{
	cJSON_Hooks hooks = { hook_malloc, hook_free };
	struct token tok = { NULL, NULL, 0, 0 };
	struct errbuf err;
	enum halo_status good, bad;

	(void)state;
	hook_unwiped = 0;
	cJSON_InitHooks(&hooks);
	good = parse("{\"access_token\":\"SeCrEtToKeN\",\"extra\":"
	             "{\"refresh_token\":[\"SeCrEtToKeN2\"]}}", 0, &tok, &err);
	bad = parse("{\"access_token\":\"SeCrEtToKeN bad\"}", 0, &tok, &err);
	cJSON_InitHooks(NULL);
	assert_int_equal(good, HALO_OK);
	assert_int_equal(bad, HALO_EPARSE);
	assert_int_equal(hook_unwiped, 0);
	/* The hook does see a tree that was not wiped. */
	cJSON_InitHooks(&hooks);
	cJSON_Delete(cJSON_Parse("{\"a\":\"SeCrEtToKeN\"}"));
	cJSON_InitHooks(NULL);
	assert_int_equal(hook_unwiped, 1);
	token_clear(&tok);
}

static void test_token_parse_replaces(void **state)
{
	struct token tok = { NULL, NULL, 0, 0 };
	struct errbuf err;

	(void)state;
	tok.generation = 41;
	assert_int_equal(parse("{\"access_token\":\"one\",\"expires_in\":100}",
	                       10, &tok, &err), HALO_OK);
	assert_int_equal(tok.generation, 42);
	assert_int_equal(parse("{\"access_token\":\"two\",\"token_type\":\"MAC\"}",
	                       20, &tok, &err), HALO_OK);
	assert_string_equal(tok.access, "two");
	assert_string_equal(tok.type, "MAC");
	assert_true(tok.expires_at == 3620);
	assert_int_equal(tok.generation, 43);
	/* A bad reply leaves the good token alone. */
	assert_int_equal(parse("{\"access_token\":\"\"}", 30, &tok, &err),
	                 HALO_EPARSE);
	assert_string_equal(tok.access, "two");
	assert_int_equal(tok.generation, 43);
	/* The generation wraps rather than misbehaving. */
	tok.generation = (unsigned)-1;
	assert_int_equal(parse("{\"access_token\":\"three\"}", 40, &tok, &err),
	                 HALO_OK);
	assert_int_equal(tok.generation, 0);
	token_clear(&tok);
}

static void test_token_short_life(void **state)
{
	struct token tok = { NULL, NULL, 0, 0 };
	struct errbuf err;

	(void)state;
	/* 30 s is less than the margin: used for its first half. */
	assert_int_equal(parse("{\"access_token\":\"t\",\"expires_in\":30}", 100,
	                       &tok, &err), HALO_OK);
	assert_true(token_valid(&tok, 100));
	assert_true(token_valid(&tok, 114.9));
	assert_false(token_valid(&tok, 115));
	/* 120 s: both rules agree on 60 s of use. */
	assert_int_equal(parse("{\"access_token\":\"t\",\"expires_in\":120}", 0,
	                       &tok, &err), HALO_OK);
	assert_true(token_valid(&tok, 59.9));
	assert_false(token_valid(&tok, 60));
	/* 121 s: the plain margin. */
	assert_int_equal(parse("{\"access_token\":\"t\",\"expires_in\":121}", 0,
	                       &tok, &err), HALO_OK);
	assert_true(tok.expires_at == 121);
	assert_true(token_valid(&tok, 60.9));
	assert_false(token_valid(&tok, 61));
	token_clear(&tok);
}

/* ---- token_valid, token_header, token_clear, auth_wipe_free ----------- */

static void test_token_valid(void **state)
{
	char access[] = "abc";
	char empty[] = "";
	struct token tok = { access, NULL, 1000, 1 };

	(void)state;
	assert_false(token_valid(NULL, 0));
	assert_true(token_valid(&tok, 0));
	assert_true(token_valid(&tok, 1000 - AUTH_EXPIRY_MARGIN_S - 0.001));
	assert_false(token_valid(&tok, 1000 - AUTH_EXPIRY_MARGIN_S));
	assert_false(token_valid(&tok, 999));
	assert_false(token_valid(&tok, 5000));
	tok.access = empty;
	assert_false(token_valid(&tok, 0));
	tok.access = NULL;
	assert_false(token_valid(&tok, 0));
}

static void test_token_header(void **state)
{
	char access[] = "abc.def";
	char type[] = "MAC";
	char empty[] = "";
	struct token tok = { access, NULL, 1000, 1 };
	char *h;

	(void)state;
	assert_null(token_header(NULL));
	h = token_header(&tok);
	assert_string_equal(h, "Authorization: Bearer abc.def");
	auth_wipe_free(h);
	tok.type = empty;
	h = token_header(&tok);
	assert_string_equal(h, "Authorization: Bearer abc.def");
	auth_wipe_free(h);
	tok.type = type;
	h = token_header(&tok);
	assert_string_equal(h, "Authorization: MAC abc.def");
	auth_wipe_free(h);
	tok.access = empty;
	assert_null(token_header(&tok));
	tok.access = NULL;
	assert_null(token_header(&tok));
}

static void test_token_clear(void **state)
{
	struct token tok = { NULL, NULL, 0, 0 };
	struct errbuf err;

	(void)state;
	token_clear(NULL);
	token_clear(&tok);
	assert_int_equal(parse("{\"access_token\":\"t\"}", 0, &tok, &err),
	                 HALO_OK);
	assert_true(token_valid(&tok, 1));
	token_clear(&tok);
	assert_null(tok.access);
	assert_null(tok.type);
	assert_true(tok.expires_at == 0);
	assert_false(token_valid(&tok, 1));
	assert_null(token_header(&tok));
	/* The generation survives, so late replies can be told apart. */
	assert_int_equal(tok.generation, 1);
	token_clear(&tok);
	assert_int_equal(tok.generation, 1);
}

static void test_wipe_free(void **state)
{
	(void)state;
	auth_wipe_free(NULL);
	auth_wipe_free(strdup(""));
	auth_wipe_free(strdup("secret"));
}

/* ---- auth_error_text -------------------------------------------------- */

static void test_error_invalid_client(void **state)
{
	char out[1024];

	(void)state;
	error_text(401, "{\"error\":\"invalid_client\"}", out, sizeof out);
	assert_string_equal(out, INVALID_CLIENT_TEXT);
	/* Casing of the member and the code does not matter. */
	error_text(401, "{\"Error\":\"INVALID_CLIENT\"}", out, sizeof out);
	assert_string_equal(out, INVALID_CLIENT_TEXT);
	/* A description is quoted. */
	error_text(401, "{\"error\":\"invalid_client\",\"error_description\":"
	           "\"Bad credentials\"}", out, sizeof out);
	assert_string_equal(out, "the token endpoint refused the client (HTTP "
	                    "401 invalid_client: Bad credentials): check "
	                    "client_id and client_secret, and that the API "
	                    "application is active in Halo (Configuration > "
	                    "Integrations > Halo API)");
	/* RFC 6749 also allows 400 for it. */
	error_text(400, "{\"error\":\"invalid_client\"}", out, sizeof out);
	assert_non_null(strstr(out, "(HTTP 400 invalid_client)"));
}

static void test_error_401_other(void **state)
{
	char out[1024];

	(void)state;
	/* Any 401 from the token endpoint is about the client. */
	error_text(401, NULL, out, sizeof out);
	assert_non_null(strstr(out, "(HTTP 401 Unauthorized)"));
	assert_non_null(strstr(out, "check client_id and client_secret"));
	error_text(401, "<html>Unauthorized</html>", out, sizeof out);
	assert_non_null(strstr(out, "check client_id and client_secret"));
	error_text(401, "{\"error\":\"access_denied\"}", out, sizeof out);
	assert_non_null(strstr(out, "check client_id and client_secret"));
}

static void test_error_oauth_codes(void **state)
{
	char out[1024];

	(void)state;
	error_text(400, "{\"error\":\"invalid_scope\"}", out, sizeof out);
	assert_non_null(strstr(out, "(HTTP 400 invalid_scope)"));
	assert_non_null(strstr(out, "scope setting"));
	error_text(400, "{\"error\":\"unsupported_grant_type\"}", out,
	           sizeof out);
	assert_non_null(strstr(out, "(HTTP 400 unsupported_grant_type)"));
	assert_non_null(strstr(out, "client_credentials"));
	assert_non_null(strstr(out, "Client ID and Secret (Services)"));
	error_text(400, "{\"error\":\"invalid_grant\"}", out, sizeof out);
	assert_non_null(strstr(out, "(HTTP 400 invalid_grant)"));
	assert_non_null(strstr(out, "refused the grant"));
	error_text(400, "{\"error\":\"unauthorized_client\"}", out, sizeof out);
	assert_non_null(strstr(out, "(HTTP 400 unauthorized_client)"));
	error_text(400, "{\"error\":\"invalid_request\"}", out, sizeof out);
	assert_non_null(strstr(out, "(HTTP 400 invalid_request)"));
	assert_non_null(strstr(out, "tenant"));
}

static void test_error_429(void **state)
{
	char out[1024];

	(void)state;
	error_text(429, "{\"error\":\"Rate Limit Reached - 300 Requests per "
	           "rolling 5 minute window\"}", out, sizeof out);
	assert_non_null(strstr(out, "rate limited"));
	assert_non_null(strstr(out, "HTTP 429"));
	error_text(429, NULL, out, sizeof out);
	assert_non_null(strstr(out, "rate limited"));
	assert_non_null(strstr(out, "HTTP 429"));
}

static void test_error_404_and_500(void **state)
{
	char out[1024];

	(void)state;
	error_text(404, "<html>Not Found</html>", out, sizeof out);
	assert_non_null(strstr(out, "HTTP 404"));
	assert_non_null(strstr(out, "auth_url"));
	/* Anything else: the general API error text. */
	error_text(500, "<!DOCTYPE html>\n<html><head><title>Runtime Error"
	           "</title></head><body><h1>Server Error</h1></body></html>",
	           out, sizeof out);
	assert_true(strncmp(out, "the token request failed: HTTP 500", 34) == 0);
	assert_null(strchr(out, '\n'));
	error_text(400, "{\"error\":\"something_new\"}", out, sizeof out);
	assert_true(strncmp(out, "the token request failed: HTTP 400", 34) == 0);
	error_text(502, "", out, sizeof out);
	assert_true(strncmp(out, "the token request failed: HTTP 502", 34) == 0);
}

static void test_error_never_quotes_secrets(void **state)
{
	/* Bodies that echo the secret back (a proxy repeating our form, a
	 * server quoting the request): the secret must not reach a message. */
	static const char *const bodies[] = {
		"grant_type=client_credentials&client_id=abc"
		"&client_secret=s3cr3t&scope=all",
		"{\"error\":\"invalid_client\",\"error_description\":"
		"\"client_secret s3cr3t is wrong\"}",
		"{\"error\":\"invalid_grant\",\"error_description\":"
		"\"bad Client_Secret: s3cr3t\"}",
		"{\"Message\":\"bad client_secret s3cr3t\"}",
		"{\"error\":\"server_error\",\"access_token\":\"s3cr3t\"}",
		"{\"refresh_token\":\"s3cr3t\"}",
		"password=s3cr3t",
	};
	static const int statuses[] = { 400, 401, 403, 429, 500 };
	char out[1024];

	(void)state;
	for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++)
		for (size_t s = 0; s < sizeof statuses / sizeof *statuses; s++) {
			error_text(statuses[s], bodies[i], out, sizeof out);
			assert_true(out[0] != '\0');
			assert_null(strstr(out, "s3cr3t"));
		}
	/* The known code still gives its advice. */
	error_text(401, bodies[1], out, sizeof out);
	assert_string_equal(out, INVALID_CLIENT_TEXT);
}

static void test_error_description_sanitised(void **state)
{
	char out[1024];
	char body[1024];

	(void)state;
	error_text(400, "{\"error\":\"invalid_scope\",\"error_description\":"
	           "\"bad\\u001b[31mred\\r\\nnext\\u0007\\u00e9\"}", out,
	           sizeof out);
	for (const char *p = out; *p; p++)
		assert_true((unsigned char)*p >= ' ' && (unsigned char)*p < 0x7f);
	assert_non_null(strstr(out, "bad?[31mred??next???"));
	/* A long description is cut. */
	snprintf(body, sizeof body, "{\"error\":\"invalid_grant\","
	         "\"error_description\":\"%0600d\"}", 0);
	error_text(400, body, out, sizeof out);
	assert_true(strlen(out) < 400);
	assert_non_null(strstr(out, "0000000000): check"));
}

static void test_error_small_buffers(void **state)
{
	char out[16];

	(void)state;
	auth_error_text(401, NULL, 0, NULL, 10);
	memset(out, 'Z', sizeof out);
	auth_error_text(401, NULL, 0, out, 0);
	assert_int_equal(out[0], 'Z');
	auth_error_text(401, NULL, 0, out, 1);
	assert_int_equal(out[0], '\0');
	error_text(401, "{\"error\":\"invalid_client\"}", out, sizeof out);
	assert_int_equal(strlen(out), sizeof out - 1);
	assert_true(strncmp(out, INVALID_CLIENT_TEXT, sizeof out - 1) == 0);
	error_text(500, "oops", out, sizeof out);
	assert_int_equal(strlen(out), sizeof out - 1);
	/* A length beyond the NUL is never read past len. */
	auth_error_text(500, "{\"error\":\"invalid_client\"}", 5, out,
	                sizeof out);
	assert_int_equal(strlen(out), sizeof out - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_url_null),
		cmocka_unit_test(test_token_url_plain),
		cmocka_unit_test(test_token_url_tenant),
		cmocka_unit_test(test_default_url),
		cmocka_unit_test(test_authinfo_not_usable),
		cmocka_unit_test(test_authinfo_tenant),
		cmocka_unit_test(test_authinfo_good),
		cmocka_unit_test(test_authinfo_casing),
		cmocka_unit_test(test_authinfo_bad_urls),
		cmocka_unit_test(test_authinfo_loopback_http),
		cmocka_unit_test(test_same_origin),
		cmocka_unit_test(test_form_body_null),
		cmocka_unit_test(test_form_body_plain),
		cmocka_unit_test(test_form_body_encoding),
		cmocka_unit_test(test_token_parse_usage),
		cmocka_unit_test(test_token_parse_bad),
		cmocka_unit_test(test_token_parse_good),
		cmocka_unit_test(test_token_parse_defaults),
		cmocka_unit_test(test_token_parse_type),
		cmocka_unit_test(test_token_parse_unsafe_token),
		cmocka_unit_test(test_token_parse_wipes_tree),
		cmocka_unit_test(test_token_parse_replaces),
		cmocka_unit_test(test_token_short_life),
		cmocka_unit_test(test_token_valid),
		cmocka_unit_test(test_token_header),
		cmocka_unit_test(test_token_clear),
		cmocka_unit_test(test_wipe_free),
		cmocka_unit_test(test_error_invalid_client),
		cmocka_unit_test(test_error_401_other),
		cmocka_unit_test(test_error_oauth_codes),
		cmocka_unit_test(test_error_429),
		cmocka_unit_test(test_error_404_and_500),
		cmocka_unit_test(test_error_never_quotes_secrets),
		cmocka_unit_test(test_error_description_sanitised),
		cmocka_unit_test(test_error_small_buffers),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("auth", tests, NULL, NULL);
}
