# SPDX-License-Identifier: MIT
"""The seeded fake tenant, except tickets and actions: clients, sites,
users, assets, contracts and the lookups, generated once from --seed."""

import collections
from datetime import datetime, timezone

from .catalogue import (AGENTS, ASSET_TYPES, CJK_PEOPLE, CLIENT_NAMES, CLOSED,
                        FIRST_NAMES, OUTCOMES, PRIORITIES, PRIORITY_NAMES_BY_SLA,
                        RESTRICTED_OUTCOME, SITE_NAMES, SLAS, STATUSES, SURNAMES, TEAMS,
                        TICKET_TYPES)
from .util import (DATA_NOW_TICKS, SENTINEL_1900, TICKS, fmt_ticks, rng_guid, seeded,
                   slug, ticks_of)


class World:
    """Every resource small enough to keep as dicts: clients, sites, users,
    assets, contracts and the lookups.  Generated once from the seed."""

    def __init__(self, seed):
        self.seed = seed
        rng = seeded(seed, "world")
        self.statuses = [{"id": i, "guid": rng_guid(rng), "name": n, "shortname": sn,
                          "type": 1 if i == CLOSED else 0, "sequence": k + 1, "colour": col,
                          "slaaction": "S" if i in (4, 8, 18) else "", "ticket_count": 0,
                          "showonquickchange": True}
                         for k, (i, n, sn, col) in enumerate(STATUSES)]
        self.teams = [{"id": i, "guid": rng_guid(rng), "name": n, "sequence": k + 1,
                       "forrequests": True, "foropps": False, "forprojects": i == 28,
                       "ticket_count": 0, "department_id": 1, "department_name": "IT Services",
                       "inactive": False, "agents": []} for k, (i, n) in enumerate(TEAMS)]
        self.slas = [{"id": i, "name": n} for i, n in SLAS]
        self.priorities = []
        for sla_id, _ in SLAS:
            for pid, n, ft, fu, rt, ru, col in PRIORITIES:
                self.priorities.append({
                    "id": rng_guid(rng), "slaid": sla_id, "sla_guid": "", "priorityid": pid,
                    "name": PRIORITY_NAMES_BY_SLA.get(sla_id, {}).get(pid, n),
                    "fixtime": ft * (2 if sla_id == 2 else 1), "fixunits": fu,
                    "responsetime": rt, "responseunits": ru, "ishidden": False,
                    "enterslaexcuse": False, "colour": col})
        self.tickettypes = [{"id": i, "guid": rng_guid(rng), "name": n, "use": "ticket",
                             "sequence": k + 1, "group_id": 1, "group_name": "Support",
                             "agentscanselect": True, "enduserscanselect": i in (1, 3),
                             "default_sla": sla, "default_priority": pri, "default_team": team,
                             "default_agent": 0, "ticket_count": 0, "fieldidlist": []}
                            for k, (i, n, _, sla, pri, team) in enumerate(TICKET_TYPES)]
        self.outcomes = [{"id": i, "guid": rng_guid(rng), "outcome": n, "buttonname": b,
                          "labellong": n, "colour": "#%06x" % rng.getrandbits(24),
                          "sequence": k + 1, "hidden": False, "systemid": i if i in (8, 9, 10) else 0,
                          "sendemail": n in ("Email User", "Closed"), "hidefromuser": hidden,
                          "actionvisibility": 1 if hidden else 0, "newstatus": ns}
                         for k, (i, n, b, hidden, ns) in enumerate(OUTCOMES)]
        i, n, b, hidden, ns = RESTRICTED_OUTCOME
        self.outcomes.append({"id": i, "guid": "8d0c4d52-5c1e-4c55-9d0a-%012d" % i,
                              "outcome": n, "buttonname": b, "labellong": n,
                              "colour": "#7f7f7f", "sequence": len(OUTCOMES) + 1,
                              "hidden": False, "systemid": 0, "sendemail": False,
                              "hidefromuser": False,
                              "actionvisibility": 0, "newstatus": ns})
        self.restricted_outcomes = {i}
        self.assettypes = [{"id": i, "name": n, "tag_prefix": p, "inactive": False}
                           for i, n, p, _ in ASSET_TYPES]
        self._make_agents(rng)
        self._make_clients(rng)
        self._make_sites(rng)
        self._make_users(rng)
        self._make_contracts(rng)
        self._make_assets(rng)
        self._make_hostile()
        self._add_prefix_client()

    def _add_prefix_client(self):
        """HALO_API.md F2: `search` is a LIKE match, so "Initech" also finds
        "Initech Holdings".  Added last and without tickets, sites or random
        draws, so nothing else in the tenant moves."""
        base = next(c for c in self.clients if c["name"] == "Initech")
        cid = max(c["id"] for c in self.clients) + 1
        rec = dict(base, id=cid, name="Initech Holdings",
                   website="https://www.initech-holdings.example.com", notes="",
                   customfields=[])
        self.clients.append(rec)
        self.client_weight[cid] = 0  # no generated tickets

    # -- people and places
    def _make_agents(self, rng):
        team_name = dict(TEAMS)
        self.agents = []
        for i, n, team, job, disabled, api in AGENTS:
            first, _, last = n.partition(" ")
            self.agents.append({
                "id": i, "name": n, "firstname": first if i > 2 else "",
                "surname": last if i > 2 else "",
                "initials": "".join(w[0] for w in n.split()[:2]),
                "email": "" if i == 1 else "%s@msp.example.com" % (slug(first) + "." + slug(last)
                                                                    if last else slug(n)),
                "team": team_name.get(team, ""), "team_id": team, "isdisabled": disabled,
                "is_agent": True, "isapiagent": api, "jobtitle": job,
                "colour": "#%06x" % rng.getrandbits(24), "ticket_count": 0,
                "teams": [{"team_id": team, "team_name": team_name[team]}] if team else [],
                "departments": [], "use": "agent", "lastlogindate": SENTINEL_1900 if i <= 2 else
                fmt_ticks(DATA_NOW_TICKS - rng.randrange(86400 * 30) * TICKS)})
        for t in self.teams:
            t["agents"] = [{"id": a["id"], "name": a["name"]} for a in self.agents
                           if a["team_id"] == t["id"]]

    def _make_clients(self, rng):
        self.clients = []
        cid = 0
        for k, n in enumerate(CLIENT_NAMES):
            cid += 1 + (rng.random() < 0.12)  # gaps: deleted clients leave holes
            pritech = rng.choice([3, 4, 5, 6, 7])
            self.clients.append({
                "id": cid, "name": n, "toplevel_id": 1, "toplevel_name": "Customers",
                "inactive": k in (17, 35), "colour": "#%06x" % rng.getrandbits(24),
                "website": "https://www.%s.example.com" % (slug(n)[:20] or "client%d" % cid),
                "notes": "" if rng.random() < 0.5 else
                "<p>Key contact: reception.<br>Alarm code in <b>IT Glue</b> &amp; safe.</p>",
                "is_vip": rng.random() < 0.1,
                "datecreated": fmt_ticks(ticks_of(datetime(2016, 1, 1, tzinfo=timezone.utc)) +
                                         rng.randrange(86400 * 1800) * TICKS),
                "pritech": pritech, "pritech_name": AGENTS[pritech - 1][1], "sectech": 0,
                "sectech_name": "", "accountmanagertech": 0, "accountmanagertech_name": "",
                "use": "area",
                "customfields": [
                    {"id": 201, "name": "CFAccountNumber", "label": "Account number",
                     "type": 0, "value": "ACC-%04d" % cid, "display": "ACC-%04d" % cid},
                    {"id": 202, "name": "CFSupportTier", "label": "Support tier", "type": 2,
                     "value": (k % 3) + 1, "display": ["Bronze", "Silver", "Gold"][k % 3]},
                ],
            })
        self.client_weight = {c["id"]: (8 if k < 5 else 3 if k < 15 else 1)
                              for k, c in enumerate(self.clients)}

    def _make_sites(self, rng):
        self.sites = []
        sid = 0
        for c in self.clients:
            names = ["Head Office"] + rng.sample(SITE_NAMES[1:], rng.choice([0, 0, 1, 1, 2, 3]))
            if c["name"].startswith("Tokyo Trading"):
                names.append("東京支店")
            for n in names:
                sid += 1
                self.sites.append({
                    "id": sid, "name": n,
                    # SW types Site.client_id as a number: it arrives as 12.0.
                    "client_id": float(c["id"]), "client_name": c["name"],
                    "clientsite_name": "%s - %s" % (c["name"], n), "inactive": False,
                    "sla_id": 1, "phonenumber": "+44 20 7946 %04d" % rng.randrange(10000),
                    "colour": "", "timezone": "Tokyo Standard Time" if n == "東京支店" else
                    rng.choice(["GMT Standard Time", "", "W. Europe Standard Time"]),
                    "notes": "", "maincontact_id": 0,
                    "delivery_address_line1": "%d %s Street" % (rng.randrange(1, 200),
                                                                rng.choice(SURNAMES)),
                    "delivery_address_line2": "", "delivery_address_line3": n,
                    "delivery_address_line4": "", "delivery_address_line5": "",
                    "customfields": [], "use": "site"})

    def _make_users(self, rng):
        self.users = []
        sites_of = collections.defaultdict(list)
        for s in self.sites:
            sites_of[int(s["client_id"])].append(s)
        total_w = sum(self.client_weight.values())
        uid = 0
        for c in self.clients:
            count = max(2, round(300 * self.client_weight[c["id"]] / total_w))
            domain = (slug(c["name"])[:16] or "client%d" % c["id"]) + ".example.com"
            for _ in range(count):
                uid += 1
                site = rng.choice(sites_of[c["id"]])
                if rng.random() < 0.04:
                    name = rng.choice(CJK_PEOPLE)
                    first, _, last = name.partition(" ")
                    email = "user%d@%s" % (uid, domain)
                else:
                    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
                    name = "%s %s" % (first, last)
                    email = "%s.%s@%s" % (slug(first), slug(last), domain)
                if rng.random() < 0.05:
                    email = ""  # contacts without e-mail exist
                self.users.append({
                    "id": uid, "name": name, "firstname": first, "surname": last,
                    "initials": (first[:1] + last[:1]).upper(), "title": "",
                    # HALO_API 10.3: site_id is a double on users, site_id_int the int.
                    "site_id": float(site["id"]), "site_id_int": site["id"],
                    "site_name": site["name"], "client_id": c["id"], "client_name": c["name"],
                    "emailaddress": email,
                    "phonenumber": rng.choice(["", "+44 161 496 %04d" % rng.randrange(10000),
                                               "(555) 010-%04d" % rng.randrange(10000)]),
                    "mobilenumber": "" if rng.random() < 0.5 else "07700 9%05d" % rng.randrange(100000),
                    "login": email.split("@")[0] if email else "",
                    "inactive": rng.random() < 0.05, "isimportantcontact": rng.random() < 0.05,
                    "notes": "", "linked_agent_id": 0, "priority_id": 0, "use": "user",
                    "customfields": [{"id": 301, "name": "CFJobTitle", "label": "Job title",
                                      "type": 0, "value": "", "display": ""}],
                })

    def _make_contracts(self, rng):
        self.contracts = []
        kid = 0
        base = ticks_of(datetime(2020, 1, 1, tzinfo=timezone.utc))
        kinds = [("MSA", "Managed Service Agreement"), ("BLK", "Block Hours"),
                 ("BRK", "Break Fix"), ("SUP", "Software Support")]
        for c in self.clients:
            for _ in range(rng.choice([1, 1, 2, 2, 3]) if not c["inactive"] else 1):
                if len(self.contracts) >= 60:
                    return
                kid += 1
                pre, kind = rng.choice(kinds)
                start = base + rng.randrange(86400 * 1500) * TICKS
                end = start + rng.choice([365, 730, 1095]) * 86400 * TICKS
                expired = end < DATA_NOW_TICKS
                self.contracts.append({
                    "id": kid, "client_id": c["id"], "client_name": c["name"],
                    "ref": "%s-%s-%03d" % (pre, fmt_ticks(start)[:4], kid), "refextra": "",
                    "start_date": fmt_ticks(start - start % (86400 * TICKS), False),
                    "end_date": fmt_ticks(end - end % (86400 * TICKS), False),
                    "started": True, "expired": expired, "active": not expired,
                    "contract_status": "Expired" if expired else "Active",
                    "billingperiod": rng.choice([1, 3, 12]),
                    "billingdescription": rng.choice(["Monthly", "Quarterly", "Annually"]),
                    "site_id": 0, "site_name": "", "user_id": 0, "user_name": "", "sla_id": 1,
                    "contracttype_name": kind, "periodchargeamount": round(rng.uniform(100, 9000), 2),
                    "numberofunitsfree": 0.0, "note": "" if rng.random() < 0.7 else
                    "Includes <b>out-of-hours</b> cover &amp; on-site visits.",
                    "use": "contract", "customfields": []})

    def _make_assets(self, rng):
        self.assets = []
        sites_of = collections.defaultdict(list)
        for s in self.sites:
            sites_of[int(s["client_id"])].append(s)
        users_of = collections.defaultdict(list)
        for u in self.users:
            users_of[u["client_id"]].append(u)
        contracts_of = collections.defaultdict(list)
        for k in self.contracts:
            contracts_of[k["client_id"]].append(k)
        weights = [w for *_, w in ASSET_TYPES]
        clients = self.clients
        cw = [self.client_weight[c["id"]] for c in clients]
        models = {"Laptop": ["Dell Latitude 5440", "Lenovo ThinkPad T14", "HP EliteBook 840"],
                  "Desktop": ["Dell OptiPlex 7010", "HP ProDesk 400"],
                  "Server": ["Dell PowerEdge R750", "HPE ProLiant DL380"],
                  "Printer": ["HP LaserJet M404", "Brother HL-L6400"],
                  "Firewall": ["FortiGate 60F", "Sophos XGS 2100"],
                  "Switch": ["Cisco C9200-24P", "Aruba 2930F"],
                  "Mobile Phone": ["iPhone 15", "Samsung Galaxy S23"],
                  "Monitor": ["Dell P2422H", "LG 27UL500"],
                  "Virtual Machine": ["Hyper-V Gen2", "VMware VM"]}
        for aid in range(1, 801):
            atype = rng.choices(ASSET_TYPES, weights)[0]
            tid, tname, prefix, _ = atype
            c = rng.choices(clients, cw)[0]
            site = rng.choice(sites_of[c["id"]])
            user = rng.choice(users_of[c["id"]]) if users_of[c["id"]] and tid in (1, 2, 7, 8) \
                and rng.random() < 0.8 else None
            status = rng.choices([(1, "Active"), (2, "In Stock"), (3, "Retired")], [85, 8, 7])[0]
            tag = "%s-%05d" % (prefix, aid)
            host = "%s-%s" % ((slug(c["name"])[:6] or "host").upper(), tag)
            serial = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))
            model = rng.choice(models[tname])
            kont = contracts_of.get(c["id"]) if rng.random() < 0.6 else None
            warranty = SENTINEL_1900 if rng.random() < 0.2 else fmt_ticks(
                DATA_NOW_TICKS + rng.randrange(-900, 1100) * 86400 * TICKS - 0, False)[:10] + "T00:00:00"
            self.assets.append({
                "id": aid, "inventory_number": tag, "key_field": host, "key_field2": serial,
                "key_field3": model, "client_id": c["id"], "client_name": c["name"],
                "site_id": site["id"], "site_name": site["name"],
                "user_id": user["id"] if user else 0, "username": user["name"] if user else "",
                "assettype_id": tid, "assettype_name": tname, "colour": "", "icon": "",
                "warranty_end": warranty, "inactive": status[0] == 3,
                "status_id": status[0], "status_name": status[1],
                "is_primary_asset": False, "parent_id": 0,
                "contract_id": kont[0]["id"] if kont else -1,
                "contract_ref": kont[0]["ref"] if kont else "",
                "supplier_id": 0, "supplier_name": "", "use": "asset",
                "fields": [
                    {"id": 101, "name": "Hostname", "value": host, "display": host},
                    {"id": 102, "name": "Serial Number", "value": serial, "display": serial},
                    {"id": 103, "name": "Model", "value": model, "display": model},
                    {"id": 104, "name": "IP Address", "value": "10.%d.%d.%d" % (
                        rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
                        if tid in (3, 4, 5, 6, 9) else "", "display": ""},
                ],
                "customfields": [],
            })

    def _make_hostile(self):
        """The fixed-id hostile users and assets listed in the module docstring."""
        for u in self.users:
            if u["id"] == 13:
                u["name"] = ("Mallory \x1b[31mRED\x1b[0m \x1b]8;;http://evil.example/\x07"
                             "click\x1b]8;;\x07")
                u["firstname"] = "Mallory\x1b[5m"
        for a in self.assets:
            if a["id"] == 13:
                a["key_field"] = "\ufffd\ufffd Ã©tÃ© \u200b\u200bHOST\u202eREVERSED\u202c"
                a["key_field2"] = "SER\x00IAL"
                a["key_field3"] = "Model \u0301\u0301\u0301 e\u0301 (combining)"
                a["fields"][0]["value"] = a["key_field"]

    # -- lookups used by the ticket generator and the derivations
    def index(self):
        self.by = {
            "client": {c["id"]: c for c in self.clients},
            "site": {s["id"]: s for s in self.sites},
            "users": {u["id"]: u for u in self.users},
            "agent": {a["id"]: a for a in self.agents},
            "status": {s["id"]: s for s in self.statuses},
            "team": {t["id"]: t for t in self.teams},
            "tickettype": {t["id"]: t for t in self.tickettypes},
            "outcome": {o["id"]: o for o in self.outcomes},
            "asset": {a["id"]: a for a in self.assets},
            "clientcontract": {k["id"]: k for k in self.contracts},
        }
