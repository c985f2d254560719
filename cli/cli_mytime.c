/* SPDX-License-Identifier: MIT */
/* halotui mytime: my time today, as the TUI's M shows it: the notes I
 * logged time on today (Halo's time entries, mytime.h) and the total.
 * "I" is the agent requests act as (GET /api/Agent/me). */
#include "config.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "me.h"
#include "mytime.h"
#include "notetime.h"

static int who_am_i(struct session *s, long *id)
{
	struct me me;
	struct errbuf err;
	enum halo_status st = cli_me(s, &me, &err);

	if (st != HALO_OK) {
		cli_error("who you are could not be read: %s", err.msg);
		return cli_exit_for(st);
	}
	*id = me.id;
	return 0;
}

static int print_today(struct session *s, long agent, FILE *out)
{
	struct request *req = mytime_request(agent, time(NULL));
	struct worker_event *ev = req ? session_wait(s, req) : NULL;
	char a[40], b[40], day[64], total[32];
	int rc = 0;

	if (!ev)
		cli_oom();
	if (ev->status != HALO_OK) {
		cli_error("your time entries could not be read: %s", ev->message);
		rc = cli_exit_for(ev->status);
		worker_event_free(&ev);
		return rc;
	}
	mytime_day(time(NULL), a, b, sizeof a, day, sizeof day);
	mytime_sort(ev->page.records, ev->page.n);
	notetime_format(mytime_total(ev->page.records, ev->page.n), total,
	                sizeof total);
	fprintf(out, "My time today, %s: %zu note%s, %s in all\n", day,
	        ev->page.n, ev->page.n == 1 ? "" : "s", total);
	for (size_t i = 0; i < ev->page.n; i++) {
		char *line = mytime_line(ev->page.records[i]);
		if (!line)
			cli_oom();
		fprintf(out, "%s\n", line);
		free(line);
	}
	worker_event_free(&ev);
	return 0;
}

int cli_mytime(const struct cli_globals *g, int argc, char **argv)
{
	struct session s;
	long agent = 0;
	int rc;

	(void)argv;
	if (argc != 1) {
		cli_error("usage: halotui mytime");
		return EXIT_USAGE;
	}
	rc = cli_open(g, &s);
	if (rc != 0)
		return rc;
	rc = who_am_i(&s, &agent);
	if (rc == 0)
		rc = print_today(&s, agent, g->out);
	session_close(&s);
	return rc;
}
