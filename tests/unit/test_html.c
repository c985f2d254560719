/* SPDX-License-Identifier: MIT */
/* Unit tests for src/html.c: HTML from the server as wrapped plain text,
 * and plain text as HTML for posting notes. */
#include "config.h"
#include "html.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define FFFD "\xef\xbf\xbd"

/* ---- Helpers ------------------------------------------------------------- */

/* Renders html from an exactly sized heap copy (no NUL after it), so that
 * AddressSanitizer and valgrind catch any read past len. */
static char *render(const char *html, size_t len, int width)
{
	char *copy = malloc(len ? len : 1);
	char *out;

	assert_non_null(copy);
	memcpy(copy, html, len);
	out = html_to_text(copy, len, width);
	free(copy);
	assert_non_null(out);
	return out;
}

static void check_html(const char *html, int width, const char *want)
{
	char *out = render(html, strlen(html), width);

	assert_string_equal(out, want);
	free(out);
}

/* Checks what every rendering must be: valid UTF-8 with no control
 * characters but '\n', no blank line first or last or twice in a row, no
 * trailing blanks, and lines no wider than width (when width > 1). */
static void check_shape(const char *out, int width)
{
	const unsigned char *s = (const unsigned char *)out;
	char *copy, *line, *save = NULL;

	for (; *s; s++) {
		assert_true(*s == '\n' || (*s >= 0x20 && *s != 0x7F));
		assert_false(s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F);
	}
	copy = text_sanitize(out, strlen(out), TEXT_KEEP_NEWLINES);
	assert_string_equal(copy, out);        /* already valid and safe */
	free(copy);
	assert_true(out[0] != '\n');
	assert_null(strstr(out, "\n\n\n"));
	if (*out)
		assert_true(out[strlen(out) - 1] != '\n');
	assert_null(strstr(out, " \n"));
	copy = strdup(out);
	assert_non_null(copy);
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (width > 1 && text_width(line) > width)
			fail_msg("line wider than %d: \"%s\" in \"%s\"", width, line, out);
		assert_true(line[strlen(line) - 1] != ' ');
	}
	free(copy);
}

/* ---- Edge cases ------------------------------------------------------------ */

static void test_null_and_empty(void **state)
{
	char *out;

	(void)state;
	out = html_to_text(NULL, 0, 80);
	assert_non_null(out);
	assert_string_equal(out, "");
	free(out);
	out = html_to_text(NULL, 50, 0);
	assert_non_null(out);
	assert_string_equal(out, "");
	free(out);
	out = html_to_text("<p>x</p>", 0, 80);
	assert_non_null(out);
	assert_string_equal(out, "");
	free(out);
	check_html("", 80, "");
	check_html("<p></p><div><br></div>", 80, "");
	check_html("   \n\t ", 80, "");
	check_html("<p>&nbsp;</p>", 80, "");
}

static void test_reads_only_len_bytes(void **state)
{
	static const char *const cuts[] = {
		"<", "<p", "</", "</p", "<a href='x", "<a href=\"", "<a href=",
		"&", "&am", "&amp", "&#", "&#x", "&#x4", "&#12", "<!", "<!-",
		"<!--", "<!-- x --", "<script>", "<script>x</scr", "<pre>",
		"<img alt='a", "<a href=x>t", "<br/", "<?xml", "</ ",
	};
	char *out;

	(void)state;
	for (size_t k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
		out = render(cuts[k], strlen(cuts[k]), 40);
		check_shape(out, 40);
		free(out);
	}
	out = render("<p>hello</p>garbage", 12, 80);
	assert_string_equal(out, "hello");
	free(out);
}

static void test_unclosed_at_end(void **state)
{
	(void)state;
	check_html("text<b", 80, "text");
	check_html("text<a href='http://x", 80, "text");
	check_html("<p>no end tag", 80, "no end tag");
	check_html("<ul><li>one<li>two", 80, "  * one\n  * two");
	check_html("a<!-- never closed <p>b</p>", 80, "a");
	check_html("a<script>alert(1)", 80, "a");
	check_html("a &amp", 80, "a &amp");
}

/* ---- Halo's own markup --------------------------------------------------- */

