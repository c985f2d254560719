/* The list pane: a stack of list views (a jump or a quick lookup pushes
 * one, q pops it), drawn from the sparse page cache. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listfmt.h"
#include "panes.h"
#include "screen.h"
#include "text.h"
#include "trace.h"
#include "view.h"

#define LIST_MAX_VIEWS 16

enum list_what { WHAT_PAGE = 1, WHAT_LINK_SEARCH = 2 };

struct list_state {
	struct view *views[LIST_MAX_VIEWS];
	int n;
	struct listfmt fmt;
	const struct resource *fmt_res;
	int fmt_width;
	char link_param[64];     /* the filter a name search is for */
	char link_label[64];
};

static struct list_state *state_of(struct ui *ui)
{
	struct pane *p = ui_find(ui, &list_pane_ops);

	return p ? p->state : NULL;
}

static struct pane *list_pane(struct ui *ui)
{
	return ui_find(ui, &list_pane_ops);
}

struct view *list_current(struct ui *ui)
{
	struct list_state *st = state_of(ui);

	return st && st->n ? st->views[st->n - 1] : NULL;
}

static int list_rows(struct ui *ui)
{
	struct pane *p = list_pane(ui);
	int rows = p ? p->rect.h - 1 : 0;

	/* A full-screen detail hides the list: keep the last useful size. */
	if (rows < 1)
		rows = ui->rows - 3;
	return rows > 0 ? rows : 1;
}

void list_push_view(struct ui *ui, struct view *v)
{
	struct list_state *st = state_of(ui);

	if (!st) {
		view_free(ui, &v);
		return;
	}
	if (st->n == LIST_MAX_VIEWS) {
		/* Forget the oldest view rather than refuse a new one. */
		view_free(ui, &st->views[0]);
		memmove(st->views, st->views + 1, (size_t)(st->n - 1) * sizeof st->views[0]);
		st->n--;
	}
	st->views[st->n++] = v;
	ui_need_lookups_for(ui, v->res);
	if (!view_resolve(ui, v))
		ui_message(ui, "%s: loading names for the filters", v->title);
}

void list_switch(struct ui *ui, const struct resource *res)
{
	struct list_state *st = state_of(ui);
	struct pane *d;

	if (!st || !res)
		return;
	/* A resource key starts over: close the detail, replace the view. */
	d = ui_find(ui, &detail_pane_ops);
	if (d)
		ui_pop(ui, d);
	while (st->n)
		view_free(ui, &st->views[--st->n]);
	list_push_view(ui, view_new(ui, res));
}

void list_status(struct ui *ui, char *buf, size_t len)
{
	struct view *v = list_current(ui);
	size_t used;

	buf[0] = '\0';
	if (!v)
		return;
	used = (size_t)snprintf(buf, len, " %s", v->title);
	if (v->search && used < len)
		used += (size_t)snprintf(buf + used, len - used, "  /%s", v->search);
	for (size_t i = 0; i < v->labels.n && used < len; i++) {
		/* Filters by the names people type: status=Closed. */
		const struct filter_def *f = resource_filter(v->res, v->labels.items[i].key);
		used += (size_t)snprintf(buf + used, len - used, "  %s=%s",
		                         f ? f->name : v->labels.items[i].key,
		                         v->labels.items[i].value);
	}
	if (used >= len)
		return;
	if (v->model.count > 0)
		snprintf(buf + used, len - used, "  row %ld of %ld",
		         v->cursor + 1, v->model.count);
	else if (v->model.count == 0)
		snprintf(buf + used, len - used, "  no %s", v->res->name);
	else
		snprintf(buf + used, len - used, "  loading\xe2\x80\xa6");
}

void list_sync(struct ui *ui)
{
	struct pane *p = list_pane(ui);
	struct view *v = list_current(ui);

	if (!p || !v)
		return;
	view_clamp(v, list_rows(ui));
	view_fetch(ui, p, v, list_rows(ui));
	/* After the pages: with few requests on the wire at once, the first
	 * page must not queue behind the lookup lists (names fill in later).
	 * Asked once per session; later calls do nothing. */
	ui_need_lookups_for(ui, v->res);
}

