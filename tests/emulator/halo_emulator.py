#!/usr/bin/env python3
"""HaloPSA emulator: the test double for every layer of halotui, and the
server that `halotui --demo` talks to.

Python 3.11 standard library only.  The shapes, field names, wrapper keys and
quirks follow /work/shared/HALO_API.md (section 11 is the checklist); where
that document marks something as uncertain, the choice made here is written
next to the code so a test can see why the emulator answers as it does.

Usage:
  halo_emulator.py [--host 127.0.0.1] [--port 0] [--seed 1] [--tickets 5000]
                   [--client-id halotui-demo] [--client-secret demo-secret]
                   [--tenant demo] [--latency-ms 0] [--token-lifetime 3600]
                   [--rate-limit N] [--rate-window 300] [--no-retry-after]
                   [--default-page-size 50] [--tls-cert FILE --tls-key FILE]
                   [--timeout 3600] [--parent-pid PID] [--verbose]

The first and only line on stdout is "PORT <number>".  The process exits by
itself after --timeout seconds (0 = never) and when its parent dies, so a
crashed test or a killed halotui never leaves one behind.

Endpoints:
  POST /auth/token[?tenant=T]        client_credentials, form-encoded
  GET  /api/authinfo                 no auth
  GET/POST /api/<Resource>           Tickets Client Site Users Asset
                                     ClientContract Actions (wrapped lists)
                                     Status TicketType Agent Team Priority
                                     Outcome SLA AssetType (bare arrays)
  GET/DELETE /api/<Resource>/<id>    bare object, 404 when unknown
  GET /api/Agent/me, GET /api/InstanceInfo
  /_emulator/...                     control API (no auth, never recorded):
      GET/DELETE requests, GET/POST config, GET/POST/DELETE faults,
      POST expire-tokens, GET stats, POST shutdown

Data is generated deterministically from --seed.  Tickets and their actions
are never materialised in bulk: a ticket is a function of (seed, id) plus a
few byte columns, so a million tickets cost a few megabytes.  Edits, creates
and deletes live in override dictionaries.

Choices made where HALO_API.md is silent or uncertain (tests rely on them):
  - Client, Site, Users and Asset lists hide inactive records unless
    includeinactive=true (the parameter exists, so its default is off).
  - Agent lists hide "Unassigned" (id 1) unless includeunassigned=true and
    disabled agents unless includedisabled=true or showall=true; the single
    GET /api/Agent/<id> always works.
  - Action list items carry note_html only with includehtmlnote=true; the
    single GET always carries it.  Actions are newest first.
  - Ticket list items lack status_name, agent_name, priority, details_html,
    sla_name, tickettype_name, team_id and customfields (HALO_API 5.1).
  - A new ticket gets one "Ticket Logged" action (id 1).
  - 400 bodies: tickets use the ASP.NET model dictionary
    {"[0].summary": ["The summary field is required."]}; actions and the
    other resources a plain JSON string; bad JSON and bad query values an
    ASP.NET ProblemDetails object with "errors".  401 from the API is
    {"error":"unauthorized"} (Halo's is not captured), 404 is
    {"error":"not found","message":...}.
  - Ordering tickets by a field without a fast key stays in id order above
    50,000 matches (ordering a million full records would take minutes).

Hostile records at fixed ids (present when the id exists), so that every
layer of the client is exercised by the same data:
  ticket 13  summary sets the terminal title (OSC 0 "...pwned BEL") and clears
             the screen (CSI 2J); one of its notes writes the clipboard
             (OSC 52) and carries an OSC 8 hyperlink
  ticket 14  summary full of C0 and C1 controls (TAB, BEL, BS, CR, DEL, NEL)
             and a lone U+009B (8-bit CSI); details contain a NUL (\\u0000)
  ticket 15  a 10,000-character summary
  ticket 16  bidi override (U+202E), CJK, emoji, combining-mark pile-up
  ticket 17  hostile HTML: <script>, <style>, javascript: links, an escape
             sequence inside href, numeric entities for ESC, NUL and a lone
             surrogate, unclosed and deeply nested tags
  ticket 18  empty summary and empty details
  user 13    name contains SGR colour escapes and an OSC 8 hyperlink
  asset 13   "invalid-looking" text: U+FFFD, mojibake, zero-width spaces,
             a right-to-left override, a NUL in key_field2
Non-ASCII everywhere else: "Société Générale Services", "Müller & Söhne
GmbH", "🚀 Rocket Ltd", a site "東京支店", Greek, Cyrillic and Arabic clients.
"""

import argparse
import base64
import bisect
import collections
import html
import ipaddress
import json
import math
import os
import random
import re
import secrets
import socket
import ssl
import sys
import threading
import time
import traceback
import unicodedata
import urllib.parse
import uuid
from array import array
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# ---------------------------------------------------------------- utilities

M64 = (1 << 64) - 1


def mix64(x):
    """SplitMix64 finaliser: a cheap, well spread hash of one integer.
    Used instead of random.Random per record because constructing a Random
    costs microseconds and a million-ticket scan cannot afford it."""
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


def seeded(seed, label):
    """A Random for one part of the world.  String seeds go through SHA-512,
    so the result does not depend on PYTHONHASHSEED or the platform."""
    return random.Random("%s:%s" % (label, seed))


def rng_guid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def hash_guid(h):
    return str(uuid.UUID(int=(mix64(h) << 64) | mix64(h ^ 0xABCDEF), version=4))


# Dates.  Halo is a .NET server: it writes up to 7 fractional digits with
# trailing zeros trimmed, "Z" for UTC values and no suffix for "unspecified"
# ones, and sentinel dates instead of null (HALO_API 10.1).  Times are kept
# as integer 100 ns ticks since the Unix epoch so that 7 digits survive.
TICKS = 10_000_000
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
SENTINEL_1900 = "1900-01-01T00:00:00"
SENTINEL_0001 = "0001-01-01T00:00:00"
# "Now" for generated data, fixed so the same seed gives the same bytes.
DATA_NOW = datetime(2024, 7, 1, 9, 0, 0, tzinfo=timezone.utc)


def ticks_of(dt):
    delta = dt - UNIX_EPOCH
    return (delta.days * 86400 + delta.seconds) * TICKS + delta.microseconds * 10


DATA_NOW_TICKS = ticks_of(DATA_NOW)


def now_ticks():
    return time.time_ns() // 100


def fmt_ticks(t, z=True):
    secs, frac = divmod(t, TICKS)
    s = (UNIX_EPOCH + timedelta(seconds=secs)).strftime("%Y-%m-%dT%H:%M:%S")
    if frac:
        s += "." + ("%07d" % frac).rstrip("0")
    return s + "Z" if z else s


_DATE_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,7}))?)?)?"
                      r"(Z|[+-]\d\d:?\d\d)?$")


def parse_ticks(s):
    """Ticks of an ISO date written by Halo or a client, None if it is not one."""
    if not isinstance(s, str):
        return None
    m = _DATE_RE.match(s.strip())
    if not m:
        return None
    y, mo, d, hh, mi, ss, frac, zone = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0),
                      tzinfo=timezone.utc)
    except ValueError:
        return None
    t = ticks_of(dt) + (int((frac or "0").ljust(7, "0")) if frac else 0)
    if zone and zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        t -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60) * TICKS
    return t


