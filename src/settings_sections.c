/* SPDX-License-Identifier: MIT */
/* The top level of the settings file and its keys: and views: sections;
 * profiles are in settings_profile.c. */
#include "config.h"
#include "settings_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "filter.h"
#include "parse.h"
#include "resource.h"

enum { TOP_DEFAULT, TOP_PROFILES, TOP_THEME, TOP_MOUSE, TOP_KEYS, TOP_VIEWS,
       TOP_OSC52, TOP_HYPERLINKS, TOP_N };
static const char *const top_keys[TOP_N] = {
	"default_profile", "profiles", "theme", "mouse", "keys", "views",
	"osc52", "hyperlinks",
};

enum { VIEW_RESOURCE, VIEW_SEARCH, VIEW_FILTERS, VIEW_SORT, VIEW_DESC,
       VIEW_N };
static const char *const view_keys[VIEW_N] = {
	"resource", "search", "filters", "sort", "desc",
};

/* hyperlinks: auto, on or off (true and false too). */
static enum halo_status hyperlinks_set(const struct loader *ld,
                                       const yaml_node_t *n,
                                       struct settings *s)
{
	static const char *const names[] = { "auto", "on", "off" };
	const char *v;
	enum halo_status st;
	char b[81];
	bool flag;

	if (cfg_is_null(n))
		return HALO_OK;
	st = cfg_text(ld, n, "hyperlinks", &v);
	if (st != HALO_OK)
		return st;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(v, names[i]) == 0) {
			s->hyperlinks = (enum hyperlinks_mode)i;
			return HALO_OK;
		}
	if (parse_bool(v, &flag) == 0) {
		s->hyperlinks = flag ? HYPERLINKS_ON : HYPERLINKS_OFF;
		return HALO_OK;
	}
	return cfg_fail(ld, n, "hyperlinks must be auto, on or off (got %s)",
	                yamlx_shown(v, b, sizeof b));
}

static enum halo_status key_add(const struct loader *ld, const char *action,
                                const yaml_node_t *n, struct settings *s)
{
	struct settings_key *k;
	const char *v;
	enum halo_status st;
	char b[81];

	if (cfg_is_null(n))
		return cfg_fail(ld, n, "empty key name for '%s'",
		                yamlx_shown(action, b, sizeof b));
	st = cfg_text(ld, n, "a key name", &v);
	if (st != HALO_OK)
		return st;
	if (s->nkeys >= MAX_KEYS)
		return cfg_fail(ld, n, "too many key bindings (at most %d)",
		                MAX_KEYS);
	k = realloc(s->keys, (s->nkeys + 1) * sizeof *k);
	if (!k)
		return cfg_nomem(ld);
	s->keys = k;
	k += s->nkeys;
	k->action = strdup(action);
	k->key = strdup(v);
	k->line = (int)n->start_mark.line + 1;
	k->col = (int)n->start_mark.column + 1;
	s->nkeys++;
	return k->action && k->key ? HALO_OK : cfg_nomem(ld);
}

/* keys: action-name: KEY or [KEY, ...]; the front end checks the names. */
static enum halo_status keys_parse(const struct loader *ld,
                                   const yaml_node_t *m, struct settings *s)
{
	struct yamlx_pairs pi;
	const yaml_node_item_t *it;
	enum halo_status st = HALO_OK;
	const char *action;
	char b[81];

	if (!m || cfg_is_null(m))
		return HALO_OK;
	if (m->type != YAML_MAPPING_NODE)
		return cfg_fail(ld, m, "keys must be a mapping of action names to "
		                "keys, not %s", cfg_kind(m));
	yamlx_pairs_init(&pi, ld->doc, m);
	while (st == HALO_OK && yamlx_pairs_next(&pi)) {
		const yaml_node_t *v = pi.value;

		st = cfg_pair_key(ld, m, pi.pair, " in keys", &action);
		if (st != HALO_OK || cfg_is_null(v))
			continue;
		if (v->type == YAML_SCALAR_NODE) {
			st = key_add(ld, action, v, s);
			continue;
		}
		yamlx_shown(action, b, sizeof b);
		if (v->type != YAML_SEQUENCE_NODE)
			return cfg_fail(ld, v, "keys for '%s' must be a key name or a "
			                "list of key names, not %s", b, cfg_kind(v));
		it = v->data.sequence.items.start;
		if (it == v->data.sequence.items.top)
			return cfg_fail(ld, v, "keys for '%s' is an empty list; give "
			                "at least one key", b);
		for (; st == HALO_OK && it < v->data.sequence.items.top; it++)
			st = key_add(ld, action, cfg_node(ld, *it), s);
	}
	return st;
}

