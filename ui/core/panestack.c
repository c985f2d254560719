/* SPDX-License-Identifier: MIT */
/* The stack of panes: pushing and popping them (their state allocated
 * here), finding them, giving each its rectangle from the layout, which
 * one gets the keys; the modules beside them; and the notices told to
 * both. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "trace.h"
#include "ui.h"

/* ---- the stack --------------------------------------------------------- */

struct pane *ui_top(struct ui *ui)
{
	return ui->npanes ? &ui->panes[ui->npanes - 1] : NULL;
}

struct pane *ui_find(struct ui *ui, const struct pane_ops *ops)
{
	for (int i = ui->npanes - 1; i >= 0; i--)
		if (ui->panes[i].ops == ops)
			return &ui->panes[i];
	return NULL;
}

struct pane *ui_pane_by_serial(struct ui *ui, unsigned serial)
{
	for (int i = 0; i < ui->npanes; i++)
		if (ui->panes[i].serial == serial)
			return &ui->panes[i];
	return NULL;
}

static void close_pane(struct ui *ui, struct pane *p)
{
	ui_forget_pane(ui, p);
	if (p->ops->close)
		p->ops->close(ui, p);
	free(p->state);
	p->state = NULL;
}

struct pane *ui_push(struct ui *ui, const struct pane_ops *ops,
                     enum pane_place place, void *arg)
{
	struct pane *p;

	if (ui->npanes == UI_MAX_PANES) {
		ui_error(ui, "too many panes open: close one with q");
		return NULL;
	}
	p = &ui->panes[ui->npanes++];
	memset(p, 0, sizeof *p);
	p->ops = ops;
	p->place = place;
	p->serial = ++ui->next_serial;
	if (ops->state_size && !(p->state = calloc(1, ops->state_size)))
		ui_oom();
	ui_relayout(ui);
	if (ops->open && ops->open(ui, p, arg) != 0) {
		close_pane(ui, p);
		ui->npanes--;
		ui_relayout(ui);
		return NULL;
	}
	if (place == PLACE_DETAIL || place == PLACE_EDIT)
		ui->split_focus_detail = true;
	trace_event("pane", "open %s", ops->name);
	return p;
}

void ui_pop(struct ui *ui, struct pane *p)
{
	int idx = (int)(p - ui->panes);

	if (idx < 0 || idx >= ui->npanes)
		return;
	while (ui->npanes > idx) {
		struct pane *top = &ui->panes[ui->npanes - 1];
		trace_event("pane", "close %s", top->ops->name);
		close_pane(ui, top);
		ui->npanes--;
	}
	ui_relayout(ui);
}

/* ---- layout and focus -------------------------------------------------- */

void ui_relayout(struct ui *ui)
{
	bool detail = false, edit = false;

	for (int i = 0; i < ui->npanes; i++) {
		if (ui->panes[i].place == PLACE_DETAIL)
			detail = true;
		if (ui->panes[i].place == PLACE_EDIT)
			edit = true;
	}
	layout_compute(ui->cols, ui->rows, detail, edit, &ui->lay);
	for (int i = 0; i < ui->npanes; i++) {
		struct pane *p = &ui->panes[i];
		switch (p->place) {
		case PLACE_LIST:
			p->rect = ui->lay.list;
			break;
		case PLACE_DETAIL:
			p->rect = ui->lay.detail;
			break;
		case PLACE_EDIT:
			p->rect = ui->lay.edit;
			break;
		case PLACE_OVERLAY:
			p->rect = ui->lay.overlay;
			break;
		case PLACE_BOTTOM:
			p->rect = ui->lay.status;
			break;
		}
	}
}

/* The pane that gets keys: the top one, except that in a split layout
 * Tab can give them to the list beside the detail. */
struct pane *ui_focused(struct ui *ui)
{
	struct pane *top = ui_top(ui);

	if (!top)
		return NULL;
	if (top->place == PLACE_DETAIL && ui->lay.split &&
	    !ui->split_focus_detail)
		return &ui->panes[0];
	return top;
}

/* ---- modules ----------------------------------------------------------- */

void *ui_module(struct ui *ui, const struct ui_module *m)
{
	for (int i = 0; i < ui->nmodules; i++)
		if (ui->modules[i].mod == m)
			return ui->modules[i].state;
	if (ui->nmodules == UI_MAX_MODULES)
		return NULL;
	ui->modules[ui->nmodules].mod = m;
	ui->modules[ui->nmodules].state = calloc(1, m->state_size ? m->state_size : 1);
	if (!ui->modules[ui->nmodules].state)
		ui_oom();
	return ui->modules[ui->nmodules++].state;
}

void ui_close_modules(struct ui *ui)
{
	while (ui->nmodules) {
		int i = --ui->nmodules;
		if (ui->modules[i].mod->close)
			ui->modules[i].mod->close(ui, ui->modules[i].state);
		free(ui->modules[i].state);
		ui->modules[i].state = NULL;
	}
}

/* ---- notices ----------------------------------------------------------- */

unsigned ui_notify(struct ui *ui, const struct ui_notice *n)
{
	unsigned flags = 0;

	/* A pane's notify may close panes above it: index, never pointer. */
	for (int i = 0; i < ui->npanes; i++)
		if (ui->panes[i].ops->notify)
			flags |= ui->panes[i].ops->notify(ui, &ui->panes[i], n);
	for (int i = 0; i < ui->nmodules; i++)
		if (ui->modules[i].mod->notify)
			flags |= ui->modules[i].mod->notify(ui, ui->modules[i].state, n);
	return flags & ~(unsigned)UI_CLOSE;
}

void ui_record_saved(struct ui *ui, const struct record *r)
{
	struct ui_notice n = { .kind = NOTICE_RECORD_SAVED, .record = r };

	ui_notify(ui, &n);
}

void ui_record_removed(struct ui *ui, const struct resource *res, long id,
                       long ticket_id)
{
	struct ui_notice n = { .kind = NOTICE_RECORD_REMOVED, .res = res,
	                       .id = id, .ticket_id = ticket_id };

	ui_notify(ui, &n);
}
