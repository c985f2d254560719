#include "config.h"
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "text.h"

/* The lookups that the detail fields of res name ids with. */
static void need_detail_lookups(struct session *s, const struct resource *res)
{
	enum lookup_kind kinds[LOOKUP__COUNT];
	size_t n = resource_lookups(res, FIELD_DETAIL, kinds);
	struct errbuf err;

	if (session_need_lookups(s, kinds, n, &err) != HALO_OK)
		cli_error("%s", err.msg);
}

static void print_title(const struct record *r, FILE *out)
{
	const char *title = record_str(r, r->res->title_key);
	char *safe = text_sanitize(title, title ? strlen(title) : 0, 0);

	fprintf(out, "%c%s #%ld: %s\n", r->res->singular[0] & ~0x20,
	        r->res->singular + 1, r->id, safe ? safe : "");
	free(safe);
}

/* One note: a header line (when, who, outcome, private) and its text. */
static void print_note(struct session *s, const struct record *a, FILE *out,
                       int width)
{
	const struct field_def *when = resource_field(a->res, "datetime");
	const struct field_def *who = resource_field(a->res, "who");
	const struct field_def *outcome = resource_field(a->res, "outcome");
	char *w = when ? record_display(a, when, &s->lookups) : NULL;
	char *p = who ? record_display(a, who, &s->lookups) : NULL;
	char *o = outcome ? record_display(a, outcome, &s->lookups) : NULL;
	bool priv = false;
	const struct field_def *hidden = resource_field(a->res, "hiddenfromuser");
	char *h = hidden ? record_display(a, hidden, &s->lookups) : NULL;
	char *body;

	priv = h && strcmp(h, "yes") == 0;
	fprintf(out, "\n--- %s  %s  %s%s\n", w ? w : "", p ? p : "",
	        o && *o ? o : "note", priv ? "  (private)" : "");
	body = record_body_text(a, width);
	if (body && *body)
		fprintf(out, "%s\n", body);
	free(body);
	free(w);
	free(p);
	free(o);
	free(h);
}

/* Notes in time order: the server sends them newest first. */
static int print_notes(struct session *s, const struct record *r, FILE *out,
                       int width)
{
	struct worker_event *ev = session_wait(s, request_notes_for(r->res,
	                                                            r->id, 0));
	int rc = 0;

	if (!ev)
		return EXIT_REFUSED;
	if (ev->status != HALO_OK) {
		cli_error("notes: %s", ev->message);
		rc = cli_exit_for(ev->status);
	} else {
		fprintf(out, "\nNotes (%zu)\n", ev->page.n);
		for (size_t i = ev->page.n; i > 0; i--)
			print_note(s, ev->page.records[i - 1], out, width);
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

int cli_show_record(struct session *s, const struct record *r, bool notes)
{
	int width = cli_width();

	need_detail_lookups(s, r->res);
	print_title(r, stdout);
	cli_print_record(s, r, stdout, width);
	if (notes && resource_child(r->res))
		return print_notes(s, r, stdout, width);
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
	id = parse_id(argv[optind + 1]);
	if (!id) {
		cli_error("'%s' is not a record id", argv[optind + 1]);
		return EXIT_USAGE;
	}
	if ((res->flags & RES_CHILD) && !ticket) {
		cli_error("%s belong to a ticket: add --ticket ID", res->name);
		return EXIT_USAGE;
	}
	rc = cli_open(g, &s);
	if (rc != 0)
		return rc;
	ev = session_wait(&s, request_item(res, id, ticket));
	if (!ev) {
		rc = EXIT_REFUSED;
	} else if (ev->status != HALO_OK) {
		cli_error("%s", ev->message);
		rc = cli_exit_for(ev->status);
	} else if (json) {
		cli_print_json(ev->body, ev->body_len, stdout);
	} else {
		rc = cli_show_record(&s, ev->record, true);
	}
	worker_event_free(&ev);
	session_close(&s);
	return rc;
}
