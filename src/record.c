/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "sla.h"
#include "strbuf.h"
#include "jsonx.h"
#include "text.h"

struct record *record_take(const struct resource *res, cJSON *obj)
{
	struct record *r;

	if (!cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (!r) {
		cJSON_Delete(obj);
		return NULL;
	}
	r->res = res;
	r->obj = obj;
	r->id = jsonx_id(obj, res && res->id_key ? res->id_key : "id");
	if (res && (res->flags & RES_CHILD))
		r->ticket_id = jsonx_id(obj, "ticket_id");
	return r;
}

struct record *record_copy(const struct resource *res, const cJSON *obj)
{
	cJSON *dup;

	if (!cJSON_IsObject(obj))
		return NULL;
	dup = cJSON_Duplicate(obj, 1);
	if (!dup)
		return NULL;
	return record_take(res, dup);
}

struct record *record_dup(const struct record *r)
{
	struct record *d;

	if (!r)
		return NULL;
	d = record_copy(r->res, r->obj);
	if (d) {
		/* The worker may have set these from the request. */
		d->id = r->id;
		d->ticket_id = r->ticket_id;
	}
	return d;
}

void record_free(struct record **r)
{
	if (!r || !*r)
		return;
	cJSON_Delete((*r)->obj);
	free(*r);
	*r = NULL;
}

void records_free(struct record ***v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		record_free(&(*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
}

const char *record_str(const struct record *r, const char *key)
{
	return r ? jsonx_str(r->obj, key) : NULL;
}

long record_id_of(const struct record *r, const char *key)
{
	return r ? jsonx_id(r->obj, key) : 0;
}

bool record_date(const struct record *r, const char *key, time_t *out)
{
	return r ? jsonx_date(r->obj, key, out) : false;
}

int record_date_cmp(const struct record *x, const struct record *y,
                    const char *key)
{
	time_t tx = 0, ty = 0;
	bool hx = record_date(x, key, &tx);
	bool hy = record_date(y, key, &ty);

	if (hx != hy)
		return hx ? -1 : 1;
	if (hx && tx != ty)
		return tx < ty ? -1 : 1;
	return 0;
}

bool record_flag(const struct record *r, const char *key)
{
	return r ? jsonx_bool(r->obj, key, false) : false;
}

/* One line of safe text from untrusted s (NULL gives ""). */
static char *clean_line(const char *s)
{
	return text_sanitize(s ? s : "", s ? strlen(s) : 0, 0);
}

/* a equals b, case-insensitively, ignoring spaces around b. */
static bool same_name(const char *a, const char *b)
{
	size_t n;

	while (*b == ' ')
		b++;
	n = strlen(b);
	while (n > 0 && b[n - 1] == ' ')
		n--;
	return strlen(a) == n && strncasecmp(a, b, n) == 0;
}

long records_exact_title(struct record *const *recs, size_t n,
                         const char *text)
{
	long found = -1;

	for (size_t i = 0; text && i < n; i++) {
		const struct record *r = recs[i];
		const char *key = r && r->res ? r->res->title_key : NULL;
		const char *t = key ? record_str(r, key) : NULL;
		char *clean;
		bool same;

		if (!t)
			continue;
		clean = clean_line(t);
		same = clean && same_name(clean, text);
		free(clean);
		if (!same)
			continue;
		if (found >= 0)
			return -1;
		found = (long)i;
	}
	return found;
}

long record_scope(const struct record *r, const struct field_def *f)
{
	return r && f && f->scope_key ? jsonx_id(r->obj, f->scope_key) : 0;
}

static char *display_id(const struct record *r, const struct field_def *f,
                        const struct lookups *lk)
{
	const char *name = f->name_key ? jsonx_str(r->obj, f->name_key) : NULL;
	long id;
	char buf[32];

	if (!name && f->name_obj) {
		name = jsonx_str(jsonx_get(r->obj, f->name_obj), "name");
		if (name && !*name)
			name = NULL;
	}
	if (name)
		return clean_line(name);
	id = jsonx_id(r->obj, f->key);
	if (id == 0)
		return strdup("");
	name = lookups_name_in(lk, f->lookup, id, record_scope(r, f));
	if (name)
		return clean_line(name);
	snprintf(buf, sizeof buf, "#%ld", id);
	return strdup(buf);
}

/* Whether showing f of r needs f's lookup list: an id without a name of
 * its own in the record. */
static bool needs_lookup(const struct record *r, const struct field_def *f)
{
	const char *name;

	if (f->kind != FIELD_ID || f->lookup == LOOKUP_NONE)
		return false;
	name = f->name_key ? jsonx_str(r->obj, f->name_key) : NULL;
	if (!name && f->name_obj)
		name = jsonx_str(jsonx_get(r->obj, f->name_obj), "name");
	if (name && *name)
		return false;
	return jsonx_id(r->obj, f->key) != 0;
}

size_t records_missing_lookups(struct record *const *rs, size_t n,
                               unsigned flags, const struct lookups *lk,
                               enum lookup_kind kinds[LOOKUP__COUNT])
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		const struct resource *res = rs[i] ? rs[i]->res : NULL;

		for (size_t k = 0; res && k < res->nfields; k++) {
			const struct field_def *f = &res->fields[k];
			bool seen = false;

			if (!(f->flags & flags) || lookups_loaded(lk, f->lookup) ||
			    !needs_lookup(rs[i], f))
				continue;
			for (size_t j = 0; j < m; j++)
				seen = seen || kinds[j] == f->lookup;
			if (!seen && m < LOOKUP__COUNT)
				kinds[m++] = f->lookup;
		}
	}
	return m;
}

static char *display_date(const struct record *r, const char *key)
{
	char buf[64];
	struct tm tm;
	time_t t;

	if (!jsonx_date(r->obj, key, &t) || !localtime_r(&t, &tm) ||
	    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm) == 0)
		return strdup("");
	return strdup(buf);
}

