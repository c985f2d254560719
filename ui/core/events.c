/* SPDX-License-Identifier: MIT */
/* Requests and their answers: the UI's table of pending requests (so that
 * each event finds the pane that asked), the lookup lists the UI asks for
 * itself, the rate-limit countdown, and saved records passed to every
 * pane. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "trace.h"
#include "ui.h"

unsigned ui_new_group(struct ui *ui)
{
	return ++ui->next_group;
}

static const char *req_kind_name(enum req_kind k)
{
	static const char *const names[] = { "list", "get", "post", "delete", "me",
	                                     "download" };

	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static uint64_t submit(struct ui *ui, unsigned pane,
                       const struct ui_module *mod, struct request *req,
                       int what, long arg)
{
	struct pending *np;
	uint64_t id;
	enum req_kind kind;
	const char *res;
	int page;
	bool background;

	if (!req)
		ui_oom();
	np = grow_for_one(ui->pend, ui->npend, &ui->cappend, sizeof *np, 32);
	if (!np)
		ui_oom();
	ui->pend = np;
	kind = req->kind;
	res = req->res ? req->res->name : "";
	page = req->page_no;
	background = req->background;
	id = worker_submit(ui->s->worker, req);
	if (!id)
		ui_oom();
	ui->pend[ui->npend++] = (struct pending){ id, pane, mod, what, arg,
	                                          kind == REQ_POST, background };
	trace_event("request", "id=%llu %s %s page=%d", (unsigned long long)id,
	            req_kind_name(kind), res, page);
	return id;
}

uint64_t ui_submit(struct ui *ui, struct pane *p, struct request *req,
                   int what, long arg)
{
	return submit(ui, p ? p->serial : 0, NULL, req, what, arg);
}

uint64_t ui_submit_module(struct ui *ui, const struct ui_module *m,
                          struct request *req, int what, long arg)
{
	return submit(ui, 0, m, req, what, arg);
}

void ui_forget_pane(struct ui *ui, struct pane *p)
{
	size_t out = 0;

	for (size_t i = 0; i < ui->npend; i++) {
		if (ui->pend[i].pane == p->serial && !ui->pend[i].mod) {
			/* A POST already sent stays on the server's side; its
			 * answer is just not applied to a pane that is gone. */
			worker_cancel(ui->s->worker, ui->pend[i].id);
			continue;
		}
		ui->pend[out++] = ui->pend[i];
	}
	ui->npend = out;
}

void ui_cancel(struct ui *ui, uint64_t id)
{
	worker_cancel(ui->s->worker, id);
	for (size_t i = 0; i < ui->npend; i++)
		if (ui->pend[i].id == id) {
			ui->pend[i] = ui->pend[--ui->npend];
			break;
		}
}

void ui_need_lookup(struct ui *ui, enum lookup_kind kind)
{
	if (kind <= LOOKUP_NONE || kind >= LOOKUP__COUNT ||
	    ui->lookups_asked[kind] || lookups_loaded(&ui->s->lookups, kind))
		return;
	ui->lookups_asked[kind] = true;
	ui_submit(ui, NULL, session_lookup_request(kind), 0, kind);
}

unsigned ui_with_lookup(struct ui *ui, struct pane *p, enum lookup_kind kind,
                        ui_lookup_fn fn, long arg)
{
	if (lookups_loaded(&ui->s->lookups, kind)) {
		ui->lookup_wait.fn = NULL;
		return fn(ui, p, arg);
	}
	ui->lookup_wait.pane = p->serial;
	ui->lookup_wait.kind = kind;
	ui->lookup_wait.fn = fn;
	ui->lookup_wait.arg = arg;
	/* A list that failed is asked again: the user asked for it. */
	if (kind > LOOKUP_NONE && kind < LOOKUP__COUNT && ui->lookups_failed[kind]) {
		ui->lookups_failed[kind] = false;
		ui->lookups_asked[kind] = false;
	}
	ui_need_lookup(ui, kind);
	ui_message(ui, "loading the %s list\xe2\x80\xa6", lookup_kind_name(kind));
	return UI_REDRAW;
}

/* The list a key waited for arrived: do what the key asked. */
static unsigned lookup_waited(struct ui *ui, enum lookup_kind kind, bool ok)
{
	ui_lookup_fn fn = ui->lookup_wait.fn;
	struct pane *p;

	if (!fn || ui->lookup_wait.kind != kind)
		return 0;
	ui->lookup_wait.fn = NULL;
	p = ui_pane_by_serial(ui, ui->lookup_wait.pane);
	if (!ok || !p || ui_top(ui) != p)
		return 0;   /* failed (said so), or the user moved on */
	ui->message[0] = '\0';
	return fn(ui, p, ui->lookup_wait.arg);
}

