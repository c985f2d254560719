/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "http.h"
#include "me.h"
#include "parse.h"
#include "recordtext.h"
#include "text.h"

/* ---- the wait line --------------------------------------------------------
 * While the engine waits (a server that does not answer, a rate limit, the
 * secret command), one line on stderr says what for. On a terminal it is
 * redrawn in place at most once a second and erased when the wait ends;
 * elsewhere (a pipe, a file) it is printed once per wait, whole. The log
 * sink may be called from the worker thread, hence the lock. */

static struct {
	pthread_mutex_t lock;
	int tty;          /* stderr is a terminal: 1, not: 0, not yet known: -1 */
	bool shown;       /* drawn on the terminal, not ended by a newline */
	bool printed;     /* this wait's line went out whole */
	double drawn_at;  /* monotonic seconds */
} wait_line = { PTHREAD_MUTEX_INITIALIZER, -1, false, false, 0 };

static int stderr_columns(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* Erases a drawn line (the caller holds the lock). */
static void wait_line_erase(void)
{
	if (wait_line.shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		wait_line.shown = false;
	}
}

static void wait_line_show(void *ctx, const char *line, bool steady)
{
	char text[600], *safe, *fit = NULL;
	double now = http_now();

	(void)ctx;
	pthread_mutex_lock(&wait_line.lock);
	if (wait_line.tty < 0)
		wait_line.tty = isatty(STDERR_FILENO);
	if (!line) {
		/* The wait is over: the next one gets its own line. */
		wait_line_erase();
		wait_line.printed = false;
		pthread_mutex_unlock(&wait_line.lock);
		return;
	}
	snprintf(text, sizeof text, "halotui: %s", line);
	safe = text_sanitize(text, strlen(text), 0);
	if (wait_line.tty && !steady) {
		/* Redrawn at most once a second (a little slack for the
		 * scheduler), cut to the terminal's width so that \r reaches
		 * its start. */
		if (!wait_line.shown || now - wait_line.drawn_at >= 0.95) {
			fit = text_fit(safe ? safe : text, stderr_columns() - 1, 0);
			fprintf(stderr, "\r\033[K%s", fit ? fit : "");
			fflush(stderr);
			wait_line.shown = true;
			wait_line.drawn_at = now;
		}
	} else if (!wait_line.printed) {
		wait_line_erase();
		fprintf(stderr, "%s\n", safe ? safe : text);
		fflush(stderr);
		wait_line.printed = true;
	}
	free(fit);
	free(safe);
	pthread_mutex_unlock(&wait_line.lock);
}

void cli_error(const char *fmt, ...)
{
	char buf[1200], *safe;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* Messages may quote the server: keep them inert. */
	safe = text_sanitize(buf, strlen(buf), 0);
	pthread_mutex_lock(&wait_line.lock);
	wait_line_erase();
	fprintf(stderr, "halotui: %s\n", safe ? safe : buf);
	pthread_mutex_unlock(&wait_line.lock);
	free(safe);
}

bool cli_stderr_tty(void)
{
	bool tty;

	pthread_mutex_lock(&wait_line.lock);
	if (wait_line.tty < 0)
		wait_line.tty = isatty(STDERR_FILENO);
	tty = wait_line.tty;
	pthread_mutex_unlock(&wait_line.lock);
	return tty;
}

void cli_progress(const char *fmt, ...)
{
	char buf[600], *fit;
	va_list ap;
	bool tty = cli_stderr_tty();

	memcpy(buf, "halotui: ", 9);
	va_start(ap, fmt);
	vsnprintf(buf + 9, sizeof buf - 9, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&wait_line.lock);
	if (tty) {
		fit = text_fit(buf, stderr_columns() - 1, 0);
		fprintf(stderr, "\r\033[K%s", fit ? fit : buf);
		wait_line.shown = true;
		free(fit);
	} else {
		fprintf(stderr, "%s\n", buf);
	}
	fflush(stderr);
	pthread_mutex_unlock(&wait_line.lock);
}

void cli_oom(void)
{
	fputs("halotui: out of memory\n", stderr);
	exit(EXIT_REFUSED);
}

/* ---- held-back warnings and output ----------------------------------------- */

#define WARN_MAX 8

static struct {
	char text[WARN_MAX][512];
	int n;
} warnings;

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	if (warnings.n >= WARN_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(warnings.text[warnings.n++], sizeof warnings.text[0], fmt, ap);
	va_end(ap);
}

int cli_output_open(struct cli_output *o)
{
	o->buf = NULL;
	o->len = 0;
	o->fp = open_memstream(&o->buf, &o->len);
	return o->fp ? 0 : -1;
}

int cli_output_close(struct cli_output *o, int rc)
{
	bool lost;

	if (!o->fp)
		return rc;
	lost = fclose(o->fp) != 0;
	o->fp = NULL;
	if (rc == 0 && lost) {
		cli_error("out of memory");
		rc = EXIT_REFUSED;
	}
	if (rc == 0) {
		for (int i = 0; i < warnings.n; i++)
			cli_error("%s", warnings.text[i]);
		if ((o->len > 0 && fwrite(o->buf, 1, o->len, stdout) != o->len) ||
		    fflush(stdout) != 0) {
			cli_error("cannot write the output: %s", strerror(errno));
			rc = EXIT_REFUSED;
		}
	}
	warnings.n = 0;
	free(o->buf);
	o->buf = NULL;
	o->len = 0;
	return rc;
}

static void stderr_sink(void *ctx, enum log_level level, const char *msg)
{
	(void)ctx;
	if (level >= LOG_WARN)
		cli_error("%s", msg);
}

/* Under client_credentials Agent/me is the API application's agent: a
 * profile's agent: (a name in the agent list, or an id) says who "me" is
 * instead, as in the TUI. 0 when the profile does not say; else the id,
 * or -1 with err set. */
static long profile_agent(struct session *s, struct errbuf *err)
{
	const struct settings *set = &s->settings;
	char id[32];
	long agent;

	if (set->auth != AUTH_CLIENT_CREDENTIALS || !set->agent || !*set->agent)
		return 0;
	if (cli_resolve_ref(s, LOOKUP_AGENT, NULL, "agent", set->agent, id,
	                    sizeof id, err) != HALO_OK)
		return -1;
	agent = strtol(id, NULL, 10);
	if (agent <= 0)
		errbuf_set(err, HALO_ECONFIG, "it names no agent");
	return agent > 0 ? agent : -1;
}

enum halo_status cli_me(struct session *s, struct me *me, struct errbuf *err)
{
	const struct resource *agents = resource_find("agents");
	long agent = profile_agent(s, err);
	struct request *req;
	struct worker_event *ev;
	enum halo_status st;

	if (agent < 0) {
		char why[sizeof err->msg];

		snprintf(why, sizeof why, "%s", err->msg);
		return errbuf_set(err, HALO_ECONFIG, "agent: in profile '%s': %s",
		                  s->settings.profile ? s->settings.profile : "",
		                  why);
	}
	req = agent > 0 ? request_item(agents, agent, 0) :
	                  request_new(REQ_ME, agents);
	ev = req ? session_wait(s, req) : NULL;
	if (!ev)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	st = ev->status;
	if (st != HALO_OK)
		errbuf_set(err, st, "%s", ev->message);
	else
		st = me_from_record(me, ev->record, err);
	worker_event_free(&ev);
	return st;
}

int cli_exit_for(enum halo_status st)
{
	if (st == HALO_OK)
		return 0;
	if (st == HALO_ECONFIG || st == HALO_EUSAGE)
		return EXIT_USAGE;
	return EXIT_REFUSED;
}

int cli_profile_args(struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ 0 }
	};
	int ch;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "p:", opts, NULL)) != -1) {
		if (ch != 'p')
			break;
		g->profile = optarg;
	}
	opterr = 1;
	if (ch == -1 && optind == argc)
		return 0;
	cli_error("usage: halotui %s [-p PROFILE]", argv[0]);
	return EXIT_USAGE;
}

