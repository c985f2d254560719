/* SPDX-License-Identifier: MIT */
/* An update of many records with one change: `update tickets 1 2 3
 * status=Closed`, `--ids 1,2,3`, `--ids -` (stdin). Each record gets its
 * own one-element POST, a few on the wire at once (the worker paces
 * them); a journal remembers what the server confirmed, so that a run
 * interrupted and started again skips it, and never resends silently
 * what may have been applied. */
#include "config.h"
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bulk.h"
#include "grow.h"
#include "journal.h"
#include "parse.h"
#include "readfile.h"

/* POSTs on their way at once: the worker's rate budget paces them, and a
 * bounded number keeps an interruption's unknowns few. */
#define POSTS_IN_FLIGHT 4
/* Off a terminal, a progress line every so many records. */
#define PROGRESS_EVERY 50
/* Problems named one by one in the summary; the rest are counted. */
#define NAMED_MAX 50
#define IDS_TEXT_MAX (16L * 1024 * 1024)

int cli_bulk_add(struct cli_bulk *b, long id)
{
	long *grown = grow_for_one(b->ids, b->nids, &b->capids, sizeof *b->ids,
	                           16);

	if (!grown)
		return -1;
	b->ids = grown;
	b->ids[b->nids++] = id;
	return 0;
}

/* --ids -: one id a line on stdin; blank lines are skipped. */
static int read_stdin_ids(struct cli_bulk *b)
{
	struct readfile f;
	struct errbuf err;
	char *line;
	long lineno = 0;
	int rc = 0;

	errbuf_clear(&err);
	if (readfile_fd(STDIN_FILENO, "stdin", "a list of ids", IDS_TEXT_MAX, &f,
	                &err) != HALO_OK) {
		cli_error("--ids -: %s", err.msg);
		return EXIT_USAGE;
	}
	for (char *p = f.data; p && *p && rc == 0;) {
		char *nl = strchr(p, '\n');
		long id;

		if (nl)
			*nl = '\0';
		lineno++;
		line = p;
		line[strcspn(line, "\r")] = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		for (char *e = line + strlen(line); e > line &&
		     (e[-1] == ' ' || e[-1] == '\t');)
			*--e = '\0';
		if (*line) {
			id = parse_id(line);
			if (!id) {
				cli_error("--ids -: line %ld: '%.40s' is not a %s id",
				          lineno, line, b->res->singular);
				rc = EXIT_USAGE;
			} else if (cli_bulk_add(b, id) != 0) {
				cli_oom();
			}
		}
		p = nl ? nl + 1 : NULL;
	}
	free(f.data);
	return rc;
}

/* What identifies the change: the instance, the resource and the
 * assignments as typed. Caller frees. */
static char *change_key(const struct session *s, const struct cli_bulk *b)
{
	char *key = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&key, &len);

	if (!fp)
		cli_oom();
	fprintf(fp, "%s tenant=%s update %s", s->settings.base_url,
	        s->settings.tenant ? s->settings.tenant : "", b->res->name);
	for (int i = 0; i < b->nassign; i++)
		fprintf(fp, " %s", b->assign[i]);
	if (fclose(fp) != 0 || !key)
		cli_oom();
	return key;
}

struct run {
	struct session *s;
	const struct cli_bulk *b;
	struct journal *j;
	struct bulk run;                 /* the engine's count of the run */
	struct edit_value vals[CLI_ASSIGN_MAX];
	size_t nvals;
	uint64_t wire[POSTS_IN_FLIGHT];  /* request ids on their way */
	long wire_rec[POSTS_IN_FLIGHT];  /* and their records */
	size_t nwire;
	int named;
};

static void progress(struct run *r, bool force)
{
	size_t total = r->b->nids, done = bulk_done(&r->run);

	if (cli_stderr_tty())
		cli_progress("updating %s: %zu of %zu%s", r->b->res->name, done,
		             total, r->run.failed + r->run.maybe ?
		             " (some failed)" : "");
	else if (force || (done % PROGRESS_EVERY == 0 && done < total))
		cli_progress("updating %s: %zu of %zu", r->b->res->name, done,
		             total);
}

