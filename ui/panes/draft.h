/* SPDX-License-Identifier: MIT */
/* Drafts: what a form is about to send, written to disk (mode 0600, under
 * $XDG_STATE_HOME/halotui/drafts/, default ~/.local/state/...) before the
 * request goes out and removed only when the server confirms, so nothing
 * typed is lost if the program or the connection dies. A draft left by an
 * earlier run is offered back at the next start. */
#ifndef HALO_UI_DRAFT_H
#define HALO_UI_DRAFT_H

#include <stddef.h>
#include "errbuf.h"

struct draft {
	char path[1024];      /* "" until saved */
	char resource[32];    /* where it is posted: "tickets", "actions" */
	char kind[16];        /* edit, create, note */
	long id;              /* the record edited, 0 for new */
	long ticket_id;       /* a note's ticket */
	char title[160];      /* for people: "ticket 12 (Printer on fire)" */
	char *body;           /* the JSON body, owned */
};

/* The drafts directory into out. Returns 0, -1 when no home is known. */
int draft_dir(char *out, size_t len);

/* Writes d (creating the directory 0700); the first save picks a new
 * file name. Atomic: a crash leaves the old or the new draft whole. */
int draft_save(struct draft *d, struct errbuf *err);
/* Removes d's file (the server confirmed). */
void draft_remove(struct draft *d);

int draft_load(const char *path, struct draft *d, struct errbuf *err);
/* Drafts in the directory, oldest first, at most max. *out is an array
 * the caller frees with draft_list_free. */
size_t draft_list(struct draft **out, size_t max);
void draft_list_free(struct draft *list, size_t n);
void draft_done(struct draft *d);

#endif
