/* SPDX-License-Identifier: MIT */
/* Marks on the list's rows (mutt's tags): Space marks the row and moves
 * down, a pattern marks every loaded row it matches, another key the
 * rows on the screen, another clears them. Marks are record ids of one
 * resource, so they stay through scrolling, paging and a refresh; a
 * marked row shows a glyph in a narrow column of its own, drawn while
 * anything is marked. With marks, the triage keys (status, priority,
 * assign to me, note) and the bulk key change every marked record. */
#include "config.h"
#include "list_private.h"
#include "marks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "rowmatch.h"
#include "screen.h"
#include "view.h"

/* mutt's tag: apart from the new-row mark (list_live.c), and the same
 * on every terminal. */
#define MARK_GLYPH "*"

/* ---- the set ------------------------------------------------------------- */

static size_t find(const struct list_marks *m, long id, bool *found)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (m->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < m->n && m->ids[lo] == id;
	return lo;
}

bool marks_has(const struct list_marks *m, long id)
{
	bool found = false;

	if (m->n)
		find(m, id, &found);
	return found;
}

static void marks_add(struct list_marks *m, long id)
{
	bool found;
	size_t at = find(m, id, &found);
	long *grown;

	if (found || id <= 0)
		return;
	grown = grow_for_one(m->ids, m->n, &m->cap, sizeof *m->ids, 32);
	if (!grown)
		ui_oom();
	m->ids = grown;
	memmove(m->ids + at + 1, m->ids + at, (m->n - at) * sizeof *m->ids);
	m->ids[at] = id;
	m->n++;
}

static void marks_del(struct list_marks *m, long id)
{
	bool found;
	size_t at = find(m, id, &found);

	if (!found)
		return;
	memmove(m->ids + at, m->ids + at + 1, (m->n - at - 1) * sizeof *m->ids);
	m->n--;
}

void marks_done(struct list_marks *m)
{
	free(m->ids);
	memset(m, 0, sizeof *m);
}

/* The marks of v's resource: those of another resource are dropped. */
static struct list_marks *marks_for(struct list_state *st,
                                    const struct view *v)
{
	if (st->marks.res != v->res) {
		st->marks.n = 0;
		st->marks.res = v->res;
	}
	return &st->marks;
}

static size_t count_for(const struct list_state *st, const struct view *v)
{
	return v && st->marks.res == v->res ? st->marks.n : 0;
}

/* ---- what the list shows -------------------------------------------------- */

int list_marks_width(const struct list_state *st, const struct view *v)
{
	return count_for(st, v) ? 2 : 0;
}

void list_marks_cell(struct ui *ui, const struct list_state *st,
                     const struct record *r, int y, int x)
{
	bool on = r && r->id > 0 && marks_has(&st->marks, r->id);

	screen_put(y, x, 2, !on ? "  " : MARK_GLYPH " ",
	           ui->attrs[on ? ROLE_LIST_MARKED : ROLE_NORMAL]);
}

void list_marks_status(const struct list_state *st, const struct view *v,
                       char *buf, size_t len)
{
	size_t n = count_for(st, v);
	size_t used = strlen(buf);

	if (n && used < len)
		snprintf(buf + used, len - used, "  %zu marked", n);
}

size_t list_marked(struct ui *ui, const struct resource **res, long **ids)
{
	struct pane *p = list_pane(ui);
	struct list_state *st = p ? p->state : NULL;
	struct view *v = list_current(ui);
	size_t n = st ? count_for(st, v) : 0;

	*ids = NULL;
	*res = v ? v->res : NULL;
	if (!n)
		return 0;
	*ids = malloc(n * sizeof **ids);
	if (!*ids)
		ui_oom();
	memcpy(*ids, st->marks.ids, n * sizeof **ids);
	return n;
}

