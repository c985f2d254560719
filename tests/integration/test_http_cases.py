#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""HTTP cases as data: every case in tests/integration/cases/*.json runs
halotui (a command line, or the TUI in tmux driven by keys) against a fresh
emulator set up as the case says, then checks what halotui showed and
exactly which requests the emulator recorded.  One TAP line per case:
"ok N - FILE: CASE NAME".  Names on the command line select cases.

A case file holds {"cases": [CASE, ...]}.  A CASE:

  "name":      what it shows (no "#"), unique in its file
  "emulator":  optional; how the emulator answers:
      "tickets": 300 (default), "seed": 1 (default),
      "args":    extra command-line arguments, e.g. ["--latency-ms", "200"],
      "config":  POST /_emulator/config before halotui starts, e.g.
                 {"default_page_size": 20},
      "faults":  POST /_emulator/faults before halotui starts: one object or
                 a list, e.g. {"method": "POST", "path": "^/api/Tickets$",
                 "fault": "status", "status": 400, "body": "...", "count": 1}
                 (faults: status, drop, stall, truncate, malformed);
               latencies and stalls (--latency-ms, "latency_ms",
               "stall_ms") are multiplied by the timeout factor, so that
               what they hold back stays held back in a slower build
  then exactly one of
  "cli":       the command line, e.g. ["list", "tickets", "--limit", "7"],
               with optional "stdin": text and "env": {"COLUMNS": "100"}
  "tui":       the TUI in tmux (with a HALOTUI_TRACE file):
      "size":  [cols, rows], default [120, 40],
      "ready": text to wait for first, default "row 1 of"; then every
               request made at start is answered (unless "ready_idle":
               false) and the request log is cleared (unless
               "requests_from": "start" keeps it),
      "steps": a list of {"keys": [tmux key names]}, {"type": "text"},
               {"wait": "text"}, {"wait_re": "regex"}, {"gone": "text"}
  "expect":    what halotui shows:
      "exit": status (cli; for the TUI, the steps must quit it),
      "stdout" / "stderr" / "screen": substrings that must appear,
      "stdout_not" / "stderr_not" / "screen_not": substrings that must not,
      "stdout_lines": the number of lines on stdout,
      "stdout_json": stdout parsed as JSON has these values (an object's
               keys are compared one by one, anything else exactly)
  "requests":  what the emulator must have recorded:
      "select":  a regex on the path (case-insensitive) choosing which
                 recorded requests are compared; default every request,
      "method":  only requests with this method are compared (optional),
      "ordered": true (default) compares in order, false as a multiset,
      "expect":  the list of requests, exactly as many as recorded:
          "method", "path" (exact),
          "query":   every query parameter, exactly ({} for none; a value
                     is a string, or a list for a repeated parameter),
          "headers": name -> value that must match exactly, "*" for any
                     value, null for "must be absent" (names are
                     case-insensitive; the emulator shows a bearer token as
                     "Bearer ***"),
          "json":    the body parsed as JSON must equal this,
          "form":    the body parsed as a form must equal this object,
          "body":    the body text must equal this ("" for none),
          "status":  the status the emulator answered (0 for a drop).

