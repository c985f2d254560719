/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "lookup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonx.h"
#include "parse.h"
#include "record.h"
#include "text.h"

/* Names listed in a "did you mean" or "ambiguous" message. */
#define LOOKUP_HINT_NAMES 8

static const char *const kind_names[LOOKUP__COUNT] = {
	[LOOKUP_NONE] = "none",
	[LOOKUP_STATUS] = "status",
	[LOOKUP_PRIORITY] = "priority",
	[LOOKUP_AGENT] = "agent",
	[LOOKUP_TEAM] = "team",
	[LOOKUP_TICKETTYPE] = "ticket type",
};

static bool kind_valid(enum lookup_kind kind)
{
	return kind > LOOKUP_NONE && kind < LOOKUP__COUNT;
}

const char *lookup_kind_name(enum lookup_kind kind)
{
	if ((unsigned)kind >= LOOKUP__COUNT)
		return "unknown";
	return kind_names[kind];
}

void lookups_init(struct lookups *lk)
{
	memset(lk, 0, sizeof *lk);
}

static void entries_free(struct lookup_entry *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].name);
		free(items[i].colour);
	}
	free(items);
}

void lookups_done(struct lookups *lk)
{
	if (!lk)
		return;
	for (int k = 0; k < LOOKUP__COUNT; k++)
		entries_free(lk->lists[k].items, lk->lists[k].n);
	memset(lk, 0, sizeof *lk);
}

static bool has_id(const struct lookup_entry *items, size_t n, long id,
                   long scope)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].id == id && items[i].scope == scope)
			return true;
	return false;
}

bool lookup_entry_in(const struct lookup_entry *e, long scope)
{
	return scope <= 0 || e->scope == 0 || e->scope == scope;
}

/* A sanitised, trimmed copy of a server string; NULL for none ("" after
 * cleaning) and, with *oom set, when out of memory. */
static char *clean_name(const char *s, bool *oom)
{
	char *t, *start, *end;

	if (!s)
		return NULL;
	t = text_sanitize(s, strlen(s), 0);
	if (!t) {
		*oom = true;
		return NULL;
	}
	start = t;
	while (*start == ' ')
		start++;
	end = start + strlen(start);
	while (end > start && end[-1] == ' ')
		end--;
	*end = '\0';
	if (!*start) {
		free(t);
		return NULL;
	}
	memmove(t, start, (size_t)(end - start) + 1);
	return t;
}

/* Appends one record's entry to items[*n]; false only when out of memory. */
static bool entry_add(struct lookup_entry *items, size_t *n,
                      const cJSON *obj, const char *id_key,
                      const char *scope_key)
{
	bool oom = false;
	long id = jsonx_id(obj, id_key);
	long scope = scope_key ? jsonx_id(obj, scope_key) : 0;
	char *name;

	if (scope < 0)
		scope = 0;
	if (id <= 0 || has_id(items, *n, id, scope))
		return true;
	name = clean_name(jsonx_str(obj, "name"), &oom);
	if (!name)
		return !oom;
	items[*n].id = id;
	items[*n].scope = scope;
	items[*n].name = name;
	items[*n].colour = clean_name(jsonx_str(obj, "colour"), &oom);
	(*n)++;
	return !oom;
}

enum halo_status lookups_set(struct lookups *lk, enum lookup_kind kind,
                             struct record *const *records, size_t n,
                             struct errbuf *err)
{
	struct lookup_entry *items = NULL;
	const char *id_key = kind == LOOKUP_PRIORITY ? "priorityid" : "id";
	const char *scope_key = kind == LOOKUP_PRIORITY ? "slaid" : NULL;
	size_t count = 0;

	if (!lk || !kind_valid(kind))
		return errbuf_set(err, HALO_EUSAGE, "no such lookup list");
	if (n > 0) {
		items = calloc(n, sizeof *items);
		if (!items)
			return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		if (!records || !records[i])
			continue;
		if (!entry_add(items, &count, records[i]->obj, id_key,
		               scope_key)) {
			entries_free(items, count);
			return errbuf_set(err, HALO_ENOMEM, "out of memory");
		}
	}
	entries_free(lk->lists[kind].items, lk->lists[kind].n);
	lk->lists[kind].items = items;
	lk->lists[kind].n = count;
	lk->lists[kind].loaded = true;
	return HALO_OK;
}

const char *lookups_name(const struct lookups *lk, enum lookup_kind kind,
                         long id)
{
	const struct lookup_list *l;

	if (!lk || !kind_valid(kind) || id <= 0)
		return NULL;
	l = &lk->lists[kind];
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].id == id)
			return l->items[i].name;
	return NULL;
}

