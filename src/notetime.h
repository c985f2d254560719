/* SPDX-License-Identifier: MIT */
/* The time a note took, for both front ends: what people type ("0:15",
 * "15", "15m", "1h", "1h30m"), how it is shown ("h:mm"), and Halo's
 * `timetaken` on an action, which is in hours (HALO_API.md F17). Kept
 * in whole seconds so that a running timer loses nothing. */
#ifndef HALO_NOTETIME_H
#define HALO_NOTETIME_H

#include <stddef.h>
#include "errbuf.h"

/* The longest time one note may carry: 24 hours. */
#define NOTETIME_MAX_S (24L * 3600L)

/* Reads a time as typed: "h:mm", a number of minutes ("15", "15m"),
 * hours ("2h") or both ("1h30m"); spaces around are ignored. Empty text
 * is no time (0). HALO_EUSAGE with a message naming the accepted forms
 * for anything else, a negative time or one above NOTETIME_MAX_S. */
enum halo_status notetime_parse(const char *text, long *seconds,
                                struct errbuf *err);

/* "h:mm" (minutes rounded down; "0:00" for under a minute). */
void notetime_format(long seconds, char *buf, size_t len);

/* Halo's timetaken (hours, a JSON number) as text for a request body:
 * "0.25" for 15 minutes, at most 6 decimals, "." whatever the locale. */
void notetime_hours_text(long seconds, char *buf, size_t len);

/* Seconds from a timetaken read from the server (hours); negative, not
 * finite or absurd values are 0. */
long notetime_from_hours(double hours);

#endif
