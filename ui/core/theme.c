/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "theme.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#include "readfile.h"
#include "xdg.h"
#include "yamlx.h"

#define THEME_MAX_BYTES (256 * 1024)

static const struct {
	const char *name;
	unsigned dflt;
} roles[ROLE__COUNT] = {
#define THEME_ROLE_INFO(id, name, dflt) [ROLE_##id] = { name, dflt },
	THEME_ROLES(THEME_ROLE_INFO)
#undef THEME_ROLE_INFO
};

static const char *const colour_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{ "bold", THEME_BOLD },
	{ "dim", THEME_DIM },
	{ "underline", THEME_UNDERLINE },
	{ "reverse", THEME_REVERSE },
	{ "standout", THEME_STANDOUT },
	{ "italic", THEME_ITALIC },
};

/* What a parse walks with: the document and where errors go. */
struct tparse {
	yaml_document_t *doc;
	const char *file;
	struct errbuf *err;
};

const char *theme_role_name(enum theme_role r)
{
	return (unsigned)r < ROLE__COUNT ? roles[r].name : "";
}

void theme_init(struct theme *t)
{
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "built-in");
	for (int r = 0; r < ROLE__COUNT; r++) {
		t->c256[r].fg = t->c256[r].bg = THEME_COLOR_DEFAULT;
		t->c8[r].fg = t->c8[r].bg = THEME_COLOR_DEFAULT;
	}
}

/* "file:line:col: what", then the offending text quoted, cut and with
 * its control characters made harmless. */
static enum halo_status fail_at(const struct tparse *p, const yaml_node_t *n,
                                const char *what, const char *detail)
{
	char b[64];

	return yamlx_fail_at(p->err, p->file, &n->start_mark, "%s%s%s%s", what,
	                     detail ? " \"" : "",
	                     detail ? yamlx_shown(detail, b, sizeof b) : "",
	                     detail ? "\"" : "");
}

static int parse_colour(const char *s, short *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	if (strcasecmp(s, "default") == 0 || strcasecmp(s, "none") == 0) {
		*out = THEME_COLOR_DEFAULT;
		return 0;
	}
	for (int i = 0; i < 8; i++) {
		if (strcasecmp(s, colour_names[i]) == 0) {
			*out = (short)i;
			return 0;
		}
		if (strncasecmp(s, "bright-", 7) == 0 &&
		    strcasecmp(s + 7, colour_names[i]) == 0) {
			*out = (short)(i + 8);
			return 0;
		}
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0 || v > 255)
		return -1;
	*out = (short)v;
	return 0;
}

static enum halo_status parse_attr(const struct tparse *p,
                                   const yaml_node_t *n, unsigned *attrs)
{
	const char *s = yamlx_scalar(n);

	if (!s)
		return fail_at(p, n, "an attribute must be a name", NULL);
	for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++)
		if (strcasecmp(s, attr_names[i].name) == 0) {
			*attrs |= attr_names[i].bit;
			return HALO_OK;
		}
	if (strcasecmp(s, "none") == 0 || strcasecmp(s, "normal") == 0)
		return HALO_OK;
	return fail_at(p, n,
	               "unknown attribute (bold, dim, underline, reverse, standout, italic)",
	               s);
}

static enum halo_status parse_attrs(const struct tparse *p,
                                    const yaml_node_t *n, unsigned *attrs)
{
	*attrs = 0;
	if (n->type == YAML_SCALAR_NODE)
		return parse_attr(p, n, attrs);
	if (n->type != YAML_SEQUENCE_NODE)
		return fail_at(p, n, "attrs must be a name or a list of names", NULL);
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++) {
		enum halo_status st = parse_attr(p,
		        yaml_document_get_node(p->doc, *it), attrs);
		if (st != HALO_OK)
			return st;
	}
	return HALO_OK;
}

static enum halo_status parse_style(const struct tparse *p,
                                    const yaml_node_t *n,
                                    struct theme_style *out)
{
	struct theme_style st = { THEME_COLOR_DEFAULT, THEME_COLOR_DEFAULT, 0, true };
	struct yamlx_pairs it;

	if (n->type != YAML_MAPPING_NODE)
		return fail_at(p, n, "a style must be a mapping like {fg: white, bg: blue, attrs: [bold]}", NULL);
	yamlx_pairs_init(&it, p->doc, n);
	while (yamlx_pairs_next(&it)) {
		const yaml_node_t *k = it.key, *v = it.value;
		const char *key = yamlx_scalar(k);
		enum halo_status rc = HALO_OK;

		if (!key || !v)
			return fail_at(p, k ? k : n, "expected a key", NULL);
		if (strcmp(key, "fg") == 0 || strcmp(key, "bg") == 0) {
			short *c = key[0] == 'f' ? &st.fg : &st.bg;
			if (parse_colour(yamlx_scalar(v), c) != 0)
				return fail_at(p, v,
				               "unknown colour (a name like blue or bright-red, default, or 0..255)",
				               yamlx_scalar(v));
		} else if (strcmp(key, "attrs") == 0) {
			rc = parse_attrs(p, v, &st.attrs);
		} else {
			return fail_at(p, k, "unknown style key (fg, bg, attrs)", key);
		}
		if (rc != HALO_OK)
			return rc;
	}
	*out = st;
	return HALO_OK;
}

static enum halo_status parse_roles(const struct tparse *p,
                                    const yaml_node_t *n,
                                    struct theme_style *styles)
{
	struct yamlx_pairs it;

