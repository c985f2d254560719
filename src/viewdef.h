/* SPDX-License-Identifier: MIT */
/* A list view as people write it: a resource, a search, a sort and
 * filters by name (agent: me, status: [New, "In Progress"], team: "2nd
 * Line Support", client: Acme), kept as written and resolved to the query
 * parameters the server takes once what the names need is known: the
 * lookup lists, the agent halotui acts as (me.h) and records found by a
 * search. One definition for the built-in views (My tickets, Unassigned,
 * My teams, All open, Recently updated), the views of the config and of
 * views.yaml, and a list's filters in the TUI. */
#ifndef HALO_VIEWDEF_H
#define HALO_VIEWDEF_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"
#include "kv.h"
#include "lookup.h"
#include "me.h"
#include "resource.h"
#include "settings.h"

struct viewdef_value {
	char *text;      /* as written: an id, a name, "me", "mine", yes/no */
	char *label;     /* what people see for it when known up front (the
	                  * client a jump came from), or NULL */
	int line, col;   /* where it is written in the view's file; 0: typed */
};

struct viewdef_term {
	const struct filter_def *def;  /* NULL: a query parameter as it is */
	char *param;                   /* that parameter when def is NULL */
	struct viewdef_value *values;
	size_t n;
};

struct viewdef {
	char *name;
	const struct resource *res;
	char *search;              /* NULL: none */
	char *sort;                /* a field key; NULL: the resource's order */
	bool desc;
	struct viewdef_term *terms;
	size_t nterms;
	char *file;                /* the file it is written in, or NULL */
	int line, col;             /* its name in that file */
};

/* An empty view of res (every record, the resource's order). */
void viewdef_init(struct viewdef *d, const struct resource *res);
void viewdef_done(struct viewdef *d);
/* 0, or -1 when out of memory (dst is then empty). */
int viewdef_copy(struct viewdef *dst, const struct viewdef *src);

/* The built-in views of tickets, in the order of their tabs: My tickets
 * (mine, open), Unassigned (open), My teams (open), All open, Recently
 * updated (last action first). */
size_t viewdef_builtin_count(void);
/* Fills d with built-in view i. 0, or -1 when out of memory. */
int viewdef_builtin(size_t i, struct viewdef *d);

/* Whether a count of d's records says something: a view without a
 * filter or a search is every record. */
bool viewdef_counted(const struct viewdef *d);

/* The view of the settings sv, its positions kept. HALO_ECONFIG naming
 * sv's file, line and column for an unknown resource or filter, or a bad
 * yes/no value (the loader checks these already). */
enum halo_status viewdef_from_settings(const struct settings_view *sv,
                                       struct viewdef *d, struct errbuf *err);

struct record;

/* The param Halo's saved views are listed by: /Tickets?view_id=N. */
#define VIEWDEF_SAVED_PARAM "view_id"

/* One of Halo's saved views, a record of /ViewLists (every member may be
 * missing, null or of another type): a view of tickets whose query is
 * view_id=its id, named by its name made safe for a terminal and cut to
 * VIEWDEF_SAVED_NAME_COLS columns ("view N" without one). *count gets its
 * ticket_count, -1 when it has none. HALO_ENOTFOUND (d empty) for a
 * record without a usable id or of another type than tickets;
 * HALO_ENOMEM. */
#define VIEWDEF_SAVED_NAME_COLS 40
enum halo_status viewdef_from_saved(const struct record *r,
                                    struct viewdef *d, long *count,
                                    struct errbuf *err);

/* Replaces the filter f's values (or, with f NULL, those of the query
 * parameter param) by text, shown as label when not NULL; text NULL
 * removes the filter. 0, or -1 when out of memory. */
int viewdef_set(struct viewdef *d, const struct filter_def *f,
                const char *param, const char *text, const char *label);
/* Adds a value to filter f (a list: status: [New, Open]). */
int viewdef_add(struct viewdef *d, const struct filter_def *f,
                const char *text, int line, int col);
/* Removes every filter. */
void viewdef_clear(struct viewdef *d);

/* What a resolution needs from the session. */
struct viewdef_env {
	const struct lookups *lk;
	const struct me *me;      /* NULL while not known */
	const char *me_error;     /* why asking who I am failed, or NULL */
	/* The id of the record of res named text, found by a search: > 0
	 * found, 0 not known yet (then asked for), -1 none (err says why).
	 * NULL: a name of a record is refused (give its id). */
	long (*find)(void *ctx, const struct resource *res, const char *text,
	             struct errbuf *err);
	void *ctx;
};

struct viewdef_need {
	bool lookup[LOOKUP__COUNT];  /* lists that must be loaded first */
	bool me;                     /* who I am must be known first */
	bool names;                  /* a search for a name is on its way */
	bool waiting;                /* any of these: no query yet */
};

/* Resolves d's filters into params (query parameter, value: ids comma-
 * separated for several, sent to the filter's `many` parameter) and labels
 * (the same parameter, the names people see), replacing what they held.
 * HALO_OK: a query when !need->waiting; else asks for what need says.
 * HALO_ENOTFOUND: the view selects nothing (team=mine for an agent in no
 * team), err says why. HALO_ECONFIG: a name that names nothing, an agent
 * the server would not name; err begins "FILE:LINE:COL: view 'NAME': "
 * when the value is written in a file, else "view 'NAME': ". */
enum halo_status viewdef_resolve(const struct viewdef *d,
                                 const struct viewdef_env *env,
                                 struct kv_list *params,
                                 struct kv_list *labels,
                                 struct viewdef_need *need,
                                 struct errbuf *err);

#endif
