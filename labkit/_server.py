"""LabServer: the article's accept loop, run in a background thread.

The article's server (001) is ``while True: client, addr = server.accept()``,
count the access, send ``Server accessed.(N)``, close.  Run as a cell, that loop
freezes the kernel; re-run, it fails with ``Address already in use``.  LabServer
runs the same loop in a daemon thread, so the kernel stays free, and adds what a
learner needs: a large backlog (``listen(2)`` drops a burst, notebook 05), the
reuse rule of each OS (``_ports``), re-run safety (``_registry``), a log of
events (``_events``), handler prints kept out of other cells, and a handler
that raises is logged while the server keeps serving, as in ``socketserver``.

Methods for the caller (as in ``socketserver``, one lifecycle pair):

- ``start()`` binds and listens and starts the thread; it returns as soon as the
  port listens, and does nothing if already running.
- ``stop(timeout=2.0)`` returns within milliseconds; it waits at most ``timeout``
  seconds for a handler that ignores its closed socket.  Safe to call twice.
- ``with LabServer(...) as server:`` calls both.  ``detach()`` stops like
  ``stop()`` but hands back the listening socket, still listening (re-running
  the cell that serves the article's own socket uses it).
- ``address``, ``count``, ``running``, ``events``, ``log_lines()``,
  ``print_log()``, ``subscribe()`` tell what happened; none of them blocks.

What you may replace: ``handler(client, addr)``, called once per client with the
connected socket and the client's address, like the body of the article's loop;
the server closes the socket after it returns.  It runs in the server thread (in
worker threads with ``concurrent=True``); ``client`` times out after
``client_timeout`` seconds of silence.

Why the loop blocks in a plain ``accept()``: waiting in ``select()`` first
releases the GIL twice per client, which with the client in the same process (a
notebook) cost about 15% in ``python -m bench``.  ``close()`` does not wake a
thread blocked in ``accept()`` on Linux (``shutdown()`` does only on Linux), so
``stop()`` sets a flag and connects once to the port itself: ``accept()``
returns and the loop ends.  That connection, and any client accepted while
stopping, is reset, as a closing listener resets its queue, so a stopped server
leaves no TIME_WAIT behind (notebook 08).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

from . import _registry
from ._events import Event, EventLog, format_peer
from ._handling import ClientService, Handler
from ._i18n import t
from ._ports import connect_nowait, open_listener, reset_queued_until
from ._validate import check_backlog, check_host, check_port, check_timeout
from ._wire import close_with_reset

__all__ = ["DEFAULT_BACKLOG", "Handler", "LabServer"]

#: Large enough for a burst of 1,000 clients; the OS caps it at its own maximum
#: (net.core.somaxconn on Linux).  The article's listen(2) hangs clients.
DEFAULT_BACKLOG = 1024
#: How long a client may keep a handler waiting (recv/send) before it is dropped.
DEFAULT_CLIENT_TIMEOUT = 10.0
#: Worker threads when ``concurrent=True``.
DEFAULT_WORKERS = 16


class LabServer:
    """A TCP server whose accept loop runs in a background thread (see the module doc).

    - ``host``: loopback only (127.0.0.0/8, ::1, 'localhost') unless
      ``allow_remote=True``, which warns that other computers can reach it.
    - ``port``: 0-65535; 0 lets the OS pick a free port (see :attr:`address`).
    - ``backlog``: the ``listen()`` queue; None means :data:`DEFAULT_BACKLOG`.
    - ``handler(client, addr)``: serves one client; None sends
      ``Server accessed.(N)`` in UTF-8, as the article does.
    - ``concurrent``: run handlers in ``workers`` threads, so a slow client does
      not hold up the others.  Off by default: the article serves one at a time.
    - ``client_timeout``: seconds a client may keep a handler waiting (None: forever).
    - ``sock``: serve an already bound and listening socket (the article's
      ``server``) instead of opening one.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 49152,
        *,
        backlog: int | None = None,
        handler: Handler | None = None,
        allow_remote: bool = False,
        concurrent: bool = False,
        workers: int = DEFAULT_WORKERS,
        client_timeout: float | None = DEFAULT_CLIENT_TIMEOUT,
        sock: socket.socket | None = None,
    ) -> None:
        if sock is not None:
            host, port = sock.getsockname()[:2]
        self._port = check_port(port)
        self._host = check_host(host, allow_remote=allow_remote, port=self._port)
        self._backlog = DEFAULT_BACKLOG if backlog is None else check_backlog(backlog)
        if handler is not None and not callable(handler):
            raise TypeError(
                t("bad_type", name="handler", expected="a function handler(client, addr)",
                  value=handler, typename=type(handler).__name__,
                  example="handler=my_function")
            )
        if not isinstance(workers, int) or isinstance(workers, bool) or not 1 <= workers <= 256:
            raise ValueError(t("bad_range", name="workers", value=workers, low=1, high=256,
                               cure=t("cure_workers")))
        self._handler = handler
        self._workers = workers if concurrent else 0
        self._client_timeout = check_timeout(client_timeout)
        self._adopted = sock  # served by the next start(), then a fresh socket each time
        self._log = EventLog()
        self._shown_seq = 0  # print_log() shows the events after this one
        self._count = 0
        self._address: tuple[str, int] = (self._host, self._port)
        self._lifecycle = threading.Lock()  # start() and stop() one at a time
        self._thread: threading.Thread | None = None
        self._listener: socket.socket | None = None
        self._stopping = False  # read by the loop once per client
        self._ended_by: tuple | None = None  # the connection that ended the loop
        self._service: ClientService | None = None  # serves what the loop accepts

    # ----------------------------------------------------------- for the caller
    @property
    def address(self) -> tuple[str, int]:
        """The real bound ``(host, port)`` (with ``port=0``, the port the OS picked)."""
        return self._address

    @property
    def count(self) -> int:
        """How many clients this server has accepted (its access counter)."""
        return self._count

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def events(self) -> list[Event]:
        """What happened, oldest first (at most ``EVENTS_MAX``, see ``events_dropped``)."""
        return self._log.events

    @property
    def events_dropped(self) -> int:
        return self._log.dropped

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call ``callback(event)`` (in the server thread) for every new event.

        Returns a function that unsubscribes.  Panels use this for their live log.
        """
        return self._log.subscribe(callback)

    def log_lines(self, *kinds: str, lang: str | None = None) -> list[str]:
        """Every remembered event as a log line (only ``kinds`` if given)."""
        return [e.text(lang) for e in self.events if not kinds or e.kind in kinds]

    def print_log(self, *kinds: str) -> None:
        """Print the log lines added since the last call, in the current cell.

        ``print_log("print")`` shows only what the handler printed.
        """
        new = [e for e in self.events if e.seq > self._shown_seq]
        if new:
            self._shown_seq = new[-1].seq
        lines = [e.text() for e in new if not kinds or e.kind in kinds]
        print("\n".join(lines) if lines else t("no_new_log"))

    def start(self) -> LabServer:
        """Open the port and start the accept loop in a background thread.

        Returns once the port is listening.  Does nothing if already running.
        Raises :class:`PortInUseError` when another program holds the port.
        """
        with self._lifecycle:
            if self._thread is None:
                listener = self._open()
                listener.setblocking(True)  # the loop blocks in accept(); stop() wakes it
                self._address = tuple(listener.getsockname()[:2])  # type: ignore[assignment]
                self._listener, self._stopping, self._ended_by = listener, False, None
                _registry.add(self)
                self._log.record("listen", None, self._address)
                self._service = ClientService(self._handler, self._log, self._client_timeout,
                                              self._workers)  # its workers start now
                self._thread = threading.Thread(
                    target=self._serve, args=(self._service.serve,), daemon=True,
                    name=f"labkit-server-{format_peer(self._address)}")
                self._thread.start()
            return self

    def stop(self, timeout: float = 2.0) -> None:
        """Stop serving and free the port.  Returns promptly; safe to call twice.

        Clients being served are disconnected; clients still waiting in the
        listen queue are refused by the OS when the port closes.
        """
        with self._lifecycle:
            self._halt(timeout, keep_listener=False)

    def detach(self, timeout: float = 2.0) -> socket.socket | None:
        """Stop serving, but leave the listening socket open, and return it.

        The hand-over for ``LabServer(sock=...)``: a new server can serve the same
        socket, and clients waiting in its listen queue stay for it.  Returns None
        if the server was not running.
        """
        with self._lifecycle:
            return self._halt(timeout, keep_listener=True)

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        host, port = self._address
        state = (t("repr_running", host=host, port=port, count=self._count)
                 if self.running else t("repr_stopped"))
        return f"<LabServer {state}>"

    # ----------------------------------------------------------- lifecycle
    def _open(self) -> socket.socket:
        """The listening socket: the adopted one, or a new one; an earlier server of this
        kernel on the same address gives way first (a re-run start cell)."""
        sock, self._adopted = self._adopted, None
        if sock is not None:
            replaced = _registry.make_way(tuple(sock.getsockname()[:2]), self, sock)
            host = self._host
        else:
            host = "127.0.0.1" if self._host == "localhost" else self._host
            replaced = bool(self._port) and _registry.make_way((host, self._port), self)
            sock = open_listener(host, self._port, self._backlog)
        if replaced:
            print(t("replaced", host=host, port=self._port))
        return sock

    def _halt(self, timeout: float, keep_listener: bool) -> socket.socket | None:
        """stop() and detach(); the caller holds the lifecycle lock."""
        thread, listener = self._thread, self._listener
        if thread is None or listener is None:
            return None
        self._stopping = True
        waker = connect_nowait(listener)  # accept() returns and the loop sees the flag
        if waker is None:  # no connection could start: shutdown() wakes accept() on Linux
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        assert self._service is not None
        self._service.interrupt()  # a handler blocked in recv() must not hold stop() up
        if thread is not threading.current_thread():
            thread.join(timeout)
        self._service.stop(timeout)
        if waker is not None:
            # Handing over: if a client won the race that ended the loop, the waker still
            # waits in the queue, and the next server would count it as an access.
            mine = waker.getsockname()[:2]
            if keep_listener and not thread.is_alive() and (self._ended_by or ())[:2] != mine:
                reset_queued_until(listener, mine)
            close_with_reset(waker)
        if not keep_listener:
            listener.close()
        self._thread = self._listener = None
        _registry.remove(self)
        self._log.record("stop", None, self._address, str(self._count))
        return listener if keep_listener else None

    # ----------------------------------------------------------- the loop
    def _serve(self, serve_client: Callable[[socket.socket, tuple, int], None]) -> None:
        """The article's ``while True: accept()`` loop, in the server thread."""
        listener, record = self._listener, self._log.record
        assert listener is not None
        while True:
            try:
                conn, addr = listener.accept()
            except OSError as exc:  # e.g. EMFILE: too many open files; pause, try again
                if self._stopping:
                    return
                record("error", None, None, f"accept: {exc}")
                time.sleep(0.05)
                continue
            if self._stopping:  # woken by stop(): any client now is reset, as by a close
                self._ended_by = addr
                close_with_reset(conn)
                return
            self._count = n = self._count + 1
            record("accept", n, addr)
            serve_client(conn, addr, n)
