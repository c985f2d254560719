/* SPDX-License-Identifier: MIT */
/* Who a token acts as, from the id_token Halo's token endpoint returns (a
 * JWT whose payload names the agent: agent_id, name, email). The payload
 * is untrusted input: any part may be missing, null, of the wrong type,
 * too long, or not JSON at all. The signature is not checked: the token
 * came over the same TLS connection as the access token, and halotui uses
 * the identity only to show whom it acts as (whoami, login), never to
 * decide what is allowed. */
#ifndef HALO_IDTOKEN_H
#define HALO_IDTOKEN_H

#include <stdbool.h>
#include <stddef.h>

/* Longest name or email kept (bytes, whole UTF-8 characters). */
#define IDENTITY_TEXT_MAX 160

struct agent_identity {
	long agent_id;                          /* 0: unknown */
	char name[IDENTITY_TEXT_MAX + 1];       /* "" when unknown */
	char email[IDENTITY_TEXT_MAX + 1];
};

/* Fills *who from jwt's payload (header.payload.signature). agent_id is
 * a positive whole number or a string of digits; name and email are
 * strings, made one line of printable text (control characters become
 * spaces) and cut to IDENTITY_TEXT_MAX bytes. False, with *who all
 * unknown, when the JWT or its payload cannot be read or names neither an
 * agent id nor a name. */
bool idtoken_parse(const char *jwt, struct agent_identity *who);

/* "Name (agent 3)", "agent 3" or "Name", into out; "" when unknown. */
void identity_text(const struct agent_identity *who, char *out,
                   size_t outlen);

#endif
