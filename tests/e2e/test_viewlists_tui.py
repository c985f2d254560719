#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Halo's own saved views for the agent (/ViewLists) as tabs after the
built-in ones: their names and ticket_count as the emulator gives them,
switching to one lists the tickets of /Tickets?view_id=N, /ViewLists is
read once, and a failed read only says so on the status line."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator, skip  # noqa: E402
from tmuxdriver import TMUX, Tmux  # noqa: E402

SEP = " \u2502 "


def need_tools():
    if not os.path.exists(halotest.HALOTUI):
        skip("no halotui binary at %s" % halotest.HALOTUI)
    if not TMUX or not os.path.exists(TMUX) and os.system("command -v tmux >/dev/null"):
        skip("tmux is not installed")


def start(emu, env=None, cols=200, rows=40):
    need_tools()
    env = env or emu.env()
    env.setdefault("HALOTUI_TRACE", os.path.join(env["HOME"], "trace.log"))
    return Tmux([halotest.HALOTUI], env=env, cols=cols, rows=rows)


def tabs(screen):
    """The tab bar: the list pane's first row."""
    return screen.splitlines()[1]


def status(screen):
    return screen.rstrip("\n").split("\n")[-1]


def row_ids(screen):
    return [int(m.group(1)) for line in screen.splitlines()[3:-1]
            for m in [re.match(r"^(\d+) ", line)] if m]


def saved_views(emu):
    st, views = emu.api("GET", "ViewLists", params={"type": "tickets", "showcounts": "true"})
    assert st == 200 and isinstance(views, list) and views, (st, views)
    return views


def view_ids(emu, vid):
    """Every ticket id the emulator lists for view_id=vid, newest first
    (the ticket list's default order)."""
    st, body = emu.api("GET", "Tickets", params={"view_id": str(vid), "count": "1000",
                                                 "order": "id", "orderdesc": "true"})
    assert st == 200, body
    return [t["id"] for t in body["tickets"]]


def requests(emu, path):
    """halotui's requests for path (not the test's own)."""
    return [r for r in emu.api_requests() if r["path"].lower() == path.lower()
            and r["headers"].get("User-Agent", "").startswith("halotui/")]


def test_saved_views_are_tabs():
    with Emulator(tickets=300) as emu:
        views = saved_views(emu)
        env = emu.env()   # one home for both starts: the cache is kept
        emu.clear_requests()
        with start(emu, env=dict(env)) as t:
            want = SEP.join("%s %d" % (v["name"], v["ticket_count"]) for v in views)
            screen = t.wait_for(lambda s: ("Recently updated" + SEP + want) in tabs(s))
            assert "row 1 of 300" in status(screen), screen
            # Read once, with the type and the counts; no one-row page is
            # needed for a view whose ticket_count came with it.
            got = requests(emu, "/api/ViewLists")
            assert len(got) == 1, got
            assert got[0]["params"].get("type") == ["tickets"], got
            assert got[0]["params"].get("showcounts") == ["true"], got
            assert not [r for r in requests(emu, "/api/Tickets")
                        if "view_id" in r["params"]], emu.api_requests()
            # [ from the start view is the last tab: the last saved view.
            last = views[-1]
            t.keys("[")
            screen = t.wait_for(lambda s: re.search(
                r"^ tickets \(Halo view %s\)\s.*row 1 of %d"
                % (re.escape(last["name"]), last["ticket_count"]), status(s)))
            assert row_ids(screen) == view_ids(emu, last["id"])[:len(row_ids(screen))]
            # ] from there goes round to the first tab; a click opens any.
            first = views[0]
            x = tabs(screen).index(first["name"]) + 2
            t.mouse(0, x, 1)
            t.mouse(3, x, 1)
            n = first["ticket_count"]
            assert 0 < n < 30, n   # all on one screen
            screen = t.wait_for(lambda s: re.search(
                r"^ tickets \(Halo view %s\)\s.*row 1 of %d" % (re.escape(first["name"]), n),
                status(s)) and len(row_ids(s)) == n)
            assert row_ids(screen) == view_ids(emu, first["id"]), screen
            pages = [r for r in requests(emu, "/api/Tickets")
                     if r["params"].get("view_id") == [str(first["id"])]]
            assert pages and all(r["params"].get("pageinate") == ["true"] for r in pages), pages
            t.keys("q")
            assert t.exit_status() == 0
        # The next start takes them from the cache (no second request), and
        # their counts, which may be old there, from one-row pages.
        emu.clear_requests()
        with start(emu, env=dict(env)) as t:
            t.wait_for(lambda s: ("Recently updated" + SEP + want) in tabs(s))
            assert not requests(emu, "/api/ViewLists"), emu.api_requests()
            counted = sorted(int(r["params"]["view_id"][0]) for r in requests(emu, "/api/Tickets")
                             if "view_id" in r["params"] and r["params"]["page_size"] == ["1"])
            assert counted == sorted(v["id"] for v in views), counted
            t.keys("q")
            assert t.exit_status() == 0


def test_failed_read_leaves_them_out():
    with Emulator(tickets=50) as emu:
        names = [v["name"] for v in saved_views(emu)]
        # A refusal (403: outside the application's scopes) is not retried.
        emu.fault(path="/api/ViewLists", status=403, count=100)
        with start(emu) as t:
            screen = t.wait_for(lambda s: "saved views not shown" in status(s))
            assert "Recently updated" in tabs(screen), screen
            assert not any(n in screen for n in names), screen
            assert "row 1 of 50" in screen, screen
            t.keys("q")
            assert t.exit_status() == 0


def test_instance_without_viewlists():
    with Emulator(tickets=50) as emu:
        emu.fault(path="/api/ViewLists", status=404, count=100)
        with start(emu) as t:
            t.wait_trace(lambda ev: any(e.name == "saved-views" and e.field("failed") == "404"
                                        for e in ev), what="the /ViewLists answer")
            screen = t.screen()
            assert "row 1 of 50" in status(screen), screen
            assert "saved views" not in screen, screen
            t.keys("q")
            assert t.exit_status() == 0


if __name__ == "__main__":
    halotest.main(globals())