/* ---- drawing ----------------------------------------------------------- */

static void draw_row(struct ui *ui, struct list_state *st, struct view *v,
                     int y, struct rect *r, long row, bool focused)
{
	enum lpage_state ps;
	const struct record *rec = listmodel_row(&v->model, row, &ps);
	char *line;
	int attr = ui->attrs[ROLE_NORMAL];

	if (rec) {
		line = listfmt_row(&st->fmt, rec, &ui->s->lookups);
		if (!ui->first_rows_traced) {
			ui->first_rows_traced = true;
			trace_event("first-rows", "%s", v->res->name);
		}
	} else {
		line = listfmt_placeholder(&st->fmt, ps == LPAGE_FAILED);
		attr = ui->attrs[ROLE_PLACEHOLDER];
	}
	if (!line)
		ui_oom();
	if (row == v->cursor)
		attr = ui->attrs[focused ? ROLE_LIST_SELECTED : ROLE_LIST_INACTIVE];
	screen_put(y, r->x, r->w, line, attr);
	free(line);
}

static void list_draw(struct ui *ui, struct pane *p, bool focused)
{
	struct list_state *st = p->state;
	struct view *v = list_current(ui);
	struct rect *r = &p->rect;
	char *head;
	int rows = r->h - 1;

	if (!v || r->h < 1)
		return;
	if (st->fmt_res != v->res || st->fmt_width != r->w) {
		listfmt_init(&st->fmt, v->res, r->w);
		st->fmt_res = v->res;
		st->fmt_width = r->w;
	}
	head = listfmt_header(&st->fmt, v->order, v->desc);
	if (!head)
		ui_oom();
	screen_put(r->y, r->x, r->w, head, ui->attrs[ROLE_HEADER]);
	free(head);
	if (v->model.count == 0 || (v->model.count < 0 && v->error[0])) {
		char msg[400];
		snprintf(msg, sizeof msg, "  %s", v->error[0] ? v->error :
		         v->search || v->labels.n ? "nothing matches" : "nothing here");
		screen_put(r->y + 1, r->x, r->w, msg,
		           ui->attrs[v->error[0] ? ROLE_ERROR : ROLE_PLACEHOLDER]);
		return;
	}
	if (v->model.count < 0) {
		screen_put(r->y + 1, r->x, r->w, "  loading\xe2\x80\xa6",
		           ui->attrs[ROLE_PLACEHOLDER]);
		return;
	}
	for (int i = 0; i < rows && v->top + i < v->model.count; i++)
		draw_row(ui, st, v, r->y + 1 + i, r, v->top + i, focused);
}

void list_click(struct ui *ui, struct pane *p, int y)
{
	struct view *v = list_current(ui);
	long row;

	if (!v || y <= p->rect.y)
		return;
	row = v->top + (y - p->rect.y - 1);
	if (row < v->model.count && row >= 0)
		v->cursor = row;
}

/* ---- events ------------------------------------------------------------ */

static unsigned link_results(struct ui *ui, struct list_state *st,
                             struct worker_event *ev);

static unsigned list_on_event(struct ui *ui, struct pane *p,
                              struct worker_event *ev, int what, long arg)
{
	struct list_state *st = p->state;

	if (what == -1) {
		/* A record was saved: every view shows the new copy. */
		for (int i = 0; i < st->n; i++)
			if (st->views[i]->res == ev->res &&
			    listmodel_replace(&st->views[i]->model, ev->record) < 0)
				ui_oom();
		return UI_REDRAW;
	}
	if (what == -2) {
		for (int i = 0; i < st->n; i++)
			view_resolve(ui, st->views[i]);
		return UI_REDRAW;
	}
	if (what == WHAT_LINK_SEARCH)
		return link_results(ui, st, ev);
	if (what >= UI_WHAT_TRIAGE)
		return triage_event(ui, ev, what, arg);
	for (int i = 0; i < st->n; i++) {
		struct view *v = st->views[i];
		if (v->group != ev->group)
			continue;
		if (!view_page_done(ui, v, ev, arg, list_rows(ui)))
			return 0;
		if (ev->status != HALO_OK)
			ui_error(ui, "%s: %s", v->res->name, ev->message);
		if (v->open_single && arg == 1 && ev->status == HALO_OK) {
			const struct record *only = view_selected(v);
			v->open_single = false;
			if (v->model.count == 1 && only)
				detail_open_record(ui, only);
		}
		return UI_REDRAW;
	}
	return 0;
}

