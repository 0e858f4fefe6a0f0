"""labkit._handling: how each accepted client is served (the article's reply, or a handler)."""

from __future__ import annotations

import ast
import socket
import threading
from pathlib import Path

import labkit
from labkit import _handling
from labkit._events import EventLog

LABKIT = Path(labkit.__file__).parent


def _code_strings(path: Path) -> list[str]:
    """String constants of a module's code, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    strings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            strings.append(node.value)
    return strings


def test_the_article_reply():
    assert _handling.ARTICLE_REPLY.format(3) == "Server accessed.(3)"


def test_one_copy_of_the_default_reply():
    # The reply is written once, in ARTICLE_REPLY; the server module has no copy.
    assert [s for s in _code_strings(LABKIT / "_handling.py") if "accessed" in s] \
        == ["Server accessed.({})"]
    assert not [s for s in _code_strings(LABKIT / "_server.py") if "accessed" in s]


def _pair():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        client = socket.create_connection(listener.getsockname(), timeout=2)
        conn, addr = listener.accept()
    return client, conn, addr


def test_serve_replies_logs_and_closes():
    log = EventLog()
    client, conn, addr = _pair()
    with client:
        _handling.ClientService(None, log, 1.0).serve(conn, addr, 7)
        assert client.recv(100) == b"Server accessed.(7)" and client.recv(100) == b""
    assert [(e.kind, e.access, e.data) for e in log.events] == [
        ("send", 7, "Server accessed.(7)"), ("close", 7, "")]


def test_stop_closes_queued_clients_unserved():
    log, release, started = EventLog(), threading.Event(), threading.Event()

    def slow(client, addr):
        started.set()
        release.wait(5)

    service = _handling.ClientService(slow, log, 1.0, workers=1)
    pairs = [_pair() for _ in range(3)]
    for n, (_, conn, addr) in enumerate(pairs, start=1):
        service.serve(conn, addr, n)
    assert started.wait(5)
    service.interrupt()
    release.set()
    service.stop(timeout=5)
    closed = sorted(e.access for e in log.events if e.kind == "close")
    assert closed == [1, 2, 3]
    for client, _, _ in pairs[1:]:  # never served: closed without a byte
        assert client.recv(100) == b""
        client.close()
    pairs[0][0].close()
