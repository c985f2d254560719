/* SPDX-License-Identifier: MIT */
/* The HTML renderer: tags and text to plain text with line structure
 * (paragraphs, line breaks, lists, quotes, <pre>, tables one row a line,
 * links with footnotes); html.c wraps the result. */
#include "config.h"
#include "html_private.h"

#include "text.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_MAX 16         /* deeper lists share the last level */
#define QUOTE_MAX 8         /* deeper quotes are not indented further */
#define RULE_MAX 200        /* widest <hr> drawn */
#define NOTES_MAX 500       /* links beyond this many get no footnote */

/* ---- Renderer ---------------------------------------------------------- */

struct render {
	struct strbuf out;
	int width;
	int nl;             /* newlines owed before the next text, 0..2 */
	int space;          /* a collapsible space is owed */
	int bol;            /* at the beginning of a line: indent first */
	int content;        /* anything visible written yet */
	size_t line_start;  /* offset of the current line in out */
	int pre, pre_start; /* inside <pre>; just after its start tag */
	int quote;          /* <blockquote> depth */
	int lists;          /* list depth */
	char ordered[LIST_MAX];
	int number[LIST_MAX];
	int marker;         /* an <li> marker is owed */
	int tables, in_cell, cells;
	size_t rule_end;    /* where the last <hr> ended in out */
	int link;           /* in <a> with a URL to show: 1, 2 once text came */
	size_t link_start;
	char *link_url;
	char *notes[NOTES_MAX];
	size_t nnotes;
};

/* Asks for a line break (1) or a blank line (2) before the next text.
 * Inside a table cell it is only a space: tables stay one row a line. */
static void want_break(struct render *r, int n)
{
	if (r->in_cell || r->tables > 1) {
		r->space = 1;
		return;
	}
	if (r->nl < n)
		r->nl = n;
}

/* Columns of indentation for quotes and lists, capped so that deeply
 * nested hostile markup cannot multiply the output. */
static int indent_width(const struct render *r)
{
	int quote = r->quote < QUOTE_MAX ? r->quote : QUOTE_MAX;
	int lists = r->lists < LIST_MAX ? r->lists : LIST_MAX;

	return 2 * quote + 2 * lists;
}

static void write_indent(struct render *r)
{
	int level = r->lists < LIST_MAX ? r->lists : LIST_MAX;
	char mark[24];

	strbuf_addn(&r->out, ' ', (size_t)indent_width(r));
	if (r->lists > 0 && r->marker) {
		if (r->ordered[level - 1])
			snprintf(mark, sizeof mark, "%d. ", r->number[level - 1]);
		else
			snprintf(mark, sizeof mark, "* ");
		strbuf_add(&r->out, mark, strlen(mark));
	} else if (r->lists > 0) {
		strbuf_add(&r->out, "  ", 2);
	}
	r->marker = 0;
}

/* Everything visible goes through here: owed breaks, indentation, list
 * markers and collapsed spaces come first. */
static void begin_text(struct render *r)
{
	if (r->nl > 0 && r->content) {
		strbuf_addn(&r->out, '\n', (size_t)r->nl);
		r->line_start = r->out.len;
		r->bol = 1;
	}
	r->nl = 0;
	if (r->bol) {
		write_indent(r);
		r->bol = 0;
	} else if (r->space) {
		strbuf_addc(&r->out, ' ');
	}
	r->space = 0;
	r->content = 1;
	if (r->link == 1) {         /* the link's text starts here */
		r->link_start = r->out.len;
		r->link = 2;
	}
}

static void put_text(struct render *r, const char *s, size_t n)
{
	begin_text(r);
	strbuf_add(&r->out, s, n);
}

/* One byte of document text, or a decoded character (cp >= 0x80 as
 * UTF-8 in s). Whitespace collapses outside <pre>. */
static void put_char(struct render *r, const char *s, size_t n)
{
	char c = s[0];

	if (r->pre) {
		if (c == '\r' || (c == '\n' && r->pre_start))
			return;
		r->pre_start = 0;
		if (c == '\n') {
			r->nl = r->nl < 2 ? r->nl + 1 : 2;
			if (!r->content)
				r->nl = 0;
		} else if (c == '\t') {
			begin_text(r);
			strbuf_addn(&r->out, ' ',
			              8 - (r->out.len - r->line_start) % 8);
		} else {
			put_text(r, s, n);
		}
		return;
	}
	if (n == 1 && is_space(c))
		r->space = 1;
	else
		put_text(r, s, n);
}