static void test_halo_notes(void **state)
{
	(void)state;
	check_html("<div dir='ltr'>Hello<br>World</div>", 80, "Hello\nWorld");
	check_html("<p>Rebooted the server.</p>", 80, "Rebooted the server.");
	check_html("<p>One</p><p>Two</p>", 80, "One\n\nTwo");
	check_html("Blah", 80, "Blah");
	check_html("<div>a</div><div><br></div><div>b</div>", 80, "a\n\nb");
	check_html("<div>a<br></div><div>b</div>", 80, "a\nb");
}

/* ---- Tokenizer ------------------------------------------------------------- */

static void test_uppercase_and_attributes(void **state)
{
	(void)state;
	check_html("<P CLASS=x>One</P><DIV>Two</DIV>", 80, "One\n\nTwo");
	check_html("<p style=\"a>b\" title='c>d' data-x=e>text</p>", 80, "text");
	check_html("<a title=\"x>y\" HREF='http://h/1'>t</a>", 80,
	           "t [1]\n\n[1] http://h/1");
	check_html("<a href=http://h/2 class=c>t</a>", 80,
	           "t [1]\n\n[1] http://h/2");
	check_html("<a href = \"http://h/3\" >t</A>", 80,
	           "t [1]\n\n[1] http://h/3");
	check_html("<p hidden>x</p>", 80, "x");
	check_html("<averyveryverylongtagname>x</averyveryverylongtagname>",
	           80, "x");
	check_html("<o:p>x</o:p>", 80, "x");
}

static void test_self_closing(void **state)
{
	(void)state;
	check_html("a<br/>b<br />c<BR>d", 80, "a\nb\nc\nd");
	check_html("a<img src=x alt=\"logo\"/>b", 80, "a[image: logo]b");
	check_html("a<script src=x />b", 80, "ab");
}

static void test_comments_and_doctype(void **state)
{
	(void)state;
	check_html("a<!-- <p>hidden</p> -->b", 80, "ab");
	check_html("<!DOCTYPE html><html><body>x</body></html>", 80, "x");
	check_html("<?xml version=\"1.0\"?>x", 80, "x");
	check_html("a<!---->b", 80, "ab");
	check_html("a</ >b", 80, "ab");
}

static void test_script_and_style_skipped(void **state)
{
	(void)state;
	check_html("<script>if (a<b) x('</p>')</script>ok", 80, "ok");
	check_html("<SCRIPT type=x>alert(1)</SCRIPT >ok", 80, "ok");
	check_html("<style>p { color: red }</style><p>ok</p>", 80, "ok");
	check_html("<head><title>Mail</title></head><body>ok</body>", 80, "ok");
	check_html("<script>a</scripty>b</script>ok", 80, "ok");
}

static void test_literal_angle_brackets(void **state)
{
	(void)state;
	check_html("a < b and c<3 or d<>e", 80, "a < b and c<3 or d<>e");
	check_html("x &lt;p&gt; y", 80, "x <p> y");
	check_html("5 > 3", 80, "5 > 3");
}

/* ---- Entities ---------------------------------------------------------------- */

static void test_named_entities(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
		{"&apos;", "'"}, {"a&nbsp;b", "a b"}, {"&copy;", "\xc2\xa9"},
		{"&reg;", "\xc2\xae"}, {"&trade;", "\xe2\x84\xa2"},
		{"&hellip;", "\xe2\x80\xa6"}, {"&mdash;", "\xe2\x80\x94"},
		{"&ndash;", "\xe2\x80\x93"}, {"&lsquo;", "\xe2\x80\x98"},
		{"&rsquo;", "\xe2\x80\x99"}, {"&ldquo;", "\xe2\x80\x9c"},
		{"&rdquo;", "\xe2\x80\x9d"}, {"&euro;", "\xe2\x82\xac"},
		{"&pound;", "\xc2\xa3"}, {"&bull;", "\xe2\x80\xa2"},
		{"&middot;", "\xc2\xb7"}, {"&laquo;", "\xc2\xab"},
		{"&raquo;", "\xc2\xbb"}, {"&deg;", "\xc2\xb0"},
		{"&times;", "\xc3\x97"}, {"&eacute;", "\xc3\xa9"},
		{"&AMP;", "&"},
	};

	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
		check_html(cases[k].in, 80, cases[k].out);
}

