"""LabServer: the article's accept loop, run in a background thread.

The article's server (001) is ``while True: client, addr = server.accept()``,
count the access, send ``Server accessed.(N)``, close.  Run as a cell, that loop
freezes the kernel; re-run, it fails with ``Address already in use``.  LabServer
runs the same loop in a daemon thread so the kernel stays free, and it fixes the
pitfalls a learner meets on the way:

- the loop blocks in a plain ``accept()``, as the article's does, and
  :meth:`stop` wakes it by connecting once to the server itself (see "Design"
  below), so stop returns at once on every OS (``close()`` does not wake a
  blocked ``accept()`` on Linux, and ``shutdown()`` only does on Linux);
- SO_REUSEADDR on POSIX (restart during TIME_WAIT), SO_EXCLUSIVEADDRUSE on
  Windows, where SO_REUSEADDR would let another program steal the port;
- starting a server on an address where this kernel's earlier LabServer still
  runs stops the earlier one first (re-running a start cell is safe);
- a large default backlog, so a burst of clients never hangs (``listen(2)``
  silently drops them, see notebook 05);
- whatever the handler prints goes to the server's log, never into another
  cell's output;
- a handler that raises is logged with the client's address, and the server
  keeps serving, as ``socketserver``'s ``handle_error`` does.

Methods for the caller: :meth:`start`, :meth:`stop`, ``with LabServer(...)``,
:attr:`address`, :attr:`count`, :attr:`events`, :meth:`print_log`, :meth:`subscribe`.
What you may replace: ``handler(client, addr)``, a function called once per
client with the connected socket and the client's address, like the body of the
article's ``while`` loop.  The server closes the socket after it returns.

Design, and why (``python -m bench`` measures it against the article's loop):

- *Waking the blocking accept().*  A loop that waits in ``select()`` and then
  calls ``accept()`` releases the GIL twice per client; with the client in the
  same process, as in a notebook, each release is a thread hand-off, and that
  made LabServer slower than the article's bare loop.  So the loop blocks in
  ``accept()`` alone, and :meth:`stop` sets a flag, then connects to the
  listening port (127.0.0.1 or ::1 for a wildcard address): ``accept()``
  returns, the loop sees the flag and ends.  Any connection accepted once the
  flag is set ends the loop, so a full listen queue cannot delay stop.
- *The log of a default access.*  Its three events (accept, send, close) are
  kept as one compact record, appended under the log's lock just before the
  socket closes (the log is complete before the client sees EOF), and expanded
  into :class:`Event` objects only when someone reads :attr:`events`.  Each
  event still gets its own ``seq`` and ``time`` when it happens.  With a
  subscriber (the panel), or a handler of your own, every event is recorded and
  delivered as it happens.  :data:`EVENTS_MAX` counts events, not records.
- *The default reply's socket.*  ``socket.accept()`` and ``close()`` are
  Python code that builds and tears down a full ``socket.socket``; the default
  reply needs only ``sendall()`` and ``close()``, so its loop uses CPython's C
  socket type (``_socket.socket``, which ``socket.socket`` wraps) and falls back
  to the public calls elsewhere.  That socket never reaches user code.
- *What a stop leaves behind.*  stop()'s wake-up connection, and any client
  accepted while stopping, are closed with a reset (SO_LINGER 0), as a closing
  listener resets its queue: no TIME_WAIT is left on the port (notebook 08).
"""

from __future__ import annotations

import errno
import itertools
import queue
import random
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._capture import captured
from ._i18n import t
from ._validate import check_backlog, check_host, check_port, check_timeout

__all__ = [
    "DEFAULT_BACKLOG",
    "Event",
    "LabServer",
    "PortInUseError",
    "Handler",
    "reuse_address",
    "running_servers",
    "stop_all",
]

Handler = Callable[[socket.socket, Any], None]

#: Large enough for a burst of 1,000 clients; the OS caps it at its own maximum
#: (net.core.somaxconn on Linux).  The article's listen(2) hangs clients.
DEFAULT_BACKLOG = 1024
#: How long a client may keep a handler waiting (recv/send) before it is dropped.
DEFAULT_CLIENT_TIMEOUT = 10.0
#: How many events the server remembers; older ones are dropped and counted.
EVENTS_MAX = 20_000
#: Worker threads when ``concurrent=True``.
DEFAULT_WORKERS = 16

