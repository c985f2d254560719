#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tests/bench/bench_network.py still runs: its quickest measure prints the
markdown table with a measured time and a verdict.  Its numbers are not
checked (they depend on the machine); only that the program works."""

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import halotest  # noqa: E402

BENCH = os.path.join(os.path.dirname(HERE), "bench", "bench_network.py")


def test_bench_network_prints_a_table():
    r = subprocess.run([sys.executable, BENCH, "--quick", "--only", "show-cold"],
                       capture_output=True, text=True, stdin=subprocess.DEVNULL,
                       timeout=halotest.scaled(90))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "| measure | floor | measured | ratio | target |" in lines, r.stdout
    rows = [line for line in lines if line.startswith("| `show tickets ID` cold cache")]
    assert len(rows) == 1, r.stdout
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    assert len(cells) == 5, cells
    assert re.fullmatch(r"(\d+ ms|\d+\.\d s) \(baseline: (curl|python http\.client)\)", cells[1]), cells
    assert re.fullmatch(r"\d+ ms|\d+\.\d s", cells[2]), cells
    assert re.fullmatch(r"\d+\.\d\d\u00d7", cells[3]), cells
    assert re.fullmatch(r"\u2264 1\.2\u00d7 (PASS|MISS)", cells[4]), cells
    assert re.search(r"^429 responses provoked in the whole run: \d+", r.stdout, re.M), \
        r.stdout


if __name__ == "__main__":
    halotest.main(globals())