void ui_search_link(struct ui *ui, struct pane *p, const struct resource *res,
                    const char *text, int what, long arg)
{
	ui_submit(ui, p, request_search(res, text, 20), what, arg);
	ui_message(ui, "looking up %s \"%s\"\xe2\x80\xa6", res->singular, text);
}

void ui_retry_lookups(struct ui *ui)
{
	for (int k = LOOKUP_NONE + 1; k < LOOKUP__COUNT; k++)
		if (ui->lookups_failed[k]) {
			ui->lookups_failed[k] = false;
			ui->lookups_asked[k] = false;
			ui_need_lookup(ui, (enum lookup_kind)k);
		}
}

void ui_need_lookups_for(struct ui *ui, const struct resource *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->nfields; i++)
		if (res->fields[i].flags & (FIELD_COLUMN | FIELD_DETAIL))
			ui_need_lookup(ui, res->fields[i].lookup);
}

/* The UI's own requests: the lookup lists. */
static unsigned lookup_done(struct ui *ui, struct worker_event *ev, long arg)
{
	struct ui_notice n = { .kind = NOTICE_LOOKUP, .ok = ev->status == HALO_OK };
	bool known = arg > LOOKUP_NONE && arg < LOOKUP__COUNT;

	if (ev->status == HALO_OK) {
		session_apply_lookup(ui->s, ev);
	} else {
		/* Not asked again by itself (r does): a failing list must
		 * not turn into a loop of requests. */
		if (known)
			ui->lookups_failed[arg] = true;
		ui_error(ui, "%s list: %s", lookup_kind_name((enum lookup_kind)arg),
		         ev->message);
	}
	/* Names appear: every pane may want to rebuild. */
	n.lookup = known ? (enum lookup_kind)arg : LOOKUP_NONE;
	return ui_notify(ui, &n) | lookup_waited(ui, n.lookup, n.ok) | UI_REDRAW;
}

static unsigned apply_event(struct ui *ui, struct worker_event *ev)
{
	struct pending pd = { 0 };
	bool found = false;
	struct pane *p;

	for (size_t i = 0; i < ui->npend; i++)
		if (ui->pend[i].id == ev->id) {
			pd = ui->pend[i];
			ui->pend[i] = ui->pend[--ui->npend];
			found = true;
			break;
		}
	if (ev->kind == EV_WAITING) {
		if (found && pd.background) {
			/* The user waits for none of it: no countdown. */
			ui->pend[ui->npend++] = pd;
			return 0;
		}
		clock_gettime(CLOCK_MONOTONIC, &ui->wait_until);
		ui->wait_until.tv_sec += (ev->wait_ms + 999) / 1000;
		ui->wait_status = ev->retry_status;
		ui->wait_id = ev->id;
		if (found)
			ui->pend[ui->npend++] = pd;  /* still pending */
		return UI_REDRAW;
	}
	/* Only the waiting request's own answer ends its countdown. */
	if (ev->id == ui->wait_id)
		ui->wait_until.tv_sec = 0;
	trace_event("response", "id=%llu status=%d http=%d",
	            (unsigned long long)ev->id, (int)ev->status, ev->http_status);
	if (!found)
		return 0;
	if (pd.mod) {
		void *state = ui_module(ui, pd.mod);
		return state && pd.mod->on_event ?
		       pd.mod->on_event(ui, state, ev, pd.what, pd.arg) | UI_REDRAW : 0;
	}
	if (pd.pane == 0)
		return lookup_done(ui, ev, pd.arg);
	p = ui_pane_by_serial(ui, pd.pane);
	if (!p || !p->ops->on_event)
		return 0;
	return p->ops->on_event(ui, p, ev, pd.what, pd.arg) | UI_REDRAW;
}

unsigned ui_drain_worker(struct ui *ui)
{
	struct worker_event *ev;
	unsigned flags = 0;

	while ((ev = worker_next(ui->s->worker)) != NULL) {
		flags |= apply_event(ui, ev);
		trace_event("applied", "id=%llu", (unsigned long long)ev->id);
		worker_event_free(&ev);
	}
	/* Panes close themselves from events (ui_pop); the flag means nothing
	 * here. */
	return flags & ~(unsigned)UI_CLOSE;
}
