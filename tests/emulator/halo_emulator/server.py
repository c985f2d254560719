# SPDX-License-Identifier: MIT
"""HTTP/1.1 with keep-alive over the standard library's threading server:
reading bodies (Content-Length or chunked), applying latency and faults,
and writing each reply in one piece."""

import socket
import sys
import threading
import time
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import tls
from .control import Control
from .protocol import Response


class ReplyWriter:
    """The handler's wfile.  It keeps what one reply writes (the status line
    and headers from end_headers(), then the body) and sends it with a single
    sendall() at flush(), which the base class calls after every request.
    Written separately, the body of a small reply waits in Nagle's buffer
    for the client's delayed ACK of the headers: about 40 ms a request on a
    reused connection."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = bytearray()
        self.closed = False

    def write(self, data):
        self.buf += data
        return len(data)

    def flush(self):
        data, self.buf = self.buf, bytearray()
        if data:
            self.sock.sendall(data)

    def close(self):
        self.closed = True


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # keep-alive; every answer has Content-Length
    server_version = "HaloEmulator/1.0"
    sys_version = ""
    MAX_BODY = 48 * 1024 * 1024   # a 32 MB attachment in base64
    # TCP_NODELAY too: a reply bigger than one segment must not have its
    # last, short segment held back either.
    disable_nagle_algorithm = True

    def setup(self):
        super().setup()
        self.wfile = ReplyWriter(self.connection)

    def handle_expect_100(self):
        # "100 Continue" must reach the client now: it waits for it before
        # it sends the body we are about to read.
        ok = super().handle_expect_100()
        self.wfile.flush()
        return ok

    def do_GET(self):
        try:
            self.dispatch()
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client hung up first

    do_POST = do_DELETE = do_PUT = do_PATCH = do_GET

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("halo-emulator: %s %s\n" % (self.address_string(), fmt % args))

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts = []
            size = 0
            while True:
                line = self.rfile.readline(1024)
                n = int(line.split(b";")[0].strip() or b"0", 16)
                if n == 0:
                    while self.rfile.readline(1024).strip():
                        pass
                    break
                size += n
                if size > self.MAX_BODY:
                    raise ValueError("body too large")
                parts.append(self.rfile.read(n))
                self.rfile.readline(1024)
            return b"".join(parts)
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > self.MAX_BODY:
            raise ValueError("bad Content-Length")
        return self.rfile.read(length) if length else b""

    def dispatch(self):
        emu = self.server.emu
        try:
            body = self.read_body()
        except (ValueError, OSError):
            self.close_connection = True
            self.send(Response.json(400, {"error": "bad request body"}))
            return
        split = urllib.parse.urlsplit(self.path)
        path, query = split.path, split.query
        if path.lower().rstrip("/").startswith("/_emulator"):
            self.send(self.server.control.handle(self.command, path, body))
            return
        entry = emu.log.record(self.command, path, query, self.headers, body)
        emu.log.begin()
        try:
            self.serve(emu, entry, path, query, body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            traceback.print_exc(file=sys.stderr)
            entry["status"] = 500
            self.send(Response.json(500, {"ClassName": "System.Exception",
                                          "Message": "emulator error"}))
        finally:
            emu.log.end()

    def serve(self, emu, entry, path, query, body):
        """Latency, then a queued fault or the rate limit, then the answer."""
        latency = emu.config["latency_ms"]
        if latency:
            time.sleep(latency / 1000.0)
        fault = emu.faults.take(self.command, path, body)
        if fault and fault.kind == "drop":
            if fault.apply:
                params = urllib.parse.parse_qs(query, keep_blank_values=True)
                emu.rate.check() or emu.serve(self.command, path, params,
                                              self.headers, body)
            entry["status"] = 0
            self.hard_close()
            return
        if fault and fault.kind == "stall":
            time.sleep(fault.stall_ms / 1000.0)
        if fault and fault.kind == "huge":
            entry["status"] = 200
            self.send_huge(fault.size, fault.chunked)
            return
        if fault and fault.kind == "status":
            resp = fault.response(self.headers)
        else:
            params = urllib.parse.parse_qs(query, keep_blank_values=True)
            resp = emu.rate.check() or emu.serve(self.command, path, params, self.headers, body)
        if fault and fault.kind == "malformed":
            bad = fault.body if fault.body is not None else \
                '{"record_count":3,"tickets":[{"id":1,"summary":"cut here'
            resp = Response(200, str(bad).encode("utf-8"))
        entry["status"] = resp.status
        self.send(resp, truncate=bool(fault and fault.kind == "truncate"))

    def send(self, resp, truncate=False):
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.ctype)
        self.send_header("Content-Length", str(len(resp.body)))
        for k, v in resp.headers:
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if truncate:
            # Announce everything, send half, hang up: a short read.
            self.wfile.write(resp.body[:len(resp.body) // 2])
            self.wfile.flush()
            self.hard_close()
            return
        self.wfile.write(resp.body)

    def send_huge(self, size, chunked):
        """size bytes of "0", written as they go: the reply is never held
        in memory whole, and a client that stops reading ends it.  With
        chunked, no length is announced: the client finds out by reading."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        self.wfile.flush()
        chunk = b"0" * 65536
        left = size
        try:
            while left > 0:
                n = min(left, len(chunk))
                data = chunk[:n]
                if chunked:
                    data = b"%x\r\n%s\r\n" % (n, data)
                self.connection.sendall(data)
                left -= n
            if chunked:
                self.connection.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the client gave up: that is the point
        self.close_connection = True

    def hard_close(self):
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address, emu, tls_context=None, verbose=False):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.emu = emu
        self.control = Control(emu, self)
        self.tls = tls_context
        self.verbose = verbose
        self._connections = 0
        self._conn_lock = threading.Lock()

    def connections(self):
        """Connections accepted so far, those that failed their TLS
        handshake or never sent a request included: the one count of
        attempts that the request log cannot see."""
        with self._conn_lock:
            return self._connections

    def handle_error(self, request, client_address):
        if self.verbose:
            super().handle_error(request, client_address)

    def get_request(self):
        sock, addr = super().get_request()
        with self._conn_lock:
            self._connections += 1
        if self.tls:
            sock = tls.wrap(self.tls, sock)
        return sock, addr
