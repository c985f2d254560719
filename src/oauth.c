/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "oauth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "api.h"
#include "auth.h"
#include "yamlx.h"

/* Longest code, state or error text read back from a redirect. */
#define REDIRECT_VALUE_MAX 4096
/* Longest refresh token believed. */
#define REFRESH_MAX (64 * 1024)

struct form_field {
	const char *name;
	const char *value;   /* NULL: left out */
};

/* "a=1&b=2", each value percent-encoded, sized exactly up front: growing
 * would leave copies of the secrets behind in freed memory. */
static char *form_build(const struct form_field *f, size_t n)
{
	size_t total = 1;
	char *body, *p;

	for (size_t i = 0; i < n; i++)
		if (f[i].value)
			total += strlen(f[i].name) + 2 + api_escaped_len(f[i].value);
	body = malloc(total);
	if (!body)
		return NULL;
	p = body;
	for (size_t i = 0; i < n; i++) {
		size_t k;

		if (!f[i].value)
			continue;
		if (p > body)
			*p++ = '&';
		k = strlen(f[i].name);
		memcpy(p, f[i].name, k);
		p += k;
		*p++ = '=';
		p = api_escape_to(p, f[i].value);
	}
	*p = '\0';
	return body;
}

/* The secret goes only when the profile has one: Halo's applications for
 * people (native apps) have none, and an empty one is not a secret. */
static const char *secret_of(const struct settings *s)
{
	return s->client_secret && *s->client_secret ? s->client_secret : NULL;
}

static const char *scope_of(const struct settings *s)
{
	return s->scope && *s->scope ? s->scope : "all";
}

char *oauth_password_form(const struct settings *s, const char *username,
                          const char *password)
{
	const struct form_field f[] = {
		{ "grant_type", "password" },
		{ "client_id", s->client_id ? s->client_id : "" },
		{ "client_secret", secret_of(s) },
		{ "username", username ? username : "" },
		{ "password", password ? password : "" },
		{ "scope", scope_of(s) },
	};

	return form_build(f, sizeof f / sizeof *f);
}

char *oauth_code_form(const struct settings *s, const char *code,
                      const char *verifier, const char *redirect_uri)
{
	const struct form_field f[] = {
		{ "grant_type", "authorization_code" },
		{ "code", code ? code : "" },
		{ "redirect_uri", redirect_uri ? redirect_uri : "" },
		{ "code_verifier", verifier ? verifier : "" },
		{ "client_id", s->client_id ? s->client_id : "" },
		{ "client_secret", secret_of(s) },
	};

	return form_build(f, sizeof f / sizeof *f);
}

char *oauth_refresh_form(const struct settings *s, const char *refresh)
{
	const struct form_field f[] = {
		{ "grant_type", "refresh_token" },
		{ "refresh_token", refresh ? refresh : "" },
		{ "client_id", s->client_id ? s->client_id : "" },
		{ "client_secret", secret_of(s) },
	};

	return form_build(f, sizeof f / sizeof *f);
}

char *oauth_authorize_url(const char *auth_url, const char *tenant,
                          const struct settings *s, const char *redirect_uri,
                          const char *challenge, const char *state)
{
	const struct form_field f[] = {
		{ "response_type", "code" },
		{ "client_id", s->client_id ? s->client_id : "" },
		{ "redirect_uri", redirect_uri ? redirect_uri : "" },
		{ "code_challenge", challenge ? challenge : "" },
		{ "code_challenge_method", "S256" },
		{ "state", state ? state : "" },
		{ "scope", scope_of(s) },
		{ "tenant", tenant && *tenant ? tenant : NULL },
	};
	char *query, *url;
	size_t n, total;

	if (!auth_url || !*auth_url)
		return NULL;
	n = strlen(auth_url);
	while (n > 0 && auth_url[n - 1] == '/')
		n--;
	/* An auth_url given as the token URL: its server is the same. */
	if (n >= 6 && strncasecmp(auth_url + n - 6, "/token", 6) == 0)
		n -= 6;
	query = form_build(f, sizeof f / sizeof *f);
	if (!query)
		return NULL;
	total = n + strlen("/authorize?") + strlen(query) + 1;
	url = malloc(total);
	if (url)
		snprintf(url, total, "%.*s/authorize?%s", (int)n, auth_url, query);
	free(query);
	return url;
}

/* ---- the redirect --------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..n) ('+' is a space in a query, itself in a bare
 * code); NULL when out of memory, too long or not printable text once
 * decoded (*bad then). */
