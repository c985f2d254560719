/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "screen.h"

#include <curses.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text.h"

static SCREEN *scr;
static bool active;
static bool ascii;      /* the locale is not UTF-8: draw ASCII */
static int saved_stderr = -1;
static FILE *err_file;

static void stderr_to_file(void)
{
	fflush(stderr);
	err_file = tmpfile();
	if (!err_file)
		return;
	/* Neither is for children: the editor gets saved_stderr as its 2. */
	fcntl(fileno(err_file), F_SETFD, FD_CLOEXEC);
	saved_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (saved_stderr < 0 || dup2(fileno(err_file), STDERR_FILENO) < 0) {
		fclose(err_file);
		err_file = NULL;
	}
}

static void stderr_restore(void)
{
	char buf[4096];
	size_t n;

	if (saved_stderr < 0)
		return;
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
	if (!err_file)
		return;
	/* What libraries wrote while the screen was up, shown now. */
	rewind(err_file);
	while ((n = fread(buf, 1, sizeof buf, err_file)) > 0)
		if (fwrite(buf, 1, n, stderr) != n)
			break;
	fclose(err_file);
	err_file = NULL;
}

/* Bracketed paste (xterm's mode 2004): the terminal marks what is pasted
 * (ESC [200~ ... ESC [201~) so that keyread can tell it from typing. On
 * while curses runs, off whenever the terminal is someone else's. */
static void paste_mode(bool on)
{
	static const char on_seq[] = "\033[?2004h", off_seq[] = "\033[?2004l";
	const char *seq = on ? on_seq : off_seq;

	fflush(stdout);
	if (write(STDOUT_FILENO, seq, strlen(seq)) < 0) {
		/* The terminal is gone; nothing to switch. */
	}
}

enum halo_status screen_begin(bool mouse, struct errbuf *err)
{
	if (active)
		return HALO_OK;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return errbuf_set(err, HALO_EUSAGE,
		                  "the TUI needs a terminal (use `halotui list ...` in scripts)");
	set_escdelay(25);
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		const char *t = getenv("TERM");
		return errbuf_set(err, HALO_EIO,
		                  "cannot use the terminal \"%s\" (check TERM)",
		                  t ? t : "");
	}
	set_term(scr);
	active = true;
	ascii = !text_locale_utf8();
	stderr_to_file();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	if (mouse) {
		/* The release too, although only the press counts: curses
		 * swallows an event outside the mask and goes on reading,
		 * blocked until the next input arrives, and the worker's
		 * answers would wait for a key. */
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED |
		          BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
		          BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	paste_mode(true);
	return HALO_OK;
}

void screen_end(void)
{
	if (!active)
		return;
	active = false;
	endwin();
	paste_mode(false);
	stderr_restore();
	delscreen(scr);
	scr = NULL;
}

bool screen_active(void)
{
	return active;
}

bool screen_ascii(void)
{
	return ascii;
}

int screen_saved_stderr(void)
{
	return saved_stderr;
}

