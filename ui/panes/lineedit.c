/* SPDX-License-Identifier: MIT */
/* One line of text being edited (see lineedit.h): a growable buffer of
 * real bytes, the editing keys, pastes, and drawing it safely. */
#include "config.h"
#include "lineedit.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "keymap.h"
#include "screen.h"
#include "text.h"
#include "ui.h"
#include "utf8.h"

const char *lineedit_text(const struct lineedit *le)
{
	return le->buf ? le->buf : "";
}

/* Room for `more` bytes after the text: LINEEDIT_DONE, or
 * LINEEDIT_TOO_LONG past the limit. */
static int reserve(struct lineedit *le, size_t more)
{
	size_t need, cap;
	char *b;

	if (more > HALO_TEXT_MAX - le->len)
		return LINEEDIT_TOO_LONG;
	need = le->len + more + 1;
	if (need <= le->cap)
		return LINEEDIT_DONE;
	cap = le->cap ? le->cap : 64;
	while (cap < need)
		cap *= 2;
	b = realloc(le->buf, cap);
	if (!b)
		ui_oom();
	if (!le->buf)
		b[0] = '\0';
	le->buf = b;
	le->cap = cap;
	return LINEEDIT_DONE;
}

int lineedit_set(struct lineedit *le, const char *text)
{
	size_t n = text ? strlen(text) : 0;

	if (n > HALO_TEXT_MAX)
		return LINEEDIT_TOO_LONG;
	le->len = le->cur = 0;
	if (le->buf)
		le->buf[0] = '\0';
	return lineedit_insert(le, text, n);
}

void lineedit_done(struct lineedit *le)
{
	free(le->buf);
	memset(le, 0, sizeof *le);
}

int lineedit_insert(struct lineedit *le, const char *text, size_t n)
{
	int rc;

	if (!n)
		return LINEEDIT_DONE;
	rc = reserve(le, n);
	if (rc != LINEEDIT_DONE)
		return rc;
	memmove(le->buf + le->cur + n, le->buf + le->cur, le->len - le->cur + 1);
	memcpy(le->buf + le->cur, text, n);
	le->len += n;
	le->cur += n;
	return LINEEDIT_DONE;
}

size_t lineedit_count_lines(const char *text, size_t n, size_t *trimmed)
{
	size_t lines = 1;

	while (n && text[n - 1] == '\n')
		n--;
	if (trimmed)
		*trimmed = n;
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (text[i] == '\n')
			lines++;
	return lines;
}

int lineedit_paste_line(struct lineedit *le, const char *text, size_t n,
                        size_t *lines)
{
	size_t keep;

	*lines = lineedit_count_lines(text, n, &keep);
	if (*lines > 1)
		return LINEEDIT_LINES;
	return lineedit_insert(le, text, keep);
}

bool lineedit_refusal(int result, size_t lines, char *buf, size_t len)
{
	if (result == LINEEDIT_TOO_LONG)
		snprintf(buf, len, "not taken: the text would pass the limit of "
		         "%zu bytes (1 MiB)", HALO_TEXT_MAX);
	else if (result == LINEEDIT_LINES)
		snprintf(buf, len, "a paste of %zu lines does not fit a one-line "
		         "field: nothing was pasted", lines);
	else if (len)
		buf[0] = '\0';
	return result == LINEEDIT_TOO_LONG || result == LINEEDIT_LINES;
}

void lineedit_complain(struct ui *ui, int result, size_t lines)
{
	char why[160];

	if (lineedit_refusal(result, lines, why, sizeof why))
		ui_error(ui, "%s", why);
}

/* ---- editing keys ---------------------------------------------------------- */

static void cut(struct lineedit *le, size_t from, size_t to)
{
	if (!le->buf || from >= to)
		return;
	memmove(le->buf + from, le->buf + to, le->len - to + 1);
	le->len -= to - from;
	le->cur = from;
}

static int is_text_key(int key)
{
	return key >= 0x20 && key != 0x7f && key < KEYC_FN_BASE &&
	       !(key >= 0x80 && key < 0xa0) && !(key >= 0xd800 && key < 0xe000) &&
	       key < 0x110000;
}

