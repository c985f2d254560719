# SPDX-License-Identifier: MIT
"""What bench_network.py's measures share: where halotui is, the harness
(halotest, tmuxdriver), the rows of the table and the run that collects
them with every 429 the emulator answered."""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.path.dirname(os.path.dirname(HERE))


def _find_halotui():
    """HALOTUI, else ./halotui, else the usual build directory."""
    given = os.environ.get("HALOTUI")
    if given:
        return os.path.abspath(given)
    for cand in (os.path.join(os.getcwd(), "halotui"),
                 os.path.join(SRCDIR, "build", "plain", "halotui"),
                 os.path.join(SRCDIR, "build", "halotui")):
        if os.access(cand, os.X_OK):
            return cand
    return os.path.join(os.getcwd(), "halotui")


os.environ["HALOTUI"] = _find_halotui()  # before halotest reads it
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "e2e"))
import halotest  # noqa: E402,F401  (the measures use it through this module)

TICKET_ID = 5                     # the record show and update use
RATE = (20, 10)                   # 20 requests per rolling 10 s


def budget_env(emu, limit, window):
    """An environment whose profile tells halotui the emulator's rate limit
    (rate_limit, rate_window), as a user of a rate-limited instance sets
    it; the profile names the emulator instead of HALOPSA_* variables."""
    return halotest.profile_env(emu, "bench", rate_limit=limit,
                                rate_window=window)


# ---- results -----------------------------------------------------------


class Row:
    def __init__(self, key, measure, floor="", measured="", ratio=None,
                 target="", verdict=""):
        self.key, self.measure, self.floor = key, measure, floor
        self.measured, self.ratio, self.target = measured, ratio, target
        self.verdict = verdict

    def cells(self):
        ratio = "%.2f\u00d7" % self.ratio if self.ratio is not None else "\u2014"
        return [self.measure, self.floor or "\u2014", self.measured or "\u2014",
                ratio, " ".join(x for x in (self.target, self.verdict) if x)]


class Run:
    """What the whole run collects: the rows, notes and every 429."""

    def __init__(self, quick, wanted):
        self.quick = quick
        self.wanted = wanted
        self.rows = []
        self.notes = []
        self.refusals = 0
        self.token_refusals = 0
        self.broken = False

    def want(self, key):
        return not self.wanted or any(matches(key, w) for w in self.wanted)

    def add(self, row):
        self.rows.append(row)
        print("  %s: %s" % (row.key, " | ".join(row.cells()[1:])), file=sys.stderr)
        sys.stderr.flush()

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    def tally(self, emu):
        """Adds the 429s in emu's request log to the run's count; returns
        (429s, of which token requests)."""
        reqs = emu.requests()
        n = sum(1 for r in reqs if r.get("status") == 429)
        tok = sum(1 for r in reqs if r.get("status") == 429
                  and r["path"].lower().rstrip("/").endswith("/auth/token"))
        self.refusals += n
        self.token_refusals += tok
        return n, tok


def matches(name, wanted):
    """--only NAME selects NAME and the measures named NAME-something."""
    return name == wanted or name.startswith(wanted.rstrip("-") + "-")


def fmt_ms(ms):
    if ms is None:
        return "\u2014"
    return "%.0f ms" % ms if ms < 10000 else "%.1f s" % (ms / 1000.0)


def verdict(ok):
    return "PASS" if ok else "MISS"


def now_ms():
    return time.monotonic() * 1000.0   # CLOCK_MONOTONIC, as HALOTUI_TRACE
