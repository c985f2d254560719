/* SPDX-License-Identifier: MIT */
/* What a prompt may offer besides editing its line (struct prompt_extras
 * in panes.h): Tab completes, cycling through several candidates listed
 * beside the line; Up and Down walk a history, the line being typed kept
 * aside. Internal to prompt.c; a zeroed struct offers nothing. */
#ifndef HALO_UI_PROMPT_ASSIST_H
#define HALO_UI_PROMPT_ASSIST_H

#include <stdbool.h>
#include <stddef.h>

struct ui;
struct lineedit;
struct prompt_extras;

struct prompt_assist {
	const struct prompt_extras *x;   /* NULL: nothing offered */
	char **cands;      /* Tab's candidates while cycling through them */
	size_t ncands, cand;
	size_t hpos;       /* the history line shown; its count: the new one */
	char *typed;       /* the new line, kept while the history shows */
};

void assist_open(struct ui *ui, struct prompt_assist *a,
                 const struct prompt_extras *x);
/* Takes Tab, Up and Down when offered (true: taken, le changed, note[]
 * says what to show beside it); any other key ends a Tab cycle. */
bool assist_key(struct ui *ui, struct prompt_assist *a, struct lineedit *le,
                int key, char *note, size_t notelen);
void assist_done(struct prompt_assist *a);

#endif
