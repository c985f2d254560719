# SPDX-License-Identifier: MIT
"""bench_network.py's bulk measure: the TUI, in tmux, marks N tickets and
sends one status change to all of them under an N-per-window rate limit
(Halo's 300 per rolling 5 minutes; --quick: 30 per 30 s). The floor is the
window: N requests may not go faster than the limit allows. The TUI's own
start (token, first page, lookup lists, view counts) shares the window,
as it would on a real instance."""
import re
import time

from netbench_common import Row, budget_env, fmt_ms, halotest, verdict
from halotest import Emulator
from netbench_tui import quit_tui, trace_env
from tmuxdriver import Tmux


def marked(screen):
    m = re.search(r"(\d+) marked", screen.rstrip("\n").split("\n")[-1])
    return int(m.group(1)) if m else 0


def mark(t, n):
    """Marks rows a screen at a time (the mark-page key) until n are."""
    for _ in range(4 * n):
        t.keys("*")
        s = t.sync(timeout=60)
        if marked(s) >= n:
            return marked(s)
        t.keys("PgDn")
        t.sync(timeout=60)
    raise AssertionError("could not mark %d rows" % n)


def measure_bulk(run):
    if not run.want("bulk-tui"):
        return
    n, window = (30, 30) if run.quick else (300, 300)
    limit = n
    floor = n / limit * window
    with Emulator("--rate-limit", limit, "--rate-window", window,
                  tickets=n) as emu:
        env = trace_env(emu, budget_env(emu, limit, window), "bulk")
        with Tmux([halotest.HALOTUI], env=env, cols=120, rows=60) as t:
            t.wait_for("row 1 of %d" % n, timeout=120)
            got = mark(t, n)
            t.keys("S")
            t.wait_for(lambda s: re.search(r"\u2500 Status \(\d+\) \u2500", s),
                       timeout=120)
            t.type("Closed")
            t.keys("Enter")
            t.wait_for("on %d tickets?" % got, timeout=60)
            t0 = time.monotonic()
            t.keys("Enter")
            s = t.wait_for("bulk change: summary",
                           timeout=halotest.scaled(3 * floor + 60))
            secs = time.monotonic() - t0
            quit_tui(t)
        refused, tok = run.tally(emu)
        posts = [q for q in emu.requests() if q["method"] == "POST"
                 and q["path"].lower().rstrip("/") == "/api/tickets"]
    m = re.search(r"applied (\d+)", s)
    applied = int(m.group(1)) if m else 0
    ok = applied == n and len(posts) == n and secs <= 1.05 * floor and \
        refused == 0
    run.add(Row("bulk-tui", "TUI bulk status change on %d tickets under a "
                "%d-per-%d-s limit (%d POSTs, %d applied, %d refused token "
                "requests)" % (n, limit, window, len(posts), applied, tok),
                "%d / %d \u00d7 %d s = %s" % (n, limit, window,
                                              fmt_ms(floor * 1000)),
                "%s, %d refusals" % (fmt_ms(secs * 1000), refused),
                secs / floor, "\u2264 1.05\u00d7, 0 refusals", verdict(ok)))
