/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "note.h"
#include "notetime.h"
#include "parse.h"
#include "text.h"

/* The lookup lists needed to name the ids r shows that r does not name
 * itself (a full ticket carries status_name, agent_name...): usually none. */
static void need_detail_lookups(struct session *s, const struct record *r)
{
	enum lookup_kind kinds[LOOKUP__COUNT];
	struct record *const rs[1] = { (struct record *)r };
	size_t n = records_missing_lookups(rs, 1, FIELD_DETAIL, &s->lookups,
	                                   kinds);
	struct errbuf err;

	errbuf_clear(&err);
	if (n > 0 && session_need_lookups(s, kinds, n, &err) != HALO_OK)
		cli_warn("%s", err.msg);
}

/* One note: a heading line (when, who, outcome, private) and its text. */
static void print_note(const struct lookups *lk, const struct record *a,
                       FILE *out, int width)
{
	struct note_heading h;
	char took[40] = "";
	long secs = note_time(a);
	char *body;

	if (note_heading_build(&h, a, lk) != 0)
		cli_oom();
	if (secs > 0) {
		strcpy(took, "  time ");
		notetime_format(secs, took + 7, sizeof took - 7);
	}
	fprintf(out, "\n--- %s  %s%s%s%s%s\n", h.when, h.who,
	        *h.outcome ? "  " : "", h.outcome, took,
	        h.is_private ? "  (private)" : "");
	body = record_body_text(a, width);
	if (!body)
		cli_oom();
	if (*body)
		fprintf(out, "%s\n", body);
	free(body);
	note_heading_done(&h);
}

/* The record's notes (asked for with notes_id), oldest first as in the
 * TUI. */
static int print_notes(struct session *s, uint64_t notes_id, FILE *out,
                       int width)
{
	struct worker_event *ev = notes_id ? session_wait_id(s, notes_id) : NULL;
	int rc = 0;

	if (!ev)
		return EXIT_REFUSED;
	if (ev->status != HALO_OK) {
		cli_error("notes: %s", ev->message);
		rc = cli_exit_for(ev->status);
	} else {
		long total = notes_time(ev->page.records, ev->page.n);
		char t[32];

		notes_sort(ev->page.records, ev->page.n);
		notetime_format(total, t, sizeof t);
		if (total > 0)
			fprintf(out, "\nNotes (%zu), time %s in all\n", ev->page.n, t);
		else
			fprintf(out, "\nNotes (%zu)\n", ev->page.n);
		for (size_t i = 0; i < ev->page.n; i++)
			print_note(&s->lookups, ev->page.records[i], out, width);
	}
	worker_event_free(&ev);
	return rc;
}

static int usage_show(void)
{
	cli_error("usage: halotui show RESOURCE ID [--ticket ID] "
	          "[--format text|json]");
	return EXIT_USAGE;
}

int cli_show_record(struct session *s, const struct record *r,
                    uint64_t notes_id, FILE *out)
{
	int width = cli_width();

	need_detail_lookups(s, r);
	cli_print_record(&s->lookups, r, out, width);
	if (notes_id)
		return print_notes(s, notes_id, out, width);
	return 0;
}

int cli_show(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "ticket", required_argument, NULL, 't' },
		{ 0 }
	};
	const struct resource *res;
	bool json = false;
	long id, ticket = 0;
	struct session s;
	struct worker_event *ev;
	uint64_t item_id, notes_id = 0;
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "F:t:", opts, NULL)) != -1) {
		if (ch == 'F' && (strcmp(optarg, "json") == 0 ||
		                  strcmp(optarg, "text") == 0))
			json = strcmp(optarg, "json") == 0;
		else if (ch == 't' && parse_id(optarg))
			ticket = parse_id(optarg);
		else
			return usage_show();
	}
	if (optind != argc - 2)
		return usage_show();
	res = cli_resource(argv[optind]);
	if (!res)
		return EXIT_USAGE;
	id = cli_record_id(res, argv[optind + 1], ticket);
	if (!id)
		return EXIT_USAGE;
	rc = cli_open(g, &s);
	if (rc != 0)
		return rc;
	/* The record and its notes side by side: one round trip, not two. */
	item_id = session_submit(&s, request_item(res, id, ticket));
	if (!json && resource_child(res))
		notes_id = session_submit(&s, request_notes_for(res, id, 0));
	ev = item_id ? session_wait_id(&s, item_id) : NULL;
	if (!ev || (!json && resource_child(res) && !notes_id)) {
		rc = EXIT_REFUSED;
	} else if (ev->status != HALO_OK) {
		cli_error("%s", ev->message);
		rc = cli_exit_for(ev->status);
	} else if (json) {
		cli_print_json(ev->body, ev->body_len, g->out);
	} else {
		rc = cli_show_record(&s, ev->record, notes_id, g->out);
	}
	worker_event_free(&ev);
	session_close(&s);
	return rc;
}