/* One value of filter `key` as written at node n. */
static enum halo_status filter_add(const struct loader *ld, const char *key,
                                   const yaml_node_t *n, const char *val,
                                   struct settings_view *v)
{
	struct settings_kv *kv;

	if (v->nfilters >= MAX_FILTERS)
		return cfg_fail(ld, n, "too many filter values in a view (at "
		                "most %d)", MAX_FILTERS);
	kv = realloc(v->filters, (v->nfilters + 1) * sizeof *kv);
	if (!kv)
		return cfg_nomem(ld);
	v->filters = kv;
	kv += v->nfilters++;
	kv->key = strdup(key);
	kv->value = strdup(val);
	kv->line = (int)n->start_mark.line + 1;
	kv->col = (int)n->start_mark.column + 1;
	if (!kv->key || !kv->value)
		return cfg_nomem(ld);
	return HALO_OK;
}

/* One value of filter f checked as the filter grammar reads it (yes/no
 * words; "me" and names are resolved when the view is opened). */
static enum halo_status filter_value(const struct loader *ld,
                                     const struct resource *res,
                                     const char *key, const yaml_node_t *n,
                                     const char *view, struct settings_view *v)
{
	struct filter_value fv;
	struct errbuf e;
	const char *val;
	enum halo_status st = cfg_text(ld, n, "a filter value", &val);

	if (st != HALO_OK)
		return st;
	errbuf_clear(&e);
	if (filter_parse(res, key, val, &fv, &e) != HALO_OK)
		return cfg_fail(ld, n, "view '%s': %s", view, e.msg);
	return filter_add(ld, key, n, val, v);
}

/* A filter of the view's resource: a single value, or a list of values
 * for a filter that takes several (status: [New, "In Progress"]). */
static enum halo_status filter_parse_node(const struct loader *ld,
                                          const struct resource *res,
                                          const yaml_node_t *k,
                                          const char *key,
                                          const yaml_node_t *n,
                                          const char *view,
                                          struct settings_view *v)
{
	const struct filter_def *f = resource_filter(res, key);
	const yaml_node_item_t *it;
	size_t count;
	enum halo_status st = HALO_OK;
	char known[400], b[81];

	if (!f) {
		filter_names(res, known, sizeof known);
		return cfg_fail(ld, k, "view '%s': unknown filter '%s' for %s; "
		                "known filters: %s", view,
		                yamlx_shown(key, b, sizeof b), res->name, known);
	}
	if (cfg_is_null(n))
		return HALO_OK;
	if (n->type != YAML_SEQUENCE_NODE)
		return filter_value(ld, res, key, n, view, v);
	it = n->data.sequence.items.start;
	count = (size_t)(n->data.sequence.items.top - it);
	if (!count)
		return cfg_fail(ld, n, "view '%s': filter %s is an empty list; "
		                "give at least one value", view, f->name);
	if (count > 1 && !f->many)
		return cfg_fail(ld, n, "view '%s': filter %s takes one value, "
		                "not a list", view, f->name);
	for (; st == HALO_OK && it < n->data.sequence.items.top; it++)
		st = filter_value(ld, res, key, cfg_node(ld, *it), view, v);
	return st;
}

static enum halo_status filters_parse(const struct loader *ld,
                                      const struct resource *res,
                                      const yaml_node_t *m, const char *view,
                                      struct settings_view *v)
{
	struct yamlx_pairs it;
	const char *key;
	enum halo_status st;

	if (cfg_is_null(m))
		return HALO_OK;
	if (m->type != YAML_MAPPING_NODE)
		return cfg_fail(ld, m, "filters must be a mapping (field: value), "
		                "not %s", cfg_kind(m));
	if (cfg_map_len(m) > MAX_FILTERS)
		return cfg_fail(ld, m, "too many filters (at most %d)", MAX_FILTERS);
	yamlx_pairs_init(&it, ld->doc, m);
	while (yamlx_pairs_next(&it)) {
		st = cfg_pair_key(ld, m, it.pair, " in filters", &key);
		if (st == HALO_OK)
			st = filter_parse_node(ld, res, it.key, key, it.value, view, v);
		if (st != HALO_OK)
			return st;
	}
	return HALO_OK;
}

