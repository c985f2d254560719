# SPDX-License-Identifier: MIT
"""HTTPS, for the tests of certificate handling: a server context from
--tls-cert and --tls-key, and the wrapping of each accepted connection."""

import ssl


def server_context(cert_file, key_file):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_file, key_file)
    return ctx


def wrap(ctx, sock):
    # The handshake happens in the handler thread (on first read), so a
    # client that connects and says nothing cannot block accept().
    return ctx.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