	if (n->type != YAML_MAPPING_NODE)
		return fail_at(p, n, "expected a mapping of role: style", NULL);
	yamlx_pairs_init(&it, p->doc, n);
	while (yamlx_pairs_next(&it)) {
		const yaml_node_t *k = it.key, *v = it.value;
		const char *key = yamlx_scalar(k);
		int role = -1;
		enum halo_status st;

		for (int r = 0; key && r < ROLE__COUNT; r++)
			if (strcmp(roles[r].name, key) == 0)
				role = r;
		if (role < 0 || !v)
			return fail_at(p, k ? k : n, "unknown role", key);
		st = parse_style(p, v, &styles[role]);
		if (st != HALO_OK)
			return st;
	}
	return HALO_OK;
}

static enum halo_status parse_root(const struct tparse *p,
                                   const yaml_node_t *root, struct theme *t)
{
	struct yamlx_pairs it;

	if (!root)
		return errbuf_set(p->err, HALO_ECONFIG, "%s: the theme is empty",
		                  p->file);
	if (root->type != YAML_MAPPING_NODE)
		return fail_at(p, root, "a theme must be a mapping (name:, colors256:, colors8:)", NULL);
	yamlx_pairs_init(&it, p->doc, root);
	while (yamlx_pairs_next(&it)) {
		const yaml_node_t *k = it.key, *v = it.value;
		const char *key = yamlx_scalar(k);
		enum halo_status st = HALO_OK;

		if (!key || !v)
			return fail_at(p, k ? k : root, "expected a key", NULL);
		if (strcmp(key, "name") == 0 && yamlx_scalar(v))
			snprintf(t->name, sizeof t->name, "%s", yamlx_scalar(v));
		else if (strcmp(key, "description") == 0 && yamlx_scalar(v))
			continue;
		else if (strcmp(key, "colors256") == 0)
			st = parse_roles(p, v, t->c256);
		else if (strcmp(key, "colors8") == 0)
			st = parse_roles(p, v, t->c8);
		else
			return fail_at(p, k, "unknown theme key (name, description, colors256, colors8)", key);
		if (st != HALO_OK)
			return st;
	}
	return HALO_OK;
}

enum halo_status theme_parse(struct theme *t, const char *text, size_t len,
                             const char *file, struct errbuf *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct theme tmp;
	struct tparse p = { &doc, file ? file : "theme", err };
	enum halo_status st;

	theme_init(t);
	if (!text)
		return errbuf_set(err, HALO_ECONFIG, "%s: no theme text", p.file);
	if (!yaml_parser_initialize(&parser))
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		st = yamlx_fail_at(err, p.file, &parser.problem_mark, "%s",
		                   parser.problem ? parser.problem : "not YAML");
		yaml_parser_delete(&parser);
		return st;
	}
	theme_init(&tmp);
	st = parse_root(&p, yaml_document_get_root_node(&doc), &tmp);
	if (st == HALO_OK)
		*t = tmp;
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return st;
}

enum halo_status theme_load_file(struct theme *t, const char *path,
                                 struct errbuf *err)
{
	struct readfile f;
	enum halo_status st;

	theme_init(t);
	st = readfile(path, "a theme", THEME_MAX_BYTES, 0, &f, err);
	if (st != HALO_OK)
		return st == HALO_EIO ? HALO_ECONFIG : st;
	st = theme_parse(t, f.data, f.len, path, err);
	free(f.data);
	return st;
}

static bool is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

int theme_find(const char *name, const char *datadir, const char *srcdir,
               char *out, size_t outlen, struct errbuf *err)
{
	char rel[300];
	size_t len;

	if (!name || !*name)
		name = "default";
	len = strlen(name);
	if (strchr(name, '/') || (len > 5 && strcmp(name + len - 5, ".yaml") == 0)) {
		snprintf(out, outlen, "%s", name);
		if (is_file(out))
			return 0;
		errbuf_set(err, HALO_ECONFIG, "theme file %s not found", name);
		return -1;
	}
	snprintf(rel, sizeof rel, "themes/%s.yaml", name);
	if (xdg_path(XDG_CONFIG, rel, out, outlen) == 0 && is_file(out))
		return 0;
	snprintf(out, outlen, "%s/themes/%s.yaml", datadir ? datadir : "", name);
	if (datadir && is_file(out))
		return 0;
	snprintf(out, outlen, "%s/themes/%s.yaml", srcdir ? srcdir : "", name);
	if (srcdir && is_file(out))
		return 0;
	errbuf_set(err, HALO_ECONFIG,
	           "unknown theme \"%.60s\" (the themes are default, light, "
	           "solarized-dark and mono, or a file under %s/themes)",
	           name, datadir ? datadir : "");
	return -1;
}

void theme_resolve(const struct theme *t, int colors, bool no_color,
                   struct theme_style out[ROLE__COUNT])
{
	for (int r = 0; r < ROLE__COUNT; r++) {
		struct theme_style st;

		if (colors >= 256 && t->c256[r].set)
			st = t->c256[r];
		else if (t->c8[r].set)
			st = t->c8[r];
		else
			st = (struct theme_style){ THEME_COLOR_DEFAULT,
			                           THEME_COLOR_DEFAULT,
			                           roles[r].dflt, false };
		/* A colour the terminal lacks falls back to its default. */
		if (st.fg >= colors)
			st.fg = THEME_COLOR_DEFAULT;
		if (st.bg >= colors)
			st.bg = THEME_COLOR_DEFAULT;
		if (no_color || colors < 8) {
			st.fg = st.bg = THEME_COLOR_DEFAULT;
			/* Without colour a role keeps at least its default look. */
			if (!st.attrs)
				st.attrs = roles[r].dflt;
		}
		out[r] = st;
	}
}

bool theme_no_color_env(void)
{
	const char *v = getenv("NO_COLOR");

	return v && *v;
}
