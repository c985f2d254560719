/* SPDX-License-Identifier: MIT */
/* The command line: list, show, update and note, on the same engine as
 * the TUI, with no terminal. Exit status: 0 done, 1 the server refused or
 * failed, 2 usage or configuration error. Errors go to stderr in one line. */
#ifndef HALO_CLI_H
#define HALO_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "api.h"
#include "session.h"

#define EXIT_REFUSED 1
#define EXIT_USAGE 2

struct cli_globals {
	const char *config_path;   /* -c */
	const char *profile;       /* -p */
	const char *log_path;      /* --log */
	bool read_only;            /* --read-only */
	bool writes;               /* the command changes the server: it
	                            * fails at once on a read-only profile */
	FILE *out;                 /* the command's output, held back until it
	                            * succeeded (cli_output) */
};

/* Each takes the command's own arguments, argv[0] being the command. */
int cli_list(const struct cli_globals *g, int argc, char **argv);
int cli_show(const struct cli_globals *g, int argc, char **argv);
int cli_update(const struct cli_globals *g, int argc, char **argv);
int cli_note(const struct cli_globals *g, int argc, char **argv);
int cli_logout(const struct cli_globals *g, int argc, char **argv);
int cli_login(const struct cli_globals *g, int argc, char **argv);
int cli_whoami(const struct cli_globals *g, int argc, char **argv);
int cli_delete(const struct cli_globals *g, int argc, char **argv);

/* ---- cli_attach.c: note --attach FILE ---- */
struct session;
/* Every file can be read and is within attachment_max_mb; else says
 * which and returns EXIT_USAGE (before any request). */
int cli_attach_check(const struct session *s, char *const *files, size_t n);
/* Posts each file to note action_id of ticket; says which failed and
 * how. 0 or EXIT_REFUSED. */
int cli_attach_send(struct session *s, long ticket, long action_id,
                    char *const *files, size_t n, FILE *out);
int cli_mytime(const struct cli_globals *g, int argc, char **argv);

/* ---- shared by the commands ---- */

/* Prints "halotui: <msg>" to stderr (after clearing the wait line). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Out of memory where going on would print something else than asked for
 * (a row left out, an empty cell): says so and exits with status 1. */
_Noreturn void cli_oom(void);
/* A warning that matters only when the command succeeds (a lookup list
 * that did not load: ids show instead of names). Kept, and said by
 * cli_output_close when the command succeeded; dropped when it failed,
 * whose error says what matters. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A command's output: written to memory, and to stdout only when the
 * command succeeded, so that a script never reads a table header or "[]"
 * from a command that failed. */
struct cli_output {
	FILE *fp;
	char *buf;
	size_t len;
};

/* 0, or -1 when out of memory. */
int cli_output_open(struct cli_output *o);

/* With rc 0: the kept warnings, then the output to stdout. Frees o either
 * way. Returns rc, or EXIT_REFUSED when stdout could not take it all. */
int cli_output_close(struct cli_output *o, int rc);

/* Opens the session with a stderr log sink; on failure prints the error
 * and returns the exit status to use (else 0). A command that writes
 * (g->writes) on a read-only profile fails here, before it asks the
 * server anything: settings_check_write's message, status 1. */
int cli_open(const struct cli_globals *g, struct session *s);

/* The arguments of login, whoami and logout: -p PROFILE (or --profile)
 * may follow the command too ("halotui login -p work"), setting
 * g->profile. 0, or EXIT_USAGE after saying how to call it. */
int cli_profile_args(struct cli_globals *g, int argc, char **argv);

/* Loads the settings of -c and -p into *s; on failure prints the error
 * and returns the exit status to use (else 0; s is safe to
 * settings_done either way). */
int cli_settings(const struct cli_globals *g, struct settings *s);

/* The sink commands log through: warnings on stderr, the wait line. */
const struct log_sink *cli_log_sink(void);

/* cli_open for settings already loaded (taken), with halotui login's
 * grant (may be NULL). */
int cli_start(const struct cli_globals *g, struct session *s,
              struct settings *loaded, const struct worker_grant *grant);

/* ---- halotui login (cli_login*.c) ---- */

/* Reads a line from the terminal on stdin with echo off, after prompt on
 * stderr; the terminal is put back however halotui ends (a signal
 * included). 0 with *out set (the caller wipes it with auth_wipe_free),
 * -1 at end of input. */
int cli_ask_secret(const char *prompt, char **out);

/* Asks GET /api/Agent/me and writes "NAME (agent N)" into out. Returns
 * an exit status, after saying what failed. */
int cli_who_is_me(struct session *s, char *out, size_t outlen);

