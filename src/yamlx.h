/* SPDX-License-Identifier: MIT */
/* Walking libyaml documents (the config file, themes): the text of a
 * node, the pairs of a mapping, and messages that point at
 * "file:line:col" the way editors count. No curses here: ui/ uses it. */
#ifndef HALO_YAMLX_H
#define HALO_YAMLX_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <yaml.h>

#include "errbuf.h"

/* The text of a single-value node; NULL for a list, a mapping or NULL. */
const char *yamlx_scalar(const yaml_node_t *n);

/* Text from a document (or the environment) fit for a one-line message:
 * control characters become '?' and text longer than n - 4 bytes is cut
 * at a character boundary with "...". n must be at least 8. Returns buf. */
const char *yamlx_shown(const char *in, char *buf, size_t n);

/* "file:line:col: message" as HALO_ECONFIG, 1-based from mark m. */
enum halo_status yamlx_fail_at(struct errbuf *err, const char *file,
                               const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

enum halo_status yamlx_vfail_at(struct errbuf *err, const char *file,
                                const yaml_mark_t *m, const char *fmt,
                                va_list ap)
	__attribute__((format(printf, 4, 0)));

/* The pairs of a mapping in document order:
 *   struct yamlx_pairs it;
 *   yamlx_pairs_init(&it, doc, m);
 *   while (yamlx_pairs_next(&it)) ... it.key, it.value, it.pair ...
 * A NULL node or one that is not a mapping has no pairs. key and value
 * are NULL only for a node id the document lacks. */
struct yamlx_pairs {
	yaml_document_t *doc;
	const yaml_node_pair_t *next, *end;
	const yaml_node_pair_t *pair;
	yaml_node_t *key, *value;
};

void yamlx_pairs_init(struct yamlx_pairs *it, yaml_document_t *doc,
                      const yaml_node_t *m);
bool yamlx_pairs_next(struct yamlx_pairs *it);

#endif
