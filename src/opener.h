/* SPDX-License-Identifier: MIT */
/* Opening a saved file with the desktop's program for it (xdg-open),
 * when there is a desktop to see it: a local display, not a session over
 * SSH. */
#ifndef HALO_OPENER_H
#define HALO_OPENER_H

#include <stdbool.h>

/* DISPLAY or WAYLAND_DISPLAY is set, and neither SSH_CONNECTION nor
 * SSH_TTY is. */
bool opener_local_display(void);

/* Starts xdg-open (HALOTUI_OPENER names another program) on path:
 * no shell, its own process group, stdin, stdout and stderr on
 * /dev/null, nothing secret inherited (child_spawn); it is not waited
 * for (openers that ended are reaped on the next call). 0, or an errno
 * value. */
int opener_open(const char *path);

#endif
