/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "note.h"
#include "notetime.h"
#include "parse.h"
#include "readfile.h"
#include "text.h"


static int submit_post(struct session *s, const struct resource *res,
                       char *body, struct worker_event **out)
{
	struct worker_event *ev = session_wait(s, request_post(res, body));

	*out = NULL;
	if (!ev)
		return EXIT_REFUSED;
	if (ev->status != HALO_OK && ev->outcome == POST_APPLIED) {
		/* A 2xx whose body cannot be read: the change is in, and
		 * saying only "malformed" would invite sending it again. */
		cli_error("the server applied the change, but its answer could "
		          "not be read: %s", ev->message);
		*out = ev;
		return 0;
	}
	if (ev->status != HALO_OK) {
		cli_error("%s", ev->message);
		for (size_t i = 0; i < ev->field_errors.n; i++)
			cli_error("  %s: %s", ev->field_errors.items[i].key,
			          ev->field_errors.items[i].value);
		worker_event_free(&ev);
		return EXIT_REFUSED;
	}
	*out = ev;
	return 0;
}

static void list_editable(const struct resource *res, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < res->nfields; i++) {
		const struct field_def *f = &res->fields[i];

		if (f->flags & (FIELD_EDIT | FIELD_CREATE))
			text_list_add(out, len, f->alias ? f->alias : f->key);
	}
}

/* A text field that holds a lookup's name (a ticket's team): the typed
 * text is matched against the list and the exact name is posted, in
 * *name (the caller frees it). */
static int exact_lookup_name(struct session *s, const struct field_def *f,
                             const char *typed, char **name)
{
	struct errbuf err;
	enum lookup_kind kind = f->lookup;
	const char *found;
	long id;

	errbuf_clear(&err);
	if (session_need_lookups(s, &kind, 1, &err) != HALO_OK) {
		cli_error("%s", err.msg);
		return EXIT_REFUSED;
	}
	id = lookups_find(&s->lookups, kind, typed, &err);
	found = id ? lookups_name(&s->lookups, kind, id) : NULL;
	if (!found) {
		cli_error("%s: %s", f->alias ? f->alias : f->key, err.msg);
		return EXIT_USAGE;
	}
	*name = strdup(found);
	if (!*name) {
		cli_error("out of memory");
		return EXIT_REFUSED;
	}
	return 0;
}

/* A name for an id whose list depends on the record (a priority is per
 * SLA, HALO_API.md F1): the record is read for its scope (sla_id) and the
 * name is looked up among that scope's entries only. */
static int scoped_lookup(struct session *s, const struct resource *res,
                         long rec_id, const struct field_def *f,
                         const char *value, char *buf, size_t buflen)
{
	enum lookup_kind kind = f->lookup;
	const char *label = f->alias ? f->alias : f->key;
	struct worker_event *ev;
	struct errbuf err;
	long scope, id;

	errbuf_clear(&err);
	if (session_need_lookups(s, &kind, 1, &err) != HALO_OK) {
		cli_error("%s", err.msg);
		return EXIT_REFUSED;
	}
	ev = session_wait(s, request_item(res, rec_id, 0));
	if (!ev)
		return EXIT_REFUSED;
	if (ev->status != HALO_OK || !ev->record) {
		cli_error("%s %ld: %s", res->singular, rec_id, ev->message);
		worker_event_free(&ev);
		return EXIT_REFUSED;
	}
	scope = record_scope(ev->record, f);
	worker_event_free(&ev);
	id = lookups_find_in(&s->lookups, kind, value, scope, &err);
	if (!id) {
		if (scope > 0)
			cli_error("%s (under the %s's SLA %ld): %s", label,
			          res->singular, scope, err.msg);
		else
			cli_error("%s: %s", label, err.msg);
		return EXIT_USAGE;
	}
	snprintf(buf, buflen, "%ld", id);
	return 0;
}

