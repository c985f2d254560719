#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The command line under every fault the emulator can make, for list,
show, update and note: no crash, nothing applied twice (a POST that may
have been applied is never sent again), no token or secret on stdout or
stderr, and on failure one message on stderr and nothing on stdout.
Prints the matrix (rows: faults, columns: operations) to the test log."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator, run  # noqa: E402
from faultmatrix import FAULTS, env_for, matrix_lines, refused_by_server, \
    unreachable_url  # noqa: E402

OPS = ("list", "show", "update", "note")

TICKET = 7


def op_args(op, n):
    return {"list": ["list", "tickets", "--limit", "5"],
            "show": ["show", "tickets", str(TICKET)],
            "update": ["update", "tickets", str(TICKET), "summary=matrix %d" % n],
            "note": ["note", str(TICKET), "matrix note %d" % n]}[op]


def op_target(op):
    """(method, path regex) of the request the fault hits."""
    return {"list": ("GET", r"^/api/tickets$"),
            "show": ("GET", r"^/api/tickets/%d$" % TICKET),
            "update": ("POST", r"^/api/tickets$"),
            "note": ("POST", r"^/api/actions$")}[op]


def cell(emu, name, spec, op, n):
    """Runs one cell; returns a list of what went wrong (empty: ok)."""
    bad = []
    emu.clear_faults()
    emu.clear_requests()
    method, path = op_target(op)
    unreachable = unreachable_url(spec)
    if unreachable:
        env = env_for(emu, unreachable)
    else:
        env = env_for(emu)
        emu.fault(method=method, path=path, count=1, **spec)
    p = run(op_args(op, n), env=env, timeout=60)
    if p.returncode < 0 or p.returncode >= 124:
        bad.append("crashed or hung: status %d" % p.returncode)
    for text in (p.stdout, p.stderr):
        if emu.client_secret in text:
            bad.append("the secret was shown")
        for tok in emu.issued_tokens():
            if tok[:12] in text:
                bad.append("a token was shown")
    posts = [r for r in emu.api_requests()
             if r["method"] == "POST" and r["path"].lower() == path.replace(
                 "^", "").replace("$", "").replace("\\", "")]
    if method == "POST":
        # A "status" fault answers without applying; everything else
        # that reached the server applied the POST.
        refused = refused_by_server(spec)
        applied = max(0, len(posts) - refused)
        if applied > 1:
            bad.append("applied %d times" % applied)
        if refused and len(posts) > 1 and spec.get("status") not in (429,):
            bad.append("sent again after a %s" % name)
        if p.returncode == 0 and applied != 1:
            bad.append("exit 0 but nothing applied")
        if p.returncode != 0 and applied == 1 and "may have" not in p.stderr \
                and "applied" not in p.stderr:
            bad.append("applied, but the message does not say it may have been")
    if p.returncode != 0:
        lines = p.stderr.splitlines()
        if p.stdout:
            bad.append("stdout on failure: %r" % p.stdout[:60])
        if not lines or not lines[-1].startswith("halotui: ") or len(lines[-1]) < 30:
            bad.append("no message a person can act on: %r" % p.stderr[-200:])
    elif op in ("list", "show") and not p.stdout:
        bad.append("exit 0 with nothing printed")
    return bad, p


def test_fault_matrix_cli():
    if not os.path.exists(halotest.HALOTUI):
        halotest.skip("no halotui binary at %s" % halotest.HALOTUI)
    results, failures = {}, []
    with Emulator(tickets=20) as emu:
        emu.configure(rate_limit=0, latency_ms=0)
        n = 0
        for name, spec in FAULTS:
            for op in OPS:
                n += 1
                bad, p = cell(emu, name, spec, op, n)
                results[(name, op)] = "ok" if not bad else "FAIL"
                if bad:
                    failures.append("%s x %s: %s (exit %d; stderr %r)" % (
                        name, op, "; ".join(bad), p.returncode, p.stderr[-300:]))
    halotest.diag(*matrix_lines(results, OPS))
    assert not failures, "\n".join(failures)


if __name__ == "__main__":
    halotest.main(globals())
