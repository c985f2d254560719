/* SPDX-License-Identifier: MIT */
/* Unit tests for src/text.c: sanitising, measuring, fitting, wrapping. */
#include "config.h"
#include "text.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FFFD "\xef\xbf\xbd"

/* ---- Helpers ------------------------------------------------------------- */

static void check_sanitize(const char *in, size_t len, unsigned flags,
                           const char *want)
{
	char *out = text_sanitize(in, len, flags);

	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

#define SAN(in, flags, want) check_sanitize((in), sizeof(in) - 1, (flags), (want))

/* Strict UTF-8 check (no overlongs, surrogates or values past U+10FFFF). */
static int valid_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	unsigned c, cp;

	while (i < len) {
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3;
		else
			return 0;
		if (i + n >= len)
			return 0;
		cp = c & (0x3F >> n);
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			return 0;
		i += n + 1;
	}
	return 1;
}

/* Output a terminal could misread: C0 other than those allowed, DEL, C1
 * (as UTF-8), bidi overrides and isolates. */
static int has_hostile(const unsigned char *s, int allow_nl, int allow_tab)
{
	for (; *s; s++) {
		if (*s == '\n' && allow_nl)
			continue;
		if (*s == '\t' && allow_tab)
			continue;
		if (*s < 0x20 || *s == 0x7F)
			return 1;
		if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F)
			return 1;
		if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE)
			return 1;
		if (s[0] == 0xE2 && s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)
			return 1;
	}
	return 0;
}

/* ---- text_sanitize: edge cases -------------------------------------------- */

static void test_sanitize_null_and_empty(void **state)
{
	(void)state;
	check_sanitize(NULL, 0, 0, "");
	check_sanitize(NULL, 100, TEXT_KEEP_NEWLINES, "");
	check_sanitize("abc", 0, 0, "");
	check_sanitize("abc", 2, 0, "ab");
}

static void test_sanitize_plain_text_unchanged(void **state)
{
	(void)state;
	SAN("Printer on floor 2 is jammed", 0, "Printer on floor 2 is jammed");
	SAN("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80", 0,
	    "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80");
	/* Bytes after an embedded NUL are still read, the NUL dropped. */
	SAN("a\0b", 0, "ab");
}

static void test_sanitize_newlines_and_tabs(void **state)
{
	(void)state;
	SAN("a\r\nb\rc\nd", TEXT_KEEP_NEWLINES, "a\nb\nc\nd");
	SAN("a\r\nb\rc\nd", 0, "a b c d");
	SAN("\r\r\n", TEXT_KEEP_NEWLINES, "\n\n");
	SAN("a\tb", 0, "a b");
	SAN("a\tb", TEXT_KEEP_TABS, "a\tb");
	SAN("a\tb\nc", TEXT_KEEP_TABS | TEXT_KEEP_NEWLINES, "a\tb\nc");
}

static void test_sanitize_c0_and_del_removed(void **state)
{
	(void)state;
	SAN("\x07" "bell\x08\x7f\x01\x1f!", 0, "bell!");
	SAN("\x0b\x0cx", TEXT_KEEP_NEWLINES, "x");
}

/* ---- text_sanitize: escape sequences --------------------------------------- */

static void test_sanitize_csi_removed_whole(void **state)
{
	(void)state;
	SAN("a\x1b[2J\x1b[Hb", 0, "ab");                 /* clear screen */
	SAN("\x1b[1;31mred\x1b[0m", 0, "red");
	SAN("\x1b[?1049hx\x1b[?25l", 0, "x");           /* alt screen */
	SAN("x\x1b[38;2;255;0;0m y", 0, "x y");
	SAN("\x1b[6n", 0, "");                           /* report cursor */
	/* A broken CSI stops at the first byte that cannot belong to it. */
	SAN("\x1b[12\nrest", TEXT_KEEP_NEWLINES, "\nrest");
	SAN("\x1b[", 0, "");
	SAN("tail\x1b[1;2", 0, "tail");
}

