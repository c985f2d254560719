/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "kv.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

int kv_add(struct kv_list *l, const char *key, const char *value)
{
	char *k, *v;

	struct kv *items = grow_for_one(l->items, l->n, &l->cap, sizeof *items, 8);

	if (!items)
		return -1;
	l->items = items;
	k = strdup(key);
	v = strdup(value ? value : "");
	if (!k || !v) {
		free(k);
		free(v);
		return -1;
	}
	l->items[l->n].key = k;
	l->items[l->n].value = v;
	l->n++;
	return 0;
}

const char *kv_get(const struct kv_list *l, const char *key)
{
	for (size_t i = l->n; i > 0; i--)
		if (strcmp(l->items[i - 1].key, key) == 0)
			return l->items[i - 1].value;
	return NULL;
}

void kv_del(struct kv_list *l, const char *key)
{
	size_t out = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->items[i].key, key) == 0) {
			free(l->items[i].key);
			free(l->items[i].value);
			continue;
		}
		l->items[out++] = l->items[i];
	}
	l->n = out;
}

int kv_copy(struct kv_list *dst, const struct kv_list *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (kv_add(dst, src->items[i].key, src->items[i].value) != 0)
			return -1;
	return 0;
}

void kv_done(struct kv_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].key);
		free(l->items[i].value);
	}
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}
