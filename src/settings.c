#include "config.h"
#include "settings.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <yaml.h>

extern char **environ;

/* Limits that keep a hostile or corrupt file from costing much: a config
 * is a few kilobytes, so these are far above any real one. */
#define CONFIG_MAX_BYTES (1024 * 1024)
#define CONFIG_MAX_DEPTH 32
#define MAX_PROFILES 256
#define MAX_KEYS 1000
#define MAX_VIEWS 256
#define MAX_FILTERS 64
#define SECRET_MAX 4096
#define SECRET_DRAIN_MAX (1024 * 1024)

#define LOOPBACK_ONLY \
	"http:// is allowed only for 127.0.0.1, ::1 or localhost"

/* One loaded document and where its errors go. */
struct loader {
	const char *path;
	yaml_document_t *doc;
	struct errbuf *err;
};

enum field_type { F_TEXT, F_BASE_URL, F_URL, F_PATH, F_INT, F_SECONDS };

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
	FIELD("auth_url", auth_url, F_URL, 0, 0),
	FIELD("scope", scope, F_TEXT, 0, 0),
	FIELD("ca_file", ca_file, F_PATH, 0, 0),
	FIELD("page_size", page_size, F_INT, 1, 100),
	FIELD("connect_timeout", connect_timeout_ms, F_SECONDS, 1000, 300000),
	FIELD("request_timeout", request_timeout_ms, F_SECONDS, 1000, 3600000),
	FIELD("max_attempts", max_attempts, F_INT, 1, 20),
	FIELD("backoff_max", backoff_max_ms, F_SECONDS, 0, 3600000),
	FIELD("theme", theme, F_TEXT, 0, 0),
};
#define NFIELDS (sizeof profile_fields / sizeof profile_fields[0])

enum { TOP_DEFAULT, TOP_PROFILES, TOP_THEME, TOP_MOUSE, TOP_KEYS, TOP_VIEWS,
       TOP_N };
static const char *const top_keys[TOP_N] = {
	"default_profile", "profiles", "theme", "mouse", "keys", "views",
};

enum { VIEW_RESOURCE, VIEW_SEARCH, VIEW_FILTERS, VIEW_SORT, VIEW_DESC,
       VIEW_N };
static const char *const view_keys[VIEW_N] = {
	"resource", "search", "filters", "sort", "desc",
};

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

/* Frees a string that may have held a secret. */
static void str_wipe_free(char *p)
{
	if (p) {
		OPENSSL_cleanse(p, strlen(p));
		free(p);
	}
}