static void test_numeric_entities(void **state)
{
	(void)state;
	check_html("&#39;&#x27;&#X27;", 80, "'''");
	check_html("&#233;&#xe9;&#xE9;", 80, "\xc3\xa9\xc3\xa9\xc3\xa9");
	check_html("&#128512;", 80, "\xf0\x9f\x98\x80");
	check_html("&#0000065;", 80, "A");
	check_html("&#0;", 80, FFFD);
	check_html("&#xD800;", 80, FFFD);
	check_html("&#x110000;", 80, FFFD);
	check_html("&#99999999999999999999;", 80, FFFD);
	/* &#128;..&#159; mean windows-1252, as in browsers. */
	check_html("&#150;&#146;&#128;", 80, "\xe2\x80\x93\xe2\x80\x99\xe2\x82\xac");
}

static void test_malformed_entities_literal(void **state)
{
	(void)state;
	check_html("AT&T", 80, "AT&T");
	check_html("&amp", 80, "&amp");
	check_html("&unknown;", 80, "&unknown;");
	check_html("&#;&#x;&#12a;", 80, "&#;&#x;&#12a;");
	check_html("a & b", 80, "a & b");
	check_html("&;", 80, "&;");
	check_html("&amp;amp;", 80, "&amp;");
	check_html("&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;", 80,
	           "&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;");
}

/* ---- Layout -------------------------------------------------------------- */

static void test_whitespace_collapsed(void **state)
{
	(void)state;
	check_html("  a \n\t b  ", 80, "a b");
	check_html("<p>\n  Hello,\n  world\n</p>", 80, "Hello, world");
	check_html("a<b>b</b> <i>c</i>", 80, "ab c");
	check_html("a&nbsp;&nbsp;b", 80, "a  b");
}

static void test_pre_keeps_whitespace(void **state)
{
	(void)state;
	check_html("<pre>\n  code\n    more  spaces</pre>", 80,
	           "  code\n    more  spaces");
	check_html("<p>before</p><pre>x\ty</pre><p>after</p>", 80,
	           "before\n\nx       y\n\nafter");
	check_html("<PRE>a\r\nb</PRE>", 80, "a\nb");
}

static void test_block_structure(void **state)
{
	(void)state;
	check_html("<h1>Title</h1><p>Body</p>", 80, "Title\n\nBody");
	check_html("a<h3>b</h3>c", 80, "a\n\nb\n\nc");
	check_html("<blockquote>quoted<br>two</blockquote>after", 80,
	           "  quoted\n  two\n\nafter");
	check_html("a<hr>b", 10, "a\n----------\nb");
	check_html("<hr>", 0, "----------------------------------------");
	check_html("a<div>b</div>c", 80, "a\nb\nc");
	check_html("<hr><hr><HR/>x<hr>", 3, "---\nx\n---");
	check_html("<blockquote><hr></blockquote>", 10, "  --------");
}

/* Nesting is capped: hostile depth cannot multiply the output. */
static void test_deep_nesting(void **state)
{
	const size_t depth = 5000;
	size_t used = 0;
	char *html = malloc(depth * 16 + 64), *out;

	(void)state;
	assert_non_null(html);
	for (size_t k = 0; k < depth; k++) {
		memcpy(html + used, k % 2 ? "<blockquote>" : "<ul><li>", k % 2 ? 12 : 8);
		used += k % 2 ? 12 : 8;
	}
	memcpy(html + used, "deep<br>er", 10);
	used += 10;
	out = render(html, used, 0);
	/* 8 quote levels and 16 list levels at 2 columns, then "* ". */
	assert_int_equal(strspn(out, " "), 2 * 8 + 2 * 16);
	assert_memory_equal(out + 48, "* deep\n", 7);
	assert_true(strlen(out) < 200);
	free(out);
	free(html);
}

