/* SPDX-License-Identifier: MIT */
/* Lookup lists (statuses, priorities, agents, teams, ticket types) that turn
 * ids in records into names, and names typed by a user into ids. Fetched
 * once per session on first need and cached here. Not thread-safe: owned
 * by the front end's thread. */
#ifndef HALO_LOOKUP_H
#define HALO_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"

enum lookup_kind {
	LOOKUP_NONE = 0,
	LOOKUP_STATUS,
	LOOKUP_PRIORITY,   /* keyed by priorityid, not the GUID id */
	LOOKUP_AGENT,
	LOOKUP_TEAM,
	LOOKUP_TICKETTYPE,
	LOOKUP__COUNT
};

struct lookup_entry {
	long id;
	long scope;     /* priorities: the SLA (slaid) the row belongs to; else 0 */
	char *name;     /* sanitised */
	char *colour;   /* "#68bc00" or NULL */
};

struct lookup_list {
	struct lookup_entry *items;
	size_t n;
	bool loaded;
};

struct lookups {
	struct lookup_list lists[LOOKUP__COUNT];
};

void lookups_init(struct lookups *lk);
void lookups_done(struct lookups *lk);

struct record;

/* Fills list `kind` from the records of a lookup list response (a bare
 * array or a wrapped one, already parsed by api_parse_list). Records
 * without a usable id (priorityid for priorities) or name are skipped.
 * Priorities are per SLA (HALO_API.md F1): one entry per (slaid,
 * priorityid), its SLA in `scope`. Replaces any previous contents and
 * marks the list loaded. */
enum halo_status lookups_set(struct lookups *lk, enum lookup_kind kind,
                             struct record *const *records, size_t n,
                             struct errbuf *err);

/* Name for an id, or NULL when unknown or not loaded. For a scoped list
 * (priorities) this is the first SLA's name: use lookups_name_in. */
const char *lookups_name(const struct lookups *lk, enum lookup_kind kind,
                         long id);

/* Name for an id within `scope` (a ticket's sla_id); scope 0 means any.
 * NULL when the scope has no such id. */
const char *lookups_name_in(const struct lookups *lk, enum lookup_kind kind,
                            long id, long scope);

/* Whether entry e belongs to `scope` (0: every entry does). */
bool lookup_entry_in(const struct lookup_entry *e, long scope);

/* Id for a user's text: a number is taken as an id; else a
 * case-insensitive exact name match, else a unique case-insensitive
 * prefix. Returns 0 when none or ambiguous (then err says which). */
long lookups_find(const struct lookups *lk, enum lookup_kind kind,
                  const char *text, struct errbuf *err);

/* lookups_find among the entries of `scope` only (a ticket's SLA for
 * priorities); scope 0 is lookups_find. Entries of several scopes that
 * share an id are one candidate, not an ambiguity. */
long lookups_find_in(const struct lookups *lk, enum lookup_kind kind,
                     const char *text, long scope, struct errbuf *err);

bool lookups_loaded(const struct lookups *lk, enum lookup_kind kind);

/* Lower-case name of the kind ("status", "priority", ...). */
const char *lookup_kind_name(enum lookup_kind kind);

#endif
