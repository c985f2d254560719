/* SPDX-License-Identifier: MIT */
/* Completing a file name typed by hand (the note form's attach prompt):
 * the shell's Tab, without a shell. */
#ifndef HALO_PATHCOMPLETE_H
#define HALO_PATHCOMPLETE_H

#include <stddef.h>

/* Completes typed: the entries of its directory ("~/" is $HOME) that
 * start with its last part (dot files only when that part starts with a
 * dot). One match: out is it in full, with "/" after a directory;
 * several: out is typed extended to their longest common prefix. out
 * keeps typed's own spelling of the directory ("~/..."). Returns the
 * number of matches (0: out is typed), or -1 when out is too small. */
int path_complete(const char *typed, char *out, size_t outlen);

#endif
