/* SPDX-License-Identifier: MIT */
/* The configuration: one profile of $XDG_CONFIG_HOME/halotui/config.yaml
 * (or -c FILE), overridden by HALOPSA_* environment variables, so halotui
 * runs with no file at all. (Named settings.h because config.h is the
 * build's generated header.)
 *
 * File shape:
 *   default_profile: work
 *   theme: default            # optional, top level or per profile
 *   mouse: true
 *   osc52: true               # y/Y copy through the terminal
 *   hyperlinks: auto          # OSC 8 links: auto, on or off
 *   profiles:
 *     work:
 *       base_url: https://acme.halopsa.com
 *       tenant: acme                      # optional
 *       client_id: abc
 *       client_secret: xyz                # or client_secret_cmd: "pass halo"
 *       secret_cmd_timeout: 30            # seconds a *_cmd may take
 *       auth: client_credentials          # or authorization_code, password
 *       agent: Ann                        # client_credentials: who "me" is
 *       username: ann                     # auth: password
 *       password_cmd: "pass halo/ann"     # auth: password; else asked
 *       redirect_uri: http://127.0.0.1:8765/callback  # authorization_code
 *       auth_url: https://acme.halopsa.com/auth   # optional
 *       scope: all
 *       ca_file: /etc/ssl/acme.pem
 *       page_size: 50                     # 1..100
 *       connect_timeout: 10               # seconds
 *       request_timeout: 30               # seconds
 *       max_attempts: 5                   # retries included
 *       backoff_max: 60                   # seconds
 *       cache: true                       # tokens, lookups, last rows
 *       rate_limit: 300                   # requests per rate_window
 *       rate_window: 300                  # seconds
 *       read_only: false                  # true: GET only (--read-only too)
 *       refresh_interval: 60              # seconds; 0: no auto-refresh
 *       bell_on_new: false                # bell when new tickets come
 *       attachment_max_mb: 25             # largest file a note may carry
 *   keys:                                  # action name: key or [keys]
 *     quit: q
 *     move-down: [j, Down]
 *   views:
 *     my-open:
 *       resource: tickets
 *       search: printer
 *       agent: me                         # any filter of the resource:
 *       status: [New, "In Progress"]      # an id, a name or a list
 *       filters: {open_only: true}        # the same as a mapping
 *       sort: dateoccurred
 *       desc: true
 *
 * Views saved with :save-view are in $XDG_CONFIG_HOME/halotui/views.yaml
 * (a top-level views: mapping of the same shape), read after the config:
 * a view named there replaces the config's view of that name.
 */
#ifndef HALO_SETTINGS_H
#define HALO_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"
#include "log.h"

struct settings_key {
	char *action;   /* as written in the file */
	char *key;      /* one key name per entry; a list gives several */
	int line, col;  /* where, for error messages from the front end */
};

struct settings_kv {
	char *key;
	char *value;
	int line, col;  /* where the value is written */
};

struct settings_view {
	char *name;
	char *resource;
	char *search;                  /* NULL when absent */
	struct settings_kv *filters;   /* values as strings; a list gives one
	                                * entry per value, under the same key */
	size_t nfilters;
	char *sort;                    /* NULL when absent */
	bool desc;
	char *file;                    /* the file the view is written in */
	int line, col;                 /* where its name is */
};

/* How halotui gets its tokens (auth:). */
/* OSC 8 hyperlinks in the TUI. */
enum hyperlinks_mode {
	HYPERLINKS_AUTO,   /* when the terminal is known to show them */
	HYPERLINKS_ON,
	HYPERLINKS_OFF,
};

enum auth_flow {
	AUTH_CLIENT_CREDENTIALS,  /* the default: one API agent for everyone,
	                           * client id and secret */
	AUTH_CODE,                /* authorization_code with PKCE: the agent
	                           * logs in in a browser (halotui login) */
	AUTH_PASSWORD,            /* the agent's user name and password
	                           * (halotui login) */
};

struct settings {
	char *path;               /* file read, or NULL when none */
	char *profile;            /* profile used, or NULL with no file */
	char **profiles;          /* every profile of the file, in its order
	                           * (the TUI's :profile picker) */
	size_t nprofiles;

	char *base_url;           /* required; no trailing slash */
	char *tenant;             /* NULL when none */
	char *client_id;          /* required to talk to the server */
	char *client_secret;      /* secret: wiped by settings_done */
	char *client_secret_cmd;  /* run by settings_resolve_secret */
	long secret_cmd_timeout_ms; /* default 30000: then the command is stopped
	                           * (client_secret_cmd and password_cmd) */
	enum auth_flow auth;      /* default AUTH_CLIENT_CREDENTIALS; the
	                           * per-user flows need no client secret */
	char *username;           /* AUTH_PASSWORD: NULL when not set */
	char *password_cmd;       /* AUTH_PASSWORD: run by settings_password */
	char *redirect_uri;       /* AUTH_CODE: NULL for a loopback port of
	                           * halotui login's own; kept as written */
	char *agent;              /* AUTH_CLIENT_CREDENTIALS: who "me" is (a
	                           * name or an id), as written; NULL unset */
	char *auth_url;           /* NULL: discover via /api/authinfo */
	char *scope;              /* default "all" */
	char *ca_file;            /* NULL: system store */
	int page_size;            /* default 50, 1..100 */
	long connect_timeout_ms;  /* default 10000 */
	long request_timeout_ms;  /* default 30000 */
	int max_attempts;         /* default 5, 1..20 */
	long backoff_max_ms;      /* default 60000 */
	bool cache;               /* default true: false keeps nothing on
	                           * disk (no token, lookups or rows) */
	int rate_limit;           /* requests per rate_window: default 300 */
	long rate_window_ms;      /* default 300000 (Halo's rolling 5 minutes) */
	bool read_only;           /* default false: true sends nothing but
	                           * GETs to the API (--read-only sets it) */
	int create_source;        /* default 0 (none): the request source id
	                           * stamped on tickets halotui creates
	                           * (Halo's /Lookup?lookupid=22); Halo says
	                           * "Manual" for a ticket without one */
	long refresh_interval_ms; /* default 60000: the TUI re-reads what it
	                           * shows this often; 0 never */
	bool bell_on_new;         /* default false: ring the bell when a
	                           * re-read brings new tickets */
	int attachment_max_mb;    /* default 25: a larger file is not sent */

