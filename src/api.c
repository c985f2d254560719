/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "api.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonx.h"
#include "strbuf.h"
#include "text.h"
#include "utf8.h"

/* A request path longer than this is a bug, not a request: building one
 * fails as if out of memory. */
#define API_PATH_MAX (64 * 1024)
/* How much of a body is looked at for an error line. */
#define API_SCAN_MAX 4096
/* Columns of server text in an error line, and of an excerpt. */
#define API_MESSAGE_COLS 200
#define API_EXCERPT_COLS 60
/* Integers beyond this are not exact as doubles. */
#define API_MAX_EXACT 9007199254740992.0

/* ---- Building paths ---------------------------------------------------- */

static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

/* Writes c at dst, percent-encoded unless unreserved; returns the end. */
static char *escape_char(char *dst, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";

	if (unreserved(c)) {
		*dst++ = (char)c;
	} else {
		*dst++ = '%';
		*dst++ = hex[c >> 4];
		*dst++ = hex[c & 15];
	}
	return dst;
}

size_t api_escaped_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += unreserved((unsigned char)*s) ? 1 : 3;
	return n;
}

char *api_escape_to(char *dst, const char *s)
{
	for (; *s; s++)
		dst = escape_char(dst, (unsigned char)*s);
	return dst;
}

static void sb_escaped(struct strbuf *b, const char *s)
{
	for (; *s; s++) {
		char enc[3];

		strbuf_add(b, enc, (size_t)(escape_char(enc, (unsigned char)*s) - enc));
	}
}

char *api_escape(const char *s)
{
	struct strbuf b = STRBUF_INIT(API_PATH_MAX);

	sb_escaped(&b, s ? s : "");
	return strbuf_take(&b);
}

/* Appends "?key=value" or "&key=value", both escaped. */
static void sb_param(struct strbuf *b, const char *key, const char *value)
{
	strbuf_addstr(b, strchr(strbuf_str(b), '?') ? "&" : "?");
	sb_escaped(b, key);
	strbuf_addstr(b, "=");
	sb_escaped(b, value ? value : "");
}

static void sb_param_long(struct strbuf *b, const char *key, long v)
{
	char num[32];

	snprintf(num, sizeof num, "%ld", v);
	sb_param(b, key, num);
}

static void sb_base(struct strbuf *b, const struct resource *res)
{
	strbuf_addstr(b, "/api/");
	strbuf_addstr(b, res && res->path ? res->path : "");
}

char *api_collection_path(const struct resource *res)
{
	struct strbuf b = STRBUF_INIT(API_PATH_MAX);

	sb_base(&b, res);
	return strbuf_take(&b);
}

char *api_item_path(const struct resource *res, long id, long ticket_id,
                    const char *extra_query)
{
	struct strbuf b = STRBUF_INIT(API_PATH_MAX);
	char num[32];

	sb_base(&b, res);
	snprintf(num, sizeof num, "/%ld", id);
	strbuf_addstr(&b, num);
	if (ticket_id > 0)
		sb_param_long(&b, "ticket_id", ticket_id);
	if (extra_query && *extra_query) {
		/* Already "key=value" text from the caller, not user input. */
		strbuf_addstr(&b, strchr(strbuf_str(&b), '?') ? "&" : "?");
		strbuf_addstr(&b, extra_query);
	}
	return strbuf_take(&b);
}

/* The order asked for, else the resource's default (with its direction:
 * q->orderdesc only applies to an explicit q->order). */
static void sb_order(struct strbuf *b, const struct resource *res,
                     const struct list_query *q)
{
	const char *order = res ? res->default_order : NULL;
	bool desc = res ? res->default_desc : false;
	const struct field_def *f;

	if (q && q->order && *q->order) {
		order = q->order;
		desc = q->orderdesc;
	}
	if (!order)
		return;
	/* A computed column sorts by the member it is computed from. */
	f = res ? resource_field(res, order) : NULL;
	if (f && f->order_key)
		order = f->order_key;
	sb_param(b, "order", order);
	if (desc)
		sb_param(b, "orderdesc", "true");
}