/* Ends a login whose session was started with its grant: asks who the
 * token is, checks that the login was stored, and prints "logged in to
 * HOST as NAME (agent N)". Closes s. */
int cli_login_done(const struct cli_globals *g, struct session *s);

/* The authorization_code flow (cli_login_code.c). */
int cli_login_code(const struct cli_globals *g, struct settings *s);

/* Exit status for a failed engine call. */
int cli_exit_for(enum halo_status st);

/* Who "me" is: the agent the requests act as (GET /api/Agent/me), or
 * under client_credentials the profile's agent: (GET /api/Agent/ID), with
 * their id, name and teams. err says why not. */
struct me;
enum halo_status cli_me(struct session *s, struct me *me, struct errbuf *err);

/* The output width: the terminal's when stdout is one, else $COLUMNS,
 * else 100. */
int cli_width(void);

/* Looks up the resource by name, or prints the known names and returns
 * NULL. */
const struct resource *cli_resource(const char *name);

/* The ID of "RESOURCE ID [--ticket ID]" (show, delete): arg is a record
 * id, and ticket is given when res belongs to a ticket. The id, or 0
 * after saying what is wrong. */
long cli_record_id(const struct resource *res, const char *arg, long ticket);

/* Resolves a value typed for a filter or field that refers to ids: a
 * number is taken as is; a name is looked up in the lookup list, or for a
 * linked resource searched on the server (exactly one match wanted).
 * Writes the id's text into out. */
enum halo_status cli_resolve_ref(struct session *s, enum lookup_kind lookup,
                                 const char *link, const char *label,
                                 const char *value, char *out, size_t outlen,
                                 struct errbuf *err);

/* Prints a record as `show` does, from the engine's record text (the
 * TUI's detail shows the same): its title, "Label: value" lines, its
 * custom fields and its long text wrapped to width. */
void cli_print_record(const struct lookups *lk, const struct record *r,
                      FILE *out, int width);

/* Prints a record to out as `show` does: title, fields, long text and,
 * when notes_id is a submitted request for its notes (tickets: actions),
 * those in time order. Lookup lists are fetched only for ids the record
 * does not name itself. Returns an exit status. */
int cli_show_record(struct session *s, const struct record *r,
                    uint64_t notes_id, FILE *out);

/* ---- update ---- */

#define CLI_ASSIGN_MAX 32

/* One FIELD=VALUE argument as an edit value. Text is posted as it was
 * given, whole (up to HALO_TEXT_MAX): v.text points into the argument. An
 * id is written into num; a lookup's exact name is allocated into owned
 * (the caller frees it). */
struct cli_assignment {
	struct edit_value v;
	char num[64];
	char *owned;
};

/* Parses arg (cut at its '=') for res: names become ids through only the
 * lookup list (or search) that field needs, none for an id. rec_id is the
 * record for a name whose list depends on it (a priority); 0 for an
 * update of many, which refuses such a name. Returns an exit status,
 * after saying what is wrong. */
int cli_parse_assignment(struct session *s, const struct resource *res,
                         long rec_id, char *arg, struct cli_assignment *a);

/* An update of many records with one change. */
struct cli_bulk {
	const struct resource *res;
	long *ids;              /* owned; from the arguments and --ids */
	size_t nids, capids;
	bool from_stdin;        /* --ids -: more ids, one a line */
	bool resend_maybe;      /* send again those that may have been applied */
	char **assign;          /* FIELD=VALUE arguments */
	int nassign;
};

/* Adds id to b. -1 when out of memory. */
int cli_bulk_add(struct cli_bulk *b, long id);

/* Applies b's change to each of its records (cli_bulk.c). */
int cli_update_many(const struct cli_globals *g, struct cli_bulk *b);

/* A progress line on stderr: redrawn in place on a terminal (the next
 * message erases it), printed whole elsewhere. */
void cli_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Whether stderr is a terminal. */
bool cli_stderr_tty(void);

/* Prints a JSON body (pretty) as the server sent it, made inert. */
void cli_print_json(const char *body, size_t len, FILE *out);

/* JSON text with DEL, C1 controls, bidi controls (U+202A-202E,
 * U+2066-2069, U+200E, U+200F, U+061C) and invalid UTF-8 escaped. Caller
 * frees. */
char *cli_json_safe(const char *in);

/* body with each \u0000 escape in a string turned into the bytes C0 80,
 * which cJSON keeps inside a string and cli_json_safe writes back as
 * \u0000 (cli_json.c). *outlen is its length. Caller frees; NULL when out
 * of memory. */
char *cli_json_keep_nul(const char *body, size_t len, size_t *outlen);

#endif
