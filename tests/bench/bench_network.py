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
import http.client
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import traceback
import urllib.parse

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
import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from tmuxdriver import Tmux  # noqa: E402

LOADING = "\u2026 loading"        # listfmt.c: a row whose page is on its way
FAILED = "(not loaded"            # listfmt.c: a row whose page failed
KEY_HZ = 30                       # a held key repeats about 30 times a second
TICKET_ID = 5                     # the record show and update use
RATE = (20, 10)                   # 20 requests per rolling 10 s

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


# ---- the command line ----------------------------------------------------


def halotui(args, env, timeout=120):
    """Runs halotui; returns (CompletedProcess, wall seconds)."""
    t0 = time.monotonic()
    r = subprocess.run([halotest.HALOTUI] + [str(a) for a in args], env=env,
                       capture_output=True, text=True, stdin=subprocess.DEVNULL,
                       timeout=halotest.scaled(timeout))
    return r, time.monotonic() - t0


def checked(r, what):
    if r.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (what, r.returncode,
                                                  r.stderr.strip()[:300]))
    return r


def baseline_show(emu, ticket):
    """The same sequential calls a minimal client makes for `show`:
    authinfo (no auth_url is configured), token, the record; each on a
    fresh connection.  Returns (seconds, tool)."""
    curl = shutil.which("curl")
    form = urllib.parse.urlencode({"grant_type": "client_credentials",
                                   "client_id": emu.client_id,
                                   "client_secret": emu.client_secret,
                                   "scope": "all"})
    base = emu.base_url
    record = "%s/api/Tickets/%d?includedetails=true" % (base, ticket)
    t0 = time.monotonic()
    if curl:
        # The secret and the token go through stdin, never argv.
        subprocess.run([curl, "-sf", "-o", "/dev/null", base + "/api/authinfo"],
                       check=True, stdin=subprocess.DEVNULL)
        tok = subprocess.run([curl, "-sf", "--data", "@-",
                              base + "/auth/token?tenant=" + emu.tenant],
                             check=True, input=form, capture_output=True, text=True)
        token = json.loads(tok.stdout)["access_token"]
        subprocess.run([curl, "-sf", "-o", "/dev/null", "-H", "@-", record],
                       check=True, input="Authorization: Bearer %s\n" % token, text=True)
        return time.monotonic() - t0, "curl"

    def call(method, url, body=None, headers=None):
        u = urllib.parse.urlsplit(url)
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        try:
            c.request(method, u.path + ("?" + u.query if u.query else ""), body,
                      headers or {})
            r = c.getresponse()
            data = r.read()
            if r.status != 200:
                raise RuntimeError("baseline %s %s: %d" % (method, u.path, r.status))
            return data
        finally:
            c.close()
    call("GET", base + "/api/authinfo")
    data = call("POST", base + "/auth/token?tenant=" + emu.tenant, form,
                {"Content-Type": "application/x-www-form-urlencoded"})
    call("GET", record, None,
         {"Authorization": "Bearer " + json.loads(data)["access_token"]})
    return time.monotonic() - t0, "python http.client"


def measure_show(run):
    """show cold against a baseline, then show and update warm."""
    keys = ("show-cold", "show-warm", "update-warm")
    if not any(run.want(k) for k in keys):
        return
    latency = 200
    repeats = 1 if run.quick else 3
    with Emulator("--latency-ms", latency, tickets=300) as emu:
        base, colds, tool = [], [], ""
        for _ in range(repeats):
            secs, tool = baseline_show(emu, TICKET_ID)
            base.append(secs)
        env = None
        for _ in range(repeats):
            env = emu.env()   # a fresh HOME and XDG directories each time
            emu.clear_requests()
            r, secs = halotui(["show", "tickets", TICKET_ID], env)
            checked(r, "halotui show")
            colds.append(secs)
        cold_reqs = len(emu.requests())
        b, c = statistics.median(base), statistics.median(colds)
        if run.want("show-cold"):
            run.add(Row("show-cold", "`show tickets ID` cold cache, %d ms server "
                        "(median of %d; %d requests)" % (latency, repeats, cold_reqs),
                        "%s (baseline: %s)" % (fmt_ms(b * 1000), tool),
                        fmt_ms(c * 1000), c / b, "\u2264 1.2\u00d7",
                        verdict(c <= 1.2 * b)))
        if run.want("show-warm"):
            emu.clear_requests()
            r, secs = halotui(["show", "tickets", TICKET_ID], env)
            checked(r, "halotui show (warm)")
            n = len(emu.requests())
            run.add(Row("show-warm", "`show tickets ID` warm cache, %d ms server (%s)"
                        % (latency, fmt_ms(secs * 1000)), "1 request",
                        "%d requests" % n, float(n), "1\u20132 requests",
                        verdict(1 <= n <= 2)))
        if run.want("update-warm"):
            emu.clear_requests()
            r, secs = halotui(["update", "tickets", TICKET_ID, "summary=bench warm update"],
                              env)
            checked(r, "halotui update (warm)")
            n = len(emu.requests())
            run.add(Row("update-warm", "`update tickets ID F=V` warm cache, %d ms server "
                        "(%s)" % (latency, fmt_ms(secs * 1000)), "1 request",
                        "%d requests" % n, float(n), "1 request", verdict(n == 1)))
        run.tally(emu)
    run.note("show baseline: %s, one fresh connection per call (authinfo, token, "
             "record)" % tool)


