#include "config.h"
#include "html.h"

#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* HTML is rendered in three steps: a small tokenizer walks the bytes (no
 * regular expressions, never past len) and a renderer writes plain text
 * with line structure; the result is sanitised as a whole; then lines are
 * wrapped (list items with a hanging indent) and blank lines collapsed. */

#define NAME_MAX_LEN 16     /* longer tag names are unknown tags */
#define LIST_MAX 16         /* deeper lists share the last level */
#define QUOTE_MAX 8         /* deeper quotes are not indented further */
#define RULE_MAX 200        /* widest <hr> drawn */
#define NOTES_MAX 500       /* links beyond this many get no footnote */
#define ENTITY_MAX 32       /* longest entity name looked at */

/* ---- Growing buffer (errors are sticky, checked once at the end) -------- */

struct buf {
	char *p;
	size_t len, cap;
	int oom;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (n >= b->cap - b->len || !b->p) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap - b->len <= n) {
			if (cap > SIZE_MAX / 2) {
				b->oom = 1;
				return;
			}
			cap *= 2;
		}
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

static void buf_addn(struct buf *b, char c, size_t n)
{
	while (n-- > 0)
		buf_addc(b, c);
}

/* Encodes cp (at most U+10FFFF) as UTF-8 in u; returns the length. */
static size_t utf8_encode(unsigned cp, char u[4])
{
	if (cp < 0x80) {
		u[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (char)(0xF0 | (cp >> 18));
	u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	u[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static void buf_add_cp(struct buf *b, unsigned cp)
{
	char u[4];

	buf_add(b, u, utf8_encode(cp, u));
}

/* ---- Entities ---------------------------------------------------------- */

struct entity {
	const char *name;
	unsigned cp;
};

static const struct entity entities[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
	{"AMP", '&'}, {"LT", '<'}, {"GT", '>'}, {"QUOT", '"'},
	{"nbsp", 0xA0}, {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122},
	{"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013},
	{"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
	{"rdquo", 0x201D}, {"sbquo", 0x201A}, {"bdquo", 0x201E},
	{"euro", 0x20AC}, {"pound", 0xA3}, {"cent", 0xA2}, {"yen", 0xA5},
	{"bull", 0x2022}, {"middot", 0xB7}, {"laquo", 0xAB}, {"raquo", 0xBB},
	{"deg", 0xB0}, {"times", 0xD7}, {"divide", 0xF7}, {"plusmn", 0xB1},
	{"sect", 0xA7}, {"para", 0xB6}, {"frac12", 0xBD}, {"frac14", 0xBC},
	{"frac34", 0xBE}, {"sup2", 0xB2}, {"sup3", 0xB3}, {"micro", 0xB5},
	{"iexcl", 0xA1}, {"iquest", 0xBF}, {"ensp", 0x2002}, {"emsp", 0x2003},
	{"thinsp", 0x2009}, {"larr", 0x2190}, {"rarr", 0x2192},
	{"uarr", 0x2191}, {"darr", 0x2193}, {"harr", 0x2194},
	{"agrave", 0xE0}, {"aacute", 0xE1}, {"acirc", 0xE2}, {"atilde", 0xE3},
	{"auml", 0xE4}, {"aring", 0xE5}, {"aelig", 0xE6}, {"ccedil", 0xE7},
	{"egrave", 0xE8}, {"eacute", 0xE9}, {"ecirc", 0xEA}, {"euml", 0xEB},
	{"iacute", 0xED}, {"iuml", 0xEF}, {"ntilde", 0xF1}, {"oacute", 0xF3},
	{"ocirc", 0xF4}, {"ouml", 0xF6}, {"oslash", 0xF8}, {"uacute", 0xFA},
	{"ugrave", 0xF9}, {"ucirc", 0xFB}, {"uuml", 0xFC}, {"szlig", 0xDF},
	{"Agrave", 0xC0}, {"Aacute", 0xC1}, {"Auml", 0xC4}, {"Aring", 0xC5},
	{"Ccedil", 0xC7}, {"Eacute", 0xC9}, {"Ntilde", 0xD1}, {"Ouml", 0xD6},
	{"Oslash", 0xD8}, {"Uuml", 0xDC},
};

/* Browsers read &#128;..&#159; as windows-1252, which is what the authors
 * of such text meant; 0 marks the five holes, left as C1 controls. */
static const unsigned short cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static int is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Numeric reference after "&#" at h[i]. Returns the bytes used, 0 if
 * malformed (no digits or no ';'). */
static size_t parse_numeric(const char *h, size_t i, size_t len, unsigned *cp)
{
	size_t start = i;
	unsigned base = 10, v = 0;
	int d, digits = 0;

	if (i < len && (h[i] == 'x' || h[i] == 'X')) {
		base = 16;
		i++;
	}
	for (; i < len; i++) {
		d = base == 16 ? hex_value(h[i]) : (h[i] >= '0' && h[i] <= '9' ? h[i] - '0' : -1);
		if (d < 0)
			break;
		if (v <= 0x10FFFF)
			v = v * base + (unsigned)d;   /* stops growing once too big */
		digits++;
	}
	if (!digits || i >= len || h[i] != ';')
		return 0;
	if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		v = 0xFFFD;
	else if (v >= 0x80 && v <= 0x9F && cp1252[v - 0x80])
		v = cp1252[v - 0x80];
	*cp = v;
	return i + 1 - start + 2;
}

/* Entity at h[i] == '&'. Returns the bytes it spans and sets *cp, or 0
 * when it is not a well-formed known entity (then '&' is literal). */
static size_t parse_entity(const char *h, size_t i, size_t len, unsigned *cp)
{
	size_t n = 0, k;

	if (i + 1 < len && h[i + 1] == '#')
		return parse_numeric(h, i + 2, len, cp);
	while (i + 1 + n < len && n <= ENTITY_MAX && is_alnum(h[i + 1 + n]))
		n++;
	if (n == 0 || n > ENTITY_MAX || i + 1 + n >= len || h[i + 1 + n] != ';')
		return 0;
	for (k = 0; k < sizeof entities / sizeof entities[0]; k++) {
		if (strlen(entities[k].name) == n &&
		    memcmp(entities[k].name, h + i + 1, n) == 0) {
			*cp = entities[k].cp;
			return n + 2;
		}
	}
	return 0;
}

/* Decodes an attribute value h[start..end) into a new string. */
static char *decode_attr(const char *h, size_t start, size_t end)
{
	struct buf b = { NULL, 0, 0, 0 };
	unsigned cp;
	size_t n;

	buf_add(&b, "", 0);
	while (start < end) {
		n = h[start] == '&' ? parse_entity(h, start, end, &cp) : 0;
		if (n > 0) {
			buf_add_cp(&b, cp == 0xA0 ? ' ' : cp);
			start += n;
		} else {
			buf_addc(&b, h[start++]);
		}
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* ---- Tags ---------------------------------------------------------------- */

enum kind {
	K_OTHER, K_BLOCK, K_PARA, K_BR, K_HR, K_LIST, K_OLIST, K_LI, K_QUOTE,
	K_PRE, K_TABLE, K_TR, K_CELL, K_A, K_IMG, K_RAW,
};

static const struct {
	const char *name;
	enum kind kind;
} tag_kinds[] = {
	{"p", K_PARA}, {"h1", K_PARA}, {"h2", K_PARA}, {"h3", K_PARA},
	{"h4", K_PARA}, {"h5", K_PARA}, {"h6", K_PARA}, {"div", K_BLOCK},
	{"section", K_BLOCK}, {"article", K_BLOCK}, {"header", K_BLOCK},
	{"footer", K_BLOCK}, {"address", K_BLOCK}, {"center", K_BLOCK},
	{"form", K_BLOCK}, {"fieldset", K_BLOCK}, {"figure", K_BLOCK},
	{"figcaption", K_BLOCK}, {"main", K_BLOCK}, {"nav", K_BLOCK},
	{"aside", K_BLOCK}, {"caption", K_BLOCK}, {"dl", K_BLOCK},
	{"dt", K_BLOCK}, {"dd", K_BLOCK}, {"details", K_BLOCK},
	{"summary", K_BLOCK}, {"br", K_BR}, {"hr", K_HR}, {"ul", K_LIST},
	{"menu", K_LIST}, {"ol", K_OLIST}, {"li", K_LI},
	{"blockquote", K_QUOTE}, {"pre", K_PRE}, {"table", K_TABLE},
	{"tr", K_TR}, {"td", K_CELL}, {"th", K_CELL}, {"a", K_A},
	{"img", K_IMG}, {"script", K_RAW}, {"style", K_RAW}, {"title", K_RAW},
};

struct tag {
	char name[NAME_MAX_LEN + 1];
	int end;            /* </name> */
	int self;           /* <name ... /> */
	char *href, *alt;   /* decoded, when present */
	int oom;            /* an attribute could not be stored */
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static enum kind tag_kind(const char *name)
{
	for (size_t k = 0; k < sizeof tag_kinds / sizeof tag_kinds[0]; k++)
		if (strcmp(tag_kinds[k].name, name) == 0)
			return tag_kinds[k].kind;
	return K_OTHER;
}

/* Keeps the first href and alt value; others are read and dropped. */
static void tag_attr(struct tag *t, const char *h, size_t name, size_t nlen,
                     size_t vstart, size_t vend)
{
	char **slot = NULL;

	if (nlen == 4 && lower(h[name]) == 'h' && lower(h[name + 1]) == 'r' &&
	    lower(h[name + 2]) == 'e' && lower(h[name + 3]) == 'f')
		slot = &t->href;
	else if (nlen == 3 && lower(h[name]) == 'a' &&
	         lower(h[name + 1]) == 'l' && lower(h[name + 2]) == 't')
		slot = &t->alt;
	if (slot && !*slot) {
		*slot = decode_attr(h, vstart, vend);
		t->oom |= !*slot;
	}
}

/* Reads one attribute at h[i] (not space, '/' or '>'). Returns the index
 * after it, or len when a quote is never closed. */
static size_t parse_attr(struct tag *t, const char *h, size_t i, size_t len)
{
	size_t name = i, name_end, vstart, vend;
	char q;

	while (i < len && !is_space(h[i]) && h[i] != '/' && h[i] != '>' &&
	       (h[i] != '=' || i == name))
		i++;
	name_end = vstart = vend = i;
	while (i < len && is_space(h[i]))
		i++;
	if (i < len && h[i] == '=') {
		i++;
		while (i < len && is_space(h[i]))
			i++;
		if (i < len && (h[i] == '"' || h[i] == '\'')) {
			q = h[i++];
			vstart = i;
			while (i < len && h[i] != q)
				i++;
			if (i >= len)
				return len;
			vend = i++;
		} else {
			vstart = i;
			while (i < len && !is_space(h[i]) && h[i] != '>')
				i++;
			vend = i;
		}
	} else {
		i = name_end;
	}
	tag_attr(t, h, name, name_end - name, vstart, vend);
	return i;
}

/* Parses the tag at h[i] == '<' (followed by a letter, or '/' and a
 * letter). Returns the index after its '>', or 0 when the input ends
 * first (the unfinished tag is then dropped, as browsers do). */
static size_t parse_tag(struct tag *t, const char *h, size_t i, size_t len)
{
	size_t n = 0;

	memset(t, 0, sizeof *t);
	i++;
	if (h[i] == '/') {
		t->end = 1;
		i++;
	}
	for (; i < len && !is_space(h[i]) && h[i] != '/' && h[i] != '>'; i++)
		if (n <= NAME_MAX_LEN)
			t->name[n++] = lower(h[i]);
	t->name[n > NAME_MAX_LEN ? 0 : n] = '\0';
	while (i < len) {
		if (h[i] == '>')
			return i + 1;
		if (h[i] == '/') {
			t->self = i + 1 < len && h[i + 1] == '>';
			i++;
		} else if (is_space(h[i])) {
			i++;
		} else {
			i = parse_attr(t, h, i, len);
		}
	}
	return 0;
}

static void tag_done(struct tag *t)
{
	free(t->href);
	free(t->alt);
	t->href = t->alt = NULL;
}

/* Where the raw text of <script>, <style> or <title> ends: at its end tag,
 * matched without case, or at the end of the input. */
static size_t raw_text_end(const char *h, size_t i, size_t len,
                           const char *name)
{
	size_t n = strlen(name), k;

	for (; i + 1 < len; i++) {
		if (h[i] != '<' || h[i + 1] != '/' || len - i - 2 < n)
			continue;
		for (k = 0; k < n && lower(h[i + 2 + k]) == name[k]; k++)
			;
		if (k == n && (i + 2 + n == len || is_space(h[i + 2 + n]) ||
		               h[i + 2 + n] == '>' || h[i + 2 + n] == '/'))
			return i;
	}
	return len;
}

/* ---- Renderer ---------------------------------------------------------- */

struct render {
	struct buf out;
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

	buf_addn(&r->out, ' ', (size_t)indent_width(r));
	if (r->lists > 0 && r->marker) {
		if (r->ordered[level - 1])
			snprintf(mark, sizeof mark, "%d. ", r->number[level - 1]);
		else
			snprintf(mark, sizeof mark, "* ");
		buf_add(&r->out, mark, strlen(mark));
	} else if (r->lists > 0) {
		buf_add(&r->out, "  ", 2);
	}
	r->marker = 0;
}

/* Everything visible goes through here: owed breaks, indentation, list
 * markers and collapsed spaces come first. */
static void begin_text(struct render *r)
{
	if (r->nl > 0 && r->content) {
		buf_addn(&r->out, '\n', (size_t)r->nl);
		r->line_start = r->out.len;
		r->bol = 1;
	}
	r->nl = 0;
	if (r->bol) {
		write_indent(r);
		r->bol = 0;
	} else if (r->space) {
		buf_addc(&r->out, ' ');
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
	buf_add(&r->out, s, n);
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
			buf_addn(&r->out, ' ',
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
		buf_addc(&r->out, ' ');
		return;
	}
	put_char(r, u, utf8_encode(cp, u));
}

/* ---- Links --------------------------------------------------------------- */

static int has_prefix_nocase(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (lower(*s) != *prefix)
			return 0;
	return 1;
}

/* A cleaned copy of an href worth showing, or NULL: line breaks and tabs
 * dropped (browsers ignore them in URLs), escape sequences sanitised,
 * surrounding blanks trimmed; script URLs and in-page anchors left out. */
static char *link_url(const char *href, int *oom)
{
	char *tmp, *url, *start, *end;
	size_t n = 0;

	*oom = 0;
	if (!href)
		return NULL;
	tmp = strdup(href);
	*oom = !tmp;
	if (!tmp)
		return NULL;
	for (const char *p = href; *p; p++)
		if (*p != '\n' && *p != '\r' && *p != '\t')
			tmp[n++] = *p;
	url = text_sanitize(tmp, n, 0);
	free(tmp);
	*oom = !url;
	if (!url)
		return NULL;
	for (start = url; *start == ' '; start++)
		;
	end = start + strlen(start);
	while (end > start && end[-1] == ' ')
		end--;
	*end = '\0';
	if (!*start || *start == '#' || has_prefix_nocase(start, "javascript:") ||
	    has_prefix_nocase(start, "vbscript:") ||
	    has_prefix_nocase(start, "data:")) {
		free(url);
		return NULL;
	}
	memmove(url, start, (size_t)(end - start) + 1);
	return url;
}

/* Whether link text already shows the URL, so a footnote would repeat it. */
static int link_shows_url(const char *text, size_t n, const char *url)
{
	static const char *const schemes[] = { "", "mailto:", "http://",
	                                       "https://" };
	size_t ulen, slen;

	for (size_t k = 0; k < sizeof schemes / sizeof schemes[0]; k++) {
		slen = strlen(schemes[k]);
		if (!has_prefix_nocase(url, schemes[k]))
			continue;
		ulen = strlen(url + slen);
		if (ulen == n && memcmp(url + slen, text, n) == 0)
			return 1;
		if (ulen == n + 1 && url[slen + n] == '/' &&
		    memcmp(url + slen, text, n) == 0)
			return 1;
	}
	return 0;
}

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
		r->out.oom = 1;
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
	text = r->out.p ? r->out.p + r->link_start : "";
	n = r->out.p && r->link == 2 ? r->out.len - r->link_start : 0;
	if (!link_shows_url(text, n, r->link_url)) {
		num = note_number(r, r->link_url);
		if (num > 0 && n > 0) {
			snprintf(mark, sizeof mark, " [%zu]", num);
			buf_add(&r->out, mark, strlen(mark));
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
	r->link_url = link_url(href, &oom);
	r->out.oom |= oom;
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
	buf_addn(&r->out, '-', (size_t)n);
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
			buf_add(&r->out, " | ", 3);
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
	enum kind kind = tag_kind(t->name);

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

/* Skips "<!-- ... -->", "<!...>" and "<?...>" at h[i]; unterminated, the
 * rest of the input. */
static size_t skip_markup(const char *h, size_t i, size_t len)
{
	if (len - i >= 4 && memcmp(h + i, "<!--", 4) == 0) {
		for (i += 4; i + 2 < len; i++)
			if (h[i] == '-' && h[i + 1] == '-' && h[i + 2] == '>')
				return i + 3;
		return len;
	}
	for (; i < len; i++)
		if (h[i] == '>')
			return i + 1;
	return len;
}

/* Handles the '<' at h[i]; returns where to continue. */
static size_t on_angle(struct render *r, const char *h, size_t i, size_t len)
{
	struct tag t;
	size_t next;
	char c = i + 1 < len ? h[i + 1] : '\0';

	if (c == '!' || c == '?' ||
	    (c == '/' && !(i + 2 < len && is_alpha(h[i + 2]))))
		return skip_markup(h, i, len);
	if (!is_alpha(c) && c != '/') {
		put_char(r, "<", 1);
		return i + 1;
	}
	next = parse_tag(&t, h, i, len);
	if (next == 0) {
		tag_done(&t);
		return len;
	}
	r->out.oom |= t.oom;
	on_tag(r, &t);
	if (!t.end && !t.self && tag_kind(t.name) == K_RAW)
		next = raw_text_end(h, next, len, t.name);
	tag_done(&t);
	return next;
}

static void render_html(struct render *r, const char *h, size_t len)
{
	size_t i = 0, n;
	unsigned cp;

	while (i < len && !r->out.oom) {
		n = h[i] == '&' ? parse_entity(h, i, len, &cp) : 0;
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

/* ---- Layout -------------------------------------------------------------- */

/* Columns of a line's indentation plus its list marker ("  * ", "  12. "),
 * under which its wrapped continuation lines are aligned. */
static size_t hang_width(const char *line, size_t len)
{
	size_t n = 0, d = 0;

	while (n < len && line[n] == ' ')
		n++;
	if (n == 0 || n == len)
		return n;
	if (n + 1 < len && line[n] == '*' && line[n + 1] == ' ')
		return n + 2;
	while (n + d < len && d < 6 && line[n + d] >= '0' && line[n + d] <= '9')
		d++;
	if (d > 0 && n + d + 1 < len && line[n + d] == '.' &&
	    line[n + d + 1] == ' ')
		return n + d + 2;
	return n;
}

/* Appends line[0..len) (no '\n', no trailing blanks) wrapped to width. */
static void emit_line(struct buf *b, const char *line, size_t len, int width)
{
	size_t hang = hang_width(line, len), count = 0;
	char **pieces = NULL;
	char *rest;

	if (width <= 0) {
		buf_add(b, line, len);
		return;
	}
	if (hang * 2 > (size_t)width || (size_t)width - hang < 2)
		hang = 0;   /* no room left: let text_wrap drop it */
	rest = strndup(line + hang, len - hang);
	if (!rest || text_wrap(rest, width - (int)hang, &pieces, &count) != 0) {
		free(rest);
		b->oom = 1;
		return;
	}
	for (size_t k = 0; k < count; k++) {
		if (k > 0) {
			buf_addc(b, '\n');
			buf_addn(b, ' ', hang);
		} else {
			buf_add(b, line, hang);
		}
		buf_add(b, pieces[k], strlen(pieces[k]));
	}
	text_lines_free(&pieces, count);
	free(rest);
}

/* Wraps every line of s; no blank lines first or last, never two blank
 * lines in a row, no trailing blanks. */
static char *layout(const char *s, int width)
{
	struct buf b = { NULL, 0, 0, 0 };
	const char *nl;
	size_t len;
	int blank = 0;

	buf_add(&b, "", 0);
	for (; *s; s = nl ? nl + 1 : s + len) {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		while (len > 0 && s[len - 1] == ' ')
			len--;
		if (len == 0) {
			blank = b.len > 0;
		} else {
			if (b.len > 0)
				buf_add(&b, blank ? "\n\n" : "\n", blank ? 2 : 1);
			blank = 0;
			emit_line(&b, s, len, width);
		}
		if (!nl)
			break;
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

static void add_footnotes(struct render *r)
{
	char num[32];

	for (size_t k = 0; k < r->nnotes; k++) {
		snprintf(num, sizeof num, "%s[%zu] ", k ? "\n" : "\n\n", k + 1);
		buf_add(&r->out, num, strlen(num));
		buf_add(&r->out, r->notes[k], strlen(r->notes[k]));
	}
}

static void render_done(struct render *r)
{
	free(r->out.p);
	free(r->link_url);
	for (size_t k = 0; k < r->nnotes; k++)
		free(r->notes[k]);
}

char *html_to_text(const char *html, size_t len, int width)
{
	struct render *r;
	char *clean = NULL, *res;

	r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->width = width;
	r->bol = 1;
	buf_add(&r->out, "", 0);
	if (html)
		render_html(r, html, len);
	link_close(r);
	add_footnotes(r);
	if (!r->out.oom)
		clean = text_sanitize(r->out.p, r->out.len, TEXT_KEEP_NEWLINES);
	render_done(r);
	free(r);
	if (!clean)
		return NULL;
	res = layout(clean, width);
	free(clean);
	return res;
}

/* ---- Plain text to HTML ------------------------------------------------ */

static void escape_char(struct buf *b, char c)
{
	switch (c) {
	case '&':
		buf_add(b, "&amp;", 5);
		break;
	case '<':
		buf_add(b, "&lt;", 4);
		break;
	case '>':
		buf_add(b, "&gt;", 4);
		break;
	case '"':
		buf_add(b, "&quot;", 6);
		break;
	default:
		buf_addc(b, c);
		break;
	}
}

static int line_is_blank(const char *s, size_t len)
{
	for (size_t k = 0; k < len; k++)
		if (!is_space(s[k]))
			return 0;
	return 1;
}

/* Paragraphs are runs of non-blank lines (blank: empty or only spaces);
 * "\r\n" and a lone '\r' end lines too. */
char *html_from_text(const char *text)
{
	struct buf b = { NULL, 0, 0, 0 };
	const char *s = text ? text : "";
	size_t len;
	int in_para = 0, gap = 0;

	buf_add(&b, "", 0);
	while (*s) {
		len = strcspn(s, "\r\n");
		if (line_is_blank(s, len)) {
			gap = in_para;
		} else {
			if (!in_para)
				buf_add(&b, "<p>", 3);
			else
				buf_add(&b, gap ? "</p><p>" : "<br>", gap ? 7 : 4);
			in_para = 1;
			gap = 0;
			for (size_t k = 0; k < len; k++)
				escape_char(&b, s[k]);
		}
		s += len;
		if (*s == '\r' && s[1] == '\n')
			s++;
		if (*s)
			s++;
	}
	if (in_para)
		buf_add(&b, "</p>", 4);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
