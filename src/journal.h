/* SPDX-License-Identifier: MIT */
/* A journal of one change applied to many records (a bulk update): what
 * the server confirmed for each id, on disk as it happens, so that a run
 * that was interrupted (SIGINT, kill, a crash) and started again with the
 * same change skips what was applied and never resends what may have
 * been.
 *
 * A journal lives in $XDG_STATE_HOME/halotui/journal/, one file per
 * change, named by a hash of the change's key text (instance, resource,
 * assignments). The file is created whole (written aside, synced,
 * renamed; mode 0600) with its key text on its first line; each state
 * after that is one appended line ("applied 42"), written with a single
 * write() and synced, so an interruption loses at most a line that is
 * not yet whole, which a reader ignores. The last line for an id wins.
 * Its owner holds a flock, so a second run of the same change is refused
 * while the first goes on. Not thread-safe: one owner thread. */
#ifndef HALO_JOURNAL_H
#define HALO_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include "errbuf.h"

enum journal_state {
	JOURNAL_NONE = 0,   /* not in the journal */
	JOURNAL_SENDING,    /* written before the POST left: if it is still
	                     * the state when the journal is read again, the
	                     * answer never came (may have been applied) */
	JOURNAL_APPLIED,    /* the server confirmed it (a 2xx) */
	JOURNAL_MAYBE,      /* sent, answer unknown (enum post_outcome's
	                     * POST_MAYBE_APPLIED) */
	JOURNAL_FAILED,     /* refused, not applied: may be sent again */
};

struct journal;

/* Writes the journal's file name for key text into out:
 * "<dir>/<16 hex digits of SHA-256(key)>.journal". dir NULL means
 * $XDG_STATE_HOME/halotui/journal. Returns 0, or -1 when there is no
 * state directory or out is too small. */
int journal_path(const char *dir, const char *key, char *out, size_t outlen);

/* Opens the journal of `key` in dir (NULL: the XDG state directory),
 * creating the directory (0700). An existing file is read: its states are
 * those of the earlier run, and journal_resumed() says so; a file whose
 * first line is not this key (a hash collision, or not a journal) is an
 * error, as is a journal locked by another halotui. The file itself is
 * created only by the first journal_mark. */
enum halo_status journal_open(struct journal **out, const char *dir,
                              const char *key, struct errbuf *err);

/* Whether the journal held states from an earlier run when opened. */
bool journal_resumed(const struct journal *j);

/* The last state recorded for id (JOURNAL_NONE when none). */
enum journal_state journal_state(const struct journal *j, long id);

/* How many ids are in state st. */
size_t journal_count(const struct journal *j, enum journal_state st);

/* Records st for id, on disk before it returns. An error says which file
 * and why; the caller should stop sending then, since what it does next
 * could not be remembered. */
enum halo_status journal_mark(struct journal *j, long id,
                              enum journal_state st, struct errbuf *err);

/* The file, for messages ("journal kept in ..."). */
const char *journal_file(const struct journal *j);

/* Closes the journal; with remove, deletes its file (the change is done).
 * Sets *j to NULL. */
void journal_close(struct journal **j, bool remove);

#endif