/* The table's fixed query for every list of a resource: "a=b&c=d". */
static void sb_fixed_query(struct strbuf *b, const char *query)
{
	char key[64], value[64];

	while (query && *query) {
		const char *amp = strchr(query, '&');
		size_t len = amp ? (size_t)(amp - query) : strlen(query);
		const char *eq = memchr(query, '=', len);

		if (eq && (size_t)(eq - query) < sizeof key &&
		    len - (size_t)(eq - query) - 1 < sizeof value) {
			snprintf(key, sizeof key, "%.*s", (int)(eq - query), query);
			snprintf(value, sizeof value, "%.*s",
			         (int)(len - (size_t)(eq - query) - 1), eq + 1);
			sb_param(b, key, value);
		}
		query = amp ? amp + 1 : NULL;
	}
}

char *api_list_path(const struct resource *res, const struct list_query *q,
                    int page_no, int page_size)
{
	struct strbuf b = STRBUF_INIT(API_PATH_MAX);
	bool paged = page_no > 0 && res && (res->flags & RES_PAGED);

	sb_base(&b, res);
	if (paged) {
		sb_param(&b, "pageinate", "true");
		if (page_size > 0)
			sb_param_long(&b, "page_size", page_size);
		sb_param_long(&b, "page_no", page_no);
	}
	if (q && q->ticket_id > 0)
		sb_param_long(&b, "ticket_id", q->ticket_id);
	if (q && q->count > 0 && !paged)
		sb_param_long(&b, "count", q->count);
	if (q && q->search && *q->search) {
		sb_param(&b, "search", q->search);
		sb_fixed_query(&b, res->search_query);
	}
	sb_fixed_query(&b, res->list_query);
	for (size_t i = 0; q && q->params && i < q->params->n; i++)
		sb_param(&b, q->params->items[i].key, q->params->items[i].value);
	sb_order(&b, res, q);
	return strbuf_take(&b);
}

/* ---- Text helpers ------------------------------------------------------ */

static void copy_text(char *out, size_t outlen, const char *s)
{
	if (outlen == 0)
		return;
	snprintf(out, outlen, "%s", s);
	utf8_drop_partial(out);
}

/* Untrusted bytes to one safe, trimmed line of at most `cols` columns in
 * out. Runs of white space become one space. */
static void safe_line(const char *s, size_t len, int cols, char *out,
                      size_t outlen)
{
	char *clean, *fit;

	out[0] = '\0';
	if (len > API_SCAN_MAX)
		len = API_SCAN_MAX;
	clean = text_sanitize(s, len, 0);
	if (!clean)
		return;
	text_squeeze(clean);
	fit = text_fit(clean, cols, 0);
	copy_text(out, outlen, fit ? fit : "");
	free(fit);
	free(clean);
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

/* The first line with something on it, as one safe line. */
static void first_line(const char *body, size_t len, int cols, char *out,
                       size_t outlen)
{
	const char *end = body + len, *p = skip_space(body, end), *nl;

	nl = memchr(p, '\n', (size_t)(end - p));
	safe_line(p, (size_t)((nl ? nl : end) - p), cols, out, outlen);
}

/* ---- Parsing replies --------------------------------------------------- */

/* A JSON text that ends inside a string or an open object or array: the
 * reply was cut short (a dropped connection, a proxy's limit). */
static bool ends_open(const char *p, const char *end)
{
	long depth = 0;
	bool in_string = false;

	p = skip_space(p, end);
	if (p == end || (*p != '{' && *p != '['))
		return false;
	for (; p < end; p++) {
		if (in_string) {
			if (*p == '\\' && p + 1 < end)
				p++;
			else if (*p == '"')
				in_string = false;
		} else if (*p == '"') {
			in_string = true;
		} else if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			depth--;
		}
	}
	return in_string || depth > 0;
}

/* Why a body is not JSON, with a short excerpt. */
static enum halo_status not_json(const char *body, size_t len,
                                 struct errbuf *err)
{
	char excerpt[256];