static void put_cp(struct render *r, unsigned cp)
{
	char u[4];

	if (cp == 0xA0) {       /* a space that never collapses */
		begin_text(r);
		strbuf_addc(&r->out, ' ');
		return;
	}
	put_char(r, u, utf8_encode(cp, u));
}

/* ---- Links --------------------------------------------------------------- */

/* Footnote number of url (1-based), adding it; 0 when the list is full. */
static size_t note_number(struct render *r, const char *url)
{
	size_t k;

	for (k = 0; k < r->nnotes; k++)
		if (strcmp(r->notes[k], url) == 0)
			return k + 1;
	if (r->nnotes == NOTES_MAX)
		return 0;
	r->notes[r->nnotes] = strdup(url);
	if (!r->notes[r->nnotes]) {
		strbuf_fail(&r->out, STRBUF_ENOMEM);
		return 0;
	}
	return ++r->nnotes;
}

static void link_close(struct render *r)
{
	const char *text;
	size_t n, num;
	char mark[32];

	if (!r->link)
		return;
	text = r->out.s ? r->out.s + r->link_start : "";
	n = r->out.s && r->link == 2 ? r->out.len - r->link_start : 0;
	if (!html_link_shows_url(text, n, r->link_url)) {
		num = note_number(r, r->link_url);
		if (num > 0 && n > 0) {
			snprintf(mark, sizeof mark, " [%zu]", num);
			strbuf_add(&r->out, mark, strlen(mark));
		} else if (num > 0) {
			snprintf(mark, sizeof mark, "[%zu]", num);
			put_text(r, mark, strlen(mark));
		}
	}
	free(r->link_url);
	r->link_url = NULL;
	r->link = 0;
}

static void link_open(struct render *r, const char *href)
{
	int oom = 0;

	link_close(r);      /* links do not nest */
	r->link_url = html_link_url(href, &oom);
	if (oom)
		strbuf_fail(&r->out, STRBUF_ENOMEM);
	if (!r->link_url)
		return;
	r->link = 1;
}

/* ---- Tag handlers -------------------------------------------------------- */

static void put_plain(struct render *r, const char *s)
{
	for (; *s; s++)
		put_char(r, s, 1);
}

static void on_image(struct render *r, const char *alt)
{
	const char *p = alt;

	while (p && *p && is_space(*p))
		p++;
	if (!p || !*p)
		return;     /* spacers and logos without alt say nothing */
	put_plain(r, "[image: ");
	put_plain(r, p);
	r->space = 0;
	put_plain(r, "]");
}

/* A line of '-' as wide as the text; a rule right after another adds
 * nothing. */
static void on_rule(struct render *r)
{
	int n = r->width > 0 ? r->width - indent_width(r) : 40;

	if (r->rule_end == r->out.len && r->content)
		return;
	want_break(r, 1);
	begin_text(r);
	n = n < 1 ? 1 : n > RULE_MAX ? RULE_MAX : n;
	strbuf_addn(&r->out, '-', (size_t)n);
	r->rule_end = r->out.len;
	want_break(r, 1);
}

static void on_list(struct render *r, const struct tag *t, int ordered)
{
	if (t->end) {
		if (r->lists > 0)
			r->lists--;
		r->marker = 0;
		want_break(r, r->lists ? 1 : 2);
		return;
	}
	want_break(r, r->lists ? 1 : 2);
	if (r->lists < LIST_MAX) {
		r->ordered[r->lists] = (char)ordered;
		r->number[r->lists] = 0;
	}
	r->lists++;
}

static void on_item(struct render *r, const struct tag *t)
{
	int level = r->lists < LIST_MAX ? r->lists : LIST_MAX;

	want_break(r, 1);
	if (t->end || r->lists == 0) {
		r->marker = 0;
		return;
	}
	if (r->number[level - 1] < 99999)
		r->number[level - 1]++;
	r->marker = 1;
}

static void on_table(struct render *r, enum kind kind, const struct tag *t)
{
	if (kind == K_TABLE) {
		if (t->end && r->tables > 0)
			r->tables--;
		else if (!t->end)
			r->tables++;
		if (r->tables > (t->end ? 0 : 1)) {
			r->space = 1;   /* a table in a cell: flattened into it */
			return;
		}
		r->in_cell = 0;
		r->cells = 0;
		want_break(r, 1);
	} else if (r->tables > 1) {
		r->space = 1;
	} else if (kind == K_TR) {
		r->in_cell = 0;
		r->cells = 0;
		want_break(r, 1);
	} else if (t->end) {
		r->in_cell = 0;
	} else {
		r->in_cell = 1;
		if (r->cells++ > 0) {
			r->space = 0;
			begin_text(r);
			strbuf_add(&r->out, " | ", 3);
		}
	}
}