int cli_parse_assignment(struct session *s, const struct resource *res,
                         long rec_id, char *arg, struct cli_assignment *a)
{
	char *eq = strchr(arg, '=');
	const struct field_def *f;
	const char *name;
	struct errbuf err;
	enum halo_status st;

	if (!eq || eq == arg) {
		cli_error("'%s' is not FIELD=VALUE", arg);
		return EXIT_USAGE;
	}
	*eq = '\0';
	f = resource_field(res, arg);
	if (!f || !(f->flags & (FIELD_EDIT | FIELD_CREATE))) {
		char names[600];
		list_editable(res, names, sizeof names);
		cli_error("%s has no editable field '%s'; editable: %s",
		          res->name, arg, names);
		return EXIT_USAGE;
	}
	name = f->alias ? f->alias : f->key;
	errbuf_clear(&err);
	if (api_check_text(name, eq + 1, &err) != HALO_OK) {
		cli_error("%s; nothing sent", err.msg);
		return EXIT_USAGE;
	}
	a->v.key = f->key;
	a->v.text = eq + 1;
	switch (f->kind) {
	case FIELD_NUMBER:
		a->v.type = EDIT_NUMBER;
		return 0;
	case FIELD_BOOL:
		a->v.type = EDIT_BOOL;
		if (parse_bool(eq + 1, &a->v.flag) != 0) {
			cli_error("%s wants " PARSE_BOOL_WORDS ", got '%s'", arg, eq + 1);
			return EXIT_USAGE;
		}
		return 0;
	case FIELD_ID:
		a->v.type = EDIT_NUMBER;
		a->v.text = a->num;
		if (parse_id(eq + 1) > 0) {   /* digits: the id, however written */
			snprintf(a->num, sizeof a->num, "%ld", parse_id(eq + 1));
			return 0;
		}
		if (f->scope_key && f->lookup != LOOKUP_NONE && rec_id > 0)
			return scoped_lookup(s, res, rec_id, f, eq + 1, a->num,
			                     sizeof a->num);
		if (f->scope_key && f->lookup != LOOKUP_NONE) {
			/* Many records: each may have its own scope. */
			cli_error("%s names differ between %s (each %s's SLA has "
			          "its own); give %s as an id in an update of many",
			          name, res->name, res->singular, name);
			return EXIT_USAGE;
		}
		st = cli_resolve_ref(s, f->lookup, f->link, name, eq + 1, a->num,
		                     sizeof a->num, &err);
		if (st != HALO_OK) {
			cli_error("%s", err.msg);
			return cli_exit_for(st);
		}
		return 0;
	default:
		a->v.type = EDIT_STRING;
		if (f->lookup != LOOKUP_NONE) {
			int rc = exact_lookup_name(s, f, eq + 1, &a->owned);
			a->v.text = a->owned;
			return rc;
		}
		return 0;
	}
}

/* One record: the change posted, then the record as the server answered
 * it (names from the answer, lookup lists only for ids it leaves
 * unnamed). */
static int update_one(const struct cli_globals *g, const struct resource *res,
                      long id, char **assign, int n)
{
	struct cli_assignment as[CLI_ASSIGN_MAX];
	struct edit_value vals[CLI_ASSIGN_MAX];
	struct session s;
	struct worker_event *ev = NULL;
	struct errbuf err;
	char *body = NULL;
	int rc, parsed = 0;

	rc = cli_open(g, &s);
	if (rc != 0)
		return rc;
	memset(as, 0, sizeof as);
	for (; parsed < n && rc == 0; parsed++) {
		rc = cli_parse_assignment(&s, res, id, assign[parsed], &as[parsed]);
		vals[parsed] = as[parsed].v;
	}
	if (rc == 0 && api_edit_body(id, vals, (size_t)n, &body, &err) != HALO_OK) {
		cli_error("%s", err.msg);
		rc = EXIT_USAGE;
	}
	if (rc == 0)
		rc = submit_post(&s, res, body, &ev);
	else
		free(body);
	if (rc == 0 && ev->record)
		rc = cli_show_record(&s, ev->record, 0, g->out);
	for (int i = 0; i < parsed; i++)
		free(as[i].owned);
	worker_event_free(&ev);
	session_close(&s);
	return rc;
}

static int usage_update(void)
{
	cli_error("usage: halotui update RESOURCE (ID... | --ids ID,... | "
	          "--ids -) [--resend-maybe] FIELD=VALUE...");
	return EXIT_USAGE;
}

