"""Serving one accepted client: the article's reply, or your handler, logged.

:class:`LabServer`'s loop accepts; a :class:`ClientService` serves each client it
hands over, in the server thread or, with ``workers``, in worker threads.  With
no handler it sends the article's reply; a handler gets a socket whose calls
(recv, send, close) become events, and whatever it prints goes to the log, not
into another cell (pitfall 4).  A handler that raises is logged with the
client's address and the learner's own frames (file, line, code line; none of
labkit's), and the server keeps serving, as ``socketserver`` does.

Stopping (:meth:`ClientService.stop`): a handler waiting for input sees EOF at
once (``shutdown(SHUT_RD)``), a handler that is answering may finish for
:data:`GRACE` seconds, then every client still served is disconnected
(``shutdown(SHUT_RDWR)``: a blocked ``recv``/``send`` returns) and its thread is
awaited for ``timeout`` seconds.  A handler that ignores its closed socket (a
``time.sleep``, a busy loop) cannot be interrupted by anyone: its thread ends
when the handler returns, and serves nobody after that.
"""

from __future__ import annotations

import inspect
import os
import queue
import socket
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from typing import Any

from . import _handlers
from ._capture import captured
from ._events import EventLog, preview
from ._i18n import t
from ._wire import close_with_reset, drain

__all__ = ["ARTICLE_REPLY", "GRACE", "ClientService", "Handler", "check_handler",
           "learner_traceback"]

Handler = Callable[[socket.socket, Any], None]

#: The article's reply to its n-th client, ``ARTICLE_REPLY.format(n)`` (001 sends it in UTF-8).
ARTICLE_REPLY = "Server accessed.({})"
#: Seconds stop() lets a handler that is answering finish before disconnecting it.
GRACE = 0.5
#: How many answered connections stay open (half-closed) before the oldest is closed.
#: Closing a socket whose client sent something the server never read makes the OS
#: reset the connection, and the client may lose the reply it has not read yet
#: (DESIGN.md: fetch(send=...) against the article's reply lost it 200 times out of
#: 200).  So the server half-closes at once (the client reads the reply, then EOF)
#: and closes that socket a few clients later, when the client has read everything;
#: waiting for each client's own close instead would cost the loop ~20% of its rate.
#: A client that already sent something is read (bounded, ``drain``) and closed at
#: once, so a client sending more than a buffer's worth is never left blocked.
LINGER = 8
#: ... and at most this many seconds: a client that keeps sending is then reset, not
#: left blocked in sendall() until more clients come.
LINGER_SECONDS = 0.5
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def check_handler(handler: object) -> Handler | None:
    """``handler`` if it can serve as ``handler(client, addr)``; else a TypeError sentence.

    The kit's factories (``echo_handler`` ...) are the usual slip: they make a
    handler when called, so ``handler=echo_handler`` would fail for every client.
    """
    if handler is None:
        return None
    if not callable(handler):
        raise TypeError(t("bad_type", name="handler", expected="a function handler(client, addr)",
                          value=handler, typename=type(handler).__name__,
                          example="handler=my_function"))
    name = getattr(handler, "__name__", repr(handler))
    if handler in _handlers.FACTORIES:
        raise TypeError(t("handler_uncalled", name=name))
    try:
        inspect.signature(handler).bind(None, None)
    except TypeError as exc:
        raise TypeError(t("handler_signature", name=name, cause=exc)) from None
    except ValueError:  # no signature to read (some built-ins): let it run
        pass
    return handler  # type: ignore[return-value]


