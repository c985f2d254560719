/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "paging.h"
#include "panes.h"
#include "trace.h"

#define VIEW_MAX_WANTED 8

static char *dup_or_null(const char *s)
{
	char *d;

	if (!s || !*s)
		return NULL;
	d = strdup(s);
	if (!d)
		ui_oom();
	return d;
}

struct view *view_new(struct ui *ui, const struct resource *res)
{
	static unsigned long serial;
	struct view *v = calloc(1, sizeof *v);

	if (!v)
		ui_oom();
	v->serial = ++serial;
	v->res = res;
	viewdef_init(&v->def, res);
	v->tab = -1;
	snprintf(v->title, sizeof v->title, "%s", res->name);
	v->group = ui_new_group(ui);
	v->scroll.has_cursor = true;
	v->scroll.dir = 1;
	v->traced_top = -1;
	listmodel_init(&v->model,
	               paging_request_size(ui->s->settings.page_size, 0));
	return v;
}

struct view *view_from_def(struct ui *ui, const struct viewdef *d,
                           const char *title)
{
	struct view *v = view_new(ui, d->res);

	viewdef_done(&v->def);
	if (viewdef_copy(&v->def, d) != 0)
		ui_oom();
	snprintf(v->title, sizeof v->title, "%s", title);
	view_set_search(v, d->search);
	view_set_order(v, d->sort, d->desc);
	return v;
}

void view_free(struct ui *ui, struct view **vp)
{
	struct view *v = *vp;

	if (!v)
		return;
	worker_cancel_group(ui->s->worker, v->group);
	listmodel_clear(&v->model);
	kv_done(&v->params);
	kv_done(&v->labels);
	viewdef_done(&v->def);
	free(v->search);
	free(v->order);
	free(v);
	*vp = NULL;
}

void view_restart(struct ui *ui, struct view *v)
{
	worker_cancel_group(ui->s->worker, v->group);
	v->group = ui_new_group(ui);
	listmodel_clear(&v->model);
	listmodel_init(&v->model,
	               paging_request_size(ui->s->settings.page_size, 0));
	v->error[0] = '\0';
	v->scroll.dir = 1;
	view_resolve(ui, v);
}

void view_set_param(struct view *v, const char *param, const char *value,
                    const char *label)
{
	const struct filter_def *f = resource_filter(v->res, param);

	if (viewdef_set(&v->def, f, f ? NULL : param, value, label) != 0)
		ui_oom();
}

void view_clear_filters(struct view *v)
{
	viewdef_clear(&v->def);
}

void view_set_search(struct view *v, const char *search)
{
	free(v->search);
	v->search = dup_or_null(search);
}

void view_set_order(struct view *v, const char *order, bool desc)
{
	free(v->order);
	v->order = dup_or_null(order);
	v->desc = desc;
}

struct request *view_page_request(struct view *v, long page)
{
	struct list_query q = {
		.search = v->search, .params = &v->params,
		.order = v->order, .orderdesc = v->desc,
	};
	struct request *req = request_page(v->res, &q, (int)page,
	                                   v->model.page_size);

	if (!req)
		ui_oom();
	req->group = v->group;
	return req;
}

/* A page in flight that the window left: abandoned (its answer is still
 * kept if it comes), or cancelled outright when too many are. */
static void drop_request(void *ctx, uint64_t req, bool cancel)
{
	struct ui *ui = ctx;

	trace_event(cancel ? "cancel" : "abandon", "id=%llu",
	            (unsigned long long)req);
	if (cancel)
		ui_cancel(ui, req);
	else
		worker_abandon(ui->s->worker, req);
}

