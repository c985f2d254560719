/* SPDX-License-Identifier: MIT */
/* JSON output that keeps every string whole. cJSON holds strings as C
 * strings, so an escaped NUL (\u0000) in a reply would end its string
 * there and drop the rest. Before such a body is parsed for output, each
 * \u0000 escape becomes the two bytes C0 80 (U+0000 in "modified UTF-8",
 * never valid UTF-8, so no server text holds them) and cli_json_safe
 * writes them back as \u0000. A raw C0 byte in a string, which is not
 * UTF-8 either, becomes \ufffd first so that it cannot pass for a NUL. */
#include "config.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

char *cli_json_keep_nul(const char *body, size_t len, size_t *outlen)
{
	char *out = malloc(len * 6 + 1);
	bool in_string = false;
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)body[i];

		if (!in_string) {
			in_string = c == '"';
			out[o++] = body[i++];
		} else if (c == '\\' && len - i >= 6 &&
		           !memcmp(body + i + 1, "u0000", 5)) {
			out[o++] = (char)0xc0;
			out[o++] = (char)0x80;
			i += 6;
		} else if (c == '\\' && len - i >= 2) {
			/* Any other escape pair, "\\" included, as it is. */
			out[o++] = body[i++];
			out[o++] = body[i++];
		} else if (c == 0xc0) {
			memcpy(out + o, "\\ufffd", 6);
			o += 6;
			i++;
		} else {
			in_string = c != '"';
			out[o++] = body[i++];
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}
