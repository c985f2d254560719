/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "jsonx.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"

/* Ids above 2^53 cannot be told apart as doubles; no Halo id is that big. */
#define JSONX_MAX_ID 9007199254740992.0

cJSON *jsonx_get(const cJSON *obj, const char *key)
{
	cJSON *it;

	if (!obj || !key || !cJSON_IsObject(obj))
		return NULL;
	/* An exact match wins over a member that differs only in case. */
	for (it = obj->child; it; it = it->next)
		if (it->string && strcmp(it->string, key) == 0)
			return it;
	for (it = obj->child; it; it = it->next)
		if (it->string && strcasecmp(it->string, key) == 0)
			return it;
	return NULL;
}

/* cJSON's own parser does the work: it follows JSON's grammar (no hex, no
 * "nan", no "inf") and copes with a locale whose decimal point is not '.'. */
bool jsonx_parse_number(const char *s, double *out)
{
	const char *end = NULL;
	cJSON *n;
	bool ok;

	if (!s || !*s)
		return false;
	n = cJSON_ParseWithOpts(s, &end, true);
	ok = n && cJSON_IsNumber(n) && isfinite(n->valuedouble);
	if (ok)
		*out = n->valuedouble;
	cJSON_Delete(n);
	return ok;
}

static bool item_number(const cJSON *it, double *out)
{
	if (cJSON_IsNumber(it)) {
		if (!isfinite(it->valuedouble))
			return false;
		*out = it->valuedouble;
		return true;
	}
	if (cJSON_IsString(it))
		return jsonx_parse_number(it->valuestring, out);
	return false;
}

bool jsonx_number(const cJSON *obj, const char *key, double *out)
{
	double d;

	if (!item_number(jsonx_get(obj, key), &d))
		return false;
	if (out)
		*out = d;
	return true;
}

long jsonx_id(const cJSON *obj, const char *key)
{
	double d;

	if (!jsonx_number(obj, key, &d))
		return 0;
	if (d < 1 || d > JSONX_MAX_ID || d > (double)LONG_MAX || floor(d) != d)
		return 0;
	return (long)d;
}

const char *jsonx_str(const cJSON *obj, const char *key)
{
	cJSON *it = jsonx_get(obj, key);

	if (!cJSON_IsString(it) || !it->valuestring || !it->valuestring[0])
		return NULL;
	return it->valuestring;
}

bool jsonx_bool(const cJSON *obj, const char *key, bool dflt)
{
	cJSON *it = jsonx_get(obj, key);
	bool v;

	if (cJSON_IsBool(it))
		return cJSON_IsTrue(it);
	if (cJSON_IsNumber(it)) {
		if (it->valuedouble == 1)
			return true;
		if (it->valuedouble == 0)
			return false;
		return dflt;
	}
	if (!cJSON_IsString(it) || !it->valuestring)
		return dflt;
	return parse_bool(it->valuestring, &v) == 0 ? v : dflt;
}

/* Reads exactly n digits; false when any is not a digit. */
static bool read_digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (timegm is not POSIX). */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* "Z", "+00:00", "-05:30", "+0200" or nothing: the offset in seconds. */
static bool read_zone(const char *p, long *offset)
{
	int hh, mm, sign;

	*offset = 0;
	if (*p == '\0')
		return true;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		return true;
	if (*p != '+' && *p != '-')
		return false;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (!read_digits(&p, 2, &hh))
		return false;
	if (*p == ':')
		p++;
	if (!read_digits(&p, 2, &mm) || *p != '\0' || hh > 23 || mm > 59)
		return false;
	*offset = sign * (hh * 3600L + mm * 60L);
	return true;
}

/* "THH:MM:SS[.f...]" after the date; a date alone means midnight. */
static bool read_time(const char **p, int *h, int *mi, int *s)
{
	const char *q = *p;
	int digits = 0;

	*h = *mi = *s = 0;
	if (*q != 'T' && *q != 't' && *q != ' ')
		return true;
	q++;
	if (!read_digits(&q, 2, h) || *q++ != ':' || !read_digits(&q, 2, mi))
		return false;
	if (*q == ':') {
		q++;
		if (!read_digits(&q, 2, s))
			return false;
		if (*q == '.' || *q == ',') {
			q++;
			while (*q >= '0' && *q <= '9' && digits < 10) {
				q++;
				digits++;
			}
			if (digits == 0 || (*q >= '0' && *q <= '9'))
				return false;
		}
	}
	*p = q;
	return *h <= 23 && *mi <= 59 && *s <= 60;
}

bool jsonx_parse_date(const char *s, time_t *out)
{
	int y, mo, d, h, mi, sec;
	long offset;
	const char *p = s;
	long long t;

	if (!s || !read_digits(&p, 4, &y) || *p++ != '-' ||
	    !read_digits(&p, 2, &mo) || *p++ != '-' || !read_digits(&p, 2, &d))
		return false;
	if (!read_time(&p, &h, &mi, &sec) || !read_zone(p, &offset))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return false;
	if (y < 1901)
		return false;
	if (sec == 60)
		sec = 59;
	t = days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + sec;
	t -= offset;
	if (out)
		*out = (time_t)t;
	return true;
}

bool jsonx_date(const cJSON *obj, const char *key, time_t *out)
{
	return jsonx_parse_date(jsonx_str(obj, key), out);
}

/* printf's %g writes the locale's decimal point; the text shown is always
 * '.', whatever LC_NUMERIC says. */
static void normalise_point(char *s)
{
	char *w = s;

	for (const char *r = s; *r; ) {
		if ((*r >= '0' && *r <= '9') || *r == '-' || *r == '+' ||
		    *r == 'e') {
			*w++ = *r++;
			continue;
		}
		*w++ = '.';
		while (*r && !((*r >= '0' && *r <= '9') || *r == 'e'))
			r++;
	}
	*w = '\0';
}

static char *number_text(double v)
{
	char buf[64];

	if (v == 0)
		return strdup("0");  /* also -0.0, which Halo sends */
	if (floor(v) == v && fabs(v) < 1e15) {
		snprintf(buf, sizeof buf, "%.0f", v);
		return strdup(buf);
	}
	snprintf(buf, sizeof buf, "%.6g", v);
	normalise_point(buf);
	return strdup(buf);
}

char *jsonx_scalar_text(const cJSON *item)
{
	if (cJSON_IsString(item))
		return strdup(item->valuestring ? item->valuestring : "");
	if (cJSON_IsBool(item))
		return strdup(cJSON_IsTrue(item) ? "yes" : "no");
	if (cJSON_IsNumber(item)) {
		if (!isfinite(item->valuedouble))
			return NULL;
		return number_text(item->valuedouble);
	}
	return NULL;
}
