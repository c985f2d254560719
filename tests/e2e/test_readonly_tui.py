#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The TUI with --read-only, in tmux against the emulator: the status line
says read-only, every key that would change a ticket says why it does not
instead of opening a form or a picker, nothing is posted, and browsing
(moving, opening the detail, search, help) works as usual. Drafts of an
earlier run are kept, not offered."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from tmuxdriver import Tmux  # noqa: E402
from test_tui import answered, need_tools, ready, traced_env, wait_picker  # noqa: E402

REFUSED = "the session is read-only (--read-only): nothing was sent"

# Every default key of an action that changes the server (ui/core/actions.def):
# edit, edit-external, note, create, set-status, set-priority, assign-me,
# submit, delete.
WRITE_KEYS = ("e", "E", "n", "c", "S", "P", "a", "C-s", "F10", "D")


def start(emu, env=None):
    """halotui --read-only in tmux against emu, tracing (the driver's waits
    use the trace to know that every key was read and drawn)."""
    need_tools()
    e = traced_env(env if env is not None else emu.env())
    t = Tmux([halotest.HALOTUI, "--read-only"], env=e, cols=120, rows=40)
    t.env_used = e
    return t


def status_line(screen):
    return screen.rstrip("\n").split("\n")[-1]


def not_posted(emu):
    """Nothing but GETs reached the API (the token's POST is not /api)."""
    sent = [(r["method"], r["path"]) for r in emu.api_requests()
            if r["method"] != "GET"]
    assert sent == [], sent


def press_refused(t, key, where):
    """key says read-only on the status line, and changes nothing else on
    the screen: no form, no picker."""
    before = t.sync()
    t.keys(key)
    screen = t.sync()
    line = status_line(screen)
    assert REFUSED in line, (key, where, line)
    assert line.endswith("read-only"), (key, where, line)
    assert screen.splitlines()[:-1] == before.splitlines()[:-1], \
        (key, where, before, screen)
    return screen


def test_write_keys_say_read_only_and_send_nothing():
    with Emulator(tickets=50) as emu:
        with start(emu) as t:
            screen = ready(t, "row 1 of 50")
            assert status_line(screen).endswith("read-only"), status_line(screen)
            # The list: each key, then Esc clears the message for the next.
            for key in WRITE_KEYS:
                press_refused(t, key, "list")
                t.keys("Escape")
                t.wait_for(lambda s: REFUSED not in status_line(s))
            # The detail: each key on an open ticket; Esc closes the
            # detail and a second Esc clears the message on the list.
            for key in WRITE_KEYS:
                t.keys("Enter")
                t.wait_for("Ticket 50:")
                t.wait_trace(answered, what="the ticket and its notes")
                screen = press_refused(t, key, "detail")
                assert "Ticket 50:" in screen, (key, screen)
                t.keys("Escape", "Escape")
                t.wait_for(lambda s: REFUSED not in status_line(s) and
                           "Ticket 50:" not in s)
            # Only reads went out (Agent/me among them: the queue tabs
            # count My tickets with it).
            not_posted(emu)
            assert all(r["method"] == "GET" for r in emu.api_requests())
            t.keys("q")
            assert t.exit_status() == 0


def test_browsing_still_works():
    with Emulator(tickets=50) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 50")
            t.keys("j", "j")
            t.wait_for("row 3 of 50")
            t.keys("G")
            t.wait_for("row 50 of 50")
            t.keys("g")
            t.wait_for("row 1 of 50")
            # Enter opens the detail, which scrolls.
            t.keys("j", "Enter")
            t.wait_for(lambda s: re.search(r"Notes \(\d+\)", s))
            t.wait_for(lambda s: "Ticket 49:" in s.splitlines()[1])
            t.keys("G")
            t.wait_for(lambda s: "Ticket 49:" not in s.splitlines()[1])
            t.keys("g")
            t.wait_for(lambda s: "Ticket 49:" in s.splitlines()[1])
            t.keys("Escape")
            t.wait_for("Ticket 49:", absent=True)
            # Search on the server, a filter picker, the help.
            t.keys("/")
            t.wait_for("search tickets:")
            t.type("printer")
            t.keys("Enter")
            halotest.wait_until(lambda: any(
                "printer" in str(r["params"].get("search")) for r in emu.api_requests()),
                what="the search request")
            t.keys("f")
            t.wait_for("(clear all filters)")
            t.keys("Escape")
            t.wait_for("(clear all filters)", absent=True)
            t.keys("?")
            t.wait_for(" halotui help ")
            t.keys("Escape")
            screen = t.wait_for(" halotui help ", absent=True)
            assert status_line(screen).endswith("read-only"), status_line(screen)
            not_posted(emu)
            t.keys("q")
            assert t.exit_status() == 0


def test_drafts_are_kept_not_offered():
    with Emulator(tickets=50) as emu:
        # A change the server refused leaves an unsent draft.
        emu.fault(method="POST", path="/api/Tickets", fault="status", status=409)
        env = traced_env(emu.env())
        need_tools()
        with Tmux([halotest.HALOTUI], env=env, cols=120, rows=40) as t:
            ready(t, "row 1 of 50")
            t.keys("S")
            wait_picker(t, "Status")
            t.type("Closed")
            t.keys("Enter")
            t.wait_for("not saved (draft kept)")
            t.keys("q")
            assert t.exit_status() == 0
        emu.clear_faults()
        emu.clear_requests()
        drafts = os.path.join(env["XDG_STATE_HOME"], "halotui", "drafts")
        kept = sorted(os.listdir(drafts))
        assert kept, "no draft was left"
        with start(emu, env=env) as t:
            screen = ready(t, "row 1 of 50")
            line = status_line(t.wait_for("kept for later"))
            assert "1 draft kept for later: " + REFUSED in line, line
            assert "unsent draft from" not in screen, screen
            assert sorted(os.listdir(drafts)) == kept
            not_posted(emu)
            t.keys("q")
            assert t.exit_status() == 0
        # Not locked any more: a run that may write offers it.
        with Tmux([halotest.HALOTUI], env=env, cols=120, rows=40) as t:
            t.wait_for("unsent draft from")
            t.keys("Escape")
            t.wait_for("unsent draft from", absent=True)
            t.keys("q")
            assert t.exit_status() == 0


if __name__ == "__main__":
    halotest.main(globals())
