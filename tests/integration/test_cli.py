# SPDX-License-Identifier: MIT
"""The command line against the emulator: what it prints, its exit status,
and exactly what it sent (the emulator records every request)."""
import fcntl
import json
import os
import pty
import re
import select
import socket
import stat
import struct
import subprocess
import termios
import time

import halotest
from halotest import HALOTUI, Emulator, run, scaled

EM = None  # one emulator for the tests that do not reconfigure it


def emulator():
    global EM
    if EM is None:
        EM = Emulator(tickets=300)
    return EM


def fresh():
    em = emulator()
    em.clear_requests()
    em.configure(rate_limit=0, latency_ms=0)
    return em


def api(em, method=None, path=None):
    out = []
    for r in em.api_requests():
        if method and r["method"] != method:
            continue
        if path and not re.search(path, r["path"], re.I):
            continue
        out.append(r)
    return out


def param(r, key):
    vals = r["params"].get(key)
    return vals[0] if vals else None


def write_config(em, text, mode=0o600):
    env = em.env()
    cfgdir = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
    os.makedirs(cfgdir, exist_ok=True)
    path = os.path.join(cfgdir, "config.yaml")
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    for k in ("HALOPSA_BASE_URL", "HALOPSA_TENANT", "HALOPSA_CLIENT_ID",
              "HALOPSA_CLIENT_SECRET"):
        env.pop(k, None)
    return env, path


def assert_inert(text):
    assert "\x1b" not in text, "raw ESC reached the output"
    for ch in text:
        o = ord(ch)
        assert not (o < 0x20 and ch not in "\n\t"), "C0 control %r" % ch
        assert not (0x7f <= o <= 0x9f), "DEL/C1 control %r" % ch


# ---- listing ----------------------------------------------------------------

def test_list_tickets_table_shows_names():
    em = fresh()
    p = run(["list", "tickets", "--limit", "20"], emulator=em,
            env=em.env(COLUMNS="120"))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert len(lines) == 21, lines            # header + 20 rows
    assert lines[0].split()[0] in ("ID", "#", "Id"), lines[0]
    statuses = ("New", "In Progress", "Closed", "Action Required",
                "Waiting", "On Hold")
    assert any(s in p.stdout for s in statuses), p.stdout
    assert all(len(l) <= 120 for l in lines)


def test_list_every_resource():
    em = fresh()
    for res in ("tickets", "clients", "assets", "users", "sites",
                "contracts", "ticket", "client", "asset"):
        p = run(["list", res, "--limit", "5", "--format", "tsv"], emulator=em)
        assert p.returncode == 0, (res, p.stderr)
        rows = p.stdout.splitlines()
        assert len(rows) == 6, (res, rows)
    em.clear_requests()
    p = run(["list", "actions", "--ticket", "5", "--format", "tsv"], emulator=em)
    assert p.returncode == 0, p.stderr
    assert len(api(em, "GET", r"^/api/actions$")) == 1
    st, server = em.api("GET", "Actions", params={"ticket_id": "5"})
    ids = [l.split("\t")[0] for l in p.stdout.splitlines()[1:]]
    assert ids == [str(a["id"]) for a in server["actions"]], (ids, server)


def test_lookup_lists_are_one_request_each():
    em = fresh()
    for res, path in (("statuses", "status"), ("agents", "agent"),
                      ("priorities", "priority"), ("teams", "team")):
        em.clear_requests()
        p = run(["list", res, "--format", "tsv"], emulator=em)
        assert p.returncode == 0, (res, p.stderr)
        rows = p.stdout.splitlines()[1:]
        assert rows and len(rows) == len(set(rows)), (res, rows)
        assert len(api(em, "GET", "^/api/%s$" % path)) == 1, res


def test_paging_250_tickets_each_page_once():
    em = fresh()
    p = run(["list", "tickets", "--limit", "250", "--format", "tsv"],
            emulator=em)
    assert p.returncode == 0, p.stderr
    assert len(p.stdout.splitlines()) == 251
    pages = [r for r in api(em, "GET", r"^/api/tickets/?$")]
    nos = sorted(int(param(r, "page_no")) for r in pages)
    assert nos == [1, 2, 3], nos
    for r in pages:
        assert param(r, "pageinate") == "true"
        assert param(r, "page_size") == "100"
    ids = [l.split("\t")[0] for l in p.stdout.splitlines()[1:]]
    assert len(set(ids)) == 250, "duplicate or missing rows"


