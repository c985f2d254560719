/* SPDX-License-Identifier: MIT */
/* The man page's KEYS and COMMANDS sections are the ones the action list
 * produces, so the documented keys cannot drift from the program's; its
 * THEMES section names every theme role, and its version is configure's.
 * `test_ui_manpage --print` writes the sections (make update-man). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyhelp.h"
#include "readfile.h"
#include "theme.h"

static char *read_file(const char *path)
{
	struct readfile f;
	struct errbuf err;

	if (readfile(path, NULL, 1024 * 1024, 0, &f, &err) != HALO_OK)
		fail_msg("%s", err.msg);
	return f.data;
}

static char *generated(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	assert_non_null(mem);
	assert_int_equal(keyhelp_man(mem), 0);
	fclose(mem);
	return text;
}

static void test_man_page_keys_match_the_action_list(void **state)
{
	char *page = read_file(HALOTUI_SRCDIR "/doc/halotui.1");
	char *keys = generated();

	(void)state;
	assert_non_null(page);
	assert_non_null(strstr(keys, ".SH KEYS\n"));
	assert_non_null(strstr(keys, ".SH COMMANDS\n"));
	if (!strstr(page, keys))
		fail_msg("doc/halotui.1 is out of date: run `make update-man`");
	free(page);
	free(keys);
}

static void test_every_action_is_documented(void **state)
{
	char *keys = generated();
	size_t entries = 0;

	(void)state;
	for (const char *p = keys; (p = strstr(p, ".TP\n")); p += 4)
		entries++;
	/* Dozens of actions and commands; an empty table would be a bug. */
	assert_true(entries > 30);
	assert_null(strstr(keys, "(unbound)\nQuit"));
	free(keys);
}

static void test_man_page_version_is_configures(void **state)
{
	char *page = read_file(HALOTUI_SRCDIR "/doc/halotui.1");
	char want[64], *th;

	(void)state;
	assert_non_null(page);
	snprintf(want, sizeof want, "\"halotui %s\"", PACKAGE_VERSION);
	th = strstr(page, "\n.TH ");
	if (!th || !strstr(strtok(th + 1, "\n"), want))
		fail_msg("doc/halotui.1's .TH line does not name %s: run `make update-man`",
		         want);
	free(page);
}

static void test_man_page_sections_and_theme_roles(void **state)
{
	static const char *const sections[] = {
		".SH THEMES\n", ".SH BUGS\n", ".SH SEE ALSO\n", ".SH FILES\n",
	};
	static const char *const roles[] = {
#define ROLE_NAME(id, name, dflt) name,
		THEME_ROLES(ROLE_NAME)
#undef ROLE_NAME
	};
	char *page = read_file(HALOTUI_SRCDIR "/doc/halotui.1");
	const char *themes;

	(void)state;
	assert_non_null(page);
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if (!strstr(page, sections[i]))
			fail_msg("doc/halotui.1 has no %.*s section",
			         (int)strlen(sections[i]) - 1, sections[i]);
	themes = strstr(page, ".SH THEMES\n");
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		char b[64];
		/* Roles are set in bold: ".B name" on a line of its own. */
		snprintf(b, sizeof b, "\n.B %s\n", roles[i]);
		if (!strstr(themes, b))
			fail_msg("THEMES in doc/halotui.1 does not list the role %s",
			         roles[i]);
	}
	free(page);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_man_page_keys_match_the_action_list),
		cmocka_unit_test(test_every_action_is_documented),
		cmocka_unit_test(test_man_page_version_is_configures),
		cmocka_unit_test(test_man_page_sections_and_theme_roles),
	};

	if (argc > 1 && strcmp(argv[1], "--print") == 0)
		return keyhelp_man(stdout) == 0 ? 0 : 1;
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("manpage", tests, NULL, NULL);
}