/* The view's resource, checked before its filters (they are the
 * resource's): NULL when the view names none. */
static enum halo_status view_resource(const struct loader *ld,
                                      const yaml_node_t *m, const char *view,
                                      const struct resource **res)
{
	const yaml_node_t *n = cfg_map_get(ld, m, "resource");
	const char *name;
	enum halo_status st;
	char b[81];

	*res = NULL;
	if (!n || cfg_is_null(n))
		return HALO_OK;
	st = cfg_text(ld, n, "resource", &name);
	if (st != HALO_OK)
		return st;
	*res = resource_find(name);
	if (!*res || !((*res)->flags & RES_BROWSE))
		return cfg_fail(ld, n, "view '%s': unknown resource '%s' (known: "
		                "%s)", view, yamlx_shown(name, b, sizeof b),
		                resource_names());
	return HALO_OK;
}

static enum halo_status view_parse(const struct loader *ld,
                                   const yaml_node_t *k, const yaml_node_t *m,
                                   struct settings_view *v)
{
	const char *known[VIEW_N + MAX_FILTERS];
	const struct resource *res;
	struct yamlx_pairs it;
	enum halo_status st;
	const char *key;
	char where[128], b[81];
	size_t i, nknown = VIEW_N;

	yamlx_shown(v->name, b, sizeof b);
	snprintf(where, sizeof where, " in view '%s'", b);
	v->line = (int)k->start_mark.line + 1;
	v->col = (int)k->start_mark.column + 1;
	if (ld->path && !(v->file = strdup(ld->path)))
		return cfg_nomem(ld);
	if (m->type != YAML_MAPPING_NODE && !cfg_is_null(m))
		return cfg_fail(ld, m, "view '%s' must be a mapping (resource: "
		                "...), not %s", b, cfg_kind(m));
	st = view_resource(ld, m, b, &res);
	if (st != HALO_OK)
		return st;
	for (i = 0; i < VIEW_N; i++)
		known[i] = view_keys[i];
	for (i = 0; res && i < res->nfilters && nknown < VIEW_N + MAX_FILTERS; i++)
		known[nknown++] = res->filters[i].name;
	/* A null view is not a mapping: it has no pairs. */
	yamlx_pairs_init(&it, ld->doc, m);
	while (st == HALO_OK && yamlx_pairs_next(&it)) {
		const yaml_node_t *n = it.value;

		st = cfg_pair_key(ld, m, it.pair, where, &key);
		if (st != HALO_OK)
			break;
		for (i = 0; i < VIEW_N && strcmp(key, view_keys[i]); i++)
			;
		if (i == VIEW_RESOURCE)
			st = cfg_text_set(ld, n, "resource", &v->resource);
		else if (i == VIEW_SEARCH)
			st = cfg_text_set(ld, n, "search", &v->search);
		else if (i == VIEW_SORT)
			st = cfg_text_set(ld, n, "sort", &v->sort);
		else if (i == VIEW_DESC)
			st = cfg_bool_set(ld, n, "desc", &v->desc);
		else if (i == VIEW_FILTERS && res)
			st = filters_parse(ld, res, n, b, v);
		else if (i == VIEW_N && res && resource_filter(res, key))
			/* A filter by its name: agent: me. */
			st = filter_parse_node(ld, res, it.key, key, n, b, v);
		else if (i == VIEW_N)
			st = cfg_unknown_key(ld, it.key, key, where, known, nknown);
	}
	if (st == HALO_OK && !v->resource)
		st = cfg_fail(ld, k, "view '%s' needs a resource (for example "
		              "resource: tickets)", b);
	return st;
}

