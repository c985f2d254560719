/* SPDX-License-Identifier: MIT */
/* The view tabs over the list: the built-in views of tickets (My tickets,
 * Unassigned, My teams, All open, Recently updated), then the views of the
 * config and of views.yaml, then Halo's own saved views for the agent
 * (/ViewLists, asked once in the background after the first page and
 * kept in the cache like the lookup lists; each lists /Tickets?view_id=N).
 * Each shows how many records it holds: a saved view's ticket_count, else
 * the record_count of a one-row page asked for in the background (the
 * user's own requests overtake it), once the first page of the list has
 * come, and again on refresh. A failed /ViewLists read leaves those tabs
 * out with a message on the status line; an instance without the
 * endpoint (404) has none, silently. Names in a view (agent: me, status: New, client:
 * Acme) are resolved first; one that names nothing is said once, with its
 * file, line and column, and its tab is marked. */
#include "config.h"
#include "list_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "record.h"
#include "screen.h"
#include "session.h"
#include "trace.h"
#include "view.h"

static void tab_reset(struct list_tab *tab)
{
	kv_done(&tab->params);
	kv_done(&tab->labels);
	tab->state = TAB_RESOLVING;
	tab->count = -1;
	tab->error[0] = '\0';
}

void list_tabs_open(struct ui *ui, struct list_tabs *t)
{
	const struct settings *s = &ui->s->settings;
	size_t nb = viewdef_builtin_count();

	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < nb && t->n < LIST_MAX_TABS; i++) {
		struct list_tab *tab = &t->tab[t->n];

		if (viewdef_builtin(i, &tab->def) != 0)
			ui_oom();
		tab_reset(tab);
		t->n++;
	}
	for (size_t i = 0; i < s->nviews && t->n < LIST_MAX_TABS; i++) {
		struct list_tab *tab = &t->tab[t->n];
		struct errbuf err;

		tab_reset(tab);
		if (viewdef_from_settings(&s->views[i], &tab->def, &err) != HALO_OK) {
			/* The loader checks these: kept as a marked tab. */
			if (!tab->def.res)
				continue;
			tab->state = TAB_FAILED;
			snprintf(tab->error, sizeof tab->error, "%s", err.msg);
		}
		t->n++;
	}
}

void list_tabs_close(struct ui *ui, struct list_tabs *t)
{
	if (t->saved_req)
		ui_cancel(ui, t->saved_req);
	t->saved_req = 0;
	for (int i = 0; i < t->n; i++) {
		if (t->tab[i].req)
			ui_cancel(ui, t->tab[i].req);
		kv_done(&t->tab[i].params);
		kv_done(&t->tab[i].labels);
		viewdef_done(&t->tab[i].def);
	}
	t->n = 0;
}

static void resolve(struct ui *ui, struct list_tab *tab)
{
	struct errbuf err;
	enum halo_status st;
	bool ready;

	st = ui_resolve(ui, &tab->def, &tab->params, &tab->labels, &ready, &err);
	if (st == HALO_ENOTFOUND) {
		tab->state = TAB_EMPTY;
		tab->count = 0;
	} else if (st != HALO_OK) {
		tab->state = TAB_FAILED;
		snprintf(tab->error, sizeof tab->error, "%s", err.msg);
		ui_error(ui, "%s", err.msg);
	} else if (ready) {
		tab->state = TAB_READY;
	}
}

static void ask_count(struct ui *ui, struct pane *p, struct list_tab *tab,
                      int i)
{
	struct list_query q = { .search = tab->def.search,
	                        .params = &tab->params };
	struct request *req = request_page(tab->def.res, &q, 1, 1);

	if (!req)
		ui_oom();
	req->background = true;
	tab->req = ui_submit(ui, p, req, WHAT_COUNT, i);
	trace_event("tab-count", "tab=%d", i);
}

/* Halo's saved views: from the cache file at once when there is one, and
 * read again in the background once it is older than the lookup lists'
 * TTL. */
static void ask_saved(struct ui *ui, struct pane *p, struct list_tabs *t)
{
	const struct resource *res = resource_find("viewlists");
	struct request *req;

	t->saved_asked = true;
	if (!res)
		return;
	req = request_new(REQ_LIST, res);
	if (!req)
		ui_oom();
	req->background = true;
	req->cache_ttl_s = SESSION_LOOKUP_TTL_S;
	t->saved_req = ui_submit(ui, p, req, WHAT_SAVED_VIEWS, 0);
	trace_event("saved-views", "asked");
}