def test_limit_fetches_only_what_it_needs():
    em = fresh()
    p = run(["list", "tickets", "--limit", "7"], emulator=em)
    assert p.returncode == 0, p.stderr
    pages = api(em, "GET", r"^/api/tickets/?$")
    assert len(pages) == 1, pages
    assert param(pages[0], "page_size") == "7"


def test_page_size_from_config_capped_at_100():
    em = fresh()
    env, path = write_config(em, (
        "profiles:\n  t:\n    base_url: %s\n    tenant: %s\n"
        "    client_id: %s\n    client_secret: %s\n    page_size: 100\n"
        % (em.base_url, em.tenant, em.client_id, em.client_secret)))
    p = run(["list", "tickets", "--format", "tsv"], emulator=em, env=env)
    assert p.returncode == 0, p.stderr
    assert len(p.stdout.splitlines()) == 301
    pages = api(em, "GET", r"^/api/tickets/?$")
    assert sorted(int(param(r, "page_no")) for r in pages) == [1, 2, 3]


def test_search_and_filters_are_sent():
    em = fresh()
    p = run(["list", "tickets", "--search", "printer & co", "--filter",
             "status=Closed", "--filter", "open=false", "--limit", "3"],
            emulator=em)
    assert p.returncode == 0, p.stderr
    r = api(em, "GET", r"^/api/tickets/?$")[-1]
    assert param(r, "search") == "printer & co"
    assert param(r, "status_id") == "9", r["params"]
    assert param(r, "open_only") == "false"


def test_client_filter_by_name():
    em = fresh()
    st, clients = em.api("GET", "Client", params={"search": "Acme"})
    acme = clients["clients"][0]
    em.clear_requests()
    p = run(["list", "tickets", "--filter", "client=acme corp", "--limit", "3",
             "--format", "json"], emulator=em)
    assert p.returncode == 0, p.stderr
    search = api(em, "GET", r"^/api/client$")
    assert len(search) == 1 and param(search[0], "search") == "acme corp"
    r = api(em, "GET", r"^/api/tickets$")[-1]
    assert param(r, "client_id") == str(acme["id"]), r["params"]
    assert all(t["client_id"] == acme["id"] for t in json.loads(p.stdout))
    # A name that matches several clients is refused with the candidates.
    p = run(["list", "tickets", "--filter", "client=o"], emulator=em)
    assert p.returncode == 2
    assert "give the id" in p.stderr and "Acme" in p.stderr, p.stderr


def test_unknown_filter_is_a_usage_error():
    em = fresh()
    p = run(["list", "tickets", "--filter", "colour=red"], emulator=em)
    assert p.returncode == 2
    assert "unknown filter" in p.stderr and "status" in p.stderr


def test_json_format_is_an_array_of_records():
    em = fresh()
    p = run(["list", "clients", "--limit", "12", "--format", "json"],
            emulator=em)
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert isinstance(data, list) and len(data) == 12
    assert all("id" in c and "name" in c for c in data)


# ---- show ------------------------------------------------------------------

def test_show_ticket_text_with_details_and_notes_in_order():
    em = fresh()
    p = run(["show", "tickets", "5"], emulator=em, env=em.env(COLUMNS="100"))
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert out.startswith("Ticket 5:"), out[:80]
    assert "Notes (" in out
    assert "<p>" not in out and "<br" not in out, "HTML not rendered"
    stamps = re.findall(r"^--- (\d{4}-\d\d-\d\d \d\d:\d\d)", out, re.M)
    assert stamps and stamps == sorted(stamps), stamps
    notes = api(em, "GET", r"^/api/actions/?$")
    assert len(notes) == 1 and param(notes[0], "ticket_id") == "5"
    assert param(notes[0], "includehtmlnote") == "true"
    full = api(em, "GET", r"^/api/tickets/5$")
    assert len(full) == 1 and param(full[0], "includedetails") == "true"


def test_show_json_is_the_servers_object():
    em = fresh()
    p = run(["show", "client", "3", "--format", "json"], emulator=em)
    assert p.returncode == 0, p.stderr
    obj = json.loads(p.stdout)
    assert obj["id"] == 3


def test_show_missing_record_exits_1():
    em = fresh()
    p = run(["show", "tickets", "987654"], emulator=em)
    assert p.returncode == 1
    assert "404" in p.stderr


# ---- update and note -------------------------------------------------------