class _TextExtractor(HTMLParser):
    """HTML to plain text, the way Halo derives `note` from `note_html`."""
    BLOCK = {"p", "div", "br", "li", "tr", "table", "ul", "ol", "blockquote",
             "h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr"}
    SKIP = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0
        self.href = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in ("td", "th"):
            self.out.append(" ")
        elif tag in self.BLOCK:
            self.out.append("\n")
        if tag == "a":
            self.href.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.out.append("\n")
        elif tag == "a" and self.href:
            href = self.href.pop()
            if href and not href.startswith("mailto:"):
                self.out.append(" (%s)" % href)

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_to_text(s):
    if not s:
        return ""
    if "<" not in s and "&" not in s:
        return s
    p = _TextExtractor()
    try:
        p.feed(s)
        p.close()
    except Exception:  # the parser is lenient; this is belt and braces
        return re.sub(r"<[^>]*>", "", s)
    text = "".join(p.out).replace("\xa0", " ")
    lines = [ln.rstrip() for ln in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip()


def text_to_html(s):
    return html.escape(s or "", quote=False).replace("\n", "<br>")


def num(v):
    """A number from a JSON value that may be an int, float, numeric string
    or junk; None when it is not a number."""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v
    if isinstance(v, str):
        try:
            return int(v.strip())
        except ValueError:
            try:
                f = float(v.strip())
                return f if math.isfinite(f) else None
            except ValueError:
                return None
    return None


def int_or_none(v):
    n = num(v)
    if n is None or n != int(n):
        return None
    return int(n)


def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", s.lower())


def weighted_table(pairs):
    """A 256-byte translation table mapping a random byte to a value with the
    given weights.  bytes.translate() then builds a million-entry column in
    a millisecond."""
    total = float(sum(w for _, w in pairs))
    slots = [max(1, int(256 * w / total)) for _, w in pairs]
    while sum(slots) > 256:
        slots[slots.index(max(slots))] -= 1
    i = 0
    while sum(slots) < 256:
        slots[i % len(slots)] += 1
        i += 1
    table = bytearray()
    for (value, _), n in zip(pairs, slots):
        table.extend([value] * n)
    return bytes(table)


# ---------------------------------------------------------------- catalogues
# Fixed lookup data.  Ids are deliberately not 1..N where real instances are
# not (teams 26.., ticket type 36, outcome 79) so a client cannot get away
# with treating ids as indexes.

STATUSES = [  # id, name, shortname, colour
    (1, "New", "N", "#3da5d9"), (2, "In Progress", "IP", "#73bfb8"),
    (3, "Action Required", "AR", "#fec601"), (4, "Waiting on User", "WU", "#ea7317"),
    (8, "On Hold", "OH", "#9e9e9e"), (9, "Closed", "C", "#2e7d32"),
    (18, "Waiting on Supplier", "WS", "#b388ff"), (21, "Resolved", "R", "#00c853"),
    (28, "Scheduled", "S", "#5c6bc0"),
]
CLOSED = 9
OPEN_STATUSES = [s[0] for s in STATUSES if s[0] != CLOSED]

TEAMS = [(26, "1st Line Support"), (27, "2nd Line Support"), (28, "Projects"),
         (30, "Field Services"), (31, "Network & Security")]

AGENTS = [  # id, name, team id, job title, disabled, api agent
    (1, "Unassigned", 0, "", False, False),
    (2, "API User", 0, "Integration account", False, True),
    (3, "Amélie Laurent", 26, "Service Desk Analyst", False, False),
    (4, "Ben Okafor", 26, "Service Desk Analyst", False, False),
    (5, "Chen Wei", 26, "Service Desk Analyst", False, False),
    (6, "Dagný Jónsdóttir", 27, "Senior Engineer", False, False),
    (7, "Ethan Brooks", 27, "Systems Engineer", False, False),
    (8, "Fiona Gallagher", 27, "Systems Engineer", False, False),
    (9, "Gustav Müller", 28, "Project Engineer", False, False),
    (10, "Hannah Schmidt", 30, "Field Engineer", False, False),
    (11, "Ivan Petrov", 31, "Network Engineer", False, False),
    (12, "Jasmine Kaur", 26, "Service Desk Analyst", True, False),
]
ME_AGENT = 2  # the agent the API application acts as (GET /api/Agent/me)

SLAS = [(1, "Incident SLA"), (2, "Service Request SLA")]
PRIORITIES = [  # priorityid, name, fix time, fix units, response time, units, colour
    (1, "Critical", 4.0, "H", 1.0, "H", "#e00000"),
    (2, "High", 1.0, "D", 2.0, "H", "#ff8c00"),
    (3, "Medium", 3.0, "D", 4.0, "H", "#f0c800"),
    (4, "Low", 5.0, "D", 4.0, "H", "#68bc00"),
]

TICKET_TYPES = [  # id, name, reference prefix, default sla, default priority, default team
    (1, "Incident", "IN", 1, 3, 26), (2, "Change Request", "CR", 2, 3, 27),
    (3, "Service Request", "SR", 2, 4, 26), (4, "Problem", "PR", 1, 2, 27),
    (21, "Alert", "AL", 1, 2, 31), (36, "Onboarding Request", "ONB", 2, 3, 26),
]

OUTCOMES = [  # id, outcome, button name, hidden from user by default, new status
    (1, "Private Note", "Add Private Note", True, 0),
    (2, "Email User", "Email User", False, 0),
    (3, "Phone Call", "Log Phone Call", False, 0),
    (4, "Update", "Update", False, 0),
    (5, "Closed", "Close Ticket", False, CLOSED),
    (6, "Resolved", "Resolve", False, 21),
    (7, "Change Status", "Change Status", True, 0),
    (8, "Email Received", "", False, 0),
    (9, "Ticket Logged", "", False, 0),
    (10, "Rule Applied", "", True, 0),
    (11, "SLA Hold", "Put on Hold", True, 8),
    (79, "Comment", "Comment", True, 0),
]

ASSET_TYPES = [  # id, name, tag prefix, weight
    (1, "Laptop", "LAP", 30), (2, "Desktop", "DSK", 18), (3, "Server", "SRV", 6),
    (4, "Printer", "PRN", 6), (5, "Firewall", "FW", 3), (6, "Switch", "SW", 4),
    (7, "Mobile Phone", "MOB", 15), (8, "Monitor", "MON", 14), (9, "Virtual Machine", "VM", 4),
]

CLIENT_NAMES = [
    "Acme Corporation", "Société Générale Services", "Müller & Söhne GmbH", "🚀 Rocket Ltd",
    "Northwind Traders", "Contoso Pharmaceuticals", "Fabrikam Inc.", "Globex Ltd", "Initech",
    "Umbrella Logistics", "Tokyo Trading 東京商事", "Zürich Versicherungs AG",
    "Åkerlund & Rausing AB", "O'Reilly Accountancy", "Smith & Jones Solicitors LLP",
    "Café Olé Ltd", "São Paulo Exportação Ltda", "Kraków Dental Clinic",
    "Ελληνική Ναυτιλιακή Α.Ε.", "Москва Консалтинг", "مكتب دبي للاستشارات",
    "Riverside Borough Council", "Blue Sky Dental Group",
    "Very Long Client Name Incorporated International Holdings Group Limited "
    "(Europe, Middle East & Africa Division)",
    "Ünal Tekstil A.Ş.", "Hooli XYZ", "Pied Piper", "Vandelay Industries",
    "Dunder Mifflin Paper Co.", "Cyberdyne Systems", "Soylent Foods", "Tyrell Corporation",
    "Oceanic Airlines", "Duff Brewing Co.", "Bluth Company", "Wonka Confectionery",
    "Gekko & Co", "Sterling Cooper", "Prestige Worldwide", "Internal IT",
]
SITE_NAMES = ["Head Office", "Warehouse", "London", "Manchester", "Paris – La Défense",
              "Remote Workers", "Data Centre", "München", "Dublin", "Branch 2"]
FIRST_NAMES = [
    "Alice", "Ben", "Chloé", "Dmitri", "Émilie", "François", "Grace", "Hiroshi", "Ingrid",
    "Jürgen", "Karim", "Léa", "Mohammed", "Nadia", "Oskar", "Priya", "Quentin", "Rosa",
    "Søren", "Tomás", "Uma", "Viktor", "Wei", "Xavier", "Yuki", "Zoë", "Aoife", "Björn",
    "Carmen", "Darragh", "Eleni", "Fatima", "Giorgio", "Hana", "Ivan", "José", "Kateřina",
    "Lars", "Małgorzata", "Niamh", "Olumide", "Pål", "Raúl", "Siobhán", "Thandiwe", "Ümit",
    "Wojciech", "Ximena", "Yasmin", "Zdeněk", "Sarah", "James", "Emma", "Oliver", "Sophie",
    "Harry", "Amelia", "Jack", "Isla", "George",
]
SURNAMES = [
    "Smith", "Jones", "Müller", "García", "O'Brien", "Nguyen", "Kowalski", "Andersson",
    "Dubois", "Rossi", "Schäfer", "Ó Súilleabháin", "van der Berg", "Fernández",
    "Johansson", "Novák", "Papadopoulos", "Yılmaz", "Kim", "Patel", "Williams", "Brown",
    "Taylor", "Davies", "Evans", "Wilson", "Thomas", "Roberts", "Johnson", "Lewis",
    "Łukasiewicz", "Dvořák", "MacDonald", "Okonkwo", "Haddad", "Lindqvist",
]
CJK_PEOPLE = ["田中 太郎", "佐藤 花子", "김민준", "王伟", "鈴木 一郎"]

SUMMARY_TEMPLATES = [
    "{dev} not working", "Cannot log in to {app}", "{app} is very slow this morning",
    "Password reset needed for {app}", "New starter: set up {dev} for {person}",
    "Leaver: remove {app} access for {person}", "Request to install {app} on {dev}",
    "Error 0x{hex} when opening {app}", "{dev} will not power on",
    "Wi-Fi keeps dropping in {room}", "VPN disconnects every {n} minutes",
    "Printer in {room} jammed again", "Outlook keeps asking for password",
    "Shared drive {share} not mapped after reboot",
    "Phishing email reported: \"{subject}\"", "Backup job failed on {server}",
    "Disk space low on {server} (C: {n}% free)", "Certificate expiring on {domain}",
    "Teams calls dropping & poor audio in {room}", "Replace cracked screen on {dev}",
    "Access request: {app} – {person}", "Move {dev} to {room}",
    "Quote needed: {n} × {dev}", "{server} unreachable – users can't work",
    "Spam getting through to {person}'s inbox", "MFA prompt loop on {app}",
    "Licence renewal for {app}", "Update the <Out of Office> banner for {person}",
    "Monitor flickering on {dev}", "Scan to email not working in {room}",
    "{app} crashes when printing", "Café kiosk tablet frozen in {room}",
]
SLOT_VALUES = {
    "dev": ["Laptop", "Desktop PC", "Docking station", "iPhone", "Surface Pro", "Monitor",
            "Keyboard", "Label printer", "Headset", "MacBook Air", "Android tablet"],
    "app": ["Outlook", "Teams", "SharePoint", "Xero", "Sage 50", "Salesforce", "the VPN",
            "AutoCAD", "Adobe Acrobat", "the CRM", "OneDrive", "Zoom", "SAP"],
    "person": ["Alice", "Ben", "Chloé", "Dmitri", "Émilie", "Søren", "Priya", "Jürgen",
               "Yuki", "Mohammed", "Siobhán", "Grace"],
    "room": ["Reception", "Meeting Room 2", "the 3rd floor", "the warehouse", "Finance",
             "the boardroom", "HR", "the canteen"],
    "server": ["FS01", "DC02", "SQL-PROD", "EXCH01", "backup-nas", "web-01", "RDS03"],
    "share": ["S:\\Finance", "\\\\fs01\\shared", "P:\\Projects", "H:\\Home"],
    "subject": ["Your invoice is overdue", "DocuSign: please review", "Password expires today",
                "You have (3) new voicemails", "Urgent wire transfer"],
    "domain": ["portal.example.com", "mail.example.org", "vpn.example.net", "*.example.co.uk"],
}
DETAILS_TEMPLATES = [
    "<p>Hi,</p><p>{s}.</p><p>It started this morning &amp; about {n} people are "
    "affected.</p><p>Thanks,<br>{u}</p>",
    "<div dir='ltr'>Hello support,<br><br>{s}<br><br>Steps tried:<ul><li>Restarted the "
    "PC</li><li>Logged out &amp; back in</li><li>Cleared the cache</li></ul>Kind regards,"
    "<br>{u}<br>{c}</div>",
    "<p>{s}</p><p>See <a href=\"https://status.example.com/incidents/{n}\">the status "
    "page</a> for details.</p>",
    "<p>{s}</p><table border=\"1\"><tr><th>Device</th><th>Error</th><th>Since</th></tr>"
    "<tr><td>{a}</td><td>0x80070005</td><td>09:15</td></tr><tr><td>LAP-{n:05d}</td>"
    "<td>&lt;none&gt;</td><td>10:40</td></tr></table>",
    "{s}",
    "",
    "<p>{s}</p><blockquote><p>On Mon, {u} wrote:<br>&gt; it worked yesterday&nbsp;&nbsp;"
    "&quot;fine&quot;</p></blockquote><img src=\"cid:image001.png@01DA1F2B\" alt=\"screenshot\">",
    "<html><head><style>p {{margin:0}}</style></head><body><p style=\"font-family:Calibri\">"
    "{s}</p><p>Raised from the portal by {u} – please call back on ext. {n} ☎</p></body></html>",
]
NOTE_TEMPLATES = {
    "Private Note": [
        "<p>Checked the event log – nothing obvious.</p><p>Escalating to {t}.</p>",
        "<p>Called {u}, no answer. Left a voicemail.</p>",
        "<p>Remote session via <a href=\"https://remote.example.com/s/{n}\">ScreenConnect"
        "</a>; rebooted &amp; patched.</p>",
    ],
    "Email User": [
        "<div dir='ltr'><p>Hi {u},</p><p>Could you try again now and let us know?</p>"
        "<p>Regards,<br>{g}<br>Service Desk</p></div>",
        "<p>Hi {u},</p><p>We need a few details:</p><ol><li>The exact error message</li>"
        "<li>When it started</li></ol><p>Thanks, {g}</p>",
    ],
    "Phone Call": ["Spoke to {u} on the phone; issue reproduced.",
                   "<p>Phoned {u} – will try again after lunch.</p>"],
    "Update": ["<ul><li>Ordered replacement part</li><li>ETA: 3 working days</li></ul>",
               "<p>Vendor case opened: <b>#{n}</b></p>"],
    "Email Received": ["<p>Thanks {g}, still not working 😞</p><blockquote>&gt; Could you "
                       "try again now?</blockquote>",
                       "<div dir='ltr'>Works now, thank you!<br><br>{u}</div>"],
    "Closed": ["<p>Resolved – replaced the faulty cable. Closing ticket.</p>",
               "<p>No response from user for 5 days, closing.</p>"],
    "Resolved": ["<p>Fix applied; awaiting confirmation from {u}.</p>"],
    "Change Status": ["Status changed."],
    "SLA Hold": ["<p>On hold until the part arrives.</p>"],
}
CATEGORIES = ["", "", "Hardware", "Software", "Network", "Accounts", "Email", "Printing"]
IMPACT_DISPLAY = {1: "Single User Affected", 2: "Department Affected", 3: "Company Wide"}


# ---------------------------------------------------------------- the world
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
                    "name": n, "fixtime": ft * (2 if sla_id == 2 else 1), "fixunits": fu,
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
                          "sendemail": n in ("Email User", "Closed"),
                          "actionvisibility": 1 if hidden else 0, "newstatus": ns}
                         for k, (i, n, b, hidden, ns) in enumerate(OUTCOMES)]
        self.assettypes = [{"id": i, "name": n, "tag_prefix": p, "inactive": False}
                           for i, n, p, _ in ASSET_TYPES]
        self._make_agents(rng)
        self._make_clients(rng)
        self._make_sites(rng)
        self._make_users(rng)
        self._make_contracts(rng)
        self._make_assets(rng)
        self._make_hostile()

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


