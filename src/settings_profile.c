/* SPDX-License-Identifier: MIT */
/* A profile of the settings: its fields with their types and ranges, the
 * checks on URLs and numbers, and which profile is used. */
#include "config.h"
#include "settings_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#define LOOPBACK_ONLY \
	"http:// is allowed only for 127.0.0.1, ::1 or localhost"

enum field_type { F_TEXT, F_BASE_URL, F_URL, F_PATH, F_INT, F_SECONDS,
                  F_BOOL, F_AUTH, F_REDIRECT };

/* A per-profile key: where it lands in struct settings and its range
 * (F_INT: the value; F_SECONDS: milliseconds). */
struct field {
	const char *name;
	enum field_type type;
	size_t offset;
	long min, max;
};

#define FIELD(name, member, type, lo, hi) \
	{ name, type, offsetof(struct settings, member), lo, hi }

static const struct field profile_fields[] = {
	FIELD("base_url", base_url, F_BASE_URL, 0, 0),
	FIELD("tenant", tenant, F_TEXT, 0, 0),
	FIELD("client_id", client_id, F_TEXT, 0, 0),
	FIELD("client_secret", client_secret, F_TEXT, 0, 0),
	FIELD("client_secret_cmd", client_secret_cmd, F_TEXT, 0, 0),
	FIELD("secret_cmd_timeout", secret_cmd_timeout_ms, F_SECONDS, 1000, 3600000),
	FIELD("auth", auth, F_AUTH, 0, 0),
	FIELD("username", username, F_TEXT, 0, 0),
	FIELD("password_cmd", password_cmd, F_TEXT, 0, 0),
	FIELD("redirect_uri", redirect_uri, F_REDIRECT, 0, 0),
	FIELD("agent", agent, F_TEXT, 0, 0),
	FIELD("auth_url", auth_url, F_URL, 0, 0),
	FIELD("scope", scope, F_TEXT, 0, 0),
	FIELD("ca_file", ca_file, F_PATH, 0, 0),
	FIELD("page_size", page_size, F_INT, 1, 100),
	FIELD("connect_timeout", connect_timeout_ms, F_SECONDS, 1000, 300000),
	FIELD("request_timeout", request_timeout_ms, F_SECONDS, 1000, 3600000),
	FIELD("max_attempts", max_attempts, F_INT, 1, 20),
	FIELD("backoff_max", backoff_max_ms, F_SECONDS, 0, 3600000),
	FIELD("rate_limit", rate_limit, F_INT, 1, 100000),
	FIELD("rate_window", rate_window_ms, F_SECONDS, 1000, 86400000),
	FIELD("theme", theme, F_TEXT, 0, 0),
	FIELD("cache", cache, F_BOOL, 0, 0),
	FIELD("read_only", read_only, F_BOOL, 0, 0),
	FIELD("create_source", create_source, F_INT, 0, 1000000),
	FIELD("refresh_interval", refresh_interval_ms, F_SECONDS, 0, 86400000),
	FIELD("bell_on_new", bell_on_new, F_BOOL, 0, 0),
	FIELD("attachment_max_mb", attachment_max_mb, F_INT, 1, 1024),
};
#define NFIELDS (sizeof profile_fields / sizeof profile_fields[0])

const char *settings_profile_key(size_t i)
{
	return i < NFIELDS ? profile_fields[i].name : NULL;
}

static const char *const auth_names[] = {
	[AUTH_CLIENT_CREDENTIALS] = "client_credentials",
	[AUTH_CODE] = "authorization_code",
	[AUTH_PASSWORD] = "password",
};

const char *settings_auth_name(enum auth_flow flow)
{
	if ((size_t)flow < sizeof auth_names / sizeof *auth_names)
		return auth_names[flow];
	return "client_credentials";
}

bool settings_per_user(const struct settings *s)
{
	return s && s->auth != AUTH_CLIENT_CREDENTIALS;
}

/* ---- Values ------------------------------------------------------------- */

static bool parse_whole(const char *s, long *out)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 9)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	*out = strtol(s, NULL, 10);
	return true;
}

