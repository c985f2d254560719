/* SPDX-License-Identifier: MIT */
/* The key reader: keys, Alt-keys, unknown escape sequences and bracketed
 * pastes, from a scripted source that stands in for curses. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "keymap.h"
#include "keyread.h"
#include "utf8.h"

/* What curses would hand over, one read at a time; an ERR item is a
 * moment with nothing to read (the rest comes later). */
struct item {
	enum keyread_rc rc;
	wint_t wch;
};

struct script {
	struct item items[256];
	size_t n, pos;
	int waited;          /* reads that asked to wait */
};

static enum keyread_rc scripted(void *ctx, int wait_ms, wint_t *wch)
{
	struct script *sc = ctx;
	const struct item *it;

	if (wait_ms > 0)
		sc->waited++;
	if (sc->pos >= sc->n)
		return KEYREAD_RC_ERR;
	it = &sc->items[sc->pos++];
	*wch = it->wch;
	return it->rc;
}

static void add(struct script *sc, enum keyread_rc rc, wint_t wch)
{
	assert_true(sc->n < sizeof sc->items / sizeof sc->items[0]);
	sc->items[sc->n].rc = rc;
	sc->items[sc->n].wch = wch;
	sc->n++;
}

/* Characters of a UTF-8 string, as get_wch returns them. */
static void chars(struct script *sc, const char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		unsigned cp;
		i += utf8_decode((const unsigned char *)s + i, len - i, &cp);
		add(sc, KEYREAD_RC_OK, (wint_t)cp);
	}
}

static void gap(struct script *sc)
{
	add(sc, KEYREAD_RC_ERR, 0);
}

static struct keyread kr;
static struct script sc;

static int setup(void **state)
{
	(void)state;
	memset(&sc, 0, sizeof sc);
	keyread_init(&kr, scripted, &sc, 100);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	keyread_done(&kr);
	return 0;
}

static void expect_key(int key)
{
	struct keyread_event ev;

	assert_int_equal(keyread_next(&kr, &ev), KEYREAD_KEY);
	assert_int_equal(ev.key, key);
}

static void expect_kind(enum keyread_kind k)
{
	struct keyread_event ev;

	assert_int_equal(keyread_next(&kr, &ev), k);
	free(ev.text);
}

static void expect_paste(const char *want)
{
	struct keyread_event ev;

	assert_int_equal(keyread_next(&kr, &ev), KEYREAD_PASTE);
	assert_non_null(ev.text);
	assert_int_equal(ev.len, strlen(want));
	assert_string_equal(ev.text, want);
	free(ev.text);
}

static void test_plain_keys(void **state)
{
	(void)state;
	chars(&sc, "j\r\x7f\x06");
	add(&sc, KEYREAD_RC_FN, KEY_DOWN);
	expect_key('j');
	expect_key(KEYC_FN(KEY_ENTER));
	expect_key(KEYC_FN(KEY_BACKSPACE));
	expect_key(KEYC_CTRL('f'));
	expect_key(KEYC_FN(KEY_DOWN));
	expect_kind(KEYREAD_NONE);
	expect_kind(KEYREAD_NONE);
}

static void test_esc_alone_and_doubled(void **state)
{
	(void)state;
	chars(&sc, "\x1b");
	gap(&sc);
	chars(&sc, "\x1b\x1b");
	gap(&sc);
	expect_key(KEYC_ESC);     /* (the pause after it is read with it) */
	expect_key(KEYC_ESC);
	expect_key(KEYC_ESC);
	expect_kind(KEYREAD_NONE);
}

/* ESC and a key at once: Alt and that key, never Esc then the key. */
static void test_alt_keys(void **state)
{
	(void)state;
	chars(&sc, "\x1bj\x1bJ\x1b\r\x1b\x7f\x1b\xc3\xa9\x1b\x06");
	chars(&sc, "\x1b");
	add(&sc, KEYREAD_RC_FN, KEY_UP);
	expect_key(KEYC_META('j'));
	expect_key(KEYC_META('J'));
	expect_key(KEYC_META(KEYC_FN(KEY_ENTER)));
	expect_key(KEYC_META(KEYC_FN(KEY_BACKSPACE)));
	expect_key(KEYC_META(0xe9));
	expect_key(KEYC_META(KEYC_CTRL('f')));
	expect_key(KEYC_META(KEYC_FN(KEY_UP)));
	expect_kind(KEYREAD_NONE);
	/* A resize right after ESC: Esc, then the resize. */
	chars(&sc, "\x1b");
	add(&sc, KEYREAD_RC_FN, KEY_RESIZE);
	expect_key(KEYC_ESC);
	expect_kind(KEYREAD_FN_EVENT);
}

/* A sequence curses did not know is read whole and ignored. */
static void test_unknown_sequences(void **state)
{
	(void)state;
	chars(&sc, "\x1b[99~j");
	chars(&sc, "\x1b[1;5Qk");
	chars(&sc, "\x1b[?1;2;3;4;5;6;7;8;9;10cl");   /* longer than kept */
	chars(&sc, "\x1bOPm");
	chars(&sc, "\x1b[201~n");                     /* an end without a paste */
	expect_kind(KEYREAD_IGNORED);
	expect_key('j');
	expect_kind(KEYREAD_IGNORED);
	expect_key('k');
	expect_kind(KEYREAD_IGNORED);
	expect_key('l');
	expect_kind(KEYREAD_IGNORED);
	expect_key('m');
	expect_kind(KEYREAD_IGNORED);
	expect_key('n');
	expect_kind(KEYREAD_NONE);
	assert_true(sc.waited > 0);   /* the rest of a begun sequence may take a moment */
}

