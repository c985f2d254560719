# SPDX-License-Identifier: MIT
"""bench_network.py's command-line measures: show cold against a minimal
client, show and update warm, many updates under a rate limit, a long
list on a 50 ms server."""
import http.client
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import threading
import time
import urllib.parse

from netbench_common import (RATE, TICKET_ID, Row, budget_env, fmt_ms,
                             halotest, verdict)
from halotest import Emulator



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
        env = budget_env(emu, limit, window)
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


def replay(emu, reqs, in_flight):
    """The floor of a list: a minimal client making the same requests
    halotui made (authinfo and token one after the other, then the rest
    in halotui's order) with in_flight keep-alive connections, each
    reading its whole answer.  Returns seconds."""
    form = urllib.parse.urlencode({"grant_type": "client_credentials",
                                   "client_id": emu.client_id,
                                   "client_secret": emu.client_secret,
                                   "scope": "all"})
    u = urllib.parse.urlsplit(emu.base_url)

    def conn():
        return http.client.HTTPConnection(u.hostname, u.port, timeout=60)

    def get(c, path, query, headers):
        c.request("GET", path + ("?" + query if query else ""), None, headers)
        r = c.getresponse()
        r.read()
        if r.status != 200:
            raise RuntimeError("baseline GET %s: %d" % (path, r.status))

    t0 = time.monotonic()
    first = conn()
    get(first, "/api/authinfo", "", {})
    first.request("POST", "/auth/token?tenant=" + emu.tenant, form,
                  {"Content-Type": "application/x-www-form-urlencoded"})
    token = json.loads(first.getresponse().read())["access_token"]
    first.close()
    auth = {"Authorization": "Bearer " + token}
    todo = [(q["path"], q["query"]) for q in reqs if q["method"] == "GET"
            and q["path"].startswith("/api/") and q["path"] != "/api/authinfo"]
    lock = threading.Lock()

    def worker():
        c = conn()
        try:
            while True:
                with lock:
                    if not todo:
                        return
                    path, query = todo.pop(0)
                get(c, path, query, auth)
        finally:
            c.close()

    threads = [threading.Thread(target=worker) for _ in range(in_flight)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - t0


def measure_list(run):
    if not run.want("list"):
        return
    n = 1000 if run.quick else 5000
    latency = 50
    repeats = 1 if run.quick else 3
    trips = math.ceil(n / 100 / 4) + 2
    with Emulator("--latency-ms", latency, tickets=n) as emu:
        times, floors = [], []
        for _ in range(repeats):
            env = emu.env()       # a cold cache each time
            emu.clear_requests()
            r, secs = halotui(["list", "tickets", "--limit", n, "--format", "tsv"], env)
            checked(r, "halotui list")
            reqs = emu.requests()
            times.append(secs)
            floors.append(replay(emu, reqs, 4))
        rows = max(0, len(r.stdout.splitlines()) - 1)
        pages = sum(1 for q in reqs if q["method"] == "GET"
                    and q["path"].lower() == "/api/tickets")
        run.tally(emu)
    ms = statistics.median(times) * 1000
    floor = statistics.median(floors) * 1000
    run.add(Row("list", "`list tickets --limit %d` at %d ms, cold cache (%d rows, %d page "
                "requests of %d in all; median of %d)"
                % (n, latency, rows, pages, len(reqs), repeats),
                "the same requests, 4 in flight: %s (network alone: %d round trips "
                "= %s)" % (fmt_ms(floor), trips, fmt_ms(trips * latency)), fmt_ms(ms),
                ms / floor, "\u2264 1.3\u00d7", verdict(ms <= 1.3 * floor and rows == n)))
    run.note("list floor: a minimal client (Python http.client) replays the requests "
             "halotui made, 4 keep-alive connections at once, so the emulator's own "
             "time per page is in the floor as it is in the measure")