def bulk_update_form(emu, env):
    """True when `update tickets ID ID... F=V` updates several records: the
    usage line names it, and trying it updates two."""
    r, _ = halotui(["update", "--help"], env, timeout=30)
    usage = r.stdout + r.stderr
    said = bool(re.search(r"ID\s*\.\.\.|ID \[ID", usage.split("\n")[0]
                          if usage else ""))
    emu.clear_requests()
    r, _ = halotui(["update", "tickets", 1, 2, "summary=bench bulk probe"], env)
    posts = [q for q in emu.requests() if q["method"] == "POST"
             and q["path"].lower().startswith("/api/tickets")]
    body_ids = set()
    for q in posts:
        try:
            for item in json.loads(q["body"]):
                body_ids.add(item.get("id"))
        except (ValueError, TypeError, AttributeError):
            pass
    works = r.returncode == 0 and {1, 2} <= body_ids
    return works, said


def measure_updates(run):
    if not run.want("updates"):
        return
    n = 20 if run.quick else 100
    limit, window = RATE
    floor = n / limit * window
    with Emulator("--rate-limit", limit, "--rate-window", window, tickets=300) as emu:
        env = emu.env()
        bulk, said = bulk_update_form(emu, env)
        if not bulk:
            r, _ = halotui(["show", "tickets", 1], env)   # the warm-up
            checked(r, "halotui show (warm-up)")
        # The warm-up's requests must leave the rolling window first; the
        # emulator keeps no way to see them go, so wait the window out.
        time.sleep(window + 0.5)
        emu.clear_requests()
        ids = list(range(1, n + 1))
        text = "summary=bench bulk %d" % os.getpid()
        t0 = time.monotonic()
        done = 0
        cap = 3 * floor          # single runs can take far longer: stop there
        if bulk:
            r, secs = halotui(["update", "tickets"] + ids + [text], env,
                              timeout=cap + 120)
            done = n if r.returncode == 0 else 0
            how = "bulk form, one run"
        else:
            for i in ids:
                r, _ = halotui(["update", "tickets", i, text], env, timeout=cap + 120)
                if r.returncode == 0:
                    done += 1
                if time.monotonic() - t0 > cap:
                    break
            how = "no bulk form (%s): single runs" % (
                "usage names one but it failed" if said else "not in the usage line")
        secs = time.monotonic() - t0
        refused, tok = run.tally(emu)
        posts = sum(1 for q in emu.requests() if q["method"] == "POST"
                    and q["path"].lower().startswith("/api/tickets"))
    if done < n and done > 0:
        measured = "%s for %d of %d (\u2248 %s for %d), %d refusals" % (
            fmt_ms(secs * 1000), done, n, fmt_ms(secs * n / done * 1000), n, refused)
        est = secs * n / done
    else:
        measured = "%s, %d refusals" % (fmt_ms(secs * 1000), refused)
        est = secs
    ok = done == n and secs <= 1.05 * floor and refused == 0
    run.add(Row("updates", "%d updates under a %d-per-%d-s limit (%s; %d POSTs, "
                "%d refused token requests)" % (n, limit, window, how, posts, tok),
                "%d / %d \u00d7 %d s = %s" % (n, limit, window, fmt_ms(floor * 1000)),
                measured, est / floor, "\u2264 1.05\u00d7, 0 refusals", verdict(ok)))