	if (!body || len == 0)
		return errbuf_set(err, HALO_EPARSE, "the server sent an empty "
		                  "reply");
	first_line(body, len, API_EXCERPT_COLS, excerpt, sizeof excerpt);
	if (ends_open(body, body + len))
		return errbuf_set(err, HALO_EPARSE, "the server's reply was cut "
		                  "short after %zu bytes: \"%s\"", len, excerpt);
	return errbuf_set(err, HALO_EPARSE, "the server's reply is not JSON: "
	                  "\"%s\"", excerpt);
}

static cJSON *parse_body(const char *body, size_t len, struct errbuf *err,
                         enum halo_status *st)
{
	cJSON *root = NULL;

	if (body && len > 0)
		root = cJSON_ParseWithLength(body, len);
	*st = root ? HALO_OK : not_json(body, len, err);
	return root;
}

static bool all_objects(const cJSON *arr)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, arr)
		if (!cJSON_IsObject(it))
			return false;
	return true;
}

/* The array holding the list: the root itself, the list_key member, or the
 * only member that is an array of objects. *empty when the key is null. */
static cJSON *list_array(cJSON *root, const struct resource *res, bool *empty)
{
	cJSON *it, *found = NULL;
	int candidates = 0;

	*empty = false;
	if (cJSON_IsArray(root))
		return root;
	if (!cJSON_IsObject(root))
		return NULL;
	if (res && res->list_key) {
		it = jsonx_get(root, res->list_key);
		if (cJSON_IsArray(it))
			return it;
		if (cJSON_IsNull(it)) {
			*empty = true;
			return NULL;
		}
	}
	cJSON_ArrayForEach(it, root) {
		if (cJSON_IsArray(it) && all_objects(it)) {
			found = it;
			candidates++;
		}
	}
	return candidates == 1 ? found : NULL;
}

/* Moves the object elements of arr into out->records. */
static enum halo_status take_records(const struct resource *res, cJSON *arr,
                                     struct api_page *out, struct errbuf *err)
{
	int size = cJSON_GetArraySize(arr);
	cJSON *it, *next;

	if (size <= 0)
		return HALO_OK;
	out->records = calloc((size_t)size, sizeof *out->records);
	if (!out->records)
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	for (it = arr->child; it; it = next) {
		next = it->next;
		if (!cJSON_IsObject(it))
			continue;
		cJSON_DetachItemViaPointer(arr, it);
		out->records[out->n] = record_take(res, it);
		if (!out->records[out->n])
			return errbuf_set(err, HALO_ENOMEM, "out of memory");
		out->n++;
	}
	return HALO_OK;
}

static long member_count(const cJSON *root, const char *key, long max)
{
	double d;

	if (!jsonx_number(root, key, &d) || d < 0 || d > (double)max)
		return -1;
	return (long)d;
}

/* record_count, page_no and page_size as served (HALO_API.md 3.3). */
static void page_members(const cJSON *root, struct api_page *out)
{
	long rc = member_count(root, "record_count", LONG_MAX / 2);
	long no = member_count(root, "page_no", INT_MAX);
	long size = member_count(root, "page_size", INT_MAX);

	out->record_count = rc >= 0 && (size_t)rc >= out->n ? rc : (long)out->n;
	out->page_no = no > 0 ? (int)no : 0;
	out->page_size = size > 0 ? (int)size : (int)out->n;
	/* A short first page of a longer result means the server capped the
	 * page size (it does so silently at 100): what came is the size. */
	if (out->page_no <= 1 && (size_t)out->page_size > out->n &&
	    (size_t)out->record_count > out->n)
		out->page_size = (int)out->n;
}

enum halo_status api_parse_list(const struct resource *res, const char *body,
                                size_t len, struct api_page *out,
                                struct errbuf *err)
{
	enum halo_status st;
	cJSON *root, *arr;
	bool empty;

	memset(out, 0, sizeof *out);
	root = parse_body(body, len, err, &st);
	if (!root)
		return st;
	arr = list_array(root, res, &empty);
	if (!arr && !empty) {
		cJSON_Delete(root);
		return errbuf_set(err, HALO_EPARSE, "the server's reply holds no "
		                  "list of %s", res ? res->name : "records");
	}
	st = arr ? take_records(res, arr, out, err) : HALO_OK;
	if (st == HALO_OK)
		page_members(root, out);
	else
		api_page_done(out);
	cJSON_Delete(root);
	return st;
}

