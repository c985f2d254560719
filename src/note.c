/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "note.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "html.h"
#include "jsonx.h"
#include "notetime.h"

/* The display text of one of the note's fields; "" when the table has no
 * such field. */
static char *part(const struct record *n, const char *key,
                  const struct lookups *lk)
{
	const struct field_def *f = resource_field(n->res, key);

	return f ? record_display(n, f, lk) : strdup("");
}

/* An empty part becomes what people read instead. */
static char *or_else(char *s, const char *instead)
{
	if (s && !*s) {
		free(s);
		return strdup(instead);
	}
	return s;
}

int note_heading_build(struct note_heading *h, const struct record *note,
                       const struct lookups *lk)
{
	memset(h, 0, sizeof *h);
	if (!note || !note->res)
		return -1;
	h->when = or_else(part(note, "datetime", lk), "(no date)");
	h->who = or_else(part(note, "who", lk), "(unknown)");
	h->outcome = part(note, "outcome", lk);
	h->is_private = record_flag(note, "hiddenfromuser");
	if (!h->when || !h->who || !h->outcome) {
		note_heading_done(h);
		return -1;
	}
	return 0;
}

void note_heading_done(struct note_heading *h)
{
	free(h->when);
	free(h->who);
	free(h->outcome);
	memset(h, 0, sizeof *h);
}

static int note_cmp(const void *a, const void *b)
{
	const struct record *x = *(struct record *const *)a;
	const struct record *y = *(struct record *const *)b;
	int c = record_date_cmp(x, y, "datetime");

	if (c)
		return c;
	if (!x || !y)
		return x ? -1 : (y ? 1 : 0);
	return (x->id > y->id) - (x->id < y->id);
}

void notes_sort(struct record **notes, size_t n)
{
	if (notes && n > 1)
		qsort(notes, n, sizeof *notes, note_cmp);
}

long note_time(const struct record *note)
{
	double hours;

	if (!note || !jsonx_number(note->obj, "timetaken", &hours))
		return 0;
	return notetime_from_hours(hours);
}

long notes_time(struct record *const *notes, size_t n)
{
	long total = 0;

	for (size_t i = 0; notes && i < n; i++)
		total += note_time(notes[i]);
	return total;
}

enum halo_status note_body(const struct note_draft *n, char **json,
                           struct errbuf *err)
{
	struct edit_value v[6];
	char tid[32], status[32], oid[32], hours[32];
	char *html;
	size_t k = 0;
	enum halo_status st;

	*json = NULL;
	if (n->ticket_id <= 0)
		return errbuf_set(err, HALO_EUSAGE, "the ticket has no id that can "
		                  "be read: a note needs one");
	if (!n->text || !*n->text)
		return errbuf_set(err, HALO_EUSAGE, "the note is empty");
	if (n->outcome_id <= 0 && (!n->outcome || !*n->outcome))
		return errbuf_set(err, HALO_EUSAGE, "Outcome is required");
	if (n->time_s < 0 || n->time_s > NOTETIME_MAX_S)
		return errbuf_set(err, HALO_EUSAGE, "Time: a note takes from 0:00 "
		                  "to 24:00");
	st = api_check_text("the note", n->text, err);
	if (st == HALO_OK && n->outcome_id <= 0)
		st = api_check_text("Outcome", n->outcome, err);
	if (st != HALO_OK)
		return st;
	html = html_from_text(n->text);
	if (!html)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	snprintf(tid, sizeof tid, "%ld", n->ticket_id);
	v[k++] = (struct edit_value){ .key = "ticket_id", .type = EDIT_NUMBER,
	                              .text = tid };
	if (n->outcome_id > 0) {
		snprintf(oid, sizeof oid, "%ld", n->outcome_id);
		v[k++] = (struct edit_value){ .key = "outcome_id",
		                              .type = EDIT_NUMBER, .text = oid };
	} else {
		v[k++] = (struct edit_value){ .key = "outcome",
		                              .type = EDIT_STRING,
		                              .text = n->outcome };
	}
	v[k++] = (struct edit_value){ .key = "note_html", .type = EDIT_STRING,
	                              .text = html };
	v[k++] = (struct edit_value){ .key = "hiddenfromuser", .type = EDIT_BOOL,
	                              .flag = n->private_note };
	if (n->new_status > 0) {
		snprintf(status, sizeof status, "%ld", n->new_status);
		v[k++] = (struct edit_value){ .key = "new_status",
		                              .type = EDIT_NUMBER, .text = status };
	}
	if (n->time_s > 0) {
		notetime_hours_text(n->time_s, hours, sizeof hours);
		v[k++] = (struct edit_value){ .key = "timetaken",
		                              .type = EDIT_NUMBER, .text = hours };
	}
	st = api_create_body(v, k, json, err);
	free(html);
	return st;
}
