/* SPDX-License-Identifier: MIT */
/* The TUI as a program: the framework (ui.h) with halotui's panes. It
 * starts on a list, offers the drafts an earlier run left, and runs the
 * loop until the user quits or a signal ends it (status 128 + signal). */
#include "config.h"
#include "tui.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "panes.h"
#include "marks.h"
#include "trace.h"

int tui_run(struct session *s, const struct tui_options *opt,
            struct errbuf *err)
{
	struct ui *ui;
	int rc;

	if (trace_open(opt ? opt->trace_path : NULL) != 0)
		return errbuf_set(err, HALO_ECONFIG, "HALOTUI_TRACE: cannot open %s: %s",
		                  opt->trace_path, strerror(errno)), 2;
	trace_event("start", NULL);
	ui = ui_new(s, opt);
	rc = ui_begin(ui, err);
	if (rc == 0 && list_start(ui, opt ? opt->start : NULL) != 0) {
		errbuf_set(err, HALO_EUSAGE, "unknown resource \"%s\" (one of %s)",
		           opt && opt->start ? opt->start : "", resource_names());
		rc = 2;
	}
	if (rc == 0) {
		bulk_offer(ui);   /* first: the drafts follow once it is settled */
		drafts_offer(ui);
		rc = ui_run(ui);
	}
	ui_free(&ui);
	if (rc > 128)
		errbuf_set(err, HALO_EIO, "ended by %s; what was typed is kept "
		           "as a draft and offered at the next start",
		           rc - 128 == SIGHUP ? "a hangup (SIGHUP)" :
		           rc - 128 == SIGTERM ? "SIGTERM" :
		           rc - 128 == SIGINT ? "SIGINT" : "a signal");
	trace_event("quit", "status=%d", rc);
	trace_close();
	return rc;
}
