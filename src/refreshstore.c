/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "refreshstore.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/crypto.h>

#include "cachefile.h"

/* The lines of the payload, in order: "name value". */
enum { L_FLOW, L_USER, L_REFRESH, L_TYPE, L_EXPIRES, L_ACCESS, L_AGENT,
       L_NAME, L_EMAIL, L_COUNT };
static const char *const line_names[L_COUNT] = {
	"flow", "user", "refresh", "type", "expires", "access", "agent", "name",
	"email",
};

static struct cache_owner owner_of(const struct settings *s)
{
	return (struct cache_owner){ s->base_url, s->tenant, s->client_id };
}

void login_state_init(struct login_state *ls)
{
	memset(ls, 0, sizeof *ls);
}

void login_state_done(struct login_state *ls)
{
	auth_wipe_free(ls->refresh);
	free(ls->user);
	token_clear(&ls->access);
	login_state_init(ls);
}

int refreshstore_path(const struct settings *s, char *out, size_t outlen)
{
	return cachefile_path(XDG_STATE, "logins", s->profile, NULL, out,
	                      outlen);
}

/* Text kept on one line: no line ends or other control characters. */
static bool one_line(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* Whether the login in a file with this flow and user is s's. */
static bool same_login(const struct settings *s, const char *flow,
                       const char *user)
{
	if (strcmp(flow, settings_auth_name(s->auth)) != 0 ||
	    !settings_per_user(s))
		return false;
	/* A password login is the user's: another username is another
	 * agent, whose refresh token must not act for this one. */
	if (s->auth == AUTH_PASSWORD)
		return s->username && strcmp(user, s->username) == 0;
	return true;
}

enum halo_status refreshstore_save(const struct settings *s,
                                   const struct login_state *ls, double now,
                                   struct errbuf *err)
{
	const char *refresh = ls->refresh ? ls->refresh : "-";
	bool access = s->cache && cachefile_plain(ls->access.access) &&
	              cachefile_plain(ls->access.type);
	long long expires = access ? (long long)time(NULL) +
	                    (long long)(ls->access.expires_at - now) : 0;
	const char *user = ls->user ? ls->user : "";
	struct cache_owner o = owner_of(s);
	char path[4096], *buf;
	size_t len;
	enum halo_status st;
	int n;

	if ((ls->refresh && !cachefile_plain(ls->refresh)) || !one_line(user) ||
	    !one_line(ls->who.name) || !one_line(ls->who.email))
		return errbuf_set(err, HALO_EIO, "the login holds text that "
		                  "cannot be kept on one line; not saved");
	if (refreshstore_path(s, path, sizeof path) != 0)
		return errbuf_set(err, HALO_EIO, "no place for the login: set "
		                  "HOME or XDG_STATE_HOME");
	len = strlen(refresh) + strlen(user) + strlen(ls->who.name) +
	      strlen(ls->who.email) + 300 +
	      (access ? strlen(ls->access.access) + strlen(ls->access.type) : 0);
	buf = malloc(len);
	if (!buf)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	n = snprintf(buf, len, "flow %s\nuser %s\nrefresh %s\ntype %s\n"
	             "expires %lld\naccess %s\nagent %ld\nname %s\nemail %s\n",
	             settings_auth_name(ls->flow), user, refresh,
	             access ? ls->access.type : "-", expires,
	             access ? ls->access.access : "-",
	             ls->has_who ? ls->who.agent_id : 0L,
	             ls->has_who ? ls->who.name : "",
	             ls->has_who ? ls->who.email : "");
	st = cachefile_write(path, &o, buf, (size_t)n, err);
	OPENSSL_cleanse(buf, len);
	free(buf);
	return st;
}

/* A whole number (at most 18 digits, a leading '-' allowed). */
static bool whole(const char *s, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return *s && !errno && !*end && strlen(s) <= 19;
}

/* The access token of the file, when it is still good at now. */
static void access_of(struct login_state *ls, char *v[L_COUNT], double now)
{
	long long expires;

	if (!cachefile_plain(v[L_ACCESS]) || !strcmp(v[L_ACCESS], "-") ||
	    !cachefile_plain(v[L_TYPE]) || !whole(v[L_EXPIRES], &expires))
		return;
	ls->access.expires_at = now + (double)(expires - (long long)time(NULL));
	ls->access.access = strdup(v[L_ACCESS]);
	ls->access.type = strdup(v[L_TYPE]);
	if (!ls->access.access || !ls->access.type ||
	    !token_valid(&ls->access, now))
		token_clear(&ls->access);
	else
		ls->access.generation++;
}

static bool fill(const struct settings *s, struct login_state *ls,
                 char *v[L_COUNT], double now)
{
	long long agent;

	if (!same_login(s, v[L_FLOW], v[L_USER]) || !one_line(v[L_NAME]) ||
	    !one_line(v[L_EMAIL]) || !whole(v[L_AGENT], &agent) || agent < 0 ||
	    strlen(v[L_NAME]) > IDENTITY_TEXT_MAX ||
	    strlen(v[L_EMAIL]) > IDENTITY_TEXT_MAX)
		return false;
	ls->flow = s->auth;
	if (s->auth == AUTH_PASSWORD && !(ls->user = strdup(v[L_USER])))
		return false;
	if (cachefile_plain(v[L_REFRESH]) && strcmp(v[L_REFRESH], "-") != 0 &&
	    !(ls->refresh = strdup(v[L_REFRESH])))
		return false;
	access_of(ls, v, now);
	ls->who.agent_id = (long)agent;
	snprintf(ls->who.name, sizeof ls->who.name, "%s", v[L_NAME]);
	snprintf(ls->who.email, sizeof ls->who.email, "%s", v[L_EMAIL]);
	ls->has_who = agent > 0 || *v[L_NAME];
	/* Neither a refresh token nor a live access token: nothing to use. */
	return ls->refresh || ls->access.access;
}

bool refreshstore_load(const struct settings *s, double now,
                       struct login_state *ls)
{
	struct cache_owner o = owner_of(s);
	char path[4096], *data = NULL, *v[L_COUNT];
	size_t len = 0;
	bool ok;

	login_state_done(ls);
	if (!settings_per_user(s) ||
	    refreshstore_path(s, path, sizeof path) != 0 ||
	    !cachefile_read(path, &o, &data, &len, NULL))
		return false;
	ok = cachefile_fields(data, line_names, L_COUNT, v) && fill(s, ls, v, now);
	if (!ok)
		login_state_done(ls);
	OPENSSL_cleanse(data, len);
	free(data);
	return ok;
}

int refreshstore_forget(const struct settings *s, struct errbuf *err)
{
	char path[4096];
	bool placed = refreshstore_path(s, path, sizeof path) == 0;

	return cachefile_forget(placed ? path : NULL, "the login", err);
}
