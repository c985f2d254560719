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
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED |
		          BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	return HALO_OK;
}

void screen_end(void)
{
	if (!active)
		return;
	active = false;
	endwin();
	stderr_restore();
	delscreen(scr);
	scr = NULL;
}

bool screen_active(void)
{
	return active;
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

void screen_put(int y, int x, int w, const char *s, int attr)
{
	char *fit;

	if (w <= 0)
		return;
	fit = text_fit(s ? s : "", w, 1);
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
	fit = text_fit(s, w, 0);
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

struct rect screen_box(const struct rect *r, const char *title, int attr,
                       int title_attr)
{
	struct rect in = { r->y + 1, r->x + 1, r->h - 2, r->w - 2 };

	if (r->h < 3 || r->w < 4)
		return *r;
	screen_fill(r, attr);
	attrset(attr);
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
}

void screen_resume(void)
{
	if (!active)
		return;
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}
