#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""How halotui behaves on a slow or rate-limited server, in one run: the
emulator is started with injected latency and rate limits, halotui runs
against it (the command line directly, the TUI in tmux with its
HALOTUI_TRACE file), and one markdown table is printed with, for each
measure, its floor (what the network alone costs), the measured value, the
ratio of the two and the target with PASS or MISS.  A program that prints
numbers, not a test: it exits non-zero only when it could not run (no
halotui, no emulator, a measure that broke), never because of a MISS.

    HALOTUI=build/plain/halotui python3 tests/bench/bench_network.py
            [--quick] [--only NAME[,NAME...]] [--list]

--quick holds keys for less time and uses fewer rows (a smoke run);
--only runs the named measures (a name or its prefix: "held", "show-cold").
Every cold run gets a fresh HOME, XDG_CACHE_HOME and XDG_STATE_HOME; a warm
run reuses the ones its cold run filled.  The emulator applies its rate
limit to every /auth and /api request, token requests included, so the
429s counted here include refused token requests.
"""
import argparse
import os
import sys
import traceback

import netbench_common  # noqa: F401  first: it finds halotui before halotest reads it
from netbench_common import Row, Run, halotest, matches
from netbench_bulk import measure_bulk
from netbench_cli import measure_list, measure_show, measure_updates
from netbench_tui import (measure_browse, measure_held, measure_held_limit,
                          measure_start_cold, measure_start_warm, tmux_ok)


# ---- the run -------------------------------------------------------------

MEASURES = [
    ("held-500", lambda r: measure_held(r, 500)),
    ("held-2000", lambda r: measure_held(r, 2000)),
    ("held-limit", measure_held_limit),
    ("show-cold", measure_show),       # also show-warm and update-warm
    ("updates", measure_updates),
    ("list", measure_list),
    ("start-warm-200", lambda r: measure_start_warm(r, 200)),
    ("start-warm-2000", lambda r: measure_start_warm(r, 2000)),
    ("start-cold", measure_start_cold),
    ("browse", measure_browse),
    ("bulk-tui", measure_bulk),
]
NAMES = ["held-500", "held-2000", "held-limit", "show-cold", "show-warm", "update-warm",
         "updates", "list", "start-warm-200", "start-warm-2000", "start-cold", "browse",
         "bulk-tui"]
TUI = {"held-500", "held-2000", "held-limit", "start-warm-200", "start-warm-2000",
       "start-cold", "browse", "bulk-tui"}


def print_table(run):
    head = ["measure", "floor", "measured", "ratio", "target"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for row in run.rows:
        print("| " + " | ".join(c.replace("|", "\\|") for c in row.cells()) + " |")
    print()
    print("429 responses provoked in the whole run: %d (of which token requests: %d)"
          % (run.refusals, run.token_refusals))
    for n in run.notes:
        print("- " + n)
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="shorter holds and fewer rows: a smoke run")
    ap.add_argument("--only", action="append", default=[],
                    help="run only these measures (names or prefixes, comma-separated)")
    ap.add_argument("--list", action="store_true", help="print the measure names")
    args = ap.parse_args()
    if args.list:
        print("\n".join(NAMES))
        return 0
    wanted = [w for arg in args.only for w in arg.split(",") if w]
    unknown = [w for w in wanted if not any(matches(n, w) for n in NAMES)]
    if unknown:
        ap.error("unknown measure %s (one of: %s)" % (", ".join(unknown), ", ".join(NAMES)))
    if not os.access(halotest.HALOTUI, os.X_OK):
        print("bench_network: no halotui at %s: build it, or set HALOTUI to its path"
              % halotest.HALOTUI, file=sys.stderr)
        return 2
    run = Run(args.quick, wanted)
    print("bench_network: %s%s" % (halotest.HALOTUI, " (quick)" if args.quick else ""),
          file=sys.stderr)
    for name, fn in MEASURES:
        keys = [n for n in NAMES if n == name or
                (name == "show-cold" and n in ("show-warm", "update-warm"))]
        if not any(run.want(k) for k in keys):
            continue
        if name in TUI and not tmux_ok():
            run.add(Row(name, name, "", "", None, "", "n/a (tmux not found)"))
            continue
        try:
            fn(run)
        except Exception as e:  # one broken measure must not hide the others
            run.broken = True
            traceback.print_exc(file=sys.stderr)
            run.add(Row(name, name, "", "", None, "",
                        "n/a (could not run: %s)" % str(e).splitlines()[0][:120]
                        if str(e) else "n/a (could not run: %s)" % type(e).__name__))
    run.note("rate limit: the emulator counts and refuses token and authinfo requests "
             "like any other (control.RateLimiter on every /auth and /api request)")
    print_table(run)
    return 1 if run.broken else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        halotest._cleanup()