/* One problem, named while there are few. */
static void name_problem(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void name_problem(struct run *r, const char *fmt, ...)
{
	char buf[1100];
	va_list ap;

	if (r->named++ >= NAMED_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	cli_error("%s", buf);
}

static void journal_broke(const struct errbuf *err)
{
	cli_error("%s; stopping: what is sent from now on could not be "
	          "remembered", err->msg);
}

/* Sends the change to record id (journaled "sending" by bulk_next). */
static void send_one(struct run *r, long id)
{
	const struct resource *res = r->b->res;
	struct errbuf err;
	char *body = NULL;
	uint64_t rid;

	errbuf_clear(&err);
	if (api_edit_body(id, r->vals, r->nvals, &body, &err) != HALO_OK) {
		bool broken = r->run.journal_failed;

		cli_error("%s %ld: %s", res->singular, id, err.msg);
		(void)bulk_answer(&r->run, id, POST_NOT_APPLIED, &err);
		if (!broken && r->run.journal_failed)
			journal_broke(&err);
		return;
	}
	rid = session_submit(r->s, request_post(res, body));
	if (!rid)
		cli_oom();
	r->wire[r->nwire] = rid;
	r->wire_rec[r->nwire++] = id;
}

/* The answer for one record on the wire. */
static void take_answer(struct run *r)
{
	const struct resource *res = r->b->res;
	struct worker_event *ev;
	struct errbuf err;
	bool broken = r->run.journal_failed;
	size_t k = 0;
	long id;

	ev = session_wait_any(r->s, r->wire, r->nwire, &k);
	if (!ev)
		cli_oom();
	id = r->wire_rec[k];
	r->wire[k] = r->wire[r->nwire - 1];
	r->wire_rec[k] = r->wire_rec[r->nwire - 1];
	r->nwire--;
	errbuf_clear(&err);
	switch (bulk_answer(&r->run, id, ev->outcome, &err)) {
	case JOURNAL_FAILED:
		name_problem(r, "%s %ld failed: %s%s%s%s", res->singular, id,
		             ev->message, ev->field_errors.n ? " (" : "",
		             ev->field_errors.n ? ev->field_errors.items[0].value : "",
		             ev->field_errors.n ? ")" : "");
		break;
	case JOURNAL_MAYBE:
		name_problem(r, "%s %ld may have been applied (%s): not sent "
		             "again", res->singular, id, ev->message);
		break;
	default:
		break;
	}
	if (!broken && r->run.journal_failed)
		journal_broke(&err);
	worker_event_free(&ev);
	progress(r, false);
}

static void say_resumed(const struct run *r)
{
	size_t applied = journal_count(r->j, JOURNAL_APPLIED);
	size_t unknown = journal_count(r->j, JOURNAL_SENDING) +
	                 journal_count(r->j, JOURNAL_MAYBE);

	cli_error("resuming an earlier run of this update (journal %s): %zu %s "
	          "already applied %s skipped%s", journal_file(r->j), applied,
	          applied == 1 ? r->b->res->singular : r->b->res->name,
	          applied == 1 ? "is" : "are",
	          unknown && !r->b->resend_maybe ?
	          "; those that may have been applied are not sent again" : "");
}

static void summary(const struct run *r)
{
	const struct cli_bulk *b = r->b;
	const struct bulk *u = &r->run;
	size_t unknown = u->maybe + u->maybe_earlier;

	if (r->named > NAMED_MAX)
		cli_error("... and %d more", r->named - NAMED_MAX);
	cli_error("%zu %s: %zu applied, %zu already applied earlier, %zu "
	          "failed, %zu may have been applied%s", b->nids, b->res->name,
	          u->applied, u->earlier, u->failed, unknown,
	          u->stop ? ", the rest not sent" : "");
	if (u->failed || unknown || u->stop)
		cli_error("journal kept in %s: the same command again sends only "
		          "what failed or was not sent%s", journal_file(r->j),
		          unknown ? "; check those that may have been applied, "
		          "then add --resend-maybe to send them again" : "");
}

static int apply_all(struct run *r)
{
	struct errbuf err;
	bool sending = true;

	bulk_init(&r->run, r->b->ids, r->b->nids, r->j);
	r->run.resend_maybe = r->b->resend_maybe;
	if (journal_resumed(r->j))
		say_resumed(r);
	while (sending || r->nwire > 0) {
		while (sending && r->nwire < POSTS_IN_FLIGHT) {
			long id;

			errbuf_clear(&err);
			switch (bulk_next(&r->run, &id, &err)) {
			case BULK_SEND:
				send_one(r, id);
				break;
			case BULK_EARLIER_MAYBE:
				name_problem(r, "%s %ld may have been applied by an "
				             "earlier run (its answer never came): not "
				             "sent again", r->b->res->singular, id);
				break;
			case BULK_EARLIER_APPLIED:
				break;
			case BULK_JOURNAL_FAILED:
				journal_broke(&err);
				sending = false;
				break;
			case BULK_END:
				sending = false;
				break;
			}
		}
		if (r->nwire > 0)
			take_answer(r);
	}
	if (cli_stderr_tty() || r->b->nids >= PROGRESS_EVERY)
		progress(r, true);
	summary(r);
	return r->run.failed || r->run.maybe || r->run.maybe_earlier ||
	       r->run.stop ? EXIT_REFUSED : 0;
}

/* The change is the same for every record: a body that cannot be made
 * (a number that is not one) is said once, before anything is sent. */
static int check_body(struct run *r)
{
	struct errbuf err;
	char *body = NULL;

	errbuf_clear(&err);
	if (api_edit_body(r->b->ids[0], r->vals, r->nvals, &body, &err) !=
	    HALO_OK) {
		cli_error("%s; nothing sent", err.msg);
		return EXIT_USAGE;
	}
	free(body);
	return 0;
}

int cli_update_many(const struct cli_globals *g, struct cli_bulk *b)
{
	struct cli_assignment as[CLI_ASSIGN_MAX];
	struct run r = { .b = b };
	struct session s;
	struct errbuf err;
	char *key = NULL;
	int rc = 0, parsed = 0;

	if (b->from_stdin)
		rc = read_stdin_ids(b);
	if (rc != 0)
		return rc;
	if (bulk_dedupe(b->ids, &b->nids) != 0)
		cli_oom();
	if (b->nids == 0) {
		cli_error("--ids -: no %s ids on stdin", b->res->singular);
		return EXIT_USAGE;
	}
	rc = cli_open(g, &s);
	if (rc != 0)
		return rc;
	r.s = &s;
	/* Before the arguments are parsed (which cuts them at '='). */
	key = change_key(&s, b);
	memset(as, 0, sizeof as);
	for (; parsed < b->nassign && rc == 0; parsed++) {
		rc = cli_parse_assignment(&s, b->res, 0, b->assign[parsed],
		                          &as[parsed]);
		r.vals[parsed] = as[parsed].v;
	}
	r.nvals = (size_t)parsed;
	errbuf_clear(&err);
	if (rc == 0)
		rc = check_body(&r);
	if (rc == 0) {
		enum halo_status st = journal_open(&r.j, NULL, key, &err);

		if (st != HALO_OK) {
			cli_error("%s", err.msg);
			rc = cli_exit_for(st);
		}
	}
	if (rc == 0) {
		rc = apply_all(&r);
		/* Done with nothing left to settle: the journal goes. */
		journal_close(&r.j, rc == 0);
	}
	for (int i = 0; i < parsed; i++)
		free(as[i].owned);
	free(key);
	session_close(&s);
	return rc;
}
