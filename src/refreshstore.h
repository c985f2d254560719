/* SPDX-License-Identifier: MIT */
/* A per-user login kept between runs (auth: authorization_code or
 * password): the refresh token, the access token while it lives, and who
 * the login is (from the id_token). One file per profile,
 * $XDG_STATE_HOME/halotui/logins/PROFILE, mode 0600, written aside, synced
 * and renamed (cachefile.h), whose header names the instance (base URL,
 * tenant, client id): a file of another instance or client id, of another
 * flow or, for auth: password, of another username is never used. Written
 * by halotui login and again at each refresh (the server rotates the
 * refresh token); removed by halotui logout and when the server refuses
 * the refresh token. Unlike the token cache it is kept with cache: false
 * too (it is the login itself); the access token then is not. */
#ifndef HALO_REFRESHSTORE_H
#define HALO_REFRESHSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include "auth.h"
#include "errbuf.h"
#include "idtoken.h"
#include "settings.h"

struct login_state {
	enum auth_flow flow;
	char *user;              /* AUTH_PASSWORD: the username; else NULL */
	char *refresh;           /* secret; NULL when the server gave none */
	struct token access;     /* empty when none is kept, or it expired */
	struct agent_identity who;
	bool has_who;
};

void login_state_init(struct login_state *ls);
/* Wipes and frees; ls is then as after login_state_init. */
void login_state_done(struct login_state *ls);

/* The login file of s's profile; 0, or -1 without a place for it. */
int refreshstore_path(const struct settings *s, char *out, size_t outlen);

/* Loads s's login into *ls (replacing what it held) when the file is
 * there, belongs to s (instance, client id, flow, username) and holds a
 * refresh token or an access token still valid at monotonic time now;
 * true then. An access token past its time is left out. */
bool refreshstore_load(const struct settings *s, double now,
                       struct login_state *ls);

/* Saves ls for s (its access token, valid at monotonic time now, only
 * when s->cache is set). */
enum halo_status refreshstore_save(const struct settings *s,
                                   const struct login_state *ls, double now,
                                   struct errbuf *err);

/* Removes s's login file: 1 removed, 0 there was none, -1 failed (err). */
int refreshstore_forget(const struct settings *s, struct errbuf *err);

#endif
