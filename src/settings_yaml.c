/* SPDX-License-Identifier: MIT */
/* Walking libyaml documents for the settings: messages that name
 * file:line:col, did-you-mean for unknown keys, node access, typed scalars,
 * and reading the file into a document with libyaml's copies wiped. */
#include "config.h"
#include "settings_private.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <yaml.h>

#include "parse.h"
#include "utf8.h"

/* ---- Messages ----------------------------------------------------------- */

/* "path:line:col: message" at the start of node n. */
enum halo_status cfg_fail(const struct loader *ld, const yaml_node_t *n,
                          const char *fmt, ...)
{
	enum halo_status st;
	va_list ap;

	va_start(ap, fmt);
	st = yamlx_vfail_at(ld->err, ld->path, &n->start_mark, fmt, ap);
	va_end(ap);
	return st;
}

enum halo_status cfg_nomem(const struct loader *ld)
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
enum halo_status cfg_unknown_key(const struct loader *ld,
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
		return cfg_fail(ld, k, "unknown key '%s'%s (did you mean %s?)",
		                yamlx_shown(word, b, sizeof b), where, best);
	return cfg_fail(ld, k, "unknown key '%s'%s (known keys: %s)",
	                yamlx_shown(word, b, sizeof b), where, list);
}

/* ---- Nodes -------------------------------------------------------------- */

yaml_node_t *cfg_node(const struct loader *ld, int id)
{
	return yaml_document_get_node(ld->doc, id);
}

const char *cfg_kind(const yaml_node_t *n)
{
	if (n->type == YAML_MAPPING_NODE)
		return "a mapping";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a list";
	return "a single value";
}

/* Empty, ~ and null mean "not set", as when the line is left out. */
bool cfg_is_null(const yaml_node_t *n)
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
enum halo_status cfg_text(const struct loader *ld, const yaml_node_t *n,
                          const char *what, const char **out)
{
	const unsigned char *v;
	size_t i;

	if (n->type != YAML_SCALAR_NODE)
		return cfg_fail(ld, n, "%s must be a single value, not %s", what,
		                cfg_kind(n));
	v = n->data.scalar.value;
	for (i = 0; i < n->data.scalar.length; i++)
		if (v[i] < 0x20 || v[i] == 0x7f)
			return cfg_fail(ld, n, "%s contains a control character",
			                what);
	*out = (const char *)v;
	return HALO_OK;
}

/* The key of pair p of mapping m: a non-empty single value that m has not
 * used before (libyaml does not check; YAML forbids it). */
enum halo_status cfg_pair_key(const struct loader *ld, const yaml_node_t *m,
                              const yaml_node_pair_t *p, const char *where,
                              const char **out)
{
	const yaml_node_t *k = cfg_node(ld, p->key);
	const yaml_node_pair_t *q;
	enum halo_status st;
	char b[81];

	if (k->type == YAML_SCALAR_NODE && k->data.scalar.length == 0)
		return cfg_fail(ld, k, "empty key%s", where);
	st = cfg_text(ld, k, "a key", out);
	if (st != HALO_OK)
		return st;
	for (q = m->data.mapping.pairs.start; q < p; q++) {
		const yaml_node_t *kq = cfg_node(ld, q->key);

		if (kq->type == YAML_SCALAR_NODE &&
		    !strcmp((const char *)kq->data.scalar.value, *out))
			return cfg_fail(ld, k, "duplicate key '%s'%s (first at "
			                "line %zu)", yamlx_shown(*out, b, sizeof b),
			                where, kq->start_mark.line + 1);
	}
	return HALO_OK;
}

/* The value for key `key` in mapping m, or NULL. */
const yaml_node_t *cfg_map_get(const struct loader *ld,
                               const yaml_node_t *m, const char *key)
{
	struct yamlx_pairs it;

	yamlx_pairs_init(&it, ld->doc, m);
	while (yamlx_pairs_next(&it)) {
		const char *k = yamlx_scalar(it.key);

		if (k && !strcmp(k, key))
			return it.value;
	}
	return NULL;
}