static char *display_bool(const struct record *r, const char *key)
{
	bool yes = jsonx_bool(r->obj, key, true);

	/* Neither default wins: the member is missing or not a boolean. */
	if (yes != jsonx_bool(r->obj, key, false))
		return strdup("");
	return strdup(yes ? "yes" : "no");
}

static char *display_html(const struct record *r, const char *key)
{
	const char *html = jsonx_str(r->obj, key);
	char *text, *safe;

	if (!html)
		return strdup("");
	text = html_to_text(html, strlen(html), 0);
	if (!text)
		return NULL;
	text_flatten(text);
	safe = clean_line(text);
	free(text);
	if (safe)
		text_squeeze(safe);
	return safe;
}

/* Whether p (after '<' or "</") starts a common HTML tag name. */
static bool known_tag(const char *p)
{
	static const char *const tags[] = {
		"p", "br", "b", "i", "u", "s", "a", "div", "span", "ul", "ol",
		"li", "table", "tr", "td", "th", "tbody", "thead", "strong",
		"em", "h1", "h2", "h3", "h4", "h5", "h6", "img", "blockquote",
		"hr", "font", "pre", "code", "html", "body", "head", "style",
		"small", "sup", "sub",
	};

	if (*p == '/')
		p++;
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		size_t n = strlen(tags[i]);

		if (strncasecmp(p, tags[i], n) == 0 &&
		    (p[n] == '>' || p[n] == ' ' || p[n] == '/' || p[n] == '\t' ||
		     p[n] == '\n'))
			return true;
	}
	return false;
}

bool record_text_is_html(const char *s)
{
	for (const char *p = s ? strchr(s, '<') : NULL; p; p = strchr(p + 1, '<'))
		if (known_tag(p + 1) || strncmp(p + 1, "!--", 3) == 0)
			return true;
	return s && (strstr(s, "&amp;") || strstr(s, "&nbsp;") ||
	             strstr(s, "&lt;") || strstr(s, "&quot;"));
}

static char *display_scalar(const struct record *r, const struct field_def *f)
{
	char *raw = jsonx_scalar_text(jsonx_get(r->obj, f->key));
	char *safe;

	if (!raw)
		return strdup("");
	/* Notes of clients, contracts, ... are HTML in many tenants. */
	if (f->kind == FIELD_LONGTEXT && r->res && !r->res->html_key &&
	    record_text_is_html(raw)) {
		char *text = html_to_text(raw, strlen(raw), 0);

		free(raw);
		if (!text)
			return NULL;
		text_flatten(text);
		raw = text;
	}
	safe = clean_line(raw);
	free(raw);
	/* Long text in one cell: its line breaks became runs of spaces. */
	if (safe && f->kind == FIELD_LONGTEXT)
		text_squeeze(safe);
	return safe;
}

char *record_display(const struct record *r, const struct field_def *f,
                     const struct lookups *lk)
{
	if (!r || !f || !f->key)
		return strdup("");
	if (f->flags & FIELD_SLA)
		return sla_display(r);
	switch (f->kind) {
	case FIELD_ID:
		return display_id(r, f, lk);
	case FIELD_DATE:
		return display_date(r, f->key);
	case FIELD_BOOL:
		return display_bool(r, f->key);
	case FIELD_HTML:
		return display_html(r, f->key);
	case FIELD_TEXT:
	case FIELD_LONGTEXT:
	case FIELD_NUMBER:
		break;
	}
	return display_scalar(r, f);
}

