/* SPDX-License-Identifier: MIT */
/* The `:` command line's history: at most `max` lines, oldest first,
 * kept per profile in $XDG_STATE_HOME/halotui/history/<profile> (one
 * line each, written aside, synced and renamed, 0600). A line that looks
 * like it holds a secret (a password, a token, a long key) is never kept.
 * A zeroed struct with max set is empty; history_done frees it. */
#ifndef HALO_HISTORY_H
#define HALO_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"

#define HISTORY_MAX 500
#define HISTORY_LINE_MAX 1024   /* longer lines are not kept */

struct history {
	char **items;
	size_t n, max;
};

void history_init(struct history *h, size_t max);
void history_done(struct history *h);

/* Whether line looks like it holds a secret. */
bool history_secret(const char *line);

/* Adds line at the end (none when it is empty, too long, a secret, or the
 * same as the last; the oldest goes past max). 0, or -1 out of memory. */
int history_add(struct history *h, const char *line);

/* The path of profile's history (NULL: "default"). 0, or -1 when there
 * is no state directory. */
int history_path(const char *profile, char *out, size_t outlen);

/* Replaces h's lines by path's (the last max of them; lines that fail
 * history_add's checks are skipped). A missing file is empty, not an
 * error. */
enum halo_status history_load(struct history *h, const char *path,
                              struct errbuf *err);
enum halo_status history_save(const struct history *h, const char *path,
                              struct errbuf *err);

#endif
