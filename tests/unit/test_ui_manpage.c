/* The man page's KEYS and COMMANDS sections are the ones the action list
 * produces, so the documented keys cannot drift from the program's.
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

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_man_page_keys_match_the_action_list),
		cmocka_unit_test(test_every_action_is_documented),
	};

	if (argc > 1 && strcmp(argv[1], "--print") == 0)
		return keyhelp_man(stdout) == 0 ? 0 : 1;
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("manpage", tests, NULL, NULL);
}
