/* SPDX-License-Identifier: MIT */
/* Shared by the settings_*.c files only; the contract for everyone else is
 * settings.h. The cfg_ names are private to the settings module:
 *   settings.c          defaults, file reading, environment, session checks
 *   settings_yaml.c     libyaml documents: nodes, marks, messages, scalars
 *   settings_profile.c  a profile's fields, URL checks, which profile is used
 *   settings_sections.c the top level, keys: and views:
 *   settings_secret.c   the permission check and client_secret_cmd */
#ifndef HALO_SETTINGS_PRIVATE_H
#define HALO_SETTINGS_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <yaml.h>

#include "errbuf.h"
#include "settings.h"
#include "yamlx.h"

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

/* One loaded document and where its errors go. */
struct loader {
	const char *path;
	yaml_document_t *doc;
	struct errbuf *err;
};

/* ---- settings.c ---- */

/* Replaces *dst with v (owned), wiping the old text: it may be a secret. */
void cfg_str_take(char **dst, char *v);

/* ---- settings_yaml.c: messages (yamlx.h has the file:line:col ones) ---- */

/* "path:line:col: message" (yamlx_fail_at) at the start of node n. */
enum halo_status cfg_fail(const struct loader *ld, const yaml_node_t *n,
                          const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "path: out of memory" as HALO_ENOMEM. */
enum halo_status cfg_nomem(const struct loader *ld);

/* "unknown key 'x'<where> (did you mean y?)": the nearest of the n known
 * keys when it is a typo away, else the list of known keys. */
enum halo_status cfg_unknown_key(const struct loader *ld,
                                 const yaml_node_t *k, const char *word,
                                 const char *where,
                                 const char *const *known, size_t n);

/* ---- settings_yaml.c: nodes ---- */

yaml_node_t *cfg_node(const struct loader *ld, int id);

/* "a mapping", "a list" or "a single value", for messages. */
const char *cfg_kind(const yaml_node_t *n);

/* Empty, ~ and null mean "not set", as when the line is left out. */
bool cfg_is_null(const yaml_node_t *n);

/* The text of a node that must be a single value without control
 * characters; *out points into the document. */
enum halo_status cfg_text(const struct loader *ld, const yaml_node_t *n,
                          const char *what, const char **out);

/* The key of pair p of mapping m: a non-empty single value that m has not
 * used before. `where` (" in views") ends the messages. */
enum halo_status cfg_pair_key(const struct loader *ld, const yaml_node_t *m,
                              const yaml_node_pair_t *p, const char *where,
                              const char **out);

/* The value for key `key` in mapping m, or NULL (also when m is not a
 * mapping). */
const yaml_node_t *cfg_map_get(const struct loader *ld,
                               const yaml_node_t *m, const char *key);

/* The number of pairs of mapping m. */
size_t cfg_map_len(const yaml_node_t *m);

/* ---- settings_yaml.c: typed scalars (a null node leaves *dst alone) ---- */

/* A copy of the text into *dst (the old value freed and wiped). */
enum halo_status cfg_text_set(const struct loader *ld, const yaml_node_t *n,
                              const char *what, char **dst);

/* true/yes/on or false/no/off, in any case. */
enum halo_status cfg_bool_set(const struct loader *ld, const yaml_node_t *n,
                              const char *what, bool *dst);

/* ---- settings_yaml.c: the file ---- */

/* Checks the syntax, loads the document and fills s (s->path names the
 * file in messages) from the profile `want`; mode and owner are the
 * file's, for cfg_perm_check. The buffer is not kept; libyaml's copies of
 * it are wiped. */
enum halo_status cfg_parse_buffer(struct settings *s, const char *want,
                                  const unsigned char *buf, size_t len,
                                  mode_t mode, uid_t owner,
                                  struct errbuf *err);

/* The same for a views file (views.yaml) named path: its views are added
 * to s (settings_load_views). */
enum halo_status cfg_parse_views_buffer(struct settings *s, const char *path,
                                        const unsigned char *buf, size_t len,
                                        struct errbuf *err);

/* ---- settings_profile.c ---- */

/* Checks an http(s) URL and returns a copy without trailing slashes. With
 * strip_api a trailing "/api" goes too. HALO_ECONFIG with msg set when the
 * URL is bad, HALO_ENOMEM without. `what` names the URL in msg. */
enum halo_status cfg_url_check(const char *what, const char *url,
                               bool strip_api, char **out,
                               char *msg, size_t msglen);

/* Checks every profile of mapping m (NULL: none) and loads the chosen one
 * (want, else default_profile node def, else the only one) into s. */
enum halo_status cfg_profiles_parse(const struct loader *ld,
                                    const yaml_node_t *m, const char *want,
                                    const yaml_node_t *def,
                                    struct settings *s);

/* ---- settings_sections.c ---- */

/* The whole document from its root node (NULL when empty) into s. */
enum halo_status cfg_root_parse(const struct loader *ld,
                                const yaml_node_t *root, const char *want,
                                struct settings *s);

/* A views file's document: a top-level views: mapping whose views are
 * added to s's, replacing those of the same name. */
enum halo_status cfg_views_file_parse(const struct loader *ld,
                                      const yaml_node_t *root,
                                      struct settings *s);

/* ---- settings_secret.c ---- */

/* Whether any profile sets key (client_secret, client_secret_cmd,
 * password_cmd; types unchecked: the full parse reports those). */
bool cfg_has_key(const struct loader *ld, const yaml_node_t *root,
                 const char *key);

/* The way ssh treats a private key or its config: a file holding a
 * literal client_secret must be readable and writable by its owner only;
 * one holding a command halotui runs (cmd: its key, client_secret_cmd or
 * password_cmd; NULL when none) writable by its owner only; and either
 * must belong to the user or to root. Refused with the chmod or chown
 * that fixes it. */
enum halo_status cfg_perm_check(const struct loader *ld, mode_t mode,
                                uid_t owner, bool secret, const char *cmd);

#endif
