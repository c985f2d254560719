/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "pkce.h"

#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t pkce_b64url_len(size_t n)
{
	return n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0);
}

void pkce_b64url(const unsigned char *in, size_t n, char *out)
{
	size_t i = 0, o = 0;

	for (; i + 3 <= n; i += 3) {
		unsigned long v = (unsigned long)in[i] << 16 |
		                  (unsigned long)in[i + 1] << 8 | in[i + 2];
		out[o++] = alphabet[v >> 18 & 63];
		out[o++] = alphabet[v >> 12 & 63];
		out[o++] = alphabet[v >> 6 & 63];
		out[o++] = alphabet[v & 63];
	}
	if (n - i == 1) {
		out[o++] = alphabet[in[i] >> 2];
		out[o++] = alphabet[(in[i] & 3) << 4];
	} else if (n - i == 2) {
		out[o++] = alphabet[in[i] >> 2];
		out[o++] = alphabet[((in[i] & 3) << 4) | in[i + 1] >> 4];
		out[o++] = alphabet[(in[i + 1] & 15) << 2];
	}
	out[o] = '\0';
}

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

long pkce_b64url_decode(const char *in, size_t n, unsigned char *out,
                        size_t outcap)
{
	unsigned long acc = 0;
	size_t o = 0;
	int bits = 0;

	while (n > 0 && in[n - 1] == '=')
		n--;
	/* One character left over holds fewer than 8 bits: not base64. */
	if (n % 4 == 1)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int v = b64_value((unsigned char)in[i]);

		if (v < 0)
			return -1;
		acc = (acc << 6 | (unsigned long)v) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= outcap)
				return -1;
			out[o++] = (unsigned char)(acc >> bits & 0xff);
		}
	}
	return (long)o;
}

static bool random_b64(size_t bytes, char *out)
{
	unsigned char buf[32];

	if (bytes > sizeof buf || RAND_bytes(buf, (int)bytes) != 1)
		return false;
	pkce_b64url(buf, bytes, out);
	OPENSSL_cleanse(buf, sizeof buf);
	return true;
}

bool pkce_verifier(char out[PKCE_VERIFIER_LEN + 1])
{
	return random_b64(32, out);
}

bool pkce_state(char out[PKCE_STATE_LEN + 1])
{
	return random_b64(24, out);
}

bool pkce_challenge(const char *verifier, char out[PKCE_CHALLENGE_LEN + 1])
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	if (!verifier ||
	    EVP_Digest(verifier, strlen(verifier), md, &mdlen, EVP_sha256(),
	               NULL) != 1 || mdlen != sizeof md)
		return false;
	pkce_b64url(md, sizeof md, out);
	return true;
}