static void str_take(char **dst, char *v)
{
	str_wipe_free(*dst);
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
	str_wipe_free(s->client_secret);
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

/* ---- Messages ----------------------------------------------------------- */

/* Text from the file or the environment, fit for a one-line message:
 * control characters become '?' and long text is cut (at a character
 * boundary) with "...". n must be at least 8. */
static const char *shown(const char *in, char *buf, size_t n)
{
	size_t len = strlen(in), i;
	bool cut = len > n - 4;

	if (cut) {
		len = n - 4;
		while (len > 0 && ((unsigned char)in[len] & 0xc0) == 0x80)
			len--;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		buf[i] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	if (cut) {
		memcpy(buf + len, "...", 3);
		len += 3;
	}
	buf[len] = '\0';
	return buf;
}

static enum halo_status fail_at(struct errbuf *err, const char *path,
                                const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "path:line:col: message", 1-based as editors count. */
static enum halo_status fail_at(struct errbuf *err, const char *path,
                                const yaml_mark_t *m, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return errbuf_set(err, HALO_ECONFIG, "%s:%zu:%zu: %s", path,
	                  m->line + 1, m->column + 1, msg);
}

static enum halo_status ld_fail(const struct loader *ld, const yaml_node_t *n,
                                const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum halo_status ld_fail(const struct loader *ld, const yaml_node_t *n,
                                const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return fail_at(ld->err, ld->path, &n->start_mark, "%s", msg);
}

static enum halo_status ld_nomem(const struct loader *ld)
{
	return errbuf_set(ld->err, HALO_ENOMEM, "%s: out of memory", ld->path);
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t prev[33], cur[33], la = strlen(a), lb = strlen(b), i, j;

	if (la > 32 || lb > 32)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? sub : del;
			if (ins < cur[j])
				cur[j] = ins;
		}
		memcpy(prev, cur, sizeof prev);
	}
	return prev[lb];
}

/* "unknown key 'x'<where> (did you mean y?)": the nearest known key when
 * it is a typo away, else the list of known keys. */
static enum halo_status unknown_key(const struct loader *ld,
                                    const yaml_node_t *k, const char *word,
                                    const char *where,
                                    const char *const *known, size_t n)
{
	char b[81], list[400] = "";
	const char *best = NULL;
	size_t i, d, bestd = 3, used = 0;

	for (i = 0; i < n; i++) {
		d = edit_distance(word, known[i]);
		if (d < bestd && d < strlen(word)) {
			bestd = d;
			best = known[i];
		}
		if (used < sizeof list)
			used += (size_t)snprintf(list + used, sizeof list - used,
			                         "%s%s", i ? ", " : "", known[i]);
	}
	if (best)
		return ld_fail(ld, k, "unknown key '%s'%s (did you mean %s?)",
		               shown(word, b, sizeof b), where, best);
	return ld_fail(ld, k, "unknown key '%s'%s (known keys: %s)",
	               shown(word, b, sizeof b), where, list);
}

/* ---- Nodes -------------------------------------------------------------- */

static yaml_node_t *ld_node(const struct loader *ld, int id)
{
	return yaml_document_get_node(ld->doc, id);
}

static const char *node_kind(const yaml_node_t *n)
{
	if (n->type == YAML_MAPPING_NODE)
		return "a mapping";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a list";
	return "a single value";
}

/* Empty, ~ and null mean "not set", as when the line is left out. */
static bool node_is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE)
		return false;
	if (n->data.scalar.length == 0)
		return true;
	if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	v = (const char *)n->data.scalar.value;
	return !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

/* The text of a node that must be a single value without control
 * characters (they would end up in URLs, headers and the screen). */
static enum halo_status node_text(const struct loader *ld, const yaml_node_t *n,
                                  const char *what, const char **out)
{
	const unsigned char *v;
	size_t i;

	if (n->type != YAML_SCALAR_NODE)
		return ld_fail(ld, n, "%s must be a single value, not %s", what,
		               node_kind(n));
	v = n->data.scalar.value;
	for (i = 0; i < n->data.scalar.length; i++)
		if (v[i] < 0x20 || v[i] == 0x7f)
			return ld_fail(ld, n, "%s contains a control character",
			               what);
	*out = (const char *)v;
	return HALO_OK;
}

/* The key of pair p of mapping m: a non-empty single value that m has not
 * used before (libyaml does not check; YAML forbids it). */
static enum halo_status pair_key(const struct loader *ld, const yaml_node_t *m,
                                 const yaml_node_pair_t *p, const char *where,
                                 const char **out)
{
	const yaml_node_t *k = ld_node(ld, p->key);
	const yaml_node_pair_t *q;
	enum halo_status st;
	char b[81];

	if (k->type == YAML_SCALAR_NODE && k->data.scalar.length == 0)
		return ld_fail(ld, k, "empty key%s", where);
	st = node_text(ld, k, "a key", out);
	if (st != HALO_OK)
		return st;
	for (q = m->data.mapping.pairs.start; q < p; q++) {
		const yaml_node_t *kq = ld_node(ld, q->key);

		if (kq->type == YAML_SCALAR_NODE &&
		    !strcmp((const char *)kq->data.scalar.value, *out))
			return ld_fail(ld, k, "duplicate key '%s'%s (first at "
			               "line %zu)", shown(*out, b, sizeof b),
			               where, kq->start_mark.line + 1);
	}
	return HALO_OK;
}

/* The value for key `key` in mapping m, or NULL. */
static const yaml_node_t *map_get(const struct loader *ld,
                                  const yaml_node_t *m, const char *key)
{
	const yaml_node_pair_t *p;

	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const yaml_node_t *k = ld_node(ld, p->key);

		if (k->type == YAML_SCALAR_NODE &&
		    !strcmp((const char *)k->data.scalar.value, key))
			return ld_node(ld, p->value);
	}
	return NULL;
}

static size_t map_len(const yaml_node_t *m)
{
	return (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
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

/* The common YAML 1.1 spellings, in any case. */
static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[] = { "false", "no", "off" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return true;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return true;
		}
	}
	return false;
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
static enum halo_status url_check(const char *what, const char *url,
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
		         shown(url, b, sizeof b));
		return HALO_ECONFIG;
	}
	*out = url_trim(url, (size_t)(end - url), strip_api);
	return *out ? HALO_OK : HALO_ENOMEM;
scheme:
	snprintf(msg, msglen, "%s '%s' must start with https:// (" LOOPBACK_ONLY
	         ")", what, shown(url, b, sizeof b));
	return HALO_ECONFIG;
space:
	snprintf(msg, msglen, "%s must not contain spaces or control "
	         "characters", what);
	return HALO_ECONFIG;
query:
	snprintf(msg, msglen, "%s '%s' must not have a query (?) or fragment "
	         "(#)", what, shown(url, b, sizeof b));
	return HALO_ECONFIG;
host:
	snprintf(msg, msglen, "%s '%s' needs a host name (and at most a "
	         ":port) after the scheme", what, shown(url, b, sizeof b));
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

static enum halo_status text_set(const struct loader *ld, const yaml_node_t *n,
                                 const char *what, char **dst)
{
	const char *v;
	enum halo_status st;
	char *copy;

	if (node_is_null(n))
		return HALO_OK;
	st = node_text(ld, n, what, &v);
	if (st != HALO_OK)
		return st;
	copy = strdup(v);
	if (!copy)
		return ld_nomem(ld);
	str_take(dst, copy);
	return HALO_OK;
}

