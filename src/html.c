/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "html.h"

#include "html_private.h"
#include "text.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* HTML is rendered in three steps: a small tokenizer walks the bytes (no
 * regular expressions, never past len) and a renderer writes plain text
 * with line structure; the result is sanitised as a whole; then lines are
 * wrapped (list items with a hanging indent) and blank lines collapsed. */

/* ---- Output ------------------------------------------------------------ */

void html_add_cp(struct strbuf *b, unsigned cp)
{
	char u[4];

	strbuf_add(b, u, utf8_encode(cp, u));
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
static void emit_line(struct strbuf *b, const char *line, size_t len, int width)
{
	size_t hang = hang_width(line, len), count = 0;
	char **pieces = NULL;
	char *rest;

	if (width <= 0) {
		strbuf_add(b, line, len);
		return;
	}
	if (hang * 2 > (size_t)width || (size_t)width - hang < 2)
		hang = 0;   /* no room left: let text_wrap drop it */
	rest = strndup(line + hang, len - hang);
	if (!rest || text_wrap(rest, width - (int)hang, &pieces, &count) != 0) {
		free(rest);
		strbuf_fail(b, STRBUF_ENOMEM);
		return;
	}
	for (size_t k = 0; k < count; k++) {
		if (k > 0) {
			strbuf_addc(b, '\n');
			strbuf_addn(b, ' ', hang);
		} else {
			strbuf_add(b, line, hang);
		}
		strbuf_add(b, pieces[k], strlen(pieces[k]));
	}
	text_lines_free(&pieces, count);
	free(rest);
}

/* Wraps every line of s; no blank lines first or last, never two blank
 * lines in a row, no trailing blanks. */
static char *layout(const char *s, int width)
{
	struct strbuf b = STRBUF_INIT(HTML_TEXT_MAX);
	const char *nl;
	size_t len;
	int blank = 0;

	for (; *s; s = nl ? nl + 1 : s + len) {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		while (len > 0 && s[len - 1] == ' ')
			len--;
		if (len == 0) {
			blank = b.len > 0;
		} else {
			if (b.len > 0)
				strbuf_add(&b, blank ? "\n\n" : "\n", blank ? 2 : 1);
			blank = 0;
			emit_line(&b, s, len, width);
		}
		if (!nl)
			break;
	}
	return strbuf_take(&b);
}

char *html_to_text(const char *html, size_t len, int width)
{
	char *clean, *res;

	clean = html_render(html, len, width);
	if (!clean)
		return NULL;
	res = layout(clean, width);
	free(clean);
	return res;
}

/* ---- Plain text to HTML ------------------------------------------------ */

static void escape_char(struct strbuf *b, char c)
{
	switch (c) {
	case '&':
		strbuf_add(b, "&amp;", 5);
		break;
	case '<':
		strbuf_add(b, "&lt;", 4);
		break;
	case '>':
		strbuf_add(b, "&gt;", 4);
		break;
	case '"':
		strbuf_add(b, "&quot;", 6);
		break;
	default:
		strbuf_addc(b, c);
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
	struct strbuf b = STRBUF_INIT(HTML_TEXT_MAX);
	const char *s = text ? text : "";
	size_t len;
	int in_para = 0, gap = 0;

	while (*s) {
		len = strcspn(s, "\r\n");
		if (line_is_blank(s, len)) {
			gap = in_para;
		} else {
			if (!in_para)
				strbuf_add(&b, "<p>", 3);
			else
				strbuf_add(&b, gap ? "</p><p>" : "<br>", gap ? 7 : 4);
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
		strbuf_add(&b, "</p>", 4);
	return strbuf_take(&b);
}
