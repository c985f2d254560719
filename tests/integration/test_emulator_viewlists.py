#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The emulator's saved ticket views: GET /api/ViewLists (a bare array,
ticket_count with showcounts=true) and GET /api/Tickets?view_id=N, which
applies view N's filters on top of the request's own."""

import halotest
from halotest import Emulator


def get(emu, path, **params):
    status, body = emu.api("GET", path, params=params or None)
    assert status == 200, (path, status, body)
    return body


def ids(emu, **params):
    """Every ticket id of a /Tickets query, page by page."""
    out, page = [], 1
    while True:
        body = get(emu, "Tickets", pageinate="true", page_size=100, page_no=page, **params)
        out += [t["id"] for t in body["tickets"]]
        if len(out) >= body["record_count"] or not body["tickets"]:
            return out
        page += 1


def test_viewlists_bare_array():
    with Emulator(tickets=300) as emu:
        views = get(emu, "ViewLists", type="tickets")
        assert isinstance(views, list) and 3 <= len(views) <= 4, views
        for v in views:
            assert isinstance(v["id"], int) and v["name"], v
            assert v["type_name"] == "Tickets" and isinstance(v["sequence"], int), v
            assert "restriction_type" in v and "group_name" in v, v
            assert "ticket_count" not in v, v   # only with showcounts=true
        assert [v["sequence"] for v in views] == sorted(v["sequence"] for v in views)
        assert get(emu, "viewlists", type="opportunities") == []
        assert [v["id"] for v in get(emu, "ViewLists")] == [v["id"] for v in views]


def test_viewlists_counts_match_view_id():
    with Emulator(tickets=300) as emu:
        views = get(emu, "ViewLists", type="tickets", showcounts="true")
        assert any(v["ticket_count"] > 0 for v in views), views
        for v in views:
            got = ids(emu, view_id=v["id"])
            assert len(got) == v["ticket_count"], (v, len(got))
        by_name = {v["name"]: v["id"] for v in views}
        # What each view holds, by its definition.
        high = get(emu, "Tickets", view_id=by_name["High priority open"], count=1000)
        assert high["tickets"] and all(t["priority_id"] in (1, 2) and t["status_id"] != 9
                                       for t in high["tickets"])
        waiting = get(emu, "Tickets", view_id=by_name["Awaiting customer"], count=1000)
        assert all(t["status_id"] == 4 for t in waiting["tickets"])
        assert waiting["record_count"] == \
            get(emu, "Tickets", status_id=4, count=1)["record_count"]


def test_view_id_combines_with_other_params():
    with Emulator(tickets=300) as emu:
        vid = get(emu, "ViewLists", type="tickets")[0]["id"]
        alone = ids(emu, view_id=vid)
        assert len(alone) > 2
        # Paging, order and a further filter apply within the view.
        newest = get(emu, "Tickets", view_id=vid, pageinate="true", page_size=2, page_no=1,
                     order="id", orderdesc="true")
        assert newest["record_count"] == len(alone)
        assert [t["id"] for t in newest["tickets"]] == sorted(alone, reverse=True)[:2]
        client = get(emu, "Tickets/%d" % alone[0])["client_id"]
        both = ids(emu, view_id=vid, client_id=client)
        assert both and set(both) <= set(alone)
        assert set(both) == set(alone) & set(ids(emu, client_id=client))


def test_unknown_view_id():
    with Emulator(tickets=30) as emu:
        status, body = emu.api("GET", "Tickets", params={"view_id": "999"})
        assert status == 400 and "999" in body, (status, body)
        status, body = emu.api("GET", "Tickets", params={"view_id": "abc"})
        assert status == 400, (status, body)


if __name__ == "__main__":
    halotest.main(globals())