unsigned list_tabs_saved_done(struct ui *ui, struct pane *p,
                              struct list_tabs *t, struct worker_event *ev)
{
	size_t added = 0;

	if (!t->saved_req || ev->id != t->saved_req)
		return 0;
	t->saved_req = 0;
	if (ev->status != HALO_OK) {
		/* An instance without /ViewLists has none: nothing to say. */
		if (ev->http_status != 404)
			ui_message(ui, "Halo's saved views not shown: %s",
			           ev->message);
		trace_event("saved-views", "failed=%d", ev->http_status);
		return UI_REDRAW;
	}
	for (size_t k = 0; k < ev->page.n && t->n < LIST_MAX_TABS; k++) {
		struct list_tab *tab = &t->tab[t->n];
		struct errbuf err;
		enum halo_status st;
		long count;

		memset(tab, 0, sizeof *tab);
		st = viewdef_from_saved(ev->page.records[k], &tab->def, &count,
		                        &err);
		if (st == HALO_ENOMEM)
			ui_oom();
		if (st != HALO_OK)
			continue;   /* no id, or not a view of tickets */
		tab_reset(tab);
		tab->saved = true;
		/* A count kept in the cache may be an hour old: asked again. */
		tab->count = ev->from_cache ? -1 : count;
		t->n++;
		added++;
	}
	trace_event("saved-views", "tabs=%zu", added);
	list_tabs_kick(ui, p, t);
	return UI_REDRAW;
}

void list_tabs_kick(struct ui *ui, struct pane *p, struct list_tabs *t)
{
	if (!t->live)
		return;
	if (!t->saved_asked)
		ask_saved(ui, p, t);
	for (int i = 0; i < t->n; i++) {
		struct list_tab *tab = &t->tab[i];

		if (tab->state == TAB_RESOLVING)
			resolve(ui, tab);
		if (tab->state == TAB_READY && tab->count < 0 && !tab->req &&
		    (tab->def.res->flags & RES_PAGED) &&
		    viewdef_counted(&tab->def))
			ask_count(ui, p, tab, i);
	}
}

void list_tabs_refresh(struct ui *ui, struct pane *p, struct list_tabs *t)
{
	for (int i = 0; i < t->n; i++) {
		struct list_tab *tab = &t->tab[i];

		if (tab->req)
			ui_cancel(ui, tab->req);
		tab->req = 0;
		tab_reset(tab);
	}
	list_tabs_kick(ui, p, t);
}

void list_tabs_recount(struct ui *ui, struct pane *p, struct list_tabs *t)
{
	if (!t->live)
		return;
	for (int i = 0; i < t->n; i++) {
		struct list_tab *tab = &t->tab[i];

		/* The count shown stays until the new one comes. */
		if (tab->state == TAB_READY && !tab->req &&
		    (tab->def.res->flags & RES_PAGED) &&
		    viewdef_counted(&tab->def))
			ask_count(ui, p, tab, i);
	}
}

unsigned list_tabs_count_done(struct ui *ui, struct list_tabs *t,
                              struct worker_event *ev, long i)
{
	struct list_tab *tab;

	(void)ui;
	if (i < 0 || i >= t->n || t->tab[i].req != ev->id)
		return 0;
	tab = &t->tab[i];
	tab->req = 0;
	/* A count that failed stays unknown until the next refresh. */
	if (ev->status == HALO_OK)
		tab->count = ev->page.record_count;
	return UI_REDRAW;
}

int list_tabs_put(struct ui *ui, struct pane *p, struct list_tabs *t,
                  const struct viewdef *d)
{
	int i;

	for (i = 0; i < t->n; i++)
		if (t->tab[i].def.name && strcmp(t->tab[i].def.name, d->name) == 0)
			break;
	/* The built-in views keep their names. */
	if ((size_t)i < viewdef_builtin_count() || i == LIST_MAX_TABS)
		return -1;
	if (i < t->n) {
		if (t->tab[i].req)
			ui_cancel(ui, t->tab[i].req);
		t->tab[i].req = 0;
		t->tab[i].saved = false;   /* the user's own now */
		viewdef_done(&t->tab[i].def);
	} else {
		memset(&t->tab[i], 0, sizeof t->tab[i]);
		t->n++;
	}
	if (viewdef_copy(&t->tab[i].def, d) != 0)
		ui_oom();
	tab_reset(&t->tab[i]);
	list_tabs_kick(ui, p, t);
	return i;
}

