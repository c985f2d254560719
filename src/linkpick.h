/* SPDX-License-Identifier: MIT */
/* Choosing a linked record in a form when it belongs to another: a
 * ticket's site and user belong to its client. Once the owner (the
 * client) is chosen, only its records are offered (GET /api/Site?
 * client_id=N, /api/Users?client_id=N, one page, cached like the lookup
 * lists); before, each record found by name shows its owner beside it,
 * and choosing one fills the owner too. The owner relation is the linked
 * resource's own filter (sites and users have `client`), so it follows
 * from the resource table, not from code per resource. */
#ifndef HALO_LINKPICK_H
#define HALO_LINKPICK_H

#include <stddef.h>
#include "record.h"
#include "request.h"
#include "resource.h"

/* Seconds a scoped list is served from the cache before it is fetched
 * again in the background. */
#define LINKPICK_TTL_S 300
/* Records offered at most (Halo serves at most 100 a page). */
#define LINKPICK_MAX 100

/* The filter of lres that names its owner of resource `owner` (the
 * filter whose link is owner, e.g. sites' "client" for "clients"), or
 * NULL when lres has none. */
const struct filter_def *linkpick_scope(const struct resource *lres,
                                        const char *owner);

/* The first LINKPICK_MAX records of lres owned by owner_id (f from
 * linkpick_scope), ordered by the resource's default, kept in the cache
 * for LINKPICK_TTL_S. NULL when out of memory or owner_id <= 0. */
struct request *linkpick_request(const struct resource *lres,
                                 const struct filter_def *f, long owner_id);

/* The owner of r by filter f: its id (0 when none) and, when r names it
 * (client_id -> client_name), its name (NULL when not). */
long linkpick_owner(const struct record *r, const struct filter_def *f,
                    const char **name);

/* r's title for a picker, sanitised on one line, with its owner's name
 * after it when f is given and r names one: "Head Office  (Acme Ltd)".
 * NULL only when out of memory. */
char *linkpick_label(const struct record *r, const struct filter_def *f);

#endif
