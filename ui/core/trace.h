/* SPDX-License-Identifier: MIT */
/* HALOTUI_TRACE=FILE: one line per event, appended, so that time to first
 * row and keystroke latency can be measured from outside:
 *   <monotonic ms> <wall time UTC, ms> <event> [detail]
 * Events: start, first-frame, first-rows, key, frame, request, response,
 * applied, quit; a list's window when its top moves ("window tickets
 * top=N rows=N") and the pages in flight it left ("abandon id=N", or
 * "cancel id=N" when cut off). A key is "key NAME ACTION", or "key text" for typed text
 * and unbound keys: the trace never holds what was typed. The file is
 * made mode 0600. Off (and free) when no file was given. */
#ifndef HALO_UI_TRACE_H
#define HALO_UI_TRACE_H

/* Opens (appends to) path, created or made mode 0600 if it is a regular
 * file; NULL or "" turns tracing off. 0 or -1. */
int trace_open(const char *path);
void trace_close(void);
int trace_on(void);
void trace_event(const char *event, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Milliseconds on the monotonic clock. */
double trace_now_ms(void);

#endif