# ---------------------------------------------------------------- resources
class ApiError(Exception):
    """An error answer: HTTP status plus a JSON-able body."""

    def __init__(self, status, body):
        super().__init__(status)
        self.status = status
        self.body = body


def model_error(field, message, index=None):
    """ASP.NET model-binding dictionary, e.g. {"[0].summary": ["..."]}."""
    key = field if index is None else "[%d].%s" % (index, field)
    return {key: [message]}


def problem(errors):
    """ASP.NET Core ProblemDetails, the shape of query and JSON binding errors."""
    return {"type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
            "title": "One or more validation errors occurred.", "status": 400,
            "traceId": "00-%s-%s-00" % (secrets.token_hex(16), secrets.token_hex(8)),
            "errors": errors}


def not_found(what, ident):
    return ApiError(404, {"error": "not found", "message": "%s %s not found" % (what, ident)})


def coerce_fields(rec_in, template, index, int_fields=()):
    """Halo accepts numbers and booleans sent as strings ("18", "true").
    The type wanted is the type the field has in the stored record (for a
    field the record lacks: a number if it is named *_id).  A value that
    cannot be converted is a 400 in the model-binding shape."""
    def bad(k, net_type):
        return ApiError(400, model_error(
            k, "The JSON value could not be converted to %s. Path: $[%d].%s"
            % (net_type, index, k), index))

    out = {}
    for k, v in rec_in.items():
        if v is None:
            continue  # null leaves a field unchanged
        cur = template.get(k)
        numeric = isinstance(cur, (int, float)) and not isinstance(cur, bool) or \
            (cur is None and (k in int_fields or k.endswith("_id")))
        if isinstance(v, (list, dict)):
            if isinstance(cur, (str, int, float, bool)) or numeric:
                raise bad(k, "System.String" if isinstance(cur, str) else "System.Int32")
        elif isinstance(cur, bool):
            v = v.strip().lower() in ("true", "1", "yes") if isinstance(v, str) else bool(v)
        elif isinstance(cur, str):
            if isinstance(v, (int, float)):
                v = str(v).lower() if isinstance(v, bool) else str(v)
        elif numeric:
            n = num(v)
            if n is None:
                if not (isinstance(v, str) and v.strip() == ""):
                    raise bad(k, "System.Double" if isinstance(cur, float) else "System.Int32")
                n = 0
            if isinstance(n, float) and n == int(n) and not isinstance(cur, float):
                n = int(n)
            v = n
        out[k] = v
    return out


