/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "keymap.h"

#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"
#include "text.h"
#include "utf8.h"

struct action_info {
	const char *name;
	const char *keys;
	const char *help;
};

static const struct action_info actions[ACT__COUNT] = {
	[ACT_NONE] = { "", "", "" },
#define ACTION(id, name, keys, help) [ACT_##id] = { name, keys, help },
#include "actions.def"
#undef ACTION
};

/* Named keys; the first name of a key is the one printed. */
static const struct {
	const char *name;
	int key;
} named_keys[] = {
	{ "Enter", KEYC_FN(KEY_ENTER) },
	{ "Return", KEYC_FN(KEY_ENTER) },
	{ "Esc", KEYC_ESC },
	{ "Escape", KEYC_ESC },
	{ "Tab", KEYC_TAB },
	{ "BackTab", KEYC_FN(KEY_BTAB) },
	{ "S-Tab", KEYC_FN(KEY_BTAB) },
	{ "Space", ' ' },
	{ "Backspace", KEYC_FN(KEY_BACKSPACE) },
	{ "BS", KEYC_FN(KEY_BACKSPACE) },
	{ "Delete", KEYC_FN(KEY_DC) },
	{ "Del", KEYC_FN(KEY_DC) },
	{ "Insert", KEYC_FN(KEY_IC) },
	{ "Ins", KEYC_FN(KEY_IC) },
	{ "Up", KEYC_FN(KEY_UP) },
	{ "Down", KEYC_FN(KEY_DOWN) },
	{ "Left", KEYC_FN(KEY_LEFT) },
	{ "Right", KEYC_FN(KEY_RIGHT) },
	{ "PgUp", KEYC_FN(KEY_PPAGE) },
	{ "PageUp", KEYC_FN(KEY_PPAGE) },
	{ "PgDn", KEYC_FN(KEY_NPAGE) },
	{ "PageDown", KEYC_FN(KEY_NPAGE) },
	{ "Home", KEYC_FN(KEY_HOME) },
	{ "End", KEYC_FN(KEY_END) },
};

const char *action_name(enum action a)
{
	return (unsigned)a < ACT__COUNT ? actions[a].name : "";
}

const char *action_default_keys(enum action a)
{
	return (unsigned)a < ACT__COUNT ? actions[a].keys : "";
}

const char *action_help(enum action a)
{
	return (unsigned)a < ACT__COUNT ? actions[a].help : "";
}

enum action action_find(const char *name)
{
	if (!name || !*name)
		return ACT_NONE;
	for (int a = ACT_NONE + 1; a < ACT__COUNT; a++)
		if (strcasecmp(actions[a].name, name) == 0)
			return (enum action)a;
	return ACT_NONE;
}

int keymap_normalize(int code, int is_fn)
{
	if (is_fn) {
		if (code == KEY_ENTER)
			return KEYC_FN(KEY_ENTER);
		return KEYC_FN(code);
	}
	if (code == '\r' || code == '\n')
		return KEYC_FN(KEY_ENTER);
	if (code == 8 || code == 127)
		return KEYC_FN(KEY_BACKSPACE);
	return code;
}

/* "C-f" / "^F": a control character. */
static int parse_ctrl(const char *c)
{
	unsigned char ch = (unsigned char)c[0];

	if (!ch || c[1])
		return 0;
	if (ch >= 'a' && ch <= 'z')
		ch = (unsigned char)(ch - 'a' + 'A');
	if (ch < '@' || ch > '_')
		return 0;
	return keymap_normalize(ch & 0x1f, 0);
}

static int parse_fn(const char *digits)
{
	char *end;
	long n;

	if (!*digits)
		return 0;
	n = strtol(digits, &end, 10);
	if (*end || n < 1 || n > 63)
		return 0;
	return KEYC_FN(KEY_F(n));
}

int keymap_parse_key(const char *name)
{
	unsigned cp;
	int w;
	size_t len;

	if (!name || !*name)
		return 0;
	len = text_next(name, &cp, &w);
	if (name[len] == '\0') {
		/* One character: itself, when printable. */
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    cp == 0xfffd)
			return 0;
		return (int)cp;
	}
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (strcasecmp(named_keys[i].name, name) == 0)
			return named_keys[i].key;
	if ((name[0] == 'M' || name[0] == 'm') && name[1] == '-') {
		int key = keymap_parse_key(name + 2);
		return key && !KEYC_IS_META(key) ? KEYC_META(key) : 0;
	}
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-')
		return parse_ctrl(name + 2);
	if (name[0] == '^')
		return parse_ctrl(name + 1);
	if (name[0] == 'F' || name[0] == 'f')
		return parse_fn(name + 1);
	return 0;
}