size_t cfg_map_len(const yaml_node_t *m)
{
	return (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
}

/* ---- Scalars ------------------------------------------------------------ */

enum halo_status cfg_text_set(const struct loader *ld, const yaml_node_t *n,
                              const char *what, char **dst)
{
	const char *v;
	enum halo_status st;
	char *copy;

	if (cfg_is_null(n))
		return HALO_OK;
	st = cfg_text(ld, n, what, &v);
	if (st != HALO_OK)
		return st;
	copy = strdup(v);
	if (!copy)
		return cfg_nomem(ld);
	cfg_str_take(dst, copy);
	return HALO_OK;
}

enum halo_status cfg_bool_set(const struct loader *ld, const yaml_node_t *n,
                              const char *what, bool *dst)
{
	const char *v;
	enum halo_status st;
	char b[81];

	if (cfg_is_null(n))
		return HALO_OK;
	st = cfg_text(ld, n, what, &v);
	if (st != HALO_OK)
		return st;
	if (parse_bool(v, dst) != 0)
		return cfg_fail(ld, n, "%s must be true or false (got %s)", what,
		                yamlx_shown(v, b, sizeof b));
	return HALO_OK;
}

/* ---- Reading the file --------------------------------------------------- */

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
		} else if (!utf8_is_cont(buf[i])) {
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
			return yamlx_fail_at(err, path, &m, "invalid YAML: %s (byte "
			                   "0x%02x)", problem,
			                   (unsigned)p->problem_value & 0xffu);
		return yamlx_fail_at(err, path, &m, "invalid YAML: %s", problem);
	}
	if (p->context)
		snprintf(ctx, sizeof ctx, " (%s at %zu:%zu)", p->context,
		         p->context_mark.line + 1, p->context_mark.column + 1);
	return yamlx_fail_at(err, path, &p->problem_mark, "invalid YAML: %s%s",
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
			st = yamlx_fail_at(err, path, &ev.start_mark, "a second YAML "
			                 "document; the config is one document");
		else if ((ev.type == YAML_MAPPING_START_EVENT ||
		          ev.type == YAML_SEQUENCE_START_EVENT) &&
		         ++depth > CONFIG_MAX_DEPTH)
			st = yamlx_fail_at(err, path, &ev.start_mark, "nested more than "
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

/* Loads the document in buf (path names it in messages) and hands its
 * root to what the file is: the config (views_file false: want, mode and
 * owner as for cfg_parse_buffer) or a views file. */
static enum halo_status parse_doc(struct settings *s, const char *path,
                                  bool views_file, const char *want,
                                  const unsigned char *buf, size_t len,
                                  mode_t mode, uid_t owner,
                                  struct errbuf *err)
{
	struct loader ld = { path, NULL, err };
	yaml_document_t doc;
	yaml_parser_t p;
	yaml_node_t *root;
	enum halo_status st;

	st = yaml_scan(path, buf, len, err);
	if (st != HALO_OK)
		return st;
	if (!yaml_parser_initialize(&p))
		return errbuf_set(err, HALO_ENOMEM, "%s: out of memory", path);
	yaml_parser_set_input_string(&p, buf, len);
	if (!yaml_parser_load(&p, &doc)) {
		st = yaml_fail(path, &p, buf, len, err);
		parser_wipe(&p);
		return st;
	}
	ld.doc = &doc;
	root = yaml_document_get_root_node(&doc);
	if (views_file)
		st = cfg_views_file_parse(&ld, root, s);
	else {
		if (root)
			st = cfg_perm_check(&ld, mode, owner,
			                    cfg_has_key(&ld, root, "client_secret"),
			                    cfg_has_key(&ld, root, "client_secret_cmd") ?
			                    "client_secret_cmd" :
			                    cfg_has_key(&ld, root, "password_cmd") ?
			                    "password_cmd" : NULL);
		if (st == HALO_OK)
			st = cfg_root_parse(&ld, root, want, s);
	}
	doc_wipe(&doc);
	parser_wipe(&p);
	return st;
}

enum halo_status cfg_parse_buffer(struct settings *s, const char *want,
                                  const unsigned char *buf, size_t len,
                                  mode_t mode, uid_t owner,
                                  struct errbuf *err)
{
	return parse_doc(s, s->path, false, want, buf, len, mode, owner, err);
}

enum halo_status cfg_parse_views_buffer(struct settings *s, const char *path,
                                        const unsigned char *buf, size_t len,
                                        struct errbuf *err)
{
	return parse_doc(s, path, true, NULL, buf, len, 0, 0, err);
}
