/* SPDX-License-Identifier: MIT */
/* PKCE (RFC 7636) for halotui login's authorization_code flow: a random
 * code verifier, its S256 challenge, and a random state that ties the
 * browser's redirect to this login. The verifier is a secret until the
 * token endpoint has seen it: the caller wipes it (OPENSSL_cleanse). Also
 * base64url, which the id_token's payload needs too. */
#ifndef HALO_PKCE_H
#define HALO_PKCE_H

#include <stdbool.h>
#include <stddef.h>

/* 32 random bytes in base64url: 43 characters of [A-Za-z0-9_-]. */
#define PKCE_VERIFIER_LEN 43
/* SHA-256 in base64url. */
#define PKCE_CHALLENGE_LEN 43
/* 24 random bytes in base64url. */
#define PKCE_STATE_LEN 32

/* base64url without padding of in[0..n) into out (room for
 * pkce_b64url_len(n) + 1 bytes, NUL-terminated). */
size_t pkce_b64url_len(size_t n);
void pkce_b64url(const unsigned char *in, size_t n, char *out);

/* Decodes base64url (padding '=' tolerated at the end only) into out,
 * which has room for outcap bytes; returns the length, or -1 when in is
 * not base64url or out is too small. */
long pkce_b64url_decode(const char *in, size_t n, unsigned char *out,
                        size_t outcap);

/* A fresh verifier from OpenSSL's RAND_bytes; false when the generator
 * fails (then nothing is to be sent). */
bool pkce_verifier(char out[PKCE_VERIFIER_LEN + 1]);

/* The S256 challenge of verifier: base64url(SHA-256(verifier)). */
bool pkce_challenge(const char *verifier, char out[PKCE_CHALLENGE_LEN + 1]);

/* A fresh state value. */
bool pkce_state(char out[PKCE_STATE_LEN + 1]);

#endif