static enum halo_status bool_set(const struct loader *ld, const yaml_node_t *n,
                                 const char *what, bool *dst)
{
	const char *v;
	enum halo_status st;
	char b[81];

	if (node_is_null(n))
		return HALO_OK;
	st = node_text(ld, n, what, &v);
	if (st != HALO_OK)
		return st;
	if (!parse_bool(v, dst))
		return ld_fail(ld, n, "%s must be true or false (got %s)", what,
		               shown(v, b, sizeof b));
	return HALO_OK;
}

static enum halo_status number_set(const struct loader *ld,
                                   const struct field *f, const yaml_node_t *n,
                                   const char *v, void *dst)
{
	long val;
	char b[81];

	if (f->type == F_INT) {
		if (!parse_whole(v, &val) || val < f->min || val > f->max)
			return ld_fail(ld, n, "%s must be a whole number from %ld "
			               "to %ld (got %s)", f->name, f->min, f->max,
			               shown(v, b, sizeof b));
		*(int *)dst = (int)val;
		return HALO_OK;
	}
	if (!parse_seconds(v, &val) || val < f->min || val > f->max)
		return ld_fail(ld, n, "%s must be a number of seconds from %ld "
		               "to %ld (got %s)", f->name, f->min / 1000,
		               f->max / 1000, shown(v, b, sizeof b));
	*(long *)dst = val;
	return HALO_OK;
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
		return text_set(ld, n, f->name, at);
	if (node_is_null(n))
		return HALO_OK;
	st = node_text(ld, n, f->name, &v);
	if (st != HALO_OK)
		return st;
	if (f->type == F_INT || f->type == F_SECONDS)
		return number_set(ld, f, n, v, at);
	if (f->type == F_PATH) {
		copy = path_expand(v);
		st = copy ? HALO_OK : HALO_ENOMEM;
	} else {
		st = url_check(f->name, v, f->type == F_BASE_URL, &copy, msg,
		               sizeof msg);
	}
	if (st == HALO_ENOMEM)
		return ld_nomem(ld);
	if (st != HALO_OK)
		return ld_fail(ld, n, "%s", msg);
	str_take(at, copy);
	return HALO_OK;
}

/* ---- Sections ----------------------------------------------------------- */

static enum halo_status profile_parse(const struct loader *ld, const char *name,
                                      const yaml_node_t *m,
                                      struct settings *dst)
{
	const char *names[NFIELDS], *key;
	const yaml_node_t *secret = NULL, *cmd = NULL;
	const yaml_node_pair_t *p;
	enum halo_status st;
	char where[128], b[81];
	size_t i;

	shown(name, b, sizeof b);
	snprintf(where, sizeof where, " in profile '%s'", b);
	if (node_is_null(m))
		return HALO_OK;
	if (m->type != YAML_MAPPING_NODE)
		return ld_fail(ld, m, "profile '%s' must be a mapping of settings "
		               "(base_url: ...), not %s", b, node_kind(m));
	for (i = 0; i < NFIELDS; i++)
		names[i] = profile_fields[i].name;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const yaml_node_t *k = ld_node(ld, p->key);
		const yaml_node_t *v = ld_node(ld, p->value);

		st = pair_key(ld, m, p, where, &key);
		if (st != HALO_OK)
			return st;
		for (i = 0; i < NFIELDS && strcmp(key, names[i]); i++)
			;
		if (i == NFIELDS)
			return unknown_key(ld, k, key, where, names, NFIELDS);
		st = field_set(ld, &profile_fields[i], v, dst);
		if (st != HALO_OK)
			return st;
		if (!strcmp(key, "client_secret") && !node_is_null(v))
			secret = k;
		if (!strcmp(key, "client_secret_cmd") && !node_is_null(v))
			cmd = k;
	}
	if (secret && cmd)
		return ld_fail(ld, secret->start_mark.line > cmd->start_mark.line ?
		               secret : cmd, "profile '%s' sets both client_secret "
		               "and client_secret_cmd; keep one", b);
	return HALO_OK;
}

