/* SPDX-License-Identifier: MIT */
/* The HTML tokenizer's parts: entities (named and numeric), tags with
 * their href and alt attributes, and which hrefs are worth showing; the
 * bytes are never trusted and never read past len. */
#include "config.h"
#include "html_private.h"

#include "text.h"

#include <stdlib.h>
#include <string.h>

#define ENTITY_MAX 32       /* longest entity name looked at */

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
size_t html_parse_entity(const char *h, size_t i, size_t len, unsigned *cp)
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
	struct strbuf b = STRBUF_INIT(HTML_TEXT_MAX);
	unsigned cp;
	size_t n;

	while (start < end) {
		n = h[start] == '&' ? html_parse_entity(h, start, end, &cp) : 0;
		if (n > 0) {
			html_add_cp(&b, cp == 0xA0 ? ' ' : cp);
			start += n;
		} else {
			strbuf_addc(&b, h[start++]);
		}
	}
	return strbuf_take(&b);
}

/* ---- Tags ---------------------------------------------------------------- */

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

enum kind html_tag_kind(const char *name)
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
size_t html_parse_tag(struct tag *t, const char *h, size_t i, size_t len)
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

void html_tag_done(struct tag *t)
{
	free(t->href);
	free(t->alt);
	t->href = t->alt = NULL;
}

/* Where the raw text of <script>, <style> or <title> ends: at its end tag,
 * matched without case, or at the end of the input. */
size_t html_raw_text_end(const char *h, size_t i, size_t len,
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

/* ---- Markup -------------------------------------------------------------- */

/* Skips "<!-- ... -->", "<!...>" and "<?...>" at h[i]; unterminated, the
 * rest of the input. */
size_t html_skip_markup(const char *h, size_t i, size_t len)
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

/* ---- Link addresses ------------------------------------------------------ */

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
char *html_link_url(const char *href, int *oom)
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
int html_link_shows_url(const char *text, size_t n, const char *url)
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