int lineedit_key(struct lineedit *le, int key)
{
	const char *b = lineedit_text(le);
	size_t p;

	if (is_text_key(key)) {
		char u[4];
		return lineedit_insert(le, u, utf8_encode((unsigned)key, u));
	}
	switch (key) {
	case KEYC_FN(KEY_BACKSPACE):
		cut(le, utf8_prev(b, le->cur), le->cur);
		return LINEEDIT_DONE;
	case KEYC_FN(KEY_DC):
	case KEYC_CTRL('d'):
		cut(le, le->cur, utf8_next(b, le->len, le->cur));
		return LINEEDIT_DONE;
	case KEYC_FN(KEY_LEFT):
	case KEYC_CTRL('b'):
		le->cur = utf8_prev(b, le->cur);
		return LINEEDIT_DONE;
	case KEYC_FN(KEY_RIGHT):
	case KEYC_CTRL('f'):
		le->cur = utf8_next(b, le->len, le->cur);
		return LINEEDIT_DONE;
	case KEYC_FN(KEY_HOME):
	case KEYC_CTRL('a'):
		le->cur = 0;
		return LINEEDIT_DONE;
	case KEYC_FN(KEY_END):
	case KEYC_CTRL('e'):
		le->cur = le->len;
		return LINEEDIT_DONE;
	case KEYC_CTRL('u'):
		cut(le, 0, le->cur);
		return LINEEDIT_DONE;
	case KEYC_CTRL('k'):
		cut(le, le->cur, le->len);
		return LINEEDIT_DONE;
	case KEYC_CTRL('w'):  /* the word before the cursor */
		p = le->cur;
		while (p && b[p - 1] == ' ')
			p--;
		while (p && b[p - 1] != ' ')
			p--;
		cut(le, p, le->cur);
		return LINEEDIT_DONE;
	default:
		return LINEEDIT_NOT_MINE;
	}
}

/* ---- drawing ------------------------------------------------------------- */

/* s[0..n) as it is safe to show; never NULL. */
static char *safe(const char *s, size_t n)
{
	char *c = text_sanitize(s, n, 0);

	if (!c)
		ui_oom();
	return c;
}

/* The columns one character at s takes as drawn; *n its bytes. */
static int char_width(const char *s, size_t *n)
{
	char one[8];

	*n = text_next(s, NULL, NULL);
	memcpy(one, s, *n);
	one[*n] = '\0';
	return screen_width(one);
}

void lineedit_draw(const struct lineedit *le, int y, int x, int w,
                   const char *label, int attr)
{
	const char *b = lineedit_text(le), *vis;
	int lw = screen_width(label), room = w - lw - 1, bw;
	size_t span, from, next, to, n;
	char *before, *under, *after, *line;

	screen_put(y, x, w, label, attr);
	if (room < 1)
		return;
	/* Only what can be in view is looked at (the line may be long); the
	 * span leaves room for zero-width characters and escape sequences,
	 * which take bytes and no columns. */
	span = (size_t)room * 16 + 64;
	from = le->cur > span ? le->cur - span : 0;
	while (from < le->cur && utf8_is_cont((unsigned char)b[from]))
		from++;
	to = le->len - le->cur > span ? le->cur + span : le->len;
	to = utf8_cut(b, to);
	next = utf8_next(b, le->len, le->cur);
	if (to < next)
		to = next;
	before = safe(b + from, le->cur - from);
	under = safe(b + le->cur, next - le->cur);
	after = safe(b + next, to - next);
	/* Scroll so that the cursor stays in view: what is before it loses
	 * characters at the front until it fits. */
	vis = before;
	bw = screen_width(before);
	while (bw > room - 1 && *vis) {
		bw -= char_width(vis, &n);
		vis += n;
	}
	/* The cursor's cell: the character under it, or a space at the end
	 * (or on a character that is not shown). */
	if (!*under) {
		free(under);
		under = strdup(" ");
	}
	n = strlen(vis);
	line = under ? malloc(n + strlen(under) + strlen(after) + 1) : NULL;
	if (!line)
		ui_oom();
	memcpy(line, vis, n);
	strcpy(line + n, under);
	strcat(line + n, after);
	screen_put(y, x + lw, room + 1, line, attr);
	if (x + lw + bw < x + w)
		screen_put_cut(y, x + lw + bw, w - lw - bw, under, attr ^ A_REVERSE);
	free(line);
	free(before);
	free(under);
	free(after);
}