void api_page_done(struct api_page *p)
{
	if (!p)
		return;
	records_free(&p->records, &p->n);
	memset(p, 0, sizeof *p);
}

void api_page_take(struct api_page *p, struct record ***v, size_t *n)
{
	records_free(v, n);
	*v = p->records;
	*n = p->n;
	p->records = NULL;
	p->n = 0;
}

enum halo_status api_parse_item(const struct resource *res, const char *body,
                                size_t len, struct record **out,
                                struct errbuf *err)
{
	enum halo_status st;
	cJSON *root, *obj = NULL, *it;

	*out = NULL;
	root = parse_body(body, len, err, &st);
	if (!root)
		return st;
	if (cJSON_IsObject(root)) {
		obj = root;
		root = NULL;
	} else if (cJSON_IsArray(root)) {
		cJSON_ArrayForEach(it, root)
			if (cJSON_IsObject(it))
				break;
		obj = it ? cJSON_DetachItemViaPointer(root, it) : NULL;
	}
	cJSON_Delete(root);
	if (!obj)
		return errbuf_set(err, HALO_EPARSE, "the server's reply holds no "
		                  "%s", res ? res->singular : "record");
	*out = record_take(res, obj);
	return *out ? HALO_OK : errbuf_set(err, HALO_ENOMEM, "out of memory");
}

/* ---- Errors ------------------------------------------------------------ */

/* "[0].summary" -> "summary", "$.tickets[0].Summary" -> "tickets[0].summary":
 * the leading record index of a one-element body says nothing. */
static void field_name(const char *key, char *out, size_t outlen)
{
	const char *p = key;

	if (*p == '$')
		p++;
	if (*p == '.')
		p++;
	if (*p == '[') {
		const char *close = strchr(p, ']');

		if (close && close[1] == '.')
			p = close + 2;
		else if (close && close[1] == '\0')
			p = close + 1;
	}
	safe_line(p, strlen(p), API_MESSAGE_COLS, out, outlen);
	for (char *c = out; *c; c++)
		*c = (char)tolower((unsigned char)*c);
}

/* The messages of one model-error member joined with "; ", or NULL.
 * Strings count only when `strings` (an "errors" object, or a path key). */
static char *field_message(const cJSON *m, bool strings)
{
	struct strbuf b = STRBUF_INIT(API_PATH_MAX);
	const cJSON *it;

	if (cJSON_IsString(m) && strings && m->valuestring[0]) {
		strbuf_addstr(&b, m->valuestring);
		return strbuf_take(&b);
	}
	if (!cJSON_IsArray(m))
		return NULL;
	cJSON_ArrayForEach(it, m) {
		if (!cJSON_IsString(it) || !it->valuestring[0])
			continue;
		if (b.len)
			strbuf_addstr(&b, "; ");
		strbuf_addstr(&b, it->valuestring);
	}
	if (!b.len) {
		strbuf_done(&b);
		return NULL;
	}
	return strbuf_take(&b);
}

/* One model-error member as (name, text); false when it is not one. In
 * the root shape only arrays and path keys ("[0].x") count, so that
 * {"Message": "..."} is not taken for a field. */
static bool model_entry(const cJSON *m, bool in_errors, char *name,
                        size_t namelen, char *text, size_t textlen)
{
	const char *key = m->string ? m->string : "";
	bool path_key = key[0] == '[' || key[0] == '$';
	char *msg = field_message(m, in_errors || path_key);

	if (!msg)
		return false;
	/* {"errors": ["..."]}: messages that name no field. */
	if (!in_errors && strcasecmp(key, "errors") == 0)
		key = "";
	field_name(key, name, namelen);
	safe_line(msg, strlen(msg), API_MESSAGE_COLS, text, textlen);
	free(msg);
	return text[0] != '\0';
}

/* Adds (name, message) for each model error; unnamed ones (key "") only
 * when keep_unnamed. Returns the number added. */
