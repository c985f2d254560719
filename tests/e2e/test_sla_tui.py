#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The SLA column in tmux against the emulator, on a clock frozen with
HALOTUI_NOW: the time left to each ticket's target and its colour by risk
(the default theme's sla.ok, sla.warning and sla.breached), "paused" on
hold, nothing without a target, the same in the detail; and sorting by it
("breaching soon") asks Halo for order=fixbydate, ascending."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import halotest  # noqa: E402
from halotest import Emulator  # noqa: E402
from test_tui import is_count, ready, start, wait_picker  # noqa: E402

NOW = "2024-07-01T09:00:00Z"
# The default theme's 256-colour foregrounds (themes/default.yaml).
FG = {"ok": "38;5;114", "warning": "38;5;214", "breached": "38;5;203"}
NO_DATE = "1900-01-01T00:00:00"

# id -> (fields set through the API, the cell it shows, its risk or None)
TICKETS = {
    299: ({"dateoccurred": "2024-07-01T05:00:00", "fixbydate": "2024-07-01T11:13:00",
           "responsedate": "2024-07-01T05:30:00"}, "2h13m", "ok"),
    298: ({"dateoccurred": "2024-07-01T01:00:00", "fixbydate": "2024-07-01T10:00:00.25Z",
           "responsedate": "2024-07-01T01:30:00"}, "1h00m", "warning"),
    297: ({"dateoccurred": "2024-06-25T05:00:00", "fixbydate": "2024-06-30T05:00:00",
           "responsedate": "2024-06-25T06:00:00"}, "-1d4h", "breached"),
    # Status 8, On Hold: the emulator sets onhold from it, as Halo does.
    296: ({"fixbydate": "2024-06-30T05:00:00", "status_id": 8}, "paused", None),
    295: ({"dateoccurred": "2024-07-01T08:00:00", "respondbydate": "2024-07-01T09:45:00",
           "fixbydate": "2024-07-03T08:00:00", "responsedate": NO_DATE}, "r 45m", "ok"),
    294: ({"fixbydate": "1899-12-30T00:00:00", "respondbydate": NO_DATE,
           "responsedate": NO_DATE}, "", None),
}


def prepare(emu):
    for tid, (fields, _, _) in TICKETS.items():
        st, data = emu.api("POST", "Tickets", [dict({"status_id": 2}, **fields, id=tid)])
        assert st in (200, 201), data
    st, data = emu.api("GET", "Tickets/296")
    assert data["onhold"] is True, data


def columns(screen, row):
    """The line of ticket row (its id first) on the screen."""
    for line in screen.split("\n"):
        if re.match(r"\s*%d\s" % row, line):
            return line
    return None


def escaped_line(t, tid):
    for line in t.screen_escapes().split("\n"):
        plain = re.sub(r"\x1b\[[0-9;]*m", "", line)
        if re.match(r"%d\s" % tid, plain):
            return line
    return None


def cell_colour(line, text):
    """The escape sequences in force where text starts in line."""
    at = line.find(text)
    assert at >= 0, (text, line)
    return "".join(re.findall(r"\x1b\[[0-9;]*m", line[:at])[-3:])


def sla_header_at(screen):
    header = screen.split("\n")[2]
    assert "SLA" in header, header
    return header.index("SLA")


def test_column_values_and_colours():
    with Emulator(tickets=300) as emu:
        prepare(emu)
        # The terminal size most tests use: the column is there by default.
        with start(emu, cols=120, HALOTUI_NOW=NOW) as t:
            screen = ready(t, "row 1 of 300")
            x = sla_header_at(screen)
            for tid, (_, cell, risk) in TICKETS.items():
                line = columns(screen, tid)
                assert line is not None, (tid, screen)
                assert line[x:x + 8].rstrip() == cell, (tid, line[x:], cell)
                if risk:
                    seq = cell_colour(escaped_line(t, tid), cell)
                    assert FG[risk] in seq, (tid, risk, repr(seq))
            # Paused is drawn as plain text, not in a risk's colour.
            seq = cell_colour(escaped_line(t, 296), "paused")
            assert not any(c in seq for c in FG.values()), repr(seq)
            t.keys("q")
            assert t.exit_status() == 0


def test_narrow_list_keeps_it_and_the_command_line_leaves_it_out():
    with Emulator(tickets=300) as emu:
        with start(emu, cols=80, rows=24, HALOTUI_NOW=NOW) as t:
            screen = ready(t, "row 1 of 300")
            header = screen.split("\n")[2]
            assert header.split()[:4] == ["ID", "Status", "Prior…", "SLA"], header
        # Scripts read the command line's columns: they stay as they were.
        r = halotest.run(["list", "tickets", "--limit", "1"], emulator=emu,
                env=emu.env(HALOTUI_NOW=NOW))
        assert r.returncode == 0, r.stderr
        assert "SLA" not in r.stdout.split("\n")[0], r.stdout


def test_detail_shows_it_coloured():
    with Emulator(tickets=300) as emu:
        prepare(emu)
        with start(emu, cols=120, HALOTUI_NOW=NOW) as t:
            ready(t, "row 1 of 300")
            t.keys(":")
            t.type("ticket 297")
            t.keys("Enter")
            screen = t.wait_for(lambda s: re.search(r"^ SLA +-1d4h", s, re.M))
            assert re.search(r"^ SLA policy ", screen, re.M), screen
            line = next(l for l in t.screen_escapes().split("\n")
                        if "-1d4h" in re.sub(r"\x1b\[[0-9;]*m", "", l))
            assert FG["breached"] in cell_colour(line, "-1d4h"), repr(line)
            t.keys("q")
            t.keys(":")
            t.type("ticket 296")
            t.keys("Enter")
            t.wait_for(lambda s: re.search(r"^ SLA +paused", s, re.M))


def sla_pages(emu):
    return [r for r in emu.api_requests()
            if r["method"] == "GET" and r["path"].lower().rstrip("/") == "/api/tickets"
            and not is_count(r) and "order" in r["params"]
            and r["params"]["order"] == ["fixbydate"]]


def test_sort_breaching_soon():
    with Emulator(tickets=300) as emu:
        with start(emu, cols=120, HALOTUI_NOW=NOW) as t:
            ready(t, "row 1 of 300")
            emu.clear_requests()
            t.keys("s")
            wait_picker(t, "sort by")
            t.type("SLA")
            t.keys("Enter")
            # The column is shown when the list is sorted by it, with the arrow.
            screen = t.wait_for(lambda s: "SLA\u25b2" in s.split("\n")[2])
            t.wait_for("row 1 of 300")
            pages = sla_pages(emu)
            assert pages, emu.api_requests()
            assert all("orderdesc" not in r["params"] for r in pages), pages
            # Halo's order: the earliest fix-by first.
            st, data = emu.api("GET", "Tickets", params={"pageinate": "true", "page_size": "5",
                                                         "page_no": "1", "order": "fixbydate"})
            assert st == 200, data
            first = data["tickets"][0]["id"]
            t.wait_for(lambda s: columns(s, first) is not None and
                       s.split("\n")[3].split()[0] == str(first))
            # :sort sla desc reverses it.
            emu.clear_requests()
            t.keys(":")
            t.type("sort sla desc")
            t.keys("Enter")
            t.wait_for(lambda s: "SLA\u25bc" in s.split("\n")[2])
            halotest.wait_until(lambda: any(r["params"].get("orderdesc") == ["true"]
                                            for r in sla_pages(emu)),
                                what="order=fixbydate&orderdesc=true")
            del screen


if __name__ == "__main__":
    from halotest import main
    main(globals())