/* "a, b, c": the profile names, for "not found" messages. */
static void profile_list(const struct loader *ld, const yaml_node_t *m,
                         char *out, size_t n)
{
	const yaml_node_pair_t *p;
	size_t used = 0;
	char b[41];

	out[0] = '\0';
	for (p = m->data.mapping.pairs.start;
	     p < m->data.mapping.pairs.top && used < n; p++) {
		const yaml_node_t *k = ld_node(ld, p->key);

		if (k->type != YAML_SCALAR_NODE)
			continue;
		used += (size_t)snprintf(out + used, n - used, "%s%s",
		                         used ? ", " : "",
		                         shown((const char *)k->data.scalar.value,
		                               b, sizeof b));
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
	if (def && !node_is_null(def))
		return node_text(ld, def, "default_profile", pick);
	if (!m || map_len(m) == 0)
		return HALO_OK;
	if (map_len(m) > 1) {
		profile_list(ld, m, list, sizeof list);
		return ld_fail(ld, m, "%zu profiles (%s) and no default_profile; "
		               "add default_profile: NAME at the top level or "
		               "choose one with -p", map_len(m), list);
	}
	k = ld_node(ld, m->data.mapping.pairs.start->key);
	if (k->type == YAML_SCALAR_NODE)
		*pick = (const char *)k->data.scalar.value;
	return HALO_OK;
}

static enum halo_status profile_missing(const struct loader *ld,
                                        const yaml_node_t *m, const char *want,
                                        const yaml_node_t *def, bool from_p)
{
	char list[400], b[81];

	shown(want, b, sizeof b);
	if (!m || map_len(m) == 0)
		snprintf(list, sizeof list, "it has no profiles");
	else {
		snprintf(list, sizeof list, "profiles: ");
		profile_list(ld, m, list + 10, sizeof list - 10);
	}
	if (!from_p)
		return ld_fail(ld, def, "default_profile '%s' is not a profile "
		               "(%s)", b, list);
	return errbuf_set(ld->err, HALO_ECONFIG, "%s: profile '%s' not found "
	                  "(%s)", ld->path, b, list);
}

/* Checks every profile (a typo in one is reported even when another is
 * used) and loads the chosen one into s. */
static enum halo_status profiles_parse(const struct loader *ld,
                                       const yaml_node_t *m, const char *want,
                                       const yaml_node_t *def,
                                       struct settings *s)
{
	const yaml_node_pair_t *p;
	const char *pick, *name;
	enum halo_status st;

	if (m && node_is_null(m))
		m = NULL;
	if (m && m->type != YAML_MAPPING_NODE)
		return ld_fail(ld, m, "profiles must be a mapping of profile names "
		               "to settings, not %s", node_kind(m));
	if (m && map_len(m) > MAX_PROFILES)
		return ld_fail(ld, m, "too many profiles (at most %d)",
		               MAX_PROFILES);
	st = profile_pick(ld, m, want, def, &pick);
	for (p = m ? m->data.mapping.pairs.start : NULL;
	     st == HALO_OK && m && p < m->data.mapping.pairs.top; p++) {
		struct settings scratch;
		bool chosen;

		st = pair_key(ld, m, p, " in profiles", &name);
		if (st != HALO_OK)
			break;
		chosen = pick && !s->profile && !strcmp(name, pick);
		settings_init(&scratch);
		st = profile_parse(ld, name, ld_node(ld, p->value),
		                   chosen ? s : &scratch);
		settings_done(&scratch);
		if (st == HALO_OK && chosen) {
			s->profile = strdup(name);
			if (!s->profile)
				st = ld_nomem(ld);
		}
	}
	if (st == HALO_OK && pick && !s->profile)
		st = profile_missing(ld, m, pick, def, want != NULL);
	return st;
}

static enum halo_status key_add(const struct loader *ld, const char *action,
                                const yaml_node_t *n, struct settings *s)
{
	struct settings_key *k;
	const char *v;
	enum halo_status st;
	char b[81];

	if (node_is_null(n))
		return ld_fail(ld, n, "empty key name for '%s'",
		               shown(action, b, sizeof b));
	st = node_text(ld, n, "a key name", &v);
	if (st != HALO_OK)
		return st;
	if (s->nkeys >= MAX_KEYS)
		return ld_fail(ld, n, "too many key bindings (at most %d)",
		               MAX_KEYS);
	k = realloc(s->keys, (s->nkeys + 1) * sizeof *k);
	if (!k)
		return ld_nomem(ld);
	s->keys = k;
	k += s->nkeys;
	k->action = strdup(action);
	k->key = strdup(v);
	k->line = (int)n->start_mark.line + 1;
	k->col = (int)n->start_mark.column + 1;
	s->nkeys++;
	return k->action && k->key ? HALO_OK : ld_nomem(ld);
}

/* keys: action-name: KEY or [KEY, ...]; the front end checks the names. */
static enum halo_status keys_parse(const struct loader *ld,
                                   const yaml_node_t *m, struct settings *s)
{
	const yaml_node_pair_t *p;
	const yaml_node_item_t *it;
	enum halo_status st = HALO_OK;
	const char *action;
	char b[81];

	if (!m || node_is_null(m))
		return HALO_OK;
	if (m->type != YAML_MAPPING_NODE)
		return ld_fail(ld, m, "keys must be a mapping of action names to "
		               "keys, not %s", node_kind(m));
	for (p = m->data.mapping.pairs.start;
	     st == HALO_OK && p < m->data.mapping.pairs.top; p++) {
		const yaml_node_t *v = ld_node(ld, p->value);

		st = pair_key(ld, m, p, " in keys", &action);
		if (st != HALO_OK || node_is_null(v))
			continue;
		if (v->type == YAML_SCALAR_NODE) {
			st = key_add(ld, action, v, s);
			continue;
		}
		shown(action, b, sizeof b);
		if (v->type != YAML_SEQUENCE_NODE)
			return ld_fail(ld, v, "keys for '%s' must be a key name or a "
			               "list of key names, not %s", b, node_kind(v));
		it = v->data.sequence.items.start;
		if (it == v->data.sequence.items.top)
			return ld_fail(ld, v, "keys for '%s' is an empty list; give "
			               "at least one key", b);
		for (; st == HALO_OK && it < v->data.sequence.items.top; it++)
			st = key_add(ld, action, ld_node(ld, *it), s);
	}
	return st;
}

static enum halo_status filters_parse(const struct loader *ld,
                                      const yaml_node_t *m,
                                      struct settings_view *v)
{
	const yaml_node_pair_t *p;
	struct settings_kv *kv;
	const char *key, *val;
	enum halo_status st;

	if (node_is_null(m))
		return HALO_OK;
	if (m->type != YAML_MAPPING_NODE)
		return ld_fail(ld, m, "filters must be a mapping (field: value), "
		               "not %s", node_kind(m));
	if (map_len(m) > MAX_FILTERS)
		return ld_fail(ld, m, "too many filters (at most %d)", MAX_FILTERS);
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const yaml_node_t *n = ld_node(ld, p->value);

		st = pair_key(ld, m, p, " in filters", &key);
		if (st == HALO_OK && !node_is_null(n))
			st = node_text(ld, n, "a filter value", &val);
		if (st != HALO_OK)
			return st;
		if (node_is_null(n))
			continue;
		kv = realloc(v->filters, (v->nfilters + 1) * sizeof *kv);
		if (!kv)
			return ld_nomem(ld);
		v->filters = kv;
		kv += v->nfilters++;
		kv->key = strdup(key);
		kv->value = strdup(val);
		if (!kv->key || !kv->value)
			return ld_nomem(ld);
	}
	return HALO_OK;
}

