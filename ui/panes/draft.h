/* SPDX-License-Identifier: MIT */
/* Drafts: what a form holds or a change is about to send, written to disk
 * (mode 0600, under $XDG_STATE_HOME/halotui/drafts/, default
 * ~/.local/state/...) so that nothing typed is lost if the program or the
 * connection dies, and removed only when the server applied it.
 *
 * A draft belongs to one Halo instance (base URL and tenant) and to one
 * record of one resource, and is offered back only there. It is in one of
 * three states, written before anything is sent:
 *   unsent    typed but not sent, or refused by the server: safe to send;
 *   sending   its POST is about to leave or is on the wire;
 *   unknown   sent, answer unknown (may have been applied): the server's
 *             record must be read again before it is sent again.
 * An applied draft is removed. A draft left "sending" by a process that
 * died is "unknown" to whoever finds it.
 *
 * A draft is locked (flock on the draft file) by the process that owns
 * it, from its first save until it is removed, released or the process
 * ends, so that a second halotui never offers a change the first one is
 * composing or sending. The kernel drops the lock of a process that dies:
 * the file of a dead owner is not locked. */
#ifndef HALO_UI_DRAFT_H
#define HALO_UI_DRAFT_H

#include <stddef.h>
#include <time.h>
#include "errbuf.h"

enum draft_state {
	DRAFT_UNSENT,
	DRAFT_SENDING,
	DRAFT_UNKNOWN,
};

struct draft {
	char path[1024];      /* "" until saved */
	char base_url[512];   /* the instance it belongs to, without a */
	char tenant[128];     /* trailing slash; tenant "" for none */
	char resource[32];    /* where it is posted: "tickets", "actions" */
	char kind[16];        /* edit, create, note */
	long id;              /* the record edited, 0 for new */
	long ticket_id;       /* a note's ticket */
	char title[160];      /* for people: "ticket 12 (Printer on fire)" */
	enum draft_state state;
	time_t saved;         /* when it was last written */
	char *body;           /* the JSON body, owned */
	int lock;             /* the lock file's descriptor + 1; 0: not held */
};

/* The state in the words people see: "unsent", "sending", "sent, answer
 * unknown (may have been applied)". */
const char *draft_state_words(enum draft_state s);

/* How long ago a draft was saved, for people: "12 s ago", "3 min ago",
 * "5 h ago", "2 days ago" ("just now" for a time ahead of now). */
void draft_age(time_t saved, time_t now, char *buf, size_t len);

/* The drafts directory into out. Returns 0, -1 when no home is known. */
int draft_dir(char *out, size_t len);

/* Names the instance d belongs to (tenant may be NULL). */
void draft_set_instance(struct draft *d, const char *base_url,
                        const char *tenant);

/* Writes d, stamping d->saved (creating the directory 0700); the first
 * save picks a new file name and takes its lock. Atomic and durable: the
 * file is written aside, synced and renamed, so a crash leaves the old or
 * the new draft whole. */
int draft_save(struct draft *d, struct errbuf *err);
/* Removes d's file and its lock file (the server applied it, or the user
 * discarded it), and lets go of the lock. */
void draft_remove(struct draft *d);
/* Lets go of the lock and keeps the file (offered at a later start). */
void draft_release(struct draft *d);

/* Takes the lock of the draft at path without waiting. Returns the open
 * file's descriptor, or -1 (errno EWOULDBLOCK when a live process holds
 * it, ENOENT when it is gone). */
int draft_lock(const char *path);

/* Reads a draft file (without locking it). */
int draft_load(const char *path, struct draft *d, struct errbuf *err);
/* Every draft of this instance that no live process holds, newest first
 * (by when it was saved), each now locked by the caller; one left
 * "sending" comes back "unknown". *out is an array the caller frees with
 * draft_list_free (which lets go of the locks). */
size_t draft_list(const char *base_url, const char *tenant,
                  struct draft **out);
void draft_list_free(struct draft *list, size_t n);
/* Frees the body and lets go of the lock; the file stays. */
void draft_done(struct draft *d);

#endif
