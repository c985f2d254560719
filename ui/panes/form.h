/* SPDX-License-Identifier: MIT */
/* The edit form's model, apart from the screen: the fields of a record
 * that can be edited (or asked for on create, or a note's fields), what
 * changed, and the one-element POST body with the changed fields only.
 * Pure; tested as strings. */
#ifndef HALO_UI_FORM_H
#define HALO_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"
#include "kv.h"
#include "lookup.h"
#include "note.h"
#include "record.h"
#include "resource.h"

enum form_mode { FORM_EDIT, FORM_CREATE, FORM_NOTE };

struct form_field {
	const struct field_def *def;
	char *orig;          /* text when opened ("" for none): the server's
	                      * bytes as they came, never made safe */
	char *value;         /* text now (the real text; see form_display) */
	long orig_id, id;    /* FIELD_ID: 0 none */
	char *id_name;       /* FIELD_ID: the name shown for id, or NULL */
	long scope;          /* the record's scope of the lookup (its SLA for
	                      * a priority), 0 for none or unknown */
	bool orig_flag, flag;/* FIELD_BOOL */
	char *error;         /* the server's word on this field, or NULL */
};

struct form {
	enum form_mode mode;
	const struct resource *res;   /* where the POST goes */
	long id;                      /* FORM_EDIT: the record */
	long ticket_id;               /* FORM_NOTE: the ticket */
	long source;                  /* FORM_CREATE: the request source
	                               * stamped on the new record (the
	                               * profile's create_source), 0 none */
	long timer_s;                 /* FORM_NOTE: seconds since it opened,
	                               * set by its pane: the time sent when
	                               * none was typed */
	struct form_field *f;
	size_t n;
	char error[512];              /* the server's message, or "" */
};

/* Every Halo has the private-note outcome as id 7, named differently from
 * one instance to the next (HALO_API.md F16): the name shown until the
 * instance's own is known. */
#define FORM_PRIVATE_NOTE NOTE_PRIVATE_OUTCOME
#define FORM_PRIVATE_NOTE_NAME "Private note"

/* FORM_EDIT: res's FIELD_EDIT fields from r. FORM_CREATE: res's
 * FIELD_CREATE fields, empty (r, when given, prefills link ids such as the
 * client). FORM_NOTE: note, private (on by default), outcome (the private
 * note, id 7), new status and time (empty: the timer), for ticket r (res
 * is the actions resource). Returns 0, -1 out of memory, -2 when the mode
 * needs a record and r is NULL. */
int form_init(struct form *fm, enum form_mode mode, const struct resource *res,
              const struct record *r, const struct lookups *lk);
void form_done(struct form *fm);

/* The full record arrived (list rows are a subset): fields not changed by
 * the user take its values; changed ones keep theirs and compare against
 * it from now on. Returns 0, or -1 out of memory. */
int form_rebase(struct form *fm, const struct record *r,
                const struct lookups *lk);

bool form_field_changed(const struct form *fm, const struct form_field *f);
bool form_changed(const struct form *fm);

/* Setting values. Return 0, or -1 out of memory. */
int form_set_text(struct form_field *f, const char *text);
int form_set_id(struct form_field *f, long id, const char *name);
void form_toggle(struct form_field *f);

/* FORM_NOTE: the outcome becomes id (sent as outcome_id; 0: name is sent)
 * named name (NULL: the private note's); as_default makes it what the form
 * started with (the instance's name for the default arrived). Returns 0,
 * or -1 out of memory. */
int form_note_outcome(struct form *fm, long id, const char *name,
                      bool as_default);

/* FORM_NOTE: the time the note took in seconds: the Time field as typed
 * (notetime.h), else the timer (fm->timer_s). HALO_EUSAGE with a message
 * naming the field when the typed time is not one. */
enum halo_status form_note_time(const struct form *fm, long *seconds,
                                struct errbuf *err);

/* The value as people see it, safe to draw (server text sanitised, long
 * text keeping its lines); never NULL unless out of memory. */
char *form_display(const struct form_field *f, const struct lookups *lk);

/* The POST body: `[{"id":ID, changed fields}]` (no id on create; a note's
 * fixed members). HALO_EUSAGE when nothing changed, or a required field is
 * empty (err names it). */
enum halo_status form_body(const struct form *fm, char **json,
                           struct errbuf *err);
/* The same as far as the form goes, for its draft: a required field that
 * is still empty is left out instead of refused. */
enum halo_status form_draft_body(const struct form *fm, char **json,
                                 struct errbuf *err);

/* FORM_CREATE: marks every required field that is still empty with
 * "required" (the form shows it under the field) and returns how many;
 * *first becomes the index of the first. 0 (nothing marked) in other
 * modes. Returns -1 out of memory. */
int form_mark_missing(struct form *fm, size_t *first);

/* The server refused: per-field messages (keys matched case-insensitively
 * against field keys and labels) and the overall message. */
void form_set_errors(struct form *fm, const struct kv_list *fields,
                     const char *message);
void form_clear_errors(struct form *fm);

/* A short description for drafts and messages: "ticket 12", "new ticket",
 * "note on ticket 12". */
void form_describe(const struct form *fm, char *buf, size_t len);

#endif