/* ---- filters, sort, search --------------------------------------------- */

static unsigned filter_value_chosen(struct ui *ui, void *ctx,
                                    const struct picker_item *it)
{
	struct list_state *st = ctx;
	struct view *v = list_current(ui);
	char id[32];

	if (!v)
		return 0;
	snprintf(id, sizeof id, "%ld", it->id);
	view_set_param(v, st->link_param, id, it->label);
	view_restart(ui, v);
	v->cursor = v->top = 0;
	return UI_REDRAW;
}

static unsigned link_results(struct ui *ui, struct list_state *st,
                             struct worker_event *ev)
{
	struct picker_item *items;
	size_t n = ev->page.n;

	if (ev->status != HALO_OK) {
		ui_error(ui, "%s", ev->message);
		return UI_REDRAW;
	}
	if (!n) {
		ui_error(ui, "no %s matches", ev->res ? ev->res->name : "record");
		return UI_REDRAW;
	}
	items = calloc(n, sizeof *items);
	if (!items)
		ui_oom();
	for (size_t i = 0; i < n; i++) {
		const struct record *r = ev->page.records[i];
		const char *t = ev->res->title_key ? record_str(r, ev->res->title_key) : NULL;
		char *clean = text_sanitize(t ? t : "", t ? strlen(t) : 0, 0);
		if (!clean)
			ui_oom();
		items[i].label = clean;
		items[i].id = r->id;
	}
	picker_open(ui, st->link_label, items, n, 0, filter_value_chosen, st);
	return UI_REDRAW;
}

static unsigned link_typed(struct ui *ui, void *ctx, const char *text)
{
	struct list_state *st = ctx;
	const struct filter_def *f;
	const struct resource *lres;
	struct view *v = list_current(ui);
	struct request *req;
	char *end;
	long id;

	if (!v || !text || !*text)
		return UI_REDRAW;
	id = strtol(text, &end, 10);
	if (!*end && id > 0) {
		view_set_param(v, st->link_param, text, text);
		view_restart(ui, v);
		return UI_REDRAW;
	}
	f = resource_filter(v->res, st->link_param);
	lres = f && f->link ? resource_find(f->link) : NULL;
	if (!lres) {
		view_set_param(v, st->link_param, text, text);
		view_restart(ui, v);
		return UI_REDRAW;
	}
	/* A name: search that resource and let the user pick. */
	req = request_new(REQ_LIST, lres);
	if (!req || !(req->search = strdup(text)))
		ui_oom();
	req->page_no = 1;
	req->page_size = 20;
	ui_submit(ui, list_pane(ui), req, WHAT_LINK_SEARCH, 0);
	ui_message(ui, "looking up %s \"%s\"\xe2\x80\xa6", lres->singular, text);
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
		kv_done(&v->params);
		kv_done(&v->labels);
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
		v->cursor = v->top = 0;
		return UI_REDRAW;
	}
	if (f->lookup) {
		const struct lookup_list *l = &ui->s->lookups.lists[f->lookup];
		struct picker_item *items;
		if (!l->loaded) {
			ui_need_lookup(ui, f->lookup);
			ui_message(ui, "loading the %s list; try again in a moment",
			           lookup_kind_name(f->lookup));
			return UI_REDRAW;
		}
		items = calloc(l->n ? l->n : 1, sizeof *items);
		if (!items)
			ui_oom();
		for (size_t i = 0; i < l->n; i++) {
			items[i].label = strdup(l->items[i].name);
			if (!items[i].label)
				ui_oom();
			items[i].id = l->items[i].id;
		}
		picker_open(ui, f->name, items, l->n, 0, filter_value_chosen, st);
		return UI_REDRAW;
	}
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
	v->cursor = v->top = 0;
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
	v->cursor = v->top = 0;
	return UI_REDRAW;
}

/* ---- saved views and jumps ---------------------------------------------- */