def test_update_sends_exactly_one_element_array():
    em = fresh()
    p = run(["update", "tickets", "7", "status=Closed",
             "summary=Printer fixed \"again\""], emulator=em)
    assert p.returncode == 0, p.stderr
    posts = api(em, "POST")
    assert len(posts) == 1, posts
    assert re.match(r"^/api/tickets/?$", posts[0]["path"], re.I)
    body = json.loads(posts[0]["body"])
    assert body == [{"id": 7, "status_id": 9,
                     "summary": "Printer fixed \"again\""}], body
    assert "Printer fixed" in p.stdout and "Closed" in p.stdout
    # The change is on the server.
    p = run(["show", "tickets", "7", "--format", "json"], emulator=em)
    assert json.loads(p.stdout)["status_id"] == 9


def test_update_numbers_are_json_numbers():
    em = fresh()
    p = run(["update", "ticket", "8", "priority=2", "agent=2"], emulator=em)
    assert p.returncode == 0, p.stderr
    body = json.loads(api(em, "POST")[0]["body"])
    assert body == [{"id": 8, "priority_id": 2, "agent_id": 2}], body


def test_update_unknown_field_is_a_usage_error():
    em = fresh()
    p = run(["update", "tickets", "7", "colour=red"], emulator=em)
    assert p.returncode == 2
    assert "editable" in p.stderr
    assert not api(em, "POST")


def test_update_posts_a_100kb_value_whole():
    """No fixed cap on what is typed: a 100 KB value (multi-byte, so that a
    cut would split a character) is posted whole and kept whole."""
    em = fresh()
    value = ("Gr\u00fc\u00dfe aus \u6771\u4eac \u2013 caf\u00e9 " * 4000)
    value = value.encode("utf-8")[:100000].decode("utf-8", "ignore")
    assert len(value.encode("utf-8")) > 99990
    p = run(["update", "tickets", "7", "summary=" + value], emulator=em)
    assert p.returncode == 0, p.stderr
    posts = api(em, "POST")
    assert len(posts) == 1, posts
    body = json.loads(posts[0]["body"])
    assert body == [{"id": 7, "summary": value}], len(body[0].get("summary", ""))
    p = run(["show", "tickets", "7", "--format", "json"], emulator=em)
    assert json.loads(p.stdout)["summary"] == value


def test_note_past_the_limit_is_refused():
    """The documented limit: 1 MiB of text. More is an error and nothing
    is sent."""
    em = fresh()
    p = run(["note", "9", "-"], emulator=em, input="a" * (1024 * 1024 + 1))
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "1048576" in p.stderr or "1 MiB" in p.stderr, p.stderr
    assert not api(em, "POST")


def test_note_posts_one_action():
    em = fresh()
    p = run(["note", "9", "--private", "Called the user.\n\nNo answer <yet>."],
            emulator=em)
    assert p.returncode == 0, p.stderr
    posts = api(em, "POST", r"^/api/actions/?$")
    assert len(posts) == 1
    body = json.loads(posts[0]["body"])
    assert isinstance(body, list) and len(body) == 1
    a = body[0]
    assert a["ticket_id"] == 9 and a["hiddenfromuser"] is True
    # The instance's private-note action, whatever its name there (F16).
    assert a["outcome_id"] == 7
    assert "&lt;yet&gt;" in a["note_html"] and "<p>" in a["note_html"]
    assert set(a) == {"ticket_id", "outcome_id", "note_html", "hiddenfromuser"}


def test_note_from_stdin_with_outcome():
    em = fresh()
    p = run(["note", "9", "--outcome", "Phone call", "-"], emulator=em,
            input="Spoke to Ann.\n")
    assert p.returncode == 0, p.stderr
    a = json.loads(api(em, "POST", r"^/api/actions/?$")[0]["body"])[0]
    assert a["outcome"] == "Phone call" and a["hiddenfromuser"] is False
    assert "Spoke to Ann." in a["note_html"]


# ---- auth --------------------------------------------------------------------

def test_auth_discovery_and_token_request():
    em = fresh()
    p = run(["list", "sites", "--limit", "1"], emulator=em)
    assert p.returncode == 0, p.stderr
    reqs = em.requests()
    info = [r for r in reqs if r["path"].lower() == "/api/authinfo"]
    tok = [r for r in reqs if r["path"].lower() == "/auth/token"]
    assert len(info) == 1 and len(tok) == 1
    assert param(tok[0], "tenant") == em.tenant
    form = tok[0]["body"]
    assert "grant_type=client_credentials" in form and "scope=all" in form
    assert "client_id=" + em.client_id in form
    for r in em.api_requests():
        if r["path"].lower() != "/api/authinfo":
            assert r["headers"].get("Authorization", "").startswith("Bearer")


