"""Binding a server's port on every OS: the reuse rule, a free port, the in-use error.

The article binds ``("127.0.0.1", 49152)`` and listens; a learner who re-runs it
meets ``Address already in use`` (TIME_WAIT after a restart, or another program
on the port).  :func:`open_listener` binds with the reuse rule of each OS and
turns a refusal into a sentence that names a free port.  The other functions are
the moves a server's stop needs on its own port: connect to it to wake a blocked
``accept()``, and close with a reset so that no TIME_WAIT stays behind.
"""

from __future__ import annotations

import errno
import random
import socket
import sys

from ._i18n import t
from ._validate import NotLoopbackError
from ._wire import close_with_reset

__all__ = [
    "PortInUseError",
    "adopt_listener",
    "adopted_address",
    "connect_nowait",
    "free_port",
    "open_listener",
    "reset_queued_until",
    "reuse_address",
]

_WINDOWS = sys.platform == "win32"
_ADDR_IN_USE = {errno.EADDRINUSE, 10048}  # 10048: WSAEADDRINUSE
_ACCESS = {errno.EACCES, 10013}  # 10013: Windows, port held exclusively by another program
# A non-blocking connect() that has started: 10035 is Windows' WSAEWOULDBLOCK.
_CONNECTING = {0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN, 10035}


class PortInUseError(OSError):
    """Another program holds the port; the message names a free one to use instead."""

    def __init__(self, message: str, free_port: int) -> None:
        super().__init__(errno.EADDRINUSE, message)
        self.free_port = free_port

    def __str__(self) -> str:
        return self.strerror or ""


def reuse_address(sock: socket.socket) -> None:
    """Let a server bind again at once after a restart (TIME_WAIT), safely on each OS.

    POSIX: SO_REUSEADDR.  Windows: no option at all, as ``socket.create_server``
    does (CPython Lib/socket.py: bind already succeeds there while old connections
    sit in TIME_WAIT, and SO_REUSEADDR would let another socket bind the same port
    and steal its connections).  Not SO_EXCLUSIVEADDRUSE either: Microsoft's "Using
    SO_REUSEADDR and SO_EXCLUSIVEADDRUSE" says a socket that had it cannot be bound
    again until the connections it accepted are inactive, which breaks the
    immediate restart after clients; libuv avoids it for that reason, and asyncio
    sets nothing on Windows.
    """
    if not _WINDOWS and hasattr(socket, "SO_REUSEADDR"):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)


def adopt_listener(sock: socket.socket, backlog: int) -> None:
    """Make an adopted socket (``LabServer(sock=...)``) listen if it does not yet.

    A socket that is bound but not listening would make every ``accept()`` fail.
    ``listen()`` again on a listening socket would change its backlog (the
    article's ``listen(2)``, which notebook 05 shows), so it is called only when
    the OS says the socket is not listening, or cannot say.
    """
    try:
        listening = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
    except (AttributeError, OSError):  # no SO_ACCEPTCONN here: listen() is harmless
        listening = 0
    if not listening:
        sock.listen(backlog)


def free_port(host: str, family: int) -> int:
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


def open_listener(host: str, port: int, backlog: int) -> socket.socket:
    """The article's ``socket()``, ``bind((host, port))``, ``listen(backlog)``, with reuse.

    Raises :class:`PortInUseError` (naming a free port) when another program holds
    the port, and an :class:`OSError` that names the address for any other refusal.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        reuse_address(sock)
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError as exc:
        sock.close()
        if exc.errno in _ADDR_IN_USE or exc.errno in _ACCESS:
            free = free_port(host, family)
            key = "port_in_use_own" if _held_by_this_student(host, port) else "port_in_use"
            raise PortInUseError(
                t(key, host=host, port=port, cause=exc.strerror or exc, free=free), free,
            ) from exc
        # One argument: str(error) is the sentence alone; the OS error is the __cause__.
        raise OSError(t("bind_failed", host=host, port=port, cause=exc.strerror or exc)) from exc
    return sock


def _held_by_this_student(host: str, port: int) -> bool:
    """Whether the listener on ``host:port`` is this student's own, in another kernel
    (01 still serving while 03 starts): then the cure is to stop it, not to move."""
    # Imported here: _student builds on this module.
    from ._states import listening_here
    from ._student import OWN, server_owner

    try:
        # A socket of this very kernel is not "another notebook" (lesson 06 holds one).
        return not listening_here(port) and server_owner(port, host) == OWN
    except (OSError, ValueError):  # a host the ownership check does not take: say nothing
        return False


def adopted_address(sock: socket.socket, allow_remote: bool) -> tuple[str, int]:
    """The address of a socket handed to ``LabServer(sock=...)``, refusing a wildcard one
    that nobody asked for.

    When the article's ``bind`` cell fails (the port is taken) and the learner runs the
    next cell, ``listen()`` binds the unbound socket itself: to every address
    (0.0.0.0) and a port the OS picks.  The error then names that cause, not an
    address nobody typed, and the socket is closed (it listens on the network).
    """
    host, port = sock.getsockname()[:2]
    if host in ("0.0.0.0", "::") and not allow_remote:
        sock.close()
        raise NotLoopbackError(t("listen_without_bind", host=host, port=port))
    return host, port


def connect_nowait(listener: socket.socket) -> socket.socket | None:
    """Start a connection to ``listener``'s own port without waiting for it to complete.

    A wildcard address is reached through loopback.  Returns the connecting socket,
    or None if no connection could start (e.g. no file descriptor left).
    """
    host, port = listener.getsockname()[:2]
    if host in ("0.0.0.0", ""):
        targets = [("127.0.0.1", port)]
    elif host == "::":
        targets = [("::1", port), ("::ffff:127.0.0.1", port)]
    else:
        targets = [(host, port)]
    for address in targets:
        try:
            sock = socket.socket(listener.family, socket.SOCK_STREAM)
        except OSError:  # e.g. EMFILE: no descriptor left for a new socket
            return None
        sock.setblocking(False)
        if sock.connect_ex(address) in _CONNECTING:
            return sock
        sock.close()
    return None




def reset_queued_until(listener: socket.socket, peer: tuple, wait: float = 0.1) -> None:
    """Accept and reset the connections queued on ``listener`` up to the one from ``peer``.

    Waits at most ``wait`` seconds for each (and stops after 256): used to take a
    server's own wake-up connection out of the queue before handing the socket on.
    """
    listener.settimeout(wait)
    try:
        for _ in range(256):
            conn, addr = listener.accept()
            close_with_reset(conn)
            if addr[:2] == peer:
                return
    except OSError:  # timed out: it never reached the queue
        pass
    finally:
        listener.setblocking(True)