_WINDOWS = sys.platform == "win32"
_ADDR_IN_USE = {errno.EADDRINUSE, 10048}  # 10048: WSAEADDRINUSE
_ACCESS = {errno.EACCES, 10013}  # 10013: Windows, port held exclusively by another program
# A non-blocking connect() that has started: 10035 is Windows' WSAEWOULDBLOCK.
_CONNECTING = {0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN, 10035}

try:  # CPython's C socket type, which socket.socket wraps (see LabServer._serve_default)
    from _socket import socket as _CSocket
except ImportError:  # pragma: no cover - other Pythons take the public path
    _CSocket = None


# SO_LINGER on, 0 s: close() resets the connection instead of the FIN handshake.
_LINGER_0 = struct.pack("HH" if _WINDOWS else "ii", 1, 0)


def _abort(sock: Any) -> None:
    """Close ``sock`` with a reset: stop()'s wake-up connection (and any client accepted
    while stopping, which a closing listener would reset too) leaves no TIME_WAIT on
    the server's port, so a stopped server leaves nothing behind (notebook 08)."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_0)
    except OSError:
        pass
    sock.close()


def _as_given(family: Any, type_: Any, proto: Any, conn: Any) -> Any:
    """Stands in for ``_CSocket(family, type, proto, fd)`` where accept() gave a socket."""
    return conn


class PortInUseError(OSError):
    """Another program holds the port; the message names a free one to use instead."""

    def __init__(self, message: str, free_port: int) -> None:
        super().__init__(errno.EADDRINUSE, message)
        self.free_port = free_port

    def __str__(self) -> str:
        return self.strerror or ""


@dataclass(frozen=True)
class Event:
    """One thing that happened, for logs and pictures.

    ``kind`` is one of ``listen``, ``accept``, ``recv``, ``send``, ``print``,
    ``close``, ``error``, ``stop``.  ``access`` is the access number (1, 2, ...)
    or None for events of the server itself.  ``time`` is ``time.perf_counter()``.
    """

    seq: int
    time: float
    kind: str
    access: int | None = None
    peer: tuple | None = None
    data: str = ""

    def text(self, lang: str | None = None) -> str:
        """The log line for this event, in ``lang`` (default: the current language)."""
        peer = _fmt_peer(self.peer)
        if self.kind == "listen":
            host, port = self.peer or ("?", "?")
            return t("started", lang, host=host, port=port)
        if self.kind == "stop":
            host, port = self.peer or ("?", "?")
            return t("stopped", lang, host=host, port=port, count=self.data)
        key = {"accept": "ev_accept", "send": "ev_send", "recv": "ev_recv",
               "close": "ev_close", "print": "ev_print", "error": "ev_error"}[self.kind]
        return t(key, lang, n=self.access, peer=peer, text=self.data)


def _fmt_peer(peer: tuple | None) -> str:
    if not peer:
        return "?"
    host, port = peer[0], peer[1]
    return f"[{host}]:{port}" if ":" in str(host) else f"{host}:{port}"


def reuse_address(sock: socket.socket) -> None:
    """Let a server bind again at once after a restart (TIME_WAIT), safely on each OS.

    POSIX: SO_REUSEADDR.  Windows: SO_EXCLUSIVEADDRUSE, because there SO_REUSEADDR
    would let a second program bind the same port and steal connections
    (the same choice as ``socket.create_server``).
    """
    if _WINDOWS:
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
    elif hasattr(socket, "SO_REUSEADDR"):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)


def _free_port(host: str, family: int) -> int:
    """A port in the dynamic range 49152-65535 that nobody listens on right now."""
    candidates = random.Random().sample(range(49152, 65536), 20)
    for port in candidates:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


# Servers started by this kernel, by bound (host, port): re-running a start
# cell stops the earlier server on the same address instead of failing.
_registry: dict[tuple[str, int], LabServer] = {}
_registry_lock = threading.Lock()
_seq = itertools.count(1)


def running_servers() -> list[LabServer]:
    """The LabServers running in this kernel now."""
    with _registry_lock:
        return list(_registry.values())


def stop_all() -> int:
    """Stop every LabServer of this kernel; returns how many were running."""
    servers = running_servers()
    for server in servers:
        server.stop()
    return len(servers)


class _TracedSocket:
    """The client socket a custom handler receives: records recv/send/close as events."""

    def __init__(self, sock: socket.socket, record: Callable[..., None]) -> None:
        self._sock = sock
        self._record = record
        self.closed_by_handler = False

    def recv(self, bufsize: int, *flags: int) -> bytes:
        data = self._sock.recv(bufsize, *flags)
        self._record("recv", _preview(data))
        return data

    def sendall(self, data: bytes, *flags: int) -> None:
        self._sock.sendall(data, *flags)
        self._record("send", _preview(data))

    def send(self, data: bytes, *flags: int) -> int:
        sent = self._sock.send(data, *flags)
        self._record("send", _preview(data[:sent]))
        return sent

    def close(self) -> None:
        if not self.closed_by_handler:
            self.closed_by_handler = True
            # Record first: once the socket closes the client may already read the log.
            self._record("close", "")
            self._sock.close()

    def __enter__(self) -> _TracedSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return repr(self._sock)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _preview(data: bytes, limit: int = 80) -> str:
    text = data[:limit].decode("utf-8", errors="replace")
    return text + ("..." if len(data) > limit else "")


class LabServer:
    """A TCP server whose accept loop runs in a background thread.

    ``LabServer(host="127.0.0.1", port=49152, *, backlog=None, handler=None)``

    - ``host``: loopback only (127.0.0.0/8, ::1, 'localhost') unless
      ``allow_remote=True``, which warns that other computers can reach it.
    - ``port``: 0-65535; 0 lets the OS pick a free port (see :attr:`address`).
    - ``backlog``: the ``listen()`` queue; None means :data:`DEFAULT_BACKLOG`.
    - ``handler(client, addr)``: serves one client; None sends
      ``Server accessed.(N)`` in UTF-8, as the article does.
    - ``concurrent``: run handlers in worker threads, so a slow client does not
      hold up the others.  Off by default: the article serves one client at a time.
    - ``client_timeout``: seconds a client may keep a handler waiting (None: forever).
    - ``sock``: serve an already bound and listening socket (the article's
      ``server``) instead of opening one.

    :meth:`start` returns once the port is listening; :meth:`stop` returns within
    milliseconds.  Both are safe to call twice.
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
        self._handler = handler
        self._allow_remote = allow_remote
        self._concurrent = bool(concurrent)
        if not isinstance(workers, int) or isinstance(workers, bool) or not 1 <= workers <= 256:
            raise ValueError(t("bad_range", name="workers", value=workers, low=1, high=256,
                               cure=t("cure_workers")))
        self._workers = workers
        self._client_timeout = check_timeout(client_timeout)
        self._adopted = sock
        self._keep_listener = False  # set while handing ``sock`` over to a new server

        self._lifecycle = threading.Lock()
        self._events_lock = threading.Lock()
        # Entries: an Event's fields (6-tuple, see _record) or a default access's
        # compact record of three events (9-tuple, see _serve_default).
        self._log: deque[tuple] = deque()
        self._events_max = EVENTS_MAX
        self._held = 0  # events the entries of _log stand for, after _skip
        self._skip = 0  # events of the oldest entry already dropped
        self._events_dropped = 0
        self._listeners: list[Callable[[Event], None]] = []
        self._shown_seq = 0
        self._count = 0
        self._address: tuple[str, int] = (self._host, self._port)
        self._thread: threading.Thread | None = None
        self._listener: socket.socket | None = None
        self._stopping = False  # read once per client by the loop: a plain bool is cheapest
        self._ended_by: tuple | None = None  # the connection that ended the loop
        self._active: set[socket.socket] = set()
        self._active_lock = threading.Lock()
        self._queue: queue.SimpleQueue[tuple[socket.socket, tuple, int] | None] | None = None
        self._worker_threads: list[threading.Thread] = []

    # ----------------------------------------------------------- public API
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
        """What happened, oldest first (at most :data:`EVENTS_MAX`, see ``events_dropped``)."""
        with self._events_lock:
            entries = list(self._log)
            skip = self._skip
        events = []
        for entry in entries:
            if len(entry) == 6:
                events.append(Event(*entry))
            else:  # a default access: accept, send, close
                s_acc, t_acc, s_send, t_send, s_close, t_close, n, peer, message = entry
                events += (Event(s_acc, t_acc, "accept", n, peer),
                           Event(s_send, t_send, "send", n, peer, message),
                           Event(s_close, t_close, "close", n, peer))
        return events[skip:] if skip else events

    @property
    def events_dropped(self) -> int:
        return self._events_dropped

    def subscribe(self, callback: Callable[[Event], None]) -> Callable[[], None]:
        """Call ``callback(event)`` (in the server thread) for every new event.

        Returns a function that unsubscribes.  Panels use this for their live log.
        """
        with self._events_lock:
            self._listeners = [*self._listeners, callback]

        def unsubscribe() -> None:
            with self._events_lock:
                self._listeners = [cb for cb in self._listeners if cb is not callback]

        return unsubscribe

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
            if self._thread is not None:
                return self
            listener = self._take_over(self._adopted) if self._adopted is not None else self._open()
            self._adopted = None  # a stopped server opens a fresh socket next time
            listener.setblocking(True)  # the loop blocks in accept(); stop() wakes it
            self._address = tuple(listener.getsockname()[:2])  # type: ignore[assignment]
            self._listener = listener
            self._stopping = False
            self._ended_by = None
            if self._concurrent:
                self._queue = queue.SimpleQueue()
                self._worker_threads = [
                    threading.Thread(target=self._work, name=f"labkit-worker-{i}", daemon=True)
                    for i in range(self._workers)
                ]
                for worker in self._worker_threads:
                    worker.start()
            self._thread = threading.Thread(
                target=self._serve, name=f"labkit-server-{_fmt_peer(self._address)}", daemon=True
            )
            with _registry_lock:
                _registry[self._address] = self
            self._record("listen", None, self._address, "")
            self._thread.start()
            return self

    def stop(self, timeout: float = 2.0) -> None:
        """Stop serving and free the port.  Returns promptly; safe to call twice.

        Clients being served are disconnected; clients still waiting in the
        listen queue are refused by the OS when the port closes.
        """
        with self._lifecycle:
            thread = self._thread
            if thread is None:
                return
            self._stopping = True
            waker = self._wake_accept()
            # A handler blocked in recv() on a silent client must not hold stop() up.
            with self._active_lock:
                for conn in self._active:
                    try:
                        conn.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
            if thread is not threading.current_thread():
                thread.join(timeout)
            if self._queue is not None:
                for _ in self._worker_threads:
                    self._queue.put(None)
                for worker in self._worker_threads:
                    if worker is not threading.current_thread():
                        worker.join(timeout)
                self._drain_queue()
                self._queue = None
                self._worker_threads = []
            if waker is not None:
                if self._keep_listener and not thread.is_alive():
                    self._take_waker_back(waker)
                _abort(waker)
            if not self._keep_listener and self._listener is not None:
                self._listener.close()
            self._listener = None
            self._thread = None
            with _registry_lock:
                if _registry.get(self._address) is self:
                    del _registry[self._address]
            self._record("stop", None, self._address, str(self._count))

    def __enter__(self) -> LabServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        host, port = self._address
        state = (t("repr_running", host=host, port=port, count=self._count)
                 if self.running else t("repr_stopped"))
        return f"<LabServer {state}>"

    # ------------------------------------------------------------ internals
    def _take_over(self, sock: socket.socket) -> socket.socket:
        """Serve ``sock`` (``sock=``).  If this kernel's earlier LabServer serves the same
        socket (the cell that starts it was re-run), stop that loop but keep the socket."""
        with _registry_lock:
            earlier = next((s for s in _registry.values()
                            if s is not self and s._listener is sock), None)
        if earlier is not None:
            earlier._keep_listener = True
            try:
                earlier.stop()
            finally:
                earlier._keep_listener = False
            print(t("replaced", host=self._host, port=self._port))
        return sock

    def _open(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        bind_host = "127.0.0.1" if self._host == "localhost" else self._host
        with _registry_lock:
            earlier = _registry.get((bind_host, self._port)) if self._port else None
        if earlier is not None and earlier is not self:
            earlier.stop()
            print(t("replaced", host=bind_host, port=self._port))
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            reuse_address(sock)
            sock.bind((bind_host, self._port))
            sock.listen(self._backlog)
        except OSError as exc:
            sock.close()
            if exc.errno in _ADDR_IN_USE or exc.errno in _ACCESS:
                free = _free_port(bind_host, family)
                raise PortInUseError(
                    t("port_in_use", host=bind_host, port=self._port,
                      cause=exc.strerror or exc, free=free),
                    free,
                ) from None
            raise OSError(exc.errno, t("bind_failed", host=bind_host, port=self._port,
                                       cause=exc.strerror or exc)) from exc
        return sock

    def _keep(self, entry: tuple, size: int) -> None:
        """Append a log entry standing for ``size`` events; the caller holds _events_lock.

        Memory stays bounded by :data:`EVENTS_MAX` events: the oldest are dropped
        (and counted), a compact record partly if need be (``_skip``).
        """
        self._log.append(entry)
        self._held += size
        if self._held > self._events_max:
            self._drop_oldest()

    def _drop_oldest(self) -> None:
        """Drop the oldest events beyond :data:`EVENTS_MAX`; the caller holds _events_lock."""
        excess = self._held - self._events_max
        while excess > 0:
            oldest = (1 if len(self._log[0]) == 6 else 3) - self._skip
            if oldest <= excess:
                self._log.popleft()
                self._skip = 0
                dropped = oldest
            else:
                self._skip += excess
                dropped = excess
            excess -= dropped
            self._held -= dropped
            self._events_dropped += dropped

    def _record(self, kind: str, access: int | None, peer: tuple | None, data: str,
                seq: int | None = None, when: float | None = None) -> None:
        # A plain tuple, not an Event: building the frozen dataclass costs more than
        # the rest of _record.  The ``events`` property builds Events when someone looks.
        entry = (next(_seq) if seq is None else seq,
                 time.perf_counter() if when is None else when, kind, access, peer, data)
        with self._events_lock:
            self._keep(entry, 1)
            listeners = self._listeners
        if not listeners:
            return
        event = Event(*entry)
        for callback in listeners:
            try:
                callback(event)
            except Exception:  # a broken log view must never stop the server
                pass

    def _wake_accept(self) -> socket.socket | None:
        """Connect once to our own port so that the loop's blocking accept() returns.

        A non-blocking connect: it only has to reach the listen queue, and stop()
        must not wait for it.  Returns the connecting socket (stop() closes it), or
        None if no connect could start; then ``shutdown()`` is the last resort
        (it wakes accept() on Linux) and stop() waits at most its ``timeout``.
        """
        listener = self._listener
        assert listener is not None
        target = listener.getsockname()
        if target[0] in ("0.0.0.0", ""):
            targets = [("127.0.0.1", target[1])]
        elif target[0] == "::":
            targets = [("::1", target[1]), ("::ffff:127.0.0.1", target[1])]
        else:
            targets = [target]
        for address in targets:
            try:
                waker = socket.socket(listener.family, socket.SOCK_STREAM)
            except OSError:  # e.g. EMFILE: no descriptor left for a new socket
                break
            waker.setblocking(False)
            if waker.connect_ex(address) in _CONNECTING:
                return waker
            waker.close()
        try:
            listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        return None

    def _take_waker_back(self, waker: socket.socket) -> None:
        """Hand-over (``sock=``): make sure the waker is not left in the listen queue.

        The loop ends on the first connection accepted once stopping; if a real
        client won that race, the waker still waits in the queue, and the server
        taking the socket over would count it as an access.  Accept until it comes
        (at most 0.1 s each); clients accepted meanwhile are closed unserved, as
        they would be by the stopping loop.
        """
        assert self._listener is not None
        mine = waker.getsockname()[:2]
        if self._ended_by is not None and self._ended_by[:2] == mine:
            return
        listener = self._listener
        listener.settimeout(0.1)
        try:
            for _ in range(256):
                conn, addr = listener.accept()
                _abort(conn)
                if addr[:2] == mine:
                    return
        except OSError:  # timed out: the waker never reached the queue
            pass
        finally:
            listener.setblocking(True)

    def _accept_failed(self, exc: OSError) -> bool:
        """accept() raised: True if the loop should end (stopping), else log and pause."""
        if self._stopping:
            return True
        # e.g. EMFILE: too many open files.  Pause, then try again (or end, if stopping).
        self._record("error", None, None, f"accept: {exc}")
        time.sleep(0.05)
        return self._stopping

    def _serve(self) -> None:
        listener = self._listener
        assert listener is not None
        if self._handler is None and self._queue is None:
            self._serve_default(listener)
            return
        while True:
            try:
                conn, addr = listener.accept()
            except OSError as exc:
                if self._accept_failed(exc):
                    return
                continue
            if self._stopping:  # woken by stop(); any client now is refused, as by a close
                self._ended_by = addr
                _abort(conn)
                return
            self._count += 1
            n = self._count
            self._record("accept", n, addr, "")
            if self._queue is not None:
                self._queue.put((conn, addr, n))
            else:
                self._serve_one(conn, addr, n)

    def _serve_default(self, listener: socket.socket) -> None:
        """The article's loop with the default handler: the hot path bench/ measures.

        Names used per client are bound to locals once (each attribute lookup costs),
        and the three events go into the log as one compact record (see the module
        docstring), unless someone subscribed: then they are recorded one by one.

        The client's socket is CPython's C socket type, the one ``socket.socket``
        wraps: ``socket.accept()`` and ``close()`` are Python code that builds and
        tears down the full wrapper, several µs per client, and this reply needs only
        ``sendall()`` and ``close()``.  The socket never reaches user code.
        """
        raw_accept: Callable[[], tuple[Any, Any]]
        if _CSocket is not None and hasattr(listener, "_accept"):
            raw_accept, make_socket = listener._accept, _CSocket
        else:  # pragma: no cover - not CPython: the public socket.accept()
            raw_accept, make_socket = listener.accept, _as_given
        family, type_, proto = listener.family, listener.type, listener.proto
        clock = time.perf_counter
        next_seq = _seq.__next__
        lock = self._events_lock
        log_append = self._log.append
        while True:
            try:
                fd, addr = raw_accept()
            except OSError as exc:
                if self._accept_failed(exc):
                    return
                continue
            conn = make_socket(family, type_, proto, fd)
            s_acc, t_acc = next_seq(), clock()
            if self._stopping:  # woken by stop(); any client now is refused, as by a close
                self._ended_by = addr
                _abort(conn)
                return
            self._count = n = self._count + 1
            if self._listeners:  # a live log (the panel): every event as it happens
                self._record("accept", n, addr, "", s_acc, t_acc)
                self._serve_one(conn, addr, n)
                continue
            message = f"Server accessed.({n})"
            try:
                # The article's loop body, without the prints (see _serve_one).
                conn.sendall(message.encode("utf-8"))
            except OSError as exc:
                self._record("accept", n, addr, "", s_acc, t_acc)
                self._record("error", n, addr, f"{type(exc).__name__}: {exc}")
                self._record("close", n, addr, "")
                conn.close()
                continue
            s_send, t_send = next_seq(), clock()
            entry = (s_acc, t_acc, s_send, t_send, next_seq(), clock(), n, addr, message)
            with lock:  # before close(): the log is complete when the client sees EOF
                log_append(entry)
                self._held += 3
                if self._held > self._events_max:
                    self._drop_oldest()
            conn.close()

    def _work(self) -> None:
        assert self._queue is not None
        q = self._queue
        while True:
            item = q.get()
            if item is None:
                return
            if self._stopping:
                self._record("close", item[2], item[1], "")
                item[0].close()
                continue
            self._serve_one(*item)

    def _drain_queue(self) -> None:
        assert self._queue is not None
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is not None:
                self._record("close", item[2], item[1], "")
                item[0].close()

    def _serve_one(self, conn: socket.socket, addr: tuple, n: int) -> None:
        if self._handler is None:
            # The article's loop body, without the prints.  No timeout needed: a reply
            # this short fits in a new connection's empty send buffer, so sendall()
            # never waits for the client (and a timeout costs a poll() per send).
            message = f"Server accessed.({n})"
            try:
                conn.sendall(message.encode("utf-8"))
                self._record("send", n, addr, message)
            except OSError as exc:
                self._record("error", n, addr, f"{type(exc).__name__}: {exc}")
            finally:
                self._record("close", n, addr, "")
                conn.close()
            return

        conn.settimeout(self._client_timeout)

        def record(kind: str, data: str) -> None:
            self._record(kind, n, addr, data)

        traced = _TracedSocket(conn, record)
        with self._active_lock:
            self._active.add(conn)
        try:
            with captured(lambda line: record("print", line)):
                self._handler(traced, addr)  # type: ignore[arg-type]
        except Exception as exc:
            self._record("error", n, addr, f"{type(exc).__name__}: {exc}")
        finally:
            with self._active_lock:
                self._active.discard(conn)
            traced.close()
