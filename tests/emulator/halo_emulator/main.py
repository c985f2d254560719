# SPDX-License-Identifier: MIT
"""The command line: parse and check the options, build the tenant, bind
the server on loopback, print "PORT n" and serve until the time is up or the
parent process is gone, so a crashed test or a killed halotui never leaves
an emulator behind."""

import argparse
import ipaddress
import os
import sys
import threading
import time

from . import tls
from .emulator import Emulator
from .server import Server
from .ticketgen import TicketGenerator
from .tickets import TicketStore
from .world import World


def parse_args(argv):
    p = argparse.ArgumentParser(description="HaloPSA emulator for halotui tests and demos.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tickets", type=int, default=5000)
    p.add_argument("--client-id", default="halotui-demo")
    p.add_argument("--client-secret", default="demo-secret")
    p.add_argument("--tenant", default="demo")
    p.add_argument("--login-client-id", default="halotui-login")
    p.add_argument("--login-client-secret", default="")
    p.add_argument("--latency-ms", type=int, default=0)
    p.add_argument("--token-lifetime", type=int, default=3600)
    p.add_argument("--refresh-token-lifetime", type=int, default=30 * 86400)
    p.add_argument("--rate-limit", type=int, default=0)
    p.add_argument("--rate-window", type=float, default=300)
    p.add_argument("--no-retry-after", action="store_true")
    p.add_argument("--default-page-size", type=int, default=50)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--timeout", type=float, default=3600)
    p.add_argument("--parent-pid", type=int, default=0)
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args(argv)
    host = "127.0.0.1" if args.host == "localhost" else args.host
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        p.error("--host must be a loopback address (got %s): the emulator has no real "
                "security and must not be reachable from other machines" % args.host)
    args.host = host
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.tickets < 0 or args.tickets > 5_000_000:
        p.error("--tickets must be between 0 and 5000000")
    if args.refresh_token_lifetime < 0:
        p.error("--refresh-token-lifetime must be >= 0")
    if args.default_page_size < 1:
        p.error("--default-page-size must be >= 1")
    return args


def parent_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # an unreaped zombie still answers kill(0); /proc knows better
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def watchdog(args, ppid):
    """Exit when the time is up or the parent is gone, checked every second."""
    deadline = time.monotonic() + args.timeout if args.timeout > 0 else None
    while True:
        time.sleep(1.0)
        if deadline is not None and time.monotonic() >= deadline:
            break
        if os.getppid() != ppid:
            break
        if args.parent_pid and not parent_alive(args.parent_pid):
            break
    os._exit(0)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    world = World(args.seed)
    world.index()
    tickets = TicketStore(world, args.tickets, args.seed)
    if args.tickets >= TicketGenerator.BIG:
        tickets.gen.summaries()  # build the table before the first request
    emu = Emulator(args, world, tickets)
    server = Server((args.host, args.port), emu, verbose=args.verbose)
    if args.tls_cert:
        server.tls = tls.server_context(args.tls_cert, args.tls_key)
    emu.port = server.server_address[1]
    threading.Thread(target=watchdog, args=(args, os.getppid()), daemon=True).start()
    sys.stdout.write("PORT %d\n" % emu.port)
    sys.stdout.flush()
    if args.verbose:
        sys.stderr.write("halo-emulator: %s, %d tickets, seed %d\n"
                         % (emu.base_url(), args.tickets, args.seed))
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    server.server_close()
    return 0
