/* SPDX-License-Identifier: MIT */
/* Keys, Alt-keys, unknown escape sequences and bracketed pastes from what
 * curses reads (see keyread.h). */
#include "config.h"
#include "keyread.h"

#include <curses.h>
#include <string.h>

#include "api.h"
#include "keymap.h"
#include "utf8.h"

#define KEYC_CSI '['
#define KEYC_SS3 'O'

/* How a bracketed paste ends; it began with ESC [200~. */
static const char paste_end[] = "\x1b[201~";

void keyread_init(struct keyread *kr, keyread_source src, void *ctx,
                  int seq_wait_ms)
{
	memset(kr, 0, sizeof *kr);
	kr->src = src;
	kr->ctx = ctx;
	kr->seq_wait_ms = seq_wait_ms;
	strbuf_init(&kr->paste, HALO_TEXT_MAX);
}

void keyread_done(struct keyread *kr)
{
	strbuf_done(&kr->paste);
	kr->pasting = false;
	kr->has_back = false;
}

bool keyread_pasting(const struct keyread *kr)
{
	return kr->pasting;
}

static enum keyread_rc get(struct keyread *kr, int wait_ms, wint_t *wch)
{
	if (kr->has_back) {
		kr->has_back = false;
		*wch = kr->back_wch;
		return kr->back_rc;
	}
	return kr->src(kr->ctx, wait_ms, wch);
}

/* What was read ahead and belongs to the next event. */
static void give_back(struct keyread *kr, enum keyread_rc rc, wint_t wch)
{
	kr->has_back = true;
	kr->back_rc = rc;
	kr->back_wch = wch;
}

static enum keyread_kind is(struct keyread_event *ev, enum keyread_kind k,
                            int key)
{
	ev->kind = k;
	ev->key = key;
	return k;
}

/* A resize or a mouse report: not a key, and not the end of anything. */
static bool is_event(enum keyread_rc rc, wint_t wch)
{
	return rc == KEYREAD_RC_FN && (wch == KEY_RESIZE || wch == KEY_MOUSE);
}

/* Cursor keys in their ANSI forms (ESC [ A, ESC O A), for terminals whose
 * keys curses does not know from terminfo; 0 for any other final byte. */
static int cursor_key(wint_t final)
{
	switch (final) {
	case 'A': return KEYC_FN(KEY_UP);
	case 'B': return KEYC_FN(KEY_DOWN);
	case 'C': return KEYC_FN(KEY_RIGHT);
	case 'D': return KEYC_FN(KEY_LEFT);
	case 'H': return KEYC_FN(KEY_HOME);
	case 'F': return KEYC_FN(KEY_END);
	default: return 0;
	}
}

/* ---- bracketed paste ----------------------------------------------------- */

static void paste_add(struct keyread *kr, wint_t wch)
{
	char u[4];
	size_t n;
	bool cr = wch == '\r';

	if (wch == '\n' && kr->paste_cr) {
		kr->paste_cr = false;     /* CR LF: one line end */
		return;
	}
	kr->paste_cr = cr;
	if (cr)
		wch = '\n';
	/* Text only: control characters other than tab and line ends are
	 * not something a field can hold. */
	if ((wch < 0x20 && wch != '\t' && wch != '\n') || wch == 0x7f ||
	    (wch >= 0x80 && wch < 0xa0))
		return;
	n = utf8_encode((unsigned)wch, u);
	kr->paste_bytes += n;
	strbuf_add(&kr->paste, u, n);
}

static enum keyread_kind paste_finish(struct keyread *kr,
                                      struct keyread_event *ev)
{
	enum strbuf_failure failed = kr->paste.failed;

	kr->pasting = false;
	kr->end_matched = 0;
	kr->paste_cr = false;
	if (failed != STRBUF_OK) {
		strbuf_done(&kr->paste);
		ev->len = kr->paste_bytes;
		return is(ev, failed == STRBUF_ETOOBIG ? KEYREAD_PASTE_TOO_LONG :
		          KEYREAD_NOMEM, 0);
	}
	ev->len = kr->paste.len;
	ev->text = strbuf_take(&kr->paste);
	return is(ev, ev->text ? KEYREAD_PASTE : KEYREAD_NOMEM, 0);
}

/* Reads the paste until its end marker, or until nothing more is there
 * for now (the paste goes on at the next call). */
static enum keyread_kind paste_step(struct keyread *kr,
                                    struct keyread_event *ev)
{
	enum keyread_rc rc;
	wint_t wch;

