/* SPDX-License-Identifier: MIT */
/* The engine never writes to the terminal: it reports through a sink that
 * the front end installs (stderr for the command line, the status line for
 * the TUI, a capturing sink in tests). Sinks may be called from the worker
 * thread, so a sink must be thread-safe. */
#ifndef HALO_LOG_H
#define HALO_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

#include <stdbool.h>

struct log_sink {
	void (*write)(void *ctx, enum log_level level, const char *msg);
	void *ctx;
	enum log_level min_level;
	/* Optional: what the engine waits for, as one line for people
	 * ("waiting for acme.halopsa.com to answer GET /api/Tickets (3 s)"),
	 * given about once a second while a wait lasts, from its first second
	 * on; NULL when the wait is over. With `steady` the line must not be
	 * redrawn in place (a command that may be using the terminal runs). */
	void (*waiting)(void *ctx, const char *line, bool steady);
};

/* Formats and hands one message to the sink; a NULL sink drops it. */
void log_msg(const struct log_sink *sink, enum log_level level,
             const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
