/* SPDX-License-Identifier: MIT */
/* Opening a URL or a file the way the desktop would: $BROWSER (the first
 * of a ':'-separated list; "%s" in it stands for the target, else the
 * target is its last argument), else xdg-open (open on macOS). Only where
 * there is a display at hand: DISPLAY or WAYLAND_DISPLAY set and not an
 * SSH session (SSH_CONNECTION, SSH_TTY); elsewhere a browser would open on
 * another machine or not at all, and the front end shows and copies the
 * target instead. No shell runs: $BROWSER is split on spaces into argv.
 * The program starts through child_spawn, detached (a process group of
 * its own, so the terminal's ^C does not reach it) with /dev/null for its
 * input and output, so that nothing it prints paints over the screen. */
#ifndef HALO_OPENER_H
#define HALO_OPENER_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"

/* Whether a browser started here shows on the user's screen (from the
 * environment's values; NULL: unset). */
bool opener_local(const char *display, const char *wayland,
                  const char *ssh_connection, const char *ssh_tty);
/* The same from the environment. */
bool opener_have_display(void);

/* The argv that opens target with browser ($BROWSER's value; NULL or ""
 * for the desktop's opener): NULL-terminated, the caller frees it with
 * opener_argv_free. NULL out of memory or when browser names nothing. */
char **opener_argv(const char *browser, const char *target);
void opener_argv_free(char ***argv);

/* Starts the opener on target without waiting for it. HALO_OK, or
 * HALO_EIO with err saying what could not be started. Children started
 * earlier that have ended are reaped here. */
enum halo_status opener_open(const char *target, struct errbuf *err);

/* The same for a saved file: $HALOTUI_OPENER (the same form as $BROWSER)
 * else the desktop's opener, which picks the program by the file's type. */
enum halo_status opener_open_file(const char *path, struct errbuf *err);

#endif