def merge_customfields(existing, given):
    """Custom fields are set by id or by name; display follows the value."""
    out = [dict(cf) for cf in existing or []]
    if not isinstance(given, list):
        return out
    for cf in given:
        if not isinstance(cf, dict):
            continue
        match = None
        for cur in out:
            if ("id" in cf and num(cf.get("id")) == cur.get("id")) or \
                    (cf.get("name") and cf.get("name") == cur.get("name")):
                match = cur
                break
        if match is None:
            match = {"id": int_or_none(cf.get("id")) or 0, "name": cf.get("name") or "",
                     "label": cf.get("name") or "", "type": 0}
            out.append(match)
        match["value"] = cf.get("value")
        match["display"] = "" if cf.get("value") is None else str(cf.get("value"))
    return out


def sort_norm(v):
    """A sort key that can compare any two JSON values."""
    if v is None or v == "":
        return (0, 0)
    if isinstance(v, bool):
        return (1, int(v))
    if isinstance(v, (int, float)):
        return (1, v)
    if isinstance(v, str):
        t = parse_ticks(v) if v[:1].isdigit() and len(v) >= 10 else None
        if t is not None:
            return (1, t)
        return (2, v.casefold())
    return (3, json.dumps(v, sort_keys=True))


def p_first(params, name, default=None):
    v = params.get(name)
    return v[0] if v else default


def p_bool(params, name, default=False):
    v = p_first(params, name)
    if v is None:
        return default
    return v.strip().lower() in ("true", "1")


def p_int(params, name, default=None):
    v = p_first(params, name)
    if v is None or v.strip() == "":
        return default
    n = int_or_none(v)
    if n is None:
        raise ApiError(400, problem({name: ["The value '%s' is not valid." % v]}))
    return n


def p_ids(params, name):
    """Union of comma-separated and repeated id values, None when absent."""
    vals = params.get(name)
    if not vals:
        return None
    out = set()
    for v in vals:
        for part in v.split(","):
            part = part.strip()
            if not part:
                continue
            n = num(part)
            if n is None:
                raise ApiError(400, problem({name: ["The value '%s' is not valid." % v]}))
            out.add(n)
    return out