int cli_settings(const struct cli_globals *g, struct settings *s)
{
	struct errbuf err;
	enum halo_status st;

	errbuf_clear(&err);
	st = settings_load(s, g->config_path, g->profile, &err);
	if (st == HALO_OK)
		return 0;
	cli_error("%s", err.msg);
	return cli_exit_for(st);
}

const struct log_sink *cli_log_sink(void)
{
	static const struct log_sink sink = {
		.write = stderr_sink, .min_level = LOG_WARN,
		.waiting = wait_line_show,
	};

	return &sink;
}

int cli_start(const struct cli_globals *g, struct session *s,
              struct settings *loaded, const struct worker_grant *grant)
{
	struct log_sink sink = *cli_log_sink();
	struct errbuf err;
	enum halo_status st;

	errbuf_clear(&err);
	st = session_start(s, loaded, g->log_path, &sink, grant, &err);
	if (st == HALO_OK)
		return 0;
	cli_error("%s", err.msg);
	return cli_exit_for(st);
}

int cli_open(const struct cli_globals *g, struct session *s)
{
	struct log_sink sink = { .write = stderr_sink, .min_level = LOG_WARN,
	                         .waiting = wait_line_show };
	struct errbuf err;
	enum halo_status st;

	errbuf_clear(&err);
	st = session_open(s, g->config_path, g->profile, g->read_only,
	                  g->log_path, &sink, &err);
	if (st == HALO_OK && g->writes &&
	    (st = settings_check_write(&s->settings, &err)) != HALO_OK)
		session_close(s);
	if (st == HALO_OK)
		return 0;
	cli_error("%s", err.msg);
	return cli_exit_for(st);
}