def learner_traceback(exc: BaseException) -> str:
    """``Type: message``, then the frames of the learner's code (file, line, code line),
    without labkit's own frames, most recent call last, as Python prints them."""
    lines = [f"{type(exc).__name__}: {exc}"]
    for frame in traceback.extract_tb(exc.__traceback__):
        if os.path.abspath(frame.filename).startswith(_PACKAGE_DIR):
            continue
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line}")
    return "\n".join(lines)


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
        self._lingering: deque[tuple[float, socket.socket]] = deque()  # see LINGER
        self._stopped = threading.Event()
        self._closer: threading.Thread | None = None  # runs while something lingers
        self._closer_lock = threading.Lock()
        # Chosen once: the server's loop calls serve() for every client.
        self._serve_now = self._reply if handler is None else self._run_handler
        #: ``serve(conn, addr, n)``: serve client ``n`` now, or queue it for a worker;
        #: ``conn`` is closed when done (half-closed at once, see :data:`LINGER`).
        self.serve: Callable[[socket.socket, tuple, int], None] = (
            self._enqueue if workers else self._serve_now)
        if workers:
            self._queue = queue.SimpleQueue()
            self._workers = [threading.Thread(target=self._work, daemon=True,
                                              name=f"labkit-worker-{i}") for i in range(workers)]
            for worker in self._workers:
                worker.start()

    def interrupt(self, hard: bool = True) -> None:
        """Stop serving new clients (queued ones will be reset unserved), and wake the
        handlers: ``hard=False`` ends only their input (a handler waiting in ``recv()``
        sees EOF, one that is answering may finish); ``hard=True`` disconnects them.
        Returns at once."""
        self._stopping = True
        how = socket.SHUT_RDWR if hard else socket.SHUT_RD
        with self._active_lock:
            for conn in self._active:
                try:
                    conn.shutdown(how)
                except OSError:
                    pass

    def stop(self, timeout: float) -> None:
        """Let the workers' handlers finish for :data:`GRACE` s, disconnect them, wait at most
        ``timeout`` s more; reset the clients still queued.  Safe from a handler's own thread."""
        self.interrupt(hard=False)
        if self._queue is not None:
            self._stop_workers(timeout)
        self._stopped.set()
        closer = self._closer
        if closer is not None and closer is not threading.current_thread():
            closer.join(timeout)
        self._close_lingering()

    def _stop_workers(self, timeout: float) -> None:
        assert self._queue is not None
        for _ in self._workers:
            self._queue.put(None)
        others = [w for w in self._workers if w is not threading.current_thread()]
        for limit in (GRACE, timeout):
            deadline = time.monotonic() + limit
            for worker in others:
                worker.join(max(0.0, deadline - time.monotonic()))
            self.interrupt(hard=True)
        while not self._queue.empty():  # left by a worker that did not end in time
            item = self._queue.get()
            if item is not None:
                self._close_unserved(*item)
        for worker in self._workers:  # every worker still alive finds its end marker
            if worker.is_alive():
                self._queue.put(None)

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
        """A reset, not an EOF: the client's fetch() says the server stopped, instead of
        returning an empty reply as if the server had sent nothing."""
        self._log.record("close", n, addr)
        close_with_reset(conn)

    def _reply(self, conn: socket.socket, addr: tuple, n: int) -> None:
        """The article's loop body, without its prints: send the reply, log, close.

        No timeout needed: a reply this short fits in a new connection's empty send
        buffer, so sendall() never waits.  The close is a half-close now and a full
        close later (:data:`LINGER`), so a client that sent something keeps its reply.
        """
        reply, record = ARTICLE_REPLY.format(n), self._log.record
        try:
            conn.sendall(reply.encode("utf-8"))
            record("send", n, addr, reply)
        except OSError as exc:
            record("error", n, addr, f"{type(exc).__name__}: {exc}")
        record("close", n, addr)  # first: the log is complete when the client sees EOF
        self._close_later(conn)

    def _close_later(self, conn: socket.socket) -> None:
        """Half-close ``conn`` now (the client sees EOF after the reply), then close it
        once :data:`LINGER` newer connections wait, after :data:`LINGER_SECONDS`, or at
        stop() (after reading, bounded, what the client sent), whichever comes first:
        closing with unread input resets the connection, which could cost a client that
        sent something its reply, so the close waits until that client has read it."""
        try:
            conn.shutdown(socket.SHUT_WR)
        except OSError:  # already reset by the client: nothing to protect
            conn.close()
            return
        if not self._stopping:  # what the client sends may still come: close it later
            lingering = self._lingering
            lingering.append((time.monotonic(), conn))  # append/popleft are atomic
            if self._closer is None:
                self._start_closer()
            while len(lingering) > LINGER:
                try:
                    lingering.popleft()[1].close()
                except IndexError:  # another thread took it
                    break
            return
        drain(conn)
        conn.close()

    def _start_closer(self) -> None:
        with self._closer_lock:
            if self._closer is None:
                self._closer = threading.Thread(target=self._close_stale, daemon=True,
                                                name="labkit-closer")
                self._closer.start()

    def _close_lingering(self, older_than: float | None = None) -> None:
        """Close the lingering connections (only those half-closed before ``older_than``)."""
        while self._lingering:
            try:
                if older_than is not None and self._lingering[0][0] > older_than:
                    return
                conn = self._lingering.popleft()[1]
            except IndexError:  # another thread took it
                return
            conn.close()

    def _close_stale(self) -> None:
        """The closer thread: every so often, close what lingered LINGER_SECONDS; it ends
        when nothing lingers (the next half-close starts a new one) or at stop()."""
        while not self._stopped.wait(LINGER_SECONDS / 2):
            self._close_lingering(older_than=time.monotonic() - LINGER_SECONDS)
            with self._closer_lock:
                if not self._lingering:
                    self._closer = None
                    # An append that read _closer before this line would not start a new
                    # closer: look once more, now that the next append will.
                    if not self._lingering:
                        return
                    self._closer = threading.current_thread()

    def _run_handler(self, conn: socket.socket, addr: tuple, n: int) -> None:
        """Call the handler with a socket that logs its calls, its prints captured."""
        assert self._handler is not None
        conn.settimeout(self._client_timeout)

        def record(kind: str, data: str) -> None:
            self._log.record(kind, n, addr, data)

        traced = _TracedSocket(conn, record, self._close_later)
        with self._active_lock:
            self._active.add(conn)
        try:
            with captured(lambda line: record("print", line)):
                self._handler(traced, addr)  # type: ignore[arg-type]
        except Exception as exc:
            record("error", learner_traceback(exc))
        finally:
            traced.finish()
            with self._active_lock:
                self._active.discard(conn)




class _TracedSocket:
    """The client socket a handler receives: records recv/send/close as events."""

    def __init__(self, sock: socket.socket, record: Callable[[str, str], None],
                 close_later: Callable[[socket.socket], None]) -> None:
        self._sock = sock
        self._record = record
        self._close_later = close_later
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

    def finish(self) -> None:
        """The server's close after the handler returned (a half-close now, see LINGER)."""
        if not self.closed_by_handler:
            self.closed_by_handler = True
            self._record("close", "")
            self._close_later(self._sock)

    def __enter__(self) -> _TracedSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return repr(self._sock)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)