const char *lookups_name_in(const struct lookups *lk, enum lookup_kind kind,
                            long id, long scope)
{
	const struct lookup_list *l;

	if (scope <= 0)
		return lookups_name(lk, kind, id);
	if (!lk || !kind_valid(kind) || id <= 0)
		return NULL;
	l = &lk->lists[kind];
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].id == id && lookup_entry_in(&l->items[i], scope))
			return l->items[i].name;
	return NULL;
}

bool lookups_loaded(const struct lookups *lk, enum lookup_kind kind)
{
	return lk && kind_valid(kind) && lk->lists[kind].loaded;
}

/* Appends one name ("A" or "A (1)"); false, leaving out as it was, when
 * it does not fit whole. */
static bool name_add(char *out, size_t outlen, const struct lookup_entry *e,
                     bool with_id)
{
	char item[300];

	if (!with_id)
		return text_list_add(out, outlen, e->name);
	snprintf(item, sizeof item, "%s (%ld)", e->name, e->id);
	return text_list_add(out, outlen, item);
}

/* "A, B, C, ..." of the entries, or "A (1), B (2)" of those marked in
 * match (ids shown, since two may share a name); at most
 * LOOKUP_HINT_NAMES, and what fits in out. */
static void names_join(const struct lookup_list *l, const bool *match,
                       bool with_id, char *out, size_t outlen)
{
	size_t shown = 0;

	out[0] = '\0';
	for (size_t i = 0; i < l->n; i++) {
		if (match && !match[i])
			continue;
		if (shown == LOOKUP_HINT_NAMES ||
		    !name_add(out, outlen, &l->items[i], with_id)) {
			text_list_add(out, outlen, "...");
			return;
		}
		shown++;
	}
}

/* Marks entries of `scope` matching text (exactly, or as a prefix);
 * returns how many distinct ids and the id of the last one in *id. */
static size_t mark(const struct lookup_list *l, const char *text, bool prefix,
                   long scope, bool *match, long *id)
{
	size_t len = strlen(text), hits = 0;

	for (size_t i = 0; i < l->n; i++) {
		const char *name = l->items[i].name;
		bool seen = false;

		match[i] = lookup_entry_in(&l->items[i], scope) &&
		           (prefix ? strncasecmp(name, text, len) == 0
		                   : strcasecmp(name, text) == 0);
		if (!match[i])
			continue;
		/* One priority id under two SLAs is one candidate. */
		for (size_t j = 0; j < i && !seen; j++)
			seen = match[j] && l->items[j].id == l->items[i].id;
		if (seen) {
			match[i] = false;
			continue;
		}
		hits++;
		*id = l->items[i].id;
	}
	return hits;
}

static long find_in(const struct lookup_list *l, const char *kind,
                    const char *text, long scope, bool *match,
                    struct errbuf *err)
{
	char names[512];
	long id = 0;
	size_t hits = mark(l, text, false, scope, match, &id);

	if (hits == 0)
		hits = mark(l, text, true, scope, match, &id);
	if (hits == 1)
		return id;
	if (hits > 1) {
		names_join(l, match, true, names, sizeof names);
		errbuf_set(err, HALO_EUSAGE, "%s \"%s\" is ambiguous: %s",
		           kind, text, names);
		return 0;
	}
	for (size_t i = 0; i < l->n; i++)
		match[i] = lookup_entry_in(&l->items[i], scope);
	names_join(l, match, false, names, sizeof names);
	if (l->n == 0)
		errbuf_set(err, HALO_EUSAGE, "no %s named \"%s\" (the list is "
		           "empty)", kind, text);
	else
		errbuf_set(err, HALO_EUSAGE, "no %s named \"%s\" (known: %s)",
		           kind, text, names);
	return 0;
}

long lookups_find(const struct lookups *lk, enum lookup_kind kind,
                  const char *text, struct errbuf *err)
{
	return lookups_find_in(lk, kind, text, 0, err);
}

long lookups_find_in(const struct lookups *lk, enum lookup_kind kind,
                     const char *text, long scope, struct errbuf *err)
{
	const struct lookup_list *l;
	const char *kname = lookup_kind_name(kind);
	bool *match;
	long id;

	if (!lk || !kind_valid(kind)) {
		errbuf_set(err, HALO_EUSAGE, "no such lookup list");
		return 0;
	}
	if (!text || !*text) {
		errbuf_set(err, HALO_EUSAGE, "an empty %s", kname);
		return 0;
	}
	id = parse_id(text);
	if (id > 0)
		return id;
	l = &lk->lists[kind];
	if (!l->loaded) {
		errbuf_set(err, HALO_EUSAGE, "the %s list is not loaded: "
		           "give a number for %s \"%s\"", kname, kname, text);
		return 0;
	}
	match = calloc(l->n ? l->n : 1, sizeof *match);
	if (!match) {
		errbuf_set(err, HALO_ENOMEM, "out of memory");
		return 0;
	}
	id = find_in(l, kname, text, scope, match, err);
	free(match);
	return id;
}