/* Ids from "1,2,3", added to b. */
static int add_id_list(struct cli_bulk *b, const char *list)
{
	char buf[64];
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, ",");
		long id;

		snprintf(buf, sizeof buf, "%.*s", (int)(len < 63 ? len : 63), p);
		id = parse_id(buf);
		if (!id || len >= 63) {
			cli_error("--ids: '%s' is not a record id", buf);
			return EXIT_USAGE;
		}
		if (cli_bulk_add(b, id) != 0)
			cli_oom();
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* update RESOURCE ID... FIELD=VALUE...: the leading arguments that are
 * ids (digits) or options name the records, the first FIELD=VALUE starts
 * the change. One id without --ids is an update of one record, printed
 * as `show` prints it; several, or --ids, an update of many. */
int cli_update(const struct cli_globals *g, int argc, char **argv)
{
	struct cli_bulk b = { 0 };
	bool list_given = false;
	int i, rc = 0;

	if (argc < 3)
		return usage_update();
	b.res = cli_resource(argv[1]);
	if (!b.res)
		return EXIT_USAGE;
	for (i = 2; i < argc && !strchr(argv[i], '=') && rc == 0; i++) {
		long id;

		if (strcmp(argv[i], "--resend-maybe") == 0) {
			b.resend_maybe = true;
		} else if (strcmp(argv[i], "--ids") == 0 && i + 1 < argc) {
			list_given = true;
			if (strcmp(argv[++i], "-") == 0)
				b.from_stdin = true;
			else
				rc = add_id_list(&b, argv[i]);
		} else if ((id = parse_id(argv[i])) > 0) {
			if (cli_bulk_add(&b, id) != 0)
				cli_oom();
		} else if (argv[i][0] == '-') {
			rc = usage_update();
		} else {
			cli_error("'%s' is not a record id", argv[i]);
			rc = EXIT_USAGE;
		}
	}
	if (rc == 0 && i >= argc) {
		cli_error("update: no FIELD=VALUE to apply");
		rc = EXIT_USAGE;
	}
	if (rc == 0 && argc - i > CLI_ASSIGN_MAX) {
		cli_error("at most %d fields at once", CLI_ASSIGN_MAX);
		rc = EXIT_USAGE;
	}
	if (rc == 0 && b.nids == 0 && !b.from_stdin) {
		cli_error("update: which %s? give their ids", b.res->name);
		rc = EXIT_USAGE;
	}
	if (rc == 0 && b.nids == 1 && !list_given && !b.resend_maybe) {
		rc = update_one(g, b.res, b.ids[0], argv + i, argc - i);
	} else if (rc == 0) {
		b.assign = argv + i;
		b.nassign = argc - i;
		rc = cli_update_many(g, &b);
	}
	free(b.ids);
	return rc;
}

/* The note's text from stdin ("-"); NULL after saying why not. */
static char *read_stdin(void)
{
	struct readfile f;
	struct errbuf err;

	if (readfile_fd(STDIN_FILENO, "stdin", "a note", HALO_TEXT_MAX, &f,
	                &err) != HALO_OK) {
		cli_error("%s", err.msg);
		return NULL;
	}
	return f.data;
}

struct note_cmd {
	long ticket;
	bool private_note;
	const char *outcome;
	const char *status;
	long time_s;        /* --time, seconds; 0 for none */
	char *text;
	char **attach;          /* --attach FILE, repeatable (argv's) */
	size_t nattach;
};

