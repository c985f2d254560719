# SPDX-License-Identifier: MIT
"""The /_emulator/ control API that tests use to shape the server and to see
what the client sent: configuration (latency, rate limit, page size, token
lifetime), queued faults, token expiry, the request log and stats.  It is
not authenticated and never recorded, so turning a knob does not disturb
what a test asserts about the client's own requests."""

import collections
import json
import math
import re
import threading
import time
import urllib.parse

from .catalogue import ME_AGENT
from .protocol import Response
from .util import num


class Fault:
    """One misbehaviour for requests that match a method and a path regex:
    an error status, a dropped connection, a stall, a body cut short, a
    malformed body or a huge one.  Tests queue them with POST
    /_emulator/faults:
      status     answer `status` (default 500) with `body`, `retry_after`;
                 with `echo` true, {authorization} and {token} in the body
                 become the request's own Authorization header and token
      drop       close the connection without an answer, before the request
                 is served (nothing applied); with `apply` true it serves
                 the request first (a POST is applied) and then hangs up:
                 the client cannot know which happened
      stall      wait `stall_ms` (default 1000), then answer normally
      truncate   announce the whole answer, send half, hang up
      malformed  answer 200 with `body` (default: JSON cut short)
      huge       answer 200 with `size` bytes of "0" (default 65 MiB, more
                 than halotui keeps), streamed; announced in Content-Length,
                 or with `chunked` true sent chunked with no length given
    "stall", "truncate" and "malformed" serve the request (a POST is
    applied) before they misbehave.  Each answers `count` matching requests
    (default 1) after letting the first `skip` of them (default 0) through
    untouched: the second page of a list fails with skip 1.  `body_match`
    (a regex) narrows a fault to requests whose body matches it: one
    ticket's POST among many ('"id": ?42\\b').
    """

    KINDS = ("status", "drop", "stall", "truncate", "malformed", "huge")
    HUGE_DEFAULT = 65 * 1024 * 1024

    def __init__(self, spec):
        self.method = (spec.get("method") or "").upper() or None
        path = spec.get("path")
        self.path_re = re.compile(path, re.I) if path else None
        body_match = spec.get("body_match")
        self.body_re = re.compile(body_match) if body_match else None
        self.count = int(spec.get("count", 1))
        self.skip = int(spec.get("skip", 0))
        self.kind = spec.get("fault", "status")
        if self.kind not in self.KINDS:
            raise ValueError("fault must be one of %s" % ", ".join(self.KINDS))
        self.status = int(spec.get("status", 500))
        self.body = spec.get("body")
        self.retry_after = spec.get("retry_after")
        self.stall_ms = int(spec.get("stall_ms", 1000))
        self.size = int(spec.get("size", self.HUGE_DEFAULT))
        self.chunked = bool(spec.get("chunked", False))
        if self.size < 0:
            raise ValueError("size must be >= 0")
        self.content_type = spec.get("content_type")
        # echo: "{authorization}" in the body becomes the request's own
        # Authorization header and "{token}" the credentials in it, as a
        # server that quotes what it got would.
        self.echo = bool(spec.get("echo", False))
        self.apply = bool(spec.get("apply", False))
        self.spec = dict(spec)

    def matches(self, method, path, body=b""):
        return (self.method is None or self.method == method) and \
            (self.path_re is None or self.path_re.search(path) is not None) and \
            (self.body_re is None or
             self.body_re.search(body.decode("utf-8", "replace")) is not None)

    def response(self, request_headers=None):
        """The answer of a "status" fault.  Without a body, a 5xx looks like a
        serialised .NET exception (one of the shapes HA's error handler knows).
        request_headers are the request's, for an echo fault."""
        headers = []
        if self.retry_after is not None:
            headers.append(("Retry-After", str(self.retry_after)))
        if self.body is None:
            body = {"ClassName": "System.Exception",
                    "Message": "An unexpected error occurred (emulated %d)." % self.status} \
                if self.status >= 500 else {"error": "emulated %d" % self.status}
            return Response.json(self.status, body, headers)
        text = str(self.body)
        if self.echo:
            auth = (request_headers or {}).get("Authorization", "")
            text = text.replace("{authorization}", auth)
            text = text.replace("{token}", auth.partition(" ")[2])
        ctype = self.content_type
        if not ctype:
            ctype = "text/html; charset=utf-8" if text.lstrip().startswith("<") else \
                "application/json; charset=utf-8"
        return Response(self.status, text.encode("utf-8"), ctype, headers)


class Faults:
    """Queued faults; each answers `count` matching requests, then goes."""

    def __init__(self):
        self.lock = threading.Lock()
        self.queue = []

    def add(self, faults):
        with self.lock:
            self.queue.extend(faults)

    def take(self, method, path, body=b""):
        """The first fault that matches this request, used up by one."""
        with self.lock:
            for f in self.queue:
                if f.count > 0 and f.matches(method, path, body):
                    if f.skip > 0:
                        f.skip -= 1
                        return None
                    f.count -= 1
                    if f.count <= 0:
                        self.queue.remove(f)
                    return f
        return None

    def describe(self):
        with self.lock:
            return [dict(f.spec, remaining=f.count, skip=f.skip) for f in self.queue]

    def pending(self):
        with self.lock:
            return sum(f.count for f in self.queue)

    def clear(self):
        with self.lock:
            self.queue.clear()


