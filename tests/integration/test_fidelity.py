# SPDX-License-Identifier: MIT
"""Real Halo as it is (HALO_API.md section 13), through the command line:
priorities per SLA (F1), exact names over a LIKE search (F2), unset custom
fields and dates (F3, F4), API-only agents (F10), ids as JSON integers
(F14), notes' real errors (F16), a 403 (F7), an empty list's hint (F9),
the tenant from /api/authinfo, HTML notes as text and TSV headers."""
import json
import os
import re
import tempfile

import halotest
from halotest import Emulator, run

EM = None


def emulator():
    global EM
    if EM is None:
        EM = Emulator(tickets=60)
    return EM


def fresh():
    em = emulator()
    em.clear_requests()
    em.configure(forbidden=[], sees_nothing=False, tenant_required=False)
    return em


def api(em, method=None, path=None):
    return [r for r in em.api_requests()
            if (not method or r["method"] == method) and
            (not path or re.search(path, r["path"], re.I))]


def param(r, key):
    vals = r["params"].get(key)
    return vals[0] if vals else None


def ticket_on_sla(em, sla):
    for t in em.api("GET", "Tickets", params={"page_size": 60, "pageinate": "true"})[1]["tickets"]:
        if t["sla_id"] == sla and t["id"] not in range(13, 19):
            return t
    raise AssertionError("no ticket on SLA %d" % sla)


def test_priority_names_per_sla_in_list_and_detail():
    em = fresh()
    t1, t2 = ticket_on_sla(em, 1), ticket_on_sla(em, 2)
    names = {(p["slaid"], p["priorityid"]): p["name"] for p in em.api("GET", "Priority")[1]}
    p = run(["list", "tickets", "--format", "tsv", "--limit", "60"], emulator=em)
    assert p.returncode == 0, p.stderr
    rows = {int(line.split("\t")[0]): line.split("\t") for line in p.stdout.splitlines()[1:]}
    head = p.stdout.splitlines()[0].split("\t")
    col = head.index("priority")
    assert rows[t1["id"]][col] == names[(1, t1["priority_id"])]
    assert rows[t2["id"]][col] == names[(2, t2["priority_id"])]
    assert names[(1, 1)] != names[(2, 1)]
    for t, sla in ((t1, 1), (t2, 2)):
        p = run(["show", "tickets", str(t["id"])], emulator=em)
        assert p.returncode == 0, p.stderr
        assert re.search(r"^Priority: +%s$" % re.escape(names[(sla, t["priority_id"])]),
                         p.stdout, re.M), p.stdout


def test_update_priority_by_name_on_each_sla():
    em = fresh()
    t1, t2 = ticket_on_sla(em, 1), ticket_on_sla(em, 2)
    for t, name, pid in ((t1, "high", 2), (t2, "P2 Next Day", 2), (t2, "p4 planned", 4)):
        em.clear_requests()
        p = run(["update", "tickets", str(t["id"]), "priority=" + name], emulator=em)
        assert p.returncode == 0, p.stderr
        post = api(em, "POST", r"^/api/tickets$")
        assert len(post) == 1 and json.loads(post[0]["body"]) == [
            {"id": t["id"], "priority_id": pid}], post[0]["body"]
    # A name of the other SLA is refused with this SLA's names.
    em.clear_requests()
    p = run(["update", "tickets", str(t2["id"]), "priority=Critical"], emulator=em)
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert "P1 Urgent" in p.stderr and "Critical" in p.stderr, p.stderr
    assert not api(em, "POST")


def test_exact_client_name_wins_over_longer_names():
    em = fresh()
    clients = em.api("GET", "Client", params={"search": "Initech"})[1]["clients"]
    assert sorted(c["name"] for c in clients) == ["Initech", "Initech Holdings"]
    initech = next(c for c in clients if c["name"] == "Initech")
    em.clear_requests()
    p = run(["list", "tickets", "--filter", "client=initech", "--format", "json"], emulator=em)
    assert p.returncode == 0, p.stderr
    search = api(em, "GET", r"^/api/client$")
    assert len(search) == 1 and param(search[0], "search_name_only") == "true"
    assert param(api(em, "GET", r"^/api/tickets$")[-1], "client_id") == str(initech["id"])
    # A prefix that is no client's whole name is still ambiguous.
    p = run(["list", "tickets", "--filter", "client=initec"], emulator=em)
    assert p.returncode == 2 and "Initech Holdings" in p.stderr, p.stderr


def test_unset_custom_fields_and_sentinel_dates_are_blank():
    em = fresh()
    for tid in range(1, 40):
        t = em.api("GET", "Tickets/%d" % tid)[1]
        service = next(cf for cf in t["customfields"] if cf["name"] == "CFService")
        if service["value"] == 0 and t["deadlinedate"].startswith("1899"):
            break
    else:
        raise AssertionError("no ticket with an unset service and a 1899 deadline")
    p = run(["show", "tickets", str(tid)], emulator=em)
    assert p.returncode == 0, p.stderr
    assert not re.search(r"^(Service|Change completed):", p.stdout, re.M), p.stdout
    assert "Deadline" not in p.stdout and "1899" not in p.stdout and "1900" not in p.stdout
    assert re.search(r"^Users affected: +\S", p.stdout, re.M), p.stdout
    # A set date field shows the tenant's own display text.
    shown = next(cf for cf in t["customfields"] if cf["name"] == "CFDateReported")
    assert shown["display"] in p.stdout
    # Dates without Z are UTC (TZ=UTC here).
    occ = t["dateoccurred"].rstrip("Z")
    assert "%s %s" % (occ[:10], occ[11:16]) in p.stdout


