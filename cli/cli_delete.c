/* SPDX-License-Identifier: MIT */
/* halotui delete RESOURCE ID [--ticket ID] [--yes]: one DELETE. Without
 * --yes the record is read and named, and its id must be typed back on
 * the terminal; without a terminal nothing is deleted unless --yes says
 * so, so that a script never deletes by accident. */
#include "config.h"
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "delete.h"
#include "parse.h"

static int usage_delete(void)
{
	cli_error("usage: halotui delete RESOURCE ID [--ticket ID] [--yes] "
	          "(RESOURCE: tickets, or actions with --ticket)");
	return EXIT_USAGE;
}

/* Reads the record, names it and asks for its id on the terminal.
 * 0 when the user typed it. */
static int confirm(struct session *s, const struct resource *res, long id,
                   long ticket)
{
	struct worker_event *ev = session_wait(s, request_item(res, id, ticket));
	char what[400], line[64];
	int rc = 0;

	if (!ev)
		return EXIT_REFUSED;
	if (ev->status != HALO_OK) {
		char msg[1024];

		delete_describe(res, id, ticket, NULL, what, sizeof what);
		delete_failure_text(what, ev->http_status, ev->message, msg,
		                    sizeof msg);
		cli_error("%s", msg);
		rc = cli_exit_for(ev->status);
		worker_event_free(&ev);
		return rc;
	}
	delete_describe(res, id, ticket, ev->record, what, sizeof what);
	worker_event_free(&ev);
	fprintf(stderr, "Delete %s? Type its id (%ld) to delete it: ", what, id);
	fflush(stderr);
	if (!fgets(line, sizeof line, stdin) || !delete_typed_ok(line, id)) {
		cli_error("%s not deleted: the id typed was not %ld", what, id);
		return EXIT_REFUSED;
	}
	return 0;
}

int cli_delete(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ticket", required_argument, NULL, 't' },
		{ "yes", no_argument, NULL, 'y' },
		{ 0 }
	};
	const struct resource *res;
	struct session s;
	struct worker_event *ev;
	struct errbuf err;
	char what[400], msg[1024];
	long id, ticket = 0;
	bool yes = false;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "t:y", opts, NULL)) != -1) {
		if (ch == 't' && parse_id(optarg))
			ticket = parse_id(optarg);
		else if (ch == 'y')
			yes = true;
		else
			return usage_delete();
	}
	if (optind != argc - 2)
		return usage_delete();
	res = cli_resource(argv[optind]);
	if (!res)
		return EXIT_USAGE;
	if (!delete_allowed(res)) {
		cli_error("halotui deletes tickets and notes (actions), not %s",
		          res->name);
		return EXIT_USAGE;
	}
	id = cli_record_id(res, argv[optind + 1], ticket);
	if (!id)
		return EXIT_USAGE;
	if (!yes && !isatty(STDIN_FILENO)) {
		cli_error("not deleted: without a terminal to confirm on, "
		          "add --yes to delete %s %ld", res->singular, id);
		return EXIT_USAGE;
	}
	rc = cli_open(g, &s);
	if (rc != 0)
		return rc;
	if (!yes && (rc = confirm(&s, res, id, ticket)) != 0) {
		session_close(&s);
		return rc;
	}
	ev = session_wait(&s, request_delete(res, id, ticket));
	if (!ev) {
		session_close(&s);
		return EXIT_REFUSED;
	}
	delete_describe(res, id, ticket, ev->record, what, sizeof what);
	if (ev->status != HALO_OK) {
		delete_failure_text(what, ev->http_status, ev->message, msg,
		                    sizeof msg);
		cli_error("%s", msg);
		rc = cli_exit_for(ev->status);
	} else {
		fprintf(g->out, "deleted %s\n", what);
		if (delete_forget_cached(&s.settings, res, id, ticket, &err) < 0)
			cli_warn("%s", err.msg);
	}
	worker_event_free(&ev);
	session_close(&s);
	return rc;
}
