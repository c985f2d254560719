/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "tokencache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "cachefile.h"

static struct cache_owner owner_of(const struct settings *s)
{
	return (struct cache_owner){ s->base_url, s->tenant, s->client_id };
}

int tokencache_path(const struct settings *s, char *out, size_t outlen)
{
	return cachefile_path(XDG_STATE, "tokens", s->profile, NULL, out, outlen);
}

/* SHA-256 of "client_id\nsecret" in hex: tells a changed secret without
 * keeping it. */
static bool secret_key(const struct settings *s, char out[65])
{
	const char *id = s->client_id ? s->client_id : "";
	const char *sec = s->client_secret ? s->client_secret : "";
	unsigned char md[32];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok;

	if (!ctx)
		return false;
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	     EVP_DigestUpdate(ctx, id, strlen(id)) == 1 &&
	     EVP_DigestUpdate(ctx, "\n", 1) == 1 &&
	     EVP_DigestUpdate(ctx, sec, strlen(sec)) == 1 &&
	     EVP_DigestFinal_ex(ctx, md, &mdlen) == 1 && mdlen == 32;
	EVP_MD_CTX_free(ctx);
	for (unsigned i = 0; ok && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	OPENSSL_cleanse(md, sizeof md);
	return ok;
}

enum halo_status tokencache_save(const struct settings *s,
                                 const struct token *tok, double now,
                                 struct errbuf *err)
{
	char path[4096], key[65], *buf;
	long long expires = (long long)time(NULL) +
	                    (long long)(tok->expires_at - now);
	size_t len;
	enum halo_status st;
	struct cache_owner o = owner_of(s);
	int n;

	if (!cachefile_plain(tok->access) || !cachefile_plain(tok->type))
		return errbuf_set(err, HALO_EIO, "the token is not plain text; "
		                  "not cached");
	if (tokencache_path(s, path, sizeof path) != 0)
		return errbuf_set(err, HALO_EIO, "no place for the token cache: "
		                  "set HOME or XDG_STATE_HOME");
	if (!secret_key(s, key))
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	len = strlen(tok->access) + strlen(tok->type) + 200;
	buf = malloc(len);
	if (!buf)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	n = snprintf(buf, len, "key %s\ntype %s\nexpires %lld\naccess %s\n",
	             key, tok->type, expires, tok->access);
	st = cachefile_write(path, &o, buf, (size_t)n, err);
	OPENSSL_cleanse(buf, len);
	free(buf);
	return st;
}

bool tokencache_load(const struct settings *s, double now, struct token *tok)
{
	char path[4096], key[65], *data = NULL, *v[4], *end;
	static const char *const names[] = { "key", "type", "expires", "access" };
	struct cache_owner o = owner_of(s);
	size_t len = 0;
	long long expires;
	bool ok = false;

	if (tokencache_path(s, path, sizeof path) != 0 || !secret_key(s, key) ||
	    !cachefile_read(path, &o, &data, &len, NULL))
		return false;
	if (!cachefile_fields(data, names, 4, v) || strcmp(v[0], key) != 0 ||
	    !cachefile_plain(v[1]) || !cachefile_plain(v[3]))
		goto out;
	errno = 0;
	expires = strtoll(v[2], &end, 10);
	if (errno || *end)
		goto out;
	token_clear(tok);
	tok->expires_at = now + (double)(expires - (long long)time(NULL));
	tok->access = strdup(v[3]);
	tok->type = strdup(v[1]);
	if (!tok->access || !tok->type || !token_valid(tok, now)) {
		token_clear(tok);
		goto out;
	}
	tok->generation++;
	ok = true;
out:
	OPENSSL_cleanse(data, len);
	free(data);
	return ok;
}

int tokencache_forget(const struct settings *s, struct errbuf *err)
{
	char path[4096];
	bool placed = tokencache_path(s, path, sizeof path) == 0;

	return cachefile_forget(placed ? path : NULL, "the token cache", err);
}
