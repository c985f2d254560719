/* SPDX-License-Identifier: MIT */
/* Walking libyaml documents: node text, mapping pairs, and messages that
 * point at file:line:col with document text made safe to print. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "yamlx.h"

static void load(yaml_document_t *doc, const char *text)
{
	yaml_parser_t p;

	assert_true(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (const unsigned char *)text,
	                             strlen(text));
	assert_true(yaml_parser_load(&p, doc));
	yaml_parser_delete(&p);
}

static void test_scalar(void **state)
{
	yaml_document_t doc;
	yaml_node_t *root;

	(void)state;
	assert_null(yamlx_scalar(NULL));
	load(&doc, "[a, b]\n");
	root = yaml_document_get_root_node(&doc);
	assert_null(yamlx_scalar(root));
	assert_string_equal(yamlx_scalar(yaml_document_get_node(&doc,
	                    root->data.sequence.items.start[1])), "b");
	yaml_document_delete(&doc);
}

static void test_shown(void **state)
{
	char b[8], big[100], out[81];

	(void)state;
	assert_string_equal(yamlx_shown("", b, sizeof b), "");
	assert_string_equal(yamlx_shown("a\tb\x1b[c\x7f", big, sizeof big),
	                    "a?b?[c?");
	/* Four bytes fit in eight with "..." and the NUL. */
	assert_string_equal(yamlx_shown("abcd", b, sizeof b), "abcd");
	assert_string_equal(yamlx_shown("abcde", b, sizeof b), "abcd...");
	/* "é" is two bytes: a cut never splits it. */
	assert_string_equal(yamlx_shown("abc\xc3\xa9z", b, sizeof b),
	                    "abc...");
	memset(big, 'x', sizeof big);
	big[sizeof big - 1] = '\0';
	assert_int_equal(strlen(yamlx_shown(big, out, sizeof out)), 80);
	assert_string_equal(out + 77, "...");
}

static void test_fail_at(void **state)
{
	yaml_mark_t m = { 0, 2, 6 };
	struct errbuf err;

	(void)state;
	assert_int_equal(yamlx_fail_at(&err, "t.yaml", &m, "bad %s", "thing"),
	                 HALO_ECONFIG);
	assert_string_equal(err.msg, "t.yaml:3:7: bad thing");
	assert_int_equal(yamlx_fail_at(NULL, "t.yaml", &m, "x"), HALO_ECONFIG);
}

static void test_pairs(void **state)
{
	yaml_document_t doc;
	struct yamlx_pairs it;
	yaml_node_t *root;
	const char *keys[3];
	int n = 0;

	(void)state;
	load(&doc, "a: 1\n? [x]\n: 2\nc: {d: 3}\n");
	root = yaml_document_get_root_node(&doc);
	yamlx_pairs_init(&it, &doc, NULL);
	assert_false(yamlx_pairs_next(&it));
	yamlx_pairs_init(&it, &doc, root);
	while (yamlx_pairs_next(&it)) {
		assert_non_null(it.key);
		assert_non_null(it.value);
		assert_non_null(it.pair);
		assert_true(n < 3);
		keys[n++] = yamlx_scalar(it.key);
	}
	assert_int_equal(n, 3);
	assert_string_equal(keys[0], "a");
	assert_null(keys[1]);
	assert_string_equal(keys[2], "c");
	assert_null(it.pair);
	assert_false(yamlx_pairs_next(&it));
	/* Not a mapping: no pairs. */
	yamlx_pairs_init(&it, &doc, yaml_document_get_node(&doc,
	                 root->data.mapping.pairs.start->value));
	assert_false(yamlx_pairs_next(&it));
	yaml_document_delete(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalar),
		cmocka_unit_test(test_shown),
		cmocka_unit_test(test_fail_at),
		cmocka_unit_test(test_pairs),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("yamlx", tests, NULL, NULL);
}
