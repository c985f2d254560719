# SPDX-License-Identifier: MIT
"""Generated tickets and their actions.  A ticket is a pure function of
(seed, id) plus a few byte columns, so a million of them cost a few
megabytes and filters scan bytes instead of Python objects."""

import collections
import html
import random
from array import array
from datetime import datetime, timezone

from .catalogue import (AGENTS, API_AGENT_TICKET, CATEGORIES, CLOSED, DETAILS_TEMPLATES,
                        IMPACT_DISPLAY, ME_AGENT, NOTE_TEMPLATES, OUTCOMES, SLAS, SLOT_VALUES,
                        SUMMARY_TEMPLATES, TEAMS, TICKET_TYPES)
from .util import (DATA_NOW_TICKS, SENTINEL_0001, SENTINEL_1899, SENTINEL_1900, TICKS,
                   fmt_ticks, hash_guid, html_to_text, mix64, seeded, ticks_of, weighted_table)

LIST_FIELDS = (  # HALO_API 5.1: the fields a /Tickets list item carries
    "id", "summary", "details", "agent_id", "targetdate", "dateoccurred", "status_id",
    "tickettype_id", "sla_id", "priority_id", "client_id", "client_name", "site_id",
    "site_name", "user_id", "user_name", "team", "category_1", "category_2", "category_3",
    "category_4", "estimatedays", "child_count", "attachment_count", "flagged", "read",
    "enduserstatus", "onhold", "excludefromsla", "is_vip", "isimportantcontact", "inactive",
    "impact", "urgency", "respondbydate", "fixbydate", "site_timezone", "lastactiondate",
    "last_update", "lastincomingemail", "starttime", "starttimeslot", "targettime",
    "targettimeslot", "deadlinedate", "responsedate", "organisation_id", "department_id",
    "reportedby", "user_email", "emailtolist", "emailcclist", "matched_kb_id", "product_id",
    "release_id", "workflow_id", "workflow_step", "userdef1", "userdef2", "userdef3",
    "userdef4", "userdef5", "source", "guid", "merged_into_id", "use", "itil_requesttype_id",
    "ticket_tags",
)
# Name fields that follow from a byte column: field -> (id field, resource, name attribute).
NAME_FIELDS = {"client_name": ("client_id", "client", "name"),
               "status_name": ("status_id", "status", "name"),
               "agent_name": ("agent_id", "agent", "name"),
               "team": ("team_id", "team", "name"),
               "tickettype_name": ("tickettype_id", "tickettype", "name")}
COLUMN_FIELDS = ("client_id", "status_id", "priority_id", "agent_id", "team_id", "tickettype_id")
DERIVED_FIELDS = ("site_id", "user_id", "asset_id", "sla_id")
DATE_FIELDS = ("dateoccurred", "lastactiondate", "last_update", "datecreated")
ACTION_LIST_HIDDEN = ("note_html", "emailbody_html", "_canupdate", "customfields")


