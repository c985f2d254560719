/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "auth.h"
#include "readfile.h"
#include "settings_private.h"
#include "xdg.h"

void settings_init(struct settings *s)
{
	memset(s, 0, sizeof *s);
	s->page_size = 50;
	s->connect_timeout_ms = 10000;
	s->request_timeout_ms = 30000;
	s->max_attempts = 5;
	s->backoff_max_ms = 60000;
	s->rate_limit = 300;
	s->rate_window_ms = 300000;
	s->secret_cmd_timeout_ms = 30000;
	s->mouse = true;
	s->cache = true;
	s->refresh_interval_ms = 60000;
	s->attachment_max_mb = 25;
	s->osc52 = true;
}

void cfg_str_take(char **dst, char *v)
{
	auth_wipe_free(*dst);
	*dst = v;
}

void settings_view_done(struct settings_view *v)
{
	size_t i;

	for (i = 0; i < v->nfilters; i++) {
		free(v->filters[i].key);
		free(v->filters[i].value);
	}
	free(v->filters);
	free(v->name);
	free(v->resource);
	free(v->search);
	free(v->sort);
	free(v->file);
	memset(v, 0, sizeof *v);
}

void settings_done(struct settings *s)
{
	size_t i;

	if (!s)
		return;
	auth_wipe_free(s->client_secret);
	free(s->path);
	free(s->profile);
	for (i = 0; i < s->nprofiles; i++)
		free(s->profiles[i]);
	free(s->profiles);
	free(s->base_url);
	free(s->tenant);
	free(s->client_id);
	free(s->client_secret_cmd);
	free(s->username);
	free(s->password_cmd);
	free(s->redirect_uri);
	free(s->agent);
	free(s->auth_url);
	free(s->scope);
	free(s->ca_file);
	free(s->theme);
	for (i = 0; i < s->nkeys; i++) {
		free(s->keys[i].action);
		free(s->keys[i].key);
	}
	free(s->keys);
	for (i = 0; i < s->nviews; i++)
		settings_view_done(&s->views[i]);
	free(s->views);
	settings_init(s);
}

/* The config in the XDG config directory; NULL without a home. */
static char *default_path(void)
{
	char path[4096];

	if (xdg_path(XDG_CONFIG, "config.yaml", path, sizeof path) != 0)
		return NULL;
	return strdup(path);
}

/* ---- Loading ------------------------------------------------------------ */