static void test_blank_lines_collapsed(void **state)
{
	(void)state;
	check_html("<p></p><p></p><br><br><br><p>a</p><br><br><br><br>"
	           "<p>b</p><p></p><br>", 80, "a\n\nb");
	check_html("a<br><br><br><br>b", 80, "a\n\nb");
	check_html("<p>&nbsp;</p><p>a</p><p>&nbsp;</p><p>&nbsp;</p><p>b</p>",
	           80, "a\n\nb");
	check_html("<pre>a\n\n\n\n\nb</pre>", 80, "a\n\nb");
}

static void test_lists(void **state)
{
	(void)state;
	check_html("<ul><li>one</li><li>two</li></ul>", 80,
	           "  * one\n  * two");
	check_html("<OL><LI>one<LI>two<li>three</OL>", 80,
	           "  1. one\n  2. two\n  3. three");
	check_html("<p>x</p><ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"
	           "<p>y</p>", 80,
	           "x\n\n  * a\n    * b\n  * c\n\ny");
	check_html("<ul><li>a long item that wraps</li></ul>", 12,
	           "  * a long\n    item\n    that\n    wraps");
	check_html("<li>stray</li>", 80, "stray");
}

static void test_tables(void **state)
{
	(void)state;
	check_html("<table><tr><th>Name</th><th>Qty</th></tr>"
	           "<tr><td>Toner</td><td>2</td></tr></table>", 80,
	           "Name | Qty\nToner | 2");
	check_html("<table><tr><td><p>a</p><div>b</div></td><td>c</td></tr>"
	           "</table>after", 80, "a b | c\nafter");
	check_html("<table><tr><td>x<table><tr><td>1</td><td>2</td></tr>"
	           "</table></td><td>y</td></tr></table>", 80, "x 1 2 | y");
	check_html("<TABLE><TR><TD></TD><TD>b</TD></TR></TABLE>", 80, " | b");
}

static void test_images(void **state)
{
	(void)state;
	check_html("<img src=logo.png alt='Company logo'>", 80,
	           "[image: Company logo]");
	check_html("a<img src=pixel.gif>b", 80, "ab");
	check_html("<img alt='  '>x", 80, "x");
	check_html("<img alt='&lt;b&gt;'>", 80, "[image: <b>]");
}

/* ---- Links --------------------------------------------------------------- */

static void test_links_footnotes(void **state)
{
	(void)state;
	check_html("See <a href='https://example.com/kb/1'>the article</a>.", 80,
	           "See the article [1].\n\n[1] https://example.com/kb/1");
	check_html("<a href='http://a/'>one</a> <a href='http://b/'>two</a> "
	           "<a href='http://a/'>again</a>", 80,
	           "one [1] two [2] again [1]\n\n[1] http://a/\n[2] http://b/");
	check_html("<a href='http://x/?a=1&amp;b=2'>q</a>", 80,
	           "q [1]\n\n[1] http://x/?a=1&b=2");
	check_html("<a href='http://x/'></a>", 80, "[1]\n\n[1] http://x/");
	check_html("<a href='http://x/'>un closed", 80,
	           "un closed [1]\n\n[1] http://x/");
}

static void test_links_text_is_url(void **state)
{
	(void)state;
	check_html("<a href='https://example.com/a'>https://example.com/a</a>",
	           80, "https://example.com/a");
	check_html("<a href='https://example.com/'>example.com</a>", 80,
	           "example.com");
	check_html("<a href='mailto:help@example.com'>help@example.com</a>", 80,
	           "help@example.com");
	check_html("<ul><li><a href='http://x/'>http://x/</a></li></ul>", 80,
	           "  * http://x/");
	check_html("<p>\n <a href='http://x/'> http://x/ </a> y</p>", 80,
	           "http://x/ y");
	check_html("<a href='#top'>top</a> <a href=''>none</a> <a>bare</a>", 80,
	           "top none bare");
}

static void test_links_javascript_hidden(void **state)
{
	(void)state;
	check_html("<a href='javascript:alert(1)'>click</a>", 80, "click");
	check_html("<a href=' JaVaScRiPt:alert(1)'>click</a>", 80, "click");
	check_html("<a href='java\nscript:alert(1)'>click</a>", 80, "click");
	check_html("<a href='data:text/html,x'>d</a>", 80, "d");
	check_html("<a href='vbscript:x'>v</a>", 80, "v");
}