/* Lines joined with '\n'; NULL when out of memory. */
static char *lines_join(char **lines, size_t n)
{
	size_t len = 0, at = 0;
	char *out;

	for (size_t i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	out = malloc(len + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(lines[i]);

		memcpy(out + at, lines[i], l);
		at += l;
		if (i + 1 < n)
			out[at++] = '\n';
	}
	out[at] = '\0';
	return out;
}

static char *plain_body(const char *text, int width)
{
	char *safe = text_sanitize(text, strlen(text), TEXT_KEEP_NEWLINES);
	char **lines = NULL, *out;
	size_t n = 0;

	if (!safe || width <= 0)
		return safe;
	if (text_wrap(safe, width, &lines, &n) != 0) {
		free(safe);
		return NULL;
	}
	free(safe);
	out = lines_join(lines, n);
	text_lines_free(&lines, n);
	return out;
}

char *record_body_text(const struct record *r, int width)
{
	const char *html, *text;

	if (!r || !r->res)
		return strdup("");
	html = r->res->html_key ? jsonx_str(r->obj, r->res->html_key) : NULL;
	if (html)
		return html_to_text(html, strlen(html), width);
	text = r->res->text_key ? jsonx_str(r->obj, r->res->text_key) : NULL;
	if (!text)
		return strdup("");
	/* A contract's or client's notes: HTML where no separate HTML
	 * member exists (a ticket's plain details stay plain). */
	if (!r->res->html_key && record_text_is_html(text))
		return html_to_text(text, strlen(text), width);
	return plain_body(text, width);
}

/* A multi-select's display list: ["A", "B"] or [{"display": "A"}, ...]
 * joined with ", "; NULL when empty or out of memory (*oom set). */
static char *display_list(const cJSON *arr, bool *oom)
{
	struct strbuf b = STRBUF_INIT(4096);
	const cJSON *it;
	char *out;

	cJSON_ArrayForEach(it, arr) {
		const char *t = cJSON_IsString(it) ? it->valuestring : NULL;

		if (!t && cJSON_IsObject(it)) {
			t = jsonx_str(it, "display");
			if (!t || !*t)
				t = jsonx_str(it, "name");
			if (!t || !*t)
				t = jsonx_str(it, "value");
		}
		if (!t || !*t)
			continue;
		if (b.len)
			strbuf_addstr(&b, ", ");
		strbuf_addstr(&b, t);
	}
	if (!b.len) {
		strbuf_done(&b);
		return NULL;
	}
	out = strbuf_take(&b);
	if (!out)
		*oom = true;
	return out;
}

/* "YYYY-MM-DD..." */
static bool looks_like_date(const char *s)
{
	for (int i = 0; s && i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	return s != NULL;
}

/* The text of a custom field without a display text: "" when unset (0,
 * "", a sentinel date: HALO_API.md F3, F4); NULL when out of memory. */
static char *raw_value(const cJSON *v)
{
	time_t t;

	if (cJSON_IsNumber(v) && v->valuedouble == 0)
		return strdup("");
	if (cJSON_IsString(v) && looks_like_date(v->valuestring) &&
	    !jsonx_parse_date(v->valuestring, &t))
		return strdup("");
	return jsonx_scalar_text(v);
}

/* One custom field's pair; 0 when added or skipped, -1 out of memory.
 * Its `display` is the tenant's own text (dates in its locale); a set
 * field without one shows its value; an unset one ({"value": 0,
 * "display": ""}) is skipped. */
static int customfield_add(const cJSON *cf, struct kv_list *out)
{
	const char *label = jsonx_str(cf, "label");
	const cJSON *dj = jsonx_get(cf, "display");
	const char *display = cJSON_IsString(dj) && dj->valuestring &&
	                      *dj->valuestring ? dj->valuestring : NULL;
	char *raw = NULL, *safe_label, *safe_value;
	bool oom = false;
	int rc = -1;

	if (!label)
		label = jsonx_str(cf, "name");
	if (!label)
		return 0;
	if (cJSON_IsArray(dj)) {
		raw = display_list(dj, &oom);
		display = raw ? raw : "";
	} else if (!display && cJSON_IsArray(jsonx_get(cf, "value"))) {
		raw = display_list(jsonx_get(cf, "value"), &oom);
		display = raw ? raw : "";
	} else if (!display) {
		/* NULL also for a value that is no scalar: nothing to show. */
		raw = raw_value(jsonx_get(cf, "value"));
		display = raw;
	}
	if (oom) {
		free(raw);
		return -1;
	}
	safe_label = clean_line(label);
	safe_value = clean_line(display);
	free(raw);
	if (safe_label && safe_value) {
		text_squeeze(safe_value);
		rc = !*safe_value ? 0 : kv_add(out, safe_label, safe_value);
	}
	free(safe_label);
	free(safe_value);
	return rc;
}

int record_customfields(const struct record *r, struct kv_list *out)
{
	const cJSON *arr, *cf;

	if (!r || !out)
		return 0;
	arr = jsonx_get(r->obj, "customfields");
	if (!cJSON_IsArray(arr))
		return 0;
	cJSON_ArrayForEach(cf, arr) {
		if (!cJSON_IsObject(cf))
			continue;
		if (customfield_add(cf, out) != 0)
			return -1;
	}
	return 0;
}

char *record_json(const struct record *r)
{
	if (!r || !r->obj)
		return strdup("{}");
	return cJSON_PrintUnformatted(r->obj);
}
