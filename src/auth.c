/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "auth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "api.h"

#define DEFAULT_EXPIRES_S 3600.0
/* A longer lifetime gains nothing and a huge one is a broken server. */
#define MAX_EXPIRES_S (30.0 * 24 * 3600)
/* Longer URLs from authinfo are not believed. */
#define MAX_URL_LEN 2048
/* Longest server text (error_description) quoted in a message. */
#define MAX_QUOTE 160

static char *put(char *dst, const char *s)
{
	size_t n = strlen(s);

	memcpy(dst, s, n);
	return dst + n;
}

/* Length of url without its trailing slashes. */
static size_t trim_slashes(const char *url)
{
	size_t n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		n--;
	return n;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n >= m && strncasecmp(s + n - m, suffix, m) == 0;
}

/* Case-insensitive search for word in a body that need not end in NUL. */
static bool body_mentions(const char *body, size_t len, const char *word)
{
	size_t m = strlen(word);

	for (size_t i = 0; i + m <= len; i++)
		if (strncasecmp(body + i, word, m) == 0)
			return true;
	return false;
}

/* cJSON turns "\u0000" into a NUL that silently cuts the string short:
 * such a reply is refused rather than half-read. */
static bool has_escaped_nul(const char *body, size_t len)
{
	return body_mentions(body, len, "\\u0000");
}

char *auth_token_url(const char *auth_url, const char *tenant)
{
	size_t n, total;
	char *url, *p;
	/* An auth_url already ending in /token is taken as the token URL. */
	const char *path = "/token";

	if (!auth_url || !*auth_url)
		return NULL;
	n = trim_slashes(auth_url);
	if (ends_with(auth_url, n, "/token"))
		path = "";
	total = n + strlen(path) + 1;
	if (tenant && *tenant)
		total += strlen("?tenant=") + api_escaped_len(tenant);
	url = malloc(total);
	if (!url)
		return NULL;
	memcpy(url, auth_url, n);
	p = put(url + n, path);
	if (tenant && *tenant)
		p = api_escape_to(put(p, "?tenant="), tenant);
	*p = '\0';
	return url;
}

char *auth_default_url(const char *base_url)
{
	size_t n;
	char *url;

	if (!base_url || !*base_url)
		return NULL;
	n = trim_slashes(base_url);
	url = malloc(n + sizeof "/auth");
	if (!url)
		return NULL;
	memcpy(url, base_url, n);
	memcpy(url + n, "/auth", sizeof "/auth");
	return url;
}

/* The host part of an authority "[user@]host[:port]" is loopback. */
static bool host_is_loopback(const char *host, size_t n)
{
	size_t h = n;

	if (n > 0 && host[0] == '[')
		return n >= 5 && memcmp(host, "[::1]", 5) == 0 &&
		       (n == 5 || host[5] == ':');
	for (size_t i = 0; i < n; i++)
		if (host[i] == ':') {
			h = i;
			break;
		}
	if (h == 9 && strncasecmp(host, "localhost", 9) == 0)
		return true;
	return h > 4 && memcmp(host, "127.", 4) == 0 &&
	       strspn(host, "0123456789.") >= h;
}

/* https:// with a host, or http:// to this machine only (the secret would
 * otherwise cross the network in the clear). No spaces, controls or
 * credentials in the URL. */
static bool auth_url_ok(const char *url)
{
	size_t len = strlen(url), skip, host;
	bool plain;

	if (len == 0 || len > MAX_URL_LEN)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)url[i] <= ' ' || (unsigned char)url[i] >= 0x7f)
			return false;
	plain = strncasecmp(url, "http://", 7) == 0;
	if (!plain && strncasecmp(url, "https://", 8) != 0)
		return false;
	skip = plain ? 7 : 8;
	host = strcspn(url + skip, "/?#");
	if (host == 0 || memchr(url + skip, '@', host))
		return false;
	return !plain || host_is_loopback(url + skip, host);
}

/* The parts of "scheme://host[:port]/..." that make its origin. */
struct origin {
	bool https;
	const char *host;
	size_t hostlen;
	long port;
};

