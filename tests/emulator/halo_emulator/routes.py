# SPDX-License-Identifier: MIT
"""The /api routes: one Api object dispatches by the first path segment
to the small resources (GET, POST, DELETE on a DictResource), to tickets and
to actions.  Every route runs under Api.lock, so handler threads see the
data consistently.  A request acts as the agent its token logged in as
(HALO_API.md F8): /Agent/me is that agent, and it is the author of the
notes and tickets the request creates."""

import json
import random
import threading

from .attachments import Attachments
from . import notework
from .catalogue import CLOSED, ME_AGENT, VIEWLISTS
from .protocol import (ApiError, Response, coerce_fields, merge_customfields, model_error,
                       not_found, p_bool, p_first, p_int, paginate, problem)
from .resources import agent_filter, make_resources
from .ticketgen import ACTION_LIST_HIDDEN
from .util import fmt_ticks, html_to_text, int_or_none, now_ticks, num, rng_guid, text_to_html


# HALO_API.md F9: what an API agent without customers sees none of.
CUSTOMER_DATA = ("client", "site", "users", "asset", "clientcontract")


class Api:
    """Routes /api/... requests to the stores.  Holds the one lock that
    serialises every read and write of the data."""

    def __init__(self, emu, world, tickets):
        self.emu = emu            # the configuration (page size) and instance info
        self.world = world
        self.tickets = tickets
        self.lock = threading.RLock()
        self.res = make_resources(world, tickets)
        self.attachments = Attachments(tickets)

    # -- entry point
    def handle(self, method, segs, params, body, agent_id=ME_AGENT):
        if not segs:
            raise not_found("Resource", "")
        name = segs[0].lower()
        rest = segs[1:]
        if name == "instanceinfo" and method == "GET":
            return Response.json(200, self.emu.instance_info())
        if name == "tickets":
            return self.tickets_route(method, rest, params, body, agent_id)
        if name == "viewlists" and method == "GET" and not rest:
            return self.viewlists(params)
        if name == "actions":
            return self.actions_route(method, rest, params, body, agent_id)
        if name == "attachment":
            return self.attachments.route(method, rest, params, body, self.parse_body, agent_id)
        if name in notework.ROUTES:
            return notework.handle(self, name, method, rest, params, agent_id)
        res = self.res.get(name)
        if res is None:
            raise not_found("Resource", segs[0])
        return self.dict_route(res, method, rest, params, body, agent_id)

    def _method_not_allowed(self, method):
        return ApiError(405, {"Message": "The requested resource does not support http method "
                                         "'%s'." % method})

    # -- JSON bodies
    def parse_body(self, body):
        """POST bodies are arrays; a bare object counts as one record."""
        try:
            text = body.decode("utf-8")
            data = json.loads(text) if text.strip() else None
        except (UnicodeDecodeError, ValueError) as e:
            raise ApiError(400, problem({"$": ["The request body is not valid JSON: %s. "
                                               "Path: $ | LineNumber: 0." % e]}))
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list) or not data:
            raise ApiError(400, problem({"$": ["The JSON value could not be converted to "
                                               "System.Collections.Generic.List. Path: $"]}))
        for i, rec in enumerate(data):
            if not isinstance(rec, dict):
                raise ApiError(400, problem({"$[%d]" % i: [
                    "The JSON value could not be converted to an object. Path: $[%d]" % i]}))
        return data

    @staticmethod
    def answer(saved):
        """One record in, one object out; several in, an array out."""
        return Response.json(201, saved[0] if len(saved) == 1 else saved)

    # -- small resources
    def dict_route(self, res, method, rest, params, body, agent_id=ME_AGENT):
        if rest and rest[0].lower() == "me" and res.name == "agent" and method == "GET":
            return Response.json(200, res.get(agent_id))
        if method == "GET":
            if rest:
                return Response.json(200, res.get(res.parse_id(rest[0])))
            return self.dict_list(res, params)
        if method == "POST" and not rest:
            return self.dict_post(res, self.parse_body(body))
        if method == "DELETE" and rest:
            ident = res.parse_id(rest[0])
            rec = res.get(ident)
            del res.records[ident]
            self.tickets.invalidate()  # ticket names and name orders follow
            return Response.json(200, rec)
        raise self._method_not_allowed(method)

    def dict_list(self, res, params):
        recs = res.query(params)
        if res.name == "agent":
            recs = agent_filter(params, recs)
        if res.name == "outcome":
            recs = notework.allowed_outcomes(params, recs)
        if res.name == "status":
            if p_bool(params, "excludeclosed"):
                recs = [r for r in recs if r["id"] != CLOSED]
            if p_bool(params, "showcounts"):
                recs = [dict(r, ticket_count=self.status_count(r["id"])) for r in recs]
        if res.key is None:
            return Response.json(200, [res.list_item(r) for r in recs])
        if self.emu.config["sees_nothing"] and res.name in CUSTOMER_DATA:
            recs = []
        start, stop, extra = paginate(len(recs), params, self.emu.config["default_page_size"])
        out = dict(extra)
        out["record_count"] = len(recs)
        out[res.key] = [res.list_item(r) for r in recs[start:stop]]
        return Response.json(200, out)

    def status_count(self, sid):
        col = self.tickets.gen.col["status_id"]
        return col.count(bytes([sid])) if 0 <= sid < 256 else 0

    def dict_post(self, res, data):
        plan = []
        for i, rec_in in enumerate(data):
            ident = rec_in.get("id")
            if res.id_kind == "int":
                ident = int_or_none(ident) if ident not in (None, "") else 0
                if ident is None:
                    raise ApiError(400, model_error("id", "The JSON value could not be converted "
                                                    "to System.Int32. Path: $[%d].id" % i, i))
            if ident:
                cur = res.get(ident)
                fields = coerce_fields(rec_in, cur, i)
                plan.append((ident, fields))
            else:
                fields = coerce_fields(rec_in, res.template, i)
                for alts in res.required:
                    if not any(fields.get(f) not in (None, "", 0) for f in alts):
                        raise ApiError(400, "The %s field is required." % alts[0])
                plan.append((None, fields))
        saved = []
        for ident, fields in plan:
            if ident is None:
                ident = rng_guid(random) if res.id_kind == "guid" else res.next_id
                if res.id_kind == "int":
                    res.next_id += 1
                rec = dict(res.template)
                # Like Halo, fields the resource does not have are ignored.
                rec.update({k: v for k, v in fields.items() if k != "id" and k in rec})
                rec["id"] = ident
                res.records[ident] = rec
                changed = dict(rec)
            else:
                rec = res.records[ident]
                changed = {k: v for k, v in fields.items() if k != "id"}
                for k, v in changed.items():
                    if k == "customfields":
                        rec[k] = merge_customfields(rec.get(k), v)
                    elif k in rec:
                        rec[k] = v
            if res.derive:
                res.derive(self.world, rec, changed)
            saved.append(rec)
        self.tickets.invalidate()  # a renamed client or agent reorders ticket lists
        return self.answer(saved)

    # -- tickets
    def tickets_route(self, method, rest, params, body, agent_id=ME_AGENT):
        store = self.tickets
        if method == "GET" and rest:
            tid = int_or_none(rest[0])
            if tid is None:
                raise not_found("Ticket", rest[0])
            return Response.json(200, store.full(tid))
        if method == "GET":
            q = store.parse_query(params, self.view_filters(params))
            ids = store.ids_for(q)
            if self.emu.config["sees_nothing"]:
                ids = []
            start, stop, extra = paginate(len(ids), params, self.emu.config["default_page_size"])
            idonly = p_bool(params, "ticketidonly")
            out = dict(extra)
            out["record_count"] = len(ids)
            out["tickets"] = [store.list_item(t, idonly, deleted=q["deleted"])
                              for t in ids[start:stop]]
            out["include_children"] = False
            return Response.json(200, out)
        if method == "POST" and not rest:
            return self.tickets_post(self.parse_body(body), agent_id)
        if method == "DELETE" and rest:
            tid = int_or_none(rest[0])
            if tid is None:
                raise not_found("Ticket", rest[0])
            return Response.json(200, store.delete(tid))
        raise self._method_not_allowed(method)

    # -- saved views
    def viewlists(self, params):
        """GET /api/ViewLists: the saved ticket views.  HALO_API.md 3.2 does
        not list /ViewLists; like the other small lists it is answered as a
        bare array.  type=tickets (or no type) lists them, another type
        none; showcounts=true adds each view's ticket_count, the
        record_count of /Tickets?view_id=N."""
        kind = (p_first(params, "type") or "tickets").strip().lower()
        if kind not in ("tickets", "ticket", "1"):
            return Response.json(200, [])
        counts = p_bool(params, "showcounts")
        out = []
        for vid, name, seq, restriction, agent, team, group, filters in VIEWLISTS:
            team_name = (self.world.by["team"].get(team) or {}).get("name", "")
            rec = {"id": vid, "guid": "00000000-0000-4000-8000-%012d" % vid, "name": name,
                   "type": 1, "type_name": "Tickets", "sequence": seq,
                   "restriction_type": restriction, "agent_id": agent, "team_id": team,
                   "team_name": team_name, "showcounts": True, "group_name": group,
                   "group_seq": 1 if group == "Shared views" else 2}
            if counts:
                view = {k: [val] for k, val in filters.items()}
                ids = self.tickets.ids_for(self.tickets.parse_query({}, view))
                rec["ticket_count"] = 0 if self.emu.config["sees_nothing"] else len(ids)
            out.append(rec)
        return Response.json(200, out)

    @staticmethod
    def view_filters(params):
        """The /Tickets parameters of the saved view named by view_id, or
        None without one.  An unknown view is a 400 with a plain JSON
        string, as the other resources answer a bad reference: Halo's own
        answer is not captured, and a stale view should not quietly list
        every ticket."""
        vid = p_int(params, "view_id")
        if vid is None:
            return None
        for v in VIEWLISTS:
            if v[0] == vid:
                return {k: [val] for k, val in v[7].items()}
        raise ApiError(400, "The view %d does not exist." % vid)

    def tickets_post(self, data, agent_id=ME_AGENT):
        store = self.tickets
        template = store.gen.template()
        plan = []
        for i, rec_in in enumerate(data):
            tid = int_or_none(rec_in.get("id")) if rec_in.get("id") not in (None, "") else 0
            if tid is None:
                raise ApiError(400, model_error("id", "The JSON value could not be converted to "
                                                "System.Int32. Path: $[%d].id" % i, i))
            fields = coerce_fields(rec_in, template, i,
                                   int_fields=("status_id", "priority_id", "impact", "urgency"))
            if tid and fields.get("_recover") is True:
                plan.append(("recover", tid, fields))
                if tid not in store.deleted:
                    raise not_found("Ticket", tid)
                continue
            if tid:
                if not store.exists(tid):
                    raise not_found("Ticket", tid)
                store.validate_refs(fields, i)
                plan.append(("update", tid, fields))
            else:
                store.check_create(fields, i)
                store.validate_refs(fields, i)
                plan.append(("create", 0, fields))
        saved = []
        now = now_ticks()
        for op, tid, fields in plan:
            if op == "recover":
                store.recover(tid)
                rec = store.apply(tid, {k: v for k, v in fields.items()
                                        if not k.startswith("_") and k != "id"}, now)
            elif op == "update":
                rec = store.apply(tid, {k: v for k, v in fields.items()
                                        if not k.startswith("_") and k != "id"}, now)
            else:
                rec = dict(store.create({k: v for k, v in fields.items()
                                         if not k.startswith("_")}, now, agent_id), isnew=True)
            saved.append(rec)
        return self.answer(saved)

    # -- actions (keyed by ticket id and a per-ticket action id)
    def actions_route(self, method, rest, params, body, agent_id=ME_AGENT):
        store = self.tickets
        if method == "POST" and not rest:
            return self.actions_post(self.parse_body(body), agent_id)
        if method not in ("GET", "DELETE"):
            raise self._method_not_allowed(method)
        tid = p_int(params, "ticket_id")
        if tid is None:
            raise ApiError(400, "A ticket_id must be supplied.")
        if rest:
            aid = int_or_none(rest[0])
            acts = store.actions(tid)
            act = next((a for a in acts if a["id"] == aid), None) if aid is not None else None
            if act is None:
                raise not_found("Action", rest[0])
            if method == "DELETE":
                own = store.own_actions(tid)
                own[:] = [a for a in own if a["id"] != aid]
            return Response.json(200, act)
        if method != "GET":
            raise self._method_not_allowed(method)
        acts = list(reversed(store.actions(tid)))  # newest first
        if p_bool(params, "excludeprivate"):
            acts = [a for a in acts if not a.get("hiddenfromuser")]
        if p_bool(params, "excludesys"):
            acts = [a for a in acts if a.get("who_type") != 0]
        if p_bool(params, "agentonly"):
            acts = [a for a in acts if a.get("who_type") == 1]
        if p_bool(params, "conversationonly"):
            acts = [a for a in acts if not a.get("hiddenfromuser") and a.get("who_type") in (1, 2)]
        if p_bool(params, "importantonly"):
            acts = [a for a in acts if a.get("important")]
        start, stop, extra = paginate(len(acts), params, self.emu.config["default_page_size"])
        # `includehtmlnote` exists in Halo's spec ("Include the action note
        # HTML as part of the response"), so list items carry note_html only
        # when it is asked for.  Single GETs always carry it.
        hidden = set(ACTION_LIST_HIDDEN)
        if p_bool(params, "includehtmlnote"):
            hidden.discard("note_html")
        out = dict(extra)
        out["record_count"] = len(acts)
        out["actions"] = [{k: v for k, v in a.items() if k not in hidden}
                          for a in acts[start:stop]]
        return Response.json(200, out)

    def actions_post(self, data, agent_id=ME_AGENT):
        store = self.tickets
        template = store.gen.compose_action(0, 0, "Update", "", 1, 0, 0, "", False, 0, 0)
        plan = []
        for i, rec_in in enumerate(data):
            fields = coerce_fields(rec_in, template, i, int_fields=("new_status",))
            tid = int_or_none(fields.get("ticket_id"))
            if not tid:
                raise ApiError(400, "A ticket_id must be supplied.")
            if not store.exists(tid):
                raise ApiError(400, "Ticket %d does not exist." % tid)
            aid = int_or_none(fields.get("id")) or 0
            if aid:
                if not any(a["id"] == aid for a in store.actions(tid)):
                    raise not_found("Action", aid)
            else:
                # HALO_API.md F16: Halo's own texts.
                if not str(fields.get("outcome") or "").strip() and not fields.get("outcome_id"):
                    raise ApiError(400, "An Outcome must be entered for this Action")
                if fields.get("outcome_id") and not fields.get("outcome") and \
                        num(fields["outcome_id"]) not in self.world.by["outcome"]:
                    raise ApiError(400, "Invalid outcome_id %s." % fields["outcome_id"])
                if self._restricted_outcome(fields) or \
                        notework.outcome_refused(self.world, store.full(tid), fields):
                    raise ApiError(400, "You do not have access to this Action at the moment")
            ns = num(fields.get("new_status")) if fields.get("new_status") else None
            if ns and ns not in self.world.by["status"]:
                raise ApiError(400, "Invalid Status (new_status %s)." % fields["new_status"])
            plan.append((tid, aid, fields))
        saved = [self._save_action(tid, aid, fields, agent_id) for tid, aid, fields in plan]
        return self.answer(saved)

    def _restricted_outcome(self, fields):
        name = str(fields.get("outcome") or "").strip().casefold()
        oid = num(fields.get("outcome_id")) if fields.get("outcome_id") else None
        return any(o["id"] in self.world.restricted_outcomes and
                   (o["id"] == oid or o["outcome"].casefold() == name)
                   for o in self.world.outcomes)

    def _save_action(self, tid, aid, fields, agent_id=ME_AGENT):
        store, w = self.tickets, self.world
        now = now_ticks()
        own = store.own_actions(tid)
        ticket = store.full(tid)
        if aid:
            act = next(a for a in own if a["id"] == aid)
        else:
            outcome = str(fields.get("outcome") or "").strip()
            if not outcome:
                outcome = w.by["outcome"][num(fields["outcome_id"])]["outcome"]
            # The author is the agent the token acts as; `who` and
            # `who_agentid` in the body are kept as given (HA's E2E sends
            # them), `actionby_agent_id` is always the token's agent.
            me = w.by["agent"].get(agent_id) or {}
            status = num(ticket.get("status_id")) or 1
            act = store.gen.compose_action(tid, max([a["id"] for a in own] or [0]) + 1, outcome,
                                           fields.get("who") or me.get("name", ""), 1, agent_id,
                                           now, "", False, status, status)
            if fields.get("outcome_id"):
                act["outcome_id"] = int(num(fields["outcome_id"]))
            own.append(act)
        for k, v in fields.items():
            if k in act and k not in ("id", "ticket_id", "note", "note_html",
                                      "actionby_agent_id"):
                act[k] = v
        if "note_html" in fields:
            act["note_html"] = str(fields["note_html"])
            act["note"] = html_to_text(act["note_html"])
        elif "note" in fields:
            act["note"] = str(fields["note"])
            act["note_html"] = text_to_html(act["note"])
        changes = {}
        ns = num(fields.get("new_status")) if fields.get("new_status") else None
        if ns:
            act["new_status"] = int(ns)
            changes["status_id"] = int(ns)
        if not aid:
            changes["lastactiondate"] = fmt_ticks(now)
        if changes:
            store.apply(tid, changes, now)
        return act