/* "10", "2.5" or "0.25" seconds, as milliseconds. */
static bool parse_seconds(const char *s, long *ms)
{
	size_t whole = strspn(s, "0123456789"), frac = 0;
	long v = 0, scale = 100;
	size_t i;

	if (whole == 0 || whole > 7)
		return false;
	if (s[whole] == '.') {
		frac = strspn(s + whole + 1, "0123456789");
		if (frac == 0 || frac > 3)
			return false;
	}
	if (s[whole + (frac ? frac + 1 : 0)] != '\0')
		return false;
	for (i = 0; i < whole; i++)
		v = v * 10 + (s[i] - '0');
	v *= 1000;
	for (i = 0; i < frac; i++, scale /= 10)
		v += (s[whole + 1 + i] - '0') * scale;
	*ms = v;
	return true;
}

static bool host_is_loopback(const char *h, size_t n)
{
	return (n == 9 && !strncmp(h, "127.0.0.1", 9)) ||
	       (n == 9 && !strncasecmp(h, "localhost", 9)) ||
	       (n == 5 && !strncmp(h, "[::1]", 5));
}

/* Where the host of an http(s) URL ends; false when the authority after
 * "scheme://" (up to `end`) is not host[:port]. */
static bool url_host(const char *auth, const char *end, size_t *hostlen)
{
	const char *p;

	if (auth < end && *auth == '[') {
		p = memchr(auth, ']', (size_t)(end - auth));
		if (!p)
			return false;
		p++;
	} else {
		p = memchr(auth, ':', (size_t)(end - auth));
		if (!p)
			p = end;
	}
	*hostlen = (size_t)(p - auth);
	if (*hostlen == 0 || (*auth == '[' && *hostlen <= 2))
		return false;
	if (p == end)
		return true;
	if (*p != ':' || end - p < 2 || end - p > 6)
		return false;
	for (p++; p < end; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* A copy of url without trailing slashes in its path (which starts at
 * path_at), and with strip_api without a final "/api" either. */
static char *url_trim(const char *url, size_t path_at, bool strip_api)
{
	size_t len = strlen(url);

	while (len > path_at && url[len - 1] == '/')
		len--;
	if (strip_api && len >= path_at + 4 &&
	    !strncasecmp(url + len - 4, "/api", 4)) {
		len -= 4;
		while (len > path_at && url[len - 1] == '/')
			len--;
	}
	return strndup(url, len);
}

/* Checks an http(s) URL and returns a copy without trailing slashes. With
 * strip_api a trailing "/api" goes too: Halo's API page shows the
 * "Resource Server" URL (…/api) and people paste that as base_url, but the
 * client adds /api itself. HALO_ECONFIG with msg set when the URL is bad. */
enum halo_status cfg_url_check(const char *what, const char *url,
                               bool strip_api, char **out,
                               char *msg, size_t msglen)
{
	const char *auth, *end, *p;
	size_t hostlen;
	bool https = !strncasecmp(url, "https://", 8);
	char b[81];

	if (!https && strncasecmp(url, "http://", 7))
		goto scheme;
	auth = url + (https ? 8 : 7);
	for (p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			goto space;
	end = auth + strcspn(auth, "/?#");
	if (strpbrk(end, "?#"))
		goto query;
	if (memchr(auth, '@', (size_t)(end - auth))) {
		snprintf(msg, msglen, "%s must not hold a user name or password; "
		         "use client_id and client_secret", what);
		return HALO_ECONFIG;
	}
	if (!url_host(auth, end, &hostlen))
		goto host;
	if (!https && !host_is_loopback(auth, hostlen)) {
		snprintf(msg, msglen, "%s '%s' sends the secret in clear; use "
		         "https:// (" LOOPBACK_ONLY ")", what,
		         yamlx_shown(url, b, sizeof b));
		return HALO_ECONFIG;
	}
	*out = url_trim(url, (size_t)(end - url), strip_api);
	return *out ? HALO_OK : HALO_ENOMEM;
scheme:
	snprintf(msg, msglen, "%s '%s' must start with https:// (" LOOPBACK_ONLY
	         ")", what, yamlx_shown(url, b, sizeof b));
	return HALO_ECONFIG;
space:
	snprintf(msg, msglen, "%s must not contain spaces or control "
	         "characters", what);
	return HALO_ECONFIG;
query:
	snprintf(msg, msglen, "%s '%s' must not have a query (?) or fragment "
	         "(#)", what, yamlx_shown(url, b, sizeof b));
	return HALO_ECONFIG;
host:
	snprintf(msg, msglen, "%s '%s' needs a host name (and at most a "
	         ":port) after the scheme", what, yamlx_shown(url, b, sizeof b));
	return HALO_ECONFIG;
}

/* "~/x" means $HOME/x, as in a shell. */
static char *path_expand(const char *v)
{
	const char *home = getenv("HOME");
	size_t hl, vl;
	char *out;

	if (strncmp(v, "~/", 2) || !home || !*home)
		return strdup(v);
	hl = strlen(home);
	vl = strlen(v + 1);
	out = malloc(hl + vl + 1);
	if (!out)
		return NULL;
	memcpy(out, home, hl);
	memcpy(out + hl, v + 1, vl + 1);
	return out;
}

static enum halo_status number_set(const struct loader *ld,
                                   const struct field *f, const yaml_node_t *n,
                                   const char *v, void *dst)
{
	long val;
	char b[81];

	if (f->type == F_INT) {
		if (!parse_whole(v, &val) || val < f->min || val > f->max)
			return cfg_fail(ld, n, "%s must be a whole number from %ld "
			                "to %ld (got %s)", f->name, f->min, f->max,
			                yamlx_shown(v, b, sizeof b));
		*(int *)dst = (int)val;
		return HALO_OK;
	}
	if (!parse_seconds(v, &val) || val < f->min || val > f->max)
		return cfg_fail(ld, n, "%s must be a number of seconds from %ld "
		                "to %ld (got %s)", f->name, f->min / 1000,
		                f->max / 1000, yamlx_shown(v, b, sizeof b));
	*(long *)dst = val;
	return HALO_OK;
}

static enum halo_status auth_set(const struct loader *ld,
                                 const yaml_node_t *n, const char *v,
                                 enum auth_flow *dst)
{
	char b[81];

	for (size_t i = 0; i < sizeof auth_names / sizeof *auth_names; i++)
		if (!strcmp(v, auth_names[i])) {
			*dst = (enum auth_flow)i;
			return HALO_OK;
		}
	return cfg_fail(ld, n, "auth must be client_credentials, "
	                "authorization_code or password (got '%s')",
	                yamlx_shown(v, b, sizeof b));
}

static enum halo_status field_set(const struct loader *ld,
                                  const struct field *f, const yaml_node_t *n,
                                  struct settings *dst)
{
	void *at = (char *)dst + f->offset;
	enum halo_status st;
	const char *v;
	char msg[600], *copy = NULL;

	if (f->type == F_TEXT)
		return cfg_text_set(ld, n, f->name, at);
	if (f->type == F_BOOL)
		return cfg_bool_set(ld, n, f->name, at);
	if (cfg_is_null(n))
		return HALO_OK;
	st = cfg_text(ld, n, f->name, &v);
	if (st != HALO_OK)
		return st;
	if (f->type == F_INT || f->type == F_SECONDS)
		return number_set(ld, f, n, v, at);
	if (f->type == F_AUTH)
		return auth_set(ld, n, v, at);
	if (f->type == F_PATH) {
		copy = path_expand(v);
		st = copy ? HALO_OK : HALO_ENOMEM;
	} else {
		st = cfg_url_check(f->name, v, f->type == F_BASE_URL, &copy, msg,
		                   sizeof msg);
		/* The redirect URI is compared byte for byte with the one
		 * registered in Halo: checked like a URL, kept as written. */
		if (st == HALO_OK && f->type == F_REDIRECT) {
			free(copy);
			copy = strdup(v);
			st = copy ? HALO_OK : HALO_ENOMEM;
		}
	}
	if (st == HALO_ENOMEM)
		return cfg_nomem(ld);
	if (st != HALO_OK)
		return cfg_fail(ld, n, "%s", msg);
	cfg_str_take(at, copy);
	return HALO_OK;
}

/* ---- Profiles ----------------------------------------------------------- */

/* The index of key in profile_fields. */
static size_t field_index(const char *key)
{
	size_t i;

	for (i = 0; i < NFIELDS && strcmp(key, profile_fields[i].name); i++)
		;
	return i;
}

/* A key meant for one flow in a profile of another is most likely a
 * forgotten auth: line, so it is an error rather than silently unused. */
static enum halo_status flow_check(const struct loader *ld, const char *b,
                                   const yaml_node_t *const keys[NFIELDS],
                                   enum auth_flow flow)
{
	static const struct {
		const char *key;
		enum auth_flow flow;
	} only[] = {
		{ "username", AUTH_PASSWORD },
		{ "password_cmd", AUTH_PASSWORD },
		{ "redirect_uri", AUTH_CODE },
		{ "agent", AUTH_CLIENT_CREDENTIALS },
	};

	for (size_t i = 0; i < sizeof only / sizeof *only; i++) {
		const yaml_node_t *k = keys[field_index(only[i].key)];

		if (!k || flow == only[i].flow)
			continue;
		if (only[i].flow == AUTH_CLIENT_CREDENTIALS)
			return cfg_fail(ld, k, "agent says who \"me\" is for "
			                "auth: client_credentials; profile '%s' "
			                "uses auth: %s, which logs in as the agent "
			                "themselves: remove agent", b,
			                settings_auth_name(flow));
		return cfg_fail(ld, k, "%s is for auth: %s, but profile '%s' "
		                "uses auth: %s: add auth: %s or remove %s",
		                only[i].key, settings_auth_name(only[i].flow), b,
		                settings_auth_name(flow),
		                settings_auth_name(only[i].flow), only[i].key);
	}
	return HALO_OK;
}

static enum halo_status profile_parse(const struct loader *ld, const char *name,
                                      const yaml_node_t *m,
                                      struct settings *dst)
{
	const char *names[NFIELDS], *key;
	const yaml_node_t *secret = NULL, *cmd = NULL, *keys[NFIELDS] = { 0 };
	struct yamlx_pairs it;
	enum halo_status st;
	char where[128], b[81];
	size_t i;

	yamlx_shown(name, b, sizeof b);
	snprintf(where, sizeof where, " in profile '%s'", b);
	if (cfg_is_null(m))
		return HALO_OK;
	if (m->type != YAML_MAPPING_NODE)
		return cfg_fail(ld, m, "profile '%s' must be a mapping of settings "
		                "(base_url: ...), not %s", b, cfg_kind(m));
	for (i = 0; i < NFIELDS; i++)
		names[i] = profile_fields[i].name;
	yamlx_pairs_init(&it, ld->doc, m);
	while (yamlx_pairs_next(&it)) {
		const yaml_node_t *k = it.key, *v = it.value;

		st = cfg_pair_key(ld, m, it.pair, where, &key);
		if (st != HALO_OK)
			return st;
		for (i = 0; i < NFIELDS && strcmp(key, names[i]); i++)
			;
		if (i == NFIELDS)
			return cfg_unknown_key(ld, k, key, where, names, NFIELDS);
		st = field_set(ld, &profile_fields[i], v, dst);
		if (st != HALO_OK)
			return st;
		if (!cfg_is_null(v))
			keys[i] = k;
		if (!strcmp(key, "client_secret") && !cfg_is_null(v))
			secret = k;
		if (!strcmp(key, "client_secret_cmd") && !cfg_is_null(v))
			cmd = k;
	}
	if (secret && cmd)
		return cfg_fail(ld, secret->start_mark.line > cmd->start_mark.line ?
		                secret : cmd, "profile '%s' sets both client_secret "
		                "and client_secret_cmd; keep one", b);
	return flow_check(ld, b, keys, dst->auth);
}

/* "a, b, c": the profile names, for "not found" messages. */
static void profile_list(const struct loader *ld, const yaml_node_t *m,
                         char *out, size_t n)
{
	struct yamlx_pairs it;
	size_t used = 0;
	char b[41];

	out[0] = '\0';
	yamlx_pairs_init(&it, ld->doc, m);
	while (used < n && yamlx_pairs_next(&it)) {
		const char *k = yamlx_scalar(it.key);

		if (!k)
			continue;
		used += (size_t)snprintf(out + used, n - used, "%s%s",
		                         used ? ", " : "",
		                         yamlx_shown(k, b, sizeof b));
	}
}

/* Which profile to use: -p, else default_profile, else the only one. */
static enum halo_status profile_pick(const struct loader *ld,
                                     const yaml_node_t *m, const char *want,
                                     const yaml_node_t *def,
                                     const char **pick)
{
	const yaml_node_t *k;
	char list[400];

	*pick = want;
	if (want)
		return HALO_OK;
	if (def && !cfg_is_null(def))
		return cfg_text(ld, def, "default_profile", pick);
	if (!m || cfg_map_len(m) == 0)
		return HALO_OK;
	if (cfg_map_len(m) > 1) {
		profile_list(ld, m, list, sizeof list);
		return cfg_fail(ld, m, "%zu profiles (%s) and no default_profile; "
		                "add default_profile: NAME at the top level or "
		                "choose one with -p", cfg_map_len(m), list);
	}
	k = cfg_node(ld, m->data.mapping.pairs.start->key);
	if (k->type == YAML_SCALAR_NODE)
		*pick = (const char *)k->data.scalar.value;
	return HALO_OK;
}

static enum halo_status profile_missing(const struct loader *ld,
                                        const yaml_node_t *m, const char *want,
                                        const yaml_node_t *def, bool from_p)
{
	char list[400], b[81];

	yamlx_shown(want, b, sizeof b);
	if (!m || cfg_map_len(m) == 0)
		snprintf(list, sizeof list, "it has no profiles");
	else {
		snprintf(list, sizeof list, "profiles: ");
		profile_list(ld, m, list + 10, sizeof list - 10);
	}
	if (!from_p)
		return cfg_fail(ld, def, "default_profile '%s' is not a profile "
		                "(%s)", b, list);
	return errbuf_set(ld->err, HALO_ECONFIG, "%s: profile '%s' not found "
	                  "(%s)", ld->path, b, list);
}

/* Keeps a profile's name for the list of them all. */
static enum halo_status profile_name_add(const struct loader *ld,
                                         struct settings *s, const char *name)
{
	char **grown = realloc(s->profiles, (s->nprofiles + 1) * sizeof *grown);

	if (!grown)
		return cfg_nomem(ld);
	s->profiles = grown;
	if (!(s->profiles[s->nprofiles] = strdup(name)))
		return cfg_nomem(ld);
	s->nprofiles++;
	return HALO_OK;
}

/* Checks every profile (a typo in one is reported even when another is
 * used) and loads the chosen one into s. */
enum halo_status cfg_profiles_parse(const struct loader *ld,
                                    const yaml_node_t *m, const char *want,
                                    const yaml_node_t *def,
                                    struct settings *s)
{
	struct yamlx_pairs it;
	const char *pick, *name;
	enum halo_status st;

	if (m && cfg_is_null(m))
		m = NULL;
	if (m && m->type != YAML_MAPPING_NODE)
		return cfg_fail(ld, m, "profiles must be a mapping of profile names "
		                "to settings, not %s", cfg_kind(m));
	if (m && cfg_map_len(m) > MAX_PROFILES)
		return cfg_fail(ld, m, "too many profiles (at most %d)",
		                MAX_PROFILES);
	st = profile_pick(ld, m, want, def, &pick);
	yamlx_pairs_init(&it, ld->doc, m);
	while (st == HALO_OK && yamlx_pairs_next(&it)) {
		struct settings scratch;
		bool chosen;

		st = cfg_pair_key(ld, m, it.pair, " in profiles", &name);
		if (st != HALO_OK)
			break;
		st = profile_name_add(ld, s, name);
		if (st != HALO_OK)
			break;
		chosen = pick && !s->profile && !strcmp(name, pick);
		settings_init(&scratch);
		st = profile_parse(ld, name, it.value, chosen ? s : &scratch);
		settings_done(&scratch);
		if (st == HALO_OK && chosen) {
			s->profile = strdup(name);
			if (!s->profile)
				st = cfg_nomem(ld);
		}
	}
	if (st == HALO_OK && pick && !s->profile)
		st = profile_missing(ld, m, pick, def, want != NULL);
	return st;
}