	for (;;) {
		rc = get(kr, 0, &wch);
		if (rc == KEYREAD_RC_ERR)
			return is(ev, KEYREAD_NONE, 0);
		if (rc == KEYREAD_RC_FN) {
			if (is_event(rc, wch))
				return is(ev, KEYREAD_FN_EVENT, (int)wch);
			continue;   /* pasted bytes curses took for a key */
		}
		if (wch == (wint_t)(unsigned char)paste_end[kr->end_matched]) {
			if (++kr->end_matched == sizeof paste_end - 1)
				return paste_finish(kr, ev);
			continue;
		}
		if (kr->end_matched) {
			/* Not the end after all: the text after the ESC is
			 * pasted text (the ESC, a control character, is not). */
			for (size_t i = 1; i < kr->end_matched; i++)
				paste_add(kr, (wint_t)paste_end[i]);
			kr->end_matched = 0;
			if (wch == (wint_t)paste_end[0]) {
				kr->end_matched = 1;
				continue;
			}
		}
		paste_add(kr, wch);
	}
}

static enum keyread_kind paste_begin(struct keyread *kr,
                                     struct keyread_event *ev)
{
	strbuf_done(&kr->paste);
	kr->pasting = true;
	kr->paste_bytes = 0;
	kr->end_matched = 0;
	kr->paste_cr = false;
	return paste_step(kr, ev);
}

/* ---- escape sequences ---------------------------------------------------- */

/* After ESC [: parameter and intermediate bytes, then a final byte. */
static enum keyread_kind csi(struct keyread *kr, struct keyread_event *ev)
{
	char params[8];
	size_t n = 0;
	bool overlong = false;
	enum keyread_rc rc;
	wint_t wch;

	for (;;) {
		rc = get(kr, kr->seq_wait_ms, &wch);
		if (rc != KEYREAD_RC_OK || wch < 0x20 || wch > 0x7e) {
			/* Cut short: ESC [ alone was Alt-[; a begun
			 * sequence is dropped, what followed is kept. */
			if (rc != KEYREAD_RC_ERR)
				give_back(kr, rc, wch);
			return n || overlong ? is(ev, KEYREAD_IGNORED, 0) :
			       is(ev, KEYREAD_KEY, KEYC_META(KEYC_CSI));
		}
		if (wch >= 0x40) {
			if (!overlong && n == 3 && memcmp(params, "200", 3) == 0 &&
			    wch == '~')
				return paste_begin(kr, ev);
			if (!n && cursor_key(wch))
				return is(ev, KEYREAD_KEY, cursor_key(wch));
			return is(ev, KEYREAD_IGNORED, 0);
		}
		if (n < sizeof params)
			params[n++] = (char)wch;
		else
			overlong = true;
	}
}

/* After ESC O: one final byte. */
static enum keyread_kind ss3(struct keyread *kr, struct keyread_event *ev)
{
	wint_t wch;
	enum keyread_rc rc = get(kr, kr->seq_wait_ms, &wch);

	if (rc == KEYREAD_RC_OK && wch >= 0x40 && wch <= 0x7e)
		return cursor_key(wch) ? is(ev, KEYREAD_KEY, cursor_key(wch)) :
		       is(ev, KEYREAD_IGNORED, 0);
	if (rc != KEYREAD_RC_ERR)
		give_back(kr, rc, wch);
	return is(ev, KEYREAD_KEY, KEYC_META(KEYC_SS3));
}

/* After ESC: Esc alone, an Alt-key, or a sequence. curses has waited
 * ESCDELAY already, so only what is there at once goes with the ESC. */
static enum keyread_kind after_esc(struct keyread *kr,
                                   struct keyread_event *ev)
{
	wint_t wch;
	enum keyread_rc rc = get(kr, 0, &wch);

	if (rc == KEYREAD_RC_ERR)
		return is(ev, KEYREAD_KEY, KEYC_ESC);
	if (is_event(rc, wch) || (rc == KEYREAD_RC_OK && wch == KEYC_ESC)) {
		give_back(kr, rc, wch);
		return is(ev, KEYREAD_KEY, KEYC_ESC);
	}
	if (rc == KEYREAD_RC_FN)
		return is(ev, KEYREAD_KEY, KEYC_META(keymap_normalize((int)wch, 1)));
	if (wch == KEYC_CSI)
		return csi(kr, ev);
	if (wch == KEYC_SS3)
		return ss3(kr, ev);
	return is(ev, KEYREAD_KEY, KEYC_META(keymap_normalize((int)wch, 0)));
}

enum keyread_kind keyread_next(struct keyread *kr, struct keyread_event *ev)
{
	enum keyread_rc rc;
	wint_t wch;

	memset(ev, 0, sizeof *ev);
	if (kr->pasting)
		return paste_step(kr, ev);
	rc = get(kr, 0, &wch);
	if (rc == KEYREAD_RC_ERR)
		return is(ev, KEYREAD_NONE, 0);
	if (is_event(rc, wch))
		return is(ev, KEYREAD_FN_EVENT, (int)wch);
	if (rc == KEYREAD_RC_OK && wch == KEYC_ESC)
		return after_esc(kr, ev);
	return is(ev, KEYREAD_KEY,
	          keymap_normalize((int)wch, rc == KEYREAD_RC_FN));
}
