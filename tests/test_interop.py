"""The kit against clients and servers written the way other tutorials write them.

Learners bring code from elsewhere: the best-known Python socket tutorial's
selectors client (it never half-closes), ``nc`` (a line at a time), the article's
own 002 client (one ``recv(4096)``), and the ``socketserver`` examples of the
Python docs.  Each must work with the kit, or fail with a sentence, never hang.
"""

from __future__ import annotations

import selectors
import socket
import socketserver
import threading
import time

import pytest

import labkit

LIMIT = 3.0  # every client here gives up after this many seconds


def serve(handler=None, **options):
    return labkit.LabServer(port=0, handler=handler, **options).start()


def selectors_client(address, messages, limit=LIMIT):
    """The tutorial's multi-connection client: two connections, each sends its messages
    and waits for as many bytes back, without ever half-closing."""
    sel = selectors.DefaultSelector()
    expected = sum(len(m) for m in messages)
    state = {}
    for i in range(2):
        sock = socket.create_connection(address, timeout=limit)
        sock.setblocking(False)
        sel.register(sock, selectors.EVENT_READ | selectors.EVENT_WRITE, data=i)
        state[i] = {"out": list(messages), "got": b"", "sock": sock}
    deadline = time.monotonic() + limit
    try:
        while any(len(s["got"]) < expected for s in state.values()):
            if time.monotonic() > deadline:
                break
            for key, mask in sel.select(timeout=0.1):
                s = state[key.data]
                if mask & selectors.EVENT_READ:
                    chunk = s["sock"].recv(1024)
                    if not chunk:
                        sel.unregister(s["sock"])
                        s["got"] += b"<EOF>"
                        continue
                    s["got"] += chunk
                if mask & selectors.EVENT_WRITE and s["out"]:
                    s["sock"].sendall(s["out"].pop(0))
        return [s["got"] for s in state.values()]
    finally:
        sel.close()
        for s in state.values():
            s["sock"].close()


def line_client(address, line, limit=LIMIT):
    """Like ``nc``: send one line, print the line that comes back (or what came before EOF)."""
    with socket.create_connection(address, timeout=limit) as sock:
        sock.sendall(line)
        got = b""
        while not got.endswith(b"\n"):
            chunk = sock.recv(1024)
            if not chunk:
                break
            got += chunk
        return got


def article_client(address, limit=LIMIT):
    """The article's 002: connect, one recv(4096), decode, close."""
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client.settimeout(limit)
    client.connect(address)
    try:
        return client.recv(4096).decode("utf-8")
    finally:
        client.close()


@pytest.mark.parametrize("factory, reply", [
    (labkit.echo_handler, [b"hello", b" world"]),
    (labkit.upper_handler, [b"HELLO", b" WORLD"]),
])
def test_a_selectors_client_that_never_half_closes_gets_its_echo(factory, reply):
    with serve(factory(), concurrent=True, workers=2) as srv:
        got = selectors_client(srv.address, [b"hello", b" world"])
    assert got == [b"".join(reply)] * 2


@pytest.mark.parametrize("handler, reply", [
    (labkit.echo_handler(), b"hello\n"),
    (labkit.upper_handler(), b"HELLO\n"),
    (None, b"Server accessed.(1)"),  # the article's reply has no newline: nc shows it at EOF
])
def test_a_line_client_like_nc_gets_its_line(handler, reply):
    with serve(handler) as srv:
        assert line_client(srv.address, b"hello\n") == reply


@pytest.mark.parametrize("handler, reply", [
    (None, "Server accessed.(1)"),
    (labkit.slow_handler(delay=0.1), "Server accessed.(1)"),
    (labkit.two_messages_handler("a", "b"), None),  # "a" or "ab": one recv, no boundary
    (labkit.chunked_handler("Hello, TCP!", chunk_size=5, delay=0.2), "Hello"),
    # These wait for the client to speak; 002 never does: the server gives up after
    # client_timeout and closes, so the client's one recv returns "" (EOF).
    (labkit.echo_handler(), ""),
    (labkit.upper_handler(), ""),
    (labkit.reply_after_eof_handler(), ""),
    (labkit.reset_handler(), ""),
])
def test_the_articles_client_against_each_handler(handler, reply):
    with serve(handler, client_timeout=0.3) as srv:
        got = article_client(srv.address)
    if reply is None:
        assert got in ("a", "ab")
    else:
        assert got == reply


class _EchoHandler(socketserver.BaseRequestHandler):
    """The Python docs' shape: one recv, send it back; socketserver closes after."""

    def handle(self):
        self.request.sendall(self.request.recv(1024))


@pytest.fixture
def plain_echo():
    server = socketserver.TCPServer(("127.0.0.1", 0), _EchoHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.server_address
    finally:
        server.shutdown()
        server.server_close()
        thread.join(LIMIT)


def test_fetch_with_send_against_a_socketserver_echo(plain_echo):
    # fetch sends, half-closes, and reads until the server closes: that is all this needs.
    assert labkit.fetch(*plain_echo, send="hello", timeout=LIMIT) == "hello"


def test_fetch_without_send_against_a_socketserver_echo_times_out_with_a_sentence(plain_echo):
    # The echo waits for the client to speak, and fetch waits for the server: the
    # timeout ends it, with a sentence naming the address, never a hang.
    started = time.monotonic()
    with pytest.raises(TimeoutError, match=str(plain_echo[1])):
        labkit.fetch(*plain_echo, timeout=0.3)
    assert time.monotonic() - started < LIMIT
