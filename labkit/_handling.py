"""Serving one accepted client: the article's reply, or your handler, logged.

:class:`LabServer`'s loop accepts; a :class:`ClientService` serves each client it
hands over, in the server thread or, with ``workers``, in worker threads.  With
no handler it sends the article's reply; a handler gets a socket whose calls
(recv, send, close) become events, and whatever it prints goes to the log, not
into another cell (pitfall 4).  A handler that raises is logged with the
client's address and the server keeps serving, as ``socketserver`` does.
"""

from __future__ import annotations

import queue
import socket
import threading
from collections.abc import Callable
from typing import Any

from ._capture import captured
from ._events import EventLog, preview

__all__ = ["ARTICLE_REPLY", "ClientService", "Handler"]

Handler = Callable[[socket.socket, Any], None]

#: The article's reply to its n-th client, ``ARTICLE_REPLY.format(n)`` (001 sends it in UTF-8).
ARTICLE_REPLY = "Server accessed.({})"


class ClientService:
    """Serves the clients a server accepted, until :meth:`stop`."""

    def __init__(self, handler: Handler | None, log: EventLog, client_timeout: float | None,
                 workers: int = 0) -> None:
        self._handler = handler
        self._log = log
        self._client_timeout = client_timeout
        self._stopping = False
        self._active: set[socket.socket] = set()  # clients that handlers are serving
        self._active_lock = threading.Lock()
        self._queue: queue.SimpleQueue[tuple[socket.socket, tuple, int] | None] | None = None
        self._workers: list[threading.Thread] = []
        # Chosen once: the server's loop calls serve() for every client.
        self._serve_now = self._reply if handler is None else self._run_handler
        #: ``serve(conn, addr, n)``: serve client ``n`` now, or queue it for a worker;
        #: ``conn`` is closed when done.
        self.serve: Callable[[socket.socket, tuple, int], None] = (
            self._enqueue if workers else self._serve_now)
        if workers:
            self._queue = queue.SimpleQueue()
            self._workers = [threading.Thread(target=self._work, daemon=True,
                                              name=f"labkit-worker-{i}") for i in range(workers)]
            for worker in self._workers:
                worker.start()

    def interrupt(self) -> None:
        """Disconnect the clients being served (a handler blocked in recv() returns);
        clients still queued will be closed unserved.  Returns at once."""
        self._stopping = True
        with self._active_lock:
            for conn in self._active:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self, timeout: float) -> None:
        """Interrupt, then wait for each worker (at most ``timeout`` s); close what is queued."""
        self.interrupt()
        if self._queue is None:
            return
        for _ in self._workers:
            self._queue.put(None)
        for worker in self._workers:
            if worker is not threading.current_thread():
                worker.join(timeout)
        while not self._queue.empty():  # left by a worker that did not end in time
            item = self._queue.get()
            if item is not None:
                self._close_unserved(*item)

    def _work(self) -> None:
        assert self._queue is not None
        while (item := self._queue.get()) is not None:
            if self._stopping:
                self._close_unserved(*item)
            else:
                self._serve_now(*item)

    def _enqueue(self, conn: socket.socket, addr: tuple, n: int) -> None:
        assert self._queue is not None
        self._queue.put((conn, addr, n))

    def _close_unserved(self, conn: socket.socket, addr: tuple, n: int) -> None:
        self._log.record("close", n, addr)
        conn.close()

    def _reply(self, conn: socket.socket, addr: tuple, n: int) -> None:
        """The article's loop body, without its prints: send the reply, log, close.

        No timeout needed: a reply this short fits in a new connection's empty send
        buffer, so sendall() never waits.
        """
        reply, record = ARTICLE_REPLY.format(n), self._log.record
        try:
            conn.sendall(reply.encode("utf-8"))
            record("send", n, addr, reply)
        except OSError as exc:
            record("error", n, addr, f"{type(exc).__name__}: {exc}")
        record("close", n, addr)  # first: the log is complete when the client sees EOF
        conn.close()

    def _run_handler(self, conn: socket.socket, addr: tuple, n: int) -> None:
        """Call the handler with a socket that logs its calls, its prints captured."""
        assert self._handler is not None
        conn.settimeout(self._client_timeout)

        def record(kind: str, data: str) -> None:
            self._log.record(kind, n, addr, data)

        traced = _TracedSocket(conn, record)
        with self._active_lock:
            self._active.add(conn)
        try:
            with captured(lambda line: record("print", line)):
                self._handler(traced, addr)  # type: ignore[arg-type]
        except Exception as exc:
            record("error", f"{type(exc).__name__}: {exc}")
        finally:
            with self._active_lock:
                self._active.discard(conn)
            traced.close()


class _TracedSocket:
    """The client socket a handler receives: records recv/send/close as events."""

    def __init__(self, sock: socket.socket, record: Callable[[str, str], None]) -> None:
        self._sock = sock
        self._record = record
        self.closed_by_handler = False

    def recv(self, bufsize: int, *flags: int) -> bytes:
        data = self._sock.recv(bufsize, *flags)
        self._record("recv", preview(data))
        return data

    def sendall(self, data: bytes, *flags: int) -> None:
        self._sock.sendall(data, *flags)
        self._record("send", preview(data))

    def send(self, data: bytes, *flags: int) -> int:
        sent = self._sock.send(data, *flags)
        self._record("send", preview(data[:sent]))
        return sent

    def close(self) -> None:
        if not self.closed_by_handler:
            self.closed_by_handler = True
            self._record("close", "")  # first: once closed, the client may read the log
            self._sock.close()

    def __enter__(self) -> _TracedSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return repr(self._sock)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)