static size_t collect_fields(const cJSON *root, struct kv_list *out,
                             bool keep_unnamed)
{
	const cJSON *dict = jsonx_get(root, "errors"), *m;
	size_t added = 0;

	if (!cJSON_IsObject(dict))
		dict = root;
	cJSON_ArrayForEach(m, dict) {
		char name[128], text[1024];

		if (!model_entry(m, dict != root, name, sizeof name, text,
		                 sizeof text))
			continue;
		if (!name[0] && !keep_unnamed)
			continue;
		if (kv_add(out, name, text) != 0)
			break;
		added++;
	}
	return added;
}

/* "summary: required; client_id: not valid" from the model errors. */
static bool model_message(const cJSON *root, char *out, size_t outlen)
{
	struct kv_list l = { 0 };
	struct strbuf b = STRBUF_INIT(API_PATH_MAX);

	collect_fields(root, &l, true);
	for (size_t i = 0; i < l.n; i++) {
		if (b.len)
			strbuf_addstr(&b, "; ");
		if (l.items[i].key[0]) {
			strbuf_addstr(&b, l.items[i].key);
			strbuf_addstr(&b, ": ");
		}
		strbuf_addstr(&b, l.items[i].value);
	}
	kv_done(&l);
	if (b.len && !b.failed)
		copy_text(out, outlen, strbuf_str(&b));
	strbuf_done(&b);
	return out[0] != '\0';
}

/* {"error": "x", "error_description": "y"} or {"error": {"message": ..}}. */
static bool oauth_message(const cJSON *root, char *out, size_t outlen)
{
	const cJSON *e = jsonx_get(root, "error");
	const char *code = jsonx_str(root, "error");
	const char *desc = jsonx_str(root, "error_description");

	if (cJSON_IsObject(e)) {
		code = jsonx_str(e, "message");
		desc = NULL;
	}
	if (!code)
		return false;
	if (desc)
		snprintf(out, outlen, "%s: %s", code, desc);
	else
		snprintf(out, outlen, "%s", code);
	return true;
}

/* The message of a JSON error body, in HALO_API.md section 8 order. */
static bool json_message(const cJSON *root, char *out, size_t outlen)
{
	const char *m;

	out[0] = '\0';
	if (cJSON_IsString(root)) {
		copy_text(out, outlen, root->valuestring);
		return out[0] != '\0';
	}
	if (!cJSON_IsObject(root))
		return false;
	m = jsonx_str(root, "errorMessage");
	if (!m)
		m = jsonx_str(root, "Message");  /* also {ClassName, Message} */
	if (m) {
		copy_text(out, outlen, m);
		return true;
	}
	if (oauth_message(root, out, outlen) || model_message(root, out, outlen))
		return true;
	m = jsonx_str(root, "title");  /* a problem-details body */
	if (!m)
		m = jsonx_str(root, "detail");
	if (m)
		copy_text(out, outlen, m);
	return out[0] != '\0';
}

/* Case-insensitive search in the first len bytes of s. */
static const char *find_ci(const char *s, const char *end, const char *word)
{
	size_t n = strlen(word);

	for (; s + n <= end; s++)
		if (strncasecmp(s, word, n) == 0)
			return s;
	return NULL;
}

/* Halo's plain messages that are about one field: the front ends show
 * them by that field (a note's form by its Outcome). */
static const struct {
	const char *text;
	const char *field;
} field_texts[] = {
	/* HALO_API.md F16 (CA, from real audit-log alerts). */
	{ "An Outcome must be entered", "outcome" },
	{ "You do not have access to this Action", "outcome" },
};

/* The field a plain message is about, or NULL. */
static const char *field_of_text(const char *msg)
{
	const char *end = msg + strlen(msg);

	for (size_t i = 0; i < sizeof field_texts / sizeof field_texts[0]; i++)
		if (find_ci(msg, end, field_texts[i].text))
			return field_texts[i].field;
	return NULL;
}

size_t api_error_fields(const char *body, size_t len, struct kv_list *out)
{
	enum halo_status st;
	cJSON *root;
	char msg[512] = "", safe[512];
	const char *field;
	size_t n = 0;

	if (!out)
		return 0;
	root = parse_body(body, len, NULL, &st);
	if (cJSON_IsObject(root))
		n = collect_fields(root, out, false);
	if (cJSON_IsString(root))  /* Halo's plain "message" answer */
		copy_text(msg, sizeof msg, root->valuestring);
	else if (root)
		json_message(root, msg, sizeof msg);
	if (n == 0 && msg[0] && (field = field_of_text(msg)) != NULL) {
		safe_line(msg, strlen(msg), API_MESSAGE_COLS, safe, sizeof safe);
		if (kv_add(out, field, safe) == 0)
			n = 1;
	}
	cJSON_Delete(root);
	return n;
}