def test_bad_credentials_exit_1_with_advice():
    em = fresh()
    p = run(["list", "tickets"], emulator=em,
            env=em.env(HALOPSA_CLIENT_SECRET="wrong-secret-123"))
    assert p.returncode == 1
    assert "invalid_client" in p.stderr and "client_id" in p.stderr
    assert "wrong-secret-123" not in p.stderr + p.stdout


def test_401_mid_run_gets_exactly_one_new_token():
    em = fresh()
    before = em.stats()["tokens_issued"]
    em.fault(path=r"^/api/tickets$", status=401, count=1, fault="status")
    p = run(["list", "tickets", "--limit", "60", "--format", "tsv"],
            emulator=em)
    assert p.returncode == 0, p.stderr
    assert len(p.stdout.splitlines()) == 61
    assert em.stats()["tokens_issued"] - before == 2  # first + one refresh


def test_expired_token_is_replaced_once():
    em = fresh()
    em.configure(token_lifetime=1)
    try:
        p = run(["list", "tickets", "--limit", "5"], emulator=em)
        assert p.returncode == 0, p.stderr
    finally:
        em.configure(token_lifetime=3600)


# ---- retries ---------------------------------------------------------------

def test_429_then_success_honours_retry_after():
    em = fresh()
    em.fault(path=r"^/api/tickets$", status=429, count=1, fault="status",
             retry_after=1,
             body='{"error":"Rate Limit Reached - 300 Requests per rolling 5 minute window"}')
    p = run(["list", "tickets", "--limit", "3"], emulator=em)
    assert p.returncode == 0, p.stderr
    assert "rate limited" in p.stderr.lower()
    assert len(api(em, "GET", r"^/api/tickets$")) == 2


def test_5xx_then_success():
    em = fresh()
    em.fault(path=r"^/api/client$", status=503, count=1, fault="status")
    p = run(["list", "clients", "--limit", "3"], emulator=em)
    assert p.returncode == 0, p.stderr
    assert len(api(em, "GET", r"^/api/client$")) == 2


def test_truncated_body_is_retried_for_get():
    em = fresh()
    em.fault(path=r"^/api/site$", count=1, fault="truncate")
    p = run(["list", "sites", "--limit", "3"], emulator=em)
    assert p.returncode == 0, p.stderr


def test_malformed_body_exit_1_clear_message():
    em = fresh()
    em.fault(path=r"^/api/asset$", count=5, fault="malformed")
    p = run(["list", "assets", "--limit", "3"], emulator=em)
    assert p.returncode == 1
    assert "malformed" in p.stderr.lower() or "json" in p.stderr.lower()
    assert "Traceback" not in p.stderr


def test_post_is_not_resent_after_a_500():
    em = fresh()
    em.fault(method="POST", path=r"^/api/tickets$", status=500, count=1,
             fault="status", body='{"ClassName":"System.Exception","Message":"Deadlock"}')
    p = run(["update", "tickets", "7", "summary=x"], emulator=em)
    assert p.returncode == 1
    assert "Deadlock" in p.stderr
    assert len(api(em, "POST")) == 1


def test_post_dropped_connection_is_reported_not_resent():
    em = fresh()
    em.fault(method="POST", path=r"^/api/actions$", count=1, fault="drop")
    p = run(["note", "9", "hello"], emulator=em)
    assert p.returncode == 1
    assert len(api(em, "POST")) == 1
    assert "may have applied" in p.stderr


def test_validation_error_names_the_field():
    em = fresh()
    p = run(["update", "tickets", "7", "client=0"], emulator=em)
    assert p.returncode in (1, 2)


# ---- configuration ---------------------------------------------------------

def test_broken_config_exit_2_with_position():
    em = fresh()
    env, path = write_config(em, "profiles:\n  a:\n    page_size: [1,\n")
    p = run(["list", "tickets"], emulator=em, env=env)
    assert p.returncode == 2
    assert re.search(re.escape(path) + r":\d+:\d+", p.stderr), p.stderr


def test_readable_secret_file_refused():
    em = fresh()
    env, path = write_config(em, (
        "profiles:\n  a:\n    base_url: %s\n    client_id: x\n"
        "    client_secret: s3cr3t\n" % em.base_url), mode=0o644)
    p = run(["list", "tickets"], emulator=em, env=env)
    assert p.returncode == 2
    assert "chmod 600" in p.stderr and "s3cr3t" not in p.stderr


def test_http_to_a_remote_host_refused():
    em = fresh()
    p = run(["list", "tickets"], emulator=em,
            env=em.env(HALOPSA_BASE_URL="http://halo.example.com"))
    assert p.returncode == 2
    assert "https" in p.stderr


