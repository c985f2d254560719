/* SPDX-License-Identifier: MIT */
/* A one-line prompt on the status line (search, `:` commands, a field's
 * text). Its line editing is lineedit.c's. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "panes.h"
#include "prompt_assist.h"
#include "screen.h"

/* ---- the prompt pane ---------------------------------------------------- */

struct prompt_state {
	char label[96];
	struct lineedit le;
	char note[160];    /* why an edit was refused, until the next key (the
	                    * prompt covers the status line's messages) */
	prompt_cb cb;
	void *ctx;
	struct prompt_assist assist;   /* Tab and the history, when offered */
};

struct prompt_args {
	const char *label;
	const char *initial;
	prompt_cb cb;
	void *ctx;
	const struct prompt_extras *x;
};

static int prompt_open_pane(struct ui *ui, struct pane *p, void *arg)
{
	struct prompt_args *a = arg;
	struct prompt_state *st = p->state;

	snprintf(st->label, sizeof st->label, "%s", a->label);
	if (lineedit_set(&st->le, a->initial) != LINEEDIT_DONE) {
		lineedit_complain(ui, LINEEDIT_TOO_LONG, 0);
		return -1;
	}
	st->cb = a->cb;
	st->ctx = a->ctx;
	assist_open(ui, &st->assist, a->x);
	return 0;
}

/* A path's "3 matches" is a hint; a command's "no completion" or a
 * refused edit, an error. */
static enum theme_role note_role(const struct prompt_state *st)
{
	const struct prompt_extras *x = st->assist.x;

	return x && x->complete_in_place ? ROLE_PLACEHOLDER : ROLE_ERROR;
}

static void prompt_draw(struct ui *ui, struct pane *p, bool focused)
{
	struct prompt_state *st = p->state;

	int nw = st->note[0] ? screen_width(st->note) + 2 : 0;

	(void)focused;
	if (nw && nw > p->rect.w / 2)
		nw = p->rect.w / 2;
	lineedit_draw(&st->le, p->rect.y, p->rect.x, p->rect.w - nw, st->label,
	              ui->attrs[ROLE_PROMPT]);
	if (nw)
		screen_put(p->rect.y, p->rect.x + p->rect.w - nw, nw, st->note,
		           ui->attrs[note_role(st)]);
}

/* Says why an edit was refused in the prompt itself. */
static void refused(struct prompt_state *st, int result, size_t lines)
{
	lineedit_refusal(result, lines, st->note, sizeof st->note);
}

static unsigned prompt_handle(struct ui *ui, struct pane *p, int key,
                              enum action act)
{
	struct prompt_state *st = p->state;
	prompt_cb cb;
	void *ctx;
	char *text;
	unsigned flags;

	(void)act;
	if (key == KEYC_ESC || key == KEYC_CTRL('g'))
		return UI_CLOSE;
	if (assist_key(ui, &st->assist, &st->le, key, st->note, sizeof st->note))
		return UI_REDRAW;
	if (key != KEYC_FN(KEY_ENTER)) {
		refused(st, lineedit_key(&st->le, key), 0);
		return UI_REDRAW;
	}
	/* Close first: the callback may open the next pane. */
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

/* Pasted text goes in as text; a prompt holds one line. */
static unsigned prompt_paste(struct ui *ui, struct pane *p, const char *text,
                             size_t len)
{
	struct prompt_state *st = p->state;
	size_t lines;
	int rc = lineedit_paste_line(&st->le, text, len, &lines);

	(void)ui;
	refused(st, rc, lines);
	return UI_REDRAW;
}

static void prompt_close(struct ui *ui, struct pane *p)
{
	struct prompt_state *st = p->state;

	(void)ui;
	lineedit_done(&st->le);
	assist_done(&st->assist);
}

/* Every key goes to the line: typed text. */
static bool prompt_takes_text(struct ui *ui, struct pane *p)
{
	(void)ui;
	(void)p;
	return true;
}

const struct pane_ops prompt_pane_ops = {
	.name = "prompt",
	.state_size = sizeof(struct prompt_state),
	.open = prompt_open_pane,
	.close = prompt_close,
	.draw = prompt_draw,
	.handle = prompt_handle,
	.paste = prompt_paste,
	.takes_text = prompt_takes_text,
};

struct pane *prompt_open(struct ui *ui, const char *label,
                         const char *initial, prompt_cb cb, void *ctx)
{
	return prompt_open_extras(ui, label, initial, cb, ctx, NULL);
}

struct pane *prompt_open_extras(struct ui *ui, const char *label,
                                const char *initial, prompt_cb cb, void *ctx,
                                const struct prompt_extras *x)
{
	struct prompt_args a = { label, initial, cb, ctx, x };

	return ui_push(ui, &prompt_pane_ops, PLACE_BOTTOM, &a);
}
