/* SPDX-License-Identifier: MIT */
/* The worker thread against the emulator: events, reported waits,
 * cancellation, and that a POST on the wire is never dropped. The emulator
 * is started the way `halotui --demo` starts it. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <curl/curl.h>
#include <cjson/cJSON.h>

#include "demo.h"
#include "session.h"

struct fixture {
	struct demo demo;
	struct session s;
	char base[64];
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

struct buf {
	char *p;
	size_t n;
};

static size_t collect(char *p, size_t sz, size_t n, void *ud)
{
	struct buf *b = ud;
	char *grown = realloc(b->p, b->n + sz * n + 1);

	assert_non_null(grown);
	b->p = grown;
	memcpy(b->p + b->n, p, sz * n);
	b->n += sz * n;
	b->p[b->n] = '\0';
	return sz * n;
}

/* A call to the emulator's control API; returns its parsed answer. */
static cJSON *control(struct fixture *f, const char *method, const char *what,
                      const char *body)
{
	char url[128];
	struct buf b = { 0 };
	cJSON *out;
	CURL *c = curl_easy_init();

	snprintf(url, sizeof url, "%s/_emulator/%s", f->base, what);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_cleanup(c);
	out = b.p ? cJSON_Parse(b.p) : NULL;
	free(b.p);
	return out;
}

/* How many recorded requests have this method and path (any case). */
static int count_requests(struct fixture *f, const char *method,
                          const char *path)
{
	cJSON *all = control(f, "GET", "requests", NULL), *r;
	int n = 0;

	cJSON_ArrayForEach(r, all) {
		const char *m = cJSON_GetStringValue(cJSON_GetObjectItem(r, "method"));
		const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(r, "path"));
		if (m && p && strcmp(m, method) == 0 && strcasecmp(p, path) == 0)
			n++;
	}
	cJSON_Delete(all);
	return n;
}

/* How many recorded requests the emulator refused with 429. */
static int count_429(struct fixture *f)
{
	cJSON *all = control(f, "GET", "requests", NULL), *r;
	int n = 0;

	cJSON_ArrayForEach(r, all)
		if (cJSON_GetNumberValue(cJSON_GetObjectItem(r, "status")) == 429)
			n++;
	cJSON_Delete(all);
	return n;
}

/* A worker of its own on the fixture's profile, with this budget: a 429
 * learns a budget down, and the other tests must not inherit that. */
static struct worker *budget_worker(struct fixture *f, int limit,
                                    long window_ms)
{
	struct settings s = f->s.settings;   /* the worker copies what it keeps */
	struct worker *w = NULL;
	struct errbuf err;

	s.rate_limit = limit;
	s.rate_window_ms = window_ms;
	errbuf_clear(&err);
	if (worker_start(&w, &s, NULL, NULL, &err) != HALO_OK)
		fail_msg("worker_start: %s", err.msg);
	return w;
}

/* Test timeouts grow with HALOTUI_TEST_TIMEOUT_FACTOR (slow builds). */
static int scaled_ms(int ms)
{
	const char *f = getenv("HALOTUI_TEST_TIMEOUT_FACTOR");
	double k = f ? atof(f) : 1.0;

	return (int)(ms * (k >= 1.0 ? k : 1.0));
}

static struct worker_event *next_event(struct worker *w, int timeout_ms)
{
	double end = now_ms() + timeout_ms;

	for (;;) {
		struct worker_event *ev = worker_next(w);
		struct pollfd p = { .fd = worker_fd(w), .events = POLLIN };
		int left = (int)(end - now_ms());

		if (ev)
			return ev;
		if (left <= 0)
			return NULL;
		poll(&p, 1, left);
	}
}

static struct request *page_of(const char *res, int page, unsigned group)
{
	struct request *r = request_new(REQ_LIST, resource_find(res));

	r->page_no = page;
	r->page_size = 10;
	r->group = group;
	return r;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct errbuf err;

