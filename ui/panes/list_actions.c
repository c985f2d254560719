/* SPDX-License-Identifier: MIT */
/* What the list pane's keys do: moves, a search, filters (a picker of
 * values, or a name looked up on the server), sort, saved views from the
 * config and the resource keys. */
#include "config.h"
#include "list_private.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "view.h"

/* ---- filters, sort, search --------------------------------------------- */

/* The picker item for "me" (agent) and "mine" (team). */
#define PICK_ME (-2L)

static unsigned filter_value_chosen(struct ui *ui, void *ctx,
                                    const struct picker_item *it)
{
	struct list_state *st = ctx;
	struct view *v = list_current(ui);
	const struct filter_def *f;
	struct errbuf err;
	char id[32];

	if (!v)
		return 0;
	snprintf(id, sizeof id, "%ld", it->id);
	f = resource_filter(v->res, st->link_param);
	if (it->id == PICK_ME && f) {
		/* Resolved once the server said who I am. */
		view_set_param(v, st->link_param,
		               f->lookup == LOOKUP_TEAM ? "mine" : "me", NULL);
	} else if (f && f->lookup &&
	           lookups_find(&ui->s->lookups, f->lookup, it->label,
	                        &err) == it->id) {
		/* Kept by its name when the name finds it again: a view
		 * saved from this list reads status: Closed, not an id. */
		view_set_param(v, st->link_param, it->label, NULL);
	} else {
		view_set_param(v, st->link_param, id, it->label);
	}
	view_restart(ui, v);
	view_top(v);
	return UI_REDRAW;
}

unsigned list_link_results(struct ui *ui, struct list_state *st,
                           struct worker_event *ev)
{
	size_t n = ev->page.n;
	long at;

	if (ev->status != HALO_OK) {
		ui_error(ui, "%s", ev->message);
		return UI_REDRAW;
	}
	if (!n) {
		ui_error(ui, "no %s matches", ev->res ? ev->res->name : "record");
		return UI_REDRAW;
	}
	at = records_exact_title(ev->page.records, n, st->link_text);
	if (at >= 0) {
		/* A LIKE search: the one exact name wins (HALO_API.md F2). */
		struct picker_item *items = picker_record_items(ev->page.records, n);
		unsigned rc = filter_value_chosen(ui, st, &items[at]);

		for (size_t i = 0; i < n; i++)
			free(items[i].label);
		free(items);
		return rc | UI_REDRAW;
	}
	picker_open(ui, st->link_label, picker_record_items(ev->page.records, n),
	            n, 0, filter_value_chosen, st);
	return UI_REDRAW;
}

static unsigned link_typed(struct ui *ui, void *ctx, const char *text)
{
	struct list_state *st = ctx;
	const struct filter_def *f;
	const struct resource *lres;
	struct view *v = list_current(ui);

	if (!v || !text || !*text)
		return UI_REDRAW;
	f = resource_filter(v->res, st->link_param);
	lres = f && f->link ? resource_find(f->link) : NULL;
	if (parse_id(text) > 0 || !lres) {
		view_set_param(v, st->link_param, text, text);
		view_restart(ui, v);
		return UI_REDRAW;
	}
	/* A name: search that resource and let the user pick. */
	snprintf(st->link_text, sizeof st->link_text, "%s", text);
	ui_search_link(ui, list_pane(ui), lres, text, WHAT_LINK_SEARCH, 0);
	return UI_REDRAW;
}

/* The values of a filter from its lookup list (loaded by now). */
static unsigned pick_filter_value(struct ui *ui, struct pane *p, long filter)
{
	struct view *v = list_current(ui);
	const struct filter_def *f;
	const struct lookup_list *l;
	struct picker_item *items;
	size_t sel = 0, n = 0;

	if (!v || filter < 0 || (size_t)filter >= v->res->nfilters)
		return 0;
	f = &v->res->filters[filter];
	l = &ui->s->lookups.lists[f->lookup];
	if (f->lookup == LOOKUP_AGENT || f->lookup == LOOKUP_TEAM) {
		/* First: whoever halotui acts as, or their teams. */
		items = picker_lookup_items(l, 0, 1, 0, NULL, &sel, &n);
		items[0].label = strdup(f->lookup == LOOKUP_TEAM ?
		                        "mine (my teams)" : "me");
		items[0].id = PICK_ME;
		if (!items[0].label)
			ui_oom();
	} else {
		items = picker_lookup_items(l, 0, 0, 0, NULL, &sel, &n);
	}
	picker_open(ui, f->name, items, n, 0, filter_value_chosen, p->state);
	return UI_REDRAW;
}

