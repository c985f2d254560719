/* SPDX-License-Identifier: MIT */
/* Abandoned requests: the front end moved on (a list scrolled past a page)
 * and no longer waits for them. One that has not started is dropped; one
 * on the wire runs on, since its answer is still worth keeping and cutting
 * it off would also cost its connection, but it gives up its slot so that
 * the request the user now waits for starts at once. */
#include "config.h"
#include "worker_private.h"

#include <stdio.h>
#include <stdlib.h>

void worker_abandon(struct worker *w, uint64_t id)
{
	struct cancel *c;

	if (!id)
		return;
	/* Without memory the request simply runs as if still wanted. */
	c = calloc(1, sizeof *c);
	if (!c)
		return;
	c->value = id;
	pthread_mutex_lock(&w->lock);
	c->next = w->abandons;
	w->abandons = c;
	pthread_mutex_unlock(&w->lock);
	curl_multi_wakeup(w->multi);
}

void worker_release_slot(struct worker *w, struct job *j)
{
	if (j->abandoned)
		w->abandoned--;
	else
		w->running--;
}

/* Finishes j with an event saying that nobody waits for it any more. */
static void drop(struct worker *w, struct job *j, const char *why)
{
	struct worker_event *ev = worker_event_for(j, EV_DONE);

	if (ev) {
		ev->status = HALO_ECANCELLED;
		/* Only a GET is ever abandoned: nothing was applied. */
		ev->outcome = POST_NOT_APPLIED;
		job_message(j, why, ev->message, sizeof ev->message);
	}
	job_finish(w, j, ev);
}

static struct job *find_api_job(struct worker *w, uint64_t id)
{
	for (struct job *j = w->jobs; j; j = j->next)
		if (j->internal == JOB_API && j->id == id)
			return j;
	return NULL;
}

/* The abandoned transfer that started first: the one cut off when too
 * many run. */
static struct job *oldest_abandoned(struct worker *w)
{
	struct job *old = NULL;

	for (struct job *j = w->jobs; j; j = j->next)
		if (j->state == JOB_RUNNING && j->abandoned &&
		    (!old || j->call.started < old->call.started))
			old = j;
	return old;
}

static void abandon_one(struct worker *w, uint64_t id)
{
	struct job *j = find_api_job(w, id), *old;

	if (!j || j->req->kind == REQ_POST || j->abandoned)
		return;
	if (j->state != JOB_RUNNING) {
		drop(w, j, "dropped before it started: no longer needed");
		return;
	}
	if (w->abandoned >= MAX_ABANDONED && (old = oldest_abandoned(w)))
		drop(w, old, "cut off: no longer needed");
	j->abandoned = true;
	w->running--;
	w->abandoned++;
}

void worker_apply_abandons(struct worker *w, struct cancel *list)
{
	struct cancel *next;

	for (; list; list = next) {
		next = list->next;
		abandon_one(w, list->value);
		free(list);
	}
}