static bool origin_of(const char *url, struct origin *o)
{
	size_t skip, auth, colon;
	const char *a;
	char *end;

	if (!url)
		return false;
	o->https = strncasecmp(url, "https://", 8) == 0;
	if (!o->https && strncasecmp(url, "http://", 7) != 0)
		return false;
	skip = o->https ? 8 : 7;
	a = url + skip;
	auth = strcspn(a, "/?#");
	if (auth == 0 || memchr(a, '@', auth))
		return false;
	if (a[0] == '[') {
		const char *close = memchr(a, ']', auth);
		if (!close)
			return false;
		colon = (size_t)(close - a) + 1;
		if (colon < auth && a[colon] != ':')
			return false;
	} else {
		const char *c = memchr(a, ':', auth);
		colon = c ? (size_t)(c - a) : auth;
	}
	o->host = a;
	o->hostlen = colon;
	o->port = o->https ? 443 : 80;
	if (colon < auth) {
		if (colon + 1 == auth || a[colon + 1] < '0' || a[colon + 1] > '9')
			return false;
		o->port = strtol(a + colon + 1, &end, 10);
		if (end != a + auth || o->port <= 0 || o->port > 65535)
			return false;
	}
	return o->hostlen > 0;
}

bool auth_same_origin(const char *a, const char *b)
{
	struct origin x, y;

	return origin_of(a, &x) && origin_of(b, &y) && x.https == y.https &&
	       x.port == y.port && x.hostlen == y.hostlen &&
	       strncasecmp(x.host, y.host, x.hostlen) == 0;
}

char *auth_parse_authinfo(const char *body, size_t len, bool *oom)
{
	cJSON *root, *item;
	char *url = NULL;

	if (oom)
		*oom = false;
	if (!body || len == 0 || has_escaped_nul(body, len))
		return NULL;
	root = cJSON_ParseWithLength(body, len);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return NULL;
	}
	/* cJSON_GetObjectItem ignores case: "Auth_URL" is accepted too. */
	item = cJSON_GetObjectItem(root, "auth_url");
	if (!cJSON_IsString(item))
		item = cJSON_GetObjectItem(root, "authurl");
	if (cJSON_IsString(item) && item->valuestring &&
	    auth_url_ok(item->valuestring)) {
		url = strdup(item->valuestring);
		if (!url && oom)
			*oom = true;
	}
	cJSON_Delete(root);
	return url;
}

static bool tenant_ok(const char *t)
{
	size_t n = strlen(t);

	if (n == 0 || n > 64)
		return false;
	for (; *t; t++)
		if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
		      (*t >= '0' && *t <= '9') || *t == '.' || *t == '_' ||
		      *t == '-'))
			return false;
	return true;
}

char *auth_parse_authinfo_tenant(const char *body, size_t len)
{
	cJSON *root, *item;
	char buf[32], *tenant = NULL;
	const char *t = NULL;

	if (!body || len == 0 || has_escaped_nul(body, len))
		return NULL;
	root = cJSON_ParseWithLength(body, len);
	item = cJSON_IsObject(root) ? cJSON_GetObjectItem(root, "tenant_id")
	                            : NULL;
	if (cJSON_IsString(item) && item->valuestring) {
		t = item->valuestring;
	} else if (cJSON_IsNumber(item) && item->valuedouble >= 0 &&
	           item->valuedouble < 1e15) {
		snprintf(buf, sizeof buf, "%.0f", item->valuedouble);
		t = buf;
	}
	if (t && tenant_ok(t))
		tenant = strdup(t);
	cJSON_Delete(root);
	return tenant;
}

char *auth_form_body(const struct settings *s)
{
	const char *id, *secret, *scope;
	size_t total;
	char *body, *p;

	if (!s)
		return NULL;
	id = s->client_id ? s->client_id : "";
	secret = s->client_secret ? s->client_secret : "";
	scope = s->scope && *s->scope ? s->scope : "all";
	/* Sized exactly up front: growing would leave copies of the secret
	 * behind in freed memory. */
	total = strlen("grant_type=client_credentials&client_id=") +
	        api_escaped_len(id) + strlen("&client_secret=") +
	        api_escaped_len(secret) + strlen("&scope=") +
	        api_escaped_len(scope) + 1;
	body = malloc(total);
	if (!body)
		return NULL;
	p = put(body, "grant_type=client_credentials&client_id=");
	p = api_escape_to(p, id);
	p = api_escape_to(put(p, "&client_secret="), secret);
	p = api_escape_to(put(p, "&scope="), scope);
	*p = '\0';
	return body;
}

/* Wipes every string in a parsed reply: it held the token. */
static void json_cleanse(cJSON *node)
{
	for (; node; node = node->next) {
		if (node->valuestring)
			OPENSSL_cleanse(node->valuestring,
			                strlen(node->valuestring));
		json_cleanse(node->child);
	}
}

/* The token goes into a header: visible ASCII only, so that a reply
 * cannot inject header lines. */
static bool header_safe(const char *s, size_t max)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			return false;
	return n > 0 && n <= max;
}

/* expires_in: a number or a numeric string; anything else, or <= 0, is
 * the default. */