static int parse_note_args(struct note_cmd *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "private", no_argument, NULL, 'P' },
		{ "outcome", required_argument, NULL, 'o' },
		{ "status", required_argument, NULL, 's' },
		{ "attach", required_argument, NULL, 'a' },
		{ "time", required_argument, NULL, 't' },
		{ 0 }
	};
	struct errbuf err;
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "Po:s:a:t:", opts, NULL)) != -1) {
		if (ch == 'a') {
			char **a = realloc(c->attach, (c->nattach + 1) * sizeof *a);

			if (!a)
				cli_oom();
			c->attach = a;
			c->attach[c->nattach++] = optarg;
		} else if (ch == 'P')
			c->private_note = true;
		else if (ch == 'o')
			c->outcome = optarg;
		else if (ch == 's')
			c->status = optarg;
		else if (ch == 't') {
			if (notetime_parse(optarg, &c->time_s, &err) != HALO_OK) {
				cli_error("--time: %s", err.msg);
				return EXIT_USAGE;
			}
		} else
			goto usage;
	}
	if (optind != argc - 2)
		goto usage;
	c->ticket = parse_id(argv[optind]);
	if (!c->ticket) {
		cli_error("'%s' is not a ticket id", argv[optind]);
		return EXIT_USAGE;
	}
	if (strcmp(argv[optind + 1], "-") == 0) {
		c->text = read_stdin();
		if (!c->text)
			return EXIT_USAGE;
	} else {
		c->text = strdup(argv[optind + 1]);
		if (!c->text) {
			cli_error("out of memory");
			return EXIT_REFUSED;
		}
	}
	if (!*c->text) {
		cli_error("the note is empty");
		return EXIT_USAGE;
	}
	return 0;
usage:
	cli_error("usage: halotui note TICKET_ID [--private] [--outcome NAME] "
	          "[--status STATUS] [--time H:MM] [--attach FILE]... (TEXT | -)");
	return EXIT_USAGE;
}

static int post_note(struct session *s, const struct note_cmd *c, FILE *out)
{
	const struct resource *actions = resource_find("actions");
	struct note_draft n = {
		.ticket_id = c->ticket, .text = c->text,
		/* A private note without an outcome named is the instance's
		 * private-note action, whatever it is called there. */
		.outcome = c->outcome ? c->outcome : "Note",
		.outcome_id = !c->outcome && c->private_note ?
		              NOTE_PRIVATE_OUTCOME : 0,
		.private_note = c->private_note,
		.time_s = c->time_s,
	};
	char status[64], took[32] = "";
	char *body = NULL;
	struct worker_event *ev = NULL;
	struct errbuf err;
	enum halo_status st;
	int rc;

	if (!actions)
		return EXIT_REFUSED;
	errbuf_clear(&err);
	if (c->status) {
		if (cli_resolve_ref(s, LOOKUP_STATUS, NULL, "status", c->status,
		                    status, sizeof status, &err) != HALO_OK) {
			cli_error("%s", err.msg);
			return EXIT_USAGE;
		}
		n.new_status = parse_id(status);
	}
	st = note_body(&n, &body, &err);
	if (st != HALO_OK) {
		cli_error("%s", err.msg);
		return st == HALO_EUSAGE ? EXIT_USAGE : EXIT_REFUSED;
	}
	if (c->time_s > 0) {
		strcpy(took, ", time ");
		notetime_format(c->time_s, took + 7, sizeof took - 7);
	}
	rc = submit_post(s, actions, body, &ev);
	if (rc == 0 && ev->record)
		fprintf(out, "note %ld added to ticket %ld%s%s\n",
		       ev->record->id, c->ticket,
		       c->private_note ? " (private)" : "", took);
	else if (rc == 0)
		fprintf(out, "note added to ticket %ld%s%s\n", c->ticket,
		        c->private_note ? " (private)" : "", took);
	if (rc == 0 && c->nattach && !ev->record) {
		cli_error("the note was added to ticket %ld, but its id could not "
		          "be read: nothing was attached", c->ticket);
		rc = EXIT_REFUSED;
	} else if (rc == 0 && c->nattach) {
		rc = cli_attach_send(s, c->ticket, ev->record->id, c->attach,
		                     c->nattach, out);
	}
	worker_event_free(&ev);
	return rc;
}

int cli_note(const struct cli_globals *g, int argc, char **argv)
{
	struct note_cmd c = { 0 };
	struct session s;
	int rc = parse_note_args(&c, argc, argv);

	if (rc == 0)
		rc = cli_open(g, &s);
	if (rc == 0) {
		rc = cli_attach_check(&s, c.attach, c.nattach);
		if (rc == 0)
			rc = post_note(&s, &c, g->out);
		session_close(&s);
	}
	free(c.text);
	free(c.attach);
	return rc;
}
