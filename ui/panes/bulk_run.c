/* SPDX-License-Identifier: MIT */
/* A bulk change on its way: each record its own one-element POST, a few
 * on the wire at once, paced by the worker's rate budget (bulk.h keeps
 * the journal and the counts, as the command line's bulk update does).
 * The box shows a progress bar, the count, an estimate of the time left
 * and the rate limit's countdown; Esc stops after the requests in flight
 * and the box becomes the summary (applied, failed with the server's
 * reason, may have been applied). Its plan is on disk (bulkplan.h) until
 * the run ends, so that a run cut short is offered at the next start
 * (bulk_offer.c); quitting waits for the answers in flight and sends no
 * more. */
#include "config.h"
#include "marks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bulk.h"
#include "grow.h"
#include "screen.h"
#include "text.h"

/* POSTs on the wire at once (as the command line): the budget paces
 * them, and few in flight keep an interruption's unknowns few. */
#define POSTS_IN_FLIGHT 4
#define PROBLEMS_MAX 100
#define WHAT_BULK_POST 1

struct run_state {
	struct bulk_plan *plan;
	struct journal *j;
	struct bulk b;
	const struct resource *res;
	struct timespec t0;
	size_t done0;              /* settled before this run's first send */
	bool finished;
	char **problems;           /* one line each, sanitised */
	size_t nproblems, capproblems, more;
	long *applied;             /* unmarked at the end */
	size_t napplied, capapplied;
	char title[300];
};

struct run_args {
	struct bulk_plan *plan;
	struct journal *j;
};