static double parse_expires(const cJSON *item)
{
	double v = DEFAULT_EXPIRES_S;
	char *end;

	if (cJSON_IsNumber(item)) {
		v = item->valuedouble;
	} else if (cJSON_IsString(item) && item->valuestring) {
		v = strtod(item->valuestring, &end);
		while (*end == ' ')
			end++;
		if (end == item->valuestring || *end != '\0')
			v = DEFAULT_EXPIRES_S;
	}
	if (!isfinite(v) || v <= 0)
		return DEFAULT_EXPIRES_S;
	return v > MAX_EXPIRES_S ? MAX_EXPIRES_S : v;
}

/* token_valid stops using a token AUTH_EXPIRY_MARGIN_S before expires_at.
 * A token living less than twice the margin would then never be usable, so
 * it is used for the first half of its life instead. */
static double expiry_time(double now, double expires_in)
{
	if (expires_in > 2.0 * AUTH_EXPIRY_MARGIN_S)
		return now + expires_in;
	return now + expires_in / 2.0 + AUTH_EXPIRY_MARGIN_S;
}

static const char *token_type_of(const cJSON *root)
{
	const cJSON *t = cJSON_GetObjectItem(root, "token_type");

	if (cJSON_IsString(t) && t->valuestring &&
	    header_safe(t->valuestring, 32))
		return t->valuestring;
	return "Bearer";
}

static enum halo_status token_from_json(cJSON *root, double now,
                                        struct token *tok,
                                        struct errbuf *err)
{
	const cJSON *at = cJSON_GetObjectItem(root, "access_token");
	char *access, *type;

	if (!cJSON_IsObject(root))
		return errbuf_set(err, HALO_EPARSE,
		                  "the token endpoint's reply is not a JSON object");
	if (!cJSON_IsString(at) || !at->valuestring || !*at->valuestring)
		return errbuf_set(err, HALO_EPARSE,
		                  "the token endpoint's reply has no access_token");
	/* Never quote the token, not even a bad one. */
	if (!header_safe(at->valuestring, 64 * 1024))
		return errbuf_set(err, HALO_EPARSE,
		                  "the access_token in the token endpoint's reply "
		                  "holds characters that cannot be sent in a header");
	access = strdup(at->valuestring);
	type = strdup(token_type_of(root));
	if (!access || !type) {
		auth_wipe_free(access);
		free(type);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	token_clear(tok);
	tok->access = access;
	tok->type = type;
	tok->expires_at = expiry_time(now, parse_expires(
		cJSON_GetObjectItem(root, "expires_in")));
	tok->generation++;
	return HALO_OK;
}

enum halo_status auth_parse_token(const char *body, size_t len, double now,
                                  struct token *tok, struct errbuf *err)
{
	cJSON *root;
	enum halo_status st;

