/* SPDX-License-Identifier: MIT */
/* A one-line prompt for a file name on the status line, with Tab
 * completing the name from the disk (pathcomplete.h). */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panes.h"
#include "pathcomplete.h"
#include "screen.h"

struct pathprompt_state {
	char label[96];
	struct lineedit le;
	char note[160];   /* "3 matches", "no match", a refused edit */
	prompt_cb cb;
	void *ctx;
};

struct pathprompt_args {
	const char *label;
	prompt_cb cb;
	void *ctx;
};

static int pathprompt_open_pane(struct ui *ui, struct pane *p, void *arg)
{
	struct pathprompt_args *a = arg;
	struct pathprompt_state *st = p->state;

	(void)ui;
	snprintf(st->label, sizeof st->label, "%s", a->label);
	if (lineedit_set(&st->le, "") != LINEEDIT_DONE)
		return -1;
	st->cb = a->cb;
	st->ctx = a->ctx;
	return 0;
}

static void pathprompt_draw(struct ui *ui, struct pane *p, bool focused)
{
	struct pathprompt_state *st = p->state;
	int nw = st->note[0] ? screen_width(st->note) + 2 : 0;

	(void)focused;
	if (nw && nw > p->rect.w / 2)
		nw = p->rect.w / 2;
	lineedit_draw(&st->le, p->rect.y, p->rect.x, p->rect.w - nw, st->label,
	              ui->attrs[ROLE_PROMPT]);
	if (nw)
		screen_put(p->rect.y, p->rect.x + p->rect.w - nw, nw, st->note,
		           ui->attrs[ROLE_PLACEHOLDER]);
}

static void complete(struct pathprompt_state *st)
{
	char out[4096];
	int n = path_complete(lineedit_text(&st->le), out, sizeof out);

	if (n < 0) {
		snprintf(st->note, sizeof st->note, "name too long");
		return;
	}
	if (n == 0)
		snprintf(st->note, sizeof st->note, "no match");
	else if (n > 1)
		snprintf(st->note, sizeof st->note, "%d matches", n);
	if (strcmp(out, lineedit_text(&st->le)) != 0 &&
	    lineedit_set(&st->le, out) != LINEEDIT_DONE)
		snprintf(st->note, sizeof st->note, "name too long");
}

static unsigned pathprompt_handle(struct ui *ui, struct pane *p, int key,
                                  enum action act)
{
	struct pathprompt_state *st = p->state;
	prompt_cb cb;
	void *ctx;
	char *text;
	unsigned flags;

	(void)act;
	st->note[0] = '\0';
	if (key == KEYC_ESC || key == KEYC_CTRL('g'))
		return UI_CLOSE;
	if (key == KEYC_TAB) {
		complete(st);
		return UI_REDRAW;
	}
	if (key != KEYC_FN(KEY_ENTER)) {
		lineedit_refusal(lineedit_key(&st->le, key), 0, st->note,
		                 sizeof st->note);
		return UI_REDRAW;
	}
	text = strdup(lineedit_text(&st->le));
	if (!text)
		ui_oom();
	cb = st->cb;
	ctx = st->ctx;
	ui_pop(ui, p);
	flags = cb ? cb(ui, ctx, text) : 0;
	free(text);
	return (flags & ~(unsigned)UI_CLOSE) | UI_REDRAW;
}

static unsigned pathprompt_paste(struct ui *ui, struct pane *p,
                                 const char *text, size_t len)
{
	struct pathprompt_state *st = p->state;
	size_t lines;
	int rc = lineedit_paste_line(&st->le, text, len, &lines);

	(void)ui;
	lineedit_refusal(rc, lines, st->note, sizeof st->note);
	return UI_REDRAW;
}

static void pathprompt_close(struct ui *ui, struct pane *p)
{
	struct pathprompt_state *st = p->state;

	(void)ui;
	lineedit_done(&st->le);
}

static bool pathprompt_takes_text(struct ui *ui, struct pane *p)
{
	(void)ui;
	(void)p;
	return true;
}

static const struct pane_ops pathprompt_pane_ops = {
	.name = "path prompt",
	.state_size = sizeof(struct pathprompt_state),
	.open = pathprompt_open_pane,
	.close = pathprompt_close,
	.draw = pathprompt_draw,
	.handle = pathprompt_handle,
	.paste = pathprompt_paste,
	.takes_text = pathprompt_takes_text,
};

struct pane *pathprompt_open(struct ui *ui, const char *label, prompt_cb cb,
                             void *ctx)
{
	struct pathprompt_args a = { label, cb, ctx };

	return ui_push(ui, &pathprompt_pane_ops, PLACE_BOTTOM, &a);
}
