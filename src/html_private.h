/* SPDX-License-Identifier: MIT */
/* Shared by the html*.c files only; the contract for everyone else is
 * html.h. The html_ names below are private to the HTML module:
 *   html.c         the public calls, the growing buffer, wrapping
 *   html_lex.c     bytes to entities and tags (never past len)
 *   html_render.c  tags and text to plain text with line structure */
#ifndef HALO_HTML_PRIVATE_H
#define HALO_HTML_PRIVATE_H

#include <stddef.h>

#include "strbuf.h"

#define NAME_MAX_LEN 16     /* longer tag names are unknown tags */

/* ---- Output (html.c) ---------------------------------------------------- */

/* Bounded only by the input, which the HTTP layer caps. */
#define HTML_TEXT_MAX ((size_t)-1)

/* Appends cp as UTF-8 (errors are sticky in the buffer, checked once at
 * the end). */
void html_add_cp(struct strbuf *b, unsigned cp);

/* ---- Characters ---------------------------------------------------------- */

static inline int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static inline int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* ---- Entities and tags (html_lex.c) -------------------------------------- */

enum kind {
	K_OTHER, K_BLOCK, K_PARA, K_BR, K_HR, K_LIST, K_OLIST, K_LI, K_QUOTE,
	K_PRE, K_TABLE, K_TR, K_CELL, K_A, K_IMG, K_RAW,
};

struct tag {
	char name[NAME_MAX_LEN + 1];
	int end;            /* </name> */
	int self;           /* <name ... /> */
	char *href, *alt;   /* decoded, when present */
	int oom;            /* an attribute could not be stored */
};

/* Entity at h[i] == '&'. Returns the bytes it spans and sets *cp, or 0
 * when it is not a well-formed known entity (then '&' is literal). */
size_t html_parse_entity(const char *h, size_t i, size_t len, unsigned *cp);

/* What a lower-case tag name does; K_OTHER when unknown. */
enum kind html_tag_kind(const char *name);

/* Parses the tag at h[i] == '<' (followed by a letter, or '/' and a
 * letter) into t, which html_tag_done frees. Returns the index after its
 * '>', or 0 when the input ends first. */
size_t html_parse_tag(struct tag *t, const char *h, size_t i, size_t len);
void html_tag_done(struct tag *t);

/* Where the raw text of <script>, <style> or <title> ends: at its end tag,
 * matched without case, or at the end of the input. */
size_t html_raw_text_end(const char *h, size_t i, size_t len,
                         const char *name);

/* Skips "<!-- ... -->", "<!...>" and "<?...>" at h[i]; unterminated, the
 * rest of the input. */
size_t html_skip_markup(const char *h, size_t i, size_t len);

/* A cleaned copy of an href worth showing, or NULL (with *oom set when
 * memory ran out): line breaks and tabs dropped, escape sequences
 * sanitised, blanks trimmed; script URLs and in-page anchors left out. */
char *html_link_url(const char *href, int *oom);

/* Whether link text text[0..n) already shows url. */
int html_link_shows_url(const char *text, size_t n, const char *url);

/* ---- Renderer (html_render.c) -------------------------------------------- */

/* html[0..len) (NULL: none) as plain text with line structure and link
 * footnotes, sanitised with newlines kept, not yet wrapped; `width` only
 * sizes <hr>. Caller frees; NULL when out of memory. */
char *html_render(const char *html, size_t len, int width);

#endif