static enum halo_status views_parse(const struct loader *ld,
                                    const yaml_node_t *m, struct settings *s)
{
	struct yamlx_pairs it;
	struct settings_view *v;
	enum halo_status st;
	const char *name;
	size_t at;

	if (!m || cfg_is_null(m))
		return HALO_OK;
	if (m->type != YAML_MAPPING_NODE)
		return cfg_fail(ld, m, "views must be a mapping of view names to "
		                "views, not %s", cfg_kind(m));
	if (cfg_map_len(m) > MAX_VIEWS)
		return cfg_fail(ld, m, "too many views (at most %d)", MAX_VIEWS);
	yamlx_pairs_init(&it, ld->doc, m);
	while (yamlx_pairs_next(&it)) {
		st = cfg_pair_key(ld, m, it.pair, " in views", &name);
		if (st != HALO_OK)
			return st;
		/* A views file's view replaces the config's of that name. */
		for (at = 0; at < s->nviews && strcmp(s->views[at].name, name); at++)
			;
		if (at < s->nviews) {
			settings_view_done(&s->views[at]);
		} else {
			if (s->nviews >= 2 * MAX_VIEWS)
				return cfg_fail(ld, it.key, "too many views (at most "
				                "%d in each file)", MAX_VIEWS);
			v = realloc(s->views, (s->nviews + 1) * sizeof *v);
			if (!v)
				return cfg_nomem(ld);
			s->views = v;
			s->nviews++;
		}
		v = &s->views[at];
		memset(v, 0, sizeof *v);
		v->name = strdup(name);
		if (!v->name)
			return cfg_nomem(ld);
		st = view_parse(ld, it.key, it.value, v);
		if (st != HALO_OK)
			return st;
	}
	return HALO_OK;
}

enum halo_status cfg_views_file_parse(const struct loader *ld,
                                      const yaml_node_t *root,
                                      struct settings *s)
{
	static const char *const keys[] = { "views" };
	struct yamlx_pairs it;
	enum halo_status st;
	const char *key;

	if (!root || cfg_is_null(root))
		return HALO_OK;
	if (root->type != YAML_MAPPING_NODE)
		return cfg_fail(ld, root, "a views file is a mapping with one key, "
		                "views:, not %s", cfg_kind(root));
	yamlx_pairs_init(&it, ld->doc, root);
	while (yamlx_pairs_next(&it)) {
		st = cfg_pair_key(ld, root, it.pair, "", &key);
		if (st == HALO_OK && strcmp(key, "views") != 0)
			st = cfg_unknown_key(ld, it.key, key, " in a views file",
			                     keys, 1);
		if (st == HALO_OK)
			st = views_parse(ld, it.value, s);
		if (st != HALO_OK)
			return st;
	}
	return HALO_OK;
}

enum halo_status cfg_root_parse(const struct loader *ld,
                                const yaml_node_t *root, const char *want,
                                struct settings *s)
{
	const yaml_node_t *val[TOP_N] = { NULL };
	struct yamlx_pairs it;
	enum halo_status st;
	const char *key;
	size_t i;

	if (!root || cfg_is_null(root))
		return want ? cfg_profiles_parse(ld, NULL, want, NULL, s) : HALO_OK;
	if (root->type != YAML_MAPPING_NODE)
		return cfg_fail(ld, root, "the top level must be a mapping (key: "
		                "value lines), not %s", cfg_kind(root));
	yamlx_pairs_init(&it, ld->doc, root);
	while (yamlx_pairs_next(&it)) {
		st = cfg_pair_key(ld, root, it.pair, "", &key);
		if (st != HALO_OK)
			return st;
		for (i = 0; i < TOP_N && strcmp(key, top_keys[i]); i++)
			;
		if (i == TOP_N)
			return cfg_unknown_key(ld, it.key, key, "", top_keys,
			                       TOP_N);
		val[i] = it.value;
	}
	/* Top-level theme first: a profile's own theme replaces it. */
	st = val[TOP_THEME] ? cfg_text_set(ld, val[TOP_THEME], "theme", &s->theme)
	                    : HALO_OK;
	if (st == HALO_OK && val[TOP_MOUSE])
		st = cfg_bool_set(ld, val[TOP_MOUSE], "mouse", &s->mouse);
	if (st == HALO_OK && val[TOP_OSC52])
		st = cfg_bool_set(ld, val[TOP_OSC52], "osc52", &s->osc52);
	if (st == HALO_OK && val[TOP_HYPERLINKS])
		st = hyperlinks_set(ld, val[TOP_HYPERLINKS], s);
	if (st == HALO_OK && val[TOP_DEFAULT] && !cfg_is_null(val[TOP_DEFAULT]))
		st = cfg_text(ld, val[TOP_DEFAULT], "default_profile", &key);
	if (st == HALO_OK)
		st = cfg_profiles_parse(ld, val[TOP_PROFILES], want, val[TOP_DEFAULT],
		                        s);
	if (st == HALO_OK)
		st = keys_parse(ld, val[TOP_KEYS], s);
	if (st == HALO_OK)
		st = views_parse(ld, val[TOP_VIEWS], s);
	return st;
}