static void test_sanitize_osc_title_removed(void **state)
{
	(void)state;
	SAN("\x1b]0;pwned\x07" "after", 0, "after");
	SAN("\x1b]2;title\x1b\\after", 0, "after");
	SAN("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\", 0, "link");
	SAN("\x1b]52;c;ZWNobyBoaQ==\x07ok", 0, "ok");     /* clipboard write */
	/* Cancelled by CAN/SUB, or by an ESC that starts something else. */
	SAN("\x1b]0;t\x18x", 0, "x");
	SAN("\x1b]0;t\x1ax", 0, "x");
	SAN("\x1b]0;t\x1b[31mX", 0, "X");
}

static void test_sanitize_unterminated_sequence(void **state)
{
	(void)state;
	SAN("keep\x1b]0;never ends", 0, "keep");
	SAN("keep\x1bP1$r never ends\n", TEXT_KEEP_NEWLINES, "keep");
	SAN("x\x1b", 0, "x");
	SAN("x\x1b]", 0, "x");
	SAN("x\xc2\x9d", 0, "x");
	SAN("x\x1b]0;\xe2\x82", 0, "x");    /* truncated UTF-8 inside */
}

static void test_sanitize_string_sequences(void **state)
{
	(void)state;
	SAN("\x1bPq#0;2;0;0;0#0~~\x1b\\x", 0, "x");        /* DCS sixel */
	SAN("\x1bXsos\x1b\\x", 0, "x");
	SAN("\x1b^pm\x1b\\x", 0, "x");
	SAN("\x1b_Gf=100;AAAA\x1b\\x", 0, "x");            /* APC graphics */
	SAN("\x1b]0;a\xe2\x80\xae" "b\x07x", 0, "x");
}

static void test_sanitize_two_byte_escapes(void **state)
{
	(void)state;
	SAN("\x1b" "7x\x1b" "8", 0, "x");          /* save/restore cursor */
	SAN("\x1b" "c" "after reset", 0, "after reset");
	SAN("\x1b(0lqk\x1b(B", 0, "lqk");          /* charset switches */
	SAN("\x1b#8E", 0, "E");
	SAN("\x1b\x1b[2Jx", 0, "x");
	SAN("\x1b\xc3\xa9", 0, "\xc3\xa9");         /* ESC before UTF-8 */
}

static void test_sanitize_c1_utf8_forms(void **state)
{
	(void)state;
	SAN("a\xc2\x9b" "2Jb", 0, "ab");                   /* CSI */
	SAN("a\xc2\x9d" "0;pwned\x07" "b", 0, "ab");       /* OSC, BEL */
	SAN("a\xc2\x9d" "0;pwned\xc2\x9c" "b", 0, "ab");   /* OSC, ST */
	SAN("a\xc2\x90" "data\xc2\x9c" "b", 0, "ab");      /* DCS */
	SAN("a\xc2\x85" "b\xc2\x80", 0, "ab");             /* NEL, PAD */
	SAN("\xc2\x9f" "apc\x1b\\ok", 0, "ok");
}

static void test_sanitize_c1_raw_bytes(void **state)
{
	(void)state;
	SAN("a\x9b" "2Jb", 0, "ab");
	SAN("a\x9b" "1;31mred", 0, "ared");
	SAN("a\x9d" "0;pwned\x9c" "b", 0, "ab");
	SAN("a\x9d" "0;pwned\x07" "b", 0, "ab");
	SAN("\x90" "dcs\x9c" "ok", 0, "ok");
	/* Other stray bytes are just invalid UTF-8, and so is a string
	 * introducer whose string never ends: the text after it stays. */
	SAN("a\x85" "b", 0, "a" FFFD "b");
	SAN("x\x9d" "0;title", 0, "x" FFFD "0;title");
	SAN("\x9d" "a\n\x90" "b", TEXT_KEEP_NEWLINES, FFFD "a\n" FFFD "b");
	SAN("\x9d\x90" "a\x9e" "b\x07" "c", 0, "c");
}

static void test_sanitize_invalid_utf8(void **state)
{
	(void)state;
	SAN("\xff", 0, FFFD);
	SAN("\xfe\xff", 0, FFFD FFFD);
	SAN("a\xc3", 0, "a" FFFD);                       /* truncated at end */
	SAN("\xc3x", 0, FFFD "x");
	SAN("\xe2\x82", 0, FFFD);                        /* one subpart */
	SAN("\xe2\x82x", 0, FFFD "x");
	SAN("\xf0\x9f\x98", 0, FFFD);
	SAN("\xc0\xaf", 0, FFFD FFFD);                   /* overlong '/' */
	SAN("\xe0\x80\xaf", 0, FFFD FFFD FFFD);
	SAN("\xf0\x80\x80\xaf", 0, FFFD FFFD FFFD FFFD);
	SAN("\xed\xa0\x80", 0, FFFD FFFD FFFD);          /* surrogate */
	SAN("\xf4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD); /* > U+10FFFF */
	SAN("\xf5\x80", 0, FFFD FFFD);
	SAN("\xf4\x8f\xbf\xbf", 0, "\xf4\x8f\xbf\xbf");  /* U+10FFFF ok */
	SAN("\xed\x9f\xbf", 0, "\xed\x9f\xbf");          /* U+D7FF ok */
}

static void test_sanitize_bidi_overrides(void **state)
{
	(void)state;
	/* "invoice_\u202Efdp.exe" would display as "invoice_exe.pdf". */
	SAN("invoice_\xe2\x80\xae" "fdp.exe", 0, "invoice_fdp.exe");
	SAN("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad" "x", 0, "x");
	SAN("\xe2\x81\xa6" "a\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", 0, "a");
	/* Neighbours stay: U+2029 and U+206A are not controls of that kind. */
	SAN("\xe2\x80\xa9\xe2\x81\xaa", 0, "\xe2\x80\xa9\xe2\x81\xaa");
}

static char *make_big(size_t len, const char *unit)
{
	size_t n = strlen(unit);
	char *s = malloc(len);

	assert_non_null(s);
	for (size_t i = 0; i < len; i++)
		s[i] = unit[i % n];
	return s;
}

static void test_sanitize_one_megabyte(void **state)
{
	const size_t len = 1 << 20;
	char *in, *out;

	(void)state;
	in = make_big(len, "word \xc3\xa9\x1b[1mx\x1b]0;t\x07\r\n\xff");
	out = text_sanitize(in, len, TEXT_KEEP_NEWLINES);
	assert_non_null(out);
	assert_true(valid_utf8((unsigned char *)out, strlen(out)));
	assert_false(has_hostile((unsigned char *)out, 1, 0));
	free(out);
	free(in);
	/* An OSC opened and never closed swallows the rest, once. */
	in = make_big(len, "\x1b]");
	out = text_sanitize(in, len, 0);
	assert_string_equal(out, "");
	free(out);
	free(in);
	/* Stray string introducers never terminated: each one shown, once. */
	in = make_big(len, "\x9d" "ab");
	out = text_sanitize(in, len, 0);
	assert_int_equal(strlen(out), len / 3 * 5 + 3);  /* + a lone 0x9D */
	free(out);
	free(in);
	in = make_big(len, "\x1b[");
	out = text_sanitize(in, len, 0);
	assert_string_equal(out, "");
	free(out);
	free(in);
}

/* Random bytes drawn mostly from the interesting ones, fixed seed. */
static void test_sanitize_random_bytes(void **state)
{
	static const unsigned char alphabet[] = "\x1b[]P\\X^_;0\x07\x18\x9b\x9c"
		"\x9d\x90\xc2\xe2\x80\xae\xf0\x9f\xed\xa0\xff\r\n\t a\x7f\x01";
	unsigned char in[96];
	char *out;
	unsigned seed = 20240601;

	(void)state;
	srand(seed);
	for (int iter = 0; iter < 10000; iter++) {
		size_t len = (size_t)(rand() % (int)sizeof in);
		unsigned flags = (unsigned)(iter % 4);

		for (size_t i = 0; i < len; i++)
			in[i] = rand() % 4 ? alphabet[rand() % (int)(sizeof alphabet - 1)]
			                   : (unsigned char)(rand() % 256);
		out = text_sanitize((char *)in, len, flags);
		assert_non_null(out);
		assert_true(strlen(out) <= 3 * len);
		assert_true(valid_utf8((unsigned char *)out, strlen(out)));
		assert_false(has_hostile((unsigned char *)out,
		                         flags & TEXT_KEEP_NEWLINES,
		                         flags & TEXT_KEEP_TABS));
		assert_true(text_width(out) >= 0);
		free(out);
	}
}

/* ---- Width --------------------------------------------------------------- */

static void test_width_edges(void **state)
{
	(void)state;
	assert_int_equal(text_width(NULL), 0);
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("\xff"), 1);        /* unsanitised: 1 */
	assert_int_equal(text_width("\xe2\x82"), 1);    /* truncated subpart */
}

static void check_widths(void)
{
	assert_int_equal(text_width("h\xc3\xa9llo"), 5);                 /* é */
	assert_int_equal(text_width("e\xcc\x81"), 1);                    /* e + U+0301 */
	assert_int_equal(text_width("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"), 6);
	assert_int_equal(text_width("\xed\x95\x9c"), 2);                 /* 한 */
	assert_int_equal(text_width("\xef\xbc\xa1"), 2);                 /* Ａ */
	assert_int_equal(text_width("\xef\xbd\xb1"), 1);                 /* halfwidth ｱ */
	assert_int_equal(text_width("\xf0\x9f\x98\x80"), 2);             /* 😀 */
	assert_int_equal(text_width("\xf0\x9f\x9a\x80"), 2);             /* 🚀 */
	assert_int_equal(text_width("\xf0\x9f\xa5\xb3"), 2);             /* 🥳 */
	assert_int_equal(text_width("\xe2\x98\x94"), 2);                 /* ☔ */
	assert_int_equal(text_width("\xe2\x9c\x85"), 2);                 /* ✅ */
	assert_int_equal(text_width("\xf0\x9f\x8c\xa1"), 1);             /* 🌡 text */
	assert_int_equal(text_width("\xe2\x9d\xa4\xef\xb8\x8f"), 1);     /* ❤ + VS16 */
	/* 👨‍👩‍👧: three emoji, two zero-width joiners. */
	assert_int_equal(text_width("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91"
	                            "\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"), 6);
	assert_int_equal(text_width("\xf0\xa0\x80\x80"), 2);             /* U+20000 */
	assert_int_equal(text_width("\xe2\x80\x8b"), 0);                 /* ZWSP */
}

static void test_width_utf8_locale(void **state)
{
	(void)state;
	check_widths();
	assert_int_equal(text_width("\xe0\xa4\x95\xe0\xa4\xbf"), 2);      /* कि */
}

/* The fixed ranges give the same answers without a UTF-8 locale. */
static void test_width_same_in_c_locale(void **state)
{
	char *saved = strdup(setlocale(LC_ALL, NULL));

	(void)state;
	assert_non_null(saved);
	assert_non_null(setlocale(LC_ALL, "C"));
	check_widths();
	setlocale(LC_ALL, saved);
	free(saved);
}

static void test_next(void **state)
{
	unsigned cp = 7;
	int w = 7;

	(void)state;
	assert_int_equal(text_next(NULL, &cp, &w), 0);
	assert_int_equal(cp, 0);
	assert_int_equal(w, 0);
	assert_int_equal(text_next("", &cp, &w), 0);
	assert_int_equal(text_next("a", NULL, NULL), 1);
	assert_int_equal(text_next("\xc3\xa9x", &cp, &w), 2);
	assert_int_equal(cp, 0xE9);
	assert_int_equal(w, 1);
	assert_int_equal(text_next("\xf0\x9f\x98\x80", &cp, &w), 4);
	assert_int_equal(cp, 0x1F600);
	assert_int_equal(w, 2);
	assert_int_equal(text_next("\xcc\x81", &cp, &w), 2);
	assert_int_equal(cp, 0x301);
	assert_int_equal(w, 0);
	/* Invalid input still advances, and never past the NUL. */
	assert_int_equal(text_next("\xff", &cp, &w), 1);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(w, 1);
	assert_int_equal(text_next("\xe2\x82", &cp, &w), 2);
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(text_next("\x01", &cp, &w), 1);
	assert_int_equal(w, 1);
}

/* ---- text_fit -------------------------------------------------------------- */

static void check_fit(const char *s, int width, int pad, const char *want)
{
	char *out = text_fit(s, width, pad);

	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void test_fit_edges(void **state)
{
	(void)state;
	check_fit("abc", 0, 0, "");
	check_fit("abc", 0, 1, "");
	check_fit("abc", -5, 1, "");
	check_fit(NULL, 3, 0, "");
	check_fit(NULL, 3, 1, "   ");
	check_fit("", 2, 1, "  ");
}

static void test_fit_ascii(void **state)
{
	(void)state;
	check_fit("abc", 5, 0, "abc");
	check_fit("abc", 5, 1, "abc  ");
	check_fit("abcde", 5, 1, "abcde");
	check_fit("abcdef", 5, 0, "abcd\xe2\x80\xa6");
	check_fit("abcdef", 5, 1, "abcd\xe2\x80\xa6");
	check_fit("ab", 1, 0, "\xe2\x80\xa6");
	check_fit("a", 1, 0, "a");
	check_fit("ab", 2, 0, "ab");
}

static void test_fit_accents_and_combining(void **state)
{
	(void)state;
	check_fit("na\xc3\xafve caf\xc3\xa9", 6, 0, "na\xc3\xafve\xe2\x80\xa6");
	check_fit("cafe\xcc\x81", 4, 0, "cafe\xcc\x81");
	/* A combining mark stays with its base, before the ellipsis. */
	check_fit("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, 0,
	          "e\xcc\x81\xe2\x80\xa6");
	check_fit("e\xcc\x81" "e\xcc\x81", 2, 1, "e\xcc\x81" "e\xcc\x81");
}

static void test_fit_wide(void **state)
{
	(void)state;
	/* 日本語 is 6 columns. */
	check_fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 6, 0,
	          "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");
	check_fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5, 0,
	          "\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\xa6");
	/* The wide character straddling the edge becomes a space. */
	check_fit("ab\xe6\x97\xa5\xe6\x9c\xac", 4, 0, "ab\xe2\x80\xa6");
	check_fit("ab\xe6\x97\xa5\xe6\x9c\xac", 4, 1, "ab \xe2\x80\xa6");
	check_fit("ab\xe6\x97\xa5", 4, 1, "ab\xe6\x97\xa5");
	check_fit("\xe6\x97\xa5", 1, 0, "\xe2\x80\xa6");
	check_fit("\xe6\x97\xa5", 1, 1, "\xe2\x80\xa6");
	check_fit("\xe6\x97\xa5\xe6\x9c\xac", 2, 1, " \xe2\x80\xa6");
	check_fit("\xe6\x97\xa5", 2, 1, "\xe6\x97\xa5");
	check_fit("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 3, 0,
	          "\xf0\x9f\x98\x80\xe2\x80\xa6");
	check_fit("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 3, 1,
	          "\xf0\x9f\x98\x80\xe2\x80\xa6");
	check_fit("\xf0\x9f\x98\x80x", 2, 1, " \xe2\x80\xa6");
}