static unsigned filter_chosen(struct ui *ui, void *ctx,
                              const struct picker_item *it)
{
	struct list_state *st = ctx;
	struct view *v = list_current(ui);
	const struct filter_def *f;

	if (!v)
		return 0;
	if (it->id == -1) {
		view_clear_filters(v);
		view_restart(ui, v);
		ui_message(ui, "filters cleared");
		return UI_REDRAW;
	}
	f = &v->res->filters[it->id];
	snprintf(st->link_param, sizeof st->link_param, "%s", f->param);
	snprintf(st->link_label, sizeof st->link_label, "%s", f->name);
	if (f->boolean) {
		bool on = kv_get(&v->params, f->param) != NULL;
		view_set_param(v, f->param, on ? NULL : "true", "yes");
		view_restart(ui, v);
		view_top(v);
		return UI_REDRAW;
	}
	if (f->lookup)
		return ui_with_lookup(ui, list_pane(ui), f->lookup, pick_filter_value,
		                      it->id);
	prompt_open(ui, f->link ? "name or id: " : "value: ", "", link_typed, st);
	return UI_REDRAW;
}

static void open_filter_picker(struct ui *ui, struct list_state *st,
                               struct view *v)
{
	size_t n = v->res->nfilters;
	struct picker_item *items = calloc(n + 1, sizeof *items);

	if (!items)
		ui_oom();
	for (size_t i = 0; i < n; i++) {
		const struct filter_def *f = &v->res->filters[i];
		const char *cur = kv_get(&v->labels, f->param);
		char label[160];
		if (f->boolean)
			snprintf(label, sizeof label, "%-10s %s", f->name,
			         cur ? "[on]" : "[off]");
		else
			snprintf(label, sizeof label, "%-10s %s", f->name,
			         cur ? cur : "");
		items[i].label = strdup(label);
		items[i].id = (long)i;
		if (!items[i].label)
			ui_oom();
	}
	items[n].label = strdup("(clear all filters)");
	items[n].id = -1;
	if (!items[n].label)
		ui_oom();
	picker_open(ui, "filter", items, n + 1, 0, filter_chosen, st);
}

static unsigned sort_chosen(struct ui *ui, void *ctx,
                            const struct picker_item *it)
{
	struct view *v = list_current(ui);
	const struct field_def *f;
	bool desc = false;

	(void)ctx;
	if (!v)
		return 0;
	f = &v->res->fields[it->id];
	if (v->order && strcmp(v->order, f->key) == 0)
		desc = !v->desc;
	view_set_order(v, f->key, desc);
	view_restart(ui, v);
	view_top(v);
	return UI_REDRAW;
}

static void open_sort_picker(struct ui *ui, struct view *v)
{
	struct picker_item *items = calloc(v->res->nfields, sizeof *items);
	size_t n = 0, sel = 0;

	if (!items)
		ui_oom();
	for (size_t i = 0; i < v->res->nfields; i++) {
		const struct field_def *f = &v->res->fields[i];
		char label[96];
		bool cur = v->order && strcmp(v->order, f->key) == 0;
		if (!(f->flags & FIELD_COLUMN))
			continue;
		snprintf(label, sizeof label, "%s%s", f->label,
		         cur ? (v->desc ? "  (descending)" : "  (ascending)") : "");
		if (cur)
			sel = n;
		items[n].label = strdup(label);
		if (!items[n].label)
			ui_oom();
		items[n++].id = (long)i;
	}
	picker_open(ui, "sort by", items, n, sel, sort_chosen, NULL);
}

static unsigned search_done(struct ui *ui, void *ctx, const char *text)
{
	struct view *v = list_current(ui);

	(void)ctx;
	if (!v)
		return 0;
	view_set_search(v, text);
	view_restart(ui, v);
	view_top(v);
	return UI_REDRAW;
}

/* ---- saved views and jumps ---------------------------------------------- */

int list_open_saved(struct ui *ui, const char *name)
{
	const struct settings *s = &ui->s->settings;
	struct pane *p = list_pane(ui);
	struct list_state *st = p ? p->state : NULL;
	int tab = st ? list_tab_find(&st->tabs, name) : -1;

	if (tab >= 0) {
		list_tab_open(ui, tab);
		return 0;
	}
	/* Beyond the tabs: pushed on the list. */
	for (size_t i = 0; i < s->nviews; i++) {
		struct viewdef d;
		struct errbuf err;
		char title[160];

		if (strcmp(s->views[i].name, name) != 0)
			continue;
		if (viewdef_from_settings(&s->views[i], &d, &err) != HALO_OK) {
			ui_error(ui, "%s", err.msg);
			return -1;
		}
		snprintf(title, sizeof title, "%s (view %s)", d.res->name, d.name);
		list_push_view(ui, view_from_def(ui, &d, title));
		viewdef_done(&d);
		return 0;
	}
	ui_error(ui, "no view named \"%s\" under views: in the config", name);
	return -1;
}