static enum halo_status view_parse(const struct loader *ld,
                                   const yaml_node_t *k, const yaml_node_t *m,
                                   struct settings_view *v)
{
	const yaml_node_pair_t *p;
	enum halo_status st = HALO_OK;
	const char *key;
	char where[128], b[81];
	size_t i;

	shown(v->name, b, sizeof b);
	snprintf(where, sizeof where, " in view '%s'", b);
	if (m->type != YAML_MAPPING_NODE && !node_is_null(m))
		return ld_fail(ld, m, "view '%s' must be a mapping (resource: "
		               "...), not %s", b, node_kind(m));
	for (p = node_is_null(m) ? NULL : m->data.mapping.pairs.start;
	     p && st == HALO_OK && p < m->data.mapping.pairs.top; p++) {
		const yaml_node_t *n = ld_node(ld, p->value);

		st = pair_key(ld, m, p, where, &key);
		if (st != HALO_OK)
			break;
		for (i = 0; i < VIEW_N && strcmp(key, view_keys[i]); i++)
			;
		if (i == VIEW_RESOURCE)
			st = text_set(ld, n, "resource", &v->resource);
		else if (i == VIEW_SEARCH)
			st = text_set(ld, n, "search", &v->search);
		else if (i == VIEW_SORT)
			st = text_set(ld, n, "sort", &v->sort);
		else if (i == VIEW_DESC)
			st = bool_set(ld, n, "desc", &v->desc);
		else if (i == VIEW_FILTERS)
			st = filters_parse(ld, n, v);
		else
			st = unknown_key(ld, ld_node(ld, p->key), key, where,
			                 view_keys, VIEW_N);
	}
	if (st == HALO_OK && !v->resource)
		st = ld_fail(ld, k, "view '%s' needs a resource (for example "
		             "resource: tickets)", b);
	return st;
}

static enum halo_status views_parse(const struct loader *ld,
                                    const yaml_node_t *m, struct settings *s)
{
	const yaml_node_pair_t *p;
	struct settings_view *v;
	enum halo_status st;
	const char *name;

	if (!m || node_is_null(m))
		return HALO_OK;
	if (m->type != YAML_MAPPING_NODE)
		return ld_fail(ld, m, "views must be a mapping of view names to "
		               "views, not %s", node_kind(m));
	if (map_len(m) > MAX_VIEWS)
		return ld_fail(ld, m, "too many views (at most %d)", MAX_VIEWS);
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		st = pair_key(ld, m, p, " in views", &name);
		if (st != HALO_OK)
			return st;
		v = realloc(s->views, (s->nviews + 1) * sizeof *v);
		if (!v)
			return ld_nomem(ld);
		s->views = v;
		v += s->nviews++;
		memset(v, 0, sizeof *v);
		v->name = strdup(name);
		if (!v->name)
			return ld_nomem(ld);
		st = view_parse(ld, ld_node(ld, p->key), ld_node(ld, p->value), v);
		if (st != HALO_OK)
			return st;
	}
	return HALO_OK;
}