static void test_fit_width_property(void **state)
{
	static const char *const samples[] = {
		"", "a", "hello world", "h\xc3\xa9llo", "e\xcc\x81\xcc\x82x",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xa7\xe3\x81\x99",
		"a\xe6\x97\xa5" "b\xf0\x9f\x98\x80" "c\xe2\x80\x8d",
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9",
	};

	(void)state;
	for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++) {
		for (int w = 0; w <= 12; w++) {
			char *a = text_fit(samples[k], w, 0);
			char *b = text_fit(samples[k], w, 1);

			assert_non_null(a);
			assert_non_null(b);
			assert_true(text_width(a) <= w);
			assert_int_equal(text_width(b), w);
			if (text_width(samples[k]) <= w)
				assert_string_equal(a, samples[k]);
			free(a);
			free(b);
		}
	}
}

/* ---- text_wrap ------------------------------------------------------------- */

/* Wraps s and compares with the expected lines, given as one string with
 * '|' between lines (NULL: no lines at all). */
static void check_wrap(const char *s, int width, const char *want)
{
	char **lines = NULL, joined[512];
	size_t count = 99, used = 0;

	assert_int_equal(text_wrap(s, width, &lines, &count), 0);
	joined[0] = '\0';
	for (size_t k = 0; k < count; k++) {
		int n = snprintf(joined + used, sizeof joined - used, "%s%s",
		                 k ? "|" : "", lines[k]);

		assert_true(n >= 0 && (size_t)n < sizeof joined - used);
		used += (size_t)n;
	}
	if (!want)
		assert_int_equal(count, 0);
	else
		assert_string_equal(joined, want);
	text_lines_free(&lines, count);
	assert_null(lines);
}

