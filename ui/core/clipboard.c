/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "clipboard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "termseq.h"
#include "trace.h"
#include "ui.h"

bool ui_term_write(const char *s, size_t n)
{
	if (!screen_active())
		return false;
	fflush(stdout);   /* after whatever curses or stdio still holds */
	while (n) {
		ssize_t w = write(STDOUT_FILENO, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

bool ui_copy(struct ui *ui, const char *what, const char *text)
{
	char *seq;
	bool sent;

	if (!ui->s->settings.osc52) {
		ui_message(ui, "%s: %s", what, text);
		return false;
	}
	seq = termseq_osc52(text, strlen(text));
	if (!seq) {
		ui_error(ui, "%s is too long to copy through the terminal "
		         "(at most %d bytes)", what, TERMSEQ_CLIP_MAX);
		return false;
	}
	sent = ui_term_write(seq, strlen(seq));
	free(seq);
	if (!sent) {
		ui_message(ui, "%s: %s", what, text);
		return false;
	}
	trace_event("clipboard", "%zu bytes", strlen(text));
	ui_message(ui, "Copied %s", what);
	return true;
}
