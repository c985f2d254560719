/* SPDX-License-Identifier: MIT */
/* "What changed": the tickets in my queues whose last action is newer
 * than when I last looked, newest first, and who did what last. The last
 * look is kept per profile in the state directory ($XDG_STATE_HOME/
 * halotui/PROFILE/last-look, a cachefile of that instance). Pure but for
 * that file. */
#ifndef HALO_CHANGED_H
#define HALO_CHANGED_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "errbuf.h"
#include "record.h"
#include "settings.h"

/* The most tickets the view lists: one page of each query. */
#define CHANGED_MAX 100

/* Times are milliseconds since the epoch: a change a moment after a look
 * is after it, not in the same second. */

/* When s's profile last looked: true and *when_ms, or false when it
 * never did (or the file is unusable: absent). */
bool changed_last_look(const struct settings *s, long long *when_ms);

/* Keeps when_ms as s's profile's last look. */
enum halo_status changed_save_look(const struct settings *s,
                                   long long when_ms, struct errbuf *err);

/* A date member in milliseconds (its fraction's first three digits);
 * false for none (missing, a sentinel, not a date). */
bool changed_date_ms(const struct record *r, const char *key,
                     long long *out);

/* Of the tickets in[0..n) (several lists, ids may repeat), those whose
 * lastactiondate is after since_ms, each once, newest first (ties by id,
 * highest first), at most max: pointers into in[] (not copies) written
 * to out[], their number returned. */
size_t changed_select(struct record *const *in, size_t n, long long since_ms,
                      const struct record **out, size_t max);

/* "Outcome · Who" of an action (its outcome, else "note"; who, else
 * "someone"), sanitised, into buf. */
void changed_who_what(const struct record *action, char *buf, size_t len);

#endif
