# SPDX-License-Identifier: MIT
"""bench_network.py's TUI measures, halotui in tmux with its HALOTUI_TRACE
file: a key held on a slow server and under a rate limit, the first rows
warm and cold, and browsing a long list."""
import math
import os
import re
import shutil
import time

from netbench_common import (RATE, Row, budget_env, fmt_ms, halotest, now_ms,
                             verdict)
from halotest import Emulator
from tmuxdriver import Tmux

LOADING = "\u2026 loading"        # listfmt.c: a row whose page is on its way
FAILED = "(not loaded"            # listfmt.c: a row whose page failed
KEY_HZ = 30                       # a held key repeats about 30 times a second



def tmux_ok():
    return shutil.which(os.environ.get("TMUX_BIN") or "tmux") is not None


def list_complete(screen):
    """Every row of the list on screen is drawn (none loading or failed)."""
    return LOADING not in screen and FAILED not in screen


def busy(screen):
    lines = screen.rstrip("\n").split("\n")
    return bool(lines) and "\u27f3" in lines[-1]


def trace_env(emu, env, name):
    path = os.path.join(env["HOME"], "trace-%s.log" % name)
    env = dict(env)
    env["HALOTUI_TRACE"] = path
    return env


def first(evs, name):
    return next((e for e in evs if e.name == name), None)


def quit_tui(t):
    t.keys("q")
    try:
        t.exit_status(timeout=15)
    except AssertionError:
        pass   # leaving the with block kills it


def hold(t, key, seconds):
    """Sends key KEY_HZ times a second for seconds; waits until halotui has
    read them all; returns the trace time of the last one."""
    t0 = time.monotonic()
    n = int(seconds * KEY_HZ)
    for i in range(n):
        delay = t0 + i / KEY_HZ - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        t.keys(key)
    evs = t.wait_trace(lambda ev: sum(1 for e in ev if e.name == "key") >= t.keys_sent
                       and ev, timeout=60, what="the held keys read")
    return [e for e in evs if e.name == "key"][-1].ms


def wait_complete(t, since_ms, timeout, done=None):
    """Polls the screen until done(screen) (default: the list's rows are all
    drawn); returns (ms from since_ms to the frame that drew it, screen), or
    (None, last screen) after timeout seconds (scaled)."""
    done = done or list_complete
    deadline = time.monotonic() + halotest.scaled(timeout)
    screen = ""
    while time.monotonic() < deadline:
        screen = t.screen()
        taken = now_ms()
        if done(screen):
            frames = [e.ms for e in t.trace() if e.name in ("frame", "first-frame")
                      and since_ms <= e.ms <= taken]
            return (frames[-1] if frames else since_ms) - since_ms, screen
        time.sleep(halotest.POLL)
    return None, screen


def settled_list(screen):
    """Nothing in flight and no row still loading: a failed row stays."""
    return not busy(screen) and LOADING not in screen


def measure_held(run, latency):
    key = "held-%d" % latency
    if not run.want(key):
        return
    secs = 1 if run.quick else 3
    label = "%g s" % (latency / 1000.0) if latency >= 1000 else "%d ms" % latency
    limit = 120 + latency / 1000.0 * 60   # seconds: a long queue drains slowly
    with Emulator(tickets=20000) as emu:
        env = trace_env(emu, emu.env(), key)
        with Tmux([halotest.HALOTUI], env=env) as t:
            t.wait_for("row 1 of", timeout=60)
            emu.configure(latency_ms=latency)
            last = hold(t, "PageDown", secs)
            ms, screen = wait_complete(t, last, limit)
            quit_tui(t)
        run.tally(emu)
    target = "\u2264 1.5\u00d7"
    if ms is None:
        run.add(Row(key, "PgDn held %d s on a %s server: last key \u2192 that screen's "
                    "rows" % (secs, label), "1 round trip = %s" % fmt_ms(latency),
                    "not drawn in %s" % fmt_ms(halotest.scaled(limit) * 1000), None,
                    target, "MISS"))
        return
    run.add(Row(key, "PgDn held %d s on a %s server: last key \u2192 that screen's rows"
                % (secs, label), "1 round trip = %s" % fmt_ms(latency), fmt_ms(ms),
                ms / latency, target, verdict(ms <= 1.5 * latency)))


def measure_held_limit(run):
    if not run.want("held-limit"):
        return
    secs = 5 if run.quick else 15
    limit, window = RATE
    latency = 200
    wait = 180       # seconds: retries after 429s may wait a minute each
    with Emulator("--rate-limit", limit, "--rate-window", window,
                  "--latency-ms", latency, tickets=30000) as emu:
        env = trace_env(emu, budget_env(emu, limit, window), "held-limit")
        with Tmux([halotest.HALOTUI], env=env) as t:
            t.wait_for("row 1 of", timeout=120)
            last = hold(t, "PageDown", secs)
            ms, screen = wait_complete(t, last, wait, settled_list)
            quit_tui(t)
        refused, tok = run.tally(emu)
        total = len(emu.requests())
    failed = FAILED in screen
    if ms is None:
        final = "final screen still loading after %s" % fmt_ms(
            halotest.scaled(wait) * 1000)
    else:
        final = "final screen settled %s after the last key" % fmt_ms(ms)
    final += ", a failed page on it" if failed else ", no failed page"
    ok = refused <= 2 and ms is not None and not failed
    run.add(Row("held-limit", "PgDn held %d s under a %d-per-%d-s limit, %d ms server "
                "(%d requests, %d refused token requests)"
                % (secs, limit, window, latency, total, tok), "0 refusals",
                "%d refusals; %s" % (refused, final), None,
                "\u2264 2 refusals, no page left failed", verdict(ok)))


