/* SPDX-License-Identifier: MIT */
/* The terminal: curses set up and torn down from one place, stderr kept
 * off the screen while curses runs, theme roles turned into attributes,
 * and clipped drawing of sanitised UTF-8 by display width. Without a
 * UTF-8 locale (nl_langinfo(CODESET)) the terminal cannot show UTF-8, so
 * drawing falls back to ASCII, here and nowhere else: "..." for "…",
 * '|' for a separating dot, '-' and '|' for lines, '+' for corners, and
 * '?' for each column of any other character that is not ASCII.
 * Bracketed paste is on while curses runs (see keyread.h). */
#ifndef HALO_UI_SCREEN_H
#define HALO_UI_SCREEN_H

#include <stdbool.h>
#include "errbuf.h"
#include "layout.h"
#include "theme.h"

/* Starts curses (raw, no echo, keypad, non-blocking reads after poll,
 * ESCDELAY 25 ms, mouse when wanted) and sends stderr to a temporary file.
 * Returns HALO_OK or HALO_EIO with err set (terminal left as it was). */
enum halo_status screen_begin(bool mouse, struct errbuf *err);
/* Ends curses and puts stderr back, replaying what was written to it.
 * Safe to call twice and from the out-of-memory path. */
void screen_end(void);
bool screen_active(void);

/* curses attributes per role from a resolved theme. */
void screen_theme(const struct theme *t, int attrs[ROLE__COUNT]);

/* Drawing in ASCII: the locale is not UTF-8 (known from screen_begin). */
bool screen_ascii(void);
/* s as the screen shows it in ASCII (see above); caller frees, NULL only
 * when out of memory. */
char *screen_ascii_text(const char *s);
/* Columns s takes as drawn (its stand-ins counted when in ASCII). */
int screen_width(const char *s);

/* Writes s at (y, x), fitted (cut or padded) to exactly w columns. */
void screen_put(int y, int x, int w, const char *s, int attr);
/* Writes s at (y, x) cut to at most w columns; returns columns used. */
int screen_put_cut(int y, int x, int w, const char *s, int attr);
void screen_fill(const struct rect *r, int attr);
/* A vertical line of h cells down from (y, x). */
void screen_vline(int y, int x, int h, int attr);
/* Clears r, draws a frame with title on its top edge, and returns the
 * inside. */
struct rect screen_box(const struct rect *r, const char *title, int attr,
                       int title_attr);

/* Leaves curses for a child program (an editor) and comes back. */
void screen_suspend(void);
void screen_resume(void);
/* The original stderr, for a child program; -1 when not redirected. */
int screen_saved_stderr(void);

#endif
