#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""D deletes a ticket, or one of its notes from the ticket's detail, in
tmux against the emulator: the question names the record and is answered
by typing its id; a wrong id sends nothing; the right one sends one DELETE
and the row leaves the list. A read-only session refuses at once."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from test_tui import (answered, ready, start, start_env, status_line,  # noqa: E402
                      wait_picker)


def deletes(emu):
    return [r for r in emu.api_requests() if r["method"] == "DELETE"]


def first_row_id(screen):
    return int(screen.split("\n")[3].split()[0])


def test_delete_ticket_needs_its_id():
    with Emulator(tickets=50) as emu:
        _, t50 = emu.api("GET", "Tickets/50")
        with start(emu) as t:
            screen = ready(t, "row 1 of 50")
            assert first_row_id(screen) == 50, screen
            t.keys("D")
            screen = t.wait_for("Type 50 to delete it:")
            assert "Delete ticket 50 '%s" % t50["summary"][:20] in \
                status_line(screen), status_line(screen)
            # A wrong id: refused, nothing sent.
            t.type("49")
            t.keys("Enter")
            screen = t.wait_for("the id typed was not 50")
            assert "ticket 50 '" in status_line(screen), status_line(screen)
            assert deletes(emu) == []
            assert first_row_id(t.sync()) == 50
            # The right id: one DELETE; the row leaves the list.
            t.keys("D")
            t.wait_for("Type 50 to delete it:")
            t.type("50")
            t.keys("Enter")
            screen = t.wait_for("deleted ticket 50")
            screen = t.wait_for("row 1 of 49")
            d = deletes(emu)
            assert [(r["path"], r["params"]) for r in d] == \
                [("/api/Tickets/50", {})], d
            assert first_row_id(screen) == 49, screen
            ids = [int(line.split()[0]) for line in screen.split("\n")[3:-1]
                   if line.split() and line.split()[0].isdigit()]
            assert ids and 50 not in ids, screen
            status, _ = emu.api("GET", "Tickets/50")
            assert status == 404


def test_delete_from_the_detail_closes_it():
    with Emulator(tickets=30) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 30")
            t.keys("Enter")
            t.wait_for("Ticket 30:")
            t.wait_trace(answered, what="the ticket and its notes")
            t.keys("D")
            wait_picker(t, "Delete which?")
            t.keys("Enter")     # the first choice: the ticket itself
            t.wait_for("Type 30 to delete it:")
            t.type("30")
            t.keys("Enter")
            t.wait_for("deleted ticket 30")
            screen = t.wait_for("Ticket 30:", absent=True)
            assert first_row_id(screen) == 29, screen
            assert len(deletes(emu)) == 1


def test_delete_a_note():
    with Emulator(tickets=30) as emu:
        _, acts = emu.api("GET", "Actions", params={"ticket_id": 30})
        newest = acts["actions"][0]["id"]
        emu.clear_requests()
        with start(emu) as t:
            ready(t, "row 1 of 30")
            t.keys("Enter")
            t.wait_for("Ticket 30:")
            t.wait_trace(answered, what="the ticket and its notes")
            t.keys("D")
            screen = wait_picker(t, "Delete which?")
            assert "note %d  " % newest in screen, screen
            t.keys("Down")      # the newest note comes first after the ticket
            t.keys("Enter")
            t.wait_for("Type %d to delete it:" % newest)
            screen = t.sync()
            assert "Delete note %d on ticket 30" % newest in \
                status_line(screen), status_line(screen)
            t.type(str(newest))
            t.keys("Enter")
            t.wait_for("deleted note %d on ticket 30" % newest)
            d = deletes(emu)
            assert [(r["path"], r["params"]) for r in d] == \
                [("/api/Actions/%d" % newest, {"ticket_id": ["30"]})], d
            # The detail stays on the ticket.
            screen = t.sync()
            assert "Ticket 30:" in screen, screen
            _, acts = emu.api("GET", "Actions", params={"ticket_id": 30})
            assert newest not in [a["id"] for a in acts["actions"]]


def test_read_only_refuses():
    with Emulator(tickets=20) as emu:
        with start_env(emu.env(), args=["--read-only"]) as t:
            ready(t, "row 1 of 20")
            t.keys("D")
            screen = t.wait_for("is read-only")
            assert "nothing was sent" in status_line(screen), status_line(screen)
            assert "Type 20" not in screen
            assert deletes(emu) == []


if __name__ == "__main__":
    halotest.main(globals())
