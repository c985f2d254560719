#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What halotui keeps between runs: the token (per profile, in
$XDG_STATE_HOME), the authinfo answer and the lookup lists (in
$XDG_CACHE_HOME), asserted on the requests the emulator recorded, the
tokens it issued and the files left behind."""
import os
import re
import stat
import time

import halotest
from halotest import Emulator, run, scaled

LOOKUPS = re.compile(r"^/api/(Status|Priority|TicketType|Agent|Team)$", re.I)


def paths(em):
    return [(r["method"], r["path"]) for r in em.requests()]


def auth_or_lookup(em):
    return [p for p in paths(em)
            if p[1] in ("/api/authinfo", "/auth/token") or LOOKUPS.match(p[1])]


def show(em, env, ticket=5):
    r = run(["show", "tickets", str(ticket)], emulator=em, env=env)
    assert r.returncode == 0, r.stderr
    return r


def browse(em, env):
    """A list of tickets: its rows name statuses, priorities and agents
    by id, so it asks for those three lookup lists (a full ticket names
    them itself, so show asks for none)."""
    r = run(["list", "tickets", "--limit", "5"], emulator=em, env=env)
    assert r.returncode == 0, r.stderr
    return r


def files_under(env):
    out = []
    for var in ("XDG_CACHE_HOME", "XDG_STATE_HOME"):
        base = os.path.join(env[var], "halotui")
        for root, dirs, files in os.walk(base):
            out.append(root)
            out.extend(os.path.join(root, f) for f in files)
    return out


def token_file(env, profile="default"):
    return os.path.join(env["XDG_STATE_HOME"], "halotui", "tokens", profile)


def lookup_file(env, name, profile="default"):
    d = os.path.join(env["XDG_CACHE_HOME"], "halotui", profile)
    found = [f for f in os.listdir(d) if f.startswith(name + "-")]
    assert len(found) == 1, os.listdir(d)
    return os.path.join(d, found[0])


def test_second_show_asks_no_authinfo_token_or_lookups():
    with Emulator() as em:
        env = em.env()
        t0 = time.monotonic()
        cold = show(em, env)
        cold_s = time.monotonic() - t0
        cold_reqs = paths(em)
        assert ("GET", "/api/authinfo") in cold_reqs, cold_reqs
        assert ("POST", "/auth/token") in cold_reqs, cold_reqs
        em.clear_requests()
        t0 = time.monotonic()
        warm = show(em, env)
        warm_s = time.monotonic() - t0
        assert auth_or_lookup(em) == [], paths(em)
        # The record and its notes, side by side (in either order).
        assert sorted(paths(em)) == [("GET", "/api/Actions"),
                                     ("GET", "/api/Tickets/5")], paths(em)
        # Names from the cached lookup lists, the same text as before.
        assert warm.stdout == cold.stdout
        assert len(em.issued_tokens()) == 1
        halotest.diag("show: cold %d requests %.0f ms, warm %d requests %.0f ms"
                      % (len(cold_reqs), cold_s * 1000, len(paths(em)),
                         warm_s * 1000))


def test_files_are_private():
    with Emulator() as em:
        env = em.env()
        browse(em, env)
        found = files_under(env)
        assert token_file(env) in found, found
        assert len([f for f in found if os.path.isfile(f)]) >= 5, found
        for f in found:
            mode = stat.S_IMODE(os.stat(f).st_mode)
            if os.path.isdir(f):
                assert mode == 0o700, (f, oct(mode))
            else:
                assert mode == 0o600, (f, oct(mode))
        # Neither the token nor the secret is in a cache file; the secret
        # is nowhere, the token only in its own file.
        tok = em.issued_tokens()[0]
        for f in found:
            if os.path.isfile(f):
                data = open(f, "rb").read()
                assert em.client_secret.encode() not in data, f
                if f != token_file(env):
                    assert tok.encode() not in data, f


def test_changed_secret_gets_a_new_token():
    with Emulator() as em:
        env = em.env()
        show(em, env)
        em.clear_requests()
        # Another secret: the cached token is not used; the token request
        # goes out (and fails: the emulator knows only the real secret).
        r = run(["show", "tickets", "5"], emulator=em,
                env=dict(env, HALOPSA_CLIENT_SECRET="another"))
        assert r.returncode == 1, r.stderr
        assert ("POST", "/auth/token") in paths(em), paths(em)
        assert ("GET", "/api/Tickets/5") not in paths(em), paths(em)


def test_changed_client_or_instance_ignores_the_cache():
    with Emulator() as em, Emulator("--client-id", "other-client") as other:
        env = em.env()
        browse(em, env)
        # The same HOME against another instance: nothing of the first
        # one's is sent or trusted there.
        env2 = dict(env, HALOPSA_BASE_URL=other.base_url,
                    HALOPSA_CLIENT_ID=other.client_id)
        browse(other, env2)
        reqs = paths(other)
        assert reqs[:2] == [("GET", "/api/authinfo"), ("POST", "/auth/token")], reqs
        assert len([p for p in reqs if LOOKUPS.match(p[1])]) == 3, reqs
        assert not [r for r in other.requests() if r.get("status") == 401]
        # And back: the first instance's token was replaced by the
        # second's, so it is asked again, once.
        em.clear_requests()
        browse(em, env)
        assert ("POST", "/auth/token") in paths(em), paths(em)


def test_corrupt_cache_is_ignored():
    with Emulator() as em:
        env = em.env()
        browse(em, env)
        for f in (token_file(env), lookup_file(env, "statuses")):
            data = bytearray(open(f, "rb").read())
            data[-2] ^= 0x20
            with open(f, "wb") as fp:
                fp.write(data)
        em.clear_requests()
        r = browse(em, env)
        reqs = paths(em)
        assert ("POST", "/auth/token") in reqs, reqs
        assert ("GET", "/api/Status") in reqs, reqs
        assert ("GET", "/api/Priority") not in reqs, reqs
        assert "Status" in r.stdout
        # Truncated, and someone else's mode: ignored too.
        with open(token_file(env), "r+b") as fp:
            fp.truncate(40)
        os.chmod(lookup_file(env, "priorities"), 0o644)
        em.clear_requests()
        browse(em, env)
        reqs = paths(em)
        assert ("POST", "/auth/token") in reqs, reqs
        assert ("GET", "/api/Priority") in reqs, reqs


def test_401_with_a_cached_token_gets_one_new_token():
    with Emulator() as em:
        env = em.env()
        show(em, env)
        em.expire_tokens()
        em.clear_requests()
        show(em, env)
        reqs = paths(em)
        assert reqs.count(("POST", "/auth/token")) == 1, reqs
        assert len(em.issued_tokens()) == 2
        # The new one is cached in turn.
        em.clear_requests()
        show(em, env)
        assert ("POST", "/auth/token") not in paths(em), paths(em)


def test_logout_forgets_the_token_and_the_answers():
    with Emulator() as em:
        env = em.env()
        browse(em, env)
        r = run(["logout"], emulator=em, env=env)
        assert r.returncode == 0, r.stderr
        assert "removed the cached token of profile 'default'" in r.stdout, r.stdout
        assert token_file(env) in r.stdout
        assert re.search(r"removed \d+ cached answers", r.stdout), r.stdout
        assert [f for f in files_under(env) if os.path.isfile(f)] == []
        r = run(["logout"], emulator=em, env=env)
        assert r.returncode == 0 and "no cached token" in r.stdout, r.stdout
        em.clear_requests()
        browse(em, env)
        assert ("POST", "/auth/token") in paths(em)
        assert ("GET", "/api/authinfo") in paths(em)


def test_logout_of_a_named_profile_keeps_the_others():
    with Emulator() as em:
        env = em.env()
        cfgdir = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
        os.makedirs(cfgdir)
        cfg = os.path.join(cfgdir, "config.yaml")
        with open(cfg, "w") as f:
            f.write("default_profile: a\nprofiles:\n  a: {}\n  b: {}\n")
        os.chmod(cfg, 0o600)
        for p in ("a", "b"):
            r = run(["-p", p, "show", "tickets", "5"], emulator=em, env=env)
            assert r.returncode == 0, r.stderr
        assert os.path.exists(token_file(env, "a"))
        r = run(["-p", "b", "logout"], emulator=em, env=env)
        assert r.returncode == 0 and "profile 'b'" in r.stdout, r.stdout
        assert not os.path.exists(token_file(env, "b"))
        assert os.path.exists(token_file(env, "a"))


def test_stale_lookup_is_served_and_fetched_again():
    with Emulator("--latency-ms", "300") as em:
        env = em.env()
        cold = browse(em, env)
        f = lookup_file(env, "statuses")
        data = open(f, "rb").read()
        data = re.sub(rb"\nsaved \d+\n", b"\nsaved %d\n" % (time.time() - 7200),
                      data, count=1)
        with open(f, "wb") as fp:
            fp.write(data)
        em.clear_requests()
        warm = browse(em, env)
        # The cached list answered at once (the same names) and a fresh
        # copy was asked for behind it.
        assert warm.stdout == cold.stdout
        halotest.wait_until(lambda: ("GET", "/api/Status") in paths(em),
                            what="the stale list fetched again")
        assert ("GET", "/api/Priority") not in paths(em), paths(em)


def test_cache_false_keeps_nothing():
    with Emulator() as em:
        env = em.env()
        cfgdir = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
        os.makedirs(cfgdir)
        cfg = os.path.join(cfgdir, "config.yaml")
        with open(cfg, "w") as f:
            f.write("profiles:\n  work:\n    cache: false\n")
        os.chmod(cfg, 0o600)
        browse(em, env)
        em.clear_requests()
        browse(em, env)
        assert ("POST", "/auth/token") in paths(em), paths(em)
        assert ("GET", "/api/Status") in paths(em), paths(em)
        assert [f for f in files_under(env) if os.path.isfile(f)] == []


def test_unwritable_cache_warns_and_the_command_works():
    with Emulator() as em:
        blocker = os.path.join(em.env()["HOME"], "a-file")
        open(blocker, "w").close()
        env = em.env(XDG_STATE_HOME=os.path.join(blocker, "state"),
                     XDG_CACHE_HOME=os.path.join(blocker, "cache"))
        r = browse(em, env)
        assert "Status" in r.stdout
        assert re.search(r"token not cached: .*a-file/state/halotui/tokens/"
                         r"default: cannot make its directory: Not a directory"
                         r" \(cache: false in the profile keeps nothing",
                         r.stderr), r.stderr
        assert "statuses list not cached" in r.stderr, r.stderr


if __name__ == "__main__":
    halotest.main(globals())
