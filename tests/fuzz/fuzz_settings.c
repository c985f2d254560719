/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the settings loader: any YAML buffer must load or
 * fail with a message, never crash, read out of bounds or leak, whatever
 * the profiles, keys, views, types, anchors and aliases in it. Not built
 * by default. From the top of a configured build directory ($SRC is the
 * source tree; config.h comes from the build directory):
 *
 *   clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=undefined -I. -I$SRC/src \
 *     -DHALOTUI_DATADIR='"."' $SRC/tests/fuzz/fuzz_settings.c $SRC/src/[a-z]*.c \
 *     -lcurl -lcjson -lyaml -lcrypto -pthread -o fuzz_settings
 *   mkdir -p corpus-settings && ./fuzz_settings -max_total_time=600 \
 *     corpus-settings
 *
 * The first byte picks the profile asked for (none, "w", "work" or "a")
 * and the file's mode and owner (private, group-writable, another
 * user's), so the permission checks are reached too. client_secret_cmd is
 * only loaded, never run.
 */
#include "config.h"
#include "settings.h"
#include "settings_private.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const profiles[] = { NULL, "w", "work", "a" };
	static const mode_t modes[] = { 0600, 0644, 0664, 0640 };
	struct settings s;
	struct errbuf err;
	uid_t owner;

	if (size == 0)
		return 0;
	owner = data[0] & 0x40 ? geteuid() + 1 : geteuid();
	settings_init(&s);
	s.path = strdup("fuzz.yaml");
	if (!s.path)
		return 0;
	errbuf_clear(&err);
	if (cfg_parse_buffer(&s, profiles[data[0] & 3], data + 1, size - 1,
	                     modes[(data[0] >> 2) & 3], owner, &err) == HALO_OK)
		settings_check_session(&s, &err);
	/* Every message is one terminated line. */
	if (!memchr(err.msg, '\0', sizeof err.msg))
		abort();
	settings_done(&s);
	return 0;
}