static const char *env_get(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static enum halo_status env_text(const char *name, char **dst,
                                 struct errbuf *err)
{
	const char *v = env_get(name), *c;
	char *copy;

	if (!v)
		return HALO_OK;
	for (c = v; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return errbuf_set(err, HALO_ECONFIG, "%s contains a control "
			                  "character", name);
	copy = strdup(v);
	if (!copy)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	cfg_str_take(dst, copy);
	return HALO_OK;
}

/* The environment wins over the file, so halotui runs with no file. */
static enum halo_status env_apply(struct settings *s, struct errbuf *err)
{
	const char *v = env_get("HALOPSA_BASE_URL");
	enum halo_status st;
	char msg[600], *url = NULL;

	if (v) {
		st = cfg_url_check("HALOPSA_BASE_URL", v, true, &url, msg, sizeof msg);
		if (st == HALO_ENOMEM)
			return errbuf_set(err, st, "out of memory");
		if (st != HALO_OK)
			return errbuf_set(err, st, "%s", msg);
		cfg_str_take(&s->base_url, url);
	}
	st = env_text("HALOPSA_TENANT", &s->tenant, err);
	if (st == HALO_OK)
		st = env_text("HALOPSA_CLIENT_ID", &s->client_id, err);
	if (st == HALO_OK)
		st = env_text("HALOPSA_CLIENT_SECRET", &s->client_secret, err);
	return st;
}

static enum halo_status load_all(struct settings *s, const char *path,
                                 const char *profile, struct errbuf *err)
{
	struct readfile f = { 0 };
	enum halo_status st = HALO_OK;
	char b[81], def[4096];

	/* No home: no default file. Out of memory is an error, not that. */
	if (path || xdg_path(XDG_CONFIG, "config.yaml", def, sizeof def) == 0) {
		s->path = strdup(path ? path : def);
		if (!s->path)
			return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	/* A missing file is fine unless the user named it. */
	if (s->path)
		st = readfile(s->path, "a config file", CONFIG_MAX_BYTES,
		              path ? 0 : READFILE_MISSING_OK, &f, err);
	if (st != HALO_OK)
		return st == HALO_EIO ? HALO_ECONFIG : st;
	if (f.data) {
		st = cfg_parse_buffer(s, profile, (const unsigned char *)f.data,
		                      f.len, f.mode, f.uid, err);
		OPENSSL_cleanse(f.data, f.len);
		free(f.data);
	} else {
		if (profile)
			st = errbuf_set(err, HALO_ECONFIG, "profile '%s' not found: "
			                "no config file (%s)",
			                yamlx_shown(profile, b, sizeof b),
			                s->path ? s->path : "HOME is not set");
		free(s->path);
		s->path = NULL;
	}
	if (st == HALO_OK)
		st = env_apply(s, err);
	/* Views kept by :save-view, after the config's. */
	if (st == HALO_OK && settings_views_path(def, sizeof def) == 0)
		st = settings_load_views(s, def, err);
	if (st == HALO_OK && !s->scope) {
		s->scope = strdup("all");
		if (!s->scope)
			st = errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	return st;
}

enum halo_status settings_load(struct settings *s, const char *path,
                               const char *profile, struct errbuf *err)
{
	struct settings t;
	enum halo_status st;

	settings_init(s);
	settings_init(&t);
	st = load_all(&t, path, profile, err);
	if (st != HALO_OK) {
		settings_done(&t);
		return st;
	}
	*s = t;
	return HALO_OK;
}

int settings_views_path(char *out, size_t len)
{
	return xdg_path(XDG_CONFIG, "views.yaml", out, len);
}

enum halo_status settings_load_views(struct settings *s, const char *path,
                                     struct errbuf *err)
{
	struct readfile f = { 0 };
	enum halo_status st;

	st = readfile(path, "a views file", CONFIG_MAX_BYTES,
	              READFILE_MISSING_OK, &f, err);
	if (st != HALO_OK)
		return st == HALO_EIO ? HALO_ECONFIG : st;
	if (!f.data)
		return HALO_OK;
	st = cfg_parse_views_buffer(s, path, (const unsigned char *)f.data,
	                            f.len, err);
	free(f.data);
	return st;
}

/* " in profile 'work' of FILE", or where a profile could be written. */
void settings_where(const struct settings *s, char *out, size_t n)
{
	char *def = NULL, b[81];

	if (s->path && s->profile)
		snprintf(out, n, " in profile '%s' of %s",
		         yamlx_shown(s->profile, b, sizeof b), s->path);
	else if (s->path)
		snprintf(out, n, " in a profile of %s", s->path);
	else {
		def = default_path();
		snprintf(out, n, " in a profile of %s",
		         def ? def : "the config file");
		free(def);
	}
}

enum halo_status settings_check_write(const struct settings *s,
                                      struct errbuf *err)
{
	char b[81];

	if (!s->read_only)
		return HALO_OK;
	if (s->profile)
		return errbuf_set(err, HALO_EREADONLY, "profile '%s' is read-only: "
		                  "nothing was sent (remove read_only or "
		                  "--read-only to make changes)",
		                  yamlx_shown(s->profile, b, sizeof b));
	/* No profile: only --read-only can have said so. */
	return errbuf_set(err, HALO_EREADONLY, "the session is read-only "
	                  "(--read-only): nothing was sent (remove --read-only "
	                  "to make changes)");
}

enum halo_status settings_check_session(const struct settings *s,
                                        struct errbuf *err)
{
	char where[700];

	settings_where(s, where, sizeof where);
	if (!s->base_url)
		return errbuf_set(err, HALO_ECONFIG, "no base_url: set base_url%s "
		                  "or HALOPSA_BASE_URL", where);
	if (!s->client_id)
		return errbuf_set(err, HALO_ECONFIG, "no client_id: set client_id"
		                  "%s or HALOPSA_CLIENT_ID", where);
	/* A per-user login needs no secret: Halo's applications for people
	 * (native apps) have none. One is sent when it is set. */
	if (!s->client_secret && !s->client_secret_cmd && !settings_per_user(s))
		return errbuf_set(err, HALO_ECONFIG, "no client secret: set "
		                  "client_secret or client_secret_cmd%s, or "
		                  "HALOPSA_CLIENT_SECRET", where);
	return HALO_OK;
}
