/* SPDX-License-Identifier: MIT */
/* Filters as people write them, one grammar for both front ends: the
 * command line's --filter, the TUI's :filter and the config's saved
 * views. "name=value", where name is a filter of the resource (or its
 * query parameter), a yes/no filter takes parse_bool's words, and a value
 * for an id is either the id, a name still to be resolved, or, for an
 * agent or a team, "me" / "mine": the agent halotui acts as (agent=me) or
 * the teams that agent belongs to (team=mine). */
#ifndef HALO_FILTER_H
#define HALO_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"
#include "resource.h"

enum filter_need {
	FILTER_READY,    /* value is what the server takes */
	FILTER_LOOKUP,   /* value names an entry of def->lookup */
	FILTER_SEARCH,   /* value names a record of def->link (a search) */
	FILTER_ME,       /* "me" or "mine" on an agent or team filter: the
	                  * agent halotui acts as, or that agent's teams */
};

/* Whether text is "me" or "mine" (any case). */
bool filter_is_me(const char *text);

struct filter_value {
	const struct filter_def *def;
	const char *value;    /* borrowed from the input, or "true"/"false" */
	bool flag;            /* a yes/no filter: the value read */
	enum filter_need need;
};

/* Splits "name=value" at the first '=': the name into name (at most
 * namelen - 1 bytes), *value pointing into text. HALO_EUSAGE ("write
 * name=value, e.g. status=Open") when there is no '=', no name, or the
 * name is too long. */
enum halo_status filter_split(const char *text, char *name, size_t namelen,
                              const char **value, struct errbuf *err);

/* Reads one filter of res. HALO_EUSAGE with a message naming the known
 * filters for an unknown name, the accepted words for a bad yes/no value,
 * and "wants a value" for an empty one. */
enum halo_status filter_parse(const struct resource *res, const char *name,
                              const char *value, struct filter_value *out,
                              struct errbuf *err);

/* The names of res's filters, "status, agent, ..." ("none" without any),
 * cut at a name boundary to fit out. */
void filter_names(const struct resource *res, char *out, size_t outlen);

#endif
