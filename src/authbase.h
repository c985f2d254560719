/* SPDX-License-Identifier: MIT */
/* Where a profile's authorisation server is, for what halotui does there
 * outside the worker (halotui login's authorize URL), found the way the
 * worker finds it for the token: auth_url when set, else the server
 * /api/authinfo names on base_url's origin (its answer cached for a day in
 * $XDG_CACHE_HOME/halotui/PROFILE/authinfo, which the worker reads too),
 * else base_url + /auth. The tenant is the configured one, else
 * authinfo's tenant_id. */
#ifndef HALO_AUTHBASE_H
#define HALO_AUTHBASE_H

#include <stddef.h>
#include "errbuf.h"
#include "settings.h"

/* Seconds an authinfo answer is used for without asking again. */
#define AUTHINFO_TTL_S 86400

/* The cached authinfo answer of s (owned, NUL-terminated) when there is
 * one younger than AUTHINFO_TTL_S, else NULL. Never with cache: false. */
char *authinfo_cached(const struct settings *s, size_t *len);

/* Keeps an authinfo answer (nothing with cache: false). */
enum halo_status authinfo_save(const struct settings *s, const char *body,
                               size_t len, struct errbuf *err);

/* Finds s's auth URL (*auth_url, owned) and tenant (*tenant, owned, NULL
 * when none), asking GET /api/authinfo itself (one blocking request) when
 * neither auth_url nor a cached answer says. An authinfo answer naming a
 * server off base_url's origin is refused, as the worker refuses it. */
enum halo_status authbase_find(const struct settings *s, char **auth_url,
                               char **tenant, struct errbuf *err);

#endif
