#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
""""What changed" in tmux against the emulator: a ticket of mine updated
through the API after my last look is at the top of the view with its last
action's outcome and agent; the view asks for my tickets by lastactiondate,
newest first, and one last action per row on screen; opening it is
looking, kept per profile in the state directory, so that opening it
again (also in a new run) with nothing new says so."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from test_tui import ready, start_env  # noqa: E402

NOTHING = "nothing changed in your queues since"
TICKET = 250


def ticket_lists(emu):
    return [r for r in emu.api_requests()
            if r["method"] == "GET" and r["path"].lower().rstrip("/") == "/api/tickets"
            and r["params"].get("order") == ["lastactiondate"]]


def action_asks(emu):
    return [r for r in emu.api_requests()
            if r["method"] == "GET" and r["path"].lower().rstrip("/") == "/api/actions"]


def box_rows(screen):
    """The lines inside the view's box, without the frame."""
    lines = screen.split("\n")
    top = next(i for i, l in enumerate(lines) if "What changed since" in l)
    out = []
    for line in lines[top + 1:]:
        m = re.search(r"\u2502(.*)\u2502", line)
        if not m:
            break
        out.append(m.group(1).strip())
    return out


def open_view(t, how):
    if how == "key":
        t.keys("w")
    else:
        t.keys(":")
        t.type("changed")
        t.keys("Enter")
    return t.wait_for("What changed since")


def test_changed_since_last_look():
    with Emulator(tickets=300) as emu:
        st, me = emu.api("GET", "Agent/me")
        assert st == 200, me
        env = emu.env()
        with start_env(env) as t:
            ready(t, "row 1 of 300")
            # The first look: nothing of mine changed in the last day.
            open_view(t, "key")
            t.wait_for(NOTHING)
            t.keys("q")
            t.wait_for("What changed", absent=True)
            look = os.path.join(env["XDG_STATE_HOME"], "halotui", "default", "last-look")
            assert os.path.isfile(look), look
            assert os.stat(look).st_mode & 0o777 == 0o600

            # Then the ticket becomes mine and gets a note.
            st, data = emu.api("POST", "Tickets", [{"id": TICKET, "agent_id": me["id"]}])
            assert st in (200, 201), data
            st, data = emu.api("POST", "Actions", [{"ticket_id": TICKET, "outcome": "Phone Call",
                                                    "note": "Called back, fixed."}])
            assert st in (200, 201), data
            st, acts = emu.api("GET", "Actions", params={"ticket_id": str(TICKET), "count": "1"})
            who = acts["actions"][0]["who"]
            assert who, acts
            emu.clear_requests()
            open_view(t, "command")
            screen = t.wait_for(lambda s: "Phone Call \u00b7 %s" % who in s)
            rows = box_rows(screen)
            assert re.match(r"\S+ \S+ +%d +" % TICKET, rows[0]), rows
            assert rows[0].endswith("Phone Call \u00b7 %s" % who), rows
            # Asked: my tickets by last action, newest first; one last
            # action per row shown, never per ticket in my queues.
            lists = ticket_lists(emu)
            assert lists and all(r["params"].get("orderdesc") == ["true"] for r in lists), lists
            assert any(r["params"].get("agent_id") == [str(me["id"])] for r in lists), lists
            asks = action_asks(emu)
            assert [r["params"].get("ticket_id") for r in asks] == [[str(TICKET)]], asks
            assert all(r["params"].get("count") == ["1"] for r in asks), asks
            # Enter opens the ticket.
            t.keys("Enter")
            t.wait_for(lambda s: "Ticket %d" % TICKET in s or "ticket %d" % TICKET in s.lower())
            t.keys("q")
            # Looked: nothing new now.
            open_view(t, "key")
            t.wait_for(NOTHING)
            t.keys("q")
            t.keys("q")
            assert t.exit_status() == 0
        # The last look outlives the run.
        with start_env(env) as t:
            ready(t, "row 1 of 300")
            open_view(t, "key")
            t.wait_for(NOTHING)
            t.keys("q")
            t.keys("q")
            assert t.exit_status() == 0


if __name__ == "__main__":
    halotest.main(globals())
