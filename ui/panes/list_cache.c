/* SPDX-License-Identifier: MIT */
/* Instant start: the start view's first page as last seen, drawn from the
 * cache while the server has not answered, marked "cached N min ago" in
 * the status line, and replaced by the fresh page when it comes (which is
 * then kept for the next start). Only the view the list opened with, and
 * only until its query changes. The rows are customer data: their file
 * is 0600 (cachefile.c) and cache: false keeps none. */
#include "config.h"
#include "list_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cachefile.h"
#include "screen.h"
#include "trace.h"
#include "view.h"

struct list_cache {
	const struct view *view;  /* the start view; NULL when done */
	unsigned group;           /* its generation when opened */
	char path[4096];          /* its first page's file */
	struct api_page page;     /* the cached rows; empty when none */
	time_t saved;
	bool traced;
};

static void cache_close(struct ui *ui, void *state)
{
	struct list_cache *c = state;

	(void)ui;
	api_page_done(&c->page);
}

static const struct ui_module list_cache_module = {
	.name = "list-cache",
	.state_size = sizeof(struct list_cache),
	.close = cache_close,
};

static struct cache_owner owner_of(const struct ui *ui)
{
	const struct settings *s = &ui->s->settings;

	return (struct cache_owner){ s->base_url, s->tenant, s->client_id };
}

/* The cache of v while it is the start view as opened; else NULL. */
static struct list_cache *cache_of(struct ui *ui, const struct view *v)
{
	struct list_cache *c = ui_module(ui, &list_cache_module);

	return c && c->view == v && v->group == c->group ? c : NULL;
}

void list_cache_open(struct ui *ui, struct view *v)
{
	struct list_cache *c;
	struct list_query q = { .search = v->search, .params = &v->params,
	                        .order = v->order, .orderdesc = v->desc };
	struct cache_owner o = owner_of(ui);
	struct errbuf err;
	char *qpath, sum[65], name[128], *data = NULL;
	size_t len = 0;

	if (!ui->s->settings.cache)
		return;
	c = ui_module(ui, &list_cache_module);
	if (!c)
		return;
	/* Named by the page's request: another query, page size or sort is
	 * another file. */
	qpath = api_list_path(v->res, &q, 1, v->model.page_size);
	if (!qpath)
		ui_oom();
	cachefile_digest(qpath, strlen(qpath), sum);
	free(qpath);
	snprintf(name, sizeof name, "rows-%s-%.16s", v->res->name, sum);
	if (!sum[0] || cachefile_path(XDG_CACHE, NULL, ui->s->settings.profile,
	                              name, c->path, sizeof c->path) != 0)
		return;
	c->view = v;
	c->group = v->group;
	if (!cachefile_read(c->path, &o, &data, &len, &c->saved))
		return;
	errbuf_clear(&err);
	if (api_parse_list(v->res, data, len, &c->page, &err) != HALO_OK)
		api_page_done(&c->page);   /* unusable: as if none */
	free(data);
}

bool list_cache_draw(struct ui *ui, struct list_state *st, struct view *v,
                     const struct rect *r, bool focused)
{
	struct list_cache *c = cache_of(ui, v);
	int rows = r->h - 1;

	if (!c || c->page.n == 0 || v->model.count >= 0)
		return false;
	for (int i = 0; i < rows && (size_t)i < c->page.n; i++) {
		char *line = listfmt_row(&st->fmt, c->page.records[i],
		                         &ui->s->lookups);
		int attr = ui->attrs[ROLE_NORMAL];

		if (!line)
			ui_oom();
		if (i == v->scroll.cursor)
			attr = ui->attrs[focused ? ROLE_LIST_SELECTED :
			                 ROLE_LIST_INACTIVE];
		screen_put(r->y + 1 + i, r->x, r->w, line, attr);
		free(line);
	}
	if (!c->traced) {
		c->traced = true;
		trace_event("cached-rows", "%s n=%zu", v->res->name, c->page.n);
	}
	return true;
}

void list_cache_status(struct ui *ui, const struct view *v, char *buf,
                       size_t len)
{
	struct list_cache *c = cache_of(ui, v);
	time_t now = time(NULL);
	long age;

	if (!c || c->page.n == 0 || v->model.count >= 0 || len == 0)
		return;
	age = now > c->saved ? (long)(now - c->saved) : 0;
	if (age < 60)
		snprintf(buf, len, "  cached %ld s ago, loading\xe2\x80\xa6", age);
	else if (age < 3600)
		snprintf(buf, len, "  cached %ld min ago, loading\xe2\x80\xa6",
		         age / 60);
	else if (age < 172800)
		snprintf(buf, len, "  cached %ld h ago, loading\xe2\x80\xa6",
		         age / 3600);
	else
		snprintf(buf, len, "  cached %ld days ago, loading\xe2\x80\xa6",
		         age / 86400);
}

void list_cache_page(struct ui *ui, const struct view *v,
                     const struct worker_event *ev, long page)
{
	struct list_cache *c = cache_of(ui, v);
	struct cache_owner o = owner_of(ui);
	struct errbuf err;

	if (!c || page != 1 || ev->group != c->group)
		return;
	/* Fresh rows from here on: the cached ones are done with. */
	api_page_done(&c->page);
	c->view = NULL;
	if (ev->status != HALO_OK || ev->from_cache || !ev->body)
		return;
	if (cachefile_write(c->path, &o, ev->body, ev->body_len, &err) != HALO_OK)
		ui_message(ui, "rows not cached: %s", err.msg);
}
