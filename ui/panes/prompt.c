/* A one-line prompt on the status line (search, `:` commands, a field's
 * text), and the line editing it shares with the edit form. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "panes.h"
#include "screen.h"
#include "text.h"
#include "utf8.h"

/* ---- line editing -------------------------------------------------------- */

void lineedit_set(struct lineedit *le, const char *text)
{
	size_t n = text ? strlen(text) : 0;

	if (n >= sizeof le->buf)
		n = utf8_cut(text, sizeof le->buf - 1);
	if (n)
		memcpy(le->buf, text, n);
	le->buf[n] = '\0';
	le->len = le->cur = n;
}

static size_t prev_cp(const struct lineedit *le, size_t pos)
{
	return utf8_prev(le->buf, pos);
}

static size_t next_cp(const struct lineedit *le, size_t pos)
{
	return utf8_next(le->buf, le->len, pos);
}

static void cut(struct lineedit *le, size_t from, size_t to)
{
	memmove(le->buf + from, le->buf + to, le->len - to + 1);
	le->len -= to - from;
	le->cur = from;
}

static int insert_cp(struct lineedit *le, int cp)
{
	char u[4];
	size_t n = utf8_encode((unsigned)cp, u);

	if (le->len + n >= sizeof le->buf)
		return 1;  /* full: ignore, but it was an editing key */
	memmove(le->buf + le->cur + n, le->buf + le->cur, le->len - le->cur + 1);
	memcpy(le->buf + le->cur, u, n);
	le->len += n;
	le->cur += n;
	return 1;
}

static int is_text_key(int key)
{
	return key >= 0x20 && key != 0x7f && key < KEYC_FN_BASE &&
	       !(key >= 0x80 && key < 0xa0) && !(key >= 0xd800 && key < 0xe000) &&
	       key < 0x110000;
}

int lineedit_key(struct lineedit *le, int key)
{
	size_t p;

	if (is_text_key(key))
		return insert_cp(le, key);
	switch (key) {
	case KEYC_FN(KEY_BACKSPACE):
		if (le->cur)
			cut(le, prev_cp(le, le->cur), le->cur);
		return 1;
	case KEYC_FN(KEY_DC):
	case KEYC_CTRL('d'):
		if (le->cur < le->len)
			cut(le, le->cur, next_cp(le, le->cur));
		return 1;
	case KEYC_FN(KEY_LEFT):
	case KEYC_CTRL('b'):
		le->cur = prev_cp(le, le->cur);
		return 1;
	case KEYC_FN(KEY_RIGHT):
	case KEYC_CTRL('f'):
		le->cur = next_cp(le, le->cur);
		return 1;
	case KEYC_FN(KEY_HOME):
	case KEYC_CTRL('a'):
		le->cur = 0;
		return 1;
	case KEYC_FN(KEY_END):
	case KEYC_CTRL('e'):
		le->cur = le->len;
		return 1;
	case KEYC_CTRL('u'):
		cut(le, 0, le->cur);
		return 1;
	case KEYC_CTRL('k'):
		le->buf[le->cur] = '\0';
		le->len = le->cur;
		return 1;
	case KEYC_CTRL('w'):  /* the word before the cursor */
		p = le->cur;
		while (p && le->buf[p - 1] == ' ')
			p--;
		while (p && le->buf[p - 1] != ' ')
			p--;
		cut(le, p, le->cur);
		return 1;
	default:
		return 0;
	}
}

void lineedit_draw(const struct lineedit *le, int y, int x, int w,
                   const char *label, int attr)
{
	char shown[sizeof le->buf];
	size_t start = 0, curlen;
	int lw = text_width(label), room = w - lw - 1;
	char *clean;

	screen_put(y, x, w, label, attr);
	if (room < 1)
		return;
	/* Scroll so that the cursor stays in view. */
	memcpy(shown, le->buf, le->cur);
	shown[le->cur] = '\0';
	while (text_width(shown + start) > room - 1 && start < le->cur)
		start = next_cp(le, start);
	curlen = le->cur - start;
	clean = text_sanitize(le->buf + start, le->len - start, 0);
	if (!clean)
		ui_oom();
	screen_put(y, x + lw, room + 1, clean, attr);
	free(clean);
	/* The cursor: the cell after the text before it, reversed. */
	memcpy(shown, le->buf + start, curlen);
	shown[curlen] = '\0';
	{
		int cx = x + lw + text_width(shown);
		size_t nx = next_cp(le, le->cur);
		char under[8] = " ";
		if (nx > le->cur && nx - le->cur < sizeof under) {
			memcpy(under, le->buf + le->cur, nx - le->cur);
			under[nx - le->cur] = '\0';
		}
		if (cx < x + w)
			screen_put_cut(y, cx, x + w - cx, under, attr ^ A_REVERSE);
	}
}

/* ---- the prompt pane ---------------------------------------------------- */

struct prompt_state {
	char label[96];
	struct lineedit le;
	prompt_cb cb;
	void *ctx;
};

struct prompt_args {
	const char *label;
	const char *initial;
	prompt_cb cb;
	void *ctx;
};

static int prompt_open_pane(struct ui *ui, struct pane *p, void *arg)
{
	struct prompt_args *a = arg;
	struct prompt_state *st = p->state;

	(void)ui;
	snprintf(st->label, sizeof st->label, "%s", a->label);
	lineedit_set(&st->le, a->initial);
	st->cb = a->cb;
	st->ctx = a->ctx;
	return 0;
}

static void prompt_draw(struct ui *ui, struct pane *p, bool focused)
{
	struct prompt_state *st = p->state;

	(void)focused;
	lineedit_draw(&st->le, p->rect.y, p->rect.x, p->rect.w, st->label,
	              ui->attrs[ROLE_PROMPT]);
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
	if (key != KEYC_FN(KEY_ENTER)) {
		lineedit_key(&st->le, key);
		return UI_REDRAW;
	}
	/* Close first: the callback may open the next pane. */
	text = strdup(st->le.buf);
	if (!text)
		ui_oom();
	cb = st->cb;
	ctx = st->ctx;
	ui_pop(ui, p);
	flags = cb ? cb(ui, ctx, text) : 0;
	free(text);
	return (flags & ~(unsigned)UI_CLOSE) | UI_REDRAW;
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
	.draw = prompt_draw,
	.handle = prompt_handle,
	.takes_text = prompt_takes_text,
};

struct pane *prompt_open(struct ui *ui, const char *label,
                         const char *initial, prompt_cb cb, void *ctx)
{
	struct prompt_args a = { label, initial, cb, ctx };

	return ui_push(ui, &prompt_pane_ops, PLACE_BOTTOM, &a);
}
