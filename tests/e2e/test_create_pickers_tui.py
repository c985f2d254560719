#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The create form (c) cannot misfile a ticket, in tmux against the
emulator: once a client is chosen, the site and user pickers offer only
that client's sites and users (one GET with client_id, cached); before, a
site found by name shows its client and brings it along; the status can be
set at creation; the profile's create_source is stamped on the POST; an
empty required field is marked and nothing is sent."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from test_tui import posts, ready, start_env, wait_picker  # noqa: E402


def start(emu, source=None):
    if source is None:
        return start_env(emu.env())
    return start_env(halotest.profile_env(emu, create_source=source))


def field_row(screen, label):
    """The form's line of the field labelled label."""
    for line in screen.split("\n"):
        if line[2:] == label or line[2:].startswith(label + " "):
            return line
    raise AssertionError("no field %s in\n%s" % (label, screen))


def client_with_sites(emu, least=2):
    _, clients = emu.api("GET", "Client", params={"pageinate": "true",
                                                  "page_size": 20})
    for c in clients["clients"]:
        _, sites = emu.api("GET", "Site", params={"client_id": c["id"]})
        if sites["record_count"] >= least:
            return c, sites["sites"]
    raise AssertionError("no client with %d sites" % least)


FIELDS = ("Status", "Priority", "Summary", "Client", "Agent", "Team", "Type",
          "Site", "User", "Details")


def to_field(t, label):
    """From the form's first field, down to label's."""
    t.keys(*(["j"] * FIELDS.index(label)))


def test_site_picker_offers_the_clients_sites():
    with Emulator(tickets=30) as emu:
        client, sites = client_with_sites(emu)
        _, everyone = emu.api("GET", "Site", params={"pageinate": "true",
                                                     "page_size": 100})
        others = [s["name"] for s in everyone["sites"]
                  if s["client_id"] != client["id"]
                  and s["name"] not in [x["name"] for x in sites]]
        emu.clear_requests()
        with start(emu) as t:
            ready(t, "row 1 of 30")
            t.keys("c")
            screen = t.wait_for("Create new ticket")
            for label in FIELDS:
                field_row(screen, label)
            to_field(t, "Client")
            t.keys("Enter")
            t.wait_for("name or id:")
            t.type(str(client["id"]))
            t.keys("Enter")
            t.keys("j", "j", "j", "j")      # Client -> Site
            t.keys("Enter")
            screen = wait_picker(t, "Site")
            for s in sites:
                assert s["name"] in screen, (s["name"], screen)
            for name in others[:5]:
                assert name not in screen, (name, screen)
            asked = [r for r in emu.api_requests()
                     if r["method"] == "GET" and r["path"] == "/api/Site"]
            assert len(asked) == 1, asked
            assert asked[0]["params"]["client_id"] == [str(client["id"])], asked
            # The picker's rows: exactly the client's sites.
            assert "Site (%d)" % len(sites) in screen, screen
            t.type(sites[1]["name"])
            t.keys("Enter")
            screen = t.wait_for(lambda s: sites[1]["name"] in field_row(s, "Site"))
            # Again: from the cache, no second request.
            t.keys("Enter")
            wait_picker(t, "Site")
            t.keys("Escape")
            asked = [r for r in emu.api_requests()
                     if r["method"] == "GET" and r["path"] == "/api/Site"]
            assert len(asked) == 1, asked
            # The users: the client's only.
            t.keys("j", "Enter")
            screen = wait_picker(t, "User")
            asked = [r for r in emu.api_requests()
                     if r["method"] == "GET" and r["path"] == "/api/Users"]
            assert len(asked) == 1 and \
                asked[0]["params"]["client_id"] == [str(client["id"])], asked
            _, users = emu.api("GET", "Users", params={
                "client_id": client["id"], "pageinate": "true", "page_size": 100})
            assert "User (%d)" % users["record_count"] in screen, screen


def test_site_by_name_brings_its_client():
    with Emulator(tickets=30) as emu:
        client, sites = client_with_sites(emu)
        site = sites[0]
        with start(emu) as t:
            ready(t, "row 1 of 30")
            t.keys("c")
            t.wait_for("Create new ticket")
            to_field(t, "Site")
            t.keys("Enter")
            t.wait_for("name or id:")
            t.type(site["name"][:4])
            t.keys("Enter")
            screen = wait_picker(t, "Site")
            # Each match shows its client.
            assert "%s  (%s" % (site["name"], client["name"][:10]) in screen, screen
            # Several clients may have a site of that name: the picker's
            # filter, typed with the client, keeps ours.
            t.type("%s  (%s" % (site["name"], client["name"][:10]))
            t.keys("Enter")
            screen = t.wait_for(lambda s: site["name"] in field_row(s, "Site"))
            assert client["name"][:10] in field_row(screen, "Client"), screen


def test_status_and_source_reach_the_post():
    with Emulator(tickets=30) as emu:
        client, _ = client_with_sites(emu, least=1)
        _, statuses = emu.api("GET", "Status")
        status = next(s for s in statuses if s["id"] != 1 and s["id"] != 9)
        emu.clear_requests()
        with start(emu, source=7) as t:
            ready(t, "row 1 of 30")
            t.keys("c")
            t.wait_for("Create new ticket")
            t.keys("Enter")                 # Status
            wait_picker(t, "Status")
            t.type(status["name"])
            t.keys("Enter")
            t.wait_for(lambda s: status["name"] in field_row(s, "Status"))
            # Nothing typed in the required fields: marked, nothing sent.
            t.keys("C-s")
            screen = t.wait_for("not sent: Summary is required")
            assert "! required" in screen, screen
            assert posts(emu, "/api/Tickets") == []
            t.keys("Enter")                 # the cursor is on Summary
            t.type("Scanner jams")
            t.keys("Enter", "j", "Enter")   # Client
            t.wait_for("name or id:")
            t.type(str(client["id"]))
            t.keys("Enter", "C-s")
            t.wait_for("created new ticket")
            p = posts(emu, "/api/Tickets")
            assert len(p) == 1, p
            body = json.loads(p[0]["body"])
            assert body == [{"status_id": status["id"], "summary": "Scanner jams",
                             "client_id": client["id"], "source": 7}], body
            # The emulator keeps what was sent: the new ticket is 31.
            _, full = emu.api("GET", "Tickets/31")
            assert full["summary"] == "Scanner jams", full
            assert full["source"] == 7 and full["status_id"] == status["id"], full


if __name__ == "__main__":
    halotest.main(globals())
