#include "config.h"
#include "settings.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "auth.h"
#include "settings_private.h"

void settings_init(struct settings *s)
{
	memset(s, 0, sizeof *s);
	s->page_size = 50;
	s->connect_timeout_ms = 10000;
	s->request_timeout_ms = 30000;
	s->max_attempts = 5;
	s->backoff_max_ms = 60000;
	s->mouse = true;
}

void cfg_str_take(char **dst, char *v)
{
	auth_wipe_free(*dst);
	*dst = v;
}

static void view_free(struct settings_view *v)
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
}

void settings_done(struct settings *s)
{
	size_t i;

	if (!s)
		return;
	auth_wipe_free(s->client_secret);
	free(s->path);
	free(s->profile);
	free(s->base_url);
	free(s->tenant);
	free(s->client_id);
	free(s->client_secret_cmd);
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
		view_free(&s->views[i]);
	free(s->views);
	settings_init(s);
}

/* ---- Reading the file --------------------------------------------------- */

/* Up to max bytes (fewer when the file shrank); (size_t)-1 on error,
 * with what was read wiped. */
static size_t fd_read_all(int fd, unsigned char *buf, size_t max)
{
	size_t len = 0;
	ssize_t got;

	while (len < max) {
		got = read(fd, buf + len, max - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			OPENSSL_cleanse(buf, len);
			return (size_t)-1;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	return len;
}

/* Reads the whole file into memory. A missing file is fine (*out NULL)
 * unless the user named it. */
static enum halo_status file_read(const char *path, bool must_exist,
                                  unsigned char **out, size_t *outlen,
                                  mode_t *mode, struct errbuf *err)
{
	struct stat sb;
	int fd;

	*out = NULL;
	/* O_NONBLOCK: a FIFO named as the config must not hang the open. */
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && !must_exist && (errno == ENOENT || errno == ENOTDIR))
		return HALO_OK;
	if (fd < 0)
		return errbuf_set(err, HALO_ECONFIG, "%s: cannot open: %s", path,
		                  strerror(errno));
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return errbuf_set(err, HALO_ECONFIG, "%s: not a regular file",
		                  path);
	}
	if (sb.st_size > CONFIG_MAX_BYTES) {
		close(fd);
		return errbuf_set(err, HALO_ECONFIG, "%s: too large (%lld bytes;"
		                  " a config file may hold at most %d)", path,
		                  (long long)sb.st_size, CONFIG_MAX_BYTES);
	}
	*out = malloc((size_t)sb.st_size + 1);
	if (!*out) {
		close(fd);
		return errbuf_set(err, HALO_ENOMEM, "%s: out of memory", path);
	}
	*outlen = fd_read_all(fd, *out, (size_t)sb.st_size);
	if (*outlen == (size_t)-1) {
		errbuf_set(err, HALO_ECONFIG, "%s: cannot read: %s", path,
		           strerror(errno));
		free(*out);
		*out = NULL;
	}
	close(fd);
	*mode = sb.st_mode;
	return *out ? HALO_OK : HALO_ECONFIG;
}

static char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *out = malloc(la + lb + 1);

	if (out) {
		memcpy(out, a, la);
		memcpy(out + la, b, lb + 1);
	}
	return out;
}

/* $XDG_CONFIG_HOME/halotui/config.yaml (an absolute one, as the XDG spec
 * says), else ~/.config/halotui/config.yaml; NULL with neither set. */
static char *default_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		return path_join(xdg, "/halotui/config.yaml");
	if (home && *home)
		return path_join(home, "/.config/halotui/config.yaml");
	return NULL;
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
	unsigned char *buf = NULL;
	size_t len = 0;
	mode_t mode = 0;
	enum halo_status st;
	char b[81];

	s->path = path ? strdup(path) : default_path();
	if (path && !s->path)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	st = s->path ? file_read(s->path, path != NULL, &buf, &len, &mode, err)
	             : HALO_OK;
	if (st != HALO_OK)
		return st;
	if (buf) {
		st = cfg_parse_buffer(s, profile, buf, len, mode, err);
		OPENSSL_cleanse(buf, len);
		free(buf);
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

/* " in profile 'work' of FILE", or where a profile could be written. */
static void session_where(const struct settings *s, char *out, size_t n)
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

enum halo_status settings_check_session(const struct settings *s,
                                        struct errbuf *err)
{
	char where[700];

	session_where(s, where, sizeof where);
	if (!s->base_url)
		return errbuf_set(err, HALO_ECONFIG, "no base_url: set base_url%s "
		                  "or HALOPSA_BASE_URL", where);
	if (!s->client_id)
		return errbuf_set(err, HALO_ECONFIG, "no client_id: set client_id"
		                  "%s or HALOPSA_CLIENT_ID", where);
	if (!s->client_secret && !s->client_secret_cmd)
		return errbuf_set(err, HALO_ECONFIG, "no client secret: set "
		                  "client_secret or client_secret_cmd%s, or "
		                  "HALOPSA_CLIENT_SECRET", where);
	return HALO_OK;
}
