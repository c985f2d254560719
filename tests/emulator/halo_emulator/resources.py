# SPDX-License-Identifier: MIT
"""Every resource but tickets and actions, kept as dicts of records: the
generic DictResource (filters, search, order), the rules that fill
dependent names after a write, and the table of resources with their list
keys, filters and required fields."""

from .protocol import not_found, p_bool, p_first, p_ids, p_int, sort_norm
from .util import int_or_none, num


class DictResource:
    """A resource kept as a dict of records: everything but tickets and
    actions.  Lists are filtered, searched and ordered per request; at a
    thousand records that is cheaper than any cache."""

    def __init__(self, name, key, records, search=(), filters=None, array_filters=None,
                 list_hidden=(), inactive="inactive", required=(), id_kind="int",
                 title=None, defaults=None, derive=None, linked=None):
        self.name = name            # path segment, lower case
        self.key = key              # wrapper key; None for a bare array
        self.records = {r["id"]: r for r in records}
        self.search = search
        self.filters = filters or {}          # query parameter -> field
        self.array_filters = array_filters or {}
        self.list_hidden = set(list_hidden)
        self.inactive = inactive
        self.required = required    # tuples of alternative fields
        self.id_kind = id_kind
        self.title = title or name
        self.defaults = defaults    # callable(world, rec) -> template for a new record
        self.derive = derive        # callable(world, rec, changed) fills dependent names
        # query parameter -> callable(id) giving the set of record ids linked
        # to another record (assets of a ticket: /Asset?ticket_id=T)
        self.linked = linked or {}
        self.next_id = (max(self.records) + 1) if records and id_kind == "int" else 1

    def parse_id(self, text):
        if self.id_kind == "guid":
            return text
        n = int_or_none(text)
        if n is None:
            raise not_found(self.title, text)
        return n

    def get(self, ident):
        rec = self.records.get(ident)
        if rec is None:
            raise not_found(self.title, ident)
        return rec

    def list_item(self, rec):
        if not self.list_hidden:
            return rec
        return {k: v for k, v in rec.items() if k not in self.list_hidden}

    def query(self, params):
        recs = list(self.records.values())
        for pname, ids_of in self.linked.items():
            ident = p_int(params, pname)
            if ident is not None:
                ids = ids_of(ident)
                recs = [r for r in recs if r["id"] in ids]
        for pname, field in self.filters.items():
            want = p_ids(params, pname)
            if want is not None:
                recs = [r for r in recs if num(r.get(field)) in want]
        for pname, field in self.array_filters.items():
            want = p_ids(params, pname)
            if want is not None:
                recs = [r for r in recs if num(r.get(field)) in want]
        if self.inactive:
            inc_inactive = p_bool(params, "includeinactive")
            inc_active = p_bool(params, "includeactive", True)
            recs = [r for r in recs if (r.get(self.inactive) and inc_inactive)
                    or (not r.get(self.inactive) and inc_active)]
        text = p_first(params, "search")
        if text:
            text = text.casefold()
            fields = self.search
            if p_bool(params, "search_name_only"):
                fields = ("name",)
            if p_bool(params, "search_inventory_number_only"):
                fields = ("inventory_number",)
            recs = [r for r in recs
                    if any(text in str(r.get(f, "")).casefold() for f in fields)
                    or str(r.get("id")) == text]
        order = (p_first(params, "order") or "").strip().lower()
        if order:
            recs.sort(key=lambda r: sort_norm(r.get(order)),
                      reverse=p_bool(params, "orderdesc"))
        return recs


def agent_filter(params, recs):
    """Agent lists hide Unassigned and disabled agents unless asked
    (`includeunassigned`, `includedisabled` exist in Halo's spec, so their
    defaults are off).  A client that maps agent_id to a name must cope with
    ids missing from the lookup, or ask for them."""
    if not p_bool(params, "includeunassigned"):
        recs = [r for r in recs if r["id"] != 1]
    if not p_bool(params, "includeapiagents"):  # HALO_API.md F10
        recs = [r for r in recs if not r.get("isapiagent")]
    if not p_bool(params, "includedisabled"):
        recs = [r for r in recs if not r.get("isdisabled") or p_bool(params, "showall")]
    if not p_bool(params, "includeenabled", True):
        recs = [r for r in recs if r.get("isdisabled")]
    team = p_ids(params, "team_id") or p_ids(params, "team")
    if team is not None:
        recs = [r for r in recs if r.get("team_id") in team]
    return recs


# -- names that follow an id after a write: derive(world, rec, changed)
def derive_site(w, rec, changed):
    if "client_id" in changed:
        c = w.by["client"].get(num(rec["client_id"])) or {}
        rec["client_id"] = float(num(rec["client_id"]) or 0)
        rec["client_name"] = c.get("name", "")
    rec["clientsite_name"] = "%s - %s" % (rec.get("client_name", ""), rec.get("name", ""))