static void test_links_many(void **state)
{
	char *html = malloc(700 * 64), *out;
	size_t used = 0;

	(void)state;
	assert_non_null(html);
	for (int k = 1; k <= 600; k++)
		used += (size_t)snprintf(html + used, 64,
		                         "<a href='http://h/%d'>l%d</a> ", k, k);
	out = render(html, used, 0);
	/* Footnotes stop at a fixed number; later links are plain text. */
	assert_non_null(strstr(out, "l500 [500] l501 l502"));
	assert_non_null(strstr(out, "\n[500] http://h/500"));
	assert_null(strstr(out, "[501]"));
	free(out);
	free(html);
}

/* ---- Hostile input ------------------------------------------------------- */

static void test_hostile_escape_sequences(void **state)
{
	(void)state;
	check_html("<p>Hi\x1b]0;pwned\x07 there</p>", 80, "Hi there");
	check_html("<p>a\x1b[2J\x1b[Hb</p>", 80, "ab");
	check_html("x&#27;[2Jy", 80, "xy");
	check_html("a\xc2\x9b" "31mb\x9d" "0;t\x07" "c", 80, "abc");
	check_html("file_\xe2\x80\xae" "fdp.exe", 80, "file_fdp.exe");
	check_html("<a href='http://e/\x1b]0;x\x07'>t</a>", 80,
	           "t [1]\n\n[1] http://e/");
	check_html("<img alt='\x1b[31mred'>", 80, "[image: red]");
	check_html("\xff<p>\xc3</p>", 80, FFFD "\n\n" FFFD);
}

static void test_wraps_to_width(void **state)
{
	char *out;

	(void)state;
	check_html("<p>The quick brown fox jumps over the lazy dog.</p>", 16,
	           "The quick brown\nfox jumps over\nthe lazy dog.");
	check_html("<p>The quick brown fox jumps over the lazy dog.</p>", 0,
	           "The quick brown fox jumps over the lazy dog.");
	check_html("<p>\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xa7</p>", 5,
	           "\xe6\x97\xa5\xe6\x9c\xac\n\xe8\xaa\x9e\xe3\x81\xa7");
	out = render("<p>averyveryverylongword and more</p>", 32, 8);
	check_shape(out, 8);
	free(out);
}

/* Random markup from an alphabet of HTML fragments, fixed seed: whatever
 * comes in, the result has the promised shape. */
static void test_random_markup(void **state)
{
	static const char *const parts[] = {
		"<p>", "</p>", "<br>", "<div>", "</div>", "<ul>", "<li>", "</ul>",
		"<ol>", "<pre>", "</pre>", "<table>", "<tr>", "<td>", "</td>",
		"<a href='http://h/x'>", "</a>", "<a href=", "<blockquote>",
		"</blockquote>", "<hr>", "<img alt='i'>", "<script>", "</script>",
		"<!--", "-->", "&amp;", "&#", "&#x1F600;", "&", "<", ">", "'", "\"",
		" ", "\n", "\t", "word", "\xe6\x97\xa5", "e\xcc\x81", "\x1b]0;t",
		"\x07", "\x1b[2J", "\xc2\x9b", "\x9d", "\xff", "\xe2\x80\xae",
		"\r", "\0", "\xf0\x9f\x98\x80",
	};
	char buf[1024];
	char *out;

	(void)state;
	srand(4242);
	for (int iter = 0; iter < 10000; iter++) {
		size_t used = 0;
		int width = iter % 5 == 0 ? 0 : 2 + rand() % 40;

		for (int k = rand() % 40; k > 0; k--) {
			const char *p = parts[rand() % (int)(sizeof parts / sizeof *parts)];
			size_t n = *p ? strlen(p) : 1;

			memcpy(buf + used, p, n);
			used += n;
		}
		if (iter % 3 == 0)  /* and some plain random bytes */
			for (int k = rand() % 32; k > 0; k--)
				buf[used++] = (char)(rand() % 256);
		out = render(buf, used, width);
		check_shape(out, width);
		free(out);
	}
}

