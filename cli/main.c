/* SPDX-License-Identifier: MIT */
/* halotui: a terminal client for the HaloPSA REST API. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#include "cli.h"
#include "demo.h"
#include "harden.h"
#include "tui.h"

static void usage(FILE *out)
{
	fputs("usage: halotui [-c FILE] [-p PROFILE] [--log FILE] [--theme NAME] "
	      "[--read-only]  the TUI\n"
	      "       halotui [...] list RESOURCE [--search TEXT] "
	      "[--filter KEY=VALUE]... [--limit N] [--format table|tsv|json]\n"
	      "       halotui [...] show RESOURCE ID [--format text|json]\n"
	      "       halotui [...] update RESOURCE ID FIELD=VALUE...\n"
	      "       halotui [...] update RESOURCE (ID ID... | --ids ID,... | "
	      "--ids -) [--resend-maybe]\n"
	      "                     FIELD=VALUE...\n"
	      "       halotui [...] note TICKET_ID [--private] [--outcome NAME] "
	      "[--time H:MM] [--attach FILE]... (TEXT | -)\n"
	      "       halotui [...] delete RESOURCE ID [--ticket ID] [--yes]  "
	      "a ticket, or a note\n"
	      "       halotui [...] login           log in as the profile's "
	      "auth: says\n"
	      "       halotui [...] whoami          the instance, the flow "
	      "and the agent requests act as\n"
	      "       halotui [...] logout          forget the profile's "
	      "login, cached token and answers\n"
	      "       halotui [...] mytime          my notes with time today "
	      "and the total\n"
	      "       halotui --demo            the TUI against the bundled "
	      "emulator\n"
	      "       halotui --help | --version\n"
	      "--read-only: change nothing on the server (update and note fail "
	      "at once; the TUI only\n"
	      "  browses), as read_only: true in the profile does.\n"
	      "RESOURCE: tickets, clients, assets, users, sites, contracts, "
	      "actions.\n"
	      "Exit status: 0 done, 1 the server refused or failed, 2 usage or "
	      "configuration error.\n", out);
}

struct main_opts {
	struct cli_globals g;
	const char *theme;
	bool demo;
};

static int parse_globals(struct main_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "profile", required_argument, NULL, 'p' },
		{ "log", required_argument, NULL, 'L' },
		{ "theme", required_argument, NULL, 'T' },
		{ "read-only", no_argument, NULL, 'R' },
		{ "demo", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "+c:p:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': o->g.config_path = optarg; break;
		case 'p': o->g.profile = optarg; break;
		case 'L': o->g.log_path = optarg; break;
		case 'T': o->theme = optarg; break;
		case 'R': o->g.read_only = true; break;
		case 'D': o->demo = true; break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	return 0;
}

static int run_tui(const struct main_opts *o)
{
	struct tui_options topt = {
		.theme = o->theme,
		.trace_path = getenv("HALOTUI_TRACE"),
		.demo = o->demo,
		.config_path = o->g.config_path,
		.log_path = o->g.log_path,
		.read_only = o->g.read_only,
	};
	struct session s;
	struct errbuf err;
	int rc;

	rc = cli_open(&o->g, &s);
	if (rc != 0)
		return rc;
	errbuf_clear(&err);
	rc = tui_run(&s, &topt, &err);
	session_close(&s);
	if (rc != 0 && err.msg[0])
		cli_error("%s", err.msg);
	return rc;
}

static int dispatch(const struct main_opts *o, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(const struct cli_globals *, int, char **);
		bool writes;   /* changes the server: refused when read-only */
	} commands[] = {
		{ "list", cli_list, false },
		{ "show", cli_show, false },
		{ "update", cli_update, true },
		{ "note", cli_note, true },
		{ "delete", cli_delete, true },
		{ "logout", cli_logout, false },
		{ "login", cli_login, false },
		{ "whoami", cli_whoami, false },
		{ "mytime", cli_mytime, false },
	};

	if (argc == 0)
		return run_tui(o);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		struct cli_globals g = o->g;
		struct cli_output out;

		if (strcmp(argv[0], commands[i].name) != 0)
			continue;
		if (cli_output_open(&out) != 0) {
			cli_error("out of memory");
			return EXIT_REFUSED;
		}
		/* Nothing reaches stdout unless the command succeeded. */
		g.out = out.fp;
		g.writes = commands[i].writes;
		return cli_output_close(&out, commands[i].run(&g, argc, argv));
	}
	cli_error("unknown command '%s'; try halotui --help", argv[0]);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct main_opts o = { 0 };
	struct demo demo = { 0 };
	struct errbuf err;
	int rc;

	/* Before anything holds a secret: no core file will hold it. */
	if (harden_process(err.msg, sizeof err.msg) != 0) {
		fprintf(stderr, "halotui: %s\n", err.msg);
		return EXIT_REFUSED;
	}
	setlocale(LC_ALL, "");
	signal(SIGPIPE, SIG_IGN);
	if (parse_globals(&o, argc, argv) != 0)
		return EXIT_USAGE;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		cli_error("cannot initialise libcurl");
		return EXIT_REFUSED;
	}
	if (o.demo) {
		errbuf_clear(&err);
		if (demo_start(&demo, &err) != HALO_OK) {
			cli_error("--demo: %s", err.msg);
			curl_global_cleanup();
			return EXIT_REFUSED;
		}
		/* The demo instance is reached through the environment only. */
		o.g.config_path = demo.config_path;
		o.g.profile = NULL;
	}
	rc = dispatch(&o, argc - optind, argv + optind);
	demo_stop(&demo);
	curl_global_cleanup();
	return rc;
}
