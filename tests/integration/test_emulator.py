#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of the HaloPSA emulator itself, through plain HTTP.

Every other test layer trusts the emulator, so this file pins down what it
promises: the shapes of HALO_API.md section 11, the knobs, and the speed of
a million-ticket data set."""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

import halotest
from halotest import Emulator, diag, skip

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def form(**kw):
    return urllib.parse.urlencode(kw)


def token_form(emu, **kw):
    fields = {"grant_type": "client_credentials", "client_id": emu.client_id,
              "client_secret": emu.client_secret, "scope": "all"}
    fields.update(kw)
    return form(**{k: v for k, v in fields.items() if v is not None})


def get_json(emu, path, **params):
    status, body = emu.api("GET", path, params=params or None)
    assert status == 200, (path, status, body)
    return body


def conn(emu, timeout=10):
    return http.client.HTTPConnection("127.0.0.1", emu.port, timeout=timeout)


def raw(emu, method, path, body=None, headers=None, token=True, timeout=10):
    """One request on a fresh connection: (status, headers, body bytes)."""
    c = conn(emu, timeout)
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + emu.token()
    if body is not None and not isinstance(body, (str, bytes)):
        body = json.dumps(body)
        h.setdefault("Content-Type", "application/json")
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict(r.getheaders()), data


# ---------------------------------------------------------------- auth
def test_token_success():
    with Emulator(tickets=20) as emu:
        status, hdrs, data = emu.http("POST", "/auth/token", token_form(emu, scope="all"), FORM)
        assert status == 200, (status, data)
        tok = json.loads(data)
        assert tok["token_type"] == "Bearer"
        assert tok["expires_in"] == 3600
        assert tok["scope"] == "all"
        assert len(tok["access_token"]) >= 32
        int(tok["access_token"], 16)  # random hex
        status, _, data = emu.http("POST", "/auth/token",
                                   token_form(emu, scope="read:tickets edit:tickets"), FORM)
        assert json.loads(data)["scope"] == "read:tickets edit:tickets"
        status, _, data = emu.http("POST", "/auth/token", token_form(emu, scope=None), FORM)
        assert json.loads(data)["scope"] == "all"
        st, body = emu.api("GET", "Status")
        assert st == 200 and isinstance(body, list)
        assert emu.stats()["tokens_issued"] == 4  # three above plus emu.api's own


def test_token_tenant():
    with Emulator("--tenant", "acme", tickets=10) as emu:
        ok = emu.http("POST", "/auth/token?tenant=acme", token_form(emu), FORM)
        assert ok[0] == 200, ok
        ok = emu.http("POST", "/auth/token?tenant=ACME", token_form(emu), FORM)
        assert ok[0] == 200, ok
        bad = emu.http("POST", "/auth/token?tenant=other", token_form(emu), FORM)
        assert bad[0] == 400 and json.loads(bad[2])["error"] == "invalid_request", bad
        absent = emu.http("POST", "/auth/token", token_form(emu), FORM)
        assert absent[0] == 200, absent
        status, _, data = emu.http("GET", "/api/authinfo")
        info = json.loads(data)
        assert status == 200
        assert info == {"auth_url": "http://127.0.0.1:%d/auth" % emu.port, "tenant_id": "acme"}


def test_token_errors():
    with Emulator(tickets=10) as emu:
        st, _, data = emu.http("POST", "/auth/token", token_form(emu, client_secret="wrong"), FORM)
        assert st == 401 and json.loads(data) == {"error": "invalid_client"}, (st, data)
        st, _, data = emu.http("POST", "/auth/token", token_form(emu, client_id="nobody"), FORM)
        assert st == 401 and json.loads(data)["error"] == "invalid_client"
        st, _, data = emu.http("POST", "/auth/token", token_form(emu, grant_type="password"), FORM)
        assert st == 400 and json.loads(data)["error"] == "unsupported_grant_type"
        st, _, _ = emu.http("GET", "/auth/token")
        assert st == 405
        assert emu.stats()["tokens_issued"] == 0
    with Emulator("--client-id", "app-7", "--client-secret", "s3cr&t=", "--token-lifetime", "90",
                  tickets=10) as emu:
        assert emu.client_id == "app-7" and emu.client_secret == "s3cr&t="
        st, _, data = emu.http("POST", "/auth/token", token_form(emu), FORM)
        assert st == 200 and json.loads(data)["expires_in"] == 90, data
        basic = "Basic " + __import__("base64").b64encode(b"app-7:s3cr&t=").decode()
        st, _, data = emu.http("POST", "/auth/token", "grant_type=client_credentials",
                               dict(FORM, Authorization=basic))
        assert st == 200, data
        log = emu.requests()
        assert "s3cr" not in json.dumps(log)
        assert log[-1]["headers"]["Authorization"] == "Basic ***"


def test_api_needs_bearer():
    with Emulator(tickets=10) as emu:
        for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic eDp5"},
                        {"Authorization": "Bearer "}):
            st, _, data = emu.http("GET", "/api/Tickets", headers=headers)
            assert st == 401, (headers, st)
            assert json.loads(data)["error"] == "unauthorized"
        st, _, _ = emu.http("GET", "/api/Tickets",
                            headers={"Authorization": "bearer " + emu.token()})
        assert st == 200
        st, _, _ = emu.http("GET", "/api/AuthInfo/")  # no auth, any case
        assert st == 200


# ---------------------------------------------------------------- routing and paging
def test_paths_case_insensitive_and_trailing_slash():
    with Emulator(tickets=30) as emu:
        ref = get_json(emu, "Tickets")
        for p in ("tickets", "TICKETS/", "Tickets/", "tIcKeTs"):
            assert get_json(emu, p) == ref, p
        assert get_json(emu, "client/")["clients"] == get_json(emu, "Client")["clients"]
        assert get_json(emu, "tickets/5/")["id"] == 5
        assert get_json(emu, "agent/ME")["id"] == get_json(emu, "Agent/me")["id"]
        st, _ = emu.api("GET", "NoSuchThing")
        assert st == 404


def test_paging():
    with Emulator(tickets=250) as emu:
        allt = get_json(emu, "Tickets")
        assert allt["record_count"] == 250 and len(allt["tickets"]) == 250
        assert "page_no" not in allt
        p1 = get_json(emu, "Tickets", pageinate="true", page_size=1000, page_no=1)
        assert p1["page_size"] == 100 and p1["page_no"] == 1, {k: p1[k] for k in p1 if k != "tickets"}
        assert len(p1["tickets"]) == 100 and p1["record_count"] == 250
        p3 = get_json(emu, "Tickets", pageinate="true", page_size=100, page_no=3)
        assert [t["id"] for t in p3["tickets"]] == list(range(201, 251))
        past = get_json(emu, "Tickets", pageinate="true", page_size=100, page_no=4)
        assert past["tickets"] == [] and past["record_count"] == 250
        dflt = get_json(emu, "Tickets", pageinate="true")
        assert dflt["page_size"] == 50 and len(dflt["tickets"]) == 50
        p2 = get_json(emu, "Tickets", pageinate="true", page_size=0, page_no=0)
        assert p2["page_size"] == 50 and p2["page_no"] == 1
        emu.configure(default_page_size=7)
        assert len(get_json(emu, "Tickets", pageinate="true")["tickets"]) == 7
        cnt = get_json(emu, "Tickets", count=12)
        assert len(cnt["tickets"]) == 12 and cnt["record_count"] == 250
        users = get_json(emu, "Users", pageinate="true", page_size=10, page_no=2)
        assert len(users["users"]) == 10 and users["record_count"] > 10
        assert get_json(emu, "Asset", count=3)["assets"].__len__() == 3
        assert len(get_json(emu, "ClientContract")["contracts"]) > 0
        assert len(get_json(emu, "Site")["sites"]) > 0
    with Emulator("--default-page-size", "9", tickets=20) as emu:
        assert len(get_json(emu, "Tickets", pageinate="true")["tickets"]) == 9


def test_list_items_versus_full_record():
    with Emulator(tickets=40) as emu:
        item = get_json(emu, "Tickets", count=40)["tickets"][20]
        for k in ("status_name", "agent_name", "priority", "details_html", "customfields"):
            assert k not in item, k
        for k in ("id", "summary", "client_name", "site_name", "user_name", "team",
                  "status_id", "priority_id", "lastactiondate", "targetdate"):
            assert k in item, k
        full = get_json(emu, "Tickets/%d" % item["id"])
        assert isinstance(full, dict) and full["id"] == item["id"]
        for k in ("status_name", "agent_name", "details_html", "customfields", "priority"):
            assert k in full, k
        assert full["priority"]["priorityid"] == full["priority_id"]
        assert full["summary"] == item["summary"]
        st, body = emu.api("GET", "Tickets/99999")
        assert st == 404 and isinstance(body, dict), (st, body)
        st, _ = emu.api("GET", "Tickets/abc")
        assert st == 404
        client = get_json(emu, "Client/%d" % full["client_id"])
        assert client["name"] == full["client_name"]
        st, _ = emu.api("GET", "Client/99999")
        assert st == 404


def test_lookups_are_bare_arrays():
    with Emulator(tickets=10) as emu:
        for res in ("Status", "TicketType", "Agent", "Team", "Priority", "Outcome", "SLA"):
            body = get_json(emu, res)
            assert isinstance(body, list) and body, res
            assert all(isinstance(x, dict) and "id" in x for x in body), res
        names = {s["id"]: s["name"] for s in get_json(emu, "Status")}
        assert names[1] == "New" and names[9] == "Closed" and names[2] == "In Progress"
        assert all(s["colour"].startswith("#") for s in get_json(emu, "Status"))
        teams = [t["name"] for t in get_json(emu, "Team")]
        assert "1st Line Support" in teams and "2nd Line Support" in teams
        me = get_json(emu, "Agent/me")
        assert me["name"] == "API User" and me["isapiagent"]
        agents = get_json(emu, "Agent")
        assert 1 not in [a["id"] for a in agents]  # Unassigned only when asked for
        # HALO_API.md F10: the API-only agent only with includeapiagents=true.
        assert me["id"] not in [a["id"] for a in agents]
        assert me["id"] in [a["id"] for a in get_json(emu, "Agent", includeapiagents="true")]
        agents = get_json(emu, "Agent", includeunassigned="true", includedisabled="true",
                          includeapiagents="true")
        assert {1, 2, 12} <= {a["id"] for a in agents} and len(agents) == 12
    with Emulator(tickets=20) as emu:
        assert get_json(emu, "Tickets/19")["agent_id"] == 2  # the API agent


def test_priorities():
    with Emulator(tickets=10) as emu:
        pri = get_json(emu, "Priority")
        assert len(pri) == 8
        for p in pri:
            assert isinstance(p["id"], str) and len(p["id"]) == 36 and p["id"].count("-") == 4
        assert {p["slaid"] for p in pri} == {1, 2}
        # HALO_API.md F1: the same priorityid is another priority per SLA.
        assert {p["priorityid"]: p["name"] for p in pri if p["slaid"] == 1} == {
            1: "Critical", 2: "High", 3: "Medium", 4: "Low"}
        assert {p["priorityid"]: p["name"] for p in pri if p["slaid"] == 2} == {
            1: "P1 Urgent", 2: "P2 Next Day", 3: "P3 Standard", 4: "P4 Planned"}
        tickets = [get_json(emu, "Tickets/%d" % i) for i in range(1, 11)]
        assert {t["sla_id"] for t in tickets} == {1, 2}  # tickets on each SLA
        for t in tickets:
            assert t["priority"]["slaid"] == t["sla_id"]
            assert t["priority"]["priorityid"] == t["priority_id"]
        assert len({p["id"] for p in pri}) == 8
        assert len(get_json(emu, "Priority", slaid=2)) == 4
        one = get_json(emu, "Priority/" + pri[0]["id"])
        assert one == pri[0]


# ---------------------------------------------------------------- writes
def test_post_create_update():
    with Emulator(tickets=30) as emu:
        before = get_json(emu, "Tickets")["record_count"]
        st, t = emu.api("POST", "Tickets", [{"summary": "New one", "client_id": 2,
                                              "details_html": "<p>a &amp; b</p>"}])
        assert st == 201 and isinstance(t, dict), (st, t)
        assert t["id"] == 31 and t["summary"] == "New one" and t["details"] == "a & b"
        assert t["client_name"] == get_json(emu, "Client/2")["name"]
        assert t["status_id"] == 1 and t["agent_id"] == 1
        st, two = emu.api("POST", "Tickets", [{"summary": "x", "client_id": 2},
                                              {"summary": "y", "client_id": 2}])
        assert st == 201 and isinstance(two, list) and [x["id"] for x in two] == [32, 33]
        st, bare = emu.api("POST", "Tickets", {"summary": "bare", "client_id": 2})
        assert st == 201 and bare["id"] == 34
        assert get_json(emu, "Tickets")["record_count"] == before + 4
        orig = get_json(emu, "Tickets/10")
        st, upd = emu.api("POST", "Tickets", [{"id": 10, "status_id": "2", "agent_id": 4}])
        assert st == 201 and upd["status_id"] == 2 and upd["agent_id"] == 4
        assert upd["status_name"] == "In Progress" and upd["agent_name"] == "Ben Okafor"
        after = get_json(emu, "Tickets/10")
        for k in ("summary", "client_id", "details_html", "priority_id", "dateoccurred"):
            assert after[k] == orig[k], k
        listed = [x for x in get_json(emu, "Tickets")["tickets"] if x["id"] == 10][0]
        assert listed["status_id"] == 2 and listed["agent_id"] == 4
        assert 10 in [x["id"] for x in get_json(emu, "Tickets", status_id=2)["tickets"]]
        st, body = emu.api("POST", "Tickets", [{"id": 99999, "summary": "x"}])
        assert st == 404, (st, body)
        st, c = emu.api("POST", "Client", [{"name": "Nouvelle Société"}])
        assert st == 201 and c["name"] == "Nouvelle Société" and c["id"] > 0
        st, c2 = emu.api("POST", "Client", [{"id": c["id"], "website": "https://n.example"}])
        assert st == 201 and c2["name"] == "Nouvelle Société"
        st, t = emu.api("POST", "Tickets", [{"summary": "for new client", "client_id": c["id"]}])
        assert st == 201 and t["client_name"] == "Nouvelle Société"
        st, u = emu.api("POST", "Users", [{"name": "Zoë Test", "site_id": "3"}])
        assert st == 201 and u["site_id"] == 3.0 and u["site_id_int"] == 3


def test_post_validation():
    with Emulator(tickets=10) as emu:
        st, body = emu.api("POST", "Tickets", [{"details": "no summary"}])
        assert st == 400 and body == {
            "[0].summary": ["The summary field is required."],
            "[0].client_id": ["The client_id field is required."]}, body
        st, body = emu.api("POST", "Tickets", [{"summary": "ok", "client_id": 2},
                                               {"summary": "no client"}])
        assert st == 400 and "[1].client_id" in body, body
        assert get_json(emu, "Tickets")["record_count"] == 10  # nothing applied
        st, body = emu.api("POST", "Actions", [{"outcome": "Note", "note": "x"}])
        assert st == 400 and isinstance(body, str) and "ticket_id" in body, body
        st, body = emu.api("POST", "Actions", [{"ticket_id": 3, "note": "x"}])
        assert st == 400 and isinstance(body, str) and "Outcome" in body, body
        st, body = emu.api("POST", "Agent", [{"email": "a@b"}])
        assert st == 400, body
        status, _, data = raw(emu, "POST", "/api/Tickets", body="[{not json",
                              headers={"Content-Type": "application/json"})
        assert status == 400 and "errors" in json.loads(data), data
        st, body = emu.api("POST", "Tickets", [{"summary": "x", "client_id": 2,
                                                "status_id": "twelve"}])
        assert st == 400 and "[0].status_id" in body, body
        # HALO_API.md F14: ids are JSON integers, with Halo's texts.
        st, body = emu.api("POST", "Tickets", [{"summary": "x", "client_id": 2,
                                                "site_id": 95.0}])
        assert st == 400 and body == {
            "[0].site_id": ["Input string '95.0' is not a valid integer"]}, body
        st, body = emu.api("POST", "Tickets", [{"summary": "x", "client_id": "57"}])
        assert st == 400 and body == "Please select a valid Client/Site/User", body
        # HALO_API.md F16: a note without an outcome, and one the agent may
        # not run.
        st, body = emu.api("POST", "Actions", [{"ticket_id": 3, "note": "x"}])
        assert st == 400 and body == "An Outcome must be entered for this Action", body
        st, body = emu.api("POST", "Actions", [{"ticket_id": 3, "note": "x",
                                                "outcome": "Approve Change"}])
        assert st == 400 and body == "You do not have access to this Action at the moment"
        st, body = emu.api("POST", "Actions", [{"ticket_id": 3, "note": "x", "outcome_id": 80}])
        assert st == 400 and body == "You do not have access to this Action at the moment"
        assert 80 in [o["id"] for o in get_json(emu, "Outcome")]
        st, body = emu.api("POST", "Tickets", [{"summary": "x", "client_id": 2, "status_id": 77}])
        assert st == 400, body
        st, body = emu.api("GET", "Tickets", params={"status_id": "abc"})
        assert st == 400 and "status_id" in body["errors"], body
        st, _ = emu.api("PUT", "Tickets/1", {"summary": "x"})
        assert st == 405


def test_actions():
    with Emulator(tickets=20) as emu:
        st, body = emu.api("GET", "Actions")
        assert st == 400, body
        acts = get_json(emu, "Actions", ticket_id=5)
        ids = [a["id"] for a in acts["actions"]]
        assert acts["record_count"] == len(ids) and 2 <= len(ids) <= 8
        assert ids == sorted(ids, reverse=True) and min(ids) == 1  # newest first, per ticket
        assert all(a["ticket_id"] == 5 for a in acts["actions"])
        assert "note_html" not in acts["actions"][0] and "note" in acts["actions"][0]
        withhtml = get_json(emu, "Actions", ticket_id=5, includehtmlnote="true")
        assert "note_html" in withhtml["actions"][0]
        assert get_json(emu, "Actions", ticket_id=6)["actions"][-1]["id"] == 1
        one = get_json(emu, "Actions/1", ticket_id=5)
        assert one["id"] == 1 and one["ticket_id"] == 5 and "note_html" in one
        st, _ = emu.api("GET", "Actions/1")
        assert st == 400
        st, _ = emu.api("GET", "Actions/99", params={"ticket_id": 5})
        assert st == 404
        ticket = get_json(emu, "Tickets/5")
        st, a = emu.api("POST", "Actions", [{"ticket_id": "5", "outcome": "Private Note",
                                              "note_html": "<p>Hi &amp; <b>bye</b></p>",
                                              "hiddenfromuser": True, "new_status": 3}])
        assert st == 201 and a["id"] == max(ids) + 1 and a["ticket_id"] == 5, a
        assert a["note"] == "Hi & bye" and a["note_html"] == "<p>Hi &amp; <b>bye</b></p>"
        assert a["hiddenfromuser"] is True and a["new_status"] == 3
        assert a["old_status"] == ticket["status_id"]
        after = get_json(emu, "Tickets/5")
        assert after["status_id"] == 3 and after["status_name"] == "Action Required"
        assert after["lastactiondate"] > ticket["lastactiondate"]
        newest = get_json(emu, "Actions", ticket_id=5, count=1)
        assert newest["actions"][0]["id"] == a["id"] and len(newest["actions"]) == 1
        assert get_json(emu, "Actions", ticket_id=5, excludeprivate="true")["record_count"] < \
            get_json(emu, "Actions", ticket_id=5)["record_count"]
        st, b = emu.api("POST", "Actions", [{"ticket_id": 6, "outcome_id": 2, "note": "a<b"}])
        assert st == 201 and b["outcome"] == "Email User" and b["note_html"] == "a&lt;b"
        assert b["id"] == get_json(emu, "Actions", ticket_id=6)["actions"][1]["id"] + 1
        st, upd = emu.api("POST", "Actions", [{"ticket_id": 5, "id": a["id"], "important": True}])
        assert st == 201 and upd["important"] is True and upd["note"] == "Hi & bye"
        st, gone = emu.api("DELETE", "Actions/%d" % a["id"], params={"ticket_id": 5})
        assert st == 200 and gone["id"] == a["id"]
        assert a["id"] not in [x["id"] for x in get_json(emu, "Actions", ticket_id=5)["actions"]]


def test_delete():
    with Emulator(tickets=20) as emu:
        st, body = emu.api("DELETE", "Tickets/7")
        assert st == 200 and body["id"] == 7
        st, _ = emu.api("GET", "Tickets/7")
        assert st == 404
        lst = get_json(emu, "Tickets")
        assert lst["record_count"] == 19 and 7 not in [t["id"] for t in lst["tickets"]]
        st, _ = emu.api("DELETE", "Tickets/7")
        assert st == 404
        deleted = get_json(emu, "Tickets", deleted="true")
        assert [t["id"] for t in deleted["tickets"]] == [7]
        st, back = emu.api("POST", "Tickets", [{"id": 7, "_recover": True}])
        assert st == 201 and back["id"] == 7
        assert get_json(emu, "Tickets")["record_count"] == 20
        st, body = emu.api("DELETE", "Client/3")
        assert st == 200 and body["id"] == 3
        st, _ = emu.api("GET", "Client/3")
        assert st == 404
        st, _ = emu.api("DELETE", "Tickets")
        assert st == 405


# ---------------------------------------------------------------- filters
def test_filters_search_order():
    with Emulator(tickets=400) as emu:
        every = get_json(emu, "Tickets")["tickets"]
        by = lambda f, v: [t["id"] for t in every if t[f] == v]  # noqa: E731
        assert [t["id"] for t in get_json(emu, "Tickets", status_id=2)["tickets"]] == by("status_id", 2)
        assert [t["id"] for t in get_json(emu, "Tickets", client_id=2)["tickets"]] == by("client_id", 2)
        uid = next(t["user_id"] for t in every if t["user_id"])
        assert [t["id"] for t in get_json(emu, "Tickets", user_id=uid)["tickets"]] == by("user_id", uid)
        open_ids = [t["id"] for t in get_json(emu, "Tickets", open_only="true")["tickets"]]
        assert open_ids == [t["id"] for t in every if t["status_id"] != 9] and open_ids
        closed = get_json(emu, "Tickets", closed_only="true")
        assert closed["record_count"] + len(open_ids) == 400
        agents = get_json(emu, "Tickets", agent="3,4")["tickets"]
        assert agents and {t["agent_id"] for t in agents} <= {3, 4}
        assert len(agents) == len([t for t in every if t["agent_id"] in (3, 4)])
        word = every[0]["summary"].split()[0].upper()
        hits = get_json(emu, "Tickets", search=word)["tickets"]
        assert hits and all(word.lower() in t["summary"].lower() for t in hits)
        assert len(hits) == len([t for t in every if word.lower() in t["summary"].lower()])
        desc = get_json(emu, "Tickets", order="id", orderdesc="true", count=5)["tickets"]
        assert [t["id"] for t in desc] == [400, 399, 398, 397, 396]
        for flag in ("1", "True"):
            assert get_json(emu, "Tickets", order="id", orderdesc=flag, count=1)["tickets"][0]["id"] == 400
        by_date = get_json(emu, "Tickets", order="lastactiondate", orderdesc="true")["tickets"]
        dates = [t["lastactiondate"].rstrip("Z") for t in by_date]
        assert dates == sorted(dates, reverse=True)
        by_name = [t["client_name"].casefold() for t in
                   get_json(emu, "Tickets", order="client_name")["tickets"]]
        assert by_name == sorted(by_name)
        st, _ = emu.api("POST", "Client", [{"id": every[0]["client_id"], "name": "AAA First"}])
        assert st == 201
        renamed = get_json(emu, "Tickets", order="client_name", count=1)["tickets"][0]
        assert renamed["client_name"] == "AAA First"
        same = get_json(emu, "Tickets", bogus_param="1", includecolumns="true")
        assert same["record_count"] == 400  # unknown parameters are ignored
        clients = get_json(emu, "Client", search="société")["clients"]
        assert [c["name"] for c in clients] == ["Société Générale Services"]
        users = get_json(emu, "Users")["users"]
        email = next(u["emailaddress"] for u in users if u["emailaddress"])
        found = get_json(emu, "Users", search=email.upper())["users"]
        assert email in [u["emailaddress"] for u in found]
        lap = get_json(emu, "Asset", search="lap-000")["assets"]
        assert lap and all("LAP-" in a["inventory_number"] for a in lap)
        assert {a["assettype_id"] for a in get_json(emu, "Asset", assettype_id=3)["assets"]} == {3}
        sites = get_json(emu, "Site", client_id=2)["sites"]
        assert sites and all(s["client_id"] == 2 for s in sites)


# ---------------------------------------------------------------- faults and knobs
def test_fault_status():
    with Emulator(tickets=10) as emu:
        emu.token()
        emu.fault(path="^/api/tickets$", count=2, fault="status", status=503,
                  body="<html><body>Service Unavailable</body></html>", retry_after=7)
        for _ in range(2):
            st, hdrs, data = raw(emu, "GET", "/api/Tickets")
            assert st == 503 and hdrs["Retry-After"] == "7" and b"Unavailable" in data
            assert hdrs["Content-Type"].startswith("text/html")
        st, _, _ = raw(emu, "GET", "/api/Tickets")
        assert st == 200  # count exhausted
        emu.fault(method="POST", count=1, status=500)
        st, _, _ = raw(emu, "GET", "/api/Status")
        assert st == 200  # GET does not match a POST fault
        st, _, data = raw(emu, "POST", "/api/Tickets", [{"summary": "x", "client_id": 2}])
        assert st == 500 and "Message" in json.loads(data)
        emu.fault(path="/auth/token", status=502)
        st, _, _ = emu.http("POST", "/auth/token", token_form(emu), FORM)
        assert st == 502
        st, _, _ = emu.http("POST", "/auth/token", token_form(emu), FORM)
        assert st == 200
        assert [r["status"] for r in emu.requests()][-2:] == [502, 200]


def test_fault_drop_stall_truncate_malformed():
    with Emulator(tickets=10) as emu:
        emu.token()
        emu.fault(path="tickets", fault="drop")
        try:
            raw(emu, "GET", "/api/Tickets")
        except (http.client.RemoteDisconnected, ConnectionResetError, http.client.BadStatusLine):
            pass
        else:
            raise AssertionError("drop fault answered")
        assert emu.requests()[-1]["status"] == 0
        emu.fault(path="tickets", fault="stall", stall_ms=600)
        t0 = time.monotonic()
        st, _, _ = raw(emu, "GET", "/api/Tickets")
        assert st == 200 and time.monotonic() - t0 >= 0.55
        emu.fault(path="tickets", fault="truncate")
        c = conn(emu)
        c.request("GET", "/api/Tickets", headers={"Authorization": "Bearer " + emu.token()})
        r = c.getresponse()
        full_len = int(r.getheader("Content-Length"))
        try:
            data = r.read()
        except http.client.IncompleteRead as e:
            assert 0 < len(e.partial) < full_len
        else:
            raise AssertionError("truncated body read completely (%d bytes)" % len(data))
        c.close()
        emu.fault(path="tickets", fault="malformed")
        st, hdrs, data = raw(emu, "GET", "/api/Tickets")
        assert st == 200 and hdrs["Content-Type"].startswith("application/json")
        try:
            json.loads(data)
        except ValueError:
            pass
        else:
            raise AssertionError("malformed body parsed")
        st, _, _ = raw(emu, "GET", "/api/Tickets")
        assert st == 200
        assert emu.stats()["faults_pending"] == 0


def test_rate_limit():
    with Emulator("--rate-limit", "3", "--rate-window", "2", tickets=10) as emu:
        tok = emu.token()  # request 1
        h = {"Authorization": "Bearer " + tok}
        assert emu.http("GET", "/api/Status", headers=h)[0] == 200
        assert emu.http("GET", "/api/Status", headers=h)[0] == 200
        st, hdrs, data = emu.http("GET", "/api/Status", headers=h)
        assert st == 429, st
        assert json.loads(data) == {
            "error": "Rate Limit Reached - 3 Requests per rolling 2 second window"}
        assert 1 <= int(hdrs["Retry-After"]) <= 2
        time.sleep(int(hdrs["Retry-After"]) + 0.1)
        assert emu.http("GET", "/api/Status", headers=h)[0] == 200
        emu.configure(rate_limit=300, rate_window=300, retry_after=False)
        for _ in range(4):
            emu.http("GET", "/api/Status", headers=h)
        emu.configure(rate_limit=1)
        st, hdrs, data = emu.http("GET", "/api/Status", headers=h)
        assert st == 429 and "Retry-After" not in hdrs
        assert json.loads(data)["error"] == \
            "Rate Limit Reached - 1 Requests per rolling 5 minute window"
        st, _, _ = emu.http("POST", "/auth/token", token_form(emu), FORM)
        assert st == 429  # the token endpoint counts too
        emu.configure(rate_limit=0)
        assert emu.http("GET", "/api/Status", headers=h)[0] == 200
    with Emulator("--rate-limit", "1", "--no-retry-after", tickets=5) as emu:
        assert emu.http("GET", "/api/authinfo")[0] == 200
        st, hdrs, _ = emu.http("GET", "/api/authinfo")
        assert st == 429 and "Retry-After" not in hdrs


def test_latency():
    with Emulator("--latency-ms", "300", tickets=10) as emu:
        emu.token()
        t0 = time.monotonic()
        raw(emu, "GET", "/api/Status")
        assert time.monotonic() - t0 >= 0.28
        emu.configure(latency_ms=0)
        t0 = time.monotonic()
        raw(emu, "GET", "/api/Status")
        assert time.monotonic() - t0 < 0.25


def test_expire_tokens_and_lifetime():
    with Emulator(tickets=10) as emu:
        tok = emu.token()
        assert raw(emu, "GET", "/api/Status")[0] == 200
        assert emu.expire_tokens()["expired"] >= 1
        assert raw(emu, "GET", "/api/Status")[0] == 401
        emu.configure(token_lifetime=1)
        tok2 = emu.token(fresh=True)
        assert tok2 != tok
        st, _, data = emu.http("POST", "/auth/token", token_form(emu), FORM)
        assert json.loads(data)["expires_in"] == 1
        assert raw(emu, "GET", "/api/Status")[0] == 200
        time.sleep(1.2)
        assert raw(emu, "GET", "/api/Status")[0] == 401


def test_request_log():
    with Emulator(tickets=10) as emu:
        tok = emu.token()
        raw(emu, "GET", "/api/Tickets?pageinate=true&page_size=5&search=a%20b&status=1&status=2")
        raw(emu, "POST", "/api/Actions", [{"ticket_id": 2, "outcome": "Update", "note": "hé"}])
        emu.http("GET", "/_emulator/stats")
        log = emu.requests()
        assert [r["method"] for r in log] == ["POST", "GET", "POST"]
        auth = log[0]
        assert auth["path"] == "/auth/token" and auth["status"] == 200
        assert "client_secret=***" in auth["body"] and emu.client_secret not in auth["body"]
        assert "grant_type=client_credentials" in auth["body"]
        assert "client_id=%s" % emu.client_id in auth["body"]
        get = log[1]
        assert get["path"] == "/api/Tickets" and get["status"] == 200
        assert get["query"] == "pageinate=true&page_size=5&search=a%20b&status=1&status=2"
        assert get["params"]["search"] == ["a b"] and get["params"]["status"] == ["1", "2"]
        assert get["headers"]["Authorization"] == "Bearer ***"
        assert tok not in json.dumps(log)
        post = log[2]
        assert json.loads(post["body"]) == [{"ticket_id": 2, "outcome": "Update", "note": "hé"}]
        assert post["status"] == 201
        assert [r["path"] for r in emu.api_requests()] == ["/api/Tickets", "/api/Actions"]
        emu.clear_requests()
        assert emu.requests() == []
        assert emu.stats()["requests"] == 3


def test_keep_alive():
    with Emulator(tickets=10) as emu:
        c = conn(emu)
        h = {"Authorization": "Bearer " + emu.token()}
        for path in ("/api/Status", "/api/Tickets/1", "/api/Team"):
            c.request("GET", path, headers=h)
            r = c.getresponse()
            body = r.read()
            assert r.status == 200 and len(body) == int(r.getheader("Content-Length"))
            assert r.getheader("Connection", "").lower() != "close"
        sock = c.sock
        c.request("GET", "/api/Agent", headers=h)
        c.getresponse().read()
        assert c.sock is sock  # same connection all along
        c.close()


def test_concurrent_requests():
    import threading
    with Emulator(tickets=500) as emu:
        tok = emu.token()
        errors = []

        def worker(n):
            try:
                c = conn(emu, timeout=30)
                for i in range(15):
                    if i % 5 == 4:
                        c.request("POST", "/api/Actions", body=json.dumps(
                            [{"ticket_id": n + 1, "outcome": "Update", "note": "t%d" % i}]),
                            headers={"Authorization": "Bearer " + tok,
                                     "Content-Type": "application/json"})
                    else:
                        c.request("GET", "/api/Tickets?pageinate=true&page_size=20&page_no=%d"
                                  "&status_id=%d" % (i + 1, (1, 2, 9)[i % 3]),
                                  headers={"Authorization": "Bearer " + tok})
                    r = c.getresponse()
                    body = r.read()
                    if r.status not in (200, 201):
                        errors.append((r.status, body[:100]))
                    json.loads(body)
                c.close()
            except Exception as e:  # collected and reported below
                errors.append(repr(e))
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors[:3]
        assert len(emu.requests()) == 1 + 8 * 15
        for n in range(8):
            acts = get_json(emu, "Actions", ticket_id=n + 1)["actions"]
            assert [a["note"] for a in acts[:3]] == ["t14", "t9", "t4"]


# ---------------------------------------------------------------- data
def test_deterministic_data():
    def snapshot(emu):
        return (get_json(emu, "Tickets", count=50), get_json(emu, "Client"),
                get_json(emu, "Tickets/17"), get_json(emu, "Actions", ticket_id=9),
                get_json(emu, "Priority"), get_json(emu, "Asset", count=20))
    with Emulator(tickets=60, seed=5) as a, Emulator(tickets=60, seed=5) as b, \
            Emulator(tickets=60, seed=6) as c:
        sa, sb, sc = snapshot(a), snapshot(b), snapshot(c)
        assert sa == sb
        assert sa[0] != sc[0] and sa[4] != sc[4]
        assert json.dumps(sa, sort_keys=True) == json.dumps(sb, sort_keys=True)


def test_quirks_present():
    with Emulator(tickets=300) as emu:
        tickets = get_json(emu, "Tickets")["tickets"]
        dates = [t["dateoccurred"] for t in tickets]
        assert any(len(d.split(".")[-1].rstrip("Z")) == 7 for d in dates if "." in d)
        # HALO_API.md F4: mostly without Z, and then at most 3 digits.
        assert sum(not d.endswith("Z") for d in dates) > len(dates) * 3 // 4
        assert all(len(d.split(".")[-1]) <= 3 for d in dates if "." in d and d[-1] != "Z")
        assert any("." in d and d[-1] != "Z" for d in dates)
        assert any("." not in d for d in dates)
        full = [get_json(emu, "Tickets/%d" % i) for i in range(1, 40)]
        assert any(t["deadlinedate"] == "1899-12-30T00:00:00" for t in full)
        # HALO_API.md F3: unset custom fields are {"value": 0, "display": ""}.
        cfs = [cf for t in full for cf in t["customfields"] if cf["name"] == "CFService"]
        assert any(cf["value"] == 0 and cf["display"] == "" for cf in cfs)
        assert any(cf["value"] != 0 and cf["display"] for cf in cfs)
        assert all(t["targetdate"] == "1900-01-01T00:00:00" for t in tickets)
        assert any(t["lastincomingemail"] == "0001-01-01T00:00:00" for t in tickets)
        assert any(isinstance(t["client_id"], float) for t in tickets)
        assert any(t["agent_id"] == 1 for t in tickets)
        assert any(t["user_id"] == 0 and t["user_name"] == "" for t in tickets)
        full = [get_json(emu, "Tickets/%d" % i) for i in range(20, 60)]
        assert all(f["contract_id"] == -1 and f["estimate"] == 0 for f in full)
        htmls = " ".join(f["details_html"] for f in full)
        for tag in ("<p>", "<br>", "<li>", "<a href", "&amp;", "<table"):
            assert tag in htmls, tag
        cfs = [cf for f in full for cf in f["customfields"]]
        assert all(cf["name"].startswith("CF") for cf in cfs)
        kinds = {type(cf["value"]).__name__ for cf in cfs}
        assert {"int", "str", "bool"} <= kinds, kinds
        users = get_json(emu, "Users")["users"]
        assert all(isinstance(u["site_id"], float) and isinstance(u["site_id_int"], int)
                   for u in users)
        names = [c["name"] for c in get_json(emu, "Client", includeinactive="true")["clients"]]
        for n in ("Société Générale Services", "Müller & Söhne GmbH", "🚀 Rocket Ltd"):
            assert n in names, n
        assert "東京支店" in [s["name"] for s in get_json(emu, "Site")["sites"]]
        assets = get_json(emu, "Asset", includeinactive="true")["assets"]
        assert len(assets) == 800
        assert all(a["inventory_number"].split("-")[0] in
                   ("LAP", "DSK", "SRV", "PRN", "FW", "SW", "MOB", "MON", "VM") for a in assets)
        # 40, and "Initech Holdings" (HALO_API.md F2: a LIKE search for
        # "Initech" finds both).
        assert len(get_json(emu, "Client", includeinactive="true")["clients"]) == 41
        found = [c["name"] for c in get_json(emu, "Client", search="initech")["clients"]]
        assert sorted(found) == ["Initech", "Initech Holdings"]
        assert len(get_json(emu, "ClientContract")["contracts"]) == 60
        assert 250 <= len(get_json(emu, "Users", includeinactive="true")["users"]) <= 350
        assert len(get_json(emu, "Agent", showall="true", includeunassigned="true",
                            includeapiagents="true")) == 12
        acts = get_json(emu, "Actions", ticket_id=30, includehtmlnote="true")["actions"]
        assert all(a["note"] is not None and "datetime" in a for a in acts)


def test_hostile_strings_present():
    with Emulator(tickets=30) as emu:
        t13 = get_json(emu, "Tickets/13")
        assert "\x1b]0;pwned\x07" in t13["summary"] and "\x1b[2J" in t13["summary"]
        t14 = get_json(emu, "Tickets/14")
        assert "\x9b" in t14["summary"] and "\x07" in t14["summary"] and "\x85" in t14["summary"]
        assert "\x00" in t14["details_html"]
        assert len(get_json(emu, "Tickets/15")["summary"]) == 10000
        assert "\u202e" in get_json(emu, "Tickets/16")["summary"]
        assert "<script>" in get_json(emu, "Tickets/17")["details_html"]
        assert get_json(emu, "Tickets/18")["summary"] == ""
        listed = {t["id"]: t for t in get_json(emu, "Tickets")["tickets"]}
        assert listed[13]["summary"] == t13["summary"]
        assert "\x1b[31m" in get_json(emu, "Users/13")["name"]
        assert "\ufffd" in get_json(emu, "Asset/13")["key_field"]
        notes = [a["note_html"] for a in get_json(emu, "Actions", ticket_id=13,
                                                   includehtmlnote="true")["actions"]]
        assert any("\x1b]52;" in n for n in notes)
        status, _, data = raw(emu, "GET", "/api/Tickets/14")
        assert b"\\u001b" in data or b"\\u0007" in data  # controls arrive JSON-escaped
        assert "\x9b".encode("utf-8") in data  # ... while C1 arrive as raw UTF-8


# ---------------------------------------------------------------- process behaviour
def test_command_line():
    emu = halotest.HALOTUI_EMULATOR
    r = subprocess.run([sys.executable, emu, "--host", "0.0.0.0"], capture_output=True,
                       text=True, timeout=20)
    assert r.returncode != 0 and "loopback" in r.stderr and r.stdout == ""
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, emu, "--timeout", "1", "--tickets", "10"],
                       capture_output=True, text=True, timeout=20)
    assert r.returncode == 0 and time.monotonic() - t0 < 6
    lines = r.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("PORT ") and int(lines[0].split()[1]) > 0
    assert r.stderr == ""


def test_exits_when_parent_dies():
    # A shell starts the emulator in the background and exits at once; the
    # emulator must notice its parent is gone and exit by itself.
    code = ("import subprocess,sys; p=subprocess.Popen([sys.executable,%r,'--tickets','5',"
            "'--timeout','60'], stdout=subprocess.PIPE); print(p.pid); "
            "print(p.stdout.readline().decode().strip(), flush=True)" % halotest.HALOTUI_EMULATOR)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=20)
    pid_line, port_line = r.stdout.split("\n")[:2]
    assert port_line.startswith("PORT "), r.stdout
    pid = int(pid_line)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(pid, 9)
    raise AssertionError("emulator %d outlived its parent" % pid)


def test_https():
    openssl = shutil.which("openssl")
    if not openssl:
        skip("openssl not installed")
    d = tempfile.mkdtemp(prefix="halotest-tls-")
    try:
        cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
        subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                        "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"],
                       check=True, capture_output=True, timeout=60)
        with Emulator("--tls-cert", cert, "--tls-key", key, tickets=10) as emu:
            assert emu.base_url.startswith("https://")
            st, _, data = emu.http("GET", "/api/authinfo")
            assert st == 200
            assert json.loads(data)["auth_url"] == "https://127.0.0.1:%d/auth" % emu.port
            assert get_json(emu, "Tickets/1")["id"] == 1
            # A client that connects and says nothing must not block others.
            idle = socket.create_connection(("127.0.0.1", emu.port))
            assert get_json(emu, "Status")
            idle.close()
    finally:
        shutil.rmtree(d, ignore_errors=True)


def vm_rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def test_million_tickets():
    t0 = time.monotonic()
    with Emulator(tickets=1_000_000) as emu:
        t_start = time.monotonic() - t0
        emu.token()
        t1 = time.monotonic()
        first = get_json(emu, "Tickets", pageinate="true", page_size=100, page_no=1)
        t_first = time.monotonic() - t1
        assert first["record_count"] == 1_000_000 and first["tickets"][0]["id"] == 1
        t1 = time.monotonic()
        last = get_json(emu, "Tickets", pageinate="true", page_size=100, page_no=10000)
        t_last = time.monotonic() - t1
        assert [t["id"] for t in last["tickets"]] == list(range(999_901, 1_000_001))
        t1 = time.monotonic()
        newest = get_json(emu, "Tickets", pageinate="true", page_size=100, page_no=1,
                          order="dateoccurred", orderdesc="true")
        t_newest = time.monotonic() - t1
        assert newest["tickets"][0]["id"] == 1_000_000
        t1 = time.monotonic()
        opened = get_json(emu, "Tickets", pageinate="true", page_size=100, page_no=1,
                          open_only="true", search="printer", order="lastactiondate",
                          orderdesc="true")
        t_filtered = time.monotonic() - t1
        assert opened["record_count"] > 0
        assert all("printer" in t["summary"].lower() and t["status_id"] != 9
                   for t in opened["tickets"])
        t1 = time.monotonic()
        get_json(emu, "Tickets", pageinate="true", page_size=100, page_no=2,
                 open_only="true", search="printer", order="lastactiondate", orderdesc="true")
        t_cached = time.monotonic() - t1
        rss = vm_rss_mb(emu.proc.pid)
        total = time.monotonic() - t0
        diag("1,000,000 tickets: start %.2f s, page 1 %.2f s, last page %.2f s, "
             "newest first %.2f s, open+search+order %.2f s, next page of it %.2f s"
             % (t_start, t_first, t_last, t_newest, t_filtered, t_cached),
             "total %.2f s, emulator RSS %.0f MB" % (total, rss))
        assert total < 20, total
        assert rss < 600, rss
        assert t_cached < 2, t_cached


if __name__ == "__main__":
    halotest.main(globals())