	if (!tok)
		return errbuf_set(err, HALO_EUSAGE, "no token to fill");
	root = body && len > 0 ? cJSON_ParseWithLength(body, len) : NULL;
	if (!root)
		return errbuf_set(err, HALO_EPARSE,
		                  "the token endpoint's reply is not JSON");
	if (has_escaped_nul(body, len)) {
		cJSON_Delete(root);
		return errbuf_set(err, HALO_EPARSE, "the token endpoint's reply "
		                  "holds a NUL character (\\u0000)");
	}
	st = token_from_json(root, now, tok, err);
	json_cleanse(root);
	cJSON_Delete(root);
	return st;
}

/* A body that talks about secrets or tokens (a proxy echoing our form,
 * say) is never quoted: only the status and a known error code are. */
static bool body_quotable(const char *body, size_t len)
{
	static const char *const words[] = { "secret", "access_token",
	                                     "refresh_token", "password" };

	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (body_mentions(body, len, words[i]))
			return false;
	return true;
}

/* Copies server text as printable ASCII (RFC 6749 allows no more in
 * error_description), cut at MAX_QUOTE. */
static void quote_ascii(const char *s, char *out, size_t outlen)
{
	size_t n = 0;

	for (; *s && n + 1 < outlen && n < MAX_QUOTE; s++)
		out[n++] = (unsigned char)*s >= ' ' && (unsigned char)*s < 0x7f
		           ? *s : '?';
	out[n] = '\0';
}

struct oauth_hint {
	const char *code;
	const char *what;
	const char *hint;
};

/* RFC 6749 5.2 error codes, and what a Halo user should do about each. */
static const struct oauth_hint oauth_hints[] = {
	{ "invalid_client", "the token endpoint refused the client",
	  "check client_id and client_secret, and that the API application "
	  "is active in Halo (Configuration > Integrations > Halo API)" },
	{ "invalid_scope", "the token endpoint refused the requested scope",
	  "check the scope setting (default \"all\") against the permissions "
	  "of the API application in Halo" },
	{ "unsupported_grant_type",
	  "the token endpoint does not accept the client_credentials grant",
	  "set the API application's authentication method in Halo to "
	  "\"Client ID and Secret (Services)\"" },
	{ "unauthorized_client",
	  "the API application may not use the client_credentials grant",
	  "set its authentication method in Halo to "
	  "\"Client ID and Secret (Services)\"" },
	{ "invalid_grant", "the token endpoint refused the grant",
	  "check client_id, client_secret and scope, and that the API "
	  "application is active in Halo" },
	{ "invalid_request", "the token endpoint rejected the request",
	  "check auth_url and tenant" },
};

static const struct oauth_hint *hint_for(const char *code)
{
	for (size_t i = 0; i < sizeof oauth_hints / sizeof *oauth_hints; i++)
		if (code && strcasecmp(code, oauth_hints[i].code) == 0)
			return &oauth_hints[i];
	return NULL;
}

/* "<what> (HTTP <status> <code>[: <description>]): <hint>" */
static void write_hint(const struct oauth_hint *h, int status,
                       const char *code, const char *desc, char *out,
                       size_t outlen)
{
	char q[MAX_QUOTE + 1] = "";

	if (desc && *desc)
		quote_ascii(desc, q, sizeof q);
	snprintf(out, outlen, "%s (HTTP %d %s%s%s): %s", h->what, status, code,
	         *q ? ": " : "", q, h->hint);
}

static const char *json_string(const cJSON *obj, const char *key)
{
	const cJSON *item = cJSON_GetObjectItem(obj, key);

	return cJSON_IsString(item) && item->valuestring ? item->valuestring
	                                                 : NULL;
}

/* Answers for the statuses every token endpoint shares; false otherwise. */
static bool status_text(int status, const char *body, size_t len,
                        char *out, size_t outlen)
{
	char api[512];

	if (status == 429) {
		api_error_text(status, body, len, api, sizeof api);
		snprintf(out, outlen, "rate limited by the token endpoint, wait "
		         "a few minutes and try again (%s)", api);
		return true;
	}
	if (status == 404) {
		snprintf(out, outlen, "no token endpoint at the auth URL (HTTP "
		         "404): check auth_url, or base_url when auth_url is "
		         "not set");
		return true;
	}
	return false;
}

void auth_error_text(int http_status, const char *body, size_t len,
                     char *out, size_t outlen)
{
	cJSON *root = NULL;
	const struct oauth_hint *h = NULL;
	const char *desc = NULL;
	char api[512];
	bool quotable;

	if (!out || outlen == 0)
		return;
	if (!body)
		len = 0;
	quotable = body_quotable(body, len);
	if (len > 0)
		root = cJSON_ParseWithLength(body, len);
	if (cJSON_IsObject(root)) {
		/* The error code is matched against our table, never quoted. */
		h = hint_for(json_string(root, "error"));
		desc = quotable ? json_string(root, "error_description") : NULL;
	}
	if (!quotable) {
		body = NULL;
		len = 0;
	}
	if (h) {
		write_hint(h, http_status, h->code, desc, out, outlen);
	} else if (http_status == 401) {
		/* A 401 from the token endpoint means the client, whatever the
		 * body says. */
		write_hint(hint_for("invalid_client"), http_status,
		           "Unauthorized", NULL, out, outlen);
	} else if (!status_text(http_status, body, len, out, outlen)) {
		api_error_text(http_status, body, len, api, sizeof api);
		snprintf(out, outlen, "the token request failed: %s", api);
	}
	cJSON_Delete(root);
}

bool token_valid(const struct token *tok, double now)
{
	return tok && tok->access && *tok->access &&
	       now < tok->expires_at - AUTH_EXPIRY_MARGIN_S;
}

char *token_header(const struct token *tok)
{
	const char *type;
	size_t n;
	char *line;

	if (!tok || !tok->access || !*tok->access)
		return NULL;
	type = tok->type && *tok->type ? tok->type : "Bearer";
	n = strlen("Authorization: ") + strlen(type) + 1 +
	    strlen(tok->access) + 1;
	line = malloc(n);
	if (!line)
		return NULL;
	snprintf(line, n, "Authorization: %s %s", type, tok->access);
	return line;
}

void token_clear(struct token *tok)
{
	if (!tok)
		return;
	auth_wipe_free(tok->access);
	free(tok->type);
	tok->access = NULL;
	tok->type = NULL;
	tok->expires_at = 0;
}

void auth_wipe_free(char *s)
{
	if (!s)
		return;
	OPENSSL_cleanse(s, strlen(s));
	free(s);
}