def derive_user(w, rec, changed):
    if not rec.get("name") and (rec.get("firstname") or rec.get("surname")):
        rec["name"] = ("%s %s" % (rec.get("firstname", ""), rec.get("surname", ""))).strip()
    if "site_id" in changed:
        s = w.by["site"].get(num(rec["site_id"])) or {}
        rec["site_id"] = float(num(rec["site_id"]) or 0)
        rec["site_id_int"] = int(rec["site_id"])
        rec["site_name"] = s.get("name", "")
        if s:
            rec["client_id"] = int(s["client_id"])
            rec["client_name"] = s["client_name"]


def derive_owned(w, rec, changed):
    """Assets and contracts: they belong to a client and maybe a site."""
    if "client_id" in changed:
        rec["client_name"] = (w.by["client"].get(num(rec["client_id"])) or {}).get("name", "")
    if "site_id" in changed:
        rec["site_name"] = (w.by["site"].get(num(rec["site_id"])) or {}).get("name", "")
    if "assettype_id" in changed:
        t = next((a for a in w.assettypes if a["id"] == num(rec["assettype_id"])), {})
        rec["assettype_name"] = t.get("name", "")
    if "user_id" in changed and "username" in rec:
        rec["username"] = (w.by["users"].get(num(rec["user_id"])) or {}).get("name", "")


def derive_agent(w, rec, changed):
    if "team_id" in changed:
        t = w.by["team"].get(num(rec["team_id"])) or {}
        rec["team"] = t.get("name", "")
        rec["teams"] = [{"team_id": t["id"], "team_name": t["name"]}] if t else []


def blank(rec):
    """A record of the same shape with every value empty: the template a
    created record starts from and the types POST bodies are coerced to."""
    out = {}
    for k, v in rec.items():
        if isinstance(v, bool):
            out[k] = False
        elif isinstance(v, (int, float)):
            out[k] = type(v)(0)
        elif isinstance(v, str):
            out[k] = ""
        else:
            out[k] = type(v)()
    return out


def make_resources(w, tickets):
    """The resources by lower-case path segment.  Their records become
    world.by's, so names derived for tickets follow renames made through
    the API."""
    res = {
        "client": DictResource("client", "clients", w.clients, search=("name", "website"),
                               filters={"toplevel_id": "toplevel_id"},
                               list_hidden=("customfields", "notes"), required=(("name",),),
                               title="Client"),
        "site": DictResource("site", "sites", w.sites, search=("name", "clientsite_name"),
                             filters={"client_id": "client_id"},
                             list_hidden=("customfields", "notes"),
                             required=(("name",), ("client_id",)), title="Site",
                             derive=derive_site),
        "users": DictResource("users", "users", w.users,
                              search=("name", "emailaddress", "login", "phonenumber",
                                      "mobilenumber"),
                              filters={"client_id": "client_id", "site_id": "site_id"},
                              list_hidden=("customfields", "notes"),
                              required=(("name", "firstname", "surname"),), title="User",
                              derive=derive_user),
        "asset": DictResource("asset", "assets", w.assets,
                              search=("inventory_number", "key_field", "key_field2",
                                      "key_field3", "username", "client_name"),
                              filters={"client_id": "client_id", "site_id": "site_id",
                                       "user_id": "user_id", "assettype_id": "assettype_id",
                                       "contract_id": "contract_id"},
                              array_filters={"assettypes": "assettype_id",
                                             "assetstatuses": "status_id"},
                              list_hidden=("customfields",),
                              required=(("client_id",), ("assettype_id",)), title="Asset",
                              derive=derive_owned, linked={"ticket_id": tickets.asset_ids}),
        "clientcontract": DictResource("clientcontract", "contracts", w.contracts,
                                       search=("ref", "client_name", "contracttype_name"),
                                       filters={"client_id": "client_id",
                                                "site_id": "site_id"},
                                       list_hidden=("customfields", "note"),
                                       inactive=None, required=(("client_id",),),
                                       title="Contract", derive=derive_owned),
        "status": DictResource("status", None, w.statuses, inactive=None,
                               required=(("name",),), title="Status"),
        "tickettype": DictResource("tickettype", None, w.tickettypes, inactive=None,
                                   required=(("name",),), title="Ticket type"),
        "agent": DictResource("agent", None, w.agents, search=("name", "email"),
                              inactive=None, required=(("name",),), title="Agent",
                              derive=derive_agent),
        "team": DictResource("team", None, w.teams, inactive=None, required=(("name",),),
                             title="Team"),
        "priority": DictResource("priority", None, w.priorities, inactive=None,
                                 required=(("name",),), id_kind="guid", title="Priority",
                                 filters={"slaid": "slaid"}),
        "outcome": DictResource("outcome", None, w.outcomes, inactive=None,
                                required=(("outcome",),), title="Outcome"),
        "sla": DictResource("sla", None, w.slas, inactive=None, required=(("name",),),
                            title="SLA"),
        "assettype": DictResource("assettype", None, w.assettypes, inactive=None,
                                  required=(("name",),), title="Asset type"),
    }
    for name, r in res.items():
        if name in w.by:
            w.by[name] = r.records
        r.template = blank(next(iter(r.records.values()))) if r.records else {}
    res["agent"].template.update(colour="#4e79a7", is_agent=True)
    return res