class TicketGenerator:
    """Tickets 1..N as a pure function of (seed, id) plus six byte columns and
    one 16-bit summary column.  Nothing per ticket is kept as a Python object,
    so a million tickets take about 8 MB and filters scan bytes."""

    SPAN_START = ticks_of(datetime(2021, 1, 4, 8, 0, 0, tzinfo=timezone.utc))
    SPAN_END = ticks_of(datetime(2024, 6, 28, 17, 0, 0, tzinfo=timezone.utc))

    def __init__(self, world, count, seed):
        self.world = world
        self.n = count
        self.salt = mix64(seed * 0x2545F4914F6CDD1D + 0x1234567)
        # Whole seconds, so that the fraction of a date is only ever `frac`
        # in occ_of() and some dates come out with no fraction at all.
        self.step = max(TICKS, (self.SPAN_END - self.SPAN_START) // max(count, 1) // TICKS * TICKS)
        rng = seeded(seed, "tickets")
        n = count
        # Columns.  Each byte is a real id (every id used here is < 256).
        self.col = {}
        self.col["client_id"] = rng.randbytes(n).translate(weighted_table(
            [(c["id"], world.client_weight[c["id"]]) for c in world.clients
             if world.client_weight[c["id"]]]))
        old = n - n * 15 // 100  # the newest 15% are mostly open, the rest mostly closed
        closed_heavy = weighted_table([(CLOSED, 92), (21, 2), (8, 2), (4, 2), (2, 2)])
        open_heavy = weighted_table([(1, 20), (2, 25), (3, 12), (4, 12), (8, 6), (18, 5),
                                     (28, 4), (21, 6), (CLOSED, 10)])
        raw = rng.randbytes(n)
        self.col["status_id"] = raw[:old].translate(closed_heavy) + raw[old:].translate(open_heavy)
        self.col["priority_id"] = rng.randbytes(n).translate(
            weighted_table([(1, 5), (2, 15), (3, 50), (4, 30)]))
        # Team and agent come from the same random byte so agents stay in their teams.
        pairs = [((a[2], a[0]), 9) for a in AGENTS if a[2]]
        pairs += [((t, 1), 6) for t, _ in TEAMS] + [((0, 1), 2)]
        slots = weighted_table(list(enumerate(w for _, w in pairs)))
        raw = rng.randbytes(n).translate(slots)
        self.col["team_id"] = raw.translate(bytes(pairs[b][0][0] if b < len(pairs) else 0
                                                  for b in range(256)))
        self.col["agent_id"] = raw.translate(bytes(pairs[b][0][1] if b < len(pairs) else 1
                                                   for b in range(256)))
        # Ticket 19 is assigned to the API-only agent (HALO_API.md F10): a
        # client must list agents with includeapiagents=true to name it.
        if n >= API_AGENT_TICKET:
            at = API_AGENT_TICKET - 1
            for key, val in (("agent_id", ME_AGENT), ("team_id", 0)):
                self.col[key] = self.col[key][:at] + bytes([val]) + self.col[key][at + 1:]
        self.col["tickettype_id"] = rng.randbytes(n).translate(weighted_table(
            [(1, 55), (3, 30), (4, 5), (2, 7), (21, 2), (36, 1)]))
        self.summary_idx = array("H")
        self.summary_idx.frombytes(rng.randbytes(2 * n))
        # Dates: ticket i occurs at start + i*step + jitter, the jitter from a
        # byte column and kept below one step, so the date order is the id
        # order and a date costs arithmetic, not a hash.
        self.jitter = rng.randbytes(n)
        self.jstep = (self.step - TICKS) // 256 // TICKS * TICKS
        # Action schedules: 256 classes of 2-8 cumulative offsets; a byte
        # column picks one per ticket, so the last action date is cheap too.
        self.sched = rng.randbytes(n)
        self.sched_offsets = []
        for _ in range(256):
            count = rng.randint(2, 8)
            offs = [rng.randrange(1, 6) * TICKS + rng.randrange(TICKS)]
            for _ in range(1, count):
                offs.append(offs[-1] + rng.choice([60, 600, 3600, 14400, 86400, 259200])
                            * TICKS * rng.randrange(1, 100) // 50 + rng.randrange(TICKS))
            self.sched_offsets.append(offs)
        self._summaries = None
        self._summaries_cf = None
        self._summary_cache = {}
        # Who and where, by client, frozen at start so generated tickets never move.
        self.sites_by_client = collections.defaultdict(list)
        for s in world.sites:
            self.sites_by_client[int(s["client_id"])].append(s["id"])
        self.users_by_site = collections.defaultdict(list)
        self.users_by_client = collections.defaultdict(list)
        self.user_client = {}
        for u in world.users:
            if not u["inactive"]:
                self.users_by_site[u["site_id_int"]].append(u["id"])
                self.users_by_client[u["client_id"]].append(u["id"])
            self.user_client[u["id"]] = u["client_id"]
        self.site_client = {s["id"]: int(s["client_id"]) for s in world.sites}
        self.assets_by_client = collections.defaultdict(list)
        for a in world.assets:
            self.assets_by_client[a["client_id"]].append(a["id"])
        self.asset_client = {a["id"]: a["client_id"] for a in world.assets}
        self.sla_of_type = {t[0]: t[3] for t in TICKET_TYPES}
        self.prefix_of_type = {t[0]: t[2] for t in TICKET_TYPES}
        self.priority_row = {(p["slaid"], p["priorityid"]): p for p in world.priorities}

    # -- summaries: 65,536 distinct texts indexed by a 16-bit column
    BIG = 20000  # from this many tickets on, searches use the whole table

    @staticmethod
    def make_summary(v):
        h = mix64(v + 77)
        slots = {k: vals[(h >> (3 * j)) % len(vals)]
                 for j, (k, vals) in enumerate(SLOT_VALUES.items())}
        slots["n"] = 2 + (h >> 40) % 60
        slots["hex"] = "%08X" % ((h >> 20) & 0xFFFFFFFF)
        return SUMMARY_TEMPLATES[v % len(SUMMARY_TEMPLATES)].format(**slots)

    def summaries(self):
        """The whole table (a quarter of a second to build): worth it only
        for big data sets, where a search tests 65,536 texts, not N."""
        if self._summaries is None:
            self._summaries = [self.make_summary(v) for v in range(65536)]
        return self._summaries

    def summary_text(self, v):
        if self._summaries is not None:
            return self._summaries[v]
        s = self._summary_cache.get(v)
        if s is None:
            s = self._summary_cache[v] = self.make_summary(v)
        return s

    def summary_search(self, idx, text):
        """Indexes (0-based, ascending) among idx whose summary contains text."""
        sidx = self.summary_idx
        rng = range(self.n) if idx is None else idx
        if self.n < self.BIG:
            return [i for i in rng if text in self.summary_text(sidx[i]).casefold()]
        if self._summaries_cf is None:
            self._summaries_cf = [s.casefold() for s in self.summaries()]
        match = {v for v, s in enumerate(self._summaries_cf) if text in s}
        return [i for i in rng if sidx[i] in match]

    # -- the cheap per-ticket core
    def core(self, tid):
        i = tid - 1
        h = mix64(self.salt ^ tid)
        h2 = mix64(h ^ 0x5BD1E995)
        cid = self.col["client_id"][i]
        sites = self.sites_by_client.get(cid) or [0]
        site = sites[(h & 0xFFFF) % len(sites)]
        users = self.users_by_site.get(site) or self.users_by_client.get(cid) or []
        u = (h >> 16) & 0xFFFF
        user = users[u % len(users)] if users and u % 32 else 0
        assets = self.assets_by_client.get(cid)
        asset = assets[(h2 >> 40) % len(assets)] if assets and (h2 >> 36) % 5 < 2 else 0
        occ = self.occ_of(tid)
        tt = self.col["tickettype_id"][i]
        return {"id": tid, "h": h, "h2": h2, "client_id": cid, "site_id": site, "user_id": user,
                "asset_id": asset, "status_id": self.col["status_id"][i],
                "priority_id": self.col["priority_id"][i], "agent_id": self.col["agent_id"][i],
                "team_id": self.col["team_id"][i], "tickettype_id": tt,
                "sla_id": self.sla_of_type.get(tt, 1), "occ": occ,
                "z": ((h >> 52) & 0xF) == 0, "client_float": ((h >> 56) & 0x1F) == 0,
                "summary": self.summary_text(self.summary_idx[i])}

    def occ_of(self, tid):
        """When ticket tid occurred, in ticks; strictly increasing with tid.
        The fraction has 0-7 digits, as Halo's dates do."""
        i = tid - 1
        frac = (tid * 0x9E3779B1) % TICKS
        gran = ((tid * 0x85EBCA6B) >> 7) & 0xF
        if gran >= 15:
            frac = 0
        elif gran == 14:
            frac -= frac % 100000
        elif gran >= 11:
            frac -= frac % 10000
        return self.SPAN_START + i * self.step + self.jitter[i] * self.jstep + frac

    def schedule(self, tid, occ):
        """Action times, oldest first; never later than the data's "now"."""
        offs = self.sched_offsets[self.sched[tid - 1]]
        room = (DATA_NOW_TICKS - occ) * 9 // 10
        if offs[-1] > room > 0:
            return [occ + o * room // offs[-1] for o in offs]
        return [occ + o for o in offs]

    def fix_hours(self, sla_id, priority_id):
        """Hours from occurring to the fix-by target: the priority's fix
        time under the ticket's SLA (HALO_API.md F1)."""
        prow = self.priority_row.get((sla_id, priority_id)) or {}
        return prow.get("fixtime", 3.0) * (24 if prow.get("fixunits") == "D" else 1)

    def fixby_ticks(self, tid):
        tt = self.col["tickettype_id"][tid - 1]
        fix_h = self.fix_hours(self.sla_of_type.get(tt, 1), self.col["priority_id"][tid - 1])
        return self.occ_of(tid) + int(fix_h * 3600) * TICKS

    def last_action_ticks(self, tid):
        occ = self.occ_of(tid)
        last = self.sched_offsets[self.sched[tid - 1]][-1]
        room = (DATA_NOW_TICKS - occ) * 9 // 10
        return occ + (room if last > room > 0 else last)

    def template(self):
        """A full record with every field, used to learn field types."""
        core = {"id": 1, "h": 1, "h2": 1, "client_id": 0, "site_id": 0, "user_id": 0,
                "asset_id": 0, "status_id": 1, "priority_id": 3, "agent_id": 1, "team_id": 0,
                "tickettype_id": 1, "sla_id": 1, "occ": DATA_NOW_TICKS, "last": DATA_NOW_TICKS,
                "closed": 0, "first_response": 0, "z": True, "client_float": False,
                "summary": "", "details_html": ""}
        return self.compose(core)

    def derived(self, tid, field):
        return self.core(tid)[field]

    def sort_key(self, field):
        """A fast key for ordering generated tickets by a common field, or
        None when only the full record knows it.  Types match record_key().
        Returns (key, monotone): monotone keys already follow the id order."""
        if field == "id":
            return (lambda tid: tid), True
        if field in COLUMN_FIELDS:
            col = self.col[field]
            return (lambda tid: col[tid - 1]), False
        if field in ("dateoccurred", "datecreated"):
            return self.occ_of, True
        if field in ("lastactiondate", "last_update"):
            return self.last_action_ticks, False
        if field == "fixbydate":
            # "Breaching soon" lists order by it (order=fixbydate).
            return self.fixby_ticks, False
        if field == "summary":
            idx = self.summary_idx
            cache = {}

            def key(tid):
                v = idx[tid - 1]
                k = cache.get(v)
                if k is None:
                    k = cache[v] = self.summary_text(v).casefold()
                return k
            return key, False
        if field in NAME_FIELDS:
            id_field, res, attr = NAME_FIELDS[field]
            names = {k: str(r.get(attr, "")).casefold() for k, r in self.world.by[res].items()}
            col = self.col[id_field]
            return (lambda tid: names.get(col[tid - 1], "")), False
        if field in DERIVED_FIELDS:
            return (lambda tid: self.core(tid)[field]), False
        if field in ("site_name", "user_name"):
            res = "site" if field == "site_name" else "users"
            id_field = "site_id" if field == "site_name" else "user_id"
            names = {k: str(r.get("name", "")).casefold() for k, r in self.world.by[res].items()}
            return (lambda tid: names.get(self.core(tid)[id_field], "")), False
        return None, False

    # -- full records
    def full(self, tid):
        c = self.core(tid)
        times = self.schedule(tid, c["occ"])
        c["last"] = times[-1]
        c["first_response"] = times[1] if len(times) > 1 else 0
        c["closed"] = times[-1] if c["status_id"] == CLOSED else 0
        return self.compose(c)

    def compose(self, c):
        """The full ticket, as GET /Tickets/{id} returns it, from a core."""
        w = self.world
        tid, h2, z = c["id"], c["h2"], c["z"]
        client = w.by["client"].get(c["client_id"]) or {}
        site = w.by["site"].get(c["site_id"]) or {}
        user = w.by["users"].get(c["user_id"]) or {}
        agent = w.by["agent"].get(c["agent_id"]) or {}
        status = w.by["status"].get(c["status_id"]) or {}
        team = w.by["team"].get(c["team_id"]) or {}
        ttype = w.by["tickettype"].get(c["tickettype_id"]) or {}
        prow = self.priority_row.get((c["sla_id"], c["priority_id"])) or {}
        occ = c["occ"]
        resp_h = prow.get("responsetime", 4.0) * (24 if prow.get("responseunits") == "D" else 1)
        fix_h = self.fix_hours(c["sla_id"], c["priority_id"])
        fixby = occ + int(fix_h * 3600) * TICKS
        elapsed_h = ((c["closed"] or DATA_NOW_TICKS) - occ) / TICKS / 3600.0
        if "details_html" in c:
            details_html = c["details_html"]
        else:
            tmpl = DETAILS_TEMPLATES[(h2 >> 4) % len(DETAILS_TEMPLATES)]
            asset_tag = (w.by["asset"].get(c["asset_id"]) or {}).get("inventory_number",
                                                                      "LAP-00042")
            details_html = tmpl.format(s=html.escape(c["summary"], quote=False),
                                       u=html.escape(user.get("firstname") or "there"),
                                       c=html.escape(client.get("name", "")),
                                       n=2 + (h2 >> 12) % 58, a=asset_tag)
        cid = c["client_id"]
        tags = [{"id": 0, "text": t} for t in (("bug",), ("vip", "onsite"), ())[(h2 >> 50) % 3]] \
            if (h2 >> 48) % 4 == 0 else []
        cf_impact = 1 + (h2 >> 24) % 3
        asset = w.by["asset"].get(c["asset_id"])
        email_src = (h2 >> 30) % 3 == 0
        rec = {
            "id": tid, "dateoccurred": fmt_ticks(occ, z), "summary": c["summary"],
            "details": html_to_text(details_html), "details_html": details_html,
            "status_id": c["status_id"], "status_name": status.get("name", ""),
            "tickettype_id": c["tickettype_id"], "tickettype_name": ttype.get("name", ""),
            "sla_id": c["sla_id"], "sla_name": dict(SLAS).get(c["sla_id"], ""),
            "priority_id": c["priority_id"], "priority": dict(prow),
            # HALO_API 10.3: ids sometimes arrive as doubles.
            "client_id": float(cid) if c.get("client_float") else cid,
            "client_name": client.get("name", ""), "site_id": c["site_id"],
            "site_name": site.get("name", ""), "user_id": c["user_id"],
            "user_name": user.get("name", ""), "team": team.get("name", ""),
            "team_id": c["team_id"], "agent_id": c["agent_id"],
            "agent_name": agent.get("name", ""),
            "category_1": CATEGORIES[(h2 >> 52) % len(CATEGORIES)], "category_2": "",
            "category_3": "", "category_4": "",
            "estimate": -0.0, "estimatedays": 0.0,
            "timetaken": round(((h2 >> 56) % 12) * 0.25, 2),
            "child_count": 0, "attachment_count": (h2 >> 20) % 4 if (h2 >> 22) % 4 == 0 else 0,
            "flagged": (h2 >> 33) % 17 == 0, "read": c["status_id"] != 1,
            "enduserstatus": 0, "onhold": c["status_id"] == 8,
            "respondbydate": fmt_ticks(occ + int(resp_h * 3600) * TICKS, z),
            "fixbydate": fmt_ticks(fixby, z),
            "responsedate": fmt_ticks(c["first_response"], z) if c.get("first_response")
            else SENTINEL_1900,
            "dateclosed": fmt_ticks(c["closed"], z) if c["closed"] else SENTINEL_1900,
            "excludefromsla": False, "slaholdtime": 0.0,
            "site_timezone": site.get("timezone", ""),
            "slaactiondate": fmt_ticks(fixby, z),
            "slapercused": round(elapsed_h / fix_h, 4) if fix_h else 0.0,
            "slatimeleft": round(fix_h - elapsed_h, 4),
            "lastactiondate": fmt_ticks(c["last"], z), "last_update": fmt_ticks(c["last"], z),
            "lastincomingemail": fmt_ticks(occ, False) if email_src else SENTINEL_0001,
            "organisation_id": 0, "department_id": 0,
            "reportedby": user.get("emailaddress") or user.get("name", ""),
            "user_email": user.get("emailaddress", ""), "emailtolist": "",
            "emailcclist": "" if (h2 >> 34) % 9 else "manager@example.com;it@example.com",
            "matched_kb_id": 0, "product_id": 0, "release_id": 0, "workflow_id": 0,
            "workflow_step": 0, "is_vip": bool(client.get("is_vip")),
            "isimportantcontact": bool(user.get("isimportantcontact")), "inactive": False,
            "impact": cf_impact, "urgency": 4 - c["priority_id"] if c["priority_id"] < 4 else 0,
            "starttime": "00:00:00", "starttimeslot": 0, "targetdate": SENTINEL_1900,
            "targettime": "00:00:00", "targettimeslot": 0,
            "deadlinedate": SENTINEL_1899 if (h2 >> 38) & 1 else SENTINEL_1900,
            "userdef1": "", "userdef2": "", "userdef3": "", "userdef4": "", "userdef5": "",
            "source": 3 if email_src else (h2 >> 35) % 2, "guid": hash_guid(h2),
            "merged_into_id": 0, "use": "ticket", "itil_requesttype_id": 0,
            "ticket_tags": ", ".join(t["text"] for t in tags),
            "reference": "%s-%07d" % (self.prefix_of_type.get(c["tickettype_id"], "T"), tid),
            "hdid": tid, "deleted": False, "contract_id": -1, "who": "",
            "datecreated": fmt_ticks(occ, z), "key": hash_guid(h2 ^ 0xBEEF),
            "tags": tags,
            "user": {"id": c["user_id"], "name": user.get("name", ""),
                     "site_id": user.get("site_id", 0.0), "site_id_int": user.get("site_id_int", 0),
                     "emailaddress": user.get("emailaddress", ""),
                     "client_name": user.get("client_name", "")} if user else {},
            "tickettype": {"id": c["tickettype_id"], "name": ttype.get("name", "")},
            "assets": [{"id": asset["id"], "inventory_number": asset["inventory_number"],
                        "assettype_name": asset["assettype_name"]}] if asset else [],
            "customfields": [
                {"id": 141, "name": "CFImpactedUsers", "label": "Users affected", "summary": "",
                 "type": 2, "value": cf_impact if (h2 >> 28) & 1 else str(cf_impact),
                 "display": IMPACT_DISPLAY[cf_impact], "characterlimit": 0, "inputtype": 0,
                 "copytochild": False, "searchable": False, "ordervalues": False},
                {"id": 142, "name": "CFCustomerReference", "label": "Customer reference",
                 "summary": "", "type": 0,
                 "value": "" if (h2 >> 29) & 1 else "PO-%05d" % ((h2 >> 8) % 100000),
                 "display": "" if (h2 >> 29) & 1 else "PO-%05d" % ((h2 >> 8) % 100000),
                 "characterlimit": 50, "inputtype": 0, "copytochild": True,
                 "searchable": True, "ordervalues": False},
                {"id": 150, "name": "CFDateReported", "label": "Date reported", "summary": "",
                 "type": 4, "value": fmt_ticks(occ - occ % 100000, False),
                 "display": fmt_ticks(occ)[8:10] + "/" + fmt_ticks(occ)[5:7] + "/" +
                 fmt_ticks(occ)[:4], "characterlimit": 0, "inputtype": 0,
                 "copytochild": False, "searchable": False, "ordervalues": False},
                {"id": 155, "name": "CFOnSiteVisit", "label": "On-site visit needed",
                 "summary": "", "type": 3, "value": bool((h2 >> 31) & 1),
                 "display": "Yes" if (h2 >> 31) & 1 else "No", "characterlimit": 0,
                 "inputtype": 0, "copytochild": False, "searchable": False,
                 "ordervalues": False},
                # HALO_API.md F3: an unset single select is {"value": 0,
                # "display": ""}; an unset date the sentinel and "".
                {"id": 160, "name": "CFService", "label": "Service", "summary": "",
                 "type": 2, "value": 0 if (h2 >> 36) & 1 else 1 + (h2 >> 37) % 3,
                 "display": "" if (h2 >> 36) & 1 else
                 ("Email", "Printing", "Line of business app")[(h2 >> 37) % 3],
                 "characterlimit": 0, "inputtype": 0, "copytochild": False,
                 "searchable": False, "ordervalues": False},
                {"id": 161, "name": "CFChangeSuccess", "label": "Change completed",
                 "summary": "", "type": 4, "value": SENTINEL_1900, "display": "",
                 "characterlimit": 0, "inputtype": 0, "copytochild": False,
                 "searchable": False, "ordervalues": False},
            ],
            "_canupdate": True,
        }
        return rec

    def actions(self, tid):
        """The generated actions of one ticket, oldest first."""
        c = self.core(tid)
        times = self.schedule(tid, c["occ"])
        rnd = random.Random(c["h2"])
        w = self.world
        user = w.by["users"].get(c["user_id"]) or {}
        agent_id = c["agent_id"]
        if agent_id in (1, 2):
            agent_id = rnd.choice([a[0] for a in AGENTS if a[2] == c["team_id"]] or [3])
        agent = w.by["agent"].get(agent_id) or {}
        team = (w.by["team"].get(c["team_id"]) or {}).get("name", "1st Line Support")
        fmt = {"u": html.escape(user.get("firstname") or "there"),
               "g": html.escape(agent.get("name", "")), "t": html.escape(team)}
        status = c["status_id"]
        out = []
        prev = 1
        n = len(times)
        for k, t in enumerate(times):
            last = k == n - 1
            if k == 0:
                outcome = "Email Received" if c["user_id"] and rnd.random() < 0.4 else "Ticket Logged"
            elif k == 1 and rnd.random() < 0.5:
                outcome = "Rule Applied"
            elif last and status == CLOSED:
                outcome = "Closed"
            elif last and status == 21:
                outcome = "Resolved"
            elif last and status == 8:
                outcome = "SLA Hold"
            else:
                outcome = rnd.choice(["Private Note", "Email User", "Phone Call", "Update",
                                      "Email Received"])
            new = 1 if k == 0 else status if last else 1 if status == 1 else 2
            fmt["n"] = rnd.randrange(1000, 99999)
            if outcome in ("Ticket Logged", "Email Received") and k == 0:
                note_html = self.full_details(c)
                who, who_type, who_agent = (user.get("name") or "Unknown", 2, 0)
            elif outcome == "Rule Applied":
                note_html = "Matched Rules Changed: Auto-assign to %s" % team
                who, who_type, who_agent = ("System", 0, 0)
            elif outcome == "Email Received":
                note_html = rnd.choice(NOTE_TEMPLATES["Email Received"]).format(**fmt)
                who, who_type, who_agent = (user.get("name") or "Unknown", 2, 0)
            else:
                note_html = rnd.choice(NOTE_TEMPLATES.get(outcome, ["Update."])).format(**fmt)
                who, who_type, who_agent = (agent.get("name", ""), 1, agent_id)
            out.append(self.compose_action(tid, k + 1, outcome, who, who_type, who_agent, t,
                                           note_html, outcome == "Private Note" or
                                           who_type == 0, prev, new, c["z"],
                                           timetaken=rnd.choice([0.0, 0.0, 0.25, 0.5, 1.0])
                                           if who_type == 1 else 0.0))
            prev = new
        return out

    def full_details(self, c):
        return self.compose(dict(c, last=c["occ"], closed=0))["details_html"]

    def compose_action(self, tid, aid, outcome, who, who_type, who_agent, t, note_html,
                       hidden, old, new, z=True, timetaken=0.0, note=None):
        oid = next((o[0] for o in OUTCOMES if o[1].casefold() == str(outcome).casefold()), 0)
        return {
            "ticket_id": tid, "id": aid, "outcome": outcome, "outcome_id": oid, "who": who,
            "who_type": who_type, "who_agentid": who_agent, "datetime": fmt_ticks(t, z),
            "actiondatecreated": fmt_ticks(t + 15, z),
            "note": html_to_text(note_html) if note is None else note,
            "note_html": note_html, "emailbody_html": "", "hiddenfromuser": bool(hidden),
            "important": False, "old_status": old, "new_status": new, "attachment_count": 0,
            "unread": 0, "sendemail": outcome == "Email User", "timetaken": timetaken,
            "timetakendays": 0.0, "timetakenadjusted": -0.0, "actionchargehours": 0.0,
            "actisbillable": who_type == 1, "actionby_agent_id": who_agent,
            "actionby_application_id": "", "action_contract_id": -1, "emailfrom": "",
            "emailto": "", "emailcc": "", "project_id": 0, "customfields": [],
            "_canupdate": True,
        }
