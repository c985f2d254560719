/* SPDX-License-Identifier: MIT */
/* The terminal's input as the TUI means it: keys, Alt-keys, pastes.
 *
 * curses hands over what it read one character or function key at a
 * time. This turns that stream into events:
 *   - a key (keymap codes, see keymap.h);
 *   - an Alt-key, KEYC_META(key): ESC with a key right behind it (curses
 *     has already waited ESCDELAY for the rest of a sequence, so a key
 *     that is there at once came with the ESC);
 *   - an escape sequence that curses did not know (ESC [ ... final, ESC O
 *     x), read whole and reported as ignored, never as Esc and its tail
 *     as keys;
 *   - a bracketed paste (ESC [200~ ... ESC [201~): the text between, as
 *     UTF-8, with CR and CR LF made LF and other control characters
 *     dropped; never keys. A paste may arrive over many reads: the reader
 *     keeps it until its end comes. One longer than HALO_TEXT_MAX is
 *     read to its end and reported as too long, without its text.
 * Pure apart from the source it reads, so that a test can feed it. */
#ifndef HALO_UI_KEYREAD_H
#define HALO_UI_KEYREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include "strbuf.h"

/* What the source returns: curses' OK, KEY_CODE_YES or ERR. */
enum keyread_rc { KEYREAD_RC_ERR = -1, KEYREAD_RC_OK = 0, KEYREAD_RC_FN = 1 };

/* Reads the next character (KEYREAD_RC_OK) or function key
 * (KEYREAD_RC_FN, a curses KEY_* code) into *wch. wait_ms 0: only what is
 * there already; more: up to that long. KEYREAD_RC_ERR when none came. */
typedef enum keyread_rc (*keyread_source)(void *ctx, int wait_ms,
                                          wint_t *wch);

enum keyread_kind {
	KEYREAD_NONE,        /* nothing more to read for now */
	KEYREAD_KEY,         /* ev->key */
	KEYREAD_FN_EVENT,    /* a curses event that is not a key (resize,
	                      * mouse): ev->key is its KEY_* code */
	KEYREAD_IGNORED,     /* an escape sequence nobody knows, consumed */
	KEYREAD_PASTE,       /* ev->text[0..len), owned by the caller */
	KEYREAD_PASTE_TOO_LONG, /* a paste past HALO_TEXT_MAX; ev->len: its
	                         * size in bytes */
	KEYREAD_NOMEM,       /* no memory for a paste (it is dropped) */
};

struct keyread_event {
	enum keyread_kind kind;
	int key;
	char *text;
	size_t len;
};

struct keyread {
	keyread_source src;
	void *ctx;
	int seq_wait_ms;      /* how long the rest of a sequence may take */
	bool has_back;        /* one character read ahead, given back */
	enum keyread_rc back_rc;
	wint_t back_wch;
	bool pasting;         /* between ESC [200~ and ESC [201~ */
	struct strbuf paste;  /* the paste so far */
	size_t paste_bytes;   /* bytes pasted, also past the limit */
	size_t end_matched;   /* characters of ESC [201~ seen */
	bool paste_cr;        /* the last pasted character was CR */
};

/* seq_wait_ms: how long to wait for the rest of an escape sequence that
 * has begun (its bytes normally come together). */
void keyread_init(struct keyread *kr, keyread_source src, void *ctx,
                  int seq_wait_ms);
void keyread_done(struct keyread *kr);

/* The next event into *ev (ev->text is NULL unless KEYREAD_PASTE).
 * Returns ev->kind. */
enum keyread_kind keyread_next(struct keyread *kr, struct keyread_event *ev);

/* Whether a paste has begun and not ended. */
bool keyread_pasting(const struct keyread *kr);

#endif
