/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "detail_cache.h"

#include <stdlib.h>
#include <string.h>

#include "livemarks.h"
#include "panes.h"

struct cached {
	const struct resource *res;
	long id;
	struct record *rec;       /* NULL until the GET's answer */
	struct record **notes;
	size_t nnotes;
	bool notes_known;
	unsigned long used;
};

struct detail_cache {
	struct cached e[DETAIL_CACHE_MAX];
	size_t n;
	unsigned long clock;
};

static unsigned cache_notify(struct ui *ui, void *state,
                             const struct ui_notice *n);
static void cache_close(struct ui *ui, void *state);

static const struct ui_module detail_cache_module = {
	.name = "detail-cache",
	.state_size = sizeof(struct detail_cache),
	.notify = cache_notify,
	.close = cache_close,
};

static void drop_notes(struct cached *c)
{
	records_free(&c->notes, &c->nnotes);
	c->notes_known = false;
}

static void forget(struct detail_cache *dc, size_t i)
{
	record_free(&dc->e[i].rec);
	drop_notes(&dc->e[i]);
	dc->e[i] = dc->e[--dc->n];
}

static struct cached *find(struct detail_cache *dc, const struct resource *res,
                           long id)
{
	for (size_t i = 0; i < dc->n; i++)
		if (dc->e[i].res == res && dc->e[i].id == id)
			return &dc->e[i];
	return NULL;
}

/* The entry for res/id, made (the least recently used one going) when
 * there is none. */
static struct cached *entry(struct detail_cache *dc,
                            const struct resource *res, long id)
{
	struct cached *c = find(dc, res, id);

	if (!c) {
		if (dc->n == DETAIL_CACHE_MAX) {
			size_t old = 0;
			for (size_t i = 1; i < dc->n; i++)
				if (dc->e[i].used < dc->e[old].used)
					old = i;
			forget(dc, old);
		}
		c = &dc->e[dc->n++];
		memset(c, 0, sizeof *c);
		c->res = res;
		c->id = id;
	}
	c->used = ++dc->clock;
	return c;
}

static bool same_stamp(const struct record *a, const struct record *b)
{
	char sa[LIVEMARKS_STAMP_MAX], sb[LIVEMARKS_STAMP_MAX];
	const char *x = livemarks_stamp(a, sa, sizeof sa);
	const char *y = livemarks_stamp(b, sb, sizeof sb);

	return x && y && strcmp(x, y) == 0;
}

void detail_cache_record(struct ui *ui, const struct record *r)
{
	struct detail_cache *dc = ui_module(ui, &detail_cache_module);
	struct cached *c;
	struct record *copy;

	if (!dc || !r || !r->id)
		return;
	c = entry(dc, r->res, r->id);
	/* Notes read with an older copy may be older than this one. */
	if (c->rec && !same_stamp(c->rec, r))
		drop_notes(c);
	if (!(copy = record_dup(r)))
		ui_oom();
	record_free(&c->rec);
	c->rec = copy;
}

void detail_cache_notes(struct ui *ui, const struct resource *res, long id,
                        struct record *const *notes, size_t n)
{
	struct detail_cache *dc = ui_module(ui, &detail_cache_module);
	struct cached *c;

	if (!dc || !id)
		return;
	c = entry(dc, res, id);
	drop_notes(c);
	if (n && !(c->notes = calloc(n, sizeof *c->notes)))
		ui_oom();
	for (size_t i = 0; i < n; i++) {
		if (notes[i] && !(c->notes[c->nnotes++] = record_dup(notes[i])))
			ui_oom();
	}
	c->notes_known = true;
}

bool detail_cache_get(struct ui *ui, const struct resource *res, long id,
                      const char *stamp, struct record **rec,
                      struct record ***notes, size_t *n)
{
	struct detail_cache *dc = ui_module(ui, &detail_cache_module);
	char mine[LIVEMARKS_STAMP_MAX];
	const char *have;
	struct cached *c;

	*rec = NULL;
	*notes = NULL;
	*n = 0;
	if (!dc || !stamp || !(c = find(dc, res, id)) || !c->rec)
		return false;
	have = livemarks_stamp(c->rec, mine, sizeof mine);
	if (!have || strcmp(have, stamp) != 0 ||
	    (resource_child(res) && !c->notes_known))
		return false;
	c->used = ++dc->clock;
	if (!(*rec = record_dup(c->rec)))
		ui_oom();
	if (c->nnotes && !(*notes = calloc(c->nnotes, sizeof **notes)))
		ui_oom();
	for (size_t i = 0; i < c->nnotes; i++)
		if (!((*notes)[i] = record_dup(c->notes[i])))
			ui_oom();
	*n = c->nnotes;
	return true;
}

/* A record saved here (or a note on a ticket): what was kept of it is
 * no longer what the server has. */
static unsigned cache_notify(struct ui *ui, void *state,
                             const struct ui_notice *n)
{
	struct detail_cache *dc = state;
	const struct record *r = n->record;

	(void)ui;
	if (n->kind != NOTICE_RECORD_SAVED || !r)
		return 0;
	for (size_t i = dc->n; i-- > 0;) {
		const struct cached *c = &dc->e[i];
		bool hit = (c->res == r->res && c->id == r->id) ||
		           (resource_child(c->res) == r->res &&
		            (c->id == r->ticket_id ||
		             c->id == record_id_of(r, "ticket_id")));
		if (hit)
			forget(dc, i);
	}
	return 0;
}

static void cache_close(struct ui *ui, void *state)
{
	struct detail_cache *dc = state;

	(void)ui;
	while (dc->n)
		forget(dc, dc->n - 1);
}
