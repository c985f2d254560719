/* SPDX-License-Identifier: MIT */
/* Copying text to the clipboard of the terminal the user sits at, through
 * OSC 52: it works over SSH and inside tmux (set-clipboard on), with no
 * program of the desktop's. The sequence goes straight to the terminal,
 * outside curses' buffer, between frames. With `osc52: false` nothing is
 * sent: the status line shows the text so that it can be selected. */
#ifndef HALO_UI_CLIPBOARD_H
#define HALO_UI_CLIPBOARD_H

#include <stdbool.h>
#include <stddef.h>

struct ui;

/* Copies text and says so on the status line: "Copied <what>", or, when
 * the setting is off or the text too long for the terminal, "<what>:
 * <text>". what describes it ("ticket 1234's URL"). Returns whether it
 * was sent to the terminal. */
bool ui_copy(struct ui *ui, const char *what, const char *text);

/* Writes s[0..n) straight to the terminal (after flushing stdio), while
 * curses runs. false when the terminal is gone or curses is not active. */
bool ui_term_write(const char *s, size_t n);

#endif