int cli_width(void)
{
	struct winsize ws;
	const char *cols;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	cols = getenv("COLUMNS");
	if (cols && atoi(cols) >= 20)
		return atoi(cols);
	return 100;
}

const struct resource *cli_resource(const char *name)
{
	const struct resource *res = resource_find(name);

	if (!res)
		cli_error("unknown resource '%s'; use one of: %s", name,
		          resource_names());
	return res;
}

long cli_record_id(const struct resource *res, const char *arg, long ticket)
{
	long id = parse_id(arg);

	if (!id) {
		cli_error("'%s' is not a record id", arg);
		return 0;
	}
	if ((res->flags & RES_CHILD) && !ticket) {
		cli_error("%s belong to a ticket: add --ticket ID", res->name);
		return 0;
	}
	return id;
}

/* Searches a linked resource by name; exactly one match is an answer. */
static enum halo_status search_link(struct session *s, const char *link,
                                    const char *label, const char *value,
                                    char *out, size_t outlen,
                                    struct errbuf *err)
{
	const struct resource *res = resource_find(link);
	struct request *req = res ? request_search(res, value, 6) : NULL;
	struct worker_event *ev;
	enum halo_status st;
	long exact;

	if (!req)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	ev = session_wait(s, req);
	if (!ev)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	st = ev->status;
	if (st != HALO_OK) {
		errbuf_set(err, st, "%s", ev->message);
	} else if (ev->page.n == 1) {
		snprintf(out, outlen, "%ld", ev->page.records[0]->id);
	} else if ((exact = records_exact_title(ev->page.records, ev->page.n,
	                                        value)) >= 0) {
		/* A LIKE search: the one exact name wins over its prefixes. */
		snprintf(out, outlen, "%ld", ev->page.records[exact]->id);
	} else if (ev->page.n == 0) {
		st = errbuf_set(err, HALO_EUSAGE, "no %s matches '%s'", label, value);
	} else {
		char names[400] = "";
		for (size_t i = 0; i < ev->page.n && i < 5; i++) {
			const char *nm = record_str(ev->page.records[i],
			                            res->title_key);
			char item[sizeof names];

			snprintf(item, sizeof item, "%ld %s",
			         ev->page.records[i]->id, nm ? nm : "");
			text_list_add(names, sizeof names, item);
		}
		st = errbuf_set(err, HALO_EUSAGE, "'%s' matches %ld %s: %s%s; "
		                "give the id", value, ev->page.record_count,
		                res->name, names, ev->page.n > 5 ? ", ..." : "");
	}
	worker_event_free(&ev);
	return st;
}

enum halo_status cli_resolve_ref(struct session *s, enum lookup_kind lookup,
                                 const char *link, const char *label,
                                 const char *value, char *out, size_t outlen,
                                 struct errbuf *err)
{
	long id = parse_id(value);
	enum halo_status st;