/* The text of <title> (or <h1>) of an HTML page, e.g. a proxy's 502. */
static bool html_title(const char *body, const char *end, char *out,
                       size_t outlen)
{
	static const char *const tags[][2] = {
		{ "<title", "</title" }, { "<h1", "</h1" },
	};

	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
		const char *open = find_ci(body, end, tags[i][0]), *gt, *close;

		if (!open)
			continue;
		gt = memchr(open, '>', (size_t)(end - open));
		close = gt ? find_ci(gt, end, tags[i][1]) : NULL;
		if (!close)
			continue;
		safe_line(gt + 1, (size_t)(close - gt - 1), API_MESSAGE_COLS,
		          out, outlen);
		if (out[0])
			return true;
	}
	return false;
}

static void raw_message(const char *body, size_t len, char *out,
                        size_t outlen)
{
	const char *end = body + (len > API_SCAN_MAX ? API_SCAN_MAX : len);
	const char *p = skip_space(body, end);

	out[0] = '\0';
	if (p < end && *p == '<') {
		html_title(p, end, out, outlen);  /* else nothing worth showing */
		return;
	}
	first_line(p, (size_t)(end - p), API_MESSAGE_COLS, out, outlen);
}

/* "502 Bad Gateway" adds nothing to "HTTP 502 Bad Gateway". */
static bool says_only_status(const char *msg, int status, const char *reason)
{
	char code[16];
	size_t n;

	snprintf(code, sizeof code, "%d", status);
	n = strlen(code);
	if (strncmp(msg, code, n) == 0 && (msg[n] == ' ' || msg[n] == '\0')) {
		msg += n;
		while (*msg == ' ')
			msg++;
	}
	return !*msg || strcasecmp(msg, reason) == 0;
}

void api_error_text(int http_status, const char *body, size_t len,
                    char *out, size_t outlen)
{
	const char *reason = api_reason(http_status);
	char msg[1024] = "", safe[1024] = "";
	enum halo_status st;
	cJSON *root;

	if (!out || outlen == 0)
		return;
	root = parse_body(body, len, NULL, &st);
	if (root && json_message(root, msg, sizeof msg))
		safe_line(msg, strlen(msg), API_MESSAGE_COLS, safe, sizeof safe);
	else if (body && len > 0 && !cJSON_IsString(root))
		raw_message(body, len, safe, sizeof safe);
	cJSON_Delete(root);
	if (safe[0] && !says_only_status(safe, http_status, reason))
		snprintf(out, outlen, "HTTP %d%s%s: %s", http_status,
		         reason[0] ? " " : "", reason, safe);
	else
		snprintf(out, outlen, "HTTP %d%s%s", http_status,
		         reason[0] ? " " : "", reason);
	utf8_drop_partial(out);
}

/* ---- Edit bodies ------------------------------------------------------- */

/* cJSON prints integers beyond int with %g ("1e+15"); print those as
 * plain digits so that an id is never shown in scientific notation. */
static cJSON *number_node(double v)
{
	char digits[32];

	if (v == 0)
		v = 0;  /* -0 is printed "-0"; a user's "-0" means 0 */
	if (floor(v) == v && fabs(v) <= API_MAX_EXACT &&
	    (v > INT_MAX || v < INT_MIN)) {
		snprintf(digits, sizeof digits, "%.0f", v);
		return cJSON_CreateRaw(digits);
	}
	return cJSON_CreateNumber(v);
}

static cJSON *edit_node(const struct edit_value *v, struct errbuf *err,
                        enum halo_status *st)
{
	double d;