	errbuf_clear(&err);
	if (demo_start(&f->demo, &err) != HALO_OK) {
		fprintf(stderr, "# %s\n", err.msg);
		free(f);
		return -1;
	}
	snprintf(f->base, sizeof f->base, "http://127.0.0.1:%d", f->demo.port);
	if (session_open(&f->s, f->demo.config_path, NULL, false, NULL, NULL,
	                 &err) != HALO_OK) {
		fprintf(stderr, "# %s\n", err.msg);
		demo_stop(&f->demo);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	session_close(&f->s);
	demo_stop(&f->demo);
	free(f);
	return 0;
}

static void test_page_event_carries_records_and_count(void **state)
{
	struct fixture *f = *state;
	struct worker_event *ev;
	uint64_t id = worker_submit(f->s.worker, page_of("tickets", 2, 1));

	assert_true(id > 0);
	ev = next_event(f->s.worker, 10000);
	assert_non_null(ev);
	assert_int_equal(ev->kind, EV_DONE);
	assert_int_equal(ev->id, id);
	assert_int_equal(ev->status, HALO_OK);
	assert_int_equal(ev->page.n, 10);
	assert_int_equal(ev->page.page_no, 2);
	assert_true(ev->page.record_count >= 1000);
	assert_int_equal(worker_pending(f->s.worker), 0);
	worker_event_free(&ev);
}

static void test_wait_is_reported_and_can_be_cancelled(void **state)
{
	struct fixture *f = *state;
	struct worker *w = budget_worker(f, 300, 300000);
	struct worker_event *ev;
	cJSON *ack;

	cJSON_Delete(control(f, "DELETE", "requests", NULL));
	ack = control(f, "POST", "faults", "{\"path\":\"^/api/client$\","
	              "\"count\":1,\"fault\":\"status\",\"status\":429,"
	              "\"retry_after\":1}");
	cJSON_Delete(ack);
	worker_submit(w, page_of("clients", 1, 7));
	ev = next_event(w, 10000);
	assert_non_null(ev);
	assert_int_equal(ev->kind, EV_WAITING);
	assert_int_equal(ev->retry_status, 429);
	assert_false(ev->budget);
	assert_in_range(ev->wait_ms, 1000, 1200);
	worker_event_free(&ev);

	worker_cancel_group(w, 7);
	/* Past the retry time: nothing arrives and nothing was resent. */
	ev = next_event(w, 1800);
	assert_null(ev);
	assert_int_equal(worker_pending(w), 0);
	assert_int_equal(count_requests(f, "GET", "/api/Client"), 1);
	worker_stop(&w);
}

/* Forty requests at once against a server that allows 20 in 4 s. With the
 * budget set to match, none is refused; set far too high, the first 429
 * holds the whole worker, one probe goes, and the budget learned from the
 * 429 keeps the rest below the limit: only the four requests on the wire
 * when the limit was hit are refused, where each request retrying on its
 * own drew many more. */
static void run_burst(struct fixture *f, int limit, int max_429)
{
	enum { N = 40 };
	struct worker *w = budget_worker(f, limit, 4000);
	struct worker_wait ww;
	int done = 0, waits = 0, refused, failed = 0;
	bool saw_wait = false;

	cJSON_Delete(control(f, "DELETE", "requests", NULL));
	cJSON_Delete(control(f, "POST", "config",
	                     "{\"rate_limit\":20,\"rate_window\":4}"));
	/* The earlier tests' requests are not this worker's to know. */
	cJSON_Delete(control(f, "DELETE", "rate", NULL));
	for (int i = 1; i <= N; i++)
		worker_submit(w, page_of("clients", 1 + i % 3, 20));
	while (done < N) {
		struct worker_event *ev = next_event(w, scaled_ms(30000));

		if (!ev)
			break;
		/* What the command line and the TUI show: a wait on the rate
		 * limit with the time left. */
		worker_waiting(w, &ww);
		saw_wait = saw_wait || ((ww.kind == WAIT_RETRY ||
		                         ww.kind == WAIT_BUDGET) &&
		                        ww.retry_status == 429);
		if (ev->kind == EV_WAITING) {
			waits += ev->retry_status == 429;
		} else {
			failed += ev->status != HALO_OK;
			done++;
		}
		worker_event_free(&ev);
	}
	cJSON_Delete(control(f, "POST", "config", "{\"rate_limit\":0}"));
	refused = count_429(f);
	worker_stop(&w);
	assert_int_equal(done, N);
	assert_int_equal(failed, 0);
	if (refused > max_429)
		fail_msg("%d requests refused with 429 (at most %d)", refused,
		         max_429);
	/* The budget paced them: the front end heard of the wait. */
	assert_true(waits > 0);
	assert_true(saw_wait);
}

static void test_budget_matched_draws_no_429(void **state)
{
	run_burst(*state, 20, 0);
}

static void test_budget_too_high_learns_down(void **state)
{
	run_burst(*state, 1000, 4);   /* MAX_RUNNING */
}

static void test_cancelled_group_delivers_nothing(void **state)
{
	struct fixture *f = *state;
	struct worker_event *ev;
	uint64_t keep;

	for (int i = 1; i <= 8; i++)
		worker_submit(f->s.worker, page_of("tickets", i, 3));
	worker_cancel_group(f->s.worker, 3);
	keep = worker_submit(f->s.worker, page_of("sites", 1, 4));
	ev = next_event(f->s.worker, 10000);
	assert_non_null(ev);
	assert_int_equal(ev->id, keep);
	assert_int_equal(ev->group, 4);
	worker_event_free(&ev);
	assert_null(next_event(f->s.worker, 300));
	assert_int_equal(worker_pending(f->s.worker), 0);
}

/* A page that finished before the cancel: its event is queued, and the
 * cancel still drops it. */
static void test_cancel_drops_a_finished_page(void **state)
{
	struct fixture *f = *state;
	struct worker_event *ev;
	uint64_t keep;

	worker_submit(f->s.worker, page_of("sites", 1, 5));
	for (int i = 0; i < 1000 && worker_pending(f->s.worker) > 0; i++)
		poll(NULL, 0, 10);
	assert_int_equal(worker_pending(f->s.worker), 0);
	worker_cancel_group(f->s.worker, 5);
	keep = worker_submit(f->s.worker, page_of("sites", 1, 6));
	ev = next_event(f->s.worker, 10000);
	assert_non_null(ev);
	assert_int_equal(ev->id, keep);
	worker_event_free(&ev);
	assert_null(next_event(f->s.worker, 200));
}

static void test_sent_post_survives_cancel(void **state)
{
	struct fixture *f = *state;
	struct request *r = request_new(REQ_POST, resource_find("tickets"));
	struct worker_event *ev;

	cJSON_Delete(control(f, "POST", "faults", "{\"method\":\"POST\","
	             "\"path\":\"^/api/tickets$\",\"count\":1,\"fault\":\"stall\","
	             "\"stall_ms\":600}"));
	r->body = strdup("[{\"id\":3,\"summary\":\"kept\"}]");
	r->group = 9;
	worker_submit(f->s.worker, r);
	/* Let it reach the wire, then leave the view. */
	assert_null(next_event(f->s.worker, 250));
	worker_cancel_group(f->s.worker, 9);
	ev = next_event(f->s.worker, 10000);
	assert_non_null(ev);
	assert_int_equal(ev->kind, EV_DONE);
	assert_int_equal(ev->status, HALO_OK);
	assert_int_equal(ev->record->id, 3);
	worker_event_free(&ev);
}

static void test_users_request_overtakes_prefetches(void **state)
{
	struct fixture *f = *state;
	struct request *detail = request_new(REQ_GET, resource_find("tickets"));
	struct worker_event *ev;
	uint64_t mine;
	int position = 0, seen = 0;

	cJSON_Delete(control(f, "POST", "config", "{\"latency_ms\":300}"));
	for (int i = 1; i <= 8; i++) {
		struct request *r = page_of("tickets", i, 11);
		r->background = true;
		worker_submit(f->s.worker, r);
	}
	detail->id = 5;
	mine = worker_submit(f->s.worker, detail);
	/* Eight prefetches were queued first; the detail still goes out in
	 * the first round, on the slot prefetches leave free. */
	while (seen < 9 && (ev = next_event(f->s.worker, 10000))) {
		/* A wait said on a slow machine is not an answer. */
		if (ev->kind == EV_DONE) {
			seen++;
			if (ev->id == mine)
				position = seen;
		}
		worker_event_free(&ev);
	}
	cJSON_Delete(control(f, "POST", "config", "{\"latency_ms\":0}"));
	assert_int_equal(seen, 9);
	assert_in_range(position, 1, 4);
}

/* A page scrolled past: abandoned before it started, it is dropped
 * (HALO_ECANCELLED) and never sent; abandoned on the wire, it frees its
 * slot at once, so that the user's next request does not wait for it, and
 * its answer still comes. */
static void test_abandoned_requests_free_their_slots(void **state)
{
	struct fixture *f = *state;
	struct worker_event *ev;
	uint64_t running[4], queued, mine;
	int done = 0, dropped = 0;
	enum halo_status queued_status = HALO_OK, mine_status = HALO_ECANCELLED;
	double start;

	cJSON_Delete(control(f, "DELETE", "requests", NULL));
	cJSON_Delete(control(f, "POST", "config", "{\"latency_ms\":600}"));
	for (int i = 0; i < 4; i++)
		running[i] = worker_submit(f->s.worker, page_of("tickets", i + 1, 21));
	queued = worker_submit(f->s.worker, page_of("tickets", 5, 21));
	/* The four fill every slot; the fifth waits. */
	for (int i = 0; i < 500 && count_requests(f, "GET", "/api/Tickets") < 4; i++)
		poll(NULL, 0, 10);
	assert_int_equal(count_requests(f, "GET", "/api/Tickets"), 4);
	/* The waiting one first: an abandoned transfer frees its slot at
	 * once, and the worker may act on each call before the next. */
	worker_abandon(f->s.worker, queued);
	for (int i = 0; i < 4; i++)
		worker_abandon(f->s.worker, running[i]);
	start = now_ms();
	mine = worker_submit(f->s.worker, page_of("tickets", 6, 21));
	/* Page 6 is on the wire long before the abandoned ones end. */
	for (int i = 0; i < 500 && count_requests(f, "GET", "/api/Tickets") < 5; i++)
		poll(NULL, 0, 10);
	assert_true(now_ms() - start < 400);
	while (done + dropped < 6 && (ev = next_event(f->s.worker, 10000))) {
		/* A slow machine may make a request wait for its retry:
		 * that is said, and is not the end of it. */
		if (ev->kind == EV_WAITING) {
			worker_event_free(&ev);
			continue;
		}
		if (ev->id == queued)
			queued_status = ev->status;
		if (ev->id == mine)
			mine_status = ev->status;
		if (ev->status == HALO_ECANCELLED) {
			dropped++;
		} else {
			assert_int_equal(ev->status, HALO_OK);
			assert_int_equal(ev->page.n, 10);
			done++;
		}
		worker_event_free(&ev);
	}
	assert_int_equal(done + dropped, 6);
	assert_int_equal(queued_status, HALO_ECANCELLED);
	if (mine_status != HALO_OK)
		fail_msg("page 6, asked after the others were abandoned: %s",
		         mine_status == HALO_ECANCELLED ? "no answer or dropped"
		                                        : halo_status_str(mine_status));
	assert_int_equal(worker_pending(f->s.worker), 0);
	/* What was dropped never reached the server (page 5 among them);
	 * everything else was answered. */
	assert_int_equal(count_requests(f, "GET", "/api/Tickets"), done);
}

/* After a test that slows or breaks the emulator: it is put back and the
 * shared worker's late events are dropped, even when the test failed, so
 * that one failure does not become the next test's. */
static int reset_emulator(void **state)
{
	struct fixture *f = *state;
	struct worker_event *ev;

	cJSON_Delete(control(f, "POST", "config", "{\"latency_ms\":0}"));
	cJSON_Delete(control(f, "DELETE", "faults", NULL));
	while (worker_pending(f->s.worker) > 0 &&
	       (ev = next_event(f->s.worker, scaled_ms(10000))))
		worker_event_free(&ev);
	while ((ev = worker_next(f->s.worker)))
		worker_event_free(&ev);
	return 0;
}

/* One POST with fault (JSON, or NULL for none): its event. */
static struct worker_event *post_with(struct fixture *f, const char *fault)
{
	struct request *r = request_new(REQ_POST, resource_find("tickets"));

