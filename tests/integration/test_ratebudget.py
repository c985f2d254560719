# SPDX-License-Identifier: MIT
"""The rate budget against the emulator's rate limit: one halotui process
listing page after page keeps under the server's limit when its budget
matches, and learns the limit after the first 429 when its budget is set
too high. Refusals are counted from the emulator's request log. (The
budget is per process: concurrent requests of one worker are covered by
tests/unit/test_worker.)"""
import collections
import re

import halotest
from halotest import Emulator, run

LIMIT, WINDOW = 20, 2   # the server: 20 requests per rolling 2 s
PAGES = 90              # the list asks 100 rows a page: ~100 requests
ROWS = PAGES * 100
IN_FLIGHT = 4           # pages the list keeps on the wire at once


def config(em, rate_limit):
    return halotest.profile_env(em, "t", rate_limit=rate_limit,
                                rate_window=WINDOW)


def listing(rate_limit):
    """Lists PAGES pages of tickets, four on the wire at once; returns the statuses the
    emulator answered with, counted, and the run's stderr."""
    with Emulator("--rate-limit", LIMIT, "--rate-window", WINDOW,
                  tickets=ROWS + 10) as em:
        p = run(["list", "tickets", "--limit", ROWS],
                env=config(em, rate_limit), timeout=120)
        assert p.returncode == 0, p.stderr
        assert len(p.stdout.splitlines()) >= ROWS, p.stdout[-300:]
        got = collections.Counter(r["status"] for r in em.requests())
        assert got[200] >= PAGES, got
        return got, p.stderr


def test_matching_budget_draws_no_429():
    got, err = listing(LIMIT)
    assert got[429] == 0, (got, err)
    # Paced, not refused: the wait is said as the budget's, with its host
    # and the seconds left.
    assert "rate limited" not in err, err
    assert re.search(r"^halotui: keeping under the rate limit of "
                     r"127\.0\.0\.1:\d+: sending GET /api/Tickets in \d s$",
                     err, re.M), err
    assert "waiting (" not in err, err


def test_budget_too_high_learns_the_limit():
    # Without learning, every window of pages would end in refusals; the
    # first 429 teaches the budget the limit. The list keeps IN_FLIGHT
    # pages on the wire, so the first refusal can come with as many more
    # already sent, and the learned limit (what got through, less the
    # margin) may be met once more while the server's window and ours
    # line up.
    got, err = listing(1000)
    assert 1 <= got[429] <= IN_FLIGHT + 2, (got, err)


if __name__ == "__main__":
    halotest.main(globals())
