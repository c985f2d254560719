/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "authbase.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <curl/curl.h>

#include "auth.h"
#include "cachefile.h"
#include "http.h"

static struct cache_owner owner_of(const struct settings *s)
{
	return (struct cache_owner){ s->base_url, s->tenant, s->client_id };
}

static int authinfo_path(const struct settings *s, char *out, size_t outlen)
{
	return cachefile_path(XDG_CACHE, NULL, s->profile, "authinfo", out,
	                      outlen);
}

char *authinfo_cached(const struct settings *s, size_t *len)
{
	struct cache_owner o = owner_of(s);
	char path[4096], *data = NULL;
	time_t saved = 0, now = time(NULL);

	if (!s->cache || authinfo_path(s, path, sizeof path) != 0 ||
	    !cachefile_read(path, &o, &data, len, &saved))
		return NULL;
	/* It says where the secret goes: a stale one is asked again. */
	if (saved > now || now - saved >= AUTHINFO_TTL_S) {
		free(data);
		return NULL;
	}
	return data;
}

enum halo_status authinfo_save(const struct settings *s, const char *body,
                               size_t len, struct errbuf *err)
{
	struct cache_owner o = owner_of(s);
	char path[4096];

	if (!s->cache || !body)
		return HALO_OK;
	if (authinfo_path(s, path, sizeof path) != 0)
		return errbuf_set(err, HALO_EIO, "no place for the cache: set "
		                  "HOME or XDG_CACHE_HOME");
	return cachefile_write(path, &o, body, len, err);
}

/* What an authinfo answer says, when it names a server on base_url's
 * origin; HALO_ECONFIG when it names one elsewhere. */
static enum halo_status from_answer(const struct settings *s,
                                    const char *body, size_t len,
                                    char **auth_url, char **tenant,
                                    struct errbuf *err)
{
	bool oom = false;
	char *found = auth_parse_authinfo(body, len, &oom);

	if (oom)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	if (found && !auth_same_origin(found, s->base_url)) {
		errbuf_set(err, HALO_ECONFIG, "the server's /api/authinfo names "
		           "%s as its authorisation server, which is not on "
		           "base_url's host (%s): if that is your Halo's "
		           "authorisation server, set auth_url: %s in the profile",
		           found, s->base_url, found);
		free(found);
		return HALO_ECONFIG;
	}
	*auth_url = found;
	if (found)
		*tenant = auth_parse_authinfo_tenant(body, len);
	return HALO_OK;
}

/* GET base_url/api/authinfo, once, here and now. */
static enum halo_status ask_authinfo(const struct settings *s,
                                     char **auth_url, char **tenant,
                                     struct errbuf *err)
{
	struct http_call c;
	struct retry_input in;
	char *url, msg[512];
	size_t n = strlen(s->base_url) + sizeof "/api/authinfo";
	enum halo_status st = HALO_OK;
	int status;

	url = malloc(n);
	if (!url)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	snprintf(url, n, "%s/api/authinfo", s->base_url);
	if (http_call_init(&c, s, HTTP_GET, url, NULL, NULL, NULL) != 0) {
		http_call_done(&c);
		free(url);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	free(url);
	status = http_call_outcome(&c, curl_easy_perform(c.easy), &in, msg,
	                           sizeof msg);
	if (status == 0)
		st = errbuf_set(err, HALO_ETRANSPORT, "%s (GET /api/authinfo)",
		                msg);
	else if (status == 200) {
		st = from_answer(s, c.body.s, c.body.len, auth_url, tenant, err);
		/* Only an answer that names a server is kept, as the worker
		 * keeps it. */
		if (st == HALO_OK && *auth_url)
			(void)authinfo_save(s, c.body.s, c.body.len, NULL);
	}
	http_call_done(&c);
	return st;
}

enum halo_status authbase_find(const struct settings *s, char **auth_url,
                               char **tenant, struct errbuf *err)
{
	enum halo_status st = HALO_OK;
	size_t len = 0;
	char *body;

	*auth_url = NULL;
	*tenant = NULL;
	if (!s->base_url)
		return errbuf_set(err, HALO_ECONFIG, "no base_url");
	if (s->auth_url) {
		*auth_url = strdup(s->auth_url);
	} else if ((body = authinfo_cached(s, &len))) {
		st = from_answer(s, body, len, auth_url, tenant, err);
		free(body);
	}
	if (st == HALO_OK && !*auth_url && !s->auth_url)
		st = ask_authinfo(s, auth_url, tenant, err);
	if (st == HALO_OK && !*auth_url)
		*auth_url = auth_default_url(s->base_url);
	if (st == HALO_OK && s->tenant && *s->tenant) {
		free(*tenant);
		*tenant = strdup(s->tenant);
		if (!*tenant)
			st = errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	if (st == HALO_OK && !*auth_url)
		st = errbuf_set(err, HALO_ENOMEM, "out of memory");
	if (st != HALO_OK) {
		free(*auth_url);
		free(*tenant);
		*auth_url = *tenant = NULL;
	}
	return st;
}
