/* SPDX-License-Identifier: MIT */
/* Notes on a ticket (its actions) for both front ends: what heads a note
 * (when, who, outcome, private), their order, and the POST body of a new
 * one. The note's text itself is record_body_text. */
#ifndef HALO_NOTE_H
#define HALO_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"
#include "lookup.h"
#include "record.h"

struct note_heading {
	char *when;        /* local "YYYY-MM-DD HH:MM", or "(no date)" */
	char *who;         /* or "(unknown)" */
	char *outcome;     /* "" when none */
	bool is_private;   /* hidden from the end user */
};

/* Fills h from a note (an actions record). Returns 0, or -1 when out of
 * memory (h is then empty). Free with note_heading_done. */
int note_heading_build(struct note_heading *h, const struct record *note,
                       const struct lookups *lk);
void note_heading_done(struct note_heading *h);

/* Sorts notes oldest first (by datetime, then id); undated ones last,
 * NULL entries at the very end. */
void notes_sort(struct record **notes, size_t n);

/* The time a note took (its timetaken, hours on the server) in seconds;
 * 0 when it has none. */
long note_time(const struct record *note);
/* The notes' time in all, in seconds (NULL entries count nothing). */
long notes_time(struct record *const *notes, size_t n);

/* Every Halo has the private-note outcome as id 7, named differently
 * from one instance to the next (HALO_API.md F16). */
#define NOTE_PRIVATE_OUTCOME 7

/* A new note as the user wrote it. */
struct note_draft {
	long ticket_id;
	const char *text;      /* plain text: paragraphs become HTML */
	const char *outcome;   /* its name; or */
	long outcome_id;       /* > 0: an /Outcome id, sent instead of the
	                        * name (one of the two is required) */
	bool private_note;     /* hidden from the end user */
	long new_status;       /* 0: the status stays */
	long time_s;           /* > 0: the time it took, sent as timetaken
	                        * in hours (notetime.h) */
};

/* The one-element POST body for /api/Actions. HALO_EUSAGE when the ticket
 * has no id (0: one that could not be read), the text is empty, there is
 * no outcome (neither id nor name) or the time is negative or above
 * NOTETIME_MAX_S; caller frees *json. */
enum halo_status note_body(const struct note_draft *n, char **json,
                           struct errbuf *err);

#endif