def test_documented_example_configuration_loads():
    """doc/configuration.md's complete example is a file halotui accepts."""
    em = fresh()
    src = os.environ.get("HALOTUI_SRCDIR") or os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    doc = open(os.path.join(src, "doc", "configuration.md")).read()
    example = re.search(r"```yaml\n(.*?)```", doc, re.S).group(1)
    assert "profiles:" in example and "views:" in example and "keys:" in example
    # Point the documented profile at the emulator; every other line stays.
    example = example.replace("https://acme.halopsa.com", em.base_url, 1)
    example = example.replace("tenant: acme", "tenant: " + em.tenant, 1)
    example = example.replace("0a1b2c3d-0000-4000-8000-00000000abcd",
                              em.client_id, 1)
    example = example.replace("pass show halo/acme\n",
                              "printf %s\n" % em.client_secret, 1)
    env, path = write_config(em, example)
    p = run(["list", "tickets", "--limit", "2"], emulator=em, env=env)
    assert p.returncode == 0, p.stderr
    # The other profile's secret command (pass) is not installed here: a
    # configuration error that names the command, never its output.
    p = run(["-p", "test", "list", "tickets"], emulator=em, env=env)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "client_secret_cmd" in p.stderr, p.stderr


def test_usage_errors_exit_2():
    em = fresh()
    for args in (["list"], ["list", "widgets"], ["show", "tickets", "abc"],
                 ["update", "tickets", "1"], ["frobnicate"],
                 ["list", "tickets", "--limit", "-3"]):
        p = run(args, emulator=em)
        assert p.returncode == 2, (args, p.returncode, p.stderr)
        assert p.stderr.startswith("halotui: "), p.stderr


def test_request_log_has_no_secrets():
    em = fresh()
    log = os.path.join(em.env()["HOME"], "req.log")
    p = run(["--log", log, "list", "tickets", "--limit", "2"], emulator=em)
    assert p.returncode == 0, p.stderr
    text = open(log).read()
    lines = text.splitlines()
    assert any(" get /api/tickets?" in l.lower() for l in lines), text
    assert any(" POST /auth/token?tenant=%s 200 " % em.tenant in l for l in lines), text
    assert re.search(r" 200 \d+ms attempt=1", text)
    assert em.client_secret not in text and "Bearer" not in text
    assert oct(os.stat(log).st_mode & 0o777) == oct(0o600)


# ---- HTTPS -------------------------------------------------------------------

def make_cert(tmp):
    import shutil
    import subprocess
    openssl = shutil.which("openssl")
    if not openssl:
        halotest.skip("openssl not installed")
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


def test_https_with_ca_file_and_unknown_certificate_refused():
    tmp = fresh().env()["HOME"]
    cert, key = make_cert(tmp)
    with Emulator("--tls-cert", cert, "--tls-key", key, tickets=50) as em:
        env, path = write_config(em, (
            "profiles:\n  tls:\n    base_url: %s\n    tenant: %s\n"
            "    client_id: %s\n    client_secret: %s\n    ca_file: %s\n"
            % (em.base_url, em.tenant, em.client_id, em.client_secret, cert)))
        assert em.base_url.startswith("https://")
        p = run(["list", "tickets", "--limit", "3"], emulator=em, env=env)
        assert p.returncode == 0, p.stderr
        assert len(p.stdout.splitlines()) == 4
        # Without the CA the certificate is refused, with advice, untried.
        em.clear_requests()
        p = run(["list", "tickets", "--limit", "3"], emulator=em)
        assert p.returncode == 1
        assert "ca_file" in p.stderr, p.stderr
        assert not em.api_requests()


# ---- failures no retry can fix -----------------------------------------------

def timed_run(args, **kw):
    """run(), and how many seconds it took."""
    start = time.monotonic()
    p = run(args, **kw)
    return p, time.monotonic() - start


def request_log(env):
    """A --log file in the test's home, and a function that reads its lines."""
    path = os.path.join(env["HOME"], "requests.log")
    return path, lambda: open(path).read().splitlines() if os.path.exists(path) else []