static char *url_decode(const char *s, size_t n, bool plus_space, bool *bad)
{
	char *out;
	size_t o = 0;

	if (n > REDIRECT_VALUE_MAX) {
		*bad = true;
		return NULL;
	}
	out = malloc(n + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%' && i + 2 < n &&
		    hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			c = (unsigned char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (c < 0x20 || c == 0x7f) {
			OPENSSL_cleanse(out, o);
			free(out);
			*bad = true;
			return NULL;
		}
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

static void wipe_free(char **p)
{
	auth_wipe_free(*p);
	*p = NULL;
}

void oauth_redirect_done(struct oauth_redirect *r)
{
	wipe_free(&r->code);
	wipe_free(&r->state);
	wipe_free(&r->error);
	wipe_free(&r->error_description);
}

/* Sets the field of r that name names, from the raw value v[0..n). */
static bool query_pair(struct oauth_redirect *r, const char *name, size_t k,
                       const char *v, size_t n, bool *bad)
{
	static const char *const names[] = { "code", "state", "error",
	                                     "error_description" };
	char **slots[] = { &r->code, &r->state, &r->error,
	                   &r->error_description };

	for (size_t i = 0; i < 4; i++) {
		if (k != strlen(names[i]) || strncmp(name, names[i], k) != 0)
			continue;
		wipe_free(slots[i]);
		*slots[i] = url_decode(v, n, true, bad);
		return *slots[i] != NULL || *bad;
	}
	return true;   /* another parameter: ignored */
}

/* The query of text: after '?', or all of it when it looks like one. */
static const char *query_of(const char *t, size_t n, size_t *qlen)
{
	const char *q = memchr(t, '?', n);

	if (q) {
		q++;
	} else if (memmem(t, n, "code=", 5) || memmem(t, n, "error=", 6)) {
		q = t;
	} else {
		return NULL;
	}
	*qlen = (size_t)(t + n - q);
	/* A fragment is the browser's, not the server's. */
	*qlen = strcspn(q, "#") < *qlen ? strcspn(q, "#") : *qlen;
	return q;
}

enum halo_status oauth_parse_redirect(const char *text,
                                      struct oauth_redirect *out,
                                      struct errbuf *err)
{
	const char *t = text, *q;
	size_t n, qlen = 0;
	bool bad = false;

	memset(out, 0, sizeof *out);
	if (!t)
		t = "";
	while (*t == ' ' || *t == '\t')
		t++;
	n = strcspn(t, "\r\n");
	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;
	if (n == 0)
		return errbuf_set(err, HALO_EUSAGE, "nothing was pasted: paste "
		                  "the address the browser was sent to after the "
		                  "login, or the code alone");
	q = query_of(t, n, &qlen);
	if (!q) {
		/* A bare code: one word of URL-safe text. */
		if (memchr(t, ' ', n) || memchr(t, '/', n) || memchr(t, ':', n))
			return errbuf_set(err, HALO_EUSAGE, "that is neither the "
			                  "address the browser was sent to (it has "
			                  "?code=...) nor a code alone");
		out->code = url_decode(t, n, false, &bad);
		if (!out->code)
			return errbuf_set(err, bad ? HALO_EUSAGE : HALO_ENOMEM,
			                  bad ? "the code is not printable text" :
			                  "out of memory");
		return HALO_OK;
	}
	while (qlen > 0) {
		size_t pair = strcspn(q, "&");
		const char *eq;

		if (pair > qlen)
			pair = qlen;
		eq = memchr(q, '=', pair);
		if (eq && !query_pair(out, q, (size_t)(eq - q), eq + 1,
		                      pair - (size_t)(eq - q) - 1, &bad)) {
			oauth_redirect_done(out);
			return errbuf_set(err, HALO_ENOMEM, "out of memory");
		}
		if (bad) {
			oauth_redirect_done(out);
			return errbuf_set(err, HALO_EUSAGE, "the redirect holds a "
			                  "value that is not printable text, or one "
			                  "longer than %d bytes", REDIRECT_VALUE_MAX);
		}
		q += pair;
		qlen -= pair;
		if (qlen > 0) {
			q++;
			qlen--;
		}
	}
	if ((!out->code || !*out->code) && !out->error) {
		oauth_redirect_done(out);
		return errbuf_set(err, HALO_EUSAGE, "the address has no code= "
		                  "(nor error=): paste the whole address the "
		                  "browser was sent to after the login");
	}
	return HALO_OK;
}

/* ---- token replies -------------------------------------------------------- */

static void json_cleanse(cJSON *node)
{
	for (; node; node = node->next) {
		if (node->valuestring)
			OPENSSL_cleanse(node->valuestring,
			                strlen(node->valuestring));
		json_cleanse(node->child);
	}
}

/* A refresh token is sent back in a form and kept on one line of a file:
 * visible ASCII only. */
static bool token_text(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			return false;
	return n > 0 && n <= REFRESH_MAX;
}

enum halo_status oauth_parse_extras(const char *body, size_t len,
                                    char **refresh,
                                    struct agent_identity *who,
                                    bool *has_who, struct errbuf *err)
{
	cJSON *root, *rt, *it;
	enum halo_status st = HALO_OK;

	*refresh = NULL;
	*has_who = false;
	root = body && len > 0 ? cJSON_ParseWithLength(body, len) : NULL;
	if (!cJSON_IsObject(root)) {
		json_cleanse(root);
		cJSON_Delete(root);
		return errbuf_set(err, HALO_EPARSE, "the token endpoint's reply "
		                  "is not a JSON object");
	}
	rt = cJSON_GetObjectItemCaseSensitive(root, "refresh_token");
	if (cJSON_IsString(rt) && rt->valuestring && token_text(rt->valuestring)) {
		*refresh = strdup(rt->valuestring);
		if (!*refresh)
			st = errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	it = cJSON_GetObjectItemCaseSensitive(root, "id_token");
	if (cJSON_IsString(it) && it->valuestring)
		*has_who = idtoken_parse(it->valuestring, who);
	json_cleanse(root);
	cJSON_Delete(root);
	return st;
}

/* ---- messages ------------------------------------------------------------- */

void oauth_login_command(const struct settings *s, char *out, size_t outlen)
{
	char b[81];

	if (s && s->profile)
		snprintf(out, outlen, "halotui login -p %s",
		         yamlx_shown(s->profile, b, sizeof b));
	else
		snprintf(out, outlen, "halotui login");
}

/* The reply's "error" member, when it is one of ours to name; else "". */
static void error_code(const char *body, size_t len, char *out, size_t n)
{
	static const char *const known[] = {
		"invalid_grant", "invalid_client", "unauthorized_client",
		"unsupported_grant_type", "invalid_scope", "invalid_request",
	};
	cJSON *root = body && len > 0 ? cJSON_ParseWithLength(body, len) : NULL;
	const cJSON *e = cJSON_IsObject(root) ?
	                 cJSON_GetObjectItemCaseSensitive(root, "error") : NULL;

	out[0] = '\0';
	/* Matched against our table, never quoted. */
	for (size_t i = 0; cJSON_IsString(e) && e->valuestring &&
	                   i < sizeof known / sizeof *known; i++)
		if (strcasecmp(e->valuestring, known[i]) == 0)
			snprintf(out, n, "%s", known[i]);
	json_cleanse(root);
	cJSON_Delete(root);
}

bool oauth_is_invalid_grant(int http_status, const char *body, size_t len)
{
	char code[32];

	if (http_status != 400 && http_status != 401)
		return false;
	error_code(body, len, code, sizeof code);
	return strcmp(code, "invalid_grant") == 0;
}

static const char *grant_name(enum oauth_grant g)
{
	switch (g) {
	case GRANT_PASSWORD: return "password";
	case GRANT_CODE: return "authorization_code";
	case GRANT_REFRESH: return "refresh_token";
	case GRANT_CLIENT: break;
	}
	return "client_credentials";
}

void oauth_error_text(enum oauth_grant g, const struct settings *s,
                      int http_status, const char *body, size_t len,
                      char *out, size_t outlen)
{
	char code[32], login[200], user[81];

	if (!out || outlen == 0)
		return;
	if (g == GRANT_CLIENT) {
		auth_error_text(http_status, body, len, out, outlen);
		return;
	}
	oauth_login_command(s, login, sizeof login);
	error_code(body, len, code, sizeof code);
	if (!strcmp(code, "invalid_grant") && g == GRANT_REFRESH) {
		snprintf(out, outlen, "the login has expired or was revoked "
		         "(the token endpoint refused the refresh token: HTTP %d "
		         "invalid_grant): run %s", http_status, login);
	} else if (!strcmp(code, "invalid_grant") && g == GRANT_PASSWORD) {
		yamlx_shown(s->username ? s->username : "", user, sizeof user);
		snprintf(out, outlen, "the token endpoint refused the user name "
		         "or password (HTTP %d invalid_grant): check username "
		         "'%s' and the password%s, then run %s again",
		         http_status, user, s->password_cmd ?
		         " password_cmd prints" : "", login);
	} else if (!strcmp(code, "invalid_grant")) {
		snprintf(out, outlen, "the token endpoint refused the "
		         "authorization code (HTTP %d invalid_grant): it may have "
		         "expired, been used already or been issued for another "
		         "redirect_uri; run %s again", http_status, login);
	} else if (!strcmp(code, "invalid_client") ||
	           (http_status == 401 && !*code)) {
		snprintf(out, outlen, "the token endpoint refused the client "
		         "(HTTP %d %s): check client_id (and client_secret when "
		         "the application has one), and that the application is "
		         "active in Halo (Configuration > Integrations > Halo "
		         "API)", http_status, *code ? code : "Unauthorized");
	} else if (!strcmp(code, "unsupported_grant_type") ||
	           !strcmp(code, "unauthorized_client")) {
		snprintf(out, outlen, "the application may not use the %s grant "
		         "(HTTP %d %s): allow it for the application in Halo "
		         "(Configuration > Integrations > Halo API), or choose "
		         "another auth: for the profile", grant_name(g),
		         http_status, code);
	} else {
		auth_error_text(http_status, body, len, out, outlen);
	}
}
