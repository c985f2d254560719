# SPDX-License-Identifier: MIT
"""Attachments from the command line: `halotui note ID --attach FILE`
(repeatable) posts the note, then each file with POST /api/Attachment
(ticket_id, action_id, filename, data_base64); a file over
attachment_max_mb, or one that cannot be read, is refused before any
request; a refused upload names the file and the server's answer; the
emulator serves the list and the bytes as Halo does."""
import base64
import json
import os
import tempfile

import halotest
from halotest import Emulator, profile_env, run


def files_dir():
    d = tempfile.mkdtemp(prefix="halotui-attach-")
    halotest._tempdirs.append(d)
    return d


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


def posts(em, path):
    return [r for r in em.api_requests()
            if r["method"] == "POST" and r["path"].lower() == path.lower()]


def test_note_with_two_files():
    with Emulator(tickets=50) as em:
        d = files_dir()
        a = write(os.path.join(d, "log.txt"), b"line one\nline two\n")
        b = write(os.path.join(d, "blob.bin"), bytes(range(256)) * 40)
        p = run(["note", "9", "--attach", a, "--attach", b, "Logs attached."],
                emulator=em)
        assert p.returncode == 0, p.stderr
        out = p.stdout.splitlines()
        assert out[0].startswith("note ") and "ticket 9" in out[0], p.stdout
        assert out[1].startswith("attached %s (attachment " % a), p.stdout
        assert out[2].startswith("attached %s (attachment " % b), p.stdout
        note = json.loads(posts(em, "/api/Actions")[0]["body"])[0]
        ups = [json.loads(r["body"]) for r in posts(em, "/api/Attachment")]
        assert len(ups) == 2, ups
        action_id = int(out[0].split()[1])
        for up, path, name in ((ups[0], a, "log.txt"), (ups[1], b, "blob.bin")):
            assert isinstance(up, list) and len(up) == 1, up
            rec = up[0]
            assert rec["ticket_id"] == 9 and rec["action_id"] == action_id, rec
            assert rec["filename"] == name, rec
            with open(path, "rb") as f:
                assert base64.b64decode(rec["data_base64"]) == f.read()
        assert note["ticket_id"] == 9
        # The emulator lists them on the ticket and on the note, and
        # serves their bytes.
        st, listing = em.api("GET", "Attachment", params={"ticket_id": 9})
        assert st == 200, listing
        mine = [x for x in listing["attachments"] if x["action_id"] == action_id]
        assert [x["filename"] for x in mine] == ["log.txt", "blob.bin"], listing
        status, headers, data = em.http("GET", "/api/Attachment/%d" % mine[1]["id"],
                                        headers={"Authorization": "Bearer " + em.token()})
        assert status == 200
        with open(b, "rb") as f:
            assert data == f.read()
        # `list attachments` reads the same list.
        p = run(["list", "attachments", "--filter", "ticket=9", "--format", "tsv"],
                emulator=em)
        assert p.returncode == 0, p.stderr
        assert "log.txt" in p.stdout and "blob.bin" in p.stdout, p.stdout


def test_too_big_refused_before_any_request():
    with Emulator(tickets=50) as em:
        d = files_dir()
        small = write(os.path.join(d, "ok.txt"), b"fine")
        big = os.path.join(d, "big.iso")
        with open(big, "wb") as f:
            f.truncate(2 * 1024 * 1024 + 1)
        env = profile_env(em, attachment_max_mb=2)
        em.clear_requests()
        p = run(["note", "9", "--attach", small, "--attach", big, "Too big."],
                emulator=em, env=env)
        assert p.returncode == 2, (p.returncode, p.stderr)
        assert p.stdout == "", p.stdout
        err = p.stderr.strip()
        assert big in err and "2 MB" in err and "attachment_max_mb" in err, err
        assert "nothing was sent" in err, err
        assert em.requests() == [], em.requests()
        # A file that is not there: the same, before any request.
        p = run(["note", "9", "--attach", os.path.join(d, "missing.txt"), "x"],
                emulator=em, env=env)
        assert p.returncode == 2, p.stderr
        assert "missing.txt" in p.stderr, p.stderr
        assert em.requests() == []


def test_refused_upload_names_file_and_status():
    with Emulator(tickets=50) as em:
        d = files_dir()
        a = write(os.path.join(d, "report.pdf"), b"%PDF-1.4\n")
        em.fault(path="^/api/Attachment$", method="POST", status=413,
                 body='"The file is too large."', count=1)
        p = run(["note", "9", "--attach", a, "See report."], emulator=em)
        assert p.returncode == 1, (p.returncode, p.stderr)
        err = p.stderr
        assert "was added to ticket 9" in err, err
        assert a in err and "413" in err, err
        # The note went in once; the file was not sent twice.
        assert len(posts(em, "/api/Actions")) == 1
        assert len(posts(em, "/api/Attachment")) == 1


if __name__ == "__main__":
    halotest.main(globals())
