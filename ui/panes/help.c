/* SPDX-License-Identifier: MIT */
/* The help overlay (`?`): every action with its keys as bound now, and
 * the `:` commands, made from the same lists the keymap uses. */
#include "config.h"


#include "keyhelp.h"
#include "panes.h"
#include "screen.h"
#include "text.h"

struct help_state {
	char **lines;
	size_t n;
	struct scroller scroll;   /* the text scrolls; no cursor */
};

static int help_open_pane(struct ui *ui, struct pane *p, void *arg)
{
	struct help_state *st = p->state;

	(void)arg;
	if (keyhelp_lines(&ui->keys, &st->lines, &st->n) != 0)
		ui_oom();
	return 0;
}

static void help_draw(struct ui *ui, struct pane *p, bool focused)
{
	static const struct key_hint hints[] = {
		{ ACT_MOVE_DOWN, 0, "down" }, { ACT_MOVE_UP, 0, "up" },
		{ ACT_CLOSE, 0, "closes" },
	};
	struct help_state *st = p->state;
	struct rect in = screen_box(&p->rect, " halotui help ",
	                            ui->attrs[ROLE_BORDER], ui->attrs[ROLE_TITLE]);
	int rows = in.h;

	(void)focused;
	if (rows < 1)
		return;
	scroller_fit(&st->scroll, rows, (long)st->n);
	for (int i = 0; i < rows; i++) {
		size_t at = (size_t)st->scroll.top + (size_t)i;
		const char *l = at < st->n ? st->lines[at] : "";
		int role = l[0] && l[0] != ' ' ? ROLE_HELP_KEY : ROLE_NORMAL;
		screen_put(in.y + i, in.x, in.w, l, ui->attrs[role]);
	}
	ui_box_hint(ui, &p->rect, NULL, hints, sizeof hints / sizeof hints[0]);
}

static unsigned help_handle(struct ui *ui, struct pane *p, int key,
                            enum action act)
{
	(void)ui;
	(void)p;
	(void)key;
	switch (act) {
	case ACT_CLOSE:
	case ACT_HELP:
	case ACT_QUIT:
		return UI_CLOSE;
	default:
		return UI_NOT_MINE | UI_REDRAW;
	}
}

static struct scroller *help_scroller(struct ui *ui, struct pane *p)
{
	struct help_state *st = p->state;

	(void)ui;
	return &st->scroll;
}

static void help_close(struct ui *ui, struct pane *p)
{
	struct help_state *st = p->state;

	(void)ui;
	text_lines_free(&st->lines, st->n);
}

const struct pane_ops help_pane_ops = {
	.name = "help",
	.state_size = sizeof(struct help_state),
	.open = help_open_pane,
	.close = help_close,
	.draw = help_draw,
	.handle = help_handle,
	.scroller = help_scroller,
};

void help_open(struct ui *ui)
{
	if (!ui_find(ui, &help_pane_ops))
		ui_push(ui, &help_pane_ops, PLACE_OVERLAY, NULL);
}