	if (id > 0 || (lookup == LOOKUP_NONE && !link)) {
		snprintf(out, outlen, "%s", value);
		return HALO_OK;
	}
	if (lookup != LOOKUP_NONE) {
		st = session_need_lookups(s, &lookup, 1, err);
		if (st != HALO_OK)
			return st;
		id = lookups_find(&s->lookups, lookup, value, err);
		if (id == 0) {
			errbuf_prefix(err, "%s", label);
			return HALO_EUSAGE;
		}
		snprintf(out, outlen, "%ld", id);
		return HALO_OK;
	}
	return search_link(s, link, label, value, out, outlen, err);
}

static void print_pair(FILE *out, int lw, const char *label, const char *value)
{
	int pad = lw - text_width(label);

	fprintf(out, "%s:%*s %s\n", label, pad > 0 ? pad : 0, "", value);
}

void cli_print_record(const struct lookups *lk, const struct record *r,
                      FILE *out, int width)
{
	struct record_text rt;
	int lw = record_text_label_width(r->res, 0, 0);
	char *body;

	if (record_text_build(&rt, r, lk) != 0)
		cli_oom();
	fprintf(out, "%s\n", rt.title);
	for (size_t i = 0; i < rt.fields.n; i++)
		print_pair(out, lw, rt.fields.items[i].key, rt.fields.items[i].value);
	if (rt.custom.n > 0)
		fprintf(out, "\nCustom fields\n");
	for (size_t i = 0; i < rt.custom.n; i++)
		print_pair(out, lw, rt.custom.items[i].key, rt.custom.items[i].value);
	body = record_body_text(r, width);
	if (!body)
		cli_oom();
	if (*body)
		fprintf(out, "\n%s\n%s\n", rt.body_label, body);
	free(body);
	record_text_done(&rt);
}

/* Characters that reorder or hide the text around them on a terminal:
 * the bidi embeddings, overrides and isolates, and the direction marks. */
static bool is_bidi_control(unsigned cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

/* JSON text made inert for a terminal: cJSON escapes C0 controls but
 * passes DEL, C1 controls, bidi controls and invalid UTF-8 through, so
 * those become \u escapes (or U+FFFD): the same strings for a program
 * that reads the JSON, nothing a terminal acts on. The bytes C0 80 stand
 * for a NUL (cli_json_keep_nul) and become \u0000. Caller frees. */
char *cli_json_safe(const char *in)
{
	size_t n = strlen(in), o = 0;
	char *out = malloc(n * 6 + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)in[i];
		unsigned cp;
		int w;
		size_t len;

		if (c == 0xc0 && (unsigned char)in[i + 1] == 0x80) {
			memcpy(out + o, "\\u0000", 6);
			o += 6;
			i += 2;
			continue;
		}
		if (c < 0x80) {
			if (c == 0x7f) {
				memcpy(out + o, "\\u007f", 6);
				o += 6;
			} else {
				out[o++] = (char)c;
			}
			i++;
			continue;
		}
		len = text_next(in + i, &cp, &w);
		if (len == 0)
			break;
		if ((cp >= 0x80 && cp <= 0x9f) || is_bidi_control(cp)) {
			o += (size_t)snprintf(out + o, 7, "\\u%04x", cp);
		} else if (cp == 0xfffd && !(len == 3 && (unsigned char)in[i] == 0xef)) {
			memcpy(out + o, "\\ufffd", 6);
			o += 6;
		} else {
			memcpy(out + o, in + i, len);
			o += len;
		}
		i += len;
	}
	out[o] = '\0';
	return out;
}

void cli_print_json(const char *body, size_t len, FILE *out)
{
	/* The engine parsed this body already: only memory can fail here. */
	size_t n;
	char *whole = cli_json_keep_nul(body, len, &n);
	cJSON *j = whole ? cJSON_ParseWithLength(whole, n) : NULL;
	char *txt = j ? cJSON_Print(j) : NULL;
	char *safe = txt ? cli_json_safe(txt) : NULL;

	free(whole);
	if (!safe)
		cli_oom();
	fprintf(out, "%s\n", safe);
	free(safe);
	free(txt);
	cJSON_Delete(j);
}