static void test_large_input(void **state)
{
	const char *unit = "<p>Word &amp; <b>bold</b> <a href='http://h/'>l</a>"
	                   "<!-- c --> \xe6\x97\xa5</p>";
	size_t n = strlen(unit), count = (1 << 20) / n, len = count * n;
	char *html = malloc(len), *out;

	(void)state;
	assert_non_null(html);
	for (size_t k = 0; k < count; k++)
		memcpy(html + k * n, unit, n);
	out = render(html, len, 72);
	assert_non_null(strstr(out, "Word & bold l [1] \xe6\x97\xa5\n\nWord"));
	check_shape(out, 72);
	free(out);
	/* Many unterminated constructs, each must not rescan the rest. */
	memset(html, '<', len);
	out = render(html, len, 72);
	free(out);
	for (size_t k = 0; k + 1 < len; k += 2)
		memcpy(html + k, "&#", 2);
	out = render(html, len, 72);
	free(out);
	free(html);
}

/* ---- html_from_text -------------------------------------------------------- */

static void check_from(const char *text, const char *want)
{
	char *out = html_from_text(text);

	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void test_from_text_edges(void **state)
{
	(void)state;
	check_from(NULL, "");
	check_from("", "");
	check_from("\n\n \n", "");
}

static void test_from_text_escapes(void **state)
{
	(void)state;
	check_from("a & b <c> \"d\" 'e'",
	           "<p>a &amp; b &lt;c&gt; &quot;d&quot; 'e'</p>");
	check_from("<script>alert(1)</script>",
	           "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	check_from("&amp;", "<p>&amp;amp;</p>");
}

static void test_from_text_paragraphs(void **state)
{
	(void)state;
	check_from("Hello\nWorld", "<p>Hello<br>World</p>");
	check_from("P1\n\nP2", "<p>P1</p><p>P2</p>");
	check_from("\n\nA\n  \n\n\nB\n\n", "<p>A</p><p>B</p>");
	check_from("a\r\nb\r\n\r\nc\rd", "<p>a<br>b</p><p>c<br>d</p>");
	check_from("caf\xc3\xa9", "<p>caf\xc3\xa9</p>");
}

static void test_from_text_round_trip(void **state)
{
	static const char *const texts[] = {
		"Hello", "Line one\nLine two", "Para one\n\nPara two\nmore",
		"a < b & c > \"d\"", "Toner: 2 & paper: 5",
	};
	char *html, *back;

	(void)state;
	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
		html = html_from_text(texts[k]);
		assert_non_null(html);
		back = html_to_text(html, strlen(html), 0);
		assert_non_null(back);
		assert_string_equal(back, texts[k]);
		free(back);
		free(html);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_empty),
		cmocka_unit_test(test_reads_only_len_bytes),
		cmocka_unit_test(test_unclosed_at_end),
		cmocka_unit_test(test_halo_notes),
		cmocka_unit_test(test_uppercase_and_attributes),
		cmocka_unit_test(test_self_closing),
		cmocka_unit_test(test_comments_and_doctype),
		cmocka_unit_test(test_script_and_style_skipped),
		cmocka_unit_test(test_literal_angle_brackets),
		cmocka_unit_test(test_named_entities),
		cmocka_unit_test(test_numeric_entities),
		cmocka_unit_test(test_malformed_entities_literal),
		cmocka_unit_test(test_whitespace_collapsed),
		cmocka_unit_test(test_pre_keeps_whitespace),
		cmocka_unit_test(test_block_structure),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_blank_lines_collapsed),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_links_footnotes),
		cmocka_unit_test(test_links_text_is_url),
		cmocka_unit_test(test_links_javascript_hidden),
		cmocka_unit_test(test_links_many),
		cmocka_unit_test(test_hostile_escape_sequences),
		cmocka_unit_test(test_wraps_to_width),
		cmocka_unit_test(test_random_markup),
		cmocka_unit_test(test_large_input),
		cmocka_unit_test(test_from_text_edges),
		cmocka_unit_test(test_from_text_escapes),
		cmocka_unit_test(test_from_text_paragraphs),
		cmocka_unit_test(test_from_text_round_trip),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
