/* SPDX-License-Identifier: MIT */
/* What the worker keeps between runs, so that a start costs no round trip
 * it can avoid: the token (state, per profile), the authinfo answer and
 * the GETs asked with cache_ttl_s (the lookup lists, who I am), served at
 * once and fetched again in the background once older than their TTL.
 * Every file is checked against the instance (cachefile.h); none is ever
 * trusted beyond what the server itself would have said. */
#include "config.h"
#include "worker_private.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "authbase.h"
#include "cachefile.h"
#include "tokencache.h"

static struct cache_owner owner_of(const struct worker *w)
{
	return (struct cache_owner){ w->cfg.base_url, w->cfg.tenant,
	                             w->cfg.client_id };
}

/* ---- the token ----------------------------------------------------------- */

void worker_token_load(struct worker *w)
{
	/* A per-user login keeps its access token with its refresh token. */
	if (settings_per_user(&w->cfg)) {
		worker_login_load(w);
		return;
	}
	if (w->cfg.cache && tokencache_load(&w->cfg, http_now(), &w->token))
		log_msg(&w->log, LOG_DEBUG, "using the cached token");
}

void worker_token_save(struct worker *w)
{
	struct errbuf err;

	if (w->cfg.cache &&
	    tokencache_save(&w->cfg, &w->token, http_now(), &err) != HALO_OK)
		log_msg(&w->log, LOG_WARN, "token not cached: %s (cache: "
		        "false in the profile keeps nothing on disk)", err.msg);
}

void worker_token_drop(struct worker *w)
{
	struct errbuf err;

	if (settings_per_user(&w->cfg)) {
		worker_login_drop_access(w);
		return;
	}
	if (w->cfg.cache && tokencache_forget(&w->cfg, &err) < 0)
		log_msg(&w->log, LOG_WARN, "%s", err.msg);
}

/* ---- authinfo ------------------------------------------------------------ */

char *worker_authinfo_cached(struct worker *w, size_t *len)
{
	return authinfo_cached(&w->cfg, len);
}

void worker_authinfo_save(struct worker *w, const char *body, size_t len)
{
	struct errbuf err;

	if (authinfo_save(&w->cfg, body, len, &err) != HALO_OK)
		log_msg(&w->log, LOG_WARN, "authinfo not cached: %s (cache: "
		        "false in the profile keeps nothing on disk)", err.msg);
}

/* ---- cached GETs --------------------------------------------------------- */

/* "<resource>-<16 hex of the path's SHA-256>" in the profile's cache. */
static int get_path(const struct worker *w, const struct job *j, char *out,
                    size_t outlen)
{
	char sum[65], name[128];

	cachefile_digest(j->path, strlen(j->path), sum);
	if (!sum[0])
		return -1;
	snprintf(name, sizeof name, "%s-%.16s", j->req->res->name, sum);
	return cachefile_path(XDG_CACHE, NULL, w->cfg.profile, name, out, outlen);
}

static bool cacheable(const struct worker *w, const struct job *j)
{
	return w->cfg.cache && j->internal == JOB_API && j->req->res &&
	       j->req->cache_ttl_s > 0 &&
	       (j->req->kind == REQ_LIST || j->req->kind == REQ_GET ||
	        j->req->kind == REQ_ME);
}

bool worker_cache_serve(struct worker *w, struct job *j)
{
	struct cache_owner o = owner_of(w);
	struct worker_event *ev;
	struct errbuf err;
	char path[4096], *data = NULL;
	size_t len = 0;
	time_t saved = 0, now = time(NULL);
	enum halo_status st;

	if (!cacheable(w, j) || get_path(w, j, path, sizeof path) != 0 ||
	    !cachefile_read(path, &o, &data, &len, &saved))
		return false;
	ev = worker_event_for(j, EV_DONE);
	if (!ev) {
		free(data);
		return false;
	}
	errbuf_clear(&err);
	st = j->req->kind == REQ_LIST ?
	     api_parse_list(j->req->res, data, len, &ev->page, &err) :
	     api_parse_item(j->req->res, data, len, &ev->record, &err);
	if (st != HALO_OK) {
		/* Unusable: the server is asked as if there were none. */
		free(data);
		worker_event_free(&ev);
		return false;
	}
	ev->status = HALO_OK;
	ev->http_status = 200;
	ev->from_cache = true;
	ev->cache_age_s = saved <= now ? (long)(now - saved) : 0;
	ev->body = data;
	ev->body_len = len;
	if (saved <= now && now - saved < j->req->cache_ttl_s) {
		job_finish(w, j, ev);
		return true;
	}
	/* Stale: the answer now, a fresh copy for next time. The front end
	 * has its answer, so the job no longer counts as pending. */
	log_msg(&w->log, LOG_DEBUG, "%s: cached %ld s ago, revalidating",
	        j->path, ev->cache_age_s);
	worker_push_event(w, ev);
	atomic_fetch_sub(&w->pending, 1);
	j->revalidate = true;
	j->req->background = true;
	return false;
}

void worker_cache_save(struct worker *w, const struct job *j)
{
	struct cache_owner o = owner_of(w);
	struct errbuf err;
	char path[4096];

	if (!cacheable(w, j) || !j->call.body.s || get_path(w, j, path, sizeof path) != 0)
		return;
	if (cachefile_write(path, &o, j->call.body.s, j->call.body.len, &err) !=
	    HALO_OK)
		log_msg(&w->log, LOG_WARN, "%s list not cached: %s (cache: "
		        "false in the profile keeps nothing on disk)",
		        j->req->res->name, err.msg);
}
