/* SPDX-License-Identifier: MIT */
#include "config.h"
#include "bulk.h"

#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "ratebudget.h"

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

int bulk_dedupe(long *ids, size_t *n)
{
	long *sorted;
	bool *used;
	size_t out = 0;

	if (*n == 0)
		return 0;
	sorted = malloc(*n * sizeof *sorted);
	used = calloc(*n, sizeof *used);
	if (!sorted || !used) {
		free(sorted);
		free(used);
		return -1;
	}
	memcpy(sorted, ids, *n * sizeof *sorted);
	qsort(sorted, *n, sizeof *sorted, cmp_long);
	for (size_t i = 0; i < *n; i++) {
		long *hit = bsearch(&ids[i], sorted, *n, sizeof *sorted, cmp_long);
		size_t k = (size_t)(hit - sorted);

		/* The first of a run of equal ids stands for all of them. */
		while (k > 0 && sorted[k - 1] == ids[i])
			k--;
		if (used[k])
			continue;
		used[k] = true;
		ids[out++] = ids[i];
	}
	*n = out;
	free(sorted);
	free(used);
	return 0;
}

void bulk_init(struct bulk *b, long *ids, size_t n, struct journal *j)
{
	memset(b, 0, sizeof *b);
	b->ids = ids;
	b->n = n;
	b->j = j;
}

static enum halo_status mark(struct bulk *b, long id, enum journal_state st,
                             struct errbuf *err)
{
	enum halo_status rc = journal_mark(b->j, id, st, err);

	if (rc != HALO_OK) {
		/* What is sent from now on could not be remembered. */
		b->journal_failed = true;
		b->stop = true;
	}
	return rc;
}

enum bulk_step bulk_next(struct bulk *b, long *id, struct errbuf *err)
{
	enum journal_state st;

	*id = 0;
	if (b->stop || b->next >= b->n)
		return BULK_END;
	*id = b->ids[b->next++];
	st = journal_state(b->j, *id);
	if (st == JOURNAL_APPLIED) {
		b->earlier++;
		return BULK_EARLIER_APPLIED;
	}
	if ((st == JOURNAL_SENDING || st == JOURNAL_MAYBE) && !b->resend_maybe) {
		b->maybe_earlier++;
		return BULK_EARLIER_MAYBE;
	}
	/* On disk before the POST leaves: a run killed now finds "sending"
	 * and treats it as may-have-been-applied. */
	if (mark(b, *id, JOURNAL_SENDING, err) != HALO_OK) {
		b->next--;
		return BULK_JOURNAL_FAILED;
	}
	b->inflight++;
	return BULK_SEND;
}

enum journal_state bulk_answer(struct bulk *b, long id,
                               enum post_outcome outcome, struct errbuf *err)
{
	enum journal_state st = outcome == POST_APPLIED ? JOURNAL_APPLIED :
	                        outcome == POST_NOT_APPLIED ? JOURNAL_FAILED :
	                        JOURNAL_MAYBE;

	if (b->inflight)
		b->inflight--;
	if (st == JOURNAL_APPLIED)
		b->applied++;
	else if (st == JOURNAL_FAILED)
		b->failed++;
	else
		b->maybe++;
	/* Even after the journal failed once: try to keep the answer. */
	(void)mark(b, id, st, err);
	return st;
}

void bulk_stop(struct bulk *b)
{
	b->stop = true;
}

size_t bulk_done(const struct bulk *b)
{
	return b->applied + b->failed + b->maybe + b->earlier + b->maybe_earlier;
}

size_t bulk_unsent(const struct bulk *b)
{
	return b->n - bulk_done(b) - b->inflight;
}

bool bulk_finished(const struct bulk *b)
{
	return b->inflight == 0 && (b->stop || b->next >= b->n);
}

enum halo_status bulk_body(const char *template_json, const char *id_key,
                           long id, char **out, struct errbuf *err)
{
	cJSON *root = template_json ? cJSON_Parse(template_json) : NULL;
	cJSON *tpl = root, *obj = NULL, *arr = NULL, *it;

	*out = NULL;
	if (cJSON_IsArray(root) && cJSON_GetArraySize(root) == 1)
		tpl = root->child;   /* a one-element body: its object */
	if (!cJSON_IsObject(tpl)) {
		cJSON_Delete(root);
		return errbuf_set(err, HALO_EUSAGE,
		                  "the change to send is not a JSON object");
	}
	if (!(obj = cJSON_CreateObject()) || !(arr = cJSON_CreateArray()) ||
	    !cJSON_AddNumberToObject(obj, id_key, (double)id))
		goto oom;
	cJSON_AddItemToArray(arr, obj);
	obj = NULL;
	while ((it = tpl->child) != NULL) {
		cJSON_DetachItemViaPointer(tpl, it);
		if (strcmp(it->string ? it->string : "", id_key) == 0) {
			cJSON_Delete(it);   /* the record's own id wins */
			continue;
		}
		cJSON_AddItemToObject(arr->child, it->string, it);
	}
	*out = cJSON_PrintUnformatted(arr);
	if (!*out)
		goto oom;
	cJSON_Delete(arr);
	cJSON_Delete(root);
	return HALO_OK;
oom:
	cJSON_Delete(obj);
	cJSON_Delete(arr);
	cJSON_Delete(root);
	return errbuf_set(err, HALO_ENOMEM, "out of memory");
}

long bulk_eta(size_t done, double elapsed, size_t left, int limit,
              double window)
{
	double seen = -1, budget = 0;
	int eff = limit > 0 ? ratebudget_effective(limit) : 0;

	if (left == 0)
		return 0;
	if (done > 0 && elapsed > 0)
		seen = (double)left * elapsed / (double)done;
	/* More than a window's room: the rest waits for windows to pass. */
	if (eff > 0 && window > 0 && left > (size_t)eff)
		budget = (double)(left - (size_t)eff) * window / eff;
	if (seen < 0 && budget <= 0)
		return -1;
	return (long)((seen > budget ? seen : budget) + 0.5);
}