static enum halo_status root_parse(const struct loader *ld,
                                   const yaml_node_t *root, const char *want,
                                   struct settings *s)
{
	const yaml_node_t *val[TOP_N] = { NULL };
	const yaml_node_pair_t *p;
	enum halo_status st;
	const char *key;
	size_t i;

	if (!root || node_is_null(root))
		return want ? profiles_parse(ld, NULL, want, NULL, s) : HALO_OK;
	if (root->type != YAML_MAPPING_NODE)
		return ld_fail(ld, root, "the top level must be a mapping (key: "
		               "value lines), not %s", node_kind(root));
	for (p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		st = pair_key(ld, root, p, "", &key);
		if (st != HALO_OK)
			return st;
		for (i = 0; i < TOP_N && strcmp(key, top_keys[i]); i++)
			;
		if (i == TOP_N)
			return unknown_key(ld, ld_node(ld, p->key), key, "",
			                   top_keys, TOP_N);
		val[i] = ld_node(ld, p->value);
	}
	/* Top-level theme first: a profile's own theme replaces it. */
	st = val[TOP_THEME] ? text_set(ld, val[TOP_THEME], "theme", &s->theme)
	                    : HALO_OK;
	if (st == HALO_OK && val[TOP_MOUSE])
		st = bool_set(ld, val[TOP_MOUSE], "mouse", &s->mouse);
	if (st == HALO_OK && val[TOP_DEFAULT] && !node_is_null(val[TOP_DEFAULT]))
		st = node_text(ld, val[TOP_DEFAULT], "default_profile", &key);
	if (st == HALO_OK)
		st = profiles_parse(ld, val[TOP_PROFILES], want, val[TOP_DEFAULT],
		                    s);
	if (st == HALO_OK)
		st = keys_parse(ld, val[TOP_KEYS], s);
	if (st == HALO_OK)
		st = views_parse(ld, val[TOP_VIEWS], s);
	return st;
}

/* ---- Reading the file --------------------------------------------------- */

/* Whether any profile holds a literal client_secret (types unchecked: the
 * full parse reports those). */
static bool doc_has_secret(const struct loader *ld, const yaml_node_t *root)
{
	const yaml_node_t *m = map_get(ld, root, "profiles");
	const yaml_node_pair_t *p;
	const yaml_node_t *v;

	if (!m || m->type != YAML_MAPPING_NODE)
		return false;
	for (p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		v = map_get(ld, ld_node(ld, p->value), "client_secret");
		if (v && !node_is_null(v))
			return true;
	}
	return false;
}

/* A shell word for the chmod hint: quoted when the path needs it. */
static void shell_word(const char *in, char *out, size_t n)
{
	size_t used = 0;

	if (in[strspn(in, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                  "0123456789_./-+,:@%")] == '\0') {
		snprintf(out, n, "%s", in);
		return;
	}
	out[used++] = '\'';
	for (; *in && used + 6 < n; in++) {
		if (*in == '\'') {
			memcpy(out + used, "'\\''", 4);
			used += 4;
		} else {
			out[used++] = *in;
		}
	}
	out[used++] = '\'';
	out[used] = '\0';
}

/* Like ssh with a private key: a readable secret is refused outright, with
 * the command that fixes it. */
static enum halo_status mode_check(const struct loader *ld, mode_t mode)
{
	char word[600];

	if ((mode & 077) == 0)
		return HALO_OK;
	shell_word(ld->path, word, sizeof word);
	return errbuf_set(ld->err, HALO_ECONFIG, "%s: holds client_secret but "
	                  "is %s by group or others (mode %04o); run: chmod 600 "
	                  "%s", ld->path, (mode & 044) ? "readable" : "writable",
	                  (unsigned)(mode & 07777), word);
}

/* libyaml's reader reports a byte offset; editors want line:col. */
static yaml_mark_t offset_mark(const unsigned char *buf, size_t len,
                               size_t off)
{
	yaml_mark_t m = { 0, 0, 0 };
	size_t i;

	for (i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if ((buf[i] & 0xc0) != 0x80) {
			m.column++;
		}
	}
	m.index = off;
	return m;
}

static enum halo_status yaml_fail(const char *path, const yaml_parser_t *p,
                                  const unsigned char *buf, size_t len,
                                  struct errbuf *err)
{
	const char *problem = p->problem ? p->problem : "cannot parse";
	yaml_mark_t m;
	char ctx[160] = "";

	if (p->error == YAML_MEMORY_ERROR)
		return errbuf_set(err, HALO_ENOMEM, "%s: out of memory", path);
	if (p->error == YAML_READER_ERROR) {
		m = offset_mark(buf, len, p->problem_offset);
		if (p->problem_value >= 0)
			return fail_at(err, path, &m, "invalid YAML: %s (byte "
			               "0x%02x)", problem,
			               (unsigned)p->problem_value & 0xffu);
		return fail_at(err, path, &m, "invalid YAML: %s", problem);
	}
	if (p->context)
		snprintf(ctx, sizeof ctx, " (%s at %zu:%zu)", p->context,
		         p->context_mark.line + 1, p->context_mark.column + 1);
	return fail_at(err, path, &p->problem_mark, "invalid YAML: %s%s",
	               problem, ctx);
}

