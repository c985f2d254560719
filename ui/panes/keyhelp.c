/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "keyhelp.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "grow.h"
#include "text.h"

static int push(char ***lines, size_t *n, size_t *cap, const char *s)
{
	char *d;

	char **nl = grow_for_one(*lines, *n, cap, sizeof *nl, 64);

	if (!nl)
		return -1;
	*lines = nl;
	d = strdup(s);
	if (!d)
		return -1;
	(*lines)[(*n)++] = d;
	return 0;
}

int keyhelp_lines(const struct keymap *km, char ***lines, size_t *n)
{
	size_t cap = 0;
	char keys[128], line[400];
	int rc = 0;

	*lines = NULL;
	*n = 0;
	rc |= push(lines, n, &cap, "Keys (rebind under keys: in the config)");
	for (int a = ACT_NONE + 1; a < ACT__COUNT && !rc; a++) {
		keymap_keys_of(km, (enum action)a, keys, sizeof keys);
		snprintf(line, sizeof line, "  %-18s %-15s %s",
		         keys[0] ? keys : "(unbound)", action_name((enum action)a),
		         action_help((enum action)a));
		rc |= push(lines, n, &cap, line);
	}
	rc |= push(lines, n, &cap, "");
	rc |= push(lines, n, &cap, "Commands (type : first)");
	for (size_t i = 0; i < command_count && !rc; i++) {
		char head[64];
		snprintf(head, sizeof head, ":%s%s%s", command_table[i].name,
		         command_table[i].args[0] ? " " : "", command_table[i].args);
		snprintf(line, sizeof line, "  %-34s %s", head, command_table[i].help);
		rc |= push(lines, n, &cap, line);
	}
	if (rc) {
		text_lines_free(lines, *n);
		*n = 0;
		return -1;
	}
	return 0;
}

/* man(7) escapes: a backslash doubled, a leading dot or quote guarded. */
static void man_text(FILE *out, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", out);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
}

int keyhelp_man(FILE *out)
{
	struct keymap km;

	if (keymap_init(&km) != 0)
		return -1;
	fputs(".SH KEYS\n", out);
	for (int a = ACT_NONE + 1; a < ACT__COUNT; a++) {
		char keys[128];
		keymap_keys_of(&km, (enum action)a, keys, sizeof keys);
		fputs(".TP\n.B ", out);
		man_text(out, keys[0] ? keys : "(unbound)");
		fputs("\n", out);
		man_text(out, action_help((enum action)a));
		fputs(" (", out);
		man_text(out, action_name((enum action)a));
		fputs(")\n", out);
	}
	fputs(".SH COMMANDS\n", out);
	for (size_t i = 0; i < command_count; i++) {
		fputs(".TP\n.B :", out);
		man_text(out, command_table[i].name);
		if (command_table[i].args[0]) {
			fputs(" ", out);
			man_text(out, command_table[i].args);
		}
		fputs("\n", out);
		man_text(out, command_table[i].help);
		fputs("\n", out);
	}
	keymap_done(&km);
	return ferror(out) ? -1 : 0;
}
