/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the server's JSON as halotui maps it: list pages,
 * single records, error bodies, lookups and record display must never
 * crash or read out of bounds, whatever the server sends. Not built by
 * default. From the top of a configured build directory ($SRC is the
 * source tree; config.h comes from the build directory):
 *
 *   clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -I. \
 *     -I$SRC/src -DHALOTUI_DATADIR='"."' $SRC/tests/fuzz/fuzz_api.c \
 *     $SRC/src/[a-z]*.c \
 *     -lcurl -lcjson -lyaml -lcrypto -pthread -o fuzz_api
 *   mkdir -p corpus-api && ./fuzz_api -max_total_time=60 corpus-api
 */
#include "config.h"
#include "api.h"
#include "lookup.h"
#include "record.h"
#include "resource.h"

#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

static void display_all(const struct record *r, const struct lookups *lk)
{
	struct kv_list cf = { 0 };

	for (size_t i = 0; i < r->res->nfields; i++)
		free(record_display(r, &r->res->fields[i], lk));
	free(record_body_text(r, 60));
	record_customfields(r, &cf);
	kv_done(&cf);
	free(record_json(r));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	const struct resource *res;
	struct lookups lk;
	struct kv_list fields = { 0 };
	char msg[512];

	setlocale(LC_ALL, "C.UTF-8");
	if (size == 0)
		return 0;
	/* The first byte picks the resource, so every table row is reached. */
	res = &resource_table[data[0] % resource_count];
	lookups_init(&lk);
	{
		struct api_page page = { 0 };
		struct record *one = NULL;

		if (api_parse_list(res, body + 1, size - 1, &page, NULL) == HALO_OK) {
			if (res->flags & RES_LOOKUP)
				lookups_set(&lk, res->lookup, page.records, page.n, NULL);
			for (size_t i = 0; i < page.n; i++)
				display_all(page.records[i], &lk);
		}
		api_page_done(&page);
		if (api_parse_item(res, body + 1, size - 1, &one, NULL) == HALO_OK)
			display_all(one, &lk);
		record_free(&one);
	}
	api_error_text(400 + data[0] % 200, body + 1, size - 1, msg, sizeof msg);
	api_error_fields(body + 1, size - 1, &fields);
	kv_done(&fields);
	lookups_done(&lk);
	return 0;
}