def free_port():
    """A port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_host_that_does_not_resolve_fails_at_once():
    # RFC 6761: names under .invalid never resolve, network or not.
    em = fresh()
    env = em.env(HALOPSA_BASE_URL="https://halotui-test.invalid")
    log, lines = request_log(env)
    p, took = timed_run(["--log", log, "list", "tickets"], env=env)
    assert p.returncode == 1, (p.returncode, p.stderr)
    assert took < scaled(2.0), "took %.1f s" % took
    assert "halotui-test.invalid" in p.stderr and "base_url" in p.stderr, p.stderr
    assert len(lines()) == 1, lines()   # one attempt, nothing retried


def test_refused_connection_is_retried_once_briefly():
    em = fresh()
    port = free_port()
    env = em.env(HALOPSA_BASE_URL="http://127.0.0.1:%d" % port)
    log, lines = request_log(env)
    p, took = timed_run(["--log", log, "list", "tickets"], env=env)
    assert p.returncode == 1, (p.returncode, p.stderr)
    assert took < scaled(2.0), "took %.1f s" % took
    assert "127.0.0.1:%d refused the connection" % port in p.stderr, p.stderr
    assert "base_url" in p.stderr, p.stderr
    assert len(lines()) == 2, lines()   # the first try and one more


def test_reply_over_the_limit_is_read_once():
    em = fresh()
    # Announced in Content-Length: refused before it is read, at the real
    # limit of 64 MiB.
    em.fault(path=r"^/api/tickets$", fault="huge", count=5)
    p = run(["list", "tickets", "--limit", "3"], emulator=em)
    assert p.returncode == 1, p.stderr
    assert "larger than 64 MiB" in p.stderr, p.stderr
    assert len(api(em, "GET", r"^/api/tickets$")) == 1
    em.clear_faults()
    # No length announced: found out while reading, at a limit lowered so
    # that the test does not move 64 MiB.
    em.clear_requests()
    em.fault(path=r"^/api/tickets$", fault="huge", chunked=True,
             size=2 * 1024 * 1024, count=5)
    p = run(["list", "tickets", "--limit", "3"], emulator=em,
            env=em.env(HALOTUI_MAX_RESPONSE=str(1024 * 1024)))
    em.clear_faults()
    assert p.returncode == 1, p.stderr
    assert "larger than 1 MiB" in p.stderr, p.stderr
    assert len(api(em, "GET", r"^/api/tickets$")) == 1


def test_tls_failures_are_not_retried():
    tmp = fresh().env()["HOME"]
    cert, key = make_cert(tmp)
    with Emulator("--tls-cert", cert, "--tls-key", key, tickets=50) as em:
        # No ca_file: the certificate is unknown. One connection, at once.
        before = em.stats()["connections"]
        p, took = timed_run(["list", "tickets", "--limit", "3"], emulator=em)
        assert p.returncode == 1, p.stderr
        assert took < scaled(2.0), "took %.1f s" % took
        assert "not trusted" in p.stderr and "ca_file" in p.stderr, p.stderr
        # (each look at the stats is a connection of its own)
        assert em.stats()["connections"] - before - 1 == 1
    # https:// to a port that speaks plain HTTP: the handshake cannot work.
    em = fresh()
    before = em.stats()["connections"]
    p, took = timed_run(["list", "tickets", "--limit", "3"], emulator=em,
                        env=em.env(HALOPSA_BASE_URL=em.base_url.replace(
                            "http://", "https://")))
    assert p.returncode == 1, p.stderr
    assert took < scaled(2.0), "took %.1f s" % took
    assert "TLS handshake" in p.stderr and "https://" in p.stderr, p.stderr
    assert em.stats()["connections"] - before - 1 == 1


# ---- what a command waits for ------------------------------------------------

def stall(em, seconds, path=r"^/api/tickets$"):
    """The next request for path is answered after `seconds` (scaled)."""
    ms = int(scaled(seconds) * 1000)
    em.fault(path=path, fault="stall", stall_ms=ms, count=1)
    return ms / 1000.0


def test_stall_is_said_once_on_a_pipe():
    em = fresh()
    stall(em, 3.0)
    p = run(["list", "tickets", "--limit", "3"], emulator=em)
    assert p.returncode == 0, p.stderr
    assert len(p.stdout.splitlines()) == 4, p.stdout
    lines = p.stderr.splitlines()
    # One line, whole, naming the server and what it was asked; nothing
    # drawn in place on a pipe.
    assert len(lines) == 1, lines
    assert re.match(r"halotui: waiting for 127\.0\.0\.1:%d to answer GET "
                    r"/api/Tickets \(\d+ s\)$" % em.port, lines[0]), lines
    assert "\r" not in p.stderr and "\x1b" not in p.stderr


def run_on_pty(args, env, cols=200):
    """halotui with stderr on a terminal (stdout a pipe): returns (exit
    status, stdout, [(seconds since start, bytes read from the terminal)],
    seconds it ran)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, cols, 0, 0))
    start = time.monotonic()
    proc = subprocess.Popen([HALOTUI] + args, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks = []
    deadline = start + scaled(30)
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if not ready:
                continue
            try:
                data = os.read(master, 4096)
            except OSError:      # EIO: the last writer closed the terminal
                break
            if not data:
                break
            chunks.append((time.monotonic() - start, data))
        out = proc.communicate(timeout=scaled(10))[0].decode()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return proc.returncode, out, chunks, time.monotonic() - start


def test_stall_line_is_redrawn_at_most_once_a_second_on_a_terminal():
    em = fresh()
    held = stall(em, 3.5)
    rc, out, chunks, took = run_on_pty(["list", "tickets", "--limit", "3"], em.env())
    assert rc == 0, chunks
    assert len(out.splitlines()) == 4, out
    text = b"".join(c for _, c in chunks).decode()
    # Every draw starts at the line's start and erases it; the last one
    # erases it for good, before the output and the exit.
    parts = text.split("\r\x1b[K")
    assert parts[0] == "" and parts[-1] == "", parts
    draws = parts[1:-1]
    want = "halotui: waiting for 127.0.0.1:%d to answer GET /api/Tickets (" % em.port
    assert len(draws) >= 2, draws            # updated in place, not once
    assert all(d.startswith(want) and d.endswith(" s)") for d in draws), draws
    seconds = [int(d[len(want):-3]) for d in draws]
    # At most once a second: each draw a later second, and no more draws
    # than whole seconds waited.
    assert seconds == sorted(set(seconds)) and seconds[0] >= 1, seconds
    assert len(draws) <= int(took), (draws, took)
    assert "\n" not in text, text
    assert took >= held


def test_rate_limit_wait_says_the_seconds_left():
    em = fresh()
    em.fault(path=r"^/api/tickets$", status=429, count=1, fault="status",
             retry_after=2)
    p = run(["list", "tickets", "--limit", "3"], emulator=em)
    assert p.returncode == 0, p.stderr
    lines = p.stderr.splitlines()
    assert len(lines) == 1, lines
    assert re.match(r"halotui: rate limited by 127\.0\.0\.1:%d: retrying GET "
                    r"/api/Tickets in [123] s$" % em.port, lines[0]), lines


def secret_config(em, cmd, timeout=None):
    text = ("profiles:\n  s:\n    base_url: %s\n    tenant: %s\n"
            "    client_id: %s\n    client_secret_cmd: %s\n"
            % (em.base_url, em.tenant, em.client_id, json.dumps(cmd)))
    if timeout is not None:
        text += "    secret_cmd_timeout: %s\n" % timeout
    return write_config(em, text)


def run_detached(args, env):
    """halotui as a script or cron would run it: without a controlling
    terminal (its secret command then gets a process group of its own).
    Returns the completed process and how many seconds it took, until its
    last descendant let go of stdout and stderr."""
    start = time.monotonic()
    p = subprocess.run([HALOTUI] + args, env=env, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=scaled(30),
                       start_new_session=True)
    return p, time.monotonic() - start


def test_secret_cmd_is_stopped_after_its_timeout():
    em = fresh()
    env, path = secret_config(em, "sleep 10; echo never", timeout=1)
    # (sleep is the shell's child: it is stopped too, or it would hold
    # stderr open for 10 s)
    p, took = run_detached(["list", "tickets"], env)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert 0.9 <= took < scaled(4.0), "took %.1f s" % took
    lines = p.stderr.splitlines()
    assert lines[-1].startswith("halotui: client_secret_cmd did not finish within "
                                "1 s and was stopped: raise secret_cmd_timeout"), lines
    assert "'sleep 10; echo never'" in lines[-1] and path in lines[-1], lines
    assert p.stdout == ""
    assert not em.requests()


def test_secret_cmd_wait_is_said():
    em = fresh()
    home = em.env()["HOME"]
    secret = os.path.join(home, "secret")
    with open(secret, "w") as f:
        f.write(em.client_secret + "\n")
    # The command takes its time (as one asking for a passphrase would).
    env, _ = secret_config(em, "sleep 2; cat '%s'" % secret, timeout=20)
    p = run(["list", "tickets", "--limit", "2"], env=env)
    assert p.returncode == 0, p.stderr
    assert p.stderr.splitlines() == [
        "halotui: waiting for client_secret_cmd of profile 's' (stopped after 20 s)"], \
        p.stderr
    assert em.client_secret not in p.stderr


# ---- a failure says so once, and prints nothing else --------------------------

def assert_failed_cleanly(p, what, needle):
    assert p.returncode != 0, (what, p.returncode, p.stdout)
    assert p.stdout == "", (what, p.stdout)
    lines = p.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("halotui: "), (what, lines)
    assert needle in lines[0], (what, lines)


COMMANDS = (["list", "tickets"], ["list", "tickets", "--format", "json"],
            ["list", "tickets", "--format", "tsv"], ["show", "tickets", "7"],
            ["update", "tickets", "7", "summary=x"], ["note", "7", "hello"])


def test_failures_are_said_once_with_nothing_on_stdout():
    em = fresh()
    # Nothing listens.
    port = free_port()
    env = em.env(HALOPSA_BASE_URL="http://127.0.0.1:%d" % port)
    for args in COMMANDS:
        p = run(args, env=env)
        assert_failed_cleanly(p, args, "refused the connection")
    # The token server refuses the client.
    for args in COMMANDS:
        p = run(args, emulator=em, env=em.env(HALOPSA_CLIENT_SECRET="wrong"))
        assert_failed_cleanly(p, args, "invalid_client")
    # The API refuses every request.
    em.fault(path=r"^/api/(?!authinfo)", status=403, count=1000, fault="status",
             body='{"error":"no access for this agent"}')
    try:
        for args in COMMANDS:
            p = run(args, emulator=em)
            assert_failed_cleanly(p, args, "no access for this agent")
    finally:
        em.clear_faults()


def test_a_later_request_failing_leaves_stdout_empty():
    em = fresh()
    # The second page of a list.
    for fmt in ("table", "tsv", "json"):
        em.fault(path=r"^/api/tickets$", status=403, count=1, skip=1,
                 fault="status", body='{"error":"page refused"}')
        p = run(["list", "tickets", "--limit", "120", "--format", fmt],
                emulator=em)
        em.clear_faults()
        assert_failed_cleanly(p, fmt, "page refused")
    # A ticket's notes, after the ticket itself came.
    em.fault(path=r"^/api/actions$", status=403, count=1, fault="status",
             body='{"error":"notes refused"}')
    p = run(["show", "tickets", "7"], emulator=em)
    em.clear_faults()
    assert_failed_cleanly(p, "show", "notes refused")


def test_messages_lead_with_what_happened():
    """At 120 columns the reason and the advice are on screen; the request
    comes last, without its query."""
    em = fresh()
    cases = [
        (["show", "tickets", "99999"], em.env(),
         "HTTP 404 Not Found", "(GET /api/Tickets/99999)"),
        (["list", "tickets"], em.env(HALOPSA_CLIENT_SECRET="wrong"),
         "check client_id and client_secret", "(POST %s/auth/token)" % em.base_url),
        (["list", "tickets"], em.env(HALOPSA_BASE_URL="https://halotui-test.invalid"),
         "does not resolve: check base_url", "(GET /api/authinfo)"),
    ]
    for args, env, lead, tail in cases:
        p = run(args, env=env)
        assert p.returncode == 1, (args, p.stderr)
        line = p.stderr.splitlines()[0]
        assert lead in line[:120], (lead, line)
        assert line.endswith(tail), (tail, line)
    # Validation: the server's text first.
    em.fault(method="POST", path=r"^/api/tickets$", status=400, count=1, fault="status",
             body='"Summary may not say that."')
    p = run(["update", "tickets", "7", "summary=x"], emulator=em)
    em.clear_faults()
    line = p.stderr.splitlines()[0]
    assert line.startswith("halotui: HTTP 400 Bad Request: Summary may not say that."), line
    assert line.endswith("(POST /api/Tickets)"), line


# ---- hostile text ----------------------------------------------------------

def test_hostile_strings_never_reach_stdout_raw():
    em = fresh()
    for args in (["list", "tickets", "--limit", "40"],
                 ["list", "tickets", "--limit", "40", "--format", "tsv"],
                 ["list", "tickets", "--limit", "40", "--format", "json"],
                 ["list", "users", "--limit", "300", "--format", "tsv"],
                 ["show", "tickets", "13"], ["show", "tickets", "14"],
                 ["show", "tickets", "15"], ["show", "tickets", "13",
                                             "--format", "json"]):
        p = run(args, emulator=em)
        assert p.returncode == 0, (args, p.stderr)
        assert_inert(p.stdout)
        assert_inert(p.stderr)


if __name__ == "__main__":
    EM = Emulator(tickets=300)  # shared: started before the runner's per-test cleanup
    try:
        halotest.main(globals())
    finally:
        EM.stop()