	*st = HALO_OK;
	switch (v->type) {
	case EDIT_STRING:
		return cJSON_CreateString(v->text ? v->text : "");
	case EDIT_NUMBER:
		if (!jsonx_parse_number(v->text, &d)) {
			*st = errbuf_set(err, HALO_EUSAGE, "%s: \"%s\" is not a "
			                 "number", v->key, v->text ? v->text : "");
			return NULL;
		}
		return number_node(d);
	case EDIT_BOOL:
		return cJSON_CreateBool(v->flag);
	case EDIT_NULL:
		return cJSON_CreateNull();
	}
	*st = errbuf_set(err, HALO_EUSAGE, "%s: unknown value type", v->key);
	return NULL;
}

/* Adds one value to obj; a key given twice keeps the last value. */
static enum halo_status edit_add(cJSON *obj, const struct edit_value *v,
                                 struct errbuf *err)
{
	enum halo_status st;
	cJSON *node;

	if (!v->key || !*v->key)
		return errbuf_set(err, HALO_EUSAGE, "a field without a name");
	if (strcasecmp(v->key, "id") == 0)
		return errbuf_set(err, HALO_EUSAGE, "the id cannot be changed");
	node = edit_node(v, err, &st);
	if (!node)
		return st != HALO_OK ? st
		                     : errbuf_set(err, HALO_ENOMEM, "out of memory");
	cJSON_DeleteItemFromObjectCaseSensitive(obj, v->key);
	if (!cJSON_AddItemToObject(obj, v->key, node)) {
		cJSON_Delete(node);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	return HALO_OK;
}

static enum halo_status edit_object(cJSON *obj, long id,
                                    const struct edit_value *v, size_t n,
                                    struct errbuf *err)
{
	enum halo_status st = HALO_OK;

	if (id < 0)
		return errbuf_set(err, HALO_EUSAGE, "invalid id %ld", id);
	if (id > 0) {
		cJSON *node = number_node((double)id);

		if (!node || !cJSON_AddItemToObject(obj, "id", node)) {
			cJSON_Delete(node);
			return errbuf_set(err, HALO_ENOMEM, "out of memory");
		}
	}
	for (size_t i = 0; i < n && st == HALO_OK; i++)
		st = edit_add(obj, &v[i], err);
	return st;
}

/* The one-element array of a create (id 0) or an update. */
static enum halo_status body_of(long id, const struct edit_value *v, size_t n,
                                char **out, struct errbuf *err)
{
	cJSON *arr = cJSON_CreateArray(), *obj = cJSON_CreateObject();
	enum halo_status st;

	*out = NULL;
	if (!arr || !obj || !cJSON_AddItemToArray(arr, obj)) {
		cJSON_Delete(arr);
		cJSON_Delete(obj);
		return errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	st = n > 0 && !v ? errbuf_set(err, HALO_EUSAGE, "no values")
	                 : edit_object(obj, id, v, n, err);
	if (st == HALO_OK) {
		*out = cJSON_PrintUnformatted(arr);
		if (!*out)
			st = errbuf_set(err, HALO_ENOMEM, "out of memory");
	}
	cJSON_Delete(arr);
	return st;
}

enum halo_status api_check_text(const char *what, const char *text,
                                struct errbuf *err)
{
	size_t n = text ? strlen(text) : 0;

	if (n <= HALO_TEXT_MAX)
		return HALO_OK;
	return errbuf_set(err, HALO_EUSAGE,
	                  "%s is %zu bytes, more than the limit of %zu bytes "
	                  "(1 MiB)", what, n, HALO_TEXT_MAX);
}

enum halo_status api_edit_body(long id, const struct edit_value *v, size_t n,
                               char **out, struct errbuf *err)
{
	*out = NULL;
	if (id <= 0)
		return errbuf_set(err, HALO_EUSAGE, "the record has no id that "
		                  "can be read (%ld): an update without one would "
		                  "create a record, so nothing is sent", id);
	return body_of(id, v, n, out, err);
}

enum halo_status api_create_body(const struct edit_value *v, size_t n,
                                 char **out, struct errbuf *err)
{
	return body_of(0, v, n, out, err);
}

/* ---- Reason phrases ---------------------------------------------------- */

const char *api_reason(int http_status)
{
	switch (http_status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 304: return "Not Modified";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	default: return "";
	}
}