static void test_wrap_edges(void **state)
{
	(void)state;
	check_wrap(NULL, 10, NULL);
	check_wrap("", 10, NULL);
	check_wrap("ab", 0, "a|b");         /* width below 1 counts as 1 */
	check_wrap("ab", -3, "a|b");
	check_wrap("   ", 10, "");
	text_lines_free(NULL, 0);
}

static void test_wrap_words(void **state)
{
	(void)state;
	check_wrap("hello world", 5, "hello|world");
	check_wrap("hello world", 11, "hello world");
	check_wrap("a b c d e", 3, "a b|c d|e");
	check_wrap("a  b", 10, "a  b");
	check_wrap("abc   ", 10, "abc");
	check_wrap("abc   def", 4, "abc|def");
	check_wrap("the quick brown fox jumps", 10,
	           "the quick|brown fox|jumps");
}

static void test_wrap_newlines(void **state)
{
	(void)state;
	check_wrap("\n\n", 10, "|");
	check_wrap("a\n\nb", 10, "a||b");
	check_wrap("a\n", 10, "a");
	check_wrap("\na", 10, "|a");
	check_wrap("one two\nthree", 4, "one|two|thre|e");
}

static void test_wrap_long_words(void **state)
{
	(void)state;
	check_wrap("abcdefghij", 4, "abcd|efgh|ij");
	check_wrap("one abcdefghij", 4, "one|abcd|efgh|ij");
	check_wrap("https://example.com/x", 8, "https://|example.|com/x");
}

