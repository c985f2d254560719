/* SPDX-License-Identifier: MIT */
/* Client-credentials authentication: the pure parts (URLs, form body,
 * token response and errors, the token cache). The worker does the I/O.
 * Secrets and tokens are wiped with OPENSSL_cleanse when dropped and never
 * appear in messages. */
#ifndef HALO_AUTH_H
#define HALO_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"
#include "settings.h"

/* Seconds before expires_in at which a token is no longer used. */
#define AUTH_EXPIRY_MARGIN_S 60

struct token {
	char *access;          /* secret; NULL when none */
	char *type;            /* "Bearer" */
	double expires_at;     /* monotonic seconds */
	unsigned generation;   /* bumps on every new token */
};

/* "{auth_url}/token" (+ "?tenant=T" when tenant is set and non-empty).
 * A trailing slash on auth_url is tolerated. Caller frees. */
char *auth_token_url(const char *auth_url, const char *tenant);

/* base_url + "/auth": the fallback when authinfo gives nothing. */
char *auth_default_url(const char *base_url);

/* auth_url from a GET /api/authinfo body ({"auth_url": "..."}), or NULL
 * when the body has none (then the fallback applies). Caller frees. *oom
 * (may be NULL) tells a failed copy from a body without one: the fallback
 * must not stand in for memory. */
char *auth_parse_authinfo(const char *body, size_t len, bool *oom);

/* Whether two http(s) URLs name the same origin: scheme, host (case
 * does not matter) and port (443 or 80 when none is given). The client
 * secret goes to an authinfo URL only on base_url's origin. */
bool auth_same_origin(const char *a, const char *b);

/* tenant_id from a GET /api/authinfo body (a string or a number), or NULL
 * when absent or not a plain name (letters, digits, '.', '_', '-'; at
 * most 64). A shared auth server needs it as ?tenant=; a configured
 * tenant wins over it. */
char *auth_parse_authinfo_tenant(const char *body, size_t len);

/* "grant_type=client_credentials&client_id=..&client_secret=..&scope=..",
 * each value percent-encoded. Holds the secret: the caller wipes it with
 * auth_wipe_free. */
char *auth_form_body(const struct settings *s);

/* Parses a token response at monotonic time `now`: access_token required,
 * token_type default "Bearer", expires_in default 3600. The new token
 * replaces *tok (the old one wiped) and its generation is bumped. */
enum halo_status auth_parse_token(const char *body, size_t len, double now,
                                  struct token *tok, struct errbuf *err);

/* A message for a failed token request: invalid_client says to check the
 * client id and secret and that the API application is active; other
 * OAuth errors name the error and the scope or grant; other statuses go
 * through api_error_text. Never includes the secret. */
void auth_error_text(int http_status, const char *body, size_t len,
                     char *out, size_t outlen);

/* True while the token can be sent: present and now < expires_at - margin. */
bool token_valid(const struct token *tok, double now);

/* The whole header line "Authorization: <token_type> <access>" (e.g.
 * "Authorization: Bearer abc"); NULL when there is no token. Caller wipes
 * with auth_wipe_free. */
char *token_header(const struct token *tok);

/* Drops the token (wiped); the generation is kept. */
void token_clear(struct token *tok);

/* OPENSSL_cleanse then free; NULL is fine. */
void auth_wipe_free(char *s);

#endif
