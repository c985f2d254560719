/* The stack of panes: pushing and popping them, finding them, giving each
 * its rectangle from the layout, and which one gets the keys. */
#include "config.h"

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
	ui_relayout(ui);
	if (ops->open && ops->open(ui, p, arg) != 0) {
		ui_forget_pane(ui, p);
		if (ops->close)
			ops->close(ui, p);
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
		ui_forget_pane(ui, top);
		if (top->ops->close)
			top->ops->close(ui, top);
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
