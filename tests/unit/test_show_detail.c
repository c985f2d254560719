/* SPDX-License-Identifier: MIT */
/* The command line's `show` and the TUI's detail pane carry the same
 * record: for a ticket captured from the emulator (with its priority named
 * through the captured priority list), the title, every field's label and
 * value, the custom fields and the heading of the long text are the same
 * in `show`'s text as printed and in the detail pane's lines. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "cli.h"
#include "detailfmt.h"
#include "readfile.h"
#include "text.h"

#define DATA HALOTUI_SRCDIR "/tests/unit/data/"

struct fixture {
	struct record *ticket;
	struct lookups lk;
};

static char *data(const char *name)
{
	struct readfile f;
	struct errbuf err;
	char path[512];

	snprintf(path, sizeof path, DATA "%s", name);
	if (readfile(path, NULL, 1024 * 1024, 0, &f, &err) != HALO_OK)
		fail_msg("%s", err.msg);
	return f.data;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);
	const struct resource *pr = resource_for_lookup(LOOKUP_PRIORITY);
	char *ticket = data("ticket.json"), *prios = data("priorities.json");
	struct api_page page;
	struct errbuf err;

	assert_non_null(fx);
	lookups_init(&fx->lk);
	assert_int_equal(api_parse_list(pr, prios, strlen(prios), &page, &err),
	                 HALO_OK);
	assert_int_equal(lookups_set(&fx->lk, LOOKUP_PRIORITY, page.records,
	                             page.n, &err), HALO_OK);
	api_page_done(&page);
	assert_int_equal(api_parse_item(resource_find("tickets"), ticket,
	                                strlen(ticket), &fx->ticket, &err),
	                 HALO_OK);
	free(ticket);
	free(prios);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	record_free(&fx->ticket);
	lookups_done(&fx->lk);
	free(fx);
	return 0;
}

static void trim_right(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		s[--n] = '\0';
}

/* `show`'s text as pairs: "Label:   value" lines, and the other lines
 * (title, section headings) under the key "". */
static void pairs_of_show(char *text, struct kv_list *out)
{
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *colon = strstr(line, ": ");
		char *v;

		if (!colon || line == text) {
			assert_int_equal(kv_add(out, "", line), 0);
			continue;
		}
		*colon = '\0';
		for (v = colon + 1; *v == ' '; v++)
			;
		assert_int_equal(kv_add(out, line, v), 0);
	}
}

/* The detail's lines as pairs: a label of label_w columns and its value,
 * or the whole line under the key "". Blank lines are left out. */
static void pairs_of_detail(const struct dlines *d, struct kv_list *out)
{
	for (size_t i = 0; i < d->n; i++) {
		const char *t = d->l[i].text;
		char label[256];
		size_t off = 0;
		int cols = 0;

		if (!*t)
			continue;
		if (!d->l[i].label_w) {
			assert_int_equal(kv_add(out, "", t), 0);
			continue;
		}
		/* The label is the first label_w columns. */
		while (t[off] && cols < d->l[i].label_w) {
			int w;
			off += text_next(t + off, NULL, &w);
			cols += w;
		}
		assert_true(off < sizeof label);
		memcpy(label, t, off);
		label[off] = '\0';
		trim_right(label);
		while (t[off] == ' ')
			off++;
		assert_int_equal(kv_add(out, label, t + off), 0);
	}
}

static void test_show_and_detail_carry_the_same_fields(void **state)
{
	struct fixture *fx = *state;
	struct kv_list show = { 0 }, detail = { 0 };
	struct dlines d;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	size_t fields = 0;

	/* Wide enough that neither wraps a value. */
	assert_non_null(mem);
	cli_print_record(&fx->lk, fx->ticket, mem, 200);
	assert_int_equal(fclose(mem), 0);
	assert_int_equal(detail_build(&d, fx->ticket, &fx->lk, NULL, 0,
	                              NOTES_NONE, NULL, 200), 0);
	pairs_of_show(text, &show);
	pairs_of_detail(&d, &detail);

	/* Every line of `show` is a line of the detail, in the same order. */
	for (size_t i = 0; i < show.n && i < detail.n; i++) {
		if (strcmp(show.items[i].key, detail.items[i].key) != 0 ||
		    strcmp(show.items[i].value, detail.items[i].value) != 0)
			fail_msg("line %zu: show has \"%s\" = \"%s\", the detail "
			         "\"%s\" = \"%s\"", i, show.items[i].key,
			         show.items[i].value, detail.items[i].key,
			         detail.items[i].value);
		fields += show.items[i].key[0] != '\0';
	}
	assert_int_equal(show.n, detail.n);

	/* What the comparison covered: the title, names for ids (the priority
	 * from the lookup list), local dates, custom fields and the body. */
	assert_string_equal(show.items[0].value,
	                    "Ticket 5: Certificate expiring on mail.example.org");
	assert_string_equal(kv_get(&show, "Priority"), "Medium");
	assert_string_equal(kv_get(&show, "Client"), "Acme Corporation");
	assert_string_equal(kv_get(&show, "Opened"), "2021-01-05 12:09");
	assert_string_equal(kv_get(&show, "Users affected"), "Company Wide");
	assert_null(kv_get(&show, "Deadline"));
	assert_null(kv_get(&show, "ID"));
	assert_true(fields >= 15);
	{
		bool custom = false, details = false;
		for (size_t i = 0; i < show.n; i++) {
			custom = custom || strcmp(show.items[i].value, "Custom fields") == 0;
			details = details || strcmp(show.items[i].value, "Details") == 0;
		}
		assert_true(custom && details);
	}
	dlines_free(&d);
	kv_done(&show);
	kv_done(&detail);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_show_and_detail_carry_the_same_fields, setup, teardown),
	};

	setlocale(LC_ALL, "");
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests_name("show and detail", tests, NULL, NULL);
}