static void test_wrap_indent(void **state)
{
	(void)state;
	check_wrap("  item text", 20, "  item text");
	check_wrap("  aaa bbb", 5, "  aaa|bbb");
	check_wrap("      x", 4, "x");      /* indentation wider than a line */
}

static void test_wrap_wide_and_combining(void **state)
{
	(void)state;
	/* 日本語です */
	check_wrap("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xa7\xe3\x81\x99", 4,
	           "\xe6\x97\xa5\xe6\x9c\xac|\xe8\xaa\x9e\xe3\x81\xa7|\xe3\x81\x99");
	check_wrap("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 3,
	           "\xe6\x97\xa5|\xe6\x9c\xac|\xe8\xaa\x9e");
	/* Wider than the line: each goes alone rather than being lost. */
	check_wrap("\xe6\x97\xa5\xe6\x9c\xac", 1, "\xe6\x97\xa5|\xe6\x9c\xac");
	check_wrap("e\xcc\x81" "e\xcc\x81", 1, "e\xcc\x81|e\xcc\x81");
	check_wrap("\xe6\x97\xa5\xcc\x81\xe6\x9c\xac", 1,
	           "\xe6\x97\xa5\xcc\x81|\xe6\x9c\xac");
	check_wrap("\xf0\x9f\x98\x80 \xf0\x9f\x98\x80", 4,
	           "\xf0\x9f\x98\x80|\xf0\x9f\x98\x80");
}