static void on_block(struct render *r, enum kind kind, const struct tag *t)
{
	switch (kind) {
	case K_PARA:
		want_break(r, 2);
		break;
	case K_QUOTE:
		want_break(r, 2);
		if (!t->end)
			r->quote++;
		else if (r->quote > 0)
			r->quote--;
		break;
	case K_PRE:
		want_break(r, 2);
		if (!t->end) {
			r->pre++;
			r->pre_start = 1;
		} else if (r->pre > 0) {
			r->pre--;
		}
		break;
	default:
		want_break(r, 1);
		break;
	}
}

static void on_tag(struct render *r, const struct tag *t)
{
	enum kind kind = html_tag_kind(t->name);

	switch (kind) {
	case K_OTHER: case K_RAW:
		break;
	case K_BR:
		if (r->in_cell || r->tables > 1)
			r->space = 1;
		else if (r->content)
			r->nl = r->nl < 2 ? r->nl + 1 : 2;
		break;
	case K_HR:
		if (!t->end)
			on_rule(r);
		break;
	case K_LIST: case K_OLIST:
		on_list(r, t, kind == K_OLIST);
		break;
	case K_LI:
		on_item(r, t);
		break;
	case K_TABLE: case K_TR: case K_CELL:
		on_table(r, kind, t);
		break;
	case K_A:
		if (t->end)
			link_close(r);
		else
			link_open(r, t->href);
		break;
	case K_IMG:
		if (!t->end)
			on_image(r, t->alt);
		break;
	default:
		on_block(r, kind, t);
		break;
	}
}

/* ---- Tokenizer ----------------------------------------------------------- */

/* Handles the '<' at h[i]; returns where to continue. */
static size_t on_angle(struct render *r, const char *h, size_t i, size_t len)
{
	struct tag t;
	size_t next;
	char c = i + 1 < len ? h[i + 1] : '\0';

	if (c == '!' || c == '?' ||
	    (c == '/' && !(i + 2 < len && is_alpha(h[i + 2]))))
		return html_skip_markup(h, i, len);
	if (!is_alpha(c) && c != '/') {
		put_char(r, "<", 1);
		return i + 1;
	}
	next = html_parse_tag(&t, h, i, len);
	if (next == 0) {
		html_tag_done(&t);
		return len;
	}
	if (t.oom)
		strbuf_fail(&r->out, STRBUF_ENOMEM);
	on_tag(r, &t);
	if (!t.end && !t.self && html_tag_kind(t.name) == K_RAW)
		next = html_raw_text_end(h, next, len, t.name);
	html_tag_done(&t);
	return next;
}

static void render_html(struct render *r, const char *h, size_t len)
{
	size_t i = 0, n;
	unsigned cp;

	while (i < len && !r->out.failed) {
		n = h[i] == '&' ? html_parse_entity(h, i, len, &cp) : 0;
		if (h[i] == '<') {
			i = on_angle(r, h, i, len);
		} else if (n > 0) {
			put_cp(r, cp);
			i += n;
		} else {
			put_char(r, h + i, 1);
			i++;
		}
	}
}

static void add_footnotes(struct render *r)
{
	char num[32];

	for (size_t k = 0; k < r->nnotes; k++) {
		snprintf(num, sizeof num, "%s[%zu] ", k ? "\n" : "\n\n", k + 1);
		strbuf_add(&r->out, num, strlen(num));
		strbuf_add(&r->out, r->notes[k], strlen(r->notes[k]));
	}
}

static void render_done(struct render *r)
{
	strbuf_done(&r->out);
	free(r->link_url);
	for (size_t k = 0; k < r->nnotes; k++)
		free(r->notes[k]);
}

char *html_render(const char *html, size_t len, int width)
{
	struct render *r;
	char *clean = NULL;

	r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->width = width;
	r->bol = 1;
	strbuf_init(&r->out, HTML_TEXT_MAX);
	if (html)
		render_html(r, html, len);
	link_close(r);
	add_footnotes(r);
	if (!r->out.failed)
		clean = text_sanitize(strbuf_str(&r->out), r->out.len,
		                      TEXT_KEEP_NEWLINES);
	render_done(r);
	free(r);
	return clean;
}
