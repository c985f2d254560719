/* SPDX-License-Identifier: MIT */
/* Room for one more element in a growable array, doubling its capacity.
 * One helper for every list the program grows (key/values, lines, pages,
 * key bindings), with overflow checked once. */
#ifndef HALO_GROW_H
#define HALO_GROW_H

#include <stddef.h>

/* When n == *cap, reallocates items to twice *cap (or `first` elements
 * when empty) and updates *cap. Returns the array to use from now on, or
 * NULL when out of memory (then items is unchanged and still owned by the
 * caller). When there is room already, returns items. */
void *grow_for_one(void *items, size_t n, size_t *cap, size_t elem,
                   size_t first);

#endif