def paginate(items_or_len, params, default_size):
    """Halo paging: pageinate=true with page_size (silently clamped to 100)
    and 1-based page_no; count=N limits an unpaginated answer; neither means
    everything.  Returns (start, stop, extra wrapper members)."""
    total = items_or_len
    if p_bool(params, "pageinate"):
        size = p_int(params, "page_size", default_size)
        if size is None or size < 1:
            size = default_size
        size = min(size, 100)
        page = p_int(params, "page_no", 1)
        if page is None or page < 1:
            page = 1
        start = min((page - 1) * size, total)
        return start, min(start + size, total), {"page_no": page, "page_size": size}
    count = p_int(params, "count")
    if count is not None and count >= 0:
        return 0, min(count, total), {}
    return 0, total, {}


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
    if not p_bool(params, "includedisabled"):
        recs = [r for r in recs if not r.get("isdisabled") or p_bool(params, "showall")]
    if not p_bool(params, "includeenabled", True):
        recs = [r for r in recs if r.get("isdisabled")]
    team = p_ids(params, "team_id") or p_ids(params, "team")
    if team is not None:
        recs = [r for r in recs if r.get("team_id") in team]
    return recs


# ---------------------------------------------------------------- tickets
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
            [(c["id"], world.client_weight[c["id"]]) for c in world.clients]))
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
                "z": ((h >> 52) & 0xF) != 0, "client_float": ((h >> 56) & 0x1F) == 0,
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
        fix_h = prow.get("fixtime", 3.0) * (24 if prow.get("fixunits") == "D" else 1)
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
            "targettime": "00:00:00", "targettimeslot": 0, "deadlinedate": SENTINEL_1900,
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
                 "type": 4, "value": fmt_ticks(occ - occ % 100000, True),
                 "display": fmt_ticks(occ)[8:10] + "/" + fmt_ticks(occ)[5:7] + "/" +
                 fmt_ticks(occ)[:4], "characterlimit": 0, "inputtype": 0,
                 "copytochild": False, "searchable": False, "ordervalues": False},
                {"id": 155, "name": "CFOnSiteVisit", "label": "On-site visit needed",
                 "summary": "", "type": 3, "value": bool((h2 >> 31) & 1),
                 "display": "Yes" if (h2 >> 31) & 1 else "No", "characterlimit": 0,
                 "inputtype": 0, "copytochild": False, "searchable": False,
                 "ordervalues": False},
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

    def parse_query(self, params):
        q = {"filters": {}, "ids": p_ids(params, "ticketids"),
             "exclude": p_ids(params, "excludethese") or set(),
             "search": (p_first(params, "search") or p_first(params, "search_summary") or "")
             .strip().casefold(),
             "search_id": bool(p_first(params, "search")),
             "order": (p_first(params, "order") or "id").strip().lower() or "id",
             "desc": p_bool(params, "orderdesc"), "deleted": p_bool(params, "deleted")}
        for pname, field in self.FILTERS.items():
            want = p_ids(params, pname)
            if want is None:
                continue
            cur = q["filters"].get(field)
            q["filters"][field] = want if cur is None else cur & want
        # open_only means "status is not Closed", whatever other statuses exist.
        q["open_only"] = p_bool(params, "open_only")
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
        if field in DATE_FIELDS:
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

    def create(self, rec, now):
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
        full["who"] = w.by["agent"][ME_AGENT]["name"]
        full["source"] = 0
        self.over[tid] = full
        rest = {k: v for k, v in rec.items() if k not in core and k != "details"}
        self.apply(tid, rest, now)
        logged = gen.compose_action(tid, 1, "Ticket Logged", full["who"], 1, ME_AGENT, now,
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


# ---------------------------------------------------------------- the API
class Response:
    def __init__(self, status, body=b"", ctype="application/json; charset=utf-8", headers=None):
        self.status = status
        self.body = body
        self.ctype = ctype
        self.headers = headers or []

    @classmethod
    def json(cls, status, obj, headers=None):
        try:
            data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except UnicodeEncodeError:
            # A client posted a lone surrogate ("\ud800"); echo it escaped.
            data = json.dumps(obj, separators=(",", ":")).encode("ascii")
        return cls(status, data, headers=headers)


class Api:
    """Routes /api/... requests to the stores.  Holds the one lock that
    serialises every read and write of the data."""

    def __init__(self, emu, world, tickets):
        self.emu = emu
        self.world = world
        self.tickets = tickets
        self.lock = threading.RLock()
        w = world
        by = w.by

        def derive_site(_w, rec, changed):
            if "client_id" in changed:
                c = by["client"].get(num(rec["client_id"])) or {}
                rec["client_id"] = float(num(rec["client_id"]) or 0)
                rec["client_name"] = c.get("name", "")
            rec["clientsite_name"] = "%s - %s" % (rec.get("client_name", ""), rec.get("name", ""))

        def derive_user(_w, rec, changed):
            if not rec.get("name") and (rec.get("firstname") or rec.get("surname")):
                rec["name"] = ("%s %s" % (rec.get("firstname", ""), rec.get("surname", ""))).strip()
            if "site_id" in changed:
                s = by["site"].get(num(rec["site_id"])) or {}
                rec["site_id"] = float(num(rec["site_id"]) or 0)
                rec["site_id_int"] = int(rec["site_id"])
                rec["site_name"] = s.get("name", "")
                if s:
                    rec["client_id"] = int(s["client_id"])
                    rec["client_name"] = s["client_name"]

        def derive_owned(_w, rec, changed):
            if "client_id" in changed:
                rec["client_name"] = (by["client"].get(num(rec["client_id"])) or {}).get("name", "")
            if "site_id" in changed:
                rec["site_name"] = (by["site"].get(num(rec["site_id"])) or {}).get("name", "")
            if "assettype_id" in changed:
                t = next((a for a in w.assettypes if a["id"] == num(rec["assettype_id"])), {})
                rec["assettype_name"] = t.get("name", "")
            if "user_id" in changed and "username" in rec:
                rec["username"] = (by["users"].get(num(rec["user_id"])) or {}).get("name", "")

        def derive_agent(_w, rec, changed):
            if "team_id" in changed:
                t = by["team"].get(num(rec["team_id"])) or {}
                rec["team"] = t.get("name", "")
                rec["teams"] = [{"team_id": t["id"], "team_name": t["name"]}] if t else []

        def ticket_assets(tid):
            """The assets a ticket names (its "assets" array): what
            /Asset?ticket_id=T lists."""
            if not tickets.exists(tid):
                return set()
            return {num(a.get("id")) for a in tickets.full(tid).get("assets") or []}

        def blank(rec):
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

        self.res = {
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
                                  derive=derive_owned, linked={"ticket_id": ticket_assets}),
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
        # The stores share the record dicts with world.by, so names derived
        # for tickets follow renames made through the API.
        for name, r in self.res.items():
            if name in by:
                by[name] = r.records
            r.template = blank(next(iter(r.records.values()))) if r.records else {}
        self.res["agent"].template.update(colour="#4e79a7", is_agent=True)

    # -- entry point
    def handle(self, method, segs, params, body):
        if not segs:
            raise not_found("Resource", "")
        name = segs[0].lower()
        rest = segs[1:]
        if name == "instanceinfo" and method == "GET":
            return Response.json(200, self.emu.instance_info())
        if name == "tickets":
            return self.tickets_route(method, rest, params, body)
        if name == "actions":
            return self.actions_route(method, rest, params, body)
        res = self.res.get(name)
        if res is None:
            raise not_found("Resource", segs[0])
        return self.dict_route(res, method, rest, params, body)

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
    def dict_route(self, res, method, rest, params, body):
        if rest and rest[0].lower() == "me" and res.name == "agent" and method == "GET":
            return Response.json(200, res.get(ME_AGENT))
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
        if res.name == "status":
            if p_bool(params, "excludeclosed"):
                recs = [r for r in recs if r["id"] != CLOSED]
            if p_bool(params, "showcounts"):
                recs = [dict(r, ticket_count=self.status_count(r["id"])) for r in recs]
        if res.key is None:
            return Response.json(200, [res.list_item(r) for r in recs])
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
    def tickets_route(self, method, rest, params, body):
        store = self.tickets
        if method == "GET" and rest:
            tid = int_or_none(rest[0])
            if tid is None:
                raise not_found("Ticket", rest[0])
            return Response.json(200, store.full(tid))
        if method == "GET":
            q = store.parse_query(params)
            ids = store.ids_for(q)
            start, stop, extra = paginate(len(ids), params, self.emu.config["default_page_size"])
            idonly = p_bool(params, "ticketidonly")
            out = dict(extra)
            out["record_count"] = len(ids)
            out["tickets"] = [store.list_item(t, idonly, deleted=q["deleted"])
                              for t in ids[start:stop]]
            out["include_children"] = False
            return Response.json(200, out)
        if method == "POST" and not rest:
            return self.tickets_post(self.parse_body(body))
        if method == "DELETE" and rest:
            tid = int_or_none(rest[0])
            if tid is None:
                raise not_found("Ticket", rest[0])
            return Response.json(200, store.delete(tid))
        raise self._method_not_allowed(method)

    def tickets_post(self, data):
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
                                         if not k.startswith("_")}, now), isnew=True)
            saved.append(rec)
        return self.answer(saved)

    # -- actions (keyed by ticket id and a per-ticket action id)
    def actions_route(self, method, rest, params, body):
        store = self.tickets
        if method == "POST" and not rest:
            return self.actions_post(self.parse_body(body))
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

    def actions_post(self, data):
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
                if not str(fields.get("outcome") or "").strip() and not fields.get("outcome_id"):
                    raise ApiError(400, "Please select an outcome (outcome or outcome_id).")
                if fields.get("outcome_id") and not fields.get("outcome") and \
                        num(fields["outcome_id"]) not in self.world.by["outcome"]:
                    raise ApiError(400, "Invalid outcome_id %s." % fields["outcome_id"])
            ns = num(fields.get("new_status")) if fields.get("new_status") else None
            if ns and ns not in self.world.by["status"]:
                raise ApiError(400, "Invalid Status (new_status %s)." % fields["new_status"])
            plan.append((tid, aid, fields))
        saved = [self._save_action(tid, aid, fields) for tid, aid, fields in plan]
        return self.answer(saved)

    def _save_action(self, tid, aid, fields):
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
            me = w.by["agent"].get(ME_AGENT) or {}
            status = num(ticket.get("status_id")) or 1
            act = store.gen.compose_action(tid, max([a["id"] for a in own] or [0]) + 1, outcome,
                                           fields.get("who") or me.get("name", ""), 1, ME_AGENT,
                                           now, "", False, status, status)
            if fields.get("outcome_id"):
                act["outcome_id"] = int(num(fields["outcome_id"]))
            own.append(act)
        for k, v in fields.items():
            if k in act and k not in ("id", "ticket_id", "note", "note_html"):
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