Each case gets its own emulator process (the emulator has no reset
endpoint: edits would carry over from one case to the next).  For the TUI,
the runner waits for the steps' effect on the recorded requests (as many
as expected), then for every request halotui made to be answered (trace),
then for the screen text; every wait is scaled by halotest's timeout
factor.
"""

import glob
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "e2e"))

import halotest  # noqa: E402
from halotest import Emulator, run, skip  # noqa: E402

CASES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")

CASE_KEYS = {"name", "emulator", "cli", "stdin", "env", "tui", "expect", "requests"}
EMU_KEYS = {"tickets", "seed", "args", "config", "faults"}
TUI_KEYS = {"size", "ready", "ready_idle", "requests_from", "steps"}
STEP_KEYS = {"keys", "type", "wait", "wait_re", "gone"}
EXPECT_KEYS = {"exit", "stdout", "stderr", "screen", "stdout_not", "stderr_not",
               "screen_not", "stdout_lines", "stdout_json"}
REQUESTS_KEYS = {"select", "method", "ordered", "expect"}
REQUEST_KEYS = {"method", "path", "query", "headers", "json", "form", "body", "status"}


class CaseError(Exception):
    """A case file that does not say what it means."""


def _check_keys(obj, allowed, where):
    if not isinstance(obj, dict):
        raise CaseError("%s must be an object" % where)
    extra = set(obj) - allowed
    if extra:
        raise CaseError("%s: unknown key(s) %s (allowed: %s)"
                        % (where, ", ".join(sorted(extra)), ", ".join(sorted(allowed))))


def validate(case, where):
    _check_keys(case, CASE_KEYS, where)
    if not isinstance(case.get("name"), str) or "#" in case["name"]:
        raise CaseError("%s: a case needs a \"name\" without #" % where)
    if ("cli" in case) == ("tui" in case):
        raise CaseError("%s: give exactly one of \"cli\" and \"tui\"" % where)
    _check_keys(case.get("emulator", {}), EMU_KEYS, where + " emulator")
    _check_keys(case.get("expect", {}), EXPECT_KEYS, where + " expect")
    if "tui" in case:
        _check_keys(case["tui"], TUI_KEYS, where + " tui")
        for i, step in enumerate(case["tui"].get("steps", [])):
            _check_keys(step, STEP_KEYS, "%s step %d" % (where, i + 1))
            if len(step) != 1:
                raise CaseError("%s step %d: one action a step" % (where, i + 1))
    if "requests" in case:
        _check_keys(case["requests"], REQUESTS_KEYS, where + " requests")
        if not isinstance(case["requests"].get("expect"), list):
            raise CaseError("%s requests: \"expect\" must be a list" % where)
        for i, r in enumerate(case["requests"]["expect"]):
            _check_keys(r, REQUEST_KEYS, "%s request %d" % (where, i + 1))
            if "method" not in r or "path" not in r:
                raise CaseError("%s request %d: method and path are required"
                                % (where, i + 1))


def load_cases():
    """[(test name, case)] from every case file, in file and case order."""
    out = []
    for path in sorted(glob.glob(os.path.join(CASES, "*.json"))):
        stem = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        if not isinstance(data, dict) or set(data) != {"cases"}:
            raise CaseError("%s: a case file is {\"cases\": [...]}" % path)
        names = set()
        for i, case in enumerate(data["cases"]):
            validate(case, "%s case %d" % (stem, i + 1))
            if case["name"] in names:
                raise CaseError("%s: two cases named %r" % (stem, case["name"]))
            names.add(case["name"])
            out.append(("%s: %s" % (stem, case["name"]), case))
    return out


# ---- the emulator ------------------------------------------------------------

def _scaled_ms(ms):
    return str(int(halotest.scaled(float(ms) / 1000.0) * 1000))


def emulator_for(case):
    spec = case.get("emulator", {})
    args = [str(a) for a in spec.get("args", [])]
    for i, a in enumerate(args[:-1]):
        if a == "--latency-ms":
            args[i + 1] = _scaled_ms(args[i + 1])
    emu = Emulator(*args, tickets=spec.get("tickets", 300), seed=spec.get("seed", 1))
    config = dict(spec.get("config", {}))
    if "latency_ms" in config:
        config["latency_ms"] = int(_scaled_ms(config["latency_ms"]))
    if config:
        emu.configure(**config)
    faults = spec.get("faults")
    faults = [faults] if isinstance(faults, dict) else list(faults or [])
    faults = [dict(f, stall_ms=int(_scaled_ms(f["stall_ms"]))) if "stall_ms" in f else f
              for f in faults]
    if faults:
        emu._control("POST", "faults", faults)   # queued in order
    return emu


def selected(emu, spec):
    sel = re.compile(spec.get("select", ""), re.I)
    method = spec.get("method")
    return [r for r in emu.requests()
            if sel.search(r["path"]) and (not method or r["method"] == method)]


def _norm_query(q):
    return {k: (v if isinstance(v, list) else [v]) for k, v in q.items()}


def request_problems(got, want):
    """What differs between a recorded request and an expected one."""
    out = []
    if got["method"] != want["method"] or got["path"] != want["path"]:
        out.append("is %s %s" % (got["method"], got["path"]))
    if "query" in want and got["params"] != _norm_query(want["query"]):
        out.append("query %s, expected %s" % (
            json.dumps(got["params"], sort_keys=True),
            json.dumps(_norm_query(want["query"]), sort_keys=True)))
    headers = {k.lower(): v for k, v in got["headers"].items()}
    for name, value in want.get("headers", {}).items():
        have = headers.get(name.lower())
        if value is None and have is not None:
            out.append("has header %s: %s" % (name, have))
        elif value == "*" and have is None:
            out.append("lacks header %s" % name)
        elif value not in (None, "*") and have != value:
            out.append("header %s is %r, expected %r" % (name, have, value))
    if "json" in want:
        try:
            body = json.loads(got["body"])
        except ValueError:
            body = ValueError("not JSON: %r" % got["body"][:200])
        if body != want["json"]:
            out.append("JSON body %s, expected %s" % (
                got["body"][:400], json.dumps(want["json"], ensure_ascii=False)))
    if "form" in want:
        form = {k: v[0] if len(v) == 1 else v for k, v in
                urllib.parse.parse_qs(got["body"], keep_blank_values=True).items()}
        if form != want["form"]:
            out.append("form body %s, expected %s" % (form, want["form"]))
    if "body" in want and got["body"] != want["body"]:
        out.append("body %r, expected %r" % (got["body"][:400], want["body"]))
    if "status" in want and got.get("status") != want["status"]:
        out.append("answered %s, expected %s" % (got.get("status"), want["status"]))
    return out


def check_requests(emu, spec):
    got = selected(emu, spec)
    want = spec["expect"]
    lines = []

    def show(r):
        return "%s %s?%s" % (r["method"], r["path"], r.get("query", ""))

    if len(got) != len(want):
        lines.append("%d requests recorded, %d expected" % (len(got), len(want)))
    if spec.get("ordered", True):
        for i, (g, w) in enumerate(zip(got, want)):
            for p in request_problems(g, w):
                lines.append("request %d (%s): %s" % (i + 1, show(g), p))
    else:
        left = list(got)
        for i, w in enumerate(want):
            match = next((g for g in left if not request_problems(g, w)), None)
            if match is None:
                near = [g for g in left if g["method"] == w["method"]
                        and g["path"] == w["path"]]
                why = "; ".join(request_problems(near[0], w)) if near else "none like it"
                lines.append("expected request %d (%s %s) not recorded: %s"
                             % (i + 1, w["method"], w["path"], why))
            else:
                left.remove(match)
    if lines:
        lines.append("recorded:")
        lines += ["  " + show(r) + ("  " + r["body"][:200] if r["body"] else "")
                  for r in got]
        raise AssertionError("\n".join(lines))


def check_text(text, what, want, want_not):
    for s in want:
        assert s in text, "%s lacks %r:\n%s" % (what, s, text)
    for s in want_not:
        assert s not in text, "%s has %r:\n%s" % (what, s, text)


# ---- running a case ----------------------------------------------------------

def run_cli(case):
    with emulator_for(case) as emu:
        env = emu.env(**case.get("env", {}))
        p = run(case["cli"], emulator=emu, env=env, input=case.get("stdin"))
        exp = case.get("expect", {})
        if "exit" in exp:
            assert p.returncode == exp["exit"], "exit status %d, expected %d; stderr:\n%s" % (
                p.returncode, exp["exit"], p.stderr)
        check_text(p.stdout, "stdout", exp.get("stdout", []), exp.get("stdout_not", []))
        check_text(p.stderr, "stderr", exp.get("stderr", []), exp.get("stderr_not", []))
        if "stdout_lines" in exp:
            n = len(p.stdout.splitlines())
            assert n == exp["stdout_lines"], "%d lines on stdout, expected %d:\n%s" % (
                n, exp["stdout_lines"], p.stdout)
        if "stdout_json" in exp:
            check_json(p.stdout, exp["stdout_json"])
        if "requests" in case:
            check_requests(emu, case["requests"])


def check_json(text, want):
    try:
        got = json.loads(text)
    except ValueError:
        raise AssertionError("stdout is not JSON:\n%s" % text[:400]) from None
    if isinstance(want, dict) and isinstance(got, dict):
        bad = {k: got.get(k, "(absent)") for k, v in want.items() if got.get(k) != v}
        assert not bad, "stdout's JSON has %s, expected %s" % (
            json.dumps(bad, ensure_ascii=False), json.dumps(
                {k: want[k] for k in bad}, ensure_ascii=False))
    else:
        assert got == want, "stdout's JSON is %s, expected %s" % (text[:400], want)


def answered(events):
    asked = {e.field("id") for e in events if e.name == "request"}
    done = {e.field("id") for e in events if e.name == "applied"}
    return asked <= done


def run_tui(case):
    if not os.path.exists(halotest.HALOTUI):
        skip("no halotui binary at %s" % halotest.HALOTUI)
    try:
        from tmuxdriver import TMUX, Tmux
    except ImportError:
        skip("tests/e2e/tmuxdriver.py is not next to this directory")
    if not TMUX or not os.path.exists(TMUX) and os.system("command -v tmux >/dev/null"):
        skip("tmux is not installed")
    tui = case["tui"]
    exp = case.get("expect", {})
    cols, rows = tui.get("size", [120, 40])
    with emulator_for(case) as emu:
        env = emu.env()
        env["HALOTUI_TRACE"] = os.path.join(env["HOME"], "trace.log")
        with Tmux([halotest.HALOTUI], env=env, cols=cols, rows=rows) as t:
            t.wait_for(tui.get("ready", "row 1 of"))
            if tui.get("ready_idle", True):
                t.wait_trace(answered, what="every request made at start answered")
            if tui.get("requests_from", "ready") == "ready":
                emu.clear_requests()
            for step in tui.get("steps", []):
                if "keys" in step:
                    t.keys(*step["keys"])
                elif "type" in step:
                    t.type(step["type"])
                elif "wait" in step:
                    t.wait_for(step["wait"])
                elif "wait_re" in step:
                    pat = re.compile(step["wait_re"], re.M)
                    t.wait_for(lambda s: pat.search(s))
                elif "gone" in step:
                    t.wait_for(step["gone"], absent=True)
            if "exit" in exp:
                status = t.exit_status()
                assert status == exp["exit"], "exit status %d, expected %d" % (
                    status, exp["exit"])
            else:
                t.sync()
            if "requests" in case:
                # The keys' requests reach the emulator after the keys: wait
                # for as many as expected, and for halotui to have its
                # answers (so none is still on its way), then compare.
                n = len(case["requests"]["expect"])
                halotest.wait_until(lambda: len(selected(emu, case["requests"])) >= n,
                                    what="%d recorded requests" % n)
                if "exit" not in exp:
                    t.wait_trace(answered, what="every request answered")
                check_requests(emu, case["requests"])
            if "exit" not in exp and (exp.get("screen") or exp.get("screen_not")):
                want, want_not = exp.get("screen", []), exp.get("screen_not", [])
                try:
                    t.wait_for(lambda s: all(w in s for w in want) and
                               not any(w in s for w in want_not))
                except AssertionError:
                    check_text(t.screen(), "the screen", want, want_not)
                    raise


def case_test(case):
    def test():
        if "cli" in case:
            if not os.path.exists(halotest.HALOTUI):
                skip("no halotui binary at %s" % halotest.HALOTUI)
            run_cli(case)
        else:
            run_tui(case)
    return test


def tests():
    """The cases as test functions, named "FILE: CASE"."""
    try:
        cases = load_cases()
    except (CaseError, ValueError, OSError) as e:
        err = str(e)

        def test_case_files():
            raise AssertionError(err)
        return {"test_case_files": test_case_files}
    out = {}
    for name, case in cases:
        fn = case_test(case)
        fn.__module__ = __name__
        out[name] = fn
    return out


if __name__ == "__main__":
    # halotest.main runs module-level "test_*" callables: name each case so.
    namespace = {"__name__": __name__}
    for name, fn in tests().items():
        namespace[name if name.startswith("test_") else "test_" + name] = fn
    halotest.main(namespace)
