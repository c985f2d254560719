# SPDX-License-Identifier: MIT
"""What halotui's two fault matrices share (the command line's in
tests/integration/test_fault_matrix_cli.py, the TUI's in
tests/e2e/test_fault_matrix_tui.py): the faults, one per row, a port
nothing listens on, and a profile with a 1 s request timeout."""

import socket

import halotest

# (row name, the emulator's fault spec, or "dns" / "refused" for a
# base_url that cannot be reached at all)
FAULTS = [
    ("status 500", {"fault": "status", "status": 500}),
    ("status 503", {"fault": "status", "status": 503}),
    ("status 429", {"fault": "status", "status": 429, "retry_after": 1}),
    ("status 400", {"fault": "status", "status": 400}),
    ("drop", {"fault": "drop"}),
    ("drop applied", {"fault": "drop", "apply": True}),
    ("stall", {"fault": "stall", "stall_ms": 2500}),
    ("truncate", {"fault": "truncate"}),
    ("malformed", {"fault": "malformed"}),
    ("huge", {"fault": "huge", "size": 65 * 1024 * 1024}),
    ("dns failure", "dns"),
    ("refused", "refused"),
]

# The base_url of a "dns failure" row: a name that never resolves.
DNS_FAILURE_URL = "https://halotui-matrix.invalid"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_url(spec):
    """The base_url of a network row ("dns" or "refused"), else None."""
    if spec == "dns":
        return DNS_FAILURE_URL
    if spec == "refused":
        return "http://127.0.0.1:%d" % free_port()
    return None


def refused_by_server(spec):
    """1 when the emulator answers a faulted POST without applying it (a
    "status" fault, or a drop without `apply`), else 0."""
    return 1 if isinstance(spec, dict) and spec["fault"] == "status" \
        or spec == {"fault": "drop"} else 0


def env_for(emu, base_url=None, timeout=1):
    """A profile with a 1 s request timeout (or timeout seconds), so that
    a stall is one."""
    return halotest.profile_env(emu, "m", secret_in_env=True, base_url=base_url,
                                request_timeout=timeout)


def matrix_lines(results, ops, width=6):
    """The matrix as text lines: a row per fault, a column per operation;
    results maps (row name, op) to a cell's word."""
    name_w = max(len(name) for name, _ in FAULTS)
    lines = ["%-*s  %s" % (name_w, "fault", "  ".join("%-*s" % (width, o) for o in ops))]
    for name, _ in FAULTS:
        lines.append("%-*s  %s" % (name_w, name, "  ".join(
            "%-*s" % (width, results[(name, o)]) for o in ops)))
    return lines