static double since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) +
	       (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void problem(struct run_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct run_state *st, const char *fmt, ...)
{
	char buf[700], *line, **grown;
	va_list ap;

	if (st->nproblems >= PROBLEMS_MAX) {
		st->more++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	line = text_sanitize(buf, strlen(buf), 0);
	grown = grow_for_one(st->problems, st->nproblems, &st->capproblems,
	                     sizeof *st->problems, 8);
	if (!line || !grown)
		ui_oom();
	st->problems = grown;
	st->problems[st->nproblems++] = line;
}

static void remember_applied(struct run_state *st, long id)
{
	long *grown = grow_for_one(st->applied, st->napplied, &st->capapplied,
	                           sizeof *st->applied, 64);

	if (!grown)
		ui_oom();
	st->applied = grown;
	st->applied[st->napplied++] = id;
}

/* ---- the run ----------------------------------------------------------------- */

static void summary_message(struct ui *ui, struct run_state *st)
{
	const struct bulk *b = &st->b;

	ui_message(ui, "%s: %zu applied%s%.0zu%s, %zu failed, %zu may have been "
	           "applied%s", st->plan->title, b->applied,
	           b->earlier ? " (+" : "", b->earlier,
	           b->earlier ? " earlier)" : "", b->failed,
	           b->maybe + b->maybe_earlier,
	           bulk_unsent(b) ? ", the rest not sent" : "");
}

static void finish(struct ui *ui, struct run_state *st)
{
	st->finished = true;
	if (ui->quit_by.tv_sec && bulk_unsent(&st->b)) {
		/* Quitting in the middle: the rest waits for the next start. */
		journal_close(&st->j, false);
	} else {
		/* Over (or stopped on purpose): nothing left to resume. */
		journal_close(&st->j, true);
		bulk_plan_remove(st->plan);
	}
	/* The ids are the marked records': a note's are its tickets. */
	list_unmark(ui, strcmp(st->plan->id_key, "ticket_id") == 0 ?
	            resource_find("tickets") : st->res, st->applied,
	            st->napplied);
	summary_message(ui, st);
}

static void journal_broke(struct ui *ui, struct run_state *st,
                          const struct errbuf *err)
{
	problem(st, "%s; stopped: what is sent from now on could not be "
	        "remembered", err->msg);
	ui_error(ui, "bulk change stopped: %s", err->msg);
}

/* Keeps POSTS_IN_FLIGHT on the wire while there is more to send. */
static void pump(struct ui *ui, struct pane *p, struct run_state *st)
{
	struct errbuf err;

	/* Quitting: the answers in flight count, nothing more goes. */
	if (ui->quit_by.tv_sec)
		bulk_stop(&st->b);
	while (!st->finished && st->b.inflight < POSTS_IN_FLIGHT) {
		struct request *req;
		char *body = NULL;
		long id;
		enum bulk_step step;

		errbuf_clear(&err);
		step = bulk_next(&st->b, &id, &err);
		if (step == BULK_END)
			break;
		if (step == BULK_JOURNAL_FAILED) {
			journal_broke(ui, st, &err);
			break;
		}
		if (step == BULK_EARLIER_MAYBE)
			problem(st, "%s %ld may have been applied by the earlier run "
			        "(its answer never came): not sent again",
			        st->res->singular, id);
		if (step != BULK_SEND)
			continue;
		if (bulk_body(st->plan->change, st->plan->id_key, id, &body,
		              &err) != HALO_OK) {
			problem(st, "%s %ld: %s", st->res->singular, id, err.msg);
			(void)bulk_answer(&st->b, id, POST_NOT_APPLIED, &err);
			continue;
		}
		req = request_post(st->res, body);
		if (!req)
			ui_oom();
		ui_submit(ui, p, req, WHAT_BULK_POST, id);
	}
	if (!st->finished && bulk_finished(&st->b))
		finish(ui, st);
}

static unsigned run_on_event(struct ui *ui, struct pane *p,
                             struct worker_event *ev, int what, long id)
{
	struct run_state *st = p->state;
	bool broken = st->b.journal_failed;
	struct errbuf err;

	if (what != WHAT_BULK_POST || st->finished)
		return 0;
	errbuf_clear(&err);
	switch (bulk_answer(&st->b, id, ev->outcome, &err)) {
	case JOURNAL_APPLIED:
		remember_applied(st, id);
		if (ev->record && ev->record->res == st->res)
			ui_record_saved(ui, ev->record);
		break;
	case JOURNAL_FAILED:
		problem(st, "%s %ld failed: %s%s%s%s", st->res->singular, id,
		        ev->message, ev->field_errors.n ? " (" : "",
		        ev->field_errors.n ? ev->field_errors.items[0].value : "",
		        ev->field_errors.n ? ")" : "");
		break;
	default:
		problem(st, "%s %ld may have been applied (%s): not sent again",
		        st->res->singular, id, ev->message);
		break;
	}
	if (!broken && st->b.journal_failed)
		journal_broke(ui, st, &err);
	pump(ui, p, st);
	return UI_REDRAW;
}

/* ---- the box ----------------------------------------------------------------- */

static void bar(char *out, size_t len, size_t done, size_t total, int width)
{
	int fill = total ? (int)((double)done / (double)total * width) : width;
	size_t k = 0;

	if (width < 1 || len < (size_t)width + 3)
		width = len > 3 ? (int)len - 3 : 0;
	out[k++] = '[';
	for (int i = 0; i < width; i++)
		out[k++] = i < fill ? '#' : '.';
	out[k++] = ']';
	out[k] = '\0';
}

static void eta_text(struct ui *ui, struct run_state *st, char *out,
                     size_t len)
{
	size_t done = bulk_done(&st->b) - st->done0;
	size_t left = st->b.n - bulk_done(&st->b);
	long eta = bulk_eta(done, since(&st->t0), left, ui->s->settings.rate_limit,
	                    (double)ui->s->settings.rate_window_ms / 1000.0);
	struct timespec now;

	/* Waiting for the budget: nothing goes before the countdown ends. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (ui->wait_until.tv_sec && eta >= 0 &&
	    ui->wait_until.tv_sec - now.tv_sec > eta)
		eta = (long)(ui->wait_until.tv_sec - now.tv_sec);
	if (st->b.stop || eta < 0)
		out[0] = '\0';
	else if (eta >= 60)
		snprintf(out, len, "  about %ld min %02ld s left", eta / 60, eta % 60);
	else
		snprintf(out, len, "  about %ld s left", eta);
}

static void countdown(struct ui *ui, char *out, size_t len)
{
	struct timespec now;
	long secs;

	out[0] = '\0';
	if (!ui->wait_until.tv_sec)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	secs = (long)(ui->wait_until.tv_sec - now.tv_sec);
	snprintf(out, len, "rate limit reached: the next request goes in %ld s",
	         secs < 0 ? 0 : secs);
}

static void run_draw(struct ui *ui, struct pane *p, bool focused)
{
	static const struct key_hint running[] = {
		{ ACT_CLOSE, 0, "stops after the requests in flight" },
	};
	static const struct key_hint over[] = {
		{ ACT_CLOSE, 0, "closes" }, { ACT_MOVE_DOWN, 0, "scrolls" },
	};
	struct run_state *st = p->state;
	const struct bulk *b = &st->b;
	int h = 7 + (int)(st->nproblems > 10 ? 10 : st->nproblems);
	struct rect box = p->rect, in;
	char line[700], eta[80], progress[120];
	int y;

	(void)focused;
	if (h > box.h)
		h = box.h;
	box.y += box.h - h;
	box.h = h;
	screen_fill(&box, ui->attrs[ROLE_NORMAL]);
	in = screen_box(&box, st->finished ? " bulk change: summary " :
	                " bulk change ", ui->attrs[ROLE_BORDER],
	                ui->attrs[ROLE_TITLE]);
	if (in.h < 1)
		return;
	y = in.y;
	screen_put(y++, in.x, in.w, st->title, ui->attrs[ROLE_DETAIL_TITLE]);
	bar(progress, sizeof progress, bulk_done(b), b->n,
	    in.w > 40 ? in.w / 3 : 10);
	eta_text(ui, st, eta, sizeof eta);
	snprintf(line, sizeof line, "%s %zu of %zu%s%s", progress, bulk_done(b),
	         b->n, st->finished ? "" : eta,
	         b->stop && !st->finished ? "  stopping\xe2\x80\xa6" : "");
	if (y < in.y + in.h)
		screen_put(y++, in.x, in.w, line, ui->attrs[ROLE_NORMAL]);
	snprintf(line, sizeof line, "applied %zu \xc2\xb7 failed %zu \xc2\xb7 "
	         "may have been applied %zu%s%.0zu \xc2\xb7 in flight %zu%s%.0zu",
	         b->applied, b->failed, b->maybe + b->maybe_earlier,
	         b->earlier ? " \xc2\xb7 applied earlier " : "", b->earlier,
	         b->inflight, st->finished && bulk_unsent(b) ?
	         " \xc2\xb7 not sent " : "", st->finished ? bulk_unsent(b) : 0);
	if (y < in.y + in.h)
		screen_put(y++, in.x, in.w, line, ui->attrs[ROLE_NORMAL]);
	countdown(ui, line, sizeof line);
	if (y < in.y + in.h)
		screen_put(y++, in.x, in.w, st->finished ? "" : line,
		           ui->attrs[ROLE_STATUS_BUSY]);
	for (size_t i = 0; i < st->nproblems && y < in.y + in.h; i++)
		screen_put(y++, in.x, in.w, st->problems[i], ui->attrs[ROLE_ERROR]);
	if (st->finished)
		ui_box_hint(ui, &box, NULL, over, sizeof over / sizeof over[0]);
	else
		ui_box_hint(ui, &box, NULL, running, 1);
}

static void run_status(struct ui *ui, struct pane *p, char *buf, size_t len)
{
	struct run_state *st = p->state;

	(void)ui;
	snprintf(buf, len, " bulk %s: %zu of %zu%s", st->plan->title,
	         bulk_done(&st->b), st->b.n, st->finished ? " (done)" : "");
}

static unsigned run_handle(struct ui *ui, struct pane *p, int key,
                           enum action act)
{
	struct run_state *st = p->state;

	(void)key;
	if (st->finished) {
		if (act == ACT_CLOSE || act == ACT_OPEN || act == ACT_QUIT)
			return act == ACT_QUIT ? UI_QUIT : UI_CLOSE;
		return UI_REDRAW;
	}
	if (act == ACT_CLOSE && !st->b.stop) {
		bulk_stop(&st->b);
		ui_message(ui, "stopping after the %zu requests in flight",
		           st->b.inflight);
		if (bulk_finished(&st->b))
			finish(ui, st);
		return UI_REDRAW;
	}
	if (act == ACT_QUIT)
		return UI_QUIT;   /* waits for the answers in flight */
	return UI_REDRAW;
}

static int run_open(struct ui *ui, struct pane *p, void *arg)
{
	struct run_args *a = arg;
	struct run_state *st = p->state;
	const struct resource *marked = resource_find(a->plan->resource);

	st->plan = a->plan;
	st->j = a->j;
	st->res = marked;
	bulk_init(&st->b, st->plan->ids, st->plan->n, st->j);
	clock_gettime(CLOCK_MONOTONIC, &st->t0);
	snprintf(st->title, sizeof st->title, "%s \xe2\x86\x92 %zu %s%s",
	         st->plan->title, st->plan->n,
	         st->plan->n == 1 ? "record" : "records",
	         journal_resumed(st->j) ? " (resumed)" : "");
	pump(ui, p, st);
	return 0;
}

static void run_close(struct ui *ui, struct pane *p)
{
	struct run_state *st = p->state;

	(void)ui;
	/* Not over (quit, a signal): the plan and the journal stay for the
	 * next start to resume. */
	if (st->j)
		journal_close(&st->j, false);
	bulk_plan_done(st->plan);
	free(st->plan);
	for (size_t i = 0; i < st->nproblems; i++)
		free(st->problems[i]);
	free(st->problems);
	free(st->applied);
}

static const struct pane_ops run_pane_ops = {
	.name = "bulk",
	.state_size = sizeof(struct run_state),
	.open = run_open,
	.close = run_close,
	.draw = run_draw,
	.handle = run_handle,
	.status = run_status,
	.on_event = run_on_event,
};

bool bulk_running(struct ui *ui)
{
	return ui_find(ui, &run_pane_ops) != NULL;
}

void bulk_run_start(struct ui *ui, struct bulk_plan *plan, struct journal *j)
{
	struct run_args a = { plan, j };
	struct errbuf err;
	const struct settings *s = &ui->s->settings;
	struct cache_owner o = { s->base_url, s->tenant, s->client_id };

	errbuf_clear(&err);
	if (!resource_find(plan->resource))
		errbuf_set(&err, HALO_EUSAGE, "unknown resource \"%s\"",
		           plan->resource);
	else if (!j && bulk_plan_save(plan, s->profile, &o, &err) == HALO_OK &&
	         journal_open(&a.j, NULL, plan->journal_key, &err) != HALO_OK)
		bulk_plan_remove(plan);
	if (err.msg[0] || !a.j) {
		ui_error(ui, "bulk change not started: %s", err.msg);
		journal_close(&a.j, false);
		bulk_plan_done(plan);
		free(plan);
		return;
	}
	if (!ui_push(ui, &run_pane_ops, PLACE_OVERLAY, &a)) {
		journal_close(&a.j, false);
		bulk_plan_done(plan);
		free(plan);
	}
}