/* libyaml frees its buffers without clearing them; they hold the file,
 * secret and all. */
static void parser_wipe(yaml_parser_t *p)
{
	if (p->buffer.start)
		OPENSSL_cleanse(p->buffer.start,
		                (size_t)(p->buffer.end - p->buffer.start));
	if (p->raw_buffer.start)
		OPENSSL_cleanse(p->raw_buffer.start,
		                (size_t)(p->raw_buffer.end - p->raw_buffer.start));
	yaml_parser_delete(p);
}

static void doc_wipe(yaml_document_t *doc)
{
	yaml_node_t *n;

	for (n = doc->nodes.start; n < doc->nodes.top; n++)
		if (n->type == YAML_SCALAR_NODE && n->data.scalar.value)
			OPENSSL_cleanse(n->data.scalar.value, n->data.scalar.length);
	yaml_document_delete(doc);
}

/* A first pass over the events: syntax errors, one document only, and a
 * depth limit, so the document loader never builds something absurd. */
static enum halo_status yaml_scan(const char *path, const unsigned char *buf,
                                  size_t len, struct errbuf *err)
{
	enum halo_status st = HALO_OK;
	yaml_parser_t p;
	yaml_event_t ev;
	int depth = 0, docs = 0;
	bool done = false;

	if (!yaml_parser_initialize(&p))
		return errbuf_set(err, HALO_ENOMEM, "%s: out of memory", path);
	yaml_parser_set_input_string(&p, buf, len);
	while (st == HALO_OK && !done) {
		if (!yaml_parser_parse(&p, &ev)) {
			st = yaml_fail(path, &p, buf, len, err);
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1)
			st = fail_at(err, path, &ev.start_mark, "a second YAML "
			             "document; the config is one document");
		else if ((ev.type == YAML_MAPPING_START_EVENT ||
		          ev.type == YAML_SEQUENCE_START_EVENT) &&
		         ++depth > CONFIG_MAX_DEPTH)
			st = fail_at(err, path, &ev.start_mark, "nested more than "
			             "%d levels deep", CONFIG_MAX_DEPTH);
		else if (ev.type == YAML_MAPPING_END_EVENT ||
		         ev.type == YAML_SEQUENCE_END_EVENT)
			depth--;
		else if (ev.type == YAML_SCALAR_EVENT)
			OPENSSL_cleanse(ev.data.scalar.value, ev.data.scalar.length);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	parser_wipe(&p);
	return st;
}

static enum halo_status parse_buffer(struct settings *s, const char *want,
                                     const unsigned char *buf, size_t len,
                                     mode_t mode, struct errbuf *err)
{
	struct loader ld = { s->path, NULL, err };
	yaml_document_t doc;
	yaml_parser_t p;
	yaml_node_t *root;
	enum halo_status st;

	st = yaml_scan(s->path, buf, len, err);
	if (st != HALO_OK)
		return st;
	if (!yaml_parser_initialize(&p))
		return errbuf_set(err, HALO_ENOMEM, "%s: out of memory", s->path);
	yaml_parser_set_input_string(&p, buf, len);
	if (!yaml_parser_load(&p, &doc)) {
		st = yaml_fail(s->path, &p, buf, len, err);
		parser_wipe(&p);
		return st;
	}
	ld.doc = &doc;
	root = yaml_document_get_root_node(&doc);
	if (root && doc_has_secret(&ld, root))
		st = mode_check(&ld, mode);
	if (st == HALO_OK)
		st = root_parse(&ld, root, want, s);
	doc_wipe(&doc);
	parser_wipe(&p);
	return st;
}

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
	str_take(dst, copy);
	return HALO_OK;
}

/* The environment wins over the file, so halotui runs with no file. */
static enum halo_status env_apply(struct settings *s, struct errbuf *err)
{
	const char *v = env_get("HALOPSA_BASE_URL");
	enum halo_status st;
	char msg[600], *url = NULL;