static unsigned saved_chosen(struct ui *ui, void *ctx,
                             const struct picker_item *it)
{
	(void)ctx;
	list_open_saved(ui, it->label);
	return UI_REDRAW;
}

static void pick_add(struct picker_item *items, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(items[i].label, name) == 0)
			return;
	items[*n].label = strdup(name);
	if (!items[*n].label)
		ui_oom();
	(*n)++;
}

void list_pick_saved(struct ui *ui)
{
	const struct settings *s = &ui->s->settings;
	struct pane *p = list_pane(ui);
	const struct list_tabs *t = p ? &((struct list_state *)p->state)->tabs :
	                            NULL;
	struct picker_item *items;
	size_t n = 0;

	/* The config's and views.yaml's views, those saved since too. */
	items = calloc(s->nviews + LIST_MAX_TABS + 1, sizeof *items);
	if (!items)
		ui_oom();
	for (int i = (int)viewdef_builtin_count(); t && i < t->n; i++)
		pick_add(items, &n, t->tab[i].def.name);
	for (size_t i = 0; i < s->nviews; i++)
		pick_add(items, &n, s->views[i].name);
	if (!n) {
		free(items);
		ui_message(ui, "no saved views: add some under views: in the "
		           "config, or :save-view NAME");
		return;
	}
	picker_open(ui, "saved views", items, n, 0, saved_chosen, NULL);
}

static const struct resource *view_for_key(enum action act)
{
	static const char *const names[] = { "tickets", "clients", "assets",
	                                      "users", "sites", "contracts" };
	int i = (int)act - (int)ACT_VIEW_TICKETS;

	if (i < 0 || i >= 6)
		return NULL;
	return resource_find(names[i]);
}

void list_refresh(struct ui *ui)
{
	struct pane *p = list_pane(ui);
	struct list_state *st = p ? p->state : NULL;
	struct view *v = list_current(ui);

	ui_retry_lookups(ui);
	ui_resolve_again(ui);
	if (v)
		view_restart(ui, v);
	if (st)
		list_tabs_refresh(ui, p, &st->tabs);
}

/* ---- keys --------------------------------------------------------------- */

unsigned list_handle(struct ui *ui, struct pane *p, int key, enum action act)
{
	struct list_state *st = p->state;
	struct view *v = list_current(ui);
	const struct record *sel = v ? view_selected(v) : NULL;
	unsigned marked;
	bool taken;

	if (!v)
		return UI_QUIT;
	marked = list_marks_handle(ui, st, v, act, &taken);
	if (taken)
		return marked;
	/* Movement is the scroller's (UI_NOT_MINE). Beside a detail the
	 * cursor moves alone: Enter shows the row, so that holding j does
	 * not spend the server's rate limit. */
	switch (act) {
	case ACT_OPEN:
		if (sel) {
			detail_open_record(ui, sel);
			ui->split_focus_detail = true;
		}
		return UI_REDRAW;
	case ACT_CLOSE:
		if (st->n > 1) {
			view_free(ui, &st->views[--st->n]);
			back_reopen(ui);   /* the detail a jump left over it */
			list_live_shown_again(ui, p, st);
			return UI_REDRAW;
		}
		/* Esc never quits (it is pressed to back out of something,
		 * or arrives as the start of a key): on the root list it
		 * only clears the message. q quits. */
		if (key == KEYC_ESC) {
			ui->message[0] = '\0';
			return UI_REDRAW;
		}
		return UI_QUIT;
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_SEARCH: {
		char label[64];
		snprintf(label, sizeof label, "search %s: ", v->res->name);
		prompt_open(ui, label, v->search ? v->search : "", search_done, NULL);
		return UI_REDRAW;
	}
	case ACT_FILTER:
		if (v->res->nfilters)
			open_filter_picker(ui, st, v);
		else
			ui_message(ui, "%s have no filters", v->res->name);
		return UI_REDRAW;
	case ACT_SORT:
		open_sort_picker(ui, v);
		return UI_REDRAW;
	case ACT_REFRESH:
		clearok(curscr, TRUE);
		list_refresh(ui);
		ui_message(ui, "reloading %s", v->res->name);
		return UI_REDRAW;
	case ACT_VIEW_SAVED:
		list_pick_saved(ui);
		return UI_REDRAW;
	default:
		break;
	}
	if (view_for_key(act)) {
		list_switch(ui, view_for_key(act));
		return UI_REDRAW;
	}
	return ui_common_action(ui, act, v->res, sel);
}
