/* SPDX-License-Identifier: MIT */
/* HTML from the server (details_html, note_html) rendered as plain text:
 * paragraphs separated by a blank line, <br> as a line break, lists as
 * "  * item" / "  1. item", links as "text [1]" with footnotes "[1] url" at
 * the end, entities decoded (named common ones and numeric), tables
 * flattened one row a line with cells separated by " | ", <script> and
 * <style> contents dropped, other tags ignored, whitespace collapsed as a
 * browser would. The result is sanitised (text_sanitize with newlines) and
 * wrapped to `width` columns (width <= 0: no wrapping). */
#ifndef HALO_HTML_H
#define HALO_HTML_H

#include <stddef.h>

/* Returns a newly allocated string, "" for NULL input; NULL only when out
 * of memory. Never reads beyond len bytes of html. */
char *html_to_text(const char *html, size_t len, int width);

/* Escapes plain text as HTML for posting a note: &, <, >, " escaped,
 * paragraphs (blank-line separated) as <p>..</p>, single newlines as <br>.
 * Caller frees; NULL only when out of memory. */
char *html_from_text(const char *text);

#endif