static void test_cut_sequences(void **state)
{
	(void)state;
	/* ESC [ with nothing after it: Alt-[; ESC O: Alt-O. */
	chars(&sc, "\x1b[");
	gap(&sc);
	chars(&sc, "\x1bO");
	gap(&sc);
	/* A begun sequence cut by a control character: dropped, and the
	 * character is kept. */
	chars(&sc, "\x1b[12\r");
	/* ANSI cursor keys curses did not know. */
	chars(&sc, "\x1b[A\x1bOD");
	expect_key(KEYC_META('['));
	expect_key(KEYC_META('O'));
	expect_kind(KEYREAD_IGNORED);
	expect_key(KEYC_FN(KEY_ENTER));
	expect_key(KEYC_FN(KEY_UP));
	expect_key(KEYC_FN(KEY_LEFT));
	expect_kind(KEYREAD_NONE);
}

/* The bug this is for: pasted lines were typed, and "j" and Enter moved
 * and toggled the form. A paste is text. */
static void test_paste_is_text(void **state)
{
	(void)state;
	chars(&sc, "\x1b[200~Line one\rj\r\nLine three\n\tM\xc3\xbcller \xe6\x9d\xb1\x1b[201~q");
	expect_paste("Line one\nj\nLine three\n\tM\xc3\xbcller \xe6\x9d\xb1");
	expect_key('q');
	expect_kind(KEYREAD_NONE);
	assert_false(keyread_pasting(&kr));
	/* Control characters other than tab and line ends are dropped; an
	 * escape sequence inside keeps its text but not its ESC. */
	chars(&sc, "\x1b[200~a\x07" "b\x7f\xc2\x85" "c\x1b[31md\x1b[20x\x1b\x1b[201~");
	expect_paste("abc[31md[20x");
	/* An empty paste. */
	chars(&sc, "\x1b[200~\x1b[201~");
	expect_paste("");
}

/* A paste comes in pieces over a slow link: it waits for its end. */
static void test_paste_in_pieces(void **state)
{
	(void)state;
	chars(&sc, "\x1b[200~first\r");
	gap(&sc);
	chars(&sc, "second");
	add(&sc, KEYREAD_RC_FN, KEY_RESIZE);
	chars(&sc, "\x1b[2");
	gap(&sc);
	chars(&sc, "01~");
	expect_kind(KEYREAD_NONE);
	assert_true(keyread_pasting(&kr));
	expect_kind(KEYREAD_FN_EVENT);       /* a resize meanwhile */
	expect_kind(KEYREAD_NONE);
	expect_paste("first\nsecond");
	assert_false(keyread_pasting(&kr));
}

/* A paste past the limit is read to its end and refused whole. */
struct flood {
	size_t n, sent;
	int phase;
};

static enum keyread_rc flood_source(void *ctx, int wait_ms, wint_t *wch)
{
	static const char start[] = "\x1b[200~", end[] = "\x1b[201~x";
	struct flood *f = ctx;
	size_t i = f->sent++;

	(void)wait_ms;
	if (i < 6) {
		*wch = (unsigned char)start[i];
	} else if (i < 6 + f->n) {
		*wch = 'a';
	} else if (i < 6 + f->n + 7) {
		*wch = (unsigned char)end[i - 6 - f->n];
	} else {
		return KEYREAD_RC_ERR;
	}
	return KEYREAD_RC_OK;
}

static void test_paste_limit(void **state)
{
	struct flood f = { HALO_TEXT_MAX, 0, 0 };
	struct keyread k;
	struct keyread_event ev;

	(void)state;
	/* Up to the limit: whole. */
	keyread_init(&k, flood_source, &f, 100);
	assert_int_equal(keyread_next(&k, &ev), KEYREAD_PASTE);
	assert_int_equal(ev.len, HALO_TEXT_MAX);
	assert_int_equal(strspn(ev.text, "a"), HALO_TEXT_MAX);
	free(ev.text);
	assert_int_equal(keyread_next(&k, &ev), KEYREAD_KEY);
	assert_int_equal(ev.key, 'x');
	/* One byte more: refused, and what follows is a key again. */
	f.n = HALO_TEXT_MAX + 1;
	f.sent = 0;
	assert_int_equal(keyread_next(&k, &ev), KEYREAD_PASTE_TOO_LONG);
	assert_null(ev.text);
	assert_int_equal(ev.len, HALO_TEXT_MAX + 1);
	assert_int_equal(keyread_next(&k, &ev), KEYREAD_KEY);
	assert_int_equal(ev.key, 'x');
	keyread_done(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_esc_alone_and_doubled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alt_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_sequences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_sequences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paste_is_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paste_in_pieces, setup, teardown),
		cmocka_unit_test(test_paste_limit),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("ui keyread", tests, NULL, NULL);
}