void keymap_key_name(int key, char *buf, size_t len)
{
	if (!buf || !len)
		return;
	buf[0] = '\0';
	if (KEYC_IS_META(key) && len > 2) {
		buf[0] = 'M';
		buf[1] = '-';
		keymap_key_name(key & ~KEYC_META_FLAG, buf + 2, len - 2);
		return;
	}
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (named_keys[i].key == key) {
			snprintf(buf, len, "%s", named_keys[i].name);
			return;
		}
	if (key >= KEYC_FN(KEY_F(1)) && key <= KEYC_FN(KEY_F(63))) {
		snprintf(buf, len, "F%d", key - KEYC_FN(KEY_F0));
		return;
	}
	if (key > 0 && key < 0x20) {
		snprintf(buf, len, "C-%c", (char)(key + 'a' - 1));
		return;
	}
	if (key > 0x20 && key < 0x110000 && key != 0x7f) {
		char u[5] = { 0 };

		utf8_encode((unsigned)key, u);
		snprintf(buf, len, "%s", u);
		return;
	}
	snprintf(buf, len, "key-%d", key);
}

int keymap_bind(struct keymap *km, int key, enum action act)
{
	struct keybind *b;

	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].key == key) {
			km->b[i].act = act;
			return 0;
		}
	b = grow_for_one(km->b, km->n, &km->cap, sizeof *b, 64);
	if (!b)
		return -1;
	km->b = b;
	km->b[km->n].key = key;
	km->b[km->n].act = act;
	km->n++;
	return 0;
}

void keymap_unbind_action(struct keymap *km, enum action act)
{
	size_t out = 0;

	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].act != act)
			km->b[out++] = km->b[i];
	km->n = out;
}

/* Binds every key of a space-separated list. */
static int bind_list(struct keymap *km, const char *list, enum action act)
{
	char name[32];
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, " ");
		if (n > 0 && n < sizeof name) {
			int key;
			memcpy(name, p, n);
			name[n] = '\0';
			key = keymap_parse_key(name);
			if (key && keymap_bind(km, key, act) != 0)
				return -1;
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

int keymap_init(struct keymap *km)
{
	memset(km, 0, sizeof *km);
	for (int a = ACT_NONE + 1; a < ACT__COUNT; a++)
		if (bind_list(km, actions[a].keys, (enum action)a) != 0) {
			keymap_done(km);
			return -1;
		}
	return 0;
}

void keymap_done(struct keymap *km)
{
	free(km->b);
	memset(km, 0, sizeof *km);
}

enum action keymap_lookup(const struct keymap *km, int key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].key == key)
			return km->b[i].act;
	return ACT_NONE;
}

void keymap_keys_of(const struct keymap *km, enum action act, char *buf,
                    size_t len)
{
	if (!buf || !len)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < km->n; i++) {
		char name[32];

		if (km->b[i].act != act)
			continue;
		keymap_key_name(km->b[i].key, name, sizeof name);
		if (!text_list_add(buf, len, name))
			return;
	}
}

int keymap_first_key(const struct keymap *km, enum action act)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->b[i].act == act)
			return km->b[i].key;
	return 0;
}

enum halo_status keymap_apply_settings(struct keymap *km,
                                       const struct settings *s,
                                       struct errbuf *err)
{
	bool cleared[ACT__COUNT] = { false };
	const char *file = s->path ? s->path : "config";

	for (size_t i = 0; i < s->nkeys; i++) {
		const struct settings_key *k = &s->keys[i];
		enum action act = action_find(k->action);
		int key;

		if (act == ACT_NONE)
			return errbuf_set(err, HALO_ECONFIG,
			                  "%s:%d:%d: unknown action \"%.40s\" under keys: "
			                  "(the names are listed by ? and in halotui(1))",
			                  file, k->line, k->col,
			                  k->action ? k->action : "");
		if (!cleared[act]) {
			keymap_unbind_action(km, act);
			cleared[act] = true;
		}
		if (k->key && strcasecmp(k->key, "none") == 0)
			continue;
		key = keymap_parse_key(k->key);
		if (!key)
			return errbuf_set(err, HALO_ECONFIG,
			                  "%s:%d:%d: unknown key \"%.40s\" for %s "
			                  "(write e.g. j, C-f, M-x, Down, PgDn, Enter, Esc, F5)",
			                  file, k->line, k->col,
			                  k->key ? k->key : "", action_name(act));
		if (keymap_bind(km, key, act) != 0)
			return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	return HALO_OK;
}
