/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "grow.h"

#include <stdint.h>
#include <stdlib.h>

void *grow_for_one(void *items, size_t n, size_t *cap, size_t elem,
                   size_t first)
{
	size_t want;
	void *p;

	if (n < *cap && items)
		return items;
	want = *cap ? *cap * 2 : first;
	if (want <= n || want > SIZE_MAX / elem)
		return NULL;
	p = realloc(items, want * elem);
	if (p)
		*cap = want;
	return p;
}
