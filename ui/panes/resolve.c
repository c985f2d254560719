/* SPDX-License-Identifier: MIT */
/* A view's filters as written (agent: me, status: New, client: Acme) to
 * its query, with what this session knows: the lookup lists, who I am
 * (me.c) and records found by their name. What is missing is asked for
 * once; its arrival is told as NOTICE_LOOKUP or NOTICE_RESOLVED, and the
 * panes resolve again then. A name of a record (a client) is searched in
 * the background, once a session, and must name one record exactly. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "panes.h"

#define NAMES_MAX 64

struct found {
	const struct resource *res;
	char *text;
	long id;            /* > 0 found; 0 asked; -1 none; -2 ask again */
	char error[300];    /* why none */
};

struct names {
	struct found f[NAMES_MAX];
	size_t n;
};

static unsigned names_on_event(struct ui *ui, void *state,
                               struct worker_event *ev, int what, long arg);
static void names_close(struct ui *ui, void *state);

static const struct ui_module names_module = {
	.name = "names",
	.state_size = sizeof(struct names),
	.on_event = names_on_event,
	.close = names_close,
};

static struct names *names_of(struct ui *ui)
{
	struct names *n = ui_module(ui, &names_module);

	if (!n)
		ui_oom();
	return n;
}

static void names_close(struct ui *ui, void *state)
{
	struct names *n = state;

	(void)ui;
	for (size_t i = 0; i < n->n; i++)
		free(n->f[i].text);
	n->n = 0;
}

/* Searches for the record of f->res named f->text, in the background. */
static void ask(struct ui *ui, struct names *n, struct found *f)
{
	struct request *req = request_search(f->res, f->text, 20);

	if (!req)
		ui_oom();
	req->background = true;
	f->id = 0;
	ui_submit_module(ui, &names_module, req, 0, (long)(f - n->f));
}

static long find(void *ctx, const struct resource *res, const char *text,
                 struct errbuf *err)
{
	struct ui *ui = ctx;
	struct names *n = names_of(ui);
	struct found *f;

	for (size_t i = 0; i < n->n; i++) {
		f = &n->f[i];
		if (f->res != res || strcasecmp(f->text, text) != 0)
			continue;
		if (f->id == -2)
			ask(ui, n, f);
		if (f->id < 0)
			errbuf_set(err, HALO_ENOTFOUND, "%s", f->error);
		return f->id;
	}
	if (!res || n->n == NAMES_MAX) {
		errbuf_set(err, HALO_EUSAGE, "too many names to look up: give "
		           "the %s's id for \"%s\"", res ? res->singular : "record",
		           text);
		return -1;
	}
	f = &n->f[n->n];
	memset(f, 0, sizeof *f);
	f->res = res;
	f->text = strdup(text);
	if (!f->text)
		ui_oom();
	n->n++;
	ask(ui, n, f);
	return 0;
}

static unsigned names_on_event(struct ui *ui, void *state,
                               struct worker_event *ev, int what, long arg)
{
	struct names *n = state;
	struct ui_notice note = { .kind = NOTICE_RESOLVED, .ok = true };
	struct found *f;
	long at;

	(void)what;
	if (arg < 0 || (size_t)arg >= n->n)
		return 0;
	f = &n->f[arg];
	if (ev->status != HALO_OK) {
		f->id = -1;
		snprintf(f->error, sizeof f->error, "looking up %s \"%s\": %s",
		         f->res->singular, f->text, ev->message);
		note.ok = false;
	} else if ((at = records_exact_title(ev->page.records, ev->page.n,
	                                     f->text)) >= 0) {
		/* A LIKE search: the one exact name (HALO_API.md F2). */
		f->id = ev->page.records[at]->id;
	} else {
		f->id = -1;
		snprintf(f->error, sizeof f->error, "no %s named \"%s\"%s",
		         f->res->singular, f->text, ev->page.n ?
		         " exactly (give its id)" : "");
	}
	return ui_notify(ui, &note) | UI_REDRAW;
}

enum halo_status ui_resolve(struct ui *ui, const struct viewdef *d,
                            struct kv_list *params, struct kv_list *labels,
                            bool *ready, struct errbuf *err)
{
	struct viewdef_env env = {
		.lk = &ui->s->lookups, .me = me_known(ui), .me_error = me_error(ui),
		.find = find, .ctx = ui,
	};
	struct viewdef_need need;
	enum halo_status st;

	errbuf_clear(err);
	st = viewdef_resolve(d, &env, params, labels, &need, err);
	*ready = st == HALO_OK && !need.waiting;
	if (st != HALO_OK || !need.waiting)
		return st;
	for (int k = LOOKUP_NONE + 1; k < LOOKUP__COUNT; k++) {
		if (!need.lookup[k])
			continue;
		if (ui->lookups_failed[k])
			return errbuf_set(err, HALO_ECONFIG, "view '%s': the %s list "
			                  "did not load (r asks again)",
			                  d->name ? d->name : d->res->name,
			                  lookup_kind_name((enum lookup_kind)k));
		ui_need_lookup(ui, (enum lookup_kind)k);
	}
	if (need.me)
		me_need(ui, false);
	return HALO_OK;
}

void ui_resolve_again(struct ui *ui)
{
	struct names *n = names_of(ui);

	me_retry(ui);
	/* Names not found are looked up again when next needed: they may
	 * exist by now. */
	for (size_t i = 0; i < n->n; i++)
		if (n->f[i].id == -1)
			n->f[i].id = -2;
}
