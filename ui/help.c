/* The help overlay (`?`): every action with its keys as bound now, and
 * the `:` commands, made from the same lists the keymap uses. */
#include "config.h"

#include <stdlib.h>

#include "keyhelp.h"
#include "panes.h"
#include "screen.h"
#include "text.h"

struct help_state {
	char **lines;
	size_t n;
	size_t top;
};

static int help_open_pane(struct ui *ui, struct pane *p, void *arg)
{
	struct help_state *st = calloc(1, sizeof *st);

	(void)arg;
	if (!st || keyhelp_lines(&ui->keys, &st->lines, &st->n) != 0)
		ui_oom();
	p->state = st;
	return 0;
}

static void help_draw(struct ui *ui, struct pane *p, bool focused)
{
	struct help_state *st = p->state;
	struct rect in = screen_box(&p->rect, " halotui help ",
	                            ui->attrs[ROLE_BORDER], ui->attrs[ROLE_TITLE]);
	int rows = in.h;

	(void)focused;
	if (rows < 1)
		return;
	if (st->top + (size_t)rows > st->n)
		st->top = st->n > (size_t)rows ? st->n - (size_t)rows : 0;
	for (int i = 0; i < rows; i++) {
		const char *l = st->top + (size_t)i < st->n ? st->lines[st->top + (size_t)i] : "";
		int role = l[0] && l[0] != ' ' ? ROLE_HELP_KEY : ROLE_NORMAL;
		screen_put(in.y + i, in.x, in.w, l, ui->attrs[role]);
	}
	screen_put_cut(p->rect.y + p->rect.h - 1, p->rect.x + 2, p->rect.w - 4,
	               " j/k scroll \xc2\xb7 q, Esc or ? closes ", ui->attrs[ROLE_BORDER]);
}

static unsigned help_handle(struct ui *ui, struct pane *p, int key,
                            enum action act)
{
	struct help_state *st = p->state;
	size_t page = p->rect.h > 2 ? (size_t)p->rect.h - 2 : 1;

	(void)ui;
	(void)key;
	switch (act) {
	case ACT_CLOSE:
	case ACT_HELP:
	case ACT_QUIT:
		return UI_CLOSE;
	case ACT_MOVE_DOWN:
		st->top++;
		break;
	case ACT_MOVE_UP:
		if (st->top)
			st->top--;
		break;
	case ACT_PAGE_DOWN:
		st->top += page;
		break;
	case ACT_PAGE_UP:
		st->top = st->top > page ? st->top - page : 0;
		break;
	case ACT_FIRST:
		st->top = 0;
		break;
	case ACT_LAST:
		st->top = st->n;
		break;
	default:
		break;
	}
	return UI_REDRAW;
}

static void help_close(struct ui *ui, struct pane *p)
{
	struct help_state *st = p->state;

	(void)ui;
	if (!st)
		return;
	text_lines_free(&st->lines, st->n);
	free(st);
	p->state = NULL;
}

const struct pane_ops help_pane_ops = {
	.name = "help",
	.open = help_open_pane,
	.draw = help_draw,
	.handle = help_handle,
	.close = help_close,
};

void help_open(struct ui *ui)
{
	if (!ui_find(ui, &help_pane_ops))
		ui_push(ui, &help_pane_ops, PLACE_OVERLAY, NULL);
}