	if (v) {
		st = url_check("HALOPSA_BASE_URL", v, true, &url, msg, sizeof msg);
		if (st == HALO_ENOMEM)
			return errbuf_set(err, st, "out of memory");
		if (st != HALO_OK)
			return errbuf_set(err, st, "%s", msg);
		str_take(&s->base_url, url);
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
		st = parse_buffer(s, profile, buf, len, mode, err);
		OPENSSL_cleanse(buf, len);
		free(buf);
	} else {
		if (profile)
			st = errbuf_set(err, HALO_ECONFIG, "profile '%s' not found: "
			                "no config file (%s)",
			                shown(profile, b, sizeof b),
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
		         shown(s->profile, b, sizeof b), s->path);
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

/* ---- client_secret_cmd -------------------------------------------------- */

/* The command gets default signal handling and an empty mask, whatever
 * the front end set up (a SIGPIPE ignored for curl, say). */
static int secret_attr(posix_spawnattr_t *attr)
{
	sigset_t none, pipe_set;
	int rc;

	sigemptyset(&none);
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	rc = posix_spawnattr_setsigmask(attr, &none);
	if (rc == 0)
		rc = posix_spawnattr_setsigdefault(attr, &pipe_set);
	if (rc == 0)
		rc = posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGMASK |
		                              POSIX_SPAWN_SETSIGDEF);
	return rc;
}

static enum halo_status secret_spawn(const char *cmd, int wfd, pid_t *pid,
                                     struct errbuf *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char sh[] = "sh", dash_c[] = "-c";
	char *argv[4];
	int rc;

	argv[0] = sh;
	argv[1] = dash_c;
	argv[2] = (char *)cmd;
	argv[3] = NULL;
	if (posix_spawn_file_actions_init(&fa))
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	if (posix_spawnattr_init(&attr)) {
		posix_spawn_file_actions_destroy(&fa);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, wfd, 1);
	if (rc == 0)
		rc = secret_attr(&attr);
	if (rc == 0)
		rc = posix_spawn(pid, "/bin/sh", &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		return errbuf_set(err, HALO_ECONFIG, "cannot run client_secret_cmd "
		                  "with /bin/sh: %s", strerror(rc));
	return HALO_OK;
}

/* Up to max bytes into buf; the rest (to a cap) is read and dropped so
 * that a chatty command still exits normally. */
static size_t secret_read(int fd, char *buf, size_t max)
{
	char sink[512];
	size_t len = 0, drained = 0;
	ssize_t got;

	for (;;) {
		if (len < max)
			got = read(fd, buf + len, max - len);
		else if (drained < SECRET_DRAIN_MAX)
			got = read(fd, sink, sizeof sink);
		else
			break;
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (len < max)
			len += (size_t)got;
		else
			drained += (size_t)got;
	}
	OPENSSL_cleanse(sink, sizeof sink);
	return len;
}

static int secret_wait(pid_t pid)
{
	int status = 0;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* Never quotes the output: it may be the secret, or part of it. */
static enum halo_status secret_check(const struct settings *s, int status,
                                     size_t line, bool too_long,
                                     struct errbuf *err)
{
	char b[81], where[600] = "";

	if (s->profile && s->path)
		snprintf(where, sizeof where, " of profile '%s' in %s",
		         shown(s->profile, b, sizeof b), s->path);
	shown(s->client_secret_cmd, b, sizeof b);
	if (status < 0)
		return errbuf_set(err, HALO_ECONFIG, "client_secret_cmd '%s'%s: "
		                  "cannot wait for it", b, where);
	if (WIFSIGNALED(status))
		return errbuf_set(err, HALO_ECONFIG, "client_secret_cmd '%s'%s "
		                  "was killed by signal %d", b, where,
		                  WTERMSIG(status));
	if (WEXITSTATUS(status) != 0)
		return errbuf_set(err, HALO_ECONFIG, "client_secret_cmd '%s'%s "
		                  "failed (exit status %d)", b, where,
		                  WEXITSTATUS(status));
	if (too_long)
		return errbuf_set(err, HALO_ECONFIG, "client_secret_cmd '%s'%s "
		                  "printed a first line longer than %d bytes "
		                  "(exit status 0)", b, where, SECRET_MAX - 1);
	if (line == 0)
		return errbuf_set(err, HALO_ECONFIG, "client_secret_cmd '%s'%s "
		                  "printed nothing on its first line (exit status "
		                  "0)", b, where);
	return HALO_OK;
}

static enum halo_status secret_run(struct settings *s, struct errbuf *err)
{
	char buf[SECRET_MAX];
	enum halo_status st;
	size_t len, line;
	int fds[2], status;
	pid_t pid;

	if (pipe(fds))
		return errbuf_set(err, HALO_EIO, "cannot make a pipe: %s",
		                  strerror(errno));
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	st = secret_spawn(s->client_secret_cmd, fds[1], &pid, err);
	close(fds[1]);
	if (st != HALO_OK) {
		close(fds[0]);
		return st;
	}
	len = secret_read(fds[0], buf, sizeof buf);
	close(fds[0]);
	status = secret_wait(pid);
	line = 0;
	while (line < len && buf[line] != '\n')
		line++;
	if (line > 0 && buf[line - 1] == '\r')
		line--;
	st = secret_check(s, status, line, line == sizeof buf, err);
	if (st == HALO_OK) {
		s->client_secret = strndup(buf, line);
		if (!s->client_secret)
			st = errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	OPENSSL_cleanse(buf, sizeof buf);
	return st;
}

enum halo_status settings_resolve_secret(struct settings *s,
                                         struct errbuf *err)
{
	if (s->client_secret || !s->client_secret_cmd)
		return HALO_OK;
	return secret_run(s, err);
}
