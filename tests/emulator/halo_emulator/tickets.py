# SPDX-License-Identifier: MIT
"""The ticket store: generated tickets overlaid with the ones edited,
created or deleted through the API, and the filtered, ordered id lists that
list requests page through."""

import bisect
import collections
import json
import re
from array import array

from .catalogue import CLOSED, ME_AGENT, SLAS
from .protocol import (ApiError, merge_customfields, model_error, not_found, p_bool,
                       p_first, p_ids, sort_norm)
from .ticketgen import (COLUMN_FIELDS, DATE_FIELDS, DERIVED_FIELDS, LIST_FIELDS, NAME_FIELDS,
                        TicketGenerator)
from .util import (SENTINEL_1900, fmt_ticks, html_to_text, mix64, now_ticks, num, parse_ticks,
                   text_to_html)


class TicketStore:
    """Live tickets = generated ids 1..N minus overrides and deletions, plus
    the overrides (edited, created and hostile tickets, kept as full dicts).
    Filtered and ordered id lists are cached per distinct query and dropped on
    any write, so paging through a million tickets costs one scan."""

    CACHE_MAX = 12
    SLOW_SORT_MAX = 50_000

    def __init__(self, world, count, seed):
        self.world = world
        self.gen = TicketGenerator(world, count, seed)
        self.n = count
        self.over = {}       # id -> full record (edited, created, hostile)
        self.deleted = {}    # id -> full record as it was when deleted
        self.act_over = {}   # ticket id -> list of actions, oldest first
        self.next_id = count + 1
        self.cache = collections.OrderedDict()
        self._make_hostile()

    # -- hostile tickets (documented in the module docstring)
    def _make_hostile(self):
        long_summary = ("Very long summary " + "lorem ipsum dolor sit amet " * 400)[:10000]
        patches = {
            13: {"summary": "Printer on 3rd floor \x1b]0;pwned\x07 jams \x1b[2J again"},
            14: {"summary": "Ctrl:\ttab\x07bell\x08\x08bs\rcr\x7fdel\x85nel\x9b31m lone CSI\x1b",
                 "details_html": "<p>Before NUL\x00after NUL \x01\x02\x03 \x9b2J</p>"},
            15: {"summary": long_summary},
            16: {"summary": "\u202egnp.exe\u202c attached – 東京支店 printer 🚀🔥 Z\u0334\u0321"
                            "\u031ba\u0337l\u0336g\u0335o\u0338 👩‍💻 ｆｕｌｌｗｉｄｔｈ"},
            17: {"details_html": (
                "<script>alert('x')</script><style>body{display:none}</style>"
                "<p>Click <a href=\"javascript:alert(1)\">here</a> or "
                "<a href=\"http://evil.example/\x1b]8;;x\x07\">there</a></p>"
                "<p>&#27;[31mred&#27;[0m &#0; &#xD800; &bogus; &amp;amp; &lt;b&gt;</p>"
                + "<div>" * 60 + "deep" + "</div>" * 50 +
                "<p><b><i>unclosed <u>tags<table><tr><td>cell")},
            18: {"summary": "", "details_html": ""},
        }
        for tid, patch in patches.items():
            if tid > self.n:
                continue
            rec = self.gen.full(tid)
            rec.update(patch)
            rec["details"] = html_to_text(rec["details_html"])
            if "\x00" in rec["details_html"]:
                rec["details"] = rec["details_html"].replace("<p>", "").replace("</p>", "")
            self.over[tid] = rec
        if 13 <= self.n:
            acts = self.gen.actions(13)
            acts[-1]["note_html"] = ("<p>Copied \x1b]52;c;cHduZWQ=\x07 to clipboard, see "
                                     "\x1b]8;;http://evil.example/\x07this link\x1b]8;;\x07</p>")
            acts[-1]["note"] = html_to_text(acts[-1]["note_html"])
            self.act_over[13] = acts

    # -- reads
    def exists(self, tid):
        return tid in self.over or (1 <= tid <= self.n and tid not in self.deleted)

    def full(self, tid):
        if tid in self.over:
            return self.over[tid]
        if 1 <= tid <= self.n and tid not in self.deleted:
            return self.gen.full(tid)
        raise not_found("Ticket", tid)

    def list_item(self, tid, idonly=False, deleted=False):
        rec = self.deleted[tid] if deleted else self.full(tid)
        if idonly:
            return {k: rec.get(k) for k in ("id", "sla_id", "status_id", "client_id",
                                            "client_name", "lastincomingemail")}
        return {k: rec[k] for k in LIST_FIELDS if k in rec}

    def asset_ids(self, tid):
        """The assets a ticket names (its "assets" array): what
        /Asset?ticket_id=T lists."""
        if not self.exists(tid):
            return set()
        return {num(a.get("id")) for a in self.full(tid).get("assets") or []}

    def live_count(self):
        return self.n - sum(1 for t in self.deleted if t <= self.n) + \
            sum(1 for t in self.over if t > self.n)

    # -- queries
    FILTERS = {
        "client_id": "client_id", "client_ids": "client_id", "status_id": "status_id",
        "status": "status_id", "agent_id": "agent_id", "agent": "agent_id",
        "team_id": "team_id", "team": "team_id", "priority_id": "priority_id",
        "priority": "priority_id", "tickettype_id": "tickettype_id",
        "requesttype_id": "tickettype_id", "requesttype": "tickettype_id",
        "site_id": "site_id", "user_id": "user_id", "asset_id": "asset_id",
        "sla_id": "sla_id", "sla": "sla_id",
    }

    def parse_query(self, params, view=None):
        """The query of a list request; view (a saved view's /Tickets
        parameters, for view_id) narrows it further: each of its filters is
        intersected with the request's own."""
        q = {"filters": {}, "ids": p_ids(params, "ticketids"),
             "exclude": p_ids(params, "excludethese") or set(),
             "search": (p_first(params, "search") or p_first(params, "search_summary") or "")
             .strip().casefold(),
             "search_id": bool(p_first(params, "search")),
             "order": (p_first(params, "order") or "id").strip().lower() or "id",
             "desc": p_bool(params, "orderdesc"), "deleted": p_bool(params, "deleted")}
        for source in (params, view or {}):
            for pname, field in self.FILTERS.items():
                want = p_ids(source, pname)
                if want is None:
                    continue
                cur = q["filters"].get(field)
                q["filters"][field] = want if cur is None else cur & want
        # open_only means "status is not Closed", whatever other statuses exist.
        q["open_only"] = p_bool(params, "open_only") or p_bool(view or {}, "open_only")
        if p_bool(params, "closed_only"):
            st = q["filters"].get("status_id")
            q["filters"]["status_id"] = (st & {CLOSED}) if st is not None else {CLOSED}
        q["key"] = json.dumps([sorted((k, sorted(v)) for k, v in q["filters"].items()),
                               sorted(q["ids"]) if q["ids"] is not None else None,
                               sorted(q["exclude"]), q["search"], q["search_id"], q["order"],
                               q["desc"], q["deleted"], q["open_only"]])
        return q

    def ids_for(self, q):
        hit = self.cache.get(q["key"])
        if hit is not None:
            self.cache.move_to_end(q["key"])
            return hit
        if q["deleted"]:
            gen_ids = []
            over_ids = [t for t, r in self.deleted.items() if self.record_matches(r, q)]
        else:
            gen_ids = self._scan_generated(q)
            over_ids = [t for t, r in self.over.items() if self.record_matches(r, q)]
        ids = self._order(gen_ids, over_ids, q)
        result = array("i", ids)
        self.cache[q["key"]] = result
        while len(self.cache) > self.CACHE_MAX:
            self.cache.popitem(last=False)
        return result

    def _scan_generated(self, q):
        gen, n = self.gen, self.n
        filters = dict(q["filters"])
        # A user, site or asset belongs to one client: filter the cheap byte
        # column first, then compute the derived field for the survivors.
        for field, owner in (("user_id", gen.user_client), ("site_id", gen.site_client),
                             ("asset_id", gen.asset_client)):
            if field in filters and 0 not in filters[field]:
                owners = {owner.get(int(v)) for v in filters[field] if v == int(v)} - {None}
                cur = filters.get("client_id")
                filters["client_id"] = owners if cur is None else cur & owners
        if q["open_only"]:
            cur = filters.get("status_id")
            filters["status_id"] = (set(range(256)) if cur is None else cur) - {CLOSED}
        idx = None
        if q["ids"] is not None:
            idx = sorted(int(t) - 1 for t in q["ids"] if t == int(t) and 1 <= t <= n)
        for field in sorted((f for f in filters if f in COLUMN_FIELDS),
                            key=lambda f: len(filters[f])):
            allowed = {int(v) for v in filters[field] if v == int(v) and 0 <= v < 256}
            col = gen.col[field]
            if not allowed:
                return []
            if idx is None:
                pat = re.compile(b"[" + b"".join(re.escape(bytes([v])) for v in sorted(allowed))
                                 + b"]")
                idx = [m.start() for m in pat.finditer(col)]
            else:
                idx = [i for i in idx if col[i] in allowed]
        if q["search"]:
            found = gen.summary_search(idx, q["search"])
            if q["search_id"] and q["search"].isdigit():
                t = int(q["search"]) - 1
                if 0 <= t < n and (idx is None or t in set(idx)) and t not in found:
                    bisect.insort(found, t)
            idx = found
        for field in DERIVED_FIELDS:
            if field in filters:
                allowed = filters[field]
                rng = range(n) if idx is None else idx
                idx = [i for i in rng if gen.derived(i + 1, field) in allowed]
        ids = list(range(1, n + 1)) if idx is None else [i + 1 for i in idx]
        drop = set(self.over) | set(self.deleted) | q["exclude"]
        if drop:
            if len(drop) < 64:
                for t in sorted(drop, reverse=True):
                    j = bisect.bisect_left(ids, t)
                    if j < len(ids) and ids[j] == t:
                        del ids[j]
            else:
                ids = [t for t in ids if t not in drop]
        return ids

    def record_matches(self, rec, q):
        tid = rec.get("id")
        if q["ids"] is not None and tid not in q["ids"]:
            return False
        if tid in q["exclude"]:
            return False
        if q["open_only"] and num(rec.get("status_id")) == CLOSED:
            return False
        for field, allowed in q["filters"].items():
            if field == "asset_id":
                have = {num(a.get("id")) for a in rec.get("assets") or [] if isinstance(a, dict)}
                if not (have & allowed) and not (0 in allowed and not have):
                    return False
            elif num(rec.get(field)) not in allowed:
                return False
        if q["search"]:
            text = str(rec.get("summary", "")).casefold()
            if q["search"] not in text and not (q["search_id"] and q["search"] == str(tid)):
                return False
        return True

    def record_key(self, field):
        if field in DATE_FIELDS or field == "fixbydate":
            return lambda r: parse_ticks(r.get(field)) or 0
        if field == "id" or field in COLUMN_FIELDS or field in DERIVED_FIELDS:
            def key(r):
                if field == "asset_id":
                    a = r.get("assets") or [{}]
                    return num(a[0].get("id")) or 0
                return num(r.get(field)) or 0
            return key
        if field in ("summary", "site_name", "user_name") or field in NAME_FIELDS:
            return lambda r: str(r.get(field, "")).casefold()
        return None

    def _order(self, gen_ids, over_ids, q):
        """gen_ids: generated ids, ascending; over_ids: ids of stored records."""
        field, desc = q["order"], q["desc"]
        (gkey, monotone), rkey = self.gen.sort_key(field), self.record_key(field)
        over = self.over if not q["deleted"] else self.deleted
        if gkey is None or rkey is None:
            # Any other field: order by the full record.  That costs about
            # 0.3 ms a ticket, so beyond SLOW_SORT_MAX tickets (and for
            # fields no ticket has) the order stays by id, as if Halo had
            # ignored an order it does not index.
            if len(gen_ids) + len(over_ids) > self.SLOW_SORT_MAX or \
                    field not in self.gen.template():
                out = sorted(gen_ids + over_ids)
                return out[::-1] if desc else out
            get = (lambda t: over[t]) if q["deleted"] else self.full
            return sorted(gen_ids + over_ids, key=lambda t: sort_norm(get(t).get(field)),
                          reverse=desc)
        if monotone:
            # Generated ids are already in key order: merge the few stored
            # records in by binary search instead of keying a million ids.
            out = gen_ids
            for t in sorted(over_ids, key=lambda t: rkey(over[t])):
                k = rkey(over[t])
                out.insert(bisect.bisect_right(out, k, key=gkey), t)
            if desc:
                out.reverse()
            return out
        return sorted(gen_ids + over_ids,
                      key=lambda t: rkey(over[t]) if t in over else gkey(t), reverse=desc)

    # -- writes
    def invalidate(self):
        self.cache.clear()

    def _materialise(self, tid):
        rec = self.over.get(tid)
        if rec is None:
            rec = self.full(tid)
            self.over[tid] = rec
        return rec

    def validate_refs(self, rec, index):
        w = self.world
        checks = (("client_id", "client", "Please select a valid Client"),
                  ("site_id", "site", "Please select a valid Site"),
                  ("user_id", "users", "Please select a valid User"),
                  ("agent_id", "agent", "Please select a valid Agent"),
                  ("status_id", "status", "Invalid Status"),
                  ("team_id", "team", "Invalid Team"),
                  ("tickettype_id", "tickettype", "Invalid Ticket Type"))
        for field, res, message in checks:
            if field in rec:
                v = num(rec[field])
                if v in (0, -1) and field not in ("client_id", "status_id", "tickettype_id"):
                    continue
                if v not in w.by[res]:
                    raise ApiError(400, "%s (%s %s)." % (message, field, rec[field]))
        if "priority_id" in rec and num(rec["priority_id"]) not in (1, 2, 3, 4):
            raise ApiError(400, "Invalid Priority (priority_id %s)." % rec["priority_id"])

    def check_create(self, rec, index):
        missing = [f for f in ("summary", "client_id")
                   if f not in rec or rec[f] in (None, "") or
                   (f == "client_id" and num(rec[f]) in (0, None))]
        if missing:
            errors = {}
            for f in missing:
                errors.update(model_error(f, "The %s field is required." % f, index))
            raise ApiError(400, errors)

    def create(self, rec, now, agent_id=ME_AGENT):
        w, gen = self.world, self.gen
        tid = self.next_id
        self.next_id += 1
        cid = int(num(rec["client_id"]))
        tt = int(num(rec.get("tickettype_id") or 1))
        ttype = w.by["tickettype"][tt]
        user_id = int(num(rec.get("user_id") or 0))
        user = w.by["users"].get(user_id) or {}
        site = int(num(rec.get("site_id") or 0)) or user.get("site_id_int") or \
            (gen.sites_by_client.get(cid) or [0])[0]
        core = {"id": tid, "h": mix64(tid), "h2": mix64(tid ^ 0x77), "client_id": cid,
                "site_id": site, "user_id": user_id, "asset_id": 0,
                "status_id": int(num(rec.get("status_id") or 1)),
                "priority_id": int(num(rec.get("priority_id") or ttype["default_priority"])),
                "agent_id": int(num(rec.get("agent_id") or 1)),
                "team_id": int(num(rec.get("team_id") or ttype["default_team"])),
                "tickettype_id": tt, "sla_id": ttype["default_sla"], "occ": now, "last": now,
                "closed": 0, "first_response": 0, "z": True, "client_float": False,
                "summary": str(rec["summary"]),
                "details_html": rec.get("details_html") or text_to_html(rec.get("details", ""))}
        full = gen.compose(core)
        full["customfields"] = [dict(cf, value="", display="") for cf in full["customfields"]]
        full["tags"], full["ticket_tags"], full["assets"] = [], "", []
        # Logged by the agent the request acts as (the API agent for the
        # services application).
        full["who"] = (w.by["agent"].get(agent_id) or {}).get("name", "")
        full["source"] = 0
        self.over[tid] = full
        rest = {k: v for k, v in rec.items() if k not in core and k != "details"}
        self.apply(tid, rest, now)
        logged = gen.compose_action(tid, 1, "Ticket Logged", full["who"], 1, agent_id, now,
                                    full["details_html"], False, 1, full["status_id"])
        self.act_over[tid] = [logged]
        self.invalidate()
        return self.over[tid]

    def apply(self, tid, fields, now):
        """A partial update: set only the given fields, then re-derive the
        names that depend on changed ids."""
        w = self.world
        rec = self._materialise(tid)
        for k, v in fields.items():
            if k == "customfields":
                rec["customfields"] = merge_customfields(rec.get("customfields"), v)
            elif k in rec and k not in ("id", "priority", "user", "tickettype"):
                rec[k] = v
        if "details_html" in fields:
            rec["details"] = html_to_text(str(fields["details_html"]))
        elif "details" in fields:
            rec["details_html"] = text_to_html(str(fields["details"]))
        if "team" in fields and "team_id" not in fields:
            team = next((t for t in w.teams if t["name"].casefold() ==
                         str(fields["team"]).casefold()), None)
            rec["team_id"] = team["id"] if team else 0
        self._derive(rec, fields)
        rec["last_update"] = fmt_ticks(now)
        self.invalidate()
        return rec

    def _derive(self, rec, changed):
        w = self.world
        by = w.by
        if "client_id" in changed:
            c = by["client"].get(num(rec["client_id"])) or {}
            rec["client_name"] = c.get("name", "")
            rec["is_vip"] = bool(c.get("is_vip"))
            if "site_id" not in changed and self.gen.site_client.get(num(rec["site_id"])) != \
                    num(rec["client_id"]):
                rec["site_id"] = (self.gen.sites_by_client.get(int(num(rec["client_id"]))) or [0])[0]
                changed = dict(changed, site_id=rec["site_id"])
        if "site_id" in changed:
            s = by["site"].get(num(rec["site_id"])) or {}
            rec["site_name"] = s.get("name", "")
            rec["site_timezone"] = s.get("timezone", "")
        if "user_id" in changed:
            u = by["users"].get(num(rec["user_id"])) or {}
            rec["user_name"] = u.get("name", "")
            rec["user_email"] = u.get("emailaddress", "")
            rec["reportedby"] = u.get("emailaddress") or u.get("name", "")
            rec["user"] = {"id": rec["user_id"], "name": u.get("name", ""),
                           "site_id": u.get("site_id", 0.0), "site_id_int": u.get("site_id_int", 0),
                           "emailaddress": u.get("emailaddress", ""),
                           "client_name": u.get("client_name", "")} if u else {}
        if "status_id" in changed:
            rec["status_name"] = (by["status"].get(num(rec["status_id"])) or {}).get("name", "")
            rec["onhold"] = num(rec["status_id"]) == 8
            if num(rec["status_id"]) == CLOSED and rec.get("dateclosed", SENTINEL_1900) == SENTINEL_1900:
                rec["dateclosed"] = fmt_ticks(now_ticks())
            elif num(rec["status_id"]) != CLOSED:
                rec["dateclosed"] = SENTINEL_1900
        if "agent_id" in changed:
            rec["agent_name"] = (by["agent"].get(num(rec["agent_id"])) or {}).get("name", "")
        if "team_id" in changed or "team" in changed:
            rec["team"] = (by["team"].get(num(rec["team_id"])) or {}).get("name", "")
        if "tickettype_id" in changed:
            t = by["tickettype"].get(num(rec["tickettype_id"])) or {}
            rec["tickettype_name"] = t.get("name", "")
            rec["tickettype"] = {"id": rec["tickettype_id"], "name": t.get("name", "")}
            if "sla_id" not in changed and t:
                rec["sla_id"] = t["default_sla"]
        if {"priority_id", "tickettype_id", "sla_id"} & set(changed):
            rec["sla_name"] = dict(SLAS).get(num(rec["sla_id"]), "")
            rec["priority"] = dict(self.gen.priority_row.get(
                (num(rec["sla_id"]), num(rec["priority_id"]))) or {})

    def delete(self, tid):
        rec = self.full(tid)
        self.over.pop(tid, None)
        self.deleted[tid] = dict(rec, deleted=True)
        self.invalidate()
        return rec

    def recover(self, tid):
        rec = self.deleted.pop(tid, None)
        if rec is None:
            raise not_found("Ticket", tid)
        self.over[tid] = dict(rec, deleted=False)
        self.invalidate()
        return self.over[tid]

    # -- actions
    def actions(self, tid):
        if tid in self.act_over:
            return self.act_over[tid]
        if 1 <= tid <= self.n and tid not in self.deleted:
            return self.gen.actions(tid)
        return []

    def own_actions(self, tid):
        if tid not in self.act_over:
            self.act_over[tid] = self.actions(tid)
        return self.act_over[tid]
