/* SPDX-License-Identifier: MIT */
/* A caller-supplied error message buffer. Fallible functions return an
 * enum halo_status and, when they fail, write one line a person can act on
 * here (file:line:col for config, HTTP status and server text for the API).
 * No static buffers: each caller owns its own, so threads never share one. */
#ifndef HALO_ERRBUF_H
#define HALO_ERRBUF_H

#include <stddef.h>
#include "status.h"

struct errbuf {
	char msg[1024];
};

/* Formats into err (may be NULL: then nothing is written). Returns st so
 * that callers can write `return errbuf_set(err, HALO_ECONFIG, "...")`.
 * Anything shaped like "Bearer <token>" becomes "Bearer [redacted]"
 * (scrub.h), here and in errbuf_prefix. */
enum halo_status errbuf_set(struct errbuf *err, enum halo_status st,
                            const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes the existing message with "<prefix>: ". */
void errbuf_prefix(struct errbuf *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void errbuf_clear(struct errbuf *err);

#endif