def measure_list(run):
    if not run.want("list"):
        return
    n = 1000 if run.quick else 5000
    latency = 50
    trips = math.ceil(n / 100 / 4) + 1
    floor = trips * latency
    with Emulator("--latency-ms", latency, tickets=n) as emu:
        env = emu.env()
        r, secs = halotui(["list", "tickets", "--limit", n, "--format", "tsv"], env)
        checked(r, "halotui list")
        rows = max(0, len(r.stdout.splitlines()) - 1)
        pages = sum(1 for q in emu.requests() if q["method"] == "GET"
                    and q["path"].lower() == "/api/tickets")
        run.tally(emu)
    ms = secs * 1000
    run.add(Row("list", "`list tickets --limit %d` at %d ms (%d rows, %d page requests)"
                % (n, latency, rows, pages),
                "%d round trips = %s" % (trips, fmt_ms(floor)), fmt_ms(ms),
                ms / floor, "\u2264 1.3\u00d7", verdict(ms <= 1.3 * floor and rows == n)))


# ---- the TUI -------------------------------------------------------------


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


def wait_complete(t, since_ms, timeout, idle=False):
    """Polls the screen until the list's rows are all drawn (and, with idle,
    nothing is in flight); returns (ms from since_ms to the frame that drew
    it, screen), or (None, last screen) on timeout."""
    deadline = time.monotonic() + halotest.scaled(timeout)
    screen = ""
    while time.monotonic() < deadline:
        screen = t.screen()
        taken = now_ms()
        if list_complete(screen) and (not idle or not busy(screen)):
            frames = [e.ms for e in t.trace() if e.name in ("frame", "first-frame")
                      and since_ms <= e.ms <= taken]
            return (frames[-1] if frames else since_ms) - since_ms, screen
        time.sleep(halotest.POLL)
    return None, screen


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
    with Emulator("--rate-limit", limit, "--rate-window", window,
                  "--latency-ms", latency, tickets=30000) as emu:
        env = trace_env(emu, emu.env(), "held-limit")
        with Tmux([halotest.HALOTUI], env=env) as t:
            t.wait_for("row 1 of", timeout=120)
            last = hold(t, "PageDown", secs)
            ms, screen = wait_complete(t, last, 180, idle=True)
            if ms is None:
                screen = t.screen()
            quit_tui(t)
        refused, tok = run.tally(emu)
        total = len(emu.requests())
    failed = FAILED in screen
    if ms is None:
        final = "final screen %s after 180 s" % ("has a failed page" if failed
                                                  else "still loading")
    else:
        final = "final screen %s (settled %s after the last key)" % (
            "has a failed page" if failed else "all rows drawn", fmt_ms(ms))
    ok = refused <= 2 and ms is not None and not failed
    run.add(Row("held-limit", "PgDn held %d s under a %d-per-%d-s limit, %d ms server "
                "(%d requests, %d refused token requests)"
                % (secs, limit, window, latency, total, tok), "0 refusals",
                "%d refusals; %s" % (refused, final), None,
                "\u2264 2 refusals, no page left failed", verdict(ok)))


def start_once(emu, env, name, quit=True):
    """Runs the TUI until its first rows are drawn; returns the trace events
    (start, first-frame, first-rows)."""
    env = trace_env(emu, env, name)
    with Tmux([halotest.HALOTUI], env=env) as t:
        evs = t.wait_trace(lambda ev: first(ev, "first-rows") and ev, timeout=120,
                           what="the first rows")
        t.wait_for("row 1 of", timeout=60)
        if quit:
            quit_tui(t)
    return first(evs, "start"), first(evs, "first-frame"), first(evs, "first-rows")


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
    run.add(Row(key, "first drawn rows, warm cache, %s server (%d requests in the run)"
                % (label, reqs), "one frame = %s" % fmt_ms(floor), fmt_ms(ms),
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
]
NAMES = ["held-500", "held-2000", "held-limit", "show-cold", "show-warm", "update-warm",
         "updates", "list", "start-warm-200", "start-warm-2000", "start-cold", "browse"]
TUI = {"held-500", "held-2000", "held-limit", "start-warm-200", "start-warm-2000",
       "start-cold", "browse"}


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
