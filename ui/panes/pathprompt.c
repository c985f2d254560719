/* SPDX-License-Identifier: MIT */
/* A one-line prompt for a file name on the status line, with Tab
 * completing the name from the disk (pathcomplete.h): prompt.c's prompt
 * with a Tab of its own. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "panes.h"
#include "pathcomplete.h"

static void complete(struct lineedit *le, char *note, size_t notelen)
{
	char out[4096];
	int n = path_complete(lineedit_text(le), out, sizeof out);

	if (n < 0) {
		snprintf(note, notelen, "name too long");
		return;
	}
	if (n == 0)
		snprintf(note, notelen, "no match");
	else if (n > 1)
		snprintf(note, notelen, "%d matches", n);
	if (strcmp(out, lineedit_text(le)) != 0 &&
	    lineedit_set(le, out) != LINEEDIT_DONE)
		snprintf(note, notelen, "name too long");
}

struct pane *pathprompt_open(struct ui *ui, const char *label, prompt_cb cb,
                             void *ctx)
{
	static const struct prompt_extras x = { .complete_in_place = complete };

	return prompt_open_extras(ui, label, "", cb, ctx, &x);
}
