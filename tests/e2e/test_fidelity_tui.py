#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Real Halo as it is (HALO_API.md section 13), in the TUI: the priority
picker offers the ticket's SLA's priorities (F1), :client opens the exact
name among a LIKE search's matches (F2), an API-only agent is named (F10),
a 403 and an empty list explain themselves (F7, F9), and a note's outcome
refusal is shown by the Outcome field (F16)."""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from test_tui import posts, ready, start, wait_picker  # noqa: E402


def test_priority_picker_offers_the_tickets_sla():
    with Emulator(tickets=50) as emu:
        st, t50 = emu.api("GET", "Tickets/50")
        st, prios = emu.api("GET", "Priority")
        mine = [p["name"] for p in prios if p["slaid"] == t50["sla_id"]]
        pick = next(p for p in prios if p["slaid"] == t50["sla_id"] and
                    p["priorityid"] != t50["priority_id"])
        other = [p["name"] for p in prios if p["slaid"] != t50["sla_id"]]
        with start(emu) as t:
            ready(t, "row 1 of 50")
            t.keys("e")
            t.wait_for("Edit ticket 50")
            t.keys("j", "Enter")
            screen = wait_picker(t, "Priority")
            assert re.search(r"Priority \(%d\)" % len(mine), screen), screen
            picker = screen.split("Priority (")[1]
            for name in mine:
                assert name in picker, (name, screen)
            for name in other:
                assert name not in picker, (name, screen)
            t.type(pick["name"])
            t.keys("Enter", "C-s")
            t.wait_for("saved ticket 50")
            body = json.loads(posts(emu, "/api/Tickets")[0]["body"])
            assert body == [{"id": 50, "priority_id": pick["priorityid"]}], body


def test_client_command_opens_the_exact_name():
    with Emulator(tickets=50) as emu:
        st, found = emu.api("GET", "Client", params={"search": "Initech"})
        assert len(found["clients"]) == 2
        initech = next(c for c in found["clients"] if c["name"] == "Initech")
        with start(emu) as t:
            ready(t, "row 1 of 50")
            t.keys(":")
            t.type("client initech")
            t.keys("Enter")
            t.wait_for(" Client %d: Initech" % initech["id"])


def test_api_agent_is_named():
    with Emulator(tickets=20) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 20")
            t.keys(":")
            t.type("ticket 19")
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"Agent +API User", s))


def test_403_and_empty_lists_explain_themselves():
    with Emulator(tickets=50) as emu:
        emu.configure(forbidden=["asset"])
        with start(emu) as t:
            ready(t, "row 1 of 50")
            t.keys("3")
            t.wait_for(lambda s: "403" in s and "scopes" in s and "GET on assets" in s)
        emu.configure(forbidden=[], sees_nothing=True)
        with start(emu) as t:
            t.wait_for(lambda s: "none visible" in s and "all customers" in s)


def test_note_outcome_refusal_by_the_outcome_field():
    with Emulator(tickets=50) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 50")
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
            t.keys("n")
            t.wait_for("Add note on ticket 50")
            t.keys("Enter")
            t.type("Approve please")
            t.keys("Enter", "j", "j", "Enter", "C-u")
            t.type("Approve Change")
            t.keys("Enter", "C-s")
            screen = t.wait_for("You do not have access to this Action")
            lines = screen.splitlines()
            at = next(i for i, l in enumerate(lines) if "! You do not have access" in l)
            assert "Outcome" in lines[at - 1], screen


if __name__ == "__main__":
    halotest.main(globals())
