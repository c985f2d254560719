/* SPDX-License-Identifier: MIT */
/* Scrubbing secrets out of text that people see or logs keep. A server may
 * quote what it was sent (an error body that echoes the Authorization
 * header, a token endpoint that repeats the client secret), so every
 * message built from a server's words, and every log line, passes through
 * here before it leaves the engine: each secret given, and anything shaped
 * like "Bearer <token>", becomes SCRUB_MARK.
 *
 * A text cut short (a message fitted to its buffer) may end in the first
 * part of a secret: a tail that begins a secret is redacted too when it is
 * SCRUB_PART_LEN bytes or longer, or half the secret (and SCRUB_MIN_LEN at
 * least), so that a word that merely starts like one ("demo" and
 * "demo-secret") is left alone. Secrets shorter than SCRUB_MIN_LEN are not
 * searched for: they would turn every message into marks. */
#ifndef HALO_SCRUB_H
#define HALO_SCRUB_H

#include <stddef.h>
#include "strbuf.h"

#define SCRUB_MARK "[redacted]"
#define SCRUB_MIN_LEN 4
#define SCRUB_PART_LEN 8
#define SCRUB_MAX 16

/* The secrets to look for. The strings are borrowed: they must outlive
 * every call that uses the scrub. A NULL scrub finds "Bearer ..." only. */
struct scrub {
	const char *secret[SCRUB_MAX];
	size_t len[SCRUB_MAX];
	size_t n;
};

void scrub_init(struct scrub *sc);

/* Adds a secret (NULL, short ones and those past SCRUB_MAX are ignored). */
void scrub_add(struct scrub *sc, const char *secret);

/* Scrubs the NUL-terminated text in s, which has room for cap bytes, in
 * place: a mark longer than what it replaces pushes the rest right, and
 * what then passes cap - 1 bytes is cut (never in the middle of a UTF-8
 * character). Returns how many secrets were replaced. */
size_t scrub_text(const struct scrub *sc, char *s, size_t cap);

/* Appends data[0..len) to out with every secret replaced (data need not
 * end in NUL and may hold NULs). Returns 0, or -1 when out failed. */
int scrub_append(const struct scrub *sc, const char *data, size_t len,
                 struct strbuf *out);

#endif
