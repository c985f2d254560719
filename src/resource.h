/* SPDX-License-Identifier: MIT */
/* The one table that describes every resource halotui knows: endpoint,
 * list wrapper key, columns, detail fields, editable fields and filters.
 * There is no code path per resource: the command line and the TUI both
 * read this table. */
#ifndef HALO_RESOURCE_H
#define HALO_RESOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include "lookup.h"

enum field_kind {
	FIELD_TEXT,      /* one-line string */
	FIELD_LONGTEXT,  /* multi-line plain text */
	FIELD_HTML,      /* HTML, rendered to text */
	FIELD_NUMBER,    /* integer or real */
	FIELD_ID,        /* a reference: 0/-1 mean none */
	FIELD_DATE,      /* ISO date; sentinels mean none */
	FIELD_BOOL,
};

enum field_flags {
	FIELD_COLUMN   = 1 << 0,  /* a column of the list */
	FIELD_DETAIL   = 1 << 1,  /* shown in the detail view */
	FIELD_EDIT     = 1 << 2,  /* editable on an existing record */
	FIELD_CREATE   = 1 << 3,  /* asked for when creating */
	FIELD_REQUIRED = 1 << 4,  /* required when creating */
	FIELD_FLEX     = 1 << 5,  /* column takes the remaining width */
	FIELD_SLA      = 1 << 6,  /* computed, not a member: the SLA
	                           * countdown (sla.c) */
	FIELD_OPTIONAL = 1 << 7,  /* a column the TUI shows and the command
	                           * line leaves out (its TSV keeps the
	                           * columns scripts read) */
};

struct field_def {
	const char *key;            /* JSON member */
	const char *label;          /* column header / detail label */
	const char *alias;          /* short name users type (status=...), or NULL */
	enum field_kind kind;
	enum lookup_kind lookup;    /* list that names this id */
	const char *name_key;       /* member carrying the name beside the id */
	const char *link;           /* resource this id refers to, or NULL */
	const char *name_obj;       /* an object member whose "name" names the
	                             * id (a full ticket's `priority`), or NULL */
	const char *scope_key;      /* the member that picks the lookup entries
	                             * naming this id (sla_id: priorities are
	                             * per SLA), or NULL */
	const char *order_key;      /* order= sent when sorting by this
	                             * column, when not key (the SLA column
	                             * sorts by fixbydate), or NULL */
	short width;                /* preferred column width */
	short min_width;            /* narrowest useful column */
	unsigned flags;
};

struct filter_def {
	const char *name;           /* what users type: status, agent, open */
	const char *param;          /* query parameter: status_id, open_only */
	enum lookup_kind lookup;    /* names accepted for ids */
	const char *link;           /* or ids of this resource (client) */
	bool boolean;               /* a flag: value true/false */
	const char *many;           /* the parameter that takes several ids,
	                             * comma-separated ("status"), or NULL
	                             * when the filter takes one */
};

enum resource_flags {
	RES_PAGED    = 1 << 0,  /* accepts pageinate/page_size/page_no */
	RES_LOOKUP   = 1 << 1,  /* a lookup list (bare array) */
	RES_CHILD    = 1 << 2,  /* addressed by (ticket_id, id): actions */
	RES_EDITABLE = 1 << 3,
	RES_CREATE   = 1 << 4,
	RES_BROWSE   = 1 << 5,  /* a list view of its own in the TUI */
};

struct resource {
	const char *name;        /* "tickets": commands and :views */
	const char *singular;    /* "ticket" */
	const char *path;        /* "Tickets": after /api/ */
	const char *list_key;    /* "tickets"; NULL for bare arrays */
	const char *id_key;      /* "id" ("priorityid" for priorities) */
	const char *title_key;   /* "summary" or "name" */
	const char *html_key;    /* "details_html", "note_html" or NULL */
	const char *text_key;    /* "details", "note" or NULL */
	unsigned flags;
	enum lookup_kind lookup; /* for lookup resources */
	const char *default_order;
	bool default_desc;
	const struct field_def *fields;
	size_t nfields;
	const struct filter_def *filters;
	size_t nfilters;
	const char *item_query;  /* fixed query on every single GET, or NULL
	                          * ("includedetails=true" for tickets) */
	const char *parent;      /* RES_CHILD: the owning resource ("tickets") */
	const char *list_query;  /* fixed query on every list, or NULL
	                          * ("includeunassigned=true&..." for agents) */
	const char *search_query;/* fixed query on a search by name, or NULL
	                          * ("search_name_only=true" for clients) */
	const char *web_path;    /* a record's page in Halo's agent web app,
	                          * after base_url + "/", "{id}" its id; NULL
	                          * when not known */
};

extern const struct resource resource_table[];
extern const size_t resource_count;

/* By name, singular, or path, case-insensitive ("ticket", "Tickets",
 * "client"). NULL when unknown. */
const struct resource *resource_find(const char *name);

/* The resource that serves a lookup list. */
const struct resource *resource_for_lookup(enum lookup_kind kind);

/* Field by key or alias (case-insensitive), or NULL. */
const struct field_def *resource_field(const struct resource *res,
                                       const char *name);

/* Filter by name or param (case-insensitive), or NULL. */
const struct filter_def *resource_filter(const struct resource *res,
                                         const char *name);

/* Comma-separated names of the browsable resources, for messages. */
const char *resource_names(void);

/* The resource that holds the notes of res's records (actions for
 * tickets), or NULL. */
const struct resource *resource_child(const struct resource *res);

/* The distinct lookup lists that name ids in res's fields having any of
 * `flags` (FIELD_COLUMN, FIELD_DETAIL), into kinds; returns how many. */
size_t resource_lookups(const struct resource *res, unsigned flags,
                        enum lookup_kind kinds[LOOKUP__COUNT]);

#endif