int list_tab_find(const struct list_tabs *t, const char *name)
{
	for (int i = 0; i < t->n; i++)
		if (t->tab[i].def.name && strcmp(t->tab[i].def.name, name) == 0)
			return i;
	for (int i = 0; i < t->n; i++)
		if (t->tab[i].def.name && strcasecmp(t->tab[i].def.name, name) == 0)
			return i;
	return -1;
}

/* ---- drawing ----------------------------------------------------------- */

/* " My tickets 12 " */
static void tab_text(const struct list_tab *tab, char *buf, size_t len)
{
	if (tab->state == TAB_FAILED)
		snprintf(buf, len, " %s ! ", tab->def.name);
	else if (tab->count >= 0 && viewdef_counted(&tab->def))
		snprintf(buf, len, " %s %ld ", tab->def.name, tab->count);
	else
		snprintf(buf, len, " %s ", tab->def.name);
}

void list_tabs_draw(struct ui *ui, struct list_tabs *t, int y, int x, int w,
                    int current, bool focused)
{
	static const char sep[] = "\xe2\x94\x82";   /* │ */
	char text[LIST_MAX_TABS][200];
	int width[LIST_MAX_TABS], first = 0, used, col = x;

	screen_put(y, x, w, "", ui->attrs[ROLE_NORMAL]);
	memset(t->x1, 0, sizeof t->x1);
	if (!t->n || w < 1)
		return;
	for (int i = 0; i < t->n; i++) {
		tab_text(&t->tab[i], text[i], sizeof text[i]);
		width[i] = screen_width(text[i]) + 1;   /* and its separator */
	}
	/* The current tab is always on the bar: the first ones give way. */
	for (;;) {
		used = first ? 2 : 0;
		for (int i = first; i <= current && i < t->n; i++)
			used += width[i];
		if (current < 0 || used <= w || first >= current)
			break;
		first++;
	}
	if (first)
		col += screen_put_cut(y, col, w, "\xe2\x80\xa6 ",
		                      ui->attrs[ROLE_PLACEHOLDER]);
	for (int i = first; i < t->n && col < x + w; i++) {
		int attr = ui->attrs[ROLE_NORMAL];

		if (i > first)
			col += screen_put_cut(y, col, x + w - col, sep,
			                      ui->attrs[ROLE_PLACEHOLDER]);
		if (i == current)
			attr = ui->attrs[focused ? ROLE_LIST_SELECTED :
			                 ROLE_LIST_INACTIVE];
		else if (t->tab[i].state == TAB_FAILED)
			attr = ui->attrs[ROLE_ERROR];
		if (col < x + w) {
			t->x0[i] = col;
			col += screen_put_cut(y, col, x + w - col, text[i], attr);
			t->x1[i] = col;
		}
	}
}

int list_tabs_at(const struct list_tabs *t, int x)
{
	for (int i = 0; i < t->n; i++)
		if (t->x1[i] && x >= t->x0[i] && x < t->x1[i])
			return i;
	return -1;
}

/* ---- switching ---------------------------------------------------------- */

void list_tab_open(struct ui *ui, int i)
{
	struct pane *p = list_pane(ui);
	struct list_state *st = p ? p->state : NULL;
	const struct list_tab *tab;
	struct view *v;
	char title[160];

	if (!st || i < 0 || i >= st->tabs.n)
		return;
	tab = &st->tabs.tab[i];
	list_switch(ui, NULL);   /* the detail closes, the views go */
	if ((size_t)i < viewdef_builtin_count())
		snprintf(title, sizeof title, "%s", tab->def.name);
	else if (tab->saved)
		snprintf(title, sizeof title, "%s (Halo view %s)",
		         tab->def.res->name, tab->def.name);
	else
		snprintf(title, sizeof title, "%s (view %s)", tab->def.res->name,
		         tab->def.name);
	v = view_from_def(ui, &tab->def, title);
	v->tab = i;
	list_push_view(ui, v);
}

void list_tab_step(struct ui *ui, int step)
{
	struct pane *p = list_pane(ui);
	struct list_state *st = p ? p->state : NULL;
	struct view *v = list_current(ui);
	int n, cur;

	if (!st || !st->tabs.n)
		return;
	n = st->tabs.n;
	cur = v ? v->tab : -1;
	if (cur < 0)
		cur = step > 0 ? 0 : n - 1;
	else
		cur = ((cur + step) % n + n) % n;
	list_tab_open(ui, cur);
}