static int to_curses_attrs(unsigned a)
{
	int r = 0;

	if (a & THEME_BOLD)
		r |= A_BOLD;
	if (a & THEME_DIM)
		r |= A_DIM;
	if (a & THEME_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_STANDOUT)
		r |= A_STANDOUT;
#ifdef A_ITALIC
	if (a & THEME_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

void screen_theme(const struct theme *t, int attrs[ROLE__COUNT])
{
	struct theme_style st[ROLE__COUNT];
	int colors = active && has_colors() ? COLORS : 0;

	theme_resolve(t, colors, theme_no_color_env(), st);
	for (int r = 0; r < ROLE__COUNT; r++) {
		attrs[r] = to_curses_attrs(st[r].attrs);
		if (colors && r + 1 < COLOR_PAIRS &&
		    (st[r].fg != THEME_COLOR_DEFAULT || st[r].bg != THEME_COLOR_DEFAULT)) {
			init_pair((short)(r + 1), st[r].fg, st[r].bg);
			attrs[r] |= (int)COLOR_PAIR(r + 1);
		}
	}
}

/* ---- text, in UTF-8 or in ASCII -------------------------------------------- */

/* ASCII that looks like the characters the program itself draws. */
static const struct {
	unsigned cp;
	const char *ascii;
} stand_ins[] = {
	{ 0x00A0, " " },     /* no-break space */
	{ 0x00B7, "|" },     /* the dot between parts of a line */
	{ 0x2013, "-" }, { 0x2014, "-" },
	{ 0x2018, "'" }, { 0x2019, "'" }, { 0x201C, "\"" }, { 0x201D, "\"" },
	{ 0x2022, "*" },
	{ 0x2026, "..." },
	{ 0x2500, "-" }, { 0x2502, "|" },
	{ 0x25B2, "^" }, { 0x25BC, "v" },
	{ 0x27F3, "*" },     /* requests in flight */
};

/* The ASCII for the character at s: its stand-in, or '?' for each column
 * it takes. *n gets its length in bytes (0 at the end). */
static const char *ascii_of(const char *s, size_t *n, char q[3])
{
	unsigned cp;
	int w;

	*n = text_next(s, &cp, &w);
	if (cp < 0x80) {
		q[0] = (char)cp;
		q[1] = '\0';
		return q;
	}
	for (size_t i = 0; i < sizeof stand_ins / sizeof stand_ins[0]; i++)
		if (stand_ins[i].cp == cp)
			return stand_ins[i].ascii;
	q[0] = q[1] = '?';
	q[w > 0 ? (w > 2 ? 2 : w) : 0] = '\0';
	return q;
}

char *screen_ascii_text(const char *s)
{
	size_t len = 0, n;
	char q[3], *out, *o;
	const char *p;

	if (!s)
		s = "";
	for (p = s; *p; p += n)
		len += strlen(ascii_of(p, &n, q));
	out = malloc(len + 1);
	if (!out)
		return NULL;
	for (o = out, p = s; *p; p += n) {
		const char *a = ascii_of(p, &n, q);
		size_t alen = strlen(a);
		memcpy(o, a, alen);
		o += alen;
	}
	*o = '\0';
	return out;
}

int screen_width(const char *s)
{
	char *a;
	int w;

	if (!ascii)
		return text_width(s);
	a = screen_ascii_text(s);
	w = a ? (int)strlen(a) : text_width(s);
	free(a);
	return w;
}

/* s fitted to w columns, in the screen's character set. */
static char *shown(const char *s, int w, int pad)
{
	char *a, *fit;

	if (!ascii)
		return text_fit(s, w, pad);
	a = screen_ascii_text(s);
	if (!a)
		return NULL;
	fit = text_fit(a, w, pad);
	free(a);
	return fit;
}

void screen_put(int y, int x, int w, const char *s, int attr)
{
	char *fit;

	if (w <= 0)
		return;
	fit = shown(s ? s : "", w, 1);
	if (!fit)
		return;
	attrset(attr);
	mvaddstr(y, x, fit);
	attrset(A_NORMAL);
	free(fit);
}

int screen_put_cut(int y, int x, int w, const char *s, int attr)
{
	char *fit;
	int used;

	if (w <= 0 || !s || !*s)
		return 0;
	fit = shown(s, w, 0);
	if (!fit)
		return 0;
	attrset(attr);
	mvaddstr(y, x, fit);
	attrset(A_NORMAL);
	used = text_width(fit);
	free(fit);
	return used;
}

void screen_fill(const struct rect *r, int attr)
{
	attrset(attr);
	for (int y = r->y; y < r->y + r->h; y++)
		mvhline(y, r->x, ' ', r->w);
	attrset(A_NORMAL);
}

void screen_vline(int y, int x, int h, int attr)
{
	attrset(attr);
	if (ascii)
		mvvline(y, x, '|', h);
	else
		mvvline_set(y, x, WACS_VLINE, h);
	attrset(A_NORMAL);
}

static void ascii_frame(const struct rect *r)
{
	mvhline(r->y, r->x + 1, '-', r->w - 2);
	mvhline(r->y + r->h - 1, r->x + 1, '-', r->w - 2);
	mvvline(r->y + 1, r->x, '|', r->h - 2);
	mvvline(r->y + 1, r->x + r->w - 1, '|', r->h - 2);
	mvaddch(r->y, r->x, '+');
	mvaddch(r->y, r->x + r->w - 1, '+');
	mvaddch(r->y + r->h - 1, r->x, '+');
	mvaddch(r->y + r->h - 1, r->x + r->w - 1, '+');
}

struct rect screen_box(const struct rect *r, const char *title, int attr,
                       int title_attr)
{
	struct rect in = { r->y + 1, r->x + 1, r->h - 2, r->w - 2 };

	if (r->h < 3 || r->w < 4)
		return *r;
	screen_fill(r, attr);
	attrset(attr);
	if (ascii) {
		ascii_frame(r);
		attrset(A_NORMAL);
		if (title && *title)
			screen_put_cut(r->y, r->x + 2, r->w - 4, title, title_attr);
		return in;
	}
	mvhline_set(r->y, r->x + 1, WACS_HLINE, r->w - 2);
	mvhline_set(r->y + r->h - 1, r->x + 1, WACS_HLINE, r->w - 2);
	mvvline_set(r->y + 1, r->x, WACS_VLINE, r->h - 2);
	mvvline_set(r->y + 1, r->x + r->w - 1, WACS_VLINE, r->h - 2);
	mvadd_wch(r->y, r->x, WACS_ULCORNER);
	mvadd_wch(r->y, r->x + r->w - 1, WACS_URCORNER);
	mvadd_wch(r->y + r->h - 1, r->x, WACS_LLCORNER);
	mvadd_wch(r->y + r->h - 1, r->x + r->w - 1, WACS_LRCORNER);
	attrset(A_NORMAL);
	if (title && *title)
		screen_put_cut(r->y, r->x + 2, r->w - 4, title, title_attr);
	return in;
}

void screen_suspend(void)
{
	if (!active)
		return;
	def_prog_mode();
	endwin();
	paste_mode(false);
}

void screen_resume(void)
{
	if (!active)
		return;
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	paste_mode(true);
}