# ---------------------------------------------------------------- emulator state
class Fault:
    KINDS = ("status", "drop", "stall", "truncate", "malformed")

    def __init__(self, spec):
        self.method = (spec.get("method") or "").upper() or None
        path = spec.get("path")
        self.path_re = re.compile(path, re.I) if path else None
        self.count = int(spec.get("count", 1))
        self.kind = spec.get("fault", "status")
        if self.kind not in self.KINDS:
            raise ValueError("fault must be one of %s" % ", ".join(self.KINDS))
        self.status = int(spec.get("status", 500))
        self.body = spec.get("body")
        self.retry_after = spec.get("retry_after")
        self.stall_ms = int(spec.get("stall_ms", 1000))
        self.content_type = spec.get("content_type")
        self.spec = dict(spec)

    def matches(self, method, path):
        return (self.method is None or self.method == method) and \
            (self.path_re is None or self.path_re.search(path) is not None)

    def response(self):
        """The answer of a "status" fault.  Without a body, a 5xx looks like a
        serialised .NET exception (one of the shapes HA's error handler knows)."""
        headers = []
        if self.retry_after is not None:
            headers.append(("Retry-After", str(self.retry_after)))
        if self.body is None:
            body = {"ClassName": "System.Exception",
                    "Message": "An unexpected error occurred (emulated %d)." % self.status} \
                if self.status >= 500 else {"error": "emulated %d" % self.status}
            return Response.json(self.status, body, headers)
        text = str(self.body)
        ctype = self.content_type
        if not ctype:
            ctype = "text/html; charset=utf-8" if text.lstrip().startswith("<") else \
                "application/json; charset=utf-8"
        return Response(self.status, text.encode("utf-8"), ctype, headers)