void list_unmark(struct ui *ui, const struct resource *res, const long *ids,
                 size_t n)
{
	struct pane *p = list_pane(ui);
	struct list_state *st = p ? p->state : NULL;

	if (!st || st->marks.res != res)
		return;
	for (size_t i = 0; i < n; i++)
		marks_del(&st->marks, ids[i]);
}

/* ---- the keys -------------------------------------------------------------- */

static unsigned toggle(struct ui *ui, struct list_state *st, struct view *v)
{
	const struct record *r = view_selected(v);
	struct list_marks *m = marks_for(st, v);

	if (!r || r->id <= 0) {
		ui_message(ui, r ? "this row has no id to mark" :
		           "this row is still loading");
		return UI_REDRAW;
	}
	if (marks_has(m, r->id))
		marks_del(m, r->id);
	else
		marks_add(m, r->id);
	scroller_apply(&v->scroll, ACT_MOVE_DOWN);
	return UI_REDRAW;
}

static unsigned mark_rows(struct ui *ui, struct list_state *st,
                          struct view *v, long from, long to,
                          const struct rowmatch *pat)
{
	struct list_marks *m = marks_for(st, v);
	size_t before = m->n, seen = 0;

	for (long i = from; i < to && i < v->model.count; i++) {
		enum lpage_state ps;
		const struct record *r = listmodel_row(&v->model, i, &ps);
		int hit;

		if (!r || r->id <= 0)
			continue;
		seen++;
		hit = pat ? rowmatch_test(pat, &st->fmt.cols, r, &ui->s->lookups) : 1;
		if (hit < 0)
			ui_oom();
		if (hit)
			marks_add(m, r->id);
	}
	ui_message(ui, "%zu more marked (%zu marked)%s", m->n - before, m->n,
	           pat ? (seen < (size_t)(v->model.count > 0 ? v->model.count : 0) ?
	                  ": rows not loaded yet were not looked at" : "") : "");
	return UI_REDRAW;
}

static unsigned pattern_typed(struct ui *ui, void *ctx, const char *text)
{
	struct list_state *st = ctx;
	struct view *v = list_current(ui);
	struct rowmatch pat;
	struct errbuf err;

	if (!v)
		return 0;
	errbuf_clear(&err);
	if (rowmatch_parse(&pat, &st->fmt.cols, text, &err) != HALO_OK) {
		ui_error(ui, "mark: %s", err.msg);
		return UI_REDRAW;
	}
	return mark_rows(ui, st, v, 0, v->model.count, &pat);
}

/* The triage keys with marks: the change goes to every marked record. */
static const char *bulk_key_of(enum action act)
{
	switch (act) {
	case ACT_SET_STATUS:   return "status_id";
	case ACT_SET_PRIORITY: return "priority_id";
	case ACT_ASSIGN_ME:    return "me";
	case ACT_NOTE:         return "note";
	case ACT_BULK:         return "";
	default:               return NULL;
	}
}

unsigned list_marks_handle(struct ui *ui, struct list_state *st,
                           struct view *v, enum action act, bool *taken)
{
	const char *bulk = bulk_key_of(act);

	*taken = true;
	switch (act) {
	case ACT_MARK:
		return toggle(ui, st, v);
	case ACT_MARK_PATTERN:
		prompt_open(ui, "mark rows matching (text or column=value): ", "",
		            pattern_typed, st);
		return UI_REDRAW;
	case ACT_MARK_PAGE:
		return mark_rows(ui, st, v, v->scroll.top,
		                 v->scroll.top + list_rows(ui), NULL);
	case ACT_MARK_CLEAR:
		ui_message(ui, "%zu marks cleared", count_for(st, v));
		st->marks.n = 0;
		return UI_REDRAW;
	default:
		break;
	}
	if (bulk && count_for(st, v)) {
		bulk_choose(ui, *bulk ? bulk : NULL);
		return UI_REDRAW;
	}
	if (act == ACT_BULK) {
		ui_message(ui, "nothing is marked: mark rows first");
		return UI_REDRAW;
	}
	*taken = false;
	return 0;
}
