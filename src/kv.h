/* SPDX-License-Identifier: MIT */
/* A growable list of owned key/value strings (query parameters, filters,
 * per-field error messages). */
#ifndef HALO_KV_H
#define HALO_KV_H

#include <stddef.h>

struct kv {
	char *key;
	char *value;
};

struct kv_list {
	struct kv *items;
	size_t n, cap;
};

/* Appends copies of key and value (value may be NULL: stored as "").
 * Returns 0, or -1 when out of memory (the list is unchanged). */
int kv_add(struct kv_list *l, const char *key, const char *value);
/* Last value stored under key (exact match), or NULL. */
const char *kv_get(const struct kv_list *l, const char *key);
/* Removes every entry under key. */
void kv_del(struct kv_list *l, const char *key);
int kv_copy(struct kv_list *dst, const struct kv_list *src);
void kv_done(struct kv_list *l);

#endif
