/* SPDX-License-Identifier: MIT */
/* Colour themes: YAML files in themes/ (default, light, solarized-dark,
 * mono), one style per role for 256-colour terminals (`colors256:`) and
 * for 8/16-colour ones (`colors8:`). Pure: parsing and resolving need no
 * terminal; screen.c turns the result into curses pairs.
 *
 *   name: default
 *   colors256:
 *     list.selected: {fg: 231, bg: 24, attrs: [bold]}
 *   colors8:
 *     list.selected: {fg: white, bg: blue, attrs: bold}
 *
 * Colours: default, black, red, green, yellow, blue, magenta, cyan, white,
 * bright-black .. bright-white, or 0..255. Attributes: bold, dim,
 * underline, reverse, standout, italic. Without colour (NO_COLOR, a mono
 * terminal, the mono theme) only the attributes are used. */
#ifndef HALO_UI_THEME_H
#define HALO_UI_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"

/* X(ID, "name", default attributes used when a theme does not say) */
#define THEME_ROLES(X) \
	X(NORMAL,          "normal",          0) \
	X(TITLE,           "title",           THEME_REVERSE) \
	X(HEADER,          "header",          THEME_BOLD | THEME_UNDERLINE) \
	X(LIST_SELECTED,   "list.selected",   THEME_REVERSE) \
	X(LIST_INACTIVE,   "list.inactive",   THEME_BOLD) \
	X(PLACEHOLDER,     "placeholder",     THEME_DIM) \
	X(STATUS_BAR,      "status.bar",      THEME_REVERSE) \
	X(STATUS_BUSY,     "status.busy",     THEME_REVERSE | THEME_BOLD) \
	X(ERROR,           "error",           THEME_BOLD) \
	X(DETAIL_LABEL,    "detail.label",    THEME_BOLD) \
	X(DETAIL_TITLE,    "detail.title",    THEME_BOLD) \
	X(DETAIL_SECTION,  "detail.section",  THEME_BOLD | THEME_UNDERLINE) \
	X(NOTE_HEADER,     "note.header",     THEME_BOLD) \
	X(PRIVATE_NOTE,    "private-note",    THEME_BOLD) \
	X(FORM_LABEL,      "form.label",      THEME_BOLD) \
	X(FORM_SELECTED,   "form.selected",   THEME_REVERSE) \
	X(FORM_CHANGED,    "form.changed",    THEME_UNDERLINE) \
	X(FORM_ERROR,      "form.error",      THEME_BOLD) \
	X(HELP_KEY,        "help.key",        THEME_BOLD) \
	X(PROMPT,          "prompt",          0) \
	X(BORDER,          "border",          0) \
	X(PICKER_SELECTED, "picker.selected", THEME_REVERSE) \
	X(SLA_BREACHED,    "sla.breached",    THEME_BOLD | THEME_UNDERLINE) \
	X(SLA_WARNING,     "sla.warning",     THEME_BOLD) \
	X(SLA_OK,          "sla.ok",          0) \
	X(LIST_NEW,        "list.new",        THEME_BOLD) \
	X(LIST_MARKED,     "list.marked",     THEME_BOLD)

enum theme_attr {
	THEME_BOLD      = 1 << 0,
	THEME_DIM       = 1 << 1,
	THEME_UNDERLINE = 1 << 2,
	THEME_REVERSE   = 1 << 3,
	THEME_STANDOUT  = 1 << 4,
	THEME_ITALIC    = 1 << 5,
};

enum theme_role {
#define THEME_ROLE_ENUM(id, name, dflt) ROLE_##id,
	THEME_ROLES(THEME_ROLE_ENUM)
#undef THEME_ROLE_ENUM
	ROLE__COUNT
};

#define THEME_COLOR_DEFAULT (-1)

struct theme_style {
	short fg, bg;      /* THEME_COLOR_DEFAULT or 0..255 */
	unsigned attrs;
	bool set;          /* the theme gave this role */
};

struct theme {
	char name[64];
	struct theme_style c256[ROLE__COUNT];
	struct theme_style c8[ROLE__COUNT];
};

const char *theme_role_name(enum theme_role r);

/* The built-in fallback: attributes only, no colour. */
void theme_init(struct theme *t);

/* Parses a theme document; `file` names it in errors (file:line:col).
 * On failure t is left as theme_init made it. */
enum halo_status theme_parse(struct theme *t, const char *text, size_t len,
                             const char *file, struct errbuf *err);
enum halo_status theme_load_file(struct theme *t, const char *path,
                                 struct errbuf *err);

/* Where theme `name` lives: a name with a '/' or ending in ".yaml" is a
 * path; else $XDG_CONFIG_HOME/halotui/themes/NAME.yaml (or
 * ~/.config/...), then datadir/themes/NAME.yaml, then
 * srcdir/themes/NAME.yaml (running from the build tree). Returns 0 and
 * the path in out, or -1 (err says where it looked). */
int theme_find(const char *name, const char *datadir, const char *srcdir,
               char *out, size_t outlen, struct errbuf *err);

/* The style to use for each role on a terminal with `colors` colours:
 * colors256 when >= 256 and the role is set there, else colors8; roles
 * the theme does not name get their default attributes. With no_color
 * (or colors < 8) every colour is THEME_COLOR_DEFAULT. */
void theme_resolve(const struct theme *t, int colors, bool no_color,
                   struct theme_style out[ROLE__COUNT]);

/* NO_COLOR is set to a non-empty value. */
bool theme_no_color_env(void);

#endif
