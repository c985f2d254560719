/* SPDX-License-Identifier: MIT */
/* Walking libyaml documents: node text, mapping pairs, located messages. */
#include "config.h"
#include "yamlx.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

const char *yamlx_scalar(const yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)n->data.scalar.value;
}

const char *yamlx_shown(const char *in, char *buf, size_t n)
{
	size_t len = strlen(in), i;
	bool cut = len > n - 4;

	if (cut) {
		len = utf8_cut(in, n - 4);
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

enum halo_status yamlx_vfail_at(struct errbuf *err, const char *file,
                                const yaml_mark_t *m, const char *fmt,
                                va_list ap)
{
	char msg[900];

	vsnprintf(msg, sizeof msg, fmt, ap);
	return errbuf_set(err, HALO_ECONFIG, "%s:%zu:%zu: %s", file,
	                  m->line + 1, m->column + 1, msg);
}

enum halo_status yamlx_fail_at(struct errbuf *err, const char *file,
                               const yaml_mark_t *m, const char *fmt, ...)
{
	enum halo_status st;
	va_list ap;

	va_start(ap, fmt);
	st = yamlx_vfail_at(err, file, m, fmt, ap);
	va_end(ap);
	return st;
}

void yamlx_pairs_init(struct yamlx_pairs *it, yaml_document_t *doc,
                      const yaml_node_t *m)
{
	memset(it, 0, sizeof *it);
	it->doc = doc;
	if (m && m->type == YAML_MAPPING_NODE) {
		it->next = m->data.mapping.pairs.start;
		it->end = m->data.mapping.pairs.top;
	}
}

bool yamlx_pairs_next(struct yamlx_pairs *it)
{
	if (!it->next || it->next >= it->end) {
		it->pair = NULL;
		it->key = it->value = NULL;
		return false;
	}
	it->pair = it->next++;
	it->key = yaml_document_get_node(it->doc, it->pair->key);
	it->value = yaml_document_get_node(it->doc, it->pair->value);
	return true;
}