static void test_wrap_width_property(void **state)
{
	static const char *const words[] = {
		"a", "bb", "ccc", "supercalifragilistic", "\xc3\xa9t\xc3\xa9",
		"\xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x98\x80", " ", "  ", "\n",
		"x\xcc\x81",
	};
	char text[400];
	char **lines;
	size_t count;

	(void)state;
	srand(7);
	for (int iter = 0; iter < 2000; iter++) {
		size_t used = 0;
		int width = 2 + rand() % 30;

		text[0] = '\0';
		for (int k = rand() % 20; k > 0; k--) {
			const char *w = words[rand() % (int)(sizeof words / sizeof *words)];
			size_t n = strlen(w);

			memcpy(text + used, w, n + 1);
			used += n;
		}
		assert_int_equal(text_wrap(text, width, &lines, &count), 0);
		for (size_t k = 0; k < count; k++) {
			size_t n = strlen(lines[k]);

			assert_true(text_width(lines[k]) <= width);
			assert_null(strchr(lines[k], '\n'));
			assert_true(n == 0 || lines[k][n - 1] != ' ');
		}
		text_lines_free(&lines, count);
	}
}

static void test_wrap_large(void **state)
{
	const size_t len = 1 << 20;
	char *s = make_big(len, "lorem ipsum dolor sit amet \xe6\x97\xa5\n");
	char **lines;
	size_t count;

	(void)state;
	s[len - 1] = '\0';
	assert_int_equal(text_wrap(s, 12, &lines, &count), 0);
	assert_true(count > len / 40);
	text_lines_free(&lines, count);
	free(s);
}

