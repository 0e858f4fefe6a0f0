"""The servers the benchmark compares, behind one small interface, and the clients.

Every peer sends the same reply, ``Server accessed.(N)``, N counting from 1:

- ``LabServer``: labkit's server with its default handler;
- ``article (a)``: the article's 001 loop as written, its prints discarded
  (:class:`labkit.ArticleServer` with ``prints="discard"``, ``listen(2)``);
- ``article (b)``: the same loop without the prints;
- ``ThreadingTCPServer``: :mod:`socketserver` with a thread per connection.
"""

from __future__ import annotations

import re
import socket
import socketserver
import threading
from collections.abc import Callable

import labkit

__all__ = ["PEERS", "Peer", "article_client", "fetch_client", "reply_count"]

_COUNT = re.compile(rb"^Server accessed\.\((\d+)\)$")


def reply_count(reply: bytes) -> int | None:
    """N from ``Server accessed.(N)``, or None if the reply is anything else."""
    match = _COUNT.match(reply)
    return int(match.group(1)) if match else None


def article_client(address: tuple[str, int], timeout: float = 5.0) -> bytes:
    """The article's client (002) made correct: connect, read until the server closes."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
        client.settimeout(timeout)
        client.connect(address)
        chunks = []
        while True:
            chunk = client.recv(4096)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def fetch_client(address: tuple[str, int], timeout: float = 5.0) -> bytes:
    """labkit's own client, what a learner's notebook calls."""
    return labkit.fetch_bytes(*address, timeout=timeout)


class Peer:
    """One server to measure: ``start()`` returns its address, ``stop()`` frees it."""

    name = ""

    def start(self) -> tuple[str, int]:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def served(self) -> int:
        """How many clients the server says it served."""
        raise NotImplementedError


class LabPeer(Peer):
    name = "LabServer"

    def start(self) -> tuple[str, int]:
        self.server = labkit.LabServer(port=0).start()
        return self.server.address

    def stop(self) -> None:
        self.server.stop()

    def served(self) -> int:
        return self.server.count


class ArticlePeer(Peer):
    def __init__(self, prints: str) -> None:
        self.prints = prints
        self.name = "article (a) prints discarded" if prints == "discard" else \
            "article (b) no prints"

    def start(self) -> tuple[str, int]:
        self.server = labkit.ArticleServer(port=0, prints=self.prints).start()
        return self.server.address

    def stop(self) -> None:
        self.server.stop()

    def served(self) -> int:
        return len(self.server.counts)


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        server: _ThreadingServer = self.server  # type: ignore[assignment]
        with server.lock:  # handlers run in parallel threads: count under a lock
            server.access += 1
            n = server.access
        self.request.sendall(f"Server accessed.({n})".encode())


class _ThreadingServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    access = 0
    lock = threading.Lock()


class ThreadingPeer(Peer):
    name = "socketserver.ThreadingTCPServer"

    def start(self) -> tuple[str, int]:
        self.server = _ThreadingServer(("127.0.0.1", 0), _Handler)
        self.server.lock = threading.Lock()
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()
        return self.server.server_address[:2]  # type: ignore[return-value]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5.0)

    def served(self) -> int:
        return self.server.access


#: Name -> factory, in the order the report lists them.
PEERS: dict[str, Callable[[], Peer]] = {
    "LabServer": LabPeer,
    "article (a) prints discarded": lambda: ArticlePeer("discard"),
    "article (b) no prints": lambda: ArticlePeer("none"),
    "socketserver.ThreadingTCPServer": ThreadingPeer,
}