	char *theme;              /* NULL: "default" */
	bool mouse;               /* default true */
	bool osc52;               /* default true: copy through the terminal
	                           * (OSC 52); false shows the text instead */
	enum hyperlinks_mode hyperlinks;  /* default HYPERLINKS_AUTO */

	struct settings_key *keys;
	size_t nkeys;
	struct settings_view *views;
	size_t nviews;
};

/* Sets every field to its default (no allocation). */
void settings_init(struct settings *s);

/* Loads path (NULL: $XDG_CONFIG_HOME/halotui/config.yaml, else
 * ~/.config/halotui/config.yaml; a missing default file is not an error),
 * picks `profile` (NULL: default_profile, else the only profile), then
 * applies HALOPSA_BASE_URL, HALOPSA_TENANT, HALOPSA_CLIENT_ID and
 * HALOPSA_CLIENT_SECRET. Errors name file:line:col and what to do:
 * a file holding a literal client_secret that group or others can read, or
 * client_secret_cmd and group or others can write, or either and another
 * user (not root) owns it, is refused with the chmod or chown that fixes
 * it; an http:// base_url or auth_url is
 * refused unless its host is loopback; page_size outside 1..100, unknown
 * keys, wrong types and a missing profile are errors.
 * On failure s is left initialised and safe to settings_done. */
enum halo_status settings_load(struct settings *s, const char *path,
                               const char *profile, struct errbuf *err);

/* Checks what a session needs: base_url, client_id and, for
 * client_credentials, a secret (or a client_secret_cmd). Names the
 * missing field and the env var to set. */
enum halo_status settings_check_session(const struct settings *s,
                                        struct errbuf *err);

/* When client_secret is unset and client_secret_cmd is set, runs the
 * command once with /bin/sh -c (stdin from /dev/null), takes the first line
 * of its stdout as the secret. A non-zero exit or empty output is an error
 * that names the command's exit status, never its output. A command still
 * running after secret_cmd_timeout_ms is stopped (SIGTERM, then SIGKILL)
 * and is an error that names client_secret_cmd and the timeout. */
enum halo_status settings_resolve_secret(struct settings *s,
                                         struct errbuf *err);

/* The same; while the command runs, log's `waiting` callback (when log
 * and it are set) hears so from the first second on. */
enum halo_status settings_resolve_secret_logged(struct settings *s,
                                                const struct log_sink *log,
                                                struct errbuf *err);

/* HALO_OK when s lets halotui change something on the server; else
 * HALO_EREADONLY and, in err, "profile 'work' is read-only: nothing was
 * sent (remove read_only or --read-only to make changes)". The worker
 * refuses every API request but a GET with this answer; front ends ask
 * it first, so that a write key or command says so at once. */
enum halo_status settings_check_write(const struct settings *s,
                                      struct errbuf *err);

/* The per-user flows (authorization_code, password): a login kept by
 * halotui login, a refresh token, an optional client secret. */
bool settings_per_user(const struct settings *s);

/* "client_credentials", "authorization_code" or "password". */
const char *settings_auth_name(enum auth_flow flow);

/* Runs password_cmd the way client_secret_cmd runs (its first line, the
 * same timeout, terminal and hardening; messages name password_cmd and
 * never its output) and sets *password (the caller wipes it with
 * auth_wipe_free). HALO_EUSAGE when the profile has no password_cmd. */
enum halo_status settings_password(const struct settings *s,
                                   const struct log_sink *log,
                                   char **password, struct errbuf *err);

/* " in profile 'work' of FILE", or where such a key could be set: for
 * messages that say what to change. */
void settings_where(const struct settings *s, char *out, size_t n);

/* The keys a profile may hold, in the order of the documentation (for
 * the test that the man page and doc/configuration.md name each). */
const char *settings_profile_key(size_t i);   /* NULL past the last */

/* Where :save-view keeps views: $XDG_CONFIG_HOME/halotui/views.yaml.
 * 0, or -1 without a home or when out is too small. */
int settings_views_path(char *out, size_t len);

/* Reads the views of the views file at path (a top-level views: mapping
 * shaped as config.yaml's) into s->views, after those s has; a view named
 * as one s has replaces it. A missing file has none. Errors name
 * path:line:col, as the config's do. */
enum halo_status settings_load_views(struct settings *s, const char *path,
                                     struct errbuf *err);

/* Frees one view's contents. */
void settings_view_done(struct settings_view *v);

/* Frees everything; wipes client_secret with OPENSSL_cleanse first. */
void settings_done(struct settings *s);

#endif
