#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Time to first row and keystroke latency of the real TUI, measured from
its HALOTUI_TRACE file: halotui runs in tmux against the emulator, first
with no server latency, then with 2 s per request (keys must not wait for
the network). Prints numbers; asserts nothing.

    HALOTUI=build/halotui python3 tests/bench/tui_latency.py [--keys 60]
"""
import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "e2e"))
import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from tmuxdriver import Tmux  # noqa: E402


def events(path):
    """(monotonic ms, event name, rest) for every trace line."""
    out = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3:
                out.append((float(parts[0]), parts[2], parts[3:]))
    return out


def key_latencies(evs):
    """For each key, ms until the next frame drawn after it."""
    lat = []
    for i, (t, name, _) in enumerate(evs):
        if name != "key":
            continue
        for t2, name2, _ in evs[i + 1:]:
            if name2 == "frame":
                lat.append(t2 - t)
                break
    return lat


def run(emu, keys, label):
    trace = os.path.join(emu.env()["HOME"], "trace-%s.log" % label)
    with Tmux([halotest.HALOTUI], env=emu.env(HALOTUI_TRACE=trace)) as t:
        t.wait_for("row 1 of", timeout=60)
        for _ in range(keys):
            t.keys("j")
            time.sleep(0.03)
        t.keys("?")
        time.sleep(0.2)
        t.keys("q", "q")
        t.exit_status(timeout=30)
    evs = events(trace)
    start = next(t for t, n, _ in evs if n == "start")
    first = next((t for t, n, _ in evs if n == "first-rows"), None)
    lat = sorted(key_latencies(evs))
    print("%s:" % label)
    if first is not None:
        print("  time to first row: %.1f ms" % (first - start))
    if lat:
        p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))]
        print("  key to frame over %d keys: median %.2f ms, p95 %.2f ms, "
              "max %.2f ms" % (len(lat), statistics.median(lat), p95, lat[-1]))
    requests = [r for r in emu.api_requests() if r["method"] == "GET"
                and r["path"].lower() == "/api/tickets"]
    print("  ticket page requests: %d" % len(requests))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keys", type=int, default=60)
    ap.add_argument("--tickets", type=int, default=5000)
    args = ap.parse_args()
    with Emulator(tickets=args.tickets) as emu:
        run(emu, args.keys, "local emulator")
        emu.clear_requests()
        emu.configure(latency_ms=2000)
        run(emu, args.keys, "2 s per request")


if __name__ == "__main__":
    main()
