#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Golden screens: the real TUI in tmux against the emulator's
deterministic data (seed 1, TZ=UTC), each whole captured screen compared
with a file under tests/e2e/screens/ (one NAME.txt per screen, as captured,
after the normaliser below).

A test waits until the normalised screen equals the file (so it never
compares a screen that is still being drawn), and fails after the usual
scaled timeout with a unified diff of the file and the last screen.

    HALOTUI_UPDATE_SCREENS=1 make check TESTS=tests/e2e/test_screens.py

rewrites the files instead: each screen is taken once halotui has read
every key, drawn, and has no request in flight (the status line's busy
mark is gone).  Review the change with `git diff tests/e2e/screens/`.

The normaliser masks what varies between runs and nothing else:
  - the rate-limit countdown "retrying in 17 s"      -> "retrying in N s"
  - the count of requests in flight "\u27f3 3"             -> "\u27f3 N"
  - and since those two are right-aligned on the status line, where they
    start depends on how many digits they had: the blanks before the
    first of them become two, as between the other parts of that line
  - the emulator's port "127.0.0.1:41234"           -> "127.0.0.1:PORT"
  - a time stamped today by the emulator (a record created or changed
    during the test; the generated data are all dated 2024)
                         "2031-05-06 14:03"         -> "TODAY hh:mm"
  - a note form's running timer "0:00:07 running"   -> "h:mm:ss running"
