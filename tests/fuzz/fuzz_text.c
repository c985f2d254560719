/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the text boundary: text_sanitize and html_to_text
 * must never crash, read out of bounds or let a control byte through.
 * Not built by default. From the top of a configured build directory:
 *
 *   clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -I. -I$SRC/src $SRC/tests/fuzz/fuzz_text.c \
 *     $SRC/src/text.c $SRC/src/html*.c $SRC/src/grow.c $SRC/src/utf8.c \
 *     $SRC/src/strbuf.c -o fuzz_text
 *   mkdir -p corpus && ./fuzz_text -max_total_time=60 corpus
 *
 * where $SRC is the source tree (config.h comes from the build directory).
 */
#include "config.h"
#include "text.h"
#include "html.h"

#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Aborts (a crash libFuzzer reports) on ESC, other C0 controls, DEL or
 * C1 controls encoded as UTF-8; '\n' only where asked for. */
static void check_safe(const char *s, int allow_nl)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return;     /* out of memory is allowed */
	for (; *p; p++) {
		if (*p == '\n' && allow_nl)
			continue;
		if (*p < 0x20 || *p == 0x7F)
			abort();
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out, *again;
	int width = size > 0 ? data[0] % 100 : 0;

	out = text_sanitize((const char *)data, size, 0);
	check_safe(out, 0);
	if (out) {
		/* Sanitising is idempotent: safe text is left alone. */
		again = text_sanitize(out, strlen(out), 0);
		if (again && strcmp(again, out) != 0)
			abort();
		free(again);
		free(text_fit(out, width, 1));
	}
	free(out);
	out = text_sanitize((const char *)data, size, TEXT_KEEP_NEWLINES);
	check_safe(out, 1);
	free(out);
	out = html_to_text((const char *)data, size, width);
	check_safe(out, 1);
	if (out) {
		again = text_sanitize(out, strlen(out), TEXT_KEEP_NEWLINES);
		if (again && strcmp(again, out) != 0)
			abort();
		free(again);
	}
	free(out);
	return 0;
}
