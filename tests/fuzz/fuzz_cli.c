/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the command line's argument parsing: the global
 * options (main.c) and each command's own (list, show, update, note) must
 * never crash, read out of bounds or leak, whatever the arguments. Nothing
 * runs: the session a command would open is refused here (cli_open below),
 * so no config is read, no server asked and no TUI started. Not built by
 * default. From the top of a configured build directory ($SRC is the
 * source tree; config.h comes from the build directory):
 *
 *   clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=undefined -I. \
 *     -I$SRC/src -I$SRC/ui -I$SRC/cli -DHALOTUI_DATADIR='"."' \
 *     $SRC/tests/fuzz/fuzz_cli.c $SRC/src/[a-z]*.c \
 *     -lcurl -lcjson -lyaml -lcrypto -pthread -o fuzz_cli
 *   mkdir -p corpus-cli && ./fuzz_cli -close_fd_mask=3 \
 *     -max_total_time=600 corpus-cli < /dev/null
 *
 * The input is the argument list, arguments separated by NUL bytes
 * (argv[0] is "halotui"). The parsers are static to their files, so this
 * file includes those files rather than widening their interfaces;
 * main() is renamed and exit() (for --help and --version) returns here.
 * -close_fd_mask=3 keeps the commands' usage messages off the screen.
 */
#include "config.h"

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "demo.h"
#include "tui.h"

static jmp_buf exited;

static void fuzz_exit(int status)
{
	longjmp(exited, status + 1);
}

/* The command line, but the session it would open: the parse is done. */
#define cli_open cli_open_unused
#include "../../cli/cli.c"
#undef cli_open
#include "../../cli/cli_list.c"
#include "../../cli/cli_show.c"
#include "../../cli/cli_edit.c"
#include "../../cli/cli_bulk.c"
#include "../../cli/cli_json.c"
#include "../../cli/cli_logout.c"
#include "../../cli/cli_login.c"
#include "../../cli/cli_login_code.c"
#include "../../cli/cli_prompt.c"
#include "../../cli/cli_whoami.c"
#include "../../cli/harden.c"
#define exit fuzz_exit
#define main halotui_main
#include "../../cli/main.c"
#undef main
#undef exit

#define MAX_ARGS 64

int cli_open(const struct cli_globals *g, struct session *s)
{
	(void)g;
	memset(s, 0, sizeof *s);
	return EXIT_USAGE;
}

int tui_run(struct session *s, const struct tui_options *opt,
            struct errbuf *err)
{
	(void)s;
	(void)opt;
	(void)err;
	abort();   /* cli_open refused the session: never reached */
}

enum halo_status demo_start(struct demo *d, struct errbuf *err)
{
	(void)d;
	return errbuf_set(err, HALO_EIO, "no emulator when fuzzing");
}

void demo_stop(struct demo *d)
{
	(void)d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 2];
	int argc = 0;
	size_t at = 0;
	struct main_opts o;

	argv[argc++] = strdup("halotui");
	/* Arguments end at NUL bytes; each is its own allocation, so that a
	 * read past one is caught. */
	while (at < size && argc <= MAX_ARGS) {
		const uint8_t *nul = memchr(data + at, '\0', size - at);
		size_t n = nul ? (size_t)(nul - (data + at)) : size - at;

		argv[argc] = malloc(n + 1);
		if (!argv[argc])
			break;
		memcpy(argv[argc], data + at, n);
		argv[argc++][n] = '\0';
		at += n + 1;
	}
	argv[argc] = NULL;
	memset(&o, 0, sizeof o);
	optind = 0;   /* glibc: a full reset of getopt between inputs */
	if (setjmp(exited) == 0 && parse_globals(&o, argc, argv) == 0)
		dispatch(&o, argc - optind, argv + optind);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return 0;
}
