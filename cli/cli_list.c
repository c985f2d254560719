/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "columns.h"
#include "filter.h"
#include "me.h"
#include "paging.h"
#include "parse.h"
#include "text.h"

enum list_format { FORMAT_TABLE, FORMAT_TSV, FORMAT_JSON };

struct list_cmd {
	const struct resource *res;
	char *search;
	struct kv_list filters;     /* as typed: name=value */
	const char *sort;
	bool desc, desc_set;
	long limit;
	long ticket_id;
	enum list_format format;
};

struct list_out {
	struct column_layout cl;   /* the engine's columns, as the TUI's */
	long printed;
	FILE *fp;
};

static int usage_list(void)
{
	cli_error("usage: halotui list RESOURCE [--search TEXT] "
	          "[--filter KEY=VALUE]... [--sort FIELD] [--desc|--asc] "
	          "[--limit N] [--format table|tsv|json]");
	return EXIT_USAGE;
}

static int parse_list_args(struct list_cmd *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "search", required_argument, NULL, 's' },
		{ "filter", required_argument, NULL, 'f' },
		{ "limit", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'F' },
		{ "sort", required_argument, NULL, 'o' },
		{ "desc", no_argument, NULL, 'D' },
		{ "asc", no_argument, NULL, 'A' },
		{ "ticket", required_argument, NULL, 't' },
		{ 0 }
	};
	struct errbuf err;
	char name[64];
	const char *value;
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "s:f:n:F:o:t:", opts, NULL)) != -1) {
		char *end;

		switch (ch) {
		case 's':
			free(c->search);
			/* Lost, the search would list everything. */
			c->search = strdup(optarg);
			if (!c->search) {
				cli_error("out of memory");
				return EXIT_REFUSED;
			}
			break;
		case 'f':
			errbuf_clear(&err);
			if (filter_split(optarg, name, sizeof name, &value,
			                 &err) != HALO_OK) {
				cli_error("--filter: %s", err.msg);
				return EXIT_USAGE;
			}
			if (kv_add(&c->filters, name, value) != 0) {
				cli_error("out of memory");
				return EXIT_REFUSED;
			}
			break;
		case 'n':
			c->limit = strtol(optarg, &end, 10);
			if (*end || c->limit <= 0) {
				cli_error("--limit wants a positive number, got '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'F':
			if (strcmp(optarg, "table") == 0)
				c->format = FORMAT_TABLE;
			else if (strcmp(optarg, "tsv") == 0)
				c->format = FORMAT_TSV;
			else if (strcmp(optarg, "json") == 0)
				c->format = FORMAT_JSON;
			else {
				cli_error("--format is table, tsv or json, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o': c->sort = optarg; break;
		case 'D': c->desc = c->desc_set = true; break;
		case 'A': c->desc = false; c->desc_set = true; break;
		case 't':
			c->ticket_id = parse_id(optarg);
			if (!c->ticket_id) {
				cli_error("--ticket wants a ticket id, got '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			return usage_list();
		}
	}
	if (optind != argc - 1)
		return usage_list();
	c->res = cli_resource(argv[optind]);
	return c->res ? 0 : EXIT_USAGE;
}

/* agent=me, team=mine: the agent the API application acts as (GET
 * /api/Agent/me), or that agent's teams (comma-separated, sent to the
 * filter's parameter for several). */
static enum halo_status resolve_me(struct session *s,
                                   const struct filter_value *fv,
                                   const char **param, char *out,
                                   size_t outlen, struct errbuf *err)
{
	enum halo_status st;
	struct me me;
	size_t used = 0;

	st = cli_me(s, &me, err);
	if (st != HALO_OK) {
		char why[sizeof err->msg];

		snprintf(why, sizeof why, "%s", err->msg);
		return errbuf_set(err, st, "who am I: %s", why);
	}
	if (fv->def->lookup == LOOKUP_AGENT) {
		snprintf(out, outlen, "%ld", me.id);
		return HALO_OK;
	}
	if (!me.nteams)
		return errbuf_set(err, HALO_ENOTFOUND, "%s=%s: the agent halotui "
		                  "acts as (%s) is in no team", fv->def->name,
		                  fv->value, me.name);
	out[0] = '\0';
	for (size_t i = 0; i < me.nteams && used < outlen; i++)
		used += (size_t)snprintf(out + used, outlen - used, "%s%ld",
		                         i ? "," : "", me.teams[i]);
	if (me.nteams > 1 && fv->def->many)
		*param = fv->def->many;
	return HALO_OK;
}

/* Turns each typed filter into the query parameter the server knows,
 * with names resolved to ids. */
static int resolve_filters(struct session *s, const struct list_cmd *c,
                           struct kv_list *params, long *ticket_id)
{
	for (size_t i = 0; i < c->filters.n; i++) {
		struct filter_value fv;
		struct errbuf err;
		enum halo_status st;
		char id[ME_MAX_TEAMS * 24];
		const char *send, *param;

		errbuf_clear(&err);
		st = filter_parse(c->res, c->filters.items[i].key,
		                  c->filters.items[i].value, &fv, &err);
		send = fv.value;
		param = st == HALO_OK ? fv.def->param : NULL;
		if (st == HALO_OK && fv.need == FILTER_ME) {
			st = resolve_me(s, &fv, &param, id, sizeof id, &err);
			send = id;
		} else if (st == HALO_OK && fv.need != FILTER_READY) {
			st = cli_resolve_ref(s, fv.def->lookup, fv.def->link,
			                     fv.def->name, fv.value, id, sizeof id,
			                     &err);
			send = id;
		}
		if (st != HALO_OK) {
			cli_error("%s", err.msg);
			return cli_exit_for(st);
		}
		if (strcmp(param, "ticket_id") == 0)
			*ticket_id = parse_id(send);
		else if (kv_add(params, param, send) != 0) {
			cli_error("out of memory");
			return EXIT_REFUSED;
		}
	}
	return 0;
}

static void rstrip(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
}

/* A table line without the padding after its last column. */
static void print_line(struct list_out *o, char *line)
{
	if (!line)
		cli_oom();
	rstrip(line);
	fprintf(o->fp, "%s\n", line);
	free(line);
}

/* A TSV header names what the column holds: an id column shows names, so
 * it is headed by the name users type (`status`, not `status_id`). */
static const char *tsv_header(const struct field_def *f)
{
	if (f->kind == FIELD_ID && f->alias)
		return f->alias;
	return f->key;
}

static void print_header(struct list_out *o, enum list_format fmt)
{
	if (fmt == FORMAT_TABLE) {
		print_line(o, columns_header(&o->cl, NULL, false));
	} else if (fmt == FORMAT_TSV) {
		for (int i = 0; i < o->cl.n; i++)
			fprintf(o->fp, "%s%s", i ? "\t" : "",
			        tsv_header(o->cl.fields[i]));
		fputc('\n', o->fp);
	} else {
		fputs("[", o->fp);
	}
}

/* Every column as one TSV line, whatever the width. */
static void print_tsv(struct session *s, struct list_out *o,
                      const struct record *r)
{
	for (int i = 0; i < o->cl.n; i++) {
		char *cell = record_display(r, o->cl.fields[i], &s->lookups);

		if (!cell)
			cli_oom();
		text_flatten(cell);
		fprintf(o->fp, "%s%s", i ? "\t" : "", cell);
		free(cell);
	}
	fputc('\n', o->fp);
}

static void print_row(struct session *s, struct list_out *o,
                      enum list_format fmt, const struct record *r)
{
	if (fmt == FORMAT_JSON) {
		char *txt = record_json(r);
		char *safe = txt ? cli_json_safe(txt) : NULL;

		if (!safe)
			cli_oom();
		fprintf(o->fp, "%s\n%s", o->printed ? "," : "", safe);
		free(safe);
		free(txt);
	} else if (fmt == FORMAT_TSV) {
		print_tsv(s, o, r);
	} else {
		print_line(o, columns_record(&o->cl, r, &s->lookups));
	}
	o->printed++;
}

/* For --format json, the page's records parsed again from the raw body
 * with their escaped NULs kept (cli_json_keep_nul), so that no string is
 * cut short; the same parser finds the same records. */
static void json_page(const struct resource *res, struct worker_event *ev)
{
	struct api_page again;
	struct errbuf err;
	enum halo_status st;
	size_t n;
	char *whole;

	if (!ev->body)
		return;
	whole = cli_json_keep_nul(ev->body, ev->body_len, &n);
	if (!whole)
		cli_oom();
	st = api_parse_list(res, whole, n, &again, &err);
	if (st == HALO_OK) {
		if (again.n == ev->page.n) {
			api_page_done(&ev->page);
			ev->page = again;
		} else {
			api_page_done(&again);
		}
	}
	free(whole);
	if (st == HALO_ENOMEM)
		cli_oom();
}

/* What the list asks for: the query and, for a paged resource, the first
 * page and the page size. */
struct list_ask {
	struct list_query q;
	int first_page;            /* 0: an unpaged list in one request */
	int page_size;
};

/* The lookup lists that name the ids in the columns of a page's records
 * (those the records do not name themselves), asked for once a page
 * arrived: a list that fails says so once, as its own error, not after a
 * lookup list failed the same way. A lookup list that fails alone leaves
 * ids in place of names, with a warning. */
static void ask_column_lookups(struct session *s, const struct list_cmd *c,
                               const struct api_page *page,
                               struct lookup_wait *lw)
{
	enum lookup_kind kinds[LOOKUP__COUNT];
	size_t nk;

	lw->n = 0;
	if (c->format == FORMAT_JSON || page->n == 0)
		return;
	nk = records_missing_lookups(page->records, page->n, FIELD_COLUMN,
	                             &s->lookups, kinds);
	session_lookups_ask(s, kinds, nk, lw);
}

static void need_column_lookups(struct session *s, const struct list_cmd *c,
                                const struct api_page *page,
                                struct lookup_wait *lw)
{
	struct lookup_wait mine;
	struct errbuf err;

	if (!lw) {
		ask_column_lookups(s, c, page, &mine);
		lw = &mine;
	}
	errbuf_clear(&err);
	if (lw->n > 0 && session_lookups_collect(s, lw, &err) != HALO_OK)
		cli_warn("%s", err.msg);
}

/* Pages on the wire at once after the first: the worker runs four
 * transfers side by side. */
#define PAGES_IN_FLIGHT 4

/* One page's answer: its rows printed, the lookups its ids need fetched
 * first. Returns true when the listing is over: the set ended (an empty
 * page), the limit is met, or the page failed (then *rc says how). */
static bool take_page(struct session *s, const struct list_cmd *c,
                      struct list_out *o, struct worker_event *ev, bool first,
                      struct lookup_wait *lw, int *rc)
{
	if (!ev) {
		cli_error("out of memory");
		*rc = EXIT_REFUSED;
		return true;
	}
	if (ev->status != HALO_OK) {
		cli_error("%s", ev->message);
		*rc = cli_exit_for(ev->status);
		return true;
	}
	if (ev->page.n > 0)
		need_column_lookups(s, c, &ev->page, lw);
	if (first)
		print_header(o, c->format);
	if (c->format == FORMAT_JSON)
		json_page(c->res, ev);
	for (size_t i = 0; i < ev->page.n; i++) {
		if (c->limit > 0 && o->printed >= c->limit)
			break;
		print_row(s, o, c->format, ev->page.records[i]);
	}
	/* A short or empty page means the set ended early. */
	return ev->page.n == 0 || (c->limit > 0 && o->printed >= c->limit);
}

/* Fetches the first page, then the rest with up to PAGES_IN_FLIGHT on the
 * wire, printing each in order as soon as it and those before it are
 * here: only the pages the limit and the set's size need are asked for. */
static int fetch_and_print(struct session *s, const struct list_cmd *c,
                           const struct list_ask *ask, struct list_out *o)
{
	uint64_t ids[PAGES_IN_FLIGHT] = { 0 };
	long pages = 0, head, next = 2;
	struct worker_event *ev = session_wait(s,
	        request_page(c->res, &ask->q, ask->first_page, ask->page_size));
	struct lookup_wait first_lookups = { .n = 0 };
	int rc = 0;
	bool over;

	if (ev && ev->status == HALO_OK && ask->first_page > 0)
		pages = paging_pages_for_limit(c->limit, ev->page.record_count,
		                               ev->page.page_size);
	if (c->limit > 0 && ev && (long)ev->page.n >= c->limit)
		pages = 1;
	/* The first page's lookup lists go out first, then the next pages,
	 * before the first is printed: the lists the rows need take the
	 * free slots, and the pages share the wire with them. */
	if (ev && ev->status == HALO_OK)
		ask_column_lookups(s, c, &ev->page, &first_lookups);
	for (head = 2; head <= pages; head++) {
		for (; next <= pages && next < head + PAGES_IN_FLIGHT; next++) {
			ids[next % PAGES_IN_FLIGHT] = session_submit(s,
			        request_page(c->res, &ask->q, (int)next,
			                     ask->page_size));
			if (!ids[next % PAGES_IN_FLIGHT])
				cli_oom();
		}
		if (head == 2) {
			over = take_page(s, c, o, ev, true, &first_lookups, &rc);
			worker_event_free(&ev);
			if (over)
				break;
		}
		ev = session_wait_id(s, ids[head % PAGES_IN_FLIGHT]);
		ids[head % PAGES_IN_FLIGHT] = 0;
		over = take_page(s, c, o, ev, false, NULL, &rc);
		worker_event_free(&ev);
		if (over)
			break;
	}
	if (pages <= 1) {
		take_page(s, c, o, ev, true, &first_lookups, &rc);
		worker_event_free(&ev);
	}
	/* Pages past the end or the limit that are still on their way. */
	for (int i = 0; i < PAGES_IN_FLIGHT; i++)
		if (ids[i])
			worker_cancel(s->worker, ids[i]);
	return rc;
}

static int run_list(struct session *s, struct list_cmd *c, FILE *fp)
{
	struct kv_list params = { 0 };
	struct list_ask ask = { .q = { .search = c->search, .params = &params } };
	struct list_out out = { .fp = fp };
	int rc;

	/* --desc alone reverses the resource's own order. */
	ask.q.order = c->sort ? c->sort : c->res->default_order;
	ask.q.orderdesc = c->desc_set ? c->desc : c->res->default_desc;
	ask.q.ticket_id = c->ticket_id;
	if (c->res->flags & RES_PAGED) {
		ask.first_page = 1;
		/* As many rows a page as the server serves: the fewest round
		 * trips (the configured page_size is the TUI's). */
		ask.page_size = paging_request_size(PAGING_MAX_PAGE_SIZE, c->limit);
	} else {
		ask.q.count = c->limit;
	}
	rc = resolve_filters(s, c, &params, &ask.q.ticket_id);
	if (rc == 0 && (c->res->flags & RES_CHILD) && ask.q.ticket_id == 0) {
		cli_error("%s belong to a ticket: add --ticket ID", c->res->name);
		rc = EXIT_USAGE;
	}
	if (rc != 0) {
		kv_done(&params);
		return rc;
	}
	columns_layout(&out.cl, c->res,
	               c->format == FORMAT_TABLE ? cli_width() : 0);
	rc = fetch_and_print(s, c, &ask, &out);
	if (c->format == FORMAT_JSON)
		fputs(out.printed ? "\n]\n" : "]\n", fp);
	kv_done(&params);
	return rc;
}

int cli_list(const struct cli_globals *g, int argc, char **argv)
{
	struct list_cmd c = { 0 };
	struct session s;
	int rc;

	rc = parse_list_args(&c, argc, argv);
	if (rc == 0)
		rc = cli_open(g, &s);
	if (rc == 0) {
		rc = run_list(&s, &c, g->out);
		session_close(&s);
	}
	free(c.search);
	kv_done(&c.filters);
	return rc;
}