Lines keep their trailing text exactly (tmux drops trailing blanks), and
every screen has all its rows.
"""

import datetime
import difflib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator, skip  # noqa: E402
from tmuxdriver import TMUX, Tmux, TmuxError  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCREENS = os.path.join(HERE, "screens")
UPDATE = os.environ.get("HALOTUI_UPDATE_SCREENS", "") not in ("", "0")


def normalise(screen):
    """The screen with what varies between runs masked (see the top)."""
    today = datetime.datetime.now(datetime.timezone.utc)
    days = {today.strftime("%Y-%m-%d"),
            (today - datetime.timedelta(minutes=5)).strftime("%Y-%m-%d")}
    out = []
    for line in screen.split("\n"):
        line = re.sub(r"retrying in \d+ s", "retrying in N s", line)
        line = re.sub("\u27f3 \\d+", "\u27f3 N", line)
        line = re.sub(" {2,}((rate limited|server busy), retrying in N s|\u27f3 N)",
                      r"  \1", line)
        line = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", line)
        line = re.sub(r"\b\d+:\d\d:\d\d running", "h:mm:ss running", line)
        for day in days:
            line = re.sub(re.escape(day) + r"[ T]\d\d:\d\d", "TODAY hh:mm", line)
        out.append(line.rstrip())
    return "\n".join(out)


def need_tools():
    if not os.path.exists(halotest.HALOTUI):
        skip("no halotui binary at %s" % halotest.HALOTUI)
    if not TMUX or not os.path.exists(TMUX) and os.system("command -v tmux >/dev/null"):
        skip("tmux is not installed")


def start(emu, cols=120, rows=40):
    need_tools()
    env = emu.env()
    env["HALOTUI_TRACE"] = os.path.join(env["HOME"], "trace.log")
    env["HALOTUI_NOW"] = "2024-07-01T09:00:00Z"   # the emulator's data "now": SLA countdowns
    return Tmux([halotest.HALOTUI], env=env, cols=cols, rows=rows)


def answered(events):
    asked = {e.field("id") for e in events if e.name == "request"}
    done = {e.field("id") for e in events if e.name == "applied"}
    return asked <= done


def ready(t, text):
    """text is on the screen and every request made so far is answered."""
    t.wait_for(text)
    t.wait_trace(answered, what="every request answered")


def expect_screen(t, name, idle=True, timeout=10.0):
    """Compares the screen with screens/NAME.txt (or rewrites the file)."""
    path = os.path.join(SCREENS, name + ".txt")
    if UPDATE:
        screen = normalise(t.settled(idle=idle, timeout=timeout))
        os.makedirs(SCREENS, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(screen + "\n")
        halotest.diag("wrote tests/e2e/screens/%s.txt" % name)
        return screen
    if not os.path.exists(path):
        raise AssertionError("no golden screen %s; HALOTUI_UPDATE_SCREENS=1 writes it"
                             % path)
    with open(path, encoding="utf-8") as f:
        want = f.read()
    if want.endswith("\n"):
        want = want[:-1]
    last = [""]

    def same(screen):
        last[0] = normalise(screen)
        return last[0] == want

    try:
        t.wait_for(same, timeout=timeout)
    except TmuxError:
        diff = "".join(difflib.unified_diff(
            [l + "\n" for l in want.split("\n")],
            [l + "\n" for l in last[0].split("\n")],
            "tests/e2e/screens/%s.txt (expected)" % name, "screen (actual)"))
        raise AssertionError("screen %s differs from its golden file "
                             "(HALOTUI_UPDATE_SCREENS=1 rewrites it):\n%s"
                             % (name, diff)) from None
    return last[0]


# ---- the screens --------------------------------------------------------------

def test_normaliser_masks_only_what_varies():
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    s = normalise(" tickets  loading\u2026      rate limited, retrying in 12 s  \u27f3 6  \n"
                  " tickets  row 1 of 300             \u27f3 12  \n"
                  "http://127.0.0.1:39121/api  %s 08:41  2024-06-30 09:42" % today)
    assert s == (" tickets  loading\u2026  rate limited, retrying in N s  \u27f3 N\n"
                 " tickets  row 1 of 300  \u27f3 N\n"
                 "http://127.0.0.1:PORT/api  TODAY hh:mm  2024-06-30 09:42"), s
    assert normalise("  Time           0:01:07 running (type") == \
        "  Time           h:mm:ss running (type"
    # The same screen with numbers of other widths is the same.
    assert normalise(" tickets  loading\u2026       rate limited, retrying in 9 s  \u27f3 6") \
        == normalise(" tickets  loading\u2026     rate limited, retrying in 120 s  \u27f3 6")


def test_list():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 300")
            expect_screen(t, "list-tickets")
            t.keys("j", "j", "j")
            expect_screen(t, "list-tickets-row-4")
            t.keys("2")
            ready(t, " clients ")
            expect_screen(t, "list-clients")


def test_list_80x24():
    with Emulator(tickets=300) as emu:
        with start(emu, cols=80, rows=24) as t:
            ready(t, "row 1 of 300")
            expect_screen(t, "list-tickets-80x24")
            t.keys("Enter")
            ready(t, "Ticket 300:")
            expect_screen(t, "detail-ticket-300-80x24")


def test_detail():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 300")
            t.keys("Enter")
            ready(t, "Notes (")
            expect_screen(t, "detail-ticket-300")
            t.keys("G")
            expect_screen(t, "detail-ticket-300-end")


def test_detail_beside_the_list():
    with Emulator(tickets=300) as emu:
        with start(emu, cols=150, rows=40) as t:
            ready(t, "row 1 of 300")
            t.keys("j", "Enter")
            ready(t, "Ticket 299:")
            expect_screen(t, "detail-ticket-299-150x40")


def test_edit_form():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 300")
            t.keys("Enter")
            ready(t, "Ticket 300:")
            t.keys("e")
            expect_screen(t, "edit-ticket-300")
            t.keys("j", "j", "Enter", "C-u")
            t.type("Printer replaced")
            t.keys("Enter")
            expect_screen(t, "edit-ticket-300-changed")
            t.keys("k", "k", "Enter")
            expect_screen(t, "edit-ticket-300-status-picker")


def test_note_form():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 300")
            t.keys("Enter")
            ready(t, "Ticket 300:")
            t.keys("n")
            expect_screen(t, "note-ticket-300")


def test_help():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 300")
            t.keys("?")
            expect_screen(t, "help")
            t.keys("G")
            expect_screen(t, "help-end")


def test_pickers():
    with Emulator(tickets=300) as emu:
        with start(emu) as t:
            ready(t, "row 1 of 300")
            t.keys("f")
            expect_screen(t, "picker-filter")
            t.type("status")
            t.keys("Enter")
            expect_screen(t, "picker-filter-status")
            t.keys("Escape")
            t.keys("S")
            expect_screen(t, "picker-set-status")
            t.type("wa")
            expect_screen(t, "picker-set-status-narrowed")


def test_rate_limit_countdown():
    wait = int(halotest.scaled(6))
    with Emulator(tickets=300) as emu:
        emu.fault(method="GET", path="/api/Tickets$", fault="status", status=429,
                  retry_after=wait, body='{"error": "Rate Limit Reached"}')
        with start(emu) as t:
            t.wait_for("retrying in")
            # Not idle: the first page is what it waits for.
            expect_screen(t, "list-rate-limited", idle=False)


if __name__ == "__main__":
    halotest.main(globals())