void view_fetch(struct ui *ui, struct pane *p, struct view *v, int rows)
{
	long want[VIEW_MAX_WANTED];
	struct lwindow w;
	size_t n;

	if (v->pending || v->blocked)
		return;
	if (rows < 1)
		rows = 1;
	w.first = w.top = v->scroll.top;
	w.last = w.bottom = v->scroll.top + rows - 1;
	/* About one screen of prefetch, in the direction of travel only, so
	 * that a jump (g, G) fetches just the page it lands on. */
	if (v->scroll.dir > 0)
		w.last += rows;
	else if (v->scroll.dir < 0)
		w.first = w.first > rows ? w.first - rows : 0;
	if (v->traced_top != w.top && trace_on()) {
		trace_event("window", "%s top=%ld rows=%d", v->res->name, w.top, rows);
		v->traced_top = w.top;
	}
	/* Pages left behind first: their slots go to the screen's pages. */
	listmodel_leave(&v->model, &w, 2L * rows + v->model.page_size,
	                drop_request, ui);
	n = listmodel_wanted(&v->model, &w, want, VIEW_MAX_WANTED);
	for (size_t i = 0; i < n; i++) {
		struct request *req = view_page_request(v, want[i]);
		long from = paging_first_row(want[i], v->model.page_size);
		uint64_t id;

		/* A page off the screen is a prefetch: the user's own requests
		 * go first. */
		req->background = from > w.bottom ||
		                  from + v->model.page_size <= w.top;
		id = ui_submit(ui, p, req, 1, want[i]);
		if (listmodel_loading(&v->model, want[i], id) != 0)
			ui_oom();
	}
}

bool view_page_done(struct ui *ui, struct view *v, struct worker_event *ev,
                    long page, int rows)
{
	if (ev->group != v->group)
		return false;  /* an old generation's page */
	if (ev->status != HALO_OK) {
		/* A page left behind fails (or was dropped) unseen: it is
		 * asked for again if the user comes back to it. */
		if (!listmodel_fail(&v->model, page, ev->id,
		                    ev->status == HALO_ECANCELLED))
			return true;
		snprintf(v->error, sizeof v->error, "%s", ev->message);
		ui_error(ui, "%s: %s", v->res->name, ev->message);
		return true;
	}
	v->error[0] = '\0';
	listmodel_apply(&v->model, page, ev->id, &ev->page);
	view_fit(v, rows);
	if (v->scroll.want_last && v->model.count >= 0) {
		v->scroll.want_last = false;
		scroller_apply(&v->scroll, ACT_LAST);
	}
	return true;
}

void view_fit(struct view *v, int rows)
{
	scroller_fit(&v->scroll, rows, v->model.count);
}

void view_top(struct view *v)
{
	v->scroll.cursor = v->scroll.top = 0;
}

const struct record *view_selected(const struct view *v)
{
	enum lpage_state st;

	if (v->model.count <= 0)
		return NULL;
	return listmodel_row(&v->model, v->scroll.cursor, &st);
}

int view_add_filter(struct ui *ui, struct view *v, const char *name,
                    const char *value)
{
	struct filter_value fv;
	struct errbuf err;

	if (filter_parse(v->res, name, value, &fv, &err) != HALO_OK) {
		ui_error(ui, "%s", err.msg);
		return -1;
	}
	/* As written: names, "me" and "mine" are resolved at view_restart.
	 * Off is the server's default: the filter goes. */
	if (fv.def->boolean)
		view_set_param(v, fv.def->param, fv.flag ? "true" : NULL, NULL);
	else
		view_set_param(v, fv.def->param, fv.value, NULL);
	return 0;
}

bool view_resolve(struct ui *ui, struct view *v)
{
	struct errbuf err;
	enum halo_status st;
	bool ready;

	st = ui_resolve(ui, &v->def, &v->params, &v->labels, &ready, &err);
	v->pending = st == HALO_OK && !ready;
	v->blocked = st != HALO_OK;
	if (st == HALO_ENOTFOUND) {
		/* It selects nothing (an agent in no team): an empty list
		 * that says why. */
		snprintf(v->error, sizeof v->error, "%s", err.msg);
		v->model.count = 0;
	} else if (st != HALO_OK) {
		snprintf(v->error, sizeof v->error, "%s", err.msg);
		ui_error(ui, "%s", err.msg);
	}
	return !v->pending && !v->blocked;
}
