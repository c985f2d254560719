/* SPDX-License-Identifier: MIT */
/* Keys to named actions. The actions come from actions.def; the default
 * bindings too. A key is an int: a Unicode code point for characters
 * (Ctrl-letters are 1..26), or KEYC_FN(curses key code) for function keys;
 * KEYC_META(key) is that key with Alt (the terminal sent ESC before it).
 * Pure: no terminal is needed (only curses' KEY_* constants). */
#ifndef HALO_UI_KEYMAP_H
#define HALO_UI_KEYMAP_H

#include <stddef.h>
#include "errbuf.h"
#include "settings.h"

enum action {
	ACT_NONE = 0,
#define ACTION(id, name, keys, help) ACT_##id,
#include "actions.def"
#undef ACTION
	ACT__COUNT
};

#define KEYC_FN_BASE 0x200000
#define KEYC_FN(k) (KEYC_FN_BASE + (k))
#define KEYC_ESC 27
#define KEYC_TAB 9
#define KEYC_CTRL(c) ((c) & 0x1f)   /* KEYC_CTRL('g') is C-g */
/* Alt (Meta): a flag above every character and function key. */
#define KEYC_META_FLAG 0x1000000
#define KEYC_META(k) ((k) | KEYC_META_FLAG)
#define KEYC_IS_META(k) (((k) & KEYC_META_FLAG) != 0)

struct keybind {
	int key;
	enum action act;
};

struct keymap {
	struct keybind *b;
	size_t n, cap;
};

/* Name, default keys and help text of an action; "" for ACT_NONE. */
const char *action_name(enum action a);
const char *action_default_keys(enum action a);
const char *action_help(enum action a);
/* By name, case-insensitive; ACT_NONE when unknown. */
enum action action_find(const char *name);

/* The curses/terminal key code as the keymap sees it: Enter (\r, \n,
 * KEY_ENTER) and Backspace (8, 127, KEY_BACKSPACE) each become one code.
 * is_fn says whether code came from wget_wch as KEY_CODE_YES. */
int keymap_normalize(int code, int is_fn);

/* "j", "C-f", "Down", "PgDn", "Enter", "Esc", "F5", "Space", "Tab", "é",
 * and any of them after "M-" for Alt: "M-x", "M-Enter", "M-C-f".
 * Names of two characters or more are case-insensitive (not the character
 * after "M-": "M-x" and "M-X" differ). Returns the key, or 0 when the
 * name means nothing. */
int keymap_parse_key(const char *name);
/* The canonical name of a key into buf (always terminated). */
void keymap_key_name(int key, char *buf, size_t len);

/* Loads the defaults of actions.def. Returns 0, -1 when out of memory. */
int keymap_init(struct keymap *km);
void keymap_done(struct keymap *km);

/* Binds key to act, taking it from any other action. 0 or -1 (memory). */
int keymap_bind(struct keymap *km, int key, enum action act);
/* Removes every key of act. */
void keymap_unbind_action(struct keymap *km, enum action act);

enum action keymap_lookup(const struct keymap *km, int key);

/* The keys of act as "j, Down, C-n" into buf; "" when unbound. */
void keymap_keys_of(const struct keymap *km, enum action act, char *buf,
                    size_t len);

/* The first key bound to act (the one a hint shows), or 0. */
int keymap_first_key(const struct keymap *km, enum action act);

/* Applies the config's `keys:` section. An action listed there loses its
 * default keys and gets the keys given ("none" leaves it unbound). An
 * unknown action or key name is HALO_ECONFIG naming file:line:col. */
enum halo_status keymap_apply_settings(struct keymap *km,
                                       const struct settings *s,
                                       struct errbuf *err);

#endif
