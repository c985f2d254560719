/* SPDX-License-Identifier: MIT */
/* Choosing a record that belongs to another in the form: a new ticket's
 * site and user. With the client chosen, Enter offers that client's sites
 * or users at once (one GET, cached: linkpick.h); without it, a name is
 * searched as for any link, each match shows its client, and choosing one
 * fills the client too. A new client clears a site or user of the old. */
#include "config.h"
#include "edit_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linkpick.h"
#include "text.h"

/* The form's field that owns field i's records (the client of a site),
 * with the filter that scopes them; NULL when none. */
static struct form_field *owner_field(struct edit_state *st, size_t i,
                                      const struct filter_def **scope)
{
	const struct resource *lres = resource_find(st->fm.f[i].def->link);

	*scope = NULL;
	if (!lres)
		return NULL;
	for (size_t j = 0; j < st->fm.n; j++) {
		const struct field_def *d = st->fm.f[j].def;

		if (j == i || d->kind != FIELD_ID || !d->link)
			continue;
		*scope = linkpick_scope(lres, d->link);
		if (*scope)
			return &st->fm.f[j];
	}
	return NULL;
}

void edit_pick_forget(struct edit_state *st)
{
	records_free(&st->choices, &st->nchoices);
}

/* Field i's owner changed from old_id: a site or user chosen for the old
 * owner no longer belongs. */
void edit_pick_owner_changed(struct ui *ui, struct edit_state *st, size_t i,
                             long old_id)
{
	char cleared[128] = "";

	if (st->fm.f[i].id == old_id || old_id <= 0)
		return;
	for (size_t j = 0; j < st->fm.n; j++) {
		const struct filter_def *scope;
		struct form_field *f = &st->fm.f[j];

		if (f->def->kind != FIELD_ID || !f->def->link || f->id <= 0 ||
		    owner_field(st, j, &scope) != &st->fm.f[i])
			continue;
		if (form_set_id(f, 0, NULL) != 0)
			ui_oom();
		text_list_add(cleared, sizeof cleared, f->def->label);
	}
	if (*cleared)
		ui_message(ui, "%s cleared: chosen for the previous %s", cleared,
		           st->fm.f[i].def->label);
}

static unsigned chosen(struct ui *ui, void *ctx, const struct picker_item *it)
{
	struct edit_state *st = ctx;
	size_t i = edit_sel(st);
	struct form_field *f = &st->fm.f[i], *owner;
	const struct filter_def *scope;
	const struct record *r;
	const char *title, *oname;
	long old = f->id, oid;

	if (it->id < 0 || (size_t)it->id >= st->nchoices)
		return UI_REDRAW;
	r = st->choices[it->id];
	title = r->res->title_key ? record_str(r, r->res->title_key) : NULL;
	owner = owner_field(st, i, &scope);
	oid = linkpick_owner(r, scope, &oname);
	/* A site found by name brings its client. */
	if (owner && owner->id <= 0 && oid > 0 &&
	    form_set_id(owner, oid, oname) != 0)
		ui_oom();
	if (form_set_id(f, r->id, title) != 0)
		ui_oom();
	edit_pick_owner_changed(ui, st, i, old);
	return UI_REDRAW;
}

/* A picker of records (taken from the page), labelled with their owner
 * when with_owner. The one exact title of a search is chosen at once. */
static void offer(struct ui *ui, struct edit_state *st, struct api_page *pg,
                  size_t field, const struct filter_def *with_owner,
                  const char *exact)
{
	struct picker_item *items;
	long at = exact ? records_exact_title(pg->records, pg->n, exact) : -1;
	const char *title;

	edit_pick_forget(st);
	st->choices = pg->records;
	st->nchoices = pg->n;
	pg->records = NULL;
	pg->n = 0;
	st->scroll.cursor = (long)field;
	items = calloc(st->nchoices, sizeof *items);
	if (!items)
		ui_oom();
	for (size_t i = 0; i < st->nchoices; i++) {
		items[i].label = linkpick_label(st->choices[i], with_owner);
		items[i].id = (long)i;
		if (!items[i].label)
			ui_oom();
	}
	if (at >= 0) {
		/* A LIKE search: the one exact name wins (HALO_API.md F2). */
		chosen(ui, st, &items[at]);
		for (size_t i = 0; i < st->nchoices; i++)
			free(items[i].label);
		free(items);
		return;
	}
	title = st->fm.f[field].def->label;
	picker_open(ui, title, items, st->nchoices, 0, chosen, st);
}

bool edit_pick_scoped(struct ui *ui, struct pane *p, struct edit_state *st,
                      size_t field)
{
	const struct filter_def *scope;
	struct form_field *owner = owner_field(st, field, &scope);
	struct request *req;

	if (!owner || owner->id <= 0)
		return false;
	req = linkpick_request(resource_find(st->fm.f[field].def->link), scope,
	                       owner->id);
	if (!req)
		ui_oom();
	ui_submit(ui, p, req, WHAT_SCOPED, (long)field);
	return true;
}

void edit_pick_scoped_results(struct ui *ui, struct edit_state *st,
                              struct worker_event *ev, long field)
{
	const struct filter_def *scope;
	struct form_field *owner;

	if (field < 0 || (size_t)field >= st->fm.n)
		return;
	if (ev->status != HALO_OK) {
		ui_error(ui, "%s: %s", st->fm.f[field].def->label, ev->message);
		return;
	}
	owner = owner_field(st, (size_t)field, &scope);
	if (!ev->page.n) {
		ui_error(ui, "this %s has no %s: leave %s empty (Halo then "
		         "takes the %s's default) or choose another %s",
		         owner ? owner->def->label : "record", ev->res->name,
		         st->fm.f[field].def->label,
		         owner ? owner->def->label : "record",
		         owner ? owner->def->label : "record");
		return;
	}
	if (ev->page.record_count > (long)ev->page.n)
		ui_message(ui, "the first %zu of %ld %s: type to narrow", ev->page.n,
		           ev->page.record_count, ev->res->name);
	offer(ui, st, &ev->page, (size_t)field, NULL, NULL);
}

void edit_pick_search_results(struct ui *ui, struct edit_state *st,
                              struct worker_event *ev, long field)
{
	const struct filter_def *scope = NULL;
	struct form_field *owner;

	if (field < 0 || (size_t)field >= st->fm.n)
		return;
	if (ev->status != HALO_OK || !ev->page.n) {
		ui_error(ui, "%s", ev->status != HALO_OK ? ev->message : "no match");
		return;
	}
	owner = owner_field(st, (size_t)field, &scope);
	/* Each match shows its owner while none is chosen. */
	offer(ui, st, &ev->page, (size_t)field,
	      owner && owner->id <= 0 ? scope : NULL, st->link_text);
}