class Emulator:
    """Everything that is not data: configuration, tokens, faults, the rate
    limiter and the request log."""

    LOG_MAX = 100_000  # oldest entries are dropped beyond this

    def __init__(self, args, world, tickets):
        self.args = args
        self.config = {"latency_ms": args.latency_ms, "token_lifetime": args.token_lifetime,
                       "rate_limit": args.rate_limit, "rate_window": args.rate_window,
                       "retry_after": not args.no_retry_after,
                       "default_page_size": args.default_page_size}
        self.lock = threading.Lock()
        self.tokens = {}          # token -> expiry (monotonic seconds)
        self.tokens_issued = 0
        self.faults = []
        self.rate_times = collections.deque()
        self.log = collections.deque(maxlen=self.LOG_MAX)
        self.requests_seen = 0
        self.scheme = "https" if args.tls_cert else "http"
        self.host = args.host
        self.port = 0
        self.api = Api(self, world, tickets)

    def base_url(self):
        host = "[%s]" % self.host if ":" in self.host else self.host
        return "%s://%s:%d" % (self.scheme, host, self.port)

    def instance_info(self):
        return {"app_name": "Halo PSA", "auth_url": self.base_url() + "/auth",
                "agent_url": self.base_url(), "portal_url": self.base_url() + "/portal",
                "licensed_agent_count": len(AGENTS), "version": "2.180.1 (emulated)"}

    # -- request log
    def record(self, method, path, query, headers, body):
        hdrs = {}
        for k, v in headers.items():
            if k.lower() == "authorization":
                scheme = v.split(" ", 1)[0] if v else ""
                v = "%s ***" % scheme if scheme else "***"
            hdrs[k] = v
        text = body.decode("utf-8", "replace")
        if path.lower().rstrip("/").endswith("/auth/token"):
            # The secret is masked so test logs never hold it; the other form
            # fields are kept exactly as sent so tests can check them.
            text = re.sub(r"(^|&)(client_secret=)[^&]*", r"\1\2***", text)
        entry = {"method": method, "path": path, "query": query,
                 "params": urllib.parse.parse_qs(query, keep_blank_values=True),
                 "headers": hdrs, "body": text, "status": None}
        with self.lock:
            self.log.append(entry)
            self.requests_seen += 1
        return entry

    # -- faults and rate limit
    def take_fault(self, method, path):
        with self.lock:
            for f in self.faults:
                if f.count > 0 and f.matches(method, path):
                    f.count -= 1
                    if f.count <= 0:
                        self.faults.remove(f)
                    return f
        return None

    def rate_check(self):
        """Rolling window: the (N+1)th request inside the window is refused.
        Only accepted requests count, so Retry-After is exactly the time until
        the oldest of them leaves the window."""
        limit, window = self.config["rate_limit"], float(self.config["rate_window"])
        now = time.monotonic()
        with self.lock:
            while self.rate_times and self.rate_times[0] <= now - window:
                self.rate_times.popleft()
            if limit and len(self.rate_times) >= limit:
                wait = max(1, math.ceil(self.rate_times[0] + window - now))
            else:
                self.rate_times.append(now)
                return None
        w = int(window)
        span = "%d minute" % (w // 60) if w % 60 == 0 and w >= 60 else "%d second" % w
        headers = [("Retry-After", str(wait))] if self.config["retry_after"] else []
        return Response.json(429, {"error": "Rate Limit Reached - %d Requests per rolling %s "
                                            "window" % (limit, span)}, headers)

    # -- auth
    def token_endpoint(self, params, headers, body):
        tenant = self.args.tenant
        given = p_first(params, "tenant")
        if tenant and given is not None and given.casefold() != tenant.casefold():
            return Response.json(400, {"error": "invalid_request",
                                       "error_description": "unknown tenant"})
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        grant = p_first(form, "grant_type", "")
        cid, secret = p_first(form, "client_id"), p_first(form, "client_secret")
        auth = headers.get("Authorization", "")
        if cid is None and auth.lower().startswith("basic "):
            # HALO_API 1.2: no public client uses Basic; accepting it is harmless.
            try:
                cid, _, secret = base64.b64decode(auth[6:].strip()).decode("utf-8").partition(":")
            except (ValueError, UnicodeDecodeError):
                cid = secret = None
        if grant != "client_credentials":
            return Response.json(400, {"error": "unsupported_grant_type"})
        if cid != self.args.client_id or secret != self.args.client_secret:
            return Response.json(401, {"error": "invalid_client"})
        token = secrets.token_hex(32)
        lifetime = int(self.config["token_lifetime"])
        with self.lock:
            self.tokens[token] = time.monotonic() + lifetime
            self.tokens_issued += 1
        scope = p_first(form, "scope") or "all"
        return Response.json(200, {"access_token": token, "token_type": "Bearer",
                                   "expires_in": lifetime, "scope": scope},
                             [("Cache-Control", "no-store"), ("Pragma", "no-cache")])

    def token_ok(self, headers):
        auth = headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        with self.lock:
            exp = self.tokens.get(token.strip())
            return exp is not None and exp > time.monotonic()

    # -- the request pipeline for /auth and /api
    def serve(self, method, path, params, headers, body):
        low = path.lower().rstrip("/") or "/"
        segs = [s for s in path.split("/") if s]
        if low == "/auth/token":
            if method != "POST":
                return Response.json(405, {"error": "method not allowed"})
            return self.token_endpoint(params, headers, body)
        if low == "/api/authinfo":
            return Response.json(200, {"auth_url": self.base_url() + "/auth",
                                       "tenant_id": self.args.tenant})
        if not segs or segs[0].lower() != "api":
            return Response.json(404, {"error": "not found"})
        if not self.token_ok(headers):
            # Halo's body for an API-side 401 has never been captured
            # (HALO_API 8, 12); this shape is a guess, the status is not.
            return Response.json(401, {"error": "unauthorized"},
                                 [("WWW-Authenticate", 'Bearer error="invalid_token"')])
        try:
            with self.api.lock:
                return self.api.handle(method, segs[1:], lower_keys(params), body)
        except ApiError as e:
            return Response.json(e.status, e.body)


def lower_keys(params):
    """ASP.NET binds query parameters case-insensitively."""
    out = {}
    for k, v in params.items():
        out.setdefault(k.lower(), []).extend(v)
    return out


class Control:
    """/_emulator/...: the knobs tests turn.  Not authenticated, not logged."""

    def __init__(self, emu, server):
        self.emu = emu
        self.server = server

    def handle(self, method, path, body):
        emu = self.emu
        name = path.lower().rstrip("/")[len("/_emulator"):].strip("/")
        try:
            data = json.loads(body.decode("utf-8")) if body.strip() else {}
        except (UnicodeDecodeError, ValueError):
            return Response.json(400, {"error": "body is not JSON"})
        if name == "requests" and method == "GET":
            with emu.lock:
                return Response.json(200, [dict(e) for e in emu.log])
        if name == "requests" and method == "DELETE":
            with emu.lock:
                n = len(emu.log)
                emu.log.clear()
            return Response.json(200, {"cleared": n})
        if name == "config" and method == "GET":
            return Response.json(200, emu.config)
        if name == "config" and method == "POST":
            return self.set_config(data)
        if name == "faults":
            return self.faults(method, data)
        if name == "expire-tokens" and method == "POST":
            with emu.lock:
                n = len(emu.tokens)
                emu.tokens.clear()
            return Response.json(200, {"expired": n})
        if name == "stats" and method == "GET":
            with emu.api.lock:
                live = emu.api.tickets.live_count()
            with emu.lock:
                return Response.json(200, {"tokens_issued": emu.tokens_issued,
                                           "requests": emu.requests_seen,
                                           "logged": len(emu.log),
                                           "active_tokens": len(emu.tokens),
                                           "faults_pending": sum(f.count for f in emu.faults),
                                           "tickets": live})
        if name == "shutdown" and method == "POST":
            threading.Thread(target=self.server.shutdown, daemon=True).start()
            return Response.json(200, {"shutdown": True})
        return Response.json(404, {"error": "unknown control endpoint %s %s" % (method, path)})

    def set_config(self, data):
        emu = self.emu
        if not isinstance(data, dict):
            return Response.json(400, {"error": "config must be an object"})
        new = dict(emu.config)
        for k, v in data.items():
            if k not in new:
                return Response.json(400, {"error": "unknown config key %s" % k})
            if k == "retry_after":
                new[k] = bool(v)
            else:
                n = num(v)
                if n is None or n < 0:
                    return Response.json(400, {"error": "%s must be a number >= 0" % k})
                new[k] = int(n) if k != "rate_window" else n
        if new["default_page_size"] < 1:
            return Response.json(400, {"error": "default_page_size must be >= 1"})
        emu.config.update(new)
        return Response.json(200, emu.config)

    def faults(self, method, data):
        emu = self.emu
        if method == "GET":
            with emu.lock:
                return Response.json(200, [dict(f.spec, remaining=f.count) for f in emu.faults])
        if method == "DELETE":
            with emu.lock:
                emu.faults.clear()
            return Response.json(200, {"cleared": True})
        if method != "POST":
            return Response.json(405, {"error": "method not allowed"})
        specs = data if isinstance(data, list) else [data]
        try:
            faults = [Fault(s) for s in specs]
        except (ValueError, TypeError, re.error) as e:
            return Response.json(400, {"error": str(e)})
        with emu.lock:
            emu.faults.extend(faults)
        return Response.json(200, {"queued": len(faults)})


# ---------------------------------------------------------------- HTTP
class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive; every answer has Content-Length
    server_version = "HaloEmulator/1.0"
    sys_version = ""
    MAX_BODY = 16 * 1024 * 1024

    def do_GET(self):
        self.dispatch()

    do_POST = do_DELETE = do_PUT = do_PATCH = do_GET

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("halo-emulator: %s %s\n" % (self.address_string(), fmt % args))

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts = []
            size = 0
            while True:
                line = self.rfile.readline(1024)
                n = int(line.split(b";")[0].strip() or b"0", 16)
                if n == 0:
                    while self.rfile.readline(1024).strip():
                        pass
                    break
                size += n
                if size > self.MAX_BODY:
                    raise ValueError("body too large")
                parts.append(self.rfile.read(n))
                self.rfile.readline(1024)
            return b"".join(parts)
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > self.MAX_BODY:
            raise ValueError("bad Content-Length")
        return self.rfile.read(length) if length else b""

    def dispatch(self):
        emu = self.server.emu
        try:
            body = self.read_body()
        except (ValueError, OSError):
            self.close_connection = True
            self.send(Response.json(400, {"error": "bad request body"}))
            return
        split = urllib.parse.urlsplit(self.path)
        path, query = split.path, split.query
        if path.lower().rstrip("/").startswith("/_emulator"):
            self.send(self.server.control.handle(self.command, path, body))
            return
        entry = emu.record(self.command, path, query, self.headers, body)
        try:
            self.serve(emu, entry, path, query, body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            traceback.print_exc(file=sys.stderr)
            entry["status"] = 500
            self.send(Response.json(500, {"ClassName": "System.Exception",
                                          "Message": "emulator error"}))

    def serve(self, emu, entry, path, query, body):
        latency = emu.config["latency_ms"]
        if latency:
            time.sleep(latency / 1000.0)
        fault = emu.take_fault(self.command, path)
        if fault and fault.kind == "drop":
            entry["status"] = 0
            self.hard_close()
            return
        if fault and fault.kind == "stall":
            time.sleep(fault.stall_ms / 1000.0)
        if fault and fault.kind == "status":
            resp = fault.response()
        else:
            params = urllib.parse.parse_qs(query, keep_blank_values=True)
            resp = emu.rate_check() or emu.serve(self.command, path, params, self.headers, body)
        if fault and fault.kind == "malformed":
            bad = fault.body if fault.body is not None else \
                '{"record_count":3,"tickets":[{"id":1,"summary":"cut here'
            resp = Response(200, str(bad).encode("utf-8"))
        entry["status"] = resp.status
        self.send(resp, truncate=bool(fault and fault.kind == "truncate"))

    def send(self, resp, truncate=False):
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.ctype)
        self.send_header("Content-Length", str(len(resp.body)))
        for k, v in resp.headers:
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if truncate:
            # Announce everything, send half, hang up: a short read.
            self.wfile.write(resp.body[:len(resp.body) // 2])
            self.wfile.flush()
            self.hard_close()
            return
        self.wfile.write(resp.body)

    def hard_close(self):
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        if self.verbose:
            super().handle_error(request, client_address)

    def get_request(self):
        sock, addr = super().get_request()
        if self.tls:
            # The handshake happens in the handler thread (on first read), so
            # a client that connects and says nothing cannot block accept().
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr


# ---------------------------------------------------------------- main
def parse_args(argv):
    p = argparse.ArgumentParser(description="HaloPSA emulator for halotui tests and demos.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tickets", type=int, default=5000)
    p.add_argument("--client-id", default="halotui-demo")
    p.add_argument("--client-secret", default="demo-secret")
    p.add_argument("--tenant", default="demo")
    p.add_argument("--latency-ms", type=int, default=0)
    p.add_argument("--token-lifetime", type=int, default=3600)
    p.add_argument("--rate-limit", type=int, default=0)
    p.add_argument("--rate-window", type=float, default=300)
    p.add_argument("--no-retry-after", action="store_true")
    p.add_argument("--default-page-size", type=int, default=50)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--timeout", type=float, default=3600)
    p.add_argument("--parent-pid", type=int, default=0)
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args(argv)
    host = "127.0.0.1" if args.host == "localhost" else args.host
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        p.error("--host must be a loopback address (got %s): the emulator has no real "
                "security and must not be reachable from other machines" % args.host)
    args.host = host
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.tickets < 0 or args.tickets > 5_000_000:
        p.error("--tickets must be between 0 and 5000000")
    if args.default_page_size < 1:
        p.error("--default-page-size must be >= 1")
    return args


def parent_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # an unreaped zombie still answers kill(0); /proc knows better
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def watchdog(args, ppid):
    """Exit when the time is up or the parent is gone, checked every second."""
    deadline = time.monotonic() + args.timeout if args.timeout > 0 else None
    while True:
        time.sleep(1.0)
        if deadline is not None and time.monotonic() >= deadline:
            break
        if os.getppid() != ppid:
            break
        if args.parent_pid and not parent_alive(args.parent_pid):
            break
    os._exit(0)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    world = World(args.seed)
    world.index()
    tickets = TicketStore(world, args.tickets, args.seed)
    if args.tickets >= TicketGenerator.BIG:
        tickets.gen.summaries()  # build the table before the first request
    emu = Emulator(args, world, tickets)
    if ":" in args.host:
        Server.address_family = socket.AF_INET6
    server = Server((args.host, args.port), Handler)
    server.emu = emu
    server.verbose = args.verbose
    server.control = Control(emu, server)
    server.tls = None
    if args.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        server.tls = ctx
    emu.port = server.server_address[1]
    threading.Thread(target=watchdog, args=(args, os.getppid()), daemon=True).start()
    sys.stdout.write("PORT %d\n" % emu.port)
    sys.stdout.flush()
    if args.verbose:
        sys.stderr.write("halo-emulator: %s, %d tickets, seed %d\n"
                         % (emu.base_url(), args.tickets, args.seed))
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
