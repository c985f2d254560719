/* SPDX-License-Identifier: MIT */
/* One line of text being edited: the prompt's, the picker's filter and
 * the edit form's field in place. It holds the real bytes (a server's
 * value with its tabs and marks stays as it was unless edited); only what
 * is drawn is made safe. It grows as needed, up to HALO_TEXT_MAX bytes;
 * past that it refuses and says so, it never cuts. A zeroed struct is an
 * empty line; lineedit_done frees it. */
#ifndef HALO_UI_LINEEDIT_H
#define HALO_UI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

struct ui;

struct lineedit {
	char *buf;           /* NUL-terminated UTF-8, or NULL while empty */
	size_t len, cur;     /* bytes; cur is on a character boundary */
	size_t cap;          /* bytes allocated */
};

/* What an edit did. */
enum lineedit_result {
	LINEEDIT_NOT_MINE = 0,  /* not an editing key */
	LINEEDIT_DONE = 1,      /* done (or an editing key that changed nothing) */
	LINEEDIT_TOO_LONG,      /* refused: past HALO_TEXT_MAX; nothing changed */
	LINEEDIT_LINES,         /* refused: a paste of several lines into one */
};

/* Sets the text, cursor at its end. LINEEDIT_DONE, or LINEEDIT_TOO_LONG
 * (the line is left as it was). */
int lineedit_set(struct lineedit *le, const char *text);
/* The text; "" when empty. Valid until the next change. */
const char *lineedit_text(const struct lineedit *le);
/* Applies a key: characters insert, the usual keys edit (Backspace,
 * Delete, C-d, arrows, C-b, C-f, Home, End, C-a, C-e, C-u, C-k, C-w). */
int lineedit_key(struct lineedit *le, int key);
/* Inserts text[0..n) at the cursor as it is (no key is applied). */
int lineedit_insert(struct lineedit *le, const char *text, size_t n);
/* A paste into a field of one line: the line ends at its end are
 * dropped; text of more than one line is refused whole (LINEEDIT_LINES,
 * *lines says how many). */
int lineedit_paste_line(struct lineedit *le, const char *text, size_t n,
                        size_t *lines);
/* The number of lines in text[0..n) once line ends at its end are
 * dropped (0 for none); *trimmed gets that length. */
size_t lineedit_count_lines(const char *text, size_t n, size_t *trimmed);
void lineedit_done(struct lineedit *le);

/* Why an edit was refused (a result other than LINEEDIT_DONE and
 * LINEEDIT_NOT_MINE; lines as lineedit_paste_line gave it) into buf.
 * false, buf empty, when it was not refused. */
bool lineedit_refusal(int result, size_t lines, char *buf, size_t len);
/* The same as the status line's error message. */
void lineedit_complain(struct ui *ui, int result, size_t lines);

/* Draws label + text at (y, x) in w columns, with a cursor mark; the
 * text as it is safe to show, scrolled so that the cursor is in view. */
void lineedit_draw(const struct lineedit *le, int y, int x, int w,
                   const char *label, int attr);

#endif
