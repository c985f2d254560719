#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Live lists in the TUI, against the emulator: a note that changes the
status shows in the list; a ticket created elsewhere comes with the next
automatic re-read (refresh_interval), marked new, counted on the status
line and in the view tabs; the detail beside the list follows the cursor
once it rests, with one read for a burst of moves; and, with
refresh_interval 0, an idle TUI makes no system call at all."""

import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator, skip  # noqa: E402
from test_tui import (answered, create_ticket, halotui_pid, ready,  # noqa: E402
                      start_env, status_id, status_line, wait_picker)

NEW = "\u25cf"       # the new-row mark
CHANGED = "\u2022"   # the changed-row mark
wait_until = halotest.wait_until   # scaled, polling; no fixed sleeps


def start(emu, cols=120, rows=40, **keys):
    """halotui in tmux against emu, its profile setting keys."""
    return start_env(halotest.profile_env(emu, **keys), cols=cols, rows=rows)


def tabs(screen):
    return screen.splitlines()[1]


def rereads_applied(events):
    """How many automatic re-reads of the list were applied."""
    return sum(1 for e in events if e.name == "live" and e.detail.startswith("page="))


def row_line(screen, ticket):
    """The list row of ticket (its id first, after an optional mark)."""
    for line in screen.splitlines()[3:-1]:
        if re.match(r"^(?:[%s\u2022] |  )?%d " % (NEW, ticket), line):
            return line
    return None


# ---- after a write ----------------------------------------------------------

def test_note_with_status_updates_the_list_row():
    with Emulator(tickets=300) as emu:
        closed = status_id(emu, "Closed")
        with start(emu, refresh_interval=0) as t:
            screen = ready(t, "row 1 of 300")
            assert "Closed" not in row_line(screen, 300), screen
            # A note from the list, with a new status, and no detail open.
            t.keys("n")
            t.wait_for("Add note on ticket 300")
            t.keys("Enter")
            t.type("Replaced the toner")
            t.keys("Enter", "j", "j", "j", "Enter")
            wait_picker(t, "New status")
            t.type("Closed")
            t.keys("Enter")
            t.wait_for("* New status")
            t.keys("C-s")
            t.wait_for("saved note on ticket 300")
            st, ticket = emu.api("GET", "Tickets/300")
            assert st == 200 and ticket["status_id"] == closed, ticket
            # The list row shows the server's copy: the ticket was read
            # again after the note, once.
            screen = t.wait_for(lambda s: row_line(s, 300) and
                                "Closed" in row_line(s, 300))
            gets = [r for r in emu.api_requests()
                    if r["method"] == "GET" and r["path"] == "/api/Tickets/300"
                    and "halotui" in r["headers"].get("User-Agent", "")]
            assert len(gets) == 1, gets
            # The agent's own change is not marked as news.
            assert NEW not in screen, screen


def test_created_ticket_appears_in_the_list():
    with Emulator(tickets=50) as emu:
        st, clients = emu.api("GET", "Client", params={"pageinate": "true",
                                                       "page_size": 1})
        client = clients["clients"][0]["id"]
        with start(emu, refresh_interval=0, cols=160) as t:
            screen = t.wait_for(lambda s: "row 1 of 50" in s and
                                re.search(r"All open \d+", tabs(s)))
            t.wait_trace(answered, what="every request answered")
            before = int(re.search(r"All open (\d+)", tabs(screen)).group(1))
            create_ticket(t, "Laptop fan noisy", client)
            # No automatic re-read: the write itself brings the list's page
            # on screen and the tabs' counts again.
            screen = t.wait_for(lambda s: row_line(s, 51) and
                                "All open %d" % (before + 1) in tabs(s))
            assert "Laptop fan" in row_line(screen, 51), screen
            # What the agent made is no news to the agent.
            assert not row_line(screen, 51).startswith(NEW), screen
            assert NEW not in status_line(screen), status_line(screen)


def test_created_ticket_appears_in_the_list_under_a_jump():
    """A ticket created from a view that a jump pushed (a client's
    tickets) is in the list under it once that list is shown again."""
    with Emulator(tickets=50) as emu:
        st, clients = emu.api("GET", "Client", params={"pageinate": "true",
                                                       "page_size": 1})
        client = clients["clients"][0]["id"]
        with start(emu, refresh_interval=0) as t:
            t.wait_for("row 1 of 50")
            t.wait_trace(answered, what="every request answered")
            t.keys(":")
            t.type("client %d" % client)
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"^ Client %d:" % client, s.splitlines()[1]))
            t.keys("T")
            t.wait_for("tickets of client")
            t.wait_trace(answered, what="the client's tickets")
            create_ticket(t, "Laptop fan noisy", client)
            t.wait_for(lambda s: s.splitlines()[1].startswith(" Ticket 51:"))
            # The catch-up after the write has read the client's tickets
            # again (the view on top): the list under it was not read.
            t.wait_trace(lambda ev: any(e.name == "live" and e.detail.startswith("reread")
                                        for e in ev), what="the catch-up")
            t.wait_trace(answered, what="the catch-up answered")
            t.keys("q")                     # the new ticket's detail
            t.wait_for(lambda s: "tickets of client" in status_line(s) and
                       not s.splitlines()[1].startswith(" Ticket"))
            t.keys("q")                     # the client's tickets: closed
            t.wait_for(lambda s: re.search(r"^ Client %d:" % client, s.splitlines()[1]))
            t.keys("q")                     # the client: closed
            screen = t.wait_for(lambda s: row_line(s, 51))
            assert "Laptop fan" in row_line(screen, 51), screen
            assert "of 51" in status_line(screen), status_line(screen)


# ---- auto-refresh -----------------------------------------------------------

def test_new_ticket_arrives_marked_and_counted():
    with Emulator(tickets=50) as emu:
        st, clients = emu.api("GET", "Client", params={"pageinate": "true",
                                                       "page_size": 1})
        client = clients["clients"][0]["id"]
        with start(emu, refresh_interval=1, bell_on_new="true",
                   cols=160) as t:
            # Each bell the terminal hears is a line in bells.
            bells = os.path.join(t.env_used["HOME"], "bells")
            t._tmux("set-option", "-g", "bell-action", "any")
            t._tmux("set-option", "-g", "monitor-bell", "on")
            t._tmux("set-hook", "-g", "alert-bell",
                    "run-shell 'echo bell >> %s'" % bells)
            screen = t.wait_for(lambda s: "row 1 of 50" in s and
                                re.search(r"All open \d+", tabs(s)))
            before = int(re.search(r"All open (\d+)", tabs(screen)).group(1))
            assert NEW not in screen, screen
            st, made = emu.api("POST", "Tickets", body=[{
                "summary": "Arrived while watching", "client_id": client,
                "tickettype_id": 1}])
            assert st in (200, 201), made
            new_id = (made[0] if isinstance(made, list) else made)["id"]
            screen = t.wait_for(lambda s: row_line(s, new_id) and
                                row_line(s, new_id).startswith(NEW) and
                                "All open %d" % (before + 1) in tabs(s))
            assert "Arrived while watching" in row_line(screen, new_id), screen
            assert "1 new ticket" in status_line(screen), status_line(screen)
            assert "row 2 of 51" in status_line(screen), status_line(screen)
            # The old rows are not news; the cursor stayed on its ticket.
            assert not row_line(screen, 50).startswith(NEW), screen
            # One bell for the re-read that brought it, none for the next.
            wait_until(lambda: os.path.exists(bells), what="the bell")
            seen = rereads_applied(t.trace())
            t.wait_trace(lambda ev: rereads_applied(ev) > seen,
                         what="the next re-read")
            with open(bells) as f:
                assert f.read().split() == ["bell"]
            # Looking at it (the cursor resting on it) clears the mark.
            t.keys("k")
            t.wait_for(lambda s: NEW not in s)


def test_row_changed_elsewhere_is_marked_until_looked_at():
    with Emulator(tickets=50) as emu:
        with start(emu, refresh_interval=1) as t:
            ready(t, "row 1 of 50")
            st, _ = emu.api("POST", "Tickets", body=[{
                "id": 48, "summary": "Edited by a colleague"}])
            assert st in (200, 201)
            screen = t.wait_for(lambda s: row_line(s, 48) and
                                "Edited by a colleague" in row_line(s, 48))
            assert row_line(screen, 48).startswith(CHANGED), screen
            assert not row_line(screen, 49).startswith(CHANGED), screen
            # Changed is not new: the status line counts no new ticket.
            assert NEW not in status_line(screen), status_line(screen)
            # The cursor resting on it clears the mark (and the column).
            t.keys("j", "j")
            t.wait_for(lambda s: CHANGED not in s and "row 3 of 50" in s)


def test_refresh_reads_the_screen_page_only_and_never_two_at_once():
    with Emulator(tickets=300) as emu:
        with start(emu, refresh_interval=1) as t:
            ready(t, "row 1 of 300")
            # A server slower than the interval: a re-read goes only once
            # the last one is answered, so they arrive at least that far
            # apart (a lower bound: load only spreads them further).
            emu.configure(latency_ms=1500)
            emu.clear_requests()

            def rereads():
                return [r for r in emu.api_requests()
                        if r["path"] == "/api/Tickets" and
                        r["params"].get("page_size") != ["1"]]
            wait_until(lambda: len(rereads()) >= 3,
                       timeout=20, what="three re-reads")
            pages = rereads()
            assert all(r["params"].get("page_no") == ["1"] for r in pages), pages
            gaps = [b["t"] - a["t"] for a, b in zip(pages, pages[1:])]
            assert all(g >= 1.4 for g in gaps), gaps
            emu.configure(latency_ms=0)


# ---- the detail follows the cursor --------------------------------------------

def test_detail_follows_the_cursor_once_it_rests():
    with Emulator(tickets=300) as emu:
        with start(emu, refresh_interval=0, cols=160) as t:
            ready(t, "row 1 of 300")
            t.keys("Enter")
            t.wait_for("Ticket 300:")
            t.wait_trace(answered, what="the detail read")
            t.keys("Tab")              # the keys to the list, the detail stays
            t.sync()
            emu.clear_requests()
            t.raw("jjjjj", events=5)  # a burst: one detail, for 295
            t.wait_for(lambda s: "Ticket 295:" in s and "row 6 of 300" in s)
            t.wait_trace(answered, what="the detail read")
            gets = [r["path"] for r in emu.api_requests()
                    if r["method"] == "GET" and r["path"].startswith("/api/Tickets/")
                    and "halotui" in r["headers"].get("User-Agent", "")]
            assert gets == ["/api/Tickets/295"], gets
            # The list keeps the keys.
            t.keys("j")
            t.wait_for(lambda s: "Ticket 294:" in s and "row 7 of 300" in s)
            t.wait_trace(answered, what="the detail read")
            # Back to a row read a moment ago, unchanged since: from the
            # copy kept, without a request.
            emu.clear_requests()
            follows = len([e for e in t.trace() if e.name == "live" and
                           e.detail.startswith("follow")])
            t.keys("k")
            t.wait_for(lambda s: "Ticket 295:" in s and "row 6 of 300" in s)
            t.wait_trace(lambda ev: len([e for e in ev if e.name == "live" and
                                         e.detail.startswith("follow")]) > follows,
                         what="the detail following")
            t.sync()
            mine = [r["path"] for r in emu.api_requests()
                    if "halotui" in r["headers"].get("User-Agent", "")]
            assert mine == [], mine


# ---- idle costs nothing ---------------------------------------------------------

def test_idle_makes_no_system_call():
    """With refresh_interval 0 an idle TUI sleeps in poll() with no
    timeout: no thread makes a system call, and no CPU time is used."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), "bench"))
    import idle_cost   # noqa: E402

    if not shutil.which("strace"):
        skip("strace is not installed")
    with Emulator(tickets=50) as emu:
        with start(emu, refresh_interval=0) as t:
            ready(t, "row 1 of 50")
            pid = halotui_pid(t)
            # Asleep once the cursor's settle timer (300 ms) has run out:
            # no CPU time and no wake-up for a while (scaled, so that a
            # loaded machine that runs the timer late is not taken for
            # one that never will).
            wait_until(lambda: not os.path.exists("/proc/%d/task" % pid) or
                       _asleep(pid), timeout=5, what="halotui asleep")
            ticks = idle_cost.cpu_ticks(pid)
            n, detail = idle_cost.strace_calls(pid, 3.0)
            if n is None:
                skip(detail)
            assert n == 0, detail
            # Attaching and detaching restart the threads' waits: that
            # costs them microseconds, which may tip the count over one
            # clock tick, never two.
            assert idle_cost.cpu_ticks(pid) - ticks <= 1, (ticks, idle_cost.cpu_ticks(pid))


def _asleep(pid):
    """No thread of pid ran or woke up for 0.4 s (scaled)."""
    import idle_cost   # noqa: E402
    a = idle_cost.cpu_ticks(pid)
    w = idle_cost.wakeups(pid)
    time.sleep(halotest.scaled(0.4))
    return a == idle_cost.cpu_ticks(pid) and w == idle_cost.wakeups(pid)


if __name__ == "__main__":
    halotest.main(globals())
