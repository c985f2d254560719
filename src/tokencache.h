/* SPDX-License-Identifier: MIT */
/* The access token kept between runs, one file per profile under
 * $XDG_STATE_HOME/halotui/tokens/ (0600), so that a start needs neither
 * authinfo nor a token request while the token lives. The file holds the
 * token, its wall-clock expiry and a SHA-256 of the client id and secret
 * (never the secret): a changed secret makes it unusable. Not used when
 * the profile says cache: false. */
#ifndef HALO_TOKENCACHE_H
#define HALO_TOKENCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include "auth.h"
#include "errbuf.h"
#include "settings.h"

/* The token file of s's profile; 0, or -1 without a place for it. */
int tokencache_path(const struct settings *s, char *out, size_t outlen);

/* Loads s's cached token into *tok when it belongs to s (instance, client
 * id and secret) and is still valid at monotonic time now; true then. */
bool tokencache_load(const struct settings *s, double now, struct token *tok);

/* Saves tok (valid at monotonic time now) for s. */
enum halo_status tokencache_save(const struct settings *s,
                                 const struct token *tok, double now,
                                 struct errbuf *err);

/* Removes s's token file: 1 removed, 0 there was none, -1 failed (err). */
int tokencache_forget(const struct settings *s, struct errbuf *err);

#endif
