#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A note's time, outcome and canned text in the TUI, in tmux against the
emulator: the Time field typed or left to the timer that runs from when the
form opened (sent as timetaken in hours), canned text put into the note
with its placeholders, the outcomes narrowed to what the ticket's workflow
step allows and grouped private/public, the time per note and in all in the
detail, and my time today."""

import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from test_tui import answered, posts, ready, start, wait_picker  # noqa: E402

TICKET = 300   # the first row: the list is newest first


def open_note_form(t):
    ready(t, "row 1 of 300")
    t.keys("Enter")
    t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
    t.keys("n")
    t.wait_for("Add note on ticket %d" % TICKET)
    # The outcomes the ticket allows are read as the form opens.
    t.wait_trace(answered, what="the outcomes read")


def type_note(t, text):
    t.keys("Enter")
    t.type(text)
    t.keys("Enter")
    t.wait_for("* Note")


def timer_seconds(screen):
    """The running timer of the Time field, in seconds, or None."""
    m = re.search(r"Time\s+(\d+):(\d\d):(\d\d) running", screen)
    return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3)) if m else None


def field_line(screen, label):
    for line in screen.splitlines():
        if re.match(r"^[ *] %s\s" % re.escape(label), line):
            return line
    raise AssertionError("no field %s on\n%s" % (label, screen))


def sent_note(emu):
    p = posts(emu, "/api/Actions")
    assert len(p) == 1, p
    body = json.loads(p[0]["body"])
    assert isinstance(body, list) and len(body) == 1, body
    return body[0]


def test_typed_time_and_canned_text():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            open_note_form(t)
            type_note(t, "Called the user.")
            # Canned text: the agent's own and their teams', not others'.
            t.keys("C-t")
            screen = wait_picker(t, "Canned text")
            assert "Greeting" in screen and "Remote session" in screen, screen
            assert "Someone else's" not in screen and "Projects only" not in screen
            t.type("Greeting")
            t.keys("Enter")
            t.wait_for("lines pasted into Note")
            # The time, typed.
            t.keys("j", "j", "j", "j", "Enter")
            t.type("0:15")
            t.keys("Enter")
            screen = t.wait_for("* Time")
            assert "0:15" in field_line(screen, "Time"), screen
            t.keys("C-s")
            t.wait_for("saved note on ticket %d" % TICKET)
            body = sent_note(emu)
            assert body["timetaken"] == 0.25, body
            assert body["outcome_id"] == 7 and body["hiddenfromuser"] is True, body
            html = body["note_html"]
            # Inserted where the cursor was (after the typed line), its
            # placeholder left for the agent.
            assert html.index("Called the user.") < html.index("Hello $USERNAME,"), html
            assert "Thank you for contacting us." in html, html
            # The detail shows the note's time and the total.
            st, acts = emu.api("GET", "Actions?ticket_id=%d" % TICKET)
            assert st == 200, acts
            minutes = round(sum(a.get("timetaken") or 0 for a in acts["actions"]) * 60)
            total = "Notes (%d) \u00b7 time %d:%02d in all" % (len(acts["actions"]),
                                                             minutes // 60, minutes % 60)
            t.wait_for(total)
            t.keys("G")
            screen = t.wait_for("Private Note \u00b7 0:15 \u00b7 [private]")
            t.keys("Q")
            assert t.exit_status() == 0


def test_canned_text_while_typing_goes_in_at_the_cursor():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            open_note_form(t)
            t.keys("Enter")
            t.type("[]")
            t.keys("Left", "C-t")
            wait_picker(t, "Canned text")
            t.type("Remote")
            t.keys("Enter")
            t.wait_for("Canned text (", absent=True)
            t.keys("Enter", "C-s")
            t.wait_for("saved note on ticket %d" % TICKET)
            html = sent_note(emu)["note_html"]
            assert "[Please join the remote session at {{session.link}} when you are " \
                   "ready.]" in html, html
            t.keys("Q")
            assert t.exit_status() == 0


def test_the_timer_is_sent_when_no_time_is_typed():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            open_note_form(t)
            screen = t.sync()
            started = timer_seconds(screen)
            assert started is not None, screen
            type_note(t, "Looked into it.")
            # The clock on screen runs without a key (however slowly this
            # machine typed the note).
            t.wait_for(lambda s: (timer_seconds(s) or 0) >= max(2, started + 1))
            t.keys("C-s")
            t.wait_for("saved note on ticket %d" % TICKET)
            body = sent_note(emu)
            assert 2 / 3600 <= body["timetaken"] < 1, body
            t.keys("Q")
            assert t.exit_status() == 0


def test_a_bad_time_is_refused_in_the_field():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            open_note_form(t)
            t.keys("j", "j", "j", "j", "Enter")
            t.type("soon")
            t.keys("Enter")
            t.wait_for("Time: time \"soon\" not understood")
            t.keys("Escape")
            t.keys("Escape")
            t.wait_for("unsaved changes", absent=True)
            assert posts(emu, "/api/Actions") == []
            t.keys("Q")
            assert t.exit_status() == 0


def test_outcomes_follow_the_workflow_step():
    with Emulator(tickets=300) as emu:
        # Ticket 300 is a change awaiting approval: only a private note,
        # an e-mail to the user or a phone call.
        st, saved = emu.api("POST", "Tickets", [{"id": TICKET, "workflow_id": 2,
                                                  "workflow_step": 2}])
        assert st == 201, saved
        with start(emu) as t:
            open_note_form(t)
            asked = [r for r in emu.api_requests()
                     if r["method"] == "GET" and r["path"].lower() == "/api/outcome"]
            assert asked, emu.api_requests()
            q = urllib.parse.parse_qs(asked[-1]["query"])
            assert q.get("workflow_id") == ["2"] and q.get("workflow_step") == ["2"], asked
            type_note(t, "Waiting for the CAB.")
            t.keys("j", "j", "Enter")
            screen = wait_picker(t, "Outcome")
            rows = [line for line in screen.splitlines()
                    if re.search(r"\b(private|public)\s{2,}", line)]
            text = "\n".join(rows)
            assert len(rows) == 3, screen
            # Private first, then public, each labelled.
            assert re.search(r"private\s+Private Note", rows[0]), text
            assert re.search(r"public\s+Email User\s+\(e-mails the user\)", text), text
            assert re.search(r"public\s+Phone Call", text), text
            assert "Update" not in text and "Closed" not in text, text
            t.type("Phone")
            t.keys("Enter")
            screen = t.wait_for("* Outcome")
            assert "Phone Call" in field_line(screen, "Outcome"), screen
            assert "no" in field_line(screen, "Private"), screen   # a public outcome
            t.keys("C-s")
            t.wait_for("saved note on ticket %d" % TICKET)
            body = sent_note(emu)
            assert body["outcome_id"] == 3 and body["hiddenfromuser"] is False, body
            t.keys("Q")
            assert t.exit_status() == 0


def test_the_default_outcome_takes_the_instance_name():
    with Emulator(tickets=300) as emu:
        # Outcome 7 is the private note everywhere; its name is the
        # instance's own (HALO_API.md F16).
        st, o = emu.api("POST", "Outcome", [{"id": 7, "outcome": "Recorded Note"}])
        assert st == 201 and o["outcome"] == "Recorded Note", o
        with start(emu) as t:
            open_note_form(t)
            screen = t.sync()
            assert "Recorded Note" in field_line(screen, "Outcome"), screen
            t.keys("j", "j", "Enter")
            screen = wait_picker(t, "Outcome")
            assert "Update" in screen and "Approve Change" in screen, screen
            t.keys("Escape")
            t.keys("q")   # nothing typed: the form just closes
            t.wait_for("Add note on ticket", absent=True)
            t.keys("Q")
            assert t.exit_status() == 0


def test_my_time_today():
    with Emulator(tickets=300) as emu:
        # Notes of today by the agent halotui acts as (the emulator's API
        # calls act as that agent too), one without time.
        for tid, hours in ((12, 0.25), (40, 1.0), (41, 0)):
            st, a = emu.api("POST", "Actions", [{"ticket_id": tid, "outcome_id": 7,
                                                 "note": "work on %d" % tid,
                                                 "timetaken": hours}])
            assert st == 201, a
        with start(emu) as t:
            ready(t, "row 1 of 300")
            t.keys("M")
            screen = t.wait_for("2 notes with time today, 1:15 in all")
            rows = [line for line in screen.splitlines() if re.search(r"\bticket \d+\b", line)]
            assert len(rows) == 2, screen
            assert re.search(r"\b0:15\s+ticket 12\b", rows[0]), screen
            assert re.search(r"\b1:00\s+ticket 40\b", rows[1]), screen
            asked = [r for r in emu.api_requests()
                     if r["path"].lower() == "/api/timesheetevent"]
            assert len(asked) == 1, asked
            q = urllib.parse.parse_qs(asked[0]["query"])
            assert q["agent_id"] == ["2"], q
            # Enter opens the entry's ticket.
            t.keys("j", "Enter")
            t.wait_for("Ticket 40:")
            # The command does the same as the key.
            t.keys(":")
            t.type("mytime")
            t.keys("Enter")
            t.wait_for("2 notes with time today, 1:15 in all")
            t.keys("q")
            t.wait_for("My time today", absent=True)
            t.keys("Q")
            assert t.exit_status() == 0


if __name__ == "__main__":
    halotest.main(globals())
