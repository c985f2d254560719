#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Instant start: the TUI's second start draws the start view's last-seen
first page from the cache at once, marked as cached with its age, before a
slow server answers, then the fresh rows."""
import os
import re
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from test_tui import answered, start  # noqa: E402


def events(path):
    out = []
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) >= 3:
                out.append((float(p[0]), p[2], p[3:]))
    return out


def first(evs, name):
    return next((t for t, n, _ in evs if n == name), None)


def page_answered(evs):
    """When the first page of tickets was answered, or None."""
    ids = {r[0] for t, n, r in evs if n == "request" and "tickets" in r}
    return next((t for t, n, r in evs if n == "response" and r[0] in ids), None)


def rows_file(env):
    d = os.path.join(env["XDG_CACHE_HOME"], "halotui", "default")
    found = [f for f in os.listdir(d) if f.startswith("rows-tickets-")]
    return os.path.join(d, found[0]) if len(found) == 1 else None


def test_second_start_draws_cached_rows_before_the_server_answers():
    with Emulator(tickets=300) as emu:
        env = emu.env()
        trace1 = os.path.join(env["HOME"], "trace1.log")
        with start(emu, HALOTUI_TRACE=trace1, **{k: env[k] for k in (
                "HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")}) as t:
            t.wait_for("row 1 of 300")
            t.wait_trace(answered, what="every request answered")
            fresh = t.screen().splitlines()
            t.keys("q")
            assert t.exit_status() == 0
        assert "cached" not in "\n".join(fresh)
        path = rows_file(env)
        assert path, "no cached rows"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        cold = events(trace1)
        cold_ms = first(cold, "first-rows") - first(cold, "start")

        emu.configure(latency_ms=2000)
        emu.clear_requests()
        trace2 = os.path.join(env["HOME"], "trace2.log")
        with start(emu, HALOTUI_TRACE=trace2, **{k: env[k] for k in (
                "HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")}) as t:
            screen = t.wait_for(lambda s: re.search(r"cached \d+ s ago", s))
            lines = screen.splitlines()
            # The same rows as last time, before any answer came.
            assert lines[3] == fresh[3], (lines[3], fresh[3])
            assert lines[4] == fresh[4], (lines[4], fresh[4])
            assert page_answered(events(trace2)) is None, events(trace2)
            screen = t.wait_for("row 1 of 300")
            assert "cached" not in screen
            assert screen.splitlines()[3] == fresh[3]
            t.keys("q")
            assert t.exit_status() == 0
        warm = events(trace2)
        warm_ms = first(warm, "cached-rows") - first(warm, "start")
        fresh_ms = first(warm, "first-rows") - first(warm, "start")
        assert first(warm, "cached-rows") < page_answered(warm), warm
        # Only the page itself went to the server: token and lookups were
        # cached.
        asked = [(r["method"], r["path"]) for r in emu.requests()]
        assert ("POST", "/auth/token") not in asked, asked
        assert all(p == "/api/Tickets" for _, p in asked), asked
        halotest.diag("first rows: cold %.1f ms; warm (2 s latency) cached "
                      "%.1f ms, fresh %.1f ms" % (cold_ms, warm_ms, fresh_ms))
        # One frame, whatever the latency (scaled for slow builds).
        assert warm_ms < halotest.scaled(0.05) * 1000, warm_ms


def test_no_cached_rows_with_cache_false():
    with Emulator(tickets=300) as emu:
        env = emu.env()
        cfgdir = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
        os.makedirs(cfgdir)
        cfg = os.path.join(cfgdir, "config.yaml")
        with open(cfg, "w") as f:
            f.write("profiles:\n  work:\n    cache: false\n")
        os.chmod(cfg, 0o600)
        keep = {k: env[k] for k in ("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME",
                                     "XDG_CACHE_HOME")}
        with start(emu, **keep) as t:
            t.wait_for("row 1 of 300")
            t.wait_trace(answered, what="every request answered")
            t.keys("q")
            assert t.exit_status() == 0
        assert not os.path.exists(os.path.join(env["XDG_CACHE_HOME"], "halotui"))
        emu.configure(latency_ms=1000)
        with start(emu, **keep) as t:
            screen = t.wait_for("loading")
            assert "cached" not in screen
            t.wait_for("row 1 of 300")
            t.keys("q")
            assert t.exit_status() == 0


if __name__ == "__main__":
    halotest.main(globals())
