# SPDX-License-Identifier: MIT
"""Read-only mode on the command line: `--read-only`, or `read_only: true`
in a profile. Every command that would change the server (update of one
record, update of many, note, delete) fails at once with status 1, the
message on stderr and nothing on stdout, and the emulator records no POST;
list and show still work."""
import os

import halotest
from halotest import Emulator, run

EM = None  # one emulator: nothing here changes its data


def emulator():
    global EM
    if EM is None:
        EM = Emulator(tickets=50)
    return EM


def fresh():
    em = emulator()
    em.clear_requests()
    return em


def profile_env(em, read_only):
    """An environment whose config file has two profiles on em: "ro"
    (the default) with read_only as given, and "rw" without it."""
    env = em.env(HALOPSA_BASE_URL=None, HALOPSA_TENANT=None,
                 HALOPSA_CLIENT_ID=None, HALOPSA_CLIENT_SECRET=None)
    cfgdir = os.path.join(env["XDG_CONFIG_HOME"], "halotui")
    os.makedirs(cfgdir, exist_ok=True)
    path = os.path.join(cfgdir, "config.yaml")
    creds = ("    base_url: %s\n    tenant: %s\n    client_id: %s\n"
             "    client_secret: %s\n" % (em.base_url, em.tenant, em.client_id,
                                          em.client_secret))
    with open(path, "w") as f:
        f.write("default_profile: ro\nprofiles:\n  ro:\n" + creds +
                "    read_only: %s\n  rw:\n" % read_only + creds)
    os.chmod(path, 0o600)
    return env, path


# Each command that writes, as it would run without read-only, and its
# standard input.
WRITES = (
    (["update", "tickets", "7", "status=Closed"], None),
    (["update", "tickets", "7", "summary=Fixed"], None),
    (["note", "9", "--private", "Called the user."], None),
    (["note", "9", "--status", "Closed", "-"], "Spoke to Ann.\n"),
    (["update", "tickets", "7", "8", "9", "status=Closed"], None),
    (["update", "tickets", "--ids", "7,8", "summary=Fixed"], None),
    (["update", "tickets", "--ids", "-", "summary=Fixed"], "7\n8\n"),
    (["delete", "tickets", "7", "--yes"], None),
)


def journals(env):
    d = os.path.join(env["XDG_STATE_HOME"], "halotui", "journal")
    return os.listdir(d) if os.path.isdir(d) else []


def assert_refused(em, args, env, message, input=None):
    p = run(args, emulator=em, env=env, input=input)
    assert p.returncode == 1, (args, p.returncode, p.stderr)
    assert p.stdout == "", (args, p.stdout)
    assert p.stderr == "halotui: %s\n" % message, (args, p.stderr)
    posts = [r for r in em.requests() if r["method"] != "GET"]
    assert posts == [], (args, posts)
    # At once: the server was not even asked for a token or a list.
    assert em.requests() == [], (args, em.requests())
    assert journals(env) == [], args


def test_read_only_option_refuses_every_write():
    em = fresh()
    env = em.env()
    for args, stdin in WRITES:
        assert_refused(em, ["--read-only"] + args, env,
                       "the session is read-only (--read-only): nothing was "
                       "sent (remove --read-only to make changes)", stdin)


def test_read_only_profile_refuses_every_write():
    em = fresh()
    env, _ = profile_env(em, "true")
    for args, stdin in WRITES:
        assert_refused(em, args, env,
                       "profile 'ro' is read-only: nothing was sent (remove "
                       "read_only or --read-only to make changes)", stdin)


def test_read_only_option_wins_over_the_profile():
    em = fresh()
    env, _ = profile_env(em, "no")
    assert_refused(em, ["--read-only", "-p", "rw", "note", "9", "Hello."], env,
                   "profile 'rw' is read-only: nothing was sent (remove "
                   "read_only or --read-only to make changes)")


def test_other_profile_still_writes():
    """read_only belongs to its profile: the other one sends its POST."""
    em = fresh()
    env, _ = profile_env(em, "yes")
    p = run(["-p", "rw", "update", "tickets", "7", "summary=Written"],
            emulator=em, env=env)
    assert p.returncode == 0, p.stderr
    posts = [r for r in em.api_requests() if r["method"] == "POST"]
    assert len(posts) == 1, posts


def test_list_and_show_still_work():
    em = fresh()
    profile, _ = profile_env(em, "on")
    for env, extra in ((em.env(), ["--read-only"]), (profile, [])):
        em.clear_requests()
        p = run(extra + ["list", "tickets", "--limit", "5", "--format", "tsv"],
                emulator=em, env=env)
        assert p.returncode == 0, p.stderr
        assert len(p.stdout.splitlines()) == 6, p.stdout
        p = run(extra + ["show", "tickets", "7"], emulator=em, env=env)
        assert p.returncode == 0, p.stderr
        assert "7" in p.stdout.splitlines()[0], p.stdout
        p = run(extra + ["logout"], emulator=em, env=env)
        assert p.returncode == 0, p.stderr
        # Reading only: the token's POST is the one that is not a GET.
        assert not [r for r in em.api_requests() if r["method"] != "GET"]
        assert em.api_requests(), "nothing was read"


def test_bad_read_only_value_names_its_place():
    em = fresh()
    env, path = profile_env(em, "sometimes")
    p = run(["list", "tickets"], emulator=em, env=env)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert p.stderr.startswith("halotui: %s:8:16: read_only must be true or "
                               "false (got sometimes)" % path), p.stderr
    assert em.requests() == []


def test_help_names_the_option():
    p = run(["--help"])
    assert p.returncode == 0
    assert "--read-only" in p.stdout, p.stdout


if __name__ == "__main__":
    EM = Emulator(tickets=50)  # shared: started before the runner's per-test cleanup
    try:
        halotest.main(globals())
    finally:
        EM.stop()
