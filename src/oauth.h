/* SPDX-License-Identifier: MIT */
/* The per-user flows' pure parts (auth: authorization_code and password):
 * the token requests' form bodies (a password, an authorization code with
 * its PKCE verifier, a refresh token), the authorize URL a browser opens,
 * reading the redirect back (a URL, a query or a bare code), the refresh
 * token and id_token of a token reply, and what to tell people when a
 * grant is refused. Every body holds a secret: its caller wipes it with
 * auth_wipe_free. Nothing here quotes a secret in a message. */
#ifndef HALO_OAUTH_H
#define HALO_OAUTH_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"
#include "idtoken.h"
#include "settings.h"

enum oauth_grant {
	GRANT_CLIENT,     /* client_credentials */
	GRANT_PASSWORD,   /* halotui login, auth: password */
	GRANT_CODE,       /* halotui login, auth: authorization_code */
	GRANT_REFRESH,    /* every later token of a per-user login */
};

/* "grant_type=password&client_id=..&username=..&password=..&scope=..",
 * with client_secret only when the profile has one. NULL when out of
 * memory. */
char *oauth_password_form(const struct settings *s, const char *username,
                          const char *password);

/* "grant_type=authorization_code&code=..&redirect_uri=..&code_verifier=..
 * &client_id=..[&client_secret=..]". */
char *oauth_code_form(const struct settings *s, const char *code,
                      const char *verifier, const char *redirect_uri);

/* "grant_type=refresh_token&refresh_token=..&client_id=..
 * [&client_secret=..]". */
char *oauth_refresh_form(const struct settings *s, const char *refresh);

/* "{auth_url}/authorize?response_type=code&client_id=..&redirect_uri=..
 * &code_challenge=..&code_challenge_method=S256&state=..&scope=..
 * [&tenant=..]": no secret. A trailing slash or /token on auth_url is
 * tolerated. NULL when out of memory. */
char *oauth_authorize_url(const char *auth_url, const char *tenant,
                          const struct settings *s, const char *redirect_uri,
                          const char *challenge, const char *state);

/* What came back from the browser: a redirected URL
 * ("http://127.0.0.1:PORT/callback?code=..&state=.."), its query or path
 * and query as a browser requested it, or the bare code pasted alone.
 * Values are percent-decoded; each may be NULL. */
struct oauth_redirect {
	char *code;    /* secret until exchanged: wiped by _done */
	char *state;
	char *error;   /* the server's error=, e.g. access_denied */
	char *error_description;
};

/* Parses text (surrounding spaces and a line end are ignored). HALO_EUSAGE
 * with a message when it holds neither a code nor an error, or a value
 * that is not printable text. */
enum halo_status oauth_parse_redirect(const char *text,
                                      struct oauth_redirect *out,
                                      struct errbuf *err);

void oauth_redirect_done(struct oauth_redirect *r);

/* The refresh_token (*refresh, NULL when the reply has none usable; the
 * caller wipes it) and the identity in the id_token (*has_who) of a
 * successful token reply. Every string of the parsed reply is wiped. */
enum halo_status oauth_parse_extras(const char *body, size_t len,
                                    char **refresh,
                                    struct agent_identity *who,
                                    bool *has_who, struct errbuf *err);

/* "halotui login -p NAME" (or without -p for a profile-less setup). */
void oauth_login_command(const struct settings *s, char *out, size_t outlen);

/* A message for a refused token request of grant g: what was refused,
 * the HTTP status and error code, and what to do (run halotui login, check
 * username and password_cmd, the client id...). Falls back to
 * auth_error_text for what is not particular to the grant. Never quotes a
 * secret. */
void oauth_error_text(enum oauth_grant g, const struct settings *s,
                      int http_status, const char *body, size_t len,
                      char *out, size_t outlen);

/* Whether a token error reply is RFC 6749's invalid_grant: the refresh
 * token (or code, or password) is not good any more. */
bool oauth_is_invalid_grant(int http_status, const char *body, size_t len);

#endif