def test_api_only_agent_is_named():
    em = fresh()
    p = run(["show", "tickets", "19"], emulator=em)
    assert p.returncode == 0, p.stderr
    assert re.search(r"^Agent: +API User$", p.stdout, re.M), p.stdout
    # The full record names its agent: the list rows do not, and the
    # agent list that names them must hold API-only agents.
    em.clear_requests()
    p = run(["list", "tickets", "--format", "tsv"], emulator=em)
    assert p.returncode == 0, p.stderr
    row = [l for l in p.stdout.splitlines() if l.split("\t")[0] == "19"]
    assert row and "\tAPI User\t" in row[0] + "\t", row
    agents = api(em, "GET", r"^/api/agent$")
    assert agents and param(agents[0], "includeapiagents") == "true"


def test_ids_are_json_integers_and_refusals_are_halos():
    em = fresh()
    p = run(["update", "tickets", "20", "agent=4", "status=2"], emulator=em)
    assert p.returncode == 0, p.stderr
    body = api(em, "POST", r"^/api/tickets$")[0]["body"]
    assert re.search(r'"agent_id":4\b', body) and '"4"' not in body and "4.0" not in body
    st, msg = em.api("POST", "Tickets", [{"id": 20, "site_id": 95.0}])
    assert st == 400 and msg == {"[0].site_id": ["Input string '95.0' is not a valid integer"]}
    st, msg = em.api("POST", "Tickets", [{"summary": "x", "client_id": "57"}])
    assert st == 400 and msg == "Please select a valid Client/Site/User"


def test_note_errors_shown_by_the_outcome():
    em = fresh()
    p = run(["note", "20", "--outcome", "Approve Change", "please approve"], emulator=em)
    assert p.returncode == 1, (p.stdout, p.stderr)
    assert "You do not have access to this Action at the moment" in p.stderr
    assert re.search(r"^\S*\s+outcome: You do not have access", p.stderr, re.M), p.stderr
    st, msg = em.api("POST", "Actions", [{"ticket_id": 20, "note": "x"}])
    assert st == 400 and msg == "An Outcome must be entered for this Action"


def test_403_names_the_resource_and_method():
    em = fresh()
    em.configure(forbidden=["asset"])
    log = os.path.join(tempfile.mkdtemp(), "req.log")
    p = run(["--log", log, "list", "assets", "--limit", "3"], emulator=em)
    assert p.returncode != 0
    assert "403" in p.stderr and "scopes" in p.stderr and "GET on assets" in p.stderr, p.stderr
    with open(log) as f:
        text = f.read()
    assert re.search(r"GET /api/Asset\S* 403 .*scopes", text), text


def test_empty_list_hints_at_the_agents_visibility_in_the_log():
    em = fresh()
    em.configure(sees_nothing=True)
    log = os.path.join(tempfile.mkdtemp(), "req.log")
    p = run(["--log", log, "list", "clients"], emulator=em)
    assert p.returncode == 0, p.stderr
    with open(log) as f:
        text = f.read()
    os.unlink(log)
    assert re.search(r"GET /api/Client\S* 200 .*clients: none visible.*all customers", text), text
    # A filtered list that is empty is just empty.
    p = run(["--log", log, "list", "tickets", "--filter", "status=New"], emulator=em)
    with open(log) as f:
        assert "none visible" not in [l for l in f if "/api/Tickets" in l][0]
    os.unlink(log)


def test_tenant_from_authinfo_for_a_shared_auth_server():
    em = fresh()
    em.configure(tenant_required=True)
    p = run(["list", "sites", "--limit", "1"], emulator=em,
            env=em.env(HALOPSA_TENANT=None))
    assert p.returncode == 0, p.stderr
    tok = [r for r in em.requests() if r["path"].lower() == "/auth/token"]
    assert len(tok) == 1 and param(tok[0], "tenant") == "demo", tok
    # A configured tenant wins over authinfo's.
    em.clear_requests()
    p = run(["list", "sites", "--limit", "1"], emulator=em, env=em.env(HALOPSA_TENANT="DEMO"))
    assert p.returncode == 0, p.stderr
    tok = [r for r in em.requests() if r["path"].lower() == "/auth/token"]
    assert param(tok[0], "tenant") == "DEMO"


def test_contract_notes_render_as_text():
    em = fresh()
    contracts = em.api("GET", "ClientContract", params={"pageinate": "true", "page_size": 100})[1]["contracts"]
    full = (em.api("GET", "ClientContract/%d" % c["id"])[1] for c in contracts)
    k = next(c for c in full if "<b>" in (c.get("note") or ""))
    p = run(["show", "contracts", str(k["id"])], emulator=em)
    assert p.returncode == 0, p.stderr
    assert "out-of-hours cover & on-site" in p.stdout and "<b>" not in p.stdout, p.stdout


def test_tsv_headers_name_what_columns_hold():
    em = fresh()
    p = run(["list", "tickets", "--format", "tsv", "--limit", "1"], emulator=em)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[0].split("\t") == [
        "id", "status", "priority", "summary", "client", "agent", "team", "lastactiondate"]


if __name__ == "__main__":
    EM = Emulator(tickets=60)
    try:
        halotest.main(globals())
    finally:
        EM.stop()