class RateLimiter:
    """Halo's limit: N requests per rolling window, answered with 429."""

    def __init__(self, config):
        self.config = config      # rate_limit, rate_window, retry_after
        self.lock = threading.Lock()
        self.times = collections.deque()

    def check(self):
        """Rolling window: the (N+1)th request inside the window is refused.
        Only accepted requests count, so Retry-After is exactly the time until
        the oldest of them leaves the window.  None when the request may pass."""
        limit, window = self.config["rate_limit"], float(self.config["rate_window"])
        now = time.monotonic()
        with self.lock:
            while self.times and self.times[0] <= now - window:
                self.times.popleft()
            if limit and len(self.times) >= limit:
                wait = max(1, math.ceil(self.times[0] + window - now))
            else:
                self.times.append(now)
                return None
        w = int(window)
        span = "%d minute" % (w // 60) if w % 60 == 0 and w >= 60 else "%d second" % w
        headers = [("Retry-After", str(wait))] if self.config["retry_after"] else []
        return Response.json(429, {"error": "Rate Limit Reached - %d Requests per rolling %s "
                                            "window" % (limit, span)}, headers)

    def reset(self):
        """Forgets the window: a test sets a limit and starts from zero."""
        with self.lock:
            n = len(self.times)
            self.times.clear()
        return n


class RequestLog:
    """Every /auth and /api request as received, for GET /_emulator/requests."""

    LOG_MAX = 100_000  # oldest entries are dropped beyond this

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = collections.deque(maxlen=self.LOG_MAX)
        self.seen = 0
        self.in_flight = 0        # requests being served now
        self.max_in_flight = 0    # the most at once since the log was cleared

    def record(self, method, path, query, headers, body):
        """Logs one request; the handler fills in entry["status"] later."""
        hdrs = {}
        for k, v in headers.items():
            if k.lower() == "authorization":
                scheme = v.split(" ", 1)[0] if v else ""
                v = "%s ***" % scheme if scheme else "***"
            hdrs[k] = v
        text = body.decode("utf-8", "replace")
        if path.lower().rstrip("/").endswith(("/auth/token", "/auth/authorize")):
            # The client secret and an agent's password are masked so test
            # logs never hold them; the other form fields are kept exactly
            # as sent so tests can check them.
            text = re.sub(r"(^|&)(client_secret=|password=)[^&]*", r"\1\2***", text)
        # "t": when the request arrived (before latency), in seconds on the
        # machine's monotonic clock, which halotui's trace also uses.
        entry = {"method": method, "path": path, "query": query,
                 "params": urllib.parse.parse_qs(query, keep_blank_values=True),
                 "headers": hdrs, "body": text, "status": None,
                 "t": time.monotonic()}
        with self.lock:
            self.entries.append(entry)
            self.seen += 1
        return entry

    def begin(self):
        """A request is being served (latency and faults included)."""
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def end(self):
        with self.lock:
            self.in_flight -= 1

    def snapshot(self):
        with self.lock:
            return [dict(e) for e in self.entries]

    def clear(self):
        with self.lock:
            n = len(self.entries)
            self.entries.clear()
            self.max_in_flight = self.in_flight
        return n

    def counts(self):
        """(requests seen since start, requests still logged)."""
        with self.lock:
            return self.seen, len(self.entries)


class Control:
    """/_emulator/...: the knobs tests turn."""

    def __init__(self, emu, server):
        self.emu = emu
        self.server = server      # for POST /_emulator/shutdown

    def handle(self, method, path, body):
        emu = self.emu
        # token_history and token-history name the same endpoint.
        name = path.lower().rstrip("/")[len("/_emulator"):].strip("/").replace("_", "-")
        try:
            data = json.loads(body.decode("utf-8")) if body.strip() else {}
        except (UnicodeDecodeError, ValueError):
            return Response.json(400, {"error": "body is not JSON"})
        if name == "requests" and method == "GET":
            return Response.json(200, emu.log.snapshot())
        if name == "requests" and method == "DELETE":
            return Response.json(200, {"cleared": emu.log.clear()})
        if name == "config" and method == "GET":
            return Response.json(200, emu.config)
        if name == "config" and method == "POST":
            return self.set_config(data)
        if name == "faults":
            return self.faults(method, data)
        if name == "tokens" and method == "GET":
            return Response.json(200, {"issued": emu.tokens.history(),
                                       "refresh": emu.login.refresh_history()})
        if name in ("logins", "revoke-refresh", "token-history", "apps"):
            return self.login_control(name, method, data)
        if name == "rate" and method == "DELETE":
            return Response.json(200, {"forgotten": emu.rate.reset()})
        if name == "expire-tokens" and method == "POST":
            return Response.json(200, {"expired": emu.tokens.expire_all()})
        if name == "stats" and method == "GET":
            with emu.api.lock:
                live = emu.api.tickets.live_count()
            issued, active = emu.tokens.counts()
            refresh = emu.login.active_refresh()
            seen, logged = emu.log.counts()
            return Response.json(200, {"tokens_issued": issued, "requests": seen,
                                       "logged": logged, "active_tokens": active,
                                       "active_refresh_tokens": refresh,
                                       "connections": self.server.connections(),
                                       "faults_pending": emu.faults.pending(),
                                       "max_in_flight": emu.log.max_in_flight,
                                       "tickets": live})
        if name == "shutdown" and method == "POST":
            threading.Thread(target=self.server.shutdown, daemon=True).start()
            return Response.json(200, {"shutdown": True})
        return Response.json(404, {"error": "unknown control endpoint %s %s" % (method, path)})

    def set_config(self, data):
        """Every key must exist already; numbers must be >= 0."""
        emu = self.emu
        if not isinstance(data, dict):
            return Response.json(400, {"error": "config must be an object"})
        new = dict(emu.config)
        for k, v in data.items():
            if k not in new:
                return Response.json(400, {"error": "unknown config key %s" % k})
            if k == "authinfo_url":
                if not isinstance(v, str):
                    return Response.json(400, {"error": "authinfo_url must be a string"})
                new[k] = v
            elif k == "redirect_uris":
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    return Response.json(400, {"error": "redirect_uris must be a list of URIs"})
                new[k] = list(v)
            elif k in ("retry_after", "sees_nothing", "tenant_required"):
                new[k] = bool(v)
            elif k == "forbidden":
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    return Response.json(400, {"error": "forbidden must be a list of names"})
                new[k] = [x.lower() for x in v]
            else:
                n = num(v)
                if n is None or n < 0:
                    return Response.json(400, {"error": "%s must be a number >= 0" % k})
                new[k] = int(n) if k != "rate_window" else n
        if new["default_page_size"] < 1:
            return Response.json(400, {"error": "default_page_size must be >= 1"})
        emu.config.update(new)  # in place: the limiter and the token issuer share it
        return Response.json(200, emu.config)

    def login_control(self, name, method, data):
        """Per-agent login (oauth.py):
          GET  logins          [{agent_id, name, username, password}] of the
                               agents that can log in
          POST logins          {"agent_id": N, "password": "..."} sets one
          POST revoke-refresh  {} revokes every refresh token;
                               {"refresh_token": T} or {"agent_id": N} some
          GET/DELETE token-history   every /auth/token request: grant_type,
                               client_id, status, error, agent_id, ...
          GET  apps            the two applications and their grants"""
        emu = self.emu
        login = emu.login
        if not isinstance(data, dict):
            return Response.json(400, {"error": "body must be an object"})
        if name == "logins" and method == "GET":
            return Response.json(200, login.logins.listing())
        if name == "logins" and method == "POST":
            aid, pw = data.get("agent_id"), data.get("password")
            if not isinstance(aid, int) or isinstance(aid, bool) or not isinstance(pw, str) \
                    or login.logins.agent(aid) is None:
                return Response.json(400, {"error": "agent_id (an agent) and password "
                                                    "(a string) are required"})
            login.logins.set_password(aid, pw)
            return Response.json(200, {"agent_id": aid, "password": pw})
        if name == "revoke-refresh" and method == "POST":
            return Response.json(200, {"revoked": login.revoke_refresh(
                data.get("refresh_token"), data.get("agent_id"))})
        if name == "token-history" and method == "GET":
            return Response.json(200, emu.tokens.grants())
        if name == "token-history" and method == "DELETE":
            return Response.json(200, {"cleared": emu.tokens.clear_grants()})
        if name == "apps" and method == "GET":
            args = emu.args
            apps = [{"client_id": args.client_id, "grants": ["client_credentials"],
                     "agent_id": ME_AGENT, "public": False}]
            grants = ["password", "authorization_code", "refresh_token"]
            if args.login_client_id == args.client_id:
                apps[0]["grants"] += grants
            else:
                apps.append({"client_id": args.login_client_id, "grants": grants,
                             "agent_id": None, "public": not args.login_client_secret})
            return Response.json(200, apps)
        return Response.json(405, {"error": "method not allowed"})

    def faults(self, method, data):
        faults = self.emu.faults
        if method == "GET":
            return Response.json(200, faults.describe())
        if method == "DELETE":
            faults.clear()
            return Response.json(200, {"cleared": True})
        if method != "POST":
            return Response.json(405, {"error": "method not allowed"})
        specs = data if isinstance(data, list) else [data]
        try:
            new = [Fault(s) for s in specs]
        except (ValueError, TypeError, re.error) as e:
            return Response.json(400, {"error": str(e)})
        faults.add(new)
        return Response.json(200, {"queued": len(new)})
