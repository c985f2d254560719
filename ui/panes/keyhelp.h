/* SPDX-License-Identifier: MIT */
/* Text made from the action list (actions.def) and the command table:
 * the help overlay's lines and the man page's key table, so neither can
 * drift from the keys the program really has. Pure. */
#ifndef HALO_UI_KEYHELP_H
#define HALO_UI_KEYHELP_H

#include <stddef.h>
#include <stdio.h>
#include "keymap.h"

/* One line per action ("  j, Down, C-n    move-down    Move down a row"),
 * then a blank line and one per `:` command. Returns 0, -1 out of memory;
 * free with text_lines_free. */
int keyhelp_lines(const struct keymap *km, char ***lines, size_t *n);

/* The KEYS section of halotui(1) in man(7) markup, with the default
 * bindings. Returns 0, -1 on a write error. */
int keyhelp_man(FILE *out);

#endif
