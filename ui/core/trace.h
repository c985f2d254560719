/* SPDX-License-Identifier: MIT */
/* HALOTUI_TRACE=FILE: one line per event, appended, so that time to first
 * row and keystroke latency can be measured from outside:
 *   <monotonic ms> <wall time UTC, ms> <event> [detail]
 * Events: start, first-frame, first-rows, key, frame, request, response,
 * applied, quit. Off (and free) when no file was given. */
#ifndef HALO_UI_TRACE_H
#define HALO_UI_TRACE_H

/* Opens (appends to) path; NULL or "" turns tracing off. 0 or -1. */
int trace_open(const char *path);
void trace_close(void);
int trace_on(void);
void trace_event(const char *event, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Milliseconds on the monotonic clock. */
double trace_now_ms(void);

#endif
