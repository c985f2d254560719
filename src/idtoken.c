/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "idtoken.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "pkce.h"
#include "utf8.h"

/* A JWT payload is a few hundred bytes; a larger one is not believed. */
#define PAYLOAD_MAX (16 * 1024)

/* A positive whole number below 2^53, or a string of 1..15 digits. */
static long id_of(const cJSON *item)
{
	if (cJSON_IsNumber(item)) {
		double v = item->valuedouble;

		if (isfinite(v) && v >= 1 && v < 9007199254740992.0 &&
		    v == floor(v) && v <= (double)LONG_MAX)
			return (long)v;
		return 0;
	}
	if (cJSON_IsString(item) && item->valuestring) {
		const char *s = item->valuestring;
		size_t n = strlen(s);

		if (n == 0 || n > 15 || strspn(s, "0123456789") != n)
			return 0;
		return strtol(s, NULL, 10);
	}
	return 0;
}

/* One line of printable text, cut at max bytes on a character boundary:
 * control characters become spaces, invalid UTF-8 '?'. */
static void text_of(const cJSON *item, char *out, size_t max)
{
	const unsigned char *s;
	size_t o = 0, left;

	out[0] = '\0';
	if (!cJSON_IsString(item) || !item->valuestring)
		return;
	s = (const unsigned char *)item->valuestring;
	left = strlen(item->valuestring);
	while (left > 0) {
		unsigned cp;
		size_t len = utf8_decode(s, left, &cp);

		if (cp == UTF8_BAD || cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
			if (o + 1 > max)
				break;
			out[o++] = cp == UTF8_BAD ? '?' : ' ';
		} else {
			if (o + len > max)
				break;
			memcpy(out + o, s, len);
			o += len;
		}
		s += len;
		left -= len;
	}
	out[o] = '\0';
}

static void clear(struct agent_identity *who)
{
	who->agent_id = 0;
	who->name[0] = '\0';
	who->email[0] = '\0';
}

bool idtoken_parse(const char *jwt, struct agent_identity *who)
{
	const char *dot1, *dot2;
	unsigned char *json;
	long n;
	cJSON *root;

	clear(who);
	if (!jwt)
		return false;
	dot1 = strchr(jwt, '.');
	dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	if (!dot1 || !dot2 || (size_t)(dot2 - dot1 - 1) > PAYLOAD_MAX / 3 * 4)
		return false;
	json = malloc(PAYLOAD_MAX + 1);
	if (!json)
		return false;
	n = pkce_b64url_decode(dot1 + 1, (size_t)(dot2 - dot1 - 1), json,
	                       PAYLOAD_MAX);
	if (n <= 0 || memchr(json, '\0', (size_t)n)) {
		free(json);
		return false;
	}
	root = cJSON_ParseWithLength((const char *)json, (size_t)n);
	OPENSSL_cleanse(json, (size_t)n);
	free(json);
	if (cJSON_IsObject(root)) {
		who->agent_id = id_of(cJSON_GetObjectItemCaseSensitive(root,
		                                                       "agent_id"));
		text_of(cJSON_GetObjectItemCaseSensitive(root, "name"), who->name,
		        IDENTITY_TEXT_MAX);
		text_of(cJSON_GetObjectItemCaseSensitive(root, "email"),
		        who->email, IDENTITY_TEXT_MAX);
	}
	cJSON_Delete(root);
	if (who->agent_id > 0 || who->name[0])
		return true;
	clear(who);
	return false;
}

void identity_text(const struct agent_identity *who, char *out,
                   size_t outlen)
{
	if (who->name[0] && who->agent_id > 0)
		snprintf(out, outlen, "%s (agent %ld)", who->name, who->agent_id);
	else if (who->agent_id > 0)
		snprintf(out, outlen, "agent %ld", who->agent_id);
	else
		snprintf(out, outlen, "%s", who->name);
}