/* ---- text_flatten ---------------------------------------------------------- */

static void test_flatten(void **state)
{
	char s[] = "a\tb\nc\rd\r\n";

	(void)state;
	text_flatten(NULL);
	text_flatten(s);
	assert_string_equal(s, "a b c d  ");
}

static void test_squeeze(void **state)
{
	char a[] = "  two   words  ", b[] = "", c[] = "   ", d[] = "a b",
	     e[] = " \xe6\x9d\xb1  \xe4\xba\xac ";

	(void)state;
	text_squeeze(NULL);
	text_squeeze(a);
	assert_string_equal(a, "two words");
	text_squeeze(b);
	assert_string_equal(b, "");
	text_squeeze(c);
	assert_string_equal(c, "");
	text_squeeze(d);
	assert_string_equal(d, "a b");
	text_squeeze(e);
	assert_string_equal(e, "\xe6\x9d\xb1 \xe4\xba\xac");
}

static void test_list_add(void **state)
{
	char out[11] = "";

	(void)state;
	assert_true(text_list_add(out, sizeof out, "ab"));
	assert_true(text_list_add(out, sizeof out, "cd"));
	assert_string_equal(out, "ab, cd");
	/* "ab, cd, efg" needs 12 bytes with the NUL: one more than out has. */
	assert_false(text_list_add(out, sizeof out, "efg"));
	assert_string_equal(out, "ab, cd");
	assert_true(text_list_add(out, sizeof out, "ef"));
	assert_string_equal(out, "ab, cd, ef");
	/* Never half a name, nor half a character. */
	out[0] = '\0';
	assert_false(text_list_add(out, 4, "\xe6\x9d\xb1x"));
	assert_string_equal(out, "");
	assert_false(text_list_add(out, 0, "a"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_null_and_empty),
		cmocka_unit_test(test_sanitize_plain_text_unchanged),
		cmocka_unit_test(test_sanitize_newlines_and_tabs),
		cmocka_unit_test(test_sanitize_c0_and_del_removed),
		cmocka_unit_test(test_sanitize_csi_removed_whole),
		cmocka_unit_test(test_sanitize_osc_title_removed),
		cmocka_unit_test(test_sanitize_unterminated_sequence),
		cmocka_unit_test(test_sanitize_string_sequences),
		cmocka_unit_test(test_sanitize_two_byte_escapes),
		cmocka_unit_test(test_sanitize_c1_utf8_forms),
		cmocka_unit_test(test_sanitize_c1_raw_bytes),
		cmocka_unit_test(test_sanitize_invalid_utf8),
		cmocka_unit_test(test_sanitize_bidi_overrides),
		cmocka_unit_test(test_sanitize_one_megabyte),
		cmocka_unit_test(test_sanitize_random_bytes),
		cmocka_unit_test(test_width_edges),
		cmocka_unit_test(test_width_utf8_locale),
		cmocka_unit_test(test_width_same_in_c_locale),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_fit_edges),
		cmocka_unit_test(test_fit_ascii),
		cmocka_unit_test(test_fit_accents_and_combining),
		cmocka_unit_test(test_fit_wide),
		cmocka_unit_test(test_fit_width_property),
		cmocka_unit_test(test_wrap_edges),
		cmocka_unit_test(test_wrap_words),
		cmocka_unit_test(test_wrap_newlines),
		cmocka_unit_test(test_wrap_long_words),
		cmocka_unit_test(test_wrap_indent),
		cmocka_unit_test(test_wrap_wide_and_combining),
		cmocka_unit_test(test_wrap_width_property),
		cmocka_unit_test(test_wrap_large),
		cmocka_unit_test(test_flatten),
		cmocka_unit_test(test_squeeze),
		cmocka_unit_test(test_list_add),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
