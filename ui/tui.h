/* SPDX-License-Identifier: MIT */
/* The ncurses front end. It talks to the engine only through session.h and
 * worker.h (and the pure engine headers: resource, record, lookup, text,
 * html, columns, paging, api). Nothing in ui/ calls libcurl. */
#ifndef HALO_TUI_H
#define HALO_TUI_H

#include <stdbool.h>

#include "errbuf.h"
#include "session.h"

struct tui_options {
	const char *theme;        /* --theme, overrides the config; NULL none */
	const char *start;        /* initial resource name, NULL: tickets */
	const char *trace_path;   /* HALOTUI_TRACE, NULL: none */
	int demo;                 /* started by --demo (shown in the status line) */
	/* What the session was opened with, for :profile to open another:
	 * -c (NULL: the default file), --log (NULL: none), --read-only. */
	const char *config_path;
	const char *log_path;
	bool read_only;
};

/* Runs the TUI on an open session until the user quits. Returns 0 on a
 * normal quit; on a fatal error restores the terminal first, writes one
 * line to err and returns 1 (usage/config problems found by the TUI, such
 * as an unknown action under keys:, return 2). Ended by SIGHUP, SIGTERM
 * or SIGINT (or a terminal that went away: SIGHUP), it saves every draft,
 * restores the terminal, writes a line to err and returns 128 + the
 * signal. */
int tui_run(struct session *s, const struct tui_options *opt,
            struct errbuf *err);

#endif