int list_open_saved(struct ui *ui, const char *name)
{
	const struct settings *s = &ui->s->settings;

	for (size_t i = 0; i < s->nviews; i++) {
		const struct settings_view *sv = &s->views[i];
		const struct resource *res;
		struct view *v;
		if (strcmp(sv->name, name) != 0)
			continue;
		res = resource_find(sv->resource ? sv->resource : "tickets");
		if (!res || !(res->flags & RES_BROWSE)) {
			ui_error(ui, "view %s: unknown resource \"%s\"", sv->name,
			         sv->resource ? sv->resource : "");
			return -1;
		}
		v = view_new(ui, res);
		snprintf(v->title, sizeof v->title, "%s (view %s)", res->name, sv->name);
		view_set_search(v, sv->search);
		view_set_order(v, sv->sort, sv->desc);
		for (size_t k = 0; k < sv->nfilters; k++)
			view_add_filter(ui, v, sv->filters[k].key, sv->filters[k].value);
		list_push_view(ui, v);
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

void list_pick_saved(struct ui *ui)
{
	const struct settings *s = &ui->s->settings;
	struct picker_item *items;

	if (!s->nviews) {
		ui_message(ui, "no saved views: add some under views: in the config");
		return;
	}
	items = calloc(s->nviews, sizeof *items);
	if (!items)
		ui_oom();
	for (size_t i = 0; i < s->nviews; i++) {
		items[i].label = strdup(s->views[i].name);
		if (!items[i].label)
			ui_oom();
	}
	picker_open(ui, "saved views", items, s->nviews, 0, saved_chosen, NULL);
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

/* ---- keys --------------------------------------------------------------- */

static unsigned list_move(struct ui *ui, struct view *v, enum action act)
{
	int rows = list_rows(ui);

	switch (act) {
	case ACT_MOVE_DOWN:
		view_move(v, 1, rows);
		break;
	case ACT_MOVE_UP:
		view_move(v, -1, rows);
		break;
	case ACT_PAGE_DOWN:
		v->top += rows;
		view_move(v, rows, rows);
		break;
	case ACT_PAGE_UP:
		v->top -= rows;
		view_move(v, -rows, rows);
		break;
	case ACT_FIRST:
		view_first(v);
		break;
	case ACT_LAST:
		view_last(v, rows);
		break;
	default:
		return 0;
	}
	return UI_REDRAW;
}

static unsigned list_handle(struct ui *ui, struct pane *p, int key,
                            enum action act)
{
	struct list_state *st = p->state;
	struct view *v = list_current(ui);
	const struct record *sel = v ? view_selected(v) : NULL;
	unsigned moved;

	(void)key;
	if (!v)
		return UI_QUIT;
	/* Beside a detail the cursor moves alone: Enter shows the row, so
	 * that holding j does not spend the server's rate limit. */
	moved = list_move(ui, v, act);
	if (moved)
		return moved;
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
		ui_retry_lookups(ui);
		clearok(curscr, TRUE);
		view_restart(ui, v);
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

static int list_open(struct ui *ui, struct pane *p, void *arg)
{
	const struct resource *res = arg;
	struct list_state *st = calloc(1, sizeof *st);

	if (!st)
		ui_oom();
	p->state = st;
	st->views[st->n++] = view_new(ui, res);   /* lookups: see list_sync */
	return 0;
}

static void list_close(struct ui *ui, struct pane *p)
{
	struct list_state *st = p->state;

	if (!st)
		return;
	while (st->n)
		view_free(ui, &st->views[--st->n]);
	free(st);
	p->state = NULL;
}

const struct pane_ops list_pane_ops = {
	.name = "list",
	.open = list_open,
	.on_event = list_on_event,
	.draw = list_draw,
	.handle = list_handle,
	.close = list_close,
};

int ui_start_list(struct ui *ui, const char *resource)
{
	const struct resource *res = resource_find(resource ? resource : "tickets");

	if (!res || !(res->flags & RES_BROWSE) || !(res->flags & RES_PAGED))
		return -1;
	return ui_push(ui, &list_pane_ops, PLACE_LIST, (void *)res) ? 0 : -1;
}
