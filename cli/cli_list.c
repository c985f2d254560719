#include "config.h"
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "columns.h"
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
	const struct field_def *cols[32];
	int widths[32];
	int ncols;
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
	int ch;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "s:f:n:F:o:t:", opts, NULL)) != -1) {
		char *eq, *end;

		switch (ch) {
		case 's':
			free(c->search);
			c->search = strdup(optarg);
			break;
		case 'f':
			eq = strchr(optarg, '=');
			if (!eq || eq == optarg) {
				cli_error("--filter wants KEY=VALUE, got '%s'", optarg);
				return EXIT_USAGE;
			}
			*eq = '\0';
			kv_add(&c->filters, optarg, eq + 1);
			*eq = '=';
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

/* Turns each typed filter into the query parameter the server knows,
 * with names resolved to ids. */
static int resolve_filters(struct session *s, struct list_cmd *c,
                           struct request *req)
{
	for (size_t i = 0; i < c->filters.n; i++) {
		const char *name = c->filters.items[i].key;
		const char *value = c->filters.items[i].value;
		const struct filter_def *f = resource_filter(c->res, name);
		char id[64];
		struct errbuf err;
		enum halo_status st;

		if (!f) {
			char known[400] = "";
			for (size_t k = 0; k < c->res->nfilters; k++)
				cli_list_add(known, sizeof known,
				             c->res->filters[k].name);
			cli_error("unknown filter '%s' for %s; known filters: %s",
			          name, c->res->name, known[0] ? known : "none");
			return EXIT_USAGE;
		}
		if (f->boolean) {
			bool on;

			if (parse_bool(value, &on) != 0) {
				cli_error("filter %s wants " PARSE_BOOL_WORDS ", got '%s'",
				          name, value);
				return EXIT_USAGE;
			}
			kv_add(&req->params, f->param, on ? "true" : "false");
			continue;
		}
		errbuf_clear(&err);
		st = cli_resolve_ref(s, f->lookup, f->link, f->name, value, id,
		                     sizeof id, &err);
		if (st != HALO_OK) {
			cli_error("%s", err.msg);
			return cli_exit_for(st);
		}
		if (strcmp(f->param, "ticket_id") == 0)
			req->ticket_id = atol(id);
		else
			kv_add(&req->params, f->param, id);
	}
	return 0;
}

static void setup_columns(struct list_out *o, const struct resource *res,
                          int width, bool fit)
{
	struct column_spec spec[32];

	o->ncols = 0;
	for (size_t i = 0; i < res->nfields && o->ncols < 32; i++) {
		const struct field_def *f = &res->fields[i];

		if (!(f->flags & FIELD_COLUMN))
			continue;
		spec[o->ncols].width = f->width;
		spec[o->ncols].min_width = f->min_width;
		spec[o->ncols].flex = (f->flags & FIELD_FLEX) != 0;
		o->cols[o->ncols++] = f;
	}
	if (fit)
		columns_fit(spec, o->ncols, width, o->widths);
}

static void rstrip(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
}

static void print_table_line(struct list_out *o, const char *const *cells)
{
	char *line = columns_row(cells, o->widths, o->ncols);

	if (line) {
		rstrip(line);
		fprintf(o->fp, "%s\n", line);
	}
	free(line);
}

static void print_header(struct list_out *o, enum list_format fmt)
{
	const char *cells[32];

	for (int i = 0; i < o->ncols; i++)
		cells[i] = o->cols[i]->label;
	if (fmt == FORMAT_TABLE) {
		print_table_line(o, cells);
	} else if (fmt == FORMAT_TSV) {
		for (int i = 0; i < o->ncols; i++)
			fprintf(o->fp, "%s%s", i ? "\t" : "", o->cols[i]->key);
		fputc('\n', o->fp);
	} else {
		fputs("[", o->fp);
	}
}

static void print_row(struct session *s, struct list_out *o,
                      enum list_format fmt, const struct record *r)
{
	char *cells[32] = { 0 };

	if (fmt == FORMAT_JSON) {
		char *txt = record_json(r);
		char *safe = txt ? cli_json_safe(txt) : NULL;
		if (safe)
			fprintf(o->fp, "%s\n%s", o->printed ? "," : "", safe);
		free(safe);
		free(txt);
		o->printed++;
		return;
	}
	for (int i = 0; i < o->ncols; i++) {
		cells[i] = record_display(r, o->cols[i], &s->lookups);
		if (cells[i] && fmt == FORMAT_TSV)
			text_flatten(cells[i]);
	}
	if (fmt == FORMAT_TABLE) {
		print_table_line(o, (const char *const *)cells);
	} else {
		for (int i = 0; i < o->ncols; i++)
			fprintf(o->fp, "%s%s", i ? "\t" : "", cells[i] ? cells[i] : "");
		fputc('\n', o->fp);
	}
	for (int i = 0; i < o->ncols; i++)
		free(cells[i]);
	o->printed++;
}

static struct request *page_request(const struct request *proto, int page_no)
{
	struct request *r = request_new(REQ_LIST, proto->res);

	if (!r)
		return NULL;
	r->search = proto->search ? strdup(proto->search) : NULL;
	r->order = proto->order ? strdup(proto->order) : NULL;
	r->orderdesc = proto->orderdesc;
	r->ticket_id = proto->ticket_id;
	r->page_size = proto->page_size;
	r->count = proto->count;
	r->page_no = page_no;
	/* A lost search or order would quietly list something else. */
	if ((proto->search && !r->search) || (proto->order && !r->order) ||
	    kv_copy(&r->params, &proto->params) != 0)
		request_free(&r);
	return r;
}

/* Fetches page after page, printing as they come, until the limit or the
 * end of the set: only the pages the limit needs are requested. */
static int fetch_and_print(struct session *s, const struct list_cmd *c,
                           const struct request *proto, struct list_out *o)
{
	/* An unpaged list (lookups, actions) is one request: "page" 0. */
	long page_no = proto->page_no, pages = proto->page_no;
	int rc = 0;

	for (; page_no <= pages; page_no++) {
		struct worker_event *ev = session_wait(s,
		                          page_request(proto, (int)page_no));

		if (!ev) {
			cli_error("out of memory");
			return EXIT_REFUSED;
		}
		if (ev->status != HALO_OK) {
			cli_error("%s", ev->message);
			rc = cli_exit_for(ev->status);
			worker_event_free(&ev);
			break;
		}
		if (page_no == 1 && proto->page_no > 0)
			pages = paging_pages_for_limit(c->limit, ev->page.record_count,
			                               ev->page.page_size);
		for (size_t i = 0; i < ev->page.n; i++) {
			if (c->limit > 0 && o->printed >= c->limit)
				break;
			print_row(s, o, c->format, ev->page.records[i]);
		}
		/* A short or empty page means the set ended early. */
		if (ev->page.n == 0 || (c->limit > 0 && o->printed >= c->limit))
			pages = page_no;
		worker_event_free(&ev);
	}
	return rc;
}

static int run_list(struct session *s, struct list_cmd *c)
{
	struct request *proto = request_new(REQ_LIST, c->res);
	struct list_out out = { .fp = stdout };
	const char *order;
	enum lookup_kind kinds[32];
	size_t nk = 0;
	struct errbuf err;
	int rc;

	if (!proto)
		return EXIT_REFUSED;
	order = c->sort ? c->sort : c->res->default_order;
	proto->search = c->search ? strdup(c->search) : NULL;
	proto->order = order && *order ? strdup(order) : NULL;
	if ((c->search && !proto->search) || (order && *order && !proto->order)) {
		request_free(&proto);
		return EXIT_REFUSED;
	}
	proto->orderdesc = c->desc_set ? c->desc : c->res->default_desc;
	proto->ticket_id = c->ticket_id;
	if (c->res->flags & RES_PAGED) {
		proto->page_no = 1;
		proto->page_size = paging_request_size(s->settings.page_size,
		                                       c->limit);
	} else {
		proto->count = c->limit;
	}
	rc = resolve_filters(s, c, proto);
	if (rc == 0 && (c->res->flags & RES_CHILD) && proto->ticket_id == 0) {
		cli_error("%s belong to a ticket: add --ticket ID", c->res->name);
		rc = EXIT_USAGE;
	}
	if (rc != 0) {
		request_free(&proto);
		return rc;
	}
	setup_columns(&out, c->res, cli_width(), c->format == FORMAT_TABLE);
	if (c->format != FORMAT_JSON) {
		for (int i = 0; i < out.ncols; i++)
			if (out.cols[i]->lookup != LOOKUP_NONE)
				kinds[nk++] = out.cols[i]->lookup;
		/* Without names the ids still show: warn and go on. */
		if (session_need_lookups(s, kinds, nk, &err) != HALO_OK)
			cli_error("%s", err.msg);
	}
	print_header(&out, c->format);
	rc = fetch_and_print(s, c, proto, &out);
	if (c->format == FORMAT_JSON)
		fputs(out.printed ? "\n]\n" : "]\n", stdout);
	request_free(&proto);
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
		rc = run_list(&s, &c);
		session_close(&s);
	}
	free(c.search);
	kv_done(&c.filters);
	return rc;
}
