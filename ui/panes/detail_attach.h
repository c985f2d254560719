/* SPDX-License-Identifier: MIT */
/* A ticket's attachments in its detail: asked for once with the detail
 * (GET /api/Attachment?ticket_id=N), listed in a section before the
 * notes, and under each note that carries some. */
#ifndef HALO_UI_DETAIL_ATTACH_H
#define HALO_UI_DETAIL_ATTACH_H

#include <stddef.h>
#include "detailfmt.h"
#include "request.h"
#include "worker.h"

struct detail_atts {
	struct record **a;
	size_t n;
	enum notes_state st;     /* NOTES_NONE: not a ticket */
	char error[300];
};

/* The request for record id of res: NULL when res has no attachments
 * (only tickets do); ui_oom() when out of memory. */
struct request *detail_atts_request(const struct resource *res, long id);

/* The answer: the records taken from ev, or its error. */
void detail_atts_take(struct detail_atts *d, struct worker_event *ev);
void detail_atts_free(struct detail_atts *d);

/* Adds the section ("Attachments (2)", one line each, the key that saves
 * one in hint) before the notes of lines, and under each note's heading
 * its own files. notes are the ones lines was built from, in order.
 * Returns 0, -1 out of memory. */
int detail_atts_lines(struct dlines *lines, const struct detail_atts *d,
                      struct record *const *notes, size_t nnotes,
                      const struct lookups *lk, const char *hint);

#endif