	if (fault)
		cJSON_Delete(control(f, "POST", "faults", fault));
	r->body = strdup("[{\"id\":4,\"summary\":\"outcome\"}]");
	worker_submit(f->s.worker, r);
	return next_event(f->s.worker, 10000);
}

/* What a POST did on the server, as the event tells the front end: applied,
 * refused, or sent with the answer unknown (may have been applied). */
static void test_post_outcomes(void **state)
{
	static const struct {
		const char *fault;
		enum post_outcome want;
		enum halo_status status;
	} cases[] = {
		{ NULL, POST_APPLIED, HALO_OK },
		/* A 2xx whose body cannot be read was still applied. */
		{ "{\"method\":\"POST\",\"fault\":\"malformed\",\"body\":\"[{\\\"id\"}",
		  POST_APPLIED, HALO_EPARSE },
		{ "{\"method\":\"POST\",\"fault\":\"status\",\"status\":400}",
		  POST_NOT_APPLIED, HALO_EHTTP },
		{ "{\"method\":\"POST\",\"fault\":\"status\",\"status\":500}",
		  POST_MAYBE_APPLIED, HALO_EHTTP },
		/* Applied, then the connection dropped without an answer. */
		{ "{\"method\":\"POST\",\"fault\":\"drop\",\"apply\":true}",
		  POST_MAYBE_APPLIED, HALO_ETRANSPORT },
		/* Dropped unapplied: the client cannot tell the difference. */
		{ "{\"method\":\"POST\",\"fault\":\"drop\"}",
		  POST_MAYBE_APPLIED, HALO_ETRANSPORT },
		/* A 2xx cut short: the status line said it was applied. */
		{ "{\"method\":\"POST\",\"fault\":\"truncate\"}",
		  POST_APPLIED, HALO_ETRANSPORT },
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct worker_event *ev = post_with(f, cases[i].fault);

		assert_non_null(ev);
		if (ev->outcome != cases[i].want || ev->status != cases[i].status)
			fail_msg("%s: outcome %d status %d (%s), wanted %d %d",
			         cases[i].fault ? cases[i].fault : "no fault",
			         (int)ev->outcome, (int)ev->status, ev->message,
			         (int)cases[i].want, (int)cases[i].status);
		worker_event_free(&ev);
	}
}

/* On a read-only profile a POST or a DELETE is refused before anything is
 * sent (not even a token on its behalf): HALO_EREADONLY, not applied, the
 * profile named. A GET still goes. */
static void test_read_only_refuses_writes(void **state)
{
	struct fixture *f = *state;
	struct settings s = f->s.settings;   /* the worker copies what it keeps */
	struct worker *w = NULL;
	struct worker_event *ev;
	struct request *r;
	struct errbuf err;
	cJSON *sent;

	s.read_only = true;
	errbuf_clear(&err);
	if (worker_start(&w, &s, NULL, NULL, &err) != HALO_OK)
		fail_msg("worker_start: %s", err.msg);
	cJSON_Delete(control(f, "DELETE", "requests", NULL));
	for (int i = 0; i < 2; i++) {
		r = request_new(i == 0 ? REQ_POST : REQ_DELETE,
		                resource_find("tickets"));
		r->body = i == 0 ? strdup("[{\"id\":4,\"summary\":\"no\"}]") : NULL;
		r->id = i == 0 ? 0 : 4;
		assert_true(worker_submit(w, r) > 0);
		ev = next_event(w, scaled_ms(10000));
		assert_non_null(ev);
		assert_int_equal(ev->kind, EV_DONE);
		assert_int_equal(ev->status, HALO_EREADONLY);
		assert_int_equal(ev->outcome, POST_NOT_APPLIED);
		assert_int_equal(ev->http_status, 0);
		assert_string_equal(ev->message, "profile 'demo' is read-only: "
		                    "nothing was sent (remove read_only or "
		                    "--read-only to make changes)");
		worker_event_free(&ev);
	}
	assert_int_equal(worker_pending(w), 0);
	sent = control(f, "GET", "requests", NULL);
	assert_int_equal(cJSON_GetArraySize(sent), 0);
	cJSON_Delete(sent);

	worker_submit(w, request_item(resource_find("tickets"), 4, 0));
	ev = next_event(w, scaled_ms(10000));
	assert_non_null(ev);
	assert_int_equal(ev->status, HALO_OK);
	assert_int_equal(ev->record->id, 4);
	worker_event_free(&ev);
	worker_stop(&w);
	assert_int_equal(count_requests(f, "GET", "/api/Tickets/4"), 1);
	assert_int_equal(count_requests(f, "POST", "/api/Tickets"), 0);
	assert_int_equal(count_requests(f, "DELETE", "/api/Tickets/4"), 0);
}

static void test_not_found_is_reported(void **state)
{
	struct fixture *f = *state;
	struct request *r = request_new(REQ_GET, resource_find("users"));
	struct worker_event *ev;

	r->id = 99999999;
	worker_submit(f->s.worker, r);
	ev = next_event(f->s.worker, 10000);
	assert_non_null(ev);
	assert_int_equal(ev->status, HALO_ENOTFOUND);
	assert_int_equal(ev->http_status, 404);
	assert_non_null(strstr(ev->message, "404"));
	worker_event_free(&ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_event_carries_records_and_count),
		cmocka_unit_test(test_wait_is_reported_and_can_be_cancelled),
		cmocka_unit_test(test_cancelled_group_delivers_nothing),
		cmocka_unit_test(test_cancel_drops_a_finished_page),
		cmocka_unit_test(test_sent_post_survives_cancel),
		cmocka_unit_test_teardown(test_users_request_overtakes_prefetches,
		                          reset_emulator),
		cmocka_unit_test_teardown(test_abandoned_requests_free_their_slots,
		                          reset_emulator),
		cmocka_unit_test(test_not_found_is_reported),
		cmocka_unit_test(test_read_only_refuses_writes),
		cmocka_unit_test_teardown(test_post_outcomes, reset_emulator),
		cmocka_unit_test(test_budget_matched_draws_no_429),
		cmocka_unit_test(test_budget_too_high_learns_down),
	};
	int rc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	cmocka_set_message_output(CM_OUTPUT_TAP);
	rc = cmocka_run_group_tests_name("worker", tests, setup, teardown);
	curl_global_cleanup();
	return rc;
}