def start_once(emu, env, name, quit=True):
    """Runs the TUI until its first rows are drawn, from the cache
    ("cached-rows") or from the server ("first-rows"), whichever comes
    first; returns the trace events (start, first-frame, those rows)."""
    env = trace_env(emu, env, name)

    def rows_of(ev):
        return next((e for e in ev if e.name in ("cached-rows", "first-rows")), None)

    with Tmux([halotest.HALOTUI], env=env) as t:
        evs = t.wait_trace(lambda ev: rows_of(ev) and ev, timeout=120,
                           what="the first rows")
        t.wait_for("row 1 of", timeout=60)
        if quit:
            quit_tui(t)
    return first(evs, "start"), first(evs, "first-frame"), rows_of(evs)


def measure_start_warm(run, latency):
    key = "start-warm-%d" % latency
    if not run.want(key):
        return
    label = "%g s" % (latency / 1000.0) if latency >= 1000 else "%d ms" % latency
    with Emulator("--latency-ms", latency, tickets=5000) as emu:
        env = emu.env()
        start_once(emu, env, key + "-cold")      # fills the caches, if any
        emu.clear_requests()
        start, frame, rows = start_once(emu, env, key)
        reqs = len(emu.requests())
        run.tally(emu)
    ms = rows.ms - start.ms
    floor = frame.ms - start.ms if frame else None
    # The target is absolute, so no ratio: one frame takes a millisecond.
    run.add(Row(key, "first drawn rows (%s), warm cache, %s server (%d requests in "
                "the run)" % ("cached" if rows.name == "cached-rows" else "fresh",
                              label, reqs), "one frame = %s" % fmt_ms(floor), fmt_ms(ms),
                None, "within 50 ms of start", verdict(ms <= 50)))


def measure_start_cold(run):
    if not run.want("start-cold"):
        return
    latency = 200
    with Emulator("--latency-ms", latency, tickets=5000) as emu:
        start, _, rows = start_once(emu, emu.env(), "start-cold")
        reqs = len(emu.requests())
        run.tally(emu)
    ms = rows.ms - start.ms
    floor = 3 * latency
    run.add(Row("start-cold", "first drawn rows, cold, %d ms server (%d requests in "
                "the run)" % (latency, reqs), "3 round trips = %s" % fmt_ms(floor),
                fmt_ms(ms), ms / floor, "report", ""))


def key_latencies(evs):
    """For each key, ms until the next frame drawn after it."""
    lat = []
    for i, e in enumerate(evs):
        if e.name != "key":
            continue
        nxt = next((e2 for e2 in evs[i + 1:] if e2.name == "frame"), None)
        if nxt is not None:
            lat.append(nxt.ms - e.ms)
    return lat


def tui_pid(t):
    """halotui's pid: the child of the shell tmux runs it in."""
    sh = t._tmux("display-message", "-p", "-t", "t", "#{pane_pid}").strip()
    try:
        with open("/proc/%s/task/%s/children" % (sh, sh)) as f:
            kids = f.read().split()
    except OSError:
        return None
    return int(kids[0]) if kids else None


def memory_kb(pid):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out[line.split(":")[0]] = int(line.split()[1])
    except (OSError, TypeError):
        pass
    return out


def measure_browse(run):
    if not run.want("browse"):
        return
    n = 10000 if run.quick else 100000
    nkeys = 40 if run.quick else 200
    with Emulator(tickets=n) as emu:
        env = trace_env(emu, emu.env(), "browse")
        with Tmux([halotest.HALOTUI], env=env) as t:
            evs = t.wait_trace(lambda ev: first(ev, "first-rows") and ev, timeout=120,
                               what="the first rows")
            start, rows = first(evs, "start"), first(evs, "first-rows")
            t.wait_for("row 1 of", timeout=60)
            mark = len(t.trace())
            for _ in range(nkeys):        # as tui_latency.py: one key at a time
                t.keys("j")
                time.sleep(0.03)
            t.sync(timeout=60)
            lat = sorted(key_latencies(t.trace()[mark:]))
            # Walk to the last row a screen at a time, in bursts.
            burst = 50
            for _ in range(n // 30 // burst + 2):
                t._tmux("send-keys", "-t", "t", *(["PageDown"] * burst))
                t.keys_sent += burst
                screen = t.sync(timeout=60)
                m = re.search(r"row (\d+) of (\d+)", screen)
                if m and m.group(1) == m.group(2):
                    break
            t.settled(timeout=120)
            mem = memory_kb(tui_pid(t))
            quit_tui(t)
        run.tally(emu)
    p99 = lat[min(len(lat) - 1, int(math.ceil(len(lat) * 0.99)) - 1)] if lat else None
    rss = mem.get("VmRSS")
    run.add(Row("browse", "browsing %d rows: first row / keystroke p99 (%d keys) / RSS "
                "at the last row (peak)" % (n, len(lat)), "",
                "%s / %s / %s" % (fmt_ms(rows.ms - start.ms), fmt_ms(p99) if p99 is None
                                  else "%.1f ms" % p99,
                                  "%.1f MB (%.1f MB)" % (rss / 1024.0, mem["VmHWM"] / 1024.0)
                                  if rss else "unknown"),
                None, "report, no worse than before", ""))
